//! The schema-based variant of one service's types, for `cargo xtask schema-study` (issue
//! 11's comparison of schema-based serialization with the expanded serde impls; not part of
//! the pipeline): a static schema per structure and union, `write_members` / `read_members`
//! that hand each member and its schema to an object-safe serializer, and one macro line per
//! enum and per list of generated types. The runtime it targets is
//! `xtask/schema_study/schema.rs`.

use std::collections::BTreeSet;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

use super::Context;
use super::structure::{Field, fields, tracks_absent};
use crate::ir::{Member, ShapeKind, TimestampFormat};

pub fn schema_impls(cx: &Context) -> TokenStream {
    let mut items = Vec::new();
    let mut lists = BTreeSet::new();
    for shape in cx.service.shapes.values() {
        match &shape.kind {
            ShapeKind::Structure(_) if shape.error.is_none() => {
                let fields = fields(cx, shape);
                lists.extend(list_items(cx, &fields));
                items.push(structure(cx, &shape.name, &fields));
            }
            ShapeKind::Union(_) => {
                let fields = fields(cx, shape);
                lists.extend(list_items(cx, &fields));
                items.push(union(cx, &shape.name, &fields));
            }
            ShapeKind::Enum(_) => {
                let path = cx.type_path(&shape.name);
                items.push(quote!(crate::string_enum!(#path);));
            }
            _ => {}
        }
    }
    for item in lists {
        let ty: TokenStream = item.parse().expect("a type printed by quote parses");
        items.push(quote!(crate::list_of!(#ty);));
    }
    quote!(#(#items)*)
}

/// Element types of list members that are generated types (scalars have their impls).
fn list_items(cx: &Context, fields: &[Field]) -> Vec<String> {
    let mut out = Vec::new();
    for field in fields {
        let mut target = cx.service.target(field.member);
        while let ShapeKind::List { member, .. } = &target.kind {
            let item = cx.service.target(member);
            if matches!(
                item.kind,
                ShapeKind::Structure(_)
                    | ShapeKind::Union(_)
                    | ShapeKind::Enum(_)
                    | ShapeKind::List { .. }
                    | ShapeKind::Map { .. }
            ) {
                out.push(super::types::value_type(cx, member).to_string());
            }
            target = item;
        }
    }
    out
}

fn kind(cx: &Context, member: &Member) -> TokenStream {
    let target = cx.service.target(member);
    match &target.kind {
        ShapeKind::Boolean => quote!(crate::schema::Kind::Boolean),
        ShapeKind::String | ShapeKind::Enum(_) => quote!(crate::schema::Kind::String),
        ShapeKind::Blob => quote!(crate::schema::Kind::Blob),
        ShapeKind::Document => quote!(crate::schema::Kind::Document),
        ShapeKind::Timestamp(own) => {
            let format = match member.timestamp_format.unwrap_or(*own) {
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
                _ => quote!(EpochSeconds),
            };
            quote!(crate::schema::Kind::Timestamp(crate::schema::TimestampFormat::#format))
        }
        ShapeKind::List { member, .. } => {
            let item = kind(cx, member);
            quote!(crate::schema::Kind::List(&crate::schema::Member::new("", #item)))
        }
        ShapeKind::Map { value, .. } => {
            let value = kind(cx, value);
            quote!(crate::schema::Kind::Map(&crate::schema::Member::new("", #value)))
        }
        ShapeKind::Structure(_) => quote!(crate::schema::Kind::Structure),
        ShapeKind::Union(_) => quote!(crate::schema::Kind::Union),
        _ => quote!(crate::schema::Kind::Number),
    }
}

fn schema_static(cx: &Context, name: &str, fields: &[Field]) -> (Ident, TokenStream) {
    let ident = Ident::new(
        &format!("SCHEMA_{}", cx.names.type_name(name).ident()).to_uppercase(),
        Span::call_site(),
    );
    let members = fields.iter().map(|field| {
        let wire = &field.member.wire_name;
        let kind = kind(cx, field.member);
        quote!(crate::schema::Member::new(#wire, #kind))
    });
    let item = quote! {
        static #ident: crate::schema::Schema = crate::schema::Schema {
            name: #name,
            members: &[#(#members),*],
        };
    };
    (ident, item)
}

fn structure(cx: &Context, name: &str, fields: &[Field]) -> TokenStream {
    let ty = cx.type_path(name);
    let (schema, schema_item) = schema_static(cx, name, fields);
    let writes = fields.iter().enumerate().map(|(i, field)| {
        let field_name = field.names.field.ident();
        let i = Literal::usize_unsuffixed(i);
        if field.member.required {
            quote!(crate::schema::SchemaValue::write(&self.#field_name, s, &m[#i])?;)
        } else {
            quote! {
                if let ::std::option::Option::Some(v) = &self.#field_name {
                    crate::schema::SchemaValue::write(v, s, &m[#i])?;
                }
            }
        }
    });
    let local = |i: usize| Ident::new(&format!("f{i}"), Span::call_site());
    let locals = fields.iter().enumerate().map(|(i, field)| {
        let name = local(i);
        let ty = &field.value_type;
        quote!(let mut #name: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let arms = fields.iter().enumerate().map(|(i, _)| {
        let name = local(i);
        let index = Literal::usize_unsuffixed(i);
        quote!(::std::result::Result::Ok(#index) => #name = crate::schema::read_optional(d, &m[#index])?,)
    });
    let absent = tracks_absent(fields);
    let absent_binding =
        absent.then(|| quote!(let mut __absent = ::awsgen_runtime::AbsentMembers::default();));
    let absent_init = absent.then(|| quote!(__absent,));
    let inits = fields.iter().enumerate().map(|(i, field)| {
        let field_name = field.names.field.ident();
        let value = local(i);
        let wire = &field.member.wire_name;
        if field.member.required {
            quote!(#field_name: __absent.required(#wire, #value),)
        } else {
            quote!(#field_name: #value,)
        }
    });
    let m = (!fields.is_empty()).then(|| quote!(let m = #schema.members;));
    quote! {
        #schema_item
        impl crate::schema::SerializableStruct for #ty {
            fn write_members(&self, s: &mut dyn crate::schema::ShapeSerializer) -> crate::schema::Result<()> {
                #m
                #(#writes)*
                ::std::result::Result::Ok(())
            }
        }
        impl crate::schema::DeserializableStruct for #ty {
            fn read_members(d: &mut dyn crate::schema::ShapeDeserializer) -> crate::schema::Result<Self> {
                #m
                #(#locals)*
                d.read_struct(&#schema, &mut |i, d| {
                    match i {
                        #(#arms)*
                        _ => d.skip()?,
                    }
                    ::std::result::Result::Ok(())
                })?;
                #absent_binding
                ::std::result::Result::Ok(#ty { #(#inits)* #absent_init })
            }
        }
    }
}

fn union(cx: &Context, name: &str, fields: &[Field]) -> TokenStream {
    let ty = cx.type_path(name);
    let (schema, schema_item) = schema_static(cx, name, fields);
    let writes = fields.iter().enumerate().map(|(i, field)| {
        let variant = field.names.variant.ident();
        let i = Literal::usize_unsuffixed(i);
        quote!(Self::#variant(v) => crate::schema::SchemaValue::write(v, s, &m[#i]),)
    });
    let arms = fields.iter().enumerate().map(|(i, field)| {
        let variant = field.names.variant.ident();
        let index = Literal::usize_unsuffixed(i);
        quote! {
            ::std::result::Result::Ok(#index) => {
                if let ::std::option::Option::Some(v) = crate::schema::read_optional(d, &m[#index])? {
                    set.push(Self::#variant(v));
                }
            }
        }
    });
    quote! {
        #schema_item
        impl crate::schema::SerializableStruct for #ty {
            fn write_members(&self, s: &mut dyn crate::schema::ShapeSerializer) -> crate::schema::Result<()> {
                let m = #schema.members;
                match self {
                    #(#writes)*
                    Self::Unknown(member) => s.write_unknown(member.name(), member.value()),
                }
            }
        }
        impl crate::schema::DeserializableStruct for #ty {
            fn read_members(d: &mut dyn crate::schema::ShapeDeserializer) -> crate::schema::Result<Self> {
                let m = #schema.members;
                let mut set = ::std::vec::Vec::new();
                d.read_struct(&#schema, &mut |i, d| {
                    match i {
                        #(#arms)*
                        // `__type` and `null` members are ignored; an unknown member is
                        // kept, value and all.
                        ::std::result::Result::Ok(_) | ::std::result::Result::Err("__type") => d.skip()?,
                        ::std::result::Result::Err(name) => {
                            let value = d.read_document()?;
                            if !value.is_null() {
                                set.push(Self::Unknown(::awsgen_runtime::UnknownMember::new(name, value)));
                            }
                        }
                    }
                    ::std::result::Result::Ok(())
                })?;
                match set.len() {
                    1 => ::std::result::Result::Ok(set.remove(0)),
                    n => ::std::result::Result::Err(crate::schema::Error(::std::format!("{n} members set in a union"))),
                }
            }
        }
    }
}
