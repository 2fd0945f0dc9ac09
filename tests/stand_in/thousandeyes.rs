//! The ThousandEyes stand-in: create a credential (`POST /v6/credentials/new.json`), as
//! `specs/thousandeyes.yaml` transcribes the ThousandEyes API v6 reference page.
//!
//! How it behaves, in the order it checks:
//! - HTTP basic authentication with [`USERNAME`] and [`PASSWORD`] (the page's cURL
//!   example) is required, else 401;
//! - the optional `aid` query parameter, when given, must be an account group the user
//!   belongs to ([`ACCOUNT_GROUP_ID`]), else 403 (the page says only "an error response");
//! - `Accept` must accept `application/json` (else 406) and the body must be sent as
//!   `application/json` (else 415);
//! - the body must be an object with exactly the fields `name` and `value`, non-empty
//!   strings, else 400;
//! - then 201 with the documented example body and headers, `Content-Type:
//!   application/json;charset=UTF-8` and the organization rate-limit headers
//!   (`X-Organization-Rate-Limit-Remaining` counts down from the limit, so the first
//!   answer shows the documented 239).
//!
//! The page documents no error bodies; errors here are `{"errorMessage": "..."}`.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use serde_json::{json, Value};

use super::{
    accepts, at, basic_authorization, content_type, escape, has_authorization, json_reply,
    parse_spec, reply, request_examples, serve, HitIndex, Refusal, Shared, StandIn,
};

/// The user name the stand-in accepts (the page's cURL example).
pub const USERNAME: &str = "noreply@thousandeyes.com";
/// The API token the stand-in accepts as the basic-auth password (the page's cURL
/// example).
pub const PASSWORD: &str = "g351mw5xqhvkmh1vq6zfm51c62wyzib2";
/// The account group the user belongs to, for the `aid` query parameter.
pub const ACCOUNT_GROUP_ID: &str = "1234";

const PATH: &str = "/credentials/new.json";
const JSON: &str = "application/json";
/// The page's example response is sent with this `Content-Type`.
const RESPONSE_CONTENT_TYPE: &str = "application/json;charset=UTF-8";
const LIMIT_HEADER: &str = "x-organization-rate-limit-limit";
const REMAINING_HEADER: &str = "x-organization-rate-limit-remaining";

struct Documented {
    /// The path of the server URL (`/v6`).
    prefix: String,
    request_examples: Vec<(String, Value)>,
    response: Value,
    /// The 201 response's headers, with their example values.
    headers: Vec<(HeaderName, HeaderValue)>,
    limit: u64,
    fields: Vec<String>,
}

fn documented() -> &'static Documented {
    static DOCUMENTED: OnceLock<Documented> = OnceLock::new();
    DOCUMENTED.get_or_init(|| {
        let spec = parse_spec(
            "thousandeyes.yaml",
            include_str!("../../specs/thousandeyes.yaml"),
        );
        let server = at(&spec, "/servers/0/url").as_str().unwrap_or_default();
        let after_scheme = server.split_once("://").map_or(server, |(_, rest)| rest);
        let prefix = after_scheme
            .find('/')
            .map_or("", |i| &after_scheme[i..])
            .trim_end_matches('/')
            .to_owned();
        let created = format!("/paths/{}/post/responses/201", escape(PATH));
        let mut headers = Vec::new();
        let mut limit = 0;
        for (name, header) in at(&spec, &format!("{created}/headers"))
            .as_object()
            .into_iter()
            .flatten()
        {
            // The server sets these itself: they describe the connection, not the reply.
            if ["transfer-encoding", "connection"].contains(&name.to_ascii_lowercase().as_str()) {
                continue;
            }
            let example = match header.get("example") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => continue,
            };
            if name.eq_ignore_ascii_case(LIMIT_HEADER) {
                limit = example.parse().unwrap_or(0);
            }
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&example),
            ) {
                headers.push((name, value));
            }
        }
        let fields = at(
            &spec,
            "/components/schemas/CreateCredentialRequest/properties",
        )
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
        Documented {
            prefix,
            request_examples: request_examples(&spec, PATH, "post", JSON),
            response: at(
                &spec,
                &format!("{created}/content/{}/example", escape(JSON)),
            )
            .clone(),
            headers,
            limit,
            fields,
        }
    })
}

/// The documented request body (the page's cURL example).
pub fn request_example() -> Value {
    documented()
        .request_examples
        .first()
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

/// The documented 201 response body.
pub fn response_example() -> Value {
    documented().response.clone()
}

#[derive(Clone)]
struct ThousandEyes {
    shared: Arc<Shared>,
    created: Arc<AtomicU64>,
}

pub(super) async fn start() -> StandIn {
    let shared = Arc::new(Shared::default());
    let state = ThousandEyes {
        shared: shared.clone(),
        created: Arc::new(AtomicU64::new(0)),
    };
    let doc = documented();
    let router = Router::new()
        .route(&format!("{}{PATH}", doc.prefix), post(create))
        .with_state(state);
    serve(router, shared, &doc.prefix).await
}

fn error(status: StatusCode, message: &str) -> Refusal {
    Refusal::from(json_reply(
        status,
        RESPONSE_CONTENT_TYPE,
        &json!({ "errorMessage": message }),
    ))
}

async fn create(
    State(state): State<ThousandEyes>,
    Extension(hit): Extension<HitIndex>,
    Query(query): Query<BTreeMap<String, String>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(try_create(&state, hit, &query, &headers, &body))
}

fn try_create(
    state: &ThousandEyes,
    hit: HitIndex,
    query: &BTreeMap<String, String>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, Refusal> {
    let doc = documented();
    if !has_authorization(headers, &basic_authorization(USERNAME, PASSWORD)) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "Authentication failed: check the user name and API token",
        ));
    }
    if let Some(aid) = query.get("aid") {
        if aid != ACCOUNT_GROUP_ID {
            return Err(error(
                StatusCode::FORBIDDEN,
                &format!("the user is not assigned to account group {aid:?}"),
            ));
        }
    }
    if !accepts(headers, JSON) {
        return Err(error(
            StatusCode::NOT_ACCEPTABLE,
            "responses are application/json",
        ));
    }
    if content_type(headers).as_deref() != Some(JSON) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "the body must be sent as application/json",
        ));
    }
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(body) else {
        return Err(error(
            StatusCode::BAD_REQUEST,
            "the body must be a JSON object",
        ));
    };
    state
        .shared
        .note_example(hit, &Value::Object(map.clone()), &doc.request_examples);
    if let Some(key) = map.keys().find(|k| !doc.fields.contains(k)) {
        return Err(error(
            StatusCode::BAD_REQUEST,
            &format!("unknown field {key:?}"),
        ));
    }
    for field in &doc.fields {
        if map
            .get(field)
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            return Err(error(
                StatusCode::BAD_REQUEST,
                &format!("{field:?} is required and must be a non-empty string"),
            ));
        }
    }

    let created = state.created.fetch_add(1, Ordering::SeqCst) + 1;
    let mut response = json_reply(StatusCode::CREATED, RESPONSE_CONTENT_TYPE, &doc.response);
    for (name, value) in &doc.headers {
        let value = if name == REMAINING_HEADER {
            HeaderValue::from(doc.limit.saturating_sub(created))
        } else {
            value.clone()
        };
        response.headers_mut().append(name.clone(), value);
    }
    Ok(response)
}
