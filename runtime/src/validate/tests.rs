use super::*;

fn check(policy: Policy, f: impl FnOnce(&mut Validator)) -> Vec<(String, ViolationCode, String)> {
    let mut validator = Validator::new(policy);
    f(&mut validator);
    match validator.finish() {
        Ok(()) => Vec::new(),
        Err(errors) => errors
            .into_violations()
            .into_iter()
            .map(|v| (v.path, v.code, v.message))
            .collect(),
    }
}

#[test]
fn paths_are_json_pointers_with_escaped_keys() {
    let found = check(Policy::Strict, |v| {
        v.member("Customer", |v| {
            v.member("Contacts", |v| {
                v.entries(&["a", "b"], |v, _| v.required("Email"));
            });
            let map = std::collections::BTreeMap::from([("a/b~c".to_owned(), 1)]);
            v.map_entries(&map, |_, _| {}, |v, _| v.required("X"));
        })
    });
    let paths: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/Customer/Contacts/0/Email",
            "/Customer/Contacts/1/Email",
            "/Customer/a~1b~0c/X"
        ]
    );
    assert_eq!(found[0].1, ViolationCode::RequiredFieldMissing);
}

#[test]
fn string_length_counts_code_points_not_bytes() {
    // 3 code points, 9 UTF-8 bytes.
    assert!(
        check(Policy::Strict, |v| assert!(v.string_length(
            "東京都",
            Some(3),
            Some(3)
        )))
        .is_empty()
    );
    let found = check(Policy::Strict, |v| {
        assert!(!v.string_length("東京都!", None, Some(3)))
    });
    assert_eq!(found[0].2, "must be at most 3 characters long, found 4");
    assert_eq!(found[0].1, ViolationCode::InvalidStringFormat);
    let emoji = check(Policy::Strict, |v| {
        assert!(v.string_length("🚀", Some(1), Some(1)))
    });
    assert!(emoji.is_empty(), "an emoji is one code point");
}

#[test]
fn forward_compatible_skips_max_pattern_and_enum_but_not_min_or_required() {
    let run = |policy| {
        check(policy, |v| {
            v.string_length("toolong", None, Some(3));
            v.string_length("", Some(1), None);
            v.entry_count(5, None, Some(2));
            v.range_i64(99, Some(0), Some(10));
            v.range_i64(-1, Some(0), Some(10));
            v.unknown_enum_value("aws", &["AWS"], false);
            v.unknown_union_member("Future", &["A"]);
            v.required("Id");
        })
    };
    assert_eq!(run(Policy::Strict).len(), 8);
    let lenient: Vec<ViolationCode> = run(Policy::ForwardCompatible)
        .into_iter()
        .map(|(_, c, _)| c)
        .collect();
    assert_eq!(
        lenient,
        [
            ViolationCode::InvalidStringFormat,
            ViolationCode::ValueOutOfRange,
            ViolationCode::RequiredFieldMissing
        ]
    );
}

#[test]
fn ranges_hold_for_every_number_type_and_nan_is_out() {
    let found = check(Policy::Strict, |v| {
        v.range_i64(10, Some(1), Some(10));
        v.range_i64(11, Some(1), Some(10));
        v.range_f64(0.5, Some(0.5), Some(1.5));
        v.range_f64(f64::NAN, Some(0.5), None);
        v.range_f64(1.5000001, None, Some(1.5));
    });
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(
        messages,
        [
            "must be between 1 and 10, found 11",
            "must be at least 0.5, found NaN",
            "must be at most 1.5, found 1.5000001"
        ]
    );
}

#[test]
fn entry_counts_use_the_list_codes() {
    let found = check(Policy::Strict, |v| {
        v.entry_count(0, Some(1), Some(2));
        v.entry_count(3, Some(1), Some(2));
    });
    assert_eq!(found[0].1, ViolationCode::NotEnoughValues);
    assert_eq!(found[0].2, "must have at least 1 entry, found 0");
    assert_eq!(found[1].1, ViolationCode::TooManyValues);
}

#[test]
fn sensitive_values_are_never_echoed() {
    let pattern = LazyPattern::new("^[0-9]+$");
    let found = check(Policy::Strict, |v| {
        v.pattern("secret-abc", &pattern, true);
        v.pattern("public-abc", &pattern, false);
        v.unknown_enum_value("hidden", &["A"], true);
    });
    assert!(
        found
            .iter()
            .all(|(_, _, m)| !m.contains("secret") && !m.contains("hidden")),
        "{found:?}"
    );
    assert_eq!(
        found[0].2,
        "must match the pattern `^[0-9]+$`, found a sensitive value"
    );
    assert_eq!(
        found[1].2,
        "must match the pattern `^[0-9]+$`, found \"public-abc\""
    );
}

#[test]
fn duplicates_are_reported_at_their_index() {
    let found = check(Policy::Strict, |v| {
        v.member("Tags", |v| v.unique_items(&["a", "b", "a", "a"]))
    });
    let paths: Vec<&str> = found.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(paths, ["/Tags/2", "/Tags/3"]);
    assert_eq!(found[0].2, "duplicates entry 0; entries must be unique");
}

#[test]
fn errors_display_every_violation() {
    let mut validator = Validator::new(Policy::Strict);
    validator.required("A");
    validator.member("B", |v| {
        v.string_length("", Some(1), None);
    });
    let text = validator.finish().unwrap_err().to_string();
    assert_eq!(
        text,
        "2 constraint violations\n  /A: is required but missing (REQUIRED_FIELD_MISSING)\n  /B: must be at least 1 character long, found 0 (INVALID_STRING_FORMAT)"
    );
}

#[test]
fn validation_stops_after_max_violations() {
    // A few megabytes of request could otherwise produce a report hundreds of times larger.
    let items = vec!["x"; 10_000];
    let mut validator = Validator::new(Policy::Strict);
    validator.member("List", |v| {
        v.entries(&items, |v, item| v.unknown_enum_value(item, &["A"], false))
    });
    let errors = validator.finish().unwrap_err();
    assert_eq!(errors.violations().len(), super::MAX_VIOLATIONS);
    assert!(errors.is_truncated());
    assert!(
        errors
            .to_string()
            .starts_with("more than 100 constraint violations")
    );
    assert_eq!(errors.violations()[99].path, "/List/99");
}

#[test]
fn a_pattern_is_searched_even_when_the_length_failed() {
    static LINEAR: LazyPattern = LazyPattern::new("^[a-z]+$");
    // A backreference needs the backtracking engine.
    static BACKTRACKING: LazyPattern = LazyPattern::new("^(a)\\1$");
    assert_eq!(
        BACKTRACKING.get().unwrap().engine(),
        crate::pattern::Engine::Regress
    );
    let codes = |pattern: &'static LazyPattern, value: &str| -> Vec<Constraint> {
        let mut validator = Validator::new(Policy::Strict);
        let ok = validator.string_length(value, Some(1), Some(8));
        validator.pattern_after_length(value, pattern, false, ok);
        match validator.finish() {
            Ok(()) => Vec::new(),
            Err(errors) => errors.violations().iter().map(|v| v.constraint).collect(),
        }
    };
    let both = [Constraint::Length, Constraint::Pattern];
    assert_eq!(codes(&LINEAR, ""), both);
    assert_eq!(codes(&LINEAR, &"X".repeat(100_000)), both);
    assert_eq!(codes(&BACKTRACKING, ""), both);
    assert_eq!(
        codes(&BACKTRACKING, &"b".repeat(MAX_BACKTRACKING_LENGTH)),
        both
    );
    // Past the bound, a value that already failed its length is not searched by the
    // backtracking engine: the length violation stands alone.
    assert_eq!(
        codes(&BACKTRACKING, &"b".repeat(MAX_BACKTRACKING_LENGTH + 1)),
        [Constraint::Length]
    );
    // Within its length, any value is searched.
    assert_eq!(codes(&BACKTRACKING, "aa"), []);
    assert_eq!(codes(&BACKTRACKING, "ab"), [Constraint::Pattern]);
}

#[test]
fn a_summary_names_fields_and_stays_bounded() {
    let entries = (0..25).map(|_| ("/Customer/Name", "must be at most 80 characters long"));
    let text = summarize(entries, false);
    assert!(text.starts_with(
        "25 validation errors detected: /Customer/Name must be at most 80 characters long; "
    ));
    assert!(text.ends_with("; and 15 more"), "{text}");
    let long = "x".repeat(10_000);
    let text = summarize([("/A", long.as_str())].into_iter(), true);
    assert!(text.starts_with("more than 1 validation error detected: /A xxx"));
    assert!(text.ends_with('…'));
    assert!(text.chars().count() < 300);
}

#[test]
fn a_build_error_reads_as_required_violations() {
    let error = crate::BuildError::new(
        "GetThing",
        &[("Catalog", false), ("Id", true), ("Name", false)],
    );
    let errors = ValidationErrors::from(error.clone());
    let found: Vec<_> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.code))
        .collect();
    assert_eq!(
        found,
        [
            ("/Catalog", ViolationCode::RequiredFieldMissing),
            ("/Name", ViolationCode::RequiredFieldMissing)
        ]
    );
    let failure = crate::CallFailure::from(error);
    assert!(
        matches!(failure, crate::CallFailure::InvalidInput(_)),
        "{failure}"
    );
}
