//! Decoding responses and building errors from them.

use reqwest::{Method, StatusCode};
use serde::Deserialize;
use templates::runtime::{Error, RawResponse, Request, RequestOptions};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::server::{client, scripted, Reply};

#[derive(Debug, Deserialize, PartialEq)]
struct Pet {
    id: u64,
    name: String,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Problem {
    code: String,
}

/// The raw response of a GET to a server that always answers `reply`.
async fn fetch(reply: Reply) -> RawResponse {
    let (base, _) = scripted(vec![reply]).await;
    client(&base)
        .execute::<()>(
            Request::new(Method::GET, "/x".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn json_body_decodes_with_status_headers_and_attempts() {
    let raw =
        fetch(Reply::json(200, r#"{"id": 7, "name": "Rex"}"#).header("x-rate-remaining", "41"))
            .await;
    let response = raw.json::<Pet, ()>().unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.header("x-rate-remaining"), Some("41"));
    assert_eq!(response.header("not a header name"), None);
    assert_eq!(response.attempts(), 1);
    assert_eq!(response.name, "Rex");
    assert_eq!(
        response.body(),
        &Pet {
            id: 7,
            name: "Rex".into()
        }
    );
    let mapped = response.map(|pet| pet.id);
    assert_eq!(*mapped, 7);
    assert_eq!(mapped.into_body(), 7);

    let raw = fetch(Reply::json(200, r#"{"id": 8, "name": "Ada"}"#)).await;
    let name = raw
        .json_map::<Pet, _, ()>(|pet| pet.name)
        .unwrap()
        .into_body();
    assert_eq!(name, "Ada");
}

#[tokio::test]
async fn json_media_type_variants_are_accepted() {
    for content_type in [
        "application/json; charset=utf-8",
        "application/problem+json",
        "Application/JSON",
    ] {
        let raw = fetch(
            Reply::status(200)
                .header("content-type", content_type)
                .body("[1,2]"),
        )
        .await;
        assert_eq!(
            raw.json::<Vec<u8>, ()>().unwrap().into_body(),
            vec![1, 2],
            "{content_type}"
        );
    }
    // Without a Content-Type the body is still decoded.
    let base = raw_http_server(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\ntrue".to_vec()).await;
    let raw = client(&base)
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(raw.content_type(), None);
    assert!(raw.json::<bool, ()>().unwrap().into_body());
}

#[tokio::test]
async fn wrong_content_type_is_a_decode_error() {
    let raw = fetch(
        Reply::status(200)
            .header("content-type", "text/html")
            .body("<h1>Login</h1>"),
    )
    .await;
    let err = raw.json::<Pet, ()>().unwrap_err();
    let Error::Decode {
        status,
        message,
        snippet,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 200);
    assert!(message.contains("`text/html`"), "{message}");
    assert_eq!(snippet, "<h1>Login</h1>");
    assert_eq!(err.status(), Some(StatusCode::OK));
}

#[tokio::test]
async fn malformed_json_is_a_decode_error_with_snippet() {
    let raw = fetch(Reply::json(200, "{\"id\": 7, \"name\":\n")).await;
    let err = raw.json::<Pet, ()>().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.snippet(), Some("{\"id\": 7, \"name\":\n"));
    let line = err.to_string();
    assert!(!line.contains('\n'), "{line}");
    assert!(line.contains("HTTP 200 OK"), "{line}");
    assert!(line.contains("invalid JSON"), "{line}");
    assert!(line.contains(r#"body: {"id": 7, "name":"#), "{line}");

    let raw = fetch(Reply::json(200, r#"{"id": "seven", "name": "Rex"}"#)).await;
    let err = raw.json::<Pet, ()>().unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
    assert!(
        err.to_string()
            .contains("the JSON does not match the documented type"),
        "{err}"
    );
}

#[tokio::test]
async fn empty_bodies() {
    let raw = fetch(Reply::status(204)).await;
    assert_eq!(raw.status(), StatusCode::NO_CONTENT);
    assert!(raw.body().is_empty());
    assert_eq!(raw.json::<Option<Pet>, ()>().unwrap().into_body(), None);

    fetch(Reply::status(204)).await.json::<(), ()>().unwrap();
    fetch(Reply::status(204)).await.empty::<()>().unwrap();
    let value = fetch(Reply::json(202, "{\"ignored\": 1}"))
        .await
        .empty_map::<_, ()>("accepted")
        .unwrap();
    assert_eq!(value.status(), 202);
    assert_eq!(*value, "accepted");

    // An empty body with a non-JSON Content-Type is still "empty", not a media type error.
    let raw = fetch(Reply::status(200).header("content-type", "text/plain")).await;
    let err = raw.json::<Pet, ()>().unwrap_err();
    assert!(err.to_string().contains("the body is empty"), "{err}");
}

#[tokio::test]
async fn text_and_bytes() {
    let raw = fetch(Reply::status(200).body("héllo")).await;
    assert_eq!(raw.text::<()>().unwrap().into_body(), "héllo");
    let raw = fetch(Reply::status(200).body("abc")).await;
    assert_eq!(raw.bytes::<()>().unwrap().into_body().as_ref(), b"abc");
}

#[tokio::test]
async fn invalid_utf8_text_is_a_decode_error() {
    let base =
        raw_http_server(b"HTTP/1.1 200 OK\r\ncontent-length: 3\r\n\r\na\xffb".to_vec()).await;
    let raw = client(&base)
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap();
    let err = raw.text::<()>().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert_eq!(err.snippet(), Some("a\u{fffd}b"));
}

#[tokio::test]
async fn documented_error_status_decodes_typed_body() {
    let raw =
        fetch(Reply::json(404, r#"{"code": "pet_not_found"}"#).header("x-request-id", "r1")).await;
    let result: Result<Pet, Error<Problem>> = raw.error_json(|problem: Problem| problem);
    let err = result.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(
        api.body,
        Problem {
            code: "pet_not_found".into()
        }
    );
    assert_eq!(api.headers.get("x-request-id").unwrap(), "r1");
    assert_eq!(api.attempts, 1);
    assert_eq!(err.api_body().unwrap().code, "pet_not_found");
    assert_eq!(err.status(), Some(StatusCode::NOT_FOUND));
    assert_eq!(err.attempts(), 1);
    assert_eq!(
        err.to_string(),
        r#"API error: HTTP 404 Not Found, body: {"code": "pet_not_found"}"#
    );

    let mapped = err.map_body(|problem| problem.code.len());
    assert_eq!(mapped.api_body(), Some(&13));
    assert_eq!(mapped.status(), Some(StatusCode::NOT_FOUND));
}

#[tokio::test]
async fn undecodable_error_body_is_a_decode_error_keeping_the_status() {
    let raw = fetch(
        Reply::status(500)
            .header("content-type", "text/html")
            .body("<html>oops</html>"),
    )
    .await;
    let err = raw.error_json::<Problem, Problem, ()>(|p| p).unwrap_err();
    let Error::Decode {
        status, message, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 500);
    assert!(message.contains("text/html"), "{message}");
    assert_eq!(err.snippet(), Some("<html>oops</html>"));
}

#[tokio::test]
async fn error_empty_and_error_text() {
    let raw = fetch(Reply::status(409)).await;
    let err = raw.error_empty::<&str, ()>("conflict").unwrap_err();
    assert_eq!(err.api_body(), Some(&"conflict"));
    assert_eq!(err.to_string(), "API error: HTTP 409 Conflict");

    let raw = fetch(Reply::status(400).body("bad input")).await;
    let err = raw
        .error_text::<String, ()>(|text| text.to_uppercase())
        .unwrap_err();
    assert_eq!(err.api_body().map(String::as_str), Some("BAD INPUT"));
}

#[tokio::test]
async fn unexpected_status() {
    let raw = fetch(Reply::status(418).body("short and stout")).await;
    let err = raw.unexpected::<Problem>();
    let Error::UnexpectedStatus {
        status,
        snippet,
        attempts,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*status, 418);
    assert_eq!(snippet, "short and stout");
    assert_eq!(*attempts, 1);
    assert_eq!(err.api_body(), None);
    assert_eq!(
        err.to_string(),
        "unexpected HTTP status 418 I'm a teapot, body: short and stout"
    );
}

#[tokio::test]
async fn snippet_is_bounded_and_cut_on_a_char_boundary() {
    // 'é' is two bytes; after a one-byte prefix the characters end at odd offsets, so
    // the 512-byte limit falls inside one and the cut happens at 511.
    let body = format!("x{}", "é".repeat(1000));
    let raw = fetch(Reply::status(500).body(body.clone())).await;
    let err = raw.unexpected::<()>();
    let snippet = err.snippet().unwrap();
    assert!(snippet.ends_with('…'), "{snippet}");
    let shown = snippet.trim_end_matches('…');
    assert_eq!(shown.len(), 511);
    assert!(body.starts_with(shown));

    let raw = fetch(Reply::status(500).body("é".repeat(256))).await;
    assert_eq!(
        raw.unexpected::<()>().snippet(),
        Some("é".repeat(256).as_str())
    );
}

/// A server on 127.0.0.1 that answers every connection with `response` bytes and closes.
async fn raw_http_server(response: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut request = [0u8; 4096];
                let _ = socket.read(&mut request).await;
                let _ = socket.write_all(&response).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    format!("http://{addr}")
}

#[tokio::test]
async fn truncated_body_is_a_transport_error() {
    let base = raw_http_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"id\":"
            .to_vec(),
    )
    .await;
    let err = client(&base)
        .execute::<()>(
            Request::new(Method::GET, "/pets/1".to_owned()),
            &RequestOptions::new(),
        )
        .await
        .unwrap_err();
    let Error::Transport { message, attempts } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*attempts, 1);
    assert!(message.contains("body"), "{message}");
    assert!(!message.contains("127.0.0.1"), "{message}");
    assert!(err.to_string().starts_with("transport error: "), "{err}");
}

#[tokio::test]
async fn garbage_response_is_an_error_not_a_panic() {
    let base = raw_http_server(b"this is not HTTP at all\r\n\r\n".to_vec()).await;
    let err = client(&base)
        .execute::<()>(
            Request::new(Method::GET, "/".to_owned()),
            &RequestOptions::new().no_retries(),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}
