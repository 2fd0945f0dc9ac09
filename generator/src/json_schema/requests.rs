//! The request side of a document for the generated mock's check: what the operations'
//! parameters and bodies reach through `$ref`s, translated for requests
//! ([`super::translate_document`]), and the place of each parameter's and body's schema
//! in it, by operation.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};

use openapiv3::{OpenAPI, ReferenceOr};
use serde::Serialize;
use serde_json::{Map, Value};

use super::{fragment, translate_document, Document, Side, LIST, MAP, ONE};
use crate::ir::{ParamLocation, RequestSchemas};
use crate::refs::percent_decode;

/// What the mock's check validates with `jsonschema`, from the document as loaded (3.0).
///
/// Only what the operations' parameters and bodies reach through `$ref`s is serialized
/// (`Parts`) and translated: the responses, examples and unused schemas of a large
/// document are never copied (github.json: 72 ms for the whole document before, most of
/// it on the response side). The result is what translating the whole document and then
/// pruning it gives. An error is a part that does not encode as JSON.
pub fn request_schemas(api: &OpenAPI) -> Result<RequestSchemas, serde_json::Error> {
    let mut parts = Parts::new(api);
    let mut out = RequestSchemas::default();
    let mut wanted: Vec<String> = Vec::new();
    for template in api.paths.paths.keys() {
        let item_pointer = format!("/paths/{}", escape(template));
        let Some(item) = parts.get(&item_pointer) else {
            continue;
        };
        let item_params = item.get("parameters").and_then(Value::as_array);
        for (method, operation) in item.as_object().into_iter().flatten() {
            if !is_method(method) {
                continue;
            }
            let op_pointer = format!("{item_pointer}/{method}");
            let mut places = crate::ir::OperationSchemas::default();
            // Path-item parameters first, the operation's own override them.
            let mut params: BTreeMap<(String, String), String> = BTreeMap::new();
            for (list, pointer) in [
                (item_params, format!("{item_pointer}/parameters")),
                (
                    operation.get("parameters").and_then(Value::as_array),
                    format!("{op_pointer}/parameters"),
                ),
            ] {
                for (i, param) in list.into_iter().flatten().enumerate() {
                    let (at, param) = resolved(&mut parts, format!("{pointer}/{i}"), param);
                    let (Some(name), Some(location)) = (
                        param.get("name").and_then(Value::as_str),
                        param.get("in").and_then(Value::as_str),
                    ) else {
                        continue;
                    };
                    if param.get("schema").is_some() {
                        params.insert(
                            (location.to_string(), name.to_string()),
                            format!("{at}/schema"),
                        );
                    }
                }
            }
            for ((location, name), pointer) in params {
                let Some(location) = param_location(&location) else {
                    continue;
                };
                wanted.push(pointer.clone());
                places
                    .params
                    .push((name, location, fragment(&format!("#{pointer}"))));
            }
            if let Some(body) = operation.get("requestBody") {
                let (at, body) = resolved(&mut parts, format!("{op_pointer}/requestBody"), body);
                for (media, content) in body
                    .get("content")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    if content.get("schema").is_some() {
                        let pointer = format!("{at}/content/{}/schema", escape(media));
                        wanted.push(pointer.clone());
                        places
                            .bodies
                            .push((media.clone(), fragment(&format!("#{pointer}"))));
                    }
                }
            }
            out.operations
                .insert((template.clone(), method.to_ascii_uppercase()), places);
        }
    }
    // The parts reached, at their places, translated as a whole document would be: every
    // `$ref` they hold (and every schema a discriminator maps to) leads inside them.
    let reached = reached(&mut parts, &wanted);
    if let Some(error) = parts.error {
        return Err(error);
    }
    let resolve = |reference: &str| follow(&reached, reference);
    let translated = translate_document(
        &Document {
            value: &reached,
            v31: false,
            resolve: &resolve,
        },
        Side::Request,
    );
    // Every object's keys in order, so that the order of the document's maps does not
    // change a byte of the output (sorted in place: no key hashed again).
    let mut document = pruned(&translated, wanted);
    document.sort_all_objects();
    out.document = document.to_string();
    Ok(out)
}

/// The loaded document's parts as JSON, each serialized when first asked for: a
/// component (`/components/schemas/Pet`), or a path item's request side (its parameters,
/// and each operation's parameters and body), the whole item when a pointer asks for
/// more of it. A pointer to anything else is answered from the whole document,
/// serialized once.
struct Parts<'a> {
    api: &'a OpenAPI,
    /// By the unit's pointer; `None` for a component the document does not have.
    units: HashMap<String, Option<Value>>,
    /// The path items whose unit is the whole item, not only its request side.
    whole_items: HashSet<String>,
    full: Option<Value>,
    /// The first part that did not encode as JSON.
    error: Option<serde_json::Error>,
}

impl<'a> Parts<'a> {
    fn new(api: &'a OpenAPI) -> Self {
        Parts {
            api,
            units: HashMap::new(),
            whole_items: HashSet::new(),
            full: None,
            error: None,
        }
    }

    /// The value at `pointer` (a JSON pointer into the document), copied.
    fn get(&mut self, pointer: &str) -> Option<Value> {
        let tokens: Vec<&str> = pointer.split('/').collect();
        match tokens.as_slice() {
            ["", "components", section, name, rest @ ..] => {
                let unit = format!("/components/{section}/{name}");
                if !self.units.contains_key(&unit) {
                    let Some(value) = self.component(section, &unescape(name)) else {
                        return self.in_whole(pointer);
                    };
                    self.units.insert(unit.clone(), value);
                }
                let value = self.units.get(&unit)?.as_ref()?;
                value.pointer(&rest_pointer(rest)).cloned()
            }
            ["", "paths", template, rest @ ..] => {
                let unit = format!("/paths/{template}");
                let rest = rest_pointer(rest);
                if !self.units.contains_key(&unit) {
                    let item = self.path_item(&unescape(template), false);
                    self.units.insert(unit.clone(), item);
                }
                let found = self.units.get(&unit)?.as_ref()?.pointer(&rest).cloned();
                if found.is_some() || !self.whole_items.insert(unit.clone()) {
                    return found;
                }
                let item = self.path_item(&unescape(template), true);
                self.units.insert(unit.clone(), item);
                self.units.get(&unit)?.as_ref()?.pointer(&rest).cloned()
            }
            _ => self.in_whole(pointer),
        }
    }

    fn in_whole(&mut self, pointer: &str) -> Option<Value> {
        if self.full.is_none() {
            let api = self.api;
            self.full = self.encode(api);
        }
        self.full.as_ref()?.pointer(pointer).cloned()
    }

    /// The component `name` of `section`: `None` for a section this does not know (it is
    /// then read from the whole document), `Some(None)` for a name the section lacks.
    fn component(&mut self, section: &str, name: &str) -> Option<Option<Value>> {
        let components = self.api.components.as_ref();
        Some(match section {
            "schemas" => self.entry(components.and_then(|c| c.schemas.get(name))),
            "responses" => self.entry(components.and_then(|c| c.responses.get(name))),
            "parameters" => self.entry(components.and_then(|c| c.parameters.get(name))),
            "examples" => self.entry(components.and_then(|c| c.examples.get(name))),
            "requestBodies" => self.entry(components.and_then(|c| c.request_bodies.get(name))),
            "headers" => self.entry(components.and_then(|c| c.headers.get(name))),
            "securitySchemes" => self.entry(components.and_then(|c| c.security_schemes.get(name))),
            "links" => self.entry(components.and_then(|c| c.links.get(name))),
            "callbacks" => self.entry(components.and_then(|c| c.callbacks.get(name))),
            _ => return None,
        })
    }

    fn entry<T: Serialize>(&mut self, value: Option<&T>) -> Option<Value> {
        self.encode(value?)
    }

    /// The path item of `template`: whole, or its request side only.
    fn path_item(&mut self, template: &str, whole: bool) -> Option<Value> {
        let item = self.api.paths.paths.get(template)?;
        let ReferenceOr::Item(item) = item else {
            return self.encode(item);
        };
        if whole {
            return self.encode(item);
        }
        let mut map = Map::new();
        if !item.parameters.is_empty() {
            map.insert("parameters".into(), self.encode(&item.parameters)?);
        }
        for (method, operation) in item.iter() {
            let mut side = Map::new();
            if !operation.parameters.is_empty() {
                side.insert("parameters".into(), self.encode(&operation.parameters)?);
            }
            if let Some(body) = &operation.request_body {
                side.insert("requestBody".into(), self.encode(body)?);
            }
            map.insert(method.into(), Value::Object(side));
        }
        Some(Value::Object(map))
    }

    fn encode<T: Serialize + ?Sized>(&mut self, value: &T) -> Option<Value> {
        match serde_json::to_value(value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }
}

/// The tokens after a unit's as a JSON pointer (`""` for the unit itself).
fn rest_pointer(rest: &[&str]) -> String {
    rest.iter().map(|token| format!("/{token}")).collect()
}

/// A JSON pointer token's text.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// The parts `wanted` names and what their `$ref`s and discriminator mappings reach,
/// each at its place in an otherwise empty document.
fn reached(parts: &mut Parts<'_>, wanted: &[String]) -> Value {
    gathered(wanted.to_vec(), |pointer| {
        let value = parts.get(pointer)?;
        let mut references = Vec::new();
        collect_refs(&value, &mut references);
        collect_mappings(&value, &mut references);
        Some((value, references))
    })
}

/// The schemas discriminator mappings below `value` name, as the translation writes
/// them (`Dog` is `#/components/schemas/Dog`).
fn collect_mappings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            let mapping = map
                .get("discriminator")
                .and_then(|d| d.get("mapping"))
                .and_then(Value::as_object);
            for target in mapping
                .into_iter()
                .flatten()
                .filter_map(|(_, t)| t.as_str())
            {
                out.push(if target.starts_with('#') || target.contains('/') {
                    target.to_string()
                } else {
                    format!("#/components/schemas/{target}")
                });
            }
            map.values().for_each(|v| collect_mappings(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_mappings(v, out)),
        _ => {}
    }
}

fn is_method(key: &str) -> bool {
    matches!(
        key,
        "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace"
    )
}

fn param_location(word: &str) -> Option<ParamLocation> {
    Some(match word {
        "path" => ParamLocation::Path,
        "query" => ParamLocation::Query,
        "header" => ParamLocation::Header,
        "cookie" => ParamLocation::Cookie,
        _ => return None,
    })
}

/// A key as a JSON pointer token.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The value a local `$ref` leads to (`#/components/...`), its chain followed (at most
/// 64 steps, so a cycle ends).
fn follow<'d>(document: &'d Value, reference: &str) -> Option<&'d Value> {
    let mut reference = reference.to_string();
    for _ in 0..64 {
        let node = document.pointer(&percent_decode(reference.strip_prefix('#')?))?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next.to_string(),
            None => return Some(node),
        }
    }
    None
}

/// The place (a JSON pointer) and value of `value` found at `pointer`, its `$ref`
/// chain followed.
fn resolved<'v>(
    parts: &mut Parts<'_>,
    mut pointer: String,
    value: &'v Value,
) -> (String, Cow<'v, Value>) {
    let mut value = Cow::Borrowed(value);
    for _ in 0..64 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(next) = reference.strip_prefix('#').map(percent_decode) else {
            break;
        };
        let Some(target) = parts.get(&next) else {
            break;
        };
        pointer = next;
        value = Cow::Owned(target);
    }
    (pointer, value)
}

/// The document with only the values at `wanted` and what their `$ref`s reach, each at
/// its place.
fn pruned(document: &Value, wanted: Vec<String>) -> Value {
    gathered(wanted, |pointer| {
        let value = document.pointer(pointer)?;
        let mut references = Vec::new();
        collect_refs(value, &mut references);
        Some((without_annotations(value), references))
    })
}

/// A document of the values `take` gives for the pointers `wanted`, and for the local
/// references each names, each once, at its place.
fn gathered(
    wanted: Vec<String>,
    mut take: impl FnMut(&str) -> Option<(Value, Vec<String>)>,
) -> Value {
    let mut out = Value::Object(Map::new());
    let mut seen: HashSet<String> = HashSet::new();
    let mut queue: VecDeque<String> = wanted.into_iter().collect();
    while let Some(pointer) = queue.pop_front() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some((value, references)) = take(&pointer) else {
            continue;
        };
        for reference in references {
            if let Some(next) = reference.strip_prefix('#').map(percent_decode) {
                queue.push_back(next);
            }
        }
        insert_at(&mut out, &pointer, value);
    }
    out
}

/// Keywords a validator does not read: dropped from what the mock embeds (a smaller
/// crate that compiles faster, the same verdicts).
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "$comment",
    "default",
    "examples",
    "example",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "contentMediaType",
];

/// A schema without its annotations, in it and in every schema below it (a property
/// named `description` is a property, not an annotation: only keywords are dropped).
fn without_annotations(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let key = key.as_str();
        if ANNOTATIONS.contains(&key) {
            continue;
        }
        let value = if ONE.contains(&key) {
            without_annotations(value)
        } else if LIST.contains(&key) {
            match value.as_array() {
                Some(items) => Value::Array(items.iter().map(without_annotations).collect()),
                None => value.clone(),
            }
        } else if MAP.contains(&key) {
            match value.as_object() {
                Some(schemas) => Value::Object(
                    schemas
                        .iter()
                        .map(|(name, s)| (name.clone(), without_annotations(s)))
                        .collect(),
                ),
                None => value.clone(),
            }
        } else {
            value.clone()
        };
        out.insert(key.to_string(), value);
    }
    Value::Object(out)
}

fn collect_refs(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").and_then(Value::as_str) {
                out.push(reference.to_string());
            }
            map.values().for_each(|v| collect_refs(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, out)),
        _ => {}
    }
}

/// Puts `value` at `pointer` in `out`, making the objects on the way (an array index on
/// the way is kept as an object key, which a JSON pointer reads the same).
fn insert_at(out: &mut Value, pointer: &str, value: Value) {
    let tokens: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut node = out;
    for (i, token) in tokens.iter().enumerate() {
        let Value::Object(map) = node else {
            return;
        };
        if i + 1 == tokens.len() {
            // A whole value replaces the objects a place inside it made on the way.
            map.insert(token.clone(), value);
            return;
        }
        node = map
            .entry(token.clone())
            .or_insert_with(|| Value::Object(Map::new()));
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn annotations_are_dropped_and_properties_so_named_kept() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/notes": {"post": {
                "parameters": [{"name": "q", "in": "query", "schema": {
                    "type": "string", "description": "a query", "example": "x"}}],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Note"}}}},
                "responses": {}}}},
            "components": {"schemas": {"Note": {
                "type": "object",
                "title": "Note",
                "description": "A note.",
                "externalDocs": {"url": "https://example.com"},
                "required": ["description"],
                "properties": {
                    "description": {"type": "string", "description": "The text.",
                        "default": "", "deprecated": true},
                    "title": {"type": "array", "items": {"type": "integer",
                        "title": "n", "example": 1}}
                }
            }}}
        });
        let api: OpenAPI = serde_json::from_value(document).unwrap();
        let schemas = request_schemas(&api).unwrap();
        let out: Value = serde_json::from_str(&schemas.document).unwrap();
        assert_eq!(
            out["components"]["schemas"]["Note"],
            json!({
                "type": "object",
                "required": ["description"],
                "properties": {
                    "description": {"type": "string"},
                    "title": {"type": "array", "items": {"type": "integer"}}
                }
            })
        );
        assert_eq!(
            out["paths"]["/notes"]["post"]["parameters"]["0"]["schema"],
            json!({"type": "string"})
        );
    }

    #[test]
    fn what_a_mapping_or_a_pointer_into_a_response_reaches_is_kept() {
        let document = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets": {
                "get": {"responses": {"200": {"description": "ok", "content": {
                    "application/json": {"schema": {
                        "type": "object",
                        "properties": {"name": {"type": "string"}}}}}}}},
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "$ref": "#/components/schemas/Pet"}}}},
                    "responses": {}},
                "put": {
                    "requestBody": {"content": {"application/json": {"schema": {
                        "$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema"}}}},
                    "responses": {}}}},
            "components": {"schemas": {
                "Pet": {
                    "oneOf": [{"type": "object"}],
                    "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}}},
                "Dog": {"type": "object", "required": ["bark"],
                    "properties": {"bark": {"type": "boolean"}}},
                "Unused": {"type": "string"}
            }}
        });
        let api: OpenAPI = serde_json::from_value(document).unwrap();
        let out: Value = serde_json::from_str(&request_schemas(&api).unwrap().document).unwrap();
        // Only a discriminator's mapping names `Dog`.
        assert_eq!(
            out["components"]["schemas"]["Dog"]["required"],
            json!(["bark"])
        );
        assert!(
            out["components"]["schemas"].get("Unused").is_none(),
            "{out}"
        );
        // A body's schema that is a response's: the path item is read whole for it.
        assert_eq!(
            out["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["properties"]["name"],
            json!({"type": "string"})
        );
    }
}
