//! Building blocks of generated `Deserialize` impls.
//!
//! A structure is read as a map: each key is looked up among the structure's wire names
//! ([`MemberKey`]), its value read as `Option<..>` so that `null` means absent, and unknown
//! keys skipped. Unions use the same pieces plus [`UnionValue`].

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, Visitor};

use crate::codec::{Codec, Decode};
use crate::value::UnknownMember;

/// Reads a map key and finds it among `names`: `Some(index)`, or `None` for a key the
/// model does not know. Avoids allocating for the key in text formats.
pub struct MemberKey(pub &'static [&'static str]);

impl<'de> DeserializeSeed<'de> for MemberKey {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        if deserializer.is_human_readable() {
            deserializer.deserialize_identifier(self)
        } else {
            // CBOR: ciborium reads a borrowed identifier only when it is one definite-length
            // chunk of at most 4 KiB; as a `String` it reads any (chunked, long) text.
            deserializer.deserialize_string(self)
        }
    }
}

impl Visitor<'_> for MemberKey {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| *name == key))
    }

    fn visit_bytes<E>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|name| name.as_bytes() == key))
    }
}

/// Reads the value of a member with codec `C`; `null` gives `None`.
pub fn member<'de, A, T, C>(map: &mut A) -> Result<Option<T>, A::Error>
where
    A: MapAccess<'de>,
    C: Codec<T>,
{
    Ok(map
        .next_value::<Option<Decode<T, C>>>()?
        .map(Decode::into_inner))
}

/// Skips the value of a key the model does not know.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<serde::de::IgnoredAny>().map(|_| ())
}

/// Collects the one member of a union while its map is read, enforcing the awsJson rules:
/// `__type` and `null` members are ignored, and exactly one member must remain. Generated
/// code reads each key as a string and calls [`known`](Self::known) or
/// [`unknown`](Self::unknown).
pub struct UnionValue<T> {
    union_name: &'static str,
    value: Option<T>,
}

impl<T> UnionValue<T> {
    /// Starts reading union `union_name`.
    pub fn new(union_name: &'static str) -> Self {
        UnionValue {
            union_name,
            value: None,
        }
    }

    /// Records a known member, read with codec `C` and wrapped by `variant`.
    pub fn known<'de, A, V, C>(
        &mut self,
        map: &mut A,
        member: &str,
        variant: fn(V) -> T,
    ) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        C: Codec<V>,
    {
        match self::member::<A, V, C>(map)? {
            Some(value) => self.set(member, variant(value)),
            None => Ok(()),
        }
    }

    /// Records a member the model does not know, keeping its name and raw JSON value so that
    /// it serializes back unchanged.
    pub fn unknown<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        name: String,
        variant: fn(UnknownMember) -> T,
    ) -> Result<(), A::Error> {
        if name == "__type" {
            return skip(map);
        }
        match map.next_value::<serde_json::Value>()? {
            serde_json::Value::Null => Ok(()),
            value => {
                let error_name = name.clone();
                self.set(&error_name, variant(UnknownMember::new(name, value)))
            }
        }
    }

    fn set<E: serde::de::Error>(&mut self, member: &str, value: T) -> Result<(), E> {
        if self.value.is_some() {
            return Err(E::custom(format_args!(
                "union {} has more than one member set (`{member}` is a second one)",
                self.union_name
            )));
        }
        self.value = Some(value);
        Ok(())
    }

    /// The member that was set; an error when none was.
    pub fn finish<E: serde::de::Error>(self) -> Result<T, E> {
        self.value
            .ok_or_else(|| E::custom(format_args!("union {} has no member set", self.union_name)))
    }
}

/// Reads a string enum through its `From<&str>` (known value or `Unknown`), without
/// allocating for known values.
pub fn string_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct EnumVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for EnumVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    if deserializer.is_human_readable() {
        deserializer.deserialize_str(EnumVisitor(std::marker::PhantomData))
    } else {
        // As for `MemberKey`: CBOR text of any length or chunking.
        deserializer.deserialize_string(EnumVisitor(std::marker::PhantomData))
    }
}
