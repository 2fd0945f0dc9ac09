//! Emit: [`crate::ir::Api`] -> the tokens of one module (the client and its `types`).
//!
//! Plain functions from IR to `TokenStream`, built only with `quote!` (and, for the
//! runtime's macro invocations, text laid out line by line). Every path to a library item
//! is fully qualified (`::std::string::String`), so a spec type named `String` or `Result`
//! cannot shadow it. Emit renders the IR: it never names or reshapes anything, which is
//! lowering's job, and never formats, which is [`crate::render`]'s (it calls emit).
//!
//! One module per output concept:
//! - this one assembles the module: docs, lints, the client and the `types` module;
//! - `types`: type definitions (structs, enums, unions, aliases, newtypes);
//! - `constructors`: every struct's `new` (required fields) and `with_` setters;
//! - `runtime_macros`: the `object!` and `string_enum!` invocations, as text;
//! - `requests`: the client's method per operation and the request value it returns
//!   (`requests::<Operation>`): setters, per-call options, `.await`, `.items()`,
//!   `.stream()`; `method_docs`: those methods' docs;
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
mod constructors;
mod method_docs;
mod mock;
mod mock_values;
mod operations;
mod pages;
mod paths;
mod requests;
mod runtime_macros;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Api;

use self::client::client;
pub(crate) use self::mock::mock_module;
pub(crate) use self::operations::operation_types;
pub use self::paths::{ident, type_path};
pub(crate) use self::requests::{client_methods, request_value};
pub(crate) use self::types::type_def;

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

/// The name of the method that stands for the client's operation methods in
/// [`module_head`]: the renderer formats the methods apart and puts them in its place.
pub(crate) const METHODS_MARKER: &str = "__operation_methods__";

/// The module without its operations: docs, lints, the client (whose `impl` holds the
/// [`METHODS_MARKER`] method in place of the operation methods) and an empty `types`
/// module, the last item. The type definitions ([`type_def`]), operation types
/// ([`operation_types`]) and methods ([`operation_method`]) are emitted one by one, so
/// that the renderer can format them in chunks.
pub(crate) fn module_head(api: &Api) -> TokenStream {
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
    let client = client(api);
    quote! {
        #(#module_docs)*
        #allows

        #client

        /// The request of each operation, which the client's methods return: its setters
        /// add optional parameters and per-call options, `.await` sends it.
        pub mod requests {}

        /// The request and response types of this API.
        pub mod types {}
    }
}
