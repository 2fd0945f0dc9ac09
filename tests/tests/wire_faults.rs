//! Faults on the wire: the stand-ins scripted to misbehave (`StandIn::inject`), and what
//! the generated clients make of it. Every case asserts how many requests reached the
//! server and how many attempts the client reports, and that the error shows no secret.
//!
//! Most cases use Nylas's create (a `POST`, so retried only when the server cannot have
//! acted) and update (a `PATCH`, the same rule); the rate-limit cases use ThousandEyes.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use openapi_clients::nylas::{self, types};
use openapi_clients::runtime::{Error, RequestOptions, Response};
use openapi_clients::thousandeyes;
use serde_json::json;
use tests::stand_in::nylas::{create_example, documented_credential_id, API_KEY};
use tests::stand_in::{self, assert_error_redacted, Fault, StandIn};

/// Every secret the clients here hold or send.
const SECRETS: &[&str] = &[
    API_KEY,
    "<CLIENT_SECRET>",
    stand_in::thousandeyes::PASSWORD,
    "secret p@ssword",
];

type CreateResult =
    Result<Response<types::CredentialResponse>, Error<types::CreateCredentialError>>;

fn client(base_url: &str) -> nylas::Client {
    nylas::Client::builder()
        .nylas_api_key(API_KEY)
        .base_url(base_url)
        .retry_policy(stand_in::fast_retries())
        .build()
        .expect("the client builds")
}

fn body() -> types::CreateCredentialRequest {
    types::CreateCredentialRequest::Connector(types::ConnectorOverrideCredentialRequest::new(
        types::ConnectorOverrideCredentialData::new("<CLIENT_ID>", "<CLIENT_SECRET>"),
        "CONNECTOR",
    ))
}

async fn create(client: &nylas::Client) -> CreateResult {
    client
        .create_credential(&types::Provider::Google, body())
        .await
}

/// The error of `result`, after checking that neither its `Debug` nor its `Display`
/// shows a secret.
#[track_caller]
fn failed<T: std::fmt::Debug, E: std::fmt::Debug>(result: Result<T, Error<E>>) -> Error<E> {
    let err = result.expect_err("the call fails");
    assert_error_redacted(&err, SECRETS);
    err
}

fn nylas_error(kind: &str) -> serde_json::Value {
    json!({ "request_id": "fault", "error": { "type": kind, "message": kind } })
}

// ---------------------------------------------------------------------------------------
// Retried
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn post_429_with_retry_after_is_retried_then_succeeds() {
    let server = stand_in::nylas().await;
    server.inject(Fault::json(429, &nylas_error("rate_limit_error")).header("retry-after", "0"));
    let response = create(&client(server.base_url())).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 2);
    let hits = server.hits();
    assert_eq!(hits.len(), 2);
    assert!(hits[0].faulted && !hits[1].faulted);
    // The retry sends the same request again.
    assert_eq!(hits[1].json(), Some(create_example("curl")));
    assert_eq!(hits[0].body, hits[1].body);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(429).header("retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"));
    let response = create(&client(server.base_url())).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(server.hit_count(), 2);
}

#[tokio::test]
async fn post_503_twice_with_retry_after_is_retried_then_succeeds() {
    let server = stand_in::nylas().await;
    for _ in 0..2 {
        server.inject(Fault::status(503).header("retry-after", "0"));
    }
    let response = create(&client(server.base_url())).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 3);
    assert_eq!(server.hit_count(), 3);
    assert_eq!(server.faults_left(), 0);
}

#[tokio::test]
async fn retries_stop_after_max_retries() {
    let server = stand_in::nylas().await;
    for _ in 0..3 {
        server.inject(
            Fault::status(429)
                .header("retry-after", "0")
                .body("slow down"),
        );
    }
    let err = failed(create(&client(server.base_url())).await);
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, attempts: 3, snippet, .. }
            if *status == 429 && snippet == "slow down"),
        "{err:?}"
    );
    assert!(err.to_string().contains("(after 3 attempts)"), "{err}");
    assert_eq!(server.hit_count(), 3);
}

#[tokio::test]
async fn a_documented_error_after_a_retry_reports_both_attempts() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(429).header("retry-after", "0"));
    let client = nylas::Client::builder()
        .nylas_api_key("nyk_wrong_key")
        .base_url(server.base_url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .unwrap();
    let err = failed(create(&client).await);
    assert!(
        matches!(
            err.api_body(),
            Some(types::CreateCredentialError::Unauthorized(_))
        ),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 2);
    assert_eq!(server.hit_count(), 2);
}

#[tokio::test]
async fn thousandeyes_429_waits_for_the_rate_limit_reset() {
    let server = stand_in::thousandeyes().await;
    let client = thousandeyes::Client::builder()
        .basic_auth(
            stand_in::thousandeyes::USERNAME,
            stand_in::thousandeyes::PASSWORD,
        )
        .base_url(server.base_url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .unwrap();
    let body =
        thousandeyes::types::CreateCredentialRequest::new("new_api_credential", "secret p@ssword");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();

    // The limit has already reset (a Unix time in the past): retried at once.
    server.inject(
        Fault::status(429)
            .header("x-organization-rate-limit-remaining", "0")
            .header("x-organization-rate-limit-reset", &(now - 5).to_string()),
    );
    let response = client.create_credential(body.clone()).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 2);
    assert_eq!(server.hit_count(), 2);

    // The limit resets in an hour, longer than the policy's `max_server_wait`: the 429
    // comes back at once instead of a retry that would ignore the server.
    server.inject(
        Fault::status(429)
            .header("x-organization-rate-limit-remaining", "0")
            .header("x-organization-rate-limit-reset", &(now + 3600).to_string()),
    );
    let err = failed(client.create_credential(body.clone()).await);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.headers()
            .and_then(|h| h.get("x-organization-rate-limit-remaining"))
            .and_then(|v| v.to_str().ok()),
        Some("0")
    );
    assert_eq!(server.hit_count(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_then_reported() {
    let base_url = stand_in::refused_base_url();
    let started = Instant::now();
    let err = failed(create(&client(&base_url)).await);
    // Nothing was sent, so even a POST retries: 1 attempt + 2 retries.
    assert!(
        matches!(&err, Error::Connect { attempts: 3, .. }),
        "{err:?}"
    );
    assert_eq!(err.attempts(), 3);
    assert!(err.to_string().starts_with("could not connect"), "{err}");
    assert!(started.elapsed() < Duration::from_secs(2));

    let once = client(&base_url).with_options(RequestOptions::new().max_retries(0));
    let err = failed(create(&once).await);
    assert!(
        matches!(&err, Error::Connect { attempts: 1, .. }),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Not retried
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn post_503_without_retry_after_is_not_retried() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(503).body("try later"));
    let err = failed(create(&client(server.base_url())).await);
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, attempts: 1, .. } if *status == 503),
        "{err:?}"
    );
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn post_500_502_and_504_are_not_retried() {
    for status in [500, 502, 504] {
        let server = stand_in::nylas().await;
        server.inject(Fault::status(status).body("upstream failed"));
        let err = failed(create(&client(server.base_url())).await);
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        assert_eq!(err.attempts(), 1, "{status}");
        assert_eq!(err.snippet(), Some("upstream failed"));
        assert_eq!(server.hit_count(), 1, "{status}");
    }
}

#[tokio::test]
async fn patch_502_is_not_retried() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(502));
    let err = failed(
        client(server.base_url())
            .update_credential(&types::Provider::Google, documented_credential_id())
            .await,
    );
    assert_eq!(err.status().map(|s| s.as_u16()), Some(502));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn a_retry_after_longer_than_max_server_wait_is_not_waited_for() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(429).header("retry-after", "3600"));
    let started = Instant::now();
    let err = failed(create(&client(server.base_url())).await);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(429));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.hit_count(), 1);
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn per_call_max_retries_zero_disables_retries() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(503).header("retry-after", "0"));
    server.inject(Fault::status(503).header("retry-after", "0"));
    let client = client(server.base_url());
    let once = client.with_options(RequestOptions::new().max_retries(0));
    let err = failed(create(&once).await);
    assert_eq!(err.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(err.attempts(), 1);
    assert_eq!(server.hit_count(), 1);
    assert_eq!(server.faults_left(), 1);

    // The client it came from still retries.
    let response = create(&client).await.unwrap();
    assert_eq!(response.attempts(), 2);
    assert_eq!(server.hit_count(), 3);
}

// ---------------------------------------------------------------------------------------
// Timeouts and broken connections
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn a_reply_slower_than_the_per_call_timeout_times_out() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(201).delay(Duration::from_secs(2)));
    let quick = client(server.base_url())
        .with_options(RequestOptions::new().timeout(Duration::from_millis(100)));
    let started = Instant::now();
    let err = failed(create(&quick).await);
    let elapsed = started.elapsed();
    // A POST that timed out may have been acted on, so it is not retried.
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert!(err.is_timeout());
    assert_eq!(err.to_string(), "the request timed out");
    assert!(elapsed >= Duration::from_millis(100), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn a_reply_slower_than_the_client_timeout_times_out() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(201).delay(Duration::from_secs(2)));
    let client = nylas::Client::builder()
        .nylas_api_key(API_KEY)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = failed(create(&client).await);
    assert!(matches!(err, Error::Timeout { attempts: 1 }), "{err:?}");
    assert_eq!(server.hit_count(), 1);
    // A per-call timeout overrides the client's.
    let patient = client.with_options(RequestOptions::new().timeout(Duration::from_secs(5)));
    assert_eq!(create(&patient).await.unwrap().status(), 201);
}

#[tokio::test]
async fn a_truncated_body_is_a_transport_error() {
    let server = stand_in::nylas().await;
    let whole = json!({ "request_id": "r", "data": { "id": "x", "name": "CONNECTOR",
        "created_at": 1, "updated_at": 1 } })
    .to_string();
    server.inject(
        Fault::status(201)
            .header("content-type", "application/json")
            .body(whole)
            .truncate(20),
    );
    let err = failed(create(&client(server.base_url())).await);
    assert!(
        matches!(&err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn a_closed_connection_is_a_transport_error() {
    let server = stand_in::nylas().await;
    server.inject(Fault::close());
    let err = failed(create(&client(server.base_url())).await);
    assert!(
        matches!(&err, Error::Transport { attempts: 1, .. }),
        "{err:?}"
    );
    assert_eq!(server.hit_count(), 1);
}

// ---------------------------------------------------------------------------------------
// Bodies that do not decode, statuses nobody documented
// ---------------------------------------------------------------------------------------

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_a_snippet() {
    let server = stand_in::nylas().await;
    let broken = r#"{"request_id": "r", "data": {"id": "#;
    server.inject(
        Fault::status(201)
            .header("content-type", "application/json")
            .body(broken),
    );
    let err = failed(create(&client(server.base_url())).await);
    let Error::Decode {
        status,
        snippet,
        message,
        attempts,
        ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert_eq!(*status, 201);
    assert_eq!(snippet, broken);
    assert!(message.contains("invalid JSON"), "{message}");
    assert_eq!(*attempts, 1);
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn json_of_the_wrong_shape_is_a_decode_error() {
    let server = stand_in::nylas().await;
    server.inject(Fault::json(
        201,
        &json!({ "data": { "id": 7, "name": "x", "created_at": 1, "updated_at": 1 } }),
    ));
    let err = failed(create(&client(server.base_url())).await);
    let Error::Decode {
        message, attempts, ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert!(
        message.starts_with("the JSON does not match the documented type"),
        "{message}"
    );
    assert_eq!(*attempts, 1);
    assert!(
        err.snippet().is_some_and(|s| s.contains(r#""id":7"#)),
        "{err:?}"
    );
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn a_documented_error_status_with_a_malformed_body_is_a_decode_error() {
    let server = stand_in::nylas().await;
    server.inject(
        Fault::status(400)
            .header("content-type", "application/json")
            .body("Bad Request"),
    );
    let err = failed(create(&client(server.base_url())).await);
    assert!(
        matches!(&err, Error::Decode { status, attempts: 1, .. } if *status == 400),
        "{err:?}"
    );
    assert_eq!(err.snippet(), Some("Bad Request"));
}

#[tokio::test]
async fn an_html_reply_is_a_decode_error() {
    let server = stand_in::nylas().await;
    let page = "<html><body><h1>Welcome to nginx!</h1></body></html>";
    server.inject(
        Fault::status(201)
            .header("content-type", "text/html; charset=utf-8")
            .body(page),
    );
    let err = failed(create(&client(server.base_url())).await);
    let Error::Decode {
        snippet,
        message,
        attempts,
        ..
    } = &err
    else {
        panic!("expected Error::Decode, got {err:?}");
    };
    assert!(message.contains("text/html"), "{message}");
    assert_eq!(snippet, page);
    assert_eq!(*attempts, 1);
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn an_undocumented_status_is_unexpected_with_a_snippet() {
    let server = stand_in::nylas().await;
    server.inject(
        Fault::status(418)
            .header("content-type", "text/plain")
            .body("I'm a teapot"),
    );
    let err = failed(create(&client(server.base_url())).await);
    let Error::UnexpectedStatus {
        status,
        snippet,
        attempts,
        ..
    } = &err
    else {
        panic!("expected Error::UnexpectedStatus, got {err:?}");
    };
    assert_eq!(*status, 418);
    assert_eq!(snippet, "I'm a teapot");
    assert_eq!(*attempts, 1);
    assert_eq!(
        err.to_string(),
        "unexpected HTTP status 418 I'm a teapot, body: I'm a teapot"
    );
    assert_eq!(server.hit_count(), 1);
}

#[tokio::test]
async fn a_long_body_is_cut_in_the_snippet() {
    let server = stand_in::nylas().await;
    server.inject(Fault::status(418).body("é".repeat(2000)));
    let err = failed(create(&client(server.base_url())).await);
    let snippet = err.snippet().unwrap();
    assert!(snippet.len() <= 512 + '…'.len_utf8(), "{}", snippet.len());
    assert!(snippet.ends_with('…'));
    assert_eq!(server.hit_count(), 1);
}

/// The stand-in keeps working after each fault: the queue only goes first.
#[tokio::test]
async fn after_the_faults_the_stand_in_behaves_normally() {
    let server: StandIn = stand_in::nylas().await;
    server.inject(Fault::status(418));
    let client = client(server.base_url());
    assert!(create(&client).await.is_err());
    let response = create(&client).await.unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 1);
    assert_eq!(server.hit_count(), 2);
}
