//! EC2 instance metadata (IMDS): the instance profile's credentials and the region, as
//! botocore's `InstanceMetadataFetcher` reads them.
//!
//! A session token comes first (`PUT /latest/api/token`, 6 hours), kept until shortly before
//! it expires (botocore asks for one each time); then `GET
//! /latest/meta-data/iam/security-credentials/` gives the role name and `GET .../<role>` its
//! credentials, each with the token in `x-aws-ec2-metadata-token`. When the token request is
//! answered 403, 404 or 405, times out or cannot connect, the reads go without a token
//! (IMDSv1), unless `AWS_EC2_METADATA_V1_DISABLED` / `ec2_metadata_v1_disabled` is true.
//!
//! Settings, each from the environment, else the profile: the endpoint
//! (`AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint`), else the mode
//! (`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode`, `IPv4`:
//! `http://169.254.169.254`, `IPv6`: `http://[fd00:ec2::254]`; else `AWS_IMDS_USE_IPV6` /
//! `imds_use_ipv6`), each request's time limit (`AWS_METADATA_SERVICE_TIMEOUT` /
//! `metadata_service_timeout`, 1 s) and attempts (`AWS_METADATA_SERVICE_NUM_ATTEMPTS` /
//! `metadata_service_num_attempts`, 1). `AWS_EC2_METADATA_DISABLED=true` turns it off.
//!
//! Like botocore, credentials that IMDS gives already expired (or about to) are used for
//! another 17 to 25 minutes rather than not at all ("static stability" through an outage).

use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use awsgen_runtime::client::ini::Properties;
use awsgen_runtime::client::{
    Clock, Credentials, CredentialsError, ProvideCredentials, ProvideFuture, SystemClock,
};

use crate::env::Env;
use crate::files::ProfileFiles;
use crate::http::{LazyHttp, Response};
use crate::json;

/// The source name in errors.
pub(crate) const IMDS: &str = "EC2 instance metadata";

const IPV4_ENDPOINT: &str = "http://169.254.169.254/";
const IPV6_ENDPOINT: &str = "http://[fd00:ec2::254]/";
const TOKEN_TTL_SECONDS: u64 = 21_600;
/// A cached token is replaced this long before it expires.
const TOKEN_MARGIN: Duration = Duration::from_secs(120);
/// botocore's `ec2_credential_refresh_window` in the default chain (15 minutes).
const STATIC_STABILITY_WINDOW: u64 = 15 * 60;

/// How to reach IMDS; see the [module documentation](self).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImdsSettings {
    /// The endpoint, ending in `/`.
    pub endpoint: String,
    pub disabled: bool,
    pub v1_disabled: bool,
    pub timeout: Duration,
    pub attempts: u32,
}

impl ImdsSettings {
    /// From the environment, else the selected profile's keys. A bad value fails, as
    /// botocore fails when it builds its chain.
    pub fn resolve(env: &Env, profile: &Properties) -> Result<ImdsSettings, CredentialsError> {
        let setting = |variable: &str, key: &str| {
            env.get(variable)
                .or_else(|| profile.get(key).filter(|v| !v.trim().is_empty()).cloned())
                .map(|v| v.trim().to_owned())
        };
        let fail = |message: String| CredentialsError::failed(IMDS, message);
        let number = |variable: &str, key: &str, default: u64| match setting(variable, key) {
            None => Ok(default),
            Some(value) => value.parse::<u64>().map_err(|_| {
                fail(format!(
                    "{variable} / {key} is `{value}`, not a whole number"
                ))
            }),
        };
        let flag = |variable: &str, key: &str| {
            setting(variable, key).is_some_and(|v| v.eq_ignore_ascii_case("true"))
        };
        let ipv6 = match setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
            "ec2_metadata_service_endpoint_mode",
        ) {
            Some(mode) if mode.eq_ignore_ascii_case("ipv4") => false,
            Some(mode) if mode.eq_ignore_ascii_case("ipv6") => true,
            Some(mode) => {
                return Err(fail(format!(
                    "the endpoint mode `{mode}` is neither IPv4 nor IPv6"
                )));
            }
            None => flag("AWS_IMDS_USE_IPV6", "imds_use_ipv6"),
        };
        let endpoint = match setting(
            "AWS_EC2_METADATA_SERVICE_ENDPOINT",
            "ec2_metadata_service_endpoint",
        ) {
            Some(url) => {
                let valid = url.parse::<http::Uri>().is_ok_and(|uri| {
                    matches!(uri.scheme_str(), Some("http" | "https")) && uri.host().is_some()
                });
                if !valid {
                    return Err(fail(format!("the endpoint `{url}` is not an http(s) URL")));
                }
                if url.ends_with('/') {
                    url
                } else {
                    format!("{url}/")
                }
            }
            None if ipv6 => IPV6_ENDPOINT.to_owned(),
            None => IPV4_ENDPOINT.to_owned(),
        };
        Ok(ImdsSettings {
            endpoint,
            disabled: env.is_true("AWS_EC2_METADATA_DISABLED"),
            v1_disabled: flag("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled"),
            timeout: Duration::from_secs(number(
                "AWS_METADATA_SERVICE_TIMEOUT",
                "metadata_service_timeout",
                1,
            )?),
            attempts: u32::try_from(number(
                "AWS_METADATA_SERVICE_NUM_ATTEMPTS",
                "metadata_service_num_attempts",
                1,
            )?)
            .unwrap_or(u32::MAX),
        })
    }
}

/// The IMDS credentials source (and region). Clones share the HTTP client and the token.
#[derive(Debug, Clone)]
pub struct ImdsSource {
    inner: Arc<Inner>,
}

struct Inner {
    env: Env,
    clock: Arc<dyn Clock>,
    http: LazyHttp,
    token: Mutex<Option<Token>>,
    token_requests: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Inner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Inner")
            .field("env", &self.env)
            .finish_non_exhaustive()
    }
}

/// A session token (secret) for one endpoint.
#[derive(Clone)]
struct Token {
    endpoint: String,
    value: String,
    refresh_at: SystemTime,
}

/// A token, or why the reads go without one.
type MaybeToken = Result<String, String>;

impl ImdsSource {
    pub fn new(env: Env) -> ImdsSource {
        ImdsSource::with_clock(env, Arc::new(SystemClock))
    }

    /// A source judging expiry (of credentials and of its token) by `clock`.
    pub fn with_clock(env: Env, clock: Arc<dyn Clock>) -> ImdsSource {
        ImdsSource {
            inner: Arc::new(Inner {
                env,
                clock,
                http: LazyHttp::default(),
                token: Mutex::new(None),
                token_requests: Default::default(),
            }),
        }
    }

    /// How many token requests were sent (a figure for tests).
    pub fn token_requests(&self) -> u64 {
        self.inner
            .token_requests
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The settings from this source's environment and the profile it selects.
    pub fn settings(&self) -> Result<ImdsSettings, CredentialsError> {
        let files = ProfileFiles::load(&self.inner.env)?;
        ImdsSettings::resolve(&self.inner.env, &files.selected())
    }

    /// The instance profile's credentials, fetched now.
    pub async fn credentials(
        &self,
        settings: &ImdsSettings,
    ) -> Result<Credentials, CredentialsError> {
        if settings.disabled {
            return Err(CredentialsError::not_configured(
                IMDS,
                "disabled by AWS_EC2_METADATA_DISABLED",
            ));
        }
        let mut token = self.token(settings).await?;
        let path = "latest/meta-data/iam/security-credentials/";
        let role = self.get(settings, &mut token, path, |_| true).await?;
        let role = String::from_utf8_lossy(&role).trim().to_owned();
        let json_ok = |body: &[u8]| json::parse_object(body).is_ok();
        let body = self
            .get(settings, &mut token, &format!("{path}{role}"), json_ok)
            .await?;
        let map =
            json::parse_object(&body).map_err(|why| CredentialsError::not_configured(IMDS, why))?;
        let credentials = json::credentials(&map, "Token", true, true).map_err(|why| {
            // IMDS answers 200 with `Code` and `Message` when the role cannot be used.
            let code = map.get("Code").and_then(|c| c.as_str()).unwrap_or("none");
            CredentialsError::not_configured(
                IMDS,
                format!("no credentials for the instance role (Code {code}): {why}"),
            )
        })?;
        Ok(self.extend_if_expiring(credentials))
    }

    /// The region the instance runs in (`placement/region`), if IMDS answers.
    pub async fn region(&self, settings: &ImdsSettings) -> Option<String> {
        if settings.disabled {
            return None;
        }
        let mut token = self.token(settings).await.ok()?;
        let body = self
            .get(
                settings,
                &mut token,
                "latest/meta-data/placement/region",
                |_| true,
            )
            .await
            .ok()?;
        let region = String::from_utf8(body.to_vec()).ok()?.trim().to_owned();
        (!region.is_empty()).then_some(region)
    }

    /// A token, cached or new, or why the reads must go without one.
    async fn token(&self, settings: &ImdsSettings) -> Result<MaybeToken, CredentialsError> {
        let now = self.inner.clock.now();
        if let Some(token) = self.cached_token(settings, now) {
            return Ok(Ok(token));
        }
        let url = format!("{}latest/api/token", settings.endpoint);
        let ttl = TOKEN_TTL_SECONDS.to_string();
        let mut why = "no attempt".to_owned();
        for _ in 0..settings.attempts {
            self.inner
                .token_requests
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let request = crate::http::request(
                http::Method::PUT,
                &url,
                &[("x-aws-ec2-metadata-token-ttl-seconds", &ttl)],
            )
            .map_err(|why| CredentialsError::failed(IMDS, why))?;
            match self.inner.http.send(request, settings.timeout).await {
                Ok(Response { status: 200, body }) => {
                    let value = String::from_utf8_lossy(&body).into_owned();
                    let refresh_at = now + Duration::from_secs(TOKEN_TTL_SECONDS) - TOKEN_MARGIN;
                    *self.inner.token.lock().unwrap_or_else(|p| p.into_inner()) = Some(Token {
                        endpoint: settings.endpoint.clone(),
                        value: value.clone(),
                        refresh_at,
                    });
                    return Ok(Ok(value));
                }
                Ok(Response {
                    status: status @ 403..=405,
                    ..
                }) => {
                    why = format!("the token request was answered HTTP {status}");
                    break;
                }
                Ok(Response { status: 400, .. }) => {
                    return Err(CredentialsError::not_configured(
                        IMDS,
                        "the token request was refused (HTTP 400)",
                    ));
                }
                Ok(Response { status, .. }) => {
                    why = format!("the token request was answered HTTP {status}")
                }
                // botocore goes on without a token after a read timeout, at once.
                Err(failure) if failure.timed_out => {
                    why = format!("the token request failed: {}", failure.message);
                    break;
                }
                Err(failure) => why = format!("the token request failed: {}", failure.message),
            }
        }
        if settings.v1_disabled {
            return Err(CredentialsError::failed(
                IMDS,
                format!(
                    "no IMDSv2 token ({why}), and IMDSv1 is disabled by ec2_metadata_v1_disabled"
                ),
            ));
        }
        Ok(Err(why))
    }

    fn cached_token(&self, settings: &ImdsSettings, now: SystemTime) -> Option<String> {
        let token = self.inner.token.lock().unwrap_or_else(|p| p.into_inner());
        token
            .as_ref()
            .filter(|t| t.endpoint == settings.endpoint && now < t.refresh_at)
            .map(|t| t.value.clone())
    }

    fn forget_token(&self) {
        *self.inner.token.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }

    /// GET `path`, retried (up to the attempts) while the answer is not 200, is empty or
    /// fails `valid`. A 401 with a cached token means the token has lapsed: a new one is
    /// fetched once.
    async fn get(
        &self,
        settings: &ImdsSettings,
        token: &mut MaybeToken,
        path: &str,
        valid: impl Fn(&[u8]) -> bool,
    ) -> Result<bytes::Bytes, CredentialsError> {
        let url = format!("{}{path}", settings.endpoint);
        let mut renewed = false;
        let mut last = "no attempt".to_owned();
        let mut attempt = 0;
        while attempt < settings.attempts {
            attempt += 1;
            let headers: Vec<(&str, &str)> = match &*token {
                Ok(token) => vec![("x-aws-ec2-metadata-token", token)],
                Err(_) => Vec::new(),
            };
            let request = crate::http::request(http::Method::GET, &url, &headers)
                .map_err(|why| CredentialsError::failed(IMDS, why))?;
            match self.inner.http.send(request, settings.timeout).await {
                Ok(Response { status: 401, .. }) if token.is_ok() && !renewed => {
                    renewed = true;
                    attempt -= 1;
                    self.forget_token();
                    *token = self.token(settings).await?;
                    last = "HTTP 401".to_owned();
                }
                Ok(Response { status: 200, body }) if !body.is_empty() && valid(&body) => {
                    return Ok(body);
                }
                Ok(Response { status: 200, body }) if body.is_empty() => {
                    last = "an empty answer".to_owned()
                }
                Ok(Response { status: 200, .. }) => last = "an answer that is not JSON".to_owned(),
                Ok(Response { status, .. }) => last = format!("HTTP {status}"),
                Err(failure) => last = failure.message,
            }
        }
        let without = match &*token {
            Ok(_) => String::new(),
            Err(why) => format!(" without a token ({why})"),
        };
        Err(CredentialsError::not_configured(
            IMDS,
            format!(
                "no answer from {url}{without} after {} attempt(s): {last}",
                settings.attempts
            ),
        ))
    }

    /// botocore's static stability: credentials within the refresh window of their expiry
    /// (15 minutes plus 2 to 10 at random) are given that much more time from now.
    fn extend_if_expiring(&self, credentials: Credentials) -> Credentials {
        let Some(expiry) = credentials.expiry() else {
            return credentials;
        };
        let jitter = 120
            + std::collections::hash_map::RandomState::new()
                .build_hasher()
                .finish()
                % 481;
        let window = Duration::from_secs(STATIC_STABILITY_WINDOW + jitter);
        let now = self.inner.clock.now();
        if now + window >= expiry {
            credentials.with_expiry(now + window)
        } else {
            credentials
        }
    }
}

impl ProvideCredentials for ImdsSource {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move { self.credentials(&self.settings()?).await })
    }
}
