//! awsJson 1.0 without a transport: reading an error whatever its body looks like (here),
//! the client side ([`client`]: encode a request, decode a response) and its server-side
//! mirror ([`server`]: decode a request, encode an output or error). The HTTP client and
//! server (features `client` and `server`) only move these bytes.

#[cfg(feature = "rpc-v2-cbor")]
pub mod cbor;
pub mod client;
pub mod header;
#[cfg(feature = "aws-query")]
pub mod query;
#[cfg(any(feature = "rest-json", feature = "rest-xml"))]
pub mod rest;
pub mod server;
pub mod uri;
#[cfg(any(feature = "rest-xml", feature = "aws-query"))]
pub mod xml;

/// The wire protocols with a transport here, as an operation declares its service's
/// ([`crate::Operation::PROTOCOL`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0` (botocore `json`, `jsonVersion` 1.0).
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1` (botocore `json`, `jsonVersion` 1.1).
    AwsJson1_1,
    /// `smithy.protocols#rpcv2Cbor` (botocore `smithy-rpc-v2-cbor`): its codec is behind the
    /// runtime's `rpc-v2-cbor` feature.
    RpcV2Cbor,
    /// `aws.protocols#restJson1` (botocore `rest-json`): HTTP bindings and JSON bodies, behind
    /// the runtime's `rest-json` feature.
    RestJson1,
    /// `aws.protocols#restXml` (botocore `rest-xml`): HTTP bindings and XML bodies, behind
    /// the runtime's `rest-xml` feature.
    RestXml,
    /// `aws.protocols#awsQuery` (botocore `query`): form requests and XML responses, behind
    /// the runtime's `aws-query` feature.
    AwsQuery,
    /// `aws.protocols#ec2Query` (botocore `ec2`), behind the `aws-query` feature.
    Ec2Query,
}

impl Protocol {
    /// The media type of its requests and responses.
    pub const fn content_type(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "application/x-amz-json-1.0",
            Protocol::AwsJson1_1 => "application/x-amz-json-1.1",
            Protocol::RpcV2Cbor => "application/cbor",
            Protocol::RestJson1 => "application/json",
            Protocol::RestXml => "application/xml",
            Protocol::AwsQuery | Protocol::Ec2Query => "text/xml",
        }
    }

    /// The body format of an HTTP-bound protocol built into this runtime (`None` for the
    /// RPC protocols, and for one whose cargo feature is off).
    #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
    pub fn rest_format(self) -> Option<rest::Format> {
        match self {
            #[cfg(feature = "rest-json")]
            Protocol::RestJson1 => Some(rest::Format::Json),
            #[cfg(feature = "rest-xml")]
            Protocol::RestXml => Some(rest::Format::Xml),
            _ => None,
        }
    }
}

/// Writes `value` as a body of `protocol` (an input or an output).
pub fn write_body<T: serde::Serialize>(protocol: Protocol, value: &T) -> Result<Vec<u8>, String> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => {
            serde_json::to_vec(value).map_err(|error| error.to_string())
        }
        #[cfg(feature = "rpc-v2-cbor")]
        Protocol::RpcV2Cbor => cbor::write(value),
        #[cfg(not(feature = "rpc-v2-cbor"))]
        Protocol::RpcV2Cbor => Err("this build has no `rpc-v2-cbor` feature".to_owned()),
        Protocol::RestXml => Err("restXml bodies are written by `protocol::rest`".to_owned()),
        Protocol::AwsQuery | Protocol::Ec2Query => {
            Err("query bodies are written by `protocol::query`".to_owned())
        }
    }
}

/// Reads a body of `protocol` (a success body, or a modeled error's) as `T`; an empty body
/// reads as an empty structure.
pub fn read_body<T: serde::de::DeserializeOwned>(
    protocol: Protocol,
    body: &[u8],
) -> Result<T, String> {
    match protocol {
        Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1 => read_document(body),
        #[cfg(feature = "rpc-v2-cbor")]
        Protocol::RpcV2Cbor => cbor::read(body),
        #[cfg(not(feature = "rpc-v2-cbor"))]
        Protocol::RpcV2Cbor => Err(": this build has no `rpc-v2-cbor` feature".to_owned()),
        Protocol::RestXml => Err(": restXml bodies are read by `protocol::rest`".to_owned()),
        Protocol::AwsQuery | Protocol::Ec2Query => {
            Err(": query bodies are read by `protocol::query`".to_owned())
        }
    }
}

/// What an error response says, read without trusting its shape: an empty, HTML or non-JSON
/// body still gives an error with the HTTP status and the raw body. `Debug` shows the body's
/// size, not its content, which may hold values the model marks sensitive.
#[derive(Clone, PartialEq, Eq)]
pub struct ErrorResponse {
    pub status: u16,
    /// The error code with any `namespace#` prefix and `:suffix` removed.
    pub code: Option<String>,
    pub message: Option<String>,
    /// The body as received.
    pub body: Vec<u8>,
    /// The headers of the response (names in lowercase) where a client received it, for
    /// error members bound to headers; empty on the server side.
    pub headers: Vec<(String, String)>,
}

impl std::fmt::Debug for ErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorResponse")
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("body", &format_args!("<{} bytes>", self.body.len()))
            .finish()
    }
}

impl std::fmt::Display for ErrorResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code.as_deref().unwrap_or("unknown error"))?;
        write!(f, " (HTTP {})", self.status)?;
        match &self.message {
            Some(message) => write!(f, ": {message}"),
            None => Ok(()),
        }
    }
}

impl std::error::Error for ErrorResponse {}

impl ErrorResponse {
    /// The answer of an operation a service implementation does not provide, in its
    /// protocol: code `NotImplemented`, HTTP 501.
    pub fn not_implemented(protocol: Protocol, operation: &str) -> ErrorResponse {
        server::failure_response(
            protocol,
            501,
            "NotImplemented",
            &format!("{operation} is not implemented"),
        )
    }
}

/// Reads a modeled error `E` from its response: its body in `protocol` and, for HTTP-bound
/// protocols, its members bound to headers.
pub fn read_modeled_error<E: crate::ErrorShape>(
    protocol: Protocol,
    response: &ErrorResponse,
) -> Result<E, String> {
    #[cfg(any(feature = "rest-json", feature = "rest-xml"))]
    if let Some(format) = protocol.rest_format() {
        let headers = header_refs(&response.headers);
        let value = rest::client::decode_error(
            format,
            E::SCHEMA,
            response.status,
            &headers,
            &response.body,
        )?;
        return from_value(with_message(E::SCHEMA, value, response));
    }
    #[cfg(feature = "aws-query")]
    if matches!(protocol, Protocol::AwsQuery | Protocol::Ec2Query) {
        let root = xml::parse(&response.body)?;
        let error = root.find("Error").unwrap_or(&root);
        let fields = serde_json::Value::Object(xml::read_structure(E::SCHEMA, error, true)?);
        return from_value(with_message(E::SCHEMA, fields, response));
    }
    read_body(protocol, &response.body)
}

/// The error's fields with the message `response` read (an XML error's `<Message>`) under
/// the schema's message member when the body gave that member nothing: IAM's and STS's
/// errors name it `message`, and botocore reads `<Message>` whatever the member's name.
#[cfg(any(feature = "rest-json", feature = "rest-xml", feature = "aws-query"))]
fn with_message(
    schema: &crate::schema::Shape,
    mut fields: serde_json::Value,
    response: &ErrorResponse,
) -> serde_json::Value {
    let (crate::schema::Kind::Structure(members), Some(message), Some(map)) =
        (&schema.kind, &response.message, fields.as_object_mut())
    else {
        return fields;
    };
    let member = members
        .iter()
        .find(|m| MESSAGE_KEYS.contains(&m.name) && matches!(m.http, crate::schema::Binding::Body));
    if let Some(member) = member
        && !MESSAGE_KEYS.iter().any(|key| map.contains_key(*key))
    {
        map.insert(member.name.to_owned(), message.clone().into());
    }
    fields
}

/// Keys under which services put the error message, in order of preference.
pub const MESSAGE_KEYS: &[&str] = &["message", "Message", "errorMessage"];

/// Reads an error response of `protocol` ([`parse_error`] for awsJson, `cbor::parse_error`
/// for RPC v2 CBOR; without the `rpc-v2-cbor` feature, as JSON).
pub fn read_error(
    protocol: Protocol,
    status: u16,
    error_type_header: Option<&str>,
    body: &[u8],
) -> ErrorResponse {
    match protocol {
        #[cfg(feature = "rpc-v2-cbor")]
        Protocol::RpcV2Cbor => cbor::parse_error(status, error_type_header, body),
        #[cfg(feature = "rest-xml")]
        Protocol::RestXml => xml::parse_error(status, body),
        #[cfg(feature = "aws-query")]
        Protocol::AwsQuery | Protocol::Ec2Query => xml::parse_error(status, body),
        _ => parse_error(status, error_type_header, body),
    }
}

/// Reads an error response. The code comes from the `X-Amzn-Errortype` header first, then the
/// body's `__type`, then its `code` (the Smithy awsJson rule; botocore reads `__type` only).
pub fn parse_error(status: u16, error_type_header: Option<&str>, body: &[u8]) -> ErrorResponse {
    let document: Option<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(body).ok();
    let text = |key: &str| {
        document
            .as_ref()
            .and_then(|d| d.get(key))
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned)
    };
    error_response(status, error_type_header, body, text)
}

/// An error response whose body's top-level text members `text` reads (whatever the
/// protocol's format): the code from the header, then `__type`, then `code`; the message
/// from [`MESSAGE_KEYS`].
pub(crate) fn error_response(
    status: u16,
    error_type_header: Option<&str>,
    body: &[u8],
    text: impl Fn(&str) -> Option<String>,
) -> ErrorResponse {
    // An empty header or key says nothing: the next source is asked.
    let code = error_type_header
        .map(str::to_owned)
        .into_iter()
        .chain(text("__type"))
        .chain(text("code"))
        .map(|raw| sanitize_error_code(&raw).to_owned())
        .find(|code| !code.is_empty());
    let message = MESSAGE_KEYS.iter().find_map(|key| text(key));
    ErrorResponse {
        status,
        code,
        message,
        body: body.to_vec(),
        headers: Vec::new(),
    }
}

/// `aws.protocoltests#FooError:http://internal.amazon.com/...` -> `FooError`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    without_suffix
        .rsplit('#')
        .next()
        .unwrap_or(without_suffix)
        .trim()
}

/// Reads one JSON document of type `T` from a request or response body (empty means `{}`).
/// Anything after the document is an error too: a reader that stopped there would see a
/// different request than a proxy that reads on. The error (`: why` or ` at path: why`)
/// names the member path.
pub(crate) fn read_document<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(success_body(body));
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        if path == "." {
            format!(": {}", error.inner())
        } else {
            format!(" at {path}: {}", error.inner())
        }
    })?;
    deserializer
        .end()
        .map_err(|error| format!(": after the document, {error}"))?;
    Ok(value)
}

/// `{Label}.data.` with its labels filled from the `@hostLabel` members of `input` (its serde
/// form), each a valid host label, so that the input cannot redirect the request.
pub(crate) fn fill_host_prefix(prefix: &str, input: &serde_json::Value) -> Result<String, String> {
    let mut out = String::new();
    let mut rest = prefix;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let end = rest[start..]
            .find('}')
            .ok_or_else(|| format!("the host prefix `{prefix}` is malformed"))?;
        let label = &rest[start + 1..start + end];
        let text = input
            .get(label)
            .and_then(serde_json::Value::as_str)
            .ok_or_else(|| format!("`{label}` is required: it fills the host prefix"))?;
        let valid = !text.is_empty()
            && text.len() <= 63
            && text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !text.starts_with('-');
        if !valid {
            return Err(format!("`{label}` is not a valid host label: `{text}`"));
        }
        out.push_str(text);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// A value's serde form, which the schema-driven codecs read. Through JSON text rather than
/// `serde_json::to_value`: a `f32` becomes the double its text says (`1.1`), not its exact
/// widening (`1.100000023841858`).
#[cfg(any(
    feature = "rest-json",
    feature = "rest-xml",
    feature = "aws-query",
    feature = "waiters"
))]
pub(crate) fn serde_form<T: serde::Serialize>(value: &T) -> Result<serde_json::Value, String> {
    let text = serde_json::to_vec(value).map_err(|e| e.to_string())?;
    serde_json::from_slice(&text).map_err(|e| e.to_string())
}

/// Owned header pairs as the `(name, value)` slices the codecs read.
#[cfg(any(feature = "client", feature = "rest-json", feature = "rest-xml"))]
pub(crate) fn header_refs(headers: &[(String, String)]) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

/// A boolean, number or big number of `kind` read from text (a header, label, query
/// parameter or XML element) into its serde form; `Err` says what the text is not.
#[cfg(any(feature = "rest-json", feature = "rest-xml", feature = "aws-query"))]
pub(crate) fn number_or_boolean(
    kind: crate::schema::Kind,
    text: &str,
) -> Result<serde_json::Value, &'static str> {
    use crate::schema::Kind;
    use serde_json::Value;
    let text = text.trim();
    Ok(match kind {
        Kind::Boolean => match text {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            _ => return Err("a boolean"),
        },
        Kind::Integer => Value::from(text.parse::<i64>().map_err(|_| "an integer")?),
        Kind::Float => match text {
            special @ ("NaN" | "Infinity" | "-Infinity") => Value::from(special),
            number => Value::from(number.parse::<f64>().map_err(|_| "a number")?),
        },
        Kind::BigNumber => Value::String(text.to_owned()),
        _ => return Err("a boolean or a number"),
    })
}

/// Reads `T` from its serde form; the error (`: why` or ` at path: why`) names the member
/// path.
#[cfg(any(feature = "rest-json", feature = "rest-xml", feature = "aws-query"))]
pub(crate) fn from_value<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        if path == "." {
            format!(": {}", error.inner())
        } else {
            format!(" at {path}: {}", error.inner())
        }
    })
}

/// The body of a successful response as a JSON document: an empty body means `{}`.
pub fn success_body(body: &[u8]) -> &[u8] {
    if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "aws-query")]
    #[test]
    fn an_xml_error_message_fills_a_message_member_of_another_name() {
        use crate::schema::{Kind, Member, Shape};
        static STRING: Shape = Shape::new("String", Kind::String);
        static MEMBERS: [Member; 1] = [Member::new("message", &STRING)];
        static SCHEMA: Shape = Shape::new("E", Kind::Structure(&MEMBERS));
        let body =
            b"<ErrorResponse><Error><Code>E</Code><Message>m</Message></Error></ErrorResponse>";
        let response = xml::parse_error(400, body);
        let root = xml::parse(body).unwrap();
        let fields = xml::read_structure(&SCHEMA, root.find("Error").unwrap(), true).unwrap();
        let filled = with_message(&SCHEMA, serde_json::Value::Object(fields), &response);
        assert_eq!(filled, serde_json::json!({"message": "m"}));
        // A message the body gave the member itself is kept.
        let given = serde_json::json!({"message": "own"});
        assert_eq!(with_message(&SCHEMA, given.clone(), &response), given);
    }

    #[test]
    fn codes_are_sanitized() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(sanitize_error_code("ns.a#FooError"), "FooError");
        assert_eq!(
            sanitize_error_code("FooError:http://internal.amazon.com/x"),
            "FooError"
        );
        assert_eq!(sanitize_error_code("ns#FooError:http://x/y#z"), "FooError");
    }

    #[test]
    fn the_header_wins_then_type_then_code() {
        let body = br#"{"__type": "ns#Body", "code": "Code"}"#;
        assert_eq!(
            parse_error(400, Some("Header:http://x"), body)
                .code
                .as_deref(),
            Some("Header")
        );
        assert_eq!(parse_error(400, None, body).code.as_deref(), Some("Body"));
        assert_eq!(
            parse_error(400, None, br#"{"code": "Code"}"#)
                .code
                .as_deref(),
            Some("Code")
        );
    }

    #[test]
    fn any_body_gives_an_error_with_its_status() {
        for body in [
            &b""[..],
            b"<html>Service Unavailable</html>",
            b"not json",
            b"[1]",
            b"{}",
        ] {
            let error = parse_error(503, None, body);
            assert_eq!((error.status, error.code, error.message), (503, None, None));
            assert_eq!(error.body, body);
        }
        assert_eq!(
            parse_error(400, None, br#"{"errorMessage": "m"}"#)
                .message
                .as_deref(),
            Some("m")
        );
        assert_eq!(success_body(b" \n"), b"{}");
    }

    #[test]
    fn an_empty_source_of_the_code_defers_to_the_next() {
        let body = br#"{"__type": "", "code": "ns#Code"}"#;
        assert_eq!(
            parse_error(400, Some(""), body).code.as_deref(),
            Some("Code")
        );
        let body = br#"{"__type": "Body"}"#;
        assert_eq!(
            parse_error(400, Some(" "), body).code.as_deref(),
            Some("Body")
        );
    }

    #[test]
    fn debug_shows_the_size_of_a_body_not_its_content() {
        let body = br#"{"__type": "E", "Email": "secret@example.com"}"#;
        let debug = format!("{:?}", parse_error(400, None, body));
        assert!(!debug.contains("secret"), "{debug}");
        assert!(
            debug.contains(&format!("<{} bytes>", body.len())),
            "{debug}"
        );
    }

    #[test]
    fn trailing_bytes_after_a_document_are_an_error() {
        #[derive(serde::Deserialize, Debug)]
        struct Input {}
        assert!(read_document::<Input>(b"{} ").is_ok());
        let error = read_document::<Input>(br#"{}{"Catalog": "x"}"#).unwrap_err();
        assert!(error.contains("after the document"), "{error}");
        assert!(read_document::<Input>(b"{}garbage").is_err());
    }
}
