//! Runtime support for crates emitted by the awsgen code generator.
//!
//! Generated code is thin: it names its members and their codecs, and this crate holds the
//! behaviour every service shares, written and tested once:
//!
//! - [`codec`]: how a Rust value travels in awsJson 1.0 (timestamps per `timestampFormat`,
//!   blobs as base64, floats with `NaN`/`Infinity`, null entries of dense lists dropped);
//! - [`de`]: the pieces generated `Deserialize` impls are made of;
//! - [`shape`]: the traits every generated type implements (structures, errors, operations),
//!   error correction of absent required members, and builder errors;
//! - [`value`]: values the model does not know yet (enum strings, union members) kept intact;
//! - [`validate`] and [`pattern`]: constraint checking with Smithy semantics;
//! - [`protocol`]: requests, responses and errors of each protocol, for clients and servers;
//! - [`schema`]: static schemas of shapes and operations, for the HTTP-bound protocols;
//! - [`stream`]: streaming blobs ([`ByteStream`]), in memory, from a file or in chunks;
//! - [`paginate`]: paginators over any implementation of a service;
//! - [`waiter`]: waiters (acceptors, a JMESPath evaluator; the polling loop with the
//!   `waiters` feature);
//! - [`endpoint`]: the Smithy endpoint rules engine;
//! - `encoding` and `checksum` (features `client` or `server`): request bodies in gzip and
//!   `aws-chunked`, and flexible checksums;
//! - `client` (feature `client`): the HTTPS client (SigV4, credentials, endpoint rules,
//!   retries, timeouts, idempotency tokens, pre-send validation);
//! - `server` (feature `server`): serves any `protocol::server::Dispatch` over HTTP/1.1
//!   and h2c with hyper, and as a `tower::Service`.

#[cfg(any(feature = "client", feature = "server"))]
pub mod checksum;
#[cfg(feature = "client")]
pub mod client;
pub mod codec;
pub mod de;
#[cfg(any(feature = "client", feature = "server"))]
pub mod encoding;
pub mod endpoint;
mod failure;
pub mod paginate;
pub mod pattern;
pub mod protocol;
pub mod schema;
#[cfg(feature = "server")]
pub mod server;
pub mod shape;
#[cfg(any(feature = "client", feature = "verify-sigv4"))]
mod sigv4_rules;
pub mod stream;
pub mod validate;
pub mod value;
pub mod waiter;

pub use failure::CallFailure;
pub use jiff;
pub use jiff::Timestamp;
pub use paginate::{Pages, Paginated};
pub use shape::{
    AbsentMembers, BuildError, ErrorFault, ErrorShape, ModeledRetry, Operation, OperationError,
    OperationVisitor, Structure, Unit, ZeroValue,
};
pub use stream::ByteStream;
pub use validate::{Policy, Validate, ValidationErrors, Validator};
pub use value::{BigNumber, UnknownMember, UnknownVariant};

/// What `Debug` prints instead of a value the model marks `@sensitive`.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A `Debug` stand-in for a sensitive value: prints [`REDACTED`] whatever it wraps.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(REDACTED)
    }
}
