//! The server against a fake service: routing, the protocol checks, limits, panics.

mod encodings;
mod fake;
mod fuzz;
#[cfg(feature = "aws-query")]
mod query;
mod tcp;

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request};
use http_body_util::Full;

use super::Server;
use crate::protocol::client::CONTENT_TYPE;
use fake::{Broken, Endless, Fake, Stalled, call, request, with_body};

fn two_services() -> Server {
    Server::new()
        .with(Fake::new("Alpha"))
        .with(Fake::new("Beta_2024"))
}

#[tokio::test]
async fn routes_by_prefix_across_services() {
    let server = two_services();
    for prefix in ["Alpha", "Beta_2024"] {
        let answer = call(&server, request(Some(&format!("{prefix}.Echo")), "{}")).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body["Service"], prefix);
        assert_eq!(answer.body["Body"], "{}");
        assert_eq!(answer.header("x-amzn-errortype"), None);
    }
    assert_eq!(
        server.prefixes().collect::<Vec<_>>(),
        ["Alpha", "Beta_2024"]
    );
}

#[tokio::test]
async fn a_later_service_with_the_same_prefix_replaces_the_earlier() {
    let server = Server::new().with(Fake::new("Alpha")).with(Fake {
        prefix: "Alpha",
        label: "second",
    });
    let answer = call(&server, request(Some("Alpha.Echo"), "")).await;
    assert_eq!(answer.body["Label"], "second");
    assert_eq!(server.prefixes().count(), 1);
}

#[tokio::test]
async fn requests_that_name_no_known_operation_are_unknown_operations() {
    let server = two_services();
    let targets = [
        None,
        Some("Alpha"),
        Some("Alpha."),
        Some(".Echo"),
        Some(""),
        Some("Gamma.Echo"),
        Some("Alpha.Nope"),
        Some("alpha.Echo"),
        Some("Alpha.echo"),
    ];
    for target in targets {
        call(&server, request(target, "{}"))
            .await
            .assert_error(400, "UnknownOperationException");
    }
    let mut opaque = request(None, "{}");
    opaque.headers_mut().insert(
        "x-amz-target",
        http::HeaderValue::from_bytes(b"Alpha.\xffEcho").expect("obs-text is a valid value"),
    );
    call(&server, opaque)
        .await
        .assert_error(400, "UnknownOperationException");
    // A server without services knows no operation at all.
    call(&Server::new(), request(Some("Alpha.Echo"), "{}"))
        .await
        .assert_error(400, "UnknownOperationException");
}

#[tokio::test]
async fn only_post_to_the_root_is_an_operation() {
    let server = two_services();
    for method in [Method::GET, Method::PUT, Method::DELETE, Method::OPTIONS] {
        let mut request = request(Some("Alpha.Echo"), "{}");
        *request.method_mut() = method;
        let answer = call(&server, request).await;
        answer.assert_error(405, "UnknownOperationException");
        assert_eq!(answer.header("allow"), Some("POST"));
    }
    let mut elsewhere = request(Some("Alpha.Echo"), "{}");
    *elsewhere.uri_mut() = http::Uri::from_static("/Alpha/Echo");
    call(&server, elsewhere)
        .await
        .assert_error(400, "UnknownOperationException");
    // A query string is not part of the path.
    let mut query = request(Some("Alpha.Echo"), "{}");
    *query.uri_mut() = http::Uri::from_static("/?x=1");
    assert_eq!(call(&server, query).await.status, 200);
}

#[tokio::test]
async fn the_content_type_must_be_aws_json_1_0() {
    let server = two_services();
    let answer_for = |content_type: Option<&'static str>| {
        let mut request = request(Some("Alpha.Echo"), "{}");
        request.headers_mut().remove("content-type");
        if let Some(value) = content_type {
            request
                .headers_mut()
                .insert("content-type", http::HeaderValue::from_static(value));
        }
        call(&server, request)
    };
    for wrong in [
        None,
        Some("application/json"),
        Some("application/x-amz-json-1.1"),
        Some("application/x-amz-json-1.0x"),
        Some(""),
    ] {
        answer_for(wrong)
            .await
            .assert_error(400, "SerializationException");
    }
    for right in [
        Some("Application/X-Amz-JSON-1.0"),
        Some("application/x-amz-json-1.0; charset=utf-8"),
        Some(" application/x-amz-json-1.0 ;charset=UTF-8"),
    ] {
        assert_eq!(answer_for(right).await.status, 200);
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused_without_being_read() {
    let server = two_services().max_body_bytes(16);
    let fits = call(&server, request(Some("Alpha.Echo"), &"x".repeat(16))).await;
    assert_eq!(fits.status, 200);
    call(&server, request(Some("Alpha.Echo"), &"x".repeat(17)))
        .await
        .assert_error(413, "RequestEntityTooLargeException");

    // Undeclared length: reading stops at the first frame past the limit.
    let read = Arc::new(AtomicUsize::new(0));
    let endless = Endless {
        chunk: 10,
        declared: None,
        read: Arc::clone(&read),
    };
    call(&server, with_body("Alpha.Echo", endless))
        .await
        .assert_error(413, "RequestEntityTooLargeException");
    assert_eq!(read.load(Ordering::SeqCst), 20);

    // Declared length: refused before a byte is read.
    let read = Arc::new(AtomicUsize::new(0));
    let declared = Endless {
        chunk: 10,
        declared: Some(1 << 40),
        read: Arc::clone(&read),
    };
    call(&server, with_body("Alpha.Echo", declared))
        .await
        .assert_error(413, "RequestEntityTooLargeException");
    assert_eq!(read.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_body_that_breaks_off_is_a_serialization_error() {
    call(&two_services(), with_body("Alpha.Echo", Broken))
        .await
        .assert_error(400, "SerializationException");
}

#[tokio::test]
async fn panics_are_internal_failures_and_the_server_keeps_serving() {
    let server = two_services();
    for operation in ["Alpha.Panic", "Alpha.PanicNow"] {
        let answer = call(&server, request(Some(operation), "{}")).await;
        answer.assert_error(500, "InternalFailure");
        let after = call(&server, request(Some("Alpha.Echo"), "{}")).await;
        assert_eq!(after.status, 200);
    }
}

#[tokio::test]
async fn service_errors_pass_through_and_impossible_replies_are_internal_failures() {
    let server = two_services();
    let answer = call(&server, request(Some("Alpha.Fail"), "{}")).await;
    answer.assert_error(404, "ResourceNotFoundException");
    assert_eq!(answer.body["message"], "no such thing");
    for operation in ["Alpha.BadStatus", "Alpha.Informational"] {
        call(&server, request(Some(operation), "{}"))
            .await
            .assert_error(500, "InternalFailure");
    }
    // A code that cannot be a header value is left to the body.
    let answer = call(&server, request(Some("Alpha.BadErrorType"), "{}")).await;
    assert_eq!(answer.status, 400);
    assert_eq!(answer.header("x-amzn-errortype"), None);
    assert_eq!(answer.body["__type"], "Bad\nType");
}

#[tokio::test]
async fn requests_over_time_are_abandoned() {
    let server = two_services().request_timeout(Duration::from_millis(50));
    call(&server, request(Some("Alpha.Slow"), "{}"))
        .await
        .assert_error(504, "RequestTimeoutException");
    call(&server, with_body("Alpha.Echo", Stalled))
        .await
        .assert_error(408, "RequestTimeoutException");
    assert_eq!(
        call(&server, request(Some("Alpha.Echo"), "{}"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn every_response_has_its_own_request_id() {
    let server = two_services();
    let mut ids = std::collections::BTreeSet::new();
    for target in ["Alpha.Echo", "Alpha.Nope", "Alpha.Panic"] {
        for _ in 0..20 {
            let answer = call(&server, request(Some(target), "{}")).await;
            let id = answer
                .header("x-amzn-requestid")
                .expect("a request id")
                .to_owned();
            let groups: Vec<usize> = id.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
            assert_eq!(id.as_bytes()[14], b'4', "{id}");
            assert!(ids.insert(id));
        }
    }
}

/// The bounds axum's `route_service` and `fallback_service` put on a service.
fn assert_axum_takes<S, B>(_: &S)
where
    S: tower_service::Service<Request<B>, Error = Infallible> + Clone + Send + Sync + 'static,
    S::Future: Send + 'static,
{
}

#[tokio::test]
async fn tower_callers_get_the_same_answers() {
    use tower_service::Service;
    let mut server = two_services();
    assert_axum_takes::<_, Full<Bytes>>(&server);
    std::future::poll_fn(|cx| Service::<Request<Full<Bytes>>>::poll_ready(&mut server, cx))
        .await
        .unwrap_or_else(|never| match never {});
    let response = server
        .call(request(Some("Beta_2024.Echo"), "{}"))
        .await
        .unwrap_or_else(|never| match never {});
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers().get("content-type").map(|v| v.as_bytes()),
        Some(CONTENT_TYPE.as_bytes())
    );
}

/// Polls a future to completion on this thread, with no runtime around.
fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

#[test]
fn handle_needs_no_runtime_even_with_a_timeout() {
    let server = two_services().request_timeout(Duration::from_millis(1));
    let answer = block_on(call(&server, request(Some("Alpha.Echo"), "{}")));
    assert_eq!(answer.status, 200);
}
