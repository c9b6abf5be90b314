//! The endpoint rules engine against every rule set in botocore 1.44.5 and the endpoint test
//! cases botocore ships for it (`tests/functional/endpoint-rules/` of its source
//! distribution, fetched with pip into `target/` on first use): S3's virtual-hosted and
//! path-style addressing, access points, S3 Express, FIPS, dual-stack and every other
//! service's partitions. A case may fail only if `tests/endpoint_rules_allowed.toml` names it
//! with a reason; an allowed case that passes fails this test, so the list cannot go stale.

mod common;
// Only its source-distribution download is used here.
#[allow(dead_code)]
mod compliance;

use std::collections::BTreeSet;
use std::path::Path;

use awsgen_runtime::endpoint::RuleSet;
use serde_json::Value;

#[test]
fn every_botocore_rule_set_passes_its_endpoint_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let services: toml::Table = std::fs::read_to_string(root.join("models/services.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let botocore = services["botocore"].as_str().unwrap();
    let dir = compliance::ensure_endpoint_rules(&root, botocore).unwrap_or_else(|e| panic!("{e}"));
    let allowed: toml::Table =
        std::fs::read_to_string(root.join("tests/endpoint_rules_allowed.toml"))
            .unwrap()
            .parse()
            .unwrap();
    let allowed: BTreeSet<String> = allowed
        .get("case")
        .and_then(toml::Value::as_array)
        .map(|cases| {
            cases
                .iter()
                .map(|c| c["id"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default();

    let mut services = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect::<Vec<_>>();
    services.sort();
    let (mut cases, mut rule_sets) = (0, 0);
    let mut failures = Vec::new();
    for service in &services {
        let name = service.file_name().unwrap().to_string_lossy().into_owned();
        let read = |file: &str| -> Option<Value> {
            let text = std::fs::read_to_string(service.join(file)).ok()?;
            Some(serde_json::from_str(&text).unwrap())
        };
        let (Some(rules), Some(tests)) = (
            read("endpoint-rule-set-1.json"),
            read("endpoint-tests-1.json"),
        ) else {
            continue;
        };
        rule_sets += 1;
        let rules = match RuleSet::from_json(&rules) {
            Ok(rules) => rules,
            Err(error) => {
                failures.push(format!("{name}: the rule set does not load: {error}"));
                continue;
            }
        };
        for (index, case) in tests["testCases"].as_array().unwrap().iter().enumerate() {
            cases += 1;
            let id = format!("{name}#{index}");
            if let Err(why) = rules.check_test_case(case) {
                if !allowed.contains(&id) {
                    let doc = case["documentation"].as_str().unwrap_or("");
                    failures.push(format!("{id} ({doc}): {why}"));
                }
            } else if allowed.contains(&id) {
                failures.push(format!("{id} passes but is allowed to fail: remove it"));
            }
        }
    }
    println!(
        "{rule_sets} rule sets, {cases} cases, {} failures",
        failures.len()
    );
    assert!(rule_sets > 400, "only {rule_sets} rule sets with tests");
    assert!(
        failures.is_empty(),
        "{} of {cases} cases fail:\n{}",
        failures.len(),
        failures
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
