//! Which credentials a profile stands for, decided as botocore decides it, as data: a
//! [`Plan`] is a [`Base`] (where the first credentials come from) and the roles assumed
//! from them in turn. Nothing here reads a token or calls a service.
//!
//! The order is botocore's; see the [parent module](super).

use std::path::PathBuf;

use awsgen_runtime::client::ini::Properties;
use awsgen_runtime::client::{Credentials, CredentialsError};

use crate::chain::Method;
use crate::env::Env;
use crate::files::ProfileFiles;

/// Where a profile's credentials come from, and the roles assumed from them, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The selected profile.
    pub profile: String,
    pub base: Base,
    /// Roles to assume, first from the base's credentials, then each from the one before.
    pub chain: Vec<AssumeRole>,
}

impl Plan {
    /// The method botocore reports for this plan (`Credentials.method`).
    pub fn method(&self) -> Method {
        if !self.chain.is_empty() {
            return Method::AssumeRole;
        }
        match &self.base {
            Base::Static {
                file: ProfileFile::Credentials,
                ..
            } => Method::SharedCredentialsFile,
            Base::Static {
                file: ProfileFile::Config,
                ..
            } => Method::ConfigFile,
            Base::Process { .. } => Method::Process,
            Base::WebIdentity(_) => Method::WebIdentity,
            Base::Sso(_) => Method::Sso,
            Base::Login { .. } => Method::Login,
            Base::Named { source, .. } => source.method(),
        }
    }

    /// Whether running it needs STS (a role to assume) or SSO.
    pub fn needs_sts(&self) -> bool {
        !self.chain.is_empty() || matches!(self.base, Base::WebIdentity(_))
    }
}

/// Which of the shared files static keys were found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileFile {
    Config,
    Credentials,
}

/// The first credentials of a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Base {
    /// `aws_access_key_id` and `aws_secret_access_key` (and a session token) of `profile`.
    Static {
        profile: String,
        file: ProfileFile,
        credentials: Credentials,
    },
    /// `credential_process` of `profile`.
    Process { profile: String, command: String },
    /// `credential_source` of `profile`: another source of the default chain.
    Named {
        profile: String,
        source: NamedSource,
    },
    /// `AssumeRoleWithWebIdentity` with a token file (EKS IRSA, CI OIDC).
    WebIdentity(WebIdentity),
    /// IAM Identity Center (`GetRoleCredentials` with the token `aws sso login` cached).
    Sso(Sso),
    /// `login_session` of `profile` (`aws login`).
    Login { profile: String, session: String },
}

/// The sources a `credential_source` may name (case-sensitive, as botocore checks them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

impl NamedSource {
    fn parse(name: &str) -> Option<NamedSource> {
        match name {
            "Environment" => Some(NamedSource::Environment),
            "Ec2InstanceMetadata" => Some(NamedSource::Ec2InstanceMetadata),
            "EcsContainer" => Some(NamedSource::EcsContainer),
            _ => None,
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            NamedSource::Environment => "Environment",
            NamedSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
            NamedSource::EcsContainer => "EcsContainer",
        }
    }

    fn method(&self) -> Method {
        match self {
            NamedSource::Environment => Method::Environment,
            NamedSource::Ec2InstanceMetadata => Method::Imds,
            NamedSource::EcsContainer => Method::Container,
        }
    }
}

/// One `AssumeRole` call: the keys of the profile that has the `role_arn`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssumeRole {
    pub profile: String,
    pub role_arn: String,
    pub external_id: Option<String>,
    /// `role_session_name`; botocore makes one up when it is absent.
    pub session_name: Option<String>,
    /// `duration_seconds`, when it is a number (botocore ignores it otherwise).
    pub duration_seconds: Option<u32>,
    /// `mfa_serial`: botocore prompts for a code; this crate refuses such a plan.
    pub mfa_serial: Option<String>,
}

/// An `AssumeRoleWithWebIdentity` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebIdentity {
    pub role_arn: String,
    /// Read at each fetch: the token is rotated in place.
    pub token_file: PathBuf,
    pub session_name: Option<String>,
}

/// An SSO `GetRoleCredentials` call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sso {
    pub profile: String,
    /// `sso_session` (its token is cached and refreshed by session name); `None` for the
    /// legacy keys (token cached by start URL, not refreshed).
    pub session: Option<String>,
    pub start_url: String,
    pub region: String,
    pub account_id: String,
    pub role_name: String,
}

/// The source name of errors about a profile.
pub(crate) fn source_name(profile: &str) -> String {
    format!("profile `{profile}`")
}

/// The plan for the selected profile; `None` when it configures no credentials.
pub(crate) fn plan(files: &ProfileFiles, env: &Env) -> Result<Option<Plan>, CredentialsError> {
    let top = files.name.as_str();
    let profile = files.merged(top);
    if has_role(&profile) {
        let mut visited = vec![top.to_owned()];
        return assume_role_plan(files, env, top, &mut visited).map(Some);
    }
    Ok(base(files, env, top, true)?.map(|base| Plan {
        profile: top.to_owned(),
        base,
        chain: Vec::new(),
    }))
}

/// botocore's `_has_assume_role_config_vars`.
fn has_role(profile: &Properties) -> bool {
    profile.contains_key("role_arn") && !profile.contains_key("web_identity_token_file")
}

fn has_static(profile: &Properties) -> bool {
    profile.contains_key("aws_access_key_id") || profile.contains_key("aws_secret_access_key")
}

/// botocore's `_load_creds_via_assume_role` and `_resolve_source_credentials`.
fn assume_role_plan(
    files: &ProfileFiles,
    env: &Env,
    name: &str,
    visited: &mut Vec<String>,
) -> Result<Plan, CredentialsError> {
    let fail = |message: String| CredentialsError::failed(source_name(name), message);
    let profile = files.merged(name);
    let get = |key: &str| profile.get(key).cloned();
    let step = AssumeRole {
        profile: name.to_owned(),
        role_arn: get("role_arn").unwrap_or_default(),
        external_id: get("external_id"),
        session_name: get("role_session_name"),
        duration_seconds: get("duration_seconds").and_then(|d| d.trim().parse().ok()),
        mfa_serial: get("mfa_serial"),
    };
    match (get("source_profile"), get("credential_source")) {
        (Some(_), Some(_)) => Err(fail(
            "sets both source_profile and credential_source; set one".to_owned(),
        )),
        (None, None) => Err(fail(
            "sets role_arn but neither source_profile nor credential_source".to_owned(),
        )),
        (None, Some(source)) => {
            let source = NamedSource::parse(source.trim()).ok_or_else(|| {
                fail(format!(
                    "credential_source `{source}` is not valid: use Environment, \
                     Ec2InstanceMetadata or EcsContainer"
                ))
            })?;
            Ok(Plan {
                profile: files.name.clone(),
                base: Base::Named {
                    profile: name.to_owned(),
                    source,
                },
                chain: vec![step],
            })
        }
        (Some(source), None) => {
            if !files.exists(&source) {
                return Err(fail(format!(
                    "its source_profile `{source}` does not exist"
                )));
            }
            let source_properties = files.merged(&source);
            // A profile may name itself to use its own static keys; any other repeat loops.
            if visited.contains(&source) && (source != name || !has_static(&source_properties)) {
                return Err(fail(format!(
                    "its source_profile `{source}` makes a loop: {} -> {source}",
                    visited.join(" -> ")
                )));
            }
            visited.push(source.clone());
            let mut plan = if has_static(&source_properties) || !has_role(&source_properties) {
                let base = base(files, env, &source, false)?.ok_or_else(|| {
                    fail(format!("its source_profile `{source}` has no credentials"))
                })?;
                Plan {
                    profile: files.name.clone(),
                    base,
                    chain: Vec::new(),
                }
            } else {
                assume_role_plan(files, env, &source, visited)?
            };
            plan.chain.push(step);
            Ok(plan)
        }
    }
}

/// botocore's `ProfileProviderBuilder.providers` for `name`, in their order; the web
/// identity variables count only for the selected profile (`with_env`).
fn base(
    files: &ProfileFiles,
    env: &Env,
    name: &str,
    with_env: bool,
) -> Result<Option<Base>, CredentialsError> {
    let fail = |message: String| CredentialsError::failed(source_name(name), message);
    let profile = files.merged(name);
    let key = |key: &str| profile.get(key).filter(|v| !v.is_empty()).cloned();
    let setting = |variable: &str, profile_key: &str| {
        with_env
            .then(|| env.get(variable))
            .flatten()
            .or_else(|| key(profile_key))
    };

    if let Some(token_file) = setting("AWS_WEB_IDENTITY_TOKEN_FILE", "web_identity_token_file") {
        let role_arn = setting("AWS_ROLE_ARN", "role_arn").ok_or_else(|| {
            fail(
                "is set up for web identity but has no role: set AWS_ROLE_ARN or role_arn"
                    .to_owned(),
            )
        })?;
        return Ok(Some(Base::WebIdentity(WebIdentity {
            role_arn,
            token_file: env.expand_home(token_file.trim()),
            session_name: setting("AWS_ROLE_SESSION_NAME", "role_session_name"),
        })));
    }
    if profile.contains_key("sso_account_id") || profile.contains_key("sso_role_name") {
        return sso(files, name, &profile).map(|sso| Some(Base::Sso(sso)));
    }
    if let Some(section) = files.credentials_profile(name)
        && let Some(base) = static_keys(section, name, ProfileFile::Credentials)?
    {
        return Ok(Some(base));
    }
    if let Some(session) = profile.get("login_session") {
        return Ok(Some(Base::Login {
            profile: name.to_owned(),
            session: session.clone(),
        }));
    }
    if let Some(command) = profile.get("credential_process") {
        return Ok(Some(Base::Process {
            profile: name.to_owned(),
            command: command.clone(),
        }));
    }
    match files.config_profile(name) {
        Some(section) => static_keys(section, name, ProfileFile::Config),
        None => Ok(None),
    }
}

/// botocore's `SharedCredentialProvider` / `ConfigProvider`: keys present (even empty),
/// `aws_security_token` before `aws_session_token`.
fn static_keys(
    section: &Properties,
    name: &str,
    file: ProfileFile,
) -> Result<Option<Base>, CredentialsError> {
    let Some(access_key_id) = section.get("aws_access_key_id") else {
        return Ok(None);
    };
    let secret = section.get("aws_secret_access_key").ok_or_else(|| {
        CredentialsError::failed(
            source_name(name),
            "has aws_access_key_id but no aws_secret_access_key",
        )
    })?;
    let token = section
        .get("aws_security_token")
        .or_else(|| section.get("aws_session_token"))
        .cloned();
    Ok(Some(Base::Static {
        profile: name.to_owned(),
        file,
        credentials: Credentials::new(access_key_id.clone(), secret.clone(), token),
    }))
}

/// botocore's `SSOProvider._load_sso_config`: the profile's keys, with those of its
/// `[sso-session]` (which must agree with the profile's), all four required.
fn sso(files: &ProfileFiles, name: &str, profile: &Properties) -> Result<Sso, CredentialsError> {
    let fail = |message: String| CredentialsError::failed(source_name(name), message);
    let mut config = profile.clone();
    let mut required = vec![
        "sso_role_name",
        "sso_account_id",
        "sso_start_url",
        "sso_region",
    ];
    let session = profile.get("sso_session").cloned();
    if let Some(session) = &session {
        let keys = files.sso_session(session).ok_or_else(|| {
            fail(format!(
                "names sso_session `{session}`, which does not exist"
            ))
        })?;
        for (key, value) in keys {
            if config.get(key).is_some_and(|own| own != value) {
                return Err(fail(format!(
                    "and its sso_session `{session}` disagree on {key}"
                )));
            }
            config.insert(key.clone(), value.clone());
        }
        required.push("sso_session");
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| !config.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        return Err(fail(format!(
            "is set up for SSO but lacks {}",
            missing.join(", ")
        )));
    }
    let get = |key: &str| config.get(key).cloned().unwrap_or_default();
    Ok(Sso {
        profile: name.to_owned(),
        session,
        start_url: get("sso_start_url"),
        region: get("sso_region"),
        account_id: get("sso_account_id"),
        role_name: get("sso_role_name"),
    })
}
