//! The names of one service: every identifier the emitters print comes from here, claimed in
//! a fixed order per scope so that the result is deterministic and collisions are renamed
//! (with a note for the docs), never merged.

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span};

use super::{Name, Scope, field_name, type_name, variant_name};
use crate::ir::{Service, ShapeKind};

/// Names a member of a structure or union gets.
#[derive(Debug, Clone)]
pub struct MemberNames {
    /// Struct field, and local variable in generated code.
    pub field: Name,
    /// Builder method that takes the value.
    pub setter: Name,
    /// Builder method that takes an `Option`.
    pub set_field: Name,
    /// Union variant.
    pub variant: Name,
}

/// The setters of a fluent builder for one input member: the input builder's names, unless
/// a fluent builder's own method (`send`) holds them.
#[derive(Debug, Clone)]
pub struct FluentSetters {
    pub setter: Name,
    pub set_field: Name,
}

/// Identifiers of one service.
#[derive(Debug, Clone)]
pub struct ServiceNames {
    types: BTreeMap<String, Name>,
    members: BTreeMap<(String, String), MemberNames>,
    values: BTreeMap<(String, String), Name>,
    operations: BTreeMap<String, Name>,
    operation_errors: BTreeMap<String, Name>,
    /// The service trait (in the operations module, beside the markers and error enums).
    service_trait: Name,
    /// Provided methods of the service trait that start a fluent call (`get_thing()`), by
    /// operation.
    fluent_methods: BTreeMap<String, Name>,
    /// Methods of the service trait that take a built input (`call_get_thing`), by
    /// operation.
    call_methods: BTreeMap<String, Name>,
    /// Fluent builders (in the service's `fluent` module), by operation.
    fluent_types: BTreeMap<String, Name>,
    /// Setters of the fluent builders, by (input shape, member).
    fluent_setters: BTreeMap<(String, String), FluentSetters>,
    /// Waiter methods of the service trait (`wait_until_table_exists`), by waiter name.
    waiter_methods: BTreeMap<String, Name>,
    /// Statics of the `operations::waiters` module (`TABLE_EXISTS`), by waiter name.
    waiter_statics: BTreeMap<String, Name>,
    /// Variants of each operation's error enum, by (operation, error shape).
    error_variants: BTreeMap<(String, String), Name>,
    /// Statics of the `schemas` module of an HTTP-bound service, by shape.
    schema_statics: BTreeMap<String, String>,
}

/// Identifiers a builder's methods may not take: the generator's own (`build`), and the
/// method names of std traits, which clippy's `should_implement_trait` rejects for a
/// `fn(self, value) -> Self` (ecs `KernelCapabilities.Add`, `Drop`, ...).
const BUILDER_METHODS: &[&str] = &[
    "build",
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];
/// Identifiers the service trait's methods may not take: the generated `Client`'s inherent
/// methods would shadow them, and `Clone::clone` would make `client.clone()` ambiguous.
const CLIENT_METHODS: &[&str] = &["new", "from_env", "runtime", "clone"];
/// Identifiers a fluent builder's setters may not take: its own methods.
const FLUENT_METHODS: &[&str] = &["send", "into_pages", "as_input", "with_input"];
/// Variant the generator adds to every enum and union.
const UNKNOWN: &str = "Unknown";
/// Variants the generator adds to every operation error enum.
const UNHANDLED: &str = "Unhandled";
const FAILED: &str = "Failed";

impl ServiceNames {
    pub fn new(service: &Service) -> ServiceNames {
        let mut type_scope = Scope::new(&[]);
        let mut types = BTreeMap::new();
        let mut members = BTreeMap::new();
        let mut values = BTreeMap::new();
        for (name, shape) in &service.shapes {
            match &shape.kind {
                ShapeKind::Structure(shape_members) | ShapeKind::Union(shape_members) => {
                    types.insert(name.clone(), type_scope.claim(name, &type_name(name)));
                    let mut fields = Scope::new(&[]);
                    let mut methods = Scope::new(BUILDER_METHODS);
                    let mut variants = Scope::new(&[UNKNOWN]);
                    for member in shape_members {
                        let field = fields.claim(&member.name, &field_name(&member.name));
                        let setter = methods.claim(&member.name, &field.rust);
                        let set_field = methods.claim(
                            &format!("set {}", member.name),
                            &format!("set_{}", field.rust.trim_start_matches("r#")),
                        );
                        let variant = variants.claim(&member.name, &type_name(&member.name));
                        members.insert(
                            (name.clone(), member.name.clone()),
                            MemberNames {
                                field,
                                setter,
                                set_field,
                                variant,
                            },
                        );
                    }
                }
                ShapeKind::Enum(enum_values) => {
                    types.insert(name.clone(), type_scope.claim(name, &type_name(name)));
                    let mut variants = Scope::new(&[UNKNOWN]);
                    for value in enum_values {
                        // Named from the wire value even where Smithy has member names, so
                        // that both input formats give the same API.
                        let variant = variants.claim(&value.value, &variant_name(&value.value));
                        values.insert((name.clone(), value.value.clone()), variant);
                    }
                }
                ShapeKind::IntEnum(enum_values) => {
                    types.insert(name.clone(), type_scope.claim(name, &type_name(name)));
                    let mut variants = Scope::new(&[UNKNOWN]);
                    for value in enum_values {
                        let variant = variants.claim(&value.name, &variant_name(&value.name));
                        values.insert((name.clone(), value.value.to_string()), variant);
                    }
                }
                _ => {}
            }
        }
        // Marker types first, then the error enums (`<Operation>Error`), in one scope: an
        // operation named like another's error enum is renamed, not merged.
        let mut operation_scope = Scope::new(&[]);
        let operations: BTreeMap<String, Name> = service
            .operations
            .iter()
            .map(|op| {
                (
                    op.name.clone(),
                    operation_scope.claim(&op.name, &type_name(&op.name)),
                )
            })
            .collect();
        let mut operation_errors = BTreeMap::new();
        let mut error_variants = BTreeMap::new();
        for op in &service.operations {
            let wire = format!("{} error", op.name);
            let candidate = format!(
                "{}Error",
                operations[&op.name].rust.trim_start_matches("r#")
            );
            operation_errors.insert(op.name.clone(), operation_scope.claim(&wire, &candidate));
            let mut variants = Scope::new(&[UNHANDLED, FAILED]);
            for error in &op.errors {
                let variant = variants.claim(error, &type_name(error));
                error_variants.insert((op.name.clone(), error.clone()), variant);
            }
        }
        let service_trait = operation_scope.claim("service trait", &type_name(&service.service_id));
        // The fluent methods first, so that an operation keeps its plain name
        // (`get_thing()`); then `call_<operation>`, then the waiters.
        let mut method_scope = Scope::new(CLIENT_METHODS);
        let fluent_methods = service
            .operations
            .iter()
            .map(|op| {
                (
                    op.name.clone(),
                    method_scope.claim(&op.name, &field_name(&op.name)),
                )
            })
            .collect();
        let call_methods = service
            .operations
            .iter()
            .map(|op| {
                let candidate = format!("call_{}", field_name(&op.name).trim_start_matches("r#"));
                let name = method_scope.claim(&format!("call {}", op.name), &candidate);
                (op.name.clone(), name)
            })
            .collect();
        // In a module of their own: named after the markers, which are unique, plus a suffix.
        let mut fluent_scope = Scope::new(&[]);
        let fluent_types = service
            .operations
            .iter()
            .map(|op| {
                let candidate = format!(
                    "{}FluentBuilder",
                    operations[&op.name].rust.trim_start_matches("r#")
                );
                (op.name.clone(), fluent_scope.claim(&op.name, &candidate))
            })
            .collect();
        let fluent_setters = fluent_setters(service, &members);
        // Claimed after every operation method, so an operation keeps its name.
        let waiter_methods = service
            .waiters
            .iter()
            .map(|waiter| {
                let candidate = format!("wait_until_{}", field_name(&waiter.name));
                let name = method_scope.claim(&format!("{} waiter", waiter.name), &candidate);
                (waiter.name.clone(), name)
            })
            .collect();
        let mut static_scope = Scope::new(&[]);
        let waiter_statics = service
            .waiters
            .iter()
            .map(|waiter| {
                let candidate = field_name(&waiter.name)
                    .trim_start_matches("r#")
                    .to_uppercase();
                (
                    waiter.name.clone(),
                    static_scope.claim(&waiter.name, &candidate),
                )
            })
            .collect();
        ServiceNames {
            types,
            members,
            values,
            operations,
            operation_errors,
            service_trait,
            fluent_methods,
            call_methods,
            fluent_types,
            fluent_setters,
            waiter_methods,
            waiter_statics,
            error_variants,
            schema_statics: schema_statics(service),
        }
    }

    /// The static holding a structure's, union's, list's or map's schema in the `schemas`
    /// module (HTTP-bound services only, for the shapes their operations reach).
    pub fn schema_static(&self, shape: &str) -> Option<proc_macro2::Ident> {
        let name = self.schema_statics.get(shape)?;
        Some(proc_macro2::Ident::new(
            name,
            proc_macro2::Span::call_site(),
        ))
    }

    /// Every schema static, by shape name.
    pub fn schema_statics(&self) -> impl Iterator<Item = (&str, proc_macro2::Ident)> + '_ {
        self.schema_statics
            .keys()
            .filter_map(|shape| Some((shape.as_str(), self.schema_static(shape)?)))
    }

    /// The Rust type of a structure, union or enum shape.
    pub fn type_name(&self, shape: &str) -> &Name {
        &self.types[shape]
    }

    /// The names of a structure or union member.
    pub fn member(&self, shape: &str, member: &str) -> &MemberNames {
        &self.members[&(shape.to_owned(), member.to_owned())]
    }

    /// The variant of an enum value (for an `intEnum`, the value in decimal).
    pub fn value(&self, shape: &str, value: &str) -> &Name {
        &self.values[&(shape.to_owned(), value.to_owned())]
    }

    /// The marker type of an operation.
    pub fn operation(&self, operation: &str) -> &Name {
        &self.operations[operation]
    }

    /// The error enum of an operation.
    pub fn operation_error(&self, operation: &str) -> &Name {
        &self.operation_errors[operation]
    }

    /// The service trait.
    pub fn service_trait(&self) -> &Name {
        &self.service_trait
    }

    /// The provided method of the service trait that starts a fluent call.
    pub fn fluent_method(&self, operation: &str) -> &Name {
        &self.fluent_methods[operation]
    }

    /// The method of the service trait that takes an operation's built input.
    pub fn call_method(&self, operation: &str) -> &Name {
        &self.call_methods[operation]
    }

    /// The fluent builder of an operation, in the service's `fluent` module.
    pub fn fluent_type(&self, operation: &str) -> &Name {
        &self.fluent_types[operation]
    }

    /// The fluent builder's setters for a member of an operation's input.
    pub fn fluent_setters(&self, input: &str, member: &str) -> &FluentSetters {
        &self.fluent_setters[&(input.to_owned(), member.to_owned())]
    }

    /// The service trait's method that runs a waiter.
    pub fn waiter_method(&self, waiter: &str) -> &Name {
        &self.waiter_methods[waiter]
    }

    /// The static of a waiter in the `operations::waiters` module.
    pub fn waiter_static(&self, waiter: &str) -> &Name {
        &self.waiter_statics[waiter]
    }

    /// The variant of an operation's error enum for one of its error shapes.
    pub fn error_variant(&self, operation: &str, error: &str) -> &Name {
        &self.error_variants[&(operation.to_owned(), error.to_owned())]
    }
}

impl Name {
    /// The identifier as a token (raw identifiers such as `r#type` included).
    pub fn ident(&self) -> Ident {
        match self.rust.strip_prefix("r#") {
            Some(raw) => Ident::new_raw(raw, Span::call_site()),
            None => Ident::new(&self.rust, Span::call_site()),
        }
    }

    /// The identifier with a prefix or suffix added, e.g. `as_` + field (never raw).
    pub fn affixed(&self, prefix: &str, suffix: &str) -> Ident {
        let bare = self.rust.trim_start_matches("r#");
        Ident::new(&format!("{prefix}{bare}{suffix}"), Span::call_site())
    }
}

/// The fluent setters of every operation input's members: the builder's setter names,
/// claimed again in a scope that reserves the fluent builder's own methods.
fn fluent_setters(
    service: &Service,
    members: &BTreeMap<(String, String), MemberNames>,
) -> BTreeMap<(String, String), FluentSetters> {
    let mut setters = BTreeMap::new();
    let inputs: std::collections::BTreeSet<&str> = service
        .operations
        .iter()
        .filter_map(|op| op.input.as_deref())
        .collect();
    for input in inputs {
        let Some(ShapeKind::Structure(shape_members)) = service.shapes.get(input).map(|s| &s.kind)
        else {
            continue;
        };
        let mut scope = Scope::new(FLUENT_METHODS);
        for member in shape_members {
            let names = &members[&(input.to_owned(), member.name.clone())];
            let setter = scope.claim(&member.name, &names.setter.rust);
            let set_field = scope.claim(&format!("set {}", member.name), &names.set_field.rust);
            setters.insert(
                (input.to_owned(), member.name.clone()),
                FluentSetters { setter, set_field },
            );
        }
    }
    setters
}

/// `S_` and the shape name (non-identifier characters as `_`, a numeric suffix where two
/// names would meet), for the aggregates an HTTP-bound service's operations reach.
fn schema_statics(service: &Service) -> BTreeMap<String, String> {
    let mut taken = std::collections::BTreeSet::new();
    let mut names = BTreeMap::new();
    if !service.protocol.has_schemas() {
        return names;
    }
    for shape in service.reachable_aggregates() {
        let base: String = format!("S_{shape}")
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let mut ident = base.clone();
        let mut n = 2;
        while !taken.insert(ident.clone()) {
            ident = format!("{base}_{n}");
            n += 1;
        }
        names.insert(shape, ident);
    }
    names
}
