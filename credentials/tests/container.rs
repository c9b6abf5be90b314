//! The container source against a local endpoint: relative and full URIs, the
//! authorization token and its file, host rules, retries.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use awsgen_credentials::{ContainerSource, CredentialsErrorKind, Env};
use support::{Home, Reply, Server, credentials_json};

fn env(pairs: &[(&str, String)]) -> Env {
    Env::from_pairs(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())))
}

fn endpoint() -> Server {
    Server::start(|seen| {
        let body = credentials_json(
            "CONTAKID",
            "CONTSECRET",
            "CONTTOKEN",
            "2030-01-01T00:00:00Z",
        );
        match (seen.path.as_str(), seen.header("authorization")) {
            ("/v2/credentials/abc", None) => Reply::ok(body),
            ("/pod", Some(token)) if token.starts_with("pod-token") => Reply::ok(body),
            ("/pod", _) => Reply::status(
                401,
                r#"{"Code": "AccessDeniedException", "Message": "bad token"}"#,
            ),
            _ => Reply::status(404, ""),
        }
    })
}

#[tokio::test]
async fn a_relative_uri_against_the_ecs_endpoint() {
    let server = endpoint();
    let source = ContainerSource::new(env(&[(
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "/v2/credentials/abc".into(),
    )]))
    .with_relative_base(server.url());
    let credentials = source.credentials().await.unwrap();
    assert_eq!(credentials.access_key_id(), "CONTAKID");
    assert_eq!(credentials.session_token(), Some("CONTTOKEN"));
    assert!(credentials.expiry().is_some());
    let seen = server.seen();
    assert_eq!(seen[0].header("accept"), Some("application/json"));
    assert_eq!(seen[0].header("authorization"), None);
}

/// The token file wins over the variable and is read again for every fetch.
#[tokio::test]
async fn a_full_uri_with_a_token_or_a_token_file_read_at_each_fetch() {
    let server = endpoint();
    let full = format!("{}/pod", server.url());
    let with_token = ContainerSource::new(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full.clone()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN",
            "pod-token-from-env".into(),
        ),
    ]));
    with_token.credentials().await.unwrap();
    assert_eq!(
        server.seen()[0].header("authorization"),
        Some("pod-token-from-env")
    );

    let home = Home::new("", "");
    let file = home.write("token", "pod-token-1");
    let with_file = ContainerSource::new(env(&[
        ("AWS_CONTAINER_CREDENTIALS_FULL_URI", full),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored".into()),
        (
            "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
            file.display().to_string(),
        ),
    ]));
    with_file.credentials().await.unwrap();
    std::fs::write(&file, "pod-token-2").unwrap();
    with_file.credentials().await.unwrap();
    let tokens: Vec<_> = server.seen()[1..]
        .iter()
        .map(|s| s.header("authorization").unwrap().to_owned())
        .collect();
    assert_eq!(tokens, ["pod-token-1", "pod-token-2"]);

    // A token with a line break is refused before anything is sent (as botocore does).
    std::fs::write(&file, "pod-token-3\n").unwrap();
    let error = with_file.credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(
        error.message().contains("line break") && !error.message().contains("pod-token-3"),
        "{error}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn plain_http_only_to_loopback_and_the_container_hosts() {
    let source = ContainerSource::new(env(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "http://example.com/creds".into(),
    )]));
    let error = source.credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(error.message().contains("`example.com`"), "{error}");

    let none = ContainerSource::new(env(&[]));
    assert_eq!(
        none.credentials().await.unwrap_err().kind(),
        CredentialsErrorKind::NotConfigured
    );
}

/// 3 attempts, 1 s apart; the last failure is in the error with the endpoint's own code.
#[tokio::test]
async fn failures_are_retried_three_times() {
    let calls = AtomicUsize::new(0);
    let body = credentials_json(
        "CONTAKID",
        "CONTSECRET",
        "CONTTOKEN",
        "2030-01-01T00:00:00Z",
    );
    let flaky = Server::start(move |_| match calls.fetch_add(1, Ordering::SeqCst) {
        0 => Reply::status(500, ""),
        1 => Reply::ok("{not json"),
        _ => Reply::ok(body.clone()),
    });
    let source = ContainerSource::new(env(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        format!("{}/creds", flaky.url()),
    )]));
    let started = Instant::now();
    assert_eq!(
        source.credentials().await.unwrap().access_key_id(),
        "CONTAKID"
    );
    assert!(started.elapsed() >= Duration::from_secs(2));
    assert_eq!(flaky.seen().len(), 3);

    let server = endpoint();
    let refused = ContainerSource::new(env(&[
        (
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            format!("{}/pod", server.url()),
        ),
        ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong".into()),
    ]));
    let error = refused.credentials().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(
        error
            .message()
            .ends_with("after 3 attempts: HTTP 401 (AccessDeniedException: bad token)"),
        "{error}"
    );
    assert_eq!(server.seen().len(), 3);
}

/// An answer without a member fails at once and quotes nothing of it.
#[tokio::test]
async fn an_incomplete_answer_fails_without_quoting_it() {
    let server = Server::start(|_| {
        Reply::ok(
            r#"{"AccessKeyId": "A", "SecretAccessKey": "TOPSECRET", "Expiration": "2030-01-01T00:00:00Z"}"#,
        )
    });
    let source = ContainerSource::new(env(&[(
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        format!("{}/c", server.url()),
    )]));
    let error = source.credentials().await.unwrap_err();
    assert!(error.message().contains("`Token` is missing"), "{error}");
    assert!(!format!("{error} {error:?}").contains("TOPSECRET"));
    assert_eq!(server.seen().len(), 1);
}
