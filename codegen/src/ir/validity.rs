//! The rules of a valid model (Smithy's, which botocore models follow), checked once on the
//! lowered service of either format, so that a broken model is refused with an error naming
//! the file and the shape, before anything is emitted, instead of producing code that does
//! not compile, recurses forever or silently drops what the model said.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::ir::{Bounds, Member, Service, Shape, ShapeKind};

/// Every member, list entry, map key and value, operation input, output and error names a
/// shape of the service. The lowerings run this before the IR passes, which (like the
/// emitters) may then index the shapes without checking.
pub fn check_targets(service: &Service) -> Result<()> {
    let missing = |owner: &str, what: String| {
        Error::shape(
            &service.source,
            owner,
            format!("{what} is not a shape of the model"),
        )
    };
    for (name, shape) in &service.shapes {
        let members: Vec<&Member> = match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => members.iter().collect(),
            ShapeKind::List { member, .. } => vec![member.as_ref()],
            ShapeKind::Map { key, value, .. } => vec![key.as_ref(), value.as_ref()],
            _ => Vec::new(),
        };
        for member in members {
            if !service.shapes.contains_key(&member.target) {
                return Err(missing(
                    name,
                    format!(
                        "member `{}` targets `{}`, which",
                        member.name, member.target
                    ),
                ));
            }
        }
    }
    for operation in &service.operations {
        let named = [&operation.input, &operation.output]
            .into_iter()
            .flatten()
            .chain(&operation.errors);
        for target in named {
            if !service.shapes.contains_key(target) {
                return Err(missing(&operation.name, format!("`{target}`")));
            }
        }
    }
    Ok(())
}

/// Every rule below, in one pass over the shapes.
pub fn check_validity(service: &Service) -> Result<()> {
    let error = |shape: &str, message: String| Error::shape(&service.source, shape, message);
    for (name, shape) in &service.shapes {
        // Prelude shapes of a Smithy model keep their absolute id (`smithy.api#String`).
        if !name.starts_with("smithy.api#") && !is_identifier(name) {
            return Err(error(
                name,
                "a shape name must be an identifier (`[A-Za-z_][A-Za-z0-9_]*`)".into(),
            ));
        }
        check_shape(service, shape).map_err(|message| error(name, message))?;
    }
    for operation in &service.operations {
        check_operation(service, operation).map_err(|message| error(&operation.name, message))?;
        super::bindings::check_operation_bindings(service, operation)
            .map_err(|message| error(&operation.name, message))?;
        if let Some(paginated) = &operation.paginated {
            check_pagination(service, operation, paginated)
                .map_err(|message| error(&operation.name, message))?;
        }
    }
    check_collection_cycles(service)?;
    check_required_cycles(service)?;
    Ok(())
}

/// An operation's input and output are structures, and its errors are error structures
/// (that they exist, `check_targets` made sure while lowering).
fn check_operation(
    service: &Service,
    operation: &crate::ir::Operation,
) -> std::result::Result<(), String> {
    for (role, shape) in [("input", &operation.input), ("output", &operation.output)] {
        if let Some(name) = shape {
            let kind = &service.shapes[name].kind;
            if !matches!(kind, ShapeKind::Structure(_)) {
                return Err(format!(
                    "its {role} `{name}` must be a structure, not {}",
                    kind.label()
                ));
            }
        }
    }
    for name in &operation.errors {
        let shape = &service.shapes[name];
        if !matches!(shape.kind, ShapeKind::Structure(_)) || shape.error.is_none() {
            return Err(format!(
                "its error `{name}` must be a structure marked as an error"
            ));
        }
    }
    Ok(())
}

/// A Smithy identifier (`[A-Za-z_][A-Za-z0-9_]*`, not `_` alone): shape, member and
/// namespace segment names.
pub(crate) fn is_identifier(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name != "_"
}

fn check_shape(service: &Service, shape: &Shape) -> std::result::Result<(), String> {
    if let Some(length) = &shape.constraints.length {
        check_order("length", length)?;
    }
    check_range(&shape.kind, shape.constraints.range.as_ref())?;
    match &shape.kind {
        ShapeKind::Enum(values) => {
            if values.is_empty() {
                return Err("an enum must list at least one value".into());
            }
            let mut seen = BTreeSet::new();
            for value in values {
                if value.value.is_empty() {
                    return Err("an enum value may not be empty".into());
                }
                if !seen.insert(&value.value) {
                    return Err(format!("enum value {:?} is listed twice", value.value));
                }
            }
        }
        ShapeKind::IntEnum(values) => {
            if values.is_empty() {
                return Err("an intEnum must list at least one value".into());
            }
            let mut seen = BTreeSet::new();
            for value in values {
                if !seen.insert(value.value) {
                    return Err(format!("intEnum value {} is listed twice", value.value));
                }
            }
        }
        ShapeKind::Union(members) if members.is_empty() => {
            return Err("a union must have at least one member".into());
        }
        ShapeKind::Map { key, .. } => {
            let target = service.target(key);
            if !matches!(target.kind, ShapeKind::String | ShapeKind::Enum(_)) {
                return Err(format!(
                    "a map key must target a string or enum, not `{}` ({})",
                    key.target,
                    target.kind.label()
                ));
            }
        }
        _ => {}
    }
    if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
        let mut lowercase: BTreeMap<String, &str> = BTreeMap::new();
        for member in members {
            if !is_identifier(&member.name) {
                return Err(format!(
                    "member `{}`: a member name must be an identifier (`[A-Za-z_][A-Za-z0-9_]*`)",
                    member.name
                ));
            }
            if let Some(other) = lowercase.insert(member.name.to_lowercase(), &member.name) {
                return Err(format!(
                    "members `{other}` and `{}` differ only in case",
                    member.name
                ));
            }
            check_member(service, member)
                .map_err(|message| format!("member `{}`: {message}", member.name))?;
        }
    }
    Ok(())
}

fn check_member(service: &Service, member: &Member) -> std::result::Result<(), String> {
    if let Some(length) = &member.constraints.length {
        check_order("length", length)?;
    }
    check_range(
        &service.target(member).kind,
        member.constraints.range.as_ref(),
    )
}

fn check_order<T: PartialOrd + std::fmt::Display>(
    what: &str,
    bounds: &Bounds<T>,
) -> std::result::Result<(), String> {
    match (&bounds.min, &bounds.max) {
        (Some(min), Some(max)) if min > max => {
            Err(format!("{what} has min {min} greater than max {max}"))
        }
        _ => Ok(()),
    }
}

/// A range's bounds in order; on an integer shape, whole numbers.
fn check_range(
    kind: &ShapeKind,
    range: Option<&Bounds<serde_json::Number>>,
) -> std::result::Result<(), String> {
    let Some(range) = range else {
        return Ok(());
    };
    let integer = matches!(
        kind,
        ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::BigInteger
            | ShapeKind::IntEnum(_)
    );
    for bound in [&range.min, &range.max].into_iter().flatten() {
        if integer && bound.as_i64().is_none() && bound.as_u64().is_none() {
            return Err(format!(
                "range bound {bound} of an integer shape is not a whole number"
            ));
        }
    }
    if let (Some(min), Some(max)) = (
        range.min.as_ref().and_then(serde_json::Number::as_f64),
        range.max.as_ref().and_then(serde_json::Number::as_f64),
    ) && min > max
    {
        return Err(format!("range has min {min} greater than max {max}"));
    }
    Ok(())
}

/// Every member a paginator names exists: a page token, page size or item list the
/// operation does not have would be silently dropped from the paginator.
fn check_pagination(
    service: &Service,
    operation: &crate::ir::Operation,
    paginated: &crate::ir::Paginated,
) -> std::result::Result<(), String> {
    let members_of = |shape: &Option<String>| -> Vec<&str> {
        match shape.as_ref().map(|s| &service.shapes[s].kind) {
            Some(ShapeKind::Structure(members)) => {
                members.iter().map(|m| m.name.as_str()).collect()
            }
            _ => Vec::new(),
        }
    };
    let input = members_of(&operation.input);
    let output = members_of(&operation.output);
    // Output paths are JMESPath-like (`Result.NextToken`, `NextMarker || Contents[-1].Key`):
    // the first step of each alternative must exist.
    let steps_exist = |path: &str| {
        path.split("||").all(|alternative| {
            let alternative = alternative.trim();
            let first = alternative.split(['.', '[']).next().unwrap_or(alternative);
            output.contains(&first.trim())
        })
    };
    for token in &paginated.input_tokens {
        if !input.contains(&token.as_str()) {
            return Err(format!(
                "the paginator's input token `{token}` is not an input member"
            ));
        }
    }
    if let Some(size) = &paginated.page_size
        && !input.contains(&size.as_str())
    {
        return Err(format!(
            "the paginator's page size `{size}` is not an input member"
        ));
    }
    for path in paginated.output_tokens.iter().chain(&paginated.items) {
        if !steps_exist(path) {
            return Err(format!(
                "the paginator's output path `{path}` is not an output member"
            ));
        }
    }
    Ok(())
}

/// A list or map that contains itself without a structure or union in between has no
/// finite Rust type (Smithy forbids it too).
fn check_collection_cycles(service: &Service) -> Result<()> {
    fn children(shape: &Shape) -> Vec<&str> {
        match &shape.kind {
            ShapeKind::List { member, .. } => vec![member.target.as_str()],
            ShapeKind::Map { key, value, .. } => vec![key.target.as_str(), value.target.as_str()],
            _ => Vec::new(),
        }
    }
    find_cycle(service, children).map_or(Ok(()), |name| {
        Err(Error::shape(
            &service.source,
            &name,
            "a list or map contains itself without a structure or union in between",
        ))
    })
}

/// A structure whose required members lead back to it has no finite value: not even its
/// zero value could be built (Smithy forbids it too).
fn check_required_cycles(service: &Service) -> Result<()> {
    fn children(shape: &Shape) -> Vec<&str> {
        match &shape.kind {
            ShapeKind::Structure(members) => members
                .iter()
                .filter(|m| m.required)
                .map(|m| m.target.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }
    find_cycle(service, children).map_or(Ok(()), |name| {
        Err(Error::shape(
            &service.source,
            &name,
            "its required members lead back to it: no value of it is finite (make one member optional)",
        ))
    })
}

/// A shape on a cycle of the graph `children` draws over the shapes, if there is one.
/// Iterative (hostile models can be deep), each shape visited once.
fn find_cycle(service: &Service, children: fn(&Shape) -> Vec<&str>) -> Option<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    for start in service.shapes.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        // (shape, its children, next child index)
        let mut stack: Vec<(&str, Vec<&str>, usize)> = Vec::new();
        let first = &service.shapes[start];
        state.insert(start, State::Open);
        stack.push((start, children(first), 0));
        while let Some((name, kids, next)) = stack.last_mut() {
            let Some(child) = kids.get(*next).copied() else {
                state.insert(name, State::Done);
                stack.pop();
                continue;
            };
            *next += 1;
            match state.get(child) {
                Some(State::Open) => return Some(child.to_owned()),
                Some(State::Done) => {}
                None => {
                    if let Some(shape) = service.shapes.get(child) {
                        state.insert(child, State::Open);
                        stack.push((child, children(shape), 0));
                    }
                }
            }
        }
    }
    None
}
