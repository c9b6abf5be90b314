//! Reading the `aws-chunked` content encoding (S3's streaming uploads, as botocore sends
//! `PutObject` over HTTPS; the client's encoder is `client::aws_chunked`): frames
//! `<hex length>[;chunk-signature=...]\r\n<bytes>\r\n`, a last frame `0\r\n`, trailers
//! `name:value\r\n`, and `\r\n`. The payload's declared length
//! (`x-amz-decoded-content-length`), the trailers `x-amz-trailer` announces and every
//! trailing `x-amz-checksum-*` are checked against the decoded bytes.

use super::DecodeError;
use crate::checksum::{Algorithm, checksum};

/// How long a frame header or trailer line may be: a length, a signature extension of 64
/// hex digits, a checksum header; far more is not `aws-chunked`.
const MAX_LINE: usize = 4096;

/// A body decoded: the payload and its trailers (names in lowercase).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub payload: Vec<u8>,
    pub trailers: Vec<(String, String)>,
}

/// Joins the frames of `body` and reads its trailers; the error says what is malformed.
pub fn decode(body: &[u8]) -> Result<Decoded, String> {
    let mut payload = Vec::with_capacity(body.len());
    let mut rest = body;
    loop {
        let (line, after) = line(rest).ok_or("aws-chunked: a frame header is cut short")?;
        let size_text = line.split(';').next().unwrap_or_default().trim();
        let size = (!size_text.is_empty() && size_text.len() <= 16)
            .then(|| usize::from_str_radix(size_text, 16).ok())
            .flatten()
            .ok_or_else(|| format!("aws-chunked: `{}` is not a frame header", quote(line)))?;
        rest = after;
        if size == 0 {
            break;
        }
        let frame = rest
            .get(..size)
            .filter(|_| rest.len() >= size.saturating_add(2))
            .ok_or_else(|| format!("aws-chunked: a frame of {size} bytes is cut short"))?;
        if &rest[size..size + 2] != b"\r\n" {
            return Err(format!(
                "aws-chunked: a frame of {size} bytes does not end with CRLF"
            ));
        }
        payload.extend_from_slice(frame);
        rest = &rest[size + 2..];
    }
    let mut trailers = Vec::new();
    loop {
        let (line, after) = line(rest).ok_or("aws-chunked: the trailers are cut short")?;
        rest = after;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("aws-chunked: `{}` is not a trailer", quote(line)))?;
        trailers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    if !rest.is_empty() {
        return Err(format!(
            "aws-chunked: {} bytes follow the end of the body",
            rest.len()
        ));
    }
    Ok(Decoded { payload, trailers })
}

/// The text before the first CRLF and the bytes after it; `None` when there is no CRLF
/// within [`MAX_LINE`] bytes or the line is not UTF-8.
fn line(bytes: &[u8]) -> Option<(&str, &[u8])> {
    let end = bytes
        .windows(2)
        .take(MAX_LINE)
        .position(|pair| pair == b"\r\n")?;
    Some((std::str::from_utf8(&bytes[..end]).ok()?, &bytes[end + 2..]))
}

fn quote(text: &str) -> String {
    text.chars().take(64).collect()
}

/// [`decode`], then the checks the headers ask for: the payload's length against
/// `x-amz-decoded-content-length`, every trailer `x-amz-trailer` names present, and each
/// `x-amz-checksum-*` trailer against the payload. The trailers join `headers` (but a
/// trailer signature, which only SigV4 reads), so that an input member bound to
/// `x-amz-checksum-crc32` reads the trailer as S3 does.
pub fn decode_checked(
    headers: &mut Vec<(String, String)>,
    body: &[u8],
) -> Result<Vec<u8>, DecodeError> {
    let Decoded { payload, trailers } = decode(body).map_err(DecodeError::Malformed)?;
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.trim())
    };
    if let Some(declared) = header("x-amz-decoded-content-length")
        && declared.parse::<u64>().ok() != u64::try_from(payload.len()).ok()
    {
        return Err(DecodeError::Malformed(format!(
            "aws-chunked: the body decodes to {} bytes, but x-amz-decoded-content-length says \
             {declared}",
            payload.len()
        )));
    }
    for announced in header("x-amz-trailer")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
    {
        if !trailers
            .iter()
            .any(|(name, _)| name.eq_ignore_ascii_case(announced))
        {
            return Err(DecodeError::Malformed(format!(
                "aws-chunked: the trailer {announced} that x-amz-trailer announces is missing"
            )));
        }
    }
    for (name, value) in &trailers {
        let Some(algorithm) = Algorithm::from_header(name) else {
            continue;
        };
        let got = checksum(algorithm, &payload);
        if got != *value {
            return Err(DecodeError::ChecksumMismatch(format!(
                "the {} of the body is {got}, but its trailer {name} says {value}",
                algorithm.name()
            )));
        }
    }
    headers.extend(
        trailers
            .into_iter()
            .filter(|(name, _)| name != "x-amz-trailer-signature"),
    );
    Ok(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO: &[u8] = b"c\r\nHello, world\r\n0\r\nx-amz-checksum-crc32:55qpwg==\r\n\r\n";

    fn headers(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn frames_and_trailers_as_botocore_sends_them() {
        let decoded = decode(HELLO).unwrap();
        assert_eq!(decoded.payload, b"Hello, world");
        assert_eq!(
            decoded.trailers,
            [("x-amz-checksum-crc32".to_owned(), "55qpwg==".to_owned())]
        );
        // Signed frames, several of them, no trailer.
        let signed = b"5;chunk-signature=ab12\r\nHello\r\n7;chunk-signature=cd34\r\n, world\r\n0;chunk-signature=ef56\r\n\r\n";
        let decoded = decode(signed).unwrap();
        assert_eq!(
            (decoded.payload.as_slice(), decoded.trailers.len()),
            (&b"Hello, world"[..], 0)
        );
        assert_eq!(decode(b"0\r\n\r\n").unwrap().payload, b"");
    }

    #[test]
    fn checked_against_the_headers_and_trailers() {
        let mut sent = headers(&[
            ("content-encoding", "aws-chunked"),
            ("x-amz-decoded-content-length", "12"),
            ("x-amz-trailer", "x-amz-checksum-crc32"),
        ]);
        assert_eq!(decode_checked(&mut sent, HELLO).unwrap(), b"Hello, world");
        assert_eq!(
            sent.last().unwrap(),
            &("x-amz-checksum-crc32".to_owned(), "55qpwg==".to_owned())
        );
        // SHA-256 in a trailer, as botocore sends it for `ChecksumAlgorithm: SHA256`.
        let sha = b"c\r\nHello, world\r\n0\r\nx-amz-checksum-sha256:SufDtqwL7/Zx76jPVzhhUcBuWMpTp42D82EHMWzsEl8=\r\n\r\n";
        assert!(decode_checked(&mut Vec::new(), sha).is_ok());
    }

    #[test]
    fn a_bad_trailer_checksum_is_a_mismatch() {
        let bad = b"c\r\nHello, world\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n";
        let error = decode_checked(&mut Vec::new(), bad).unwrap_err();
        assert_eq!(
            error,
            DecodeError::ChecksumMismatch(
                "the CRC32 of the body is 55qpwg==, but its trailer x-amz-checksum-crc32 says AAAAAA==".to_owned()
            )
        );
    }

    #[test]
    fn a_wrong_length_or_a_missing_trailer_is_malformed() {
        let mut sent = headers(&[("x-amz-decoded-content-length", "13")]);
        let error = decode_checked(&mut sent, HELLO).unwrap_err();
        assert!(error.to_string().contains("decodes to 12 bytes"), "{error}");
        let mut sent = headers(&[("x-amz-trailer", "x-amz-checksum-sha256")]);
        let error = decode_checked(&mut sent, HELLO).unwrap_err();
        assert!(
            error.to_string().contains("x-amz-checksum-sha256"),
            "{error}"
        );
    }

    #[test]
    fn truncated_or_malformed_frames_are_errors() {
        for cut in 0..HELLO.len() {
            let error = decode(&HELLO[..cut]).unwrap_err();
            assert!(error.starts_with("aws-chunked: "), "{cut}: {error}");
        }
        for (body, says) in [
            (&b"zz\r\nHello\r\n0\r\n\r\n"[..], "not a frame header"),
            (b"5\r\nHello!!0\r\n\r\n", "does not end with CRLF"),
            (b"ffffffffffffffff\r\nHello\r\n", "cut short"),
            (b"12345678901234567\r\n", "not a frame header"),
            (b"0\r\nno colon\r\n\r\n", "not a trailer"),
            (b"0\r\n\r\nextra", "follow the end"),
        ] {
            let error = decode(body).unwrap_err();
            assert!(error.contains(says), "{error}");
        }
    }
}
