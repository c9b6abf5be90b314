//! `cargo xtask smithy-facts [--smithy DIR]`: writes each service's facts file (the traits of
//! its Smithy model that botocore's format drops, see `codegen/src/ir/facts.rs`) from
//! `DIR/<name>-<version>.json`, by default the shared Smithy models beside the repository.

use std::path::{Path, PathBuf};

/// Where the Smithy JSON AST models are, relative to the workspace root.
pub const DEFAULT_SMITHY_DIR: &str = "../shared/models/smithy";

pub fn run(root: &Path, smithy_dir: Option<&str>) -> Result<String, String> {
    let models = root.join("models");
    let smithy_dir = root.join(smithy_dir.unwrap_or(DEFAULT_SMITHY_DIR));
    let config = codegen::config::load(&models).map_err(|e| e.to_string())?;
    let mut written = Vec::new();
    for entry in &config.services {
        let Some(facts) = &entry.facts else { continue };
        let smithy_file = smithy_dir.join(format!("{}-{}.json", entry.name, entry.version));
        let text = codegen::pipeline::smithy_facts(&models, entry, &smithy_file)
            .map_err(|e| e.to_string())?;
        let path: PathBuf = models.join(facts);
        crate::update_models::write_atomic(&path, text.as_bytes())?;
        written.push(path.display().to_string());
    }
    Ok(format!("wrote {}", written.join(", ")))
}
