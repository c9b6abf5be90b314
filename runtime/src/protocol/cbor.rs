//! Smithy RPC v2 CBOR bodies (feature `rpc-v2-cbor`), through ciborium and the generated
//! serde impls: the codecs see a binary serializer (`is_human_readable() == false`) and
//! write blobs as byte strings, timestamps as tag 1 epoch seconds and non-finite floats as
//! floats. Reading takes definite and indefinite lengths, half, single and double floats,
//! and tagged values.

use serde::Serialize;
use serde::de::DeserializeOwned;

pub use ciborium;

use super::{ErrorResponse, MESSAGE_KEYS, sanitize_error_code};

/// The CBOR encoding of `value`.
pub fn write<T: Serialize>(value: &T) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    ciborium::into_writer(value, &mut out).map_err(|error| error.to_string())?;
    Ok(out)
}

/// Reads one CBOR data item of type `T` (an empty body reads as an empty map). Bytes after
/// the item are an error, as for JSON.
pub fn read<T: DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let body: &[u8] = if body.is_empty() { &[0xa0] } else { body };
    let mut reader = body;
    let value: T = ciborium::from_reader(&mut reader).map_err(|error| format!(": {error}"))?;
    if !reader.is_empty() {
        return Err(format!(": {} bytes after the CBOR data item", reader.len()));
    }
    Ok(value)
}

/// Reads an error response: the code from the body's `__type` (the `X-Amzn-Errortype`
/// header is not part of this protocol, but is read first where a gateway sets it), the
/// message from `message`, `Message` or `errorMessage`.
pub fn parse_error(status: u16, error_type_header: Option<&str>, body: &[u8]) -> ErrorResponse {
    let map: Vec<(ciborium::Value, ciborium::Value)> = ciborium::from_reader(body)
        .ok()
        .and_then(|value: ciborium::Value| value.into_map().ok())
        .unwrap_or_default();
    let text = |key: &str| {
        map.iter().find_map(|(k, v)| match (k, v) {
            (ciborium::Value::Text(k), ciborium::Value::Text(v)) if k == key => Some(v.clone()),
            _ => None,
        })
    };
    let code = error_type_header
        .map(str::to_owned)
        .into_iter()
        .chain(text("__type"))
        .map(|raw| sanitize_error_code(&raw).to_owned())
        .find(|code| !code.is_empty());
    let message = MESSAGE_KEYS.iter().find_map(|key| text(key));
    ErrorResponse {
        status,
        code,
        message,
        body: body.to_vec(),
    }
}
