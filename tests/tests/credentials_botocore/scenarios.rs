//! The scenarios of `credentials_botocore.rs`: a name, a home and the variables set.

/// Far in the future, so that neither side refreshes while comparing.
pub const EXPIRATION: &str = "2099-01-01T00:00:00Z";

/// Which home a scenario runs in: the one with all the profiles above, one without files,
/// or (`Refresh`) a copy of the full one per side, whose SSO token each side refreshes.
#[derive(Clone, Copy)]
pub enum H {
    Full,
    Empty,
    Refresh,
}

pub const ENV: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "ENVAKID"),
    ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
    ("AWS_SESSION_TOKEN", "ENVTOKEN"),
];
pub const WEB: [(&str, &str); 2] = [
    ("AWS_WEB_IDENTITY_TOKEN_FILE", "{webtoken}"),
    ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/from-env"),
];
/// The region STS is called in (botocore needs one: STS endpoints are regional).
pub const REGION: (&str, &str) = ("AWS_DEFAULT_REGION", "ap-southeast-2");
pub const RELATIVE: (&str, &str) = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/relative");
pub const IMDS: (&str, &str) = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "{imds}");

pub fn profile(name: &'static str) -> (&'static str, &'static str) {
    ("AWS_PROFILE", name)
}

/// A scenario's variables.
pub type Vars = Vec<(&'static str, &'static str)>;

/// The scenarios: a name, a home, and variables over `HOME` and an IMDS endpoint that
/// refuses connections (a value of `""` removes a variable).
pub fn scenarios() -> Vec<(&'static str, H, Vars)> {
    use H::{Empty, Full, Refresh};
    let with = |base: &[(&'static str, &'static str)], more: &[(&'static str, &'static str)]| {
        [base, more].concat()
    };
    vec![
        ("env only", Empty, ENV.to_vec()),
        (
            "env: AWS_SECURITY_TOKEN before AWS_SESSION_TOKEN",
            Empty,
            with(&ENV, &[("AWS_SECURITY_TOKEN", "SECTOKEN")]),
        ),
        (
            "env with an expiration",
            Empty,
            with(&ENV, &[("AWS_CREDENTIAL_EXPIRATION", EXPIRATION)]),
        ),
        (
            "env expired",
            Empty,
            with(
                &ENV,
                &[("AWS_CREDENTIAL_EXPIRATION", "2001-01-01T00:00:00Z")],
            ),
        ),
        (
            "env without a secret",
            Empty,
            vec![("AWS_ACCESS_KEY_ID", "ENVAKID")],
        ),
        ("env before the default profile", Full, ENV.to_vec()),
        (
            "env before a named profile",
            Full,
            with(&ENV, &[profile("cfg-static")]),
        ),
        ("profile: credentials file", Full, vec![]),
        ("profile: config file", Full, vec![profile("cfg-static")]),
        (
            "profile: credentials file before config file",
            Full,
            vec![profile("both-files")],
        ),
        (
            "profile: aws_security_token first",
            Full,
            vec![profile("cred-only")],
        ),
        ("profile: no secret", Full, vec![profile("partial")]),
        (
            "AWS_DEFAULT_PROFILE before AWS_PROFILE",
            Full,
            vec![("AWS_DEFAULT_PROFILE", "cfg-static"), profile("both-files")],
        ),
        (
            "a named profile that does not exist",
            Full,
            with(&ENV, &[profile("nope")]),
        ),
        (
            "files named by variables",
            Empty,
            vec![
                ("AWS_CONFIG_FILE", "{full}/.aws/config"),
                ("AWS_SHARED_CREDENTIALS_FILE", "{full}/.aws/credentials"),
            ],
        ),
        ("credential_process", Full, vec![profile("process")]),
        (
            "credential_process exits 1",
            Full,
            vec![profile("process-fails")],
        ),
        (
            "credential_process Version 2",
            Full,
            vec![profile("process-version")],
        ),
        (
            "credential_process before config-file keys",
            Full,
            vec![profile("cfg-keys-and-process")],
        ),
        (
            "credentials-file keys before credential_process",
            Full,
            vec![profile("cred-keys-and-process")],
        ),
        ("container: relative URI", Empty, vec![RELATIVE]),
        (
            "container: full URI and token",
            Empty,
            vec![
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "{container}/full-token",
                ),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"),
            ],
        ),
        (
            "container: token file before token",
            Empty,
            vec![
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "{container}/full-file",
                ),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "{tokenfile}"),
            ],
        ),
        (
            "container: localhost over http",
            Empty,
            vec![
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "{localhost}/full-token",
                ),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "env-token"),
            ],
        ),
        (
            "container: relative before full URI",
            Empty,
            vec![
                RELATIVE,
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "{container}/full-token",
                ),
            ],
        ),
        (
            "container: http to another host",
            Empty,
            vec![(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                "http://192.0.2.1/creds",
            )],
        ),
        (
            "container: wrong token",
            Empty,
            vec![
                (
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
                    "{container}/full-token",
                ),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong"),
            ],
        ),
        ("IMDS", Empty, vec![IMDS]),
        (
            "IMDS endpoint from the profile",
            Full,
            vec![
                profile("imds-endpoint"),
                ("AWS_EC2_METADATA_SERVICE_ENDPOINT", ""),
            ],
        ),
        (
            "IMDS disabled",
            Empty,
            vec![IMDS, ("AWS_EC2_METADATA_DISABLED", "true")],
        ),
        (
            "IMDS unreachable, IMDSv1 disabled",
            Empty,
            vec![("AWS_EC2_METADATA_V1_DISABLED", "true")],
        ),
        (
            "IMDS endpoint mode invalid",
            Empty,
            with(&ENV, &[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")]),
        ),
        ("nothing configured", Empty, vec![]),
        (
            "profile before container and IMDS",
            Full,
            vec![RELATIVE, IMDS],
        ),
        ("container before IMDS", Empty, vec![RELATIVE, IMDS]),
        (
            "a profile without credentials, then container",
            Full,
            vec![profile("region-only"), RELATIVE],
        ),
        (
            "role: source_profile",
            Full,
            vec![profile("role-static"), REGION],
        ),
        (
            "role: no region to call STS in",
            Full,
            vec![profile("role-static")],
        ),
        ("role: chained", Full, vec![profile("role-chain"), REGION]),
        (
            "role: external_id, session name, duration",
            Full,
            vec![profile("role-external"), REGION],
        ),
        (
            "role: STS endpoint from the profile's services section",
            Full,
            vec![profile("role-services"), ("AWS_ENDPOINT_URL_STS", "")],
        ),
        (
            "role: credential_source Environment, no keys",
            Full,
            vec![profile("role-env")],
        ),
        (
            "role: credential_source Ec2InstanceMetadata",
            Full,
            vec![profile("role-imds"), IMDS, REGION],
        ),
        (
            "role: credential_source EcsContainer",
            Full,
            vec![profile("role-container"), RELATIVE, REGION],
        ),
        ("role: a loop", Full, vec![profile("role-loop-a")]),
        ("role: two sources", Full, vec![profile("role-two-sources")]),
        ("role: no source", Full, vec![profile("role-no-source")]),
        (
            "role: invalid credential_source",
            Full,
            vec![profile("role-bad-source")],
        ),
        (
            "role: its own keys",
            Full,
            vec![profile("role-self"), REGION],
        ),
        (
            "role: missing source profile",
            Full,
            vec![profile("role-missing-source")],
        ),
        (
            "role: source profile without credentials",
            Full,
            vec![profile("role-source-no-creds")],
        ),
        ("role: mfa_serial", Full, vec![profile("role-mfa")]),
        (
            "web identity from the environment",
            Empty,
            with(&WEB, &[REGION]),
        ),
        (
            "web identity before profile keys",
            Full,
            with(&WEB, &[REGION]),
        ),
        (
            "a profile's role before web identity",
            Full,
            with(&WEB, &[profile("role-static"), REGION]),
        ),
        (
            "web identity from the profile",
            Full,
            vec![profile("web"), REGION],
        ),
        (
            "web identity without a role",
            Full,
            vec![profile("web-no-role")],
        ),
        (
            "role from a web identity profile",
            Full,
            vec![profile("role-from-web"), REGION],
        ),
        ("sso-session", Full, vec![profile("sso")]),
        ("legacy sso", Full, vec![profile("sso-legacy")]),
        (
            "legacy sso: token expired",
            Full,
            vec![profile("sso-legacy-expired")],
        ),
        (
            "sso-session: token refreshed",
            Refresh,
            vec![profile("sso-refresh")],
        ),
        ("sso: keys missing", Full, vec![profile("sso-partial")]),
        (
            "sso: session missing",
            Full,
            vec![profile("sso-missing-session")],
        ),
        (
            "sso before credentials-file keys",
            Full,
            vec![profile("sso-and-keys")],
        ),
        ("login_session", Full, vec![profile("login")]),
        (
            "region: AWS_DEFAULT_REGION",
            Full,
            vec![("AWS_DEFAULT_REGION", "us-west-1")],
        ),
        (
            "region: AWS_REGION",
            Full,
            vec![("AWS_REGION", "us-east-2")],
        ),
    ]
}
