//! Retries: which failures are worth another attempt, how long to wait before it, the
//! retry quota that stops a client from retrying against a failing service, the rate
//! limiter of the adaptive mode, and the random numbers both jitter and idempotency tokens
//! need.
//!
//! The client drives these itself (see [`RetryConfig`]); they are
//! public so that their arithmetic can be checked step by step, as the tests do against
//! botocore's.

mod adaptive;
mod quota;

pub use adaptive::RateLimiter;
pub(super) use adaptive::SharedLimiter;
pub use quota::{CallRetries, RetryDecision, RetryQuota};

use std::time::Duration;

use super::RetryConfig;
use crate::protocol::parse_error;
use crate::{CallFailure, ModeledRetry};

/// Why an attempt may be repeated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// The service asks the client to slow down.
    Throttling,
    /// The failure is likely to pass: a broken connection, a timeout, an HTTP 5xx.
    Transient,
}

/// Error codes that mean "slow down" (the AWS SDKs' standard list).
pub(super) const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of failures that are likely to pass, whatever the status (botocore's list; a
/// service's internal errors come with a 5xx status, which is retried anyway).
pub(super) const TRANSIENT_CODES: &[&str] = &[
    "RequestTimeout",
    "RequestTimeoutException",
    "PriorRequestNotComplete",
];

/// HTTP statuses retried whatever the error code.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// "Too Many Requests": throttling whatever the error code, unless the operation models
/// the code (the model then decides).
const THROTTLING_STATUS: u16 = 429;

/// Whether a response is worth another attempt, and why, as botocore 1.44.5's standard
/// conditions decide: a throttling code, a modeled `@retryable` error (`modeled`, the
/// operation's [`OperationError::MODELED_ERRORS`](crate::OperationError::MODELED_ERRORS)),
/// HTTP 429 with a code the operation does not model, a transient code, or HTTP 500, 502,
/// 503 or 504. It reads the raw response, before it is converted to the operation's error.
pub fn classify_response(
    status: u16,
    error_type_header: Option<&str>,
    body: &[u8],
    modeled: &[(&str, ModeledRetry)],
) -> Option<RetryKind> {
    if (200..300).contains(&status) {
        return None;
    }
    let code = parse_error(status, error_type_header, body).code;
    let code = code.as_deref().unwrap_or_default();
    let model = modeled
        .iter()
        .find(|(modeled, _)| *modeled == code)
        .map(|(_, retry)| *retry);
    let throttling = THROTTLING_CODES.contains(&code)
        || match model {
            Some(retry) => retry == ModeledRetry::Throttling,
            None => status == THROTTLING_STATUS,
        };
    if throttling {
        Some(RetryKind::Throttling)
    } else if model == Some(ModeledRetry::Transient)
        || TRANSIENT_CODES.contains(&code)
        || TRANSIENT_STATUSES.contains(&status)
    {
        Some(RetryKind::Transient)
    } else {
        None
    }
}

/// Whether a failure without a response is worth another attempt: a broken connection or a
/// timeout is transient.
pub fn classify_failure(failure: &CallFailure) -> Option<RetryKind> {
    failure.is_transient().then_some(RetryKind::Transient)
}

/// Whether a failure shows that the request never reached the service: the connection
/// could not be made.
pub(super) fn never_sent(failure: &CallFailure) -> bool {
    match failure {
        CallFailure::Transport(error) => error
            .downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some_and(hyper_util::client::legacy::Error::is_connect),
        _ => false,
    }
}

/// The wait before retry number `retry` (0 for the first): a uniformly random time in
/// `[0, min(max_backoff, base * 2^retry)]` ("full jitter").
///
/// This is botocore 1.44.5's `ExponentialBackoff` (base 50 ms, 1 s after throttling, at
/// most 20 s), not its older `rand * min(20, 2^retry)` seconds: a first retry within 50 ms
/// rides out a dropped connection, and throttling, where retrying fast only adds to the
/// load that caused it, waits longer. The bases are configurable, so tests wait
/// milliseconds.
pub(super) fn backoff(config: &RetryConfig, kind: RetryKind, retry: u32) -> Duration {
    let base = match kind {
        RetryKind::Throttling => config.throttling_base_delay,
        RetryKind::Transient => config.transient_base_delay,
    };
    let ceiling = base
        .checked_mul(2u32.saturating_pow(retry))
        .unwrap_or(config.max_backoff)
        .min(config.max_backoff);
    ceiling.mul_f64(random_fraction())
}

/// The most a service's `x-amz-retry-after` hint adds to the backoff.
const RETRY_AFTER_MAX_ADDITIONAL: Duration = Duration::from_secs(5);

/// `backoff` raised to the service's `x-amz-retry-after` hint (milliseconds), but by at
/// most 5 s, as botocore 1.44.5 reads it: a hint cannot shorten the wait, nor stretch it
/// without bound. A hint that is not a number of milliseconds is ignored.
pub(super) fn with_retry_after(backoff: Duration, hint: Option<&str>) -> Duration {
    match hint.and_then(|hint| hint.trim().parse::<u64>().ok()) {
        Some(ms) => {
            backoff.max(Duration::from_millis(ms).min(backoff + RETRY_AFTER_MAX_ADDITIONAL))
        }
        None => backoff,
    }
}

/// A uniformly random number in `[0, 1)`. Should the OS generator fail, 1 is returned: the
/// full delay is a safe wait, only without jitter.
fn random_fraction() -> f64 {
    let mut bytes = [0u8; 8];
    match getrandom::fill(&mut bytes) {
        // 53 random bits: every value is exact in an f64.
        Ok(()) => (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64,
        Err(_) => 1.0,
    }
}

/// A random UUID version 4 (RFC 9562), lower-case and hyphenated, from the OS CSPRNG: the
/// value of an `@idempotencyToken` member the caller left empty.
pub fn uuid_v4() -> Result<String, CallFailure> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| {
        CallFailure::Config(format!(
            "the OS random number generator failed, so no idempotency token: {error}"
        ))
    })?;
    Ok(format_uuid_v4(bytes))
}

/// Sets the version (4) and variant (RFC 9562) bits of 16 random bytes and formats them.
pub(super) fn format_uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push_str(&format!("{byte:02x}"));
    }
    text
}
