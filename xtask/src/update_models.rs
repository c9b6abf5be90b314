//! `cargo xtask update-models --botocore VERSION`: refresh the botocore model files in `models/`.
//!
//! Fetches the botocore wheel of that version from PyPI (`python3 -m pip download --no-deps`),
//! extracts, for every service in `models/services.toml`, the files
//! `botocore/data/<name>/<version>/{service-2,paginators-1,endpoint-rule-set-1}.json[.gz]`
//! (and `waiters-2.json[.gz]` where the service has waiters)
//! (gunzipped) with python3's `zipfile`/`gzip`, and writes them uncompressed to
//! `models/<name>/<version>/`. Then it records where they came from in `models/provenance.json`
//! and sets the `botocore = "..."` line of `services.toml`. Every file is written atomically
//! (temporary file in the same directory, then rename), and nothing is written unless every
//! service was found in the wheel.
//!
//! [`verify`] checks the files listed in `provenance.json` against their recorded sha256.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The files taken from botocore for each service, in `models/<name>/<version>/`.
pub const MODEL_FILES: [&str; 3] = [
    "service-2.json",
    "paginators-1.json",
    "endpoint-rule-set-1.json",
];

/// Files taken when botocore has them: a service without waiters has no `waiters-2.json`.
pub const OPTIONAL_MODEL_FILES: [&str; 1] = ["waiters-2.json"];

/// Repo-relative path of the services list.
pub const SERVICES_TOML: &str = "models/services.toml";
/// Repo-relative path of the provenance record.
pub const PROVENANCE_JSON: &str = "models/provenance.json";

/// `models/services.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct ServicesToml {
    /// The botocore release the model files come from.
    pub botocore: String,
    /// Every service whose files are fetched: the `[[service]]` tables, then the
    /// `[[identity]]` ones (the STS and SSO clients of the credential chain).
    #[serde(rename = "service", default)]
    pub services: Vec<Service>,
    #[serde(rename = "identity", default)]
    identity: Vec<Service>,
}

/// One `[[service]]` table of `models/services.toml`.
#[derive(Debug, Clone, Deserialize)]
pub struct Service {
    /// botocore data directory name, e.g. `partnercentral-selling`.
    pub name: String,
    /// API version, e.g. `2022-07-26`.
    pub version: String,
    /// Rust module and cargo feature of the generated crate.
    pub module: String,
}

impl Service {
    /// Repo-relative directory of this service's model files (`/`-separated).
    pub fn model_dir(&self) -> String {
        format!("models/{}/{}", self.name, self.version)
    }
}

/// Reads and checks `models/services.toml`.
pub fn read_services(root: &Path) -> Result<ServicesToml, String> {
    let path = root.join(SERVICES_TOML);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut parsed: ServicesToml =
        toml::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    let identity = std::mem::take(&mut parsed.identity);
    parsed.services.extend(identity);
    if parsed.services.is_empty() {
        return Err(format!("{} lists no [[service]]", path.display()));
    }
    check_version(&parsed.botocore).map_err(|e| format!("{}: {e}", path.display()))?;
    for s in &parsed.services {
        for (what, v) in [
            ("name", &s.name),
            ("version", &s.version),
            ("module", &s.module),
        ] {
            let ok = !v.is_empty()
                && v != "."
                && v != ".."
                && v.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
            if !ok {
                return Err(format!(
                    "{}: service {what} {v:?} is not a plain name",
                    path.display()
                ));
            }
        }
    }
    Ok(parsed)
}

fn check_version(v: &str) -> Result<(), String> {
    let ok = v.starts_with(|c: char| c.is_ascii_digit())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+' | '!'));
    if ok {
        Ok(())
    } else {
        Err(format!("{v:?} is not a botocore version"))
    }
}

/// `models/provenance.json`. Fields are declared in alphabetical order and the files are a
/// `BTreeMap`, so the output has sorted keys whatever serde_json's features are.
#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Provenance {
    botocore_version: String,
    /// Repo-relative path -> where it came from.
    files: BTreeMap<String, FileRecord>,
    generated_by: String,
    wheel: WheelRecord,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct FileRecord {
    sha256: String,
    /// Path of the member inside the wheel (`.gz` when botocore ships it compressed).
    source: String,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct WheelRecord {
    file: String,
    sha256: String,
}

/// What the python extraction step reports (see [`EXTRACT_PY`]).
#[derive(Debug, Deserialize)]
struct Extracted {
    /// `<name>/<version>/<file>` -> wheel member it was taken from.
    found: BTreeMap<String, String>,
    /// service name -> API versions present in the wheel.
    versions: BTreeMap<String, Vec<String>>,
}

/// argv: wheel, output dir, then `<name>/<version>` pairs. Writes `<out>/<name>/<version>/<file>`
/// for every model file found (gunzipped) and prints a JSON report on stdout.
const EXTRACT_PY: &str = r#"
import gzip, json, os, sys, zipfile
wheel, out, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
files = ["service-2.json", "paginators-1.json", "endpoint-rule-set-1.json", "waiters-2.json"]
found, versions = {}, {}
with zipfile.ZipFile(wheel) as z:
    names = set(z.namelist())
    for nv in wanted:
        name = nv.split("/")[0]
        versions[name] = sorted({n.split("/")[3] for n in names
                                 if n.startswith("botocore/data/" + name + "/") and n.count("/") >= 4})
        for f in files:
            for member in ("botocore/data/%s/%s" % (nv, f), "botocore/data/%s/%s.gz" % (nv, f)):
                if member in names:
                    data = z.read(member)
                    if member.endswith(".gz"):
                        data = gzip.decompress(data)
                    dest = os.path.join(out, *nv.split("/"), f)
                    os.makedirs(os.path.dirname(dest), exist_ok=True)
                    with open(dest, "wb") as fh:
                        fh.write(data)
                    found[nv + "/" + f] = member
                    break
json.dump({"found": found, "versions": versions}, sys.stdout, sort_keys=True)
"#;

/// Removes the scratch directory when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn fresh_temp_dir(root: &Path) -> Result<TempDir, String> {
    let base = root.join("target").join("update-models");
    fs::create_dir_all(&base).map_err(|e| format!("cannot create {}: {e}", base.display()))?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let dir = base.join(format!("run-{}-{nanos}", std::process::id()));
    fs::create_dir(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    Ok(TempDir(dir))
}

/// Lowercase hex sha256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest.iter() {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Writes `bytes` to `path` via a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .ok_or_else(|| format!("{} has no parent directory", path.display()))?;
    fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let file_name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{file_name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = fs::remove_file(&tmp);
        format!("cannot write {}: {e}", path.display())
    })
}

/// Runs `cargo xtask update-models --botocore VERSION`. See the module docs.
pub fn run(root: &Path, botocore_version: &str) -> Result<String, String> {
    check_version(botocore_version)?;
    let services = read_services(root)?;
    let tmp = fresh_temp_dir(root)?;

    // 1. Download the wheel.
    let download = tmp.0.join("download");
    let wheel = &download_wheel(&download, botocore_version)?;
    let wheel_name = wheel
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string();
    let wheel_bytes =
        fs::read(wheel).map_err(|e| format!("cannot read {}: {e}", wheel.display()))?;
    let wheel_sha = sha256_hex(&wheel_bytes);

    // 2. Extract the service files.
    let extract = tmp.0.join("extract");
    fs::create_dir(&extract).map_err(|e| format!("cannot create {}: {e}", extract.display()))?;
    let out = Command::new("python3")
        .arg("-c")
        .arg(EXTRACT_PY)
        .arg(wheel)
        .arg(&extract)
        .args(
            services
                .services
                .iter()
                .map(|s| format!("{}/{}", s.name, s.version)),
        )
        .output()
        .map_err(|e| format!("cannot run python3 to unpack {wheel_name}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "unpacking {wheel_name} with python3 failed ({}):\n{}",
            out.status,
            stderr_tail(&out.stderr)
        ));
    }
    let extracted: Extracted = serde_json::from_slice(&out.stdout)
        .map_err(|e| format!("unreadable report from the python3 unpack step: {e}"))?;

    // 3. Everything must be there before anything is written.
    let mut problems = Vec::new();
    for s in &services.services {
        let nv = format!("{}/{}", s.name, s.version);
        let versions = extracted.versions.get(&s.name).cloned().unwrap_or_default();
        if !versions.contains(&s.version) {
            problems.push(if versions.is_empty() {
                format!("service {} is not in {wheel_name}", s.name)
            } else {
                format!(
                    "service {} has no API version {} in {wheel_name} (it has: {})",
                    s.name,
                    s.version,
                    versions.join(", ")
                )
            });
            continue;
        }
        for f in MODEL_FILES {
            if !extracted.found.contains_key(&format!("{nv}/{f}")) {
                problems.push(format!(
                    "{wheel_name} has no botocore/data/{nv}/{f}[.gz] for service {}",
                    s.name
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems.join("\n"));
    }

    // 4. Write the model files.
    let mut files = BTreeMap::new();
    let (mut changed, mut unchanged) = (0usize, 0usize);
    for s in &services.services {
        for f in OPTIONAL_MODEL_FILES {
            let key = format!("{}/{}/{f}", s.name, s.version);
            let dest = root.join(format!("{}/{f}", s.model_dir()));
            // botocore dropped the file: so does `models/`.
            if !extracted.found.contains_key(&key) && dest.exists() {
                fs::remove_file(&dest)
                    .map_err(|e| format!("cannot remove {}: {e}", dest.display()))?;
                changed += 1;
            }
        }
        let present = OPTIONAL_MODEL_FILES.into_iter().filter(|f| {
            extracted
                .found
                .contains_key(&format!("{}/{}/{f}", s.name, s.version))
        });
        for f in MODEL_FILES.into_iter().chain(present) {
            let key = format!("{}/{}/{f}", s.name, s.version);
            let staged = extract.join(&s.name).join(&s.version).join(f);
            let bytes =
                fs::read(&staged).map_err(|e| format!("cannot read {}: {e}", staged.display()))?;
            let rel = format!("{}/{f}", s.model_dir());
            let dest = root.join(&rel);
            if fs::read(&dest).ok().as_deref() == Some(bytes.as_slice()) {
                unchanged += 1;
            } else {
                write_atomic(&dest, &bytes)?;
                changed += 1;
            }
            files.insert(
                rel,
                FileRecord {
                    sha256: sha256_hex(&bytes),
                    source: extracted.found[&key].clone(),
                },
            );
        }
    }

    // 5. provenance.json, then services.toml.
    let provenance = Provenance {
        botocore_version: botocore_version.to_string(),
        files,
        generated_by: format!("cargo xtask update-models --botocore {botocore_version}"),
        wheel: WheelRecord {
            file: wheel_name.clone(),
            sha256: wheel_sha.clone(),
        },
    };
    let mut json = serde_json::to_string_pretty(&provenance).map_err(|e| e.to_string())?;
    json.push('\n');
    write_atomic(&root.join(PROVENANCE_JSON), json.as_bytes())?;
    let toml_note = if set_botocore_version(root, botocore_version)? {
        format!("{SERVICES_TOML} now says botocore = {botocore_version:?}")
    } else {
        format!("{SERVICES_TOML} already said botocore = {botocore_version:?}")
    };

    Ok(format!(
        "botocore {botocore_version} ({wheel_name}, sha256 {}): {} services, {} model files ({changed} written, {unchanged} unchanged), {PROVENANCE_JSON} written, {toml_note}",
        &wheel_sha[..12],
        services.services.len(),
        changed + unchanged,
    ))
}

/// The last lines of a child's stderr, each cut to a readable length (pip's "from versions: ..."
/// line lists every release ever made).
/// Downloads the botocore wheel of `version` from PyPI into `download` (created here) and
/// returns its path.
pub fn download_wheel(download: &Path, botocore_version: &str) -> Result<PathBuf, String> {
    check_version(botocore_version)?;
    fs::create_dir_all(download)
        .map_err(|e| format!("cannot create {}: {e}", download.display()))?;
    let requirement = format!("botocore=={botocore_version}");
    let out = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
        .args([
            "--disable-pip-version-check",
            "--no-input",
            "--quiet",
            "--dest",
        ])
        .arg(download)
        .arg(&requirement)
        .output()
        .map_err(|e| format!("cannot run `python3 -m pip download`: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "`pip download --no-deps {requirement}` failed ({}):\n{}",
            out.status,
            stderr_tail(&out.stderr)
        ));
    }
    let wheels: Vec<PathBuf> = fs::read_dir(download)
        .map_err(|e| format!("cannot list {}: {e}", download.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "whl"))
        .collect();
    let [wheel] = wheels.as_slice() else {
        return Err(format!(
            "expected exactly one wheel from `pip download {requirement}`, found {}",
            wheels.len()
        ));
    };
    let wheel_name = wheel
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if !wheel_name.starts_with(&format!("botocore-{botocore_version}-")) {
        return Err(format!(
            "pip downloaded {wheel_name}, not botocore {botocore_version}"
        ));
    }
    Ok(wheel.clone())
}

pub fn stderr_tail(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text.trim_end().lines().collect();
    let start = lines.len().saturating_sub(20);
    let mut out = String::new();
    for line in &lines[start..] {
        if line.chars().count() > 300 {
            let head: String = line.chars().take(150).collect();
            let tail: String = line
                .chars()
                .rev()
                .take(120)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            out.push_str(&format!("{head} [...] {tail}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.trim_end().to_string()
}

/// Rewrites the top-level `botocore = "..."` line of services.toml, keeping everything else.
/// Returns whether the file changed.
fn set_botocore_version(root: &Path, version: &str) -> Result<bool, String> {
    let path = root.join(SERVICES_TOML);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut out = String::with_capacity(text.len());
    let mut replaced = false;
    let mut in_table = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_table = true;
        }
        let is_key = !in_table
            && !replaced
            && trimmed
                .strip_prefix("botocore")
                .is_some_and(|rest| rest.trim_start().starts_with('='));
        if is_key {
            let eol = if line.ends_with("\r\n") {
                "\r\n"
            } else if line.ends_with('\n') {
                "\n"
            } else {
                ""
            };
            out.push_str(&format!("botocore = \"{version}\"{eol}"));
            replaced = true;
        } else {
            out.push_str(line);
        }
    }
    if !replaced {
        return Err(format!(
            "{} has no top-level `botocore = ...` line",
            path.display()
        ));
    }
    let check: ServicesToml = toml::from_str(&out)
        .map_err(|e| format!("rewriting {} would break it: {e}", path.display()))?;
    if check.botocore != version {
        return Err(format!(
            "rewriting {} did not set botocore = {version:?}",
            path.display()
        ));
    }
    if out == text {
        return Ok(false);
    }
    write_atomic(&path, out.as_bytes())?;
    Ok(true)
}

/// Recomputes the sha256 of every file listed in `models/provenance.json` and checks that the
/// record agrees with `services.toml` (same botocore version, every service's files listed).
/// The error lists every problem, one per line.
pub fn verify(root: &Path) -> Result<(), String> {
    let path = root.join(PROVENANCE_JSON);
    let text = fs::read_to_string(&path).map_err(|e| {
        format!(
            "cannot read {}: {e} (run `cargo xtask update-models`)",
            path.display()
        )
    })?;
    let provenance: Provenance =
        serde_json::from_str(&text).map_err(|e| format!("cannot parse {}: {e}", path.display()))?;
    let mut problems = Vec::new();
    for (rel, record) in &provenance.files {
        match fs::read(root.join(rel)) {
            Ok(bytes) => {
                let actual = sha256_hex(&bytes);
                if actual != record.sha256 {
                    problems.push(format!(
                        "{rel}: sha256 is {actual}, provenance.json says {}",
                        record.sha256
                    ));
                }
            }
            Err(e) => problems.push(format!("{rel}: missing ({e})")),
        }
    }
    match read_services(root) {
        Ok(services) => {
            if services.botocore != provenance.botocore_version {
                problems.push(format!(
                    "{SERVICES_TOML} says botocore {}, provenance.json says {}",
                    services.botocore, provenance.botocore_version
                ));
            }
            for s in &services.services {
                for f in MODEL_FILES {
                    let rel = format!("{}/{f}", s.model_dir());
                    if !provenance.files.contains_key(&rel) {
                        problems.push(format!("{rel}: not listed in provenance.json"));
                    }
                }
            }
        }
        Err(e) => problems.push(e),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} does not match the model files (run `cargo xtask update-models --botocore {}`):\n{}",
            PROVENANCE_JSON,
            provenance.botocore_version,
            problems.join("\n")
        ))
    }
}
