//! The `operations` module of a service: a marker type per operation carrying its wire
//! target, flags and input/output types, and `visit_operations` to walk them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::deprecation_note;
use super::{Context, doc_attrs};
use crate::ir::Operation;

pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let markers = service.operations.iter().map(|operation| {
        let ident = cx.names.operation(&operation.name).ident();
        let name = &operation.name;
        let target = format!("{}.{}", service.target_prefix, operation.name);
        let unit = quote!(::awsgen_runtime::Unit);
        let input = operation.input.as_deref().map_or(unit.clone(), |s| cx.type_path(s));
        let output = operation.output.as_deref().map_or(unit, |s| cx.type_path(s));
        let readonly = operation.readonly;
        let idempotent = operation.idempotent;
        let error_ident = cx.names.operation_error(&operation.name).ident();
        let error_enum = error_enum(cx, operation);
        let notes: Vec<String> = deprecation_note(operation.deprecated.as_ref()).into_iter().collect();
        let docs = doc_attrs(operation.docs.as_deref(), &notes);
        quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::default::Default)]
            pub struct #ident;

            impl ::awsgen_runtime::Operation for #ident {
                type Input = #input;
                type Output = #output;
                type Error = #error_ident;
                const NAME: &'static str = #name;
                const TARGET: &'static str = #target;
                const READONLY: bool = #readonly;
                const IDEMPOTENT: bool = #idempotent;
            }

            #error_enum
        }
    });
    let visits = service.operations.iter().map(|operation| {
        let ident = cx.names.operation(&operation.name).ident();
        quote!(visitor.visit::<#ident>();)
    });
    let doc = format!(
        " Calls `visitor` once for each of the {} operations, in name order.",
        service.operations.len()
    );
    let service_trait = service_trait(cx);
    quote! {
        #(#markers)*

        #service_trait

        #[doc = #doc]
        pub fn visit_operations<V: ::awsgen_runtime::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    }
}

/// The error enum of an operation: exactly its modeled errors, plus `Unhandled`.
fn error_enum(cx: &Context, operation: &Operation) -> TokenStream {
    let ident = cx.names.operation_error(&operation.name).ident();
    let variants: Vec<_> = operation
        .errors
        .iter()
        .map(|e| cx.names.error_variant(&operation.name, e).ident())
        .collect();
    let types: Vec<_> = operation.errors.iter().map(|e| cx.type_path(e)).collect();
    let codes: Vec<&String> = operation
        .errors
        .iter()
        .map(|e| {
            &cx.service.shapes[e]
                .error
                .as_ref()
                .expect("lowering checks that operation errors are error shapes")
                .code
        })
        .collect();
    let doc = format!(
        " An error of `{}`: one of its {} modeled errors, or an unhandled one.",
        operation.name,
        operation.errors.len()
    );
    let variant_docs = operation.errors.iter().map(|e| format!(" `{e}`."));
    // With no modeled errors every error is unhandled: no one-armed matches.
    let from_response = if operation.errors.is_empty() {
        quote!(Self::Unhandled(response))
    } else {
        quote! {
            // A modeled error whose body does not read as its shape stays unhandled, so
            // that nothing is lost.
            match response.code.as_deref() {
                #(::std::option::Option::Some(#codes) => match ::serde_json::from_slice(&response.body) {
                    ::std::result::Result::Ok(error) => Self::#variants(error),
                    ::std::result::Result::Err(_) => Self::Unhandled(response),
                },)*
                _ => Self::Unhandled(response),
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum #ident {
            #(#[doc = #variant_docs] #variants(#types),)*
            /// An error the operation does not model (or whose body could not be read): its
            /// code, message, HTTP status and raw body.
            Unhandled(::awsgen_runtime::protocol::ErrorResponse),
        }

        impl ::awsgen_runtime::OperationError for #ident {
            fn from_response(response: ::awsgen_runtime::protocol::ErrorResponse) -> Self {
                #from_response
            }

            fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Self::#variants(_) => ::std::option::Option::Some(#codes),)*
                    Self::Unhandled(response) => response.code.as_deref(),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants(error) => ::std::fmt::Display::fmt(error, f),)*
                    Self::Unhandled(response) => ::std::fmt::Display::fmt(response, f),
                }
            }
        }

        impl ::std::error::Error for #ident {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#variants(error) => ::std::option::Option::Some(error),)*
                    Self::Unhandled(response) => ::std::option::Option::Some(response),
                }
            }
        }
    }
}

/// The service as a trait: one async method per operation. The client implements it, mocks
/// implement only what a test needs (every method answers "not implemented" by default),
/// and the server dispatcher serves any implementation.
fn service_trait(cx: &Context) -> TokenStream {
    let service = cx.service;
    let ident = cx.names.service_trait().ident();
    let doc = format!(
        " {}: one method per operation. Every method has a default body that answers \
         `NotImplemented` (HTTP 501), so a mock implements only what it needs.",
        service.full_name
    );
    let methods = service.operations.iter().map(|operation| {
        let method = cx.names.method(&operation.name).ident();
        let marker = cx.names.operation(&operation.name).ident();
        let error = cx.names.operation_error(&operation.name).ident();
        let unit = quote!(::awsgen_runtime::Unit);
        let input = operation.input.as_deref().map_or(unit.clone(), |s| cx.type_path(s));
        let output = operation.output.as_deref().map_or(unit, |s| cx.type_path(s));
        let name = &operation.name;
        let doc = format!(" `{name}` (see [`{marker}`]).");
        quote! {
            #[doc = #doc]
            fn #method(&self, input: #input) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send {
                let _ = input;
                async {
                    ::std::result::Result::Err(#error::Unhandled(::awsgen_runtime::protocol::ErrorResponse::not_implemented(#name)))
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub trait #ident: ::std::marker::Send + ::std::marker::Sync {
            #(#methods)*
        }
    }
}
