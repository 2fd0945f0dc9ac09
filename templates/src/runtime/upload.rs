//! [`Upload`]: a request body of bytes, in memory or streamed (a stream of chunks, or a
//! file read as it is sent).
//!
//! User surface. A body in memory is shared between attempts, so a retry resends it; a
//! streamed body can be read once, so a call that sends one is never retried.

use std::fmt;

use bytes::Bytes;
use futures_core::Stream;

/// The body of an upload: bytes in memory (`Bytes`, `Vec<u8>`, `String`, `&'static [u8]`
/// and `&'static str` convert into one), or a stream sent as it is read
/// ([`Upload::stream`], [`Upload::file`]). `Debug` shows the length, never the bytes.
pub struct Upload {
    pub(super) inner: UploadInner,
}

pub(super) enum UploadInner {
    Bytes(Bytes),
    Stream(reqwest::Body),
}

impl Upload {
    /// A body sent as `stream` yields it, chunk by chunk, with chunked transfer encoding.
    /// An error from the stream aborts the request ([`Error::Transport`](super::Error::Transport)).
    /// It can be sent once: a call with a streamed body is never retried.
    pub fn stream<S, B, X>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, X>> + Send + 'static,
        B: Into<Bytes>,
        X: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        Upload {
            inner: UploadInner::Stream(reqwest::Body::wrap_stream(IntoBytes(Box::pin(stream)))),
        }
    }

    /// A file, read as it is sent (never whole in memory). Open it with
    /// `tokio::fs::File::open(path).await?`. Like [`Upload::stream`], it is sent once.
    pub fn file(file: tokio::fs::File) -> Self {
        Upload {
            inner: UploadInner::Stream(reqwest::Body::from(file)),
        }
    }

    /// Whether the body is in memory, so a retry can send it again.
    pub fn is_replayable(&self) -> bool {
        matches!(self.inner, UploadInner::Bytes(_))
    }
}

/// Maps a stream's items into `Bytes`, which `reqwest::Body::wrap_stream` asks for.
struct IntoBytes<S>(std::pin::Pin<Box<S>>);

impl<S, B, X> Stream for IntoBytes<S>
where
    S: Stream<Item = Result<B, X>>,
    B: Into<Bytes>,
{
    type Item = Result<Bytes, X>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.0
            .as_mut()
            .poll_next(cx)
            .map(|item| item.map(|chunk| chunk.map(Into::into)))
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.inner {
            UploadInner::Bytes(bytes) => write!(f, "Upload({} bytes)", bytes.len()),
            UploadInner::Stream(_) => f.write_str("Upload(stream)"),
        }
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload {
            inner: UploadInner::Bytes(bytes),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::from(Bytes::from(bytes))
    }
}

impl From<String> for Upload {
    fn from(text: String) -> Self {
        Upload::from(Bytes::from(text))
    }
}

impl From<&'static [u8]> for Upload {
    fn from(bytes: &'static [u8]) -> Self {
        Upload::from(Bytes::from_static(bytes))
    }
}

impl From<&'static str> for Upload {
    fn from(text: &'static str) -> Self {
        Upload::from(Bytes::from_static(text.as_bytes()))
    }
}

impl From<tokio::fs::File> for Upload {
    fn from(file: tokio::fs::File) -> Self {
        Upload::file(file)
    }
}
