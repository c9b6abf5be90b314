//! Random requests: whatever arrives, the server answers a well-formed awsJson response and
//! never panics.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderValue, Method, Request};
use http_body_util::Full;

use super::fake::{Fake, call};
use crate::server::Server;

/// xorshift64*: reproducible from its seed, no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap_or(0)
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let len = self.below(max + 1);
        (0..len).map(|_| self.next() as u8).collect()
    }

    /// Bytes biased towards what the checks look at: dots, letters, separators.
    fn text(&mut self, max: usize) -> Vec<u8> {
        const ALPHABET: &[u8] = b"AlphaBet_2024.Echo;=/ -\t\xff\x00{}\"";
        let len = self.below(max + 1);
        (0..len).map(|_| *self.pick(ALPHABET)).collect()
    }
}

const OPERATIONS: &[&str] = &[
    "Echo",
    "Panic",
    "PanicNow",
    "Slow",
    "Fail",
    "BadStatus",
    "Informational",
    "BadErrorType",
    "Nope",
];

/// Mostly requests that pass the checks, so that the services are reached too; each check
/// fails often enough to be exercised.
fn random_request(rng: &mut Rng) -> Request<Full<Bytes>> {
    let method = if rng.below(10) < 8 {
        Method::POST
    } else {
        rng.pick(&[Method::GET, Method::HEAD, Method::PATCH])
            .clone()
    };
    let path = if rng.below(10) < 8 {
        "/"
    } else {
        *rng.pick(&["//", "/x", "/?q=%ff", "/Alpha.Echo"])
    };
    let mut builder = Request::builder().method(method).uri(path);
    let target = match rng.below(10) {
        0 => None,
        1 => Some(rng.text(24)),
        2 => Some(rng.bytes(24)),
        _ => {
            let prefix = *rng.pick(&["Alpha", "Beta_2024", "Alpha", "Gamma", ""]);
            Some(format!("{prefix}.{}", rng.pick(OPERATIONS)).into_bytes())
        }
    };
    if let Some(value) = target.and_then(|bytes| HeaderValue::from_bytes(&bytes).ok()) {
        builder = builder.header("x-amz-target", value);
    }
    let content_type = match rng.below(10) {
        0 => None,
        1 => HeaderValue::from_bytes(&rng.text(40)).ok(),
        _ => Some(HeaderValue::from_static(
            "application/x-amz-json-1.0; charset=utf-8",
        )),
    };
    if let Some(value) = content_type {
        builder = builder.header("content-type", value);
    }
    let body = if rng.below(2) == 0 {
        rng.bytes(40)
    } else {
        rng.text(40)
    };
    builder
        .body(Full::new(Bytes::from(body)))
        .expect("methods, paths and header values are checked above")
}

#[tokio::test]
async fn random_requests_get_well_formed_answers() {
    let server = Server::new()
        .with(Fake::new("Alpha"))
        .with(Fake::new("Beta_2024"))
        .max_body_bytes(32)
        .request_timeout(Duration::from_millis(2));
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut statuses = std::collections::BTreeMap::new();
    for _ in 0..400 {
        // `call` checks content type, length and that the body is JSON.
        let answer = call(&server, random_request(&mut rng)).await;
        assert!((200..=599).contains(&answer.status.as_u16()));
        assert!(answer.header("x-amzn-requestid").is_some());
        if answer.status != 200 {
            let code = answer.body["__type"].as_str();
            assert!(code.is_some(), "{:?}", answer.body);
            // Only a code that cannot be a header value goes without the header.
            if let Some(header) = answer.header("x-amzn-errortype") {
                assert_eq!(Some(header), code);
            }
        }
        *statuses.entry(answer.status.as_u16()).or_insert(0) += 1;
    }
    // The generator reaches success and every rejection.
    for status in [200, 400, 405, 413, 500, 504] {
        assert!(statuses.contains_key(&status), "{statuses:?}");
    }
}
