//! Serde types that mirror each input format as it is on disk. They know nothing about Rust;
//! `ir::lower_*` turns them into the IR.

pub mod botocore;
pub mod smithy;
