//! Token providers: asked before each attempt, asked anew after a 401 (then one retry);
//! `ClientCredentials` against a local token endpoint (RFC 6749 §4.4).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use reqwest::Method;
use serde_json::json;
use templates::runtime::{
    ClientCredentials, Credential, Error, Request, RequestOptions, Secret, TokenFuture,
    TokenProvider,
};

use crate::server::{builder, hits, scripted, serve, Reply};

const CLIENT_SECRET: &str = "cs-9f8e7d6c-client-secret";

/// Gives `tok-<n>`, a new `n` each time it is asked to refresh; remembers what it was
/// asked.
#[derive(Clone, Default)]
struct Counting {
    asked: Arc<Mutex<Vec<bool>>>,
    generation: Arc<AtomicUsize>,
}

impl TokenProvider for Counting {
    fn token(&self, refresh: bool) -> TokenFuture<'_> {
        Box::pin(async move {
            self.asked.lock().unwrap().push(refresh);
            if refresh {
                self.generation.fetch_add(1, Ordering::SeqCst);
            }
            let n = self.generation.load(Ordering::SeqCst);
            Ok(Secret::new(format!("tok-{n}")))
        })
    }
}

/// An API that accepts only `Authorization: Bearer <accepted>`, counting requests.
async fn api(accepted: &'static str) -> (String, Arc<AtomicUsize>) {
    #[derive(Clone)]
    struct Api(&'static str, Arc<AtomicUsize>);
    async fn handle(State(Api(accepted, hits)): State<Api>, headers: HeaderMap) -> StatusCode {
        hits.fetch_add(1, Ordering::SeqCst);
        let auth = headers.get("authorization").and_then(|v| v.to_str().ok());
        if auth == Some(&format!("Bearer {accepted}")) {
            StatusCode::OK
        } else {
            StatusCode::UNAUTHORIZED
        }
    }
    let hits = Arc::new(AtomicUsize::new(0));
    let base = serve(
        Router::new()
            .fallback(handle)
            .with_state(Api(accepted, hits.clone())),
    )
    .await;
    (base, hits)
}

fn get() -> Request {
    let mut request = Request::new(Method::GET, "/things".to_owned());
    request.security(&[&["bearer"]]);
    request
}

#[tokio::test]
async fn a_401_asks_the_provider_for_a_new_token_and_retries_once() {
    let (base, counter) = api("tok-1").await;
    let provider = Counting::default();
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider.clone()))
        .build()
        .unwrap();
    let raw = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.attempts(), 2);
    assert_eq!(hits(&counter), 2);
    assert_eq!(*provider.asked.lock().unwrap(), [false, true]);
    // The next call uses the new token at once.
    let raw = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(hits(&counter), 3);
    assert!(!format!("{core:?}").contains("tok-"));
}

#[tokio::test]
async fn a_second_401_is_returned_without_another_refresh() {
    let (base, counter) = api("never").await;
    let provider = Counting::default();
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider.clone()))
        .build()
        .unwrap();
    let raw = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 401);
    assert_eq!(hits(&counter), 2);
    assert_eq!(*provider.asked.lock().unwrap(), [false, true]);
}

#[tokio::test]
async fn a_failing_provider_fails_the_call_before_sending() {
    struct Broken;
    impl TokenProvider for Broken {
        fn token(&self, _: bool) -> TokenFuture<'_> {
            Box::pin(async { Err("the vault is sealed".to_owned()) })
        }
    }
    let (base, counter) = scripted(vec![Reply::json(200, "{}")]).await;
    let core = builder(&base)
        .credential("bearer", Credential::provider(Broken))
        .build()
        .unwrap();
    let err = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Credential { message } if message.contains("vault is sealed")));
    assert_eq!(hits(&counter), 0);
    // A basic scheme takes no provider.
    let err = builder(&base)
        .credential("basic", Credential::provider(Counting::default()))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("token provider"), "{err}");
}

/// A token endpoint: checks the client's authentication and the form body, answers
/// `at-<n>` living `expires_in` seconds, and records each body it got.
#[derive(Clone)]
struct TokenEndpoint {
    expires_in: u64,
    bodies: Arc<Mutex<Vec<String>>>,
}

async fn token(
    State(endpoint): State<TokenEndpoint>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    let n = {
        let mut bodies = endpoint.bodies.lock().unwrap();
        bodies.push(body.clone());
        bodies.len()
    };
    let expected_auth = format!(
        "Basic {}",
        base64::Engine::encode(
            &base64::engine::general_purpose::STANDARD,
            format!("my-client:{CLIENT_SECRET}")
        )
    );
    let form_ok = headers.get("content-type").and_then(|v| v.to_str().ok())
        == Some("application/x-www-form-urlencoded")
        && body == "grant_type=client_credentials&scope=read%20write";
    if headers.get("authorization").and_then(|v| v.to_str().ok()) != Some(&expected_auth)
        || !form_ok
    {
        let echo = json!({"error": "invalid_client", "error_description": format!("bad: {body}")});
        return (StatusCode::BAD_REQUEST, Json(echo)).into_response();
    }
    Json(json!({"access_token": format!("at-{n}"), "token_type": "Bearer", "expires_in": endpoint.expires_in}))
        .into_response()
}

async fn token_endpoint(expires_in: u64) -> (String, Arc<Mutex<Vec<String>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let state = TokenEndpoint {
        expires_in,
        bodies: bodies.clone(),
    };
    let base = serve(
        Router::new()
            .route("/oauth/token", post(token))
            .with_state(state),
    )
    .await;
    (format!("{base}/oauth/token"), bodies)
}

#[tokio::test]
async fn client_credentials_fetch_a_token_with_the_rfc_form_and_cache_it() {
    let (token_url, bodies) = token_endpoint(3600).await;
    let (base, counter) = api("at-1").await;
    let provider =
        ClientCredentials::new(&token_url, "my-client", CLIENT_SECRET).scopes(["read", "write"]);
    let shown = format!("{provider:?}");
    assert!(
        shown.contains("my-client") && !shown.contains(CLIENT_SECRET),
        "{shown}"
    );
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider))
        .build()
        .unwrap();
    for _ in 0..3 {
        let raw = core
            .execute::<()>(get(), &RequestOptions::new())
            .await
            .unwrap();
        assert_eq!(raw.status(), 200);
    }
    assert_eq!(hits(&counter), 3);
    assert_eq!(
        *bodies.lock().unwrap(),
        ["grant_type=client_credentials&scope=read%20write"],
        "the token was not cached across calls"
    );
}

#[tokio::test]
async fn client_credentials_fetch_again_when_the_token_expires_or_is_refused() {
    // Expired at once: every call fetches; the API accepts only the second token, so the
    // first call is refused (401), fetches anew and succeeds.
    let (token_url, bodies) = token_endpoint(0).await;
    let (base, counter) = api("at-2").await;
    let provider =
        ClientCredentials::new(&token_url, "my-client", CLIENT_SECRET).scopes(["read", "write"]);
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider))
        .build()
        .unwrap();
    let raw = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(hits(&counter), 2);
    assert_eq!(bodies.lock().unwrap().len(), 2);
}

#[tokio::test]
async fn a_token_endpoint_error_names_the_code_but_not_the_secret() {
    let (token_url, _) = token_endpoint(3600).await;
    let (base, counter) = api("at-1").await;
    let provider = ClientCredentials::new(&token_url, "my-client", CLIENT_SECRET)
        .scopes(["admin"])
        .secret_in_body();
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider))
        .build()
        .unwrap();
    let err = core
        .execute::<()>(get(), &RequestOptions::new())
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("400") && text.contains("invalid_client"),
        "{text}"
    );
    assert!(!text.contains(CLIENT_SECRET), "{text}");
    assert_eq!(hits(&counter), 0);
}

#[tokio::test]
async fn calls_made_at_once_share_one_token_fetch() {
    // Ten calls start together with no token: one fetch, ten requests with its token.
    let (token_url, bodies) = token_endpoint(3600).await;
    let (base, counter) = api("at-1").await;
    let provider =
        ClientCredentials::new(&token_url, "my-client", CLIENT_SECRET).scopes(["read", "write"]);
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider))
        .build()
        .unwrap();
    let options = RequestOptions::new();
    let calls = (0..10).map(|_| core.execute::<()>(get(), &options));
    for raw in futures_util::future::join_all(calls).await {
        assert_eq!(raw.unwrap().status(), 200);
    }
    assert_eq!(hits(&counter), 10);
    assert_eq!(bodies.lock().unwrap().len(), 1, "each call fetched a token");
}

#[tokio::test]
async fn calls_refused_together_refresh_once() {
    // The first token is refused; ten calls get 401 with it, then share one new token.
    let (token_url, bodies) = token_endpoint(3600).await;
    let (base, counter) = api("at-2").await;
    let provider =
        ClientCredentials::new(&token_url, "my-client", CLIENT_SECRET).scopes(["read", "write"]);
    let core = builder(&base)
        .credential("bearer", Credential::provider(provider))
        .build()
        .unwrap();
    let options = RequestOptions::new();
    let calls = (0..10).map(|_| core.execute::<()>(get(), &options));
    for raw in futures_util::future::join_all(calls).await {
        assert_eq!(raw.unwrap().status(), 200);
    }
    assert_eq!(hits(&counter), 20);
    assert_eq!(
        bodies.lock().unwrap().len(),
        2,
        "the calls refused together did not share one refresh"
    );
}
