//! Profile plans: what each arrangement of keys resolves to (botocore's precedence), and
//! how a plan runs through a role assumer.

mod support;

use std::sync::{Arc, Mutex};

use awsgen_credentials::{
    AssumeRole, Base, Credentials, CredentialsErrorKind, Env, Method, NamedSource, Plan,
    ProfileFile, ProfileSource, ProvideCredentials, ProvideFuture, RoleAssumer, Sso,
    SsoTokenExchange, WebIdentity,
};
use support::Home;

const CONFIG: &str = "\
[default]
region = eu-west-1

[profile static-config]
aws_access_key_id = CFGAKID
aws_secret_access_key = CFGSECRET

[profile both]
aws_access_key_id = CFGAKID
aws_secret_access_key = CFGSECRET

[profile proc]
credential_process = /bin/helper --flag

[profile keys-and-proc]
aws_access_key_id = CFGAKID
aws_secret_access_key = CFGSECRET
credential_process = /bin/helper

[profile role]
role_arn = arn:aws:iam::123456789012:role/top
source_profile = middle
external_id = ext-1
role_session_name = session-1
duration_seconds = 1800

[profile middle]
role_arn = arn:aws:iam::123456789012:role/middle
source_profile = static-config

[profile self]
role_arn = arn:aws:iam::123456789012:role/self
source_profile = self
aws_access_key_id = SELFAKID
aws_secret_access_key = SELFSECRET

[profile loop-a]
role_arn = arn:aws:iam::123456789012:role/a
source_profile = loop-b

[profile loop-b]
role_arn = arn:aws:iam::123456789012:role/b
source_profile = loop-a

[profile named]
role_arn = arn:aws:iam::123456789012:role/named
credential_source = Environment

[profile bad-named]
role_arn = arn:aws:iam::123456789012:role/named
credential_source = environment

[profile two-sources]
role_arn = arn:aws:iam::123456789012:role/x
credential_source = Environment
source_profile = static-config

[profile no-source]
role_arn = arn:aws:iam::123456789012:role/x

[profile mfa]
role_arn = arn:aws:iam::123456789012:role/mfa
source_profile = static-config
mfa_serial = arn:aws:iam::123456789012:mfa/me

[profile web]
role_arn = arn:aws:iam::123456789012:role/web
web_identity_token_file = ~/token
role_session_name = web-session

[profile role-from-web]
role_arn = arn:aws:iam::123456789012:role/outer
source_profile = web

[profile sso-new]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin

[profile sso-legacy]
sso_start_url = https://legacy.awsapps.com/start
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile sso-partial]
sso_account_id = 111122223333

[profile sso-missing-session]
sso_session = nowhere
sso_account_id = 1
sso_role_name = R

[profile sso-conflict]
sso_session = corp
sso_region = eu-west-1
sso_account_id = 1
sso_role_name = R

[profile login]
login_session = arn:aws:iam::123456789012:user/me

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-1
";

const CREDENTIALS: &str = "\
[default]
aws_access_key_id = DEFAKID
aws_secret_access_key = DEFSECRET
aws_session_token = DEFTOKEN

[both]
aws_access_key_id = CREDAKID
aws_secret_access_key = CREDSECRET

[partial]
aws_access_key_id = PARTAKID

[sso-new]
aws_access_key_id = IGNORED
aws_secret_access_key = IGNORED
";

fn env(home: &Home, profile: &str, extra: &[(&str, &str)]) -> Env {
    let mut pairs = vec![
        ("HOME".to_owned(), home.home()),
        ("AWS_PROFILE".to_owned(), profile.to_owned()),
    ];
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Env::from_pairs(pairs)
}

fn plan(
    home: &Home,
    profile: &str,
    extra: &[(&str, &str)],
) -> Result<Option<Plan>, awsgen_credentials::CredentialsError> {
    ProfileSource::new(env(home, profile, extra)).plan()
}

fn step(profile: &str, role: &str) -> AssumeRole {
    AssumeRole {
        profile: profile.to_owned(),
        role_arn: format!("arn:aws:iam::123456789012:role/{role}"),
        external_id: None,
        session_name: None,
        duration_seconds: None,
        mfa_serial: None,
    }
}

#[test]
fn static_keys_and_processes_in_botocores_order() {
    let home = Home::new(CONFIG, CREDENTIALS);
    let method = |profile: &str| plan(&home, profile, &[]).unwrap().map(|p| p.method());
    assert_eq!(method("default"), Some(Method::SharedCredentialsFile));
    assert_eq!(method("static-config"), Some(Method::ConfigFile));
    assert_eq!(
        method("both"),
        Some(Method::SharedCredentialsFile),
        "the credentials file first"
    );
    assert_eq!(method("proc"), Some(Method::Process));
    assert_eq!(
        method("keys-and-proc"),
        Some(Method::Process),
        "a process before the config file's keys"
    );
    assert_eq!(method("login"), Some(Method::Login));

    let default = plan(&home, "default", &[]).unwrap().unwrap();
    let Base::Static {
        file, credentials, ..
    } = default.base
    else {
        panic!()
    };
    assert_eq!(file, ProfileFile::Credentials);
    assert_eq!(
        credentials,
        Credentials::new("DEFAKID", "DEFSECRET", Some("DEFTOKEN".into()))
    );
    let Base::Process { command, .. } = plan(&home, "proc", &[]).unwrap().unwrap().base else {
        panic!()
    };
    assert_eq!(command, "/bin/helper --flag");

    assert_eq!(
        plan(&home, "region-only", &[]).unwrap_err().kind(),
        CredentialsErrorKind::Failed,
        "a named profile must exist"
    );
    let only_region = Home::new("[default]\nregion = eu-west-1\n", "");
    assert_eq!(plan(&only_region, "default", &[]).unwrap(), None);
    let error = plan(&home, "partial", &[]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "profile `partial`: has aws_access_key_id but no aws_secret_access_key"
    );
}

#[test]
fn roles_chain_from_their_source_profiles() {
    let home = Home::new(CONFIG, CREDENTIALS);
    let role = plan(&home, "role", &[]).unwrap().unwrap();
    assert_eq!(role.method(), Method::AssumeRole);
    assert!(
        matches!(&role.base, Base::Static { profile, file: ProfileFile::Config, .. } if profile == "static-config")
    );
    let top = AssumeRole {
        external_id: Some("ext-1".into()),
        session_name: Some("session-1".into()),
        duration_seconds: Some(1800),
        ..step("role", "top")
    };
    assert_eq!(role.chain, [step("middle", "middle"), top]);

    let own = plan(&home, "self", &[]).unwrap().unwrap();
    assert!(
        matches!(&own.base, Base::Static { credentials, .. } if credentials.access_key_id() == "SELFAKID")
    );
    assert_eq!(own.chain, [step("self", "self")]);

    let named = plan(&home, "named", &[]).unwrap().unwrap();
    assert_eq!(
        named.base,
        Base::Named {
            profile: "named".into(),
            source: NamedSource::Environment
        }
    );

    let from_web = plan(&home, "role-from-web", &[]).unwrap().unwrap();
    let Base::WebIdentity(web) = &from_web.base else {
        panic!("{from_web:?}")
    };
    assert_eq!(web.token_file, home.path().join("token"));
    assert_eq!(from_web.chain, [step("role-from-web", "outer")]);

    for (profile, why) in [
        (
            "loop-a",
            "its source_profile `loop-a` makes a loop: loop-a -> loop-b -> loop-a",
        ),
        ("bad-named", "credential_source `environment` is not valid"),
        (
            "two-sources",
            "sets both source_profile and credential_source",
        ),
        (
            "no-source",
            "sets role_arn but neither source_profile nor credential_source",
        ),
    ] {
        let error = plan(&home, profile, &[]).unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Failed);
        assert!(error.message().contains(why), "{error}");
    }
}

#[test]
fn web_identity_from_the_environment_or_the_profile() {
    let home = Home::new(CONFIG, CREDENTIALS);
    let vars = [
        ("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"),
        ("AWS_ROLE_ARN", "arn:aws:iam::1:role/env"),
        ("AWS_ROLE_SESSION_NAME", "ci"),
    ];
    let from_env = plan(&home, "default", &vars).unwrap().unwrap();
    assert_eq!(
        from_env.base,
        Base::WebIdentity(WebIdentity {
            role_arn: "arn:aws:iam::1:role/env".into(),
            token_file: "/var/run/token".into(),
            session_name: Some("ci".into()),
        }),
        "before the profile's static keys, as in botocore"
    );
    assert_eq!(
        plan(&home, "role", &vars).unwrap().unwrap().method(),
        Method::AssumeRole,
        "a role_arn comes first"
    );
    let web = plan(&home, "web", &[]).unwrap().unwrap();
    assert!(
        matches!(&web.base, Base::WebIdentity(w) if w.session_name.as_deref() == Some("web-session"))
    );
    let error = plan(&home, "default", &[("AWS_WEB_IDENTITY_TOKEN_FILE", "/t")]).unwrap_err();
    assert!(
        error.message().contains("set AWS_ROLE_ARN or role_arn"),
        "{error}"
    );
}

#[test]
fn sso_sessions_and_legacy_keys() {
    let home = Home::new(CONFIG, CREDENTIALS);
    let new = plan(&home, "sso-new", &[]).unwrap().unwrap();
    assert_eq!(
        new.base,
        Base::Sso(Sso {
            profile: "sso-new".into(),
            session: Some("corp".into()),
            start_url: "https://corp.awsapps.com/start".into(),
            region: "us-east-1".into(),
            account_id: "111122223333".into(),
            role_name: "Admin".into(),
        }),
        "SSO before the credentials file's keys"
    );
    let legacy = plan(&home, "sso-legacy", &[]).unwrap().unwrap();
    assert!(
        matches!(&legacy.base, Base::Sso(sso) if sso.session.is_none() && sso.role_name == "ReadOnly")
    );
    for (profile, why) in [
        (
            "sso-partial",
            "lacks sso_role_name, sso_start_url, sso_region",
        ),
        (
            "sso-missing-session",
            "names sso_session `nowhere`, which does not exist",
        ),
        (
            "sso-conflict",
            "and its sso_session `corp` disagree on sso_region",
        ),
    ] {
        let error = plan(&home, profile, &[]).unwrap_err();
        assert!(error.message().contains(why), "{error}");
    }
}

/// A test STS: hands out `<role>@<source key>` so the order of a chain shows.
#[derive(Debug, Default)]
struct Sts {
    calls: Mutex<Vec<String>>,
}

impl RoleAssumer for Sts {
    fn assume_role<'a>(&'a self, source: Credentials, step: &'a AssumeRole) -> ProvideFuture<'a> {
        let role = step.role_arn.rsplit('/').next().unwrap().to_owned();
        self.calls
            .lock()
            .unwrap()
            .push(format!("AssumeRole {role} with {}", source.access_key_id()));
        Box::pin(async move {
            Ok(Credentials::new(
                format!("{role}@{}", source.access_key_id()),
                "S",
                None,
            ))
        })
    }

    fn assume_role_with_web_identity<'a>(
        &'a self,
        step: &'a WebIdentity,
        token: String,
    ) -> ProvideFuture<'a> {
        self.calls.lock().unwrap().push(format!(
            "AssumeRoleWithWebIdentity {} with {token}",
            step.role_arn
        ));
        Box::pin(async move { Ok(Credentials::new("WEB", "S", None)) })
    }
}

#[derive(Debug)]
struct Portal;

impl SsoTokenExchange for Portal {
    fn role_credentials<'a>(&'a self, sso: &'a Sso) -> ProvideFuture<'a> {
        Box::pin(async move {
            Ok(Credentials::new(
                format!("SSO-{}", sso.role_name),
                "S",
                None,
            ))
        })
    }
}

#[tokio::test]
async fn plans_run_through_a_role_assumer() {
    let home = Home::new(CONFIG, CREDENTIALS);
    home.write("token", "jwt-1");
    let sts = Arc::new(Sts::default());
    let source = |profile: &str, extra: &[(&str, &str)]| {
        ProfileSource::new(env(&home, profile, extra))
            .with_role_assumer(sts.clone())
            .with_sso(Arc::new(Portal))
    };
    let key = |c: Credentials| c.access_key_id().to_owned();
    assert_eq!(
        key(source("role", &[]).provide_credentials().await.unwrap()),
        "top@middle@CFGAKID"
    );
    assert_eq!(
        key(source(
            "named",
            &[
                ("AWS_ACCESS_KEY_ID", "ENVAKID"),
                ("AWS_SECRET_ACCESS_KEY", "E")
            ]
        )
        .provide_credentials()
        .await
        .unwrap()),
        "named@ENVAKID"
    );
    assert_eq!(
        key(source("role-from-web", &[])
            .provide_credentials()
            .await
            .unwrap()),
        "outer@WEB"
    );
    assert_eq!(
        key(source("sso-new", &[]).provide_credentials().await.unwrap()),
        "SSO-Admin"
    );
    assert_eq!(
        *sts.calls.lock().unwrap(),
        [
            "AssumeRole middle with CFGAKID",
            "AssumeRole top with middle@CFGAKID",
            "AssumeRole named with ENVAKID",
            "AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/web with jwt-1",
            "AssumeRole outer with WEB",
        ]
    );

    // credential_source must give credentials; mfa_serial is refused before any call.
    let error = source("named", &[])
        .provide_credentials()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(
        error
            .message()
            .contains("its credential_source Environment gave no credentials"),
        "{error}"
    );
    let error = source("mfa", &[]).provide_credentials().await.unwrap_err();
    assert!(
        error.message().contains("sets mfa_serial") && error.message().contains("cannot ask for"),
        "{error}"
    );
    assert_eq!(sts.calls.lock().unwrap().len(), 5);
}

/// The STS and SSO steps run by default (through the generated clients): with STS
/// unreachable and no SSO token cached, each fails saying which role and why; `aws login`
/// profiles are recognized and refused.
#[tokio::test]
async fn by_default_sts_and_sso_steps_are_called_and_fail_clearly() {
    let home = Home::new(CONFIG, CREDENTIALS);
    home.write("token", "jwt");
    let closed = support::closed_port_url();
    let cases = [
        (
            "role",
            "profile `middle`: assuming the role arn:aws:iam::123456789012:role/middle: STS: transport",
        ),
        (
            "web",
            "assuming the role arn:aws:iam::123456789012:role/web: STS: ",
        ),
        (
            "sso-legacy",
            "profile `sso-legacy`: no cached SSO token for start URL https://legacy.awsapps.com/start",
        ),
        (
            "login",
            "profile `login`: sets login_session (`aws login`): recognized, but its credentials need the AWS Sign-In token exchange, which this crate does not support",
        ),
    ];
    for (profile, message) in cases {
        let error = ProfileSource::new(env(
            &home,
            profile,
            &[
                ("AWS_ENDPOINT_URL", &closed),
                ("AWS_MAX_ATTEMPTS", "1"),
                ("AWS_REGION", "us-east-1"),
            ],
        ))
        .provide_credentials()
        .await
        .unwrap_err();
        assert_eq!(error.kind(), CredentialsErrorKind::Failed);
        let text = error.to_string();
        assert!(text.contains(message), "{profile}: {text}");
    }
}
