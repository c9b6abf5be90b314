//! Fingerprints of requests: idempotency tokens and pagination tokens compare requests
//! without keeping a copy of them.

use std::hash::{DefaultHasher, Hasher};
use std::io;

use serde::Serialize;

/// A 64-bit hash of `value`'s wire form (its awsJson document), or `None` if it cannot be
/// serialized. Two requests that would be sent identically have the same fingerprint; the
/// document is hashed as it is written, never held in memory.
pub(crate) fn fingerprint<T: Serialize>(value: &T) -> Option<u64> {
    let mut writer = HashWriter(DefaultHasher::new());
    serde_json::to_writer(&mut writer, value).ok()?;
    Some(writer.0.finish())
}

/// `DefaultHasher::new` has fixed keys, so fingerprints are stable for the life of the
/// process, which is as long as the state they are compared with.
struct HashWriter(DefaultHasher);

impl io::Write for HashWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.write(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
