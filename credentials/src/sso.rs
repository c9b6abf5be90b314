//! The [`SsoTokenExchange`] of the default chain: IAM Identity Center role credentials for
//! the token `aws sso login` cached, through this project's generated SSO and SSO-OIDC
//! clients (`awsgen-identity`), as botocore 1.44.5's `SSOProvider`, `SSOTokenProvider` and
//! `SSOTokenLoader` do it.
//!
//! - The token is read from `~/.aws/sso/cache/<sha1>.json`, the SHA-1 (hex) of the
//!   `sso_session` name, or of the start URL for a legacy profile (its keys in the profile).
//! - A session's token that expires within 15 minutes is refreshed first: SSO-OIDC's
//!   `CreateToken` with `grant_type = refresh_token` and the registration the cache file
//!   holds (while `registrationExpiresAt` has not passed), in `sso_region`; the new token is
//!   written back to the same file, atomically (a temporary file renamed over it), in
//!   botocore's form. When the refresh fails, the cached token is used while it is still
//!   valid.
//! - A legacy profile's token is never refreshed: once expired, the profile fails and says to
//!   run `aws sso login`.
//! - Then SSO's `GetRoleCredentials` (unsigned; the token in `x-amz-sso_bearer_token`) in
//!   `sso_region`. `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_SSO_OIDC` (then
//!   `AWS_ENDPOINT_URL`) override the endpoints, as in botocore.
//!
//! One deliberate difference: botocore raises when the refresh fails for a reason other
//! than a service error (a connection refused, say) even though the cached token is still
//! valid; here the still-valid token is used, whatever made the refresh fail.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use awsgen_identity::sso::operations::Sso as _;
use awsgen_identity::sso_oidc::operations::SsoOidc as _;
use awsgen_identity::{sso, sso_oidc};
use awsgen_runtime::client::{Clock, Credentials, CredentialsError, ProvideFuture, SystemClock};
use serde_json::{Map, Value};
use sha1::{Digest as _, Sha1};

use crate::env::Env;
use crate::json;
use crate::profile::{Sso, SsoTokenExchange};

/// botocore's `SSOTokenProvider._REFRESH_WINDOW`.
pub const SSO_TOKEN_REFRESH_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Role credentials from IAM Identity Center. See the [module documentation](self).
#[derive(Debug, Clone)]
pub struct SsoIdentityCenter {
    env: Env,
    clock: Arc<dyn Clock>,
}

impl SsoIdentityCenter {
    /// SSO and SSO-OIDC are called unsigned (their models say `authtype: none`), in the
    /// profile's `sso_region`, at the endpoints the environment and the files configure.
    fn unsigned_config(&self, sso: &Sso) -> awsgen_runtime::client::Config {
        self.env
            .config_builder()
            .region(&sso.region)
            .no_credentials()
            .build()
    }

    /// Finds the token cache under the home directory of `env` and reads the endpoint
    /// settings from it.
    pub fn new(env: Env) -> SsoIdentityCenter {
        SsoIdentityCenter {
            env,
            clock: Arc::new(SystemClock),
        }
    }

    /// The clock the token's expiry is judged by.
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> SsoIdentityCenter {
        self.clock = clock;
        self
    }

    /// The cache file of a session's token (`session`), or of a legacy profile's
    /// (`start_url`): `~/.aws/sso/cache/<sha1 hex>.json`.
    pub fn token_path(&self, sso: &Sso) -> Option<PathBuf> {
        let key = sso.session.as_deref().unwrap_or(&sso.start_url);
        let hash: String = Sha1::digest(key.as_bytes())
            .iter()
            .map(|byte| format!("{byte:02x}"))
            .collect();
        let home = self.env.home()?;
        Some(home.join(".aws/sso/cache").join(format!("{hash}.json")))
    }

    /// The access token to present: the cached one, refreshed first if it is a session's
    /// and about to expire.
    async fn access_token(&self, sso: &Sso) -> Result<String, CredentialsError> {
        let fail = |message: String| CredentialsError::failed(source(sso), message);
        let login = login_hint(sso);
        let path = self.token_path(sso).ok_or_else(|| {
            fail("cannot find the SSO token cache: no home directory (HOME)".to_owned())
        })?;
        let named = match &sso.session {
            Some(session) => format!("sso_session `{session}`"),
            None => format!("start URL {}", sso.start_url),
        };
        let text = match std::fs::read(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(fail(format!(
                    "no cached SSO token for {named} ({}): {login}",
                    path.display()
                )));
            }
            Err(error) => {
                return Err(fail(format!("cannot read {}: {error}", path.display())));
            }
        };
        let token = json::parse_object(&text)
            .and_then(|token| {
                let access = json::required_string(&token, "accessToken")?;
                let expires = json::required_string(&token, "expiresAt")?;
                let expiry =
                    parse_expiry(&expires).map_err(|why| format!("`expiresAt` is {why}"))?;
                Ok((token, access, expiry))
            })
            .map_err(|why| {
                fail(format!(
                    "the cached SSO token {} is invalid: {why}",
                    path.display()
                ))
            });
        let (token, access, expiry) = token?;
        let now = self.clock.now();
        let Some(session) = &sso.session else {
            // Legacy: never refreshed.
            if expiry <= now {
                return Err(fail(format!(
                    "the cached SSO token for {named} has expired: {login}"
                )));
            }
            return Ok(access);
        };
        if expiry > now + SSO_TOKEN_REFRESH_WINDOW {
            return Ok(access);
        }
        match self.refresh(sso, &token, now).await {
            Ok(Some(refreshed)) => {
                let text = botocore_json(&refreshed.document);
                write_atomically(&path, text.as_bytes()).map_err(|error| {
                    fail(format!(
                        "cannot write the refreshed SSO token to {}: {error}",
                        path.display()
                    ))
                })?;
                Ok(refreshed.access_token)
            }
            Ok(None) if expiry > now => Ok(access),
            Err(_) if expiry > now => Ok(access),
            Ok(None) => Err(fail(format!(
                "the SSO token of sso_session `{session}` has expired and the cache holds no \
                 registration to refresh it with: {login}"
            ))),
            Err(why) => Err(fail(format!(
                "the SSO token of sso_session `{session}` has expired and refreshing it \
                 failed ({why}): {login}"
            ))),
        }
    }

    /// botocore's `_refresh_access_token`: `None` when the cache holds no usable
    /// registration (keys missing, registration expired).
    async fn refresh(
        &self,
        sso: &Sso,
        token: &Map<String, Value>,
        now: SystemTime,
    ) -> Result<Option<Refreshed>, String> {
        let get = |key: &str| token.get(key).and_then(Value::as_str);
        let (Some(refresh_token), Some(client_id), Some(client_secret), Some(registration)) = (
            get("refreshToken"),
            get("clientId"),
            get("clientSecret"),
            token.get("registrationExpiresAt"),
        ) else {
            return Ok(None);
        };
        let registered_until = registration
            .as_str()
            .map(parse_expiry)
            .ok_or("`registrationExpiresAt` is not a string")??;
        if registered_until <= now {
            return Ok(None);
        }
        let client = sso_oidc::client::Client::new(self.unsigned_config(sso))
            .map_err(|failure| failure.to_string())?;
        let output = client
            .create_token()
            .grant_type("refresh_token")
            .client_id(client_id)
            .client_secret(client_secret)
            .refresh_token(refresh_token)
            .send()
            .await
            .map_err(|error| format!("SSO OIDC: {error}"))?;
        let access_token = output
            .access_token
            .ok_or("SSO OIDC answered without an access token")?;
        let expires_in = output
            .expires_in
            .and_then(|seconds| u64::try_from(seconds).ok())
            .ok_or("SSO OIDC answered without expiresIn")?;
        let expires_at = format_time(now + Duration::from_secs(expires_in));
        let mut document = vec![
            ("startUrl", Value::from(sso.start_url.clone())),
            ("region", Value::from(sso.region.clone())),
            ("accessToken", Value::from(access_token.clone())),
            ("expiresAt", Value::from(expires_at)),
            ("clientId", Value::from(client_id)),
            ("clientSecret", Value::from(client_secret)),
            ("registrationExpiresAt", registration.clone()),
        ];
        // As botocore: the refresh token of the answer, none if it has none.
        if let Some(refresh_token) = output.refresh_token {
            document.push(("refreshToken", Value::from(refresh_token)));
        }
        Ok(Some(Refreshed {
            access_token,
            document,
        }))
    }
}

/// A refreshed token and the cache document that holds it, in botocore's key order.
struct Refreshed {
    access_token: String,
    document: Vec<(&'static str, Value)>,
}

impl SsoTokenExchange for SsoIdentityCenter {
    fn role_credentials<'a>(&'a self, sso: &'a Sso) -> ProvideFuture<'a> {
        Box::pin(async move {
            let fail = |message: String| CredentialsError::failed(source(sso), message);
            let access_token = self.access_token(sso).await?;
            let role = format!("role {} of account {}", sso.role_name, sso.account_id);
            let client = sso::client::Client::new(self.unsigned_config(sso))
                .map_err(|failure| fail(format!("getting {role}: {failure}")))?;
            let output = match client
                .get_role_credentials()
                .role_name(&sso.role_name)
                .account_id(&sso.account_id)
                .access_token(access_token)
                .send()
                .await
            {
                Ok(output) => output,
                Err(sso::operations::GetRoleCredentialsError::UnauthorizedException(_)) => {
                    return Err(fail(format!(
                        "IAM Identity Center refused the cached token for {role} \
                         (UnauthorizedException): the SSO session has expired or is otherwise \
                         invalid; {}",
                        login_hint(sso)
                    )));
                }
                Err(error) => {
                    return Err(fail(format!(
                        "getting {role}: IAM Identity Center answered: {error}"
                    )));
                }
            };
            let missing = || fail(format!("IAM Identity Center answered {role} without keys"));
            let credentials = output.role_credentials.ok_or_else(missing)?;
            let (Some(access_key_id), Some(secret), Some(token), Some(expiration)) = (
                credentials.access_key_id,
                credentials.secret_access_key,
                credentials.session_token,
                credentials.expiration,
            ) else {
                return Err(missing());
            };
            let expiry = u64::try_from(expiration)
                .map(|ms| UNIX_EPOCH + Duration::from_millis(ms))
                .map_err(|_| {
                    fail(format!(
                        "IAM Identity Center answered {role} with a negative expiration"
                    ))
                })?;
            Ok(Credentials::new(access_key_id, secret, Some(token)).with_expiry(expiry))
        })
    }
}

fn source(sso: &Sso) -> String {
    format!("profile `{}`", sso.profile)
}

fn login_hint(sso: &Sso) -> String {
    format!("run `aws sso login --profile {}`", sso.profile)
}

/// `expiresAt` as botocore's `dateutil` reads the CLI's forms: RFC 3339
/// (`2030-01-01T00:00:00Z`), a `UTC` suffix (older CLIs), or no zone (UTC).
fn parse_expiry(text: &str) -> Result<SystemTime, String> {
    let text = text.trim();
    json::parse_timestamp(text)
        .or_else(|why| match text.strip_suffix("UTC") {
            Some(rest) => json::parse_timestamp(&format!("{}Z", rest.trim_end())),
            None => Err(why),
        })
        .or_else(|why| match text.contains(['Z', 'z', '+']) {
            true => Err(why),
            false => json::parse_timestamp(&format!("{text}Z")),
        })
}

/// `2030-01-01T00:00:00Z`, botocore's form of the cache's times.
fn format_time(time: SystemTime) -> String {
    jiff::Timestamp::try_from(time)
        .ok()
        .and_then(|t| jiff::Timestamp::from_second(t.as_second()).ok())
        .map(|t| t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The document as Python's `json.dumps` writes it (`", "` and `": "`), in this order.
fn botocore_json(document: &[(&str, Value)]) -> String {
    let members: Vec<String> = document
        .iter()
        .map(|(key, value)| format!("{}: {}", Value::from(*key), python_json(value)))
        .collect();
    format!("{{{}}}", members.join(", "))
}

fn python_json(value: &Value) -> String {
    match value {
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(python_json).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Object(map) => {
            let members: Vec<String> = map
                .iter()
                .map(|(key, value)| {
                    format!("{}: {}", Value::from(key.as_str()), python_json(value))
                })
                .collect();
            format!("{{{}}}", members.join(", "))
        }
        scalar => scalar.to_string(),
    }
}

/// Writes `bytes` to a temporary file beside `path` (readable by its owner only), then
/// renames it over `path`: a reader sees the old file or the new one, never a part.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = path
        .file_name()
        .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
    let temporary = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let written = options.open(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    match written.and_then(|()| std::fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(error) => {
            let _ = std::fs::remove_file(&temporary);
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_forms_of_the_cli() {
        let at = |text: &str| parse_expiry(text).map(format_time);
        for text in [
            "2030-01-02T03:04:05Z",
            "2030-01-02T03:04:05UTC",
            "2030-01-02T03:04:05",
            "2030-01-02T03:04:05.250Z",
            "2030-01-02T03:04:05+00:00",
        ] {
            assert_eq!(at(text).as_deref(), Ok("2030-01-02T03:04:05Z"), "{text}");
        }
        assert!(parse_expiry("tomorrow").is_err());
    }

    #[test]
    fn cache_files_are_named_by_sha1() {
        let dir = Env::from_pairs([("HOME", "/home/me")]);
        let sso = |session: Option<&str>| Sso {
            profile: "p".into(),
            session: session.map(str::to_owned),
            start_url: "https://d-123.awsapps.com/start".into(),
            region: "us-east-1".into(),
            account_id: "1".into(),
            role_name: "R".into(),
        };
        let center = SsoIdentityCenter::new(dir);
        // sha1("my-sso") and sha1(the start URL), as Python's hashlib gives them.
        assert_eq!(
            center.token_path(&sso(Some("my-sso"))).unwrap(),
            Path::new("/home/me/.aws/sso/cache/0ad374308c5a4e22f723adf10145eafad7c4031c.json")
        );
        assert_eq!(
            center.token_path(&sso(None)).unwrap(),
            Path::new("/home/me/.aws/sso/cache/2b829a45f04c9828cb45b7d092d8e4aa30818393.json")
        );
    }

    #[test]
    fn documents_are_written_as_python_writes_them() {
        let text = botocore_json(&[
            ("a", Value::from("x")),
            ("b", serde_json::json!({"c": [1, 2]})),
        ]);
        assert_eq!(text, r#"{"a": "x", "b": {"c": [1, 2]}}"#);
    }
}
