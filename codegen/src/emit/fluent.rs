//! The `fluent` module of a service: one builder per operation that holds the service (any
//! implementation of its trait) and the input's builder, so that a call is one expression:
//! `service.get_thing().id("1").send().await`. The trait's provided `<operation>()` method
//! starts one; the trait's `call_<operation>(input)` is what `send` ends in.

use proc_macro2::TokenStream;
use quote::quote;

use super::builder::{build_is_fallible, builder_path, setter_param};
use super::structure::{Field, fields};
use super::{Context, paginator};
use crate::ir::Operation;

pub fn emit(cx: &Context) -> TokenStream {
    let builders = cx
        .service
        .operations
        .iter()
        .map(|op| fluent_builder(cx, op));
    quote!(#(#builders)*)
}

/// The fluent builder's path, for the trait method that starts it.
pub fn path(cx: &Context, operation: &Operation) -> TokenStream {
    let module = &cx.module;
    let ident = cx.names.fluent_type(&operation.name).ident();
    quote!(crate::#module::fluent::#ident)
}

/// The fluent builder of one operation, its methods and its `Clone` and `Debug` impls.
fn fluent_builder(cx: &Context, operation: &Operation) -> TokenStream {
    let module = &cx.module;
    let ident = cx.names.fluent_type(&operation.name).ident();
    let service_trait = cx.names.service_trait().ident();
    let trait_path = quote!(crate::#module::operations::#service_trait);
    let call = cx.names.call_method(&operation.name).ident();
    let error = cx.names.operation_error(&operation.name).ident();
    let error = quote!(crate::#module::operations::#error);
    let (_, output) = cx.io_types(operation);
    let name = &operation.name;
    let trait_doc = format!("crate::{module}::operations::{service_trait}");
    let call_name = cx
        .names
        .call_method(&operation.name)
        .rust
        .trim_start_matches("r#");
    let send_doc = format!(
        " Builds the input and calls `{call_name}` of [`{service_trait}`]({trait_doc}). A \
         required member left unset fails with `Failed(CallFailure::InvalidInput)`, naming \
         every such member, and nothing is called."
    );

    let Some(shape) = operation.input.as_deref().map(|s| &cx.service.shapes[s]) else {
        // Only a hand-built IR has no input shape: the input is `Unit`.
        let doc = format!(" A call of `{name}`: [`send`](Self::send) it.");
        return quote! {
            #[doc = #doc]
            #[must_use = "a fluent call does nothing until it is sent"]
            pub struct #ident<'a, S: ?::std::marker::Sized> {
                pub(crate) service: &'a S,
            }

            impl<'a, S: #trait_path + ?::std::marker::Sized> #ident<'a, S> {
                #[doc = #send_doc]
                pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send + 'a {
                    self.service.#call(::awsgen_runtime::Unit)
                }
            }

            impl<S: ?::std::marker::Sized> ::std::clone::Clone for #ident<'_, S> {
                fn clone(&self) -> Self {
                    #ident { service: self.service }
                }
            }

            impl<S: ?::std::marker::Sized> ::std::fmt::Debug for #ident<'_, S> {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(::std::stringify!(#ident)).finish_non_exhaustive()
                }
            }
        };
    };
    let fields = fields(cx, shape);
    let builder = builder_path(cx, shape);
    let builder_name = cx.names.type_name(&shape.name).affixed("", "Builder");
    let doc = format!(
        " A call of `{name}` being put together: set the input's members (documented on \
         [`{builder_name}`](crate::{module}::builders::{builder_name})), then \
         [`send`](Self::send) it."
    );
    let setters = fields.iter().map(|field| setters(cx, &shape.name, field));
    let accessors = (!fields.is_empty()).then(|| {
        quote! {
            /// The input as set so far.
            pub fn as_input(&self) -> &#builder {
                &self.input
            }

            /// Replaces the input set so far, e.g. with an input built earlier.
            pub fn with_input(mut self, input: impl ::std::convert::Into<#builder>) -> Self {
                self.input = input.into();
                self
            }
        }
    });
    let built = if build_is_fallible(&fields) {
        quote! {
            self.input.build().map_err(|error| #error::Failed(::std::convert::From::from(error)))
        }
    } else {
        quote!(::std::result::Result::Ok(self.input.build()))
    };
    let send = if build_is_fallible(&fields) {
        quote! {
            let service = self.service;
            let input = #built;
            async move { service.#call(input?).await }
        }
    } else {
        quote!(self.service.#call(self.input.build()))
    };
    let pages = paginator::emit(cx, operation).map(|_| {
        let marker = cx.names.operation(&operation.name).ident();
        quote! {
            /// The pages of the call from the input on, as a stream (`next_page`, or
            /// `items()` for the items on them). It stops after the last page, after an
            /// error, and when the service repeats a page token; a required member left
            /// unset is the first and only page's error.
            pub fn into_pages(self) -> ::awsgen_runtime::Pages<'a, crate::#module::operations::#marker> {
                let service = self.service;
                ::awsgen_runtime::Pages::try_new(#built, move |input| service.#call(input))
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[must_use = "a fluent call does nothing until it is sent"]
        pub struct #ident<'a, S: ?::std::marker::Sized> {
            pub(crate) service: &'a S,
            pub(crate) input: #builder,
        }

        impl<'a, S: #trait_path + ?::std::marker::Sized> #ident<'a, S> {
            #(#setters)*
            #accessors

            #[doc = #send_doc]
            pub fn send(self) -> impl ::std::future::Future<Output = ::std::result::Result<#output, #error>> + ::std::marker::Send + 'a {
                #send
            }

            #pages
        }

        impl<S: ?::std::marker::Sized> ::std::clone::Clone for #ident<'_, S> {
            fn clone(&self) -> Self {
                #ident { service: self.service, input: ::std::clone::Clone::clone(&self.input) }
            }
        }

        // The input's `Debug`, which redacts sensitive members; the service is not shown.
        impl<S: ?::std::marker::Sized> ::std::fmt::Debug for #ident<'_, S> {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(::std::stringify!(#ident)).field("input", &self.input).finish_non_exhaustive()
            }
        }
    }
}

/// A member's two setters, forwarding to the input builder's.
fn setters(cx: &Context, shape: &str, field: &Field) -> TokenStream {
    let names = cx.names.fluent_setters(shape, &field.member.name);
    let (setter, set_field) = (names.setter.ident(), names.set_field.ident());
    let (builder_setter, builder_set_field) =
        (field.names.setter.ident(), field.names.set_field.ident());
    let param = setter_param(field);
    let ty = &field.value_type;
    let wire = &field.member.name;
    let renamed = |note: &Option<String>| {
        note.as_ref()
            .map(|note| format!(" ({note})"))
            .unwrap_or_default()
    };
    let setter_doc = format!(" Sets `{wire}`{}.", renamed(&names.setter.note));
    let set_doc = format!(
        " Sets or clears `{wire}`{}.",
        renamed(&names.set_field.note)
    );
    quote! {
        #[doc = #setter_doc]
        pub fn #setter(mut self, value: #param) -> Self {
            self.input = self.input.#builder_setter(value);
            self
        }

        #[doc = #set_doc]
        pub fn #set_field(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.input = self.input.#builder_set_field(value);
            self
        }
    }
}
