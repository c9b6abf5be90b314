//! The request of a call: its input encoded (token filled, validated, streaming body taken
//! out, compressed, checksummed) for its endpoint, then signed for each attempt.

use std::sync::Arc;
use std::time::SystemTime;

use bytes::Bytes;
use http::HeaderValue;

use super::checksum::Algorithm;
use super::endpoint::Target;
use super::{Client, sign, uuid_v4};
use crate::protocol::client::encode_request_at;
use crate::{ByteStream, CallFailure, Operation, Validate};

/// An encoded input, ready to be signed and sent as many times as needed.
pub(super) struct Prepared {
    pub(super) method: &'static str,
    /// The endpoint: the client's, or the one the operation's endpoint parameters give.
    pub(super) target: Arc<Target>,
    /// The request URI: the endpoint's, with the protocol's path under it.
    pub(super) uri: String,
    /// The `host` header, where a host prefix changed it from the endpoint's.
    pub(super) host: Option<String>,
    pub(super) headers: Vec<(String, String)>,
    /// The body: the encoded input, or the input's streaming payload.
    pub(super) body: ByteStream,
    /// How the body is signed.
    pub(super) payload: PayloadSigning,
    /// A flexible checksum still to compute (a body in memory has its header already).
    pub(super) checksum: Option<BodyChecksum>,
    /// The request asks for the response's checksum (`x-amz-checksum-mode: ENABLED`): the
    /// client checks the body against it, for these algorithms (the model's names).
    pub(super) validate_response: Option<&'static [&'static str]>,
    /// Sending the request twice cannot act twice: the operation is read-only or
    /// idempotent, or its input carries an idempotency token.
    pub(super) replay_safe: bool,
    /// The operation's modeled errors and how each is retried.
    pub(super) modeled_errors: &'static [(&'static str, crate::ModeledRetry)],
    /// The response's body is the output's streaming payload: handed over unread.
    pub(super) streaming_output: bool,
    /// See `Operation::UNSIGNED`: sent without a signature or credentials.
    pub(super) unsigned: bool,
    /// See `Operation::ERROR_IN_200`.
    #[cfg(feature = "rest-xml")]
    pub(super) error_in_200: bool,
}

/// How a request's body enters its signature.
#[derive(Debug, Clone)]
pub(super) enum PayloadSigning {
    /// Hash the bytes in memory.
    Memory,
    /// A file body, to hash by reading it through once before the first attempt; then
    /// [`PayloadSigning::Sha256`].
    ReadFirst,
    /// The SHA-256 (hex) of a file body.
    Sha256(String),
    /// `UNSIGNED-PAYLOAD`: a body read once cannot be hashed before it is sent, and S3
    /// takes a file over HTTPS without reading it twice (as botocore sends it).
    Unsigned,
    /// `STREAMING-UNSIGNED-PAYLOAD-TRAILER`: an `aws-chunked` body whose checksum follows it.
    UnsignedTrailer,
}

/// A flexible checksum of a body not in memory, or sent `aws-chunked`.
#[derive(Debug, Clone, Copy)]
pub(super) enum BodyChecksum {
    /// Summed while reading a file through before the first attempt, then sent as a header.
    ReadFirst(Algorithm),
    /// Summed while sending, in the `aws-chunked` trailer (S3 uploads over HTTPS).
    Trailer(Algorithm),
}

impl Client {
    /// Fills tokens, validates and encodes: everything that depends on `O`.
    pub(super) fn prepare<O: Operation>(
        &self,
        input: &mut O::Input,
    ) -> Result<Prepared, CallFailure> {
        if O::EVENT_STREAM {
            return Err(CallFailure::Unsupported(format!(
                "{} sends or receives an event stream, whose framing this client does not \
                 implement yet",
                O::NAME
            )));
        }
        let mut token_failure = None;
        let provider = self.inner.config.idempotency_token;
        O::fill_idempotency_token(input, &mut || {
            if let Some(provider) = provider {
                return provider();
            }
            uuid_v4().unwrap_or_else(|failure| {
                token_failure = Some(failure);
                String::new()
            })
        });
        if let Some(failure) = token_failure {
            return Err(failure);
        }
        if let Some(policy) = self.inner.config.validation {
            input.validate(policy).map_err(CallFailure::InvalidInput)?;
        }
        // A streaming payload is the body itself, sent as it is read.
        let stream = O::take_input_stream(input);
        // S3: where the rules place the bucket (host or path), the URI leaves it out.
        let without_bucket = O::BUCKET_IN_ENDPOINT
            && (self.inner.rules.as_ref()).is_some_and(|rules| rules.declares("Bucket"));
        let mut encoded = encode_request_at::<O>(input, without_bucket)?;
        if let Some(stream) = &stream {
            if O::REQUIRES_LENGTH && stream.length().is_none() {
                return Err(CallFailure::Unsupported(format!(
                    "{} needs the length of its streaming body before sending it: give the \
                     length to ByteStream::from_stream, or use bytes or a file",
                    O::NAME
                )));
            }
            let has_content_type = encoded
                .headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
            if !has_content_type && stream.length() != Some(0) {
                encoded.headers.push((
                    "content-type".to_owned(),
                    "application/octet-stream".to_owned(),
                ));
            }
        }
        // A streaming payload is not compressed: `@requestCompression` is for documents.
        if O::GZIP_REQUEST
            && stream.is_none()
            && let Some(min_size) = self.inner.config.request_compression
            && encoded.body.len() >= min_size
        {
            encoded.body = gzip(&encoded.body)?;
            // A `Content-Encoding` the input gives comes first; gzip is applied last.
            match encoded
                .headers
                .iter_mut()
                .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
            {
                Some((_, value)) => value.push_str(", gzip"),
                None => encoded
                    .headers
                    .push(("content-encoding".to_owned(), "gzip".to_owned())),
            }
        }
        if O::CHECKSUM_REQUIRED {
            use base64::Engine as _;
            use md5::Digest as _;
            let body = match &stream {
                None => &encoded.body[..],
                Some(stream) => stream.as_bytes().ok_or_else(|| {
                    CallFailure::Unsupported(format!(
                        "{} needs the MD5 of its body before sending it: give the streaming \
                         body as bytes in memory",
                        O::NAME
                    ))
                })?,
            };
            let digest = md5::Md5::digest(body);
            let value = base64::engine::general_purpose::STANDARD.encode(digest);
            encoded.headers.push(("content-md5".to_owned(), value));
        }
        // The response's checksum: asked for by default (botocore's
        // `response_checksum_validation = when_supported`), checked whenever asked for.
        let mut validate_response = None;
        if let Some(mode) = O::HTTP_CHECKSUM.and_then(|c| c.validation_mode_header) {
            let asked = encoded.headers.iter().any(|(name, value)| {
                name.eq_ignore_ascii_case(mode) && value.eq_ignore_ascii_case("ENABLED")
            });
            if !asked && self.inner.config.checksum_when_supported {
                encoded
                    .headers
                    .push((mode.to_owned(), "ENABLED".to_owned()));
            }
            if asked || self.inner.config.checksum_when_supported {
                validate_response = O::HTTP_CHECKSUM.map(|c| c.response_algorithms);
            }
        }
        let target = match O::HAS_ENDPOINT_PARAMS {
            true => Arc::new(self.resolve_endpoint(&|params| O::endpoint_params(input, params))?),
            false => self.inner.target.clone(),
        };
        let checksum = match O::HTTP_CHECKSUM {
            Some(checksum) => flexible_checksum(
                O::NAME,
                checksum,
                self.inner.config.checksum_when_supported,
                &mut encoded.headers,
                match &stream {
                    None => BodyKind::Document(&encoded.body),
                    Some(stream) => match stream.as_bytes() {
                        Some(bytes) => BodyKind::Payload(Some(bytes)),
                        None => BodyKind::Payload(None),
                    },
                },
                stream.as_ref().is_some_and(ByteStream::is_one_shot),
                s3_unsigned(&target),
            )?,
            None => None,
        };
        if let Some(BodyChecksum::Trailer(algorithm)) = checksum {
            let length = stream.as_ref().and_then(ByteStream::length);
            super::aws_chunked::headers(&mut encoded.headers, algorithm, length);
        }
        // The endpoint's URI ends with `/`; the protocol's path starts with one.
        let path = encoded.path.trim_start_matches('/');
        let mut uri = match without_bucket && (path.is_empty() || path.starts_with('?')) {
            // A bucket-level request path-style (`https://host/bucket?list-type=2`), as
            // botocore sends it: no `/` after the bucket the endpoint's path ends with.
            true if !endpoint_path_is_root(&target.uri) => {
                format!("{}{path}", target.uri.trim_end_matches('/'))
            }
            _ => format!("{}{path}", target.uri),
        };
        let mut host = None;
        if let Some(prefix) = encoded.host_prefix {
            if let Some(start) = uri.find("://") {
                uri.insert_str(start + 3, &prefix);
            }
            host = Some(format!("{prefix}{}", target.host));
        }
        let body = stream.unwrap_or_else(|| ByteStream::from(encoded.body));
        let payload = match body.as_bytes() {
            _ if matches!(checksum, Some(BodyChecksum::Trailer(_))) => {
                PayloadSigning::UnsignedTrailer
            }
            Some(_) => PayloadSigning::Memory,
            // A file is hashed by reading it (in `exchange`), unless S3 takes it unsigned.
            None if !body.is_one_shot() && !s3_unsigned(&target) => PayloadSigning::ReadFirst,
            None => PayloadSigning::Unsigned,
        };
        Ok(Prepared {
            method: encoded.method,
            target,
            uri,
            host,
            headers: encoded.headers,
            body,
            payload,
            checksum,
            validate_response,
            replay_safe: O::READONLY || O::IDEMPOTENT || O::HAS_IDEMPOTENCY_TOKEN,
            modeled_errors: <O::Error as crate::OperationError>::MODELED_ERRORS,
            streaming_output: O::STREAMING_OUTPUT,
            unsigned: O::UNSIGNED,
            #[cfg(feature = "rest-xml")]
            error_in_200: O::ERROR_IN_200,
        })
    }

    /// The HTTP request `call` would send for `input` (idempotency tokens filled, validated
    /// as configured, encoded, and signed at `time`), without sending it: for looking at
    /// what goes on the wire, or sending it some other way.
    pub fn request_for<O: Operation>(
        &self,
        mut input: O::Input,
        time: SystemTime,
    ) -> Result<http::Request<Bytes>, CallFailure> {
        let prepared = self.prepare::<O>(&mut input)?;
        let Some(body) = prepared.body.as_bytes() else {
            return Err(CallFailure::Unsupported(
                "request_for needs a body in memory; this input's streaming body is a file or \
                 a stream"
                    .to_owned(),
            ));
        };
        let body = match prepared.checksum {
            Some(BodyChecksum::Trailer(algorithm)) => {
                super::aws_chunked::encode_bytes(body, algorithm)
            }
            _ => body.clone(),
        };
        let credentials = match prepared.unsigned {
            true => None,
            false => Some(
                (self.inner.credentials.as_ref())
                    .and_then(|cache| cache.cached())
                    .ok_or_else(|| {
                        CallFailure::Credentials(
                            "request_for signs with credentials already at hand: static keys, \
                             or a source the client has fetched from (call \
                             Client::load_credentials first)"
                                .to_owned(),
                        )
                    })?,
            ),
        };
        Ok(self
            .signed_request(&prepared, credentials.as_ref(), time)?
            .map(|_| body))
    }

    /// The HTTP request for `prepared`, signed at `time` with `credentials`; not signed
    /// without them (an unsigned operation).
    pub(super) fn signed_request(
        &self,
        prepared: &Prepared,
        credentials: Option<&super::Credentials>,
        time: SystemTime,
    ) -> Result<http::Request<ByteStream>, CallFailure> {
        let inner = &*self.inner;
        let target = &prepared.target;
        let length = prepared.body.length().map(|length| length.to_string());
        let mut headers = crate::protocol::header_refs(&prepared.headers);
        headers.push(("host", prepared.host.as_deref().unwrap_or(&target.host)));
        // A request without a body that does not usually carry one (`GET`, `DELETE`, ...)
        // has no `Content-Length`, as in botocore and Smithy's protocol tests. A stream of
        // unknown length goes out chunked.
        let carries_body = matches!(prepared.method, "POST" | "PUT" | "PATCH");
        let trailer = match prepared.checksum {
            Some(BodyChecksum::Trailer(algorithm)) => Some(algorithm),
            _ => None,
        };
        match length.as_deref() {
            Some("0") if !carries_body => {}
            // An `aws-chunked` body goes out chunked; its payload's length is in
            // `x-amz-decoded-content-length`.
            Some(_) if trailer.is_some() => {}
            Some(length) => headers.push(("content-length", length)),
            None => {}
        }
        headers.extend(target.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        let signed = match credentials {
            None => Vec::new(),
            Some(credentials) => {
                let scope = sign::Scope {
                    credentials,
                    region: &target.signing_region,
                    signing_name: &target.signing_name,
                    time,
                };
                let payload = match (&prepared.payload, prepared.body.as_bytes()) {
                    (PayloadSigning::Memory, Some(bytes)) => sign::Payload::Bytes(bytes),
                    (PayloadSigning::Sha256(hash), _) => sign::Payload::Sha256(hash),
                    (PayloadSigning::UnsignedTrailer, _) => sign::Payload::UnsignedTrailer,
                    (PayloadSigning::ReadFirst, _) => {
                        return Err(CallFailure::Signing(
                            "the body's SHA-256 was not computed before signing".to_owned(),
                        ));
                    }
                    _ => sign::Payload::Unsigned,
                };
                let request = sign::Request {
                    method: prepared.method,
                    uri: &prepared.uri,
                    headers: &headers,
                    payload,
                };
                sign::signing_headers(&scope, &request)?
            }
        };

        let mut builder = http::Request::builder()
            .method(prepared.method)
            .uri(&prepared.uri);
        let signed = signed.iter().map(|(n, v)| (*n, v.as_str()));
        for (name, value) in headers.into_iter().chain(signed) {
            let mut value = HeaderValue::from_str(value).map_err(|_| {
                CallFailure::Signing(format!("header `{name}` has a value HTTP cannot carry"))
            })?;
            value.set_sensitive(matches!(name, "authorization" | "x-amz-security-token"));
            builder = builder.header(name, value);
        }
        let body = match trailer {
            Some(algorithm) => super::aws_chunked::encode(prepared.body.clone(), algorithm),
            None => prepared.body.clone(),
        };
        builder
            .header("user-agent", &inner.user_agent)
            .body(body)
            .map_err(|error| CallFailure::Config(format!("cannot build the request: {error}")))
    }
}

/// Whether an endpoint URI (ending with `/`) has no path of its own.
fn endpoint_path_is_root(uri: &str) -> bool {
    let after_scheme = uri.split_once("://").map_or(uri, |(_, rest)| rest);
    after_scheme
        .find('/')
        .is_none_or(|slash| &after_scheme[slash..] == "/")
}

/// Whether S3 takes a body that is not in memory unsigned (`UNSIGNED-PAYLOAD`), as botocore
/// sends streaming uploads to it: over HTTPS, whose integrity makes hashing the body first
/// (reading a file twice) unnecessary.
fn s3_unsigned(target: &Target) -> bool {
    sign::is_s3(&target.signing_name) && target.uri.starts_with("https://")
}

/// A request body, as the flexible checksum sees it.
enum BodyKind<'a> {
    /// The encoded input.
    Document(&'a [u8]),
    /// The input's streaming payload: its bytes, when in memory.
    Payload(Option<&'a [u8]>),
}

/// The request side of `@httpChecksum`, as botocore decides it: the algorithm the input
/// names, else CRC32 when the service requires a checksum or the configuration asks for one
/// whenever supported (the algorithm header then says CRC32). A checksum the caller gave in
/// an `x-amz-checksum-*` header is kept. Where it goes:
/// - a streaming payload to S3 over HTTPS (`trailer`): in the `aws-chunked` trailer, summed
///   while sending, as botocore sends it;
/// - a body in memory: into `headers` now;
/// - a file: summed while reading it through before the first attempt;
/// - a body read once cannot be summed before it is sent, so it goes without one unless
///   the service requires it, and then the call is refused.
fn flexible_checksum(
    operation: &str,
    checksum: crate::schema::HttpChecksum,
    when_supported: bool,
    headers: &mut Vec<(String, String)>,
    body: BodyKind<'_>,
    one_shot: bool,
    trailer: bool,
) -> Result<Option<BodyChecksum>, CallFailure> {
    let trailer = trailer && matches!(body, BodyKind::Payload(_));
    if headers
        .iter()
        .any(|(name, _)| name.to_ascii_lowercase().starts_with("x-amz-checksum-"))
    {
        return Ok(None);
    }
    let named = checksum.algorithm_header.and_then(|header| {
        headers
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(header))
            .map(|(_, value)| value.clone())
    });
    let wanted = checksum.required || (checksum.algorithm_header.is_some() && when_supported);
    let algorithm = match named {
        Some(name) => Algorithm::from_name(&name).ok_or_else(|| {
            CallFailure::Unsupported(format!("{operation}: no checksum algorithm `{name}`"))
        })?,
        None if !wanted => return Ok(None),
        None if one_shot && !checksum.required && !trailer => return Ok(None),
        None => {
            if let Some(header) = checksum.algorithm_header {
                headers.push((header.to_owned(), Algorithm::DEFAULT.name().to_owned()));
            }
            Algorithm::DEFAULT
        }
    };
    match (body, one_shot) {
        _ if trailer => Ok(Some(BodyChecksum::Trailer(algorithm))),
        (BodyKind::Document(body) | BodyKind::Payload(Some(body)), _) => {
            let sum = super::checksum::checksum(algorithm, body);
            headers.push((algorithm.header().to_owned(), sum));
            Ok(None)
        }
        (BodyKind::Payload(None), false) => Ok(Some(BodyChecksum::ReadFirst(algorithm))),
        (BodyKind::Payload(None), true) => Err(CallFailure::Unsupported(format!(
            "{operation} needs the {} checksum of its body before sending it: give the body \
             as bytes or a file, or send it over HTTPS",
            algorithm.name()
        ))),
    }
}

/// The SHA-256 (hex) and the flexible checksum of a body that is not in memory, as asked,
/// read through once in chunks.
pub(super) async fn digests(
    mut body: ByteStream,
    sha256: bool,
    checksum: Option<Algorithm>,
) -> Result<(Option<String>, Option<String>), CallFailure> {
    use sha2::Digest as _;
    let mut hasher = sha256.then(sha2::Sha256::new);
    let mut summer = checksum.map(super::checksum::Hasher::new);
    while let Some(chunk) = body.next_chunk().await {
        let chunk = chunk.map_err(|error| {
            CallFailure::Config(format!("cannot read the request body to sign it: {error}"))
        })?;
        hasher.iter_mut().for_each(|h| h.update(&chunk));
        summer.iter_mut().for_each(|s| s.update(&chunk));
    }
    Ok((
        hasher.map(|h| hex(&h.finalize())),
        summer.map(super::checksum::Hasher::finish),
    ))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// `body` gzipped, for `@requestCompression`.
fn gzip(body: &[u8]) -> Result<Vec<u8>, CallFailure> {
    use std::io::Write as _;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(body)
        .and_then(|()| encoder.finish())
        .map_err(|error| CallFailure::Config(format!("cannot gzip the request body: {error}")))
}
