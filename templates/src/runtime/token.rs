//! Token providers: a credential the runtime asks for before each attempt instead of one
//! fixed at build time, so tokens that expire are refreshed; and [`ClientCredentials`],
//! the provider of the OAuth 2 client credentials grant (RFC 6749 §4.4).
//!
//! A token is a `Secret` from the provider to the header it becomes (marked sensitive);
//! neither the token nor the client secret reaches a `Debug` output or an error message.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};

use super::auth::base64_encode;
use super::core::describe_reqwest_error;
use super::redact::display_url;
use super::request::encode_unreserved;
use super::secret::{Secret, SecretString};

/// The future a [`TokenProvider`] returns.
pub type TokenFuture<'a> = Pin<Box<dyn Future<Output = Result<SecretString, String>> + Send + 'a>>;

/// Gives the token of a security scheme, asked before each attempt: given to the builder
/// with the scheme's `<scheme>_provider` method (or `token_provider`).
///
/// `refresh` is `true` after the server answered 401 to the last token: return a new one
/// (the call is then retried once). An `Err` fails the call with
/// [`Error::Credential`](super::Error::Credential) and nothing is sent; its message must
/// hold no secret.
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send (as `Authorization: Bearer`, or as the API key of an API key
    /// scheme).
    fn token(&self, refresh: bool) -> TokenFuture<'_>;

    /// A token to replace `refused`, which the server just answered 401 to. The default
    /// is `token(true)`; a provider shared by concurrent calls can return a token it
    /// fetched since `refused` instead of fetching again, as [`ClientCredentials`] does.
    fn refresh(&self, refused: &SecretString) -> TokenFuture<'_> {
        let _ = refused;
        self.token(true)
    }
}

/// How long before `expires_in` a cached token is replaced.
const EXPIRY_MARGIN: Duration = Duration::from_secs(30);
/// The largest token response read.
const MAX_TOKEN_RESPONSE: usize = 64 << 10;

/// The OAuth 2 client credentials grant (RFC 6749 §4.4): a [`TokenProvider`] that gets a
/// token from the token endpoint with the client's id and secret, and keeps it until
/// shortly before `expires_in` (or until a 401, when the server gives no lifetime).
///
/// The request is `POST token_url` with the form body `grant_type=client_credentials`
/// (and `scope=..` when scopes are set), the client authenticated with HTTP basic
/// (RFC 6749 §2.3.1), or in the body with [`ClientCredentials::secret_in_body`].
/// `Debug` shows the token URL and the client id, never the secret or the token.
pub struct ClientCredentials {
    token_url: String,
    client_id: String,
    client_secret: SecretString,
    scopes: Vec<String>,
    secret_in_body: bool,
    http: Option<reqwest::Client>,
    cached: Mutex<Cached>,
    /// Held while a token is fetched, so that calls made at once (the first calls of a
    /// program, or several answered 401 together) wait for one fetch instead of each
    /// asking the token endpoint.
    fetching: tokio::sync::Mutex<()>,
}

/// The token kept, with when to stop using it.
type Cached = Option<(SecretString, Option<Instant>)>;

impl fmt::Debug for ClientCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientCredentials")
            .field("token_url", &display_url(&self.token_url))
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("scopes", &self.scopes)
            .field("secret_in_body", &self.secret_in_body)
            .finish_non_exhaustive()
    }
}

impl ClientCredentials {
    /// A provider that asks `token_url` (the spec's `tokenUrl`, as the generated
    /// `<SCHEME>_TOKEN_URL` constant gives it) for tokens of this client.
    pub fn new(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        ClientCredentials {
            token_url: token_url.into(),
            client_id: client_id.into(),
            client_secret: Secret::new(client_secret.into()),
            scopes: Vec::new(),
            secret_in_body: false,
            http: None,
            cached: Mutex::new(None),
            fetching: tokio::sync::Mutex::new(()),
        }
    }

    /// Asks for these scopes (sent space-separated as `scope`).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Sends `client_id` and `client_secret` in the form body instead of HTTP basic
    /// (RFC 6749 §2.3.1 allows it for servers that ask for it).
    pub fn secret_in_body(mut self) -> Self {
        self.secret_in_body = true;
        self
    }

    /// Uses this HTTP client for the token endpoint (default: a new one that follows no
    /// redirect and waits at most 30 seconds).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The cached token, if it is still good and is not `refused`.
    fn cached(&self, refused: Option<&SecretString>) -> Option<SecretString> {
        let cached = self.cached.lock().ok()?;
        let token = match cached.as_ref()? {
            (token, None) => token,
            (token, Some(until)) if Instant::now() < *until => token,
            _ => return None,
        };
        match refused {
            Some(refused) if refused.expose() == token.expose() => None,
            _ => Some(token.clone()),
        }
    }

    /// The cached token unless it is `refused`; else, one fetch at a time, a new one.
    async fn get(&self, refused: Option<SecretString>) -> Result<SecretString, String> {
        if let Some(token) = self.cached(refused.as_ref()) {
            return Ok(token);
        }
        // Calls that start together, or that were refused together, wait here for one
        // fetch, and take its token.
        let _one_fetch_at_a_time = self.fetching.lock().await;
        if let Some(token) = self.cached(refused.as_ref()) {
            return Ok(token);
        }
        let (token, expires_in) = self.fetch().await?;
        // Kept until shortly before it expires (half its life when that is short).
        let until = expires_in
            .map(|life| Instant::now() + life.saturating_sub(EXPIRY_MARGIN.min(life / 2)));
        if let Ok(mut cached) = self.cached.lock() {
            *cached = Some((token.clone(), until));
        }
        Ok(token)
    }

    async fn fetch(&self) -> Result<(SecretString, Option<Duration>), String> {
        let client = match &self.http {
            Some(client) => client.clone(),
            None => reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .timeout(Duration::from_secs(30))
                .build()
                .map_err(|e| {
                    format!(
                        "the token endpoint's HTTP client: {}",
                        describe_reqwest_error(e)
                    )
                })?,
        };
        let mut form = String::from("grant_type=client_credentials");
        if !self.scopes.is_empty() {
            form.push_str("&scope=");
            form.push_str(&encode_unreserved(&self.scopes.join(" ")));
        }
        let mut request = client
            .post(&self.token_url)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json");
        if self.secret_in_body {
            form.push_str("&client_id=");
            form.push_str(&encode_unreserved(&self.client_id));
            form.push_str("&client_secret=");
            form.push_str(&encode_unreserved(self.client_secret.expose()));
        } else {
            // RFC 6749 §2.3.1: both form-urlencoded, then HTTP basic.
            let pair = format!(
                "{}:{}",
                encode_unreserved(&self.client_id),
                encode_unreserved(self.client_secret.expose())
            );
            let mut value =
                HeaderValue::from_str(&format!("Basic {}", base64_encode(pair.as_bytes())))
                    .map_err(|_| {
                        "the client credentials are not a valid header value".to_owned()
                    })?;
            value.set_sensitive(true);
            request = request.header(AUTHORIZATION, value);
        }
        let mut response = request
            .body(form)
            .send()
            .await
            .map_err(|e| format!("the token request failed: {}", describe_reqwest_error(e)))?;
        let status = response.status();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| {
            format!(
                "the token response was cut short: {}",
                describe_reqwest_error(e)
            )
        })? {
            if chunk.len() > MAX_TOKEN_RESPONSE.saturating_sub(body.len()) {
                return Err("the token response is too large".to_owned());
            }
            body.extend_from_slice(&chunk);
        }
        parse_token_response(status, &body)
    }
}

impl TokenProvider for ClientCredentials {
    fn token(&self, refresh: bool) -> TokenFuture<'_> {
        // Without the refused token, a refresh refuses whatever is cached.
        let refused = if refresh {
            self.cached
                .lock()
                .ok()
                .and_then(|c| c.as_ref().map(|(t, _)| t.clone()))
        } else {
            None
        };
        Box::pin(self.get(refused))
    }

    fn refresh(&self, refused: &SecretString) -> TokenFuture<'_> {
        Box::pin(self.get(Some(refused.clone())))
    }
}

/// The token of a token endpoint's answer (RFC 6749 §5.1), or why there is none (§5.2's
/// `error` code, never the body: it may echo a secret).
fn parse_token_response(
    status: reqwest::StatusCode,
    body: &[u8],
) -> Result<(SecretString, Option<Duration>), String> {
    let json: Option<serde_json::Value> = serde_json::from_slice(body).ok();
    if !status.is_success() {
        let code = json
            .as_ref()
            .and_then(|j| j.get("error"))
            .and_then(serde_json::Value::as_str)
            .filter(|c| c.len() <= 64 && c.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'));
        return Err(match code {
            Some(code) => format!("the token endpoint answered HTTP {status} (error `{code}`)"),
            None => format!("the token endpoint answered HTTP {status}"),
        });
    }
    let json = json.ok_or("the token response is not JSON")?;
    let token = json
        .get("access_token")
        .and_then(serde_json::Value::as_str)
        .filter(|t| !t.is_empty())
        .ok_or("the token response has no `access_token`")?;
    if let Some(kind) = json.get("token_type").and_then(serde_json::Value::as_str) {
        if !kind.eq_ignore_ascii_case("bearer") {
            return Err("the token response's `token_type` is not `bearer`".to_owned());
        }
    }
    let expires_in = json
        .get("expires_in")
        .and_then(serde_json::Value::as_u64)
        .map(Duration::from_secs);
    Ok((Secret::new(token.to_owned()), expires_in))
}
