//! `credential_process` with real processes: shell scripts in a temporary home.

mod support;

use std::time::{Duration, Instant};

use awsgen_credentials::{CredentialsErrorKind, Env, ProfileSource, ProvideCredentials};
use support::{Home, ManualClock};

fn source(home: &Home, command: &str) -> ProfileSource {
    std::fs::write(
        home.path().join(".aws/config"),
        format!("[default]\ncredential_process = {command}\n"),
    )
    .unwrap();
    ProfileSource::new(Env::from_pairs([("HOME", home.home())]))
}

/// The words reach the process as botocore's `shlex.split` gives them.
#[tokio::test]
async fn the_command_is_split_like_botocore_and_its_json_read() {
    let home = Home::new("", "");
    let script = home.script(
        "creds.sh",
        r#"printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "T", "Expiration": "2030-01-01T00:00:00Z"}' "$1" "$2""#,
    );
    let source = source(
        &home,
        &format!("{} 'key with spaces' \"s'q\"", script.display()),
    );
    let credentials = source.provide_credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "key with spaces");
    assert_eq!(credentials.secret_access_key(), "s'q");
    assert_eq!(credentials.session_token(), Some("T"));
    assert!(credentials.expiry().is_some());
}

/// Failures name the profile and say why; stdout (which holds the secrets) is never quoted.
#[tokio::test]
async fn failures_say_why_without_quoting_the_output() {
    let home = Home::new("", "");
    let cases = [
        (
            "echo '{\"SecretAccessKey\": \"TOPSECRET\"}'; echo 'helper: not logged in' >&2; exit 3",
            "failed (exit status: 3): helper: not logged in",
        ),
        (
            "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"TOPSECRET\"'",
            "printed not JSON (line 2 column 0)",
        ),
        (
            "echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"TOPSECRET\"}'",
            "Version 2; the supported version is 1",
        ),
        (
            "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"TOPSECRET\", \"Expiration\": \"2001-01-01T00:00:00Z\"}'",
            "the credentials expired at 2001-01-01T00:00:00Z",
        ),
        (
            "head -c 100000 /dev/zero | tr '\\0' 'x'",
            "wrote more than 65536 bytes",
        ),
    ];
    for (i, (body, why)) in cases.iter().enumerate() {
        let script = home.script(&format!("p{i}.sh"), body);
        let error = source(&home, &script.display().to_string())
            .provide_credentials()
            .await
            .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Failed, "{error}");
        assert_eq!(
            error.source_name(),
            "credential_process of profile `default`"
        );
        assert!(error.message().contains(why), "{error}");
        assert!(
            !format!("{error} {error:?}").contains("TOPSECRET"),
            "{error}"
        );
    }
    let error = source(&home, "/nonexistent/helper --password hunter2")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(
        error
            .message()
            .starts_with("cannot start `/nonexistent/helper`"),
        "{error}"
    );
    assert!(!error.message().contains("hunter2"), "{error}");
    let error = source(&home, "helper 'unclosed")
        .provide_credentials()
        .await
        .unwrap_err();
    assert!(error.message().contains("no closing quotation"), "{error}");
}

#[tokio::test]
async fn a_hung_process_is_stopped_at_the_time_limit() {
    let home = Home::new("", "");
    let script = home.script("hang.sh", "exec sleep 30");
    let source = source(&home, &script.display().to_string())
        .with_process_timeout(Duration::from_millis(300));
    let started = Instant::now();
    let error = source.provide_credentials().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(
        error.message().contains("did not finish within 300ms"),
        "{error}"
    );
}

/// Expiry is judged by the clock the source is given.
#[tokio::test]
async fn expiry_is_judged_by_the_given_clock() {
    let home = Home::new("", "");
    let script = home.script(
        "creds.sh",
        r#"echo '{"Version": 1, "AccessKeyId": "A", "SecretAccessKey": "S", "Expiration": "2030-01-01T00:00:00Z"}'"#,
    );
    let before = source(&home, &script.display().to_string())
        .with_clock(ManualClock::at("2029-12-31T23:00:00Z"));
    assert_eq!(
        before.provide_credentials().await.unwrap().access_key_id(),
        "A"
    );
    let after = source(&home, &script.display().to_string())
        .with_clock(ManualClock::at("2030-01-01T00:00:01Z"));
    assert!(after.provide_credentials().await.is_err());
}
