//! Local STS, SSO and SSO-OIDC for the botocore comparison: the generated dispatchers
//! (`awsgen-identity`, feature `server`) behind a front that checks each request's
//! signature before the service sees it.
//!
//! The answers are derived from what a request carries (the caller's access key, the role,
//! session name, external id and duration, the web identity token, the SSO account, role
//! and bearer token, the refresh token and client registration), so two clients get the
//! same keys only by sending the same things. A signed request must be signed with keys this
//! test knows (a profile's or the environment's static keys, or keys these servers issued);
//! `AssumeRole` must be signed, and the unauthenticated operations must not be. Default
//! session names (`botocore-session-<unix seconds>`) count as one name, so that the two
//! clients need not run in the same second, but the seconds must be close to now.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{SystemTime, UNIX_EPOCH};

use awsgen_identity::runtime::protocol::ErrorResponse;
use awsgen_identity::runtime::server::{Server, SignatureCheck};
use awsgen_identity::{sso, sso_oidc, sts};
use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};

/// When every issued credential expires: far off, so that neither side refreshes.
const EXPIRATION: &str = "2099-01-01T00:00:00Z";

tokio::task_local! {
    /// The access key that signed the request being served; `None` when it is unsigned.
    static CALLER: Option<String>;
}

/// Access key to secret: the static keys of the scenarios, and what the servers issued.
#[derive(Clone, Default)]
pub struct Keys(Arc<Mutex<BTreeMap<String, String>>>);

impl Keys {
    pub fn with(pairs: &[(&str, &str)]) -> Keys {
        let keys = Keys::default();
        for (id, secret) in pairs {
            keys.add(id, secret);
        }
        keys
    }

    fn add(&self, id: &str, secret: &str) {
        self.0
            .lock()
            .unwrap()
            .insert(id.to_owned(), secret.to_owned());
    }

    fn secret(&self, id: &str) -> Option<String> {
        self.0.lock().unwrap().get(id).cloned()
    }
}

/// A hex digest of `parts`, stable within this process (both clients talk to it).
fn digest(parts: &[&str]) -> String {
    let mut hasher = DefaultHasher::new();
    parts.hash(&mut hasher);
    format!("{:016X}", hasher.finish())
}

/// Credentials derived from `parts`, remembered so that they can sign a later call.
fn issue(keys: &Keys, parts: &[&str]) -> (String, String, String) {
    let id = format!("ASIA{}", digest(&[&["akid"], parts].concat()));
    let secret = format!("secret-{}", digest(&[&["secret"], parts].concat()));
    let token = format!("token-{}", digest(&[&["token"], parts].concat()));
    keys.add(&id, &secret);
    (id, secret, token)
}

/// A session name with botocore's default form made one name (if its seconds are close to
/// now), any other as it is.
fn session_name(name: &str) -> Result<String, String> {
    let Some(seconds) = name.strip_prefix("botocore-session-") else {
        return Ok(name.to_owned());
    };
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    match seconds.parse::<u64>() {
        Ok(at) if at.abs_diff(now) < 600 => Ok("botocore-session-<now>".to_owned()),
        _ => Err(format!(
            "`{name}` is not botocore-session-<unix seconds now>"
        )),
    }
}

fn refusal(code: &str, message: String) -> ErrorResponse {
    ErrorResponse {
        status: 403,
        code: Some(code.to_owned()),
        message: Some(message),
        body: Vec::new(),
        headers: Vec::new(),
    }
}

fn caller() -> Option<String> {
    CALLER.try_with(Clone::clone).ok().flatten()
}

fn sts_credentials(keys: &Keys, parts: &[&str]) -> sts::Credentials {
    let (id, secret, token) = issue(keys, parts);
    sts::Credentials::builder()
        .access_key_id(id)
        .secret_access_key(secret)
        .session_token(token)
        .expiration(
            EXPIRATION
                .parse::<awsgen_identity::runtime::Timestamp>()
                .unwrap(),
        )
        .build()
        .unwrap()
}

/// STS: `AssumeRole` signed, `AssumeRoleWithWebIdentity` not.
pub struct Sts(pub Keys);

impl sts::operations::Sts for Sts {
    async fn call_assume_role(
        &self,
        input: sts::AssumeRoleRequest,
    ) -> Result<sts::AssumeRoleResponse, sts::operations::AssumeRoleError> {
        let refuse = |message: String| {
            sts::operations::AssumeRoleError::Unhandled(refusal("AccessDenied", message))
        };
        let caller = caller().ok_or_else(|| refuse("AssumeRole must be signed".into()))?;
        let session = session_name(&input.role_session_name).map_err(refuse)?;
        let duration = input.duration_seconds.map(|d| d.to_string());
        let credentials = sts_credentials(
            &self.0,
            &[
                "AssumeRole",
                &caller,
                &input.role_arn,
                &session,
                input.external_id.as_deref().unwrap_or("-"),
                duration.as_deref().unwrap_or("-"),
            ],
        );
        Ok(sts::AssumeRoleResponse::builder()
            .credentials(credentials)
            .build())
    }

    async fn call_assume_role_with_web_identity(
        &self,
        input: sts::AssumeRoleWithWebIdentityRequest,
    ) -> Result<
        sts::AssumeRoleWithWebIdentityResponse,
        sts::operations::AssumeRoleWithWebIdentityError,
    > {
        let refuse = |message: String| {
            sts::operations::AssumeRoleWithWebIdentityError::Unhandled(refusal(
                "AccessDenied",
                message,
            ))
        };
        if let Some(caller) = caller() {
            return Err(refuse(format!("signed by {caller}; must be unsigned")));
        }
        let session = session_name(&input.role_session_name).map_err(refuse)?;
        let credentials = sts_credentials(
            &self.0,
            &[
                "AssumeRoleWithWebIdentity",
                &input.role_arn,
                &session,
                &input.web_identity_token,
            ],
        );
        Ok(sts::AssumeRoleWithWebIdentityResponse::builder()
            .credentials(credentials)
            .build())
    }
}

/// SSO: `GetRoleCredentials`, unsigned, with the bearer token.
pub struct Sso(pub Keys);

impl sso::operations::Sso for Sso {
    async fn call_get_role_credentials(
        &self,
        input: sso::GetRoleCredentialsRequest,
    ) -> Result<sso::GetRoleCredentialsResponse, sso::operations::GetRoleCredentialsError> {
        if let Some(caller) = caller() {
            return Err(sso::operations::GetRoleCredentialsError::Unhandled(
                refusal("AccessDenied", format!("signed by {caller}")),
            ));
        }
        let (id, secret, token) = issue(
            &self.0,
            &[
                "GetRoleCredentials",
                &input.account_id,
                &input.role_name,
                &input.access_token,
            ],
        );
        let expiration: awsgen_identity::runtime::Timestamp = EXPIRATION.parse().unwrap();
        let credentials = sso::RoleCredentials::builder()
            .access_key_id(id)
            .secret_access_key(secret)
            .session_token(token)
            .expiration(expiration.as_millisecond())
            .build();
        Ok(sso::GetRoleCredentialsResponse::builder()
            .role_credentials(credentials)
            .build())
    }
}

/// SSO-OIDC: `CreateToken` with `refresh_token`, unsigned; the new tokens are derived from
/// the registration and the refresh token.
pub struct SsoOidc;

impl sso_oidc::operations::SsoOidc for SsoOidc {
    async fn call_create_token(
        &self,
        input: sso_oidc::CreateTokenRequest,
    ) -> Result<sso_oidc::CreateTokenResponse, sso_oidc::operations::CreateTokenError> {
        let refuse = |message: String| {
            sso_oidc::operations::CreateTokenError::Unhandled(refusal("AccessDenied", message))
        };
        if let Some(caller) = caller() {
            return Err(refuse(format!("signed by {caller}")));
        }
        if input.grant_type != "refresh_token" {
            return Err(refuse(format!("grant type {}", input.grant_type)));
        }
        let parts = [
            input.client_id.as_str(),
            &input.client_secret,
            input.refresh_token.as_deref().unwrap_or("-"),
        ];
        Ok(sso_oidc::CreateTokenResponse::builder()
            .access_token(format!(
                "refreshed-{}",
                digest(&[&["access"], &parts[..]].concat())
            ))
            .refresh_token(format!(
                "rotated-{}",
                digest(&[&["refresh"], &parts[..]].concat())
            ))
            .expires_in(28_800)
            .token_type("Bearer")
            .build())
    }
}

/// Every request's caller (`None`: unsigned) and its path, in order.
type CallLog = Mutex<Vec<(Option<String>, String)>>;

/// One service on loopback behind the signature check.
pub struct Endpoint {
    pub addr: SocketAddr,
    pub calls: Arc<CallLog>,
}

impl Endpoint {
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Serves `server` on a loopback port, on the current Tokio runtime.
    pub async fn start(server: Server, keys: Keys) -> Endpoint {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Arc::new(server);
        let calls = Arc::new(Mutex::new(Vec::new()));
        let log = calls.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let (server, keys, log) = (server.clone(), keys.clone(), log.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
                        let (server, keys, log) = (server.clone(), keys.clone(), log.clone());
                        async move { Ok::<_, Infallible>(front(&server, &keys, &log, request).await) }
                    });
                    let io = hyper_util::rt::TokioIo::new(stream);
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(io, service)
                        .await;
                });
            }
        });
        Endpoint { addr, calls }
    }
}

/// Checks the signature (if any) with the keys the test knows, then serves the request
/// with its caller known to the service.
async fn front(
    server: &Server,
    keys: &Keys,
    log: &CallLog,
    request: Request<Incoming>,
) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = body
        .collect()
        .await
        .map(|b| b.to_bytes())
        .unwrap_or_default();
    let authorization = parts
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok());
    let caller = authorization.map(|value| {
        value
            .split("Credential=")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("")
            .to_owned()
    });
    log.lock()
        .unwrap()
        .push((caller.clone(), parts.uri.path().to_owned()));
    if let Some(id) = &caller {
        let check = SignatureCheck::new().key(id, &keys.secret(id).unwrap_or_default());
        if let Err(refusal) = check.check(&parts, &body) {
            return Response::builder()
                .status(refusal.status)
                .body(Full::new(Bytes::from(format!(
                    "<ErrorResponse><Error><Type>Sender</Type><Code>{}</Code><Message>{}</Message></Error></ErrorResponse>",
                    refusal.code, refusal.message
                ))))
                .unwrap();
        }
    }
    let request = Request::from_parts(parts, Full::new(body));
    CALLER.scope(caller, server.handle(request)).await
}

/// The three services, each on its own port (each has its own endpoint variable).
pub struct IdentityServers {
    pub sts: Endpoint,
    pub sso: Endpoint,
    pub sso_oidc: Endpoint,
}

impl IdentityServers {
    pub async fn start(keys: Keys) -> IdentityServers {
        let sts = Server::new().with(sts::server::Dispatcher::new(Sts(keys.clone())));
        let sso = Server::new().with(sso::server::Dispatcher::new(Sso(keys.clone())));
        let oidc = Server::new().with(sso_oidc::server::Dispatcher::new(SsoOidc));
        IdentityServers {
            sts: Endpoint::start(sts, keys.clone()).await,
            sso: Endpoint::start(sso, keys.clone()).await,
            sso_oidc: Endpoint::start(oidc, keys).await,
        }
    }

    /// The endpoint variables both clients read.
    pub fn variables(&self) -> [(String, String); 3] {
        [
            ("AWS_ENDPOINT_URL_STS".to_owned(), self.sts.url()),
            ("AWS_ENDPOINT_URL_SSO".to_owned(), self.sso.url()),
            ("AWS_ENDPOINT_URL_SSO_OIDC".to_owned(), self.sso_oidc.url()),
        ]
    }
}
