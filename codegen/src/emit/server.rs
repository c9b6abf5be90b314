//! The `server` module of a service (cargo feature `server`): a `Dispatcher` that routes
//! operation names (an awsJson target, a CBOR path, an `@http` route, a query form's
//! `Action`) to any implementation of the service trait, and the service's own
//! `ValidationException` for requests that fail strict validation.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use crate::ir::{Member, Protocol, Service, Shape, ShapeKind};

pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let module = &cx.module;
    let service_trait = cx.names.service_trait().ident();
    let protocol = cx.protocol();
    let target_prefix = &service.target_prefix;
    let arms = service.operations.iter().map(|operation| {
        let name = &operation.name;
        let marker = cx.names.operation(name).ident();
        let method = cx.names.call_method(name).ident();
        quote! {
            #name => ::std::boxed::Box::pin(::awsgen_runtime::protocol::server::handle::<crate::#module::operations::#marker, _, _>(
                body,
                validation_failed,
                move |input| async move { service.#method(input).await },
            )),
        }
    });
    let validation_failed = validation_failed(cx);
    let query = matches!(service.protocol, Protocol::AwsQuery | Protocol::Ec2Query);
    let routed = if query {
        Some(query_dispatch(cx))
    } else {
        service
            .protocol
            .has_http_bindings()
            .then(|| rest_dispatch(cx))
    };
    let dispatch_body = if routed.is_some() {
        // An HTTP-bound service is reached by its routes only, a query service by its form.
        quote! {
            let _ = (operation, body);
            ::std::option::Option::None
        }
    } else {
        quote! {
            let service = ::std::sync::Arc::clone(&self.service);
            ::std::option::Option::Some(match operation {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }
    };
    let request = if query {
        "`Action=<Operation>`".to_owned()
    } else {
        format!("`{target_prefix}.<Operation>`")
    };
    let dispatcher_doc = format!(
        " Serves an implementation of [`{service_trait}`]: routes each {request} request to \
         its method after reading the input and validating it strictly, and writes the output \
         or error. Put it behind HTTP with `awsgen_runtime::server::Server`."
    );
    quote! {
        use crate::#module::operations::#service_trait;

        #[doc = #dispatcher_doc]
        #[derive(::std::fmt::Debug)]
        pub struct Dispatcher<__S> {
            service: ::std::sync::Arc<__S>,
        }

        impl<__S> ::std::clone::Clone for Dispatcher<__S> {
            fn clone(&self) -> Self {
                Dispatcher { service: ::std::sync::Arc::clone(&self.service) }
            }
        }

        impl<__S: #service_trait + 'static> Dispatcher<__S> {
            /// Serves `service`.
            pub fn new(service: __S) -> Self {
                Self::from_arc(::std::sync::Arc::new(service))
            }

            /// Serves a service the caller keeps a handle on (to look at its state in
            /// tests, say).
            pub fn from_arc(service: ::std::sync::Arc<__S>) -> Self {
                Dispatcher { service }
            }

            /// The served implementation.
            pub fn service(&self) -> &::std::sync::Arc<__S> {
                &self.service
            }
        }

        impl<__S: #service_trait + 'static> ::awsgen_runtime::protocol::server::Dispatch for Dispatcher<__S> {
            fn target_prefix(&self) -> &'static str {
                #target_prefix
            }

            fn protocol(&self) -> ::awsgen_runtime::protocol::Protocol {
                #protocol
            }

            fn dispatch(
                &self,
                operation: &str,
                body: ::std::vec::Vec<u8>,
            ) -> ::std::option::Option<::awsgen_runtime::protocol::server::BoxFuture<'static, ::awsgen_runtime::protocol::server::Reply>> {
                #dispatch_body
            }

            #routed
        }

        #validation_failed
    }
}

/// `api_version` and `dispatch_query` of an awsQuery or ec2Query service's dispatcher.
fn query_dispatch(cx: &Context) -> TokenStream {
    let module = &cx.module;
    let api_version = &cx.service.api_version;
    let arms = cx.service.operations.iter().map(|operation| {
        let name = &operation.name;
        let marker = cx.names.operation(name).ident();
        let method = cx.names.call_method(name).ident();
        quote! {
            #name => ::std::boxed::Box::pin(::awsgen_runtime::protocol::server::handle_query::<crate::#module::operations::#marker, _, _>(
                request,
                validation_failed,
                move |input| async move { service.#method(input).await },
            )),
        }
    });
    quote! {
        fn api_version(&self) -> &'static str {
            #api_version
        }

        fn dispatch_query(
            &self,
            action: &str,
            request: ::awsgen_runtime::protocol::server::QueryRequest,
        ) -> ::std::option::Option<::awsgen_runtime::protocol::server::BoxFuture<'static, ::awsgen_runtime::protocol::server::Reply>> {
            let service = ::std::sync::Arc::clone(&self.service);
            ::std::option::Option::Some(match action {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }
    }
}

/// `routes` and `dispatch_rest` of an HTTP-bound service's dispatcher, and
/// `request_compression` where an operation takes gzip requests.
fn rest_dispatch(cx: &Context) -> TokenStream {
    let module = &cx.module;
    let arms = cx.service.operations.iter().map(|operation| {
        let name = &operation.name;
        let marker = cx.names.operation(name).ident();
        let method = cx.names.call_method(name).ident();
        quote! {
            #name => ::std::boxed::Box::pin(::awsgen_runtime::protocol::server::handle_rest::<crate::#module::operations::#marker, _, _>(
                request,
                validation_failed,
                move |input| async move { service.#method(input).await },
            )),
        }
    });
    let compressed: Vec<&str> = cx
        .service
        .operations
        .iter()
        .filter(|operation| operation.gzip_request)
        .map(|operation| operation.name.as_str())
        .collect();
    let request_compression = (!compressed.is_empty()).then(|| {
        quote! {
            fn request_compression(&self, operation: &str) -> bool {
                ::std::matches!(operation, #(#compressed)|*)
            }
        }
    });
    quote! {
        fn routes(&self) -> &'static [(&'static str, &'static ::awsgen_runtime::schema::Http)] {
            crate::#module::schemas::ROUTES
        }

        #request_compression

        fn dispatch_rest(
            &self,
            operation: &str,
            request: ::awsgen_runtime::protocol::server::RestRequest,
        ) -> ::std::option::Option<::awsgen_runtime::protocol::server::BoxFuture<'static, ::awsgen_runtime::protocol::server::Reply>> {
            let service = ::std::sync::Arc::clone(&self.service);
            ::std::option::Option::Some(match operation {
                #(#arms)*
                _ => return ::std::option::Option::None,
            })
        }
    }
}

/// How a service reports failed validation, read off its `ValidationException`: a message,
/// a reason, and a list of field errors each with a field name, message and code (directly,
/// as in Selling's `ErrorList`, or inside a union member, as in Account's `ErrorDetails`).
struct ValidationLayout<'a> {
    shape: &'a Shape,
    message: &'a str,
    reason: Option<&'a str>,
    list: &'a str,
    /// The union member that wraps each field error, if the list holds a union.
    wrapper: Option<&'a str>,
    field: &'a str,
    field_message: &'a str,
    code: &'a str,
    codes: Vec<&'a str>,
}

fn member<'a>(members: &'a [Member], names: &[&str]) -> Option<&'a Member> {
    names
        .iter()
        .find_map(|name| members.iter().find(|m| m.name == *name))
}

fn members(shape: &Shape) -> &[Member] {
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => members,
        _ => &[],
    }
}

fn enum_values<'a>(service: &'a Service, member: &Member) -> Option<Vec<&'a str>> {
    match &service.shapes[&member.target].kind {
        ShapeKind::Enum(values) => Some(values.iter().map(|v| v.value.as_str()).collect()),
        _ => None,
    }
}

fn layout<'a>(service: &'a Service) -> Option<ValidationLayout<'a>> {
    let shape = service.shapes.values().find(|shape| {
        shape
            .error
            .as_ref()
            .is_some_and(|e| e.code == "ValidationException")
    })?;
    let top = members(shape);
    let message = member(top, &["Message", "message"])?;
    let reason = member(top, &["Reason", "reason"]).filter(|m| {
        enum_values(service, m).is_some_and(|v| v.contains(&"REQUEST_VALIDATION_FAILED"))
    });
    let (list, item) = top
        .iter()
        .find_map(|m| match &service.shapes[&m.target].kind {
            ShapeKind::List { member, .. } => Some((m, &service.shapes[&member.target])),
            _ => None,
        })?;
    let field_error = |shape: &'a Shape| -> Option<(&'a Member, &'a Member, &'a Member)> {
        let members = members(shape);
        Some((
            member(members, &["FieldName", "Name", "Path", "path"])?,
            member(members, &["Message", "message"])?,
            member(members, &["Code", "code"]).filter(|m| enum_values(service, m).is_some())?,
        ))
    };
    let (wrapper, (field, field_message, code)) = match &item.kind {
        ShapeKind::Structure(_) => (None, field_error(item)?),
        ShapeKind::Union(variants) => variants.iter().find_map(|v| {
            Some((
                Some(v.wire_name.as_str()),
                field_error(&service.shapes[&v.target])?,
            ))
        })?,
        _ => return None,
    };
    Some(ValidationLayout {
        shape,
        message: &message.wire_name,
        reason: reason.map(|m| m.wire_name.as_str()),
        list: &list.wire_name,
        wrapper,
        field: &field.wire_name,
        field_message: &field_message.wire_name,
        code: &code.wire_name,
        codes: enum_values(service, code)?,
    })
}

/// `validation_failed`: the service's `ValidationException` (reason
/// `REQUEST_VALIDATION_FAILED`) with one field error per violation, each violation's code
/// mapped onto the service's code vocabulary (a code the service lacks becomes
/// `INVALID_VALUE`). A service whose `ValidationException` has no such layout answers with
/// a plain `ValidationException` (awsQuery: `ValidationError`, ec2Query: `InvalidParameterValue`)
/// carrying the violations in its message.
fn validation_failed(cx: &Context) -> TokenStream {
    let protocol = cx.protocol();
    // Without a modeled exception, the code AWS's services of the protocol answer with.
    let code = match cx.service.protocol {
        Protocol::AwsQuery => "ValidationError",
        Protocol::Ec2Query => "InvalidParameterValue",
        _ => "ValidationException",
    };
    let body = match layout(cx.service) {
        None => quote! {
            ::awsgen_runtime::protocol::server::failure_response(#protocol, 400, #code, &errors.summary())
        },
        Some(layout) => {
            let exception = cx.type_path(&layout.shape.name);
            let ValidationLayout {
                message,
                list,
                field,
                field_message,
                code,
                ..
            } = layout;
            let codes = &layout.codes;
            let fallback = if codes.contains(&"INVALID_VALUE") {
                "INVALID_VALUE"
            } else {
                codes[0]
            };
            let entry = quote!(
                ::serde_json::json!({ #field: violation.path, #field_message: violation.message, #code: code })
            );
            let entry = match layout.wrapper {
                Some(wrapper) => quote!(::serde_json::json!({ #wrapper: #entry })),
                None => entry,
            };
            let reason = layout.reason.map(|reason| quote!(document.insert(#reason.to_owned(), "REQUEST_VALIDATION_FAILED".into());));
            quote! {
                const CODES: &[&str] = &[#(#codes),*];
                let entries: ::std::vec::Vec<::serde_json::Value> = errors
                    .violations()
                    .iter()
                    .map(|violation| {
                        let code = match violation.code.as_str() {
                            // Selling names duplicates `DUPLICATE_KEY_VALUE`.
                            "DUPLICATE_VALUE" if !CODES.contains(&"DUPLICATE_VALUE") && CODES.contains(&"DUPLICATE_KEY_VALUE") => "DUPLICATE_KEY_VALUE",
                            code if CODES.contains(&code) => code,
                            _ => #fallback,
                        };
                        #entry
                    })
                    .collect();
                let mut document = ::serde_json::Map::new();
                document.insert(#message.to_owned(), errors.summary().into());
                #reason
                document.insert(#list.to_owned(), entries.into());
                match ::serde_json::from_value::<#exception>(::serde_json::Value::Object(document)) {
                    ::std::result::Result::Ok(exception) => ::awsgen_runtime::protocol::server::modeled_error_response(#protocol, &exception),
                    ::std::result::Result::Err(_) => ::awsgen_runtime::protocol::server::failure_response(#protocol, 400, "ValidationException", &errors.summary()),
                }
            }
        }
    };
    quote! {
        /// The answer to a request that fails strict validation, as the service itself gives
        /// it: its `ValidationException` with reason `REQUEST_VALIDATION_FAILED`, a message
        /// naming the failing fields and constraints (`ValidationErrors::summary`), and one
        /// entry per failing field (its JSON pointer such as `/Customer/Account/Industry`,
        /// message and code). A violation code the service does not define becomes
        /// `INVALID_VALUE`.
        pub fn validation_failed(errors: &::awsgen_runtime::ValidationErrors) -> ::awsgen_runtime::protocol::ErrorResponse {
            #body
        }
    }
}
