//! The broken-model corpus (`tests/broken_models/`, written by its `make.py`): 75 botocore
//! and Smithy models, each broken in one way or hostile. Every broken one is refused with
//! an error naming the file and the shape; every hostile but valid one generates. Each runs
//! on a thread with the default 2 MiB stack, under a time limit, and none may panic. The
//! generator is pure until it writes, so `generated/` stays byte-identical (checked).

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// A digest of every file under `dir`, to show that nothing was written there.
fn digest(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_broken_model_is_refused_naming_file_and_shape() {
    let corpus = root().join("tests/broken_models");
    let manifest = std::fs::read_to_string(corpus.join("expected.txt")).unwrap();
    let before = digest(&root().join("generated"));
    let mut refused = 0;
    let mut generated = 0;
    let mut failures = Vec::new();
    for line in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [case, shape, phrase] = fields.as_slice() else {
            panic!("bad manifest line {line:?}");
        };
        let path = corpus.join(case);
        let started = Instant::now();
        let worker = {
            let path = path.clone();
            std::thread::Builder::new()
                .name(case.to_string())
                .stack_size(2 << 20)
                .spawn(move || common::generate_alone(&path))
                .unwrap()
        };
        let outcome = worker.join();
        let elapsed = started.elapsed();
        if elapsed > Duration::from_secs(60) {
            failures.push(format!("{case}: took {elapsed:.1?}"));
        }
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(_) => {
                failures.push(format!("{case}: panicked"));
                continue;
            }
        };
        match (*phrase, outcome) {
            ("ok", Ok(_)) => generated += 1,
            ("ok", Err(message)) => failures.push(format!("{case}: should generate: {message}")),
            (_, Ok(_)) => failures.push(format!("{case}: generated, but the model is broken")),
            (_, Err(message)) => {
                refused += 1;
                let file = case.trim_end_matches('/');
                let names_file = message.contains(file);
                let names_shape = *shape == "-" || message.contains(&format!("`{shape}"));
                if !(names_file && names_shape && message.contains(phrase)) {
                    failures.push(format!(
                        "{case}: expected the file, shape `{shape}` and {phrase:?} in: {message}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(refused >= 40, "{refused} refusals");
    assert_eq!(generated, 5);
    assert!(
        before == digest(&root().join("generated")),
        "generated/ changed"
    );
}
