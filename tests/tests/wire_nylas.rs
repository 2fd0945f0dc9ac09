//! The generated Nylas client against the Nylas stand-in (`tests::stand_in::nylas`): the
//! documented calls, the documented errors and redaction; path safety and per-call
//! options against the generated mock (a well-behaved server is all they need).

use openapi_clients::nylas::{self, types};
use openapi_clients::runtime::{Error, RequestOptions, Secret};
use serde_json::Value;
use tests::stand_in::nylas::{
    create_example, documented_credential_id, documented_provider, documented_request_id,
    update_example, API_KEY,
};
use tests::stand_in::{self, assert_error_redacted, assert_redacted, StandIn};

const WRONG_KEY: &str = "nyk_v0_wrong_key_5TgB8uJm";

fn client_with_key(server: &StandIn, key: &str) -> nylas::Client {
    nylas::Client::builder()
        .nylas_api_key(key)
        .base_url(server.base_url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .expect("the client builds")
}

fn client(server: &StandIn) -> nylas::Client {
    client_with_key(server, API_KEY)
}

/// A client of the generated mock, for the cases that need only a well-behaved server.
fn mock_client(server: &nylas::mock::Server) -> nylas::Client {
    nylas::Client::builder()
        .nylas_api_key(API_KEY)
        .base_url(server.url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .expect("the client builds")
}

/// The body of the create page's cURL sample.
fn curl_create_body() -> types::CreateCredentialRequest {
    types::CreateCredentialRequest::Connector(types::ConnectorOverrideCredentialRequest::new(
        types::ConnectorOverrideCredentialData::new("<CLIENT_ID>", "<CLIENT_SECRET>"),
        "CONNECTOR",
    ))
}

/// The body of the update page's cURL sample.
fn curl_update_body() -> types::UpdateCredentialRequest {
    types::UpdateCredentialRequest::new()
        .with_name("google")
        .with_credential_data(
            types::UpdateCredentialData::new()
                .with_client_id("<PROVIDER_CLIENT_ID>")
                .with_client_secret("<PROVIDER_CLIENT_SECRET>"),
        )
}

/// The provider the SDK samples and the spec's example use.
fn google() -> types::Provider {
    assert_eq!(documented_provider(), "google");
    types::Provider::Google
}

#[tokio::test]
async fn documented_create_succeeds_and_decodes() {
    let server = stand_in::nylas().await;
    let response = client(&server)
        .create_credential(&google(), curl_create_body())
        .await
        .expect("the documented create succeeds");

    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.request_id.as_deref(),
        Some(documented_request_id())
    );
    let data = response
        .data
        .as_ref()
        .expect("the reply carries the credential");
    assert_eq!(data.name, "CONNECTOR");
    assert!(!data.id.is_empty());
    assert!(data.created_at > 1_600_000_000, "{data:?}");
    assert_eq!(data.updated_at, data.created_at, "initially the same");

    let hits = server.hits();
    assert_eq!(hits.len(), 1);
    let hit = &hits[0];
    assert_eq!(hit.method, "POST");
    assert_eq!(hit.path, "/v3/connectors/google/creds");
    assert_eq!(hit.query, None);
    assert_eq!(
        hit.header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
    assert_eq!(hit.header("content-type"), Some("application/json"));
    assert_eq!(hit.header("accept"), Some("application/json"));
    assert!(hit
        .header("user-agent")
        .is_some_and(|ua| ua.starts_with("openapi-clients/")));
    assert_eq!(hit.json(), Some(create_example("curl")));
    assert_eq!(hit.documented_example.as_deref(), Some("curl"));
}

#[tokio::test]
async fn documented_update_succeeds_and_decodes() {
    let server = stand_in::nylas().await;
    let id = documented_credential_id();
    let response = client(&server)
        .update_credential(&google(), id)
        .body(curl_update_body())
        .await
        .expect("the documented update succeeds");

    assert_eq!(response.status(), 200);
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(
        response.request_id.as_deref(),
        Some(documented_request_id())
    );
    let data = response
        .data
        .as_ref()
        .expect("the reply carries the credential");
    assert_eq!(data.id, id);
    assert_eq!(data.name, "google");
    assert!(data.updated_at >= data.created_at);

    let hit = &server.hits()[0];
    assert_eq!(hit.method, "PATCH");
    assert_eq!(hit.path, format!("/v3/connectors/google/creds/{id}"));
    assert_eq!(hit.header("content-type"), Some("application/json"));
    assert_eq!(hit.header("accept"), Some("application/json"));
    assert_eq!(hit.json(), Some(update_example("curl")));
    assert_eq!(hit.documented_example.as_deref(), Some("curl"));
}

#[tokio::test]
async fn update_with_the_python_sample_and_without_a_body() {
    let server = stand_in::nylas().await;
    let client = client(&server);
    let id = documented_credential_id();

    let rename = types::UpdateCredentialRequest::new().with_name("Updated connector override");
    let renamed = client
        .update_credential(&google(), id)
        .body(rename)
        .await
        .unwrap();
    assert_eq!(
        renamed.data.as_ref().unwrap().name,
        "Updated connector override"
    );
    assert_eq!(server.hits()[0].json(), Some(update_example("renameOnly")));
    assert_eq!(
        server.hits()[0].documented_example.as_deref(),
        Some("renameOnly")
    );

    // The body is optional: no body, no Content-Type, nothing changes.
    let unchanged = client.update_credential(&google(), id).await.unwrap();
    assert_eq!(unchanged.status(), 200);
    assert_eq!(
        unchanged.data.as_ref().unwrap().name,
        "Updated connector override"
    );
    let hit = &server.hits()[1];
    assert!(hit.body.is_empty());
    assert_eq!(hit.header("content-type"), None);
}

#[tokio::test]
async fn a_created_credential_can_be_updated() {
    let server = stand_in::nylas().await;
    let client = client(&server);
    let created = client
        .create_credential(&google(), curl_create_body())
        .await
        .unwrap()
        .into_body()
        .data
        .unwrap();
    let updated = client
        .update_credential(&google(), &created.id)
        .body(curl_update_body())
        .await
        .unwrap()
        .into_body()
        .data
        .unwrap();
    assert_eq!(updated.id, created.id);
    assert_eq!(updated.name, "google");
    assert_eq!(updated.created_at, created.created_at);
}

#[tokio::test]
async fn wrong_key_is_401_with_the_typed_error_body() {
    let server = stand_in::nylas().await;
    let client = client_with_key(&server, WRONG_KEY);

    let err = client
        .create_credential(&google(), curl_create_body())
        .await
        .expect_err("a wrong key is refused");
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, 401);
    assert_eq!(api.attempts, 1);
    let types::CreateCredentialError::Unauthorized(body) = &api.body else {
        panic!("expected Unauthorized, got {:?}", api.body);
    };
    assert_eq!(body.request_id, documented_request_id());
    assert_eq!(body.error.r#type.as_deref(), Some("unauthorized"));
    assert!(body.error.message.is_some());
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(err.attempts(), 1);
    assert!(err.to_string().starts_with("API error: HTTP 401"), "{err}");
    assert_error_redacted(&err, &[WRONG_KEY, API_KEY, "<CLIENT_SECRET>"]);

    let err = client
        .update_credential(&google(), documented_credential_id())
        .body(curl_update_body())
        .await
        .expect_err("a wrong key is refused");
    assert!(
        matches!(
            err.api_body(),
            Some(types::UpdateCredentialError::Unauthorized(body))
                if body.error.r#type.as_deref() == Some("unauthorized")
        ),
        "{err:?}"
    );
    assert_error_redacted(&err, &[WRONG_KEY, API_KEY, "<PROVIDER_CLIENT_SECRET>"]);
    assert_eq!(server.hit_count(), 2);
}

#[tokio::test]
async fn duplicate_name_is_400_with_the_typed_error_body() {
    let server = stand_in::nylas().await;
    let client = client(&server);
    client
        .create_credential(&google(), curl_create_body())
        .await
        .expect("the first create succeeds");

    let err = client
        .create_credential(&google(), curl_create_body())
        .await
        .expect_err("the name is taken");
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.status, 400);
    assert_eq!(api.attempts, 1);
    let types::CreateCredentialError::BadRequest(body) = &api.body else {
        panic!("expected BadRequest, got {:?}", api.body);
    };
    assert_eq!(body.error.r#type.as_deref(), Some("invalid_request_error"));
    let message = body.error.message.as_deref().unwrap_or_default();
    assert!(message.contains("already exists"), "{message}");
    assert!(api.snippet.contains("already exists"), "{}", api.snippet);
    assert_error_redacted(&err, &[API_KEY, "<CLIENT_SECRET>"]);

    // The same name under another provider is fine: names are unique per provider.
    let other = client
        .create_credential(&types::Provider::Microsoft, curl_create_body())
        .await
        .expect("another provider's names are separate");
    assert_eq!(other.status(), 201);

    // Renaming the documented credential to the taken name is refused too.
    let rename = types::UpdateCredentialRequest::new().with_name("CONNECTOR");
    let err = client
        .update_credential(&google(), documented_credential_id())
        .body(rename)
        .await
        .expect_err("the name is taken");
    assert!(
        matches!(
            err.api_body(),
            Some(types::UpdateCredentialError::BadRequest(body))
                if body.error.message.as_deref().is_some_and(|m| m.contains("already exists"))
        ),
        "{err:?}"
    );
    assert_error_redacted(&err, &[API_KEY]);
    assert_eq!(server.hit_count(), 4);
}

#[tokio::test]
async fn an_unknown_provider_is_400() {
    let server = stand_in::nylas().await;
    let provider = types::Provider::Other("myspace".to_owned());
    let err = client(&server)
        .create_credential(&provider, curl_create_body())
        .await
        .expect_err("the provider is not one the spec lists");
    assert!(
        matches!(
            err.api_body(),
            Some(types::CreateCredentialError::BadRequest(body))
                if body.error.message.as_deref().is_some_and(|m| m.contains("myspace"))
        ),
        "{err:?}"
    );
    assert_error_redacted(&err, &[API_KEY, "<CLIENT_SECRET>"]);
    assert_eq!(server.hits()[0].path, "/v3/connectors/myspace/creds");
}

#[tokio::test]
async fn a_service_account_body_keeps_its_extra_fields() {
    let server = stand_in::nylas().await;
    let body = types::CreateCredentialRequest::ServiceAccount(
        types::ServiceAccountCredentialRequest::new(
            types::ServiceAccountCredentialData::new(
                "sa@marketplace-sa-test.iam.gserviceaccount.com",
                "PRIVATE-KEY-b64-Zk3q",
                "abcd1234defg5678",
            )
            .with_additional_properties([(
                "project_id",
                Secret::new(Value::String("marketplace-sa-test".to_owned())),
            )]),
            "Google service account",
        ),
    );
    let response = client(&server)
        .create_credential(&google(), body)
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let sent = server.hits()[0].json().unwrap();
    assert_eq!(sent["credential_type"], "serviceaccount");
    assert_eq!(sent["credential_data"]["project_id"], "marketplace-sa-test");
    assert_eq!(
        sent["credential_data"]["private_key"],
        "PRIVATE-KEY-b64-Zk3q"
    );
    assert_eq!(server.hits()[0].documented_example, None);
}

/// Ids that could change the path if sent unencoded, and what the server must see.
const PATH_CASES: &[(&str, &str)] = &[
    ("../admin", "..%2Fadmin"),
    ("a/b?c#d", "a%2Fb%3Fc%23d"),
    ("with space", "with%20space"),
    ("café ☕/日本", "caf%C3%A9%20%E2%98%95%2F%E6%97%A5%E6%9C%AC"),
    ("%2e%2e", "%252e%252e"),
    ("a;b=c&d", "a%3Bb%3Dc%26d"),
];

#[tokio::test]
async fn ids_reach_the_server_as_one_encoded_segment() {
    let server = nylas::mock::Server::start().await.unwrap();
    let client = mock_client(&server);
    for (id, _) in PATH_CASES {
        client
            .update_credential(&google(), id)
            .body(curl_update_body())
            .await
            .expect("the mock answers");
    }
    let sent = server.received_requests();
    // The mock routed each to the update operation and decoded the one segment back to
    // the id.
    let received = server.received::<nylas::mock::UpdateCredential>();
    assert_eq!(received.len(), PATH_CASES.len());
    for (n, (id, encoded)) in PATH_CASES.iter().enumerate() {
        assert_eq!(
            sent[n].path,
            format!("/v3/connectors/google/creds/{encoded}"),
            "{id:?}"
        );
        assert!(sent[n].query.is_empty(), "{id:?}");
        assert_eq!(received[n].id, *id);
    }
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = nylas::mock::Server::start().await.unwrap();
    let client = mock_client(&server);
    for id in [".", ".."] {
        let err = client
            .update_credential(&google(), id)
            .body(curl_update_body())
            .await
            .expect_err("a dot segment would change the path");
        assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
        assert_eq!(err.attempts(), 0);
        assert_error_redacted(&err, &[API_KEY, "<PROVIDER_CLIENT_SECRET>"]);
    }
    assert!(server.received_requests().is_empty());
}

#[tokio::test]
async fn per_call_header_reaches_the_server() {
    let server = nylas::mock::Server::start().await.unwrap();
    let client = mock_client(&server);
    let traced = client.with_options(
        RequestOptions::new()
            .header("X-Request-Id", "trace-7f3a")
            .timeout(std::time::Duration::from_secs(5)),
    );
    traced
        .create_credential(&google(), curl_create_body())
        .await
        .unwrap();
    // The header belongs to `traced` only.
    client
        .update_credential(&google(), documented_credential_id())
        .await
        .unwrap();
    let hits = server.received_requests();
    assert_eq!(hits[0].header("x-request-id"), Some("trace-7f3a"));
    assert_eq!(hits[1].header("x-request-id"), None);
    // The generated headers are still there.
    assert_eq!(hits[0].header("accept"), Some("application/json"));
    assert_eq!(
        hits[0].header("authorization"),
        Some(format!("Bearer {API_KEY}").as_str())
    );
}

#[tokio::test]
async fn builders_clients_and_bodies_never_show_secrets() {
    let secrets = [
        API_KEY,
        "<CLIENT_SECRET>",
        "<PROVIDER_CLIENT_SECRET>",
        "PRIVATE-KEY-b64-Zk3q",
    ];
    let server = stand_in::nylas().await;
    let builder = nylas::Client::builder()
        .nylas_api_key(API_KEY)
        .base_url(server.base_url());
    assert_redacted(&format!("{builder:?}"), &secrets);
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert_redacted(&shown, &secrets);
    assert!(shown.contains(server.base_url()), "{shown}");
    assert!(shown.contains("NYLAS_API_KEY"), "{shown}");

    let service_account = types::ServiceAccountCredentialData::new(
        "sa@example.com",
        "PRIVATE-KEY-b64-Zk3q",
        "abcd1234defg5678",
    );
    let update = types::UpdateCredentialRequest::new().with_credential_data(
        types::UpdateCredentialData::new()
            .with_private_key("PRIVATE-KEY-b64-Zk3q")
            .with_client_secret("<PROVIDER_CLIENT_SECRET>"),
    );
    for shown in [
        format!("{:?}", curl_create_body()),
        format!("{service_account:?}"),
        format!("{update:?}"),
        format!("{:?}", curl_update_body()),
    ] {
        assert_redacted(&shown, &secrets);
        assert!(shown.contains("[redacted]"), "{shown}");
    }

    // A response, too.
    let response = client
        .create_credential(&google(), curl_create_body())
        .await
        .unwrap();
    assert_redacted(&format!("{response:?}"), &secrets);
}
