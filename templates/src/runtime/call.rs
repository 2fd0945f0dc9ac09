//! `Call`: the future of one call, what awaiting a generated request value runs.
//!
//! Every operation's request value (`requests::<Operation>`) becomes a `Call` when it is
//! awaited (`IntoFuture`): one named type for every operation, rather than an `async`
//! state machine per operation, which `cargo check` would build and borrow-check one by
//! one. It must stay a thin wrapper: what a call does is `Core`'s.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::response::{RawResponse, Response};

/// How a generated request value reads a response into its result: the operation's
/// status `match`.
#[doc(hidden)]
pub type Decode<T, E> = fn(RawResponse) -> Result<Response<T>, Error<E>>;

/// The future of a call: the [`Response`] of a success, or the [`Error`] (a documented
/// error response is [`Error::Api`]). Awaiting a request value runs one.
#[must_use = "a call does nothing unless it is awaited"]
pub struct Call<'a, T, E> {
    future: Pin<Box<dyn Future<Output = Outcome<T, E>> + Send + 'a>>,
}

/// What a call ends with.
type Outcome<T, E> = Result<Response<T>, Error<E>>;

impl<'a, T, E> Call<'a, T, E> {
    /// A call that runs `future`.
    pub(super) fn new(future: impl Future<Output = Outcome<T, E>> + Send + 'a) -> Self {
        Call {
            future: Box::pin(future),
        }
    }
}

impl<T, E> Future for Call<'_, T, E> {
    type Output = Result<Response<T>, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.future.as_mut().poll(cx)
    }
}

impl<T, E> fmt::Debug for Call<'_, T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").finish_non_exhaustive()
    }
}
