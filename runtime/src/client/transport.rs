//! Moving bytes: one HTTP exchange over hyper with rustls, without knowing what they mean.

use std::time::Duration;

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;
use http_body::Body as _;
use http_body_util::{BodyExt, Limited};
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::Client as HyperClient;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::{ByteStream, CallFailure};

/// The HTTP client: connections pooled per host, TLS by rustls with the `ring` provider and
/// the Mozilla root certificates (`webpki-roots`), so that it behaves the same on every
/// system and needs no system certificate store.
pub(super) type Http = HyperClient<HttpsConnector<HttpConnector>, ByteStream>;

/// The largest response body read: awsJson responses are small, and a broken or hostile
/// endpoint must not make the client buffer without end.
pub(super) const MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// How long an unused pooled connection is kept.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Builds the HTTP client. Plain `http` is allowed for endpoint overrides such as a local
/// mock; the rule sets only ever give `https` endpoints. HTTP/1.1 only: awsJson gains
/// nothing from HTTP/2, and one protocol is easier to reason about.
pub(super) fn http_client(connect_timeout: Duration) -> Result<Http, CallFailure> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    // The provider is named, not taken from the process default: that panics when another
    // crate in the build also enables rustls' `aws-lc-rs` provider.
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(rustls::crypto::ring::default_provider())
        .map_err(|error| CallFailure::Config(format!("TLS setup: {error}")))?
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(HyperClient::builder(TokioExecutor::new())
        .pool_timer(TokioTimer::new())
        .pool_idle_timeout(POOL_IDLE_TIMEOUT)
        .build(https))
}

/// A plain HTTP(S) client for small requests outside a service call, on the same hyper and
/// rustls setup as [`Client`](super::Client): the credentials sources (container endpoints,
/// EC2 instance metadata) fetch through it.
#[derive(Clone)]
pub struct HttpClient {
    http: Http,
}

impl std::fmt::Debug for HttpClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HttpClient").finish_non_exhaustive()
    }
}

impl HttpClient {
    /// A client whose connections time out after `connect_timeout`.
    pub fn new(connect_timeout: Duration) -> Result<HttpClient, CallFailure> {
        Ok(HttpClient {
            http: http_client(connect_timeout)?,
        })
    }

    /// Sends `request` and reads the response, connecting included, within `timeout`
    /// ([`CallFailure::Timeout`] after it); a body over `max_body` bytes is
    /// [`CallFailure::InvalidResponse`].
    pub async fn send(
        &self,
        request: http::Request<Bytes>,
        timeout: Duration,
        max_body: usize,
    ) -> Result<http::Response<Bytes>, CallFailure> {
        let exchange = async {
            let response = self
                .http
                .request(request.map(ByteStream::from))
                .await
                .map_err(CallFailure::transport)?;
            let (parts, body) = response.into_parts();
            let body = Limited::new(body, max_body)
                .collect()
                .await
                .map_err(|error| {
                    if error.is::<http_body_util::LengthLimitError>() {
                        CallFailure::InvalidResponse {
                            status: parts.status.as_u16(),
                            reason: format!("the body is larger than {max_body} bytes"),
                            body: Vec::new(),
                        }
                    } else {
                        CallFailure::Transport(error)
                    }
                })?
                .to_bytes();
            Ok(http::Response::from_parts(parts, body))
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or(Err(CallFailure::Timeout(timeout)))
    }
}

/// A response as received, before it is classified and decoded.
#[derive(Debug, Clone)]
pub(super) struct RawResponse {
    pub(super) status: u16,
    /// The headers whose values are text, names in lowercase, in the order received.
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Bytes,
    /// The unread body of a success response whose output streams it.
    pub(super) stream: Option<ByteStream>,
}

impl RawResponse {
    /// The `x-amzn-errortype` header.
    pub(super) fn error_type(&self) -> Option<&str> {
        self.header("x-amzn-errortype")
    }

    /// The first header of this (lowercase) name.
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Sends `request` and reads the whole response; with `stream_success`, a 2xx response's
/// body is handed over unread instead.
pub(super) async fn send(
    http: &Http,
    request: http::Request<ByteStream>,
    stream_success: bool,
) -> Result<RawResponse, CallFailure> {
    let response = http
        .request(request)
        .await
        .map_err(CallFailure::transport)?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect();
    if stream_success && response.status().is_success() {
        let length = response.body().size_hint().exact();
        let chunks = ResponseChunks(response.into_body());
        return Ok(RawResponse {
            status,
            headers,
            body: Bytes::new(),
            stream: Some(ByteStream::from_stream(chunks, length)),
        });
    }
    let body = Limited::new(response.into_body(), MAX_RESPONSE_BODY)
        .collect()
        .await
        .map_err(|error| {
            if error.is::<http_body_util::LengthLimitError>() {
                CallFailure::InvalidResponse {
                    status,
                    reason: format!("the body is larger than {MAX_RESPONSE_BODY} bytes"),
                    body: Vec::new(),
                }
            } else {
                CallFailure::Transport(error)
            }
        })?
        .to_bytes();
    Ok(RawResponse {
        status,
        headers,
        body,
        stream: None,
    })
}

/// A response body's data frames as chunks; trailers are skipped.
struct ResponseChunks(hyper::body::Incoming);

impl Stream for ResponseChunks {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            return match Pin::new(&mut self.0).poll_frame(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(None) => Poll::Ready(None),
                Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(io::Error::other(error)))),
                Poll::Ready(Some(Ok(frame))) => match frame.into_data() {
                    Ok(data) => Poll::Ready(Some(Ok(data))),
                    Err(_trailers) => continue,
                },
            };
        }
    }
}
