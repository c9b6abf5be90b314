// Checks for botocore's protocol compliance cases, compiled into the crate that
// `tests/tests/protocol_compliance.rs` generates from the cases' models (this file is copied
// there as `tests/support.rs`). Expected values arrive as JSON in the wire form botocore
// would use (member names as serialized, blobs base64, timestamps as in the case).

use awsgen_runtime::client::{Client, Config, Credentials, ServiceInfo};
use awsgen_runtime::codec::{Base64, Encode};
use awsgen_runtime::protocol::Protocol;
use awsgen_runtime::protocol::cbor::ciborium;
use awsgen_runtime::protocol::client::decode_response;
use awsgen_runtime::{Operation, OperationError};
use serde_json::Value;

/// The request the generated client sends for `params` (the case's parameters in
/// botocore's wire form, read by the input type) must match `expected` (the case's
/// `serialized`): method, URI, headers and body, as `Client::request_for` builds it (signed,
/// not sent), against `https://` + the case's `host` (default `example.com`).
pub fn check_input<O: Operation>(
    service: &'static ServiceInfo,
    params: &str,
    expected: &str,
    expected_body: &[u8],
) where
    O::Input: serde::de::DeserializeOwned + serde::Serialize,
{
    let input: O::Input = serde_json::from_str(params)
        .unwrap_or_else(|error| panic!("the input type does not read the parameters: {error}"));
    let mut filled = input.clone();
    O::fill_idempotency_token(&mut filled, &mut || "00000000-0000-4000-8000-000000000000".to_owned());
    let expected: Value = serde_json::from_str(expected).unwrap();
    let endpoint = expected["clientEndpoint"].as_str().unwrap_or("https://example.com");
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(endpoint)
        .validation(None)
        // The token Smithy's protocol tests expect a client to fill in.
        .idempotency_token_provider(|| "00000000-0000-4000-8000-000000000000".to_owned())
        .build();
    let client = Client::new(service, config).expect("a client");
    let request = client
        .request_for::<O>(input, std::time::SystemTime::now())
        .unwrap_or_else(|error| panic!("the client does not build the request: {error}"));
    assert_eq!(request.method().as_str(), expected["method"], "method");
    let uri = request.uri();
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    // The path must match exactly; the query parameters in any order (as Smithy's protocol
    // tests compare them: AWS services and SigV4 do not depend on their order).
    let split = |text: &str| {
        let (path, query) = text.split_once('?').unwrap_or((text, ""));
        let mut params: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
        params.sort();
        (path.to_owned(), params)
    };
    assert_eq!(split(path_and_query), split(expected["uri"].as_str().unwrap_or("/")), "uri");
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
    // The host (with a host prefix filled) and any path of the endpoint.
    if let Some(host) = expected["host"].as_str() {
        let sent = format!("{}{}", uri.authority().map_or("", |a| a.as_str()), uri.path());
        assert!(sent.starts_with(host), "host: expected {host}, sent {sent}");
    }
    if let Some(Value::Object(headers)) = expected.get("headers") {
        for (name, value) in headers {
            assert_eq!(header(name), value.as_str(), "header {name}");
        }
    }
    for name in strings(expected.get("forbidHeaders")) {
        assert_eq!(header(&name), None, "forbidden header {name}");
    }
    for name in strings(expected.get("requireHeaders")) {
        assert!(header(&name).is_some(), "required header {name}");
    }
    let body: &[u8] = request.body();
    if expected.get("body").is_none() {
        // The case does not say (the gzip cases check the header only).
    } else if expected_body.is_empty() {
        let sent = String::from_utf8_lossy(body);
        // awsJson sends `{}` for an operation without input, as botocore does.
        let json = O::PROTOCOL != Protocol::RpcV2Cbor && sent == "{}";
        assert!(body.is_empty() || json, "body: expected none, sent {sent}");
    } else if matches!(O::PROTOCOL, Protocol::AwsQuery | Protocol::Ec2Query) {
        // A form: the same parameters, in any order.
        let pairs = |body: &[u8]| {
            let mut pairs: Vec<(String, String)> = String::from_utf8_lossy(body)
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    (form_decode(k), form_decode(v))
                })
                .collect();
            pairs.sort();
            pairs
        };
        assert_eq!(pairs(body), pairs(expected_body), "body: sent {}", String::from_utf8_lossy(body));
    } else if O::PROTOCOL == Protocol::RestXml && expected_body.trim_ascii_start().starts_with(b"<") {
        // XML: the same elements, attributes and text, whatever the whitespace between.
        let parse = |body: &[u8]| awsgen_runtime::protocol::xml::parse(body).map(trimmed);
        assert_eq!(parse(body), parse(expected_body), "body: sent {}", String::from_utf8_lossy(body));
    } else if O::PROTOCOL != Protocol::RpcV2Cbor
        && serde_json::from_slice::<Value>(expected_body).is_err()
    {
        // A blob or string payload: the bytes themselves.
        assert_eq!(String::from_utf8_lossy(body), String::from_utf8_lossy(expected_body), "body");
    } else {
        assert_same(&document(O::PROTOCOL, expected_body), &document(O::PROTOCOL, body), "body");
    }
    // The server side reads what the client sent back, gzipped bodies too: first what the
    // server's transport does, undoing the body's transfer encodings.
    let mut headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .filter_map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect();
    // An HTTP-bound operation inflates gzip only where it takes compressed requests.
    let rest = matches!(O::PROTOCOL, Protocol::RestJson1 | Protocol::RestXml);
    let gzip = !rest || O::GZIP_REQUEST;
    let body = awsgen_runtime::encoding::decode_request(&mut headers, body.to_vec(), 10 << 20, gzip)
        .unwrap_or_else(|error| panic!("server: the body does not decode: {error}"));
    if matches!(O::PROTOCOL, Protocol::AwsQuery | Protocol::Ec2Query) {
        server_reads_form::<O>(&body, &filled);
    } else if rest {
        // Under an endpoint with a path (`example.com/custom`), the operation's path follows it.
        let endpoint_path = endpoint
            .trim_start_matches("https://")
            .split_once('/')
            .map_or("", |(_, path)| path.trim_end_matches('/'));
        let path_and_query = path_and_query
            .strip_prefix(&format!("/{endpoint_path}"))
            .filter(|_| !endpoint_path.is_empty())
            .unwrap_or(path_and_query);
        let method = request.method().as_str();
        server_reads_request::<O>(method, path_and_query, headers, &body, &filled);
    }
}

/// The server side of a query protocol reads the form the client sent back into the input
/// it was built from: its `Action` and `Version` are the operation's, and its parameters
/// give the same members.
fn server_reads_form<O: Operation>(body: &[u8], input: &O::Input)
where
    O::Input: serde::Serialize,
{
    use awsgen_runtime::protocol::query::server::parse_form;
    use awsgen_runtime::protocol::server::decode_query_input;
    let params = parse_form(body).unwrap_or_else(|error| panic!("server: the form does not parse: {error}"));
    let value = |name: &str| params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(value("Action"), Some(O::NAME), "server: Action");
    assert_eq!(value("Version"), Some(O::API_VERSION), "server: Version");
    let read = decode_query_input::<O>(&params)
        .unwrap_or_else(|reply| panic!("server: the form does not read: {}", String::from_utf8_lossy(&reply.body)));
    // A form cannot tell an empty map or structure (or, in ec2Query, list) from an absent one.
    assert_same(&without_empty(as_json(input)), &without_empty(as_json(&read)), "server input");
}

/// The server side of an HTTP-bound protocol reads the request the client built back into
/// the input it was built from: the operation's route matches it, and the labels, query,
/// headers and body give the same members.
fn server_reads_request<O: Operation>(
    method: &str,
    path_and_query: &str,
    headers: Vec<(String, String)>,
    body: &[u8],
    input: &O::Input,
) where
    O::Input: serde::Serialize,
{
    use awsgen_runtime::protocol::rest::server::match_route;
    use awsgen_runtime::protocol::server::{RestRequest, decode_rest_input};
    let (path, query) = path_and_query.split_once('?').unwrap_or((path_and_query, ""));
    let (labels, _) = match_route(O::HTTP, method, path, query)
        .unwrap_or_else(|| panic!("server: the route does not match {method} {path_and_query}"));
    let rest = RestRequest {
        labels,
        query: query.to_owned(),
        headers,
        body: body.to_vec(),
    };
    let read = decode_rest_input::<O>(&rest)
        .unwrap_or_else(|reply| panic!("server: the request does not read: {}", String::from_utf8_lossy(&reply.body)));
    // HTTP cannot tell an empty list, map or structure from an absent one.
    let sent = without_empty(as_json(input));
    let mut read = without_empty(as_json(&read));
    // An `@httpQueryParams` map takes every parameter, those of `@httpQuery` members too: it
    // is set on the server whenever the query is not empty.
    if let (Value::Object(sent), Value::Object(read)) = (&sent, &mut read) {
        let members = match O::INPUT_SCHEMA.kind {
            awsgen_runtime::schema::Kind::Structure(members) => members,
            _ => &[],
        };
        for member in members {
            if member.http == awsgen_runtime::schema::Binding::QueryParams && !sent.contains_key(member.name) {
                read.remove(member.name);
            }
        }
    }
    assert_same(&sent, &read, "server input");
}

/// `value` without the members that are empty lists, maps or structures (recursively).
fn without_empty(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| (key, without_empty(value)))
                .filter(|(_, value)| match value {
                    Value::Object(map) => !map.is_empty(),
                    Value::Array(items) => !items.is_empty(),
                    _ => true,
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_empty).collect()),
        other => other,
    }
}

/// A value's serde form, through text (a `f32` as the number it prints).
fn as_json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::from_slice(&serde_json::to_vec(value).unwrap()).unwrap()
}

/// A form-encoded name or value decoded (`+` is a space).
fn form_decode(text: &str) -> String {
    let text = text.replace('+', " ");
    awsgen_runtime::protocol::uri::percent_decode(&text).unwrap_or(text)
}

/// An XML element with the whitespace around its text trimmed, attributes sorted, and the
/// entries of a map (runs of same-named siblings that each hold two elements, a key and a
/// value) sorted: generated maps are ordered by key, the suites' by insertion.
fn trimmed(mut element: awsgen_runtime::protocol::xml::Element) -> awsgen_runtime::protocol::xml::Element {
    element.text = element.text.trim().to_owned();
    element.attributes.sort();
    let mut children: Vec<_> = element.children.into_iter().map(trimmed).collect();
    let mut start = 0;
    while start < children.len() {
        let name = children[start].name.clone();
        let end = start + children[start..].iter().take_while(|c| c.name == name).count();
        if children[start..end].iter().all(|c| c.children.len() == 2) {
            children[start..end].sort_by_key(|c| format!("{c:?}"));
        }
        start = end;
    }
    element.children = children;
    element
}

/// An XML element as JSON: text for a leaf, an object of its children otherwise (the error
/// check compares an error's members this way).
fn xml_json(element: &awsgen_runtime::protocol::xml::Element) -> Value {
    if element.children.is_empty() {
        let text = element.text.trim();
        return text.parse::<f64>().map(Value::from).unwrap_or_else(|_| Value::from(text));
    }
    Value::Object(element.children.iter().map(|c| (c.name.clone(), xml_json(c))).collect())
}

/// A body as JSON for comparison: JSON as it is; CBOR with byte strings as base64 text and
/// each tag as `{"tag": n, "value": ...}`; an XML error's `<Error>` element by `xml_json`.
fn document(protocol: Protocol, body: &[u8]) -> Value {
    if matches!(protocol, Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query) {
        let root = awsgen_runtime::protocol::xml::parse(body).expect("the body is XML");
        let mut error = xml_json(root.find("Error").unwrap_or(&root));
        if let Value::Object(members) = &mut error {
            members.remove("Type");
            members.remove("Code");
        }
        return error;
    }
    if protocol == Protocol::RpcV2Cbor {
        let value: ciborium::Value = ciborium::from_reader(body).expect("the body is CBOR");
        cbor_to_json(value)
    } else {
        serde_json::from_slice(body).expect("the body is JSON")
    }
}

fn cbor_to_json(value: ciborium::Value) -> Value {
    use ciborium::Value as C;
    match value {
        C::Integer(n) => i128::from(n)
            .try_into()
            .map(|n: i64| Value::from(n))
            .unwrap_or_else(|_| Value::from(i128::from(n) as f64)),
        C::Float(f) if f.is_nan() => Value::from("NaN"),
        C::Float(f) if f.is_infinite() => Value::from(if f > 0.0 { "Infinity" } else { "-Infinity" }),
        C::Float(f) => Value::from(f),
        // The runtime's own blob codec writes the base64 a JSON body would carry.
        C::Bytes(bytes) => serde_json::to_value(Encode::<_, Base64>::new(&bytes)).unwrap(),
        C::Text(text) => Value::from(text),
        C::Bool(b) => Value::from(b),
        C::Null => Value::Null,
        C::Tag(tag, inner) => serde_json::json!({ "tag": tag, "value": cbor_to_json(*inner) }),
        C::Array(items) => Value::Array(items.into_iter().map(cbor_to_json).collect()),
        C::Map(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (k.into_text().unwrap_or_else(|k| format!("{k:?}")), cbor_to_json(v)))
                .collect(),
        ),
        other => Value::from(format!("{other:?}")),
    }
}


/// The response must read as the output whose wire form is `expected`.
pub fn check_output<O: Operation>(status: u16, headers: &[(&str, &str)], body: &[u8], expected: &str)
where
    O::Output: serde::Serialize,
    O::Error: std::fmt::Debug,
{
    let output = decode_response::<O>(status, headers, body)
        .unwrap_or_else(|error| panic!("the response does not read: {error:?}"));
    let got = as_json(&output);
    let want: Value = serde_json::from_str(expected).unwrap();
    assert_same(&want, &got, "output");
    if matches!(O::PROTOCOL, Protocol::RestJson1 | Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query) {
        // The server side writes the output so that the client reads it back the same.
        let reply = if matches!(O::PROTOCOL, Protocol::AwsQuery | Protocol::Ec2Query) {
            awsgen_runtime::protocol::server::encode_query_output::<O>(&output, "request-id")
        } else {
            awsgen_runtime::protocol::server::encode_rest_output::<O>(&output)
        };
        let headers: Vec<(&str, &str)> =
            reply.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        let again = decode_response::<O>(reply.status, &headers, &reply.body)
            .unwrap_or_else(|error| panic!("server: the output it writes does not read: {error:?}"));
        assert_same(&got, &as_json(&again), "server output");
    }
}

/// The response must read as the error `code` (with `message` where given) whose fields
/// have the wire form `fields`.
pub fn check_error<O: Operation>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    code: &str,
    message: Option<&str>,
    fields: &str,
    bound_headers: &str,
) where
    O::Output: std::fmt::Debug,
{
    let error = decode_response::<O>(status, headers, body)
        .map(|output| panic!("read as success: {output:?}"))
        .unwrap_err();
    assert_eq!(error.code(), Some(code), "error code");
    let response = error.to_response();
    if let Some(message) = message {
        assert_eq!(response.message.as_deref(), Some(message), "error message");
    }
    // Members bound to headers: the server side writes them as headers again.
    let bound: serde_json::Map<String, Value> = serde_json::from_str(bound_headers).unwrap();
    for (name, value) in &bound {
        let sent = response
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        let want = value.as_str().map_or_else(|| value.to_string(), str::to_owned);
        assert_eq!(sent, Some(want.as_str()), "error header {name}");
    }
    let want: Value = serde_json::from_str(fields).unwrap();
    if want.as_object().is_some_and(|fields| !fields.is_empty()) {
        // A modeled error's `to_response` is the server side's, which writes awsJson; an
        // unhandled one keeps the body as received.
        let got = serde_json::from_slice(&response.body)
            .unwrap_or_else(|_| document(O::PROTOCOL, &response.body));
        let Value::Object(mut got) = got else { panic!("error body is not an object") };
        got.remove("__type");
        got.remove("code");
        // An error shape without a message member gets one from the generator (`Message`);
        // the suite lists modeled members only, and the message was compared above.
        for key in awsgen_runtime::protocol::MESSAGE_KEYS {
            if !want.as_object().is_some_and(|w| w.contains_key(*key))
                && let Some(sent) = got.remove(*key)
                && let Some(message) = message
            {
                assert_eq!(sent.as_str(), Some(message), "error body {key}");
            }
        }
        assert_same(&want, &Value::Object(got), "error");
    }
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|items| items.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// JSON equality where numbers compare by value (`1` = `1.0`) and two strings that are
/// the same instant in RFC 3339 or HTTP-date form are equal.
fn assert_same(want: &Value, got: &Value, path: &str) {
    match (want, got) {
        (Value::Object(a), Value::Object(b)) => {
            for key in a.keys().chain(b.keys()) {
                let (x, y) = (a.get(key), b.get(key));
                match (x, y) {
                    (Some(x), Some(y)) => assert_same(x, y, &format!("{path}.{key}")),
                    _ => panic!("{path}.{key}: expected {x:?}, found {y:?}"),
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            assert_eq!(a.len(), b.len(), "{path}: length");
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                assert_same(x, y, &format!("{path}[{index}]"));
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            assert_eq!(a.as_f64(), b.as_f64(), "{path}");
        }
        (Value::String(a), Value::String(b)) if a != b => {
            assert!(
                instant(a).is_some() && instant(a) == instant(b),
                "{path}: expected {a:?}, found {b:?}"
            );
        }
        (Value::String(a), Value::Number(b)) | (Value::Number(b), Value::String(a)) => {
            let seconds = b.as_f64().unwrap_or(f64::NAN);
            assert!(
                instant(a).is_some_and(|t| (t.as_millisecond() as f64 / 1000.0 - seconds).abs() < 1e-6),
                "{path}: {a:?} against {b}"
            );
        }
        _ => assert_eq!(want, got, "{path}"),
    }
}

fn instant(text: &str) -> Option<awsgen_runtime::Timestamp> {
    text.parse::<awsgen_runtime::Timestamp>().ok().or_else(|| {
        awsgen_runtime::jiff::fmt::rfc2822::parse(text)
            .ok()
            .map(|zoned| zoned.timestamp())
    })
}
