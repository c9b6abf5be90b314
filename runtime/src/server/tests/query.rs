//! The server's query routing against fake query services: forms by POST and GET, the
//! service by `Version` and the operation by `Action`, errors with the request id.

use std::io::Write as _;

use bytes::Bytes;
use http::{Request, StatusCode};
use http_body_util::{BodyExt, Full};

use crate::protocol::Protocol;
use crate::protocol::server::{BoxFuture, Dispatch, QueryRequest, Reply};
use crate::server::Server;

/// A query service whose one operation, `Echo`, answers its version, its parameters and
/// the request id it was given.
struct FakeQuery {
    version: &'static str,
    protocol: Protocol,
}

impl Dispatch for FakeQuery {
    fn target_prefix(&self) -> &'static str {
        ""
    }

    fn protocol(&self) -> Protocol {
        self.protocol
    }

    fn dispatch(&self, _: &str, _: Vec<u8>) -> Option<BoxFuture<'static, Reply>> {
        None
    }

    fn api_version(&self) -> &'static str {
        self.version
    }

    fn dispatch_query(
        &self,
        action: &str,
        request: QueryRequest,
    ) -> Option<BoxFuture<'static, Reply>> {
        if action != "Echo" {
            return None;
        }
        let version = self.version;
        Some(Box::pin(async move {
            let params: Vec<String> = request
                .params
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            Reply {
                status: 200,
                error_type: None,
                body: format!("{version} {} {}", params.join("&"), request.request_id).into_bytes(),
                headers: Vec::new(),
            }
        }))
    }
}

fn server() -> Server {
    Server::new()
        .with(FakeQuery {
            version: "2010-05-08",
            protocol: Protocol::AwsQuery,
        })
        .with(FakeQuery {
            version: "2011-06-15",
            protocol: Protocol::AwsQuery,
        })
}

fn form(body: &str) -> Request<Full<Bytes>> {
    Request::post("/")
        .header(
            "content-type",
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap()
}

struct Answer {
    status: StatusCode,
    request_id: String,
    content_type: String,
    body: String,
}

async fn call(server: &Server, request: Request<Full<Bytes>>) -> Answer {
    let (parts, body) = server.handle(request).await.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    let header = |name: &str| {
        parts
            .headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    Answer {
        status: parts.status,
        request_id: header("x-amzn-requestid"),
        content_type: header("content-type"),
        body: String::from_utf8(body.to_vec()).unwrap(),
    }
}

impl Answer {
    /// An awsQuery error: its status, `<Code>` and the request id of the header in the body.
    fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "{}", self.body);
        assert_eq!(self.content_type, "text/xml");
        assert!(
            self.body
                .starts_with("<ErrorResponse><Error><Type>Sender</Type>"),
            "{}",
            self.body
        );
        assert!(
            self.body.contains(&format!("<Code>{code}</Code>")),
            "{}",
            self.body
        );
        let id = format!(
            "</Error><RequestId>{}</RequestId></ErrorResponse>",
            self.request_id
        );
        assert!(self.body.ends_with(&id), "{}", self.body);
    }
}

#[tokio::test]
async fn forms_go_to_the_version_and_action_they_name() {
    let server = server();
    for version in ["2010-05-08", "2011-06-15"] {
        let answer = call(
            &server,
            form(&format!("Action=Echo&Version={version}&A.member.1=x+y")),
        )
        .await;
        assert_eq!(answer.status, 200, "{}", answer.body);
        assert_eq!(
            answer.body,
            format!(
                "{version} Action=Echo&Version={version}&A.member.1=x y {}",
                answer.request_id
            )
        );
    }
    // Without a version, the first service that has the action.
    let answer = call(&server, form("Action=Echo")).await;
    assert!(answer.body.starts_with("2010-05-08 "), "{}", answer.body);
    // Any path, and a GET with the form in its query string.
    let mut elsewhere = form("Action=Echo&Version=2011-06-15");
    *elsewhere.uri_mut() = http::Uri::from_static("/some/path");
    assert_eq!(call(&server, elsewhere).await.status, 200);
    let get = Request::get("/?Action=Echo&Version=2011-06-15&B=%C3%BC")
        .body(Full::new(Bytes::new()))
        .unwrap();
    let answer = call(&server, get).await;
    assert!(
        answer
            .body
            .starts_with("2011-06-15 Action=Echo&Version=2011-06-15&B=ü "),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn a_gzip_form_is_inflated() {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(b"Action=Echo&Version=2010-05-08&Big=1")
        .unwrap();
    let request = Request::post("/")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("content-encoding", "gzip")
        .body(Full::new(Bytes::from(encoder.finish().unwrap())))
        .unwrap();
    let answer = call(&server(), request).await;
    assert!(answer.body.contains("&Big=1 "), "{}", answer.body);
}

#[tokio::test]
async fn requests_that_name_no_operation_are_invalid_actions() {
    let server = server();
    for body in [
        "Version=2010-05-08",
        "Action=&Version=2010-05-08",
        "Action=Nope&Version=2010-05-08",
    ] {
        call(&server, form(body))
            .await
            .assert_error(400, "InvalidAction");
    }
    call(&server, form("Action=Echo&Version=1999-01-01"))
        .await
        .assert_error(400, "NoSuchVersion");
    call(&server, form("Action=Echo&A=%zz"))
        .await
        .assert_error(400, "MalformedQueryString");
    let mut json = form("Action=Echo");
    json.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/json"),
    );
    call(&server, json)
        .await
        .assert_error(400, "SerializationException");
    let mut put = form("Action=Echo");
    *put.method_mut() = http::Method::PUT;
    call(&server, put).await.assert_error(405, "InvalidAction");
}

#[tokio::test]
async fn ec2_errors_have_their_own_document() {
    let server = Server::new().with(FakeQuery {
        version: "2016-11-15",
        protocol: Protocol::Ec2Query,
    });
    let answer = call(&server, form("Action=Nope&Version=2016-11-15")).await;
    assert_eq!(answer.status, 400);
    assert!(
        answer
            .body
            .starts_with("<Response><Errors><Error><Code>InvalidAction</Code>"),
        "{}",
        answer.body
    );
    let id = format!(
        "</Errors><RequestID>{}</RequestID></Response>",
        answer.request_id
    );
    assert!(answer.body.ends_with(&id), "{}", answer.body);
}

#[tokio::test]
async fn json_and_query_services_share_a_server() {
    let server = server().with(super::fake::Fake::new("Alpha"));
    let json = super::fake::call(&server, super::fake::request(Some("Alpha.Echo"), "{}")).await;
    assert_eq!(json.status, 200);
    assert_eq!(call(&server, form("Action=Echo")).await.status, 200);
}

/// A server-side failure says `Receiver`, a client's mistake `Sender`, as AWS's query
/// services do.
#[test]
fn error_type_follows_the_fault() {
    use crate::protocol::server::failure_response;
    let body = |status| {
        let response = failure_response(Protocol::AwsQuery, status, "Code", "message");
        String::from_utf8(response.body).unwrap()
    };
    assert!(
        body(500).starts_with("<ErrorResponse><Error><Type>Receiver</Type>"),
        "{}",
        body(500)
    );
    assert!(
        body(400).starts_with("<ErrorResponse><Error><Type>Sender</Type>"),
        "{}",
        body(400)
    );
}
