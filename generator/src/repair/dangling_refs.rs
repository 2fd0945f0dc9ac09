//! A `$ref` to a component schema the document does not define, nor any of a name close
//! to it (Intercom's `#/components/schemas/custom_attributes`; `Credentail` beside
//! `Credential` is a typo, left to validation, which names the close one): the one reading
//! left is a value of a shape the document does not say, so the reference is dropped and the schema is any JSON value
//! (its siblings, a `description`, kept). Nothing the server sends is lost: any JSON keeps
//! it whole. References to other sections, or into a schema that exists, are left to
//! validation.

use serde_json::Value;

use crate::diag::{DocPath, Seg};
use crate::refs::{self, Target};

use super::{At, Defect, Kind, Repairs, DATA, NAMED};

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let mut dangling = Vec::new();
    find(doc, doc, &At::root(), false, &mut dangling);
    for (at, reference) in dangling {
        let found = repairs.found(Defect {
            kind: Kind::DanglingSchemaRef,
            at: at.push("$ref"),
            says: format!("`$ref` target `{reference}` does not exist"),
            assumed: "any JSON value (the schema it names is not in the document)".into(),
            fix: format!(
                "define `{}` under `components.schemas`, or fix the reference",
                schema_name(&reference).unwrap_or_default()
            ),
        });
        if found {
            if let Some(Value::Object(map)) = pointer_mut(doc, &at) {
                map.remove("$ref");
            }
        }
    }
}

/// The places below `value` (in `doc`) of `$ref`s to component schemas that do not exist.
fn find(doc: &Value, value: &Value, at: &At<'_>, named: bool, out: &mut Vec<(DocPath, String)>) {
    match value {
        Value::Object(map) => {
            if !named {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    if dangling(doc, reference) {
                        out.push((at.path(), reference.clone()));
                    }
                }
            }
            for (key, child) in map {
                if !named && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let named = !named && NAMED.contains(&key.as_str());
                find(doc, child, &at.at(Seg::Key(key)), named, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                find(doc, item, &at.at(Seg::Index(i)), false, out);
            }
        }
        _ => {}
    }
}

/// The name of the component schema `reference` leads into (`#/components/schemas/Pet`,
/// or a place inside it), escapes undone as `refs` reads them.
fn schema_name(reference: &str) -> Option<String> {
    match refs::parse(reference) {
        Target::Component { section, name } if section == "schemas" => Some(name),
        Target::Pointer(segments) => match segments.as_slice() {
            [components, schemas, name, ..]
                if components == "components" && schemas == "schemas" =>
            {
                Some(name.clone())
            }
            _ => None,
        },
        _ => None,
    }
}

/// The names of the document's component schemas.
fn schema_names(doc: &Value) -> Vec<&str> {
    doc.get("components")
        .and_then(|c| c.get("schemas"))
        .and_then(Value::as_object)
        .map(|schemas| schemas.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Whether `reference` leads to a component schema the document lacks, and none of a
/// name close to it (`Credentail` for `Credential`) either: a close name makes it more
/// likely a typo than a schema left out, two readings, which validation reports with
/// the close name.
fn dangling(doc: &Value, reference: &str) -> bool {
    let Some(name) = schema_name(reference) else {
        return false;
    };
    let names = schema_names(doc);
    !names.contains(&name.as_str()) && crate::diag::words::closest(&name, &names).is_none()
}

/// The value at `at` in `doc`.
fn pointer_mut<'v>(doc: &'v mut Value, at: &DocPath) -> Option<&'v mut Value> {
    let pointer: String = at
        .segments()
        .iter()
        .map(|seg| format!("/{}", seg.replace('~', "~0").replace('/', "~1")))
        .collect();
    doc.pointer_mut(&pointer)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    const DOC: &str = "\
paths: {}
components:
  schemas:
    Conversation:
      type: object
      properties:
        id: {type: string}
        custom_attributes:
          $ref: '#/components/schemas/custom_attributes'
          description: Custom data.
        owner: {$ref: '#/components/schemas/Owner'}
        example_only:
          type: object
          example: {$ref: '#/components/schemas/nowhere'}
        typo: {$ref: '#/components/schemas/Ownr'}
    Owner: {type: string}
";

    #[test]
    fn a_reference_to_a_missing_schema_is_any_json() {
        let (doc, diags) = repaired(DOC, Policy::Repair);
        let properties = &doc["components"]["schemas"]["Conversation"]["properties"];
        assert_eq!(
            properties["custom_attributes"],
            json!({"description": "Custom data."})
        );
        assert_eq!(
            properties["owner"],
            json!({"$ref": "#/components/schemas/Owner"})
        );
        // A typo of a defined name is left to validation.
        assert_eq!(
            properties["typo"],
            json!({"$ref": "#/components/schemas/Ownr"})
        );
        assert_eq!(
            diags,
            ["Warning components.schemas.Conversation.properties.custom_attributes.$ref: `$ref` target `#/components/schemas/custom_attributes` does not exist; repaired: read as any JSON value (the schema it names is not in the document)"]
        );
    }

    #[test]
    fn strict_refuses_it() {
        let (doc, diags) = repaired(DOC, Policy::Strict);
        assert_eq!(
            doc["components"]["schemas"]["Conversation"]["properties"]["custom_attributes"]["$ref"],
            json!("#/components/schemas/custom_attributes")
        );
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].starts_with("Error"), "{diags:?}");
    }
}
