//! Reading a request: the checks on method, path and headers of awsJson and RPC v2 CBOR, and
//! for every protocol the body read under a size bound and a deadline, its transfer
//! encodings undone.

use std::error::Error;
use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::Poll;
use std::time::Duration;

use bytes::Buf;
use http::header::CONTENT_TYPE;
use http::request::Parts;
use http::{HeaderName, Method};
use http_body::Body;
use http_body_util::{BodyExt, LengthLimitError, Limited};

use super::response::{BAD_DIGEST, SERIALIZATION, TOO_LARGE, UNKNOWN_OPERATION, reject};
use crate::encoding::DecodeError;
use crate::protocol::Protocol;
use crate::protocol::server::Reply;

const TARGET: HeaderName = HeaderName::from_static("x-amz-target");

/// How much of a header the server quotes back in an error message.
const QUOTE_CHARS: usize = 128;

/// How much buffer a declared body length may reserve before any byte arrived, so that
/// headers alone cannot make the server allocate up to the limit.
const RESERVE_BYTES: usize = 64 * 1024;

/// The service and operation a request names: by `X-Amz-Target` (awsJson) or by its path
/// (RPC v2 CBOR).
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Target<'a> {
    pub(super) prefix: &'a str,
    pub(super) operation: &'a str,
    /// The request came by the RPC v2 CBOR path.
    pub(super) cbor: bool,
}

/// Whether a request is on the RPC v2 CBOR path, so that even its rejection is written in
/// CBOR.
pub(super) fn is_cbor_path(path: &str) -> bool {
    path.starts_with("/service/")
}

/// Checks method, path and `X-Amz-Target`, what a router looks at: a request that names no
/// operation is an `UnknownOperationException` whatever its headers and body.
pub(super) fn route(parts: &Parts, protocol: Protocol) -> Result<Target<'_>, Reply> {
    if parts.method != Method::POST {
        let message = format!("requests are POST, not {}", quote(parts.method.as_str()));
        return Err(reject(protocol, 405, UNKNOWN_OPERATION, &message));
    }
    if is_cbor_path(parts.uri.path()) {
        return cbor_target(parts, protocol);
    }
    if parts.uri.path() != "/" {
        let message = format!(
            "awsJson takes requests at /, and RPC v2 CBOR at /service/{{service}}/operation/{{operation}}, not {}",
            quote(parts.uri.path())
        );
        return Err(reject(protocol, 400, UNKNOWN_OPERATION, &message));
    }
    target(parts, protocol)
}

/// `/service/{service}/operation/{operation}` with `smithy-protocol: rpc-v2-cbor`.
fn cbor_target(parts: &Parts, protocol: Protocol) -> Result<Target<'_>, Reply> {
    let segments: Vec<&str> = parts.uri.path().split('/').collect();
    let ["", "service", prefix, "operation", operation] = segments.as_slice() else {
        let message = format!(
            "an RPC v2 CBOR path is /service/{{service}}/operation/{{operation}}, not {}",
            quote(parts.uri.path())
        );
        return Err(reject(protocol, 400, UNKNOWN_OPERATION, &message));
    };
    if prefix.is_empty() || operation.is_empty() {
        return Err(reject(
            protocol,
            400,
            UNKNOWN_OPERATION,
            "the path names no service or operation",
        ));
    }
    let declared = parts.headers.get("smithy-protocol").map(|v| v.to_str());
    if !matches!(declared, Some(Ok("rpc-v2-cbor"))) {
        return Err(reject(
            protocol,
            400,
            SERIALIZATION,
            "an RPC v2 CBOR request must have the header smithy-protocol: rpc-v2-cbor",
        ));
    }
    Ok(Target {
        prefix,
        operation,
        cbor: true,
    })
}

/// Checks that the body is declared to be in the service's protocol. An RPC v2 CBOR request
/// without input has no body and may have no `Content-Type`.
pub(super) fn content_type(parts: &Parts, protocol: Protocol) -> Result<(), Reply> {
    let wanted = protocol.content_type();
    let message = match parts.headers.get(CONTENT_TYPE).map(|v| v.to_str()) {
        Some(Ok(value)) if same_media_type(value, wanted) => return Ok(()),
        None if protocol == Protocol::RpcV2Cbor => return Ok(()),
        Some(Ok(value)) => format!("Content-Type must be {wanted}, not {}", quote(value)),
        Some(Err(_)) => format!("Content-Type must be {wanted}, and is not text"),
        None => format!("Content-Type must be {wanted}, and is missing"),
    };
    Err(reject(protocol, 400, SERIALIZATION, &message))
}

/// `prefix.Operation`, split at the last dot: operation names have none, while a prefix
/// might.
fn target(parts: &Parts, protocol: Protocol) -> Result<Target<'_>, Reply> {
    let Some(value) = parts.headers.get(TARGET) else {
        return Err(reject(
            protocol,
            400,
            UNKNOWN_OPERATION,
            "X-Amz-Target is missing",
        ));
    };
    let Ok(value) = value.to_str() else {
        return Err(reject(
            protocol,
            400,
            UNKNOWN_OPERATION,
            "X-Amz-Target is not text",
        ));
    };
    match value.trim().rsplit_once('.') {
        Some((prefix, operation)) if !prefix.is_empty() && !operation.is_empty() => Ok(Target {
            prefix,
            operation,
            cbor: false,
        }),
        _ => Err(reject(
            protocol,
            400,
            UNKNOWN_OPERATION,
            &format!("X-Amz-Target {} is not Prefix.Operation", quote(value)),
        )),
    }
}

/// `value` is the media type `wanted`, in any case, with or without parameters
/// (`; charset=utf-8`), as HTTP media types compare.
pub(super) fn same_media_type(value: &str, wanted: &str) -> bool {
    let essence = value.split(';').next().unwrap_or(value).trim();
    essence.eq_ignore_ascii_case(wanted)
}

/// Part of a client-supplied value for an error message, cut at a character boundary.
pub(super) fn quote(value: &str) -> String {
    let mut quoted: String = value.chars().take(QUOTE_CHARS).collect();
    if quoted.len() < value.len() {
        quoted.push('…');
    }
    format!("{quoted:?}")
}

/// Reads the whole body, refusing with 413 as soon as it is known to exceed `limit` bytes:
/// from its declared length before reading anything, else when the bytes read pass the
/// limit. At most `limit` bytes are ever kept.
pub(super) async fn read_body<B>(
    body: B,
    limit: usize,
    protocol: Protocol,
) -> Result<Vec<u8>, Reply>
where
    B: Body,
    B::Error: Into<Box<dyn Error + Send + Sync>>,
{
    let too_large = || {
        let message = format!("the request body exceeds the limit of {limit} bytes");
        reject(protocol, 413, TOO_LARGE, &message)
    };
    let declared = body.size_hint().lower();
    if declared > u64::try_from(limit).unwrap_or(u64::MAX) {
        return Err(too_large());
    }
    let reserve = usize::try_from(declared).map_or(RESERVE_BYTES, |n| n.min(RESERVE_BYTES));
    let mut bytes = Vec::with_capacity(reserve);
    let mut body = pin!(Limited::new(body, limit));
    while let Some(frame) = body.frame().await {
        let frame = match frame {
            Ok(frame) => frame,
            Err(error) if error.is::<LengthLimitError>() => return Err(too_large()),
            Err(error) => {
                let message = format!("cannot read the request body: {error}");
                return Err(reject(protocol, 400, SERIALIZATION, &message));
            }
        };
        // Trailers carry nothing awsJson reads.
        if let Ok(mut data) = frame.into_data() {
            while data.has_remaining() {
                let chunk = data.chunk();
                bytes.extend_from_slice(chunk);
                let read = chunk.len();
                data.advance(read);
            }
        }
    }
    Ok(bytes)
}

/// The request's headers whose values are text, names in lowercase.
pub(super) fn text_headers(parts: &Parts) -> Vec<(String, String)> {
    parts
        .headers
        .iter()
        .filter_map(|(name, value)| {
            Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
        })
        .collect()
}

/// The body with its transfer encodings undone (`aws-chunked`; `gzip` where `gzip` says
/// the operation takes it), `headers` updated to match; within `limit` bytes however much a
/// gzip body inflates.
pub(super) fn decode_body(
    headers: &mut Vec<(String, String)>,
    body: Vec<u8>,
    limit: usize,
    protocol: Protocol,
    gzip: bool,
) -> Result<Vec<u8>, Reply> {
    crate::encoding::decode_request(headers, body, limit, gzip).map_err(|error| match error {
        DecodeError::TooLarge { .. } => reject(protocol, 413, TOO_LARGE, &error.to_string()),
        DecodeError::Malformed(message) => reject(protocol, 400, SERIALIZATION, &message),
        DecodeError::ChecksumMismatch(message) => reject(protocol, 400, BAD_DIGEST, &message),
    })
}

/// A point in time after which the request is abandoned.
pub(super) struct Deadline(Pin<Box<tokio::time::Sleep>>);

impl Deadline {
    /// Starts the clock; `None` outside a Tokio runtime with timers enabled, where there is
    /// no clock to run, and the request then goes without a time limit rather than failing.
    pub(super) fn start(after: Duration) -> Option<Deadline> {
        tokio::runtime::Handle::try_current().ok()?;
        // A runtime built without `enable_time` panics here; that is a configuration the
        // caller chose, not a reason to fail their requests.
        std::panic::catch_unwind(|| Deadline(Box::pin(tokio::time::sleep(after)))).ok()
    }
}

/// Runs `future` until it completes (`Some`) or `deadline` passes (`None`); without a
/// deadline, until it completes.
pub(super) async fn within<F: Future>(
    mut deadline: Option<&mut Deadline>,
    future: F,
) -> Option<F::Output> {
    let mut future = pin!(future);
    poll_fn(move |cx| {
        if let Poll::Ready(output) = future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        match deadline.as_deref_mut() {
            Some(Deadline(sleep)) => sleep.as_mut().poll(cx).map(|()| None),
            None => Poll::Pending,
        }
    })
    .await
}
