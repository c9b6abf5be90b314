//! Structures (and error shapes, which are structures too): the type, `Debug` with
//! `@sensitive` values redacted, and the runtime traits. Serde lives in `structure_serde`,
//! the builder in `builder`.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, doc_attrs, structure_serde, types};
use crate::ir::{Deprecated, Member, Shape, ShapeKind};
use crate::naming::MemberNames;

/// A member with everything the emitters need to print it.
pub struct Field<'a> {
    pub member: &'a Member,
    pub names: &'a MemberNames,
    /// The value type, without the `Option` of an optional member.
    pub value_type: TokenStream,
    /// The value type without the `Box` of a recursive member.
    pub unboxed_type: TokenStream,
    pub codec: TokenStream,
    pub sensitive: bool,
    /// An `@idempotencyToken` string: a client fills it when it is empty, so a builder
    /// may leave it out.
    pub fillable_token: bool,
    /// The member's pattern and why it is not checked (see `ir::check_patterns`).
    pub unchecked_pattern: Option<(String, String)>,
}

impl Field<'_> {
    /// The type as stored in the structure.
    pub fn stored_type(&self) -> TokenStream {
        let value_type = &self.value_type;
        if self.member.required {
            value_type.clone()
        } else {
            quote!(::std::option::Option<#value_type>)
        }
    }
}

/// The members of a structure or union, in model order.
pub fn fields<'a>(cx: &'a Context, shape: &'a Shape) -> Vec<Field<'a>> {
    let (ShapeKind::Structure(members) | ShapeKind::Union(members)) = &shape.kind else {
        return Vec::new();
    };
    members
        .iter()
        .map(|member| Field {
            member,
            names: cx.names.member(&shape.name, &member.name),
            value_type: types::value_type(cx, member),
            unboxed_type: types::unboxed_type(cx, member),
            codec: types::codec(cx, member),
            sensitive: types::is_sensitive(cx, member),
            fillable_token: member.idempotency_token
                && matches!(cx.service.target(member).kind, ShapeKind::String),
            unchecked_pattern: cx
                .service
                .target(member)
                .constraints
                .pattern_for(&member.constraints)
                .and_then(|p| Some((p.original.clone(), p.unchecked.clone()?))),
        })
        .collect()
}

/// Doc paragraphs the generator adds to a member: renames and deprecation.
pub fn member_notes(field: &Field) -> Vec<String> {
    let mut notes = Vec::new();
    if let Some(note) = &field.names.field.note {
        notes.push(format!("Wire name `{}`; {note}.", field.member.name));
    }
    if let Some(default) = &field.member.default {
        notes.push(format!(
            "Default (`@default`): {}.",
            super::docs::code_span(&default.to_string())
        ));
    }
    notes.extend(deprecation_note(field.member.deprecated.as_ref()));
    notes.extend(field.unchecked_pattern.as_ref().map(|(pattern, why)| {
        format!(
            "**Not checked:** the model's pattern {} cannot be read with one clear meaning \
             ({why}), so validation leaves it out.",
            super::docs::code_span(pattern)
        )
    }));
    notes
}

/// The doc paragraph of a deprecated item.
pub fn deprecation_note(deprecated: Option<&Deprecated>) -> Option<String> {
    deprecated.map(|d| match &d.message {
        Some(message) => format!("**Deprecated:** {}", crate::docs::html_to_markdown(message)),
        None => "**Deprecated.**".to_owned(),
    })
}

/// Whether a structure records which required members a received document omitted.
pub fn tracks_absent(fields: &[Field]) -> bool {
    fields.iter().any(|f| f.member.required)
}

pub fn emit(cx: &Context, shape: &Shape) -> TokenStream {
    let fields = fields(cx, shape);
    let ident = cx.names.type_name(&shape.name).ident();
    let builder = cx.names.type_name(&shape.name).affixed("", "Builder");
    let module = &cx.module;
    let shape_name = &shape.name;

    let mut notes = Vec::new();
    if let Some(note) = &cx.names.type_name(&shape.name).note {
        notes.push(format!("Model name `{shape_name}`; {note}."));
    }
    notes.extend(deprecation_note(shape.deprecated.as_ref()));
    let docs = doc_attrs(shape.docs.as_deref(), &notes);

    let declarations = fields.iter().map(|field| {
        let docs = doc_attrs(field.member.docs.as_deref(), &member_notes(field));
        let name = field.names.field.ident();
        let ty = field.stored_type();
        quote!(#docs pub #name: #ty,)
    });
    let tracks_absent = tracks_absent(&fields);
    let absent_field = tracks_absent.then(|| {
        quote! {
            /// Required members the received document omitted (see `Structure`).
            pub(crate) __absent: ::awsgen_runtime::AbsentMembers,
        }
    });
    // A required member is absent while it is marked and still holds its zero value.
    let absent_checks = fields.iter().filter(|f| f.member.required).map(|field| {
        let name = field.names.field.ident();
        let wire = &field.member.wire_name;
        quote! {
            if self.__absent.is_absent(#wire, &self.#name) {
                absent.push(#wire);
            }
        }
    });
    let absent_names = if tracks_absent {
        quote! {
            let mut absent = ::std::vec::Vec::new();
            #(#absent_checks)*
            absent
        }
    } else {
        quote!(::std::vec::Vec::new())
    };
    // A structure without required members can be built empty.
    let derive_default = (!tracks_absent).then(|| quote!(::std::default::Default,));
    let zero_fields = fields.iter().map(|field| {
        let name = field.names.field.ident();
        if field.member.required {
            quote!(#name: ::awsgen_runtime::ZeroValue::zero_value(),)
        } else {
            quote!(#name: ::std::option::Option::None,)
        }
    });
    let zero_absent = tracks_absent.then(|| quote!(__absent: ::std::default::Default::default(),));
    let debug = debug_impl(shape, &ident, &fields);
    let serde = structure_serde::emit(cx, shape, &fields);

    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #ident {
            #(#declarations)*
            #absent_field
        }

        impl #ident {
            /// A builder for this structure.
            pub fn builder() -> crate::#module::builders::#builder {
                ::std::default::Default::default()
            }
        }

        impl ::awsgen_runtime::Structure for #ident {
            const SHAPE_NAME: &'static str = #shape_name;
            fn absent_required_members(&self) -> ::std::vec::Vec<&'static str> {
                #absent_names
            }
        }

        impl ::awsgen_runtime::ZeroValue for #ident {
            fn zero_value() -> Self {
                #ident {
                    #(#zero_fields)*
                    #zero_absent
                }
            }
            fn is_zero_value(&self) -> bool {
                *self == Self::zero_value()
            }
        }

        #debug
        #serde
    }
}

/// `Debug` that prints `@sensitive` members as `*** Sensitive Data Redacted ***`, and a
/// sensitive structure as that text alone.
pub fn debug_impl(shape: &Shape, ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let type_name = ident.to_string();
    let body = if shape.sensitive {
        quote!(f.write_str(::awsgen_runtime::REDACTED))
    } else {
        let entries = fields.iter().map(|field| {
            let name = field.names.field.ident();
            let label = field.names.field.rust.trim_start_matches("r#");
            if field.sensitive {
                quote!(__debug.field(#label, &::awsgen_runtime::Redacted);)
            } else {
                quote!(__debug.field(#label, &self.#name);)
            }
        });
        // Statements, not one `.field()` chain: a chain is an expression nested once per
        // member, and a structure of 20,000 members would overflow the stack of every tool
        // that walks it (syn, prettyplease, rustc).
        if fields.is_empty() {
            quote!(f.debug_struct(#type_name).finish())
        } else {
            quote! {
                let mut __debug = f.debug_struct(#type_name);
                #(#entries)*
                __debug.finish()
            }
        }
    };
    quote! {
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #body
            }
        }
    }
}
