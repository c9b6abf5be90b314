//! Conformance against a suite written by others: botocore's protocol compliance tests
//! (`tests/unit/protocols/` of its source distribution, derived from Smithy's protocol
//! tests), for the protocols with a transport here (see `compliance::FILES`).
//!
//! Each suite's mini-model is generated into a crate under `target/compliance/` with
//! `codegen::pipeline::generate_crate`, like any model, and each case becomes a test of that
//! crate: an input case reads its parameters (in botocore's wire form) into the input type
//! and checks the request the generated client would send (`Client::request_for`: method,
//! URI, headers, body); an output case decodes the
//! response and checks the output, or the error's code, message and fields. The crate's
//! tests run with `cargo test` in their own target directory. A case may fail only if
//! `tests/compliance/allowed.toml` names it with a reason; an allowed case that passes fails
//! this test too, so the list cannot go stale.

mod common;
mod compliance;

use std::collections::BTreeMap;
use std::path::Path;

#[test]
fn botocore_protocol_compliance_suites() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().unwrap();
    let services: toml::Table = std::fs::read_to_string(root.join("models/services.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let botocore = services["botocore"].as_str().unwrap().to_owned();
    let protocols = compliance::ensure_suite(&root, &botocore).unwrap_or_else(|e| panic!("{e}"));
    let (models, cases) = compliance::load_cases(&protocols).unwrap_or_else(|e| panic!("{e}"));
    assert!(cases.len() > 150, "only {} cases", cases.len());

    let work = root.join("target/compliance");
    let mut loaded = Vec::new();
    for (module, model) in &models {
        let dir = work.join("models").join(module);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("service-2.json"), model).unwrap();
        let service = codegen::pipeline::load_botocore(&dir)
            .unwrap_or_else(|error| panic!("{module}: the generator refuses the model: {error}"));
        loaded.push((module.clone(), service));
    }
    let mut operation_types = BTreeMap::new();
    for (module, service) in &loaded {
        let names = codegen::naming::ServiceNames::new(service);
        for operation in &service.operations {
            operation_types.insert(
                (module.clone(), operation.name.clone()),
                names.operation(&operation.name).rust.clone(),
            );
        }
    }
    let allowed: BTreeMap<String, String> =
        std::fs::read_to_string(root.join("tests/compliance/allowed.toml"))
            .unwrap()
            .parse::<toml::Table>()
            .unwrap()
            .into_iter()
            .map(|(id, reason)| (id, reason.as_str().unwrap_or_default().to_owned()))
            .collect();
    for id in allowed.keys() {
        assert!(
            cases.iter().any(|case| &case.id == id),
            "allowed.toml names no case {id}"
        );
    }

    let spec = codegen::emit::crate_root::CrateSpec {
        name: "compliance".to_owned(),
        description: "botocore's protocol compliance cases, generated.".to_owned(),
        runtime_path: root.join("runtime").display().to_string(),
    };
    let modules: Vec<(String, &codegen::ir::Service)> = loaded
        .iter()
        .map(|(module, service)| (module.clone(), service))
        .collect();
    let mut generated = codegen::pipeline::generate_crate(&spec, &botocore, &modules)
        .unwrap_or_else(|error| panic!("{error}"));
    let manifest = generated.tree.get_mut(Path::new("Cargo.toml")).unwrap();
    manifest.push_str("\n# Its own workspace, outside the repository's.\n[workspace]\n");
    generated.tree.insert(
        "tests/cases.rs".into(),
        compliance::cases_file("compliance", &cases, &operation_types, &allowed),
    );
    generated.tree.insert(
        "tests/support.rs".into(),
        include_str!("../compliance/support.rs").to_owned(),
    );
    let crate_dir = work.join("crate");
    codegen::files::apply(&crate_dir, &generated.tree, codegen::Mode::Write)
        .unwrap_or_else(|error| panic!("{error}"));

    // The workspace's lock file, so that the crate builds with the versions the workspace
    // was tested with, without resolving again.
    std::fs::copy(root.join("Cargo.lock"), crate_dir.join("Cargo.lock")).unwrap();
    let output = common::nested_cargo(&root)
        .args([
            "test",
            "--features",
            "client",
            "--test",
            "cases",
            "--manifest-path",
        ])
        .arg(crate_dir.join("Cargo.toml"))
        .args(["--", "--include-ignored", "--test-threads", "2"])
        .output()
        .expect("runs cargo");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !stdout.contains("test result") {
        panic!("the compliance crate does not build:\n{stderr}");
    }
    // `test <module>__<id> ... ok|FAILED`, one line per case.
    let mut passed: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut stale = Vec::new();
    for case in &cases {
        let test = format!(
            "{}__{}",
            case.module,
            case.id.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        );
        let ok = stdout.contains(&format!("test {test} ... ok"));
        let entry = passed.entry(case.file.as_str()).or_default();
        entry.1 += 1;
        if ok {
            entry.0 += 1;
        }
        match (ok, allowed.contains_key(&case.id)) {
            (false, false) => failures.push(format!("{} {}", case.file, case.id)),
            (true, true) => stale.push(case.id.clone()),
            _ => {}
        }
    }
    let mut report = String::from("| suite file | cases passed |\n|---|---|\n");
    for (file, (ok, total)) in &passed {
        report.push_str(&format!("| {file} | {ok} / {total} |\n"));
    }
    std::fs::write(work.join("report.md"), &report).unwrap();
    println!("{report}");
    let details: String = stdout
        .split("failures:")
        .nth(1)
        .unwrap_or("")
        .chars()
        .take(20_000)
        .collect();
    assert!(
        failures.is_empty(),
        "{} cases fail and are not in tests/compliance/allowed.toml:\n{}\n{details}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        stale.is_empty(),
        "allowed.toml lists cases that now pass: {stale:?}"
    );
}
