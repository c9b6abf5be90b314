//! Waiters: a static `awsgen_runtime::waiter::Waiter` per waiter in `operations::waiters`,
//! and a provided `wait_until_<name>` method on the service trait that runs it, so a
//! waiter works over the client and any mock alike (as the paginators do).

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;
use super::docs::{code_span, doc_attrs};
use crate::ir::waiters::{AcceptorState, Comparison, Expected, Matcher, Waiter};

/// `pub mod waiters { ... }` of the operations module, or nothing without waiters.
pub fn statics(cx: &Context) -> TokenStream {
    if cx.service.waiters.is_empty() {
        return TokenStream::new();
    }
    let statics = cx.service.waiters.iter().map(|waiter| {
        let ident = cx.names.waiter_static(&waiter.name).ident();
        let name = &waiter.name;
        let operation = &waiter.operation;
        let (min, max) = (u64::from(waiter.min_delay), u64::from(waiter.max_delay));
        let max_attempts = match waiter.max_attempts {
            Some(n) => quote!(::std::option::Option::Some(#n)),
            None => quote!(::std::option::Option::None),
        };
        let acceptors = waiter.acceptors.iter().map(|acceptor| {
            let state = match acceptor.state {
                AcceptorState::Success => quote!(Success),
                AcceptorState::Failure => quote!(Failure),
                AcceptorState::Retry => quote!(Retry),
            };
            let matcher = matcher(&acceptor.matcher);
            quote! {
                ::awsgen_runtime::waiter::Acceptor {
                    state: ::awsgen_runtime::waiter::State::#state,
                    matcher: #matcher,
                },
            }
        });
        let doc = format!(
            " The `{name}` waiter (see [`super::{}::{}`]).",
            cx.names.service_trait().rust,
            cx.names
                .waiter_method(&waiter.name)
                .rust
                .trim_start_matches("r#"),
        );
        quote! {
            #[doc = #doc]
            pub static #ident: ::awsgen_runtime::waiter::Waiter = ::awsgen_runtime::waiter::Waiter {
                name: #name,
                operation: #operation,
                min_delay: ::std::time::Duration::from_secs(#min),
                max_delay: ::std::time::Duration::from_secs(#max),
                max_attempts: #max_attempts,
                acceptors: &[#(#acceptors)*],
            };
        }
    });
    let trait_name = &cx.names.service_trait().rust;
    let doc = format!(
        " The service's waiters as data: operation, delays, attempts and acceptors in order \
         (the methods `wait_until_*` of [`{trait_name}`] run them)."
    );
    quote! {
        #[doc = #doc]
        pub mod waiters {
            #(#statics)*
        }
    }
}

fn matcher(matcher: &Matcher) -> TokenStream {
    match matcher {
        Matcher::Path {
            wire_expression,
            input_output,
            comparison,
            expected,
            ..
        } => {
            let comparison = match comparison {
                Comparison::Equals => quote!(Equals),
                Comparison::AllEqual => quote!(AllEqual),
                Comparison::AnyEqual => quote!(AnyEqual),
            };
            let expected = match expected {
                Expected::String(s) => quote!(String(#s)),
                Expected::Bool(b) => quote!(Bool(#b)),
                Expected::Integer(n) => quote!(Integer(#n)),
                Expected::Float(x) => quote!(Float(#x)),
            };
            quote! {
                ::awsgen_runtime::waiter::Matcher::Path {
                    expression: #wire_expression,
                    on_input_and_output: #input_output,
                    comparison: ::awsgen_runtime::waiter::Comparison::#comparison,
                    expected: ::awsgen_runtime::waiter::Expected::#expected,
                }
            }
        }
        Matcher::Success(success) => quote!(::awsgen_runtime::waiter::Matcher::Success(#success)),
        Matcher::ErrorCode(code) => quote!(::awsgen_runtime::waiter::Matcher::ErrorCode(#code)),
        Matcher::Status(status) => quote!(::awsgen_runtime::waiter::Matcher::Status(#status)),
    }
}

/// The provided method of the service trait that runs `waiter`.
pub fn method(cx: &Context, waiter: &Waiter) -> TokenStream {
    let Some(operation) = cx
        .service
        .operations
        .iter()
        .find(|op| op.name == waiter.operation)
    else {
        // `resolve_waiters` refuses a waiter whose operation does not exist.
        return TokenStream::new();
    };
    let method = cx.names.waiter_method(&waiter.name).ident();
    let call = cx.names.call_method(&operation.name).ident();
    let marker = cx.names.operation(&operation.name).ident();
    let error = cx.names.operation_error(&operation.name).ident();
    let waiter_static = cx.names.waiter_static(&waiter.name).ident();
    let (input, output) = cx.io_types(operation);
    let docs = doc_attrs(waiter.docs.as_deref(), &method_notes(cx, waiter));
    let deprecated = waiter
        .deprecated
        .then(|| quote!(#[deprecated = "the model marks this waiter deprecated"]));
    quote! {
        #docs
        #deprecated
        fn #method(
            &self,
            input: #input,
            config: ::awsgen_runtime::waiter::WaitConfig,
        ) -> impl ::std::future::Future<
            Output = ::std::result::Result<
                ::awsgen_runtime::waiter::Waited<#output, #error>,
                ::awsgen_runtime::waiter::WaiterError<#output, #error>,
            >,
        > + ::std::marker::Send
        where
            Self: ::std::marker::Sized,
        {
            async move {
                ::awsgen_runtime::waiter::wait::<#marker, _, _>(
                    &self::waiters::#waiter_static,
                    input,
                    &config,
                    |input| self.#call(input),
                )
                .await
            }
        }
    }
}

/// What the method's rustdoc says beyond the model's description: how it polls, and the
/// acceptors in order.
fn method_notes(cx: &Context, waiter: &Waiter) -> Vec<String> {
    let marker = &cx.names.operation(&waiter.operation).rust;
    let schedule = match waiter.max_attempts {
        Some(attempts) if waiter.min_delay == waiter.max_delay => format!(
            "Calls [`{marker}`](struct@{marker}) every {} s, at most {attempts} times (the model's delay and \
             attempts; `config` may change both and bound the total time).",
            waiter.min_delay
        ),
        Some(attempts) => format!(
            "Calls [`{marker}`](struct@{marker}) at most {attempts} times, {} s to {} s apart (exponential \
             backoff with jitter).",
            waiter.min_delay, waiter.max_delay
        ),
        None => format!(
            "Calls [`{marker}`](struct@{marker}) {} s to {} s apart (exponential backoff with jitter), for at \
             most 300 s unless `config` sets `max_wait`.",
            waiter.min_delay, waiter.max_delay
        ),
    };
    let mut lines = vec![
        format!("The `{}` waiter.", waiter.name),
        schedule,
        "Its acceptors, tried in order on each answer (an error no acceptor matches ends the \
         wait with that error; an output none matches is polled again):"
            .to_owned(),
    ];
    let list = waiter
        .acceptors
        .iter()
        .map(|acceptor| format!("- {}", describe(acceptor)))
        .collect::<Vec<_>>()
        .join("\n");
    lines.push(list);
    lines
}

fn describe(acceptor: &crate::ir::waiters::Acceptor) -> String {
    let state = match acceptor.state {
        AcceptorState::Success => "success",
        AcceptorState::Failure => "failure",
        AcceptorState::Retry => "retry",
    };
    let condition = match &acceptor.matcher {
        Matcher::Path {
            expression,
            input_output,
            comparison,
            expected,
            ..
        } => {
            let expected = match expected {
                Expected::String(s) => code_span(&serde_json::Value::from(s.as_str()).to_string()),
                Expected::Bool(b) => code_span(&b.to_string()),
                Expected::Integer(n) => code_span(&n.to_string()),
                Expected::Float(x) => code_span(&x.to_string()),
            };
            let quantifier = match comparison {
                Comparison::Equals => "",
                Comparison::AllEqual => "every element of ",
                Comparison::AnyEqual => "some element of ",
            };
            let of = if *input_output {
                " (of input and output)"
            } else {
                ""
            };
            format!("{quantifier}{}{of} is {expected}", code_span(expression))
        }
        Matcher::Success(true) => "the call succeeds".to_owned(),
        Matcher::Success(false) => "the call answers any error".to_owned(),
        Matcher::ErrorCode(code) => format!("the call answers error {}", code_span(code)),
        Matcher::Status(status) => format!("the HTTP status is {status}"),
    };
    format!("{state} when {condition}")
}
