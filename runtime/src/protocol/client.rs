//! The client side of the protocols, without a transport: the request an operation sends and
//! how its response reads. awsJson: `POST /` with `X-Amz-Target` and a JSON body. RPC v2
//! CBOR: `POST /service/{service}/operation/{operation}` with `smithy-protocol: rpc-v2-cbor`
//! and a CBOR body (none, and no `Content-Type`, for an operation without input).
//! restJson1: the operation's `@http` method and URI, its members bound to labels, the query,
//! headers or the body as its schema says ([`super::rest`]).

use super::Protocol;
use crate::{CallFailure, Operation, OperationError};

/// The media type of awsJson 1.0 requests and responses.
pub const CONTENT_TYPE: &str = Protocol::AwsJson1_0.content_type();

/// An encoded request: `method` to `path` (under the endpoint's own path) with these
/// headers and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedRequest {
    /// `POST` for the RPC protocols.
    pub method: &'static str,
    /// `/` for awsJson, `/service/{service}/operation/{operation}` for RPC v2 CBOR, the
    /// filled URI template (with its query string) for restJson1.
    pub path: String,
    /// Put before the endpoint's host (`@endpoint(hostPrefix)`, labels filled).
    pub host_prefix: Option<String>,
    /// The protocol's headers (`Content-Type`, `X-Amz-Target`, `smithy-protocol`, ...) and
    /// the input's header-bound members.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// Encodes the input of `O` in its protocol, with the URI template as the model writes it.
pub fn encode_request<O: Operation>(input: &O::Input) -> Result<EncodedRequest, CallFailure> {
    encode_request_at::<O>(input, false)
}

/// [`encode_request`], leaving out S3's leading `/{Bucket}` when the endpoint carries the
/// bucket (`without_bucket`, see `Operation::BUCKET_IN_ENDPOINT`).
pub fn encode_request_at<O: Operation>(
    input: &O::Input,
    without_bucket: bool,
) -> Result<EncodedRequest, CallFailure> {
    let mut request = encode_body::<O>(input, without_bucket)?;
    if let Some(prefix) = O::HOST_PREFIX {
        let failure =
            |error: String| CallFailure::Config(format!("cannot encode {}: {error}", O::NAME));
        let value = serde_json::to_value(input).map_err(|e| failure(e.to_string()))?;
        request.host_prefix = Some(super::fill_host_prefix(prefix, &value).map_err(failure)?);
    }
    if O::QUERY_COMPATIBLE {
        request
            .headers
            .push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
    }
    Ok(request)
}

fn encode_body<O: Operation>(
    input: &O::Input,
    without_bucket: bool,
) -> Result<EncodedRequest, CallFailure> {
    let failure =
        |error: String| CallFailure::Config(format!("cannot encode {}: {error}", O::NAME));
    #[cfg(not(any(feature = "rest-json", feature = "rest-xml")))]
    let _ = without_bucket;
    // The HTTP-bound protocols whose feature is on; without it, their arm below refuses.
    #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
    if let Some(format) = O::PROTOCOL.rest_format() {
        let value = super::serde_form(input).map_err(failure)?;
        // S3: the endpoint carries the bucket, so the template's leading `/{Bucket}` goes.
        let stripped;
        let http = match without_bucket {
            true => {
                stripped = crate::schema::Http {
                    path: O::HTTP.path.get(1..).unwrap_or_default(),
                    ..*O::HTTP
                };
                &stripped
            }
            false => O::HTTP,
        };
        let request =
            super::rest::client::encode(format, http, O::INPUT_SCHEMA, &value).map_err(failure)?;
        return Ok(EncodedRequest {
            method: request.method,
            path: request.path_and_query,
            host_prefix: None,
            headers: request.headers,
            body: request.body,
        });
    }
    match O::PROTOCOL {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 => Ok(EncodedRequest {
            method: "POST",
            path: "/".to_owned(),
            host_prefix: None,
            headers: vec![
                (
                    "content-type".to_owned(),
                    O::PROTOCOL.content_type().to_owned(),
                ),
                ("x-amz-target".to_owned(), O::TARGET.to_owned()),
            ],
            body: super::write_body(O::PROTOCOL, input).map_err(failure)?,
        }),
        Protocol::RpcV2Cbor => {
            // `TARGET` is `{service}.{operation}`; the service is the part before the dot.
            let service = O::TARGET
                .rsplit_once('.')
                .map_or(O::TARGET, |(service, _)| service);
            let mut headers = vec![
                ("smithy-protocol".to_owned(), "rpc-v2-cbor".to_owned()),
                ("accept".to_owned(), O::PROTOCOL.content_type().to_owned()),
            ];
            let body = if O::HAS_INPUT {
                headers.push((
                    "content-type".to_owned(),
                    O::PROTOCOL.content_type().to_owned(),
                ));
                super::write_body(O::PROTOCOL, input).map_err(failure)?
            } else {
                Vec::new()
            };
            Ok(EncodedRequest {
                method: "POST",
                path: format!("/service/{service}/operation/{}", O::NAME),
                host_prefix: None,
                headers,
                body,
            })
        }
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery | Protocol::Ec2Query => {
            let value = super::serde_form(input).map_err(failure)?;
            let ec2 = O::PROTOCOL == Protocol::Ec2Query;
            let body = super::query::encode(O::NAME, O::API_VERSION, O::INPUT_SCHEMA, &value, ec2)
                .map_err(failure)?;
            Ok(EncodedRequest {
                method: "POST",
                path: "/".to_owned(),
                host_prefix: None,
                headers: vec![(
                    "content-type".to_owned(),
                    super::query::CONTENT_TYPE.to_owned(),
                )],
                body,
            })
        }
        #[cfg(not(feature = "aws-query"))]
        Protocol::AwsQuery | Protocol::Ec2Query => {
            Err(failure("this build has no `aws-query` feature".to_owned()))
        }
        Protocol::RestJson1 | Protocol::RestXml => Err(failure(format!(
            "this build has no `{}` feature",
            if O::PROTOCOL == Protocol::RestXml {
                "rest-xml"
            } else {
                "rest-json"
            }
        ))),
    }
}

/// The first value of header `name` (any case) among `headers`.
pub fn header<'a>(headers: &[(&str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, value)| *value)
}

/// Reads a response of `O` (its status, headers by name and body): its output for a 2xx
/// status, else the error its code names. The variant is chosen by the error code, never by
/// the status alone. `X-Amzn-Errortype` names the code; `x-amzn-query-error` (`Code;Sender`)
/// does for `awsQueryCompatible` services.
pub fn decode_response<O: Operation>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<O::Output, O::Error> {
    let error_type_header = header(headers, "x-amzn-errortype");
    if (200..300).contains(&status) {
        read_output::<O>(status, headers, body).map_err(|reason| {
            O::Error::from_failure(CallFailure::InvalidResponse {
                status,
                reason: format!("{} output{reason}", O::NAME),
                body: body.to_vec(),
            })
        })
    } else {
        let mut response = super::read_error(O::PROTOCOL, status, error_type_header, body);
        response.headers = headers
            .iter()
            .map(|(name, value)| (name.to_ascii_lowercase(), (*value).to_owned()))
            .collect();
        if O::QUERY_COMPATIBLE
            && let Some(code) = header(headers, "x-amzn-query-error")
                .and_then(|value| value.split(';').next())
                .map(str::trim)
                .filter(|code| !code.is_empty())
        {
            response.code = Some(code.to_owned());
        }
        Err(O::Error::from_response(response))
    }
}

/// The output of a success response, in `O`'s protocol.
fn read_output<O: Operation>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<O::Output, String> {
    #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
    if let Some(format) = O::PROTOCOL.rest_format() {
        let value = super::rest::client::decode(format, O::OUTPUT_SCHEMA, status, headers, body)?;
        return super::from_value(value);
    }
    #[cfg(feature = "aws-query")]
    if matches!(O::PROTOCOL, Protocol::AwsQuery | Protocol::Ec2Query) {
        let ec2 = O::PROTOCOL == Protocol::Ec2Query;
        let value = super::query::decode(O::NAME, O::OUTPUT_SCHEMA, body, ec2)?;
        return super::from_value(value);
    }
    let _ = (status, headers);
    super::read_body(O::PROTOCOL, body)
}
