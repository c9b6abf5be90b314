//! SigV4 request signing, by AWS's own `aws-sigv4` crate.
//!
//! This is the exact code path [`Client`](super::Client) signs with; it is public so that a
//! test can sign a request at a fixed time and compare with another signer (botocore's
//! `SigV4Auth`).
//!
//! The request headers given are signed as they are, plus `host` (from the URI, without a
//! default port, unless a `host` header is given), `x-amz-date` and, with a session token,
//! `x-amz-security-token`. `user-agent`, `authorization`, `x-amzn-trace-id` and
//! `transfer-encoding` are never signed: proxies may change them. The payload is hashed,
//! given by its hash, or `UNSIGNED-PAYLOAD` ([`Payload`]).
//!
//! S3 signs differently from every other service, as botocore's `S3SigV4Auth` does: its path
//! is neither normalized nor encoded a second time, and the payload's hash travels in
//! `x-amz-content-sha256` (see [`is_s3`]).

use std::time::{Duration, SystemTime};

use aws_sigv4::http_request::{
    PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign,
};
use aws_sigv4::sign::v4::SigningParams;
use aws_smithy_runtime_api::client::identity::Identity;

use super::Credentials;
use crate::CallFailure;

/// Who signs, for which region and service, and when.
#[derive(Debug, Clone, Copy)]
pub struct Scope<'a> {
    pub credentials: &'a Credentials,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name, e.g. `partnercentral-selling`.
    pub signing_name: &'a str,
    /// The request time: it is signed, and the service rejects a request more than a few
    /// minutes off its own clock.
    pub time: SystemTime,
}

/// A request to sign: method, URI as sent (already percent-encoded), headers and payload.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    pub method: &'a str,
    pub uri: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub payload: Payload<'a>,
}

/// How the body enters the signature.
#[derive(Debug, Clone, Copy)]
pub enum Payload<'a> {
    /// The body, hashed here.
    Bytes(&'a [u8]),
    /// The body's SHA-256 in lowercase hex, computed while reading it.
    Sha256(&'a str),
    /// `UNSIGNED-PAYLOAD`: a body that cannot be read before it is sent. S3 accepts it;
    /// most other services do not.
    Unsigned,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: an `aws-chunked` body, its checksum in the
    /// trailer (S3).
    UnsignedTrailer,
}

pub use crate::sigv4_rules::is_s3;

/// The last instant `time` (the crate that formats the date) can represent: 9999-12-31.
const LATEST: Duration = Duration::from_secs(253_402_300_799);

/// The headers to add to `request` so that it is signed: `x-amz-date`, `authorization`
/// and, with a session token, `x-amz-security-token`, in that order.
pub fn signing_headers(
    scope: &Scope<'_>,
    request: &Request<'_>,
) -> Result<Vec<(&'static str, String)>, CallFailure> {
    let failure = |message: String| CallFailure::Signing(message);
    // `aws-sigv4` expects (and would panic without) a host, and a time it can format.
    let uri: http::Uri = request
        .uri
        .parse()
        .map_err(|error| failure(format!("bad URI `{}`: {error}", request.uri)))?;
    let has_host_header = request
        .headers
        .iter()
        .any(|(name, _)| name.eq_ignore_ascii_case("host"));
    if uri.host().is_none() && !has_host_header {
        return Err(failure(format!("URI `{}` has no host", request.uri)));
    }
    match scope.time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(since) if since <= LATEST => {}
        _ => return Err(failure("signing time outside 1970..=9999".to_owned())),
    }

    let credentials = aws_credential_types::Credentials::new(
        scope.credentials.access_key_id(),
        scope.credentials.secret_access_key(),
        scope.credentials.session_token().map(str::to_owned),
        None,
        "awsgen",
    );
    let identity = Identity::from(credentials);
    let params = SigningParams::builder()
        .identity(&identity)
        .region(scope.region)
        .name(scope.signing_name)
        .time(scope.time)
        .settings(settings(scope.signing_name, request.payload))
        .build()
        .map_err(|error| failure(error.to_string()))?
        .into();
    let signable = SignableRequest::new(
        request.method,
        request.uri,
        request.headers.iter().copied(),
        match request.payload {
            Payload::Bytes(bytes) => SignableBody::Bytes(bytes),
            Payload::Sha256(hash) => SignableBody::Precomputed(hash.to_owned()),
            Payload::Unsigned => SignableBody::UnsignedPayload,
            Payload::UnsignedTrailer => SignableBody::StreamingUnsignedPayloadTrailer,
        },
    )
    .map_err(|error| failure(error.to_string()))?;
    let (instructions, _signature) = sign(signable, &params)
        .map_err(|error| failure(error.to_string()))?
        .into_parts();
    let (headers, _query) = instructions.into_parts();
    Ok(headers
        .into_iter()
        .map(|header| (header.name(), header.value().to_owned()))
        .collect())
}

/// The signing settings for a service: the defaults, or S3's rules. An unsigned payload
/// says so in `x-amz-content-sha256` for every service, as botocore does.
fn settings(signing_name: &str, payload: Payload<'_>) -> SigningSettings {
    let mut settings = crate::sigv4_rules::settings_for(signing_name);
    if is_s3(signing_name) || matches!(payload, Payload::Unsigned | Payload::UnsignedTrailer) {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    settings
}

/// The `authorization` header value [`signing_headers`] gives for `request`.
pub fn authorization_header(
    scope: &Scope<'_>,
    request: &Request<'_>,
) -> Result<String, CallFailure> {
    signing_headers(scope, request)?
        .into_iter()
        .find(|(name, _)| *name == "authorization")
        .map(|(_, value)| value)
        .ok_or_else(|| CallFailure::Signing("the signer gave no authorization header".to_owned()))
}
