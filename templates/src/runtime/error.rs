//! `Error<E>`: every way a call can fail, and `ApiError<E>`, a documented error status
//! with its decoded body. User surface.
//!
//! An error carries the status, headers and a bounded snippet of the body where there was
//! a response, never the request URL (a query may hold an API key); `Debug` redacts
//! headers that look like credentials, and `Display` is always one line.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::headers::RedactedHeaders;

/// An error response with a status the spec documents, its body decoded to `E`.
pub struct ApiError<E> {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: HeaderMap,
    /// The decoded body.
    pub body: E,
    /// The start of the raw body (at most 512 bytes, `…` when cut).
    pub snippet: String,
    /// How many attempts were made: 1 plus the retries.
    pub attempts: u32,
}

impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("body", &self.body)
            .field("snippet", &self.snippet)
            .field("attempts", &self.attempts)
            .finish()
    }
}

/// Every way a call can fail. `Display` gives one line with the status and the start of
/// the body where there is one.
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a status the spec documents as an error.
    Api(ApiError<E>),
    /// The server answered with a status the spec does not document.
    UnexpectedStatus {
        /// The status.
        status: StatusCode,
        /// The headers.
        headers: HeaderMap,
        /// The start of the body.
        snippet: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The body did not match what the spec documents.
    Decode {
        /// The status.
        status: StatusCode,
        /// The headers.
        headers: HeaderMap,
        /// The start of the body.
        snippet: String,
        /// What did not match.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The last attempt timed out.
    Timeout {
        /// How many attempts were made.
        attempts: u32,
    },
    /// The last attempt could not connect.
    Connect {
        /// What went wrong.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// Sending the request or reading the response failed (for example a body cut short).
    Transport {
        /// What went wrong.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The request could not be built (an invalid header value, a value that could not
    /// be serialized, ...); nothing was sent.
    InvalidRequest {
        /// What is wrong.
        message: String,
    },
    /// A hook refused the request ([`Refusal`](super::Refusal)); nothing was sent.
    Refused {
        /// The hook's message.
        message: String,
    },
    /// A token provider could not give a token; the request was not sent.
    Credential {
        /// What went wrong (never the token or a client secret).
        message: String,
    },
    /// A paginated list ([`Pages`](super::Pages)) stopped rather than ask for a page it
    /// must not: a cursor or URL the server gave before (it would never end), the same
    /// page twice, or a next URL off the client's base URL (the credentials would go
    /// there). Nothing was sent for it.
    Pagination {
        /// Why (never a cursor, nor a URL's path or query).
        message: String,
    },
}

impl<E> Error<E> {
    /// The response status, if a response arrived.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response headers, if a response arrived.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(api) => Some(&api.headers),
            Error::UnexpectedStatus { headers, .. } | Error::Decode { headers, .. } => {
                Some(headers)
            }
            _ => None,
        }
    }

    /// How many attempts were made (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(api) => api.attempts,
            Error::UnexpectedStatus { attempts, .. }
            | Error::Decode { attempts, .. }
            | Error::Timeout { attempts }
            | Error::Connect { attempts, .. }
            | Error::Transport { attempts, .. } => *attempts,
            Error::InvalidRequest { .. }
            | Error::Refused { .. }
            | Error::Credential { .. }
            | Error::Pagination { .. } => 0,
        }
    }

    /// The decoded error body of an [`Error::Api`].
    pub fn api_body(&self) -> Option<&E> {
        match self {
            Error::Api(api) => Some(&api.body),
            _ => None,
        }
    }

    /// The start of the response body, if a response arrived.
    pub fn snippet(&self) -> Option<&str> {
        match self {
            Error::Api(api) => Some(&api.snippet),
            Error::UnexpectedStatus { snippet, .. } | Error::Decode { snippet, .. } => {
                Some(snippet)
            }
            _ => None,
        }
    }

    /// Whether the last attempt timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Maps the body of an [`Error::Api`]; other variants are kept as they are.
    pub fn map_body<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(api) => Error::Api(ApiError {
                status: api.status,
                headers: api.headers,
                body: f(api.body),
                snippet: api.snippet,
                attempts: api.attempts,
            }),
            Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            } => Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            },
            Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            } => Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            },
            Error::Timeout { attempts } => Error::Timeout { attempts },
            Error::Connect { message, attempts } => Error::Connect { message, attempts },
            Error::Transport { message, attempts } => Error::Transport { message, attempts },
            Error::InvalidRequest { message } => Error::InvalidRequest { message },
            Error::Refused { message } => Error::Refused { message },
            Error::Credential { message } => Error::Credential { message },
            Error::Pagination { message } => Error::Pagination { message },
        }
    }
}

/// Text on one line: control characters (newlines, tabs, ...) become spaces.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            fmt::Write::write_char(f, if c.is_control() { ' ' } else { c })?;
        }
        Ok(())
    }
}

/// `", body: <snippet>"`, or nothing for an empty body.
struct BodySuffix<'a>(&'a str);

impl fmt::Display for BodySuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.trim().is_empty() {
            Ok(())
        } else {
            write!(f, ", body: {}", OneLine(self.0))
        }
    }
}

/// `" after N attempts"` when there were retries.
struct AttemptsSuffix(u32);

impl fmt::Display for AttemptsSuffix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 > 1 {
            write!(f, " (after {} attempts)", self.0)
        } else {
            Ok(())
        }
    }
}

impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => write!(
                f,
                "API error: HTTP {}{}{}",
                api.status,
                AttemptsSuffix(api.attempts),
                BodySuffix(&api.snippet)
            ),
            Error::UnexpectedStatus {
                status,
                snippet,
                attempts,
                ..
            } => write!(
                f,
                "unexpected HTTP status {status}{}{}",
                AttemptsSuffix(*attempts),
                BodySuffix(snippet)
            ),
            Error::Decode {
                status,
                snippet,
                message,
                attempts,
                ..
            } => write!(
                f,
                "could not decode the response (HTTP {status}): {}{}{}",
                OneLine(message),
                AttemptsSuffix(*attempts),
                BodySuffix(snippet)
            ),
            Error::Timeout { attempts } => {
                write!(f, "the request timed out{}", AttemptsSuffix(*attempts))
            }
            Error::Connect { message, attempts } => write!(
                f,
                "could not connect: {}{}",
                OneLine(message),
                AttemptsSuffix(*attempts)
            ),
            Error::Transport { message, attempts } => write!(
                f,
                "transport error: {}{}",
                OneLine(message),
                AttemptsSuffix(*attempts)
            ),
            Error::InvalidRequest { message } => write!(f, "invalid request: {}", OneLine(message)),
            Error::Refused { message } => {
                write!(f, "refused by a hook: {}", OneLine(message))
            }
            Error::Credential { message } => {
                write!(f, "no credential: {}", OneLine(message))
            }
            Error::Pagination { message } => {
                write!(f, "pagination stopped: {}", OneLine(message))
            }
        }
    }
}

impl<E: fmt::Debug> fmt::Debug for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => f.debug_tuple("Api").field(api).finish(),
            Error::UnexpectedStatus {
                status,
                headers,
                snippet,
                attempts,
            } => f
                .debug_struct("UnexpectedStatus")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("snippet", snippet)
                .field("attempts", attempts)
                .finish(),
            Error::Decode {
                status,
                headers,
                snippet,
                message,
                attempts,
            } => f
                .debug_struct("Decode")
                .field("status", status)
                .field("headers", &RedactedHeaders(headers))
                .field("snippet", snippet)
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::Timeout { attempts } => f
                .debug_struct("Timeout")
                .field("attempts", attempts)
                .finish(),
            Error::Connect { message, attempts } => f
                .debug_struct("Connect")
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::Transport { message, attempts } => f
                .debug_struct("Transport")
                .field("message", message)
                .field("attempts", attempts)
                .finish(),
            Error::InvalidRequest { message } => f
                .debug_struct("InvalidRequest")
                .field("message", message)
                .finish(),
            Error::Refused { message } => {
                f.debug_struct("Refused").field("message", message).finish()
            }
            Error::Credential { message } => f
                .debug_struct("Credential")
                .field("message", message)
                .finish(),
            Error::Pagination { message } => f
                .debug_struct("Pagination")
                .field("message", message)
                .finish(),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {}
