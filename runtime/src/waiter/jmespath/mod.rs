//! A JMESPath evaluator over `serde_json::Value`, for waiter acceptors.
//!
//! It implements the language of the JMESPath specification that waiters need, written
//! by hand (no dependency): identifiers (unquoted and quoted), sub-expressions, indexes
//! (negative from the end), slices, list projections (`[*]`), object projections (`*`),
//! flattening (`[]`), filters (`[?cond]`), comparisons, `&&`, `||`, `!`, parentheses,
//! pipes, multi-select lists and hashes, literals (`` `json` `` and `'raw'`), the current
//! node `@`, and the functions [`FUNCTIONS`] lists. Every expression in botocore's
//! `waiters-2.json` files parses and evaluates here (see the tests).
//!
//! The generator parses each waiter's expressions with this same parser, so a model whose
//! expression does not parse is refused at generation time, not when the waiter runs.

mod eval;
mod functions;
mod lexer;
mod parser;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use serde_json::Value;

pub use functions::FUNCTIONS;
pub use lexer::Comparator;

/// A parsed JMESPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`, and the implicit right-hand side of a projection.
    Identity,
    /// A member of an object; `span` is where the identifier is written in the text.
    Field {
        name: String,
        span: Range<usize>,
    },
    /// `left.right`: `right` evaluated on the result of `left`.
    Subexpr(Box<Expr>, Box<Expr>),
    /// `left[n]`; a negative index counts from the end.
    Index(Box<Expr>, i64),
    /// `list[start:stop:step]` (a projection's left-hand side).
    Slice {
        list: Box<Expr>,
        start: Option<i64>,
        stop: Option<i64>,
        step: i64,
    },
    /// `left[*].right`: `right` on each element of the list `left`, nulls dropped.
    Projection(Box<Expr>, Box<Expr>),
    /// `left.*.right`: `right` on each value of the object `left`, nulls dropped.
    ValueProjection(Box<Expr>, Box<Expr>),
    /// `left[]`: the list with nested lists merged one level.
    Flatten(Box<Expr>),
    /// `list[?condition].each`.
    FilterProjection {
        list: Box<Expr>,
        condition: Box<Expr>,
        each: Box<Expr>,
    },
    Compare(Comparator, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Pipe(Box<Expr>, Box<Expr>),
    Literal(Value),
    MultiList(Vec<Expr>),
    MultiHash(Vec<(String, Expr)>),
    /// `&expr`, an argument of functions such as `sort_by`.
    Reference(Box<Expr>),
    Function(String, Vec<Expr>),
}

/// An expression that does not parse: where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Byte offset in the expression.
    pub offset: usize,
    pub message: String,
}

impl ParseError {
    fn new(offset: usize, message: impl Into<String>) -> ParseError {
        ParseError {
            offset,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Why an expression could not be evaluated (a function given the wrong type or number of
/// arguments; JMESPath makes these errors, not null).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub String);

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for EvalError {}

impl Expr {
    /// Parses an expression, checking that every function it calls exists (with the right
    /// number of arguments), so that a parsed expression fails only on argument types.
    pub fn parse(text: &str) -> Result<Expr, ParseError> {
        let expr = parser::parse(text)?;
        functions::check_calls(&expr)?;
        Ok(expr)
    }

    /// The result of the expression on `value`.
    pub fn search(&self, value: &Value) -> Result<Value, EvalError> {
        eval::eval(self, value)
    }
}

/// JMESPath truthiness: false, null, and empty strings, lists and objects are false.
pub fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

/// JMESPath equality: deep, with numbers compared by value (`1` equals `1.0`).
pub fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, x)| y.get(key).is_some_and(|y| json_equal(x, y)))
        }
        _ => a == b,
    }
}
