//! Waiters: call an operation until its answer says that a resource reached the wanted
//! state (`waiters-2.json` in botocore, `@smithy.waiters#waitable` in Smithy).
//!
//! A generated waiter is a static [`Waiter`]: the operation, the delays, an optional
//! ceiling on attempts and the acceptors in order. On each answer the acceptors are tried
//! in order and the first that matches decides: success (the wait ends with the answer),
//! failure (the wait ends with [`WaiterError::Failure`]) or retry. When none matches, an
//! error answer ends the wait ([`WaiterError::Operation`]) and an output is polled again.
//!
//! Path matchers evaluate a JMESPath expression ([`jmespath`]) on the output's serde form,
//! in which members are keyed by their wire names; the generator rewrites each expression
//! from the model's member names to those keys, so botocore's expressions mean here what
//! they mean in botocore.
//!
//! The polling loop (`wait`, `WaitConfig`) needs the runtime's `waiters` feature (tokio's
//! timer); the types below and the evaluator are always there, for the generator.

#[cfg(feature = "waiters")]
mod driver;
pub mod jmespath;
#[cfg(all(test, feature = "waiters"))]
mod tests;

use std::fmt;
use std::time::Duration;

use serde_json::Value;

#[cfg(feature = "waiters")]
pub use driver::{DEFAULT_MAX_WAIT, WaitConfig, Waited, WaiterError, delay_before_attempt, wait};

/// A waiter as the model declares it.
#[derive(Debug)]
pub struct Waiter {
    /// The waiter's name in the model, e.g. `TableExists`.
    pub name: &'static str,
    /// The operation it polls, e.g. `DescribeTable`.
    pub operation: &'static str,
    /// The shortest delay between attempts (botocore's fixed `delay`, Smithy's `minDelay`).
    pub min_delay: Duration,
    /// The longest delay between attempts (botocore: the same as `min_delay`).
    pub max_delay: Duration,
    /// botocore's `maxAttempts`; Smithy waiters have none and are bounded by time.
    pub max_attempts: Option<u32>,
    pub acceptors: &'static [Acceptor],
}

/// One acceptor: when its matcher matches an answer, the wait goes to its state.
#[derive(Debug)]
pub struct Acceptor {
    pub state: State,
    pub matcher: Matcher,
}

/// Where an acceptor sends the wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Success,
    Failure,
    Retry,
}

/// What an acceptor looks at.
#[derive(Debug)]
pub enum Matcher {
    /// A JMESPath expression on the output's serde form (`on_input_and_output`: on
    /// `{"input": ..., "output": ...}`, Smithy's `inputOutput`), compared with `expected`.
    Path {
        expression: &'static str,
        on_input_and_output: bool,
        comparison: Comparison,
        expected: Expected,
    },
    /// `true`: the call succeeded; `false`: it answered any error (botocore's `error`
    /// matcher with `expected: false` / `true`, Smithy's `success`).
    Success(bool),
    /// The call answered this error code (botocore's `error`, Smithy's `errorType`).
    ErrorCode(&'static str),
    /// The HTTP status of the answer: the operation's success status for an output, the
    /// error's status for an error.
    Status(u16),
}

/// How a path's result is compared with the expected value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// The result equals it (botocore `path`, Smithy `stringEquals` / `booleanEquals`).
    Equals,
    /// The result is a non-empty list whose every element equals it (`pathAll`,
    /// `allStringEquals`).
    AllEqual,
    /// The result is a non-empty list with an element equal to it (`pathAny`,
    /// `anyStringEquals`).
    AnyEqual,
}

/// The value a path result is compared with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expected {
    String(&'static str),
    Bool(bool),
    Integer(i64),
    Float(f64),
}

impl Expected {
    fn to_json(self) -> Value {
        match self {
            Expected::String(s) => Value::from(s),
            Expected::Bool(b) => Value::from(b),
            Expected::Integer(n) => Value::from(n),
            Expected::Float(x) => Value::from(x),
        }
    }
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.to_json())
    }
}

impl fmt::Display for Acceptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            State::Success => "success",
            State::Failure => "failure",
            State::Retry => "retry",
        };
        match &self.matcher {
            Matcher::Path {
                expression,
                comparison,
                expected,
                on_input_and_output,
            } => {
                let (prefix, op) = match comparison {
                    Comparison::Equals => ("", "=="),
                    Comparison::AllEqual => ("all of ", "=="),
                    Comparison::AnyEqual => ("any of ", "=="),
                };
                let of = if *on_input_and_output {
                    "input and output"
                } else {
                    "output"
                };
                write!(
                    f,
                    "{state} when {prefix}`{expression}` {op} {expected} (on the {of})"
                )
            }
            Matcher::Success(true) => write!(f, "{state} when the call succeeds"),
            Matcher::Success(false) => write!(f, "{state} when the call answers any error"),
            Matcher::ErrorCode(code) => write!(f, "{state} when the call answers error {code}"),
            Matcher::Status(status) => write!(f, "{state} when the answer's status is {status}"),
        }
    }
}

/// One answer as the acceptors see it.
#[derive(Debug)]
pub enum Answer<'a> {
    /// An output: its serde form (with `{"input", "output"}` for input-output paths) and
    /// the operation's success status.
    Output {
        output: &'a Value,
        input: &'a Value,
        status: u16,
    },
    /// A service error: its code (if the response had one) and HTTP status.
    Error { code: Option<&'a str>, status: u16 },
}

impl Matcher {
    /// Whether the matcher matches `answer`. An expression that does not parse or fails to
    /// evaluate (a function given the wrong type) does not match.
    pub fn matches(&self, answer: &Answer<'_>) -> bool {
        match (self, answer) {
            (Matcher::Success(wanted), Answer::Output { .. }) => *wanted,
            (Matcher::Success(wanted), Answer::Error { .. }) => !*wanted,
            (Matcher::Status(wanted), Answer::Output { status, .. })
            | (Matcher::Status(wanted), Answer::Error { status, .. }) => wanted == status,
            (Matcher::ErrorCode(wanted), Answer::Error { code, .. }) => {
                code.is_some_and(|code| code == *wanted || code == strip_namespace(wanted))
            }
            (Matcher::ErrorCode(_), Answer::Output { .. }) => false,
            (Matcher::Path { .. }, Answer::Error { .. }) => false,
            (
                Matcher::Path {
                    expression,
                    on_input_and_output,
                    comparison,
                    expected,
                },
                Answer::Output { output, input, .. },
            ) => {
                let Ok(expr) = jmespath::Expr::parse(expression) else {
                    return false;
                };
                let result = if *on_input_and_output {
                    let both = serde_json::json!({"input": input, "output": output});
                    expr.search(&both)
                } else {
                    expr.search(output)
                };
                result.is_ok_and(|result| compare(&result, *comparison, *expected))
            }
        }
    }
}

/// Smithy names an error by shape id (`com.example#NotFound`); the wire code has no
/// namespace.
fn strip_namespace(code: &str) -> &str {
    code.rsplit_once('#').map_or(code, |(_, name)| name)
}

fn compare(result: &Value, comparison: Comparison, expected: Expected) -> bool {
    let expected = expected.to_json();
    match comparison {
        Comparison::Equals => jmespath::json_equal(result, &expected),
        Comparison::AllEqual => match result {
            Value::Array(items) => {
                !items.is_empty()
                    && items
                        .iter()
                        .all(|item| jmespath::json_equal(item, &expected))
            }
            _ => false,
        },
        Comparison::AnyEqual => match result {
            Value::Array(items) => items
                .iter()
                .any(|item| jmespath::json_equal(item, &expected)),
            _ => false,
        },
    }
}
