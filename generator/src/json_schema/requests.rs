//! The request side of a document for the generated mock's check: the document
//! translated for requests ([`super::translate_document`]), pruned to what the operations'
//! parameters and bodies reach through `$ref`s, and the place of each parameter's and
//! body's schema in it, by operation.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{Map, Value};

use super::{fragment, translate_document, Document, Side, LIST, MAP, ONE};
use crate::ir::{ParamLocation, RequestSchemas};

/// What the mock's check validates with `jsonschema`, from the document as loaded (3.0).
pub fn request_schemas(document: &Value) -> RequestSchemas {
    let resolve = |reference: &str| follow(document, reference);
    let translated = translate_document(
        &Document {
            value: document,
            v31: false,
            resolve: &resolve,
        },
        Side::Request,
    );
    let mut out = RequestSchemas::default();
    let mut wanted: Vec<String> = Vec::new();
    let paths = translated.get("paths").and_then(Value::as_object);
    for (template, item) in paths.into_iter().flatten() {
        let item_pointer = format!("/paths/{}", escape(template));
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
                    let (at, param) = resolved(&translated, format!("{pointer}/{i}"), param);
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
                let (at, body) = resolved(&translated, format!("{op_pointer}/requestBody"), body);
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
    // Every object's keys in order, so that the order of the document's maps does not
    // change a byte of the output (sorted in place: no key hashed again).
    let mut document = pruned(&translated, wanted);
    document.sort_all_objects();
    out.document = document.to_string();
    out
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
        let node = document.pointer(&decoded(reference.strip_prefix('#')?))?;
        match node.get("$ref").and_then(Value::as_str) {
            Some(next) => reference = next.to_string(),
            None => return Some(node),
        }
    }
    None
}

/// A pointer as a `$ref` writes it, with `%7B`/`%7D` (braces escaped in references to
/// path items) decoded.
fn decoded(pointer: &str) -> String {
    pointer
        .replace("%7B", "{")
        .replace("%7D", "}")
        .replace("%7b", "{")
        .replace("%7d", "}")
}

/// The place (a JSON pointer) and value of `value` found at `pointer`, its `$ref`
/// chain followed.
fn resolved<'d>(
    document: &'d Value,
    mut pointer: String,
    mut value: &'d Value,
) -> (String, &'d Value) {
    for _ in 0..64 {
        let Some(reference) = value.get("$ref").and_then(Value::as_str) else {
            break;
        };
        let Some(next) = reference.strip_prefix('#').map(decoded) else {
            break;
        };
        let Some(target) = document.pointer(&next) else {
            break;
        };
        pointer = next;
        value = target;
    }
    (pointer, value)
}

/// The document with only the values at `wanted` and what their `$ref`s reach, each at
/// its place.
fn pruned(document: &Value, wanted: Vec<String>) -> Value {
    let mut out = Value::Object(Map::new());
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<String> = wanted.into_iter().collect();
    while let Some(pointer) = queue.pop_front() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some(value) = document.pointer(&pointer) else {
            continue;
        };
        let mut references = Vec::new();
        collect_refs(value, &mut references);
        for reference in references {
            if let Some(next) = reference.strip_prefix('#').map(decoded) {
                queue.push_back(next);
            }
        }
        insert_at(&mut out, &pointer, without_annotations(value));
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
            "paths": {"/notes": {"post": {
                "parameters": [{"name": "q", "in": "query", "schema": {
                    "type": "string", "description": "a query", "example": "x"}}],
                "requestBody": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/Note"}}}}}}},
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
        let schemas = request_schemas(&document);
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
}
