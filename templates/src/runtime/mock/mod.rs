//! A mock server of the API, for testing the code that calls the client: with the
//! crate's `mock` feature, each API module has a `mock` module whose `Server` wraps
//! [`Server`] with one typed stub method per operation.
//!
//! - [`Server::start`] listens on 127.0.0.1 on a port the OS picks; [`Server::url`]
//!   goes into `Client::builder().base_url(..)`.
//! - Every request is checked against the spec ([`Violation`]: the method and path
//!   template, required parameters and their values against their schemas, the content
//!   type, the body against its schema, with the `jsonschema` crate; then that the
//!   values also decode as the generated types), and
//!   one that breaks it is answered `400` with the reasons and makes the test fail when
//!   the server is dropped (or [`Server::verify`] is called).
//! - A request that fits is answered by the last added [`Stub`] that matches it, else
//!   with the operation's default reply: the spec's example of its success response when
//!   it decodes as the success type, else a value made from the schema (and a note,
//!   [`Server::notes`]); for a paginated operation, the page the request asks for of a
//!   few linked pages made from it ([`PagesSpec`]).
//! - [`Server::received`] gives the requests of an operation back, as its own types.
//!
//! One file per concept: `spec` (what the generated module says of each operation),
//! `received` (a recorded request), `check` (the request check), `schemas` (its
//! independent half: the spec's JSON Schemas and the `jsonschema` validator), `stub`
//! (stubs and faults), `pages` (a paginated operation's default pages), `server` (the
//! listener and the table).

mod check;
mod pages;
mod received;
mod schemas;
mod server;
mod spec;
mod stub;

pub use self::check::Violation;
pub use self::pages::{PagesSpec, DEFAULT_PAGES, PAGE_ITEMS, PAGE_PARAM};
pub use self::received::Received;
pub use self::server::Server;
pub use self::spec::{
    any_body, decode_param, json_decodes, param_decodes, BodyCheck, BodyMedia, BodySpec, Location,
    Operation, OperationSpec, ParamSpec,
};
pub use self::stub::{Reply, Stub, DEFAULT_ITEMS};
