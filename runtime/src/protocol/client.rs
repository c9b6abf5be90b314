//! The client side of awsJson 1.0, without a transport: the request an operation sends and
//! how its response reads.

use crate::{CallFailure, Operation, OperationError};

/// The media type of awsJson 1.0 requests and responses (the server side serves 1.0 only).
pub const CONTENT_TYPE: &str = super::Protocol::AwsJson1_0.content_type();

/// An encoded request: always `POST /` with these headers and body (`Content-Type` is the
/// operation's protocol's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRequest {
    /// `Content-Type` and `X-Amz-Target`.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Encodes the input of `O`.
pub fn encode_request<O: Operation>(input: &O::Input) -> Result<EncodedRequest, CallFailure> {
    let body = serde_json::to_vec(input)
        .map_err(|error| CallFailure::Config(format!("cannot encode {}: {error}", O::NAME)))?;
    Ok(EncodedRequest {
        headers: vec![
            ("content-type", O::PROTOCOL.content_type().to_owned()),
            ("x-amz-target", O::TARGET.to_owned()),
        ],
        body,
    })
}

/// Reads a response of `O`: its output for a 2xx status, else the error its code names.
/// The variant is chosen by the error code, never by the status alone.
pub fn decode_response<O: Operation>(
    status: u16,
    error_type_header: Option<&str>,
    body: &[u8],
) -> Result<O::Output, O::Error> {
    if (200..300).contains(&status) {
        super::read_document(body).map_err(|reason| {
            O::Error::from_failure(CallFailure::InvalidResponse {
                status,
                reason: format!("{} output{reason}", O::NAME),
                body: body.to_vec(),
            })
        })
    } else {
        Err(O::Error::from_response(super::parse_error(
            status,
            error_type_header,
            body,
        )))
    }
}
