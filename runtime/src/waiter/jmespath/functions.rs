//! The built-in functions: those of the specification that take values (not expression
//! references: `map`, `sort_by`, `max_by` and `min_by` are not here). botocore's waiters
//! use only `length`.

use serde_json::{Number, Value};

use super::{EvalError, Expr, ParseError, json_equal};

/// The functions this evaluator knows, with their number of arguments (`None`: one or more).
pub const FUNCTIONS: &[(&str, Option<usize>)] = &[
    ("abs", Some(1)),
    ("avg", Some(1)),
    ("ceil", Some(1)),
    ("contains", Some(2)),
    ("ends_with", Some(2)),
    ("floor", Some(1)),
    ("join", Some(2)),
    ("keys", Some(1)),
    ("length", Some(1)),
    ("max", Some(1)),
    ("merge", None),
    ("min", Some(1)),
    ("not_null", None),
    ("reverse", Some(1)),
    ("sort", Some(1)),
    ("starts_with", Some(2)),
    ("sum", Some(1)),
    ("to_array", Some(1)),
    ("to_number", Some(1)),
    ("to_string", Some(1)),
    ("type", Some(1)),
    ("values", Some(1)),
];

/// Every function an expression calls exists and gets the right number of arguments.
pub(super) fn check_calls(expr: &Expr) -> Result<(), ParseError> {
    let mut result = Ok(());
    visit(expr, &mut |node| {
        if let (Expr::Function(name, args), Ok(())) = (node, &result) {
            result = match FUNCTIONS.iter().find(|(known, _)| known == name) {
                None => Err(ParseError::new(0, format!("unknown function `{name}()`"))),
                Some((_, Some(arity))) if args.len() != *arity => Err(ParseError::new(
                    0,
                    format!("`{name}()` takes {arity} argument(s), not {}", args.len()),
                )),
                Some((_, None)) if args.is_empty() => Err(ParseError::new(
                    0,
                    format!("`{name}()` takes at least one argument"),
                )),
                Some(_) => Ok(()),
            };
        }
    });
    result
}

/// Calls `f` on `expr` and every expression inside it.
pub(super) fn visit(expr: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(expr);
    match expr {
        Expr::Identity | Expr::Field { .. } | Expr::Literal(_) => {}
        Expr::Index(inner, _)
        | Expr::Flatten(inner)
        | Expr::Not(inner)
        | Expr::Reference(inner)
        | Expr::Slice { list: inner, .. } => visit(inner, f),
        Expr::Subexpr(a, b)
        | Expr::Pipe(a, b)
        | Expr::Projection(a, b)
        | Expr::ValueProjection(a, b)
        | Expr::Compare(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Expr::FilterProjection {
            list,
            condition,
            each,
        } => {
            visit(list, f);
            visit(condition, f);
            visit(each, f);
        }
        Expr::MultiList(items) | Expr::Function(_, items) => {
            items.iter().for_each(|item| visit(item, f));
        }
        Expr::MultiHash(pairs) => pairs.iter().for_each(|(_, item)| visit(item, f)),
    }
}

fn type_error(name: &str, wanted: &str, got: &Value) -> EvalError {
    EvalError(format!(
        "`{name}()` expects {wanted}, got {}",
        type_name(got)
    ))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn number(value: f64) -> Value {
    // Whole results print as integers, as the reference implementation's do.
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn numbers(name: &str, value: &Value) -> Result<Vec<f64>, EvalError> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_f64()
                    .ok_or_else(|| type_error(name, "an array of numbers", value))
            })
            .collect(),
        _ => Err(type_error(name, "an array of numbers", value)),
    }
}

fn strings<'a>(name: &str, value: &'a Value) -> Result<Vec<&'a str>, EvalError> {
    match value {
        Value::Array(items) => items
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(|| type_error(name, "an array of strings", value))
            })
            .collect(),
        _ => Err(type_error(name, "an array of strings", value)),
    }
}

/// Calls a function; `check_calls` has checked the name and the number of arguments.
pub(super) fn call(name: &str, args: &[Value]) -> Result<Value, EvalError> {
    let first = args.first().unwrap_or(&Value::Null);
    let second = args.get(1).unwrap_or(&Value::Null);
    Ok(match name {
        "length" => match first {
            Value::String(s) => Value::from(s.chars().count()),
            Value::Array(a) => Value::from(a.len()),
            Value::Object(o) => Value::from(o.len()),
            other => return Err(type_error(name, "a string, array or object", other)),
        },
        "contains" => match first {
            Value::Array(items) => Value::Bool(items.iter().any(|item| json_equal(item, second))),
            Value::String(s) => match second {
                Value::String(search) => Value::Bool(s.contains(search.as_str())),
                other => return Err(type_error(name, "a string to search for", other)),
            },
            other => return Err(type_error(name, "an array or a string", other)),
        },
        "starts_with" | "ends_with" => match (first, second) {
            (Value::String(s), Value::String(affix)) => Value::Bool(if name == "starts_with" {
                s.starts_with(affix.as_str())
            } else {
                s.ends_with(affix.as_str())
            }),
            _ => return Err(type_error(name, "two strings", first)),
        },
        "abs" | "ceil" | "floor" => {
            let n = first
                .as_f64()
                .ok_or_else(|| type_error(name, "a number", first))?;
            number(match name {
                "abs" => n.abs(),
                "ceil" => n.ceil(),
                _ => n.floor(),
            })
        }
        "avg" | "sum" => {
            let values = numbers(name, first)?;
            let sum: f64 = values.iter().sum();
            match name {
                "sum" => number(sum),
                _ if values.is_empty() => Value::Null,
                _ => number(sum / values.len() as f64),
            }
        }
        "max" | "min" => match first {
            Value::Array(items) if items.iter().all(Value::is_number) => {
                let values = numbers(name, first)?;
                let pick = values
                    .into_iter()
                    .reduce(|a, b| if (name == "max") == (b > a) { b } else { a });
                pick.map_or(Value::Null, number)
            }
            Value::Array(_) => {
                let values = strings(name, first)?;
                let pick = values
                    .into_iter()
                    .reduce(|a, b| if (name == "max") == (b > a) { b } else { a });
                pick.map_or(Value::Null, Value::from)
            }
            other => return Err(type_error(name, "an array", other)),
        },
        "join" => {
            let glue = first
                .as_str()
                .ok_or_else(|| type_error(name, "a string", first))?;
            let parts = strings(name, second)?;
            Value::from(parts.join(glue))
        }
        "keys" | "values" => match first {
            Value::Object(members) if name == "keys" => {
                Value::Array(members.keys().cloned().map(Value::from).collect())
            }
            Value::Object(members) => Value::Array(members.values().cloned().collect()),
            other => return Err(type_error(name, "an object", other)),
        },
        "merge" => {
            let mut merged = serde_json::Map::new();
            for arg in args {
                let Value::Object(members) = arg else {
                    return Err(type_error(name, "objects", arg));
                };
                merged.extend(members.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
            Value::Object(merged)
        }
        "not_null" => args
            .iter()
            .find(|arg| !arg.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        "reverse" => match first {
            Value::Array(items) => Value::Array(items.iter().rev().cloned().collect()),
            Value::String(s) => Value::from(s.chars().rev().collect::<String>()),
            other => return Err(type_error(name, "an array or a string", other)),
        },
        "sort" => match first {
            Value::Array(items) if items.iter().all(Value::is_number) => {
                let mut values = numbers(name, first)?;
                values.sort_by(f64::total_cmp);
                Value::Array(values.into_iter().map(number).collect())
            }
            Value::Array(_) => {
                let mut values = strings(name, first)?;
                values.sort_unstable();
                Value::Array(values.into_iter().map(Value::from).collect())
            }
            other => return Err(type_error(name, "an array", other)),
        },
        "to_array" => match first {
            Value::Array(_) => first.clone(),
            other => Value::Array(vec![other.clone()]),
        },
        "to_number" => match first {
            Value::Number(_) => first.clone(),
            Value::String(s) => s.parse::<f64>().map_or(Value::Null, number),
            _ => Value::Null,
        },
        "to_string" => match first {
            Value::String(_) => first.clone(),
            other => Value::from(other.to_string()),
        },
        "type" => Value::from(type_name(first)),
        other => return Err(EvalError(format!("unknown function `{other}()`"))),
    })
}
