//! `required: true` on a schema, as Swagger 2's parameters (and many hand-written
//! documents) write it: in a schema `required` lists property names. On a property it
//! plainly means the property is required: its name joins the enclosing object's
//! `required` list (`false`: nothing to add). Anywhere else it says nothing a schema can
//! say (Spotify's `image/jpeg` body schema): dropped.
//!
//! Only schema places are read (a parameter's or a request body's `required: true` is
//! theirs to have): `components.schemas`, each `schema` of the document's other objects,
//! and below a schema its subschemas.

use serde_json::{Map, Value};

use crate::diag::Seg;

use super::{At, Defect, Kind, Repairs, DATA, NAMED};

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    containers(doc, &At::root(), false, repairs);
}

/// A part of the document that is not a schema: its `schema` values, and the entries of
/// `components.schemas`, are.
fn containers(value: &mut Value, at: &At<'_>, named: bool, repairs: &mut Repairs<'_>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if !named && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let here = at.at(Seg::Key(key));
                if !named && key == "schema" {
                    schema(child, &here, repairs);
                } else if !named && key == "schemas" && at.is_top("components") {
                    if let Value::Object(schemas) = child {
                        for (name, s) in schemas.iter_mut() {
                            schema(s, &here.at(Seg::Key(name)), repairs);
                        }
                    }
                } else {
                    let named = !named && NAMED.contains(&key.as_str());
                    containers(child, &here, named, repairs);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                containers(item, &at.at(Seg::Index(i)), false, repairs);
            }
        }
        _ => {}
    }
}

/// A schema: a boolean `required` of its properties moved to its own list, its own
/// dropped, then its subschemas.
fn schema(value: &mut Value, at: &At<'_>, repairs: &mut Repairs<'_>) {
    let Value::Object(map) = value else {
        return;
    };
    if let Some(Value::Bool(flag)) = map.get("required") {
        let flag = *flag;
        if repairs.found(Defect {
            kind: Kind::RequiredFlag,
            at: at.path().push("required"),
            says: format!("`required: {flag}` on a schema that is not a property"),
            assumed: "a schema without it (in a schema, `required` lists property names)".into(),
            fix: "remove it, or list the required properties on the object that holds them".into(),
        }) {
            map.remove("required");
        }
    }
    let mut newly_required = Vec::new();
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            let Some(Value::Bool(flag)) = property.get("required") else {
                continue;
            };
            let flag = *flag;
            let place = at.path().push("properties").push(name.as_str());
            let (assumed, fix) = if flag {
                (
                    format!("`{name}` listed in the object's `required`"),
                    format!("list `{name}` in `required` on the object instead"),
                )
            } else {
                (
                    format!("`{name}` optional, as it is unless listed in `required`"),
                    "remove it".to_string(),
                )
            };
            if repairs.found(Defect {
                kind: Kind::RequiredFlag,
                at: place.push("required"),
                says: format!("`required: {flag}` on the property `{name}`"),
                assumed,
                fix,
            }) {
                if let Value::Object(property) = property {
                    property.remove("required");
                }
                if flag {
                    newly_required.push(name.clone());
                }
            }
        }
    }
    if !newly_required.is_empty() {
        add_required(map, newly_required);
    }
    subschemas(map, at, repairs);
}

/// Adds `names` to the object's `required` list (made when it has none).
fn add_required(map: &mut Map<String, Value>, names: Vec<String>) {
    let list = map
        .entry("required")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(list) = list {
        for name in names {
            if !list.iter().any(|n| n.as_str() == Some(name.as_str())) {
                list.push(Value::String(name));
            }
        }
    }
}

/// The schemas directly below a schema's keywords.
fn subschemas(map: &mut Map<String, Value>, at: &At<'_>, repairs: &mut Repairs<'_>) {
    for (key, child) in map.iter_mut() {
        let here = at.at(Seg::Key(key));
        match key.as_str() {
            "items"
            | "additionalProperties"
            | "not"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "if"
            | "then"
            | "else" => {
                schema(child, &here, repairs);
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" => {
                if let Value::Array(items) = child {
                    for (i, item) in items.iter_mut().enumerate() {
                        schema(item, &here.at(Seg::Index(i)), repairs);
                    }
                }
            }
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Value::Object(schemas) = child {
                    for (name, s) in schemas.iter_mut() {
                        schema(s, &here.at(Seg::Key(name)), repairs);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    const DOC: &str = "\
paths:
  /a:
    put:
      parameters:
        - {name: id, in: query, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          image/jpeg: {schema: {type: string, format: byte, required: true}}
      responses:
        '204': {description: done}
components:
  schemas:
    Pet:
      type: object
      required: [name]
      properties:
        name: {type: string}
        id: {type: integer, required: true}
        tag: {type: string, required: false}
        owner:
          type: object
          properties:
            email: {type: string, required: true}
";

    #[test]
    fn a_property_flagged_required_is_listed_and_other_flags_dropped() {
        let (doc, diags) = repaired(DOC, Policy::Repair);
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["required"], json!(["name", "id"]));
        assert_eq!(pet["properties"]["id"], json!({"type": "integer"}));
        assert_eq!(pet["properties"]["tag"], json!({"type": "string"}));
        assert_eq!(pet["properties"]["owner"]["required"], json!(["email"]));
        let body = &doc["paths"]["/a"]["put"]["requestBody"];
        assert_eq!(
            body["content"]["image/jpeg"]["schema"],
            json!({"type": "string", "format": "byte"})
        );
        // A parameter's and a request body's own `required` are theirs.
        assert_eq!(body["required"], json!(true));
        assert_eq!(
            doc["paths"]["/a"]["put"]["parameters"][0]["required"],
            json!(true)
        );
        assert_eq!(diags.len(), 4, "{diags:?}");
        assert!(
            diags.contains(&"Warning components.schemas.Pet.properties.id.required: `required: true` on the property `id`; repaired: read as `id` listed in the object's `required`".to_string()),
            "{diags:?}"
        );
    }

    #[test]
    fn strict_refuses_them() {
        let (doc, diags) = repaired(DOC, Policy::Strict);
        assert_eq!(
            doc["components"]["schemas"]["Pet"]["properties"]["id"]["required"],
            json!(true)
        );
        assert!(diags.iter().all(|d| d.starts_with("Error")), "{diags:?}");
    }
}
