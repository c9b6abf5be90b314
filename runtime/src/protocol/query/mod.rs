//! awsQuery and ec2Query (botocore `query`, `ec2`): a request is a form
//! (`Action=<Operation>&Version=<API version>&...`) whose parameter names spell out the
//! input's structure (`Tags.member.1.Key`), and a response is XML: the output's members
//! inside `<OperationResult>` (awsQuery) or directly under the root (ec2Query). The names
//! come from the schemas: `xmlName` (botocore's `locationName`) and ec2Query's
//! `ec2QueryName`, as botocore's `QuerySerializer` and `EC2Serializer` spell them.
//!
//! This module is the client's side; [`server`] reads a form back into an input and writes
//! the XML of an output.

pub mod server;

use serde_json::Value;

use crate::schema::{Kind, Member, Shape};

/// The media type of a request (botocore's, without a charset).
pub const CONTENT_TYPE: &str = "application/x-www-form-urlencoded";

/// The form body of a call to `action` with `input` (its serde form).
pub fn encode(
    action: &str,
    version: &str,
    schema: &Shape,
    input: &Value,
    ec2: bool,
) -> Result<Vec<u8>, String> {
    let mut pairs = vec![
        ("Action".to_owned(), action.to_owned()),
        ("Version".to_owned(), version.to_owned()),
    ];
    Form { ec2 }.structure(schema, input, "", &mut pairs)?;
    let mut body = String::new();
    for (name, value) in &pairs {
        if !body.is_empty() {
            body.push('&');
        }
        push_encoded(&mut body, name);
        body.push('=');
        push_encoded(&mut body, value);
    }
    Ok(body.into_bytes())
}

/// Percent-encoding as Python's `urlencode` (botocore's): unreserved bytes kept, everything
/// else escaped.
fn push_encoded(out: &mut String, text: &str) {
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

struct Form {
    ec2: bool,
}

/// A member's parameter name: ec2Query's `ec2QueryName`, else its XML name capitalized;
/// awsQuery's XML name (`locationName`), else the member name.
pub(crate) fn param_name(member: &Member, ec2: bool) -> String {
    if ec2 {
        if let Some(name) = member.query_name {
            return name.to_owned();
        }
        let name = member.element();
        let mut chars = name.chars();
        return chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default();
    }
    member.element().to_owned()
}

impl Form {
    fn name(&self, member: &Member) -> String {
        param_name(member, self.ec2)
    }

    fn structure(
        &self,
        shape: &Shape,
        value: &Value,
        prefix: &str,
        out: &mut Vec<(String, String)>,
    ) -> Result<(), String> {
        let members = match shape.kind {
            Kind::Structure(members) | Kind::Union(members) => members,
            _ => return Err(format!("{} is not a structure", shape.name)),
        };
        let Some(fields) = value.as_object() else {
            return Ok(());
        };
        for member in members {
            let Some(value) = fields.get(member.name).filter(|v| !v.is_null()) else {
                continue;
            };
            let name = self.name(member);
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            self.value(member, value, &path, out)?;
        }
        Ok(())
    }

    fn value(
        &self,
        member: &Member,
        value: &Value,
        prefix: &str,
        out: &mut Vec<(String, String)>,
    ) -> Result<(), String> {
        match (member.target.kind, value) {
            (Kind::Structure(_) | Kind::Union(_), _) => {
                self.structure(member.target, value, prefix, out)?
            }
            (Kind::List(item), Value::Array(items)) => {
                // An empty list is sent as an empty parameter (awsQuery), or not at all.
                if items.is_empty() && !self.ec2 {
                    out.push((prefix.to_owned(), String::new()));
                }
                let list_prefix = if self.ec2 || member.flattened {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.{}", item.xml_name.unwrap_or("member"))
                };
                for (i, element) in items.iter().filter(|v| !v.is_null()).enumerate() {
                    self.value(item, element, &format!("{list_prefix}.{}", i + 1), out)?;
                }
            }
            (Kind::Map { key, value: item }, Value::Object(entries)) => {
                let base = if member.flattened {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.entry")
                };
                let key_name = key.xml_name.unwrap_or("key");
                let value_name = item.xml_name.unwrap_or("value");
                for (i, (k, v)) in entries.iter().filter(|(_, v)| !v.is_null()).enumerate() {
                    out.push((format!("{base}.{}.{key_name}", i + 1), k.clone()));
                    self.value(item, v, &format!("{base}.{}.{value_name}", i + 1), out)?;
                }
            }
            (_, Value::String(text)) => out.push((prefix.to_owned(), text.clone())),
            (_, Value::Bool(flag)) => out.push((prefix.to_owned(), flag.to_string())),
            (_, Value::Number(number)) => out.push((prefix.to_owned(), number.to_string())),
            (_, other) => return Err(format!("`{}` cannot be a form value: {other}", member.name)),
        }
        Ok(())
    }
}

/// The output of a response body: the members inside `<{action}Result>` (awsQuery; any
/// `...Result` child if that one is missing) or under the root (ec2Query). An empty body has
/// none.
pub fn decode(action: &str, schema: &Shape, body: &[u8], ec2: bool) -> Result<Value, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    let root = super::xml::parse(body)?;
    let element = if ec2 {
        &root
    } else {
        let wrapper = format!("{action}Result");
        match root
            .child(&wrapper)
            .or_else(|| root.children.iter().find(|c| c.name.ends_with("Result")))
        {
            Some(element) => element,
            None => return Ok(Value::Object(serde_json::Map::new())),
        }
    };
    super::xml::read_structure(schema, element, false).map(Value::Object)
}
