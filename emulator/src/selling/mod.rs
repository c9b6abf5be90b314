//! The Selling API: opportunities, their associations, and listing them.

mod associations;
mod errors;
mod list;
mod opportunity;

use std::collections::HashMap;

use partnercentral::selling::operations::{
    AssociateOpportunityError, CreateOpportunityError, DisassociateOpportunityError,
    GetOpportunityError, ListOpportunitiesError, PartnerCentralSelling,
};
use partnercentral::selling::{
    AssociateOpportunityRequest, AssociateOpportunityResponse, CreateOpportunityRequest,
    CreateOpportunityResponse, DisassociateOpportunityRequest, DisassociateOpportunityResponse,
    GetOpportunityRequest, GetOpportunityResponse, ListOpportunitiesRequest,
    ListOpportunitiesResponse, ResourceNotFoundException, ValidationExceptionErrorCode,
};

pub use list::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

use crate::catalog::{Catalog, PerCatalog};
use crate::fingerprint::fingerprint;
use crate::sync::Shared;
use errors::{conflict, internal, invalid_field, not_found};
use opportunity::{FIRST_ID, Opportunity, parse_id};

/// What `CreateOpportunity` answers to a reused client token with a different request;
/// the wording of the model's `ClientToken` documentation.
const CONFLICTING_TOKEN: &str = "Conflicting client token submitted for a new request body.";

/// The Partner Central Selling API, in memory. Implements
/// [`PartnerCentralSelling`]: `CreateOpportunity`, `GetOpportunity`,
/// `ListOpportunities`, `AssociateOpportunity` and `DisassociateOpportunity`; every other
/// operation answers the generated `NotImplemented`.
///
/// - Ids are `O` and ten digits, unique across catalogs; ARNs are
///   `arn:aws:partnercentral:us-east-1:<account>:catalog/<Catalog>/opportunity/<Id>`.
/// - `CreateOpportunity` sets `LifeCycle.ReviewStatus` to `Pending Submission`. A reused
///   `ClientToken` (per catalog) answers the first result for the same request and a
///   `ConflictException` for another.
/// - `ListOpportunities` sorts by `Sort`, else by `LastModifiedDate` descending, ties broken
///   by id; [`DEFAULT_PAGE_SIZE`] a page unless `MaxResults` says otherwise (at most
///   [`MAX_PAGE_SIZE`]). Filters combine with AND, the values of one filter with OR;
///   `CustomerCompanyName` matches whole names, ignoring case; `After...` bounds are
///   inclusive, `Before...` bounds exclusive. A `NextToken` only works with the filters and
///   sort it was issued for; anything else is a `ValidationException`.
/// - `AssociateOpportunity` checks the identifier against its type's pattern and adds it
///   (again is a no-op); `DisassociateOpportunity` of an entity that is not associated is a
///   `ResourceNotFoundException`. Both bump `LastModifiedDate` when they change something.
/// - An unknown id, or one of the other catalog, is a `ResourceNotFoundException`; a
///   catalog other than `AWS` or `Sandbox` a `ValidationException`.
#[derive(Debug)]
pub struct SellingEmulator {
    account_id: String,
    state: Shared<State>,
}

#[derive(Debug)]
struct State {
    catalogs: PerCatalog<CatalogState>,
    /// Ids are unique across both catalogs, so an id from one never names an opportunity
    /// of the other.
    next_id: u64,
}

#[derive(Debug, Default)]
struct CatalogState {
    /// Sorted by id: ids only grow, so appending keeps the order and lookups
    /// binary-search.
    opportunities: Vec<Opportunity>,
    /// `CreateOpportunity` client tokens: the fingerprint of the request that used the
    /// token first, and the opportunity it created. Never expires.
    tokens: HashMap<Box<str>, Issued>,
}

#[derive(Debug, Clone, Copy)]
struct Issued {
    request: u64,
    id: u64,
}

impl CatalogState {
    fn find(&self, id: u64) -> Option<&Opportunity> {
        let at = self
            .opportunities
            .binary_search_by_key(&id, |o| o.id)
            .ok()?;
        self.opportunities.get(at)
    }

    fn find_mut(&mut self, id: u64) -> Option<&mut Opportunity> {
        let at = self
            .opportunities
            .binary_search_by_key(&id, |o| o.id)
            .ok()?;
        self.opportunities.get_mut(at)
    }

    /// The opportunity `identifier` names, or the `ResourceNotFoundException` for it.
    fn lookup(
        &self,
        catalog: Catalog,
        identifier: &str,
    ) -> Result<&Opportunity, ResourceNotFoundException> {
        parse_id(identifier)
            .and_then(|id| self.find(id))
            .ok_or_else(|| missing(catalog, identifier))
    }

    fn lookup_mut(
        &mut self,
        catalog: Catalog,
        identifier: &str,
    ) -> Result<&mut Opportunity, ResourceNotFoundException> {
        parse_id(identifier)
            .and_then(|id| self.find_mut(id))
            .ok_or_else(|| missing(catalog, identifier))
    }
}

fn missing(catalog: Catalog, identifier: &str) -> ResourceNotFoundException {
    not_found(format!(
        "Opportunity {identifier:?} was not found in the {catalog} catalog."
    ))
}

impl SellingEmulator {
    pub(crate) fn new(account_id: String) -> SellingEmulator {
        SellingEmulator {
            account_id,
            state: Shared::new(State {
                catalogs: PerCatalog::default(),
                next_id: FIRST_ID,
            }),
        }
    }

    /// How many opportunities both catalogs hold.
    pub fn opportunity_count(&self) -> usize {
        self.state
            .read()
            .catalogs
            .iter()
            .map(|c| c.opportunities.len())
            .sum()
    }

    /// How many opportunities `catalog` holds.
    pub fn opportunity_count_in(&self, catalog: Catalog) -> usize {
        self.state.read().catalogs[catalog].opportunities.len()
    }

    fn create(
        &self,
        request: CreateOpportunityRequest,
    ) -> Result<CreateOpportunityResponse, CreateOpportunityError> {
        use CreateOpportunityError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        if request.client_token.is_empty() {
            let code = ValidationExceptionErrorCode::RequiredFieldMissing;
            return Err(E::ValidationException(invalid_field(
                "ClientToken",
                code,
                "must not be empty",
            )));
        }
        let request_print = fingerprint(&request).ok_or_else(|| {
            E::InternalServerException(internal("the request cannot be fingerprinted"))
        })?;
        let now = crate::now();
        let mut state = self.state.write();
        let State { catalogs, next_id } = &mut *state;
        let opportunities = &mut catalogs[catalog];
        if let Some(issued) = opportunities.tokens.get(request.client_token.as_str()) {
            if issued.request != request_print {
                return Err(E::ConflictException(conflict(CONFLICTING_TOKEN)));
            }
            let first = opportunities.find(issued.id).ok_or_else(|| {
                E::InternalServerException(internal("a client token names a lost opportunity"))
            })?;
            return first
                .created_response()
                .map_err(|error| E::InternalServerException(internal(error)));
        }
        let id = *next_id;
        let following = id
            .checked_add(1)
            .ok_or_else(|| E::InternalServerException(internal("opportunity ids are exhausted")))?;
        let token: Box<str> = request.client_token.as_str().into();
        let opportunity = Opportunity::create(id, now, request);
        // Answer first: nothing is stored unless the whole call succeeds.
        let response = opportunity
            .created_response()
            .map_err(|error| E::InternalServerException(internal(error)))?;
        opportunities.opportunities.push(opportunity);
        opportunities.tokens.insert(
            token,
            Issued {
                request: request_print,
                id,
            },
        );
        *next_id = following;
        Ok(response)
    }

    fn get(
        &self,
        request: &GetOpportunityRequest,
    ) -> Result<GetOpportunityResponse, GetOpportunityError> {
        use GetOpportunityError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        let state = self.state.read();
        let opportunity = state.catalogs[catalog]
            .lookup(catalog, &request.identifier)
            .map_err(E::ResourceNotFoundException)?;
        opportunity
            .details(&self.account_id, catalog)
            .map_err(|error| E::InternalServerException(internal(error)))
    }

    fn list(
        &self,
        request: &ListOpportunitiesRequest,
    ) -> Result<ListOpportunitiesResponse, ListOpportunitiesError> {
        let catalog = errors::catalog(&request.catalog)
            .map_err(ListOpportunitiesError::ValidationException)?;
        let state = self.state.read();
        list::list(
            &state.catalogs[catalog].opportunities,
            &self.account_id,
            catalog,
            request,
        )
    }
}

impl PartnerCentralSelling for SellingEmulator {
    async fn call_create_opportunity(
        &self,
        input: CreateOpportunityRequest,
    ) -> Result<CreateOpportunityResponse, CreateOpportunityError> {
        self.create(input)
    }

    async fn call_get_opportunity(
        &self,
        input: GetOpportunityRequest,
    ) -> Result<GetOpportunityResponse, GetOpportunityError> {
        self.get(&input)
    }

    async fn call_list_opportunities(
        &self,
        input: ListOpportunitiesRequest,
    ) -> Result<ListOpportunitiesResponse, ListOpportunitiesError> {
        self.list(&input)
    }

    async fn call_associate_opportunity(
        &self,
        input: AssociateOpportunityRequest,
    ) -> Result<AssociateOpportunityResponse, AssociateOpportunityError> {
        self.associate(&input)
            .map(|()| AssociateOpportunityResponse::builder().build())
    }

    async fn call_disassociate_opportunity(
        &self,
        input: DisassociateOpportunityRequest,
    ) -> Result<DisassociateOpportunityResponse, DisassociateOpportunityError> {
        self.disassociate(&input)
            .map(|()| DisassociateOpportunityResponse::builder().build())
    }
}
