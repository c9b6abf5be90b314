//! `cargo xtask <command>`: the maintainer's entry points.
//!
//! - `codegen [--check | --dry-run]`: regenerate `generated/` from `models/` (see README).
//! - `update-models --botocore VERSION`: refresh `models/` from a botocore release on PyPI.
//! - `verify-models`: check `models/` against the checksums in `models/provenance.json`.
//! - `smithy-facts [--smithy DIR]`: draw the facts botocore drops from the Smithy models.
//! - `vectors`: record botocore's requests and parses as test vectors in `tests/vectors/`.
//! - `bench [RUNS]` (release build): generator time per phase and peak memory.

mod bench;
mod codegen_cmd;
mod smithy_facts;
mod update_models;
mod vectors;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check | --dry-run]
       cargo xtask update-models --botocore VERSION
       cargo xtask verify-models
       cargo xtask smithy-facts [--smithy DIR]
       cargo xtask vectors
       cargo run --release -p xtask -- bench [RUNS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    let result = match args.as_slice() {
        ["codegen"] => codegen_cmd::run(&root, codegen::Mode::Write),
        ["codegen", "--check"] => codegen_cmd::run(&root, codegen::Mode::Check),
        ["codegen", "--dry-run"] => codegen_cmd::run(&root, codegen::Mode::DryRun),
        ["update-models", "--botocore", version] => update_models::run(&root, version),
        ["verify-models"] => update_models::verify(&root)
            .map(|()| "models/ matches models/provenance.json".to_owned()),
        ["smithy-facts"] => smithy_facts::run(&root, None),
        ["smithy-facts", "--smithy", dir] => smithy_facts::run(&root, Some(dir)),
        ["vectors"] => vectors::run(&root),
        ["bench"] => bench::run(&root, 10),
        ["bench", runs] => match runs.parse() {
            Ok(runs) => bench::run(&root, runs),
            Err(_) => Err(USAGE.to_owned()),
        },
        _ => Err(USAGE.to_owned()),
    };
    match result {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root: xtask lives one level below it.
fn workspace_root() -> PathBuf {
    let manifest_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .map(PathBuf::from)
        .unwrap_or(manifest_dir)
}

#[cfg(test)]
mod tests {
    /// The committed models are exactly the files `update-models` recorded in
    /// `models/provenance.json` (nobody edited them by hand).
    #[test]
    fn models_match_their_provenance() {
        if let Err(problems) = crate::update_models::verify(&crate::workspace_root()) {
            panic!("{problems}");
        }
    }
}
