//! Waiter models: a malformed `waiters-2.json` (or `@smithy.waiters#waitable`) is refused
//! with the file and the JSON path, never a panic; both formats lower to the same waiter,
//! with expressions translated to wire names.

use std::path::{Path, PathBuf};

use codegen::ir::waiters::{AcceptorState, Comparison, Expected, Matcher};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/models")
        .join(name)
}

/// The rest-json fixture's model with `waiters` as its `waiters-2.json`, lowered.
fn lower_with(name: &str, waiters: serde_json::Value) -> Result<codegen::ir::Service, String> {
    let dir = std::env::temp_dir().join(format!("awsgen-waiters-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        fixture("rest-json").join("service-2.json"),
        dir.join("service-2.json"),
    )
    .unwrap();
    std::fs::write(dir.join("waiters-2.json"), waiters.to_string()).unwrap();
    let result = codegen::pipeline::load_botocore(&dir).map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

fn one_acceptor(acceptor: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"version": 2, "waiters": {"W": {
        "operation": "GetThing", "delay": 1, "maxAttempts": 2, "acceptors": [acceptor]
    }}})
}

fn refused(name: &str, waiters: serde_json::Value) -> String {
    lower_with(name, waiters).expect_err("the waiters are malformed")
}

#[test]
fn unknown_matchers_and_states_are_refused_with_file_and_path() {
    let message = refused(
        "matcher",
        one_acceptor(
            serde_json::json!({"matcher": "pathEvery", "argument": "a", "expected": "x", "state": "success"}),
        ),
    );
    assert!(
        message.contains("waiters-2.json: malformed model at `waiters.W.acceptors[0].matcher`"),
        "{message}"
    );
    assert!(message.contains("unknown variant `pathEvery`"), "{message}");
    let message = refused(
        "state",
        one_acceptor(
            serde_json::json!({"matcher": "path", "argument": "a", "expected": "x", "state": "done"}),
        ),
    );
    assert!(
        message.contains("`waiters.W.acceptors[0].state`"),
        "{message}"
    );
    let message = refused("shape", serde_json::json!({"waiters": []}));
    assert!(
        message.contains("waiters-2.json: malformed model at `waiters`"),
        "{message}"
    );
}

#[test]
fn bad_acceptors_are_refused() {
    for (name, acceptor, wanted) in [
        (
            "no-argument",
            serde_json::json!({"matcher": "path", "expected": "x", "state": "success"}),
            "needs an `argument`",
        ),
        (
            "status",
            serde_json::json!({"matcher": "status", "expected": "404", "state": "success"}),
            "expects an HTTP status",
        ),
        (
            "error",
            serde_json::json!({"matcher": "error", "expected": 3, "state": "success"}),
            "error code or a boolean",
        ),
        (
            "expected",
            serde_json::json!({"matcher": "path", "argument": "a", "expected": [1], "state": "success"}),
            "string, boolean or number",
        ),
        (
            "jmespath",
            serde_json::json!({"matcher": "path", "argument": "Parts[?Name ==", "expected": "x", "state": "success"}),
            "JMESPath expression `Parts[?Name ==` does not parse: at byte 14",
        ),
        (
            "function",
            serde_json::json!({"matcher": "path", "argument": "size(Parts)", "expected": 1, "state": "success"}),
            "unknown function `size()`",
        ),
    ] {
        let message = refused(name, one_acceptor(acceptor));
        assert!(message.contains("waiters-2.json"), "{name}: {message}");
        assert!(
            message.contains("waiters.W.acceptors[0]"),
            "{name}: {message}"
        );
        assert!(message.contains(wanted), "{name}: {message}");
    }
    let message = refused(
        "operation",
        serde_json::json!({"waiters": {"W": {"operation": "Nope", "delay": 1, "maxAttempts": 1, "acceptors": []}}}),
    );
    assert!(
        message.contains("`waiters.W.operation`: waiter `W` polls `Nope`"),
        "{message}"
    );
}

#[test]
fn paths_are_translated_to_wire_names_and_unknown_names_warned() {
    let service = lower_with(
        "translate",
        one_acceptor(serde_json::json!({
            "matcher": "pathAny",
            "argument": "Parts[?Count > `1`].Name || Thing.\"Name\" || Thing.Nickname",
            "expected": "x",
            "state": "failure"
        })),
    )
    .unwrap();
    let waiter = &service.waiters[0];
    assert_eq!(waiter.max_attempts, Some(2));
    assert_eq!((waiter.min_delay, waiter.max_delay), (1, 1));
    let Matcher::Path {
        wire_expression,
        comparison,
        ..
    } = &waiter.acceptors[0].matcher
    else {
        panic!("a path matcher")
    };
    assert_eq!(
        wire_expression,
        "Parts[?Count > `1`].name || Thing.name || Thing.Nickname"
    );
    assert_eq!(*comparison, Comparison::AnyEqual);
    assert_eq!(service.warnings.len(), 1, "{:?}", service.warnings);
    assert!(
        service.warnings[0].contains("names `Nickname`, which `Thing` does not have"),
        "{}",
        service.warnings[0]
    );
}

/// The Smithy form of the fixture's `ThingReady` waiter (minus the status matcher, which
/// Smithy does not have) lowers to the same acceptors as botocore's.
#[test]
fn smithy_waitable_lowers_like_botocore() {
    let dir = std::env::temp_dir().join(format!("awsgen-waitable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = |p: &str, expected: &str, comparator: &str, state: &str| serde_json::json!({"state": state, "matcher": {"output": {"path": p, "expected": expected, "comparator": comparator}}});
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "example.fixture#Things": {
                "type": "service", "version": "2024-01-01",
                "operations": [{"target": "example.fixture#GetThing"}],
                "traits": {"aws.protocols#awsJson1_0": {}, "smithy.api#title": "Things"}
            },
            "example.fixture#GetThing": {
                "type": "operation",
                "input": {"target": "example.fixture#GetThingInput"},
                "output": {"target": "example.fixture#GetThingOutput"},
                "traits": {"smithy.waiters#waitable": {"ThingReady": {
                    "documentation": "Wait until every part is ready.",
                    "minDelay": 3,
                    "acceptors": [
                        path("Parts[].Name", "ready", "allStringEquals", "success"),
                        path("Parts[].Name", "failed", "anyStringEquals", "failure"),
                        path("length(Parts) > `9`", "true", "booleanEquals", "failure"),
                        {"state": "retry", "matcher": {"errorType": "example.fixture#ThingNotFound"}},
                        {"state": "success", "matcher": {"success": false}},
                        {"state": "retry", "matcher": {"inputOutput": {"path": "input.Id == output.Id", "expected": "true", "comparator": "booleanEquals"}}},
                    ]
                }}}
            },
            "example.fixture#GetThingInput": {"type": "structure", "members": {"Id": {"target": "smithy.api#String"}}},
            "example.fixture#GetThingOutput": {"type": "structure", "members": {
                "Id": {"target": "smithy.api#String"},
                "Parts": {"target": "example.fixture#Parts"}
            }},
            "example.fixture#Parts": {"type": "list", "member": {"target": "example.fixture#Part"}},
            "example.fixture#Part": {"type": "structure", "members": {
                "Name": {"target": "smithy.api#String"}
            }}
        }
    });
    let file = dir.join("smithy.json");
    std::fs::write(&file, model.to_string()).unwrap();
    let service = codegen::pipeline::load_model(&file);
    std::fs::remove_dir_all(&dir).unwrap();
    let service = service.unwrap();
    let waiter = &service.waiters[0];
    assert_eq!(waiter.name, "ThingReady");
    assert_eq!(waiter.operation, "GetThing");
    assert_eq!(
        (waiter.min_delay, waiter.max_delay, waiter.max_attempts),
        (3, 120, None)
    );
    let states: Vec<AcceptorState> = waiter.acceptors.iter().map(|a| a.state).collect();
    assert_eq!(
        states,
        [
            AcceptorState::Success,
            AcceptorState::Failure,
            AcceptorState::Failure,
            AcceptorState::Retry,
            AcceptorState::Success,
            AcceptorState::Retry,
        ]
    );
    match &waiter.acceptors[2].matcher {
        Matcher::Path {
            expected: Expected::Bool(true),
            comparison: Comparison::Equals,
            ..
        } => {}
        other => panic!("booleanEquals: {other:?}"),
    }
    let wire: Vec<&str> = waiter
        .acceptors
        .iter()
        .filter_map(|a| match &a.matcher {
            Matcher::Path {
                wire_expression, ..
            } => Some(wire_expression.as_str()),
            _ => None,
        })
        .collect();
    // Every member of this awsJson model travels under its name: nothing to translate.
    assert_eq!(
        wire,
        [
            "Parts[].Name",
            "Parts[].Name",
            "length(Parts) > `9`",
            "input.Id == output.Id"
        ]
    );
    assert_eq!(
        waiter.acceptors[3].matcher,
        Matcher::ErrorCode("example.fixture#ThingNotFound".to_owned())
    );
    assert_eq!(waiter.acceptors[4].matcher, Matcher::Success(false));
}

#[test]
fn a_malformed_waitable_trait_names_the_operation_and_path() {
    let dir = std::env::temp_dir().join(format!("awsgen-badwaitable-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "example.fixture#Things": {
                "type": "service", "version": "2024-01-01",
                "operations": [{"target": "example.fixture#GetThing"}],
                "traits": {"aws.protocols#awsJson1_0": {}}
            },
            "example.fixture#GetThing": {
                "type": "operation",
                "traits": {"smithy.waiters#waitable": {"W": {"acceptors": [
                    {"state": "success", "matcher": {"output": {"path": "a", "expected": "x", "comparator": "numberEquals"}}}
                ]}}}
            }
        }
    });
    let file = dir.join("smithy.json");
    std::fs::write(&file, model.to_string()).unwrap();
    let message = codegen::pipeline::load_model(&file)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        message
            .contains("GetThing: smithy.waiters#waitable.W.acceptors[0].matcher.output.comparator"),
        "{message}"
    );
    assert!(
        message.contains("unknown variant `numberEquals`"),
        "{message}"
    );
}

/// botocore names an operation by its key in `operations`, which may differ from its `name`
/// (cloudfront's `GetDistribution` is `GetDistribution2020_05_31`); waiters use the key.
#[test]
fn a_waiter_names_its_operation_by_key() {
    let dir = std::env::temp_dir().join(format!("awsgen-waiter-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(fixture("rest-json").join("service-2.json")).unwrap();
    let mut model: serde_json::Value = serde_json::from_str(&text).unwrap();
    model["operations"]["GetThing"]["name"] = "GetThing2024_01_01".into();
    std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
    std::fs::copy(
        fixture("rest-json").join("waiters-2.json"),
        dir.join("waiters-2.json"),
    )
    .unwrap();
    let service = codegen::pipeline::load_botocore(&dir);
    std::fs::remove_dir_all(&dir).unwrap();
    let service = service.unwrap();
    assert_eq!(service.waiters.len(), 2);
    assert!(
        service
            .waiters
            .iter()
            .all(|w| w.operation == "GetThing2024_01_01")
    );
}
