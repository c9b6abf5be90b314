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
#[path = "http_bindings/form.rs"]
mod form;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

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

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

/// Calls `visit` with every case of one suite file (`input/rest-json.json`, ...): its id,
/// its suite, the case, and the model of its operation alone as the generator loads it (or
/// the refusal).
fn each_case(
    direction: &str,
    file: &str,
    mut visit: impl FnMut(&str, &Value, &Value, Result<Service, String>),
) {
    let root = root();
    let path = suites(&root).join(direction).join(format!("{file}.json"));
    let suites: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for (s, suite) in suites.iter().enumerate() {
        for (c, case) in suite["cases"].as_array().unwrap().iter().enumerate() {
            let name = case["given"]["name"].as_str().unwrap();
            let operations = Map::from_iter([(name.to_owned(), case["given"].clone())]);
            let model = compliance::model(
                suite["metadata"].clone(),
                operations,
                suite["shapes"].clone(),
            );
            let dir = root.join(format!("target/http-bindings/{direction}-{file}-{s}-{c}"));
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("service-2.json"), model.to_string()).unwrap();
            let id = format!("{direction}/{file} {}", case["id"].as_str().unwrap_or(name));
            let service = codegen::pipeline::load_botocore(&dir).map_err(|e| e.to_string());
            visit(&id, suite, case, service);
        }
    }
}

/// The parameters of a query string or form body, decoded and sorted.
fn form_pairs(text: &str) -> Vec<(String, Option<String>)> {
    let mut pairs: Vec<(String, Option<String>)> = text
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (percent_decode(n).unwrap_or_default(), percent_decode(v)),
            None => (percent_decode(p).unwrap_or_default(), None),
        })
        .collect();
    pairs.sort();
    pairs
}

/// Header names (lowercase) and values of a case's request or response.
fn header_map(headers: &Value) -> BTreeMap<String, &str> {
    headers
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            (
                name.to_ascii_lowercase(),
                value.as_str().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn http_bindings_explain_the_suites_request_lines() {
    let mut loaded = BTreeMap::<&str, usize>::new();
    let mut checked = BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for direction in ["input", "output"] {
        for file in FILES {
            each_case(direction, file, |id, _, case, service| {
                let service = match service {
                    Ok(service) => service,
                    Err(error) => return failures.push(format!("{id}: refused: {error}")),
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
            });
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
    if form_pairs(expected_query_text) != form_pairs(&query) {
        return Err(format!("query {query}, expected {expected_query_text}"));
    }

    let headers = header_map(&case["serialized"]["headers"]);
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
                                matches!(service.target(item).kind, ShapeKind::Timestamp(_))
                                    && service.bound_timestamp_format(member)
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
    let headers = header_map(&case["response"]["headers"]);
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
    let format = service.bound_timestamp_format(member);
    let mut target = &service.target(member).kind;
    if let ShapeKind::List { member: item, .. } = target {
        target = &service.target(item).kind;
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
    let path = suites(&root()).join("output/rest-json.json");
    let suites: Vec<Value> = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in suites.iter().flat_map(|s| s["cases"].as_array().unwrap()) {
        let Some(code) = case["errorCode"].as_str() else {
            continue;
        };
        let response = &case["response"];
        let status = u16::try_from(response["status_code"].as_u64().unwrap()).unwrap();
        let headers = header_map(&response["headers"]);
        let header = headers.get("x-amzn-errortype").copied();
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
    let mut checked = BTreeMap::<&str, usize>::new();
    let mut failures = Vec::new();
    for file in ["query", "ec2"] {
        each_case("input", file, |id, suite, case, service| {
            let service = service.unwrap_or_else(|e| panic!("{id}: {e}"));
            let operation = &service.operations[0];
            // A compressed body is checked by the compression tests, not here.
            if operation.gzip_request {
                *checked.entry("gzip (not read)").or_default() += 1;
                return;
            }
            let version = suite["metadata"]["apiVersion"].as_str().unwrap_or_default();
            let mut ours = vec![
                ("Action".to_owned(), Some(operation.name.clone())),
                ("Version".to_owned(), Some(version.to_owned())),
            ];
            if let Some(input) = &operation.input {
                let form = form::Form {
                    service: &service,
                    ec2: file == "ec2",
                };
                let mut params = case["params"].clone();
                // A client fills an absent idempotency token; the suites expect this one.
                if let ShapeKind::Structure(members) = &service.shapes[input].kind {
                    for member in members.iter().filter(|m| m.idempotency_token) {
                        if params.get(&member.name).is_none() {
                            params[&member.name] = "00000000-0000-4000-8000-000000000000".into();
                        }
                    }
                }
                if let Err(e) = form.structure(input, &params, "", &mut ours) {
                    return failures.push(format!("{id}: {e}"));
                }
            }
            ours.sort();
            let expected = form_pairs(case["serialized"]["body"].as_str().unwrap_or_default());
            if ours == expected {
                *checked.entry(file).or_default() += 1;
            } else {
                failures.push(format!(
                    "{id}:\n  ours     {ours:?}\n  expected {expected:?}"
                ));
            }
        });
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
