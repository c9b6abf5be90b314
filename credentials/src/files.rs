//! The shared config and credentials files, loaded as botocore loads them: the profile name
//! from `AWS_DEFAULT_PROFILE`, then `AWS_PROFILE`; the files from `AWS_CONFIG_FILE` and
//! `AWS_SHARED_CREDENTIALS_FILE` (else `~/.aws/config` and `~/.aws/credentials`); a profile's
//! merged view is its config-file section overridden key by key by its credentials-file
//! section (botocore's `Session.full_config`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use awsgen_runtime::client::CredentialsError;
use awsgen_runtime::client::ini::{Properties, parse_ini};

use crate::env::Env;
use crate::process::split_posix;

/// The source name of errors about the files themselves.
pub(crate) const SHARED_FILES: &str = "shared config files";

/// The profiles of both files, and which one is selected.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProfileFiles {
    /// The selected profile.
    pub(crate) name: String,
    /// The variable that named it, if one did (then it must exist).
    pub(crate) named_by: Option<&'static str>,
    pub(crate) config_path: Option<PathBuf>,
    pub(crate) credentials_path: Option<PathBuf>,
    /// `[profile x]` and `[default]` sections of the config file.
    config: BTreeMap<String, Properties>,
    /// `[sso-session x]` sections of the config file.
    sso_sessions: BTreeMap<String, Properties>,
    /// The sections of the credentials file (bare profile names).
    credentials: BTreeMap<String, Properties>,
}

impl ProfileFiles {
    /// Reads both files. A missing file is normal; one that does not parse is a failure
    /// (botocore raises `ConfigParseError`), and so is a profile named by a variable that
    /// neither file defines (botocore's `ProfileNotFound`).
    pub(crate) fn load(env: &Env) -> Result<ProfileFiles, CredentialsError> {
        let (name, named_by) = match (env.get("AWS_DEFAULT_PROFILE"), env.get("AWS_PROFILE")) {
            (Some(name), _) => (name, Some("AWS_DEFAULT_PROFILE")),
            (None, Some(name)) => (name, Some("AWS_PROFILE")),
            (None, None) => ("default".to_owned(), None),
        };
        let file = |variable: &str, default: &str| match env.get(variable) {
            Some(path) => Some(env.expand_home(path.trim())),
            None => env.home().map(|home| home.join(".aws").join(default)),
        };
        let mut files = ProfileFiles {
            name: name.trim().to_owned(),
            named_by,
            config_path: file("AWS_CONFIG_FILE", "config"),
            credentials_path: file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            ..ProfileFiles::default()
        };
        if let Some(path) = &files.config_path {
            for (section, properties) in read(path)? {
                if section == "default" {
                    files.config.insert(section, properties);
                } else if section.starts_with("profile") {
                    if let Some(name) = section_name(&section) {
                        files.config.insert(name, properties);
                    }
                } else if section.starts_with("sso-session")
                    && let Some(name) = section_name(&section)
                {
                    files.sso_sessions.insert(name, properties);
                }
            }
        }
        if let Some(path) = &files.credentials_path {
            for (section, properties) in read(path)? {
                files
                    .credentials
                    .entry(section)
                    .or_default()
                    .extend(properties);
            }
        }
        if let Some(variable) = files.named_by
            && !files.exists(&files.name)
        {
            return Err(CredentialsError::failed(
                SHARED_FILES,
                format!(
                    "the profile `{}` named by {variable} is in neither {}",
                    files.name,
                    files.describe_paths(" nor ")
                ),
            ));
        }
        Ok(files)
    }

    /// Whether either file defines `profile`.
    pub(crate) fn exists(&self, profile: &str) -> bool {
        self.config.contains_key(profile) || self.credentials.contains_key(profile)
    }

    /// `profile` as botocore's `full_config` has it: config keys, overridden by credentials
    /// keys. Empty when neither file has it.
    pub(crate) fn merged(&self, profile: &str) -> Properties {
        let mut merged = self.config.get(profile).cloned().unwrap_or_default();
        if let Some(overrides) = self.credentials.get(profile) {
            merged.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        merged
    }

    /// The selected profile, merged.
    pub(crate) fn selected(&self) -> Properties {
        self.merged(&self.name)
    }

    /// `profile`'s section of the config file alone.
    pub(crate) fn config_profile(&self, profile: &str) -> Option<&Properties> {
        self.config.get(profile)
    }

    /// `profile`'s section of the credentials file alone.
    pub(crate) fn credentials_profile(&self, profile: &str) -> Option<&Properties> {
        self.credentials.get(profile)
    }

    pub(crate) fn sso_session(&self, name: &str) -> Option<&Properties> {
        self.sso_sessions.get(name)
    }

    /// "~/.aws/config or ~/.aws/credentials" (with `joiner`), for messages.
    pub(crate) fn describe_paths(&self, joiner: &str) -> String {
        let paths: Vec<String> = [&self.config_path, &self.credentials_path]
            .into_iter()
            .flatten()
            .map(|path| path.display().to_string())
            .collect();
        if paths.is_empty() {
            "shared file (no home directory)".to_owned()
        } else {
            paths.join(joiner)
        }
    }
}

/// `profile name` -> `name`, as botocore's `_parse_section`: the header split like a shell
/// line must give exactly two words (`[profile "my name"]` is `my name`).
fn section_name(section: &str) -> Option<String> {
    match split_posix(section).ok()?.as_slice() {
        [_, name] => Some(name.clone()),
        _ => None,
    }
}

/// The sections of one file; none when it does not exist.
fn read(path: &Path) -> Result<Vec<(String, Properties)>, CredentialsError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_ini(&text).map_err(|error| {
            CredentialsError::failed(
                SHARED_FILES,
                format!("{} is malformed: {error}", path.display()),
            )
        }),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        // A directory where the file should be is "not found" to botocore (`isfile`).
        Err(_) if path.is_dir() => Ok(Vec::new()),
        Err(error) => Err(CredentialsError::failed(
            SHARED_FILES,
            format!("cannot read {}: {error}", path.display()),
        )),
    }
}
