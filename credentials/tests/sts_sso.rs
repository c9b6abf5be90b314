//! The STS and IAM Identity Center steps of profiles, through the generated clients, against
//! local endpoints that answer as STS, SSO and SSO-OIDC do: assumed-role credentials are
//! refreshed through the `CredentialsCache` before they expire (a controllable clock), each
//! `AssumeRole` is signed with the source profile's keys, `AssumeRoleWithWebIdentity` and
//! the SSO calls go unsigned, and an SSO session's token is refreshed or, when the refresh
//! fails, used while still valid. (The comparison with botocore is
//! `tests/tests/credentials_botocore.rs` in the workspace.)

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use awsgen_credentials::{
    CacheSettings, CredentialsCache, CredentialsErrorKind, DefaultChain, Env, SsoIdentityCenter,
};
use support::{Home, ManualClock, Reply, Server, closed_port_url};

/// An STS answer in the awsQuery XML form, its keys numbered `n`, expiring at `expiration`.
fn assume_role_xml(operation: &str, n: usize, expiration: &str) -> String {
    format!(
        r#"<{operation}Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <{operation}Result>
    <Credentials>
      <AccessKeyId>ASIA{n}</AccessKeyId>
      <SecretAccessKey>SECRET{n}</SecretAccessKey>
      <SessionToken>TOKEN{n}</SessionToken>
      <Expiration>{expiration}</Expiration>
    </Credentials>
  </{operation}Result>
  <ResponseMetadata><RequestId>r{n}</RequestId></ResponseMetadata>
</{operation}Response>"#
    )
}

fn env(home: &Home, vars: &[(&str, String)]) -> Env {
    let mut pairs = vec![
        ("HOME".to_owned(), home.home()),
        (
            "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
            closed_port_url(),
        ),
    ];
    pairs.extend(vars.iter().map(|(k, v)| ((*k).to_owned(), v.clone())));
    Env::from_pairs(pairs)
}

const ROLE_CONFIG: &str = "\
[profile base]
aws_access_key_id = BASEAKID
aws_secret_access_key = BASESECRET
[profile role]
role_arn = arn:aws:iam::123456789012:role/r
source_profile = base
role_session_name = fixed
region = eu-west-3
";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn assumed_role_credentials_are_refreshed_before_they_expire() {
    let fetches = Arc::new(AtomicUsize::new(0));
    let counter = fetches.clone();
    // Each answer expires an hour after the previous one: 01:00, 02:00, ...
    let sts = Server::start(move |_| {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        Reply::ok(assume_role_xml(
            "AssumeRole",
            n,
            &format!("2030-01-01T{n:02}:00:00Z"),
        ))
    });
    let home = Home::new(ROLE_CONFIG, "");
    let clock = ManualClock::at("2030-01-01T00:00:00Z");
    let chain = DefaultChain::builder()
        .env(env(
            &home,
            &[
                ("AWS_PROFILE", "role".into()),
                ("AWS_ENDPOINT_URL_STS", sts.url()),
            ],
        ))
        .clock(clock.clone())
        .build();
    let settings = CacheSettings {
        jitter: Duration::ZERO,
        ..CacheSettings::default()
    };
    let cache = CredentialsCache::with(Arc::new(chain), clock.clone(), settings);

    let first = cache.credentials().await.unwrap();
    assert_eq!(first.access_key_id(), "ASIA1");
    assert_eq!(first.session_token(), Some("TOKEN1"));
    let expiry: jiff::Timestamp = "2030-01-01T01:00:00Z".parse().unwrap();
    assert_eq!(first.expiry(), Some(expiry.into()));

    clock.advance(Duration::from_secs(50 * 60));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "ASIA1");
    assert_eq!(sts.seen().len(), 1, "still fresh 10 minutes before expiry");

    clock.advance(Duration::from_secs(6 * 60));
    assert_eq!(cache.credentials().await.unwrap().access_key_id(), "ASIA2");
    assert_eq!(sts.seen().len(), 2, "refreshed 4 minutes before expiry");
    assert_eq!(cache.fetch_count(), 2);

    // Every AssumeRole went to the endpoint override, signed with the source profile's keys
    // for STS in the profile's region.
    for seen in sts.seen() {
        assert_eq!(seen.method, "POST");
        let authorization = seen.header("authorization").expect("signed");
        assert!(
            authorization.contains("Credential=BASEAKID/")
                && authorization.contains("/eu-west-3/sts/aws4_request"),
            "{authorization}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_identity_goes_unsigned_and_sts_errors_name_the_role() {
    let sts = Server::start(|seen| match seen.header("authorization") {
        None => Reply::ok(assume_role_xml(
            "AssumeRoleWithWebIdentity",
            7,
            "2030-01-01T01:00:00Z",
        )),
        Some(_) => Reply::status(
            400,
            "<ErrorResponse><Error><Type>Sender</Type><Code>Signed</Code><Message>should not be signed</Message></Error></ErrorResponse>",
        ),
    });
    let home = Home::new(ROLE_CONFIG, "");
    let token = home.write("token", "header.payload.signature");
    let chain = DefaultChain::builder()
        .env(env(
            &home,
            &[
                ("AWS_WEB_IDENTITY_TOKEN_FILE", token.display().to_string()),
                ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web".into()),
                ("AWS_ENDPOINT_URL_STS", sts.url()),
                ("AWS_PROFILE", "base".into()),
                ("AWS_REGION", "us-west-2".into()),
            ],
        ))
        .build();
    // The environment's web identity wins over the profile's static keys (botocore's order).
    let resolved = chain.resolve().await.unwrap();
    assert_eq!(
        resolved.method.botocore_name(),
        "assume-role-with-web-identity"
    );
    assert_eq!(resolved.credentials.access_key_id(), "ASIA7");
    assert!(sts.seen()[0].header("authorization").is_none());
    assert!(sts.seen()[0].header("x-amz-security-token").is_none());

    // A refusal names the profile and the role, and never the keys.
    let refusing = Server::start(|_| {
        Reply::status(
            403,
            "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error></ErrorResponse>",
        )
    });
    let chain = DefaultChain::builder()
        .env(env(
            &home,
            &[
                ("AWS_PROFILE", "role".into()),
                ("AWS_ENDPOINT_URL_STS", refusing.url()),
            ],
        ))
        .build();
    let error = chain.resolve().await.unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    let text = error.to_string();
    assert!(text.contains("profile `role`"), "{text}");
    assert!(text.contains("arn:aws:iam::123456789012:role/r"), "{text}");
    assert!(text.contains("AccessDenied"), "{text}");
    assert!(!text.contains("BASESECRET"), "{text}");
}

const SSO_CONFIG: &str = "\
[profile dev]
sso_session = corp
sso_account_id = 111122223333
sso_role_name = Admin
[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = us-east-2
";

/// `sha1("corp")`, the cache file name of the `corp` session.
const CORP_CACHE: &str = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";

fn cached_token(access: &str, expires_at: &str) -> String {
    format!(
        r#"{{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-2", "accessToken": "{access}", "expiresAt": "{expires_at}", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2031-01-01T00:00:00Z", "refreshToken": "rt"}}"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sso_session_token_is_refreshed_or_used_while_valid() {
    // SSO answers with keys named after the bearer token it was given.
    let sso = Server::start(|seen| {
        assert!(seen.header("authorization").is_none(), "unsigned");
        let token = seen.header("x-amz-sso_bearer_token").unwrap_or("none");
        Reply::ok(format!(
            r#"{{"roleCredentials": {{"accessKeyId": "SSO-{token}", "secretAccessKey": "S", "sessionToken": "T", "expiration": 1893459600000}}}}"#
        ))
    });
    let refresh_works = Arc::new(AtomicUsize::new(1));
    let works = refresh_works.clone();
    let oidc = Server::start(move |_| match works.load(Ordering::SeqCst) {
        1 => Reply::ok(
            r#"{"accessToken": "fresh", "expiresIn": 3600, "refreshToken": "rt2", "tokenType": "Bearer"}"#,
        ),
        _ => Reply::status(
            400,
            r#"{"error": "invalid_grant", "error_description": "no"}"#,
        ),
    });
    let home = Home::new(SSO_CONFIG, "");
    let cache_file = home.path().join(CORP_CACHE);
    std::fs::create_dir_all(cache_file.parent().unwrap()).unwrap();
    let clock = ManualClock::at("2030-01-01T00:00:00Z");
    let chain = |clock: Arc<ManualClock>| {
        DefaultChain::builder()
            .env(env(
                &home,
                &[
                    ("AWS_PROFILE", "dev".into()),
                    ("AWS_ENDPOINT_URL_SSO", sso.url()),
                    ("AWS_ENDPOINT_URL_SSO_OIDC", oidc.url()),
                ],
            ))
            .clock(clock)
            .build()
    };

    // Valid for an hour: used as it is.
    std::fs::write(&cache_file, cached_token("old", "2030-01-01T01:00:00Z")).unwrap();
    let resolved = chain(clock.clone()).resolve().await.unwrap();
    assert_eq!(resolved.credentials.access_key_id(), "SSO-old");
    let expiry: jiff::Timestamp = "2030-01-01T01:00:00Z".parse().unwrap();
    assert_eq!(resolved.credentials.expiry(), Some(expiry.into()));
    assert_eq!(oidc.seen().len(), 0);

    // Ten minutes left: refreshed, and the cache file rewritten as botocore writes it.
    clock.advance(Duration::from_secs(50 * 60));
    let resolved = chain(clock.clone()).resolve().await.unwrap();
    assert_eq!(resolved.credentials.access_key_id(), "SSO-fresh");
    assert_eq!(oidc.seen().len(), 1);
    assert_eq!(oidc.seen()[0].path, "/token");
    assert_eq!(
        std::fs::read_to_string(&cache_file).unwrap(),
        r#"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-2", "accessToken": "fresh", "expiresAt": "2030-01-01T01:50:00Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2031-01-01T00:00:00Z", "refreshToken": "rt2"}"#
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&cache_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The refresh fails: the old token is used while it is valid, then the profile fails.
    refresh_works.store(0, Ordering::SeqCst);
    std::fs::write(&cache_file, cached_token("old", "2030-01-01T01:00:00Z")).unwrap();
    let resolved = chain(clock.clone()).resolve().await.unwrap();
    assert_eq!(resolved.credentials.access_key_id(), "SSO-old");
    clock.advance(Duration::from_secs(11 * 60));
    let error = chain(clock.clone()).resolve().await.unwrap_err();
    let text = error.to_string();
    assert!(text.contains("profile `dev`"), "{text}");
    assert!(text.contains("aws sso login --profile dev"), "{text}");
    assert!(
        !text.contains("csecret") && !text.contains("\"old\""),
        "{text}"
    );
}

#[tokio::test]
async fn a_missing_or_expired_legacy_token_says_to_log_in() {
    let home = Home::new(
        "[profile legacy]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n\
         sso_account_id = 1\nsso_role_name = R\n",
        "",
    );
    let env = env(&home, &[("AWS_PROFILE", "legacy".into())]);
    let chain = DefaultChain::builder().env(env.clone()).build();
    let text = chain.resolve().await.unwrap_err().to_string();
    assert!(text.contains("no cached SSO token for start URL"), "{text}");
    assert!(text.contains("aws sso login --profile legacy"), "{text}");

    let center = SsoIdentityCenter::new(env.clone());
    let plan = awsgen_credentials::ProfileSource::new(env)
        .plan()
        .unwrap()
        .unwrap();
    let awsgen_credentials::Base::Sso(sso) = &plan.base else {
        panic!("{plan:?}")
    };
    let path = center.token_path(sso).unwrap();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        &path,
        r#"{"accessToken": "a", "expiresAt": "2001-01-01T00:00:00UTC"}"#,
    )
    .unwrap();
    let text = chain.resolve().await.unwrap_err().to_string();
    assert!(text.contains("has expired"), "{text}");
    assert!(text.contains("aws sso login --profile legacy"), "{text}");
}

#[tokio::test]
async fn without_a_region_sts_is_not_called() {
    let home = Home::new(ROLE_CONFIG.replace("region = eu-west-3\n", "").as_str(), "");
    let chain = DefaultChain::builder()
        .env(env(
            &home,
            &[
                ("AWS_PROFILE", "role".into()),
                ("AWS_ENDPOINT_URL_STS", closed_port_url()),
            ],
        ))
        .build();
    let text = chain.resolve().await.unwrap_err().to_string();
    assert!(text.contains("profile `role`"), "{text}");
    assert!(text.contains("no region to call STS in"), "{text}");
}

/// `credential_source = Environment`: the environment's keys sign the `AssumeRole` (the
/// profile source alone; in the default chain the environment's keys come first and win, as
/// in botocore, unless a caller selects the profile explicitly).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn credential_source_environment_signs_with_the_environment_keys() {
    let sts =
        Server::start(|_| Reply::ok(assume_role_xml("AssumeRole", 3, "2030-01-01T01:00:00Z")));
    let home = Home::new(
        "[profile role-env]\nrole_arn = arn:aws:iam::123456789012:role/env\n\
         credential_source = Environment\nregion = us-east-2\n",
        "",
    );
    let source = awsgen_credentials::ProfileSource::new(env(
        &home,
        &[
            ("AWS_PROFILE", "role-env".into()),
            ("AWS_ACCESS_KEY_ID", "ENVAKID".into()),
            ("AWS_SECRET_ACCESS_KEY", "ENVSECRET".into()),
            ("AWS_SESSION_TOKEN", "ENVTOKEN".into()),
            ("AWS_ENDPOINT_URL_STS", sts.url()),
        ],
    ));
    let credentials = awsgen_credentials::ProvideCredentials::provide_credentials(&source)
        .await
        .unwrap();
    assert_eq!(credentials.access_key_id(), "ASIA3");
    let seen = &sts.seen()[0];
    let authorization = seen.header("authorization").unwrap();
    assert!(
        authorization.contains("Credential=ENVAKID/") && authorization.contains("/us-east-2/sts/"),
        "{authorization}"
    );
    assert_eq!(seen.header("x-amz-security-token"), Some("ENVTOKEN"));
}
