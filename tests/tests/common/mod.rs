//! What several test binaries share: generating one model alone, and cargo runs of nested
//! crates. (Each binary uses only part of it.)
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// `cargo` for a crate outside the workspace (a generated crate under `target/`). All such
/// builds share one target directory, so their common dependencies (hyper, rustls, aws-sigv4)
/// are built once, and they keep no incremental state or debuginfo: together they otherwise
/// took gigabytes, enough to fill CI's disk.
pub fn nested_cargo(root: &Path) -> Command {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .env("CARGO_TARGET_DIR", root.join("target/nested"))
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_PROFILE_DEV_DEBUG", "0");
    cargo
}

/// Generation of one model, as far as it goes: load and lower (a botocore directory, or a
/// model file of either format), then name, emit and render the crate of that service alone.
/// `Ok` is the number of generated lines; `Err` the generator's refusal.
pub fn generate_alone(path: &Path) -> Result<usize, String> {
    let service = if path.is_dir() {
        codegen::pipeline::load_botocore(path)
    } else {
        codegen::pipeline::load_model(path)
    }
    .map_err(|e| e.to_string())?;
    let spec = codegen::emit::crate_root::CrateSpec {
        name: "alone".into(),
        description: "one model, generated alone".into(),
        runtime_path: "../runtime".into(),
    };
    let generated =
        codegen::pipeline::generate_crate(&spec, "test", &[("alone".to_owned(), &service)])
            .map_err(|e| e.to_string())?;
    Ok(generated.lines())
}
