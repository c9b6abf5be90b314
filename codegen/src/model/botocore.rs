//! botocore's `service-2.json`, `paginators-1.json` and `waiters-2.json`, as far as code
//! generation needs them.
//! Unknown keys are ignored so that new botocore fields never break loading.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::Error;

/// A whole `service-2.json`.
#[derive(Debug, Deserialize)]
pub struct ServiceModel {
    pub metadata: Metadata,
    #[serde(default)]
    pub documentation: Option<String>,
    /// Keyed by operation name; botocore keeps them in model order, which we do not need.
    #[serde(deserialize_with = "super::unique_keys")]
    pub operations: BTreeMap<String, Operation>,
    #[serde(deserialize_with = "super::unique_keys")]
    pub shapes: BTreeMap<String, Shape>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    pub api_version: String,
    pub endpoint_prefix: String,
    pub protocol: String,
    #[serde(default)]
    pub protocols: Vec<String>,
    #[serde(default)]
    pub json_version: Option<String>,
    pub service_full_name: String,
    #[serde(default)]
    pub service_id: Option<String>,
    #[serde(default)]
    pub signature_version: Option<String>,
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub target_prefix: Option<String>,
    #[serde(default)]
    pub uid: Option<String>,
    /// `awsQueryCompatible` (an empty object when present).
    #[serde(default)]
    pub aws_query_compatible: Option<serde_json::Value>,
    /// The namespace of XML responses (a URI, or `{"uri": ..., "prefix": ...}`).
    #[serde(default)]
    pub xml_namespace: Option<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub name: String,
    #[serde(default)]
    pub http: Option<Http>,
    #[serde(default)]
    pub input: Option<ShapeRef>,
    #[serde(default)]
    pub output: Option<ShapeRef>,
    #[serde(default)]
    pub errors: Vec<ShapeRef>,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub readonly: bool,
    #[serde(default)]
    pub idempotent: bool,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// `authtype` (`none`: the operation is sent unsigned) and `auth` (the Smithy auth
    /// schemes in order, `smithy.api#noAuth` for none), where the operation overrides the
    /// service's.
    #[serde(default)]
    pub authtype: Option<String>,
    #[serde(default)]
    pub auth: Option<Vec<String>>,
    /// `requestcompression` (Smithy `@requestCompression`): the encodings the service takes.
    #[serde(default, rename = "requestcompression")]
    pub request_compression: Option<RequestCompression>,
    #[serde(default)]
    pub endpoint: Option<Endpoint>,
    /// `httpChecksumRequired` (Smithy `@httpChecksumRequired`): the request carries a
    /// `Content-MD5`.
    #[serde(default, rename = "httpChecksumRequired")]
    pub http_checksum_required: bool,
    /// Endpoint rule parameters the operation fixes (`staticContextParams`), e.g. S3's
    /// `UseS3ExpressControlEndpoint`.
    #[serde(default, rename = "staticContextParams")]
    pub static_context_params: BTreeMap<String, StaticContextParam>,
    /// `httpChecksum` (Smithy `@aws.protocols#httpChecksum`): flexible checksums.
    #[serde(default, rename = "httpChecksum")]
    pub http_checksum: Option<HttpChecksum>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HttpChecksum {
    #[serde(default)]
    pub request_algorithm_member: Option<String>,
    #[serde(default)]
    pub request_checksum_required: bool,
    #[serde(default)]
    pub request_validation_mode_member: Option<String>,
    #[serde(default)]
    pub response_algorithms: Vec<String>,
}

#[derive(Debug, Deserialize)]
pub struct StaticContextParam {
    pub value: serde_json::Value,
}

/// `contextParam`: the endpoint rule parameter a member's value fills.
#[derive(Debug, Deserialize)]
pub struct ContextParam {
    pub name: String,
}

#[derive(Debug, Deserialize)]
pub struct RequestCompression {
    #[serde(default)]
    pub encodings: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Http {
    pub method: String,
    pub request_uri: String,
    #[serde(default)]
    pub response_code: Option<u16>,
}

/// An operation's `endpoint`: the host prefix (with `{labels}` from host-label members).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Endpoint {
    pub host_prefix: String,
}

/// A reference to a shape with member-level attributes: structure members, list members,
/// map keys and values, operation inputs and outputs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShapeRef {
    pub shape: String,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default)]
    pub idempotency_token: bool,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    /// Set on members of services whose JSON key differs from the member name.
    #[serde(default)]
    pub location_name: Option<String>,
    /// `jsonvalue`: a string member that carries a JSON document (REST headers only).
    #[serde(default)]
    pub jsonvalue: bool,
    /// Where an input or output member travels: `header`, `headers`, `uri`, `querystring`,
    /// `statusCode` (absent: the body).
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub query_name: Option<String>,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub xml_attribute: bool,
    /// `{"uri": ..., "prefix": ...}` (or, on some models, the URI alone).
    #[serde(default)]
    pub xml_namespace: Option<serde_json::Value>,
    #[serde(default)]
    pub host_label: bool,
    /// A blob payload whose bytes stream (S3 puts `streaming` on the member, not the shape).
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub context_param: Option<ContextParam>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub documentation: Option<String>,
    #[serde(default, deserialize_with = "super::unique_keys")]
    pub members: BTreeMap<String, ShapeRef>,
    /// Member order as written in the model: `members` is a map, so the order is read
    /// separately (see [`load`]).
    #[serde(skip)]
    pub member_order: Vec<String>,
    #[serde(default)]
    pub required: Vec<String>,
    #[serde(default)]
    pub member: Option<ShapeRef>,
    #[serde(default)]
    pub key: Option<ShapeRef>,
    #[serde(default)]
    pub value: Option<ShapeRef>,
    #[serde(rename = "enum", default)]
    pub enum_values: Option<Vec<String>>,
    #[serde(default)]
    pub min: Option<serde_json::Number>,
    #[serde(default)]
    pub max: Option<serde_json::Number>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub exception: bool,
    #[serde(default)]
    pub fault: bool,
    #[serde(default)]
    pub error: Option<ErrorInfo>,
    #[serde(default)]
    pub retryable: Option<Retryable>,
    #[serde(default)]
    pub union: bool,
    /// The member of a structure that is the whole HTTP body.
    #[serde(default)]
    pub payload: Option<String>,
    /// A structure's XML element name.
    #[serde(default)]
    pub location_name: Option<String>,
    #[serde(default)]
    pub flattened: bool,
    #[serde(default)]
    pub xml_namespace: Option<serde_json::Value>,
    #[serde(default)]
    pub streaming: bool,
    #[serde(default)]
    pub eventstream: bool,
    /// A streaming blob whose length must be known before it is sent.
    #[serde(default)]
    pub requires_length: bool,
    #[serde(default)]
    pub timestamp_format: Option<String>,
    #[serde(default)]
    pub deprecated: bool,
    #[serde(default)]
    pub deprecated_message: Option<String>,
    #[serde(default)]
    pub document: bool,
    #[serde(default)]
    pub sparse: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ErrorInfo {
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub http_status_code: Option<u16>,
    #[serde(default)]
    pub sender_fault: Option<bool>,
}

#[derive(Debug, Deserialize)]
pub struct Retryable {
    #[serde(default)]
    pub throttling: bool,
}

/// A whole `paginators-1.json`.
#[derive(Debug, Default, Deserialize)]
pub struct Paginators {
    pub pagination: BTreeMap<String, Paginator>,
}

#[derive(Debug, Deserialize)]
pub struct Paginator {
    pub input_token: OneOrMany,
    pub output_token: OneOrMany,
    #[serde(default)]
    pub limit_key: Option<String>,
    #[serde(default)]
    pub result_key: Option<OneOrMany>,
}

/// A whole `waiters-2.json`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Waiters {
    #[serde(default)]
    pub version: Option<u32>,
    pub waiters: BTreeMap<String, Waiter>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Waiter {
    pub operation: String,
    /// Seconds between attempts.
    pub delay: u32,
    pub max_attempts: u32,
    #[serde(default)]
    pub description: Option<String>,
    pub acceptors: Vec<Acceptor>,
}

#[derive(Debug, Deserialize)]
pub struct Acceptor {
    pub matcher: AcceptorMatcher,
    pub state: AcceptorState,
    /// A string, boolean or number, depending on the matcher.
    pub expected: serde_json::Value,
    /// The JMESPath expression of the path matchers.
    #[serde(default)]
    pub argument: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AcceptorMatcher {
    Path,
    PathAll,
    PathAny,
    Status,
    Error,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AcceptorState {
    Success,
    Failure,
    Retry,
}

/// botocore writes a single token or key as a string and several as a list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            OneOrMany::One(one) => vec![one.clone()],
            OneOrMany::Many(many) => many.clone(),
        }
    }
}

/// Reads a `service-2.json`; errors name the file and the JSON path of the bad value.
pub fn load(path: &Path) -> Result<ServiceModel, Error> {
    let text = crate::error::read_file(path)?;
    let mut model: ServiceModel = parse_json(path, &text)?;
    // serde_json maps lose the model's member order; read it again as raw JSON objects,
    // whose order serde_json keeps only with `preserve_order`, so parse the keys by hand.
    let raw: RawShapes = parse_json(path, &text)?;
    for (name, shape) in &mut model.shapes {
        if let Some(raw_shape) = raw.shapes.get(name) {
            shape.member_order = raw_shape.members.0.clone();
        }
    }
    Ok(model)
}

/// Reads a `paginators-1.json`; a missing file means the service has no paginators.
pub fn load_paginators(path: &Path) -> Result<Paginators, Error> {
    if !path.exists() {
        return Ok(Paginators::default());
    }
    let text = crate::error::read_file(path)?;
    parse_json(path, &text)
}

/// Reads a `waiters-2.json`; a missing file means the service has no waiters. An unknown
/// matcher or state is an error naming the file and the JSON path.
pub fn load_waiters(path: &Path) -> Result<Waiters, Error> {
    if !path.exists() {
        return Ok(Waiters::default());
    }
    let text = crate::error::read_file(path)?;
    parse_json(path, &text)
}

fn parse_json<T: for<'de> Deserialize<'de>>(path: &Path, text: &str) -> Result<T, Error> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| Error::Model {
        file: path.to_path_buf(),
        location: error.path().to_string(),
        message: error.into_inner().to_string(),
    })
}

#[derive(Deserialize)]
struct RawShapes {
    shapes: BTreeMap<String, RawShape>,
}

#[derive(Deserialize)]
struct RawShape {
    #[serde(default)]
    members: KeyOrder,
}

/// The keys of a JSON object in document order.
#[derive(Default)]
struct KeyOrder(Vec<String>);

impl<'de> Deserialize<'de> for KeyOrder {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> serde::de::Visitor<'de> for KeyVisitor {
            type Value = KeyOrder;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<KeyOrder, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(KeyOrder(keys))
            }
        }
        deserializer.deserialize_map(KeyVisitor)
    }
}
