//! A local, in-memory AWS Partner Central emulator, built only on the generated service
//! traits and dispatchers of the `partnercentral` crate.
//!
//! - Selling ([`SellingEmulator`]): `CreateOpportunity`, `GetOpportunity`,
//!   `ListOpportunities`, `AssociateOpportunity`, `DisassociateOpportunity`.
//! - Account ([`AccountEmulator`]): `GetConnection`, `ListConnections`,
//!   `CancelConnection`, over connections seeded at start.
//!
//! Every other operation answers the generated default, `NotImplemented` (501). State
//! lives in memory, kept apart per [`Catalog`] (`AWS`, `Sandbox`).
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use partnercentral_emulator::{Emulator, EmulatorConfig};
//!
//! let emulator = Emulator::new(EmulatorConfig::default())?;
//! let running = emulator.bind("127.0.0.1:0").await?;
//! println!("endpoint: {}", running.endpoint());
//! running.shutdown().await?;
//! # Ok(())
//! # }
//! ```

mod account;
mod catalog;
mod fingerprint;
mod pagination;
mod selling;
mod sync;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;

use awsgen_runtime::server::{Server, SignatureCheck};
use awsgen_runtime::{BuildError, Timestamp};
use tokio::net::{TcpListener, ToSocketAddrs};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use account::{AccountEmulator, DEFAULT_CONNECTIONS_PAGE_SIZE, MAX_CONNECTIONS_PAGE_SIZE};
pub use catalog::Catalog;
pub use selling::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, SellingEmulator};

/// The account the emulator acts as unless told otherwise.
pub const DEFAULT_ACCOUNT_ID: &str = "123456789012";

/// The region in ARNs: Partner Central is served from `us-east-1` only.
pub const REGION: &str = "us-east-1";

/// How an [`Emulator`] starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmulatorConfig {
    /// The caller's AWS account id (12 digits): the account in opportunity ARNs and the
    /// `CanceledBy` of the connections it cancels.
    pub account_id: String,
    /// Whether to start with the seed connections, four in `AWS` and three in `Sandbox`
    /// (listed in the [`AccountEmulator`] docs).
    pub seed: bool,
}

impl Default for EmulatorConfig {
    /// Account [`DEFAULT_ACCOUNT_ID`], seeded.
    fn default() -> Self {
        EmulatorConfig {
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            seed: true,
        }
    }
}

/// Why an [`Emulator`] could not start.
#[derive(Debug)]
pub enum ConfigError {
    /// The account id is not 12 digits, as the model's `AwsAccountId` requires.
    InvalidAccountId(String),
    /// The seed data could not be built (a bug in the emulator).
    Seed(BuildError),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::InvalidAccountId(id) => {
                write!(f, "the account id must be 12 digits, got {id:?}")
            }
            ConfigError::Seed(error) => write!(f, "the seed data is invalid: {error}"),
        }
    }
}

impl std::error::Error for ConfigError {}

/// Both services, sharing one configuration. Cheap to clone: clones share state.
#[derive(Debug, Clone)]
pub struct Emulator {
    selling: Arc<SellingEmulator>,
    account: Arc<AccountEmulator>,
    /// Checks SigV4 signatures when set (see [`Emulator::check_signatures`]).
    signatures: Option<SignatureCheck>,
}

impl Emulator {
    pub fn new(config: EmulatorConfig) -> Result<Emulator, ConfigError> {
        let EmulatorConfig { account_id, seed } = config;
        if account_id.len() != 12 || !account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ConfigError::InvalidAccountId(account_id));
        }
        let account = AccountEmulator::new(account_id.clone(), seed).map_err(ConfigError::Seed)?;
        Ok(Emulator {
            selling: Arc::new(SellingEmulator::new(account_id)),
            account: Arc::new(account),
            signatures: None,
        })
    }

    /// Serves only requests signed (SigV4) with `access_key_id` and `secret_access_key`,
    /// refusing others with 403 as AWS does (`InvalidSignatureException`,
    /// `UnrecognizedClientException`, ...): a client with a signing bug then fails against
    /// the emulator instead of passing unseen.
    pub fn check_signatures(mut self, access_key_id: &str, secret_access_key: &str) -> Emulator {
        self.signatures = Some(SignatureCheck::new().key(access_key_id, secret_access_key));
        self
    }

    /// The Selling API; call its [`PartnerCentralSelling`] methods directly to skip HTTP.
    ///
    /// [`PartnerCentralSelling`]: partnercentral::selling::operations::PartnerCentralSelling
    pub fn selling(&self) -> &Arc<SellingEmulator> {
        &self.selling
    }

    /// The Account API; call its [`PartnerCentralAccount`] methods directly to skip HTTP.
    ///
    /// [`PartnerCentralAccount`]: partnercentral::account::operations::PartnerCentralAccount
    pub fn account(&self) -> &Arc<AccountEmulator> {
        &self.account
    }

    /// How many opportunities the emulator holds, both catalogs together.
    pub fn opportunity_count(&self) -> usize {
        self.selling.opportunity_count()
    }

    /// An HTTP server for both services, told apart by their `X-Amz-Target` prefixes
    /// (`AWSPartnerCentralSelling`, `PartnerCentralAccount`). It serves this emulator's
    /// state: requests over HTTP and direct calls see the same data.
    pub fn server(&self) -> Server {
        let server = Server::new()
            .with(partnercentral::selling::server::Dispatcher::from_arc(
                Arc::clone(&self.selling),
            ))
            .with(partnercentral::account::server::Dispatcher::from_arc(
                Arc::clone(&self.account),
            ));
        match &self.signatures {
            Some(check) => server.check_signatures(check.clone()),
            None => server,
        }
    }

    /// Serves connections from `listener` until the process ends.
    pub async fn serve(&self, listener: TcpListener) -> io::Result<()> {
        self.server().serve(listener).await
    }

    /// Serves connections from `listener` until `shutdown` completes, then lets open
    /// requests finish.
    pub async fn serve_with_shutdown(
        &self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()>,
    ) -> io::Result<()> {
        self.server().serve_with_shutdown(listener, shutdown).await
    }

    /// Binds `addr` (port 0 picks a free port) and serves on a Tokio task until the
    /// returned handle is shut down or dropped. Must be called within a Tokio runtime.
    pub async fn bind(&self, addr: impl ToSocketAddrs) -> io::Result<RunningEmulator> {
        let listener = TcpListener::bind(addr).await?;
        let local_addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        // A dropped sender completes the receiver too: dropping the handle stops the server.
        let task = tokio::spawn(self.server().serve_with_shutdown(listener, async {
            let _ = stopped.await;
        }));
        Ok(RunningEmulator {
            local_addr,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// An emulator serving on a socket, from [`Emulator::bind`]. Dropping it stops the server
/// (without waiting); [`RunningEmulator::shutdown`] stops it and waits.
#[derive(Debug)]
pub struct RunningEmulator {
    local_addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl RunningEmulator {
    /// The address the server listens on, with the port actually bound.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://<address>`, the endpoint URL to give a client.
    pub fn endpoint(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Stops accepting connections, lets open requests finish, and returns the server's
    /// result.
    pub async fn shutdown(mut self) -> io::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        match self.task.take() {
            Some(task) => task.await.map_err(io::Error::other)?,
            None => Ok(()),
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The current time, to the millisecond, as the service reports times.
pub(crate) fn now() -> Timestamp {
    let now = Timestamp::now();
    Timestamp::from_millisecond(now.as_millisecond()).unwrap_or(now)
}
