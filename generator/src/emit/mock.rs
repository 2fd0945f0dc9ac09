//! The `mock` module of a generated API module, compiled with the crate's `mock` feature:
//! its `Server` (the runtime's `mock::Server` of this API's operations, with one typed
//! stub method per operation) and, per operation, the request as the mock received it
//! in the operation's own types, which implements the runtime's `mock::Operation`: what
//! the spec says of it (the table the request check reads), how it decodes, and how its
//! success and documented errors are answered.

use proc_macro2::TokenStream;
use quote::quote;

use super::long_text;
use super::mock_values::Values;
use super::module::Item;
use super::paths::ident;
use crate::ir::{Api, Operation};

/// The head of the `mock` module of `api`: its imports, its `Server` and the tables the
/// runtime's server reads. The module's `#[cfg]` and docs are the block's
/// ([`super::Block::gate`]).
pub(super) fn mock_head(api: &Api) -> Vec<Item> {
    let entries = api.operations.iter().map(|op| {
        let cfg = feature_gate(&op.features);
        let name = ident(&op.request);
        quote!(#cfg <#name as Operation>::SPEC,)
    });
    // `static SCHEMAS: &str = concat!(` at column 4, its pieces at column 8.
    let document = long_text::literal(&api.request_schemas.document, 100 - 27, 100 - 8);
    let items = [
        quote! {
            #[allow(unused_imports)]
            use super::types;
        },
        quote! {
            #[allow(unused_imports)]
            use crate::runtime::mock::{
                any_body, json_decodes, param_decodes, BodyMedia, BodySpec, Location,
                OperationSpec, PagesSpec, ParamSpec, Reply,
            };
        },
        quote!(
            pub use crate::runtime::mock::{Operation, Received, Stub, Violation};
        ),
        quote! {
            /// A mock server of this API on 127.0.0.1: [`Server::start`], then
            /// `Client::builder().base_url(server.url())`. The runtime's
            /// [`mock::Server`](crate::runtime::mock::Server) (`url`, `received`,
            /// `verify`, ...) with one stub method per operation.
            #[derive(Debug)]
            pub struct Server {
                inner: crate::runtime::mock::Server,
            }
        },
        quote! {
            impl Server {
                /// Starts the server on a port the OS picks (needs a tokio runtime).
                pub async fn start() -> ::std::io::Result<Server> {
                    Ok(Server {
                        inner: crate::runtime::mock::Server::start(OPERATIONS, SCHEMAS).await?,
                    })
                }
            }
        },
        quote! {
            impl ::std::ops::Deref for Server {
                type Target = crate::runtime::mock::Server;

                fn deref(&self) -> &Self::Target {
                    &self.inner
                }
            }
        },
        quote!(static OPERATIONS: &[&OperationSpec] = &[#(#entries)*];),
        quote! {
            /// The spec's request schemas as JSON Schema 2020-12 (parameters, bodies and
            /// what they reference), which the request check validates with `jsonschema`.
            static SCHEMAS: &str = #document;
        },
    ];
    items.into_iter().map(Item::tokens).collect()
}

/// The `mock` module's items of `ops`: per operation, its stub method (an `impl Server`
/// of its own), its received request and what the runtime needs of it, as text
/// ([`super::mock_operation`]).
pub(super) fn mock_items(api: &Api, ops: &[Operation]) -> Vec<Item> {
    let values = Values::new(api);
    ops.iter()
        .flat_map(|op| {
            let key = (op.path.template.clone(), op.method.as_str().to_string());
            super::mock_operation::items(op, &values, api.request_schemas.operations.get(&key))
        })
        .collect()
}

/// `#[cfg(feature = "a")]` (or `any(..)`) before an operation's entry in the `OPERATIONS`
/// table: a gate on an element of an array, which an item's gate (data, printed by
/// render) cannot be.
fn feature_gate(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}
