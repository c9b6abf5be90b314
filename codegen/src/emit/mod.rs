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
mod operation;
mod operation_error;
mod paginator;
mod server;
mod service_trait;
mod structure;
mod structure_serde;
mod types;
mod union;
mod validate;

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
    "client",
    "server",
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

/// The code of one service module, by file (relative to the module directory).
pub struct ServiceCode {
    pub files: Vec<(&'static str, TokenStream)>,
    pub counts: Counts,
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

/// Emits every shape and operation of a service.
pub fn emit_service(cx: &Context) -> ServiceCode {
    let mut counts = Counts::default();
    let (mut structures, mut errors, mut enums, mut unions, mut builders) = (
        TokenStream::new(),
        TokenStream::new(),
        TokenStream::new(),
        TokenStream::new(),
        TokenStream::new(),
    );
    for shape in cx.service.shapes.values() {
        match &shape.kind {
            ShapeKind::Structure(_) if shape.error.is_some() => {
                counts.errors += 1;
                errors.extend(structure::emit(cx, shape));
                errors.extend(error::emit(cx, shape));
                builders.extend(builder::emit(cx, shape));
            }
            ShapeKind::Structure(_) => {
                counts.structures += 1;
                structures.extend(structure::emit(cx, shape));
                builders.extend(builder::emit(cx, shape));
            }
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {
                counts.enums += 1;
                enums.extend(enumeration::emit(cx, shape));
            }
            ShapeKind::Union(_) => {
                counts.unions += 1;
                unions.extend(union::emit(cx, shape));
            }
            _ => {}
        }
    }
    // A protocol without a transport here gets the type layer only.
    let transport = cx.service.protocol.has_transport();
    counts.operations = if transport {
        cx.service.operations.len()
    } else {
        0
    };
    let mut files = Vec::new();
    let mut modules = Vec::new();
    for (name, file, code, public) in [
        ("structures", "structures.rs", structures, false),
        ("errors", "errors.rs", errors, false),
        ("enums", "enums.rs", enums, false),
        ("unions", "unions.rs", unions, false),
        ("builders", "builders.rs", builders, true),
    ] {
        if code.is_empty() {
            continue;
        }
        modules.push((name, public));
        files.push((file, code));
    }
    files.push(("validators.rs", validate::emit(cx)));
    modules.push(("validators", true));
    if transport {
        files.push(("operations.rs", operation::emit(cx)));
        modules.push(("operations", true));
        files.push(("client.rs", client::emit(cx)));
        files.push(("server.rs", server::emit(cx)));
    }
    files.push(("mod.rs", module_root(cx, &modules, counts, transport)));
    files.sort_by_key(|(name, _)| *name);
    ServiceCode { files, counts }
}

/// `mod.rs` of a service: its documentation and the flat re-export of every type.
fn module_root(
    cx: &Context,
    modules: &[(&str, bool)],
    counts: Counts,
    transport: bool,
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
        if *public {
            quote!(pub mod #ident;)
        } else {
            quote!(mod #ident; pub use self::#ident::*;)
        }
    });
    let target_prefix = &service.target_prefix;
    let signing_name = &service.signing_name;
    let api_version = &service.api_version;
    let (transport_note, transport_modules) = if transport {
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
