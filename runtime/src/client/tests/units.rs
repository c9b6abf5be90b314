//! Tokens, retry decisions, endpoints, signing vectors, user agent and redaction.

use std::collections::BTreeSet;
use std::time::{Duration, SystemTime};

use super::dummy::{PutThingError, PutThingOnce, PutThingUnsigned, SELLING, input};
use crate::CallFailure;
use crate::client::endpoint::{Inputs, request_uri, resolve};
use crate::client::retry::{
    RetryKind, backoff, classify_response, format_uuid_v4, with_retry_after,
};
use crate::client::{Client, Config, Credentials, RetryConfig, ServiceInfo, sign, uuid_v4};
use crate::endpoint::RuleSet;

fn is_uuid_v4(text: &str) -> bool {
    text.len() == 36
        && text.char_indices().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            14 => c == '4',
            19 => matches!(c, '8' | '9' | 'a' | 'b'),
            _ => c.is_ascii_digit() || ('a'..='f').contains(&c),
        })
}

#[test]
fn tokens_are_random_uuid_v4() {
    let tokens: BTreeSet<String> = (0..1000).map(|_| uuid_v4().expect("token")).collect();
    assert_eq!(tokens.len(), 1000);
    assert!(tokens.iter().all(|t| is_uuid_v4(t)), "{tokens:?}");
    assert_eq!(
        format_uuid_v4([0; 16]),
        "00000000-0000-4000-8000-000000000000"
    );
    assert_eq!(
        format_uuid_v4([0xff; 16]),
        "ffffffff-ffff-4fff-bfff-ffffffffffff"
    );
}

/// The model decides for the codes it names (botocore's `ModeledRetryableChecker` and
/// `ThrottlingStatusCodeChecker`); the fixed throttling codes win over it.
#[test]
fn modeled_errors_are_retried_as_their_model_says() {
    use crate::ModeledRetry;
    let modeled = [
        ("ServiceQuotaExceededException", ModeledRetry::Transient),
        ("Busy", ModeledRetry::Throttling),
        ("TooManyWidgets", ModeledRetry::No),
        ("ThrottlingException", ModeledRetry::No),
    ];
    let classify = |status, code: &str, modeled: &[(&str, ModeledRetry)]| {
        let body = format!(r#"{{"__type": "{code}"}}"#);
        classify_response(status, None, body.as_bytes(), modeled)
    };
    let transient = Some(RetryKind::Transient);
    let throttling = Some(RetryKind::Throttling);
    assert_eq!(
        classify(402, "ServiceQuotaExceededException", &modeled),
        transient
    );
    assert_eq!(classify(402, "ServiceQuotaExceededException", &[]), None);
    assert_eq!(classify(400, "Busy", &modeled), throttling);
    assert_eq!(classify(429, "TooManyWidgets", &modeled), None);
    assert_eq!(classify(429, "TooManyWidgets", &[]), throttling);
    assert_eq!(classify(400, "ThrottlingException", &modeled), throttling);
    // A modeled error with a 5xx status is still retried for its status.
    assert_eq!(classify(503, "TooManyWidgets", &modeled), transient);
    // Internal errors are retried for their 5xx status, not their code.
    assert_eq!(classify(400, "InternalServerException", &[]), None);
    assert_eq!(classify(500, "InternalServerException", &[]), transient);
}

#[test]
fn throttling_and_transient_errors_are_retried_others_not() {
    let classify =
        |status, header, body: &str| classify_response(status, header, body.as_bytes(), &[]);
    assert_eq!(classify(200, None, "{}"), None);
    assert_eq!(
        classify(400, None, r#"{"__type": "ns#ThrottlingException"}"#),
        Some(RetryKind::Throttling)
    );
    assert_eq!(
        classify(400, Some("SlowDown"), ""),
        Some(RetryKind::Throttling)
    );
    assert_eq!(classify(503, None, "<html>"), Some(RetryKind::Transient));
    assert_eq!(classify(504, None, ""), Some(RetryKind::Transient));
    assert_eq!(
        classify(400, None, r#"{"code": "RequestTimeout"}"#),
        Some(RetryKind::Transient)
    );
    assert_eq!(
        classify(400, None, r#"{"__type": "ValidationException"}"#),
        None
    );
    assert_eq!(
        classify(403, None, r#"{"__type": "AccessDeniedException"}"#),
        None
    );
    assert_eq!(classify(501, None, ""), None);
    assert_eq!(classify(429, None, ""), Some(RetryKind::Throttling));
}

#[test]
fn backoff_is_jittered_below_an_exponential_ceiling() {
    let config = RetryConfig::STANDARD;
    for retry in 0..10 {
        let ceiling = (Duration::from_millis(50) * 2u32.pow(retry)).min(config.max_backoff);
        for _ in 0..50 {
            assert!(backoff(&config, RetryKind::Transient, retry) <= ceiling);
        }
    }
    assert!(backoff(&config, RetryKind::Throttling, u32::MAX) <= config.max_backoff);
    let waits: BTreeSet<Duration> = (0..20)
        .map(|_| backoff(&config, RetryKind::Throttling, 3))
        .collect();
    assert!(waits.len() > 1, "no jitter: {waits:?}");
}

#[test]
fn a_retry_after_hint_raises_the_backoff_by_at_most_five_seconds() {
    let ms = Duration::from_millis;
    assert_eq!(with_retry_after(ms(100), None), ms(100));
    assert_eq!(with_retry_after(ms(100), Some("1500")), ms(1500));
    assert_eq!(with_retry_after(ms(100), Some(" 20000 ")), ms(5100));
    // A hint never shortens the wait.
    assert_eq!(with_retry_after(ms(100), Some("10")), ms(100));
    for ignored in ["-5", "1.5", "soon", ""] {
        assert_eq!(
            with_retry_after(ms(100), Some(ignored)),
            ms(100),
            "{ignored}"
        );
    }
}

fn selling_rules() -> RuleSet {
    RuleSet::from_json(
        &serde_json::from_str(SELLING.endpoint_rules.unwrap_or_default()).expect("JSON"),
    )
    .expect("rules")
}

fn inputs(region: &str) -> Inputs<'_> {
    Inputs {
        region,
        endpoint_url: None,
        use_fips: false,
        use_dual_stack: false,
        signing_name: "partnercentral-selling",
        params: &NO_PARAMS,
    }
}

static NO_PARAMS: crate::endpoint::Params = crate::endpoint::Params::new();

#[test]
fn the_selling_rule_set_resolves_regional_and_fips_endpoints() {
    let rules = selling_rules();
    let target = resolve(Some(&rules), &inputs("us-east-1")).expect("endpoint");
    assert_eq!(
        target.uri,
        "https://partnercentral-selling.us-east-1.api.aws/"
    );
    assert_eq!(target.host, "partnercentral-selling.us-east-1.api.aws");
    assert_eq!(
        (target.signing_region.as_str(), target.signing_name.as_str()),
        ("us-east-1", "partnercentral-selling")
    );
    let fips = Inputs {
        use_fips: true,
        ..inputs("us-east-1")
    };
    assert_eq!(
        resolve(Some(&rules), &fips).expect("endpoint").uri,
        "https://partnercentral-selling-fips.us-east-1.api.aws/"
    );
    let custom = Inputs {
        endpoint_url: Some("http://localhost:4566/base"),
        ..inputs("us-east-1")
    };
    assert_eq!(
        resolve(Some(&rules), &custom).expect("endpoint").uri,
        "http://localhost:4566/base/"
    );
    let both = Inputs {
        use_fips: true,
        ..custom
    };
    assert!(matches!(
        resolve(Some(&rules), &both),
        Err(CallFailure::Endpoint(_))
    ));
}

#[test]
fn auth_schemes_set_the_signing_scope() {
    let rules = RuleSet::from_json(&serde_json::json!({
        "version": "1.0",
        "parameters": {"Region": {"type": "string", "builtIn": "AWS::Region"}},
        "rules": [{"type": "endpoint", "conditions": [], "endpoint": {
            "url": "https://example.com",
            "properties": {"authSchemes": [
                {"name": "sigv4a", "signingRegionSet": ["*"]},
                {"name": "sigv4", "signingRegion": "eu-west-1", "signingName": "other"}]},
            "headers": {"x-extra": ["1", "2"]}
        }}]
    }))
    .expect("rules");
    let target = resolve(Some(&rules), &inputs("us-east-1")).expect("endpoint");
    assert_eq!(target.signing_region, "eu-west-1");
    assert_eq!(target.signing_name, "other");
    assert_eq!(target.headers.len(), 2);
}

#[test]
fn endpoint_urls_become_request_uris() {
    let uri = |url| request_uri(url).map_err(|e| e.to_string());
    assert_eq!(uri("https://a.example").unwrap().0, "https://a.example/");
    assert_eq!(
        uri("https://a.example:443/").unwrap(),
        ("https://a.example/".into(), "a.example".into())
    );
    assert_eq!(
        uri("http://127.0.0.1:8080/p/q").unwrap().0,
        "http://127.0.0.1:8080/p/q/"
    );
    assert_eq!(
        uri("http://127.0.0.1:8080/p/q").unwrap().1,
        "127.0.0.1:8080"
    );
    assert_eq!(uri("http://[::1]:80/").unwrap().1, "[::1]");
    for bad in [
        "",
        "localhost:4566",
        "ftp://a.example",
        "https://a.example/?x=1",
        "not a url",
        "/path",
    ] {
        assert!(uri(bad).is_err(), "{bad}");
    }
}

/// Vectors from botocore 1.43.11's `SigV4Auth` for the same request at 2024-05-17T12:34:56Z
/// (botocore computes `host` from the URL).
#[test]
fn signatures_match_botocore() {
    let body = br#"{"Catalog":"AWS","ClientToken":"7f1c4d1e-0000-4000-8000-000000000000"}"#;
    let length = body.len().to_string();
    let headers = [
        ("Content-Type", "application/x-amz-json-1.0"),
        ("X-Amz-Target", "AWSPartnerCentralSelling.CreateOpportunity"),
        ("Content-Length", length.as_str()),
        ("User-Agent", "awsgen/0.1.0 test"),
    ];
    let request = sign::Request {
        method: "POST",
        uri: "https://partnercentral-selling.us-east-1.api.aws/",
        headers: &headers,
        payload: sign::Payload::Bytes(body),
    };
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_715_949_296);
    let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    let cases = [
        (
            None,
            "content-length;content-type;host;x-amz-date;x-amz-target",
            "dfccc37bf6d87d5784d92f4d915c8de709ce35709b4618040cb95a09593b0261",
        ),
        (
            Some("SESSIONTOKEN/example+=="),
            "content-length;content-type;host;x-amz-date;x-amz-security-token;x-amz-target",
            "8602afc96c86fab95292c26bc617ae9c0955374e1611a18d35e7c249a25126b3",
        ),
    ];
    for (token, signed_headers, signature) in cases {
        let credentials = Credentials::new("AKIDEXAMPLE", secret, token.map(str::to_owned));
        let scope = sign::Scope {
            credentials: &credentials,
            region: "us-east-1",
            signing_name: "partnercentral-selling",
            time,
        };
        let added = sign::signing_headers(&scope, &request).expect("signed");
        let expected_authorization = format!(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240517/us-east-1/partnercentral-selling/aws4_request, \
             SignedHeaders={signed_headers}, Signature={signature}"
        );
        let mut expected = vec![
            ("x-amz-date", "20240517T123456Z".to_owned()),
            ("authorization", expected_authorization),
        ];
        if let Some(token) = token {
            expected.push(("x-amz-security-token", token.to_owned()));
        }
        assert_eq!(added, expected);
    }
}

#[test]
fn signing_rejects_what_the_signer_would_panic_on() {
    let credentials = Credentials::new("a", "s", None);
    let scope = |time| sign::Scope {
        credentials: &credentials,
        region: "us-east-1",
        signing_name: "svc",
        time,
    };
    let request = |uri| sign::Request {
        method: "POST",
        uri,
        headers: &[],
        payload: sign::Payload::Bytes(b""),
    };
    let now = SystemTime::now();
    for uri in ["/", "", "no host", "https://"] {
        let result = sign::authorization_header(&scope(now), &request(uri));
        assert!(
            matches!(result, Err(CallFailure::Signing(_))),
            "{uri}: {result:?}"
        );
    }
    let far = SystemTime::UNIX_EPOCH + Duration::from_secs(300_000_000_000);
    let result = sign::authorization_header(&scope(far), &request("https://a.example/"));
    assert!(matches!(result, Err(CallFailure::Signing(_))));
    let before = SystemTime::UNIX_EPOCH - Duration::from_secs(1);
    assert!(sign::authorization_header(&scope(before), &request("https://a.example/")).is_err());
    let bad_header = sign::Request {
        headers: &[("bad name", "v")],
        ..request("https://a.example/")
    };
    assert!(sign::authorization_header(&scope(now), &bad_header).is_err());
}

#[test]
fn debug_output_redacts_secrets() {
    let credentials = Credentials::new("AKID", "SECRET", Some("TOKEN".to_owned()));
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .build();
    let client = Client::new(&SELLING, config.clone()).expect("client");
    for text in [
        format!("{credentials:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
    ] {
        assert!(text.contains("AKID"), "{text}");
        assert!(
            !text.contains("SECRET") && !text.contains("TOKEN"),
            "{text}"
        );
    }
    assert_eq!(
        Credentials::new("a", "b", Some(String::new())).session_token(),
        None
    );
}

#[test]
fn a_client_needs_region_credentials_and_good_rules() {
    let credentials = Credentials::new("AKID", "SECRET", None);
    let message = |config: Config, service: &'static ServiceInfo| match Client::new(service, config)
    {
        Err(CallFailure::Config(message)) => message,
        other => panic!("{other:?}"),
    };
    let no_region = message(
        Config::builder().credentials(credentials.clone()).build(),
        &SELLING,
    );
    assert!(no_region.starts_with("no region"), "{no_region}");
    let no_credentials = message(Config::builder().region("us-east-1").build(), &SELLING);
    assert!(
        no_credentials.starts_with("no credentials"),
        "{no_credentials}"
    );

    static BROKEN: ServiceInfo = ServiceInfo {
        endpoint_rules: Some("{\"version\": 1"),
        ..SELLING
    };
    let config = Config::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .build();
    assert!(message(config.clone(), &BROKEN).contains("malformed"));
    static WRONG: ServiceInfo = ServiceInfo {
        endpoint_rules: Some("[]"),
        ..SELLING
    };
    assert!(message(config.clone(), &WRONG).contains("malformed"));

    // Without rules, only an endpoint URL says where to go.
    static RULELESS: ServiceInfo = ServiceInfo {
        endpoint_rules: None,
        ..SELLING
    };
    assert!(message(config.clone(), &RULELESS).contains("no endpoint rules"));
    let with_url = Config::builder()
        .region("us-east-1")
        .credentials(credentials.clone())
        .endpoint_url("http://127.0.0.1:9/x")
        .build();
    let client = Client::new(&RULELESS, with_url).expect("client");
    assert_eq!(client.endpoint(), "http://127.0.0.1:9/x/");

    let fips_override = Config::builder()
        .region("us-east-1")
        .credentials(credentials)
        .use_fips(true)
        .endpoint_url("http://localhost:1")
        .build();
    assert!(matches!(
        Client::new(&SELLING, fips_override),
        Err(CallFailure::Endpoint(_))
    ));
}

#[test]
fn request_compression_gzips_large_bodies_of_operations_that_allow_it() {
    use std::io::Read as _;

    use super::dummy::{PutThingGzip, PutThingOnce, input};

    let client = |compression: Option<usize>| {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "SECRET", None))
            .request_compression(compression)
            .build();
        Client::new(&SELLING, config).unwrap()
    };
    let large = input(&"x".repeat(20_000));
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let encoding = |request: &http::Request<bytes::Bytes>| {
        request
            .headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap().to_owned())
    };

    // Default minimum: the large body is gzipped, signed as sent, and reads back.
    let default = client(Some(Config::DEFAULT_MIN_COMPRESSION_SIZE));
    let request = default
        .request_for::<PutThingGzip>(large.clone(), time)
        .unwrap();
    assert_eq!(encoding(&request).as_deref(), Some("gzip"));
    assert_eq!(
        request.headers()["content-length"].to_str().unwrap(),
        request.body().len().to_string()
    );
    let mut text = String::new();
    flate2::read::GzDecoder::new(&request.body()[..])
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, serde_json::to_string(&large).unwrap());

    // A small body, an operation without the trait, or compression off: sent as it is.
    let small = default
        .request_for::<PutThingGzip>(input("small"), time)
        .unwrap();
    assert_eq!(encoding(&small), None);
    let plain = default
        .request_for::<PutThingOnce>(large.clone(), time)
        .unwrap();
    assert_eq!(encoding(&plain), None);
    let off = client(None)
        .request_for::<PutThingGzip>(large, time)
        .unwrap();
    assert_eq!(encoding(&off), None);
}

#[test]
fn request_compression_is_configured_like_botocore() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    };
    let config = Config::from_env_with(env(&[
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "128"),
    ]))
    .build();
    assert_eq!(config.request_compression(), Some(128));
    let config = Config::from_env_with(env(&[
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_DISABLE_REQUEST_COMPRESSION", "true"),
    ]))
    .build();
    assert_eq!(config.request_compression(), None);
    let config = Config::from_env_with(env(&[
        ("AWS_CONFIG_FILE", "/nonexistent"),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent"),
        ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "99999999"),
    ]))
    .build();
    assert_eq!(
        config.request_compression(),
        Some(Config::DEFAULT_MIN_COMPRESSION_SIZE),
        "an out-of-range minimum is ignored"
    );
}

#[tokio::test]
async fn unsigned_operations_need_no_credentials_and_carry_no_signature() {
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let signed = |request: &http::Request<bytes::Bytes>| {
        ["authorization", "x-amz-date", "x-amz-security-token"]
            .into_iter()
            .filter(|name| request.headers().contains_key(*name))
            .collect::<Vec<_>>()
    };
    // With credentials: the unsigned operation still goes unsigned, the other is signed.
    let with_keys = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "SECRET", Some("TOKEN".into())))
        .build();
    let client = Client::new(&SELLING, with_keys).unwrap();
    let request = client
        .request_for::<PutThingUnsigned>(input("a"), time)
        .unwrap();
    assert!(signed(&request).is_empty(), "{:?}", signed(&request));
    let request = client
        .request_for::<PutThingOnce>(input("a"), time)
        .unwrap();
    assert_eq!(
        signed(&request),
        ["authorization", "x-amz-date", "x-amz-security-token"]
    );

    // Without: a client built with no_credentials sends only the unsigned operation.
    let anonymous = Config::builder()
        .region("us-east-1")
        .no_credentials()
        .endpoint_url(format!("http://{}", closed_port()))
        .max_attempts(1)
        .build();
    assert!(anonymous.credentials_provider().is_none());
    let client = Client::new(&SELLING, anonymous).unwrap();
    let request = client
        .request_for::<PutThingUnsigned>(input("a"), time)
        .unwrap();
    assert!(signed(&request).is_empty());
    let refused = client.request_for::<PutThingOnce>(input("a"), time);
    assert!(
        matches!(refused, Err(CallFailure::Credentials(_))),
        "{refused:?}"
    );
    match client.call::<PutThingOnce>(input("a")).await {
        Err(PutThingError::Failed(CallFailure::Credentials(message))) => {
            assert!(message.contains("no_credentials()"), "{message}")
        }
        Err(error) => panic!("{error:?}"),
        Ok(output) => panic!("{output:?}"),
    }
    // The unsigned call goes out (to a closed port: a transport failure, not credentials).
    match client.call::<PutThingUnsigned>(input("a")).await {
        Err(PutThingError::Failed(CallFailure::Transport(_))) => {}
        Err(error) => panic!("{error:?}"),
        Ok(output) => panic!("{output:?}"),
    }
    assert!(matches!(
        client.load_credentials().await,
        Err(CallFailure::Credentials(_))
    ));
}

/// A loopback address nothing listens on.
fn closed_port() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}
