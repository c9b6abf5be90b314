//! restJson1 and restXml end to end over loopback HTTP: the generated client of the
//! `rest_json` and `rest_xml` fixtures (tests/fixtures/models/rest-json and rest-xml: one
//! service in the two protocols) calls the runtime server, which routes by method and URI
//! template to the generated dispatcher over an implementation of the service trait. Labels
//! (greedy too), query parameters, list and timestamp headers, prefix headers, blob and
//! structure payloads, the status code and an error member bound to a header all make the
//! round trip; a request no route matches gets 404; an operation with an event stream is
//! refused before sending. Streaming blobs go up from memory, a one-shot stream and a file,
//! and come down in chunks: a body larger than the client would ever buffer. An
//! `aws-chunked` upload with a trailing checksum reaches the implementation decoded.

/// The same test for each protocol's module of the fixture.
macro_rules! rest_e2e {
    ($test:ident, $module:ident, $trait:ident) => {
        mod $test {
        use std::sync::{Arc, Mutex};

        use awsgen_fixtures::$module::operations::{
            $trait, GetObjectError, GetThingError, PutObjectError, UpdateThingError,
        };
        use awsgen_fixtures::$module::server::Dispatcher;
        use awsgen_fixtures::$module::{ GetObjectRequest, GetObjectResponse, GetThingRequest, GetThingResponse, PutObjectRequest, PutObjectResponse, Thing,
            ThingNotFound, UpdateThingRequest,
        };
        use awsgen_runtime::{ByteStream, Timestamp};
        use awsgen_runtime::client::checksum::{checksum, Algorithm};
        use awsgen_fixtures::$module::ChecksumAlgorithm;
        use awsgen_runtime::client::{Config, Credentials};
        use awsgen_runtime::server::Server;

        /// Remembers what each call received, and answers from it.
        #[derive(Default)]
        struct Things {
            received: Mutex<Vec<String>>,
        }

        impl $trait for Things {
            async fn call_get_thing(&self, input: GetThingRequest) -> Result<GetThingResponse, GetThingError> {
                self.received.lock().unwrap().push(format!("{input:?}"));
                if input.thing_id == "missing" {
                    return Err(GetThingError::ThingNotFound(
                        ThingNotFound::builder()
                            .message("no such thing")
                            .thing_id(input.thing_id)
                            .build(),
                    ));
                }
                let name = format!(
                    "{} v{} tags={:?} labels={:?} meta={:?}",
                    input.thing_id,
                    input.version.unwrap_or_default(),
                    input.tags.unwrap_or_default(),
                    input.labels.unwrap_or_default(),
                    input.metadata.unwrap_or_default(),
                );
                let thing = Thing::builder()
                    .name(name)
                    .count(3)
                    .set_created(input.since)
                    .build();
                Ok(GetThingResponse::builder()
                    .thing(thing)
                    .etag("\"abc\"")
                    .status(203)
                    .build())
            }

            async fn call_put_object(
                &self,
                input: PutObjectRequest,
            ) -> Result<PutObjectResponse, PutObjectError> {
                let body = input.body.unwrap_or_default().collect().await.unwrap();
                self.received.lock().unwrap().push(format!(
                    "{}/{} {:?} {} checksums: {:?} crc32={:?} sha256={:?}",
                    input.bucket,
                    input.key,
                    input.content_type,
                    String::from_utf8_lossy(&body),
                    input.checksum_algorithm.as_ref().map(|a| a.as_str()),
                    input.checksum_crc32,
                    input.checksum_sha256,
                ));
                Ok(PutObjectResponse::builder().size(body.len() as i32).build())
            }

            async fn call_get_object(
                &self,
                input: GetObjectRequest,
            ) -> Result<GetObjectResponse, GetObjectError> {
                // A small body with its checksum, right or (`bad/`) wrong; the mode the
                // client asks for it with is echoed in the content type.
                if let Some(name) = input.key.strip_prefix("sum/").or(input.key.strip_prefix("bad/")) {
                    let body = format!("the body of {name}");
                    let sum = match input.key.starts_with("bad/") {
                        true => checksum(Algorithm::Crc32, b"something else"),
                        false => checksum(Algorithm::Crc32, body.as_bytes()),
                    };
                    return Ok(GetObjectResponse::builder()
                        .content_type(format!("{:?}", input.checksum_mode.as_ref().map(|m| m.as_str())))
                        .checksum_crc32(sum)
                        .body(body)
                        .build());
                }
                let size: u64 = input.key.parse().unwrap();
                Ok(GetObjectResponse::builder()
                    .content_type("application/x-test")
                    .body(ByteStream::from_stream(super::pattern_chunks(size), Some(size)))
                    .build())
            }

            async fn call_update_thing(&self, input: UpdateThingRequest) -> Result<Thing, UpdateThingError> {
                let mut thing = input.changes.unwrap_or_default();
                thing.name = Some(format!(
                    "{}:{}",
                    input.thing_id,
                    thing.name.unwrap_or_default()
                ));
                Ok(thing)
            }
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

            // A label with characters that need escaping, a list query, list and timestamp headers,
            // prefix headers; a body, a header and the status back.
            let since: Timestamp = "2024-05-01T12:30:45Z".parse().unwrap();
            let got = client
                .call_get_thing(
                    GetThingRequest::builder()
                        .thing_id("a b/c")
                        .version(7)
                        .tags(vec!["x".into(), "y z".into()])
                        .since(since)
                        .labels(vec!["one".into(), "two, three".into()])
                        .metadata(std::collections::BTreeMap::from([(
                            "color".to_owned(),
                            "blue".to_owned(),
                        )]))
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            let thing = got.thing.unwrap();
            assert_eq!(
                thing.name.as_deref(),
                Some(r#"a b/c v7 tags=["x", "y z"] labels=["one", "two, three"] meta={"color": "blue"}"#)
            );
            assert_eq!(thing.count, Some(3));
            assert_eq!(thing.created, Some(since));
            assert_eq!(got.etag.as_deref(), Some("\"abc\""));
            assert_eq!(got.status, Some(203));

            // A modeled error, its member bound to a header read back.
            let error = client
                .call_get_thing(
                    GetThingRequest::builder()
                        .thing_id("missing")
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap_err();
            match error {
                GetThingError::ThingNotFound(e) => {
                    assert_eq!(e.thing_id.as_deref(), Some("missing"));
                    assert_eq!(e.message.as_deref(), Some("no such thing"));
                }
                other => panic!("expected ThingNotFound, got {other:?}"),
            }

            // A greedy label and a blob payload; the 201 of the model.
            let put = client
                .call_put_object(
                    PutObjectRequest::builder()
                        .bucket("b1")
                        .key("dir/sub/file.txt")
                        .content_type("text/plain")
                        .body(b"hello bytes".to_vec())
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(put.size, Some(11));
            // `@httpChecksum`: CRC32 by default (its algorithm header says so), or the
            // algorithm the input names.
            let crc32 = |body: &[u8]| checksum(Algorithm::Crc32, body);
            let received = |line: String| {
                assert!(things.received.lock().unwrap().contains(&line), "{line} not in {:?}", things.received.lock().unwrap());
            };
            received(format!(
                r#"b1/dir/sub/file.txt Some("text/plain") hello bytes checksums: Some("CRC32") crc32=Some({:?}) sha256=None"#,
                crc32(b"hello bytes"),
            ));
            client
                .call_put_object(
                    PutObjectRequest::builder()
                        .bucket("b1")
                        .key("sha")
                        .checksum_algorithm(ChecksumAlgorithm::Sha256)
                        .body(b"summed".to_vec())
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            received(format!(
                r#"b1/sha Some("application/octet-stream") summed checksums: Some("SHA256") crc32=None sha256=Some({:?})"#,
                checksum(Algorithm::Sha256, b"summed"),
            ));

            // A streaming body read once, of known length, sent in chunks.
            let put = client
                .call_put_object(
                    PutObjectRequest::builder()
                        .bucket("b1")
                        .key("streamed")
                        .body(ByteStream::from_stream(super::pattern_chunks(300_000), Some(300_000)))
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(put.size, Some(300_000));
            // Read once, it cannot be summed before it is sent, and the service does not
            // require a checksum: none.
            assert!(
                things
                    .received
                    .lock()
                    .unwrap()
                    .iter()
                    .any(|line| line.starts_with("b1/streamed ") && line.ends_with("checksums: None crc32=None sha256=None")),
            );

            // A file body, read in chunks as it is sent.
            let path = std::env::temp_dir().join(format!("awsgen-e2e-{}-{}", stringify!($test), std::process::id()));
            std::fs::write(&path, b"from a file").unwrap();
            let put = client
                .call_put_object(
                    PutObjectRequest::builder()
                        .bucket("b1")
                        .key("file")
                        .body(ByteStream::from_path(&path).await.unwrap())
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            std::fs::remove_file(&path).unwrap();
            assert_eq!(put.size, Some(11));
            // A file's checksum is computed by reading it before it is sent.
            received(format!(
                r#"b1/file Some("application/octet-stream") from a file checksums: Some("CRC32") crc32=Some({:?}) sha256=None"#,
                crc32(b"from a file"),
            ));

            // A streamed download, larger than the 64 MiB the client reads whole at most: it
            // arrives in chunks, with the header members already read.
            let size: u64 = 72 << 20;
            let mut got = client
                .call_get_object(
                    GetObjectRequest::builder()
                        .bucket("b1")
                        .key(size.to_string())
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(got.content_type.as_deref(), Some("application/x-test"));
            let mut body = got.body.take().unwrap();
            let (mut read, mut largest) = (0u64, 0usize);
            while let Some(chunk) = body.next_chunk().await {
                let chunk = chunk.unwrap();
                assert!(chunk.iter().enumerate().all(|(i, b)| *b == super::pattern_byte(read + i as u64)));
                read += chunk.len() as u64;
                largest = largest.max(chunk.len());
            }
            assert_eq!(read, size);
            assert!(largest < 4 << 20, "chunks of at most a few MiB, got {largest}");

            // The response's checksum, asked for by default and checked as the body is read.
            let get = |key: &str| client.call_get_object(GetObjectRequest::builder().bucket("b1").key(key).build().unwrap());
            let mut got = get("sum/x").await.unwrap();
            assert_eq!(got.content_type.as_deref(), Some(r#"Some("ENABLED")"#));
            let body = got.body.take().unwrap().collect().await.unwrap();
            assert_eq!(body, "the body of x");
            let mut got = get("bad/x").await.unwrap();
            let error = got.body.take().unwrap().collect().await.unwrap_err();
            assert!(error.to_string().contains("x-amz-checksum-crc32"), "{error}");

            // A structure payload in, a plain JSON body out.
            let updated = client
                .call_update_thing(
                    UpdateThingRequest::builder()
                        .thing_id("t1")
                        .changes(Thing::builder().name("renamed").count(5).build())
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap();
            assert_eq!(updated.name.as_deref(), Some("t1:renamed"));
            assert_eq!(updated.count, Some(5));

            // An event stream: refused before anything is sent, with a clear reason.
            let refused = client
                .call_watch_thing(
                    awsgen_fixtures::$module::WatchThingRequest::builder()
                        .thing_id("t1")
                        .build()
                        .unwrap(),
                )
                .await
                .unwrap_err();
            match refused {
                awsgen_fixtures::$module::operations::WatchThingError::Failed(
                    awsgen_runtime::CallFailure::Unsupported(reason),
                ) => assert!(reason.contains("event stream"), "{reason}"),
                other => panic!("expected Unsupported, got {other:?}"),
            }

            // No route: 404 UnknownOperationException.
            let response = super::reqwest_free_get(&endpoint, "/nowhere").await;
            assert!(response.starts_with("HTTP/1.1 404"), "{response}");
            assert!(response.contains("UnknownOperationException"), "{response}");
        }

        /// An S3-style streaming upload as botocore sends it over HTTPS: `aws-chunked`
        /// frames and the checksum in a trailer, which the implementation reads as the
        /// header-bound member; a trailer that does not match is refused before it runs.
        #[tokio::test]
        async fn aws_chunked_uploads_are_decoded_and_their_trailer_checked() {
            use http_body_util::BodyExt;
            let things = Arc::new(Things::default());
            let server = Server::new().with(Dispatcher::from_arc(Arc::clone(&things)));
            let upload = |trailer: &str| {
                let body = format!("6;chunk-signature=0a\r\nchunk \r\n7\r\nencoded\r\n0\r\nx-amz-checksum-crc32:{trailer}\r\n\r\n");
                http::Request::put("/buckets/b1/chunked?object")
                    .header("content-type", "text/plain")
                    .header("content-encoding", "aws-chunked")
                    .header("x-amz-decoded-content-length", "13")
                    .header("x-amz-trailer", "x-amz-checksum-crc32")
                    .header("x-amz-sdk-checksum-algorithm", "CRC32")
                    .body(http_body_util::Full::new(bytes::Bytes::from(body)))
                    .unwrap()
            };
            let sum = checksum(Algorithm::Crc32, b"chunk encoded");
            let response = server.handle(upload(&sum)).await;
            assert_eq!(response.status(), 201);
            let line = format!(
                r#"b1/chunked Some("text/plain") chunk encoded checksums: Some("CRC32") crc32=Some({sum:?}) sha256=None"#
            );
            assert!(things.received.lock().unwrap().contains(&line), "{:?}", things.received.lock().unwrap());

            let response = server.handle(upload("AAAAAA==")).await;
            assert_eq!(response.status(), 400);
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let body = String::from_utf8_lossy(&body);
            assert!(body.contains("BadDigest") && body.contains("x-amz-checksum-crc32 says AAAAAA=="), "{body}");
            assert_eq!(things.received.lock().unwrap().len(), 1);
        }

        }
    };
}

rest_e2e!(rest_json, rest_json, FixtureRest);
rest_e2e!(rest_xml, rest_xml, FixtureRestxml);

/// The byte at `offset` of a test body: a pattern that catches reordered or lost chunks.
fn pattern_byte(offset: u64) -> u8 {
    (offset % 251) as u8
}

/// `size` bytes of the test pattern, made 64 KiB at a time as they are read.
fn pattern_chunks(size: u64) -> PatternChunks {
    PatternChunks { offset: 0, size }
}

struct PatternChunks {
    offset: u64,
    size: u64,
}

impl futures_core::Stream for PatternChunks {
    type Item = std::io::Result<bytes::Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        let end = self.size.min(self.offset + 65_536);
        let chunk: Vec<u8> = (self.offset..end).map(pattern_byte).collect();
        self.offset = end;
        std::task::Poll::Ready((!chunk.is_empty()).then(|| Ok(bytes::Bytes::from(chunk))))
    }
}

/// A plain GET over a TCP socket (no client library needed), returning the raw response.
async fn reqwest_free_get(endpoint: &str, path: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let address = endpoint.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    String::from_utf8_lossy(&response).into_owned()
}
