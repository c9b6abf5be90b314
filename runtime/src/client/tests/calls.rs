//! Whole calls against the test server: what is sent, what is retried, what times out.

use std::future::Future;
use std::time::{Duration, SystemTime};

use super::dummy::{PutThing, PutThingError, PutThingOnce, SELLING, input};
use super::server::{Recorded, Reply, TestServer};
use crate::client::{Client, Config, ConfigBuilder, Credentials, RetryConfig, sign};
use crate::{CallFailure, Operation};

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A configuration for `url` with fast retries.
fn config(url: &str) -> ConfigBuilder {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned())))
        .endpoint_url(url)
        .retry(RetryConfig {
            max_attempts: 3,
            mode: crate::client::RetryMode::Standard,
            transient_base_delay: ms(1),
            throttling_base_delay: ms(2),
            max_backoff: ms(5),
        })
}

fn client(config: ConfigBuilder) -> Client {
    Client::new(&SELLING, config.build()).expect("client")
}

/// The signing time of a received request, from its `x-amz-date`.
fn signing_time(request: &Recorded) -> SystemTime {
    let date = request.header("x-amz-date").expect("x-amz-date");
    let civil = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", date).expect("date format");
    let seconds = civil
        .to_zoned(jiff::tz::TimeZone::UTC)
        .expect("UTC")
        .timestamp()
        .as_second();
    SystemTime::UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).expect("after 1970"))
}

#[tokio::test]
async fn a_call_sends_a_signed_awsjson_request() {
    let server = TestServer::start(|_| Reply::ok()).await;
    let output = client(config(&server.url))
        .call::<PutThing>(input("thing"))
        .await
        .expect("output");
    assert_eq!(output.id, "thing-1");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(
        (request.method.as_str(), request.path.as_str()),
        ("POST", "/")
    );
    let header = |name| request.header(name).unwrap_or_default();
    assert_eq!(header("content-type"), "application/x-amz-json-1.0");
    assert_eq!(header("x-amz-target"), "AWSPartnerCentralSelling.PutThing");
    assert_eq!(header("x-amz-security-token"), "TOKEN");
    assert_eq!(header("host"), server.url.trim_start_matches("http://"));
    assert_eq!(header("content-length"), request.body.len().to_string());
    assert_eq!(header("x-amz-date").len(), "20240517T123456Z".len());
    assert!(
        header("user-agent").starts_with("awsgen/"),
        "{}",
        header("user-agent")
    );
    assert!(header("user-agent").ends_with(" PartnerCentral-Selling"));
    let authorization = header("authorization");
    let date = &header("x-amz-date")[..8];
    assert!(
        authorization.starts_with(&format!(
            "AWS4-HMAC-SHA256 Credential=AKID/{date}/us-east-1/partnercentral-selling/aws4_request, \
             SignedHeaders=content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
             Signature="
        )),
        "{authorization}"
    );
    assert_eq!(request.json()["Name"], "thing");

    // What arrived is what was signed: signing the received request again gives the same.
    let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
    let scope = sign::Scope {
        credentials: &credentials,
        region: "us-east-1",
        signing_name: "partnercentral-selling",
        time: signing_time(request),
    };
    let signed: Vec<(&str, &str)> = ["content-length", "content-type", "host", "x-amz-target"]
        .into_iter()
        .map(|name| (name, header(name)))
        .collect();
    let uri = format!("{}/", server.url);
    let again = sign::authorization_header(
        &scope,
        &sign::Request {
            method: "POST",
            uri: &uri,
            headers: &signed,
            payload: sign::Payload::Bytes(&request.body),
        },
    )
    .expect("signature");
    assert_eq!(again, authorization);
}

#[tokio::test]
async fn an_empty_idempotency_token_is_filled_once_for_every_attempt() {
    let server = TestServer::start(|n| {
        if n == 0 {
            Reply::new(503, "<html>")
        } else {
            Reply::ok()
        }
    })
    .await;
    let client = client(config(&server.url));
    client.call::<PutThing>(input("a")).await.expect("output");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let token = requests[0].json()["ClientToken"].clone();
    assert!(token.as_str().is_some_and(|t| t.len() == 36), "{token}");
    assert_eq!(requests[1].json()["ClientToken"], token);

    let mut given = input("b");
    given.client_token = Some("mine".to_owned());
    client.call::<PutThing>(given).await.expect("output");
    assert_eq!(server.requests()[2].json()["ClientToken"], "mine");
}

#[tokio::test]
async fn a_503_is_retried_until_success() {
    let server = TestServer::start(|n| match n {
        0 => Reply::new(503, ""),
        1 => Reply::error(500, "InternalServerException"),
        _ => Reply::ok(),
    })
    .await;
    let output = client(config(&server.url))
        .call::<PutThing>(input("a"))
        .await;
    assert_eq!(output.expect("output").id, "thing-1");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn an_operation_unsafe_to_replay_is_retried_only_when_the_service_cannot_have_acted() {
    // A 5xx may follow a change already made: not retried.
    let server = TestServer::start(|n| match n {
        0 => Reply::new(503, ""),
        _ => Reply::ok(),
    })
    .await;
    let error = client(config(&server.url))
        .call::<PutThingOnce>(input("a"))
        .await
        .expect_err("the 503");
    assert!(
        matches!(&error, PutThingError::Unhandled(e) if e.status == 503),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);

    // Throttling means the request was refused before it was processed: retried.
    let server = TestServer::start(|n| match n {
        0 => Reply::error(400, "ThrottlingException"),
        _ => Reply::ok(),
    })
    .await;
    let output = client(config(&server.url))
        .call::<PutThingOnce>(input("a"))
        .await;
    assert_eq!(output.expect("output").id, "thing-1");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_validation_exception_is_not_retried() {
    let server = TestServer::start(|_| Reply::error(400, "ValidationException")).await;
    let error = client(config(&server.url))
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(
        matches!(&error, PutThingError::Validation(e) if e.status == 400),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn throttling_is_retried_up_to_max_attempts() {
    let server = TestServer::start(|_| {
        let mut reply = Reply::new(400, "{}");
        reply.headers.push((
            "x-amzn-errortype",
            "ThrottlingException:http://x".to_owned(),
        ));
        reply
    })
    .await;
    let error = client(config(&server.url).max_attempts(4))
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(
        matches!(&error, PutThingError::Unhandled(e) if e.code.as_deref() == Some("ThrottlingException"))
    );
    assert_eq!(server.requests().len(), 4);

    let server = TestServer::start(|_| Reply::error(400, "TooManyRequestsException")).await;
    let client = client(config(&server.url).retry(RetryConfig::DISABLED));
    client
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_late_attempt_is_abandoned_and_retried() {
    let server = TestServer::start(|n| match n {
        0 => Reply::ok().after(Duration::from_secs(5)),
        _ => Reply::ok(),
    })
    .await;
    let client = client(config(&server.url).attempt_timeout(ms(200)));
    client.call::<PutThing>(input("a")).await.expect("output");
    assert_eq!(server.requests().len(), 2);

    let server = TestServer::start(|_| Reply::ok().after(Duration::from_secs(5))).await;
    let client = client_for(&server, |c| c.attempt_timeout(ms(100)).max_attempts(2));
    let error = client
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(matches!(error, PutThingError::Failed(CallFailure::Timeout(t)) if t == ms(100)));
    assert_eq!(server.requests().len(), 2);
}

fn client_for(server: &TestServer, adjust: impl FnOnce(ConfigBuilder) -> ConfigBuilder) -> Client {
    client(adjust(config(&server.url)))
}

#[tokio::test]
async fn the_operation_timeout_bounds_the_whole_call() {
    let server = TestServer::start(|_| Reply::new(503, "").after(ms(100))).await;
    let client = client_for(&server, |c| c.operation_timeout(ms(250)).max_attempts(100));
    let error = client
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(matches!(error, PutThingError::Failed(CallFailure::Timeout(t)) if t == ms(250)));
    let attempts = server.requests().len();
    assert!((2..=3).contains(&attempts), "{attempts} attempts");
}

#[tokio::test]
async fn invalid_input_is_not_sent() {
    let server = TestServer::start(|_| Reply::ok()).await;
    let error = client(config(&server.url))
        .call::<PutThing>(input(""))
        .await
        .expect_err("error");
    let PutThingError::Failed(CallFailure::InvalidInput(errors)) = error else {
        panic!("{error:?}");
    };
    assert_eq!(errors.violations()[0].path, "/Name");
    assert!(server.requests().is_empty());

    // Without a policy, the service judges.
    let client = client_for(&server, |c| c.validation(None));
    client.call::<PutThing>(input("")).await.expect("output");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_failure_after_retries() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("address").port()
    };
    let client = client(config(&format!("http://127.0.0.1:{port}")));
    let error = client
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(
        matches!(error, PutThingError::Failed(CallFailure::Transport(_))),
        "{error:?}"
    );
}

#[tokio::test]
async fn an_unreadable_success_is_an_invalid_response() {
    let server = TestServer::start(|_| Reply::new(200, "<html>")).await;
    let error = client(config(&server.url))
        .call::<PutThing>(input("a"))
        .await
        .expect_err("error");
    assert!(matches!(
        error,
        PutThingError::Failed(CallFailure::InvalidResponse { status: 200, .. })
    ));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn outside_a_tokio_runtime_a_call_fails_without_panicking() {
    let client = client(config("http://127.0.0.1:9"));
    let mut future = std::pin::pin!(client.call::<PutThing>(input("a")));
    let waker = std::task::Waker::noop();
    let poll = future
        .as_mut()
        .poll(&mut std::task::Context::from_waker(waker));
    assert!(matches!(
        poll,
        std::task::Poll::Ready(Err(PutThingError::Failed(CallFailure::Config(_))))
    ));
}

/// Generated service traits return `call`'s future from methods that require `Send`, for
/// any operation: this only compiles while it is.
#[allow(dead_code)]
fn calls_are_send<O: Operation>(
    client: &Client,
    input: O::Input,
) -> impl Future<Output = Result<O::Output, O::Error>> + Send + '_ {
    client.call::<O>(input)
}

#[test]
fn a_call_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let client = client(config("http://127.0.0.1:9"));
    let future = calls_are_send::<PutThing>(&client, input("a"));
    assert_send(&future);
    let spawnable: std::pin::Pin<Box<dyn Future<Output = _> + Send + '_>> = Box::pin(future);
    drop(spawnable);
}

#[cfg(feature = "rest-xml")]
#[tokio::test]
async fn s3s_200_with_an_error_is_retried_and_read_as_the_error() {
    use super::dummy::GetThingXml;
    let output = "<GetThingOutput><Id>thing-1</Id></GetThingOutput>";
    let server = TestServer::start(move |n| match n {
        0 => Reply::new(
            200,
            "<Error><Code>InternalError</Code><Message>Please try again.</Message></Error>",
        ),
        // Cut short: not XML.
        1 => Reply::new(200, &output[..30]),
        _ => Reply::new(200, output),
    })
    .await;
    let got = client(config(&server.url))
        .call::<GetThingXml>(input("a"))
        .await;
    assert_eq!(got.expect("output").id, "thing-1");
    assert_eq!(server.requests().len(), 3);

    // When the attempts run out, the error is the one the document names.
    let server = TestServer::start(|_| {
        Reply::new(
            200,
            "<Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>",
        )
    })
    .await;
    let error = client(config(&server.url))
        .call::<GetThingXml>(input("a"))
        .await
        .expect_err("an error");
    assert_eq!(crate::OperationError::code(&error), Some("SlowDown"));
    assert_eq!(server.requests().len(), 3);
}
