//! insta snapshots: the generated code of every fixture model (one per construct), and the
//! name table of the real models (every Rust identifier the generator chose, and why).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::ir::ShapeKind;
use codegen::naming::ServiceNames;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// One snapshot per fixture module: its files, in name order.
#[test]
fn fixture_code() {
    let generated = codegen::generate_fixtures(&root().join("tests/fixtures")).unwrap();
    // The AWS sample modules (`aws_*`, trimmed real models) are left out: 167,000 lines of
    // snapshots would review nothing; botocore_aws_sample.rs checks their wire behaviour.
    for service in generated
        .services
        .iter()
        .filter(|s| !s.module.starts_with("aws_"))
    {
        let prefix = Path::new("src").join(&service.module);
        let mut text = String::new();
        for (path, contents) in generated.tree.range(prefix.clone()..) {
            if !path.starts_with(&prefix) {
                break;
            }
            let name = path.strip_prefix(&prefix).unwrap().display().to_string();
            writeln!(text, "===== {name} =====\n{contents}").unwrap();
        }
        insta::assert_snapshot!(format!("fixture_{}", service.module), text);
    }
}

/// Every identifier of a service: types, fields, variants, with the generator's notes.
fn name_table(dir: &str) -> String {
    let service = codegen::pipeline::load_botocore(&root().join(dir)).unwrap();
    let names = ServiceNames::new(&service);
    let mut out = String::new();
    let note = |n: &codegen::naming::Name| {
        n.note
            .as_ref()
            .map(|n| format!("  ({n})"))
            .unwrap_or_default()
    };
    for (name, shape) in &service.shapes {
        match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                let ty = names.type_name(name);
                writeln!(
                    out,
                    "{} {name} -> {}{}",
                    shape.kind.label(),
                    ty.rust,
                    note(ty)
                )
                .unwrap();
                for member in members {
                    let m = names.member(name, &member.name);
                    let rust = if matches!(shape.kind, ShapeKind::Union(_)) {
                        &m.variant
                    } else {
                        &m.field
                    };
                    writeln!(out, "    {} -> {}{}", member.name, rust.rust, note(rust)).unwrap();
                }
            }
            ShapeKind::Enum(values) => {
                let ty = names.type_name(name);
                writeln!(out, "enum {name} -> {}{}", ty.rust, note(ty)).unwrap();
                for value in values {
                    let v = names.value(name, &value.value);
                    writeln!(out, "    {:?} -> {}{}", value.value, v.rust, note(v)).unwrap();
                }
            }
            _ => {}
        }
    }
    for operation in &service.operations {
        writeln!(
            out,
            "operation {} -> {}",
            operation.name,
            names.operation(&operation.name).rust
        )
        .unwrap();
    }
    out
}

#[test]
fn selling_names() {
    insta::assert_snapshot!(name_table("models/partnercentral-selling/2022-07-26"));
}

#[test]
fn account_names() {
    insta::assert_snapshot!(name_table("models/partnercentral-account/2025-04-04"));
}
