//! Tagged unions: a Rust enum with one variant per member, plus `Unknown` that keeps the
//! name *and* raw value of a member this version does not list, so the union serializes
//! back exactly as received (aws-sdk-rust drops the value; botocore keeps only the name).

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::{Field, deprecation_note, fields};
use super::structure_serde::map_deserialize_impl;
use super::{Context, doc_attrs, example};
use crate::ir::Shape;

pub fn emit(cx: &Context, shape: &Shape) -> TokenStream {
    let fields = fields(cx, shape);
    let ident = cx.names.type_name(&shape.name).ident();
    let mut notes = Vec::new();
    if let Some(note) = &cx.names.type_name(&shape.name).note {
        notes.push(format!("Model name `{}`; {note}.", shape.name));
    }
    notes.extend(deprecation_note(shape.deprecated.as_ref()));
    notes.extend(example(cx, shape, &fields));
    let docs = doc_attrs(shape.docs.as_deref(), &notes);

    let variants = fields.iter().map(|field| {
        let mut notes = Vec::new();
        if let Some(note) = &field.names.variant.note {
            notes.push(format!("Wire name `{}`; {note}.", field.member.name));
        }
        notes.extend(deprecation_note(field.member.deprecated.as_ref()));
        let docs = doc_attrs(field.member.docs.as_deref(), &notes);
        let variant = field.names.variant.ident();
        let ty = &field.value_type;
        quote!(#docs #variant(#ty),)
    });
    let accessors = fields.iter().map(accessor);
    let debug = debug_impl(shape, &ident, &fields);
    let serialize = serialize(&ident, &fields);
    let deserialize = deserialize(shape, &ident, &fields);
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant, reason = "members are held by value so that they can be matched directly")]
        pub enum #ident {
            #(#variants)*
            /// A member this version of the crate does not know: its name and raw JSON value,
            /// written back unchanged when serialized.
            Unknown(::awsgen_runtime::UnknownMember),
        }

        impl #ident {
            #(#accessors)*
        }

        impl ::awsgen_runtime::ZeroValue for #ident {
            fn zero_value() -> Self {
                Self::Unknown(::awsgen_runtime::UnknownMember::new("", ::serde_json::Value::Null))
            }
            fn is_zero_value(&self) -> bool {
                matches!(self, Self::Unknown(member) if member.name().is_empty())
            }
        }

        #debug
        #serialize
        #deserialize
    }
}

/// A doctest: reading the first member, and an unknown member surviving a round trip.
fn example(cx: &Context, shape: &Shape, fields: &[Field]) -> Option<String> {
    let first = fields.first()?;
    let ty = cx.names.type_name(&shape.name).rust.clone();
    let path = format!("{}::{}::{ty}", cx.crate_name, cx.module);
    let member_json = serde_json::json!({ first.member.wire_name.clone(): example::sample(cx.service, first.member) });
    let accessor = first.names.field.affixed("as_", "");
    Some(format!(
        "# Example\n\n\
         ```\n\
         use {path};\n\n\
         let value: {ty} = serde_json::from_str(r#\"{member_json}\"#)?;\n\
         assert!(value.{accessor}().is_some());\n\n\
         // A member added to the model after this crate was generated is kept, value and all.\n\
         let json = r#\"{{\"MemberFromTheFuture\":{{\"Nested\":[1,2]}}}}\"#;\n\
         let future: {ty} = serde_json::from_str(json)?;\n\
         assert!(matches!(&future, {ty}::Unknown(member) if member.name() == \"MemberFromTheFuture\"));\n\
         assert_eq!(serde_json::to_string(&future)?, json);\n\
         # Ok::<(), serde_json::Error>(())\n\
         ```"
    ))
}

fn accessor(field: &Field) -> TokenStream {
    let method = field.names.field.affixed("as_", "");
    let variant = field.names.variant.ident();
    let ty = &field.unboxed_type;
    let doc = format!(
        " The `{}` member, if that is the one set.",
        field.member.name
    );
    quote! {
        #[doc = #doc]
        pub fn #method(&self) -> ::std::option::Option<&#ty> {
            match self {
                Self::#variant(value) => ::std::option::Option::Some(value),
                _ => ::std::option::Option::None,
            }
        }
    }
}

fn debug_impl(shape: &Shape, ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let type_name = ident.to_string();
    let arms = fields.iter().map(|field| {
        let variant = field.names.variant.ident();
        let label = format!("{type_name}::{variant}");
        if field.sensitive || shape.sensitive {
            quote!(Self::#variant(_) => f.debug_tuple(#label).field(&::awsgen_runtime::Redacted).finish(),)
        } else {
            quote!(Self::#variant(value) => f.debug_tuple(#label).field(value).finish(),)
        }
    });
    let unknown_label = format!("{type_name}::Unknown");
    let unknown = if shape.sensitive {
        quote!(Self::Unknown(_) => f.debug_tuple(#unknown_label).field(&::awsgen_runtime::Redacted).finish(),)
    } else {
        quote!(Self::Unknown(member) => f.debug_tuple(#unknown_label).field(member).finish(),)
    };
    quote! {
        impl ::std::fmt::Debug for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                    #unknown
                }
            }
        }
    }
}

fn serialize(ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let arms = fields.iter().map(|field| {
        let variant = field.names.variant.ident();
        let wire = &field.member.wire_name;
        let codec = &field.codec;
        quote! {
            Self::#variant(value) => __map.serialize_entry(#wire, &::awsgen_runtime::codec::Encode::<_, #codec>::new(value))?,
        }
    });
    quote! {
        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                let mut __map = serializer.serialize_map(::std::option::Option::None)?;
                match self {
                    #(#arms)*
                    // The zero value (a required union a response omitted) is written as `{}`.
                    Self::Unknown(member) if member.name().is_empty() => {}
                    Self::Unknown(member) => __map.serialize_entry(member.name(), member.value())?,
                }
                __map.end()
            }
        }
    }
}

fn deserialize(shape: &Shape, ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let shape_name = &shape.name;
    let arms = fields.iter().map(|field| {
        let variant = field.names.variant.ident();
        let wire = &field.member.wire_name;
        let ty = &field.value_type;
        let codec = &field.codec;
        quote! {
            #wire => __union.known::<__A, #ty, #codec>(&mut __map, #wire, #ident::#variant)?,
        }
    });
    let expecting = format!("a {shape_name} union");
    map_deserialize_impl(
        ident,
        &expecting,
        quote! {
            let mut __union = ::awsgen_runtime::de::UnionValue::new(#shape_name);
            while let ::std::option::Option::Some(__key) = __map.next_key::<::std::string::String>()? {
                match __key.as_str() {
                    #(#arms)*
                    _ => __union.unknown(&mut __map, __key, #ident::Unknown)?,
                }
            }
            __union.finish()
        },
    )
}
