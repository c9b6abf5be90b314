//! String enums and int enums: `#[non_exhaustive]`, with an `Unknown` variant that keeps a
//! value this version does not list, so a newer service never breaks an older client.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::deprecation_note;
use super::{Context, doc_attrs};
use crate::ir::{Shape, ShapeKind};

pub fn emit(cx: &Context, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::Enum(_) => string_enum(cx, shape),
        ShapeKind::IntEnum(_) => int_enum(cx, shape),
        _ => TokenStream::new(),
    }
}

fn type_docs(cx: &Context, shape: &Shape) -> TokenStream {
    let mut notes = Vec::new();
    if let Some(note) = &cx.names.type_name(&shape.name).note {
        notes.push(format!("Model name `{}`; {note}.", shape.name));
    }
    notes.extend(deprecation_note(shape.deprecated.as_ref()));
    doc_attrs(shape.docs.as_deref(), &notes)
}

/// `Debug` is derived unless the enum is `@sensitive`.
fn debug(shape: &Shape, ident: &proc_macro2::Ident) -> (TokenStream, TokenStream) {
    if shape.sensitive {
        let debug_impl = quote! {
            impl ::std::fmt::Debug for #ident {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(::awsgen_runtime::REDACTED)
                }
            }
        };
        (TokenStream::new(), debug_impl)
    } else {
        (quote!(::std::fmt::Debug,), TokenStream::new())
    }
}

fn string_enum(cx: &Context, shape: &Shape) -> TokenStream {
    let ShapeKind::Enum(values) = &shape.kind else {
        return TokenStream::new();
    };
    let ident = cx.names.type_name(&shape.name).ident();
    let docs = type_docs(cx, shape);
    let (derive_debug, debug_impl) = debug(shape, &ident);
    let wires: Vec<&String> = values.iter().map(|v| &v.value).collect();
    let variants: Vec<_> = values
        .iter()
        .map(|v| cx.names.value(&shape.name, &v.value))
        .collect();
    let idents: Vec<_> = variants.iter().map(|v| v.ident()).collect();
    let declarations = values.iter().zip(&variants).map(|(value, variant)| {
        let wire = if value.value.is_empty() {
            "The empty string.".to_owned()
        } else {
            super::docs::code_span(&value.value)
        };
        let mut notes = vec![wire];
        if let Some(note) = &variant.note {
            notes.push(format!("Renamed: {note}."));
        }
        let docs = doc_attrs(value.docs.as_deref(), &notes);
        let ident = variant.ident();
        quote!(#docs #ident,)
    });
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, #derive_debug)]
        #[non_exhaustive]
        pub enum #ident {
            #(#declarations)*
            /// A value this version of the crate does not know, kept as received.
            Unknown(::awsgen_runtime::UnknownVariant),
        }

        impl #ident {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#wires),*];

            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #wires,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }
        }

        impl ::std::convert::From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #(#wires => Self::#idents,)*
                    other => Self::Unknown(::awsgen_runtime::UnknownVariant::new(other)),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #ident {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #ident {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #ident {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #ident {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #debug_impl

        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                ::awsgen_runtime::de::string_enum(deserializer)
            }
        }

        impl ::awsgen_runtime::ZeroValue for #ident {
            fn zero_value() -> Self {
                Self::Unknown(::awsgen_runtime::UnknownVariant::new(""))
            }
            fn is_zero_value(&self) -> bool {
                matches!(self, Self::Unknown(value) if value.as_str().is_empty())
            }
        }
    }
}

fn int_enum(cx: &Context, shape: &Shape) -> TokenStream {
    let ShapeKind::IntEnum(values) = &shape.kind else {
        return TokenStream::new();
    };
    let ident = cx.names.type_name(&shape.name).ident();
    let docs = type_docs(cx, shape);
    let (derive_debug, debug_impl) = debug(shape, &ident);
    let numbers: Vec<i32> = values.iter().map(|v| v.value).collect();
    let idents: Vec<_> = values
        .iter()
        .map(|v| cx.names.value(&shape.name, &v.value.to_string()).ident())
        .collect();
    let declarations = values.iter().zip(&idents).map(|(value, ident)| {
        let docs = doc_attrs(
            value.docs.as_deref(),
            &[format!("`{}` (`{}`)", value.value, value.name)],
        );
        quote!(#docs #ident,)
    });
    quote! {
        #docs
        #[derive(::std::clone::Clone, ::std::marker::Copy, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::cmp::PartialOrd, ::std::cmp::Ord, ::std::hash::Hash, #derive_debug)]
        #[non_exhaustive]
        pub enum #ident {
            #(#declarations)*
            /// A value this version of the crate does not know, kept as received.
            Unknown(i32),
        }

        impl #ident {
            /// Every value the model lists, in model order.
            pub const VALUES: &'static [i32] = &[#(#numbers),*];

            /// The value on the wire.
            pub fn as_i32(&self) -> i32 {
                match self {
                    #(Self::#idents => #numbers,)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #ident {
            fn from(value: i32) -> Self {
                match value {
                    #(#numbers => Self::#idents,)*
                    other => Self::Unknown(other),
                }
            }
        }

        #debug_impl

        impl ::serde::Serialize for #ident {
            fn serialize<__S: ::serde::Serializer>(&self, serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_i32(self.as_i32())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #ident {
            fn deserialize<__D: ::serde::Deserializer<'de>>(deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
                <i32 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)
            }
        }

        impl ::awsgen_runtime::ZeroValue for #ident {
            fn zero_value() -> Self {
                Self::from(0)
            }
            fn is_zero_value(&self) -> bool {
                self.as_i32() == 0
            }
        }
    }
}
