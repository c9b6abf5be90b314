//! Builders: one setter per member, and `build()` that reports every missing required member
//! at once (infallible when the structure has none).

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::{Field, debug_impl, fields, member_notes};
use super::{Context, doc_attrs};
use crate::ir::Shape;

pub fn emit(cx: &Context, shape: &Shape) -> TokenStream {
    let fields = fields(cx, shape);
    let target = cx.names.type_name(&shape.name).ident();
    let target_path = cx.type_path(&shape.name);
    let ident = cx.names.type_name(&shape.name).affixed("", "Builder");
    let doc = format!(
        " A builder for [`{target}`]({}).",
        doc_path(cx, &target.to_string())
    );

    let slots = fields.iter().map(|field| {
        let name = field.names.field.ident();
        let ty = &field.value_type;
        quote!(#name: ::std::option::Option<#ty>,)
    });
    let setters = fields.iter().map(|field| setters(field));
    let build = build_fn(cx, shape, &fields);
    let debug = debug_impl(shape, &ident, &fields);
    // `value` is unused when there are no members.
    let value_param = if fields.is_empty() {
        quote!(_value)
    } else {
        quote!(value)
    };
    let from_fields = fields.iter().map(|field| {
        let name = field.names.field.ident();
        if field.member.required {
            quote!(#name: ::std::option::Option::Some(value.#name),)
        } else {
            quote!(#name: value.#name,)
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default)]
        pub struct #ident {
            #(#slots)*
        }

        impl #ident {
            #(#setters)*
            #build
        }

        #debug

        impl ::std::convert::From<#target_path> for #ident {
            fn from(#value_param: #target_path) -> Self {
                #ident { #(#from_fields)* }
            }
        }
    }
}

/// The intra-doc path of a type of this service, from the builders module.
fn doc_path(cx: &Context, ident: &str) -> String {
    format!("crate::{}::{ident}", cx.module)
}

fn setters(field: &Field) -> TokenStream {
    let name = field.names.field.ident();
    let setter = field.names.setter.ident();
    let set_name = field.names.set_field.ident();
    let ty = &field.value_type;
    let mut notes = member_notes(field);
    if field.member.required && field.fillable_token {
        notes.push(
            "Required, but may be left out: the client then sends a fresh random UUID \
             (an idempotency token)."
                .to_owned(),
        );
    } else if field.member.required {
        notes.push("Required.".to_owned());
    }
    let docs = doc_attrs(field.member.docs.as_deref(), &notes);
    let set_doc = format!(
        " Sets or clears `{}`.",
        field.names.field.rust.trim_start_matches("r#")
    );
    let param = setter_param(field);
    let wrap = if field.member.boxed {
        quote!(::std::boxed::Box::new(value.into()))
    } else {
        quote!(value.into())
    };
    quote! {
        #docs
        pub fn #setter(mut self, value: #param) -> Self {
            self.#name = ::std::option::Option::Some(#wrap);
            self
        }

        #[doc = #set_doc]
        pub fn #set_name(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.#name = value;
            self
        }
    }
}

/// The parameter type of a member's setter. A boxed member takes the value unboxed: boxing
/// is an implementation detail.
pub(super) fn setter_param(field: &Field) -> TokenStream {
    let ty = if field.member.boxed {
        &field.unboxed_type
    } else {
        &field.value_type
    };
    quote!(impl ::std::convert::Into<#ty>)
}

/// The builder type of a structure, as a path from anywhere in the crate.
pub(super) fn builder_path(cx: &Context, shape: &Shape) -> TokenStream {
    let module = &cx.module;
    let ident = cx.names.type_name(&shape.name).affixed("", "Builder");
    quote!(crate::#module::builders::#ident)
}

/// Whether the structure's `build()` returns a `Result` (it has required members a
/// caller must set).
pub(super) fn build_is_fallible(fields: &[Field]) -> bool {
    fields
        .iter()
        .any(|f| f.member.required && !f.fillable_token)
}

fn build_fn(cx: &Context, shape: &Shape, fields: &[Field]) -> TokenStream {
    let target_path = cx.type_path(&shape.name);
    // A required idempotency token may be left out: it is then empty, and the client fills
    // it with a fresh UUID before sending (as the AWS SDKs do).
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| f.member.required && !f.fillable_token)
        .collect();
    let inits = fields.iter().map(|field| {
        let name = field.names.field.ident();
        if field.member.required && field.fillable_token {
            quote!(#name: self.#name.unwrap_or_default(),)
        } else if field.member.required {
            quote!(#name,)
        } else {
            quote!(#name: self.#name,)
        }
    });
    let absent = fields
        .iter()
        .any(|f| f.member.required)
        .then(|| quote!(__absent: ::std::default::Default::default(),));
    let value = quote!(#target_path { #(#inits)* #absent });
    if required.is_empty() {
        return quote! {
            /// Builds the structure; it has no required members, so this cannot fail.
            pub fn build(self) -> #target_path {
                #value
            }
        };
    }
    let shape_name = &shape.name;
    let names: Vec<_> = required.iter().map(|f| f.names.field.ident()).collect();
    let wires = required.iter().map(|f| &f.member.wire_name);
    let checks = names
        .iter()
        .zip(wires)
        .map(|(name, wire)| quote!((#wire, #name.is_some())));
    quote! {
        /// Builds the structure, or reports every required member that was not set.
        pub fn build(self) -> ::std::result::Result<#target_path, ::awsgen_runtime::BuildError> {
            match (#(self.#names,)*) {
                (#(::std::option::Option::Some(#names),)*) => ::std::result::Result::Ok(#value),
                (#(#names,)*) => ::std::result::Result::Err(::awsgen_runtime::BuildError::new(
                    #shape_name,
                    &[#(#checks),*],
                )),
            }
        }
    }
}
