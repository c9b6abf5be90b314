//! Container credentials: ECS task roles and EKS Pod Identity, fetched from an endpoint the
//! container's environment names, as botocore's `ContainerProvider` and
//! `ContainerMetadataFetcher` do:
//!
//! - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS) is a path on `http://169.254.170.2`; it
//!   wins over `AWS_CONTAINER_CREDENTIALS_FULL_URI`, which may be any `https` URL, but over
//!   plain `http` only a loopback address, `localhost`, `169.254.170.2` (ECS),
//!   `169.254.170.23` or `fd00:ec2::23` (EKS Pod Identity);
//! - the `Authorization` header is the content of `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`,
//!   read again for every fetch (EKS rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`;
//!   a token with a line break is refused, as botocore refuses it;
//! - each attempt has 2 s; 3 attempts, 1 s apart, for a failed connection, a status other
//!   than 200 or a body that is not JSON.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::client::{
    Clock, Credentials, CredentialsError, ProvideCredentials, ProvideFuture, SystemClock,
};

use crate::env::Env;
use crate::http::LazyHttp;
use crate::json;

/// The source name in errors.
pub(crate) const CONTAINER: &str = "container credentials";

/// The ECS endpoint that relative URIs are on.
pub const ECS_ENDPOINT: &str = "http://169.254.170.2";

const ALLOWED_HTTP_HOSTS: [&str; 4] = [
    "169.254.170.2",
    "169.254.170.23",
    "fd00:ec2::23",
    "localhost",
];

/// The container credentials source. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct ContainerSource {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    env: Env,
    clock: Arc<dyn Clock>,
    relative_base: String,
    timeout: Duration,
    attempts: u32,
    retry_delay: Duration,
    http: LazyHttp,
}

impl ContainerSource {
    pub fn new(env: Env) -> ContainerSource {
        ContainerSource::build(env, Arc::new(SystemClock), ECS_ENDPOINT.to_owned())
    }

    /// The same source judging expiry by `clock`.
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> ContainerSource {
        ContainerSource::build(
            self.inner.env.clone(),
            clock,
            self.inner.relative_base.clone(),
        )
    }

    /// The same source with relative URIs resolved against `base` instead of
    /// [`ECS_ENDPOINT`] (a local endpoint in tests).
    pub fn with_relative_base(self, base: impl Into<String>) -> ContainerSource {
        ContainerSource::build(
            self.inner.env.clone(),
            self.inner.clock.clone(),
            base.into(),
        )
    }

    fn build(env: Env, clock: Arc<dyn Clock>, relative_base: String) -> ContainerSource {
        ContainerSource {
            inner: Arc::new(Inner {
                env,
                clock,
                relative_base,
                timeout: Duration::from_secs(2),
                attempts: 3,
                retry_delay: Duration::from_secs(1),
                http: LazyHttp::default(),
            }),
        }
    }

    /// Fetches credentials now.
    pub async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let inner = &*self.inner;
        let fail = |message: String| CredentialsError::failed(CONTAINER, message);
        let url = match (
            inner.env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"),
            inner.env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI"),
        ) {
            (Some(relative), _) => format!("{}{}", inner.relative_base, relative.trim()),
            (None, Some(full)) => {
                let full = full.trim().to_owned();
                check_full_uri(&full).map_err(fail)?;
                full
            }
            (None, None) => {
                return Err(CredentialsError::not_configured(
                    CONTAINER,
                    "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor \
                     AWS_CONTAINER_CREDENTIALS_FULL_URI is set",
                ));
            }
        };
        let mut last = String::new();
        for attempt in 0..inner.attempts {
            if attempt > 0 {
                tokio::time::sleep(inner.retry_delay).await;
            }
            // Read again each time: the token file is rotated under a running process.
            let token = self.authorization().map_err(fail)?;
            let mut headers = vec![("accept", "application/json")];
            if let Some(token) = &token {
                headers.push(("authorization", token));
            }
            let request = crate::http::request(http::Method::GET, &url, &headers)
                .map_err(|why| fail(format!("cannot build a request to the endpoint: {why}")))?;
            let response = match inner.http.send(request, inner.timeout).await {
                Ok(response) => response,
                Err(failure) => {
                    last = failure.message;
                    continue;
                }
            };
            if response.status != 200 {
                last = format!("HTTP {}{}", response.status, error_summary(&response.body));
                continue;
            }
            let map = match json::parse_object(&response.body) {
                Ok(map) => map,
                Err(why) => {
                    last = format!("the answer is {why}");
                    continue;
                }
            };
            let credentials = json::credentials(&map, "Token", true, true).map_err(|why| {
                fail(format!(
                    "the answer of {} lacks credentials: {why}",
                    redact_query(&url)
                ))
            })?;
            return json::check_unexpired(CONTAINER, credentials, &*inner.clock);
        }
        Err(fail(format!(
            "no credentials from {} after {} attempts: {last}",
            redact_query(&url),
            inner.attempts
        )))
    }

    /// The `Authorization` value: the token file's content, else the token variable.
    fn authorization(&self) -> Result<Option<String>, String> {
        let env = &self.inner.env;
        let token = match env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            Some(path) => Some(std::fs::read_to_string(path.trim()).map_err(|error| {
                format!(
                    "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE {}: {error}",
                    path.trim()
                )
            })?),
            None => env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN"),
        };
        match token {
            Some(token) if token.contains(['\r', '\n']) => Err(
                "the authorization token contains a line break, which no header value may"
                    .to_owned(),
            ),
            token => Ok(token),
        }
    }
}

impl ProvideCredentials for ContainerSource {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(self.credentials())
    }
}

/// botocore's rule for a full URI: `https` anywhere; `http` only to a loopback address or an
/// allowed host.
fn check_full_uri(url: &str) -> Result<(), String> {
    let uri: http::Uri = url
        .parse()
        .map_err(|_| "AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL".to_owned())?;
    let host = uri.host().unwrap_or_default();
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    match uri.scheme_str() {
        Some("https") => Ok(()),
        Some("http")
            if host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
                || ALLOWED_HTTP_HOSTS.contains(&host.as_str()) =>
        {
            Ok(())
        }
        Some("http") => Err(format!(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI is plain http to `{host}`: http is allowed only \
             to a loopback address or {}; use https",
            ALLOWED_HTTP_HOSTS.join(", ")
        )),
        _ => Err("AWS_CONTAINER_CREDENTIALS_FULL_URI is neither http nor https".to_owned()),
    }
}

/// ` (Code: Message)` of an error body, when it is the JSON error the agents send.
fn error_summary(body: &[u8]) -> String {
    let Ok(map) = json::parse_object(body) else {
        return String::new();
    };
    let text = |key: &str| {
        map.get(key)
            .and_then(|v| v.as_str())
            .map(|s| s.chars().take(200).collect::<String>())
    };
    match (text("Code"), text("Message")) {
        (Some(code), Some(message)) => format!(" ({code}: {message})"),
        (Some(code), None) => format!(" ({code})"),
        (None, Some(message)) => format!(" ({message})"),
        (None, None) => String::new(),
    }
}

/// The URL without its query, which may carry a signature.
fn redact_query(url: &str) -> &str {
    url.split_once('?').map_or(url, |(before, _)| before)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_uri_hosts_follow_botocore() {
        for ok in [
            "https://example.com/creds",
            "http://127.0.0.1:8080/creds",
            "http://127.1.2.3/creds",
            "http://[::1]:80/creds",
            "http://localhost/creds",
            "http://169.254.170.2/v2/credentials",
            "http://169.254.170.23/v1/credentials",
            "http://[fd00:ec2::23]/v1/credentials",
        ] {
            assert_eq!(check_full_uri(ok), Ok(()), "{ok}");
        }
        for refused in [
            "http://example.com/creds",
            "http://169.254.169.254/creds",
            "http://10.0.0.1/creds",
            "ftp://127.0.0.1/creds",
            "not a url",
        ] {
            assert!(check_full_uri(refused).is_err(), "{refused}");
        }
    }
}
