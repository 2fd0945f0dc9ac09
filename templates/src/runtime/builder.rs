//! `ClientBuilder<C>`: the configuration of a client, checked all at once by `build()`.
//!
//! One generic builder serves every generated module: it holds the options all APIs
//! share (base URL, timeout, retries, user agent, default headers, HTTP client), defined
//! once here, and `build()` turns them into a `Core` and that into the module's `Client`
//! through the doc-hidden `FromCore`. A module only adds its credential and server
//! methods, in an `impl ClientBuilder<Client>` of its own; so adding a client option
//! touches this file alone.
//!
//! It never sends a request, and it must never print a credential: not in `Debug`, not in
//! a `BuildError` (a base URL is shown without user info and query values).

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::{AppliedCredential, Credential, SecurityScheme};
use super::core::{describe_reqwest_error, Core, CoreInner};
use super::hook::Hook;
use super::options::{RequestOptions, RetryPolicy};
use super::redact::display_url;

/// The default of [`ClientBuilder::max_response_bytes`]: 32 MiB.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 << 20;

/// Why a client could not be built; lists every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    problems: Vec<String>,
}

impl BuildError {
    /// Each problem found, one sentence each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot build the client: {}", self.problems.join("; "))
    }
}

impl std::error::Error for BuildError {}

/// Implemented by each generated `Client`: how [`ClientBuilder::build`] makes one from the
/// engine it configured. Plumbing, hidden from rustdoc.
#[doc(hidden)]
pub trait FromCore {
    /// The client that sends its requests through `core`, with no options of its own.
    fn from_core(core: Core) -> Self;
}

impl FromCore for Core {
    fn from_core(core: Core) -> Self {
        core
    }
}

/// Configures a client: credentials, server, timeout, retries, headers and the HTTP
/// client; [`build`](ClientBuilder::build) checks everything at once.
///
/// Each generated module names this type, for its own `Client`, `ClientBuilder` (so
/// `nylas::ClientBuilder` is `ClientBuilder<nylas::Client>`), and `Client::builder()`
/// starts one at the spec's first server. The module adds one method per security scheme
/// of its spec (`bearer_auth`, `basic_auth`, ...) and `server`; the options every API
/// shares are the methods defined here.
///
/// `Debug` shows the configuration, but neither credentials nor header values.
pub struct ClientBuilder<C> {
    default_base_url: String,
    base_url: Option<String>,
    schemes: &'static [SecurityScheme],
    credentials: Vec<(&'static str, Credential)>,
    timeout: Duration,
    idle_timeout: Duration,
    retry: RetryPolicy,
    /// Rate-limit reset headers kept apart from `retry`, so replacing the policy does not
    /// drop the ones the API declares.
    rate_limit_reset_headers: Vec<&'static str>,
    user_agent: String,
    defaults: RequestOptions,
    http_client: Option<reqwest::Client>,
    /// The JSON keys whose values body snippets mask.
    secret_fields: &'static [&'static str],
    max_response_bytes: usize,
    hooks: Vec<Arc<dyn Hook>>,
    /// The client `build` makes; a function type, so that the builder is `Send`, `Sync`
    /// and `Unpin` whatever `C` is.
    client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A base URL with user info or a query is refused by `build`, but may hold a key.
        let base_url = display_url(self.base_url.as_deref().unwrap_or(&self.default_base_url));
        let schemes: Vec<&str> = self.credentials.iter().map(|(name, _)| *name).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &base_url)
            .field("credentials_for", &schemes)
            .field("timeout", &self.timeout)
            .field("idle_timeout", &self.idle_timeout)
            .field("retry", &self.retry)
            .field("rate_limit_reset_headers", &self.rate_limit_reset_headers)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &self.defaults)
            .field("custom_http_client", &self.http_client.is_some())
            .field("secret_fields", &self.secret_fields)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("hooks", &self.hooks.len())
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// A builder for a client of an API whose first server is `default_base_url` and
    /// whose security schemes are `schemes`: what `Client::builder()` returns.
    #[doc(hidden)]
    pub fn new(default_base_url: &str, schemes: &'static [SecurityScheme]) -> Self {
        ClientBuilder {
            default_base_url: default_base_url.to_owned(),
            base_url: None,
            schemes,
            credentials: Vec::new(),
            timeout: Duration::from_secs(60),
            idle_timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            rate_limit_reset_headers: Vec::new(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            defaults: RequestOptions::new(),
            http_client: None,
            secret_fields: &[],
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            hooks: Vec::new(),
            client: PhantomData,
        }
    }

    /// Sends requests to `url` instead of the spec's first server (the module's
    /// `DEFAULT_BASE_URL`): a proxy, a mock or a local stand-in, say.
    ///
    /// It must be an absolute `http` or `https` URL without credentials, query or
    /// fragment; a path in it is kept as a prefix of every operation's path, and a
    /// trailing slash is ignored. Anything else fails [`build`](ClientBuilder::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credential for the security scheme named `scheme`; replaces an earlier one.
    /// What the generated credential methods (`bearer_auth`, ...) call.
    #[doc(hidden)]
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// The timeout of each attempt, from connecting until the whole body has arrived
    /// (default 60 s). An attempt that runs out is retried when that is safe (see
    /// [`RetryPolicy`]); the last one fails the call with
    /// [`Error::Timeout`](super::Error::Timeout). [`RequestOptions::timeout`] overrides
    /// it per call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The longest wait for the next chunk of a streamed response (server-sent events,
    /// JSON lines, a binary download), 60 seconds unless set; the stream then ends with
    /// [`Error::Timeout`](super::Error::Timeout). A streamed response has no deadline on
    /// the whole body: [`timeout`](ClientBuilder::timeout) bounds only connecting and the
    /// wait for the response head. [`RequestOptions::idle_timeout`] overrides it per call.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.idle_timeout = timeout;
        self
    }

    /// How many times a failed attempt may be retried (default 2; 0 turns retries off).
    /// Which failures are retried, and after how long, is described at [`RetryPolicy`];
    /// [`RequestOptions::max_retries`] overrides the count per call.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The whole retry policy: count, backoff, longest server-requested wait and
    /// rate-limit headers. It replaces the policy, including an earlier
    /// [`max_retries`](ClientBuilder::max_retries); the rate-limit reset headers the API
    /// declares are kept and consulted after the policy's own `rate_limit_reset_headers`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The JSON keys of the spec's secret fields, whose values the body snippets of errors
    /// and `Debug` output mask. What `Client::builder()` calls with the keys the spec
    /// marks secret.
    #[doc(hidden)]
    pub fn secret_fields(mut self, keys: &'static [&'static str]) -> Self {
        self.secret_fields = keys;
        self
    }

    /// The largest response body a call reads (default 32 MiB). A longer body, announced
    /// or as it arrives, fails the call with [`Error::Transport`](super::Error::Transport)
    /// as soon as it passes the limit, so a server cannot make the client buffer without
    /// bound.
    pub fn max_response_bytes(mut self, bytes: usize) -> Self {
        self.max_response_bytes = bytes;
        self
    }

    /// Adds a header that tells when a rate limit resets (see [`RetryPolicy`]); it stays
    /// when the policy is replaced with [`ClientBuilder::retry_policy`]. What
    /// `Client::builder()` calls for the headers the spec declares.
    #[doc(hidden)]
    pub fn rate_limit_reset_header(mut self, name: &'static str) -> Self {
        self.rate_limit_reset_headers.push(name);
        self
    }

    /// The `User-Agent` header of every request (default: the generated crate's name and
    /// version). A value that cannot be a header value fails
    /// [`build`](ClientBuilder::build).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// Adds a header sent with every request; calling this twice with one name sends both
    /// values. A header of the same name given for a call ([`RequestOptions::header`])
    /// replaces it. The value is marked sensitive and never printed; an invalid name or
    /// value fails [`build`](ClientBuilder::build).
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        self.defaults = self.defaults.header(name, value);
        self
    }

    /// Adds a [`Hook`]: code that sees each attempt's request before it is sent (to add a
    /// header, sign it, refuse it or answer it) and its response's head after. Hooks run
    /// in the order they were added.
    pub fn hook(mut self, hook: impl Hook) -> Self {
        self.hooks.push(Arc::new(hook));
        self
    }

    /// Uses this HTTP client (its own redirect policy, proxies, TLS settings apply) instead
    /// of a new one; the timeout, user agent and headers set here still apply to every
    /// request.
    ///
    /// Without one, the client built follows at most 10 redirects and only within the
    /// same origin (scheme, host and port): a redirect to another origin is not followed
    /// but returned as the response (an undocumented 3xx is `Error::UnexpectedStatus`), so
    /// credentials, in headers or the query, never reach another origin. A client given
    /// here follows its own policy; reqwest's default follows redirects to other hosts
    /// (dropping `Authorization` and `Cookie`, but not custom headers or the query).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }
}

impl<C: FromCore> ClientBuilder<C> {
    /// Checks the configuration and builds the client. Every problem found (an invalid
    /// base URL, a credential that cannot be sent, an invalid default header or user
    /// agent) is listed in the [`BuildError`], not only the first.
    pub fn build(self) -> Result<C, BuildError> {
        build_core(self).map(C::from_core)
    }
}

/// The engine a builder describes. A function rather than a method, so that it cannot
/// collide with a method a generated module adds to the builder.
fn build_core<C>(builder: ClientBuilder<C>) -> Result<Core, BuildError> {
    let mut problems = Vec::new();

    let raw_base = builder
        .base_url
        .as_deref()
        .unwrap_or(&builder.default_base_url);
    let unset = unset_variables(raw_base);
    let base_url = match parse_base_url(raw_base) {
        // A variable without a default keeps its `{name}` until the caller sets it.
        _ if !unset.is_empty() => {
            problems.extend(unset.iter().map(|name| {
                format!(
                    "the server variable `{name}` has no default: set it with `server_with` (or give the whole URL with `base_url`)"
                )
            }));
            String::new()
        }
        Ok(url) => url,
        Err(problem) => {
            problems.push(problem);
            String::new()
        }
    };

    let mut credentials = Vec::new();
    for (scheme_name, credential) in &builder.credentials {
        let Some(scheme) = builder.schemes.iter().find(|s| s.name == *scheme_name) else {
            let known: Vec<&str> = builder.schemes.iter().map(|s| s.name).collect();
            problems.push(format!(
                "unknown security scheme `{scheme_name}` (known: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ));
            continue;
        };
        match AppliedCredential::new(scheme, credential) {
            Ok(applied) => credentials.push((scheme.name, applied)),
            Err(problem) => problems.push(problem),
        }
    }

    let user_agent = match HeaderValue::from_str(&builder.user_agent) {
        Ok(value) => Some(value),
        Err(_) => {
            problems.push("the user agent is not a valid header value".to_owned());
            None
        }
    };

    problems.extend(
        builder
            .defaults
            .errors
            .iter()
            .map(|e| format!("default header: {e}")),
    );

    let client = match builder.http_client {
        Some(client) => Some(client),
        None => match reqwest::Client::builder()
            .redirect(same_origin_redirects())
            .build()
        {
            Ok(client) => Some(client),
            Err(err) => {
                problems.push(format!(
                    "the HTTP client could not be created: {}",
                    describe_reqwest_error(err)
                ));
                None
            }
        },
    };

    let mut retry = builder.retry;
    for name in builder.rate_limit_reset_headers {
        if !retry
            .rate_limit_reset_headers
            .iter()
            .any(|known| known.eq_ignore_ascii_case(name))
        {
            retry.rate_limit_reset_headers.push(name);
        }
    }

    match (client, user_agent) {
        (Some(client), Some(user_agent)) if problems.is_empty() => Ok(Core {
            inner: Arc::new(CoreInner {
                client,
                base_url,
                credentials,
                timeout: builder.timeout,
                idle_timeout: builder.idle_timeout,
                retry,
                user_agent,
                defaults: builder.defaults,
                secret_fields: builder.secret_fields,
                max_response_bytes: builder.max_response_bytes,
                hooks: builder.hooks,
            }),
        }),
        _ => Err(BuildError { problems }),
    }
}

/// The `{name}`s left in a server URL: the variables the spec gives no default that the
/// caller has not set.
fn unset_variables(url: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = url;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        let name = &after[..close];
        if !name.is_empty() && !name.contains(['{', '/']) && !out.contains(&name) {
            out.push(name);
        }
        rest = &after[close + 1..];
    }
    out
}

/// Checks a base URL and returns it without a trailing slash. Messages show the URL
/// without user info and query values (see `display_url`).
fn parse_base_url(raw: &str) -> Result<String, String> {
    let shown = display_url(raw);
    // URL parsers drop tabs and line breaks anywhere and trim spaces and control
    // characters at the ends: refuse them rather than send to a URL nobody wrote.
    if raw.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(format!(
            "invalid base URL `{shown}`: it contains whitespace or a control character"
        ));
    }
    let url = reqwest::Url::parse(raw).map_err(|e| {
        format!("invalid base URL `{shown}`: {e}; give an absolute http(s) URL with `base_url`")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base URL `{shown}` must use http or https"));
    }
    if url.host_str().is_none() || url.cannot_be_a_base() {
        return Err(format!("base URL `{shown}` has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "base URL `{shown}` must not contain credentials; use `credential` instead"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "base URL `{shown}` must not have a query or fragment"
        ));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Follows up to 10 redirects, stopping (and returning the redirect response) at any
/// that would leave the origin of the original request.
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 || !same_origin {
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}
