//! The retry modes: the quota's arithmetic and the adaptive limiter's numbers, then whole
//! calls against the test server (the quota stopping retries across calls, the limiter
//! delaying sends after throttling).

use std::time::Duration;

use tokio::time::Instant;

use super::dummy::{PutThing, PutThingError, SELLING, input};
use super::server::{Reply, TestServer};
use crate::client::retry::{
    CallRetries, RateLimiter, RetryDecision, RetryKind, RetryQuota, SharedLimiter,
};
use crate::client::{Client, Config, ConfigBuilder, Credentials, RetryConfig, RetryMode};

use RetryKind::{Throttling, Transient};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

#[test]
fn the_quota_takes_and_gives_back_within_its_capacity() {
    let quota = RetryQuota::new();
    assert_eq!((quota.capacity(), quota.available()), (500, 500));
    assert!(quota.acquire(14));
    assert_eq!(quota.available(), 486);
    assert!(!quota.acquire(487), "more than is left");
    assert_eq!(quota.available(), 486);
    quota.release(100);
    assert_eq!(quota.available(), 500, "capped at the capacity");
    assert!(quota.acquire(500) && !quota.acquire(1));
    assert_eq!(RetryQuota::retry_cost(Transient), 14);
    assert_eq!(RetryQuota::retry_cost(Throttling), 5);
}

#[test]
fn a_call_retries_while_the_quota_pays_and_a_success_gives_back() {
    let quota = RetryQuota::with_capacity(20);
    // Exhaustion: the second retry cannot be paid, and a failure gives nothing back.
    let mut call = CallRetries::new(&quota, 5);
    assert_eq!(
        call.after_attempt(Some(Transient)),
        RetryDecision::Retry { cost: 14 }
    );
    assert_eq!(call.attempt(), 2);
    assert_eq!(
        call.after_attempt(Some(Transient)),
        RetryDecision::QuotaExhausted
    );
    assert_eq!(call.attempt(), 2);
    call.finish(false);
    assert_eq!(quota.available(), 6);

    // Throttling costs less; a success after retries gives back its latest retry's cost.
    let mut call = CallRetries::new(&quota, 5);
    assert_eq!(
        call.after_attempt(Some(Throttling)),
        RetryDecision::Retry { cost: 5 }
    );
    assert_eq!(quota.available(), 1);
    assert_eq!(call.after_attempt(None), RetryDecision::Final);
    call.finish(true);
    assert_eq!(quota.available(), 6);

    // A success without retries gives back 1.
    let call = CallRetries::new(&quota, 5);
    call.finish(true);
    assert_eq!(quota.available(), 7);

    // Only the latest cost comes back: 14 then 5 taken, 5 returned.
    let quota = RetryQuota::new();
    let mut call = CallRetries::new(&quota, 5);
    call.after_attempt(Some(Transient));
    call.after_attempt(Some(Throttling));
    call.finish(true);
    assert_eq!(quota.available(), 500 - 14);

    // The attempts run out before the quota is asked.
    let mut call = CallRetries::new(&quota, 2);
    assert!(matches!(
        call.after_attempt(Some(Transient)),
        RetryDecision::Retry { .. }
    ));
    assert_eq!(
        call.after_attempt(Some(Transient)),
        RetryDecision::AttemptsExhausted
    );
    assert_eq!(quota.available(), 500 - 28);
    // 0 attempts count as 1.
    let mut call = CallRetries::new(&quota, 0);
    assert_eq!(
        call.after_attempt(Some(Throttling)),
        RetryDecision::AttemptsExhausted
    );
}

#[test]
fn the_limiter_waits_only_after_throttling_at_a_rate_cubic_computes() {
    let mut limiter = RateLimiter::new(0.0);
    assert!(!limiter.enabled());
    // Disabled: no token is needed, however fast.
    for _ in 0..10 {
        assert_eq!(limiter.acquire(0.0), Ok(()));
    }

    // Six answers in the first half second: the measured rate is 6 / 0.5 s, smoothed.
    for t in [0.1, 0.2, 0.3, 0.4, 0.45] {
        limiter.on_response(t, false);
    }
    limiter.on_response(0.5, false);
    assert!(close(limiter.measured_rate(), 12.0 * 0.8));
    assert!(!limiter.enabled());

    // Throttled: the rate drops to 70 % of the measured one, and sends take tokens.
    let new_rate = limiter.on_response(0.6, true);
    assert!(close(new_rate, 9.6 * 0.7), "{new_rate}");
    assert!(limiter.enabled());
    assert!(close(limiter.fill_rate(), 6.72));
    assert!(close(limiter.max_capacity(), 6.72));
    let (w_max, k, last_fail) = limiter.cubic();
    assert!(close(w_max, 9.6) && close(k, 7.2f64.cbrt()) && last_fail == 0.6);

    // The bucket held at most 1 token (the rate was at its floor before): one send now,
    // the next after 1 / 6.72 s.
    let available = limiter.available();
    assert!((0.0..=1.0).contains(&available), "{available}");
    let first = limiter.acquire(0.6);
    let wait = match first {
        Ok(()) => limiter.acquire(0.6).expect_err("a wait"),
        Err(wait) => wait,
    };
    assert!(wait > 0.0 && wait <= 1.0 / 6.72 + 1e-12, "{wait}");

    // K seconds after the throttling, CUBIC is back at the rate that throttled; the fill
    // rate is capped at twice the measured rate, which has dropped meanwhile.
    let at_k = 0.6 + k;
    let new_rate = limiter.on_response(at_k, false);
    assert!(close(new_rate, 9.6), "{new_rate}");
    let measured = limiter.measured_rate();
    assert!(close(measured, 2.0 / 2.0 * 0.8 + 9.6 * 0.2), "{measured}");
    assert!(close(limiter.fill_rate(), 2.0 * measured));
    // And beyond K it grows again, cubically.
    let later = limiter.on_response(at_k + 1.0, false);
    assert!(close(later, 9.6 + 0.4), "{later}");
}

#[test]
fn the_rate_never_falls_below_half_a_token_per_second() {
    let mut limiter = RateLimiter::new(0.0);
    // Throttled before any rate was measured: the floor, and the bucket's one token.
    limiter.on_response(0.25, true);
    assert_eq!(limiter.fill_rate(), 0.5);
    assert_eq!(limiter.max_capacity(), 1.0);
    assert_eq!(limiter.available(), 0.25);
    assert_eq!(limiter.acquire(0.25), Err(0.75 / 0.5));
    assert_eq!(limiter.acquire(1.75), Ok(()));
    assert_eq!(limiter.acquire(1.75), Err(2.0));
}

#[tokio::test(start_paused = true)]
async fn the_shared_limiter_sleeps_on_tokios_clock() {
    let limiter = SharedLimiter::new();
    let start = Instant::now();
    limiter.acquire().await;
    limiter.on_response(true);
    assert_eq!(start.elapsed(), Duration::ZERO);
    // Fill rate 0.5 and an empty bucket: each token takes 2 s.
    limiter.acquire().await;
    let first = start.elapsed();
    assert!(
        first >= Duration::from_secs(2) && first < ms(2010),
        "{first:?}"
    );
    limiter.acquire().await;
    let second = start.elapsed() - first;
    assert!(
        second >= Duration::from_secs(2) && second < ms(2010),
        "{second:?}"
    );
    assert!(limiter.snapshot().enabled());
}

/// A client of `url` in `mode`, with backoff of at most 5 ms.
fn config(url: &str, mode: RetryMode) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .retry(RetryConfig {
            mode,
            max_attempts: 3,
            transient_base_delay: ms(1),
            throttling_base_delay: ms(2),
            max_backoff: ms(5),
        })
}

fn client(config: ConfigBuilder) -> Client {
    Client::new(&SELLING, config.build()).expect("client")
}

#[tokio::test]
async fn the_quota_stops_retries_across_calls_until_successes_refill_it() {
    // 55 failures, then successes.
    let server = TestServer::start(|n| match n {
        0..55 => Reply::new(503, ""),
        _ => Reply::ok(),
    })
    .await;
    let client = client(config(&server.url, RetryMode::Standard));
    let quota = || client.inner.quota.available();
    // 17 calls retry twice each (28 tokens a call): 24 tokens left.
    for _ in 0..17 {
        // Clones share the quota.
        let caller = client.clone();
        let error = caller
            .call::<PutThing>(input("a"))
            .await
            .expect_err("a 503");
        assert!(
            matches!(&error, PutThingError::Unhandled(e) if e.status == 503),
            "{error:?}"
        );
    }
    assert_eq!((server.requests().len(), quota()), (51, 24));
    // The 18th can pay one retry, not two.
    client
        .call::<PutThing>(input("a"))
        .await
        .expect_err("a 503");
    assert_eq!((server.requests().len(), quota()), (53, 10));
    // Then no call retries: one attempt each.
    for _ in 0..2 {
        client
            .call::<PutThing>(input("a"))
            .await
            .expect_err("a 503");
    }
    assert_eq!((server.requests().len(), quota()), (55, 10));
    // Each success without retries gives back one token.
    for _ in 0..4 {
        client.call::<PutThing>(input("a")).await.expect("output");
    }
    assert_eq!((server.requests().len(), quota()), (59, 14));

    // Throttling costs 5, and a success after a retry gives the cost back.
    let server = TestServer::start(|n| match n {
        0 => Reply::error(400, "ThrottlingException"),
        _ => Reply::ok(),
    })
    .await;
    let client = self::client(config(&server.url, RetryMode::Standard));
    client.call::<PutThing>(input("a")).await.expect("output");
    assert_eq!(
        (server.requests().len(), client.inner.quota.available()),
        (2, 500)
    );
}

#[tokio::test]
async fn adaptive_mode_delays_sends_after_throttling() {
    let script = |n| match n {
        0 => Reply::error(400, "ThrottlingException"),
        _ => Reply::ok(),
    };
    // Standard mode: the retry follows within the backoff.
    let server = TestServer::start(script).await;
    let client = client(config(&server.url, RetryMode::Standard));
    client.call::<PutThing>(input("a")).await.expect("output");
    let requests = server.requests();
    assert!(requests[1].at - requests[0].at < ms(500));
    assert!(client.inner.limiter.is_none());

    // Adaptive: the throttling enables the limiter at its lowest rate, 0.5 tokens a second,
    // and the bucket holds what it gathered since the client was made (1 token a second).
    // Answered at `t` seconds, the retry waits 2 (1 - t) s, so it is sent 2 - t s after the
    // client was made (or at once if t >= 1): never within the first second.
    let server = TestServer::start(script).await;
    let created = Instant::now();
    let client = self::client(config(&server.url, RetryMode::Adaptive));
    client.call::<PutThing>(input("a")).await.expect("output");
    let requests = server.requests();
    let since_created = requests[1].at - created;
    assert!(since_created >= Duration::from_secs(1), "{since_created:?}");
    let limiter = client.inner.limiter.as_ref().expect("a limiter").snapshot();
    assert!(limiter.enabled());
    // After the success the rate grows (CUBIC), capped at twice the measured rate.
    let (fill_rate, measured) = (limiter.fill_rate(), limiter.measured_rate());
    assert!(
        fill_rate > 0.5 && fill_rate <= 2.0 * measured,
        "{limiter:?}"
    );
    // The next call waits for a token too, the retry having emptied the bucket (about
    // 0.6 s on an idle machine: 1.6 tokens a second).
    client.call::<PutThing>(input("b")).await.expect("output");
    let requests = server.requests();
    let gap = requests[2].at - requests[1].at;
    assert!(gap >= ms(100), "{gap:?}");
}

#[tokio::test]
async fn adaptive_mode_does_not_slow_a_client_that_is_never_throttled() {
    let server = TestServer::start(|_| Reply::ok()).await;
    let client = client(config(&server.url, RetryMode::Adaptive));
    let start = Instant::now();
    for _ in 0..20 {
        client.call::<PutThing>(input("a")).await.expect("output");
    }
    assert!(start.elapsed() < Duration::from_secs(2));
    assert!(
        !client
            .inner
            .limiter
            .as_ref()
            .expect("a limiter")
            .snapshot()
            .enabled()
    );
    assert_eq!(client.inner.quota.available(), 500);
}

#[tokio::test]
async fn a_retry_waits_at_least_what_the_service_asks_in_x_amz_retry_after() {
    let server = TestServer::start(|n| match n {
        0 => {
            let mut reply = Reply::new(503, "");
            reply.headers.push(("x-amz-retry-after", "300".to_owned()));
            reply
        }
        _ => Reply::ok(),
    })
    .await;
    let client = client(config(&server.url, RetryMode::Standard));
    client.call::<PutThing>(input("a")).await.expect("output");
    let requests = server.requests();
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= ms(300), "{gap:?}");
}
