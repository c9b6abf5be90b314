//! Request bodies as a server reads them: the content encodings a client applied for the
//! transfer (`Content-Encoding: gzip` for `@requestCompression`, `aws-chunked` for S3's
//! streaming uploads) undone, so that the protocol codecs see the bytes the input was
//! written to. Features `client` and `server` both build it (it is transport-free), so that
//! the compliance tests check it without a server.

pub mod aws_chunked;

use std::io::Read as _;

/// Why a request body cannot be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The body is not in the encoding it declares (a server answers 400).
    Malformed(String),
    /// The decoded body is larger than the limit (413): a small gzip body may inflate to
    /// any size, so decompression stops at the limit.
    TooLarge { limit: usize },
    /// A trailing checksum does not match the decoded body (400 `BadDigest`, as S3).
    ChecksumMismatch(String),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DecodeError::Malformed(message) | DecodeError::ChecksumMismatch(message) => {
                f.write_str(message)
            }
            DecodeError::TooLarge { limit } => {
                write!(f, "the request body exceeds the limit of {limit} bytes")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Undoes the encodings at the end of the request's `Content-Encoding` list, last applied
/// first: `aws-chunked` (its frames joined, its trailers checked and added to `headers`),
/// and `gzip` where `gzip` says the operation takes compressed requests (at most `limit`
/// bytes are inflated); `identity` is dropped. Decoding stops at the first other encoding,
/// and what is left of the list stays in the header: in S3's `gzip,aws-chunked` the `gzip`
/// is the object's own `Content-Encoding`, which the input reads, not a transfer encoding.
pub fn decode_request(
    headers: &mut Vec<(String, String)>,
    mut body: Vec<u8>,
    limit: usize,
    gzip: bool,
) -> Result<Vec<u8>, DecodeError> {
    let Some(index) = headers
        .iter()
        .position(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
    else {
        return Ok(body);
    };
    let mut codings: Vec<String> = headers[index]
        .1
        .split(',')
        .map(|coding| coding.trim().to_owned())
        .filter(|coding| !coding.is_empty())
        .collect();
    let before = codings.len();
    while let Some(last) = codings.last() {
        let last = last.to_ascii_lowercase();
        match last.as_str() {
            "aws-chunked" => body = aws_chunked::decode_checked(headers, &body)?,
            "gzip" | "x-gzip" if gzip => body = gunzip(&body, limit)?,
            "identity" => {}
            _ => break,
        }
        codings.pop();
    }
    if codings.len() != before {
        if codings.is_empty() {
            headers.remove(index);
        } else {
            headers[index].1 = codings.join(", ");
        }
    }
    Ok(body)
}

/// Inflates a gzip body (several members are read one after another, as RFC 1952 allows),
/// refusing as soon as it passes `limit` bytes.
pub fn gunzip(body: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::with_capacity(body.len().saturating_mul(4).min(limit).min(1 << 20));
    let bound = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    flate2::read::MultiGzDecoder::new(body)
        .take(bound)
        .read_to_end(&mut out)
        .map_err(|error| {
            DecodeError::Malformed(format!("the gzip body does not inflate: {error}"))
        })?;
    if out.len() > limit {
        return Err(DecodeError::TooLarge { limit });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn gzip_is_inflated_and_leaves_the_encodings_before_it() {
        let mut sent = headers(&[("Content-Encoding", "custom, gzip")]);
        let body = decode_request(&mut sent, gzip(b"Action=Op&Version=1"), 1024, true).unwrap();
        assert_eq!(body, b"Action=Op&Version=1");
        assert_eq!(sent, headers(&[("Content-Encoding", "custom")]));
        let mut sent = headers(&[("content-encoding", "GZIP")]);
        assert_eq!(
            decode_request(&mut sent, gzip(b"{}"), 1024, true).unwrap(),
            b"{}"
        );
        assert!(sent.is_empty(), "{sent:?}");
    }

    #[test]
    fn gzip_stays_where_the_operation_takes_no_compressed_requests() {
        let compressed = gzip(b"object");
        let mut sent = headers(&[("Content-Encoding", "gzip")]);
        let body = decode_request(&mut sent, compressed.clone(), 1024, false).unwrap();
        assert_eq!(
            (body, sent),
            (compressed, headers(&[("Content-Encoding", "gzip")]))
        );
    }

    #[test]
    fn a_gzip_bomb_hits_the_limit_not_memory() {
        // 64 MiB of zeros deflate to about 64 KiB.
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            encoder.write_all(&zeros).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        assert!(bomb.len() < 1 << 17, "{}", bomb.len());
        let mut sent = headers(&[("Content-Encoding", "gzip")]);
        let error = decode_request(&mut sent, bomb, 1 << 20, true).unwrap_err();
        assert_eq!(error, DecodeError::TooLarge { limit: 1 << 20 });
        // Exactly at the limit is fine.
        assert_eq!(gunzip(&gzip(&[7; 100]), 100).unwrap(), vec![7; 100]);
        assert!(matches!(
            gunzip(&gzip(&[7; 101]), 100),
            Err(DecodeError::TooLarge { .. })
        ));
    }

    /// `aws-chunked` last: its frames are joined first, then what came before it is
    /// decoded where it may be (S3 keeps an object's own `gzip`).
    #[test]
    fn aws_chunked_after_gzip() {
        let chunked = |payload: &[u8]| {
            let mut body = format!("{:x}\r\n", payload.len()).into_bytes();
            body.extend_from_slice(payload);
            body.extend_from_slice(b"\r\n0\r\n\r\n");
            body
        };
        let object = gzip(b"stored compressed");
        let mut sent = headers(&[("Content-Encoding", "gzip,aws-chunked")]);
        let body = decode_request(&mut sent, chunked(&object), 1024, false).unwrap();
        assert_eq!(
            (body, sent),
            (object.clone(), headers(&[("Content-Encoding", "gzip")]))
        );
        let mut sent = headers(&[("Content-Encoding", "gzip, aws-chunked")]);
        let body = decode_request(&mut sent, chunked(&object), 1024, true).unwrap();
        assert_eq!(
            (body.as_slice(), sent.len()),
            (&b"stored compressed"[..], 0)
        );
        // Inflated past the limit inside the frames: too large, however small the frames.
        let bomb = gzip(&[0; 1 << 16]);
        let mut sent = headers(&[("Content-Encoding", "gzip,aws-chunked")]);
        let error = decode_request(&mut sent, chunked(&bomb), 1 << 12, true).unwrap_err();
        assert_eq!(error, DecodeError::TooLarge { limit: 1 << 12 });
    }

    #[test]
    fn a_body_that_is_not_gzip_is_malformed() {
        let mut sent = headers(&[("Content-Encoding", "gzip")]);
        let error = decode_request(&mut sent, b"plain text".to_vec(), 1024, true).unwrap_err();
        assert!(
            matches!(&error, DecodeError::Malformed(m) if m.contains("gzip")),
            "{error}"
        );
        let mut cut = gzip(b"some text that is long enough");
        cut.truncate(cut.len() - 10);
        assert!(matches!(gunzip(&cut, 1024), Err(DecodeError::Malformed(_))));
    }

    #[test]
    fn unknown_and_identity_encodings() {
        let mut sent = headers(&[("Content-Encoding", "br, identity")]);
        let body = decode_request(&mut sent, b"x".to_vec(), 1024, true).unwrap();
        assert_eq!(
            (body, sent),
            (b"x".to_vec(), headers(&[("Content-Encoding", "br")]))
        );
    }
}
