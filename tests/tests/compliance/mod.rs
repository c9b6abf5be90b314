//! botocore's protocol compliance suites as a generated crate: each suite's mini-model is
//! generated like any model, and each case becomes a `#[test]` in the crate's
//! `tests/cases.rs` that calls `tests/compliance/support.rs`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde_json::{Map, Value, json};

/// The suite files checked: awsJson 1.1 (`json`), 1.0, 1.0 query-compatible, Smithy RPC v2
/// CBOR (plain, query-compatible and not), restJson1 (`rest-json`), restXml (`rest-xml`),
/// awsQuery (`query`) and ec2Query (`ec2`).
pub const FILES: [&str; 10] = [
    "rest-json",
    "rest-xml",
    "query",
    "ec2",
    "json",
    "json_1_0",
    "json_1_0-query-compatible",
    "smithy-rpc-v2-cbor",
    "smithy-rpc-v2-cbor-query-compatible",
    "smithy-rpc-v2-cbor-non-query-compatible",
];

/// `tests/unit/protocols/` of botocore's source distribution, fetched with pip into
/// `target/protocol-tests/botocore-<version>/` on first use.
pub fn ensure_suite(root: &Path, botocore: &str) -> Result<PathBuf, String> {
    let select = r#"
def select(parts):
    if len(parts) > 5 and parts[1:4] == ("tests", "unit", "protocols"):
        return parts[4:]
"#;
    ensure_extracted(root, botocore, "protocols", "input/json.json", select)
}

/// botocore's endpoint rule sets (`botocore/data/<service>/<version>/endpoint-rule-set-1.json`)
/// and their test cases (`tests/functional/endpoint-rules/<service>/endpoint-tests-1.json`),
/// extracted from the same source distribution into `endpoint-rules/<service>/`.
#[allow(dead_code)] // used by endpoint_rules_botocore.rs, not by every test that includes this
pub fn ensure_endpoint_rules(root: &Path, botocore: &str) -> Result<PathBuf, String> {
    let select = r#"
def select(parts):
    if len(parts) == 6 and parts[1:3] == ("botocore", "data") and parts[5] == "endpoint-rule-set-1.json":
        return (parts[3], parts[5])
    if len(parts) == 6 and parts[1:4] == ("tests", "functional", "endpoint-rules"):
        return (parts[4], parts[5])
"#;
    ensure_extracted(
        root,
        botocore,
        "endpoint-rules",
        "s3/endpoint-tests-1.json",
        select,
    )
}

/// Files of botocore's source distribution (fetched with pip into
/// `target/protocol-tests/botocore-<version>/download` on first use) extracted into
/// `target/protocol-tests/botocore-<version>/<name>`. `select` is a Python function from an
/// archive path's parts to the parts of its place under `name`, or `None`; `marker` is a file
/// that shows the extraction is done.
fn ensure_extracted(
    root: &Path,
    botocore: &str,
    name: &str,
    marker: &str,
    select: &str,
) -> Result<PathBuf, String> {
    let dir = root.join(format!("target/protocol-tests/botocore-{botocore}"));
    let out = dir.join(name);
    if out.join(marker).exists() {
        return Ok(out);
    }
    let download = dir.join("download");
    let archive = download.join(format!("botocore-{botocore}.tar.gz"));
    if !archive.exists() {
        std::fs::create_dir_all(&download).map_err(|e| e.to_string())?;
        let status = Command::new("python3")
            .args([
                "-m",
                "pip",
                "download",
                "--quiet",
                "--disable-pip-version-check",
                "--no-deps",
            ])
            .args(["--no-binary", ":all:", "-d"])
            .arg(&download)
            .arg(format!("botocore=={botocore}"))
            .status()
            .map_err(|e| format!("cannot run pip: {e}"))?;
        if !status.success() {
            return Err(format!(
                "pip download botocore=={botocore} (sdist) failed: {status}"
            ));
        }
    }
    // Extract into a temporary directory, then rename: never half there.
    let script = format!(
        r#"
import sys, tarfile, pathlib
{select}
archive, out = sys.argv[1], pathlib.Path(sys.argv[2])
with tarfile.open(archive) as tar:
    for member in tar.getmembers():
        place = select(pathlib.PurePosixPath(member.name).parts)
        if place and member.isfile():
            target = out.joinpath(*place)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(tar.extractfile(member).read())
"#
    );
    let partial = dir.join(format!("{name}.partial"));
    let _ = std::fs::remove_dir_all(&partial);
    let status = Command::new("python3")
        .args(["-c", &script])
        .arg(&archive)
        .arg(&partial)
        .status()
        .map_err(|e| format!("cannot run python3: {e}"))?;
    if !status.success() {
        return Err(format!("cannot extract {name} from {}", archive.display()));
    }
    let _ = std::fs::remove_dir_all(&out);
    std::fs::rename(&partial, &out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// One case, placed in a module of the generated crate.
pub struct Case {
    /// `input/json_1_0.json` and the like.
    pub file: String,
    pub id: String,
    pub module: String,
    pub operation: String,
    /// The test's body (calls into `support`).
    pub test: String,
}

/// A module: one suite's metadata and shapes, with the operations of its cases (a suite
/// whose cases give one operation name two definitions is split over several modules).
struct Module {
    name: String,
    metadata: Value,
    shapes: Value,
    /// The shapes as the suite has them: member order is XML element order.
    shapes_text: String,
    operations: Map<String, Value>,
}

/// A module's name and its botocore model (JSON text).
pub type Model = (String, String);

/// A suite's shapes as written.
#[derive(serde::Deserialize)]
struct RawSuite<'a> {
    #[serde(borrow)]
    shapes: &'a serde_json::value::RawValue,
}

/// The models and cases of the suite files.
pub fn load_cases(protocols: &Path) -> Result<(Vec<Model>, Vec<Case>), String> {
    let mut modules: Vec<Module> = Vec::new();
    let mut cases = Vec::new();
    for direction in ["input", "output"] {
        for file in FILES {
            let path = protocols.join(direction).join(format!("{file}.json"));
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            let suites: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            let raw: Vec<RawSuite> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
            for (index, suite) in suites.iter().enumerate() {
                let first = modules.len();
                for case in suite["cases"].as_array().into_iter().flatten() {
                    let given = &case["given"];
                    let name = given["name"].as_str().unwrap_or_default().to_owned();
                    let slot = (first..modules.len())
                        .find(|&m| modules[m].operations.get(&name).is_none_or(|g| g == given));
                    let slot = slot.unwrap_or_else(|| {
                        let part = modules.len() - first;
                        modules.push(Module {
                            name: format!(
                                "{direction}_{}_s{index}_p{part}",
                                file.replace('-', "_")
                            ),
                            metadata: suite["metadata"].clone(),
                            shapes: suite["shapes"].clone(),
                            shapes_text: raw[index].shapes.get().to_owned(),
                            operations: Map::new(),
                        });
                        modules.len() - 1
                    });
                    modules[slot].operations.insert(name.clone(), given.clone());
                    let shapes = &modules[slot].shapes;
                    cases.push(Case {
                        file: format!("{direction}/{file}.json"),
                        id: case["id"].as_str().unwrap_or_default().to_owned(),
                        module: modules[slot].name.clone(),
                        operation: name,
                        test: case_test(
                            direction,
                            case,
                            shapes,
                            file.contains("cbor"),
                            &suite["clientEndpoint"],
                        ),
                    });
                }
            }
        }
    }
    let models = modules
        .into_iter()
        .map(|module| {
            // The shapes go in as written (a `Value` would sort their members by name).
            let placeholder = Value::from("\u{0}shapes");
            let text = model(module.metadata, module.operations, placeholder).to_string();
            let text = text.replacen("\"\\u0000shapes\"", &module.shapes_text, 1);
            (module.name, text)
        })
        .collect();
    Ok((models, cases))
}

/// A botocore model of a suite's metadata, shapes and some of its operations, with the
/// metadata a service model needs that the suites leave out.
pub fn model(mut metadata: Value, operations: Map<String, Value>, shapes: Value) -> Value {
    for (key, value) in [
        ("serviceId", "Compliance"),
        ("serviceFullName", "Protocol compliance"),
        ("endpointPrefix", "compliance"),
        ("signatureVersion", "v4"),
        ("uid", "compliance-2020-01-01"),
    ] {
        if metadata.get(key).is_none() {
            metadata[key] = json!(value);
        }
    }
    json!({
        "version": "2.0",
        "metadata": metadata,
        "operations": operations,
        "shapes": shapes,
    })
}

/// The body of a case's test: `support::check_*::<Op>(...)` with its data as literals, and
/// U+0001 for the operation type and U+0002 for the client's `SERVICE` (no literal holds
/// them: `{:?}` escapes them).
fn case_test(
    direction: &str,
    case: &Value,
    shapes: &Value,
    cbor: bool,
    endpoint: &Value,
) -> String {
    let given = &case["given"];
    let shape_of = |key: &str| given[key]["shape"].as_str().map(str::to_owned);
    if direction == "input" {
        let params = match shape_of("input") {
            Some(shape) => to_wire(&case["params"], &shape, shapes),
            None => json!({}),
        };
        // The suite's client endpoint (default `https://example.com`) goes with the expected
        // request, whose `host` must then be where the client sends it.
        let mut serialized = case["serialized"].clone();
        if let (Value::Object(fields), Some(endpoint)) = (&mut serialized, endpoint.as_str()) {
            fields.insert("clientEndpoint".to_owned(), json!(endpoint));
        }
        return format!(
            "support::check_input::<\u{1}>(&\u{2}, {}, {}, &{:?})",
            literal(&params.to_string()),
            literal(&serialized.to_string()),
            body_bytes(cbor, case["serialized"]["body"].as_str().unwrap_or(""))
        );
    }
    let response = &case["response"];
    let status = response["status_code"].as_u64().unwrap_or(200);
    let headers: Vec<String> = response["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, value)| {
            format!(
                "({}, {})",
                literal(name),
                literal(value.as_str().unwrap_or(""))
            )
        })
        .collect();
    let body = format!(
        "&{:?}",
        body_bytes(cbor, response["body"].as_str().unwrap_or(""))
    );
    let mut test = String::new();
    if let Some(code) = case["errorCode"].as_str() {
        let error_shape = shapes
            .as_object()
            .into_iter()
            .flatten()
            .find(|(name, shape)| {
                shape["exception"] == json!(true)
                    && (name.as_str() == code || shape["error"]["code"] == json!(code))
            })
            .map(|(name, _)| name.clone());
        let mut fields = match error_shape.as_ref() {
            Some(shape) => to_wire(&case["error"], shape, shapes),
            None => json!({}),
        };
        // Members bound to headers travel as headers: checked apart, by header name.
        let mut bound = Map::new();
        if let Some(shape) = &error_shape {
            for (name, member) in shapes[shape]["members"].as_object().into_iter().flatten() {
                if member["location"] == json!("header")
                    && let Some(value) = fields.as_object_mut().and_then(|f| f.remove(name))
                {
                    let header = member["locationName"].as_str().unwrap_or(name).to_owned();
                    bound.insert(header, value);
                }
            }
        }
        let message = match case["errorMessage"].as_str() {
            Some(message) => format!("Some({})", literal(message)),
            None => "None".to_owned(),
        };
        let _ = write!(
            test,
            "support::check_error::<\u{1}>({status}, &[{}], {body}, {}, {message}, {}, {})",
            headers.join(", "),
            literal(code),
            literal(&fields.to_string()),
            literal(&Value::Object(bound).to_string())
        );
    } else {
        let output = match shape_of("output") {
            Some(shape) => to_wire(&case["result"], &shape, shapes),
            None => json!({}),
        };
        let _ = write!(
            test,
            "support::check_output::<\u{1}>({status}, &[{}], {body}, {})",
            headers.join(", "),
            literal(&output.to_string())
        );
    }
    test
}

/// A value of botocore's Python form (parameters, parsed results) in botocore's JSON wire
/// form, by its shape: body members under their serialized names (`locationName`; a member
/// bound to a header, label or query keeps its own name, as in our serde form), blobs in
/// base64, everything else as it is (timestamps are compared as instants).
pub fn to_wire(value: &Value, shape: &str, shapes: &Value) -> Value {
    let definition = &shapes[shape];
    match (definition["type"].as_str().unwrap_or(""), value) {
        ("structure", Value::Object(fields)) => {
            let mut out = Map::new();
            for (name, field) in fields {
                if field.is_null() {
                    continue;
                }
                let member = &definition["members"][name];
                let key = match member.get("location") {
                    Some(_) => name,
                    None => member["locationName"].as_str().unwrap_or(name),
                };
                let target = member["shape"].as_str().unwrap_or("");
                out.insert(key.to_owned(), to_wire(field, target, shapes));
            }
            Value::Object(out)
        }
        ("list", Value::Array(items)) => {
            let target = definition["member"]["shape"].as_str().unwrap_or("");
            Value::Array(
                items
                    .iter()
                    .map(|item| to_wire(item, target, shapes))
                    .collect(),
            )
        }
        ("map", Value::Object(entries)) => {
            let target = definition["value"]["shape"].as_str().unwrap_or("");
            Value::Object(
                entries
                    .iter()
                    .map(|(key, item)| (key.clone(), to_wire(item, target, shapes)))
                    .collect(),
            )
        }
        ("blob", Value::String(text)) => Value::String(BASE64.encode(text.as_bytes())),
        _ => value.clone(),
    }
}

/// A body's bytes: CBOR bodies are base64 in the suites, JSON bodies text.
fn body_bytes(cbor: bool, body: &str) -> Vec<u8> {
    if cbor {
        BASE64.decode(body).expect("a CBOR body in base64")
    } else {
        body.as_bytes().to_vec()
    }
}

fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// `tests/cases.rs` of the generated crate: a test per case, allowed failures `#[ignore]`d
/// with their reason.
pub fn cases_file(
    crate_name: &str,
    cases: &[Case],
    operation_types: &BTreeMap<(String, String), String>,
    allowed: &BTreeMap<String, String>,
) -> String {
    let mut text = String::from(
        "// @generated by tests/tests/protocol_compliance.rs from botocore's protocol tests.\n\
         #![allow(non_snake_case)]\n\nmod support;\n",
    );
    for case in cases {
        let op = &operation_types[&(case.module.clone(), case.operation.clone())];
        let path = format!("{crate_name}::{}::operations::{op}", case.module);
        let service = format!("{crate_name}::{}::client::SERVICE", case.module);
        let ignore = match allowed.get(&case.id) {
            Some(reason) => format!("#[ignore = {}]\n", literal(reason)),
            None => String::new(),
        };
        let _ = write!(
            text,
            "\n/// {} `{}`\n#[test]\n{ignore}fn {}__{}() {{\n    {};\n}}\n",
            case.file,
            case.id,
            case.module,
            case.id.replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            case.test.replace('\u{1}', &path).replace('\u{2}', &service)
        );
    }
    text
}
