//! A server variable the spec declares nowhere (`tests/fixtures/repair_server_variable_undeclared.yaml`,
//! `http://{host}/api/{version}` with only `version` declared): the repaired client has no
//! default for `host`, refuses to build until the caller sets it, and sends its requests to
//! the URL the caller's value makes.

use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{OriginalUri, State};
use axum::routing::get;
use axum::{Json, Router};

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixture.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixture's generated module.
mod fixtures {
    include!(concat!(
        env!("OUT_DIR"),
        "/fixture_repair_server_variable_undeclared.rs"
    ));
}

use fixtures::repair_server_variable_undeclared::{Client, Server, DEFAULT_BASE_URL};

#[test]
fn the_variable_without_a_default_keeps_its_placeholder() {
    assert_eq!(DEFAULT_BASE_URL, "http://{host}/api/v2");
    assert_eq!(Server::Default.url(), "http://{host}/api/v2");
    assert_eq!(
        Server::Default.variables(),
        &[("version", "v2"), ("host", "{host}")]
    );
    assert_eq!(
        Server::Default.url_with(&[("host", "db.internal:7700")]),
        "http://db.internal:7700/api/v2"
    );
}

#[test]
fn build_names_the_variable_left_unset() {
    let problems = match Client::builder().build() {
        Ok(_) => panic!("a client was built with the host unset"),
        Err(error) => error.problems().to_vec(),
    };
    assert_eq!(
        problems,
        ["the server variable `host` has no default: set it with `server_with` (or give the whole URL with `base_url`)"]
    );
    // Setting another variable is not enough.
    let error = Client::builder()
        .server_with(Server::Default, &[("version", "v3")])
        .build()
        .err()
        .map(|e| e.to_string());
    assert!(
        error.as_deref().is_some_and(|e| e.contains("`host`")),
        "{error:?}"
    );
}

#[tokio::test]
async fn the_value_the_caller_sets_reaches_the_url() {
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let app = Router::new()
        .route(
            "/api/{version}/models",
            get(
                |State(seen): State<Arc<Mutex<Vec<String>>>>, OriginalUri(uri): OriginalUri| async move {
                    seen.lock()
                        .unwrap_or_else(PoisonError::into_inner)
                        .push(uri.path().to_string());
                    Json(vec!["small", "large"])
                },
            ),
        )
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds a local port");
    let host = listener.local_addr().expect("has an address").to_string();
    tokio::spawn(async move { axum::serve(listener, app).await });

    let client = Client::builder()
        .server_with(Server::Default, &[("host", host.as_str())])
        .build()
        .expect("builds once the host is set");
    assert_eq!(client.base_url(), format!("http://{host}/api/v2"));
    let models = client.list_models().await.expect("the call succeeds");
    assert_eq!(models.into_body(), ["small", "large"]);

    let client = Client::builder()
        .server_with(
            Server::Default,
            &[("host", host.as_str()), ("version", "v3")],
        )
        .build()
        .expect("builds");
    client.list_models().await.expect("the call succeeds");
    assert_eq!(
        *seen.lock().unwrap_or_else(PoisonError::into_inner),
        ["/api/v2/models", "/api/v3/models"]
    );
}
