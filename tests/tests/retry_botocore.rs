//! The retry quota and the adaptive mode's rate limiter against botocore 1.44.5's own
//! (`tests/botocore/retry_modes.py`), driven through the same scripted outcomes and
//! timestamps: the quota left and the decision after every attempt, and the limiter's send
//! times, token waits, fill rate, capacity, measured rate and CUBIC state after every
//! response, compared exactly (the floating-point numbers bit for bit). botocore comes
//! from a virtualenv under `target/` that the test creates on first use; without Python 3
//! and PyPI the test fails, it does not skip.

use std::path::Path;
use std::time::Duration;

use awsgen_runtime::client::retry::{
    CallRetries, RateLimiter, RetryDecision, RetryKind, RetryQuota, classify_failure,
    classify_response,
};
use awsgen_runtime::{CallFailure, ModeledRetry, OperationError};
use serde_json::{Value, json};

mod botocore_script;

/// How our client classifies one scripted outcome (see the script for the list): the
/// retry kind, whether it is a 2xx response, and whether there was a response at all.
fn classify(outcome: &str) -> (Option<RetryKind>, bool) {
    let error = |status, code: &str| {
        let body = format!(r#"{{"__type": "{code}", "message": ""}}"#);
        classify_response(status, None, body.as_bytes(), &[])
    };
    match outcome {
        "ok" => (classify_response(200, None, b"{}", &[]), true),
        "throttle" => (error(400, "ThrottlingException"), false),
        "429" => (error(429, "TooManyRequests"), false),
        "500" => (error(500, "InternalServerException"), false),
        "503" => (classify_response(503, None, b"", &[]), false),
        "validation" => (error(400, "ValidationException"), false),
        "timeout" => (
            classify_failure(&CallFailure::Timeout(Duration::from_secs(60))),
            false,
        ),
        "connection" => (
            classify_failure(&CallFailure::transport(std::io::Error::from(
                std::io::ErrorKind::ConnectionRefused,
            ))),
            false,
        ),
        other => panic!("unknown outcome {other}"),
    }
}

fn repeat(outcome: &str, n: usize) -> Vec<&str> {
    vec![outcome; n]
}

fn quota_scenarios() -> Vec<Value> {
    let exhaustion: Vec<&str> = [
        repeat("503", 60),
        repeat("ok", 20),
        repeat("throttle", 6),
        repeat("ok", 3),
        repeat("500", 4),
        repeat("timeout", 3),
        repeat("connection", 3),
        repeat("ok", 2),
        repeat("429", 4),
        vec!["ok", "validation"],
        repeat("ok", 5),
    ]
    .concat();
    let refunds: Vec<&str> = [
        vec!["503", "ok", "throttle", "ok"],
        // Only the latest retry's cost comes back.
        vec![
            "503", "throttle", "ok", "throttle", "503", "ok", "timeout", "ok",
        ],
        repeat("ok", 25),
        repeat("503", 4),
        vec!["validation", "connection", "429", "ok", "500", "validation"],
        repeat("ok", 3),
    ]
    .concat();
    let small: Vec<&str> = [
        vec!["throttle", "throttle", "503", "ok"],
        vec!["503", "503", "throttle", "throttle", "throttle"],
        repeat("ok", 6),
        vec![
            "timeout", "throttle", "ok", "429", "429", "429", "429", "ok",
        ],
    ]
    .concat();
    let single: Vec<&str> = [vec!["503", "ok", "throttle"], repeat("ok", 3)].concat();
    vec![
        json!({"max_attempts": 3, "capacity": 500, "outcomes": exhaustion}),
        json!({"max_attempts": 4, "capacity": 500, "outcomes": refunds}),
        json!({"max_attempts": 5, "capacity": 20, "outcomes": small}),
        json!({"max_attempts": 1, "capacity": 500, "outcomes": single}),
    ]
}

/// Our side of a quota scenario: the client's bookkeeping, call by call.
fn run_quota(scenario: &Value) -> Vec<Value> {
    let max_attempts = scenario["max_attempts"].as_u64().expect("max_attempts") as u32;
    let quota = RetryQuota::with_capacity(scenario["capacity"].as_u64().expect("capacity") as u32);
    let mut outcomes: Vec<&str> = scenario["outcomes"]
        .as_array()
        .expect("outcomes")
        .iter()
        .map(|o| o.as_str().expect("outcome"))
        .rev()
        .collect();
    let mut records = Vec::new();
    let mut call = 0;
    while !outcomes.is_empty() {
        call += 1;
        let mut retries = CallRetries::new(&quota, max_attempts);
        loop {
            let outcome = outcomes.pop().unwrap_or("ok");
            let (kind, success) = classify(outcome);
            let attempt = retries.attempt();
            let decision = match retries.after_attempt(kind) {
                RetryDecision::Retry { .. } => "retry",
                RetryDecision::Final => "final",
                RetryDecision::AttemptsExhausted => "attempts",
                RetryDecision::QuotaExhausted => "quota",
            };
            records.push(json!({
                "call": call, "attempt": attempt, "outcome": outcome, "decision": decision,
                "available": quota.available(),
            }));
            if decision != "retry" {
                retries.finish(success);
                break;
            }
        }
        records.push(json!({"call": call, "end": true, "available": quota.available()}));
    }
    records
}

/// A step of a limiter scenario.
fn step(at: f64, latency: f64, outcome: &str) -> Value {
    json!({"at": at, "latency": latency, "outcome": outcome})
}

fn limiter_scenarios() -> Vec<Value> {
    // Steady, throttled three times, pushed faster than the limiter allows, throttled
    // again, then recovering at a slower pace.
    let start = 1000.3;
    let mut steps = Vec::new();
    let mut at = start;
    for (count, gap, outcome) in [
        (20, 0.05, "ok"),
        (3, 0.05, "throttle"),
        (60, 0.02, "ok"),
        (1, 0.02, "throttle"),
        (40, 0.2, "ok"),
        (2, 0.01, "429"),
        (30, 0.01, "ok"),
    ] {
        for _ in 0..count {
            at += gap;
            steps.push(step(at, 0.01, outcome));
        }
    }
    let recovery = json!({"start": start, "steps": steps});

    // Throttled at the first send, then as fast as the limiter lets, with failures that
    // are not throttling (they count as successes for the rate).
    let mut steps = vec![step(0.0, 0.005, "throttle")];
    for outcome in [
        "ok",
        "timeout",
        "ok",
        "connection",
        "503",
        "ok",
        "throttle",
        "ok",
    ] {
        for _ in 0..4 {
            steps.push(step(0.0, 0.005, outcome));
        }
    }
    let first = json!({"start": 0.0, "steps": steps});

    // A long irregular run at a Unix-time origin, where a second holds fewer bits.
    let start = 1_700_000_000.25;
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut random = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let mut at = start;
    let mut steps = Vec::new();
    for _ in 0..400 {
        at += random() * 0.3;
        let draw = random();
        let outcome = match draw {
            d if d < 0.12 => "throttle",
            d if d < 0.15 => "429",
            d if d < 0.18 => "503",
            _ => "ok",
        };
        steps.push(step(at, random() * 0.05, outcome));
    }
    let irregular = json!({"start": start, "steps": steps});

    vec![recovery, first, irregular]
}

/// Our side of a limiter scenario, on the same fake clock as the script's: a wait moves
/// it (by at least one floating-point step).
fn run_limiter(scenario: &Value) -> Vec<Value> {
    let mut now = scenario["start"].as_f64().expect("start");
    let mut limiter = RateLimiter::new(now);
    let mut records = Vec::new();
    for step in scenario["steps"].as_array().expect("steps") {
        let at = step["at"].as_f64().expect("at");
        now = if at > now { at } else { now };
        let mut waits = Vec::new();
        while let Err(wait) = limiter.acquire(now) {
            waits.push(wait);
            let later = now + wait;
            now = if later > now { later } else { later.next_up() };
        }
        let sent = now;
        now = sent + step["latency"].as_f64().expect("latency");
        let (kind, _) = classify(step["outcome"].as_str().expect("outcome"));
        limiter.on_response(now, kind == Some(RetryKind::Throttling));
        let (w_max, k, last_fail) = limiter.cubic();
        records.push(json!({
            "sent": sent.to_bits(),
            "waits": waits.iter().map(|w| w.to_bits()).collect::<Vec<_>>(),
            "enabled": limiter.enabled(),
            "fill_rate": limiter.fill_rate().to_bits(),
            "max_capacity": limiter.max_capacity().to_bits(),
            "available": limiter.available().to_bits(),
            "measured_rate": limiter.measured_rate().to_bits(),
            "w_max": w_max.to_bits(),
            "k": k.to_bits(),
            "last_fail": last_fail.to_bits(),
        }));
    }
    records
}

/// Where two JSON values differ; counts the numbers compared. The limiter's numbers are
/// the bits of doubles (see the script), shown as the doubles they are.
fn differences(path: &str, ours: &Value, theirs: &Value, numbers: &mut usize) -> Vec<String> {
    match (ours, theirs) {
        (Value::Number(a), Value::Number(b)) => {
            *numbers += 1;
            let show = |n: &serde_json::Number| match (path.starts_with("/limiter"), n.as_u64()) {
                (true, Some(bits)) => f64::from_bits(bits).to_string(),
                _ => n.to_string(),
            };
            match a == b {
                true => Vec::new(),
                false => vec![format!("{path}: ours {}, botocore {}", show(a), show(b))],
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            let mut found: Vec<String> = (a.iter().zip(b))
                .enumerate()
                .flat_map(|(i, (a, b))| differences(&format!("{path}/{i}"), a, b, numbers))
                .collect();
            if a.len() != b.len() {
                found.push(format!(
                    "{path}: {} entries here, {} from botocore",
                    a.len(),
                    b.len()
                ));
            }
            found
        }
        (Value::Object(a), Value::Object(b))
            if a.keys().collect::<Vec<_>>() == b.keys().collect::<Vec<_>>() =>
        {
            a.iter()
                .flat_map(|(key, value)| {
                    differences(&format!("{path}/{key}"), value, &b[key], numbers)
                })
                .collect()
        }
        (a, b) if a == b => Vec::new(),
        (a, b) => vec![format!("{path}: ours {a}, botocore {b}")],
    }
}

/// The modeled errors of the operations the classification is compared on: each with a
/// different mix of `@retryable` errors (none; a throttling one; a retryable quota error;
/// a `ThrottlingException` modeled as not throttling; STS's special case).
/// An operation (botocore service and operation name) and its modeled errors.
type ModeledOperation = (
    &'static str,
    &'static str,
    &'static [(&'static str, ModeledRetry)],
);

fn modeled_errors() -> Vec<ModeledOperation> {
    use awsgen_identity::sts::operations as sts;
    use partnercentral::{account, benefits, channel, revenue_measurement, selling};
    vec![
        (
            "partnercentral-selling",
            "GetOpportunity",
            selling::operations::GetOpportunityError::MODELED_ERRORS,
        ),
        (
            "partnercentral-channel",
            "AcceptChannelHandshake",
            channel::operations::AcceptChannelHandshakeError::MODELED_ERRORS,
        ),
        (
            "partnercentral-benefits",
            "TagResource",
            benefits::operations::TagResourceError::MODELED_ERRORS,
        ),
        (
            "partnercentral-revenue-measurement",
            "CreateMarketplaceRevenueShare",
            revenue_measurement::operations::CreateMarketplaceRevenueShareError::MODELED_ERRORS,
        ),
        (
            "partnercentral-account",
            "AcceptConnectionInvitation",
            account::operations::AcceptConnectionInvitationError::MODELED_ERRORS,
        ),
        (
            "sts",
            "AssumeRoleWithWebIdentity",
            sts::AssumeRoleWithWebIdentityError::MODELED_ERRORS,
        ),
    ]
}

/// Every modeled code of each operation and a few it does not model, at statuses 400, 429,
/// 500 and 503: whether botocore's standard mode retries the response and whether it
/// counts as throttling must be ours.
#[test]
fn error_classification_matches_botocore() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut cases = Vec::new();
    let mut ours = Vec::new();
    for (service, operation, modeled) in modeled_errors() {
        let unmodeled = [
            "TooManyRequests",
            "ThrottlingException",
            "RequestTimeout",
            "InternalServerException",
            "SomethingElse",
        ];
        let codes: std::collections::BTreeSet<&str> = modeled
            .iter()
            .map(|(code, _)| *code)
            .chain(unmodeled)
            .collect();
        for code in codes {
            for status in [400u16, 429, 500, 503] {
                cases.push(json!({
                    "service": service, "operation": operation, "status": status, "code": code,
                }));
                let body = format!(r#"{{"__type": "{code}", "message": ""}}"#);
                let kind = classify_response(status, None, body.as_bytes(), modeled);
                ours.push(json!([kind.is_some(), kind == Some(RetryKind::Throttling)]));
            }
        }
    }
    let botocore = botocore_script::run_json(
        &root,
        "tests/botocore/retry_modes.py",
        &json!({"quota": [], "limiter": [], "classify": cases}),
    );
    let theirs = botocore["classify"].as_array().expect("classify");
    assert_eq!(theirs.len(), ours.len());
    let diffs: Vec<String> = cases
        .iter()
        .zip(ours.iter().zip(theirs))
        .filter(|(_, (a, b))| a != b)
        .map(|(case, (a, b))| format!("{case}: ours {a}, botocore {b}"))
        .collect();
    let retried = ours.iter().filter(|o| o[0] == true).count();
    eprintln!(
        "classified {} error responses of {} operations like botocore: {} differences \
         ({retried} retried)",
        cases.len(),
        modeled_errors().len(),
        diffs.len()
    );
    assert!(diffs.is_empty(), "{diffs:#?}");
    // The cases reach each rule: a modeled retryable error at 400, a modeled code at 429
    // that is not retried, an unmodeled one at 429 that is.
    let verdict = |service: &str, code: &str, status: u16| {
        let at = cases
            .iter()
            .position(|c| c["service"] == service && c["code"] == code && c["status"] == status)
            .expect("case");
        ours[at].clone()
    };
    assert_eq!(
        verdict(
            "partnercentral-benefits",
            "ServiceQuotaExceededException",
            400
        ),
        json!([true, false])
    );
    assert_eq!(
        verdict("partnercentral-account", "ConflictException", 429),
        json!([false, false])
    );
    assert_eq!(
        verdict("partnercentral-account", "TooManyRequests", 429),
        json!([true, true])
    );
    assert_eq!(
        verdict("sts", "IDPCommunicationError", 400),
        json!([true, false])
    );
}

#[test]
fn quota_and_rate_limiter_match_botocore_step_by_step() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let quota = quota_scenarios();
    let limiter = limiter_scenarios();
    let botocore = botocore_script::run_json(
        &root,
        "tests/botocore/retry_modes.py",
        &json!({"quota": quota, "limiter": limiter}),
    );
    let ours = json!({
        "quota": quota.iter().map(run_quota).collect::<Vec<_>>(),
        "limiter": limiter.iter().map(run_limiter).collect::<Vec<_>>(),
        "classify": [],
    });

    let mut numbers = 0;
    let diffs = differences("", &ours, &botocore, &mut numbers);
    let count = |part: &str| -> usize {
        ours[part]
            .as_array()
            .map(|s| s.iter().map(|r| r.as_array().map_or(0, Vec::len)).sum())
            .unwrap_or(0)
    };
    eprintln!(
        "compared {} quota records and {} limiter steps ({numbers} numbers) with botocore: \
         {} differences",
        count("quota"),
        count("limiter"),
        diffs.len()
    );
    assert!(
        diffs.is_empty(),
        "{} differences, first: {:#?}",
        diffs.len(),
        &diffs[..diffs.len().min(20)]
    );

    // The scenarios reach what they are meant to: exhaustion, refunds, throttling, waits.
    let records = |part: &str| -> Vec<&Value> {
        ours[part]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|s| s.as_array().into_iter().flatten())
            .collect()
    };
    let quota = records("quota");
    for decision in ["retry", "final", "attempts", "quota"] {
        assert!(
            quota.iter().any(|r| r["decision"] == decision),
            "no {decision}"
        );
    }
    let limiter = records("limiter");
    assert!(
        limiter
            .iter()
            .any(|r| r["waits"].as_array().is_some_and(|w| w.len() > 1))
    );
    let fill_rate = |r: &&Value| r["fill_rate"].as_u64().map(f64::from_bits);
    assert!(limiter.iter().any(|r| fill_rate(r) == Some(0.5)));
    assert!(limiter.iter().any(|r| fill_rate(r) > Some(5.0)));
}
