use serde_json::json;

use super::*;

fn normalized(doc: Value, dialect: Dialect) -> (Value, Vec<String>) {
    let mut doc = doc;
    let mut diags = Diagnostics::default();
    normalize(&mut doc, dialect, &mut diags);
    let warnings = diags
        .items()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.path.as_ref().map(|p| p.to_string()).unwrap_or_default(),
                d.message
            )
        })
        .collect();
    (doc, warnings)
}

fn schema_doc(schema: Value) -> Value {
    json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
           "components": {"schemas": {"A": schema}}})
}

#[test]
fn type_lists_become_nullable_or_any_of() {
    let (doc, warnings) = normalized(
        schema_doc(json!({"type": ["string", "integer", "null"], "minLength": 1, "minimum": 0})),
        Dialect::V31,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        doc["components"]["schemas"]["A"],
        json!({"nullable": true, "anyOf": [
            {"type": "string", "minLength": 1},
            {"type": "integer", "minimum": 0}
        ]})
    );
    assert_eq!(doc["openapi"], "3.0.3");
    assert_eq!(doc["paths"], json!({}));
}

#[test]
fn content_encodings_become_formats() {
    let (doc, _) = normalized(
        schema_doc(json!({"type": "object", "properties": {
            "a": {"type": "string", "contentEncoding": "base64"},
            "b": {"type": "string", "contentEncoding": "binary"},
            "c": {"type": "string", "contentMediaType": "image/png"},
            "d": {"type": "string", "contentEncoding": "7bit"}
        }})),
        Dialect::V31,
    );
    let props = &doc["components"]["schemas"]["A"]["properties"];
    assert_eq!(props["a"], json!({"type": "string", "format": "byte"}));
    assert_eq!(props["b"], json!({"type": "string", "format": "binary"}));
    assert_eq!(props["c"], json!({"type": "string", "format": "binary"}));
    assert_eq!(props["d"], json!({"type": "string"}));
}

#[test]
fn ref_siblings_are_kept_as_docs_except_in_union_members() {
    let (doc, _) = normalized(
        schema_doc(json!({"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/B", "description": "kept"},
            "u": {"oneOf": [{"$ref": "#/components/schemas/B", "description": "dropped"}]}
        }})),
        Dialect::V31,
    );
    let props = &doc["components"]["schemas"]["A"]["properties"];
    assert_eq!(
        props["a"],
        json!({"description": "kept", "allOf": [{"$ref": "#/components/schemas/B"}]})
    );
    assert_eq!(
        props["u"]["oneOf"][0],
        json!({"$ref": "#/components/schemas/B"})
    );
}

#[test]
fn defs_become_components_and_references_follow() {
    let (doc, _) = normalized(
        schema_doc(
            json!({"type": "array", "items": {"$ref": "#/components/schemas/A/$defs/A"},
                   "discriminator": {"propertyName": "t",
                                     "mapping": {"a": "#/components/schemas/A/$defs/A"}},
                   "$defs": {"A": {"type": "string"}}}),
        ),
        Dialect::V31,
    );
    let schemas = &doc["components"]["schemas"];
    // `A` is taken by its owner, so the definition is `AA`.
    assert_eq!(schemas["AA"], json!({"type": "string"}));
    assert_eq!(schemas["A"]["items"]["$ref"], "#/components/schemas/AA");
    assert_eq!(
        schemas["A"]["discriminator"]["mapping"]["a"],
        "#/components/schemas/AA"
    );
    assert!(schemas["A"].get("$defs").is_none());
}

#[test]
fn a_3_0_document_is_read_leniently_with_warnings() {
    let mut doc = schema_doc(json!({"type": "integer", "exclusiveMinimum": 0, "const": 1}));
    doc["openapi"] = json!("3.0.3");
    let (doc, warnings) = normalized(doc, Dialect::V30);
    assert_eq!(
        doc["components"]["schemas"]["A"],
        json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true, "enum": [1]})
    );
    assert_eq!(
        warnings,
        [
            "components.schemas.A.const: `const` is OpenAPI 3.1, not 3.0; it is read as 3.1 defines it",
            "components.schemas.A.exclusiveMinimum: a number in `exclusiveMinimum` is OpenAPI 3.1, not 3.0; it is read as 3.1 defines it",
        ]
    );
    // A 3.0 `$ref` keeps ignoring its siblings, as 3.0 says.
    let (doc, _) = normalized(
        json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"$ref": "#/x", "description": "d"}}}}),
        Dialect::V30,
    );
    assert_eq!(doc["components"]["schemas"]["A"]["$ref"], "#/x");
}
