//! Every reference below a node, with the kind of the place that holds it: `$ref`s along
//! the grammar of `kind` (free-form values such as examples are never read as
//! references), and the schema names of discriminator mappings.

use serde_json::Value;

use super::super::kind::{children, Kind};
use crate::diag::Seg;

/// A reference found below the scanned node.
#[derive(Debug, Clone)]
pub(super) struct Found {
    /// The place of the node holding the `$ref`, or of the mapping value, relative to
    /// the scanned node.
    pub(super) path: Vec<String>,
    /// The kind of that place (a mapping value names a schema).
    pub(super) kind: Kind,
    /// The reference as written.
    pub(super) reference: String,
    /// Whether it is a discriminator `mapping` value (which may also be a bare name).
    pub(super) mapping: bool,
}

/// Every reference below `value`, a node of `kind`, in document order.
pub(super) fn scan(kind: Kind, value: &Value) -> Vec<Found> {
    let mut out = Vec::new();
    walk(kind, value, &mut Vec::new(), &mut out);
    out
}

fn walk(kind: Kind, value: &Value, path: &mut Vec<String>, out: &mut Vec<Found>) {
    if kind == Kind::Value {
        anywhere(value, path, out);
        return;
    }
    let Value::Object(map) = value else {
        return;
    };
    if let Some(Value::String(reference)) = map.get("$ref") {
        // An operation cannot be a `$ref` in OpenAPI, but split specs written for Redocly
        // do it; the intent is plain: the operation the file holds (bundling warns).
        if kind.may_be_ref() || kind == Kind::Operation {
            out.push(Found {
                path: path.clone(),
                kind,
                reference: reference.clone(),
                mapping: false,
            });
            // A schema's `$ref` may have siblings (3.1); any other reference stands alone.
            if kind != Kind::Schema {
                return;
            }
        }
    }
    text(map, path, out);
    if kind == Kind::Document {
        // `info` and `tags` are outside the walk's grammar, but their descriptions may be
        // `$ref`s too.
        if let Some(Value::Object(info)) = map.get("info") {
            path.push("info".into());
            text(info, path, out);
            path.pop();
        }
        if let Some(Value::Array(tags)) = map.get("tags") {
            for (i, tag) in tags.iter().enumerate() {
                if let Value::Object(tag) = tag {
                    path.extend(["tags".to_string(), i.to_string()]);
                    text(tag, path, out);
                    path.truncate(path.len() - 2);
                }
            }
        }
    }
    if kind == Kind::Schema {
        schema(value, path, out);
        return;
    }
    // 3.1's `components.pathItems` (the dialect copies them into the paths later).
    if let (Kind::Components, Some(Value::Object(items))) = (kind, map.get("pathItems")) {
        for (name, item) in items {
            path.extend(["pathItems".to_string(), name.clone()]);
            walk(Kind::PathItem, item, path, out);
            path.truncate(path.len() - 2);
        }
    }
    for child in children(kind, value) {
        path.push(child.key.to_string());
        if let Some(inner) = child.inner {
            path.push(segment(inner));
        }
        walk(child.kind, child.value, path, out);
        if child.inner.is_some() {
            path.pop();
        }
        path.pop();
    }
}

/// Every `$ref` below a value copied in place ([`Kind::Value`]), whatever the grammar:
/// such a value (a `properties` map) holds schemas.
fn anywhere(value: &Value, path: &mut Vec<String>, out: &mut Vec<Found>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                out.push(Found {
                    path: path.clone(),
                    kind: Kind::Schema,
                    reference: reference.clone(),
                    mapping: false,
                });
                return;
            }
            for (key, child) in map {
                if matches!(
                    key.as_str(),
                    "example" | "examples" | "default" | "enum" | "const"
                ) {
                    continue;
                }
                path.push(key.clone());
                anywhere(child, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(i.to_string());
                anywhere(item, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

/// A `description` written as a `$ref` (to a Markdown text kept in another file): not
/// OpenAPI, but the intent is plain, and bundling puts the text in its place.
fn text(map: &serde_json::Map<String, Value>, path: &[String], out: &mut Vec<Found>) {
    if let Some(Value::Object(description)) = map.get("description") {
        if let Some(Value::String(reference)) = description.get("$ref") {
            let mut at = path.to_vec();
            at.push("description".into());
            out.push(Found {
                path: at,
                kind: Kind::Value,
                reference: reference.clone(),
                mapping: false,
            });
        }
    }
}

/// A schema's subschemas, 3.1's included (the dialect has not rewritten them yet), and
/// its discriminator's mapping.
fn schema(value: &Value, path: &mut Vec<String>, out: &mut Vec<Found>) {
    let Value::Object(map) = value else {
        return;
    };
    fn visit(value: &Value, segments: &[&str], path: &mut Vec<String>, out: &mut Vec<Found>) {
        path.extend(segments.iter().map(|s| s.to_string()));
        walk(Kind::Schema, value, path, out);
        path.truncate(path.len() - segments.len());
    }
    for (key, child) in map {
        match key.as_str() {
            "items"
            | "not"
            | "additionalProperties"
            | "additionalItems"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "contentSchema" => match child {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        visit(item, &[key, &i.to_string()], path, out);
                    }
                }
                _ => visit(child, &[key], path, out),
            },
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                if let Value::Array(items) = child {
                    for (i, item) in items.iter().enumerate() {
                        visit(item, &[key, &i.to_string()], path, out);
                    }
                }
            }
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Some(Value::String(reference)) = child.get("$ref") {
                    // The whole map in another file.
                    let mut at = path.clone();
                    at.push(key.clone());
                    out.push(Found {
                        path: at,
                        kind: Kind::Value,
                        reference: reference.clone(),
                        mapping: false,
                    });
                } else if let Value::Object(entries) = child {
                    for (name, entry) in entries {
                        visit(entry, &[key, name], path, out);
                    }
                }
            }
            "discriminator" => {
                if let Some(Value::Object(mapping)) = child.get("mapping") {
                    for (tag, target) in mapping {
                        if let Value::String(reference) = target {
                            let mut at = path.clone();
                            at.extend(["discriminator".into(), "mapping".into(), tag.clone()]);
                            out.push(Found {
                                path: at,
                                kind: Kind::Schema,
                                reference: reference.clone(),
                                mapping: true,
                            });
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn segment(seg: Seg<'_>) -> String {
    match seg {
        Seg::Key(key) => key.to_string(),
        Seg::Index(i) => i.to_string(),
        Seg::Status(code) => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(kind: Kind, yaml: &str) -> Vec<String> {
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        scan(kind, &value)
            .into_iter()
            .map(|f| format!("{} {:?} {}", f.path.join("."), f.kind, f.reference))
            .collect()
    }

    #[test]
    fn references_along_the_grammar() {
        let found = refs(
            Kind::Document,
            r##"
paths:
  /a:
    $ref: paths/a.yaml
  /b:
    get:
      parameters: [{$ref: common.yaml#/components/parameters/P}]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: pet.yaml}
              example: {$ref: not-a-reference}
components:
  schemas:
    Pet:
      properties:
        example: {$ref: "#/components/schemas/Tag"}
        owner: {$ref: owner.yaml, description: the owner}
      $defs:
        Inner: {items: {$ref: inner.yaml}}
      discriminator:
        propertyName: kind
        mapping: {dog: dog.yaml, cat: Cat}
      default: {$ref: not-either}
"##,
        );
        assert_eq!(
            found,
            [
                "paths./a PathItem paths/a.yaml",
                "paths./b.get.responses.200.content.application/json.schema Schema pet.yaml",
                "paths./b.get.parameters.0 Parameter common.yaml#/components/parameters/P",
                "components.schemas.Pet.properties.example Schema #/components/schemas/Tag",
                "components.schemas.Pet.properties.owner Schema owner.yaml",
                "components.schemas.Pet.$defs.Inner.items Schema inner.yaml",
                "components.schemas.Pet.discriminator.mapping.dog Schema dog.yaml",
                "components.schemas.Pet.discriminator.mapping.cat Schema Cat",
            ]
        );
    }
}
