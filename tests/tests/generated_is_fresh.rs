//! `generated/`, `identity/` and the fixtures crate are exactly what the generator makes of `models/` and
//! `tests/fixtures/models/` (the `cargo xtask codegen --check` of the test suite).

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn assert_fresh(output: &str, generated: codegen::Generated) {
    let changes = codegen::files::compare(&root().join(output), &generated.tree).unwrap();
    assert!(
        changes.is_empty(),
        "{output} is out of date; run `cargo xtask codegen`:\n{}",
        changes.report()
    );
}

#[test]
fn generated_crate_is_up_to_date() {
    assert_fresh(
        "generated",
        codegen::generate(&root().join("models")).unwrap(),
    );
}

#[test]
fn identity_crate_is_up_to_date() {
    assert_fresh(
        "identity",
        codegen::generate_identity(&root().join("models")).unwrap(),
    );
}

#[test]
fn fixtures_crate_is_up_to_date() {
    assert_fresh(
        "tests/fixtures/generated",
        codegen::generate_fixtures(&root().join("tests/fixtures")).unwrap(),
    );
}

#[test]
fn generation_is_deterministic() {
    let models = root().join("models");
    let first = codegen::generate(&models).unwrap().tree;
    let second = codegen::generate(&models).unwrap().tree;
    assert_eq!(first, second);
}

#[test]
fn check_mode_reports_stale_missing_and_extra_files() {
    let generated = codegen::generate_fixtures(&root().join("tests/fixtures")).unwrap();
    let dir = std::env::temp_dir().join(format!("awsgen-check-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    codegen::files::apply(&dir, &generated.tree, codegen::Mode::Write).unwrap();
    assert!(
        codegen::files::compare(&dir, &generated.tree)
            .unwrap()
            .is_empty()
    );

    let lib = dir.join("src/lib.rs");
    std::fs::write(&lib, "// edited by hand\n").unwrap();
    std::fs::remove_file(dir.join("Cargo.toml")).unwrap();
    std::fs::write(dir.join("src/stray.rs"), "").unwrap();
    let changes = codegen::files::apply(&dir, &generated.tree, codegen::Mode::Check).unwrap();
    assert_eq!(changes.stale, [PathBuf::from("src/lib.rs")]);
    assert_eq!(changes.missing, [PathBuf::from("Cargo.toml")]);
    assert_eq!(changes.extra, [PathBuf::from("src/stray.rs")]);
    assert!(
        changes.diff.contains("-// edited by hand"),
        "{}",
        changes.diff
    );
    // Check and DryRun change nothing.
    codegen::files::apply(&dir, &generated.tree, codegen::Mode::DryRun).unwrap();
    assert_eq!(
        std::fs::read_to_string(&lib).unwrap(),
        "// edited by hand\n"
    );

    // Write repairs all three at once.
    codegen::files::apply(&dir, &generated.tree, codegen::Mode::Write).unwrap();
    assert!(
        codegen::files::compare(&dir, &generated.tree)
            .unwrap()
            .is_empty()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
