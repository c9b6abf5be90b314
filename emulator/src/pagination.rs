//! Page sizes and `NextToken`s, shared by the list operations.
//!
//! A token names a position, not an offset: the sort key and id of the last item returned.
//! The next page starts after that position, so items created or changed between two calls
//! do not shift the pages. The token also carries the fingerprint of the query it was issued
//! for (the request without `MaxResults` and `NextToken`), so a token used with other
//! filters or another sort is refused rather than silently misapplied. It is hex, so it is
//! opaque to callers and matches the model's `[\S]+`.

use std::fmt::Write as _;

use serde_json::Value;

/// Why a `NextToken` was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenError {
    /// Not a token this emulator issued.
    Malformed,
    /// A token issued for a different query.
    OtherQuery,
}

impl TokenError {
    pub(crate) fn message(self) -> &'static str {
        match self {
            TokenError::Malformed => "is not a token this emulator issued",
            TokenError::OtherQuery => {
                "was issued for a different request: keep the filters and sort of the first page"
            }
        }
    }
}

/// The token for the page after `position`, for the query with fingerprint `query`.
pub(crate) fn encode(query: u64, position: &Value) -> String {
    let payload = position.to_string();
    let mut token = String::with_capacity(16 + 2 * payload.len());
    // Writing to a String cannot fail.
    let _ = write!(token, "{query:016x}");
    for byte in payload.bytes() {
        let _ = write!(token, "{byte:02x}");
    }
    token
}

/// The position a token names, if it was issued for the query with fingerprint `query`.
pub(crate) fn decode(token: &str, query: u64) -> Result<Value, TokenError> {
    let (issued_for, payload) = token.split_at_checked(16).ok_or(TokenError::Malformed)?;
    let issued_for = u64::from_str_radix(issued_for, 16).map_err(|_| TokenError::Malformed)?;
    let bytes = unhex(payload).ok_or(TokenError::Malformed)?;
    let position = serde_json::from_slice(&bytes).map_err(|_| TokenError::Malformed)?;
    if issued_for != query {
        return Err(TokenError::OtherQuery);
    }
    Ok(position)
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(text.get(at..at + 2)?, 16).ok())
        .collect()
}

/// The page size for `MaxResults`: `default` when absent, an error message when outside
/// `1..=max` (the model's range, which the dispatcher enforces for HTTP callers).
pub(crate) fn page_size(
    max_results: Option<i32>,
    default: usize,
    max: usize,
) -> Result<usize, String> {
    match max_results {
        None => Ok(default),
        Some(requested) => usize::try_from(requested)
            .ok()
            .filter(|size| (1..=max).contains(size))
            .ok_or_else(|| format!("must be between 1 and {max}, found {requested}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tokens_round_trip_and_are_bound_to_their_query() {
        let position = json!({"k": "Example Corp", "i": 1000000007});
        let token = encode(42, &position);
        assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(decode(&token, 42), Ok(position));
        assert_eq!(decode(&token, 43), Err(TokenError::OtherQuery));
    }

    #[test]
    fn malformed_tokens_are_refused() {
        for token in [
            "",
            "abc",
            "zzzzzzzzzzzzzzzz00",
            "000000000000002a7",
            "000000000000002a7b",
        ] {
            assert_eq!(decode(token, 42), Err(TokenError::Malformed), "{token:?}");
        }
        // Multi-byte characters must not split a hex pair (or panic).
        assert_eq!(decode("000000000000002aé", 42), Err(TokenError::Malformed));
    }

    #[test]
    fn page_sizes() {
        assert_eq!(page_size(None, 20, 100), Ok(20));
        assert_eq!(page_size(Some(100), 20, 100), Ok(100));
        assert!(page_size(Some(0), 20, 100).is_err());
        assert!(page_size(Some(101), 20, 100).is_err());
        assert!(page_size(Some(-1), 20, 100).is_err());
    }
}
