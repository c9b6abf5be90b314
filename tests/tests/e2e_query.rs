//! awsQuery and ec2Query end to end over loopback HTTP: the generated client of the `query`
//! and `ec2_query` fixtures (tests/fixtures/models/query and ec2-query: one service in the
//! two protocols) calls the runtime server, which routes the form's `Action` to the
//! generated dispatcher over an implementation of the service trait. Wrapped and flattened
//! lists, maps with their own key and value names, nested and recursive structures, every
//! scalar, an idempotency token, a gzipped request, an operation without output and a
//! modeled error make the round trip; strict validation answers with the protocol's code;
//! raw requests check what the server answers itself (a GET form, an unknown action, a
//! parameter that does not read, the XML of each protocol with its namespace and request id).
//! botocore 1.44.5 calls the same servers (`tests/botocore/query_roundtrip.py`): its forms,
//! gzipped ones too, must read, and it must parse every output and error as AWS's.

/// The same test for each protocol's module of the fixture.
macro_rules! query_e2e {
    ($test:ident, $module:ident, $trait:ident, model: $model:literal, ec2: $ec2:literal, counts: $counts:literal) => {
        mod $test {
            use std::collections::BTreeMap;
            use std::sync::{Arc, Mutex};

            use awsgen_fixtures::$module::operations::{
                $trait, DeleteThingError, GetThingError, PutThingError,
            };
            use awsgen_fixtures::$module::server::Dispatcher;
            use awsgen_fixtures::$module::{
                DeleteThingRequest, DeleteThingResponse, GetThingRequest, GetThingResponse,
                Nested, PutThingRequest, PutThingResponse, Tag, Thing, ThingKind, ThingNotFound,
            };
            use awsgen_runtime::client::{Config, Credentials};
            use awsgen_runtime::server::Server;
            use awsgen_runtime::{OperationError, Timestamp};

            /// Keeps the things it is given, and the idempotency tokens they came with.
            #[derive(Default)]
            struct Things {
                stored: Mutex<BTreeMap<String, Thing>>,
                tokens: Mutex<Vec<String>>,
            }

            impl $trait for Things {
                async fn call_put_thing(
                    &self,
                    input: PutThingRequest,
                ) -> Result<PutThingResponse, PutThingError> {
                    let token = input.client_token.clone().unwrap_or_default();
                    self.tokens.lock().unwrap().push(token.clone());
                    let name = input.thing.name.clone();
                    self.stored.lock().unwrap().insert(name, input.thing.clone());
                    Ok(PutThingResponse::builder().thing(input.thing).token(token).build())
                }

                async fn call_get_thing(
                    &self,
                    input: GetThingRequest,
                ) -> Result<GetThingResponse, GetThingError> {
                    match self.stored.lock().unwrap().get(&input.thing_name) {
                        Some(thing) => Ok(GetThingResponse::builder().thing(thing.clone()).build()),
                        None => Err(GetThingError::ThingNotFound(
                            ThingNotFound::builder()
                                .message("no such thing")
                                .thing_name(input.thing_name)
                                .build(),
                        )),
                    }
                }

                async fn call_delete_thing(
                    &self,
                    input: DeleteThingRequest,
                ) -> Result<DeleteThingResponse, DeleteThingError> {
                    self.stored.lock().unwrap().remove(&input.thing_name);
                    Ok(DeleteThingResponse::builder().build())
                }
            }

            /// A thing with every kind of member.
            fn thing(name: &str, label: &str) -> Thing {
                let tag = |key: &str, value: Option<&str>| {
                    let tag = Tag::builder().key(key);
                    match value {
                        Some(value) => tag.value(value),
                        None => tag,
                    }
                    .build()
                    .unwrap()
                };
                let created: Timestamp = "2024-05-01T12:30:45.5Z".parse().unwrap();
                let expires: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap();
                Thing::builder()
                    .name(name)
                    .kind(ThingKind::Large)
                    .tags(vec![tag("k1", Some("v & <1> + ü")), tag("k2", None)])
                    .labels(vec![label.to_owned(), "a=b&c".to_owned()])
                    .counts((1..=12).collect::<Vec<i32>>())
                    .attributes(BTreeMap::from([
                        ("color".to_owned(), "blue".to_owned()),
                        ("empty".to_owned(), String::new()),
                    ]))
                    .settings(BTreeMap::from([
                        ("fast".to_owned(), tag("mode", Some("on"))),
                        ("slow".to_owned(), tag("mode", None)),
                    ]))
                    .nested(
                        Nested::builder()
                            .count(-3)
                            .ratio(f64::INFINITY)
                            .size(9_007_199_254_740_993_i64)
                            .inner(Nested::builder().ratio(0.25).inner(Nested::builder().count(7).build()).build())
                            .build(),
                    )
                    .enabled(false)
                    .created(created)
                    .expires(expires)
                    .data(b"\x00binary\xff".to_vec())
                    .build()
                    .unwrap()
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn client_and_server_over_loopback() {
                let things = Arc::new(Things::default());
                let server = Server::new().with(Dispatcher::from_arc(Arc::clone(&things)));
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let endpoint = format!("http://{}", listener.local_addr().unwrap());
                tokio::spawn(server.serve(listener));
                let config = Config::builder()
                    .region("us-east-1")
                    .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
                    .endpoint_url(&endpoint)
                    .build();
                let client = awsgen_fixtures::$module::client::Client::new(config).unwrap();

                // Every kind of member there and back; the client fills the idempotency token.
                let sent = thing("thing-1", "one label");
                let put = client
                    .call_put_thing(PutThingRequest::builder().thing(sent.clone()).dry_run(true).build().unwrap())
                    .await
                    .unwrap();
                assert_eq!(put.thing.as_ref(), Some(&sent));
                let token = things.tokens.lock().unwrap()[0].clone();
                assert_eq!(token.len(), 36, "{token}");
                assert_eq!(put.token.as_deref(), Some(token.as_str()));
                let got = client
                    .call_get_thing(GetThingRequest::builder().thing_name("thing-1").build().unwrap())
                    .await
                    .unwrap();
                assert_eq!(got.thing, Some(sent));

                // A request large enough to be gzipped (`@requestCompression`) reads the same.
                let large = thing("thing-2", &"x".repeat(20_000));
                let put = client
                    .call_put_thing(PutThingRequest::builder().thing(large.clone()).build().unwrap())
                    .await
                    .unwrap();
                assert_eq!(put.thing, Some(large));

                // An operation without output; then the modeled error, with its members.
                client
                    .call_delete_thing(DeleteThingRequest::builder().thing_name("thing-1").build().unwrap())
                    .await
                    .unwrap();
                let error = client
                    .call_get_thing(GetThingRequest::builder().thing_name("thing-1").build().unwrap())
                    .await
                    .unwrap_err();
                match &error {
                    GetThingError::ThingNotFound(e) => {
                        assert_eq!(e.message.as_deref(), Some("no such thing"));
                        assert_eq!(e.thing_name.as_deref(), Some("thing-1"));
                    }
                    other => panic!("expected ThingNotFound, got {other:?}"),
                }
                assert_eq!(error.status(), 404);

                // The client checks constraints but patterns (forward compatible); the server
                // checks them all, and answers with its protocol's code.
                let error = client
                    .call_put_thing(PutThingRequest::builder().thing(thing("Not Valid!", "l")).build().unwrap())
                    .await
                    .unwrap_err();
                let code = if $ec2 { "InvalidParameterValue" } else { "ValidationError" };
                assert_eq!(error.code(), Some(code), "{error:?}");
                let message = error.to_response().message.unwrap_or_default();
                assert!(message.contains("/Thing/Name must match the pattern"), "{message}");

                // What the server answers itself, seen on the wire.
                let namespace = if $ec2 { "ec2query" } else { "query" };
                let root = format!(
                    "<GetThingResponse xmlns=\"https://{namespace}.example.com/doc/2024-01-01/\">"
                );
                let response =
                    super::raw(&endpoint, "GET", "/?Action=GetThing&Version=2024-01-01&ThingName=thing-2", "").await;
                assert!(response.starts_with("HTTP/1.1 200"), "{response}");
                let body = &response[response.find("\r\n\r\n").unwrap() + 4..];
                assert!(body.starts_with(&root), "{body}");
                let request_id = super::header(&response, "x-amzn-requestid");
                if $ec2 {
                    assert!(body.contains(&format!("{root}<requestId>{request_id}</requestId><thing>")), "{body}");
                } else {
                    assert!(body.contains(&format!("{root}<GetThingResult><Thing>")), "{body}");
                    assert!(body.ends_with(&format!(
                        "<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata></GetThingResponse>"
                    )), "{body}");
                }

                let response = super::raw(&endpoint, "POST", "/", "Action=Nope&Version=2024-01-01").await;
                assert!(response.starts_with("HTTP/1.1 400"), "{response}");
                assert!(response.contains("<Code>InvalidAction</Code>"), "{response}");

                let form = format!("Action=PutThing&Version=2024-01-01&Thing.Name=t&{}=ten", $counts);
                let response = super::raw(&endpoint, "POST", "/", &form).await;
                assert!(response.starts_with("HTTP/1.1 400"), "{response}");
                assert!(response.contains("<Code>InvalidParameterValue</Code>"), "{response}");
                let reason = format!("cannot read {}: `ten` is not an integer", $counts);
                assert!(response.contains(&reason), "{response}");
                let request_id = super::header(&response, "x-amzn-requestid");
                let id_element = if $ec2 { "RequestID" } else { "RequestId" };
                assert!(response.contains(&format!("<{id_element}>{request_id}</{id_element}>")), "{response}");
            }

            /// botocore as the client: its forms read, and our XML parsed as AWS's.
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn botocore_is_a_client_too() {
                let server = Server::new().with(Dispatcher::new(Things::default()));
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let endpoint = format!("http://{}", listener.local_addr().unwrap());
                tokio::spawn(server.serve(listener));
                super::botocore_checks(endpoint, $model).await;
            }
        }
    };
}

query_e2e!(aws_query, query, FixtureAwsQuery, model: "query", ec2: false, counts: "Thing.Counts.Count.1");
query_e2e!(ec2_query, ec2_query, FixtureEc2Query, model: "ec2-query", ec2: true, counts: "Thing.Counts.1");

#[allow(dead_code)]
#[path = "../../xtask/src/vectors.rs"]
mod vectors;

/// Runs `tests/botocore/query_roundtrip.py` (botocore 1.44.5 calling the fixture `model`
/// at `endpoint`) and fails on any check it reports failed.
async fn botocore_checks(endpoint: String, model: &str) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf();
    let model = root.join(format!("tests/fixtures/models/{model}/service-2.json"));
    let output = tokio::task::spawn_blocking(move || {
        let python = vectors::ensure_venv(&root).unwrap_or_else(|e| panic!("botocore venv: {e}"));
        std::process::Command::new(python)
            .arg(root.join("tests/botocore/query_roundtrip.py"))
            .arg(endpoint)
            .arg(model)
            .output()
            .expect("runs the venv's python")
    })
    .await
    .unwrap();
    assert!(
        output.status.success(),
        "query_roundtrip.py: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(results.len(), 4, "{results:?}");
    let failures: Vec<String> = results
        .iter()
        .filter(|r| r["ok"] != true)
        .map(|r| {
            format!(
                "{}: {}",
                r["check"],
                r["error"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A request over a TCP socket (no client library needed), a form body if any, returning
/// the raw response.
async fn raw(endpoint: &str, method: &str, path: &str, form: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\
         Content-Type: application/x-www-form-urlencoded; charset=utf-8\r\n\
         Content-Length: {}\r\n\r\n{form}",
        form.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}

/// A header's value in a raw response.
fn header(response: &str, name: &str) -> String {
    response
        .lines()
        .take_while(|line| !line.is_empty())
        .find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_owned())
        })
        .unwrap_or_else(|| panic!("no {name} in {response}"))
}
