//! The server side of awsQuery and ec2Query: a form (`Action=...&Version=...&Tags.member.1.Key=...`)
//! read back into an input's serde form by the same schema and naming rules the client
//! writes it with ([`super::encode`]), and an output written as the XML the client reads
//! ([`super::decode`]): awsQuery's `<ActionResponse><ActionResult>` with its
//! `<ResponseMetadata>`, ec2Query's members under `<ActionResponse>` after its `<requestId>`.

use std::collections::BTreeMap;

use base64::Engine as _;
use serde_json::{Map, Value};

use super::param_name;
use crate::protocol::xml;
use crate::schema::{Kind, Member, Shape};

/// How many dot-separated parts a parameter name may have: far more than any model nests,
/// and few enough that neither reading nor dropping the parameter tree can exhaust the
/// stack.
const MAX_PARTS: usize = 64;

/// The parameters of a form body or query string, in order: `+` is a space, `%XX` a byte,
/// a parameter without `=` has an empty value.
pub fn parse_form(body: &[u8]) -> Result<Vec<(String, String)>, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the form is not UTF-8".to_owned())?;
    text.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((form_decode(name)?, form_decode(value)?))
        })
        .collect()
}

fn form_decode(text: &str) -> Result<String, String> {
    crate::protocol::uri::percent_decode(&text.replace('+', " ")).ok_or_else(|| {
        let quoted: String = text.chars().take(64).collect();
        format!("`{quoted}` has a malformed escape or is not UTF-8")
    })
}

/// Why a form does not read: the parameter (as the client named it) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormError {
    pub parameter: String,
    pub reason: String,
}

impl std::fmt::Display for FormError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot read {}: {}", self.parameter, self.reason)
    }
}

fn fail(parameter: &str, reason: impl Into<String>) -> FormError {
    FormError {
        parameter: parameter.to_owned(),
        reason: reason.into(),
    }
}

/// The parameters under one name prefix: the value given for the prefix itself, and the
/// parameters one part longer.
#[derive(Debug, Default)]
struct Node<'a> {
    value: Option<&'a str>,
    children: BTreeMap<&'a str, Node<'a>>,
}

impl<'a> Node<'a> {
    /// The tree of `params` (`Action` and `Version` are the server's, not the input's).
    fn tree(params: &'a [(String, String)]) -> Result<Node<'a>, FormError> {
        let mut root = Node::default();
        for (name, value) in params {
            if matches!(name.as_str(), "Action" | "Version") {
                continue;
            }
            if name.split('.').count() > MAX_PARTS {
                return Err(fail(name, format!("a name has at most {MAX_PARTS} parts")));
            }
            let mut node = &mut root;
            for part in name.split('.') {
                if part.is_empty() {
                    return Err(fail(name, "a name has an empty part"));
                }
                node = node.children.entry(part).or_default();
            }
            if node.value.replace(value.as_str()).is_some() {
                return Err(fail(name, "the parameter is given twice"));
            }
        }
        Ok(root)
    }
}

/// The input (its serde form) that the form `params` of an operation with input `schema`
/// gives. Parameters no member names are ignored, as unknown members of a JSON input are;
/// a parameter that does not fit the member it names is an error naming it.
pub fn decode_input(
    schema: &Shape,
    params: &[(String, String)],
    ec2: bool,
) -> Result<Value, FormError> {
    let root = Node::tree(params)?;
    Reader { ec2 }
        .structure(schema, &root, "")
        .map(Value::Object)
}

struct Reader {
    ec2: bool,
}

fn join(prefix: &str, part: &str) -> String {
    if prefix.is_empty() {
        part.to_owned()
    } else {
        format!("{prefix}.{part}")
    }
}

impl Reader {
    fn structure(
        &self,
        shape: &Shape,
        node: &Node,
        path: &str,
    ) -> Result<Map<String, Value>, FormError> {
        let members = match shape.kind {
            Kind::Structure(members) | Kind::Union(members) => members,
            _ => return Err(fail(path, format!("{} is not a structure", shape.name))),
        };
        if node.value.is_some_and(|v| !v.is_empty()) {
            return Err(fail(path, "a structure has members, not a value"));
        }
        let mut fields = Map::new();
        for member in members {
            let name = param_name(member, self.ec2);
            if let Some(child) = node.children.get(name.as_str()) {
                let value = self.value(member, child, &join(path, &name))?;
                fields.insert(member.name.to_owned(), value);
            }
        }
        Ok(fields)
    }

    fn value(&self, member: &Member, node: &Node, path: &str) -> Result<Value, FormError> {
        match member.target.kind {
            Kind::Structure(_) | Kind::Union(_) => {
                self.structure(member.target, node, path).map(Value::Object)
            }
            Kind::List(item) => self.list(member, item, node, path),
            Kind::Map { key, value } => self.map(member, key, value, node, path),
            _ => {
                if let Some(part) = node.children.keys().next() {
                    return Err(fail(
                        &join(path, part),
                        format!("{path} is a value, it has no parts"),
                    ));
                }
                let text = node.value.unwrap_or_default();
                scalar(member.target, text).map_err(|reason| fail(path, reason))
            }
        }
    }

    /// awsQuery's `Name.member.N` (`member` or the item's XML name), its flattened
    /// `Name.N`, ec2Query's `Name.N`; `Name=` alone is the empty list.
    fn list(
        &self,
        member: &Member,
        item: &Member,
        node: &Node,
        path: &str,
    ) -> Result<Value, FormError> {
        if is_empty(node) {
            return Ok(Value::Array(Vec::new()));
        }
        let (items, prefix) = if self.ec2 || member.flattened {
            (node, path.to_owned())
        } else {
            let name = item.xml_name.unwrap_or("member");
            only_child(node, name, path)?
        };
        let mut values = Vec::new();
        for (index, child) in indexed(items, &prefix)? {
            values.push(self.value(item, child, &format!("{prefix}.{index}"))?);
        }
        Ok(Value::Array(values))
    }

    /// `Name.entry.N.key` and `Name.entry.N.value` (flattened: `Name.N.key`; the key and
    /// value parts are their members' XML names where they have one).
    fn map(
        &self,
        member: &Member,
        key: &Member,
        value: &Member,
        node: &Node,
        path: &str,
    ) -> Result<Value, FormError> {
        if is_empty(node) {
            return Ok(Value::Object(Map::new()));
        }
        let (entries, prefix) = if member.flattened {
            (node, path.to_owned())
        } else {
            only_child(node, "entry", path)?
        };
        let key_name = key.xml_name.unwrap_or("key");
        let value_name = value.xml_name.unwrap_or("value");
        let mut map = Map::new();
        for (index, entry) in indexed(entries, &prefix)? {
            let entry_path = format!("{prefix}.{index}");
            if let Some(other) = entry
                .children
                .keys()
                .find(|part| **part != key_name && **part != value_name)
            {
                return Err(fail(
                    &join(&entry_path, other),
                    format!("a map entry has a {key_name} and a {value_name}, nothing else"),
                ));
            }
            let key_path = join(&entry_path, key_name);
            let key_text = match entry.children.get(key_name) {
                Some(node) if node.children.is_empty() => node.value.unwrap_or_default(),
                Some(_) => return Err(fail(&key_path, "a map key is a value, it has no parts")),
                None => return Err(fail(&key_path, "the entry has no key")),
            };
            let value_path = join(&entry_path, value_name);
            let value_node = entry
                .children
                .get(value_name)
                .ok_or_else(|| fail(&value_path, "the entry has no value"))?;
            let read = self.value(value, value_node, &value_path)?;
            if map.insert(key_text.to_owned(), read).is_some() {
                return Err(fail(
                    &key_path,
                    format!("the key `{key_text}` is given twice"),
                ));
            }
        }
        Ok(Value::Object(map))
    }
}

/// `Name=` with nothing under it: how awsQuery sends an empty list.
fn is_empty(node: &Node) -> bool {
    node.children.is_empty() && node.value.is_some_and(str::is_empty)
}

/// The one part a wrapped list or map has under its name (`member`, `entry`), and its path.
fn only_child<'n, 'a>(
    node: &'n Node<'a>,
    name: &str,
    path: &str,
) -> Result<(&'n Node<'a>, String), FormError> {
    if node.value.is_some() {
        return Err(fail(
            path,
            format!("its items are {path}.{name}.N, not a value"),
        ));
    }
    if let Some(other) = node.children.keys().find(|part| **part != name) {
        return Err(fail(
            &join(path, other),
            format!("its items are {path}.{name}.N"),
        ));
    }
    match node.children.get(name) {
        Some(child) => Ok((child, join(path, name))),
        // Only `Name.member=`: no items.
        None => Ok((node, path.to_owned())),
    }
}

/// The items `Name.1`, `Name.2`, ... in the order of their indexes (which need not be
/// consecutive: the order is what a list keeps).
fn indexed<'n, 'a>(
    node: &'n Node<'a>,
    path: &str,
) -> Result<Vec<(usize, &'n Node<'a>)>, FormError> {
    if node.value.is_some_and(|v| !v.is_empty()) {
        return Err(fail(path, format!("its items are {path}.N, not a value")));
    }
    let mut items = Vec::with_capacity(node.children.len());
    for (part, child) in &node.children {
        let index = part
            .parse::<usize>()
            .ok()
            .filter(|&index| index >= 1 && !part.starts_with('0'))
            .ok_or_else(|| fail(&join(path, part), "is not an item index (1, 2, ...)"))?;
        items.push((index, child));
    }
    items.sort_by_key(|(index, _)| *index);
    Ok(items)
}

/// A scalar's text as its serde form: numbers and booleans typed, `NaN` and the
/// infinities kept as text, timestamps in any of the three formats (written back as RFC
/// 3339, which the generated types read whatever their format), blobs checked to be base64.
fn scalar(shape: &Shape, text: &str) -> Result<Value, String> {
    match shape.kind {
        Kind::String => Ok(Value::String(text.to_owned())),
        Kind::Blob => match base64::engine::general_purpose::STANDARD.decode(text.trim()) {
            Ok(_) => Ok(Value::String(text.trim().to_owned())),
            Err(_) => Err(format!("`{}` is not base64", quote(text))),
        },
        Kind::Timestamp => crate::codec::parse_timestamp(text)
            .map(|timestamp| Value::String(timestamp.to_string())),
        Kind::Boolean | Kind::Integer | Kind::Float | Kind::BigNumber => {
            crate::protocol::number_or_boolean(shape.kind, text)
                .map_err(|what| format!("`{}` is not {what}", quote(text)))
        }
        Kind::Document => Err("a document cannot travel in a form".to_owned()),
        _ => Err(format!("{} cannot travel as one value", shape.name)),
    }
}

fn quote(text: &str) -> String {
    let mut quoted: String = text.chars().take(64).collect();
    if quoted.len() < text.len() {
        quoted.push('…');
    }
    quoted
}

/// The body of a successful response of `action` whose output (its serde form) is
/// `output`: awsQuery's
/// `<ActionResponse xmlns="..."><ActionResult>...</ActionResult><ResponseMetadata><RequestId>`
/// (no `ActionResult` for an output without members, as AWS answers such operations), or
/// ec2Query's `<ActionResponse xmlns="..."><requestId>...</requestId>...members...`.
pub fn encode_output(
    action: &str,
    schema: &Shape,
    output: &Value,
    namespace: Option<&str>,
    request_id: &str,
    ec2: bool,
) -> Result<Vec<u8>, String> {
    let root = format!("{action}Response");
    let mut out = format!("<{root}");
    if let Some(uri) = namespace {
        out.push_str(" xmlns=\"");
        xml::escape(&mut out, uri, true);
        out.push('"');
    }
    out.push('>');
    let has_members = matches!(schema.kind, Kind::Structure(members) if !members.is_empty());
    if ec2 {
        out.push_str("<requestId>");
        xml::escape(&mut out, request_id, false);
        out.push_str("</requestId>");
        xml::write_members(&mut out, schema, output)?;
    } else {
        if has_members {
            xml::write_structure(&mut out, &format!("{action}Result"), schema, output, None)?;
        }
        out.push_str("<ResponseMetadata><RequestId>");
        xml::escape(&mut out, request_id, false);
        out.push_str("</RequestId></ResponseMetadata>");
    }
    out.push_str("</");
    out.push_str(&root);
    out.push('>');
    Ok(out.into_bytes())
}

/// An error body with the request's id added where each protocol has it: awsQuery's
/// `<RequestId>` after `</Error>`, ec2Query's `<RequestID>` after `</Errors>`. A body that
/// is not such an error document, or already has the id, is left as it is.
pub fn with_request_id(body: Vec<u8>, ec2: bool, request_id: &str) -> Vec<u8> {
    let (close, element) = if ec2 {
        ("</Response>", "RequestID")
    } else {
        ("</ErrorResponse>", "RequestId")
    };
    let Some(head) = body.strip_suffix(close.as_bytes()) else {
        return body;
    };
    let open = format!("<{element}>");
    if head.windows(open.len()).any(|w| w == open.as_bytes()) {
        return body;
    }
    let mut out = String::from_utf8_lossy(head).into_owned();
    out.push_str(&open);
    xml::escape(&mut out, request_id, false);
    out.push_str("</");
    out.push_str(element);
    out.push('>');
    out.push_str(close);
    out.into_bytes()
}

#[cfg(test)]
mod tests;
