//! The Smithy endpoint rules engine: a service's `smithy.rules#endpointRuleSet` is parsed
//! once into a [`RuleSet`] and resolved against [`Params`] into an [`Endpoint`].
//!
//! Parsing checks the shape of the rule set (function names, arity, templates, paths) so
//! that resolving only has to deal with values; neither ever panics on malformed input.

mod eval;
mod functions;
mod parse;
mod partitions;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Map;

use parse::{ParamType, Parameter, Rule};

/// A parameter value given by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    String(String),
    Bool(bool),
    StringArray(Vec<String>),
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::String(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(value)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<Vec<String>> for Value {
    fn from(value: Vec<String>) -> Self {
        Value::StringArray(value)
    }
}

impl Value {
    fn to_json(&self) -> serde_json::Value {
        match self {
            Value::String(s) => s.clone().into(),
            Value::Bool(b) => (*b).into(),
            Value::StringArray(a) => a.clone().into(),
        }
    }

    /// The value of a JSON parameter literal (a test case's `params`, a `default`).
    pub fn from_json(value: &serde_json::Value) -> Option<Value> {
        match value {
            serde_json::Value::String(s) => Some(Value::String(s.clone())),
            serde_json::Value::Bool(b) => Some(Value::Bool(*b)),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|v| v.as_str().map(str::to_owned))
                .collect::<Option<Vec<_>>>()
                .map(Value::StringArray),
            _ => None,
        }
    }
}

/// Parameter values by name (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`, ...).
#[derive(Debug, Clone, Default)]
pub struct Params {
    values: BTreeMap<String, Value>,
}

impl Params {
    pub const fn new() -> Self {
        Params {
            values: BTreeMap::new(),
        }
    }

    pub fn set(&mut self, name: &str, value: impl Into<Value>) -> &mut Self {
        self.values.insert(name.to_owned(), value.into());
        self
    }

    /// Builder-style [`Params::set`].
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Self {
        self.set(name, value);
        self
    }

    /// Every value, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Value)> {
        self.values
            .iter()
            .map(|(name, value)| (name.as_str(), value))
    }

    pub fn get(&self, name: &str) -> Option<&Value> {
        self.values.get(name)
    }

    /// Params from a JSON object such as an endpoint test case's `params`.
    pub fn from_json(value: &serde_json::Value) -> Result<Params, EndpointError> {
        let object = value
            .as_object()
            .ok_or_else(|| EndpointError::new("params must be an object"))?;
        let mut params = Params::new();
        for (name, v) in object {
            let v = Value::from_json(v)
                .ok_or_else(|| EndpointError::new(format!("unsupported value for param {name}")))?;
            params.set(name, v);
        }
        Ok(params)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, PartialEq)]
pub struct Endpoint {
    pub url: String,
    pub properties: Map<String, serde_json::Value>,
    pub headers: BTreeMap<String, Vec<String>>,
}

/// A malformed rule set, invalid params, or an error rule that matched (its message as is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: String,
}

impl EndpointError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        EndpointError {
            message: message.into(),
        }
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

/// A parsed `smithy.rules#endpointRuleSet`.
#[derive(Debug, Clone)]
pub struct RuleSet {
    parameters: Vec<Parameter>,
    rules: Vec<Rule>,
}
impl RuleSet {
    /// Parses and checks a rule set; malformed input is an error, never a panic.
    pub fn from_json(value: &serde_json::Value) -> Result<RuleSet, EndpointError> {
        parse::rule_set(value)
    }

    /// The parameter bound to a built-in such as `AWS::Region` or `SDK::Endpoint`.
    pub fn param_for_built_in(&self, built_in: &str) -> Option<&str> {
        self.parameters
            .iter()
            .find(|p| p.built_in.as_deref() == Some(built_in))
            .map(|p| p.name.as_str())
    }

    /// Whether the rule set declares a parameter of this name.
    pub fn declares(&self, name: &str) -> bool {
        self.parameters.iter().any(|p| p.name == name)
    }

    pub fn resolve(&self, params: &Params) -> Result<Endpoint, EndpointError> {
        eval::resolve(self, params)
    }

    /// Runs one case of a `smithy.rules#endpointTests` suite (`{"params", "expect":
    /// {"endpoint": {"url", "properties", "headers"}} | {"error": message}}`): `Err` says
    /// what was wanted and what came out.
    pub fn check_test_case(&self, case: &serde_json::Value) -> Result<(), String> {
        let empty = serde_json::Value::Object(Default::default());
        let params = Params::from_json(case.get("params").unwrap_or(&empty))
            .map_err(|e| format!("unreadable params: {e}"))?;
        let result = self.resolve(&params);
        let expect = &case["expect"];
        match (expect.get("error"), expect.get("endpoint"), &result) {
            (Some(message), _, Err(e)) if message == e.message() => Ok(()),
            (None, Some(want), Ok(got)) => {
                let properties_ok = want
                    .get("properties")
                    .is_none_or(|p| p.as_object() == Some(&got.properties));
                let headers_ok = want
                    .get("headers")
                    .is_none_or(|h| serde_json::to_value(&got.headers).is_ok_and(|got| *h == got));
                match want["url"] == got.url.as_str() && properties_ok && headers_ok {
                    true => Ok(()),
                    false => Err(format!("want {want}, got {got:?}")),
                }
            }
            _ => Err(format!("want {expect}, got {result:?}")),
        }
    }
}

fn type_of(value: &Value) -> ParamType {
    match value {
        Value::String(_) => ParamType::String,
        Value::Bool(_) => ParamType::Boolean,
        Value::StringArray(_) => ParamType::StringArray,
    }
}
