//! The two catalogs, and state kept apart per catalog.

use std::ops::{Index, IndexMut};

/// A Partner Central catalog: `AWS` (real opportunities) or `Sandbox` (testing). Every
/// operation names one, and the two never see each other's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Catalog {
    /// `AWS`.
    Aws,
    /// `Sandbox`.
    Sandbox,
}

impl Catalog {
    /// Both catalogs, in order.
    pub const ALL: [Catalog; 2] = [Catalog::Aws, Catalog::Sandbox];

    /// The catalog named exactly `name` (`AWS` or `Sandbox`, as the service spells them).
    pub fn parse(name: &str) -> Option<Catalog> {
        match name {
            "AWS" => Some(Catalog::Aws),
            "Sandbox" => Some(Catalog::Sandbox),
            _ => None,
        }
    }

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Catalog::Aws => "AWS",
            Catalog::Sandbox => "Sandbox",
        }
    }

    fn index(self) -> usize {
        match self {
            Catalog::Aws => 0,
            Catalog::Sandbox => 1,
        }
    }
}

impl std::fmt::Display for Catalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One value per catalog. All state is reached through this index, so no lookup can cross
/// from one catalog into the other.
#[derive(Debug, Default)]
pub(crate) struct PerCatalog<T>([T; 2]);

impl<T> PerCatalog<T> {
    pub(crate) fn iter(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }
}

impl<T> Index<Catalog> for PerCatalog<T> {
    type Output = T;

    fn index(&self, catalog: Catalog) -> &T {
        &self.0[catalog.index()]
    }
}

impl<T> IndexMut<Catalog> for PerCatalog<T> {
    fn index_mut(&mut self, catalog: Catalog) -> &mut T {
        &mut self.0[catalog.index()]
    }
}
