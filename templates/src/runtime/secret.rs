//! `Secret<T>`: a value that serializes as itself but never prints.
//!
//! Generated types hold fields the spec marks secret as `Secret<T>`, and credentials are
//! kept as `SecretString`. Nothing here may ever write the wrapped value to a `Debug` or
//! `Display` output; reading it takes an explicit `expose()` or `into_inner()`.

use std::fmt;

use serde::{Deserialize, Serialize};

/// What `Debug` and `Display` print instead of a secret.
pub(super) const REDACTED: &str = "[redacted]";

/// A secret value: serializes and deserializes transparently as `T`, but `Debug` and
/// `Display` print `[redacted]`.
#[derive(Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret<T>(T);

/// A secret string, such as a token, password or API key.
pub type SecretString = Secret<String>;

impl<T> Secret<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Self {
        Secret(value)
    }

    /// The secret value. Take care not to log it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the secret value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl From<&str> for Secret<String> {
    fn from(value: &str) -> Self {
        Secret(value.to_owned())
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}
