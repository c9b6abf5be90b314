//! Lists and maps. Dense ones (the default) drop `null` entries when reading, as the
//! awsJson protocol tests require; `@sparse` ones keep them as `None`.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Codec, Decode, Encode};

/// A list whose entries use codec `C`; `null` entries are dropped when reading.
pub struct DenseList<C>(PhantomData<C>);
/// A `@sparse` list: entries may be `null`.
pub struct SparseList<C>(PhantomData<C>);
/// A map whose values use codec `C`; entries with a `null` value are dropped when reading.
pub struct DenseMap<C>(PhantomData<C>);
/// A `@sparse` map: values may be `null`.
pub struct SparseMap<C>(PhantomData<C>);

impl<T, C: Codec<T>> Codec<Vec<T>> for DenseList<C> {
    fn encode<S: Serializer>(value: &Vec<T>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&Encode::<T, C>::new(item))?;
        }
        seq.end()
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(ListVisitor::<T, C, DropNull>(PhantomData))
    }
}

impl<T, C: Codec<T>> Codec<Vec<Option<T>>> for SparseList<C> {
    fn encode<S: Serializer>(value: &Vec<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(value.len()))?;
        for item in value {
            seq.serialize_element(&item.as_ref().map(Encode::<T, C>::new))?;
        }
        seq.end()
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Option<T>>, D::Error> {
        deserializer.deserialize_seq(ListVisitor::<T, C, KeepNull>(PhantomData))
    }
}

/// Reads a list of `T` with codec `C`; [`Nulls`] decides what a `null` entry becomes.
struct ListVisitor<T, C, N>(PhantomData<(T, C, N)>);

impl<'de, T, C: Codec<T>, N: Nulls<T>> Visitor<'de> for ListVisitor<T, C, N> {
    type Value = Vec<N::Entry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        // Cap the pre-allocation: the size hint comes from untrusted input.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
        while let Some(entry) = seq.next_element::<Option<Decode<T, C>>>()? {
            if let Some(item) = N::entry(entry.map(Decode::into_inner)) {
                items.push(item);
            }
        }
        Ok(items)
    }
}

impl<K, V, C> Codec<BTreeMap<K, V>> for DenseMap<C>
where
    K: Ord + Serialize + for<'de> Deserialize<'de>,
    C: Codec<V>,
{
    fn encode<S: Serializer>(value: &BTreeMap<K, V>, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (key, item) in value {
            map.serialize_entry(key, &Encode::<V, C>::new(item))?;
        }
        map.end()
    }

    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error> {
        deserializer.deserialize_map(MapVisitor::<K, V, C, DropNull>(PhantomData))
    }
}

impl<K, V, C> Codec<BTreeMap<K, Option<V>>> for SparseMap<C>
where
    K: Ord + Serialize + for<'de> Deserialize<'de>,
    C: Codec<V>,
{
    fn encode<S: Serializer>(
        value: &BTreeMap<K, Option<V>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(value.len()))?;
        for (key, item) in value {
            map.serialize_entry(key, &item.as_ref().map(Encode::<V, C>::new))?;
        }
        map.end()
    }

    fn decode<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<K, Option<V>>, D::Error> {
        deserializer.deserialize_map(MapVisitor::<K, V, C, KeepNull>(PhantomData))
    }
}

/// Reads a map of `T` with codec `C`; [`Nulls`] decides what a `null` value becomes.
struct MapVisitor<K, T, C, N>(PhantomData<(K, T, C, N)>);

impl<'de, K, T, C: Codec<T>, N: Nulls<T>> Visitor<'de> for MapVisitor<K, T, C, N>
where
    K: Ord + Deserialize<'de>,
{
    type Value = BTreeMap<K, N::Entry>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some(key) = map.next_key::<K>()? {
            let value = map.next_value::<Option<Decode<T, C>>>()?;
            if let Some(item) = N::entry(value.map(Decode::into_inner)) {
                entries.insert(key, item);
            }
        }
        Ok(entries)
    }
}

/// What a `null` entry of a collection becomes.
trait Nulls<T> {
    /// The stored entry: `T` when nulls are dropped, `Option<T>` when kept.
    type Entry;
    /// The entry for a read value (`None` for `null`); `None` drops it.
    fn entry(value: Option<T>) -> Option<Self::Entry>;
}

/// Dense collections: a `null` entry is dropped.
struct DropNull;
/// Sparse collections: a `null` entry is kept as `None`.
struct KeepNull;

impl<T> Nulls<T> for DropNull {
    type Entry = T;
    fn entry(value: Option<T>) -> Option<T> {
        value
    }
}

impl<T> Nulls<T> for KeepNull {
    type Entry = Option<T>;
    fn entry(value: Option<T>) -> Option<Option<T>> {
        Some(value)
    }
}
