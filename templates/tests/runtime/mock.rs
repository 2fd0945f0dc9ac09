//! The mock server of `runtime::mock` with a hand-written operation table (what the
//! generated `mock` module writes): the request check, sending requests that break the
//! spec in each way; stubs, counts, faults, recorded requests; sent with plain reqwest.

use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};
use templates::runtime::mock::{
    json_decodes, param_decodes, BodyMedia, BodySpec, Location, Operation, OperationSpec,
    ParamSpec, Received, Reply, Server, DEFAULT_ITEMS,
};

/// The API's request schemas as the generator writes them (JSON Schema 2020-12, the
/// document's layout): bounds the Rust types do not hold.
const SCHEMAS: &str = r##"{
  "paths": {"/pets/{id}": {"post": {
    "parameters": {
      "0": {"schema": {"type": "integer", "minimum": 1}},
      "1": {"schema": {"type": "integer", "maximum": 100}},
      "2": {"schema": {"type": "string", "pattern": "^t-"}}
    },
    "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}}
  }}},
  "components": {"schemas": {"NewPet": {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "minLength": 1}, "age": {"type": "integer", "minimum": 0}}
  }}}
}"##;

/// The body `POST /pets/{id}` takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct NewPet {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    age: Option<u32>,
}

/// What it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Pet {
    id: i64,
    name: String,
}

/// `POST /pets/{id}?limit=` with a header `x-trace` (optional) and a JSON body.
#[derive(Debug, Clone, PartialEq)]
struct UpdatePet {
    id: i64,
    limit: i32,
    trace: Option<String>,
    body: NewPet,
}

fn default_update_pet() -> Reply {
    Reply::body(200, "application/json", r#"{"id":0,"name":"string"}"#)
}

impl Operation for UpdatePet {
    const SPEC: &'static OperationSpec = &OperationSpec {
        name: "UpdatePet",
        method: "POST",
        path: "/pets/{id}",
        params: &[
            ParamSpec {
                name: "id",
                location: Location::Path,
                required: true,
                check: param_decodes::<i64>,
                schema: Some("#/paths/~1pets~1%7Bid%7D/post/parameters/0/schema"),
            },
            ParamSpec {
                name: "limit",
                location: Location::Query,
                required: true,
                check: param_decodes::<i32>,
                schema: Some("#/paths/~1pets~1%7Bid%7D/post/parameters/1/schema"),
            },
            ParamSpec {
                name: "x-trace",
                location: Location::Header,
                required: false,
                check: param_decodes::<String>,
                schema: Some("#/paths/~1pets~1%7Bid%7D/post/parameters/2/schema"),
            },
        ],
        body: Some(BodySpec {
            required: true,
            media: &[BodyMedia {
                media: "application/json",
                check: json_decodes::<NewPet>,
                schema: Some(
                    "#/paths/~1pets~1%7Bid%7D/post/requestBody/content/application~1json/schema",
                ),
            }],
        }),
        success: 200,
        default_reply: default_update_pet,
        example: None,
        pages: None,
    };
    type Success = Pet;
    type Error = String;

    fn decode(request: &Received) -> Result<Self, String> {
        Ok(UpdatePet {
            id: request.param(Location::Path, "id")?,
            limit: request.param(Location::Query, "limit")?,
            trace: request.optional_param(Location::Header, "x-trace")?,
            body: request
                .json_body()?
                .ok_or_else(|| "the required body is missing".to_string())?,
        })
    }

    fn success_reply(status: u16, body: &Pet) -> Reply {
        Reply::json(status, body)
    }

    fn error_reply(error: &String) -> Reply {
        Reply::body(404, "text/plain", error.clone())
    }
}

/// `GET /pets/new`, a literal segment where `/pets/{id}` would also fit a `POST`.
struct NewForm;

fn default_new_form() -> Reply {
    Reply::status(204)
}

impl Operation for NewForm {
    const SPEC: &'static OperationSpec = &OperationSpec {
        name: "NewForm",
        method: "GET",
        path: "/pets/new",
        params: &[],
        body: None,
        success: 204,
        default_reply: default_new_form,
        example: None,
        pages: None,
    };
    type Success = ();
    type Error = std::convert::Infallible;

    fn decode(_: &Received) -> Result<Self, String> {
        Ok(NewForm)
    }

    fn success_reply(status: u16, _: &()) -> Reply {
        Reply::status(status)
    }

    fn error_reply(error: &std::convert::Infallible) -> Reply {
        match *error {}
    }
}

/// `GET /pets` (its example fits) and `GET /owner` (its example does not: `id` is a
/// string), each without parameters: what a default answer is made from.
struct ListPets;
struct GetOwner;

fn default_pets() -> Reply {
    Reply::body(200, "application/json", r#"[{"id":0,"name":"string"}]"#)
}

fn default_owner() -> Reply {
    Reply::body(200, "application/json", r#"{"id":0,"name":"string"}"#)
}

fn example_pets() -> Result<Reply, String> {
    let place = "paths./pets.get.responses.200.content.application/json.example";
    let example = r#"[{"id":1,"name":"Rex"},{"id":2,"name":"Tom"}]"#;
    Reply::example(200, place, example, json_decodes::<Vec<Pet>>)
}

fn example_owner() -> Result<Reply, String> {
    let place = "components.examples.Owner.value";
    Reply::example(
        200,
        place,
        r#"{"id":"one","name":"Ann"}"#,
        json_decodes::<Pet>,
    )
}

/// `GET /ticks` (events) and `GET /export` (JSON lines): streams whose example is one
/// item, which fits for the events and does not for the lines.
struct Ticks;
struct Export;

fn default_ticks() -> Reply {
    Reply::repeated(200, "text/event-stream", r#"{"id":0,"name":"string"}"#)
}

fn default_export() -> Reply {
    Reply::repeated(200, "application/x-ndjson", r#"{"id":0,"name":"string"}"#)
}

fn example_ticks() -> Result<Reply, String> {
    let place = "paths./ticks.get.responses.200.content.text/event-stream.example";
    let example = r#"{"id":1,"name":"Rex"}"#;
    Reply::example_stream(
        200,
        "text/event-stream",
        place,
        example,
        json_decodes::<Pet>,
    )
}

fn example_export() -> Result<Reply, String> {
    let place = "paths./export.get.responses.200.content.application/x-ndjson.example";
    let example = r#"{"id":true}"#;
    Reply::example_stream(
        200,
        "application/x-ndjson",
        place,
        example,
        json_decodes::<Pet>,
    )
}

macro_rules! no_request {
    ($name:ident, $path:literal, $default:ident, $example:ident, $success:ty) => {
        impl Operation for $name {
            const SPEC: &'static OperationSpec = &OperationSpec {
                name: stringify!($name),
                method: "GET",
                path: $path,
                params: &[],
                body: None,
                success: 200,
                default_reply: $default,
                example: Some($example),
                pages: None,
            };
            type Success = $success;
            type Error = std::convert::Infallible;

            fn decode(_: &Received) -> Result<Self, String> {
                Ok($name)
            }

            fn success_reply(status: u16, body: &$success) -> Reply {
                Reply::json(status, body)
            }

            fn error_reply(error: &std::convert::Infallible) -> Reply {
                match *error {}
            }
        }
    };
}

no_request!(ListPets, "/pets", default_pets, example_pets, Vec<Pet>);
no_request!(GetOwner, "/owner", default_owner, example_owner, Pet);
no_request!(Ticks, "/ticks", default_ticks, example_ticks, Vec<Pet>);
no_request!(Export, "/export", default_export, example_export, Vec<Pet>);

static OPERATIONS: &[&OperationSpec] = &[
    UpdatePet::SPEC,
    NewForm::SPEC,
    ListPets::SPEC,
    GetOwner::SPEC,
    Ticks::SPEC,
    Export::SPEC,
];

async fn start() -> Server {
    Server::start(OPERATIONS, SCHEMAS)
        .await
        .expect("the mock starts")
}

/// Sends `POST {path}` with `body` as `content_type` (none when empty).
async fn post(server: &Server, path: &str, content_type: &str, body: &str) -> reqwest::Response {
    let mut request = reqwest::Client::new().post(format!("{}{path}", server.url()));
    if !content_type.is_empty() {
        request = request.header("content-type", content_type);
    }
    request
        .body(body.to_string())
        .send()
        .await
        .expect("the mock answers")
}

const GOOD: &str = r#"{"name":"Rex"}"#;

#[tokio::test]
async fn a_request_that_fits_gets_the_default_reply_and_is_recorded_typed() {
    let server = start().await;
    let response = post(&server, "/pets/7?limit=10", "application/json", GOOD).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"id":0,"name":"string"}"#
    );
    let received = server.received::<UpdatePet>();
    assert_eq!(
        received,
        vec![UpdatePet {
            id: 7,
            limit: 10,
            trace: None,
            body: NewPet {
                name: "Rex".into(),
                age: None
            }
        }]
    );
    assert_eq!(server.verify(), Ok(()));
}

/// `GET {path}`'s status and body.
async fn get(server: &Server, path: &str) -> (u16, String) {
    let response = reqwest::get(format!("{}{path}", server.url()))
        .await
        .expect("the mock answers");
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn an_operation_without_a_stub_answers_with_its_example_when_it_decodes() {
    let server = start().await;
    let (status, body) = get(&server, "/pets").await;
    assert_eq!(status, 200);
    assert_eq!(body, r#"[{"id":1,"name":"Rex"},{"id":2,"name":"Tom"}]"#);
    assert_eq!(server.notes(), Vec::<String>::new());
    assert_eq!(server.verify(), Ok(()));
}

#[tokio::test]
async fn an_example_that_does_not_decode_falls_back_to_the_schema_value_with_a_note() {
    let server = start().await;
    for _ in 0..2 {
        let (status, body) = get(&server, "/owner").await;
        assert_eq!(status, 200);
        assert_eq!(
            body, r#"{"id":0,"name":"string"}"#,
            "the value made from the schema"
        );
    }
    let notes = server.notes();
    assert_eq!(notes.len(), 1, "once per operation and reason: {notes:?}");
    assert!(
        notes[0].starts_with(
            "paths./owner.get: the example at `components.examples.Owner.value` does not \
             decode as the success type: "
        ),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].contains("invalid type: string \"one\", expected i64"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].ends_with("; the default answer is made from the schema"),
        "{}",
        notes[0]
    );
    // A note is not a violation: the test does not fail for the spec's own example.
    assert_eq!(server.verify(), Ok(()));
}

#[tokio::test]
async fn a_stream_without_a_stub_answers_a_few_events_of_its_example() {
    let server = start().await;
    let response = reqwest::get(format!("{}/ticks", server.url()))
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "text/event-stream");
    let body = response.text().await.unwrap();
    // Framed as server-sent events: each `data:` line, then a blank line.
    let events: Vec<&str> = body.strip_suffix("\n\n").unwrap().split("\n\n").collect();
    assert_eq!(events.len(), DEFAULT_ITEMS);
    const { assert!(DEFAULT_ITEMS > 1) };
    for event in events {
        let data = event.strip_prefix("data: ").expect("one data line");
        let pet: Pet = serde_json::from_str(data).expect("each event decodes");
        assert_eq!(
            pet,
            Pet {
                id: 1,
                name: "Rex".into()
            }
        );
    }
    assert_eq!(server.notes(), Vec::<String>::new());
}

#[tokio::test]
async fn json_lines_whose_example_does_not_decode_are_made_from_the_schema_with_a_note() {
    let server = start().await;
    let response = reqwest::get(format!("{}/export", server.url()))
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let body = response.text().await.unwrap();
    let lines: Vec<Pet> = body
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line decodes"))
        .collect();
    assert_eq!(
        lines,
        vec![
            Pet {
                id: 0,
                name: "string".into()
            };
            DEFAULT_ITEMS
        ]
    );
    let notes = server.notes();
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert!(
        notes[0].contains("application/x-ndjson.example` does not decode"),
        "{}",
        notes[0]
    );
}

/// Sends one request that breaks the spec and returns the one violation it caused.
async fn violation(path: &str, content_type: &str, body: &str) -> (u16, String, String) {
    let server = start().await;
    let response = post(&server, path, content_type, body).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let violations = server.take_violations();
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert!(text.contains(&violations[0].reason), "{text}");
    assert_eq!(server.verify(), Ok(()), "taken out");
    (
        status,
        violations[0].place.clone(),
        violations[0].reason.clone(),
    )
}

#[tokio::test]
async fn a_path_parameter_of_the_wrong_type_is_a_violation() {
    let (status, place, reason) = violation("/pets/rex?limit=1", "application/json", GOOD).await;
    assert_eq!(status, 400);
    assert_eq!(place, "paths./pets/{id}.post.parameters.id");
    assert!(reason.contains("path parameter `id` is `rex`"), "{reason}");
}

#[tokio::test]
async fn a_missing_required_parameter_is_a_violation() {
    let (status, place, reason) = violation("/pets/1", "application/json", GOOD).await;
    assert_eq!(status, 400);
    assert_eq!(place, "paths./pets/{id}.post.parameters.limit");
    assert!(
        reason.contains("required query parameter `limit` is missing"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_query_parameter_out_of_its_integer_type_is_a_violation() {
    let (_, place, _) = violation("/pets/1?limit=3000000000", "application/json", GOOD).await;
    assert_eq!(place, "paths./pets/{id}.post.parameters.limit");
}

#[tokio::test]
async fn values_the_types_take_but_the_schemas_refuse_are_violations() {
    // `limit` fits an i32, but its schema's maximum is 100.
    let (status, place, reason) = violation("/pets/1?limit=500", "application/json", GOOD).await;
    assert_eq!(status, 400);
    assert_eq!(place, "paths./pets/{id}.post.parameters.limit");
    assert!(
        reason.contains("its schema does not allow") && reason.contains("100"),
        "{reason}"
    );
    // `id` fits an i64, but its schema's minimum is 1.
    let (_, place, _) = violation("/pets/0?limit=1", "application/json", GOOD).await;
    assert_eq!(place, "paths./pets/{id}.post.parameters.id");
    // An empty name is a `String`, but its schema's `minLength` is 1.
    let (_, place, reason) =
        violation("/pets/1?limit=1", "application/json", r#"{"name":""}"#).await;
    assert_eq!(
        place,
        "paths./pets/{id}.post.requestBody.content.application/json.schema"
    );
    assert!(
        reason.contains("the body does not fit the schema") && reason.contains("/name"),
        "{reason}"
    );
    // A header is checked as well, its value not shown.
    let server = start().await;
    let response = reqwest::Client::new()
        .post(format!("{}/pets/1?limit=1", server.url()))
        .header("content-type", "application/json")
        .header("x-trace", "secret-value")
        .body(GOOD)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let violations = server.take_violations();
    assert_eq!(
        violations[0].place,
        "paths./pets/{id}.post.parameters.x-trace"
    );
    assert!(
        violations[0]
            .reason
            .contains("header parameter `x-trace` is a value"),
        "{violations:?}"
    );
    assert!(
        !format!("{violations:?}").contains("secret-value"),
        "{violations:?}"
    );
}

#[tokio::test]
async fn a_body_that_is_not_json_is_a_violation() {
    let (_, place, reason) = violation("/pets/1?limit=1", "application/json", "{name").await;
    assert_eq!(
        place,
        "paths./pets/{id}.post.requestBody.content.application/json.schema"
    );
    assert!(reason.starts_with("the body is not JSON"), "{reason}");
}

#[tokio::test]
async fn a_wrong_content_type_is_a_violation() {
    let (status, place, reason) = violation("/pets/1?limit=1", "text/plain", GOOD).await;
    assert_eq!(status, 400);
    assert_eq!(place, "paths./pets/{id}.post.requestBody.content");
    assert!(
        reason.contains("`text/plain`") && reason.contains("`application/json`"),
        "{reason}"
    );
}

#[tokio::test]
async fn a_body_failing_its_schema_is_a_violation() {
    let (status, place, reason) =
        violation("/pets/1?limit=1", "application/json", r#"{"age":3}"#).await;
    assert_eq!(status, 400);
    assert_eq!(
        place,
        "paths./pets/{id}.post.requestBody.content.application/json.schema"
    );
    assert!(reason.contains("name"), "{reason}");
    let (_, _, reason) = violation(
        "/pets/1?limit=1",
        "application/json",
        r#"{"name":"a","age":-1}"#,
    )
    .await;
    assert!(reason.contains("age") || reason.contains("-1"), "{reason}");
}

#[tokio::test]
async fn a_missing_required_body_is_a_violation() {
    let (_, place, reason) = violation("/pets/1?limit=1", "application/json", "").await;
    assert_eq!(place, "paths./pets/{id}.post.requestBody");
    assert_eq!(reason, "the required body is missing");
}

#[tokio::test]
async fn a_path_no_operation_has_is_a_violation() {
    let (status, place, _) = violation("/owners/1", "application/json", GOOD).await;
    assert_eq!(status, 404);
    assert_eq!(place, "paths");
}

#[tokio::test]
async fn a_literal_segment_wins_over_a_parameter() {
    let server = start().await;
    let response = reqwest::get(format!("{}/pets/new", server.url()))
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(server.received::<NewForm>().len(), 1);
}

#[tokio::test]
async fn a_violation_fails_the_test_when_the_server_is_dropped_even_when_a_stub_matched() {
    let server = start().await;
    server.stub::<UpdatePet>().respond(
        201,
        &Pet {
            id: 1,
            name: "x".into(),
        },
    );
    let response = post(&server, "/pets/x?limit=1", "application/json", GOOD).await;
    assert_eq!(
        response.status(),
        400,
        "the stub does not answer a request that breaks the spec"
    );
    assert!(response.headers().contains_key("x-mock-violation"));
    let dropped = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(server)));
    let message = dropped.expect_err("dropping the server fails the test");
    let message = message
        .downcast_ref::<String>()
        .cloned()
        .unwrap_or_default();
    assert!(
        message.contains("POST /pets/x breaks the spec at paths./pets/{id}.post.parameters.id"),
        "{message}"
    );
}

#[tokio::test]
async fn stubs_match_on_the_typed_request_the_last_added_first() {
    let server = start().await;
    server.stub::<UpdatePet>().respond(
        200,
        &Pet {
            id: 1,
            name: "any".into(),
        },
    );
    server
        .stub::<UpdatePet>()
        .matching(|r| r.id == 2 && r.body.name == "Rex")
        .respond(
            201,
            &Pet {
                id: 2,
                name: "Rex".into(),
            },
        );
    let two = post(&server, "/pets/2?limit=1", "application/json", GOOD).await;
    assert_eq!(two.status(), 201);
    assert_eq!(
        two.json::<Pet>().await.unwrap(),
        Pet {
            id: 2,
            name: "Rex".into()
        }
    );
    let three = post(&server, "/pets/3?limit=1", "application/json", GOOD).await;
    assert_eq!(three.status(), 200);
    assert_eq!(three.json::<Pet>().await.unwrap().name, "any");
}

#[tokio::test]
async fn times_counts_and_verify_reports_a_stub_not_used_as_often() {
    let server = start().await;
    server
        .stub::<UpdatePet>()
        .times(2)
        .respond_error("gone".to_string());
    for _ in 0..2 {
        let response = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
        assert_eq!(response.status(), 404);
        assert_eq!(response.text().await.unwrap(), "gone");
    }
    let third = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    assert_eq!(third.status(), 200, "past its count, the default reply");
    assert_eq!(server.verify(), Ok(()));

    server
        .stub::<UpdatePet>()
        .times(3)
        .respond_error("x".to_string());
    let _ = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    let report = server.verify().expect_err("answered 1 of 3");
    assert!(
        report.contains("a stub of UpdatePet was to answer 3 request(s) and answered 1"),
        "{report}"
    );
    // Met now, so that the drop does not fail this test.
    for _ in 0..2 {
        let _ = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    }
    assert_eq!(server.verify(), Ok(()));
}

#[tokio::test]
async fn faults_come_first_a_status_sequence_with_retry_after_then_a_dropped_connection() {
    let server = start().await;
    server
        .stub::<UpdatePet>()
        .fail_with(&[503, 429])
        .retry_after(3)
        .drop_connection()
        .respond(
            200,
            &Pet {
                id: 5,
                name: "ok".into(),
            },
        );
    let first = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    assert_eq!(first.status(), 503);
    assert_eq!(first.headers()["retry-after"], "3");
    let second = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    assert_eq!(second.status(), 429);
    let third = reqwest::Client::new()
        .post(format!("{}/pets/1?limit=1", server.url()))
        .header("content-type", "application/json")
        .body(GOOD)
        .send()
        .await;
    assert!(third.is_err(), "the connection is dropped: {third:?}");
    let fourth = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    assert_eq!(fourth.json::<Pet>().await.unwrap().name, "ok");
    assert_eq!(server.received::<UpdatePet>().len(), 4);
}

#[tokio::test]
async fn a_delay_holds_the_answer() {
    let server = start().await;
    server
        .stub::<UpdatePet>()
        .delay(Duration::from_millis(300))
        .respond(
            200,
            &Pet {
                id: 1,
                name: "slow".into(),
            },
        );
    let started = Instant::now();
    let response = post(&server, "/pets/1?limit=1", "application/json", GOOD).await;
    assert!(started.elapsed() >= Duration::from_millis(300));
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn debug_of_a_received_request_hides_credentials() {
    let server = start().await;
    let _ = reqwest::Client::new()
        .post(format!("{}/pets/1?limit=1", server.url()))
        .header("content-type", "application/json")
        .header("authorization", "Bearer sk_live_top_secret")
        .body(GOOD)
        .send()
        .await
        .unwrap();
    let shown = format!("{:?}", server.received_requests());
    assert!(!shown.contains("sk_live_top_secret"), "{shown}");
    assert!(shown.contains("UpdatePet"), "{shown}");
}
