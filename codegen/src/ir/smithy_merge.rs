//! Smithy models before lowering: `apply` statements merged into the shapes and members
//! they name, and mixins copied into the shapes that use them, so that lowering sees each
//! shape complete.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::model::smithy::Shape as AstShape;

pub(super) type ErrorFn<'a> = &'a dyn Fn(&str, String) -> Error;

/// Merges every `apply` statement's traits into the shape or member it names.
pub(super) fn apply_statements(
    shapes: &mut BTreeMap<String, AstShape>,
    error: ErrorFn,
) -> Result<()> {
    let applies: Vec<(String, AstShape)> = shapes
        .iter()
        .filter(|(_, shape)| shape.kind == "apply")
        .map(|(id, shape)| (id.clone(), shape.clone()))
        .collect();
    for (id, apply) in applies {
        shapes.remove(&id);
        let (shape_id, member) = match id.split_once('$') {
            Some((shape, member)) => (shape.to_owned(), Some(member.to_owned())),
            None => (id.clone(), None),
        };
        let Some(shape) = shapes.get_mut(&shape_id) else {
            return Err(error(
                &id,
                "`apply` names a shape that is not in the model".to_owned(),
            ));
        };
        let traits = match &member {
            None => &mut shape.traits,
            Some(member) => match shape
                .members
                .as_mut()
                .and_then(|m| m.0.iter_mut().find(|(n, _)| n == member))
            {
                Some((_, reference)) => &mut reference.traits,
                None => {
                    return Err(error(
                        &id,
                        format!("`apply` names member `{member}`, which does not exist"),
                    ));
                }
            },
        };
        traits.extend(apply.traits);
    }
    Ok(())
}

/// Copies each mixin's members (first) and traits (the shape's own win) into the shapes that
/// use it. A cycle of mixins is an error naming a shape on it.
pub(super) fn resolve_mixins(
    shapes: &BTreeMap<String, AstShape>,
    error: ErrorFn,
) -> Result<BTreeMap<String, AstShape>> {
    fn resolve(
        id: &str,
        shapes: &BTreeMap<String, AstShape>,
        done: &mut BTreeMap<String, AstShape>,
        visiting: &mut BTreeSet<String>,
        error: ErrorFn,
    ) -> Result<AstShape> {
        if let Some(shape) = done.get(id) {
            return Ok(shape.clone());
        }
        let Some(shape) = shapes.get(id) else {
            return Err(error(id, "mixin is not a shape of the model".to_owned()));
        };
        if !visiting.insert(id.to_owned()) {
            return Err(error(
                id,
                "mixin cycle: the shape includes itself through its mixins".to_owned(),
            ));
        }
        let mut resolved = shape.clone();
        let mut members = Vec::new();
        let mut traits = BTreeMap::new();
        for mixin in &shape.mixins {
            let mixin_shape = resolve(&mixin.target, shapes, done, visiting, error)?;
            members.extend(mixin_shape.members().iter().cloned());
            traits.extend(
                mixin_shape
                    .traits
                    .into_iter()
                    .filter(|(name, _)| name != "smithy.api#mixin"),
            );
        }
        for (name, member) in shape.members() {
            match members.iter_mut().find(|(existing, _)| existing == name) {
                // A shape may redeclare a mixin member to add traits.
                Some((_, inherited)) => inherited.traits.extend(member.traits.clone()),
                None => members.push((name.clone(), member.clone())),
            }
        }
        traits.extend(shape.traits.clone());
        if !shape.mixins.is_empty() {
            resolved.members = Some(crate::model::smithy::Members(members));
            resolved.traits = traits;
        }
        visiting.remove(id);
        done.insert(id.to_owned(), resolved.clone());
        Ok(resolved)
    }
    let mut done = BTreeMap::new();
    for id in shapes.keys() {
        resolve(id, shapes, &mut done, &mut BTreeSet::new(), error)?;
    }
    Ok(done)
}
