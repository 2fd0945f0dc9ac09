//! The independent half of the request check: the spec's request schemas, translated to
//! JSON Schema 2020-12 by the generator (`openapi_gen::json_schema`, as the conformance
//! check does) and embedded in the `mock` module as data, validated with the `jsonschema`
//! crate, which owes nothing to the generated types.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine;
use serde_json::{json, Value};

/// The resource the translated document is registered under.
const BASE: &str = "https://mock.invalid/spec.json";

/// Every document registered so far, by the address of its text.
type Registered = Vec<(usize, Arc<Schemas>)>;

/// One API's translated document, registered; validators compiled on first use.
pub(super) struct Schemas {
    registry: Result<jsonschema::Registry<'static>, String>,
    validators: Mutex<BTreeMap<&'static str, Result<Arc<jsonschema::Validator>, String>>>,
}

impl Schemas {
    /// The schemas of `document` (JSON text), registered once per process.
    pub(super) fn of(document: &'static str) -> Arc<Schemas> {
        static ALL: OnceLock<Mutex<Registered>> = OnceLock::new();
        let all = ALL.get_or_init(|| Mutex::new(Vec::new()));
        let mut all = all.lock().unwrap_or_else(|p| p.into_inner());
        let key = document.as_ptr() as usize;
        if let Some((_, schemas)) = all.iter().find(|(k, _)| *k == key) {
            return Arc::clone(schemas);
        }
        let registry = serde_json::from_str::<Value>(document)
            .map_err(|e| e.to_string())
            .and_then(|value| {
                jsonschema::Registry::new()
                    .draft(jsonschema::Draft::Draft202012)
                    .add(BASE, value)
                    .and_then(|b| b.prepare())
                    .map_err(|e| e.to_string())
            })
            .map_err(|e| format!("the mock cannot register the spec's schemas: {e}"));
        let schemas = Arc::new(Schemas {
            registry,
            validators: Mutex::new(BTreeMap::new()),
        });
        all.push((key, Arc::clone(&schemas)));
        schemas
    }

    /// Whether `value` is valid against the schema at `place` (a URI fragment): `Err`
    /// with the validator's first error and where in the value.
    pub(super) fn check(&self, place: &'static str, value: &Value) -> Result<(), String> {
        let validator = {
            let mut validators = self.validators.lock().unwrap_or_else(|p| p.into_inner());
            validators
                .entry(place)
                .or_insert_with(|| self.compile(place))
                .clone()?
        };
        validator.validate(value).map_err(|error| {
            let at = error.instance_path().as_str().to_string();
            let at = if at.is_empty() {
                "the root".to_string()
            } else {
                at
            };
            format!("{error} (at {at})")
        })
    }

    fn compile(&self, place: &str) -> Result<Arc<jsonschema::Validator>, String> {
        let registry = self.registry.as_ref().map_err(Clone::clone)?;
        jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .with_format("byte", |s: &str| {
                base64::engine::general_purpose::STANDARD.decode(s).is_ok()
            })
            .with_registry(registry)
            .build(&json!({ "$ref": format!("{BASE}{place}") }))
            .map(Arc::new)
            .map_err(|e| format!("the mock cannot compile the spec's schema at {place}: {e}"))
    }
}
