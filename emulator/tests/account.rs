//! The Account API, called through its trait methods, over the seed connections.

use partnercentral::account::operations::{
    CancelConnectionError, GetConnectionError, ListConnectionsError, PartnerCentralAccount,
};
use partnercentral::account::*;
use partnercentral_emulator::{Catalog, Emulator, EmulatorConfig};

fn emulator() -> Emulator {
    Emulator::new(EmulatorConfig::default()).expect("the default configuration is valid")
}

/// Two connection types: an opportunity collaboration with a seller profile, a subsidiary
/// with an account.
const BOTH_TYPES: &str = "pac-7b4n6c8d2f5g1";
/// One opportunity collaboration, already canceled by the other side.
const CANCELED: &str = "pac-9h2j4k6l8m1n3";
const SUBSIDIARY_ONLY: &str = "pac-5t8v1w3x6y9z2";
const SANDBOX: &str = "pac-2s4d6f8g1h3j5";

async fn get(
    emulator: &Emulator,
    catalog: &str,
    id: &str,
) -> Result<GetConnectionResponse, GetConnectionError> {
    let request = GetConnectionRequest::builder()
        .catalog(catalog)
        .identifier(id)
        .build()
        .expect("all set");
    emulator.account().call_get_connection(request).await
}

fn cancel_request(
    catalog: &str,
    id: &str,
    kind: ConnectionType,
    token: &str,
) -> CancelConnectionRequest {
    CancelConnectionRequest::builder()
        .catalog(catalog)
        .identifier(id)
        .connection_type(kind)
        .reason("Partnership ended")
        .client_token(token)
        .build()
        .expect("all set")
}

async fn list(
    emulator: &Emulator,
    request: ListConnectionsRequest,
) -> Result<ListConnectionsResponse, ListConnectionsError> {
    emulator.account().call_list_connections(request).await
}

/// The ids of every page, following `NextToken`, and the number of pages.
async fn list_all(
    emulator: &Emulator,
    request: partnercentral::account::builders::ListConnectionsRequestBuilder,
) -> (Vec<String>, usize) {
    let (mut ids, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let page = list(
            emulator,
            request.clone().set_next_token(token).build().expect("set"),
        )
        .await
        .expect("listed");
        pages += 1;
        ids.extend(
            page.connection_summaries
                .into_iter()
                .map(|summary| summary.id),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => return (ids, pages),
        }
    }
}

#[tokio::test]
async fn seeded_connections_can_be_read() {
    let emulator = emulator();
    let connection = get(&emulator, "AWS", BOTH_TYPES).await.expect("seeded");
    assert_eq!(connection.catalog, "AWS");
    assert_eq!(
        connection.arn,
        format!("arn:aws:partnercentral:us-east-1::catalog/AWS/connection/{BOTH_TYPES}")
    );
    assert_eq!(connection.other_participant_account_id, "777788889999");
    let collaboration = &connection.connection_types[&ConnectionType::OpportunityCollaboration];
    assert_eq!(collaboration.status, ConnectionTypeStatus::Active);
    assert!(
        matches!(&collaboration.other_participant, Participant::SellerProfile(p) if p.name == "Octank Marketplace")
    );
    let subsidiary = &connection.connection_types[&ConnectionType::Subsidiary];
    assert!(
        matches!(&subsidiary.other_participant, Participant::Account(a) if a.name == "Octank Holdings")
    );

    let canceled = get(&emulator, "AWS", CANCELED).await.expect("seeded");
    let detail = &canceled.connection_types[&ConnectionType::OpportunityCollaboration];
    assert_eq!(detail.status, ConnectionTypeStatus::Canceled);
    assert!(
        matches!(&detail.other_participant, Participant::PartnerProfile(p) if p.id.starts_with("pprofile-"))
    );
    assert_eq!(detail.canceled_by.as_deref(), Some("210987654321"));

    // Catalogs are apart, and unknown ids are not found.
    for (catalog, id) in [
        ("Sandbox", BOTH_TYPES),
        ("AWS", SANDBOX),
        ("AWS", "pac-0000000000000"),
    ] {
        let error = get(&emulator, catalog, id).await.expect_err(id);
        let GetConnectionError::ResourceNotFoundException(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(
            error.reason,
            ResourceNotFoundExceptionReason::ConnectionNotFound
        );
    }
    let error = get(&emulator, "Production", BOTH_TYPES)
        .await
        .expect_err("no such catalog");
    assert!(
        matches!(error, GetConnectionError::ValidationException(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn listing_pages_and_filters() {
    let emulator = emulator();
    let all = ListConnectionsRequest::builder().catalog("AWS");
    let (ids, pages) = list_all(&emulator, all.clone()).await;
    assert_eq!(pages, 1);
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "id order");
    // "Lists active connections": the seeded connection whose every type is canceled is
    // left out (it is still there for GetConnection and for a filter naming the status).
    assert_eq!(
        ids.len(),
        emulator.account().connection_count_in(Catalog::Aws) - 1
    );
    assert_eq!(ids.len(), 3);
    assert!(!ids.contains(&CANCELED.to_owned()));
    assert!(get(&emulator, "AWS", CANCELED).await.is_ok());
    assert_eq!(
        list_all(&emulator, all.clone().max_results(1)).await,
        (ids.clone(), 3)
    );
    assert_eq!(
        list_all(&emulator, all.clone().max_results(2)).await,
        (ids.clone(), 2)
    );
    let (sandbox, _) = list_all(
        &emulator,
        ListConnectionsRequest::builder().catalog("Sandbox"),
    )
    .await;
    assert_eq!(sandbox.len(), 3);
    assert!(sandbox.iter().all(|id| !ids.contains(id)));

    let (ids, _) = list_all(&emulator, all.clone().connection_type("SUBSIDIARY")).await;
    assert_eq!(ids, vec![SUBSIDIARY_ONLY.to_owned(), BOTH_TYPES.to_owned()]);
    let (ids, _) = list_all(
        &emulator,
        all.clone()
            .connection_type("OPPORTUNITY_COLLABORATION:canceled"),
    )
    .await;
    assert_eq!(ids, vec![CANCELED.to_owned()]);
    let (ids, _) = list_all(&emulator, all.clone().connection_type("RESELLER")).await;
    assert!(ids.is_empty());
    // By the other participant's account id or profile id.
    let by = |ids: &[&str]| {
        all.clone()
            .other_participant_identifiers(ids.iter().map(|id| id.to_string()).collect::<Vec<_>>())
    };
    assert_eq!(
        list_all(&emulator, by(&["777788889999"])).await.0,
        vec![BOTH_TYPES.to_owned()]
    );
    assert_eq!(
        list_all(&emulator, by(&["pprofile-9z8y7x6w5v4u3", "444455556666"]))
            .await
            .0,
        // The canceled connection matches the participant but is not active.
        vec![SUBSIDIARY_ONLY.to_owned()]
    );
    assert_eq!(list_all(&emulator, by(&[])).await.0.len(), 3);

    // Summaries keep each type's status and other participant.
    let page = list(
        &emulator,
        all.clone().max_results(100).build().expect("set"),
    )
    .await
    .expect("listed");
    let summary = page
        .connection_summaries
        .iter()
        .find(|s| s.id == BOTH_TYPES)
        .expect("listed");
    let collaboration = &summary.connection_types[&ConnectionType::OpportunityCollaboration];
    assert!(matches!(
        &collaboration.other_participant,
        Participant::SellerProfile(_)
    ));

    for request in [
        all.clone().next_token("nonsense"),
        all.clone().max_results(0),
        all.clone().max_results(101),
    ] {
        let result = list(&emulator, request.build().expect("set")).await;
        assert!(
            matches!(result, Err(ListConnectionsError::ValidationException(_))),
            "{result:?}"
        );
    }
    let first = list(&emulator, all.clone().max_results(1).build().expect("set"))
        .await
        .expect("listed");
    let token = first.next_token.expect("more");
    let other_query = all.clone().connection_type("SUBSIDIARY").next_token(token);
    let result = list(&emulator, other_query.build().expect("set")).await;
    assert!(
        matches!(result, Err(ListConnectionsError::ValidationException(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn cancel_marks_the_type_canceled_and_keeps_the_rest() {
    let emulator = Emulator::new(EmulatorConfig {
        account_id: "999988887777".to_owned(),
        seed: true,
    })
    .expect("valid");
    let before = get(&emulator, "AWS", BOTH_TYPES).await.expect("seeded");
    let request = cancel_request(
        "AWS",
        BOTH_TYPES,
        ConnectionType::OpportunityCollaboration,
        "cancel-1",
    );
    let canceled = emulator
        .account()
        .call_cancel_connection(request)
        .await
        .expect("canceled");

    assert_eq!(
        (canceled.id.as_str(), canceled.catalog.as_str()),
        (BOTH_TYPES, "AWS")
    );
    assert_eq!(canceled.arn, before.arn);
    assert!(canceled.updated_at > before.updated_at);
    let detail = &canceled.connection_types[&ConnectionType::OpportunityCollaboration];
    assert_eq!(detail.status, ConnectionTypeStatus::Canceled);
    assert_eq!(detail.canceled_at, Some(canceled.updated_at));
    assert_eq!(detail.canceled_by.as_deref(), Some("999988887777"));
    let was = &before.connection_types[&ConnectionType::OpportunityCollaboration];
    assert_eq!(
        detail.other_participant, was.other_participant,
        "the union is intact"
    );
    assert_eq!(
        (&detail.created_at, &detail.inviter_email),
        (&was.created_at, &was.inviter_email)
    );
    assert_eq!(
        canceled.connection_types[&ConnectionType::Subsidiary],
        before.connection_types[&ConnectionType::Subsidiary]
    );

    let after = get(&emulator, "AWS", BOTH_TYPES)
        .await
        .expect("still there");
    assert_eq!(after.connection_types, canceled.connection_types);
    assert_eq!(after.updated_at, canceled.updated_at);
    // The other catalog is untouched.
    let sandbox = get(&emulator, "Sandbox", "pac-6z8x1c3v5b7n9")
        .await
        .expect("seeded");
    assert!(
        sandbox
            .connection_types
            .values()
            .all(|d| d.status == ConnectionTypeStatus::Active)
    );
}

#[tokio::test]
async fn cancel_errors() {
    let emulator = emulator();
    let account = emulator.account();
    let cases = [
        (
            "AWS",
            "pac-0000000000000",
            ConnectionType::Subsidiary,
            "not-found",
        ),
        (
            "Sandbox",
            BOTH_TYPES,
            ConnectionType::Subsidiary,
            "other-catalog",
        ),
        (
            "AWS",
            SUBSIDIARY_ONLY,
            ConnectionType::OpportunityCollaboration,
            "missing-type",
        ),
    ];
    for (catalog, id, kind, token) in cases {
        let result = account
            .call_cancel_connection(cancel_request(catalog, id, kind, token))
            .await;
        let Err(CancelConnectionError::ResourceNotFoundException(error)) = result else {
            panic!("{token}: {result:?}")
        };
        assert_eq!(
            error.reason,
            ResourceNotFoundExceptionReason::ConnectionNotFound
        );
    }
    let result = account
        .call_cancel_connection(cancel_request(
            "AWS",
            CANCELED,
            ConnectionType::OpportunityCollaboration,
            "twice",
        ))
        .await;
    let Err(CancelConnectionError::ConflictException(error)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(
        error.reason,
        ConflictExceptionReason::IncompatibleConnectionState
    );

    let result = account
        .call_cancel_connection(cancel_request(
            "AWS",
            BOTH_TYPES,
            ConnectionType::from("RESELLER"),
            "unknown-type",
        ))
        .await;
    assert!(
        matches!(result, Err(CancelConnectionError::ValidationException(_))),
        "{result:?}"
    );
    let result = account
        .call_cancel_connection(cancel_request(
            "AWS",
            BOTH_TYPES,
            ConnectionType::Subsidiary,
            "",
        ))
        .await;
    assert!(
        matches!(result, Err(CancelConnectionError::ValidationException(_))),
        "{result:?}"
    );
    // None of this changed anything.
    let connection = get(&emulator, "AWS", BOTH_TYPES).await.expect("seeded");
    assert!(
        connection
            .connection_types
            .values()
            .all(|d| d.status == ConnectionTypeStatus::Active)
    );
}

#[tokio::test]
async fn cancel_is_idempotent_on_its_client_token() {
    let emulator = emulator();
    let account = emulator.account();
    let first = account
        .call_cancel_connection(cancel_request(
            "AWS",
            SUBSIDIARY_ONLY,
            ConnectionType::Subsidiary,
            "tok",
        ))
        .await
        .expect("canceled");
    // A retry answers the first result, not "already canceled".
    let retry = account
        .call_cancel_connection(cancel_request(
            "AWS",
            SUBSIDIARY_ONLY,
            ConnectionType::Subsidiary,
            "tok",
        ))
        .await
        .expect("replayed");
    assert_eq!(first, retry);

    let mut other = cancel_request("AWS", SUBSIDIARY_ONLY, ConnectionType::Subsidiary, "tok");
    other.reason = "Another reason".to_owned();
    let result = account.call_cancel_connection(other).await;
    let Err(CancelConnectionError::ConflictException(error)) = result else {
        panic!("{result:?}")
    };
    assert_eq!(error.reason, ConflictExceptionReason::ConflictClientToken);

    // A new token for the same cancellation meets the canceled state.
    let result = account
        .call_cancel_connection(cancel_request(
            "AWS",
            SUBSIDIARY_ONLY,
            ConnectionType::Subsidiary,
            "tok-2",
        ))
        .await;
    assert!(
        matches!(result, Err(CancelConnectionError::ConflictException(_))),
        "{result:?}"
    );
}

#[tokio::test]
async fn configuration() {
    let empty = Emulator::new(EmulatorConfig {
        seed: false,
        ..EmulatorConfig::default()
    })
    .expect("valid");
    assert_eq!(empty.account().connection_count_in(Catalog::Aws), 0);
    let page = list(
        &empty,
        ListConnectionsRequest::builder()
            .catalog("AWS")
            .build()
            .expect("set"),
    )
    .await
    .expect("listed");
    assert!(page.connection_summaries.is_empty() && page.next_token.is_none());

    for bad in ["", "12345678901", "1234567890123", "12345678901a"] {
        let result = Emulator::new(EmulatorConfig {
            account_id: bad.to_owned(),
            seed: true,
        });
        assert!(result.is_err(), "{bad:?}");
    }
}
