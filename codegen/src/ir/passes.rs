//! Small named passes over a freshly lowered service, run in a fixed order.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Constraints, HttpBinding, Member, Protocol, Service, Shape, ShapeKind};

/// Runs every pass, in order.
pub fn run_all(service: &mut Service) {
    synthesize_missing_io(service);
    give_every_error_a_message(service);
    key_members_outside_the_body_apart(service);
    box_recursive_members(service);
}

/// An error shape without a `message` member (all of S3's, for one) gets a `Message`
/// member: every AWS error response can carry a message, botocore reports it for every
/// error, and dropping it would leave a caller with a bare code. It is read from any of the
/// protocol's message keys and written as `Message`.
fn give_every_error_a_message(service: &mut Service) {
    let lacking: Vec<String> = service
        .shapes
        .values()
        .filter(|shape| shape.error.is_some())
        .filter(|shape| match &shape.kind {
            ShapeKind::Structure(members) => !members
                .iter()
                .any(|m| m.name.eq_ignore_ascii_case("message")),
            _ => false,
        })
        .map(|shape| shape.name.clone())
        .collect();
    if lacking.is_empty() {
        return;
    }
    let target = message_shape(service);
    for name in lacking {
        let shape = service.shapes.get_mut(&name).expect("listed above");
        if let ShapeKind::Structure(members) = &mut shape.kind {
            let mut message = Member::new("Message", &target);
            message.docs = Some(
                "<p>The message the service sent with the error. The model declares no message \
                 member; this one is added so that the message is not lost.</p>"
                    .to_owned(),
            );
            members.push(message);
        }
    }
}

/// A plain string shape for the added message members: `ErrorMessage` where that name is
/// free or already such a shape, else the first free `ErrorMessage<n>`.
fn message_shape(service: &mut Service) -> String {
    let plain = |shape: &Shape| {
        matches!(shape.kind, ShapeKind::String)
            && shape.constraints == Constraints::default()
            && !shape.sensitive
            && shape.deprecated.is_none()
    };
    let mut name = "ErrorMessage".to_owned();
    let mut n = 2;
    loop {
        match service.shapes.get(&name) {
            Some(shape) if plain(shape) => return name,
            Some(_) => {
                name = format!("ErrorMessage{n}");
                n += 1;
            }
            None => break,
        }
    }
    service.shapes.insert(
        name.clone(),
        Shape {
            name: name.clone(),
            kind: ShapeKind::String,
            docs: None,
            constraints: Constraints::default(),
            sensitive: false,
            deprecated: None,
            error: None,
            bindings: super::ShapeBindings::default(),
        },
    );
    name
}

/// In the REST protocols, a member bound to a label, query, header or the status is never in
/// the body, and its key in the serde form is its model name. Where a body member already
/// goes by that name on the wire (API Gateway's `PutIntegration`: the label `httpMethod` and
/// the body member `integrationHttpMethod`, whose JSON key is `httpMethod`), the member
/// outside the body takes `<name>@<where>` instead, so that each value has its own key.
fn key_members_outside_the_body_apart(service: &mut Service) {
    if !matches!(service.protocol, Protocol::RestJson1 | Protocol::RestXml) {
        return;
    }
    for shape in service.shapes.values_mut() {
        let ShapeKind::Structure(members) = &mut shape.kind else {
            continue;
        };
        for index in 0..members.len() {
            let place = match &members[index].bindings.http {
                HttpBinding::Body | HttpBinding::Payload => continue,
                HttpBinding::Header(_) => "header",
                HttpBinding::PrefixHeaders(_) => "headers",
                HttpBinding::Label(_) => "label",
                HttpBinding::Query(_) | HttpBinding::QueryParams => "query",
                HttpBinding::ResponseCode => "status",
            };
            let taken = |key: &str| {
                members
                    .iter()
                    .enumerate()
                    .any(|(i, m)| i != index && m.wire_name == key)
            };
            if !taken(&members[index].wire_name) {
                continue;
            }
            let key = format!("{}@{place}", members[index].name);
            if !taken(&key) {
                members[index].wire_name = key;
            }
        }
    }
}

/// An operation without an input or output structure gets an empty one, named like the
/// service's others (`<Operation>Response`, `<Operation>Output`, ...). Every operation then
/// has its own types: the wire is the same `{}`, but a later model can add members to it
/// without changing the signature of the operation.
fn synthesize_missing_io(service: &mut Service) {
    for operation in &mut service.operations {
        operation.modeled_input = operation.input.is_some();
    }
    let suffix = |shapes: Vec<&str>, names: Vec<&str>, fallback: &'static str| {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for (shape, operation) in shapes.iter().zip(&names) {
            if let Some(suffix) = shape.strip_prefix(operation) {
                *counts.entry(suffix).or_default() += 1;
            }
        }
        let most_used = counts.into_iter().max_by_key(|(_, n)| *n).map(|(s, _)| s);
        most_used
            .filter(|s| !s.is_empty())
            .unwrap_or(fallback)
            .to_owned()
    };
    let with = |pick: fn(&crate::ir::Operation) -> &Option<String>| -> (Vec<&str>, Vec<&str>) {
        service
            .operations
            .iter()
            .filter_map(|op| pick(op).as_deref().map(|shape| (shape, op.name.as_str())))
            .unzip()
    };
    let (inputs, names) = with(|op| &op.input);
    let input_suffix = suffix(inputs, names, "Input");
    let (outputs, names) = with(|op| &op.output);
    let output_suffix = suffix(outputs, names, "Output");
    for index in 0..service.operations.len() {
        for (is_input, suffix) in [(true, &input_suffix), (false, &output_suffix)] {
            let operation = &service.operations[index];
            let slot = if is_input {
                &operation.input
            } else {
                &operation.output
            };
            if slot.is_some() {
                continue;
            }
            let base = format!("{}{suffix}", operation.name);
            let mut name = base.clone();
            let mut n = 2;
            while service.shapes.contains_key(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            // IR docs are the model's HTML (emitters convert them to Markdown).
            let docs = format!(
                "<p>The {} of <code>{}</code>. The model declares none, so it has no members; \
                 it is <code>{{}}</code> on the wire.</p>",
                if is_input { "input" } else { "output" },
                operation.name
            );
            service.shapes.insert(
                name.clone(),
                Shape {
                    name: name.clone(),
                    kind: ShapeKind::Structure(Vec::new()),
                    docs: Some(docs),
                    constraints: Constraints::default(),
                    sensitive: false,
                    deprecated: None,
                    error: None,
                    bindings: super::ShapeBindings::default(),
                },
            );
            let operation = &mut service.operations[index];
            let slot = if is_input {
                &mut operation.input
            } else {
                &mut operation.output
            };
            *slot = Some(name);
        }
    }
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
