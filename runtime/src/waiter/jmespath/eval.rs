//! Evaluation, as the JMESPath specification defines it: a field of a non-object, an index
//! of a non-list and a projection of the wrong type are null, not errors.

use serde_json::{Map, Value};

use super::lexer::Comparator;
use super::{EvalError, Expr, functions, is_truthy, json_equal};

pub(super) fn eval(expr: &Expr, value: &Value) -> Result<Value, EvalError> {
    Ok(match expr {
        Expr::Identity => value.clone(),
        Expr::Field { name, .. } => value.get(name.as_str()).cloned().unwrap_or(Value::Null),
        Expr::Subexpr(left, right) | Expr::Pipe(left, right) => eval(right, &eval(left, value)?)?,
        Expr::Index(left, index) => match eval(left, value)? {
            Value::Array(items) => resolve_index(items.len(), *index)
                .and_then(|i| items.into_iter().nth(i))
                .unwrap_or(Value::Null),
            _ => Value::Null,
        },
        Expr::Slice {
            list,
            start,
            stop,
            step,
        } => match eval(list, value)? {
            Value::Array(items) => Value::Array(slice(&items, *start, *stop, *step)),
            _ => Value::Null,
        },
        Expr::Projection(left, right) => match eval(left, value)? {
            Value::Array(items) => project(items.iter(), right)?,
            _ => Value::Null,
        },
        Expr::ValueProjection(left, right) => match eval(left, value)? {
            Value::Object(members) => project(members.values(), right)?,
            _ => Value::Null,
        },
        Expr::Flatten(inner) => match eval(inner, value)? {
            Value::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Array(nested) => flat.extend(nested),
                        other => flat.push(other),
                    }
                }
                Value::Array(flat)
            }
            _ => Value::Null,
        },
        Expr::FilterProjection {
            list,
            condition,
            each,
        } => match eval(list, value)? {
            Value::Array(items) => {
                let mut kept = Vec::new();
                for item in &items {
                    if is_truthy(&eval(condition, item)?) {
                        let result = eval(each, item)?;
                        if !result.is_null() {
                            kept.push(result);
                        }
                    }
                }
                Value::Array(kept)
            }
            _ => Value::Null,
        },
        Expr::Compare(op, left, right) => compare(*op, &eval(left, value)?, &eval(right, value)?),
        Expr::And(left, right) => {
            let left = eval(left, value)?;
            if is_truthy(&left) {
                eval(right, value)?
            } else {
                left
            }
        }
        Expr::Or(left, right) => {
            let left = eval(left, value)?;
            if is_truthy(&left) {
                left
            } else {
                eval(right, value)?
            }
        }
        Expr::Not(inner) => Value::Bool(!is_truthy(&eval(inner, value)?)),
        Expr::Literal(literal) => literal.clone(),
        // A multi-select of null is null, as the specification says.
        Expr::MultiList(_) | Expr::MultiHash(_) if value.is_null() => Value::Null,
        Expr::MultiList(items) => Value::Array(
            items
                .iter()
                .map(|item| eval(item, value))
                .collect::<Result<_, _>>()?,
        ),
        Expr::MultiHash(pairs) => {
            let mut object = Map::new();
            for (key, item) in pairs {
                object.insert(key.clone(), eval(item, value)?);
            }
            Value::Object(object)
        }
        Expr::Reference(_) => {
            return Err(EvalError(
                "an expression reference (`&`) is only a function argument".to_owned(),
            ));
        }
        Expr::Function(name, args) => {
            let args = args
                .iter()
                .map(|arg| eval(arg, value))
                .collect::<Result<Vec<_>, _>>()?;
            functions::call(name, &args)?
        }
    })
}

fn project<'a>(items: impl Iterator<Item = &'a Value>, each: &Expr) -> Result<Value, EvalError> {
    let mut results = Vec::new();
    for item in items {
        let result = eval(each, item)?;
        if !result.is_null() {
            results.push(result);
        }
    }
    Ok(Value::Array(results))
}

fn compare(op: Comparator, left: &Value, right: &Value) -> Value {
    match op {
        Comparator::Equal => Value::Bool(json_equal(left, right)),
        Comparator::NotEqual => Value::Bool(!json_equal(left, right)),
        // Ordering is defined on numbers only; anything else compares as null.
        _ => match (left.as_f64(), right.as_f64()) {
            (Some(l), Some(r)) => Value::Bool(match op {
                Comparator::Less => l < r,
                Comparator::LessOrEqual => l <= r,
                Comparator::Greater => l > r,
                _ => l >= r,
            }),
            _ => Value::Null,
        },
    }
}

fn resolve_index(len: usize, index: i64) -> Option<usize> {
    let len = i64::try_from(len).ok()?;
    let resolved = if index < 0 { len + index } else { index };
    (0..len).contains(&resolved).then_some(resolved as usize)
}

/// Python's slice semantics, as the specification adopts them.
fn slice(items: &[Value], start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<Value> {
    let len = items.len() as i64;
    let clamp = |bound: i64, low: i64, high: i64| {
        let bound = if bound < 0 { bound + len } else { bound };
        bound.clamp(low, high)
    };
    let mut out = Vec::new();
    if step > 0 {
        let start = start.map_or(0, |s| clamp(s, 0, len));
        let stop = stop.map_or(len, |s| clamp(s, 0, len));
        let mut at = start;
        while at < stop {
            out.push(items[at as usize].clone());
            at = at.saturating_add(step);
        }
    } else {
        let start = start.map_or(len - 1, |s| clamp(s, -1, len - 1));
        let stop = stop.map_or(-1, |s| clamp(s, -1, len - 1));
        let mut at = start;
        while at > stop {
            out.push(items[at as usize].clone());
            at = at.saturating_add(step);
        }
    }
    out
}
