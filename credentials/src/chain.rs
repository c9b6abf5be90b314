//! The default chain: the sources in botocore's order; the first that is configured
//! answers, and a source that is configured but fails stops the chain (rather than fall
//! through to credentials the caller did not mean to use).

use std::fmt;
use std::sync::Arc;

use awsgen_runtime::client::{
    Clock, Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials, ProvideFuture,
    SystemClock,
};

use crate::container::ContainerSource;
use crate::env::{Env, EnvironmentSource};
use crate::files::ProfileFiles;
use crate::imds::{ImdsSettings, ImdsSource};
use crate::profile::{ProfileSource, RoleAssumer, SsoTokenExchange};

/// How credentials were found: botocore's `Credentials.method` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Environment,
    AssumeRole,
    WebIdentity,
    Sso,
    SharedCredentialsFile,
    Login,
    Process,
    ConfigFile,
    Container,
    Imds,
}

impl Method {
    /// The name botocore gives it (`env`, `assume-role`, `iam-role`, ...).
    pub fn botocore_name(&self) -> &'static str {
        match self {
            Method::Environment => "env",
            Method::AssumeRole => "assume-role",
            Method::WebIdentity => "assume-role-with-web-identity",
            Method::Sso => "sso",
            Method::SharedCredentialsFile => "shared-credentials-file",
            Method::Login => "login",
            Method::Process => "custom-process",
            Method::ConfigFile => "config-file",
            Method::Container => "container-role",
            Method::Imds => "iam-role",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.botocore_name())
    }
}

/// Credentials and where they came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub credentials: Credentials,
    pub method: Method,
}

/// The default credential chain:
///
/// 1. the environment ([`EnvironmentSource`]);
/// 2. the shared files' selected profile ([`ProfileSource`]): its `role_arn`, then web
///    identity (`AWS_WEB_IDENTITY_TOKEN_FILE`, or the profile's), then its SSO, static
///    keys, `credential_process`;
/// 3. a container endpoint ([`ContainerSource`]);
/// 4. EC2 instance metadata ([`ImdsSource`]).
///
/// Before any source, the files are read and the IMDS settings checked: a malformed file,
/// a profile that `AWS_PROFILE` names but no file has, or a bad IMDS setting fails the
/// chain, as it fails botocore's.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    env: Env,
    environment: EnvironmentSource,
    profile: ProfileSource,
    container: ContainerSource,
    imds: ImdsSource,
}

impl DefaultChain {
    /// The chain over the process environment.
    pub fn new() -> DefaultChain {
        DefaultChain::builder().build()
    }

    pub fn builder() -> DefaultChainBuilder {
        DefaultChainBuilder::default()
    }

    /// Credentials from the first configured source, and which it was.
    pub async fn resolve(&self) -> Result<Resolved, CredentialsError> {
        let files = ProfileFiles::load(&self.env)?;
        let imds = ImdsSettings::resolve(&self.env, &files.selected())?;
        let mut looked = Vec::new();
        let mut next = |result: Result<Resolved, CredentialsError>| match result {
            Err(error) if error.kind() == CredentialsErrorKind::NotConfigured => {
                looked.push(error.to_string());
                None
            }
            done => Some(done),
        };
        let with = |method| {
            move |credentials| Resolved {
                credentials,
                method,
            }
        };
        if let Some(done) = next(
            self.environment
                .credentials()
                .map(with(Method::Environment)),
        ) {
            return done;
        }
        let profile = self.profile.resolve(&files, &imds).await;
        if let Some(done) = next(profile.map(|(credentials, method)| Resolved {
            credentials,
            method,
        })) {
            return done;
        }
        if let Some(done) = next(
            self.container
                .credentials()
                .await
                .map(with(Method::Container)),
        ) {
            return done;
        }
        if let Some(done) = next(self.imds.credentials(&imds).await.map(with(Method::Imds))) {
            return done;
        }
        Err(CredentialsError::not_configured(
            "default credential chain",
            format!("no source is configured: {}", looked.join("; ")),
        ))
    }

    /// The environment the chain reads.
    pub fn env(&self) -> &Env {
        &self.env
    }

    /// The IMDS source of this chain (shared with `credential_source`).
    pub fn imds(&self) -> &ImdsSource {
        &self.imds
    }
}

impl Default for DefaultChain {
    fn default() -> Self {
        DefaultChain::new()
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move { self.resolve().await.map(|resolved| resolved.credentials) })
    }
}

/// Builds a [`DefaultChain`]; everything is optional.
#[derive(Debug, Default)]
pub struct DefaultChainBuilder {
    env: Option<Env>,
    clock: Option<Arc<dyn Clock>>,
    relative_base: Option<String>,
    assumer: Option<Arc<dyn RoleAssumer>>,
    sso: Option<Arc<dyn SsoTokenExchange>>,
    process_timeout: Option<std::time::Duration>,
}

impl DefaultChainBuilder {
    /// Where variables come from (default: the process environment).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// The clock expiry is judged by (default: the system clock).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Resolves `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` against `base` instead of
    /// `http://169.254.170.2` (a local endpoint in tests).
    pub fn container_relative_base(mut self, base: impl Into<String>) -> Self {
        self.relative_base = Some(base.into());
        self
    }

    /// Runs the plans that assume roles (default: [`StsRoleAssumer`] over the chain's
    /// environment and clock).
    ///
    /// [`StsRoleAssumer`]: crate::StsRoleAssumer
    pub fn role_assumer(mut self, assumer: Arc<dyn RoleAssumer>) -> Self {
        self.assumer = Some(assumer);
        self
    }

    /// Runs the plans that get SSO role credentials (default: [`SsoIdentityCenter`] over the
    /// chain's environment and clock).
    ///
    /// [`SsoIdentityCenter`]: crate::SsoIdentityCenter
    pub fn sso(mut self, sso: Arc<dyn SsoTokenExchange>) -> Self {
        self.sso = Some(sso);
        self
    }

    /// How long a `credential_process` may run (default 60 s).
    pub fn process_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.process_timeout = Some(timeout);
        self
    }

    pub fn build(self) -> DefaultChain {
        let env = self.env.unwrap_or_else(Env::process);
        let clock = self.clock.unwrap_or_else(|| Arc::new(SystemClock));
        let mut container = ContainerSource::new(env.clone()).with_clock(clock.clone());
        if let Some(base) = self.relative_base {
            container = container.with_relative_base(base);
        }
        let imds = ImdsSource::with_clock(env.clone(), clock.clone());
        let mut profile = ProfileSource::new(env.clone())
            .with_clock(clock.clone())
            .with_sources(container.clone(), imds.clone());
        if let Some(assumer) = self.assumer {
            profile = profile.with_role_assumer(assumer);
        }
        if let Some(sso) = self.sso {
            profile = profile.with_sso(sso);
        }
        if let Some(timeout) = self.process_timeout {
            profile = profile.with_process_timeout(timeout);
        }
        DefaultChain {
            environment: EnvironmentSource::new(env.clone()).with_clock(clock),
            env,
            profile,
            container,
            imds,
        }
    }
}
