//! OpenAPI schemas as JSON Schema 2020-12, for a validator that owes nothing to the
//! generator's types: the conformance check (`cargo xtask conform`) and the generated
//! `mock` module's request check both validate with the `jsonschema` crate against the
//! document this module translates.
//!
//! OpenAPI 3.0 schemas are a dialect of JSON Schema draft 4; the translation:
//! - `nullable: true` admits `null`: `type` becomes `[type, "null"]`, `null` joins an
//!   `enum`, or a union's members (`{type: null}` last, so the members keep their
//!   places); any other schema becomes `anyOf: [{type: null}, itself]` (the common
//!   reading: OpenAPI 3.0.3's narrower one would admit `null` only beside a `type`).
//! - boolean `exclusiveMinimum` / `exclusiveMaximum` become the numbers of 2020-12.
//! - a `$ref`'s siblings are dropped (3.0 ignores them; 3.1 keeps them).
//! - `format: int8` ... `int64`, `uint8` ... `uint64` bound the integer to its width (the
//!   OpenAPI format registry's meaning); 3.1's `contentEncoding: base64` is `format: byte`.
//! - a `discriminator` makes its property required and its mapping (explicit, or a
//!   member `$ref`'s component name) select the member: `if` the tag is the value `then`
//!   the member's schema, the members `anyOf` (the tag tells them apart, not the shape).
//! - `example`, `xml`, `externalDocs` and `x-` keys are dropped.
//! - per side: a `readOnly` property is not required in a request, a `writeOnly` one not
//!   in a response (OpenAPI's rule for `required`), and is not there at all: it "SHOULD
//!   NOT be sent", so an example that sends it is the spec's defect.
//!
//! The translated document keeps the document's layout, so every `$ref` (`#/components/...`,
//! or a pointer into `paths`) resolves inside it; a validator checks the schema at a place
//! through a one-line schema `{"$ref": "<resource>#<fragment>"}` ([`fragment`]).

use serde_json::{json, Map, Value};

mod requests;

pub use self::requests::request_schemas;

/// Which side of an exchange a value travels on: what a schema's `readOnly` and
/// `writeOnly` mean depends on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Side {
    /// A response body: `writeOnly` properties are never received.
    Response,
    /// A request body: `readOnly` properties are never sent.
    Request,
}

/// A document to translate: its JSON, its version, and how a `$ref` of it resolves.
pub struct Document<'d> {
    /// The whole document as JSON.
    pub value: &'d Value,
    /// OpenAPI 3.1 (JSON Schema 2020-12 schemas); else 3.0.
    pub v31: bool,
    /// The value a local `$ref` (`#/components/schemas/Pet`) leads to, its chain followed.
    pub resolve: &'d dyn Fn(&str) -> Option<&'d Value>,
}

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

/// The document with every schema translated for `side`.
pub fn translate_document(doc: &Document<'_>, side: Side) -> Value {
    let t = Translator { doc, side };
    let mut out = Map::new();
    if let Some(map) = doc.value.as_object() {
        for (key, value) in map {
            out.insert(key.clone(), t.container(value));
        }
    }
    Value::Object(out)
}

struct Translator<'a, 'd> {
    doc: &'a Document<'d>,
    side: Side,
}

impl Translator<'_, '_> {
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
        // In order of the tag value: the order of the spec's `mapping` changes nothing.
        mapping.sort();
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
            .and_then(|reference| (self.doc.resolve)(reference))
            .is_some_and(|target| target.get(flag) == Some(&Value::Bool(true)))
    }
}

/// A JSON pointer made fit for a URI fragment: the characters a fragment may not hold
/// (`{`, `}`, spaces, `%`, non-ASCII, ...) percent-encoded.
pub fn fragment(pointer: &str) -> String {
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
