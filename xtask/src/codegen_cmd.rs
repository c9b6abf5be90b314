//! `cargo xtask codegen`: models/ -> generated/.

use std::path::Path;
use std::time::Instant;

use codegen::Mode;

/// The generated crates: the Partner Central crate, the identity crate (STS and SSO for the
/// credential chain) and the fixtures crate.
const OUTPUTS: &[&str] = &["generated", "identity", "tests/fixtures/generated"];

/// Runs the generator in `mode`; the summary is one line, the error readable.
pub fn run(root: &Path, mode: Mode) -> Result<String, String> {
    let started = Instant::now();
    let generated = codegen::generate(&root.join("models")).map_err(|e| e.to_string())?;
    let identity = codegen::generate_identity(&root.join("models")).map_err(|e| e.to_string())?;
    let fixtures =
        codegen::generate_fixtures(&root.join("tests/fixtures")).map_err(|e| e.to_string())?;
    // Generate everything before writing anything: a failure leaves both trees untouched.
    let mut changes = codegen::files::Changes::default();
    for (output, tree) in OUTPUTS
        .iter()
        .zip([&generated.tree, &identity.tree, &fixtures.tree])
    {
        let dir = root.join(output);
        let mut found = codegen::files::apply(&dir, tree, mode).map_err(|e| e.to_string())?;
        found.prefix_paths(Path::new(output));
        changes.merge(found);
    }
    let elapsed = started.elapsed();
    for summary in (generated.services.iter())
        .chain(&identity.services)
        .chain(&fixtures.services)
    {
        for warning in &summary.warnings {
            eprintln!("warning: {warning}");
        }
    }

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
        "{} services: {services}; {} files, {} lines (+{} identity services, {} lines; +{} fixture modules); {:.2?}",
        generated.services.len(),
        generated.tree.len(),
        generated.lines(),
        identity.services.len(),
        identity.lines(),
        fixtures.services.len(),
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
