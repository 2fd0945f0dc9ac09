//! Server-sent events: the incremental parser of `text/event-stream` bodies (the WHATWG
//! rules: `LF`, `CR` and `CRLF` line ends, a leading BOM, comments, multi-line `data`,
//! `event`, `id`, `retry`), and [`Event`], one event with its data kept as sent and
//! decoded on request.
//!
//! The parser only turns bytes into events; it never reads from the network, never panics
//! on any bytes, and never holds more than its limit (an event or line longer than the
//! limit is an error, not an allocation).

use std::borrow::Cow;
use std::collections::VecDeque;
use std::fmt;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::redact::{decode_message, snippet};

/// One event as the parser dispatches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawEvent {
    pub(crate) event: String,
    pub(crate) data: String,
    pub(crate) id: Option<String>,
    pub(crate) retry: Option<Duration>,
}

/// An event or line held back longer than the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge;

/// The state of one `text/event-stream` body: bytes go in with [`SseParser::feed`] in
/// chunks of any size, complete events come out in order.
#[derive(Debug)]
pub(crate) struct SseParser {
    /// The current line, without its end.
    line: Vec<u8>,
    /// The previous chunk ended with `CR`: a `LF` first in the next one ends no line.
    after_cr: bool,
    /// Whether the start of the stream (where a BOM may be) has been passed.
    started: bool,
    /// The data buffer: `data` lines joined, each followed by `LF`.
    data: String,
    /// The event type buffer.
    event: String,
    /// The last event ID buffer (kept across events).
    last_id: String,
    /// The reconnection time the server last asked for (kept across events).
    retry: Option<Duration>,
    /// The most bytes `line` and `data` may hold together.
    limit: usize,
}

impl SseParser {
    /// A parser that holds at most `limit` bytes of an unfinished event.
    pub(crate) fn new(limit: usize) -> Self {
        SseParser {
            line: Vec::new(),
            after_cr: false,
            started: false,
            data: String::new(),
            event: String::new(),
            last_id: String::new(),
            retry: None,
            limit,
        }
    }

    /// Parses `chunk`, appending every event it completes to `out`.
    pub(crate) fn feed(
        &mut self,
        mut chunk: &[u8],
        out: &mut VecDeque<RawEvent>,
    ) -> Result<(), TooLarge> {
        if !self.started {
            // The BOM may itself be split across chunks: wait for three bytes (or a
            // mismatch) before deciding.
            self.line.extend_from_slice(chunk);
            const BOM: &[u8] = b"\xEF\xBB\xBF";
            let held = self.line.len().min(BOM.len());
            if self.line.get(..held) == BOM.get(..held) && held < BOM.len() {
                return Ok(());
            }
            self.started = true;
            let held = std::mem::take(&mut self.line);
            let rest = held.strip_prefix(BOM).unwrap_or(&held);
            return self.feed_lines(rest, out);
        }
        if chunk.is_empty() {
            return Ok(());
        }
        if self.after_cr {
            self.after_cr = false;
            if let Some(rest) = chunk.strip_prefix(b"\n") {
                chunk = rest;
            }
        }
        self.feed_lines(chunk, out)
    }

    fn feed_lines(
        &mut self,
        mut chunk: &[u8],
        out: &mut VecDeque<RawEvent>,
    ) -> Result<(), TooLarge> {
        while let Some(end) = line_end(chunk) {
            let (head, rest) = chunk.split_at(end);
            let is_cr = rest.first() == Some(&b'\r');
            let mut rest = rest.get(1..).unwrap_or_default();
            if is_cr {
                match rest.first() {
                    Some(b'\n') => rest = rest.get(1..).unwrap_or_default(),
                    Some(_) => {}
                    None => self.after_cr = true,
                }
            }
            if self.line.is_empty() {
                self.check(head.len())?;
                self.line_done(head, out);
            } else {
                self.check(head.len())?;
                let mut line = std::mem::take(&mut self.line);
                line.extend_from_slice(head);
                self.line_done(&line, out);
                line.clear();
                self.line = line;
            }
            chunk = rest;
        }
        self.check(chunk.len())?;
        self.line.extend_from_slice(chunk);
        Ok(())
    }

    /// Fails when `more` bytes would take the unfinished event past the limit.
    fn check(&self, more: usize) -> Result<(), TooLarge> {
        let held = self.line.len().saturating_add(self.data.len());
        if more > self.limit.saturating_sub(held) {
            return Err(TooLarge);
        }
        Ok(())
    }

    /// One complete line.
    fn line_done(&mut self, line: &[u8], out: &mut VecDeque<RawEvent>) {
        if line.is_empty() {
            self.dispatch(out);
            return;
        }
        if line.first() == Some(&b':') {
            return; // A comment (often a keep-alive).
        }
        let (field, value) = match line.iter().position(|&b| b == b':') {
            Some(colon) => {
                let (field, value) = line.split_at(colon);
                let value = value.get(1..).unwrap_or_default();
                (field, value.strip_prefix(b" ").unwrap_or(value))
            }
            None => (line, &[][..]),
        };
        match field {
            b"event" => self.event = text(value).into_owned(),
            b"data" => {
                let value = text(value);
                // With its `LF` in the same allocation.
                self.data.reserve(value.len() + 1);
                self.data.push_str(&value);
                self.data.push('\n');
            }
            b"id" if !value.contains(&0) => self.last_id = text(value).into_owned(),
            b"retry" if !value.is_empty() && value.iter().all(u8::is_ascii_digit) => {
                // Digits only, so the only failure is overflow: keep the longest wait.
                let millis = std::str::from_utf8(value)
                    .ok()
                    .and_then(|v| v.parse::<u64>().ok())
                    .unwrap_or(u64::MAX);
                self.retry = Some(Duration::from_millis(millis));
            }
            _ => {}
        }
    }

    /// An empty line: the buffered event, if it has data.
    fn dispatch(&mut self, out: &mut VecDeque<RawEvent>) {
        let event = std::mem::take(&mut self.event);
        if self.data.is_empty() {
            return;
        }
        let mut data = std::mem::take(&mut self.data);
        if data.ends_with('\n') {
            data.pop();
        }
        out.push_back(RawEvent {
            event: if event.is_empty() {
                "message".to_owned()
            } else {
                event
            },
            data,
            id: (!self.last_id.is_empty()).then(|| self.last_id.clone()),
            retry: self.retry,
        });
    }
}

/// Where the first `LF` or `CR` of `bytes` is. Lines are long (JSON data), so blocks of
/// 16 bytes are tested whole first, a test the compiler makes a few vector instructions;
/// byte by byte, the search was two fifths of the parser's instructions.
pub(crate) fn line_end(bytes: &[u8]) -> Option<usize> {
    let is_end = |b: &u8| *b == b'\n' || *b == b'\r';
    let mut blocks = bytes.chunks_exact(16);
    let mut offset = 0;
    for block in &mut blocks {
        if block.iter().fold(false, |found, b| found | is_end(b)) {
            return block.iter().position(is_end).map(|i| offset + i);
        }
        offset += 16;
    }
    blocks
        .remainder()
        .iter()
        .position(is_end)
        .map(|i| offset + i)
}

/// `bytes` as text, each invalid sequence replaced by U+FFFD. Valid text, nearly always
/// what arrives, is checked by `str::from_utf8`, which skips ASCII a word at a time; the
/// lossy decoder's byte-by-byte loop was a quarter of the parser's instructions.
fn text(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(bytes),
    }
}

/// One server-sent event. `data` is kept as the server sent it (multi-line data joined
/// with `\n`), so a sentinel such as `[DONE]` can be checked before decoding; [`Event::decode`]
/// gives it as `T`, the type the spec documents (`String` when it documents none).
///
/// `Debug` shows `data` with the spec's secret fields masked.
pub struct Event<T> {
    /// The event type: the `event` field, `message` when the server sent none.
    pub event: String,
    /// The data, as sent.
    pub data: String,
    /// The last event ID the server set (`id`), kept across events as the WHATWG rules say;
    /// `None` when it is empty. Send it as `Last-Event-ID` to resume.
    pub id: Option<String>,
    /// The reconnection time the server last asked for (`retry`), if any.
    pub retry: Option<Duration>,
    decoder: fn(&str) -> Result<T, String>,
    secret_fields: &'static [&'static str],
}

impl<T> Event<T> {
    pub(super) fn new(
        raw: RawEvent,
        decoder: fn(&str) -> Result<T, String>,
        secret_fields: &'static [&'static str],
    ) -> Self {
        Event {
            event: raw.event,
            data: raw.data,
            id: raw.id,
            retry: raw.retry,
            decoder,
            secret_fields,
        }
    }

    /// The data decoded as `T`. A failure concerns this event only: the stream goes on.
    pub fn decode(&self) -> Result<T, DecodeError> {
        (self.decoder)(&self.data).map_err(|message| DecodeError { message })
    }
}

impl<T> Clone for Event<T> {
    fn clone(&self) -> Self {
        Event {
            event: self.event.clone(),
            data: self.data.clone(),
            id: self.id.clone(),
            retry: self.retry,
            decoder: self.decoder,
            secret_fields: self.secret_fields,
        }
    }
}

impl<T> fmt::Debug for Event<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Event")
            .field("event", &self.event)
            .field("data", &snippet(self.data.as_bytes(), self.secret_fields))
            .field("id", &self.id)
            .field("retry", &self.retry)
            .finish()
    }
}

/// The data of one item of a stream did not decode as the spec documents. The message
/// names where and why, never a value from the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    message: String,
}

impl DecodeError {
    /// What did not match.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the event data does not decode: {}", self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes event data as JSON: what generated code passes when the spec gives a schema.
#[doc(hidden)]
pub fn json_data<T: DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| decode_message(&json_error(&e)))
}

/// Event data as text: what generated code passes when the spec gives no schema.
#[doc(hidden)]
pub fn text_data(data: &str) -> Result<String, String> {
    Ok(data.to_owned())
}

/// A serde_json error in the words `RawResponse` uses.
pub(super) fn json_error(e: &serde_json::Error) -> String {
    if e.is_data() {
        format!("the JSON does not match the documented type: {e}")
    } else {
        format!("invalid JSON: {e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(chunks: &[&[u8]]) -> Vec<RawEvent> {
        let mut parser = SseParser::new(1 << 20);
        let mut out = VecDeque::new();
        for chunk in chunks {
            parser.feed(chunk, &mut out).unwrap();
        }
        out.into_iter().collect()
    }

    fn event(event: &str, data: &str, id: Option<&str>) -> RawEvent {
        RawEvent {
            event: event.to_owned(),
            data: data.to_owned(),
            id: id.map(str::to_owned),
            retry: None,
        }
    }

    #[test]
    fn the_whatwg_examples() {
        // "data: YHOO\ndata: +2\ndata: 10\n\n" is one event with three lines.
        assert_eq!(
            parse(&[b"data: YHOO\ndata: +2\ndata: 10\n\n"]),
            [event("message", "YHOO\n+2\n10", None)]
        );
        // Comments, ids that persist, and a final block without an empty line (dropped).
        assert_eq!(
            parse(&[b": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\ndata: never"]),
            [
                event("message", "first event", Some("1")),
                event("message", "second event", None),
                event("message", " third event", None),
            ]
        );
        // `data` alone adds an empty line; a block without data dispatches nothing.
        assert_eq!(
            parse(&[b"data\n\ndata\ndata\n\ndata:\n"]),
            [event("message", "", None), event("message", "\n", None)]
        );
        assert!(parse(&[b"event: x\n\n"]).is_empty());
    }

    #[test]
    fn line_ends_bom_and_fields() {
        let events = parse(&[
            b"\xEF\xBB",
            b"\xBFevent: add\r\ndata: 1\r",
            b"\nretry: 250\rid: 7\r\r",
        ]);
        assert_eq!(
            events,
            [RawEvent {
                event: "add".to_owned(),
                data: "1".to_owned(),
                id: Some("7".to_owned()),
                retry: Some(Duration::from_millis(250)),
            }]
        );
        // Only the first BOM is removed; a bad retry is ignored; an id with NUL too.
        let events = parse(&[b"\xEF\xBB\xBFdata: \xEF\xBB\xBFx\nretry: 1s\nid: a\0b\n\n"]);
        assert_eq!(events, [event("message", "\u{FEFF}x", None)]);
    }

    #[test]
    fn limits_hold() {
        let mut parser = SseParser::new(8);
        let mut out = VecDeque::new();
        assert!(parser.feed(b"data: 1234", &mut out).is_err());
        // The data held counts: 4 bytes of data, then a 9-byte line.
        let mut parser = SseParser::new(12);
        assert!(parser.feed(b"data: 123\ndata: 456\n", &mut out).is_err());
        let mut parser = SseParser::new(16);
        assert!(parser.feed(b"data: 1\n\ndata: 2\n\n", &mut out).is_ok());
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn decoding_is_per_event() {
        let typed = |data: &str| Event::new(event("message", data, None), json_data::<u32>, &[]);
        assert_eq!(typed("42").decode(), Ok(42));
        let done = typed("[DONE]");
        assert_eq!(done.data, "[DONE]");
        assert!(done.decode().is_err());
        let secret = Event::new(
            event("message", r#"{"token":"hunter2"}"#, None),
            text_data,
            &["token"],
        );
        assert!(!format!("{secret:?}").contains("hunter2"));
        assert_eq!(secret.decode().unwrap(), r#"{"token":"hunter2"}"#);
    }
}
