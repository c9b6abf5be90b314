//! Flexible checksums (`@httpChecksum`, S3's): the request body's CRC32 (the default),
//! CRC32C, CRC64NVME, SHA-1 or SHA-256, base64 in `x-amz-checksum-<algorithm>`, as botocore
//! sends them; and the response's, checked against its body (streamed bodies as they are
//! read). Features `client` and `server` (which checks the checksum trailer of an
//! `aws-chunked` request body) both build it.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use sha1::Digest as _;

/// A checksum algorithm of `@httpChecksum`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Crc32,
    Crc32c,
    Crc64Nvme,
    Sha1,
    Sha256,
}

impl Algorithm {
    /// The algorithm a request uses when the caller names none, as in botocore.
    pub const DEFAULT: Algorithm = Algorithm::Crc32;

    /// Reads a name as the model's enum spells it (`CRC32`, `CRC64NVME`, `SHA256`, ...),
    /// in any case.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        Some(match name.to_ascii_uppercase().as_str() {
            "CRC32" => Algorithm::Crc32,
            "CRC32C" => Algorithm::Crc32c,
            "CRC64NVME" => Algorithm::Crc64Nvme,
            "SHA1" => Algorithm::Sha1,
            "SHA256" => Algorithm::Sha256,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "CRC32",
            Algorithm::Crc32c => "CRC32C",
            Algorithm::Crc64Nvme => "CRC64NVME",
            Algorithm::Sha1 => "SHA1",
            Algorithm::Sha256 => "SHA256",
        }
    }

    /// The algorithm of a checksum header (`x-amz-checksum-crc32`, in any case).
    pub fn from_header(name: &str) -> Option<Algorithm> {
        let prefix = name.get(..15)?;
        if !prefix.eq_ignore_ascii_case("x-amz-checksum-") {
            return None;
        }
        Algorithm::from_name(&name[15..])
    }

    /// The header that carries the checksum.
    pub fn header(self) -> &'static str {
        match self {
            Algorithm::Crc32 => "x-amz-checksum-crc32",
            Algorithm::Crc32c => "x-amz-checksum-crc32c",
            Algorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            Algorithm::Sha1 => "x-amz-checksum-sha1",
            Algorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }
}

/// A checksum being computed over chunks.
pub enum Hasher {
    Crc32(crc32fast::Hasher),
    Crc32c(u32),
    Crc64Nvme(u64),
    Sha1(sha1::Sha1),
    Sha256(sha2::Sha256),
}

impl Hasher {
    pub fn new(algorithm: Algorithm) -> Hasher {
        match algorithm {
            Algorithm::Crc32 => Hasher::Crc32(crc32fast::Hasher::new()),
            Algorithm::Crc32c => Hasher::Crc32c(!0),
            Algorithm::Crc64Nvme => Hasher::Crc64Nvme(!0),
            Algorithm::Sha1 => Hasher::Sha1(sha1::Sha1::new()),
            Algorithm::Sha256 => Hasher::Sha256(sha2::Sha256::new()),
        }
    }

    pub fn update(&mut self, bytes: &[u8]) {
        match self {
            Hasher::Crc32(hasher) => hasher.update(bytes),
            Hasher::Crc32c(crc) => {
                for byte in bytes {
                    *crc = CRC32C[((*crc ^ u32::from(*byte)) & 0xff) as usize] ^ (*crc >> 8);
                }
            }
            Hasher::Crc64Nvme(crc) => {
                for byte in bytes {
                    *crc = CRC64NVME[((*crc ^ u64::from(*byte)) & 0xff) as usize] ^ (*crc >> 8);
                }
            }
            Hasher::Sha1(hasher) => hasher.update(bytes),
            Hasher::Sha256(hasher) => hasher.update(bytes),
        }
    }

    /// The checksum, base64 of its big-endian bytes, as the header carries it.
    pub fn finish(self) -> String {
        let bytes = match self {
            Hasher::Crc32(hasher) => hasher.finalize().to_be_bytes().to_vec(),
            Hasher::Crc32c(crc) => (!crc).to_be_bytes().to_vec(),
            Hasher::Crc64Nvme(crc) => (!crc).to_be_bytes().to_vec(),
            Hasher::Sha1(hasher) => hasher.finalize().to_vec(),
            Hasher::Sha256(hasher) => hasher.finalize().to_vec(),
        };
        BASE64.encode(bytes)
    }
}

/// The checksum of `body`, as the header carries it.
pub fn checksum(algorithm: Algorithm, body: &[u8]) -> String {
    let mut hasher = Hasher::new(algorithm);
    hasher.update(body);
    hasher.finish()
}

/// The table of a reflected CRC-32 with this (reflected) polynomial.
const fn crc32_table(polynomial: u32) -> [u32; 256] {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ polynomial
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// The table of a reflected CRC-64 with this (reflected) polynomial.
const fn crc64_table(polynomial: u64) -> [u64; 256] {
    let mut table = [0; 256];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u64;
        let mut bit = 0;
        while bit < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ polynomial
            } else {
                crc >> 1
            };
            bit += 1;
        }
        table[i] = crc;
        i += 1;
    }
    table
}

/// CRC-32C (Castagnoli).
static CRC32C: [u32; 256] = crc32_table(0x82F6_3B78);
/// CRC-64/NVME.
static CRC64NVME: [u64; 256] = crc64_table(0x9A6C_9329_AC4B_C9B5);

/// The algorithms a response's checksum is looked for in, most preferred first (botocore's
/// order).
const RESPONSE_PRIORITY: [Algorithm; 5] = [
    Algorithm::Crc64Nvme,
    Algorithm::Crc32c,
    Algorithm::Crc32,
    Algorithm::Sha1,
    Algorithm::Sha256,
];

/// The checksum a response carries for its whole body: the most preferred
/// `x-amz-checksum-*` header of the operation's response `algorithms` (the model's names). A
/// multipart upload's composite checksum (`...-3`) covers the parts, not the body, and is
/// not checked, as in botocore.
pub fn response_checksum(
    headers: &[(String, String)],
    algorithms: &[&str],
) -> Option<(Algorithm, String)> {
    let listed = |algorithm: &Algorithm| {
        algorithms
            .iter()
            .any(|name| name.eq_ignore_ascii_case(algorithm.name()))
    };
    RESPONSE_PRIORITY
        .iter()
        .filter(|a| listed(a))
        .find_map(|algorithm| {
            let (_, value) = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(algorithm.header()))?;
            (!value.contains('-')).then(|| (*algorithm, value.trim().to_owned()))
        })
}

/// Why a body does not match its checksum.
pub fn mismatch(algorithm: Algorithm, expected: &str, got: &str) -> String {
    format!(
        "the body's {} is {got}, but the response says {expected} ({}): it was damaged in \
         transit",
        algorithm.name(),
        algorithm.header()
    )
}

/// A streamed body checked against its checksum as it is read: its last item is an error
/// when they differ.
pub struct Validated {
    body: crate::ByteStream,
    hasher: Option<Hasher>,
    algorithm: Algorithm,
    expected: String,
}

impl Validated {
    pub fn new(body: crate::ByteStream, algorithm: Algorithm, expected: String) -> Validated {
        Validated {
            body,
            hasher: Some(Hasher::new(algorithm)),
            algorithm,
            expected,
        }
    }
}

impl futures_core::Stream for Validated {
    type Item = std::io::Result<bytes::Bytes>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = &mut *self;
        match std::pin::Pin::new(&mut this.body).poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(hasher) = &mut this.hasher {
                    hasher.update(&chunk);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(None) => match this.hasher.take().map(Hasher::finish) {
                Some(got) if got != this.expected => Poll::Ready(Some(Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    mismatch(this.algorithm, &this.expected, &got),
                )))),
                _ => Poll::Ready(None),
            },
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The check values of the CRC catalogue (the checksum of `123456789`) and of the hashes.
    #[test]
    fn known_values() {
        let check = |algorithm, hex: &str| {
            let digest = BASE64.decode(checksum(algorithm, b"123456789")).unwrap();
            let got: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            assert_eq!(got, hex, "{algorithm:?}");
        };
        check(Algorithm::Crc32, "cbf43926");
        check(Algorithm::Crc32c, "e3069283");
        check(Algorithm::Crc64Nvme, "ae8b14860a799888");
        check(Algorithm::Sha1, "f7c3bc1d808e04732adf679965ccc34ca7ae3441");
        check(
            Algorithm::Sha256,
            "15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225",
        );
        // S3's documentation example: CRC32 of "Hello world" is `i9aeUg==`.
        assert_eq!(checksum(Algorithm::Crc32, b"Hello world"), "i9aeUg==");
    }

    #[test]
    fn headers_name_their_algorithm() {
        assert_eq!(
            Algorithm::from_header("X-Amz-Checksum-SHA256"),
            Some(Algorithm::Sha256)
        );
        for other in [
            "x-amz-checksum-mode",
            "x-amz-checksum-",
            "x-amz-check",
            "content-md5",
        ] {
            assert_eq!(Algorithm::from_header(other), None, "{other}");
        }
    }

    #[test]
    fn chunks_give_the_same_checksum() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        for algorithm in [
            Algorithm::Crc32,
            Algorithm::Crc32c,
            Algorithm::Crc64Nvme,
            Algorithm::Sha1,
            Algorithm::Sha256,
        ] {
            let mut hasher = Hasher::new(algorithm);
            for chunk in data.chunks(333) {
                hasher.update(chunk);
            }
            assert_eq!(hasher.finish(), checksum(algorithm, &data));
            assert_eq!(
                Algorithm::from_name(&algorithm.name().to_lowercase()),
                Some(algorithm)
            );
            assert_eq!(Algorithm::from_header(algorithm.header()), Some(algorithm));
        }
    }
}
