//! Our SigV4 signature (the `aws-sigv4` code path the client signs with) against the one
//! botocore 1.44.5 computes for the same request, credentials and time. botocore comes from
//! a virtualenv under `target/` that the test creates on first use; without Python 3 and
//! PyPI the test fails, it does not skip.

use std::path::Path;
use std::time::{Duration, SystemTime};

use awsgen_runtime::client::Credentials;
use awsgen_runtime::client::sign::{Request, Scope, signing_headers};

mod botocore_script;

struct Case {
    url: &'static str,
    target: &'static str,
    body: &'static str,
    token: Option<&'static str>,
    region: &'static str,
    service: &'static str,
    time: u64,
}

const CASES: &[Case] = &[
    Case {
        url: "https://partnercentral-selling.us-east-1.api.aws/",
        target: "AWSPartnerCentralSelling.CreateOpportunity",
        body: r#"{"Catalog":"Sandbox","ClientToken":"5f0b7c1e-8a0e-4f7a-9d39-1b5a3c1e2f00","Customer":{"Account":{"CompanyName":"Zoë & Søn — 株式会社"}}}"#,
        token: None,
        region: "us-east-1",
        service: "partnercentral-selling",
        time: 1_763_856_000,
    },
    Case {
        url: "https://partnercentral-account.us-east-1.api.aws/",
        target: "PartnerCentralAccount.CancelConnection",
        body: r#"{"Catalog":"AWS","Identifier":"conn-abc","ConnectionType":"RESELLER","Reason":"done","ClientToken":"t"}"#,
        token: Some("FwoGZXIvYXdzEJr//////////wEaDHR0b2tlbi13aXRoLXNsYXNoZXMvPQ=="),
        region: "us-east-1",
        service: "partnercentral-account",
        time: 1_709_164_800, // 2024-02-29, a leap day
    },
    Case {
        url: "http://127.0.0.1:4566/",
        target: "AWSPartnerCentralSelling.ListOpportunities",
        body: "{}",
        token: None,
        region: "eu-west-3",
        service: "partnercentral-selling",
        time: 0,
    },
    Case {
        url: "https://partnercentral-selling-fips.us-east-1.api.aws/",
        target: "AWSPartnerCentralSelling.GetOpportunity",
        body: "",
        token: Some("token"),
        region: "us-east-1",
        service: "partnercentral-selling",
        time: 4_102_444_799, // 2099-12-31T23:59:59Z
    },
];

#[test]
fn our_signatures_equal_botocores() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("repository root");

    let credentials = |case: &Case| {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            case.token.map(str::to_owned),
        )
    };
    // The headers the client sends and signs (besides host, date and token, which the
    // signers add).
    let headers = |case: &Case| {
        vec![
            ("content-type", "application/x-amz-json-1.0".to_owned()),
            ("x-amz-target", case.target.to_owned()),
            ("content-length", case.body.len().to_string()),
        ]
    };

    let mut ours = Vec::new();
    let mut input = Vec::new();
    for case in CASES {
        let headers = headers(case);
        let header_refs: Vec<(&str, &str)> =
            headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
        let credentials = credentials(case);
        let scope = Scope {
            credentials: &credentials,
            region: case.region,
            signing_name: case.service,
            time: SystemTime::UNIX_EPOCH + Duration::from_secs(case.time),
        };
        let request = Request {
            method: "POST",
            uri: case.url,
            headers: &header_refs,
            body: case.body.as_bytes(),
        };
        let signed = signing_headers(&scope, &request).expect("signs");
        let get = |name: &str| {
            signed
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.clone())
        };
        ours.push(serde_json::json!({
            "authorization": get("authorization"),
            "x-amz-date": get("x-amz-date"),
            "x-amz-security-token": get("x-amz-security-token"),
        }));
        input.push(serde_json::json!({
            "method": "POST",
            "url": case.url,
            "headers": headers,
            "body": case.body,
            "access_key": credentials.access_key_id(),
            "secret": credentials.secret_access_key(),
            "token": case.token,
            "region": case.region,
            "service": case.service,
            "time": case.time,
        }));
    }

    let botocore = botocore_script::run_json(root, "tests/botocore/sigv4.py", &input.into());
    let botocore = botocore.as_array().expect("sigv4.py writes a list");
    assert_eq!(botocore.len(), CASES.len());
    for ((case, ours), theirs) in CASES.iter().zip(&ours).zip(botocore) {
        assert_eq!(
            ours, theirs,
            "signature of {} at {}",
            case.target, case.time
        );
    }
}
