//! The Selling API through its trait methods: creating, reading and associating
//! opportunities.

mod common;

use common::*;
use partnercentral::selling::operations::*;
use partnercentral::selling::*;
use partnercentral_emulator::Catalog;

#[tokio::test]
async fn create_then_get_returns_the_whole_opportunity() {
    let emulator = emulator();
    let created = emulator
        .selling()
        .call_create_opportunity(request("AWS", "token-1", "Example Corp", Stage::Prospect))
        .await;
    let created = created.expect("created");
    assert!(
        created.id.len() == 11
            && created.id.starts_with('O')
            && created.id[1..].bytes().all(|b| b.is_ascii_digit()),
        "{}",
        created.id
    );
    assert_eq!(
        created.partner_opportunity_identifier.as_deref(),
        Some("crm-token-1")
    );

    let got = get(&emulator, "AWS", &created.id).await.expect("found");
    assert_eq!(got.catalog, "AWS");
    assert_eq!(got.id, created.id);
    assert_eq!(
        got.arn.as_deref(),
        Some(
            format!(
                "arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/opportunity/{}",
                created.id
            )
            .as_str()
        )
    );
    assert_eq!(Some(got.last_modified_date), created.last_modified_date);
    assert_eq!(got.created_date, got.last_modified_date);
    assert_eq!(got.customer, Some(company("Example Corp")));
    assert_eq!(
        got.project.and_then(|p| p.title).as_deref(),
        Some("Migration for Example Corp")
    );
    assert_eq!(got.opportunity_type, Some(OpportunityType::NetNewBusiness));
    let life_cycle = got.life_cycle.expect("a lifecycle");
    assert_eq!(
        life_cycle.review_status,
        Some(ReviewStatus::PendingSubmission)
    );
    assert_eq!(life_cycle.stage, Some(Stage::Prospect));
    assert_eq!(
        got.related_entity_identifiers,
        RelatedEntityIdentifiers::default()
    );
    assert_eq!(emulator.opportunity_count(), 1);
}

#[tokio::test]
async fn unknown_opportunities_are_not_found() {
    let emulator = emulator();
    let id = create(&emulator, "AWS", "t", "Example Corp", Stage::Prospect).await;
    let unknown = format!("{}9", id);
    for missing in [unknown.as_str(), "O1", "O0000000001", "not-an-id", ""] {
        let error = get(&emulator, "AWS", missing).await.expect_err(missing);
        assert!(
            matches!(error, GetOpportunityError::ResourceNotFoundException(_)),
            "{missing}: {error:?}"
        );
    }
}

#[tokio::test]
async fn catalogs_are_isolated() {
    let emulator = emulator();
    let aws = create(
        &emulator,
        "AWS",
        "shared-token",
        "Example Corp",
        Stage::Prospect,
    )
    .await;
    let error = get(&emulator, "Sandbox", &aws)
        .await
        .expect_err("not in Sandbox");
    assert!(
        matches!(error, GetOpportunityError::ResourceNotFoundException(_)),
        "{error:?}"
    );
    assert_eq!(
        list_all(&emulator, list_request("Sandbox")).await.0,
        Vec::<String>::new()
    );

    // The same client token in the other catalog is a different request: a new opportunity.
    let sandbox = create(
        &emulator,
        "Sandbox",
        "shared-token",
        "Example Corp",
        Stage::Prospect,
    )
    .await;
    assert_ne!(aws, sandbox);
    assert_eq!(list_all(&emulator, list_request("AWS")).await.0, vec![aws]);
    assert_eq!(
        list_all(&emulator, list_request("Sandbox")).await.0,
        vec![sandbox]
    );
    assert_eq!(emulator.selling().opportunity_count_in(Catalog::Aws), 1);
    assert_eq!(emulator.selling().opportunity_count_in(Catalog::Sandbox), 1);
}

#[tokio::test]
async fn unknown_catalogs_are_refused() {
    let emulator = emulator();
    let error = emulator
        .selling()
        .call_create_opportunity(request("Production", "t", "Example Corp", Stage::Prospect))
        .await;
    let Err(CreateOpportunityError::ValidationException(error)) = error else {
        panic!("{error:?}")
    };
    let fields: Vec<_> = error
        .error_list
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.field_name)
        .collect();
    assert_eq!(fields, vec![Some("/Catalog".to_owned())]);
    let error = get(&emulator, "aws", "O1000000000")
        .await
        .expect_err("catalog names are exact");
    assert!(
        matches!(error, GetOpportunityError::ValidationException(_)),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_reused_client_token_returns_the_first_result_or_conflicts() {
    let emulator = emulator();
    let selling = emulator.selling();
    let first = selling
        .call_create_opportunity(request("AWS", "retry-me", "Example Corp", Stage::Prospect))
        .await
        .expect("created");
    let again = selling
        .call_create_opportunity(request("AWS", "retry-me", "Example Corp", Stage::Prospect))
        .await
        .expect("replayed");
    assert_eq!(first, again);
    assert_eq!(emulator.opportunity_count(), 1);

    let different = selling
        .call_create_opportunity(request("AWS", "retry-me", "Other Corp", Stage::Prospect))
        .await;
    let Err(CreateOpportunityError::ConflictException(conflict)) = different else {
        panic!("{different:?}")
    };
    assert_eq!(
        conflict.message.as_deref(),
        Some("Conflicting client token submitted for a new request body.")
    );
    assert_eq!(emulator.opportunity_count(), 1);

    // A replay answers what the first call answered, even after the opportunity changed.
    associate(
        &emulator,
        &first.id,
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("associated");
    let later = selling
        .call_create_opportunity(request("AWS", "retry-me", "Example Corp", Stage::Prospect))
        .await
        .expect("replayed");
    assert_eq!(first, later);
}

#[tokio::test]
async fn associations_update_the_opportunity() {
    let emulator = emulator();
    let id = create(&emulator, "AWS", "t", "Example Corp", Stage::Prospect).await;
    let created = get(&emulator, "AWS", &id).await.expect("found");
    let offer =
        "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-sampleOffer32";

    associate(&emulator, &id, RelatedEntityType::Solutions, "S-0000001")
        .await
        .expect("solution");
    associate(
        &emulator,
        &id,
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("product");
    associate(
        &emulator,
        &id,
        RelatedEntityType::AwsProducts,
        "AWSAppFabric",
    )
    .await
    .expect("product");
    associate(
        &emulator,
        &id,
        RelatedEntityType::AwsMarketplaceOffers,
        offer,
    )
    .await
    .expect("offer");
    let associated = get(&emulator, "AWS", &id).await.expect("found");
    let related = &associated.related_entity_identifiers;
    assert_eq!(related.solutions, Some(vec!["S-0000001".to_owned()]));
    assert_eq!(
        related.aws_products,
        Some(vec!["AmazonRedshift".to_owned(), "AWSAppFabric".to_owned()])
    );
    assert_eq!(related.aws_marketplace_offers, Some(vec![offer.to_owned()]));
    assert!(associated.last_modified_date > created.last_modified_date);
    assert_eq!(associated.created_date, created.created_date);

    // Associating again changes nothing.
    associate(&emulator, &id, RelatedEntityType::Solutions, "S-0000001")
        .await
        .expect("again");
    let again = get(&emulator, "AWS", &id).await.expect("found");
    assert_eq!(
        again.related_entity_identifiers,
        associated.related_entity_identifiers
    );
    assert_eq!(again.last_modified_date, associated.last_modified_date);

    disassociate(
        &emulator,
        &id,
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("removed");
    disassociate(&emulator, &id, RelatedEntityType::Solutions, "S-0000001")
        .await
        .expect("removed");
    let after = get(&emulator, "AWS", &id).await.expect("found");
    assert_eq!(
        after.related_entity_identifiers.aws_products,
        Some(vec!["AWSAppFabric".to_owned()])
    );
    assert_eq!(after.related_entity_identifiers.solutions, None);
    assert!(after.last_modified_date > associated.last_modified_date);
}

#[tokio::test]
async fn association_errors() {
    let emulator = emulator();
    let id = create(&emulator, "AWS", "t", "Example Corp", Stage::Prospect).await;
    associate(
        &emulator,
        &id,
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect("product");

    // Not associated (not at all, or under another type): the association is not found.
    for (kind, entity) in [
        (RelatedEntityType::Solutions, "S-0000001"),
        (RelatedEntityType::AwsMarketplaceProducts, "AmazonRedshift"),
    ] {
        let error = disassociate(&emulator, &id, kind, entity)
            .await
            .expect_err("not associated");
        assert!(
            matches!(
                error,
                DisassociateOpportunityError::ResourceNotFoundException(_)
            ),
            "{error:?}"
        );
    }
    let error = disassociate(
        &emulator,
        "O1",
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect_err("no opportunity");
    assert!(
        matches!(
            error,
            DisassociateOpportunityError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );
    let error = associate(
        &emulator,
        "O1",
        RelatedEntityType::AwsProducts,
        "AmazonRedshift",
    )
    .await
    .expect_err("no opportunity");
    assert!(
        matches!(
            error,
            AssociateOpportunityError::ResourceNotFoundException(_)
        ),
        "{error:?}"
    );

    // An identifier that does not fit its type's pattern.
    let error = associate(&emulator, &id, RelatedEntityType::Solutions, "my-solution")
        .await
        .expect_err("not S-digits");
    let AssociateOpportunityError::ValidationException(error) = error else {
        panic!("{error:?}")
    };
    assert_eq!(
        error.reason,
        ValidationExceptionReason::RequestValidationFailed
    );
    let codes: Vec<_> = error
        .error_list
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.code)
        .collect();
    assert_eq!(
        codes,
        vec![ValidationExceptionErrorCode::InvalidStringFormat]
    );
    let error = associate(&emulator, &id, RelatedEntityType::from("Partners"), "x")
        .await
        .expect_err("unknown type");
    assert!(
        matches!(error, AssociateOpportunityError::ValidationException(_)),
        "{error:?}"
    );
    let error = disassociate(&emulator, &id, RelatedEntityType::from("Partners"), "x")
        .await
        .expect_err("unknown type");
    assert!(
        matches!(error, DisassociateOpportunityError::ValidationException(_)),
        "{error:?}"
    );

    let unchanged = get(&emulator, "AWS", &id).await.expect("found");
    assert_eq!(
        unchanged.related_entity_identifiers.aws_products,
        Some(vec!["AmazonRedshift".to_owned()])
    );
    assert_eq!(unchanged.related_entity_identifiers.solutions, None);
}

#[tokio::test]
async fn other_operations_are_not_implemented() {
    let emulator = emulator();
    let request = UpdateOpportunityRequest::builder()
        .catalog("AWS")
        .identifier("O1000000000")
        .last_modified_date(awsgen_runtime::Timestamp::UNIX_EPOCH)
        .build();
    let error = emulator
        .selling()
        .call_update_opportunity(request.expect("set"))
        .await
        .expect_err("default body");
    assert_eq!(
        awsgen_runtime::OperationError::code(&error),
        Some("NotImplemented")
    );
}
