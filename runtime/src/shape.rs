//! What every generated type is, seen from generic code: structures, errors, operations;
//! plus error correction of absent required members and the error a builder reports.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::value::BigNumber;

/// A generated structure (including inputs, outputs and error shapes).
pub trait Structure: Serialize + DeserializeOwned + Clone + fmt::Debug + PartialEq {
    /// The shape name in the model.
    const SHAPE_NAME: &'static str;

    /// Wire names of the required members that the received document did not contain and
    /// that still hold their zero value (see [`AbsentMembers`]), in model order. Empty for
    /// values built in Rust, and a member leaves the list as soon as it is given a value.
    fn absent_required_members(&self) -> Vec<&'static str>;
}

/// Whether an error is the caller's fault or the service's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorFault {
    /// The request was wrong (HTTP 4xx).
    Client,
    /// The service failed (HTTP 5xx).
    Server,
}

/// A modeled error shape.
pub trait ErrorShape: Structure + std::error::Error {
    /// The error code on the wire (`__type`, `X-Amzn-Errortype`).
    const CODE: &'static str;
    /// Whose fault the error is.
    const FAULT: ErrorFault;
    /// The HTTP status the service answers with: the model's `httpError` where it has one,
    /// else 400 for client and 500 for server errors.
    const HTTP_STATUS: u16;
    /// The model marks the error `@retryable`.
    const RETRYABLE: bool;
    /// The model marks the error `@retryable(throttling: true)`.
    const THROTTLING: bool;
    /// Its schema, for HTTP-bound protocols (members bound to headers or the status).
    const SCHEMA: &'static crate::schema::Shape = &crate::schema::UNIT;

    /// The human-readable message, if the service sent one.
    fn message(&self) -> Option<&str>;
}

/// How the model says a modeled error is retried (its `@retryable` trait).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModeledRetry {
    /// Not `@retryable`: the model decides that it is final.
    No,
    /// `@retryable`: likely to pass.
    Transient,
    /// `@retryable(throttling: true)`: the service asks the client to slow down.
    Throttling,
}

/// The error of one operation: exactly its modeled errors, or an unhandled one.
pub trait OperationError: std::error::Error + Sized {
    /// The codes of the operation's modeled errors, each with how its model says it is
    /// retried: a client retries a `@retryable` one, and leaves the status-based rules
    /// (HTTP 429) to the codes the operation does not model, as botocore does.
    const MODELED_ERRORS: &'static [(&'static str, ModeledRetry)] = &[];

    /// Reads an error response: the modeled error its code names, else the unhandled one
    /// (which keeps the code, message, HTTP status and raw body).
    fn from_response(response: crate::protocol::ErrorResponse) -> Self;
    /// A call that ended without a service error (see [`crate::CallFailure`]).
    fn from_failure(failure: crate::CallFailure) -> Self;
    /// The error code, where the response had one.
    fn code(&self) -> Option<&str>;
    /// The server side: the response that carries this error (HTTP status, `__type` code
    /// and body). An unhandled error is answered as it was received; a call failure as an
    /// `InternalFailure` (HTTP 500).
    fn to_response(&self) -> crate::protocol::ErrorResponse;
    /// The call failure, when the call ended without a service error (the `Failed`
    /// variant); `None` for every error a service answered.
    fn failure(&self) -> Option<&crate::CallFailure> {
        None
    }
    /// The HTTP status of the error answer: as received for an unhandled error, the
    /// model's status for a modeled one (waiters' `status` matchers read it).
    fn status(&self) -> u16 {
        self.to_response().status
    }
}

/// An operation of a service: its wire target and its input, output and error types.
pub trait Operation {
    /// The input structure.
    type Input: Structure + crate::Validate;
    /// The output structure.
    type Output: Structure + crate::Validate;
    /// The operation's error.
    type Error: OperationError;
    /// The operation name in the model, e.g. `CreateOpportunity`.
    const NAME: &'static str;
    /// The service's wire protocol.
    const PROTOCOL: crate::protocol::Protocol;
    /// Whether the model gives the operation an input (an operation without one still gets
    /// an empty input type); RPC v2 CBOR sends no body for it.
    const HAS_INPUT: bool = true;
    /// The service is `awsQueryCompatible`: the client sends `x-amzn-query-mode: true`, and
    /// an error's code is the one `x-amzn-query-error` names, where the response has it.
    const QUERY_COMPATIBLE: bool = false;
    /// The operation has `@requestCompression` with `gzip`: the client gzips a request body
    /// of at least the configured size (see `client::Config::request_compression`).
    const GZIP_REQUEST: bool = false;
    /// `@endpoint(hostPrefix)`, e.g. `{AccountId}.data.`: put before the endpoint's host,
    /// its labels filled from the input's `@hostLabel` members.
    const HOST_PREFIX: Option<&'static str> = None;
    /// The service's API version, which awsQuery and ec2Query requests carry (`Version`).
    const API_VERSION: &'static str = "";
    /// The namespace of the service's XML responses, which an awsQuery or ec2Query server
    /// puts on the root element (`<OperationResponse xmlns="...">`), where the model has one.
    const XML_NAMESPACE: Option<&'static str> = None;
    /// The input or output has an event stream (`@streaming` union), whose framing this
    /// runtime does not implement: the client refuses the call with
    /// [`CallFailure::Unsupported`](crate::CallFailure::Unsupported) before sending, and the
    /// server answers it `NotImplemented`.
    const EVENT_STREAM: bool = false;
    /// The operation has `@httpChecksumRequired`: the client sends the body's MD5 in
    /// `Content-MD5`.
    const CHECKSUM_REQUIRED: bool = false;
    /// The model lets the operation go unauthenticated (botocore's `authtype: none`,
    /// Smithy's `@auth([])` or `@optionalAuth`), as STS's `AssumeRoleWithWebIdentity` and
    /// SSO's `GetRoleCredentials`: the client sends it without a signature and without
    /// asking for credentials, as botocore does.
    const UNSIGNED: bool = false;
    /// The `X-Amz-Target` header value, e.g. `AWSPartnerCentralSelling.CreateOpportunity`.
    const TARGET: &'static str;
    /// The `@http` trait (method, URI template, success code) of an HTTP-bound protocol's
    /// operation; RPC protocols keep the default, `POST /`.
    const HTTP: &'static crate::schema::Http = &crate::schema::RPC;
    /// The input's schema, for HTTP-bound protocols (which members are labels, query
    /// parameters, headers or the payload).
    const INPUT_SCHEMA: &'static crate::schema::Shape = &crate::schema::UNIT;
    /// The output's schema, for HTTP-bound protocols.
    const OUTPUT_SCHEMA: &'static crate::schema::Shape = &crate::schema::UNIT;
    /// The model marks the operation read-only.
    const READONLY: bool;
    /// The model marks the operation idempotent.
    const IDEMPOTENT: bool;

    /// The input has an `@idempotencyToken` member: the client fills it once, so a retry
    /// of this operation cannot act twice.
    const HAS_IDEMPOTENCY_TOKEN: bool = false;

    /// Sets every `@idempotencyToken` member of `input` that is absent or empty to a fresh
    /// token from `token` (a client passes a random UUID v4). The default does nothing:
    /// most inputs have no such member.
    fn fill_idempotency_token(input: &mut Self::Input, token: &mut dyn FnMut() -> String) {
        let _ = (input, token);
    }

    /// `@httpChecksum`: the client sends the body's checksum (CRC32 unless the input names
    /// another algorithm) in `x-amz-checksum-<algorithm>`, when the service requires one or
    /// the configuration asks for it whenever supported (the default, as in botocore).
    const HTTP_CHECKSUM: Option<crate::schema::HttpChecksum> = None;

    /// The operation gives endpoint rule parameters of its own ([`Operation::endpoint_params`]):
    /// the client resolves the endpoint for each call instead of once.
    const HAS_ENDPOINT_PARAMS: bool = false;
    /// S3: the endpoint rules place the bucket (in the host, or in the path for path-style
    /// addressing), so the client leaves out the URI template's leading `/{Bucket}`, as
    /// botocore does.
    const BUCKET_IN_ENDPOINT: bool = false;

    /// Sets the endpoint rule parameters the operation fixes (`@staticContextParams`) and
    /// those its input's `@contextParam` members fill, e.g. S3's `Bucket`.
    fn endpoint_params(input: &Self::Input, params: &mut crate::endpoint::Params) {
        let _ = (input, params);
    }

    /// S3's "200 with an error": a `200 OK` whose body is an `<Error>` document, or is not
    /// XML at all (a response cut short), is a failure. The client reads it as a 500, so it
    /// is retried and then read as the error it names, as botocore does. Set for S3's
    /// operations whose output is not a blob or string payload.
    const ERROR_IN_200: bool = false;

    /// The output's payload is a `@streaming` blob: the client hands the response body
    /// over as it arrives (see [`Operation::set_output_stream`]) instead of reading it.
    const STREAMING_OUTPUT: bool = false;
    /// The input's streaming payload is `@requiresLength`: the client refuses a body of
    /// unknown length instead of sending it chunked.
    const REQUIRES_LENGTH: bool = false;

    /// Takes the input's `@streaming` blob payload out, so that the client sends it as the
    /// body without putting it into a document. The default: the input has none.
    fn take_input_stream(input: &mut Self::Input) -> Option<crate::ByteStream> {
        let _ = input;
        None
    }

    /// Takes the output's `@streaming` blob payload out (the server reads it into memory
    /// before writing the response). The default: the output has none.
    fn take_output_stream(output: &mut Self::Output) -> Option<crate::ByteStream> {
        let _ = output;
        None
    }

    /// Sets the output's `@streaming` blob payload. The default does nothing: the output
    /// has none.
    fn set_output_stream(output: &mut Self::Output, body: crate::ByteStream) {
        let _ = (output, body);
    }
}

/// Visits every operation of a service (see the generated `visit_operations`), for generic
/// code such as routing tables, test harnesses and documentation.
pub trait OperationVisitor {
    /// Called once per operation, in model order.
    fn visit<O: Operation>(&mut self);
}

/// The value a required member takes when a received document omits it.
///
/// Services sometimes omit members their model marks required. Like every official SDK, we
/// accept such a document rather than fail the whole response: the member gets its zero
/// value (Smithy's "client error correction": empty string, 0, false, empty collection,
/// the epoch, the `Unknown` enum value, a structure of zero values), and the structure
/// remembers the member's name in [`AbsentMembers`] so that validation can still report it.
pub trait ZeroValue {
    /// The zero value.
    fn zero_value() -> Self;

    /// Whether this is the zero value: a member marked absent counts as missing only while
    /// this holds, so giving it any other value (a caller's assignment, a filled
    /// idempotency token) is enough to make it present.
    fn is_zero_value(&self) -> bool;
}

macro_rules! zero_value {
    ($($ty:ty => $zero:expr),* $(,)?) => {
        $(impl ZeroValue for $ty {
            fn zero_value() -> Self {
                $zero
            }
            fn is_zero_value(&self) -> bool {
                *self == $zero
            }
        })*
    };
}

zero_value! {
    String => String::new(),
    bool => false,
    i8 => 0,
    i16 => 0,
    i32 => 0,
    i64 => 0,
    jiff::Timestamp => jiff::Timestamp::UNIX_EPOCH,
    serde_json::Value => serde_json::Value::Null,
    BigNumber => BigNumber::zero(),
}

impl ZeroValue for f32 {
    fn zero_value() -> Self {
        0.0
    }
    fn is_zero_value(&self) -> bool {
        // Bitwise: `-0.0` was set by someone, the zero value is `+0.0`.
        self.to_bits() == 0
    }
}

impl ZeroValue for f64 {
    fn zero_value() -> Self {
        0.0
    }
    fn is_zero_value(&self) -> bool {
        self.to_bits() == 0
    }
}

impl<T> ZeroValue for Vec<T> {
    fn zero_value() -> Self {
        Vec::new()
    }
    fn is_zero_value(&self) -> bool {
        self.is_empty()
    }
}

impl<K, V> ZeroValue for BTreeMap<K, V> {
    fn zero_value() -> Self {
        BTreeMap::new()
    }
    fn is_zero_value(&self) -> bool {
        self.is_empty()
    }
}

impl<T: ZeroValue> ZeroValue for Box<T> {
    fn zero_value() -> Self {
        Box::new(T::zero_value())
    }
    fn is_zero_value(&self) -> bool {
        (**self).is_zero_value()
    }
}

/// The required members a received document omitted (wire names, in model order).
///
/// Bookkeeping about how a value was received, not part of the value: it is ignored by
/// `PartialEq`, so a value received without a member equals one built with the zero value.
/// The mark alone never makes a member missing: [`AbsentMembers::is_absent`] also asks that
/// the member still hold its zero value, so the mark cannot go stale when public fields are
/// assigned after reading.
#[derive(Clone, Default)]
pub struct AbsentMembers(Vec<&'static str>);

impl AbsentMembers {
    /// Takes a required member as read: its value, or its zero value and a note that it
    /// was absent.
    pub fn required<T: ZeroValue>(&mut self, member: &'static str, value: Option<T>) -> T {
        value.unwrap_or_else(|| {
            self.0.push(member);
            T::zero_value()
        })
    }

    /// Whether `member` (a wire name) is missing: it was absent from the received document
    /// and `value`, its current value, is still the zero value it was given then.
    pub fn is_absent<T: ZeroValue>(&self, member: &str, value: &T) -> bool {
        self.0.contains(&member) && value.is_zero_value()
    }
}

impl PartialEq for AbsentMembers {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl fmt::Debug for AbsentMembers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.0).finish()
    }
}

/// A builder was finished without some of its required members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// The error for `shape`, given its required members as `(wire name, is set)`: every
    /// one that is not set is reported, not only the first.
    pub fn new(shape: &'static str, members: &[(&'static str, bool)]) -> BuildError {
        let missing = members
            .iter()
            .filter(|(_, set)| !set)
            .map(|(name, _)| *name)
            .collect();
        BuildError { shape, missing }
    }

    /// The shape that could not be built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The wire names of the missing required members, in model order.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build {}: missing required member", self.shape)?;
        if self.missing.len() > 1 {
            f.write_str("s")?;
        }
        for (i, name) in self.missing.iter().enumerate() {
            f.write_str(if i == 0 { " " } else { ", " })?;
            write!(f, "`{name}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// The input or output of an operation whose model has none: `{}` on the wire.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unit;

impl Serialize for Unit {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        serializer.serialize_map(Some(0))?.end()
    }
}

impl<'de> serde::Deserialize<'de> for Unit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UnitVisitor;
        impl<'de> serde::de::Visitor<'de> for UnitVisitor {
            type Value = Unit;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Unit, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(Unit)
            }
        }
        deserializer.deserialize_map(UnitVisitor)
    }
}

impl crate::Validate for Unit {
    fn validate_into(&self, _: &mut crate::Validator) {}
}

impl Structure for Unit {
    const SHAPE_NAME: &'static str = "smithy.api#Unit";
    fn absent_required_members(&self) -> Vec<&'static str> {
        Vec::new()
    }
}
