//! Pages on the wire, with the client generated from `tests/fixtures/pagination.yaml`
//! against an axum server on 127.0.0.1: three pages by cursor and by `Link` header (an
//! absolute link, then a relative one), Stripe's `starting_after`, page numbers, offsets,
//! Dropshot's first-page-only parameters, a next URL in the body, `has_more`; and the
//! stops: a repeated cursor, a link loop, a server that ignores the page number, a link
//! to another origin (whose server must see nothing), an item that does not decode, a
//! page that fails.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use futures_util::StreamExt;
use serde_json::{json, Value};

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixtures.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixtures' generated modules.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_modules.rs"));
}

use fixtures::pagination::{types, Client};
use runtime::Error;

/// What the server does besides the plain pages.
#[derive(Clone, Debug, PartialEq)]
enum Scenario {
    Plain,
    /// `/pets` gives the same cursor on every page.
    RepeatedCursor,
    /// `/pets`: the second page has an item that does not decode, the third fails.
    Faults,
    /// `/events`: the first page links to this other server.
    LinkTo(String),
    /// `/events`: the second page links back to the first.
    LinkLoop,
    /// `/invoices` answers the first page whatever the page number.
    IgnoresPage,
}

#[derive(Clone)]
struct Server {
    /// `http://127.0.0.1:<port>`.
    origin: String,
    scenario: Scenario,
    /// Each request's path and query, in order.
    seen: Arc<Mutex<Vec<String>>>,
}

type Params = Query<HashMap<String, String>>;

impl Server {
    fn log(&self, uri: &Uri) {
        let target = uri.path_and_query().map_or("", |p| p.as_str()).to_owned();
        self.seen.lock().unwrap().push(target);
    }
}

fn pet(id: i64) -> Value {
    json!({"id": id, "name": format!("pet {id}")})
}

async fn pets(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let cursor = q.get("cursor").map(String::as_str);
    let page = match (&s.scenario, cursor) {
        (Scenario::RepeatedCursor, None) => {
            json!({"data": [pet(1), pet(2)], "next_cursor": "same"})
        }
        (Scenario::RepeatedCursor, Some(_)) => json!({"data": [pet(3)], "next_cursor": "same"}),
        (Scenario::Faults, Some("c2")) => {
            json!({"data": [pet(3), {"id": "three", "name": "not a number"}, pet(4)], "next_cursor": "c3"})
        }
        (Scenario::Faults, Some("c3")) => {
            return (
                StatusCode::NOT_FOUND,
                Json(json!({"message": "no such list"})),
            )
                .into_response()
        }
        (_, None) => json!({"data": [pet(1), pet(2)], "next_cursor": "c2"}),
        (_, Some("c2")) => json!({"data": [pet(3), pet(4)], "next_cursor": "c3"}),
        (_, Some("c3")) => json!({"data": [pet(5)], "next_cursor": null}),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    Json(page).into_response()
}

async fn events(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
    let origin = &s.origin;
    let (ids, link) = match (&s.scenario, page) {
        (Scenario::LinkTo(other), 1) => (
            vec![1, 2],
            format!("<{other}/v1/events?page=2&per_page=2>; rel=\"next\""),
        ),
        (Scenario::LinkLoop, 2) => (
            vec![3, 4],
            format!("<{origin}/v1/events?page=1&per_page=2>; rel=\"next\""),
        ),
        (_, 1) => (
            vec![1, 2],
            format!(
                "<{origin}/v1/events?page=2&per_page=2>; rel=\"next\", <{origin}/v1/events?page=3&per_page=2>; rel=\"last\""
            ),
        ),
        // A relative link, with the relation among others.
        (_, 2) => (
            vec![3, 4],
            "</v1/events?page=1&per_page=2>; rel=\"first\", </v1/events?page=3&per_page=2>; rel=\"last next\"".to_owned(),
        ),
        (_, 3) => (
            vec![5],
            format!("<{origin}/v1/events?page=1&per_page=2>; rel=\"first\""),
        ),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    let body: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
    ([(header::LINK, link)], Json(body)).into_response()
}

async fn charges(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let charge = |n: i64| json!({"id": format!("ch_{n}"), "amount": n * 100});
    let (data, has_more) = match q.get("starting_after").map(String::as_str) {
        None => (vec![charge(1), charge(2)], true),
        Some("ch_2") => (vec![charge(3), charge(4)], true),
        Some("ch_4") => (vec![charge(5)], false),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    Json(json!({"object": "list", "data": data, "has_more": has_more})).into_response()
}

async fn invoices(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let page: u32 = q.get("page").and_then(|p| p.parse().ok()).unwrap_or(0);
    let items: Vec<&str> = match (&s.scenario, page) {
        (Scenario::IgnoresPage, _) | (_, 0) => vec!["a", "b"],
        (_, 1) => vec!["c"],
        _ => vec![],
    };
    Json(json!({"items": items})).into_response()
}

async fn teams(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let offset: usize = q.get("offset").and_then(|p| p.parse().ok()).unwrap_or(0);
    let all = ["t1", "t2", "t3", "t4", "t5", "t6", "t7"];
    let teams: Vec<&str> = all.iter().skip(offset).take(3).copied().collect();
    Json(json!({"teams": teams})).into_response()
}

async fn projects(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let page = match (q.get("page_token").map(String::as_str), q.get("sort_by")) {
        (None, Some(_)) => json!({"items": ["p1", "p2"], "next_page": "t2"}),
        (Some("t2"), None) => json!({"items": ["p3"], "next_page": null}),
        // Dropshot refuses the scan parameters beside a page token.
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    Json(page).into_response()
}

async fn logs(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let origin = &s.origin;
    let page = match q.get("after").map(String::as_str) {
        None => json!({"entries": ["l1"], "links": {"next": format!("{origin}/v1/logs?after=l1")}}),
        Some("l1") => json!({"entries": ["l2"], "links": {"next": "/v1/logs?after=l2"}}),
        Some("l2") => json!({"entries": ["l3"], "links": {}}),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    Json(page).into_response()
}

async fn users(State(s): State<Server>, uri: Uri, Query(q): Params) -> Response {
    s.log(&uri);
    let page = match q.get("starting_at").map(String::as_str) {
        None => json!({"users": [pet(1)], "next": "u2", "has_more": true}),
        Some("u2") => json!({"users": [pet(2)], "next": "u3", "has_more": false}),
        _ => return StatusCode::BAD_REQUEST.into_response(),
    };
    Json(page).into_response()
}

/// A server on 127.0.0.1 playing `scenario`; its `seen` log.
async fn serve(scenario: Scenario) -> (Server, Client) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let server = Server {
        origin: origin.clone(),
        scenario,
        seen: Arc::new(Mutex::new(Vec::new())),
    };
    let app = Router::new()
        .route("/v1/pets", get(pets))
        .route("/v1/events", get(events))
        .route("/v1/charges", get(charges))
        .route("/v1/invoices", get(invoices))
        .route("/v1/teams", get(teams))
        .route("/v1/projects", get(projects))
        .route("/v1/logs", get(logs))
        .route("/v1/users", get(users))
        .with_state(server.clone());
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::builder()
        .base_url(format!("{origin}/v1"))
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    (server, client)
}

fn seen(server: &Server) -> Vec<String> {
    server.seen.lock().unwrap().clone()
}

/// The value of the query parameter `name` in each request `server` saw.
fn sent(server: &Server, name: &str) -> Vec<Option<String>> {
    seen(server)
        .iter()
        .map(|r| query(r).get(name).cloned())
        .collect()
}

/// The query parameters of a logged request, as a map.
fn query(target: &str) -> HashMap<String, String> {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect()
}

#[tokio::test]
async fn a_cursor_walks_three_pages() {
    let (server, client) = serve(Scenario::Plain).await;
    let mut pages = client.list_pets().limit(2).items();
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!((first.id, first.name.as_str()), (1, "pet 1"));
    // Only the first page was asked for: the next waits until its items are read.
    assert_eq!(seen(&server).len(), 1);
    let shown = format!("{pages:?}");
    assert!(!shown.contains("c2"), "no cursor in Debug: {shown}");
    let rest = pages.try_collect().await.unwrap();
    let ids: Vec<i64> = rest.iter().map(|p| p.id).collect();
    assert_eq!(ids, [2, 3, 4, 5]);
    let requests = seen(&server);
    assert_eq!(requests.len(), 3, "{requests:?}");
    let cursors = sent(&server, "cursor");
    assert_eq!(cursors, [None, Some("c2".into()), Some("c3".into())]);
    assert!(
        requests.iter().all(|r| query(r)["limit"] == "2"),
        "{requests:?}"
    );
}

#[tokio::test]
async fn a_link_header_walks_three_pages() {
    let (server, client) = serve(Scenario::Plain).await;
    let events: Vec<types::Event> = client
        .list_events()
        .per_page(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5]);
    assert_eq!(
        seen(&server),
        [
            "/v1/events?per_page=2",
            "/v1/events?page=2&per_page=2",
            "/v1/events?page=3&per_page=2",
        ]
    );
}

#[tokio::test]
async fn a_repeated_cursor_ends_the_stream_with_an_error() {
    let (server, client) = serve(Scenario::RepeatedCursor).await;
    let mut pages = client.list_pets().items();
    let mut ids = Vec::new();
    let mut failure = None;
    while let Some(item) = pages.next().await {
        match item {
            Ok(pet) => ids.push(pet.id),
            Err(err) => failure = Some(err),
        }
    }
    // Both pages' items, then the error, and no third request.
    assert_eq!(ids, [1, 2, 3]);
    assert_eq!(seen(&server).len(), 2);
    match failure {
        Some(Error::Pagination { message }) => {
            assert!(message.contains("never end"), "{message}");
            assert!(!message.contains("same"), "no cursor value: {message}");
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
}

#[tokio::test]
async fn a_link_to_another_origin_is_refused() {
    let (elsewhere, _) = serve(Scenario::Plain).await;
    let (server, client) = serve(Scenario::LinkTo(elsewhere.origin.clone())).await;
    let mut pages = client.list_events().items();
    assert_eq!(pages.next().await.unwrap().unwrap().id, 1);
    assert_eq!(pages.next().await.unwrap().unwrap().id, 2);
    match pages.next().await {
        Some(Err(err @ Error::Pagination { .. })) => {
            let text = err.to_string();
            assert!(text.contains(&elsewhere.origin), "{text}");
            assert!(!text.contains("page=2"), "no query: {text}");
        }
        other => panic!("expected Error::Pagination, got {other:?}"),
    }
    assert!(pages.next().await.is_none(), "the error is the last item");
    assert_eq!(seen(&server).len(), 1);
    assert!(
        seen(&elsewhere).is_empty(),
        "nothing went to the other origin"
    );
}

#[tokio::test]
async fn a_link_loop_ends_the_stream_with_an_error() {
    let (server, client) = serve(Scenario::LinkLoop).await;
    let all: Vec<_> = client.list_events().per_page(2).items().collect().await;
    assert!(
        matches!(all.last(), Some(Err(Error::Pagination { .. }))),
        "{all:?}"
    );
    // Page 1, page 2, page 1 again by its own URL; its link to page 2 is the loop.
    assert_eq!(seen(&server).len(), 3, "{:?}", seen(&server));
}

#[tokio::test]
async fn stripe_style_lists_page_after_the_last_item() {
    let (server, client) = serve(Scenario::Plain).await;
    let charges = client.list_charges().items().try_collect().await.unwrap();
    let ids: Vec<&str> = charges.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["ch_1", "ch_2", "ch_3", "ch_4", "ch_5"]);
    let after = sent(&server, "starting_after");
    // `has_more: false` ends the pages without asking for a fourth.
    assert_eq!(after, [None, Some("ch_2".into()), Some("ch_4".into())]);
}

#[tokio::test]
async fn page_numbers_and_offsets_advance_until_an_empty_page() {
    let (server, client) = serve(Scenario::Plain).await;
    let invoices = client.list_invoices().items().try_collect().await.unwrap();
    assert_eq!(invoices, ["a", "b", "c"]);
    // The first page is the server's default; the spec's `minimum: 0` numbers it 0.
    let pages = sent(&server, "page");
    assert_eq!(pages, [None, Some("1".into()), Some("2".into())]);

    let (server, client) = serve(Scenario::Plain).await;
    let teams = client
        .list_teams()
        .limit(3)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(teams, ["t1", "t2", "t3", "t4", "t5", "t6", "t7"]);
    let offsets = sent(&server, "offset");
    assert_eq!(
        offsets,
        [None, Some("3".into()), Some("6".into()), Some("7".into())]
    );
}

#[tokio::test]
async fn a_server_that_ignores_the_page_number_is_stopped() {
    let (server, client) = serve(Scenario::IgnoresPage).await;
    let all: Vec<_> = client.list_invoices().items().collect().await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert!(matches!(&all[2], Err(Error::Pagination { .. })), "{all:?}");
    assert_eq!(seen(&server).len(), 2);
}

#[tokio::test]
async fn dropshot_sends_the_scan_parameters_with_the_first_page_only() {
    let (server, client) = serve(Scenario::Plain).await;
    let projects = client
        .list_projects()
        .sort_by("name")
        .limit(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(projects, ["p1", "p2", "p3"]);
    let requests = seen(&server);
    assert_eq!(
        query(&requests[1]).get("limit").map(String::as_str),
        Some("2")
    );
    assert!(!query(&requests[1]).contains_key("sort_by"), "{requests:?}");
}

#[tokio::test]
async fn a_next_url_in_the_body_is_followed_and_has_more_ends_the_pages() {
    let (server, client) = serve(Scenario::Plain).await;
    let lines = client.list_logs().items().try_collect().await.unwrap();
    assert_eq!(lines, ["l1", "l2", "l3"]);
    assert_eq!(
        seen(&server),
        ["/v1/logs", "/v1/logs?after=l1", "/v1/logs?after=l2"]
    );

    let (server, client) = serve(Scenario::Plain).await;
    let users = client.list_users().items().try_collect().await.unwrap();
    assert_eq!(users.len(), 2);
    assert_eq!(seen(&server).len(), 2, "`has_more: false` is the last page");
}

#[tokio::test]
async fn an_item_that_does_not_decode_is_one_error_and_a_failed_page_ends_the_stream() {
    let (_, client) = serve(Scenario::Faults).await;
    let all: Vec<_> = client.list_pets().items().collect().await;
    let shown: Vec<String> = all
        .iter()
        .map(|item| match item {
            Ok(pet) => pet.id.to_string(),
            Err(Error::Decode { message, .. }) => {
                assert!(!message.contains("three"), "no value: {message}");
                "decode".to_owned()
            }
            Err(Error::Api(api)) => {
                assert_eq!(api.status, 404);
                assert!(matches!(api.body, types::ListPetsError::NotFound(_)));
                "404".to_owned()
            }
            Err(other) => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(shown, ["1", "2", "3", "decode", "4", "404"]);
}
