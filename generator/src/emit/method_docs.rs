//! The docs of the client's methods: the operation's summary and description, its
//! method and path, its arguments' docs (with their examples), its body's docs and how
//! the body is sent, what its request value adds (the items of its pages, a streamed
//! response), its documented responses (with their examples) and the cargo features it
//! needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::bodies;
use crate::docs::{code_span, doc_attrs};
use crate::ir::{MethodKind, Operation, StatusMatch};

/// The docs of the method that returns the request value.
pub(super) fn client_method_docs(op: &Operation) -> TokenStream {
    let mut docs = doc_attrs(op.docs.as_deref());
    if op.docs.is_some() {
        docs.extend(quote!(#[doc = ""]));
    }
    docs.extend(path_line(op));
    let args = op.call().map_or(&[][..], |call| &call.args);
    for p in op.params_of(args) {
        if let Some(text) = p.docs.as_deref().filter(|d| !d.trim().is_empty()) {
            let text = format!("{}: {}", code_span(&p.name.rust), text.trim());
            let arg_docs = doc_attrs(Some(&text));
            docs.extend(quote!(#[doc = ""] #arg_docs));
        }
    }
    if let Some(body) = &op.body {
        if body.required {
            if let Some(text) = body.docs.as_deref().filter(|d| !d.trim().is_empty()) {
                let body_docs = doc_attrs(Some(text));
                docs.extend(quote!(#[doc = ""] #body_docs));
            }
            docs.extend(bodies::sending_docs(op, body));
        } else {
            let text = format!(
                " The spec makes the body optional: [`body`](requests::{}::body) sends one.",
                op.request
            );
            docs.extend(quote!(#[doc = ""] #[doc = #text]));
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
        docs.extend(quote!(#[doc = ""] #[doc = #text]));
    }
    docs.extend(response_docs(op));
    docs.extend(feature_docs(op));
    docs
}

/// The documented responses, each after its status: its description and examples.
fn response_docs(op: &Operation) -> TokenStream {
    let mut docs = TokenStream::new();
    for case in &op.responses {
        let Some(text) = case.docs.as_deref().filter(|d| !d.trim().is_empty()) else {
            continue;
        };
        let status = match case.status {
            StatusMatch::Code(code) => format!("Status {code}"),
            StatusMatch::Range(r) => format!("Any {r}XX status"),
            StatusMatch::Default => "Any other status (`default`)".to_string(),
        };
        let case_docs = doc_attrs(Some(&format!("{status}: {}", text.trim())));
        docs.extend(quote!(#[doc = ""] #case_docs));
    }
    docs
}

/// The docs of the `_with_body` method.
pub(super) fn raw_body_docs(op: &Operation) -> TokenStream {
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
    let mut docs = quote!(#[doc = #first] #[doc = ""] #[doc = #accepts] #[doc = ""]);
    docs.extend(path_line(op));
    docs.extend(feature_docs(op));
    docs
}

/// `` `GET /path` ``.
fn path_line(op: &Operation) -> TokenStream {
    let line = format!(
        " {}",
        code_span(&format!("{} {}", op.method.as_str(), op.path.template))
    );
    quote!(#[doc = #line])
}

/// The cargo features the method is compiled with, when it needs any.
fn feature_docs(op: &Operation) -> TokenStream {
    if op.features.is_empty() {
        return TokenStream::new();
    }
    let names: Vec<String> = op.features.iter().map(|f| format!("`{f}`")).collect();
    let text = match names.as_slice() {
        [one] => format!(" Compiled with the cargo feature {one}."),
        many => format!(
            " Compiled with any of the cargo features {}.",
            many.join(", ")
        ),
    };
    quote!(#[doc = ""] #[doc = #text])
}
