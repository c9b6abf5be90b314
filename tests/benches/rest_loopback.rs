//! `cargo bench -p tests --bench rest_loopback`: one restJson1 and one restXml operation,
//! generated client -> runtime server -> generated dispatcher over 127.0.0.1, sequential
//! calls (500 warm-up, then 10,000) on a Tokio multi-thread runtime with 2 workers. The
//! operation is the fixture's `GetThing` (tests/fixtures/models/rest-json and rest-xml): a
//! label, two query parameters, list, timestamp and prefix headers in; a three-member body,
//! a header and the status out. The service answers from the input without other work, so
//! the figures are the protocol stack's.

use std::time::{Duration, Instant};

use awsgen_runtime::Timestamp;
use awsgen_runtime::client::{Config, Credentials};
use awsgen_runtime::server::Server;

const WARM_UP: usize = 500;
const CALLS: usize = 10_000;

macro_rules! bench_protocol {
    ($name:literal, $module:ident, $trait:ident) => {{
        use awsgen_fixtures::$module::operations::{GetThingError, $trait};
        use awsgen_fixtures::$module::server::Dispatcher;
        use awsgen_fixtures::$module::{GetThingRequest, GetThingResponse, Thing};

        struct Echo;
        impl $trait for Echo {
            async fn call_get_thing(
                &self,
                input: GetThingRequest,
            ) -> Result<GetThingResponse, GetThingError> {
                let thing = Thing::builder()
                    .name(input.thing_id)
                    .count(3)
                    .set_created(input.since)
                    .build();
                Ok(GetThingResponse::builder()
                    .thing(thing)
                    .etag("\"abc\"")
                    .status(200)
                    .build())
            }
        }

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let endpoint = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(Server::new().with(Dispatcher::new(Echo)).serve(listener));
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url(&endpoint)
            .build();
        let client = awsgen_fixtures::$module::client::Client::new(config).unwrap();
        let since: Timestamp = "2024-05-01T12:30:45Z".parse().unwrap();
        let request = GetThingRequest::builder()
            .thing_id("thing-1")
            .version(7)
            .tags(vec!["x".into(), "y".into()])
            .since(since)
            .labels(vec!["one".into(), "two".into()])
            .metadata(std::collections::BTreeMap::from([(
                "color".to_owned(),
                "blue".to_owned(),
            )]))
            .build()
            .unwrap();
        for _ in 0..WARM_UP {
            client.call_get_thing(request.clone()).await.unwrap();
        }
        let mut times = Vec::with_capacity(CALLS);
        let start = Instant::now();
        for _ in 0..CALLS {
            let one = Instant::now();
            client.call_get_thing(request.clone()).await.unwrap();
            times.push(one.elapsed());
        }
        report($name, start.elapsed(), &mut times);
    }};
}

fn report(name: &str, total: Duration, times: &mut [Duration]) {
    times.sort();
    let at = |q: f64| times[((times.len() as f64 * q) as usize).min(times.len() - 1)];
    println!(
        "{name} GetThing, sequential: p50 {:.0} µs, p90 {:.0} µs, p99 {:.0} µs; {:.0} calls/s",
        at(0.5).as_secs_f64() * 1e6,
        at(0.9).as_secs_f64() * 1e6,
        at(0.99).as_secs_f64() * 1e6,
        times.len() as f64 / total.as_secs_f64()
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    runtime.block_on(async {
        bench_protocol!("restJson1", rest_json, FixtureRest);
        bench_protocol!("restXml", rest_xml, FixtureRestxml);
    });
}
