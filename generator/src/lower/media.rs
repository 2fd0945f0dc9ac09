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

/// Where a media type stands in the order a method prefers (lower first: JSON, other
/// JSON types, streams, form and multipart, text, anything else) and how its values are
/// encoded.
pub(super) fn rank(media: &str) -> (u8, BodyEncoding) {
    let essence = essence(media);
    if let Some(stream) = stream_kind(media) {
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
    }
}

/// Picks the media type a method uses: the first in [`rank`]'s order, then by name.
pub(super) fn pick_media<'m>(
    media: impl Iterator<Item = &'m String>,
) -> Option<(String, BodyEncoding)> {
    let mut best: Option<(u8, String, BodyEncoding)> = None;
    for m in media {
        let (rank, encoding) = rank(m);
        if best.as_ref().is_none_or(|(r, b, _)| (rank, m) < (*r, b)) {
            best = Some((rank, m.clone(), encoding));
        }
    }
    best.map(|(_, m, e)| (m, e))
}

/// How a request body of this media type is encoded: as [`rank`] says, except that
/// streaming types are bytes the caller writes, and YAML is text the caller writes (the
/// generated crate has no YAML serializer).
pub(super) fn request_encoding(media: &str) -> BodyEncoding {
    match rank(media).1 {
        encoding if encoding.is_stream() => BodyEncoding::Bytes,
        BodyEncoding::Bytes if is_yaml(media) => BodyEncoding::Text,
        encoding => encoding,
    }
}

/// Whether a media type is YAML: `application/yaml`, `application/x-yaml` or any `+yaml`
/// type (Kubernetes' `application/apply-patch+yaml`).
fn is_yaml(media: &str) -> bool {
    let essence = essence(media);
    matches!(essence.as_str(), "application/yaml" | "application/x-yaml")
        || essence.ends_with("+yaml")
}

/// Whether a media type is a JSON Patch (RFC 6902), or the `json-patch-query` variant
/// some APIs accept.
pub(super) fn is_json_patch(media: &str) -> bool {
    matches!(
        essence(media).as_str(),
        "application/json-patch+json" | "application/json-patch-query+json"
    )
}
