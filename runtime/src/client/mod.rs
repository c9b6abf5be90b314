//! The HTTP client of generated crates (feature `client`): awsJson 1.0 over HTTPS, signed
//! with SigV4, retried with jittered backoff.
//!
//! A generated crate declares one [`ServiceInfo`] per service; a [`Client`] made from it
//! and a [`Config`] sends any of that service's operations with [`Client::call`]. A call
//! fills idempotency tokens, validates the input (see [`Config::validation`]), encodes it
//! ([`crate::protocol::client`]), signs and sends it to the endpoint the service's rule set
//! gives ([`crate::endpoint`]), retries throttling and transient failures, and decodes the
//! final answer into the operation's output or error.
//!
//! Retries resend the same bytes, idempotency token included, so that a service can tell
//! a retry from a new request. Calls must run inside a Tokio runtime with I/O and time
//! enabled.

mod config;
mod endpoint;
mod profile;
mod retry;
pub mod sign;
#[cfg(test)]
mod tests;
mod transport;

pub use config::{Config, ConfigBuilder, Credentials, RetryConfig};
pub use retry::uuid_v4;

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderValue;

use crate::endpoint::RuleSet;
use crate::protocol::client::{decode_response, encode_request};
use crate::{ByteStream, CallFailure, Operation, OperationError, Validate};

use endpoint::Target;
use transport::{Http, RawResponse};

/// What a client needs to know about a service; generated crates declare one `static`.
#[derive(Clone, Copy)]
pub struct ServiceInfo {
    /// The model's `serviceId`, e.g. `PartnerCentral Selling`: names the endpoint variable
    /// `AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING` and appears in the user agent.
    pub service_id: &'static str,
    /// The SigV4 signing name, e.g. `partnercentral-selling`.
    pub signing_name: &'static str,
    /// The API version, e.g. `2022-07-26`.
    pub api_version: &'static str,
    /// The JSON text of the service's endpoint rule set. A service without one can only be
    /// called at an endpoint URL set in the configuration.
    pub endpoint_rules: Option<&'static str>,
}

impl fmt::Debug for ServiceInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceInfo")
            .field("service_id", &self.service_id)
            .field("signing_name", &self.signing_name)
            .field("api_version", &self.api_version)
            .finish_non_exhaustive()
    }
}

/// A client of one service. Cloning is cheap and clones share their connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: &'static ServiceInfo,
    config: Config,
    credentials: Credentials,
    target: Target,
    user_agent: String,
    http: Http,
}

/// An encoded input, ready to be signed and sent as many times as needed.
struct Prepared {
    method: &'static str,
    /// The request URI: the endpoint's, with the protocol's path under it.
    uri: String,
    /// The `host` header, where a host prefix changed it from the endpoint's.
    host: Option<String>,
    headers: Vec<(String, String)>,
    /// The body: the encoded input, or the input's streaming payload.
    body: ByteStream,
    /// How the body is signed.
    payload: PayloadSigning,
    /// Sending the request twice cannot act twice: the operation is read-only or
    /// idempotent, or its input carries an idempotency token.
    replay_safe: bool,
    /// The response's body is the output's streaming payload: handed over unread.
    streaming_output: bool,
}

/// How a request's body enters its signature.
#[derive(Debug, Clone)]
enum PayloadSigning {
    /// Hash the bytes in memory.
    Memory,
    /// The SHA-256 (hex) of a file body, read through once before the first attempt.
    Sha256(String),
    /// `UNSIGNED-PAYLOAD`: a body read once cannot be hashed before it is sent, and S3
    /// takes a file over HTTPS without reading it twice (as botocore sends it).
    Unsigned,
}

impl Client {
    /// A client of `service`. Everything that can be checked before the first call is
    /// checked here, so that a bad configuration fails early and once: a missing region or
    /// missing credentials, a malformed rule set ([`CallFailure::Config`]), and an endpoint
    /// the rules do not give ([`CallFailure::Endpoint`]). The endpoint is resolved here,
    /// once: its parameters (region, FIPS, dual-stack, override) are the client's, so every
    /// call would resolve to the same one.
    pub fn new(service: &'static ServiceInfo, config: Config) -> Result<Client, CallFailure> {
        let explain = |what: &str, variables: &str, keys: &str| match &config.report {
            Some(report) => CallFailure::Config(report.explain(what, variables, keys)),
            None => CallFailure::Config(format!(
                "no {what}: set it on the builder, or start from Config::from_env to read \
                 {variables} and the shared AWS files"
            )),
        };
        let region = config
            .region
            .clone()
            .filter(|region| !region.trim().is_empty())
            .ok_or_else(|| explain("region", "AWS_REGION or AWS_DEFAULT_REGION", "`region`"))?;
        let credentials = config.credentials.clone().ok_or_else(|| {
            explain(
                "credentials",
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
                "`aws_access_key_id` and `aws_secret_access_key`",
            )
        })?;

        let malformed = |error: String| {
            CallFailure::Config(format!(
                "the endpoint rule set of {} is malformed: {error}",
                service.service_id
            ))
        };
        let rules = match service.endpoint_rules {
            Some(text) => {
                let json: serde_json::Value =
                    serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
                Some(RuleSet::from_json(&json).map_err(|e| malformed(e.to_string()))?)
            }
            None => None,
        };
        let endpoint_url = config.endpoint_url.clone().or_else(|| {
            let env = config.env.as_ref()?;
            profile::env_endpoint_url(env, service.service_id)
        });
        let target = endpoint::resolve(
            rules.as_ref(),
            &endpoint::Inputs {
                region: &region,
                endpoint_url: endpoint_url.as_deref(),
                use_fips: config.use_fips,
                use_dual_stack: config.use_dual_stack,
                signing_name: service.signing_name,
            },
        )?;

        let http = transport::http_client(config.connect_timeout)?;
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                user_agent: user_agent(service.service_id),
                config: Config {
                    region: Some(region),
                    ..config
                },
                credentials,
                target,
                http,
            }),
        })
    }

    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// The URL requests are sent to.
    pub fn endpoint(&self) -> &str {
        &self.inner.target.uri
    }

    /// Calls operation `O` with `input`.
    ///
    /// Empty idempotency tokens are filled once, before the first attempt, so that every
    /// retry carries the same token. Input the validation policy rejects fails with
    /// [`CallFailure::InvalidInput`] and nothing is sent. The future is `Send` whatever
    /// `O` is: nothing of `O`'s types is held across an await.
    pub fn call<O: Operation>(
        &self,
        mut input: O::Input,
    ) -> impl Future<Output = Result<O::Output, O::Error>> + Send + '_ {
        let prepared = self.prepare::<O>(&mut input);
        async move {
            let outcome = match prepared {
                Ok(prepared) => self.exchange(prepared).await,
                Err(failure) => Err(failure),
            };
            match outcome {
                Ok(raw) => {
                    let headers = crate::protocol::header_refs(&raw.headers);
                    let mut output = decode_response::<O>(raw.status, &headers, &raw.body)?;
                    if let Some(body) = raw.stream {
                        O::set_output_stream(&mut output, body);
                    }
                    Ok(output)
                }
                Err(failure) => Err(O::Error::from_failure(failure)),
            }
        }
    }

    /// Fills tokens, validates and encodes: everything that depends on `O`.
    fn prepare<O: Operation>(&self, input: &mut O::Input) -> Result<Prepared, CallFailure> {
        if O::EVENT_STREAM {
            return Err(CallFailure::Unsupported(format!(
                "{} sends or receives an event stream, whose framing this client does not \
                 implement yet",
                O::NAME
            )));
        }
        let mut token_failure = None;
        let provider = self.inner.config.idempotency_token;
        O::fill_idempotency_token(input, &mut || {
            if let Some(provider) = provider {
                return provider();
            }
            uuid_v4().unwrap_or_else(|failure| {
                token_failure = Some(failure);
                String::new()
            })
        });
        if let Some(failure) = token_failure {
            return Err(failure);
        }
        if let Some(policy) = self.inner.config.validation {
            input.validate(policy).map_err(CallFailure::InvalidInput)?;
        }
        // A streaming payload is the body itself, sent as it is read.
        let stream = O::take_input_stream(input);
        let mut encoded = encode_request::<O>(input)?;
        if let Some(stream) = &stream {
            if O::REQUIRES_LENGTH && stream.length().is_none() {
                return Err(CallFailure::Unsupported(format!(
                    "{} needs the length of its streaming body before sending it: give the \
                     length to ByteStream::from_stream, or use bytes or a file",
                    O::NAME
                )));
            }
            let has_content_type = encoded
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
            if !has_content_type && stream.length() != Some(0) {
                encoded.headers.push((
                    "content-type".to_owned(),
                    "application/octet-stream".to_owned(),
                ));
            }
        }
        // A streaming payload is not compressed: `@requestCompression` is for documents.
        if O::GZIP_REQUEST
            && stream.is_none()
            && let Some(min_size) = self.inner.config.request_compression
            && encoded.body.len() >= min_size
        {
            encoded.body = gzip(&encoded.body)?;
            // A `Content-Encoding` the input gives comes first; gzip is applied last.
            match encoded
                .headers
                .iter_mut()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
            {
                Some((_, value)) => value.push_str(", gzip"),
                None => encoded
                    .headers
                    .push(("content-encoding".to_owned(), "gzip".to_owned())),
            }
        }
        if O::CHECKSUM_REQUIRED {
            use base64::Engine as _;
            use md5::Digest as _;
            let body = match &stream {
                None => &encoded.body[..],
                Some(stream) => stream.as_bytes().ok_or_else(|| {
                    CallFailure::Unsupported(format!(
                        "{} needs the MD5 of its body before sending it: give the streaming \
                         body as bytes in memory",
                        O::NAME
                    ))
                })?,
            };
            let digest = md5::Md5::digest(body);
            let value = base64::engine::general_purpose::STANDARD.encode(digest);
            encoded.headers.push(("content-md5".to_owned(), value));
        }
        // The endpoint's URI ends with `/`; the protocol's path starts with one.
        let target = &self.inner.target;
        let mut uri = format!("{}{}", target.uri, encoded.path.trim_start_matches('/'));
        let mut host = None;
        if let Some(prefix) = encoded.host_prefix {
            if let Some(start) = uri.find("://") {
                uri.insert_str(start + 3, &prefix);
            }
            host = Some(format!("{prefix}{}", target.host));
        }
        let body = stream.unwrap_or_else(|| ByteStream::from(encoded.body));
        let payload = match body.as_bytes() {
            Some(_) => PayloadSigning::Memory,
            // A file is hashed by reading it (in `exchange`), unless S3 takes it unsigned.
            None if !body.is_one_shot() && !s3_unsigned(&self.inner.target) => {
                PayloadSigning::Sha256(String::new())
            }
            None => PayloadSigning::Unsigned,
        };
        Ok(Prepared {
            method: encoded.method,
            uri,
            host,
            headers: encoded.headers,
            body,
            payload,
            replay_safe: O::READONLY || O::IDEMPOTENT || O::HAS_IDEMPOTENCY_TOKEN,
            streaming_output: O::STREAMING_OUTPUT,
        })
    }

    /// Every attempt, within the operation timeout. A streamed output's body is read later,
    /// by the caller, outside this limit.
    async fn exchange(&self, mut prepared: Prepared) -> Result<RawResponse, CallFailure> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(CallFailure::Config(
                "calls must run inside a Tokio runtime".to_owned(),
            ));
        }
        if let PayloadSigning::Sha256(hash) = &mut prepared.payload {
            *hash = sha256_hex(prepared.body.clone()).await?;
        }
        match self.inner.config.operation_timeout {
            Some(limit) => tokio::time::timeout(limit, self.attempts(&prepared))
                .await
                .unwrap_or(Err(CallFailure::Timeout(limit))),
            None => self.attempts(&prepared).await,
        }
    }

    /// Attempts until one succeeds, fails for good, or the attempts run out; the last
    /// outcome is the answer.
    async fn attempts(&self, prepared: &Prepared) -> Result<RawResponse, CallFailure> {
        let retry = self.inner.config.retry;
        let max_attempts = retry.max_attempts.max(1);
        let mut attempt = 1;
        loop {
            let outcome = self.attempt(prepared).await;
            let kind = match &outcome {
                Ok(raw) => retry::classify_response(raw.status, raw.error_type(), &raw.body),
                Err(failure) => retry::classify_failure(failure),
            };
            // An operation that is not safe to replay is only retried when the service
            // cannot have acted: it throttled the request, or no connection was made. A
            // timeout, a 5xx or a broken response may follow a change already made.
            // A body read once can be sent again only if no attempt has taken its chunks.
            let kind = kind.filter(|kind| {
                (prepared.replay_safe
                    || *kind == retry::RetryKind::Throttling
                    || outcome.as_ref().err().is_some_and(retry::never_sent))
                    && prepared.body.can_replay()
            });
            match kind {
                Some(kind) if attempt < max_attempts => {
                    tokio::time::sleep(retry::backoff(&retry, kind, attempt - 1)).await;
                    attempt += 1;
                }
                _ => return outcome,
            }
        }
    }

    /// One attempt, signed now, within the attempt timeout.
    async fn attempt(&self, prepared: &Prepared) -> Result<RawResponse, CallFailure> {
        let request = self.signed_request(prepared, SystemTime::now())?;
        let send = transport::send(&self.inner.http, request, prepared.streaming_output);
        match self.inner.config.attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, send)
                .await
                .unwrap_or(Err(CallFailure::Timeout(limit))),
            None => send.await,
        }
    }

    /// The HTTP request `call` would send for `input` (idempotency tokens filled, validated
    /// as configured, encoded, and signed at `time`), without sending it: for looking at
    /// what goes on the wire, or sending it some other way.
    pub fn request_for<O: Operation>(
        &self,
        mut input: O::Input,
        time: SystemTime,
    ) -> Result<http::Request<Bytes>, CallFailure> {
        let prepared = self.prepare::<O>(&mut input)?;
        let Some(body) = prepared.body.as_bytes().cloned() else {
            return Err(CallFailure::Unsupported(
                "request_for needs a body in memory; this input's streaming body is a file or \
                 a stream"
                    .to_owned(),
            ));
        };
        Ok(self.signed_request(&prepared, time)?.map(|_| body))
    }

    /// The HTTP request for `prepared`, signed at `time`.
    fn signed_request(
        &self,
        prepared: &Prepared,
        time: SystemTime,
    ) -> Result<http::Request<ByteStream>, CallFailure> {
        let inner = &*self.inner;
        let target = &inner.target;
        let length = prepared.body.length().map(|length| length.to_string());
        let mut headers = crate::protocol::header_refs(&prepared.headers);
        headers.push(("host", prepared.host.as_deref().unwrap_or(&target.host)));
        // A request without a body that does not usually carry one (`GET`, `DELETE`, ...)
        // has no `Content-Length`, as in botocore and Smithy's protocol tests. A stream of
        // unknown length goes out chunked.
        let carries_body = matches!(prepared.method, "POST" | "PUT" | "PATCH");
        match length.as_deref() {
            Some("0") if !carries_body => {}
            Some(length) => headers.push(("content-length", length)),
            None => {}
        }
        headers.extend(target.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let scope = sign::Scope {
            credentials: &inner.credentials,
            region: &target.signing_region,
            signing_name: &target.signing_name,
            time,
        };
        let payload = match (&prepared.payload, prepared.body.as_bytes()) {
            (PayloadSigning::Memory, Some(bytes)) => sign::Payload::Bytes(bytes),
            (PayloadSigning::Sha256(hash), _) => sign::Payload::Sha256(hash),
            _ => sign::Payload::Unsigned,
        };
        let request = sign::Request {
            method: prepared.method,
            uri: &prepared.uri,
            headers: &headers,
            payload,
        };
        let signed = sign::signing_headers(&scope, &request)?;

        let mut builder = http::Request::builder()
            .method(prepared.method)
            .uri(&prepared.uri);
        let signed = signed.iter().map(|(n, v)| (*n, v.as_str()));
        for (name, value) in headers.into_iter().chain(signed) {
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                CallFailure::Signing(format!("header `{name}` has a value HTTP cannot carry"))
            })?;
            value.set_sensitive(matches!(name, "authorization" | "x-amz-security-token"));
            builder = builder.header(name, value);
        }
        builder
            .header("user-agent", &inner.user_agent)
            .body(prepared.body.clone())
            .map_err(|error| CallFailure::Config(format!("cannot build the request: {error}")))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &*self.inner;
        f.debug_struct("Client")
            .field("service", &inner.service.service_id)
            .field("endpoint", &inner.target.uri)
            .field("signing_region", &inner.target.signing_region)
            .field("credentials", &inner.credentials)
            .field("config", &inner.config)
            .finish()
    }
}

/// `awsgen/<runtime version> <service id>`, the service id made one token (`PartnerCentral
/// Selling` -> `PartnerCentral-Selling`) so that the header stays a list of products.
fn user_agent(service_id: &str) -> String {
    let token: String = service_id
        .trim()
        .chars()
        .map(|c| match c {
            c if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) => c,
            _ => '-',
        })
        .collect();
    format!("awsgen/{} {token}", env!("CARGO_PKG_VERSION"))
}

/// Whether S3 takes a body that is not in memory unsigned (`UNSIGNED-PAYLOAD`), as botocore
/// sends streaming uploads to it: over HTTPS, whose integrity makes hashing the body first
/// (reading a file twice) unnecessary.
fn s3_unsigned(target: &Target) -> bool {
    sign::is_s3(&target.signing_name) && target.uri.starts_with("https://")
}

/// The SHA-256 of a body that is not in memory, read through once in chunks.
async fn sha256_hex(mut body: ByteStream) -> Result<String, CallFailure> {
    use sha2::Digest as _;
    let mut hasher = sha2::Sha256::new();
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.map_err(|error| {
            CallFailure::Config(format!("cannot read the request body to sign it: {error}"))
        })?;
        hasher.update(&chunk);
    }
    Ok(hex(&hasher.finalize()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `body` gzipped, for `@requestCompression`.
fn gzip(body: &[u8]) -> Result<Vec<u8>, CallFailure> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .map_err(|error| CallFailure::Config(format!("cannot gzip the request body: {error}")))
}
