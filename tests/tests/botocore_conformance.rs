//! Validation conformance with botocore 1.44.5 (the `invalid` section of the vectors): inputs
//! that each break exactly one constraint, and valid inputs at every bound.
//!
//! - every valid input passes strict validation;
//! - every invalid input is rejected strictly, with exactly one violation, at the broken
//!   member's path and of the broken constraint's kind;
//! - every input botocore's `ParamValidator` rejects is rejected by ours at the same path
//!   (botocore checks required members, `min` bounds and unions only; we also check `max`,
//!   `pattern` and `enum`, which the other invalid cases cover);
//! - the client's default policy (forward-compatible) still rejects all that botocore does.

use std::collections::BTreeMap;
use std::path::Path;

use awsgen_runtime::validate::Constraint;
use awsgen_runtime::{Operation, OperationVisitor, Policy, Validate};
use serde_json::Value;

/// What our side makes of a request body: a deserialization error at a path, or the
/// violations (path, constraint) of strict and of forward-compatible validation.
#[derive(Debug)]
enum Verdict {
    Unreadable {
        path: String,
        message: String,
    },
    Read {
        strict: Vec<(String, Constraint)>,
        lenient: Vec<String>,
    },
}

type Check = fn(&Value) -> Verdict;

#[derive(Default)]
struct Checks(BTreeMap<&'static str, Check>);

impl OperationVisitor for Checks {
    fn visit<O: Operation>(&mut self) {
        self.0.insert(O::NAME, check::<O>);
    }
}

fn check<O: Operation>(body: &Value) -> Verdict {
    let input: O::Input = match serde_path_to_error::deserialize(body) {
        Ok(input) => input,
        Err(error) => {
            return Verdict::Unreadable {
                path: pointer(error.path()),
                message: error.inner().to_string(),
            };
        }
    };
    let violations = |policy| match input.validate(policy) {
        Ok(()) => Vec::new(),
        Err(errors) => errors.into_violations(),
    };
    Verdict::Read {
        strict: violations(Policy::Strict)
            .into_iter()
            .map(|v| (v.path, v.constraint))
            .collect(),
        lenient: violations(Policy::ForwardCompatible)
            .into_iter()
            .map(|v| v.path)
            .collect(),
    }
}

/// serde_path_to_error's path as a JSON pointer (the path of the value that failed).
fn pointer(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

fn constraint(name: &str) -> Constraint {
    match name {
        "required" => Constraint::Required,
        "length" => Constraint::Length,
        "range" => Constraint::Range,
        "enum" => Constraint::Enum,
        "pattern" => Constraint::Pattern,
        "union" => Constraint::Union,
        other => panic!("unknown constraint `{other}` in the vectors"),
    }
}

/// Checks every case of one service; returns (cases, botocore rejections matched).
fn conformance(service: &str, visit: fn(&mut Checks)) -> (usize, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let text = std::fs::read_to_string(root.join(format!("tests/vectors/{service}.json"))).unwrap();
    let vectors: Value = serde_json::from_str(&text).unwrap();
    let mut checks = Checks::default();
    visit(&mut checks);
    let mut failures = Vec::new();
    let mut botocore_matched = 0;
    let cases = vectors["invalid"].as_array().unwrap();
    for case in cases {
        let name = format!(
            "{}/{}",
            case["operation"].as_str().unwrap(),
            case["case"].as_str().unwrap()
        );
        let verdict = checks.0[case["operation"].as_str().unwrap()](&case["body"]);
        let path = case["path"].as_str().unwrap();
        let valid = case["valid"].as_bool().unwrap();
        // Where we reject, and whether forward-compatible validation rejects too.
        let (ours, lenient_paths): (Vec<(String, Option<Constraint>)>, Vec<String>) = match &verdict
        {
            Verdict::Unreadable { path, .. } => (vec![(path.clone(), None)], vec![path.clone()]),
            Verdict::Read { strict, lenient } => (
                strict.iter().map(|(p, c)| (p.clone(), Some(*c))).collect(),
                lenient.clone(),
            ),
        };
        if valid {
            if !ours.is_empty() {
                failures.push(format!("{name}: valid, but we report {verdict:?}"));
            }
            continue;
        }
        let expected = constraint(case["constraint"].as_str().unwrap());
        let matches_case = match &verdict {
            // A union with zero or two members cannot be read at all.
            Verdict::Unreadable { path: p, message } => {
                p == path && expected == Constraint::Union && message.contains("member set")
            }
            Verdict::Read { strict, .. } => {
                matches!(strict.as_slice(), [(p, c)] if p == path && *c == expected)
            }
        };
        if !matches_case {
            failures.push(format!(
                "{name}: expected one {expected:?} violation at {path}, we report {verdict:?}"
            ));
        }
        if case["botocore"]["rejected"].as_bool().unwrap() {
            for error in case["botocore"]["errors"].as_array().unwrap() {
                let botocore_path = error["path"].as_str().unwrap();
                if ours.iter().any(|(p, _)| p == botocore_path)
                    && lenient_paths.iter().any(|p| p == botocore_path)
                {
                    botocore_matched += 1;
                } else {
                    failures.push(format!(
                        "{name}: botocore rejects {botocore_path} ({}), we report {verdict:?}",
                        error["kind"]
                    ));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    (cases.len(), botocore_matched)
}

#[test]
fn selling_validation_conforms_to_botocore() {
    let (cases, matched) = conformance("partnercentral-selling", |c| {
        partnercentral::selling::operations::visit_operations(c)
    });
    assert_eq!((cases, matched), (478, 108));
}

#[test]
fn account_validation_conforms_to_botocore() {
    let (cases, matched) = conformance("partnercentral-account", |c| {
        partnercentral::account::operations::visit_operations(c)
    });
    assert_eq!((cases, matched), (193, 45));
}

#[test]
fn benefits_validation_conforms_to_botocore() {
    let (cases, matched) = conformance("partnercentral-benefits", |c| {
        partnercentral::benefits::operations::visit_operations(c)
    });
    assert_eq!((cases, matched), (201, 30));
}

#[test]
fn channel_validation_conforms_to_botocore() {
    let (cases, matched) = conformance("partnercentral-channel", |c| {
        partnercentral::channel::operations::visit_operations(c)
    });
    assert_eq!((cases, matched), (163, 49));
}

/// revenue-measurement speaks RPC v2 CBOR; its invalid inputs are recorded as an awsJson view
/// of botocore's CBOR body, and validation does not depend on the wire.
#[test]
fn revenue_measurement_validation_conforms_to_botocore() {
    let (cases, matched) = conformance("partnercentral-revenue-measurement", |c| {
        partnercentral::revenue_measurement::operations::visit_operations(c)
    });
    assert_eq!((cases, matched), (170, 33));
}
