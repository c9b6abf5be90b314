//! Smithy RPC v2 CBOR end to end: the generated revenue-measurement client against the
//! generated revenue-measurement dispatcher behind the runtime server, over loopback HTTP.
//! Outputs (timestamps as tag 1, integers, enums), modeled errors (their code, message and
//! members, written in CBOR), validation failures and unknown operations all cross the wire.

use awsgen_runtime::client::{Config, Credentials};
use awsgen_runtime::{Policy, Timestamp};
use partnercentral::revenue_measurement::operations::{
    GetMarketplaceRevenueShareError, ListMarketplaceRevenueSharesError,
    PartnerCentralRevenueMeasurement,
};
use partnercentral::revenue_measurement::{self as rm, CatalogName};

const REASON: rm::ResourceNotFoundExceptionReason =
    rm::ResourceNotFoundExceptionReason::ResourceNotFound;

/// Answers `GetMarketplaceRevenueShare` for product `prod-aaaaaaaaaaaa1`, "not found" for others;
/// every other operation is left to the trait's `NotImplemented` default.
struct Fake;

impl PartnerCentralRevenueMeasurement for Fake {
    async fn call_get_marketplace_revenue_share(
        &self,
        input: rm::GetMarketplaceRevenueShareInput,
    ) -> Result<rm::GetMarketplaceRevenueShareOutput, GetMarketplaceRevenueShareError> {
        if input.product_id != "prod-aaaaaaaaaaaa1" {
            let error = rm::ResourceNotFoundException::builder()
                .message(format!("no product {}", input.product_id))
                .reason(REASON)
                .build()
                .unwrap();
            return Err(GetMarketplaceRevenueShareError::ResourceNotFoundException(
                error,
            ));
        }
        Ok(rm::GetMarketplaceRevenueShareOutput::builder()
            .product_id("prod-aaaaaaaaaaaa1")
            .arn("arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/revenue-share/prod-aaaaaaaaaaaa1")
            .catalog(input.catalog)
            .created_date("2025-12-02T10:20:30.456Z".parse::<Timestamp>().unwrap())
            .revision(input.revision.unwrap_or(7))
            .build()
            .unwrap())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cbor_client_and_server_agree() {
    let server = awsgen_runtime::server::Server::new().with(rm::server::Dispatcher::new(Fake));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server.serve(listener));
    let config = |validation| {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
            .endpoint_url(&endpoint)
            .validation(validation)
            .build()
    };
    let client = rm::client::Client::new(config(Some(Policy::ForwardCompatible))).unwrap();
    let get = |product: &str| {
        rm::GetMarketplaceRevenueShareInput::builder()
            .catalog(CatalogName::Sandbox)
            .product_id(product)
            .build()
            .unwrap()
    };

    let output = client
        .call_get_marketplace_revenue_share(get("prod-aaaaaaaaaaaa1"))
        .await
        .unwrap();
    assert_eq!(output.product_id, "prod-aaaaaaaaaaaa1");
    assert_eq!(output.catalog, CatalogName::Sandbox);
    assert_eq!(output.revision, Some(7));
    assert_eq!(
        output.created_date,
        Some("2025-12-02T10:20:30.456Z".parse::<Timestamp>().unwrap())
    );

    // A modeled error: its variant, code and message, read from a CBOR body.
    match client
        .call_get_marketplace_revenue_share(get("prod-aaaaaaaaaaaa2"))
        .await
    {
        Err(GetMarketplaceRevenueShareError::ResourceNotFoundException(error)) => {
            assert_eq!(error.message, "no product prod-aaaaaaaaaaaa2");
            assert_eq!(error.reason, REASON);
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // An operation the implementation leaves out: NotImplemented (501), kept unhandled.
    let list = rm::ListMarketplaceRevenueSharesInput::builder()
        .catalog(CatalogName::Sandbox)
        .build()
        .unwrap();
    match client.call_list_marketplace_revenue_shares(list).await {
        Err(ListMarketplaceRevenueSharesError::Unhandled(response)) => {
            assert_eq!(response.status, 501);
            assert_eq!(response.code.as_deref(), Some("NotImplemented"));
        }
        other => panic!("expected NotImplemented, got {other:?}"),
    }

    // Strict validation at the server: an empty product id, sent with client validation off.
    let unvalidated = rm::client::Client::new(config(None)).unwrap();
    let mut bad = get("x");
    bad.product_id = String::new();
    match unvalidated.call_get_marketplace_revenue_share(bad).await {
        Err(GetMarketplaceRevenueShareError::ValidationException(error)) => {
            assert!(error.message.contains("/ProductId"), "{}", error.message);
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
}

/// The raw wire: the response is CBOR with `smithy-protocol`, and an awsJson request to the
/// CBOR service is refused (in JSON, the protocol it spoke).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wire_is_rpc_v2_cbor() {
    let server = awsgen_runtime::server::Server::new().with(rm::server::Dispatcher::new(Fake));
    let request = http::Request::post(
        "/service/PartnerCentralRevenueMeasurement/operation/GetMarketplaceRevenueShare",
    )
    .header("smithy-protocol", "rpc-v2-cbor")
    .header("content-type", "application/cbor")
    .body(http_body_util::Full::new(bytes::Bytes::from(vec![0xa0])))
    .unwrap();
    let response = server.handle(request).await;
    // `{}` lacks the required members: a ValidationException, in CBOR.
    assert_eq!(response.status(), 400);
    assert_eq!(response.headers()["content-type"], "application/cbor");
    assert_eq!(response.headers()["smithy-protocol"], "rpc-v2-cbor");
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let error = awsgen_runtime::protocol::cbor::parse_error(400, None, &body);
    assert_eq!(error.code.as_deref(), Some("ValidationException"));

    let json = http::Request::post("/")
        .header(
            "x-amz-target",
            "PartnerCentralRevenueMeasurement.GetMarketplaceRevenueShare",
        )
        .header("content-type", "application/x-amz-json-1.0")
        .body(http_body_util::Full::new(bytes::Bytes::from_static(b"{}")))
        .unwrap();
    let response = server.handle(json).await;
    assert_eq!(response.status(), 400);
    assert_eq!(
        response.headers()["content-type"],
        "application/x-amz-json-1.0"
    );
}
