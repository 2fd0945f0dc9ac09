//! Streamed bodies on the wire, with the client generated from
//! `tests/fixtures/streaming.yaml` against an axum server on 127.0.0.1: server-sent events
//! delivered while the connection stays open, events cut byte by byte, JSON lines, one
//! operation as JSON or as events, a binary download and uploads streamed, the idle
//! timeout on a stalled stream, and streamed uploads never retried.

use std::convert::Infallible;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use futures_util::stream::{self, StreamExt};
use serde_json::json;

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixtures.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixtures' generated modules.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_modules.rs"));
}

use fixtures::streaming::{types, Client};
use runtime::{Error, Upload};

const FILE_LEN: usize = 1 << 20;

fn file_byte(i: usize) -> u8 {
    (i % 251) as u8
}

type Chunks = Vec<Result<Bytes, Infallible>>;

fn body_of(chunks: Chunks, then_stall: bool) -> Body {
    let chunks = stream::iter(chunks);
    if then_stall {
        Body::from_stream(chunks.chain(stream::pending()))
    } else {
        Body::from_stream(chunks)
    }
}

fn with_type(content_type: &'static str, body: Body) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn ticks() -> Response {
    // Three events in one go, then the connection stays open with nothing more.
    let text = "data: {\"n\":1}\n\ndata: {\"n\":2,\"note\":\"two\"}\nid: 2\n\n: keep-alive\n\nevent: tick\ndata: {\"n\":3}\n\n";
    with_type(
        "text/event-stream",
        body_of(vec![Ok(Bytes::from(text))], true),
    )
}

async fn log() -> Response {
    // A BOM, CRLF, CR and LF line ends, a comment, multi-line data; sent byte by byte.
    let text = "\u{FEFF}: start\r\ndata: first\r\ndata: line\r\rdata: caf\u{e9} \u{2603}\nevent: end\nretry: 1500\n\n";
    let chunks = text
        .as_bytes()
        .iter()
        .map(|b| Ok(Bytes::copy_from_slice(&[*b])))
        .collect();
    with_type("text/event-stream", body_of(chunks, false))
}

async fn items() -> Response {
    let chunks = vec![
        Ok(Bytes::from("{\"id\":1,\"name\":\"a\"}\n{\"id\":2")),
        Ok(Bytes::from("}\n\n{\"id\":\"not a number\"}\r\n")),
        Ok(Bytes::from("{\"id\":4}")),
    ];
    with_type("application/x-ndjson", body_of(chunks, false))
}

async fn chat(Json(request): Json<serde_json::Value>) -> Response {
    let prompt = request["prompt"].as_str().unwrap_or_default().to_owned();
    if request["stream"] == json!(true) {
        let text = format!(
            "data: {{\"delta\":\"{prompt}\"}}\n\ndata: {{\"delta\":\"!\"}}\n\ndata: [DONE]\n\n"
        );
        with_type("text/event-stream", Body::from(text))
    } else {
        Json(json!({ "text": format!("{prompt}!") })).into_response()
    }
}

async fn download(Path(name): Path<String>) -> Response {
    if name != "big.bin" {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "no such file"})),
        )
            .into_response();
    }
    let bytes: Vec<u8> = (0..FILE_LEN).map(file_byte).collect();
    let chunks = bytes
        .chunks(64 * 1024)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    with_type("application/octet-stream", body_of(chunks, false))
}

async fn upload(
    State(calls): State<Arc<AtomicU32>>,
    Path(name): Path<String>,
    body: Body,
) -> Response {
    calls.fetch_add(1, Ordering::SeqCst);
    if name == "flaky" {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "0")],
        )
            .into_response();
    }
    let mut stream = body.into_data_stream();
    let (mut bytes, mut checksum) = (0i64, 0i64);
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return StatusCode::BAD_REQUEST.into_response();
        };
        for b in chunk.iter() {
            checksum = checksum.wrapping_mul(31).wrapping_add(i64::from(*b));
        }
        bytes += chunk.len() as i64;
    }
    Json(json!({ "bytes": bytes, "checksum": checksum })).into_response()
}

async fn report() -> Response {
    // One chunk, then nothing: the idle timeout must end the stream.
    with_type(
        "application/pdf",
        body_of(vec![Ok(Bytes::from_static(b"%PDF-1.7\n"))], true),
    )
}

async fn serve() -> (String, Arc<AtomicU32>) {
    let calls = Arc::new(AtomicU32::new(0));
    let app = Router::new()
        .route("/v1/ticks", get(ticks))
        .route("/v1/log", get(log))
        .route("/v1/items", get(items))
        .route("/v1/chat", post(chat))
        .route("/v1/files/{name}", get(download).put(upload))
        .route("/v1/report", get(report))
        .with_state(calls.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/v1"), calls)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_secs(10))
        .retry_policy(runtime::RetryPolicy {
            initial_backoff: Duration::from_millis(1),
            ..runtime::RetryPolicy::default()
        })
        .build()
        .unwrap()
}

fn checksum(bytes: &[u8]) -> i64 {
    bytes
        .iter()
        .fold(0i64, |c, b| c.wrapping_mul(31).wrapping_add(i64::from(*b)))
}

#[tokio::test]
async fn events_arrive_while_the_connection_stays_open() {
    let (base, _) = serve().await;
    let started = Instant::now();
    let mut events = client(&base).watch_ticks().await.unwrap().into_body();
    let mut got = Vec::new();
    for _ in 0..3 {
        let event = tokio::time::timeout(Duration::from_secs(2), events.next())
            .await
            .expect("each event arrives at once, not at a timeout")
            .expect("the stream is open")
            .expect("a well-formed event");
        got.push(event);
    }
    // Well before either timeout (10 s).
    assert!(started.elapsed() < Duration::from_secs(2));
    let ticks: Vec<types::Tick> = got.iter().map(|e| e.decode().unwrap()).collect();
    assert_eq!(ticks.iter().map(|t| t.n).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(ticks[1].note.as_deref(), Some("two"));
    assert_eq!(got[0].event, "message");
    assert_eq!(got[2].event, "tick");
    assert_eq!(
        (got[0].id.as_deref(), got[2].id.as_deref()),
        (None, Some("2"))
    );
    // Nothing more comes, and the stream is still open (no end, no error).
    let more = tokio::time::timeout(Duration::from_millis(200), events.next()).await;
    assert!(more.is_err(), "the stream waits for more events");
    drop(events);
}

#[tokio::test]
async fn events_cut_byte_by_byte_are_parsed_whole() {
    let (base, _) = serve().await;
    let mut events = client(&base).tail_log().await.unwrap().into_body();
    let mut got = Vec::new();
    while let Some(event) = events.next().await {
        got.push(event.unwrap());
    }
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].data, "first\nline");
    assert_eq!(got[0].decode().unwrap(), "first\nline");
    assert_eq!(got[1].event, "end");
    assert_eq!(got[1].data, "caf\u{e9} \u{2603}");
    assert_eq!(got[1].retry, Some(Duration::from_millis(1500)));
}

#[tokio::test]
async fn json_lines_decode_one_by_one_and_a_bad_line_is_one_error() {
    let (base, _) = serve().await;
    let mut items = client(&base).export_items().await.unwrap().into_body();
    let mut got = Vec::new();
    while let Some(item) = items.next().await {
        got.push(item);
    }
    assert_eq!(got.len(), 4);
    assert_eq!(got[0].as_ref().unwrap().name.as_deref(), Some("a"));
    assert_eq!(got[1].as_ref().unwrap().id, 2);
    match &got[2] {
        Err(Error::Decode {
            message, snippet, ..
        }) => {
            assert!(message.contains("does not match"), "{message}");
            assert!(snippet.contains("\"id\""));
            assert!(
                !message.contains("not a number"),
                "values stay out of messages"
            );
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert_eq!(got[3].as_ref().unwrap().id, 4);
}

#[tokio::test]
async fn one_operation_as_json_or_as_events() {
    let (base, _) = serve().await;
    let client = client(&base);
    let whole = client
        .create_chat(types::ChatRequest::new("hi"))
        .await
        .unwrap();
    assert_eq!(whole.text, "hi!");

    let request = types::ChatRequest::new("hi").with_stream(true);
    let response = client.create_chat(request).stream().await.unwrap();
    assert_eq!(response.header("content-type"), Some("text/event-stream"));
    let mut events = response.into_body();
    let mut deltas = String::new();
    while let Some(event) = events.next().await {
        let event = event.unwrap();
        if event.data == "[DONE]" {
            // A sentinel that is not the documented type fails to decode, alone.
            assert!(event.decode().is_err());
            continue;
        }
        let chunk: types::CompletionChunk = event.decode().unwrap();
        deltas.push_str(&chunk.delta);
    }
    assert_eq!(deltas, "hi!");
}

#[tokio::test]
async fn a_download_is_streamed_and_collected_within_the_cap() {
    let (base, _) = serve().await;
    let client = client(&base);
    let mut download = client.download_file("big.bin").await.unwrap().into_body();
    let (mut chunks, mut total, mut sum) = (0, 0usize, 0i64);
    while let Some(chunk) = download.next().await {
        let chunk = chunk.unwrap();
        for (i, b) in chunk.iter().enumerate() {
            assert_eq!(*b, file_byte(total + i));
        }
        sum = sum.wrapping_add(chunk.len() as i64);
        total += chunk.len();
        chunks += 1;
    }
    assert_eq!(total, FILE_LEN);
    assert_eq!(sum as usize, FILE_LEN);
    assert!(chunks > 1, "the body arrives in pieces, not whole");

    let whole = client.download_file("big.bin").await.unwrap();
    assert_eq!(
        whole.into_body().collect_bytes().await.unwrap().len(),
        FILE_LEN
    );

    let capped = Client::builder()
        .base_url(&base)
        .max_response_bytes(100_000)
        .build()
        .unwrap();
    let body = capped.download_file("big.bin").await.unwrap().into_body();
    let err = body.collect_bytes().await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");

    match client.download_file("missing").await {
        Err(Error::Api(api)) => assert_eq!(api.status, 404),
        other => panic!("expected the documented 404, got {other:?}"),
    }
}

#[tokio::test]
async fn uploads_stream_from_chunks_and_files_intact() {
    let (base, _) = serve().await;
    let client = client(&base);
    let data: Vec<u8> = (0..FILE_LEN).map(|i| (i * 7 % 256) as u8).collect();
    let chunks: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(64 * 1024)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    let received = client
        .upload_file("a.bin", Upload::stream(stream::iter(chunks)))
        .await
        .unwrap();
    assert_eq!(received.bytes, FILE_LEN as i64);
    assert_eq!(received.checksum, checksum(&data));

    let path = std::env::temp_dir().join(format!("wire-streaming-{}.bin", std::process::id()));
    std::fs::write(&path, &data).unwrap();
    let file = tokio::fs::File::open(&path).await.unwrap();
    let received = client
        .upload_file("b.bin", Upload::file(file))
        .await
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(received.bytes, FILE_LEN as i64);
    assert_eq!(received.checksum, checksum(&data));

    // Bytes in memory still work as before.
    let received = client
        .upload_file("c.bin", Bytes::from_static(b"abc"))
        .await
        .unwrap();
    assert_eq!(received.bytes, 3);
}

#[tokio::test]
async fn a_streamed_upload_is_never_retried() {
    let (base, calls) = serve().await;
    let client = client(&base);
    let chunks: Vec<Result<Bytes, std::io::Error>> = vec![Ok(Bytes::from_static(b"abc"))];
    let err = client
        .upload_file("flaky", Upload::stream(stream::iter(chunks)))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(calls.swap(0, Ordering::SeqCst), 1);
    // The same body in memory is retried (a PUT, 503 with Retry-After).
    let err = client
        .upload_file("flaky", Bytes::from_static(b"abc"))
        .await
        .unwrap_err();
    assert_eq!(err.attempts(), 3);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn the_idle_timeout_ends_a_stalled_stream() {
    let (base, _) = serve().await;
    let client = Client::builder()
        .base_url(&base)
        .timeout(Duration::from_secs(10))
        .idle_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let started = Instant::now();
    let mut report = client.get_report().await.unwrap().into_body();
    assert_eq!(&report.next().await.unwrap().unwrap()[..], b"%PDF-1.7\n");
    let stalled = report.next().await.unwrap();
    let waited = started.elapsed();
    assert!(matches!(stalled, Err(Error::Timeout { .. })), "{stalled:?}");
    assert!(waited >= Duration::from_millis(300), "{waited:?}");
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    assert!(
        report.next().await.is_none(),
        "the stream ends after the timeout"
    );
}
