//! The standard AWS credential and region chains for the clients awsgen generates.
//!
//! ```no_run
//! # async fn demo() -> Result<(), awsgen_runtime::CallFailure> {
//! let config = awsgen_credentials::from_env().await.build();
//! # let _ = config; Ok(()) }
//! ```
//!
//! [`from_env`] gives a [`ConfigBuilder`] with the region of the [`DefaultRegion`] chain
//! and the [`DefaultChain`] as the credentials source (cached and refreshed by the client).
//! The chain and each source follow botocore 1.44.5, checked against it scenario by
//! scenario by this project's tests:
//!
//! | botocore provider (`method`) | here |
//! |---|---|
//! | `EnvProvider` (`env`) | [`EnvironmentSource`] |
//! | `AssumeRoleProvider` (`assume-role`): `source_profile`, chains, `credential_source` | planned ([`Plan`]), run by a [`RoleAssumer`]: [`StsRoleAssumer`] (STS `AssumeRole`) |
//! | `AssumeRoleWithWebIdentityProvider` (`assume-role-with-web-identity`) | planned, run by [`StsRoleAssumer`] (STS `AssumeRoleWithWebIdentity`, unsigned) |
//! | `SSOProvider` (`sso`): `sso_session` and legacy keys | planned, run by an [`SsoTokenExchange`]: [`SsoIdentityCenter`] (the `aws sso login` token cache, refreshed through SSO-OIDC `CreateToken`; SSO `GetRoleCredentials`) |
//! | `SharedCredentialProvider` (`shared-credentials-file`) | [`ProfileSource`] |
//! | `LoginProvider` (`login`) | recognized, refused |
//! | `ProcessProvider` (`custom-process`) | [`ProfileSource`] |
//! | `ConfigProvider` (`config-file`) | [`ProfileSource`] |
//! | `OriginalEC2Provider`, `BotoProvider` (boto2 files) | not supported |
//! | `ContainerProvider` (`container-role`) | [`ContainerSource`] |
//! | `InstanceMetadataProvider` (`iam-role`) | [`ImdsSource`] |
//!
//! Where the AWS SDKs disagree, this crate does what botocore does: `AWS_DEFAULT_PROFILE`
//! wins over `AWS_PROFILE`; a profile either names must exist, or the chain fails (even with
//! keys in the environment); web identity from `AWS_WEB_IDENTITY_TOKEN_FILE` comes after a
//! profile's `role_arn` but before its SSO, static keys and `credential_process` (the SDKs'
//! documented order puts it before the whole profile, aws-sdk-rust after it).
//!
//! STS, SSO and SSO-OIDC are called through this project's own generated clients
//! (`awsgen-identity`), at the endpoints botocore would use (`AWS_ENDPOINT_URL_STS`,
//! `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC` and `AWS_ENDPOINT_URL` override them).
//!
//! Where this crate deliberately differs from botocore: it reads `AWS_REGION` and IMDS for
//! the region (see [`region`]); it never prompts for an MFA code (a profile with
//! `mfa_serial` fails with a message saying so); it keeps the IMDS token for its lifetime
//! rather than asking for one per fetch; and it bounds `credential_process` (time, output).
//!
//! Nothing here writes a secret into a `Debug`, `Display` or error text: errors name the
//! source and the reason (a file, a variable, a status), never a key, token or a document
//! that may hold one.

mod chain;
pub mod container;
mod env;
mod files;
mod http;
pub mod imds;
mod json;
pub mod process;
pub mod profile;
pub mod region;
pub mod sso;
pub mod sts;

pub use awsgen_runtime::client::{
    CacheSettings, Clock, ConfigBuilder, Credentials, CredentialsCache, CredentialsError,
    CredentialsErrorKind, ProvideCredentials, ProvideFuture, SystemClock,
};
pub use chain::{DefaultChain, DefaultChainBuilder, Method, Resolved};
pub use container::{ContainerSource, ECS_ENDPOINT};
pub use env::{Env, EnvironmentSource};
pub use imds::{ImdsSettings, ImdsSource};
pub use process::{DEFAULT_PROCESS_TIMEOUT, split as split_command};
pub use profile::{
    AssumeRole, Base, NamedSource, Plan, ProfileFile, ProfileSource, RoleAssumer, Sso,
    SsoTokenExchange, WebIdentity,
};
pub use region::{DefaultRegion, Region, RegionSource};
pub use sso::SsoIdentityCenter;
pub use sts::StsRoleAssumer;

/// A client configuration from the process environment and the shared files: the runtime's
/// [`Config::from_env`](awsgen_runtime::client::Config::from_env) settings (endpoint, FIPS, retries, ...), the region of
/// [`DefaultRegion`] (IMDS included) and the [`DefaultChain`] as credentials source.
pub async fn from_env() -> ConfigBuilder {
    from_env_with(DefaultChain::builder()).await
}

/// [`from_env`] with a chain of your own making (another environment, a role assumer).
pub async fn from_env_with(chain: DefaultChainBuilder) -> ConfigBuilder {
    let chain = chain.build();
    let env = chain.env().clone();
    let mut builder = env.config_builder();
    let region = DefaultRegion::new(env).with_imds(chain.imds().clone());
    if let Some(region) = region.resolve().await {
        builder = builder.region(region.name);
    }
    builder.credentials_provider(chain)
}
