//! Rule evaluation. Values are JSON values; `Null` stands for "not set", which is what an
//! unset parameter, a missing attribute or a function with no result gives.

use std::collections::BTreeMap;

use serde_json::{Map, Value as J};

use super::parse::{
    Condition, EndpointTemplate, Expr, PathPart, Rule, RuleKind, Template, TemplatePart,
};
use super::{Endpoint, EndpointError, Params, RuleSet, functions, type_of};

/// Names bound so far: parameters first, then `assign`s of the conditions on the way down.
struct Scope(Vec<(String, J)>);

impl Scope {
    fn get(&self, name: &str) -> Result<&J, EndpointError> {
        // Latest binding wins, though the rules language forbids shadowing anyway.
        self.0
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
            .ok_or_else(|| EndpointError::new(format!("unknown reference {name}")))
    }
}

enum Outcome {
    Endpoint(Endpoint),
    Error(String),
    NoMatch,
}

pub(super) fn resolve(rule_set: &RuleSet, params: &Params) -> Result<Endpoint, EndpointError> {
    let mut scope = Scope(Vec::new());
    for p in &rule_set.parameters {
        let value = params.get(&p.name).or(p.default.as_ref());
        match value {
            Some(v) if type_of(v) != p.ty => {
                return Err(EndpointError::new(format!(
                    "parameter {} must be {:?}",
                    p.name, p.ty
                )));
            }
            Some(v) => scope.0.push((p.name.clone(), v.to_json())),
            None if p.required => {
                return Err(EndpointError::new(format!(
                    "missing required parameter {}",
                    p.name
                )));
            }
            None => scope.0.push((p.name.clone(), J::Null)),
        }
    }
    match eval_rules(&rule_set.rules, &mut scope)? {
        Outcome::Endpoint(e) => Ok(e),
        Outcome::Error(message) => Err(EndpointError::new(message)),
        Outcome::NoMatch => Err(EndpointError::new("no endpoint rule matched")),
    }
}

fn eval_rules(rules: &[Rule], scope: &mut Scope) -> Result<Outcome, EndpointError> {
    for rule in rules {
        let depth = scope.0.len();
        let outcome = eval_rule(rule, scope);
        // Assignments only reach the rule's own subtree.
        scope.0.truncate(depth);
        match outcome? {
            Outcome::NoMatch => continue,
            done => return Ok(done),
        }
    }
    Ok(Outcome::NoMatch)
}

fn eval_rule(rule: &Rule, scope: &mut Scope) -> Result<Outcome, EndpointError> {
    for condition in &rule.conditions {
        if !eval_condition(condition, scope)? {
            return Ok(Outcome::NoMatch);
        }
    }
    match &rule.kind {
        RuleKind::Endpoint(e) => Ok(Outcome::Endpoint(eval_endpoint(e, scope)?)),
        RuleKind::Error(message) => match eval(message, scope)? {
            J::String(s) => Ok(Outcome::Error(s)),
            other => Err(EndpointError::new(format!("error rule gave {other}"))),
        },
        // A tree whose conditions matched is terminal: falling out of it is an error.
        RuleKind::Tree(rules) => match eval_rules(rules, scope)? {
            Outcome::NoMatch => Err(EndpointError::new(
                "no rule matched in a tree rule whose conditions held",
            )),
            done => Ok(done),
        },
    }
}

fn eval_condition(condition: &Condition, scope: &mut Scope) -> Result<bool, EndpointError> {
    let value = eval(&condition.expr, scope)?;
    let holds = !matches!(value, J::Null | J::Bool(false));
    if holds && let Some(name) = &condition.assign {
        scope.0.push((name.clone(), value));
    }
    Ok(holds)
}

fn eval_endpoint(e: &EndpointTemplate, scope: &Scope) -> Result<Endpoint, EndpointError> {
    let url = match eval(&e.url, scope)? {
        J::String(s) => s,
        other => return Err(EndpointError::new(format!("endpoint url is {other}"))),
    };
    let mut properties = Map::new();
    for (name, expr) in &e.properties {
        properties.insert(name.clone(), eval(expr, scope)?);
    }
    let mut headers = BTreeMap::new();
    for (name, exprs) in &e.headers {
        let values = exprs
            .iter()
            .map(|x| match eval(x, scope)? {
                J::String(s) => Ok(s),
                other => Err(EndpointError::new(format!(
                    "header {name} value is {other}"
                ))),
            })
            .collect::<Result<_, _>>()?;
        headers.insert(name.clone(), values);
    }
    Ok(Endpoint {
        url,
        properties,
        headers,
    })
}

fn eval(expr: &Expr, scope: &Scope) -> Result<J, EndpointError> {
    Ok(match expr {
        Expr::Literal(v) => v.clone(),
        Expr::Template(t) => J::String(render(t, scope)?),
        Expr::Array(items) => J::Array(
            items
                .iter()
                .map(|x| eval(x, scope))
                .collect::<Result<_, _>>()?,
        ),
        Expr::Record(fields) => J::Object(
            fields
                .iter()
                .map(|(k, x)| Ok((k.clone(), eval(x, scope)?)))
                .collect::<Result<_, EndpointError>>()?,
        ),
        Expr::Ref(name) => scope.get(name)?.clone(),
        Expr::GetAttr(target, path) => get_attr(&eval(target, scope)?, path).clone(),
        Expr::Call(func, args) => {
            let args = args
                .iter()
                .map(|x| eval(x, scope))
                .collect::<Result<Vec<_>, _>>()?;
            functions::call(*func, &args)?
        }
    })
}

fn render(template: &Template, scope: &Scope) -> Result<String, EndpointError> {
    let mut out = String::new();
    for part in &template.0 {
        let value = match part {
            TemplatePart::Text(text) => {
                out.push_str(text);
                continue;
            }
            TemplatePart::Ref(name) => scope.get(name)?,
            TemplatePart::Attr(name, path) => get_attr(scope.get(name)?, path),
        };
        match value {
            J::String(s) => out.push_str(s),
            // Only strings may be interpolated; anything else means the rule set is wrong.
            other => {
                return Err(EndpointError::new(format!(
                    "cannot interpolate {other} into a template"
                )));
            }
        }
    }
    Ok(out)
}

/// Follows `path` into records and arrays; a missing key or index gives `Null`.
pub(super) fn get_attr<'a>(value: &'a J, path: &[PathPart]) -> &'a J {
    let mut current = value;
    for part in path {
        let next = match (part, current) {
            (PathPart::Key(k), J::Object(o)) => o.get(k),
            (PathPart::Index(i), J::Array(a)) => a.get(*i),
            _ => None,
        };
        match next {
            Some(v) => current = v,
            None => return &J::Null,
        }
    }
    current
}
