//! Writing the generated tree: `Write` replaces the output directory atomically, `Check`
//! reports stale, missing and extra files with a short diff, `DryRun` only reports.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Bring the directory up to date.
    Write,
    /// Change nothing; fail if anything differs.
    Check,
    /// Change nothing; report what `Write` would do.
    DryRun,
}

/// The whole output: file contents by path relative to the output directory.
pub type Tree = BTreeMap<PathBuf, String>;

/// How the directory differs from the generated tree.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Changes {
    pub stale: Vec<PathBuf>,
    pub missing: Vec<PathBuf>,
    pub extra: Vec<PathBuf>,
    /// A short unified diff of the stale files, capped.
    pub diff: String,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }

    /// Names paths relative to `prefix` (for reporting several trees as one).
    pub fn prefix_paths(&mut self, prefix: &Path) {
        for path in self
            .stale
            .iter_mut()
            .chain(&mut self.missing)
            .chain(&mut self.extra)
        {
            *path = prefix.join(&*path);
        }
        self.diff = self
            .diff
            .replace("--- a/", &format!("--- a/{}/", prefix.display()))
            .replace("+++ b/", &format!("+++ b/{}/", prefix.display()));
    }

    /// Adds another tree's changes.
    pub fn merge(&mut self, other: Changes) {
        self.stale.extend(other.stale);
        self.missing.extend(other.missing);
        self.extra.extend(other.extra);
        self.diff.push_str(&other.diff);
    }

    /// One line per changed file, then the diff.
    pub fn report(&self) -> String {
        let mut out = String::new();
        for (label, paths) in [
            ("stale", &self.stale),
            ("missing", &self.missing),
            ("extra", &self.extra),
        ] {
            for path in paths {
                let _ = writeln!(out, "{label}: {}", path.display());
            }
        }
        out.push_str(&self.diff);
        out
    }
}

/// Lines of diff shown per stale file, and in all.
const DIFF_LINES_PER_FILE: usize = 40;
const DIFF_LINES_TOTAL: usize = 200;

/// Compares `dir` with `tree`.
pub fn compare(dir: &Path, tree: &Tree) -> Result<Changes> {
    let mut changes = Changes::default();
    let existing = list_files(dir)?;
    let mut diff_lines = 0;
    for (path, contents) in tree {
        let full = dir.join(path);
        match std::fs::read(&full) {
            Ok(bytes) if bytes == contents.as_bytes() => {}
            Ok(bytes) => {
                changes.stale.push(path.clone());
                if diff_lines < DIFF_LINES_TOTAL {
                    let old = String::from_utf8_lossy(&bytes);
                    let diff = short_diff(path, &old, contents);
                    diff_lines += diff.lines().count();
                    changes.diff.push_str(&diff);
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                changes.missing.push(path.clone())
            }
            Err(source) => return Err(Error::Read { path: full, source }),
        }
    }
    changes.extra = existing
        .into_iter()
        .filter(|path| !tree.contains_key(path))
        .collect();
    Ok(changes)
}

fn short_diff(path: &Path, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let name = path.display().to_string();
    let text = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    let mut lines: Vec<&str> = text.lines().take(DIFF_LINES_PER_FILE + 1).collect();
    let truncated = lines.len() > DIFF_LINES_PER_FILE;
    lines.truncate(DIFF_LINES_PER_FILE);
    let mut out = lines.join("\n");
    out.push('\n');
    if truncated {
        out.push_str("... (diff truncated)\n");
    }
    out
}

/// Every regular file below `dir`, relative to it; nothing if `dir` does not exist.
fn list_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if !dir.exists() {
        return Ok(files);
    }
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current).map_err(|source| Error::Read {
            path: current.clone(),
            source,
        })?;
        for entry in entries {
            let entry = entry.map_err(|source| Error::Read {
                path: current.clone(),
                source,
            })?;
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                files.push(relative.to_path_buf());
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Applies `mode`: for `Write`, replaces `dir` with exactly `tree` if anything differs.
pub fn apply(dir: &Path, tree: &Tree, mode: Mode) -> Result<Changes> {
    let changes = compare(dir, tree)?;
    if mode == Mode::Write && !changes.is_empty() {
        replace_dir(dir, tree)?;
    }
    Ok(changes)
}

/// Builds the new tree beside `dir` and swaps it in with renames, so an interrupted or
/// failed run leaves either the old tree or the new one, never a mix. Unchanged files are
/// hard-linked into the new tree, keeping their timestamps so cargo does not rebuild them
/// needlessly.
fn replace_dir(dir: &Path, tree: &Tree) -> Result<()> {
    let parent = dir.parent().unwrap_or(Path::new("."));
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.new"));
    let previous = parent.join(format!(".{name}.old"));
    let write_error = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Write { path, source }
    };
    for leftover in [&staging, &previous] {
        if leftover.exists() {
            std::fs::remove_dir_all(leftover).map_err(write_error(leftover))?;
        }
    }
    for (path, contents) in tree {
        let target = staging.join(path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_error(parent))?;
        }
        let current = dir.join(path);
        let unchanged = std::fs::read(&current).is_ok_and(|bytes| bytes == contents.as_bytes());
        if !(unchanged && std::fs::hard_link(&current, &target).is_ok()) {
            std::fs::write(&target, contents).map_err(write_error(&target))?;
        }
    }
    if dir.exists() {
        std::fs::rename(dir, &previous).map_err(write_error(dir))?;
    }
    if let Err(source) = std::fs::rename(&staging, dir) {
        // Put the old tree back before reporting.
        let _ = std::fs::rename(&previous, dir);
        return Err(Error::Write {
            path: dir.to_path_buf(),
            source,
        });
    }
    if previous.exists() {
        std::fs::remove_dir_all(&previous).map_err(write_error(&previous))?;
    }
    Ok(())
}
