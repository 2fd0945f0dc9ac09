//! Request bodies: what an operation's method sends, in one media type or the caller's
//! choice of several, and how (JSON, form, multipart parts, text, bytes).

use serde::Serialize;

use super::{Name, QueryStyle, TypeRef};

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// What the method sends: one media type, or the caller's choice of several.
    pub content: BodyContent,
    /// `required: true`.
    pub required: bool,
    /// Doc comment text.
    pub docs: Option<String>,
    /// Media types the spec accepts for this body whose `Content-Type` the caller must
    /// name (a range such as `*/*`, or a `multipart/*` type that needs a boundary) and
    /// that `content` does not send: the operation's [`super::MethodKind::RawBody`]
    /// method sends them.
    pub other_media_types: Vec<String>,
}

/// What an operation's method sends as its body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BodyContent {
    /// One media type: the method takes its value.
    One(MediaBody),
    /// Several media types the spec accepts: the method takes an enum whose variant
    /// picks the media type sent.
    Choice(BodyChoice),
}

impl BodyContent {
    /// Every media type it can send, in order.
    pub fn media(&self) -> Vec<&MediaBody> {
        match self {
            BodyContent::One(media) => vec![media],
            BodyContent::Choice(choice) => choice.variants.iter().map(|v| &v.body).collect(),
        }
    }
}

/// A body in one media type: the value's type and how it is encoded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MediaBody {
    /// The media type sent.
    pub media_type: String,
    /// How the value is encoded.
    pub encoding: BodyEncoding,
    /// The value's type.
    pub ty: TypeRef,
    /// The caller names the content type (`content_type: &'static str`): the spec's
    /// media type is a range (`*/*`, `image/*`) or needs a parameter the caller picks
    /// (the `boundary` of `multipart/*`).
    pub content_type_arg: bool,
    /// A form body's properties the spec's `encoding` gives a style (by wire name).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub form_styles: Vec<(String, QueryStyle)>,
    /// A multipart body's parts, one per field of its struct, in field order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Part>,
}

/// The enum a body the spec accepts in several media types is given: one variant per
/// media type, which decides the `Content-Type` and the encoding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyChoice {
    /// The enum's name in the `types` module.
    pub name: String,
    /// The variants, JSON first (as the media types are preferred), then by media type.
    pub variants: Vec<BodyVariant>,
}

/// A variant of a [`BodyChoice`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BodyVariant {
    /// The Rust variant name (from the media type: `MergePatch` for
    /// `application/merge-patch+json`).
    pub name: String,
    /// Doc comment text: the media type's examples.
    pub docs: Option<String>,
    /// What it sends.
    pub body: MediaBody,
}

/// One property of a `multipart/form-data` body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Part {
    /// The struct field it is made from (a Rust name) and the part's name.
    #[serde(flatten)]
    pub name: Name,
    /// How its value is sent.
    pub kind: PartKind,
    /// The content type the spec's `encoding` gives it.
    pub content_type: Option<String>,
    /// The headers the spec's `encoding` documents for the part (`Content-Type` aside),
    /// sorted by name. Their values are the caller's: a file part sets them with
    /// `FilePart::header`, which the field's docs say.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<PartHeader>,
}

/// A header the spec's `encoding` documents for a multipart part.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartHeader {
    /// The header's name.
    pub name: String,
    /// `required: true`.
    pub required: bool,
    /// `description`.
    pub docs: Option<String>,
}

/// How a multipart property is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum PartKind {
    /// A file (`runtime::FilePart`), one part per file.
    File,
    /// Text: a scalar, or one part per element of an array of scalars.
    Text,
    /// JSON: an object or any other value.
    Json,
    /// JSON, one part per element of an array.
    JsonEach,
}

/// How a value is put on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum BodyEncoding {
    /// JSON, for `application/json` and any `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// Plain text.
    Text,
    /// `multipart/form-data` with a struct: one part per property.
    Multipart,
    /// Raw bytes (`application/octet-stream`, other multipart types, anything else).
    Bytes,
    /// No body.
    Empty,
    /// A response streamed as server-sent events (`text/event-stream`); the type is the
    /// data of one event.
    EventStream,
    /// A response streamed as JSON values one per line (NDJSON, JSON lines, JSON text
    /// sequences, `application/json;stream=watch`); the type is one value.
    JsonLines,
    /// A binary response streamed as it arrives (the type is `Bytes`).
    ByteStream,
}

impl BodyEncoding {
    /// Whether a response of this encoding is read as a stream rather than whole.
    pub fn is_stream(self) -> bool {
        matches!(
            self,
            BodyEncoding::EventStream | BodyEncoding::JsonLines | BodyEncoding::ByteStream
        )
    }
}
