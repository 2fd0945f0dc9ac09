//! The Commerce Layer stand-in: create an API credential (`POST /api/api_credentials`),
//! as `specs/commercelayer.yaml` transcribes the provisioning API reference page.
//!
//! How it behaves, in the order it checks:
//! - `Authorization: Bearer` [`ACCESS_TOKEN`] is required, else 401;
//! - `Accept` must accept `application/vnd.api+json` (else 406) and the body must be sent
//!   as `application/vnd.api+json` (else 415);
//! - the body must be a JSON:API document: `data.type` one of the spec's values,
//!   `data.attributes` with the required `name` and `kind` and only documented attributes,
//!   `data.relationships.organization.data` with string `type` and `id`, else 400;
//! - then 201 with the documented example body, as `application/vnd.api+json`.
//!
//! The page documents no error bodies; errors here are JSON:API error documents
//! (`{"errors": [{"status", "code", "title", "detail"}]}`).

use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use serde_json::{json, Map, Value};

use super::{
    accepts, at, content_type, escape, has_authorization, json_reply, parse_spec, reply,
    request_examples, serve, HitIndex, Refusal, Shared, StandIn,
};

/// The access token the stand-in accepts (`Authorization: Bearer <ACCESS_TOKEN>`).
pub const ACCESS_TOKEN: &str = "cl_standin_access_token_Vb7Nq3ZpX";

const PATH: &str = "/api/api_credentials";
const JSON_API: &str = "application/vnd.api+json";

struct Documented {
    request_examples: Vec<(String, Value)>,
    response: Value,
    types: Vec<String>,
    attributes: Vec<String>,
    required_attributes: Vec<String>,
    required_relationships: Vec<String>,
}

fn documented() -> &'static Documented {
    static DOCUMENTED: OnceLock<Documented> = OnceLock::new();
    DOCUMENTED.get_or_init(|| {
        let spec = parse_spec(
            "commercelayer.yaml",
            include_str!("../../specs/commercelayer.yaml"),
        );
        let strings = |pointer: &str| -> Vec<String> {
            match at(&spec, pointer) {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Value::Object(map) => map.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let schemas = "/components/schemas";
        Documented {
            request_examples: request_examples(&spec, PATH, "post", JSON_API),
            response: at(
                &spec,
                &format!(
                    "/paths/{}/post/responses/201/content/{}/example",
                    escape(PATH),
                    escape(JSON_API)
                ),
            )
            .clone(),
            types: strings(&format!(
                "{schemas}/ApiCredentialCreateData/properties/type/enum"
            )),
            attributes: strings(&format!(
                "{schemas}/ApiCredentialCreateAttributes/properties"
            )),
            required_attributes: strings(&format!(
                "{schemas}/ApiCredentialCreateAttributes/required"
            )),
            required_relationships: strings(&format!(
                "{schemas}/ApiCredentialCreateRelationships/required"
            )),
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
struct CommerceLayer {
    shared: Arc<Shared>,
}

pub(super) async fn start() -> StandIn {
    let shared = Arc::new(Shared::default());
    let state = CommerceLayer {
        shared: shared.clone(),
    };
    let router = Router::new().route(PATH, post(create)).with_state(state);
    serve(router, shared, "").await
}

fn error(status: StatusCode, code: &str, detail: &str) -> Refusal {
    Refusal::from(json_reply(
        status,
        JSON_API,
        &json!({
            "errors": [{
                "status": status.as_u16().to_string(),
                "code": code,
                "title": status.canonical_reason().unwrap_or("Error"),
                "detail": detail,
            }]
        }),
    ))
}

fn bad_request(detail: &str) -> Refusal {
    error(StatusCode::BAD_REQUEST, "BAD_REQUEST", detail)
}

async fn create(
    State(state): State<CommerceLayer>,
    Extension(hit): Extension<HitIndex>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(try_create(&state, hit, &headers, &body))
}

fn object<'a>(value: Option<&'a Value>, what: &str) -> Result<&'a Map<String, Value>, Refusal> {
    match value {
        Some(Value::Object(map)) => Ok(map),
        Some(_) => Err(bad_request(&format!("`{what}` must be an object"))),
        None => Err(bad_request(&format!("`{what}` is required"))),
    }
}

fn string<'a>(map: &'a Map<String, Value>, key: &str, what: &str) -> Result<&'a str, Refusal> {
    map.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request(&format!("`{what}.{key}` is required and must be a string")))
}

fn try_create(
    state: &CommerceLayer,
    hit: HitIndex,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, Refusal> {
    let doc = documented();
    if !has_authorization(headers, &format!("Bearer {ACCESS_TOKEN}")) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "INVALID_TOKEN",
            "The access token you provided is invalid.",
        ));
    }
    if !accepts(headers, JSON_API) {
        return Err(error(
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "responses are application/vnd.api+json",
        ));
    }
    if content_type(headers).as_deref() != Some(JSON_API) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "the body must be sent as application/vnd.api+json",
        ));
    }
    let document: Value =
        serde_json::from_slice(body).map_err(|_| bad_request("the body is not valid JSON"))?;
    state
        .shared
        .note_example(hit, &document, &doc.request_examples);

    let data = object(document.get("data"), "data")?;
    let kind = string(data, "type", "data")?;
    if !doc.types.iter().any(|t| t == kind) {
        return Err(bad_request(&format!(
            "`data.type` must be one of {:?}",
            doc.types
        )));
    }
    let attributes = object(data.get("attributes"), "data.attributes")?;
    if let Some(key) = attributes.keys().find(|k| !doc.attributes.contains(k)) {
        return Err(bad_request(&format!("unknown attribute {key:?}")));
    }
    for key in &doc.required_attributes {
        string(attributes, key, "data.attributes")?;
    }
    let relationships = object(data.get("relationships"), "data.relationships")?;
    for name in &doc.required_relationships {
        let what = format!("data.relationships.{name}");
        let relationship = object(relationships.get(name), &what)?;
        let what = format!("{what}.data");
        let identifier = object(relationship.get("data"), &what)?;
        string(identifier, "type", &what)?;
        string(identifier, "id", &what)?;
    }
    Ok(json_reply(StatusCode::CREATED, JSON_API, &doc.response))
}
