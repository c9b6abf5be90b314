//! What the corpus and fuzz tests share.

use std::path::Path;

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
