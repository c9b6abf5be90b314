//! The evaluator against cases written from the JMESPath specification (one group per
//! section), and every `argument` of botocore 1.44.5's `waiters-2.json` files.

use serde_json::{Value, json};

use super::Expr;

/// `(expression, input, expected result)`.
fn check(cases: &[(&str, Value, Value)]) {
    for (expression, input, expected) in cases {
        let expr = Expr::parse(expression).unwrap_or_else(|e| panic!("{expression}: {e}"));
        let got = expr
            .search(input)
            .unwrap_or_else(|e| panic!("{expression}: {e}"));
        assert_eq!(&got, expected, "{expression} on {input}");
    }
}

#[test]
fn identifiers_and_subexpressions() {
    let doc = json!({"foo": {"bar": {"baz": "x"}}, "with space": 1, "a\"b": 2, "_x1": 3});
    check(&[
        ("foo.bar.baz", doc.clone(), json!("x")),
        ("foo.bar", doc.clone(), json!({"baz": "x"})),
        ("foo.missing", doc.clone(), Value::Null),
        ("foo.bar.baz.deeper", doc.clone(), Value::Null),
        ("\"with space\"", doc.clone(), json!(1)),
        ("\"a\\\"b\"", doc.clone(), json!(2)),
        ("_x1", doc.clone(), json!(3)),
        ("foo", json!([1, 2]), Value::Null),
        ("foo", json!("text"), Value::Null),
        ("@", json!(5), json!(5)),
        ("foo.\"bar\".baz", doc, json!("x")),
    ]);
}

#[test]
fn indexes_and_slices() {
    let doc = json!({"a": [0, 1, 2, 3, 4], "o": {"b": 1}});
    check(&[
        ("a[0]", doc.clone(), json!(0)),
        ("a[4]", doc.clone(), json!(4)),
        ("a[5]", doc.clone(), Value::Null),
        ("a[-1]", doc.clone(), json!(4)),
        ("a[-5]", doc.clone(), json!(0)),
        ("a[-6]", doc.clone(), Value::Null),
        ("o[0]", doc.clone(), Value::Null),
        ("a[1:3]", doc.clone(), json!([1, 2])),
        ("a[::2]", doc.clone(), json!([0, 2, 4])),
        ("a[::-1]", doc.clone(), json!([4, 3, 2, 1, 0])),
        ("a[-2:]", doc.clone(), json!([3, 4])),
        ("a[10:]", doc.clone(), json!([])),
        ("[0]", json!(["x"]), json!("x")),
    ]);
    assert!(Expr::parse("a[::0]").is_err());
}

#[test]
fn list_projections_flatten_and_object_projections() {
    let doc = json!({
        "people": [{"name": "a", "age": 1}, {"name": "b"}, {"age": 3}],
        "nested": [[1, 2], [3], 4, [[5]]],
        "r": [{"i": [{"s": {"n": "x"}}, {"s": {"n": "y"}}]}, {"i": [{"s": {"n": "z"}}]}],
        "map": {"k1": {"v": 1}, "k2": {"v": 2}, "k3": {}},
    });
    check(&[
        ("people[*].name", doc.clone(), json!(["a", "b"])),
        ("people[].age", doc.clone(), json!([1, 3])),
        ("people[*]", doc.clone(), doc["people"].clone()),
        ("nested[]", doc.clone(), json!([1, 2, 3, 4, [5]])),
        ("nested[][]", doc.clone(), json!([1, 2, 3, 4, 5])),
        ("r[].i[].s.n", doc.clone(), json!(["x", "y", "z"])),
        ("r[*].i[*].s.n", doc.clone(), json!([["x", "y"], ["z"]])),
        ("map.*.v", doc.clone(), json!([1, 2])),
        ("*.k1", json!({"a": {"k1": 1}, "b": {"k2": 2}}), json!([1])),
        ("people[0:2].name", doc.clone(), json!(["a", "b"])),
        // A projection stops at a pipe: the pipe applies to the whole result.
        ("people[*].name | [0]", doc.clone(), json!("a")),
        ("people[*].name[0]", doc.clone(), json!([])),
        ("missing[*].x", doc.clone(), Value::Null),
        ("map[*]", doc, Value::Null),
    ]);
}

#[test]
fn filters_and_comparisons() {
    let doc = json!({
        "items": [
            {"state": "on", "n": 1}, {"state": "off", "n": 2}, {"state": "on", "n": 3},
            {"n": "3"},
        ]
    });
    check(&[
        ("items[?state == 'on'].n", doc.clone(), json!([1, 3])),
        ("items[?state != 'on'].n", doc.clone(), json!([2, "3"])),
        ("items[?n > `1`].n", doc.clone(), json!([2, 3])),
        ("items[?n >= `2` && n <= `3`].n", doc.clone(), json!([2, 3])),
        (
            "items[?n < `2` || state == 'off'].n",
            doc.clone(),
            json!([1, 2]),
        ),
        ("items[?!(state == 'on')].n", doc.clone(), json!([2, "3"])),
        (
            "items[?state].state",
            doc.clone(),
            json!(["on", "off", "on"]),
        ),
        ("items[?n == `3`].state", doc.clone(), json!(["on"])),
        ("length(items[?state == 'on'])", doc.clone(), json!(2)),
        ("items[?n > `0`] | [-1].n", doc.clone(), json!(3)),
        ("[?@ > `1`]", json!([1, 2, 3]), json!([2, 3])),
        ("`1` == `1.0`", Value::Null, json!(true)),
        (
            "`[1, {\"a\": 2}]` == `[1.0, {\"a\": 2.0}]`",
            Value::Null,
            json!(true),
        ),
        ("'a' < 'b'", Value::Null, Value::Null),
        ("`true` < `false`", Value::Null, Value::Null),
        ("`null` == missing", json!({}), json!(true)),
    ]);
}

#[test]
fn boolean_operators_use_truthiness() {
    let doc = json!({"t": true, "f": false, "n": 5, "e": [], "s": "", "z": 0, "o": {}});
    check(&[
        ("t && f", doc.clone(), json!(false)),
        ("n && t", doc.clone(), json!(true)),
        ("t && n", doc.clone(), json!(5)),
        ("e && t", doc.clone(), json!([])),
        ("n || t", doc.clone(), json!(5)),
        ("s || o || e || n", doc.clone(), json!(5)),
        ("missing || f", doc.clone(), json!(false)),
        ("!z", doc.clone(), json!(false)),
        ("!!z", doc.clone(), json!(true)),
        ("!e", doc.clone(), json!(true)),
        ("!t && f", doc.clone(), json!(false)),
        ("!(t && f)", doc.clone(), json!(true)),
        ("n || t && f", doc.clone(), json!(5)),
        ("(n || t) && f", doc, json!(false)),
    ]);
}

#[test]
fn literals() {
    check(&[
        ("`\"text\"`", Value::Null, json!("text")),
        ("`{\"a\": [1, 2]}`", Value::Null, json!({"a": [1, 2]})),
        ("`[]`", Value::Null, json!([])),
        ("`0`", Value::Null, json!(0)),
        ("`-1.5`", Value::Null, json!(-1.5)),
        ("`true`", Value::Null, json!(true)),
        ("`null`", Value::Null, Value::Null),
        ("`\"a\\`b\"`", Value::Null, json!("a`b")),
        ("'raw \\' quote'", Value::Null, json!("raw ' quote")),
        ("'back\\slash'", Value::Null, json!("back\\slash")),
        ("''", Value::Null, json!("")),
    ]);
}

#[test]
fn pipes_multiselects_and_functions() {
    let doc = json!({"a": {"b": 1, "c": [3, 1, 2]}, "s": "héllo", "o": {"x": 1, "y": 2}});
    check(&[
        ("a | b", doc.clone(), json!(1)),
        ("a.[b, c[0]]", doc.clone(), json!([1, 3])),
        (
            "a.{one: b, first: c[0]}",
            doc.clone(),
            json!({"one": 1, "first": 3}),
        ),
        ("missing.[a, b]", doc.clone(), Value::Null),
        ("length(s)", doc.clone(), json!(5)),
        ("length(a.c)", doc.clone(), json!(3)),
        ("length(o)", doc.clone(), json!(2)),
        ("contains(a.c, `2`)", doc.clone(), json!(true)),
        ("contains(s, 'll')", doc.clone(), json!(true)),
        ("starts_with(s, 'hé')", doc.clone(), json!(true)),
        ("ends_with(s, 'x')", doc.clone(), json!(false)),
        ("max(a.c)", doc.clone(), json!(3)),
        ("min(a.c)", doc.clone(), json!(1)),
        ("sum(a.c)", doc.clone(), json!(6)),
        ("avg(a.c)", doc.clone(), json!(2)),
        ("sort(a.c)", doc.clone(), json!([1, 2, 3])),
        ("reverse(a.c)", doc.clone(), json!([2, 1, 3])),
        ("keys(o)", doc.clone(), json!(["x", "y"])),
        ("values(o)", doc.clone(), json!([1, 2])),
        ("not_null(missing, a.b)", doc.clone(), json!(1)),
        ("type(a)", doc.clone(), json!("object")),
        ("to_string(a.b)", doc.clone(), json!("1")),
        ("to_number('2.5')", doc.clone(), json!(2.5)),
        ("join(', ', ['a', 'b'])", doc.clone(), json!("a, b")),
        ("abs(`-2`)", doc.clone(), json!(2)),
        (
            "length(Output || '') > `0`",
            json!({"Output": "x"}),
            json!(true),
        ),
        ("length(Output || '') > `0`", json!({}), json!(false)),
    ]);
    // A function given the wrong type is an error, not null.
    let expr = Expr::parse("length(a.b)").unwrap();
    assert!(expr.search(&doc).is_err());
}

#[test]
fn malformed_expressions_are_errors_not_panics() {
    for bad in [
        "",
        "a.",
        ".a",
        "a[",
        "a[?b",
        "a]",
        "a[1",
        "(a",
        "a)",
        "`[1,`",
        "'open",
        "\"open",
        "a..b",
        "a.[",
        "a ==",
        "== a",
        "!",
        "&&",
        "a || ",
        "[?]",
        "a.{b}",
        "a.{b:}",
        "unknown_fn(a)",
        "length(a, b)",
        "length()",
        "\"length\"(a)",
        "-",
        "a[-]",
        "#",
        "a[1:2:0]",
        "a.1",
        "{}",
        "a[::]]",
        "@@",
    ] {
        assert!(Expr::parse(bad).is_err(), "{bad:?} should not parse");
    }
    let deep = format!("{}a{}", "(".repeat(200), ")".repeat(200));
    assert!(Expr::parse(&deep).is_err());
    let long = vec!["a"; 5000].join(".");
    assert!(Expr::parse(&long).is_err());
}

#[test]
fn parse_errors_say_where() {
    let error = Expr::parse("a.b ==").unwrap_err();
    assert_eq!(error.offset, 6);
    assert!(
        error.to_string().contains("end of the expression"),
        "{error}"
    );
}

#[test]
fn fields_remember_where_they_are_written() {
    let expr = Expr::parse("Reservations[].Instances[].\"State\".Name").unwrap();
    let mut spans = Vec::new();
    super::functions::visit(&expr, &mut |node| {
        if let Expr::Field { name, span } = node {
            spans.push((name.clone(), span.clone()));
        }
    });
    assert_eq!(
        spans,
        [
            ("Reservations".to_owned(), 0..12),
            ("Instances".to_owned(), 15..24),
            ("State".to_owned(), 27..34),
            ("Name".to_owned(), 35..39),
        ]
    );
}

#[test]
fn every_botocore_waiter_argument_parses_and_evaluates() {
    let arguments = include_str!("botocore_1_44_5_arguments.txt");
    let mut count = 0;
    for argument in arguments.lines().filter(|line| !line.is_empty()) {
        let expr = Expr::parse(argument).unwrap_or_else(|e| panic!("{argument}: {e}"));
        // On an empty output each evaluates, or fails only as JMESPath says it must:
        // `length(null)` is a type error (a waiter counts it as no match).
        if let Err(error) = expr.search(&json!({})) {
            assert!(argument.contains("length("), "{argument} on {{}}: {error}");
        }
        count += 1;
    }
    assert_eq!(count, 185);
}

#[test]
fn botocore_waiter_expressions_give_botocores_answers() {
    let ecs = json!({"services": [
        {"deployments": [{}], "runningCount": 2, "desiredCount": 2},
        {"deployments": [{}, {}], "runningCount": 1, "desiredCount": 2},
    ]});
    let stable =
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
    check(&[
        (stable, ecs, json!(false)),
        (
            stable,
            json!({"services": [{"deployments": [{}], "runningCount": 2, "desiredCount": 2}]}),
            json!(true),
        ),
        (
            "VerificationAttributes.*.VerificationStatus",
            json!({"VerificationAttributes": {"a.com": {"VerificationStatus": "Success"}}}),
            json!(["Success"]),
        ),
        (
            "Reservations[].Instances[].State.Name",
            json!({"Reservations": [{"Instances": [{"State": {"Name": "running"}}]},
                                    {"Instances": [{"State": {"Name": "pending"}}]}]}),
            json!(["running", "pending"]),
        ),
        (
            "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)",
            json!({"KinesisDataStreamDestinations": [{"DestinationStatus": "DISABLED"}]}),
            json!(true),
        ),
    ]);
}

/// Every prefix of every botocore expression, and each with one byte replaced by each
/// JMESPath punctuation character, parses or is refused, and evaluates or errs: no panic.
#[test]
fn mangled_expressions_never_panic() {
    let arguments = include_str!("botocore_1_44_5_arguments.txt");
    let doc = json!({"a": [1, {"b": "c"}], "Status": "x", "items": [[1], {"k": null}]});
    let punctuation = b".*[]?{}()|&!=<>@`'\",:-0 ";
    let mut tried = 0;
    for argument in arguments.lines() {
        let bytes = argument.as_bytes();
        let mut variants: Vec<Vec<u8>> = (0..bytes.len()).map(|n| bytes[..n].to_vec()).collect();
        for at in 0..bytes.len() {
            for &c in punctuation {
                let mut mangled = bytes.to_vec();
                mangled[at] = c;
                variants.push(mangled);
            }
        }
        for variant in variants {
            let Ok(text) = std::str::from_utf8(&variant) else {
                continue;
            };
            if let Ok(expr) = Expr::parse(text) {
                let _ = expr.search(&doc);
            }
            tried += 1;
        }
    }
    assert!(tried > 100_000, "{tried}");
}
