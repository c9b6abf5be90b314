//! `cargo xtask vectors`: regenerate `tests/vectors/<service>.json` from botocore itself.
//!
//! The vectors record what botocore (the version pinned in `models/services.toml`) sends for
//! given parameters and how it parses responses and errors, with the models read from this
//! repository; `xtask/vectors/make_vectors.py` documents the format. botocore lives in a
//! virtualenv at `target/botocore-venv` ([`ensure_venv`]), created on first use and reused while
//! its pinned requirements are unchanged.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The virtualenv holding botocore, relative to the repository root.
pub const VENV_DIR: &str = "target/botocore-venv";
/// The vector generator, relative to the repository root.
pub const SCRIPT: &str = "xtask/vectors/make_vectors.py";
/// Written into the venv after a successful install: the requirements it holds.
const MARKER: &str = "xtask-requirements.txt";

/// The pinned requirements of the venv. The vector script needs nothing but botocore (and its
/// own dependencies, which pip resolves).
fn requirements(botocore_version: &str) -> Vec<String> {
    vec![format!("botocore=={botocore_version}")]
}

/// The `botocore = "..."` pin of `models/services.toml`. (Parsed here rather than through
/// `update_models` so that other crates' tests can include this file on its own with `#[path]`.)
pub fn botocore_version(root: &Path) -> Result<String, String> {
    let path = root.join("models/services.toml");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let table: toml::Table = text
        .parse()
        .map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    match table.get("botocore") {
        Some(toml::Value::String(v)) if !v.is_empty() => Ok(v.clone()),
        _ => Err(format!(
            "{} has no `botocore = \"VERSION\"`",
            path.display()
        )),
    }
}

fn venv_python(venv: &Path) -> PathBuf {
    if cfg!(windows) {
        venv.join("Scripts").join("python.exe")
    } else {
        venv.join("bin").join("python")
    }
}

fn run_quiet(cmd: &mut Command, what: &str) -> Result<String, String> {
    let out = cmd
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {what}: {e}"))?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let lines: Vec<&str> = stderr.trim_end().lines().collect();
        let tail = lines[lines.len().saturating_sub(20)..].join("\n");
        return Err(format!("{what} failed ({}):\n{tail}", out.status));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Creates (or reuses) `target/botocore-venv` with `botocore==<services.toml's botocore>` and
/// returns its python executable. Reuse needs the marker file to list exactly the wanted
/// requirements and the venv's python to import that botocore; otherwise the venv is rebuilt.
pub fn ensure_venv(root: &Path) -> Result<PathBuf, String> {
    let botocore = botocore_version(root)?;
    let wanted = requirements(&botocore);
    let wanted_text = wanted.join("\n") + "\n";
    let venv = root.join(VENV_DIR);
    let python = venv_python(&venv);
    let marker = venv.join(MARKER);
    let check = format!(
        "import botocore, sys; sys.exit(0 if botocore.__version__ == {:?} else 1)",
        botocore
    );

    let ready = || {
        fs::read_to_string(&marker).ok().as_deref() == Some(wanted_text.as_str())
            && Command::new(&python)
                .args(["-c", &check])
                .stdin(Stdio::null())
                .output()
                .is_ok_and(|o| o.status.success())
    };
    if ready() {
        return Ok(python);
    }
    // Tests in separate processes may get here together: one builds, the others wait.
    let _lock = VenvLock::acquire(&root.join(format!("{VENV_DIR}.lock")))?;
    if ready() {
        return Ok(python);
    }

    // Start from a clean venv: a half-installed or stale one is not worth repairing.
    if venv.exists() {
        fs::remove_dir_all(&venv).map_err(|e| format!("cannot remove {}: {e}", venv.display()))?;
    }
    fs::create_dir_all(venv.parent().unwrap_or(root))
        .map_err(|e| format!("cannot create {}: {e}", venv.display()))?;
    run_quiet(
        Command::new("python3").args(["-m", "venv"]).arg(&venv),
        "`python3 -m venv`",
    )?;
    run_quiet(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--no-input",
            ])
            .args(&wanted),
        &format!("`pip install {}` in {VENV_DIR}", wanted.join(" ")),
    )?;
    run_quiet(
        Command::new(&python).args(["-c", &check]),
        "the botocore check in the new venv",
    )?;
    fs::write(&marker, wanted_text)
        .map_err(|e| format!("cannot write {}: {e}", marker.display()))?;
    Ok(python)
}

/// A lock file next to the venv, removed on drop. A lock older than the longest plausible
/// install is taken to be left over from a killed process.
struct VenvLock(PathBuf);

impl VenvLock {
    fn acquire(path: &Path) -> Result<VenvLock, String> {
        const STALE: Duration = Duration::from_secs(15 * 60);
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let start = Instant::now();
        loop {
            match fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(_) => return Ok(VenvLock(path.to_path_buf())),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = fs::metadata(path)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok());
                    if age.is_some_and(|a| a > STALE) {
                        let _ = fs::remove_file(path);
                    } else if start.elapsed() > STALE {
                        return Err(format!(
                            "gave up waiting for {} (remove it if no install is running)",
                            path.display()
                        ));
                    } else {
                        std::thread::sleep(Duration::from_millis(250));
                    }
                }
                Err(e) => return Err(format!("cannot create {}: {e}", path.display())),
            }
        }
    }
}

impl Drop for VenvLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.0);
    }
}

/// The recorder of the AWS sample services (`tests/vectors/aws-<service>.json`).
pub const AWS_SCRIPT: &str = "xtask/vectors/aws_samples.py";

/// Runs `cargo xtask vectors`: ensures the venv, then runs the generators, which write
/// `tests/vectors/<service>.json` for every Partner Central service and
/// `tests/vectors/aws-<service>.json` for every AWS sample service. Returns their summaries.
pub fn run(root: &Path) -> Result<String, String> {
    let python = ensure_venv(root)?;
    let mut summary = Vec::new();
    for script in [SCRIPT, AWS_SCRIPT] {
        summary.push(run_script(root, &python, script)?);
    }
    Ok(summary.join("; "))
}

fn run_script(root: &Path, python: &Path, script: &str) -> Result<String, String> {
    let out = Command::new(python)
        .arg(root.join(script))
        .arg("--root")
        .arg(root)
        .env("PYTHONHASHSEED", "0")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUTF8", "1")
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run {script}: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).trim().to_string();
    if !out.status.success() {
        return Err(format!(
            "{script} failed ({}){}",
            out.status,
            if stdout.is_empty() {
                String::new()
            } else {
                format!(":\n{stdout}")
            }
        ));
    }
    Ok(stdout.lines().collect::<Vec<_>>().join("; "))
}
