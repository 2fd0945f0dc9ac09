//! HTTP runtime shared by every generated client: request building, authentication,
//! retries with backoff, timeouts, response decoding and the error type.
//!
//! What a user works with: the [`ClientBuilder`] every generated `Client::builder()`
//! returns (with [`RetryPolicy`] and [`BuildError`]), per-call [`RequestOptions`], the
//! [`Response`] of a successful call, its [`Error`] (with [`ApiError`]) and [`Secret`];
//! for bodies beyond JSON, the streams [`EventStream`] (of [`Event`]s), [`JsonLines`] and
//! [`ByteStream`], [`Upload`], [`FilePart`] and [`JsonPatch`]; [`Hook`]s around each
//! attempt, and [`TokenProvider`]s (with [`ClientCredentials`]) for credentials that
//! expire; [`Pages`], the items of a paginated list page after page. Everything else is
//! plumbing for generated code, hidden from rustdoc: generated
//! operation methods describe a call as a `Request`, hand it to `Core::execute` and turn
//! the `RawResponse` into a typed [`Response`] or [`Error`].
//!
//! One file per concept: `secret` (redacted values), `auth` (schemes and credentials),
//! `options` (retry policy, per-call options), `builder` (the client builder), `core`
//! (execution: auth, retries, timeouts), `request` (parameters and bodies), `response`
//! (decoding), `error`, `headers` (validation and redaction), `redact` (body snippets,
//! URLs and decode messages without secrets), `sse` (the event-stream parser, [`Event`]),
//! `stream` (streamed bodies with the idle timeout), `upload` (request bodies in memory
//! or streamed), `multipart` (file parts and multipart bodies), `json_patch` (RFC 6902
//! JSON Patch documents), `hook` (user code around each attempt), `token` (token
//! providers, OAuth 2 client credentials), `trace` (spans, with the `tracing` feature),
//! `pages` (the items of a paginated list, page after page), `de`/`ser` and `macros`
//! (what generated types' serde impls call).
//!
//! This module must never panic on data from a server or a caller, and must never let a
//! credential reach a `Debug` or `Display` output or an error message.

mod auth;
mod base64;
mod builder;
mod call;
mod core;
#[doc(hidden)]
pub mod de;
mod error;
mod headers;
mod hook;
mod json_patch;
mod macros;
mod multipart;
mod options;
mod pages;
pub(crate) mod redact;
mod request;
mod response;
mod secret;
#[doc(hidden)]
pub mod ser;
#[doc(hidden)]
pub mod sse;
mod stream;
mod token;
mod trace;
mod upload;

pub use self::auth::{Credential, SchemeKind, SecurityScheme};
pub use self::base64::Base64;
pub use self::builder::{BuildError, ClientBuilder, FromCore};
pub use self::call::{Call, Decode};
pub use self::core::Core;
pub use self::error::{ApiError, Error};
pub use self::hook::{Action, Hook, HookRequest, HookResponse, Refusal, Reply};
pub use self::json_patch::{json_pointer, JsonPatch, PatchOperation};
pub use self::multipart::{FilePart, IntoFileParts, Multipart};
pub use self::options::{RequestOptions, RetryPolicy};
pub use self::pages::{Pages, Paging, PagingStyle};
pub use self::request::{path_param, QueryStyle, Request};
pub use self::response::{RawResponse, Response};
pub use self::secret::{Secret, SecretString};
pub use self::sse::{DecodeError, Event};
pub use self::stream::{ByteStream, EventStream, JsonLines};
pub use self::token::{ClientCredentials, TokenFuture, TokenProvider};
pub use self::upload::Upload;

#[allow(unused_imports)] // In a crate with no object types or no string enums.
pub(crate) use self::macros::{integer_enum, object, string_enum, tagged};
