//! Streaming blobs (`@streaming`): bodies that travel as a sequence of chunks, such as S3's
//! `GetObject` and `PutObject` bodies, never held whole in memory unless the caller asks.
//!
//! A [`ByteStream`] has one of three sources:
//! - bytes in memory (`ByteStream::from` a `Vec<u8>`, `Bytes`, `String` and
//!   friends): sent as they are, signed by their hash, replayed on a retry;
//! - a file ([`ByteStream::from_path`], feature `client`): read in chunks for each attempt,
//!   so a retry reads it again, and signed by a hash read through it first (S3 over HTTPS
//!   takes it `UNSIGNED-PAYLOAD` instead, as botocore sends it);
//! - chunks from elsewhere ([`ByteStream::from_stream`], and every streamed response body):
//!   read once. A request with such a body is sent unsigned (`UNSIGNED-PAYLOAD`) and is
//!   not retried once its chunks have been taken.
//!
//! A `ByteStream` is a [`Stream`] of [`Bytes`] chunks; [`ByteStream::collect`] reads it into
//! memory. Clones share a one-shot source: whichever reads first gets the chunks, the other
//! reads an error. In a document (the serde form of a structure) only bytes in memory can be
//! written, as base64; the protocols send a streaming member as the HTTP body instead.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_core::Stream;

/// Chunks read once, from a caller's stream or a response body.
pub type Chunks = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

/// A body of bytes, in memory, in a file or arriving in chunks. See the
/// [module documentation](self).
pub struct ByteStream {
    source: Source,
    /// The chunks being read, once reading has started. In a mutex only so that a
    /// `ByteStream` is `Sync` (a request is shared across the awaits of its attempts); it is
    /// reached through `&mut self`, never locked.
    reading: Mutex<Option<Chunks>>,
}

enum Source {
    Memory(Bytes),
    #[cfg(feature = "client")]
    File {
        path: Arc<std::path::Path>,
        length: u64,
    },
    Once {
        length: Option<u64>,
        /// Shared by clones; taken by the first reader.
        chunks: Arc<Mutex<Option<Chunks>>>,
    },
}

impl ByteStream {
    /// An empty body.
    pub fn new() -> ByteStream {
        ByteStream::from(Bytes::new())
    }

    /// A body read once from `chunks`. Give `length` when it is known: S3 needs a
    /// `Content-Length` for uploads, and without one the body goes out chunked.
    pub fn from_stream<S>(chunks: S, length: Option<u64>) -> ByteStream
    where
        S: Stream<Item = io::Result<Bytes>> + Send + 'static,
    {
        ByteStream {
            source: Source::Once {
                length,
                chunks: Arc::new(Mutex::new(Some(Box::pin(chunks)))),
            },
            reading: Mutex::new(None),
        }
    }

    /// The body is the file at `path`, read in chunks when the request is sent (again for
    /// each retry). Its length is taken now; the file must not change until the call ends.
    #[cfg(feature = "client")]
    pub async fn from_path(path: impl AsRef<std::path::Path>) -> io::Result<ByteStream> {
        let path = path.as_ref();
        let length = tokio::fs::metadata(path).await?.len();
        Ok(ByteStream {
            source: Source::File {
                path: Arc::from(path),
                length,
            },
            reading: Mutex::new(None),
        })
    }

    /// The length in bytes, where it is known before reading.
    pub fn length(&self) -> Option<u64> {
        match &self.source {
            Source::Memory(bytes) => Some(bytes.len() as u64),
            #[cfg(feature = "client")]
            Source::File { length, .. } => Some(*length),
            Source::Once { length, .. } => *length,
        }
    }

    /// The bytes, when the body is in memory.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.source {
            Source::Memory(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// Whether the body can be read again from the start: it is in memory or in a file,
    /// or it is read once and nobody has taken its chunks yet.
    pub fn can_replay(&self) -> bool {
        match &self.source {
            Source::Once { chunks, .. } => chunks.lock().is_ok_and(|chunks| chunks.is_some()),
            _ => true,
        }
    }

    /// Whether the body is read once (from a stream), as opposed to from memory or a file.
    pub fn is_one_shot(&self) -> bool {
        matches!(self.source, Source::Once { .. })
    }

    /// The next chunk, or `None` at the end: reading without a `Stream` combinator crate.
    pub async fn next_chunk(&mut self) -> Option<io::Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Reads the whole body into memory.
    pub async fn collect(self) -> io::Result<Bytes> {
        self.collect_limited(usize::MAX).await
    }

    /// Reads the whole body into memory, failing once it grows past `limit` bytes.
    pub async fn collect_limited(mut self, limit: usize) -> io::Result<Bytes> {
        if let Source::Memory(bytes) = &self.source
            && !self.started()
        {
            return match bytes.len() <= limit {
                true => Ok(bytes.clone()),
                false => Err(too_long(limit)),
            };
        }
        let mut buffer = Vec::new();
        while let Some(chunk) = self.next_chunk().await {
            let chunk = chunk?;
            if buffer.len() + chunk.len() > limit {
                return Err(too_long(limit));
            }
            buffer.extend_from_slice(&chunk);
        }
        Ok(Bytes::from(buffer))
    }

    /// Whether reading has started.
    fn started(&self) -> bool {
        self.reading.lock().is_ok_and(|reading| reading.is_some())
    }
}

impl Source {
    /// The chunks to read, taken from the source when reading starts.
    fn start_reading(&self) -> Chunks {
        match self {
            Source::Memory(bytes) => Box::pin(Once(Some(bytes.clone()))),
            #[cfg(feature = "client")]
            Source::File { path, length } => Box::pin(file::FileChunks::new(path.clone(), *length)),
            Source::Once { chunks, .. } => match chunks.lock().ok().and_then(|mut c| c.take()) {
                Some(chunks) => chunks,
                None => Box::pin(Failed(Some(io::Error::other(
                    "this body is read once, and a clone of it has already been read",
                )))),
            },
        }
    }
}

fn too_long(limit: usize) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("the body is longer than {limit} bytes"),
    )
}

impl Stream for ByteStream {
    type Item = io::Result<Bytes>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let ByteStream { source, reading } = &mut *self;
        let reading = reading
            .get_mut()
            .unwrap_or_else(|poison| poison.into_inner());
        let chunks = match reading {
            Some(chunks) => chunks,
            None => reading.insert(source.start_reading()),
        };
        chunks.as_mut().poll_next(cx)
    }
}

/// One chunk, then the end.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = io::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().filter(|bytes| !bytes.is_empty()).map(Ok))
    }
}

/// One error, then the end.
struct Failed(Option<io::Error>);

impl Stream for Failed {
    type Item = io::Result<Bytes>;
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Err))
    }
}

#[cfg(feature = "client")]
mod file {
    //! A file read in chunks with Tokio, opened when the first chunk is asked for.

    use std::future::Future;
    use std::io;
    use std::path::Path;
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context, Poll};

    use bytes::Bytes;
    use futures_core::Stream;
    use tokio::io::{AsyncRead, ReadBuf};

    /// The size of one chunk read from a file.
    const CHUNK: usize = 64 * 1024;

    type Opening = Pin<Box<dyn Future<Output = io::Result<tokio::fs::File>> + Send>>;

    pub(super) struct FileChunks {
        state: State,
        /// Bytes still to read: the length taken when the stream was made, so that a file
        /// that grows does not send more than the `Content-Length` announced.
        remaining: u64,
    }

    enum State {
        Opening(Opening),
        Reading(tokio::fs::File),
        Done,
    }

    impl FileChunks {
        pub(super) fn new(path: Arc<Path>, length: u64) -> FileChunks {
            FileChunks {
                state: State::Opening(Box::pin(async move { tokio::fs::File::open(&*path).await })),
                remaining: length,
            }
        }
    }

    impl Stream for FileChunks {
        type Item = io::Result<Bytes>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = &mut *self;
            loop {
                match &mut this.state {
                    State::Done => return Poll::Ready(None),
                    State::Opening(opening) => match opening.as_mut().poll(cx) {
                        Poll::Pending => return Poll::Pending,
                        Poll::Ready(Ok(file)) => this.state = State::Reading(file),
                        Poll::Ready(Err(error)) => {
                            this.state = State::Done;
                            return Poll::Ready(Some(Err(error)));
                        }
                    },
                    State::Reading(file) => {
                        if this.remaining == 0 {
                            this.state = State::Done;
                            return Poll::Ready(None);
                        }
                        let size = usize::try_from(this.remaining).map_or(CHUNK, |r| r.min(CHUNK));
                        let mut buffer = vec![0; size];
                        let mut read = ReadBuf::new(&mut buffer);
                        match Pin::new(file).poll_read(cx, &mut read) {
                            Poll::Pending => return Poll::Pending,
                            Poll::Ready(Err(error)) => {
                                this.state = State::Done;
                                return Poll::Ready(Some(Err(error)));
                            }
                            Poll::Ready(Ok(())) => {
                                let filled = read.filled().len();
                                if filled == 0 {
                                    this.state = State::Done;
                                    return Poll::Ready(Some(Err(io::Error::new(
                                        io::ErrorKind::UnexpectedEof,
                                        "the file is shorter than when its length was taken",
                                    ))));
                                }
                                buffer.truncate(filled);
                                this.remaining -= filled as u64;
                                return Poll::Ready(Some(Ok(Bytes::from(buffer))));
                            }
                        }
                    }
                }
            }
        }
    }
}

impl Default for ByteStream {
    fn default() -> Self {
        ByteStream::new()
    }
}

/// A clone is unread. It shares a one-shot source with the original (see the
/// [module documentation](self)).
impl Clone for ByteStream {
    fn clone(&self) -> Self {
        let source = match &self.source {
            Source::Memory(bytes) => Source::Memory(bytes.clone()),
            #[cfg(feature = "client")]
            Source::File { path, length } => Source::File {
                path: path.clone(),
                length: *length,
            },
            Source::Once { length, chunks } => Source::Once {
                length: *length,
                chunks: chunks.clone(),
            },
        };
        ByteStream {
            source,
            reading: Mutex::new(None),
        }
    }
}

/// Bodies in memory are equal when their bytes are; files when they are the same range of
/// the same path; one-shot bodies only to their clones.
impl PartialEq for ByteStream {
    fn eq(&self, other: &Self) -> bool {
        match (&self.source, &other.source) {
            (Source::Memory(a), Source::Memory(b)) => a == b,
            #[cfg(feature = "client")]
            (Source::File { path: a, length: m }, Source::File { path: b, length: n }) => {
                a == b && m == n
            }
            (Source::Once { chunks: a, .. }, Source::Once { chunks: b, .. }) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Source::Memory(bytes) => f.debug_tuple("ByteStream::Memory").field(bytes).finish(),
            #[cfg(feature = "client")]
            Source::File { path, length } => f
                .debug_struct("ByteStream::File")
                .field("path", path)
                .field("length", length)
                .finish(),
            Source::Once { length, .. } => f
                .debug_struct("ByteStream::Once")
                .field("length", length)
                .finish_non_exhaustive(),
        }
    }
}

impl From<Bytes> for ByteStream {
    fn from(bytes: Bytes) -> Self {
        ByteStream {
            source: Source::Memory(bytes),
            reading: Mutex::new(None),
        }
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::from(Bytes::from_static(bytes))
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::from(Bytes::from(text))
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        ByteStream::from(Bytes::from_static(text.as_bytes()))
    }
}

impl crate::ZeroValue for ByteStream {
    fn zero_value() -> Self {
        ByteStream::new()
    }
    fn is_zero_value(&self) -> bool {
        self.length() == Some(0)
    }
}

/// Bytes in memory travel as a blob; a file or a stream cannot be put in a document.
impl crate::codec::Codec<ByteStream> for crate::codec::Base64 {
    fn encode<S: serde::Serializer>(value: &ByteStream, serializer: S) -> Result<S::Ok, S::Error> {
        match value.as_bytes() {
            Some(bytes) => {
                <Self as crate::codec::Codec<Vec<u8>>>::encode(&bytes.to_vec(), serializer)
            }
            None => Err(serde::ser::Error::custom(
                "a streaming body that is not in memory cannot be written into a document; \
                 the protocol sends it as the HTTP body",
            )),
        }
    }

    fn decode<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<ByteStream, D::Error> {
        <Self as crate::codec::Codec<Vec<u8>>>::decode(deserializer).map(ByteStream::from)
    }
}

/// An HTTP body: chunks as data frames, the length as the size hint where it is known.
#[cfg(any(feature = "client", feature = "server"))]
impl http_body::Body for ByteStream {
    type Data = Bytes;
    type Error = io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, io::Error>>> {
        self.poll_next(cx)
            .map(|chunk| chunk.map(|chunk| chunk.map(http_body::Frame::data)))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self.length() {
            Some(length) if !self.started() => http_body::SizeHint::with_exact(length),
            _ => http_body::SizeHint::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks(parts: &[&'static str]) -> impl Stream<Item = io::Result<Bytes>> + Send + use<> {
        struct Parts(std::vec::IntoIter<Bytes>);
        impl Stream for Parts {
            type Item = io::Result<Bytes>;
            fn poll_next(
                mut self: Pin<&mut Self>,
                _: &mut Context<'_>,
            ) -> Poll<Option<Self::Item>> {
                Poll::Ready(self.0.next().map(Ok))
            }
        }
        Parts(
            parts
                .iter()
                .map(|p| Bytes::from_static(p.as_bytes()))
                .collect::<Vec<_>>()
                .into_iter(),
        )
    }

    #[tokio::test]
    async fn memory_reads_and_replays() {
        let body = ByteStream::from("hello");
        assert_eq!(body.length(), Some(5));
        assert!(body.can_replay());
        assert_eq!(body.clone().collect().await.unwrap(), "hello");
        assert_eq!(body.collect().await.unwrap(), "hello");
    }

    #[tokio::test]
    async fn a_one_shot_body_is_read_once_across_clones() {
        let body = ByteStream::from_stream(chunks(&["ab", "cd"]), None);
        let clone = body.clone();
        assert!(body.can_replay());
        assert_eq!(body.collect().await.unwrap(), "abcd");
        assert!(!clone.can_replay());
        let error = clone.collect().await.unwrap_err();
        assert!(error.to_string().contains("already been read"), "{error}");
    }

    #[tokio::test]
    async fn the_limit_stops_reading() {
        let body = ByteStream::from_stream(chunks(&["abc", "def"]), None);
        let error = body.collect_limited(4).await.unwrap_err();
        assert!(error.to_string().contains("longer than 4 bytes"), "{error}");
        assert!(ByteStream::from("abcdef").collect_limited(5).await.is_err());
    }

    #[test]
    fn only_memory_goes_into_a_document() {
        use crate::codec::{Base64, Codec};
        let mut out = Vec::new();
        let mut json = serde_json::Serializer::new(&mut out);
        Base64::encode(&ByteStream::from("hi"), &mut json).unwrap();
        assert_eq!(out, b"\"aGk=\"");
        let one_shot = ByteStream::from_stream(chunks(&["hi"]), Some(2));
        let error = Base64::encode(&one_shot, &mut serde_json::Serializer::new(Vec::new()));
        assert!(error.is_err());
        let read: ByteStream =
            Base64::decode(&mut serde_json::Deserializer::from_str("\"aGk=\"")).unwrap();
        assert_eq!(read, ByteStream::from("hi"));
    }

    #[cfg(feature = "client")]
    #[tokio::test]
    async fn a_file_is_read_in_chunks_for_each_reader() {
        let dir = std::env::temp_dir().join(format!("awsgen-stream-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("body");
        let data: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        std::fs::write(&path, &data).unwrap();
        let body = ByteStream::from_path(&path).await.unwrap();
        assert_eq!(body.length(), Some(200_000));
        assert_eq!(body.clone().collect().await.unwrap(), data);
        assert_eq!(body.collect().await.unwrap(), data);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
