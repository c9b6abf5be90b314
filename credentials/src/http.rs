//! What the container and IMDS sources share: one lazily built HTTP client each, requests
//! with a time limit, and failures described with their causes.

use std::sync::OnceLock;
use std::time::Duration;

use awsgen_runtime::CallFailure;
use awsgen_runtime::client::HttpClient;
use bytes::Bytes;

/// The most of a response body read: credentials documents are a few hundred bytes.
const MAX_BODY: usize = 64 * 1024;

/// Connecting is bounded by each request's own limit; this is only a backstop.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An HTTP client built on first use (building one needs no network, but it is not free).
#[derive(Debug, Default)]
pub(crate) struct LazyHttp(OnceLock<Result<HttpClient, String>>);

/// Why a request got no response.
pub(crate) struct Failure {
    /// No complete answer within the time limit (rather than a refused or broken
    /// connection): botocore treats the two differently in places.
    pub(crate) timed_out: bool,
    pub(crate) message: String,
}

/// A response: status and body.
pub(crate) struct Response {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

impl LazyHttp {
    /// Sends `request`, all within `timeout`.
    pub(crate) async fn send(
        &self,
        request: http::Request<Bytes>,
        timeout: Duration,
    ) -> Result<Response, Failure> {
        let client = self
            .0
            .get_or_init(|| HttpClient::new(CONNECT_TIMEOUT).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|message| Failure {
                timed_out: false,
                message: message.clone(),
            })?;
        let response = client
            .send(request, timeout, MAX_BODY)
            .await
            .map_err(|failure| Failure {
                timed_out: matches!(failure, CallFailure::Timeout(_)),
                message: describe(&failure),
            })?;
        Ok(Response {
            status: response.status().as_u16(),
            body: response.into_body(),
        })
    }
}

/// A failure with its chain of causes (hyper's top error alone says only "client error").
fn describe(failure: &CallFailure) -> String {
    let CallFailure::Transport(error) = failure else {
        return failure.to_string();
    };
    awsgen_runtime::client::error_chain(error.as_ref())
}

/// A GET or PUT request with `headers` (built from parts that were checked already).
pub(crate) fn request(
    method: http::Method,
    url: &str,
    headers: &[(&str, &str)],
) -> Result<http::Request<Bytes>, String> {
    let mut builder = http::Request::builder().method(method).uri(url);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    // The error names the part that is wrong (`invalid uri character`), not its value.
    builder
        .body(Bytes::new())
        .map_err(|error| error.to_string())
}
