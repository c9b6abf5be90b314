//! The polling loop: call, match the acceptors, sleep, call again.
//!
//! Delays follow Smithy's waiter rules (the ones aws-sdk-rust implements): exponential
//! backoff from `min_delay` doubling up to `max_delay`, each delay drawn uniformly between
//! `min_delay` and that ceiling (jitter), and never sleeping past the time budget. A
//! botocore waiter has one fixed `delay`, lowered as `min_delay == max_delay`, so the same
//! rule gives botocore's fixed delay exactly, and its `maxAttempts` stays the attempt
//! ceiling. Time is tokio's (`tokio::time`), so tests can pause and advance it.

use std::fmt;
use std::time::Duration;

use serde_json::Value;

use super::{Acceptor, Answer, State, Waiter};
use crate::{Operation, OperationError, Structure};

/// How long a waiter without an attempt ceiling (every Smithy waiter) may wait in total
/// unless the caller says otherwise.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(300);

/// The caller's bounds on a wait. Every bound left unset takes the model's value.
#[derive(Debug, Clone, Default)]
pub struct WaitConfig {
    max_wait: Option<Duration>,
    max_attempts: Option<u32>,
    delays: Option<(Duration, Duration)>,
    random: Option<fn() -> f64>,
}

impl WaitConfig {
    /// The model's delays and attempt ceiling; a waiter without a ceiling waits at most
    /// [`DEFAULT_MAX_WAIT`].
    pub fn new() -> WaitConfig {
        WaitConfig::default()
    }

    /// The longest the whole wait may take (sleeping included); the last delay is shortened
    /// to end within it.
    pub fn max_wait(mut self, max_wait: Duration) -> WaitConfig {
        self.max_wait = Some(max_wait);
        self
    }

    /// How many times the operation may be called (instead of the model's `maxAttempts`).
    pub fn max_attempts(mut self, attempts: u32) -> WaitConfig {
        self.max_attempts = Some(attempts);
        self
    }

    /// The shortest and longest delay between attempts (instead of the model's).
    pub fn delays(mut self, min: Duration, max: Duration) -> WaitConfig {
        self.delays = Some((min, max.max(min)));
        self
    }

    /// The source of jitter: uniform in `[0, 1)`. A constant makes the delays
    /// reproducible (`|| 0.0` always waits the shortest delay).
    pub fn random(mut self, random: fn() -> f64) -> WaitConfig {
        self.random = Some(random);
        self
    }
}

/// How a successful wait ended: the answer a `success` acceptor matched, an output or an
/// error (such as a `404` a "not exists" waiter waits for).
#[derive(Debug)]
pub enum Waited<O, E> {
    Output(O),
    Error(E),
}

impl<O, E> Waited<O, E> {
    /// The output, if the wait ended on one.
    pub fn output(&self) -> Option<&O> {
        match self {
            Waited::Output(output) => Some(output),
            Waited::Error(_) => None,
        }
    }

    /// The output, if the wait ended on one.
    pub fn into_output(self) -> Option<O> {
        match self {
            Waited::Output(output) => Some(output),
            Waited::Error(_) => None,
        }
    }
}

/// Why a wait did not end in success.
#[non_exhaustive]
pub enum WaiterError<O, E> {
    /// A `failure` acceptor matched: the resource will not reach the wanted state.
    Failure {
        waiter: &'static str,
        acceptor: &'static Acceptor,
        answer: Waited<O, E>,
    },
    /// No `success` within the attempt ceiling or the time budget.
    TimedOut {
        waiter: &'static str,
        attempts: u32,
        elapsed: Duration,
    },
    /// The operation answered an error that no acceptor matches, or the call failed
    /// (transport, timeout, invalid input): waiting longer would not help.
    Operation { waiter: &'static str, error: E },
}

impl<O, E: OperationError> WaiterError<O, E> {
    /// The operation error that ended the wait, if one did.
    pub fn operation_error(&self) -> Option<&E> {
        match self {
            WaiterError::Operation { error, .. }
            | WaiterError::Failure {
                answer: Waited::Error(error),
                ..
            } => Some(error),
            _ => None,
        }
    }
}

impl<O, E: fmt::Debug> fmt::Debug for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure {
                waiter, acceptor, ..
            } => f
                .debug_struct("Failure")
                .field("waiter", waiter)
                .field("acceptor", acceptor)
                .finish_non_exhaustive(),
            WaiterError::TimedOut {
                waiter,
                attempts,
                elapsed,
            } => f
                .debug_struct("TimedOut")
                .field("waiter", waiter)
                .field("attempts", attempts)
                .field("elapsed", elapsed)
                .finish(),
            WaiterError::Operation { waiter, error } => f
                .debug_struct("Operation")
                .field("waiter", waiter)
                .field("error", error)
                .finish(),
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaiterError::Failure {
                waiter, acceptor, ..
            } => write!(f, "waiter {waiter} reached a failure state ({acceptor})"),
            WaiterError::TimedOut {
                waiter,
                attempts,
                elapsed,
            } => write!(
                f,
                "waiter {waiter} gave up after {attempts} attempt(s) in {elapsed:?}"
            ),
            WaiterError::Operation { waiter, error } => {
                write!(f, "waiter {waiter}: the operation failed: {error}")
            }
        }
    }
}

impl<O, E: std::error::Error + 'static> std::error::Error for WaiterError<O, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Operation { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The delay before attempt `attempt + 1`, after `attempt` attempts (from 1), with
/// `remaining` of the time budget left and `random` in `[0, 1)`; `None` when the budget
/// cannot fit another delay of at least `min`. Smithy's rule:
/// `ceiling = min * 2^(attempt - 1)` capped at `max`, a uniform draw in `[min, ceiling]`,
/// shortened so that at least `min` of the budget is left for the last attempt.
pub fn delay_before_attempt(
    attempt: u32,
    min: Duration,
    max: Duration,
    remaining: Option<Duration>,
    random: f64,
) -> Option<Duration> {
    let factor = 1u32 << attempt.saturating_sub(1).min(31);
    let ceiling = min
        .checked_mul(factor)
        .map_or(max, |ceiling| ceiling.min(max))
        .max(min);
    let spread = ceiling.saturating_sub(min).mul_f64(random.clamp(0.0, 1.0));
    let delay = min + spread;
    match remaining {
        None => Some(delay),
        Some(remaining) if remaining <= min || remaining.is_zero() => None,
        Some(remaining) if remaining.saturating_sub(delay) <= min => Some(remaining - min),
        Some(_) => Some(delay),
    }
}

/// Waits with `waiter` for operation `O`, calling it through `call` with clones of `input`.
/// The HTTP status of an output is the operation's success status (`Operation::HTTP`).
pub async fn wait<O, F, Fut>(
    waiter: &'static Waiter,
    input: O::Input,
    config: &WaitConfig,
    mut call: F,
) -> Result<Waited<O::Output, O::Error>, WaiterError<O::Output, O::Error>>
where
    O: Operation,
    F: FnMut(O::Input) -> Fut,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    let (min, max) = config
        .delays
        .unwrap_or((waiter.min_delay, waiter.max_delay.max(waiter.min_delay)));
    let max_attempts = config.max_attempts.or(waiter.max_attempts);
    let max_wait = config
        .max_wait
        .or(max_attempts.is_none().then_some(DEFAULT_MAX_WAIT));
    let random = config.random.unwrap_or(random_unit);
    let needs_input = waiter.acceptors.iter().any(|acceptor| {
        matches!(
            acceptor.matcher,
            super::Matcher::Path {
                on_input_and_output: true,
                ..
            }
        )
    });
    let input_form = if needs_input {
        serde_form(&input)
    } else {
        Value::Null
    };
    let start = tokio::time::Instant::now();
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        let result = call(input.clone()).await;
        let state = match &result {
            Ok(output) => {
                let output = serde_form(output);
                let answer = Answer::Output {
                    output: &output,
                    input: &input_form,
                    status: O::HTTP.code,
                };
                matched(waiter, &answer)
            }
            Err(error) if error.failure().is_some() => None,
            Err(error) => {
                let answer = Answer::Error {
                    code: error.code(),
                    status: error.status(),
                };
                matched(waiter, &answer)
            }
        };
        let result = match result {
            Ok(output) => Waited::Output(output),
            Err(error) => Waited::Error(error),
        };
        match (state, result) {
            (Some((State::Success, _)), answer) => return Ok(answer),
            (Some((State::Failure, acceptor)), answer) => {
                return Err(WaiterError::Failure {
                    waiter: waiter.name,
                    acceptor,
                    answer,
                });
            }
            (None, Waited::Error(error)) => {
                return Err(WaiterError::Operation {
                    waiter: waiter.name,
                    error,
                });
            }
            (Some((State::Retry, _)) | None, _) => {}
        }
        let elapsed = start.elapsed();
        let timed_out = WaiterError::TimedOut {
            waiter: waiter.name,
            attempts: attempt,
            elapsed,
        };
        if max_attempts.is_some_and(|ceiling| attempt >= ceiling) {
            return Err(timed_out);
        }
        let remaining = max_wait.map(|budget| budget.saturating_sub(elapsed));
        let Some(delay) = delay_before_attempt(attempt, min, max, remaining, random()) else {
            return Err(timed_out);
        };
        tokio::time::sleep(delay).await;
    }
}

/// The first acceptor that matches, with its state.
fn matched(waiter: &'static Waiter, answer: &Answer<'_>) -> Option<(State, &'static Acceptor)> {
    waiter
        .acceptors
        .iter()
        .find(|acceptor| acceptor.matcher.matches(answer))
        .map(|acceptor| (acceptor.state, acceptor))
}

/// The value's serde form, which JMESPath reads (as the protocol codecs read it); a value
/// that does not serialize (generated types always do) reads as null.
fn serde_form<T: Structure>(value: &T) -> Value {
    crate::protocol::serde_form(value).unwrap_or(Value::Null)
}

/// Jitter without a random-number dependency: std's `RandomState` is seeded from the OS
/// per process and varies its keys per instance, which is plenty for spreading retries.
fn random_unit() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(0x5741_4954);
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}
