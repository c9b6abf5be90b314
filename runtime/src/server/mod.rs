//! An HTTP server for AWS services: it checks what the protocol fixes (method, path,
//! headers, body size), routes by `X-Amz-Target` (awsJson), the RPC v2 CBOR path, the form's
//! `Action` (awsQuery, ec2Query; feature `aws-query`) or the `@http` routes (restJson1,
//! restXml) to a [`Dispatch`] (a generated `Dispatcher` over a service implementation) and
//! writes its [`Reply`] as an HTTP response. Request bodies are inflated from gzip
//! (`@requestCompression`) and read from `aws-chunked` (S3's streaming uploads, their
//! trailing checksum checked) before any protocol sees them, within the body limit.
//!
//! [`Server`] is a [`tower_service::Service`] and a [`hyper::service::Service`], so axum
//! (`Router::route_service`, `fallback_service`), tower stacks and hyper connections take it
//! as it is; [`Server::serve`] runs it on a socket by itself, HTTP/1.1 and h2c.
//!
//! # What the server answers itself
//!
//! Every error has an `X-Amzn-Errortype` header and a body `{"__type": code, "message": ...}`
//! (an `<ErrorResponse>` with the request id in the XML protocols), which AWS SDKs read as a
//! service error with that code. The table is awsJson's; a query request without an
//! `Action`, or with one no service has, is 400 `InvalidAction`.
//!
//! | request | status | code |
//! |---|---|---|
//! | method other than `POST` | 405 (with `Allow: POST`) | `UnknownOperationException` |
//! | path other than `/` | 400 | `UnknownOperationException` |
//! | `X-Amz-Target` missing, not `Prefix.Operation`, unknown prefix or operation | 400 | `UnknownOperationException` |
//! | `Content-Type` missing or not `application/x-amz-json-1.0` | 400 | `SerializationException` |
//! | body over [`Server::max_body_bytes`] (also once inflated) | 413 | `RequestEntityTooLargeException` |
//! | gzip or `aws-chunked` body that does not decode | 400 | `SerializationException` |
//! | `aws-chunked` trailing checksum that does not match | 400 | `BadDigest` |
//! | body that breaks off | 400 | `SerializationException` |
//! | body not sent within [`Server::request_timeout`] | 408 | `RequestTimeoutException` |
//! | service not done within [`Server::request_timeout`] | 504 | `RequestTimeoutException` |
//! | service panics or replies with an invalid status | 500 | `InternalFailure` |
//!
//! The codes are those AWS services send. The statuses follow AWS's JSON services too, which
//! answer protocol errors 400, where Smithy's `smithy.framework` model (and smithy-rs) would say 404
//! for an unknown operation and 415 `UnsupportedMediaTypeException` for a wrong content type;
//! SDKs act on the code. A body over the limit gets 413 rather than 400 so that it reads as
//! "too large", not "malformed"; both timeouts carry `RequestTimeoutException`, which botocore
//! counts as transient and retries, and the status says whose side was slow.
//!
//! The checks run in the order a router needs them: method, path, target, prefix, then
//! content type and body, and the operation name once the body is read (it is the
//! service's [`Dispatch::dispatch`] that knows its operations).
//!
//! Panics are contained only when the crate is built with `panic = "unwind"` (the default).

#[cfg(feature = "aws-query")]
mod query;
mod request;
mod response;
mod serve;
#[cfg(feature = "verify-sigv4")]
mod sigv4;
mod unwind;

#[cfg(feature = "verify-sigv4")]
pub use sigv4::{Refusal, SignatureCheck};

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::error::Error;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::protocol::Protocol;
use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::Full;

use crate::protocol::server::{BoxFuture, Dispatch, Reply};
use request::{Deadline, within};
use response::{TIMEOUT, UNKNOWN_OPERATION, reject};

/// The body limit of a new [`Server`]: 10 MiB, far above any awsJson request of the
/// services this crate serves, and small enough that a flood of large bodies cannot
/// exhaust memory.
pub const DEFAULT_MAX_BODY_BYTES: usize = 10 * 1024 * 1024;

/// The time limit of a request on a new [`Server`], from its headers to its answer: a
/// client that sends its body a byte at a time cannot hold a connection (and its buffer)
/// for longer.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// How many connections a new [`Server`] serves at once; further clients wait in the
/// listener's backlog. Each connection may buffer up to the body limit.
pub const DEFAULT_MAX_CONNECTIONS: usize = 1024;

/// An awsJson 1.0 HTTP server over one or more services.
///
/// Cheap to clone (one `Arc`), so each connection and each request holds its own handle.
/// Several services on one server are told apart by their `X-Amz-Target` prefix, as an
/// emulator serving `AWSPartnerCentralSelling` and `PartnerCentralAccount` on one port
/// needs.
///
/// ```no_run
/// # async fn run(selling: impl awsgen_runtime::protocol::server::Dispatch) -> std::io::Result<()> {
/// use awsgen_runtime::server::Server;
///
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:4566").await?;
/// Server::new().with(selling).max_body_bytes(1 << 20).serve(listener).await
/// # }
/// ```
#[derive(Clone)]
pub struct Server {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    /// By target prefix: the RPC and HTTP-bound services.
    services: BTreeMap<&'static str, Arc<dyn Dispatch>>,
    /// The awsQuery and ec2Query services, which have no prefix: told apart by the API
    /// version their requests name.
    query: Vec<Arc<dyn Dispatch>>,
    max_body_bytes: usize,
    request_timeout: Option<Duration>,
    max_connections: usize,
    /// Checks each request's SigV4 signature before reading it further.
    #[cfg(feature = "verify-sigv4")]
    signatures: Option<SignatureCheck>,
}

impl Default for Server {
    fn default() -> Self {
        Server::new()
    }
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("prefixes", &self.inner.services.keys().collect::<Vec<_>>())
            .field(
                "query_versions",
                &self
                    .inner
                    .query
                    .iter()
                    .map(|s| s.api_version())
                    .collect::<Vec<_>>(),
            )
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .field("request_timeout", &self.inner.request_timeout)
            .field("max_connections", &self.inner.max_connections)
            .finish()
    }
}

impl Server {
    /// A server with no services (it answers every request `UnknownOperationException`), a
    /// body limit of [`DEFAULT_MAX_BODY_BYTES`], a time limit of
    /// [`DEFAULT_REQUEST_TIMEOUT`] and at most [`DEFAULT_MAX_CONNECTIONS`] connections.
    pub fn new() -> Server {
        Server {
            inner: Arc::new(Inner {
                services: BTreeMap::new(),
                query: Vec::new(),
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
                request_timeout: Some(DEFAULT_REQUEST_TIMEOUT),
                max_connections: DEFAULT_MAX_CONNECTIONS,
                #[cfg(feature = "verify-sigv4")]
                signatures: None,
            }),
        }
    }

    /// Serves `service` under its [`Dispatch::target_prefix`] (an awsQuery or ec2Query
    /// service: under its [`Dispatch::api_version`]). A service added earlier under the same
    /// prefix (or version) is replaced, as a map insert does: two services cannot share a
    /// prefix, and the one added last is the one configured last.
    pub fn with<D: Dispatch>(self, service: D) -> Server {
        self.with_shared(Arc::new(service))
    }

    /// [`Server::with`] for a service that is already shared, e.g. with a second server.
    pub fn with_shared(mut self, service: Arc<dyn Dispatch>) -> Server {
        let inner = Arc::make_mut(&mut self.inner);
        if matches!(service.protocol(), Protocol::AwsQuery | Protocol::Ec2Query) {
            inner
                .query
                .retain(|served| served.api_version() != service.api_version());
            inner.query.push(service);
        } else {
            inner.services.insert(service.target_prefix(), service);
        }
        self
    }

    /// Refuses request bodies larger than `bytes` with 413, without reading them past the
    /// limit (the declared `Content-Length` is checked before any byte is read).
    pub fn max_body_bytes(mut self, bytes: usize) -> Server {
        Arc::make_mut(&mut self.inner).max_body_bytes = bytes;
        self
    }

    /// Abandons a request that has not been answered `timeout` after its headers arrived:
    /// the service's future is dropped, so its work is cancelled at its next `.await`. Needs
    /// a Tokio runtime with timers; elsewhere requests go without a limit.
    pub fn request_timeout(mut self, timeout: Duration) -> Server {
        Arc::make_mut(&mut self.inner).request_timeout = Some(timeout);
        self
    }

    /// Serves at most `connections` connections at once (at least one); [`Server::serve`]
    /// accepts the next only when one closes.
    pub fn max_connections(mut self, connections: usize) -> Server {
        Arc::make_mut(&mut self.inner).max_connections = connections.max(1);
        self
    }

    /// Refuses every request whose SigV4 signature `check` does not accept, as AWS does
    /// (403), before its body is decoded or dispatched.
    #[cfg(feature = "verify-sigv4")]
    pub fn check_signatures(mut self, check: SignatureCheck) -> Server {
        Arc::make_mut(&mut self.inner).signatures = Some(check);
        self
    }

    /// The target prefixes served, in order.
    pub fn prefixes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.inner.services.keys().copied()
    }

    /// Answers one request. Never panics, whatever the request and whatever the service
    /// does: a panic of the service is answered 500 `InternalFailure`. The request timeout
    /// needs a Tokio runtime with timers; without one, requests go without a limit.
    pub async fn handle<B>(&self, request: Request<B>) -> Response<Full<Bytes>>
    where
        B: Body,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        let request_id = response::request_id();
        // The protocol the answer is written in: the service's, once the request names one;
        // until then the one its path speaks.
        let mut protocol = if request::is_cbor_path(request.uri().path()) {
            Protocol::RpcV2Cbor
        } else {
            Protocol::AwsJson1_0
        };
        let reply =
            unwind::CatchUnwind::new(Box::pin(self.reply(request, &mut protocol, &request_id)))
                .await
                .unwrap_or_else(|_panic| response::internal_failure(protocol));
        response::to_http(reply, protocol, &request_id)
    }

    async fn reply<B>(
        &self,
        request: Request<B>,
        protocol: &mut Protocol,
        request_id: &str,
    ) -> Reply
    where
        B: Body,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        let (parts, body) = request.into_parts();
        // A request that names no RPC target goes to the query services (a form, or a GET
        // naming an `Action`) or the HTTP-bound services' routes.
        let rpc =
            parts.headers.contains_key("x-amz-target") || request::is_cbor_path(parts.uri.path());
        #[cfg(feature = "aws-query")]
        if !rpc && self.takes_query(&parts) {
            return self.query_reply(&parts, body, protocol, request_id).await;
        }
        #[cfg(not(feature = "aws-query"))]
        let _ = request_id;
        #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
        if !rpc && self.has_routes() {
            return self.rest_reply(&parts, body, protocol).await;
        }
        let _ = rpc;
        let target = match request::route(&parts, *protocol) {
            Ok(target) => target,
            Err(reply) => return reply,
        };
        let Some(service) = self.inner.services.get(target.prefix) else {
            let message = format!(
                "no service has the target prefix {}",
                request::quote(target.prefix)
            );
            return reject(*protocol, 400, UNKNOWN_OPERATION, &message);
        };
        if target.cbor != (service.protocol() == Protocol::RpcV2Cbor) {
            let message = format!(
                "{} does not speak the protocol of this request",
                target.prefix
            );
            return reject(*protocol, 400, UNKNOWN_OPERATION, &message);
        }
        *protocol = service.protocol();
        if let Err(reply) = request::content_type(&parts, service.protocol()) {
            return reply;
        }
        let mut deadline = self.inner.request_timeout.and_then(Deadline::start);
        // An RPC body is never anything but the protocol's document: any gzip is the
        // client's compression.
        let body = match self
            .read_body(&parts, body, *protocol, true, deadline.as_mut())
            .await
        {
            Ok((body, _)) => body,
            Err(reply) => return reply,
        };
        let Some(call) = service.dispatch(target.operation, body) else {
            let message = format!(
                "{} has no operation {}",
                target.prefix,
                request::quote(target.operation)
            );
            return reject(*protocol, 400, UNKNOWN_OPERATION, &message);
        };
        match within(deadline.as_mut(), call).await {
            Some(reply) => reply,
            None => reject(
                *protocol,
                504,
                TIMEOUT,
                "the service did not answer in time",
            ),
        }
    }

    /// The body, read within the body limit and `deadline`, with its transfer encodings
    /// undone (`gzip` too where `gzip` says so; see [`crate::encoding::decode_request`]),
    /// and the request's text headers as decoding left them (`aws-chunked` trailers added).
    async fn read_body<B>(
        &self,
        parts: &http::request::Parts,
        body: B,
        protocol: Protocol,
        gzip: bool,
        deadline: Option<&mut Deadline>,
    ) -> Result<(Vec<u8>, Vec<(String, String)>), Reply>
    where
        B: Body,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        let limit = self.inner.max_body_bytes;
        let bytes = match within(deadline, request::read_body(body, limit, protocol)).await {
            Some(Ok(bytes)) => bytes,
            Some(Err(reply)) => return Err(reply),
            None => {
                return Err(reject(
                    protocol,
                    408,
                    TIMEOUT,
                    "the request body did not arrive in time",
                ));
            }
        };
        // The signature covers the body as sent, before any decoding.
        #[cfg(feature = "verify-sigv4")]
        if let Some(check) = &self.inner.signatures {
            check.check(parts, &bytes).map_err(|refusal| {
                reject(protocol, refusal.status, refusal.code, &refusal.message)
            })?;
        }
        let mut headers = request::text_headers(parts);
        let bytes = request::decode_body(&mut headers, bytes, limit, protocol, gzip)?;
        Ok((bytes, headers))
    }

    /// Whether an HTTP-bound service is served, whose routes take requests without a target.
    #[cfg(any(feature = "rest-json", feature = "rest-xml", feature = "aws-query"))]
    fn has_routes(&self) -> bool {
        self.inner.services.values().any(|s| !s.routes().is_empty())
    }
}

#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
impl Server {
    /// Answers a request to an HTTP-bound service: the most specific route of any such
    /// service that matches its method, path and query (404 `UnknownOperationException` if
    /// none does), then its input read and its operation run.
    async fn rest_reply<B>(
        &self,
        parts: &http::request::Parts,
        body: B,
        protocol: &mut Protocol,
    ) -> Reply
    where
        B: Body,
        B::Error: Into<Box<dyn Error + Send + Sync>>,
    {
        let path = parts.uri.path();
        let query = parts.uri.query().unwrap_or("");
        let mut best = None;
        for service in self.inner.services.values() {
            for (operation, http) in service.routes() {
                let Some((labels, specificity)) = crate::protocol::rest::server::match_route(
                    http,
                    parts.method.as_str(),
                    path,
                    query,
                ) else {
                    continue;
                };
                if best.as_ref().is_none_or(|(_, _, _, s)| specificity > *s) {
                    best = Some((service, *operation, labels, specificity));
                }
            }
        }
        *protocol = Protocol::RestJson1;
        let Some((service, operation, labels, _)) = best else {
            let message = format!(
                "no operation matches {} {}",
                parts.method,
                request::quote(path)
            );
            return reject(*protocol, 404, UNKNOWN_OPERATION, &message);
        };
        *protocol = service.protocol();
        let mut deadline = self.inner.request_timeout.and_then(Deadline::start);
        // gzip is inflated for `@requestCompression` operations only: elsewhere it may be
        // the payload's own encoding, which the input reads from `Content-Encoding`.
        let gzip = service.request_compression(operation);
        let (body, headers) = match self
            .read_body(parts, body, *protocol, gzip, deadline.as_mut())
            .await
        {
            Ok(read) => read,
            Err(reply) => return reply,
        };
        let rest = crate::protocol::server::RestRequest {
            labels,
            query: query.to_owned(),
            headers,
            body,
        };
        let Some(call) = service.dispatch_rest(operation, rest) else {
            let message = format!(
                "{} has no operation {}",
                service.target_prefix(),
                request::quote(operation)
            );
            return reject(*protocol, 404, UNKNOWN_OPERATION, &message);
        };
        match within(deadline.as_mut(), call).await {
            Some(reply) => reply,
            None => reject(
                *protocol,
                504,
                TIMEOUT,
                "the service did not answer in time",
            ),
        }
    }
}

/// So that axum (`route_service`, `fallback_service`) and tower middleware take the server
/// as it is, over any request body.
impl<B> tower_service::Service<Request<B>> for Server
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn Error + Send + Sync>>,
{
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    /// Always ready: the server holds no per-call resource to wait for.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let server = self.clone();
        Box::pin(async move { Ok(server.handle(request).await) })
    }
}

/// So that a hyper connection (`serve_connection`) takes the server as it is.
impl hyper::service::Service<Request<hyper::body::Incoming>> for Server {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<Self::Response, Infallible>>;

    fn call(&self, request: Request<hyper::body::Incoming>) -> Self::Future {
        let server = self.clone();
        Box::pin(async move { Ok(server.handle(request).await) })
    }
}
