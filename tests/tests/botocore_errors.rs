//! Error responses as botocore 1.44.5 reads them (the `errors` vectors), against
//! `awsgen_runtime::protocol::parse_error`. Two differences are deliberate:
//! - the code: we read `X-Amzn-Errortype` first (the Smithy awsJson rule), botocore never
//!   does; where botocore found no `__type` it reports the HTTP status as the code;
//! - a body that is not a JSON object: botocore makes up a message (the HTTP reason phrase
//!   or the raw text); we report no message, and keep the status and the raw body.
//!
//! revenue-measurement's errors are RPC v2 CBOR (`cbor`, base64, beside an awsJson view in
//! `body`), read with `awsgen_runtime::protocol::cbor::parse_error`. Where botocore 1.44.5's
//! CBOR error parser crashes (an empty body, a body that is CBOR but not a map), we report
//! the status alone.

use std::path::Path;

use std::collections::BTreeMap;

use awsgen_runtime::protocol::{ErrorResponse, Protocol, read_error};
use awsgen_runtime::{Operation, OperationError, OperationVisitor};
use base64::Engine as _;
use serde_json::Value;

/// The recorded error body: its bytes, and whether it is CBOR.
fn body(case: &Value) -> (Vec<u8>, bool) {
    match case.get("cbor") {
        Some(b64) => (
            base64::engine::general_purpose::STANDARD
                .decode(b64.as_str().unwrap())
                .unwrap(),
            true,
        ),
        None => (case["body"].as_str().unwrap().as_bytes().to_vec(), false),
    }
}

/// Our reading of a recorded error response, in its protocol.
fn read(status: u16, header: Option<&str>, body: &[u8], is_cbor: bool) -> ErrorResponse {
    let protocol = if is_cbor {
        Protocol::RpcV2Cbor
    } else {
        Protocol::AwsJson1_0
    };
    read_error(protocol, status, header, body)
}

/// Decodes an error response with one operation's error enum: (code, whether modeled).
type Decode = fn(ErrorResponse) -> (Option<String>, bool);

/// The decoder of every operation, by name.
#[derive(Default)]
struct Decoders(BTreeMap<&'static str, Decode>);

impl OperationVisitor for Decoders {
    fn visit<O: Operation>(&mut self) {
        self.0.insert(O::NAME, decode::<O>);
    }
}

/// The decoded error's code, and whether it was a modeled (not unhandled) error.
fn decode<O: Operation>(response: ErrorResponse) -> (Option<String>, bool) {
    let error = O::Error::from_response(response);
    let unhandled = format!("{error:?}").starts_with("Unhandled(");
    (error.code().map(str::to_owned), !unhandled)
}

/// Every operation's error enum reads every recorded error: a modeled error when the code
/// names one of the operation's errors, else unhandled with the code kept. Returns how many (operation, error) pairs were modeled.
fn operation_errors(service: &str, visit: fn(&mut Decoders)) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let version = match service {
        "partnercentral-selling" => "2022-07-26",
        "partnercentral-account" => "2025-04-04",
        "partnercentral-benefits" => "2018-05-10",
        "partnercentral-channel" => "2024-03-18",
        "partnercentral-revenue-measurement" => "2022-07-26",
        other => panic!("no recorded vectors for {other}"),
    };
    let model = codegen::pipeline::load_botocore(&root.join(format!("models/{service}/{version}")))
        .unwrap();
    let text = std::fs::read_to_string(root.join(format!("tests/vectors/{service}.json"))).unwrap();
    let vectors: Value = serde_json::from_str(&text).unwrap();
    let mut decoders = Decoders::default();
    visit(&mut decoders);
    let mut modeled = 0;
    for operation in &model.operations {
        for case in vectors["errors"].as_array().unwrap() {
            let status = u16::try_from(case["status"].as_u64().unwrap()).unwrap();
            let (bytes, is_cbor) = body(case);
            let response = read(status, None, &bytes, is_cbor);
            let code = response.code.clone();
            let (decoded_code, was_modeled) = decoders.0[operation.name.as_str()](response);
            assert_eq!(decoded_code, code, "{} {}", operation.name, case["case"]);
            // Listed by the operation <=> decoded as its modeled error (every recorded body of
            // a modeled error reads as its shape, error correction included).
            let listed = code.as_ref().is_some_and(|c| operation.errors.contains(c));
            assert_eq!(was_modeled, listed, "{} {}", operation.name, case["case"]);
            modeled += usize::from(was_modeled);
        }
    }
    modeled
}

fn check(service: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join(format!("tests/vectors/{service}.json"))).unwrap();
    let vectors: Value = serde_json::from_str(&text).unwrap();
    let mut failures = Vec::new();
    let cases = vectors["errors"].as_array().unwrap();
    for case in cases {
        let name = case["case"].as_str().unwrap();
        let status = u16::try_from(case["status"].as_u64().unwrap()).unwrap();
        let header = case["headers"]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("x-amzn-errortype"))
            .and_then(|(_, v)| v.as_str());
        let (body, is_cbor) = body(case);
        let ours = read(status, header, &body, is_cbor);
        let botocore_crashed = case["parsed"].get("$error").is_some();
        let theirs = &case["parsed"]["Error"];
        let their_code = theirs["Code"].as_str().unwrap_or_default();
        let expected_code = match header {
            Some(header) => Some(awsgen_runtime::protocol::sanitize_error_code(header).to_owned()),
            None if botocore_crashed || their_code == status.to_string() => None,
            None => Some(their_code.to_owned()),
        };
        if ours.code != expected_code {
            failures.push(format!(
                "{name}: code {:?}, expected {expected_code:?} (botocore {their_code:?})",
                ours.code
            ));
        }
        let is_object = if is_cbor {
            ciborium::from_reader::<ciborium::Value, _>(body.as_slice()).is_ok_and(|v| v.is_map())
        } else {
            serde_json::from_slice::<serde_json::Map<String, Value>>(&body).is_ok()
        };
        let expected_message = if is_object {
            theirs["Message"]
                .as_str()
                .filter(|m| !m.is_empty())
                .map(str::to_owned)
        } else {
            None
        };
        if ours.message != expected_message {
            failures.push(format!(
                "{name}: message {:?}, expected {expected_message:?}",
                ours.message
            ));
        }
        if ours.status != status || ours.body != body {
            failures.push(format!("{name}: status or body not kept"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    cases.len()
}

#[test]
fn selling_errors_read_like_botocore() {
    assert_eq!(check("partnercentral-selling"), 39);
}

#[test]
fn account_errors_read_like_botocore() {
    assert_eq!(check("partnercentral-account"), 48);
}

#[test]
fn benefits_errors_read_like_botocore() {
    assert_eq!(check("partnercentral-benefits"), 44);
}

#[test]
fn channel_errors_read_like_botocore() {
    assert_eq!(check("partnercentral-channel"), 40);
}

#[test]
fn revenue_measurement_errors_read_like_botocore() {
    assert_eq!(check("partnercentral-revenue-measurement"), 41);
}

#[test]
fn operation_error_enums_decode_modeled_errors_and_keep_the_rest() {
    let selling = operation_errors("partnercentral-selling", |d| {
        partnercentral::selling::operations::visit_operations(d)
    });
    let account = operation_errors("partnercentral-account", |d| {
        partnercentral::account::operations::visit_operations(d)
    });
    let benefits = operation_errors("partnercentral-benefits", |d| {
        partnercentral::benefits::operations::visit_operations(d)
    });
    let channel = operation_errors("partnercentral-channel", |d| {
        partnercentral::channel::operations::visit_operations(d)
    });
    let revenue_measurement = operation_errors("partnercentral-revenue-measurement", |d| {
        partnercentral::revenue_measurement::operations::visit_operations(d)
    });
    assert!(
        selling > 0 && account > 0 && benefits > 0 && channel > 0 && revenue_measurement > 0,
        "{selling} {account} {benefits} {channel} {revenue_measurement}"
    );
    println!(
        "modeled errors decoded: selling {selling}, account {account}, benefits {benefits}, \
         channel {channel}, revenue-measurement {revenue_measurement}"
    );
}
