//! `cargo bench -p tests --bench validation`: validation cost on hostile and on realistic input.
//!
//! 1. Every `@pattern` of both models against adversarial strings: at the maximum allowed
//!    length (or 1 MiB where the shape has no maximum), built from the pattern's own
//!    characters and ending in one it rejects, the classic trigger of backtracking blow-ups.
//!    Reports the worst time of a full check (length, then pattern) per pattern.
//! 2. Strict validation of a large, realistic `CreateOpportunity` request.

use std::path::Path;
use std::time::{Duration, Instant};

use awsgen_runtime::pattern::LazyPattern;
use awsgen_runtime::{Policy, Validate, Validator};
use codegen::ir::ShapeKind;

const UNBOUNDED_LENGTH: usize = 1 << 20;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let mut worst: Vec<(Duration, String, usize, &'static str)> = Vec::new();
    for dir in [
        "models/partnercentral-selling/2022-07-26",
        "models/partnercentral-account/2025-04-04",
    ] {
        let service = codegen::pipeline::load_botocore(&root.join(dir)).unwrap();
        for shape in service.shapes.values() {
            let Some(pattern) = &shape.constraints.pattern else {
                continue;
            };
            if !matches!(shape.kind, ShapeKind::String) {
                continue;
            }
            let length = shape.constraints.length.as_ref();
            let max = length
                .and_then(|l| l.max)
                .map_or(UNBOUNDED_LENGTH, |m| m as usize);
            let min = length.and_then(|l| l.min);
            // Leaked once per pattern so the `static`-style LazyPattern can be used as-is.
            let source: &'static str = Box::leak(pattern.ecma.clone().into_boxed_str());
            let compiled = LazyPattern::new(source);
            let engine = match compiled.get() {
                Ok(p) => engine_name(p.engine()),
                Err(e) => panic!("{}: {e}", shape.name),
            };
            let mut slowest = Duration::ZERO;
            for input in adversarial(&pattern.original, max) {
                let started = Instant::now();
                let mut validator = Validator::new(Policy::Strict);
                if validator.string_length(&input, min, Some(max as u64)) {
                    validator.pattern(&input, &compiled, false);
                }
                std::hint::black_box(validator.finish().is_ok());
                slowest = slowest.max(started.elapsed());
            }
            worst.push((
                slowest,
                format!("{}.{}", service.name, shape.name),
                max,
                engine,
            ));
        }
    }
    worst.sort_by_key(|w| std::cmp::Reverse(w.0));
    println!("patterns checked: {} (worst first)", worst.len());
    for (time, shape, max, engine) in worst.iter().take(10) {
        println!("  {time:>10.2?}  {shape} (max length {max}, engine {engine})");
    }
    let total: Duration = worst.iter().map(|w| w.0).sum();
    println!("  sum of the worst case of every pattern: {total:.2?}");

    large_create_opportunity(&root);
}

fn engine_name(engine: awsgen_runtime::pattern::Engine) -> &'static str {
    match engine {
        awsgen_runtime::pattern::Engine::Regex => "regex",
        awsgen_runtime::pattern::Engine::LengthAndRegex => "length+regex",
        awsgen_runtime::pattern::Engine::Regress => "regress",
    }
}

/// Strings that stress a pattern: its own characters repeated to `length`, then a character
/// it does not allow; plus a few generic shapes.
fn adversarial(pattern: &str, length: usize) -> Vec<String> {
    let mut alphabet: Vec<char> = pattern
        .chars()
        .filter(|c| c.is_alphanumeric() || "-_.@:/".contains(*c))
        .collect();
    alphabet.sort();
    alphabet.dedup();
    if alphabet.is_empty() {
        alphabet.push('a');
    }
    let cycle = |chars: &[char], n: usize| -> String { chars.iter().cycle().take(n).collect() };
    let body = length.saturating_sub(1);
    vec![
        format!("{}!", cycle(&alphabet, body)),
        format!("{}\u{0}", "a".repeat(body)),
        format!("{}\n", cycle(&['a', '.'], body)),
        format!("{}@", cycle(&['a', '-'], body)),
        cycle(&alphabet, length),
    ]
}

fn large_create_opportunity(root: &Path) {
    let vectors: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/vectors/partnercentral-selling.json")).unwrap(),
    )
    .unwrap();
    let full = vectors["requests"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["operation"] == "CreateOpportunity" && v["case"] == "full")
        .unwrap();
    let mut body = full["body"].clone();
    // Make it large: the longest lists the model allows, each entry a full copy.
    for (path, copies) in [
        ("/Customer/Account/Address", 0),
        ("/OpportunityTeam", 10),
        ("/Tags", 50),
    ] {
        if let Some(list) = body.pointer_mut(path).and_then(|v| v.as_array_mut())
            && let Some(first) = list.first().cloned()
        {
            list.resize(copies.max(list.len()), first);
        }
    }
    let request: partnercentral::selling::CreateOpportunityRequest =
        serde_json::from_value(body.clone()).unwrap();
    let size = body.to_string().len();
    let mut samples = Vec::new();
    for _ in 0..2000 {
        let started = Instant::now();
        std::hint::black_box(request.validate(Policy::Strict).is_ok());
        samples.push(started.elapsed());
    }
    samples.sort();
    let violations = request
        .validate(Policy::Strict)
        .err()
        .map_or(0, |e| e.violations().len());
    println!(
        "CreateOpportunity ({size} bytes of JSON, {violations} violations): strict validation median {:.2?}, p99 {:.2?}",
        samples[samples.len() / 2],
        samples[samples.len() * 99 / 100]
    );
}
