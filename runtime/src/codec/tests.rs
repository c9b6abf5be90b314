use std::collections::BTreeMap;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::*;

fn decode<T, C: Codec<T>>(json: &str) -> Result<T, serde_json::Error> {
    serde_json::from_str::<Decode<T, C>>(json).map(Decode::into_inner)
}

fn encode<T, C: Codec<T>>(value: &T) -> Value {
    serde_json::to_value(Encode::<T, C>::new(value)).unwrap()
}

#[test]
fn dense_list_drops_null_entries_and_sparse_list_keeps_them() {
    let dense = decode::<Vec<String>, DenseList<Plain>>(r#"["a", null, "b"]"#).unwrap();
    assert_eq!(dense, ["a", "b"]);
    let sparse = decode::<Vec<Option<String>>, SparseList<Plain>>(r#"["a", null]"#).unwrap();
    assert_eq!(sparse, [Some("a".to_owned()), None]);
    assert_eq!(encode::<_, SparseList<Plain>>(&sparse), json!(["a", null]));
}

#[test]
fn dense_map_drops_null_values_and_sparse_map_keeps_them() {
    let dense = decode::<BTreeMap<String, i32>, DenseMap<Plain>>(r#"{"a": 1, "b": null}"#).unwrap();
    assert_eq!(dense, BTreeMap::from([("a".to_owned(), 1)]));
    let sparse =
        decode::<BTreeMap<String, Option<i32>>, SparseMap<Plain>>(r#"{"a": 1, "b": null}"#)
            .unwrap();
    assert_eq!(sparse.len(), 2);
    assert_eq!(
        encode::<_, SparseMap<Plain>>(&sparse),
        json!({"a": 1, "b": null})
    );
}

#[test]
fn nested_codecs_compose() {
    let value = decode::<Vec<Vec<Timestamp>>, DenseList<DenseList<EpochSeconds>>>(
        r#"[[0, null, "1970-01-01T00:00:01Z"], null]"#,
    )
    .unwrap();
    assert_eq!(value.len(), 1);
    assert_eq!(
        encode::<_, DenseList<DenseList<EpochSeconds>>>(&value),
        json!([[0, 1]])
    );
}

#[test]
fn timestamps_read_every_form_and_write_their_own() {
    let expected: Timestamp = "2024-05-01T12:30:45.5Z".parse().unwrap();
    for text in [
        r#""2024-05-01T12:30:45.5Z""#,
        r#""2024-05-01T14:30:45.500+02:00""#,
        "1714566645.5",
        r#""1714566645.5""#,
    ] {
        assert_eq!(
            decode::<Timestamp, DateTime>(text).unwrap(),
            expected,
            "{text}"
        );
    }
    let whole: Timestamp = "2024-05-01T12:30:45Z".parse().unwrap();
    assert_eq!(
        decode::<Timestamp, EpochSeconds>(r#""Wed, 01 May 2024 12:30:45 GMT""#).unwrap(),
        whole
    );
    assert_eq!(decode::<Timestamp, HttpDate>("1714566645").unwrap(), whole);

    assert_eq!(
        encode::<_, DateTime>(&expected),
        json!("2024-05-01T12:30:45.5Z")
    );
    assert_eq!(encode::<_, EpochSeconds>(&expected), json!(1714566645.5));
    assert_eq!(encode::<_, EpochSeconds>(&whole), json!(1714566645));
    assert_eq!(
        encode::<_, HttpDate>(&whole),
        json!("Wed, 01 May 2024 12:30:45 GMT")
    );
}

#[test]
fn bad_timestamps_are_errors_not_panics() {
    for text in [r#""yesterday""#, "1e300", "true", r#""""#] {
        assert!(decode::<Timestamp, DateTime>(text).is_err(), "{text}");
    }
}

#[test]
fn floats_carry_non_finite_values_as_strings() {
    assert!(decode::<f64, Float>(r#""NaN""#).unwrap().is_nan());
    assert_eq!(
        decode::<f64, Float>(r#""-Infinity""#).unwrap(),
        f64::NEG_INFINITY
    );
    assert_eq!(decode::<f32, Float>("2").unwrap(), 2.0);
    assert_eq!(encode::<f64, Float>(&f64::INFINITY), json!("Infinity"));
    assert_eq!(encode::<f32, Float>(&1.5), json!(1.5));
    assert!(decode::<f64, Float>(r#""one""#).is_err());
}

#[test]
fn blobs_are_base64_with_or_without_padding() {
    assert_eq!(decode::<Vec<u8>, Base64>(r#""aGk=""#).unwrap(), b"hi");
    assert_eq!(decode::<Vec<u8>, Base64>(r#""aGk""#).unwrap(), b"hi");
    assert_eq!(encode::<_, Base64>(&b"hi".to_vec()), json!("aGk="));
    assert!(decode::<Vec<u8>, Base64>(r#""@@@""#).is_err());
}
