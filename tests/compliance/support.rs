// Checks for botocore's protocol compliance cases, compiled into the crate that
// `tests/tests/protocol_compliance.rs` generates from the cases' models (this file is copied
// there as `tests/support.rs`). Expected values arrive as JSON in the wire form botocore
// would use (member names as serialized, blobs base64, timestamps as in the case).

use awsgen_runtime::client::{Client, Config, Credentials, ServiceInfo};
use awsgen_runtime::protocol::client::decode_response;
use awsgen_runtime::{Operation, OperationError};
use serde_json::Value;

/// The request the generated client sends for `params` (the case's parameters in
/// botocore's wire form, read by the input type) must match `expected` (the case's
/// `serialized`): method, URI, headers and body, as `Client::request_for` builds it (signed,
/// not sent), against `https://` + the case's `host` (default `example.com`).
pub fn check_input<O: Operation>(service: &'static ServiceInfo, params: &str, expected: &str)
where
    O::Input: serde::de::DeserializeOwned,
{
    let input: O::Input = serde_json::from_str(params)
        .unwrap_or_else(|error| panic!("the input type does not read the parameters: {error}"));
    let expected: Value = serde_json::from_str(expected).unwrap();
    let host = expected["host"].as_str().unwrap_or("example.com");
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(format!("https://{host}"))
        .validation(None)
        .build();
    let client = Client::new(service, config).expect("a client");
    let request = client
        .request_for::<O>(input, std::time::SystemTime::now())
        .unwrap_or_else(|error| panic!("the client does not build the request: {error}"));
    assert_eq!(request.method().as_str(), expected["method"], "method");
    let uri = request.uri();
    let path_and_query = uri.path_and_query().map_or("/", |p| p.as_str());
    assert_eq!(path_and_query, expected["uri"], "uri");
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok());
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
    let body = std::str::from_utf8(request.body()).expect("UTF-8 body");
    match expected["body"].as_str().unwrap_or("") {
        "" => assert!(body.is_empty() || body == "{}", "body: expected none, sent {body}"),
        text => {
            let (want, got): (Value, Value) = (
                serde_json::from_str(text).expect("expected body is JSON"),
                serde_json::from_str(body).expect("sent body is JSON"),
            );
            assert_same(&want, &got, "body");
        }
    }
}

/// The response must read as the output whose wire form is `expected`.
pub fn check_output<O: Operation>(status: u16, headers: &[(&str, &str)], body: &str, expected: &str)
where
    O::Output: serde::Serialize,
    O::Error: std::fmt::Debug,
{
    let output = decode_response::<O>(status, error_type(headers), body.as_bytes())
        .unwrap_or_else(|error| panic!("the response does not read: {error:?}"));
    let got = serde_json::to_value(&output).unwrap();
    let want: Value = serde_json::from_str(expected).unwrap();
    assert_same(&want, &got, "output");
}

/// The response must read as the error `code` (with `message` where given) whose fields
/// have the wire form `fields`.
pub fn check_error<O: Operation>(
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
    code: &str,
    message: Option<&str>,
    fields: &str,
) where
    O::Output: std::fmt::Debug,
{
    let error = decode_response::<O>(status, error_type(headers), body.as_bytes())
        .map(|output| panic!("read as success: {output:?}"))
        .unwrap_err();
    assert_eq!(error.code(), Some(code), "error code");
    let response = error.to_response();
    if let Some(message) = message {
        assert_eq!(response.message.as_deref(), Some(message), "error message");
    }
    let want: Value = serde_json::from_str(fields).unwrap();
    if want.as_object().is_some_and(|fields| !fields.is_empty()) {
        let got: Value = serde_json::from_slice(&response.body).expect("error body is JSON");
        let Value::Object(mut got) = got else { panic!("error body is not an object") };
        got.remove("__type");
        got.remove("code");
        assert_same(&want, &Value::Object(got), "error");
    }
}

fn error_type<'a>(headers: &[(&str, &'a str)]) -> Option<&'a str> {
    headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("x-amzn-errortype"))
        .map(|(_, value)| *value)
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
