//! Values from a newer model than the one generated: an enum string or a union member we do
//! not know yet. Both are kept intact so that they can be inspected and sent back unchanged.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string enum value that the generated enum does not list.
///
/// Only the generated `From<&str>` creates one, and only for a string that is not a known
/// value, so `Unknown` never shadows a known variant and equality stays meaningful.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct UnknownVariant(String);

impl UnknownVariant {
    /// For generated code; use the enum's `From<&str>` instead.
    #[doc(hidden)]
    pub fn new(value: impl Into<String>) -> Self {
        UnknownVariant(value.into())
    }

    /// The string as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownVariant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// A union member that the generated union does not list: its wire name and raw JSON value.
/// Serializing the union writes it back as it came.
#[derive(Debug, Clone, PartialEq)]
pub struct UnknownMember {
    name: String,
    value: serde_json::Value,
}

impl UnknownMember {
    /// A member named `name` with raw `value` (for tests and proxies that forward it).
    pub fn new(name: impl Into<String>, value: serde_json::Value) -> Self {
        UnknownMember {
            name: name.into(),
            value,
        }
    }

    /// The member's wire name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member's raw JSON value.
    pub fn value(&self) -> &serde_json::Value {
        &self.value
    }
}

/// A `bigInteger` or `bigDecimal`: the decimal text as received, so that no precision is
/// lost; written back as a JSON number.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigNumber(String);

impl BigNumber {
    /// Zero.
    pub fn zero() -> Self {
        BigNumber("0".to_owned())
    }

    /// Parses decimal text (`-12`, `3.25`, `1e400`); `None` if it is not a JSON number.
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_str::<serde_json::Number>(text)
            .ok()
            .map(|_| BigNumber(text.to_owned()))
    }

    /// The decimal text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Serialize for BigNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written as a number when it fits a primitive exactly, else as its text (JSON
        // numbers beyond f64 cannot be written through serde without losing digits).
        if let Ok(v) = self.0.parse::<i64>() {
            serializer.serialize_i64(v)
        } else if let Ok(v) = self.0.parse::<u64>() {
            serializer.serialize_u64(v)
        } else {
            match self.0.parse::<f64>() {
                Ok(v) if v.is_finite() && v.to_string() == self.0 => serializer.serialize_f64(v),
                _ => serializer.serialize_str(&self.0),
            }
        }
    }
}

impl<'de> Deserialize<'de> for BigNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_json::Value::deserialize(deserializer)? {
            serde_json::Value::Number(n) => Ok(BigNumber(n.to_string())),
            serde_json::Value::String(s) => BigNumber::parse(&s).ok_or_else(|| {
                serde::de::Error::custom(format_args!("`{s}` is not a decimal number"))
            }),
            other => Err(serde::de::Error::custom(format_args!(
                "expected a number, found {other}"
            ))),
        }
    }
}
