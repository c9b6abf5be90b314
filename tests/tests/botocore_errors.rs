//! Error responses as botocore 1.44.5 reads them (the `errors` vectors), against
//! `awsgen_runtime::protocol::parse_error`. Two differences are deliberate:
//! - the code: we read `X-Amzn-Errortype` first (the Smithy awsJson rule), botocore never
//!   does; where botocore found no `__type` it reports the HTTP status as the code;
//! - a body that is not a JSON object: botocore makes up a message (the HTTP reason phrase
//!   or the raw text); we report no message, and keep the status and the raw body.

use std::path::Path;

use awsgen_runtime::protocol::parse_error;
use serde_json::Value;

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
        let body = case["body"].as_str().unwrap();
        let ours = parse_error(status, header, body.as_bytes());
        let theirs = &case["parsed"]["Error"];
        let their_code = theirs["Code"].as_str().unwrap_or_default();
        let expected_code = match header {
            Some(header) => Some(awsgen_runtime::protocol::sanitize_error_code(header).to_owned()),
            None if their_code == status.to_string() => None,
            None => Some(their_code.to_owned()),
        };
        if ours.code != expected_code {
            failures.push(format!(
                "{name}: code {:?}, expected {expected_code:?} (botocore {their_code:?})",
                ours.code
            ));
        }
        let is_object = serde_json::from_str::<serde_json::Map<String, Value>>(body).is_ok();
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
        if ours.status != status || ours.body != body.as_bytes() {
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
