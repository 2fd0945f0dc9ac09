//! Responses: each documented status of an operation, matched in order (exact statuses,
//! ranges, then `default`), with the type its body decodes to; the operation's success and
//! error types; the `Accept` header.

use openapiv3::{MediaType, Operation, ReferenceOr, Response, StatusCode};

use super::media::{is_json, pick_media, stream_kind};
use super::Lowerer;
use crate::diag::DocPath;
use crate::ir::{self, BodyEncoding, StatusMatch, TypeRef};
use crate::naming::{self, Namespace};

/// Whether a response case counts as success: a status below 400 (`1XX`-`3XX` ranges too).
/// `default` is an error. So is a redirect the client follows itself (301, 302, 303, 307,
/// 308) beside a documented 2xx (`documents_2xx`).
///
/// The client follows those redirects within the API's origin, so one reaches the caller
/// only when it was not followed (another origin, or a policy of the caller's own): the
/// request was not served here, and beside a 2xx its answer is not the operation's
/// result. It is one of the operation's errors, with its body typed. Where redirects are
/// all an operation documents, a redirect is its result (GitHub's download of an archive
/// answers 302 with the archive's `Location`, on another origin), and stays a success;
/// so do 300 and 304, which no client follows.
pub(super) fn is_success(status: StatusMatch, documents_2xx: bool) -> bool {
    match status {
        StatusMatch::Code(c) => c < 400 && !(documents_2xx && is_followed_redirect(c)),
        StatusMatch::Range(r) => r < 4,
        StatusMatch::Default => false,
    }
}

/// Whether a status is a 2xx (a code or the range).
fn is_2xx(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => (200..300).contains(&c),
        StatusMatch::Range(r) => r == 2,
        StatusMatch::Default => false,
    }
}

/// A redirect status an HTTP client follows by itself: 301, 302, 303, 307, 308.
fn is_followed_redirect(code: u16) -> bool {
    matches!(code, 301 | 302 | 303 | 307 | 308)
}

/// The word for a status in names (`Ok`, `NotFound`, `ClientError`, `Default`): the variant
/// of its case, and part of the names of the types of its body.
pub(super) fn status_word(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => naming::status_name(c),
        StatusMatch::Range(1) => "Informational".to_string(),
        StatusMatch::Range(2) => "Success".to_string(),
        StatusMatch::Range(3) => "Redirection".to_string(),
        StatusMatch::Range(4) => "ClientError".to_string(),
        StatusMatch::Range(5) => "ServerError".to_string(),
        StatusMatch::Range(r) => format!("Status{r}xx"),
        StatusMatch::Default => "Default".to_string(),
    }
}

impl<'a> Lowerer<'a> {
    /// The documented responses of `op`, in match order, the `Accept` header value, and
    /// the stream twin when a success is documented both as JSON and as a stream (its
    /// name is claimed later, with the other methods').
    pub(super) fn responses(
        &mut self,
        op: &Operation,
        doc_path: &DocPath,
        type_base: &str,
    ) -> (
        Vec<ir::ResponseCase>,
        Option<String>,
        Option<ir::StreamMethod>,
    ) {
        let cases = status_cases(op, &doc_path.push("responses"));
        let documents_2xx = cases.iter().any(|(m, _, _)| is_2xx(*m));
        let success_count = cases
            .iter()
            .filter(|(m, _, _)| is_success(*m, documents_2xx))
            .count();
        let any_success = success_count > 0;
        let mut accept: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let mut variants = Namespace::default();
        let mut stream_cases: Vec<ir::ResponseCase> = Vec::new();
        let mut stream_accept: Vec<String> = Vec::new();
        for (status, response, path) in cases {
            // `default` is an error; when it is the only response documented, a copy of
            // it is also the success of any 2xx status (below).
            let success = is_success(status, documents_2xx);
            let place = self.written_at(response, &path);
            let Some(response) = self.resolve_response(response, &path) else {
                continue;
            };
            self.note_rate_limit_headers(response);
            let variant_base = status_word(status);
            let only_default = status == StatusMatch::Default && !any_success;
            let hint = if (success && success_count == 1) || only_default {
                format!("{type_base}Response")
            } else {
                format!("{type_base}{variant_base}Response")
            };
            let (encoding, ty) = match pick_media(response.content.keys()) {
                None => (BodyEncoding::Empty, TypeRef::Unit),
                Some((media, encoding)) => {
                    for m in response.content.keys() {
                        if !accept.contains(m) {
                            accept.push(m.clone());
                        }
                    }
                    let schema = response.content.get(&media).and_then(|m| m.schema.as_ref());
                    let ty = match (encoding, schema) {
                        (
                            BodyEncoding::Json
                            | BodyEncoding::EventStream
                            | BodyEncoding::JsonLines,
                            Some(schema),
                        ) => self.schema(
                            schema,
                            &place.push("content").push(&media).push("schema"),
                            &hint,
                        ),
                        (BodyEncoding::Json | BodyEncoding::JsonLines, None) => TypeRef::Json,
                        (BodyEncoding::EventStream, None) => TypeRef::String,
                        (BodyEncoding::Text, _) => TypeRef::String,
                        _ => TypeRef::Bytes,
                    };
                    // Form-encoded responses are rare; they are kept as bytes.
                    let encoding = match encoding {
                        BodyEncoding::Form => BodyEncoding::Bytes,
                        e => e,
                    };
                    // The same success as a stream too (JSON or events, `stream: true`).
                    if success && !encoding.is_stream() {
                        let mut streams: Vec<(&String, BodyEncoding)> = response
                            .content
                            .keys()
                            .filter_map(|m| Some((m, stream_kind(m)?)))
                            .collect();
                        streams.sort_by(|a, b| a.0.cmp(b.0));
                        if let Some((stream_media, kind)) = streams.first() {
                            let schema = response
                                .content
                                .get(*stream_media)
                                .and_then(|m| m.schema.as_ref());
                            let ty = match (kind, schema) {
                                (_, Some(schema)) => self.schema(
                                    schema,
                                    &path.push("content").push(stream_media).push("schema"),
                                    &format!("{type_base}{variant_base}Event"),
                                ),
                                (BodyEncoding::EventStream, None) => TypeRef::String,
                                _ => TypeRef::Json,
                            };
                            if !stream_accept.contains(stream_media) {
                                stream_accept.push((*stream_media).clone());
                            }
                            let example = response.content.get(*stream_media).and_then(|m| {
                                self.example(m, &place.push("content").push(stream_media))
                            });
                            stream_cases.push(ir::ResponseCase {
                                status,
                                success,
                                encoding: *kind,
                                ty,
                                variant: None,
                                docs: None,
                                example,
                            });
                        }
                    }
                    match encoding {
                        // Error bodies that are not JSON are kept as text for the message.
                        BodyEncoding::Bytes if !success => (BodyEncoding::Text, TypeRef::String),
                        BodyEncoding::EventStream | BodyEncoding::JsonLines if !success => {
                            (BodyEncoding::Text, TypeRef::String)
                        }
                        BodyEncoding::Bytes => (encoding, TypeRef::Bytes),
                        _ => (encoding, ty),
                    }
                }
            };
            let media = pick_media(response.content.keys())
                .and_then(|(m, _)| Some((response.content.get(&m)?, m)));
            let example = match &media {
                Some((media, name)) if success && encoding != BodyEncoding::Empty => {
                    self.example(media, &place.push("content").push(name))
                }
                _ => None,
            };
            out.push(ir::ResponseCase {
                status,
                success,
                encoding,
                ty,
                variant: Some(variants.claim(&variant_base)),
                docs: super::doc_facts::response_docs(&response.description, media.map(|(m, _)| m)),
                example,
            });
        }
        if !out.iter().any(|c| c.success) {
            out.push(implied_success(&out));
            out.sort_by_key(|c| c.status);
        }
        self.streams_fit_the_outcome(&mut out, doc_path);
        // The method asks for JSON when its twin asks for the stream.
        if !stream_cases.is_empty() {
            accept.retain(|m| stream_kind(m).is_none());
        }
        let stream = self.stream_method(stream_cases, stream_accept, doc_path);
        (out, accept_header(accept), stream)
    }

    /// The place a response (or an example, a schema) is written: its own, or the one its
    /// `$ref` leads to. A response given by a `$ref` is lowered there, so a schema in it
    /// that a pointer also leads to is that pointer's type.
    /// Notes the rate-limit reset headers a response documents, for the client to read.
    fn note_rate_limit_headers(&mut self, response: &Response) {
        for name in response.headers.keys() {
            let lower = name.to_ascii_lowercase();
            if lower.contains("ratelimit-reset") || lower.contains("rate-limit-reset") {
                self.rate_limit_headers.insert(lower);
            }
        }
    }

    fn written_at<T>(&self, item: &ReferenceOr<T>, path: &DocPath) -> DocPath {
        match item {
            ReferenceOr::Reference { reference } => self.refs.follow(reference).map_or_else(
                || path.clone(),
                |found| DocPath::from_segments(found.segments()),
            ),
            ReferenceOr::Item(_) => path.clone(),
        }
    }

    /// The example of a response body of `media` (written at `place`): the media type's
    /// `example`, else the first by name of its `examples` with a value, else its
    /// schema's `example`; each with the place it is written at, a `$ref` followed. Its
    /// objects' keys are sorted, so the order of the spec's maps never reaches the output.
    fn example(&self, media: &MediaType, place: &DocPath) -> Option<ir::ResponseExample> {
        let found = |value: &serde_json::Value, place: DocPath| ir::ResponseExample {
            value: super::doc_facts::sorted(value),
            place: place.to_string(),
        };
        if let Some(value) = &media.example {
            return Some(found(value, place.push("example")));
        }
        let mut named: Vec<_> = media.examples.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        for (name, example) in named {
            let at = self.written_at(example, &place.push("examples").push(name));
            if let Some(value) = self.refs.resolve(example).and_then(|e| e.value.as_ref()) {
                return Some(found(value, at.push("value")));
            }
        }
        let schema = media.schema.as_ref()?;
        let at = self.written_at(schema, &place.push("schema"));
        let value = self.refs.resolve(schema)?.schema_data.example.as_ref()?;
        Some(found(value, at.push("example")))
    }

    /// A stream can be the success of a method only when every success shares its type:
    /// otherwise events and lines are read whole as text (with a warning) and bytes stay
    /// in memory. A lone binary success is streamed.
    fn streams_fit_the_outcome(&mut self, cases: &mut [ir::ResponseCase], doc_path: &DocPath) {
        let mut shapes: Vec<(BodyEncoding, &TypeRef)> = cases
            .iter()
            .filter(|c| c.success)
            .map(|c| (c.encoding, &c.ty))
            .collect();
        shapes.dedup();
        let several = shapes.len() > 1;
        let mut demoted = false;
        for case in cases.iter_mut().filter(|c| c.success) {
            match case.encoding {
                BodyEncoding::Bytes if !several => case.encoding = BodyEncoding::ByteStream,
                BodyEncoding::EventStream | BodyEncoding::JsonLines if several => {
                    case.encoding = BodyEncoding::Text;
                    case.ty = TypeRef::String;
                    demoted = true;
                }
                _ => {}
            }
        }
        if demoted {
            self.diags.warning(
                &doc_path.push("responses"),
                "a streamed success (events or JSON lines) beside other successes of \
                 another type is read whole, as text",
            );
        }
    }

    /// The stream twin of the cases a success also documents as a stream: those of the
    /// first case's type (others, with a warning, are not streamed).
    fn stream_method(
        &mut self,
        mut cases: Vec<ir::ResponseCase>,
        mut accept: Vec<String>,
        doc_path: &DocPath,
    ) -> Option<ir::StreamMethod> {
        let first = cases.first()?;
        let shape = (first.encoding, first.ty.clone());
        let before = cases.len();
        cases.retain(|c| (c.encoding, &c.ty) == (shape.0, &shape.1));
        if cases.len() < before {
            self.diags.warning(
                &doc_path.push("responses"),
                "successes documented as streams of different types: only those of the \
                 first status's type are streamed by `.stream()`",
            );
        }
        accept.sort();
        Some(ir::StreamMethod {
            accept: accept.join(", "),
            responses: cases,
        })
    }

    /// The response `response` is or refers to; `None`, with a warning, when its `$ref`
    /// cannot be followed.
    fn resolve_response<'r>(
        &mut self,
        response: &'r ReferenceOr<Response>,
        path: &DocPath,
    ) -> Option<&'r Response>
    where
        'a: 'r,
    {
        let found = self.refs.resolve(response);
        if found.is_none() {
            if let ReferenceOr::Reference { reference } = response {
                self.diags.warning(
                    path,
                    format!("response `{reference}` could not be resolved; it is left out"),
                );
            }
        }
        found
    }
}

/// An operation's documented statuses with their responses and places, in match order:
/// exact statuses, ranges, then `default`.
fn status_cases<'o>(
    op: &'o Operation,
    rpath: &DocPath,
) -> Vec<(StatusMatch, &'o ReferenceOr<Response>, DocPath)> {
    let mut cases = Vec::new();
    for (status, response) in &op.responses.responses {
        let (m, key) = match status {
            StatusCode::Code(c) => (StatusMatch::Code(*c), c.to_string()),
            StatusCode::Range(r) => (StatusMatch::Range(*r), format!("{r}XX")),
        };
        cases.push((m, response, rpath.push(key)));
    }
    if let Some(default) = &op.responses.default {
        cases.push((StatusMatch::Default, default, rpath.push("default")));
    }
    cases.sort_by_key(|c| c.0);
    cases
}

/// The success of an operation that documents none: any 2xx decodes as `default` says,
/// or else as JSON (an empty body is `null`).
fn implied_success(cases: &[ir::ResponseCase]) -> ir::ResponseCase {
    match cases.iter().find(|c| c.status == StatusMatch::Default) {
        Some(default) => ir::ResponseCase {
            status: StatusMatch::Range(2),
            success: true,
            variant: None,
            ..default.clone()
        },
        None => ir::ResponseCase {
            status: StatusMatch::Range(2),
            success: true,
            encoding: BodyEncoding::Json,
            ty: TypeRef::Json,
            variant: None,
            docs: None,
            example: None,
        },
    }
}

/// The `Accept` header of the media types a method reads: JSON first, so servers that
/// negotiate pick it; then by name, so the order does not depend on the document's.
fn accept_header(mut accept: Vec<String>) -> Option<String> {
    let rank = |m: &str| {
        if m.split(';').next().unwrap_or("").trim() == "application/json" {
            0
        } else if is_json(m) {
            1
        } else {
            2
        }
    };
    accept.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
    if accept.is_empty() {
        None
    } else {
        Some(accept.join(", "))
    }
}

/// The type a set of response cases decodes to: the one type they share, or an enum (named
/// by `name`, called only then) with a variant per case.
pub(super) fn outcome(cases: &[&ir::ResponseCase], name: impl FnOnce() -> String) -> ir::Outcome {
    let mut types: Vec<&TypeRef> = cases.iter().map(|c| &c.ty).collect();
    types.dedup();
    match types.as_slice() {
        [] => ir::Outcome::Single(TypeRef::Unit),
        [one]
            if cases
                .iter()
                .all(|c| cases.first().is_some_and(|f| f.encoding == c.encoding)) =>
        {
            ir::Outcome::Single((*one).clone())
        }
        _ => ir::Outcome::Enum(name()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_the_client_follows_is_not_a_success_beside_a_2xx() {
        for code in [200, 201, 204, 300, 304] {
            assert!(is_success(StatusMatch::Code(code), true), "{code}");
        }
        for code in [301, 302, 303, 307, 308, 400, 404, 500] {
            assert!(!is_success(StatusMatch::Code(code), true), "{code}");
        }
        // Redirects alone are the operation's result.
        for code in [301, 302, 303, 307, 308] {
            assert!(is_success(StatusMatch::Code(code), false), "{code}");
        }
        assert!(is_success(StatusMatch::Range(2), true));
        assert!(is_success(StatusMatch::Range(3), true));
        assert!(!is_success(StatusMatch::Range(4), true));
        assert!(!is_success(StatusMatch::Default, false));
    }
}
