//! Runs each service's `smithy.rules#endpointTests` against its `smithy.rules#endpointRuleSet`,
//! and against botocore's copy of the same rule set.

use awsgen_runtime::endpoint::RuleSet;
use serde_json::Value;

const SELLING: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/models/smithy/partnercentral-selling-2022-07-26.json"
));
const ACCOUNT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/models/smithy/partnercentral-account-2025-04-04.json"
));
const BOTO_SELLING: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../models/partnercentral-selling/2022-07-26/endpoint-rule-set-1.json"
));
const BOTO_ACCOUNT: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../models/partnercentral-account/2025-04-04/endpoint-rule-set-1.json"
));

/// The service shape's rule set and test cases.
fn service_traits(model: &str) -> (Value, Vec<Value>) {
    let model: Value = serde_json::from_str(model).unwrap();
    let service = model["shapes"]
        .as_object()
        .unwrap()
        .values()
        .find(|s| s["type"] == "service")
        .expect("a service shape");
    let traits = &service["traits"];
    let cases = traits["smithy.rules#endpointTests"]["testCases"]
        .as_array()
        .unwrap()
        .clone();
    (traits["smithy.rules#endpointRuleSet"].clone(), cases)
}

/// Runs every case; returns how many passed and describes each failure.
fn run(rule_set: &Value, cases: &[Value]) -> (usize, Vec<String>) {
    let rules = RuleSet::from_json(rule_set).unwrap();
    let mut failures = Vec::new();
    for case in cases {
        let doc = case["documentation"].as_str().unwrap_or("?");
        let failure = rules
            .check_test_case(case)
            .err()
            .map(|why| format!("{doc}: {why}"));
        failures.extend(failure);
    }
    (cases.len() - failures.len(), failures)
}

fn check(model: &str, botocore: &str) {
    let (rule_set, cases) = service_traits(model);
    assert_eq!(cases.len(), 9);
    let (passed, failures) = run(&rule_set, &cases);
    assert!(failures.is_empty(), "smithy rule set: {failures:#?}");
    assert_eq!(passed, 9);
    let botocore: Value = serde_json::from_str(botocore).unwrap();
    let (passed, failures) = run(&botocore, &cases);
    assert!(failures.is_empty(), "botocore rule set: {failures:#?}");
    assert_eq!(passed, 9);
}

#[test]
fn partnercentral_selling() {
    check(SELLING, BOTO_SELLING);
}

#[test]
fn partnercentral_account() {
    check(ACCOUNT, BOTO_ACCOUNT);
}
