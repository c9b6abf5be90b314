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
//! a retry from a new request. They follow botocore's retry modes ([`RetryMode`]): every
//! retry is paid from the client's retry quota, shared by its clones, so that a client
//! stops retrying against a service that keeps failing; in adaptive mode every attempt
//! also waits for a client-side rate limiter once the service has throttled (see
//! [`retry`]). Calls must run inside a Tokio runtime with I/O and time enabled.

mod aws_chunked;
#[cfg(feature = "aws-sdk-config")]
mod aws_sdk;
/// Flexible checksums, shared with the server (which checks `aws-chunked` trailers).
pub use crate::checksum;
mod config;
pub mod credentials;
mod endpoint;
mod profile;
mod request;
pub mod retry;
pub mod sign;
#[cfg(test)]
mod tests;
mod transport;

#[cfg(feature = "aws-sdk-config")]
pub use aws_sdk::{FromSdkCredentials, IntoSdkCredentials};
/// aws-sdk-rust's shared configuration, as `aws_config::load_defaults` gives it.
#[cfg(feature = "aws-sdk-config")]
pub use aws_types::SdkConfig;
pub use config::{Config, ConfigBuilder, RetryConfig, RetryMode};
pub use credentials::{
    CacheSettings, Clock, Credentials, CredentialsCache, CredentialsError, CredentialsErrorKind,
    ProvideCredentials, ProvideFuture, SharedCredentialsProvider, SystemClock,
};
pub use retry::uuid_v4;
pub use transport::HttpClient;

/// The INI dialect of the shared AWS files, for crates that read more of them than
/// [`Config::from_env`] does (`awsgen-credentials`).
pub mod ini {
    pub use super::profile::{Properties, Section, parse_ini};
}

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::SystemTime;

use crate::endpoint::RuleSet;
use crate::protocol::client::decode_response;
use crate::{CallFailure, Operation, OperationError};

use endpoint::Target;
use request::{BodyChecksum, PayloadSigning, Prepared, digests};
use transport::{Http, RawResponse};

/// An error and its causes, `: `-separated: the top error of hyper or of an SDK often says
/// only "client error" or "an error occurred".
pub fn error_chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(error) = cause {
        text.push_str(": ");
        text.push_str(&error.to_string());
        cause = error.source();
    }
    text
}

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
    /// The credentials source, cached; `None` for a client built with
    /// [`ConfigBuilder::no_credentials`], which only sends unsigned operations.
    credentials: Option<CredentialsCache>,
    /// The endpoint of every call whose operation gives no endpoint parameters.
    target: Arc<Target>,
    /// Kept to resolve the endpoint of a call whose operation gives parameters of its own.
    rules: Option<RuleSet>,
    /// The endpoint override, from the configuration or the environment.
    endpoint_url: Option<String>,
    user_agent: String,
    http: Http,
    /// What the retries of every call pay from.
    quota: retry::RetryQuota,
    /// The client-side rate limiter, in adaptive mode.
    limiter: Option<retry::SharedLimiter>,
}

impl Client {
    /// A client of `service`. Everything that can be checked before the first call is
    /// checked here, so that a bad configuration fails early and once: a missing region or
    /// missing credentials, a malformed rule set ([`CallFailure::Config`]), and an endpoint
    /// the rules do not give ([`CallFailure::Endpoint`]). The endpoint is resolved here,
    /// once: its parameters (region, FIPS, dual-stack, override, the service's own) are the
    /// client's, so every call would resolve to the same one; only an operation with
    /// endpoint parameters of its own (S3's `Bucket`) resolves it again for each call.
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
        let credentials = config
            .credentials
            .as_ref()
            .map(|source| match source {
                config::CredentialsSource::Static(keys) => {
                    Some(CredentialsCache::preloaded(keys.clone()))
                }
                config::CredentialsSource::Provider(provider) => {
                    Some(CredentialsCache::new(provider.clone()))
                }
                config::CredentialsSource::Anonymous => None,
            })
            .ok_or_else(|| {
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
        let endpoint_url = config.endpoint_url_for(service.service_id);
        let target = endpoint::resolve(
            rules.as_ref(),
            &endpoint::Inputs {
                region: &region,
                endpoint_url: endpoint_url.as_deref(),
                use_fips: config.use_fips,
                use_dual_stack: config.use_dual_stack,
                signing_name: service.signing_name,
                params: &config.endpoint_params,
            },
        )?;

        let http = transport::http_client(config.connect_timeout)?;
        let limiter = (config.retry.mode == RetryMode::Adaptive).then(retry::SharedLimiter::new);
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                user_agent: user_agent(service.service_id),
                config: Config {
                    region: Some(region),
                    ..config
                },
                credentials,
                target: Arc::new(target),
                rules,
                endpoint_url,
                http,
                quota: retry::RetryQuota::new(),
                limiter,
            }),
        })
    }

    /// The endpoint for a call whose operation sets endpoint parameters of its own
    /// (`operation`), beside the client's.
    fn resolve_endpoint(
        &self,
        operation: &dyn Fn(&mut crate::endpoint::Params),
    ) -> Result<Target, CallFailure> {
        let inner = &*self.inner;
        let config = &inner.config;
        let mut params = config.endpoint_params.clone();
        operation(&mut params);
        endpoint::resolve(
            inner.rules.as_ref(),
            &endpoint::Inputs {
                region: config.region.as_deref().unwrap_or_default(),
                endpoint_url: inner.endpoint_url.as_deref(),
                use_fips: config.use_fips,
                use_dual_stack: config.use_dual_stack,
                signing_name: inner.service.signing_name,
                params: &params,
            },
        )
    }

    pub fn service(&self) -> &'static ServiceInfo {
        self.inner.service
    }

    /// The credentials the next call signs with, fetched from the source now if the cache
    /// has none fresh: to fail early on missing credentials, or before
    /// [`Client::request_for`].
    pub async fn load_credentials(&self) -> Result<Credentials, CallFailure> {
        let Some(cache) = &self.inner.credentials else {
            return Err(no_credentials());
        };
        (cache.credentials().await).map_err(|error| CallFailure::Credentials(error.to_string()))
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

    /// Every attempt, within the operation timeout. A streamed output's body is read later,
    /// by the caller, outside this limit.
    async fn exchange(&self, mut prepared: Prepared) -> Result<RawResponse, CallFailure> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Err(CallFailure::Config(
                "calls must run inside a Tokio runtime".to_owned(),
            ));
        }
        // A file body is read through once before the first attempt, for what its request
        // carries about it: its SHA-256 in the signature, its flexible checksum.
        let sha256 = matches!(prepared.payload, PayloadSigning::ReadFirst);
        let checksum = match prepared.checksum {
            Some(BodyChecksum::ReadFirst(algorithm)) => Some(algorithm),
            _ => None,
        };
        if sha256 || checksum.is_some() {
            let (hash, sum) = digests(prepared.body.clone(), sha256, checksum).await?;
            if let Some(hash) = hash {
                prepared.payload = PayloadSigning::Sha256(hash);
            }
            if let (Some(algorithm), Some(sum)) = (checksum, sum) {
                prepared.headers.push((algorithm.header().to_owned(), sum));
                prepared.checksum = None;
            }
        }
        match self.inner.config.operation_timeout {
            Some(limit) => tokio::time::timeout(limit, self.attempts(&prepared))
                .await
                .unwrap_or(Err(CallFailure::Timeout(limit))),
            None => self.attempts(&prepared).await,
        }
    }

    /// Attempts until one succeeds, fails for good, or the attempts or the retry quota run
    /// out; the last outcome is the answer. In adaptive mode every attempt waits for the
    /// rate limiter first, and every answer adjusts its rate.
    async fn attempts(&self, prepared: &Prepared) -> Result<RawResponse, CallFailure> {
        let inner = &*self.inner;
        let config = &inner.config.retry;
        let mut call = retry::CallRetries::new(&inner.quota, config.max_attempts);
        loop {
            if let Some(limiter) = &inner.limiter {
                limiter.acquire().await;
            }
            let outcome = self.attempt(prepared).await;
            let kind = match &outcome {
                Ok(raw) => retry::classify_response(
                    raw.status,
                    raw.error_type(),
                    &raw.body,
                    prepared.modeled_errors,
                ),
                Err(failure) => retry::classify_failure(failure),
            };
            if let Some(limiter) = &inner.limiter {
                limiter.on_response(kind == Some(retry::RetryKind::Throttling));
            }
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
            let failed = call.attempt();
            match (call.after_attempt(kind), kind) {
                (retry::RetryDecision::Retry { .. }, Some(kind)) => {
                    let hint = outcome
                        .as_ref()
                        .ok()
                        .and_then(|raw| raw.header("x-amz-retry-after"));
                    let wait = retry::backoff(config, kind, failed - 1);
                    tokio::time::sleep(retry::with_retry_after(wait, hint)).await;
                }
                _ => {
                    let success = matches!(&outcome, Ok(raw) if (200..300).contains(&raw.status));
                    call.finish(success);
                    return outcome;
                }
            }
        }
    }

    /// One attempt, signed now, within the attempt timeout.
    async fn attempt(&self, prepared: &Prepared) -> Result<RawResponse, CallFailure> {
        let credentials = match (prepared.unsigned, &self.inner.credentials) {
            (true, _) => None,
            (false, None) => return Err(no_credentials()),
            (false, Some(cache)) => Some(
                (cache.credentials().await)
                    .map_err(|error| CallFailure::Credentials(error.to_string()))?,
            ),
        };
        let request = self.signed_request(prepared, credentials.as_ref(), SystemTime::now())?;
        let send = transport::send(&self.inner.http, request, prepared.streaming_output);
        let outcome = match self.inner.config.attempt_timeout {
            Some(limit) => tokio::time::timeout(limit, send)
                .await
                .unwrap_or(Err(CallFailure::Timeout(limit))),
            None => send.await,
        };
        #[cfg(feature = "rest-xml")]
        let outcome = error_in_200(prepared.error_in_200, outcome);
        match prepared.validate_response {
            Some(algorithms) => outcome.and_then(|raw| validate_checksum(raw, algorithms)),
            None => outcome,
        }
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
            .field("retry_quota", &inner.quota.available())
            .field("config", &inner.config)
            .finish()
    }
}

/// The failure of a signed call on a client built without credentials.
fn no_credentials() -> CallFailure {
    CallFailure::Credentials(
        "this client was built with no_credentials(): it sends only the operations the model \
         lets go unsigned, and this one must be signed"
            .to_owned(),
    )
}

/// A success response checked against the checksum it carries (see
/// [`checksum::response_checksum`]): a body in memory now, a streamed one as it is read.
fn validate_checksum(
    mut raw: RawResponse,
    algorithms: &[&str],
) -> Result<RawResponse, CallFailure> {
    if !(200..300).contains(&raw.status) {
        return Ok(raw);
    }
    let Some((algorithm, expected)) = checksum::response_checksum(&raw.headers, algorithms) else {
        return Ok(raw);
    };
    match raw.stream.take() {
        Some(body) => {
            let length = body.length();
            let validated = checksum::Validated::new(body, algorithm, expected);
            raw.stream = Some(crate::ByteStream::from_stream(validated, length));
            Ok(raw)
        }
        None => {
            let got = checksum::checksum(algorithm, &raw.body);
            match got == expected {
                true => Ok(raw),
                false => Err(CallFailure::InvalidResponse {
                    status: raw.status,
                    reason: checksum::mismatch(algorithm, &expected, &got),
                    body: raw.body.to_vec(),
                }),
            }
        }
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

/// S3's "200 with an error" (see `Operation::ERROR_IN_200`) read as the 500 it is.
#[cfg(feature = "rest-xml")]
fn error_in_200(
    applies: bool,
    mut outcome: Result<RawResponse, CallFailure>,
) -> Result<RawResponse, CallFailure> {
    if applies
        && let Ok(raw) = &mut outcome
        && raw.status == 200
        && crate::protocol::xml::is_error_document(&raw.body)
    {
        raw.status = 500;
    }
    outcome
}
