//! Responses: each documented status of an operation, matched in order (exact statuses,
//! ranges, then `default`), with the type its body decodes to; the operation's success and
//! error types; the `Accept` header.

use openapiv3::{Operation, ReferenceOr, Response, StatusCode};

use super::media::{is_json, pick_media};
use super::Lowerer;
use crate::diag::DocPath;
use crate::ir::{self, BodyEncoding, StatusMatch, TypeRef};
use crate::naming::{self, Namespace};

/// Whether a response case counts as success: a status below 400 (`1XX`-`3XX` ranges too).
/// `default` is an error.
pub(super) fn is_success(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(c) => c < 400,
        StatusMatch::Range(r) => r < 4,
        StatusMatch::Default => false,
    }
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
    /// The documented responses of `op`, in match order, and the `Accept` header value.
    pub(super) fn responses(
        &mut self,
        op: &Operation,
        doc_path: &DocPath,
        type_base: &str,
    ) -> (Vec<ir::ResponseCase>, Option<String>) {
        let mut cases: Vec<(StatusMatch, &ReferenceOr<Response>, DocPath)> = Vec::new();
        let rpath = doc_path.push("responses");
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
        let success_count = cases.iter().filter(|(m, _, _)| is_success(*m)).count();
        let any_success = success_count > 0;
        let mut accept: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let mut variants = Namespace::default();
        for (status, response, path) in cases {
            // `default` is an error; when it is the only response documented, a copy of
            // it is also the success of any 2xx status (below).
            let success = is_success(status);
            let Some(response) = self.resolve_response(response, &path) else {
                continue;
            };
            for name in response.headers.keys() {
                let lower = name.to_ascii_lowercase();
                if lower.contains("ratelimit-reset") || lower.contains("rate-limit-reset") {
                    self.rate_limit_headers.insert(lower);
                }
            }
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
                        (BodyEncoding::Json, Some(schema)) => self.schema(
                            schema,
                            &path.push("content").push(&media).push("schema"),
                            &hint,
                        ),
                        (BodyEncoding::Json, None) => TypeRef::Json,
                        (BodyEncoding::Text, _) => TypeRef::String,
                        _ => TypeRef::Bytes,
                    };
                    // Form-encoded responses are rare; they are kept as bytes.
                    let encoding = match encoding {
                        BodyEncoding::Form => BodyEncoding::Bytes,
                        e => e,
                    };
                    match encoding {
                        // Error bodies that are not JSON are kept as text for the message.
                        BodyEncoding::Bytes if !success => (BodyEncoding::Text, TypeRef::String),
                        BodyEncoding::Bytes => (encoding, TypeRef::Bytes),
                        _ => (encoding, ty),
                    }
                }
            };
            out.push(ir::ResponseCase {
                status,
                success,
                encoding,
                ty,
                variant: Some(variants.claim(&variant_base)),
                docs: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            });
        }
        if !out.iter().any(|c| c.success) {
            // Nothing documents success: any 2xx decodes as `default` says, or else as JSON
            // (an empty body is `null`).
            let success = match out.iter().find(|c| c.status == StatusMatch::Default) {
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
                },
            };
            out.push(success);
            out.sort_by_key(|c| c.status);
        }
        // JSON first, so servers that negotiate pick it; then by name, so the order
        // does not depend on the document's.
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
        let accept = if accept.is_empty() {
            None
        } else {
            Some(accept.join(", "))
        };
        (out, accept)
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
