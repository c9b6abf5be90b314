//! Turning a [`Reply`] into an HTTP response, the protocol errors the server answers itself,
//! and request ids.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use http::header::{ALLOW, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderName, HeaderValue, Response, StatusCode};
use http_body_util::Full;

use crate::protocol::Protocol;
use crate::protocol::server::{self, Reply, failure_response};

/// The request has no operation this server knows: wrong method or path, a missing or
/// malformed `X-Amz-Target`, an unknown prefix or operation.
pub(super) const UNKNOWN_OPERATION: &str = "UnknownOperationException";
/// The request cannot be read: wrong `Content-Type`, a body that breaks off.
pub(super) const SERIALIZATION: &str = "SerializationException";
/// The body is larger than the server accepts.
pub(super) const TOO_LARGE: &str = "RequestEntityTooLargeException";
/// The request did not complete within the server's time limit.
pub(super) const TIMEOUT: &str = "RequestTimeoutException";
/// A body's trailing checksum does not match it (S3's code for a wrong digest).
pub(super) const BAD_DIGEST: &str = "BadDigest";

const REQUEST_ID: HeaderName = HeaderName::from_static("x-amzn-requestid");
const ERROR_TYPE: HeaderName = HeaderName::from_static("x-amzn-errortype");
const SMITHY_PROTOCOL: HeaderName = HeaderName::from_static("smithy-protocol");

/// A protocol error the server answers without asking a service, in `protocol`.
pub(super) fn reject(protocol: Protocol, status: u16, code: &str, message: &str) -> Reply {
    Reply::error(failure_response(protocol, status, code, message))
}

/// The reply to a panic or an impossible reply of the service; says nothing of its
/// internals (the panic hook has already reported the panic).
pub(super) fn internal_failure(protocol: Protocol) -> Reply {
    Reply::error(server::internal_failure(protocol))
}

/// The HTTP response that carries `reply`. Never fails: a status outside 200..=599 becomes an
/// `InternalFailure`, and an error code that cannot be a header value is left to the body's
/// `__type`.
pub(super) fn to_http(reply: Reply, protocol: Protocol, request_id: &str) -> Response<Full<Bytes>> {
    let (status, reply) = match StatusCode::from_u16(reply.status) {
        Ok(status) if (200..=599).contains(&reply.status) => (status, reply),
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            internal_failure(protocol),
        ),
    };
    let Reply {
        error_type,
        body,
        headers: extra_headers,
        ..
    } = reply;
    // A query error carries the request's id in its body too, as AWS's do.
    #[cfg(feature = "aws-query")]
    let body = match protocol {
        Protocol::AwsQuery | Protocol::Ec2Query if !status.is_success() => {
            crate::protocol::query::server::with_request_id(
                body,
                protocol == Protocol::Ec2Query,
                request_id,
            )
        }
        _ => body,
    };
    let length = body.len();
    let mut response = Response::new(Full::new(Bytes::from(body)));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    // An HTTP-bound reply says its own `Content-Type` (or has no body to type).
    let typed = extra_headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
    let untyped_empty = matches!(protocol, Protocol::RestJson1 | Protocol::RestXml) && length == 0;
    if !typed && !untyped_empty {
        headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static(protocol.content_type()),
        );
    }
    for (name, value) in &extra_headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::try_from(name.as_str()),
            HeaderValue::try_from(value.as_str()),
        ) {
            headers.append(name, value);
        }
    }
    if protocol == Protocol::RpcV2Cbor {
        headers.insert(SMITHY_PROTOCOL, HeaderValue::from_static("rpc-v2-cbor"));
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID, id);
    }
    if let Some(code) = error_type.and_then(|code| HeaderValue::try_from(code).ok()) {
        headers.insert(ERROR_TYPE, code);
    }
    if status == StatusCode::METHOD_NOT_ALLOWED {
        // RFC 9110 asks a 405 to list the methods that are allowed.
        headers.insert(ALLOW, HeaderValue::from_static("POST"));
    }
    response
}

/// A fresh request id shaped like a UUID v4, as AWS's are: unique within the process (a
/// counter) and unpredictable across processes (hashed with random keys), not secret.
pub(super) fn request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static KEYS: OnceLock<RandomState> = OnceLock::new();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let keys = KEYS.get_or_init(RandomState::new);
    let mut v = (u128::from(keys.hash_one((n, 0u8))) << 64) | u128::from(keys.hash_one((n, 1u8)));
    v = (v & !(0xf << 76)) | (0x4 << 76); // version 4
    v = (v & !(0x3 << 62)) | (0x2 << 62); // RFC 4122 variant
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        v >> 96,
        (v >> 80) & 0xffff,
        (v >> 64) & 0xffff,
        (v >> 48) & 0xffff,
        v & 0xffff_ffff_ffff
    )
}
