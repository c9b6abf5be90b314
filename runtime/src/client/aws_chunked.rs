//! The `aws-chunked` content encoding with a trailing checksum
//! (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), as botocore sends S3 streaming uploads over
//! HTTPS: the body goes out in frames (`<hex length>\r\n<bytes>\r\n`), summed as it is
//! read, and the checksum follows the last frame (`0\r\n<header>:<base64>\r\n\r\n`). A body
//! read once thus carries a checksum without being read twice or held in memory.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;

use super::checksum::{Algorithm, Hasher};
use crate::ByteStream;

/// The bytes of every frame but the last, as botocore frames a body (1 MiB reads): so a
/// body in memory, in a file or from a stream is framed the same way, and S3's minimum
/// frame size (8 KiB) is met.
pub const FRAME: usize = 1024 * 1024;

/// The headers an `aws-chunked` request adds to those of its payload, as botocore sets
/// them: the encoding (after any the caller gave), the trailer's name and the payload's
/// length before encoding, where it is known. The request's own `content-length` is left
/// out: the encoded body goes out chunked.
pub fn headers(headers: &mut Vec<(String, String)>, algorithm: Algorithm, length: Option<u64>) {
    match headers
        .iter_mut()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-encoding"))
    {
        Some((_, value)) => value.push_str(",aws-chunked"),
        None => headers.push(("content-encoding".to_owned(), "aws-chunked".to_owned())),
    }
    headers.push(("transfer-encoding".to_owned(), "chunked".to_owned()));
    headers.push(("x-amz-trailer".to_owned(), algorithm.header().to_owned()));
    if let Some(length) = length {
        headers.push((
            "x-amz-decoded-content-length".to_owned(),
            length.to_string(),
        ));
    }
}

/// `payload` encoded: a stream of frames, the trailer last.
pub fn encode(payload: ByteStream, algorithm: Algorithm) -> ByteStream {
    ByteStream::from_stream(
        Encoder {
            payload,
            pending: BytesMut::new(),
            hasher: Some(Hasher::new(algorithm)),
            algorithm,
        },
        None,
    )
}

/// `payload` (in memory) encoded at once: what [`encode`] streams.
pub fn encode_bytes(payload: &[u8], algorithm: Algorithm) -> Bytes {
    let mut hasher = Hasher::new(algorithm);
    let mut out = BytesMut::with_capacity(payload.len() + 64 + payload.len() / FRAME * 12);
    for frame in payload.chunks(FRAME) {
        hasher.update(frame);
        out.extend_from_slice(&self::frame(frame));
    }
    out.extend_from_slice(&trailer(algorithm, hasher));
    out.freeze()
}

fn frame(bytes: &[u8]) -> Bytes {
    let mut out = BytesMut::with_capacity(bytes.len() + 12);
    out.extend_from_slice(format!("{:x}\r\n", bytes.len()).as_bytes());
    out.extend_from_slice(bytes);
    out.extend_from_slice(b"\r\n");
    out.freeze()
}

fn trailer(algorithm: Algorithm, hasher: Hasher) -> Bytes {
    Bytes::from(format!(
        "0\r\n{}:{}\r\n\r\n",
        algorithm.header(),
        hasher.finish()
    ))
}

/// Frames of [`FRAME`] bytes from the payload's chunks, whatever their sizes; at most one
/// frame's bytes wait in memory.
struct Encoder {
    payload: ByteStream,
    pending: BytesMut,
    /// `None` once the trailer is out.
    hasher: Option<Hasher>,
    algorithm: Algorithm,
}

impl Stream for Encoder {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            let Some(hasher) = this.hasher.as_mut() else {
                return Poll::Ready(None);
            };
            if this.pending.len() >= FRAME {
                let bytes = this.pending.split_to(FRAME);
                hasher.update(&bytes);
                return Poll::Ready(Some(Ok(frame(&bytes))));
            }
            match Pin::new(&mut this.payload).poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(Some(Ok(chunk))) => this.pending.extend_from_slice(&chunk),
                Poll::Ready(None) if !this.pending.is_empty() => {
                    let bytes = this.pending.split();
                    hasher.update(&bytes);
                    return Poll::Ready(Some(Ok(frame(&bytes))));
                }
                Poll::Ready(None) => {
                    let hasher = this.hasher.take().expect("checked above");
                    return Poll::Ready(Some(Ok(trailer(this.algorithm, hasher))));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks_of(body: &[u8], size: usize) -> ByteStream {
        let chunks: Vec<io::Result<Bytes>> = body
            .chunks(size)
            .map(|c| Ok(Bytes::copy_from_slice(c)))
            .collect();
        ByteStream::from_stream(VecStream(chunks.into_iter()), None)
    }

    struct VecStream(std::vec::IntoIter<io::Result<Bytes>>);

    impl Stream for VecStream {
        type Item = io::Result<Bytes>;
        fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            Poll::Ready(self.0.next())
        }
    }

    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn a_small_body_is_one_frame_and_the_trailer() {
        let encoded = encode_bytes(b"Hello, world", Algorithm::Crc32);
        assert_eq!(
            &encoded[..],
            b"c\r\nHello, world\r\n0\r\nx-amz-checksum-crc32:55qpwg==\r\n\r\n"
        );
        let empty = encode_bytes(b"", Algorithm::Crc32);
        assert_eq!(&empty[..], b"0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n");
    }

    /// A stream of odd-sized chunks is framed as the same body in memory is.
    #[test]
    fn streams_frame_as_bytes_do() {
        let body: Vec<u8> = (0..(2 * FRAME + 12_345)).map(|i| (i % 251) as u8).collect();
        let expected = encode_bytes(&body, Algorithm::Sha256);
        for size in [1000, 64 * 1024, FRAME, 3 * FRAME] {
            let streamed =
                block_on(encode(chunks_of(&body, size), Algorithm::Sha256).collect()).unwrap();
            assert_eq!(streamed, expected, "chunks of {size}");
        }
        // Three frames, the last one short, then the trailer.
        let text = String::from_utf8_lossy(&expected);
        assert!(text.starts_with("100000\r\n"));
        assert!(text.contains("\r\n3039\r\n"));
        assert!(text.ends_with(&format!(
            "\r\n0\r\nx-amz-checksum-sha256:{}\r\n\r\n",
            super::super::checksum::checksum(Algorithm::Sha256, &body)
        )));
    }

    #[test]
    fn a_read_error_ends_the_stream_with_it() {
        let chunks = vec![
            Ok(Bytes::from_static(b"abc")),
            Err(io::Error::other("disk gone")),
        ];
        let stream = ByteStream::from_stream(VecStream(chunks.into_iter()), None);
        let error = block_on(encode(stream, Algorithm::Crc32).collect()).unwrap_err();
        assert_eq!(error.to_string(), "disk gone");
    }

    #[test]
    fn headers_follow_botocore() {
        let mut headers = vec![("Content-Encoding".to_owned(), "gzip".to_owned())];
        self::headers(&mut headers, Algorithm::Crc32c, Some(12));
        assert_eq!(
            headers,
            [
                ("Content-Encoding", "gzip,aws-chunked"),
                ("transfer-encoding", "chunked"),
                ("x-amz-trailer", "x-amz-checksum-crc32c"),
                ("x-amz-decoded-content-length", "12"),
            ]
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
        );
    }
}
