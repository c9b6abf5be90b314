//! Waiters end to end over loopback HTTP, in restJson1 and restXml: the generated client of
//! the `rest_json` / `rest_xml` fixtures runs the fixture's waiters (its `waiters-2.json`)
//! against the runtime server, whose implementation answers each thing differently from
//! call to call. Time is tokio's paused clock, so the waits (seconds apart) take no time and
//! their delays are exact.

macro_rules! waiter_e2e {
    ($test:ident, $module:ident, $trait:ident) => {
        mod $test {
            use std::collections::BTreeMap;
            use std::sync::{Arc, Mutex};
            use std::time::Duration;

            use awsgen_fixtures::$module::operations::{GetThingError, $trait};
            use awsgen_fixtures::$module::server::Dispatcher;
            use awsgen_fixtures::$module::{
                GetThingRequest, GetThingResponse, Thing, ThingNotFound,
            };
            use awsgen_runtime::OperationError as _;
            use awsgen_runtime::client::{Config, Credentials};
            use awsgen_runtime::protocol::ErrorResponse;
            use awsgen_runtime::server::Server;
            use awsgen_runtime::waiter::{State, WaitConfig, Waited, WaiterError};

            /// Answers `GetThing` for each thing from a script of states, one per call (the
            /// last repeats), and counts the calls.
            #[derive(Default)]
            struct Things {
                calls: Mutex<BTreeMap<String, usize>>,
            }

            fn thing(name: &str, count: i32) -> Thing {
                Thing::builder().name(name).count(count).build()
            }

            fn parts(names: &[&str]) -> Result<GetThingResponse, GetThingError> {
                let parts: Vec<Thing> = names.iter().map(|name| thing(name, 1)).collect();
                Ok(GetThingResponse::builder()
                    .thing(thing("whole", 1))
                    .parts(parts)
                    .build())
            }

            fn not_found(id: &str) -> Result<GetThingResponse, GetThingError> {
                Err(GetThingError::ThingNotFound(
                    ThingNotFound::builder()
                        .message("not yet")
                        .thing_id(id)
                        .build(),
                ))
            }

            fn unhandled(status: u16, code: &str) -> Result<GetThingResponse, GetThingError> {
                Err(GetThingError::Unhandled(ErrorResponse {
                    status,
                    code: Some(code.to_owned()),
                    message: Some("try later".to_owned()),
                    body: Vec::new(),
                    headers: Vec::new(),
                }))
            }

            impl $trait for Things {
                async fn call_get_thing(
                    &self,
                    input: GetThingRequest,
                ) -> Result<GetThingResponse, GetThingError> {
                    let id = input.thing_id.as_str();
                    let call = {
                        let mut calls = self.calls.lock().unwrap();
                        let count = calls.entry(id.to_owned()).or_default();
                        *count += 1;
                        *count
                    };
                    match (id, call) {
                        // Not there, then building, then a 503, then ready.
                        ("ready", 1) => not_found(id),
                        ("ready", 2) => parts(&["ready", "pending"]),
                        ("ready", 3) => unhandled(503, "ServiceUnavailable"),
                        ("ready", _) => parts(&["ready", "ready"]),
                        ("failing", 1) => parts(&["pending"]),
                        ("failing", _) => parts(&["ready", "failed"]),
                        // The whole thing's `Name` (wire name `name`) says broken.
                        ("broken", _) => Ok(GetThingResponse::builder()
                            .thing(thing("broken", 1))
                            .parts(vec![thing("pending", 1)])
                            .build()),
                        ("too-many", _) => Ok(GetThingResponse::builder()
                            .parts(vec![thing("pending", 10)])
                            .build()),
                        ("forbidden", _) => unhandled(403, "AccessDenied"),
                        ("gone", 1) => parts(&["ready"]),
                        ("gone", _) => not_found(id),
                        _ => parts(&["pending"]),
                    }
                }
            }

            fn request(id: &str) -> GetThingRequest {
                GetThingRequest::builder().thing_id(id).build().unwrap()
            }

            #[tokio::test(start_paused = true)]
            async fn waiters_reach_success_failure_and_time_out() {
                let things = Arc::new(Things::default());
                let server = Server::new().with(Dispatcher::from_arc(Arc::clone(&things)));
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                let endpoint = format!("http://{}", listener.local_addr().unwrap());
                tokio::spawn(server.serve(listener));
                // The client's own retries off: the waiter sees each answer.
                let config = Config::builder()
                    .region("us-east-1")
                    .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
                    .endpoint_url(&endpoint)
                    .max_attempts(1)
                    .build();
                let client = awsgen_fixtures::$module::client::Client::new(config).unwrap();
                let calls = |id: &str| things.calls.lock().unwrap().get(id).copied();

                // Success after a modeled error (retry), an output with a part not ready
                // (no acceptor: retry) and a 503 (status: retry): three delays of 2 s.
                let start = tokio::time::Instant::now();
                let waited = client
                    .wait_until_thing_ready(request("ready"), WaitConfig::new())
                    .await
                    .unwrap();
                let output = waited.output().unwrap();
                assert_eq!(output.parts.as_ref().unwrap().len(), 2);
                assert_eq!(calls("ready"), Some(4));
                assert_eq!(start.elapsed(), Duration::from_secs(6));

                // Failure: a part failed (pathAny), on the second call.
                let error = client
                    .wait_until_thing_ready(request("failing"), WaitConfig::new())
                    .await
                    .unwrap_err();
                match &error {
                    WaiterError::Failure {
                        acceptor,
                        answer: Waited::Output(_),
                        ..
                    } => {
                        assert_eq!(acceptor.state, State::Failure)
                    }
                    other => panic!("expected a failure state, got {other:?}"),
                }
                assert_eq!(
                    error.to_string(),
                    "waiter ThingReady reached a failure state (failure when any of \
                     `Parts[].name` == \"failed\" (on the output))"
                );
                assert_eq!(calls("failing"), Some(2));

                // Failure by a path through a member whose wire name differs (`Name`, on
                // the wire `name`), and by a filter with a comparison.
                let error = client
                    .wait_until_thing_ready(request("broken"), WaitConfig::new())
                    .await
                    .unwrap_err();
                assert!(
                    error.to_string().contains("`Thing.name` == \"broken\""),
                    "{error}"
                );
                let error = client
                    .wait_until_thing_ready(request("too-many"), WaitConfig::new())
                    .await
                    .unwrap_err();
                assert!(error.to_string().contains("Count > `9`"), "{error}");

                // Never ready: the model's 5 attempts, 2 s apart.
                let start = tokio::time::Instant::now();
                let error = client
                    .wait_until_thing_ready(request("pending"), WaitConfig::new())
                    .await
                    .unwrap_err();
                assert!(
                    matches!(error, WaiterError::TimedOut { attempts: 5, .. }),
                    "{error:?}"
                );
                assert_eq!(start.elapsed(), Duration::from_secs(8));

                // The caller's time budget instead: 5 s of 2 s delays.
                let error = client
                    .wait_until_thing_ready(
                        request("pending2"),
                        WaitConfig::new()
                            .max_wait(Duration::from_secs(5))
                            .max_attempts(50),
                    )
                    .await
                    .unwrap_err();
                assert!(matches!(error, WaiterError::TimedOut { .. }), "{error:?}");
                assert_eq!(calls("pending2"), Some(3));

                // An error no acceptor matches ends the wait at once, with that error.
                let error = client
                    .wait_until_thing_ready(request("forbidden"), WaitConfig::new())
                    .await
                    .unwrap_err();
                assert!(matches!(error, WaiterError::Operation { .. }), "{error:?}");
                // (The implementation's unhandled error has no body, so restXml carries no
                // code: the status is what both protocols keep.)
                assert_eq!(error.operation_error().unwrap().status(), 403);
                assert_eq!(calls("forbidden"), Some(1));

                // Success on an error: the thing is gone once `GetThing` answers
                // `ThingNotFound`; the output before it matches `error: false` (retry).
                let waited = client
                    .wait_until_thing_gone(request("gone"), WaitConfig::new())
                    .await
                    .unwrap();
                assert!(
                    matches!(waited, Waited::Error(GetThingError::ThingNotFound(_))),
                    "{waited:?}"
                );
                assert_eq!(calls("gone"), Some(2));
            }

            /// The waiters are provided methods of the service trait: they run over a mock
            /// as over the client.
            #[tokio::test(start_paused = true)]
            async fn waiters_run_over_any_implementation() {
                let things = Things::default();
                let waited = things
                    .wait_until_thing_ready(request("ready"), WaitConfig::new())
                    .await
                    .unwrap();
                assert!(waited.output().is_some());
                assert_eq!(things.calls.lock().unwrap()["ready"], 4);
            }
        }
    };
}

waiter_e2e!(rest_json, rest_json, FixtureRest);
waiter_e2e!(rest_xml, rest_xml, FixtureRestxml);

/// A Smithy waiter (the `smithy_waiters` fixture, `@smithy.waiters#waitable`) over a mock:
/// an `inputOutput` path, `errorType`, and delays between `minDelay` and `maxDelay`.
mod smithy {
    use std::sync::Mutex;
    use std::time::Duration;

    use awsgen_fixtures::smithy_waiters::operations::{FixtureWaiters, GetJobError};
    use awsgen_fixtures::smithy_waiters::{GetJobInput, GetJobOutput, JobNotFound, Step};
    use awsgen_runtime::waiter::{WaitConfig, WaiterError};

    /// Answers from a script, one answer per call (the last repeats).
    struct Jobs(Mutex<Vec<Result<GetJobOutput, &'static str>>>);

    impl FixtureWaiters for Jobs {
        async fn call_get_job(&self, input: GetJobInput) -> Result<GetJobOutput, GetJobError> {
            let mut script = self.0.lock().unwrap();
            let answer = if script.len() > 1 {
                script.remove(0)
            } else {
                script[0].clone()
            };
            match answer {
                Ok(mut output) => {
                    output.job_id.get_or_insert(input.job_id);
                    Ok(output)
                }
                Err(_) => Err(GetJobError::JobNotFound(JobNotFound::builder().build())),
            }
        }
    }

    fn steps(states: &[&str]) -> Result<GetJobOutput, &'static str> {
        let steps: Vec<Step> = states
            .iter()
            .map(|s| Step::builder().state(*s).build())
            .collect();
        Ok(GetJobOutput::builder().steps(steps).build())
    }

    fn input() -> GetJobInput {
        GetJobInput::builder().job_id("j1").build().unwrap()
    }

    #[tokio::test(start_paused = true)]
    async fn smithy_waiters_back_off_and_read_input_and_output() {
        // JobNotFound (retry), one step pending (retry), then done; the shortest delays.
        let jobs = Jobs(Mutex::new(vec![
            Err("missing"),
            steps(&["DONE", "RUNNING"]),
            steps(&["DONE", "DONE"]),
        ]));
        let start = tokio::time::Instant::now();
        let config = WaitConfig::new().random(|| 0.0);
        let done = jobs.wait_until_job_done(input(), config).await.unwrap();
        assert!(done.output().is_some());
        assert_eq!(start.elapsed(), Duration::from_secs(10));

        // An output for another job: the `inputOutput` acceptor fails the wait.
        let other = GetJobOutput::builder()
            .job_id("j2")
            .steps(vec![Step::builder().state("RUNNING").build()])
            .build();
        let jobs = Jobs(Mutex::new(vec![Ok(other)]));
        let error = jobs
            .wait_until_job_done(input(), WaitConfig::new())
            .await
            .unwrap_err();
        assert!(
            error.to_string().contains("input.JobId != output.JobId"),
            "{error}"
        );

        // No attempt ceiling: the time budget (300 s by default) ends the wait.
        let jobs = Jobs(Mutex::new(vec![steps(&["RUNNING"])]));
        let start = tokio::time::Instant::now();
        let error = jobs
            .wait_until_job_done(input(), WaitConfig::new())
            .await
            .unwrap_err();
        assert!(matches!(error, WaiterError::TimedOut { .. }), "{error:?}");
        let elapsed = start.elapsed();
        assert!(elapsed <= Duration::from_secs(300), "{elapsed:?}");
        assert!(elapsed >= Duration::from_secs(290), "{elapsed:?}");
    }
}
