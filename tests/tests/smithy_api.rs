//! The crate generated from the Smithy models compiles, and its public API is the botocore
//! crate's for every type both contain, except the types listed (with reasons) in
//! `tests/smithy/api-allowlist.txt`, which carry the real model differences that
//! `tests/smithy/allowlist.txt` lists member by member.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use codegen::emit::crate_root::CrateSpec;
use codegen::files::Tree;
use quote::ToTokens;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn smithy_tree() -> Tree {
    let shared = root().join("../shared/models/smithy");
    let selling =
        codegen::pipeline::load_model(&shared.join("partnercentral-selling-2022-07-26.json"))
            .unwrap();
    let account =
        codegen::pipeline::load_model(&shared.join("partnercentral-account-2025-04-04.json"))
            .unwrap();
    let services = [
        ("selling".to_owned(), &selling),
        ("account".to_owned(), &account),
    ];
    codegen::pipeline::generate_crate(&CrateSpec::partnercentral(), "(Smithy models)", &services)
        .unwrap()
        .tree
}

/// Public API lines of a generated crate, by type: fields, variants, inherent methods and
/// implemented traits (free functions of `validators` are named after shapes, which differ
/// between the formats, and are left out).
fn api(tree: &Tree) -> BTreeMap<String, BTreeSet<String>> {
    let mut api: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in tree {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let module = path
            .iter()
            .nth(1)
            .map(|m| m.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file = syn::parse_file(text).unwrap();
        for item in file.items {
            let tokens = |t: &dyn ToTokens| t.to_token_stream().to_string();
            match item {
                syn::Item::Struct(s) if matches!(s.vis, syn::Visibility::Public(_)) => {
                    let entry = api.entry(format!("{module}::{}", s.ident)).or_default();
                    entry.insert(format!("struct {}", s.ident));
                    for field in s
                        .fields
                        .iter()
                        .filter(|f| matches!(f.vis, syn::Visibility::Public(_)))
                    {
                        entry.insert(format!(
                            "field {}: {}",
                            tokens(&field.ident),
                            tokens(&field.ty)
                        ));
                    }
                }
                syn::Item::Enum(e) => {
                    let entry = api.entry(format!("{module}::{}", e.ident)).or_default();
                    for variant in e.variants {
                        entry.insert(format!(
                            "variant {}{}",
                            variant.ident,
                            tokens(&variant.fields)
                        ));
                    }
                }
                syn::Item::Impl(i) => {
                    let self_ty = tokens(&i.self_ty).replace(' ', "");
                    // Without generics: a fluent builder's impls join its struct.
                    let name = self_ty.rsplit("::").next().unwrap_or(&self_ty);
                    let name = name.split('<').next().unwrap_or(name).to_owned();
                    let entry = api.entry(format!("{module}::{name}")).or_default();
                    match &i.trait_ {
                        Some((trait_path, _)) => {
                            entry.insert(format!("impl {}", tokens(trait_path).replace(' ', "")));
                        }
                        None => {
                            for inner in &i.items {
                                if let syn::ImplItem::Fn(f) = inner
                                    && matches!(f.vis, syn::Visibility::Public(_))
                                {
                                    entry.insert(format!("fn {}", tokens(&f.sig)));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
    }
    api
}

#[test]
fn the_smithy_crate_has_the_botocore_api_for_every_shared_type() {
    let botocore = api(&codegen::generate(&root().join("models")).unwrap().tree);
    let smithy = api(&smithy_tree());
    let allowed: BTreeSet<String> =
        std::fs::read_to_string(root().join("tests/smithy/api-allowlist.txt"))
            .unwrap()
            .lines()
            .map(|l| l.split("  # ").next().unwrap_or("").trim().to_owned())
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
    let mut differing = BTreeSet::new();
    let mut report = Vec::new();
    for (name, lines) in &botocore {
        let Some(other) = smithy.get(name) else {
            continue;
        };
        if lines != other {
            differing.insert(name.clone());
            if !allowed.contains(name) {
                let only_b: Vec<_> = lines.difference(other).collect();
                let only_s: Vec<_> = other.difference(lines).collect();
                report.push(format!(
                    "{name}\n  only botocore: {only_b:?}\n  only smithy: {only_s:?}"
                ));
            }
        }
    }
    let stale: Vec<&String> = allowed.difference(&differing).collect();
    let shared = botocore.keys().filter(|k| smithy.contains_key(*k)).count();
    println!(
        "{shared} types in both crates; {} differ (all allow-listed)",
        differing.len()
    );
    assert!(
        report.is_empty() && stale.is_empty(),
        "API differences not allowed:\n{}\nstale entries: {stale:?}",
        report.join("\n")
    );
}

/// Writes the Smithy crate beside a copy of the workspace lock file and `cargo check`s it
/// offline (dependencies are the workspace's), in a target directory of its own, with the
/// client and server too (the client carries the Smithy models' endpoint rules).
#[test]
fn the_smithy_crate_compiles() {
    let dir = root().join("target/smithy-crate");
    let _ = std::fs::remove_dir_all(&dir);
    let tree = smithy_tree();
    for (path, text) in &tree {
        let full = dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        let text = if path == Path::new("Cargo.toml") {
            // Point at the runtime by absolute path, and stand alone (not a workspace member).
            let runtime = root().join("runtime");
            format!(
                "{}\n[workspace]\n",
                text.replace(
                    "path = \"../runtime\"",
                    &format!("path = {:?}", runtime.display().to_string())
                )
            )
        } else {
            text.clone()
        };
        std::fs::write(full, text).unwrap();
    }
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
    // clippy with `-D warnings` after `--`, which applies to this crate only: RUSTFLAGS would
    // rebuild every dependency apart from the other nested builds.
    let output = common::nested_cargo(&root())
        .args([
            "clippy",
            "--offline",
            "--quiet",
            "--features",
            "client,server",
        ])
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the crate generated from the Smithy models does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
