//! OpenAPI Overlays (1.0.0): the specification's own examples applied to documents, and
//! overlays given to a run (`Options::overlays`): applied in order, before the document
//! is read, with located errors and warnings in the overlay file.
//!
//! `tests/overlays/remove-example/` is the Overlay Specification's compliant set (from
//! OAI/Overlay-Specification `compliant-sets/`): its `output.yaml` is the oracle.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use openapi_gen::load::apply_overlay;
use serde_json::{json, Value};

fn yaml(text: &str) -> Value {
    serde_yaml::from_str(text).unwrap_or_else(|e| panic!("not YAML: {e}"))
}

fn read(path: &str) -> String {
    let path = tests::repo_root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `overlay` applied to `doc`; panics on any diagnostic.
fn applied(mut doc: Value, overlay: &str) -> Value {
    let mut diags = openapi_gen::diag::Diagnostics::default();
    apply_overlay(&mut doc, Path::new("overlay.yaml"), overlay, &mut diags);
    assert_eq!(diags.items(), &[], "the overlay applies cleanly");
    doc
}

#[test]
fn the_specifications_remove_example_gives_its_output() {
    let doc = yaml(&read("tests/overlays/remove-example/openapi.yaml"));
    let overlay = read("tests/overlays/remove-example/overlay.yaml");
    let expected = yaml(&read("tests/overlays/remove-example/output.yaml"));
    assert_eq!(applied(doc, &overlay), expected);
}

const PETS: &str = "
openapi: 3.0.3
info: {title: Pets, version: '1'}
paths:
  /:
    get: {responses: {'200': {description: ok}}}
  /pets:
    get:
      parameters:
        - {name: filter, in: query, schema: {type: string}}
        - {name: dummy, in: query, schema: {type: string}}
      responses: {'200': {description: ok}}
  /foo:
    get: {description: old}
  /bar:
    get: {description: old}
    post: {description: old}
tags: [{name: pets}]
";

/// The specification's "Structured Overlay Example": one update of the root that mirrors
/// the document (`components:` with no value merges nothing).
#[test]
fn structured_example() {
    let overlay = "
overlay: 1.0.0
info: {title: Structured Overlay, version: 1.0.0}
actions:
  - target: '$'
    update:
      info:
        x-overlay-applied: structured-overlay
      paths:
        '/':
          summary: 'The root resource'
          get:
            summary: 'Retrieve the root resource'
            x-rate-limit: 100
        '/pets':
          get:
            summary: 'Retrieve a list of pets'
            x-rate-limit: 100
      components:
      tags: []
";
    let doc = applied(yaml(PETS), overlay);
    assert_eq!(
        doc["info"]["x-overlay-applied"],
        json!("structured-overlay")
    );
    assert_eq!(doc["paths"]["/"]["summary"], json!("The root resource"));
    assert_eq!(doc["paths"]["/"]["get"]["x-rate-limit"], json!(100));
    assert_eq!(
        doc["paths"]["/pets"]["get"]["summary"],
        json!("Retrieve a list of pets")
    );
    assert_eq!(
        doc["paths"]["/pets"]["get"]["parameters"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    assert_eq!(doc.get("components"), None);
    assert_eq!(doc["tags"], json!([{"name": "pets"}]));
}

/// The "Targeted Overlay Example" and the "Wildcard Overlay Example".
#[test]
fn targeted_and_wildcard_examples() {
    let overlay = "
overlay: 1.0.0
info: {title: Targeted Overlay, version: 1.0.0}
actions:
  - target: $.paths['/foo'].get
    update:
      description: This is the new description
  - target: $.paths['/bar'].get
    update:
      description: This is the updated description
  - target: $.paths['/bar']
    update:
      post:
        description: This is an updated description of a child object
        x-safe: false
  - target: $.paths.*.get
    update:
      x-safe: true
  - target: $.paths.*.get.parameters[?@.name=='filter' && @.in=='query']
    update:
      schema:
        $ref: '#/components/schemas/filterSchema'
";
    let doc = applied(yaml(PETS), overlay);
    assert_eq!(
        doc["paths"]["/foo"]["get"],
        json!({"description": "This is the new description", "x-safe": true})
    );
    assert_eq!(
        doc["paths"]["/bar"]["post"],
        json!({"description": "This is an updated description of a child object", "x-safe": false})
    );
    assert_eq!(doc["paths"]["/"]["get"]["x-safe"], json!(true));
    // `schema` is an object in both: merged, so the `type` stays beside the `$ref`.
    assert_eq!(
        doc["paths"]["/pets"]["get"]["parameters"][0]["schema"],
        json!({"type": "string", "$ref": "#/components/schemas/filterSchema"})
    );
}

/// The "Array Modification Examples": an element appended by `update`, one removed.
#[test]
fn array_examples() {
    let overlay = "
overlay: 1.0.0
info: {title: Arrays, version: 1.0.0}
actions:
  - target: $.paths.*.get.parameters[?@.name == 'dummy']
    remove: true
  - target: $.paths['/pets'].get.parameters
    update: {name: newParam, in: query, schema: {type: string}}
";
    let doc = applied(yaml(PETS), overlay);
    let names: Vec<&Value> = doc["paths"]["/pets"]["get"]["parameters"]
        .as_array()
        .map(|list| list.iter().map(|p| &p["name"]).collect())
        .unwrap_or_default();
    assert_eq!(names, [&json!("filter"), &json!("newParam")]);
}

/// A spec, its overlays and the report of generating it with them.
fn generate(spec: &str, overlays: &[(&str, &str)]) -> Result<openapi_gen::Generated, String> {
    generate_as(spec, overlays, false)
}

/// [`generate`], with `strict` as given.
fn generate_as(
    spec: &str,
    overlays: &[(&str, &str)],
    strict: bool,
) -> Result<openapi_gen::Generated, String> {
    let mut files: BTreeMap<PathBuf, String> = BTreeMap::new();
    for (name, text) in overlays {
        files.insert(PathBuf::from(name), text.to_string());
    }
    let options = openapi_gen::Options {
        overlays: overlays
            .iter()
            .map(|(name, _)| PathBuf::from(name))
            .collect(),
        strict,
        ..openapi_gen::Options::default()
    };
    openapi_gen::generate_with_options(Path::new("spec.yaml"), spec, &files, &options)
        .map_err(|report| report.to_string())
}

/// A document no repair can read one way (a `type` that is a typo) fixed by an overlay
/// whose value holds a `$ref`, which resolves against the document; a second overlay
/// runs on the first one's result.
#[test]
fn overlays_apply_in_order_before_the_document_is_read() {
    let spec = "
openapi: 3.0.3
info: {title: T, version: '1'}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: arrray}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
";
    assert!(
        generate(spec, &[]).is_err(),
        "the typo is refused without the overlay"
    );
    let first = "
overlay: 1.0.0
info: {title: Fix the list, version: '1'}
actions:
  - target: $.paths['/pets'].get.responses['200'].content['application/json']
    update:
      schema: {$ref: '#/components/schemas/Pets'}
  - target: $.components.schemas
    update:
      Pets: {type: array, items: {$ref: '#/components/schemas/Pet'}}
";
    let second = "
overlay: 1.0.0
info: {title: Name it, version: '1'}
actions:
  - target: $.components.schemas.Pets
    update: {description: Every pet.}
";
    // Arrays concatenate in a merge, so the fix replaces `schema` as a whole first.
    let replace = "
overlay: 1.0.0
info: {title: Drop the typo, version: '1'}
actions:
  - target: $.paths['/pets'].get.responses['200'].content['application/json'].schema
    remove: true
";
    let generated = generate(
        spec,
        &[
            ("replace.yaml", replace),
            ("first.yaml", first),
            ("second.yaml", second),
        ],
    )
    .unwrap_or_else(|report| panic!("{report}"));
    assert!(
        generated
            .code
            .contains("pub type Pets = ::std::vec::Vec<Pet>;"),
        "the list of pets is typed from the `$ref`s the overlay wrote:\n{}",
        generated.code
    );
    assert!(
        generated.code.contains("Every pet."),
        "the second overlay ran on the first's result"
    );
    // The other order: the second overlay's target does not exist yet.
    let report = match generate(
        spec,
        &[
            ("second.yaml", second),
            ("replace.yaml", replace),
            ("first.yaml", first),
        ],
    ) {
        Ok(generated) => generated.warnings.to_string(),
        Err(report) => report,
    };
    insta::assert_snapshot!("overlay_order", report);
}

#[test]
fn a_malformed_overlay_is_an_error_in_its_file_at_its_line() {
    let spec = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n";
    let overlay = "overlay: 1.0.0
info:
  title: Broken
  version: '1'
actions:
  - target: $.info
    update: {title: New}
  - target: $.paths[
    remove: true
  - target: $.info
    remove: maybe
  - target: $.nowhere
    updte: {}
";
    let report = match generate(spec, &[("fixes.yaml", overlay)]) {
        Ok(_) => panic!("a malformed overlay must fail the run"),
        Err(report) => report,
    };
    insta::assert_snapshot!("overlay_malformed", report);
    let missing = generate(spec, &[]).map(|_| ());
    assert_eq!(missing, Ok(()));
    let report = match generate(spec, &[("fixes.yaml", "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.nowhere\n    remove: true\n")]) {
        Ok(generated) => generated.warnings.to_string(),
        Err(report) => panic!("a target that selects nothing is a warning: {report}"),
    };
    insta::assert_snapshot!("overlay_selects_nothing", report);
}

/// The overlay of `docs/repairs.md` (read from the page) on the shape of mem0's document:
/// the operations naming the undefined `tokenAuth` require `ApiKeyAuth` instead, and the
/// others are left alone.
#[test]
fn the_docs_overlay_fixes_what_no_repair_can_guess() {
    let page = read("docs/repairs.md");
    let overlay = page
        .split("```yaml\n")
        .nth(1)
        .and_then(|rest| rest.split("\n```").next())
        .expect("docs/repairs.md has a YAML block");
    let doc = yaml(
        "
openapi: 3.0.3
info: {title: mem0, version: '1'}
security: [{ApiKeyAuth: []}]
paths:
  /v3/memories/:
    post: {security: [{tokenAuth: []}], responses: {'200': {description: ok}}}
  /v3/memories/add/:
    post: {security: [{tokenAuth: []}], responses: {'200': {description: ok}}}
  /v1/entities/:
    get: {responses: {'200': {description: ok}}}
    post: {security: [{ApiKeyAuth: []}], responses: {'200': {description: ok}}}
components:
  securitySchemes:
    ApiKeyAuth: {type: apiKey, in: header, name: Authorization}
",
    );
    let fixed = applied(doc.clone(), overlay);
    for path in ["/v3/memories/", "/v3/memories/add/"] {
        assert_eq!(
            fixed["paths"][path]["post"]["security"],
            json!([{"ApiKeyAuth": []}]),
            "{path}"
        );
    }
    assert_eq!(
        fixed["paths"]["/v1/entities/"],
        doc["paths"]["/v1/entities/"]
    );
}

/// The overlay that fixes OpenAI's `cert_id` (its document of 2025-04-29) at the source:
/// on the fixture of that defect, `strict` (which refuses the document as written)
/// accepts it, with no warning, and both operations take `certificate_id`.
#[test]
fn an_overlay_fixes_a_repaired_defect_so_strict_accepts_the_document() {
    let spec = read("tests/fixtures/repair_path_parameter_name.yaml");
    let overlay = read("tests/overlays/openai-certificate-id.yaml");
    assert!(
        generate_as(&spec, &[], true).is_err(),
        "strict refuses it as written"
    );
    let generated = generate_as(&spec, &[("openai-certificate-id.yaml", &overlay)], true)
        .unwrap_or_else(|report| panic!("{report}"));
    assert_eq!(generated.warnings.to_string(), "");
    assert_eq!(generated.repairs.total(), 0);
    for method in ["get_certificate", "delete_certificate"] {
        let signature =
            format!("pub fn {method}<'a>(\n        &'a self,\n        certificate_id: &'a str,");
        assert!(
            generated.code.contains(&signature),
            "{method} takes `certificate_id`:\n{}",
            generated.code
        );
    }
    assert!(!generated.code.contains("cert_id:"), "{}", generated.code);
}
