//! The shared files and the environment, with temporary files and explicit variables: the
//! process environment is never read or changed.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::dummy::SELLING;
use crate::CallFailure;
use crate::client::profile::{
    config_profile, credentials_profile, parse_ini, service_endpoint_variable,
};
use crate::client::{Client, Config, ConfigBuilder, Credentials, RetryConfig, RetryMode};

/// A fresh directory under the system temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("awsgen-client-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(path.join(".aws")).expect("temp dir");
        TempDir(path)
    }

    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write");
        path.display().to_string()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn from_env(vars: &[(&str, &str)]) -> ConfigBuilder {
    let vars: BTreeMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_env_with(move |name| vars.get(name).cloned())
}

fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn ini_files_parse_like_the_aws_cli_reads_them() {
    let text = "\u{feff}# comment\n; another\n\n[default]\nRegion = us-west-2  \n\
        aws_access_key_id=AKID # trailing comment\naws_secret_access_key = se#cret;x\n\
        \t  \n  [ profile  dev ]  ; comment\nregion=eu-west-1\ns3 =\n  max_concurrent_requests = 10\n\
        \n[profile dev]\nempty =\n";
    let sections = parse_ini(text).expect("parses");
    assert_eq!(sections.len(), 3);
    assert_eq!(sections[0].0, "default");
    assert_eq!(
        sections[0].1,
        props(&[
            ("region", "us-west-2"),
            ("aws_access_key_id", "AKID"),
            ("aws_secret_access_key", "se#cret;x"),
        ])
    );
    assert_eq!(sections[1].0, "profile  dev");
    assert_eq!(sections[1].1["s3"], "\nmax_concurrent_requests = 10");
    assert_eq!(
        config_profile(&sections, "dev"),
        Some(props(&[
            ("region", "eu-west-1"),
            ("s3", "\nmax_concurrent_requests = 10"),
            ("empty", "")
        ]))
    );
    assert_eq!(
        config_profile(&sections, "default").expect("default")["region"],
        "us-west-2"
    );
    assert_eq!(config_profile(&sections, "missing"), None);
}

#[test]
fn malformed_ini_files_are_errors_naming_the_line() {
    for (text, line) in [
        ("region = x\n", "line 1"),
        ("[default\nregion = x\n", "line 1"),
        ("[default]\nregion\n", "line 2"),
        ("[default]\n = x\n", "line 2"),
        ("\n[]\n", "line 2"),
        ("[default] x\n", "line 1"),
    ] {
        let error = parse_ini(text).expect_err(text);
        assert!(error.starts_with(line), "{text:?}: {error}");
    }
    assert_eq!(parse_ini("").expect("empty"), Vec::new());
}

#[test]
fn profile_sections_differ_between_the_two_files() {
    let sections = parse_ini(
        "[default]\nregion = a\n[profile default]\nregion = b\n[profilex]\nregion = c\n\
         [x]\nregion = d\n[sso-session x]\nregion = e\n",
    )
    .expect("parses");
    assert_eq!(
        config_profile(&sections, "default").expect("default")["region"],
        "b"
    );
    assert_eq!(config_profile(&sections, "x"), None);
    assert_eq!(
        credentials_profile(&sections, "x").expect("x")["region"],
        "d"
    );
    assert_eq!(
        credentials_profile(&sections, "profilex").expect("p")["region"],
        "c"
    );
}

#[test]
fn the_environment_wins_over_the_files_and_the_builder_over_both() {
    let dir = TempDir::new("precedence");
    let config = dir.write(
        "config",
        "[default]\nregion = eu-west-1\n[profile dev]\nregion = eu-central-1\n\
         aws_access_key_id = FROM_CONFIG\naws_secret_access_key = s\nmax_attempts = 7\n",
    );
    let credentials = dir.write(
        "credentials",
        "[dev]\naws_access_key_id = FROM_CREDENTIALS\naws_secret_access_key = s2\n\
         aws_session_token = t2\n",
    );
    let files = [
        ("AWS_CONFIG_FILE", config.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str()),
    ];

    let built = from_env(&files).build();
    assert_eq!(built.region(), Some("eu-west-1"));
    assert_eq!(built.credentials(), None);

    let dev = [files[0], files[1], ("AWS_PROFILE", "dev")];
    let built = from_env(&dev).build();
    assert_eq!(built.region(), Some("eu-central-1"));
    assert_eq!(
        built.credentials(),
        Some(&Credentials::new(
            "FROM_CREDENTIALS",
            "s2",
            Some("t2".to_owned())
        ))
    );
    assert_eq!(built.retry().max_attempts, 7);

    let env = [
        dev[0],
        dev[1],
        dev[2],
        ("AWS_DEFAULT_REGION", "ap-south-1"),
        ("AWS_ACCESS_KEY_ID", "FROM_ENV"),
        ("AWS_SECRET_ACCESS_KEY", "s3"),
        ("AWS_SESSION_TOKEN", ""),
        ("AWS_MAX_ATTEMPTS", "2"),
        ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
    ];
    let built = from_env(&env).build();
    assert_eq!(built.region(), Some("ap-south-1"));
    assert_eq!(
        built.credentials(),
        Some(&Credentials::new("FROM_ENV", "s3", None))
    );
    assert_eq!(built.retry().max_attempts, 2);
    assert!(built.use_fips());

    let mut with_region = env.to_vec();
    with_region.push(("AWS_REGION", "us-east-2"));
    assert_eq!(from_env(&with_region).build().region(), Some("us-east-2"));

    let explicit = from_env(&with_region)
        .region("us-west-1")
        .credentials(Credentials::new("EXPLICIT", "x", None))
        .build();
    assert_eq!(explicit.region(), Some("us-west-1"));
    assert_eq!(
        explicit.credentials().map(Credentials::access_key_id),
        Some("EXPLICIT")
    );
}

#[test]
fn the_home_directory_holds_the_default_files() {
    let dir = TempDir::new("home");
    dir.write(".aws/config", "[profile p]\nregion = us-west-2\n");
    dir.write(
        ".aws/credentials",
        "[p]\naws_access_key_id = A\naws_secret_access_key = B\n",
    );
    let home = dir.0.display().to_string();
    let built = from_env(&[("HOME", home.as_str()), ("AWS_PROFILE", "p")]).build();
    assert_eq!(built.region(), Some("us-west-2"));
    assert_eq!(built.credentials(), Some(&Credentials::new("A", "B", None)));
    let tilde = from_env(&[
        ("HOME", home.as_str()),
        ("AWS_CONFIG_FILE", "~/.aws/config"),
        ("AWS_PROFILE", "p"),
    ]);
    assert_eq!(tilde.build().region(), Some("us-west-2"));
    // No home and no file variables: nothing is read, nothing fails.
    assert_eq!(from_env(&[]).build().region(), None);
}

#[test]
fn a_missing_value_is_explained_with_what_was_consulted() {
    let dir = TempDir::new("explain");
    let config = dir.write("config", "[default]\nregion\n");
    let built = from_env(&[
        ("AWS_CONFIG_FILE", config.as_str()),
        ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/credentials"),
        ("AWS_PROFILE", "ghost"),
        ("AWS_USE_DUALSTACK_ENDPOINT", "yes"),
    ])
    .build();
    let Err(CallFailure::Config(message)) = Client::new(&SELLING, built) else {
        panic!("a client without region");
    };
    for part in [
        "no region",
        "AWS_REGION",
        "profile `ghost`",
        "is malformed, ignored: line 2",
        "`ghost` (AWS_PROFILE) was not found",
        "AWS_USE_DUALSTACK_ENDPOINT is `yes`",
    ] {
        assert!(message.contains(part), "{part:?} not in {message}");
    }
}

#[test]
fn endpoint_variables_are_specific_to_the_service() {
    assert_eq!(
        service_endpoint_variable("PartnerCentral Selling"),
        "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING"
    );
    let base = [
        ("AWS_REGION", "us-east-1"),
        ("AWS_ACCESS_KEY_ID", "a"),
        ("AWS_SECRET_ACCESS_KEY", "b"),
    ];
    let endpoint = |extra: &[(&str, &str)]| {
        let vars: Vec<(&str, &str)> = base.iter().chain(extra).copied().collect();
        Client::new(&SELLING, from_env(&vars).build())
            .expect("client")
            .endpoint()
            .to_owned()
    };
    assert_eq!(
        endpoint(&[]),
        "https://partnercentral-selling.us-east-1.api.aws/"
    );
    assert_eq!(
        endpoint(&[("AWS_ENDPOINT_URL", "http://global:1")]),
        "http://global:1/"
    );
    let specific = [
        ("AWS_ENDPOINT_URL", "http://global:1"),
        (
            "AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING",
            "http://selling:2",
        ),
    ];
    assert_eq!(endpoint(&specific), "http://selling:2/");
    let ignored = [
        specific[0],
        specific[1],
        ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
    ];
    assert_eq!(
        endpoint(&ignored),
        "https://partnercentral-selling.us-east-1.api.aws/"
    );
    let vars: Vec<(&str, &str)> = base.iter().chain(&specific).copied().collect();
    let explicit = from_env(&vars).endpoint_url("http://explicit:3").build();
    assert_eq!(
        Client::new(&SELLING, explicit).expect("client").endpoint(),
        "http://explicit:3/"
    );
}

#[test]
fn retry_mode_and_attempts_come_from_the_environment_then_the_profile_and_code_wins() {
    let dir = TempDir::new("retry-mode");
    let config = dir.write(
        "config",
        "[default]\nretry_mode = adaptive\nmax_attempts = 5\n\
         [profile legacy]\nretry_mode = legacy\n[profile typo]\nretry_mode = turbo\n",
    );
    let file = ("AWS_CONFIG_FILE", config.as_str());
    let retry = |vars: &[(&str, &str)]| from_env(vars).build().retry();

    assert_eq!(from_env(&[]).build().retry(), RetryConfig::STANDARD);
    assert_eq!(retry(&[file]).mode, RetryMode::Adaptive);
    assert_eq!(retry(&[file]).max_attempts, 5);
    // Each variable wins over its key, independently.
    let env = retry(&[file, ("AWS_RETRY_MODE", "standard")]);
    assert_eq!((env.mode, env.max_attempts), (RetryMode::Standard, 5));
    let env = retry(&[file, ("AWS_MAX_ATTEMPTS", "2")]);
    assert_eq!((env.mode, env.max_attempts), (RetryMode::Adaptive, 2));
    // Any case; botocore's legacy mode is read as standard.
    assert_eq!(
        retry(&[("AWS_RETRY_MODE", " Adaptive ")]).mode,
        RetryMode::Adaptive
    );
    assert_eq!(
        retry(&[file, ("AWS_PROFILE", "legacy")]).mode,
        RetryMode::Standard
    );
    assert_eq!(
        retry(&[file, ("AWS_RETRY_MODE", "LEGACY")]).mode,
        RetryMode::Standard
    );
    // The builder wins over both.
    let code = from_env(&[
        file,
        ("AWS_RETRY_MODE", "adaptive"),
        ("AWS_MAX_ATTEMPTS", "4"),
    ])
    .retry_mode(RetryMode::Standard)
    .max_attempts(9)
    .build()
    .retry();
    assert_eq!((code.mode, code.max_attempts), (RetryMode::Standard, 9));
    let code = from_env(&[file])
        .retry(RetryConfig::DISABLED)
        .build()
        .retry();
    assert_eq!(code, RetryConfig::DISABLED);

    // A value that is not a mode is ignored (the default stays) and reported, as other
    // bad values are: the variable's without looking at the profile.
    assert_eq!(
        retry(&[file, ("AWS_RETRY_MODE", "fast")]).mode,
        RetryMode::Standard
    );
    assert_eq!(
        retry(&[file, ("AWS_PROFILE", "typo")]).mode,
        RetryMode::Standard
    );
    for (vars, part) in [
        (
            vec![file, ("AWS_RETRY_MODE", "fast")],
            "AWS_RETRY_MODE is `fast`, not standard, adaptive or legacy; ignored",
        ),
        (
            vec![file, ("AWS_PROFILE", "typo")],
            "`retry_mode` is `turbo`, not standard, adaptive or legacy; ignored",
        ),
        (
            vec![file, ("AWS_MAX_ATTEMPTS", "0")],
            "AWS_MAX_ATTEMPTS is `0`, not a positive number; ignored",
        ),
    ] {
        let Err(CallFailure::Config(message)) = Client::new(&SELLING, from_env(&vars).build())
        else {
            panic!("a client without region");
        };
        assert!(message.contains(part), "{part:?} not in {message}");
    }
}

#[test]
fn endpoints_from_the_profile_and_its_services_section_come_after_the_variables() {
    let dir = TempDir::new("services");
    let config = dir.write(
        "config",
        "[profile svc]\nregion = us-east-1\naws_access_key_id = a\naws_secret_access_key = b\n\
         services = local\nendpoint_url = http://profile:1\n\
         [profile global-only]\nregion = us-east-1\naws_access_key_id = a\n\
         aws_secret_access_key = b\nendpoint_url = http://profile:1\n\
         [profile ignoring]\nregion = us-east-1\naws_access_key_id = a\n\
         aws_secret_access_key = b\nendpoint_url = http://profile:1\n\
         ignore_configured_endpoint_urls = true\n\
         [services local]\npartnercentral_selling =\n  endpoint_url = http://section:2\n\
         other_service =\n  endpoint_url = http://other:3\n",
    );
    let endpoint = |profile: &str, extra: &[(&str, &str)]| {
        let mut vars = vec![
            ("AWS_CONFIG_FILE", config.as_str()),
            ("AWS_PROFILE", profile),
        ];
        vars.extend_from_slice(extra);
        Client::new(&SELLING, from_env(&vars).build())
            .expect("client")
            .endpoint()
            .to_owned()
    };
    assert_eq!(endpoint("svc", &[]), "http://section:2/");
    assert_eq!(endpoint("global-only", &[]), "http://profile:1/");
    assert_eq!(
        endpoint("svc", &[("AWS_ENDPOINT_URL", "http://global:4")]),
        "http://global:4/"
    );
    let default = "https://partnercentral-selling.us-east-1.api.aws/";
    assert_eq!(endpoint("ignoring", &[]), default);
    assert_eq!(
        endpoint("svc", &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")]),
        default
    );
    // The variable wins over the profile, either way.
    assert_eq!(
        endpoint(
            "ignoring",
            &[("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")]
        ),
        "http://profile:1/"
    );
}
