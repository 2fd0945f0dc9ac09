//! The generic `ClientBuilder<C>` as generated modules use it: `build()` makes the
//! module's client through `FromCore`, and every shared option reaches the request.

use std::time::Duration;

use reqwest::Method;
use serde_json::{json, Value};
use templates::runtime::{
    BuildError, ClientBuilder, Core, Credential, Error, FromCore, RawResponse, Request,
    RequestOptions, RetryPolicy,
};

use crate::server::{echo_server, fast_retries, hits, scripted, Reply, SCHEMES};

/// What a generated `Client` is to the builder: a type made from a `Core`.
struct ApiClient {
    core: Core,
}

impl FromCore for ApiClient {
    fn from_core(core: Core) -> Self {
        ApiClient { core }
    }
}

impl ApiClient {
    /// What `Client::builder()` returns in a generated module.
    fn builder(base: &str) -> ClientBuilder<ApiClient> {
        ClientBuilder::new(base, SCHEMES)
    }

    async fn send(&self, path: &str) -> Result<RawResponse, Error<()>> {
        self.core
            .execute::<()>(
                Request::new(Method::GET, path.to_owned()),
                &RequestOptions::new(),
            )
            .await
    }

    async fn get(&self, path: &str) -> Result<Value, Error<()>> {
        let raw = self.send(path).await?;
        raw.json::<Value, ()>().map(|response| response.into_body())
    }
}

#[tokio::test]
async fn build_makes_the_client_type_and_every_option_reaches_the_request() {
    let server = echo_server().await;
    // The spec's server is unreachable: `base_url` must replace it.
    let client: ApiClient = ApiClient::builder("http://127.0.0.1:9/unused")
        .base_url(format!("{server}/v6/"))
        .user_agent("builder-tests/1.0")
        .default_header("X-Tenant", "acme")
        .default_header("X-Trace", "a")
        .timeout(Duration::from_secs(5))
        .max_retries(0)
        .credential("bearer", Credential::bearer("tok"))
        .build()
        .unwrap();
    assert_eq!(client.core.base_url(), format!("{server}/v6"));

    let seen = client.get("/items").await.unwrap();
    assert_eq!(seen["path"], "/v6/items");
    assert_eq!(seen["headers"]["user-agent"], "builder-tests/1.0");
    assert_eq!(seen["headers"]["x-tenant"], "acme");
    assert_eq!(seen["headers"]["x-trace"], "a");
    // No operation security was declared, so the credential stays home.
    assert_eq!(seen["headers"]["authorization"], json!(null));
}

#[tokio::test]
async fn defaults_apply_when_no_option_is_set() {
    let server = echo_server().await;
    let client = ApiClient::builder(&format!("{server}/base"))
        .build()
        .unwrap();
    let seen = client.get("/x").await.unwrap();
    assert_eq!(seen["path"], "/base/x");
    assert_eq!(seen["headers"]["user-agent"], "templates/0.1.0");
    assert_eq!(seen["headers"]["x-tenant"], json!(null));
}

#[tokio::test]
async fn timeout_bounds_each_attempt() {
    let slow = Reply::status(200).delay(Duration::from_millis(400));
    let (base, counter) = scripted(vec![slow]).await;
    let client = ApiClient::builder(&base)
        .timeout(Duration::from_millis(50))
        .max_retries(0)
        .build()
        .unwrap();
    let err = client.get("/").await.unwrap_err();
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(hits(&counter), 1);
}

async fn attempts_against_503(builder: ClientBuilder<ApiClient>) -> (u32, usize) {
    let (base, counter) = scripted(vec![Reply::status(503).header("retry-after", "0")]).await;
    let client = builder.base_url(base).build().unwrap();
    // Retries exhausted, the last response is returned as it is.
    let raw = client.send("/").await.unwrap();
    assert_eq!(raw.status(), 503);
    (raw.attempts(), hits(&counter))
}

#[tokio::test]
async fn max_retries_and_retry_policy_set_the_attempts() {
    let unused = "http://127.0.0.1:9";
    // The default policy retries twice.
    let (attempts, seen) = attempts_against_503(ApiClient::builder(unused)).await;
    assert_eq!((attempts, seen), (3, 3));

    let (attempts, seen) = attempts_against_503(
        ApiClient::builder(unused)
            .retry_policy(fast_retries(0))
            .max_retries(4),
    )
    .await;
    assert_eq!((attempts, seen), (5, 5));

    // A policy replaces an earlier count.
    let (attempts, seen) = attempts_against_503(
        ApiClient::builder(unused)
            .max_retries(4)
            .retry_policy(RetryPolicy::none()),
    )
    .await;
    assert_eq!((attempts, seen), (1, 1));
}

#[tokio::test]
async fn http_client_is_the_one_given() {
    let server = echo_server().await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-from-http-client", "yes".parse().unwrap());
    let http = reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap();
    let client = ApiClient::builder(&server)
        .http_client(http)
        .user_agent("still-ours/1.0")
        .build()
        .unwrap();
    let seen = client.get("/").await.unwrap();
    assert_eq!(seen["headers"]["x-from-http-client"], "yes");
    // The builder's own settings still apply on top of the given client.
    assert_eq!(seen["headers"]["user-agent"], "still-ours/1.0");
}

#[test]
fn build_lists_every_problem_whatever_the_client_type() {
    let err: BuildError = ApiClient::builder("not a url")
        .default_header("bad header", "v")
        .user_agent("bad\nagent")
        .credential("nope", Credential::bearer("tok"))
        .build()
        .map(|_| ())
        .unwrap_err();
    let problems = err.problems().join("\n");
    assert_eq!(err.problems().len(), 4, "{problems}");
    assert!(problems.contains("invalid base URL"), "{problems}");
    assert!(problems.contains("default header"), "{problems}");
    assert!(problems.contains("user agent"), "{problems}");
    assert!(
        problems.contains("unknown security scheme `nope`"),
        "{problems}"
    );
}

#[test]
fn debug_shows_the_configuration_but_no_secret() {
    let builder = ApiClient::builder("https://api.example.com/v1")
        .credential("basic", Credential::basic("alice", "pw-SECRET"))
        .default_header("X-Internal-Token", "hdr-SECRET")
        .timeout(Duration::from_secs(7));
    let shown = format!("{builder:?}");
    assert!(shown.starts_with("ClientBuilder {"), "{shown}");
    assert!(shown.contains("https://api.example.com/v1"), "{shown}");
    assert!(shown.contains("\"basic\""), "{shown}");
    assert!(shown.contains("timeout: 7s"), "{shown}");
    assert!(shown.contains("x-internal-token"), "{shown}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(!shown.contains("alice"), "{shown}");

    // A base URL with user info is refused by `build`, and never shown.
    let builder = ApiClient::builder("https://u:pw-SECRET@api.example.com");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
}

#[test]
fn builder_is_send_and_sync_whatever_the_client_type() {
    fn assert_send_sync<T: Send + Sync>() {}
    // A client type that is neither.
    struct Local(#[allow(dead_code)] std::rc::Rc<Core>);
    impl FromCore for Local {
        fn from_core(core: Core) -> Self {
            Local(std::rc::Rc::new(core))
        }
    }
    assert_send_sync::<ClientBuilder<Local>>();
    assert_send_sync::<ClientBuilder<ApiClient>>();
}
