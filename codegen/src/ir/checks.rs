//! Checks on a lowered service that need more than the model's structure.

use crate::ir::{Constraints, Service, ShapeKind};

/// Every `@pattern` is compiled with the engine the generated validators use. One that no
/// engine reads with one clear meaning (Java syntax such as a possessive `?+`, an unknown
/// property name) does not block the service: it is marked unchecked, with a warning naming
/// the file and the shape, and the emitters leave its check out and say so in the docs.
pub fn check_patterns(service: &mut Service) {
    let source = service.source.display().to_string();
    let mut warnings = Vec::new();
    for shape in service.shapes.values_mut() {
        check(&source, &shape.name, &mut shape.constraints, &mut warnings);
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &mut shape.kind {
            for member in members {
                let label = format!("{}.{}", shape.name, member.name);
                check(&source, &label, &mut member.constraints, &mut warnings);
            }
        }
    }
    service.warnings.extend(warnings);
}

fn check(source: &str, shape: &str, constraints: &mut Constraints, warnings: &mut Vec<String>) {
    let Some(pattern) = &mut constraints.pattern else {
        return;
    };
    if let Err(error) = awsgen_runtime::pattern::Pattern::check(&pattern.ecma) {
        warnings.push(format!(
            "{source}: shape `{shape}`: pattern `{}` is not checked: {}",
            pattern.original, error.message
        ));
        pattern.unchecked = Some(error.message);
    }
}
