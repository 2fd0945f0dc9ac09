//! Streamed bodies, measured: a 1 GiB download through the generated `download_file` (a
//! `runtime::ByteStream`) beside the same download read with reqwest directly, and
//! server-sent events through the runtime's parser beside a hand-written loop, alone and
//! over the wire (the generated `create_chat(..).stream()`). The client is the module generated
//! from `tests/fixtures/streaming.yaml` with a copy of the runtime, as in
//! `tests/wire_streaming.rs`.
//!
//! `cargo xtask bench --only download|sse` builds this program (`cargo bench -p tests
//! --bench streaming --no-run`) and runs it as separate processes: one server, then one
//! process per measured client, so that each client's peak memory is its own.
//!
//! - `serve [EVENTS]`: an axum server on 127.0.0.1 (never another address); prints its
//!   address, then serves until its standard input closes. `GET /v1/files/big.bin` is
//!   1 GiB of `application/octet-stream` made as it is sent (one 64 KiB block, sent again
//!   and again); `POST /v1/chat` is the event stream of [`corpus`] with EVENTS events, made
//!   once when the server starts.
//! - `download generated|reqwest ADDR`, `events generated|reqwest ADDR`: one download or
//!   one event stream read whole by one client.
//! - `parse EVENTS ROUNDS`: the parser alone beside the hand-written loop, in memory.
//! - `baseline`: the peak memory of a process that builds both clients and reads nothing.
//!
//! Each measuring command prints one JSON line on stdout; a failure is a message on stderr
//! and a failing exit status, never a panic.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::io::Write as _;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use futures_util::stream;
use serde_json::{json, Value};

/// The runtime, as every generated crate has it at `crate::runtime`.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The module generated from `tests/fixtures/streaming.yaml`.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_streaming.rs"));
}

use fixtures::streaming::{types, Client};
use runtime::sse::SseParser;

/// The size of the download: 1 GiB.
const DOWNLOAD_BYTES: usize = 1 << 30;

/// The block the server sends again and again, so it never holds the whole download.
const BLOCK: usize = 64 * 1024;

/// The most an unfinished event may hold: the client's default `max_response_bytes`.
const EVENT_LIMIT: usize = 32 << 20;

/// The chunk sizes the parser is fed in memory: about one event per chunk (as an LLM API
/// sends them, one or two tokens at a time), one TCP segment, and one large read.
const CHUNK_SIZES: [usize; 3] = [256, 1460, 16 * 1024];

const USAGE: &str = "usage: streaming serve [EVENTS] | download generated|reqwest ADDR | \
                     events generated|reqwest ADDR | parse EVENTS ROUNDS | baseline \
                     (run by `cargo xtask bench --only download|sse`)";

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; the commands are ours.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let result = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start tokio: {e}"))
        .and_then(|rt| rt.block_on(run(&args)));
    match result {
        Ok(Some(line)) => {
            let mut out = std::io::stdout();
            let _ = writeln!(out, "{line}");
            let _ = out.flush();
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("streaming: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<Option<Value>, String> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let value = match args.as_slice() {
        [] => {
            // `cargo bench -p tests` runs every bench: this one only on request.
            eprintln!("streaming: nothing to do; {USAGE}");
            return Ok(None);
        }
        ["serve"] => return serve(0).await.map(|()| None),
        ["serve", events] => return serve(number(events)?).await.map(|()| None),
        [what @ ("download" | "events"), client, addr] => {
            let base = local_base(addr)?;
            let start = Instant::now();
            let tally = match (*what, *client) {
                ("download", "generated") => download_generated(&base).await?,
                ("download", "reqwest") => download_reqwest(&base).await?,
                ("events", "generated") => events_generated(&base).await?,
                ("events", "reqwest") => events_reqwest(&base).await?,
                _ => return Err(USAGE.into()),
            };
            tally.report(start)?
        }
        ["parse", events, rounds] => parse(number(events)?, number(rounds)?)?,
        ["baseline"] => {
            let generated = Client::builder()
                .base_url("http://127.0.0.1:1/v1")
                .build()
                .map_err(|e| format!("cannot build the generated client: {e}"))?;
            let hand = reqwest::Client::builder()
                .build()
                .map_err(|e| format!("cannot build the reqwest client: {e}"))?;
            std::hint::black_box((&generated, &hand));
            json!({ "peak": peak_rss()? })
        }
        _ => return Err(USAGE.into()),
    };
    Ok(Some(value))
}

fn number(text: &str) -> Result<usize, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a number; {USAGE}"))
}

/// `http://ADDR/v1`, for a loopback ADDR only.
fn local_base(addr: &str) -> Result<String, String> {
    let parsed: SocketAddr = addr
        .parse()
        .map_err(|e| format!("`{addr}` is not an address: {e}"))?;
    if !parsed.ip().is_loopback() {
        return Err(format!("`{addr}` is not a loopback address"));
    }
    Ok(format!("http://{parsed}/v1"))
}

/// This process's peak resident set (VmHWM), in bytes.
fn peak_rss() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map(|kib| kib * 1024)
        .ok_or_else(|| "no VmHWM in /proc/self/status".to_owned())
}

// ---------------------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------------------

async fn serve(events: usize) -> Result<(), String> {
    let corpus = Bytes::from(corpus(events).text);
    let app = Router::new()
        .route("/v1/files/{name}", get(download))
        .route("/v1/chat", post(chat))
        .with_state(corpus);
    let (listener, addr) = tests::loopback_listener().await?;
    let mut out = std::io::stdout();
    writeln!(out, "{addr}")
        .and_then(|()| out.flush())
        .map_err(|e| format!("cannot print the address: {e}"))?;
    // The benchmark closes our standard input when it is done (or when it dies).
    let closed = async {
        let _ = tokio::task::spawn_blocking(|| {
            std::io::copy(&mut std::io::stdin(), &mut std::io::sink())
        })
        .await;
    };
    axum::serve(listener, app)
        .with_graceful_shutdown(closed)
        .await
        .map_err(|e| format!("the server failed: {e}"))
}

async fn download(Path(name): Path<String>) -> Response {
    if name != "big.bin" {
        return StatusCode::NOT_FOUND.into_response();
    }
    let block = Bytes::from((0..BLOCK).map(|i| (i % 251) as u8).collect::<Vec<u8>>());
    let blocks = (0..DOWNLOAD_BYTES / BLOCK).map(move |_| Ok::<_, Infallible>(block.clone()));
    (
        [
            (header::CONTENT_TYPE, "application/octet-stream".to_owned()),
            (header::CONTENT_LENGTH, DOWNLOAD_BYTES.to_string()),
        ],
        Body::from_stream(stream::iter(blocks)),
    )
        .into_response()
}

async fn chat(State(corpus): State<Bytes>) -> Response {
    let pieces = (0..corpus.len().div_ceil(BLOCK)).map(move |i| {
        let end = ((i + 1) * BLOCK).min(corpus.len());
        Ok::<_, Infallible>(corpus.slice(i * BLOCK..end))
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(stream::iter(pieces)),
    )
        .into_response()
}

// ---------------------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------------------

/// What a client read: chunks or events, and their bytes (of events: of their data).
#[derive(Debug, Default)]
struct Tally {
    items: u64,
    bytes: u64,
}

impl Tally {
    fn add(&mut self, bytes: usize) {
        self.items += 1;
        self.bytes += bytes as u64;
    }

    fn report(&self, start: Instant) -> Result<Value, String> {
        let seconds = start.elapsed().as_secs_f64();
        Ok(json!({
            "items": self.items,
            "bytes": self.bytes,
            "seconds": seconds,
            "peak": peak_rss()?,
        }))
    }
}

fn generated_client(base: &str) -> Result<Client, String> {
    Client::builder()
        .base_url(base)
        .build()
        .map_err(|e| format!("cannot build the generated client: {e}"))
}

fn reqwest_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .build()
        .map_err(|e| format!("cannot build the reqwest client: {e}"))
}

async fn download_generated(base: &str) -> Result<Tally, String> {
    let client = generated_client(base)?;
    let mut body = client
        .download_file("big.bin")
        .await
        .map_err(|e| format!("generated client: {e}"))?
        .into_body();
    let mut tally = Tally::default();
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| format!("generated client: {e}"))?;
        tally.add(chunk.len());
    }
    Ok(tally)
}

async fn download_reqwest(base: &str) -> Result<Tally, String> {
    let request = reqwest_client()?.get(format!("{base}/files/big.bin"));
    let mut tally = Tally::default();
    read_with_reqwest(request, |chunk| tally.add(chunk.len())).await?;
    Ok(tally)
}

async fn events_generated(base: &str) -> Result<Tally, String> {
    let client = generated_client(base)?;
    let request = types::ChatRequest::new("bench").with_stream(true);
    let mut events = client
        .create_chat(request)
        .stream()
        .await
        .map_err(|e| format!("generated client: {e}"))?
        .into_body();
    let mut tally = Tally::default();
    while let Some(event) = events.next().await {
        let event = event.map_err(|e| format!("generated client: {e}"))?;
        tally.add(event.data.len());
    }
    Ok(tally)
}

async fn events_reqwest(base: &str) -> Result<Tally, String> {
    let request = reqwest_client()?
        .post(format!("{base}/chat"))
        .header(reqwest::header::ACCEPT, "text/event-stream")
        .json(&json!({ "prompt": "bench", "stream": true }));
    let mut tally = Tally::default();
    let mut events = HandLoop::default();
    read_with_reqwest(request, |chunk| {
        events.feed(chunk, &mut |data| tally.add(data.len()));
    })
    .await?;
    Ok(tally)
}

/// Sends `request` and hands each chunk of a 200's body to `on_chunk`, as it arrives.
async fn read_with_reqwest(
    request: reqwest::RequestBuilder,
    mut on_chunk: impl FnMut(&[u8]),
) -> Result<(), String> {
    let mut response = request.send().await.map_err(|e| format!("reqwest: {e}"))?;
    if response.status() != reqwest::StatusCode::OK {
        return Err(format!("reqwest: status {}", response.status()));
    }
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("reqwest: {e}"))?
    {
        on_chunk(&chunk);
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Server-sent events
// ---------------------------------------------------------------------------------------

/// An event stream as an LLM API sends it, and what a parser must find in it.
struct Corpus {
    text: Vec<u8>,
    /// Events with data.
    events: usize,
    /// The bytes of their data, multi-line data joined with `\n`.
    data_bytes: usize,
}

/// Tokens of the generated text; escaped as JSON strings, some not ASCII.
const WORDS: [&str; 16] = [
    "The",
    " answer",
    " is",
    " 42",
    ",",
    " as",
    " the",
    " café",
    " résumé",
    " says",
    " ✓",
    "\\n\\n",
    " tokens",
    " stream",
    " quickly",
    ".",
];

/// `events` events (deterministic): mostly OpenAI chat completion chunks on one `data`
/// line; every tenth an Anthropic-style `content_block_delta` with `event` and `id`
/// fields; every fiftieth a chunk whose data spans two lines; a `: keep-alive` comment
/// before every hundredth; and `[DONE]` last.
fn corpus(events: usize) -> Corpus {
    let mut text = String::with_capacity(events.saturating_mul(240));
    let mut data_bytes = 0;
    for i in 0..events {
        let word = WORDS.get(i % WORDS.len()).copied().unwrap_or_default();
        if i % 100 == 99 {
            text.push_str(": keep-alive\n\n");
        }
        let data = if i + 1 == events {
            "[DONE]".to_owned()
        } else if i % 50 == 25 {
            format!(
                "{{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG{i}\",\"object\":\"chat.completion.chunk\",\n \
                 \"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"finish_reason\":null}}]}}"
            )
        } else if i % 10 == 3 {
            text.push_str("event: content_block_delta\n");
            text.push_str(&format!("id: {i}\n"));
            format!(
                "{{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{{\"type\":\"text_delta\",\"text\":\"{word}\"}}}}"
            )
        } else {
            format!(
                "{{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG{i}\",\"object\":\"chat.completion.chunk\",\
                 \"created\":1741570283,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_fc9f1d7035\",\
                 \"choices\":[{{\"index\":0,\"delta\":{{\"content\":\"{word}\"}},\"logprobs\":null,\"finish_reason\":null}}]}}"
            )
        };
        for line in data.split('\n') {
            text.push_str("data: ");
            text.push_str(line);
            text.push('\n');
        }
        text.push('\n');
        data_bytes += data.len();
    }
    Corpus {
        text: text.into_bytes(),
        events,
        data_bytes,
    }
}

/// The loop a person writes for a stream of `data:` events: buffer the bytes, cut them at
/// each blank line, take the block as text, and join what follows `data: ` on its lines.
/// No `CR` line ends, no BOM, no other field, no limit: what the runtime's parser does
/// beyond this is what the comparison prices.
#[derive(Debug, Default)]
struct HandLoop {
    buffer: Vec<u8>,
}

impl HandLoop {
    fn feed(&mut self, chunk: &[u8], sink: &mut impl FnMut(&str)) {
        self.buffer.extend_from_slice(chunk);
        let mut rest = self.buffer.as_slice();
        while let Some(end) = blank_line(rest) {
            let (block, after) = rest.split_at(end);
            let block = match std::str::from_utf8(block) {
                Ok(text) => std::borrow::Cow::Borrowed(text),
                Err(_) => String::from_utf8_lossy(block),
            };
            let mut data = String::new();
            for line in block.split('\n') {
                if let Some(value) = line.strip_prefix("data: ") {
                    if !data.is_empty() {
                        data.push('\n');
                    }
                    data.push_str(value);
                }
            }
            if !data.is_empty() {
                sink(&data);
            }
            rest = after.get(2..).unwrap_or_default();
        }
        let used = self.buffer.len() - rest.len();
        self.buffer.drain(..used);
    }
}

/// Where the first `\n\n` starts.
fn blank_line(bytes: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = bytes.get(from..)?.iter().position(|&b| b == b'\n') {
        let end = from + at;
        if bytes.get(end + 1) == Some(&b'\n') {
            return Some(end);
        }
        from = end + 1;
    }
    None
}

/// Feeds `text` to the runtime's parser in chunks of `chunk` bytes.
fn with_parser(text: &[u8], chunk: usize, sink: &mut impl FnMut(&str)) -> Result<(), String> {
    let mut parser = SseParser::new(EVENT_LIMIT);
    let mut ready = VecDeque::new();
    for piece in text.chunks(chunk.max(1)) {
        parser
            .feed(piece, &mut ready)
            .map_err(|_| "an event longer than the limit".to_owned())?;
        for event in ready.drain(..) {
            sink(&event.data);
        }
    }
    Ok(())
}

/// Feeds `text` to the hand-written loop in chunks of `chunk` bytes.
fn with_hand_loop(text: &[u8], chunk: usize, sink: &mut impl FnMut(&str)) {
    let mut events = HandLoop::default();
    for piece in text.chunks(chunk.max(1)) {
        events.feed(piece, sink);
    }
}

/// A hash of every event's data in order (FNV-1a), to check both parsers found the same.
fn fingerprint(hash: &mut u64, data: &str) {
    for &b in data.as_bytes().iter().chain(b"\0") {
        *hash = (*hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
}

/// The parser alone beside the hand-written loop, `rounds` times per chunk size, the two
/// back to back and alternating which goes first.
fn parse(events: usize, rounds: usize) -> Result<Value, String> {
    let corpus = corpus(events);
    let text = corpus.text.as_slice();
    let (mut parsed, mut hand) = (0xcbf2_9ce4_8422_2325u64, 0xcbf2_9ce4_8422_2325u64);
    with_parser(text, 1460, &mut |data| fingerprint(&mut parsed, data))?;
    with_hand_loop(text, 1460, &mut |data| fingerprint(&mut hand, data));
    let mut sizes = Vec::new();
    for size in CHUNK_SIZES {
        let (mut parser_rates, mut hand_rates) = (Vec::new(), Vec::new());
        for round in 0..rounds {
            for parser_first in [round % 2 == 0, round % 2 == 1] {
                let mut tally = Tally::default();
                let start = Instant::now();
                if parser_first {
                    with_parser(text, size, &mut |data| tally.add(data.len()))?;
                } else {
                    with_hand_loop(text, size, &mut |data| tally.add(data.len()));
                }
                let rate = tally.items as f64 / start.elapsed().as_secs_f64();
                if tally.items != corpus.events as u64 || tally.bytes != corpus.data_bytes as u64 {
                    return Err(format!(
                        "{} found {} events of {} bytes, not {} of {}",
                        if parser_first {
                            "the parser"
                        } else {
                            "the loop"
                        },
                        tally.items,
                        tally.bytes,
                        corpus.events,
                        corpus.data_bytes
                    ));
                }
                if parser_first {
                    parser_rates.push(rate);
                } else {
                    hand_rates.push(rate);
                }
            }
        }
        sizes.push(json!({ "size": size, "parser": parser_rates, "hand": hand_rates }));
    }
    Ok(json!({
        "events": corpus.events,
        "data_bytes": corpus.data_bytes,
        "text_bytes": text.len(),
        "identical": parsed == hand,
        "chunks": sizes,
    }))
}
