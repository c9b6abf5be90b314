//! The environment and the shared AWS files (`~/.aws/config`, `~/.aws/credentials`), read
//! by hand: a small INI dialect, parsed the way the AWS CLI and SDKs read it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::config::{Config, CredentialsSource, EnvLookup, RetryMode};
use super::credentials::Credentials;

/// The properties of one profile (keys lower-cased).
pub type Properties = BTreeMap<String, String>;

/// One `[section]` of an INI file: its name as written (trimmed) and its properties.
pub type Section = (String, Properties);

/// Where [`Config::from_env`] looked and what went wrong there, to explain a missing value.
#[derive(Debug, Clone, Default)]
pub(super) struct EnvReport {
    pub(super) profile: String,
    pub(super) files: Vec<PathBuf>,
    pub(super) problems: Vec<String>,
}

impl EnvReport {
    /// Why `what` is missing: the variables and profile keys that were consulted.
    pub(super) fn explain(&self, what: &str, variables: &str, keys: &str) -> String {
        let mut message = format!(
            "no {what}: none set on the builder, in {variables}, or as {keys} of profile `{}`",
            self.profile
        );
        if self.files.is_empty() {
            message.push_str(" (no home directory, so no shared files)");
        } else {
            let files: Vec<String> = self.files.iter().map(|f| f.display().to_string()).collect();
            message.push_str(&format!(" in {}", files.join(" or ")));
        }
        for problem in &self.problems {
            message.push_str("; ");
            message.push_str(problem);
        }
        message
    }
}

/// Parses an INI file: `[section]` lines, `key = value` lines, comments on their own line
/// starting with `#` or `;`, and comments after a value when `#` or `;` follows whitespace.
/// Keys are case-insensitive (lower-cased here), section names are not. An indented line
/// after a property continues it (the AWS files use this for nested settings such as
/// `s3 =` blocks). An error names the line; nothing here panics.
pub fn parse_ini(text: &str) -> Result<Vec<Section>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut sections: Vec<Section> = Vec::new();
    let mut last_key: Option<String> = None;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let (name, after) = rest
                .split_once(']')
                .ok_or_else(|| format!("line {number}: section header without `]`"))?;
            let after = after.trim();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                return Err(format!("line {number}: text after the section header"));
            }
            let name = name.trim();
            if name.is_empty() {
                return Err(format!("line {number}: empty section name"));
            }
            sections.push((name.to_owned(), Properties::new()));
            last_key = None;
            continue;
        }
        let Some((_, properties)) = sections.last_mut() else {
            return Err(format!("line {number}: a property before any [section]"));
        };
        let indented = line.starts_with([' ', '\t']);
        if let (true, Some(key)) = (indented, &last_key) {
            if let Some(value) = properties.get_mut(key) {
                value.push('\n');
                value.push_str(strip_comment(trimmed));
            }
            continue;
        }
        let (key, value) = trimmed
            .split_once('=')
            .ok_or_else(|| format!("line {number}: expected `key = value`"))?;
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(format!("line {number}: empty key"));
        }
        properties.insert(key.clone(), strip_comment(value.trim()).to_owned());
        last_key = Some(key);
    }
    Ok(sections)
}

/// `value # comment` -> `value`; a `#` or `;` inside a word (`a#b`) stays.
fn strip_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    let end = (1..bytes.len())
        .find(|&i| matches!(bytes[i], b'#' | b';') && bytes[i - 1].is_ascii_whitespace())
        .unwrap_or(bytes.len());
    // `end` is at an ASCII byte or the end, so it is a char boundary.
    value.get(..end).unwrap_or(value).trim_end()
}

/// The properties of `profile` in a config file: sections `[profile name]`, and `[default]`
/// for the default profile (where `[profile default]` also exists, it wins). Other sections
/// (`[sso-session x]`, `[services x]`, a bare `[name]`) are not profiles.
pub(super) fn config_profile(sections: &[Section], profile: &str) -> Option<Properties> {
    let mut found: Option<Properties> = None;
    let mut merge = |properties: &Properties| {
        found
            .get_or_insert_with(Properties::new)
            .extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
    };
    if profile == "default" {
        sections
            .iter()
            .filter(|(name, _)| name == "default")
            .for_each(|(_, p)| merge(p));
    }
    for (name, properties) in sections {
        let named = name
            .strip_prefix("profile")
            .filter(|rest| rest.starts_with([' ', '\t']))
            .map(str::trim);
        if named == Some(profile) {
            merge(properties);
        }
    }
    found
}

/// The properties of `profile` in a credentials file: sections are bare profile names.
pub(super) fn credentials_profile(sections: &[Section], profile: &str) -> Option<Properties> {
    let mut found: Option<Properties> = None;
    for (_, properties) in sections.iter().filter(|(name, _)| name == profile) {
        found
            .get_or_insert_with(Properties::new)
            .extend(properties.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    found
}

/// The home directory per the environment: `HOME`, else `USERPROFILE`, else
/// `HOMEDRIVE` + `HOMEPATH` (Windows).
fn home_dir(env: &EnvLookup) -> Option<PathBuf> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    var("HOME")
        .or_else(|| var("USERPROFILE"))
        .or_else(|| Some(format!("{}{}", var("HOMEDRIVE")?, var("HOMEPATH")?)))
        .map(PathBuf::from)
}

/// A file named by `variable` (a leading `~/` is the home directory), else `default` under
/// the home directory.
fn file_path(
    env: &EnvLookup,
    home: Option<&Path>,
    variable: &str,
    default: &str,
) -> Option<PathBuf> {
    match env(variable).filter(|v| !v.is_empty()) {
        Some(path) => match (path.strip_prefix("~/").or(path.strip_prefix("~\\")), home) {
            (Some(rest), Some(home)) => Some(home.join(rest)),
            _ => Some(PathBuf::from(path)),
        },
        None => home.map(|home| home.join(".aws").join(default)),
    }
}

/// Reads and parses one file; a missing file is normal and says nothing.
fn read_sections(path: &Path, problems: &mut Vec<String>) -> Vec<Section> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_ini(&text).unwrap_or_else(|error| {
            problems.push(format!("{} is malformed, ignored: {error}", path.display()));
            Vec::new()
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(error) => {
            problems.push(format!("cannot read {}: {error}", path.display()));
            Vec::new()
        }
    }
}

/// Fills `config` from the environment and the shared files (see [`Config::from_env`]).
pub(super) fn fill_from_env(config: &mut Config, env: EnvLookup) {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let profile_name = var("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
    let home = home_dir(&env);
    let config_file = file_path(&env, home.as_deref(), "AWS_CONFIG_FILE", "config");
    let credentials_file = file_path(
        &env,
        home.as_deref(),
        "AWS_SHARED_CREDENTIALS_FILE",
        "credentials",
    );
    let mut report = EnvReport {
        profile: profile_name.clone(),
        files: config_file
            .iter()
            .chain(&credentials_file)
            .cloned()
            .collect(),
        problems: Vec::new(),
    };

    let mut profile: Option<Properties> = None;
    let mut config_sections = Vec::new();
    if let Some(path) = &config_file {
        config_sections = read_sections(path, &mut report.problems);
        profile = config_profile(&config_sections, &profile_name);
    }
    if let Some(path) = &credentials_file {
        let sections = read_sections(path, &mut report.problems);
        if let Some(overrides) = credentials_profile(&sections, &profile_name) {
            profile
                .get_or_insert_with(Properties::new)
                .extend(overrides);
        }
    }
    if profile.is_none() && var("AWS_PROFILE").is_some() {
        report.problems.push(format!(
            "profile `{profile_name}` (AWS_PROFILE) was not found"
        ));
    }
    let profile = profile.unwrap_or_default();
    let key = |name: &str| profile.get(name).filter(|v| !v.trim().is_empty()).cloned();
    config.profile_endpoints = Some(profile_endpoints(
        &profile,
        &config_sections,
        &mut report.problems,
    ));

    config.region = var("AWS_REGION")
        .or_else(|| var("AWS_DEFAULT_REGION"))
        .or_else(|| key("region"))
        .map(|region| region.trim().to_owned());
    config.credentials = match (var("AWS_ACCESS_KEY_ID"), var("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => Some(Credentials::new(id, secret, var("AWS_SESSION_TOKEN"))),
        _ => match (key("aws_access_key_id"), key("aws_secret_access_key")) {
            (Some(id), Some(secret)) => {
                Some(Credentials::new(id, secret, key("aws_session_token")))
            }
            _ => None,
        },
    }
    .map(CredentialsSource::Static);
    let mut flag = |variable: &str, profile_key: &str| {
        let (source, value) = match var(variable) {
            Some(value) => (variable.to_owned(), value),
            None => (format!("`{profile_key}`"), key(profile_key)?),
        };
        match value.trim().to_ascii_lowercase().as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => {
                report
                    .problems
                    .push(format!("{source} is `{value}`, not true or false; ignored"));
                None
            }
        }
    };
    config.use_fips = flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint").unwrap_or(false);
    config.use_dual_stack =
        flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint").unwrap_or(false);
    let disable_compression = flag(
        "AWS_DISABLE_REQUEST_COMPRESSION",
        "disable_request_compression",
    ) == Some(true);
    let attempts = var("AWS_MAX_ATTEMPTS")
        .map(|v| ("AWS_MAX_ATTEMPTS".to_owned(), v))
        .or_else(|| key("max_attempts").map(|v| ("`max_attempts`".to_owned(), v)));
    if let Some((source, value)) = attempts {
        match value.trim().parse::<u32>() {
            Ok(n) if n > 0 => config.retry.max_attempts = n,
            _ => report.problems.push(format!(
                "{source} is `{value}`, not a positive number; ignored"
            )),
        }
    }
    let mode = var("AWS_RETRY_MODE")
        .map(|v| ("AWS_RETRY_MODE".to_owned(), v))
        .or_else(|| key("retry_mode").map(|v| ("`retry_mode`".to_owned(), v)));
    if let Some((source, value)) = mode {
        match RetryMode::parse(&value) {
            Some(mode) => config.retry.mode = mode,
            // botocore would register no retries at all for an unknown mode; keeping the
            // standard one is the safer reading of a typo.
            None => report.problems.push(format!(
                "{source} is `{value}`, not standard, adaptive or legacy; ignored"
            )),
        }
    }
    let min_size = var("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES")
        .map(|v| ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES".to_owned(), v))
        .or_else(|| {
            key("request_min_compression_size_bytes")
                .map(|v| ("`request_min_compression_size_bytes`".to_owned(), v))
        });
    if let Some((source, value)) = min_size {
        match value.trim().parse::<usize>() {
            Ok(n) if n <= Config::MAX_MIN_COMPRESSION_SIZE => config.request_compression = Some(n),
            _ => report.problems.push(format!(
                "{source} is `{value}`, not a number from 0 to {}; ignored",
                Config::MAX_MIN_COMPRESSION_SIZE
            )),
        }
    }
    if disable_compression {
        config.request_compression = None;
    }
    config.report = Some(report);
    config.env = Some(env);
}

/// The endpoint settings of the selected profile: its `endpoint_url`, the `endpoint_url` of
/// each service in the `[services NAME]` section its `services` key names, and
/// `ignore_configured_endpoint_urls`.
#[derive(Debug, Clone, Default)]
pub(super) struct ProfileEndpoints {
    global: Option<String>,
    /// Snake-case service id (`sso_oidc`) to its `endpoint_url`.
    services: BTreeMap<String, String>,
    ignore: Option<bool>,
}

/// Reads [`ProfileEndpoints`] from the selected profile and the config file's sections.
fn profile_endpoints(
    profile: &Properties,
    sections: &[Section],
    problems: &mut Vec<String>,
) -> ProfileEndpoints {
    let key = |name: &str| {
        profile
            .get(name)
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    };
    let mut services = BTreeMap::new();
    if let Some(name) = key("services") {
        let section = sections.iter().find(|(section, _)| {
            section
                .strip_prefix("services")
                .filter(|rest| rest.starts_with([' ', '\t']))
                .map(str::trim)
                == Some(name)
        });
        match section {
            Some((_, properties)) => {
                for (service, nested) in properties {
                    let url = nested.lines().find_map(|line| {
                        let (key, value) = line.split_once('=')?;
                        (key.trim().eq_ignore_ascii_case("endpoint_url"))
                            .then(|| value.trim().to_owned())
                            .filter(|value| !value.is_empty())
                    });
                    if let Some(url) = url {
                        services.insert(service.clone(), url);
                    }
                }
            }
            None => problems.push(format!(
                "the profile's services section `{name}` does not exist; ignored"
            )),
        }
    }
    ProfileEndpoints {
        global: key("endpoint_url").map(str::to_owned),
        services,
        ignore: key("ignore_configured_endpoint_urls")
            .map(|value| value.eq_ignore_ascii_case("true")),
    }
}

/// The endpoint URL configured for a service (see [`Config::from_env`]), in botocore's
/// order: its own variable, the global one, its `endpoint_url` in the profile's services
/// section, the profile's `endpoint_url`; none when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`
/// (else the profile's `ignore_configured_endpoint_urls`) is true.
pub(super) fn env_endpoint_url(
    env: &EnvLookup,
    profile: Option<&ProfileEndpoints>,
    service_id: &str,
) -> Option<String> {
    let var = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let ignore = match var("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
        Some(value) => value.trim().eq_ignore_ascii_case("true"),
        None => profile.and_then(|p| p.ignore).unwrap_or(false),
    };
    if ignore {
        return None;
    }
    var(&service_endpoint_variable(service_id))
        .or_else(|| var("AWS_ENDPOINT_URL"))
        .or_else(|| {
            let profile = profile?;
            let snake = service_endpoint_variable(service_id)
                .trim_start_matches("AWS_ENDPOINT_URL_")
                .to_ascii_lowercase();
            profile
                .services
                .get(&snake)
                .or(profile.global.as_ref())
                .cloned()
        })
}

/// `PartnerCentral Selling` -> `AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING`.
pub(super) fn service_endpoint_variable(service_id: &str) -> String {
    let suffix: String = service_id
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    format!("AWS_ENDPOINT_URL_{suffix}")
}
