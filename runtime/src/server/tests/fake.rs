//! A hand-written service and request bodies that misbehave on purpose.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, Request, StatusCode};
use http_body::{Body, Frame, SizeHint};
use http_body_util::{BodyExt, Full};

use crate::protocol::client::CONTENT_TYPE;
use crate::protocol::server::{BoxFuture, Dispatch, Reply, failure_response};
use crate::server::Server;

/// A service whose operations exercise the server: `Echo` answers which service it is and
/// the body it got, the others fail in every way a service can.
pub(super) struct Fake {
    pub(super) prefix: &'static str,
    /// Tells apart two services with one prefix.
    pub(super) label: &'static str,
}

impl Fake {
    pub(super) fn new(prefix: &'static str) -> Fake {
        Fake { prefix, label: "" }
    }
}

fn ok(body: serde_json::Value) -> Reply {
    Reply {
        status: 200,
        error_type: None,
        body: body.to_string().into_bytes(),
        headers: Vec::new(),
    }
}

impl Dispatch for Fake {
    fn target_prefix(&self) -> &'static str {
        self.prefix
    }

    fn dispatch(&self, operation: &str, body: Vec<u8>) -> Option<BoxFuture<'static, Reply>> {
        let (prefix, label) = (self.prefix, self.label);
        let reply: BoxFuture<'static, Reply> = match operation {
            "Echo" => Box::pin(async move {
                let body = String::from_utf8_lossy(&body).into_owned();
                ok(serde_json::json!({"Service": prefix, "Label": label, "Body": body}))
            }),
            "Panic" => Box::pin(async { panic!("the fake service panics while running") }),
            "PanicNow" => panic!("the fake service panics while dispatching"),
            "Slow" => Box::pin(async {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                ok(serde_json::json!({}))
            }),
            "Fail" => Box::pin(async {
                Reply::error(failure_response(
                    crate::protocol::Protocol::AwsJson1_0,
                    404,
                    "ResourceNotFoundException",
                    "no such thing",
                ))
            }),
            "BadStatus" => Box::pin(async {
                Reply {
                    status: 1000,
                    error_type: None,
                    body: b"{}".to_vec(),
                    headers: Vec::new(),
                }
            }),
            "Informational" => Box::pin(async {
                Reply {
                    status: 101,
                    error_type: None,
                    body: b"{}".to_vec(),
                    headers: Vec::new(),
                }
            }),
            "BadErrorType" => Box::pin(async {
                Reply {
                    status: 400,
                    error_type: Some("Bad\nType".to_owned()),
                    body: br#"{"__type": "Bad\nType"}"#.to_vec(),
                    headers: Vec::new(),
                }
            }),
            _ => return None,
        };
        Some(reply)
    }
}

/// A well-formed request to `target` (no `X-Amz-Target` when `None`).
pub(super) fn request(target: Option<&str>, body: &str) -> Request<Full<Bytes>> {
    let mut builder = Request::post("/").header("content-type", CONTENT_TYPE);
    if let Some(target) = target {
        builder = builder.header("x-amz-target", target);
    }
    builder
        .body(Full::new(Bytes::from(body.to_owned())))
        .expect("a valid test request")
}

/// What a response says, read back.
pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: serde_json::Value,
}

impl Answer {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// Asserts a protocol error: status, code in header and body, and a message.
    pub(super) fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{:?}", self.body);
        assert_eq!(self.header("x-amzn-errortype"), Some(code));
        assert_eq!(self.body["__type"], code);
        assert!(self.body["message"].is_string(), "{:?}", self.body);
    }
}

pub(super) async fn call<B>(server: &Server, request: Request<B>) -> Answer
where
    B: Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let response = server.handle(request).await;
    let (parts, body) = response.into_parts();
    let bytes = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(never) => match never {},
    };
    assert_eq!(
        parts.headers.get("content-length").map(|v| v.as_bytes()),
        Some(bytes.len().to_string().as_bytes())
    );
    assert_eq!(
        parts.headers.get("content-type").map(|v| v.as_bytes()),
        Some(CONTENT_TYPE.as_bytes())
    );
    Answer {
        status: parts.status,
        headers: parts.headers,
        body: serde_json::from_slice(&bytes).expect("every answer is JSON"),
    }
}

/// A body of `chunk`-byte frames, endless, that counts the bytes it was asked for.
pub(super) struct Endless {
    pub(super) chunk: usize,
    pub(super) declared: Option<u64>,
    pub(super) read: Arc<AtomicUsize>,
}

impl Body for Endless {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.read.fetch_add(self.chunk, Ordering::SeqCst);
        Poll::Ready(Some(Ok(Frame::data(Bytes::from(vec![b' '; self.chunk])))))
    }

    fn size_hint(&self) -> SizeHint {
        self.declared
            .map_or_else(SizeHint::new, SizeHint::with_exact)
    }
}

/// A body whose sender never sends.
pub(super) struct Stalled;

impl Body for Stalled {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Pending
    }
}

/// A body that breaks off, as a reset connection does.
pub(super) struct Broken;

impl Body for Broken {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, std::io::Error>>> {
        Poll::Ready(Some(Err(std::io::ErrorKind::ConnectionReset.into())))
    }
}

/// Builds a request around any body, with the headers of a good one.
pub(super) fn with_body<B>(target: &str, body: B) -> Request<B> {
    let (parts, _) = request(Some(target), "").into_parts();
    Request::from_parts(parts, body)
}
