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
    let phases = render_phases(&models, runs)?;
    Ok([
        format!("{runs} runs, the services of models/, {lines} generated lines"),
        report("load + lower (botocore JSON -> IR)", &mut load),
        report("generate (load, name, emit, render)", &mut generate),
        report("compare with generated/ (--check)", &mut check),
        smithy.join("\n"),
        phases,
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

/// The emit and render phases on one thread, and side by side the renderer this generator
/// used before (syn parse + prettyplease) over the same tokens: medians over `runs`.
fn render_phases(models: &Path, runs: usize) -> Result<String, String> {
    use codegen::emit::{self, Context};
    use codegen::naming::ServiceNames;

    let (_, services) = codegen::pipeline::load_services(models).map_err(|e| e.to_string())?;
    let (mut emit_times, mut print_times, mut syn_times) = (Vec::new(), Vec::new(), Vec::new());
    let emit_all = || {
        let mut streams = Vec::new();
        for (entry, service) in &services {
            let names = ServiceNames::new(service);
            let cx = Context {
                service,
                names: &names,
                module: proc_macro2::Ident::new(&entry.module, proc_macro2::Span::call_site()),
                crate_name: "partnercentral".to_owned(),
            };
            streams.extend(
                emit::emit_service(&cx)
                    .0
                    .into_iter()
                    .map(|(_, tokens)| tokens),
            );
        }
        streams
    };
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let streams = emit_all();
        emit_times.push(started.elapsed());
        let started = Instant::now();
        for tokens in streams {
            codegen::render::render_rust(tokens);
        }
        print_times.push(started.elapsed());
        // Emitted again rather than cloned: a clone shares the token buffers, which
        // proc-macro2 then copies when either side reads them.
        let streams = emit_all();
        let started = Instant::now();
        for tokens in streams {
            codegen::render::render_rustfmt_style("bench", tokens).map_err(|e| e.to_string())?;
        }
        syn_times.push(started.elapsed());
    }
    let median = |samples: &mut Vec<Duration>| {
        samples.sort();
        samples[samples.len() / 2]
    };
    Ok(format!(
        "one thread: name + emit {:.2?}, print {:.2?}; the same tokens through syn + prettyplease {:.2?}",
        median(&mut emit_times),
        median(&mut print_times),
        median(&mut syn_times)
    ))
}
