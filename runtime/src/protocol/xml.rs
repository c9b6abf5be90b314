//! XML bodies (restXml; awsQuery and ec2Query responses) between a value's serde form and
//! text, by its [`schema`](crate::schema): element and attribute names (`@xmlName`,
//! `@xmlAttribute`), wrapped and flattened lists and maps, namespaces. Reading builds a small
//! tree first (depth-limited, so hostile input cannot exhaust the stack) and then picks each
//! member out of it by name, ignoring elements the schema does not know.

use quick_xml::events::Event;
use serde_json::{Map, Value};

use crate::schema::{Kind, Member, Shape, XmlNamespace};

/// How deep elements may nest in a body that is read.
const MAX_DEPTH: usize = 128;

/// An element: its local name (prefix dropped), attributes, child elements and text.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attributes: Vec<(String, String)>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    /// The first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The first element named `name` here or below (depth first).
    pub fn find(&self, name: &str) -> Option<&Element> {
        if self.name == name {
            return Some(self);
        }
        self.children.iter().find_map(|c| c.find(name))
    }
}

/// Whether a success response's body is really an error (S3's "200 with an error", see
/// `Operation::ERROR_IN_200`): its root element is `<Error>`, or it does not parse, which
/// means the response was cut short. An empty body is a success.
pub fn is_error_document(body: &[u8]) -> bool {
    !body.is_empty() && !matches!(parse(body), Ok(root) if root.name != "Error")
}

/// Parses a document into its root element.
pub fn parse(body: &[u8]) -> Result<Element, String> {
    let mut reader = quick_xml::Reader::from_reader(body);
    let mut stack: Vec<Element> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!(": the body is not XML: {e}"))?;
        match event {
            Event::Start(start) | Event::Empty(start) if root.is_some() => {
                let _ = start;
                return Err(": the body has more than one root element".to_owned());
            }
            Event::Start(ref start) | Event::Empty(ref start) => {
                let mut element = Element {
                    name: local(start.local_name().as_ref())?,
                    ..Element::default()
                };
                for attribute in start.attributes() {
                    let attribute =
                        attribute.map_err(|e| format!(": a malformed attribute: {e}"))?;
                    let value = attribute
                        .unescape_value()
                        .map_err(|e| format!(": a malformed attribute value: {e}"))?;
                    element.attributes.push((
                        local(attribute.key.local_name().as_ref())?,
                        value.into_owned(),
                    ));
                }
                if matches!(event, Event::Empty(_)) {
                    close(&mut stack, &mut root, element);
                } else {
                    if stack.len() >= MAX_DEPTH {
                        return Err(format!(": elements nest deeper than {MAX_DEPTH}"));
                    }
                    stack.push(element);
                }
            }
            Event::End(_) => {
                let element = stack.pop().ok_or(": an end tag without a start")?;
                close(&mut stack, &mut root, element);
            }
            Event::Text(text) => {
                if let Some(open) = stack.last_mut() {
                    let raw = std::str::from_utf8(&text).map_err(|_| ": text is not UTF-8")?;
                    let unescaped = quick_xml::escape::unescape(raw)
                        .map_err(|e| format!(": malformed text: {e}"))?;
                    open.text.push_str(&unescaped);
                }
            }
            Event::CData(data) => {
                if let Some(open) = stack.last_mut() {
                    open.text
                        .push_str(std::str::from_utf8(&data).map_err(|_| ": CDATA is not UTF-8")?);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(open) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = std::str::from_utf8(&reference)
                                .map_err(|_| ": an entity is not UTF-8")?;
                            quick_xml::escape::resolve_predefined_entity(name)
                                .ok_or_else(|| format!(": unknown entity &{name};"))?
                                .to_owned()
                        }
                    };
                    open.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(": the body ends inside an element".to_owned());
    }
    root.ok_or_else(|| ": the body has no element".to_owned())
}

fn local(name: &[u8]) -> Result<String, String> {
    String::from_utf8(name.to_vec()).map_err(|_| ": a name is not UTF-8".to_owned())
}

fn close(stack: &mut [Element], root: &mut Option<Element>, element: Element) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None => *root = Some(element),
    }
}

/// Reads the members of structure `shape` from `element` into its serde form; `body_only`
/// skips members bound elsewhere (the top level of an HTTP-bound body).
pub fn read_structure(
    shape: &Shape,
    element: &Element,
    body_only: bool,
) -> Result<Map<String, Value>, String> {
    let members = match shape.kind {
        Kind::Structure(members) | Kind::Union(members) => members,
        _ => return Err(format!(": {} is not a structure", shape.name)),
    };
    let mut fields = Map::new();
    for member in members {
        if body_only && !in_body(member) {
            continue;
        }
        let name = member.element();
        let value = if member.xml_attribute {
            match element.attributes.iter().find(|(n, _)| n == name) {
                Some((_, text)) => scalar(member.target, text)?,
                None => continue,
            }
        } else {
            match read_member(member, element)? {
                Some(value) => value,
                None => continue,
            }
        };
        fields.insert(member.name.to_owned(), value);
    }
    Ok(fields)
}

/// Whether a member of a whole body is read from it: body members, and those bound to the
/// URI or query, which a response cannot carry there (botocore reads them from the body).
fn in_body(member: &Member) -> bool {
    member.http.in_response_body()
}

/// A member of `parent`, by its element name; `None` when absent.
fn read_member(member: &Member, parent: &Element) -> Result<Option<Value>, String> {
    let name = member.element();
    match member.target.kind {
        Kind::List(item) if member.flattened => {
            let items: Vec<&Element> = parent.children.iter().filter(|c| c.name == name).collect();
            if items.is_empty() {
                return Ok(None);
            }
            items
                .into_iter()
                .map(|e| read_value(item.target, e))
                .collect::<Result<Vec<_>, _>>()
                .map(|items| Some(Value::Array(items)))
        }
        Kind::Map { key, value } if member.flattened => {
            let entries: Vec<&Element> =
                parent.children.iter().filter(|c| c.name == name).collect();
            if entries.is_empty() {
                return Ok(None);
            }
            read_entries(key, value, &entries).map(Some)
        }
        _ => match parent.child(name) {
            Some(element) => read_value(member.target, element).map(Some),
            None => Ok(None),
        },
    }
}

/// The value of `element` as `shape` says.
fn read_value(shape: &Shape, element: &Element) -> Result<Value, String> {
    match shape.kind {
        Kind::Structure(_) | Kind::Union(_) => {
            read_structure(shape, element, false).map(Value::Object)
        }
        Kind::List(item) => {
            let name = item.xml_name.unwrap_or("member");
            element
                .children
                .iter()
                .filter(|c| c.name == name)
                .map(|c| read_value(item.target, c))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array)
        }
        Kind::Map { key, value } => {
            let entries: Vec<&Element> = element
                .children
                .iter()
                .filter(|c| c.name == "entry")
                .collect();
            read_entries(key, value, &entries)
        }
        _ => scalar(shape, &element.text),
    }
}

fn read_entries(key: &Member, value: &Member, entries: &[&Element]) -> Result<Value, String> {
    let key_name = key.xml_name.unwrap_or("key");
    let value_name = value.xml_name.unwrap_or("value");
    let mut map = Map::new();
    for entry in entries {
        let Some(k) = entry.child(key_name) else {
            continue;
        };
        if let Some(v) = entry.child(value_name) {
            map.insert(k.text.clone(), read_value(value.target, v)?);
        }
    }
    Ok(Value::Object(map))
}

/// A scalar's text as its serde form.
pub fn scalar(shape: &Shape, text: &str) -> Result<Value, String> {
    Ok(match shape.kind {
        Kind::Boolean | Kind::Integer | Kind::Float | Kind::BigNumber => {
            super::number_or_boolean(shape.kind, text)
                .map_err(|what| format!(": `{text}` is not {what}"))?
        }
        Kind::Timestamp | Kind::Blob => Value::String(text.trim().to_owned()),
        _ => Value::String(text.to_owned()),
    })
}

/// Writes structure `shape` (its serde form `value`, whose members are the ones to write: at
/// the top of a body, the caller leaves out those bound elsewhere) as element `name`.
/// `namespace` is put on the element (the structure's own wins).
pub fn write_structure(
    out: &mut String,
    name: &str,
    shape: &Shape,
    value: &Value,
    namespace: Option<XmlNamespace>,
) -> Result<(), String> {
    let members = match shape.kind {
        Kind::Structure(members) | Kind::Union(members) => members,
        _ => return Err(format!("{} is not a structure", shape.name)),
    };
    let empty = Map::new();
    let fields = value.as_object().unwrap_or(&empty);
    let present = |m: &&Member| fields.get(m.name).is_some_and(|v| !v.is_null());
    out.push('<');
    out.push_str(name);
    push_namespace(out, shape.xml_namespace.or(namespace));
    for member in members.iter().filter(|m| m.xml_attribute).filter(present) {
        out.push(' ');
        out.push_str(member.element());
        out.push_str("=\"");
        escape(out, &text(&fields[member.name])?, true);
        out.push('"');
    }
    out.push('>');
    write_children(out, members, fields)?;
    out.push_str("</");
    out.push_str(name);
    out.push('>');
    Ok(())
}

/// The members of structure `shape` (its serde form `value`) as elements, without an
/// element of its own (ec2Query's output, directly under the response's root); a member
/// that would be an attribute has no element to sit on and is an error.
pub fn write_members(out: &mut String, shape: &Shape, value: &Value) -> Result<(), String> {
    let members = match shape.kind {
        Kind::Structure(members) | Kind::Union(members) => members,
        _ => return Err(format!("{} is not a structure", shape.name)),
    };
    let empty = Map::new();
    let fields = value.as_object().unwrap_or(&empty);
    if let Some(member) = members
        .iter()
        .find(|m| m.xml_attribute && fields.get(m.name).is_some_and(|v| !v.is_null()))
    {
        return Err(format!("`{}` is an attribute of no element", member.name));
    }
    write_children(out, members, fields)
}

/// The child elements of the present members (attributes left out).
fn write_children(
    out: &mut String,
    members: &[Member],
    fields: &Map<String, Value>,
) -> Result<(), String> {
    for member in members.iter().filter(|m| !m.xml_attribute) {
        if let Some(value) = fields.get(member.name).filter(|v| !v.is_null()) {
            write_member(out, member, value)?;
        }
    }
    Ok(())
}

fn push_namespace(out: &mut String, namespace: Option<XmlNamespace>) {
    if let Some(namespace) = namespace {
        out.push_str(" xmlns");
        if let Some(prefix) = namespace.prefix {
            out.push(':');
            out.push_str(prefix);
        }
        out.push_str("=\"");
        escape(out, namespace.uri, true);
        out.push('"');
    }
}

fn write_member(out: &mut String, member: &Member, value: &Value) -> Result<(), String> {
    let name = member.element();
    match (member.target.kind, value) {
        (Kind::List(item), Value::Array(items)) if member.flattened => {
            for value in items.iter().filter(|v| !v.is_null()) {
                write_value(out, name, item.target, value, member.xml_namespace)?;
            }
            Ok(())
        }
        (Kind::Map { key, value: item }, Value::Object(entries)) if member.flattened => {
            for (k, v) in entries.iter().filter(|(_, v)| !v.is_null()) {
                open(out, name, member.xml_namespace);
                write_entry(out, key, item, k, v)?;
                close_tag(out, name);
            }
            Ok(())
        }
        _ => write_value(out, name, member.target, value, member.xml_namespace),
    }
}

fn write_entry(
    out: &mut String,
    key: &Member,
    value: &Member,
    k: &str,
    v: &Value,
) -> Result<(), String> {
    let key_name = key.xml_name.unwrap_or("key");
    open(out, key_name, key.xml_namespace);
    escape(out, k, false);
    close_tag(out, key_name);
    write_value(
        out,
        value.xml_name.unwrap_or("value"),
        value.target,
        v,
        value.xml_namespace,
    )
}

/// Element `name` holding `value` of `shape`.
pub fn write_value(
    out: &mut String,
    name: &str,
    shape: &Shape,
    value: &Value,
    namespace: Option<XmlNamespace>,
) -> Result<(), String> {
    match (shape.kind, value) {
        (Kind::Structure(_) | Kind::Union(_), _) => {
            write_structure(out, name, shape, value, namespace)
        }
        (Kind::List(item), Value::Array(items)) => {
            open(out, name, namespace);
            let item_name = item.xml_name.unwrap_or("member");
            for value in items.iter().filter(|v| !v.is_null()) {
                write_value(out, item_name, item.target, value, item.xml_namespace)?;
            }
            close_tag(out, name);
            Ok(())
        }
        (Kind::Map { key, value: item }, Value::Object(entries)) => {
            open(out, name, namespace);
            for (k, v) in entries.iter().filter(|(_, v)| !v.is_null()) {
                out.push_str("<entry>");
                write_entry(out, key, item, k, v)?;
                out.push_str("</entry>");
            }
            close_tag(out, name);
            Ok(())
        }
        _ => {
            open(out, name, namespace);
            escape(out, &text(value)?, false);
            close_tag(out, name);
            Ok(())
        }
    }
}

fn open(out: &mut String, name: &str, namespace: Option<XmlNamespace>) {
    out.push('<');
    out.push_str(name);
    push_namespace(out, namespace);
    out.push('>');
}

fn close_tag(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// A scalar's serde form as text.
fn text(value: &Value) -> Result<String, String> {
    Ok(match value {
        Value::String(text) => text.clone(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        other => return Err(format!("{other} is not a scalar")),
    })
}

/// Escapes `&`, `<`, `>` (and in attributes `"` and line breaks); a carriage return and
/// a line feed in text are kept as character references so that a reader cannot normalize
/// them away.
pub(crate) fn escape(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\r' => out.push_str("&#xD;"),
            '\n' if attribute => out.push_str("&#xA;"),
            c => out.push(c),
        }
    }
}

/// An XML error response: `<ErrorResponse><Error>` (restXml, awsQuery), S3's bare `<Error>`,
/// or ec2Query's `<Response><Errors><Error>`; the code and message from its `Code` and
/// `Message`.
pub fn parse_error(status: u16, body: &[u8]) -> super::ErrorResponse {
    let root = parse(body).ok();
    let error = root.as_ref().and_then(|r| r.find("Error"));
    let text = |name: &str| {
        error
            .and_then(|e| e.child(name))
            .map(|e| e.text.trim().to_owned())
            .filter(|t| !t.is_empty())
    };
    super::ErrorResponse {
        status,
        code: text("Code").map(|code| super::sanitize_error_code(&code).to_owned()),
        message: text("Message"),
        body: body.to_vec(),
        headers: Vec::new(),
    }
}

/// The body of a modeled error `E` whose body members are `value` (its serde form, without
/// the members bound to headers): `<ErrorResponse><Error>` with its `Type`, `Code` and
/// members, as restXml and awsQuery services answer, or ec2Query's
/// `<Response><Errors><Error>` with its `Code` and members. A message member of another
/// name (`message`) is written as `<Message>`, where every SDK looks for it.
pub fn error_document<E: crate::ErrorShape>(value: &Value, ec2: bool) -> Result<Vec<u8>, String> {
    let mut value = value.clone();
    let message = match (E::SCHEMA.kind, value.as_object_mut()) {
        (Kind::Structure(members), Some(fields)) => members
            .iter()
            .find(|m| super::MESSAGE_KEYS.contains(&m.name) && !m.xml_attribute)
            .filter(|m| m.element() != "Message")
            .and_then(|m| fields.remove(m.name))
            .filter(|v| !v.is_null()),
        _ => None,
    };
    let mut members = String::new();
    write_members(&mut members, E::SCHEMA, &value)?;
    let mut out = if ec2 {
        "<Response><Errors><Error><Code>".to_owned()
    } else {
        let fault = match E::FAULT {
            crate::ErrorFault::Client => "Sender",
            crate::ErrorFault::Server => "Receiver",
        };
        format!("<ErrorResponse><Error><Type>{fault}</Type><Code>")
    };
    escape(&mut out, E::CODE, false);
    out.push_str("</Code>");
    if let Some(message) = message {
        out.push_str("<Message>");
        escape(&mut out, &text(&message)?, false);
        out.push_str("</Message>");
    }
    out.push_str(&members);
    out.push_str(if ec2 {
        "</Error></Errors></Response>"
    } else {
        "</Error></ErrorResponse>"
    });
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_or_malformed_bodies_are_errors_not_panics() {
        let deep = "<a>".repeat(10_000) + &"</a>".repeat(10_000);
        let error = parse(deep.as_bytes()).unwrap_err();
        assert!(error.contains("nest deeper"), "{error}");
        for body in [
            &b""[..],
            b"<a>",
            b"<a></b>",
            b"text",
            b"<a/><b/>",
            b"<a>&bogus;</a>",
            b"\xff",
        ] {
            assert!(parse(body).is_err(), "{:?}", String::from_utf8_lossy(body));
        }
    }

    #[test]
    fn text_entities_cdata_and_prefixes_read_as_written() {
        let root = parse(
            b"<p:Root xmlns:p=\"urn:x\" p:id=\"1\"><v>a &amp; b &#x41;<![CDATA[<c>]]></v></p:Root>",
        )
        .unwrap();
        assert_eq!(root.name, "Root");
        assert!(root.attributes.contains(&("id".to_owned(), "1".to_owned())));
        assert_eq!(root.child("v").unwrap().text, "a & b A<c>");
    }

    #[test]
    fn errors_of_every_xml_protocol_give_code_and_message() {
        for body in [
            &b"<ErrorResponse><Error><Type>Sender</Type><Code>NoSuch</Code><Message>gone</Message></Error></ErrorResponse>"[..],
            b"<Error><Code>NoSuch</Code><Message>gone</Message></Error>",
            b"<Response><Errors><Error><Code>NoSuch</Code><Message>gone</Message></Error></Errors></Response>",
        ] {
            let error = parse_error(404, body);
            assert_eq!((error.code.as_deref(), error.message.as_deref()), (Some("NoSuch"), Some("gone")));
        }
        let error = parse_error(503, b"<html>busy</html>");
        assert_eq!((error.status, error.code), (503, None));
    }
}
