//! The default chain over real parts: precedence, failures that stop it, its error when
//! nothing is configured, the cache in front of it, the region chain, and that no secret
//! reaches any text.

mod support;

use std::sync::Arc;
use std::time::Duration;

use awsgen_credentials::{
    CacheSettings, CredentialsCache, CredentialsErrorKind, DefaultChain, DefaultRegion, Env,
    Method, RegionSource,
};
use support::{
    Home, Imds, ImdsMode, ManualClock, Reply, Server, closed_port_url, credentials_json,
};

struct World {
    home: Home,
    imds: Imds,
    container: Server,
}

impl World {
    fn new(config: &str, credentials: &str) -> World {
        World {
            home: Home::new(config, credentials),
            imds: Imds::start(
                ImdsMode::V2,
                credentials_json(
                    "IMDSAKID",
                    "IMDSSECRET",
                    "IMDSTOKEN",
                    "2030-01-01T06:00:00Z",
                ),
            ),
            container: Server::start(|seen| match seen.path.as_str() {
                "/ok" => Reply::ok(credentials_json(
                    "CONTAKID",
                    "CONTSECRET",
                    "CONTTOKEN",
                    "2030-01-01T06:00:00Z",
                )),
                _ => Reply::status(500, ""),
            }),
        }
    }

    fn env(&self, extra: &[(&str, String)]) -> Env {
        let mut pairs = vec![
            ("HOME".to_owned(), self.home.home()),
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT".to_owned(),
                self.imds.server.url(),
            ),
        ];
        pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.clone())));
        Env::from_pairs(pairs)
    }

    fn chain(&self, extra: &[(&str, String)]) -> DefaultChain {
        DefaultChain::builder()
            .env(self.env(extra))
            .clock(ManualClock::at("2030-01-01T00:00:00Z"))
            .container_relative_base(self.container.url())
            .build()
    }
}

fn v(value: &str) -> String {
    value.to_owned()
}

const STATIC: &str =
    "[default]\naws_access_key_id = PROFAKID\naws_secret_access_key = PROFSECRET\n";

#[tokio::test]
async fn each_source_in_its_turn() {
    let world = World::new("", STATIC);
    let keys = [
        ("AWS_ACCESS_KEY_ID", v("ENVAKID")),
        ("AWS_SECRET_ACCESS_KEY", v("ENVSECRET")),
    ];
    let container = ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", v("/ok"));
    let resolved = world
        .chain(&[keys[0].clone(), keys[1].clone(), container.clone()])
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (resolved.method, resolved.credentials.access_key_id()),
        (Method::Environment, "ENVAKID")
    );
    let resolved = world
        .chain(std::slice::from_ref(&container))
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (resolved.method, resolved.credentials.access_key_id()),
        (Method::SharedCredentialsFile, "PROFAKID")
    );

    let world = World::new("", "");
    let resolved = world.chain(&[container]).resolve().await.unwrap();
    assert_eq!(
        (resolved.method, resolved.credentials.access_key_id()),
        (Method::Container, "CONTAKID")
    );
    assert_eq!(world.imds.server.seen().len(), 0, "IMDS is not asked");
    let resolved = world.chain(&[]).resolve().await.unwrap();
    assert_eq!(
        (resolved.method, resolved.credentials.access_key_id()),
        (Method::Imds, "IMDSAKID")
    );
}

/// A configured source that fails stops the chain: IMDS is never asked.
#[tokio::test]
async fn a_failing_source_stops_the_chain() {
    let world = World::new("", "");
    let error = world
        .chain(&[(
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
            v("http://example.com/creds"),
        )])
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.source_name()),
        (CredentialsErrorKind::Failed, "container credentials")
    );
    let error = world
        .chain(&[("AWS_ACCESS_KEY_ID", v("ENVAKID"))])
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.source_name()),
        (CredentialsErrorKind::Failed, "environment")
    );
    assert_eq!(world.imds.server.seen().len(), 0);
}

/// Before any source: a profile that AWS_PROFILE names but no file has, a malformed file or
/// a bad IMDS setting fails the chain, even with keys in the environment (as botocore).
#[tokio::test]
async fn the_files_and_settings_are_checked_first() {
    let world = World::new("[default]\nregion = eu-west-1\n", "");
    let keys = [
        ("AWS_ACCESS_KEY_ID", v("ENVAKID")),
        ("AWS_SECRET_ACCESS_KEY", v("ENVSECRET")),
    ];
    let with = |extra: (&'static str, String)| [keys[0].clone(), keys[1].clone(), extra];
    let error = world
        .chain(&with(("AWS_PROFILE", v("nope"))))
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::Failed);
    assert!(
        error
            .message()
            .starts_with("the profile `nope` named by AWS_PROFILE is in neither "),
        "{error}"
    );
    let bad = world.home.write("bad-config", "[profile x\n");
    let error = world
        .chain(&with(("AWS_CONFIG_FILE", bad.display().to_string())))
        .resolve()
        .await
        .unwrap_err();
    assert!(
        error
            .message()
            .ends_with("is malformed: line 1: section header without `]`"),
        "{error}"
    );
    let error = world
        .chain(&with(("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", v("IPv5"))))
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(error.source_name(), "EC2 instance metadata");
}

/// When nothing is configured, the error says what each source looked for.
#[tokio::test]
async fn nothing_configured_lists_what_was_looked_for() {
    let home = Home::new("", "");
    let env = Env::from_pairs([
        ("HOME", home.home()),
        ("AWS_EC2_METADATA_SERVICE_ENDPOINT", closed_port_url()),
    ]);
    let error = DefaultChain::builder()
        .env(env)
        .build()
        .resolve()
        .await
        .unwrap_err();
    assert_eq!(error.kind(), CredentialsErrorKind::NotConfigured);
    let message = error.to_string();
    for part in [
        "default credential chain: no source is configured: environment: AWS_ACCESS_KEY_ID is not set; ",
        "; profile `default`: none of role_arn, web_identity_token_file (or AWS_WEB_IDENTITY_TOKEN_FILE), sso_account_id, sso_role_name, aws_access_key_id, login_session or credential_process in ",
        "; container credentials: neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set; ",
        "; EC2 instance metadata: no answer from http://127.0.0.1:",
        "without a token (the token request failed: ",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
}

/// 64 concurrent calls through a client's cache, before and across the refresh point:
/// one fetch from the container endpoint each time.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_cache_refreshes_a_real_source_once() {
    // Each fetch hands out credentials for six more hours, as a real endpoint would.
    let fetches = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let counter = fetches.clone();
    let endpoint = Server::start(move |_| {
        let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let expiration =
            jiff::Timestamp::from_second(1_893_456_000 + 6 * 3600 * (n as i64 + 1)).unwrap();
        Reply::ok(credentials_json(
            "CONTAKID",
            "CONTSECRET",
            "CONTTOKEN",
            &expiration.to_string(),
        ))
    });
    let world = World::new("", "");
    let clock = ManualClock::at("2030-01-01T00:00:00Z");
    let chain = DefaultChain::builder()
        .env(world.env(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", v("/ok"))]))
        .clock(clock.clone())
        .container_relative_base(endpoint.url())
        .build();
    let settings = CacheSettings {
        jitter: Duration::ZERO,
        ..CacheSettings::default()
    };
    let cache = Arc::new(CredentialsCache::with(
        Arc::new(chain),
        clock.clone(),
        settings,
    ));
    let burst = || {
        let tasks: Vec<_> = (0..64)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move {
                    cache
                        .credentials()
                        .await
                        .unwrap()
                        .access_key_id()
                        .to_owned()
                })
            })
            .collect();
        async move {
            for task in tasks {
                assert_eq!(task.await.unwrap(), "CONTAKID");
            }
        }
    };
    burst().await;
    assert_eq!(endpoint.seen().len(), 1);
    clock.advance(Duration::from_secs(5 * 3600 + 50 * 60));
    burst().await;
    assert_eq!(
        endpoint.seen().len(),
        1,
        "still fresh 10 minutes before expiry"
    );
    clock.advance(Duration::from_secs(6 * 60));
    burst().await;
    assert_eq!(
        endpoint.seen().len(),
        2,
        "one refresh inside the refresh window"
    );
    assert_eq!(cache.fetch_count(), 2);
}

#[tokio::test]
async fn the_region_chain() {
    let world = World::new(
        "[default]\nregion = eu-west-1\n[profile other]\nregion = ap-south-1\n",
        "",
    );
    let region = |extra: &[(&str, String)]| DefaultRegion::new(world.env(extra));
    let r = region(&[
        ("AWS_REGION", v("us-east-2")),
        ("AWS_DEFAULT_REGION", v("us-west-1")),
    ])
    .resolve()
    .await
    .unwrap();
    assert_eq!(
        (r.name.as_str(), r.source),
        ("us-east-2", RegionSource::AwsRegion)
    );
    let r = region(&[("AWS_DEFAULT_REGION", v("us-west-1"))])
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (r.name.as_str(), r.source),
        ("us-west-1", RegionSource::AwsDefaultRegion)
    );
    let r = region(&[("AWS_PROFILE", v("other"))])
        .resolve()
        .await
        .unwrap();
    assert_eq!(
        (r.name.as_str(), r.source),
        ("ap-south-1", RegionSource::Profile)
    );
    let empty = World::new("", "");
    let r = DefaultRegion::new(empty.env(&[])).resolve().await.unwrap();
    assert_eq!(
        (r.name.as_str(), r.source),
        ("us-west-2", RegionSource::Imds)
    );
    assert_eq!(
        DefaultRegion::new(empty.env(&[("AWS_EC2_METADATA_DISABLED", v("true"))]))
            .resolve()
            .await,
        None
    );
}

/// `from_env_with` gives a builder with the region and the chain (AWS_DEFAULT_PROFILE
/// winning over AWS_PROFILE, as in botocore).
#[tokio::test]
async fn from_env_gives_a_client_configuration() {
    let world = World::new(
        "[profile a]\nregion = eu-west-3\n",
        "[a]\naws_access_key_id = AAKID\naws_secret_access_key = AS\n",
    );
    let chain = DefaultChain::builder()
        .env(world.env(&[("AWS_DEFAULT_PROFILE", v("a")), ("AWS_PROFILE", v("b"))]));
    let config = awsgen_credentials::from_env_with(chain).await.build();
    assert_eq!(config.region(), Some("eu-west-3"));
    let provider = config.credentials_provider().unwrap();
    assert_eq!(
        provider
            .provide_credentials()
            .await
            .unwrap()
            .access_key_id(),
        "AAKID"
    );
}

/// No secret in any Debug, Display or error text of any source.
#[tokio::test]
async fn no_secret_in_any_text() {
    // `token-1` is the IMDS session token, cached by the chain after its first fetch.
    const SECRETS: [&str; 8] = [
        "ENVSECRET",
        "ENVTOKEN",
        "PROFSECRET",
        "CONTSECRET",
        "CONTTOKEN",
        "IMDSSECRET",
        "IMDSTOKEN",
        "token-1",
    ];
    let world = World::new(
        "",
        "[p]\naws_access_key_id = PROFAKID\naws_secret_access_key = PROFSECRET\n",
    );
    let mut texts = Vec::new();
    let env_keys = [
        ("AWS_ACCESS_KEY_ID", v("ENVAKID")),
        ("AWS_SECRET_ACCESS_KEY", v("ENVSECRET")),
        ("AWS_SESSION_TOKEN", v("ENVTOKEN")),
    ];
    for extra in [
        env_keys.to_vec(),
        vec![("AWS_PROFILE", v("p"))],
        vec![],
        vec![("AWS_PROFILE", v("missing")), env_keys[1].clone()],
        vec![
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", v("/ok")),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", v("CONTTOKEN")),
        ],
        vec![
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", v("/fails")),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", v("CONTTOKEN")),
        ],
        vec![
            ("AWS_ACCESS_KEY_ID", v("ENVAKID")),
            ("AWS_SESSION_TOKEN", v("ENVTOKEN")),
        ],
    ] {
        let chain = world.chain(&extra);
        texts.push(format!("{chain:?} {:?}", world.env(&extra)));
        match chain.resolve().await {
            Ok(resolved) => texts.push(format!("{resolved:?} {chain:?}")),
            Err(error) => texts.push(format!("{error} {error:?}")),
        }
        if let Ok(Some(plan)) = awsgen_credentials::ProfileSource::new(world.env(&extra)).plan() {
            texts.push(format!("{plan:?}"));
        }
    }
    let all = texts.join("\n");
    for made in ["ENVAKID", "PROFAKID", "CONTAKID", "IMDSAKID"] {
        assert!(all.contains(made), "no text with {made}");
    }
    for secret in SECRETS {
        assert!(!all.contains(secret), "{secret} in:\n{all}");
    }
}
