//! Responses: `RawResponse`, a whole response before decoding, with the decoders
//! generated methods pick per status; and `Response<T>`, the decoded success users get.
//!
//! `RawResponse` and its decoders are plumbing, hidden from rustdoc; `Response` is user
//! surface. Decoding must never panic on a body, whatever its size, encoding or shape:
//! every mismatch becomes an `Error`, and the body shows only as a bounded snippet.

use std::fmt;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{ApiError, Error};
use super::headers::{header_str, RedactedHeaders};
use super::redact::{decode_message, snippet};
use super::stream::{ByteStream, EventStream, JsonLines};

/// A whole response, before decoding. `Debug` shows the status, headers (credentials and
/// cookies redacted) and the start of the body (secret fields masked).
#[doc(hidden)]
pub struct RawResponse {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    /// The body not yet read, for a status the operation streams (`body` is then empty).
    pub(super) stream: Option<ByteStream<()>>,
    pub(super) attempts: u32,
    /// The JSON keys whose values snippets mask: the spec's secret fields.
    pub(super) secret_fields: &'static [&'static str],
    /// The client's `max_response_bytes`: what a stream holds of one unfinished item.
    pub(super) limit: usize,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.snippet())
            .field("streamed", &self.stream.is_some())
            .field("attempts", &self.attempts)
            .finish()
    }
}

// `Error` keeps the status, headers and body start of a response, so it is large; the
// methods here build it once per call, so boxing would buy nothing.
#[allow(clippy::result_large_err)]
impl RawResponse {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The whole body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// How many attempts were made: 1 plus the retries.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The `Content-Type` header, if present and readable.
    pub fn content_type(&self) -> Option<&str> {
        header_str(&self.headers, "content-type")
    }

    /// Decodes a JSON body. A `Content-Type` other than JSON (`application/json` or
    /// `*/*+json`) is a decode error; an empty body decodes as `null`, so `Option<T>`
    /// and `()` accept it.
    pub fn json<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        self.json_map(|body| body)
    }

    /// Decodes a JSON body like [`RawResponse::json`], then maps it.
    pub fn json_map<T: DeserializeOwned, U, E>(
        self,
        f: impl FnOnce(T) -> U,
    ) -> Result<Response<U>, Error<E>> {
        if !is_blank(&self.body) {
            if let Some(content_type) = self.content_type_problem() {
                return Err(self.decode_error(format!(
                    "expected a JSON response but the Content-Type is `{content_type}`"
                )));
            }
        }
        match self.decode_json::<T>() {
            Ok(body) => Ok(self.into_response(f(body))),
            Err(message) => Err(self.decode_error(message)),
        }
    }

    /// A success whose body is ignored.
    pub fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(self.into_response(()))
    }

    /// A success whose body is ignored, carrying `value`.
    pub fn empty_map<U, E>(self, value: U) -> Result<Response<U>, Error<E>> {
        Ok(self.into_response(value))
    }

    /// A text body; invalid UTF-8 is a decode error.
    pub fn text<E>(self) -> Result<Response<String>, Error<E>> {
        match String::from_utf8(self.body.to_vec()) {
            Ok(text) => Ok(self.into_response(text)),
            Err(e) => Err(self.decode_error(format!("the body is not valid UTF-8: {e}"))),
        }
    }

    /// The body as bytes.
    pub fn bytes<E>(self) -> Result<Response<Bytes>, Error<E>> {
        let body = self.body.clone();
        Ok(self.into_response(body))
    }

    /// The body as a stream of bytes, read as it arrives.
    pub fn byte_stream<E>(mut self) -> Result<Response<ByteStream<E>>, Error<E>> {
        let stream = self.take_stream();
        Ok(self.into_response(stream))
    }

    /// A `text/event-stream` body as a stream of events whose data `decoder` decodes
    /// ([`json_data`](super::sse::json_data) or [`text_data`](super::sse::text_data)). A
    /// `Content-Type` other than `text/event-stream` is a decode error (the body unread).
    pub fn event_stream<T, E>(
        mut self,
        decoder: fn(&str) -> Result<T, String>,
    ) -> Result<Response<EventStream<T, E>>, Error<E>> {
        if self.media_type().is_some_and(|m| m != "text/event-stream") {
            let content_type = self.shown_content_type();
            return Err(self.decode_error(format!(
                "expected an event stream (`text/event-stream`) but the Content-Type is \
                 `{content_type}`; the body was not read"
            )));
        }
        let stream = EventStream::new(self.take_stream(), decoder, self.secret_fields);
        Ok(self.into_response(stream))
    }

    /// A body of JSON values, one per line (or a JSON text sequence), as a stream of
    /// values. A `text/event-stream` or `text/html` body is a decode error (the body
    /// unread); any other `Content-Type` is read as lines.
    pub fn json_lines<T: DeserializeOwned, E>(
        mut self,
    ) -> Result<Response<JsonLines<T, E>>, Error<E>> {
        if self
            .media_type()
            .is_some_and(|m| m == "text/event-stream" || m == "text/html")
        {
            let content_type = self.shown_content_type();
            return Err(self.decode_error(format!(
                "expected JSON lines but the Content-Type is `{content_type}`; the body was not read"
            )));
        }
        let stream = self.take_stream();
        let lines = JsonLines::new(
            stream,
            self.status,
            self.headers.clone(),
            self.secret_fields,
        );
        Ok(self.into_response(lines))
    }

    /// The body's stream, or the body read whole as one chunk.
    fn take_stream<E>(&mut self) -> ByteStream<E> {
        match self.stream.take() {
            Some(stream) => stream.cast(),
            None => {
                ByteStream::from_bytes(std::mem::take(&mut self.body), self.limit, self.attempts)
            }
        }
    }

    /// The `Content-Type` without parameters, in lower case, when present.
    fn media_type(&self) -> Option<String> {
        let value = self.headers.get(reqwest::header::CONTENT_TYPE)?;
        let text = String::from_utf8_lossy(value.as_bytes());
        Some(
            text.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase(),
        )
    }

    /// The `Content-Type` as text for a message.
    fn shown_content_type(&self) -> String {
        self.headers
            .get(reqwest::header::CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .unwrap_or_default()
    }

    /// A documented error status with a JSON body: always `Err`, [`Error::Api`] with the
    /// body decoded and mapped by `f`, or [`Error::Decode`] when the body does not decode
    /// (whatever the `Content-Type`, which is only mentioned in the message).
    pub fn error_json<T: DeserializeOwned, E, X>(
        self,
        f: impl FnOnce(T) -> E,
    ) -> Result<X, Error<E>> {
        match self.decode_json::<T>() {
            Ok(body) => Err(self.api_error(f(body))),
            Err(message) => {
                let message = match self.content_type() {
                    Some(content_type) => format!("{message} (Content-Type `{content_type}`)"),
                    None => message,
                };
                Err(self.decode_error(message))
            }
        }
    }

    /// A documented error status whose body is ignored: always `Err(Error::Api)` with
    /// `value` as the body.
    pub fn error_empty<E, X>(self, value: E) -> Result<X, Error<E>> {
        Err(self.api_error(value))
    }

    /// A documented error status with a text body (invalid UTF-8 replaced): always
    /// `Err(Error::Api)` with the text mapped by `f`.
    pub fn error_text<E, X>(self, f: impl FnOnce(String) -> E) -> Result<X, Error<E>> {
        let text = String::from_utf8_lossy(&self.body).into_owned();
        Err(self.api_error(f(text)))
    }

    /// A status the spec does not document: [`Error::UnexpectedStatus`].
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus {
            snippet: self.snippet(),
            status: self.status,
            headers: self.headers,
            attempts: self.attempts,
        }
    }

    /// The media type if the `Content-Type` is present and not JSON.
    fn content_type_problem(&self) -> Option<String> {
        let value = self.headers.get(reqwest::header::CONTENT_TYPE)?;
        let Ok(text) = value.to_str() else {
            return Some(String::from_utf8_lossy(value.as_bytes()).into_owned());
        };
        let essence = text
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let is_json = essence == "application/json"
            || (essence.ends_with("+json")
                && essence.split_once('/').is_some_and(|(t, _)| !t.is_empty()));
        (!is_json).then(|| text.to_owned())
    }

    fn decode_json<T: DeserializeOwned>(&self) -> Result<T, String> {
        let body: &[u8] = if is_blank(&self.body) {
            b"null"
        } else {
            &self.body
        };
        serde_json::from_slice(body)
            .map_err(|e| {
                if is_blank(&self.body) {
                    format!("the body is empty: {e}")
                } else if e.is_data() {
                    // Well-formed JSON of another shape than the spec documents.
                    format!("the JSON does not match the documented type: {e}")
                } else {
                    format!("invalid JSON: {e}")
                }
            })
            .map_err(|message| decode_message(&message))
    }

    /// The start of the body for errors and `Debug`, secret fields masked.
    fn snippet(&self) -> String {
        snippet(&self.body, self.secret_fields)
    }

    fn into_response<U>(self, body: U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        }
    }

    fn api_error<E>(self, body: E) -> Error<E> {
        Error::Api(ApiError {
            snippet: self.snippet(),
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        })
    }

    fn decode_error<E>(self, message: String) -> Error<E> {
        Error::Decode {
            snippet: self.snippet(),
            status: self.status,
            headers: self.headers,
            message,
            attempts: self.attempts,
        }
    }
}

fn is_blank(body: &[u8]) -> bool {
    body.iter().all(u8::is_ascii_whitespace)
}

/// A successful response: the decoded body with the status, headers and number of
/// attempts. Dereferences to the body.
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    body: T,
    attempts: u32,
}

impl<T> Response<T> {
    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The first value of the header `name`, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// How many attempts were made: 1 plus the retries.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, dropping the rest.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The status, headers, body and attempts, apart.
    pub(super) fn into_parts(self) -> (StatusCode, HeaderMap, T, u32) {
        (self.status, self.headers, self.body, self.attempts)
    }

    /// Maps the body, keeping the status, headers and attempts.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            status: self.status,
            headers: self.headers,
            body: f(self.body),
            attempts: self.attempts,
        }
    }
}

impl<T> std::ops::Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("attempts", &self.attempts)
            .finish()
    }
}
