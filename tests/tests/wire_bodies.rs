//! Request bodies beyond JSON, through a generated client, against a real server on
//! 127.0.0.1: a form body whose arrays follow each property's `style`/`explode`; a typed
//! multipart upload read back by axum's multipart parser; one PATCH operation sent in
//! each of the media types the spec accepts (Kubernetes' four), byte for byte; a JSON
//! Patch as RFC 6902 writes it; a multipart part header the spec documents.
//!
//! The clients are `tests/fixtures/bodies.yaml`'s and `media_types.yaml`'s modules,
//! compiled here (as in `tests/examples.rs`) beside a copy of the runtime.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::{FromRequest, Multipart, OriginalUri, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::json;

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
    client(&url).submit_form(body).await.expect("sent");
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

/// A request as the server received it.
#[derive(Debug, Clone)]
struct Hit {
    method: Method,
    uri: String,
    content_type: String,
    body: Bytes,
}

/// A server that records every request and answers as `tests/fixtures/media_types.yaml`
/// documents: the namespace for its PATCH, `201` for a pet, `204` for anything else.
async fn record_all() -> (String, Arc<Mutex<Vec<Hit>>>) {
    let hits: Arc<Mutex<Vec<Hit>>> = Arc::default();
    let seen = hits.clone();
    let app = Router::new().fallback(
        move |method: Method, OriginalUri(uri): OriginalUri, headers: HeaderMap, body: Bytes| {
            let seen = seen.clone();
            async move {
                let content_type = headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let path = uri.path().to_owned();
                seen.lock().unwrap().push(Hit {
                    method,
                    uri: uri.to_string(),
                    content_type,
                    body,
                });
                let reply: Response = if path.starts_with("/api/v1/namespaces/") {
                    axum::Json(json!({"kind": "Namespace", "metadata": {"name": "demo"}}))
                        .into_response()
                } else if path == "/pets" {
                    StatusCode::CREATED.into_response()
                } else {
                    StatusCode::NO_CONTENT.into_response()
                };
                reply
            }
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, hits)
}

fn media_client(url: &str) -> fixtures::media_types::Client {
    fixtures::media_types::Client::builder()
        .base_url(url)
        .build()
        .expect("client")
}

/// The JSON Patch the tests send, and its RFC 6902 text.
fn namespace_patch() -> (runtime::JsonPatch, &'static str) {
    let label = runtime::json_pointer(["metadata", "labels", "app.kubernetes.io/name"]);
    let patch = runtime::JsonPatch::new()
        .test("/metadata/resourceVersion", "7")
        .add(label, "web")
        .remove("/spec/finalizers/0");
    let text = r#"[{"op":"test","path":"/metadata/resourceVersion","value":"7"},{"op":"add","path":"/metadata/labels/app.kubernetes.io~1name","value":"web"},{"op":"remove","path":"/spec/finalizers/0"}]"#;
    (patch, text)
}

#[tokio::test]
async fn one_patch_operation_is_sent_in_each_media_type_the_spec_accepts() {
    use fixtures::media_types::types::{self, PatchCoreV1NamespaceBody as Body};
    let (url, hits) = record_all().await;
    let client = media_client(&url);
    let (json_patch, json_patch_text) = namespace_patch();
    let merge: types::IoK8sApimachineryPkgApisMetaV1Patch =
        serde_json::from_value(json!({"metadata": {"labels": {"team": "a"}}})).unwrap();
    let yaml = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: demo\n  labels:\n    team: a\n";
    let cases = [
        (
            Body::JsonPatch(json_patch),
            "application/json-patch+json",
            json_patch_text,
        ),
        (
            Body::MergePatch(merge.clone()),
            "application/merge-patch+json",
            r#"{"metadata":{"labels":{"team":"a"}}}"#,
        ),
        (
            Body::StrategicMergePatch(merge),
            "application/strategic-merge-patch+json",
            r#"{"metadata":{"labels":{"team":"a"}}}"#,
        ),
        (
            Body::ApplyPatchYaml(yaml.to_owned()),
            "application/apply-patch+yaml",
            yaml,
        ),
    ];
    for (body, content_type, bytes) in cases {
        let response = client
            .patch_core_v1_namespace("demo", body)
            .field_manager("tests")
            .await
            .expect("patched");
        let namespace = response.into_body();
        assert_eq!(namespace.kind.as_deref(), Some("Namespace"));
        let hit = hits.lock().unwrap().pop().expect("a request");
        assert_eq!(hit.method, Method::PATCH);
        assert_eq!(hit.uri, "/api/v1/namespaces/demo?fieldManager=tests");
        assert_eq!(hit.content_type, content_type);
        assert_eq!(
            std::str::from_utf8(&hit.body).unwrap(),
            bytes,
            "{content_type}"
        );
    }
}

#[tokio::test]
async fn a_json_patch_arrives_as_rfc_6902_operations() {
    let (url, hits) = record_all().await;
    let (patch, text) = namespace_patch();
    // The operation's only media type is a JSON Patch: the method takes it.
    media_client(&url)
        .patch_document("doc-1", patch)
        .await
        .expect("patched");
    let hit = hits.lock().unwrap().pop().expect("a request");
    assert_eq!(hit.uri, "/documents/doc-1");
    assert_eq!(hit.content_type, "application/json-patch+json");
    assert_eq!(std::str::from_utf8(&hit.body).unwrap(), text);
    // Read back as any JSON: an array of objects, each `op` with the RFC's members.
    let ops: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&hit.body).unwrap();
    let members: Vec<Vec<&str>> = ops
        .iter()
        .map(|op| op.keys().map(String::as_str).collect())
        .collect();
    assert_eq!(
        members,
        [
            vec!["op", "path", "value"],
            vec!["op", "path", "value"],
            vec!["op", "path"]
        ]
    );
    assert_eq!(ops[1]["path"], "/metadata/labels/app.kubernetes.io~1name");
}

#[tokio::test]
async fn json_form_and_multipart_are_one_operation_with_a_part_header() {
    use fixtures::media_types::types::{self, CreatePetBody2 as Body};
    let (url, hits) = record_all().await;
    let client = media_client(&url);
    let pet = types::Pet::new("Rex").with_tags(vec!["good".to_owned(), "dog".to_owned()]);
    client
        .create_pet()
        .body(Body::Json(pet.clone()))
        .await
        .unwrap();
    client.create_pet().body(Body::Form(pet)).await.unwrap();
    let photo = vec![0xff, 0xd8, 0xff, 0xe0, 0, 1];
    let multipart = types::CreatePetMultipartRequest::new(
        "Rex",
        runtime::FilePart::new(photo.clone())
            .file_name("rex.jpg")
            .header("X-Checksum", "5d41402a"),
    );
    client
        .create_pet()
        .body(Body::Multipart(multipart))
        .await
        .unwrap();

    let hits = hits.lock().unwrap().clone();
    let [json, form, multipart] = hits.as_slice() else {
        panic!("three requests, got {hits:?}");
    };
    assert_eq!(json.content_type, "application/json");
    assert_eq!(&json.body[..], br#"{"name":"Rex","tags":["good","dog"]}"#);
    assert_eq!(form.content_type, "application/x-www-form-urlencoded");
    // The form's `encoding` says `explode: false` for `tags`.
    assert_eq!(&form.body[..], b"name=Rex&tags=good,dog");
    assert!(multipart
        .content_type
        .starts_with("multipart/form-data; boundary="));

    // The multipart body read back by axum's parser.
    let request = axum::http::Request::builder()
        .header(header::CONTENT_TYPE, &multipart.content_type)
        .body(axum::body::Body::from(multipart.body.clone()))
        .unwrap();
    let mut parts = Multipart::from_request(request, &()).await.unwrap();
    let name = parts.next_field().await.unwrap().expect("the name part");
    assert_eq!(name.name(), Some("name"));
    assert_eq!(name.bytes().await.unwrap(), "Rex");
    let file = parts.next_field().await.unwrap().expect("the photo part");
    assert_eq!(file.name(), Some("photo"));
    assert_eq!(file.file_name(), Some("rex.jpg"));
    assert_eq!(file.content_type(), Some("image/jpeg"));
    assert_eq!(
        file.headers().get("x-checksum").map(|v| v.as_bytes()),
        Some(b"5d41402a".as_slice())
    );
    assert_eq!(file.bytes().await.unwrap(), photo);
    assert!(parts.next_field().await.unwrap().is_none());
}

#[tokio::test]
async fn text_variants_and_the_raw_twin_send_the_callers_bytes() {
    use fixtures::media_types::types::ImportNotesBody as Body;
    let (url, hits) = record_all().await;
    let client = media_client(&url);
    let csv = "text\nfirst\n\"second, with a comma\"\n";
    client
        .import_notes(Body::TextCsv(csv.to_owned()))
        .await
        .unwrap();
    client
        .import_notes_with_body("application/x-notes", b"\x00raw".as_slice())
        .await
        .unwrap();
    let hits = hits.lock().unwrap().clone();
    assert_eq!(hits[0].content_type, "text/csv");
    assert_eq!(&hits[0].body[..], csv.as_bytes());
    assert_eq!(hits[1].content_type, "application/x-notes");
    assert_eq!(&hits[1].body[..], b"\x00raw");
}
