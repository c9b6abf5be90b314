//! `ListOpportunities`: filters, order and pages.
//!
//! Order: `Sort` when given, else `LastModifiedDate` descending (the model's defaults),
//! with the id as tie-breaker in the same direction, so the order is total and pages never
//! repeat or skip an opportunity. An opportunity without the sort field (no customer, no
//! target close date) comes first in ascending order and last in descending order.
//!
//! Each page scans the catalog once and keeps only the first `MaxResults + 1` matches, so
//! paging through 100,000 opportunities costs one linear pass per page and no more memory
//! than the page.

use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

use awsgen_runtime::Timestamp;
use partnercentral::selling::operations::ListOpportunitiesError;
use partnercentral::selling::{
    ListOpportunitiesRequest, ListOpportunitiesResponse, OpportunitySort, OpportunitySortName,
    SortOrder, ValidationExceptionErrorCode,
};
use serde_json::{Value, json};

use super::errors::{internal, invalid_field};
use super::opportunity::{Opportunity, parse_id};
use crate::catalog::Catalog;
use crate::fingerprint::fingerprint;
use crate::pagination;

/// `MaxResults` when absent: "Default: 20" in the model.
pub const DEFAULT_PAGE_SIZE: usize = 20;
/// The largest `MaxResults`: the `PageSize` shape's range is `1..=100`.
pub const MAX_PAGE_SIZE: usize = 100;

/// One page of `opportunities` (one catalog's, in any order) for `request`.
pub(crate) fn list<'a>(
    opportunities: &'a [Opportunity],
    account_id: &str,
    catalog: Catalog,
    request: &ListOpportunitiesRequest,
) -> Result<ListOpportunitiesResponse, ListOpportunitiesError> {
    use ListOpportunitiesError as E;
    let size = pagination::page_size(request.max_results, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        .map_err(|message| {
            E::ValidationException(invalid_field(
                "MaxResults",
                ValidationExceptionErrorCode::ValueOutOfRange,
                message,
            ))
        })?;
    let order = Order::of(request.sort.as_ref()).map_err(E::ValidationException)?;
    let query = query_fingerprint(request).ok_or_else(|| {
        E::InternalServerException(internal("the request cannot be fingerprinted"))
    })?;
    let after = match request.next_token.as_deref() {
        // An empty token is no token: there is no page it could name.
        None | Some("") => None,
        Some(token) => {
            let invalid = |message: &str| {
                E::ValidationException(invalid_field(
                    "NextToken",
                    ValidationExceptionErrorCode::InvalidValue,
                    message,
                ))
            };
            let position =
                pagination::decode(token, query).map_err(|error| invalid(error.message()))?;
            Some(
                order
                    .by
                    .position_from_json(&position)
                    .ok_or_else(|| invalid(pagination::TokenError::Malformed.message()))?,
            )
        }
    };
    let filter = Filter::of(request);
    // The first `size + 1` in order, kept in a heap whose top is the last of them: one
    // more than the page tells whether another page follows.
    let mut first = BinaryHeap::with_capacity(size + 1);
    let mut consider = |opportunity: &'a Opportunity| {
        if !filter.matches(opportunity) {
            return;
        }
        let position = order.by.position(opportunity);
        if after
            .as_ref()
            .is_some_and(|after| order.compare(&position, after).is_le())
        {
            return;
        }
        let candidate = Ranked {
            position,
            descending: order.descending,
            opportunity,
        };
        if first.len() <= size {
            first.push(candidate);
        } else if let Some(mut last) = first.peek_mut()
            && candidate < *last
        {
            *last = candidate;
        }
    };
    // Opportunities are stored in creation order, which most orders roughly follow:
    // scanning from the end that comes first lets most candidates fail at the heap's top.
    if order.descending {
        opportunities.iter().rev().for_each(&mut consider);
    } else {
        opportunities.iter().for_each(&mut consider);
    }
    let more = first.len() > size;
    let mut page = first.into_sorted_vec();
    page.truncate(size);
    let next_token = match page.last() {
        Some(last) if more => Some(pagination::encode(
            query,
            &order.by.position_to_json(&last.position),
        )),
        _ => None,
    };
    let summaries = page
        .iter()
        .map(|ranked| ranked.opportunity.summary(account_id, catalog))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| E::InternalServerException(internal(error)))?;
    ListOpportunitiesResponse::builder()
        .opportunity_summaries(summaries)
        .set_next_token(next_token)
        .build()
        .map_err(|error| E::InternalServerException(internal(error)))
}

/// The request without what may change from page to page.
fn query_fingerprint(request: &ListOpportunitiesRequest) -> Option<u64> {
    let mut query = request.clone();
    query.max_results = None;
    query.next_token = None;
    fingerprint(&query)
}

#[derive(Debug, Clone, Copy)]
enum SortBy {
    LastModifiedDate,
    CreatedDate,
    Identifier,
    CustomerCompanyName,
    TargetCloseDate,
}

/// Where an opportunity falls in the order: its sort field, then its id.
type Position<'a> = (Key<'a>, u64);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Key<'a> {
    Time(Timestamp),
    Text(Option<Cow<'a, str>>),
    /// Sorting by id: the id that follows every key is all there is.
    None,
}

impl SortBy {
    fn position(self, opportunity: &Opportunity) -> Position<'_> {
        let key = match self {
            SortBy::LastModifiedDate => Key::Time(opportunity.last_modified),
            SortBy::CreatedDate => Key::Time(opportunity.created),
            SortBy::Identifier => Key::None,
            SortBy::CustomerCompanyName => Key::Text(opportunity.company_name().map(Cow::Borrowed)),
            SortBy::TargetCloseDate => {
                Key::Text(opportunity.target_close_date().map(Cow::Borrowed))
            }
        };
        (key, opportunity.id)
    }

    fn position_to_json(self, (key, id): &Position<'_>) -> Value {
        let key = match key {
            Key::Time(time) => json!(time.to_string()),
            Key::Text(text) => json!(text),
            Key::None => Value::Null,
        };
        json!({ "k": key, "i": id })
    }

    /// The position a token holds, if it has the shape this sort writes.
    fn position_from_json(self, value: &Value) -> Option<Position<'static>> {
        let id = value.get("i")?.as_u64()?;
        let key = value.get("k")?;
        let key = match self {
            SortBy::LastModifiedDate | SortBy::CreatedDate => {
                Key::Time(key.as_str()?.parse().ok()?)
            }
            SortBy::CustomerCompanyName | SortBy::TargetCloseDate => match key {
                Value::Null => Key::Text(None),
                key => Key::Text(Some(Cow::Owned(key.as_str()?.to_owned()))),
            },
            SortBy::Identifier => Key::None,
        };
        Some((key, id))
    }
}

struct Order {
    by: SortBy,
    descending: bool,
}

/// An opportunity and its position, ordered as the listing orders them.
struct Ranked<'a> {
    position: Position<'a>,
    descending: bool,
    opportunity: &'a Opportunity,
}

impl Ord for Ranked<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        directed(self.position.cmp(&other.position), self.descending)
    }
}

impl PartialOrd for Ranked<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Ranked<'_> {}

impl Order {
    fn of(
        sort: Option<&OpportunitySort>,
    ) -> Result<Order, partnercentral::selling::ValidationException> {
        let Some(sort) = sort else {
            return Ok(Order {
                by: SortBy::LastModifiedDate,
                descending: true,
            });
        };
        let by = match &sort.sort_by {
            OpportunitySortName::LastModifiedDate => SortBy::LastModifiedDate,
            OpportunitySortName::CreatedDate => SortBy::CreatedDate,
            OpportunitySortName::Identifier => SortBy::Identifier,
            OpportunitySortName::CustomerCompanyName => SortBy::CustomerCompanyName,
            OpportunitySortName::TargetCloseDate => SortBy::TargetCloseDate,
            // `Unknown`, and any value a newer model adds.
            other => {
                return Err(invalid_enum(
                    "Sort/SortBy",
                    other.as_str(),
                    OpportunitySortName::VALUES,
                ));
            }
        };
        let descending = match &sort.sort_order {
            SortOrder::Descending => true,
            SortOrder::Ascending => false,
            other => {
                return Err(invalid_enum(
                    "Sort/SortOrder",
                    other.as_str(),
                    SortOrder::VALUES,
                ));
            }
        };
        Ok(Order { by, descending })
    }

    /// `Less` when `a` is listed before `b`.
    fn compare(&self, a: &Position<'_>, b: &Position<'_>) -> Ordering {
        directed(a.cmp(b), self.descending)
    }
}

fn directed(ordering: Ordering, descending: bool) -> Ordering {
    if descending {
        ordering.reverse()
    } else {
        ordering
    }
}

fn invalid_enum(
    field: &str,
    value: &str,
    known: &[&str],
) -> partnercentral::selling::ValidationException {
    invalid_field(
        field,
        ValidationExceptionErrorCode::InvalidEnumValue,
        format!(
            "must be one of {}, found {value:?}",
            awsgen_runtime::validate::quoted_list(known)
        ),
    )
}

/// The request's filters. Each given filter must match (AND); within one list filter any
/// value may match (OR); an empty list filters nothing out. `After...` bounds are
/// inclusive ("on or after", as the `ListOpportunities` docs put it), `Before...` bounds
/// exclusive.
struct Filter<'r> {
    request: &'r ListOpportunitiesRequest,
    /// The `Identifier` filter's ids; one that is not a valid id matches nothing.
    ids: Option<Vec<u64>>,
}

impl<'r> Filter<'r> {
    fn of(request: &'r ListOpportunitiesRequest) -> Filter<'r> {
        let ids = non_empty(&request.identifier)
            .map(|ids| ids.iter().filter_map(|id| parse_id(id)).collect());
        Filter { request, ids }
    }

    fn matches(&self, opportunity: &Opportunity) -> bool {
        let request = self.request;
        let life_cycle = &opportunity.life_cycle;
        self.ids.as_ref().is_none_or(|ids| ids.contains(&opportunity.id))
            && non_empty(&request.life_cycle_stage)
                .is_none_or(|stages| life_cycle.stage.as_ref().is_some_and(|stage| stages.contains(stage)))
            && non_empty(&request.life_cycle_review_status)
                .is_none_or(|statuses| life_cycle.review_status.as_ref().is_some_and(|status| statuses.contains(status)))
            // "matching the provided company name string": the whole name, ignoring case.
            && non_empty(&request.customer_company_name).is_none_or(|names| {
                opportunity
                    .company_name()
                    .is_some_and(|company| names.iter().any(|name| same_text(name, company)))
            })
            && request.last_modified_date.as_ref().is_none_or(|range| {
                within(opportunity.last_modified, range.after_last_modified_date, range.before_last_modified_date)
            })
            && request
                .created_date
                .as_ref()
                .is_none_or(|range| within(opportunity.created, range.after_created_date, range.before_created_date))
            && request.target_close_date.as_ref().is_none_or(|range| {
                // `YYYY-MM-DD` strings compare as the dates they name.
                opportunity.target_close_date().is_some_and(|date| {
                    within(date, range.after_target_close_date.as_deref(), range.before_target_close_date.as_deref())
                })
            })
    }
}

fn non_empty<T>(filter: &Option<Vec<T>>) -> Option<&[T]> {
    filter.as_deref().filter(|values| !values.is_empty())
}

fn within<T: PartialOrd>(value: T, after: Option<T>, before: Option<T>) -> bool {
    after.is_none_or(|after| value >= after) && before.is_none_or(|before| value < before)
}

fn same_text(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}
