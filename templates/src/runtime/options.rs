//! The knobs of a call: when a failed attempt is retried ([`RetryPolicy`]) and the
//! options a caller may set per call or per client ([`RequestOptions`]).
//!
//! Plain configuration, read by `Core::execute`; nothing here sends anything. Extra header
//! values are marked sensitive as soon as they are given and must never be printed.

use std::fmt;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::headers::header_pair;
use super::secret::REDACTED;

/// When and how often a failed attempt is retried.
///
/// Retries happen on connection failures, timeouts and the statuses 429, 502, 503 and
/// 504, but only when repeating the request is safe: `POST` and `PATCH` are retried only
/// when the server cannot have acted (connection refused, 429, or 503 with
/// `Retry-After`). The wait is exponential backoff with full jitter, unless the server
/// says how long to wait (`Retry-After` or one of `rate_limit_reset_headers`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Retries after the first attempt (default 2); 0 disables retries.
    pub max_retries: u32,
    /// The backoff ceiling before the first retry (default 500 ms); doubles each retry.
    pub initial_backoff: Duration,
    /// The largest backoff ceiling (default 30 s).
    pub max_backoff: Duration,
    /// Headers that carry when a rate limit resets, consulted after `Retry-After`. A
    /// value above 1 000 000 000 is a Unix time in seconds, otherwise a delay in seconds.
    /// The headers the API itself declares are consulted as well, after these.
    pub rate_limit_reset_headers: Vec<&'static str>,
    /// The longest wait a server may ask for (default 120 s). When it asks for longer the
    /// call is not retried and the response is returned as it is.
    pub max_server_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            rate_limit_reset_headers: Vec::new(),
            max_server_wait: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// A policy that never retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The backoff before retry number `retry` (0 for the first): a random duration
    /// between zero and `min(max_backoff, initial_backoff * 2^retry)`.
    pub(super) fn backoff(&self, retry: u32) -> Duration {
        let factor = 1u32.checked_shl(retry).unwrap_or(u32::MAX);
        let ceiling = self
            .initial_backoff
            .checked_mul(factor)
            .map_or(self.max_backoff, |d| d.min(self.max_backoff));
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

/// Per-call options; the client's defaults are a `RequestOptions` too, and per-call
/// options override them field by field.
///
/// Extra header values are marked sensitive and never printed. An invalid header name or
/// value is kept as an error and reported as
/// [`Error::InvalidRequest`](super::Error::InvalidRequest) when the request is sent.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(super) timeout: Option<Duration>,
    pub(super) idle_timeout: Option<Duration>,
    pub(super) max_retries: Option<u32>,
    pub(super) headers: Vec<(HeaderName, HeaderValue)>,
    pub(super) errors: Vec<String>,
}

impl RequestOptions {
    /// Options that change nothing.
    pub fn new() -> Self {
        RequestOptions::default()
    }

    /// The timeout of each attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest wait for the next chunk of a streamed response.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = Some(timeout);
        self
    }

    /// How many times a failed attempt may be retried.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// Never retry.
    pub fn no_retries(self) -> Self {
        self.max_retries(0)
    }

    /// Adds a header. It replaces any header of the same name the request would
    /// otherwise carry; calling this twice with one name sends both values.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        match header_pair(name, value.as_bytes(), "extra header") {
            Ok(pair) => self.headers.push(pair),
            Err(message) => self.errors.push(message),
        }
        self
    }

    /// Whether these options change nothing.
    #[doc(hidden)]
    pub fn is_empty(&self) -> bool {
        self.timeout.is_none()
            && self.idle_timeout.is_none()
            && self.max_retries.is_none()
            && self.headers.is_empty()
            && self.errors.is_empty()
    }

    /// These options with `other`'s set fields taking precedence; `other`'s headers
    /// replace headers of the same name.
    #[doc(hidden)]
    pub fn merged_with(&self, other: &RequestOptions) -> RequestOptions {
        let mut headers: Vec<(HeaderName, HeaderValue)> = self
            .headers
            .iter()
            .filter(|(name, _)| !other.headers.iter().any(|(n, _)| n == name))
            .cloned()
            .collect();
        headers.extend(other.headers.iter().cloned());
        let mut errors = self.errors.clone();
        errors.extend(other.errors.iter().cloned());
        RequestOptions {
            timeout: other.timeout.or(self.timeout),
            idle_timeout: other.idle_timeout.or(self.idle_timeout),
            max_retries: other.max_retries.or(self.max_retries),
            headers,
            errors,
        }
    }

    /// Replaces, in `map`, every header these options name.
    pub(super) fn apply_headers(&self, map: &mut HeaderMap) {
        for (name, _) in &self.headers {
            map.remove(name);
        }
        for (name, value) in &self.headers {
            map.append(name.clone(), value.clone());
        }
    }
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(name, _)| (name.as_str(), REDACTED))
            .collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &headers)
            .field("errors", &self.errors)
            .finish()
    }
}
