//! The connections an emulator starts with (`EmulatorConfig::seed`): the Account API has
//! no operation that creates one directly, so they are what `GetConnection`,
//! `ListConnections` and `CancelConnection` work on. They are listed in the docs of
//! [`AccountEmulator`](super::AccountEmulator).
//!
//! Every value satisfies the model's patterns (`pac-[A-Za-z0-9]{13}`,
//! `pprofile-[A-Za-z0-9]{13}`, 12-digit account ids, ...), since callers send the ids back
//! and the dispatcher validates requests strictly. Times are fixed so runs are repeatable.

use std::collections::BTreeMap;

use awsgen_runtime::{BuildError, Timestamp};
use partnercentral::account::{
    AccountSummary, ConnectionType, ConnectionTypeDetail, ConnectionTypeStatus, Participant,
    PartnerProfileSummary, SellerProfileSummary,
};

use super::connection::Connection;
use crate::catalog::Catalog;

/// 2025-05-01T09:00:00Z.
const MAY_1: Timestamp = Timestamp::constant(1_746_090_000, 0);
/// 2025-06-15T14:30:00Z.
const JUNE_15: Timestamp = Timestamp::constant(1_749_997_800, 0);
/// 2025-08-20T08:00:00Z.
const AUGUST_20: Timestamp = Timestamp::constant(1_755_676_800, 0);

enum Who {
    Partner(&'static str, &'static str),
    Seller(&'static str, &'static str),
    Account(&'static str),
}

struct Type {
    kind: ConnectionType,
    created: Timestamp,
    inviter: (&'static str, &'static str),
    who: Who,
    /// When the other participant canceled it.
    canceled: Option<Timestamp>,
}

fn active(
    kind: ConnectionType,
    created: Timestamp,
    inviter: (&'static str, &'static str),
    who: Who,
) -> Type {
    Type {
        kind,
        created,
        inviter,
        who,
        canceled: None,
    }
}

const JANE: (&str, &str) = ("Jane Doe", "jane.doe@example.com");
const CARLOS: (&str, &str) = ("Carlos Salazar", "carlos.salazar@example.org");
const MARY: (&str, &str) = ("Mary Major", "mary.major@example.net");

/// The seed connections, each with its catalog.
pub(crate) fn connections() -> Result<Vec<(Catalog, Connection)>, BuildError> {
    use ConnectionType::{OpportunityCollaboration as Collaboration, Subsidiary};
    use Who::{Account, Partner, Seller};
    let table = vec![
        (
            Catalog::Aws,
            "pac-3k7m9p2q4r6s8",
            "111122223333",
            vec![active(
                Collaboration,
                MAY_1,
                JANE,
                Partner("pprofile-1a2b3c4d5e6f7", "AnyCompany Consulting"),
            )],
        ),
        (
            Catalog::Aws,
            "pac-5t8v1w3x6y9z2",
            "444455556666",
            vec![active(
                Subsidiary,
                MAY_1,
                CARLOS,
                Account("Example Corp EMEA"),
            )],
        ),
        (
            Catalog::Aws,
            "pac-7b4n6c8d2f5g1",
            "777788889999",
            vec![
                active(
                    Collaboration,
                    MAY_1,
                    MARY,
                    Seller("seller-prof-7c2e9a4b", "Octank Marketplace"),
                ),
                active(Subsidiary, JUNE_15, MARY, Account("Octank Holdings")),
            ],
        ),
        (
            Catalog::Aws,
            "pac-9h2j4k6l8m1n3",
            "210987654321",
            vec![Type {
                kind: Collaboration,
                created: MAY_1,
                inviter: JANE,
                who: Partner("pprofile-9z8y7x6w5v4u3", "Northwind Traders"),
                canceled: Some(AUGUST_20),
            }],
        ),
        (
            Catalog::Sandbox,
            "pac-2s4d6f8g1h3j5",
            "111122223333",
            vec![active(
                Collaboration,
                JUNE_15,
                JANE,
                Partner("pprofile-5e6f7g8h9i0j1", "AnyCompany Consulting (Sandbox)"),
            )],
        ),
        (
            Catalog::Sandbox,
            "pac-4q6w8e1r3t5y7",
            "444455556666",
            vec![active(
                Subsidiary,
                JUNE_15,
                CARLOS,
                Account("Example Corp Test"),
            )],
        ),
        (
            Catalog::Sandbox,
            "pac-6z8x1c3v5b7n9",
            "777788889999",
            vec![
                active(
                    Collaboration,
                    JUNE_15,
                    MARY,
                    Seller("seller-prof-test-01", "Octank Sandbox Store"),
                ),
                active(Subsidiary, JUNE_15, MARY, Account("Octank Test Holdings")),
            ],
        ),
    ];
    table
        .into_iter()
        .map(|(catalog, id, account, types)| {
            let updated_at = types
                .iter()
                .map(|t| t.canceled.unwrap_or(t.created))
                .max()
                .unwrap_or(MAY_1);
            let types = types
                .into_iter()
                .map(|t| Ok((t.kind.clone(), detail(t, account)?)))
                .collect::<Result<BTreeMap<_, _>, BuildError>>()?;
            let connection = Connection {
                id: id.to_owned(),
                other_participant_account_id: account.to_owned(),
                updated_at,
                types,
            };
            Ok((catalog, connection))
        })
        .collect()
}

fn detail(seed: Type, other_account: &str) -> Result<ConnectionTypeDetail, BuildError> {
    let other_participant = match seed.who {
        Who::Partner(id, name) => {
            Participant::PartnerProfile(PartnerProfileSummary::builder().id(id).name(name).build()?)
        }
        Who::Seller(id, name) => {
            Participant::SellerProfile(SellerProfileSummary::builder().id(id).name(name).build()?)
        }
        Who::Account(name) => Participant::Account(AccountSummary::builder().name(name).build()?),
    };
    let (status, canceled_by) = match seed.canceled {
        Some(_) => (
            ConnectionTypeStatus::Canceled,
            Some(other_account.to_owned()),
        ),
        None => (ConnectionTypeStatus::Active, None),
    };
    ConnectionTypeDetail::builder()
        .created_at(seed.created)
        .inviter_name(seed.inviter.0)
        .inviter_email(seed.inviter.1)
        .status(status)
        .set_canceled_at(seed.canceled)
        .set_canceled_by(canceled_by)
        .other_participant(other_participant)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use awsgen_runtime::validate::{Policy, Validate};
    use partnercentral::account::GetConnectionResponse;

    /// The seed passes the model's own output validation, ids and ARNs included.
    #[test]
    fn seed_satisfies_the_model() {
        let connections = connections().expect("the seed builds");
        assert!(connections.len() >= 6);
        for (catalog, connection) in &connections {
            let response: GetConnectionResponse =
                connection.details(*catalog).expect("details build");
            assert_eq!(
                response.validate(Policy::Strict).map_err(|e| e.to_string()),
                Ok(()),
                "{}",
                connection.id
            );
        }
    }
}
