//! What a [`Client`](super::Client) needs to know: region, credentials, endpoint, timeouts,
//! retries and pre-send validation; set explicitly or read from the environment.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::Policy;

use super::credentials::{Credentials, ProvideCredentials, SharedCredentialsProvider};
use super::profile;

/// A way to read environment variables. Injectable so that tests (and embedders) can
/// resolve a configuration without touching the process environment.
pub(super) type EnvLookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// The endpoint URL configured for a service, by its service id (an `SdkConfig`'s
/// service-specific URLs).
pub(super) type ServiceEndpoints = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Static keys, or a source to ask (and cache) at call time.
#[derive(Clone, Debug)]
pub(super) enum CredentialsSource {
    Static(Credentials),
    Provider(SharedCredentialsProvider),
    /// None at all ([`ConfigBuilder::no_credentials`]): only unsigned operations are sent.
    Anonymous,
}

impl CredentialsSource {
    pub(super) fn provider(&self) -> Option<SharedCredentialsProvider> {
        match self {
            CredentialsSource::Static(credentials) => {
                Some(std::sync::Arc::new(credentials.clone()))
            }
            CredentialsSource::Provider(provider) => Some(provider.clone()),
            CredentialsSource::Anonymous => None,
        }
    }
}

/// How a client retries: the retry modes of the AWS SDKs (`AWS_RETRY_MODE`, `retry_mode`).
///
/// Both pay every retry from the client's retry quota (see
/// [`RetryQuota`](super::retry::RetryQuota)), so that a client stops retrying against a
/// service that keeps failing. botocore's `legacy` mode is read as `Standard`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryMode {
    /// Retries with jittered exponential backoff, within the retry quota.
    #[default]
    Standard,
    /// `Standard`, and after the first throttling response every attempt also waits for a
    /// client-side rate limiter whose rate follows the service's throttling (see
    /// [`RateLimiter`](super::retry::RateLimiter)). For clients that can wait: a call may
    /// be delayed before its first attempt.
    Adaptive,
}

impl RetryMode {
    /// `standard` or `adaptive`.
    pub fn as_str(self) -> &'static str {
        match self {
            RetryMode::Standard => "standard",
            RetryMode::Adaptive => "adaptive",
        }
    }

    /// A mode as the environment and the shared files spell it, in any case: `standard`,
    /// `adaptive`, or `legacy`, read as `Standard` (botocore's legacy mode retries by
    /// per-service rules this runtime does not have).
    pub fn parse(text: &str) -> Option<RetryMode> {
        match text.trim().to_ascii_lowercase().as_str() {
            "standard" | "legacy" => Some(RetryMode::Standard),
            "adaptive" => Some(RetryMode::Adaptive),
            _ => None,
        }
    }
}

/// When and how long to retry.
///
/// A retry waits a random time between zero and `min(max_backoff, base * 2^n)` ("full
/// jitter"; `n` counts retries from 0), so that clients that failed together do not retry
/// together. The base is short for transient failures (a broken connection, HTTP 5xx) and
/// longer for throttling, where retrying fast only adds to the load that caused it. The
/// defaults are botocore 1.44.5's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryConfig {
    /// Standard or adaptive.
    pub mode: RetryMode,
    /// Attempts in all, the first one included; 1 disables retries (0 counts as 1).
    pub max_attempts: u32,
    /// The base delay after a transient failure. Default 50 ms.
    pub transient_base_delay: Duration,
    /// The base delay after a throttling error. Default 1 s.
    pub throttling_base_delay: Duration,
    /// The longest wait between two attempts. Default 20 s.
    pub max_backoff: Duration,
}

impl RetryConfig {
    /// The defaults: standard mode, 3 attempts, bases of 50 ms (transient) and 1 s
    /// (throttling), at most 20 s between attempts.
    pub const STANDARD: RetryConfig = RetryConfig {
        mode: RetryMode::Standard,
        max_attempts: 3,
        transient_base_delay: Duration::from_millis(50),
        throttling_base_delay: Duration::from_secs(1),
        max_backoff: Duration::from_secs(20),
    };

    /// The defaults in adaptive mode.
    pub const ADAPTIVE: RetryConfig = RetryConfig {
        mode: RetryMode::Adaptive,
        ..RetryConfig::STANDARD
    };

    /// One attempt, no retries.
    pub const DISABLED: RetryConfig = RetryConfig {
        max_attempts: 1,
        ..RetryConfig::STANDARD
    };
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::STANDARD
    }
}

/// The configuration of a [`Client`](super::Client).
///
/// Region and credentials are required; [`Client::new`](super::Client::new) reports a
/// missing one as [`CallFailure::Config`](crate::CallFailure::Config), so a client that
/// exists can sign every call (unless built with [`ConfigBuilder::no_credentials`]).
#[derive(Clone)]
pub struct Config {
    pub(super) region: Option<String>,
    pub(super) credentials: Option<CredentialsSource>,
    pub(super) endpoint_url: Option<String>,
    pub(super) use_fips: bool,
    pub(super) use_dual_stack: bool,
    /// The service's own endpoint rule parameters (its `clientContextParams`, such as S3's
    /// `ForcePathStyle`).
    pub(super) endpoint_params: crate::endpoint::Params,
    pub(super) connect_timeout: Duration,
    pub(super) attempt_timeout: Option<Duration>,
    pub(super) operation_timeout: Option<Duration>,
    pub(super) retry: RetryConfig,
    pub(super) validation: Option<Policy>,
    /// The smallest request body gzipped for an operation with `@requestCompression`; `None`
    /// turns compression off.
    pub(super) request_compression: Option<usize>,
    /// Whether `@httpChecksum` operations get a checksum when the service does not require
    /// one (botocore's `request_checksum_calculation`: `when_supported`, the default).
    pub(super) checksum_when_supported: bool,
    /// Makes idempotency tokens; `None`: random UUID v4s.
    pub(super) idempotency_token: Option<fn() -> String>,
    /// Where [`Config::from_env`] looked, to say so when something is missing.
    pub(super) report: Option<profile::EnvReport>,
    /// The environment, kept for the service-specific endpoint variable: its name depends
    /// on the service, which is only known to [`Client::new`](super::Client::new).
    pub(super) env: Option<EnvLookup>,
    /// Endpoint URLs by service id, consulted after the environment's.
    pub(super) service_endpoints: Option<ServiceEndpoints>,
    /// The selected profile's endpoint settings (`endpoint_url`, a `services` section),
    /// read by [`Config::from_env`].
    pub(super) profile_endpoints: Option<profile::ProfileEndpoints>,
}

impl Config {
    /// The default connect timeout, as in the AWS SDKs.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

    /// The default limit of one attempt, like botocore's 60 s read timeout: a server that
    /// accepts the connection and never answers must not hang the call.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);

    /// The smallest body gzipped by default for `@requestCompression`, as in the AWS SDKs.
    pub const DEFAULT_MIN_COMPRESSION_SIZE: usize = 10_240;
    /// The largest minimum the SDKs accept (`request_min_compression_size_bytes`).
    pub const MAX_MIN_COMPRESSION_SIZE: usize = 10_485_760;

    /// A builder with nothing read from the environment.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            config: Config {
                region: None,
                credentials: None,
                endpoint_url: None,
                use_fips: false,
                use_dual_stack: false,
                endpoint_params: crate::endpoint::Params::new(),
                connect_timeout: Config::DEFAULT_CONNECT_TIMEOUT,
                attempt_timeout: Some(Config::DEFAULT_ATTEMPT_TIMEOUT),
                operation_timeout: None,
                retry: RetryConfig::STANDARD,
                validation: Some(Policy::ForwardCompatible),
                request_compression: Some(Config::DEFAULT_MIN_COMPRESSION_SIZE),
                checksum_when_supported: true,
                idempotency_token: None,
                report: None,
                env: None,
                service_endpoints: None,
                profile_endpoints: None,
            },
        }
    }

    /// A builder pre-filled from the process environment and the shared AWS files; values
    /// set on the builder afterwards win.
    ///
    /// - region: `AWS_REGION`, `AWS_DEFAULT_REGION`, then `region` of the profile;
    /// - credentials: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`,
    ///   then `aws_access_key_id`, `aws_secret_access_key` and `aws_session_token` of the
    ///   profile. Only static keys: SSO, `role_arn`, `credential_process`, web identity and
    ///   instance metadata are not supported;
    /// - the profile is `AWS_PROFILE`, else `default`. It is read from the credentials file
    ///   (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, sections `[name]`) and
    ///   the config file (`AWS_CONFIG_FILE`, else `~/.aws/config`, sections `[profile name]`
    ///   and `[default]`); where both set a key, the credentials file wins;
    /// - endpoint: `AWS_ENDPOINT_URL_<SERVICE_ID>` (the service id upper-cased, spaces and
    ///   hyphens as `_`, e.g. `AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING`), then
    ///   `AWS_ENDPOINT_URL`, then the service's `endpoint_url` in the `[services NAME]`
    ///   section the profile's `services` names (keyed by the service id in snake case,
    ///   `sso_oidc`), then the profile's `endpoint_url`, as botocore looks; all ignored when
    ///   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (else `ignore_configured_endpoint_urls`) is
    ///   `true`;
    /// - `AWS_USE_FIPS_ENDPOINT` / `use_fips_endpoint`, `AWS_USE_DUALSTACK_ENDPOINT` /
    ///   `use_dualstack_endpoint`, `AWS_MAX_ATTEMPTS` / `max_attempts`, `AWS_RETRY_MODE` /
    ///   `retry_mode` (`standard`, `adaptive`, or `legacy`, read as `standard`; see
    ///   [`RetryMode`]).
    ///
    /// A file that cannot be read or parsed contributes nothing; why is repeated in the
    /// error [`Client::new`](super::Client::new) gives if a value is then missing.
    pub fn from_env() -> ConfigBuilder {
        Config::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`Config::from_env`] with another source of environment variables (tests).
    pub fn from_env_with(
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> ConfigBuilder {
        let env: EnvLookup = Arc::new(env);
        let mut builder = Config::builder();
        profile::fill_from_env(&mut builder.config, env);
        builder
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// The credentials, when they are static keys (set on the builder or read by
    /// [`Config::from_env`]); see [`Config::credentials_provider`] for any source.
    pub fn credentials(&self) -> Option<&Credentials> {
        match &self.credentials {
            Some(CredentialsSource::Static(credentials)) => Some(credentials),
            _ => None,
        }
    }

    /// Where the client gets its credentials.
    pub fn credentials_provider(&self) -> Option<SharedCredentialsProvider> {
        self.credentials
            .as_ref()
            .and_then(CredentialsSource::provider)
    }

    /// The endpoint set explicitly (environment variables are read by `Client::new`).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The endpoint URL a client of the service `service_id` (e.g. `PartnerCentral
    /// Selling`) sends to: the one set explicitly, then the environment's
    /// and the profile's (`AWS_ENDPOINT_URL_<SERVICE_ID>`, `AWS_ENDPOINT_URL`, the
    /// profile's `services` section, its `endpoint_url`) when read by [`Config::from_env`],
    /// then the service's own URL set with
    /// [`ConfigBuilder::endpoint_url_for_service`]; `None`: the endpoint rules decide.
    pub fn endpoint_url_for(&self, service_id: &str) -> Option<String> {
        self.endpoint_url
            .clone()
            .or_else(|| {
                let env = self.env.as_ref()?;
                super::profile::env_endpoint_url(env, self.profile_endpoints.as_ref(), service_id)
            })
            .or_else(|| (self.service_endpoints.as_ref()?)(service_id))
    }

    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The service-specific endpoint rule parameters set with
    /// [`ConfigBuilder::endpoint_param`].
    pub fn endpoint_params(&self) -> &crate::endpoint::Params {
        &self.endpoint_params
    }

    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    pub fn retry(&self) -> RetryConfig {
        self.retry
    }

    /// The smallest request body gzipped for an operation with `@requestCompression`
    /// (`None`: compression off).
    pub fn request_compression(&self) -> Option<usize> {
        self.request_compression
    }

    /// Whether `@httpChecksum` operations get a checksum even when the service does not
    /// require one.
    pub fn checksum_when_supported(&self) -> bool {
        self.checksum_when_supported
    }

    pub fn validation(&self) -> Option<Policy> {
        self.validation
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("use_fips", &self.use_fips)
            .field("use_dual_stack", &self.use_dual_stack)
            .field("endpoint_params", &self.endpoint_params)
            .field("connect_timeout", &self.connect_timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("operation_timeout", &self.operation_timeout)
            .field("retry", &self.retry)
            .field("validation", &self.validation)
            .field("from_env", &self.env.is_some())
            .field("service_endpoints", &self.service_endpoints.is_some())
            .finish()
    }
}

/// Builds a [`Config`]; see [`Config::builder`] and [`Config::from_env`].
#[derive(Debug, Clone)]
pub struct ConfigBuilder {
    config: Config,
}

impl ConfigBuilder {
    /// The region to sign for and to resolve the endpoint in, e.g. `us-east-1`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.config.region = Some(region.into());
        self
    }

    /// Static keys to sign with.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.config.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// A source to get credentials from at call time, cached by the client and refreshed
    /// before they expire (see [`CredentialsCache`](super::credentials::CredentialsCache)).
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.config.credentials = Some(CredentialsSource::Provider(std::sync::Arc::new(provider)));
        self
    }

    /// No credentials, on purpose: the client sends only the operations the model lets go
    /// unauthenticated (`Operation::UNSIGNED`, such as STS's `AssumeRoleWithWebIdentity`
    /// or SSO's `GetRoleCredentials`), unsigned, and fails every other call with
    /// [`CallFailure::Credentials`](crate::CallFailure::Credentials). Without this (or
    /// credentials), [`Client::new`](super::Client::new) reports missing credentials.
    pub fn no_credentials(mut self) -> Self {
        self.config.credentials = Some(CredentialsSource::Anonymous);
        self
    }

    /// Sends every request to this URL instead of the endpoint the rules give (a local
    /// mock, a proxy). The rule set still decides, through its `SDK::Endpoint` parameter.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.config.endpoint_url = Some(url.into());
        self
    }

    /// Endpoint URLs chosen per service: `endpoints(service_id)` (e.g. `PartnerCentral
    /// Selling`) is asked when neither [`ConfigBuilder::endpoint_url`] nor the environment
    /// names one, for configurations shared by several services.
    pub fn endpoint_url_for_service(
        mut self,
        endpoints: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.config.service_endpoints = Some(Arc::new(endpoints));
        self
    }

    /// Uses the FIPS endpoint of the region; resolving fails where there is none.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.config.use_fips = use_fips;
        self
    }

    /// Uses the dual-stack (IPv4 and IPv6) endpoint, where the rule set knows one.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.config.use_dual_stack = use_dual_stack;
        self
    }

    /// Sets one of the service's own endpoint rule parameters (a `clientContextParams` of its
    /// model), e.g. `endpoint_param("ForcePathStyle", true)` for S3 path-style addressing or
    /// `endpoint_param("Accelerate", true)` for S3 Transfer Acceleration. A name the rule set
    /// does not declare is ignored.
    pub fn endpoint_param(mut self, name: &str, value: impl Into<crate::endpoint::Value>) -> Self {
        self.config.endpoint_params.set(name, value);
        self
    }

    /// How long to wait for a TCP connection. Default 3.1 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// How long one attempt (sending and reading the whole response) may take; a late
    /// attempt counts as a transient failure and is retried. Default:
    /// [`Config::DEFAULT_ATTEMPT_TIMEOUT`].
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.config.attempt_timeout = Some(timeout);
        self
    }

    /// How long a whole call may take, retries and waits included; then it fails with
    /// [`CallFailure::Timeout`](crate::CallFailure::Timeout). Default: no limit.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.config.operation_timeout = Some(timeout);
        self
    }

    /// The retry settings so far, to change one field and set them back with
    /// [`ConfigBuilder::retry`].
    pub fn retry_config(&self) -> RetryConfig {
        self.config.retry
    }

    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.config.retry = retry;
        self
    }

    /// Shorthand for setting [`RetryConfig::max_attempts`].
    pub fn max_attempts(mut self, max_attempts: u32) -> Self {
        self.config.retry.max_attempts = max_attempts;
        self
    }

    /// Shorthand for setting [`RetryConfig::mode`].
    pub fn retry_mode(mut self, mode: RetryMode) -> Self {
        self.config.retry.mode = mode;
        self
    }

    /// How inputs are checked before sending: `Some(Policy::ForwardCompatible)` by default,
    /// `None` to send whatever the caller built and let the service judge.
    pub fn validation(mut self, policy: Option<Policy>) -> Self {
        self.config.validation = policy;
        self
    }

    /// Request compression: `Some(min)` gzips bodies of at least `min` bytes for operations
    /// with `@requestCompression` (default 10,240, at most 10,485,760), `None` sends every
    /// body as it is. From the environment: `AWS_DISABLE_REQUEST_COMPRESSION` /
    /// `disable_request_compression`, `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES` /
    /// `request_min_compression_size_bytes`.
    pub fn request_compression(mut self, min_size: Option<usize>) -> Self {
        self.config.request_compression =
            min_size.map(|size| size.min(Config::MAX_MIN_COMPRESSION_SIZE));
        self
    }

    /// Whether an operation with `@httpChecksum` (S3's `PutObject`, `UploadPart`, ...) gets
    /// a CRC32 checksum of its body even when the service does not require one: `true` (the
    /// default) is botocore's `request_checksum_calculation = when_supported`, `false` its
    /// `when_required`. An algorithm the input names is always used.
    pub fn checksum_when_supported(mut self, when_supported: bool) -> Self {
        self.config.checksum_when_supported = when_supported;
        self
    }

    /// Makes the idempotency tokens the client fills in (default: random UUID v4s from the
    /// OS), as aws-sdk-rust's `idempotency_token_provider`: for reproducible requests in
    /// tests.
    pub fn idempotency_token_provider(mut self, provider: fn() -> String) -> Self {
        self.config.idempotency_token = Some(provider);
        self
    }

    pub fn build(self) -> Config {
        self.config
    }
}
