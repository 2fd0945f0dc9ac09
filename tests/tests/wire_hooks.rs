//! Hooks and token providers through a generated client: a hook's header reaches the
//! server and a refused request never does (against the generated mock, a well-behaved
//! server); against the Commerce Layer stand-in on 127.0.0.1, which checks the token, a
//! 401 makes the provider refresh, and `ClientCredentials` gets the token from a local
//! token endpoint (its form body checked there) once for several calls.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::{Json, Router};
use openapi_clients::commercelayer;
use openapi_clients::runtime::{
    Action, ClientCredentials, Error, Hook, HookRequest, Refusal, Secret, TokenFuture,
    TokenProvider,
};
use serde_json::json;
use tests::stand_in;

const CLIENT_SECRET: &str = "cl-client-secret-Hq2w9";

fn body() -> commercelayer::types::ApiCredentialCreateRequest {
    serde_json::from_value(stand_in::commercelayer::request_example()).unwrap()
}

struct TraceId;

impl Hook for TraceId {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        assert_eq!(request.operation_id(), "createApiCredential");
        assert_eq!(request.url_template(), "/api/api_credentials");
        let shown = format!("{request:?}");
        assert!(
            !shown.contains(stand_in::commercelayer::ACCESS_TOKEN),
            "{shown}"
        );
        request.set_header("x-trace-id", &format!("trace-{}", request.attempt()))?;
        Ok(Action::Send)
    }
}

#[tokio::test]
async fn a_hook_adds_a_header_the_server_receives() {
    // A well-behaved server is all this needs: the generated mock, which also checks the
    // request against the spec.
    let server = commercelayer::mock::Server::start().await.unwrap();
    let client = commercelayer::Client::builder()
        .bearer_auth(stand_in::commercelayer::ACCESS_TOKEN)
        .base_url(server.url())
        .hook(TraceId)
        .build()
        .unwrap();
    let created = client.create_api_credential(body()).await.unwrap();
    assert_eq!(created.status(), 201);
    let received = server.received_requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].header("x-trace-id"), Some("trace-1"));
}

struct NoWrites;

impl Hook for NoWrites {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        if request.method() == "POST" {
            return Err(Refusal::new("writes are disabled"));
        }
        Ok(Action::Send)
    }
}

#[tokio::test]
async fn a_refused_request_never_reaches_the_server() {
    let server = commercelayer::mock::Server::start().await.unwrap();
    let client = commercelayer::Client::builder()
        .bearer_auth(stand_in::commercelayer::ACCESS_TOKEN)
        .base_url(server.url())
        .hook(NoWrites)
        .build()
        .unwrap();
    let err = client.create_api_credential(body()).await.unwrap_err();
    assert!(matches!(&err, Error::Refused { message } if message == "writes are disabled"));
    assert!(server.received_requests().is_empty());
}

/// A stale token first; the stand-in's token once asked to refresh.
#[derive(Clone, Default)]
struct Rotating(Arc<Mutex<Vec<bool>>>);

impl TokenProvider for Rotating {
    fn token(&self, refresh: bool) -> TokenFuture<'_> {
        Box::pin(async move {
            let mut asked = self.0.lock().unwrap();
            asked.push(refresh);
            let token = if asked.contains(&true) {
                stand_in::commercelayer::ACCESS_TOKEN
            } else {
                "expired-token"
            };
            Ok(Secret::new(token.to_owned()))
        })
    }
}

#[tokio::test]
async fn a_401_refreshes_the_token_and_the_call_succeeds() {
    let server = stand_in::commercelayer().await;
    let provider = Rotating::default();
    let client = commercelayer::Client::builder()
        .bearer_auth_provider(provider.clone())
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let created = client.create_api_credential(body()).await.unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(created.attempts(), 2);
    assert_eq!(server.hit_count(), 2);
    assert_eq!(*provider.0.lock().unwrap(), [false, true]);
}

/// The bodies the token endpoint received.
type Bodies = Arc<Mutex<Vec<String>>>;

async fn token_endpoint(
    State(bodies): State<Bodies>,
    headers: HeaderMap,
    body: String,
) -> axum::response::Response {
    bodies.lock().unwrap().push(body.clone());
    let form = headers.get("content-type").and_then(|v| v.to_str().ok());
    if form != Some("application/x-www-form-urlencoded") {
        return StatusCode::UNSUPPORTED_MEDIA_TYPE.into_response();
    }
    // RFC 6749 §4.4.2, with the client in the body (§2.3.1).
    let expected = format!(
        "grant_type=client_credentials&scope=market%3Aall&client_id=cl-client&client_secret={CLIENT_SECRET}"
    );
    if body != expected {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request"})),
        )
            .into_response();
    }
    Json(json!({
        "access_token": stand_in::commercelayer::ACCESS_TOKEN,
        "token_type": "bearer",
        "expires_in": 14400,
        "scope": "market:all",
    }))
    .into_response()
}

#[tokio::test]
async fn client_credentials_get_the_token_once_for_several_calls() {
    let bodies: Bodies = Arc::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let token_url = format!("http://{}/oauth/token", listener.local_addr().unwrap());
    let router = Router::new()
        .route("/oauth/token", post(token_endpoint))
        .with_state(bodies.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let server = stand_in::commercelayer().await;
    let tokens = ClientCredentials::new(token_url, "cl-client", CLIENT_SECRET)
        .scopes(["market:all"])
        .secret_in_body();
    let client = commercelayer::Client::builder()
        .bearer_auth_provider(tokens)
        .base_url(server.base_url())
        .build()
        .unwrap();
    for _ in 0..3 {
        let created = client.create_api_credential(body()).await.unwrap();
        assert_eq!(created.status(), 201);
    }
    assert_eq!(server.hit_count(), 3);
    assert_eq!(bodies.lock().unwrap().len(), 1, "the token was not cached");
    assert!(!format!("{client:?}").contains(CLIENT_SECRET));
}
