//! The `tracing` feature: a span per call and per attempt, with the OpenTelemetry HTTP
//! client field names, and no credential, query value or path value in any field.
//! Recorded by a small hand-written subscriber.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use reqwest::Method;
use templates::runtime::{Credential, QueryStyle, Request, RequestOptions};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::server::{builder, scripted, Reply};

const TOKEN: &str = "bearer-7f6e5d4c-secret";
const API_KEY: &str = "key-1a2b3c4d-secret";
const QUERY_VALUE: &str = "query-value-secret";

/// One span as recorded: its name, its parent, its fields as `name=value`.
#[derive(Debug, Clone)]
struct SpanRecord {
    id: u64,
    name: &'static str,
    parent: Option<u64>,
    fields: Vec<String>,
}

impl SpanRecord {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find_map(|f| f.strip_prefix(name).and_then(|rest| rest.strip_prefix('=')))
    }
}

#[derive(Clone, Default)]
struct Recorder {
    next: Arc<AtomicU64>,
    spans: Arc<Mutex<Vec<SpanRecord>>>,
    /// Everything else recorded (events), to search for secrets too.
    events: Arc<Mutex<Vec<String>>>,
}

struct Fields<'a>(&'a mut Vec<String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push(format!("{}={value:?}", field.name()));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push(format!("{}={value}", field.name()));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        attributes.record(&mut Fields(&mut fields));
        let parent = attributes.parent().map(Id::into_u64);
        self.spans.lock().unwrap().push(SpanRecord {
            id,
            name: attributes.metadata().name(),
            parent,
            fields,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some(record) = spans.iter_mut().find(|s| s.id == span.into_u64()) {
            values.record(&mut Fields(&mut record.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(fields.join(" "));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test(flavor = "current_thread")]
async fn each_call_and_attempt_has_a_span_without_secrets() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let (base, _) = scripted(vec![Reply::status(503), Reply::json(200, "{}")]).await;
    let core = builder(&base)
        .credential("bearer", Credential::bearer(TOKEN))
        .credential("key_query", Credential::api_key(API_KEY))
        .build()
        .unwrap();
    let mut request = Request::for_operation(
        Method::GET,
        "/things/item-42".to_owned(),
        "getThing",
        "/things/{id}",
    );
    request.query("filter", QUERY_VALUE, QueryStyle::FORM);
    request.security(&[&["bearer", "key_query"]]);
    let raw = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);

    let spans = recorder.spans.lock().unwrap().clone();
    let calls: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "http.call").collect();
    let attempts: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "http.attempt").collect();
    assert_eq!(calls.len(), 1, "{spans:#?}");
    assert_eq!(attempts.len(), 2, "{spans:#?}");
    let call = calls[0];
    assert_eq!(call.field("otel.name"), Some("GET /things/{id}"));
    assert_eq!(call.field("http.request.method"), Some("GET"));
    assert_eq!(call.field("url.template"), Some("/things/{id}"));
    assert_eq!(call.field("openapi.operation_id"), Some("getThing"));
    assert_eq!(call.field("http.response.status_code"), Some("200"));
    assert_eq!(call.field("http.request.resend_count"), Some("1"));
    assert!(call.field("http.client.request.duration").is_some());
    for (n, attempt) in attempts.iter().enumerate() {
        assert_eq!(
            attempt.parent,
            Some(call.id),
            "an attempt is not inside its call"
        );
        assert_eq!(attempt.field("attempt"), Some((n + 1).to_string().as_str()));
        assert_eq!(
            attempt.field("http.request.resend_count"),
            Some(n.to_string().as_str())
        );
        assert!(attempt.field("http.client.request.duration").is_some());
    }
    assert_eq!(attempts[0].field("http.response.status_code"), Some("503"));
    assert_eq!(attempts[0].field("error.type"), Some("503"));
    assert_eq!(attempts[1].field("http.response.status_code"), Some("200"));
    assert_eq!(attempts[1].field("error.type"), None);

    let mut everything = format!("{spans:?}");
    for event in recorder.events.lock().unwrap().iter() {
        let _ = write!(everything, "{event}");
    }
    for secret in [TOKEN, API_KEY, QUERY_VALUE, "item-42"] {
        assert!(
            !everything.contains(secret),
            "`{secret}` reached a span: {everything}"
        );
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_call_records_the_kind_of_error() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    // Nothing listens on port 9 of 127.0.0.1: the connection is refused.
    let core = builder("http://127.0.0.1:9")
        .max_retries(0)
        .build()
        .unwrap();
    let request = Request::for_operation(Method::GET, "/x".to_owned(), "getX", "/x");
    let err = core
        .execute::<()>(request, &RequestOptions::new())
        .await
        .unwrap_err();
    assert!(err.to_string().contains("connect"), "{err}");
    let spans = recorder.spans.lock().unwrap().clone();
    let call = spans.iter().find(|s| s.name == "http.call").unwrap();
    assert_eq!(call.field("error.type"), Some("connect"));
    let attempt = spans.iter().find(|s| s.name == "http.attempt").unwrap();
    assert_eq!(attempt.field("error.type"), Some("connect"));
}
