//! Multipart bodies parsed by a real multipart parser (axum's): file names, content
//! types and bytes intact; text, JSON and repeated parts; streamed files sent once.

use axum::extract::Multipart as Parsed;
use axum::routing::post;
use axum::{Json, Router};
use bytes::Bytes;
use reqwest::Method;
use serde_json::{json, Value};
use templates::runtime::{FilePart, Multipart, Request, RequestOptions, Upload};

use crate::server::{client, serve};

/// Each part as `[name, file name, content type, text]`.
async fn parts(mut form: Parsed) -> Json<Value> {
    let mut out = Vec::new();
    while let Ok(Some(field)) = form.next_field().await {
        let name = field.name().map(str::to_owned);
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let bytes = field.bytes().await.unwrap_or_default();
        out.push(json!([
            name,
            file_name,
            content_type,
            String::from_utf8_lossy(&bytes)
        ]));
    }
    Json(Value::Array(out))
}

async fn send(form: Multipart) -> Value {
    let base = serve(Router::new().route("/", post(parts))).await;
    let mut request = Request::new(Method::POST, "/".to_owned());
    request.multipart_body(form);
    let raw = client(&base)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .expect("multipart call");
    serde_json::from_slice(raw.body()).expect("JSON reply")
}

#[tokio::test]
async fn parts_arrive_as_sent() {
    let mut form = Multipart::new();
    let photo = FilePart::new(Bytes::from_static(b"\x89PNG\r\n--x"))
        .file_name("a b.png")
        .content_type("image/png");
    form.file("file", photo, Some("application/octet-stream"));
    form.file(
        "more",
        vec![FilePart::new("one"), FilePart::new("two")],
        None,
    );
    form.file("none", None::<FilePart>, None);
    form.text("title", &"Hello, world", None);
    form.text("labels", &vec!["a", "b"], None);
    form.text("count", &3, None);
    form.text("missing", &None::<String>, None);
    form.json("meta", &json!({"size": 1}), "application/json", false);
    form.json(
        "items",
        &json!([{"a": 1}, {"a": 2}]),
        "application/json",
        true,
    );
    let seen = send(form).await;
    assert_eq!(
        seen,
        json!([
            ["file", "a b.png", "image/png", "\u{fffd}PNG\r\n--x"],
            ["more", null, "application/octet-stream", "one"],
            ["more", null, "application/octet-stream", "two"],
            ["title", null, "text/plain", "Hello, world"],
            ["labels", null, "text/plain", "a"],
            ["labels", null, "text/plain", "b"],
            ["count", null, "text/plain", "3"],
            ["meta", null, "application/json", "{\"size\":1}"],
            ["items", null, "application/json", "{\"a\":1}"],
            ["items", null, "application/json", "{\"a\":2}"],
        ])
    );
}

#[tokio::test]
async fn a_streamed_file_is_sent_once_and_not_printed() {
    let chunks = vec![
        Ok::<_, std::io::Error>(Bytes::from_static(b"secret ")),
        Ok(Bytes::from_static(b"bytes")),
    ];
    let part = FilePart::new(Upload::stream(futures_stream(chunks))).file_name("s.txt");
    assert!(!part.is_replayable());
    let copy = part.clone();
    assert!(!format!("{part:?}").contains("secret"));
    let mut form = Multipart::new();
    form.file("file", part, None);
    let seen = send(form).await;
    assert_eq!(seen[0][3], "secret bytes");
    // The clone shares the stream, which is gone: the request fails before sending.
    let mut form = Multipart::new();
    form.file("file", copy, None);
    let mut request = Request::new(Method::POST, "/".to_owned());
    request.multipart_body(form);
    let base = serve(Router::new().route("/", post(parts))).await;
    let err = client(&base)
        .execute::<Value>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(
        matches!(err, templates::runtime::Error::InvalidRequest { .. }),
        "{err:?}"
    );
}

/// A stream of the given items.
fn futures_stream<T: Unpin>(items: Vec<T>) -> impl futures_core::Stream<Item = T> {
    struct Iter<T>(std::vec::IntoIter<T>);
    impl<T: Unpin> futures_core::Stream for Iter<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            std::task::Poll::Ready(self.0.next())
        }
    }
    Iter(items.into_iter())
}
