//! Validation of generated types: every violation, with its path, code and message.

use awsgen_fixtures::constraints::CheckRequest;
use awsgen_runtime::validate::{Constraint, ViolationCode};
use awsgen_runtime::{Policy, Validate};
use serde_json::json;

/// `(path, code)` of every strict violation of `value`.
fn violations<T: Validate>(value: &T, policy: Policy) -> Vec<(String, &'static str)> {
    match value.validate(policy) {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .violations()
            .iter()
            .map(|v| (v.path.clone(), v.code.as_str()))
            .collect(),
    }
}

fn check(json: serde_json::Value) -> CheckRequest {
    serde_json::from_value(json).unwrap()
}

fn valid() -> serde_json::Value {
    json!({
        "Id": "eng-0123456789abcd",
        "Contacts": [{"Email": "ana@example.com"}],
    })
}

fn with(extra: serde_json::Value) -> CheckRequest {
    let mut value = valid();
    for (key, item) in extra.as_object().unwrap() {
        value[key] = item.clone();
    }
    check(value)
}

#[test]
fn a_valid_value_has_no_violations() {
    assert_eq!(violations(&check(valid()), Policy::Strict), []);
    let full = with(json!({
        "Name": "Ana", "Note": "two\nlines", "Email": "a@b.co", "Secret": "1234", "AccountId": "123456789012",
        "Word": "Zürich 東京 42", "Title": "Hello wörl", "Payload": "AQID", "Count": 10, "Big": 9007199254740993i64,
        "Ratio": 0.75, "Stage": "Qualified", "Labels": {"Prospect": "x"}, "Matrix": [[1], [2, 3]],
        "Choice": {"Contact": {"Email": "b@c.de", "Phone": "+4912345"}}
    }));
    assert_eq!(violations(&full, Policy::Strict), []);
}

#[test]
fn every_violation_is_reported_with_its_path() {
    let value = check(json!({
        "Name": "toolong", "Note": "eleven chars", "Email": "not-an-email", "Secret": "12", "AccountId": "١٢٣٤٥٦٧٨٩٠١٢",
        "Word": "a_b", "Title": "🚀", "Payload": "", "Count": 11, "Big": -6, "Ratio": 0.2, "Stage": "qualified",
        "Contacts": [{"Phone": "12"}, {"Email": "A@b.co"}], "Labels": {"Prospect": "", "Lost": "x", "Qualified": "y"},
        "Matrix": [[], [0]], "Choice": {"Count": 0}
    }));
    assert_eq!(
        violations(&value, Policy::Strict),
        [
            ("/Id".into(), "REQUIRED_FIELD_MISSING"),
            ("/Name".into(), "INVALID_STRING_FORMAT"),
            ("/Note".into(), "INVALID_STRING_FORMAT"),
            ("/Email".into(), "INVALID_STRING_FORMAT"),
            ("/Secret".into(), "INVALID_STRING_FORMAT"),
            ("/AccountId".into(), "INVALID_STRING_FORMAT"),
            ("/Word".into(), "INVALID_STRING_FORMAT"),
            ("/Title".into(), "INVALID_STRING_FORMAT"),
            ("/Payload".into(), "INVALID_VALUE"),
            ("/Count".into(), "VALUE_OUT_OF_RANGE"),
            ("/Big".into(), "VALUE_OUT_OF_RANGE"),
            ("/Ratio".into(), "VALUE_OUT_OF_RANGE"),
            ("/Stage".into(), "INVALID_ENUM_VALUE"),
            ("/Contacts/0/Email".into(), "REQUIRED_FIELD_MISSING"),
            ("/Contacts/0/Phone".into(), "INVALID_STRING_FORMAT"),
            ("/Contacts/1/Email".into(), "INVALID_STRING_FORMAT"),
            ("/Labels".into(), "TOO_MANY_VALUES"),
            ("/Matrix/0".into(), "NOT_ENOUGH_VALUES"),
            ("/Matrix/1/0".into(), "VALUE_OUT_OF_RANGE"),
            ("/Choice/Count".into(), "VALUE_OUT_OF_RANGE"),
        ]
    );
}

#[test]
fn messages_say_what_was_expected_and_found_but_never_a_sensitive_value() {
    let value = with(json!({"Name": "toolong", "Secret": "98765432100", "Stage": "qualified"}));
    let errors = value.validate(Policy::Strict).unwrap_err();
    let messages: Vec<(&str, Constraint, &str)> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.constraint, v.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "/Name",
                Constraint::Length,
                "must be at most 5 characters long, found 7"
            ),
            (
                "/Secret",
                Constraint::Length,
                "must be at most 8 characters long, found 11"
            ),
            (
                "/Stage",
                Constraint::Enum,
                "must be one of `Prospect`, `Qualified`, found \"qualified\""
            ),
        ]
    );
    let pattern = with(json!({"Secret": "abcd"}))
        .validate(Policy::Strict)
        .unwrap_err();
    assert_eq!(
        pattern.violations()[0].message,
        "must match the pattern `^(?:[0-9]+)$`, found a sensitive value"
    );
}

#[test]
fn lengths_count_code_points_and_bounds_are_inclusive() {
    // 5 code points, 15 UTF-8 bytes: at the maximum, valid.
    assert_eq!(
        violations(&with(json!({"Name": "東京都大阪"})), Policy::Strict),
        []
    );
    assert_eq!(
        violations(&with(json!({"Name": "東京都大阪市"})), Policy::Strict).len(),
        1
    );
    assert_eq!(
        violations(&with(json!({"Name": ""})), Policy::Strict).len(),
        1
    );
    // The lookahead limit of `Email` counts code points too: 20 is fine, 21 is not.
    assert_eq!(
        violations(
            &with(json!({"Email": "aaaaaaaaaaaaa@bbb.cc"})),
            Policy::Strict
        ),
        []
    );
    assert_eq!(
        violations(
            &with(json!({"Email": "aaaaaaaaaaaaaa@bbb.cc"})),
            Policy::Strict
        )
        .len(),
        1
    );
    for (count, expected) in [(0, 1), (1, 0), (10, 0), (11, 1)] {
        assert_eq!(
            violations(&with(json!({"Count": count})), Policy::Strict).len(),
            expected,
            "{count}"
        );
    }
    for (ratio, expected) in [(0.24, 1), (0.25, 0), (0.75, 0), (0.76, 1)] {
        assert_eq!(
            violations(&with(json!({"Ratio": ratio})), Policy::Strict).len(),
            expected,
            "{ratio}"
        );
    }
}

#[test]
fn patterns_have_ecma_semantics() {
    let bad = |field: &str, value: &str| {
        !violations(&with(json!({ field: value })), Policy::Strict).is_empty()
    };
    assert!(
        bad("AccountId", "12345678901٢"),
        "non-ASCII digits are not \\d"
    );
    assert!(!bad("AccountId", "123456789012"));
    assert!(!bad("Note", "new\nline"), "(?s) lets . match newlines");
    assert!(
        bad("Word", "under_score"),
        "letters, digits and spaces only"
    );
    assert!(!bad("Word", "Ärger über 東京"));
    assert!(bad("Title", "rocket 🚀"), "outside the BMP ranges");
    assert!(!bad("Title", "nbsp\u{a0}ok"));
    assert!(
        bad("Id", "xeng-0123456789abcd"),
        "botocore patterns match the whole value"
    );
}

#[test]
fn a_union_member_the_model_does_not_know_is_a_violation_only_when_strict() {
    let value = with(json!({"Choice": {"Future": 1}}));
    assert_eq!(
        violations(&value, Policy::Strict),
        [("/Choice".into(), "INVALID_VALUE")]
    );
    assert_eq!(violations(&value, Policy::ForwardCompatible), []);
}

#[test]
fn forward_compatible_policy_lets_newer_values_through() {
    let value = with(
        json!({"Name": "toolong", "Stage": "Won", "AccountId": "x", "Count": 11, "Contacts": []}),
    );
    assert_eq!(violations(&value, Policy::Strict).len(), 5);
    // Only `min` (here the empty list) is still checked.
    assert_eq!(
        violations(&value, Policy::ForwardCompatible),
        [("/Contacts".into(), "NOT_ENOUGH_VALUES")]
    );
}

#[test]
fn real_models_report_paths_through_nested_structures_lists_and_unions() {
    use partnercentral::selling::CreateOpportunityRequest;
    let request: CreateOpportunityRequest = serde_json::from_value(json!({
        "Catalog": "AWS-1",
        "ClientToken": "",
        "Customer": {"Account": {"CompanyName": "x".repeat(121), "WebsiteUrl": "x.y", "Address": {"CountryCode": "XX"}},
                     "Contacts": [{"Email": "not an email", "FirstName": "A", "LastName": "B", "BusinessTitle": "C"}]},
        "Origin": "Partner Referral",
        "OpportunityType": "Net New Business",
        "PrimaryNeedsFromAws": ["Co-Sell - Architectural Validation", "co-sell - support for public tender / rfx"]
    }))
    .unwrap();
    let found = violations(&request, Policy::Strict);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    for expected in [
        "/Catalog",
        "/ClientToken",
        "/Customer/Account/CompanyName",
        "/Customer/Account/WebsiteUrl",
        "/Customer/Account/Address/CountryCode",
        "/Customer/Contacts/0/Email",
        "/PrimaryNeedsFromAws/1",
    ] {
        assert!(paths.contains(&expected), "{expected} not in {found:?}");
    }
    assert!(found.contains(&("/PrimaryNeedsFromAws/1".into(), "INVALID_ENUM_VALUE")));
    assert!(found.contains(&(
        "/Customer/Account/Address/CountryCode".into(),
        "INVALID_ENUM_VALUE"
    )));
}

#[test]
fn absent_required_members_are_reported_once() {
    use partnercentral::account::ConnectionTypeDetail;
    let detail: ConnectionTypeDetail =
        serde_json::from_value(json!({"InviterEmail": "e@x.io", "Status": "ACTIVE"})).unwrap();
    let found = violations(&detail, Policy::Strict);
    assert_eq!(
        found,
        [
            ("/CreatedAt".into(), "REQUIRED_FIELD_MISSING"),
            ("/InviterName".into(), "REQUIRED_FIELD_MISSING"),
            ("/OtherParticipant".into(), "REQUIRED_FIELD_MISSING"),
        ]
    );
    assert!(
        found
            .iter()
            .all(|(_, code)| *code != ViolationCode::InvalidStringFormat.as_str())
    );
}
