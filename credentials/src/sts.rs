//! The [`RoleAssumer`] of the default chain: STS's `AssumeRole` and
//! `AssumeRoleWithWebIdentity` through this project's generated STS client
//! (`awsgen-identity`), called as botocore 1.44.5's `AssumeRoleCredentialFetcher` and
//! `AssumeRoleWithWebIdentityCredentialFetcher` call them.
//!
//! - `AssumeRole` is signed with the credentials before it in the plan; the session name is
//!   the profile's `role_session_name`, else `botocore-session-<unix seconds>`; the profile's
//!   `external_id` and `duration_seconds` are sent when set.
//! - `AssumeRoleWithWebIdentity` is sent unsigned (its model says `authtype: none`), with no
//!   credentials at all.
//! - The region is the configured one (`AWS_REGION`, `AWS_DEFAULT_REGION`, the selected
//!   profile's `region`), and the endpoint the regional one (botocore's
//!   `sts_regional_endpoints = regional`, its default). Without a region the step fails, as
//!   botocore 1.44.5's does (`NoRegionError`), even with an endpoint override.
//! - `AWS_ENDPOINT_URL_STS`, then `AWS_ENDPOINT_URL`, override the endpoint (unless
//!   `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is true), as in botocore.

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use awsgen_identity::sts;
use awsgen_identity::sts::operations::Sts as _;
use awsgen_runtime::client::{Clock, Credentials, CredentialsError, ProvideFuture, SystemClock};

use crate::env::Env;
use crate::profile::{AssumeRole, RoleAssumer, WebIdentity};
use crate::region::DefaultRegion;

/// Assumes roles with the generated STS client. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct StsRoleAssumer {
    env: Env,
    clock: Arc<dyn Clock>,
}

impl StsRoleAssumer {
    /// Reads the region and the endpoint settings from `env` (and the shared files it
    /// names) at each call.
    pub fn new(env: Env) -> StsRoleAssumer {
        StsRoleAssumer {
            env,
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock of default session names (`botocore-session-<unix seconds>`).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> StsRoleAssumer {
        self.clock = clock;
        self
    }

    /// The region the calls go to (see the [module documentation](self)).
    pub fn region(&self) -> Option<String> {
        DefaultRegion::new(self.env.clone())
            .configured()
            .map(|region| region.name)
    }

    /// A client signing with `credentials`, or signing nothing.
    fn client(&self, credentials: Option<Credentials>) -> Result<sts::client::Client, String> {
        let region = self.region().ok_or_else(|| {
            "no region to call STS in: set AWS_REGION, AWS_DEFAULT_REGION or the profile's \
             region (STS endpoints are regional; botocore needs one too)"
                .to_owned()
        })?;
        let builder = self.env.config_builder().region(region);
        let builder = match credentials {
            Some(credentials) => builder.credentials(credentials),
            None => builder.no_credentials(),
        };
        sts::client::Client::new(builder.build()).map_err(|failure| failure.to_string())
    }

    /// botocore's default session name.
    fn session_name(&self, configured: Option<&String>) -> String {
        match configured.filter(|name| !name.is_empty()) {
            Some(name) => name.clone(),
            None => {
                let now = self.clock.now();
                let seconds = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
                format!("botocore-session-{seconds}")
            }
        }
    }
}

impl RoleAssumer for StsRoleAssumer {
    fn assume_role<'a>(&'a self, source: Credentials, step: &'a AssumeRole) -> ProvideFuture<'a> {
        Box::pin(async move {
            let fail = |reason: String| {
                CredentialsError::failed(
                    format!("profile `{}`", step.profile),
                    format!("assuming the role {}: {reason}", step.role_arn),
                )
            };
            let client = self.client(Some(source)).map_err(fail)?;
            let output = client
                .assume_role()
                .role_arn(&step.role_arn)
                .role_session_name(self.session_name(step.session_name.as_ref()))
                .set_external_id(step.external_id.clone())
                .set_duration_seconds(step.duration_seconds.and_then(|d| i32::try_from(d).ok()))
                .send()
                .await
                .map_err(|error| fail(format!("STS: {error}")))?;
            issued(output.credentials).map_err(fail)
        })
    }

    fn assume_role_with_web_identity<'a>(
        &'a self,
        step: &'a WebIdentity,
        token: String,
    ) -> ProvideFuture<'a> {
        Box::pin(async move {
            let fail = |reason: String| {
                CredentialsError::failed(
                    format!("web identity ({})", step.token_file.display()),
                    format!("assuming the role {}: {reason}", step.role_arn),
                )
            };
            let client = self.client(None).map_err(fail)?;
            let output = client
                .assume_role_with_web_identity()
                .role_arn(&step.role_arn)
                .role_session_name(self.session_name(step.session_name.as_ref()))
                .web_identity_token(token)
                .send()
                .await
                .map_err(|error| fail(format!("STS: {error}")))?;
            issued(output.credentials).map_err(fail)
        })
    }
}

/// The credentials of an STS answer, with their expiry.
fn issued(credentials: Option<sts::Credentials>) -> Result<Credentials, String> {
    let credentials = credentials.ok_or_else(|| "STS answered without credentials".to_owned())?;
    Ok(Credentials::new(
        credentials.access_key_id,
        credentials.secret_access_key,
        Some(credentials.session_token),
    )
    .with_expiry(SystemTime::from(credentials.expiration)))
}
