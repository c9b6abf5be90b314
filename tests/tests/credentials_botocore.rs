//! The default credential chain (`awsgen-credentials`) against botocore 1.44.5's, scenario by
//! scenario: both resolve the same environment and files, with IMDS and the container
//! endpoint served on loopback by this test, and must pick the same source (botocore's
//! `method`) with the same keys, or both fail, or both find nothing; and the same region.
//!
//! Sources that need STS or SSO (roles, web identity, SSO) are deferred by botocore until
//! first use, so only their method is compared; here they run through a marker
//! `RoleAssumer`. The deliberate differences are asserted as such: a profile with
//! `mfa_serial` (botocore would prompt; this crate refuses) and `AWS_REGION` (which botocore
//! does not read). botocore comes from the virtualenv under `target/` (created on first use;
//! the test fails, not skips, without Python 3 and PyPI).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use awsgen_credentials::{
    AssumeRole, Credentials, CredentialsErrorKind, DefaultChain, DefaultRegion, Env, ProfileSource,
    ProvideFuture, RoleAssumer, Sso, SsoTokenExchange, WebIdentity,
};
use serde_json::{Value, json};

mod botocore_script;
#[path = "../../credentials/tests/support/mod.rs"]
mod support;

use support::{Home, Imds, ImdsMode, Reply, Server, closed_port_url, credentials_json};

/// The profiles of the full home; `{proc}` and the like are filled in by the test.
const CONFIG: &str = include_str!("credentials_botocore/config");
const CREDENTIALS: &str = include_str!("credentials_botocore/credentials");

/// Far in the future, so that neither side refreshes while comparing.
const EXPIRATION: &str = "2099-01-01T00:00:00Z";

/// Which home a scenario runs in: the one with all the profiles above, or one without files.
#[derive(Clone, Copy)]
enum H {
    Full,
    Empty,
}

const ENV: [(&str, &str); 3] = [
    ("AWS_ACCESS_KEY_ID", "ENVAKID"),
    ("AWS_SECRET_ACCESS_KEY", "ENVSECRET"),
    ("AWS_SESSION_TOKEN", "ENVTOKEN"),
];
const WEB: [(&str, &str); 2] = [
    ("AWS_WEB_IDENTITY_TOKEN_FILE", "{webtoken}"),
    ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/from-env"),
];
const RELATIVE: (&str, &str) = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/relative");
const IMDS: (&str, &str) = ("AWS_EC2_METADATA_SERVICE_ENDPOINT", "{imds}");

fn profile(name: &'static str) -> (&'static str, &'static str) {
    ("AWS_PROFILE", name)
}

/// A scenario's variables.
type Vars = Vec<(&'static str, &'static str)>;

/// The scenarios: a name, a home, and variables over `HOME` and an IMDS endpoint that
/// refuses connections (a value of `""` removes a variable).
fn scenarios() -> Vec<(&'static str, H, Vars)> {
    use H::{Empty, Full};
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
        ("role: source_profile", Full, vec![profile("role-static")]),
        ("role: chained", Full, vec![profile("role-chain")]),
        (
            "role: credential_source Environment, no keys",
            Full,
            vec![profile("role-env")],
        ),
        (
            "role: credential_source Ec2InstanceMetadata",
            Full,
            vec![profile("role-imds"), IMDS],
        ),
        (
            "role: credential_source EcsContainer",
            Full,
            vec![profile("role-container"), RELATIVE],
        ),
        ("role: a loop", Full, vec![profile("role-loop-a")]),
        ("role: two sources", Full, vec![profile("role-two-sources")]),
        ("role: no source", Full, vec![profile("role-no-source")]),
        (
            "role: invalid credential_source",
            Full,
            vec![profile("role-bad-source")],
        ),
        ("role: its own keys", Full, vec![profile("role-self")]),
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
        ("web identity from the environment", Empty, WEB.to_vec()),
        ("web identity before profile keys", Full, WEB.to_vec()),
        (
            "a profile's role before web identity",
            Full,
            with(&WEB, &[profile("role-static")]),
        ),
        ("web identity from the profile", Full, vec![profile("web")]),
        (
            "web identity without a role",
            Full,
            vec![profile("web-no-role")],
        ),
        (
            "role from a web identity profile",
            Full,
            vec![profile("role-from-web")],
        ),
        ("sso-session", Full, vec![profile("sso")]),
        ("legacy sso", Full, vec![profile("sso-legacy")]),
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

/// The STS and SSO stand-in: marker credentials, so that a plan runs to its method.
#[derive(Debug)]
struct Marker;

impl RoleAssumer for Marker {
    fn assume_role<'a>(&'a self, _: Credentials, _: &'a AssumeRole) -> ProvideFuture<'a> {
        Box::pin(async { Ok(Credentials::new("ASSUMED", "S", None)) })
    }
    fn assume_role_with_web_identity<'a>(
        &'a self,
        _: &'a WebIdentity,
        _: String,
    ) -> ProvideFuture<'a> {
        Box::pin(async { Ok(Credentials::new("WEB", "S", None)) })
    }
}

impl SsoTokenExchange for Marker {
    fn role_credentials<'a>(&'a self, _: &'a Sso) -> ProvideFuture<'a> {
        Box::pin(async { Ok(Credentials::new("SSO", "S", None)) })
    }
}

/// Our outcome in botocore's terms.
async fn ours(env: &BTreeMap<String, String>, relative_base: &str) -> Value {
    let env = Env::from_pairs(env.clone());
    let chain = DefaultChain::builder()
        .env(env.clone())
        .container_relative_base(relative_base)
        .role_assumer(Arc::new(Marker))
        .sso(Arc::new(Marker))
        .build();
    let region = DefaultRegion::new(env).configured().map(|r| r.name);
    match chain.resolve().await {
        Ok(resolved) => {
            let method = resolved.method.botocore_name();
            let keys = !matches!(
                method,
                "assume-role" | "assume-role-with-web-identity" | "sso"
            );
            let c = &resolved.credentials;
            json!({
                "outcome": "ok", "method": method, "region": region,
                "access_key": keys.then(|| c.access_key_id()),
                "secret_key": keys.then(|| c.secret_access_key()),
                "token": if keys { c.session_token() } else { None },
            })
        }
        Err(error) => {
            let outcome = match error.kind() {
                CredentialsErrorKind::NotConfigured => "none",
                CredentialsErrorKind::Failed => "error",
            };
            json!({"outcome": outcome, "method": null, "region": region, "access_key": null,
                   "secret_key": null, "token": null, "error": error.to_string()})
        }
    }
}

/// What is compared: outcome, method, keys, region (a region botocore fails to read, for a
/// missing profile, counts as none).
fn compared(result: &Value) -> Value {
    json!([
        result["outcome"],
        result["method"],
        result["access_key"],
        result["secret_key"],
        result["token"],
        result["region"]
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chain_picks_what_botocore_picks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let full = Home::new("", "");
    let empty = Home::new("", "");
    let imds = Imds::start(
        ImdsMode::V2,
        credentials_json("IMDSAKID", "IMDSSECRET", "IMDSTOKEN", EXPIRATION),
    );
    let container = Server::start(|seen| {
        let creds = |name: &str| {
            credentials_json(
                &format!("{name}AKID"),
                &format!("{name}SECRET"),
                &format!("{name}TOKEN"),
                EXPIRATION,
            )
        };
        match (seen.path.as_str(), seen.header("authorization")) {
            ("/relative", None) => Reply::ok(creds("CONTREL")),
            ("/full-token", Some("env-token")) => Reply::ok(creds("CONTFULL")),
            ("/full-file", Some("file-token")) => Reply::ok(creds("CONTFILE")),
            _ => Reply::status(401, r#"{"Code": "AccessDenied", "Message": "wrong token"}"#),
        }
    });
    let places = [
        ("{proc}", full.script("proc.sh", &format!(r#"printf '{{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s", "SessionToken": "PROCTOKEN", "Expiration": "{EXPIRATION}"}}' "$1" "$2""#)).display().to_string()),
        ("{fail}", full.script("fail.sh", "echo 'not logged in' >&2; exit 1").display().to_string()),
        ("{version}", full.script("version.sh", r#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "S"}'"#).display().to_string()),
        ("{webtoken}", full.write("web-token", "header.payload.signature").display().to_string()),
        ("{tokenfile}", full.write("container-token", "file-token").display().to_string()),
        ("{imds}", imds.server.url()),
        ("{container}", container.url()),
        ("{localhost}", format!("http://localhost:{}", container.addr.port())),
        ("{full}", full.home()),
    ];
    let fill = |text: &str| {
        places.iter().fold(text.to_owned(), |text, (place, value)| {
            text.replace(place, value)
        })
    };
    std::fs::write(full.path().join(".aws/config"), fill(CONFIG)).unwrap();
    std::fs::write(full.path().join(".aws/credentials"), CREDENTIALS).unwrap();

    let no_imds = closed_port_url();
    let mut cases = Vec::new();
    for (name, home, vars) in scenarios() {
        let home = match home {
            H::Full => full.home(),
            H::Empty => empty.home(),
        };
        let mut env = BTreeMap::from([
            ("HOME".to_owned(), home),
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
                no_imds.clone(),
            ),
        ]);
        for (key, value) in vars {
            match value {
                "" => env.remove(key),
                value => env.insert(key.to_owned(), fill(value)),
            };
        }
        cases.push((name, env));
    }
    let relative_base = container.url();
    let input = json!({
        "relative_base": container.addr.to_string(),
        "scenarios": cases.iter().map(|(name, env)| json!({"name": name, "env": env})).collect::<Vec<_>>(),
    });
    let botocore = tokio::task::spawn_blocking(move || {
        botocore_script::run_json(root, "tests/botocore/credentials.py", &input)
    })
    .await
    .unwrap();
    let botocore = botocore.as_array().unwrap();
    assert_eq!(botocore.len(), cases.len());

    let (mut equal, mut differences) = (0, Vec::new());
    for ((name, env), theirs) in cases.iter().zip(botocore) {
        let mut theirs = theirs.clone();
        let ours = ours(env, &relative_base).await;
        eprintln!(
            "{name:55} botocore {:6} {:30} ours {:6} {}",
            theirs["outcome"].as_str().unwrap(),
            theirs["method"].as_str().unwrap_or("-"),
            ours["outcome"].as_str().unwrap(),
            ours["method"].as_str().unwrap_or("-")
        );
        match *name {
            // Deliberate: botocore would prompt for an MFA code at first use; we refuse, and
            // the plan is the same (botocore's method).
            "role: mfa_serial" => {
                assert_eq!(theirs["method"], "assume-role");
                assert!(
                    ours["error"].as_str().unwrap().contains("sets mfa_serial"),
                    "{ours}"
                );
                let plan = ProfileSource::new(Env::from_pairs(env.clone()))
                    .plan()
                    .unwrap()
                    .unwrap();
                assert_eq!(plan.method().botocore_name(), "assume-role");
                differences.push(*name);
                continue;
            }
            // Deliberate: AWS_REGION, which botocore does not read.
            "region: AWS_REGION" => {
                assert_eq!(
                    (theirs["region"].as_str(), ours["region"].as_str()),
                    (Some("eu-west-1"), Some("us-east-2"))
                );
                // The rest (the credentials) must still agree.
                theirs["region"] = ours["region"].clone();
                differences.push(*name);
            }
            _ => {}
        }
        assert_eq!(
            compared(&theirs),
            compared(&ours),
            "{name}: botocore {theirs}\nours {ours}"
        );
        if differences.last() != Some(name) {
            equal += 1;
        }
    }
    eprintln!(
        "{} scenarios, {equal} identical, deliberate differences: {differences:?}",
        cases.len()
    );
    assert_eq!((equal, differences.len()), (cases.len() - 2, 2));
}
