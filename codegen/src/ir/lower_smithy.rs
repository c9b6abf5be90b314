//! Smithy 2.0 JSON AST -> IR: `apply` statements and mixins are resolved first, then the
//! service's operations are collected (through its resources, transitively), and every
//! shape is lowered under its local name (prelude shapes keep their absolute id, so a
//! model shape named `String` cannot collide with `smithy.api#String`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::smithy_merge;
use super::validity::is_identifier;
use crate::error::{Error, Result};
use crate::ir::*;
use crate::model::smithy::{MemberRef, Model, Shape as AstShape, Target};

const PRELUDE: &str = "smithy.api#";

/// Lowers a Smithy JSON AST model holding one service into the IR.
pub fn lower_smithy(file: &Path, model: &Model) -> Result<Service> {
    let mut shapes = model.shapes.clone();
    let error = |shape: &str, message: String| Error::shape(file, shape, message);
    for (id, shape) in &shapes {
        // An `apply` statement may name a member: `namespace#Name$member`.
        let shape_id = match id.split_once('$') {
            Some((shape_id, member)) if shape.kind == "apply" => {
                if !is_identifier(member) {
                    return Err(error(id, format!("`{member}` is not a member name")));
                }
                shape_id
            }
            _ => id.as_str(),
        };
        check_shape_id(shape_id).map_err(|message| error(id, message))?;
        for (member, target) in shape.members() {
            check_shape_id(&target.target).map_err(|message| {
                error(&format!("{id}${member}"), format!("target: {message}"))
            })?;
        }
    }
    smithy_merge::apply_statements(&mut shapes, &error)?;
    let shapes = smithy_merge::resolve_mixins(&shapes, &error)?;
    let lowering = Lowering {
        file,
        shapes: &shapes,
    };
    lowering.service()
}

/// An absolute shape id, `namespace#Name` (the JSON AST has no relative ids): a namespace of
/// dot-separated identifiers and an identifier.
fn check_shape_id(id: &str) -> std::result::Result<(), String> {
    match id.split_once('#') {
        Some((namespace, name))
            if namespace.split('.').all(is_identifier) && is_identifier(name) =>
        {
            Ok(())
        }
        Some(_) => Err(format!("`{id}` is not a valid shape id (`namespace#Name`)")),
        None => Err(format!(
            "`{id}` is not an absolute shape id: it has no namespace (`namespace#Name`)"
        )),
    }
}

struct Lowering<'a> {
    file: &'a Path,
    shapes: &'a BTreeMap<String, AstShape>,
}

impl Lowering<'_> {
    fn error(&self, shape: &str, message: impl Into<String>) -> Error {
        Error::shape(self.file, shape, message)
    }

    fn service(&self) -> Result<Service> {
        let services: Vec<(&String, &AstShape)> = self
            .shapes
            .iter()
            .filter(|(_, s)| s.kind == "service")
            .collect();
        let [(service_id, service)] = services.as_slice() else {
            return Err(Error::Model {
                file: self.file.to_path_buf(),
                location: "shapes".into(),
                message: format!(
                    "expected exactly one service shape, found {}",
                    services.len()
                ),
            });
        };
        let traits = &service.traits;
        // A service may name several protocols (traits are sorted by id).
        let protocols: Vec<Protocol> = traits
            .keys()
            .filter_map(|id| Protocol::from_smithy_trait(id))
            .collect();
        let protocol = Protocol::preferred(&protocols).ok_or_else(|| {
                self.error(
                    service_id,
                    "no protocol trait (aws.protocols#awsJson1_0, awsJson1_1, restJson1, restXml, awsQuery, ec2Query or smithy.protocols#rpcv2Cbor)",
                )
            })?;
        let aws_service = traits.get("aws.api#service");
        let text = |value: Option<&Value>, key: &str| {
            value
                .and_then(|v| v.get(key))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let local = local_name(service_id);
        let endpoint_prefix =
            text(aws_service, "endpointPrefix").unwrap_or_else(|| local.to_lowercase());

        let mut operation_ids = BTreeSet::new();
        self.collect_operations(service, &mut operation_ids, &mut BTreeSet::new())?;
        let default_pagination = traits.get("smithy.api#paginated");
        let mut operations = Vec::new();
        let mut waiters = Vec::new();
        for id in &operation_ids {
            operations.push(self.operation(id, default_pagination)?);
            if let Some(waitable) = self.shapes[id].traits.get("smithy.waiters#waitable") {
                waiters.extend(super::waiters::from_smithy(
                    self.file,
                    &local_name(id),
                    waitable,
                )?);
            }
        }
        waiters.sort_by(|a, b| a.name.cmp(&b.name));
        operations.sort_by(|a, b| a.name.cmp(&b.name));

        let mut shapes = BTreeMap::new();
        let mut local_names: BTreeMap<String, String> = BTreeMap::new();
        for (id, shape) in self.shapes {
            if matches!(shape.kind.as_str(), "service" | "operation" | "resource")
                || shape.traits.contains_key("smithy.api#mixin")
            {
                continue;
            }
            let name = self.ir_name(id);
            if let Some(other) = local_names.insert(name.clone(), id.clone()) {
                return Err(self.error(
                    id,
                    format!("its local name `{name}` is also the name of `{other}`"),
                ));
            }
            shapes.insert(name, self.shape(id, shape)?);
        }
        // Prelude shapes the model targets (they are not in the file).
        let mut targets = BTreeSet::new();
        for shape in self.shapes.values() {
            for (_, member) in shape.members() {
                targets.insert(member.target.clone());
            }
            for reference in [&shape.member, &shape.key, &shape.value]
                .into_iter()
                .flatten()
            {
                targets.insert(reference.target.clone());
            }
        }
        for target in targets.iter().filter(|t| t.starts_with(PRELUDE)) {
            let kind =
                prelude_kind(target).ok_or_else(|| self.error(target, "not a prelude shape"))?;
            shapes.entry(target.clone()).or_insert_with(|| Shape {
                name: target.clone(),
                kind,
                docs: None,
                constraints: Constraints::default(),
                sensitive: false,
                deprecated: None,
                error: None,
                bindings: ShapeBindings::default(),
            });
        }
        let mut service = Service {
            warnings: Vec::new(),
            name: endpoint_prefix.clone(),
            source: self.file.to_path_buf(),
            api_version: service.version.clone().unwrap_or_default(),
            full_name: traits
                .get("smithy.api#title")
                .and_then(Value::as_str)
                .unwrap_or(&local)
                .to_owned(),
            service_id: text(aws_service, "sdkId").unwrap_or_else(|| local.clone()),
            protocol,
            query_compatible: traits.contains_key("aws.protocols#awsQueryCompatible"),
            target_prefix: local.clone(),
            signing_name: text(traits.get("aws.auth#sigv4"), "name")
                .unwrap_or_else(|| endpoint_prefix.clone()),
            endpoint_prefix,
            docs: docs(traits),
            shapes,
            operations,
            waiters,
            endpoint_rule_set: traits.get("smithy.rules#endpointRuleSet").cloned(),
            endpoint_tests: traits.get("smithy.rules#endpointTests").cloned(),
            xml_namespace: xml_namespace(traits),
        };
        super::validity::check_targets(&service)?;
        super::passes::run_all(&mut service);
        Ok(service)
    }

    /// Operations bound to the service or its resources, transitively.
    fn collect_operations(
        &self,
        shape: &AstShape,
        found: &mut BTreeSet<String>,
        seen: &mut BTreeSet<String>,
    ) -> Result<()> {
        let bound = shape
            .operations
            .iter()
            .chain(&shape.collection_operations)
            .chain(
                [
                    &shape.create,
                    &shape.put,
                    &shape.read,
                    &shape.update,
                    &shape.delete,
                    &shape.list,
                ]
                .into_iter()
                .flatten(),
            );
        for Target { target } in bound {
            match self.shapes.get(target) {
                Some(op) if op.kind == "operation" => {
                    found.insert(target.clone());
                }
                _ => {
                    return Err(self.error(
                        target,
                        "bound as an operation but is not an operation shape of the model",
                    ));
                }
            }
        }
        for Target { target } in &shape.resources {
            if !seen.insert(target.clone()) {
                continue;
            }
            match self.shapes.get(target) {
                Some(resource) if resource.kind == "resource" => {
                    self.collect_operations(resource, found, seen)?
                }
                _ => {
                    return Err(self.error(
                        target,
                        "bound as a resource but is not a resource shape of the model",
                    ));
                }
            }
        }
        Ok(())
    }

    /// The IR name of a shape id: local name, or the absolute id for prelude shapes.
    fn ir_name(&self, id: &str) -> String {
        if id.starts_with(PRELUDE) {
            id.to_owned()
        } else {
            local_name(id)
        }
    }

    /// The IR name of a member's target, checking that it resolves.
    fn target(&self, owner: &str, member: &str, target: &str) -> Result<String> {
        let resolves = if target.starts_with(PRELUDE) {
            prelude_kind(target).is_some()
        } else {
            self.shapes
                .get(target)
                .is_some_and(|s| !matches!(s.kind.as_str(), "service" | "operation" | "resource"))
        };
        if resolves {
            Ok(self.ir_name(target))
        } else {
            Err(self.error(
                owner,
                format!("member `{member}` targets `{target}`, which does not resolve to a shape"),
            ))
        }
    }

    fn shape(&self, id: &str, shape: &AstShape) -> Result<Shape> {
        let traits = &shape.traits;
        let kind = match shape.kind.as_str() {
            "timestamp" => ShapeKind::Timestamp(match traits.get("smithy.api#timestampFormat") {
                Some(format) => self.timestamp_format(id, format)?,
                None => Protocol::AwsJson1_0.default_timestamp_format(),
            }),
            "enum" => ShapeKind::Enum(self.enum_values(id, shape)?),
            "intEnum" => ShapeKind::IntEnum(self.int_enum_values(id, shape)?),
            "list" | "set" => {
                let member = shape
                    .member
                    .as_ref()
                    .ok_or_else(|| self.error(id, "list has no `member`"))?;
                ShapeKind::List {
                    member: Box::new(self.member(id, "member", member)?),
                    sparse: traits.contains_key("smithy.api#sparse"),
                }
            }
            "map" => {
                let (Some(key), Some(value)) = (&shape.key, &shape.value) else {
                    return Err(self.error(id, "map needs both `key` and `value`"));
                };
                ShapeKind::Map {
                    key: Box::new(self.member(id, "key", key)?),
                    value: Box::new(self.member(id, "value", value)?),
                    sparse: traits.contains_key("smithy.api#sparse"),
                }
            }
            "structure" => ShapeKind::Structure(self.members(id, shape)?),
            "union" => ShapeKind::Union(self.members(id, shape)?),
            other => match ShapeKind::simple(other) {
                Some(kind) => kind,
                None => return Err(self.error(id, format!("unknown shape type `{other}`"))),
            },
        };
        let mut constraints = self.constraints(id, traits)?;
        // Smithy 1.0 sets are lists of unique items.
        constraints.unique_items |= shape.kind == "set";
        Ok(Shape {
            name: self.ir_name(id),
            kind,
            docs: docs(traits),
            constraints,
            sensitive: traits.contains_key("smithy.api#sensitive"),
            deprecated: deprecated(traits),
            error: self.error_trait(id, traits)?,
            bindings: ShapeBindings {
                xml_name: string_trait(traits, "smithy.api#xmlName"),
                xml_flattened: false,
                xml_namespace: xml_namespace(traits),
                streaming: traits.contains_key("smithy.api#streaming"),
                requires_length: traits.contains_key("smithy.api#requiresLength"),
                timestamp_format: match traits.get("smithy.api#timestampFormat") {
                    Some(format) if shape.kind == "timestamp" => {
                        Some(self.timestamp_format(id, format)?)
                    }
                    _ => None,
                },
            },
        })
    }

    fn members(&self, id: &str, shape: &AstShape) -> Result<Vec<Member>> {
        shape
            .members()
            .iter()
            .map(|(name, member)| self.member(id, name, member))
            .collect()
    }

    fn member(&self, owner: &str, name: &str, member: &MemberRef) -> Result<Member> {
        let traits = &member.traits;
        let label = format!("{owner}${name}");
        Ok(Member {
            name: name.to_owned(),
            // awsJson ignores `jsonName` (only restJson1 honours it): the key is the name.
            wire_name: name.to_owned(),
            target: self.target(owner, name, &member.target)?,
            required: traits.contains_key("smithy.api#required"),
            docs: docs(traits),
            constraints: self.constraints(&label, traits)?,
            timestamp_format: match traits.get("smithy.api#timestampFormat") {
                Some(format) => Some(self.timestamp_format(&label, format)?),
                None => None,
            },
            idempotency_token: traits.contains_key("smithy.api#idempotencyToken"),
            deprecated: deprecated(traits),
            boxed: false,
            default: traits.get("smithy.api#default").cloned(),
            bindings: member_bindings(name, traits),
        })
    }

    fn enum_values(&self, id: &str, shape: &AstShape) -> Result<Vec<EnumValue>> {
        shape
            .members()
            .iter()
            .map(|(name, member)| {
                let value = match member.traits.get("smithy.api#enumValue") {
                    None => name.clone(),
                    Some(Value::String(value)) => value.clone(),
                    Some(other) => {
                        return Err(self.error(
                            id,
                            format!("enumValue of `{name}` must be a string, found {other}"),
                        ));
                    }
                };
                Ok(EnumValue {
                    value,
                    name: Some(name.clone()),
                    docs: docs(&member.traits),
                })
            })
            .collect()
    }

    fn int_enum_values(&self, id: &str, shape: &AstShape) -> Result<Vec<IntEnumValue>> {
        shape
            .members()
            .iter()
            .map(|(name, member)| {
                let value = member
                    .traits
                    .get("smithy.api#enumValue")
                    .and_then(Value::as_i64)
                    .and_then(|v| i32::try_from(v).ok())
                    .ok_or_else(|| {
                        self.error(
                            id,
                            format!("intEnum member `{name}` needs an integer enumValue"),
                        )
                    })?;
                Ok(IntEnumValue {
                    value,
                    name: name.clone(),
                    docs: docs(&member.traits),
                })
            })
            .collect()
    }

    fn timestamp_format(&self, id: &str, format: &Value) -> Result<TimestampFormat> {
        match format.as_str() {
            Some("epoch-seconds") => Ok(TimestampFormat::EpochSeconds),
            Some("date-time") => Ok(TimestampFormat::DateTime),
            Some("http-date") => Ok(TimestampFormat::HttpDate),
            _ => Err(self.error(
                id,
                format!(
                    "timestampFormat must be epoch-seconds, date-time or http-date, found {format}"
                ),
            )),
        }
    }

    /// `length`, `range`, `pattern`, `uniqueItems`; a trait of the wrong shape is an error.
    fn constraints(&self, id: &str, traits: &BTreeMap<String, Value>) -> Result<Constraints> {
        let bounds = |name: &str| -> Result<
            Option<(Option<serde_json::Number>, Option<serde_json::Number>)>,
        > {
            let Some(value) = traits.get(name) else {
                return Ok(None);
            };
            let object = value.as_object().ok_or_else(|| {
                self.error(id, format!("{name} must be an object, found {value}"))
            })?;
            let number = |key: &str| -> Result<Option<serde_json::Number>> {
                match object.get(key) {
                    None => Ok(None),
                    Some(Value::Number(n)) => Ok(Some(n.clone())),
                    Some(other) => {
                        Err(self.error(id, format!("{name}.{key} must be a number, found {other}")))
                    }
                }
            };
            Ok(Some((number("min")?, number("max")?)))
        };
        let length = match bounds("smithy.api#length")? {
            None => None,
            Some((min, max)) => {
                let whole = |n: Option<serde_json::Number>| -> Result<Option<u64>> {
                    n.map(|n| {
                        n.as_u64().ok_or_else(|| {
                            self.error(
                                id,
                                format!("length bounds must be whole numbers, found {n}"),
                            )
                        })
                    })
                    .transpose()
                };
                Some(Bounds {
                    min: whole(min)?,
                    max: whole(max)?,
                })
            }
        };
        let pattern = match traits.get("smithy.api#pattern") {
            None => None,
            Some(Value::String(pattern)) => Some(Pattern::searched(pattern)),
            Some(other) => {
                return Err(self.error(id, format!("pattern must be a string, found {other}")));
            }
        };
        Ok(Constraints {
            length,
            range: bounds("smithy.api#range")?.map(|(min, max)| Bounds { min, max }),
            pattern,
            unique_items: traits.contains_key("smithy.api#uniqueItems"),
        })
    }

    fn error_trait(
        &self,
        id: &str,
        traits: &BTreeMap<String, Value>,
    ) -> Result<Option<ErrorTrait>> {
        let Some(kind) = traits.get("smithy.api#error") else {
            return Ok(None);
        };
        let fault = match kind.as_str() {
            Some("client") => ErrorFault::Client,
            Some("server") => ErrorFault::Server,
            _ => {
                return Err(self.error(
                    id,
                    format!("error must be \"client\" or \"server\", found {kind}"),
                ));
            }
        };
        let retryable = traits.get("smithy.api#retryable");
        Ok(Some(ErrorTrait {
            code: local_name(id),
            fault,
            http_status: traits
                .get("smithy.api#httpError")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok()),
            retryable: retryable.is_some(),
            throttling: retryable
                .and_then(|r| r.get("throttling"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
        }))
    }

    fn operation(&self, id: &str, default_pagination: Option<&Value>) -> Result<Operation> {
        let shape = &self.shapes[id];
        let structure = |target: &Option<Target>, role: &str| -> Result<Option<String>> {
            match target {
                None => Ok(None),
                Some(Target { target }) if target == "smithy.api#Unit" => Ok(None),
                Some(Target { target }) => match self.shapes.get(target) {
                    Some(s) if s.kind == "structure" => Ok(Some(local_name(target))),
                    _ => Err(self.error(
                        id,
                        format!("{role} `{target}` is not a structure of the model"),
                    )),
                },
            }
        };
        let mut errors = Vec::new();
        for Target { target } in &shape.errors {
            match self.shapes.get(target) {
                Some(s) if s.traits.contains_key("smithy.api#error") => {
                    errors.push(local_name(target))
                }
                _ => {
                    return Err(self.error(
                        id,
                        format!("error `{target}` is not an error structure of the model"),
                    ));
                }
            }
        }
        errors.sort();
        errors.dedup();
        let traits = &shape.traits;
        let paginated = traits.get("smithy.api#paginated").map(|own| {
            // The operation's own values win over the service's defaults.
            let get = |key: &str| {
                own.get(key)
                    .or_else(|| default_pagination.and_then(|d| d.get(key)))
                    .and_then(Value::as_str)
                    .map(str::to_owned)
            };
            Paginated {
                input_tokens: get("inputToken").into_iter().collect(),
                output_tokens: get("outputToken").into_iter().collect(),
                page_size: get("pageSize"),
                items: get("items").into_iter().collect(),
            }
        });
        Ok(Operation {
            name: local_name(id),
            docs: docs(traits),
            input: structure(&shape.input, "input")?,
            output: structure(&shape.output, "output")?,
            // Set by `passes`, which knows which inputs it synthesizes.
            modeled_input: false,
            gzip_request: traits
                .get("smithy.api#requestCompression")
                .and_then(|t| t.get("encodings"))
                .and_then(Value::as_array)
                .is_some_and(|encodings| encodings.iter().any(|e| e == "gzip")),
            checksum_required: traits.contains_key("smithy.api#httpChecksumRequired"),
            unsigned: traits.contains_key("smithy.api#optionalAuth")
                || traits
                    .get("smithy.api#auth")
                    .and_then(Value::as_array)
                    .is_some_and(|schemes| schemes.is_empty()),
            errors,
            readonly: traits.contains_key("smithy.api#readonly"),
            idempotent: traits.contains_key("smithy.api#idempotent"),
            deprecated: deprecated(traits),
            paginated,
            http: match traits.get("smithy.api#http") {
                Some(http) => Some(self.http_trait(id, http)?),
                None => None,
            },
            host_prefix: traits
                .get("smithy.api#endpoint")
                .and_then(|e| e.get("hostPrefix"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            // Smithy's restXml names the input body after the input structure (its
            // `@xmlName`, in the schema).
            input_xml_name: None,
            input_xml_namespace: None,
            static_context_params: traits
                .get("smithy.rules#staticContextParams")
                .and_then(Value::as_object)
                .map(|params| {
                    params
                        .iter()
                        .filter_map(|(name, p)| Some((name.clone(), p.get("value")?.clone())))
                        .collect()
                })
                .unwrap_or_default(),
            http_checksum: traits.get("aws.protocols#httpChecksum").map(http_checksum),
        })
    }

    /// `@http(method: .., uri: .., code: ..)`.
    fn http_trait(&self, id: &str, http: &Value) -> Result<HttpTrait> {
        let field = |key: &str| http.get(key).and_then(Value::as_str);
        let (Some(method), Some(uri)) = (field("method"), field("uri")) else {
            return Err(self.error(id, "the http trait needs a `method` and a `uri`"));
        };
        let code = match http.get("code") {
            None => None,
            Some(code) => Some(
                code.as_u64()
                    .and_then(|c| u16::try_from(c).ok())
                    .ok_or_else(|| {
                        self.error(id, format!("the http trait's code {code} is not a status"))
                    })?,
            ),
        };
        Ok(HttpTrait {
            method: method.to_owned(),
            uri: UriTemplate::parse(uri).map_err(|message| self.error(id, message))?,
            code,
        })
    }
}

/// A member's HTTP binding and XML and query names, from its traits.
fn member_bindings(name: &str, traits: &BTreeMap<String, Value>) -> MemberBindings {
    let http = if let Some(header) = string_trait(traits, "smithy.api#httpHeader") {
        HttpBinding::Header(header)
    } else if let Some(prefix) = string_trait(traits, "smithy.api#httpPrefixHeaders") {
        HttpBinding::PrefixHeaders(prefix)
    } else if traits.contains_key("smithy.api#httpLabel") {
        HttpBinding::Label(name.to_owned())
    } else if let Some(parameter) = string_trait(traits, "smithy.api#httpQuery") {
        HttpBinding::Query(parameter)
    } else if traits.contains_key("smithy.api#httpQueryParams") {
        HttpBinding::QueryParams
    } else if traits.contains_key("smithy.api#httpPayload") {
        HttpBinding::Payload
    } else if traits.contains_key("smithy.api#httpResponseCode") {
        HttpBinding::ResponseCode
    } else {
        HttpBinding::Body
    };
    MemberBindings {
        http,
        xml_name: string_trait(traits, "smithy.api#xmlName"),
        xml_attribute: traits.contains_key("smithy.api#xmlAttribute"),
        xml_flattened: traits.contains_key("smithy.api#xmlFlattened"),
        xml_namespace: xml_namespace(traits),
        query_name: string_trait(traits, "aws.protocols#ec2QueryName"),
        host_label: traits.contains_key("smithy.api#hostLabel"),
        // Smithy marks the target string shape (`@mediaType`) instead.
        json_value: false,
        // Smithy marks the target blob shape (`@streaming`) instead.
        streaming: false,
        context_param: traits
            .get("smithy.rules#contextParam")
            .and_then(|p| p.get("name"))
            .and_then(Value::as_str)
            .map(str::to_owned),
    }
}

/// `@aws.protocols#httpChecksum`.
fn http_checksum(checksum: &Value) -> crate::ir::HttpChecksum {
    let text = |key: &str| checksum.get(key).and_then(Value::as_str).map(str::to_owned);
    crate::ir::HttpChecksum {
        request_algorithm_member: text("requestAlgorithmMember"),
        request_checksum_required: checksum
            .get("requestChecksumRequired")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        request_validation_mode_member: text("requestValidationModeMember"),
        response_algorithms: checksum
            .get("responseAlgorithms")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| n.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default(),
    }
}

fn string_trait(traits: &BTreeMap<String, Value>, id: &str) -> Option<String> {
    traits.get(id).and_then(Value::as_str).map(str::to_owned)
}

/// `@xmlNamespace(uri: .., prefix: ..)`.
fn xml_namespace(traits: &BTreeMap<String, Value>) -> Option<XmlNamespace> {
    let namespace = traits.get("smithy.api#xmlNamespace")?;
    Some(XmlNamespace {
        uri: namespace.get("uri")?.as_str()?.to_owned(),
        prefix: namespace
            .get("prefix")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// `ns#Name` -> `Name`.
fn local_name(id: &str) -> String {
    id.rsplit_once('#').map_or(id, |(_, name)| name).to_owned()
}

fn docs(traits: &BTreeMap<String, Value>) -> Option<String> {
    traits
        .get("smithy.api#documentation")
        .and_then(Value::as_str)
        .map(str::to_owned)
}

fn deprecated(traits: &BTreeMap<String, Value>) -> Option<Deprecated> {
    traits.get("smithy.api#deprecated").map(|value| Deprecated {
        message: value
            .get("message")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

/// The kind of a prelude shape, by absolute id.
fn prelude_kind(id: &str) -> Option<ShapeKind> {
    Some(match id.strip_prefix(PRELUDE)? {
        "Blob" => ShapeKind::Blob,
        "Boolean" | "PrimitiveBoolean" => ShapeKind::Boolean,
        "String" => ShapeKind::String,
        "Byte" | "PrimitiveByte" => ShapeKind::Byte,
        "Short" | "PrimitiveShort" => ShapeKind::Short,
        "Integer" | "PrimitiveInteger" => ShapeKind::Integer,
        "Long" | "PrimitiveLong" => ShapeKind::Long,
        "Float" | "PrimitiveFloat" => ShapeKind::Float,
        "Double" | "PrimitiveDouble" => ShapeKind::Double,
        "BigInteger" => ShapeKind::BigInteger,
        "BigDecimal" => ShapeKind::BigDecimal,
        "Timestamp" => ShapeKind::Timestamp(TimestampFormat::EpochSeconds),
        "Document" => ShapeKind::Document,
        "Unit" => ShapeKind::Unit,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::smithy::Model;

    /// `@auth([])` and `@optionalAuth` make an operation unsigned; `@auth` naming a scheme
    /// or no trait at all does not.
    #[test]
    fn unauthenticated_operations_are_unsigned() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/models/smithy-prelude/smithy.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let cases = [
            (None, false),
            (Some(("smithy.api#auth", serde_json::json!([]))), true),
            (
                Some(("smithy.api#optionalAuth", serde_json::json!({}))),
                true,
            ),
            (
                Some(("smithy.api#auth", serde_json::json!(["aws.auth#sigv4"]))),
                false,
            ),
        ];
        for (trait_, unsigned) in cases {
            let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
            if let Some((name, value)) = &trait_ {
                json["shapes"]["example.fixture#Echo"]["traits"] =
                    serde_json::json!({ *name: value });
            }
            let model: Model = serde_json::from_value(json).unwrap();
            let service = super::lower_smithy(&path, &model).unwrap();
            assert_eq!(service.operations[0].unsigned, unsigned, "{trait_:?}");
        }
    }
}
