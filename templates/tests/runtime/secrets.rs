//! Secrets never appear in `Debug`, `Display` or error messages.

use reqwest::Method;
use templates::runtime::{
    ClientBuilder, Core, Credential, Error, Request, RequestOptions, Secret, SecretString,
};

use crate::server::{builder, scripted, Reply, SCHEMES};

const SECRETS: &[&str] = &[
    "tok-SECRET-1",
    "pw-SECRET-2",
    "key-SECRET-3",
    "hdr-SECRET-4",
];

fn assert_clean(text: &str) {
    for secret in SECRETS {
        assert!(!text.contains(secret), "{secret} leaked in: {text}");
    }
}

fn with_all_credentials(builder: ClientBuilder<Core>) -> ClientBuilder<Core> {
    builder
        .credential("bearer", Credential::bearer(SECRETS[0]))
        .credential("basic", Credential::basic("alice", SECRETS[1]))
        .credential("key_query", Credential::api_key(SECRETS[2]))
        .credential("key_header", Credential::ApiKey(SECRETS[2].into()))
        .credential("key_cookie", Credential::api_key(SECRETS[2]))
        .default_header("X-Internal-Token", SECRETS[3])
}

#[test]
fn secret_redacts_but_serializes_transparently() {
    let secret: SecretString = Secret::new(SECRETS[0].to_owned());
    assert_eq!(format!("{secret:?}"), "[redacted]");
    assert_eq!(format!("{secret}"), "[redacted]");
    assert_eq!(secret.expose(), SECRETS[0]);
    assert_eq!(
        serde_json::to_string(&secret).unwrap(),
        format!("\"{}\"", SECRETS[0])
    );
    let back: SecretString = serde_json::from_str(&format!("\"{}\"", SECRETS[0])).unwrap();
    assert_eq!(back, secret);
    assert_eq!(back.into_inner(), SECRETS[0]);
    assert_eq!(Secret::from(5).into_inner(), 5);
    assert_eq!(SecretString::default().expose(), "");

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Login {
        user: String,
        token: SecretString,
    }
    let login: Login = serde_json::from_str(r#"{"user": "bob", "token": "tok-SECRET-1"}"#).unwrap();
    let shown = format!("{login:?}");
    assert!(shown.contains("bob"));
    assert_clean(&shown);
}

#[test]
fn credentials_builders_and_cores_redact() {
    let credentials = [
        Credential::bearer(SECRETS[0]),
        Credential::basic("alice", SECRETS[1]),
        Credential::api_key(SECRETS[2]),
    ];
    assert_clean(&format!("{credentials:?}"));

    let builder = with_all_credentials(ClientBuilder::<Core>::new(
        "https://api.example.com/v1",
        SCHEMES,
    ));
    assert_clean(&format!("{builder:?}"));
    let core = builder.build().unwrap();
    let shown = format!("{core:?}");
    assert_clean(&shown);
    assert!(shown.contains("https://api.example.com/v1"), "{shown}");
    assert!(shown.contains("\"bearer\""), "{shown}");
    assert!(shown.contains("\"key_query\""), "{shown}");
    assert!(shown.contains("timeout: 60s"), "{shown}");
    assert!(shown.contains("x-internal-token"), "{shown}");

    let options = RequestOptions::new().header("X-Secret", SECRETS[3]);
    assert_clean(&format!("{options:?}"));

    let mut request = Request::new(Method::GET, "/".to_owned());
    request.header("X-Session", SECRETS[3]);
    request.cookie("sid", SECRETS[3]);
    request.query(
        "token",
        SECRETS[3],
        templates::runtime::QueryStyle::Form { explode: true },
    );
    assert_clean(&format!("{request:?}"));
}

#[tokio::test]
async fn errors_do_not_leak_credentials() {
    // Connection refused, with the API key in the query string.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let core = with_all_credentials(builder(&base))
        .max_retries(0)
        .build()
        .unwrap();
    let mut request = Request::new(Method::GET, "/".to_owned());
    request.security(&[&["key_query", "bearer"]]);
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Connect { .. }), "{err:?}");
    assert_clean(&err.to_string());
    assert_clean(&format!("{err:?}"));

    // An invalid header value is named but never shown.
    let mut request = Request::new(Method::GET, "/".to_owned());
    request.header("X-Token", &format!("{}\n", SECRETS[3]));
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("x-token"), "{err}");
    assert_clean(&err.to_string());
    let options = RequestOptions::new().header("X-Token", &format!("{}\r", SECRETS[3]));
    let err = core
        .execute::<()>(Request::new(Method::GET, "/".to_owned()), &options)
        .await
        .unwrap_err();
    assert_clean(&format!("{err} {err:?}"));

    // A credential that cannot be a header value fails the build without showing it.
    let err = builder(&base)
        .credential("bearer", Credential::bearer(format!("{}\n", SECRETS[0])))
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("`bearer`"), "{err}");
    assert_clean(&format!("{err} {err:?}"));
}

#[tokio::test]
async fn responses_redact_sensitive_headers() {
    let (base, _) = scripted(vec![Reply::json(401, r#"{"error": "nope"}"#)
        .header("set-cookie", format!("session={}", SECRETS[0]))
        .header("x-auth-token", SECRETS[1])
        .header("x-request-id", "visible-id")])
    .await;
    let core = builder(&base).build().unwrap();
    let raw = core
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    let shown = format!("{raw:?}");
    assert_clean(&shown);
    assert!(shown.contains("visible-id"), "{shown}");
    assert!(shown.contains(r#"{\"error\": \"nope\"}"#), "{shown}");

    let err = raw
        .error_json::<serde_json::Value, _, ()>(|v| v)
        .unwrap_err();
    assert_clean(&format!("{err:?}"));
    assert!(err.headers().unwrap().contains_key("set-cookie"));
}
