//! Hand-written usage of the generated Partner Central API: what a downstream crate does.

use awsgen_runtime::{ErrorFault, ErrorShape, Operation, Structure, UnknownMember};
use partnercentral::account::{
    self, Connection, ConnectionType, ConnectionTypeDetail, ConnectionTypeStatus, Participant,
};
use partnercentral::selling::{self, GetOpportunityRequest, ResourceNotFoundException};
use serde_json::json;

#[test]
fn a_builder_reports_every_missing_required_member() {
    let error = GetOpportunityRequest::builder().build().unwrap_err();
    assert_eq!(error.missing_members(), ["Catalog", "Identifier"]);
    assert_eq!(
        error.to_string(),
        "cannot build GetOpportunityRequest: missing required members `Catalog`, `Identifier`"
    );

    let request = GetOpportunityRequest::builder()
        .catalog("AWS")
        .identifier("O1234567")
        .build()
        .unwrap();
    assert_eq!(request.catalog, "AWS");
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"Catalog": "AWS", "Identifier": "O1234567"})
    );
    // And back to a builder, to change one member.
    let changed = selling::builders::GetOpportunityRequestBuilder::from(request)
        .identifier("O7654321")
        .build()
        .unwrap();
    assert_eq!(changed.identifier, "O7654321");
}

#[test]
fn enums_keep_unknown_values_and_work_as_map_keys() {
    assert_eq!(
        ConnectionType::from("SUBSIDIARY"),
        ConnectionType::Subsidiary
    );
    assert_eq!(ConnectionType::Subsidiary.as_str(), "SUBSIDIARY");
    assert_eq!(
        ConnectionType::VALUES,
        ["OPPORTUNITY_COLLABORATION", "SUBSIDIARY"]
    );
    let future: ConnectionType = "RESELLING".parse().unwrap();
    assert!(matches!(&future, ConnectionType::Unknown(v) if v.as_str() == "RESELLING"));
    assert_eq!(future.to_string(), "RESELLING");
    // Case matters: the wire value is exact.
    assert!(matches!(
        ConnectionType::from("subsidiary"),
        ConnectionType::Unknown(_)
    ));
    assert_eq!(serde_json::to_value(&future).unwrap(), json!("RESELLING"));

    let connection: Connection = serde_json::from_value(connection_json()).unwrap();
    let detail = &connection.connection_types[&ConnectionType::OpportunityCollaboration];
    assert_eq!(detail.status, ConnectionTypeStatus::Active);
    assert!(
        connection
            .connection_types
            .contains_key(&ConnectionType::from("RESELLING"))
    );
}

fn connection_json() -> serde_json::Value {
    json!({
        "Catalog": "AWS",
        "Id": "pac-1",
        "Arn": "arn:aws:partnercentral:us-east-1::catalog/AWS/connection/pac-1",
        "OtherParticipantAccountId": "123456789012",
        "UpdatedAt": "2025-05-01T10:00:00.250Z",
        "ConnectionTypes": {
            "OPPORTUNITY_COLLABORATION": {
                "CreatedAt": 1746093600,
                "InviterEmail": "ana@example.com",
                "InviterName": "Ana Secret-Name",
                "Status": "ACTIVE",
                "OtherParticipant": {"SellerProfile": {"Id": "sp-1", "Name": "Seller"}}
            },
            "RESELLING": {
                "CreatedAt": "2025-05-01T12:00:00+02:00",
                "InviterEmail": "bo@example.com",
                "InviterName": "Bo",
                "Status": "PAUSED",
                "OtherParticipant": {"Marketplace": {"Listing": 7}, "__type": "Participant"}
            }
        }
    })
}

#[test]
fn the_participant_union_reads_known_and_keeps_unknown_members() {
    let connection: Connection = serde_json::from_value(connection_json()).unwrap();
    let known = &connection.connection_types[&ConnectionType::OpportunityCollaboration];
    let seller = known.other_participant.as_seller_profile().unwrap();
    assert_eq!(
        (seller.id.as_str(), seller.name.as_str()),
        ("sp-1", "Seller")
    );

    let future = &connection.connection_types[&ConnectionType::from("RESELLING")];
    assert_eq!(
        future.other_participant,
        Participant::Unknown(UnknownMember::new("Marketplace", json!({"Listing": 7})))
    );
    // Both timestamp forms were read; the model's format (date-time) is written.
    let written = serde_json::to_value(&connection).unwrap();
    assert_eq!(written["UpdatedAt"], "2025-05-01T10:00:00.25Z");
    assert_eq!(
        written["ConnectionTypes"]["OPPORTUNITY_COLLABORATION"]["CreatedAt"],
        "2025-05-01T10:00:00Z"
    );
    // The unknown member is written back as it came (without the ignored `__type`).
    assert_eq!(
        written["ConnectionTypes"]["RESELLING"]["OtherParticipant"],
        json!({"Marketplace": {"Listing": 7}})
    );
    let again: Connection = serde_json::from_value(written).unwrap();
    assert_eq!(again, connection);
}

#[test]
fn a_union_must_have_exactly_one_member() {
    let two = serde_json::from_value::<Participant>(json!({
        "Account": {"Name": "A"}, "SellerProfile": {"Id": "x", "Name": "y"}
    }));
    assert!(
        two.unwrap_err()
            .to_string()
            .contains("more than one member set")
    );
    let none = serde_json::from_value::<Participant>(json!({"Account": null, "__type": "x"}));
    assert!(none.unwrap_err().to_string().contains("has no member set"));
    let one = serde_json::from_value::<Participant>(
        json!({"Account": {"Name": "A"}, "SellerProfile": null}),
    );
    assert!(one.unwrap().as_account().is_some());
}

#[test]
fn sensitive_values_are_redacted_at_any_depth() {
    let connection: Connection = serde_json::from_value(connection_json()).unwrap();
    let debug = format!("{connection:?}");
    assert!(!debug.contains("Secret-Name"), "{debug}");
    assert!(
        debug.contains("inviter_name: *** Sensitive Data Redacted ***"),
        "{debug}"
    );
    assert!(
        debug.contains("ana@example.com"),
        "not every value is sensitive: {debug}"
    );
    let builder =
        account::builders::ConnectionTypeDetailBuilder::default().inviter_name("Top Secret");
    assert!(!format!("{builder:?}").contains("Top Secret"));
}

#[test]
fn nulls_are_absent_and_absent_members_are_not_written() {
    let request: GetOpportunityRequest =
        serde_json::from_value(json!({"Catalog": "AWS", "Identifier": "O1", "Extra": {"x": 1}}))
            .unwrap();
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"Catalog": "AWS", "Identifier": "O1"})
    );
    let detail: ConnectionTypeDetail = serde_json::from_value(json!({
        "CreatedAt": 0, "InviterEmail": "e", "InviterName": "n", "Status": "ACTIVE",
        "OtherParticipant": {"Account": {"Name": "A"}}, "CanceledAt": null, "CanceledBy": null
    }))
    .unwrap();
    assert_eq!(detail.canceled_at, None);
    assert!(
        serde_json::to_value(&detail)
            .unwrap()
            .get("CanceledAt")
            .is_none()
    );
}

#[test]
fn a_response_missing_required_members_still_parses_and_says_so() {
    let detail: ConnectionTypeDetail =
        serde_json::from_value(json!({"InviterEmail": "e", "Status": "ACTIVE"})).unwrap();
    assert_eq!(
        detail.absent_required_members(),
        ["CreatedAt", "InviterName", "OtherParticipant"]
    );
    assert_eq!(detail.inviter_name, "");
    assert_eq!(detail.created_at, jiff::Timestamp::UNIX_EPOCH);
    // Bookkeeping, not data: equal to the same value built in Rust.
    let built = account::builders::ConnectionTypeDetailBuilder::from(detail.clone())
        .build()
        .unwrap();
    assert_eq!(built, detail);
    assert!(built.absent_required_members().is_empty());
}

#[test]
fn errors_carry_their_message_and_wire_facts() {
    let error: ResourceNotFoundException =
        serde_json::from_value(json!({"message": "Opportunity O1 not found"})).unwrap();
    assert_eq!(
        error.to_string(),
        "ResourceNotFoundException: Opportunity O1 not found"
    );
    assert_eq!(
        ErrorShape::message(&error),
        Some("Opportunity O1 not found")
    );
    assert_eq!(ResourceNotFoundException::CODE, "ResourceNotFoundException");
    assert_eq!(ResourceNotFoundException::FAULT, ErrorFault::Client);
    // The Smithy model's `@httpError` (see models/services.toml `facts`).
    assert_eq!(ResourceNotFoundException::HTTP_STATUS, 404);
    assert_eq!(selling::InternalServerException::FAULT, ErrorFault::Server);
    assert_eq!(selling::InternalServerException::HTTP_STATUS, 500);
    const { assert!(account::ThrottlingException::RETRYABLE) };
    let boxed: Box<dyn std::error::Error> = Box::new(error);
    assert!(boxed.to_string().contains("O1"));
    // Written back under the model's own key.
    let error: ResourceNotFoundException =
        serde_json::from_value(json!({"errorMessage": "gone"})).unwrap();
    assert_eq!(
        serde_json::to_value(&error).unwrap(),
        json!({"Message": "gone"})
    );
}

#[test]
fn operations_know_their_wire_target_and_types() {
    assert_eq!(
        selling::operations::GetOpportunity::TARGET,
        "AWSPartnerCentralSelling.GetOpportunity"
    );
    const { assert!(selling::operations::GetOpportunity::READONLY) };
    assert_eq!(
        account::operations::CancelConnection::TARGET,
        "PartnerCentralAccount.CancelConnection"
    );
    struct Count(usize, usize);
    impl awsgen_runtime::OperationVisitor for Count {
        fn visit<O: Operation>(&mut self) {
            self.0 += 1;
            self.1 += usize::from(O::Output::SHAPE_NAME == "smithy.api#Unit");
        }
    }
    let mut selling_ops = Count(0, 0);
    selling::operations::visit_operations(&mut selling_ops);
    // Every operation has its own input and output types: the 9 Selling operations the
    // model gives no output get an empty structure (`{}` on the wire), never `Unit`.
    assert_eq!((selling_ops.0, selling_ops.1), (45, 0));
    let empty = selling::DisassociateOpportunityResponse::default();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    let _: selling::DisassociateOpportunityResponse =
        serde_json::from_str(r#"{"New": 1}"#).unwrap();
    let mut account_ops = Count(0, 0);
    account::operations::visit_operations(&mut account_ops);
    assert_eq!((account_ops.0, account_ops.1), (34, 0));
}

/// Runs a future that never waits on I/O (the mocks here) to completion.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut context = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

#[test]
fn a_mock_implements_only_what_it_needs() {
    use partnercentral::selling::operations::{GetOpportunityError, PartnerCentralSelling};

    struct Mock;
    impl PartnerCentralSelling for Mock {
        async fn call_get_opportunity(
            &self,
            input: GetOpportunityRequest,
        ) -> Result<selling::GetOpportunityResponse, GetOpportunityError> {
            let missing = ResourceNotFoundException::builder()
                .message(format!("{} not found", input.identifier))
                .build();
            Err(GetOpportunityError::ResourceNotFoundException(missing))
        }
    }

    // The fluent form works over the mock: it builds the input and calls
    // `call_get_opportunity`.
    let error = block_on(
        Mock.get_opportunity()
            .catalog("AWS")
            .identifier("O1")
            .send(),
    )
    .unwrap_err();
    assert_eq!(
        awsgen_runtime::OperationError::code(&error),
        Some("ResourceNotFoundException")
    );
    assert_eq!(error.to_string(), "ResourceNotFoundException: O1 not found");

    // So does a built input, given to `call_get_opportunity` directly.
    let request = GetOpportunityRequest::builder()
        .catalog("AWS")
        .identifier("O2")
        .build()
        .unwrap();
    let error = block_on(Mock.call_get_opportunity(request.clone())).unwrap_err();
    assert_eq!(error.to_string(), "ResourceNotFoundException: O2 not found");
    // ... or to the fluent builder, which keeps it as its input.
    let fluent = Mock.get_opportunity().with_input(request);
    assert_eq!(
        fluent.as_input(),
        &GetOpportunityRequest::builder()
            .catalog("AWS")
            .identifier("O2")
    );
    let error = block_on(fluent.send()).unwrap_err();
    assert_eq!(error.to_string(), "ResourceNotFoundException: O2 not found");

    // Everything else answers NotImplemented (HTTP 501) by default, fluent or not.
    match block_on(Mock.list_opportunities().catalog("AWS").send()).unwrap_err() {
        selling::operations::ListOpportunitiesError::Unhandled(response) => {
            assert_eq!(
                (response.status, response.code.as_deref()),
                (501, Some("NotImplemented"))
            );
        }
        other => panic!("expected NotImplemented, got {other:?}"),
    }
}

#[test]
fn a_fluent_call_missing_a_required_member_fails_without_calling() {
    use awsgen_runtime::CallFailure;
    use awsgen_runtime::validate::ViolationCode;
    use partnercentral::selling::operations::{GetOpportunityError, PartnerCentralSelling};

    struct Unreachable;
    impl PartnerCentralSelling for Unreachable {
        async fn call_get_opportunity(
            &self,
            _: GetOpportunityRequest,
        ) -> Result<selling::GetOpportunityResponse, GetOpportunityError> {
            panic!("an input missing a required member must not be sent")
        }
    }

    // `Catalog` and `Identifier` are both required; every missing one is named.
    let error = block_on(Unreachable.get_opportunity().send()).unwrap_err();
    let GetOpportunityError::Failed(CallFailure::InvalidInput(errors)) = error else {
        panic!("expected Failed(InvalidInput), got {error:?}");
    };
    let found: Vec<_> = errors
        .violations()
        .iter()
        .map(|v| (v.path.as_str(), v.code))
        .collect();
    assert_eq!(
        found,
        [
            ("/Catalog", ViolationCode::RequiredFieldMissing),
            ("/Identifier", ViolationCode::RequiredFieldMissing),
        ]
    );
    let error = block_on(Unreachable.get_opportunity().catalog("AWS").send()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid input, not sent: 1 constraint violation\n  /Identifier: is required but missing (REQUIRED_FIELD_MISSING)"
    );
}

/// A mock that serves `ListOpportunities` in pages of two from a list of ids; the page
/// token is the index of the page's first item, and `repeat_after` makes it hand out an
/// old token again (a service bug the paginator must not loop on).
struct Pager {
    ids: Vec<String>,
    repeat_after: Option<usize>,
    calls: std::sync::atomic::AtomicUsize,
}

impl selling::operations::PartnerCentralSelling for Pager {
    async fn call_list_opportunities(
        &self,
        input: selling::ListOpportunitiesRequest,
    ) -> Result<selling::ListOpportunitiesResponse, selling::operations::ListOpportunitiesError>
    {
        let call = self.calls.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let start: usize = input
            .next_token
            .as_deref()
            .map_or(0, |t| t.parse().unwrap());
        let end = (start + 2).min(self.ids.len());
        let summaries = self.ids[start..end]
            .iter()
            .map(|id| {
                let mut summary = selling::OpportunitySummary::builder()
                    .catalog(input.catalog.clone())
                    .build()
                    .unwrap();
                summary.id = Some(id.clone());
                summary
            })
            .collect::<Vec<_>>();
        let next_token = match self.repeat_after {
            Some(after) if call >= after => Some("0".to_owned()),
            _ => (end < self.ids.len()).then(|| end.to_string()),
        };
        Ok(selling::ListOpportunitiesResponse::builder()
            .opportunity_summaries(summaries)
            .set_next_token(next_token)
            .build()
            .unwrap())
    }
}

#[test]
fn paginators_walk_pages_and_items_of_any_implementation() {
    use partnercentral::selling::operations::PartnerCentralSelling;
    let pager = Pager {
        ids: (1..=5).map(|n| format!("O{n}")).collect(),
        repeat_after: None,
        calls: Default::default(),
    };
    let pages = block_on(
        pager
            .list_opportunities()
            .catalog("Sandbox")
            .into_pages()
            .collect_pages(),
    )
    .unwrap();
    assert_eq!(
        pages
            .iter()
            .map(|p| p.opportunity_summaries.len())
            .collect::<Vec<_>>(),
        [2, 2, 1]
    );
    let items = block_on(
        pager
            .list_opportunities()
            .catalog("Sandbox")
            .into_pages()
            .items()
            .collect_items(),
    )
    .unwrap();
    let ids: Vec<_> = items.iter().map(|s| s.id.clone().unwrap()).collect();
    assert_eq!(ids, ["O1", "O2", "O3", "O4", "O5"]);

    // Starting from a page token: the pages after it.
    let rest = block_on(
        pager
            .list_opportunities()
            .catalog("Sandbox")
            .next_token("2")
            .into_pages()
            .items()
            .collect_items(),
    )
    .unwrap();
    let ids: Vec<_> = rest.iter().map(|s| s.id.clone().unwrap()).collect();
    assert_eq!(ids, ["O3", "O4", "O5"]);

    // An input missing a required member: its error is the first and only page.
    let calls = pager.calls.load(std::sync::atomic::Ordering::SeqCst);
    let mut pages = pager.list_opportunities().into_pages();
    match block_on(pages.next_page()) {
        Some(Err(selling::operations::ListOpportunitiesError::Failed(
            awsgen_runtime::CallFailure::InvalidInput(errors),
        ))) => assert_eq!(errors.violations()[0].path, "/Catalog"),
        other => panic!("expected Failed(InvalidInput), got {other:?}"),
    }
    assert!(block_on(pages.next_page()).is_none());
    assert_eq!(pager.calls.load(std::sync::atomic::Ordering::SeqCst), calls);

    // A service that hands out a token it gave before: the stream ends instead of looping.
    let looping = Pager {
        ids: (1..=5).map(|n| format!("O{n}")).collect(),
        repeat_after: Some(1),
        calls: Default::default(),
    };
    let request = selling::ListOpportunitiesRequest::builder()
        .catalog("Sandbox")
        .build()
        .unwrap();
    let pages = block_on(
        looping
            .list_opportunities()
            .with_input(request)
            .into_pages()
            .collect_pages(),
    )
    .unwrap();
    // Tokens handed out: "2", then "0" (new), then "0" again: three pages, no loop.
    assert_eq!(pages.len(), 3);
    assert_eq!(looping.calls.load(std::sync::atomic::Ordering::SeqCst), 3);
}
