//! Property test: mutated real models and random bytes never make the generator panic.
//!
//! Seeds are the fixture models (both formats), the botocore Partner Central models and the
//! Smithy Account model. Each case mutates one of them structurally (drop, retype, retarget,
//! duplicate or deepen a node; rename a shape) and sometimes byte-wise (truncate, flip,
//! splice), then runs both front-ends through the whole pipeline (load, lower, check, name,
//! emit, render) on a thread with the default 2 MiB stack. Any outcome but a panic is fine:
//! a refusal is the generator doing its job. Deterministic: the seed of each case is its
//! number, so a failure names the case that reproduces it.
//!
//! `FUZZ_CASES` sets the number of cases (CI runs the default, 400); for a long run:
//! `FUZZ_CASES=100000 cargo test --release -p tests --test fuzz_models`.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// xorshift64*: small, deterministic, good enough to pick mutations.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

const TYPES: &[&str] = &[
    "structure",
    "list",
    "map",
    "string",
    "integer",
    "long",
    "float",
    "double",
    "boolean",
    "blob",
    "timestamp",
    "union",
    "enum",
    "intEnum",
    "document",
    "set",
    "apply",
    "service",
    "operation",
    "resource",
    "bigInteger",
    "bigDecimal",
    "byte",
    "short",
    "nonsense",
];

fn random_scalar(rng: &mut Rng, names: &[String]) -> Value {
    match rng.below(10) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(rng.next() as i64),
        3 => Value::from(-0.5 + rng.below(100) as f64 / 3.0),
        4 => Value::from(""),
        5 => Value::from(*rng.pick(TYPES).unwrap_or(&"string")),
        6 => rng
            .pick(names)
            .map_or(Value::Null, |n| Value::from(n.clone())),
        7 => Value::Object(Default::default()),
        8 => Value::Array(Vec::new()),
        _ => Value::from("<ul><li>x</ul> `\\u{0}` r# Self type"),
    }
}

/// Every path (list of keys / indices) to a node of `value`, up to `limit` of them.
fn paths(value: &Value, limit: usize) -> Vec<Vec<PathStep>> {
    let mut out = Vec::new();
    let mut stack = vec![(value, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        match node {
            Value::Object(map) => {
                for (key, child) in map {
                    let mut p = path.clone();
                    p.push(PathStep::Key(key.clone()));
                    stack.push((child, p));
                }
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    let mut p = path.clone();
                    p.push(PathStep::Index(i));
                    stack.push((child, p));
                }
            }
            _ => {}
        }
        out.push(path);
    }
    out
}

#[derive(Clone)]
enum PathStep {
    Key(String),
    Index(usize),
}

fn at<'a>(value: &'a mut Value, path: &[PathStep]) -> Option<&'a mut Value> {
    let mut node = value;
    for step in path {
        node = match (step, node) {
            (PathStep::Key(k), Value::Object(map)) => map.get_mut(k)?,
            (PathStep::Index(i), Value::Array(items)) => items.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(node)
}

fn shape_names(model: &Value) -> Vec<String> {
    model["shapes"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// One structural mutation of `model`.
fn mutate(rng: &mut Rng, model: &mut Value) {
    let names = shape_names(model);
    let all = paths(model, 20_000);
    let Some(path) = rng.pick(&all).cloned() else {
        return;
    };
    match rng.below(8) {
        // Drop the node.
        0 => {
            if let Some((last, parent)) = path.split_last()
                && let Some(parent) = at(model, parent)
            {
                match (last, parent) {
                    (PathStep::Key(k), Value::Object(map)) => {
                        map.remove(k);
                    }
                    (PathStep::Index(i), Value::Array(items)) if *i < items.len() => {
                        items.remove(*i);
                    }
                    _ => {}
                }
            }
        }
        // Replace it with a scalar, a type name or a shape name.
        1 | 2 => {
            if let Some(node) = at(model, &path) {
                *node = random_scalar(rng, &names);
            }
        }
        // Retype a shape.
        3 => {
            if let Some(name) = rng.pick(&names)
                && let Some(shape) = model["shapes"].get_mut(name)
                && shape.is_object()
            {
                shape["type"] = Value::from(*rng.pick(TYPES).unwrap_or(&"list"));
            }
        }
        // Retarget every reference below the node to one shape (often a cycle).
        4 => {
            let target = rng.pick(&names).cloned().unwrap_or_default();
            if let Some(node) = at(model, &path) {
                retarget(node, &target);
            }
        }
        // Copy a subtree somewhere else.
        5 => {
            let source = rng.pick(&all).cloned().unwrap_or_default();
            let copy = at(model, &source).cloned();
            if let (Some(copy), Some(node)) = (copy, at(model, &path)) {
                *node = copy;
            }
        }
        // Nest the node deeply.
        6 => {
            if let Some(node) = at(model, &path) {
                let mut deep = node.take();
                // Deeper than serde_json's recursion limit (128) for some cases.
                for _ in 0..rng.below(400) {
                    deep = Value::Array(vec![deep]);
                }
                *node = deep;
            }
        }
        // Rename a shape, leaving references dangling.
        _ => {
            if let Some(name) = rng.pick(&names).cloned()
                && let Some(shapes) = model["shapes"].as_object_mut()
                && let Some(shape) = shapes.remove(&name)
            {
                shapes.insert(format!("{name}{}", rng.below(3)), shape);
            }
        }
    }
}

fn retarget(node: &mut Value, target: &str) {
    match node {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                if (key == "shape" || key == "target") && value.is_string() {
                    *value = Value::from(target);
                } else {
                    retarget(value, target);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, target)),
        _ => {}
    }
}

/// Byte-level damage on the serialized model.
fn damage(rng: &mut Rng, bytes: &mut Vec<u8>) {
    if bytes.is_empty() {
        return;
    }
    match rng.below(3) {
        0 => bytes.truncate(rng.below(bytes.len())),
        1 => {
            for _ in 0..1 + rng.below(8) {
                let i = rng.below(bytes.len());
                bytes[i] = rng.next() as u8;
            }
        }
        _ => {
            let i = rng.below(bytes.len());
            let junk: Vec<u8> = (0..rng.below(64)).map(|_| rng.next() as u8).collect();
            bytes.splice(i..i, junk);
        }
    }
}

fn seeds() -> Vec<(String, Value)> {
    let mut files: Vec<PathBuf> = Vec::new();
    let fixtures = root().join("tests/fixtures/models");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        // The AWS sample models (trimmed real models) would make each case many times
        // slower; the small fixtures hold every construct.
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("aws-"))
        })
        .collect();
    dirs.sort();
    for dir in dirs {
        for name in ["service-2.json", "smithy.json"] {
            if dir.join(name).exists() {
                files.push(dir.join(name));
            }
        }
    }
    files.push(root().join("models/partnercentral-account/2025-04-04/service-2.json"));
    files.push(root().join("../shared/models/smithy/partnercentral-account-2025-04-04.json"));
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).unwrap();
            (
                f.display().to_string(),
                serde_json::from_str(&text).unwrap(),
            )
        })
        .collect()
}

#[test]
fn mutated_models_and_random_bytes_never_panic() {
    // The harness itself builds and serializes deep values: it gets a large stack. Each case
    // then runs on its own thread with the default 2 MiB, the generator's budget.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(fuzz)
        .unwrap()
        .join()
        .unwrap();
}

fn fuzz() {
    let cases: u64 = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    let seeds = seeds();
    assert!(seeds.len() >= 19, "{} seeds", seeds.len());
    let dir = std::env::temp_dir().join(format!("awsgen-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (mut refused, mut generated, mut panics) = (0, 0, Vec::new());
    for case in 0..cases {
        let mut rng = Rng::new(case);
        let bytes = if case % 20 == 19 {
            // Random bytes, sometimes dressed as a Smithy or botocore document.
            let mut bytes: Vec<u8> = match rng.below(3) {
                0 => b"{\"smithy\": \"2.0\", \"shapes\": ".to_vec(),
                1 => b"{\"metadata\": ".to_vec(),
                _ => Vec::new(),
            };
            bytes.extend((0..rng.below(4096)).map(|_| rng.next() as u8));
            bytes
        } else {
            let (_, seed) = &seeds[rng.below(seeds.len())];
            let mut model = seed.clone();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut model);
            }
            let mut bytes = serde_json::to_vec(&model).unwrap();
            if rng.below(5) == 0 {
                damage(&mut rng, &mut bytes);
            }
            bytes
        };
        let case_dir = dir.join(format!("case-{case}"));
        std::fs::create_dir_all(&case_dir).unwrap();
        let file = case_dir.join("service-2.json");
        std::fs::write(&file, &bytes).unwrap();
        let worker = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || common::generate_alone(&file))
            .unwrap();
        match worker.join() {
            Ok(Ok(_)) => generated += 1,
            Ok(Err(_)) => refused += 1,
            Err(panic) => {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                // Keep the input for reproduction.
                panics.push(format!("case {case} ({}): {message}", case_dir.display()));
                continue;
            }
        }
        let _ = std::fs::remove_dir_all(&case_dir);
    }
    println!(
        "{cases} cases: {generated} generated, {refused} refused, {} panics",
        panics.len()
    );
    assert!(panics.is_empty(), "{}", panics.join("\n"));
    let _ = std::fs::remove_dir_all(&dir);
    // The mutations must reach both outcomes, or they test nothing.
    assert!(
        generated > cases / 20 && refused > cases / 4,
        "{generated} generated, {refused} refused"
    );
}
