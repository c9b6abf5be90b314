//! The client side of the protocols, without a transport: the request an operation sends and
//! how its response reads. awsJson: `POST /` with `X-Amz-Target` and a JSON body. RPC v2
//! CBOR: `POST /service/{service}/operation/{operation}` with `smithy-protocol: rpc-v2-cbor`
//! and a CBOR body (none, and no `Content-Type`, for an operation without input).

use super::Protocol;
use crate::{CallFailure, Operation, OperationError};

/// The media type of awsJson 1.0 requests and responses.
pub const CONTENT_TYPE: &str = Protocol::AwsJson1_0.content_type();

/// An encoded request: `POST` to `path` (under the endpoint's own path) with these headers
/// and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRequest {
    /// `/` for awsJson, `/service/{service}/operation/{operation}` for RPC v2 CBOR.
    pub path: String,
    /// The protocol's headers (`Content-Type`, `X-Amz-Target`, `smithy-protocol`, ...).
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

/// Encodes the input of `O` in its protocol.
pub fn encode_request<O: Operation>(input: &O::Input) -> Result<EncodedRequest, CallFailure> {
    let mut request = encode_body::<O>(input)?;
    if O::QUERY_COMPATIBLE {
        request
            .headers
            .push(("x-amzn-query-mode", "true".to_owned()));
    }
    Ok(request)
}

fn encode_body<O: Operation>(input: &O::Input) -> Result<EncodedRequest, CallFailure> {
    let failure =
        |error: String| CallFailure::Config(format!("cannot encode {}: {error}", O::NAME));
    match O::PROTOCOL {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => Ok(EncodedRequest {
            path: "/".to_owned(),
            headers: vec![
                ("content-type", O::PROTOCOL.content_type().to_owned()),
                ("x-amz-target", O::TARGET.to_owned()),
            ],
            body: super::write_body(O::PROTOCOL, input).map_err(failure)?,
        }),
        Protocol::RpcV2Cbor => {
            // `TARGET` is `{service}.{operation}`; the service is the part before the dot.
            let service = O::TARGET
                .rsplit_once('.')
                .map_or(O::TARGET, |(service, _)| service);
            let mut headers = vec![
                ("smithy-protocol", "rpc-v2-cbor".to_owned()),
                ("accept", O::PROTOCOL.content_type().to_owned()),
            ];
            let body = if O::HAS_INPUT {
                headers.push(("content-type", O::PROTOCOL.content_type().to_owned()));
                super::write_body(O::PROTOCOL, input).map_err(failure)?
            } else {
                Vec::new()
            };
            Ok(EncodedRequest {
                path: format!("/service/{service}/operation/{}", O::NAME),
                headers,
                body,
            })
        }
    }
}

/// The response headers that decoding reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResponseHeaders<'a> {
    /// `X-Amzn-Errortype`.
    pub error_type: Option<&'a str>,
    /// `x-amzn-query-error` (`Code;Sender`), read for `awsQueryCompatible` services only.
    pub query_error: Option<&'a str>,
}

/// Reads a response of `O`: its output for a 2xx status, else the error its code names.
/// The variant is chosen by the error code, never by the status alone.
pub fn decode_response<O: Operation>(
    status: u16,
    headers: ResponseHeaders<'_>,
    body: &[u8],
) -> Result<O::Output, O::Error> {
    let error_type_header = headers.error_type;
    if (200..300).contains(&status) {
        super::read_body(O::PROTOCOL, body).map_err(|reason| {
            O::Error::from_failure(CallFailure::InvalidResponse {
                status,
                reason: format!("{} output{reason}", O::NAME),
                body: body.to_vec(),
            })
        })
    } else {
        let mut response = super::read_error(O::PROTOCOL, status, error_type_header, body);
        if O::QUERY_COMPATIBLE
            && let Some(code) = headers
                .query_error
                .and_then(|value| value.split(';').next())
                .map(str::trim)
                .filter(|code| !code.is_empty())
        {
            response.code = Some(code.to_owned());
        }
        Err(O::Error::from_response(response))
    }
}
