//! Our server reading botocore's recorded requests, for `botocore_aws_sample.rs`: the body
//! decoded as the server's transport does, the input read as the dispatcher reads it, and
//! the comparison with botocore's parameters. What botocore adds itself (its flexible
//! checksums' members) and `Content-Length` (a transport header the recorder leaves out)
//! are left out, a timestamp in a header or in HTTP-date form compares to the second
//! (botocore drops the fraction), and empty lists, maps and structures count as absent
//! where the wire cannot carry them.

use awsgen_runtime::Operation;
use awsgen_runtime::protocol::Protocol;
use awsgen_runtime::protocol::rest::server::{Specificity, match_route};
use awsgen_runtime::protocol::server::{self, Reply, RestRequest};
use codegen::ir::{HttpBinding, Service, ShapeKind};
use serde_json::Value;

use super::compare;

/// A request botocore sent, as our server receives it.
#[derive(Clone)]
pub struct Received {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// How specifically the `@http` route of an HTTP-bound `O` matches the request.
pub fn route<O: Operation>(request: &Received) -> Option<Specificity> {
    match_route(O::HTTP, &request.method, &request.path, &request.query).map(|(_, s)| s)
}

/// What the server reads from a request to `O`: its body decoded as the server's transport
/// does, then the input as the dispatcher reads it (the form, the JSON body, or the route's
/// labels, query, headers and body), in its serde form.
pub fn read<O: Operation>(mut request: Received) -> Result<Value, String> {
    let rest = matches!(O::PROTOCOL, Protocol::RestJson1 | Protocol::RestXml);
    let gzip = !rest || O::GZIP_REQUEST;
    let body = awsgen_runtime::encoding::decode_request(
        &mut request.headers,
        request.body,
        10 << 20,
        gzip,
    )
    .map_err(|error| format!("the body does not decode: {error}"))?;
    let refused = |reply: Reply| format!("refused: {}", String::from_utf8_lossy(&reply.body));
    let header = |name: &str| {
        request
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    };
    let input = match O::PROTOCOL {
        Protocol::AwsQuery | Protocol::Ec2Query => {
            let media = header("content-type").unwrap_or_default();
            if media.split(';').next().map(str::trim) != Some("application/x-www-form-urlencoded") {
                return Err(format!("not a form: {media}"));
            }
            let params = awsgen_runtime::protocol::query::server::parse_form(&body)?;
            let value = |name: &str| {
                params
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
            };
            if (value("Action"), value("Version")) != (Some(O::NAME), Some(O::API_VERSION)) {
                return Err(format!(
                    "Action {:?}, Version {:?}",
                    value("Action"),
                    value("Version")
                ));
            }
            server::decode_query_input::<O>(&params).map_err(refused)?
        }
        Protocol::RestJson1 | Protocol::RestXml => {
            let (labels, _) = match_route(O::HTTP, &request.method, &request.path, &request.query)
                .ok_or("the route does not match")?;
            let rest = RestRequest {
                labels,
                query: request.query.clone(),
                headers: request.headers.clone(),
                body,
            };
            server::decode_rest_input::<O>(&rest).map_err(refused)?
        }
        _ => {
            if header("x-amz-target") != Some(O::TARGET) {
                return Err(format!("X-Amz-Target {:?}", header("x-amz-target")));
            }
            server::decode_input::<O>(&body).map_err(refused)?
        }
    };
    serde_json::to_value(&input).map_err(|e| e.to_string())
}

/// Differences between what our server read for an operation with input shape `input`
/// and botocore's parameters, by the model, after the normalizations of the module's
/// documentation.
pub fn differences(service: &Service, input: &str, ours: Value, params: &Value) -> Vec<String> {
    let (mut ours, mut theirs) = (without_empty(ours), without_empty(params.clone()));
    let members = match &service.shapes[input].kind {
        ShapeKind::Structure(members) => members.as_slice(),
        _ => &[],
    };
    for member in members {
        let HttpBinding::Header(header) = &member.bindings.http else {
            continue;
        };
        let header = header.to_ascii_lowercase();
        let key = member.wire_name.as_str();
        let checksum = header.starts_with("x-amz-checksum-")
            || header == "x-amz-sdk-checksum-algorithm"
            || header == "content-md5";
        if (checksum && theirs.get(key).is_none()) || header == "content-length" {
            for value in [&mut ours, &mut theirs] {
                if let Some(fields) = value.as_object_mut() {
                    fields.remove(key);
                }
            }
        }
        // botocore writes a header timestamp in whole seconds, whatever its format.
        if let Some(Value::String(text)) = theirs.get_mut(key)
            && matches!(service.shapes[&member.target].kind, ShapeKind::Timestamp(_))
            && let Ok(time) = text.parse::<jiff::Timestamp>()
        {
            *text = whole_seconds(time);
        }
    }
    to_the_second(&ours, &mut theirs);
    compare(service, input, &ours, &theirs, "")
        .into_iter()
        .map(|difference| format!("server: {difference}"))
        .collect()
}

/// `value` without empty lists, maps and structures (recursively, list items too), which a
/// form or an HTTP request cannot tell from absent ones.
fn without_empty(value: Value) -> Value {
    let empty = |value: &Value| match value {
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    };
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, without_empty(value)))
                .filter(|(_, value)| !empty(value))
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(without_empty)
                .filter(|value| !matches!(value, Value::Object(map) if map.is_empty()))
                .collect(),
        ),
        other => other,
    }
}

/// `theirs` with each timestamp whole seconds where `ours` holds an HTTP date at the same
/// place: a member that travels in that format (a header, S3's `rfc822` members) carries no
/// fraction, and botocore drops it.
fn to_the_second(ours: &Value, theirs: &mut Value) {
    match (ours, theirs) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                if let Some(other) = b.get_mut(key) {
                    to_the_second(value, other);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (value, other) in a.iter().zip(b) {
                to_the_second(value, other);
            }
        }
        (Value::String(text), Value::String(other)) if jiff::fmt::rfc2822::parse(text).is_ok() => {
            if let Ok(time) = other.parse::<jiff::Timestamp>() {
                *other = whole_seconds(time);
            }
        }
        _ => {}
    }
}

fn whole_seconds(time: jiff::Timestamp) -> String {
    jiff::Timestamp::from_second(time.as_second())
        .unwrap()
        .to_string()
}
