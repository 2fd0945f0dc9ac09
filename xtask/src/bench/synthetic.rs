//! The synthetic specs of the scaling part: any number of operations, each with realistic
//! schemas of its own, written deterministically.

use serde_json::{json, Map, Value};

/// An OpenAPI 3.0 document with `operations` operations, each with realistic schemas of
/// its own (see [`SCALING_NOTE`](super::scaling::SCALING_NOTE)). Deterministic: the same size gives the same text.
pub fn synthetic_spec(operations: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer", "format": "int32"},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "string"}}
            }
        }),
    );
    schemas.insert(
        "User".into(),
        json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string", "nullable": true},
                "email": {"type": "string", "format": "email"},
                "role": {"type": "string", "enum": ["admin", "member", "guest"]}
            }
        }),
    );
    schemas.insert(
        "Page".into(),
        json!({
            "type": "object",
            "properties": {
                "next_cursor": {"type": "string", "nullable": true},
                "total": {"type": "integer", "format": "int64"}
            }
        }),
    );
    for i in 0..operations {
        let widget = format!("Widget{i}");
        let input = format!("Widget{i}Input");
        let shape = format!("Shape{i}");
        let circle = format!("Circle{i}");
        let square = format!("Square{i}");
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        schemas.insert(
            widget.clone(),
            json!({
                "type": "object",
                "description": format!("Widget number {i}."),
                "required": ["id", "status", "shape"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "maxLength": 200},
                    "count": {"type": "integer", "format": "int64", "minimum": 0},
                    "price": {"type": "number", "format": "double"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "status": {"type": "string", "enum": ["active", "inactive", "archived"]},
                    "note": {"type": "string", "nullable": true},
                    "owner": r("User"),
                    "shape": r(&shape),
                    "meta": {
                        "type": "object",
                        "properties": {
                            "source": {"type": "string"},
                            "dimensions": {
                                "type": "object",
                                "properties": {
                                    "width": {"type": "integer"},
                                    "height": {"type": "integer"},
                                    "unit": {"type": "string", "enum": ["mm", "cm", "in"]}
                                }
                            }
                        }
                    },
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "page": r("Page")
                }
            }),
        );
        schemas.insert(
            input.clone(),
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "status": {"type": "string", "enum": ["active", "inactive"]},
                    "shape": r(&shape)
                }
            }),
        );
        schemas.insert(
            shape.clone(),
            json!({
                "oneOf": [r(&circle), r(&square)],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {
                        "circle": format!("#/components/schemas/{circle}"),
                        "square": format!("#/components/schemas/{square}")
                    }
                }
            }),
        );
        schemas.insert(
            circle,
            json!({
                "type": "object",
                "required": ["kind", "radius"],
                "properties": {
                    "kind": {"type": "string"},
                    "radius": {"type": "number"}
                }
            }),
        );
        schemas.insert(
            square,
            json!({
                "type": "object",
                "required": ["kind", "side"],
                "properties": {
                    "kind": {"type": "string"},
                    "side": {"type": "number"}
                }
            }),
        );

        let method = ["get", "post", "put", "delete", "patch"][i % 5];
        let mut operation = json!({
            "operationId": format!("{method}Widget{i}"),
            "summary": format!("Operation {i} on widget {i}"),
            "tags": [format!("group{}", i % 20)],
            "parameters": [
                {"name": "widget_id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "expand", "in": "query", "style": "form", "explode": true,
                 "schema": {"type": "array", "items": {"type": "string", "enum": ["owner", "shape", "meta"]}}},
                {"name": "include_archived", "in": "query", "schema": {"type": "boolean"}},
                {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "The widget.", "content": {"application/json": {"schema": r(&widget)}}},
                "400": {"description": "Bad request.", "content": {"application/json": {"schema": r("Error")}}},
                "404": {"description": "Not found.", "content": {"application/json": {"schema": r("Error")}}},
                "default": {"description": "Any other error.", "content": {"application/json": {"schema": r("Error")}}}
            },
            "security": [{"bearer": []}]
        });
        if matches!(method, "post" | "put" | "patch") {
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": r(&input)}}
            });
        }
        let mut item = Map::new();
        item.insert(method.into(), operation);
        paths.insert(format!("/widgets{i}/{{widget_id}}"), Value::Object(item));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Synthetic API with {operations} operations"), "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn synthetic_specs_generate() {
        let text = synthetic_spec(10);
        let generated = openapi_gen::generate(Path::new("synthetic.json"), &text)
            .unwrap_or_else(|report| panic!("{report}"));
        assert_eq!(generated.api.operations.len(), 10);
    }
}
