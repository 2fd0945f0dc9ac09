//! Request bodies: the argument a method takes for its body, the statement that puts it
//! on the request (JSON, form, multipart, text, bytes), and the enum of a body the caller
//! sends in one of several media types, whose variant is matched to pick the
//! `Content-Type` and the encoding.
//!
//! Encodings, media types and variant names come decided from the IR; this module
//! renders them.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::layout::Node;
use super::operations::query_style;
use super::paths::{ident, type_node, type_ref, Scope};
use crate::docs::{code_span, doc_attrs};
use crate::ir::{
    Body, BodyChoice, BodyContent, BodyEncoding, MediaBody, MethodKind, Operation, PartKind,
    TypeRef,
};
use crate::naming::ident_text;

/// The enum of an operation's body when the caller picks its media type, and its `From`
/// impls: items each, so that each can be gated.
pub(super) fn body_enum(op: &Operation) -> Vec<TokenStream> {
    let Some(BodyContent::Choice(choice)) = op.body.as_ref().map(|b| &b.content) else {
        return Vec::new();
    };
    let method = op.call_name();
    let doc = format!(
        " The request body of [`Client::{method}`](super::Client::{method}), in one of the media types the spec accepts: the variant decides the `Content-Type` sent and how the value is encoded."
    );
    let name = ident(&choice.name);
    let variants = choice.variants.iter().map(|variant| {
        let name = ident(&variant.name);
        let payload = payload_type(&variant.body);
        let what = format!(
            " Sent as {}{}",
            code_span(&variant.body.media_type),
            encoding_words(&variant.body)
        );
        let docs = doc_attrs(variant.docs.as_deref());
        let sep = variant.docs.is_some().then(|| quote!(#[doc = ""]));
        quote! {
            #[doc = #what]
            #sep
            #docs
            #name(#payload),
        }
    });
    // An `Upload` may be a stream, which can be neither cloned nor compared.
    let derives = if holds_upload(choice) {
        quote!(#[derive(Debug)])
    } else {
        quote!(#[derive(Debug, Clone, PartialEq)])
    };
    let mut items = vec![quote! {
        #[doc = #doc]
        #derives
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    }];
    items.extend(from_impls(choice));
    items
}

/// `From` each variant's value into the enum, for the first variant of each type (the
/// preferred media type, JSON first), and `From<&str>` for a text one: so a call that
/// passed the value when the spec accepted one media type still compiles when it
/// accepts more, and sends what it sent.
fn from_impls(choice: &BodyChoice) -> Vec<TokenStream> {
    let name = ident(&choice.name);
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for variant in &choice.variants {
        let payload = payload_type(&variant.body);
        let key = payload.to_string();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let variant_name = ident(&variant.name);
        out.push(quote! {
            impl ::std::convert::From<#payload> for #name {
                fn from(value: #payload) -> Self {
                    #name::#variant_name(value)
                }
            }
        });
        if variant.body.encoding == BodyEncoding::Text {
            out.push(quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        #name::#variant_name(::std::string::String::from(value))
                    }
                }
            });
        }
    }
    out
}

/// How a variant's value is sent, as the end of its doc sentence.
fn encoding_words(body: &MediaBody) -> &'static str {
    match (body.encoding, &body.ty) {
        (_, TypeRef::JsonPatch) => {
            ": a JSON Patch (RFC 6902), its operations applied in order, all or none."
        }
        (BodyEncoding::Json, _) => ", as JSON.",
        (BodyEncoding::Form, _) => ", form-encoded.",
        (BodyEncoding::Multipart, _) => ", one part per field.",
        (BodyEncoding::Text, _) => ": the text as it is, written by the caller.",
        _ => ": bytes in memory, or streamed (`Upload::stream`, `Upload::file`).",
    }
}

fn holds_upload(choice: &BodyChoice) -> bool {
    choice
        .variants
        .iter()
        .any(|v| !is_typed(v.body.encoding) && v.body.encoding != BodyEncoding::Text)
}

/// Whether a body of this encoding is a value of the spec's type (JSON, form,
/// multipart), rather than text or bytes.
fn is_typed(encoding: BodyEncoding) -> bool {
    matches!(
        encoding,
        BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
    )
}

/// The type a body enum's variant holds, named from inside `types`.
fn payload_type(body: &MediaBody) -> TokenStream {
    match body.encoding {
        encoding if is_typed(encoding) => type_ref(&body.ty, Scope::Types),
        BodyEncoding::Text => quote!(::std::string::String),
        _ => quote!(crate::runtime::Upload),
    }
}

/// What a method's docs say of how its body is sent: the `content_type` the caller
/// names, the enum whose variant picks the media type, the raw twin that sends the
/// media types the method does not.
pub(super) fn sending_docs(op: &Operation, body: &Body) -> Vec<String> {
    let mut docs = Vec::new();
    let sent = match &body.content {
        BodyContent::One(one) => {
            if one.content_type_arg {
                let text = format!(
                    " `content_type` is the media type of `body` as sent; the spec says {}{}.",
                    code_span(&one.media_type),
                    if one.media_type.starts_with("multipart/") {
                        " (with the `boundary` the body uses: `multipart/form-data; boundary=...`)"
                    } else {
                        ""
                    }
                );
                docs.extend([String::new(), text]);
            }
            format!(
                "The body is sent as {}; the spec also accepts",
                code_span(&one.media_type)
            )
        }
        BodyContent::Choice(choice) => {
            let text = format!(
                " The body is sent in the media type its variant names (see [`types::{}`]).",
                choice.name
            );
            docs.extend([String::new(), text]);
            "The spec also accepts".to_string()
        }
    };
    let raw = op.method_of(|k| matches!(k, MethodKind::RawBody));
    if let Some(raw_name) = raw.map(|m| &m.name) {
        let list = body
            .other_media_types
            .iter()
            .map(|m| code_span(m))
            .collect::<Vec<_>>()
            .join(", ");
        let text = format!(" {sent} {list}, which [`Client::{raw_name}`] sends.");
        docs.extend([String::new(), text]);
    }
    docs
}

/// The type a request value keeps its body as (the method and the setter take anything
/// that converts into it): the value of JSON, a form or multipart, the text of a text
/// body, an `Upload` of bytes, or the enum of a body in several media types.
pub(super) fn owned_type(content: &BodyContent) -> TokenStream {
    match content {
        BodyContent::Choice(choice) => {
            let name = ident(&choice.name);
            quote!(types::#name)
        }
        BodyContent::One(body) => match body.encoding {
            BodyEncoding::Text => quote!(::std::string::String),
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                type_ref(&body.ty, Scope::Root)
            }
            _ => quote!(crate::runtime::Upload),
        },
    }
}

/// [`owned_type`] for [`super::layout`] to lay out.
pub(super) fn owned_type_node(content: &BodyContent) -> Node {
    match content {
        BodyContent::Choice(choice) => Node::Word(format!("types::{}", ident_text(&choice.name))),
        BodyContent::One(body) => match body.encoding {
            BodyEncoding::Text => Node::word("::std::string::String"),
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                type_node(&body.ty, "types::")
            }
            _ => Node::word("crate::runtime::Upload"),
        },
    }
}

/// The statement that sets the body from the argument `body_arg`; the media type is the
/// `content_type` argument when the caller names it.
pub(super) fn set_body(
    content: &BodyContent,
    body_arg: &Ident,
    content_type_arg: &Ident,
) -> TokenStream {
    match content {
        BodyContent::One(body) => {
            let media = if body.content_type_arg {
                quote!(#content_type_arg)
            } else {
                let media = &body.media_type;
                quote!(#media)
            };
            let call = send(body, media, body_arg);
            quote!(#call;)
        }
        BodyContent::Choice(choice) => {
            let name = ident(&choice.name);
            let arms = choice.variants.iter().map(|variant| {
                let variant_name = ident(&variant.name);
                let media = &variant.body.media_type;
                let call = send(&variant.body, quote!(#media), body_arg);
                quote!(types::#name::#variant_name(#body_arg) => #call,)
            });
            quote! {
                match #body_arg {
                    #(#arms)*
                }
            }
        }
    }
}

/// The call that sets a body of one media type from `value`, owned.
fn send(body: &MediaBody, media: TokenStream, value: &Ident) -> TokenStream {
    let borrowed = quote!(&#value);
    match body.encoding {
        BodyEncoding::Json => quote!(request.json_body(#media, #borrowed)),
        BodyEncoding::Form => {
            let styles = body.form_styles.iter().map(|(name, style)| {
                let style = query_style(*style);
                quote!((#name, #style))
            });
            quote!(request.form_body(#borrowed, &[#(#styles),*]))
        }
        BodyEncoding::Multipart => multipart_body(body, value),
        BodyEncoding::Text => quote!(request.text_body(#media, #value)),
        _ => quote!(request.bytes_body(#media, #value)),
    }
}

/// A multipart body built part by part from the struct's fields (moved out of it, so
/// files are not copied), as lowering classified them.
fn multipart_body(body: &MediaBody, body_arg: &Ident) -> TokenStream {
    let parts = body.parts.iter().map(|part| {
        let field = ident(&part.name);
        let wire = &part.name.wire;
        let content_type = match &part.content_type {
            Some(media) => quote!(::std::option::Option::Some(#media)),
            None => quote!(::std::option::Option::None),
        };
        match part.kind {
            PartKind::File => quote!(parts.file(#wire, #body_arg.#field, #content_type);),
            PartKind::Text => quote!(parts.text(#wire, &#body_arg.#field, #content_type);),
            PartKind::Json | PartKind::JsonEach => {
                let media = part.content_type.as_deref().unwrap_or("application/json");
                let each = part.kind == PartKind::JsonEach;
                quote!(parts.json(#wire, &#body_arg.#field, #media, #each);)
            }
        }
    });
    quote! {{
        let mut parts = crate::runtime::Multipart::new();
        #(#parts)*
        request.multipart_body(parts)
    }}
}
