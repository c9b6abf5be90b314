//! botocore `service-2.json` -> IR.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Error, Result};
use crate::ir::*;
use crate::model::botocore::{self, ServiceModel, ShapeRef};

/// Lowers a loaded botocore model (and its paginators and waiters, read from
/// `waiters_file`) into the IR, checking that it is complete: every error names `file` and
/// the offending shape.
pub fn lower_botocore(
    file: &Path,
    model: &ServiceModel,
    paginators: &botocore::Paginators,
    (waiters_file, waiters): (&Path, &botocore::Waiters),
) -> Result<Service> {
    let lower = Lowering { file, model };
    let meta = &model.metadata;
    let protocol = choose_protocol(meta).map_err(|message| Error::Model {
        file: file.to_path_buf(),
        location: "metadata.protocol".into(),
        message,
    })?;

    let mut shapes = BTreeMap::new();
    for (name, shape) in &model.shapes {
        shapes.insert(name.clone(), lower.shape(name, shape, protocol)?);
    }
    let mut operations = Vec::new();
    for (name, operation) in &model.operations {
        operations.push(lower.operation(name, operation, paginators.pagination.get(name))?);
    }
    operations.sort_by(|a, b| a.name.cmp(&b.name));

    let mut service = Service {
        warnings: Vec::new(),
        name: meta
            .uid
            .as_deref()
            .and_then(|uid| uid.strip_suffix(&format!("-{}", meta.api_version)))
            .unwrap_or(&meta.endpoint_prefix)
            .to_owned(),
        source: file.to_path_buf(),
        api_version: meta.api_version.clone(),
        full_name: meta.service_full_name.clone(),
        service_id: meta
            .service_id
            .clone()
            .unwrap_or_else(|| meta.service_full_name.clone()),
        protocol,
        query_compatible: meta.aws_query_compatible.is_some(),
        target_prefix: meta.target_prefix.clone().unwrap_or_default(),
        signing_name: meta
            .signing_name
            .clone()
            .unwrap_or_else(|| meta.endpoint_prefix.clone()),
        endpoint_prefix: meta.endpoint_prefix.clone(),
        docs: model.documentation.clone(),
        shapes,
        operations,
        waiters: super::waiters::from_botocore(waiters_file, waiters)?
            .into_iter()
            .map(|mut waiter| {
                // A waiter names the operation by its key in `operations`, which is not
                // always its `name` (cloudfront's `GetDistribution` is
                // `GetDistribution2020_05_31`); the IR knows operations by `name`.
                if let Some(operation) = model.operations.get(&waiter.operation) {
                    waiter.operation.clone_from(&operation.name);
                }
                waiter
            })
            .collect(),
        endpoint_rule_set: None,
        endpoint_tests: None,
        xml_namespace: xml_namespace(meta.xml_namespace.as_ref()),
    };
    super::validity::check_targets(&service)?;
    passes::run_all(&mut service);
    Ok(service)
}

/// The protocol botocore would use: the first entry of `metadata.protocols` (or the one
/// `metadata.protocol`) that has a transport here, else the first one named, for its type
/// layer. A name no AWS protocol has is an error.
fn choose_protocol(meta: &botocore::Metadata) -> std::result::Result<Protocol, String> {
    let named: Vec<&str> = if meta.protocols.is_empty() {
        vec![meta.protocol.as_str()]
    } else {
        meta.protocols.iter().map(String::as_str).collect()
    };
    let mut known = Vec::new();
    for name in &named {
        match Protocol::from_botocore(name, meta.json_version.as_deref()) {
            Some(protocol) => known.push(protocol),
            None => return Err(format!("`{name}` is not an AWS protocol")),
        }
    }
    Protocol::preferred(&known).ok_or_else(|| "names no protocol".to_owned())
}

struct Lowering<'a> {
    file: &'a Path,
    model: &'a ServiceModel,
}

impl Lowering<'_> {
    fn error(&self, shape: &str, message: impl Into<String>) -> Error {
        Error::shape(self.file, shape, message)
    }

    fn shape(&self, name: &str, shape: &botocore::Shape, protocol: Protocol) -> Result<Shape> {
        let kind = match shape.kind.as_str() {
            "string" => match &shape.enum_values {
                Some(values) => ShapeKind::Enum(
                    values
                        .iter()
                        .map(|value| EnumValue {
                            value: value.clone(),
                            name: None,
                            docs: None,
                        })
                        .collect(),
                ),
                None => ShapeKind::String,
            },
            "timestamp" => ShapeKind::Timestamp(match &shape.timestamp_format {
                Some(format) => self.timestamp_format(name, format)?,
                None => protocol.default_timestamp_format(),
            }),
            "list" => {
                let member = shape
                    .member
                    .as_ref()
                    .ok_or_else(|| self.error(name, "list has no `member`"))?;
                ShapeKind::List {
                    member: Box::new(self.member(name, "member", member, false)?),
                    sparse: shape.sparse,
                }
            }
            "map" => {
                let (Some(key), Some(value)) = (&shape.key, &shape.value) else {
                    return Err(self.error(name, "map needs both `key` and `value`"));
                };
                ShapeKind::Map {
                    key: Box::new(self.member(name, "key", key, false)?),
                    value: Box::new(self.member(name, "value", value, false)?),
                    sparse: shape.sparse,
                }
            }
            "structure" if shape.document => ShapeKind::Document,
            "structure" => {
                for required in &shape.required {
                    if !shape.members.contains_key(required) {
                        return Err(self.error(
                            name,
                            format!("`required` names `{required}`, which is not a member"),
                        ));
                    }
                }
                if let Some(payload) = &shape.payload
                    && !shape.members.contains_key(payload)
                {
                    return Err(self.error(
                        name,
                        format!("`payload` names `{payload}`, which is not a member"),
                    ));
                }
                let mut members = Vec::new();
                for member_name in self.member_order(shape) {
                    let reference = &shape.members[member_name];
                    let required = shape.required.contains(member_name);
                    let mut member = self.member(name, member_name, reference, required)?;
                    if shape.payload.as_ref() == Some(member_name) {
                        member.bindings.http = HttpBinding::Payload;
                    }
                    members.push(member);
                }
                if shape.union {
                    if members.iter().any(|m| m.required) {
                        return Err(self.error(name, "a union cannot have required members"));
                    }
                    ShapeKind::Union(members)
                } else {
                    ShapeKind::Structure(members)
                }
            }
            other => match ShapeKind::simple(other) {
                Some(kind) => kind,
                None => return Err(self.error(name, format!("unknown shape type `{other}`"))),
            },
        };
        let error = if shape.exception {
            Some(self.error_trait(name, shape))
        } else {
            None
        };
        Ok(Shape {
            name: name.to_owned(),
            constraints: self.constraints(name, shape, &kind)?,
            kind,
            docs: shape.documentation.clone(),
            sensitive: shape.sensitive,
            deprecated: deprecated(shape.deprecated, &shape.deprecated_message),
            error,
            bindings: ShapeBindings {
                xml_name: shape.location_name.clone(),
                xml_flattened: shape.flattened,
                xml_namespace: xml_namespace(shape.xml_namespace.as_ref()),
                streaming: shape.streaming || shape.eventstream,
                requires_length: shape.requires_length,
                timestamp_format: match &shape.timestamp_format {
                    Some(format) if shape.kind == "timestamp" => {
                        Some(self.timestamp_format(name, format)?)
                    }
                    _ => None,
                },
            },
        })
    }

    /// Members in model order; any member the order misses (never, for a well-formed
    /// file) follows in name order, so nothing is dropped.
    fn member_order<'s>(&self, shape: &'s botocore::Shape) -> Vec<&'s String> {
        let mut order: Vec<&String> = shape
            .member_order
            .iter()
            .filter(|name| shape.members.contains_key(*name))
            .collect();
        for name in shape.members.keys() {
            if !order.contains(&name) {
                order.push(name);
            }
        }
        order
    }

    fn member(
        &self,
        shape: &str,
        name: &str,
        reference: &ShapeRef,
        required: bool,
    ) -> Result<Member> {
        if !self.model.shapes.contains_key(&reference.shape) {
            return Err(self.error(
                shape,
                format!(
                    "member `{name}` targets `{}`, which is not a shape of the model",
                    reference.shape
                ),
            ));
        }
        let timestamp_format = match &reference.timestamp_format {
            Some(format) => Some(self.timestamp_format(shape, format)?),
            None => None,
        };
        let http = self.http_binding(shape, name, reference)?;
        // `locationName` names a header, label or query parameter of a member bound there;
        // of a body member, its key or element.
        let body_name = match http {
            HttpBinding::Body => reference.location_name.clone(),
            _ => None,
        };
        Ok(Member {
            bindings: MemberBindings {
                http,
                xml_name: body_name.clone(),
                xml_attribute: reference.xml_attribute,
                xml_flattened: reference.flattened,
                xml_namespace: xml_namespace(reference.xml_namespace.as_ref()),
                query_name: reference.query_name.clone(),
                host_label: reference.host_label,
                json_value: reference.jsonvalue,
                streaming: reference.streaming,
                context_param: reference.context_param.as_ref().map(|p| p.name.clone()),
            },
            name: name.to_owned(),
            wire_name: body_name.unwrap_or_else(|| name.to_owned()),
            target: reference.shape.clone(),
            required,
            docs: reference.documentation.clone(),
            constraints: Constraints::default(),
            timestamp_format,
            idempotency_token: reference.idempotency_token,
            deprecated: deprecated(reference.deprecated, &reference.deprecated_message),
            boxed: false,
            default: None,
        })
    }

    /// botocore's `location` as an HTTP binding; `locationName` names the header, label or
    /// parameter (the member name where it is absent).
    fn http_binding(&self, shape: &str, name: &str, reference: &ShapeRef) -> Result<HttpBinding> {
        let Some(location) = &reference.location else {
            return Ok(HttpBinding::Body);
        };
        let named = || {
            reference
                .location_name
                .clone()
                .unwrap_or_else(|| name.to_owned())
        };
        Ok(match location.as_str() {
            "header" => HttpBinding::Header(named()),
            "headers" => {
                HttpBinding::PrefixHeaders(reference.location_name.clone().unwrap_or_default())
            }
            "uri" => HttpBinding::Label(named()),
            "querystring" => match self.model.shapes.get(&reference.shape) {
                Some(target) if target.kind == "map" => HttpBinding::QueryParams,
                _ => HttpBinding::Query(named()),
            },
            "statusCode" => HttpBinding::ResponseCode,
            other => {
                return Err(self.error(
                    shape,
                    format!("member `{name}` has an unknown location `{other}`"),
                ));
            }
        })
    }

    fn timestamp_format(&self, shape: &str, format: &str) -> Result<TimestampFormat> {
        match format {
            "unixTimestamp" => Ok(TimestampFormat::EpochSeconds),
            "iso8601" => Ok(TimestampFormat::DateTime),
            "rfc822" => Ok(TimestampFormat::HttpDate),
            other => Err(self.error(shape, format!("unknown timestampFormat `{other}`"))),
        }
    }

    /// botocore writes `min`/`max` for both length and range: which one depends on the type.
    fn constraints(
        &self,
        name: &str,
        shape: &botocore::Shape,
        kind: &ShapeKind,
    ) -> Result<Constraints> {
        let mut constraints = Constraints {
            pattern: shape.pattern.as_deref().map(Pattern::whole_value),
            ..Constraints::default()
        };
        if shape.min.is_none() && shape.max.is_none() {
            return Ok(constraints);
        }
        match kind {
            ShapeKind::String
            | ShapeKind::Enum(_)
            | ShapeKind::Blob
            | ShapeKind::List { .. }
            | ShapeKind::Map { .. } => {
                let bound =
                    |number: &Option<serde_json::Number>, which: &str| -> Result<Option<u64>> {
                        match number {
                            None => Ok(None),
                            Some(n) => n.as_u64().map(Some).ok_or_else(|| {
                                self.error(
                                    name,
                                    format!("length `{which}` must be a whole number, found {n}"),
                                )
                            }),
                        }
                    };
                constraints.length = Some(Bounds {
                    min: bound(&shape.min, "min")?,
                    max: bound(&shape.max, "max")?,
                });
            }
            number if number.is_number() => {
                constraints.range = Some(Bounds {
                    min: shape.min.clone(),
                    max: shape.max.clone(),
                });
            }
            other => {
                return Err(self.error(
                    name,
                    format!("`min`/`max` do not apply to a {}", other.label()),
                ));
            }
        }
        Ok(constraints)
    }

    fn error_trait(&self, name: &str, shape: &botocore::Shape) -> ErrorTrait {
        let info = shape.error.as_ref();
        // botocore marks server errors `fault`; `senderFault: false` says the same.
        let server = shape.fault || info.and_then(|i| i.sender_fault) == Some(false);
        ErrorTrait {
            code: info
                .and_then(|i| i.code.clone())
                .unwrap_or_else(|| name.to_owned()),
            fault: if server {
                ErrorFault::Server
            } else {
                ErrorFault::Client
            },
            http_status: info.and_then(|i| i.http_status_code),
            retryable: shape.retryable.is_some(),
            throttling: shape.retryable.as_ref().is_some_and(|r| r.throttling),
        }
    }

    fn operation(
        &self,
        name: &str,
        operation: &botocore::Operation,
        paginator: Option<&botocore::Paginator>,
    ) -> Result<Operation> {
        let structure = |reference: &Option<ShapeRef>, role: &str| -> Result<Option<String>> {
            let Some(reference) = reference else {
                return Ok(None);
            };
            match self.model.shapes.get(&reference.shape) {
                Some(shape) if shape.kind == "structure" => Ok(Some(reference.shape.clone())),
                Some(shape) => Err(self.error(
                    &reference.shape,
                    format!(
                        "the {role} of operation `{name}` must be a structure, not a {}",
                        shape.kind
                    ),
                )),
                None => Err(self.error(
                    name,
                    format!(
                        "operation {role} `{}` is not a shape of the model",
                        reference.shape
                    ),
                )),
            }
        };
        let mut errors = Vec::new();
        for error in &operation.errors {
            match self.model.shapes.get(&error.shape) {
                Some(shape) if shape.exception => errors.push(error.shape.clone()),
                _ => {
                    return Err(self.error(
                        name,
                        format!(
                            "operation error `{}` is not an exception shape",
                            error.shape
                        ),
                    ));
                }
            }
        }
        errors.sort();
        errors.dedup();
        let paginated = paginator.map(|p| Paginated {
            input_tokens: p.input_token.to_vec(),
            output_tokens: p.output_token.to_vec(),
            page_size: p.limit_key.clone(),
            items: p
                .result_key
                .as_ref()
                .map(|k| k.to_vec())
                .unwrap_or_default(),
        });
        Ok(Operation {
            name: operation.name.clone(),
            docs: operation.documentation.clone(),
            input: structure(&operation.input, "input")?,
            output: structure(&operation.output, "output")?,
            // Set by `passes`, which knows which inputs it synthesizes.
            modeled_input: false,
            gzip_request: operation
                .request_compression
                .as_ref()
                .is_some_and(|c| c.encodings.iter().any(|e| e == "gzip")),
            checksum_required: operation.http_checksum_required,
            unsigned: operation.authtype.as_deref() == Some("none")
                || operation.auth.as_deref().is_some_and(|auth| {
                    auth.first().map(String::as_str) == Some("smithy.api#noAuth")
                }),
            errors,
            readonly: operation.readonly,
            idempotent: operation.idempotent,
            deprecated: deprecated(operation.deprecated, &operation.deprecated_message),
            paginated,
            http: match &operation.http {
                Some(http) => Some(HttpTrait {
                    method: http.method.clone(),
                    uri: UriTemplate::parse(&http.request_uri).map_err(|message| {
                        self.error(name, format!("operation `{name}`: {message}"))
                    })?,
                    code: http.response_code,
                }),
                None => None,
            },
            host_prefix: operation.endpoint.as_ref().map(|e| e.host_prefix.clone()),
            input_xml_name: operation
                .input
                .as_ref()
                .and_then(|i| i.location_name.clone()),
            input_xml_namespace: operation
                .input
                .as_ref()
                .and_then(|i| xml_namespace(i.xml_namespace.as_ref())),
            static_context_params: operation
                .static_context_params
                .iter()
                .map(|(name, param)| (name.clone(), param.value.clone()))
                .collect(),
            http_checksum: operation.http_checksum.as_ref().map(|checksum| {
                crate::ir::HttpChecksum {
                    request_algorithm_member: checksum.request_algorithm_member.clone(),
                    request_checksum_required: checksum.request_checksum_required,
                    request_validation_mode_member: checksum.request_validation_mode_member.clone(),
                    response_algorithms: checksum.response_algorithms.clone(),
                }
            }),
        })
    }
}

/// botocore's `xmlNamespace`: `{"uri": ..., "prefix": ...}`, or the URI alone.
fn xml_namespace(value: Option<&serde_json::Value>) -> Option<XmlNamespace> {
    match value? {
        serde_json::Value::String(uri) => Some(XmlNamespace {
            uri: uri.clone(),
            prefix: None,
        }),
        serde_json::Value::Object(fields) => Some(XmlNamespace {
            uri: fields.get("uri")?.as_str()?.to_owned(),
            prefix: fields
                .get("prefix")
                .and_then(|p| p.as_str())
                .map(str::to_owned),
        }),
        _ => None,
    }
}

fn deprecated(flag: bool, message: &Option<String>) -> Option<Deprecated> {
    flag.then(|| Deprecated {
        message: message.clone(),
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::botocore::{Paginators, ServiceModel, Waiters};

    /// `authtype: none` / `auth: [smithy.api#noAuth]` make an operation unsigned: in STS,
    /// exactly the two that take a SAML assertion or a web identity token.
    #[test]
    fn unauthenticated_operations_are_unsigned() {
        let path =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/sts/2011-06-15/service-2.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let model: ServiceModel = serde_json::from_str(&text).unwrap();
        let waiters = Waiters::default();
        let service = super::lower_botocore(
            &path,
            &model,
            &Paginators::default(),
            (Path::new("waiters-2.json"), &waiters),
        )
        .unwrap();
        let unsigned: Vec<&str> = service
            .operations
            .iter()
            .filter(|operation| operation.unsigned)
            .map(|operation| operation.name.as_str())
            .collect();
        assert_eq!(
            unsigned,
            ["AssumeRoleWithSAML", "AssumeRoleWithWebIdentity"]
        );
    }
}
