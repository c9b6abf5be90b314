//! Every distinct `pattern` of every botocore 1.44.5 model compiles, but for a listed few.
//!
//! `data/botocore-1.44.5-patterns.txt` holds the patterns, one JSON string a line, sorted:
//! extracted from every `botocore/data/*/*/service-2.json.gz` of the botocore 1.44.5 wheel
//! (the one `models/provenance.json` names). `data/botocore-1.44.5-pattern-failures.txt`
//! lists the ones that may not compile, each as a JSON string, a tab and why; a change in
//! either direction fails here, so it is seen. Run with `--nocapture` for the engine counts.

use std::collections::BTreeMap;

use awsgen_runtime::pattern::{Engine, Pattern};

const PATTERNS: &str = include_str!("data/botocore-1.44.5-patterns.txt");
const FAILURES: &str = include_str!("data/botocore-1.44.5-pattern-failures.txt");

fn json_string(line: &str) -> String {
    serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

#[test]
fn botocore_patterns_compile() {
    let patterns: Vec<String> = PATTERNS.lines().map(json_string).collect();
    let mut sorted = patterns.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(patterns, sorted, "the data file is sorted and distinct");

    let expected: BTreeMap<String, String> = FAILURES
        .lines()
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| {
            let (pattern, why) = line.split_once('\t').expect("pattern<TAB>explanation");
            assert!(!why.trim().is_empty(), "{line}: explain the failure");
            (json_string(pattern), why.to_owned())
        })
        .collect();

    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut failed = BTreeMap::new();
    for pattern in &patterns {
        // botocore patterns must match the whole value (see `Pattern::whole_value` in codegen).
        match Pattern::compile(&format!("^(?:{pattern})$")) {
            Ok(compiled) => {
                *counts
                    .entry(format!("{:?}", compiled.engine()))
                    .or_default() += 1
            }
            Err(error) => {
                failed.insert(pattern.clone(), error.message);
            }
        }
    }
    let compiled = patterns.len() - failed.len();
    println!(
        "{} distinct botocore 1.44.5 patterns; {compiled} compile:",
        patterns.len()
    );
    for engine in [Engine::Regex, Engine::LengthAndRegex, Engine::Regress] {
        let name = format!("{engine:?}");
        println!("  {name}: {}", counts.get(&name).copied().unwrap_or(0));
    }
    println!("  failed: {}", failed.len());
    for (pattern, message) in &failed {
        println!(
            "    {}: {message}",
            serde_json::to_string(pattern).unwrap_or_default()
        );
    }

    assert!(
        compiled * 1000 >= patterns.len() * 995,
        "under 99.5% compile"
    );
    let unexpected: Vec<_> = failed
        .keys()
        .filter(|p| !expected.contains_key(*p))
        .collect();
    let fixed: Vec<_> = expected
        .keys()
        .filter(|p| !failed.contains_key(*p))
        .collect();
    assert!(
        unexpected.is_empty(),
        "new failures, explain them in the list: {unexpected:#?}"
    );
    assert!(
        fixed.is_empty(),
        "these compile now, drop them from the list: {fixed:#?}"
    );
}
