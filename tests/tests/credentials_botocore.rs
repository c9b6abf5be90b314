//! The default credential chain (`awsgen-credentials`) against botocore 1.44.5's, scenario by
//! scenario: both resolve the same environment and files, with IMDS, the container endpoint,
//! STS, SSO and SSO-OIDC served on loopback by this test, and must pick the same source
//! (botocore's `method`) with the same keys, or both fail, or both find nothing; and the same
//! region. botocore fetches every source's keys (`get_frozen_credentials`).
//!
//! STS, SSO and SSO-OIDC are this project's generated dispatchers (`credentials_botocore/
//! identity.rs`), found by both sides through `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL_SSO`
//! and `AWS_ENDPOINT_URL_SSO_OIDC`. Their keys are derived from what each request carries
//! (the signing key, role, external id, session name, duration, web identity token, SSO
//! account, role and bearer token), so equal keys mean both sides sent the same calls; a
//! request signed with unknown keys, or an unauthenticated operation signed, is refused. An
//! SSO session token inside its refresh window is refreshed by both sides, each in a home of
//! its own, and the cache files they leave are compared.
//!
//! The deliberate differences are asserted as such: a profile with `mfa_serial` (botocore
//! would prompt; this crate refuses) and `AWS_REGION` (which botocore does not read).
//! botocore comes from the virtualenv under `target/` (created on first use; the test fails,
//! not skips, without Python 3 and PyPI).

use std::collections::BTreeMap;
use std::path::Path;

use awsgen_credentials::{
    Base, CredentialsErrorKind, DefaultChain, DefaultRegion, Env, ProfileSource, SsoIdentityCenter,
};
use serde_json::{Value, json};

mod botocore_script;
#[path = "credentials_botocore/identity.rs"]
mod identity;
#[path = "../../credentials/tests/support/mod.rs"]
mod support;

use support::{Home, Imds, ImdsMode, Reply, Server, closed_port_url, credentials_json};

/// The profiles of the full home; `{proc}` and the like are filled in by the test.
const CONFIG: &str = include_str!("credentials_botocore/config");
const CREDENTIALS: &str = include_str!("credentials_botocore/credentials");

#[path = "credentials_botocore/scenarios.rs"]
mod scenarios;

use scenarios::{EXPIRATION, H, scenarios};

/// Our outcome in botocore's terms.
async fn ours(env: &BTreeMap<String, String>, relative_base: &str) -> Value {
    let env = Env::from_pairs(env.clone());
    let chain = DefaultChain::builder()
        .env(env.clone())
        .container_relative_base(relative_base)
        .build();
    let region = DefaultRegion::new(env).configured().map(|r| r.name);
    match chain.resolve().await {
        Ok(resolved) => {
            let c = &resolved.credentials;
            json!({
                "outcome": "ok", "method": resolved.method.botocore_name(), "region": region,
                "access_key": c.access_key_id(), "secret_key": c.secret_access_key(),
                "token": c.session_token(),
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
    let refresh_theirs = Home::new("", "");
    let refresh_ours = Home::new("", "");
    // Every static key a scenario may sign an AssumeRole with; the servers add the keys they
    // issue (a chain's next hop signs with them).
    let keys = identity::Keys::with(&[
        ("CFGAKID", "CFGSECRET"),
        ("SELFAKID", "SELFSECRET"),
        ("ENVAKID", "ENVSECRET"),
        ("IMDSAKID", "IMDSSECRET"),
        ("CONTRELAKID", "CONTRELSECRET"),
        ("DEFAKID", "DEFSECRET"),
    ]);
    let servers = identity::IdentityServers::start(keys).await;
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
        ("{sts}", servers.sts.url()),
    ];
    let fill = |text: &str| {
        places.iter().fold(text.to_owned(), |text, (place, value)| {
            text.replace(place, value)
        })
    };
    for home in [&full, &refresh_theirs, &refresh_ours] {
        std::fs::write(home.path().join(".aws/config"), fill(CONFIG)).unwrap();
        std::fs::write(home.path().join(".aws/credentials"), CREDENTIALS).unwrap();
    }
    // The tokens `aws sso login` would have cached: valid ones for the `corp` session and
    // the legacy profile, an expired legacy one, and one inside its refresh window (5
    // minutes left) with the registration to refresh it.
    let far = "2099-01-01T00:00:00Z";
    write_token(
        &full,
        "sso",
        &json!({"startUrl": "https://corp.awsapps.com/start",
        "region": "us-east-1", "accessToken": "corp-token", "expiresAt": far,
        "clientId": "corp-client", "clientSecret": "corp-secret",
        "registrationExpiresAt": far, "refreshToken": "corp-refresh"}),
    );
    write_token(
        &full,
        "sso-legacy",
        &json!({"startUrl": "https://legacy.awsapps.com/start",
        "region": "us-east-1", "accessToken": "legacy-token", "expiresAt": far}),
    );
    write_token(
        &full,
        "sso-legacy-expired",
        &json!({"accessToken": "expired-token",
        "expiresAt": "2001-01-01T00:00:00Z"}),
    );
    let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(300);
    let stale = json!({"startUrl": "https://refresh.awsapps.com/start", "region": "us-west-2",
        "accessToken": "stale-token", "expiresAt": soon.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
        "clientId": "refresh-client", "clientSecret": "refresh-secret",
        "registrationExpiresAt": far, "refreshToken": "refresh-token-1"});
    let refreshed_theirs = write_token(&refresh_theirs, "sso-refresh", &stale);
    let refreshed_ours = write_token(&refresh_ours, "sso-refresh", &stale);

    let no_imds = closed_port_url();
    let mut cases = Vec::new();
    for (name, home, vars) in scenarios() {
        let refresh = matches!(home, H::Refresh);
        let home = match home {
            H::Full => full.home(),
            H::Empty => empty.home(),
            // botocore's home; ours is swapped in below.
            H::Refresh => refresh_theirs.home(),
        };
        let mut env = BTreeMap::from([
            ("HOME".to_owned(), home),
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
                no_imds.clone(),
            ),
        ]);
        env.extend(servers.variables());
        for (key, value) in vars {
            match value {
                "" => env.remove(key),
                value => env.insert(key.to_owned(), fill(value)),
            };
        }
        cases.push((name, refresh, env));
    }
    let relative_base = container.url();
    let input = json!({
        "relative_base": container.addr.to_string(),
        "scenarios": cases.iter().map(|(name, _, env)| json!({"name": name, "env": env})).collect::<Vec<_>>(),
    });
    let botocore = tokio::task::spawn_blocking(move || {
        botocore_script::run_json(root, "tests/botocore/credentials.py", &input)
    })
    .await
    .unwrap();
    let botocore = botocore.as_array().unwrap();
    assert_eq!(botocore.len(), cases.len());

    let (mut equal, mut differences) = (0, Vec::new());
    let mut outcomes = BTreeMap::new();
    for ((name, refresh, env), theirs) in cases.iter().zip(botocore) {
        let mut theirs = theirs.clone();
        let mut env = env.clone();
        if *refresh {
            env.insert("HOME".to_owned(), refresh_ours.home());
        }
        let ours = ours(&env, &relative_base).await;
        outcomes.insert(*name, ours.clone());
        eprintln!(
            "{name:55} botocore {:6} {:30} ours {:6} {}",
            theirs["outcome"].as_str().unwrap(),
            theirs["method"].as_str().unwrap_or("-"),
            ours["outcome"].as_str().unwrap(),
            ours["method"].as_str().unwrap_or("-")
        );
        match *name {
            // Deliberate: botocore prompts for an MFA code at first use; we refuse, and the
            // plan is the same (botocore's method).
            "role: mfa_serial" => {
                assert_eq!(theirs["planned_method"], "assume-role");
                // Its prompt read the test's exhausted stdin.
                assert!(
                    theirs["error"].as_str().unwrap().starts_with("EOFError"),
                    "{theirs}"
                );
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

    // The STS and SSO scenarios did get keys (agreeing with botocore's, checked above), or
    // failed where they must.
    for (name, method) in [
        ("role: source_profile", "assume-role"),
        ("role: chained", "assume-role"),
        ("role: external_id, session name, duration", "assume-role"),
        (
            "role: STS endpoint from the profile's services section",
            "assume-role",
        ),
        ("role: its own keys", "assume-role"),
        ("role: credential_source Ec2InstanceMetadata", "assume-role"),
        ("role: credential_source EcsContainer", "assume-role"),
        (
            "web identity from the environment",
            "assume-role-with-web-identity",
        ),
        (
            "web identity before profile keys",
            "assume-role-with-web-identity",
        ),
        ("a profile's role before web identity", "assume-role"),
        (
            "web identity from the profile",
            "assume-role-with-web-identity",
        ),
        ("role from a web identity profile", "assume-role"),
        ("sso-session", "sso"),
        ("sso before credentials-file keys", "sso"),
        ("legacy sso", "sso"),
        ("sso-session: token refreshed", "sso"),
    ] {
        let ours = &outcomes[name];
        assert_eq!(
            (ours["outcome"].as_str(), ours["method"].as_str()),
            (Some("ok"), Some(method)),
            "{name}: {ours}"
        );
        assert!(
            ours["access_key"].as_str().unwrap().starts_with("ASIA"),
            "{name}: {ours}"
        );
    }
    let no_region = &outcomes["role: no region to call STS in"];
    assert!(
        no_region["error"].as_str().unwrap().contains("no region"),
        "{no_region}"
    );
    let expired = &outcomes["legacy sso: token expired"];
    assert_eq!(expired["outcome"], "error");
    assert!(
        expired["error"].as_str().unwrap().contains("aws sso login"),
        "{expired}"
    );
    // A role with a source profile and one chained from it are different keys.
    assert_ne!(
        outcomes["role: source_profile"]["access_key"],
        outcomes["role: chained"]["access_key"]
    );

    // Both refreshed the token through CreateToken and left the same cache file, but for
    // the expiry they each computed from their own clock.
    let theirs = std::fs::read_to_string(&refreshed_theirs).unwrap();
    let ours = std::fs::read_to_string(&refreshed_ours).unwrap();
    let (theirs_at, theirs) = without_expiry(&theirs);
    let (ours_at, ours) = without_expiry(&ours);
    assert_eq!(ours, theirs, "the refreshed cache files");
    assert!(theirs.contains(r#""accessToken": "refreshed-"#), "{theirs}");
    assert!(theirs.contains(r#""refreshToken": "rotated-"#), "{theirs}");
    let eight_hours = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(8);
    for at in [theirs_at, ours_at] {
        let at: jiff::Timestamp = at.parse().unwrap();
        assert!(
            eight_hours.duration_since(at).abs() < jiff::SignedDuration::from_mins(10),
            "{at}"
        );
    }
    let sts_calls = servers.sts.calls.lock().unwrap().clone();
    eprintln!(
        "STS served {} calls ({} unsigned), SSO {}, SSO-OIDC {}",
        sts_calls.len(),
        sts_calls
            .iter()
            .filter(|(caller, _)| caller.is_none())
            .count(),
        servers.sso.calls.lock().unwrap().len(),
        servers.sso_oidc.calls.lock().unwrap().len()
    );
    assert_eq!(
        servers.sso_oidc.calls.lock().unwrap().len(),
        2,
        "one refresh per side"
    );
}

/// Writes the cached SSO token of `profile`'s session (or start URL) into `home`, where
/// the plan of that profile says it is; returns the file.
fn write_token(home: &Home, profile: &str, token: &Value) -> std::path::PathBuf {
    let env = Env::from_pairs([("HOME", home.home()), ("AWS_PROFILE", profile.to_owned())]);
    let plan = ProfileSource::new(env.clone()).plan().unwrap().unwrap();
    let Base::Sso(sso) = &plan.base else {
        panic!("{profile} is not an SSO profile: {plan:?}")
    };
    let path = SsoIdentityCenter::new(env).token_path(sso).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, token.to_string()).unwrap();
    path
}

/// A cache file's `expiresAt` and its text with that value blanked.
fn without_expiry(text: &str) -> (String, String) {
    let document: Value = serde_json::from_str(text).unwrap();
    let at = document["expiresAt"].as_str().unwrap().to_owned();
    (at.clone(), text.replace(&at, "<expiresAt>"))
}
