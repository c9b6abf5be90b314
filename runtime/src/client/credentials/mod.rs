//! Credentials and where a client gets them: a [`ProvideCredentials`] source (static keys,
//! the environment, a profile, a process, a container endpoint, IMDS, STS, SSO), behind a
//! [`CredentialsCache`] that refreshes them before they expire, one refresh at a time.
//!
//! Nothing here prints a secret: `Debug` of [`Credentials`] shows the access key id and
//! the expiry only, and errors name the source and the reason, never a key or token.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

mod cache;

pub use cache::{CacheSettings, CredentialsCache};

/// AWS credentials: an access key, its secret, for temporary credentials a session token,
/// and when they expire. `Debug` shows the access key id and expiry only.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from their parts. An empty session token counts as none (an exported but
    /// empty `AWS_SESSION_TOKEN` is common).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Credentials {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token: session_token.filter(|token| !token.is_empty()),
            expiry: None,
        }
    }

    /// The same credentials, expiring at `expiry` (temporary credentials from STS, SSO, a
    /// container endpoint or IMDS).
    pub fn with_expiry(mut self, expiry: SystemTime) -> Credentials {
        self.expiry = Some(expiry);
        self
    }

    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials stop working; `None` for long-lived keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Credentials");
        debug
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &crate::Redacted)
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| crate::Redacted),
            );
        if let Some(expiry) = self.expiry {
            debug.field("expiry", &crate::Timestamp::try_from(expiry).ok());
        }
        debug.finish()
    }
}

/// Why a source gave no credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialsErrorKind {
    /// The source is not configured here (no variable, no profile key, no container
    /// endpoint): a chain goes on to its next source.
    NotConfigured,
    /// The source is configured but failed (a malformed file, a refused role, a timeout):
    /// a chain stops here, as the AWS SDKs do, rather than fall through to other
    /// credentials the caller did not mean to use.
    Failed,
}

/// A source that gave no credentials: which one, and why. It never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    source: String,
    kind: CredentialsErrorKind,
    message: String,
}

impl CredentialsError {
    /// `source` is not configured here; `message` says what was looked for.
    pub fn not_configured(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError {
            source: source.into(),
            kind: CredentialsErrorKind::NotConfigured,
            message: message.into(),
        }
    }

    /// `source` is configured but failed; `message` says why.
    pub fn failed(source: impl Into<String>, message: impl Into<String>) -> Self {
        CredentialsError {
            source: source.into(),
            kind: CredentialsErrorKind::Failed,
            message: message.into(),
        }
    }

    /// The source, e.g. `environment`, `profile `dev``, `IMDS`.
    pub fn source_name(&self) -> &str {
        &self.source
    }

    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.source, self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The future a [`ProvideCredentials`] returns.
pub type ProvideFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Each call may fetch anew; a client puts its source behind a
/// [`CredentialsCache`], so a source need not cache.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    fn provide_credentials(&self) -> ProvideFuture<'_>;
}

/// Static credentials are their own source.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for Arc<P> {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        (**self).provide_credentials()
    }
}

/// A source shared by clients.
pub type SharedCredentialsProvider = Arc<dyn ProvideCredentials>;

/// The time, injectable so that expiry and refresh can be tested on a controlled clock.
pub trait Clock: Send + Sync + fmt::Debug {
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}
