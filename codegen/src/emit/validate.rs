//! The `validators` module of a service: `Validate` for every structure, union and enum, and
//! one checking function per shape that carries constraints (strings, blobs, numbers, lists,
//! maps), with each pattern compiled once, lazily, in a `static`.
//!
//! A member's effective constraints are its target shape's, overridden trait by trait by the
//! member's own (Smithy puts them on members; botocore synthesizes a shape instead).

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Context;
use super::structure::fields;
use crate::ir::{Bounds, Constraints, Member, Shape, ShapeKind};
use crate::naming::{Scope, field_name};

/// The checking functions of a service, by (shape, member) for member-level constraints
/// and by (shape, "") for the shape's own.
struct Checkers {
    names: BTreeMap<(String, String), Ident>,
    code: TokenStream,
}

pub fn emit(cx: &Context) -> TokenStream {
    let mut checkers = Checkers {
        names: BTreeMap::new(),
        code: TokenStream::new(),
    };
    let mut scope = Scope::new(&[]);
    // Shape-level checkers first, in name order, then member-level ones: deterministic.
    for shape in cx.service.shapes.values() {
        if has_checker(cx, shape, &Constraints::default()) {
            let name = scope.claim(&shape.name, &field_name(&shape.name)).ident();
            checkers
                .names
                .insert((shape.name.clone(), String::new()), name);
        }
    }
    for shape in cx.service.shapes.values() {
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
            for member in members
                .iter()
                .filter(|m| m.constraints != Constraints::default())
            {
                let wire = format!("{} {}", shape.name, member.name);
                let candidate = format!("{}_{}", field_name(&shape.name), field_name(&member.name));
                let name = scope
                    .claim(&wire, candidate.trim_start_matches("r#"))
                    .ident();
                checkers
                    .names
                    .insert((shape.name.clone(), member.name.clone()), name);
            }
        }
    }
    let mut code = TokenStream::new();
    for ((shape_name, member_name), ident) in checkers.names.clone() {
        let shape = &cx.service.shapes[&shape_name];
        code.extend(if member_name.is_empty() {
            checker_fn(cx, &checkers, ident, shape, &shape.constraints, &shape.name)
        } else {
            let member = member_of(shape, &member_name);
            let target = cx.service.target(member);
            let merged = target.constraints.overridden_by(&member.constraints);
            let label = format!("{}.{}", shape.name, member.name);
            checker_fn(cx, &checkers, ident, target, &merged, &label)
        });
    }
    checkers.code = code;
    let impls = cx
        .service
        .shapes
        .values()
        .map(|shape| validate_impl(cx, &checkers, shape));
    let checker_code = &checkers.code;
    quote! {
        #checker_code
        #(#impls)*
    }
}

fn member_of<'a>(shape: &'a Shape, name: &str) -> &'a Member {
    let (ShapeKind::Structure(members) | ShapeKind::Union(members)) = &shape.kind else {
        unreachable!("member-level checkers are only registered for structure and union members")
    };
    members
        .iter()
        .find(|m| m.name == name)
        .expect("registered from this shape's members")
}

/// Whether a value of `shape` (with `extra` constraints) needs a checking function.
fn has_checker(cx: &Context, shape: &Shape, extra: &Constraints) -> bool {
    let constrained =
        shape.constraints != Constraints::default() || *extra != Constraints::default();
    match &shape.kind {
        ShapeKind::String | ShapeKind::Enum(_) | ShapeKind::Blob => constrained,
        number if number.is_number() => constrained,
        ShapeKind::List { member, .. } => constrained || needs_check(cx, member),
        ShapeKind::Map { key, value, .. } => {
            constrained || needs_check(cx, key) || needs_check(cx, value)
        }
        _ => false,
    }
}

/// Whether a member's values need any check at all.
fn needs_check(cx: &Context, member: &Member) -> bool {
    let target = cx.service.target(member);
    // A streaming body's length is known only once it has been read: the service checks it.
    if cx.service.is_byte_stream(member) {
        return false;
    }
    match &target.kind {
        ShapeKind::Enum(_)
        | ShapeKind::IntEnum(_)
        | ShapeKind::Structure(_)
        | ShapeKind::Union(_) => true,
        _ => has_checker(cx, target, &member.constraints),
    }
}

/// Code that checks `value` (an expression of type `&T`) of `member`, at the current path.
fn check_value(
    cx: &Context,
    checkers: &Checkers,
    owner: &str,
    member: &Member,
    value: TokenStream,
) -> TokenStream {
    let target = cx.service.target(member);
    let member_checker = checkers.names.get(&(owner.to_owned(), member.name.clone()));
    let shape_checker = checkers.names.get(&(target.name.clone(), String::new()));
    match &target.kind {
        // Enums check their own value (and shape constraints) in `Validate`.
        ShapeKind::Enum(_) => {
            let extra = member_checker.map(|checker| quote!(#checker(v, #value.as_str());));
            quote!(::awsgen_runtime::Validate::validate_into(#value, v); #extra)
        }
        ShapeKind::IntEnum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            quote!(::awsgen_runtime::Validate::validate_into(#value, v);)
        }
        _ => match member_checker.or(shape_checker) {
            Some(checker) => quote!(#checker(v, #value);),
            None => TokenStream::new(),
        },
    }
}

/// A closure for `Validator::entries`/`map_entries` that runs `check` on its second argument.
fn closure(argument: TokenStream, check: TokenStream) -> TokenStream {
    if check.is_empty() {
        quote!(|_, _| {})
    } else {
        quote!(|v, #argument| { #check })
    }
}

/// A checking function for a constrained shape (or a member's merged constraints).
fn checker_fn(
    cx: &Context,
    checkers: &Checkers,
    ident: Ident,
    shape: &Shape,
    constraints: &Constraints,
    label: &str,
) -> TokenStream {
    let sensitive = shape.sensitive;
    // An unchecked pattern (see `ir::check_patterns`) gets no check; its note says why.
    let checked_pattern = constraints
        .pattern
        .as_ref()
        .filter(|pattern| pattern.unchecked.is_none());
    let pattern_static = checked_pattern.map(|pattern| {
        let name = Ident::new(&format!("{}_PATTERN", ident.to_string().trim_start_matches("r#").to_uppercase()), Span::call_site());
        let source = &pattern.ecma;
        (name.clone(), quote!(static #name: ::awsgen_runtime::pattern::LazyPattern = ::awsgen_runtime::pattern::LazyPattern::new(#source);))
    });
    let length = constraints.length.as_ref();
    let (param, body) = match &shape.kind {
        ShapeKind::String | ShapeKind::Enum(_) => {
            let (min, max) = bounds(length);
            let pattern = pattern_static.as_ref().map(|(name, _)| name);
            // Both are checked: a value can fail its length and its pattern.
            let body = match (length, pattern) {
                (Some(_), Some(pattern)) => quote! {
                    let length_ok = v.string_length(value, #min, #max);
                    v.pattern_after_length(value, &#pattern, #sensitive, length_ok);
                },
                (Some(_), None) => quote!(v.string_length(value, #min, #max);),
                (None, Some(pattern)) => quote!(v.pattern(value, &#pattern, #sensitive);),
                (None, None) => TokenStream::new(),
            };
            (quote!(&str), body)
        }
        ShapeKind::Blob => {
            let (min, max) = bounds(length);
            (
                quote!(&[u8]),
                length
                    .map(|_| quote!(v.blob_length(value, #min, #max);))
                    .unwrap_or_default(),
            )
        }
        ShapeKind::Byte | ShapeKind::Short | ShapeKind::Integer | ShapeKind::Long => {
            let ty = super::types::scalar_type(&shape.kind);
            let (min, max) = range_bounds(constraints, |n| n.as_i64().map(|i| quote!(#i)));
            let widened = if matches!(shape.kind, ShapeKind::Long) {
                quote!(*value)
            } else {
                quote!(i64::from(*value))
            };
            (quote!(&#ty), quote!(v.range_i64(#widened, #min, #max);))
        }
        ShapeKind::Float | ShapeKind::Double => {
            let ty = super::types::scalar_type(&shape.kind);
            let (min, max) = range_bounds(constraints, |n| n.as_f64().map(|f| quote!(#f)));
            let widened = if matches!(shape.kind, ShapeKind::Double) {
                quote!(*value)
            } else {
                quote!(f64::from(*value))
            };
            (quote!(&#ty), quote!(v.range_f64(#widened, #min, #max);))
        }
        ShapeKind::BigInteger | ShapeKind::BigDecimal => {
            let (min, max) = range_bounds(constraints, |n| n.as_f64().map(|f| quote!(#f)));
            let body = quote! {
                v.range_f64(value.as_str().parse::<f64>().unwrap_or(f64::NAN), #min, #max);
            };
            (quote!(&::awsgen_runtime::BigNumber), body)
        }
        ShapeKind::List { member, sparse } => {
            let item_type = super::types::value_type(cx, member);
            let item_type = if *sparse {
                quote!(::std::option::Option<#item_type>)
            } else {
                item_type
            };
            let (min, max) = bounds(length);
            let count = quote!(v.entry_count(value.len(), #min, #max));
            let unique = constraints
                .unique_items
                .then(|| quote!(v.unique_items(value);));
            let check_item = check_value(cx, checkers, &shape.name, member, quote!(item));
            let entries = if check_item.is_empty() {
                TokenStream::new()
            } else if *sparse {
                quote!(v.entries(value, |v, item| if let ::std::option::Option::Some(item) = item { #check_item });)
            } else {
                quote!(v.entries(value, |v, item| { #check_item });)
            };
            // Entries of a list longer than allowed are not checked one by one: the count
            // is the violation, and hostile input should not buy unbounded work.
            (
                quote!(&[#item_type]),
                quote!(if #count { #unique #entries }),
            )
        }
        ShapeKind::Map {
            key,
            value: map_value,
            sparse,
        } => {
            let key_type = super::types::value_type(cx, key);
            let value_type = super::types::value_type(cx, map_value);
            let value_type = if *sparse {
                quote!(::std::option::Option<#value_type>)
            } else {
                value_type
            };
            let (min, max) = bounds(length);
            let count = quote!(v.entry_count(value.len(), #min, #max));
            let check_key = check_value(cx, checkers, &shape.name, key, quote!(key));
            let check_entry = check_value(cx, checkers, &shape.name, map_value, quote!(item));
            let check_entry = if *sparse && !check_entry.is_empty() {
                quote!(if let ::std::option::Option::Some(item) = item { #check_entry })
            } else {
                check_entry
            };
            let entries = if check_key.is_empty() && check_entry.is_empty() {
                TokenStream::new()
            } else {
                let key_closure = closure(quote!(key), check_key);
                let entry_closure = closure(quote!(item), check_entry);
                quote!(v.map_entries(value, #key_closure, #entry_closure);)
            };
            (
                quote!(&::std::collections::BTreeMap<#key_type, #value_type>),
                quote!(if #count { #entries }),
            )
        }
        _ => return TokenStream::new(),
    };
    let doc = format!(
        " Checks a `{label}` value: {}.",
        describe(shape, constraints)
    );
    let static_item = pattern_static.map(|(_, item)| item);
    quote! {
        #static_item
        #[doc = #doc]
        pub fn #ident(v: &mut ::awsgen_runtime::Validator, value: #param) {
            #body
        }
    }
}

fn bounds(length: Option<&Bounds<u64>>) -> (TokenStream, TokenStream) {
    let option = |bound: Option<u64>| match bound {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    (
        option(length.and_then(|l| l.min)),
        option(length.and_then(|l| l.max)),
    )
}

fn range_bounds(
    constraints: &Constraints,
    literal: impl Fn(&serde_json::Number) -> Option<TokenStream>,
) -> (TokenStream, TokenStream) {
    let option = |bound: Option<&serde_json::Number>| match bound.and_then(&literal) {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let range = constraints.range.as_ref();
    (
        option(range.and_then(|r| r.min.as_ref())),
        option(range.and_then(|r| r.max.as_ref())),
    )
}

/// The constraints in words, for the checker's doc comment.
fn describe(shape: &Shape, constraints: &Constraints) -> String {
    let mut parts = Vec::new();
    let unit = match shape.kind {
        ShapeKind::String => "code points",
        ShapeKind::Blob => "bytes",
        _ => "entries",
    };
    if let Some(length) = &constraints.length {
        parts.push(format!(
            "length {}..={} {unit}",
            show(length.min),
            show(length.max)
        ));
    }
    if let Some(range) = &constraints.range {
        let show =
            |n: &Option<serde_json::Number>| n.as_ref().map_or("∞".to_owned(), ToString::to_string);
        parts.push(format!("range {}..={}", show(&range.min), show(&range.max)));
    }
    if let Some(pattern) = &constraints.pattern {
        match &pattern.unchecked {
            None => parts.push(format!("pattern {}", super::docs::code_span(&pattern.ecma))),
            Some(_) => parts.push(format!(
                "pattern {} (not checked)",
                super::docs::code_span(&pattern.original)
            )),
        }
    }
    if constraints.unique_items {
        parts.push("unique entries".to_owned());
    }
    if parts.is_empty() {
        parts.push("each entry".to_owned());
    }
    parts.join("; ")
}

fn show(bound: Option<u64>) -> String {
    bound.map_or_else(|| "∞".to_owned(), |n| n.to_string())
}

/// `Validate` for a structure, union or enum.
fn validate_impl(cx: &Context, checkers: &Checkers, shape: &Shape) -> TokenStream {
    let body = match &shape.kind {
        ShapeKind::Structure(_) => structure_body(cx, checkers, shape),
        ShapeKind::Union(_) => union_body(cx, checkers, shape),
        ShapeKind::Enum(_) => {
            let sensitive = shape.sensitive;
            let own = checkers.names.get(&(shape.name.clone(), String::new()));
            let own = own.map(|checker| quote!(#checker(v, self.as_str());));
            quote! {
                if let Self::Unknown(value) = self {
                    v.unknown_enum_value(value.as_str(), Self::VALUES, #sensitive);
                }
                #own
            }
        }
        ShapeKind::IntEnum(_) => quote! {
            if let Self::Unknown(value) = self {
                v.unknown_int_enum_value(*value, Self::VALUES);
            }
        },
        _ => return TokenStream::new(),
    };
    let path = cx.type_path(&shape.name);
    let v = if body.is_empty() {
        quote!(_v)
    } else {
        quote!(v)
    };
    quote! {
        impl ::awsgen_runtime::Validate for #path {
            fn validate_into(&self, #v: &mut ::awsgen_runtime::Validator) {
                #body
            }
        }
    }
}

fn structure_body(cx: &Context, checkers: &Checkers, shape: &Shape) -> TokenStream {
    let fields = fields(cx, shape);
    let members = fields.iter().map(|field| {
        let check = check_value(cx, checkers, &shape.name, field.member, quote!(value));
        let name = field.names.field.ident();
        let wire = &field.member.wire_name;
        if field.member.required {
            // An absent member is reported as missing, not also as an empty value.
            let check = (!check.is_empty()).then(|| {
                quote! {
                    else {
                        let value = &self.#name;
                        v.member(#wire, |v| { #check });
                    }
                }
            });
            quote! {
                if self.__absent.is_absent(#wire, &self.#name) {
                    v.required(#wire);
                }
                #check
            }
        } else if check.is_empty() {
            TokenStream::new()
        } else {
            quote! {
                if let ::std::option::Option::Some(value) = &self.#name {
                    v.member(#wire, |v| { #check });
                }
            }
        }
    });
    quote!(#(#members)*)
}

fn union_body(cx: &Context, checkers: &Checkers, shape: &Shape) -> TokenStream {
    let fields = fields(cx, shape);
    let known: Vec<&String> = fields.iter().map(|f| &f.member.wire_name).collect();
    let arms = fields.iter().filter_map(|field| {
        let check = check_value(cx, checkers, &shape.name, field.member, quote!(value));
        if check.is_empty() {
            return None;
        }
        let variant = field.names.variant.ident();
        let wire = &field.member.wire_name;
        Some(quote!(Self::#variant(value) => v.member(#wire, |v| { #check }),))
    });
    quote! {
        match self {
            #(#arms)*
            // The zero value of an absent required union is reported by its structure.
            Self::Unknown(member) if !member.name().is_empty() => v.unknown_union_member(member.name(), &[#(#known),*]),
            _ => {}
        }
    }
}
