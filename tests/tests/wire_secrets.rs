//! The generated clients tried as a hostile server and a careless caller would, on
//! 127.0.0.1: bodies that echo secrets (decoded, failing to decode, with an undocumented
//! status, cut short), URLs holding keys, control characters in a base URL, empty path
//! parameters, redirects to another origin and bodies larger than the limit.
//!
//! The secrets are the values `specs/` itself uses (checked by
//! `the_secrets_are_those_of_the_specs`) and the stand-ins' credentials; every error, body
//! and client involved is checked for them in `Display` and `Debug`.

use openapi_clients::runtime::{Error, Secret};
use openapi_clients::{commercelayer, nylas, thousandeyes};
use serde_json::{json, Value};
use tests::stand_in::{self, assert_error_redacted, assert_redacted, Fault, StandIn};

/// Commerce Layer's `client_secret` example.
const CL_CLIENT_SECRET: &str = "xxxx-yyyy-zzzz";
/// Nylas's `client_secret` examples.
const NYLAS_CLIENT_SECRET: &str = "<CLIENT_SECRET>";
const NYLAS_PROVIDER_SECRET: &str = "<PROVIDER_CLIENT_SECRET>";
/// Nylas's `private_key` example (its first line).
const NYLAS_PRIVATE_KEY: &str = "-----BEGIN PRIVATE KEY-----";
/// ThousandEyes's credential `value` example.
const TE_VALUE: &str = "secret p@ssword";
/// An undocumented secret a server might put in `credential_data`.
const REFRESH_TOKEN: &str = "1//refresh-Zq81xT";

/// Every secret: the specs' values and the stand-ins' credentials.
const SECRETS: &[&str] = &[
    CL_CLIENT_SECRET,
    NYLAS_CLIENT_SECRET,
    NYLAS_PROVIDER_SECRET,
    NYLAS_PRIVATE_KEY,
    TE_VALUE,
    REFRESH_TOKEN,
    stand_in::nylas::API_KEY,
    stand_in::commercelayer::ACCESS_TOKEN,
    stand_in::thousandeyes::PASSWORD,
];

#[test]
fn the_secrets_are_those_of_the_specs() {
    let specs: String = ["nylas", "thousandeyes", "commercelayer"]
        .iter()
        .map(|name| {
            std::fs::read_to_string(tests::repo_root().join(format!("specs/{name}.yaml"))).unwrap()
        })
        .collect();
    for secret in &SECRETS[..5] {
        assert!(specs.contains(secret), "{secret} is not in specs/");
    }
}

fn cl_client(server: &StandIn) -> commercelayer::Client {
    commercelayer::Client::builder()
        .bearer_auth(stand_in::commercelayer::ACCESS_TOKEN)
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn nylas_client(server: &StandIn) -> nylas::Client {
    nylas::Client::builder()
        .nylas_api_key(stand_in::nylas::API_KEY)
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap()
}

fn cl_body() -> commercelayer::types::ApiCredentialCreateRequest {
    serde_json::from_value(stand_in::commercelayer::request_example()).unwrap()
}

/// The documented 201 body of Commerce Layer, with `change` applied to its attributes.
/// The example's `client_id` is the same text as its `client_secret`; it is changed so
/// that the secret can be told apart.
fn cl_response(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut body = stand_in::commercelayer::response_example();
    let attributes = body["data"]["attributes"].as_object_mut().unwrap();
    assert_eq!(attributes["client_secret"], CL_CLIENT_SECRET);
    attributes.insert("client_id".into(), json!("cl-client-id-1"));
    change(attributes);
    body
}

/// Checks `Display` and `Debug` of an error, and of the client that made it.
#[track_caller]
fn assert_clean<E: std::fmt::Debug>(err: &Error<E>, client: &impl std::fmt::Debug) {
    assert_error_redacted(err, SECRETS);
    assert_redacted(&format!("{client:?}"), SECRETS);
}

#[tokio::test]
async fn commercelayer_201_that_fails_to_decode_masks_the_client_secret() {
    let server = stand_in::commercelayer().await;
    let body = cl_response(|a| {
        a.insert("expires_in".into(), json!("in a while"));
    });
    server.inject(
        Fault::status(201)
            .header("content-type", "application/vnd.api+json")
            .body(body.to_string()),
    );
    let client = cl_client(&server);
    let err = client.create_api_credential(cl_body()).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_clean(&err, &client);
    let snippet = err.snippet().unwrap();
    assert!(
        snippet.contains(r#""client_secret":"[redacted]""#),
        "{snippet}"
    );
    assert!(snippet.contains("cl-client-id-1"), "{snippet}");

    // The decoded success shows it only as `[redacted]` too.
    server.inject(Fault::json(201, &cl_response(|_| {})));
    let created = client.create_api_credential(cl_body()).await.unwrap();
    let attributes = created.data.as_ref().unwrap().attributes.as_ref().unwrap();
    assert_eq!(
        attributes.client_secret.as_ref().unwrap().expose(),
        CL_CLIENT_SECRET
    );
    assert_redacted(&format!("{created:?}"), SECRETS);
}

#[tokio::test]
async fn an_undocumented_status_echoing_secrets_masks_them() {
    let server = stand_in::commercelayer().await;
    let body = cl_response(|_| {});
    server.inject(Fault::json(409, &body));
    let client = cl_client(&server);
    let err = client.create_api_credential(cl_body()).await.unwrap_err();
    assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
    assert_clean(&err, &client);

    // ThousandEyes's credential `value`, echoed by a 500.
    let server = stand_in::thousandeyes().await;
    server.inject(Fault::json(
        500,
        &json!({"echo": {"name": "new_api_credential", "value": TE_VALUE}}),
    ));
    let client = thousandeyes::Client::builder()
        .basic_auth(
            stand_in::thousandeyes::USERNAME,
            stand_in::thousandeyes::PASSWORD,
        )
        .base_url(server.base_url())
        .max_retries(0)
        .build()
        .unwrap();
    let body = thousandeyes::types::CreateCredentialRequest::new(
        "new_api_credential",
        Secret::new(TE_VALUE.to_owned()),
    );
    let err = client.create_credential(body).await.unwrap_err();
    assert!(err.snippet().unwrap().contains("[redacted]"), "{err}");
    assert_clean(&err, &client);
}

#[tokio::test]
async fn a_body_cut_inside_a_secret_masks_what_arrived() {
    let server = stand_in::commercelayer().await;
    let text = cl_response(|_| {}).to_string();
    let inside = text.find(CL_CLIENT_SECRET).unwrap() + 6;
    let client = cl_client(&server);
    // Sent whole but ending inside the value, and announced longer but cut there.
    server.inject(Fault::status(201).body(text[..inside].to_owned()));
    server.inject(Fault::status(502).body(text.clone()).truncate(inside));
    for _ in 0..2 {
        let err = client.create_api_credential(cl_body()).await.unwrap_err();
        assert_clean(&err, &client);
    }
    assert_eq!(server.faults_left(), 0);
}

#[tokio::test]
async fn nylas_error_bodies_and_extra_properties_never_show_secrets() {
    let server = stand_in::nylas().await;
    let echo = json!({
        "request_id": "r1",
        "error": {"type": "invalid_request_error", "message": "bad"},
        "credential_data": {
            "client_id": "<CLIENT_ID>",
            "client_secret": NYLAS_CLIENT_SECRET,
            "refresh_token": REFRESH_TOKEN,
            "private_key": "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----\n"
        }
    });
    server.inject(Fault::json(400, &echo));
    let client = nylas_client(&server);
    let body = nylas::types::CreateCredentialRequest::Connector(
        nylas::types::ConnectorOverrideCredentialRequest::new(
            nylas::types::ConnectorOverrideCredentialData::new(
                "<CLIENT_ID>",
                Secret::new(NYLAS_CLIENT_SECRET.to_owned()),
            )
            .with_additional_properties([("refresh_token", Secret::new(json!(REFRESH_TOKEN)))]),
            "CONNECTOR",
        ),
    );
    // The request body's `Debug` redacts the named secret and the extra one.
    let shown = format!("{body:?}");
    assert_redacted(&shown, SECRETS);
    assert!(shown.contains("\"refresh_token\": [redacted]"), "{shown}");

    let err = client
        .create_credential(&nylas::types::Provider::Google, body.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert_clean(&err, &client);
    // What was sent holds every value.
    let sent = server.hits()[0].json().unwrap();
    assert_eq!(sent["credential_data"]["refresh_token"], REFRESH_TOKEN);

    // A documented status whose body does not decode.
    server.inject(Fault::json(
        401,
        &json!({"credential_data": echo["credential_data"], "error": 5}),
    ));
    let err = client
        .create_credential(&nylas::types::Provider::Google, body.clone())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_clean(&err, &client);
}

#[test]
fn base_urls_with_keys_or_control_characters_are_refused_without_showing_them() {
    let key = stand_in::nylas::API_KEY;
    let cases = [
        format!("https://api.us.nylas.com/?api_key={key}"),
        format!("https://user:{key}@api.us.nylas.com/v3"),
        format!("https://api.us.nylas.com/v3#token={key}"),
        "http://127.0.0.1/v\r\n3".to_owned(),
        "http://127.0.0.1/v3\t".to_owned(),
        " http://127.0.0.1/v3".to_owned(),
    ];
    for url in &cases {
        let builder = nylas::Client::builder().nylas_api_key(key).base_url(url);
        assert_redacted(&format!("{builder:?}"), SECRETS);
        let err = builder.build().unwrap_err();
        assert!(err.to_string().contains("base URL"), "{err}");
        assert_redacted(&format!("{err} {err:?}"), SECRETS);
    }
    let err = thousandeyes::Client::builder()
        .base_url("http://127.0.0.1/v\r\n6")
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("whitespace or a control character"),
        "{err}"
    );
    let err = commercelayer::Client::builder()
        .base_url(format!(
            "https://h/?access_token={}",
            stand_in::commercelayer::ACCESS_TOKEN
        ))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("access_token=[redacted]"), "{err}");
    assert_redacted(&format!("{err} {err:?}"), SECRETS);
}

#[tokio::test]
async fn empty_path_parameters_are_refused_before_sending() {
    let server = stand_in::nylas().await;
    let client = nylas_client(&server);
    let update = nylas::types::UpdateCredentialRequest::default();
    let empty = nylas::types::Provider::Other(String::new());
    for (provider, id) in [
        (&empty, "cred-1"),
        (&nylas::types::Provider::Google, ""),
        (&empty, ""),
    ] {
        let err = client
            .update_credential(provider, id)
            .body(update.clone())
            .await
            .unwrap_err();
        assert!(
            matches!(&err, Error::InvalidRequest { message } if message.contains("empty")),
            "{err:?}"
        );
        assert_eq!(err.attempts(), 0);
        assert_clean(&err, &client);
    }
    let err = client
        .create_credential(
            &empty,
            nylas::types::CreateCredentialRequest::Connector(
                nylas::types::ConnectorOverrideCredentialRequest::new(
                    nylas::types::ConnectorOverrideCredentialData::new(
                        "i",
                        Secret::new(NYLAS_CLIENT_SECRET.to_owned()),
                    ),
                    "n",
                ),
            ),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert_eq!(server.hit_count(), 0, "nothing reached the server");
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_origin() {
    // Two stand-ins on 127.0.0.1, on different ports: two origins.
    let other = stand_in::nylas().await;
    let server = stand_in::nylas().await;
    let target = format!(
        "{}/v3/connectors/google/creds?api_key={}",
        other.base_url(),
        stand_in::nylas::API_KEY
    );
    server.inject(Fault::status(307).header("location", &target));
    let client = nylas_client(&server);
    let update = nylas::types::UpdateCredentialRequest::default();
    let err = client
        .update_credential(&nylas::types::Provider::Google, "cred-1")
        .body(update)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::UnexpectedStatus { status, .. } if *status == 307),
        "{err:?}"
    );
    assert_eq!(other.hit_count(), 0, "the other origin got nothing");
    assert_eq!(server.hit_count(), 1);
    assert_clean(&err, &client);
    assert!(format!("{err:?}").contains("api_key=[redacted]"), "{err:?}");
}

#[tokio::test]
async fn a_body_larger_than_the_limit_is_a_transport_error() {
    let server = stand_in::commercelayer().await;
    let mut body = cl_response(|_| {});
    body["padding"] = json!("p".repeat(200_000));
    server.inject(Fault::json(201, &body));
    let client = commercelayer::Client::builder()
        .bearer_auth(stand_in::commercelayer::ACCESS_TOKEN)
        .base_url(server.base_url())
        .max_retries(0)
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let err = client.create_api_credential(cl_body()).await.unwrap_err();
    assert!(
        matches!(&err, Error::Transport { message, .. } if message.contains("65536 bytes")),
        "{err:?}"
    );
    assert_clean(&err, &client);
}
