//! Operations: their types (the enums of documented success and error responses, the
//! enum of a body in several media types), and the status `match` that decodes a
//! response, which the request values' terminal methods share (`requests`).
//!
//! The path template, parameters, body encoding and response cases come decided from the
//! IR; this module renders them and never names or reshapes anything.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::paths::{ident, type_ref, Scope};
use crate::docs::doc_attrs;
use crate::ir::{self, BodyEncoding, Operation, Outcome, StatusMatch, TypeRef};

/// The types of an operation, in order: its body enum and its outcome enums, one item
/// each (the caller gates them with the operation's features).
pub(super) fn operation_types(op: &Operation) -> Vec<TokenStream> {
    let mut pieces = Vec::new();
    let method = op.call_name();
    pieces.extend(super::bodies::body_enum(op));
    if let Outcome::Enum(name) = &op.success {
        let doc = format!(" The documented successful responses of [`Client::{method}`](super::Client::{method}).");
        pieces.push(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| r.success),
        ));
    }
    if let Outcome::Enum(name) = &op.error {
        let doc = if op.responses.iter().any(|r| !r.success) {
            format!(
                " The documented error responses of [`Client::{method}`](super::Client::{method})."
            )
        } else {
            format!(
                " The error responses of [`Client::{method}`](super::Client::{method}).\n\n \
                 The spec documents none, so an error status is `Error::UnexpectedStatus`;\n \
                 a status the spec documents later becomes a variant here."
            )
        };
        pieces.push(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| !r.success),
        ));
    }
    pieces
}

fn outcome_enum<'a>(
    name: &str,
    doc: &str,
    cases: impl Iterator<Item = &'a ir::ResponseCase>,
) -> TokenStream {
    let name = ident(name);
    let variants = cases.filter_map(|c| {
        let variant = ident(c.variant.as_deref()?);
        let status = match c.status {
            StatusMatch::Code(code) => format!(" Status {code}."),
            StatusMatch::Range(r) => format!(" Any {r}XX status."),
            StatusMatch::Default => " Any other status (`default`).".to_string(),
        };
        let docs = doc_attrs(c.docs.as_deref());
        let sep = c.docs.is_some().then(|| quote!(#[doc = ""]));
        let payload = match c.ty {
            TypeRef::Unit => quote!(),
            ref ty => {
                let ty = type_ref(ty, Scope::Types);
                quote!((#ty))
            }
        };
        Some(quote! {
            #docs
            #sep
            #[doc = #status]
            #variant #payload,
        })
    });
    let doc = doc.lines().map(|line| quote!(#[doc = #line]));
    quote! {
        #(#doc)*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// The type a streamed success is returned as: a stream of its items.
pub(super) fn stream_type(case: &ir::ResponseCase, error_ty: &TokenStream) -> TokenStream {
    let item = type_ref(&case.ty, Scope::Root);
    match case.encoding {
        BodyEncoding::EventStream => quote!(crate::runtime::EventStream<#item, #error_ty>),
        BodyEncoding::JsonLines => quote!(crate::runtime::JsonLines<#item, #error_ty>),
        _ => quote!(crate::runtime::ByteStream<#error_ty>),
    }
}

/// The pattern of the statuses a case matches (`None` for `default`).
pub(super) fn status_pattern(status: StatusMatch) -> Option<TokenStream> {
    match status {
        StatusMatch::Code(code) => {
            let code = Literal::u16_unsuffixed(code);
            Some(quote!(#code))
        }
        StatusMatch::Range(r) => {
            let lo = Literal::u16_unsuffixed(r * 100);
            let hi = Literal::u16_unsuffixed(r * 100 + 99);
            Some(quote!(#lo..=#hi))
        }
        StatusMatch::Default => None,
    }
}

/// The arms of the status `match`: a pattern (`None` for `_`) and its expression.
///
/// For `.items()` (`pages`), the JSON success is a page, read as any JSON; another 2XX
/// (documented without a body, as a 204) is a page without items, and a 3XX (a redirect
/// not followed, a 304 to a conditional request) ends the pages as an unexpected status.
pub(super) fn response_arms(
    op: &Operation,
    cases: &[&ir::ResponseCase],
    pages: bool,
) -> Vec<(Option<TokenStream>, TokenStream)> {
    let mut arms = Vec::new();
    let mut has_default = false;
    for case in cases {
        let pattern = status_pattern(case.status);
        has_default |= pattern.is_none();
        let enum_name = if case.success { &op.success } else { &op.error };
        let constructor = match (enum_name, &case.variant) {
            (Outcome::Enum(e), Some(v)) => {
                let e = ident(e);
                let v = ident(v);
                Some(quote!(types::#e::#v))
            }
            _ => None,
        };
        let two_hundreds = matches!(
            case.status,
            StatusMatch::Code(200..=299) | StatusMatch::Range(2)
        );
        let expr = match (case.success, case.encoding, constructor) {
            (true, BodyEncoding::Json, _) if pages => quote!(response.json()),
            (true, _, _) if pages && two_hundreds => {
                quote!(response.empty_map(::serde_json::Value::Null))
            }
            (true, _, _) if pages => quote!(::std::result::Result::Err(response.unexpected())),
            (true, BodyEncoding::EventStream, _) => match case.ty {
                TypeRef::String => {
                    quote!(response.event_stream(crate::runtime::sse::text_data))
                }
                _ => quote!(response.event_stream(crate::runtime::sse::json_data)),
            },
            (true, BodyEncoding::JsonLines, _) => quote!(response.json_lines()),
            (true, BodyEncoding::ByteStream, _) => quote!(response.byte_stream()),
            (true, BodyEncoding::Json, None) => quote!(response.json()),
            (true, BodyEncoding::Json, Some(c)) => quote!(response.json_map(#c)),
            (true, BodyEncoding::Empty, None) => match &op.success {
                Outcome::Single(TypeRef::Unit) => quote!(response.empty()),
                _ => quote!(response.json()),
            },
            (true, BodyEncoding::Empty, Some(c)) => quote!(response.empty_map(#c)),
            (true, BodyEncoding::Text, None) => quote!(response.text()),
            (true, BodyEncoding::Text, Some(c)) => quote!(response.text().map(|r| r.map(#c))),
            (true, _, None) => quote!(response.bytes()),
            (true, _, Some(c)) => quote!(response.bytes().map(|r| r.map(#c))),
            (false, _, None) => quote!(::std::result::Result::Err(response.unexpected())),
            (false, BodyEncoding::Json, Some(c)) => quote!(response.error_json(#c)),
            (false, BodyEncoding::Empty, Some(c)) => quote!(response.error_empty(#c)),
            (false, _, Some(c)) => quote!(response.error_text(#c)),
        };
        arms.push((pattern, expr));
    }
    if !has_default {
        arms.push((
            None,
            quote!(::std::result::Result::Err(response.unexpected())),
        ));
    }
    arms
}

/// A query or form style as the runtime's `QueryStyle`.
pub(super) fn query_style(style: ir::QueryStyle) -> TokenStream {
    match style {
        ir::QueryStyle::Form { explode: true } => quote!(crate::runtime::QueryStyle::FORM),
        ir::QueryStyle::Form { explode } => {
            quote!(crate::runtime::QueryStyle::Form { explode: #explode })
        }
        ir::QueryStyle::SpaceDelimited => quote!(crate::runtime::QueryStyle::SpaceDelimited),
        ir::QueryStyle::PipeDelimited => quote!(crate::runtime::QueryStyle::PipeDelimited),
        ir::QueryStyle::DeepObject => quote!(crate::runtime::QueryStyle::DeepObject),
    }
}
