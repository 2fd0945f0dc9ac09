//! Request bodies beyond JSON, through a generated client, against a real server on
//! 127.0.0.1: a form body whose arrays follow each property's `style`/`explode`, and a
//! typed multipart upload read back by axum's multipart parser.
//!
//! The client is `tests/fixtures/bodies.yaml`'s module, compiled here (as in
//! `tests/examples.rs`) beside a copy of the runtime.

use std::sync::{Arc, Mutex};

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::routing::post;
use axum::Router;

/// The runtime, as every generated crate has it at `crate::runtime`.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixtures' generated modules.
#[allow(dead_code)]
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_modules.rs"));
}

use fixtures::bodies::{types, Client};

/// One part as the server saw it: name, file name, content type, bytes.
type Part = (String, Option<String>, Option<String>, Vec<u8>);

#[derive(Clone, Default)]
struct Seen {
    form: Arc<Mutex<Vec<(String, String)>>>,
    parts: Arc<Mutex<Vec<Part>>>,
}

async fn form(State(seen): State<Seen>, body: String) -> StatusCode {
    let pairs = url::form_urlencoded::parse(body.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    *seen.form.lock().unwrap() = pairs;
    StatusCode::NO_CONTENT
}

async fn upload(State(seen): State<Seen>, mut multipart: Multipart) -> StatusCode {
    let mut parts = Vec::new();
    while let Ok(Some(field)) = multipart.next_field().await {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(str::to_owned);
        let Ok(bytes) = field.bytes().await else {
            return StatusCode::BAD_REQUEST;
        };
        parts.push((name, file_name, content_type, bytes.to_vec()));
    }
    *seen.parts.lock().unwrap() = parts;
    StatusCode::NO_CONTENT
}

async fn serve() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/form", post(form))
        .route("/upload", post(upload))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, seen)
}

fn client(url: &str) -> Client {
    Client::builder().base_url(url).build().expect("client")
}

#[tokio::test]
async fn form_arrays_follow_each_propertys_style() {
    let (url, seen) = serve().await;
    let strings = |items: &[&str]| Some(items.iter().map(|s| s.to_string()).collect());
    let body = types::SubmitFormRequest {
        codes: strings(&["a", "b,c"]),
        ids: strings(&["x", "y"]),
        labels: strings(&["p", "q"]),
        metadata: Some([("k".to_string(), "v".to_string())].into()),
        name: "n".into(),
        tags: strings(&["t1", "t2"]),
    };
    client(&url).submit_form(&body).await.expect("sent");
    let mut pairs = seen.form.lock().unwrap().clone();
    pairs.sort();
    let expected: Vec<(String, String)> = [
        // `explode: false`: one pair, values joined by commas (the comma inside `b,c` is
        // escaped on the wire, `codes=a,b%2Cc`; decoded, the pair reads `a,b,c`).
        ("codes", "a,b,c"),
        ("ids", "x,y"),
        // `style: form` and the default: one pair per value.
        ("labels", "p"),
        ("labels", "q"),
        ("metadata[k]", "v"),
        ("name", "n"),
        ("tags", "t1"),
        ("tags", "t2"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn a_typed_multipart_upload_arrives_part_by_part() {
    let (url, seen) = serve().await;
    let png = vec![0x89, b'P', b'N', b'G', 0, 1, 2, 255];
    let body = types::UploadRequest {
        attachments: Some(vec![
            runtime::FilePart::new(b"first".to_vec()).file_name("a.txt"),
            runtime::FilePart::new(b"second".to_vec())
                .file_name("b.csv")
                .content_type("text/csv"),
        ]),
        file: runtime::FilePart::new(png.clone()).file_name("logo.png"),
        labels: Some(vec!["red".into(), "blue".into()]),
        meta: Some(types::UploadRequestMeta { size: Some(8) }),
        title: "A logo".into(),
    };
    client(&url).upload(body).await.expect("sent");
    let parts = seen.parts.lock().unwrap().clone();
    let find = |name: &str| -> Vec<&Part> { parts.iter().filter(|p| p.0 == name).collect() };

    let file = find("file");
    assert_eq!(file.len(), 1);
    assert_eq!(file[0].1.as_deref(), Some("logo.png"));
    // The spec's `encoding.file.contentType`.
    assert_eq!(file[0].2.as_deref(), Some("image/png"));
    assert_eq!(file[0].3, png);

    let attachments = find("attachments");
    assert_eq!(attachments.len(), 2, "an array is repeated parts");
    assert_eq!(attachments[0].1.as_deref(), Some("a.txt"));
    assert_eq!(attachments[0].3, b"first");
    assert_eq!(attachments[1].2.as_deref(), Some("text/csv"));
    assert_eq!(attachments[1].3, b"second");

    let labels: Vec<&[u8]> = find("labels").iter().map(|p| p.3.as_slice()).collect();
    assert_eq!(labels, [b"red".as_slice(), b"blue".as_slice()]);
    let meta = find("meta");
    assert_eq!(meta[0].2.as_deref(), Some("application/json"));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&meta[0].3).unwrap(),
        serde_json::json!({"size": 8})
    );
    assert_eq!(find("title")[0].3, b"A logo");
}
