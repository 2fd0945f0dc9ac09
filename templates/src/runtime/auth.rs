//! Authentication: the security schemes a spec declares, the credentials a user gives
//! the builder, and their resolution, at build time, into what each request carries.
//!
//! All of it is plumbing the generated builder methods (`bearer_auth`, `basic_auth`, ...)
//! call, so it is hidden from rustdoc. A credential must never reach a `Debug` output or
//! an error message: secret parts stay `Secret`s until they become a header value marked
//! sensitive, a query pair or a cookie pair, none of which anything here prints.

use std::fmt;
use std::sync::Arc;

use percent_encoding::utf8_percent_encode;
use reqwest::header::{HeaderName, HeaderValue};

use super::request::{encode_unreserved, is_cookie_name, COOKIE_VALUE};
use super::secret::{Secret, SecretString};
use super::token::TokenProvider;

/// How a security scheme applies a credential (from the spec's `securitySchemes`).
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic base64(username:password)`.
    Basic,
    /// An API key sent in the header with this name.
    ApiKeyHeader(&'static str),
    /// An API key sent as the query parameter with this name.
    ApiKeyQuery(&'static str),
    /// An API key sent as the cookie with this name.
    ApiKeyCookie(&'static str),
}

/// One security scheme of the spec: its name in `securitySchemes` and how it applies.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in the spec's `components.securitySchemes`.
    pub name: &'static str,
    /// How the scheme applies a credential.
    pub kind: SchemeKind,
}

/// A credential given once to a client, for one security scheme.
///
/// A token (`Bearer` or `ApiKey`) fits any bearer or API key scheme; `Basic` fits only a
/// basic scheme. `Debug` never shows the secret parts.
#[doc(hidden)]
#[derive(Clone)]
pub enum Credential {
    /// A bearer token.
    Bearer(SecretString),
    /// A username and password for HTTP basic authentication.
    Basic {
        /// The username (not secret, shown by `Debug`).
        username: String,
        /// The password.
        password: SecretString,
    },
    /// An API key.
    ApiKey(SecretString),
    /// A token asked of a provider before each attempt (bearer and API key schemes).
    Provider(Arc<dyn TokenProvider>),
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credential::Bearer(token) => f.debug_tuple("Bearer").field(token).finish(),
            Credential::Basic { username, password } => f
                .debug_struct("Basic")
                .field("username", username)
                .field("password", password)
                .finish(),
            Credential::ApiKey(key) => f.debug_tuple("ApiKey").field(key).finish(),
            Credential::Provider(_) => f.write_str("Provider"),
        }
    }
}

impl Credential {
    /// A bearer token credential.
    pub fn bearer(token: impl Into<String>) -> Self {
        Credential::Bearer(Secret::new(token.into()))
    }

    /// A basic authentication credential.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credential::Basic {
            username: username.into(),
            password: Secret::new(password.into()),
        }
    }

    /// An API key credential.
    pub fn api_key(key: impl Into<String>) -> Self {
        Credential::ApiKey(Secret::new(key.into()))
    }

    /// A credential whose token `provider` gives before each attempt.
    pub fn provider(provider: impl TokenProvider) -> Self {
        Credential::Provider(Arc::new(provider))
    }
}

/// A credential resolved against its scheme at build time, ready to apply.
#[derive(Clone)]
pub(super) enum AppliedCredential {
    Header(HeaderName, HeaderValue),
    Query(String),
    Cookie(String),
    /// Resolved before each attempt (see `Core::tokens`).
    Provider(SecurityScheme, Arc<dyn TokenProvider>),
}

impl AppliedCredential {
    pub(super) fn new(scheme: &SecurityScheme, credential: &Credential) -> Result<Self, String> {
        let name = scheme.name;
        let header = |header_name: HeaderName, text: String| {
            let mut value = HeaderValue::from_str(&text).map_err(|_| {
                format!("the credential for security scheme `{name}` is not a valid header value")
            })?;
            value.set_sensitive(true);
            Ok(AppliedCredential::Header(header_name, value))
        };
        let authorization = reqwest::header::AUTHORIZATION;
        match (scheme.kind, credential) {
            (SchemeKind::Basic, Credential::Provider(_)) => Err(format!(
                "security scheme `{name}` (HTTP basic) does not take a token provider"
            )),
            (_, Credential::Provider(provider)) => {
                Ok(AppliedCredential::Provider(*scheme, provider.clone()))
            }
            (SchemeKind::Bearer, Credential::Bearer(token) | Credential::ApiKey(token)) => {
                header(authorization, format!("Bearer {}", token.expose()))
            }
            (SchemeKind::Basic, Credential::Basic { username, password }) => {
                let pair = format!("{username}:{}", password.expose());
                header(
                    authorization,
                    format!("Basic {}", base64_encode(pair.as_bytes())),
                )
            }
            (
                SchemeKind::ApiKeyHeader(header_name),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => {
                let header_name = HeaderName::from_bytes(header_name.as_bytes()).map_err(|_| {
                    format!("security scheme `{name}` names an invalid header `{header_name}`")
                })?;
                header(header_name, token.expose().clone())
            }
            (
                SchemeKind::ApiKeyQuery(param),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => Ok(AppliedCredential::Query(format!(
                "{}={}",
                encode_unreserved(param),
                encode_unreserved(token.expose())
            ))),
            (
                SchemeKind::ApiKeyCookie(cookie),
                Credential::Bearer(token) | Credential::ApiKey(token),
            ) => {
                if !is_cookie_name(cookie) {
                    return Err(format!(
                        "security scheme `{name}` names an invalid cookie `{cookie}`"
                    ));
                }
                Ok(AppliedCredential::Cookie(format!(
                    "{cookie}={}",
                    utf8_percent_encode(token.expose(), COOKIE_VALUE)
                )))
            }
            (kind, _) => Err(format!(
                "security scheme `{name}` ({kind:?}) does not take this kind of credential"
            )),
        }
    }
}

/// Standard base64 with padding, for HTTP basic credentials.
pub(super) fn base64_encode(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let byte = |i: usize| u32::from(chunk.get(i).copied().unwrap_or(0));
        let triple = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        for i in 0..4 {
            if i <= chunk.len() {
                let index = (triple >> (18 - 6 * i)) & 63;
                out.push(char::from(ALPHABET[index as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}
