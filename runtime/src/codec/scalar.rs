//! Blobs and floating-point numbers, whose JSON form differs from serde's default.

use std::fmt;

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use serde::de::{Unexpected, Visitor};
use serde::{Deserializer, Serializer};

use super::Codec;

/// A blob: standard base64 on the wire. Reading accepts padded and unpadded input.
pub struct Base64;

const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

impl Codec<Vec<u8>> for Base64 {
    fn encode<S: Serializer>(value: &Vec<u8>, serializer: S) -> Result<S::Ok, S::Error> {
        // A binary format (CBOR) has byte strings.
        if serializer.is_human_readable() {
            serializer.serialize_str(&BASE64.encode(value))
        } else {
            serializer.serialize_bytes(value)
        }
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        struct Base64Visitor;
        impl Visitor<'_> for Base64Visitor {
            type Value = Vec<u8>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Vec<u8>, E> {
                BASE64
                    .decode(v)
                    .map_err(|_| E::invalid_value(Unexpected::Str(v), &self))
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<Vec<u8>, E> {
                Ok(v.to_vec())
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<Vec<u8>, E> {
                Ok(v)
            }
        }
        if deserializer.is_human_readable() {
            deserializer.deserialize_str(Base64Visitor)
        } else {
            // An owned buffer: ciborium lends bytes only for one definite chunk of at most
            // 4 KiB, and fails on anything longer or chunked.
            deserializer.deserialize_byte_buf(Base64Visitor)
        }
    }
}

/// `float` and `double`: JSON numbers, except that the non-finite values travel as the
/// strings `"NaN"`, `"Infinity"` and `"-Infinity"` (JSON has no literal for them).
pub struct Float;

/// The two float widths, so one codec serves both.
trait FloatWidth: Copy {
    fn to_f64(self) -> f64;
    fn from_f64(value: f64) -> Self;
}

impl FloatWidth for f64 {
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(value: f64) -> Self {
        value
    }
}

impl FloatWidth for f32 {
    fn to_f64(self) -> f64 {
        f64::from(self)
    }
    fn from_f64(value: f64) -> Self {
        // Narrowing is the documented meaning of reading a `float` member.
        value as f32
    }
}

impl Codec<f64> for Float {
    fn encode<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
        encode_float(*value, serializer, |v, s| s.serialize_f64(v))
    }
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
        decode_float(deserializer)
    }
}

impl Codec<f32> for Float {
    fn encode<S: Serializer>(value: &f32, serializer: S) -> Result<S::Ok, S::Error> {
        encode_float(*value, serializer, |v, s| s.serialize_f32(v))
    }
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f32, D::Error> {
        decode_float(deserializer)
    }
}

fn encode_float<F: FloatWidth, S: Serializer>(
    value: F,
    serializer: S,
    finite: impl FnOnce(F, S) -> Result<S::Ok, S::Error>,
) -> Result<S::Ok, S::Error> {
    let wide = value.to_f64();
    // A binary format (CBOR) has non-finite floats of its own.
    if !serializer.is_human_readable() || wide.is_finite() {
        finite(value, serializer)
    } else if wide.is_nan() {
        serializer.serialize_str("NaN")
    } else {
        serializer.serialize_str(if wide > 0.0 { "Infinity" } else { "-Infinity" })
    }
}

fn decode_float<'de, F: FloatWidth, D: Deserializer<'de>>(deserializer: D) -> Result<F, D::Error> {
    struct FloatVisitor;
    impl Visitor<'_> for FloatVisitor {
        type Value = f64;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(r#"a number, "NaN", "Infinity" or "-Infinity""#)
        }
        fn visit_f64<E>(self, v: f64) -> Result<f64, E> {
            Ok(v)
        }
        fn visit_i64<E>(self, v: i64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_u64<E>(self, v: u64) -> Result<f64, E> {
            Ok(v as f64)
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<f64, E> {
            match v {
                "NaN" => Ok(f64::NAN),
                "Infinity" => Ok(f64::INFINITY),
                "-Infinity" => Ok(f64::NEG_INFINITY),
                _ => Err(E::invalid_value(Unexpected::Str(v), &self)),
            }
        }
    }
    deserializer.deserialize_any(FloatVisitor).map(F::from_f64)
}
