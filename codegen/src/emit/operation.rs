//! The `operations` module of a service: a marker type per operation carrying its wire
//! target, flags and input/output types, its error enum and paginator, the service trait,
//! and `visit_operations` to walk them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::schema::{http_ident, schema_path};
use super::structure::{deprecation_note, fields};
use super::{Context, doc_attrs, operation_error, paginator, service_trait, waiter};
use crate::ir::Operation;

pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let markers = service.operations.iter().map(|operation| {
        let ident = cx.names.operation(&operation.name).ident();
        let name = &operation.name;
        let target = format!("{}.{}", service.target_prefix, operation.name);
        let (input, output) = cx.io_types(operation);
        let readonly = operation.readonly;
        let idempotent = operation.idempotent;
        let error_ident = cx.names.operation_error(&operation.name).ident();
        let error_enum = operation_error::emit(cx, operation);
        let paginated = paginator::emit(cx, operation);
        let fill_tokens = fill_idempotency_token(cx, operation);
        let protocol = cx.protocol();
        let has_input = operation.modeled_input;
        let query_compatible = cx.service.query_compatible;
        let gzip_request = operation.gzip_request;
        let checksum = operation
            .checksum_required
            .then(|| quote!(const CHECKSUM_REQUIRED: bool = true;));
        let event_stream = has_event_stream(cx, operation)
            .then(|| quote!(const EVENT_STREAM: bool = true;));
        let host_prefix = operation.host_prefix.as_ref().map(|prefix| {
            quote!(const HOST_PREFIX: ::std::option::Option<&'static str> = ::std::option::Option::Some(#prefix);)
        });
        let http = http_consts(cx, operation);
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
                const PROTOCOL: ::awsgen_runtime::protocol::Protocol = #protocol;
                const HAS_INPUT: bool = #has_input;
                const QUERY_COMPATIBLE: bool = #query_compatible;
                const GZIP_REQUEST: bool = #gzip_request;
                const TARGET: &'static str = #target;
                const READONLY: bool = #readonly;
                const IDEMPOTENT: bool = #idempotent;
                #http
                #checksum
                #event_stream
                #host_prefix
                #fill_tokens
            }

            #paginated

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
    let service_trait = service_trait::emit(cx);
    let waiters = waiter::statics(cx);
    quote! {
        #(#markers)*

        #service_trait

        #waiters

        #[doc = #doc]
        pub fn visit_operations<__V: ::awsgen_runtime::OperationVisitor>(visitor: &mut __V) {
            #(#visits)*
        }
    }
}

/// `Operation::fill_idempotency_token` for an input with `@idempotencyToken` string
/// members: an absent or empty token is replaced, one the caller chose is kept.
fn fill_idempotency_token(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    let input = &cx.service.shapes[operation.input.as_deref()?];
    let fills: Vec<TokenStream> = fields(cx, input)
        .iter()
        .filter(|f| f.fillable_token)
        .map(|field| {
            let name = field.names.field.ident();
            if field.member.required {
                quote! {
                    if input.#name.is_empty() {
                        input.#name = token();
                    }
                }
            } else {
                quote! {
                    if input.#name.as_deref().is_none_or(str::is_empty) {
                        input.#name = ::std::option::Option::Some(token());
                    }
                }
            }
        })
        .collect();
    if fills.is_empty() {
        return None;
    }
    let input_type = cx.type_path(&input.name);
    Some(quote! {
        const HAS_IDEMPOTENCY_TOKEN: bool = true;

        fn fill_idempotency_token(input: &mut #input_type, token: &mut dyn ::std::ops::FnMut() -> ::std::string::String) {
            #(#fills)*
        }
    })
}

/// `HTTP`, `INPUT_SCHEMA` and `OUTPUT_SCHEMA` of an HTTP-bound protocol's operation, from the
/// `schemas` module.
fn http_consts(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    if !cx.service.protocol.has_schemas() {
        return None;
    }
    let api_version = &cx.service.api_version;
    let module = &cx.module;
    let http = http_ident(&operation.name);
    let input = schema_path(cx, operation.input.as_deref());
    let output = schema_path(cx, operation.output.as_deref());
    Some(quote! {
        const API_VERSION: &'static str = #api_version;
        const HTTP: &'static ::awsgen_runtime::schema::Http = &crate::#module::schemas::#http;
        const INPUT_SCHEMA: &'static ::awsgen_runtime::schema::Shape = &#input;
        const OUTPUT_SCHEMA: &'static ::awsgen_runtime::schema::Shape = &#output;
    })
}

/// Whether the operation's input or output has a member targeting an event stream (a
/// `@streaming` union; botocore's `eventstream` structure).
fn has_event_stream(cx: &Context, operation: &Operation) -> bool {
    operation
        .input
        .iter()
        .chain(&operation.output)
        .filter_map(|name| cx.service.shapes.get(name))
        .any(|shape| match &shape.kind {
            crate::ir::ShapeKind::Structure(members) => members.iter().any(|m| {
                let target = cx.service.target(m);
                target.bindings.streaming
                    && matches!(
                        target.kind,
                        crate::ir::ShapeKind::Union(_) | crate::ir::ShapeKind::Structure(_)
                    )
            }),
            _ => false,
        })
}
