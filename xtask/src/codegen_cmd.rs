//! `cargo xtask codegen`: models/ -> generated/.

use std::path::Path;
use std::time::Instant;

use codegen::Mode;

/// Runs the generator in `mode`; the summary is one line, the error readable.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    let started = Instant::now();
    let generated = codegen::generate(&root.join("models")).map_err(|e| e.to_string())?;
    let output = root.join("generated");
    let changes = codegen::files::apply(&output, &generated.tree, mode).map_err(|e| e.to_string())?;
    let elapsed = started.elapsed();

    let services = generated
        .services
        .iter()
        .map(|s| {
            let c = &s.counts;
            format!(
                "{} ({} shapes: {} structures, {} errors, {} enums, {} unions; {} operations)",
                s.name, s.shapes, c.structures, c.errors, c.enums, c.unions, c.operations
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let summary = format!(
        "{} services: {services}; {} files, {} lines; {:.2?}",
        generated.services.len(),
        generated.tree.len(),
        generated.lines(),
        elapsed
    );
    match mode {
        Mode::Write if changes.is_empty() => Ok(format!("up to date: {summary}")),
        Mode::Write => Ok(format!(
            "wrote generated/ ({} stale, {} missing, {} extra files replaced): {summary}",
            changes.stale.len(),
            changes.missing.len(),
            changes.extra.len()
        )),
        Mode::Check if changes.is_empty() => Ok(format!("generated/ is up to date: {summary}")),
        Mode::Check => Err(format!(
            "generated/ is out of date; run `cargo xtask codegen`:\n{}",
            changes.report()
        )),
        Mode::DryRun if changes.is_empty() => Ok(format!("nothing to do: {summary}")),
        Mode::DryRun => Ok(format!("would change:\n{}{summary}", changes.report())),
    }
}
