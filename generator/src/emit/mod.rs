//! Emit: [`crate::ir::Api`] -> the tokens of one module (the client and its `types`).
//!
//! Plain functions from IR to `TokenStream`, built with `quote!`, or to text laid out as
//! prettyplease would (the runtime's macro invocations, the client's methods, most of the
//! request values, the mock's per-operation items: regular shapes, many of them, where
//! text costs a fraction of tokens formatted). Every path to a library item is fully
//! qualified (`::std::string::String`), so a spec type named `String` or `Result` cannot
//! shadow it. Emit renders the IR: it never names or reshapes anything, which is
//! lowering's job, and never formats, which is [`crate::render`]'s (it prints the
//! [`Module`] emit returns).
//!
//! One module per output concept:
//! - this one assembles the module (docs, lints, the client, the `requests` and `types`
//!   modules) into one [`Module`], cut into parts render formats on its threads;
//! - `module`: that value, which [`crate::render`] prints;
//! - `types`: type definitions (structs, enums, unions, aliases, newtypes);
//! - `constructors`: every struct's `new` (required fields) and `with_` setters;
//! - `runtime_macros`: the `object!` and `string_enum!` invocations, as text;
//! - `client_methods`: the client's methods of each operation (its call and raw-body call),
//!   as text laid out by `layout` (prettyplease's rules; the mock's per-operation items are
//!   text too); `method_docs`: their docs, written by `doc_text`;
//! - `requests`: the request value (`requests::<Operation>`): setters, per-call options,
//!   `.items()`, `.stream()` and `.await`; `request_text` writes its struct, and its `impl`
//!   when the shapes are regular, as text;
//! - `operations`: outcome types and response decoding;
//! - `bodies`: a method's body argument and how it is sent; the enum of a body the caller
//!   sends in one of several media types;
//! - `pages`: the docs and the runtime `Paging` value of a paginated operation's `.items()`;
//! - `client`: `Server`, `Client`, `ClientBuilder` and its credential methods;
//! - `paths`: identifiers and the Rust path of a type reference;
//! - `mock`: the `mock` module (the crate's `mock` feature): a typed stub method per
//!   operation and each operation's table for the runtime's mock server; `mock_values`:
//!   the value an operation without a stub answers with.
//!
//! What a generated client offers besides one method per operation:
//! - a body the spec accepts in several media types is an enum, `<Operation>Body`, whose
//!   variant picks the media type sent; a media type whose `Content-Type` the caller must
//!   name is sent, encoded by the caller, by the `<method>_with_body(.., content_type,
//!   body)` twin;
//! - a body whose media type is a range (`*/*`) or needs a parameter (`multipart/*` and
//!   its `boundary`) takes a `content_type` argument (a `&'static str` or a `String`);
//! - `Server::url()` is a server's URL with every variable at its default;
//!   `Server::url_with(&[("region", "eu")])` and `ClientBuilder::server_with` fill them.

mod bodies;
mod client;
mod client_methods;
mod constructors;
mod doc_text;
mod layout;
mod long_text;
mod method_docs;
mod mock;
mod mock_operation;
mod mock_replies;
mod mock_values;
mod module;
mod operations;
mod pages;
mod paths;
mod request_text;
mod requests;
mod runtime_macros;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use self::module::Of;
use crate::ir::Api;

pub use self::module::{Block, Code, Item, Items, Module, Part, Section};
pub use self::paths::type_path;

/// The module of `api`, in as many parts as suit the machine's threads (up to 8).
pub fn module(api: &Api) -> Module<'_> {
    module_on(api, crate::parallel::threads())
}

/// Below this many types and operations, threads cost more than they save.
const PARALLEL_FROM: usize = 64;

/// The most operations in one part (and a quarter of the most types and operations of a
/// part of `types`).
const PART_MAX: usize = 32;

/// [`module`] cut into parts for this many threads. More threads make smaller parts, but
/// the module prints the same for any number.
pub fn module_on(api: &Api, threads: usize) -> Module<'_> {
    let ops = &api.operations;
    let entries = api.types.len() + ops.len();
    let (op_chunk, entry_chunk, mock_chunk) = if entries < PARALLEL_FROM || threads <= 1 {
        (ops.len().max(1), entries.max(1), ops.len().max(1))
    } else {
        // More parts than threads, so that items of different sizes even out; and
        // parts no larger than `PART_MAX`, since a thread holds a part's tokens and syntax
        // tree at once. The mock's parts are text, and each indexes the API's types
        // once: as many as the threads need.
        let even = ops.len().div_ceil(threads * 2).max(1);
        (
            even.min(PART_MAX),
            entries.div_ceil(threads * 4).clamp(1, PART_MAX * 4),
            even,
        )
    };
    let mut methods = vec![Part(Of::ClientFns(api))];
    methods.extend(ops.chunks(op_chunk).map(|ops| Part(Of::Methods(ops))));
    let mut requests = Vec::new();
    if !ops.is_empty() {
        requests.push(Part(Of::Imports));
        requests.extend(ops.chunks(op_chunk).map(|ops| Part(Of::Requests(ops))));
    }
    let mut mock = vec![Part(Of::MockHead(api))];
    mock.extend(ops.chunks(mock_chunk).map(|ops| Part(Of::Mock(api, ops))));
    let prelude = paths::Prelude::of(api);
    let types = (0..entries)
        .step_by(entry_chunk)
        .map(|start| {
            let end = (start + entry_chunk).min(entries);
            let split = |i: usize| i.min(api.types.len());
            let types = api.types.get(split(start)..split(end)).unwrap_or_default();
            let ops = ops
                .get(start.saturating_sub(api.types.len())..end.saturating_sub(api.types.len()))
                .unwrap_or_default();
            Part(Of::Types(types, ops, prelude))
        })
        .collect();
    Module {
        sections: vec![
            Section::Items(Part(Of::Head(api))),
            Section::Block(Block {
                docs: Vec::new(),
                open: "impl Client",
                gate: None,
                parts: methods,
            }),
            Section::Items(Part(Of::Tail(api))),
            Section::Block(Block {
                docs: vec![
                    " The request of each operation, which the client's methods return: its setters",
                    " add optional parameters and per-call options, `.await` sends it.",
                ],
                open: "pub mod requests",
                gate: None,
                parts: requests,
            }),
            Section::Block(Block {
                docs: vec![" The request and response types of this API."],
                open: "pub mod types",
                gate: None,
                parts: types,
            }),
            Section::Block(Block {
                docs: vec![
                    " A mock server of this API, for testing the code that calls the client (the",
                    " crate's `mock` feature): typed stubs per operation, default answers made from",
                    " the spec, every request checked against the spec, and the requests received.",
                ],
                open: "pub mod mock",
                gate: Some("mock"),
                parts: mock,
            }),
        ],
    }
}

/// The items of a part (see [`Part::items`]).
fn items_of(of: &Of<'_>) -> Vec<Item> {
    match of {
        Of::Head(api) => vec![
            Item::tokens(module_docs(api)),
            Item::tokens(client::client_head(api)),
        ],
        Of::ClientFns(api) => vec![Item::tokens(client::client_fns(api))],
        Of::Tail(api) => vec![Item::tokens(client::client_tail(api))],
        Of::MockHead(api) => mock::mock_head(api),
        Of::Mock(api, ops) => mock::mock_items(api, ops),
        Of::Imports => vec![Item::tokens(requests::imports())],
        Of::Methods(ops) => ops
            .iter()
            .flat_map(client_methods::client_methods)
            .collect(),
        Of::Requests(ops) => ops.iter().flat_map(requests::request_value).collect(),
        Of::Types(types, ops, prelude) => types
            .iter()
            .flat_map(|def| types::type_def(def, *prelude))
            .chain(ops.iter().flat_map(|op| {
                operations::operation_types(op)
                    .into_iter()
                    .map(|tokens| Item::gated(&op.features, tokens))
            }))
            .collect(),
    }
}

/// Lints that spec-derived code can trip without being wrong: long parameter lists,
/// enums whose variants share a suffix or differ in size, method names the spec picks,
/// nested response types in a method's `impl Future` return type; and `deprecated`,
/// which only silences the module's own uses of what the spec deprecates (the
/// `object!` impls, constructors, operation bodies): code that uses the module still
/// gets the warnings. Spec Markdown needs none: [`crate::docs`] makes it clean for rustdoc and clippy.
fn module_allows() -> TokenStream {
    quote! {
        #![allow(
            clippy::large_enum_variant,
            clippy::too_many_arguments,
            clippy::enum_variant_names,
            clippy::should_implement_trait,
            clippy::wrong_self_convention,
            clippy::result_large_err,
            clippy::type_complexity,
            deprecated
        )]
    }
}

/// The module's inner attributes: its docs (the spec's title, version and description)
/// and lints.
fn module_docs(api: &Api) -> TokenStream {
    let allows = module_allows();
    let mut header = format!("{} (version {})", api.title.trim(), api.version.trim());
    if let Some(d) = &api.description {
        header.push_str("\n\n");
        header.push_str(d);
    }
    let module_docs = crate::docs::sanitize(&header).into_iter().map(|line| {
        let line = if line.is_empty() {
            line
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote! {
        #(#module_docs)*
        #allows
    }
}
