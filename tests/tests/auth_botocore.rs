//! Which endpoint, auth scheme, signing name and region the generated clients resolve,
//! against botocore 1.44.5 for the same service, operation, region, credentials and time
//! (`tests/botocore/requests.py`). channel and revenue-measurement list `aws.auth#sigv4a`
//! before `aws.auth#sigv4`, and their endpoint rules offer both: botocore without the AWS
//! CRT (as installed here, and by default) signs with SigV4, as our client does; this test
//! shows the two agree on the URL, the protocol headers, the signing algorithm and the
//! credential scope (revenue-measurement signs as `partnercentral` at endpoint prefix
//! `partnercentral-prm`). (The signature itself is compared with botocore's, header set for
//! header set, in `sigv4_botocore.rs`.)

use std::path::Path;
use std::time::{Duration, SystemTime};

use awsgen_runtime::client::{Client, Config, Credentials, ServiceInfo};
use awsgen_runtime::{Operation, OperationVisitor};

mod botocore_script;

const TIME: u64 = 1_764_633_600; // 2025-12-02T00:00:00Z

/// The request our client builds for the first operation (in model order) of a service.
struct First {
    service: &'static ServiceInfo,
    found: Option<(String, http::Request<bytes::Bytes>)>,
}

impl OperationVisitor for First {
    fn visit<O: Operation>(&mut self) {
        if self.found.is_some() {
            return;
        }
        let config = Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "SECRETEXAMPLE", None))
            .validation(None)
            .build();
        let client = Client::new(self.service, config).expect("a client");
        let input = serde_json::from_str::<O::Input>("{}").expect("an empty input");
        let request = client
            .request_for::<O>(input, SystemTime::UNIX_EPOCH + Duration::from_secs(TIME))
            .expect("a request");
        self.found = Some((O::NAME.to_owned(), request));
    }
}

fn first(
    service: &'static ServiceInfo,
    visit: fn(&mut First),
) -> (String, http::Request<bytes::Bytes>) {
    let mut first = First {
        service,
        found: None,
    };
    visit(&mut first);
    first.found.expect("an operation")
}

#[test]
fn endpoints_and_signatures_match_botocore() {
    use partnercentral::{account, benefits, channel, revenue_measurement, selling};
    let ours = [
        (
            "partnercentral-selling",
            first(&selling::client::SERVICE, |v| {
                selling::operations::visit_operations(v)
            }),
        ),
        (
            "partnercentral-account",
            first(&account::client::SERVICE, |v| {
                account::operations::visit_operations(v)
            }),
        ),
        (
            "partnercentral-benefits",
            first(&benefits::client::SERVICE, |v| {
                benefits::operations::visit_operations(v)
            }),
        ),
        (
            "partnercentral-channel",
            first(&channel::client::SERVICE, |v| {
                channel::operations::visit_operations(v)
            }),
        ),
        (
            "partnercentral-revenue-measurement",
            first(&revenue_measurement::client::SERVICE, |v| {
                revenue_measurement::operations::visit_operations(v)
            }),
        ),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root");
    let cases: Vec<serde_json::Value> = ours
        .iter()
        .map(|(service, (operation, _))| {
            serde_json::json!({"service": service, "operation": operation, "region": "us-east-1", "time": TIME})
        })
        .collect();
    let theirs = botocore_script::run_json(root, "tests/botocore/requests.py", &cases.into());
    let theirs = theirs.as_array().expect("a list");
    for ((service, (operation, request)), theirs) in ours.iter().zip(theirs) {
        let what = format!("{service} {operation}");
        assert_eq!(request.uri().to_string(), theirs["url"], "{what}: URL");
        let authorization = request.headers()["authorization"].to_str().unwrap();
        let their_authorization = theirs["headers"]["authorization"].as_str().unwrap();
        let scope = |auth: &str| auth.split(", ").next().unwrap_or("").to_owned();
        assert_eq!(
            scope(authorization),
            scope(their_authorization),
            "{what}: algorithm and credential scope"
        );
        for header in ["content-type", "x-amz-target", "smithy-protocol", "accept"] {
            let ours = request.headers().get(header).map(|v| v.to_str().unwrap());
            assert_eq!(ours, theirs["headers"][header].as_str(), "{what}: {header}");
        }
        println!("{what}: {}", scope(authorization));
    }
}
