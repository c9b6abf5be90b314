//! The shared-files source: the selected profile's [`Plan`], decided as botocore decides
//! it, executed.
//!
//! botocore's order for the selected profile (`create_credential_resolver`, after the
//! environment): `role_arn` without `web_identity_token_file` (`AssumeRoleProvider`); then
//! `ProfileProviderBuilder`'s providers: web identity (`AWS_WEB_IDENTITY_TOKEN_FILE`, else
//! `web_identity_token_file`), SSO (`sso_account_id` or `sso_role_name`), static keys of the
//! credentials file, `login_session`, `credential_process`, static keys of the config file.
//! A `source_profile` is resolved by the same providers without the environment, unless it
//! has a `role_arn` (and no static keys), which chains another role; a `credential_source`
//! (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`) must give credentials. A plan whose
//! steps need STS or SSO runs through a [`RoleAssumer`] ([`StsRoleAssumer`] unless another
//! is set) or an [`SsoTokenExchange`] ([`SsoIdentityCenter`] unless another is set).
//!
//! [`StsRoleAssumer`]: crate::StsRoleAssumer
//! [`SsoIdentityCenter`]: crate::SsoIdentityCenter

mod plan;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use awsgen_runtime::client::{
    Clock, Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials, ProvideFuture,
    SystemClock,
};

pub use plan::{AssumeRole, Base, NamedSource, Plan, ProfileFile, Sso, WebIdentity};

use crate::chain::Method;
use crate::container::ContainerSource;
use crate::env::{Env, EnvironmentSource};
use crate::files::ProfileFiles;
use crate::imds::{ImdsSettings, ImdsSource};
use crate::process;
use crate::sso::SsoIdentityCenter;
use crate::sts::StsRoleAssumer;

/// Calls STS for a plan: `AssumeRole` with the credentials before it, and
/// `AssumeRoleWithWebIdentity` with the token read from the file.
pub trait RoleAssumer: Send + Sync + fmt::Debug {
    fn assume_role<'a>(&'a self, source: Credentials, step: &'a AssumeRole) -> ProvideFuture<'a>;

    fn assume_role_with_web_identity<'a>(
        &'a self,
        step: &'a WebIdentity,
        token: String,
    ) -> ProvideFuture<'a>;
}

/// Gets role credentials from IAM Identity Center for a plan: reads (and refreshes) the
/// token `aws sso login` cached, then calls SSO's `GetRoleCredentials`.
pub trait SsoTokenExchange: Send + Sync + fmt::Debug {
    fn role_credentials<'a>(&'a self, sso: &'a Sso) -> ProvideFuture<'a>;
}

/// The shared config and credentials files' source. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct ProfileSource {
    env: Env,
    clock: Arc<dyn Clock>,
    container: ContainerSource,
    imds: ImdsSource,
    assumer: Option<Arc<dyn RoleAssumer>>,
    sso: Option<Arc<dyn SsoTokenExchange>>,
    process_timeout: Duration,
}

impl ProfileSource {
    pub fn new(env: Env) -> ProfileSource {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        ProfileSource {
            container: ContainerSource::new(env.clone()),
            imds: ImdsSource::with_clock(env.clone(), clock.clone()),
            env,
            clock,
            assumer: None,
            sso: None,
            process_timeout: process::DEFAULT_PROCESS_TIMEOUT,
        }
    }

    /// The clock that expiry is judged by (it also makes new container and IMDS sources:
    /// call it before [`ProfileSource::with_sources`]).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> ProfileSource {
        self.container = self.container.with_clock(clock.clone());
        self.imds = ImdsSource::with_clock(self.env.clone(), clock.clone());
        self.clock = clock;
        self
    }

    /// What `credential_source = EcsContainer` and `Ec2InstanceMetadata` use.
    pub fn with_sources(mut self, container: ContainerSource, imds: ImdsSource) -> ProfileSource {
        self.container = container;
        self.imds = imds;
        self
    }

    /// Runs the plans' STS steps through `assumer` instead of a [`StsRoleAssumer`] over this
    /// source's environment and clock.
    pub fn with_role_assumer(mut self, assumer: Arc<dyn RoleAssumer>) -> ProfileSource {
        self.assumer = Some(assumer);
        self
    }

    /// Runs the plans' SSO steps through `sso` instead of an [`SsoIdentityCenter`] over this
    /// source's environment and clock.
    pub fn with_sso(mut self, sso: Arc<dyn SsoTokenExchange>) -> ProfileSource {
        self.sso = Some(sso);
        self
    }

    /// How long a `credential_process` may run (default 60 s).
    pub fn with_process_timeout(mut self, timeout: Duration) -> ProfileSource {
        self.process_timeout = timeout;
        self
    }

    /// The plan for the selected profile, read from the files now; `None` when the profile
    /// configures no credentials.
    pub fn plan(&self) -> Result<Option<Plan>, CredentialsError> {
        plan::plan(&ProfileFiles::load(&self.env)?, &self.env)
    }

    /// The credentials and the method, with the files already loaded (by the chain).
    pub(crate) async fn resolve(
        &self,
        files: &ProfileFiles,
        imds: &ImdsSettings,
    ) -> Result<(Credentials, Method), CredentialsError> {
        let Some(plan) = plan::plan(files, &self.env)? else {
            return Err(CredentialsError::not_configured(
                plan::source_name(&files.name),
                format!(
                    "none of role_arn, web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE), \
                     sso_account_id, sso_role_name, aws_access_key_id, login_session or \
                     credential_process in {}",
                    files.describe_paths(" or ")
                ),
            ));
        };
        let credentials = self.execute(&plan, imds).await?;
        Ok((credentials, plan.method()))
    }

    /// Runs a plan: checks first that every step can run, then the base, then the roles.
    pub fn execute<'a>(
        &'a self,
        plan: &'a Plan,
        imds: &'a ImdsSettings,
    ) -> Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>> {
        Box::pin(async move {
            let top = plan::source_name(&plan.profile);
            if let Some(step) = plan.chain.iter().find(|step| step.mfa_serial.is_some()) {
                return Err(CredentialsError::failed(
                    plan::source_name(&step.profile),
                    "sets mfa_serial: assuming its role needs an MFA code typed at a prompt, \
                     which a client library cannot ask for; get session credentials first \
                     (for example through a credential_process) and use those",
                ));
            }
            let assumer: Arc<dyn RoleAssumer> = match &self.assumer {
                Some(assumer) => assumer.clone(),
                None => {
                    Arc::new(StsRoleAssumer::new(self.env.clone()).with_clock(self.clock.clone()))
                }
            };
            let mut credentials = match &plan.base {
                Base::Static { credentials, .. } => credentials.clone(),
                Base::Process { profile, command } => {
                    process::run(profile, command, self.process_timeout, &self.clock).await?
                }
                Base::Named { profile, source } => self.named(profile, *source, imds).await?,
                Base::WebIdentity(step) => {
                    let token = std::fs::read_to_string(&step.token_file).map_err(|error| {
                        CredentialsError::failed(
                            top.clone(),
                            format!(
                                "cannot read the web identity token file {}: {error}",
                                step.token_file.display()
                            ),
                        )
                    })?;
                    assumer.assume_role_with_web_identity(step, token).await?
                }
                Base::Sso(sso) => match &self.sso {
                    Some(exchange) => exchange.role_credentials(sso).await?,
                    None => {
                        SsoIdentityCenter::new(self.env.clone())
                            .with_clock(self.clock.clone())
                            .role_credentials(sso)
                            .await?
                    }
                },
                Base::Login { profile, .. } => {
                    return Err(CredentialsError::failed(
                        plan::source_name(profile),
                        "sets login_session (`aws login`): recognized, but its credentials need \
                         the AWS Sign-In token exchange, which this crate does not support",
                    ));
                }
            };
            for step in &plan.chain {
                credentials = assumer.assume_role(credentials, step).await?;
            }
            Ok(credentials)
        })
    }

    /// `credential_source`: the source must give credentials (not configured is a failure).
    async fn named(
        &self,
        profile: &str,
        source: NamedSource,
        imds: &ImdsSettings,
    ) -> Result<Credentials, CredentialsError> {
        let result = match source {
            NamedSource::Environment => EnvironmentSource::new(self.env.clone())
                .with_clock(self.clock.clone())
                .credentials(),
            NamedSource::EcsContainer => self.container.credentials().await,
            NamedSource::Ec2InstanceMetadata => self.imds.credentials(imds).await,
        };
        result.map_err(|error| match error.kind() {
            CredentialsErrorKind::NotConfigured => CredentialsError::failed(
                plan::source_name(profile),
                format!(
                    "its credential_source {} gave no credentials: {error}",
                    source.as_str()
                ),
            ),
            CredentialsErrorKind::Failed => error,
        })
    }
}

impl ProvideCredentials for ProfileSource {
    fn provide_credentials(&self) -> ProvideFuture<'_> {
        Box::pin(async move {
            let files = ProfileFiles::load(&self.env)?;
            let imds = ImdsSettings::resolve(&self.env, &files.selected())?;
            self.resolve(&files, &imds)
                .await
                .map(|(credentials, _)| credentials)
        })
    }
}
