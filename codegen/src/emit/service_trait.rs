//! The service as a trait, with paginators and waiters over any implementation.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Context, paginator, waiter};

/// The service as a trait: one async method per operation. The client implements it, mocks
/// implement only what a test needs (every method answers "not implemented" by default),
/// and the server dispatcher serves any implementation. Paginated operations also get a
/// provided `<operation>_pages` method, so pagination works the same over a client and a
/// mock.
pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let ident = cx.names.service_trait().ident();
    let protocol = cx.protocol();
    let doc = format!(
        " {}: one method per operation. Every method has a default body that answers \
         `NotImplemented` (HTTP 501), so a mock implements only what it needs.",
        service.full_name
    );
    let methods = service.operations.iter().map(|operation| {
        let method = cx.names.method(&operation.name).ident();
        let marker = cx.names.operation(&operation.name).ident();
        let error = cx.names.operation_error(&operation.name).ident();
        let (input, output) = cx.io_types(operation);
        let name = &operation.name;
        let doc = format!(" `{name}` (see [`{marker}`]).");
        let pages = paginator::emit(cx, operation).map(|_| {
            let pages = cx.names.paginator(&operation.name).ident();
            let doc = format!(
                " The pages of `{name}` from `input` on, as a stream (`next_page`, or \
                 `items()` for the items on them). It stops after the last page, after an \
                 error, and when the service repeats a page token."
            );
            quote! {
                #[doc = #doc]
                fn #pages(&self, input: #input) -> ::awsgen_runtime::Pages<'_, #marker>
                where
                    Self: ::std::marker::Sized,
                {
                    ::awsgen_runtime::Pages::new(input, move |input| self.#method(input))
                }
            }
        });
        quote! {
            #[doc = #doc]
            fn #method(&self, input: #input) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send {
                let _ = input;
                async {
                    ::std::result::Result::Err(#error::Unhandled(::awsgen_runtime::protocol::ErrorResponse::not_implemented(#protocol, #name)))
                }
            }

            #pages
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
