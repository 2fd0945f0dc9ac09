//! `.items()` of a paginated operation's request value: its docs, which say how it
//! pages and what said so, and the runtime's `Paging` value it hands to `Pages`.
//!
//! The request is the one its request value builds for every terminal ([`super::requests`]);
//! this module renders what lowering decided ([`ir::Pagination`]) and decides nothing.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Node;
use crate::docs::code_span;
use crate::ir::{self, PageSource, PageStyle};

/// The docs of `.items()` of `op`'s request value.
pub(super) fn docs(op: &ir::Operation, pages: &ir::Pagination) -> TokenStream {
    let method = op.call_name();
    let first = format!(
        " Every item of [`Client::{method}`], page after page, as a stream of `Result`s ([`Pages`](crate::runtime::Pages)); the pages are asked for as the stream is read."
    );
    let items = if pages.items.is_empty() {
        "The items are the body of each page, a list.".to_string()
    } else {
        format!(
            "The items are the list at {} in the body of each page.",
            code_span(&pages.items.join("."))
        )
    };
    let next = match &pages.style {
        PageStyle::Cursor { param, next } => format!(
            "The next page sends the query parameter {} as the last page's {} gave it; the last page is the one where that is missing, `null` or empty.",
            code_span(param),
            code_span(&next.join("."))
        ),
        PageStyle::LastItem { param, field } => format!(
            "The next page sends the query parameter {} with the {} of the last page's last item.",
            code_span(param),
            code_span(field)
        ),
        PageStyle::Page { param, first } => format!(
            "The next page sends the query parameter {} one higher, starting from the value the request sets (or {first}).",
            code_span(param)
        ),
        PageStyle::Offset { param } => format!(
            "The next page sends the query parameter {} advanced by the number of items received, starting from the value the request sets (or 0).",
            code_span(param)
        ),
        PageStyle::LinkHeader => "The next page is the URL of the response's `Link` header with `rel=\"next\"`; the last page has none.".to_string(),
        PageStyle::NextUrl { next } => format!(
            "The next page is the URL at {} in the last page's body; the last page has none.",
            code_span(&next.join("."))
        ),
    };
    let mut stops = String::new();
    if let Some(has_more) = &pages.has_more {
        stops.push_str(&format!(
            " A page whose {} is `false` is the last.",
            code_span(&has_more.join("."))
        ));
    }
    stops.push_str(" An empty page is the last too.");
    if matches!(
        pages.style,
        PageStyle::LinkHeader | PageStyle::NextUrl { .. }
    ) {
        stops.push_str(" A next URL is followed only on the client's base URL (the credentials go nowhere else); another one ends the stream with [`Error::Pagination`].");
    }
    stops.push_str(" A server that gives a cursor or URL it gave before, or the same page twice, ends the stream with [`Error::Pagination`] instead of asking forever.");
    if !pages.first_page_only.is_empty() {
        let only = pages
            .first_page_only
            .iter()
            .map(|p| code_span(p))
            .collect::<Vec<_>>()
            .join(", ");
        stops.push_str(&format!(
            " The query parameters {only} are sent with the first page only: the cursor stands for them after it."
        ));
    }
    let source = match &pages.source {
        PageSource::Config => "How it pages is the config file's (`openapi-gen.toml`).".to_string(),
        PageSource::Extension(name) => format!("How it pages is what the spec's {} says.", code_span(name)),
        PageSource::LinkHeader => {
            "How it pages follows from the `Link` header the spec declares for the response.".to_string()
        }
        PageSource::Convention(pair) => format!(
            "How it pages follows from the names of the query parameter and the response field, a known pair ({}).",
            code_span(pair)
        ),
    };
    let how = format!(" {items} {next}{stops} {source}");
    quote! {
        #[doc = #first]
        #[doc = ""]
        #[doc = #how]
    }
}

/// The runtime's `Paging` value for `.items()`: how the next page is asked for, where the
/// items are.
pub(super) fn paging(pages: &ir::Pagination) -> TokenStream {
    let style = match &pages.style {
        PageStyle::Cursor { param, next } => {
            quote!(crate::runtime::PagingStyle::Cursor { param: #param, next: &[#(#next),*] })
        }
        PageStyle::LastItem { param, field } => {
            quote!(crate::runtime::PagingStyle::LastItem { param: #param, field: #field })
        }
        PageStyle::Page { param, first } => {
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            quote!(crate::runtime::PagingStyle::Page { param: #param, first: #first })
        }
        PageStyle::Offset { param } => {
            quote!(crate::runtime::PagingStyle::Offset { param: #param })
        }
        PageStyle::LinkHeader => quote!(crate::runtime::PagingStyle::LinkHeader),
        PageStyle::NextUrl { next } => {
            quote!(crate::runtime::PagingStyle::NextUrl { next: &[#(#next),*] })
        }
    };
    let items = &pages.items;
    let has_more = match &pages.has_more {
        Some(keys) => quote!(::std::option::Option::Some(&[#(#keys),*])),
        None => quote!(::std::option::Option::None),
    };
    let first_page_only = &pages.first_page_only;
    quote! {
        crate::runtime::Paging {
            style: #style,
            items: &[#(#items),*],
            has_more: #has_more,
            first_page_only: &[#(#first_page_only),*],
        }
    }
}

/// [`paging`] as an expression emit writes as text (the `mock` module's `PagesSpec`).
pub(super) fn paging_node(pages: &ir::Pagination) -> Node {
    let lit = |text: &str| Node::Word(proc_macro2::Literal::string(text).to_string());
    let strings = |texts: &[String]| Node::Array {
        head: "&".to_string(),
        elems: texts.iter().map(|t| lit(t)).collect(),
    };
    let field = |name: &str, value: Node| (name.to_string(), value);
    let style = |variant: &str, fields: Vec<(String, Node)>| Node::Struct {
        path: format!("crate::runtime::PagingStyle::{variant}"),
        fields,
    };
    let style = match &pages.style {
        PageStyle::Cursor { param, next } => style(
            "Cursor",
            vec![field("param", lit(param)), field("next", strings(next))],
        ),
        PageStyle::LastItem { param, field: key } => style(
            "LastItem",
            vec![field("param", lit(param)), field("field", lit(key))],
        ),
        PageStyle::Page { param, first } => style(
            "Page",
            vec![
                field("param", lit(param)),
                field("first", Node::Word(first.to_string())),
            ],
        ),
        PageStyle::Offset { param } => style("Offset", vec![field("param", lit(param))]),
        PageStyle::LinkHeader => Node::word("crate::runtime::PagingStyle::LinkHeader"),
        PageStyle::NextUrl { next } => style("NextUrl", vec![field("next", strings(next))]),
    };
    let has_more = match &pages.has_more {
        Some(keys) => Node::call("::std::option::Option::Some", vec![strings(keys)]),
        None => Node::word("::std::option::Option::None"),
    };
    Node::Struct {
        path: "crate::runtime::Paging".to_string(),
        fields: vec![
            field("style", style),
            field("items", strings(&pages.items)),
            field("has_more", has_more),
            field("first_page_only", strings(&pages.first_page_only)),
        ],
    }
}
