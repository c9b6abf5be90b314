//! `cargo xtask build-compare --botocore VERSION SERVICE,...`: our generated crate of each
//! service beside the matching aws-sdk-rust crate (`aws-sdk-<service>` 1.x from crates.io),
//! built the same way on this machine: a debug build from nothing (a fresh target directory,
//! dependencies included), then the service crate alone (`cargo clean -p` and build again),
//! with its lines of Rust. Ours is built with its `client` feature (hyper, rustls, SigV4), theirs
//! with its default features (an HTTPS client and Tokio). Run it on an otherwise idle machine:
//! the timings are wall-clock.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One side's figures for one service.
struct Built {
    cold_seconds: f64,
    alone_seconds: f64,
}

pub fn run(root: &Path, botocore: &str, services: &[String]) -> Result<String, String> {
    let base = root
        .join("target/sweep")
        .join(format!("botocore-{botocore}"));
    let data = crate::sweep::unpack(&base, botocore)?;
    let work = root.join("target/build-compare");
    let mut table = String::from(
        "| service | crate | lines | cold debug build | the crate alone |\n|---|---|---|---|---|\n",
    );
    for service in services {
        let model = crate::sweep::list_services(&data)?
            .into_iter()
            .find(|(name, _)| name == service)
            .map(|(_, dir)| dir)
            .ok_or_else(|| format!("botocore {botocore} has no service `{service}`"))?;
        let ours_dir = work.join("ours").join(service);
        crate::sweep::one(&model, Some(&ours_dir))?;
        let ours_name = format!("awsgen-sweep-{}", service.to_lowercase());
        let ours = build(&work, &ours_dir, &ours_name, &["--features", "client"])?;
        let ours_lines = count_lines(&ours_dir.join("src"));
        table.push_str(&row(service, &ours_name, ours_lines, &ours));

        let theirs_name = format!("aws-sdk-{}", service.replace('-', ""));
        let theirs_dir = work.join("theirs").join(service);
        fs::create_dir_all(theirs_dir.join("src")).map_err(|e| e.to_string())?;
        fs::write(
            theirs_dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"compare-{service}\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\
                 publish = false\n\n[dependencies]\n{theirs_name} = \"1\"\n\n[workspace]\n"
            ),
        )
        .map_err(|e| e.to_string())?;
        fs::write(theirs_dir.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
        let theirs = build(&work, &theirs_dir, &theirs_name, &[])?;
        let theirs_lines = registry_source(&theirs_name)
            .map(|src| count_lines(&src))
            .unwrap_or(0);
        table.push_str(&row(service, &theirs_name, theirs_lines, &theirs));
    }
    Ok(table)
}

/// `cargo xtask feature-cost`: the Partner Central crate (`generated/`) built from nothing
/// with `client`, then with `client` and `aws-sdk-config`, each in a fresh target directory:
/// the crates compiled, the cold debug build and the crate alone. Wall-clock: run it on an
/// otherwise idle machine.
pub fn feature_cost(root: &Path) -> Result<String, String> {
    let work = root.join("target/feature-cost");
    let dir = root.join("generated");
    let mut table = String::from(
        "| features | crates compiled | cold debug build | the crate alone |\n|---|---|---|---|\n",
    );
    for features in ["client", "client,aws-sdk-config"] {
        let crates = crate_count(&dir, features)?;
        let built = build(&work, &dir, "partnercentral", &["--features", features])?;
        table.push_str(&format!(
            "| `{features}` | {crates} | {:.1} s | {:.1} s |\n",
            built.cold_seconds, built.alone_seconds
        ));
    }
    Ok(table)
}

/// The packages a build of the crate at `dir` with `features` compiles (`cargo tree`,
/// normal and build dependencies, each once).
fn crate_count(dir: &Path, features: &str) -> Result<usize, String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["tree", "--quiet", "--prefix", "none", "-e", "normal,build"])
        .args(["--format", "{p}", "--features", features, "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .output()
        .map_err(|e| format!("cannot run cargo tree: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo tree failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let packages: std::collections::BTreeSet<&str> = text
        .lines()
        .map(|line| line.trim_end_matches(" (*)").trim())
        .filter(|line| !line.is_empty())
        .collect();
    Ok(packages.len())
}

fn row(service: &str, name: &str, lines: usize, built: &Built) -> String {
    format!(
        "| {service} | {name} | {lines} | {:.1} s | {:.1} s |\n",
        built.cold_seconds, built.alone_seconds
    )
}

/// Builds the crate at `dir` from nothing, then `package` alone again.
fn build(work: &Path, dir: &Path, package: &str, flags: &[&str]) -> Result<Built, String> {
    let target = work.join("target");
    let _ = fs::remove_dir_all(&target);
    let cargo = |args: &[&str]| -> Result<f64, String> {
        let start = Instant::now();
        let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(args)
            .arg("--manifest-path")
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        match status.success() {
            true => Ok(start.elapsed().as_secs_f64()),
            false => Err(format!(
                "cargo {} in {} failed",
                args.join(" "),
                dir.display()
            )),
        }
    };
    let mut build_args = vec!["build", "--quiet"];
    build_args.extend_from_slice(flags);
    let cold_seconds = cargo(&build_args)?;
    cargo(&["clean", "--quiet", "-p", package])?;
    let alone_seconds = cargo(&build_args)?;
    let _ = fs::remove_dir_all(&target);
    Ok(Built {
        cold_seconds,
        alone_seconds,
    })
}

/// The newest downloaded source of a registry crate.
fn registry_source(name: &str) -> Option<PathBuf> {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")))?;
    let prefix = format!("{name}-");
    let mut found: Vec<PathBuf> = fs::read_dir(home.join("registry/src"))
        .ok()?
        .filter_map(Result::ok)
        .flat_map(|index| fs::read_dir(index.path()).into_iter().flatten())
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            path.file_name()
                .and_then(|n| n.to_str())
                .and_then(|n| n.strip_prefix(&prefix))
                .is_some_and(|version| version.starts_with(|c: char| c.is_ascii_digit()))
        })
        .collect();
    found.sort();
    found.pop().map(|dir| dir.join("src"))
}

/// Lines of the `.rs` files under `dir`.
fn count_lines(dir: &Path) -> usize {
    let Ok(entries) = fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .map(|path| match path.is_dir() {
            true => count_lines(&path),
            false if path.extension().is_some_and(|e| e == "rs") => fs::read_to_string(&path)
                .map(|text| text.lines().count())
                .unwrap_or(0),
            false => 0,
        })
        .sum()
}
