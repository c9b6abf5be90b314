//! The AWS sample services (`tests/fixtures/aws-samples.toml`: s3, dynamodb, lambda, iam,
//! sts, sqs, ec2, apigateway, route53, cloudfront; every protocol) against botocore 1.44.5,
//! from the vectors `cargo xtask vectors` records in `tests/vectors/aws-<service>.json`:
//!
//! - requests: the input read from botocore's parameters, sent by our client
//!   (`Client::request_for`, endpoint https://example.com) has botocore's method, path, query
//!   parameters (as a multiset), protocol headers (both ways: none missing, none extra) and
//!   body (JSON semantically, XML as trees, forms as parameter multisets);
//! - responses: our client's decoding of each recorded response gives botocore's values
//!   (compared by the model, timestamps as instants; see `aws_sample::compare`);
//! - errors: the code and message we read are botocore's;
//! - server: botocore as the client of our server. Each recorded request, as botocore sent
//!   it (method, path, query, headers, body), goes through what our server does with it:
//!   the transfer encodings undone (`aws-chunked` with its trailing checksum, gzip), the
//!   operation found (the form's `Action` and `Version`, `X-Amz-Target`, or the most specific
//!   `@http` route among all the sample's operations) and its input read, which must give
//!   botocore's parameters (see `aws_sample::server` for what that comparison leaves out).
//!
//! The deliberate divergences are applied explicitly, nothing else loosened: in requests, a
//! `Content-Type` of `application/x-www-form-urlencoded` without botocore's `; charset=utf-8`,
//! a `Content-Type` on REST bodies botocore sends without one, list headers as `a, b`, header
//! timestamps with their milliseconds (botocore drops them), and API Gateway's `Accept`
//! (a botocore customization); in errors, no code for a body without one (botocore makes one of
//! the status) and no message for a body without one (botocore reports ""); in responses, see
//! `aws_sample::compare`.
//!
//! A case may differ only where `tests/vectors/aws-allowed.toml` names it with a reason; an
//! allowed case that passes fails the test, so the list cannot go stale.

mod aws_sample;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use awsgen_runtime::client::{Client, Config, Credentials, ServiceInfo};
use awsgen_runtime::protocol::client::decode_response;
use awsgen_runtime::protocol::rest::server::Specificity;
use awsgen_runtime::{Operation, OperationError, OperationVisitor};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use codegen::ir::Service;
use serde_json::Value;

use aws_sample::server::Received;
use aws_sample::{compare, compare_bodies, form_decode, same_header};

/// Headers of transport and signing, not of the protocol (as `aws_samples.py` leaves out).
const TRANSPORT_HEADERS: &[&str] = &[
    "authorization",
    "x-amz-date",
    "user-agent",
    "x-amz-user-agent",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "x-amz-content-sha256",
    "content-length",
    "expect",
    "x-amz-security-token",
    "host",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// What our client read from an error response.
struct ErrorRead {
    code: Option<String>,
    message: Option<String>,
}

type Request = fn(&Client, Value) -> Result<http::Request<bytes::Bytes>, String>;
type Decode = fn(u16, &[(&str, &str)], &[u8]) -> Result<Value, ErrorRead>;
type Route = fn(&Received) -> Option<Specificity>;
type ServerRead = fn(Received) -> Result<Value, String>;

/// The client's request builder and response decoder of every operation, and the server's
/// route and input reader, by name.
#[derive(Default)]
struct Codecs(
    BTreeMap<&'static str, (Request, Decode)>,
    BTreeMap<&'static str, (Route, ServerRead)>,
);

impl OperationVisitor for Codecs {
    fn visit<O: Operation>(&mut self) {
        self.0.insert(O::NAME, (request::<O>, decode::<O>));
        self.1.insert(
            O::NAME,
            (
                aws_sample::server::route::<O>,
                aws_sample::server::read::<O>,
            ),
        );
    }
}

fn request<O: Operation>(
    client: &Client,
    params: Value,
) -> Result<http::Request<bytes::Bytes>, String> {
    let input: O::Input = serde_json::from_value(params).map_err(|e| format!("params: {e}"))?;
    let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_210_096);
    client
        .request_for::<O>(input, time)
        .map_err(|e| format!("request_for: {e}"))
}

fn decode<O: Operation>(
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Value, ErrorRead> {
    match decode_response::<O>(status, headers, body) {
        Ok(output) => serde_json::to_value(&output).map_err(|e| ErrorRead {
            code: None,
            message: Some(e.to_string()),
        }),
        Err(error) => Err(ErrorRead {
            code: error.code().map(str::to_owned),
            message: error.to_response().message,
        }),
    }
}

struct Sample {
    name: &'static str,
    service: Service,
    info: &'static ServiceInfo,
    codecs: Codecs,
    vectors: Value,
}

fn sample(name: &'static str, info: &'static ServiceInfo, visit: fn(&mut Codecs)) -> Sample {
    let dir = root().join(format!("tests/fixtures/models/aws-{name}"));
    let service = codegen::pipeline::load_model(&dir.join("service-2.json")).unwrap();
    let path = root().join(format!("tests/vectors/aws-{name}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut codecs = Codecs::default();
    visit(&mut codecs);
    Sample {
        name,
        service,
        info,
        codecs,
        vectors: serde_json::from_str(&text).unwrap(),
    }
}

/// A recorded body: `body` (text) or `body_base64`.
fn recorded_body(vector: &Value) -> Vec<u8> {
    match (vector.get("body"), vector.get("body_base64")) {
        (Some(Value::String(text)), _) => text.clone().into_bytes(),
        (_, Some(Value::String(b64))) => BASE64.decode(b64).unwrap(),
        _ => Vec::new(),
    }
}

fn recorded_headers(vector: &Value) -> Vec<(&str, &str)> {
    vector["headers"]
        .as_object()
        .map(|h| {
            h.iter()
                .map(|(k, v)| (k.as_str(), v.as_str().unwrap_or("")))
                .collect()
        })
        .unwrap_or_default()
}

/// Every case's differences (empty when it passes), by `<kind>/<operation>/<case>`.
type Outcomes = BTreeMap<String, Vec<String>>;

impl Sample {
    /// The client as the recorder configures botocore: `checksums` keeps botocore's default
    /// (a checksum whenever the operation supports one), else only where required.
    fn client(&self, checksums: bool) -> Client {
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
            .endpoint_url("https://example.com")
            // As the recorder configures botocore: path-style addressing, checksums only where
            // required.
            .endpoint_param("ForcePathStyle", true)
            .checksum_when_supported(checksums)
            .validation(None)
            .build();
        Client::new(self.info, config).unwrap()
    }

    fn protocol(&self) -> &str {
        self.vectors["protocol"].as_str().unwrap()
    }

    fn codec(&self, operation: &str) -> (Request, Decode) {
        *self
            .codecs
            .0
            .get(operation)
            .unwrap_or_else(|| panic!("no operation {operation}"))
    }

    fn check_requests(&self, outcomes: &mut Outcomes) {
        let (client, checksum_client) = (self.client(false), self.client(true));
        for vector in self.vectors["requests"].as_array().unwrap() {
            let client = match vector["checksums"].as_str() {
                Some("when_supported") => &checksum_client,
                _ => &client,
            };
            let operation = vector["operation"].as_str().unwrap();
            let id = format!("request/{operation}/{}", vector["case"].as_str().unwrap());
            let (request, _) = self.codec(operation);
            let differences = match request(client, vector["params"].clone()) {
                Ok(sent) => self.compare_request(&sent, vector),
                Err(error) => vec![error],
            };
            outcomes.insert(id, differences);
            let id = format!("server/{operation}/{}", vector["case"].as_str().unwrap());
            outcomes.insert(id, self.check_server(operation, vector));
        }
    }

    /// Our server reads botocore's request back into botocore's parameters.
    fn check_server(&self, operation: &str, vector: &Value) -> Vec<String> {
        let mut query = String::new();
        for pair in vector["query"].as_array().unwrap() {
            let (name, value) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
            awsgen_runtime::protocol::uri::push_query(&mut query, name, Some(value));
        }
        let received = Received {
            method: vector["method"].as_str().unwrap().to_owned(),
            path: vector["path"].as_str().unwrap().to_owned(),
            query,
            headers: recorded_headers(vector)
                .into_iter()
                .map(|(n, v)| (n.to_ascii_lowercase(), v.to_owned()))
                .collect(),
            body: recorded_body(vector),
        };
        if matches!(self.protocol(), "rest-json" | "rest-xml") {
            // The route the server takes: the most specific of all the sample's operations.
            let best = self
                .codecs
                .1
                .iter()
                .filter_map(|(name, (route, _))| Some((route(&received)?, *name)))
                .max();
            if best.map(|(_, name)| name) != Some(operation) {
                return vec![format!("server: routed to {best:?}")];
            }
        }
        let (_, read) = self.codecs.1[operation];
        match read(received) {
            Ok(ours) => match self.operation(operation).input.as_deref() {
                Some(input) => {
                    aws_sample::server::differences(&self.service, input, ours, &vector["params"])
                }
                None => vec![],
            },
            Err(error) => vec![format!("server: {error}")],
        }
    }

    fn compare_request(&self, sent: &http::Request<bytes::Bytes>, vector: &Value) -> Vec<String> {
        let mut differences = Vec::new();
        if sent.method().as_str() != vector["method"] {
            differences.push(format!("method {} != {}", sent.method(), vector["method"]));
        }
        if sent.uri().path() != vector["path"] {
            differences.push(format!("path {} != {}", sent.uri().path(), vector["path"]));
        }
        let ours = aws_sample::pairs(sent.uri().query().unwrap_or(""));
        let mut theirs: Vec<(String, String)> = vector["query"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_owned(),
                    p[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        theirs.sort();
        if ours != theirs {
            differences.push(format!("query {ours:?} != {theirs:?}"));
        }
        let theirs = recorded_headers(vector);
        for (name, value) in &theirs {
            let ours = sent
                .headers()
                .get(*name)
                .map(|v| String::from_utf8_lossy(v.as_bytes()));
            let same = match ours.as_deref() {
                Some(ours) if name.eq_ignore_ascii_case("content-type") => {
                    ours == *value || value.strip_suffix("; charset=utf-8") == Some(ours)
                }
                Some(ours) => same_header(ours, value),
                // botocore's API Gateway customization asks for JSON.
                None => self.name == "apigateway" && *name == "Accept",
            };
            if !same {
                differences.push(format!("header {name}: ours {ours:?}, botocore {value:?}"));
            }
        }
        let rest = matches!(self.protocol(), "rest-json" | "rest-xml");
        for (name, value) in sent.headers() {
            let known = theirs
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(name.as_str()));
            // A Content-Type on a REST body botocore sends without one (an XML document,
            // a blob payload): Smithy's protocol tests require it.
            let content_type = rest && name == http::header::CONTENT_TYPE;
            if !known && !content_type && !TRANSPORT_HEADERS.contains(&name.as_str()) {
                differences.push(format!("header {name}: ours {value:?}, botocore none"));
            }
        }
        differences.extend(compare_bodies(
            self.protocol(),
            sent.body(),
            &recorded_body(vector),
        ));
        differences
    }

    fn check_responses(&self, outcomes: &mut Outcomes) {
        for vector in self.vectors["responses"].as_array().unwrap() {
            let operation = vector["operation"].as_str().unwrap();
            let id = format!("response/{operation}/{}", vector["case"].as_str().unwrap());
            let (_, decode) = self.codec(operation);
            let status = vector["status"].as_u64().unwrap() as u16;
            let body = recorded_body(vector);
            let parsed = &vector["parsed"];
            let output = self.operation(operation).output.clone().unwrap();
            let differences = match (
                decode(status, &recorded_headers(vector), &body),
                parsed.get("$error"),
            ) {
                (Ok(ours), None) => compare(&self.service, &output, &ours, parsed, ""),
                (Err(_), Some(_)) => vec![],
                (Ok(ours), Some(_)) => {
                    vec![format!("botocore rejects this response, we read {ours}")]
                }
                (Err(error), None) => {
                    vec![format!("we fail: {:?} {:?}", error.code, error.message)]
                }
            };
            outcomes.insert(id, differences);
        }
    }

    fn check_errors(&self, outcomes: &mut Outcomes) {
        for vector in self.vectors["errors"].as_array().unwrap() {
            let operation = vector["operation"].as_str().unwrap();
            let id = format!("error/{operation}/{}", vector["case"].as_str().unwrap());
            let (_, decode) = self.codec(operation);
            let status = vector["status"].as_u64().unwrap() as u16;
            let differences =
                match decode(status, &recorded_headers(vector), &recorded_body(vector)) {
                    Ok(output) => vec![format!("read as a success: {output}")],
                    Err(error) => {
                        let (code, message) = (vector["code"].as_str(), vector["message"].as_str());
                        // A body without a code: botocore makes one of the status and takes the
                        // reason phrase as the message; we keep the status alone.
                        let no_code = error.code.is_none()
                            && error.message.is_none()
                            && code == Some(status.to_string().as_str());
                        let mut differences = Vec::new();
                        if error.code.as_deref() != code && !no_code {
                            differences.push(format!("code {:?} != {code:?}", error.code));
                        }
                        // No message: botocore reports "" (JSON) or none (XML), we none.
                        let none = error.message.is_none() && matches!(message, None | Some(""));
                        if error.message.as_deref() != message && !none && !no_code {
                            differences.push(format!("message {:?} != {message:?}", error.message));
                        }
                        differences
                    }
                };
            outcomes.insert(id, differences);
        }
    }

    fn operation(&self, name: &str) -> &codegen::ir::Operation {
        self.service
            .operations
            .iter()
            .find(|op| op.name == name)
            .unwrap()
    }

    /// Checks every case; fails on a difference the allow-list does not name, or on an
    /// allowed case that passes.
    fn check(&self) {
        assert_eq!(self.vectors["botocore_version"], "1.44.5");
        let mut outcomes = Outcomes::new();
        self.check_requests(&mut outcomes);
        self.check_responses(&mut outcomes);
        self.check_errors(&mut outcomes);
        let allowed = allowed(self.name);
        let mut failures = Vec::new();
        for (id, differences) in &outcomes {
            match (differences.is_empty(), allowed.contains_key(id)) {
                (false, false) => failures.push(format!("{id}: {}", differences.join("; "))),
                (true, true) => {
                    failures.push(format!("{id}: passes, remove it from aws-allowed.toml"))
                }
                _ => {}
            }
        }
        for id in allowed.keys().filter(|id| !outcomes.contains_key(*id)) {
            failures.push(format!("{id}: allowed, but there is no such case"));
        }
        let count = |kind: &str| outcomes.keys().filter(|id| id.starts_with(kind)).count();
        let passed = outcomes.values().filter(|d| d.is_empty()).count();
        let server_passed = outcomes
            .iter()
            .filter(|(id, d)| id.starts_with("server/") && d.is_empty())
            .count();
        eprintln!(
            "aws-{}: {} requests, {} responses, {} errors, {} server reads ({server_passed} pass); {passed} of {} pass, {} allowed",
            self.name,
            count("request/"),
            count("response/"),
            count("error/"),
            count("server/"),
            outcomes.len(),
            allowed.len()
        );
        assert!(outcomes.len() > 10, "only {} cases", outcomes.len());
        assert!(
            failures.is_empty(),
            "{} failures:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

/// The allowed differences of service `name`: `[<name>]` of `tests/vectors/aws-allowed.toml`.
fn allowed(name: &str) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root().join("tests/vectors/aws-allowed.toml")).unwrap();
    let table: toml::Table = text.parse().unwrap();
    table
        .get(name)
        .and_then(|t| t.as_table())
        .map(|t| {
            t.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                .collect()
        })
        .unwrap_or_default()
}

macro_rules! sample_test {
    ($test:ident, $name:literal, $module:ident) => {
        #[test]
        fn $test() {
            sample($name, &awsgen_fixtures::$module::client::SERVICE, |c| {
                awsgen_fixtures::$module::operations::visit_operations(c)
            })
            .check();
        }
    };
}

sample_test!(s3_rest_xml, "s3", aws_s3);
sample_test!(dynamodb_aws_json_1_0, "dynamodb", aws_dynamodb);
sample_test!(lambda_rest_json, "lambda", aws_lambda);
sample_test!(iam_aws_query, "iam", aws_iam);
sample_test!(sts_aws_query, "sts", aws_sts);
sample_test!(sqs_aws_json_query_compatible, "sqs", aws_sqs);
sample_test!(ec2_ec2_query, "ec2", aws_ec2);
sample_test!(apigateway_rest_json, "apigateway", aws_apigateway);
sample_test!(route53_rest_xml, "route53", aws_route53);
sample_test!(cloudfront_rest_xml, "cloudfront", aws_cloudfront);

/// The query decoding agrees with botocore's `parse_qsl` on `+` and escapes.
#[test]
fn form_decoding() {
    assert_eq!(form_decode("a+b%2Bc%20%C3%BC"), "a b+c ü");
}
