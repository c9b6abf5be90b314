//! How a member's target becomes a Rust type, and which wire codec carries it.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use crate::ir::{Member, Shape, ShapeKind, TimestampFormat};

/// The Rust type of a member's value (without the `Option` of an optional member).
pub fn value_type(cx: &Context, member: &Member) -> TokenStream {
    let inner = unboxed_type(cx, member);
    if member.boxed {
        quote!(::std::boxed::Box<#inner>)
    } else {
        inner
    }
}

/// The Rust type of a member's value, ignoring boxing.
pub fn unboxed_type(cx: &Context, member: &Member) -> TokenStream {
    if cx.service.is_byte_stream(member) {
        return quote!(::awsgen_runtime::ByteStream);
    }
    target_type(cx, cx.service.target(member))
}

fn target_type(cx: &Context, shape: &Shape) -> TokenStream {
    match &shape.kind {
        ShapeKind::Blob => quote!(::std::vec::Vec<u8>),
        ShapeKind::Boolean => quote!(bool),
        ShapeKind::String => quote!(::std::string::String),
        ShapeKind::Byte => quote!(i8),
        ShapeKind::Short => quote!(i16),
        ShapeKind::Integer => quote!(i32),
        ShapeKind::Long => quote!(i64),
        ShapeKind::Float => quote!(f32),
        ShapeKind::Double => quote!(f64),
        ShapeKind::BigInteger | ShapeKind::BigDecimal => quote!(::awsgen_runtime::BigNumber),
        ShapeKind::Timestamp(_) => quote!(::awsgen_runtime::Timestamp),
        ShapeKind::Document => quote!(::serde_json::Value),
        ShapeKind::Unit => quote!(::awsgen_runtime::Unit),
        ShapeKind::Enum(_)
        | ShapeKind::IntEnum(_)
        | ShapeKind::Structure(_)
        | ShapeKind::Union(_) => cx.type_path(&shape.name),
        ShapeKind::List { member, sparse } => {
            let item = value_type(cx, member);
            if *sparse {
                quote!(::std::vec::Vec<::std::option::Option<#item>>)
            } else {
                quote!(::std::vec::Vec<#item>)
            }
        }
        ShapeKind::Map { key, value, sparse } => {
            let key = value_type(cx, key);
            let value = value_type(cx, value);
            if *sparse {
                quote!(::std::collections::BTreeMap<#key, ::std::option::Option<#value>>)
            } else {
                quote!(::std::collections::BTreeMap<#key, #value>)
            }
        }
    }
}

/// The codec (see `awsgen_runtime::codec`) that reads and writes a member's value.
pub fn codec(cx: &Context, member: &Member) -> TokenStream {
    let shape = cx.service.target(member);
    match &shape.kind {
        ShapeKind::Blob => quote!(::awsgen_runtime::codec::Base64),
        ShapeKind::Float | ShapeKind::Double => quote!(::awsgen_runtime::codec::Float),
        ShapeKind::Timestamp(_) => match cx.service.timestamp_format(member) {
            TimestampFormat::EpochSeconds => quote!(::awsgen_runtime::codec::EpochSeconds),
            TimestampFormat::DateTime => quote!(::awsgen_runtime::codec::DateTime),
            TimestampFormat::HttpDate => quote!(::awsgen_runtime::codec::HttpDate),
        },
        ShapeKind::List { member, sparse } => {
            let item = codec(cx, member);
            if *sparse {
                quote!(::awsgen_runtime::codec::SparseList<#item>)
            } else {
                quote!(::awsgen_runtime::codec::DenseList<#item>)
            }
        }
        ShapeKind::Map { value, sparse, .. } => {
            let value = codec(cx, value);
            if *sparse {
                quote!(::awsgen_runtime::codec::SparseMap<#value>)
            } else {
                quote!(::awsgen_runtime::codec::DenseMap<#value>)
            }
        }
        _ => quote!(::awsgen_runtime::codec::Plain),
    }
}

/// Whether `Debug` must hide a member's value: its target is `@sensitive`, or a list or map
/// of sensitive values. Structures and unions redact their own sensitive parts.
pub fn is_sensitive(cx: &Context, member: &Member) -> bool {
    let shape = cx.service.target(member);
    shape.sensitive
        || match &shape.kind {
            ShapeKind::List { member, .. } => is_sensitive(cx, member),
            ShapeKind::Map { key, value, .. } => is_sensitive(cx, key) || is_sensitive(cx, value),
            _ => false,
        }
}

/// The Rust type of a number shape.
pub fn scalar_type(kind: &ShapeKind) -> TokenStream {
    match kind {
        ShapeKind::Byte => quote!(i8),
        ShapeKind::Short => quote!(i16),
        ShapeKind::Integer => quote!(i32),
        ShapeKind::Long => quote!(i64),
        ShapeKind::Float => quote!(f32),
        _ => quote!(f64),
    }
}
