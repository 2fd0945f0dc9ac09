//! `multipart/form-data` bodies: [`FilePart`], the type of a `format: binary` property
//! (user surface), and [`Multipart`], the parts a generated method adds one property at
//! a time (plumbing), encoded by reqwest's multipart support.
//!
//! Nothing here fails loudly: a part that cannot be built is recorded and reported as
//! `Error::InvalidRequest` when the request is executed. A body whose parts are all in
//! memory is encoded once, in memory, and resent by retries; a body with a streamed file
//! is sent as a stream, once, and never retried (as any streamed [`Upload`]).

use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

use bytes::{Bytes, BytesMut};
use futures_core::Stream;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::multipart::{Form, Part};
use serde::Serialize;
use serde_json::Value;

use super::upload::{Upload, UploadInner};

/// A file sent as one part of a `multipart/form-data` body: its bytes (in memory, a
/// stream or a file, as [`Upload`]), and optionally the file name and content type the
/// part announces. `Debug` shows the name, type and length, never the bytes.
///
/// A clone of a streamed part shares its stream: the stream is sent once, by whichever
/// request sends it first.
#[derive(Clone)]
pub struct FilePart {
    file_name: Option<String>,
    content_type: Option<String>,
    headers: Vec<(String, String)>,
    data: FileData,
}

#[derive(Clone)]
enum FileData {
    Bytes(Bytes),
    Stream(Arc<Mutex<Option<reqwest::Body>>>),
}

impl FilePart {
    /// A part holding `data`: `Bytes`, `Vec<u8>`, `String`, a static slice,
    /// `Upload::stream(..)` or `Upload::file(..)`.
    pub fn new(data: impl Into<Upload>) -> Self {
        let data = match data.into().inner {
            UploadInner::Bytes(bytes) => FileData::Bytes(bytes),
            UploadInner::Stream(body) => FileData::Stream(Arc::new(Mutex::new(Some(body)))),
        };
        FilePart {
            file_name: None,
            content_type: None,
            headers: Vec::new(),
            data,
        }
    }

    /// The file name the part announces (`filename` in its `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's `Content-Type`; without it, the spec's `encoding` content type, or
    /// `application/octet-stream`.
    pub fn content_type(mut self, media: impl Into<String>) -> Self {
        self.content_type = Some(media.into());
        self
    }

    /// Adds a header to the part (the spec's `encoding` may document some).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Whether the bytes are in memory, so a retry can send the part again.
    pub fn is_replayable(&self) -> bool {
        matches!(self.data, FileData::Bytes(_))
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let data = match &self.data {
            FileData::Bytes(bytes) => format!("{} bytes", bytes.len()),
            FileData::Stream(_) => "stream".to_owned(),
        };
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("data", &format_args!("{data}"))
            .finish_non_exhaustive()
    }
}

impl PartialEq for FilePart {
    /// Equal names, types, headers and bytes; streamed parts are equal when they share
    /// their stream.
    fn eq(&self, other: &Self) -> bool {
        let data = match (&self.data, &other.data) {
            (FileData::Bytes(a), FileData::Bytes(b)) => a == b,
            (FileData::Stream(a), FileData::Stream(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        data && self.file_name == other.file_name
            && self.content_type == other.content_type
            && self.headers == other.headers
    }
}

impl<T: Into<Upload>> From<T> for FilePart {
    fn from(data: T) -> Self {
        FilePart::new(data)
    }
}

/// A file part is sent as a part, not as JSON: serializing one fails.
impl Serialize for FilePart {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom(
            "a file part is sent in a multipart body and has no JSON form",
        ))
    }
}

/// Read from a string (its UTF-8 bytes), for a type a response also uses.
impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Ok(FilePart::new(text))
    }
}

/// What a file property holds: one part, none, or several (an array repeats the part).
#[doc(hidden)]
pub trait IntoFileParts {
    /// The parts, in order.
    fn into_file_parts(self) -> Vec<FilePart>;
}

impl IntoFileParts for FilePart {
    fn into_file_parts(self) -> Vec<FilePart> {
        vec![self]
    }
}

impl<T: IntoFileParts> IntoFileParts for Option<T> {
    fn into_file_parts(self) -> Vec<FilePart> {
        self.map(IntoFileParts::into_file_parts).unwrap_or_default()
    }
}

impl<T: IntoFileParts> IntoFileParts for Vec<T> {
    fn into_file_parts(self) -> Vec<FilePart> {
        self.into_iter()
            .flat_map(IntoFileParts::into_file_parts)
            .collect()
    }
}

impl<T: IntoFileParts> IntoFileParts for Box<T> {
    fn into_file_parts(self) -> Vec<FilePart> {
        (*self).into_file_parts()
    }
}

/// The parts of a `multipart/form-data` body, added property by property by a generated
/// method, then handed to [`Request::multipart_body`](super::Request::multipart_body).
#[doc(hidden)]
pub struct Multipart {
    form: Form,
    replayable: bool,
    pub(super) errors: Vec<String>,
}

impl Default for Multipart {
    fn default() -> Self {
        Multipart::new()
    }
}

impl Multipart {
    /// No parts yet.
    pub fn new() -> Self {
        Multipart {
            form: Form::new(),
            replayable: true,
            errors: Vec::new(),
        }
    }

    /// A file property: one part per file (none for `None`, one per element of an
    /// array), with its file name, its content type or `content_type` (the spec's), or
    /// `application/octet-stream`.
    pub fn file(&mut self, name: &str, value: impl IntoFileParts, content_type: Option<&str>) {
        for file in value.into_file_parts() {
            let part = match file.data {
                FileData::Bytes(bytes) => {
                    Part::stream_with_length(reqwest::Body::from(bytes.clone()), bytes.len() as u64)
                }
                FileData::Stream(shared) => {
                    self.replayable = false;
                    let taken = shared.lock().ok().and_then(|mut body| body.take());
                    match taken {
                        Some(body) => Part::stream(body),
                        None => {
                            self.errors
                                .push(format!("the streamed file part `{name}` was already sent"));
                            continue;
                        }
                    }
                }
            };
            let media = file
                .content_type
                .as_deref()
                .or(content_type)
                .unwrap_or("application/octet-stream");
            let mut part = match part.mime_str(media) {
                Ok(part) => part,
                Err(_) => {
                    self.errors
                        .push(format!("invalid content type for the part `{name}`"));
                    continue;
                }
            };
            if let Some(file_name) = file.file_name {
                part = part.file_name(file_name);
            }
            self.add(name, part, &file.headers);
        }
    }

    /// A scalar property as a text part (strings as they are, numbers and booleans as
    /// text); an array as one part per element; `null` (`None`) as no part. An object
    /// (in an array, or a property lowering could not type) is sent as JSON text.
    pub fn text<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: Option<&str>,
    ) {
        let Some(value) = self.value(name, value) else {
            return;
        };
        let items = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for item in items {
            let text = match item {
                Value::Null => continue,
                Value::String(s) => s,
                other => other.to_string(),
            };
            self.part(
                name,
                Bytes::from(text),
                content_type.unwrap_or("text/plain"),
            );
        }
    }

    /// An object property as a JSON part (`content_type`: `application/json` unless the
    /// spec's `encoding` says otherwise); with `repeated`, an array as one part per
    /// element. `null` (`None`) is no part.
    pub fn json<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
        content_type: &str,
        repeated: bool,
    ) {
        let Some(value) = self.value(name, value) else {
            return;
        };
        let items = match value {
            Value::Array(items) if repeated => items,
            other => vec![other],
        };
        for item in items.into_iter().filter(|v| !v.is_null()) {
            match serde_json::to_vec(&item) {
                Ok(bytes) => self.part(name, Bytes::from(bytes), content_type),
                Err(e) => self
                    .errors
                    .push(format!("the part `{name}` could not be serialized: {e}")),
            }
        }
    }

    /// The body: encoded in memory when every part is (so a retry resends it), else
    /// streamed, once. The content type carries the boundary.
    pub(super) fn into_body(self) -> Result<(String, Upload), String> {
        let content_type = format!("multipart/form-data; boundary={}", self.form.boundary());
        let mut stream = Box::pin(self.form.into_stream());
        let mut done = BytesMut::new();
        if self.replayable {
            // Parts in memory are always ready, so this reads the whole body at once.
            let mut cx = Context::from_waker(Waker::noop());
            loop {
                match stream.as_mut().poll_next(&mut cx) {
                    Poll::Ready(Some(Ok(chunk))) => done.extend_from_slice(&chunk),
                    Poll::Ready(Some(Err(e))) => {
                        return Err(format!("the multipart body could not be encoded: {e}"))
                    }
                    Poll::Ready(None) => return Ok((content_type, Upload::from(done.freeze()))),
                    Poll::Pending => break,
                }
            }
        }
        let body = reqwest::Body::wrap_stream(Prefixed {
            prefix: Some(done.freeze()).filter(|b| !b.is_empty()),
            rest: stream,
        });
        Ok((
            content_type,
            Upload {
                inner: UploadInner::Stream(body),
            },
        ))
    }

    fn value<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Option<Value> {
        match super::ser::to_sent_value(value) {
            Ok(Value::Null) => None,
            Ok(value) => Some(value),
            Err(e) => {
                self.errors
                    .push(format!("the part `{name}` could not be serialized: {e}"));
                None
            }
        }
    }

    fn part(&mut self, name: &str, bytes: Bytes, content_type: &str) {
        let length = bytes.len() as u64;
        match Part::stream_with_length(reqwest::Body::from(bytes), length).mime_str(content_type) {
            Ok(part) => self.add(name, part, &[]),
            Err(_) => self
                .errors
                .push(format!("invalid content type for the part `{name}`")),
        }
    }

    fn add(&mut self, name: &str, part: Part, headers: &[(String, String)]) {
        let mut map = HeaderMap::new();
        for (key, value) in headers {
            match (
                HeaderName::from_bytes(key.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(key), Ok(value)) => {
                    map.append(key, value);
                }
                _ => self
                    .errors
                    .push(format!("invalid header on the part `{name}`")),
            }
        }
        let part = if map.is_empty() {
            part
        } else {
            part.headers(map)
        };
        let form = std::mem::take(&mut self.form);
        self.form = form.part(name.to_owned(), part);
    }
}

/// The bytes already read from a stream, then the rest of it.
struct Prefixed<S> {
    prefix: Option<Bytes>,
    rest: Pin<Box<S>>,
}

impl<S: Stream<Item = Result<Bytes, reqwest::Error>>> Stream for Prefixed<S> {
    type Item = Result<Bytes, reqwest::Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if let Some(prefix) = self.prefix.take() {
            return Poll::Ready(Some(Ok(prefix)));
        }
        self.rest.as_mut().poll_next(cx)
    }
}
