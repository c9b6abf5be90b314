//! Why a call ended without a service error to show for it.

use std::fmt;
use std::time::Duration;

use crate::{BuildError, ValidationErrors};

/// A call that failed before the service answered, or whose answer could not be read.
/// Every generated operation error carries one in its `Failed` variant, so that a client,
/// a mock and a server all speak one error type per operation.
#[non_exhaustive]
pub enum CallFailure {
    /// Pre-send validation rejected the input (see [`crate::Policy`]); nothing was sent.
    InvalidInput(ValidationErrors),
    /// The client cannot send without more configuration: no region, no credentials, a
    /// malformed endpoint override or profile file.
    Config(String),
    /// The endpoint rule set gave no endpoint for the configured parameters.
    Endpoint(String),
    /// No credentials to sign with: the source that failed, and why (never a secret).
    Credentials(String),
    /// The request could not be signed.
    Signing(String),
    /// Connecting, sending or receiving failed.
    Transport(Box<dyn std::error::Error + Send + Sync>),
    /// No complete answer within the configured timeout.
    Timeout(Duration),
    /// The operation needs what this client does not do yet (event streams); nothing was
    /// sent.
    Unsupported(String),
    /// The service answered success, but the body does not read as the operation's output.
    InvalidResponse {
        status: u16,
        /// What was wrong with it, with the member path where there is one.
        reason: String,
        body: Vec<u8>,
    },
}

impl CallFailure {
    /// A transport failure from any error.
    pub fn transport(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> CallFailure {
        CallFailure::Transport(error.into())
    }

    /// Whether sending the same request again may succeed (transport errors and timeouts).
    pub fn is_transient(&self) -> bool {
        matches!(self, CallFailure::Transport(_) | CallFailure::Timeout(_))
    }
}

// By hand: an unreadable response's body may hold values the model marks sensitive, so
// `Debug` (and with it `unwrap` and logs) shows its size only.
impl fmt::Debug for CallFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallFailure::InvalidInput(errors) => {
                f.debug_tuple("InvalidInput").field(errors).finish()
            }
            CallFailure::Config(message) => f.debug_tuple("Config").field(message).finish(),
            CallFailure::Endpoint(message) => f.debug_tuple("Endpoint").field(message).finish(),
            CallFailure::Credentials(message) => {
                f.debug_tuple("Credentials").field(message).finish()
            }
            CallFailure::Signing(message) => f.debug_tuple("Signing").field(message).finish(),
            CallFailure::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            CallFailure::Timeout(after) => f.debug_tuple("Timeout").field(after).finish(),
            CallFailure::Unsupported(message) => {
                f.debug_tuple("Unsupported").field(message).finish()
            }
            CallFailure::InvalidResponse {
                status,
                reason,
                body,
            } => f
                .debug_struct("InvalidResponse")
                .field("status", status)
                .field("reason", reason)
                .field("body", &format_args!("<{} bytes>", body.len()))
                .finish(),
        }
    }
}

impl fmt::Display for CallFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallFailure::InvalidInput(errors) => write!(f, "invalid input, not sent: {errors}"),
            CallFailure::Config(message) => write!(f, "client configuration: {message}"),
            CallFailure::Endpoint(message) => write!(f, "no endpoint: {message}"),
            CallFailure::Credentials(message) => write!(f, "no credentials: {message}"),
            CallFailure::Signing(message) => write!(f, "cannot sign the request: {message}"),
            CallFailure::Transport(error) => write!(f, "transport: {error}"),
            CallFailure::Timeout(after) => write!(f, "no answer within {after:?}"),
            CallFailure::Unsupported(message) => write!(f, "not supported: {message}"),
            CallFailure::InvalidResponse { status, reason, .. } => {
                write!(f, "unreadable response (HTTP {status}): {reason}")
            }
        }
    }
}

impl std::error::Error for CallFailure {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallFailure::InvalidInput(errors) => Some(errors),
            CallFailure::Transport(error) => Some(error.as_ref()),
            _ => None,
        }
    }
}

/// An input whose builder lacked required members is invalid input, reported as pre-send
/// validation reports it (`REQUIRED_FIELD_MISSING` at each member): nothing was sent.
impl From<BuildError> for CallFailure {
    fn from(error: BuildError) -> CallFailure {
        CallFailure::InvalidInput(ValidationErrors::from(error))
    }
}
