//! Comparisons for `botocore_aws_sample.rs`: bodies per protocol (JSON semantically, XML as
//! trees, forms as parameter multisets), query strings as multisets, and parsed values by
//! the model (timestamps as instants).

pub mod server;

use std::collections::BTreeMap;

use awsgen_runtime::protocol::xml::{self, Element};
use codegen::ir::{HttpBinding, Service, ShapeKind};
use serde_json::Value;

/// A form-encoded name or value decoded as botocore's `parse_qsl` does (`+` is a space).
/// Whether two values of one header are the same by the deliberate divergences: a list
/// written `a, b` (ours, as Smithy's protocol tests) or `a,b` (botocore); a date-time in
/// whole seconds (botocore drops the fraction of a header timestamp) or with milliseconds.
pub fn same_header(ours: &str, theirs: &str) -> bool {
    let items = |v: &str| {
        v.split(',')
            .map(str::trim)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    if ours == theirs || items(ours) == items(theirs) {
        return true;
    }
    match (instant(&Value::from(ours)), instant(&Value::from(theirs))) {
        (Some(a), Some(b)) => {
            a.div_euclid(1_000_000) == b.div_euclid(1_000_000) && b % 1_000_000 == 0
        }
        _ => false,
    }
}

pub fn form_decode(text: &str) -> String {
    let text = text.replace('+', " ");
    awsgen_runtime::protocol::uri::percent_decode(&text).unwrap_or(text)
}

/// The decoded `name=value` pairs of a query string or form, sorted.
pub fn pairs(text: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (form_decode(k), form_decode(v))
        })
        .collect();
    pairs.sort();
    pairs
}

/// An XML element with the whitespace around its text trimmed, attributes sorted, and the
/// entries of a map (runs of same-named siblings that each hold two elements) sorted.
fn trimmed(mut element: Element) -> Element {
    element.text = element.text.trim().to_owned();
    element.attributes.sort();
    let mut children: Vec<_> = element.children.into_iter().map(trimmed).collect();
    let mut start = 0;
    while start < children.len() {
        let name = children[start].name.clone();
        let end = start
            + children[start..]
                .iter()
                .take_while(|c| c.name == name)
                .count();
        if children[start..end].iter().all(|c| c.children.len() == 2) {
            children[start..end].sort_by_key(|c| format!("{c:?}"));
        }
        start = end;
    }
    element.children = children;
    element
}

/// A form parameter of both: the same, or a timestamp botocore writes with microseconds
/// (`.789000Z`) and we with milliseconds.
fn same_pair((k, v): &(String, String), (l, w): &(String, String)) -> bool {
    let time = |text: &str| instant(&Value::from(text));
    k == l && (v == w || time(v).is_some_and(|t| Some(t) == time(w)))
}

/// Differences between two request bodies of `protocol` (botocore's metadata name).
pub fn compare_bodies(protocol: &str, ours: &[u8], theirs: &[u8]) -> Vec<String> {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let empty_json = |b: &[u8]| b.is_empty() || b == b"{}";
    match protocol {
        _ if ours == theirs => vec![],
        "query" | "ec2" => {
            let (a, b) = (pairs(&text(ours)), pairs(&text(theirs)));
            let only = |x: &[(String, String)], y: &[(String, String)]| -> Vec<String> {
                x.iter()
                    .filter(|p| !y.iter().any(|q| same_pair(p, q)))
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect()
            };
            if only(&a, &b).is_empty() && only(&b, &a).is_empty() {
                vec![]
            } else {
                vec![format!(
                    "form: only ours {:?}, only botocore {:?}",
                    only(&a, &b),
                    only(&b, &a)
                )]
            }
        }
        "rest-xml" if theirs.trim_ascii_start().starts_with(b"<") => {
            match (
                xml::parse(ours).map(trimmed),
                xml::parse(theirs).map(trimmed),
            ) {
                (Ok(a), Ok(b)) if a == b => vec![],
                _ => vec![format!("body {} != {}", text(ours), text(theirs))],
            }
        }
        "json" | "rest-json" if empty_json(ours) && empty_json(theirs) => vec![],
        "json" | "rest-json" => {
            match (
                serde_json::from_slice::<Value>(ours),
                serde_json::from_slice::<Value>(theirs),
            ) {
                (Ok(a), Ok(b)) if same_json(&a, &b) => vec![],
                _ => vec![format!("body {} != {}", text(ours), text(theirs))],
            }
        }
        _ => vec![format!("body {} != {}", text(ours), text(theirs))],
    }
}

/// JSON equality with numbers compared by value (`1` = `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// Differences between our parsed value and botocore's at `path`, for shape `shape`. The
/// deliberate divergences, nothing else loosened:
///
/// - a response that omits a required member: botocore leaves it out, we fill the zero value;
/// - an absent payload (an empty body): botocore reports `{}` for a structure and `""` for
///   a stream, we leave the member out;
/// - a string botocore's own sdk-extras turn into a timestamp (S3's `Expires`): ours is the
///   header's text, which must be the same instant;
/// - botocore keeps `null` entries of dense lists and maps; we drop them.
pub fn compare(
    service: &Service,
    shape: &str,
    ours: &Value,
    theirs: &Value,
    path: &str,
) -> Vec<String> {
    let kind = &service.shapes[shape].kind;
    match (kind, ours, theirs) {
        (ShapeKind::Timestamp(_), _, _) => match (instant(ours), instant(theirs)) {
            (Some(a), Some(b)) if a == b => vec![],
            _ => vec![format!("{path}: timestamp {ours} != {theirs}")],
        },
        (_, Value::String(_), Value::Object(map)) if map.contains_key("$timestamp") => {
            match (instant(ours), instant(theirs)) {
                (Some(a), Some(b)) if a == b => vec![],
                _ => vec![format!("{path}: {ours} != {theirs}")],
            }
        }
        (
            ShapeKind::Structure(members) | ShapeKind::Union(members),
            Value::Object(a),
            Value::Object(b),
        ) => {
            let mut differences = Vec::new();
            for member in members {
                let here = format!("{path}/{}", member.wire_name);
                match (a.get(&member.wire_name), b.get(&member.wire_name)) {
                    (Some(x), Some(y)) => {
                        differences.extend(compare(service, &member.target, x, y, &here))
                    }
                    (None, None) => {}
                    (Some(x), None) if member.required && is_zero(service, &member.target, x) => {}
                    (None, Some(y))
                        if member.bindings.http == HttpBinding::Payload && is_empty(y) => {}
                    (x, y) => differences.push(format!("{here}: ours {x:?}, botocore {y:?}")),
                }
            }
            for key in a.keys().chain(b.keys()) {
                if !members.iter().any(|m| &m.wire_name == key) {
                    differences.push(format!("{path}/{key}: not a member of {shape}"));
                }
            }
            differences
        }
        (ShapeKind::List { member, sparse }, Value::Array(a), Value::Array(b)) => {
            let b: Vec<&Value> = b.iter().filter(|v| *sparse || !v.is_null()).collect();
            if a.len() != b.len() {
                return vec![format!("{path}: {} entries, botocore {}", a.len(), b.len())];
            }
            a.iter()
                .zip(b)
                .enumerate()
                .flat_map(|(i, (x, y))| {
                    compare(service, &member.target, x, y, &format!("{path}/{i}"))
                })
                .collect()
        }
        (ShapeKind::Map { value, sparse, .. }, Value::Object(a), Value::Object(b)) => {
            let b: BTreeMap<&String, &Value> =
                b.iter().filter(|(_, v)| *sparse || !v.is_null()).collect();
            if a.len() != b.len() {
                return vec![format!("{path}: {} entries, botocore {}", a.len(), b.len())];
            }
            a.iter()
                .flat_map(|(k, x)| match b.get(k) {
                    Some(y) => compare(service, &value.target, x, y, &format!("{path}/{k}")),
                    None => vec![format!("{path}/{k}: missing in botocore's value")],
                })
                .collect()
        }
        (_, Value::Number(a), Value::Number(b)) if a.as_f64() == b.as_f64() => vec![],
        _ if ours == theirs => vec![],
        _ => vec![format!("{path}: ours {ours}, botocore {theirs}")],
    }
}

/// A timestamp in any recorded form (`{"$timestamp": seconds}`, seconds, RFC 3339 or HTTP
/// date text), in whole microseconds (botocore's precision).
fn instant(value: &Value) -> Option<i64> {
    let seconds = |n: &Value| n.as_f64().map(|s| (s * 1e6).round() as i64);
    match value {
        Value::Object(map) => map.get("$timestamp").and_then(seconds),
        Value::Number(_) => seconds(value),
        Value::String(text) => {
            let timestamp = text.parse::<jiff::Timestamp>().ok().or_else(|| {
                jiff::fmt::rfc2822::parse(text)
                    .ok()
                    .map(|zoned| zoned.timestamp())
            })?;
            Some(timestamp.as_microsecond())
        }
        _ => None,
    }
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::String(s) => s.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Whether `value` is the zero value error correction fills in for shape `shape`.
fn is_zero(service: &Service, shape: &str, value: &Value) -> bool {
    match (&service.shapes[shape].kind, value) {
        (ShapeKind::Timestamp(_), _) => instant(value) == Some(0),
        (ShapeKind::Structure(members), Value::Object(map)) => members.iter().all(|member| {
            map.get(&member.wire_name)
                .is_none_or(|v| member.required && is_zero(service, &member.target, v))
        }),
        (_, Value::String(s)) => s.is_empty(),
        (_, Value::Number(n)) => n.as_f64() == Some(0.0),
        (_, Value::Bool(b)) => !b,
        (_, Value::Array(a)) => a.is_empty(),
        (_, Value::Object(o)) => o.is_empty(),
        (_, Value::Null) => true,
    }
}
