//! The `schemas` module of an HTTP-bound service (restJson1): a static
//! `awsgen_runtime::schema::Shape` for each structure, union, list and map its operations
//! reach, and each operation's `@http` trait. The runtime's protocol codecs read them to
//! bind members to the URI, query, headers, status and payload; scalars point at the
//! runtime's shared statics.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::Context;
use crate::ir::{HttpBinding, Member, Segment, ShapeKind, TimestampFormat, XmlNamespace};

/// The path of a shape's schema: its static in the `schemas` module, or the runtime's
/// static for a scalar (or the empty structure for none).
pub fn schema_path(cx: &Context, shape: Option<&str>) -> TokenStream {
    let scalar = |name: &str| {
        let ident = Ident::new(name, Span::call_site());
        quote!(::awsgen_runtime::schema::#ident)
    };
    let Some(shape) = shape else {
        return scalar("UNIT");
    };
    if let Some(ident) = cx.names.schema_static(shape) {
        let module = &cx.module;
        return quote!(crate::#module::schemas::#ident);
    }
    match cx.service.shapes.get(shape).map(|s| &s.kind) {
        Some(ShapeKind::Blob) => scalar("BLOB"),
        Some(ShapeKind::Boolean) => scalar("BOOLEAN"),
        Some(
            ShapeKind::Byte
            | ShapeKind::Short
            | ShapeKind::Integer
            | ShapeKind::Long
            | ShapeKind::IntEnum(_),
        ) => scalar("INTEGER"),
        Some(ShapeKind::Float | ShapeKind::Double) => scalar("FLOAT"),
        Some(ShapeKind::BigInteger | ShapeKind::BigDecimal) => scalar("BIG_NUMBER"),
        Some(ShapeKind::Timestamp(_)) => scalar("TIMESTAMP"),
        Some(ShapeKind::Document) => scalar("DOCUMENT"),
        Some(ShapeKind::String | ShapeKind::Enum(_)) => scalar("STRING"),
        _ => scalar("UNIT"),
    }
}

/// The `schemas` module: every static, then every operation's `HTTP_<Operation>`.
pub fn emit(cx: &Context) -> TokenStream {
    let shapes = cx.names.schema_statics().filter_map(|(shape_name, ident)| {
        let shape = &cx.service.shapes[shape_name];
        let kind = match &shape.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                let members = members.iter().map(|m| member(cx, m, m.wire_name.as_str()));
                let variant = if matches!(shape.kind, ShapeKind::Union(_)) {
                    quote!(Union)
                } else {
                    quote!(Structure)
                };
                quote!(::awsgen_runtime::schema::Kind::#variant(&[#(#members),*]))
            }
            ShapeKind::List { member: item, .. } => {
                let item = member(cx, item, "");
                quote!(::awsgen_runtime::schema::Kind::List(&#item))
            }
            ShapeKind::Map { key, value, .. } => {
                let key = member(cx, key, "");
                let value = member(cx, value, "");
                quote!(::awsgen_runtime::schema::Kind::Map { key: &#key, value: &#value })
            }
            // `reachable_aggregates` keeps aggregates only.
            _ => return None,
        };
        let mut value = quote!(::awsgen_runtime::schema::Shape::new(#shape_name, #kind));
        if let Some(name) = &shape.bindings.xml_name {
            value.extend(quote!(.xml_name(#name)));
        }
        if let Some(namespace) = &shape.bindings.xml_namespace {
            value.extend(namespace_call(namespace));
        }
        Some(quote! {
            pub static #ident: ::awsgen_runtime::schema::Shape = #value;
        })
    });
    let operations = cx.service.operations.iter().map(|operation| {
        let ident = http_ident(&operation.name);
        let http = operation.http.as_ref();
        let method = http.map_or("POST", |h| h.method.as_str());
        let code = http.and_then(|h| h.code).unwrap_or(200);
        let segments = http.into_iter().flat_map(|h| &h.uri.segments).map(|s| match s {
            Segment::Literal(text) => quote!(::awsgen_runtime::schema::Segment::Literal(#text)),
            Segment::Label { name, greedy } => {
                quote!(::awsgen_runtime::schema::Segment::Label { name: #name, greedy: #greedy })
            }
        });
        let query = http
            .into_iter()
            .flat_map(|h| &h.uri.query)
            .map(|(name, value)| {
                let value = match value {
                    Some(value) => quote!(::std::option::Option::Some(#value)),
                    None => quote!(::std::option::Option::None),
                };
                quote!((#name, #value))
            });
        let trailing_slash = http.is_some_and(|h| h.uri.trailing_slash);
        let xml_root = match &operation.input_xml_name {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        };
        let xml_namespace = match &operation.input_xml_namespace {
            Some(namespace) => {
                let uri = &namespace.uri;
                let prefix = match &namespace.prefix {
                    Some(prefix) => quote!(::std::option::Option::Some(#prefix)),
                    None => quote!(::std::option::Option::None),
                };
                quote!(::std::option::Option::Some(::awsgen_runtime::schema::XmlNamespace { uri: #uri, prefix: #prefix }))
            }
            None => quote!(::std::option::Option::None),
        };
        let doc = format!(" The `@http` trait of `{}`.", operation.name);
        quote! {
            #[doc = #doc]
            pub static #ident: ::awsgen_runtime::schema::Http = ::awsgen_runtime::schema::Http {
                method: #method,
                path: &[#(#segments),*],
                query: &[#(#query),*],
                trailing_slash: #trailing_slash,
                code: #code,
                xml_root: #xml_root,
                xml_namespace: #xml_namespace,
            };
        }
    });
    let routes = cx.service.operations.iter().map(|operation| {
        let name = &operation.name;
        let http = http_ident(name);
        quote!((#name, &#http))
    });
    quote! {
        //! Schemas of the shapes the operations reach and the operations' `@http` traits,
        //! for the protocol codecs of `awsgen_runtime::protocol`.
        #(#shapes)*
        #(#operations)*

        /// Every operation with its `@http` trait, for the server's router.
        pub static ROUTES: &[(&str, &::awsgen_runtime::schema::Http)] = &[#(#routes),*];
    }
}

/// The static of an operation's `@http` trait.
pub fn http_ident(operation: &str) -> Ident {
    let name: String = operation
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    Ident::new(&format!("HTTP_{name}"), Span::call_site())
}

/// `.xml_namespace(uri, prefix)`.
fn namespace_call(namespace: &XmlNamespace) -> TokenStream {
    let uri = &namespace.uri;
    let prefix = match &namespace.prefix {
        Some(prefix) => quote!(::std::option::Option::Some(#prefix)),
        None => quote!(::std::option::Option::None),
    };
    quote!(.xml_namespace(#uri, #prefix))
}

/// A member's `Member::new(name, target)` with its binding, format, XML and query names and
/// flags. `name` is its key in the serde form (empty for list items and map entries).
fn member(cx: &Context, member: &Member, name: &str) -> TokenStream {
    let target = schema_path(cx, Some(&member.target));
    let mut out = quote!(::awsgen_runtime::schema::Member::new(#name, &#target));
    let bindings = &member.bindings;
    // The element name: `xmlName`, else (botocore) the body member's `locationName`, which is
    // already its serde key, else the model's member name.
    // An explicit name is kept even where it equals the key: a payload's root element is the
    // member's explicit name, else its target's.
    let element = bindings.xml_name.as_deref().unwrap_or(&member.name);
    let explicit = match bindings.http {
        // botocore names every payload member (`locationName`): only a name of its own
        // counts, which then wins over the target's shape name.
        HttpBinding::Payload => element != member.name,
        _ => bindings.xml_name.is_some(),
    };
    if explicit || (!name.is_empty() && element != name) {
        out.extend(quote!(.xml_name(#element)));
    }
    if bindings.xml_attribute {
        out.extend(quote!(.xml_attribute()));
    }
    let target_shape = cx.service.target(member);
    if bindings.xml_flattened || target_shape.bindings.xml_flattened {
        out.extend(quote!(.flattened()));
    }
    if let Some(namespace) = &bindings.xml_namespace {
        out.extend(namespace_call(namespace));
    }
    if let Some(query_name) = &bindings.query_name {
        out.extend(quote!(.query_name(#query_name)));
    }
    let binding = match &member.bindings.http {
        HttpBinding::Body => None,
        HttpBinding::Header(name) => Some(quote!(Header(#name))),
        HttpBinding::PrefixHeaders(prefix) => Some(quote!(PrefixHeaders(#prefix))),
        HttpBinding::Label(name) => Some(quote!(Label(#name))),
        HttpBinding::Query(name) => Some(quote!(Query(#name))),
        HttpBinding::QueryParams => Some(quote!(QueryParams)),
        HttpBinding::Payload => Some(quote!(Payload)),
        HttpBinding::ResponseCode => Some(quote!(ResponseCode)),
    };
    if let Some(binding) = binding {
        out.extend(quote!(.bound(::awsgen_runtime::schema::Binding::#binding)));
        let target_is_time = |m: &Member| {
            matches!(
                cx.service.shapes.get(&m.target).map(|s| &s.kind),
                Some(ShapeKind::Timestamp(_))
            )
        };
        let times = target_is_time(member)
            || matches!(&cx.service.target(member).kind, ShapeKind::List { member: item, .. } if target_is_time(item));
        let default = member.bindings.http.default_timestamp_format();
        let format = cx.service.bound_timestamp_format(member);
        if times && Some(format) != default {
            let format = match format {
                TimestampFormat::EpochSeconds => quote!(EpochSeconds),
                TimestampFormat::DateTime => quote!(DateTime),
                TimestampFormat::HttpDate => quote!(HttpDate),
            };
            out.extend(quote!(.format(::awsgen_runtime::schema::TimestampFormat::#format)));
        }
    }
    if member.bindings.json_value {
        out.extend(quote!(.json_value()));
    }
    out
}
