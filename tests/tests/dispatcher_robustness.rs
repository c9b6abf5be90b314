//! The generated dispatchers behind the runtime server never panic and always answer in
//! awsJson, whatever the body: every request botocore sends in the recorded vectors (for all
//! 79 operations), each with every member replaced by values of the wrong type, of extreme
//! size or nesting, truncated, and as bytes that are not JSON or not UTF-8.

use bytes::Bytes;
use http_body_util::{BodyExt as _, Full};
use partnercentral_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};

/// Values that break some member of every shape: wrong types, extremes, deep nesting.
fn hostile_values() -> Vec<Value> {
    let mut deep = json!(1);
    for _ in 0..200 {
        deep = json!([deep]);
    }
    vec![
        Value::Null,
        json!(true),
        json!(-1),
        json!(1.5e300),
        json!(u64::MAX),
        json!(""),
        json!("x".repeat(20_000)),
        json!("\u{0}\u{FFFF}🦀"),
        json!([]),
        json!([null, 1, "a", {}]),
        json!({}),
        json!({"__type": "Unknown", "Extra": [1, 2]}),
        deep,
    ]
}

/// Every body to send for one recorded request body.
fn mutations(body: &Value) -> Vec<Vec<u8>> {
    let text = body.to_string();
    let mut out = vec![
        text.clone().into_bytes(),
        text.as_bytes()[..text.len() / 2].to_vec(),
        b"".to_vec(),
        b"null".to_vec(),
        b"[]".to_vec(),
        b"\xff\xfe{\"Catalog\": 1}".to_vec(),
        format!("{text}{text}").into_bytes(),
    ];
    if let Value::Object(members) = body {
        // The vectors' placeholder catalog names no catalog; a real one reaches the service.
        if members.contains_key("Catalog") {
            let mut real = members.clone();
            real.insert("Catalog".to_owned(), json!("Sandbox"));
            out.push(Value::Object(real).to_string().into_bytes());
        }
        for key in members.keys() {
            for value in hostile_values() {
                let mut mutated = members.clone();
                mutated.insert(key.clone(), value);
                out.push(Value::Object(mutated).to_string().into_bytes());
            }
        }
    }
    out
}

fn check_answer(target: &str, status: u16, error_type: Option<&str>, body: &[u8]) {
    let document: Value = serde_json::from_slice(body)
        .unwrap_or_else(|e| panic!("{target}: answer is not JSON ({e}): {body:?}"));
    assert!(document.is_object(), "{target}: answer is not an object");
    assert!((200..600).contains(&status), "{target}: status {status}");
    if status >= 400 {
        let code = document["__type"].as_str();
        assert!(code.is_some(), "{target}: error without __type: {document}");
        assert_eq!(error_type, code, "{target}: header and __type differ");
        // A panic anywhere would be contained and answered as InternalFailure.
        assert_ne!(code, Some("InternalFailure"), "{target}: {document}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn any_body_gets_a_well_formed_answer() {
    let emulator = Emulator::new(EmulatorConfig::default()).unwrap();
    let server = emulator.server();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sent = 0usize;
    let mut statuses = std::collections::BTreeMap::<u16, usize>::new();
    for service in ["partnercentral-selling", "partnercentral-account"] {
        let path = root.join(format!("vectors/{service}.json"));
        let vectors: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let prefix = vectors["target_prefix"].as_str().unwrap();
        for request in vectors["requests"].as_array().unwrap() {
            let target = format!("{prefix}.{}", request["operation"].as_str().unwrap());
            for body in mutations(&request["body"]) {
                let http_request = http::Request::post("/")
                    .header("content-type", "application/x-amz-json-1.0")
                    .header("x-amz-target", &target)
                    .body(Full::new(Bytes::from(body)))
                    .unwrap();
                let response = server.handle(http_request).await;
                let status = response.status().as_u16();
                let error_type = response
                    .headers()
                    .get("x-amzn-errortype")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let body = response.into_body().collect().await.unwrap().to_bytes();
                check_answer(&target, status, error_type.as_deref(), &body);
                *statuses.entry(status).or_default() += 1;
                sent += 1;
            }
        }
    }
    println!("{sent} requests, answers by status: {statuses:?}");
    assert!(sent > 10_000, "{sent}");
    // The corpus reaches success, validation and serialization errors, and NotImplemented.
    for status in [200, 400, 501] {
        assert!(
            statuses.contains_key(&status),
            "no {status} in {statuses:?}"
        );
    }
}
