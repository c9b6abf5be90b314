//! The awsgen code generator: AWS service models in, a Rust crate out.
//!
//! ```text
//! models (botocore JSON)
//!   -> model/     serde types mirroring each input format
//!   -> ir/        one resolved, front-end-agnostic IR, plus named passes
//!   -> naming/    every Rust identifier, AWS-aware
//!   -> emit/      one module per shape kind, quote! fragments
//!   -> render/    tokens printed as text, "@generated" preamble
//!   -> files      Write / Check / DryRun, atomic, stale/missing/extra detection
//! ```
//! [`pipeline`] strings them together.

pub mod config;
pub mod docs;
pub mod emit;
pub mod error;
pub mod files;
pub mod ir;
pub mod model;
pub mod naming;
pub mod parallel;
pub mod pipeline;
pub mod render;

pub use error::{Error, Result};
pub use files::Mode;
pub use pipeline::{Generated, generate, generate_fixtures, generate_identity};
