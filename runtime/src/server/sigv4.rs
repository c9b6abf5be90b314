//! SigV4 checking for a server that stands in for AWS (feature `verify-sigv4`): a request
//! is signed again, by AWS's own `aws-sigv4`, with the secret of the access key it names,
//! and its signature must be the one it carries. Tests point a client at such a server
//! with known test keys, so that a signing bug fails the test instead of passing unseen.
//!
//! What is checked, as AWS checks it: an `Authorization` header of the
//! `AWS4-HMAC-SHA256` form, a known access key, an `x-amz-date` within 15 minutes of the
//! server's clock and on the credential scope's day, and the signature over the method, the
//! path and query as received, the headers listed as signed, and the payload (its SHA-256,
//! or the `x-amz-content-sha256` the client declared). The answers are AWS's: 403
//! `MissingAuthenticationTokenException`, `UnrecognizedClientException` or
//! `InvalidSignatureException`.

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SignableRequest, sign};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;
use http::request::Parts;

/// The keys a server accepts, and how far a request's time may be from the server's.
#[derive(Clone)]
pub struct SignatureCheck {
    secrets: BTreeMap<String, String>,
    max_skew: Duration,
    now: fn() -> SystemTime,
}

impl std::fmt::Debug for SignatureCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignatureCheck")
            .field("access_keys", &self.secrets.keys().collect::<Vec<_>>())
            .field("max_skew", &self.max_skew)
            .finish_non_exhaustive()
    }
}

/// Why a request's signature was refused: the status, AWS's error code and a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
}

impl Default for SignatureCheck {
    fn default() -> Self {
        SignatureCheck::new()
    }
}

impl SignatureCheck {
    /// No keys yet (every request is refused), 15 minutes of skew, the system clock.
    pub fn new() -> SignatureCheck {
        SignatureCheck {
            secrets: BTreeMap::new(),
            max_skew: Duration::from_secs(15 * 60),
            now: SystemTime::now,
        }
    }

    /// Accepts requests signed with `access_key_id` and its `secret_access_key`.
    pub fn key(mut self, access_key_id: &str, secret_access_key: &str) -> SignatureCheck {
        self.secrets
            .insert(access_key_id.to_owned(), secret_access_key.to_owned());
        self
    }

    /// Reads the time from `now` instead of the system clock.
    pub fn clock(mut self, now: fn() -> SystemTime) -> SignatureCheck {
        self.now = now;
        self
    }

    /// Checks the signature of a request whose head is `parts` and whose body, as received
    /// (before any decoding), is `body`.
    pub fn check(&self, parts: &Parts, body: &[u8]) -> Result<(), Refusal> {
        let refuse = |status: u16, code: &'static str, message: String| Refusal {
            status,
            code,
            message,
        };
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
        };
        let Some(authorization) = header("authorization") else {
            return Err(refuse(
                403,
                "MissingAuthenticationTokenException",
                "Missing Authentication Token".to_owned(),
            ));
        };
        let signed = Authorization::parse(authorization).ok_or_else(|| {
            refuse(
                403,
                "IncompleteSignatureException",
                "The Authorization header is not AWS4-HMAC-SHA256 Credential=..., \
                 SignedHeaders=..., Signature=..."
                    .to_owned(),
            )
        })?;
        let Some(secret) = self.secrets.get(signed.access_key_id) else {
            return Err(refuse(
                403,
                "UnrecognizedClientException",
                "The security token included in the request is invalid.".to_owned(),
            ));
        };
        let invalid = |message: String| refuse(403, "InvalidSignatureException", message);
        let time = header("x-amz-date")
            .and_then(parse_amz_date)
            .ok_or_else(|| invalid("x-amz-date is missing or not YYYYMMDD'T'HHMMSS'Z'".into()))?;
        let date = header("x-amz-date")
            .unwrap_or_default()
            .get(..8)
            .unwrap_or_default();
        if date != signed.date {
            return Err(invalid(format!(
                "the credential scope's date {} is not the day of x-amz-date",
                signed.date
            )));
        }
        let now = (self.now)();
        let skew = now
            .duration_since(time)
            .unwrap_or_else(|early| early.duration());
        if skew > self.max_skew {
            return Err(invalid(
                "Signature expired: the request time is more than 15 minutes from the \
                 server's"
                    .to_owned(),
            ));
        }
        let expected = signature(parts, body, &signed, secret, time)
            .map_err(|error| invalid(format!("cannot sign the request again: {error}")))?;
        if !same(expected.as_bytes(), signed.signature.as_bytes()) {
            return Err(invalid(
                "The request signature we calculated does not match the signature you \
                 provided. Check your AWS Secret Access Key and signing method."
                    .to_owned(),
            ));
        }
        Ok(())
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

impl<'a> Authorization<'a> {
    fn parse(value: &'a str) -> Option<Authorization<'a>> {
        let rest = value.strip_prefix("AWS4-HMAC-SHA256 ")?;
        let mut credential = None;
        let mut signed_headers = None;
        let mut signature = None;
        for part in rest.split(',') {
            let (key, value) = part.trim().split_once('=')?;
            match key {
                "Credential" => credential = Some(value),
                "SignedHeaders" => signed_headers = Some(value),
                "Signature" => signature = Some(value),
                _ => return None,
            }
        }
        let mut scope = credential?.split('/');
        let (access_key_id, date, region, service, terminator) = (
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
            scope.next()?,
        );
        if terminator != "aws4_request" || scope.next().is_some() {
            return None;
        }
        Some(Authorization {
            access_key_id,
            date,
            region,
            service,
            signed_headers: signed_headers?.split(';').collect(),
            signature: signature?,
        })
    }
}

/// `20240101T000000Z` as a time.
fn parse_amz_date(value: &str) -> Option<SystemTime> {
    let time = jiff::civil::DateTime::strptime("%Y%m%dT%H%M%SZ", value).ok()?;
    let timestamp = time.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
    Some(SystemTime::from(timestamp))
}

/// The signature the client should have sent: the request signed again with the headers
/// it lists as signed (the signer adds `x-amz-date` and the session token itself).
fn signature(
    parts: &Parts,
    body: &[u8],
    signed: &Authorization<'_>,
    secret: &str,
    time: SystemTime,
) -> Result<String, String> {
    let mut headers: Vec<(&str, &str)> = Vec::new();
    for name in &signed.signed_headers {
        if matches!(*name, "x-amz-date" | "x-amz-security-token") {
            continue;
        }
        let values: Vec<&str> = (parts.headers.get_all(*name).iter())
            .filter_map(|value| value.to_str().ok())
            .collect();
        if values.is_empty() {
            return Err(format!("the signed header `{name}` is not in the request"));
        }
        headers.extend(values.into_iter().map(|value| (*name, value)));
    }
    let token = (parts.headers.get("x-amz-security-token"))
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let credentials = aws_credential_types::Credentials::new(
        signed.access_key_id,
        secret,
        token,
        None,
        "verify-sigv4",
    );
    let identity = Identity::from(credentials);
    let mut settings = crate::sigv4_rules::settings_for(signed.service);
    // `x-amz-content-sha256`, where signed, is among `headers` as the client sent it.
    settings.payload_checksum_kind = PayloadChecksumKind::NoHeader;
    let params = SigningParams::builder()
        .identity(&identity)
        .region(signed.region)
        .name(signed.service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|error| error.to_string())?
        .into();
    let declared = (parts.headers.get("x-amz-content-sha256")).and_then(|v| v.to_str().ok());
    let payload = match declared {
        Some("UNSIGNED-PAYLOAD") => SignableBody::UnsignedPayload,
        Some("STREAMING-UNSIGNED-PAYLOAD-TRAILER") => SignableBody::StreamingUnsignedPayloadTrailer,
        Some(hash) => SignableBody::Precomputed(hash.to_owned()),
        None => SignableBody::Bytes(body),
    };
    let uri = parts.uri.path_and_query().map_or("/", |path| path.as_str());
    let signable = SignableRequest::new(parts.method.as_str(), uri, headers.into_iter(), payload)
        .map_err(|error| error.to_string())?;
    let (instructions, signature) = sign(signable, &params)
        .map_err(|error| error.to_string())?
        .into_parts();
    drop(instructions);
    Ok(signature)
}

/// Equality that takes as long whatever the first difference (signatures are secrets of a
/// kind: a timing difference would leak how much of a guess is right).
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_an_authorization_header() {
        let header = "AWS4-HMAC-SHA256 Credential=AKID/20240229/us-east-1/s3/aws4_request, \
                      SignedHeaders=host;x-amz-date, Signature=abc123";
        let parsed = Authorization::parse(header).unwrap();
        assert_eq!(parsed.access_key_id, "AKID");
        assert_eq!(parsed.date, "20240229");
        assert_eq!(parsed.region, "us-east-1");
        assert_eq!(parsed.service, "s3");
        assert_eq!(parsed.signed_headers, ["host", "x-amz-date"]);
        assert_eq!(parsed.signature, "abc123");
        assert!(Authorization::parse("Bearer token").is_none());
        assert!(Authorization::parse("AWS4-HMAC-SHA256 Credential=AKID/x, Signature=a").is_none());
    }

    #[test]
    fn reads_amz_dates() {
        let time = parse_amz_date("20240229T123456Z").unwrap();
        assert_eq!(
            time.duration_since(SystemTime::UNIX_EPOCH)
                .unwrap()
                .as_secs(),
            1_709_210_096
        );
        assert!(parse_amz_date("2024-02-29T12:34:56Z").is_none());
    }

    /// Requests signed by the client's signer pass; each kind of damage is refused with
    /// AWS's code.
    #[cfg(feature = "client")]
    #[test]
    fn checks_what_the_client_signs() {
        use crate::client::Credentials;
        use crate::client::sign::{Payload, Request, Scope, signing_headers};

        const TIME: u64 = 1_709_210_096;
        fn now() -> SystemTime {
            SystemTime::UNIX_EPOCH + Duration::from_secs(TIME + 60)
        }
        let credentials = Credentials::new("AKIDTEST", "SECRET", Some("TOKEN".to_owned()));
        let sign = |service: &str, uri: &str, body: &[u8], payload: Payload<'_>| {
            let scope = Scope {
                credentials: &credentials,
                region: "us-east-1",
                signing_name: service,
                time: SystemTime::UNIX_EPOCH + Duration::from_secs(TIME),
            };
            let headers = [
                ("content-type", "application/x-amz-json-1.0"),
                ("x-amz-target", "S.Op"),
            ];
            let request = Request {
                method: "POST",
                uri,
                headers: &headers,
                payload,
            };
            let mut builder = http::Request::builder().method("POST").uri(uri);
            for (name, value) in headers {
                builder = builder.header(name, value);
            }
            builder = builder.header("host", "example.com");
            for (name, value) in signing_headers(&scope, &request).unwrap() {
                builder = builder.header(name, value);
            }
            let _ = body;
            builder.body(()).unwrap().into_parts().0
        };
        let check = SignatureCheck::new().key("AKIDTEST", "SECRET").clock(now);
        let body = br#"{"a":1}"#;
        let parts = sign(
            "svc",
            "https://example.com/a%20b?x=1&y=%2F",
            body,
            Payload::Bytes(body),
        );
        assert_eq!(check.check(&parts, body), Ok(()));
        // The body changed on the way.
        let refused = check.check(&parts, br#"{"a":2}"#).unwrap_err();
        assert_eq!(
            (refused.status, refused.code),
            (403, "InvalidSignatureException")
        );
        // Another secret.
        let other = SignatureCheck::new().key("AKIDTEST", "OTHER").clock(now);
        assert_eq!(
            other.check(&parts, body).unwrap_err().code,
            "InvalidSignatureException"
        );
        // An unknown key, no header, too old.
        let unknown = SignatureCheck::new().key("AKIDOTHER", "SECRET").clock(now);
        assert_eq!(
            unknown.check(&parts, body).unwrap_err().code,
            "UnrecognizedClientException"
        );
        let mut bare = parts.clone();
        bare.headers.remove("authorization");
        assert_eq!(
            check.check(&bare, body).unwrap_err().code,
            "MissingAuthenticationTokenException"
        );
        let late = check
            .clone()
            .clock(|| SystemTime::UNIX_EPOCH + Duration::from_secs(TIME + 3600));
        assert!(
            late.check(&parts, body)
                .unwrap_err()
                .message
                .starts_with("Signature expired")
        );
        // S3, unsigned payload: the body is not part of the signature.
        let parts = sign(
            "s3",
            "https://example.com/bucket/a%20b",
            body,
            Payload::Unsigned,
        );
        assert_eq!(check.check(&parts, b"anything"), Ok(()));
    }

    #[test]
    fn compares_in_full() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"ab"));
    }
}
