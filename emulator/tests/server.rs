//! The emulator over HTTP: both services on one server, in-process and as the binary.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use partnercentral::selling::GetOpportunityRequest;
use partnercentral::selling::operations::PartnerCentralSelling;
use partnercentral_emulator::{Emulator, EmulatorConfig};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One awsJson 1.0 call over a fresh HTTP/1.1 connection: the status and the body.
async fn call(addr: SocketAddr, target: &str, body: &Value) -> (u16, Value) {
    let body = body.to_string();
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: {target}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let mut stream = TcpStream::connect(addr).await.expect("connected");
    stream.write_all(request.as_bytes()).await.expect("sent");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.expect("read");
    let response = String::from_utf8(response).expect("UTF-8");
    let (head, body) = response.split_once("\r\n\r\n").expect("a head and a body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("a status");
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn both_services_share_one_server_and_the_state() {
    let emulator = Emulator::new(EmulatorConfig::default()).expect("valid");
    let running = emulator.bind("127.0.0.1:0").await.expect("bound");
    let addr = running.local_addr();
    assert_eq!(running.endpoint(), format!("http://{addr}"));

    let create = json!({
        "Catalog": "Sandbox",
        "ClientToken": "http-1",
        "Customer": {"Account": {"CompanyName": "Example Corp", "Industry": "Education"}},
        "LifeCycle": {"Stage": "Prospect"},
    });
    let (status, created) = call(addr, "AWSPartnerCentralSelling.CreateOpportunity", &create).await;
    assert_eq!(status, 200, "{created}");
    let id = created["Id"].as_str().expect("an id").to_owned();

    let (status, got) = call(
        addr,
        "AWSPartnerCentralSelling.GetOpportunity",
        &json!({"Catalog": "Sandbox", "Identifier": id}),
    )
    .await;
    assert_eq!(status, 200, "{got}");
    assert_eq!(got["LifeCycle"]["ReviewStatus"], "Pending Submission");
    assert_eq!(
        got["Arn"],
        format!("arn:aws:partnercentral:us-east-1:123456789012:catalog/Sandbox/opportunity/{id}")
    );
    assert_eq!(got["RelatedEntityIdentifiers"], json!({}));
    assert_eq!(got["CreatedDate"], created["LastModifiedDate"]);

    // Direct calls see what HTTP created.
    let request = GetOpportunityRequest::builder()
        .catalog("Sandbox")
        .identifier(&id)
        .build()
        .expect("set");
    assert!(
        emulator
            .selling()
            .call_get_opportunity(request)
            .await
            .is_ok()
    );

    let (status, page) = call(
        addr,
        "AWSPartnerCentralSelling.ListOpportunities",
        &json!({"Catalog": "Sandbox"}),
    )
    .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(page["OpportunitySummaries"][0]["Id"], json!(id));

    let get = json!({"Catalog": "AWS", "Identifier": "pac-7b4n6c8d2f5g1"});
    let (status, connection) = call(addr, "PartnerCentralAccount.GetConnection", &get).await;
    assert_eq!(status, 200, "{connection}");
    let seller = &connection["ConnectionTypes"]["OPPORTUNITY_COLLABORATION"]["OtherParticipant"]["SellerProfile"];
    assert_eq!(seller["Name"], "Octank Marketplace");

    let cancel = json!({"Catalog": "AWS", "Identifier": "pac-7b4n6c8d2f5g1", "ConnectionType": "SUBSIDIARY", "Reason": "done", "ClientToken": "c-1"});
    let (status, canceled) = call(addr, "PartnerCentralAccount.CancelConnection", &cancel).await;
    assert_eq!(status, 200, "{canceled}");
    let subsidiary = &canceled["ConnectionTypes"]["SUBSIDIARY"];
    assert_eq!(subsidiary["Status"], "CANCELED");
    assert_eq!(subsidiary["CanceledBy"], "123456789012");
    assert_eq!(
        subsidiary["OtherParticipant"]["Account"]["Name"],
        "Octank Holdings"
    );

    running.shutdown().await.expect("clean shutdown");
}

#[tokio::test]
async fn errors_over_http() {
    let emulator = Emulator::new(EmulatorConfig::default()).expect("valid");
    let running = emulator.bind("127.0.0.1:0").await.expect("bound");
    let addr = running.local_addr();

    let (status, body) = call(
        addr,
        "AWSPartnerCentralSelling.GetOpportunity",
        &json!({"Catalog": "AWS", "Identifier": "O1"}),
    )
    .await;
    assert_eq!(
        (status, &body["__type"]),
        // The status of the Smithy model's `@httpError`, drawn into the botocore model.
        (404, &json!("ResourceNotFoundException")),
        "{body}"
    );
    let (status, body) = call(
        addr,
        "PartnerCentralAccount.GetConnection",
        &json!({"Catalog": "AWS", "Identifier": "pac-0000000000000"}),
    )
    .await;
    assert_eq!(
        (status, &body["Reason"]),
        (404, &json!("CONNECTION_NOT_FOUND")),
        "{body}"
    );
    // The dispatcher validates strictly before the emulator sees the request.
    let (status, body) = call(
        addr,
        "AWSPartnerCentralSelling.ListOpportunities",
        &json!({"Catalog": "AWS", "LifeCycleStage": ["Won"]}),
    )
    .await;
    assert_eq!(
        (status, &body["__type"]),
        (400, &json!("ValidationException")),
        "{body}"
    );
    let (status, body) = call(
        addr,
        "AWSPartnerCentralSelling.SubmitOpportunity",
        &json!({"Catalog": "AWS", "Identifier": "O1", "InvolvementType": "Co-Sell"}),
    )
    .await;
    assert_eq!(
        (status, &body["__type"]),
        (501, &json!("NotImplemented")),
        "{body}"
    );
    let (status, body) = call(
        addr,
        "PartnerCentralAccount.GetPartner",
        &json!({"Catalog": "AWS", "Identifier": "x"}),
    )
    .await;
    assert!(status == 501 || status == 400, "{status} {body}");
    drop(running);
}

#[test]
fn the_binary_prints_its_address_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_partnercentral-emulator"))
        .args(["--port", "0", "--account-id", "111122223333", "--no-seed"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("started");
    let mut line = String::new();
    let stdout = child.stdout.take().expect("piped");
    BufReader::new(stdout).read_line(&mut line).expect("a line");
    let served = (|| {
        let addr: SocketAddr = line
            .trim()
            .strip_prefix("listening on http://")?
            .parse()
            .ok()?;
        let runtime = tokio::runtime::Runtime::new().ok()?;
        let get = json!({"Catalog": "AWS", "Identifier": "pac-7b4n6c8d2f5g1"});
        Some(runtime.block_on(call(addr, "PartnerCentralAccount.GetConnection", &get)))
    })();
    let _ = child.kill();
    let _ = child.wait();
    let (status, body) = served.unwrap_or_else(|| panic!("unexpected first line {line:?}"));
    // Not seeded: the connection does not exist.
    assert_eq!(
        (status, &body["Reason"]),
        (404, &json!("CONNECTION_NOT_FOUND")),
        "{body}"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_partnercentral-emulator"))
        .arg("--port=x")
        .output()
        .expect("ran");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).starts_with("error: --port must be a number"));
}
