//! The server side of restJson1: which operation a request is for (its method, path and
//! literal query parameters against each `@http` trait), its input read into the input's
//! serde form, and an output written as status, headers and body.

use serde_json::{Map, Value};

use super::client::read_bound;
use super::{Format, header_value, map_entries, members, payload, query_member, scalar_value};
use crate::protocol::uri::percent_decode;
use crate::schema::{Binding, Http, Kind, Segment, Shape};

/// How specific a matching route is: routes with more literal path segments, then more
/// literal query parameters, then without a greedy label win (Smithy's rule for templates
/// that could both match).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Specificity {
    literals: usize,
    query_literals: usize,
    not_greedy: bool,
}

/// The labels of `path` (percent-encoded, without the query) if `method`, `path` and `query`
/// match `http`, with how specific the match is.
pub fn match_route(
    http: &Http,
    method: &str,
    path: &str,
    query: &str,
) -> Option<(Vec<(&'static str, String)>, Specificity)> {
    if !http.method.eq_ignore_ascii_case(method) {
        return None;
    }
    let trimmed = path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    let parts: Vec<&str> = if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    };
    let mut labels = Vec::new();
    let mut index = 0;
    let mut greedy_seen = false;
    for (position, segment) in http.path.iter().enumerate() {
        match *segment {
            Segment::Literal(text) => {
                if parts.get(index) != Some(&text) {
                    return None;
                }
                index += 1;
            }
            Segment::Label {
                name,
                greedy: false,
            } => {
                let part = parts.get(index).filter(|p| !p.is_empty())?;
                labels.push((name, percent_decode(part)?));
                index += 1;
            }
            Segment::Label { name, greedy: true } => {
                // The greedy label takes every segment the literals after it leave.
                let after = http.path.len() - position - 1;
                let end = parts.len().checked_sub(after).filter(|&end| end > index)?;
                labels.push((name, percent_decode(&parts[index..end].join("/"))?));
                index = end;
                greedy_seen = true;
            }
        }
    }
    if index != parts.len() {
        return None;
    }
    let pairs = query_pairs(query)?;
    for (name, value) in http.query {
        let present = pairs
            .iter()
            .any(|(n, v)| n == name && value.is_none_or(|value| v == value));
        if !present {
            return None;
        }
    }
    let literals = http
        .path
        .iter()
        .filter(|s| matches!(s, Segment::Literal(_)))
        .count();
    let specificity = Specificity {
        literals,
        query_literals: http.query.len(),
        not_greedy: !greedy_seen,
    };
    Some((labels, specificity))
}

/// `a=1&b&c=%20` as decoded pairs (a parameter without `=` has an empty value); `None` for a
/// malformed escape.
pub fn query_pairs(query: &str) -> Option<Vec<(String, String)>> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Some((percent_decode(name)?, percent_decode(value)?))
        })
        .collect()
}

/// Reads a request's input (its labels, query, headers and body) into the serde form of
/// `schema`. Errors name the member.
pub fn decode_input(
    format: Format,
    schema: &'static Shape,
    labels: &[(&'static str, String)],
    query: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Value, String> {
    let mut fields = match payload(schema) {
        Some(_) => Map::new(),
        None => format.read_members(schema, body)?,
    };
    // Headers, prefix headers and the payload read as in a response.
    read_bound(format, schema, 200, headers, body, &mut fields)?;
    let pairs = query_pairs(query).ok_or(": the query string is malformed")?;
    for member in members(schema) {
        match member.http {
            Binding::Label(name) => {
                let text = labels
                    .iter()
                    .find(|(label, _)| *label == name)
                    .map(|(_, text)| text.as_str())
                    .ok_or_else(|| format!(": the URI has no label `{name}`"))?;
                fields.insert(
                    member.name.to_owned(),
                    scalar_value(member, member.target, text)?,
                );
            }
            Binding::Query(name) => {
                let values: Vec<&str> = pairs
                    .iter()
                    .filter(|(n, _)| n == name)
                    .map(|(_, v)| v.as_str())
                    .collect();
                if values.is_empty() {
                    fields.remove(member.name);
                } else {
                    fields.insert(member.name.to_owned(), query_member(member, &values)?);
                }
            }
            Binding::ResponseCode => {
                fields.remove(member.name);
            }
            _ => {}
        }
    }
    // `@httpQueryParams` takes every parameter, those `@httpQuery` members read too (as
    // Smithy's server protocol tests have it).
    for member in members(schema)
        .iter()
        .filter(|m| m.http == Binding::QueryParams)
    {
        let mut entries: Vec<(String, Vec<&str>)> = Vec::new();
        for (name, value) in &pairs {
            match entries.iter_mut().find(|(key, _)| key == name) {
                Some((_, values)) => values.push(value),
                None => entries.push((name.clone(), vec![value])),
            }
        }
        if !entries.is_empty() {
            fields.insert(member.name.to_owned(), super::map_value(member, &entries)?);
        }
    }
    Ok(Value::Object(fields))
}

/// A response of an HTTP-bound operation: status, headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Writes `output` (the output's serde form) as `http` and `schema` bind it: the success
/// code (or the `@httpResponseCode` member's value), header-bound members, and the body.
pub fn encode_output(
    format: Format,
    http: &Http,
    schema: &'static Shape,
    output: &Value,
) -> Result<RestResponse, String> {
    let empty = Map::new();
    let fields = output.as_object().unwrap_or(&empty);
    let value_of = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let mut status = http.code;
    let mut headers = Vec::new();
    for member in members(schema) {
        let Some(value) = value_of(member.name) else {
            continue;
        };
        match member.http {
            Binding::Header(name) => headers.push((name.to_owned(), header_value(member, value)?)),
            Binding::PrefixHeaders(prefix) => {
                for (key, values) in map_entries(member, value)? {
                    headers.push((format!("{prefix}{key}"), values.join(", ")));
                }
            }
            Binding::ResponseCode => {
                status = value
                    .as_u64()
                    .and_then(|code| u16::try_from(code).ok())
                    .ok_or_else(|| format!("`{}` is not an HTTP status", member.name))?;
            }
            _ => {}
        }
    }
    let (body, media_type) = match payload(schema) {
        Some(member) => match (member.target.kind, value_of(member.name)) {
            (_, None) => (Vec::new(), None),
            (Kind::Blob | Kind::String, Some(value)) => {
                let value = payload_value_bytes(member.target, value)?;
                let media = if matches!(member.target.kind, Kind::Blob) {
                    "application/octet-stream"
                } else {
                    "text/plain"
                };
                (value, Some(media))
            }
            (_, Some(value)) => (
                format.write_payload(member, value)?,
                Some(format.media_type()),
            ),
        },
        // An output without body members has no body.
        None if !members(schema).iter().any(|m| m.http.in_response_body()) => (Vec::new(), None),
        None => {
            let body: Map<String, Value> = members(schema)
                .iter()
                .filter(|m| m.http.in_response_body())
                .filter_map(|m| value_of(m.name).map(|v| (m.name.to_owned(), v.clone())))
                .collect();
            let root = schema.xml_name.unwrap_or(schema.name);
            (
                format.write_members(schema, (root, schema.xml_namespace), body)?,
                Some(format.media_type()),
            )
        }
    };
    let has_content_type = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if let Some(media_type) = media_type.filter(|_| !has_content_type) {
        headers.push(("content-type".to_owned(), media_type.to_owned()));
    }
    Ok(RestResponse {
        status,
        headers,
        body,
    })
}

/// The bytes of a blob (base64 in its serde form) or string payload.
fn payload_value_bytes(target: &Shape, value: &Value) -> Result<Vec<u8>, String> {
    use base64::Engine as _;
    match (target.kind, value) {
        (Kind::Blob, Value::String(text)) => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map_err(|_| "the payload is not base64".to_owned()),
        (_, Value::String(text)) => Ok(text.clone().into_bytes()),
        _ => Err("the payload has the wrong type".to_owned()),
    }
}
