//! `ClientBuilder`: the configuration of a client, checked all at once by `build()`.
//!
//! It collects the base URL, credentials, timeout, retry policy, user agent, default
//! headers and HTTP client, and turns them into a `Core`. It never sends a request, and
//! it must never print a credential: not in `Debug`, not in a `BuildError` (a base URL
//! with user info is not quoted back).

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;

use super::auth::{AppliedCredential, Credential, SecurityScheme};
use super::core::{describe_reqwest_error, Core, CoreInner};
use super::options::{RequestOptions, RetryPolicy};

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

/// Builds a [`Core`].
#[derive(Debug)]
pub struct ClientBuilder {
    default_base_url: String,
    base_url: Option<String>,
    schemes: &'static [SecurityScheme],
    credentials: Vec<(&'static str, Credential)>,
    timeout: Duration,
    retry: RetryPolicy,
    /// Rate-limit reset headers kept apart from `retry`, so replacing the policy does not
    /// drop the ones the API declares.
    rate_limit_reset_headers: Vec<&'static str>,
    user_agent: String,
    defaults: RequestOptions,
    http_client: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// A builder for a client of an API whose first server is `default_base_url` and
    /// whose security schemes are `schemes`.
    pub fn new(default_base_url: &str, schemes: &'static [SecurityScheme]) -> Self {
        ClientBuilder {
            default_base_url: default_base_url.to_owned(),
            base_url: None,
            schemes,
            credentials: Vec::new(),
            timeout: Duration::from_secs(60),
            retry: RetryPolicy::default(),
            rate_limit_reset_headers: Vec::new(),
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_owned(),
            defaults: RequestOptions::new(),
            http_client: None,
        }
    }

    /// Sends requests to `url` instead of the spec's first server. It must be an
    /// absolute `http` or `https` URL; a path in it prefixes every operation's path.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credential for the security scheme named `scheme`; replaces an earlier one.
    pub fn credential(mut self, scheme: &'static str, credential: Credential) -> Self {
        self.credentials.retain(|(name, _)| *name != scheme);
        self.credentials.push((scheme, credential));
        self
    }

    /// The timeout of each attempt (default 60 s).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The retry policy (replaces the whole policy, including an earlier
    /// [`ClientBuilder::max_retries`]). Headers added with
    /// [`ClientBuilder::rate_limit_reset_header`], such as the ones the API declares, are
    /// kept and consulted after the policy's own `rate_limit_reset_headers`.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// How many times a failed attempt may be retried (default 2).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// Adds a header that tells when a rate limit resets (see [`RetryPolicy`]); it stays
    /// when the policy is replaced with [`ClientBuilder::retry_policy`].
    pub fn rate_limit_reset_header(mut self, name: &'static str) -> Self {
        self.rate_limit_reset_headers.push(name);
        self
    }

    /// The `User-Agent` header (default: the crate's name and version).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// A header sent with every request; per-call options may override it.
    pub fn default_header(mut self, name: &str, value: &str) -> Self {
        self.defaults = self.defaults.header(name, value);
        self
    }

    /// Uses this HTTP client (its own redirect policy, proxies, TLS settings apply).
    ///
    /// Without one, the client built follows at most 10 redirects and only within the
    /// same origin, so credentials in custom headers or the query never reach another
    /// host.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client; reports every problem at once.
    pub fn build(self) -> Result<Core, BuildError> {
        let mut problems = Vec::new();

        let raw_base = self.base_url.as_deref().unwrap_or(&self.default_base_url);
        let base_url = match parse_base_url(raw_base) {
            Ok(url) => url,
            Err(problem) => {
                problems.push(problem);
                String::new()
            }
        };

        let mut credentials = Vec::new();
        for (scheme_name, credential) in &self.credentials {
            let Some(scheme) = self.schemes.iter().find(|s| s.name == *scheme_name) else {
                let known: Vec<&str> = self.schemes.iter().map(|s| s.name).collect();
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

        let user_agent = match HeaderValue::from_str(&self.user_agent) {
            Ok(value) => Some(value),
            Err(_) => {
                problems.push("the user agent is not a valid header value".to_owned());
                None
            }
        };

        problems.extend(
            self.defaults
                .errors
                .iter()
                .map(|e| format!("default header: {e}")),
        );

        let client = match self.http_client {
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

        let mut retry = self.retry;
        for name in self.rate_limit_reset_headers {
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
                    timeout: self.timeout,
                    retry,
                    user_agent,
                    defaults: self.defaults,
                }),
            }),
            _ => Err(BuildError { problems }),
        }
    }
}

/// Checks a base URL and returns it without a trailing slash.
fn parse_base_url(raw: &str) -> Result<String, String> {
    // The URL may carry a password, so messages show it only when it has no user info.
    let shown = if raw.contains('@') {
        String::new()
    } else {
        format!(" `{}`", raw.escape_debug())
    };
    let url = reqwest::Url::parse(raw).map_err(|e| {
        format!("invalid base URL{shown}: {e}; give an absolute http(s) URL with `base_url`")
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("base URL{shown} must use http or https"));
    }
    if url.host_str().is_none() || url.cannot_be_a_base() {
        return Err(format!("base URL{shown} has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("base URL must not contain credentials; use `credential` instead".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!("base URL{shown} must not have a query or fragment"));
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
