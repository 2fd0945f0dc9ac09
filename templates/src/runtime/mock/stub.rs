//! Stubs: what the mock answers to an operation's requests that a matcher accepts, how
//! many times, after which faults (a status sequence, a dropped connection), with which
//! delay. [`Stub`] is the typed builder the generated `mock` module's methods return.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use super::received::Received;
use super::server::Server;
#[cfg(doc)]
use super::spec::json_decodes;
use super::spec::{BodyCheck, Operation};

/// How many items (events or lines) a streaming operation without a stub answers with.
pub const DEFAULT_ITEMS: usize = 3;

/// An answer: a status, headers and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// The headers, besides `Content-Length`.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A status and no body.
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// A status and a body of `content_type`.
    pub fn body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            headers: vec![("content-type".to_string(), content_type.to_string())],
            body: body.into(),
        }
    }

    /// A status and `value` as JSON (a value that does not encode answers 500 and says
    /// why in the body).
    pub fn json<T: serde::Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply::body(status, "application/json", body),
            Err(e) => Reply::body(
                500,
                "text/plain",
                format!("the mock could not encode the body: {e}"),
            ),
        }
    }

    /// `example` (JSON text, the spec's example at `place`) as the body of a JSON reply,
    /// when `decodes` (the operation's success type's [`json_decodes`]) accepts it; else
    /// `Err` saying why. The generated default replies try the spec's example this way
    /// before the value made from the schema (vendors' examples do not always fit their
    /// own schemas).
    pub fn example(
        status: u16,
        place: &str,
        example: &str,
        decodes: BodyCheck,
    ) -> Result<Reply, String> {
        match decodes(example.as_bytes()) {
            Ok(()) => Ok(Reply::body(status, "application/json", example)),
            Err(e) => Err(format!(
                "the example at `{place}` does not decode as the success type: {e}"
            )),
        }
    }

    /// [`Reply::example`] for a stream: `example` (JSON text, the spec's example of one
    /// item at `place`) as each of [`DEFAULT_ITEMS`] items of a `content_type` stream
    /// ([`Reply::repeated`]), when `decodes` (the item type's) accepts it.
    pub fn example_stream(
        status: u16,
        content_type: &str,
        place: &str,
        example: &str,
        decodes: BodyCheck,
    ) -> Result<Reply, String> {
        Reply::example(status, place, example, decodes)
            .map(|_| Reply::repeated(status, content_type, example))
    }

    /// A stream of [`DEFAULT_ITEMS`] items, each `item` (one line of JSON or text): as
    /// server-sent events (`data: {item}`, a blank line after each) when `content_type`
    /// is `text/event-stream`, else one item per line (JSON lines). What an operation that
    /// streams answers without a stub.
    pub fn repeated(status: u16, content_type: &str, item: &str) -> Reply {
        let frame = if content_type == "text/event-stream" {
            format!("data: {item}\n\n")
        } else {
            format!("{item}\n")
        };
        Reply::body(status, content_type, frame.repeat(DEFAULT_ITEMS))
    }

    /// A stream of server-sent events, each item's JSON the `data` of one event.
    pub fn events<T: serde::Serialize>(status: u16, items: &[T]) -> Reply {
        let mut body = String::new();
        for item in items {
            match serde_json::to_string(item) {
                Ok(json) => body.push_str(&format!("data: {json}\n\n")),
                Err(e) => {
                    return Reply::body(
                        500,
                        "text/plain",
                        format!("the mock could not encode an event: {e}"),
                    )
                }
            }
        }
        Reply::body(status, "text/event-stream", body)
    }

    /// A stream of server-sent events whose `data` is each text, line by line.
    pub fn text_events(status: u16, items: &[String]) -> Reply {
        let mut body = String::new();
        for item in items {
            for line in item.lines() {
                body.push_str(&format!("data: {line}\n"));
            }
            body.push('\n');
        }
        Reply::body(status, "text/event-stream", body)
    }

    /// JSON values one per line.
    pub fn json_lines<T: serde::Serialize>(status: u16, items: &[T]) -> Reply {
        let mut body = String::new();
        for item in items {
            match serde_json::to_string(item) {
                Ok(json) => {
                    body.push_str(&json);
                    body.push('\n');
                }
                Err(e) => {
                    return Reply::body(
                        500,
                        "text/plain",
                        format!("the mock could not encode a line: {e}"),
                    )
                }
            }
        }
        Reply::body(status, "application/x-ndjson", body)
    }

    /// The reply with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// What one request gets before the stub's reply: a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Fault {
    /// This status, with no body.
    Status(u16),
    /// The connection is closed without an answer.
    Drop,
}

/// A matcher over the raw request (the typed one decodes first).
type Matcher = Arc<dyn Fn(&Received) -> bool + Send + Sync>;

/// A stub in the server's table.
pub(super) struct Entry {
    pub(super) operation: &'static str,
    pub(super) matchers: Vec<Matcher>,
    /// How many more requests it answers; `None`: any number.
    pub(super) remaining: Option<usize>,
    pub(super) faults: VecDeque<Fault>,
    pub(super) retry_after: Option<String>,
    pub(super) delay: Duration,
    pub(super) reply: Reply,
    /// How many requests it matched.
    pub(super) hits: usize,
    /// The count it must have matched by [`Server::verify`], set by `times`.
    pub(super) expected: Option<usize>,
}

impl Entry {
    pub(super) fn accepts(&self, request: &Received) -> bool {
        request.operation == Some(self.operation)
            && self.remaining != Some(0)
            && self.matchers.iter().all(|m| m(request))
    }
}

/// A stub of operation `O` being built: matchers, a count, faults and a delay, then one
/// of the `respond` methods adds it to the server. The stub added last is tried first.
#[must_use = "a stub is added by one of its `respond` methods"]
pub struct Stub<'s, O: Operation> {
    server: &'s Server,
    entry: Entry,
    operation: PhantomData<fn() -> O>,
}

impl<'s, O: Operation> Stub<'s, O> {
    pub(super) fn new(server: &'s Server) -> Self {
        Stub {
            server,
            entry: Entry {
                operation: O::SPEC.name,
                matchers: Vec::new(),
                remaining: None,
                faults: VecDeque::new(),
                retry_after: None,
                delay: Duration::ZERO,
                reply: Reply::status(O::SPEC.success),
                hits: 0,
                expected: None,
            },
            operation: PhantomData,
        }
    }

    /// Answers only requests for which `matcher` holds, given the request as the
    /// operation's own types (a request that does not decode never matches).
    pub fn matching(mut self, matcher: impl Fn(&O) -> bool + Send + Sync + 'static) -> Self {
        self.entry.matchers.push(Arc::new(move |request| {
            O::decode(request).is_ok_and(|op| matcher(&op))
        }));
        self
    }

    /// Answers `n` requests, then lets the next stub (or the default answer) take them;
    /// [`Server::verify`] fails unless it answered exactly `n`.
    pub fn times(mut self, n: usize) -> Self {
        self.entry.remaining = Some(n);
        self.entry.expected = Some(n);
        self
    }

    /// The first requests it matches are answered with these statuses, in order, and no
    /// body; the following ones with its reply. For retry tests: `fail_with(&[503, 503])`.
    pub fn fail_with(mut self, statuses: &[u16]) -> Self {
        self.entry
            .faults
            .extend(statuses.iter().map(|s| Fault::Status(*s)));
        self
    }

    /// The next request it matches (after the statuses before it) gets no answer: the
    /// connection is closed.
    pub fn drop_connection(mut self) -> Self {
        self.entry.faults.push_back(Fault::Drop);
        self
    }

    /// The statuses of [`fail_with`](Self::fail_with) carry `Retry-After: seconds`.
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.entry.retry_after = Some(seconds.to_string());
        self
    }

    /// Every answer waits this long first.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.entry.delay = delay;
        self
    }

    /// Answers with `status` and `body`, the operation's success type.
    pub fn respond(self, status: u16, body: &O::Success) {
        let reply = O::success_reply(status, body);
        self.reply(reply);
    }

    /// Answers with a documented error: its status and its body.
    pub fn respond_error(self, error: O::Error) {
        let reply = O::error_reply(&error);
        self.reply(reply);
    }

    /// Answers with `reply` as it is: any status, headers and body (for what the spec
    /// does not document).
    pub fn reply(mut self, reply: Reply) {
        self.entry.reply = reply;
        self.server.add(self.entry);
    }
}
