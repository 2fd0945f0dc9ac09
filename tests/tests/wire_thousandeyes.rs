//! The generated ThousandEyes client against the ThousandEyes stand-in
//! (`tests::stand_in::thousandeyes`): the documented call with its rate-limit headers, the
//! error statuses, and redaction of the basic-auth password and the credential value.
//!
//! The page documents no error responses, so errors arrive as
//! `Error::UnexpectedStatus` with the start of the body.

use std::future::IntoFuture;

use openapi_clients::runtime::Error;
use openapi_clients::thousandeyes::{self, types};
use serde_json::Value;
use tests::stand_in::thousandeyes::{
    request_example, response_example, ACCOUNT_GROUP_ID, PASSWORD, USERNAME,
};
use tests::stand_in::{self, assert_error_redacted, assert_redacted, StandIn};

const WRONG_PASSWORD: &str = "wrong-token-Hq8sLx2v";
/// The credential value of the documented request.
const VALUE: &str = "secret p@ssword";

fn client_with(server: &StandIn, username: &str, password: &str) -> thousandeyes::Client {
    thousandeyes::Client::builder()
        .basic_auth(username, password)
        .base_url(server.base_url())
        .retry_policy(stand_in::fast_retries())
        .build()
        .expect("the client builds")
}

fn client(server: &StandIn) -> thousandeyes::Client {
    client_with(server, USERNAME, PASSWORD)
}

/// The body of the page's cURL example.
fn documented_body() -> types::CreateCredentialRequest {
    types::CreateCredentialRequest::new("new_api_credential", VALUE)
}

#[tokio::test]
async fn documented_create_succeeds_with_rate_limit_headers() {
    let server = stand_in::thousandeyes().await;
    assert!(server.base_url().ends_with("/v6"), "{}", server.base_url());
    let client = client(&server);
    let response = client
        .create_credential(documented_body())
        .aid(ACCOUNT_GROUP_ID)
        .await
        .expect("the documented create succeeds");

    assert_eq!(response.status(), 201);
    assert_eq!(response.attempts(), 1);
    assert_eq!(
        response.header("content-type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(
        response.header("x-organization-rate-limit-limit"),
        Some("240")
    );
    assert_eq!(
        response.header("x-organization-rate-limit-remaining"),
        Some("239")
    );
    assert_eq!(
        response.header("x-organization-rate-limit-reset"),
        Some("1573846620")
    );
    assert_eq!(response.header("x-server-name"), Some("8xb13"));
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let reset: u64 = response
        .headers()
        .get("x-organization-rate-limit-reset")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("the reset header is a number");
    assert_eq!(reset, 1_573_846_620);

    let credentials = response.credentials.as_deref().unwrap_or_default();
    assert_eq!(credentials.len(), 1);
    let credential = &credentials[0];
    assert_eq!(credential.credential_id, Some(405));
    assert_eq!(credential.name.as_deref(), Some("Example Credential 1"));
    let links = credential.api_links.as_deref().unwrap_or_default();
    assert_eq!(links[0].rel.as_deref(), Some("self"));
    assert_eq!(
        links[0].href.as_deref(),
        Some("https://api.thousandeyes.com/v6/credentials/405")
    );
    assert_eq!(
        serde_json::to_value(response.body()).unwrap(),
        response_example()
    );

    let hit = &server.hits()[0];
    assert_eq!(hit.method, "POST");
    assert_eq!(hit.path, "/v6/credentials/new.json");
    assert_eq!(
        hit.query.as_deref(),
        Some(format!("aid={ACCOUNT_GROUP_ID}").as_str())
    );
    assert_eq!(
        hit.header("authorization"),
        Some("Basic bm9yZXBseUB0aG91c2FuZGV5ZXMuY29tOmczNTFtdzV4cWh2a21oMXZxNnpmbTUxYzYyd3l6aWIy")
    );
    assert_eq!(hit.header("content-type"), Some("application/json"));
    assert_eq!(hit.header("accept"), Some("application/json"));
    assert_eq!(hit.json(), Some(request_example()));
    assert_eq!(hit.documented_example.as_deref(), Some("example"));

    // The organization's remaining requests count down.
    let second = client
        .create_credential(documented_body())
        .aid(ACCOUNT_GROUP_ID)
        .await
        .unwrap();
    assert_eq!(
        second.header("x-organization-rate-limit-remaining"),
        Some("238")
    );
}

#[tokio::test]
async fn aid_is_optional() {
    // A well-behaved server is all this needs: the generated mock.
    let server = thousandeyes::mock::Server::start().await.unwrap();
    let client = thousandeyes::Client::builder()
        .basic_auth(USERNAME, PASSWORD)
        .base_url(server.url())
        .build()
        .expect("the client builds");
    let response = client.create_credential(documented_body()).await.unwrap();
    assert_eq!(response.status(), 201);
    assert!(server.received_requests()[0].query.is_empty());
    assert_eq!(
        server.received::<thousandeyes::mock::CreateCredential>()[0].aid,
        None
    );
}

#[tokio::test]
async fn wrong_password_is_401() {
    let server = stand_in::thousandeyes().await;
    let err = client_with(&server, USERNAME, WRONG_PASSWORD)
        .create_credential(documented_body())
        .aid(ACCOUNT_GROUP_ID)
        .await
        .expect_err("a wrong token is refused");
    let Error::UnexpectedStatus {
        status,
        snippet,
        attempts,
        ..
    } = &err
    else {
        panic!("expected UnexpectedStatus (the page documents no 401), got {err:?}");
    };
    assert_eq!(*status, 401);
    assert_eq!(*attempts, 1);
    let body: Value = serde_json::from_str(snippet).unwrap();
    assert!(body["errorMessage"]
        .as_str()
        .is_some_and(|m| m.contains("Authentication failed")));
    assert_error_redacted(&err, &[PASSWORD, WRONG_PASSWORD, VALUE]);
    assert!(err.to_string().contains("401"), "{err}");
}

#[tokio::test]
async fn an_account_group_the_user_is_not_in_is_refused() {
    let server = stand_in::thousandeyes().await;
    let err = client(&server)
        .create_credential(documented_body())
        .aid("9999")
        .await
        .expect_err("the user is not in account group 9999");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(403));
    assert!(err.snippet().is_some_and(|s| s.contains("9999")), "{err:?}");
    assert_eq!(server.hits()[0].query.as_deref(), Some("aid=9999"));
    assert_error_redacted(&err, &[PASSWORD, VALUE]);
}

#[tokio::test]
async fn an_empty_name_is_400() {
    let server = stand_in::thousandeyes().await;
    let body = types::CreateCredentialRequest::new("", VALUE);
    let err = client(&server)
        .create_credential(body)
        .aid(ACCOUNT_GROUP_ID)
        .await
        .expect_err("a name is required");
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, attempts: 1, .. } if *status == 400),
        "{err:?}"
    );
    assert!(err.snippet().is_some_and(|s| s.contains("name")), "{err:?}");
    assert_error_redacted(&err, &[PASSWORD, VALUE]);
}

#[tokio::test]
async fn the_password_and_the_credential_value_never_show() {
    let server = stand_in::thousandeyes().await;
    // The encoded `user:password` pair is as secret as the password.
    let secrets = [
        PASSWORD,
        VALUE,
        "p@ssword",
        "bm9yZXBseUB0aG91c2FuZGV5ZXMuY29tOmczNTFtdzV4cWh2a21oMXZxNnpmbTUxYzYyd3l6aWIy",
    ];
    let builder = thousandeyes::Client::builder()
        .basic_auth(USERNAME, PASSWORD)
        .base_url(server.base_url());
    assert_redacted(&format!("{builder:?}"), &secrets);
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert_redacted(&shown, &secrets);
    // The API's rate-limit reset header is part of the retry policy.
    assert!(shown.contains("x-organization-rate-limit-reset"), "{shown}");

    let body = format!("{:?}", documented_body());
    assert_redacted(&body, &secrets);
    assert!(
        body.contains("new_api_credential") && body.contains("[redacted]"),
        "{body}"
    );

    let response = client
        .create_credential(documented_body())
        .aid(ACCOUNT_GROUP_ID)
        .await
        .unwrap();
    assert_redacted(&format!("{response:?}"), &secrets);
}

/// A request value builds its request when it becomes a future: the future borrows only
/// the client, not the arguments, and is `Send`, so it can be moved to another task and
/// awaited there after the arguments are gone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_future_outlives_the_arguments_and_is_send() {
    let server = stand_in::thousandeyes().await;
    let client = std::sync::Arc::new(client(&server));
    let task = {
        let client = client.clone();
        let (aid, body) = (ACCOUNT_GROUP_ID.to_owned(), documented_body());
        tokio::spawn(async move {
            let future = client
                .create_credential(body)
                .aid(aid.as_str())
                .into_future();
            drop(aid);
            future.await
        })
    };
    let response = task
        .await
        .expect("the task ran")
        .expect("the call succeeds");
    assert_eq!(response.status(), 201);
}
