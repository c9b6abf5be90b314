//! `cargo xtask <command>`: the maintainer's entry points.
//!
//! - `codegen [--check | --dry-run]`: regenerate `generated/` from `models/` (see README).
//! - `update-models --botocore VERSION`: refresh `models/` from a botocore release on PyPI.
//! - `verify-models`: check `models/` against the checksums in `models/provenance.json`.
//! - `smithy-facts [--smithy DIR]`: draw the facts botocore drops from the Smithy models.
//! - `sweep --botocore VERSION [--compile N] [--only A,B]`: the generator over every model of
//!   a botocore release, each alone in a child process; a table of what generated.
//! - `sample-models`: trim botocore's models of the AWS sample services into the fixtures.
//! - `vectors`: record botocore's requests and parses as test vectors in `tests/vectors/`.
//! - `bench [RUNS]` (release build): generator time per phase and peak memory.
//! - `build-compare --botocore VERSION A,B`: lines and cold debug builds of our crate of each
//!   service beside aws-sdk-rust's.
//! - `feature-cost`: what the `aws-sdk-config` feature adds to a cold build of `generated/`
//!   with `client`.

/// The generator allocates many small, short-lived values (tokens, strings); mimalloc
/// serves them faster than the system allocator (see the README's generator figures).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod build_compare;
mod codegen_cmd;
mod samples;
mod schema_study;
mod smithy_facts;
mod sweep;
mod update_models;
mod vectors;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check | --dry-run]
       cargo xtask update-models --botocore VERSION
       cargo xtask verify-models
       cargo xtask smithy-facts [--smithy DIR]
       cargo xtask sweep --botocore VERSION [--compile N | --compile-names A,B] [--only A,B]
       cargo xtask sample-models
       cargo xtask vectors
       cargo xtask schema-study
       cargo xtask build-compare --botocore VERSION SERVICE,SERVICE
       cargo xtask feature-cost
       cargo run --release -p xtask -- bench [RUNS]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let root = workspace_root();
    // The sweep's child: exit 2 for a refused model (a panic exits 101).
    if let ["sweep-one", dir] = args.as_slice() {
        return match sweep::one(std::path::Path::new(dir), None) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(message) => {
                eprintln!("{message}");
                ExitCode::from(2)
            }
        };
    }
    let result = match args.as_slice() {
        ["sweep", "--botocore", version, rest @ ..] => {
            sweep_options(version, rest).and_then(|options| sweep::run(&root, &options))
        }
        ["codegen"] => codegen_cmd::run(&root, codegen::Mode::Write),
        ["codegen", "--check"] => codegen_cmd::run(&root, codegen::Mode::Check),
        ["codegen", "--dry-run"] => codegen_cmd::run(&root, codegen::Mode::DryRun),
        ["update-models", "--botocore", version] => update_models::run(&root, version),
        ["verify-models"] => update_models::verify(&root)
            .map(|()| "models/ matches models/provenance.json".to_owned()),
        ["smithy-facts"] => smithy_facts::run(&root, None),
        ["smithy-facts", "--smithy", dir] => smithy_facts::run(&root, Some(dir)),
        ["sample-models"] => samples::run(&root),
        ["vectors"] => vectors::run(&root),
        ["build-compare", "--botocore", version, services] => {
            let services: Vec<String> = services.split(',').map(str::to_owned).collect();
            build_compare::run(&root, version, &services)
        }
        ["feature-cost"] => build_compare::feature_cost(&root),
        ["schema-study"] => schema_study::run(&root),
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

fn sweep_options(version: &str, rest: &[&str]) -> Result<sweep::Options, String> {
    let mut options = sweep::Options {
        botocore: version.to_owned(),
        compile: 0,
        compile_names: None,
        only: None,
    };
    let mut rest = rest.iter();
    while let Some(flag) = rest.next() {
        match (*flag, rest.next()) {
            ("--compile", Some(n)) => {
                options.compile = n.parse().map_err(|_| USAGE.to_owned())?;
            }
            ("--compile-names", Some(names)) => {
                options.compile_names = Some(names.split(',').map(str::to_owned).collect());
            }
            ("--only", Some(names)) => {
                options.only = Some(names.split(',').map(str::to_owned).collect());
            }
            _ => return Err(USAGE.to_owned()),
        }
    }
    Ok(options)
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
