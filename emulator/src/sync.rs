//! A read-write lock that cannot poison.

use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// State shared by concurrent requests.
///
/// A panic while the lock is held would poison a plain `RwLock` and turn every later
/// request into a panic too. Every mutation here is completed before anything that could
/// panic runs, so the state behind a poisoned lock is still consistent: take it back.
#[derive(Debug, Default)]
pub(crate) struct Shared<T>(RwLock<T>);

impl<T> Shared<T> {
    pub(crate) fn new(value: T) -> Self {
        Shared(RwLock::new(value))
    }

    pub(crate) fn read(&self) -> RwLockReadGuard<'_, T> {
        self.0.read().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn write(&self) -> RwLockWriteGuard<'_, T> {
        self.0.write().unwrap_or_else(PoisonError::into_inner)
    }
}
