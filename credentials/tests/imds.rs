//! The IMDS source against a local IMDS: the token dance, its cache, the IMDSv1 fallback,
//! settings, time limits and static stability.

mod support;

use std::time::{Duration, Instant, SystemTime};

use awsgen_credentials::{CredentialsErrorKind, Env, ImdsSettings, ImdsSource};
use support::{Imds, ImdsMode, ManualClock, Reply, Server, credentials_json};

fn env(endpoint: &str, extra: &[(&str, &str)]) -> Env {
    let mut pairs = vec![(
        "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
        endpoint.to_owned(),
    )];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_pairs(pairs)
}

fn document() -> String {
    credentials_json(
        "IMDSAKID",
        "IMDSSECRET",
        "IMDSTOKEN",
        "2030-01-01T06:00:00Z",
    )
}

#[tokio::test]
async fn a_token_then_the_role_then_its_credentials() {
    let imds = Imds::start(ImdsMode::V2, document());
    let clock = ManualClock::at("2030-01-01T00:00:00Z");
    let source = ImdsSource::with_clock(env(&imds.server.url(), &[]), clock);
    let credentials = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "IMDSAKID");
    assert_eq!(credentials.secret_access_key(), "IMDSSECRET");
    assert_eq!(credentials.session_token(), Some("IMDSTOKEN"));
    let expiry: jiff::Timestamp = "2030-01-01T06:00:00Z".parse().unwrap();
    assert_eq!(credentials.expiry(), Some(SystemTime::from(expiry)));

    let seen = imds.server.seen();
    let calls: Vec<(&str, &str)> = seen
        .iter()
        .map(|s| (s.method.as_str(), s.path.as_str()))
        .collect();
    assert_eq!(
        calls,
        [
            ("PUT", "/latest/api/token"),
            ("GET", "/latest/meta-data/iam/security-credentials/"),
            (
                "GET",
                "/latest/meta-data/iam/security-credentials/test-role"
            ),
        ]
    );
    assert_eq!(
        seen[0].header("x-aws-ec2-metadata-token-ttl-seconds"),
        Some("21600")
    );
    assert_eq!(seen[1].header("x-aws-ec2-metadata-token"), Some("token-1"));
    assert_eq!(seen[2].header("x-aws-ec2-metadata-token"), Some("token-1"));
}

/// One token for six hours (less a margin), then a new one; a token IMDS no longer knows
/// (401) is replaced at once.
#[tokio::test]
async fn the_token_is_cached_for_its_lifetime() {
    let imds = Imds::start(ImdsMode::V2, document());
    let clock = ManualClock::at("2030-01-01T00:00:00Z");
    let source = ImdsSource::with_clock(env(&imds.server.url(), &[]), clock.clone());
    let settings = source.settings().unwrap();
    for _ in 0..3 {
        source.credentials(&settings).await.unwrap();
    }
    assert_eq!(imds.server.count("PUT"), 1);
    assert_eq!(source.region(&settings).await.as_deref(), Some("us-west-2"));
    assert_eq!(imds.server.count("PUT"), 1);

    clock.advance(Duration::from_secs(6 * 3600 - 60));
    source.credentials(&settings).await.unwrap();
    assert_eq!(imds.server.count("PUT"), 2, "renewed before it lapses");

    imds.revoke_tokens();
    source.credentials(&settings).await.unwrap();
    assert_eq!(imds.server.count("PUT"), 3, "a refused token is replaced");
    assert_eq!(source.token_requests(), 3);
}

#[tokio::test]
async fn without_a_token_endpoint_it_reads_without_a_token_unless_v1_is_disabled() {
    let imds = Imds::start(ImdsMode::V1, document());
    let source = ImdsSource::new(env(&imds.server.url(), &[]));
    let credentials = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "IMDSAKID");
    assert!(
        imds.server
            .seen()
            .iter()
            .filter(|s| s.method == "GET")
            .all(|s| s.header("x-aws-ec2-metadata-token").is_none())
    );

    let source = ImdsSource::new(env(
        &imds.server.url(),
        &[("AWS_EC2_METADATA_V1_DISABLED", "true")],
    ));
    let error = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(
        error.message().contains("IMDSv1 is disabled") && error.message().contains("HTTP 404"),
        "{error}"
    );
}

#[tokio::test]
async fn disabled_means_not_configured_and_no_request() {
    let imds = Imds::start(ImdsMode::V2, document());
    let source = ImdsSource::new(env(
        &imds.server.url(),
        &[("AWS_EC2_METADATA_DISABLED", "True")],
    ));
    let error = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert_eq!(imds.server.seen().len(), 0);
}

#[test]
fn endpoint_mode_and_settings_from_the_environment_or_the_profile() {
    let resolve = |pairs: &[(&str, &str)], profile: &[(&str, &str)]| {
        let env = Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let profile = profile
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ImdsSettings::resolve(&env, &profile)
    };
    let default = resolve(&[], &[]).unwrap();
    assert_eq!(default.endpoint, "http://169.254.169.254/");
    assert_eq!(
        (default.timeout, default.attempts),
        (Duration::from_secs(1), 1)
    );
    let ipv6 = resolve(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")], &[]).unwrap();
    assert_eq!(ipv6.endpoint, "http://[fd00:ec2::254]/");
    let from_profile = resolve(
        &[],
        &[
            ("ec2_metadata_service_endpoint_mode", "ipv6"),
            ("metadata_service_num_attempts", "3"),
        ],
    )
    .unwrap();
    assert_eq!(
        (from_profile.endpoint.as_str(), from_profile.attempts),
        ("http://[fd00:ec2::254]/", 3)
    );
    let env_wins = resolve(
        &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv4")],
        &[("ec2_metadata_service_endpoint_mode", "ipv6")],
    )
    .unwrap();
    assert_eq!(env_wins.endpoint, "http://169.254.169.254/");
    let custom = resolve(
        &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")],
        &[("ec2_metadata_service_endpoint", "http://10.0.0.1:1338")],
    )
    .unwrap();
    assert_eq!(
        custom.endpoint, "http://10.0.0.1:1338/",
        "an endpoint wins over the mode"
    );
    let legacy = resolve(&[("AWS_IMDS_USE_IPV6", "true")], &[]).unwrap();
    assert_eq!(legacy.endpoint, "http://[fd00:ec2::254]/");
    for bad in [
        resolve(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")], &[]),
        resolve(
            &[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254")],
            &[],
        ),
        resolve(&[("AWS_METADATA_SERVICE_TIMEOUT", "soon")], &[]),
    ] {
        assert_eq!(bad.unwrap_err().kind(), CredentialsErrorKind::Failed);
    }
}

/// A silent IMDS costs the time limit for the token and again for the read without one
/// (botocore's order), then the source gives up: not configured.
#[tokio::test]
async fn a_silent_imds_is_given_up_after_its_time_limit() {
    let server = Server::start(|_| Reply::ok("late").after(Duration::from_secs(5)));
    let source = ImdsSource::new(env(&server.url(), &[]));
    let started = Instant::now();
    let error = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_millis(3500),
        "{took:?}"
    );
    assert!(error.message().contains("without a token"), "{error}");
}

/// With more attempts, a failing read is retried.
#[tokio::test]
async fn attempts_retry_a_failing_read() {
    // A fresh IMDS whose first read of the credentials fails with 500.
    let flaky = || {
        let failed = std::sync::atomic::AtomicBool::new(false);
        let body = document();
        Server::start(move |seen| match seen.path.as_str() {
            "/latest/api/token" => Reply::ok("t"),
            "/latest/meta-data/iam/security-credentials/" => Reply::ok("test-role"),
            _ if !failed.swap(true, std::sync::atomic::Ordering::SeqCst) => Reply::status(500, ""),
            _ => Reply::ok(body.clone()),
        })
    };
    let server = flaky();
    let one = ImdsSource::new(env(&server.url(), &[]));
    let error = one.credentials(&one.settings().unwrap()).await.unwrap_err();
    assert!(
        error.message().ends_with("after 1 attempt(s): HTTP 500"),
        "{error}"
    );

    let server = flaky();
    let two = ImdsSource::new(env(
        &server.url(),
        &[("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2")],
    ));
    let credentials = two.credentials(&two.settings().unwrap()).await.unwrap();
    assert_eq!(credentials.access_key_id(), "IMDSAKID");
    assert_eq!(
        server
            .seen()
            .iter()
            .filter(|s| s.path.ends_with("test-role"))
            .count(),
        2
    );
}

/// Credentials that IMDS serves already expired are used for 17 to 25 minutes more.
#[tokio::test]
async fn expired_credentials_from_imds_are_stretched() {
    let imds = Imds::start(ImdsMode::V2, document());
    let clock = ManualClock::at("2030-01-01T07:00:00Z");
    let source = ImdsSource::with_clock(env(&imds.server.url(), &[]), clock.clone());
    let credentials = source
        .credentials(&source.settings().unwrap())
        .await
        .unwrap();
    let now: SystemTime =
        SystemTime::from("2030-01-01T07:00:00Z".parse::<jiff::Timestamp>().unwrap());
    let left = credentials.expiry().unwrap().duration_since(now).unwrap();
    assert!(
        left >= Duration::from_secs(17 * 60) && left <= Duration::from_secs(25 * 60),
        "{left:?}"
    );
}
