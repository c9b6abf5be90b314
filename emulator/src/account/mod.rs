//! The Account API: partner connections, seeded at start.

mod connection;
mod errors;
mod seed;

use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

use awsgen_runtime::BuildError;
use partnercentral::account::operations::{
    CancelConnectionError, GetConnectionError, ListConnectionsError, PartnerCentralAccount,
};
use partnercentral::account::{
    CancelConnectionRequest, CancelConnectionResponse, ConflictExceptionReason, ConnectionType,
    ConnectionTypeStatus, FieldValidationCode, GetConnectionRequest, GetConnectionResponse,
    ListConnectionsRequest, ListConnectionsResponse,
};
use serde_json::Value;

use crate::catalog::{Catalog, PerCatalog};
use crate::fingerprint::fingerprint;
use crate::pagination;
use crate::sync::Shared;
use connection::Connection;
use errors::{conflict, connection_not_found, internal, invalid_field};

/// `MaxResults` of `ListConnections` when absent; the model gives no default.
pub const DEFAULT_CONNECTIONS_PAGE_SIZE: usize = 20;
/// The largest `MaxResults`: the `MaxResults` shape's range is `1..=100`.
pub const MAX_CONNECTIONS_PAGE_SIZE: usize = 100;

/// The Partner Central Account API, in memory. Implements [`PartnerCentralAccount`]:
/// `GetConnection`, `ListConnections` and `CancelConnection`; every other operation
/// answers the generated `NotImplemented`.
///
/// The Account API has no operation that creates a connection directly, so an emulator
/// configured with [`EmulatorConfig::seed`](crate::EmulatorConfig::seed) starts with these:
///
/// | catalog | id | other account | types (other participant) |
/// |---|---|---|---|
/// | AWS | `pac-3k7m9p2q4r6s8` | 111122223333 | OPPORTUNITY_COLLABORATION (partner profile) |
/// | AWS | `pac-5t8v1w3x6y9z2` | 444455556666 | SUBSIDIARY (account) |
/// | AWS | `pac-7b4n6c8d2f5g1` | 777788889999 | OPPORTUNITY_COLLABORATION (seller profile), SUBSIDIARY (account) |
/// | AWS | `pac-9h2j4k6l8m1n3` | 210987654321 | OPPORTUNITY_COLLABORATION (partner profile), already CANCELED by the other side |
/// | Sandbox | `pac-2s4d6f8g1h3j5` | 111122223333 | OPPORTUNITY_COLLABORATION (partner profile) |
/// | Sandbox | `pac-4q6w8e1r3t5y7` | 444455556666 | SUBSIDIARY (account) |
/// | Sandbox | `pac-6z8x1c3v5b7n9` | 777788889999 | OPPORTUNITY_COLLABORATION (seller profile), SUBSIDIARY (account) |
///
/// - `ListConnections` lists every connection of the catalog in id order, canceled ones
///   included (their summaries say so), [`DEFAULT_CONNECTIONS_PAGE_SIZE`] a page unless
///   `MaxResults` says otherwise (at most [`MAX_CONNECTIONS_PAGE_SIZE`]). `ConnectionType`
///   keeps connections with that type (`TYPE:STATUS` also checks its status);
///   `OtherParticipantIdentifiers` keeps those whose other participant has one of these
///   account or profile ids.
/// - `CancelConnection` sets one type's `Status` to `CANCELED`, `CanceledAt` to now and
///   `CanceledBy` to the configured account. An unknown connection, or a type it does not
///   have: `ResourceNotFoundException` (`CONNECTION_NOT_FOUND`); a type already canceled:
///   `ConflictException` (`INCOMPATIBLE_CONNECTION_STATE`). A reused `ClientToken` answers
///   the first result for the same request, `ConflictException` (`CONFLICT_CLIENT_TOKEN`)
///   for another.
#[derive(Debug)]
pub struct AccountEmulator {
    /// The caller's account: who `CancelConnection` records as `CanceledBy`.
    account_id: String,
    state: Shared<PerCatalog<CatalogState>>,
}

#[derive(Debug, Default)]
struct CatalogState {
    /// By id, the order `ListConnections` returns them in.
    connections: BTreeMap<String, Connection>,
    /// `CancelConnection` client tokens: the fingerprint of the request that used the
    /// token first, and what it answered.
    tokens: HashMap<String, (u64, CancelConnectionResponse)>,
}

impl AccountEmulator {
    pub(crate) fn new(account_id: String, seeded: bool) -> Result<AccountEmulator, BuildError> {
        let mut catalogs = PerCatalog::<CatalogState>::default();
        if seeded {
            for (catalog, connection) in seed::connections()? {
                catalogs[catalog]
                    .connections
                    .insert(connection.id.clone(), connection);
            }
        }
        Ok(AccountEmulator {
            account_id,
            state: Shared::new(catalogs),
        })
    }

    /// How many connections `catalog` holds.
    pub fn connection_count_in(&self, catalog: Catalog) -> usize {
        self.state.read()[catalog].connections.len()
    }

    fn get(
        &self,
        request: &GetConnectionRequest,
    ) -> Result<GetConnectionResponse, GetConnectionError> {
        use GetConnectionError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        let state = self.state.read();
        let connection = state[catalog]
            .connections
            .get(&request.identifier)
            .ok_or_else(|| E::ResourceNotFoundException(missing(catalog, &request.identifier)))?;
        connection
            .details(catalog)
            .map_err(|error| E::InternalServerException(internal(error)))
    }

    /// A page of connections in id order, canceled ones included (their summaries say
    /// so), with the filters of [`Connection::matches`].
    fn list(
        &self,
        request: &ListConnectionsRequest,
    ) -> Result<ListConnectionsResponse, ListConnectionsError> {
        use ListConnectionsError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        let size = pagination::page_size(
            request.max_results,
            DEFAULT_CONNECTIONS_PAGE_SIZE,
            MAX_CONNECTIONS_PAGE_SIZE,
        )
        .map_err(|message| {
            E::ValidationException(invalid_field(
                "MaxResults",
                FieldValidationCode::InvalidValue,
                message,
            ))
        })?;
        let mut query = request.clone();
        query.max_results = None;
        query.next_token = None;
        let query = fingerprint(&query).ok_or_else(|| {
            E::InternalServerException(internal("the request cannot be fingerprinted"))
        })?;
        let after = match request.next_token.as_deref() {
            None | Some("") => None,
            Some(token) => {
                let position =
                    pagination::decode(token, query).and_then(|position| match position {
                        Value::String(id) => Ok(id),
                        _ => Err(pagination::TokenError::Malformed),
                    });
                let position = position.map_err(|error| {
                    E::ValidationException(invalid_field(
                        "NextToken",
                        FieldValidationCode::InvalidValue,
                        error.message(),
                    ))
                })?;
                Some(position)
            }
        };
        let state = self.state.read();
        let start = after.as_deref().map_or(Bound::Unbounded, Bound::Excluded);
        let mut matching = state[catalog]
            .connections
            .range::<str, _>((start, Bound::Unbounded))
            .map(|(_, connection)| connection)
            .filter(|connection| connection.matches(request));
        let page: Vec<&Connection> = matching.by_ref().take(size).collect();
        let next_token = match page.last() {
            Some(last) if matching.next().is_some() => {
                Some(pagination::encode(query, &Value::String(last.id.clone())))
            }
            _ => None,
        };
        let summaries = page
            .into_iter()
            .map(|connection| connection.summary(catalog))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| E::InternalServerException(internal(error)))?;
        ListConnectionsResponse::builder()
            .connection_summaries(summaries)
            .set_next_token(next_token)
            .build()
            .map_err(|error| E::InternalServerException(internal(error)))
    }

    /// Cancels one connection type: its `Status` becomes `CANCELED`, with `CanceledAt` now
    /// and `CanceledBy` this emulator's account. A type that is already canceled is a
    /// `ConflictException` (`INCOMPATIBLE_CONNECTION_STATE`, the model's reason for a
    /// connection in the wrong state); an unknown connection, or a type the connection
    /// does not have, is a `ResourceNotFoundException` (`CONNECTION_NOT_FOUND`). A retry
    /// with the same `ClientToken` and request answers what the first call answered; the
    /// same token with another request is a `ConflictException` (`CONFLICT_CLIENT_TOKEN`).
    fn cancel(
        &self,
        request: &CancelConnectionRequest,
    ) -> Result<CancelConnectionResponse, CancelConnectionError> {
        use CancelConnectionError as E;
        let catalog = errors::catalog(&request.catalog).map_err(E::ValidationException)?;
        if request.client_token.is_empty() {
            let code = FieldValidationCode::RequiredFieldMissing;
            return Err(E::ValidationException(invalid_field(
                "ClientToken",
                code,
                "must not be empty",
            )));
        }
        let kind = &request.connection_type;
        if !ConnectionType::VALUES.contains(&kind.as_str()) {
            let message = format!(
                "must be one of {}, found {:?}",
                awsgen_runtime::validate::quoted_list(ConnectionType::VALUES),
                kind.as_str()
            );
            return Err(E::ValidationException(invalid_field(
                "ConnectionType",
                FieldValidationCode::InvalidEnumValue,
                message,
            )));
        }
        let request_print = fingerprint(request).ok_or_else(|| {
            E::InternalServerException(internal("the request cannot be fingerprinted"))
        })?;
        let now = crate::now();
        let mut state = self.state.write();
        let state = &mut state[catalog];
        if let Some((first_print, first_response)) = state.tokens.get(&request.client_token) {
            if *first_print != request_print {
                let message = "Conflicting client token submitted for a new request body.";
                return Err(E::ConflictException(conflict(
                    ConflictExceptionReason::ConflictClientToken,
                    message,
                )));
            }
            return Ok(first_response.clone());
        }
        let id = &request.identifier;
        let current = state
            .connections
            .get(id)
            .ok_or_else(|| E::ResourceNotFoundException(missing(catalog, id)))?;
        // Change a copy and store it only once the answer is built: a failure changes nothing.
        let mut connection = current.clone();
        let detail = connection.types.get_mut(kind).ok_or_else(|| {
            E::ResourceNotFoundException(connection_not_found(format!(
                "Connection {id:?} has no {kind} connection type."
            )))
        })?;
        if detail.status == ConnectionTypeStatus::Canceled {
            let message =
                format!("The {kind} connection type of connection {id:?} is already canceled.");
            return Err(E::ConflictException(conflict(
                ConflictExceptionReason::IncompatibleConnectionState,
                message,
            )));
        }
        detail.status = ConnectionTypeStatus::Canceled;
        detail.canceled_at = Some(now);
        detail.canceled_by = Some(self.account_id.clone());
        connection.updated_at = now;
        let response = connection
            .canceled(catalog)
            .map_err(|error| E::InternalServerException(internal(error)))?;
        state.connections.insert(connection.id.clone(), connection);
        state.tokens.insert(
            request.client_token.clone(),
            (request_print, response.clone()),
        );
        Ok(response)
    }
}

fn missing(catalog: Catalog, id: &str) -> partnercentral::account::ResourceNotFoundException {
    connection_not_found(format!(
        "Connection {id:?} was not found in the {catalog} catalog."
    ))
}

impl PartnerCentralAccount for AccountEmulator {
    async fn call_get_connection(
        &self,
        input: GetConnectionRequest,
    ) -> Result<GetConnectionResponse, GetConnectionError> {
        self.get(&input)
    }

    async fn call_list_connections(
        &self,
        input: ListConnectionsRequest,
    ) -> Result<ListConnectionsResponse, ListConnectionsError> {
        self.list(&input)
    }

    async fn call_cancel_connection(
        &self,
        input: CancelConnectionRequest,
    ) -> Result<CancelConnectionResponse, CancelConnectionError> {
        self.cancel(&input)
    }
}
