//! The retry quota of the standard and adaptive retry modes, as botocore 1.44.5 keeps it
//! (`retries/quota.py` and `RetryQuotaChecker` in `retries/standard.py`).
//!
//! Every retry of every call of a client pays from one bucket; a call that succeeds gives
//! back. While a service keeps failing, the bucket empties and the client stops retrying,
//! so that its retries do not add to the load of a service that is already down; calls
//! that succeed without retrying refill it, one token each.
//!
//! The costs are botocore 1.44.5's: 14 for a retry after a transient failure (timeouts and
//! broken connections included) and 5 after throttling. aws-sdk-rust still charges 5, and
//! 10 after a timeout, the figures of the AWS SDKs' first retry specification.

use std::sync::atomic::{AtomicU32, Ordering};

use super::RetryKind;

/// A client's retry quota: a token bucket shared by all its calls (and clones).
#[derive(Debug)]
pub struct RetryQuota {
    capacity: u32,
    available: AtomicU32,
}

impl RetryQuota {
    /// The tokens a client starts with, and the most it can hold.
    pub const INITIAL_CAPACITY: u32 = 500;
    /// What a retry after a transient failure costs (botocore's `_RETRY_COST`).
    pub const RETRY_COST: u32 = 14;
    /// What a retry after throttling costs (`_THROTTLING_RETRY_COST`): throttling says
    /// nothing about the service's health, so it drains the quota slower.
    pub const THROTTLING_RETRY_COST: u32 = 5;
    /// What a call that succeeds at its first attempt gives back (`_NO_RETRY_INCREMENT`).
    pub const NO_RETRY_INCREMENT: u32 = 1;

    /// A full quota of [`RetryQuota::INITIAL_CAPACITY`].
    pub fn new() -> RetryQuota {
        RetryQuota::with_capacity(RetryQuota::INITIAL_CAPACITY)
    }

    /// A full quota of `capacity` tokens.
    pub fn with_capacity(capacity: u32) -> RetryQuota {
        RetryQuota {
            capacity,
            available: AtomicU32::new(capacity),
        }
    }

    /// The most the quota holds.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.available.load(Ordering::Acquire)
    }

    /// Takes `amount` tokens if there are that many; `false` (and nothing taken) if not.
    pub fn acquire(&self, amount: u32) -> bool {
        self.available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |available| {
                available.checked_sub(amount)
            })
            .is_ok()
    }

    /// Gives back `amount` tokens, never beyond the capacity.
    pub fn release(&self, amount: u32) {
        let capacity = self.capacity;
        // The closure always returns `Some`, so this cannot fail.
        let _ = self
            .available
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |available| {
                Some(available.saturating_add(amount).min(capacity))
            });
    }

    /// What a retry after an attempt of this kind costs.
    pub fn retry_cost(kind: RetryKind) -> u32 {
        match kind {
            RetryKind::Throttling => RetryQuota::THROTTLING_RETRY_COST,
            RetryKind::Transient => RetryQuota::RETRY_COST,
        }
    }
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota::new()
    }
}

/// The retries of one call: botocore's `StandardRetryConditions` (the attempt limit) and
/// `RetryQuotaChecker` (the quota) for the attempts of that call.
#[derive(Debug)]
pub struct CallRetries<'a> {
    quota: &'a RetryQuota,
    max_attempts: u32,
    /// The attempt under way, from 1.
    attempt: u32,
    /// What the latest retry cost, to give back if the call succeeds.
    last_cost: Option<u32>,
}

/// What follows an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryDecision {
    /// Another attempt, for which the quota paid `cost`.
    Retry { cost: u32 },
    /// The outcome is the answer: a success, or an error not worth another attempt.
    Final,
    /// The outcome was worth another attempt, but the attempts are used up.
    AttemptsExhausted,
    /// The outcome was worth another attempt, but the quota cannot pay for it.
    QuotaExhausted,
}

impl<'a> CallRetries<'a> {
    /// A call of at most `max_attempts` attempts (0 counts as 1), paying from `quota`.
    pub fn new(quota: &'a RetryQuota, max_attempts: u32) -> CallRetries<'a> {
        CallRetries {
            quota,
            max_attempts: max_attempts.max(1),
            attempt: 1,
            last_cost: None,
        }
    }

    /// The attempt under way, from 1.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// Decides after the current attempt ended as `kind` (`None`: not worth retrying),
    /// taking the retry's cost from the quota; on [`RetryDecision::Retry`] the next
    /// attempt is under way.
    pub fn after_attempt(&mut self, kind: Option<RetryKind>) -> RetryDecision {
        let Some(kind) = kind else {
            return RetryDecision::Final;
        };
        if self.attempt >= self.max_attempts {
            return RetryDecision::AttemptsExhausted;
        }
        let cost = RetryQuota::retry_cost(kind);
        if !self.quota.acquire(cost) {
            return RetryDecision::QuotaExhausted;
        }
        // botocore keeps only the latest cost (`retry_quota_capacity` in the request
        // context is overwritten by each retry), so a success gives back that much.
        self.last_cost = Some(cost);
        self.attempt += 1;
        RetryDecision::Retry { cost }
    }

    /// The call ended; `success` when its answer was a 2xx response. A success gives back
    /// what its latest retry cost, or [`RetryQuota::NO_RETRY_INCREMENT`] without retries;
    /// a failure gives back nothing.
    pub fn finish(self, success: bool) {
        if success {
            self.quota
                .release(self.last_cost.unwrap_or(RetryQuota::NO_RETRY_INCREMENT));
        }
    }
}
