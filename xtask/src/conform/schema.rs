//! The independent validator: a spec's schemas translated to JSON Schema 2020-12 and
//! checked by the `jsonschema` crate, which owes nothing to the generator.
//!
//! OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4; the translation:
//! - `nullable: true` admits `null`: `type` becomes `[type, "null"]`, `null` joins an
//!   `enum`, or a union's members (`{type: null}` last, so the members keep their
//!   places); any other schema becomes `anyOf: [{type: null}, itself]` (the common
//!   reading: OpenAPI 3.0.3's narrower one would admit `null` only beside a `type`).
//! - boolean `exclusiveMinimum` / `exclusiveMaximum` become the numbers of 2020-12.
//! - a `$ref`'s siblings are dropped (3.0 ignores them; 3.1 keeps them).
//! - `format: int8` ... `int64`, `uint8` ... `uint64` bound the integer to its width (the
//!   OpenAPI format registry's meaning), `format: byte` (and 3.1's `contentEncoding: base64`) is checked as base64.
//! - a body of `application/json-patch+json` must also be a JSON Patch document
//!   (RFC 6902), whatever its schema says ([`Oracle::check_body`]).
//! - a `discriminator` makes its property required and its mapping (explicit, or a
//!   member `$ref`'s component name) select the member: `if` the tag is the value `then`
//!   the member's schema, the members `anyOf` (the tag tells them apart, not the shape).
//! - `example`, `xml`, `externalDocs` and `x-` keys are dropped.
//! - per side: a `readOnly` property is not required in a request, a `writeOnly` one not
//!   in a response (OpenAPI's rule for `required`), and is not there at all: it "SHOULD
//!   NOT be sent", so an example that sends it is the spec's defect.
//!
//! The translated document is one resource of a `jsonschema::Registry`, so every `$ref`
//! (`#/components/...`, or a pointer into `paths`) resolves inside it; the schema at a
//! place is checked through a one-line schema `{"$ref": "<resource>#/<place>"}`.

use std::collections::BTreeMap;

use base64::Engine;
use serde_json::{json, Map, Value};

use super::spec::{pointer, pointer_keys, Doc, Side};

/// The resource the translated document is registered under.
const BASE: &str = "https://conform.invalid/spec.json";

/// Keywords whose value is one schema.
const ONE: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedProperties",
    "unevaluatedItems",
    "additionalItems",
];
/// Keywords whose value is a list of schemas.
const LIST: &[&str] = &["allOf", "oneOf", "anyOf", "prefixItems"];
/// Keywords whose value is a map of schemas.
const MAP: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];
/// OpenAPI-only keywords, dropped.
const DROPPED: &[&str] = &[
    "discriminator",
    "example",
    "xml",
    "externalDocs",
    "nullable",
    "deprecated",
];

/// A spec's schemas for one side, compiled on demand.
pub struct Oracle {
    registry: jsonschema::Registry<'static>,
    validators: BTreeMap<String, Result<jsonschema::Validator, String>>,
    /// RFC 6902's shape of a JSON Patch document, which its media type imposes.
    json_patch: jsonschema::Validator,
}

/// What `application/json-patch+json` means whatever the schema says (RFC 6902, 4): a
/// list of operations, each with its `op`, a JSON pointer `path`, and the member its
/// `op` needs.
const JSON_PATCH: &str = r#"{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["op", "path"],
    "properties": {
      "op": {"enum": ["add", "remove", "replace", "move", "copy", "test"]},
      "path": {"type": "string", "pattern": "^(/[^/]*)*$"},
      "from": {"type": "string", "pattern": "^(/[^/]*)*$"}
    },
    "allOf": [
      {"if": {"properties": {"op": {"enum": ["add", "replace", "test"]}}},
       "then": {"required": ["value"]}},
      {"if": {"properties": {"op": {"enum": ["move", "copy"]}}},
       "then": {"required": ["from"]}}
    ]
  }
}"#;

/// Whether a media type is a JSON Patch document.
pub fn is_json_patch(media: &str) -> bool {
    media
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json-patch+json"))
}

impl Oracle {
    /// The translated document of `doc` for `side`, registered.
    pub fn new(doc: &Doc, side: Side) -> Result<Oracle, String> {
        let translated = translate_document(doc, side);
        let registry = jsonschema::Registry::new()
            .draft(jsonschema::Draft::Draft202012)
            .add(BASE, translated)
            .and_then(|b| b.prepare())
            .map_err(|e| format!("the validator cannot register the document: {e}"))?;
        let json_patch = serde_json::from_str::<Value>(JSON_PATCH)
            .map_err(|e| e.to_string())
            .and_then(|schema| jsonschema::validator_for(&schema).map_err(|e| e.to_string()))
            .map_err(|e| format!("the JSON Patch schema does not compile: {e}"))?;
        Ok(Oracle {
            registry,
            validators: BTreeMap::new(),
            json_patch,
        })
    }

    /// [`Oracle::check`] for a body of `media`: a JSON Patch document must also be one
    /// (RFC 6902), whatever its schema says.
    pub fn check_body(
        &mut self,
        place: &[String],
        media: &str,
        value: &Value,
    ) -> Result<Verdict, String> {
        let verdict = self.check(place, value)?;
        if verdict == Verdict::Valid && is_json_patch(media) {
            if let Err(error) = self.json_patch.validate(value) {
                return Ok(Verdict::Invalid(format!(
                    "not a JSON Patch (RFC 6902): {error}"
                )));
            }
        }
        Ok(verdict)
    }

    /// Whether `value` is valid against the schema at `place` (keys from the root):
    /// `Err` when the validator cannot compile that schema.
    pub fn check(&mut self, place: &[String], value: &Value) -> Result<Verdict, String> {
        let key = pointer(place);
        if !self.validators.contains_key(&key) {
            let schema = json!({ "$ref": format!("{BASE}{}", fragment(&key)) });
            let built = options(&self.registry)
                .build(&schema)
                .map_err(|e| format!("the validator refuses the schema at {key}: {e}"));
            self.validators.insert(key.clone(), built);
        }
        match self.validators.get(&key) {
            Some(Ok(validator)) => Ok(match validator.validate(value) {
                Ok(()) => Verdict::Valid,
                Err(error) => Verdict::Invalid(format!(
                    "{} (at {})",
                    truncate(&error.to_string(), 200),
                    if error.instance_path().as_str().is_empty() {
                        "the root".to_string()
                    } else {
                        error.instance_path().as_str().to_string()
                    }
                )),
            }),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("no validator for {key}")),
        }
    }
}

/// What the validator says of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    /// The first error, with the place in the value.
    Invalid(String),
}

fn options<'r>(registry: &'r jsonschema::Registry<'static>) -> jsonschema::ValidationOptions<'r> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("byte", |s: &str| {
            base64::engine::general_purpose::STANDARD.decode(s).is_ok()
        })
        .with_registry(registry)
}

/// The document with every schema translated for `side`.
pub fn translate_document(doc: &Doc, side: Side) -> Value {
    let t = Translator { doc, side };
    let mut out = Map::new();
    if let Some(map) = doc.value.as_object() {
        for (key, value) in map {
            out.insert(key.clone(), t.container(value));
        }
    }
    Value::Object(out)
}

struct Translator<'d> {
    doc: &'d Doc,
    side: Side,
}

impl Translator<'_> {
    /// A part of the document that is not a schema: its `schema` values and the
    /// members of `components.schemas` are; examples are left as they are.
    fn container(&self, value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = Map::new();
                for (key, v) in map {
                    let translated = match key.as_str() {
                        "example" | "examples" => v.clone(),
                        "schema" if v.is_object() || v.is_boolean() => self.schema(v),
                        "schemas" => match v.as_object() {
                            Some(schemas) => Value::Object(
                                schemas
                                    .iter()
                                    .map(|(k, s)| (k.clone(), self.schema(s)))
                                    .collect(),
                            ),
                            None => v.clone(),
                        },
                        _ => self.container(v),
                    };
                    out.insert(key.clone(), translated);
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(|v| self.container(v)).collect()),
            other => other.clone(),
        }
    }

    /// One schema, translated.
    fn schema(&self, value: &Value) -> Value {
        let Some(map) = value.as_object() else {
            return value.clone();
        };
        if let Some(reference) = map.get("$ref") {
            if !self.doc.v31 {
                return json!({ "$ref": reference });
            }
        }
        let mut out = Map::new();
        for (key, v) in map {
            if DROPPED.contains(&key.as_str()) || key.starts_with("x-") {
                continue;
            }
            let translated = if ONE.contains(&key.as_str()) {
                self.schema(v)
            } else if LIST.contains(&key.as_str()) {
                match v.as_array() {
                    Some(items) => Value::Array(items.iter().map(|s| self.schema(s)).collect()),
                    None => v.clone(),
                }
            } else if MAP.contains(&key.as_str()) {
                let skip = self.skipped_flag();
                match v.as_object() {
                    Some(m) => Value::Object(
                        m.iter()
                            .map(|(k, s)| {
                                // A property never sent on this side is not there.
                                if key == "properties" && self.flag(s, skip) {
                                    (k.clone(), Value::Bool(false))
                                } else {
                                    (k.clone(), self.schema(s))
                                }
                            })
                            .collect(),
                    ),
                    None => v.clone(),
                }
            } else {
                v.clone()
            };
            out.insert(key.clone(), translated);
        }
        if !self.doc.v31 {
            for (exclusive, bound) in [
                ("exclusiveMinimum", "minimum"),
                ("exclusiveMaximum", "maximum"),
            ] {
                match out.get(exclusive) {
                    Some(Value::Bool(true)) => {
                        let limit = out.remove(bound).unwrap_or(Value::Null);
                        if limit.is_number() {
                            out.insert(exclusive.to_string(), limit);
                        } else {
                            out.remove(exclusive);
                        }
                    }
                    Some(Value::Bool(false)) => {
                        out.remove(exclusive);
                    }
                    _ => {}
                }
            }
        }
        // 3.1's `contentEncoding: base64` is what 3.0 wrote `format: byte`.
        if out.get("contentEncoding").and_then(Value::as_str) == Some("base64")
            && !out.contains_key("format")
        {
            out.insert("format".into(), json!("byte"));
        }
        self.required_for_side(map, &mut out);
        let is_integer = match out.get("type") {
            Some(Value::String(t)) => t == "integer",
            Some(Value::Array(ts)) => ts.iter().any(|t| t == "integer"),
            _ => false,
        };
        if is_integer {
            let width: Option<(Value, Value)> = match out.get("format").and_then(Value::as_str) {
                Some("int8") => Some((json!(i8::MIN), json!(i8::MAX))),
                Some("int16") => Some((json!(i16::MIN), json!(i16::MAX))),
                Some("int32") => Some((json!(i32::MIN), json!(i32::MAX))),
                Some("int64") => Some((json!(i64::MIN), json!(i64::MAX))),
                Some("uint8") => Some((json!(0), json!(u8::MAX))),
                Some("uint16") => Some((json!(0), json!(u16::MAX))),
                Some("uint32") => Some((json!(0), json!(u32::MAX))),
                Some("uint64") => Some((json!(0), json!(u64::MAX))),
                _ => None,
            };
            if let Some((min, max)) = width {
                let all_of = out
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Some(items) = all_of.as_array_mut() {
                    items.push(json!({ "minimum": min, "maximum": max }));
                }
            }
        }
        if let Some(discriminator) = map.get("discriminator") {
            self.discriminator(discriminator, map, &mut out);
        }
        let nullable = !self.doc.v31 && map.get("nullable") == Some(&Value::Bool(true));
        if nullable {
            if let Some(values) = out.get_mut("enum").and_then(Value::as_array_mut) {
                if !values.contains(&Value::Null) {
                    values.push(Value::Null);
                }
            }
            // Places inside the schema stay where they are (a union's members are checked
            // by their place): `null` joins the `type`, an `enum`, or a union's members,
            // and only a schema with none of them is wrapped.
            let union = ["anyOf", "oneOf"]
                .into_iter()
                .find(|k| out.get(*k).is_some_and(Value::is_array));
            match (out.get("type").cloned(), union) {
                (Some(Value::String(t)), _) => {
                    out.insert("type".into(), json!([t, "null"]));
                }
                (None, _) if out.contains_key("enum") => {}
                (None, Some(keyword)) if !out.contains_key("allOf") => {
                    if let Some(members) = out.get_mut(keyword).and_then(Value::as_array_mut) {
                        members.push(json!({ "type": "null" }));
                    }
                }
                _ => {
                    return json!({ "anyOf": [{ "type": "null" }, Value::Object(out)] });
                }
            }
        }
        Value::Object(out)
    }

    /// A discriminator's meaning: the tag property is required, and a tag value the
    /// mapping (explicit, or implicit: a member `$ref`'s component name) names selects
    /// its schema; the members are then `anyOf` (the tag, not the shape, tells them
    /// apart, so a value may fit several).
    fn discriminator(
        &self,
        discriminator: &Value,
        raw: &Map<String, Value>,
        out: &mut Map<String, Value>,
    ) {
        let Some(tag) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return;
        };
        let required = out.entry("required").or_insert_with(|| json!([]));
        if let Some(list) = required.as_array_mut() {
            if !list.iter().any(|r| r == tag) {
                list.push(json!(tag));
            }
        }
        let mut mapping: Vec<(String, String)> = Vec::new();
        if let Some(explicit) = discriminator.get("mapping").and_then(Value::as_object) {
            for (value, target) in explicit {
                if let Some(target) = target.as_str() {
                    let target = if target.starts_with('#') || target.contains('/') {
                        target.to_string()
                    } else {
                        format!("#/components/schemas/{target}")
                    };
                    mapping.push((value.clone(), target));
                }
            }
        }
        let keyword = ["oneOf", "anyOf"]
            .into_iter()
            .find(|k| raw.get(*k).is_some_and(Value::is_array));
        if let Some(keyword) = keyword {
            for member in raw[keyword].as_array().into_iter().flatten() {
                let Some(reference) = member.get("$ref").and_then(Value::as_str) else {
                    continue;
                };
                if mapping.iter().any(|(_, t)| t == reference) {
                    continue;
                }
                if let Some(name) = reference.strip_prefix("#/components/schemas/") {
                    mapping.push((name.to_string(), reference.to_string()));
                }
            }
            if let Some(members) = out.remove(keyword) {
                out.insert("anyOf".into(), members);
            }
        }
        if mapping.is_empty() {
            return;
        }
        let all_of = out.entry("allOf").or_insert_with(|| json!([]));
        if let Some(all_of) = all_of.as_array_mut() {
            for (value, target) in mapping {
                all_of.push(json!({
                    "if": { "properties": { tag: { "const": value } }, "required": [tag] },
                    "then": { "$ref": target },
                }));
            }
        }
    }

    /// A `readOnly` property is not required in a request, a `writeOnly` one not in a
    /// response.
    fn required_for_side(&self, raw: &Map<String, Value>, schema: &mut Map<String, Value>) {
        let skip = self.skipped_flag();
        let Some(properties) = raw.get("properties").and_then(Value::as_object) else {
            return;
        };
        let skipped: Vec<String> = properties
            .iter()
            .filter(|(_, p)| self.flag(p, skip))
            .map(|(k, _)| k.clone())
            .collect();
        if skipped.is_empty() {
            return;
        }
        if let Some(required) = schema.get_mut("required").and_then(Value::as_array_mut) {
            required.retain(|r| !r.as_str().is_some_and(|r| skipped.iter().any(|s| s == r)));
        }
    }

    /// The flag of the properties never sent on this side.
    fn skipped_flag(&self) -> &'static str {
        match self.side {
            Side::Request => "readOnly",
            Side::Response => "writeOnly",
        }
    }

    /// Whether a (translated or raw) property schema sets `flag`, its `$ref` followed.
    fn flag(&self, schema: &Value, flag: &str) -> bool {
        if schema.get(flag) == Some(&Value::Bool(true)) {
            return true;
        }
        schema
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(pointer_keys)
            .and_then(|keys| self.doc.at(&keys))
            .is_some_and(|target| target.get(flag) == Some(&Value::Bool(true)))
    }
}

/// A JSON pointer made fit for a URI fragment: the characters a fragment may not hold
/// (`{`, `}`, spaces, `%`, non-ASCII, ...) percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::with_capacity(pointer.len());
    for byte in pointer.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"#/-._~!$&'()*+,;=:@?".contains(&byte);
        if keep {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The first `max` characters of `text`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        Doc::parse(text).unwrap()
    }

    fn keys(p: &str) -> Vec<String> {
        p.split('.').map(String::from).collect()
    }

    const SPEC: &str = r##"openapi: 3.0.3
paths: {}
components:
  schemas:
    "{odd key}": {type: string}
    N: {type: integer, format: int32, minimum: 0, exclusiveMinimum: true, nullable: true}
    U:
      nullable: true
      oneOf: [{$ref: '#/components/schemas/S'}, {type: integer}]
    S: {type: string, enum: [a, b], example: 3}
    O:
      type: object
      required: [id, name, secret]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        secret: {$ref: '#/components/schemas/W'}
        b: {type: string, format: byte}
    W: {type: string, writeOnly: true}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {hound: Dog}}
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, required: [bark], properties: {kind: {type: string}, bark: {type: string}}}
    Byte: {type: integer, format: uint8}
"##;

    #[test]
    fn openapi_30_keywords_are_translated() {
        let d = doc(SPEC);
        let mut oracle = Oracle::new(&d, Side::Response).unwrap();
        let mut valid =
            |place: &str, v: Value| oracle.check(&keys(place), &v).unwrap() == Verdict::Valid;
        assert!(valid("components.schemas.{odd key}", json!("x")));
        assert!(!valid("components.schemas.{odd key}", json!(1)));
        assert!(valid(
            "components.schemas.Pet",
            json!({"kind": "Cat", "lives": 9})
        ));
        assert!(valid(
            "components.schemas.Pet",
            json!({"kind": "hound", "bark": "woof"})
        ));
        assert!(!valid(
            "components.schemas.Pet",
            json!({"kind": "hound", "lives": 9})
        ));
        assert!(!valid("components.schemas.Pet", json!({"lives": 9})));
        assert!(valid("components.schemas.Byte", json!(255)));
        assert!(!valid("components.schemas.Byte", json!(256)));
        assert!(valid("components.schemas.N", json!(1)));
        assert!(valid("components.schemas.N", json!(null)));
        assert!(!valid("components.schemas.N", json!(0)));
        assert!(!valid("components.schemas.N", json!(3_000_000_000_i64)));
        assert!(valid("components.schemas.U", json!(null)));
        assert!(valid("components.schemas.U", json!("a")));
        assert!(!valid("components.schemas.U", json!("c")));
        assert!(valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n"})
        ));
        assert!(!valid("components.schemas.O", json!({"name": "n"})));
        assert!(!valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n", "b": "%%"})
        ));
        assert!(valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n", "b": "aGk="})
        ));
    }

    #[test]
    fn read_only_properties_are_not_required_in_requests() {
        let d = doc(SPEC);
        let mut oracle = Oracle::new(&d, Side::Request).unwrap();
        let verdict = oracle
            .check(
                &keys("components.schemas.O"),
                &json!({"name": "n", "secret": "s"}),
            )
            .unwrap();
        assert_eq!(verdict, Verdict::Valid);
        let verdict = oracle
            .check(&keys("components.schemas.O"), &json!({"name": "n"}))
            .unwrap();
        assert!(matches!(verdict, Verdict::Invalid(_)), "{verdict:?}");
        let sent = json!({"id": "1", "name": "n", "secret": "s"});
        let verdict = oracle.check(&keys("components.schemas.O"), &sent).unwrap();
        assert!(
            matches!(verdict, Verdict::Invalid(_)),
            "a read-only property sent: {verdict:?}"
        );
    }
}
