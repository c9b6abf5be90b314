//! The HTTP bindings the generator reads (`codegen::ir::bindings`), against botocore's
//! protocol compliance suites for the HTTP-bound and query protocols (`rest-json`,
//! `rest-xml`, `query`, `ec2`; fetched as for `protocol_compliance.rs`):
//!
//! - every suite's model, one case's operation at a time, loads: URI templates parse,
//!   labels, payloads, prefix headers and query maps fit (`check_operation_bindings`);
//! - for every input case of `rest-json` and `rest-xml`, the URI template and the members'
//!   label and query bindings, with the runtime's percent-encoding (`protocol::uri`), give
//!   exactly the path and the query parameters the suite expects, and the headers the case's
//!   parameters bind (`@httpHeader`, `@httpPrefixHeaders`) exactly as the suite expects them
//!   (lists through `protocol::header::join_list`);
//! - for every output case of both, each header bound to a list of strings or numbers splits
//!   (`protocol::header::split_list`) into the items the suite expects.
//!
//! This is the request line of restJson1 and restXml before their clients exist (issue 12);
//! the bodies are not checked here.

#[allow(dead_code)]
mod compliance;

use std::collections::BTreeMap;
use std::path::Path;

use awsgen_runtime::protocol::header::{join_http_dates, join_list, split_http_dates, split_list};
use awsgen_runtime::protocol::uri::{percent_decode, push_label, push_query};
use base64::Engine as _;
use codegen::ir::{HttpBinding, Member, Segment, Service, ShapeKind, TimestampFormat};
use serde_json::{Map, Value};

const FILES: [&str; 4] = ["rest-json", "rest-xml", "query", "ec2"];

/// The suites' folder, fetched once for both tests (they run on parallel threads).
fn suites(root: &Path) -> std::path::PathBuf {
    static SUITES: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    SUITES
        .get_or_init(|| {
            let services: toml::Table = std::fs::read_to_string(root.join("models/services.toml"))
                .unwrap()
                .parse()
                .unwrap();
            compliance::ensure_suite(root, services["botocore"].as_str().unwrap())
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .clone()
}

#[test]
fn http_bindings_explain_the_suites_request_lines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().unwrap();
    let protocols = suites(&root);
    let work = root.join("target/http-bindings");
    let mut loaded = BTreeMap::<&str, usize>::new();
    let mut checked = BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for direction in ["input", "output"] {
        for file in FILES {
            let path = protocols.join(direction).join(format!("{file}.json"));
            let suites: Vec<Value> =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            for (s, suite) in suites.iter().enumerate() {
                for (c, case) in suite["cases"].as_array().unwrap().iter().enumerate() {
                    let name = case["given"]["name"].as_str().unwrap().to_owned();
                    let operations = Map::from_iter([(name.clone(), case["given"].clone())]);
                    let model = compliance::model(
                        suite["metadata"].clone(),
                        operations,
                        suite["shapes"].clone(),
                    );
                    let dir = work.join(format!("{direction}-{file}-{s}-{c}"));
                    std::fs::create_dir_all(&dir).unwrap();
                    std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
                    let id = format!(
                        "{direction}/{file} {}",
                        case["id"].as_str().unwrap_or(&name)
                    );
                    let service = match codegen::pipeline::load_botocore(&dir) {
                        Ok(service) => service,
                        Err(error) => {
                            failures.push(format!("{id}: refused: {error}"));
                            continue;
                        }
                    };
                    *loaded.entry(file).or_default() += 1;
                    if direction == "output" && file.starts_with("rest-") {
                        match check_response_lists(&service, case) {
                            Ok(n) => *checked.entry("output list headers").or_default() += n,
                            Err(difference) => failures.push(format!("{id}: {difference}")),
                        }
                    }
                    if direction == "input" && file.starts_with("rest-") {
                        match check_request_line(&service, case) {
                            Ok(()) => *checked.entry(file).or_default() += 1,
                            Err(difference) => failures.push(format!("{id}: {difference}")),
                        }
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    println!("models loaded per suite: {loaded:?}; request lines checked: {checked:?}");
    assert!(loaded.values().sum::<usize>() > 500, "{loaded:?}");
    assert!(
        checked["rest-json"] > 80 && checked["rest-xml"] > 80,
        "{checked:?}"
    );
}

/// The path, query and header names of the case's request, from the IR and its parameters.
fn check_request_line(service: &Service, case: &Value) -> Result<(), String> {
    let operation = &service.operations[0];
    let http = operation.http.as_ref().ok_or("no http trait")?;
    let members: Vec<&Member> = match operation.input.as_deref().map(|i| &service.shapes[i].kind) {
        Some(ShapeKind::Structure(members)) => members.iter().collect(),
        _ => Vec::new(),
    };
    let params = &case["params"];
    // A client fills an absent idempotency token; the suites expect this one.
    let token = Value::from("00000000-0000-4000-8000-000000000000");
    let param = |member: &Member| {
        params
            .get(&member.name)
            .filter(|v| !v.is_null())
            .or((member.idempotency_token).then_some(&token))
    };

    // The endpoint's own path comes first (`host` is where the case sends it).
    let host = case["serialized"]["host"].as_str().unwrap_or_default();
    let mut path = host
        .split_once('/')
        .map(|(_, p)| format!("/{p}"))
        .unwrap_or_default();
    let prefix = path.len();
    for segment in &http.uri.segments {
        path.push('/');
        match segment {
            Segment::Literal(text) => path.push_str(text),
            Segment::Label { name, greedy } => {
                let member = members
                    .iter()
                    .find(|m| matches!(&m.bindings.http, HttpBinding::Label(l) if l == name))
                    .ok_or(format!("no member for label {name}"))?;
                let value = param(member).ok_or(format!("no parameter for label {name}"))?;
                push_label(
                    &mut path,
                    &scalar(service, member, value, "label")?,
                    *greedy,
                );
            }
        }
    }
    if path.len() == prefix || http.uri.trailing_slash {
        path.push('/');
    }

    let mut expected_query = Vec::new();
    let mut query = String::new();
    for (name, value) in &http.uri.query {
        push_query(&mut query, name, value.as_deref());
    }
    for member in &members {
        let Some(value) = param(member) else { continue };
        match &member.bindings.http {
            HttpBinding::Query(name) => {
                for item in items(value) {
                    push_query(
                        &mut query,
                        name,
                        Some(&scalar(service, member, item, "query")?),
                    );
                }
            }
            HttpBinding::QueryParams => {
                for (key, entry) in value.as_object().into_iter().flatten() {
                    // A parameter bound by its own member wins over the map's entry.
                    if members
                        .iter()
                        .any(|m| m.bindings.http == HttpBinding::Query(key.clone()))
                    {
                        continue;
                    }
                    for item in items(entry) {
                        let text = item
                            .as_str()
                            .map_or_else(|| item.to_string(), str::to_owned);
                        push_query(&mut query, key, Some(&text));
                    }
                }
            }
            _ => {}
        }
    }
    let expected = case["serialized"]["uri"].as_str().ok_or("no uri")?;
    let (expected_path, expected_query_text) = expected.split_once('?').unwrap_or((expected, ""));
    if path != expected_path {
        return Err(format!("path {path}, expected {expected_path}"));
    }
    for text in [expected_query_text, &query] {
        let mut pairs: Vec<(String, Option<String>)> = text
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((n, v)) => (percent_decode(n).unwrap_or_default(), percent_decode(v)),
                None => (percent_decode(p).unwrap_or_default(), None),
            })
            .collect();
        pairs.sort();
        expected_query.push(pairs);
    }
    if expected_query[0] != expected_query[1] {
        return Err(format!("query {query}, expected {expected_query_text}"));
    }

    let headers: BTreeMap<String, &str> = case["serialized"]["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            (
                name.to_ascii_lowercase(),
                value.as_str().unwrap_or_default(),
            )
        })
        .collect();
    for member in &members {
        let Some(value) = param(member) else { continue };
        let wanted: Vec<(String, String)> = match &member.bindings.http {
            HttpBinding::Header(name) => {
                let text = match value {
                    Value::Array(items) => {
                        let items = items
                            .iter()
                            .map(|item| header_scalar(service, member, item))
                            .collect::<Result<Vec<_>, _>>()?;
                        let dates = match &service.target(member).kind {
                            ShapeKind::List { member: item, .. } => {
                                let mut item = (**item).clone();
                                item.bindings.http = member.bindings.http.clone();
                                matches!(service.target(&item).kind, ShapeKind::Timestamp(_))
                                    && service.bound_timestamp_format(&item)
                                        == TimestampFormat::HttpDate
                            }
                            _ => false,
                        };
                        if dates {
                            join_http_dates(items.iter().map(String::as_str))
                        } else {
                            join_list(items.iter().map(String::as_str))
                        }
                    }
                    scalar => header_scalar(service, member, scalar)?,
                };
                vec![(name.to_ascii_lowercase(), text)]
            }
            HttpBinding::PrefixHeaders(prefix) => value
                .as_object()
                .into_iter()
                .flatten()
                .map(|(key, v)| {
                    let name = format!("{prefix}{key}").to_ascii_lowercase();
                    (name, v.as_str().unwrap_or_default().to_owned())
                })
                .collect(),
            _ => continue,
        };
        for (name, mut text) in wanted {
            // A client that compresses the body appends its encoding to the one given.
            if operation.gzip_request && name == "content-encoding" {
                text.push_str(", gzip");
            }
            match headers.get(&name) {
                Some(expected) if *expected == text => {}
                Some(expected) => {
                    return Err(format!("header {name}: {text:?}, expected {expected:?}"));
                }
                None => {
                    return Err(format!(
                        "header {name} (member {}) is not expected",
                        member.name
                    ));
                }
            }
        }
    }
    Ok(())
}

/// A header's text for one scalar: a `jsonvalue` string or a blob base64-encoded, the rest
/// as in a label.
fn header_scalar(service: &Service, member: &Member, value: &Value) -> Result<String, String> {
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    if member.bindings.json_value {
        return Ok(match value {
            Value::String(text) => encode(text),
            document => encode(&document.to_string()),
        });
    }
    match (&service.target(member).kind, value) {
        (ShapeKind::Blob, Value::String(text)) => Ok(encode(text)),
        _ => scalar(service, member, value, "header"),
    }
}

/// Output cases: each header bound to a list of strings or numbers reads back, with
/// `split_list`, as the items the suite expects. Returns how many headers were checked.
fn check_response_lists(service: &Service, case: &Value) -> Result<usize, String> {
    let operation = &service.operations[0];
    let output = operation.output.as_deref().map(|o| &service.shapes[o].kind);
    let Some(ShapeKind::Structure(members)) = output else {
        return Ok(0);
    };
    let headers: BTreeMap<String, &str> = case["response"]["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            (
                name.to_ascii_lowercase(),
                value.as_str().unwrap_or_default(),
            )
        })
        .collect();
    let mut checked = 0;
    for member in members {
        let HttpBinding::Header(name) = &member.bindings.http else {
            continue;
        };
        let ShapeKind::List { member: item, .. } = &service.target(member).kind else {
            continue;
        };
        let (Some(header), Some(Value::Array(expected))) = (
            headers.get(&name.to_ascii_lowercase()),
            case["result"].get(&member.name),
        ) else {
            continue;
        };
        // HTTP dates hold commas of their own: a list of them splits by its own rule, and
        // each date must read as the instant expected.
        if matches!(service.target(item).kind, ShapeKind::Timestamp(_)) {
            let dates = split_http_dates(header);
            let instants: Vec<Option<i64>> = dates
                .iter()
                .map(|d| {
                    jiff::fmt::rfc2822::parse(d)
                        .ok()
                        .map(|z| z.timestamp().as_second())
                })
                .collect();
            let wanted: Vec<Option<i64>> = expected.iter().map(Value::as_i64).collect();
            if instants != wanted {
                return Err(format!("header {name}: {dates:?}, expected {expected:?}"));
            }
            checked += 1;
            continue;
        }
        let items = split_list(header)?;
        let expected: Vec<String> = expected
            .iter()
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
            .collect();
        if items != expected {
            return Err(format!("header {name}: {items:?}, expected {expected:?}"));
        }
        checked += 1;
    }
    Ok(checked)
}

/// A list parameter's items, or the value itself.
fn items(value: &Value) -> Vec<&Value> {
    match value {
        Value::Array(items) => items.iter().filter(|v| !v.is_null()).collect(),
        other => vec![other],
    }
}

/// A scalar parameter as text in a label or query: timestamps in the format the IR gives
/// for the binding (botocore's parameters give epoch seconds), numbers and booleans as JSON
/// writes them.
fn scalar(
    service: &Service,
    member: &Member,
    value: &Value,
    place: &str,
) -> Result<String, String> {
    let mut format = service.bound_timestamp_format(member);
    let mut target = &service.target(member).kind;
    if let ShapeKind::List { member: item, .. } = target {
        target = &service.target(item).kind;
        let mut item = (**item).clone();
        item.bindings.http = member.bindings.http.clone();
        format = service.bound_timestamp_format(&item);
    }
    Ok(match (target, value) {
        (ShapeKind::Timestamp(_), Value::Number(n)) => {
            let seconds = n.as_f64().ok_or("a timestamp that is not a number")?;
            let time = jiff::Timestamp::from_microsecond((seconds * 1e6).round() as i64)
                .map_err(|e| e.to_string())?;
            match format {
                TimestampFormat::EpochSeconds => value.to_string(),
                TimestampFormat::HttpDate => time.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string(),
                _ => time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
            }
        }
        (_, Value::String(text)) => text.clone(),
        (_, Value::Number(_) | Value::Bool(_)) => value.to_string(),
        (_, other) => return Err(format!("a {place} parameter {other} that is not a scalar")),
    })
}

/// restJson1 errors: every error case of botocore's `rest-json` output suite reads, with the
/// runtime's `protocol::parse_error` (`X-Amzn-Errortype`, then `__type`, then `code`, each
/// without namespace or URI suffix), the code and message the suite expects.
#[test]
fn rest_json_errors_read_the_suites_codes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().unwrap();
    let protocols = suites(&root);
    let path = protocols.join("output/rest-json.json");
    let suites: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in suites.iter().flat_map(|s| s["cases"].as_array().unwrap()) {
        let Some(code) = case["errorCode"].as_str() else {
            continue;
        };
        let response = &case["response"];
        let status = u16::try_from(response["status_code"].as_u64().unwrap()).unwrap();
        let header = response["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .find(|(name, _)| name.eq_ignore_ascii_case("x-amzn-errortype"))
            .and_then(|(_, value)| value.as_str());
        let body = response["body"].as_str().unwrap_or_default();
        let error = awsgen_runtime::protocol::parse_error(status, header, body.as_bytes());
        let message = case["errorMessage"].as_str();
        if error.code.as_deref() != Some(code)
            || (message.is_some() && error.message.as_deref() != message)
        {
            failures.push(format!(
                "{}: {:?} / {:?}, expected {code} / {message:?}",
                case["id"], error.code, error.message
            ));
        }
        checked += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(checked, 12);
}

/// awsQuery and ec2Query: for every input case of botocore's `query` and `ec2` suites, the
/// form parameters rebuilt from the IR's names (`queryName`, `locationName`, flattening on
/// the member or its list or map) with the two protocols' rules are exactly the body's.
#[test]
fn query_names_rebuild_the_suites_form_bodies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let root = root.canonicalize().unwrap();
    let protocols = suites(&root);
    let work = root.join("target/http-bindings");
    let mut checked = BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for file in ["query", "ec2"] {
        let path = protocols.join(format!("input/{file}.json"));
        let suites: Vec<Value> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        for (s, suite) in suites.iter().enumerate() {
            for (c, case) in suite["cases"].as_array().unwrap().iter().enumerate() {
                let name = case["given"]["name"].as_str().unwrap().to_owned();
                let operations = Map::from_iter([(name.clone(), case["given"].clone())]);
                let model = compliance::model(
                    suite["metadata"].clone(),
                    operations,
                    suite["shapes"].clone(),
                );
                let dir = work.join(format!("form-{file}-{s}-{c}"));
                std::fs::create_dir_all(&dir).unwrap();
                std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
                let service = codegen::pipeline::load_botocore(&dir).unwrap();
                let id = format!("{file} {}", case["id"].as_str().unwrap_or(&name));
                let operation = &service.operations[0];
                // A compressed body is checked by the compression tests, not here.
                if operation.gzip_request {
                    *checked.entry("gzip (not read)").or_default() += 1;
                    continue;
                }
                let version = suite["metadata"]["apiVersion"].as_str().unwrap_or_default();
                let mut ours = vec![
                    ("Action".to_owned(), Some(name.clone())),
                    ("Version".to_owned(), Some(version.to_owned())),
                ];
                if let Some(input) = &operation.input {
                    let form = Form {
                        service: &service,
                        ec2: file == "ec2",
                    };
                    let mut params = case["params"].clone();
                    // A client fills an absent idempotency token; the suites expect this one.
                    if let ShapeKind::Structure(members) = &service.shapes[input].kind {
                        for member in members.iter().filter(|m| m.idempotency_token) {
                            if params.get(&member.name).is_none() {
                                params[&member.name] =
                                    "00000000-0000-4000-8000-000000000000".into();
                            }
                        }
                    }
                    if let Err(e) = form.structure(input, &params, "", &mut ours) {
                        failures.push(format!("{id}: {e}"));
                        continue;
                    }
                }
                let body = case["serialized"]["body"].as_str().unwrap_or_default();
                let mut expected: Vec<(String, Option<String>)> = body
                    .split('&')
                    .filter(|p| !p.is_empty())
                    .map(|p| match p.split_once('=') {
                        Some((n, v)) => (percent_decode(n).unwrap(), percent_decode(v)),
                        None => (percent_decode(p).unwrap(), None),
                    })
                    .collect();
                expected.sort();
                ours.sort();
                if ours != expected {
                    failures.push(format!(
                        "{id}:\n  ours     {ours:?}\n  expected {expected:?}"
                    ));
                } else {
                    *checked.entry(file).or_default() += 1;
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // 67 cases: 4 of them send a compressed body (checked by compression tests).
    assert_eq!(
        (checked["query"], checked["ec2"], checked["gzip (not read)"]),
        (36, 27, 4),
        "{checked:?}"
    );
}

/// botocore's `QuerySerializer` and `EC2Serializer` rules over the IR.
struct Form<'a> {
    service: &'a Service,
    ec2: bool,
}

type Pairs = Vec<(String, Option<String>)>;

impl Form<'_> {
    /// A member's name in the form: ec2Query's `queryName`, else its `locationName`, else
    /// `default`, both capitalized by ec2Query (as Smithy's ec2Query and the suite say).
    fn name(&self, member: &Member, default: &str) -> String {
        if self.ec2 {
            if let Some(name) = &member.bindings.query_name {
                return name.clone();
            }
            let name = member.bindings.xml_name.as_deref().unwrap_or(default);
            let mut chars = name.chars();
            return chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
        }
        member
            .bindings
            .xml_name
            .clone()
            .unwrap_or_else(|| default.to_owned())
    }

    fn structure(
        &self,
        shape: &str,
        value: &Value,
        prefix: &str,
        out: &mut Pairs,
    ) -> Result<(), String> {
        let ShapeKind::Structure(members) = &self.service.shapes[shape].kind else {
            return Err(format!("{shape} is not a structure"));
        };
        for (key, item) in value.as_object().into_iter().flatten() {
            let member = members
                .iter()
                .find(|m| &m.name == key)
                .ok_or(format!("no member {key}"))?;
            let name = self.name(member, key);
            let path = if prefix.is_empty() {
                name
            } else {
                format!("{prefix}.{name}")
            };
            self.value(member, item, &path, out)?;
        }
        Ok(())
    }

    fn value(
        &self,
        member: &Member,
        value: &Value,
        prefix: &str,
        out: &mut Pairs,
    ) -> Result<(), String> {
        let shape = self.service.target(member);
        let flattened = member.bindings.xml_flattened || shape.bindings.xml_flattened;
        match (&shape.kind, value) {
            (ShapeKind::Structure(_), _) => self.structure(&shape.name, value, prefix, out)?,
            (ShapeKind::List { member: item, .. }, Value::Array(items)) => {
                if items.is_empty() && !self.ec2 {
                    out.push((prefix.to_owned(), Some(String::new())));
                }
                let list_prefix = if self.ec2 {
                    prefix.to_owned()
                } else if flattened {
                    // The member's own name; the list member's is for wrapped lists.
                    prefix.to_owned()
                } else {
                    format!(
                        "{prefix}.{}",
                        item.bindings.xml_name.as_deref().unwrap_or("member")
                    )
                };
                for (i, element) in items.iter().enumerate() {
                    self.value(item, element, &format!("{list_prefix}.{}", i + 1), out)?;
                }
            }
            (
                ShapeKind::Map {
                    key, value: item, ..
                },
                Value::Object(entries),
            ) => {
                let base = if flattened {
                    prefix.to_owned()
                } else {
                    format!("{prefix}.entry")
                };
                let key_name = self.name(key, "key");
                let value_name = self.name(item, "value");
                for (i, (k, v)) in entries.iter().enumerate() {
                    out.push((format!("{base}.{}.{key_name}", i + 1), Some(k.clone())));
                    self.value(item, v, &format!("{base}.{}.{value_name}", i + 1), out)?;
                }
            }
            (ShapeKind::Timestamp(_), Value::Number(n)) => {
                let micros = (n.as_f64().unwrap() * 1e6).round() as i64;
                let time = jiff::Timestamp::from_microsecond(micros).map_err(|e| e.to_string())?;
                let text = match self.service.timestamp_format(member) {
                    TimestampFormat::EpochSeconds => n.to_string(),
                    TimestampFormat::HttpDate => {
                        time.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string()
                    }
                    _ if micros % 1_000_000 != 0 => {
                        time.strftime("%Y-%m-%dT%H:%M:%S.%6fZ").to_string()
                    }
                    _ => time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string(),
                };
                out.push((prefix.to_owned(), Some(text)));
            }
            (ShapeKind::Blob, Value::String(text)) => {
                let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                out.push((prefix.to_owned(), Some(encoded)));
            }
            (_, Value::String(text)) => out.push((prefix.to_owned(), Some(text.clone()))),
            (_, Value::Null) => {}
            (_, other) => out.push((prefix.to_owned(), Some(other.to_string()))),
        }
        Ok(())
    }
}
