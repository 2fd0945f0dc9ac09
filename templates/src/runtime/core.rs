//! `Core`: the engine behind every generated client. `Core::execute` sends one request:
//! it applies the credentials the operation asks for, the default and per-call options,
//! the timeout of each attempt, and retries with backoff when that is safe.
//!
//! Plumbing that generated methods call, hidden from rustdoc. It must never retry what
//! the server may have acted on (a timed-out `POST`), never panic on what a server sends,
//! and never put a URL (which may hold an API key) or a credential in an error.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::{Bytes, BytesMut};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};

use super::auth::{AppliedCredential, Credential};
use super::call::{Call, Decode};
use super::error::Error;
use super::headers::header_str;
use super::hook::{Action, AttemptInfo, Hook, HookRequest, HookResponse, Refusal, Reply};
use super::options::{RequestOptions, RetryPolicy};
use super::request::{Request, EMPTY_PATH_PARAM};
use super::response::RawResponse;
use super::secret::SecretString;
use super::stream::ByteStream;
use super::trace::{AttemptTrace, CallTrace};
use super::upload::UploadInner;

/// The shared engine of one client: configuration, credentials and the HTTP client.
/// Cheap to clone. `Debug` shows the configuration but never a credential.
#[doc(hidden)]
#[derive(Clone)]
pub struct Core {
    pub(super) inner: Arc<CoreInner>,
}

/// What a `Core` shares between its clones; built by `ClientBuilder::build`.
pub(super) struct CoreInner {
    pub(super) client: reqwest::Client,
    pub(super) base_url: String,
    pub(super) credentials: Vec<(&'static str, AppliedCredential)>,
    pub(super) timeout: Duration,
    /// The longest wait for a chunk of a streamed body.
    pub(super) idle_timeout: Duration,
    pub(super) retry: RetryPolicy,
    pub(super) user_agent: HeaderValue,
    pub(super) defaults: RequestOptions,
    /// The JSON keys whose values body snippets mask.
    pub(super) secret_fields: &'static [&'static str],
    /// The largest response body read; a longer one fails the call.
    pub(super) max_response_bytes: usize,
    /// The hooks, in the order they run.
    pub(super) hooks: Vec<Arc<dyn Hook>>,
}

impl fmt::Debug for Core {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        let schemes: Vec<&str> = inner.credentials.iter().map(|(name, _)| *name).collect();
        f.debug_struct("Core")
            .field("base_url", &inner.base_url)
            .field("credentials_for", &schemes)
            .field("timeout", &inner.timeout)
            .field("idle_timeout", &inner.idle_timeout)
            .field("retry", &inner.retry)
            .field("user_agent", &inner.user_agent)
            .field("default_headers", &inner.defaults)
            .field("secret_fields", &inner.secret_fields)
            .field("max_response_bytes", &inner.max_response_bytes)
            .field("hooks", &inner.hooks.len())
            .finish()
    }
}

impl Core {
    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends `request` (with retries, as [`Core::execute`]) with `options` (merged over
    /// the client's defaults) and turns the reply into the operation's result with
    /// `decode`: what awaiting every generated request value runs.
    pub fn call<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Request,
        options: RequestOptions,
        decode: Decode<T, E>,
    ) -> Call<'a, T, E> {
        Call::new(async move { decode(self.send(request, &options, None).await?) })
    }

    /// Like [`Core::call`], but the body of a response whose status `streamed` accepts is
    /// not read: `decode` gets it as a stream (`RawResponse::event_stream`, ...). Such a
    /// call has no deadline on the whole body: the timeout bounds connecting and the wait
    /// for the response head (and reading a body that is not streamed), the idle timeout
    /// each wait for a chunk. A response once streamed is never retried.
    pub fn call_stream<'a, T: Send + 'a, E: Send + 'a>(
        &'a self,
        request: Request,
        options: RequestOptions,
        streamed: fn(u16) -> bool,
        decode: Decode<T, E>,
    ) -> Call<'a, T, E> {
        Call::new(async move { decode(self.send(request, &options, Some(streamed)).await?) })
    }

    /// Sends `request` with retries and timeouts per `options` (merged over the client's
    /// defaults) and reads the whole body. Every status is a success here; the generated
    /// method decides which statuses are errors.
    pub async fn execute<E>(
        &self,
        request: Request,
        options: &RequestOptions,
    ) -> Result<RawResponse, Error<E>> {
        self.send(request, options, None).await
    }

    /// [`Core::execute`], leaving the bodies of the statuses `streamed` accepts unread;
    /// in the call's span when tracing is on.
    async fn send<E>(
        &self,
        request: Request,
        options: &RequestOptions,
        streamed: Option<fn(u16) -> bool>,
    ) -> Result<RawResponse, Error<E>> {
        let trace = CallTrace::new(request.operation, &request.method, request.template);
        #[cfg(feature = "tracing")]
        let result = {
            use tracing::Instrument;
            let span = trace.span.clone();
            self.attempts(request, options, streamed, &trace)
                .instrument(span)
                .await
        };
        #[cfg(not(feature = "tracing"))]
        let result = self.attempts(request, options, streamed, &trace).await;
        match &result {
            Ok(response) => trace.end(Some(response.status.as_u16()), None, response.attempts),
            Err(err) => trace.end(
                err.status().map(|s| s.as_u16()),
                error_kind(err),
                err.attempts(),
            ),
        }
        result
    }

    /// The attempts of one call: tokens, hooks, sending, retries.
    async fn attempts<E>(
        &self,
        mut request: Request,
        options: &RequestOptions,
        streamed: Option<fn(u16) -> bool>,
        trace: &CallTrace,
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
        // A streamed upload can be sent once: never retried.
        let replayable = request.body.as_ref().is_none_or(|(_, b)| b.is_replayable());
        let max_retries = if replayable {
            options.max_retries.unwrap_or(inner.retry.max_retries)
        } else {
            0
        };
        let idempotent = is_idempotent(&request.method);
        let timeout = options.timeout.unwrap_or(inner.timeout);
        let idle_timeout = options.idle_timeout.unwrap_or(inner.idle_timeout);

        let mut attempts: u32 = 0;
        // A 401 to a provider's token asks it for a new one, and retries once.
        let mut refresh = false;
        let mut refreshed = false;
        // The providers' tokens of the last attempt: the ones a 401 refuses.
        let mut sent: Vec<SecretString> = Vec::new();
        loop {
            attempts = attempts.saturating_add(1);
            let may_retry = attempts <= max_retries;
            let refused = if refresh { Some(sent.as_slice()) } else { None };
            let (tokens, raw) = self
                .tokens(request.security, refused)
                .await
                .map_err(|message| Error::Credential { message })?;
            sent = raw;
            refresh = false;
            // Built anew for each attempt (the body is shared, not copied): cheaper than
            // copying the first one in case a retry follows, which is rare.
            let mut this_attempt = self
                .prepare(&mut request, options, &tokens)
                .map_err(|message| Error::InvalidRequest { message })?;
            let attempt_trace = trace.attempt(attempts, &request.method, request.template);
            let info = AttemptInfo {
                operation: request.operation,
                template: request.template,
                attempt: attempts,
            };
            let hooked = self.before_hooks(&mut this_attempt, info);
            let hooked = hooked.map_err(|refusal| Error::Refused {
                message: refusal.message,
            })?;
            if let Some(reply) = hooked {
                attempt_trace.status(reply.status.as_u16());
                return Ok(RawResponse {
                    status: reply.status,
                    headers: reply.headers,
                    body: reply.body,
                    stream: None,
                    attempts,
                    secret_fields: inner.secret_fields,
                    limit: inner.max_response_bytes,
                });
            }
            // A streamed call has no deadline on the whole body, only on its head (and on
            // a body that is read whole).
            let deadline = tokio::time::Instant::now() + timeout;
            if streamed.is_none() {
                *this_attempt.timeout_mut() = Some(timeout);
            }
            let attempt = Attempt {
                info,
                started: Instant::now(),
                deadline,
                streamed,
                idle_timeout,
                may_retry,
                idempotent,
                may_refresh: !tokens.is_empty() && !refreshed && replayable,
            };
            let sent = tokio::time::timeout_at(deadline, inner.client.execute(this_attempt));
            let failure = match sent.await {
                Ok(Ok(response)) => match self.receive(response, &attempt, &attempt_trace).await {
                    Received::Done(response) => return Ok(response),
                    Received::Refresh => {
                        refreshed = true;
                        refresh = true;
                        continue;
                    }
                    Received::Retry(wait) => {
                        sleep(wait).await;
                        continue;
                    }
                    Received::Failed(failure) => failure,
                    Received::Error(error) => return Err(error),
                },
                Ok(Err(err)) => Failure::Http(err.without_url()),
                Err(_) => Failure::TimedOut,
            };
            attempt_trace.error(if failure.is_timeout() {
                "timeout"
            } else if failure.is_connect() {
                "connect"
            } else {
                "transport"
            });
            // A refused connection means nothing was sent; a timeout may have reached a
            // server that acted, so only idempotent requests retry it.
            let retryable = failure.is_connect() || (failure.is_timeout() && idempotent);
            if may_retry && retryable {
                sleep(inner.retry.backoff(attempts - 1)).await;
                continue;
            }
            return Err(failure.into_error(attempts));
        }
    }

    /// What becomes of an attempt whose response head arrived: the hooks see it, then its
    /// body is streamed, read whole or its status retried.
    async fn receive<E>(
        &self,
        mut response: reqwest::Response,
        attempt: &Attempt,
        trace: &AttemptTrace,
    ) -> Received<E> {
        let inner = &self.inner;
        let attempts = attempt.info.attempt;
        let status = response.status();
        trace.status(status.as_u16());
        let headers = std::mem::take(response.headers_mut());
        for hook in &inner.hooks {
            hook.on_response(&HookResponse {
                status,
                headers: &headers,
                elapsed: attempt.started.elapsed(),
                info: attempt.info,
            });
        }
        let limit = inner.max_response_bytes;
        if attempt
            .streamed
            .is_some_and(|streamed| streamed(status.as_u16()))
        {
            return Received::Done(RawResponse {
                status,
                headers,
                body: Bytes::new(),
                stream: Some(ByteStream::new(
                    response,
                    attempt.idle_timeout,
                    limit,
                    attempts,
                )),
                attempts,
                secret_fields: inner.secret_fields,
                limit,
            });
        }
        let read = read_body(response, limit);
        let body = match tokio::time::timeout_at(attempt.deadline, read).await {
            Ok(Ok(body)) => body,
            Ok(Err(BodyError::TooLarge)) => {
                return Received::Error(Error::Transport {
                    message: format!(
                        "the response body (HTTP {status}) is larger than the client's limit \
                         of {limit} bytes (`max_response_bytes`); the rest was not read"
                    ),
                    attempts,
                })
            }
            Ok(Err(BodyError::Http(err))) => {
                return Received::Failed(Failure::Http(err.without_url()))
            }
            Err(_) => return Received::Failed(Failure::TimedOut),
        };
        if status == StatusCode::UNAUTHORIZED && attempt.may_refresh {
            return Received::Refresh;
        }
        if attempt.may_retry {
            if let Some(wait) =
                self.status_retry_wait(status, &headers, attempt.idempotent, attempts)
            {
                return Received::Retry(wait);
            }
        }
        Received::Done(RawResponse {
            status,
            headers,
            body,
            stream: None,
            attempts,
            secret_fields: inner.secret_fields,
            limit,
        })
    }

    /// Runs the hooks on an attempt's request, in order: a reply ends the call without
    /// sending, a refusal fails it.
    fn before_hooks(
        &self,
        request: &mut reqwest::Request,
        info: AttemptInfo,
    ) -> Result<Option<Reply>, Refusal> {
        for hook in &self.inner.hooks {
            let mut view = HookRequest { request, info };
            if let Action::Respond(reply) = hook.on_request(&mut view)? {
                return Ok(Some(reply));
            }
        }
        Ok(None)
    }

    /// The tokens of the providers among the credentials this request uses, and the same
    /// tokens as given; after a 401, each provider is asked to replace the token it gave
    /// for the refused attempt (`refused`, in the same order).
    async fn tokens(
        &self,
        security: &'static [&'static [&'static str]],
        refused: Option<&[SecretString]>,
    ) -> Result<(Vec<(&'static str, AppliedCredential)>, Vec<SecretString>), String> {
        let mut tokens = Vec::new();
        let mut raw = Vec::new();
        for scheme in self.satisfied_alternative(security).unwrap_or_default() {
            if let Some(AppliedCredential::Provider(definition, provider)) = self.credential(scheme)
            {
                let asked = match refused.and_then(|r| r.get(raw.len())) {
                    Some(refused) => provider.refresh(refused),
                    None => provider.token(refused.is_some()),
                };
                let token = asked
                    .await
                    .map_err(|message| format!("security scheme `{scheme}`: {message}"))?;
                let applied =
                    AppliedCredential::new(definition, &Credential::Bearer(token.clone()))?;
                tokens.push((*scheme, applied));
                raw.push(token);
            }
        }
        Ok((tokens, raw))
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
        request: &mut Request,
        options: &RequestOptions,
        tokens: &[(&'static str, AppliedCredential)],
    ) -> Result<reqwest::Request, String> {
        let inner = &self.inner;
        if let Some(message) = request.errors.first().or(options.errors.first()) {
            return Err(message.clone());
        }

        let path = request.path.as_str();
        if path.contains(EMPTY_PATH_PARAM) {
            return Err(
                "a path parameter is empty (or could not be serialized); an empty \
                 segment would change the path, so the request was not sent"
                    .to_owned(),
            );
        }
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
        let mut cookies: Vec<&str> = request.cookies.iter().map(String::as_str).collect();
        let credentials: Vec<&AppliedCredential> = self
            .satisfied_alternative(request.security)
            .unwrap_or_default()
            .iter()
            .filter_map(|scheme| match self.credential(scheme) {
                Some(AppliedCredential::Provider(..)) => tokens
                    .iter()
                    .find(|(name, _)| name == scheme)
                    .map(|(_, token)| token),
                other => other,
            })
            .collect();
        // A query parameter that carries an API key is the credential's alone: a next
        // page's URL that repeats it (the server echoing the key) does not send it twice.
        let key_params: Vec<&str> = credentials
            .iter()
            .filter_map(|c| match c {
                AppliedCredential::Query(pair) => pair.split('=').next(),
                _ => None,
            })
            .collect();
        let mut separator = '?';
        for pair in &request.query {
            let name = pair.split('=').next().unwrap_or(pair);
            if key_params.contains(&name) {
                continue;
            }
            url.push(separator);
            url.push_str(pair);
            separator = '&';
        }
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
                // Replaced by its token above.
                AppliedCredential::Provider(..) => {}
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
        *prepared.body_mut() = match request.body.as_mut().map(|(_, body)| &mut body.inner) {
            Some(UploadInner::Bytes(bytes)) => Some(reqwest::Body::from(bytes.clone())),
            // Sent once (a call with a streamed upload makes one attempt).
            Some(UploadInner::Stream(stream)) => {
                Some(std::mem::replace(stream, reqwest::Body::from(Bytes::new())))
            }
            None => None,
        };
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

/// The kind of a failure without a response, as tracing's `error.type` names it.
fn error_kind<E>(err: &Error<E>) -> Option<&'static str> {
    match err {
        Error::Timeout { .. } => Some("timeout"),
        Error::Connect { .. } => Some("connect"),
        Error::Transport { .. } => Some("transport"),
        Error::InvalidRequest { .. } => Some("invalid_request"),
        Error::Refused { .. } => Some("refused"),
        Error::Credential { .. } => Some("credential"),
        _ => None,
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

/// One attempt, as [`Core::receive`] needs it.
struct Attempt {
    info: AttemptInfo,
    started: Instant,
    /// When the response head (and a body read whole) must have arrived.
    deadline: tokio::time::Instant,
    streamed: Option<fn(u16) -> bool>,
    idle_timeout: Duration,
    /// Whether a retryable status may be retried.
    may_retry: bool,
    idempotent: bool,
    /// Whether a 401 may ask the token providers for new tokens and try again (once).
    may_refresh: bool,
}

/// What became of an attempt whose response head arrived.
enum Received<E> {
    /// The call's response.
    Done(RawResponse),
    /// A 401 to a provider's token: ask for new tokens and try again.
    Refresh,
    /// A status to retry after this wait.
    Retry(Duration),
    /// The body could not be read.
    Failed(Failure),
    /// The call fails.
    Error(Error<E>),
}
/// Why an attempt failed.
enum Failure {
    /// The client's error: could not connect, cut short, its own timeout.
    Http(reqwest::Error),
    /// The deadline passed before the response head (or a body read whole) arrived.
    TimedOut,
}

impl Failure {
    fn is_timeout(&self) -> bool {
        match self {
            Failure::Http(err) => err.is_timeout(),
            Failure::TimedOut => true,
        }
    }

    fn is_connect(&self) -> bool {
        matches!(self, Failure::Http(err) if err.is_connect())
    }

    /// The error a call ends in after `attempts` attempts, the last failing so.
    fn into_error<E>(self, attempts: u32) -> Error<E> {
        match self {
            _ if self.is_timeout() => Error::Timeout { attempts },
            Failure::Http(failure) if failure.is_connect() => Error::Connect {
                message: describe_reqwest_error(failure),
                attempts,
            },
            Failure::Http(failure) => Error::Transport {
                message: describe_reqwest_error(failure),
                attempts,
            },
            Failure::TimedOut => Error::Timeout { attempts },
        }
    }
}

/// Why a body was not read.
enum BodyError {
    /// It is longer than the limit (announced or as it arrived).
    TooLarge,
    /// The connection failed or the body was cut short.
    Http(reqwest::Error),
}

/// Reads the whole body, but never more than `limit` bytes: a `Content-Length` above the
/// limit fails at once, and a body that grows past it fails as soon as it does, so
/// memory stays bounded whatever the server sends.
async fn read_body(mut response: reqwest::Response, limit: usize) -> Result<Bytes, BodyError> {
    let announced = response.content_length().unwrap_or(0);
    if !usize::try_from(announced).is_ok_and(|n| n <= limit) {
        return Err(BodyError::TooLarge);
    }
    let mut body = BytesMut::with_capacity(usize::try_from(announced).unwrap_or(0));
    while let Some(chunk) = response.chunk().await.map_err(BodyError::Http)? {
        if chunk.len() > limit.saturating_sub(body.len()) {
            return Err(BodyError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

async fn sleep(duration: Duration) {
    if !duration.is_zero() {
        tokio::time::sleep(duration).await;
    }
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
pub(super) fn describe_reqwest_error(err: reqwest::Error) -> String {
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
