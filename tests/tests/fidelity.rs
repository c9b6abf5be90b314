//! Regression tests for what independent clients and botocore's recorded documents found
//! (issue 9): each fails on the code before its fix.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use awsgen_runtime::protocol::{ErrorResponse, parse_error};
use awsgen_runtime::{ErrorShape, Operation, OperationVisitor, Policy, Structure, Validate};
use partnercentral::{account, selling};
use serde_json::{Value, json};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The request bodies botocore 1.44.5 sent, recorded in `tests/vectors/`, by operation.
fn recorded_requests(service: &str) -> BTreeMap<String, Vec<Value>> {
    let path = root().join(format!("tests/vectors/{service}.json"));
    let vectors: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut by_operation: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for request in vectors["requests"].as_array().unwrap() {
        let operation = request["operation"].as_str().unwrap().to_owned();
        by_operation
            .entry(operation)
            .or_default()
            .push(request["body"].clone());
    }
    by_operation
}

fn paths(errors: Result<(), awsgen_runtime::ValidationErrors>) -> Vec<(String, String)> {
    match errors {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .violations()
            .iter()
            .map(|v| (v.path.clone(), v.code.as_str().to_owned()))
            .collect(),
    }
}

/// For every operation with an idempotency token: botocore's recorded request without its
/// `ClientToken` is read, the token is filled as the client fills it, and then the request
/// validates under both policies and is encoded with the token.
struct TokenOperations<'a> {
    requests: &'a BTreeMap<String, Vec<Value>>,
    checked: Vec<&'static str>,
    required: usize,
}

impl OperationVisitor for TokenOperations<'_> {
    fn visit<O: Operation>(&mut self) {
        if !O::HAS_IDEMPOTENCY_TOKEN {
            return;
        }
        let bodies = self
            .requests
            .get(O::NAME)
            .unwrap_or_else(|| panic!("no recorded request of {}", O::NAME));
        for body in bodies {
            let mut body = body.clone();
            body.as_object_mut().unwrap().remove("ClientToken");
            let mut input: O::Input = serde_json::from_value(body.clone()).unwrap();
            let absent = input.absent_required_members().contains(&"ClientToken");
            if absent {
                // Read without it, a required token is missing...
                assert!(
                    paths(input.validate(Policy::ForwardCompatible))
                        .contains(&("/ClientToken".into(), "REQUIRED_FIELD_MISSING".into())),
                    "{}",
                    O::NAME
                );
                self.required += 1;
            }
            // ...until the client fills it.
            O::fill_idempotency_token(&mut input, &mut || "token-from-the-client".to_owned());
            assert!(
                input.absent_required_members().is_empty(),
                "{}: {:?}",
                O::NAME,
                input.absent_required_members()
            );
            for policy in [Policy::ForwardCompatible, Policy::Strict] {
                let found = paths(input.validate(policy));
                assert!(
                    !found.iter().any(|(path, _)| path == "/ClientToken"),
                    "{} {policy:?}: {found:?}",
                    O::NAME
                );
            }
            let encoded = awsgen_runtime::protocol::client::encode_request::<O>(&input).unwrap();
            let sent: Value = serde_json::from_slice(&encoded.body).unwrap();
            assert_eq!(sent["ClientToken"], "token-from-the-client", "{}", O::NAME);
        }
        self.checked.push(O::NAME);
    }
}

#[test]
fn a_required_token_read_as_absent_is_present_once_filled() {
    let mut total = 0;
    let mut required = 0;
    for service in ["partnercentral-selling", "partnercentral-account"] {
        let requests = recorded_requests(service);
        let mut visitor = TokenOperations {
            requests: &requests,
            checked: Vec::new(),
            required: 0,
        };
        if service.ends_with("selling") {
            selling::operations::visit_operations(&mut visitor);
        } else {
            account::operations::visit_operations(&mut visitor);
        }
        total += visitor.checked.len();
        required += visitor.required;
    }
    // 23 operations have a token; botocore's recorded requests of 15 of them
    // (several cases each) hold a required one.
    assert_eq!(total, 23);
    assert!(required >= 15, "{required}");
}

#[test]
fn assigning_a_required_member_after_reading_makes_it_present() {
    let mut request: selling::CreateEngagementRequest =
        serde_json::from_value(json!({"Catalog": "AWS", "Title": "t", "Description": "d"}))
            .unwrap();
    assert_eq!(request.absent_required_members(), ["ClientToken"]);
    request.client_token = "caller-token".into();
    assert!(request.absent_required_members().is_empty());
    assert!(
        !paths(request.validate(Policy::Strict))
            .iter()
            .any(|(path, _)| path == "/ClientToken")
    );

    // A nested required structure, assigned after reading: present too.
    let mut detail: account::ConnectionTypeDetail =
        serde_json::from_value(json!({"InviterEmail": "e@x.io", "Status": "ACTIVE"})).unwrap();
    assert_eq!(
        detail.absent_required_members(),
        ["CreatedAt", "InviterName", "OtherParticipant"]
    );
    detail.inviter_name = "Inviter".into();
    detail.created_at = "2025-01-01T00:00:00Z".parse().unwrap();
    // Left at its zero value, a member read as absent is still missing.
    assert_eq!(detail.absent_required_members(), ["OtherParticipant"]);
}

#[test]
fn a_string_failing_its_length_is_also_checked_against_its_pattern() {
    // Account's `Catalog`: `[a-zA-Z0-9-]+`, length 1..64. `""` fails both.
    let request = account::GetConnectionRequest::builder()
        .catalog("")
        .identifier("conn-1234567890123")
        .build()
        .unwrap();
    let at_catalog = |request: &account::GetConnectionRequest| -> Vec<_> {
        let found = request.validate(Policy::Strict).unwrap_err();
        found
            .violations()
            .iter()
            .filter(|v| v.path == "/Catalog")
            .map(|v| v.constraint)
            .collect()
    };
    let both = [
        awsgen_runtime::validate::Constraint::Length,
        awsgen_runtime::validate::Constraint::Pattern,
    ];
    assert_eq!(at_catalog(&request), both);
    // Too long and of the wrong characters: both again.
    let mut request = request;
    request.catalog = "!".repeat(65);
    assert_eq!(at_catalog(&request), both);
}

/// Both readers of an error message follow botocore's rule: `message`, then `Message`
/// (then `errorMessage`), whatever the order of the keys in the body.
#[test]
fn error_messages_are_read_by_one_rule() {
    for (body, expected) in [
        (r#"{"message": "lower", "Message": "upper"}"#, "lower"),
        (r#"{"Message": "upper", "message": "lower"}"#, "lower"),
        (r#"{"Message": "upper", "errorMessage": "other"}"#, "upper"),
        (r#"{"errorMessage": "other", "Message": "upper"}"#, "upper"),
        (r#"{"message": null, "Message": "upper"}"#, "upper"),
        (r#"{"errorMessage": "other"}"#, "other"),
    ] {
        let parsed = parse_error(404, Some("ResourceNotFoundException"), body.as_bytes());
        assert_eq!(parsed.message.as_deref(), Some(expected), "{body}");
        let modeled: selling::ResourceNotFoundException = serde_json::from_str(body).unwrap();
        assert_eq!(modeled.message(), Some(expected), "{body}");
        let modeled: account::ResourceNotFoundException = serde_json::from_str(body).unwrap();
        assert_eq!(modeled.message(), Some(expected), "{body}");
        // And through the operation's error enum, as a client reads it.
        let response = ErrorResponse {
            status: 404,
            code: Some("ResourceNotFoundException".into()),
            message: parsed.message.clone(),
            body: body.as_bytes().to_vec(),
            headers: Vec::new(),
        };
        let error = <selling::operations::GetOpportunityError as awsgen_runtime::OperationError>::from_response(response);
        assert!(error.to_string().ends_with(expected), "{error}");
    }
}

/// The statuses of the Smithy models' `@httpError`, drawn into the botocore models.
#[test]
fn modeled_errors_carry_the_status_aws_answers_with() {
    assert_eq!(selling::ResourceNotFoundException::HTTP_STATUS, 404);
    assert_eq!(selling::ConflictException::HTTP_STATUS, 409);
    assert_eq!(selling::AccessDeniedException::HTTP_STATUS, 403);
    assert_eq!(selling::ThrottlingException::HTTP_STATUS, 429);
    assert_eq!(selling::ServiceQuotaExceededException::HTTP_STATUS, 402);
    assert_eq!(selling::InternalServerException::HTTP_STATUS, 500);
    assert_eq!(selling::ValidationException::HTTP_STATUS, 400);
    assert_eq!(account::ResourceNotFoundException::HTTP_STATUS, 404);
    assert_eq!(account::ConflictException::HTTP_STATUS, 409);
    assert_eq!(account::ThrottlingException::HTTP_STATUS, 429);
}

/// A dispatcher's `ValidationException` names every failing field and constraint in its
/// message, and its entries name fields as JSON pointers, in both services' layouts.
#[test]
fn validation_failures_name_their_fields() {
    let request = selling::GetOpportunityRequest::builder()
        .catalog("")
        .identifier("not-an-id")
        .build()
        .unwrap();
    let errors = request.validate(Policy::Strict).unwrap_err();
    let response = selling::server::validation_failed(&errors);
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    let message = body["Message"].as_str().unwrap();
    assert!(
        message.starts_with("2 validation errors detected: /Catalog must match the pattern `^(?:[a-zA-Z]+)$`, found \"\"; /Identifier must match the pattern"),
        "{message}"
    );
    let fields: Vec<&str> = body["ErrorList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["FieldName"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["/Catalog", "/Identifier"]);

    let request = account::GetConnectionRequest::builder()
        .catalog("")
        .identifier("not-a-connection")
        .build()
        .unwrap();
    let errors = request.validate(Policy::Strict).unwrap_err();
    let response = account::server::validation_failed(&errors);
    let body: Value = serde_json::from_slice(&response.body).unwrap();
    assert!(
        body["Message"]
            .as_str()
            .unwrap()
            .starts_with("3 validation errors detected: /Catalog must be at least 1 character long, found 0; /Catalog must match the pattern `^(?:[a-zA-Z0-9-]+)$`, found \"\"; /Identifier must match the pattern"),
        "{body}"
    );
    let names: Vec<&str> = body["ErrorDetails"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["FieldValidationError"]["Name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["/Catalog", "/Catalog", "/Identifier"]);
}

/// A message stays bounded however large the invalid values.
#[test]
fn validation_messages_are_bounded() {
    let huge = "x".repeat(100_000);
    let identifiers: Vec<String> = (0..20).map(|_| huge.clone()).collect();
    let request = selling::ListOpportunitiesRequest::builder()
        .catalog("AWS")
        .set_identifier(Some(identifiers))
        .build()
        .unwrap();
    let errors = request.validate(Policy::Strict).unwrap_err();
    let summary = errors.summary();
    assert!(
        summary.starts_with("20 validation errors detected: /Identifier/0 must match"),
        "{summary}"
    );
    assert!(summary.ends_with("; and 10 more"), "{summary}");
    assert!(summary.chars().count() < 2_600, "{}", summary.len());
}

/// Every doc line the generator writes itself is Markdown as written: no backslash-escaped
/// backticks (the models' own documentation has no backticks, so any escaped one would be
/// the generator's).
#[test]
fn generated_docs_have_no_escaped_backticks() {
    for model in [
        "models/partnercentral-selling/2022-07-26/service-2.json",
        "models/partnercentral-account/2025-04-04/service-2.json",
    ] {
        let text = std::fs::read_to_string(root().join(model)).unwrap();
        let model_json: Value = serde_json::from_str(&text).unwrap();
        assert!(
            !documentation_has_backtick(&model_json),
            "{model} has a backtick in its own documentation"
        );
    }
    let mut checked = 0;
    for dir in ["generated/src/selling", "generated/src/account"] {
        for entry in std::fs::read_dir(root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (n, line) in text.lines().enumerate() {
                let doc = line.trim_start();
                if doc.starts_with("///") || doc.starts_with("//!") {
                    checked += 1;
                    assert!(!doc.contains("\\`"), "{}:{}: {line}", path.display(), n + 1);
                }
            }
        }
    }
    assert!(checked > 5_000, "{checked}");
}

fn documentation_has_backtick(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, value)| {
            (key == "documentation" && value.as_str().is_some_and(|d| d.contains('`')))
                || documentation_has_backtick(value)
        }),
        Value::Array(items) => items.iter().any(documentation_has_backtick),
        _ => false,
    }
}
