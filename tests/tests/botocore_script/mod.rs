//! Runs a script of `tests/botocore/` with the botocore of the virtualenv under `target/`
//! (created on first use: without Python 3 and PyPI the calling test fails, it does not
//! skip), JSON in on stdin and JSON out on stdout.

use std::io::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};

#[allow(dead_code)]
#[path = "../../../xtask/src/vectors.rs"]
mod vectors;

/// `script` (relative to the repository root) run on `input`; its output, parsed.
pub fn run_json(root: &Path, script: &str, input: &serde_json::Value) -> serde_json::Value {
    let python = vectors::ensure_venv(root).unwrap_or_else(|e| panic!("botocore venv: {e}"));
    let mut child = Command::new(&python)
        .arg(root.join(script))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs the venv's python");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.to_string().as_bytes())
        .expect("writes the input");
    let output = child.wait_with_output().expect("python finishes");
    assert!(
        output.status.success(),
        "{script} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("{script} output: {e}"))
}
