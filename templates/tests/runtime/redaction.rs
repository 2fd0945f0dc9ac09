//! What a hostile server or a careless caller cannot make the runtime show or send:
//! secret fields in body snippets (whole, cut by the limit, or in a truncated body),
//! values serde quotes in decode messages, URLs with user info or query values, base URLs
//! with control characters, empty path segments, credentials on a redirect to another
//! origin, and bodies larger than the limit.

use std::sync::Arc;

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use axum::Router;
use reqwest::Method;
use serde::Deserialize;
use templates::runtime::{
    path_param, ClientBuilder, Core, Credential, Error, RawResponse, Request, RequestOptions,
};

use crate::server::{builder, hits, scripted, serve, Reply, SCHEMES};

const SECRET: &str = "SECRET-v4lue-9Qx";
const KEYS: &[&str] = &["client_secret", "private_key", "credential_data"];

fn assert_clean(text: &str) {
    assert!(!text.contains("SECRET-"), "a secret leaked in: {text}");
}

fn assert_error_clean<E: std::fmt::Debug>(err: &Error<E>) {
    assert_clean(&format!("{err}"));
    assert_clean(&format!("{err:?}"));
    if let Some(snippet) = err.snippet() {
        assert_clean(snippet);
    }
}

async fn raw_reply(reply: Reply) -> RawResponse {
    let (base, _) = scripted(vec![reply]).await;
    let core = builder(&base).secret_fields(KEYS).build().unwrap();
    core.execute::<()>(
        Request::new(Method::GET, "/".to_owned()),
        &RequestOptions::new(),
    )
    .await
    .unwrap()
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Created {
    client_id: String,
    expires_in: i64,
}

#[tokio::test]
async fn a_body_that_fails_to_decode_masks_secret_fields() {
    let body = format!(
        r#"{{"client_id": "visible-id", "client_secret": "{SECRET}", "expires_in": "soon"}}"#
    );
    let raw = raw_reply(Reply::json(201, &body)).await;
    assert_clean(&format!("{raw:?}"));
    let err = raw.json::<Created, ()>().unwrap_err();
    assert_error_clean(&err);
    let snippet = err.snippet().unwrap();
    assert!(
        snippet.contains(r#""client_secret": "[redacted]""#),
        "{snippet}"
    );
    assert!(snippet.contains("visible-id"), "{snippet}");
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn an_undocumented_status_masks_secret_fields_at_any_depth() {
    let body = format!(
        r#"{{"data": {{"attributes": {{"CLIENT_SECRET" : "{SECRET}", "n": 1}}}},
            "private_key": ["{SECRET}", {{"k": "{SECRET}"}}],
            "credential_data": {{"refresh_token": "{SECRET}", "nested": [[["{SECRET}"]]]}},
            "client_secret": null, "after": "kept"}}"#
    );
    let err = raw_reply(Reply::json(418, &body)).await.unexpected::<()>();
    assert_error_clean(&err);
    let snippet = err.snippet().unwrap();
    assert!(snippet.contains(r#""client_secret": null"#), "{snippet}");
    assert!(snippet.contains(r#""after": "kept""#), "{snippet}");
}

#[tokio::test]
async fn a_secret_cut_by_the_snippet_limit_or_the_body_is_masked() {
    // The secret starts just before the 512-byte limit.
    let padding = "p".repeat(480);
    let long_secret = format!("{SECRET}{}", "s".repeat(200));
    let body = format!(r#"{{"pad": "{padding}", "client_secret": "{long_secret}"}}"#);
    let err = raw_reply(Reply::json(500, &body)).await.unexpected::<()>();
    assert_error_clean(&err);
    // The body itself stops inside the secret, the key or the value's quote.
    let body = format!(r#"{{"client_secret": "{SECRET}"#);
    for end in 1..body.len() {
        let err = raw_reply(Reply::json(500, &body[..end]))
            .await
            .unexpected::<()>();
        assert_error_clean(&err);
    }
}

#[tokio::test]
async fn decode_messages_do_not_quote_values() {
    // The value is not a secret field, so the snippet shows it; the message does not.
    let body = r#"{"client_id": "x", "expires_in": "NOT-A-NUMBER-zz"}"#;
    let err = raw_reply(Reply::json(201, body))
        .await
        .json::<Created, ()>()
        .unwrap_err();
    let Error::Decode { message, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(!message.contains("NOT-A-NUMBER"), "{message}");
    assert!(message.contains("invalid type: string"), "{message}");
    assert!(message.contains("expected i64"), "{message}");
    assert!(message.contains("line 1 column"), "{message}");

    let err = raw_reply(Reply::json(201, r#"{"client_id": "x"}"#))
        .await
        .json::<Created, ()>()
        .unwrap_err();
    assert!(
        err.to_string().contains("missing field `expires_in`"),
        "{err}"
    );
}

#[test]
fn build_errors_show_urls_without_user_info_or_query_values() {
    let cases = [
        "https://host/?api_key=SECRET-1",
        "https://user:SECRET-2@host/v3",
        "https://host/v3#access_token=SECRET-3",
        "ftp://host/?token=SECRET-4",
        "https://SECRET-5@host/a b",
        "not a url?key=SECRET-6",
    ];
    for url in cases {
        let builder = ClientBuilder::<Core>::new(url, SCHEMES);
        assert_clean(&format!("{builder:?}"));
        let err = builder.build().unwrap_err();
        assert_clean(&format!("{err} {err:?}"));
        assert!(err.to_string().contains("base URL"), "{err}");
    }
    let err = ClientBuilder::<Core>::new("https://host/?api_key=SECRET-1", SCHEMES)
        .build()
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("`https://host/?api_key=[redacted]` must not have a query"),
        "{err}"
    );
}

#[test]
fn base_urls_with_control_characters_or_whitespace_are_refused() {
    for url in [
        "http://127.0.0.1/v\r\n3",
        "http://127.0.0.1/v\t3",
        " http://127.0.0.1/v3",
        "http://127.0.0.1/v3 ",
        "http://127.0.0.1/v3\0",
        "http://127.0.0.1/v3\u{7f}",
        "http://127.0.0.1/v 3",
        "http://127.0.0.1/v3\u{a0}",
    ] {
        let err = ClientBuilder::<Core>::new(url, SCHEMES)
            .build()
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("contains whitespace or a control character"),
            "{url:?}: {err}"
        );
        assert!(!err.to_string().contains('\n'), "{err}");
    }
    assert!(ClientBuilder::<Core>::new("http://127.0.0.1/v3", SCHEMES)
        .build()
        .is_ok());
}

#[tokio::test]
async fn empty_path_parameters_are_refused_before_sending() {
    let (base, counter) = scripted(vec![Reply::status(200)]).await;
    let core = builder(&base).build().unwrap();
    let empty_array: [&str; 0] = [];
    let values = [
        path_param(""),
        path_param(&None::<String>),
        path_param(&empty_array),
        path_param(&[""]),
        path_param(&serde_json::json!({})),
    ];
    for value in values {
        for path in [
            format!("/v3/connectors/{value}/creds"),
            format!("/creds/{value}"),
        ] {
            let err = core
                .execute::<()>(Request::new(Method::GET, path), &RequestOptions::new())
                .await
                .unwrap_err();
            assert!(
                matches!(&err, Error::InvalidRequest { message } if message.contains("empty")),
                "{err:?}"
            );
        }
    }
    assert_eq!(hits(&counter), 0);
    // A trailing slash written in the path template is not a parameter.
    let raw = core
        .execute::<()>(
            Request::new(Method::GET, "/creds/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
}

#[tokio::test]
async fn location_headers_show_no_query_values() {
    let raw = raw_reply(Reply::status(302).header(
        "location",
        "https://u:SECRET-a@other.example/cb?code=SECRET-b",
    ))
    .await;
    let shown = format!("{raw:?}");
    assert_clean(&shown);
    assert!(
        shown.contains("other.example/cb?code=[redacted]"),
        "{shown}"
    );
}

/// Records the `Authorization` header and the query of every request it answers.
#[derive(Clone, Default)]
struct Seen(Arc<std::sync::Mutex<Vec<String>>>);

impl Seen {
    fn record(&self, headers: &HeaderMap, uri: &Uri) {
        let auth = headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("-");
        let entry = format!("{} {auth} {}", uri.path(), uri.query().unwrap_or("-"));
        self.0.lock().unwrap().push(entry);
    }

    fn all(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

/// A server whose `/cross` redirects to `target`, `/same` to its own `/landing`, and
/// which answers 200 to anything else, recording every request.
async fn redirecting_server(target: String) -> (String, Seen) {
    let seen = Seen::default();
    let record = seen.clone();
    let router = Router::new()
        .route(
            "/cross",
            get(move || async move { Redirect::temporary(&target) }),
        )
        .route(
            "/same",
            get(|| async { Redirect::temporary("/landing?n=1") }),
        )
        .fallback(|| async { StatusCode::OK.into_response() })
        .layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let record = record.clone();
                async move {
                    record.record(request.headers(), request.uri());
                    next.run(request).await
                }
            },
        ));
    (serve(router).await, seen)
}

fn core_with_credentials(base: &str) -> Core {
    builder(base)
        .credential("bearer", Credential::bearer("SECRET-token"))
        .credential("key_query", Credential::api_key("SECRET-key"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn credentials_never_follow_a_redirect_to_another_origin() {
    // Two loopback servers on different ports are two origins.
    let (other, other_seen) = redirecting_server(String::new()).await;
    let (base, seen) = redirecting_server(format!("{other}/steal?x=1")).await;
    let core = core_with_credentials(&base);
    let mut request = Request::new(Method::GET, "/cross".to_owned());
    request.security(&[&["bearer", "key_query"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 307, "the redirect is returned, not followed");
    assert_eq!(
        seen.all(),
        ["/cross Bearer SECRET-token api_key=SECRET-key"]
    );
    assert!(other_seen.all().is_empty(), "{:?}", other_seen.all());
    assert_clean(&format!("{raw:?}"));
    assert_error_clean(&raw.unexpected::<()>());
}

#[tokio::test]
async fn a_redirect_within_the_origin_is_followed_with_the_credentials() {
    let (base, seen) = redirecting_server(String::new()).await;
    let core = core_with_credentials(&base);
    let mut request = Request::new(Method::GET, "/same".to_owned());
    request.security(&[&["bearer"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(
        seen.all(),
        [
            "/same Bearer SECRET-token -",
            "/landing Bearer SECRET-token n=1"
        ]
    );
}

#[tokio::test]
async fn a_body_over_the_limit_fails_without_being_buffered() {
    let big = "x".repeat(100_000);
    let (base, _) = scripted(vec![Reply::status(200).body(big)]).await;
    let core = builder(&base).max_response_bytes(1024).build().unwrap();
    let err = core
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Transport { message, attempts: 1 } if message.contains("1024 bytes")),
        "{err:?}"
    );
    // Exactly at the limit is fine.
    let (base, _) = scripted(vec![Reply::status(200).body("y".repeat(1024))]).await;
    let core = builder(&base).max_response_bytes(1024).build().unwrap();
    let raw = core
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(raw.body().len(), 1024);
}
