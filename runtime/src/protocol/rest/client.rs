//! The client side of restJson1: a request from the input's serde form and the operation's
//! `@http` trait, and the output read back from the status, headers and body.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value};

use super::{
    Format, header_member, header_value, map_entries, map_value, members, payload, query_values,
};
use crate::protocol::uri::{push_label, push_query};
use crate::schema::{Binding, Http, Kind, Segment, Shape};

/// A request of an HTTP-bound protocol, before the transport adds host, length and
/// signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestRequest {
    pub method: &'static str,
    /// The path and query string, starting with `/`.
    pub path_and_query: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Encodes `input` (the input's serde form) as `http` and `schema` bind it. Errors name the
/// member.
pub fn encode(
    format: Format,
    http: &Http,
    schema: &'static Shape,
    input: &Value,
) -> Result<RestRequest, String> {
    let empty = Map::new();
    let fields = input.as_object().unwrap_or(&empty);
    let value_of = |name: &str| fields.get(name).filter(|v| !v.is_null());
    let members = members(schema);

    let mut path = String::new();
    for segment in http.path {
        path.push('/');
        match *segment {
            Segment::Literal(text) => path.push_str(text),
            Segment::Label { name, greedy } => {
                let member = members
                    .iter()
                    .find(|m| m.http == Binding::Label(name))
                    .ok_or_else(|| format!("no member is bound to the label `{name}`"))?;
                let text = value_of(member.name)
                    .map(|value| super::scalar_text(member, member.target, value))
                    .transpose()?
                    .filter(|text| !text.is_empty())
                    .ok_or_else(|| {
                        format!(
                            "`{}` is required: it fills the URI label `{name}`",
                            member.name
                        )
                    })?;
                push_label(&mut path, &text, greedy);
            }
        }
    }
    if path.is_empty() || http.trailing_slash {
        path.push('/');
    }
    let mut query = String::new();
    for (name, value) in http.query {
        push_query(&mut query, name, *value);
    }
    let mut headers = Vec::new();
    let mut named_query = Vec::new();
    for member in members {
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
            Binding::Query(name) => {
                named_query.push(name);
                for text in query_values(member, value)? {
                    push_query(&mut query, name, Some(&text));
                }
            }
            _ => {}
        }
    }
    // `@httpQueryParams` yields to the template's literals and to `@httpQuery` members.
    for member in members.iter().filter(|m| m.http == Binding::QueryParams) {
        let Some(value) = value_of(member.name) else {
            continue;
        };
        for (key, values) in map_entries(member, value)? {
            let taken = named_query.contains(&key) || http.query.iter().any(|(n, _)| *n == key);
            if !taken {
                for text in values {
                    push_query(&mut query, key, Some(&text));
                }
            }
        }
    }
    if !query.is_empty() {
        path.push('?');
        path.push_str(&query);
    }

    let body = match payload(schema) {
        Some(member) => payload_body(format, member, value_of(member.name))?,
        None => {
            let body: Map<String, Value> = members
                .iter()
                .filter(|m| m.http == Binding::Body)
                .filter_map(|m| value_of(m.name).map(|v| (m.name.to_owned(), v.clone())))
                .collect();
            if members.iter().any(|m| m.http == Binding::Body) {
                let root = schema.xml_name.or(http.xml_root).unwrap_or(schema.name);
                let namespace = http.xml_namespace.or(schema.xml_namespace);
                format.write_members(schema, (root, namespace), body)?
            } else {
                Vec::new()
            }
        }
    };
    let has_content_type = headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    if !body.is_empty() && !has_content_type {
        let media_type = match payload(schema).map(|m| m.target.kind) {
            Some(Kind::Blob) => "application/octet-stream",
            Some(Kind::String) => "text/plain",
            _ => format.media_type(),
        };
        headers.push(("content-type".to_owned(), media_type.to_owned()));
    }
    Ok(RestRequest {
        method: http.method,
        path_and_query: path,
        headers,
        body,
    })
}

/// The body of a payload-bound member: a blob's bytes, a string's text, a structure,
/// union or document as JSON (an absent structure sends `{}`, as botocore does; an absent
/// union nothing, as Smithy says).
fn payload_body(
    format: Format,
    member: &crate::schema::Member,
    value: Option<&Value>,
) -> Result<Vec<u8>, String> {
    Ok(match (member.target.kind, value) {
        (Kind::Blob, Some(Value::String(base64))) => BASE64
            .decode(base64)
            .map_err(|_| "the payload is not base64".to_owned())?,
        (Kind::String, Some(Value::String(text))) => text.clone().into_bytes(),
        (Kind::Blob | Kind::String, _) => Vec::new(),
        (Kind::Structure(_), None) if format == Format::Json => b"{}".to_vec(),
        (_, Some(value)) => format.write_payload(member, value)?,
        (_, None) => Vec::new(),
    })
}

/// Reads a success response of an operation whose output is `schema` into the output's
/// serde form: bound members from the status and headers, the rest from the JSON body (or
/// the payload member from the whole body).
pub fn decode(
    format: Format,
    schema: &'static Shape,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Value, String> {
    let mut fields = match payload(schema) {
        Some(_) => Map::new(),
        None => format.read_members(schema, body)?,
    };
    read_bound(format, schema, status, headers, body, &mut fields)?;
    Ok(Value::Object(fields))
}

/// Reads a modeled error of `schema` into its serde form: the members in the body (JSON, or
/// XML's `<Error>` element) and those bound to headers.
pub fn decode_error(
    format: Format,
    schema: &'static Shape,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Value, String> {
    let mut fields = match format {
        Format::Json => format.read_members(schema, body)?,
        #[cfg(feature = "rest-xml")]
        Format::Xml => {
            let root = crate::protocol::xml::parse(body)?;
            let error = root.find("Error").unwrap_or(&root);
            crate::protocol::xml::read_structure(schema, error, true)?
        }
    };
    read_bound(format, schema, status, headers, &[], &mut fields)?;
    Ok(Value::Object(fields))
}

/// Reads the members of `schema` bound outside the JSON body into `fields` (replacing any
/// body key of the same name).
pub(crate) fn read_bound(
    format: Format,
    schema: &'static Shape,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    fields: &mut Map<String, Value>,
) -> Result<(), String> {
    let header = |name: &str| {
        let mut values = headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v)
            .peekable();
        values.peek()?;
        Some(values.collect::<Vec<_>>().join(", "))
    };
    for member in members(schema) {
        let value = match member.http {
            Binding::Body => continue,
            Binding::Header(name) => match header(name) {
                Some(text) => header_member(member, &text)?,
                None => {
                    fields.remove(member.name);
                    continue;
                }
            },
            Binding::PrefixHeaders(prefix) => {
                let mut entries: Vec<(String, Vec<&str>)> = Vec::new();
                for (name, value) in headers {
                    let matches = name.len() >= prefix.len()
                        && name.is_char_boundary(prefix.len())
                        && name[..prefix.len()].eq_ignore_ascii_case(prefix);
                    if matches {
                        entries.push((name[prefix.len()..].to_owned(), vec![value]));
                    }
                }
                // No such header is an empty map, as botocore reads it.
                map_value(member, &entries)?
            }
            Binding::ResponseCode => Value::from(status),
            Binding::Payload => match payload_value(format, member.target, body)? {
                Some(value) => value,
                None => continue,
            },
            Binding::Label(_) | Binding::Query(_) | Binding::QueryParams => continue,
        };
        fields.insert(member.name.to_owned(), value);
    }
    Ok(())
}

/// A payload member read from the whole body: blobs as base64 (their serde form), strings as
/// text, anything else as JSON; an empty body leaves the member absent.
pub(crate) fn payload_value(
    format: Format,
    target: &'static Shape,
    body: &[u8],
) -> Result<Option<Value>, String> {
    if body.is_empty() {
        return Ok(None);
    }
    Ok(Some(match target.kind {
        Kind::Blob => Value::String(BASE64.encode(body)),
        Kind::String => Value::String(
            String::from_utf8(body.to_vec()).map_err(|_| ": the payload is not UTF-8")?,
        ),
        _ => format.read_payload(target, body)?,
    }))
}
