//! IR -> Rust token streams, one module per shape kind. Emitters read only the IR and the
//! names; every std and runtime path they print is fully qualified, because models have
//! shapes named `String`, `Result` or `Type`.

mod builder;
mod client;
pub mod crate_root;
mod docs;
mod enumeration;
mod error;
mod example;
mod fluent;
mod operation;
mod operation_error;
mod paginator;
mod schema;
pub mod schema_study;
mod server;
mod service_trait;
mod structure;
mod structure_serde;
mod types;
mod union;
mod validate;
mod waiter;

use proc_macro2::TokenStream;
use quote::quote;

pub use docs::doc_attrs;

use crate::ir::{Service, ShapeKind};
use crate::naming::ServiceNames;

/// The modules inside a service module; a service module may not share their names
/// (clippy's `module_inception`).
pub const SERVICE_SUBMODULES: &[&str] = &[
    "structures",
    "errors",
    "enums",
    "unions",
    "builders",
    "operations",
    "fluent",
    "client",
    "server",
    "schemas",
];

/// What the emitters of one service share.
pub struct Context<'a> {
    pub service: &'a Service,
    pub names: &'a ServiceNames,
    /// The service's module in the generated crate, e.g. `selling`.
    pub module: proc_macro2::Ident,
    /// The generated crate's name as a Rust path, for documentation examples.
    pub crate_name: String,
}

impl Context<'_> {
    /// The full path of a generated type, e.g. `crate::selling::Opportunity`.
    pub fn type_path(&self, shape: &str) -> TokenStream {
        let module = &self.module;
        let ident = self.names.type_name(shape).ident();
        quote!(crate::#module::#ident)
    }

    /// The runtime's `Protocol` value of the service. Operations are emitted only for
    /// protocols with a transport (`has_transport`), so the others never get here.
    pub fn protocol(&self) -> TokenStream {
        match self.service.protocol {
            crate::ir::Protocol::AwsJson1_1 => {
                quote!(::awsgen_runtime::protocol::Protocol::AwsJson1_1)
            }
            crate::ir::Protocol::RpcV2Cbor => {
                quote!(::awsgen_runtime::protocol::Protocol::RpcV2Cbor)
            }
            crate::ir::Protocol::RestJson1 => {
                quote!(::awsgen_runtime::protocol::Protocol::RestJson1)
            }
            crate::ir::Protocol::RestXml => {
                quote!(::awsgen_runtime::protocol::Protocol::RestXml)
            }
            crate::ir::Protocol::AwsQuery => {
                quote!(::awsgen_runtime::protocol::Protocol::AwsQuery)
            }
            crate::ir::Protocol::Ec2Query => {
                quote!(::awsgen_runtime::protocol::Protocol::Ec2Query)
            }
            _ => quote!(::awsgen_runtime::protocol::Protocol::AwsJson1_0),
        }
    }

    /// The input and output types of an operation. Lowering gives every operation both
    /// (synthesizing empty ones), so `Unit` only stands in for a hand-built IR.
    pub fn io_types(&self, operation: &crate::ir::Operation) -> (TokenStream, TokenStream) {
        let unit = quote!(::awsgen_runtime::Unit);
        let input = operation
            .input
            .as_deref()
            .map_or(unit.clone(), |s| self.type_path(s));
        let output = operation
            .output
            .as_deref()
            .map_or(unit, |s| self.type_path(s));
        (input, output)
    }
}

/// How many of each kind of type a service emitted.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub structures: usize,
    pub errors: usize,
    pub enums: usize,
    pub unions: usize,
    pub operations: usize,
}

/// One file of a service module. Each is emitted on its own, so that the files of all
/// services can be shared out between threads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceFile {
    Structures,
    Errors,
    Enums,
    Unions,
    Builders,
    Validators,
    Operations,
    Fluent,
    Schemas,
    Client,
    Server,
    ModRs,
}

impl ServiceFile {
    /// The file's name in the module directory.
    pub fn file_name(self) -> &'static str {
        match self {
            ServiceFile::Structures => "structures.rs",
            ServiceFile::Errors => "errors.rs",
            ServiceFile::Enums => "enums.rs",
            ServiceFile::Unions => "unions.rs",
            ServiceFile::Builders => "builders.rs",
            ServiceFile::Validators => "validators.rs",
            ServiceFile::Operations => "operations.rs",
            ServiceFile::Fluent => "fluent.rs",
            ServiceFile::Schemas => "schemas.rs",
            ServiceFile::Client => "client.rs",
            ServiceFile::Server => "server.rs",
            ServiceFile::ModRs => "mod.rs",
        }
    }

    /// A rough size of the file in generated lines, to start the largest files first.
    pub fn estimated_lines(self, counts: Counts) -> usize {
        let types = counts.structures + counts.errors;
        match self {
            ServiceFile::Structures => 190 * counts.structures,
            ServiceFile::Errors => 160 * counts.errors,
            ServiceFile::Enums => 110 * counts.enums,
            ServiceFile::Unions => 170 * counts.unions,
            ServiceFile::Builders => 130 * types,
            ServiceFile::Validators => 50 * types,
            ServiceFile::Operations => 200 * counts.operations,
            ServiceFile::Fluent => 90 * counts.operations,
            ServiceFile::Schemas => 20 * (types + counts.operations),
            ServiceFile::Client => 12 * counts.operations,
            ServiceFile::Server => 17 * counts.operations,
            ServiceFile::ModRs => 40,
        }
    }
}

/// The files of a service module (in file-name order) and its counts.
pub fn plan_service(service: &Service) -> (Vec<ServiceFile>, Counts) {
    let mut counts = Counts::default();
    for shape in service.shapes.values() {
        match &shape.kind {
            ShapeKind::Structure(_) if shape.error.is_some() => counts.errors += 1,
            ShapeKind::Structure(_) => counts.structures += 1,
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => counts.enums += 1,
            ShapeKind::Union(_) => counts.unions += 1,
            _ => {}
        }
    }
    // A protocol without a transport here gets the type layer only.
    let transport = service.protocol.has_transport();
    if transport {
        counts.operations = service.operations.len();
    }
    let mut files = vec![ServiceFile::Validators, ServiceFile::ModRs];
    for (file, present) in [
        (ServiceFile::Structures, counts.structures > 0),
        (ServiceFile::Errors, counts.errors > 0),
        (ServiceFile::Enums, counts.enums > 0),
        (ServiceFile::Unions, counts.unions > 0),
        (ServiceFile::Builders, counts.structures + counts.errors > 0),
        (ServiceFile::Operations, transport),
        (ServiceFile::Fluent, transport),
        (ServiceFile::Schemas, service.protocol.has_schemas()),
        (ServiceFile::Client, transport),
        (ServiceFile::Server, service.protocol.has_server()),
    ] {
        if present {
            files.push(file);
        }
    }
    files.sort_by_key(|file| file.file_name());
    (files, counts)
}

/// Emits one file of a service module; `files` and `counts` are [`plan_service`]'s.
pub fn emit_file(
    cx: &Context,
    file: ServiceFile,
    files: &[ServiceFile],
    counts: Counts,
) -> TokenStream {
    let shapes = cx.service.shapes.values();
    let is_error = |shape: &&crate::ir::Shape| shape.error.is_some();
    let mut code = TokenStream::new();
    match file {
        ServiceFile::Structures => {
            for shape in
                shapes.filter(|s| matches!(s.kind, ShapeKind::Structure(_)) && !is_error(s))
            {
                code.extend(structure::emit(cx, shape));
            }
        }
        ServiceFile::Errors => {
            for shape in shapes.filter(|s| matches!(s.kind, ShapeKind::Structure(_)) && is_error(s))
            {
                code.extend(structure::emit(cx, shape));
                code.extend(error::emit(cx, shape));
            }
        }
        ServiceFile::Builders => {
            for shape in shapes.filter(|s| matches!(s.kind, ShapeKind::Structure(_))) {
                code.extend(builder::emit(cx, shape));
            }
        }
        ServiceFile::Enums => {
            for shape in
                shapes.filter(|s| matches!(s.kind, ShapeKind::Enum(_) | ShapeKind::IntEnum(_)))
            {
                code.extend(enumeration::emit(cx, shape));
            }
        }
        ServiceFile::Unions => {
            for shape in shapes.filter(|s| matches!(s.kind, ShapeKind::Union(_))) {
                code.extend(union::emit(cx, shape));
            }
        }
        ServiceFile::Validators => code = validate::emit(cx),
        ServiceFile::Operations => code = operation::emit(cx),
        ServiceFile::Fluent => code = fluent::emit(cx),
        ServiceFile::Schemas => code = schema::emit(cx),
        ServiceFile::Client => code = client::emit(cx),
        ServiceFile::Server => code = server::emit(cx),
        ServiceFile::ModRs => {
            let order = [
                ServiceFile::Structures,
                ServiceFile::Errors,
                ServiceFile::Enums,
                ServiceFile::Unions,
                ServiceFile::Builders,
                ServiceFile::Validators,
                ServiceFile::Operations,
                ServiceFile::Fluent,
                ServiceFile::Schemas,
            ];
            let modules: Vec<(&str, bool)> = order
                .iter()
                .filter(|file| files.contains(file))
                .filter_map(|file| match file {
                    ServiceFile::Structures => Some(("structures", false)),
                    ServiceFile::Errors => Some(("errors", false)),
                    ServiceFile::Enums => Some(("enums", false)),
                    ServiceFile::Unions => Some(("unions", false)),
                    ServiceFile::Builders => Some(("builders", true)),
                    ServiceFile::Validators => Some(("validators", true)),
                    ServiceFile::Operations => Some(("operations", true)),
                    ServiceFile::Fluent => Some(("fluent", true)),
                    ServiceFile::Schemas => Some(("schemas", true)),
                    _ => None,
                })
                .collect();
            code = module_root(cx, &modules, counts, files);
        }
    }
    code
}

/// Emits every file of a service module, in file-name order, with its counts.
pub fn emit_service(cx: &Context) -> (Vec<(&'static str, TokenStream)>, Counts) {
    let (files, counts) = plan_service(cx.service);
    let code = files
        .iter()
        .map(|&file| (file.file_name(), emit_file(cx, file, &files, counts)))
        .collect();
    (code, counts)
}

/// `mod.rs` of a service: its documentation and the flat re-export of every type.
fn module_root(
    cx: &Context,
    modules: &[(&str, bool)],
    counts: Counts,
    files: &[ServiceFile],
) -> TokenStream {
    let service = cx.service;
    let title = format!(
        "{} ({}, API version {}).",
        service.full_name, service.name, service.api_version
    );
    let summary = format!(
        "{} operations; {} structures, {} errors, {} enums, {} unions.",
        counts.operations, counts.structures, counts.errors, counts.enums, counts.unions
    );
    let docs = docs::inner_doc_attrs(service.docs.as_deref());
    let declarations = modules.iter().map(|(name, public)| {
        let ident = proc_macro2::Ident::new(name, proc_macro2::Span::call_site());
        if *name == "schemas" {
            // The statics are named after the shapes (`S_GetThingRequest`).
            quote!(#[allow(non_upper_case_globals)] pub mod #ident;)
        } else if *public {
            quote!(pub mod #ident;)
        } else {
            quote!(mod #ident; pub use self::#ident::*;)
        }
    });
    let target_prefix = &service.target_prefix;
    let signing_name = &service.signing_name;
    let api_version = &service.api_version;
    let (transport_note, transport_modules) = if files.contains(&ServiceFile::Client) {
        // Every protocol with a client has a server too (`Protocol::has_server`).
        let modules = quote! {
            #[cfg(feature = "client")]
            pub mod client;
            #[cfg(feature = "server")]
            pub mod server;
        };
        (TokenStream::new(), modules)
    } else {
        let note = format!(
            "The model's protocol ({:?}) has no transport in this generator yet: this module \
             has the type layer (types, enums, unions, errors, validators) but no operations, \
             client or server.",
            service.protocol
        );
        (quote!(#![doc = ""] #![doc = #note]), TokenStream::new())
    };
    quote! {
        #![doc = #title]
        #![doc = ""]
        #docs
        #![doc = ""]
        #![doc = #summary]
        #transport_note
        #(#declarations)*

        #transport_modules

        /// The `X-Amz-Target` prefix of every operation.
        pub const TARGET_PREFIX: &str = #target_prefix;
        /// The SigV4 signing name.
        pub const SIGNING_NAME: &str = #signing_name;
        /// The API version of the model this module was generated from.
        pub const API_VERSION: &str = #api_version;
    }
}
