//! The `client` module of a service (cargo feature `client`): the service's facts for the
//! runtime's HTTP client (signing name, endpoint rules) and a `Client` that implements the
//! service trait by sending each call over HTTPS.

use proc_macro2::TokenStream;
use quote::quote;

use super::Context;

pub fn emit(cx: &Context) -> TokenStream {
    let service = cx.service;
    let module = &cx.module;
    let service_trait = cx.names.service_trait().ident();
    let service_id = &service.service_id;
    let signing_name = &service.signing_name;
    let api_version = &service.api_version;
    // Compact JSON: the runtime parses it once per client.
    let rules = match &service.endpoint_rule_set {
        Some(rules) => {
            let text = rules.to_string();
            quote!(::std::option::Option::Some(#text))
        }
        None => quote!(::std::option::Option::None),
    };
    let methods = service.operations.iter().map(|operation| {
        let method = cx.names.call_method(&operation.name).ident();
        let marker = cx.names.operation(&operation.name).ident();
        let error = cx.names.operation_error(&operation.name).ident();
        let (input, output) = cx.io_types(operation);
        quote! {
            fn #method(&self, input: #input) -> impl ::std::future::Future<Output = ::std::result::Result<#output, crate::#module::operations::#error>> + ::std::marker::Send {
                self.inner.call::<crate::#module::operations::#marker>(input)
            }
        }
    });
    let client_doc = format!(
        " A client of {}: implements [`{service_trait}`] by signing each call with SigV4 \
         (signing name `{signing_name}`) and sending it to the endpoint the model's rules \
         resolve (or the configured override), with retries, timeouts and pre-send \
         validation as configured.",
        service.full_name
    );
    quote! {
        use crate::#module::operations::#service_trait;

        /// What the runtime client needs to know about this service.
        pub static SERVICE: ::awsgen_runtime::client::ServiceInfo = ::awsgen_runtime::client::ServiceInfo {
            service_id: #service_id,
            signing_name: #signing_name,
            api_version: #api_version,
            endpoint_rules: #rules,
        };

        #[doc = #client_doc]
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        pub struct Client {
            inner: ::awsgen_runtime::client::Client,
        }

        impl Client {
            /// A client with `config`.
            pub fn new(config: ::awsgen_runtime::client::Config) -> ::std::result::Result<Client, ::awsgen_runtime::CallFailure> {
                ::std::result::Result::Ok(Client {
                    inner: ::awsgen_runtime::client::Client::new(&SERVICE, config)?,
                })
            }

            /// A client configured like the AWS CLI and SDKs: region, credentials and
            /// endpoint URL from the environment and the shared config and credentials
            /// files (see `awsgen_runtime::client::Config::from_env`).
            pub fn from_env() -> ::std::result::Result<Client, ::awsgen_runtime::CallFailure> {
                Self::new(::awsgen_runtime::client::Config::from_env().build())
            }

            /// A client configured by aws-sdk-rust's shared configuration (what
            /// `aws_config::load_defaults` gives): see
            /// `awsgen_runtime::client::Config::from_sdk_config` for what carries over.
            #[cfg(feature = "aws-sdk-config")]
            pub fn from_sdk_config(config: &::awsgen_runtime::client::SdkConfig) -> ::std::result::Result<Client, ::awsgen_runtime::CallFailure> {
                Self::new(::awsgen_runtime::client::Config::from_sdk_config(config).build())
            }

            /// The runtime client underneath, to call an operation by its marker type
            /// (`call::<Operation>(input)`).
            pub fn runtime(&self) -> &::awsgen_runtime::client::Client {
                &self.inner
            }
        }

        impl #service_trait for Client {
            #(#methods)*
        }
    }
}
