//! The server side of every protocol, without a transport: reading a request into an input
//! (awsJson and CBOR bodies, HTTP-bound requests, query forms), validating it strictly, and
//! writing outputs and errors. A generated `Dispatcher` routes operation names to a service
//! implementation with these; the `server` feature puts any [`Dispatch`] behind hyper.

use std::future::Future;
use std::pin::Pin;

use super::{ErrorResponse, Protocol};
use crate::{ErrorShape, Operation, OperationError, Policy, Validate, ValidationErrors};

/// A boxed, sendable future.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A service's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    /// The error code, for the `X-Amzn-Errortype` header (the body carries it as `__type`).
    pub error_type: Option<String>,
    /// The output, or the error document (`__type` and members), in the operation's
    /// protocol.
    pub body: Vec<u8>,
    /// Headers of the output's header-bound members and its `Content-Type` (HTTP-bound
    /// protocols); empty for the RPC protocols, whose `Content-Type` is fixed.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// The reply that carries an error response.
    pub fn error(response: ErrorResponse) -> Reply {
        Reply {
            status: response.status,
            error_type: response.code,
            body: response.body,
            headers: response.headers,
        }
    }
}

/// A request to an HTTP-bound operation, as its route matched it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RestRequest {
    /// The URI labels, decoded.
    pub labels: Vec<(&'static str, String)>,
    /// The query string, as received (without `?`).
    pub query: String,
    /// The headers whose values are text.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// A request to an awsQuery or ec2Query operation, as the server routed it by its `Action`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryRequest {
    /// The form's parameters, decoded, in order (`Action` and `Version` too).
    pub params: Vec<(String, String)>,
    /// The id the response carries (`<RequestId>`, ec2Query's `<requestId>`), the same as
    /// its `x-amzn-RequestId` header.
    pub request_id: String,
}

/// A service behind its awsJson 1.0 target prefix: what a server routes requests to.
pub trait Dispatch: Send + Sync + 'static {
    /// The `X-Amz-Target` prefix, e.g. `AWSPartnerCentralSelling`.
    fn target_prefix(&self) -> &'static str;

    /// The service's protocol: awsJson routes by `X-Amz-Target` at `/`, RPC v2 CBOR by
    /// `/service/{target prefix}/operation/{operation}`.
    fn protocol(&self) -> super::Protocol {
        super::Protocol::AwsJson1_0
    }

    /// Runs operation `operation` (the part of the target after the dot) on a request body;
    /// `None` when the service has no such operation.
    fn dispatch(&self, operation: &str, body: Vec<u8>) -> Option<BoxFuture<'static, Reply>>;

    /// The operations of an HTTP-bound service (restJson1) with their `@http` traits, which
    /// the server matches requests against; empty for the RPC protocols.
    fn routes(&self) -> &'static [(&'static str, &'static crate::schema::Http)] {
        &[]
    }

    /// Runs operation `operation` of an HTTP-bound service on a request its route matched;
    /// `None` when the service has no such operation.
    fn dispatch_rest(
        &self,
        operation: &str,
        request: RestRequest,
    ) -> Option<BoxFuture<'static, Reply>> {
        let _ = (operation, request);
        None
    }

    /// Whether operation `operation` of an HTTP-bound service takes gzip request bodies
    /// (`@requestCompression`): only those are inflated, because elsewhere
    /// `Content-Encoding: gzip` describes the payload itself (an S3 object stored
    /// compressed). The RPC and query protocols inflate any gzip body.
    fn request_compression(&self, operation: &str) -> bool {
        let _ = operation;
        false
    }

    /// The API version of an awsQuery or ec2Query service, which its requests name in
    /// `Version`; empty for the other protocols.
    fn api_version(&self) -> &'static str {
        ""
    }

    /// Runs operation `action` (the form's `Action`) of an awsQuery or ec2Query service;
    /// `None` when the service has no such operation.
    fn dispatch_query(
        &self,
        action: &str,
        request: QueryRequest,
    ) -> Option<BoxFuture<'static, Reply>> {
        let _ = (action, request);
        None
    }
}

/// [`handle`] for an awsQuery or ec2Query operation: the input from the form, the output as
/// the XML document of its protocol.
#[cfg(feature = "aws-query")]
pub async fn handle_query<O, F, Fut>(
    request: QueryRequest,
    validation_failed: fn(&ValidationErrors) -> ErrorResponse,
    call: F,
) -> Reply
where
    O: Operation,
    F: FnOnce(O::Input) -> Fut,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    if O::EVENT_STREAM {
        return Reply::error(ErrorResponse::not_implemented(O::PROTOCOL, O::NAME));
    }
    let input = match decode_query_input::<O>(&request.params) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    if let Err(errors) = input.validate(Policy::Strict) {
        return Reply::error(validation_failed(&errors));
    }
    match call(input).await {
        Ok(output) => encode_query_output::<O>(&output, &request.request_id),
        Err(error) => Reply::error(error.to_response()),
    }
}

/// The code of a form parameter that does not read as its member, as AWS's query services
/// answer it.
#[cfg(feature = "aws-query")]
pub const INVALID_PARAMETER_VALUE: &str = "InvalidParameterValue";

/// Reads the input of an awsQuery or ec2Query operation `O` from its form parameters; one
/// that does not read is answered 400 `InvalidParameterValue`, naming the parameter
/// (`cannot read Filter.2.Value.1: ...`).
#[cfg(feature = "aws-query")]
pub fn decode_query_input<O: Operation>(params: &[(String, String)]) -> Result<O::Input, Reply> {
    let fail = |message: &str| {
        Reply::error(failure_response(
            O::PROTOCOL,
            400,
            INVALID_PARAMETER_VALUE,
            message,
        ))
    };
    let ec2 = O::PROTOCOL == Protocol::Ec2Query;
    let value = super::query::server::decode_input(O::INPUT_SCHEMA, params, ec2)
        .map_err(|error| fail(&error.to_string()))?;
    super::from_value(value)
        .map_err(|reason| fail(&format!("cannot read the {} input{reason}", O::NAME)))
}

/// The 200 reply that carries an output of an awsQuery or ec2Query operation `O`, with
/// `request_id` in its body.
#[cfg(feature = "aws-query")]
pub fn encode_query_output<O: Operation>(output: &O::Output, request_id: &str) -> Reply {
    let ec2 = O::PROTOCOL == Protocol::Ec2Query;
    let encoded = super::serde_form(output).and_then(|value| {
        super::query::server::encode_output(
            O::NAME,
            O::OUTPUT_SCHEMA,
            &value,
            O::XML_NAMESPACE,
            request_id,
            ec2,
        )
    });
    match encoded {
        Ok(body) => Reply {
            status: 200,
            error_type: None,
            body,
            headers: Vec::new(),
        },
        Err(error) => Reply::error(failure_response(
            O::PROTOCOL,
            500,
            "InternalFailure",
            &format!("cannot encode the {} output: {error}", O::NAME),
        )),
    }
}

/// [`handle`] for an HTTP-bound operation: the input from the request's labels, query,
/// headers and body; the output as status, headers and body.
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
pub async fn handle_rest<O, F, Fut>(
    request: RestRequest,
    validation_failed: fn(&ValidationErrors) -> ErrorResponse,
    call: F,
) -> Reply
where
    O: Operation,
    F: FnOnce(O::Input) -> Fut,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    if O::EVENT_STREAM {
        return Reply::error(ErrorResponse::not_implemented(O::PROTOCOL, O::NAME));
    }
    let input = match decode_rest_input::<O>(&request) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    if let Err(errors) = input.validate(Policy::Strict) {
        return Reply::error(validation_failed(&errors));
    }
    match call(input).await {
        Ok(mut output) => {
            // The reply is written whole: a streaming payload is read into memory first.
            if let Some(body) = O::take_output_stream(&mut output) {
                match body.collect().await {
                    Ok(bytes) => O::set_output_stream(&mut output, bytes.into()),
                    Err(error) => {
                        return Reply::error(failure_response(
                            O::PROTOCOL,
                            500,
                            "InternalFailure",
                            &format!("cannot read the {} output's body: {error}", O::NAME),
                        ));
                    }
                }
            }
            encode_rest_output::<O>(&output)
        }
        Err(error) => Reply::error(error.to_response()),
    }
}

/// Reads the input of an HTTP-bound operation `O`; a request that does not read is answered
/// with a `SerializationException` naming the member.
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
pub fn decode_rest_input<O: Operation>(request: &RestRequest) -> Result<O::Input, Reply> {
    let headers = super::header_refs(&request.headers);
    let format = O::PROTOCOL
        .rest_format()
        .unwrap_or(super::rest::Format::Json);
    super::rest::server::decode_input(
        format,
        O::INPUT_SCHEMA,
        &request.labels,
        &request.query,
        &headers,
        &request.body,
    )
    .and_then(super::from_value)
    .map_err(|reason| {
        let message = format!("cannot read the {} input{reason}", O::NAME);
        Reply::error(failure_response(
            O::PROTOCOL,
            400,
            "SerializationException",
            &message,
        ))
    })
}

/// The reply that carries an output of an HTTP-bound operation `O`.
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
pub fn encode_rest_output<O: Operation>(output: &O::Output) -> Reply {
    let encoded = super::serde_form(output).and_then(|value| {
        let format = O::PROTOCOL
            .rest_format()
            .unwrap_or(super::rest::Format::Json);
        super::rest::server::encode_output(format, O::HTTP, O::OUTPUT_SCHEMA, &value)
    });
    match encoded {
        Ok(response) => Reply {
            status: response.status,
            error_type: None,
            body: response.body,
            headers: response.headers,
        },
        Err(error) => Reply::error(failure_response(
            O::PROTOCOL,
            500,
            "InternalFailure",
            &format!("cannot encode the {} output: {error}", O::NAME),
        )),
    }
}

/// Serves one request of `O`: decodes the body, validates it strictly (a failure is
/// answered with `validation_failed`), calls `call` and writes its output or error.
pub async fn handle<O, F, Fut>(
    body: Vec<u8>,
    validation_failed: fn(&ValidationErrors) -> ErrorResponse,
    call: F,
) -> Reply
where
    O: Operation,
    F: FnOnce(O::Input) -> Fut,
    Fut: Future<Output = Result<O::Output, O::Error>>,
{
    if O::EVENT_STREAM {
        return Reply::error(ErrorResponse::not_implemented(O::PROTOCOL, O::NAME));
    }
    let input = match decode_input::<O>(&body) {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    if let Err(errors) = input.validate(Policy::Strict) {
        return Reply::error(validation_failed(&errors));
    }
    match call(input).await {
        Ok(output) => encode_output::<O>(&output),
        // Generated error enums encode in their operation's protocol (see `to_response`).
        Err(error) => Reply::error(error.to_response()),
    }
}

/// Reads the input of `O`; a body that is not its JSON document is answered with a
/// `SerializationException` naming the member path.
pub fn decode_input<O: Operation>(body: &[u8]) -> Result<O::Input, Reply> {
    super::read_body(O::PROTOCOL, body).map_err(|reason| {
        let message = format!("cannot read the {} input{reason}", O::NAME);
        Reply::error(failure_response(
            O::PROTOCOL,
            400,
            "SerializationException",
            &message,
        ))
    })
}

/// The 200 reply that carries an output.
pub fn encode_output<O: Operation>(output: &O::Output) -> Reply {
    match super::write_body(O::PROTOCOL, output) {
        Ok(body) => Reply {
            status: 200,
            error_type: None,
            body,
            headers: Vec::new(),
        },
        Err(error) => Reply::error(failure_response(
            O::PROTOCOL,
            500,
            "InternalFailure",
            &format!("cannot encode the {} output: {error}", O::NAME),
        )),
    }
}

/// The response of a modeled error in `protocol`: its members, `__type` set to its code, and
/// its HTTP status.
pub fn modeled_error_response<E: ErrorShape>(protocol: Protocol, error: &E) -> ErrorResponse {
    #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
    if let Some(format) = protocol.rest_format()
        && let Some(response) = rest_error_response(format, error)
    {
        return response;
    }
    #[cfg(feature = "aws-query")]
    if matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query)
        && let Some(body) = super::serde_form(error).ok().and_then(|value| {
            super::xml::error_document::<E>(&value, protocol == Protocol::Ec2Query).ok()
        })
    {
        return ErrorResponse {
            status: E::HTTP_STATUS,
            code: Some(E::CODE.to_owned()),
            message: error.message().map(str::to_owned),
            body,
            headers: vec![("content-type".to_owned(), "text/xml".to_owned())],
        };
    }
    ErrorResponse {
        status: E::HTTP_STATUS,
        code: Some(E::CODE.to_owned()),
        message: error.message().map(str::to_owned),
        body: error_document(
            protocol,
            E::CODE,
            error,
            matches!(E::FAULT, crate::ErrorFault::Server),
        ),
        headers: Vec::new(),
    }
}

/// A modeled error of an HTTP-bound protocol: its members bound to headers as headers, the
/// rest (and `__type`) in the body.
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
fn rest_error_response<E: ErrorShape>(
    format: super::rest::Format,
    error: &E,
) -> Option<ErrorResponse> {
    let value = super::serde_form(error).ok()?;
    let http = crate::schema::Http {
        code: E::HTTP_STATUS,
        ..crate::schema::RPC
    };
    // The body members as JSON first: an error is small, and XML is written from them.
    let response =
        super::rest::server::encode_output(super::rest::Format::Json, &http, E::SCHEMA, &value)
            .ok()?;
    let mut body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&response.body).unwrap_or_default();
    let mut headers = response.headers;
    headers.retain(|(name, _)| !name.eq_ignore_ascii_case("content-type"));
    headers.push(("content-type".to_owned(), format.media_type().to_owned()));
    let body = match format {
        super::rest::Format::Json => {
            body.insert("__type".to_owned(), E::CODE.into());
            serde_json::Value::Object(body).to_string().into_bytes()
        }
        #[cfg(feature = "rest-xml")]
        super::rest::Format::Xml => {
            super::xml::error_document::<E>(&serde_json::Value::Object(body), false).ok()?
        }
    };
    Some(ErrorResponse {
        status: E::HTTP_STATUS,
        code: Some(E::CODE.to_owned()),
        message: error.message().map(str::to_owned),
        body,
        headers,
    })
}

/// The answer when the service itself failed (a panic, an impossible reply, a call failure
/// of its own): 500 `InternalFailure`, saying nothing of its internals.
pub fn internal_failure(protocol: Protocol) -> ErrorResponse {
    failure_response(
        protocol,
        500,
        "InternalFailure",
        "the service failed while handling the request",
    )
}

/// An error response that no model defines (protocol errors such as
/// `UnknownOperationException`, `SerializationException`, `InternalFailure`), in `protocol`.
pub fn failure_response(
    protocol: Protocol,
    status: u16,
    code: &str,
    message: &str,
) -> ErrorResponse {
    let members = std::collections::BTreeMap::from([("message", message)]);
    ErrorResponse {
        status,
        code: Some(code.to_owned()),
        message: Some(message.to_owned()),
        body: error_document(protocol, code, &members, status >= 500),
        headers: Vec::new(),
    }
}

/// An error body in `protocol`: the members `error` serializes to (a map), and `__type`. Each
/// protocol's own serializer writes the members, so that a blob or timestamp member of an
/// error is a byte string or a tag 1 time in CBOR, as in an output. `server_fault` makes an
/// `<ErrorResponse>`'s `<Type>` `Receiver` rather than `Sender`.
fn error_document<E: serde::Serialize>(
    protocol: Protocol,
    code: &str,
    error: &E,
    server_fault: bool,
) -> Vec<u8> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => {
            let mut document = match serde_json::to_value(error) {
                Ok(serde_json::Value::Object(members)) => members,
                _ => serde_json::Map::new(),
            };
            document.insert("__type".to_owned(), code.into());
            serde_json::Value::Object(document).to_string().into_bytes()
        }
        #[cfg(feature = "rpc-v2-cbor")]
        Protocol::RpcV2Cbor => super::cbor::error_document(code, error),
        // No CBOR service can be registered without the feature; a request on the CBOR path
        // is still answered, with the error in its status and header only.
        #[cfg(not(feature = "rpc-v2-cbor"))]
        Protocol::RpcV2Cbor => Vec::new(),
        // A protocol error of restXml and awsQuery: `<ErrorResponse><Error>` with its code
        // and message; of ec2Query: `<Response><Errors><Error>`.
        Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => {
            let message = serde_json::to_value(error)
                .ok()
                .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
                .unwrap_or_default();
            let escape = |text: &str| {
                text.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let (code, message) = (escape(code), escape(&message));
            let document = if protocol == Protocol::Ec2Query {
                format!(
                    "<Response><Errors><Error><Code>{code}</Code><Message>{message}</Message></Error></Errors></Response>"
                )
            } else {
                let fault = if server_fault { "Receiver" } else { "Sender" };
                format!(
                    "<ErrorResponse><Error><Type>{fault}</Type><Code>{code}</Code><Message>{message}</Message></Error></ErrorResponse>"
                )
            };
            document.into_bytes()
        }
    }
}
