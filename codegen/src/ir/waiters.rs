//! Waiters in the IR: one form for botocore's `waiters-2.json` and Smithy's
//! `@smithy.waiters#waitable`, and the lowering of each.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::botocore;

/// Poll `operation` until an acceptor says success or failure.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// Unique in the service, e.g. `TableExists`.
    pub name: String,
    pub operation: String,
    /// botocore's `description` or Smithy's `documentation`.
    pub docs: Option<String>,
    /// Seconds: botocore's fixed `delay` is both; Smithy's `minDelay` / `maxDelay`.
    pub min_delay: u32,
    pub max_delay: u32,
    /// botocore's `maxAttempts`; Smithy waiters are bounded by time instead.
    pub max_attempts: Option<u32>,
    pub deprecated: bool,
    pub acceptors: Vec<Acceptor>,
    /// The file that declares it, for error messages.
    pub source: PathBuf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Acceptor {
    pub state: AcceptorState,
    pub matcher: Matcher,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// A JMESPath expression on the output (or on `{input, output}`).
    Path {
        /// As the model writes it: over member names.
        expression: String,
        /// The same over the keys of the serde form (wire names), which the runtime
        /// evaluates; set by `resolve_waiters`.
        wire_expression: String,
        input_output: bool,
        comparison: Comparison,
        expected: Expected,
    },
    /// `true`: the call succeeds; `false`: it answers any error.
    Success(bool),
    /// The call answers this error code.
    ErrorCode(String),
    /// The HTTP status of the answer.
    Status(u16),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equals,
    AllEqual,
    AnyEqual,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expected {
    String(String),
    Bool(bool),
    Integer(i64),
    Float(f64),
}

/// Smithy's defaults for `minDelay` and `maxDelay`.
const SMITHY_MIN_DELAY: u32 = 2;
const SMITHY_MAX_DELAY: u32 = 120;

/// The waiters of a `waiters-2.json` (read from `file`).
pub fn from_botocore(file: &Path, model: &botocore::Waiters) -> Result<Vec<Waiter>> {
    let mut waiters = Vec::new();
    for (name, waiter) in &model.waiters {
        let mut acceptors = Vec::new();
        for (index, acceptor) in waiter.acceptors.iter().enumerate() {
            let error = |message: String| Error::Model {
                file: file.to_path_buf(),
                location: format!("waiters.{name}.acceptors[{index}]"),
                message,
            };
            acceptors.push(Acceptor {
                state: match acceptor.state {
                    botocore::AcceptorState::Success => AcceptorState::Success,
                    botocore::AcceptorState::Failure => AcceptorState::Failure,
                    botocore::AcceptorState::Retry => AcceptorState::Retry,
                },
                matcher: botocore_matcher(acceptor).map_err(error)?,
            });
        }
        waiters.push(Waiter {
            name: name.clone(),
            operation: waiter.operation.clone(),
            docs: waiter.description.clone(),
            min_delay: waiter.delay,
            max_delay: waiter.delay,
            max_attempts: Some(waiter.max_attempts),
            deprecated: false,
            acceptors,
            source: file.to_path_buf(),
        });
    }
    Ok(waiters)
}

fn botocore_matcher(acceptor: &botocore::Acceptor) -> Result<Matcher, String> {
    use botocore::AcceptorMatcher as M;
    let expected = &acceptor.expected;
    let path = |comparison| -> Result<Matcher, String> {
        let argument = acceptor
            .argument
            .clone()
            .ok_or("a path matcher needs an `argument` (its JMESPath expression)")?;
        Ok(Matcher::Path {
            wire_expression: argument.clone(),
            expression: argument,
            input_output: false,
            comparison,
            expected: expected_value(expected)?,
        })
    };
    match acceptor.matcher {
        M::Path => path(Comparison::Equals),
        M::PathAll => path(Comparison::AllEqual),
        M::PathAny => path(Comparison::AnyEqual),
        M::Status => expected
            .as_u64()
            .and_then(|status| u16::try_from(status).ok())
            .filter(|status| (100..=599).contains(status))
            .map(Matcher::Status)
            .ok_or_else(|| format!("a status matcher expects an HTTP status, not {expected}")),
        // `expected: true` matches any error, `false` no error (newer botocore).
        M::Error => match expected {
            Value::String(code) => Ok(Matcher::ErrorCode(code.clone())),
            Value::Bool(any_error) => Ok(Matcher::Success(!any_error)),
            other => Err(format!(
                "an error matcher expects an error code or a boolean, not {other}"
            )),
        },
    }
}

fn expected_value(value: &Value) -> Result<Expected, String> {
    match value {
        Value::String(s) => Ok(Expected::String(s.clone())),
        Value::Bool(b) => Ok(Expected::Bool(*b)),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(Expected::Integer(i)),
            (None, Some(x)) if x.is_finite() => Ok(Expected::Float(x)),
            _ => Err(format!("expected value {n} does not fit a 64-bit number")),
        },
        other => Err(format!(
            "a path matcher expects a string, boolean or number, not {other}"
        )),
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SmithyWaiter {
    #[serde(default)]
    documentation: Option<String>,
    acceptors: Vec<SmithyAcceptor>,
    #[serde(default)]
    min_delay: Option<u32>,
    #[serde(default)]
    max_delay: Option<u32>,
    #[serde(default)]
    deprecated: bool,
    #[serde(default)]
    #[allow(dead_code)]
    tags: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmithyAcceptor {
    state: SmithyState,
    matcher: SmithyMatcher,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum SmithyState {
    Success,
    Failure,
    Retry,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
enum SmithyMatcher {
    Output(SmithyPath),
    InputOutput(SmithyPath),
    Success(bool),
    ErrorType(String),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SmithyPath {
    path: String,
    expected: String,
    comparator: SmithyComparator,
}

/// The model's names, as serde reads them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(clippy::enum_variant_names)]
enum SmithyComparator {
    StringEquals,
    BooleanEquals,
    AllStringEquals,
    AnyStringEquals,
}

/// The waiters of one operation's `@smithy.waiters#waitable` trait (`trait_value`).
pub fn from_smithy(file: &Path, operation: &str, trait_value: &Value) -> Result<Vec<Waiter>> {
    let waiters: std::collections::BTreeMap<String, SmithyWaiter> =
        serde_path_to_error::deserialize(trait_value).map_err(|error| Error::Model {
            file: file.to_path_buf(),
            location: format!("{operation}: smithy.waiters#waitable.{}", error.path()),
            message: error.into_inner().to_string(),
        })?;
    let mut lowered = Vec::new();
    for (name, waiter) in waiters {
        let mut acceptors = Vec::new();
        for (index, acceptor) in waiter.acceptors.into_iter().enumerate() {
            let matcher = match acceptor.matcher {
                SmithyMatcher::Output(path) => smithy_path(path, false),
                SmithyMatcher::InputOutput(path) => smithy_path(path, true),
                SmithyMatcher::Success(success) => Ok(Matcher::Success(success)),
                SmithyMatcher::ErrorType(code) => Ok(Matcher::ErrorCode(code)),
            }
            .map_err(|message| Error::Model {
                file: file.to_path_buf(),
                location: format!("{operation}: smithy.waiters#waitable.{name}.acceptors[{index}]"),
                message,
            })?;
            acceptors.push(Acceptor {
                state: match acceptor.state {
                    SmithyState::Success => AcceptorState::Success,
                    SmithyState::Failure => AcceptorState::Failure,
                    SmithyState::Retry => AcceptorState::Retry,
                },
                matcher,
            });
        }
        lowered.push(Waiter {
            name,
            operation: operation.to_owned(),
            docs: waiter.documentation,
            min_delay: waiter.min_delay.unwrap_or(SMITHY_MIN_DELAY),
            max_delay: waiter.max_delay.unwrap_or(SMITHY_MAX_DELAY),
            max_attempts: None,
            deprecated: waiter.deprecated,
            acceptors,
            source: file.to_path_buf(),
        });
    }
    Ok(lowered)
}

fn smithy_path(path: SmithyPath, input_output: bool) -> Result<Matcher, String> {
    let (comparison, expected) = match path.comparator {
        SmithyComparator::StringEquals => (Comparison::Equals, Expected::String(path.expected)),
        SmithyComparator::AllStringEquals => {
            (Comparison::AllEqual, Expected::String(path.expected))
        }
        SmithyComparator::AnyStringEquals => {
            (Comparison::AnyEqual, Expected::String(path.expected))
        }
        SmithyComparator::BooleanEquals => match path.expected.as_str() {
            "true" => (Comparison::Equals, Expected::Bool(true)),
            "false" => (Comparison::Equals, Expected::Bool(false)),
            other => {
                return Err(format!(
                    "booleanEquals expects \"true\" or \"false\", not {other:?}"
                ));
            }
        },
    };
    Ok(Matcher::Path {
        wire_expression: path.path.clone(),
        expression: path.path,
        input_output,
        comparison,
        expected,
    })
}
