//! Small named passes over a freshly lowered service, run in a fixed order.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Service, ShapeKind};

/// Runs every pass, in order.
pub fn run_all(service: &mut Service) {
    box_recursive_members(service);
}

/// A structure or union that contains itself by value (directly or through other structures
/// and unions) has infinite size in Rust. Every member on such a cycle is boxed. Lists and
/// maps already store their entries on the heap, so cycles through them need nothing.
fn box_recursive_members(service: &mut Service) {
    // Edges of the by-value containment graph.
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (name, shape) in &service.shapes {
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
            for member in members {
                if is_aggregate(&service.shapes[&member.target].kind) {
                    edges.entry(name).or_default().insert(&member.target);
                }
            }
        }
    }
    let reaches = |from: &str, to: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from];
        while let Some(current) = stack.pop() {
            if current == to {
                return true;
            }
            if seen.insert(current) {
                stack.extend(edges.get(current).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut to_box: Vec<(String, String)> = Vec::new();
    for (name, targets) in &edges {
        for target in targets {
            if reaches(target, name) {
                to_box.push((name.to_string(), target.to_string()));
            }
        }
    }
    for (name, target) in to_box {
        let shape = service
            .shapes
            .get_mut(&name)
            .expect("shape named by the graph");
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &mut shape.kind {
            for member in members.iter_mut().filter(|m| m.target == target) {
                member.boxed = true;
            }
        }
    }
}

fn is_aggregate(kind: &ShapeKind) -> bool {
    matches!(kind, ShapeKind::Structure(_) | ShapeKind::Union(_))
}
