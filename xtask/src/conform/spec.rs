//! The spec as its author wrote it: the document read into JSON independently of the
//! generator's loader, local `$ref`s followed, and the places the check tries (each
//! operation's JSON responses, every status, and its JSON request body) with the spec's
//! own examples for them.
//!
//! Nothing here reads the generator's model or IR: what a value must be is decided from
//! the text alone, so that the check can disagree with the generator. The one reading
//! taken from the generator is its repairs ([`Doc::repair`]), documented readings of
//! defects, which the check applies to the text as it would an overlay.

use serde_json::Value;

/// A document read from its text.
pub struct Doc {
    /// The whole document as JSON (YAML read with serde_yaml).
    pub value: Value,
    /// OpenAPI 3.1 (JSON Schema 2020-12 schemas); else 3.0.
    pub v31: bool,
}

/// Which side of an exchange a value travels on (the generator's, which the translation
/// to JSON Schema takes).
pub use openapi_gen::json_schema::Side;

/// One place the check tries: a JSON body of one operation.
pub struct Case {
    /// `GET /pets/{id}`.
    pub operation: String,
    /// The raw path template and the lower-case method, to find the IR's operation.
    pub path: String,
    pub method: String,
    /// `Some("200")`, `Some("4XX")`, `Some("default")` for a response; `None` for the
    /// request body.
    pub status: Option<String>,
    /// The media type whose schema this is.
    pub media: String,
    /// The schema's place, keys from the root (a response or body `$ref` followed).
    pub place: Vec<String>,
    /// The spec's own examples: where each was found, and its value.
    pub examples: Vec<(String, Value)>,
}

impl Case {
    /// The side its values travel on.
    pub fn side(&self) -> Side {
        if self.status.is_some() {
            Side::Response
        } else {
            Side::Request
        }
    }

    /// `GET /pets 200` or `POST /pets request`.
    pub fn label(&self) -> String {
        match &self.status {
            Some(status) => format!("{} {status}", self.operation),
            None => format!("{} request", self.operation),
        }
    }
}

impl Doc {
    /// Reads a YAML or JSON document.
    pub fn parse(text: &str) -> Result<Doc, String> {
        let value: Value = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?
        } else {
            let yaml: serde_yaml::Value = serde_yaml::from_str(&wide_integers_as_floats(text))
                .map_err(|e| format!("not YAML: {e}"))?;
            json_of(yaml)
        };
        let v31 = value
            .get("openapi")
            .and_then(Value::as_str)
            .is_some_and(|v| v.starts_with("3.1"));
        Ok(Doc { value, v31 })
    }

    /// Reads the document's defects as the generator's repairs do (`docs/repairs.md`),
    /// and returns the repairs made. A repair is a documented reading of a defect whose
    /// intent is plain, as an overlay is: OpenAI's `$recursiveRef: "#"` in
    /// `CompoundFilter` means `CompoundFilter`, where read literally it means the
    /// document's root, which is no schema (and the validator reads any JSON). Checked
    /// against the literal text, a union with such a member would fit any value, so the
    /// check of it would pass whatever the generator did. Only the repairs are taken:
    /// nothing of the loader's other rewriting (the 3.1 dialect, bundling).
    pub fn repair(&mut self) -> openapi_gen::repair::Counts {
        let mut diags = openapi_gen::diag::Diagnostics::default();
        openapi_gen::repair::repair(
            &mut self.value,
            openapi_gen::repair::Policy::Repair,
            &mut diags,
        )
    }

    /// The value at `place`, following every `$ref` met on the way and at the end.
    pub fn at(&self, place: &[String]) -> Option<&Value> {
        self.resolve(place).map(|(_, v)| v)
    }

    /// The value at `place` and the place it really is at, once every `$ref` on the
    /// way and at the end is followed.
    pub fn resolve(&self, place: &[String]) -> Option<(Vec<String>, &Value)> {
        let mut keys: Vec<String> = Vec::new();
        let mut node = &self.value;
        for key in place {
            let (k, n) = self.follow(keys, node)?;
            keys = k;
            node = n;
            node = match node {
                Value::Object(map) => map.get(key)?,
                Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
            keys.push(key.clone());
        }
        self.follow(keys, node)
    }

    /// The value at `place` as [`Doc::resolve`] finds it, or else through the parts of
    /// a merged object: where a key is not in a schema, the first of its `allOf`,
    /// `anyOf` or `oneOf` members (in that order) that holds the rest of the place.
    ///
    /// The generator merges `allOf` parts, and `anyOf` objects a value may fit several
    /// of, into one struct and names a property's place after the struct
    /// (`X.properties.p`) while the document declares it in a part
    /// (`X.anyOf.1.properties.p`); this finds the part that declares it.
    pub fn resolve_merged(&self, place: &[String]) -> Option<(Vec<String>, &Value)> {
        self.resolve(place)
            .or_else(|| self.through_parts(Vec::new(), &self.value, place, 0))
    }

    /// A member the 3.1 loader made from a list of types (`type: [string, integer]` is
    /// rewritten as an `anyOf` of one schema per type other than `null`, in order), which
    /// the document does not have: the place of the schema with the list, and the type.
    pub fn type_list_member(&self, place: &[String]) -> Option<(Vec<String>, String)> {
        let (index, rest) = place.split_last()?;
        let (keyword, parent) = rest.split_last()?;
        if keyword != "anyOf" {
            return None;
        }
        let (at, node) = self.resolve_merged(parent)?;
        if node.get("anyOf").is_some() {
            return None;
        }
        let kind = node
            .get("type")?
            .as_array()?
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .nth(index.parse().ok()?)?;
        Some((at, kind.to_string()))
    }

    fn through_parts<'d>(
        &'d self,
        keys: Vec<String>,
        node: &'d Value,
        rest: &[String],
        depth: usize,
    ) -> Option<(Vec<String>, &'d Value)> {
        if depth > 32 {
            return None;
        }
        let (keys, node) = self.follow(keys, node)?;
        let Some((key, rest)) = rest.split_first() else {
            return Some((keys, node));
        };
        let child = match node {
            Value::Object(map) => map.get(key),
            Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        if let Some(child) = child {
            let mut at = keys.clone();
            at.push(key.clone());
            if let Some(found) = self.through_parts(at, child, rest, depth + 1) {
                return Some(found);
            }
        }
        let whole: Vec<String> = std::iter::once(key.clone())
            .chain(rest.iter().cloned())
            .collect();
        for keyword in ["allOf", "anyOf", "oneOf"] {
            let Some(parts) = node.get(keyword).and_then(Value::as_array) else {
                continue;
            };
            for (i, part) in parts.iter().enumerate() {
                let mut at = keys.clone();
                at.extend([keyword.to_string(), i.to_string()]);
                if let Some(found) = self.through_parts(at, part, &whole, depth + 1) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// Follows `node`'s `$ref` chain (at most 64 steps, so a cycle ends).
    fn follow<'d>(
        &'d self,
        mut keys: Vec<String>,
        mut node: &'d Value,
    ) -> Option<(Vec<String>, &'d Value)> {
        for _ in 0..64 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return Some((keys, node));
            };
            keys = pointer_keys(reference)?;
            node = self.lookup(&keys)?;
        }
        None
    }

    /// The value a local `$ref` string leads to, following its chain.
    pub fn follow_ref(&self, reference: &str) -> Option<&Value> {
        self.resolve(&pointer_keys(reference)?).map(|(_, v)| v)
    }

    /// The value at `keys`, following no `$ref`.
    pub fn lookup(&self, keys: &[String]) -> Option<&Value> {
        let mut node = &self.value;
        for key in keys {
            node = match node {
                Value::Object(map) => map.get(key)?,
                Value::Array(items) => items.get(key.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Every operation's JSON responses and JSON request body, in document order.
    pub fn cases(&self) -> Vec<Case> {
        let mut cases = Vec::new();
        let Some(paths) = self.value.get("paths").and_then(Value::as_object) else {
            return cases;
        };
        for (path, item) in paths {
            let item_keys = vec!["paths".to_string(), path.clone()];
            let Some((item_keys, item)) = self.follow(item_keys, item) else {
                continue;
            };
            let Some(item) = item.as_object() else {
                continue;
            };
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                let mut op_keys = item_keys.clone();
                op_keys.push(method.to_string());
                let operation = format!("{} {path}", method.to_ascii_uppercase());
                let mut push = |status: Option<String>, keys: Vec<String>| {
                    if let Some((media, place)) = self.json_media(&keys) {
                        let examples = self.examples(&media, &place);
                        cases.push(Case {
                            operation: operation.clone(),
                            path: path.clone(),
                            method: method.to_string(),
                            status,
                            media: media_key_of(&media),
                            place: place.clone(),
                            examples,
                        });
                    }
                };
                if op.get("requestBody").is_some() {
                    let mut keys = op_keys.clone();
                    keys.push("requestBody".into());
                    push(None, keys);
                }
                if let Some(responses) = op.get("responses").and_then(Value::as_object) {
                    for status in responses.keys() {
                        let mut keys = op_keys.clone();
                        keys.extend(["responses".to_string(), status.clone()]);
                        push(Some(status.clone()), keys);
                    }
                }
            }
        }
        cases
    }

    /// The JSON media type of the body (a request body or a response) at `keys`, the
    /// one the generator prefers (`application/json`, else the first other JSON type),
    /// as (the media type object's place, the schema's place).
    fn json_media(&self, keys: &[String]) -> Option<(Vec<String>, Vec<String>)> {
        let (body_keys, body) = self.resolve(keys)?;
        let content = body.get("content")?.as_object()?;
        let essence = |m: &str| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        let streamed = |m: &str| m.contains("stream=watch") || m.contains("ndjson");
        let pick = content
            .keys()
            .find(|m| essence(m) == "application/json" && !streamed(m))
            .or_else(|| {
                let mut others: Vec<&String> = content
                    .keys()
                    .filter(|m| {
                        let e = essence(m);
                        (e.ends_with("+json") || e.ends_with("/json")) && !streamed(m)
                    })
                    .collect();
                others.sort();
                others.first().copied()
            })?;
        let media = content.get(pick)?;
        media.get("schema")?;
        let mut media_keys = body_keys;
        media_keys.extend(["content".to_string(), pick.clone()]);
        let mut schema_keys = media_keys.clone();
        schema_keys.push("schema".into());
        Some((media_keys, schema_keys))
    }

    /// The examples the spec gives for a body: the media type's `example` and
    /// `examples` (each `value`, `$ref`s followed; `externalValue` is not fetched), then
    /// the schema's own `example` and (3.1) `examples`, its `$ref` followed.
    fn examples(&self, media_keys: &[String], schema_keys: &[String]) -> Vec<(String, Value)> {
        let mut found: Vec<(String, Value)> = Vec::new();
        let mut add = |place: String, value: &Value| {
            if !found.iter().any(|(_, v)| v == value) {
                found.push((place, value.clone()));
            }
        };
        if let Some(media) = self.lookup(media_keys) {
            let here = dotted(media_keys);
            if let Some(example) = media.get("example") {
                add(format!("{here}.example"), example);
            }
            if let Some(examples) = media.get("examples").and_then(Value::as_object) {
                for (name, example) in examples {
                    let keys: Vec<String> = media_keys
                        .iter()
                        .cloned()
                        .chain(["examples".to_string(), name.clone()])
                        .collect();
                    if let Some(value) = self.at(&keys).and_then(|e| e.get("value")) {
                        add(format!("{here}.examples.{name}"), value);
                    } else if example.get("value").is_some() {
                        add(format!("{here}.examples.{name}"), &example["value"]);
                    }
                }
            }
        }
        if let Some((keys, schema)) = self.resolve(schema_keys) {
            let here = dotted(&keys);
            if let Some(example) = schema.get("example") {
                add(format!("{here}.example"), example);
            }
            if self.v31 {
                if let Some(examples) = schema.get("examples").and_then(Value::as_array) {
                    for (i, example) in examples.iter().enumerate() {
                        add(format!("{here}.examples.{i}"), example);
                    }
                }
            }
        }
        found
    }
}

/// serde_yaml cannot hold an integer beyond 64 bits (OpenAI's spec bounds a seed with
/// `minimum: -9223372036854776000`): such a plain scalar, alone after `key:` or `-` on
/// its line, is read as the float it rounds to, as a JSON parser would.
fn wide_integers_as_floats(text: &str) -> std::borrow::Cow<'_, str> {
    let wide = |scalar: &str| {
        let digits = scalar.strip_prefix('-').unwrap_or(scalar);
        digits.len() >= 19 && digits.bytes().all(|b| b.is_ascii_digit())
    };
    let scalar_of = |line: &str| -> Option<usize> {
        let trimmed = line.trim_end();
        let start = trimmed.rfind(": ").map(|i| i + 2).or_else(|| {
            trimmed
                .trim_start()
                .starts_with("- ")
                .then(|| trimmed.find("- ").map(|i| i + 2))
                .flatten()
        })?;
        wide(trimmed.get(start..)?.trim()).then_some(trimmed.len())
    };
    if !text.lines().any(|l| scalar_of(l).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        match scalar_of(line) {
            Some(end) => {
                out.push_str(&line[..end]);
                out.push_str(".0");
            }
            None => out.push_str(line),
        }
        out.push('\n');
    }
    std::borrow::Cow::Owned(out)
}

/// YAML as JSON: keys as strings, integers beyond 64 bits as floats (JSON numbers without
/// arbitrary precision), tags dropped.
fn json_of(yaml: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match yaml {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(json_of).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim_end()
                            .to_string(),
                    };
                    (key, json_of(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => json_of(tagged.value),
    }
}

/// The HTTP methods a path item may hold, in the order they are tried.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The media type named by the last key of a media type object's place.
fn media_key_of(keys: &[String]) -> String {
    keys.last().cloned().unwrap_or_default()
}

/// A local reference's keys: `#/components/schemas/Pet` -> [components, schemas, Pet];
/// `None` for a reference to another document.
pub fn pointer_keys(reference: &str) -> Option<Vec<String>> {
    let pointer = reference.strip_prefix('#')?;
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let pointer = pointer.strip_prefix('/')?;
    Some(
        pointer
            .split('/')
            .map(|k| percent_decode(k).replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// `%7B` -> `{`: references to path items escape braces.
fn percent_decode(key: &str) -> String {
    if !key.contains('%') {
        return key.to_string();
    }
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Keys as a JSON pointer fragment: [components, schemas, a/b] -> `#/components/schemas/a~1b`.
pub fn pointer(keys: &[String]) -> String {
    let mut out = String::from("#");
    for key in keys {
        out.push('/');
        out.push_str(&key.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// Keys as the generator's diagnostics write a place: `paths./pets.get.responses.200`.
pub fn dotted(keys: &[String]) -> String {
    keys.join(".")
}

/// Whether `value` is of the JSON Schema type `kind` (an integer is a number whose
/// fraction is zero).
pub fn is_of_type(value: &Value, kind: &str) -> bool {
    match (kind, value) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => {
            n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_followed_to_the_place_they_name() {
        let doc = Doc::parse(
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {type: object, properties: {x/y: {type: string}}}\n    C: {$ref: '#/components/schemas/B/properties/x~1y'}\n",
        )
        .unwrap();
        let keys = |p: &str| p.split('.').map(String::from).collect::<Vec<_>>();
        let (place, value) = doc.resolve(&keys("components.schemas.A")).unwrap();
        assert_eq!(pointer(&place), "#/components/schemas/B");
        assert_eq!(value["type"], "object");
        let (place, value) = doc.resolve(&keys("components.schemas.C")).unwrap();
        assert_eq!(pointer(&place), "#/components/schemas/B/properties/x~1y");
        assert_eq!(value["type"], "string");
    }

    #[test]
    fn the_document_is_read_with_the_generators_repairs() {
        // OpenAI's `CompoundFilter`: its `$recursiveRef: "#"` is the component, as the
        // generator reads it, not the document's root.
        let mut doc = Doc::parse(
            "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    F:\n      type: object\n      properties:\n        filters: {type: array, items: {$recursiveRef: '#'}}\n",
        )
        .unwrap();
        assert_eq!(doc.repair().total(), 1);
        let keys = |p: &str| p.split('.').map(String::from).collect::<Vec<_>>();
        let (place, value) = doc
            .resolve(&keys("components.schemas.F.properties.filters.items"))
            .unwrap();
        assert_eq!(pointer(&place), "#/components/schemas/F");
        assert_eq!(value["type"], "object");
    }

    #[test]
    fn a_merged_structs_property_is_found_in_the_part_that_declares_it() {
        // GitHub's environment protection rules: objects of an `anyOf` merged into one
        // struct, whose `reviewers` the generator places after the struct.
        let doc = Doc::parse(
            "openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n    R:\n      type: array\n      items:\n        anyOf:\n          - {type: object, properties: {id: {type: integer}}}\n          - {$ref: '#/components/schemas/Rev'}\n    Rev:\n      allOf:\n        - {type: object, properties: {id: {type: integer}}}\n        - {type: object, properties: {reviewer: {anyOf: [{type: string}, {type: integer}]}}}\n",
        )
        .unwrap();
        let keys = |p: &str| p.split('.').map(String::from).collect::<Vec<_>>();
        let merged = keys("components.schemas.R.items.properties.reviewer.anyOf.1");
        assert_eq!(doc.resolve(&merged), None);
        let (place, value) = doc.resolve_merged(&merged).unwrap();
        assert_eq!(
            dotted(&place),
            "components.schemas.Rev.allOf.1.properties.reviewer.anyOf.1"
        );
        assert_eq!(value["type"], "integer");
        // The first part that declares a key is the one found; a key no part declares
        // is not found.
        let id = keys("components.schemas.R.items.properties.id");
        let (place, _) = doc.resolve_merged(&id).unwrap();
        assert_eq!(
            dotted(&place),
            "components.schemas.R.items.anyOf.0.properties.id"
        );
        let missing = keys("components.schemas.R.items.properties.name");
        assert_eq!(doc.resolve_merged(&missing), None);
    }

    #[test]
    fn a_member_made_from_a_list_of_types_is_the_schema_with_one_type() {
        let doc = Doc::parse(
            "openapi: 3.1.0\npaths: {}\ncomponents:\n  schemas:\n    I:\n      properties:\n        size: {type: ['null', string, integer], minimum: 0}\n",
        )
        .unwrap();
        let keys = |p: &str| p.split('.').map(String::from).collect::<Vec<_>>();
        let at = |p: &str| doc.type_list_member(&keys(p));
        let size = "components.schemas.I.properties.size";
        assert_eq!(
            at(&format!("{size}.anyOf.0")),
            Some((keys(size), "string".into()))
        );
        assert_eq!(
            at(&format!("{size}.anyOf.1")),
            Some((keys(size), "integer".into()))
        );
        assert_eq!(at(&format!("{size}.anyOf.2")), None);
        assert_eq!(at(&format!("{size}.oneOf.0")), None);
        assert!(is_of_type(&serde_json::json!(3.0), "integer"));
        assert!(!is_of_type(&serde_json::json!(3.5), "integer"));
        assert!(!is_of_type(&serde_json::json!("3"), "integer"));
    }

    #[test]
    fn yaml_numbers_beyond_64_bits_are_read_as_floats() {
        let doc = Doc::parse(
            "openapi: 3.0.3\nx:\n  minimum: -9223372036854776000\n  n: 3\n  200: ok\n  l:\n    - 92233720368547760000\n",
        )
        .unwrap();
        assert_eq!(
            doc.value["x"]["l"][0],
            serde_json::json!(9.223372036854776e19)
        );
        assert_eq!(
            doc.value["x"]["minimum"],
            serde_json::json!(-9.223372036854776e18)
        );
        assert_eq!(doc.value["x"]["n"], serde_json::json!(3));
        assert_eq!(doc.value["x"]["200"], serde_json::json!("ok"));
    }

    #[test]
    fn cases_have_their_examples() {
        let doc = Doc::parse(
            r##"openapi: 3.0.3
paths:
  /p:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/P'}
            example: {a: 1}
      responses:
        '200': {$ref: '#/components/responses/Ok'}
        '204': {description: none}
components:
  schemas:
    P: {type: object, example: {a: 2}}
  responses:
    Ok:
      description: ok
      content:
        application/problem+json: {schema: {type: string}, examples: {one: {value: x}}}
"##,
        )
        .unwrap();
        let cases = doc.cases();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].label(), "POST /p request");
        assert_eq!(
            cases[0].examples,
            vec![
                (
                    "paths./p.post.requestBody.content.application/json.example".into(),
                    serde_json::json!({"a": 1})
                ),
                (
                    "components.schemas.P.example".into(),
                    serde_json::json!({"a": 2})
                )
            ]
        );
        assert_eq!(cases[1].label(), "POST /p 200");
        assert_eq!(
            dotted(&cases[1].place),
            "components.responses.Ok.content.application/problem+json.schema"
        );
        assert_eq!(cases[1].examples.len(), 1);
    }
}
