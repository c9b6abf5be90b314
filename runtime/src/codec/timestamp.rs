//! Timestamps in the three Smithy `timestampFormat`s. Each codec writes its own format and,
//! like botocore, reads any of them: epoch seconds (integer or fractional, number or
//! numeric string), RFC 3339 date-times with any offset, and IMF-fixdate HTTP dates.

use std::fmt;

use jiff::{SignedDuration, Timestamp};
use serde::de::Visitor;
use serde::{Deserializer, Serializer};

use super::Codec;

/// `epoch-seconds`: a JSON number of seconds since the Unix epoch, with millisecond
/// precision when not whole. The awsJson default.
pub struct EpochSeconds;
/// `date-time`: an RFC 3339 string in UTC, e.g. `2024-05-01T12:30:45.5Z`.
pub struct DateTime;
/// `http-date`: an IMF-fixdate string, e.g. `Wed, 01 May 2024 12:30:45 GMT`.
pub struct HttpDate;

/// A timestamp in a binary format (CBOR): tag 1 (epoch seconds) whatever the member's
/// `timestampFormat`, as Smithy RPC v2 CBOR says.
fn encode_binary<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
    #[cfg(feature = "rpc-v2-cbor")]
    {
        use serde::Serialize as _;
        if value.subsec_nanosecond() == 0 {
            ciborium::tag::Required::<i64, 1>(value.as_second()).serialize(serializer)
        } else {
            let seconds = value.as_millisecond() as f64 / 1000.0;
            ciborium::tag::Required::<f64, 1>(seconds).serialize(serializer)
        }
    }
    #[cfg(not(feature = "rpc-v2-cbor"))]
    EpochSeconds::encode_number(value, serializer)
}

impl EpochSeconds {
    fn encode_number<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if value.subsec_nanosecond() == 0 {
            serializer.serialize_i64(value.as_second())
        } else {
            let millis = value.as_millisecond();
            serializer.serialize_f64(millis as f64 / 1000.0)
        }
    }
}

impl Codec<Timestamp> for EpochSeconds {
    fn encode<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            EpochSeconds::encode_number(value, serializer)
        } else {
            encode_binary(value, serializer)
        }
    }
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        decode_any(deserializer)
    }
}

impl Codec<Timestamp> for DateTime {
    fn encode<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return encode_binary(value, serializer);
        }
        // jiff prints RFC 3339 in UTC with `Z` and only the fractional digits needed.
        serializer.collect_str(value)
    }
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        decode_any(deserializer)
    }
}

impl Codec<Timestamp> for HttpDate {
    fn encode<S: Serializer>(value: &Timestamp, serializer: S) -> Result<S::Ok, S::Error> {
        if !serializer.is_human_readable() {
            return encode_binary(value, serializer);
        }
        serializer.collect_str(&value.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    }
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        decode_any(deserializer)
    }
}

/// Parses a timestamp in any of the wire forms; the error says which text failed.
pub fn parse_timestamp(text: &str) -> Result<Timestamp, String> {
    let trimmed = text.trim();
    if let Ok(seconds) = trimmed.parse::<f64>() {
        return from_epoch_seconds(seconds);
    }
    if let Ok(timestamp) = trimmed.parse::<Timestamp>() {
        return Ok(timestamp);
    }
    // RFC 3339 allows a space or lowercase `t` between date and time; jiff's parser also
    // accepts those. What remains is the HTTP date.
    jiff::fmt::rfc2822::parse(trimmed)
        .map(|zoned| zoned.timestamp())
        .map_err(|_| format!("`{text}` is not an epoch-seconds, RFC 3339 or HTTP-date timestamp"))
}

/// Fractional epoch seconds, to the nearest microsecond (botocore's precision): a double
/// cannot hold `.123` exactly, and the nanoseconds it would give are noise.
fn from_epoch_seconds(seconds: f64) -> Result<Timestamp, String> {
    let micros = (seconds * 1e6).round();
    SignedDuration::try_from_secs_f64(micros / 1e6)
        .ok()
        .filter(|_| micros.is_finite() && micros.abs() < i64::MAX as f64)
        .and_then(|_| Timestamp::from_microsecond(micros as i64).ok())
        .ok_or_else(|| format!("epoch seconds {seconds} are out of range"))
}

/// A timestamp in a binary format (CBOR): tag 1 with epoch seconds (an untagged number is
/// read too).
#[cfg(feature = "rpc-v2-cbor")]
fn decode_binary<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    use serde::Deserialize as _;
    use serde::de::Error as _;

    struct Seconds(f64);
    impl<'de> serde::Deserialize<'de> for Seconds {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Seconds, D::Error> {
            struct SecondsVisitor;
            impl Visitor<'_> for SecondsVisitor {
                type Value = Seconds;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("epoch seconds")
                }
                fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Seconds, E> {
                    Ok(Seconds(v as f64))
                }
                fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Seconds, E> {
                    Ok(Seconds(v as f64))
                }
                fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Seconds, E> {
                    Ok(Seconds(v))
                }
            }
            deserializer.deserialize_any(SecondsVisitor)
        }
    }
    let ciborium::tag::Captured(tag, Seconds(seconds)) =
        ciborium::tag::Captured::<Seconds>::deserialize(deserializer)?;
    if tag.is_some_and(|tag| tag != 1) {
        return Err(D::Error::custom(format!(
            "a timestamp must have CBOR tag 1, not {tag:?}"
        )));
    }
    from_epoch_seconds(seconds).map_err(D::Error::custom)
}

fn decode_any<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
    #[cfg(feature = "rpc-v2-cbor")]
    if !deserializer.is_human_readable() {
        return decode_binary(deserializer);
    }
    struct TimestampVisitor;
    impl Visitor<'_> for TimestampVisitor {
        type Value = Timestamp;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a timestamp (epoch seconds or a date-time string)")
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Timestamp, E> {
            Timestamp::from_second(v).map_err(E::custom)
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Timestamp, E> {
            let seconds = i64::try_from(v).map_err(E::custom)?;
            Timestamp::from_second(seconds).map_err(E::custom)
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Timestamp, E> {
            from_epoch_seconds(v).map_err(E::custom)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
            parse_timestamp(v).map_err(E::custom)
        }
    }
    deserializer.deserialize_any(TimestampVisitor)
}
