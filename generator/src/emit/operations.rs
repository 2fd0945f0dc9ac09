//! Operations: their types (the parameters struct and the enums of documented success
//! and error responses), and the client's method for each, with the status `match` that
//! decodes a response.
//!
//! The path template, parameters, body encoding and response cases come decided from the
//! IR; this module renders them and never names or reshapes anything.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::constructors::params_impl;
use super::paths::{arg_type, cfg_attr, gate_text, ident, type_ref, Scope};
use super::Piece;
use crate::docs::doc_attrs;
use crate::ir::{
    self, BodyEncoding, Operation, Outcome, ParamLocation, PathPart, StatusMatch, TypeRef,
};
use crate::naming::reserved;

/// The types of an operation, in order: its parameters struct, whose constructors come
/// as text ([`Piece::Text`]), and its outcome enums.
pub(crate) fn operation_types(op: &Operation) -> Vec<Piece> {
    let mut pieces = Vec::new();
    if let Some(params_type) = &op.params_type {
        let name = ident(params_type);
        let all_optional = op.params.iter().all(|p| !p.required);
        let default = all_optional.then(|| quote!(Default,));
        let doc = format!(
            " Query, header and cookie parameters of [`Client::{}`](super::Client::{}).",
            op.name.trim_start_matches("r#"),
            op.name.trim_start_matches("r#")
        );
        let fields = op.params.iter().map(|p| {
            let docs = doc_attrs(p.docs.as_deref());
            let pname = ident(&p.name);
            let ty = type_ref(&p.ty, Scope::Types);
            let ty = if p.required {
                ty
            } else {
                quote!(::std::option::Option<#ty>)
            };
            let where_doc = format!(
                " Sent as {} `{}`.",
                match p.location {
                    ParamLocation::Query => "query parameter",
                    ParamLocation::Header => "header",
                    ParamLocation::Cookie => "cookie",
                    ParamLocation::Path => "path parameter",
                },
                p.wire_name
            );
            let sep = p.docs.is_some().then(|| quote!(#[doc = ""]));
            let deprecated = p.deprecated.then(|| quote!(#[deprecated]));
            quote! {
                #docs
                #sep
                #[doc = #where_doc]
                #deprecated
                pub #pname: #ty,
            }
        });
        pieces.push(Piece::Tokens(quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, PartialEq, #default)]
            pub struct #name {
                #(#fields)*
            }
        }));
        pieces.push(Piece::Text(params_impl(params_type, op)));
    }
    let method = op.name.trim_start_matches("r#");
    if let Some(body_enum) = super::bodies::body_enum(op) {
        pieces.push(Piece::Tokens(body_enum));
    }
    if let Outcome::Enum(name) = &op.success {
        let doc = format!(" The documented successful responses of [`Client::{method}`](super::Client::{method}).");
        pieces.push(Piece::Tokens(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| r.success),
        )));
    }
    if let Outcome::Enum(name) = &op.error {
        let doc = format!(
            " The documented error responses of [`Client::{method}`](super::Client::{method})."
        );
        pieces.push(Piece::Tokens(outcome_enum(
            name,
            &doc,
            op.responses.iter().filter(|r| !r.success),
        )));
    }
    if op.features.is_empty() {
        return pieces;
    }
    // Each piece is one item, or items written as text: all compiled with the operation.
    let cfg = cfg_attr(&op.features);
    pieces
        .into_iter()
        .map(|piece| match piece {
            Piece::Tokens(tokens) => Piece::Tokens(quote!(#cfg #tokens)),
            Piece::Text(text) => Piece::Text(gate_text(&text, &op.features)),
        })
        .collect()
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
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Which of an operation's methods to emit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MethodKind {
    /// The method: sends the body, typed, when the operation has one.
    Main,
    /// The `_with_body` twin, which sends a body the caller encoded (when the spec
    /// accepts several media types).
    RawBody,
    /// The `_without_body` twin, which sends none (when the body is optional).
    WithoutBody,
    /// The `_stream` twin, which asks for the success as a stream (when the spec
    /// documents it both as JSON and as a stream).
    Stream,
    /// The `_items` twin, which streams the items of every page (when the list pages in
    /// a way that is certain).
    Items,
}

/// The method of an operation, or one of its twins (nothing when it has none).
pub(crate) fn operation_method(op: &Operation, kind: MethodKind) -> TokenStream {
    let without_name = match (kind, &op.body) {
        (MethodKind::WithoutBody, Some(body)) => match &body.without_method {
            Some(name) => Some(name),
            None => return TokenStream::new(),
        },
        (MethodKind::WithoutBody, None) => return TokenStream::new(),
        _ => None,
    };
    let pages = match (kind, &op.pagination) {
        (MethodKind::Items, Some(pages)) => Some(pages),
        (MethodKind::Items, None) => return TokenStream::new(),
        _ => None,
    };
    // The body this method sends.
    let op_body = if without_name.is_some() || pages.is_some_and(|p| !p.body) {
        None
    } else {
        op.body.as_ref()
    };
    let stream = match (kind, &op.stream) {
        (MethodKind::Stream, Some(stream)) => Some(stream),
        (MethodKind::Stream, None) => return TokenStream::new(),
        _ => None,
    };
    let raw_body = if kind == MethodKind::RawBody {
        match op
            .body
            .as_ref()
            .and_then(|b| Some((b, b.raw_method.as_ref()?)))
        {
            Some(found) => Some(found),
            None => return TokenStream::new(),
        }
    } else {
        None
    };
    let method_name = op.name.trim_start_matches("r#");
    let name = match (raw_body, without_name, stream, pages) {
        (Some((_, raw_name)), ..) => ident(raw_name),
        (None, Some(without_name), ..) => ident(without_name),
        (None, None, Some(stream), _) => ident(&stream.name),
        (None, None, None, Some(pages)) => ident(&pages.method),
        (None, None, None, None) => ident(&op.name),
    };
    let mut docs = match raw_body {
        None if stream.is_some() => {
            let media = stream
                .map(|s| crate::docs::code_span(&s.accept))
                .unwrap_or_default();
            let text = format!(
                " Like [`Client::{method_name}`], but asks for the response as a stream ({media}) and returns it as it arrives. The spec documents both; the request must ask the server to stream, as its API says (often `stream: true` in the body)."
            );
            quote!(#[doc = #text])
        }
        None if without_name.is_some() => {
            let text = format!(
                " Like [`Client::{method_name}`], but sends no body (the spec makes it optional)."
            );
            quote!(#[doc = #text])
        }
        Some((body, _)) => {
            let mut media: Vec<&str> = body
                .content
                .media()
                .into_iter()
                .map(|m| m.media_type.as_str())
                .collect();
            media.extend(body.other_media_types.iter().map(String::as_str));
            let list = media
                .iter()
                .map(|m| crate::docs::code_span(m))
                .collect::<Vec<_>>()
                .join(", ");
            let text = format!(
                " Like [`Client::{method_name}`], but sends `body` as it is, with `content_type`; the spec accepts {list}."
            );
            quote!(#[doc = #text])
        }
        None => match pages {
            Some(pages) => super::pages::docs(op, pages),
            None => doc_attrs(op.docs.as_deref()),
        },
    };
    let line = format!(
        " {}",
        crate::docs::code_span(&format!("{} {}", op.method.as_str(), op.path.template))
    );
    if op.docs.is_some()
        || raw_body.is_some()
        || without_name.is_some()
        || stream.is_some()
        || pages.is_some()
    {
        docs.extend(quote!(#[doc = ""]));
    }
    docs.extend(quote!(#[doc = #line]));
    if let (None, Some(body)) = (raw_body, op_body) {
        if let Some(text) = body.docs.as_deref().filter(|d| !d.trim().is_empty()) {
            let body_docs = doc_attrs(Some(text));
            docs.extend(quote!(#[doc = ""] #body_docs));
        }
        docs.extend(super::bodies::sending_docs(body));
        if let Some(without) = &body.without_method {
            let without = without.trim_start_matches("r#");
            let text =
                format!(" The spec makes the body optional: [`Client::{without}`] sends none.");
            docs.extend(quote!(#[doc = ""] #[doc = #text]));
        }
    }
    if let (MethodKind::Main, Some(twin)) = (kind, &op.pagination) {
        let twin = twin.method.trim_start_matches("r#");
        let text = format!(" [`Client::{twin}`] streams the items of every page.");
        docs.extend(quote!(#[doc = ""] #[doc = #text]));
    }
    if !op.features.is_empty() {
        let names: Vec<String> = op.features.iter().map(|f| format!("`{f}`")).collect();
        let text = match names.as_slice() {
            [one] => format!(" Compiled with the cargo feature {one}."),
            many => format!(
                " Compiled with any of the cargo features {}.",
                many.join(", ")
            ),
        };
        docs.extend(quote!(#[doc = ""] #[doc = #text]));
    }
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let cfg = cfg_attr(&op.features);

    // The method's own arguments; lowering keeps path parameters off these names.
    let params_arg = format_ident!("{}", reserved::PARAMS_ARG);
    let body_arg = format_ident!("{}", reserved::BODY_ARG);
    let content_type_arg = format_ident!("{}", reserved::CONTENT_TYPE_ARG);

    let mut args = Vec::new();
    for p in &op.path_params {
        let pname = ident(&p.name);
        let ty = arg_type(&p.ty);
        args.push(quote!(#pname: #ty));
    }
    if let Some(params_type) = &op.params_type {
        let ty = ident(params_type);
        args.push(quote!(#params_arg: &types::#ty));
    }
    if raw_body.is_some() {
        args.push(
            quote!(#content_type_arg: impl ::std::convert::Into<::std::borrow::Cow<'static, str>>),
        );
        args.push(quote!(#body_arg: impl ::std::convert::Into<crate::runtime::Upload>));
    } else if let Some(body) = op_body {
        if matches!(&body.content, ir::BodyContent::One(one) if one.content_type_arg) {
            args.push(
                quote!(#content_type_arg: impl ::std::convert::Into<::std::borrow::Cow<'static, str>>),
            );
        }
        let ty = super::bodies::arg_type(&body.content);
        args.push(quote!(#body_arg: #ty));
    }

    // The path, as literal pieces and encoded parameters.
    let pieces: Vec<TokenStream> = op
        .path
        .parts
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(i) => match op.path_params.get(*i) {
                Some(p) => {
                    let pname = ident(&p.name);
                    quote!(&crate::runtime::path_param(&#pname))
                }
                None => quote!(""),
            },
        })
        .collect();
    let path_expr = match op.path.parts.as_slice() {
        [PathPart::Literal(text)] => quote!(::std::string::String::from(#text)),
        [] => quote!(::std::string::String::new()),
        _ => quote!([#(#pieces),*].concat()),
    };
    let method = format_ident!("{}", op.method.as_str());
    let method = quote!(::reqwest::Method::#method);

    let params = op.params.iter().map(|p| {
        let pname = ident(&p.name);
        let wire = &p.wire_name;
        match p.location {
            ParamLocation::Query => {
                let style = query_style(p.style);
                quote!(request.query(#wire, &#params_arg.#pname, #style);)
            }
            ParamLocation::Header => quote!(request.header(#wire, &#params_arg.#pname);),
            ParamLocation::Cookie => quote!(request.cookie(#wire, &#params_arg.#pname);),
            ParamLocation::Path => quote!(),
        }
    });

    let security = if op.security.is_empty() {
        quote!()
    } else {
        let alternatives = op.security.iter().map(|set| quote!(&[#(#set),*]));
        quote!(request.security(&[#(#alternatives),*]);)
    };

    let body = op_body.map(|b| match raw_body {
        Some(_) => quote!(request.bytes_body(#content_type_arg, #body_arg);),
        None => super::bodies::set_body(&b.content, &body_arg, &content_type_arg),
    });
    let accept = match stream {
        Some(stream) => Some(&stream.accept),
        None => op.accept.as_ref(),
    };
    let accept = accept.map(|a| {
        let a = Literal::string(a);
        quote!(request.accept(#a);)
    });

    let error_ty = match &op.error {
        Outcome::Single(ty) => type_ref(ty, Scope::Root),
        Outcome::Enum(name) => {
            let name = ident(name);
            quote!(types::#name)
        }
    };
    // The cases this method decodes: the stream twin's successes, or the documented ones.
    let cases: Vec<&ir::ResponseCase> = match stream {
        Some(stream) => stream
            .responses
            .iter()
            .chain(op.responses.iter().filter(|c| !c.success))
            .collect(),
        None => op.responses.iter().collect(),
    };
    let streamed: Vec<&ir::ResponseCase> = cases
        .iter()
        .copied()
        .filter(|c| c.success && c.encoding.is_stream())
        .collect();
    let success_ty = match (&op.success, streamed.first()) {
        (_, Some(case)) => stream_type(case, &error_ty),
        (Outcome::Single(ty), None) => type_ref(ty, Scope::Root),
        (Outcome::Enum(name), None) => {
            let name = ident(name);
            quote!(types::#name)
        }
    };
    let arms = response_arms(op, &cases, pages.is_some());
    // Hooks and tracing name the call by these, never by the path's values.
    let operation_id = op.operation_id.as_deref().unwrap_or(&op.name);
    let template = &op.path.template;
    // A call without parameters, security, body or `Accept` never changes the request.
    let mutable = (!op.params.is_empty()
        || !op.security.is_empty()
        || op_body.is_some()
        || op.accept.is_some())
    .then(|| quote!(mut));
    let decode = match arms.as_slice() {
        [(None, only)] => quote!(#only),
        _ => {
            let arms = arms.iter().map(|(pattern, expr)| {
                let pattern = pattern.clone().unwrap_or_else(|| quote!(_));
                quote!(#pattern => #expr,)
            });
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                }
            }
        }
    };

    let call = if streamed.is_empty() {
        quote!(self.core.call(request, &self.options, |response| #decode))
    } else {
        let patterns = streamed.iter().filter_map(|c| status_pattern(c.status));
        quote! {
            self.core.call_stream(
                request,
                &self.options,
                |status| matches!(status, #(#patterns)|*),
                |response| #decode,
            )
        }
    };

    let request = quote! {
        let #mutable request =
            crate::runtime::Request::for_operation(#method, #path_expr, #operation_id, #template);
        #(#params)*
        #security
        #body
        #accept
    };
    if let Some(pages) = pages {
        let item = type_ref(&pages.item, Scope::Root);
        let paging = super::pages::paging(pages);
        // The request of the first page, built now; the pages own everything they need.
        return quote! {
            #docs
            #deprecated
            #cfg
            pub fn #name(&self, #(#args),*) -> crate::runtime::Pages<#item, #error_ty> {
                #request
                crate::runtime::Pages::new(
                    self.core.clone(),
                    self.options.clone(),
                    request,
                    #paging,
                    |response| #decode,
                )
            }
        };
    }

    // Not an `async fn`: the request is built when the method is called, and the future
    // (the runtime's, shared by every method) borrows only the client. An `async fn` per
    // operation made `cargo check` build and borrow-check a state machine for each.
    quote! {
        #docs
        #deprecated
        #cfg
        pub fn #name(&self, #(#args),*) -> impl ::std::future::Future<
            Output = ::std::result::Result<
                crate::runtime::Response<#success_ty>,
                crate::runtime::Error<#error_ty>,
            >,
        > + '_ {
            #request
            #call
        }
    }
}

/// The type a streamed success is returned as: a stream of its items.
fn stream_type(case: &ir::ResponseCase, error_ty: &TokenStream) -> TokenStream {
    let item = type_ref(&case.ty, Scope::Root);
    match case.encoding {
        BodyEncoding::EventStream => quote!(crate::runtime::EventStream<#item, #error_ty>),
        BodyEncoding::JsonLines => quote!(crate::runtime::JsonLines<#item, #error_ty>),
        _ => quote!(crate::runtime::ByteStream<#error_ty>),
    }
}

/// The pattern of the statuses a case matches (`None` for `default`).
fn status_pattern(status: StatusMatch) -> Option<TokenStream> {
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
/// For an items twin (`pages`), the JSON success is a page, read as any JSON; another 2XX
/// (documented without a body, as a 204) is a page without items, and a 3XX (a redirect
/// not followed, a 304 to a conditional request) ends the pages as an unexpected status.
fn response_arms(
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
