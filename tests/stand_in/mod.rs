//! Stand-in servers for the documented operations: local HTTP servers that behave as the
//! vendors' reference pages describe, so the generated clients can be proven on the wire
//! without an account.
//!
//! - [`nylas()`]: `POST /v3/connectors/{provider}/creds` and
//!   `PATCH /v3/connectors/{provider}/creds/{id}` (see [`mod@nylas`] for the key it
//!   accepts and how it behaves, and likewise for the others).
//! - [`thousandeyes()`]: `POST /v6/credentials/new.json?aid=...` with basic auth.
//! - [`commercelayer()`]: `POST /api/api_credentials` with JSON:API bodies.
//!
//! Each one checks the method, path, query, credentials, `Content-Type`, `Accept` and the
//! body's shape, answers with the documented example, and records every request it
//! receives ([`StandIn::hits`]), noting which documented request example the body equals
//! ([`Hit::documented_example`]). The examples are read from `specs/`, so the stand-ins
//! cannot drift from the specs. Each can be scripted to misbehave first
//! ([`StandIn::inject`] with a [`Fault`]).
//!
//! A stand-in binds 127.0.0.1 on a port the OS picks and must never listen on, or call,
//! any other address.

pub mod commercelayer;
pub mod nylas;
pub mod thousandeyes;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{ACCEPT, AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use openapi_clients::runtime::RetryPolicy;
use serde_json::Value;
use tokio::sync::oneshot;

/// Starts the Nylas stand-in (create and update a connector credential).
pub async fn nylas() -> StandIn {
    nylas::start().await
}

/// Starts the ThousandEyes stand-in (create a credential).
pub async fn thousandeyes() -> StandIn {
    thousandeyes::start().await
}

/// Starts the Commerce Layer stand-in (create an API credential).
pub async fn commercelayer() -> StandIn {
    commercelayer::start().await
}

/// A running stand-in server. Dropping it (or [`StandIn::shutdown`]) stops it.
pub struct StandIn {
    base_url: String,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
}

impl StandIn {
    /// The base URL to give a client's `base_url`, e.g. `http://127.0.0.1:40123` (with the
    /// API's version prefix where its server URL has one, e.g. `.../v6` for ThousandEyes).
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far, in arrival order, faulted ones included.
    pub fn hits(&self) -> Vec<Hit> {
        lock(&self.shared.hits).clone()
    }

    /// How many requests arrived so far.
    pub fn hit_count(&self) -> usize {
        lock(&self.shared.hits).len()
    }

    /// Queues a scripted reply: the next request that arrives gets the first queued fault
    /// instead of the normal behaviour (it is still recorded in [`StandIn::hits`]).
    pub fn inject(&self, fault: Fault) -> &Self {
        lock(&self.shared.faults).push_back(fault);
        self
    }

    /// How many queued faults have not been sent yet.
    pub fn faults_left(&self) -> usize {
        lock(&self.shared.faults).len()
    }

    /// Stops the server.
    pub fn shutdown(mut self) {
        if let Some(stop) = self.shutdown.take() {
            let _ = stop.send(());
        }
    }
}

impl std::fmt::Debug for StandIn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StandIn")
            .field("base_url", &self.base_url)
            .field("hits", &self.hit_count())
            .field("faults_left", &self.faults_left())
            .finish()
    }
}

/// One request as the stand-in received it.
#[derive(Debug, Clone)]
pub struct Hit {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The raw path, exactly as it was on the wire (still percent-encoded).
    pub path: String,
    /// The raw query, without `?`.
    pub query: Option<String>,
    /// The request headers.
    pub headers: HeaderMap,
    /// The body bytes.
    pub body: Bytes,
    /// Whether a scripted fault answered this request.
    pub faulted: bool,
    /// The name of the documented request example (in `specs/`) the body equals as JSON,
    /// e.g. `curl`; set by the normal behaviour only.
    pub documented_example: Option<String>,
}

impl Hit {
    /// The first value of header `name`, if it is visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// A scripted reply: a status, headers and body, optionally after a delay, optionally cut
/// short or replaced by closing the connection.
#[derive(Debug, Clone)]
pub struct Fault {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    delay: Duration,
    cut: Cut,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    /// Send the whole reply.
    None,
    /// Announce the whole body in `Content-Length`, send this many bytes, then drop the
    /// connection.
    Truncate(usize),
    /// Drop the connection without sending a reply.
    Close,
}

impl Fault {
    /// A reply with this status and no body. An invalid status becomes 500.
    pub fn status(status: u16) -> Self {
        Fault {
            status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            headers: Vec::new(),
            body: Bytes::new(),
            delay: Duration::ZERO,
            cut: Cut::None,
        }
    }

    /// A reply with this status and a JSON body (sent as `application/json`).
    pub fn json(status: u16, body: &Value) -> Self {
        Fault::status(status)
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    /// Closes the connection without answering.
    pub fn close() -> Self {
        Fault {
            cut: Cut::Close,
            ..Fault::status(500)
        }
    }

    /// Adds a header (ignored if the name or value is invalid).
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            self.headers.push((name, value));
        }
        self
    }

    /// Sets the body.
    pub fn body(mut self, body: impl Into<Bytes>) -> Self {
        self.body = body.into();
        self
    }

    /// Waits this long before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// Announces the whole body in `Content-Length` but sends only its first `keep`
    /// bytes, then drops the connection.
    pub fn truncate(mut self, keep: usize) -> Self {
        self.cut = Cut::Truncate(keep);
        self
    }

    async fn respond(self) -> Response {
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        let body = match self.cut {
            Cut::None => Body::from(self.body.clone()),
            Cut::Truncate(keep) => {
                let head = self.body.slice(..keep.min(self.body.len()));
                Body::from_stream(broken_stream(Some(head)))
            }
            Cut::Close => Body::from_stream(broken_stream(None)),
        };
        let mut response = Response::new(body);
        *response.status_mut() = self.status;
        for (name, value) in self.headers {
            response.headers_mut().append(name, value);
        }
        if let Cut::Truncate(_) = self.cut {
            response
                .headers_mut()
                .insert(CONTENT_LENGTH, HeaderValue::from(self.body.len()));
        }
        response
    }
}

/// A body stream that yields `head` (if any), waits so the server flushes it, then fails,
/// which makes the server drop the connection mid-reply.
fn broken_stream(
    head: Option<Bytes>,
) -> impl futures_util::Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    enum Step {
        Head(Bytes),
        Pause,
        Fail,
        Done,
    }
    let first = head.map_or(Step::Fail, Step::Head);
    futures_util::stream::unfold(first, |step| async move {
        let cut = || Err(std::io::Error::other("stand-in: connection cut"));
        match step {
            Step::Head(head) => Some((Ok(head), Step::Pause)),
            Step::Pause => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                Some((cut(), Step::Done))
            }
            Step::Fail => Some((cut(), Step::Done)),
            Step::Done => None,
        }
    })
}

// ---------------------------------------------------------------------------------------
// Serving, recording and fault injection
// ---------------------------------------------------------------------------------------

/// The largest request body a stand-in reads.
const MAX_BODY: usize = 1 << 20;

/// What a stand-in shares with its handlers: the hit log and the fault queue.
#[derive(Default)]
pub(crate) struct Shared {
    hits: Mutex<Vec<Hit>>,
    faults: Mutex<VecDeque<Fault>>,
}

impl Shared {
    /// Records which documented request example the body of hit `hit` equals.
    pub(crate) fn note_example(&self, hit: HitIndex, body: &Value, examples: &[(String, Value)]) {
        let name = examples
            .iter()
            .find(|(_, example)| example == body)
            .map(|(name, _)| name.clone());
        if let Some(entry) = lock(&self.hits).get_mut(hit.0) {
            entry.documented_example = name;
        }
    }
}

/// The position of the request being handled in the hit log.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HitIndex(usize);

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves `router` on 127.0.0.1 (port picked by the OS), recording each request in
/// `shared` and answering queued faults before the router sees the request. `prefix` is
/// the path of the API's server URL (`/v6` for ThousandEyes), appended to the base URL.
async fn serve(router: Router, shared: Arc<Shared>, prefix: &str) -> StandIn {
    let router = router
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            shared.clone(),
            record_and_inject,
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a stand-in binds 127.0.0.1:0");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    let (stop, stopped) = oneshot::channel::<()>();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    StandIn {
        base_url: format!("http://{addr}{prefix}"),
        shared,
        shutdown: Some(stop),
    }
}

async fn record_and_inject(
    State(shared): State<Arc<Shared>>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_BODY)
        .await
        .unwrap_or_default();
    let fault = lock(&shared.faults).pop_front();
    let index = {
        let mut hits = lock(&shared.hits);
        hits.push(Hit {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().map(str::to_owned),
            headers: parts.headers.clone(),
            body: body.clone(),
            faulted: fault.is_some(),
            documented_example: None,
        });
        hits.len() - 1
    };
    if let Some(fault) = fault {
        return fault.respond().await;
    }
    let mut request = Request::from_parts(parts, Body::from(body));
    request.extensions_mut().insert(HitIndex(index));
    next.run(request).await
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, "application/json")],
        r#"{"error":"the stand-in has no such route"}"#,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------
// Request checks shared by the stand-ins
// ---------------------------------------------------------------------------------------

/// Whether the `Authorization` header is exactly `expected`.
pub(crate) fn has_authorization(headers: &HeaderMap, expected: &str) -> bool {
    let mut values = headers.get_all(AUTHORIZATION).iter();
    matches!((values.next(), values.next()), (Some(value), None) if value == expected)
}

/// The media type of the `Content-Type` header, lowercase, without parameters.
pub(crate) fn content_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?.to_str().ok()?;
    Some(value.split(';').next()?.trim().to_ascii_lowercase())
}

/// Whether an `Accept` header is present and accepts `media` (listed, or `*/*`).
pub(crate) fn accepts(headers: &HeaderMap, media: &str) -> bool {
    headers
        .get_all(ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|item| item.split(';').next())
        .map(|item| item.trim().to_ascii_lowercase())
        .any(|item| item == media || item == "*/*")
}

/// `Basic base64(username:password)`.
pub(crate) fn basic_authorization(username: &str, password: &str) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let input = format!("{username}:{password}");
    let mut out = String::from("Basic ");
    for chunk in input.as_bytes().chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let triple = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(
                    ALPHABET[((triple >> (18 - 6 * i)) & 63) as usize],
                ));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The reply a stand-in sends instead of the normal one when a check fails (boxed, so
/// the `Result`s that carry it stay small).
pub(crate) struct Refusal(Box<Response>);

impl From<Response> for Refusal {
    fn from(response: Response) -> Self {
        Refusal(Box::new(response))
    }
}

/// The normal reply or the refusal.
pub(crate) fn reply(result: Result<Response, Refusal>) -> Response {
    result.unwrap_or_else(|refusal| *refusal.0)
}

/// A JSON reply with this status, media type and body.
pub(crate) fn json_reply(status: StatusCode, media: &'static str, body: &Value) -> Response {
    (status, [(CONTENT_TYPE, media)], body.to_string()).into_response()
}

// ---------------------------------------------------------------------------------------
// Reading the specs
// ---------------------------------------------------------------------------------------

/// A spec (the text of a file in `specs/`) as JSON.
pub(crate) fn parse_spec(name: &str, text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("specs/{name} does not parse: {e}"))
}

/// The value at `pointer` (a JSON pointer; see [`escape`]) in a spec.
pub(crate) fn at<'a>(spec: &'a Value, pointer: &str) -> &'a Value {
    spec.pointer(pointer)
        .unwrap_or_else(|| panic!("the spec has nothing at {pointer}"))
}

/// A path as one JSON pointer token (`/` becomes `~1`).
pub(crate) fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The request body examples of an operation, by name: `example` is named `example`,
/// each `examples.<name>.value` is named `<name>`.
pub(crate) fn request_examples(
    spec: &Value,
    path: &str,
    method: &str,
    media: &str,
) -> Vec<(String, Value)> {
    let content = at(
        spec,
        &format!(
            "/paths/{}/{method}/requestBody/content/{}",
            escape(path),
            escape(media)
        ),
    );
    let mut examples = Vec::new();
    if let Some(example) = content.get("example") {
        examples.push(("example".to_owned(), example.clone()));
    }
    if let Some(Value::Object(named)) = content.get("examples") {
        for (name, example) in named {
            if let Some(value) = example.get("value") {
                examples.push((name.clone(), value.clone()));
            }
        }
    }
    assert!(
        !examples.is_empty(),
        "the spec documents no request example for {method} {path}"
    );
    examples
}

// ---------------------------------------------------------------------------------------
// Helpers for tests and examples
// ---------------------------------------------------------------------------------------

/// A retry policy with the default counts and statuses but 1 ms backoff, so tests that
/// retry stay fast.
pub fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

/// A base URL on 127.0.0.1 where nothing listens: binds a port, then frees it.
pub fn refused_base_url() -> String {
    let listener =
        std::net::TcpListener::bind("127.0.0.1:0").expect("binding 127.0.0.1:0 succeeds");
    let addr = listener
        .local_addr()
        .expect("a bound listener has an address");
    drop(listener);
    format!("http://{addr}")
}

/// Panics, naming the secret, if `text` contains any of `secrets`.
#[track_caller]
pub fn assert_redacted(text: &str, secrets: &[&str]) {
    for secret in secrets {
        assert!(
            !text.contains(secret),
            "the secret {secret:?} leaked into: {text}"
        );
    }
}

/// Panics if the `Debug` or the `Display` output of `value` (an error) contains any of
/// `secrets`.
#[track_caller]
pub fn assert_error_redacted<T: std::fmt::Debug + std::fmt::Display>(value: &T, secrets: &[&str]) {
    assert_redacted(&format!("{value:?}"), secrets);
    assert_redacted(&value.to_string(), secrets);
}
