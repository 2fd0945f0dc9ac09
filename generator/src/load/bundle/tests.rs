//! Bundling on specs held in memory.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{json, Value};

use crate::diag::{Diagnostics, Sources};
use crate::load::files::Files;
use crate::repair::Policy;

/// The spec `api.yaml` (its text given) bundled with `files`: the document, and every
/// diagnostic as `file path: message`.
fn bundled(root: &str, files: &[(&str, &str)]) -> (Value, Vec<String>) {
    let files: BTreeMap<PathBuf, String> = files
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    bundled_with(root, &files)
}

fn bundled_with(root: &str, files: &dyn Files) -> (Value, Vec<String>) {
    bundled_as(root, files, Policy::Repair)
}

fn bundled_as(root: &str, files: &dyn Files, policy: Policy) -> (Value, Vec<String>) {
    let mut raw: Value = serde_yaml::from_str(root).unwrap();
    let mut sources = Sources::new(std::path::Path::new("api.yaml"), root);
    let mut diags = Diagnostics::default();
    super::bundle(&mut raw, &mut sources, files, policy, &mut diags);
    let messages = diags
        .into_report_in(&sources)
        .diagnostics
        .iter()
        .map(|d| {
            let file = d
                .file
                .as_ref()
                .map_or("api.yaml".into(), |f| f.display().to_string());
            let at = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
            format!("{file} {at}: {}", d.message)
        })
        .collect();
    (raw, messages)
}

const SCHEMA_REF: &str = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get:
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "REF"}
"#;

fn schema_ref(reference: &str) -> String {
    SCHEMA_REF.replace("REF", reference)
}

fn response_schema(doc: &Value) -> &Value {
    &doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
}

#[test]
fn a_one_file_spec_is_left_alone() {
    let text = schema_ref("#/components/schemas/A");
    let (doc, messages) = bundled(&text, &[]);
    assert_eq!(doc, serde_yaml::from_str::<Value>(&text).unwrap());
    assert!(messages.is_empty());
}

#[test]
fn components_keep_their_names_and_bring_their_references() {
    let (doc, messages) = bundled(
        &schema_ref("common.yaml#/components/schemas/Pet"),
        &[(
            "common.yaml",
            "components:\n  schemas:\n    Pet: {properties: {id: {$ref: '#/components/schemas/Id'}}}\n    Id: {type: string}\n    Unused: {type: integer}\n",
        )],
    );
    assert!(messages.is_empty(), "{messages:?}");
    assert_eq!(
        response_schema(&doc),
        &json!({"$ref": "#/components/schemas/Pet"})
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Pet"]["properties"]["id"]["$ref"],
        "#/components/schemas/Id"
    );
    assert_eq!(schemas["Id"], json!({"type": "string"}));
    // Only what is reached is copied.
    assert!(schemas.get("Unused").is_none());
}

#[test]
fn a_taken_name_gets_the_file_stem_then_a_number() {
    let root = format!(
        "{}components:\n  schemas:\n    Pet: {{type: string}}\n    common_Pet: {{type: string}}\n",
        schema_ref("common.yaml#/components/schemas/Pet")
    );
    let (doc, _) = bundled(
        &root,
        &[(
            "common.yaml",
            "components: {schemas: {Pet: {type: integer}}}",
        )],
    );
    assert_eq!(
        response_schema(&doc)["$ref"],
        "#/components/schemas/common_Pet_2"
    );
    assert_eq!(
        doc["components"]["schemas"]["common_Pet_2"],
        json!({"type": "integer"})
    );
}

#[test]
fn names_do_not_depend_on_the_order_references_are_met() {
    // Two files each define `Error`; whichever is met first, `a.yaml`'s keeps the name.
    let files = [
        ("a.yaml", "components: {schemas: {Error: {type: string}}}"),
        ("b.yaml", "components: {schemas: {Error: {type: integer}}}"),
    ];
    for (first, second) in [("a", "b"), ("b", "a")] {
        let root = format!(
            "{}components:\n  schemas:\n    X: {{$ref: '{second}.yaml#/components/schemas/Error'}}\n",
            schema_ref(&format!("{first}.yaml#/components/schemas/Error"))
        );
        let (doc, _) = bundled(&root, &files);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Error"], json!({"type": "string"}), "{first} first");
        assert_eq!(
            schemas["b_Error"],
            json!({"type": "integer"}),
            "{first} first"
        );
    }
}

#[test]
fn whole_files_places_inside_them_and_relative_paths() {
    let (doc, messages) = bundled(
        &schema_ref("models/pet.yaml#/properties/owner"),
        &[
            (
                "models/pet.yaml",
                "properties:\n  owner: {$ref: './person.yaml'}\n",
            ),
            ("models/person.yaml", "properties: {name: {type: string}}"),
        ],
    );
    assert!(messages.is_empty(), "{messages:?}");
    // `owner` lies inside `pet.yaml`, which is not referred to as a whole: its own entry.
    assert_eq!(response_schema(&doc)["$ref"], "#/components/schemas/owner");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(schemas["owner"]["$ref"], "#/components/schemas/person");
    assert!(schemas.get("pet").is_none());
}

#[test]
fn a_file_may_refer_to_itself_as_a_whole() {
    let (doc, messages) = bundled(
        &schema_ref("tree.yaml"),
        &[("tree.yaml", "properties: {children: {items: {$ref: '#'}}}")],
    );
    assert!(messages.is_empty(), "{messages:?}");
    let tree = &doc["components"]["schemas"]["tree"];
    assert_eq!(
        tree["properties"]["children"]["items"]["$ref"],
        "#/components/schemas/tree"
    );
}

#[test]
fn a_place_inside_a_copied_file_is_a_reference_into_its_copy() {
    let root = format!(
        "{}components:\n  schemas:\n    Both: {{properties: {{pet: {{$ref: 'pet.yaml'}}}}}}\n",
        schema_ref("pet.yaml#/properties/owner")
    );
    let (doc, _) = bundled(
        &root,
        &[("pet.yaml", "properties: {owner: {type: string}}")],
    );
    assert_eq!(
        response_schema(&doc)["$ref"],
        "#/components/schemas/pet/properties/owner"
    );
}

#[test]
fn path_items_are_copied_in_place_and_references_back_to_the_spec_stay_local() {
    let root = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {$ref: "paths/a.yaml", summary: kept}
components:
  schemas:
    Local: {type: string}
"#;
    let (doc, messages) = bundled(
        root,
        &[(
            "paths/a.yaml",
            "summary: replaced\nget:\n  responses:\n    '200':\n      description: ok\n      content: {application/json: {schema: {$ref: '../api.yaml#/components/schemas/Local'}}}\n",
        )],
    );
    assert!(messages.is_empty(), "{messages:?}");
    let item = &doc["paths"]["/a"];
    assert_eq!(item["summary"], "kept");
    assert_eq!(
        item["get"]["responses"]["200"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/Local"
    );
}

#[test]
fn path_items_in_a_cycle_are_an_error() {
    let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a: {$ref: 'a.yaml'}\n";
    let (_, messages) = bundled(
        root,
        &[("a.yaml", "$ref: b.yaml"), ("b.yaml", "$ref: a.yaml")],
    );
    assert_eq!(
        messages,
        ["b.yaml (document root): path items of other files refer to each other in a cycle"]
    );
}

#[test]
fn mappings_name_schemas_of_their_own_file() {
    let (doc, messages) = bundled(
        &schema_ref("pets.yaml#/components/schemas/Pet"),
        &[(
            "pets.yaml",
            "components:\n  schemas:\n    Pet:\n      oneOf: [{$ref: '#/components/schemas/Dog'}]\n      discriminator: {propertyName: kind, mapping: {dog: Dog, cat: 'cat.yaml'}}\n    Dog: {type: object}\n",
        ), ("cat.yaml", "type: object")],
    );
    assert!(messages.is_empty(), "{messages:?}");
    let mapping = &doc["components"]["schemas"]["Pet"]["discriminator"]["mapping"];
    assert_eq!(mapping["dog"], "#/components/schemas/Dog");
    assert_eq!(mapping["cat"], "#/components/schemas/cat");
}

#[test]
fn errors_are_reported_where_the_reference_is() {
    let root = format!(
        "{}components:\n  schemas:\n    B: {{$ref: 'other.yaml#/components/schemas/B'}}\n    C: {{$ref: 'broken.yaml'}}\n",
        schema_ref("missing.yaml")
    );
    let (_, messages) = bundled(
        &root,
        &[
            (
                "other.yaml",
                "components: {schemas: {B: {items: {$ref: 'http://x/y.yaml'}}}}",
            ),
            ("broken.yaml", "a: [1"),
        ],
    );
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(messages[0].starts_with(
        "api.yaml paths./a.get.responses.200.content.application/json.schema: cannot read `missing.yaml`"
    ), "{messages:?}");
    assert!(
        messages[1].starts_with("broken.yaml : invalid YAML"),
        "{messages:?}"
    );
    assert!(
        messages[2]
            .starts_with("other.yaml components.schemas.B.items: `http://x/y.yaml` is a URL"),
        "{messages:?}"
    );
}

#[test]
fn references_where_openapi_allows_none_are_copied_in_place() {
    // Split specs written for Redocly: an operation, a description and a whole
    // `properties` map as `$ref`s to other files.
    let root = r#"
openapi: 3.0.3
info: {title: t, version: "1", description: {$ref: "texts.yaml#/intro"}}
tags:
  - name: pets
    description: {$ref: "texts.yaml#/pets"}
paths:
  /pets:
    get: {$ref: "ops/list.yaml"}
"#;
    let (doc, messages) = bundled(
        root,
        &[
            ("texts.yaml", "intro: Welcome.\npets: Everything about pets.\n"),
            (
                "ops/list.yaml",
                "responses:\n  '200':\n    description: ok\n    content:\n      application/json:\n        schema:\n          type: object\n          properties: {$ref: '../models/props.yaml'}\n",
            ),
            ("models/props.yaml", "name: {type: string}\nowner: {$ref: 'owner.yaml'}\n"),
            ("models/owner.yaml", "type: object\nproperties: {id: {type: integer}}\n"),
        ],
    );
    assert_eq!(
        messages,
        ["api.yaml paths./pets.get: 1 operation is written as a `$ref` to another file, but OpenAPI does not allow that (only path items can be references); repaired: read as the operation its file holds"]
    );
    assert_eq!(doc["info"]["description"], "Welcome.");
    assert_eq!(doc["tags"][0]["description"], "Everything about pets.");
    let schema =
        &doc["paths"]["/pets"]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
    assert_eq!(schema["properties"]["name"], json!({"type": "string"}));
    // References inside the copied map follow its file.
    assert_eq!(
        schema["properties"]["owner"]["$ref"],
        "#/components/schemas/owner"
    );
    assert_eq!(
        doc["components"]["schemas"]["owner"]["properties"]["id"]["type"],
        "integer"
    );
}

/// DigitalOcean's spec: every operation a `$ref` to a file. One repair per operation,
/// reported once; under strict, an error.
#[test]
fn operations_written_as_refs_are_counted_and_strict_refuses_them() {
    let root = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a:
    get: {$ref: "a_get.yaml"}
    post: {$ref: "a_post.yaml"}
"#;
    let operation = "responses: {'200': {description: ok}}\n";
    let files: BTreeMap<PathBuf, String> = [("a_get.yaml", operation), ("a_post.yaml", operation)]
        .iter()
        .map(|(path, text)| (PathBuf::from(path), text.to_string()))
        .collect();
    for policy in [Policy::Repair, Policy::Strict] {
        let mut raw: Value = serde_yaml::from_str(root).unwrap();
        let mut sources = Sources::new(std::path::Path::new("api.yaml"), root);
        let mut diags = Diagnostics::default();
        let counts = super::bundle(&mut raw, &mut sources, &files, policy, &mut diags);
        let report = diags.into_report_in(&sources);
        assert_eq!(report.diagnostics.len(), 1, "{policy:?}");
        let diagnostic = &report.diagnostics[0];
        assert!(
            diagnostic
                .message
                .starts_with("2 operations are written as `$ref`s to other files"),
            "{}",
            diagnostic.message
        );
        match policy {
            Policy::Repair => {
                assert_eq!(
                    counts.to_string(),
                    "repairs: 2 (operation written as a `$ref`: 2)"
                );
                assert_eq!(diagnostic.severity, crate::diag::Severity::Warning);
            }
            Policy::Strict => {
                assert_eq!(counts.total(), 0);
                assert_eq!(diagnostic.severity, crate::diag::Severity::Error);
            }
        }
    }
}

/// SendGrid's spec: each section of `components` a `$ref` to a file. Each section becomes
/// the file's map, entries under their own names, and references to those entries from
/// other files lead to them (not to copies).
#[test]
fn a_section_written_as_a_ref_is_the_map_its_file_holds() {
    let root = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /a: {$ref: "paths/a.yaml"}
components:
  schemas: {$ref: "./components/schemas.yaml"}
  parameters: {$ref: "components/parameters.yaml"}
"#;
    let files: BTreeMap<PathBuf, String> = [
        (
            "components/schemas.yaml",
            "Pet: {type: object, properties: {owner: {$ref: '#/Owner'}}}\nOwner: {type: string}\n",
        ),
        (
            "components/parameters.yaml",
            "limit: {name: limit, in: query, schema: {type: integer}}\n",
        ),
        (
            "paths/a.yaml",
            "get:\n  parameters: [{$ref: '../components/parameters.yaml#/limit'}]\n  responses:\n    '200':\n      description: ok\n      content: {application/json: {schema: {$ref: '../components/schemas.yaml#/Pet'}}}\n",
        ),
    ]
    .into_iter()
    .map(|(path, text)| (PathBuf::from(path), text.to_string()))
    .collect();
    let (doc, messages) = bundled_with(root, &files);
    assert_eq!(
        doc["components"]["schemas"],
        json!({
            "Owner": {"type": "string"},
            "Pet": {"type": "object", "properties": {"owner": {"$ref": "#/components/schemas/Owner"}}},
        })
    );
    assert_eq!(
        doc["components"]["parameters"],
        json!({"limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}})
    );
    let get = &doc["paths"]["/a"]["get"];
    assert_eq!(
        get["parameters"][0],
        json!({"$ref": "#/components/parameters/limit"})
    );
    assert_eq!(
        get["responses"]["200"]["content"]["application/json"]["schema"],
        json!({"$ref": "#/components/schemas/Pet"})
    );
    assert_eq!(
        messages,
        [
            "api.yaml components.schemas.$ref: `components.schemas` is a `$ref` to `./components/schemas.yaml`, but a section of `components` must be a map of named schemas; repaired: read as the map that `./components/schemas.yaml` holds: each of its 2 schemas under its own name",
            "api.yaml components.parameters.$ref: `components.parameters` is a `$ref` to `components/parameters.yaml`, but a section of `components` must be a map of named parameters; repaired: read as the map that `components/parameters.yaml` holds: its one parameter under its own name",
        ]
    );

    // Strict: an error each, and the sections' `$ref`s left as they are.
    let (doc, messages) = bundled_as(root, &files, Policy::Strict);
    assert_eq!(
        doc["components"]["schemas"]["$ref"],
        json!("./components/schemas.yaml")
    );
    assert_eq!(messages.len(), 2, "{messages:#?}");
    assert!(
        messages[0]
            .starts_with("api.yaml components.schemas.$ref: `components.schemas` is a `$ref`"),
        "{messages:#?}"
    );
}

/// A section `$ref` to a file that holds no map is left for loading to refuse.
#[test]
fn a_section_ref_to_no_map_is_left_alone() {
    let root = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas: {$ref: 'list.yaml'}\n";
    let files: BTreeMap<PathBuf, String> = [(PathBuf::from("list.yaml"), "[1, 2]\n".to_string())]
        .into_iter()
        .collect();
    let (doc, messages) = bundled_with(root, &files);
    assert_eq!(doc["components"]["schemas"], json!({"$ref": "list.yaml"}));
    assert!(messages.is_empty(), "{messages:#?}");
}
