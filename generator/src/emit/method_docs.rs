//! The docs of the client's methods: the operation's summary and description, its
//! method and path, its arguments' docs (with their examples), its body's docs and how
//! the body is sent, what its request value adds (the items of its pages, a streamed
//! response), its documented responses (with their examples) and the cargo features it
//! needs.

use super::bodies;
use crate::docs::{code_span, doc_values};
use crate::ir::{MethodKind, Operation, StatusMatch};

/// The docs of the method that returns the request value.
pub(super) fn client_method_docs(op: &Operation) -> Vec<String> {
    let mut docs = doc_values(op.docs.as_deref());
    if op.docs.is_some() {
        docs.push(String::new());
    }
    docs.push(path_line(op));
    let args = op.call().map_or(&[][..], |call| &call.args);
    for p in op.params_of(args) {
        if let Some(text) = p.docs.as_deref().filter(|d| !d.trim().is_empty()) {
            let text = format!("{}: {}", code_span(&p.name.rust), text.trim());
            docs.push(String::new());
            docs.extend(doc_values(Some(&text)));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            if let Some(text) = body.docs.as_deref().filter(|d| !d.trim().is_empty()) {
                docs.push(String::new());
                docs.extend(doc_values(Some(text)));
            }
            docs.extend(bodies::sending_docs(op, body));
        } else {
            let text = format!(
                " The spec makes the body optional: [`body`](requests::{}::body) sends one.",
                op.request
            );
            docs.push(String::new());
            docs.push(text);
        }
    }
    for method in &op.methods {
        let what = match method.kind {
            MethodKind::Items(_) => "streams the items of every page",
            MethodKind::Stream(_) => "asks for the response as a stream",
            MethodKind::Call | MethodKind::RawBody => continue,
        };
        let name = &method.name;
        let text = format!(" [`{name}`](requests::{}::{name}) {what}.", op.request);
        docs.push(String::new());
        docs.push(text);
    }
    docs.extend(response_docs(op));
    docs.extend(feature_docs(op));
    docs
}

/// The documented responses, each after its status: its description and examples.
fn response_docs(op: &Operation) -> Vec<String> {
    let mut docs = Vec::new();
    for case in &op.responses {
        let Some(text) = case.docs.as_deref().filter(|d| !d.trim().is_empty()) else {
            continue;
        };
        let status = match case.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(r) => format!("Any {r}XX status"),
            StatusMatch::Default => "Any other status (`default`)".to_string(),
        };
        docs.push(String::new());
        docs.extend(doc_values(Some(&format!("{status}: {}", text.trim()))));
    }
    docs
}

/// The docs of the `_with_body` method.
pub(super) fn raw_body_docs(op: &Operation) -> Vec<String> {
    let method = op.call_name();
    let mut media: Vec<&str> = Vec::new();
    if let Some(body) = &op.body {
        media.extend(body.content.media().iter().map(|m| m.media_type.as_str()));
        media.extend(body.other_media_types.iter().map(String::as_str));
    }
    let list = media
        .iter()
        .map(|m| code_span(m))
        .collect::<Vec<_>>()
        .join(", ");
    let first =
        format!(" Like [`Client::{method}`], but sends `body` as it is, with `content_type`.");
    let accepts = format!(" The spec accepts {list}.");
    let mut docs = vec![first, String::new(), accepts, String::new()];
    docs.push(path_line(op));
    docs.extend(feature_docs(op));
    docs
}

/// `` `GET /path` ``.
fn path_line(op: &Operation) -> String {
    format!(
        " {}",
        code_span(&format!("{} {}", op.method.as_str(), op.path.template))
    )
}

/// The cargo features the method is compiled with, when it needs any.
fn feature_docs(op: &Operation) -> Vec<String> {
    if op.features.is_empty() {
        return Vec::new();
    }
    let names: Vec<String> = op.features.iter().map(|f| format!("`{f}`")).collect();
    let text = match names.as_slice() {
        [one] => format!(" Compiled with the cargo feature {one}."),
        many => format!(
            " Compiled with any of the cargo features {}.",
            many.join(", ")
        ),
    };
    vec![String::new(), text]
}
