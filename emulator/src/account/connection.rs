//! A connection as the emulator stores it, and the views of it the operations return.

use std::collections::BTreeMap;

use awsgen_runtime::{BuildError, Timestamp};
use partnercentral::account::{
    CancelConnectionResponse, ConnectionSummary, ConnectionType, ConnectionTypeDetail,
    ConnectionTypeStatus, ConnectionTypeSummary, GetConnectionResponse, ListConnectionsRequest,
    Participant,
};

use crate::REGION;
use crate::catalog::Catalog;

/// A connection with another partner: one detail per connection type, each with its own
/// status and other participant.
#[derive(Debug, Clone)]
pub(crate) struct Connection {
    /// `pac-` and 13 letters or digits.
    pub(crate) id: String,
    pub(crate) other_participant_account_id: String,
    pub(crate) updated_at: Timestamp,
    pub(crate) types: BTreeMap<ConnectionType, ConnectionTypeDetail>,
}

/// `arn:aws:partnercentral:<region>::catalog/<Catalog>/connection/<Id>`: the model's
/// `ConnectionArn` pattern has no account field.
pub(crate) fn arn(catalog: Catalog, id: &str) -> String {
    format!("arn:aws:partnercentral:{REGION}::catalog/{catalog}/connection/{id}")
}

impl Connection {
    pub(crate) fn details(&self, catalog: Catalog) -> Result<GetConnectionResponse, BuildError> {
        GetConnectionResponse::builder()
            .catalog(catalog.as_str())
            .id(self.id.clone())
            .arn(arn(catalog, &self.id))
            .other_participant_account_id(self.other_participant_account_id.clone())
            .updated_at(self.updated_at)
            .connection_types(self.types.clone())
            .build()
    }

    pub(crate) fn canceled(
        &self,
        catalog: Catalog,
    ) -> Result<CancelConnectionResponse, BuildError> {
        CancelConnectionResponse::builder()
            .catalog(catalog.as_str())
            .id(self.id.clone())
            .arn(arn(catalog, &self.id))
            .other_participant_account_id(self.other_participant_account_id.clone())
            .updated_at(self.updated_at)
            .connection_types(self.types.clone())
            .build()
    }

    pub(crate) fn summary(&self, catalog: Catalog) -> Result<ConnectionSummary, BuildError> {
        let types = self
            .types
            .iter()
            .map(|(kind, detail)| {
                let summary = ConnectionTypeSummary::builder()
                    .status(detail.status.clone())
                    .other_participant(detail.other_participant.clone())
                    .build()?;
                Ok((kind.clone(), summary))
            })
            .collect::<Result<BTreeMap<_, _>, BuildError>>()?;
        ConnectionSummary::builder()
            .catalog(catalog.as_str())
            .id(self.id.clone())
            .arn(arn(catalog, &self.id))
            .other_participant_account_id(self.other_participant_account_id.clone())
            .updated_at(self.updated_at)
            .connection_types(types)
            .build()
    }

    /// Whether the connection passes `request`'s filters (all given filters must match).
    ///
    /// - `ConnectionType`: the connection has that type. The model's pattern,
    ///   `[a-zA-Z_-]+(:[a-zA-Z]+)?`, allows a `:suffix`; it is read as a status, so
    ///   `SUBSIDIARY:ACTIVE` keeps connections whose `SUBSIDIARY` type is active (case
    ///   ignored in the status).
    /// - `OtherParticipantIdentifiers` (an empty list filters nothing out): any of them is
    ///   the other participant's account id, or the id of a partner or seller profile of
    ///   the other participant in one of the connection's types.
    /// - Only active connections are listed, as the operation's documentation says ("Lists
    ///   active connections"): a connection whose every type is `CANCELED` is left out
    ///   (`GetConnection` still returns it), unless the `ConnectionType` filter asks for a
    ///   status by name (`RESELLER:CANCELED`).
    pub(crate) fn matches(&self, request: &ListConnectionsRequest) -> bool {
        let asks_for_status = request
            .connection_type
            .as_deref()
            .is_some_and(|filter| filter.contains(':'));
        let active = self
            .types
            .values()
            .any(|detail| detail.status != ConnectionTypeStatus::Canceled);
        if !active && !asks_for_status {
            return false;
        }
        let type_matches = request.connection_type.as_deref().is_none_or(|filter| {
            let (kind, status) = match filter.split_once(':') {
                Some((kind, status)) => (kind, Some(status)),
                None => (filter, None),
            };
            self.types
                .get(&ConnectionType::from(kind))
                .is_some_and(|detail| {
                    status.is_none_or(|status| detail.status.as_str().eq_ignore_ascii_case(status))
                })
        });
        let participant_matches = request
            .other_participant_identifiers
            .as_deref()
            .filter(|identifiers| !identifiers.is_empty())
            .is_none_or(|identifiers| {
                identifiers
                    .iter()
                    .any(|identifier| self.involves(identifier))
            });
        type_matches && participant_matches
    }

    fn involves(&self, identifier: &str) -> bool {
        self.other_participant_account_id == identifier
            || self
                .types
                .values()
                .any(|detail| match &detail.other_participant {
                    Participant::PartnerProfile(profile) => profile.id == identifier,
                    Participant::SellerProfile(profile) => profile.id == identifier,
                    _ => false,
                })
    }
}
