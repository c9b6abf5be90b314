//! The polling loop over a scripted operation, on tokio's paused clock.

use std::collections::VecDeque;
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::*;
use crate::protocol::ErrorResponse;
use crate::{CallFailure, Operation, OperationError, Structure, Validate, Validator};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Input {
    #[serde(rename = "Name")]
    name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Output {
    #[serde(rename = "Status")]
    status: String,
}

impl Structure for Input {
    const SHAPE_NAME: &'static str = "Input";
    fn absent_required_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl Structure for Output {
    const SHAPE_NAME: &'static str = "Output";
    fn absent_required_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}

impl Validate for Input {
    fn validate_into(&self, _: &mut Validator) {}
}

impl Validate for Output {
    fn validate_into(&self, _: &mut Validator) {}
}

#[derive(Debug)]
enum Error {
    Unhandled(ErrorResponse),
    Failed(CallFailure),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Unhandled(response) => response.fmt(f),
            Error::Failed(failure) => failure.fmt(f),
        }
    }
}

impl std::error::Error for Error {}

impl OperationError for Error {
    fn from_response(response: ErrorResponse) -> Self {
        Error::Unhandled(response)
    }
    fn from_failure(failure: CallFailure) -> Self {
        Error::Failed(failure)
    }
    fn code(&self) -> Option<&str> {
        match self {
            Error::Unhandled(response) => response.code.as_deref(),
            Error::Failed(_) => None,
        }
    }
    fn to_response(&self) -> ErrorResponse {
        match self {
            Error::Unhandled(response) => response.clone(),
            Error::Failed(_) => error(500, "InternalFailure").to_response(),
        }
    }
    fn failure(&self) -> Option<&CallFailure> {
        match self {
            Error::Failed(failure) => Some(failure),
            Error::Unhandled(_) => None,
        }
    }
}

struct Describe;

impl Operation for Describe {
    type Input = Input;
    type Output = Output;
    type Error = Error;
    const NAME: &'static str = "Describe";
    const PROTOCOL: crate::protocol::Protocol = crate::protocol::Protocol::AwsJson1_0;
    const TARGET: &'static str = "Test.Describe";
    const READONLY: bool = true;
    const IDEMPOTENT: bool = true;
}

fn error(status: u16, code: &str) -> Error {
    Error::Unhandled(ErrorResponse {
        status,
        code: (!code.is_empty()).then(|| code.to_owned()),
        message: None,
        body: Vec::new(),
        headers: Vec::new(),
    })
}

fn ok(status: &str) -> Result<Output, Error> {
    Ok(Output {
        status: status.to_owned(),
    })
}

static READY: Waiter = Waiter {
    name: "Ready",
    operation: "Describe",
    min_delay: Duration::from_secs(2),
    max_delay: Duration::from_secs(2),
    max_attempts: Some(5),
    acceptors: &[
        Acceptor {
            state: State::Success,
            matcher: Matcher::Path {
                expression: "Status",
                on_input_and_output: false,
                comparison: Comparison::Equals,
                expected: Expected::String("READY"),
            },
        },
        Acceptor {
            state: State::Failure,
            matcher: Matcher::Path {
                expression: "Status",
                on_input_and_output: false,
                comparison: Comparison::Equals,
                expected: Expected::String("BROKEN"),
            },
        },
        Acceptor {
            state: State::Retry,
            matcher: Matcher::ErrorCode("NotFound"),
        },
        Acceptor {
            state: State::Success,
            matcher: Matcher::Status(410),
        },
    ],
};

/// Runs `READY` against answers given in order (the last repeats), returning the result
/// and the paused clock's elapsed time and number of calls.
async fn run(
    waiter: &'static Waiter,
    config: WaitConfig,
    answers: Vec<Result<Output, Error>>,
) -> (
    Result<Waited<Output, Error>, WaiterError<Output, Error>>,
    Duration,
    usize,
) {
    let answers = Mutex::new(VecDeque::from(answers));
    let calls = Mutex::new(0usize);
    let start = tokio::time::Instant::now();
    let result = wait::<Describe, _, _>(waiter, Input::default(), &config, |_| {
        *calls.lock().unwrap() += 1;
        let mut answers = answers.lock().unwrap();
        let answer = if answers.len() > 1 {
            answers.pop_front().unwrap()
        } else {
            match answers.front().unwrap() {
                Ok(output) => Ok(output.clone()),
                Err(Error::Unhandled(response)) => Err(Error::Unhandled(response.clone())),
                Err(Error::Failed(_)) => Err(Error::Failed(CallFailure::Config("x".into()))),
            }
        };
        async move { answer }
    })
    .await;
    (result, start.elapsed(), calls.into_inner().unwrap())
}

#[tokio::test(start_paused = true)]
async fn success_after_retries_on_output_and_on_a_matched_error() {
    let (result, elapsed, calls) = run(
        &READY,
        WaitConfig::new(),
        vec![Err(error(404, "NotFound")), ok("CREATING"), ok("READY")],
    )
    .await;
    assert_eq!(result.unwrap().output().unwrap().status, "READY");
    assert_eq!(calls, 3);
    // botocore's fixed delay: min == max, no jitter to speak of.
    assert_eq!(elapsed, Duration::from_secs(4));
}

#[tokio::test(start_paused = true)]
async fn failure_state_names_the_acceptor() {
    let (result, _, calls) = run(&READY, WaitConfig::new(), vec![ok("BROKEN")]).await;
    let error = result.unwrap_err();
    assert!(
        matches!(&error, WaiterError::Failure { acceptor, .. } if acceptor.state == State::Failure)
    );
    assert_eq!(
        error.to_string(),
        "waiter Ready reached a failure state (failure when `Status` == \"BROKEN\" (on the output))"
    );
    assert_eq!(calls, 1);
}

#[tokio::test(start_paused = true)]
async fn the_attempt_ceiling_ends_the_wait() {
    let (result, elapsed, calls) = run(&READY, WaitConfig::new(), vec![ok("CREATING")]).await;
    let error = result.unwrap_err();
    assert!(
        matches!(error, WaiterError::TimedOut { attempts: 5, .. }),
        "{error:?}"
    );
    assert_eq!(calls, 5);
    assert_eq!(elapsed, Duration::from_secs(8));
    assert!(
        error.to_string().contains("gave up after 5 attempt(s)"),
        "{error}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_time_budget_ends_the_wait() {
    let config = WaitConfig::new()
        .max_wait(Duration::from_secs(7))
        .max_attempts(100);
    let (result, elapsed, calls) = run(&READY, config, vec![ok("CREATING")]).await;
    assert!(matches!(result, Err(WaiterError::TimedOut { .. })));
    // Attempts at 0, 2 and 4 s; then 3 s of the 7 s budget are left, so the delay is cut to
    // 1 s to keep the minimum delay (2 s) in hand; after the attempt at 5 s none fits.
    assert_eq!(calls, 4);
    assert_eq!(elapsed, Duration::from_secs(5));
}

#[tokio::test(start_paused = true)]
async fn an_unmatched_error_ends_the_wait_with_it() {
    let (result, _, calls) = run(&READY, WaitConfig::new(), vec![Err(error(400, "Bad"))]).await;
    let error = result.unwrap_err();
    assert_eq!(error.operation_error().unwrap().code(), Some("Bad"));
    assert!(
        error
            .to_string()
            .starts_with("waiter Ready: the operation failed: Bad (HTTP 400)")
    );
    assert_eq!(calls, 1);
}

#[tokio::test(start_paused = true)]
async fn a_status_matcher_reads_the_error_status_and_a_call_failure_matches_nothing() {
    let (result, _, _) = run(&READY, WaitConfig::new(), vec![Err(error(410, ""))]).await;
    assert!(matches!(result, Ok(Waited::Error(_))));
    let failure = Err(Error::Failed(CallFailure::Config("no region".into())));
    let (result, _, _) = run(&READY, WaitConfig::new(), vec![failure]).await;
    assert!(matches!(result, Err(WaiterError::Operation { .. })));
}

#[tokio::test(start_paused = true)]
async fn exponential_backoff_between_min_and_max_delay() {
    static SMITHY: Waiter = Waiter {
        name: "Smithy",
        operation: "Describe",
        min_delay: Duration::from_secs(2),
        max_delay: Duration::from_secs(10),
        max_attempts: None,
        acceptors: &[],
    };
    // The ceiling of each draw: 2, 4, 8, 10, 10 s; `random = 1` takes the ceiling.
    let config = WaitConfig::new().max_attempts(6).random(|| 0.999_999_999);
    let (_, elapsed, calls) = run(&SMITHY, config, vec![ok("x")]).await;
    assert_eq!(calls, 6);
    // Just under the ceilings, rounded up to the timer's millisecond.
    assert_eq!(elapsed, Duration::from_secs(2 + 4 + 8 + 10 + 10));
    let config = WaitConfig::new().max_attempts(6).random(|| 0.0);
    let (_, elapsed, _) = run(&SMITHY, config, vec![ok("x")]).await;
    assert_eq!(elapsed, Duration::from_secs(10));
}

#[test]
fn delays_follow_smithys_rule() {
    let s = Duration::from_secs;
    assert_eq!(delay_before_attempt(1, s(2), s(120), None, 1.0), Some(s(2)));
    assert_eq!(delay_before_attempt(3, s(2), s(120), None, 1.0), Some(s(8)));
    assert_eq!(
        delay_before_attempt(40, s(2), s(120), None, 1.0),
        Some(s(120))
    );
    assert_eq!(
        delay_before_attempt(40, s(2), s(120), None, 0.0),
        Some(s(2))
    );
    assert_eq!(delay_before_attempt(1, s(2), s(120), Some(s(2)), 0.0), None);
    assert_eq!(
        delay_before_attempt(5, s(2), s(120), Some(s(10)), 1.0),
        Some(s(8))
    );
    assert_eq!(
        delay_before_attempt(u32::MAX, Duration::MAX, Duration::MAX, None, 1.0),
        Some(Duration::MAX)
    );
}

#[test]
fn matchers_on_answers() {
    let output = serde_json::json!({"Items": [{"S": "a"}, {"S": "a"}], "Flag": true});
    let input = serde_json::json!({"Name": "n"});
    let answer = Answer::Output {
        output: &output,
        input: &input,
        status: 200,
    };
    let path = |expression, comparison, expected| Matcher::Path {
        expression,
        on_input_and_output: false,
        comparison,
        expected,
    };
    assert!(path("Items[].S", Comparison::AllEqual, Expected::String("a")).matches(&answer));
    assert!(path("Items[].S", Comparison::AnyEqual, Expected::String("a")).matches(&answer));
    assert!(!path("Items[].T", Comparison::AllEqual, Expected::String("a")).matches(&answer));
    assert!(!path("Items[].T", Comparison::AnyEqual, Expected::String("a")).matches(&answer));
    assert!(path("Flag", Comparison::Equals, Expected::Bool(true)).matches(&answer));
    assert!(path("length(Items)", Comparison::Equals, Expected::Integer(2)).matches(&answer));
    assert!(!path("length(Flag)", Comparison::Equals, Expected::Integer(2)).matches(&answer));
    assert!(!path("Items[", Comparison::Equals, Expected::Integer(2)).matches(&answer));
    let both = Matcher::Path {
        expression: "input.Name == 'n' && output.Flag",
        on_input_and_output: true,
        comparison: Comparison::Equals,
        expected: Expected::Bool(true),
    };
    assert!(both.matches(&answer));
    assert!(Matcher::Success(true).matches(&answer));
    assert!(Matcher::Status(200).matches(&answer));
    assert!(!Matcher::ErrorCode("X").matches(&answer));
    let error = Answer::Error {
        code: Some("NotFound"),
        status: 404,
    };
    assert!(Matcher::Success(false).matches(&error));
    assert!(Matcher::ErrorCode("NotFound").matches(&error));
    assert!(Matcher::ErrorCode("com.example#NotFound").matches(&error));
    assert!(!path("Flag", Comparison::Equals, Expected::Bool(true)).matches(&error));
}
