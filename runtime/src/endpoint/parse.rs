//! The parsed form of a rule set, and parsing from JSON: everything checkable without
//! values (function names and arity, templates, paths) is checked here.

use std::fmt;

use serde_json::Map;

use super::{EndpointError, RuleSet, Value, type_of};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ParamType {
    String,
    Boolean,
    StringArray,
}

#[derive(Debug, Clone)]
pub(super) struct Parameter {
    pub(super) name: String,
    pub(super) ty: ParamType,
    pub(super) built_in: Option<String>,
    pub(super) required: bool,
    pub(super) default: Option<Value>,
}

#[derive(Debug, Clone)]
pub(super) enum Expr {
    Literal(serde_json::Value),
    Template(Template),
    Array(Vec<Expr>),
    Record(Vec<(String, Expr)>),
    Ref(String),
    GetAttr(Box<Expr>, Vec<PathPart>),
    Call(Func, Vec<Expr>),
}

/// A string with `{Name}` and `{Name#path}` holes; `{{` and `}}` stand for braces.
#[derive(Debug, Clone)]
pub(super) struct Template(pub(super) Vec<TemplatePart>);

#[derive(Debug, Clone)]
pub(super) enum TemplatePart {
    Text(String),
    Ref(String),
    Attr(String, Vec<PathPart>),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum PathPart {
    Key(String),
    Index(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Func {
    IsSet,
    Not,
    BooleanEquals,
    StringEquals,
    Partition,
    ParseArn,
    ParseUrl,
    Substring,
    UriEncode,
    IsValidHostLabel,
    IsVirtualHostableS3Bucket,
}

impl Func {
    fn from_name(name: &str) -> Option<(Func, usize)> {
        Some(match name {
            "isSet" => (Func::IsSet, 1),
            "not" => (Func::Not, 1),
            "booleanEquals" => (Func::BooleanEquals, 2),
            "stringEquals" => (Func::StringEquals, 2),
            "aws.partition" => (Func::Partition, 1),
            "aws.parseArn" => (Func::ParseArn, 1),
            "parseURL" => (Func::ParseUrl, 1),
            "substring" => (Func::Substring, 4),
            "uriEncode" => (Func::UriEncode, 1),
            "isValidHostLabel" => (Func::IsValidHostLabel, 2),
            "aws.isVirtualHostableS3Bucket" => (Func::IsVirtualHostableS3Bucket, 2),
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub(super) struct Condition {
    pub(super) expr: Expr,
    pub(super) assign: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct Rule {
    pub(super) conditions: Vec<Condition>,
    pub(super) kind: RuleKind,
}

#[derive(Debug, Clone)]
pub(super) enum RuleKind {
    Endpoint(EndpointTemplate),
    Error(Expr),
    Tree(Vec<Rule>),
}

#[derive(Debug, Clone)]
pub(super) struct EndpointTemplate {
    pub(super) url: Expr,
    pub(super) properties: Vec<(String, Expr)>,
    pub(super) headers: Vec<(String, Vec<Expr>)>,
}

fn malformed(what: impl fmt::Display) -> EndpointError {
    EndpointError::new(format!("malformed rule set: {what}"))
}

/// A rule set from its JSON form.
pub(super) fn rule_set(value: &serde_json::Value) -> Result<RuleSet, EndpointError> {
    let params = value
        .get("parameters")
        .and_then(|p| p.as_object())
        .ok_or_else(|| malformed("missing parameters"))?;
    let parameters = params
        .iter()
        .map(|(name, p)| parse_parameter(name, p))
        .collect::<Result<_, _>>()?;
    let rules = parse_rules(value.get("rules"))?;
    Ok(RuleSet { parameters, rules })
}

fn parse_parameter(name: &str, p: &serde_json::Value) -> Result<Parameter, EndpointError> {
    let ty = match p.get("type").and_then(|t| t.as_str()) {
        // Smithy spells types in lower case, botocore capitalises them.
        Some(t) if t.eq_ignore_ascii_case("string") => ParamType::String,
        Some(t) if t.eq_ignore_ascii_case("boolean") => ParamType::Boolean,
        Some(t) if t.eq_ignore_ascii_case("stringArray") => ParamType::StringArray,
        other => return Err(malformed(format!("parameter {name} has type {other:?}"))),
    };
    let default = match p.get("default") {
        None => None,
        Some(d) => {
            let v = Value::from_json(d).filter(|v| type_of(v) == ty);
            Some(v.ok_or_else(|| malformed(format!("bad default for parameter {name}")))?)
        }
    };
    Ok(Parameter {
        name: name.to_owned(),
        ty,
        built_in: p.get("builtIn").and_then(|b| b.as_str()).map(str::to_owned),
        required: p.get("required").and_then(|r| r.as_bool()).unwrap_or(false),
        default,
    })
}

fn parse_rules(value: Option<&serde_json::Value>) -> Result<Vec<Rule>, EndpointError> {
    let rules = value
        .and_then(|r| r.as_array())
        .ok_or_else(|| malformed("missing rules"))?;
    rules.iter().map(parse_rule).collect()
}

fn parse_rule(rule: &serde_json::Value) -> Result<Rule, EndpointError> {
    let conditions = match rule.get("conditions") {
        None => Vec::new(),
        Some(c) => c
            .as_array()
            .ok_or_else(|| malformed("conditions must be an array"))?
            .iter()
            .map(parse_condition)
            .collect::<Result<_, _>>()?,
    };
    let field = |name: &str| {
        rule.get(name)
            .ok_or_else(|| malformed(format!("rule without {name}")))
    };
    let kind = match rule.get("type").and_then(|t| t.as_str()) {
        Some("endpoint") => RuleKind::Endpoint(parse_endpoint(field("endpoint")?)?),
        Some("error") => RuleKind::Error(parse_expr(field("error")?)?),
        Some("tree") => RuleKind::Tree(parse_rules(Some(field("rules")?))?),
        other => return Err(malformed(format!("rule type {other:?}"))),
    };
    Ok(Rule { conditions, kind })
}

fn parse_condition(c: &serde_json::Value) -> Result<Condition, EndpointError> {
    if c.get("fn").is_none() {
        return Err(malformed("a condition must call a function"));
    }
    let assign = match c.get("assign") {
        None => None,
        Some(a) => Some(
            a.as_str()
                .ok_or_else(|| malformed("assign must be a string"))?
                .to_owned(),
        ),
    };
    Ok(Condition {
        expr: parse_expr(c)?,
        assign,
    })
}

fn parse_endpoint(e: &serde_json::Value) -> Result<EndpointTemplate, EndpointError> {
    let url = parse_expr(
        e.get("url")
            .ok_or_else(|| malformed("endpoint without url"))?,
    )?;
    let object = |name: &str| match e.get(name) {
        None => Ok(Map::new()),
        Some(serde_json::Value::Object(m)) => Ok(m.clone()),
        Some(_) => Err(malformed(format!("endpoint {name} must be an object"))),
    };
    let properties = object("properties")?
        .iter()
        .map(|(k, v)| Ok((k.clone(), parse_expr(v)?)))
        .collect::<Result<_, EndpointError>>()?;
    let headers = object("headers")?
        .iter()
        .map(|(k, v)| {
            let values = v
                .as_array()
                .ok_or_else(|| malformed("header values must be an array"))?
                .iter()
                .map(parse_expr)
                .collect::<Result<_, _>>()?;
            Ok((k.clone(), values))
        })
        .collect::<Result<_, EndpointError>>()?;
    Ok(EndpointTemplate {
        url,
        properties,
        headers,
    })
}

fn parse_expr(value: &serde_json::Value) -> Result<Expr, EndpointError> {
    use serde_json::Value as J;
    Ok(match value {
        J::String(s) => Expr::Template(parse_template(s)?),
        J::Bool(_) | J::Number(_) => Expr::Literal(value.clone()),
        J::Null => return Err(malformed("null literal")),
        J::Array(items) => Expr::Array(items.iter().map(parse_expr).collect::<Result<_, _>>()?),
        J::Object(o) => {
            if let Some(name) = o.get("ref") {
                let name = name
                    .as_str()
                    .ok_or_else(|| malformed("ref must be a string"))?;
                Expr::Ref(name.to_owned())
            } else if let Some(name) = o.get("fn") {
                let name = name
                    .as_str()
                    .ok_or_else(|| malformed("fn must be a string"))?;
                let argv = o
                    .get("argv")
                    .and_then(|a| a.as_array())
                    .ok_or_else(|| malformed(format!("{name} without argv")))?;
                parse_call(name, argv)?
            } else {
                let fields = o
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), parse_expr(v)?)))
                    .collect::<Result<_, EndpointError>>()?;
                Expr::Record(fields)
            }
        }
    })
}

fn parse_call(name: &str, argv: &[serde_json::Value]) -> Result<Expr, EndpointError> {
    if name == "getAttr" {
        // The path is a literal so it is parsed here, once.
        return match argv {
            [target, serde_json::Value::String(path)] => Ok(Expr::GetAttr(
                Box::new(parse_expr(target)?),
                parse_path(path)?,
            )),
            _ => Err(malformed("getAttr takes a value and a literal path")),
        };
    }
    let (func, arity) =
        Func::from_name(name).ok_or_else(|| malformed(format!("unknown function {name}")))?;
    if argv.len() != arity {
        return Err(malformed(format!(
            "{name} takes {arity} arguments, got {}",
            argv.len()
        )));
    }
    Ok(Expr::Call(
        func,
        argv.iter().map(parse_expr).collect::<Result<_, _>>()?,
    ))
}

/// `a.b[0]`: keys separated by dots, each optionally followed by one index.
fn parse_path(path: &str) -> Result<Vec<PathPart>, EndpointError> {
    let mut parts = Vec::new();
    for segment in path.split('.') {
        let (key, index) = match segment.split_once('[') {
            Some((key, rest)) => {
                let digits = rest
                    .strip_suffix(']')
                    .ok_or_else(|| malformed(format!("bad path {path}")))?;
                let index = digits
                    .parse::<usize>()
                    .map_err(|_| malformed(format!("bad index in path {path}")))?;
                (key, Some(index))
            }
            None => (segment, None),
        };
        if !key.is_empty() {
            parts.push(PathPart::Key(key.to_owned()));
        } else if index.is_none() {
            return Err(malformed(format!("empty segment in path {path}")));
        }
        parts.extend(index.map(PathPart::Index));
    }
    Ok(parts)
}

fn parse_template(s: &str) -> Result<Template, EndpointError> {
    let mut parts = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut hole = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(c) => hole.push(c),
                        None => return Err(malformed(format!("unclosed template hole in {s:?}"))),
                    }
                }
                if !text.is_empty() {
                    parts.push(TemplatePart::Text(std::mem::take(&mut text)));
                }
                parts.push(match hole.split_once('#') {
                    Some((name, path)) => TemplatePart::Attr(name.to_owned(), parse_path(path)?),
                    None => TemplatePart::Ref(hole),
                });
            }
            '}' => return Err(malformed(format!("unmatched }} in template {s:?}"))),
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        parts.push(TemplatePart::Text(text));
    }
    Ok(Template(parts))
}
