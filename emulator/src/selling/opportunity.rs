//! An opportunity as the emulator stores it, and the views of it the operations return.

use awsgen_runtime::{BuildError, Timestamp};
use partnercentral::selling::{
    AccountSummary, AddressSummary, Contact, CreateOpportunityRequest, CreateOpportunityResponse,
    Customer, CustomerSummary, GetOpportunityResponse, LifeCycle, LifeCycleSummary, Marketing,
    NationalSecurity, OpportunitySummary, OpportunityType, PrimaryNeedFromAws, Project,
    ProjectSummary, RelatedEntityIdentifiers, RelatedEntityType, ReviewStatus, SoftwareRevenue,
};

use crate::REGION;
use crate::catalog::Catalog;

/// The first id handed out: ids are `O` and ten digits, as `O` + `[0-9]{1,19}` allows.
pub(crate) const FIRST_ID: u64 = 1_000_000_000;

/// An opportunity: the request that created it, taken apart, plus what the service adds.
///
/// Sized for 100,000 of them: the large sections are boxed so the record stays small and
/// an absent one costs a null pointer, the catalog is where the record is kept rather than a field, and the
/// client token lives only in the idempotency index. `Origin` and `Tags` are not kept: no
/// implemented operation returns them (`GetOpportunity`'s output has neither), and the
/// idempotency check compares a fingerprint of the whole request.
#[derive(Debug)]
pub(crate) struct Opportunity {
    pub(crate) id: u64,
    pub(crate) created: Timestamp,
    pub(crate) last_modified: Timestamp,
    pub(crate) partner_opportunity_identifier: Option<String>,
    pub(crate) primary_needs_from_aws: Option<Vec<PrimaryNeedFromAws>>,
    pub(crate) national_security: Option<NationalSecurity>,
    pub(crate) opportunity_type: Option<OpportunityType>,
    pub(crate) customer: Option<Box<Customer>>,
    pub(crate) project: Option<Box<Project>>,
    pub(crate) marketing: Option<Box<Marketing>>,
    pub(crate) software_revenue: Option<Box<SoftwareRevenue>>,
    pub(crate) life_cycle: Box<LifeCycle>,
    pub(crate) opportunity_team: Option<Vec<Contact>>,
    /// `None` until something is associated.
    pub(crate) related: Option<Box<RelatedEntityIdentifiers>>,
}

/// `O` and the number.
pub(crate) fn format_id(id: u64) -> String {
    format!("O{id}")
}

/// The number of an opportunity id in the canonical form [`format_id`] writes; `None` for
/// anything else (including `O01`, which would otherwise alias `O1`).
pub(crate) fn parse_id(text: &str) -> Option<u64> {
    let digits = text.strip_prefix('O')?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let id: u64 = digits.parse().ok()?;
    (format_id(id) == text).then_some(id)
}

/// `arn:aws:partnercentral:<region>:<account>:catalog/<Catalog>/opportunity/<Id>`, the
/// format of the service's opportunity ARNs.
pub(crate) fn arn(account_id: &str, catalog: Catalog, id: u64) -> String {
    format!(
        "arn:aws:partnercentral:{REGION}:{account_id}:catalog/{catalog}/opportunity/{}",
        format_id(id)
    )
}

impl Opportunity {
    /// The opportunity `request` creates. `ReviewStatus` is the service's to set: creating
    /// sets it to `Pending Submission` whatever the request says.
    pub(crate) fn create(
        id: u64,
        now: Timestamp,
        request: CreateOpportunityRequest,
    ) -> Opportunity {
        // `..` skips the catalog and client token, which are the keys this record is
        // filed under, and the origin and tags, which nothing reads back.
        let CreateOpportunityRequest {
            primary_needs_from_aws,
            national_security,
            partner_opportunity_identifier,
            customer,
            project,
            opportunity_type,
            marketing,
            software_revenue,
            life_cycle,
            opportunity_team,
            ..
        } = request;
        let mut life_cycle = Box::new(life_cycle.unwrap_or_default());
        life_cycle.review_status = Some(ReviewStatus::PendingSubmission);
        Opportunity {
            id,
            created: now,
            last_modified: now,
            partner_opportunity_identifier,
            primary_needs_from_aws,
            national_security,
            opportunity_type,
            customer: customer.map(Box::new),
            project: project.map(Box::new),
            marketing: marketing.map(Box::new),
            software_revenue: software_revenue.map(Box::new),
            life_cycle,
            opportunity_team,
            related: None,
        }
    }

    /// What `CreateOpportunity` answered when it created this opportunity (and answers
    /// again for a retry with the same client token).
    pub(crate) fn created_response(&self) -> Result<CreateOpportunityResponse, BuildError> {
        CreateOpportunityResponse::builder()
            .id(format_id(self.id))
            .set_partner_opportunity_identifier(self.partner_opportunity_identifier.clone())
            .last_modified_date(self.created)
            .build()
    }

    pub(crate) fn company_name(&self) -> Option<&str> {
        let account = self.customer.as_ref()?.account.as_ref()?;
        Some(account.company_name.as_str())
    }

    pub(crate) fn target_close_date(&self) -> Option<&str> {
        self.life_cycle.target_close_date.as_deref()
    }

    /// Everything stored, as `GetOpportunity` returns it.
    pub(crate) fn details(
        &self,
        account_id: &str,
        catalog: Catalog,
    ) -> Result<GetOpportunityResponse, BuildError> {
        GetOpportunityResponse::builder()
            .catalog(catalog.as_str())
            .id(format_id(self.id))
            .arn(arn(account_id, catalog, self.id))
            .created_date(self.created)
            .last_modified_date(self.last_modified)
            .set_partner_opportunity_identifier(self.partner_opportunity_identifier.clone())
            .set_primary_needs_from_aws(self.primary_needs_from_aws.clone())
            .set_national_security(self.national_security.clone())
            .set_opportunity_type(self.opportunity_type.clone())
            .set_customer(self.customer.as_deref().cloned())
            .set_project(self.project.as_deref().cloned())
            .set_marketing(self.marketing.as_deref().cloned())
            .set_software_revenue(self.software_revenue.as_deref().cloned())
            .life_cycle((*self.life_cycle).clone())
            .set_opportunity_team(self.opportunity_team.clone())
            .related_entity_identifiers(self.related.as_deref().cloned().unwrap_or_default())
            .build()
    }

    /// The `OpportunitySummary` of `ListOpportunities`: the summary shapes' subsets of the
    /// customer, project and lifecycle.
    pub(crate) fn summary(
        &self,
        account_id: &str,
        catalog: Catalog,
    ) -> Result<OpportunitySummary, BuildError> {
        let customer = match self
            .customer
            .as_ref()
            .and_then(|customer| customer.account.as_ref())
        {
            Some(account) => {
                let address = account.address.as_ref().map(|address| {
                    AddressSummary::builder()
                        .set_city(address.city.clone())
                        .set_postal_code(address.postal_code.clone())
                        .set_state_or_region(address.state_or_region.clone())
                        .set_country_code(address.country_code.clone())
                        .build()
                });
                let account = AccountSummary::builder()
                    .company_name(account.company_name.clone())
                    .set_industry(account.industry.clone())
                    .set_other_industry(account.other_industry.clone())
                    .set_website_url(account.website_url.clone())
                    .set_address(address)
                    .build()?;
                Some(CustomerSummary::builder().account(account).build())
            }
            None => None,
        };
        let project = self.project.as_ref().map(|project| {
            ProjectSummary::builder()
                .set_delivery_models(project.delivery_models.clone())
                .set_expected_customer_spend(project.expected_customer_spend.clone())
                .set_expected_contract_duration(project.expected_contract_duration.clone())
                .build()
        });
        let life_cycle = &self.life_cycle;
        let life_cycle = LifeCycleSummary::builder()
            .set_stage(life_cycle.stage.clone())
            .set_closed_lost_reason(life_cycle.closed_lost_reason.clone())
            .set_next_steps(life_cycle.next_steps.clone())
            .set_target_close_date(life_cycle.target_close_date.clone())
            .set_review_status(life_cycle.review_status.clone())
            .set_review_comments(life_cycle.review_comments.clone())
            .set_review_status_reason(life_cycle.review_status_reason.clone())
            .build();
        OpportunitySummary::builder()
            .catalog(catalog.as_str())
            .id(format_id(self.id))
            .arn(arn(account_id, catalog, self.id))
            .set_partner_opportunity_identifier(self.partner_opportunity_identifier.clone())
            .set_opportunity_type(self.opportunity_type.clone())
            .last_modified_date(self.last_modified)
            .created_date(self.created)
            .life_cycle(life_cycle)
            .set_customer(customer)
            .set_project(project)
            .build()
    }
}

/// The list of `related` that holds entities of type `kind`; `None` for a type this
/// version of the model does not know.
pub(crate) fn related_slot<'a>(
    related: &'a mut RelatedEntityIdentifiers,
    kind: &RelatedEntityType,
) -> Option<&'a mut Option<Vec<String>>> {
    Some(match kind {
        RelatedEntityType::Solutions => &mut related.solutions,
        RelatedEntityType::AwsProducts => &mut related.aws_products,
        RelatedEntityType::AwsMarketplaceOffers => &mut related.aws_marketplace_offers,
        RelatedEntityType::AwsMarketplaceOfferSets => &mut related.aws_marketplace_offer_sets,
        RelatedEntityType::AwsMarketplaceSolutions => &mut related.aws_marketplace_solutions,
        RelatedEntityType::AwsMarketplaceProducts => &mut related.aws_marketplace_products,
        // `Unknown`, and any type a newer model adds.
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_only_in_canonical_form() {
        assert_eq!(format_id(FIRST_ID), "O1000000000");
        assert_eq!(parse_id("O1000000000"), Some(FIRST_ID));
        for text in [
            "",
            "O",
            "1000000000",
            "O01",
            "O+1",
            "O1a",
            "o1",
            "O99999999999999999999",
        ] {
            assert_eq!(parse_id(text), None, "{text:?}");
        }
    }
}
