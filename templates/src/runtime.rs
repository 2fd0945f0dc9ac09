//! HTTP runtime shared by every generated client: request building, authentication,
//! retries with backoff, timeouts, response decoding and the error type.
//!
//! Generated operation methods describe a call as a [`Request`], hand it to
//! [`Core::execute`] and turn the [`RawResponse`] into a typed [`Response`] or [`Error`].
//!
//! This module must never panic on data from a server or a caller, and must never let a
//! credential reach a `Debug` or `Display` output or an error message.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Everything except RFC 3986 unreserved characters (`ALPHA DIGIT - . _ ~`).
const NOT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Bytes that may not appear in a cookie value (RFC 6265 `cookie-octet`), plus `%`.
const COOKIE_VALUE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// How many bytes of a response body errors and `Debug` output show.
const SNIPPET_LIMIT: usize = 512;

/// What `Debug` and `Display` print instead of a secret.
const REDACTED: &str = "[redacted]";

// ---------------------------------------------------------------------------------------
// Secrets and credentials
// ---------------------------------------------------------------------------------------

/// A secret value: serializes and deserializes transparently as `T`, but `Debug` and
/// `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

/// A secret string, such as a token, password or API key.
pub type SecretString = Secret<String>;

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value. Take care not to log it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

/// How a security scheme applies a credential (from the spec's `securitySchemes`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// An API key sent in the header with this name.
    ApiKeyHeader(&'static str),
    /// An API key sent as the query parameter with this name.
    ApiKeyQuery(&'static str),
    /// An API key sent as the cookie with this name.
    ApiKeyCookie(&'static str),
}

/// One security scheme of the spec: its name in `securitySchemes` and how it applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in the spec's `components.securitySchemes`.
    pub name: &'static str,
    /// How the scheme applies a credential.
    pub kind: SchemeKind,
}

/// A credential given once to a client, for one security scheme.
///
/// A token (`Bearer` or `ApiKey`) fits any bearer or API key scheme; `Basic` fits only a
/// basic scheme. `Debug` never shows the secret parts.
#[derive(Clone, Debug)]
pub enum Credential {
    /// A bearer token.
    Bearer(SecretString),
    /// A username and password for HTTP basic authentication.
    Basic {
        /// The username (not secret, shown by `Debug`).
        username: String,
        /// The password.
        password: SecretString,
    },
    /// An API key.
    ApiKey(SecretString),
}

impl Credential {
    /// A bearer token credential.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential::Bearer(Secret::new(token.into()))
    }

    /// A basic authentication credential.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: Secret::new(password.into()),
        }
    }

    /// An API key credential.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::ApiKey(Secret::new(key.into()))
    }
}

// ---------------------------------------------------------------------------------------
// Retry policy and per-call options
// ---------------------------------------------------------------------------------------

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
    /// The headers an API declares (added with [`ClientBuilder::rate_limit_reset_header`])
    /// are consulted as well, after these.
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
    fn backoff(&self, retry: u32) -> Duration {
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
/// value is kept as an error and reported as [`Error::InvalidRequest`] when the request
/// is sent.
#[derive(Clone, Default)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    headers: Vec<(HeaderName, HeaderValue)>,
    errors: Vec<String>,
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
    pub fn is_empty(&self) -> bool {
        self.timeout.is_none()
            && self.max_retries.is_none()
            && self.headers.is_empty()
            && self.errors.is_empty()
    }

    /// These options with `other`'s set fields taking precedence; `other`'s headers
    /// replace headers of the same name.
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
            max_retries: other.max_retries.or(self.max_retries),
            headers,
            errors,
        }
    }

    /// Replaces, in `map`, every header these options name.
    fn apply_headers(&self, map: &mut HeaderMap) {
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
            .field("max_retries", &self.max_retries)
            .field("headers", &headers)
            .field("errors", &self.errors)
            .finish()
    }
}

/// A validated header, its value marked sensitive. Error messages name the header but
/// never show the value, which may be a secret.
fn header_pair(name: &str, value: &[u8], what: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("invalid {what} name `{}`", name.escape_debug()))?;
    let mut header_value = HeaderValue::from_bytes(value).map_err(|_| {
        format!("invalid value for {what} `{header_name}` (control characters are not allowed)")
    })?;
    header_value.set_sensitive(true);
    Ok((header_name, header_value))
}

// ---------------------------------------------------------------------------------------
// Client builder and core
// ---------------------------------------------------------------------------------------

/// Why a client could not be built; lists every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<String>,
}

impl BuildError {
    /// Each problem found, one sentence each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.problems.join("; "))
    }
}

impl std::error::Error for BuildError {}

/// Builds a [`Core`].
#[derive(Debug)]
pub struct ClientBuilder {
    default_base_url: String,
    base_url: Option<String>,
    schemes: &'static [SecurityScheme],
    credentials: Vec<(&'static str, Credential)>,
    timeout: Duration,
    retry: RetryPolicy,
    /// Rate-limit reset headers kept apart from `retry`, so replacing the policy does not
    /// drop the ones the API declares.
    rate_limit_reset_headers: Vec<&'static str>,
    user_agent: String,
    defaults: RequestOptions,
    http_client: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// A builder for a client of an API whose first server is `default_base_url` and
    /// whose security schemes are `schemes`.
    pub fn new(default_base_url: &str, schemes: &'static [SecurityScheme]) -> Self {
        ClientBuilder {
            default_base_url: default_base_url.to_owned(),
            base_url: None,
            schemes,
            credentials: Vec::new(),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            rate_limit_reset_headers: Vec::new(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            defaults: RequestOptions::new(),
            http_client: None,
        }
    }

    /// Sends requests to `url` instead of the spec's first server. It must be an
    /// absolute `http` or `https` URL; a path in it prefixes every operation's path.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credential for the security scheme named `scheme`; replaces an earlier one.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// The timeout of each attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (replaces the whole policy, including an earlier
    /// [`ClientBuilder::max_retries`]). Headers added with
    /// [`ClientBuilder::rate_limit_reset_header`], such as the ones the API declares, are
    /// kept and consulted after the policy's own `rate_limit_reset_headers`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many times a failed attempt may be retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Adds a header that tells when a rate limit resets (see [`RetryPolicy`]); it stays
    /// when the policy is replaced with [`ClientBuilder::retry_policy`].
    pub fn rate_limit_reset_header(mut self, name: &'static str) -> Self {
        self.rate_limit_reset_headers.push(name);
        self
    }

    /// The `User-Agent` header (default: the crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request; per-call options may override it.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        self.defaults = self.defaults.header(name, value);
        self
    }

    /// Uses this HTTP client (its own redirect policy, proxies, TLS settings apply).
    ///
    /// Without one, the client built follows at most 10 redirects and only within the
    /// same origin, so credentials in custom headers or the query never reach another
    /// host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client; reports every problem at once.
    pub fn build(self) -> Result<Core, BuildError> {
        let mut problems = Vec::new();

        let raw_base = self.base_url.as_deref().unwrap_or(&self.default_base_url);
        let base_url = match parse_base_url(raw_base) {
            Ok(url) => url,
            Err(problem) => {
                problems.push(problem);
                String::new()
            }
        };

        let mut credentials = Vec::new();
        for (scheme_name, credential) in &self.credentials {
            let Some(scheme) = self.schemes.iter().find(|s| s.name == *scheme_name) else {
                let known: Vec<&str> = self.schemes.iter().map(|s| s.name).collect();
                problems.push(format!(
                    "unknown security scheme `{scheme_name}` (known: {})",
                    if known.is_empty() {
                        "none".to_owned()
                    } else {
                        known.join(", ")
                    }
                ));
                continue;
            };
            match AppliedCredential::new(scheme, credential) {
                Ok(applied) => credentials.push((scheme.name, applied)),
                Err(problem) => problems.push(problem),
            }
        }

        let user_agent = match HeaderValue::from_str(&self.user_agent) {
            Ok(value) => Some(value),
            Err(_) => {
                problems.push("the user agent is not a valid header value".to_owned());
                None
            }
        };

        problems.extend(
            self.defaults
                .errors
                .iter()
                .map(|e| format!("default header: {e}")),
        );

        let client = match self.http_client {
            Some(client) => Some(client),
            None => match reqwest::Client::builder()
                .redirect(same_origin_redirects())
                .build()
            {
                Ok(client) => Some(client),
                Err(err) => {
                    problems.push(format!(
                        "the HTTP client could not be created: {}",
                        describe_reqwest_error(err)
                    ));
                    None
                }
            },
        };

        let mut retry = self.retry;
        for name in self.rate_limit_reset_headers {
            if !retry
                .rate_limit_reset_headers
                .iter()
                .any(|known| known.eq_ignore_ascii_case(name))
            {
                retry.rate_limit_reset_headers.push(name);
            }
        }

        match (client, user_agent) {
            (Some(client), Some(user_agent)) if problems.is_empty() => Ok(Core {
                inner: Arc::new(CoreInner {
                    client,
                    base_url,
                    credentials,
                    timeout: self.timeout,
                    retry,
                    user_agent,
                    defaults: self.defaults,
                }),
            }),
            _ => Err(BuildError { problems }),
        }
    }
}

/// Checks a base URL and returns it without a trailing slash.
fn parse_base_url(raw: &str) -> Result<String, String> {
    // The URL may carry a password, so messages show it only when it has no user info.
    let shown = if raw.contains('@') {
        String::new()
    } else {
        format!(" `{}`", raw.escape_debug())
    };
    let url = reqwest::Url::parse(raw).map_err(|e| {
        format!("invalid base URL{shown}: {e}; give an absolute http(s) URL with `base_url`")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base URL{shown} must use http or https"));
    }
    if url.host_str().is_none() || url.cannot_be_a_base() {
        return Err(format!("base URL{shown} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("base URL must not contain credentials; use `credential` instead".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("base URL{shown} must not have a query or fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Follows up to 10 redirects, stopping (and returning the redirect response) at any
/// that would leave the origin of the original request.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// A credential resolved against its scheme at build time, ready to apply.
#[derive(Clone)]
enum AppliedCredential {
    Header(HeaderName, HeaderValue),
    Query(String),
    Cookie(String),
}

impl AppliedCredential {
    fn new(scheme: &SecurityScheme, credential: &Credential) -> Result<Self, String> {
        let name = scheme.name;
        let header = |header_name: HeaderName, text: String| {
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                format!("the credential for security scheme `{name}` is not a valid header value")
            })?;
            value.set_sensitive(true);
            Ok(AppliedCredential::Header(header_name, value))
        };
        let authorization = reqwest::header::AUTHORIZATION;
        match (scheme.kind, credential) {
            (SchemeKind::Bearer, Credential::Bearer(token) | Credential::ApiKey(token)) => {
                header(authorization, format!("Bearer {}", token.expose()))
            }
            (SchemeKind::Basic, Credential::Basic { username, password }) => {
                let pair = format!("{username}:{}", password.expose());
                header(
                    authorization,
                    format!("Basic {}", base64_encode(pair.as_bytes())),
                )
            }
            (
                SchemeKind::ApiKeyHeader(header_name),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => {
                let header_name = HeaderName::from_bytes(header_name.as_bytes()).map_err(|_| {
                    format!("security scheme `{name}` names an invalid header `{header_name}`")
                })?;
                header(header_name, token.expose().clone())
            }
            (
                SchemeKind::ApiKeyQuery(param),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => Ok(AppliedCredential::Query(format!(
                "{}={}",
                encode_unreserved(param),
                encode_unreserved(token.expose())
            ))),
            (
                SchemeKind::ApiKeyCookie(cookie),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => {
                if !is_cookie_name(cookie) {
                    return Err(format!(
                        "security scheme `{name}` names an invalid cookie `{cookie}`"
                    ));
                }
                Ok(AppliedCredential::Cookie(format!(
                    "{cookie}={}",
                    utf8_percent_encode(token.expose(), COOKIE_VALUE)
                )))
            }
            (kind, _) => Err(format!(
                "security scheme `{name}` ({kind:?}) does not take this kind of credential"
            )),
        }
    }
}

/// The shared engine of one client: configuration, credentials and the HTTP client.
/// Cheap to clone. `Debug` shows the configuration but never a credential.
#[derive(Clone)]
pub struct Core {
    inner: Arc<CoreInner>,
}

struct CoreInner {
    client: reqwest::Client,
    base_url: String,
    credentials: Vec<(&'static str, AppliedCredential)>,
    timeout: Duration,
    retry: RetryPolicy,
    user_agent: HeaderValue,
    defaults: RequestOptions,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let schemes: Vec<&str> = inner.credentials.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Core")
            .field("base_url", &inner.base_url)
            .field("credentials_for", &schemes)
            .field("timeout", &inner.timeout)
            .field("retry", &inner.retry)
            .field("user_agent", &inner.user_agent)
            .field("default_headers", &inner.defaults)
            .finish()
    }
}

impl Core {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` (with retries, as [`Core::execute`]) and turns the reply into the
    /// operation's result with `decode`: what every generated operation method returns.
    pub async fn call<T, E>(
        &self,
        request: Request,
        options: &RequestOptions,
        decode: impl FnOnce(RawResponse) -> Result<Response<T>, Error<E>>,
    ) -> Result<Response<T>, Error<E>> {
        decode(self.execute(request, options).await?)
    }

    /// Sends `request` with retries and timeouts per `options` (merged over the client's
    /// defaults) and reads the whole body. Every status is a success here; the generated
    /// method decides which statuses are errors.
    pub async fn execute<E>(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error<E>> {
        let inner = &self.inner;
        // Most calls carry no options of their own: skip building merged ones.
        let merged;
        let options = if options.is_empty() {
            &inner.defaults
        } else {
            merged = inner.defaults.merged_with(options);
            &merged
        };
        let max_retries = options.max_retries.unwrap_or(inner.retry.max_retries);
        let idempotent = is_idempotent(&request.method);

        let mut attempts: u32 = 0;
        loop {
            attempts = attempts.saturating_add(1);
            let may_retry = attempts <= max_retries;
            // Built anew for each attempt (the body is shared, not copied): cheaper than
            // copying the first one in case a retry follows, which is rare.
            let this_attempt = self
                .prepare(&request, options)
                .map_err(|message| Error::InvalidRequest { message })?;
            let failure = match inner.client.execute(this_attempt).await {
                Ok(mut response) => {
                    let status = response.status();
                    let headers = std::mem::take(response.headers_mut());
                    match response.bytes().await {
                        Ok(body) => {
                            if may_retry {
                                if let Some(wait) =
                                    self.status_retry_wait(status, &headers, idempotent, attempts)
                                {
                                    sleep(wait).await;
                                    continue;
                                }
                            }
                            return Ok(RawResponse {
                                status,
                                headers,
                                body,
                                attempts,
                            });
                        }
                        Err(err) => err.without_url(),
                    }
                }
                Err(err) => err.without_url(),
            };
            // A refused connection means nothing was sent; a timeout may have reached a
            // server that acted, so only idempotent requests retry it.
            let retryable = failure.is_connect() || (failure.is_timeout() && idempotent);
            if may_retry && retryable {
                sleep(inner.retry.backoff(attempts - 1)).await;
                continue;
            }
            return Err(if failure.is_timeout() {
                Error::Timeout { attempts }
            } else if failure.is_connect() {
                Error::Connect {
                    message: describe_reqwest_error(failure),
                    attempts,
                }
            } else {
                Error::Transport {
                    message: describe_reqwest_error(failure),
                    attempts,
                }
            });
        }
    }

    /// How long to wait before retrying a response with this status, or `None` when it
    /// must not be retried.
    fn status_retry_wait(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        idempotent: bool,
        attempts: u32,
    ) -> Option<Duration> {
        if !matches!(status.as_u16(), 429 | 502 | 503 | 504) {
            return None;
        }
        let policy = &self.inner.retry;
        let retry_after = header_str(headers, "retry-after").and_then(parse_retry_after);
        let retryable = match status.as_u16() {
            429 => true,
            503 => idempotent || retry_after.is_some(),
            502 | 504 => idempotent,
            _ => false,
        };
        if !retryable {
            return None;
        }
        let server_wait = retry_after.or_else(|| {
            policy
                .rate_limit_reset_headers
                .iter()
                .find_map(|name| header_str(headers, name).and_then(parse_rate_limit_reset))
        });
        match server_wait {
            Some(wait) if wait > policy.max_server_wait => None,
            Some(wait) => Some(wait),
            None => Some(policy.backoff(attempts.saturating_sub(1))),
        }
    }

    /// Builds the HTTP request: URL, headers, authentication, body and timeout.
    fn prepare(
        &self,
        request: &Request,
        options: &RequestOptions,
    ) -> Result<reqwest::Request, String> {
        let inner = &self.inner;
        if let Some(message) = request.errors.first().or(options.errors.first()) {
            return Err(message.clone());
        }

        let path = request.path.as_str();
        if let Some(segment) = path.split('/').find(|s| is_dot_segment(s)) {
            return Err(format!(
                "the path contains the segment `{segment}`, which URLs treat as `.` or `..`; \
                 a path parameter cannot be `.` or `..`"
            ));
        }

        let mut headers = HeaderMap::new();
        headers.insert(reqwest::header::USER_AGENT, inner.user_agent.clone());
        if let Some(accept) = request.accept {
            let value = HeaderValue::from_str(accept)
                .map_err(|_| format!("invalid Accept value `{accept}`"))?;
            headers.insert(reqwest::header::ACCEPT, value);
        }
        if let Some((content_type, _)) = &request.body {
            let value = HeaderValue::from_str(content_type.as_ref())
                .map_err(|_| format!("invalid Content-Type value `{content_type}`"))?;
            headers.insert(reqwest::header::CONTENT_TYPE, value);
        }
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }

        let mut url = String::with_capacity(inner.base_url.len() + path.len() + 64);
        url.push_str(&inner.base_url);
        if !path.starts_with('/') {
            url.push('/');
        }
        url.push_str(path);
        let mut separator = '?';
        for pair in &request.query {
            url.push(separator);
            url.push_str(pair);
            separator = '&';
        }
        let mut cookies: Vec<&str> = request.cookies.iter().map(String::as_str).collect();
        let credentials = self
            .satisfied_alternative(request.security)
            .unwrap_or_default()
            .iter()
            .filter_map(|scheme| self.credential(scheme));
        for credential in credentials {
            match credential {
                AppliedCredential::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                AppliedCredential::Query(pair) => {
                    url.push(separator);
                    url.push_str(pair);
                    separator = '&';
                }
                AppliedCredential::Cookie(pair) => cookies.push(pair),
            }
        }
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; "))
                .map_err(|_| "invalid Cookie header".to_owned())?;
            value.set_sensitive(true);
            headers.insert(reqwest::header::COOKIE, value);
        }
        options.apply_headers(&mut headers);

        // The URL may hold an API key, so the message leaves it out.
        let url =
            reqwest::Url::parse(&url).map_err(|e| format!("the request URL is invalid: {e}"))?;

        let mut prepared = reqwest::Request::new(request.method.clone(), url);
        *prepared.headers_mut() = headers;
        if let Some((_, body)) = &request.body {
            *prepared.body_mut() = Some(reqwest::Body::from(body.clone()));
        }
        *prepared.timeout_mut() = Some(options.timeout.unwrap_or(inner.timeout));
        Ok(prepared)
    }

    /// The credential given for a scheme.
    fn credential(&self, scheme: &str) -> Option<&AppliedCredential> {
        self.inner
            .credentials
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, credential)| credential)
    }

    /// The first non-empty alternative of the operation's security requirements whose
    /// schemes all have a credential; none when no alternative is satisfied (or an empty
    /// one says none are needed).
    fn satisfied_alternative(
        &self,
        requirements: &'static [&'static [&'static str]],
    ) -> Option<&'static [&'static str]> {
        requirements
            .iter()
            .filter(|alternative| !alternative.is_empty())
            .find(|alternative| {
                alternative
                    .iter()
                    .all(|scheme| self.credential(scheme).is_some())
            })
            .copied()
    }
}

fn is_idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// Whether URL parsers treat a path segment as `.` or `..` (WHATWG URL also decodes
/// `%2e`), which would silently change the path.
fn is_dot_segment(segment: &str) -> bool {
    matches!(
        segment.to_ascii_lowercase().as_str(),
        "." | "%2e" | ".." | ".%2e" | "%2e." | "%2e%2e"
    )
}

async fn sleep(duration: Duration) {
    if !duration.is_zero() {
        tokio::time::sleep(duration).await;
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
}

/// `Retry-After`: delay seconds or an HTTP date (a date in the past means now).
fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(
        date.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

/// A rate-limit reset header: above 1 000 000 000 a Unix time in seconds, otherwise a
/// delay in seconds (fractions allowed).
fn parse_rate_limit_reset(value: &str) -> Option<Duration> {
    let seconds: f64 = value
        .parse()
        .ok()
        .filter(|s: &f64| s.is_finite() && *s >= 0.0)?;
    if seconds > 1_000_000_000.0 {
        let reset =
            SystemTime::UNIX_EPOCH.checked_add(Duration::try_from_secs_f64(seconds).ok()?)?;
        Some(
            reset
                .duration_since(SystemTime::now())
                .unwrap_or(Duration::ZERO),
        )
    } else {
        Duration::try_from_secs_f64(seconds).ok()
    }
}

/// A reqwest error as one line, with its causes; the URL (which may hold an API key) is
/// stripped first.
fn describe_reqwest_error(err: reqwest::Error) -> String {
    let err = err.without_url();
    let mut message = err.to_string();
    let mut source = std::error::Error::source(&err);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let triple = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (triple >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Requests and parameter serialization
// ---------------------------------------------------------------------------------------

/// How a query parameter is serialized (OpenAPI `style` and `explode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`: arrays as `name=a&name=b` (explode) or `name=a,b`; objects as `k=v&k2=v2`
    /// (explode) or `name=k,v,k2,v2`.
    Form {
        /// Whether arrays and objects are split into separate parameters.
        explode: bool,
    },
    /// `spaceDelimited`: arrays as `name=a%20b`.
    SpaceDelimited,
    /// `pipeDelimited`: arrays as `name=a|b`.
    PipeDelimited,
    /// `deepObject`: objects as `name[k]=v`, nested ones as `name[k][k2]=v`.
    DeepObject,
}

impl QueryStyle {
    /// `form` with `explode: true`, the default for query parameters.
    pub const FORM: QueryStyle = QueryStyle::Form { explode: true };
}

/// One request as a generated method describes it: method, encoded path, parameters,
/// body and security requirements.
///
/// Parameter and body methods never fail; a value that cannot be serialized is recorded
/// and reported as [`Error::InvalidRequest`] by [`Core::execute`].
pub struct Request {
    method: Method,
    path: String,
    query: Vec<String>,
    headers: Vec<(HeaderName, HeaderValue)>,
    cookies: Vec<String>,
    body: Option<(Cow<'static, str>, Bytes)>,
    accept: Option<&'static str>,
    security: &'static [&'static [&'static str]],
    errors: Vec<String>,
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_params", &self.query.len())
            .field("headers", &headers)
            .field("cookies", &self.cookies.len())
            .field("content_type", &self.body.as_ref().map(|(ct, _)| ct))
            .field("accept", &self.accept)
            .field("security", &self.security)
            .field("errors", &self.errors)
            .finish()
    }
}

impl Request {
    /// A request for `path`, which is already encoded (see [`path_param`]) and starts
    /// with `/`. It is appended to the base URL, keeping the base URL's own path.
    pub fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: None,
            security: &[],
            errors: Vec::new(),
        }
    }

    /// Adds a query parameter. `null` (so `None`) and empty arrays or objects are
    /// omitted; strings are sent as they are, numbers and booleans as text; arrays and
    /// objects per `style`. A value nested inside an array element is sent as JSON text.
    pub fn query<T: Serialize + ?Sized>(&mut self, name: &str, value: &T, style: QueryStyle) {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.errors.push(format!(
                    "query parameter `{name}` could not be serialized: {e}"
                ));
                return;
            }
        };
        let encoded_name = encode_unreserved(name);
        let joined = |items: Vec<String>, delimiter: &str| -> Option<String> {
            (!items.is_empty()).then(|| format!("{encoded_name}={}", items.join(delimiter)))
        };
        let pairs: Vec<String> = match (&value, style) {
            (Value::Null, _) => Vec::new(),
            (Value::Array(_) | Value::Object(_), QueryStyle::DeepObject) => {
                let mut flat = Vec::new();
                flatten_brackets(name.to_owned(), &value, &mut flat);
                flat.iter()
                    .map(|(k, v)| format!("{}={}", encode_unreserved(k), encode_unreserved(v)))
                    .collect()
            }
            (Value::Array(items), QueryStyle::Form { explode: true }) => items
                .iter()
                .filter(|item| !item.is_null())
                .map(|item| format!("{encoded_name}={}", encode_unreserved(&scalar_text(item))))
                .collect(),
            (Value::Object(map), QueryStyle::Form { explode: true }) => map
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| {
                    format!(
                        "{}={}",
                        encode_unreserved(k),
                        encode_unreserved(&scalar_text(v))
                    )
                })
                .collect(),
            (Value::Array(_) | Value::Object(_), _) => {
                let delimiter = match style {
                    QueryStyle::SpaceDelimited => "%20",
                    QueryStyle::PipeDelimited => "|",
                    _ => ",",
                };
                let items = delimited_items(&value)
                    .iter()
                    .map(|s| encode_unreserved(s))
                    .collect();
                joined(items, delimiter).into_iter().collect()
            }
            (scalar, _) => vec![format!(
                "{encoded_name}={}",
                encode_unreserved(&scalar_text(scalar))
            )],
        };
        self.query.extend(pairs);
    }

    /// Adds a header parameter. `null` (so `None`) is omitted; arrays are comma-joined,
    /// objects sent as `k,v,k2,v2`.
    pub fn header<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        let Some(text) = self.simple_text("header", name, value) else {
            return;
        };
        match header_pair(name, text.as_bytes(), "header parameter") {
            Ok(pair) => self.headers.push(pair),
            Err(message) => self.errors.push(message),
        }
    }

    /// Adds a cookie parameter, with the same rules as [`Request::header`]; characters a
    /// cookie value cannot hold are percent-encoded.
    pub fn cookie<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) {
        if !is_cookie_name(name) {
            self.errors
                .push(format!("invalid cookie name `{}`", name.escape_debug()));
            return;
        }
        let Ok(value) = serde_json::to_value(value) else {
            self.errors
                .push(format!("cookie parameter `{name}` could not be serialized"));
            return;
        };
        let items = delimited_items(&value);
        if value.is_null() || ((value.is_array() || value.is_object()) && items.is_empty()) {
            return;
        }
        let encoded: Vec<String> = items
            .iter()
            .map(|item| utf8_percent_encode(item, COOKIE_VALUE).to_string())
            .collect();
        self.cookies.push(format!("{name}={}", encoded.join(",")));
    }

    /// Sets a JSON body, serialized now, sent with `content_type`.
    pub fn json_body<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some((Cow::Borrowed(content_type), Bytes::from(bytes))),
            Err(e) => self
                .errors
                .push(format!("the request body could not be serialized: {e}")),
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body. The value must serialize to an
    /// object; nested objects use brackets (`a[b]=c`) and arrays indices (`a[0]=x`);
    /// `null` fields are omitted.
    pub fn form_body<T: Serialize + ?Sized>(&mut self, body: &T) {
        let value = match serde_json::to_value(body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => {
                self.errors
                    .push("a form body must serialize to an object".to_owned());
                return;
            }
            Err(e) => {
                self.errors
                    .push(format!("the request body could not be serialized: {e}"));
                return;
            }
        };
        let mut pairs = Vec::new();
        for (key, field) in &value {
            flatten_brackets(key.clone(), field, &mut pairs);
        }
        let mut form = url::form_urlencoded::Serializer::new(String::new());
        for (key, field) in &pairs {
            form.append_pair(key, field);
        }
        self.body = Some((
            Cow::Borrowed("application/x-www-form-urlencoded"),
            Bytes::from(form.finish()),
        ));
    }

    /// Sets a binary body.
    ///
    /// The content type may be computed (a multipart boundary, say): anything that turns
    /// into a `Cow<'static, str>` works, a `&'static str` or a `String`.
    pub fn bytes_body(
        &mut self,
        content_type: impl Into<Cow<'static, str>>,
        body: impl Into<Bytes>,
    ) {
        self.body = Some((content_type.into(), body.into()));
    }

    /// Sets a text body.
    pub fn text_body(
        &mut self,
        content_type: impl Into<Cow<'static, str>>,
        body: impl Into<String>,
    ) {
        self.body = Some((content_type.into(), Bytes::from(body.into())));
    }

    /// Sets the `Accept` header (a single media type or a comma-joined list).
    pub fn accept(&mut self, media: &'static str) {
        self.accept = Some(media);
    }

    /// The operation's security requirements: alternatives, each a set of scheme names
    /// that must all have a credential. The first non-empty alternative the client has
    /// every credential for is applied. When none is satisfied, or an empty alternative
    /// says authentication is optional, the request is sent without credentials.
    pub fn security(&mut self, requirements: &'static [&'static [&'static str]]) {
        self.security = requirements;
    }

    /// The value of a header or cookie parameter as `simple` style text, or `None` when
    /// it is omitted or failed (the failure is recorded).
    fn simple_text<T: Serialize + ?Sized>(
        &mut self,
        what: &str,
        name: &str,
        value: &T,
    ) -> Option<String> {
        let value = match serde_json::to_value(value) {
            Ok(value) => value,
            Err(e) => {
                self.errors.push(format!(
                    "{what} parameter `{name}` could not be serialized: {e}"
                ));
                return None;
            }
        };
        match &value {
            Value::Null => None,
            Value::Array(_) | Value::Object(_) => {
                let items = delimited_items(&value);
                (!items.is_empty()).then(|| items.join(","))
            }
            scalar => Some(scalar_text(scalar)),
        }
    }
}

/// Encodes a value for a path segment: scalars as text, arrays as comma-separated items,
/// objects as `k,v,k2,v2`. Each item is percent-encoded except for RFC 3986 unreserved
/// characters (a comma inside an item becomes `%2C`), so no value can change the path's
/// structure. The values `.` and `..` become `%2E` and `%2E%2E`; since URL parsers still
/// read those as dot segments, [`Core::execute`] rejects such a path with
/// [`Error::InvalidRequest`] rather than send the request to another path.
///
/// `None` encodes as the empty string, and so does a value that cannot be serialized
/// (a custom `Serialize` impl that fails, or a map whose keys are not strings).
pub fn path_param<T: Serialize + ?Sized>(value: &T) -> String {
    let items = serde_json::to_value(value)
        .map(|value| delimited_items(&value))
        .unwrap_or_default();
    let encoded: Vec<String> = items
        .iter()
        .map(|item| match item.as_str() {
            "." => "%2E".to_owned(),
            ".." => "%2E%2E".to_owned(),
            _ => encode_unreserved(item),
        })
        .collect();
    encoded.join(",")
}

fn encode_unreserved(text: &str) -> String {
    utf8_percent_encode(text, NOT_UNRESERVED).to_string()
}

/// A JSON value as parameter text: strings as they are, other scalars in JSON notation,
/// arrays and objects as compact JSON.
fn scalar_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// The items of a non-exploded array (`a`, `b`) or object (`k`, `v`, `k2`, `v2`), nulls
/// left out; a scalar is its own single item.
fn delimited_items(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items
            .iter()
            .filter(|v| !v.is_null())
            .map(scalar_text)
            .collect(),
        Value::Object(map) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect(),
        Value::Null => Vec::new(),
        scalar => vec![scalar_text(scalar)],
    }
}

/// Flattens a value into `prefix[key][0]=value` pairs; nulls are left out.
fn flatten_brackets(prefix: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, field) in map {
                flatten_brackets(format!("{prefix}[{key}]"), field, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                flatten_brackets(format!("{prefix}[{index}]"), item, out);
            }
        }
        scalar => out.push((prefix, scalar_text(scalar))),
    }
}

/// RFC 6265 cookie names are HTTP tokens.
fn is_cookie_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&b))
}

// ---------------------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------------------

/// A whole response, before decoding. `Debug` shows the status, headers (credentials and
/// cookies redacted) and the start of the body.
pub struct RawResponse {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
}

impl fmt::Debug for RawResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawResponse")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &snippet(&self.body))
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
            snippet: snippet(&self.body),
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
        serde_json::from_slice(body).map_err(|e| {
            if is_blank(&self.body) {
                format!("the body is empty: {e}")
            } else if e.is_data() {
                // Well-formed JSON of another shape than the spec documents.
                format!("the JSON does not match the documented type: {e}")
            } else {
                format!("invalid JSON: {e}")
            }
        })
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
            snippet: snippet(&self.body),
            status: self.status,
            headers: self.headers,
            body,
            attempts: self.attempts,
        })
    }

    fn decode_error<E>(self, message: String) -> Error<E> {
        Error::Decode {
            snippet: snippet(&self.body),
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

/// At most [`SNIPPET_LIMIT`] bytes of `body` as lossy UTF-8, cut on a character boundary,
/// with `…` when something was cut.
fn snippet(body: &[u8]) -> String {
    // A few bytes more than the limit, so a character cut at the limit is not replaced.
    let head = body.get(..SNIPPET_LIMIT + 4).unwrap_or(body);
    let mut text = String::from_utf8_lossy(head).into_owned();
    let cut = text
        .char_indices()
        .map(|(i, c)| i + c.len_utf8())
        .take_while(|end| *end <= SNIPPET_LIMIT)
        .last()
        .unwrap_or(0);
    let truncated = cut < text.len() || head.len() < body.len();
    text.truncate(cut);
    if truncated {
        text.push('…');
    }
    text
}

/// Header names whose values `Debug` never shows.
fn is_sensitive_header(name: &HeaderName, value: &HeaderValue) -> bool {
    let name = name.as_str();
    value.is_sensitive()
        || [
            "auth",
            "cookie",
            "token",
            "secret",
            "key",
            "session",
            "password",
            "signature",
        ]
        .iter()
        .any(|word| name.contains(word))
}

/// Headers for `Debug`, sensitive values redacted.
struct RedactedHeaders<'a>(&'a HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for (name, value) in self.0 {
            if is_sensitive_header(name, value) {
                map.entry(&name.as_str(), &REDACTED);
            } else {
                map.entry(&name.as_str(), value);
            }
        }
        map.finish()
    }
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

// ---------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------

/// An error response with a status the spec documents, its body decoded to `E`.
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: E,
    /// The start of the raw body (at most 512 bytes, `…` when cut).
    pub snippet: String,
    /// How many attempts were made: 1 plus the retries.
    pub attempts: u32,
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("snippet", &self.snippet)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Every way a call can fail. `Display` gives one line with the status and the start of
/// the body where there is one.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error.
    Api(ApiError<E>),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The headers.
        headers: HeaderMap,
        /// The start of the body.
        snippet: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The body did not match what the spec documents.
    Decode {
        /// The status.
        status: StatusCode,
        /// The headers.
        headers: HeaderMap,
        /// The start of the body.
        snippet: String,
        /// What did not match.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The last attempt timed out.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The last attempt could not connect.
    Connect {
        /// What went wrong.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// Sending the request or reading the response failed (for example a body cut short).
    Transport {
        /// What went wrong.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request could not be built (an invalid header value, a value that could not
    /// be serialized, ...); nothing was sent.
    InvalidRequest {
        /// What is wrong.
        message: String,
    },
}

impl<E> Error<E> {
    /// The response status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response headers, if a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(api) => Some(&api.headers),
            Error::UnexpectedStatus { headers, .. } | Error::Decode { headers, .. } => {
                Some(headers)
            }
            _ => None,
        }
    }

    /// How many attempts were made (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(api) => api.attempts,
            Error::UnexpectedStatus { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Timeout { attempts }
            | Error::Connect { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts,
            Error::InvalidRequest { .. } => 0,
        }
    }

    /// The decoded error body of an [`Error::Api`].
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(api) => Some(&api.body),
            _ => None,
        }
    }

    /// The start of the response body, if a response arrived.
    pub fn snippet(&self) -> Option<&str> {
        match self {
            Error::Api(api) => Some(&api.snippet),
            Error::UnexpectedStatus { snippet, .. } | Error::Decode { snippet, .. } => {
                Some(snippet)
            }
            _ => None,
        }
    }

    /// Whether the last attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Maps the body of an [`Error::Api`]; other variants are kept as they are.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(api) => Error::Api(ApiError {
                status: api.status,
                headers: api.headers,
                body: f(api.body),
                snippet: api.snippet,
                attempts: api.attempts,
            }),
            Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            } => Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            },
            Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            } => Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            },
            Error::Timeout { attempts } => Error::Timeout { attempts },
            Error::Connect { message, attempts } => Error::Connect { message, attempts },
            Error::Transport { message, attempts } => Error::Transport { message, attempts },
            Error::InvalidRequest { message } => Error::InvalidRequest { message },
        }
    }
}

/// Text on one line: control characters (newlines, tabs, ...) become spaces.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            fmt::Write::write_char(f, if c.is_control() { ' ' } else { c })?;
        }
        Ok(())
    }
}

/// `", body: <snippet>"`, or nothing for an empty body.
struct BodySuffix<'a>(&'a str);

impl fmt::Display for BodySuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.trim().is_empty() {
            Ok(())
        } else {
            write!(f, ", body: {}", OneLine(self.0))
        }
    }
}

/// `" after N attempts"` when there were retries.
struct AttemptsSuffix(u32);

impl fmt::Display for AttemptsSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " (after {} attempts)", self.0)
        } else {
            Ok(())
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(
                f,
                "API error: HTTP {}{}{}",
                api.status,
                AttemptsSuffix(api.attempts),
                BodySuffix(&api.snippet)
            ),
            Error::UnexpectedStatus {
                status,
                snippet,
                attempts,
                ..
            } => write!(
                f,
                "unexpected HTTP status {status}{}{}",
                AttemptsSuffix(*attempts),
                BodySuffix(snippet)
            ),
            Error::Decode {
                status,
                snippet,
                message,
                attempts,
                ..
            } => write!(
                f,
                "could not decode the response (HTTP {status}): {}{}{}",
                OneLine(message),
                AttemptsSuffix(*attempts),
                BodySuffix(snippet)
            ),
            Error::Timeout { attempts } => {
                write!(f, "the request timed out{}", AttemptsSuffix(*attempts))
            }
            Error::Connect { message, attempts } => write!(
                f,
                "could not connect: {}{}",
                OneLine(message),
                AttemptsSuffix(*attempts)
            ),
            Error::Transport { message, attempts } => write!(
                f,
                "transport error: {}{}",
                OneLine(message),
                AttemptsSuffix(*attempts)
            ),
            Error::InvalidRequest { message } => write!(f, "invalid request: {}", OneLine(message)),
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("snippet", snippet)
                .field("attempts", attempts)
                .finish(),
            Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("snippet", snippet)
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::Timeout { attempts } => f
                .debug_struct("Timeout")
                .field("attempts", attempts)
                .finish(),
            Error::Connect { message, attempts } => f
                .debug_struct("Connect")
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::Transport { message, attempts } => f
                .debug_struct("Transport")
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::InvalidRequest { message } => f
                .debug_struct("InvalidRequest")
                .field("message", message)
                .finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}

// ---------------------------------------------------------------------------------------
// Serde support for generated object types
// ---------------------------------------------------------------------------------------

/// What the `Deserialize` impls of generated types call; not meant for use by hand.
///
/// Generated object types implement `Serialize` and `Deserialize` through the `object!`
/// macro, and string enums through `FromStr`, instead of serde's derives: the derives emit
/// a field-name enum, a sequence visitor, a wrapper type per `deserialize_with` field and
/// a length sum over the optional fields for every struct, several hundred lines each, and
/// on large APIs that code is most of what `cargo check` of the generated crate spends its
/// time on. What is decoded is what the derives decoded: a JSON object (extra keys
/// ignored or kept in `additional_properties`); a missing required field, a duplicate key
/// or a value of the wrong type is an error naming the field; a missing or `null` optional
/// field is `None`.
pub mod de {
    use std::borrow::Cow;
    use std::collections::BTreeMap;
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Deserializer, Error, IgnoredAny, MapAccess, Visitor};
    use serde::Deserialize;

    /// A generated object type: its Rust name, its fields' wire names in declaration
    /// order, and how to build it from the entries of a map.
    pub trait Object: Sized {
        /// The type's Rust name, for "expected struct ..." messages.
        const NAME: &'static str;
        /// The wire name of each field.
        const FIELDS: &'static [&'static str];
        /// Builds the value from the entries of a map, keys read as [`Key`].
        fn from_map<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
    }

    /// `Deserialize::deserialize` of an [`Object`]: a map (a JSON object), nothing else.
    pub fn object<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::from_map(map)
        }
    }

    /// A map key, borrowed from the input where the format allows.
    pub struct Key<'de>(Cow<'de, str>);

    impl Key<'_> {
        /// The key.
        pub fn as_str(&self) -> &str {
            &self.0
        }

        /// The key, owned.
        pub fn into_owned(self) -> String {
            self.0.into_owned()
        }
    }

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_identifier(KeyVisitor)
        }
    }

    struct KeyVisitor;

    impl<'de> Visitor<'de> for KeyVisitor {
        type Value = Key<'de>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a field name")
        }

        fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Borrowed(key)))
        }

        fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Owned(key.to_owned())))
        }

        fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
            Ok(Key(Cow::Owned(key)))
        }

        fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Key<'de>, E> {
            match std::str::from_utf8(key) {
                Ok(key) => self.visit_str(key),
                Err(_) => Err(E::invalid_value(
                    serde::de::Unexpected::Bytes(key),
                    &"a UTF-8 field name",
                )),
            }
        }

        fn visit_borrowed_bytes<E: Error>(self, key: &'de [u8]) -> Result<Key<'de>, E> {
            match std::str::from_utf8(key) {
                Ok(key) => self.visit_borrowed_str(key),
                Err(_) => Err(E::invalid_value(
                    serde::de::Unexpected::Bytes(key),
                    &"a UTF-8 field name",
                )),
            }
        }
    }

    /// Reads the value of field `name` into `slot`; a second value for it is an error, as
    /// with `#[derive(Deserialize)]`.
    pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        name: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(name));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Skips the value of a key that names no field.
    pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
        map.next_value::<IgnoredAny>().map(|_| ())
    }

    /// Keeps the entry of a key that names no field in `additional_properties`.
    pub fn extra<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        extra: &mut BTreeMap<String, T>,
        key: Key<'de>,
    ) -> Result<(), A::Error> {
        let value = map.next_value()?;
        extra.insert(key.into_owned(), value);
        Ok(())
    }

    /// The value of a required field `T`, or a "missing field" error naming it.
    pub fn required<'de, A: MapAccess<'de>, T>(
        slot: Option<T>,
        name: &'static str,
    ) -> Result<T, A::Error> {
        slot.ok_or_else(|| A::Error::missing_field(name))
    }

    /// The value of an optional field `Option<T>`: `None` when the key is absent or `null`.
    pub fn optional<'de, A: MapAccess<'de>, T>(
        slot: Option<Option<T>>,
        _name: &'static str,
    ) -> Result<Option<T>, A::Error> {
        Ok(slot.flatten())
    }

    /// The value of a required field that may be `null`, `Option<T>`: `None` when `null`,
    /// and also when absent, as `#[derive(Deserialize)]` did.
    pub fn nullable<'de, A: MapAccess<'de>, T>(
        slot: Option<Option<T>>,
        _name: &'static str,
    ) -> Result<Option<T>, A::Error> {
        Ok(slot.flatten())
    }

    /// The value of an optional nullable field `Option<Option<T>>`: `None` when the key is
    /// absent, `Some(None)` when it is `null`.
    pub fn optional_nullable<'de, A: MapAccess<'de>, T>(
        slot: Option<Option<T>>,
        _name: &'static str,
    ) -> Result<Option<Option<T>>, A::Error> {
        Ok(slot)
    }

    /// `Deserialize::deserialize` of a string enum: any string, parsed by the enum's
    /// `FromStr` (which keeps a value it does not know as `Other`).
    pub fn string_enum<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: std::str::FromStr<Err = std::convert::Infallible>,
        D: Deserializer<'de>,
    {
        deserializer.deserialize_str(StringEnumVisitor(PhantomData))
    }

    struct StringEnumVisitor<T>(PhantomData<T>);

    impl<'de, T: std::str::FromStr<Err = std::convert::Infallible>> Visitor<'de>
        for StringEnumVisitor<T>
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
            match value.parse() {
                Ok(value) => Ok(value),
                Err(never) => match never {},
            }
        }
    }
}

/// What the `Serialize` impls of generated object types call (see [`de`]); each writes
/// one field as a map entry, or nothing.
pub mod ser {
    use std::collections::BTreeMap;

    use serde::ser::SerializeMap;
    use serde::Serialize;

    /// A required field: always written.
    pub fn required<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        map.serialize_entry(key, value)
    }

    /// A required field that may be `null`: always written, `None` as `null`.
    pub fn nullable<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        map.serialize_entry(key, value)
    }

    /// An optional field: left out when `None`.
    pub fn optional<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// An optional nullable field: left out when `None`, `null` when `Some(None)`.
    pub fn optional_nullable<M: SerializeMap, T: Serialize>(
        map: &mut M,
        key: &'static str,
        value: &Option<Option<T>>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => map.serialize_entry(key, value),
            None => Ok(()),
        }
    }

    /// The entries of `additional_properties`, after the fields.
    pub fn extra<M: SerializeMap, T: Serialize>(
        map: &mut M,
        extra: &BTreeMap<String, T>,
    ) -> Result<(), M::Error> {
        extra
            .iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

/// Implements `Serialize` and `Deserialize` for a generated object type (see [`de`]); what
/// the generator emits after each struct, one field per line, in the struct's order:
///
/// ```ignore
/// crate::runtime::object! {
///     Image {
///         "id" => id: required,                   // `T`
///         "parent" => parent: nullable,           // `Option<T>`, `None` sent as `null`
///         "name" => name: optional,               // `Option<T>`, `None` left out
///         "digest" => digest: optional_nullable,  // `Option<Option<T>>`, `Some(None)` is `null`
///         ..additional_properties                 // keys no field names, if kept
///     }
/// }
/// ```
///
/// The kind names the functions in [`ser`] and [`de`] that write and read the field. An
/// object is written as a map (as serde's derive does with a flattened field), which JSON
/// cannot tell from a struct and which keeps formats that write lengths correct when
/// optional fields are left out.
///
/// Not `#[macro_export]`: generated crates mark their modules `#[rustfmt::skip]`, which
/// makes an exported macro in them unusable by path; this is used as
/// `crate::runtime::object!` instead.
#[allow(unused_macros)] // In a crate with no object types.
macro_rules! object {
    ($ty:ident { $($wire:literal => $field:ident: $kind:ident,)* $(..$extra:ident)? }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                #[allow(unused_mut)] // With no fields.
                let mut map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::None)?;
                $($crate::runtime::ser::$kind(&mut map, $wire, &self.$field)?;)*
                $($crate::runtime::ser::extra(&mut map, &self.$extra)?;)?
                ::serde::ser::SerializeMap::end(map)
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::object(deserializer)
            }
        }

        impl $crate::runtime::de::Object for $ty {
            const NAME: &'static str = ::std::stringify!($ty);
            const FIELDS: &'static [&'static str] = &[$($wire),*];

            fn from_map<'de, A: ::serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::std::result::Result<Self, A::Error> {
                $(let mut $field = ::std::option::Option::None;)*
                $(let mut $extra = ::std::collections::BTreeMap::new();)?
                while let ::std::option::Option::Some(key) =
                    ::serde::de::MapAccess::next_key::<$crate::runtime::de::Key<'de>>(&mut map)?
                {
                    match key.as_str() {
                        $($wire => $crate::runtime::de::field(&mut map, &mut $field, $wire)?,)*
                        _ => $crate::runtime::object!(@other map key $($extra)?),
                    }
                }
                ::std::result::Result::Ok(Self {
                    $($field: $crate::runtime::de::$kind::<A, _>($field, $wire)?,)*
                    $($extra,)?
                })
            }
        }
    };
    // A key no field names: skipped, or kept in `additional_properties`.
    (@other $map:ident $key:ident) => {
        $crate::runtime::de::skip(&mut $map)?
    };
    (@other $map:ident $key:ident $extra:ident) => {
        $crate::runtime::de::extra(&mut $map, &mut $extra, $key)?
    };
}
#[allow(unused_imports)] // In a crate with no object types.
pub(crate) use object;

/// Gives a generated string enum (its known values as unit variants, and `Other(String)`
/// for any other value) `as_str`, `Display`, `FromStr` (which never fails), and
/// `Serialize`/`Deserialize` as a JSON string; what the generator emits after each such
/// enum, one value per line:
///
/// ```ignore
/// crate::runtime::string_enum! {
///     SnapshotState {
///         "creating" => Creating,
///         "ready" => Ready,
///     }
/// }
/// ```
#[allow(unused_macros)] // In a crate with no string enums.
macro_rules! string_enum {
    ($ty:ident { $($value:literal => $variant:ident,)* }) => {
        impl $ty {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;

            /// Never fails: a value this client does not know becomes `Other`.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(match value {
                    $($value => Self::$variant,)*
                    _ => Self::Other(value.to_owned()),
                })
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::string_enum(deserializer)
            }
        }
    };
}
#[allow(unused_imports)] // In a crate with no string enums.
pub(crate) use string_enum;
