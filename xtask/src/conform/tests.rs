//! The check end to end: a spec the generator gets right passes, and the same spec with
//! its IR made wrong in three known ways (a field of the wrong type, union variants
//! holding each other's types, a field read under another key) fails with each fault at
//! its place. The faults are made in the IR rather than taken from today's generator so
//! that the test keeps its meaning when lowering's defects are fixed.

use std::path::{Path, PathBuf};

use openapi_gen::ir::{self, TypeKind, TypeRef};

use super::report::Cause;
use super::{check, Options};

const SPEC: &str = r##"openapi: 3.0.3
info: {title: Conform, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: A pet.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Pet"}
              example: {id: p1, name: Rex, size: 3, nickname: rexy}
    put:
      operationId: putPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Pet"}
      responses:
        "204": {description: Stored.}
  /owners/{id}:
    get:
      operationId: getOwner
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: An owner.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Owner"}
components:
  schemas:
    Pet:
      type: object
      required: [id, name, size]
      properties:
        id: {type: string}
        name: {type: string}
        nickname: {type: string}
        size: {$ref: "#/components/schemas/Size"}
    Size:
      oneOf:
        - {type: integer}
        - {type: string, enum: [small, large]}
    Owner:
      type: object
      required: [age]
      properties:
        age: {type: integer}
"##;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn def_mut<'a>(api: &'a mut ir::Api, name: &str) -> &'a mut TypeKind {
    &mut api
        .types
        .iter_mut()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}

/// Three faults a wrong lowering could make.
fn break_it(api: &mut ir::Api) {
    if let TypeKind::Struct(owner) = def_mut(api, "Owner") {
        for field in &mut owner.fields {
            field.ty = TypeRef::Bool;
        }
    }
    if let TypeKind::Untagged(variants) = def_mut(api, "Size") {
        assert_eq!(variants.len(), 2, "{variants:?}");
        let first = variants[0].ty.clone();
        variants[0].ty = variants[1].ty.clone();
        variants[1].ty = first;
        // Conversions into the union name the variants' old types.
        for variant in variants.iter_mut() {
            variant.from = false;
            variant.from_str = None;
        }
    }
    if let TypeKind::Struct(pet) = def_mut(api, "Pet") {
        for field in &mut pet.fields {
            if field.name.wire == "nickname" {
                field.name.wire = "nick_name".into();
            }
        }
    }
}

#[test]
fn the_check_passes_a_right_crate_and_places_each_fault_of_a_wrong_one() {
    let root = root();
    let dir = root.join("target/conform-test/specs");
    std::fs::create_dir_all(&dir).unwrap();
    let options = |spec: &str, mutate: Option<fn(&mut ir::Api)>| {
        let path = dir.join(spec);
        std::fs::write(&path, SPEC).unwrap();
        Options {
            specs: vec![path],
            instances: 30,
            seed: 7,
            verbose: true,
            out: root.join(format!(
                "target/conform-test/{}",
                spec.trim_end_matches(".yaml")
            )),
            mutate,
        }
    };

    let right = check(&root, &options("right.yaml", None)).unwrap();
    let right = &right[0];
    assert_eq!(right.failed(), 0, "{}", right.render(true));
    assert!(right.tried() >= 60, "{}", right.render(true));
    assert_eq!(right.examples_tried, 1);
    assert!(right.choices_checked > 0, "{}", right.render(true));

    let wrong = check(&root, &options("wrong.yaml", Some(break_it))).unwrap();
    let wrong = &wrong[0];
    let text = wrong.render(true);
    let at = |cause: Cause, place: &str| {
        wrong
            .failures
            .iter()
            .find(|((c, p), _)| *c == cause && p == place)
            .map(|(_, f)| f)
            .unwrap_or_else(|| panic!("no {cause:?} at {place}:\n{text}"))
    };
    let decode = at(
        Cause::Decode,
        "paths./owners/{id}.get.responses.200.content.application/json.schema",
    );
    assert!(decode.detail.contains("expected a boolean"), "{text}");
    assert_eq!(decode.count, 30, "{text}");

    let pet = "paths./pets/{id}.get.responses.200.content.application/json.schema";
    let loss = at(Cause::Loss, pet);
    assert!(loss.detail.contains("at /nickname"), "{text}");
    assert_eq!(
        loss.origin,
        "paths./pets/{id}.get.responses.200.content.application/json.example"
    );

    let variants: Vec<&String> = wrong
        .failures
        .keys()
        .filter(|(c, _)| *c == Cause::WrongVariant)
        .map(|(_, p)| p)
        .collect();
    assert!(
        variants
            .iter()
            .all(|p| p.starts_with("components.schemas.Size.oneOf.")),
        "{text}"
    );
    assert!(!variants.is_empty(), "{text}");
    // The request body is re-encoded without `nickname` too.
    at(
        Cause::Loss,
        "paths./pets/{id}.put.requestBody.content.application/json.schema",
    );
    assert!(text.contains("first instance"), "{text}");
}

#[test]
fn the_same_seed_makes_the_same_values() {
    let doc = super::spec::Doc::parse(SPEC).unwrap();
    let place: Vec<String> = ["components", "schemas", "Pet"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let make = |seed| {
        let mut maker = super::values::Maker::new(&doc, super::spec::Side::Response, seed);
        (0..10).map(|_| maker.make(&place)).collect::<Vec<_>>()
    };
    assert_eq!(make(3), make(3));
    assert_ne!(make(3), make(4));
}
