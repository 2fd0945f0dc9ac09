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
//! # What a generated client does
//!
//! The rules below hold for every client generated with this runtime, whatever its spec.
//! Examples against real APIs are in the generator's `docs/client.md`.
//!
//! **Building.** `Client::builder()` is a [`ClientBuilder`]: one method per security
//! scheme of the spec (`bearer_auth`, `basic_auth`, `<scheme>_provider`, ...), `server(..)`
//! or [`base_url`](ClientBuilder::base_url), and the options below. [`build`](ClientBuilder::build)
//! checks everything at once and lists every problem in its [`BuildError`]. A base URL must
//! be an absolute `http` or `https` URL without credentials, query, fragment, whitespace or
//! control characters; a path in it is kept as a prefix. A client is cheap to clone (clones
//! share the connection pool).
//!
//! **Credentials** are applied only to the operations whose `security` asks for their
//! scheme; an API key in the query is sent once, with the credential's value. A
//! [`TokenProvider`] is asked for a token before each attempt and once more after a 401,
//! and the call is retried once; [`ClientCredentials`] fetches tokens with the OAuth 2
//! client credentials grant (RFC 6749 §4.4), one fetch at a time, kept until 30 seconds
//! before they expire.
//!
//! **Paths.** A path parameter is percent-encoded as one segment (`../admin` is sent as
//! `..%2Fadmin`); `.`, `..` and an empty value fail with [`Error::InvalidRequest`] before
//! anything is sent.
//!
//! **Redirects.** A client built without [`http_client`](ClientBuilder::http_client)
//! follows at most 10 redirects, and only within the origin of the request: credentials
//! never reach another origin (the 3xx is returned as [`Error::UnexpectedStatus`]).
//!
//! **Sizes and timeouts.** A body is read up to [`max_response_bytes`](ClientBuilder::max_response_bytes)
//! (32 MiB unless set), then the call fails with [`Error::Transport`]. Each attempt has a
//! [`timeout`](ClientBuilder::timeout) from connecting until the whole body has arrived
//! (60 s unless set, per client or per call), and fails with [`Error::Timeout`]. A
//! streamed body ([`EventStream`], [`JsonLines`], [`ByteStream`]) is bounded instead by
//! the time between two chunks, [`idle_timeout`](ClientBuilder::idle_timeout).
//!
//! **Retries** happen only where repeating the request is safe and likely to help
//! ([`RetryPolicy`]: by default 2 retries, backoff from 500 ms to 30 s, a server may ask
//! for up to 120 s):
//!
//! | what happened | `GET` `HEAD` `PUT` `DELETE` `OPTIONS` `TRACE` | `POST` `PATCH` |
//! |---|---|---|
//! | could not connect (nothing was sent) | retried | retried |
//! | the attempt timed out | retried | not retried |
//! | 429 Too Many Requests | retried | retried |
//! | 503 Service Unavailable | retried | only with `Retry-After` |
//! | 502, 504 | retried | not retried |
//! | any other status, a body cut short | not retried | not retried |
//!
//! The wait before a retry is what the server asks (`Retry-After`, or a rate-limit reset
//! header the API declares), else exponential backoff with full jitter. A wait longer than
//! `max_server_wait` returns the response at once. [`Response::attempts`] and
//! [`Error::attempts`] say how many attempts were made.
//!
//! **Per-call options** ([`RequestOptions`]: a timeout, a retry count, extra headers)
//! override the client's defaults field by field.
//!
//! **Hooks** ([`Hook`], added with [`hook`](ClientBuilder::hook)) see each attempt's
//! request after credentials and options were applied, and may add headers, refuse it
//! ([`Error::Refused`], nothing sent) or answer it themselves ([`Action::Respond`]); they
//! see the head of each response after. With the crate's `tracing` feature every call is
//! an `http.call` span and every attempt an `http.attempt` span, with OpenTelemetry's HTTP
//! client field names and never a URL, a parameter value, a header value or a body.
//!
//! **Responses and errors.** A call returns [`Response<T>`] (the decoded body, with
//! `status()`, `headers()`, `attempts()`) or [`Error<E>`], where `E` has one variant per
//! error status the spec documents:
//!
//! | [`Error`] variant | when |
//! |---|---|
//! | `Api` ([`ApiError<E>`]) | a documented error status; its body decoded as `E` |
//! | `UnexpectedStatus` | a status the spec does not document |
//! | `Decode` | a body that does not match the spec |
//! | `Timeout`, `Connect`, `Transport` | the last attempt timed out, could not connect, or broke off |
//! | `InvalidRequest`, `Refused`, `Credential` | nothing was sent: the request could not be built, a hook refused it, a token provider gave no token |
//! | `Pagination` | a list stopped rather than ask for a page again or off the base URL |
//!
//! Errors that saw a response carry its status, its headers and a snippet of at most 512
//! bytes of the body.
//!
//! **Secrets** never print. [`Secret<T>`] shows `[redacted]` in `Debug` and `Display`;
//! credentials and extra headers are marked sensitive; response headers that look like
//! credentials are hidden in `Debug`; a body snippet masks the value of every JSON key the
//! spec marks secret, at any depth; a URL is shown without user info, query values or
//! fragment, and no error holds the request URL. What is not masked: keys the spec does not
//! mark secret, and secrets in bodies that are not JSON.
//!
//! **Lists and streams.** [`Pages`] yields the items of a paginated list page after page,
//! and stops with [`Error::Pagination`] rather than ask for the same page twice or follow a
//! next URL off the base URL. [`EventStream`] parses `text/event-stream` by the WHATWG
//! rules, [`JsonLines`] newline-delimited JSON, [`ByteStream`] any body, as they arrive.
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
#[cfg(feature = "mock")]
pub mod mock;
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
pub(crate) use self::macros::{integer_enum, object, string_enum, tagged, untagged};
