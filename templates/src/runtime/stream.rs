//! Streamed response bodies: [`ByteStream`] (the body as it arrives, for binary
//! downloads), [`EventStream`] (server-sent events) and [`JsonLines`] (NDJSON, JSON lines,
//! JSON text sequences), each a `futures_core::Stream` of results.
//!
//! User surface. A stream never waits longer than the idle timeout for the next chunk
//! (the item is then [`Error::Timeout`] and the stream ends), never holds more than the
//! client's `max_response_bytes` of one unfinished item, ends after its first transport
//! error, and closes the connection when dropped. An item that does not decode is an
//! error of that item only; the stream goes on.

use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future as _};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::core::describe_reqwest_error;
use super::error::Error;
use super::redact::{decode_message, snippet};
use super::sse::{json_error, Event, RawEvent, SseParser};

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, reqwest::Error>> + Send>>;

/// A response body as it arrives: chunks of bytes, or the error that ended it.
/// [`ByteStream::collect_bytes`] gathers the whole body (at most `max_response_bytes`).
///
/// Between two chunks it waits at most the idle timeout (`ClientBuilder::idle_timeout`).
pub struct ByteStream<E> {
    chunks: Option<Chunks>,
    idle_timeout: Duration,
    /// Armed while waiting for a chunk; `None` for a body already in memory.
    idle: Option<Pin<Box<tokio::time::Sleep>>>,
    pub(super) limit: usize,
    pub(super) attempts: u32,
    _error: PhantomData<fn() -> E>,
}

impl<E> fmt::Debug for ByteStream<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("open", &self.chunks.is_some())
            .field("idle_timeout", &self.idle_timeout)
            .field("limit", &self.limit)
            .finish()
    }
}

impl<E> ByteStream<E> {
    /// The body of `response`, read as it arrives.
    pub(super) fn new(
        response: reqwest::Response,
        idle_timeout: Duration,
        limit: usize,
        attempts: u32,
    ) -> Self {
        ByteStream {
            chunks: Some(Box::pin(response.bytes_stream())),
            idle: Some(Box::pin(tokio::time::sleep(idle_timeout))),
            idle_timeout,
            limit,
            attempts,
            _error: PhantomData,
        }
    }

    /// A body already in memory, as one chunk.
    pub(super) fn from_bytes(body: Bytes, limit: usize, attempts: u32) -> Self {
        let chunks: Chunks = Box::pin(Once(Some(body)));
        ByteStream {
            chunks: Some(chunks),
            idle: None,
            idle_timeout: Duration::ZERO,
            limit,
            attempts,
            _error: PhantomData,
        }
    }

    /// The same stream, for another operation's error type.
    pub(super) fn cast<F>(self) -> ByteStream<F> {
        ByteStream {
            chunks: self.chunks,
            idle_timeout: self.idle_timeout,
            idle: self.idle,
            limit: self.limit,
            attempts: self.attempts,
            _error: PhantomData,
        }
    }

    /// The next chunk, `None` at the end: the same as `StreamExt::next`, without the
    /// import.
    pub async fn next(&mut self) -> Option<Result<Bytes, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The rest of the body in memory. A body longer than the client's
    /// `max_response_bytes` fails with [`Error::Transport`] as soon as it passes it.
    pub async fn collect_bytes(mut self) -> Result<Bytes, Error<E>> {
        let mut body = BytesMut::new();
        while let Some(chunk) = self.next().await {
            let chunk = chunk?;
            if chunk.len() > self.limit.saturating_sub(body.len()) {
                return Err(too_large(self.limit, self.attempts));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body.freeze())
    }
}

impl<E> Stream for ByteStream<E> {
    type Item = Result<Bytes, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let Some(chunks) = this.chunks.as_mut() else {
            return Poll::Ready(None);
        };
        match chunks.as_mut().poll_next(cx) {
            Poll::Ready(Some(Ok(chunk))) => {
                if let Some(idle) = this.idle.as_mut() {
                    let deadline = tokio::time::Instant::now() + this.idle_timeout;
                    idle.as_mut().reset(deadline);
                }
                Poll::Ready(Some(Ok(chunk)))
            }
            Poll::Ready(Some(Err(err))) => {
                this.chunks = None;
                let attempts = this.attempts;
                Poll::Ready(Some(Err(if err.is_timeout() {
                    Error::Timeout { attempts }
                } else {
                    Error::Transport {
                        message: describe_reqwest_error(err),
                        attempts,
                    }
                })))
            }
            Poll::Ready(None) => {
                this.chunks = None;
                Poll::Ready(None)
            }
            Poll::Pending => match this.idle.as_mut().map(|idle| idle.as_mut().poll(cx)) {
                Some(Poll::Ready(())) => {
                    // Dropping the body closes the connection.
                    this.chunks = None;
                    Poll::Ready(Some(Err(Error::Timeout {
                        attempts: this.attempts,
                    })))
                }
                _ => Poll::Pending,
            },
        }
    }
}

/// A stream of one chunk.
struct Once(Option<Bytes>);

impl Stream for Once {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        Poll::Ready(self.0.take().map(Ok))
    }
}

fn too_large<E>(limit: usize, attempts: u32) -> Error<E> {
    Error::Transport {
        message: format!(
            "the response body is larger than the client's limit of {limit} bytes \
             (`max_response_bytes`); the rest was not read"
        ),
        attempts,
    }
}

/// A `text/event-stream` body: one [`Event`] per event the server sends, parsed as the
/// bytes arrive. Comments (keep-alives) are skipped; an event cut off by the end of the
/// body is dropped, as the WHATWG rules say. Reconnecting (with `Last-Event-ID`) is left
/// to the caller.
pub struct EventStream<T, E> {
    bytes: ByteStream<E>,
    parser: SseParser,
    ready: VecDeque<RawEvent>,
    decoder: fn(&str) -> Result<T, String>,
    secret_fields: &'static [&'static str],
    done: bool,
}

impl<T, E> fmt::Debug for EventStream<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventStream")
            .field("bytes", &self.bytes)
            .field("ready", &self.ready.len())
            .field("done", &self.done)
            .finish()
    }
}

impl<T, E> EventStream<T, E> {
    pub(super) fn new(
        bytes: ByteStream<E>,
        decoder: fn(&str) -> Result<T, String>,
        secret_fields: &'static [&'static str],
    ) -> Self {
        EventStream {
            parser: SseParser::new(bytes.limit),
            bytes,
            ready: VecDeque::new(),
            decoder,
            secret_fields,
            done: false,
        }
    }

    /// The next event, `None` at the end: the same as `StreamExt::next`, without the
    /// import.
    pub async fn next(&mut self) -> Option<Result<Event<T>, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }
}

impl<T, E> Stream for EventStream<T, E> {
    type Item = Result<Event<T>, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(raw) = this.ready.pop_front() {
                let event = Event::new(raw, this.decoder, this.secret_fields);
                return Poll::Ready(Some(Ok(event)));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if this.parser.feed(&chunk, &mut this.ready).is_err() {
                        this.done = true;
                        this.bytes.chunks = None;
                        return Poll::Ready(Some(Err(too_large(
                            this.bytes.limit,
                            this.bytes.attempts,
                        ))));
                    }
                }
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(err)));
                }
                Poll::Ready(None) => this.done = true,
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

/// A body of JSON values one per line (`application/x-ndjson`, `application/jsonl`,
/// Kubernetes' `application/json;stream=watch`) or a JSON text sequence
/// (`application/json-seq`, records led by `RS`): each value decoded as `T` as its line
/// arrives. Blank lines are skipped; a line that does not decode is an
/// [`Error::Decode`] item (its snippet masked) and the stream goes on.
pub struct JsonLines<T, E> {
    bytes: ByteStream<E>,
    line: Vec<u8>,
    ready: VecDeque<Result<T, Error<E>>>,
    status: StatusCode,
    headers: HeaderMap,
    secret_fields: &'static [&'static str],
    done: bool,
}

impl<T, E> fmt::Debug for JsonLines<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JsonLines")
            .field("bytes", &self.bytes)
            .field("ready", &self.ready.len())
            .field("done", &self.done)
            .finish()
    }
}

impl<T: DeserializeOwned, E> JsonLines<T, E> {
    pub(super) fn new(
        bytes: ByteStream<E>,
        status: StatusCode,
        headers: HeaderMap,
        secret_fields: &'static [&'static str],
    ) -> Self {
        JsonLines {
            bytes,
            line: Vec::new(),
            ready: VecDeque::new(),
            status,
            headers,
            secret_fields,
            done: false,
        }
    }

    /// The next value, `None` at the end: the same as `StreamExt::next`, without the
    /// import.
    pub async fn next(&mut self) -> Option<Result<T, Error<E>>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Splits `chunk` into lines; `false` when a line is longer than the limit.
    fn feed(&mut self, mut chunk: &[u8]) -> bool {
        while let Some(end) = chunk.iter().position(|&b| b == b'\n') {
            let (head, rest) = chunk.split_at(end);
            if head.len() > self.bytes.limit.saturating_sub(self.line.len()) {
                return false;
            }
            let mut line = std::mem::take(&mut self.line);
            line.extend_from_slice(head);
            self.line_done(&line);
            line.clear();
            self.line = line;
            chunk = rest.get(1..).unwrap_or_default();
        }
        if chunk.len() > self.bytes.limit.saturating_sub(self.line.len()) {
            return false;
        }
        self.line.extend_from_slice(chunk);
        true
    }

    fn line_done(&mut self, line: &[u8]) {
        let value = line.strip_prefix(b"\x1E").unwrap_or(line).trim_ascii();
        if value.is_empty() {
            return;
        }
        let item = serde_json::from_slice::<T>(value).map_err(|e| Error::Decode {
            status: self.status,
            headers: self.headers.clone(),
            snippet: snippet(value, self.secret_fields),
            message: decode_message(&json_error(&e)),
            attempts: self.bytes.attempts,
        });
        self.ready.push_back(item);
    }
}

impl<T: DeserializeOwned, E> Stream for JsonLines<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.ready.pop_front() {
                return Poll::Ready(Some(item));
            }
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.bytes).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    if !this.feed(&chunk) {
                        this.done = true;
                        this.bytes.chunks = None;
                        let (limit, attempts) = (this.bytes.limit, this.bytes.attempts);
                        return Poll::Ready(Some(Err(too_large(limit, attempts))));
                    }
                }
                Poll::Ready(Some(Err(err))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(err)));
                }
                Poll::Ready(None) => {
                    // The last value may end without a line end.
                    this.done = true;
                    let line = std::mem::take(&mut this.line);
                    this.line_done(&line);
                }
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}

// Nothing here is pinned structurally (the body and the timer are boxed), so the streams
// are `Unpin` whatever `T` and `E` are: callers poll them without pinning.
impl<E> Unpin for ByteStream<E> {}
impl<T, E> Unpin for EventStream<T, E> {}
impl<T, E> Unpin for JsonLines<T, E> {}
