//! Round trips against botocore 1.44.5 (vectors recorded by `cargo xtask vectors`):
//!
//! - every request body botocore sends deserializes into our input type and serializes
//!   back to the same JSON;
//! - every response parses to the values botocore reports (or fails where botocore fails);
//! - our client, given the input read from botocore's request, sends the same path, headers
//!   and body.
//!
//! revenue-measurement speaks Smithy RPC v2 CBOR: its vectors carry botocore's exact CBOR
//! bytes (`cbor`) beside an awsJson view of them (`body`); we read the bytes with our CBOR
//! codec, and compare what our client writes, read back by an independent CBOR reader
//! (ciborium's `Value`), with that view.
//!
//! Values are compared semantically with the model at hand: timestamps as instants (at
//! botocore's microsecond precision), and three deliberate divergences applied explicitly
//! in `compare`, nothing else loosened:
//!
//! - botocore keeps `null` entries of dense lists and maps; awsJson (and the Smithy
//!   protocol tests) drop them, and so do we;
//! - botocore reports an unknown union member as `{"SDK_UNKNOWN_MEMBER": {"name": N}}` and
//!   drops its value; we keep the member under its own name with its raw value;
//! - a response that omits a required member: botocore leaves it out, we fill the zero
//!   value (error correction), so ours may have a required member at its zero value that
//!   botocore lacks;
//! - botocore 1.44.5's CBOR parser crashes (`AttributeError`) on an empty body; we read it
//!   as an empty structure, as for awsJson.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use awsgen_runtime::protocol::{Protocol, client::encode_request, read_body};
use awsgen_runtime::{Operation, OperationVisitor};
use base64::Engine as _;
use codegen::ir::{Service, ShapeKind};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A request body as botocore sent it, read with our codec: the input (as JSON), and the
/// request our client sends for that input (path, headers, and the body read back as awsJson).
type RoundTrip = fn(&[u8]) -> Result<(Value, Sent), String>;
/// A response body parsed with our codec, as JSON.
type Parse = fn(&[u8]) -> Result<Value, String>;

struct Sent {
    path: String,
    headers: Vec<(String, String)>,
    body: Value,
}

/// Input round trip and output parse of every operation, by name.
#[derive(Default)]
struct Codecs(BTreeMap<&'static str, (RoundTrip, Parse)>);

impl OperationVisitor for Codecs {
    fn visit<O: Operation>(&mut self) {
        self.0
            .insert(O::NAME, (round_trip_input::<O>, parse_output::<O>));
    }
}

fn round_trip_input<O: Operation>(body: &[u8]) -> Result<(Value, Sent), String> {
    let input: O::Input = read_body(O::PROTOCOL, body)?;
    let request = encode_request::<O>(&input).map_err(|e| e.to_string())?;
    let sent = Sent {
        path: request.path,
        headers: request.headers,
        body: view(O::PROTOCOL, &request.body)?,
    };
    Ok((
        serde_json::to_value(&input).map_err(|e| e.to_string())?,
        sent,
    ))
}

fn parse_output<O: Operation>(body: &[u8]) -> Result<Value, String> {
    // An empty 200 body means an empty structure (botocore parses it as `{}`).
    let output: O::Output = read_body(O::PROTOCOL, body)?;
    serde_json::to_value(&output).map_err(|e| e.to_string())
}

/// A body in awsJson form, read without our types: JSON as is; CBOR through ciborium's
/// `Value`, with byte strings as base64 and tag 1 timestamps as epoch seconds (any other tag
/// is an error).
fn view(protocol: Protocol, body: &[u8]) -> Result<Value, String> {
    match protocol {
        Protocol::RpcV2Cbor => {
            let value: ciborium::Value =
                ciborium::from_reader(body).map_err(|e| format!("not CBOR: {e}"))?;
            cbor_as_json(value)
        }
        _ => serde_json::from_slice(body).map_err(|e| e.to_string()),
    }
}

fn cbor_as_json(value: ciborium::Value) -> Result<Value, String> {
    use ciborium::Value as C;
    Ok(match value {
        C::Null => Value::Null,
        C::Bool(b) => Value::Bool(b),
        C::Integer(i) => Value::from(i64::try_from(i128::from(i)).map_err(|e| e.to_string())?),
        C::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        C::Text(text) => Value::String(text),
        C::Bytes(bytes) => Value::String(base64::engine::general_purpose::STANDARD.encode(bytes)),
        C::Tag(1, seconds) => cbor_as_json(*seconds)?,
        C::Tag(tag, _) => return Err(format!("unexpected CBOR tag {tag}")),
        C::Array(items) => Value::Array(
            items
                .into_iter()
                .map(cbor_as_json)
                .collect::<Result<_, _>>()?,
        ),
        C::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(key, value)| match key {
                    C::Text(key) => Ok((key, cbor_as_json(value)?)),
                    other => Err(format!("a map key that is not text: {other:?}")),
                })
                .collect::<Result<_, _>>()?,
        ),
        other => return Err(format!("unexpected CBOR value {other:?}")),
    })
}

/// A recorded body's bytes: `cbor` (base64) where the service speaks CBOR, else `body`.
fn recorded_bytes(vector: &Value) -> Vec<u8> {
    match vector.get("cbor") {
        Some(cbor) => base64::engine::general_purpose::STANDARD
            .decode(cbor.as_str().unwrap())
            .unwrap(),
        None => match &vector["body"] {
            Value::String(text) => text.clone().into_bytes(),
            json => serde_json::to_vec(json).unwrap(),
        },
    }
}

struct Suite {
    service: Service,
    codecs: Codecs,
    vectors: Value,
}

fn suite(name: &str, version: &str, visit: fn(&mut Codecs)) -> Suite {
    let service =
        codegen::pipeline::load_botocore(&root().join(format!("models/{name}/{version}"))).unwrap();
    let text = std::fs::read_to_string(root().join(format!("tests/vectors/{name}.json"))).unwrap();
    let mut codecs = Codecs::default();
    visit(&mut codecs);
    Suite {
        service,
        codecs,
        vectors: serde_json::from_str(&text).unwrap(),
    }
}

fn selling() -> Suite {
    suite("partnercentral-selling", "2022-07-26", |c| {
        partnercentral::selling::operations::visit_operations(c)
    })
}

fn account() -> Suite {
    suite("partnercentral-account", "2025-04-04", |c| {
        partnercentral::account::operations::visit_operations(c)
    })
}

fn benefits() -> Suite {
    suite("partnercentral-benefits", "2018-05-10", |c| {
        partnercentral::benefits::operations::visit_operations(c)
    })
}

fn channel() -> Suite {
    suite("partnercentral-channel", "2024-03-18", |c| {
        partnercentral::channel::operations::visit_operations(c)
    })
}

fn revenue_measurement() -> Suite {
    suite("partnercentral-revenue-measurement", "2022-07-26", |c| {
        partnercentral::revenue_measurement::operations::visit_operations(c)
    })
}

impl Suite {
    fn operation(&self, name: &str) -> &codegen::ir::Operation {
        self.service
            .operations
            .iter()
            .find(|op| op.name == name)
            .unwrap()
    }

    /// Checks every request vector; returns how many were checked.
    fn check_requests(&self) -> usize {
        let mut failures = Vec::new();
        let requests = self.vectors["requests"].as_array().unwrap();
        for vector in requests {
            let operation = vector["operation"].as_str().unwrap();
            let case = vector["case"].as_str().unwrap();
            let body = &vector["body"];
            let input = self.operation(operation).input.clone().unwrap();
            let (round_trip, _) = self.codecs.0[operation];
            let mut differences = Vec::new();
            match round_trip(&recorded_bytes(vector)) {
                Ok((ours, sent)) => {
                    differences.extend(compare(&self.service, &input, &ours, body, ""));
                    let sent_body = compare(&self.service, &input, &sent.body, body, "");
                    differences.extend(sent_body.into_iter().map(|d| format!("sent {d}")));
                    if sent.path != vector["path"].as_str().unwrap() {
                        differences.push(format!("path {} != {}", sent.path, vector["path"]));
                    }
                    for (name, value) in vector["headers"].as_object().unwrap() {
                        let ours = sent
                            .headers
                            .iter()
                            .find(|(n, _)| n.eq_ignore_ascii_case(name));
                        if ours.map(|(_, v)| v.as_str()) != value.as_str() {
                            differences.push(format!("header {name}: {ours:?}, botocore {value}"));
                        }
                    }
                }
                Err(error) => differences.push(error),
            }
            failures.extend(
                differences
                    .into_iter()
                    .map(|d| format!("{operation}/{case}: {d}")),
            );
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        requests.len()
    }

    /// Checks every response vector; returns how many were checked.
    fn check_responses(&self) -> usize {
        let mut failures = Vec::new();
        let responses = self.vectors["responses"].as_array().unwrap();
        for vector in responses {
            let operation = vector["operation"].as_str().unwrap();
            let case = vector["case"].as_str().unwrap();
            let output = self.operation(operation).output.clone().unwrap();
            let (_, parse) = self.codecs.0[operation];
            let body = recorded_bytes(vector);
            let botocore_crashed =
                vector["parsed"]["$error"] == "AttributeError" && body.is_empty();
            let botocore_failed = vector["parsed"].get("$error").is_some() && !botocore_crashed;
            if botocore_crashed {
                parse(&body).unwrap_or_else(|e| panic!("{operation}/{case}: {e}"));
                continue;
            }
            match (parse(&body), botocore_failed) {
                (Ok(ours), false) => failures.extend(
                    compare(&self.service, &output, &ours, &vector["parsed"], "")
                        .into_iter()
                        .map(|d| format!("{operation}/{case}: {d}")),
                ),
                (Err(_), true) => {}
                (Ok(ours), true) => failures.push(format!(
                    "{operation}/{case}: botocore rejects this response, we parsed {ours}"
                )),
                (Err(error), false) => failures.push(format!("{operation}/{case}: {error}")),
            }
        }
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
        responses.len()
    }
}

/// Differences between our value and botocore's at `path`, for a value of shape `shape`.
fn compare(
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
        (ShapeKind::Union(_), Value::Object(ours_map), Value::Object(theirs_map))
            if theirs_map.contains_key("SDK_UNKNOWN_MEMBER") =>
        {
            let name = &theirs_map["SDK_UNKNOWN_MEMBER"]["name"];
            let our_names: Vec<&String> = ours_map.keys().collect();
            if our_names.len() == 1 && name == our_names[0].as_str() {
                vec![]
            } else {
                vec![format!(
                    "{path}: unknown union member {name} but ours is {ours}"
                )]
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
        _ if ours == theirs => vec![],
        _ => vec![format!("{path}: ours {ours}, botocore {theirs}")],
    }
}

/// A timestamp in any recorded form, in whole microseconds (botocore's precision).
fn instant(value: &Value) -> Option<i64> {
    let seconds = |n: &Value| n.as_f64().map(|s| (s * 1e6).round() as i64);
    match value {
        Value::Object(map) => map.get("$timestamp").and_then(seconds),
        Value::Number(_) => seconds(value),
        Value::String(text) => {
            let timestamp: jiff::Timestamp = text.parse().ok()?;
            Some(timestamp.as_microsecond())
        }
        _ => None,
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

#[test]
fn selling_requests_round_trip() {
    assert_eq!(selling().check_requests(), 153);
}

#[test]
fn selling_responses_parse_like_botocore() {
    assert_eq!(selling().check_responses(), 207);
}

#[test]
fn account_requests_round_trip() {
    assert_eq!(account().check_requests(), 93);
}

#[test]
fn account_responses_parse_like_botocore() {
    assert_eq!(account().check_responses(), 204);
}

#[test]
fn benefits_requests_round_trip() {
    assert_eq!(benefits().check_requests(), 56);
}

#[test]
fn benefits_responses_parse_like_botocore() {
    assert_eq!(benefits().check_responses(), 92);
}

#[test]
fn channel_requests_round_trip() {
    assert_eq!(channel().check_requests(), 63);
}

#[test]
fn channel_responses_parse_like_botocore() {
    assert_eq!(channel().check_responses(), 89);
}

#[test]
fn revenue_measurement_requests_round_trip() {
    assert_eq!(revenue_measurement().check_requests(), 60);
}

#[test]
fn revenue_measurement_responses_parse_like_botocore() {
    assert_eq!(revenue_measurement().check_responses(), 101);
}

#[test]
fn the_vectors_cover_the_tricky_cases() {
    let mut cases = std::collections::BTreeSet::new();
    for suite in [
        selling(),
        account(),
        benefits(),
        channel(),
        revenue_measurement(),
    ] {
        assert_eq!(suite.vectors["botocore_version"], "1.44.5");
        for vector in suite.vectors["responses"].as_array().unwrap() {
            cases.insert(vector["case"].as_str().unwrap().to_owned());
        }
        // Every operation has requests and (where it has an output) responses.
        for operation in &suite.service.operations {
            assert!(suite.codecs.0.contains_key(operation.name.as_str()));
        }
    }
    for case in [
        "unknown-enum",
        "unknown-union-member",
        "union-with-__type",
        "union-with-null-members",
        "union-with-two-members",
        "extra-unknown-keys",
        "null-optional-members",
        "null-in-list",
        "missing-required-member",
        "timestamp-epoch-int",
        "timestamp-epoch-float",
        "timestamp-iso8601-offset",
        "timestamp-tag1-int",
        "timestamp-tag1-float",
        "indefinite-lengths",
    ] {
        assert!(cases.contains(case), "no `{case}` vector");
    }
}
