//! The service as a trait, with fluent calls, paginators and waiters over any implementation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, fluent, paginator, waiter};

/// The service as a trait: per operation, `call_<operation>(input)`, which the client
/// implements and mocks override (every one answers "not implemented" by default), and a
/// provided `<operation>()` that starts a fluent builder over `self` (see `fluent.rs`), so
/// one-expression calls and paginators work the same over a client and a mock. The server
/// dispatcher serves any implementation.
pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let ident = cx.names.service_trait().ident();
    let protocol = cx.protocol();
    let doc = format!(
        " {}: per operation, `call_<operation>(input)` with a built input, and \
         `<operation>()`, a fluent builder that ends in `call_<operation>` \
         (`.<member>(value)...send().await`, or `.into_pages()` for a paginated operation). \
         Every `call_` method has a default body that answers `NotImplemented` (HTTP 501), so \
         a mock implements only what it needs, and keeps the fluent methods.",
        service.full_name
    );
    let methods = service.operations.iter().map(|operation| {
        let call = cx.names.call_method(&operation.name).ident();
        let fluent = cx.names.fluent_method(&operation.name).ident();
        let fluent_type = fluent::path(cx, operation);
        let marker = cx.names.operation(&operation.name).ident();
        let error = cx.names.operation_error(&operation.name).ident();
        let (input, output) = cx.io_types(operation);
        let name = &operation.name;
        let renamed = |name: &crate::naming::Name| {
            name.note
                .as_ref()
                .map(|note| format!(" (Named so: {note}.)"))
                .unwrap_or_default()
        };
        let call_doc = format!(
            " `{name}` (see [`{marker}`](struct@{marker})) with a built input.{}",
            renamed(cx.names.call_method(&operation.name))
        );
        let pages = if paginator::emit(cx, operation).is_some() {
            " or `into_pages()`"
        } else {
            ""
        };
        let fluent_doc = format!(
            " `{name}` (see [`{marker}`](struct@{marker})) in one expression: set the input's members on the \
             returned builder, then `send()`{pages}.{}",
            renamed(cx.names.fluent_method(&operation.name))
        );
        let fields = if operation.input.is_some() {
            quote!(service: self, input: ::std::default::Default::default())
        } else {
            quote!(service: self)
        };
        quote! {
            #[doc = #fluent_doc]
            fn #fluent(&self) -> #fluent_type<'_, Self> {
                #fluent_type { #fields }
            }

            #[doc = #call_doc]
            fn #call(&self, input: #input) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send {
                let _ = input;
                async {
                    ::std::result::Result::Err(#error::Unhandled(::awsgen_runtime::protocol::ErrorResponse::not_implemented(#protocol, #name)))
                }
            }
        }
    });
    let waiters = service.waiters.iter().map(|w| waiter::method(cx, w));
    quote! {
        #[doc = #doc]
        pub trait #ident: ::std::marker::Send + ::std::marker::Sync {
            #(#methods)*

            #(#waiters)*
        }
    }
}
