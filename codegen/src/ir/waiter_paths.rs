//! Checks each waiter against the service and translates its JMESPath expressions from
//! the model's member names to the keys of the serde form the runtime evaluates them on.
//!
//! botocore evaluates an expression on the parsed response, keyed by member names; the
//! generated types serialize each member under its wire name (`locationName`, `jsonName`),
//! which differs for many members of XML and query services (ec2's `Reservations` is
//! `reservationSet`). So every identifier is typed along the expression (a field of a
//! structure, the element of a projected list, the value of a map) and rewritten in place
//! where its wire name differs; everything else in the text stays as written.

use std::ops::Range;

use awsgen_runtime::waiter::jmespath::Expr;

use super::waiters::Matcher;
use super::{Service, ShapeKind};
use crate::error::{Error, Result};

/// Checks every waiter (its operation exists, its expressions parse) and fills each path
/// matcher's `wire_expression`. A name no shape along the path has (a stale model) is kept
/// as written, with a warning: the expression then finds nothing there, as in botocore.
pub fn resolve_waiters(service: &mut Service) -> Result<()> {
    let mut warnings = Vec::new();
    let mut waiters = std::mem::take(&mut service.waiters);
    let result = resolve_all(service, &mut waiters, &mut warnings);
    service.waiters = waiters;
    service.warnings.extend(warnings);
    result
}

fn resolve_all(
    service: &Service,
    waiters: &mut [super::Waiter],
    warnings: &mut Vec<String>,
) -> Result<()> {
    let mut names = std::collections::BTreeSet::new();
    for waiter in waiters {
        if !names.insert(waiter.name.clone()) {
            return Err(Error::Model {
                file: waiter.source.clone(),
                location: format!("waiters.{}", waiter.name),
                message: format!("two waiters are named `{}`", waiter.name),
            });
        }
        let Some(operation) = service
            .operations
            .iter()
            .find(|op| op.name == waiter.operation)
        else {
            return Err(Error::Model {
                file: waiter.source.clone(),
                location: format!("waiters.{}.operation", waiter.name),
                message: format!(
                    "waiter `{}` polls `{}`, which is not an operation of the service",
                    waiter.name, waiter.operation
                ),
            });
        };
        for (index, acceptor) in waiter.acceptors.iter_mut().enumerate() {
            let Matcher::Path {
                expression,
                wire_expression,
                input_output,
                ..
            } = &mut acceptor.matcher
            else {
                continue;
            };
            let parsed = Expr::parse(expression).map_err(|error| Error::Model {
                file: waiter.source.clone(),
                location: format!("waiters.{}.acceptors[{index}]", waiter.name),
                message: format!("JMESPath expression `{expression}` does not parse: {error}"),
            })?;
            let root = if *input_output {
                Ty::InputOutput {
                    input: operation.input.clone(),
                    output: operation.output.clone(),
                }
            } else {
                operation.output.clone().map_or(Ty::Any, Ty::Shape)
            };
            let mut typer = Typer {
                service,
                renames: Vec::new(),
                unknown: Vec::new(),
            };
            typer.walk(&parsed, &root);
            for (name, shape) in typer.unknown {
                warnings.push(format!(
                    "{}: waiter `{}`: `{expression}` names `{name}`, which `{shape}` does not \
                     have; it is kept as written",
                    waiter.source.display(),
                    waiter.name
                ));
            }
            *wire_expression = splice(expression, typer.renames);
        }
    }
    Ok(())
}

/// What an expression evaluates to, as far as the model says.
#[derive(Debug, Clone)]
enum Ty {
    Any,
    Shape(String),
    List(Box<Ty>),
    /// The root of an `inputOutput` matcher: `{"input": ..., "output": ...}`.
    InputOutput {
        input: Option<String>,
        output: Option<String>,
    },
}

struct Typer<'a> {
    service: &'a Service,
    /// Where an identifier is written, and its wire name.
    renames: Vec<(Range<usize>, String)>,
    /// Names a structure does not have: (name, structure).
    unknown: Vec<(String, String)>,
}

impl Typer<'_> {
    /// The type of `expr` evaluated on a value of type `ty`, recording renames on the way.
    fn walk(&mut self, expr: &Expr, ty: &Ty) -> Ty {
        match expr {
            Expr::Identity => ty.clone(),
            Expr::Field { name, span } => self.field(name, span, ty),
            Expr::Subexpr(left, right) | Expr::Pipe(left, right) => {
                let left = self.walk(left, ty);
                self.walk(right, &left)
            }
            Expr::Index(list, _) => {
                let list = self.walk(list, ty);
                self.element(&list)
            }
            Expr::Slice { list, .. } => self.walk(list, ty),
            Expr::Projection(list, each) => {
                let list = self.walk(list, ty);
                let element = self.element(&list);
                Ty::List(Box::new(self.walk(each, &element)))
            }
            Expr::ValueProjection(object, each) => {
                let object = self.walk(object, ty);
                let value = self.map_value(&object);
                Ty::List(Box::new(self.walk(each, &value)))
            }
            Expr::Flatten(list) => {
                let list = self.walk(list, ty);
                let element = self.element(&list);
                match self.element(&element) {
                    Ty::Any if !self.is_list(&element) => Ty::List(Box::new(element)),
                    inner => Ty::List(Box::new(inner)),
                }
            }
            Expr::FilterProjection {
                list,
                condition,
                each,
            } => {
                let list = self.walk(list, ty);
                let element = self.element(&list);
                self.walk(condition, &element);
                Ty::List(Box::new(self.walk(each, &element)))
            }
            Expr::Compare(_, left, right) | Expr::And(left, right) | Expr::Or(left, right) => {
                self.walk(left, ty);
                self.walk(right, ty);
                Ty::Any
            }
            Expr::Not(inner) => {
                self.walk(inner, ty);
                Ty::Any
            }
            Expr::Literal(_) => Ty::Any,
            Expr::MultiList(items) | Expr::Function(_, items) => {
                for item in items {
                    self.walk(item, ty);
                }
                Ty::Any
            }
            Expr::MultiHash(pairs) => {
                for (_, item) in pairs {
                    self.walk(item, ty);
                }
                Ty::Any
            }
            Expr::Reference(inner) => {
                self.walk(inner, &Ty::Any);
                Ty::Any
            }
        }
    }

    fn field(&mut self, name: &str, span: &Range<usize>, ty: &Ty) -> Ty {
        match ty {
            Ty::InputOutput { input, output } => match name {
                "input" => input.clone().map_or(Ty::Any, Ty::Shape),
                "output" => output.clone().map_or(Ty::Any, Ty::Shape),
                _ => Ty::Any,
            },
            Ty::Shape(shape_name) => {
                let Some(shape) = self.service.shapes.get(shape_name) else {
                    return Ty::Any;
                };
                match &shape.kind {
                    ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                        match members.iter().find(|m| m.name == name) {
                            Some(member) => {
                                if member.wire_name != name {
                                    self.renames.push((span.clone(), member.wire_name.clone()));
                                }
                                Ty::Shape(member.target.clone())
                            }
                            None => {
                                self.unknown.push((name.to_owned(), shape_name.clone()));
                                Ty::Any
                            }
                        }
                    }
                    ShapeKind::Map { value, .. } => Ty::Shape(value.target.clone()),
                    _ => Ty::Any,
                }
            }
            Ty::Any | Ty::List(_) => Ty::Any,
        }
    }

    fn is_list(&self, ty: &Ty) -> bool {
        match ty {
            Ty::List(_) => true,
            Ty::Shape(name) => self
                .service
                .shapes
                .get(name)
                .is_some_and(|shape| matches!(shape.kind, ShapeKind::List { .. })),
            _ => false,
        }
    }

    /// The element type of a list type.
    fn element(&self, ty: &Ty) -> Ty {
        match ty {
            Ty::List(element) => (**element).clone(),
            Ty::Shape(name) => match self.service.shapes.get(name).map(|shape| &shape.kind) {
                Some(ShapeKind::List { member, .. }) => Ty::Shape(member.target.clone()),
                _ => Ty::Any,
            },
            _ => Ty::Any,
        }
    }

    /// The value type of a map type (an object projection's elements).
    fn map_value(&self, ty: &Ty) -> Ty {
        match ty {
            Ty::Shape(name) => match self.service.shapes.get(name).map(|shape| &shape.kind) {
                Some(ShapeKind::Map { value, .. }) => Ty::Shape(value.target.clone()),
                _ => Ty::Any,
            },
            _ => Ty::Any,
        }
    }
}

/// `text` with each identifier at a span replaced by its wire name (quoted unless it is a
/// plain identifier).
fn splice(text: &str, mut renames: Vec<(Range<usize>, String)>) -> String {
    renames.sort_by_key(|(span, _)| span.start);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (span, name) in renames {
        out.push_str(&text[at..span.start]);
        let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if plain {
            out.push_str(&name);
        } else {
            out.push_str(&serde_json::Value::from(name).to_string());
        }
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::splice;

    #[test]
    fn splice_replaces_identifiers_in_place() {
        let text = "length(Reservations[?\"State\" == 'x']) > `0`";
        let renames = vec![
            (21..28, "state".to_owned()),
            (7..19, "reservationSet".to_owned()),
        ];
        assert_eq!(
            splice(text, renames),
            "length(reservationSet[?state == 'x']) > `0`"
        );
        assert_eq!(splice("a.b", vec![(2..3, "x-y".to_owned())]), "a.\"x-y\"");
    }
}
