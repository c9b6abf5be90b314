//! Hand-written usage of the fixtures crate: every shape type on the wire, keywords,
//! collisions, recursion, error shapes, awkward enum values.

use awsgen_fixtures::{
    collisions, enum_values, error_shapes, keywords, recursion, shape_types, structure_members,
};
use awsgen_runtime::{BigNumber, ErrorFault, ErrorShape, Structure};
use serde_json::json;

#[test]
fn every_shape_type_round_trips_in_its_wire_form() {
    let wire = json!({
        "Blob": "aGVsbG8=", "Boolean": true, "Byte": -8, "Short": 300, "Integer": 5,
        "Long": 9007199254740993i64, "Float": 1.5, "Double": "-Infinity",
        "BigInteger": 123456789012345678901234567890u128.to_string(), "BigDecimal": 0.1,
        "EpochSeconds": 1700000000.5, "DateTime": "2023-11-14T22:13:20Z",
        "HttpDate": "Tue, 14 Nov 2023 22:13:20 GMT", "Overridden": "2023-11-14T22:13:20Z",
        "Document": {"free": ["form", 1, null, {"x": true}]},
        "Strings": ["a", null, "b"], "SparseStrings": ["a", null],
        "Counts": {"a": 1, "b": null}, "SparseCounts": {"a": null},
        "Nested": [["2023-11-14T22:13:20Z"], []], "Blobs": ["AA=="],
        "Times": {"t": "Tue, 14 Nov 2023 22:13:20 GMT"}
    });
    let value: shape_types::Everything = serde_json::from_value(wire).unwrap();
    assert_eq!(value.blob.as_deref(), Some(&b"hello"[..]));
    assert_eq!(value.long, Some(9007199254740993));
    assert_eq!(value.double, Some(f64::NEG_INFINITY));
    assert_eq!(
        value.big_integer,
        BigNumber::parse("123456789012345678901234567890")
    );
    assert_eq!(
        value.strings.as_deref(),
        Some(&["a".to_owned(), "b".to_owned()][..]),
        "dense: nulls dropped"
    );
    assert_eq!(
        value.sparse_strings,
        Some(vec![Some("a".to_owned()), None]),
        "sparse: nulls kept"
    );
    assert_eq!(value.counts.as_ref().unwrap().len(), 1);
    assert_eq!(value.sparse_counts.as_ref().unwrap()["a"], None);

    let written = serde_json::to_value(&value).unwrap();
    assert_eq!(written["EpochSeconds"], json!(1700000000.5));
    assert_eq!(written["HttpDate"], "Tue, 14 Nov 2023 22:13:20 GMT");
    assert_eq!(
        written["Overridden"], "2023-11-14T22:13:20Z",
        "member timestampFormat wins"
    );
    assert_eq!(
        written["BigInteger"], "123456789012345678901234567890",
        "too big for a JSON number here"
    );
    assert_eq!(
        written["Document"],
        json!({"free": ["form", 1, null, {"x": true}]})
    );
    assert_eq!(written["SparseStrings"], json!(["a", null]));
    assert_eq!(written["Double"], "-Infinity");
    let again: shape_types::Everything = serde_json::from_value(written).unwrap();
    assert_eq!(again, value);
}

#[test]
fn keywords_and_reserved_names_are_escaped() {
    let value: keywords::Loop =
        serde_json::from_value(json!({"Type": "t", "Self": "s", "Match": "m", "Crate": "c"}))
            .unwrap();
    assert_eq!(value.r#type, "t");
    assert_eq!(value.self_.as_deref(), Some("s"));
    assert_eq!(value.r#match.as_deref(), Some("m"));
    assert_eq!(value.crate_.as_deref(), Some("c"));
    let _renamed: keywords::SelfValue = keywords::SelfValue::builder().self_("x").build();
    assert_eq!(keywords::Mod::from("Self"), keywords::Mod::SelfValue2);
    assert_eq!(keywords::Mod::from("_").as_str(), "_");
}

#[test]
fn colliding_names_are_suffixed_never_merged() {
    let value: collisions::String = serde_json::from_value(
        json!({"Foo": "upper", "Foo_": "lower", "FooBar": 1.to_string(), "Foo_Bar": "2"}),
    )
    .unwrap();
    assert_eq!(
        (value.foo.as_deref(), value.foo_2.as_deref()),
        (Some("upper"), Some("lower"))
    );
    assert_eq!(
        (value.foo_bar.as_deref(), value.foo_bar_2.as_deref()),
        (Some("1"), Some("2"))
    );
    // Builder methods dodge `build` and each other.
    let built = collisions::String::builder()
        .build_value("b")
        .set_foo_2(Some("sf".into()))
        .foo("f")
        .build();
    assert_eq!(built.build.as_deref(), Some("b"));
    // Members named like std trait methods get builder methods clippy accepts.
    let built = collisions::String::builder()
        .add_value("a")
        .sub_value("s")
        .build();
    assert_eq!(
        (built.add.as_deref(), built.sub.as_deref()),
        (Some("a"), Some("s"))
    );
    // Shapes named like the generated impls' generic parameters and visitor.
    let value: collisions::A = serde_json::from_value(json!({"Value": "v"})).unwrap();
    assert_eq!(value.value, "v");
    let _: collisions::Visitor = serde_json::from_value(json!({"Value": "w"})).unwrap();
    // Shapes named like std types: `Result`, `Option`, `String`, `Type`, and `result`.
    let _: collisions::Result = collisions::Result::builder().ok("fine").build();
    let _: collisions::Result2 = collisions::Result2::default();
    let missing = collisions::Type::builder().build().unwrap_err();
    assert_eq!(
        missing.missing_members(),
        ["Result", "Option", "Box", "Vec"]
    );
}

#[test]
fn fluent_names_dodge_the_fluent_builders_own_methods() {
    use collisions::operations::{FixtureCollisions, OptionError, ResultError};

    struct Mock;
    impl FixtureCollisions for Mock {}

    // Members named `Send`, `IntoPages` and `WithInput` take a `_value` suffix in the fluent
    // builder only; the input builder keeps the plain names.
    let fluent = Mock
        .result()
        .send_value("s")
        .into_pages_value("p")
        .with_input_value("w")
        .add_value("a");
    let input = fluent.as_input().clone().build();
    let expected = collisions::String::builder()
        .send("s")
        .into_pages("p")
        .with_input("w")
        .add_value("a")
        .build();
    assert_eq!(input, expected);
    let error = block_on(fluent.send()).unwrap_err();
    assert!(
        matches!(error, ResultError::Unhandled(ref r) if r.status == 501),
        "{error:?}"
    );

    // The operation `CallOption` holds `call_option()`; `Option`'s `call_` method is
    // suffixed, its fluent method is not.
    assert!(block_on(Mock.call_option().send()).is_err());
    let option = collisions::Option::builder().build();
    let error = block_on(Mock.call_option_2(option)).unwrap_err();
    assert!(matches!(error, OptionError::Unhandled(_)), "{error:?}");
    assert!(block_on(Mock.option().send()).is_err());
    // An operation named `Clone`: its fluent method dodges `Clone::clone`.
    assert!(block_on(Mock.clone_value().send()).is_err());
}

/// Runs a future that never waits on I/O (the mocks here) to completion.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[test]
fn awkward_enum_values_get_distinct_variants() {
    use enum_values::ClosedLostReason as R;
    assert_eq!(
        R::from("Lost to Competitor - Google"),
        R::LostToCompetitorGoogle
    );
    assert_eq!(R::from("Out Of Home (OOH)"), R::OutOfHomeOoh);
    assert_eq!(
        R::from("Unknown"),
        R::UnknownValue,
        "the model's `Unknown` is not our `Unknown`"
    );
    assert_eq!(R::from("0.5"), R::V0_5);
    assert_eq!(R::from("None"), R::None);
    // An empty value is not a valid enum value (Smithy); the generator refuses it
    // (`bad_models.rs`), and reading one gives `Unknown`.
    assert!(matches!(R::from(""), R::Unknown(_)));
    let variants = ["Foo Bar", "FooBar", "foo-bar"].map(R::from);
    assert_eq!(variants, [R::FooBar, R::FooBar2, R::FooBar3]);
    for value in R::VALUES {
        let variant = R::from(*value);
        assert!(!matches!(variant, R::Unknown(_)), "{value}");
        assert_eq!(variant.as_str(), *value);
    }
    assert_eq!(
        format!("{:?}", enum_values::Hidden::X),
        "*** Sensitive Data Redacted ***"
    );
}

#[test]
fn recursive_shapes_are_boxed_and_nest() {
    let wire = json!({
        "Name": "root",
        "Parent": {"Name": "up", "Children": [{"Name": "sibling"}]},
        "Edge": {"To": {"Name": "far", "Edge": {"To": {"Name": "farther"}, "Weight": 0.5}}},
        "Index": {"k": {"Name": "indexed"}},
        "Expr": {"Not": {"All": [{"Literal": "x"}, {"Not": {"Literal": "y"}}]}}
    });
    let node: recursion::Node = serde_json::from_value(wire.clone()).unwrap();
    assert_eq!(node.parent.as_ref().unwrap().name, "up");
    assert_eq!(
        node.edge
            .as_ref()
            .unwrap()
            .to
            .edge
            .as_ref()
            .unwrap()
            .to
            .name,
        "farther"
    );
    assert!(
        matches!(&node.expr, Some(recursion::Expr::Not(inner)) if matches!(**inner, recursion::Expr::All(ref all) if all.len() == 2))
    );
    assert_eq!(serde_json::to_value(&node).unwrap(), wire);
    // The builder takes the unboxed value.
    let child = recursion::Node::builder()
        .name("child")
        .parent(node)
        .build()
        .unwrap();
    assert_eq!(child.parent.unwrap().name, "root");
}

#[test]
fn error_shapes_know_fault_status_retry_and_message_keys() {
    assert_eq!(error_shapes::NotFound::FAULT, ErrorFault::Client);
    assert_eq!(error_shapes::Broken::FAULT, ErrorFault::Server);
    assert_eq!(error_shapes::Broken::HTTP_STATUS, 500);
    const { assert!(error_shapes::Broken::RETRYABLE && !error_shapes::Broken::THROTTLING) };
    const { assert!(error_shapes::Throttled::THROTTLING) };
    assert_eq!(error_shapes::Teapot::CODE, "ImATeapot");
    assert_eq!(error_shapes::Teapot::HTTP_STATUS, 418);
    let quiet: error_shapes::Quiet = serde_json::from_value(json!({})).unwrap();
    assert_eq!(quiet.to_string(), "Quiet");
    for key in ["message", "Message", "errorMessage"] {
        let throttled: error_shapes::Throttled =
            serde_json::from_value(json!({ key: "slow down" })).unwrap();
        assert_eq!(throttled.message(), Some("slow down"), "{key}");
    }
    let not_found: error_shapes::NotFound =
        serde_json::from_value(json!({"ResourceId": "r"})).unwrap();
    assert_eq!(
        not_found.to_string(),
        "NotFound",
        "required message absent: error-corrected to empty"
    );
    assert_eq!(not_found.absent_required_members(), ["Message"]);
}

#[test]
fn sensitive_structures_and_lists_are_redacted() {
    let request = structure_members::PutThingRequest::builder()
        .name("n")
        .count(3)
        .secret("hunter2")
        .secrets(vec!["a-secret".to_owned()])
        .owner(
            structure_members::Owner::builder()
                .email("owner@secret")
                .build()
                .unwrap(),
        )
        .build()
        .unwrap();
    let debug = format!("{request:?}");
    for secret in ["hunter2", "a-secret", "owner@secret"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    let credentials = structure_members::Credentials::builder()
        .password("pw")
        .build();
    assert_eq!(
        format!("{credentials:?}"),
        "*** Sensitive Data Redacted ***"
    );
}
