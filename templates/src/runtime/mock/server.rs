//! The mock server: listens on 127.0.0.1, checks and records every request, and answers
//! from its stubs (the one added last first) or with the operation's default reply.
//! Built on hyper's HTTP/1 server, one task per connection.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;

use super::check::{check, route, Violation};
use super::pages;
use super::received::Received;
use super::schemas::Schemas;
use super::spec::{Operation, OperationSpec};
use super::stub::{Entry, Fault, Reply, Stub};

/// What the server has seen and will answer.
#[derive(Default)]
struct State {
    stubs: Vec<Entry>,
    received: Vec<Received>,
    violations: Vec<Violation>,
    notes: Vec<String>,
}

/// A mock server of one API on 127.0.0.1, on a port the OS picks. It stops when
/// dropped; then, unless the thread is already panicking, it panics with every request
/// that broke the spec and every stub whose `times` was not met (as `wiremock` does), so
/// a test that sends a request the spec does not allow fails. [`Server::verify`] says
/// the same as a `Result`, and [`Server::take_violations`] takes the violations out, for
/// tests that send such requests on purpose.
pub struct Server {
    url: String,
    operations: &'static [&'static OperationSpec],
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

/// What every connection's task shares.
struct Shared {
    /// The server's base URL, which the links between default pages point at.
    url: String,
    operations: &'static [&'static OperationSpec],
    schemas: Arc<Schemas>,
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Server {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Server")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// The connection is closed without an answer (a stub's `drop_connection`).
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock drops the connection")
    }
}

impl std::error::Error for Dropped {}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Server {
    /// Starts a server of `operations` on 127.0.0.1, checking requests against
    /// `schemas` (the API's request schemas translated to JSON Schema, as JSON text): the
    /// generated `mock::Server::start` passes its API's. Needs a tokio runtime.
    pub async fn start(
        operations: &'static [&'static OperationSpec],
        schemas: &'static str,
    ) -> std::io::Result<Server> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let url = format!("http://{}", listener.local_addr()?);
        let state = Arc::new(Mutex::new(State::default()));
        let shared = Arc::new(Shared {
            url: url.clone(),
            operations,
            schemas: Schemas::of(schemas),
            state: Arc::clone(&state),
        });
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let shared = Arc::clone(&shared);
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |request| {
                        answer(Arc::clone(&shared), request)
                    });
                    // A connection that breaks off, or that a fault drops, just ends.
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Server {
            url,
            operations,
            state,
            task,
        })
    }

    /// The base URL to build a client with (`http://127.0.0.1:port`).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The operations it serves.
    pub fn operations(&self) -> &'static [&'static OperationSpec] {
        self.operations
    }

    /// A stub of operation `O` (the generated per-operation methods call this).
    pub fn stub<O: Operation>(&self) -> Stub<'_, O> {
        Stub::new(self)
    }

    pub(super) fn add(&self, entry: Entry) {
        lock(&self.state).stubs.push(entry);
    }

    /// The requests of operation `O` received so far, in order, as its own types (a
    /// request that does not decode is a violation, and is left out here).
    pub fn received<O: Operation>(&self) -> Vec<O> {
        lock(&self.state)
            .received
            .iter()
            .filter(|r| r.operation == Some(O::SPEC.name))
            .filter_map(|r| O::decode(r).ok())
            .collect()
    }

    /// Every request received so far, in order, as it came.
    pub fn received_requests(&self) -> Vec<Received> {
        lock(&self.state).received.clone()
    }

    /// The ways the requests so far broke the spec.
    pub fn violations(&self) -> Vec<Violation> {
        lock(&self.state).violations.clone()
    }

    /// The violations so far, taken out: the server no longer reports them.
    pub fn take_violations(&self) -> Vec<Violation> {
        std::mem::take(&mut lock(&self.state).violations)
    }

    /// What the server noted without failing the test, once each: an operation without
    /// a stub whose spec example does not decode as its success type (so it answered
    /// with the value made from the schema instead), with the example's place and why.
    /// Each note is also printed to stderr, which the test harness shows when a test fails.
    pub fn notes(&self) -> Vec<String> {
        lock(&self.state).notes.clone()
    }

    /// `Err` with one line per request that broke the spec and per stub whose `times`
    /// was not met.
    pub fn verify(&self) -> Result<(), String> {
        let state = lock(&self.state);
        let mut lines: Vec<String> = state.violations.iter().map(|v| v.to_string()).collect();
        for stub in &state.stubs {
            if let Some(expected) = stub.expected {
                if stub.hits != expected {
                    lines.push(format!(
                        "a stub of {} was to answer {expected} request(s) and answered {}",
                        stub.operation, stub.hits
                    ));
                }
            }
        }
        if lines.is_empty() {
            Ok(())
        } else {
            Err(format!("the mock server:\n  {}", lines.join("\n  ")))
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
        if std::thread::panicking() {
            return;
        }
        if let Err(report) = self.verify() {
            panic!("{report}");
        }
    }
}

/// What one request gets: checked, recorded, then the first stub that accepts it (the
/// one added last first), else the operation's default reply.
async fn answer(
    shared: Arc<Shared>,
    request: hyper::Request<Incoming>,
) -> Result<hyper::Response<Full<Bytes>>, Dropped> {
    let operations = shared.operations;
    let state = &shared.state;
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => return Err(Dropped),
    };
    let path = parts.uri.path().to_string();
    let method = parts.method.as_str().to_string();
    let query = parts
        .uri
        .query()
        .map(|q| {
            url::form_urlencoded::parse(q.as_bytes())
                .into_owned()
                .collect()
        })
        .unwrap_or_default();
    let routed = route(operations, &method, &path);
    let received = Received {
        operation: routed.as_ref().map(|(op, _)| op.name),
        method,
        path,
        path_params: routed.as_ref().map(|(_, p)| p.clone()).unwrap_or_default(),
        query,
        headers: parts.headers,
        body,
    };
    let (reply, delay) = {
        let mut state = lock(state);
        state.received.push(received.clone());
        let Some((spec, _)) = routed else {
            let violation = Violation {
                request: format!("{} {}", received.method, received.path),
                place: "paths".to_string(),
                reason: "no operation of the spec has this method and path".to_string(),
            };
            let reply = Reply::body(404, "text/plain", violation.to_string());
            state.violations.push(violation);
            return Ok(response(reply));
        };
        let violations = check(spec, &received, &shared.schemas);
        if !violations.is_empty() {
            let text: Vec<String> = violations.iter().map(|v| v.to_string()).collect();
            state.violations.extend(violations);
            let reply = Reply::body(400, "text/plain", text.join("\n"))
                .with_header("x-mock-violation", "1");
            return Ok(response(reply));
        }
        match state.stubs.iter_mut().rev().find(|s| s.accepts(&received)) {
            Some(stub) => {
                stub.hits += 1;
                if let Some(n) = stub.remaining.as_mut() {
                    *n -= 1;
                }
                let reply = match stub.faults.pop_front() {
                    Some(Fault::Drop) => None,
                    Some(Fault::Status(status)) => {
                        let mut reply = Reply::status(status);
                        if let Some(seconds) = &stub.retry_after {
                            reply = reply.with_header("retry-after", seconds);
                        }
                        Some(reply)
                    }
                    None => Some(stub.reply.clone()),
                };
                (reply, stub.delay)
            }
            None => (
                Some(default_reply(
                    spec,
                    &received,
                    &shared.url,
                    &mut state.notes,
                )),
                std::time::Duration::ZERO,
            ),
        }
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    reply.map(response).ok_or(Dropped)
}

/// The answer of an operation without a stub: the spec's example when it decodes, else
/// the value made from the schema, with a note (once per operation and reason); for a
/// paginated operation, the page `request` asks for of the pages made from that answer
/// (`url`: the server's own, for the links between them).
fn default_reply(
    spec: &OperationSpec,
    request: &Received,
    url: &str,
    notes: &mut Vec<String>,
) -> Reply {
    let example = match spec.example.map(|example| example()) {
        Some(Ok(reply)) => Some(reply),
        Some(Err(why)) => {
            note(
                notes,
                format!(
                    "{}: {why}; the default answer is made from the schema",
                    spec.place()
                ),
            );
            None
        }
        None => None,
    };
    let Some(paging) = &spec.pages else {
        return example.unwrap_or_else(spec.default_reply);
    };
    // The example's items when it has some, else the made value's.
    if let Some(Ok(reply)) = example
        .as_ref()
        .map(|example| pages::page(spec, paging, example, request, url))
    {
        return reply;
    }
    let made = (spec.default_reply)();
    match pages::page(spec, paging, &made, request, url) {
        Ok(reply) => reply,
        Err(why) => {
            note(
                notes,
                format!("{}: {why}; the default answer is one page", spec.place()),
            );
            example.unwrap_or(made)
        }
    }
}

/// Keeps `note` (and prints it to stderr) unless it is kept already.
fn note(notes: &mut Vec<String>, note: String) {
    if !notes.contains(&note) {
        eprintln!("mock server: {note}");
        notes.push(note);
    }
}

/// A reply as hyper's response (a header that is not valid is left out).
fn response(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        if let (Ok(name), Ok(value)) = (
            hyper::header::HeaderName::from_bytes(name.as_bytes()),
            hyper::header::HeaderValue::from_str(value),
        ) {
            builder = builder.header(name, value);
        }
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .unwrap_or_else(|_| {
            let mut fallback = hyper::Response::new(Full::new(Bytes::from_static(
                b"the mock's reply has an invalid status",
            )));
            *fallback.status_mut() = hyper::StatusCode::INTERNAL_SERVER_ERROR;
            fallback
        })
}
