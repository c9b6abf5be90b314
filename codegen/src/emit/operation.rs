//! The `operations` module of a service: a marker type per operation carrying its wire
//! target, flags and input/output types, its error enum and paginator, the service trait,
//! and `visit_operations` to walk them all.

use proc_macro2::TokenStream;
use quote::quote;

use super::schema::{http_ident, schema_path};
use super::structure::{deprecation_note, fields};
use super::{Context, doc_attrs, operation_error, paginator, service_trait, waiter};
use crate::ir::{HttpBinding, Operation, ShapeKind};

pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let markers = service.operations.iter().map(|operation| {
        let ident = cx.names.operation(&operation.name).ident();
        let name = &operation.name;
        let target = format!("{}.{}", service.target_prefix, operation.name);
        let (input, output) = cx.io_types(operation);
        let readonly = operation.readonly;
        let idempotent = operation.idempotent;
        let error_ident = cx.names.operation_error(&operation.name).ident();
        let error_enum = operation_error::emit(cx, operation);
        let paginated = paginator::emit(cx, operation);
        let fill_tokens = fill_idempotency_token(cx, operation);
        let protocol = cx.protocol();
        let has_input = operation.modeled_input;
        let query_compatible = cx.service.query_compatible;
        let gzip_request = operation.gzip_request;
        let checksum = operation
            .checksum_required
            .then(|| quote!(const CHECKSUM_REQUIRED: bool = true;));
        let unsigned = operation
            .unsigned
            .then(|| quote!(const UNSIGNED: bool = true;));
        let event_stream = has_event_stream(cx, operation)
            .then(|| quote!(const EVENT_STREAM: bool = true;));
        let error_in_200 = error_in_200(cx, operation)
            .then(|| quote!(const ERROR_IN_200: bool = true;));
        let host_prefix = operation.host_prefix.as_ref().map(|prefix| {
            quote!(const HOST_PREFIX: ::std::option::Option<&'static str> = ::std::option::Option::Some(#prefix);)
        });
        let http = http_consts(cx, operation);
        let streams = stream_hooks(cx, operation);
        let endpoint_params = endpoint_params(cx, operation);
        let http_checksum = http_checksum(cx, operation);
        let notes: Vec<String> = deprecation_note(operation.deprecated.as_ref()).into_iter().collect();
        let docs = doc_attrs(operation.docs.as_deref(), &notes);
        quote! {
            #docs
            #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::marker::Copy, ::std::default::Default)]
            pub struct #ident;

            impl ::awsgen_runtime::Operation for #ident {
                type Input = #input;
                type Output = #output;
                type Error = #error_ident;
                const NAME: &'static str = #name;
                const PROTOCOL: ::awsgen_runtime::protocol::Protocol = #protocol;
                const HAS_INPUT: bool = #has_input;
                const QUERY_COMPATIBLE: bool = #query_compatible;
                const GZIP_REQUEST: bool = #gzip_request;
                const TARGET: &'static str = #target;
                const READONLY: bool = #readonly;
                const IDEMPOTENT: bool = #idempotent;
                #http
                #checksum
                #unsigned
                #event_stream
                #error_in_200
                #http_checksum
                #host_prefix
                #fill_tokens
                #streams
                #endpoint_params
            }

            #paginated

            #error_enum
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
    let service_trait = service_trait::emit(cx);
    let waiters = waiter::statics(cx);
    quote! {
        #(#markers)*

        #service_trait

        #waiters

        #[doc = #doc]
        pub fn visit_operations<__V: ::awsgen_runtime::OperationVisitor>(visitor: &mut __V) {
            #(#visits)*
        }
    }
}

/// `Operation::fill_idempotency_token` for an input with `@idempotencyToken` string
/// members: an absent or empty token is replaced, one the caller chose is kept.
fn fill_idempotency_token(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    let input = &cx.service.shapes[operation.input.as_deref()?];
    let fills: Vec<TokenStream> = fields(cx, input)
        .iter()
        .filter(|f| f.fillable_token)
        .map(|field| {
            let name = field.names.field.ident();
            if field.member.required {
                quote! {
                    if input.#name.is_empty() {
                        input.#name = token();
                    }
                }
            } else {
                quote! {
                    if input.#name.as_deref().is_none_or(str::is_empty) {
                        input.#name = ::std::option::Option::Some(token());
                    }
                }
            }
        })
        .collect();
    if fills.is_empty() {
        return None;
    }
    let input_type = cx.type_path(&input.name);
    Some(quote! {
        const HAS_IDEMPOTENCY_TOKEN: bool = true;

        fn fill_idempotency_token(input: &mut #input_type, token: &mut dyn ::std::ops::FnMut() -> ::std::string::String) {
            #(#fills)*
        }
    })
}

/// The `Operation` hooks of a streaming blob payload (`take_input_stream`, ...), through
/// which the client sends and receives it as the HTTP body in chunks. Only the HTTP-bound
/// protocols have payloads.
fn stream_hooks(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    if !cx.service.protocol.has_schemas() {
        return None;
    }
    let streaming_payload = |shape: Option<&str>| {
        let shape = &cx.service.shapes[shape?];
        fields(cx, shape).into_iter().find(|field| {
            field.member.bindings.http == HttpBinding::Payload
                && cx.service.is_byte_stream(field.member)
        })
    };
    let mut hooks = Vec::new();
    if let Some(field) = streaming_payload(operation.input.as_deref()) {
        let name = field.names.field.ident();
        let input_type = cx.type_path(operation.input.as_deref()?);
        let take = if field.member.required {
            quote!(::std::option::Option::Some(::std::mem::take(&mut input.#name)))
        } else {
            quote!(input.#name.take())
        };
        if cx.service.target(field.member).bindings.requires_length {
            hooks.push(quote!(
                const REQUIRES_LENGTH: bool = true;
            ));
        }
        hooks.push(quote! {
            fn take_input_stream(input: &mut #input_type) -> ::std::option::Option<::awsgen_runtime::ByteStream> {
                #take
            }
        });
    }
    if let Some(field) = streaming_payload(operation.output.as_deref()) {
        let name = field.names.field.ident();
        let output_type = cx.type_path(operation.output.as_deref()?);
        let (take, set) = if field.member.required {
            (
                quote!(::std::option::Option::Some(::std::mem::take(&mut output.#name))),
                quote!(output.#name = body;),
            )
        } else {
            (
                quote!(output.#name.take()),
                quote!(output.#name = ::std::option::Option::Some(body);),
            )
        };
        hooks.push(quote! {
            const STREAMING_OUTPUT: bool = true;

            fn take_output_stream(output: &mut #output_type) -> ::std::option::Option<::awsgen_runtime::ByteStream> {
                #take
            }

            fn set_output_stream(output: &mut #output_type, body: ::awsgen_runtime::ByteStream) {
                #set
            }
        });
    }
    (!hooks.is_empty()).then(|| quote!(#(#hooks)*))
}

/// `HTTP`, `INPUT_SCHEMA` and `OUTPUT_SCHEMA` of an HTTP-bound protocol's operation, from the
/// `schemas` module.
fn http_consts(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    if !cx.service.protocol.has_schemas() {
        return None;
    }
    let api_version = &cx.service.api_version;
    let module = &cx.module;
    let http = http_ident(&operation.name);
    let input = schema_path(cx, operation.input.as_deref());
    let output = schema_path(cx, operation.output.as_deref());
    let is_query = matches!(
        cx.service.protocol,
        crate::ir::Protocol::AwsQuery | crate::ir::Protocol::Ec2Query
    );
    // The root of every query response; the other protocols have their own on each shape.
    let namespace = cx
        .service
        .xml_namespace
        .as_ref()
        .filter(|_| is_query)
        .map(|namespace| {
            let uri = &namespace.uri;
            quote!(const XML_NAMESPACE: ::std::option::Option<&'static str> = ::std::option::Option::Some(#uri);)
        });
    Some(quote! {
        const API_VERSION: &'static str = #api_version;
        #namespace
        const HTTP: &'static ::awsgen_runtime::schema::Http = &crate::#module::schemas::#http;
        const INPUT_SCHEMA: &'static ::awsgen_runtime::schema::Shape = &#input;
        const OUTPUT_SCHEMA: &'static ::awsgen_runtime::schema::Shape = &#output;
    })
}

/// `Operation::endpoint_params`: the operation's static endpoint parameters and its input's
/// `@contextParam` members (strings, enums and booleans; an absent member sets nothing).
/// For S3, also `BUCKET_IN_ENDPOINT` where the URI template starts with `/{Bucket}`.
fn endpoint_params(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    let mut sets = Vec::new();
    for (name, value) in &operation.static_context_params {
        let value = match value {
            serde_json::Value::Bool(flag) => quote!(#flag),
            serde_json::Value::String(text) => quote!(::std::string::String::from(#text)),
            _ => continue,
        };
        sets.push(quote!(params.set(#name, #value);));
    }
    let input = operation
        .input
        .as_deref()
        .map(|name| &cx.service.shapes[name]);
    let statics = sets.len();
    for field in input.map(|shape| fields(cx, shape)).unwrap_or_default() {
        let Some(param) = &field.member.bindings.context_param else {
            continue;
        };
        let ident = field.names.field.ident();
        let value = match &cx.service.target(field.member).kind {
            ShapeKind::Boolean => quote!(*value),
            ShapeKind::String => quote!(value.clone()),
            ShapeKind::Enum(_) => quote!(::std::string::String::from(value.as_str())),
            _ => continue,
        };
        sets.push(if field.member.required {
            quote!(params.set(#param, { let value = &input.#ident; #value });)
        } else {
            quote!(if let ::std::option::Option::Some(value) = &input.#ident { params.set(#param, #value); })
        });
    }
    if sets.is_empty() {
        return None;
    }
    let bucket_in_endpoint = cx.service.service_id == "S3"
        && operation.http.as_ref().is_some_and(|http| {
            http.uri.segments.first().is_some_and(|segment| {
                matches!(segment, crate::ir::bindings::Segment::Label { name, greedy: false } if name == "Bucket")
            })
        });
    let bucket = bucket_in_endpoint.then(|| {
        quote!(
            const BUCKET_IN_ENDPOINT: bool = true;
        )
    });
    let input_type = cx.io_types(operation).0;
    let used = if sets.len() > statics {
        quote!(input)
    } else {
        quote!(_input)
    };
    Some(quote! {
        const HAS_ENDPOINT_PARAMS: bool = true;
        #bucket

        fn endpoint_params(#used: &#input_type, params: &mut ::awsgen_runtime::endpoint::Params) {
            #(#sets)*
        }
    })
}

/// `Operation::HTTP_CHECKSUM`: whether the service requires a checksum, and the header of
/// the input member that names the algorithm.
fn http_checksum(cx: &Context, operation: &Operation) -> Option<TokenStream> {
    let checksum = operation.http_checksum.as_ref()?;
    let required = checksum.request_checksum_required;
    // The header an input member is bound to, as an `Option<&str>` expression.
    let header_of = |member: Option<&String>| {
        let header = member.and_then(|name| {
            let input = &cx.service.shapes[operation.input.as_deref()?];
            let ShapeKind::Structure(members) = &input.kind else {
                return None;
            };
            match &members.iter().find(|m| &m.name == name)?.bindings.http {
                HttpBinding::Header(header) => Some(header.to_ascii_lowercase()),
                _ => None,
            }
        });
        match header {
            Some(header) => quote!(::std::option::Option::Some(#header)),
            None => quote!(::std::option::Option::None),
        }
    };
    let header = header_of(checksum.request_algorithm_member.as_ref());
    let mode_header = header_of(checksum.request_validation_mode_member.as_ref());
    let response_algorithms = &checksum.response_algorithms;
    Some(quote! {
        const HTTP_CHECKSUM: ::std::option::Option<::awsgen_runtime::schema::HttpChecksum> =
            ::std::option::Option::Some(::awsgen_runtime::schema::HttpChecksum {
                required: #required,
                algorithm_header: #header,
                validation_mode_header: #mode_header,
                response_algorithms: &[#(#response_algorithms),*],
            });
    })
}

/// S3's "200 with an error" applies (see `Operation::ERROR_IN_200`): the service is S3 and
/// the output is a document, as botocore decides it. A blob or string payload, or an event
/// stream, cannot be told apart from an error document.
fn error_in_200(cx: &Context, operation: &Operation) -> bool {
    let Some(output) = operation
        .output
        .as_deref()
        .map(|name| &cx.service.shapes[name])
    else {
        return false;
    };
    let ShapeKind::Structure(members) = &output.kind else {
        return false;
    };
    let raw_payload = members.iter().any(|m| {
        m.bindings.http == HttpBinding::Payload
            && matches!(
                cx.service.target(m).kind,
                ShapeKind::Blob | ShapeKind::String
            )
    });
    cx.service.service_id == "S3" && !raw_payload && !has_event_stream(cx, operation)
}

/// Whether the operation's input or output has a member targeting an event stream (a
/// `@streaming` union; botocore's `eventstream` structure).
fn has_event_stream(cx: &Context, operation: &Operation) -> bool {
    operation
        .input
        .iter()
        .chain(&operation.output)
        .filter_map(|name| cx.service.shapes.get(name))
        .any(|shape| match &shape.kind {
            ShapeKind::Structure(members) => members.iter().any(|m| {
                let target = cx.service.target(m);
                target.bindings.streaming
                    && matches!(target.kind, ShapeKind::Union(_) | ShapeKind::Structure(_))
            }),
            _ => false,
        })
}
