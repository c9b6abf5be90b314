//! The environment, injectable, and the first source of the chain: `AWS_ACCESS_KEY_ID` and
//! friends, read as botocore's `EnvProvider` reads them.

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

use awsgen_runtime::client::{
    Clock, Credentials, CredentialsError, ProvideCredentials, ProvideFuture, SystemClock,
};

use crate::json;

type Lookup = Arc<dyn Fn(&str) -> Option<String> + Send + Sync>;

/// Where environment variables come from: the process, or a map (tests, embedders that
/// resolve a configuration for someone else). `Debug` shows no value.
#[derive(Clone)]
pub struct Env {
    lookup: Lookup,
}

impl Env {
    /// The process environment.
    pub fn process() -> Env {
        Env::from_fn(|name| std::env::var(name).ok())
    }

    /// Variables from a function.
    pub fn from_fn(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Env {
        Env {
            lookup: Arc::new(lookup),
        }
    }

    /// Exactly these variables, no others.
    pub fn from_pairs<K: Into<String>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Env {
        let map: HashMap<String, String> = pairs
            .into_iter()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        Env::from_fn(move |name| map.get(name).cloned())
    }

    /// A variable's value. Unset and empty (or blank) are alike: an exported but empty
    /// variable is common in CI and means "not set".
    pub fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|value| !value.trim().is_empty())
    }

    /// Whether a variable is `true`, case-insensitively, as botocore's `ensure_boolean`.
    pub(crate) fn is_true(&self, name: &str) -> bool {
        self.get(name)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The home directory: `HOME`, else `USERPROFILE`, else `HOMEDRIVE` + `HOMEPATH`.
    pub(crate) fn home(&self) -> Option<PathBuf> {
        self.get("HOME")
            .or_else(|| self.get("USERPROFILE"))
            .or_else(|| {
                Some(format!(
                    "{}{}",
                    self.get("HOMEDRIVE")?,
                    self.get("HOMEPATH")?
                ))
            })
            .map(PathBuf::from)
    }

    /// `path` with a leading `~` replaced by the home directory.
    pub(crate) fn expand_home(&self, path: &str) -> PathBuf {
        let rest = path
            .strip_prefix("~/")
            .or_else(|| path.strip_prefix("~\\"))
            .or((path == "~").then_some(""));
        match (rest, self.home()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(path),
        }
    }

    /// A client configuration from these variables and the shared files
    /// ([`Config::from_env_with`]), with `AWS_DEFAULT_PROFILE` winning over `AWS_PROFILE`
    /// as in botocore (the runtime reads `AWS_PROFILE` alone).
    ///
    /// [`Config::from_env_with`]: awsgen_runtime::client::Config::from_env_with
    pub(crate) fn config_builder(&self) -> awsgen_runtime::client::ConfigBuilder {
        let profile = self.get("AWS_DEFAULT_PROFILE");
        let lookup = self.lookup();
        awsgen_runtime::client::Config::from_env_with(move |name| match (name, &profile) {
            ("AWS_PROFILE", Some(profile)) => Some(profile.clone()),
            _ => lookup(name),
        })
    }

    /// The function behind it, for [`awsgen_runtime::client::Config::from_env_with`].
    pub(crate) fn lookup(&self) -> Lookup {
        self.lookup.clone()
    }
}

impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Env").finish_non_exhaustive()
    }
}

/// Credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, a session token from
/// `AWS_SECURITY_TOKEN` or else `AWS_SESSION_TOKEN` (botocore's order), and an expiry from
/// `AWS_CREDENTIAL_EXPIRATION` (RFC 3339).
///
/// Not configured without `AWS_ACCESS_KEY_ID`; failed when it is set without
/// `AWS_SECRET_ACCESS_KEY`, or when the expiration does not parse or has passed (botocore
/// refuses expired credentials too, at their first use).
#[derive(Debug, Clone)]
pub struct EnvironmentSource {
    env: Env,
    clock: Arc<dyn Clock>,
}

/// The source name in errors.
pub(crate) const ENVIRONMENT: &str = "environment";

impl EnvironmentSource {
    pub fn new(env: Env) -> EnvironmentSource {
        EnvironmentSource {
            env,
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock that expiry is judged by.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> EnvironmentSource {
        self.clock = clock;
        self
    }

    /// The credentials, read now.
    pub fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.env;
        let Some(access_key_id) = env.get("AWS_ACCESS_KEY_ID") else {
            return Err(CredentialsError::not_configured(
                ENVIRONMENT,
                "AWS_ACCESS_KEY_ID is not set",
            ));
        };
        let Some(secret) = env.get("AWS_SECRET_ACCESS_KEY") else {
            return Err(CredentialsError::failed(
                ENVIRONMENT,
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
            ));
        };
        let token = env
            .get("AWS_SECURITY_TOKEN")
            .or_else(|| env.get("AWS_SESSION_TOKEN"));
        let mut credentials = Credentials::new(access_key_id, secret, token);
        if let Some(expiration) = env.get("AWS_CREDENTIAL_EXPIRATION") {
            let expiry = json::parse_timestamp(expiration.trim()).map_err(|_| {
                CredentialsError::failed(
                    ENVIRONMENT,
                    "AWS_CREDENTIAL_EXPIRATION is not an RFC 3339 timestamp",
                )
            })?;
            credentials = credentials.with_expiry(expiry);
        }
        json::check_unexpired(ENVIRONMENT, credentials, &*self.clock)
    }
}

impl ProvideCredentials for EnvironmentSource {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move { self.credentials() })
    }
}
