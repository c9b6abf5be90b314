//! `AssociateOpportunity` and `DisassociateOpportunity`: the opportunity's
//! `RelatedEntityIdentifiers`.

use awsgen_runtime::Timestamp;
use awsgen_runtime::jiff::SignedDuration;
use awsgen_runtime::validate::{Policy, Validate};
use partnercentral::selling::operations::{
    AssociateOpportunityError, DisassociateOpportunityError,
};
use partnercentral::selling::{
    AssociateOpportunityRequest, DisassociateOpportunityRequest, RelatedEntityIdentifiers,
    RelatedEntityType, ValidationException, ValidationExceptionErrorCode,
};

use super::SellingEmulator;
use super::errors::{self, invalid_field, not_found};
use super::opportunity::{Opportunity, related_slot};

impl SellingEmulator {
    /// Adds the entity to the opportunity's `RelatedEntityIdentifiers`. Associating an
    /// entity that is already associated changes nothing, not even `LastModifiedDate`.
    pub(super) fn associate(
        &self,
        request: &AssociateOpportunityRequest,
    ) -> Result<(), AssociateOpportunityError> {
        use AssociateOpportunityError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        check_entity(
            &request.related_entity_type,
            &request.related_entity_identifier,
        )
        .map_err(E::ValidationException)?;
        let now = crate::now();
        let mut state = self.state.write();
        let opportunity = state.catalogs[catalog]
            .lookup_mut(catalog, &request.opportunity_identifier)
            .map_err(E::ResourceNotFoundException)?;
        let related = opportunity.related.get_or_insert_with(Default::default);
        let slot = related_slot(related, &request.related_entity_type).ok_or_else(|| {
            E::ValidationException(unknown_entity_type(&request.related_entity_type))
        })?;
        let entities = slot.get_or_insert_with(Vec::new);
        if !entities.contains(&request.related_entity_identifier) {
            entities.push(request.related_entity_identifier.clone());
            opportunity.touch(now);
        }
        Ok(())
    }

    /// Removes the entity from the opportunity's `RelatedEntityIdentifiers`.
    ///
    /// Removing an entity that is not associated is a `ResourceNotFoundException`: the
    /// association is the resource this call deletes, and the model's description of that
    /// error ("the specified resource can't be found") fits it, while `ValidationException`
    /// is for requests that are malformed or break a business rule about the new state.
    pub(super) fn disassociate(
        &self,
        request: &DisassociateOpportunityRequest,
    ) -> Result<(), DisassociateOpportunityError> {
        use DisassociateOpportunityError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        if related_slot(
            &mut RelatedEntityIdentifiers::default(),
            &request.related_entity_type,
        )
        .is_none()
        {
            return Err(E::ValidationException(unknown_entity_type(
                &request.related_entity_type,
            )));
        }
        let now = crate::now();
        let mut state = self.state.write();
        let opportunity = state.catalogs[catalog]
            .lookup_mut(catalog, &request.opportunity_identifier)
            .map_err(E::ResourceNotFoundException)?;
        let identifier = &request.related_entity_identifier;
        let kind = &request.related_entity_type;
        let removed = opportunity.related.as_deref_mut().is_some_and(|related| {
            let Some(slot) = related_slot(related, kind) else {
                return false;
            };
            let Some(entities) = slot.as_mut() else {
                return false;
            };
            let Some(at) = entities.iter().position(|entity| entity == identifier) else {
                return false;
            };
            entities.remove(at);
            if entities.is_empty() {
                *slot = None;
            }
            true
        });
        if !removed {
            let id = &request.opportunity_identifier;
            return Err(E::ResourceNotFoundException(not_found(format!(
                "{kind} {identifier:?} is not associated with opportunity {id:?}."
            ))));
        }
        if opportunity
            .related
            .as_deref()
            .is_some_and(|related| *related == RelatedEntityIdentifiers::default())
        {
            opportunity.related = None;
        }
        opportunity.touch(now);
        Ok(())
    }
}

impl Opportunity {
    /// Records a change at `now`. Modification times strictly increase, even for two
    /// changes within one millisecond, so "modified after" comparisons see every change.
    fn touch(&mut self, now: Timestamp) {
        let next = self
            .last_modified
            .checked_add(SignedDuration::from_millis(1))
            .unwrap_or(now);
        self.last_modified = now.max(next);
    }
}

/// Checks the identifier against the pattern the model gives entities of its type (a
/// solution is `S-` and digits, an offer an AWS Marketplace ARN, ...), with the generated
/// validator of `RelatedEntityIdentifiers`, so an association never stores a value that
/// `GetOpportunity` could not return.
fn check_entity(kind: &RelatedEntityType, identifier: &str) -> Result<(), ValidationException> {
    let mut probe = RelatedEntityIdentifiers::default();
    let slot = related_slot(&mut probe, kind).ok_or_else(|| unknown_entity_type(kind))?;
    *slot = Some(vec![identifier.to_owned()]);
    probe
        .validate(Policy::Strict)
        .map_err(|errors| errors::violations("RelatedEntityIdentifier", &errors))
}

fn unknown_entity_type(kind: &RelatedEntityType) -> ValidationException {
    invalid_field(
        "RelatedEntityType",
        ValidationExceptionErrorCode::InvalidEnumValue,
        format!(
            "must be one of {}, found {:?}",
            awsgen_runtime::validate::quoted_list(RelatedEntityType::VALUES),
            kind.as_str()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::selling::opportunity::FIRST_ID;
    use partnercentral::selling::CreateOpportunityRequest;

    #[test]
    fn entity_identifiers_are_checked_against_their_type() {
        assert!(check_entity(&RelatedEntityType::Solutions, "S-0012345").is_ok());
        assert!(check_entity(&RelatedEntityType::AwsProducts, "AmazonRedshift").is_ok());
        let error = check_entity(&RelatedEntityType::Solutions, "not-a-solution").unwrap_err();
        // The message names the field and the constraint; the entry names it as a pointer.
        assert!(
            error.message.starts_with(
                "1 validation error detected: /RelatedEntityIdentifier must match the pattern"
            ),
            "{}",
            error.message
        );
        let error = error.error_list.unwrap_or_default();
        assert_eq!(error.len(), 1);
        assert_eq!(
            error[0].field_name.as_deref(),
            Some("/RelatedEntityIdentifier")
        );
        assert_eq!(
            error[0].code,
            ValidationExceptionErrorCode::InvalidStringFormat
        );
        let offer = "arn:aws:aws-marketplace:us-east-1:999999999999:AWSMarketplace/Offer/offer-sampleOffer32";
        assert!(check_entity(&RelatedEntityType::AwsMarketplaceOffers, offer).is_ok());
        assert!(check_entity(&RelatedEntityType::AwsMarketplaceOfferSets, offer).is_err());
    }

    #[test]
    fn touching_moves_the_modification_time_forward() {
        let mut opportunity = Opportunity::create(FIRST_ID, Timestamp::UNIX_EPOCH, test_request());
        opportunity.touch(Timestamp::UNIX_EPOCH);
        assert!(opportunity.last_modified > opportunity.created);
    }

    fn test_request() -> CreateOpportunityRequest {
        CreateOpportunityRequest::builder()
            .catalog("AWS")
            .client_token("t")
            .build()
            .expect("catalog and token are set")
    }
}
