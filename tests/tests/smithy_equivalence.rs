//! The Smithy JSON AST models (`../shared/models/smithy/`, a slightly older snapshot) and the
//! botocore models (`models/`) lower to the same IR, operation by operation and member path
//! by member path, except for the real differences between the two snapshots listed, each
//! with its reason, in `tests/smithy/allowlist.txt`. An unlisted difference fails, and so
//! does a listed one that no longer occurs.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::ir::compare::compare;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The Smithy model of a service, from the shared models beside the repository.
pub fn smithy_model(file: &str) -> PathBuf {
    root().join("../shared/models/smithy").join(file)
}

/// `service path: what` lines of the allow-list (comments and reasons stripped).
fn allowlist() -> BTreeSet<String> {
    let text = std::fs::read_to_string(root().join("tests/smithy/allowlist.txt")).unwrap();
    text.lines()
        .map(|line| line.split("  # ").next().unwrap_or("").trim())
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

fn differences(
    service: &str,
    botocore_dir: &str,
    smithy_file: &str,
) -> (Vec<String>, usize, usize) {
    let started = Instant::now();
    // The botocore model as the generator reads it: with its Smithy facts laid over it.
    let botocore =
        codegen::pipeline::load_entry(&root().join("models"), &entry(botocore_dir)).unwrap();
    let botocore_time = started.elapsed();
    let started = Instant::now();
    let smithy = codegen::pipeline::load_model(&smithy_model(smithy_file)).unwrap();
    let smithy_time = started.elapsed();
    let (found, coverage) = compare(&botocore, &smithy, "botocore", "smithy");
    println!(
        "{service}: {} operations and {} member paths compared, {} differences; parse + lower: botocore {botocore_time:.2?}, smithy {smithy_time:.2?}",
        coverage.operations,
        coverage.member_paths,
        found.len()
    );
    let lines = found.iter().map(|d| format!("{service} {d}")).collect();
    (lines, coverage.operations, coverage.member_paths)
}

#[test]
fn smithy_and_botocore_lower_to_the_same_ir() {
    let mut found = Vec::new();
    let (selling, selling_ops, _) = differences(
        "selling",
        "models/partnercentral-selling/2022-07-26",
        "partnercentral-selling-2022-07-26.json",
    );
    let (account, account_ops, _) = differences(
        "account",
        "models/partnercentral-account/2025-04-04",
        "partnercentral-account-2025-04-04.json",
    );
    found.extend(selling);
    found.extend(account);
    // An entry matches a difference exactly, or every difference under a path ending in `/*`.
    let allowed = allowlist();
    let covers = |entry: &String, difference: &String| match entry.strip_suffix('*') {
        Some(prefix) => difference.starts_with(prefix),
        None => entry == difference,
    };
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|d| !allowed.iter().any(|e| covers(e, d)))
        .collect();
    let stale: Vec<&String> = allowed
        .iter()
        .filter(|e| !found.iter().any(|d| covers(e, d)))
        .collect();
    assert!(
        unexpected.is_empty() && stale.is_empty(),
        "differences not on the allow-list:\n{}\n\nallow-list entries that no longer occur:\n{}",
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        stale
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    );
    // The Smithy snapshot lacks 3 Selling and 5 Account operations; the rest are compared.
    assert_eq!((selling_ops, account_ops), (42, 29));
}

/// The `services.toml` entry whose model lives in `dir` (`models/<name>/<version>`).
fn entry(dir: &str) -> codegen::config::ServiceEntry {
    let config = codegen::config::load(&root().join("models")).unwrap();
    config
        .services
        .into_iter()
        .find(|e| dir.ends_with(&format!("{}/{}", e.name, e.version)))
        .unwrap()
}

/// Without its facts, a botocore model differs from the Smithy model in exactly the traits
/// the facts carry: the comparison sees them, so it guards that the facts are right.
#[test]
fn without_facts_the_comparison_sees_what_botocore_drops() {
    let botocore =
        codegen::pipeline::load_botocore(&root().join("models/partnercentral-account/2025-04-04"))
            .unwrap();
    let smithy =
        codegen::pipeline::load_model(&smithy_model("partnercentral-account-2025-04-04.json"))
            .unwrap();
    let (found, _) = compare(&botocore, &smithy, "botocore", "smithy");
    let found: Vec<String> = found.iter().map(ToString::to_string).collect();
    for expected in [
        "GetConnection/error/ResourceNotFoundException: http status: botocore None, smithy Some(404)",
        "ListConnections/input/MaxResults: default: botocore None, smithy Some(Number(20))",
        "GetConnectionPreferences/output/ExcludedParticipantIds: uniqueItems: botocore false, smithy true",
    ] {
        assert!(
            found.iter().any(|d| d == expected),
            "{expected} not among {found:#?}"
        );
    }
}

/// The facts files in `models/` are what `cargo xtask smithy-facts` draws from the Smithy
/// models now.
#[test]
fn smithy_facts_are_fresh() {
    let models = root().join("models");
    let config = codegen::config::load(&models).unwrap();
    let mut checked = 0;
    for entry in &config.services {
        let Some(facts) = &entry.facts else { continue };
        let smithy = smithy_model(&format!("{}-{}.json", entry.name, entry.version));
        let expected = codegen::pipeline::smithy_facts(&models, entry, &smithy).unwrap();
        let found = std::fs::read_to_string(models.join(facts)).unwrap();
        assert!(
            found == expected,
            "{} is stale: run `cargo xtask smithy-facts`",
            facts.display()
        );
        checked += 1;
    }
    assert_eq!(checked, 2);
}

#[test]
fn services_toml_can_name_a_smithy_model() {
    let dir = std::env::temp_dir().join(format!("awsgen-smithy-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = smithy_model("partnercentral-account-2025-04-04.json");
    std::fs::write(
        dir.join("services.toml"),
        format!(
            "botocore = \"1.44.5\"\n[[service]]\nname = \"partnercentral-account\"\nversion = \"2025-04-04\"\nmodule = \"account\"\nmodel = {:?}\n",
            model.display().to_string()
        ),
    )
    .unwrap();
    let generated = codegen::generate(&dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let summary = &generated.services[0];
    assert_eq!(
        (summary.module.as_str(), summary.counts.operations),
        ("account", 29)
    );
    assert!(
        generated
            .tree
            .contains_key(Path::new("src/account/unions.rs"))
    );
}
