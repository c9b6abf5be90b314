//! The server on a real socket, spoken to in raw HTTP/1.1 so that nothing between the test
//! and the server fixes up what is sent.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::timeout;

use super::fake::Fake;
use crate::protocol::client::CONTENT_TYPE;
use crate::server::Server;

/// Long enough for a slow CI machine, short enough that a hang fails the test.
const PATIENCE: Duration = Duration::from_secs(10);

/// One client connection, with what was read past the last response.
struct Client {
    stream: TcpStream,
    buffer: Vec<u8>,
}

/// A response as read off the wire.
#[derive(Debug)]
struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Client {
    async fn connect(address: std::net::SocketAddr) -> Client {
        let stream = TcpStream::connect(address).await.expect("connect");
        Client {
            stream,
            buffer: Vec::new(),
        }
    }

    async fn send(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).await.expect("write");
    }

    async fn post(&mut self, target: &str, body: &str) -> Raw {
        let request = format!(
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: {CONTENT_TYPE}\r\n\
             X-Amz-Target: {target}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.send(request.as_bytes()).await;
        self.response().await
    }

    /// Reads until `n` bytes are buffered; false at end of stream.
    async fn fill(&mut self, n: usize) -> bool {
        while self.buffer.len() < n {
            let mut chunk = [0u8; 4096];
            let read = timeout(PATIENCE, self.stream.read(&mut chunk))
                .await
                .expect("the server answers in time")
                .expect("read");
            if read == 0 {
                return false;
            }
            self.buffer.extend_from_slice(&chunk[..read]);
        }
        true
    }

    async fn response(&mut self) -> Raw {
        let head_end = loop {
            if let Some(at) = self.buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                break at;
            }
            let wanted = self.buffer.len() + 1;
            assert!(
                self.fill(wanted).await,
                "the connection closed mid-response"
            );
        };
        let head = String::from_utf8(self.buffer[..head_end].to_vec()).expect("ASCII head");
        self.buffer.drain(..head_end + 4);
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .expect("a status line");
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let mut raw = Raw {
            status,
            headers,
            body: String::new(),
        };
        let length: usize = raw
            .header("content-length")
            .and_then(|v| v.parse().ok())
            .expect("a content length");
        assert!(self.fill(length).await, "the connection closed mid-body");
        raw.body = String::from_utf8(self.buffer.drain(..length).collect()).expect("UTF-8");
        raw
    }

    /// True when the server closes the connection (after answering or not).
    async fn closed(&mut self) -> bool {
        let mut rest = Vec::new();
        matches!(
            timeout(PATIENCE, self.stream.read_to_end(&mut rest)).await,
            Ok(Ok(_) | Err(_))
        )
    }
}

#[tokio::test]
async fn a_real_socket_survives_panics_garbage_and_huge_bodies_then_shuts_down() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let server = Server::new()
        .with(Fake::new("Alpha"))
        .with(Fake::new("Beta_2024"))
        .max_body_bytes(1024);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.serve_with_shutdown(listener, async {
        let _ = stopped.await;
    }));

    // Keep-alive: a panic answers 500 and the same connection goes on.
    let mut client = Client::connect(address).await;
    let echo = client.post("Alpha.Echo", r#"{"A":1}"#).await;
    assert_eq!(echo.status, 200, "{echo:?}");
    assert!(echo.body.contains(r#"\"A\":1"#), "{echo:?}");
    assert!(echo.header("x-amzn-requestid").is_some());
    let panic = client.post("Alpha.Panic", "{}").await;
    assert_eq!(panic.status, 500, "{panic:?}");
    assert_eq!(panic.header("x-amzn-errortype"), Some("InternalFailure"));
    assert_eq!(client.post("Beta_2024.Echo", "{}").await.status, 200);
    let unknown = client.post("Gamma.Echo", "{}").await;
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.header("x-amzn-errortype"),
        Some("UnknownOperationException")
    );

    // A declared gigabyte is refused before the client sends any of it.
    let mut huge = Client::connect(address).await;
    huge.send(
        format!(
            "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: {CONTENT_TYPE}\r\n\
             X-Amz-Target: Alpha.Echo\r\nContent-Length: 1073741824\r\n\r\n"
        )
        .as_bytes(),
    )
    .await;
    let refused = huge.response().await;
    assert_eq!(refused.status, 413, "{refused:?}");
    assert_eq!(
        refused.header("x-amzn-errortype"),
        Some("RequestEntityTooLargeException")
    );

    // Garbage ends that connection only.
    let mut garbage = Client::connect(address).await;
    garbage.send(b"\x16\x03\x01 not HTTP at all\r\n\r\n").await;
    assert!(garbage.closed().await);
    let mut after = Client::connect(address).await;
    assert_eq!(after.post("Alpha.Echo", "{}").await.status, 200);

    // Shutdown: idle keep-alive connections close, and serving returns.
    stop.send(()).expect("the server is running");
    let served = timeout(PATIENCE, serving)
        .await
        .expect("the server stops in time")
        .expect("the server task does not panic");
    assert!(served.is_ok(), "{served:?}");
    assert!(client.closed().await);
    assert!(TcpStream::connect(address).await.is_err());
}
