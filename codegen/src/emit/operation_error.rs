//! The error enum of an operation: exactly its modeled errors, plus `Unhandled` (an error
//! the model does not know, kept whole) and `Failed` (no service error: the call failed).

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use crate::ir::Operation;

/// Errors botocore retries though their model does not say `@retryable` (its
/// `retries/special.py`): STS's `IDPCommunicationError`, which a web identity provider that
/// did not answer in time causes.
fn botocore_retries(service_id: &str, code: &str) -> bool {
    service_id == "STS" && code == "IDPCommunicationError"
}

/// The error enum of an operation: exactly its modeled errors, plus `Unhandled`.
pub fn emit(cx: &Context, operation: &Operation) -> TokenStream {
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
    let retries = operation.errors.iter().zip(&codes).map(|(e, code)| {
        let error = cx.service.shapes[e].error.as_ref();
        let retry = match error {
            Some(error) if error.throttling => quote!(Throttling),
            Some(error) if error.retryable => quote!(Transient),
            _ if botocore_retries(&cx.service.service_id, code) => quote!(Transient),
            _ => quote!(No),
        };
        quote!((#code, ::awsgen_runtime::ModeledRetry::#retry))
    });
    let modeled_errors = (!operation.errors.is_empty()).then(|| {
        quote! {
            const MODELED_ERRORS: &'static [(&'static str, ::awsgen_runtime::ModeledRetry)] = &[#(#retries),*];
        }
    });
    let doc = format!(
        " An error of `{}`: one of its {} modeled errors, or an unhandled one.",
        operation.name,
        operation.errors.len()
    );
    let variant_docs = operation.errors.iter().map(|e| format!(" `{e}`."));
    let protocol = cx.protocol();
    // With no modeled errors every error is unhandled: no one-armed matches.
    let from_response = if operation.errors.is_empty() {
        quote!(Self::Unhandled(response))
    } else {
        quote! {
            // A modeled error whose body does not read as its shape stays unhandled, so
            // that nothing is lost. An empty body (a gateway that only sets the
            // `X-Amzn-Errortype` header) reads as `{}`.
            match response.code.as_deref() {
                #(::std::option::Option::Some(#codes) => match ::awsgen_runtime::protocol::read_modeled_error(#protocol, &response) {
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
            /// No service error: the call failed before the service answered (invalid
            /// input, configuration, transport, timeout) or its answer could not be read.
            Failed(::awsgen_runtime::CallFailure),
        }

        impl ::awsgen_runtime::OperationError for #ident {
            #modeled_errors

            fn from_response(response: ::awsgen_runtime::protocol::ErrorResponse) -> Self {
                #from_response
            }

            fn from_failure(failure: ::awsgen_runtime::CallFailure) -> Self {
                Self::Failed(failure)
            }

            fn code(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Self::#variants(_) => ::std::option::Option::Some(#codes),)*
                    Self::Unhandled(response) => response.code.as_deref(),
                    Self::Failed(_) => ::std::option::Option::None,
                }
            }

            fn failure(&self) -> ::std::option::Option<&::awsgen_runtime::CallFailure> {
                match self {
                    Self::Failed(failure) => ::std::option::Option::Some(failure),
                    _ => ::std::option::Option::None,
                }
            }

            fn to_response(&self) -> ::awsgen_runtime::protocol::ErrorResponse {
                match self {
                    #(Self::#variants(error) => ::awsgen_runtime::protocol::server::modeled_error_response(#protocol, error),)*
                    Self::Unhandled(response) => ::std::clone::Clone::clone(response),
                    // The failure is the server's own business: its details stay out of
                    // the answer.
                    Self::Failed(_) => ::awsgen_runtime::protocol::server::internal_failure(#protocol),
                }
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants(error) => ::std::fmt::Display::fmt(error, f),)*
                    Self::Unhandled(response) => ::std::fmt::Display::fmt(response, f),
                    Self::Failed(failure) => ::std::fmt::Display::fmt(failure, f),
                }
            }
        }

        impl ::std::error::Error for #ident {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#variants(error) => ::std::option::Option::Some(error),)*
                    Self::Unhandled(response) => ::std::option::Option::Some(response),
                    Self::Failed(failure) => ::std::option::Option::Some(failure),
                }
            }
        }
    }
}
