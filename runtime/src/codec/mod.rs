//! Wire codecs: how one Rust type is written to and read from awsJson 1.0.
//!
//! The wire form of a value depends on where it sits in the model (a timestamp's
//! `timestampFormat` is set per member; a list is dense or `@sparse`), not only on its Rust
//! type. So generated code names a codec per member, composed like the type itself:
//! `Vec<Vec<Timestamp>>` with `DenseList<DenseList<DateTime>>`. [`Encode`] and [`Decode`]
//! adapt a value and its codec to serde.

mod collections;
mod scalar;
mod timestamp;

use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use collections::{DenseList, DenseMap, SparseList, SparseMap};
pub use scalar::{Base64, Float};
pub use timestamp::{DateTime, EpochSeconds, HttpDate, parse_timestamp};

/// Writes and reads one Rust type in one wire form.
pub trait Codec<T> {
    /// Writes `value`.
    fn encode<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value. `null` never reaches a codec: members and entries are read as
    /// `Option<Decode<..>>`, so null means absent.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error>;
}

/// The type's own serde implementation: strings, integers, booleans, documents, and every
/// generated structure, union and enum.
pub struct Plain;

impl<T> Codec<T> for Plain
where
    T: Serialize + for<'de> Deserialize<'de>,
{
    fn encode<S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// A borrowed value that serializes with codec `C`.
pub struct Encode<'a, T, C>(&'a T, PhantomData<C>);

impl<'a, T, C: Codec<T>> Encode<'a, T, C> {
    /// Wraps `value` for serialization with `C`.
    pub fn new(value: &'a T) -> Self {
        Encode(value, PhantomData)
    }
}

impl<T, C: Codec<T>> Serialize for Encode<'_, T, C> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        C::encode(self.0, serializer)
    }
}

/// A value deserialized with codec `C`.
pub struct Decode<T, C>(pub T, PhantomData<C>);

impl<T, C> Decode<T, C> {
    /// The decoded value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T, C: Codec<T>> Deserialize<'de> for Decode<T, C> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        C::decode(deserializer).map(|value| Decode(value, PhantomData))
    }
}

#[cfg(test)]
mod tests;
