//! Running a [`Server`] on a TCP listener: HTTP/1.1 and h2c (HTTP/2 with prior knowledge),
//! one Tokio task per connection, graceful shutdown.

use std::future::Future;
use std::io;
use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, watch};

use super::Server;

/// How long to wait before accepting again after an error that is not about one connection
/// (out of file descriptors, say): retrying at once would spin while nothing can change.
const ACCEPT_BACKOFF: Duration = Duration::from_secs(1);

impl Server {
    /// Serves connections from `listener` until the process ends. Connections that fail (a
    /// client that resets, sends garbage or is too slow with its headers) end alone; the
    /// server keeps accepting.
    pub async fn serve(self, listener: TcpListener) -> io::Result<()> {
        self.serve_with_shutdown(listener, std::future::pending())
            .await
    }

    /// [`Server::serve`] until `shutdown` completes; then stops accepting, lets every open
    /// connection finish the requests it has started (idle ones close at once), and returns.
    /// The [`Server::request_timeout`] bounds how long that takes.
    ///
    /// Returns `Ok` after a shutdown: accept errors are waited out, never returned, because
    /// one bad moment must not stop a server others depend on. The `Result` leaves room for
    /// setup errors.
    pub async fn serve_with_shutdown<F>(self, listener: TcpListener, shutdown: F) -> io::Result<()>
    where
        F: Future<Output = ()>,
    {
        let builder = Arc::new(builder());
        let (stop, stopping) = watch::channel(());
        let slots = Arc::new(Semaphore::new(self.inner.max_connections));
        let mut shutdown = pin!(shutdown);
        loop {
            // A free connection slot first: at the limit, clients wait in the backlog.
            let slot = tokio::select! {
                () = &mut shutdown => break,
                slot = Arc::clone(&slots).acquire_owned() => match slot {
                    Ok(slot) => slot,
                    Err(_) => break,
                },
            };
            let accepted = tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => accepted,
            };
            match accepted {
                Ok((stream, _peer)) => {
                    let connection =
                        connection(self.clone(), Arc::clone(&builder), stream, stopping.clone());
                    tokio::spawn(async move {
                        connection.await;
                        drop(slot);
                    });
                }
                Err(error) if is_connection_error(&error) => {}
                Err(_) => tokio::select! {
                    () = &mut shutdown => break,
                    () = tokio::time::sleep(ACCEPT_BACKOFF) => {}
                },
            }
        }
        drop(listener);
        drop(stopping);
        // Every connection holds a receiver: send the signal, then wait for all to let go.
        let _ = stop.send(());
        stop.closed().await;
        Ok(())
    }
}

/// HTTP/1.1 and h2c on one port; the timers make hyper's header read timeout (HTTP/1) and
/// keep-alive pings (HTTP/2) work.
fn builder() -> Builder<TokioExecutor> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new());
    builder.http2().timer(TokioTimer::new());
    builder
}

/// Serves one connection until it ends or the server stops; its errors (resets, protocol
/// violations) concern that client alone and are dropped.
async fn connection(
    server: Server,
    builder: Arc<Builder<TokioExecutor>>,
    stream: TcpStream,
    mut stopping: watch::Receiver<()>,
) {
    // Requests and replies are small and alternate: do not hold replies back for Nagle.
    let _ = stream.set_nodelay(true);
    let mut connection = pin!(builder.serve_connection(TokioIo::new(stream), server));
    tokio::select! {
        _ = connection.as_mut() => return,
        // `Err` (the server is gone) means stop too.
        _ = stopping.changed() => {}
    }
    connection.as_mut().graceful_shutdown();
    let _ = connection.await;
}

/// Errors of one connection that died between the client's connect and the accept.
fn is_connection_error(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}
