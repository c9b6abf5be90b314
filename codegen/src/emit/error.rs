//! Error shapes: on top of the structure, `Display` with the message, `std::error::Error`,
//! and the error's wire facts (`ErrorShape`).

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::structure::{Field, fields};
use crate::ir::{ErrorFault, Shape, ShapeKind};

pub fn emit(cx: &Context, shape: &Shape) -> TokenStream {
    let Some(error) = &shape.error else {
        return TokenStream::new();
    };
    let ident = cx.names.type_name(&shape.name).ident();
    let fields = fields(cx, shape);
    let message = message_field(cx, shape, &fields).map(|i| &fields[i]);
    let message_expr = match message {
        Some(field) if field.member.required => {
            let name = field.names.field.ident();
            quote!(::std::option::Option::Some(self.#name.as_str()))
        }
        Some(field) => {
            let name = field.names.field.ident();
            quote!(self.#name.as_deref())
        }
        None => quote!(::std::option::Option::None),
    };
    let code = &error.code;
    let (fault, default_status) = match error.fault {
        ErrorFault::Client => (quote!(Client), 400u16),
        ErrorFault::Server => (quote!(Server), 500u16),
    };
    let status = error.http_status.unwrap_or(default_status);
    let retryable = error.retryable;
    let throttling = error.throttling;
    // HTTP-bound protocols read members bound to headers or the status with its schema.
    let schema = cx.names.schema_static(&shape.name).map(|_| {
        let path = super::schema::schema_path(cx, Some(&shape.name));
        quote!(const SCHEMA: &'static ::awsgen_runtime::schema::Shape = &#path;)
    });
    quote! {
        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(#code)?;
                // An empty message (absent, error-corrected) is not worth a colon.
                if let ::std::option::Option::Some(message) = ::awsgen_runtime::ErrorShape::message(self).filter(|m| !m.is_empty()) {
                    write!(f, ": {message}")?;
                }
                ::std::result::Result::Ok(())
            }
        }

        impl ::std::error::Error for #ident {}

        impl ::awsgen_runtime::ErrorShape for #ident {
            const CODE: &'static str = #code;
            const FAULT: ::awsgen_runtime::ErrorFault = ::awsgen_runtime::ErrorFault::#fault;
            const HTTP_STATUS: u16 = #status;
            const RETRYABLE: bool = #retryable;
            const THROTTLING: bool = #throttling;
            #schema
            fn message(&self) -> ::std::option::Option<&str> {
                #message_expr
            }
        }
    }
}

/// The index of an error shape's message member: a string member named `message` in any
/// case. Its value is read from any of `protocol::MESSAGE_KEYS`.
pub fn message_field(cx: &Context, shape: &Shape, fields: &[Field]) -> Option<usize> {
    shape.error.as_ref()?;
    fields.iter().position(|f| {
        f.member.name.eq_ignore_ascii_case("message")
            && matches!(cx.service.target(f.member).kind, ShapeKind::String)
    })
}
