//! The Nylas stand-in: create a connector credential
//! (`POST /v3/connectors/{provider}/creds`) and update one
//! (`PATCH /v3/connectors/{provider}/creds/{id}`), as `specs/nylas.yaml` transcribes the
//! Nylas reference pages.
//!
//! How it behaves, in the order it checks:
//! - `Authorization: Bearer` [`API_KEY`] is required, else 401 with the documented error
//!   body (`request_id`, `error.type`, `error.message`);
//! - `provider` must be one the spec lists, else 400;
//! - `Accept` must accept `application/json` (else 406) and a body must be sent as
//!   `application/json` (else 415);
//! - create: the body needs `name`, a known `credential_type` and the `credential_data`
//!   fields the spec requires for that type, and no other top-level field, else 400; the
//!   name must be unique for the provider (the server remembers every name), else 400;
//!   201 with `request_id` and `data` (`id`, `name`, `created_at` = `updated_at`);
//! - update: the credential must exist for that provider, else 404 (not documented; the
//!   message names the id as the server decoded it); the credential the spec's examples
//!   update ([`documented_credential_id`]) exists from the start; the body is optional,
//!   `name` and `credential_data` are checked like create's; 200 with the credential.
//!
//! The pages document the 400 and 401 bodies' shape but no values; `error.type` is
//! `invalid_request_error`, `unauthorized` or `not_found_error` here.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::routing::{patch, post};
use axum::{Extension, Router};
use serde_json::{json, Value};

use super::{
    accepts, at, content_type, escape, has_authorization, json_reply, lock, parse_spec, reply,
    request_examples, serve, HitIndex, Refusal, Shared, StandIn,
};

/// The API key the stand-in accepts (`Authorization: Bearer <API_KEY>`).
pub const API_KEY: &str = "nyk_v0_standin_Qx2pLm9Rt4Kd8VzW";

const CREATE_PATH: &str = "/v3/connectors/{provider}/creds";
const UPDATE_PATH: &str = "/v3/connectors/{provider}/creds/{id}";
const JSON: &str = "application/json";

/// What the spec documents, read once.
struct Documented {
    create_examples: Vec<(String, Value)>,
    update_examples: Vec<(String, Value)>,
    providers: Vec<String>,
    /// The fields of `credential_data` each `credential_type` requires.
    required_data: BTreeMap<String, Vec<String>>,
    /// The top-level fields of a create body (any variant) and of an update body.
    create_fields: Vec<String>,
    update_fields: Vec<String>,
    request_id: String,
    credential_id: String,
    credential_name: String,
    provider: String,
}

fn documented() -> &'static Documented {
    static DOCUMENTED: OnceLock<Documented> = OnceLock::new();
    DOCUMENTED.get_or_init(|| {
        let spec = parse_spec("nylas.yaml", include_str!("../../specs/nylas.yaml"));
        let schema = |name: &str| at(&spec, &format!("/components/schemas/{name}"));
        let names = |value: &Value| -> Vec<String> {
            match value {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                Value::Object(map) => map.keys().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let ref_name = |value: &Value| -> String {
            value
                .as_str()
                .and_then(|r| r.rsplit('/').next())
                .unwrap_or_default()
                .to_owned()
        };

        let mut required_data = BTreeMap::new();
        let mut create_fields = Vec::new();
        let mapping = at(
            &spec,
            "/components/schemas/CreateCredentialRequest/discriminator/mapping",
        );
        for (credential_type, variant) in mapping.as_object().into_iter().flatten() {
            let variant = schema(&ref_name(variant));
            create_fields.extend(names(at(variant, "/properties")));
            let data = schema(&ref_name(at(variant, "/properties/credential_data/$ref")));
            required_data.insert(credential_type.clone(), names(at(data, "/required")));
        }
        create_fields.sort();
        create_fields.dedup();

        let update = format!("/paths/{}/patch", escape(UPDATE_PATH));
        let id_param = at(&spec, &format!("{update}/parameters"))
            .as_array()
            .into_iter()
            .flatten()
            .find(|p| p.get("name").and_then(Value::as_str) == Some("id"))
            .expect("specs/nylas.yaml documents the `id` parameter");
        Documented {
            create_examples: request_examples(&spec, CREATE_PATH, "post", JSON),
            update_examples: request_examples(&spec, UPDATE_PATH, "patch", JSON),
            providers: names(at(&spec, "/components/parameters/Provider/schema/enum")),
            required_data,
            create_fields,
            update_fields: names(at(schema("UpdateCredentialRequest"), "/properties")),
            request_id: text(at(
                schema("CredentialResponse"),
                "/properties/request_id/example",
            )),
            credential_id: text(at(id_param, "/example")),
            credential_name: text(at(
                schema("UpdateCredentialRequest"),
                "/properties/name/example",
            )),
            provider: text(at(&spec, "/components/parameters/Provider/example")),
        }
    })
}

fn text(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_owned()
}

/// The documented create body named `name` in the spec (`curl`: the cURL sample's body;
/// `sdkSamples`: the SDK samples').
pub fn create_example(name: &str) -> Value {
    example(&documented().create_examples, name)
}

/// The documented update body named `name` in the spec (`curl`: the cURL sample's body;
/// `renameOnly`: the Python sample's).
pub fn update_example(name: &str) -> Value {
    example(&documented().update_examples, name)
}

fn example(examples: &[(String, Value)], name: &str) -> Value {
    examples
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| panic!("specs/nylas.yaml has no request example `{name}`"))
}

/// The id of the credential the documented update example targets; it exists from the
/// start, for the spec's example provider ([`documented_provider`]).
pub fn documented_credential_id() -> &'static str {
    &documented().credential_id
}

/// The name the documented credential starts with.
pub fn documented_credential_name() -> &'static str {
    &documented().credential_name
}

/// The spec's example provider (`google`).
pub fn documented_provider() -> &'static str {
    &documented().provider
}

/// The documented `request_id` every reply carries.
pub fn documented_request_id() -> &'static str {
    &documented().request_id
}

#[derive(Clone)]
struct Nylas {
    shared: Arc<Shared>,
    store: Arc<Mutex<Store>>,
}

struct Store {
    created: u64,
    credentials: BTreeMap<String, Stored>,
}

struct Stored {
    provider: String,
    name: String,
    created_at: i64,
    updated_at: i64,
}

impl Stored {
    fn json(&self, id: &str) -> Value {
        json!({
            "id": id,
            "name": self.name,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

pub(super) async fn start() -> StandIn {
    let doc = documented();
    let now = now();
    let mut credentials = BTreeMap::new();
    credentials.insert(
        doc.credential_id.clone(),
        Stored {
            provider: doc.provider.clone(),
            name: doc.credential_name.clone(),
            created_at: now,
            updated_at: now,
        },
    );
    let shared = Arc::new(Shared::default());
    let state = Nylas {
        shared: shared.clone(),
        store: Arc::new(Mutex::new(Store {
            created: 0,
            credentials,
        })),
    };
    let router = Router::new()
        .route(CREATE_PATH, post(create))
        .route(UPDATE_PATH, patch(update))
        .with_state(state);
    serve(router, shared, "").await
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The documented error body.
fn error(status: StatusCode, kind: &str, message: &str) -> Refusal {
    Refusal::from(json_reply(
        status,
        JSON,
        &json!({
            "request_id": documented().request_id,
            "error": { "type": kind, "message": message },
        }),
    ))
}

fn bad_request(message: &str) -> Refusal {
    error(StatusCode::BAD_REQUEST, "invalid_request_error", message)
}

/// The checks both operations share; `Err` is the reply.
fn check_request(headers: &HeaderMap, provider: &str, body: &Bytes) -> Result<(), Refusal> {
    if !has_authorization(headers, &format!("Bearer {API_KEY}")) {
        return Err(error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized: the API key is missing or not valid",
        ));
    }
    if !documented().providers.iter().any(|p| p == provider) {
        return Err(bad_request(&format!("unknown provider {provider:?}")));
    }
    if !accepts(headers, JSON) {
        return Err(error(
            StatusCode::NOT_ACCEPTABLE,
            "invalid_request_error",
            "responses are application/json",
        ));
    }
    if !body.is_empty() && content_type(headers).as_deref() != Some(JSON) {
        return Err(error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "invalid_request_error",
            "the body must be sent as application/json",
        ));
    }
    Ok(())
}

fn parse_object(body: &Bytes) -> Result<serde_json::Map<String, Value>, Refusal> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(bad_request("the body must be a JSON object")),
        Err(_) => Err(bad_request("the body is not valid JSON")),
    }
}

fn check_fields(map: &serde_json::Map<String, Value>, allowed: &[String]) -> Result<(), Refusal> {
    match map.keys().find(|key| !allowed.contains(key)) {
        Some(key) => Err(bad_request(&format!("unknown field {key:?}"))),
        None => Ok(()),
    }
}

fn check_name(value: Option<&Value>) -> Result<Option<String>, Refusal> {
    match value {
        None => Ok(None),
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(Some(name.clone())),
        Some(_) => Err(bad_request("`name` must be a non-empty string")),
    }
}

/// `credential_data` must be an object whose values are strings (the documented fields
/// all are) and must hold every field in `required`.
fn check_data(value: Option<&Value>, required: &[String]) -> Result<(), Refusal> {
    let Some(data) = value else {
        return Ok(());
    };
    let Value::Object(data) = data else {
        return Err(bad_request("`credential_data` must be an object"));
    };
    if let Some(missing) = required.iter().find(|f| !data.contains_key(f.as_str())) {
        return Err(bad_request(&format!(
            "`credential_data` must contain {missing:?}"
        )));
    }
    if let Some((key, _)) = data.iter().find(|(_, v)| !v.is_string()) {
        return Err(bad_request(&format!(
            "`credential_data.{key}` must be a string"
        )));
    }
    Ok(())
}

/// Whether another credential of `provider` than `except` is named `name`.
fn name_taken(store: &Store, provider: &str, name: &str, except: Option<&str>) -> bool {
    store
        .credentials
        .iter()
        .any(|(id, c)| c.provider == provider && c.name == name && Some(id.as_str()) != except)
}

async fn create(
    State(state): State<Nylas>,
    Extension(hit): Extension<HitIndex>,
    Path(provider): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(try_create(&state, hit, &provider, &headers, &body))
}

fn try_create(
    state: &Nylas,
    hit: HitIndex,
    provider: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, Refusal> {
    let doc = documented();
    check_request(headers, provider, body)?;
    if body.is_empty() {
        return Err(bad_request("a request body is required"));
    }
    let map = parse_object(body)?;
    state
        .shared
        .note_example(hit, &Value::Object(map.clone()), &doc.create_examples);
    check_fields(&map, &doc.create_fields)?;
    let name = check_name(map.get("name"))?.ok_or_else(|| bad_request("`name` is required"))?;
    let credential_type = map
        .get("credential_type")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request("`credential_type` is required"))?;
    let required = doc.required_data.get(credential_type).ok_or_else(|| {
        bad_request(&format!(
            "`credential_type` must be one of {:?}",
            doc.required_data.keys().collect::<Vec<_>>()
        ))
    })?;
    let data = map
        .get("credential_data")
        .ok_or_else(|| bad_request("`credential_data` is required"))?;
    check_data(Some(data), required)?;

    let mut store = lock(&state.store);
    if name_taken(&store, provider, &name, None) {
        return Err(bad_request(&format!(
            "a credential named {name:?} already exists for provider {provider:?}; names must be unique"
        )));
    }
    store.created += 1;
    let id = format!("5a1d0000-0000-4000-8000-{:012x}", store.created);
    let now = now();
    let stored = Stored {
        provider: provider.to_owned(),
        name,
        created_at: now,
        updated_at: now,
    };
    let data = stored.json(&id);
    store.credentials.insert(id, stored);
    Ok(json_reply(
        StatusCode::CREATED,
        JSON,
        &json!({ "request_id": doc.request_id, "data": data }),
    ))
}

async fn update(
    State(state): State<Nylas>,
    Extension(hit): Extension<HitIndex>,
    Path((provider, id)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    reply(try_update(&state, hit, &provider, &id, &headers, &body))
}

fn try_update(
    state: &Nylas,
    hit: HitIndex,
    provider: &str,
    id: &str,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Response, Refusal> {
    let doc = documented();
    check_request(headers, provider, body)?;
    let map = if body.is_empty() {
        serde_json::Map::new()
    } else {
        parse_object(body)?
    };
    if !body.is_empty() {
        state
            .shared
            .note_example(hit, &Value::Object(map.clone()), &doc.update_examples);
    }
    check_fields(&map, &doc.update_fields)?;
    let name = check_name(map.get("name"))?;
    check_data(map.get("credential_data"), &[])?;

    let mut store = lock(&state.store);
    if store
        .credentials
        .get(id)
        .is_none_or(|c| c.provider != provider)
    {
        return Err(error(
            StatusCode::NOT_FOUND,
            "not_found_error",
            &format!("no credential with id {id:?} for provider {provider:?}"),
        ));
    }
    if let Some(name) = &name {
        if name_taken(&store, provider, name, Some(id)) {
            return Err(bad_request(&format!(
                "a credential named {name:?} already exists for provider {provider:?}; names must be unique"
            )));
        }
    }
    let now = now();
    let Some(stored) = store.credentials.get_mut(id) else {
        return Err(bad_request("the credential vanished"));
    };
    if let Some(name) = name {
        stored.name = name;
    }
    stored.updated_at = now.max(stored.created_at);
    Ok(json_reply(
        StatusCode::OK,
        JSON,
        &json!({ "request_id": doc.request_id, "data": stored.json(id) }),
    ))
}
