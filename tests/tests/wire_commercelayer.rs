//! The generated Commerce Layer client against the Commerce Layer stand-in
//! (`tests::stand_in::commercelayer`): the documented JSON:API call, the error statuses
//! and redaction.
//!
//! The page documents no error responses, so errors arrive as
//! `Error::UnexpectedStatus` with the start of the body.

use openapi_clients::commercelayer::{self, types};
use openapi_clients::runtime::Error;
use serde_json::Value;
use tests::stand_in::commercelayer::{request_example, response_example, ACCESS_TOKEN};
use tests::stand_in::{self, assert_error_redacted, assert_redacted, StandIn};

const WRONG_TOKEN: &str = "cl_wrong_token_Jd83nVa1";

fn client_with(server: &StandIn, token: &str) -> commercelayer::Client {
    commercelayer::Client::builder()
        .bearer_auth(token)
        .base_url(server.base_url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .expect("the client builds")
}

fn client(server: &StandIn) -> commercelayer::Client {
    client_with(server, ACCESS_TOKEN)
}

/// The body of the page's cURL example.
fn documented_body() -> types::ApiCredentialCreateRequest {
    types::ApiCredentialCreateRequest::new(types::ApiCredentialCreateData::new(
        types::ApiCredentialCreateAttributes::new("sales_channel", "My app"),
        types::ApiCredentialCreateRelationships::new(types::ToOneRelationship::new(
            types::ResourceIdentifier::new("ABCRtyUpBa", "organizations"),
        )),
    ))
}

#[tokio::test]
async fn documented_create_succeeds_and_decodes() {
    let server = stand_in::commercelayer().await;
    let response = client(&server)
        .create_api_credential(documented_body())
        .await
        .expect("the documented create succeeds");

    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 1);
    assert_eq!(
        response.header("content-type"),
        Some("application/vnd.api+json")
    );
    let credential = response.data.as_ref().expect("a resource object");
    assert_eq!(credential.id.as_deref(), Some("xYZkjABcde"));
    assert_eq!(credential.r#type.as_deref(), Some("api_credentials"));
    assert_eq!(
        credential.links.as_ref().and_then(|l| l.self_.as_deref()),
        Some("https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde")
    );
    let attributes = credential.attributes.as_ref().expect("attributes");
    assert_eq!(attributes.name.as_deref(), Some("My app"));
    assert_eq!(attributes.kind.as_deref(), Some("sales_channel"));
    assert_eq!(attributes.confidential, Some(true));
    assert_eq!(attributes.expires_in, Some(7200));
    assert_eq!(attributes.custom, Some(false));
    // `format: date-time`: a chrono value, the server's offset kept.
    let created = attributes.created_at.expect("created_at");
    assert_eq!(created.to_rfc3339(), "2018-01-01T12:00:00+00:00");
    assert_eq!(attributes.updated_at, Some(created));
    assert_eq!(attributes.client_id.as_deref(), Some("xxxx-yyyy-zzzz"));
    assert_eq!(
        attributes
            .client_secret
            .as_ref()
            .map(|s| s.expose().as_str()),
        Some("xxxx-yyyy-zzzz")
    );
    assert_eq!(
        attributes.metadata.as_ref().and_then(|m| m.get("foo")),
        Some(&Value::String("bar".to_owned()))
    );
    let organization = credential
        .relationships
        .as_ref()
        .and_then(|r| r.organization.as_ref())
        .and_then(|o| o.links.as_ref())
        .expect("organization links");
    assert_eq!(
        organization.related.as_deref(),
        Some("https://provisioning.commercelayer.io/api/api_credentials/xYZkjABcde/organization")
    );
    // Encoded back, the body is the example, but for the date-times' fractional digits
    // (`12:00:00.000Z` is written `12:00:00Z`: the same instant).
    let mut expected = response_example();
    for key in ["created_at", "updated_at"] {
        expected["data"]["attributes"][key] = Value::String("2018-01-01T12:00:00Z".into());
    }
    assert_eq!(serde_json::to_value(response.body()).unwrap(), expected);
    // The response's client secret is a `Secret`.
    let shown = format!("{:?}", response.body());
    assert!(shown.contains("client_secret: Some([redacted])"), "{shown}");

    let hit = &server.hits()[0];
    assert_eq!(hit.method, "POST");
    assert_eq!(hit.path, "/api/api_credentials");
    assert_eq!(hit.query, None);
    assert_eq!(
        hit.header("authorization"),
        Some(format!("Bearer {ACCESS_TOKEN}").as_str())
    );
    assert_eq!(hit.header("content-type"), Some("application/vnd.api+json"));
    assert_eq!(hit.header("accept"), Some("application/vnd.api+json"));
    assert_eq!(hit.json(), Some(request_example()));
    assert_eq!(hit.documented_example.as_deref(), Some("example"));
}

#[tokio::test]
async fn wrong_token_is_401() {
    let server = stand_in::commercelayer().await;
    let err = client_with(&server, WRONG_TOKEN)
        .create_api_credential(documented_body())
        .await
        .expect_err("a wrong token is refused");
    let Error::UnexpectedStatus {
        status,
        headers,
        snippet,
        attempts,
    } = &err
    else {
        panic!("expected UnexpectedStatus (the page documents no 401), got {err:?}");
    };
    assert_eq!(*status, 401);
    assert_eq!(*attempts, 1);
    assert_eq!(
        headers.get("content-type").and_then(|v| v.to_str().ok()),
        Some("application/vnd.api+json")
    );
    let body: Value = serde_json::from_str(snippet).unwrap();
    assert_eq!(body["errors"][0]["code"], "INVALID_TOKEN");
    assert_error_redacted(&err, &[ACCESS_TOKEN, WRONG_TOKEN]);
}

#[tokio::test]
async fn a_wrong_resource_type_is_400() {
    let server = stand_in::commercelayer().await;
    let mut body = documented_body();
    body.data.r#type = types::ApiCredentialCreateDataType::Other("organizations".to_owned());
    let err = client(&server)
        .create_api_credential(body)
        .await
        .expect_err("data.type must be api_credentials");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, attempts: 1, .. } if *status == 400),
        "{err:?}"
    );
    let reply: Value = serde_json::from_str(err.snippet().unwrap()).unwrap();
    assert_eq!(reply["errors"][0]["code"], "BAD_REQUEST");
    assert!(reply["errors"][0]["detail"]
        .as_str()
        .is_some_and(|d| d.contains("data.type")));
    assert_eq!(
        server.hits()[0].json().unwrap()["data"]["type"],
        "organizations"
    );
    assert_eq!(server.hits()[0].documented_example, None);
    assert_error_redacted(&err, &[ACCESS_TOKEN]);
}

#[tokio::test]
async fn the_access_token_never_shows() {
    let server = stand_in::commercelayer().await;
    let builder = commercelayer::Client::builder()
        .bearer_auth(ACCESS_TOKEN)
        .base_url(server.base_url());
    assert_redacted(&format!("{builder:?}"), &[ACCESS_TOKEN]);
    let client = builder.build().unwrap();
    assert_redacted(&format!("{client:?}"), &[ACCESS_TOKEN]);
    let response = client
        .create_api_credential(documented_body())
        .await
        .unwrap();
    assert_redacted(&format!("{response:?}"), &[ACCESS_TOKEN]);
}
