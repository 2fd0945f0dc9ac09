//! The default pages of the generated mock (the `mock` feature), with the module generated
//! from `tests/fixtures/pagination.yaml`: with no stub, `.items()` of each paginated
//! operation walks every page the mock links (each style: cursors, the last item, page
//! numbers, offsets, a `Link` header, a next URL in the body), yields exactly the items
//! served and stops; the requests are the ones the style makes; a stub still wins.
#![cfg(feature = "mock")]

use std::time::Duration;

use serde_json::{json, Value};

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixtures.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixtures' generated modules.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_pagination.rs"));
}

use fixtures::pagination::{mock, types, Client};
use runtime::mock::{DEFAULT_PAGES, PAGE_ITEMS};

fn client(server: &mock::Server) -> Client {
    Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// The query of each request the server received, in order (`path?query`).
fn requests(server: &mock::Server) -> Vec<String> {
    server
        .received_requests()
        .iter()
        .map(|r| {
            let query: Vec<String> = r.query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            format!("{}?{}", r.path, query.join("&"))
        })
        .collect()
}

/// `text-1` .. `text-6`: the made string items, told apart.
fn strings(text: &str) -> Vec<String> {
    (1..=DEFAULT_PAGES * PAGE_ITEMS)
        .map(|n| format!("{text}-{n}"))
        .collect()
}

/// Every item, and the server's verdict (no request broke the spec, nothing noted).
async fn walk<T, E>(server: &mock::Server, pages: runtime::Pages<T, E>) -> Vec<T>
where
    T: serde::de::DeserializeOwned,
    E: std::fmt::Debug + Send + 'static,
{
    let items = match pages.try_collect().await {
        Ok(items) => items,
        Err(e) => panic!("the pages end with an error: {e:?}"),
    };
    server.verify().unwrap();
    assert_eq!(server.notes(), Vec::<String>::new());
    items
}

#[tokio::test]
async fn a_cursor_walks_the_pages_made_of_the_spec_example() {
    let server = mock::Server::start().await.unwrap();
    let pets = walk(&server, client(&server).list_pets().limit(2).items()).await;
    // The example's item (`{id: 10, name: Rex}`), its `id` counted up.
    let want: Vec<types::Pet> = (11..=16).map(|id| types::Pet::new(id, "Rex")).collect();
    assert_eq!(pets, want);
    assert_eq!(
        requests(&server),
        [
            "/pets?limit=2",
            "/pets?limit=2&cursor=page-2",
            "/pets?limit=2&cursor=page-3"
        ]
    );
}

#[tokio::test]
async fn a_call_without_items_gets_the_first_page_and_its_cursor() {
    let server = mock::Server::start().await.unwrap();
    let client = client(&server);
    let first = client.list_pets().await.unwrap();
    assert_eq!(first.data.len(), PAGE_ITEMS);
    assert_eq!(first.next_cursor, Some(Some("page-2".to_string())));
    let last = client.list_pets().cursor("page-3").await.unwrap();
    assert_eq!(
        last.data,
        [types::Pet::new(15, "Rex"), types::Pet::new(16, "Rex")]
    );
    // The example's `null` cursor ends the walk.
    assert_eq!(last.next_cursor, Some(None));
    // A cursor the mock never gave: an empty page, which ends any walk.
    let unknown = client.list_pets().cursor("elsewhere").await.unwrap();
    assert!(unknown.data.is_empty());
}

#[tokio::test]
async fn a_nested_cursor_and_a_cursor_with_has_more() {
    let server = mock::Server::start().await.unwrap();
    let client = client(&server);
    let orders = walk(&server, client.list_orders().items()).await;
    assert_eq!(orders, strings("string"));
    let users = walk(&server, client.list_users().items()).await;
    let want: Vec<types::Pet> = (1..=6).map(|id| types::Pet::new(id, "string")).collect();
    assert_eq!(users, want);
    assert_eq!(
        requests(&server),
        [
            "/orders?",
            "/orders?after=page-2",
            "/orders?after=page-3",
            "/users?",
            "/users?starting_at=page-2",
            "/users?starting_at=page-3"
        ]
    );
    // The last page says so both ways: no cursor, and `has_more: false`.
    let last = client.list_users().starting_at("page-3").await.unwrap();
    assert_eq!(last.has_more, Some(false));
    assert_eq!(last.next.as_deref(), Some(""));
}

#[tokio::test]
async fn dropshot_pages_send_the_scan_parameters_first_only() {
    let server = mock::Server::start().await.unwrap();
    let projects = walk(
        &server,
        client(&server).list_projects().sort_by("name").items(),
    )
    .await;
    assert_eq!(projects, strings("string"));
    assert_eq!(
        requests(&server),
        [
            "/projects?sort_by=name",
            "/projects?page_token=page-2",
            "/projects?page_token=page-3"
        ]
    );
}

#[tokio::test]
async fn stripe_pages_follow_the_last_item_until_has_more_is_false() {
    let server = mock::Server::start().await.unwrap();
    let charges = walk(&server, client(&server).list_charges().items()).await;
    let ids: Vec<String> = charges.iter().map(|c| c.id.clone()).collect();
    assert_eq!(ids, strings("string"));
    assert!(charges.iter().all(|c| c.amount == 0));
    assert_eq!(
        requests(&server),
        [
            "/charges?",
            "/charges?starting_after=string-2",
            "/charges?starting_after=string-4"
        ]
    );
}

#[tokio::test]
async fn page_numbers_and_offsets_end_with_an_empty_page() {
    let server = mock::Server::start().await.unwrap();
    let client = client(&server);
    // Speakeasy's pages start at 0 here (`minimum: 0`).
    let invoices = walk(&server, client.list_invoices().items()).await;
    assert_eq!(invoices, strings("string"));
    let teams = walk(&server, client.list_teams().items()).await;
    assert_eq!(teams, strings("string"));
    assert_eq!(
        requests(&server),
        [
            "/invoices?",
            "/invoices?page=1",
            "/invoices?page=2",
            "/invoices?page=3",
            "/teams?",
            "/teams?offset=2",
            "/teams?offset=4",
            "/teams?offset=6"
        ]
    );
    // A page number the caller starts from is honoured.
    let rest = walk(&server, client.list_invoices().page(1).items()).await;
    assert_eq!(rest, strings("string")[2..]);
}

#[tokio::test]
async fn a_link_header_links_the_pages_by_the_operations_own_page_parameter() {
    let server = mock::Server::start().await.unwrap();
    let client = client(&server);
    let events = walk(&server, client.list_events().per_page(2).items()).await;
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6]);
    assert!(events.iter().all(|e| e.kind.as_deref() == Some("string")));
    assert_eq!(
        requests(&server),
        [
            "/events?per_page=2",
            "/events?per_page=2&page=2",
            "/events?per_page=2&page=3"
        ]
    );
    let first = client.list_events().await.unwrap();
    let link = first.headers().get("link").unwrap().to_str().unwrap();
    assert_eq!(
        link,
        format!("<{}/events?page=2>; rel=\"next\"", server.url())
    );
    let last = client.list_events().page(3).await.unwrap();
    assert!(last.headers().get("link").is_none());
}

#[tokio::test]
async fn a_next_url_in_the_body_links_the_pages_on_the_servers_own_url() {
    let server = mock::Server::start().await.unwrap();
    let client = client(&server);
    let logs = walk(&server, client.list_logs().items()).await;
    assert_eq!(logs, strings("string"));
    assert_eq!(
        requests(&server),
        ["/logs?", "/logs?mock_page=2", "/logs?mock_page=3"]
    );
    let first = client.list_logs().await.unwrap();
    assert_eq!(
        raw(&*first)["links"]["next"],
        json!(format!("{}/logs?mock_page=2", server.url()))
    );
}

#[tokio::test]
async fn a_stub_wins_over_the_default_pages() {
    let server = mock::Server::start().await.unwrap();
    let stubbed = vec![types::Pet::new(7, "Only")];
    server
        .list_pets()
        .respond(200, &types::ListPetsResponse::new(stubbed.clone()));
    let pets = walk(&server, client(&server).list_pets().items()).await;
    assert_eq!(pets, stubbed);
    assert_eq!(requests(&server), ["/pets?"]);
}

#[tokio::test]
async fn a_stub_of_one_page_then_the_default_answer_to_its_cursor() {
    let server = mock::Server::start().await.unwrap();
    let stubbed = vec![types::Pet::new(7, "Only")];
    server.list_pets().times(1).respond(
        200,
        &types::ListPetsResponse::new(stubbed.clone()).with_next_cursor("theirs".to_string()),
    );
    // The stub's page, then the default answer to a cursor the mock did not give: an
    // empty page, which ends the walk.
    let pets = walk(&server, client(&server).list_pets().items()).await;
    assert_eq!(pets, stubbed);
    assert_eq!(requests(&server), ["/pets?", "/pets?cursor=theirs"]);
}

/// The body of a response, as JSON.
fn raw<T: serde::Serialize>(body: &T) -> Value {
    serde_json::to_value(body).unwrap()
}
