//! `cargo xtask sample-models`: the trimmed AWS sample models of the fixtures crate.
//!
//! `tests/fixtures/aws-samples.toml` lists a few operations of ten AWS services (every
//! protocol); `xtask/vectors/sample_models.py` copies each service's botocore `service-2.json`
//! (of the botocore pinned in `models/services.toml`, unpacked from its wheel under
//! `target/sweep/` as the sweep does) into `tests/fixtures/models/aws-<service>/` with only
//! those operations and the shapes they reach. The full models would take minutes to compile.

use std::path::Path;
use std::process::{Command, Stdio};

/// The table of sample services and operations, relative to the repository root.
pub const TABLE: &str = "tests/fixtures/aws-samples.toml";
const SCRIPT: &str = "xtask/vectors/sample_models.py";

/// Writes the trimmed models; returns the script's summary.
pub fn run(root: &Path) -> Result<String, String> {
    let botocore = crate::vectors::botocore_version(root)?;
    let data = crate::sweep::unpack(
        &root
            .join("target/sweep")
            .join(format!("botocore-{botocore}")),
        &botocore,
    )?;
    let out = Command::new("python3")
        .arg(root.join(SCRIPT))
        .arg("--data")
        .arg(&data)
        .arg("--table")
        .arg(root.join(TABLE))
        .arg("--out")
        .arg(root.join("tests/fixtures/models"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {SCRIPT}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    if !out.status.success() {
        return Err(format!("{SCRIPT} failed ({}): {stdout}", out.status));
    }
    Ok(stdout.lines().collect::<Vec<_>>().join("; "))
}
