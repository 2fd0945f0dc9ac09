//! Media types: which one a method sends or asks for, and how its values are encoded.

use crate::ir::BodyEncoding;

/// A media type without its parameters, in lower case: `application/json; charset=utf-8`
/// -> `application/json`.
pub(super) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Whether a media type is JSON: `application/json` or any `+json` type.
pub(super) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

/// The stream a response of this media type is read as: server-sent events or JSON
/// values one per line (`application/json;stream=watch` is Kubernetes' watch).
pub(super) fn stream_kind(media: &str) -> Option<BodyEncoding> {
    let essence = essence(media);
    let watch = media
        .split(';')
        .skip(1)
        .any(|p| p.trim().eq_ignore_ascii_case("stream=watch"));
    match essence.as_str() {
        "text/event-stream" => Some(BodyEncoding::EventStream),
        "application/x-ndjson"
        | "application/ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines"
        | "application/json-seq"
        | "application/x-json-stream" => Some(BodyEncoding::JsonLines),
        "application/json" if watch => Some(BodyEncoding::JsonLines),
        _ => None,
    }
}

/// Picks the media type a method uses: JSON first, then streams (events, JSON lines),
/// form and multipart, text, anything else.
pub(super) fn pick_media<'m>(
    media: impl Iterator<Item = &'m String>,
) -> Option<(String, BodyEncoding)> {
    let mut best: Option<(u8, String, BodyEncoding)> = None;
    for m in media {
        let essence = essence(m);
        let (rank, encoding) = if let Some(stream) = stream_kind(m) {
            (2, stream)
        } else if essence == "application/json" {
            (0, BodyEncoding::Json)
        } else if is_json(&essence) {
            (1, BodyEncoding::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (3, BodyEncoding::Form)
        } else if essence == "multipart/form-data" {
            (3, BodyEncoding::Multipart)
        } else if essence.starts_with("text/") {
            (4, BodyEncoding::Text)
        } else {
            (5, BodyEncoding::Bytes)
        };
        if best.as_ref().is_none_or(|(r, b, _)| (rank, m) < (*r, b)) {
            best = Some((rank, m.clone(), encoding));
        }
    }
    best.map(|(_, m, e)| (m, e))
}
