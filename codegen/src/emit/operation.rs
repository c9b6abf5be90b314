//! The `operations` module of a service: a marker type per operation carrying its wire
//! target, flags and input/output types, and `visit_operations` to walk them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::deprecation_note;
use super::{Context, doc_attrs};

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
        let notes: Vec<String> = deprecation_note(operation.deprecated.as_ref()).into_iter().collect();
        let docs = doc_attrs(operation.docs.as_deref(), &notes);
        quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::default::Default)]
            pub struct #ident;

            impl ::awsgen_runtime::Operation for #ident {
                type Input = #input;
                type Output = #output;
                const NAME: &'static str = #name;
                const TARGET: &'static str = #target;
                const READONLY: bool = #readonly;
                const IDEMPOTENT: bool = #idempotent;
            }
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
    quote! {
        #(#markers)*

        #[doc = #doc]
        pub fn visit_operations<V: ::awsgen_runtime::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    }
}
