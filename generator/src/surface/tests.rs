use super::*;

/// A module's text, as render writes it (shortened); tests derive the next version from it.
const V1: &str = include_str!("testdata/v1.txt");

fn origins() -> Origins {
    Origins::from_pairs([
        ("types::Pet", "#/components/schemas/Pet"),
        ("Client::delete_pet", "paths./pets/{id}.delete"),
        ("Client::get_pet", "paths./pets/{id}.get"),
    ])
}

fn surface(code: &str) -> Surface {
    extract(code, &origins()).expect("the sample parses")
}

#[test]
fn the_surface_lists_public_items_with_what_callers_depend_on() {
    let text = surface(V1).to_text();
    let expected = [
        "const DEFAULT_BASE_URL = &str",
        "fn Client::get_pet = (&self, &str) -> u8 @ paths./pets/{id}.get",
        "struct types::Pet = exhaustive @ #/components/schemas/Pet",
        "field types::Pet.tag = Option<String> @ #/components/schemas/Pet/properties/pet-tag",
        "fn types::Pet::new = (impl Into<String>) -> Self",
        "struct types::Owner = non_exhaustive",
        "enum types::Kind = exhaustive",
        "variant types::Kind::Other = (String)",
        "variant types::Kind::Dog = unit",
        "impl types::Kind: From<&str> = ",
        "mod types = ",
    ];
    for line in expected {
        assert!(
            text.lines().any(|l| l.trim_end() == line.trim_end()),
            "missing `{line}` in\n{text}"
        );
    }
    assert!(
        !text.contains("private"),
        "private items are not surface:\n{text}"
    );
    assert!(
        !text.contains("core"),
        "private fields are not surface:\n{text}"
    );
}

#[test]
fn the_text_reads_back_to_the_same_surface() {
    let original = surface(V1);
    let read = Surface::parse(&original.to_text()).expect("its own text parses");
    assert_eq!(read, original);
}

#[test]
fn a_malformed_surface_file_names_the_line() {
    let err =
        Surface::parse("# header\nstruct types::Pet = exhaustive\nwidget x = y\n").unwrap_err();
    assert_eq!(err.to_string(), "line 3: unknown kind of item `widget`");
    let err = Surface::parse("fn Client::get_pet (&self)\n").unwrap_err();
    assert_eq!(err.line, 1);
}

#[test]
fn formatting_and_argument_names_do_not_change_the_surface() {
    let reformatted = V1
        .replace(
            "pub fn get_pet(&self, id: &str)",
            "pub fn get_pet(\n        &self,\n        pet_id: &str,\n    )",
        )
        .replace("/// Gets a pet.", "/// Gets one pet.");
    assert!(diff(&surface(V1), &surface(&reformatted)).is_empty());
}

fn report(old: &str, new: &str) -> Vec<String> {
    diff(&surface(old), &surface(new))
        .0
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_removed_operation_is_breaking_and_names_its_place() {
    let v2 = V1.replace("pub fn delete_pet(&self, id: &str) -> u8 { 0 }", "");
    assert_eq!(
        report(V1, &v2),
        ["breaking: `Client::delete_pet` removed (paths./pets/{id}.delete)"]
    );
}

#[test]
fn a_removed_type_is_one_change_not_one_per_field() {
    let start = V1
        .find("    #[non_exhaustive]\n    pub struct Owner")
        .unwrap();
    let end = V1.find("    pub enum Kind").unwrap();
    let v2 = format!("{}{}", &V1[..start], &V1[end..]);
    assert_eq!(report(V1, &v2), ["breaking: `types::Owner` removed"]);
}

#[test]
fn a_field_added_to_an_exhaustive_struct_breaks_and_to_a_non_exhaustive_one_does_not() {
    let v2 = V1
        .replace("pub tag: ::std::option::Option<::std::string::String>,", "pub tag: ::std::option::Option<::std::string::String>,\n pub age: ::std::option::Option<i64>,")
        .replace(
            "\"pet-tag\" => tag: optional(::std::option::Option<::std::string::String>),",
            "\"pet-tag\" => tag: optional(::std::option::Option<::std::string::String>),\n \"age\" => age: optional(::std::option::Option<i64>),",
        )
        .replace("pub id: i64,", "pub id: i64,\n pub email: ::std::option::Option<::std::string::String>,");
    let changes = diff(&surface(V1), &surface(&v2));
    let lines: Vec<String> = changes.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "breaking: `types::Pet.age` added to an exhaustive struct (a struct literal without it no longer compiles) (#/components/schemas/Pet/properties/age)",
            "additive: `types::Owner.email` added",
        ]
    );
    assert_eq!((changes.breaking(), changes.additive()), (1, 1));
}

#[test]
fn a_variant_added_to_an_exhaustive_enum_breaks_and_to_a_non_exhaustive_one_does_not() {
    let v2 = V1
        .replace(
            "pub enum Kind { Dog, Cat,",
            "pub enum Kind { Dog, Cat, Bird,",
        )
        .replace("pub enum Open { A }", "pub enum Open { A, B }");
    assert_eq!(
        report(V1, &v2),
        [
            "breaking: `types::Kind::Bird` added to an exhaustive enum (a `match` without a catch-all arm no longer compiles)",
            "additive: `types::Open::B` added",
        ]
    );
}

#[test]
fn changed_types_and_signatures_break() {
    let v2 = V1
        .replace("pub name: ::std::string::String,", "pub name: i64,")
        .replace(
            "pub fn get_pet(&self, id: &str) -> u8",
            "pub fn get_pet(&self, id: &str, expand: bool) -> u8",
        );
    assert_eq!(
        report(V1, &v2),
        [
            "breaking: `Client::get_pet` changed from `(&self, &str) -> u8` to `(&self, &str, bool) -> u8` (paths./pets/{id}.get)",
            "breaking: `types::Pet.name` changed from `String` to `i64` (#/components/schemas/Pet/properties/name)",
        ]
    );
}

#[test]
fn becoming_non_exhaustive_breaks_and_the_reverse_adds() {
    let v2 = V1
        .replace(
            "#[derive(Debug)]\n    pub struct Pet",
            "#[derive(Debug)]\n    #[non_exhaustive]\n    pub struct Pet",
        )
        .replace("#[non_exhaustive]\n    pub enum Open", "pub enum Open");
    assert_eq!(
        report(V1, &v2),
        [
            "breaking: `types::Pet` changed from `exhaustive` to `non_exhaustive` (#/components/schemas/Pet)",
            "additive: `types::Open` changed from `non_exhaustive` to `exhaustive`",
        ]
    );
}

#[test]
fn new_operations_types_and_impls_are_additive() {
    let v2 = V1
        .replace("fn private(&self) {}", "fn private(&self) {}\n pub fn list_pets(&self) -> u8 { 0 }")
        .replace("pub enum Kind {", "pub struct Toy { pub name: ::std::string::String }\n pub enum Kind {")
        .replace("impl ::std::convert::From<&str> for Kind", "impl ::std::convert::From<::std::string::String> for Kind { fn from(s: ::std::string::String) -> Self { todo!() } }\n impl ::std::convert::From<&str> for Kind");
    assert_eq!(
        report(V1, &v2),
        [
            "additive: `Client::list_pets` added",
            "additive: `types::Kind: From<String>` added",
            "additive: `types::Toy` added",
        ]
    );
}

#[test]
fn a_feature_gate_is_part_of_what_callers_depend_on() {
    let gated = V1.replace("pub struct Toy", "").replace(
        "pub mod types {",
        "pub mod types {\n #[cfg(feature = \"pets\")]\n pub struct Toy { pub name: ::std::string::String }",
    );
    let ungated = V1.replace(
        "pub mod types {",
        "pub mod types {\n pub struct Toy { pub name: ::std::string::String }",
    );
    assert_eq!(
        report(&ungated, &gated),
        ["breaking: `types::Toy` changed from `exhaustive` to `#[cfg(feature = \"pets\")] exhaustive`"]
    );
    assert_eq!(
        report(&gated, &ungated),
        ["additive: `types::Toy` changed from `#[cfg(feature = \"pets\")] exhaustive` to `exhaustive`"]
    );
}

#[test]
fn text_that_is_not_rust_is_an_error_not_a_panic() {
    assert!(extract("pub struct {", &Origins::default()).is_err());
}

#[test]
fn a_type_that_becomes_an_alias_of_the_same_shape_is_no_change() {
    let with_alias = V1.replace(
        "    #[non_exhaustive]\n    pub struct Owner",
        "    pub type Keeper = Owner;\n    #[non_exhaustive]\n    pub struct Owner",
    );
    let with_struct = V1.replace(
        "    #[non_exhaustive]\n    pub struct Owner",
        "    #[non_exhaustive]\n    pub struct Keeper {\n        pub id: i64,\n    }\n    #[non_exhaustive]\n    pub struct Owner",
    );
    assert!(diff(&surface(&with_struct), &surface(&with_alias)).is_empty());
    assert!(diff(&surface(&with_alias), &surface(&with_struct)).is_empty());
    // An alias of a tuple struct is not the struct: `Keeper(..)` does not construct.
    let tuple = V1.replace(
        "pub enum Kind {",
        "pub struct Id(pub i64);\n pub type Key = Id;\n pub enum Kind {",
    );
    let text = surface(&tuple).to_text();
    assert!(text.contains("type types::Key = Id"), "{text}");
}

#[test]
fn every_method_the_ir_lists_has_its_origin() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /files:
    put:
      operationId: upload
      requestBody:
        required: true
        content:
          application/json: {schema: {type: object}}
          "*/*": {schema: {type: string, format: binary}}
      responses: {"204": {description: done}}
    get:
      operationId: list_files
      parameters:
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: a page
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  next_cursor: {type: string}
            text/event-stream: {schema: {type: string}}
"#;
    let generated = crate::generate(std::path::Path::new("t.yaml"), spec).expect("it generates");
    let origins = Origins::of(&generated.api);
    let put = Some("paths./files.put".to_string());
    let get = Some("paths./files.get".to_string());
    assert_eq!(origins.get("Client::upload").cloned(), put);
    assert_eq!(origins.get("Client::upload_with_body").cloned(), put);
    assert_eq!(origins.get("Client::list_files").cloned(), get);
    assert_eq!(origins.get("requests::ListFiles::items").cloned(), get);
    assert_eq!(origins.get("requests::ListFiles::stream").cloned(), get);
    assert_eq!(origins.get("requests::Upload::items"), None);
}

/// The methods of the generated module are the ones the IR lists, and no others: the
/// client's besides its own (`naming::reserved::CLIENT_METHODS`), and the request values'
/// besides their setters and per-call options. Each has its operation's place.
#[test]
fn the_module_has_the_methods_the_ir_lists_and_no_others() {
    use crate::naming::reserved;
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut seen = [0; 3];
    for name in [
        "pagination",
        "streaming",
        "media_types",
        "bodies",
        "reserved",
    ] {
        let file = fixtures.join(format!("{name}.yaml"));
        let text = std::fs::read_to_string(&file).expect("a fixture");
        let generated = crate::generate(&file, &text).expect("it generates");
        let api = &generated.api;
        let surface = extract(&generated.code, &Origins::of(api)).expect("it parses");
        let fns = |prefix: &str| -> std::collections::BTreeSet<String> {
            surface
                .items
                .iter()
                .filter(|(_, item)| item.kind == Kind::Fn)
                .filter_map(|(path, _)| path.strip_prefix(prefix))
                .filter(|rest| !rest.contains("::"))
                .map(str::to_string)
                .collect()
        };
        let client: std::collections::BTreeSet<String> = fns("Client::")
            .into_iter()
            .filter(|m| !reserved::CLIENT_METHODS.contains(&m.as_str()))
            .collect();
        let listed: std::collections::BTreeSet<String> = api
            .operations
            .iter()
            .flat_map(|op| &op.methods)
            .filter(|m| m.kind.on_client())
            .map(|m| m.name.clone())
            .collect();
        assert_eq!(client, listed, "{name}: the client's methods");
        for op in &api.operations {
            let place = format!("paths.{}.{}", op.path.template, op.method.key());
            let mut own: std::collections::BTreeSet<String> =
                fns(&format!("requests::{}::", op.request));
            for setter in ["timeout", "retries", "header"] {
                own.remove(setter);
            }
            for p in op.params.iter().filter(|p| !p.required) {
                own.remove(&p.name.rust);
            }
            if op.body.as_ref().is_some_and(|b| !b.required) {
                own.remove(reserved::BODY_ARG);
            }
            let terminals: std::collections::BTreeSet<String> = op
                .methods
                .iter()
                .filter(|m| !m.kind.on_client())
                .map(|m| m.name.clone())
                .collect();
            assert_eq!(own, terminals, "{name}: {}'s terminal methods", op.request);
            for m in &op.methods {
                let owner = match m.kind.on_client() {
                    true => "Client".to_string(),
                    false => format!("requests::{}", op.request),
                };
                let item = &surface.items[&format!("{owner}::{}", m.name)];
                assert_eq!(
                    item.origin.as_ref(),
                    Some(&place),
                    "{name}: {owner}::{}",
                    m.name
                );
                match m.kind {
                    crate::ir::MethodKind::Call => {}
                    crate::ir::MethodKind::RawBody => seen[0] += 1,
                    crate::ir::MethodKind::Items(_) => seen[1] += 1,
                    crate::ir::MethodKind::Stream(_) => seen[2] += 1,
                }
            }
        }
    }
    // The fixtures hold every kind, so each was checked.
    assert!(seen.iter().all(|&n| n > 0), "kinds seen: {seen:?}");
}

/// Skimming (function bodies and constants' values left out before syn parses) reads the
/// same surface as parsing the whole module, on every fixture, the specs and the
/// pagination and streaming fixtures' mock modules among them.
#[test]
fn the_skimmed_module_has_the_whole_module_s_surface() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut specs = Vec::new();
    for dir in ["tests/fixtures", "specs"] {
        let entries = std::fs::read_dir(root.join(dir)).expect("the directory is there");
        specs.extend(entries.filter_map(Result::ok).map(|entry| entry.path()));
    }
    specs.sort();
    let mut compared = 0;
    for path in specs
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let text = std::fs::read_to_string(path).expect("the spec reads");
        let Ok(generated) = crate::generate(path, &text) else {
            continue; // the fixtures of errors
        };
        let origins = Origins::of(&generated.api);
        let skimmed = extract(&generated.code, &origins).expect("the module parses");
        let file = syn::parse_file(&generated.code).expect("the module parses");
        let whole = extract::surface_of(&file, &origins);
        assert_eq!(skimmed, whole, "{}", path.display());
        compared += 1;
    }
    assert!(compared >= 30, "only {compared} specs compared");
}
