//! `Paginated` for operations with a paginator: how to set the page token of an input,
//! read the next token of an output and take the items of a page.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::structure::{Field, fields};
use crate::ir::{Operation, ShapeKind};

fn find(fields: &[Field], name: &str) -> Option<usize> {
    fields.iter().position(|f| f.member.name == name)
}

/// The `Paginated` impl of an operation, or `None` when it has no paginator the runtime
/// can drive: one input token, one top-level output token and one top-level list of items
/// (true of every paginator in the Partner Central models; the others are still documented
/// on the operation).
pub fn emit(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    let paginated = operation.paginated.as_ref()?;
    let input = &cx.service.shapes[operation.input.as_deref()?];
    let output = &cx.service.shapes[operation.output.as_deref()?];
    let (input_fields, output_fields) = (fields(cx, input), fields(cx, output));
    let [input_token] = paginated.input_tokens.as_slice() else {
        return None;
    };
    let [output_token] = paginated.output_tokens.as_slice() else {
        return None;
    };
    let [items] = paginated.items.as_slice() else {
        return None;
    };
    let input_token = &input_fields[find(&input_fields, input_token)?];
    let output_token = &output_fields[find(&output_fields, output_token)?];
    let items = &output_fields[find(&output_fields, items)?];
    let is_string =
        |field: &Field| matches!(cx.service.target(field.member).kind, ShapeKind::String);
    if !is_string(input_token) || !is_string(output_token) {
        return None;
    }
    let ShapeKind::List { member, sparse } = &cx.service.target(items.member).kind else {
        return None;
    };
    let item = super::types::value_type(cx, member);
    let item = if *sparse {
        quote!(::std::option::Option<#item>)
    } else {
        item
    };

    let marker = cx.names.operation(&operation.name).ident();
    let input_field = input_token.names.field.ident();
    let set_token = if input_token.member.required {
        quote!(input.#input_field = token;)
    } else {
        quote!(input.#input_field = ::std::option::Option::Some(token);)
    };
    let token = if input_token.member.required {
        quote!(::std::option::Option::Some(input.#input_field.as_str()))
    } else {
        quote!(input.#input_field.as_deref())
    };
    let output_field = output_token.names.field.ident();
    let next_token = if output_token.member.required {
        quote!(::std::option::Option::Some(output.#output_field.as_str()))
    } else {
        quote!(output.#output_field.as_deref())
    };
    let items_field = items.names.field.ident();
    let into_items = if items.member.required {
        quote!(output.#items_field)
    } else {
        quote!(output.#items_field.unwrap_or_default())
    };
    let input_type = cx.type_path(&input.name);
    let output_type = cx.type_path(&output.name);
    Some(quote! {
        impl ::awsgen_runtime::Paginated for #marker {
            type Item = #item;

            fn token(input: &#input_type) -> ::std::option::Option<&str> {
                #token
            }

            fn set_token(input: &mut #input_type, token: ::std::string::String) {
                #set_token
            }

            fn next_token(output: &#output_type) -> ::std::option::Option<&str> {
                #next_token
            }

            fn into_items(output: #output_type) -> ::std::vec::Vec<#item> {
                #into_items
            }
        }
    })
}
