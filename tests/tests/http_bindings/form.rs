//! awsQuery and ec2Query form parameters from the IR: the rules of botocore's
//! `QuerySerializer` and `EC2Serializer` (and Smithy's), for the query test.

use base64::Engine as _;
use codegen::ir::{Member, Service, ShapeKind, TimestampFormat};
use serde_json::Value;

/// botocore's `QuerySerializer` and `EC2Serializer` rules over the IR.
pub struct Form<'a> {
    pub service: &'a Service,
    pub ec2: bool,
}

pub type Pairs = Vec<(String, Option<String>)>;

impl Form<'_> {
    /// A member's name in the form: ec2Query's `queryName`, else its `locationName`, else
    /// `default`, both capitalized by ec2Query (as Smithy's ec2Query and the suite say).
    fn name(&self, member: &Member, default: &str) -> String {
        if self.ec2 {
            if let Some(name) = &member.bindings.query_name {
                return name.clone();
            }
            let name = member.bindings.xml_name.as_deref().unwrap_or(default);
            let mut chars = name.chars();
            return chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
        member
            .bindings
            .xml_name
            .clone()
            .unwrap_or_else(|| default.to_owned())
    }

    pub fn structure(
        &self,
        shape: &str,
        value: &Value,
        prefix: &str,
        out: &mut Pairs,
    ) -> Result<(), String> {
        let ShapeKind::Structure(members) = &self.service.shapes[shape].kind else {
            return Err(format!("{shape} is not a structure"));
        };
        for (key, item) in value.as_object().into_iter().flatten() {
            let member = members
                .iter()
                .find(|m| &m.name == key)
                .ok_or(format!("no member {key}"))?;
            let name = self.name(member, key);
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            self.value(member, item, &path, out)?;
        }
        Ok(())
    }

    fn value(
        &self,
        member: &Member,
        value: &Value,
        prefix: &str,
        out: &mut Pairs,
    ) -> Result<(), String> {
        let shape = self.service.target(member);
        let flattened = member.bindings.xml_flattened || shape.bindings.xml_flattened;
        match (&shape.kind, value) {
            (ShapeKind::Structure(_), _) => self.structure(&shape.name, value, prefix, out)?,
            (ShapeKind::List { member: item, .. }, Value::Array(items)) => {
                if items.is_empty() && !self.ec2 {
                    out.push((prefix.to_owned(), Some(String::new())));
                }
                let list_prefix = if self.ec2 {
                    prefix.to_owned()
                } else if flattened {
                    // The member's own name; the list member's is for wrapped lists.
                    prefix.to_owned()
                } else {
                    format!(
                        "{prefix}.{}",
                        item.bindings.xml_name.as_deref().unwrap_or("member")
                    )
                };
                for (i, element) in items.iter().enumerate() {
                    self.value(item, element, &format!("{list_prefix}.{}", i + 1), out)?;
                }
            }
            (
                ShapeKind::Map {
                    key, value: item, ..
                },
                Value::Object(entries),
            ) => {
                let base = if flattened {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.entry")
                };
                let key_name = self.name(key, "key");
                let value_name = self.name(item, "value");
                for (i, (k, v)) in entries.iter().enumerate() {
                    out.push((format!("{base}.{}.{key_name}", i + 1), Some(k.clone())));
                    self.value(item, v, &format!("{base}.{}.{value_name}", i + 1), out)?;
                }
            }
            (ShapeKind::Timestamp(_), Value::Number(n)) => {
                let micros = (n.as_f64().unwrap() * 1e6).round() as i64;
                let time = jiff::Timestamp::from_microsecond(micros).map_err(|e| e.to_string())?;
                let text = match self.service.timestamp_format(member) {
                    TimestampFormat::EpochSeconds => n.to_string(),
                    TimestampFormat::HttpDate => {
                        time.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
                    }
                    _ if micros % 1_000_000 != 0 => {
                        time.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
                    }
                    _ => time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                };
                out.push((prefix.to_owned(), Some(text)));
            }
            (ShapeKind::Blob, Value::String(text)) => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                out.push((prefix.to_owned(), Some(encoded)));
            }
            (_, Value::String(text)) => out.push((prefix.to_owned(), Some(text.clone()))),
            (_, Value::Null) => {}
            (_, other) => out.push((prefix.to_owned(), Some(other.to_string()))),
        }
        Ok(())
    }
}
