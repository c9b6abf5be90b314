//! The client-side rate limiter of the adaptive retry mode, as botocore 1.44.5 has it
//! (`retries/adaptive.py`, `bucket.py`, `throttling.py`).
//!
//! Every attempt first takes a token from a bucket refilled at a fill rate; until the first
//! throttling response the bucket is not consulted. After each attempt the fill rate is
//! recomputed with CUBIC (the TCP congestion control): a throttling response cuts it to
//! 70 % of the rate the client was sending at, and while responses succeed it grows back
//! along a cubic curve, first fast, then slowly near the rate that throttled, then fast
//! again. The send rate is measured in half-second buckets, smoothed, and the fill rate is
//! never more than twice the measured rate nor less than 0.5 per second.
//!
//! [`RateLimiter`] is the state machine with explicit timestamps, so that it can be driven
//! step by step and compared with botocore's; [`SharedLimiter`] is the client's, on
//! tokio's clock (which tests can pause).

use std::sync::Mutex;
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The lowest fill rate, in tokens per second (`TokenBucket._MIN_RATE`).
const MIN_RATE: f64 = 0.5;
/// The fill rate is at most this times the measured send rate
/// (`ClientRateLimiter._MAX_RATE_ADJUST_SCALE`).
const MAX_RATE_ADJUST_SCALE: f64 = 2.0;
/// CUBIC's `C` (`CubicCalculator._SCALE_CONSTANT`).
const SCALE_CONSTANT: f64 = 0.4;
/// CUBIC's multiplicative decrease (`CubicCalculator._BETA`).
const BETA: f64 = 0.7;
/// The weight of the latest bucket in the measured rate (`RateClocker._DEFAULT_SMOOTHING`).
const SMOOTHING: f64 = 0.8;
/// Buckets per second of the measured rate: buckets of 0.5 s (`_TIME_BUCKET_RANGE`).
const TIME_BUCKET_SCALE: f64 = 1.0 / 0.5;

/// botocore's `ClientRateLimiter` with its token bucket, CUBIC calculator and rate
/// clocker, on timestamps in seconds from any origin.
///
/// Every operation is botocore's, in its order, so that the same timestamps give the same
/// floating-point numbers.
#[derive(Debug, Clone)]
pub struct RateLimiter {
    /// Set by the first throttling response; before it, sends take no token.
    enabled: bool,
    // The token bucket.
    fill_rate: f64,
    max_capacity: f64,
    capacity: f64,
    last_refill: f64,
    // CUBIC.
    w_max: f64,
    k: f64,
    last_fail: f64,
    // The measured send rate.
    measured_rate: f64,
    last_bucket: f64,
    count: u64,
}

impl RateLimiter {
    /// A limiter created at `now`: disabled, with a bucket of fill rate 1 and no token.
    pub fn new(now: f64) -> RateLimiter {
        let w_max = 0.0;
        RateLimiter {
            enabled: false,
            // `TokenBucket(max_rate=1)`: its setter refills (which only records the time)
            // and sets the rate and capacity from 1.
            fill_rate: 1.0,
            max_capacity: 1.0,
            capacity: 0.0,
            last_refill: now,
            w_max,
            k: zero_point(w_max),
            last_fail: now,
            measured_rate: 0.0,
            // botocore starts the first bucket at the whole second, not the half.
            last_bucket: now.floor(),
            count: 0,
        }
    }

    /// Before an attempt: takes a token, or says how many seconds to wait before asking
    /// again (the caller waits and asks again, as botocore's loop does).
    pub fn acquire(&mut self, now: f64) -> Result<(), f64> {
        if !self.enabled {
            return Ok(());
        }
        self.refill(now);
        if 1.0 <= self.capacity {
            self.capacity -= 1.0;
            Ok(())
        } else {
            Err((1.0 - self.capacity) / self.fill_rate)
        }
    }

    /// After an attempt, at `now`: `throttled` when its answer was a throttling error.
    /// Returns the rate CUBIC computed (before the cap at twice the measured rate and the
    /// floor of 0.5).
    pub fn on_response(&mut self, now: f64, throttled: bool) -> f64 {
        let measured = self.record_send(now);
        let new_rate = if throttled {
            let rate_to_use = match self.enabled {
                false => measured,
                true => measured.min(self.fill_rate),
            };
            self.enabled = true;
            self.error_received(rate_to_use, now)
        } else {
            self.success_received(now)
        };
        self.set_max_rate(new_rate.min(MAX_RATE_ADJUST_SCALE * measured), now);
        new_rate
    }

    /// Whether sends take tokens (after the first throttling response).
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Tokens per second.
    pub fn fill_rate(&self) -> f64 {
        self.fill_rate
    }

    /// The most tokens the bucket holds.
    pub fn max_capacity(&self) -> f64 {
        self.max_capacity
    }

    /// The tokens in the bucket at its latest refill.
    pub fn available(&self) -> f64 {
        self.capacity
    }

    /// The smoothed send rate, per second.
    pub fn measured_rate(&self) -> f64 {
        self.measured_rate
    }

    /// CUBIC's state: the rate of the latest throttling, the time to regain it, and when.
    pub fn cubic(&self) -> (f64, f64, f64) {
        (self.w_max, self.k, self.last_fail)
    }

    /// `TokenBucket._refill`.
    fn refill(&mut self, now: f64) {
        let fill_amount = (now - self.last_refill) * self.fill_rate;
        self.capacity = self.max_capacity.min(self.capacity + fill_amount);
        self.last_refill = now;
    }

    /// The `TokenBucket.max_rate` setter: tokens due at the old rate are added first.
    fn set_max_rate(&mut self, value: f64, now: f64) {
        self.refill(now);
        self.fill_rate = value.max(MIN_RATE);
        self.max_capacity = if value >= 1.0 { value } else { 1.0 };
        self.capacity = self.capacity.min(self.max_capacity);
    }

    /// `RateClocker.record`: counts a send; the rate is updated once a bucket is complete.
    fn record_send(&mut self, now: f64) -> f64 {
        let bucket = (now * TIME_BUCKET_SCALE).floor() / TIME_BUCKET_SCALE;
        self.count += 1;
        if bucket > self.last_bucket {
            let current_rate = self.count as f64 / (bucket - self.last_bucket);
            self.measured_rate =
                (current_rate * SMOOTHING) + (self.measured_rate * (1.0 - SMOOTHING));
            self.count = 0;
            self.last_bucket = bucket;
        }
        self.measured_rate
    }

    /// `CubicCalculator.success_received`.
    fn success_received(&self, now: f64) -> f64 {
        let dt = now - self.last_fail;
        // `powf(3.0)`, not `powi(3)`: Python's `**` calls C's `pow`, and so does `powf`.
        SCALE_CONSTANT * (dt - self.k).powf(3.0) + self.w_max
    }

    /// `CubicCalculator.error_received`.
    fn error_received(&mut self, current_rate: f64, now: f64) -> f64 {
        self.w_max = current_rate;
        self.k = zero_point(self.w_max);
        self.last_fail = now;
        current_rate * BETA
    }
}

/// CUBIC's `K`: how long after a throttling the curve is back at `w_max`.
fn zero_point(w_max: f64) -> f64 {
    let scaled_value = (w_max * (1.0 - BETA)) / SCALE_CONSTANT;
    scaled_value.powf(1.0 / 3.0)
}

/// A client's limiter, shared by its calls, on tokio's clock.
#[derive(Debug)]
pub(in crate::client) struct SharedLimiter {
    origin: Instant,
    state: Mutex<RateLimiter>,
    /// Wakes waiting senders when the fill rate changes, as botocore's condition does.
    rate_changed: Notify,
}

impl SharedLimiter {
    pub(in crate::client) fn new() -> SharedLimiter {
        SharedLimiter {
            origin: Instant::now(),
            state: Mutex::new(RateLimiter::new(0.0)),
            rate_changed: Notify::new(),
        }
    }

    fn now(&self) -> f64 {
        self.origin.elapsed().as_secs_f64()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, RateLimiter> {
        // The state is numbers updated in place: still usable after a panic elsewhere.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for a token (at once while the limiter is disabled).
    pub(in crate::client) async fn acquire(&self) {
        loop {
            let rate_changed = self.rate_changed.notified();
            let wait = match self.lock().acquire(self.now()) {
                Ok(()) => return,
                Err(wait) => wait,
            };
            // At least a nanosecond, so that a wait rounded to zero still lets time pass.
            let wait = Duration::try_from_secs_f64(wait)
                .unwrap_or(Duration::MAX)
                .max(Duration::from_nanos(1));
            let _ = tokio::time::timeout(wait, rate_changed).await;
        }
    }

    /// Records the answer of an attempt.
    pub(in crate::client) fn on_response(&self, throttled: bool) {
        self.lock().on_response(self.now(), throttled);
        self.rate_changed.notify_waiters();
    }

    #[cfg(test)]
    pub(in crate::client) fn snapshot(&self) -> RateLimiter {
        self.lock().clone()
    }
}
