//! Checks on a lowered service that need more than the model's structure.

use crate::error::{Error, Result};
use crate::ir::{Constraints, Service, ShapeKind};

/// Every `@pattern` compiles with the engine the generated validators use, so a model the
/// runtime could not check is rejected here, naming the shape, rather than at run time.
pub fn check_patterns(service: &Service) -> Result<()> {
    for shape in service.shapes.values() {
        check(service, &shape.name, &shape.constraints)?;
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
            for member in members {
                check(
                    service,
                    &format!("{}.{}", shape.name, member.name),
                    &member.constraints,
                )?;
            }
        }
    }
    Ok(())
}

fn check(service: &Service, shape: &str, constraints: &Constraints) -> Result<()> {
    let Some(pattern) = &constraints.pattern else {
        return Ok(());
    };
    awsgen_runtime::pattern::Pattern::compile(&pattern.ecma)
        .map(|_| ())
        .map_err(|error| {
            let message = format!(
                "pattern `{}` cannot be compiled: {}",
                pattern.original, error.message
            );
            Error::shape(&service.source, shape, message)
        })
}
