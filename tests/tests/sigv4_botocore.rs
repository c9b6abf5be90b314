//! Our SigV4 signature (the `aws-sigv4` code path the client signs with) against the one
//! botocore 1.44.5 computes for the same request, credentials and time. botocore comes from
//! a virtualenv under `target/` that the test creates on first use; without Python 3 and
//! PyPI the test fails, it does not skip.
//!
//! One or more requests per protocol, as its client sends them: awsJson 1.0 and 1.1, restJson1
//! (labels that need encoding, a query string, a streaming body sent `UNSIGNED-PAYLOAD`),
//! restXml (route53; S3 through botocore's `S3SigV4Auth`: unnormalized, singly encoded paths,
//! `x-amz-content-sha256`, the unsigned payload of a streaming upload and the `aws-chunked`
//! upload whose checksum trails it), awsQuery,
//! ec2Query and RPC v2 CBOR.

use std::path::Path;
use std::time::{Duration, SystemTime};

use awsgen_runtime::client::Credentials;
use awsgen_runtime::client::sign::{Payload, Request, Scope, signing_headers};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

mod botocore_script;

/// One request as a protocol's client sends it, to sign with both signers.
struct Case {
    protocol: &'static str,
    method: &'static str,
    url: &'static str,
    /// The headers the client sends and signs, besides host, date and token (which the
    /// signers add) and the content length (added here for a body).
    headers: &'static [(&'static str, &'static str)],
    body: &'static [u8],
    payload: PayloadMode,
    token: Option<&'static str>,
    region: &'static str,
    service: &'static str,
    time: u64,
}

/// How the body enters the signature.
#[derive(Clone, Copy, PartialEq)]
enum PayloadMode {
    /// Hashed.
    Signed,
    /// `UNSIGNED-PAYLOAD`: how the client signs a streaming body it cannot hash first.
    Unsigned,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: an S3 upload sent `aws-chunked`, its checksum
    /// in a trailer.
    Trailer,
}
use PayloadMode::{Signed, Trailer, Unsigned};

const JSON_1_0: &str = "application/x-amz-json-1.0";
const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";

/// A CBOR body: `{"Namespace": "AWS/EC2", "Limit": 5}`.
const CBOR_BODY: &[u8] = b"\xa2\x69Namespace\x67AWS/EC2\x65Limit\x05";

const CASES: &[Case] = &[
    Case {
        protocol: "awsJson1_0",
        method: "POST",
        url: "https://partnercentral-selling.us-east-1.api.aws/",
        headers: &[("content-type", JSON_1_0), ("x-amz-target", "AWSPartnerCentralSelling.CreateOpportunity")],
        body: r#"{"Catalog":"Sandbox","ClientToken":"5f0b7c1e-8a0e-4f7a-9d39-1b5a3c1e2f00","Customer":{"Account":{"CompanyName":"Zoë & Søn — 株式会社"}}}"#.as_bytes(),
        payload: Signed,
        token: None,
        region: "us-east-1",
        service: "partnercentral-selling",
        time: 1_763_856_000,
    },
    Case {
        protocol: "awsJson1_0",
        method: "POST",
        url: "https://partnercentral-account.us-east-1.api.aws/",
        headers: &[("content-type", JSON_1_0), ("x-amz-target", "PartnerCentralAccount.CancelConnection")],
        body: br#"{"Catalog":"AWS","Identifier":"conn-abc","ConnectionType":"RESELLER","Reason":"done","ClientToken":"t"}"#,
        payload: Signed,
        token: Some("FwoGZXIvYXdzEJr//////////wEaDHR0b2tlbi13aXRoLXNsYXNoZXMvPQ=="),
        region: "us-east-1",
        service: "partnercentral-account",
        time: 1_709_164_800, // 2024-02-29, a leap day
    },
    Case {
        protocol: "awsJson1_0",
        method: "POST",
        url: "http://127.0.0.1:4566/",
        headers: &[("content-type", JSON_1_0), ("x-amz-target", "AWSPartnerCentralSelling.ListOpportunities")],
        body: b"{}",
        payload: Signed,
        token: None,
        region: "eu-west-3",
        service: "partnercentral-selling",
        time: 0,
    },
    Case {
        protocol: "awsJson1_0",
        method: "POST",
        url: "https://partnercentral-selling-fips.us-east-1.api.aws/",
        headers: &[("content-type", JSON_1_0), ("x-amz-target", "AWSPartnerCentralSelling.GetOpportunity")],
        body: b"",
        payload: Signed,
        token: Some("token"),
        region: "us-east-1",
        service: "partnercentral-selling",
        time: 4_102_444_799, // 2099-12-31T23:59:59Z
    },
    Case {
        protocol: "awsJson1_1",
        method: "POST",
        url: "https://dynamodb.eu-central-1.amazonaws.com/",
        headers: &[("content-type", "application/x-amz-json-1.1"), ("x-amz-target", "DynamoDB_20120810.GetItem")],
        body: br#"{"TableName":"t","Key":{"id":{"S":"a b"}}}"#,
        payload: Signed,
        token: None,
        region: "eu-central-1",
        service: "dynamodb",
        time: 1_763_856_000,
    },
    // restJson1: a label that needs encoding (signed double-encoded) and a query string.
    Case {
        protocol: "restJson1",
        method: "GET",
        url: "https://lambda.us-east-1.amazonaws.com/2015-03-31/functions/my%3Afn/configuration?Qualifier=%24LATEST",
        headers: &[],
        body: b"",
        payload: Signed,
        token: None,
        region: "us-east-1",
        service: "lambda",
        time: 1_763_856_000,
    },
    Case {
        protocol: "restJson1",
        method: "POST",
        url: "https://apigateway.us-west-2.amazonaws.com/restapis/a%20b/resources/r1?mode=merge&x=%2F",
        headers: &[("content-type", "application/json"), ("x-amz-meta", "a, b")],
        body: br#"{"pathPart":"things"}"#,
        payload: Signed,
        token: Some("token"),
        region: "us-west-2",
        service: "apigateway",
        time: 1_763_856_000,
    },
    // restJson1, a streaming body read once: `UNSIGNED-PAYLOAD`.
    Case {
        protocol: "restJson1",
        method: "POST",
        url: "https://lambda.us-east-1.amazonaws.com/2014-11-13/functions/fn/invoke-async/",
        headers: &[("content-type", "application/octet-stream")],
        body: b"streamed",
        payload: Unsigned,
        token: None,
        region: "us-east-1",
        service: "lambda",
        time: 1_763_856_000,
    },
    Case {
        protocol: "restXml",
        method: "POST",
        url: "https://route53.amazonaws.com/2013-04-01/hostedzone/Z1D633PJN98FT9/rrset/",
        headers: &[("content-type", "application/xml")],
        body: br#"<ChangeResourceRecordSetsRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/"><ChangeBatch/></ChangeResourceRecordSetsRequest>"#,
        payload: Signed,
        token: None,
        region: "us-east-1",
        service: "route53",
        time: 1_763_856_000,
    },
    // S3 signs by its own rules: no path normalization, single encoding,
    // `x-amz-content-sha256`.
    Case {
        protocol: "restXml (S3)",
        method: "PUT",
        url: "https://bucket.s3.us-west-2.amazonaws.com/dir/a%20b/../c%2Bd.txt",
        headers: &[("content-type", "text/plain"), ("content-md5", "XUFAKrxLKna5cZ2REBfFkg==")],
        body: b"hello",
        payload: Signed,
        token: Some("token"),
        region: "us-west-2",
        service: "s3",
        time: 1_763_856_000,
    },
    Case {
        protocol: "restXml (S3)",
        method: "GET",
        url: "https://bucket.s3.us-west-2.amazonaws.com/?list-type=2&prefix=a%2Fb&delimiter=%2F",
        headers: &[],
        body: b"",
        payload: Signed,
        token: None,
        region: "us-west-2",
        service: "s3",
        time: 1_763_856_000,
    },
    // S3, a streaming upload over HTTPS: `UNSIGNED-PAYLOAD`, as botocore sends it.
    Case {
        protocol: "restXml (S3)",
        method: "PUT",
        url: "https://s3.eu-west-1.amazonaws.com/bucket/big%20file.bin",
        headers: &[("content-type", "application/octet-stream")],
        body: b"0123456789",
        payload: Unsigned,
        token: None,
        region: "eu-west-1",
        service: "s3",
        time: 1_763_856_000,
    },
    // S3, a streaming upload over HTTPS with a checksum: `aws-chunked`, the checksum in a
    // trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), no content length.
    Case {
        protocol: "restXml (S3)",
        method: "PUT",
        url: "https://s3.eu-west-1.amazonaws.com/bucket/big%20file.bin",
        headers: &[
            ("content-type", "application/octet-stream"),
            ("x-amz-sdk-checksum-algorithm", "CRC32"),
            ("content-encoding", "aws-chunked"),
            ("transfer-encoding", "chunked"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
            ("x-amz-decoded-content-length", "10"),
        ],
        body: b"a\r\n0123456789\r\n0\r\nx-amz-checksum-crc32:poTHxg==\r\n\r\n",
        payload: Trailer,
        token: Some("token"),
        region: "eu-west-1",
        service: "s3",
        time: 1_763_856_000,
    },
    Case {
        protocol: "awsQuery",
        method: "POST",
        url: "https://sts.amazonaws.com/",
        headers: &[("content-type", FORM)],
        body: b"Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fr&RoleSessionName=s",
        payload: Signed,
        token: None,
        region: "us-east-1",
        service: "sts",
        time: 1_763_856_000,
    },
    Case {
        protocol: "ec2Query",
        method: "POST",
        url: "https://ec2.ap-southeast-2.amazonaws.com/",
        headers: &[("content-type", FORM)],
        body: b"Action=DescribeInstances&Version=2016-11-15&InstanceId.1=i-0abc&Filter.1.Name=tag%3AName",
        payload: Signed,
        token: Some("token"),
        region: "ap-southeast-2",
        service: "ec2",
        time: 1_763_856_000,
    },
    Case {
        protocol: "rpcv2Cbor",
        method: "POST",
        url: "https://monitoring.us-east-1.amazonaws.com/service/GraniteServiceVersion20100801/operation/ListMetrics",
        headers: &[("content-type", "application/cbor"), ("smithy-protocol", "rpc-v2-cbor"), ("accept", "application/cbor")],
        body: CBOR_BODY,
        payload: Signed,
        token: None,
        region: "us-east-1",
        service: "monitoring",
        time: 1_763_856_000,
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
    // signers add); a request with a body, or a POST, has its length, unless it goes out
    // `aws-chunked`.
    let headers = |case: &Case| {
        let mut headers: Vec<(&str, String)> = case
            .headers
            .iter()
            .map(|(n, v)| (*n, (*v).to_owned()))
            .collect();
        if (!case.body.is_empty() || case.method == "POST") && case.payload != Trailer {
            headers.push(("content-length", case.body.len().to_string()));
        }
        headers
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
            method: case.method,
            uri: case.url,
            headers: &header_refs,
            payload: match case.payload {
                Signed => Payload::Bytes(case.body),
                Unsigned => Payload::Unsigned,
                Trailer => Payload::UnsignedTrailer,
            },
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
            "x-amz-content-sha256": get("x-amz-content-sha256"),
        }));
        input.push(serde_json::json!({
            "method": case.method,
            "url": case.url,
            "headers": headers,
            "body": BASE64.encode(case.body),
            "payload": match case.payload {
                Signed => "signed",
                Unsigned => "unsigned",
                Trailer => "trailer",
            },
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
            "signature of {} {} {} ({})",
            case.protocol, case.method, case.url, case.time
        );
    }
}
