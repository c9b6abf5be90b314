//! `Serialize` and `Deserialize` of a structure, exactly the awsJson 1.0 wire form:
//! members under their wire names, absent optional members omitted, `null` read as absent,
//! unknown keys skipped, absent required members error-corrected and recorded.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::Context;
use super::structure::{Field, tracks_absent};
use crate::ir::Shape;

pub fn emit(cx: &Context, shape: &Shape, fields: &[Field]) -> TokenStream {
    let ident = cx.names.type_name(&shape.name).ident();
    let serialize = serialize(&ident, fields);
    let message = super::error::message_field(cx, shape, fields);
    let deserialize = deserialize(shape, &ident, fields, message);
    quote!(#serialize #deserialize)
}

fn serialize(ident: &proc_macro2::Ident, fields: &[Field]) -> TokenStream {
    let entries = fields.iter().map(|field| {
        let name = field.names.field.ident();
        let wire = &field.member.wire_name;
        let codec = &field.codec;
        if field.member.required {
            quote! {
                __map.serialize_entry(#wire, &::awsgen_runtime::codec::Encode::<_, #codec>::new(&self.#name))?;
            }
        } else {
            quote! {
                if let ::std::option::Option::Some(__value) = &self.#name {
                    __map.serialize_entry(#wire, &::awsgen_runtime::codec::Encode::<_, #codec>::new(__value))?;
                }
            }
        }
    });
    let map_binding = if fields.is_empty() {
        quote!(let __map)
    } else {
        quote!(let mut __map)
    };
    quote! {
        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                use ::serde::ser::SerializeMap as _;
                #map_binding = serializer.serialize_map(::std::option::Option::None)?;
                #(#entries)*
                __map.end()
            }
        }
    }
}

/// `message` is the index of an error shape's message member.
fn deserialize(
    shape: &Shape,
    ident: &proc_macro2::Ident,
    fields: &[Field],
    message: Option<usize>,
) -> TokenStream {
    // Keys the visitor recognises: every wire name, then the alternative message keys of an
    // error shape, each pointing at its field.
    let mut keys: Vec<(String, usize)> = fields
        .iter()
        .enumerate()
        .map(|(i, f)| (f.member.wire_name.clone(), i))
        .collect();
    // The message keys in order of preference (`MESSAGE_KEYS`, then the model's own key if
    // it is spelled otherwise): the same rule as `protocol::parse_error`, whatever the order
    // of the keys in the document.
    let mut message_keys: Vec<String> = Vec::new();
    if let Some(i) = message {
        message_keys.extend(
            awsgen_runtime::protocol::MESSAGE_KEYS
                .iter()
                .map(|key| (*key).to_owned()),
        );
        if !message_keys.contains(&fields[i].member.wire_name) {
            message_keys.push(fields[i].member.wire_name.clone());
        }
        for alias in &message_keys {
            if !keys.iter().any(|(key, _)| key == alias) {
                keys.push((alias.clone(), i));
            }
        }
    }
    let key_names = keys.iter().map(|(key, _)| key);
    // Locals get a prefix: a member may be named like the visitor's own bindings, or like
    // a placeholder name clippy rejects (`foo`).
    let local = |field: &Field| field.names.field.affixed("field_", "");
    let locals = fields.iter().map(|field| {
        let name = local(field);
        let ty = &field.value_type;
        quote!(let mut #name: ::std::option::Option<#ty> = ::std::option::Option::None;)
    });
    let message_rank = message.map(|_| {
        let worst = Literal::usize_unsuffixed(message_keys.len());
        quote!(let mut __message_rank: usize = #worst;)
    });
    let arms = fields.iter().enumerate().map(|(i, field)| {
        let name = local(field);
        let ty = &field.value_type;
        let codec = &field.codec;
        let indices = keys
            .iter()
            .enumerate()
            .filter(|(_, (_, field_index))| *field_index == i);
        if message == Some(i) {
            // One arm per key: a key of higher preference wins over one read earlier.
            let arms = indices.map(|(key_index, (key, _))| {
                let key_index = Literal::usize_unsuffixed(key_index);
                let rank = message_keys.iter().position(|k| k == key).unwrap_or_default();
                // The most preferred key always wins.
                let wins = (rank > 0).then(|| {
                    let rank = Literal::usize_unsuffixed(rank);
                    quote!(&& #rank <= __message_rank)
                });
                let rank = Literal::usize_unsuffixed(rank);
                quote! {
                    ::std::option::Option::Some(#key_index) => {
                        if let ::std::option::Option::Some(__value) = ::awsgen_runtime::de::member::<__A, #ty, #codec>(&mut __map)?
                            #wins
                        {
                            #name = ::std::option::Option::Some(__value);
                            __message_rank = #rank;
                        }
                    }
                }
            });
            return quote!(#(#arms)*);
        }
        let indices = indices.map(|(key_index, _)| Literal::usize_unsuffixed(key_index));
        quote! {
            #(::std::option::Option::Some(#indices))|* => {
                #name = ::awsgen_runtime::de::member::<__A, #ty, #codec>(&mut __map)?;
            }
        }
    });
    let tracks_absent = tracks_absent(fields);
    let absent_binding = tracks_absent
        .then(|| quote!(let mut __absent = ::awsgen_runtime::AbsentMembers::default();));
    let inits = fields.iter().map(|field| {
        let name = field.names.field.ident();
        let value = local(field);
        let wire = &field.member.wire_name;
        if field.member.required {
            quote!(#name: __absent.required(#wire, #value),)
        } else {
            quote!(#name: #value,)
        }
    });
    let absent_init = tracks_absent.then(|| quote!(__absent,));
    let expecting = format!("a {} structure", shape.name);
    let read_loop = if fields.is_empty() {
        quote! {
            while __map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                ::awsgen_runtime::de::skip(&mut __map)?;
            }
        }
    } else {
        quote! {
            const KEYS: &[&str] = &[#(#key_names),*];
            #(#locals)*
            #message_rank
            while let ::std::option::Option::Some(__key) = __map.next_key_seed(::awsgen_runtime::de::MemberKey(KEYS))? {
                match __key {
                    #(#arms)*
                    _ => ::awsgen_runtime::de::skip(&mut __map)?,
                }
            }
        }
    };
    map_deserialize_impl(
        ident,
        &expecting,
        quote! {
            #read_loop
            #absent_binding
            ::std::result::Result::Ok(#ident {
                #(#inits)*
                #absent_init
            })
        },
    )
}

/// `Deserialize` for a type read from a JSON object: `visit_map_body` reads it from `__map`
/// (an `__A: MapAccess`) and returns `Result<#ident, __A::Error>`.
pub fn map_deserialize_impl(
    ident: &proc_macro2::Ident,
    expecting: &str,
    visit_map_body: TokenStream,
) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = #ident;
                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(self, mut __map: __A) -> ::std::result::Result<#ident, __A::Error> {
                        #visit_map_body
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}
