//! The methods the crate has for an operation, decided in lowering (`lower::methods`):
//! the client's (the one that returns the request value, the one that sends a body the
//! caller encoded) and the request value's terminal methods besides `.await`
//! (`.items()`, `.stream()`), each with its name and its arguments. Emit writes one per
//! entry, with one emitter per kind; the recorded surface reads their places off them.
//! Part of [`crate::ir`], plain data like the rest.

use serde::Serialize;

use super::{Operation, Pagination, Param, ResponseCase};

/// A method of the generated crate for one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Method {
    /// Its name: unique among the client's methods (a client method), or among the
    /// request value's own names (a terminal method).
    pub name: String,
    /// What it is, and what its kind needs.
    pub kind: MethodKind,
    /// What it takes besides `self`, in order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<Arg>,
}

/// The kinds of method an operation can have.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum MethodKind {
    /// The client's method (`Client::<name>`) that returns the operation's request value;
    /// `.await` sends it. Every operation has one, first.
    Call,
    /// The client's method (`<name>_with_body`) that returns the request value with a
    /// body the caller encoded, for the media types the spec accepts whose
    /// `Content-Type` the caller must name ([`super::Body::other_media_types`]).
    RawBody,
    /// The request value's `.items()`: every item of every page of a list.
    Items(Pagination),
    /// The request value's `.stream()`: the success asked for and returned as a stream.
    Stream(StreamMethod),
}

impl MethodKind {
    /// Whether the method is the client's (rather than the request value's).
    pub fn on_client(&self) -> bool {
        matches!(self, MethodKind::Call | MethodKind::RawBody)
    }
}

/// An argument of a [`Method`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Arg {
    /// The path parameter [`Operation::path_params`]`[i]`.
    Path(usize),
    /// The required query, header or cookie parameter [`Operation::params`]`[i]`.
    Param(usize),
    /// The `Content-Type` the caller names for the body (the spec's media type is a
    /// range, or needs a parameter such as the `boundary` of `multipart/*`).
    ContentType,
    /// The request body, typed (a required body).
    Body,
    /// A body the caller encoded (`runtime::Upload`).
    RawBody,
}

/// What `.stream()` of an operation whose success the spec documents both as JSON (the
/// call) and as a stream (`text/event-stream`, JSON lines) asks for and decodes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StreamMethod {
    /// The `Accept` header it sends: the streamed media types.
    pub accept: String,
    /// Its success cases, each with a stream encoding; documented errors are the
    /// operation's.
    pub responses: Vec<ResponseCase>,
}

impl Operation {
    /// The method of this kind, when the operation has one (the first: an operation has
    /// at most one of each kind).
    pub fn method_of(&self, wanted: fn(&MethodKind) -> bool) -> Option<&Method> {
        self.methods.iter().find(|m| wanted(&m.kind))
    }

    /// The client's method that returns the request value ([`MethodKind::Call`]).
    pub fn call(&self) -> Option<&Method> {
        self.method_of(|k| matches!(k, MethodKind::Call))
    }

    /// The client's method name that returns the request value: the call's, or the
    /// operation's name it is claimed from.
    pub fn call_name(&self) -> &str {
        self.call().map_or(&self.name, |m| &m.name)
    }

    /// How the list pages, when its request value has `.items()`.
    pub fn pagination(&self) -> Option<&Pagination> {
        self.methods.iter().find_map(|m| match &m.kind {
            MethodKind::Items(pages) => Some(pages),
            _ => None,
        })
    }

    /// What `.stream()` asks for, when its request value has one.
    pub fn stream(&self) -> Option<&StreamMethod> {
        self.methods.iter().find_map(|m| match &m.kind {
            MethodKind::Stream(stream) => Some(stream),
            _ => None,
        })
    }

    /// The parameters `args` name, in order.
    pub fn params_of<'a>(&'a self, args: &'a [Arg]) -> impl Iterator<Item = &'a Param> + 'a {
        args.iter().filter_map(|arg| match arg {
            Arg::Path(i) => self.path_params.get(*i),
            Arg::Param(i) => self.params.get(*i),
            _ => None,
        })
    }
}
