//! The HTTP bindings of restJson1 (and, later, restXml), both directions, over a value's
//! serde form and its static [`schema`](crate::schema): which members travel in the URI,
//! the query, headers, the status or as the whole body, and how each one is written as text
//! and read back. The body members stay in the serde form, which the protocol's body codec
//! writes ([`client`] for the client side, [`server`] for the server side).

pub mod client;
pub mod server;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value};

use super::header;
use crate::Timestamp;
use crate::codec::parse_timestamp;
use crate::schema::{Binding, Kind, Member, Shape, TimestampFormat};

/// The body format of an HTTP-bound protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    #[cfg(feature = "rest-xml")]
    Xml,
}

impl Format {
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            #[cfg(feature = "rest-xml")]
            Format::Xml => "application/xml",
        }
    }

    /// The body of the members bound to it (`fields`, already filtered), as the root element
    /// `root` in XML.
    pub(crate) fn write_members(
        self,
        schema: &'static Shape,
        root: (&str, Option<crate::schema::XmlNamespace>),
        fields: Map<String, Value>,
    ) -> Result<Vec<u8>, String> {
        let _ = (schema, root); // XML only
        match self {
            Format::Json => serde_json::to_vec(&fields).map_err(|e| e.to_string()),
            #[cfg(feature = "rest-xml")]
            Format::Xml => {
                let mut out = String::new();
                super::xml::write_structure(
                    &mut out,
                    root.0,
                    schema,
                    &Value::Object(fields),
                    root.1,
                )?;
                Ok(out.into_bytes())
            }
        }
    }

    /// A structure, union or document payload.
    pub(crate) fn write_payload(self, member: &Member, value: &Value) -> Result<Vec<u8>, String> {
        let _ = member; // XML only
        match self {
            Format::Json => serde_json::to_vec(value).map_err(|e| e.to_string()),
            #[cfg(feature = "rest-xml")]
            Format::Xml => {
                let mut out = String::new();
                let namespace = member.xml_namespace.or(member.target.xml_namespace);
                super::xml::write_value(
                    &mut out,
                    payload_root(member),
                    member.target,
                    value,
                    namespace,
                )?;
                Ok(out.into_bytes())
            }
        }
    }

    /// The body members of `schema` from a body (an empty one has none).
    pub(crate) fn read_members(
        self,
        schema: &'static Shape,
        body: &[u8],
    ) -> Result<Map<String, Value>, String> {
        let _ = schema; // XML only
        match self {
            Format::Json => {
                match serde_json::from_slice::<Value>(crate::protocol::success_body(body)) {
                    Ok(Value::Object(map)) => Ok(map),
                    Ok(_) => Err(": the body is not a JSON object".to_owned()),
                    Err(error) => Err(format!(": {error}")),
                }
            }
            #[cfg(feature = "rest-xml")]
            Format::Xml if body.iter().all(u8::is_ascii_whitespace) => Ok(Map::new()),
            #[cfg(feature = "rest-xml")]
            Format::Xml => super::xml::read_structure(schema, &super::xml::parse(body)?, true),
        }
    }

    /// A structure, union or document payload read from a (non-empty) body.
    pub(crate) fn read_payload(self, target: &'static Shape, body: &[u8]) -> Result<Value, String> {
        let _ = target; // XML only
        match self {
            Format::Json => serde_json::from_slice(body).map_err(|error| format!(": {error}")),
            #[cfg(feature = "rest-xml")]
            Format::Xml => {
                let root = super::xml::parse(body)?;
                match target.kind {
                    Kind::Structure(_) | Kind::Union(_) => {
                        super::xml::read_structure(target, &root, false).map(Value::Object)
                    }
                    _ => super::xml::scalar(target, &root.text),
                }
            }
        }
    }
}

/// The root element of a payload member's body: the member's own XML name (the schema has
/// one only where it differs from the member name), else its target's, else the target's
/// shape name.
#[cfg(feature = "rest-xml")]
fn payload_root(member: &Member) -> &'static str {
    member
        .xml_name
        .or(member.target.xml_name)
        .unwrap_or(member.target.name)
}

/// The members of a structure schema (none for any other shape).
pub(crate) fn members(shape: &'static Shape) -> &'static [Member] {
    match shape.kind {
        Kind::Structure(members) | Kind::Union(members) => members,
        _ => &[],
    }
}

/// The member bound to the body as a whole, if any.
pub(crate) fn payload(shape: &'static Shape) -> Option<&'static Member> {
    members(shape).iter().find(|m| m.http == Binding::Payload)
}

/// Text of one scalar value bound to a header, label or query parameter, in the serde form
/// `value` has (timestamps as numbers or text, blobs as base64).
pub(crate) fn scalar_text(
    member: &Member,
    target: &Shape,
    value: &Value,
) -> Result<String, String> {
    let wrong = || format!("`{}` has a value of the wrong type: {value}", member.name);
    Ok(match (target.kind, value) {
        (Kind::Timestamp, _) => format_timestamp(read_timestamp(value)?, member.bound_format),
        (Kind::String, Value::String(text))
            if member.json_value && matches!(member.http, Binding::Header(_)) =>
        {
            BASE64.encode(text)
        }
        (_, Value::String(text)) => text.clone(),
        (_, Value::Bool(flag)) => flag.to_string(),
        (_, Value::Number(number)) => number.to_string(),
        (Kind::Document, other) => other.to_string(),
        _ => return Err(wrong()),
    })
}

/// A timestamp in its serde form: epoch seconds as a number, or text in any format.
fn read_timestamp(value: &Value) -> Result<Timestamp, String> {
    match value {
        Value::Number(number) => parse_timestamp(&number.to_string()),
        Value::String(text) => parse_timestamp(text),
        other => Err(format!("{other} is not a timestamp")),
    }
}

fn format_timestamp(value: Timestamp, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::EpochSeconds if value.subsec_nanosecond() == 0 => {
            value.as_second().to_string()
        }
        TimestampFormat::EpochSeconds => format!("{}", value.as_millisecond() as f64 / 1000.0),
        TimestampFormat::DateTime => value.to_string(),
        TimestampFormat::HttpDate => value.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
    }
}

/// The header value of a header-bound member: a list's items joined (HTTP dates unquoted).
pub(crate) fn header_value(member: &Member, value: &Value) -> Result<String, String> {
    match (member.target.kind, value) {
        (Kind::List(item), Value::Array(items)) => {
            let texts = items
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| scalar_text(member, item.target, v))
                .collect::<Result<Vec<_>, _>>()?;
            let texts = texts.iter().map(String::as_str);
            let dates = matches!(item.target.kind, Kind::Timestamp)
                && member.bound_format == TimestampFormat::HttpDate;
            Ok(if dates {
                header::join_http_dates(texts)
            } else {
                header::join_list(texts)
            })
        }
        _ => scalar_text(member, member.target, value),
    }
}

/// The values of a query-bound member: one per list item.
pub(crate) fn query_values(member: &Member, value: &Value) -> Result<Vec<String>, String> {
    match (member.target.kind, value) {
        (Kind::List(item), Value::Array(items)) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| scalar_text(member, item.target, v))
            .collect(),
        _ => Ok(vec![scalar_text(member, member.target, value)?]),
    }
}

/// A scalar read from text (a header, label or query parameter) into its serde form.
pub(crate) fn scalar_value(member: &Member, target: &Shape, text: &str) -> Result<Value, String> {
    let bad = |what: &str| format!("`{}`: `{text}` is not {what}", member.name);
    Ok(match target.kind {
        Kind::String if member.json_value && matches!(member.http, Binding::Header(_)) => {
            let bytes = BASE64
                .decode(text.trim())
                .map_err(|_| bad("base64 JSON text"))?;
            Value::String(String::from_utf8(bytes).map_err(|_| bad("UTF-8 JSON text"))?)
        }
        Kind::String | Kind::Blob => Value::String(text.to_owned()),
        Kind::Boolean | Kind::Integer | Kind::Float | Kind::BigNumber => {
            crate::protocol::number_or_boolean(target.kind, text).map_err(bad)?
        }
        Kind::Timestamp => Value::String(
            parse_timestamp(text)
                .map_err(|e| bad(e.as_str()))?
                .to_string(),
        ),
        Kind::Document => serde_json::from_str(text).map_err(|_| bad("a JSON document"))?,
        _ => return Err(format!("`{}` cannot travel as text", member.name)),
    })
}

/// A header-bound member's value read from its header: a list split into its items.
pub(crate) fn header_member(member: &Member, text: &str) -> Result<Value, String> {
    match member.target.kind {
        Kind::List(item) => {
            let dates = matches!(item.target.kind, Kind::Timestamp)
                && member.bound_format == TimestampFormat::HttpDate;
            let items = if text.trim().is_empty() {
                // An empty header is an empty list (a client sends one for `[]`).
                Vec::new()
            } else if dates {
                header::split_http_dates(text)
            } else {
                header::split_list(text)?
            };
            items
                .iter()
                .map(|item_text| scalar_value(member, item.target, item_text))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        _ => scalar_value(member, member.target, text.trim()),
    }
}

/// A query-bound member read from the values its parameter has (a list takes them all, a
/// scalar the first).
pub(crate) fn query_member(member: &Member, values: &[&str]) -> Result<Value, String> {
    match member.target.kind {
        Kind::List(item) => values
            .iter()
            .map(|text| scalar_value(member, item.target, text))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        _ => scalar_value(member, member.target, values[0]),
    }
}

/// The value of a map-valued binding (`@httpPrefixHeaders`, `@httpQueryParams`): its
/// entries, each value a string or (query parameters) a list of strings.
pub(crate) fn map_entries<'v>(
    member: &Member,
    value: &'v Value,
) -> Result<Vec<(&'v str, Vec<String>)>, String> {
    let Value::Object(entries) = value else {
        return Err(format!("`{}` is not a map", member.name));
    };
    let Kind::Map { value: item, .. } = member.target.kind else {
        return Err(format!(
            "`{}` is bound as a map but is not one",
            member.name
        ));
    };
    entries
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(key, v)| {
            let values = match (item.target.kind, v) {
                (Kind::List(inner), Value::Array(items)) => items
                    .iter()
                    .filter(|v| !v.is_null())
                    .map(|v| scalar_text(member, inner.target, v))
                    .collect::<Result<_, _>>()?,
                _ => vec![scalar_text(member, item.target, v)?],
            };
            Ok((key.as_str(), values))
        })
        .collect()
}

/// A map-valued binding read back: `entries` by key, each value read as the map's value
/// member says (a list gets every value, a string the first).
pub(crate) fn map_value(member: &Member, entries: &[(String, Vec<&str>)]) -> Result<Value, String> {
    let Kind::Map { value: item, .. } = member.target.kind else {
        return Err(format!(
            "`{}` is bound as a map but is not one",
            member.name
        ));
    };
    let mut map = Map::new();
    for (key, values) in entries {
        let value = match item.target.kind {
            Kind::List(inner) => Value::Array(
                values
                    .iter()
                    .map(|text| scalar_value(member, inner.target, text))
                    .collect::<Result<_, _>>()?,
            ),
            _ => scalar_value(member, item.target, values[0])?,
        };
        map.insert(key.clone(), value);
    }
    Ok(Value::Object(map))
}
