//! The one front-end-agnostic model the emitters read: fully resolved (every target exists,
//! every default applied), ordered explicitly (shapes by name in a `BTreeMap`, members in
//! model order, operations by name). Both front-ends lower into it, so the botocore and
//! Smithy forms of one service can be compared shape by shape.

pub mod bindings;
mod checks;
pub mod compare;
pub mod facts;
mod lower_botocore;
mod lower_smithy;
mod passes;
mod smithy_merge;
pub mod validity;
mod waiter_paths;
pub mod waiters;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use bindings::{
    HttpBinding, HttpTrait, MemberBindings, Segment, ShapeBindings, UriTemplate, XmlNamespace,
};
pub use checks::check_patterns;
pub use lower_botocore::lower_botocore;
pub use lower_smithy::lower_smithy;
pub use waiter_paths::resolve_waiters;
pub use waiters::Waiter;

/// One service, ready for emission.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    /// The model's name for the service, e.g. `partnercentral-selling`.
    pub name: String,
    /// What the generator accepted but could not honour fully (an unchecked pattern), each
    /// naming the file and the shape; the maintainer's command prints them.
    pub warnings: Vec<String>,
    /// The model file it was read from (for error messages).
    pub source: PathBuf,
    pub api_version: String,
    /// e.g. `Partner Central Selling API`.
    pub full_name: String,
    /// e.g. `PartnerCentral Selling`.
    pub service_id: String,
    pub protocol: Protocol,
    /// `aws.protocols#awsQueryCompatible`: a JSON or CBOR service that was an awsQuery one
    /// (the client sends `x-amzn-query-mode`, error codes come from `x-amzn-query-error`).
    pub query_compatible: bool,
    /// The `X-Amz-Target` prefix, e.g. `AWSPartnerCentralSelling`.
    pub target_prefix: String,
    /// The SigV4 signing name.
    pub signing_name: String,
    pub endpoint_prefix: String,
    /// Documentation as HTML, as the model has it.
    pub docs: Option<String>,
    pub shapes: BTreeMap<String, Shape>,
    /// Sorted by name.
    pub operations: Vec<Operation>,
    /// Sorted by name (botocore `waiters-2.json`, Smithy `@smithy.waiters#waitable`).
    pub waiters: Vec<Waiter>,
    /// `smithy.rules#endpointRuleSet` (Smithy) or `endpoint-rule-set-1.json` (botocore).
    pub endpoint_rule_set: Option<serde_json::Value>,
    /// `smithy.rules#endpointTests` (Smithy only).
    pub endpoint_tests: Option<serde_json::Value>,
    /// The namespace of the service's XML responses (botocore's `metadata.xmlNamespace`,
    /// Smithy's `@xmlNamespace` on the service): awsQuery and ec2Query put it on the root
    /// element of every response.
    pub xml_namespace: Option<XmlNamespace>,
}

/// The wire protocol a model names. Every protocol gets the type layer (types, enums,
/// unions, errors, validators); [`Protocol::has_transport`] says which also get operations,
/// a client and a server dispatcher.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protocol {
    AwsJson1_0,
    AwsJson1_1,
    RestJson1,
    RestXml,
    AwsQuery,
    Ec2Query,
    RpcV2Cbor,
}

impl Protocol {
    /// The protocol of a botocore `metadata.protocol` / `protocols` entry (`json` needs the
    /// model's `jsonVersion`).
    pub fn from_botocore(name: &str, json_version: Option<&str>) -> Option<Protocol> {
        Some(match (name, json_version) {
            ("json", Some("1.1")) => Protocol::AwsJson1_1,
            ("json", _) => Protocol::AwsJson1_0,
            ("rest-json", _) => Protocol::RestJson1,
            ("rest-xml", _) => Protocol::RestXml,
            ("query", _) => Protocol::AwsQuery,
            ("ec2", _) => Protocol::Ec2Query,
            ("smithy-rpc-v2-cbor", _) => Protocol::RpcV2Cbor,
            _ => return None,
        })
    }

    /// The protocol of a Smithy service trait, e.g. `aws.protocols#restJson1`.
    pub fn from_smithy_trait(id: &str) -> Option<Protocol> {
        Some(match id {
            "aws.protocols#awsJson1_0" => Protocol::AwsJson1_0,
            "aws.protocols#awsJson1_1" => Protocol::AwsJson1_1,
            "aws.protocols#restJson1" => Protocol::RestJson1,
            "aws.protocols#restXml" => Protocol::RestXml,
            "aws.protocols#awsQuery" => Protocol::AwsQuery,
            "aws.protocols#ec2Query" => Protocol::Ec2Query,
            "smithy.protocols#rpcv2Cbor" => Protocol::RpcV2Cbor,
            _ => return None,
        })
    }

    /// The protocol to generate for a model that names `candidates` (in the model's order of
    /// preference): the first with a transport here, as botocore takes the first it
    /// supports, else the first, for its type layer.
    pub fn preferred(candidates: &[Protocol]) -> Option<Protocol> {
        candidates
            .iter()
            .copied()
            .find(|p| p.has_transport())
            .or(candidates.first().copied())
    }

    /// Whether the generator implements this protocol's client side: operations and a
    /// client. The others get the type layer only, until their protocol is implemented.
    pub fn has_transport(self) -> bool {
        matches!(
            self,
            Protocol::AwsJson1_0
                | Protocol::AwsJson1_1
                | Protocol::RpcV2Cbor
                | Protocol::RestJson1
                | Protocol::RestXml
                | Protocol::AwsQuery
                | Protocol::Ec2Query
        )
    }

    /// Whether members travel in the URI, query and headers as the `@http*` traits say (the
    /// generated `schemas` module describes them): restJson1 so far.
    pub fn has_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1 | Protocol::RestXml)
    }

    /// Whether the generator also implements its server side (a dispatcher): every protocol
    /// with a client.
    pub fn has_server(self) -> bool {
        self.has_transport()
    }

    /// Whether its codecs read static schemas (the generated `schemas` module): the
    /// HTTP-bound protocols and the query protocols.
    pub fn has_schemas(self) -> bool {
        self.has_http_bindings() || matches!(self, Protocol::AwsQuery | Protocol::Ec2Query)
    }

    /// The timestamp format of members that do not set one (Smithy's protocol defaults).
    pub fn default_timestamp_format(self) -> TimestampFormat {
        match self {
            Protocol::AwsJson1_0
            | Protocol::AwsJson1_1
            | Protocol::RestJson1
            | Protocol::RpcV2Cbor => TimestampFormat::EpochSeconds,
            Protocol::RestXml | Protocol::AwsQuery | Protocol::Ec2Query => {
                TimestampFormat::DateTime
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub name: String,
    pub kind: ShapeKind,
    pub docs: Option<String>,
    pub constraints: Constraints,
    pub sensitive: bool,
    pub deprecated: Option<Deprecated>,
    /// Set on structures that are errors.
    pub error: Option<ErrorTrait>,
    /// XML names and namespaces, flattening, streaming.
    pub bindings: ShapeBindings,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    /// The shape's own format; a member may override it.
    Timestamp(TimestampFormat),
    Document,
    /// A string restricted to listed values.
    Enum(Vec<EnumValue>),
    /// An integer restricted to listed values (Smithy `intEnum`).
    IntEnum(Vec<IntEnumValue>),
    List {
        member: Box<Member>,
        sparse: bool,
    },
    Map {
        key: Box<Member>,
        value: Box<Member>,
        sparse: bool,
    },
    Structure(Vec<Member>),
    /// A tagged union: exactly one member is set.
    Union(Vec<Member>),
    /// Smithy's `smithy.api#Unit`: no value (a union member that carries nothing).
    Unit,
}

impl ShapeKind {
    /// A simple shape by its type name, which botocore and Smithy spell alike (timestamps,
    /// enums and aggregates need more than a name).
    pub fn simple(type_name: &str) -> Option<ShapeKind> {
        Some(match type_name {
            "blob" => ShapeKind::Blob,
            "boolean" => ShapeKind::Boolean,
            "string" => ShapeKind::String,
            "byte" => ShapeKind::Byte,
            "short" => ShapeKind::Short,
            "integer" => ShapeKind::Integer,
            "long" => ShapeKind::Long,
            "float" => ShapeKind::Float,
            "double" => ShapeKind::Double,
            "bigInteger" => ShapeKind::BigInteger,
            "bigDecimal" => ShapeKind::BigDecimal,
            "document" => ShapeKind::Document,
            _ => return None,
        })
    }

    /// Whether `range` applies: every number type, floats included.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            ShapeKind::Byte
                | ShapeKind::Short
                | ShapeKind::Integer
                | ShapeKind::Long
                | ShapeKind::Float
                | ShapeKind::Double
                | ShapeKind::BigInteger
                | ShapeKind::BigDecimal
        )
    }

    /// The kind's name in Smithy terms, for messages and summaries.
    pub fn label(&self) -> &'static str {
        match self {
            ShapeKind::Blob => "blob",
            ShapeKind::Boolean => "boolean",
            ShapeKind::String => "string",
            ShapeKind::Byte => "byte",
            ShapeKind::Short => "short",
            ShapeKind::Integer => "integer",
            ShapeKind::Long => "long",
            ShapeKind::Float => "float",
            ShapeKind::Double => "double",
            ShapeKind::BigInteger => "bigInteger",
            ShapeKind::BigDecimal => "bigDecimal",
            ShapeKind::Timestamp(_) => "timestamp",
            ShapeKind::Document => "document",
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List { .. } => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Unit => "unit",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The value on the wire.
    pub value: String,
    /// The Smithy member name where the model has one (botocore does not).
    pub name: Option<String>,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IntEnumValue {
    pub value: i32,
    pub name: String,
    pub docs: Option<String>,
}

/// A structure or union member, a list member, or a map key or value.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member name in the model.
    pub name: String,
    /// The JSON key (the model name unless `jsonName` says otherwise).
    pub wire_name: String,
    /// The target shape's name; always present in [`Service::shapes`].
    pub target: String,
    pub required: bool,
    pub docs: Option<String>,
    /// Constraints placed on the member itself (Smithy); botocore puts them on shapes.
    pub constraints: Constraints,
    /// Overrides the target timestamp shape's format.
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    pub deprecated: Option<Deprecated>,
    /// Set by the recursion pass: the member sits on a cycle of structures and unions and is
    /// stored behind a `Box`.
    pub boxed: bool,
    /// Smithy's `@default` value (botocore models do not carry it).
    pub default: Option<serde_json::Value>,
    /// Where it travels over HTTP, and its XML and query names.
    pub bindings: MemberBindings,
}

impl Member {
    /// A member with no traits, targeting `target`.
    pub fn new(name: &str, target: &str) -> Member {
        Member {
            name: name.to_owned(),
            wire_name: name.to_owned(),
            target: target.to_owned(),
            required: false,
            docs: None,
            constraints: Constraints::default(),
            timestamp_format: None,
            idempotency_token: false,
            deprecated: None,
            boxed: false,
            default: None,
            bindings: MemberBindings::default(),
        }
    }
}

/// Constraint traits, with Smithy semantics whatever the input format.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    /// `length`: code points of a string, entries of a list or map, bytes of a blob.
    pub length: Option<Bounds<u64>>,
    /// `range` of a number, as the model writes the bounds.
    pub range: Option<Bounds<serde_json::Number>>,
    pub pattern: Option<Pattern>,
    pub unique_items: bool,
}

impl Constraints {
    /// These (a target shape's) constraints with a member's own laid over them, trait by
    /// trait: what applies to the member's values.
    pub fn overridden_by(&self, member: &Constraints) -> Constraints {
        Constraints {
            length: member.length.clone().or_else(|| self.length.clone()),
            range: member.range.clone().or_else(|| self.range.clone()),
            pattern: self.pattern_for(member).cloned(),
            unique_items: member.unique_items || self.unique_items,
        }
    }

    /// The pattern of [`Constraints::overridden_by`], without copying the rest.
    pub fn pattern_for<'a>(&'a self, member: &'a Constraints) -> Option<&'a Pattern> {
        member.pattern.as_ref().or(self.pattern.as_ref())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Bounds<T> {
    pub min: Option<T>,
    pub max: Option<T>,
}

/// An ECMA-262 regular expression that is *searched* in the value (Smithy semantics): a
/// pattern that must match the whole value carries its own `^` and `$`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    /// The normalized, searched form.
    pub ecma: String,
    /// The pattern as the model wrote it, for documentation.
    pub original: String,
    /// Why the pattern is not checked: set by `check_patterns` when no engine can read it
    /// with one clear meaning. The service still generates; the check is left out, with a
    /// warning naming the shape and a note in the member's docs.
    pub unchecked: Option<String>,
}

impl Pattern {
    /// A Smithy `pattern`: already in searched form.
    pub fn searched(pattern: &str) -> Pattern {
        // `^(?s)rest` (as the Smithy models write it) is `(?s)^rest`: the flag applies from
        // where it stands and `^` does not depend on it. Flags lead, as in `whole_value`.
        let ecma = match pattern.strip_prefix('^').map(split_leading_flags) {
            Some((flags, rest)) if !flags.is_empty() => format!("{flags}^{rest}"),
            _ => pattern.to_owned(),
        };
        Pattern {
            ecma,
            original: pattern.to_owned(),
            unchecked: None,
        }
    }

    /// A botocore `pattern`: the converter stripped Smithy's anchors, and botocore matches it
    /// against the whole value, so it is anchored here at both ends.
    pub fn whole_value(pattern: &str) -> Pattern {
        // Leading inline flags such as `(?s)` (not ECMA syntax, but in the models) apply to
        // the whole pattern, so they stay in front of the anchor.
        let (flags, body) = split_leading_flags(pattern);
        Pattern {
            ecma: format!("{flags}^(?:{body})$"),
            original: pattern.to_owned(),
            unchecked: None,
        }
    }
}

/// Splits `(?s)(?i)rest` into `("(?s)(?i)", "rest")`.
fn split_leading_flags(pattern: &str) -> (&str, &str) {
    let mut end = 0;
    while let Some(rest) = pattern[end..].strip_prefix("(?") {
        let flag_len = rest
            .find(')')
            .filter(|&n| n > 0 && rest[..n].chars().all(|c| c.is_ascii_alphabetic()));
        match flag_len {
            Some(n) => end += 2 + n + 1,
            None => break,
        }
    }
    pattern.split_at(end)
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deprecated {
    pub message: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorTrait {
    /// The code on the wire: `__type` and `X-Amzn-Errortype`.
    pub code: String,
    pub fault: ErrorFault,
    /// The model's `httpError` (Smithy) or `error.httpStatusCode` (botocore).
    pub http_status: Option<u16>,
    pub retryable: bool,
    pub throttling: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub name: String,
    pub docs: Option<String>,
    /// The input structure; `None` when the model has none.
    pub input: Option<String>,
    /// The output structure; `None` when the model has none.
    pub output: Option<String>,
    /// Whether the model gives the operation an input (before `passes` synthesizes an empty
    /// one): RPC v2 CBOR sends no body for an operation without one.
    pub modeled_input: bool,
    /// `@requestCompression` lists `gzip`: the client may gzip the request body.
    pub gzip_request: bool,
    /// `@httpChecksumRequired`: the client sends the body's MD5 in `Content-MD5`.
    pub checksum_required: bool,
    /// The operation needs no authentication (botocore `authtype: none` or `auth:
    /// [smithy.api#noAuth]`, Smithy `@auth([])` or `@optionalAuth`): clients send it
    /// unsigned.
    pub unsigned: bool,
    /// Error shapes, sorted by name.
    pub errors: Vec<String>,
    pub readonly: bool,
    pub idempotent: bool,
    pub deprecated: Option<Deprecated>,
    pub paginated: Option<Paginated>,
    /// Method, URI template and status of HTTP-bound protocols (the RPC protocols ignore it).
    pub http: Option<HttpTrait>,
    /// `@endpoint(hostPrefix)`: a prefix of the host, with `{labels}` from host-label members.
    pub host_prefix: Option<String>,
    /// restXml: the root element of the input body (botocore's `locationName` on the
    /// operation's input) and its namespace, where the model gives them.
    pub input_xml_name: Option<String>,
    pub input_xml_namespace: Option<XmlNamespace>,
    /// Endpoint rule parameters the operation fixes (`@staticContextParams`): name to
    /// value (a boolean or a string).
    pub static_context_params: BTreeMap<String, serde_json::Value>,
    /// `@httpChecksum`'s request side: the body's checksum goes in a header.
    pub http_checksum: Option<HttpChecksum>,
}

/// The request side of `@httpChecksum` (S3's flexible checksums).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The input member that names the algorithm (bound to `x-amz-sdk-checksum-algorithm`).
    pub request_algorithm_member: Option<String>,
    /// The service rejects a request without a checksum.
    pub request_checksum_required: bool,
    /// The input member that asks for the response's checksum (`x-amz-checksum-mode`).
    pub request_validation_mode_member: Option<String>,
    /// The algorithms a response's checksum may come in.
    pub response_algorithms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Paginated {
    /// Input members that carry the page token (usually one: `NextToken`).
    pub input_tokens: Vec<String>,
    /// Output members (or dotted paths) that carry the next page token.
    pub output_tokens: Vec<String>,
    /// The input member that caps the page size.
    pub page_size: Option<String>,
    /// The output members that hold the items of a page.
    pub items: Vec<String>,
}

impl Service {
    /// The shape a member targets. Lowering guarantees it exists.
    pub fn target(&self, member: &Member) -> &Shape {
        &self.shapes[&member.target]
    }

    /// Whether a member is a streaming blob, whose bytes travel as the HTTP body in chunks
    /// (a `ByteStream`), marked on its shape or, in botocore's S3 model, on the member.
    pub fn is_byte_stream(&self, member: &Member) -> bool {
        let target = self.target(member);
        target.kind == ShapeKind::Blob && (target.bindings.streaming || member.bindings.streaming)
    }

    /// The format of a timestamp member bound outside the body (`binding`): the member's
    /// own, else its shape's declared one, else the binding's default.
    /// A member bound to a list (a header or query parameter of several values) gives the
    /// format of its items.
    pub fn bound_timestamp_format(&self, member: &Member) -> TimestampFormat {
        let item = match &self.target(member).kind {
            ShapeKind::List { member: item, .. } => item,
            _ => member,
        };
        item.timestamp_format
            .or(self.target(item).bindings.timestamp_format)
            .or(member.bindings.http.default_timestamp_format())
            .unwrap_or_else(|| self.timestamp_format(item))
    }

    /// The structures, unions, lists and maps reachable from the operations' inputs, outputs
    /// and errors.
    pub fn reachable_aggregates(&self) -> std::collections::BTreeSet<String> {
        let mut seen = std::collections::BTreeSet::new();
        let mut stack: Vec<&str> = self
            .operations
            .iter()
            .flat_map(|op| op.input.iter().chain(&op.output).chain(&op.errors))
            .map(String::as_str)
            .collect();
        while let Some(name) = stack.pop() {
            let Some(shape) = self.shapes.get(name) else {
                continue;
            };
            let targets: Vec<&str> = match &shape.kind {
                ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                    members.iter().map(|m| m.target.as_str()).collect()
                }
                ShapeKind::List { member, .. } => vec![member.target.as_str()],
                ShapeKind::Map { value, .. } => vec![value.target.as_str()],
                _ => continue,
            };
            if seen.insert(name.to_owned()) {
                stack.extend(targets);
            }
        }
        seen
    }

    /// The effective timestamp format of a member targeting a timestamp.
    pub fn timestamp_format(&self, member: &Member) -> TimestampFormat {
        match (&member.timestamp_format, &self.target(member).kind) {
            (Some(format), _) => *format,
            (None, ShapeKind::Timestamp(format)) => *format,
            (None, _) => self.protocol.default_timestamp_format(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn botocore_patterns_are_anchored_with_leading_flags_kept_in_front() {
        assert_eq!(
            Pattern::whole_value("eng-[0-9a-z]{14}").ecma,
            "^(?:eng-[0-9a-z]{14})$"
        );
        assert_eq!(
            Pattern::whole_value("(?s).{0,255}").ecma,
            "(?s)^(?:.{0,255})$"
        );
        assert_eq!(Pattern::whole_value("a|b").ecma, "^(?:a|b)$");
        assert_eq!(Pattern::whole_value("(?:x)").ecma, "^(?:(?:x))$");
        assert_eq!(
            Pattern::whole_value("(?=.{1,2}$)a+").ecma,
            "^(?:(?=.{1,2}$)a+)$"
        );
    }
}
