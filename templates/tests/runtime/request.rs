//! URL joining, standard headers, authentication, options and client building.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use templates::runtime::{ClientBuilder, Core, Credential, Error, Request, RequestOptions};

use crate::server::{builder, client, echo_server, echoed, echoed_with, scripted, Reply, SCHEMES};

#[tokio::test]
async fn path_is_joined_keeping_the_base_path_prefix() {
    let server = echo_server().await;
    for base in [format!("{server}/v6"), format!("{server}/v6/")] {
        let core = client(&base);
        assert_eq!(core.base_url(), format!("{server}/v6"));
        let seen = echoed(
            &core,
            Request::new(Method::GET, "/credentials/new".to_owned()),
        )
        .await;
        assert_eq!(seen["path"], "/v6/credentials/new");
    }
    let core = client(&format!("{server}/"));
    assert_eq!(core.base_url(), server);
    let seen = echoed(&core, Request::new(Method::GET, "/a".to_owned())).await;
    assert_eq!(seen["path"], "/a");
    // A path without its leading slash still gets one.
    let seen = echoed(&core, Request::new(Method::GET, "b".to_owned())).await;
    assert_eq!(seen["path"], "/b");
}

#[tokio::test]
async fn method_user_agent_content_type_and_accept_are_sent() {
    let base = echo_server().await;
    let mut request = Request::new(Method::PUT, "/pets/1".to_owned());
    request.json_body("application/merge-patch+json", &json!({"name": "Rex"}));
    request.accept("application/json, application/problem+json");
    let seen = echoed(&client(&base), request).await;
    assert_eq!(seen["method"], "PUT");
    assert_eq!(seen["headers"]["user-agent"], "templates/0.1.0");
    assert_eq!(
        seen["headers"]["content-type"],
        "application/merge-patch+json"
    );
    assert_eq!(
        seen["headers"]["accept"],
        "application/json, application/problem+json"
    );
    assert_eq!(seen["body"], r#"{"name":"Rex"}"#);

    let core = builder(&base).user_agent("my-app/2.0").build().unwrap();
    let seen = echoed(&core, Request::new(Method::GET, "/".to_owned())).await;
    assert_eq!(seen["headers"]["user-agent"], "my-app/2.0");
    // reqwest's own default when the operation names no media type.
    assert_eq!(seen["headers"]["accept"], "*/*");
    assert_eq!(seen["headers"]["content-type"], json!(null));
}

#[tokio::test]
async fn text_and_bytes_bodies() {
    let base = echo_server().await;
    let core = client(&base);
    let mut request = Request::new(Method::POST, "/t".to_owned());
    request.text_body("text/plain; charset=utf-8", "héllo");
    let seen = echoed(&core, request).await;
    assert_eq!(seen["headers"]["content-type"], "text/plain; charset=utf-8");
    assert_eq!(seen["body"], "héllo");

    let mut request = Request::new(Method::POST, "/b".to_owned());
    request.bytes_body("application/octet-stream", vec![b'a', b'b']);
    let seen = echoed(&core, request).await;
    assert_eq!(seen["headers"]["content-type"], "application/octet-stream");
    assert_eq!(seen["headers"]["content-length"], "2");
    assert_eq!(seen["body"], "ab");
}

static BEARER: &[&[&str]] = &[&["bearer"]];

fn authed(base: &str) -> ClientBuilder<Core> {
    builder(base)
        .credential("bearer", Credential::bearer("tok-123"))
        .credential("basic", Credential::basic("Aladdin", "open sesame"))
        .credential("key_header", Credential::api_key("hdr-key"))
        .credential("key_query", Credential::api_key("q key&x"))
        .credential("key_cookie", Credential::api_key("cookie key"))
}

async fn auth_seen(
    core: &templates::runtime::Core,
    security: &'static [&'static [&'static str]],
) -> serde_json::Value {
    let mut request = Request::new(Method::GET, "/auth".to_owned());
    request.security(security);
    echoed(core, request).await
}

#[tokio::test]
async fn an_api_key_in_the_query_is_sent_once() {
    // A request whose query already names the key's parameter (a next page's URL in which
    // the server echoed it) sends the credential's value, once, and its other parameters.
    let base = echo_server().await;
    let core = authed(&base).build().unwrap();
    let mut request = Request::new(Method::GET, "/auth".to_owned());
    request.query(
        "page",
        &2,
        templates::runtime::QueryStyle::Form { explode: true },
    );
    request.query(
        "api_key",
        "echoed",
        templates::runtime::QueryStyle::Form { explode: true },
    );
    request.security(&[&["key_query"]]);
    let seen = echoed(&core, request).await;
    assert_eq!(seen["query"], "page=2&api_key=q%20key%26x");
}

#[tokio::test]
async fn each_scheme_kind_is_applied() {
    let base = echo_server().await;
    let core = authed(&base).build().unwrap();

    let seen = auth_seen(&core, BEARER).await;
    assert_eq!(seen["headers"]["authorization"], "Bearer tok-123");

    let seen = auth_seen(&core, &[&["basic"]]).await;
    assert_eq!(
        seen["headers"]["authorization"],
        "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );

    let seen = auth_seen(&core, &[&["key_header"]]).await;
    assert_eq!(seen["headers"]["x-api-key"], "hdr-key");
    assert_eq!(seen["headers"]["authorization"], json!(null));

    let seen = auth_seen(&core, &[&["key_query"]]).await;
    assert_eq!(seen["query"], "api_key=q%20key%26x");

    let seen = auth_seen(&core, &[&["key_cookie"]]).await;
    assert_eq!(seen["headers"]["cookie"], "session=cookie%20key");

    // All schemes of one alternative apply together.
    let seen = auth_seen(&core, &[&["bearer", "key_header", "key_query"]]).await;
    assert_eq!(seen["headers"]["authorization"], "Bearer tok-123");
    assert_eq!(seen["headers"]["x-api-key"], "hdr-key");
    assert_eq!(seen["query"], "api_key=q%20key%26x");
}

#[tokio::test]
async fn api_key_query_and_cookie_join_other_params() {
    let base = echo_server().await;
    let core = authed(&base).build().unwrap();
    let mut request = Request::new(Method::GET, "/auth".to_owned());
    request.query(
        "page",
        &2,
        templates::runtime::QueryStyle::Form { explode: true },
    );
    request.cookie("theme", "dark");
    request.security(&[&["key_query", "key_cookie"]]);
    let seen = echoed(&core, request).await;
    assert_eq!(seen["query"], "page=2&api_key=q%20key%26x");
    assert_eq!(
        seen["headers"]["cookie"],
        "theme=dark; session=cookie%20key"
    );
}

#[tokio::test]
async fn first_satisfied_alternative_wins() {
    let base = echo_server().await;
    let only_query = builder(&base)
        .credential("key_query", Credential::api_key("k"))
        .build()
        .unwrap();
    let seen = auth_seen(&only_query, &[&["bearer"], &["key_query"]]).await;
    assert_eq!(seen["headers"]["authorization"], json!(null));
    assert_eq!(seen["query"], "api_key=k");

    // An alternative needing a missing scheme is skipped as a whole.
    let seen = auth_seen(&only_query, &[&["bearer", "key_query"]]).await;
    assert_eq!(seen["query"], json!(null));

    let all = authed(&base).build().unwrap();
    let seen = auth_seen(&all, &[&["key_header"], &["bearer"]]).await;
    assert_eq!(seen["headers"]["x-api-key"], "hdr-key");
    assert_eq!(seen["headers"]["authorization"], json!(null));
}

#[tokio::test]
async fn optional_and_absent_security() {
    let base = echo_server().await;
    let core = authed(&base).build().unwrap();
    // Optional authentication: the credential is sent when the client has it.
    let seen = auth_seen(&core, &[&[], &["bearer"]]).await;
    assert_eq!(seen["headers"]["authorization"], "Bearer tok-123");
    // No authentication needed.
    let seen = auth_seen(&core, &[&[]]).await;
    assert_eq!(seen["headers"]["authorization"], json!(null));
    let seen = auth_seen(&core, &[]).await;
    assert_eq!(seen["headers"]["authorization"], json!(null));
    // `security` never called.
    let seen = echoed(&core, Request::new(Method::GET, "/".to_owned())).await;
    assert_eq!(seen["headers"]["authorization"], json!(null));
    // Nothing satisfied: sent without credentials (the server answers 401).
    let seen = auth_seen(&client(&base), BEARER).await;
    assert_eq!(seen["headers"]["authorization"], json!(null));
    assert_eq!(seen["query"], json!(null));
}

#[tokio::test]
async fn default_and_per_call_headers() {
    let base = echo_server().await;
    let core = builder(&base)
        .default_header("X-Tenant", "acme")
        .default_header("X-Client", "tests")
        .credential("bearer", Credential::bearer("tok"))
        .build()
        .unwrap();
    let options = RequestOptions::new()
        .header("X-Tenant", "other")
        .header("X-Extra", "1")
        .header("X-Extra", "2");
    let mut request = Request::new(Method::GET, "/".to_owned());
    request.header("X-Client", "param");
    request.security(BEARER);
    let seen = echoed_with(&core, request, &options).await;
    assert_eq!(seen["headers"]["x-tenant"], "other");
    assert_eq!(seen["headers"]["x-client"], "tests");
    assert_eq!(seen["headers"]["x-extra"], "1, 2");
    assert_eq!(seen["headers"]["authorization"], "Bearer tok");

    // Per-call headers may override credentials too.
    let mut request = Request::new(Method::GET, "/".to_owned());
    request.security(BEARER);
    let seen = echoed_with(
        &core,
        request,
        &RequestOptions::new().header("Authorization", "Bearer other"),
    )
    .await;
    assert_eq!(seen["headers"]["authorization"], "Bearer other");
}

#[tokio::test]
async fn invalid_per_call_header_is_reported_when_sent() {
    let (base, hits) = scripted(vec![Reply::status(200)]).await;
    let options = RequestOptions::new()
        .header("X-Ok", "fine")
        .header("X-Bad", "a\nb");
    let err = client(&base)
        .execute::<()>(Request::new(Method::GET, "/".to_owned()), &options)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("x-bad"), "{err}");
    assert_eq!(crate::server::hits(&hits), 0);
}

#[test]
fn merged_options_prefer_the_other_side() {
    let defaults = RequestOptions::new()
        .timeout(Duration::from_secs(5))
        .max_retries(3)
        .header("A", "1")
        .header("B", "1");
    let per_call = RequestOptions::new().no_retries().header("b", "2");
    let merged = format!("{:?}", defaults.merged_with(&per_call));
    assert!(merged.contains("timeout: Some(5s)"), "{merged}");
    assert!(merged.contains("max_retries: Some(0)"), "{merged}");
    assert!(
        merged.contains(r#"headers: [("a", "[redacted]"), ("b", "[redacted]")]"#),
        "{merged}"
    );
}

#[test]
fn build_reports_every_problem() {
    let err = ClientBuilder::<Core>::new("/api/v3", SCHEMES)
        .credential("nope", Credential::bearer("t"))
        .credential("basic", Credential::bearer("t"))
        .default_header("bad header", "v")
        .user_agent("bad\nagent")
        .build()
        .unwrap_err();
    let message = err.to_string();
    assert_eq!(err.problems().len(), 5, "{message}");
    assert!(message.contains("invalid base URL `/api/v3`"), "{message}");
    assert!(
        message.contains("unknown security scheme `nope` (known: bearer, basic"),
        "{message}"
    );
    assert!(message.contains("security scheme `basic`"), "{message}");
    assert!(message.contains("`bad header`"), "{message}");
    assert!(message.contains("user agent"), "{message}");

    // Overriding a relative spec server with an absolute URL fixes it.
    assert!(ClientBuilder::<Core>::new("/api/v3", SCHEMES)
        .base_url("http://127.0.0.1:1/api/v3")
        .build()
        .is_ok());
}

#[test]
fn build_rejects_unusable_base_urls() {
    for (url, expected) in [
        ("ftp://example.com", "http or https"),
        ("http://example.com/v1?x=1", "query or fragment"),
        ("mailto:someone@example.com", "http or https"),
        ("not a url", "invalid base URL"),
    ] {
        let err = ClientBuilder::<Core>::new(url, SCHEMES)
            .build()
            .unwrap_err();
        assert!(err.to_string().contains(expected), "{url}: {err}");
    }
    let err = ClientBuilder::<Core>::new("https://user:hunter2@example.com", SCHEMES)
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("credentials"), "{err}");
    assert!(!err.to_string().contains("hunter2"), "{err}");
}

#[tokio::test]
async fn redirects_are_followed_only_within_the_origin() {
    let (elsewhere, elsewhere_hits) = scripted(vec![Reply::status(200)]).await;
    let (base, hits) = scripted(vec![
        Reply::status(302).header("location", "/moved"),
        Reply::status(200).body("arrived"),
        Reply::status(302).header("location", format!("{elsewhere}/steal")),
    ])
    .await;
    let core = builder(&base)
        .credential("key_header", Credential::api_key("k"))
        .build()
        .unwrap();

    let mut request = Request::new(Method::GET, "/start".to_owned());
    request.security(&[&["key_header"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.body().as_ref(), b"arrived");

    let mut request = Request::new(Method::GET, "/start".to_owned());
    request.security(&[&["key_header"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 302);
    assert_eq!(crate::server::hits(&hits), 3);
    assert_eq!(crate::server::hits(&elsewhere_hits), 0);
}

#[test]
fn execute_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let core = client("http://127.0.0.1:1");
    let options = RequestOptions::new();
    let future = core.execute::<String>(Request::new(Method::GET, "/".to_owned()), &options);
    assert_send(&future);
}
