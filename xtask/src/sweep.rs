//! `cargo xtask sweep --botocore VERSION [--compile N] [--only NAME,NAME]`: the generator
//! over every service of a botocore release, as a maintainer adding any of them would run it.
//!
//! The wheel is fetched as `update-models` fetches it and every service's latest model
//! (`service-2.json`, `paginators-1.json`, `endpoint-rule-set-1.json`) unpacked under
//! `target/sweep/botocore-VERSION/` (kept for the next run). Each model is generated alone in
//! a child process (`xtask sweep-one DIR`), two at a time, with a time limit, so that a panic,
//! a stack overflow or a hang is seen as what it is: the table says, per service, generated
//! (lines, time, peak memory), refused (the error) or crashed / hung. With `--compile N`, N
//! of the generated crates (ec2 and sagemaker first, then evenly spaced) are written out
//! and checked with `cargo clippy -- -D warnings`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How long one model may take to generate before it counts as hung.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// argv: wheel, output dir. Unpacks the latest API version of every service and prints the
/// list of `<name>/<version>` written.
const UNPACK_PY: &str = r#"
import gzip, json, os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
files = ["service-2.json", "paginators-1.json", "endpoint-rule-set-1.json"]
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    versions = {}
    for n in names:
        parts = n.split("/")
        if len(parts) == 5 and parts[:2] == ["botocore", "data"] and parts[4].startswith("service-2.json"):
            versions.setdefault(parts[2], []).append(parts[3])
    written = []
    for service, vs in sorted(versions.items()):
        version = max(vs)
        for f in files:
            for member in ("botocore/data/%s/%s/%s" % (service, version, f), "botocore/data/%s/%s/%s.gz" % (service, version, f)):
                if member in names:
                    data = z.read(member)
                    if member.endswith(".gz"):
                        data = gzip.decompress(data)
                    dest = os.path.join(out, service, version, f)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    with open(dest, "wb") as fh:
                        fh.write(data)
                    break
        written.append(service + "/" + version)
json.dump(written, sys.stdout)
"#;

pub struct Options {
    pub botocore: String,
    /// How many generated crates to clippy-check (a sample, ec2 and sagemaker first).
    pub compile: usize,
    /// Exactly these crates to clippy-check instead of a sample (`--compile-names`).
    pub compile_names: Option<Vec<String>>,
    /// Only these services (`--only`).
    pub only: Option<Vec<String>>,
}

/// What became of one model.
#[derive(Debug, Clone)]
enum Outcome {
    Generated {
        lines: usize,
        millis: u128,
        peak_kb: u64,
        /// The child's `warning:` lines (unchecked patterns).
        warnings: Vec<String>,
    },
    Refused(String),
    Crashed(String),
    Hung,
}

pub fn run(root: &Path, options: &Options) -> Result<String, String> {
    let started = Instant::now();
    let base = root
        .join("target/sweep")
        .join(format!("botocore-{}", options.botocore));
    let data = unpack(&base, &options.botocore)?;
    let mut services = list_services(&data)?;
    if let Some(only) = &options.only {
        services.retain(|(name, _)| only.contains(name));
    }
    let outcomes = generate_all(&services)?;
    let generate_time = started.elapsed();

    let mut report = String::new();
    let _ = writeln!(report, "| service | outcome | lines | ms | peak MB |");
    let _ = writeln!(report, "|---|---|---|---|---|");
    let (mut generated, mut refused, mut crashed, mut hung) = (0, 0, 0, 0);
    let mut worst_peak = (0u64, String::new());
    let mut total_lines = 0;
    let mut total_warnings = 0;
    for ((name, _), outcome) in services.iter().zip(&outcomes) {
        let row = match outcome {
            Outcome::Generated {
                lines,
                millis,
                peak_kb,
                warnings,
            } => {
                generated += 1;
                total_lines += lines;
                total_warnings += warnings.len();
                if *peak_kb > worst_peak.0 {
                    worst_peak = (*peak_kb, name.clone());
                }
                let note = if warnings.is_empty() {
                    String::new()
                } else {
                    let shown: Vec<&str> = warnings
                        .iter()
                        .map(|w| w.rsplit_once(": shape ").map_or(w.as_str(), |(_, s)| s))
                        .collect();
                    format!(", with warnings: {}", shown.join("; ").replace('|', "\\|"))
                };
                format!("generated{note} | {lines} | {millis} | {}", peak_kb / 1024)
            }
            Outcome::Refused(why) => {
                refused += 1;
                format!("refused: {} | | |", why.replace('|', "\\|"))
            }
            Outcome::Crashed(why) => {
                crashed += 1;
                format!("**crashed**: {} | | |", why.replace('|', "\\|"))
            }
            Outcome::Hung => {
                hung += 1;
                format!("**hung** (over {}s) | | |", TIME_LIMIT.as_secs())
            }
        };
        let _ = writeln!(report, "| {name} | {row} |");
    }
    let mut summary = format!(
        "botocore {}: {generated}/{} generate ({total_warnings} patterns left unchecked), {refused} refused, {crashed} crashed, {hung} hung; {total_lines} lines in {:.1?} ({} at a time); largest peak memory {} MB ({})",
        options.botocore,
        services.len(),
        generate_time,
        parallelism(),
        worst_peak.0 / 1024,
        worst_peak.1,
    );

    let mut compile_failures = Vec::new();
    if options.compile > 0 || options.compile_names.is_some() {
        let generated: Vec<&(String, PathBuf)> = services
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| matches!(o, Outcome::Generated { .. }))
            .map(|(s, _)| s)
            .collect();
        let sample = match &options.compile_names {
            Some(names) => generated
                .iter()
                .copied()
                .filter(|(name, _)| names.contains(name))
                .collect(),
            None => sample(&generated, options.compile),
        };
        let sample_size = sample.len();
        for (name, dir) in sample {
            let started = Instant::now();
            let result = compile(root, &base, name, dir);
            let line = match &result {
                Ok(()) => format!(
                    "{name}: clippy -D warnings clean ({:.1?})",
                    started.elapsed()
                ),
                Err(why) => format!("{name}: FAILED ({:.1?}): {why}", started.elapsed()),
            };
            println!("{line}");
            let _ = writeln!(report, "\n{line}");
            if result.is_err() {
                compile_failures.push(name.clone());
            }
        }
        let _ = write!(
            summary,
            "; compiled {sample_size} crates, {} failed",
            compile_failures.len()
        );
    }
    let report_path = base.join("report.md");
    let _ = fs::write(&report_path, format!("{summary}\n\n{report}"));
    print!("{report}");
    if generated == services.len() && compile_failures.is_empty() {
        Ok(format!("{summary}\n(report: {})", report_path.display()))
    } else {
        Err(format!("{summary}\n(report: {})", report_path.display()))
    }
}

fn parallelism() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// The unpacked models, fetched and unpacked once per botocore version.
pub fn unpack(base: &Path, version: &str) -> Result<PathBuf, String> {
    let data = base.join("data");
    let complete = base.join(".complete");
    if complete.exists() {
        return Ok(data);
    }
    let _ = fs::remove_dir_all(&data);
    let wheel = crate::update_models::download_wheel(&base.join("download"), version)?;
    let out = Command::new("python3")
        .arg("-c")
        .arg(UNPACK_PY)
        .arg(&wheel)
        .arg(&data)
        .output()
        .map_err(|e| format!("cannot run python3 to unpack the wheel: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "unpacking {} failed: {}",
            wheel.display(),
            crate::update_models::stderr_tail(&out.stderr)
        ));
    }
    fs::write(&complete, &out.stdout)
        .map_err(|e| format!("cannot write {}: {e}", complete.display()))?;
    Ok(data)
}

/// `(service name, model directory)`, sorted by name.
fn list_services(data: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let mut services = Vec::new();
    let entries = fs::read_dir(data).map_err(|e| format!("cannot list {}: {e}", data.display()))?;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let versions = fs::read_dir(entry.path())
            .map_err(|e| format!("cannot list {}: {e}", entry.path().display()))?;
        let latest = versions
            .filter_map(Result::ok)
            .map(|v| v.path())
            .filter(|p| p.join("service-2.json").exists())
            .max();
        if let Some(dir) = latest {
            services.push((name, dir));
        }
    }
    services.sort();
    Ok(services)
}

/// Runs `sweep-one` for every model, [`parallelism`] at a time.
fn generate_all(services: &[(String, PathBuf)]) -> Result<Vec<Outcome>, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask itself: {e}"))?;
    let next = AtomicUsize::new(0);
    let results: Mutex<BTreeMap<usize, Outcome>> = Mutex::default();
    std::thread::scope(|scope| {
        for _ in 0..parallelism() {
            scope.spawn(|| {
                while let Some((index, (_, dir))) = {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    services.get(index).map(|service| (index, service))
                } {
                    let outcome = generate_one(&exe, dir);
                    results
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .insert(index, outcome);
                }
            });
        }
    });
    let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
    Ok(results.into_values().collect())
}

fn generate_one(exe: &Path, dir: &Path) -> Outcome {
    let started = Instant::now();
    let child = Command::new(exe)
        .arg("sweep-one")
        .arg(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => return Outcome::Crashed(format!("cannot start: {e}")),
    };
    // Drain the pipes on threads so a chatty child cannot block on a full pipe.
    let out_reader = drain(child.stdout.take());
    let err_reader = drain(child.stderr.take());
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break None,
        }
    };
    let stdout = out_reader.join().unwrap_or_default();
    let stderr = err_reader.join().unwrap_or_default();
    let Some(status) = status else {
        return Outcome::Hung;
    };
    let last_line = |text: &str| text.lines().last().unwrap_or_default().to_owned();
    match status.code() {
        Some(0) => {
            let field = |key: &str| {
                stdout
                    .split_whitespace()
                    .find_map(|word| word.strip_prefix(key))
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or_default()
            };
            Outcome::Generated {
                lines: field("lines=") as usize,
                millis: started.elapsed().as_millis(),
                peak_kb: field("peak_kb="),
                warnings: stderr
                    .lines()
                    .filter_map(|l| l.strip_prefix("warning: "))
                    .map(str::to_owned)
                    .collect(),
            }
        }
        // `sweep-one` exits 2 for a refusal; a panic exits 101; a signal has no code.
        Some(2) => Outcome::Refused(last_line(&stderr)),
        Some(code) => Outcome::Crashed(format!("exit {code}: {}", last_line(&stderr))),
        None => Outcome::Crashed(format!("killed by a signal: {}", last_line(&stderr))),
    }
}

/// Reads a child's pipe to the end on a thread of its own.
fn drain<R: Read + Send + 'static>(pipe: Option<R>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

/// The child: generates one model's crate in memory (or writes it to `write_to`) and prints
/// `lines=N peak_kb=N`. Exit 2 with the error on stderr for a refusal.
pub fn one(dir: &Path, write_to: Option<&Path>) -> Result<String, String> {
    let service = codegen::pipeline::load_botocore(dir).map_err(|e| e.to_string())?;
    let module = module_name(&service.name);
    let spec = codegen::emit::crate_root::CrateSpec {
        name: format!("awsgen-sweep-{}", service.name.to_lowercase()),
        description: format!("{} generated by awsgen's sweep.", service.full_name),
        runtime_path: runtime_path(),
    };
    let generated = codegen::pipeline::generate_crate(&spec, "sweep", &[(module, &service)])
        .map_err(|e| e.to_string())?;
    if let Some(out) = write_to {
        codegen::files::apply(out, &generated.tree, codegen::Mode::Write)
            .map_err(|e| e.to_string())?;
    }
    for warning in &service.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(format!("lines={} peak_kb={}", generated.lines(), peak_kb()))
}

/// The runtime crate's absolute path, for a generated crate outside the workspace.
fn runtime_path() -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new(".."));
    root.join("runtime").display().to_string()
}

/// A service's module: its name in snake case (`elasticloadbalancingv2` stays, `-` is `_`).
fn module_name(service: &str) -> String {
    let module: String = service
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if module.starts_with(|c: char| c.is_ascii_digit())
        || codegen::emit::SERVICE_SUBMODULES.contains(&module.as_str())
    {
        format!("service_{module}")
    } else {
        module
    }
}

/// Peak resident memory of this process (`VmHWM`), in KiB.
fn peak_kb() -> u64 {
    fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or_default()
}

/// `n` services to compile: ec2 and sagemaker (the largest) first, then evenly spaced.
fn sample<'a>(generated: &[&'a (String, PathBuf)], n: usize) -> Vec<&'a (String, PathBuf)> {
    let mut picked: Vec<&(String, PathBuf)> = Vec::new();
    for must in ["ec2", "sagemaker"] {
        if let Some(service) = generated.iter().find(|(name, _)| name == must) {
            picked.push(service);
        }
    }
    let rest: Vec<&&(String, PathBuf)> = generated
        .iter()
        .filter(|s| !picked.iter().any(|p| p.0 == s.0))
        .collect();
    let wanted = n.saturating_sub(picked.len());
    for i in 0..wanted.min(rest.len()) {
        picked.push(rest[i * rest.len() / wanted.max(1)]);
    }
    picked.truncate(n);
    picked
}

/// Writes the crate of one model under `base/crates/` and runs clippy on it.
fn compile(root: &Path, base: &Path, name: &str, dir: &Path) -> Result<(), String> {
    let out = base.join("crates").join(name);
    one(dir, Some(&out))?;
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--quiet", "--all-features", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        // The target directory the tests' nested builds share; no incremental state or
        // debuginfo, which would take gigabytes over many crates.
        .env("CARGO_TARGET_DIR", root.join("target/nested"))
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .output()
        .map_err(|e| format!("cannot run cargo clippy: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let first_errors: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with("error") || l.starts_with("warning") || l.contains("-->"))
            .take(12)
            .collect();
        Err(first_errors.join("\n"))
    }
}
