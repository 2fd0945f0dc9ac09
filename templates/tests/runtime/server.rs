//! Local test servers (always on 127.0.0.1, port chosen by the OS) and client helpers.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::{Json, Router};
use serde_json::{json, Map, Value};
use templates::runtime::{ClientBuilder, Core, RetryPolicy, SchemeKind, SecurityScheme};

/// The security schemes of the imaginary API the tests call.
pub static SCHEMES: &[SecurityScheme] = &[
    SecurityScheme {
        name: "bearer",
        kind: SchemeKind::Bearer,
    },
    SecurityScheme {
        name: "basic",
        kind: SchemeKind::Basic,
    },
    SecurityScheme {
        name: "key_header",
        kind: SchemeKind::ApiKeyHeader("X-API-Key"),
    },
    SecurityScheme {
        name: "key_query",
        kind: SchemeKind::ApiKeyQuery("api_key"),
    },
    SecurityScheme {
        name: "key_cookie",
        kind: SchemeKind::ApiKeyCookie("session"),
    },
];

/// Serves `router` on 127.0.0.1 and returns its base URL (`http://127.0.0.1:port`).
pub async fn serve(router: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, router).await.unwrap();
    });
    format!("http://{addr}")
}

/// A server answering every request with what it received, as JSON: `method`, raw
/// `path`, raw `query` (or null), `headers` (repeated ones joined with `, `) and `body`.
pub async fn echo_server() -> String {
    serve(Router::new().fallback(echo)).await
}

async fn echo(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Json<Value> {
    let mut names = Map::new();
    for name in headers.keys() {
        let values: Vec<&str> = headers
            .get_all(name)
            .iter()
            .map(|v| v.to_str().unwrap())
            .collect();
        names.insert(name.as_str().to_owned(), Value::String(values.join(", ")));
    }
    Json(json!({
        "method": method.as_str(),
        "path": uri.path(),
        "query": uri.query(),
        "headers": names,
        "body": String::from_utf8_lossy(&body),
    }))
}

/// One canned reply of a scripted server.
#[derive(Clone)]
pub struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    delay: Duration,
}

impl Reply {
    pub fn status(status: u16) -> Self {
        Reply {
            status,
            headers: Vec::new(),
            body: String::new(),
            delay: Duration::ZERO,
        }
    }

    pub fn json(status: u16, body: &str) -> Self {
        Reply::status(status)
            .header("content-type", "application/json")
            .body(body)
    }

    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self
    }

    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

#[derive(Clone)]
struct Script {
    hits: Arc<AtomicUsize>,
    replies: Arc<Vec<Reply>>,
}

/// A server answering the n-th request with `replies[n]` (the last one repeats), and
/// the counter of requests it received.
pub async fn scripted(replies: Vec<Reply>) -> (String, Arc<AtomicUsize>) {
    let hits = Arc::new(AtomicUsize::new(0));
    let state = Script {
        hits: hits.clone(),
        replies: Arc::new(replies),
    };
    let base = serve(Router::new().fallback(scripted_reply).with_state(state)).await;
    (base, hits)
}

async fn scripted_reply(State(script): State<Script>) -> Response {
    let n = script.hits.fetch_add(1, Ordering::SeqCst);
    let reply = script
        .replies
        .get(n)
        .or(script.replies.last())
        .unwrap()
        .clone();
    if !reply.delay.is_zero() {
        tokio::time::sleep(reply.delay).await;
    }
    let mut response = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        response.headers_mut().insert(name, value.parse().unwrap());
    }
    response
}

pub fn hits(counter: &AtomicUsize) -> usize {
    counter.load(Ordering::SeqCst)
}

/// A retry policy with millisecond backoff, so retry tests stay fast.
pub fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

/// A builder for `base` with the test schemes and fast retries.
pub fn builder(base: &str) -> ClientBuilder<Core> {
    ClientBuilder::<Core>::new(base, SCHEMES).retry_policy(fast_retries(2))
}

/// A client for `base` with the test schemes, fast retries and no credentials.
pub fn client(base: &str) -> Core {
    builder(base).build().unwrap()
}

/// Sends `request` with default options and returns what the echo server saw.
pub async fn echoed(core: &Core, request: templates::runtime::Request) -> Value {
    echoed_with(core, request, &templates::runtime::RequestOptions::new()).await
}

/// Sends `request` with `options` and returns what the echo server saw.
pub async fn echoed_with(
    core: &Core,
    request: templates::runtime::Request,
    options: &templates::runtime::RequestOptions,
) -> Value {
    let raw = core.execute::<()>(request, options).await.unwrap();
    assert_eq!(raw.status(), 200, "{raw:?}");
    raw.json::<Value, ()>().unwrap().into_body()
}
