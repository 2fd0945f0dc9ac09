//! The generated `mock` modules of the seed specs (the crate's `mock` feature): each
//! documented call against the mock with a typed stub, the default answers, typed errors,
//! faults the client retries, and the request check on requests that break each spec.

use std::time::Duration;

use openapi_clients::runtime::{Error, RetryPolicy};
use openapi_clients::{commercelayer, nylas, thousandeyes};

fn fast_retries() -> RetryPolicy {
    RetryPolicy {
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..RetryPolicy::default()
    }
}

fn nylas_client(server: &nylas::mock::Server) -> nylas::Client {
    nylas::Client::builder()
        .nylas_api_key("nyk_v0_test")
        .base_url(server.url())
        .retry_policy(fast_retries())
        .build()
        .expect("the client builds")
}

fn thousandeyes_client(server: &thousandeyes::mock::Server) -> thousandeyes::Client {
    thousandeyes::Client::builder()
        .basic_auth("user@example.com", "token")
        .base_url(server.url())
        .retry_policy(fast_retries())
        .build()
        .expect("the client builds")
}

fn commercelayer_client(server: &commercelayer::mock::Server) -> commercelayer::Client {
    commercelayer::Client::builder()
        .bearer_auth("eyJ.test")
        .base_url(server.url())
        .retry_policy(fast_retries())
        .build()
        .expect("the client builds")
}

fn nylas_body() -> nylas::types::CreateCredentialRequest {
    nylas::types::CreateCredentialRequest::Connector(
        nylas::types::ConnectorOverrideCredentialRequest::new(
            nylas::types::ConnectorOverrideCredentialData::new("<CLIENT_ID>", "<CLIENT_SECRET>"),
            "CONNECTOR",
        ),
    )
}

fn nylas_credential(name: &str) -> nylas::types::CredentialResponse {
    nylas::types::CredentialResponse::new()
        .with_data(nylas::types::Credential::new(
            1_700_000_000,
            "cred-1",
            name,
            1_700_000_000,
        ))
        .with_request_id("req-1")
}

#[tokio::test]
async fn nylas_create_credential_with_a_typed_stub() {
    use nylas::types::Provider;
    let server = nylas::mock::Server::start().await.unwrap();
    server
        .create_credential()
        .matching(|r| r.provider == Provider::Google)
        .respond(201, &nylas_credential("CONNECTOR"));
    let created = nylas_client(&server)
        .create_credential(&Provider::Google, nylas_body())
        .await
        .expect("the stub answers");
    assert_eq!(created.status(), 201);
    assert_eq!(created.data.as_ref().unwrap().name, "CONNECTOR");

    let received = server.received::<nylas::mock::CreateCredential>();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].provider, Provider::Google);
    assert_eq!(received[0].body, nylas_body());
}

#[tokio::test]
async fn nylas_update_credential_with_a_typed_stub_and_a_count() {
    use nylas::types::{Provider, UpdateCredentialRequest};
    let server = nylas::mock::Server::start().await.unwrap();
    server
        .update_credential()
        .matching(|r| r.id == "cred-1")
        .times(1)
        .respond(200, &nylas_credential("google"));
    let updated = nylas_client(&server)
        .update_credential(&Provider::Microsoft, "cred-1")
        .body(UpdateCredentialRequest::new().with_name("google"))
        .await
        .expect("the stub answers");
    assert_eq!(updated.data.as_ref().unwrap().name, "google");
    let received = server.received::<nylas::mock::UpdateCredential>();
    assert_eq!(received[0].provider, Provider::Microsoft);
    assert_eq!(received[0].id, "cred-1");
    assert_eq!(
        received[0].body,
        Some(UpdateCredentialRequest::new().with_name("google"))
    );
    server.verify().expect("the stub answered once");
}

#[tokio::test]
async fn nylas_a_documented_error_is_typed_on_both_sides() {
    use nylas::types::{CreateCredentialError, ErrorResponse, Provider};
    let server = nylas::mock::Server::start().await.unwrap();
    let body = ErrorResponse::new(
        nylas::types::Error::new().with_message("bad provider"),
        "req-9",
    );
    server
        .create_credential()
        .respond_error(CreateCredentialError::BadRequest(body.clone()));
    let error = nylas_client(&server)
        .create_credential(&Provider::Google, nylas_body())
        .await
        .expect_err("a 400");
    match error {
        Error::Api(api) => {
            assert_eq!(api.status, 400);
            assert_eq!(api.body, CreateCredentialError::BadRequest(body));
        }
        other => panic!("not the typed error: {other:?}"),
    }
}

#[tokio::test]
async fn thousandeyes_create_credential_with_a_typed_stub() {
    use thousandeyes::types::{CreateCredentialRequest, CreateCredentialResponse, Credential};
    let server = thousandeyes::mock::Server::start().await.unwrap();
    let answer = CreateCredentialResponse::new().with_credentials(vec![Credential::new()
        .with_credential_id(1)
        .with_name("new_api_credential")]);
    server.create_credential().respond(201, &answer);
    let created = thousandeyes_client(&server)
        .create_credential(CreateCredentialRequest::new(
            "new_api_credential",
            "secret p@ssword",
        ))
        .aid("1234")
        .await
        .expect("the stub answers");
    assert_eq!(*created, answer);
    let received = server.received::<thousandeyes::mock::CreateCredential>();
    assert_eq!(received[0].aid.as_deref(), Some("1234"));
    assert_eq!(received[0].body.name, "new_api_credential");
}

fn commercelayer_body() -> commercelayer::types::ApiCredentialCreateRequest {
    use commercelayer::types::*;
    ApiCredentialCreateRequest::new(ApiCredentialCreateData::new(
        ApiCredentialCreateAttributes::new("sales_channel", "My app"),
        ApiCredentialCreateRelationships::new(ToOneRelationship::new(ResourceIdentifier::new(
            "ABCRtyUpBa",
            "organizations",
        ))),
    ))
}

#[tokio::test]
async fn commercelayer_create_api_credential_with_a_typed_stub() {
    use commercelayer::types::{ApiCredential, ApiCredentialResponse};
    let server = commercelayer::mock::Server::start().await.unwrap();
    let answer = ApiCredentialResponse::new().with_data(ApiCredential::new().with_id("xYZkjABcde"));
    server
        .create_api_credential()
        .matching(|r| r.body.data.attributes.name == "My app")
        .respond(201, &answer);
    let created = commercelayer_client(&server)
        .create_api_credential(commercelayer_body())
        .await
        .expect("the stub answers");
    assert_eq!(
        created.data.as_ref().unwrap().id.as_deref(),
        Some("xYZkjABcde")
    );
    assert_eq!(
        server.received::<commercelayer::mock::CreateApiCredential>()[0].body,
        commercelayer_body()
    );
}

#[tokio::test]
async fn every_seed_call_without_a_stub_gets_a_default_the_client_decodes() {
    let server = nylas::mock::Server::start().await.unwrap();
    let client = nylas_client(&server);
    let created = client
        .create_credential(&nylas::types::Provider::Google, nylas_body())
        .await
        .expect("the default answer decodes");
    assert_eq!(created.status(), 201);
    assert!(created.data.is_some(), "{created:?}");
    let updated = client
        .update_credential(&nylas::types::Provider::Google, "cred-1")
        .await
        .expect("the default answer decodes");
    assert_eq!(updated.status(), 200);

    let server = thousandeyes::mock::Server::start().await.unwrap();
    let created = thousandeyes_client(&server)
        .create_credential(thousandeyes::types::CreateCredentialRequest::new("n", "v"))
        .await
        .expect("the default answer decodes");
    assert_eq!(created.credentials.as_ref().map(Vec::len), Some(1));

    let server = commercelayer::mock::Server::start().await.unwrap();
    let created = commercelayer_client(&server)
        .create_api_credential(commercelayer_body())
        .await
        .expect("the default answer decodes");
    assert!(created
        .data
        .as_ref()
        .and_then(|d| d.attributes.as_ref())
        .is_some());
}

#[tokio::test]
async fn the_client_retries_a_status_sequence_with_retry_after() {
    let server = nylas::mock::Server::start().await.unwrap();
    server
        .update_credential()
        .fail_with(&[503, 503])
        .retry_after(0)
        .respond(200, &nylas_credential("third time"));
    let updated = nylas_client(&server)
        .update_credential(&nylas::types::Provider::Google, "cred-1")
        .await
        .expect("the third attempt succeeds");
    assert_eq!(updated.attempts(), 3);
    assert_eq!(server.received::<nylas::mock::UpdateCredential>().len(), 3);
}

#[tokio::test]
async fn a_dropped_connection_and_a_delay_reach_the_client_as_its_errors() {
    let server = nylas::mock::Server::start().await.unwrap();
    server
        .create_credential()
        .drop_connection()
        .respond(201, &nylas_credential("x"));
    let error = nylas_client(&server)
        .create_credential(&nylas::types::Provider::Google, nylas_body())
        .await
        .expect_err("a POST is not retried after a dropped connection");
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");

    let server = nylas::mock::Server::start().await.unwrap();
    server
        .update_credential()
        .delay(Duration::from_millis(500))
        .respond(200, &nylas_credential("late"));
    let client = nylas::Client::builder()
        .nylas_api_key("k")
        .base_url(server.url())
        .timeout(Duration::from_millis(100))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .update_credential(&nylas::types::Provider::Google, "cred-1")
        .await
        .expect_err("the answer comes too late");
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

/// Sends a raw request to a seed's mock and returns the places of the violations.
async fn places(
    url: &str,
    method: reqwest::Method,
    path: &str,
    content_type: &str,
    body: &str,
) -> (u16, String) {
    let response = reqwest::Client::new()
        .request(method, format!("{url}{path}"))
        .header("content-type", content_type)
        .body(body.to_string())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn requests_that_break_the_seed_specs_are_reported_with_the_place() {
    use reqwest::Method;
    let server = nylas::mock::Server::start().await.unwrap();
    let good = serde_json::to_string(&nylas_body()).unwrap();
    let url = server.url().to_string();
    let (status, text) = places(
        &url,
        Method::POST,
        "/v3/connectors/google/creds",
        "text/plain",
        &good,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        text.contains("paths./v3/connectors/{provider}/creds.post.requestBody.content:"),
        "{text}"
    );
    let (_, text) = places(
        &url,
        Method::POST,
        "/v3/connectors/google/creds",
        "application/json",
        r#"{"name": 3}"#,
    )
    .await;
    assert!(
        text.contains("requestBody.content.application/json.schema: the body does not fit"),
        "{text}"
    );
    let (_, text) = places(
        &url,
        Method::POST,
        "/v3/connectors/google/creds",
        "application/json",
        "",
    )
    .await;
    assert!(text.contains("the required body is missing"), "{text}");
    let (status, _) = places(
        &url,
        Method::DELETE,
        "/v3/connectors/google/creds",
        "application/json",
        "",
    )
    .await;
    assert_eq!(status, 404, "no DELETE in the spec");
    // `provider` is a closed enum in the spec: its schema refuses a value outside it.
    let (status, text) = places(
        &url,
        Method::POST,
        "/v3/connectors/myspace/creds",
        "application/json",
        &good,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        text.contains("paths./v3/connectors/{provider}/creds.post.parameters.provider: the path parameter `provider` is `myspace`, which its schema does not allow"),
        "{text}"
    );
    let (status, _) = places(
        &url,
        Method::POST,
        "/v3/connectors/google/credentials",
        "application/json",
        &good,
    )
    .await;
    assert_eq!(status, 404, "no operation has the path");
    let reported = server.take_violations();
    assert_eq!(reported.len(), 6, "{reported:#?}");

    let server = thousandeyes::mock::Server::start().await.unwrap();
    let (status, text) = places(
        server.url(),
        Method::POST,
        "/credentials/new.json",
        "application/json",
        r#"{"name": "n"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        text.contains("value"),
        "the required `value` is missing: {text}"
    );
    assert_eq!(server.take_violations().len(), 1);
}
