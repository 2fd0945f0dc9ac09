//! Hooks: code of the user's that sees each attempt's request before it is sent and the
//! head of its response after, registered on the builder with `.hook(..)`.
//!
//! A hook may add or replace headers (a signature, a trace id), refuse the request with
//! its own message (nothing is sent) or answer it without sending (a cache, a test
//! double). It runs after the credentials are applied, so a signer sees the final
//! request. `Debug` of what a hook is shown stays redacted: header values only by name,
//! the URL without query values, the body by its length.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};

use super::headers::RedactedHeaders;
use super::redact::display_url;

/// Code that sees every attempt of every call: registered with
/// [`ClientBuilder::hook`](super::ClientBuilder::hook), several run in the order they
/// were added.
///
/// Both methods have defaults that do nothing, so a hook implements only what it needs.
/// They are synchronous and run on the task that makes the call: keep them short.
pub trait Hook: Send + Sync + 'static {
    /// Called before each attempt is sent (a retry calls it again), after credentials,
    /// default headers and per-call options were applied. Return
    /// [`Action::Send`] to go on, [`Action::Respond`] to answer the call without sending
    /// (later hooks are skipped), or a [`Refusal`] to fail the call with
    /// [`Error::Refused`](super::Error::Refused) (nothing is sent).
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        let _ = request;
        Ok(Action::Send)
    }

    /// Called when the head of an attempt's response has arrived (before its body is
    /// read); not called for an attempt that failed without a response.
    fn on_response(&self, response: &HookResponse<'_>) {
        let _ = response;
    }
}

/// What a hook decides about a request.
#[derive(Debug)]
#[non_exhaustive]
pub enum Action {
    /// Send the request (to the next hook first).
    Send,
    /// Do not send: the call gets this response, as if the server had sent it (decoded
    /// as usual, never retried).
    Respond(Reply),
}

/// A response a hook gives instead of sending the request.
#[derive(Debug, Clone)]
pub struct Reply {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
}

impl Reply {
    /// A response with this status, no headers and an empty body.
    pub fn new(status: StatusCode) -> Self {
        Reply {
            status,
            headers: HeaderMap::new(),
            body: Bytes::new(),
        }
    }

    /// A JSON body (sets `Content-Type: application/json`).
    pub fn json(mut self, body: &serde_json::Value) -> Self {
        self.body = Bytes::from(body.to_string());
        self.headers.insert(
            reqwest::header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        );
        self
    }

    /// A header of the response.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// The body, as it is (set the `Content-Type` with [`Reply::header`]).
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }
}

/// Why a hook refused a request: its message becomes
/// [`Error::Refused`](super::Error::Refused). Write no secret in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub(super) message: String,
}

impl Refusal {
    /// A refusal with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Refusal {
            message: message.into(),
        }
    }
}

/// Which call an attempt belongs to: what both hook methods are shown.
#[derive(Debug, Clone, Copy)]
pub(super) struct AttemptInfo {
    pub(super) operation: &'static str,
    pub(super) template: &'static str,
    pub(super) attempt: u32,
}

/// One attempt's request as a hook sees it: read anything, change headers.
///
/// [`url`](HookRequest::url), [`headers`](HookRequest::headers) and
/// [`body`](HookRequest::body) are the real ones, credentials included (a signer needs
/// them): log [`url_template`](HookRequest::url_template) instead, or the `Debug` output,
/// which shows the URL without query values, header names without values and the body's
/// length.
pub struct HookRequest<'a> {
    pub(super) request: &'a mut reqwest::Request,
    pub(super) info: AttemptInfo,
}

impl HookRequest<'_> {
    /// The operation's `operationId` (or the method name when the spec gives none).
    pub fn operation_id(&self) -> &'static str {
        self.info.operation
    }

    /// The path template as the spec writes it (`/v3/connectors/{provider}/creds`),
    /// without parameter values.
    pub fn url_template(&self) -> &'static str {
        self.info.template
    }

    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.info.attempt
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.request.method()
    }

    /// The full URL, with the query (an API key in the query is there: do not log it).
    pub fn url(&self) -> &Url {
        self.request.url()
    }

    /// The headers, credentials included (sensitive values are marked so).
    pub fn headers(&self) -> &HeaderMap {
        self.request.headers()
    }

    /// The headers, to change: a value inserted here is sent as it is; mark a secret one
    /// with `HeaderValue::set_sensitive(true)` so that `Debug` hides it.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        self.request.headers_mut()
    }

    /// Sets header `name` to `value` (replacing any), marked sensitive; an invalid name or
    /// value is a [`Refusal`] that names the header but not the value.
    pub fn set_header(&mut self, name: &str, value: &str) -> Result<(), Refusal> {
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
            Refusal::new(format!(
                "a hook set an invalid header name `{}`",
                name.escape_debug()
            ))
        })?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Refusal::new(format!("a hook set an invalid value for header `{name}`"))
        })?;
        value.set_sensitive(true);
        self.request.headers_mut().insert(name, value);
        Ok(())
    }

    /// The body when it is in memory (`None` without a body or for a streamed upload).
    pub fn body(&self) -> Option<&[u8]> {
        self.request.body().and_then(reqwest::Body::as_bytes)
    }
}

impl fmt::Debug for HookRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self
            .request
            .headers()
            .keys()
            .map(HeaderName::as_str)
            .collect();
        f.debug_struct("HookRequest")
            .field("operation_id", &self.info.operation)
            .field("url_template", &self.info.template)
            .field("attempt", &self.info.attempt)
            .field("method", self.request.method())
            .field("url", &display_url(self.request.url().as_str()))
            .field("headers", &headers)
            .field("body_len", &self.body().map(<[u8]>::len))
            .finish()
    }
}

/// The head of one attempt's response as a hook sees it.
pub struct HookResponse<'a> {
    pub(super) status: StatusCode,
    pub(super) headers: &'a HeaderMap,
    pub(super) elapsed: Duration,
    pub(super) info: AttemptInfo,
}

impl HookResponse<'_> {
    /// The operation's `operationId` (or the method name when the spec gives none).
    pub fn operation_id(&self) -> &'static str {
        self.info.operation
    }

    /// The path template, without parameter values.
    pub fn url_template(&self) -> &'static str {
        self.info.template
    }

    /// Which attempt this is, from 1.
    pub fn attempt(&self) -> u32 {
        self.info.attempt
    }

    /// The status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The headers.
    pub fn headers(&self) -> &HeaderMap {
        self.headers
    }

    /// The time from sending the request to the response head.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }
}

impl fmt::Debug for HookResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HookResponse")
            .field("operation_id", &self.info.operation)
            .field("url_template", &self.info.template)
            .field("attempt", &self.info.attempt)
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(self.headers))
            .field("elapsed", &self.elapsed)
            .finish()
    }
}
