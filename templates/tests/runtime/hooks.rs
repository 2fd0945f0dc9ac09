//! Hooks: they see each attempt, add headers, refuse (nothing sent) or answer without
//! sending, in the order they were added; what they are shown stays redacted in `Debug`.

use std::sync::{Arc, Mutex};

use reqwest::{Method, StatusCode};
use serde_json::json;
use templates::runtime::{
    Action, Error, Hook, HookRequest, HookResponse, Refusal, Reply, Request, RequestOptions,
};

use crate::server::{builder, echo_server, echoed, hits, scripted, Reply as Canned};

const TOKEN: &str = "tok-3c4e6f1a-very-secret";

/// Signs each request: a header computed from the method, the path and the body.
struct Signer;

impl Hook for Signer {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        let body_len = request.body().map_or(0, <[u8]>::len);
        let signature = format!("{} {} {body_len}", request.method(), request.url().path());
        request.set_header("x-signature", &signature)?;
        Ok(Action::Send)
    }
}

/// Records what it is shown, through `Debug` only, as a logging hook would.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<String>>>);

impl Hook for Log {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        self.0.lock().unwrap().push(format!("{request:?}"));
        Ok(Action::Send)
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        self.0.lock().unwrap().push(format!("{response:?}"));
    }
}

impl Log {
    fn lines(&self) -> Vec<String> {
        self.0.lock().unwrap().clone()
    }
}

fn named(method: Method, path: &str) -> Request {
    Request::for_operation(method, path.to_owned(), "getThing", "/things/{id}")
}

#[tokio::test]
async fn a_hook_adds_a_header_after_the_credentials() {
    let base = echo_server().await;
    let core = builder(&base)
        .credential("bearer", templates::runtime::Credential::bearer(TOKEN))
        .hook(Signer)
        .build()
        .unwrap();
    let mut request = named(Method::POST, "/things/7");
    request.security(&[&["bearer"]]);
    request.json_body("application/json", &json!({"a": 1}));
    let seen = echoed(&core, request).await;
    assert_eq!(seen["headers"]["x-signature"], "POST /things/7 7");
    assert_eq!(seen["headers"]["authorization"], format!("Bearer {TOKEN}"));
}

#[tokio::test]
async fn hooks_run_in_order_and_see_every_attempt() {
    let (base, counter) = scripted(vec![Canned::status(503), Canned::json(200, "{}")]).await;
    let log = Log::default();
    let core = builder(&base)
        .credential("key_query", templates::runtime::Credential::api_key(TOKEN))
        .credential("bearer", templates::runtime::Credential::bearer(TOKEN))
        .hook(Signer)
        .hook(log.clone())
        .build()
        .unwrap();
    let mut request = named(Method::GET, "/things/7");
    request.security(&[&["key_query", "bearer"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(hits(&counter), 2);
    let lines = log.lines();
    assert_eq!(lines.len(), 4, "{lines:#?}");
    // The logger runs after the signer: it sees the signer's header (by name only).
    assert!(lines[0].contains("x-signature"), "{}", lines[0]);
    assert!(lines[0].contains("attempt: 1") && lines[2].contains("attempt: 2"));
    assert!(lines[0].contains("url_template: \"/things/{id}\""));
    assert!(lines[1].contains("status: 503") && lines[3].contains("status: 200"));
    for line in &lines {
        assert!(
            !line.contains(TOKEN),
            "a hook's Debug leaked the credential: {line}"
        );
    }
}

struct Refuse;

impl Hook for Refuse {
    fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        if request.method() == Method::DELETE {
            return Err(Refusal::new("deletes are disabled"));
        }
        Ok(Action::Send)
    }
}

#[tokio::test]
async fn a_hook_refuses_a_request_and_nothing_is_sent() {
    let (base, counter) = scripted(vec![Canned::json(200, "{}")]).await;
    let log = Log::default();
    let core = builder(&base)
        .hook(Refuse)
        .hook(log.clone())
        .build()
        .unwrap();
    let err = core
        .execute::<()>(named(Method::DELETE, "/things/7"), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(&err, Error::Refused { message } if message == "deletes are disabled"));
    assert_eq!(err.to_string(), "refused by a hook: deletes are disabled");
    assert_eq!(err.attempts(), 0);
    assert_eq!(hits(&counter), 0, "a refused request reached the server");
    assert!(log.lines().is_empty(), "a hook after the refusing one ran");
    // Other methods still go out.
    let raw = core
        .execute::<()>(named(Method::GET, "/things/7"), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(hits(&counter), 1);
}

struct Cache;

impl Hook for Cache {
    fn on_request(&self, _: &mut HookRequest<'_>) -> Result<Action, Refusal> {
        Ok(Action::Respond(
            Reply::new(StatusCode::OK).json(&json!({"cached": true})),
        ))
    }
}

#[tokio::test]
async fn a_hook_answers_without_sending() {
    let (base, counter) = scripted(vec![Canned::json(500, "{}")]).await;
    let core = builder(&base).hook(Cache).build().unwrap();
    let raw = core
        .execute::<()>(named(Method::GET, "/things/7"), &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    assert_eq!(raw.attempts(), 1);
    let body = raw.json::<serde_json::Value, ()>().unwrap().into_body();
    assert_eq!(body, json!({"cached": true}));
    assert_eq!(hits(&counter), 0);
}

#[tokio::test]
async fn an_invalid_header_from_a_hook_is_a_refusal_without_the_value() {
    struct Bad;
    impl Hook for Bad {
        fn on_request(&self, request: &mut HookRequest<'_>) -> Result<Action, Refusal> {
            request.set_header("x-sig", "line\nbreak-secret")?;
            Ok(Action::Send)
        }
    }
    let (base, counter) = scripted(vec![Canned::json(200, "{}")]).await;
    let core = builder(&base).hook(Bad).build().unwrap();
    let err = core
        .execute::<()>(named(Method::GET, "/things/7"), &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Refused { .. }), "{err:?}");
    assert!(err.to_string().contains("x-sig") && !err.to_string().contains("break-secret"));
    assert_eq!(hits(&counter), 0);
}
