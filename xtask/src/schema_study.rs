//! `cargo xtask schema-study`: issue 11's comparison of schema-based serialization (a static
//! schema per shape that one serializer per protocol interprets, as smithy-rs, smithy-swift
//! and smithy-java do) with the expanded serde impls the generator emits, measured on the
//! Selling service.
//!
//! Two crates are built under `target/schema-study/` from the same generated types
//! (structures, errors, enums, unions, builders, validators; operations, client and server
//! are left out of both): `serde`, as generated, and `schema`, with the serde impls of the
//! structures, enums and unions replaced by the prototype's (`codegen::emit::schema_study`
//! over the runtime in `xtask/schema_study/schema.rs`). Reported: the lines of each kind of
//! impl, each crate's build time (debug and release, dependencies already built), and the
//! decode and encode speed over every request and response body botocore recorded in
//! `tests/vectors/partnercentral-selling.json`; the two crates' encodings of every body must
//! be equal as JSON, or the study fails.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use codegen::emit::Context;
use codegen::emit::crate_root::CrateSpec;
use proc_macro2::{Ident, Span};

const SERVICE: &str = "partnercentral-selling";
const VERSION: &str = "2022-07-26";
const MODULE: &str = "selling";
/// The files of the service module both crates keep. The error structures keep their serde
/// impls in both (their reading has its own rules: message keys, `__type`).
const KEPT: [&str; 6] = [
    "structures.rs",
    "errors.rs",
    "enums.rs",
    "unions.rs",
    "builders.rs",
    "validators.rs",
];

pub fn run(root: &Path) -> Result<String, String> {
    let service =
        codegen::pipeline::load_botocore(&root.join("models").join(SERVICE).join(VERSION))
            .map_err(|e| e.to_string())?;
    let spec = CrateSpec {
        name: "study".into(),
        description: "schema study".into(),
        runtime_path: root.join("runtime").display().to_string(),
    };
    let generated =
        codegen::pipeline::generate_crate(&spec, "study", &[(MODULE.to_owned(), &service)])
            .map_err(|e| e.to_string())?;
    let names = codegen::naming::ServiceNames::new(&service);
    let cx = Context {
        service: &service,
        names: &names,
        module: Ident::new(MODULE, Span::call_site()),
        crate_name: "study".into(),
    };
    let schema_impls = codegen::render::render_rust(codegen::emit::schema_study::schema_impls(&cx));
    let bench = bench_source(&cx);
    let serde_kept = reachable_from_errors(&cx);
    let work = root.join("target/schema-study");

    let mut serde_lines = 0;
    let mut kept_lines = 0;
    for variant in ["serde", "schema"] {
        let dir = work.join(variant);
        let src = dir.join("src").join(MODULE);
        std::fs::create_dir_all(&src).map_err(|e| e.to_string())?;
        std::fs::create_dir_all(dir.join("examples")).map_err(|e| e.to_string())?;
        for file in KEPT {
            let text = &generated.tree[Path::new("src").join(MODULE).join(file).as_path()];
            let text = if variant == "schema" && file != "errors.rs" {
                let (kept, removed) = without_serde_impls(text, &serde_kept)?;
                serde_lines += removed;
                kept_lines += pretty_lines(&kept);
                kept
            } else {
                text.clone()
            };
            write(&src.join(file), &text)?;
        }
        let mut module = String::new();
        for file in KEPT {
            let name = file.trim_end_matches(".rs");
            if matches!(name, "builders" | "validators") {
                writeln!(module, "pub mod {name};").unwrap();
            } else {
                writeln!(module, "mod {name};\npub use self::{name}::*;").unwrap();
            }
        }
        let mut lib = format!("#![allow(dead_code, unused_imports)]\npub mod {MODULE};\n");
        if variant == "schema" {
            module.push_str("mod schema_impls;\n");
            write(&src.join("schema_impls.rs"), &schema_impls)?;
            write(
                &dir.join("src/schema.rs"),
                include_str!("../schema_study/schema.rs"),
            )?;
            lib.push_str("#[macro_use]\npub mod schema;\n");
        }
        write(&src.join("mod.rs"), &module)?;
        write(&dir.join("src/lib.rs"), &lib)?;
        write(
            &dir.join("examples/bench.rs"),
            &bench
                .replace("VARIANT", variant)
                .replace("CODEC_IMPL", codec(variant)),
        )?;
        write(&dir.join("Cargo.toml"), &manifest(root, variant))?;
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
    }
    let schema_lines = pretty_lines(&schema_impls);

    let vectors = root.join("tests/vectors").join(format!("{SERVICE}.json"));
    let mut report = String::new();
    writeln!(
        report,
        "schema study, {SERVICE} ({} shapes):",
        service.shapes.len()
    )
    .unwrap();
    writeln!(
        report,
        "  lines (prettyplease): serde impls {serde_lines}, schema impls {schema_lines} (types, builders and validators: {kept_lines}); prototype runtime {} lines",
        include_str!("../schema_study/schema.rs").lines().count()
    )
    .unwrap();
    let mut outputs = Vec::new();
    for variant in ["serde", "schema"] {
        let dir = work.join(variant);
        // Dependencies first, so that the timed builds are of the study crate alone.
        cargo(&dir, &["build", "--release", "--lib"])?;
        cargo(&dir, &["build", "--lib"])?;
        let mut times = Vec::new();
        for profile in [&[][..], &["--release"][..]] {
            cargo(
                &dir,
                &[&["clean", "-p", &format!("study-{variant}")][..], profile].concat(),
            )?;
            let started = Instant::now();
            cargo(&dir, &[&["build", "--lib"][..], profile].concat())?;
            times.push(started.elapsed().as_secs_f64());
        }
        cargo(&dir, &["build", "--release", "--example", "bench"])?;
        let rlib = dir.join(format!("target/release/libstudy_{variant}.rlib"));
        let size = std::fs::metadata(&rlib)
            .map(|m| m.len())
            .unwrap_or_default();
        let out = dir.join("encoded.jsonl");
        let run = Command::new(dir.join("target/release/examples/bench"))
            .arg(&vectors)
            .arg(&out)
            .output()
            .map_err(|e| format!("cannot run the {variant} bench: {e}"))?;
        if !run.status.success() {
            return Err(format!(
                "the {variant} bench failed:\n{}",
                String::from_utf8_lossy(&run.stderr)
            ));
        }
        writeln!(
            report,
            "  {variant:6}: build {:.1} s debug, {:.1} s release; release rlib {:.1} MB; {}",
            times[0],
            times[1],
            size as f64 / 1e6,
            String::from_utf8_lossy(&run.stdout).trim()
        )
        .unwrap();
        outputs.push(std::fs::read_to_string(&out).map_err(|e| e.to_string())?);
    }
    // Both encode every body to the same JSON (key order aside).
    let (a, b) = (&outputs[0], &outputs[1]);
    let mut compared = 0;
    for (x, y) in a.lines().zip(b.lines()) {
        if x == "ERROR" || y == "ERROR" {
            if x != y {
                return Err(format!(
                    "one crate reads a body the other rejects:\n  serde:  {x}\n  schema: {y}"
                ));
            }
            continue;
        }
        let parse =
            |s: &str| serde_json::from_str::<serde_json::Value>(s).map_err(|e| e.to_string());
        if parse(x)? != parse(y)? {
            return Err(format!(
                "the two encodings differ:\n  serde:  {x}\n  schema: {y}"
            ));
        }
        compared += 1;
    }
    if a.lines().count() != b.lines().count() || compared == 0 {
        return Err("the two benches encoded different numbers of bodies".into());
    }
    writeln!(
        report,
        "  both crates encode all {compared} bodies to the same JSON"
    )
    .unwrap();
    Ok(report)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn cargo(dir: &Path, args: &[&str]) -> Result<(), String> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .arg("--quiet")
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo {} in {} failed:\n{}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

/// The Rust names of the types the error structures reach: they keep their serde impls in
/// both crates, as the error structures do.
fn reachable_from_errors(cx: &Context) -> std::collections::BTreeSet<String> {
    use codegen::ir::ShapeKind;
    let mut seen = std::collections::BTreeSet::new();
    let mut stack: Vec<&str> = cx
        .service
        .shapes
        .values()
        .filter(|shape| shape.error.is_some())
        .map(|shape| shape.name.as_str())
        .collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.to_owned()) {
            continue;
        }
        let Some(shape) = cx.service.shapes.get(name) else {
            continue;
        };
        match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                stack.extend(members.iter().map(|m| m.target.as_str()));
            }
            ShapeKind::List { member, .. } => stack.push(&member.target),
            ShapeKind::Map { key, value, .. } => {
                stack.push(&key.target);
                stack.push(&value.target);
            }
            _ => {}
        }
    }
    seen.iter()
        .filter(|name| {
            cx.service.shapes.get(name.as_str()).is_some_and(|shape| {
                matches!(
                    shape.kind,
                    ShapeKind::Structure(_)
                        | ShapeKind::Union(_)
                        | ShapeKind::Enum(_)
                        | ShapeKind::IntEnum(_)
                )
            })
        })
        .map(|name| cx.names.type_name(name).ident().to_string())
        .collect()
}

/// The file without the `Serialize` / `Deserialize` impls (and the runtime's `Structure`
/// impls, a trait that requires serde) of types not in `kept`, pretty-printed, and how many
/// pretty-printed lines those impls took.
fn without_serde_impls(
    text: &str,
    kept: &std::collections::BTreeSet<String>,
) -> Result<(String, usize), String> {
    let mut file = syn::parse_file(text).map_err(|e| e.to_string())?;
    let before = prettyplease::unparse(&file).lines().count();
    file.items.retain(|item| {
        let syn::Item::Impl(item) = item else {
            return true;
        };
        let Some((path, _)) = &item.trait_ else {
            return true;
        };
        let last = path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let syn::Type::Path(self_type) = item.self_ty.as_ref() else {
            return true;
        };
        let self_name = self_type.path.segments.last().map(|s| s.ident.to_string());
        !matches!(last.as_str(), "Serialize" | "Deserialize" | "Structure")
            || self_name.is_some_and(|name| kept.contains(&name))
    });
    let after = prettyplease::unparse(&file);
    Ok((after.clone(), before - after.lines().count()))
}

fn pretty_lines(text: &str) -> usize {
    syn::parse_file(text)
        .map(|file| prettyplease::unparse(&file).lines().count())
        .unwrap_or_else(|_| text.lines().count())
}

fn manifest(root: &Path, variant: &str) -> String {
    format!(
        r#"[package]
name = "study-{variant}"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
awsgen-runtime = {{ path = {runtime:?} }}
serde = "1"
serde_json = "1"
jiff = "0.2"
itoa = "1"
ryu = "1"
base64 = "0.22"

[profile.release]
debug = false

# Its own workspace, outside the repository's.
[workspace]
"#,
        runtime = root.join("runtime").display().to_string()
    )
}

/// The bench: every request and response body of the vectors that botocore accepted, decoded
/// into its type and encoded back, timed over several passes.
fn bench_source(cx: &Context) -> String {
    let mut arms = String::new();
    for operation in &cx.service.operations {
        let (input, output) = cx.io_types(operation);
        for (direction, ty) in [("input", input), ("output", output)] {
            if ty.to_string().contains("Unit") {
                continue;
            }
            writeln!(
                arms,
                "        ({:?}, {direction:?}) => job::<{ty}>(body),",
                operation.name
            )
            .unwrap();
        }
    }
    format!(
        r#"//! Decode and encode speed of the VARIANT crate over botocore's recorded bodies.
use std::hint::black_box;
use std::time::Instant;

use study_VARIANT::*;

type Job = (Box<dyn Fn()>, Box<dyn Fn() -> String>);

fn job<T: Codec + 'static>(body: &[u8]) -> Option<Result<Job, String>> {{
    let body = body.to_vec();
    let value = match T::decode(&body) {{
        Ok(value) => value,
        Err(error) => return Some(Err(error)),
    }};
    Some(Ok((Box::new(move || {{ black_box(T::decode(&body).unwrap()); }}), Box::new(move || value.encode()))))
}}

fn jobs(operation: &str, direction: &str, body: &[u8]) -> Option<Result<Job, String>> {{
    match (operation, direction) {{
{arms}        _ => None,
    }}
}}

CODEC_IMPL

fn main() {{
    let args: Vec<String> = std::env::args().collect();
    let vectors: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&args[1]).unwrap()).unwrap();
    let mut all = Vec::new();
    let mut encoded = Vec::new();
    let mut bytes = 0;
    for (section, direction) in [("requests", "input"), ("responses", "output")] {{
        for vector in vectors[section].as_array().unwrap() {{
            if vector["parsed"].get("$error").is_some() {{ continue; }}
            let body = match &vector["body"] {{
                serde_json::Value::String(text) => text.clone(),
                json => json.to_string(),
            }};
            if body.trim().is_empty() {{ continue; }}
            match jobs(vector["operation"].as_str().unwrap(), direction, body.as_bytes()) {{
                Some(Ok(job)) => {{
                    bytes += body.len();
                    encoded.push(job.1());
                    all.push(job);
                }}
                Some(Err(_)) => encoded.push("ERROR".to_owned()),
                None => {{}}
            }}
        }}
    }}
    std::fs::write(&args[2], encoded.join("\n")).unwrap();
    let passes = 200;
    let started = Instant::now();
    for _ in 0..passes {{ for (decode, _) in &all {{ decode(); }} }}
    let decode = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for _ in 0..passes {{ for (_, encode) in &all {{ black_box(encode()); }} }}
    let encode = started.elapsed().as_secs_f64();
    let docs = (passes * all.len()) as f64;
    let mb = (passes * bytes) as f64 / 1e6;
    println!("{{}} bodies ({{}} KB); decode {{:.2}} us/body ({{:.0}} MB/s), encode {{:.2}} us/body ({{:.0}} MB/s)",
        all.len(), bytes / 1000, decode / docs * 1e6, mb / decode, encode / docs * 1e6, mb / encode);
}}
"#
    )
}

/// The bench's view of each crate's codec.
fn codec(variant: &str) -> &'static str {
    if variant == "serde" {
        r#"trait Codec: Sized {
    fn decode(body: &[u8]) -> Result<Self, String>;
    fn encode(&self) -> String;
}

impl<T: serde::Serialize + serde::de::DeserializeOwned> Codec for T {
    fn decode(body: &[u8]) -> Result<Self, String> {
        serde_json::from_slice(body).map_err(|e| e.to_string())
    }
    fn encode(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}
"#
    } else {
        r#"trait Codec: Sized {
    fn decode(body: &[u8]) -> Result<Self, String>;
    fn encode(&self) -> String;
}

impl<T: schema::SerializableStruct + schema::DeserializableStruct> Codec for T {
    fn decode(body: &[u8]) -> Result<Self, String> {
        schema::from_json(body).map_err(|e| e.0)
    }
    fn encode(&self) -> String {
        schema::to_json(self).unwrap()
    }
}
"#
    }
}
