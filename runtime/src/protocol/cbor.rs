//! Smithy RPC v2 CBOR bodies (feature `rpc-v2-cbor`), through ciborium and the generated
//! serde impls: the codecs see a binary serializer (`is_human_readable() == false`) and
//! write blobs as byte strings, timestamps as tag 1 epoch seconds and non-finite floats as
//! floats. Reading takes definite and indefinite lengths, half, single and double floats,
//! and tagged values.

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use ciborium;

use super::ErrorResponse;

/// The CBOR encoding of `value`.
pub fn write<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|error| error.to_string())?;
    Ok(out)
}

/// Reads one CBOR data item of type `T` (an empty body reads as an empty map). Bytes after
/// the item are an error, as for JSON.
pub fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body: &[u8] = if body.is_empty() { &[0xa0] } else { body };
    let mut reader = body;
    let value: T = ciborium::from_reader(&mut reader).map_err(|error| format!(": {error}"))?;
    if !reader.is_empty() {
        return Err(format!(": {} bytes after the CBOR data item", reader.len()));
    }
    Ok(value)
}

/// An error body: the members `error` serializes to, through this format's own serializer
/// (so that blobs and timestamps keep their CBOR forms), and `__type`.
pub(crate) fn error_document<E: Serialize>(code: &str, error: &E) -> Vec<u8> {
    let mut members = match ciborium::Value::serialized(error) {
        Ok(ciborium::Value::Map(members)) => members,
        _ => Vec::new(),
    };
    members.retain(|(key, _)| key.as_text() != Some("__type"));
    members.push((
        ciborium::Value::Text("__type".to_owned()),
        ciborium::Value::Text(code.to_owned()),
    ));
    write(&ciborium::Value::Map(members)).unwrap_or_else(|_| vec![0xa0])
}

/// Reads an error response: the code from the body's `__type` (the `X-Amzn-Errortype`
/// header is not part of this protocol, but is read first where a gateway sets it), the
/// message from `message`, `Message` or `errorMessage`; as `super::parse_error` does for
/// JSON.
pub fn parse_error(status: u16, error_type_header: Option<&str>, body: &[u8]) -> ErrorResponse {
    let map: Vec<(ciborium::Value, ciborium::Value)> = ciborium::from_reader(body)
        .ok()
        .and_then(|value: ciborium::Value| value.into_map().ok())
        .unwrap_or_default();
    let text = |key: &str| {
        map.iter().find_map(|(k, v)| match (k, v) {
            (ciborium::Value::Text(k), ciborium::Value::Text(v)) if k == key => Some(v.clone()),
            _ => None,
        })
    };
    super::error_response(status, error_type_header, body, text)
}

#[cfg(test)]
mod tests {
    use jiff::Timestamp;

    use super::{parse_error, read, write};
    use crate::codec::{Base64, DateTime, Decode, Encode, EpochSeconds, Float, HttpDate};

    #[test]
    fn blobs_are_byte_strings() {
        let bytes = write(&Encode::<_, Base64>::new(&vec![1u8, 2, 3])).unwrap();
        assert_eq!(bytes, [0x43, 1, 2, 3]);
        let back: Decode<Vec<u8>, Base64> = read(&bytes).unwrap();
        assert_eq!(back.into_inner(), [1, 2, 3]);
    }

    #[test]
    fn timestamps_are_tag_1_epoch_seconds_whatever_the_format() {
        let whole: Timestamp = "2000-01-02T20:34:56Z".parse().unwrap();
        let fractional: Timestamp = "2000-01-02T20:34:56.123Z".parse().unwrap();
        // tag 1, then an integer (0x1a: 4-byte unsigned) or a double (0xfb).
        for bytes in [
            write(&Encode::<_, EpochSeconds>::new(&whole)).unwrap(),
            write(&Encode::<_, DateTime>::new(&whole)).unwrap(),
            write(&Encode::<_, HttpDate>::new(&whole)).unwrap(),
        ] {
            assert_eq!(bytes, [0xc1, 0x1a, 0x38, 0x6f, 0xb6, 0x70]); // 946,845,296
            let back: Decode<Timestamp, DateTime> = read(&bytes).unwrap();
            assert_eq!(back.into_inner(), whole);
        }
        let bytes = write(&Encode::<_, EpochSeconds>::new(&fractional)).unwrap();
        assert_eq!(&bytes[..2], [0xc1, 0xfb]);
        let back: Decode<Timestamp, EpochSeconds> = read(&bytes).unwrap();
        assert_eq!(back.into_inner(), fractional);
        // Another tag is refused; an untagged number is read.
        assert!(read::<Decode<Timestamp, EpochSeconds>>(&[0xc2, 0x01]).is_err());
        let untagged: Decode<Timestamp, EpochSeconds> = read(&[0x01]).unwrap();
        assert_eq!(untagged.into_inner().as_second(), 1);
    }

    #[test]
    fn non_finite_floats_are_floats_and_half_floats_read() {
        // ciborium writes the shortest float that keeps the value: NaN fits in a half.
        let bytes = write(&Encode::<_, Float>::new(&f64::NAN)).unwrap();
        assert!(
            matches!(bytes[0], 0xf9..=0xfb),
            "a CBOR float, not a string: {bytes:x?}"
        );
        let back: Decode<f64, Float> = read(&bytes).unwrap();
        assert!(back.into_inner().is_nan());
        // f16 +Infinity (0xf9 0x7c 0x00) and 1.5 (0xf9 0x3e 0x00).
        let inf: Decode<f64, Float> = read(&[0xf9, 0x7c, 0x00]).unwrap();
        assert_eq!(inf.into_inner(), f64::INFINITY);
        let half: Decode<f32, Float> = read(&[0xf9, 0x3e, 0x00]).unwrap();
        assert_eq!(half.into_inner(), 1.5);
    }

    #[test]
    fn indefinite_lengths_read_and_trailing_bytes_do_not() {
        // {_ "a": [_ 1, 2] } with indefinite map and array.
        let body = [0xbf, 0x61, b'a', 0x9f, 0x01, 0x02, 0xff, 0xff];
        let value: std::collections::BTreeMap<String, Vec<u8>> = read(&body).unwrap();
        assert_eq!(value["a"], [1, 2]);
        let empty: std::collections::BTreeMap<String, u8> = read(&[]).unwrap();
        assert!(empty.is_empty());
        assert!(read::<std::collections::BTreeMap<String, u8>>(&[0xa0, 0x00]).is_err());
    }

    /// A CBOR text (major 3) or byte string (major 2) header of `len` bytes.
    fn head(major: u8, len: usize) -> Vec<u8> {
        let mut out = vec![major << 5 | 26];
        out.extend(u32::try_from(len).unwrap().to_be_bytes());
        out
    }

    #[test]
    fn chunked_and_long_strings_keys_enums_and_blobs_read() {
        #[derive(Debug, PartialEq)]
        struct Shape {
            key: Option<String>,
            blob: Option<Vec<u8>>,
            tag: Option<String>,
        }
        impl<'de> serde::Deserialize<'de> for Shape {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> serde::de::Visitor<'de> for V {
                    type Value = Shape;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("a map")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Shape, A::Error> {
                        const KEYS: &[&str] = &["LongKeyLongKey", "Blob", "Enum"];
                        let mut shape = Shape {
                            key: None,
                            blob: None,
                            tag: None,
                        };
                        while let Some(key) = map.next_key_seed(crate::de::MemberKey(KEYS))? {
                            match key {
                                Some(0) => {
                                    shape.key =
                                        crate::de::member::<_, _, crate::codec::Plain>(&mut map)?
                                }
                                Some(1) => {
                                    shape.blob =
                                        crate::de::member::<_, _, crate::codec::Base64>(&mut map)?
                                }
                                Some(2) => {
                                    let value: Probe = map.next_value()?;
                                    shape.tag = Some(value.0);
                                }
                                _ => crate::de::skip(&mut map)?,
                            }
                        }
                        Ok(shape)
                    }
                }
                d.deserialize_map(V)
            }
        }
        /// A string enum's reading (`String` stands in for a generated enum).
        struct Probe(String);
        impl<'de> serde::Deserialize<'de> for Probe {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                crate::de::string_enum(d).map(Probe)
            }
        }

        // An indefinite map whose keys and enum value are chunked text, a 5 KiB string
        // member, a 5 KiB key (unknown: skipped), and a 5 KiB blob.
        let long = "x".repeat(5000);
        let mut body = vec![0xbf];
        body.extend([0x7f, 0x67]);
        body.extend(b"LongKey");
        body.push(0x67);
        body.extend(b"LongKey");
        body.push(0xff);
        body.extend(head(3, long.len()));
        body.extend(long.as_bytes());
        body.extend(head(3, long.len()));
        body.extend(long.as_bytes());
        body.push(0x01);
        body.extend([0x64]);
        body.extend(b"Blob");
        body.extend(head(2, 5000));
        body.extend([7u8; 5000]);
        body.extend([0x7f, 0x62]);
        body.extend(b"En");
        body.push(0x62);
        body.extend(b"um");
        body.push(0xff);
        body.extend([0x7f, 0x61, b'A', 0x62, b'C', b'T', 0xff]);
        body.push(0xff);
        let shape: Shape = read(&body).unwrap();
        assert_eq!(shape.key.as_deref(), Some(long.as_str()));
        assert_eq!(shape.blob, Some(vec![7u8; 5000]));
        assert_eq!(shape.tag.as_deref(), Some("ACT"));
    }

    #[test]
    fn error_documents_keep_the_cbor_forms_of_their_members() {
        struct Shape(Timestamp);
        impl serde::Serialize for Shape {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let mut map = s.serialize_map(None)?;
                map.serialize_entry("At", &Encode::<_, DateTime>::new(&self.0))?;
                map.serialize_entry("Data", &Encode::<_, Base64>::new(&vec![1u8, 2]))?;
                map.serialize_entry("message", "m")?;
                map.end()
            }
        }
        let at: Timestamp = "2000-01-02T20:34:56Z".parse().unwrap();
        let body = super::error_document("Bad", &Shape(at));
        let value: ciborium::Value = ciborium::from_reader(body.as_slice()).unwrap();
        let member = |name: &str| {
            value
                .as_map()
                .unwrap()
                .iter()
                .find(|(k, _)| k.as_text() == Some(name))
                .map(|(_, v)| v.clone())
        };
        assert_eq!(
            member("At"),
            Some(ciborium::Value::Tag(
                1,
                Box::new(ciborium::Value::Integer(946_845_296.into()))
            ))
        );
        assert_eq!(member("Data"), Some(ciborium::Value::Bytes(vec![1, 2])));
        assert_eq!(member("__type"), Some(ciborium::Value::Text("Bad".into())));
        assert_eq!(parse_error(400, None, &body).message.as_deref(), Some("m"));
    }

    #[test]
    fn errors_read_type_and_message() {
        // {"__type": "ns#Bad", "Message": "no"}
        let mut body = vec![0xa2, 0x66];
        body.extend(b"__type");
        body.push(0x66);
        body.extend(b"ns#Bad");
        body.push(0x67);
        body.extend(b"Message");
        body.push(0x62);
        body.extend(b"no");
        let error = parse_error(400, None, &body);
        assert_eq!(error.code.as_deref(), Some("Bad"));
        assert_eq!(error.message.as_deref(), Some("no"));
        let garbage = parse_error(500, None, b"\xff\xfe");
        assert_eq!((garbage.code, garbage.status), (None, 500));
    }
}
