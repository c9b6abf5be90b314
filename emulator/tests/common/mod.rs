//! Helpers shared by the Selling tests.
#![allow(dead_code)] // each test crate uses its own subset

use partnercentral::selling::builders::ListOpportunitiesRequestBuilder;
use partnercentral::selling::operations::{
    AssociateOpportunityError, DisassociateOpportunityError, GetOpportunityError,
    PartnerCentralSelling,
};
use partnercentral::selling::*;
use partnercentral_emulator::{Emulator, EmulatorConfig};

pub fn emulator() -> Emulator {
    Emulator::new(EmulatorConfig::default()).expect("the default configuration is valid")
}

pub fn company(name: &str) -> Customer {
    let account = Account::builder()
        .company_name(name)
        .industry(Industry::ComputersAndElectronics)
        .website_url("https://example.com")
        .address(
            Address::builder()
                .city("Seattle")
                .street_address("410 Terry Ave N")
                .country_code(CountryCode::Us)
                .build(),
        )
        .build()
        .expect("company name is set");
    Customer::builder().account(account).build()
}

pub fn request(catalog: &str, token: &str, name: &str, stage: Stage) -> CreateOpportunityRequest {
    CreateOpportunityRequest::builder()
        .catalog(catalog)
        .client_token(token)
        .partner_opportunity_identifier(format!("crm-{token}"))
        .opportunity_type(OpportunityType::NetNewBusiness)
        .customer(company(name))
        .project(
            Project::builder()
                .title(format!("Migration for {name}"))
                .customer_business_problem("Legacy data center")
                .build(),
        )
        // A caller cannot set the review status: creating sets it to Pending Submission.
        .life_cycle(
            LifeCycle::builder()
                .stage(stage)
                .target_close_date("2026-03-31")
                .review_status(ReviewStatus::Approved)
                .build(),
        )
        .build()
        .expect("catalog and token are set")
}

pub async fn create(
    emulator: &Emulator,
    catalog: &str,
    token: &str,
    name: &str,
    stage: Stage,
) -> String {
    let created = emulator
        .selling()
        .call_create_opportunity(request(catalog, token, name, stage))
        .await;
    created.expect("created").id
}

pub async fn get(
    emulator: &Emulator,
    catalog: &str,
    id: &str,
) -> Result<GetOpportunityResponse, GetOpportunityError> {
    let request = GetOpportunityRequest::builder()
        .catalog(catalog)
        .identifier(id)
        .build()
        .expect("all set");
    emulator.selling().call_get_opportunity(request).await
}

pub fn list_request(catalog: &str) -> ListOpportunitiesRequestBuilder {
    ListOpportunitiesRequest::builder().catalog(catalog)
}

/// Every page of `request`, following `NextToken`: the ids, and how many pages.
pub async fn list_all(
    emulator: &Emulator,
    request: ListOpportunitiesRequestBuilder,
) -> (Vec<String>, usize) {
    let (mut ids, mut pages, mut token) = (Vec::new(), 0, None);
    loop {
        let request = request
            .clone()
            .set_next_token(token)
            .build()
            .expect("catalog is set");
        let page = emulator
            .selling()
            .call_list_opportunities(request)
            .await
            .expect("listed");
        pages += 1;
        ids.extend(
            page.opportunity_summaries
                .into_iter()
                .map(|s| s.id.expect("summaries have ids")),
        );
        match page.next_token {
            Some(next) => token = Some(next),
            None => return (ids, pages),
        }
    }
}

pub async fn associate(
    emulator: &Emulator,
    id: &str,
    kind: RelatedEntityType,
    entity: &str,
) -> Result<(), AssociateOpportunityError> {
    let request = AssociateOpportunityRequest::builder()
        .catalog("AWS")
        .opportunity_identifier(id)
        .related_entity_type(kind)
        .related_entity_identifier(entity)
        .build()
        .expect("all set");
    emulator
        .selling()
        .call_associate_opportunity(request)
        .await
        .map(drop)
}

pub async fn disassociate(
    emulator: &Emulator,
    id: &str,
    kind: RelatedEntityType,
    entity: &str,
) -> Result<(), DisassociateOpportunityError> {
    let request = DisassociateOpportunityRequest::builder()
        .catalog("AWS")
        .opportunity_identifier(id)
        .related_entity_type(kind)
        .related_entity_identifier(entity)
        .build()
        .expect("all set");
    emulator
        .selling()
        .call_disassociate_opportunity(request)
        .await
        .map(drop)
}
