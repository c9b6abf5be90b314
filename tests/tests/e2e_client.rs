//! The generated clients against the emulator over loopback HTTP: the implemented
//! operations, their errors, validation failures (before sending and at the server),
//! idempotency tokens and pagination. Everything goes through the real stack: builders,
//! pre-send validation, awsJson encoding, SigV4, hyper, the runtime server, the generated
//! dispatchers and the emulator's implementation of the service traits.

use awsgen_runtime::client::{Config, Credentials};
use awsgen_runtime::{CallFailure, Policy};
use partnercentral::account::operations::{
    CancelConnectionError, GetConnectionError, PartnerCentralAccount,
};
use partnercentral::selling::operations::{
    CreateOpportunityError, DisassociateOpportunityError, GetOpportunityError,
    ListOpportunitiesError, PartnerCentralSelling,
};
use partnercentral::{account, selling};
use partnercentral_emulator::{Emulator, EmulatorConfig};

fn config(endpoint: &str, validation: Option<Policy>) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .endpoint_url(endpoint)
        .validation(validation)
        .build()
}

/// The emulator checks every signature against the client's test keys: a signing bug fails
/// these tests.
fn emulator() -> Emulator {
    Emulator::new(EmulatorConfig::default())
        .expect("default config")
        .check_signatures("AKIDEXAMPLE", "secret")
}

/// A client signing with another secret is refused as AWS refuses it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_signature_is_refused() {
    let running = emulator().bind("127.0.0.1:0").await.unwrap();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "not-the-secret", None))
        .endpoint_url(running.endpoint())
        .build();
    let client = selling::client::Client::new(config).unwrap();
    let error = client
        .call_create_opportunity(create_request("bad-signature"))
        .await
        .unwrap_err();
    let response = awsgen_runtime::OperationError::to_response(&error);
    assert_eq!(response.status, 403, "{error}");
    assert_eq!(response.code.as_deref(), Some("InvalidSignatureException"));
}

fn create_request(token: &str) -> selling::CreateOpportunityRequest {
    let account = selling::Account::builder()
        .company_name("Example Corp")
        .build()
        .unwrap();
    let customer = selling::Customer::builder().account(account).build();
    selling::CreateOpportunityRequest::builder()
        .catalog("Sandbox")
        .client_token(token)
        .customer(customer)
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn selling_operations_errors_and_pagination() {
    let emulator = emulator();
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let client =
        selling::client::Client::new(config(&running.endpoint(), Some(Policy::ForwardCompatible)))
            .unwrap();

    // Create, then get it back: the same data, typed, over HTTP.
    let created = client
        .call_create_opportunity(create_request("e2e-1"))
        .await
        .unwrap();
    let id = created.id.clone();
    // In one expression: the fluent builder builds the input and sends it.
    let got = client
        .get_opportunity()
        .catalog("Sandbox")
        .identifier(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(got.id, id);
    assert_eq!(
        got.customer.unwrap().account.unwrap().company_name,
        "Example Corp"
    );
    assert_eq!(Some(got.last_modified_date), created.last_modified_date);

    // Idempotency: the same token and request return the first result.
    let again = client
        .call_create_opportunity(create_request("e2e-1"))
        .await
        .unwrap();
    assert_eq!(again.id, id);
    // A token left out is filled by the client with a fresh UUID: two new opportunities.
    let mut no_token = create_request("");
    no_token.client_token.clear();
    let first = client
        .call_create_opportunity(no_token.clone())
        .await
        .unwrap();
    let second = client.call_create_opportunity(no_token).await.unwrap();
    assert_ne!(first.id, second.id);
    // The same token with another request: the modeled ConflictException.
    let mut other = create_request("e2e-1");
    other.customer = None;
    match client.call_create_opportunity(other).await {
        Err(CreateOpportunityError::ConflictException(error)) => {
            assert!(error.to_string().contains("token"), "{error}")
        }
        other => panic!("expected ConflictException, got {other:?}"),
    }

    // Catalogs are isolated: the AWS catalog does not know a Sandbox opportunity.
    match client
        .get_opportunity()
        .catalog("AWS")
        .identifier(&id)
        .send()
        .await
    {
        Err(GetOpportunityError::ResourceNotFoundException(error)) => {
            assert!(!error.to_string().is_empty())
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // Associate, disassociate (an empty output), and disassociate again: an error.
    let association = |entity: &str| {
        (
            selling::AssociateOpportunityRequest::builder()
                .catalog("Sandbox")
                .opportunity_identifier(&id)
                .related_entity_type(selling::RelatedEntityType::Solutions)
                .related_entity_identifier(entity)
                .build()
                .unwrap(),
            selling::DisassociateOpportunityRequest::builder()
                .catalog("Sandbox")
                .opportunity_identifier(&id)
                .related_entity_type(selling::RelatedEntityType::Solutions)
                .related_entity_identifier(entity)
                .build()
                .unwrap(),
        )
    };
    let (associate, disassociate) = association("S-0000001");
    client.call_associate_opportunity(associate).await.unwrap();
    let get = selling::GetOpportunityRequest::builder()
        .catalog("Sandbox")
        .identifier(&id)
        .build()
        .unwrap();
    let got = client.call_get_opportunity(get.clone()).await.unwrap();
    assert_eq!(
        got.related_entity_identifiers.solutions.as_deref(),
        Some(&["S-0000001".to_owned()][..])
    );
    let empty: selling::DisassociateOpportunityResponse = client
        .call_disassociate_opportunity(disassociate.clone())
        .await
        .unwrap();
    assert_eq!(empty, selling::DisassociateOpportunityResponse::default());
    match client.call_disassociate_opportunity(disassociate).await {
        Err(DisassociateOpportunityError::ResourceNotFoundException(_)) => {}
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }

    // Pagination: 2 per page over every Sandbox opportunity, through the paginator.
    for n in 0..5 {
        client
            .call_create_opportunity(create_request(&format!("page-{n}")))
            .await
            .unwrap();
    }
    let list = client
        .list_opportunities()
        .catalog("Sandbox")
        .max_results(2);
    let pages = list.clone().into_pages().collect_pages().await.unwrap();
    let items = list.into_pages().items().collect_items().await.unwrap();
    let count = emulator
        .selling()
        .opportunity_count_in(partnercentral_emulator::Catalog::Sandbox);
    assert_eq!(items.len(), count);
    assert_eq!(pages.len(), count.div_ceil(2));
    let mut ids: Vec<_> = items.iter().map(|s| s.id.clone().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "no page repeats an item");
    assert!(ids.contains(&id));

    // Operations the emulator does not implement: NotImplemented, HTTP 501.
    let solutions = selling::ListSolutionsRequest::builder()
        .catalog("AWS")
        .build()
        .unwrap();
    match client.call_list_solutions(solutions).await {
        Err(selling::operations::ListSolutionsError::Unhandled(response)) => {
            assert_eq!(response.status, 501);
            assert_eq!(response.code.as_deref(), Some("NotImplemented"));
        }
        other => panic!("expected NotImplemented, got {other:?}"),
    }
    running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn validation_before_sending_and_at_the_server() {
    let emulator = emulator();
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let invalid = || {
        selling::ListOpportunitiesRequest::builder()
            .catalog("AWS")
            .max_results(1000)
            .identifier(vec!["not-an-id".to_owned()])
            .build()
            .unwrap()
    };

    // Strict pre-send validation: nothing is sent, every violation is reported.
    let strict =
        selling::client::Client::new(config(&running.endpoint(), Some(Policy::Strict))).unwrap();
    match strict.call_list_opportunities(invalid()).await {
        Err(ListOpportunitiesError::Failed(CallFailure::InvalidInput(errors))) => {
            let paths: Vec<_> = errors
                .violations()
                .iter()
                .map(|v| v.path.as_str())
                .collect();
            assert_eq!(paths, ["/MaxResults", "/Identifier/0"]);
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }
    // A fluent call missing a required member fails the same way, whatever the policy.
    match strict.list_opportunities().max_results(1).send().await {
        Err(ListOpportunitiesError::Failed(CallFailure::InvalidInput(errors))) => {
            assert_eq!(errors.violations()[0].path, "/Catalog");
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    }

    // The default (forward-compatible) policy lets `max` and `pattern` through; the server
    // validates strictly and answers with Selling's own ValidationException.
    let lenient =
        selling::client::Client::new(config(&running.endpoint(), Some(Policy::ForwardCompatible)))
            .unwrap();
    match lenient.call_list_opportunities(invalid()).await {
        Err(ListOpportunitiesError::ValidationException(error)) => {
            assert_eq!(
                error.reason,
                selling::ValidationExceptionReason::RequestValidationFailed
            );
            let fields: Vec<_> = error
                .error_list
                .unwrap()
                .into_iter()
                .map(|e| (e.field_name.unwrap(), e.code.as_str().to_owned()))
                .collect();
            assert_eq!(
                fields,
                [
                    ("/MaxResults".to_owned(), "VALUE_OUT_OF_RANGE".to_owned()),
                    (
                        "/Identifier/0".to_owned(),
                        "INVALID_STRING_FORMAT".to_owned()
                    ),
                ]
            );
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }

    // Account has no VALUE_OUT_OF_RANGE: its dispatcher maps the code to INVALID_VALUE, and
    // wraps each field error in the `FieldValidationError` union member.
    let account = account::client::Client::new(config(&running.endpoint(), None)).unwrap();
    let list = account::ListConnectionsRequest::builder()
        .catalog("AWS")
        .max_results(1000)
        .build()
        .unwrap();
    match account.call_list_connections(list).await {
        Err(account::operations::ListConnectionsError::ValidationException(error)) => {
            let details = error.error_details.unwrap();
            match &details[..] {
                [account::ValidationError::FieldValidationError(field)] => {
                    assert_eq!(field.name, "/MaxResults");
                    assert_eq!(field.code, account::FieldValidationCode::InvalidValue);
                }
                other => panic!("unexpected details {other:?}"),
            }
        }
        other => panic!("expected ValidationException, got {other:?}"),
    }
    running.shutdown().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn account_connections_get_list_cancel() {
    let emulator = emulator();
    let running = emulator.bind("127.0.0.1:0").await.unwrap();
    let client =
        account::client::Client::new(config(&running.endpoint(), Some(Policy::Strict))).unwrap();

    let summaries = client
        .list_connections()
        .catalog("Sandbox")
        .max_results(1)
        .into_pages()
        .items()
        .collect_items()
        .await
        .unwrap();
    assert!(summaries.len() >= 2, "seeded connections, one per page");
    let id = summaries[0].id.clone();

    let get = account::GetConnectionRequest::builder()
        .catalog("Sandbox")
        .identifier(&id)
        .build()
        .unwrap();
    let connection = client.call_get_connection(get).await.unwrap();
    let (kind, detail) = connection
        .connection_types
        .iter()
        .find(|(_, d)| d.status == account::ConnectionTypeStatus::Active)
        .map(|(k, d)| (k.clone(), d.clone()))
        .expect("an active connection type");

    let cancel = account::CancelConnectionRequest::builder()
        .catalog("Sandbox")
        .identifier(&id)
        .connection_type(kind.clone())
        .reason("Partnership ended")
        .build()
        .unwrap();
    assert!(
        cancel.client_token.is_empty(),
        "left out: the client fills it"
    );
    let canceled = client.call_cancel_connection(cancel.clone()).await.unwrap();
    let after = &canceled.connection_types[&kind];
    assert_eq!(after.status, account::ConnectionTypeStatus::Canceled);
    assert!(after.canceled_at.is_some());
    assert_eq!(after.canceled_by.as_deref(), Some("123456789012"));
    assert_eq!(after.other_participant, detail.other_participant);

    // Cancelling again (with a new token) conflicts; in the other catalog it is not found.
    match client.call_cancel_connection(cancel.clone()).await {
        Err(CancelConnectionError::ConflictException(_)) => {}
        other => panic!("expected ConflictException, got {other:?}"),
    }
    let mut elsewhere = cancel;
    elsewhere.catalog = "AWS".to_owned();
    match client.call_cancel_connection(elsewhere).await {
        Err(CancelConnectionError::ResourceNotFoundException(_)) => {}
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    let unknown = account::GetConnectionRequest::builder()
        .catalog("AWS")
        .identifier("pac-0000000000000")
        .build()
        .unwrap();
    match client.call_get_connection(unknown).await {
        Err(GetConnectionError::ResourceNotFoundException(_)) => {}
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    running.shutdown().await.unwrap();
}
