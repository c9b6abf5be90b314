//! A malformed model gets a clear error naming the file and the shape, never a panic.

use std::path::PathBuf;

/// Writes `service-2.json` with `shapes` into a fresh directory and lowers it.
fn lower(name: &str, shapes: serde_json::Value) -> Result<codegen::ir::Service, String> {
    let dir = std::env::temp_dir().join(format!("awsgen-bad-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = serde_json::json!({
        "metadata": {
            "apiVersion": "2024-01-01", "endpointPrefix": "bad", "protocol": "json",
            "jsonVersion": "1.0", "serviceFullName": "Bad", "targetPrefix": "Bad"
        },
        "operations": {},
        "shapes": shapes,
    });
    std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
    let result = codegen::pipeline::load_botocore(&dir).map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
    result
}

fn error(name: &str, shapes: serde_json::Value) -> String {
    lower(name, shapes).expect_err("the model is malformed")
}

#[test]
fn a_member_targeting_a_missing_shape_names_shape_and_member() {
    let message = error(
        "target",
        serde_json::json!({"Thing": {"type": "structure", "members": {"Owner": {"shape": "Nobody"}}}}),
    );
    assert!(
        message.contains("service-2.json: shape `Thing`"),
        "{message}"
    );
    assert!(
        message.contains("member `Owner` targets `Nobody`"),
        "{message}"
    );
}

#[test]
fn an_unknown_shape_type_is_named() {
    let message = error("type", serde_json::json!({"Odd": {"type": "tensor"}}));
    assert!(
        message.contains("shape `Odd`: unknown shape type `tensor`"),
        "{message}"
    );
}

#[test]
fn required_names_a_member_that_does_not_exist() {
    let message = error(
        "required",
        serde_json::json!({"Thing": {"type": "structure", "required": ["Id"], "members": {}}}),
    );
    assert!(message.contains("`required` names `Id`"), "{message}");
}

#[test]
fn a_list_without_member_and_a_bad_timestamp_format_are_errors() {
    assert!(
        error("list", serde_json::json!({"L": {"type": "list"}}))
            .contains("shape `L`: list has no `member`")
    );
    let message = error(
        "ts",
        serde_json::json!({"T": {"type": "timestamp", "timestampFormat": "julian"}}),
    );
    assert!(
        message.contains("shape `T`: unknown timestampFormat `julian`"),
        "{message}"
    );
}

#[test]
fn malformed_json_names_the_file_and_the_json_path() {
    let message = error(
        "json",
        serde_json::json!({"Thing": {"type": "structure", "members": {"A": {"shape": 7}}}}),
    );
    assert!(
        message.contains("service-2.json: malformed model at `shapes.Thing.members.A.shape`"),
        "{message}"
    );
}

#[test]
fn a_missing_model_file_is_named() {
    let message = codegen::pipeline::load_botocore(&PathBuf::from("/nonexistent/dir"))
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("/nonexistent/dir/service-2.json"),
        "{message}"
    );
}

#[test]
fn a_pattern_that_cannot_compile_is_left_unchecked_with_a_warning_naming_it() {
    // One unreadable pattern does not block a whole service: the check is left out, the
    // warning names the file and the shape, and the docs say so.
    let service = lower(
        "pattern",
        serde_json::json!({"Id": {"type": "string", "pattern": "[a-"}}),
    )
    .unwrap();
    let [warning] = service.warnings.as_slice() else {
        panic!("{:?}", service.warnings);
    };
    assert!(
        warning.contains("service-2.json: shape `Id`: pattern `[a-` is not checked:"),
        "{warning}"
    );
    let pattern = service.shapes["Id"].constraints.pattern.as_ref().unwrap();
    assert!(pattern.unchecked.is_some());
}

/// Writes a Smithy JSON AST with `shapes` and lowers it.
fn smithy_error(name: &str, shapes: serde_json::Value) -> String {
    let dir = std::env::temp_dir().join(format!("awsgen-bad-smithy-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("model.json");
    let mut all = serde_json::json!({
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Op"}],
                   "traits": {"aws.protocols#awsJson1_0": {}}},
        "ex#Op": {"type": "operation", "input": {"target": "ex#In"}},
        "ex#In": {"type": "structure", "members": {}},
    });
    for (id, shape) in shapes.as_object().unwrap() {
        all[id] = shape.clone();
    }
    std::fs::write(
        &file,
        serde_json::json!({"smithy": "2.0", "shapes": all}).to_string(),
    )
    .unwrap();
    let result = codegen::pipeline::load_model(&file)
        .map(|_| ())
        .map_err(|e| e.to_string());
    std::fs::remove_dir_all(&dir).unwrap();
    result.expect_err("the model is malformed")
}

#[test]
fn smithy_unknown_shape_type_names_file_and_shape() {
    let message = smithy_error("type", serde_json::json!({"ex#Odd": {"type": "tensor"}}));
    assert!(
        message.contains("model.json: shape `ex#Odd`: unknown shape type `tensor`"),
        "{message}"
    );
}

#[test]
fn smithy_target_that_does_not_resolve_is_named() {
    let message = smithy_error(
        "target",
        serde_json::json!({"ex#In": {"type": "structure", "members": {"A": {"target": "ex#Missing"}}}}),
    );
    assert!(
        message.contains("shape `ex#In`: member `A` targets `ex#Missing`, which does not resolve"),
        "{message}"
    );
}

#[test]
fn smithy_mixin_cycle_is_named() {
    let message = smithy_error(
        "mixins",
        serde_json::json!({
            "ex#A": {"type": "structure", "members": {}, "mixins": [{"target": "ex#B"}], "traits": {"smithy.api#mixin": {}}},
            "ex#B": {"type": "structure", "members": {}, "mixins": [{"target": "ex#A"}], "traits": {"smithy.api#mixin": {}}},
        }),
    );
    assert!(message.contains("mixin cycle"), "{message}");
    assert!(
        message.contains("shape `ex#A`") || message.contains("shape `ex#B`"),
        "{message}"
    );
}

#[test]
fn smithy_trait_of_the_wrong_shape_is_named() {
    let message = smithy_error(
        "trait",
        serde_json::json!({"ex#Name": {"type": "string", "traits": {"smithy.api#length": "long"}}}),
    );
    assert!(
        message.contains("shape `ex#Name`: smithy.api#length must be an object"),
        "{message}"
    );
    let message = smithy_error(
        "pattern",
        serde_json::json!({"ex#Name": {"type": "string", "traits": {"smithy.api#pattern": 7}}}),
    );
    assert!(
        message.contains("shape `ex#Name`: pattern must be a string"),
        "{message}"
    );
}

#[test]
fn smithy_unknown_traits_are_ignored() {
    let message = smithy_error(
        "unknown-trait",
        serde_json::json!({
            "ex#In": {"type": "structure", "members": {"A": {"target": "smithy.api#String", "traits": {"vendor#whatever": [1, 2]}}},
                      "traits": {"vendor#shapeTrait": {"x": 1}}},
            "ex#Odd": {"type": "tensor"},
        }),
    );
    // Only the unknown shape type fails; the unknown traits before it did not.
    assert!(message.contains("unknown shape type `tensor`"), "{message}");
}

/// A facts file (Smithy `apply` statements drawn from a Smithy model, see `ir::facts`) that
/// does not fit the botocore model is refused, naming the facts file and the statement.
#[test]
fn facts_that_do_not_fit_the_model_are_refused() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/models");
    let service =
        codegen::pipeline::load_model(&fixtures.join("error-shapes/service-2.json")).unwrap();
    let file = std::path::Path::new("facts.json");
    let apply = |shapes: serde_json::Value| -> Result<codegen::ir::Service, String> {
        let model: codegen::model::smithy::Model =
            serde_json::from_value(serde_json::json!({"smithy": "2.0", "shapes": shapes})).unwrap();
        let mut service = service.clone();
        codegen::ir::facts::apply_facts(file, &mut service, &model)
            .map(|()| service)
            .map_err(|e| e.to_string())
    };
    let applied = apply(serde_json::json!({
        "ns#NotFound": {"type": "apply", "traits": {"smithy.api#httpError": 404}}
    }))
    .unwrap();
    let error = applied.shapes["NotFound"].error.as_ref().unwrap();
    assert_eq!(error.http_status, Some(404));
    for (shapes, expected) in [
        (
            serde_json::json!({"ns#Gone": {"type": "apply", "traits": {"smithy.api#httpError": 404}}}),
            "facts.json: shape `ns#Gone`: the botocore model has no shape `Gone`",
        ),
        (
            serde_json::json!({"ns#Text": {"type": "apply", "traits": {"smithy.api#httpError": 404}}}),
            "shape `ns#Text`: `httpError` applied to a shape that is not an error",
        ),
        (
            serde_json::json!({"ns#Teapot": {"type": "apply", "traits": {"smithy.api#httpError": 400}}}),
            "`httpError` 400 contradicts the botocore model's status 418",
        ),
        (
            serde_json::json!({"ns#NotFound": {"type": "apply", "traits": {"smithy.api#httpError": 200}}}),
            "`httpError` must be 400 to 599, found 200",
        ),
        (
            serde_json::json!({"ns#NotFound": {"type": "apply", "traits": {"smithy.api#sensitive": {}}}}),
            "`smithy.api#sensitive` is not a trait drawn from Smithy here",
        ),
        (
            serde_json::json!({"ns#FailRequest$Nope": {"type": "apply", "traits": {"smithy.api#default": 1}}}),
            "shape `ns#FailRequest$Nope`: the botocore model has no member `Nope`",
        ),
        (
            serde_json::json!({"NotFound": {"type": "apply", "traits": {}}}),
            "not an absolute shape id",
        ),
        (
            serde_json::json!({"ns#NotFound": {"type": "structure"}}),
            "a facts file holds only `apply` statements, found `structure`",
        ),
    ] {
        let message = apply(shapes).unwrap_err();
        assert!(message.contains(expected), "{message}");
    }
}
