//! Real parts for the tests: small HTTP servers on loopback (an IMDS, a container
//! credentials endpoint), temporary homes with profile files, a controllable clock.
//! Also used by the workspace's botocore comparison (`tests/tests/credentials_botocore.rs`).

#![allow(dead_code)]

use std::convert::Infallible;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use awsgen_credentials::Clock;
use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::{Request, Response};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An answer: status, body, and a delay before it.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Reply {
    pub fn ok(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn status(status: u16, body: impl Into<String>) -> Reply {
        Reply {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

type Handler = Arc<dyn Fn(&Seen) -> Reply + Send + Sync>;

/// An HTTP/1.1 server on 127.0.0.1, on a thread of its own (so that a test may block, for
/// example on a Python process, while it serves). Stops when dropped.
pub struct Server {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Server {
    pub fn start(handler: impl Fn(&Seen) -> Reply + Send + Sync + 'static) -> Server {
        let handler: Handler = Arc::new(handler);
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready, addr) = std::sync::mpsc::channel();
        let log = seen.clone();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready.send(listener.local_addr().unwrap()).unwrap();
                let serve = async {
                    loop {
                        let Ok((stream, _)) = listener.accept().await else {
                            continue;
                        };
                        let (handler, log) = (handler.clone(), log.clone());
                        tokio::spawn(async move {
                            let service =
                                hyper::service::service_fn(move |request: Request<Incoming>| {
                                    let (handler, log) = (handler.clone(), log.clone());
                                    async move {
                                        let seen = Seen {
                                            method: request.method().to_string(),
                                            path: request
                                                .uri()
                                                .path_and_query()
                                                .map(|p| p.to_string())
                                                .unwrap_or_default(),
                                            headers: request
                                                .headers()
                                                .iter()
                                                .map(|(n, v)| {
                                                    (
                                                        n.to_string(),
                                                        v.to_str().unwrap_or("").to_owned(),
                                                    )
                                                })
                                                .collect(),
                                        };
                                        log.lock().unwrap().push(seen.clone());
                                        let reply = handler(&seen);
                                        tokio::time::sleep(reply.delay).await;
                                        let response = Response::builder()
                                            .status(reply.status)
                                            .body(Full::new(Bytes::from(reply.body)))
                                            .unwrap();
                                        Ok::<_, Infallible>(response)
                                    }
                                });
                            let io = hyper_util::rt::TokioIo::new(stream);
                            let _ = hyper::server::conn::http1::Builder::new()
                                .serve_connection(io, service)
                                .await;
                        });
                    }
                };
                tokio::select! {
                    _ = serve => {}
                    _ = stopped => {}
                }
            });
        });
        Server {
            addr: addr.recv().unwrap(),
            seen,
            stop: Some(stop),
        }
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    pub fn count(&self, method: &str) -> usize {
        self.seen().iter().filter(|s| s.method == method).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// A credentials document as IMDS and the container endpoints write it.
pub fn credentials_json(
    access_key_id: &str,
    secret: &str,
    token: &str,
    expiration: &str,
) -> String {
    format!(
        r#"{{"Code": "Success", "Type": "AWS-HMAC", "AccessKeyId": "{access_key_id}", "SecretAccessKey": "{secret}", "Token": "{token}", "Expiration": "{expiration}"}}"#
    )
}

/// How the local IMDS behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImdsMode {
    /// Tokens required (IMDSv2 only): a GET without a valid token is 401.
    V2,
    /// No token endpoint (PUT is 404); GETs need none.
    V1,
}

/// A local IMDS with one role, `test-role`, whose credentials are `credentials`; tokens are
/// `token-<n>`; `placement/region` is `us-west-2`. `revoke` invalidates issued tokens.
pub struct Imds {
    pub server: Server,
    revoked: Arc<AtomicUsize>,
}

impl Imds {
    pub fn start(mode: ImdsMode, credentials: String) -> Imds {
        let issued = Arc::new(AtomicUsize::new(0));
        let revoked = Arc::new(AtomicUsize::new(0));
        let (issued2, revoked2) = (issued.clone(), revoked.clone());
        let server = Server::start(move |seen| {
            if seen.method == "PUT" && seen.path == "/latest/api/token" {
                if mode == ImdsMode::V1 {
                    return Reply::status(404, "");
                }
                if seen
                    .header("x-aws-ec2-metadata-token-ttl-seconds")
                    .is_none()
                {
                    return Reply::status(400, "");
                }
                let n = issued2.fetch_add(1, Ordering::SeqCst) + 1;
                return Reply::ok(format!("token-{n}"));
            }
            if mode == ImdsMode::V2 {
                let valid = seen
                    .header("x-aws-ec2-metadata-token")
                    .and_then(|t| t.strip_prefix("token-"))
                    .and_then(|n| n.parse::<usize>().ok())
                    .is_some_and(|n| {
                        n > revoked2.load(Ordering::SeqCst) && n <= issued2.load(Ordering::SeqCst)
                    });
                if !valid {
                    return Reply::status(401, "");
                }
            }
            match (seen.method.as_str(), seen.path.as_str()) {
                ("GET", "/latest/meta-data/iam/security-credentials/") => Reply::ok("test-role"),
                ("GET", "/latest/meta-data/iam/security-credentials/test-role") => {
                    Reply::ok(credentials.clone())
                }
                ("GET", "/latest/meta-data/placement/region") => Reply::ok("us-west-2"),
                _ => Reply::status(404, ""),
            }
        });
        Imds { server, revoked }
    }

    /// Makes every token issued so far invalid (as after an IMDS restart).
    pub fn revoke_tokens(&self) {
        let issued = self.server.count("PUT");
        self.revoked.store(issued, Ordering::SeqCst);
    }
}

/// A port nothing listens on (bound, then released): connections are refused at once.
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}

/// A temporary home with `.aws/config` and `.aws/credentials`.
pub struct Home {
    pub dir: tempfile::TempDir,
}

impl Home {
    pub fn new(config: &str, credentials: &str) -> Home {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".aws")).unwrap();
        if !config.is_empty() {
            std::fs::write(dir.path().join(".aws/config"), config).unwrap();
        }
        if !credentials.is_empty() {
            std::fs::write(dir.path().join(".aws/credentials"), credentials).unwrap();
        }
        Home { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn home(&self) -> String {
        self.dir.path().display().to_string()
    }

    /// Writes a file under the home and returns its path.
    pub fn write(&self, name: &str, content: &str) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        path
    }

    /// Writes an executable shell script under the home and returns its path.
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        let path = self.write(name, &format!("#!/bin/sh\n{body}\n"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        path
    }
}

/// A clock the test moves.
#[derive(Debug)]
pub struct ManualClock(Mutex<SystemTime>);

impl ManualClock {
    /// At `rfc3339`.
    pub fn at(rfc3339: &str) -> Arc<ManualClock> {
        let at: jiff::Timestamp = rfc3339.parse().unwrap();
        Arc::new(ManualClock(Mutex::new(SystemTime::from(at))))
    }

    pub fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}
