//! Reading the JSON documents that carry credentials (a credential process's output, a
//! container endpoint's and IMDS's answers) without ever quoting a value: an error says
//! which member is wrong, not what it holds, since that may be a secret.

use std::time::SystemTime;

use awsgen_runtime::client::{Clock, Credentials, CredentialsError};
use serde_json::{Map, Value};

/// The JSON object in `bytes`, or why it is not one (position only).
pub(crate) fn parse_object(bytes: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("JSON but not an object".to_owned()),
        // The error's position, never its text: serde_json's messages may quote input.
        Err(error) => Err(format!(
            "not JSON (line {} column {})",
            error.line(),
            error.column()
        )),
    }
}

/// A member that must be a string, if present.
pub(crate) fn optional_string(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, String> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value.clone())),
        Some(_) => Err(format!("`{key}` is not a string")),
    }
}

/// A member that must be a present string.
pub(crate) fn required_string(map: &Map<String, Value>, key: &str) -> Result<String, String> {
    optional_string(map, key)?.ok_or_else(|| format!("`{key}` is missing"))
}

/// An RFC 3339 timestamp (`2030-01-01T00:00:00Z`, offsets and fractions allowed).
pub(crate) fn parse_timestamp(text: &str) -> Result<SystemTime, String> {
    text.parse::<jiff::Timestamp>()
        .map(SystemTime::from)
        .map_err(|_| "not an RFC 3339 timestamp".to_owned())
}

/// Credentials from the members `AccessKeyId`, `SecretAccessKey`, `token` (`SessionToken`
/// or `Token`) and `Expiration`; with `token_required` / `expiry_required` those must be
/// there too (container endpoints and IMDS always send them).
pub(crate) fn credentials(
    map: &Map<String, Value>,
    token: &str,
    token_required: bool,
    expiry_required: bool,
) -> Result<Credentials, String> {
    let access_key_id = required_string(map, "AccessKeyId")?;
    let secret = required_string(map, "SecretAccessKey")?;
    let session_token = if token_required {
        Some(required_string(map, token)?)
    } else {
        optional_string(map, token)?
    };
    let expiration = if expiry_required {
        Some(required_string(map, "Expiration")?)
    } else {
        optional_string(map, "Expiration")?
    };
    let mut credentials = Credentials::new(access_key_id, secret, session_token);
    if let Some(expiration) = expiration {
        let expiry =
            parse_timestamp(&expiration).map_err(|why| format!("`Expiration` is {why}"))?;
        credentials = credentials.with_expiry(expiry);
    }
    Ok(credentials)
}

/// `credentials`, unless they have already expired by `clock`: a source that hands out
/// expired credentials is failing (botocore raises on them at first use).
pub(crate) fn check_unexpired(
    source: &str,
    credentials: Credentials,
    clock: &dyn Clock,
) -> Result<Credentials, CredentialsError> {
    match credentials.expiry() {
        Some(expiry) if expiry <= clock.now() => Err(CredentialsError::failed(
            source,
            format!(
                "the credentials expired at {}",
                jiff::Timestamp::try_from(expiry)
                    .map(|t| t.to_string())
                    .unwrap_or_else(|_| "an unrepresentable time".to_owned())
            ),
        )),
        _ => Ok(credentials),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_never_quote_the_document() {
        let error =
            parse_object(br#"{"AccessKeyId": "AKID", "SecretAccessKey": "SECRET" "#).unwrap_err();
        assert!(
            !error.contains("SECRET") && error.contains("line 1"),
            "{error}"
        );
        let map = parse_object(
            br#"{"AccessKeyId": "AKID", "SecretAccessKey": 7, "Expiration": "SECRETISH"}"#,
        )
        .unwrap();
        let error = credentials(&map, "SessionToken", false, false).unwrap_err();
        assert_eq!(error, "`SecretAccessKey` is not a string");
        let map = parse_object(
            br#"{"AccessKeyId": "AKID", "SecretAccessKey": "S", "Expiration": "SECRETISH"}"#,
        )
        .unwrap();
        let error = credentials(&map, "SessionToken", false, false).unwrap_err();
        assert_eq!(error, "`Expiration` is not an RFC 3339 timestamp");
    }

    #[test]
    fn timestamps_in_the_forms_the_sources_write() {
        for text in [
            "2030-01-01T00:00:00Z",
            "2030-01-01T00:00:00.000Z",
            "2030-01-01T01:00:00+01:00",
        ] {
            let at = parse_timestamp(text).unwrap();
            assert_eq!(
                jiff::Timestamp::try_from(at).unwrap().to_string(),
                "2030-01-01T00:00:00Z"
            );
        }
        assert!(parse_timestamp("2030-01-01 00:00:00").is_err());
    }
}
