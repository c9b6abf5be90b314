//! Facts a service's Smithy model states and its botocore model cannot carry, laid over the
//! service lowered from botocore.
//!
//! botocore stays the source of shapes (it is what AWS ships first, and what every SDK's
//! request and response documents are checked against). But its format drops some Smithy
//! traits: the HTTP status of an error (`@httpError`; a JSON-protocol model has no
//! `error.httpStatusCode`), `@uniqueItems` on lists and members' `@default` values. Those
//! are drawn, trait by trait, from a facts file: a Smithy JSON AST holding nothing but
//! `apply` statements (Smithy's own way to add traits to shapes defined elsewhere),
//! written by `cargo xtask smithy-facts` from the service's Smithy model with
//! [`extract_facts`]. The rules:
//!
//! - only [`DRAWN_TRAITS`] are drawn, and only where the botocore model says nothing
//!   (a botocore `httpStatusCode` wins, and a contradiction is an error);
//! - every statement must name a shape (or member) the botocore model has, of the right
//!   kind: a stale facts file is an error naming the file and the shape, never a silent no-op;
//! - `tests/smithy_equivalence.rs` compares the botocore lowering, with its facts, to the
//!   whole Smithy lowering, these traits included, so the two sources cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Value, json};

use crate::error::{Error, Result};
use crate::ir::{Member, Service, ShapeKind};
use crate::model::smithy::Model;

/// The traits a facts file may apply.
pub const DRAWN_TRAITS: &[&str] = &[
    "smithy.api#httpError",
    "smithy.api#uniqueItems",
    "smithy.api#default",
];

/// Applies the facts file `file` (already read as `facts`) to `service`.
pub fn apply_facts(file: &Path, service: &mut Service, facts: &Model) -> Result<()> {
    let list_targets: BTreeSet<String> = service
        .shapes
        .values()
        .filter(|s| matches!(s.kind, ShapeKind::List { .. }))
        .map(|s| s.name.clone())
        .collect();
    for (id, statement) in &facts.shapes {
        let error = |message: String| Error::shape(file, id, message);
        if statement.kind != "apply" {
            return Err(error(format!(
                "a facts file holds only `apply` statements, found `{}`",
                statement.kind
            )));
        }
        let (shape_name, member_name) = local_target(id).ok_or_else(|| {
            error("not an absolute shape id (`namespace#Shape` or `namespace#Shape$member`)".into())
        })?;
        let shape = service
            .shapes
            .get_mut(shape_name)
            .ok_or_else(|| error(format!("the botocore model has no shape `{shape_name}`")))?;
        for (name, value) in &statement.traits {
            match (name.as_str(), member_name) {
                ("smithy.api#httpError", None) => {
                    let status = value
                        .as_u64()
                        .and_then(|s| u16::try_from(s).ok())
                        .filter(|s| (400..600).contains(s))
                        .ok_or_else(|| {
                            error(format!("`httpError` must be 400 to 599, found {value}"))
                        })?;
                    let trait_ = shape.error.as_mut().ok_or_else(|| {
                        error("`httpError` applied to a shape that is not an error".into())
                    })?;
                    match trait_.http_status {
                        Some(own) if own != status => {
                            return Err(error(format!(
                                "`httpError` {status} contradicts the botocore model's status {own}"
                            )));
                        }
                        _ => trait_.http_status = Some(status),
                    }
                }
                ("smithy.api#uniqueItems", None) => {
                    if !matches!(shape.kind, ShapeKind::List { .. }) {
                        return Err(error(
                            "`uniqueItems` applied to a shape that is not a list".into(),
                        ));
                    }
                    shape.constraints.unique_items = true;
                }
                ("smithy.api#uniqueItems", Some(member_name)) => {
                    let member = member_mut(&mut shape.kind, member_name).ok_or_else(|| {
                        error(format!("the botocore model has no member `{member_name}`"))
                    })?;
                    if !list_targets.contains(&member.target) {
                        return Err(error(
                            "`uniqueItems` applied to a member that is not a list".into(),
                        ));
                    }
                    member.constraints.unique_items = true;
                }
                ("smithy.api#default", Some(member_name)) => {
                    let member = member_mut(&mut shape.kind, member_name).ok_or_else(|| {
                        error(format!("the botocore model has no member `{member_name}`"))
                    })?;
                    member.default = Some(value.clone());
                }
                _ => {
                    return Err(error(format!(
                        "`{name}` is not a trait drawn from Smithy here (one of {DRAWN_TRAITS:?}, on {})",
                        "shapes for httpError, lists and members for uniqueItems, members for default"
                    )));
                }
            }
        }
    }
    Ok(())
}

/// The facts file for `botocore` (a service lowered from botocore) drawn from `smithy`,
/// the same service's Smithy model: the [`DRAWN_TRAITS`] of every shape and member that
/// the botocore model also has and states nothing about. Deterministic (sorted keys).
pub fn extract_facts(smithy: &Model, botocore: &Service) -> Value {
    let mut statements: BTreeMap<String, Value> = BTreeMap::new();
    // Lists of both models (by name) that get `uniqueItems` at shape level.
    let shape_level_unique: BTreeSet<String> = smithy
        .shapes
        .iter()
        .filter(|(_, s)| s.traits.contains_key("smithy.api#uniqueItems"))
        .filter_map(|(id, _)| local_target(id).map(|(name, _)| name.to_owned()))
        .filter(|name| {
            botocore
                .shapes
                .get(name)
                .is_some_and(|s| matches!(s.kind, ShapeKind::List { .. }))
        })
        .collect();
    for (id, shape) in &smithy.shapes {
        let Some((name, None)) = local_target(id) else {
            continue;
        };
        let Some(ours) = botocore.shapes.get(name) else {
            continue;
        };
        let mut traits = serde_json::Map::new();
        if let (Some(status), Some(error)) = (shape.traits.get("smithy.api#httpError"), &ours.error)
            && error.http_status.is_none()
        {
            traits.insert("smithy.api#httpError".into(), status.clone());
        }
        if shape.traits.contains_key("smithy.api#uniqueItems")
            && matches!(ours.kind, ShapeKind::List { .. })
            && !ours.constraints.unique_items
        {
            traits.insert("smithy.api#uniqueItems".into(), json!({}));
        }
        if !traits.is_empty() {
            statements.insert(id.clone(), json!({ "type": "apply", "traits": traits }));
        }
        let ours_members = match &ours.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.as_slice(),
            _ => &[],
        };
        for (member_name, member) in shape.members() {
            let Some(ours) = ours_members.iter().find(|m| m.name == *member_name) else {
                continue;
            };
            let mut traits = serde_json::Map::new();
            if let Some(default) = member.traits.get("smithy.api#default")
                && ours.default.is_none()
            {
                traits.insert("smithy.api#default".into(), default.clone());
            }
            // botocore gives a constrained member a list shape of its own, so a list's
            // `uniqueItems` is drawn for each member whose botocore list lacks it.
            let unique = member.traits.contains_key("smithy.api#uniqueItems")
                || smithy
                    .shapes
                    .get(&member.target)
                    .is_some_and(|t| t.traits.contains_key("smithy.api#uniqueItems"));
            let ours_target = botocore.shapes.get(&ours.target);
            let ours_unique = ours.constraints.unique_items
                || ours_target.is_some_and(|t| {
                    t.constraints.unique_items || shape_level_unique.contains(&t.name)
                });
            if unique
                && !ours_unique
                && ours_target.is_some_and(|t| matches!(t.kind, ShapeKind::List { .. }))
            {
                traits.insert("smithy.api#uniqueItems".into(), json!({}));
            }
            if !traits.is_empty() {
                statements.insert(
                    format!("{id}${member_name}"),
                    json!({ "type": "apply", "traits": traits }),
                );
            }
        }
    }
    json!({
        "smithy": "2.0",
        "metadata": {
            "generatedBy": "cargo xtask smithy-facts: traits of the Smithy model that the botocore model cannot carry (see codegen/src/ir/facts.rs)"
        },
        "shapes": statements,
    })
}

/// `ns#Shape` -> (`Shape`, None); `ns#Shape$member` -> (`Shape`, Some(`member`)).
fn local_target(id: &str) -> Option<(&str, Option<&str>)> {
    let (namespace, local) = id.split_once('#')?;
    if namespace.is_empty() || local.is_empty() {
        return None;
    }
    Some(match local.split_once('$') {
        Some((shape, member)) => (shape, Some(member)),
        None => (local, None),
    })
}

fn member_mut<'a>(kind: &'a mut ShapeKind, name: &str) -> Option<&'a mut Member> {
    match kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            members.iter_mut().find(|m| m.name == name)
        }
        _ => None,
    }
}
