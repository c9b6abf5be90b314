//! Sample wire values for documentation examples: the smallest valid JSON of a shape (every
//! required member, the first enum value, the first union member), so that each generated
//! example is a doctest that really deserializes.

use serde_json::{Value, json};

use crate::ir::{Member, Service, ShapeKind, TimestampFormat};

/// Recursion cap: a shape that requires itself through many levels gets `{}` below it.
const MAX_DEPTH: usize = 6;

/// A minimal valid JSON value for `member`.
pub fn sample(service: &Service, member: &Member) -> Value {
    sample_at(service, member, 0)
}

fn sample_at(service: &Service, member: &Member, depth: usize) -> Value {
    let shape = service.target(member);
    if depth > MAX_DEPTH {
        return json!({});
    }
    match &shape.kind {
        ShapeKind::Blob => json!("ZXhhbXBsZQ=="),
        ShapeKind::Boolean => json!(true),
        ShapeKind::String => json!(sample_string(
            shape.constraints.length.as_ref().and_then(|l| l.min)
        )),
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => json!(1),
        ShapeKind::Float | ShapeKind::Double => json!(1.5),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => json!(1),
        ShapeKind::Timestamp(_) => match service.timestamp_format(member) {
            TimestampFormat::EpochSeconds => json!(1_700_000_000),
            TimestampFormat::DateTime => json!("2023-11-14T22:13:20Z"),
            TimestampFormat::HttpDate => json!("Tue, 14 Nov 2023 22:13:20 GMT"),
        },
        ShapeKind::Document => json!({"any": ["json"]}),
        ShapeKind::Unit => json!({}),
        ShapeKind::Enum(values) => values.first().map_or(json!("VALUE"), |v| json!(v.value)),
        ShapeKind::IntEnum(values) => values.first().map_or(json!(1), |v| json!(v.value)),
        ShapeKind::List { .. } => json!([]),
        ShapeKind::Map { .. } => json!({}),
        ShapeKind::Structure(members) => Value::Object(
            members
                .iter()
                .filter(|m| m.required)
                .map(|m| (m.wire_name.clone(), sample_at(service, m, depth + 1)))
                .collect(),
        ),
        ShapeKind::Union(members) => match members.first() {
            Some(first) => json!({ first.wire_name.clone(): sample_at(service, first, depth + 1) }),
            None => json!({}),
        },
    }
}

fn sample_string(min_length: Option<u64>) -> String {
    let text = "example".to_owned();
    let min = usize::try_from(min_length.unwrap_or(0)).unwrap_or(0);
    if text.len() >= min {
        text
    } else {
        "x".repeat(min)
    }
}
