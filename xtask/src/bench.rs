//! `cargo run --release -p xtask -- bench [RUNS]`: how fast the generator is, per phase, and
//! its peak memory. The figures in the README come from here.

use std::path::Path;
use std::time::{Duration, Instant};

/// Times each phase `runs` times and reports the median and the fastest run.
pub fn run(root: &Path, runs: usize) -> Result<String, String> {
    if cfg!(debug_assertions) {
        return Err("benchmark a release build: cargo run --release -p xtask -- bench".to_owned());
    }
    let models = root.join("models");
    let output = root.join("generated");
    let mut load = Vec::new();
    let mut generate = Vec::new();
    let mut check = Vec::new();
    let mut lines = 0;
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        codegen::pipeline::load_services(&models).map_err(|e| e.to_string())?;
        load.push(started.elapsed());

        let started = Instant::now();
        let generated = codegen::generate(&models).map_err(|e| e.to_string())?;
        generate.push(started.elapsed());
        lines = generated.lines();

        let started = Instant::now();
        codegen::files::compare(&output, &generated.tree).map_err(|e| e.to_string())?;
        check.push(started.elapsed());
    }
    let report = |name: &str, samples: &mut Vec<Duration>| -> String {
        samples.sort();
        format!(
            "{name:<34} median {:>9.2?}  fastest {:>9.2?}",
            samples[samples.len() / 2],
            samples[0]
        )
    };
    let mut smithy = Vec::new();
    let shared = root.join("../shared/models/smithy");
    for file in [
        "partnercentral-selling-2022-07-26.json",
        "partnercentral-account-2025-04-04.json",
    ] {
        let path = shared.join(file);
        if path.exists() {
            let mut samples = Vec::new();
            for _ in 0..runs.max(1) {
                let started = Instant::now();
                codegen::pipeline::load_model(&path).map_err(|e| e.to_string())?;
                samples.push(started.elapsed());
            }
            smithy.push(report(
                &format!("load + lower Smithy {}", &file[..file.len() - 16]),
                &mut samples,
            ));
        }
    }
    Ok([
        format!("{runs} runs, both services, {lines} generated lines"),
        report("load + lower (botocore JSON -> IR)", &mut load),
        report("generate (load, name, emit, render)", &mut generate),
        report("compare with generated/ (--check)", &mut check),
        smithy.join("\n"),
        format!("peak memory (VmHWM)                {}", peak_memory()),
    ]
    .join("\n"))
}

/// The process's peak resident memory, from /proc (Linux only).
fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".to_owned())
}
