//! The generator on the project's own specs: snapshots of the IR and the code, freshness
//! of `generated/`, and determinism.

use std::path::Path;

use openapi_gen::codegen::{self, Mode};
use tests::repo_root;

/// Snapshots the IR (as YAML) and the generated module of `specs/<file>`.
fn snapshot(file: &str) {
    let display = format!("specs/{file}");
    let text = std::fs::read_to_string(repo_root().join(&display)).expect("spec is readable");
    let generated = match openapi_gen::generate(Path::new(&display), &text) {
        Ok(g) => g,
        Err(report) => panic!("{report}"),
    };
    assert!(
        generated.warnings.diagnostics.is_empty(),
        "our own specs must generate without warnings:\n{}",
        generated.warnings
    );
    let stem = file.split('.').next().unwrap_or(file);
    insta::assert_yaml_snapshot!(format!("{stem}_ir"), generated.api);
    insta::assert_snapshot!(format!("{stem}_code"), generated.code);
}

#[test]
fn nylas() {
    snapshot("nylas.yaml");
}

#[test]
fn thousandeyes() {
    snapshot("thousandeyes.yaml");
}

#[test]
fn commercelayer() {
    snapshot("commercelayer.yaml");
}

/// `generated/` is what `cargo xtask codegen` would write now.
#[test]
fn generated_crate_is_fresh() {
    let summary = match codegen::run(&repo_root(), Mode::Check) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    assert!(
        summary.is_fresh(),
        "generated/ is stale (changed: {:?}, extra: {:?}); run `{}`",
        summary.changed,
        summary.extra,
        codegen::COMMAND
    );
}

/// `openapi-gen.toml` lists every spec in `specs/`, each under the module name its file
/// gives, so that adding a spec without listing it (or listing one under another name)
/// fails here rather than silently leaving it out of `generated/`.
#[test]
fn the_config_lists_every_spec() {
    let config =
        openapi_gen::config::Config::load(&repo_root().join(openapi_gen::config::FILE_NAME))
            .unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<(String, String)> = config
        .specs
        .iter()
        .map(|s| (s.module.clone(), s.file.clone()))
        .collect();
    let on_disk: Vec<(String, String)> = codegen::spec_files(&repo_root())
        .expect("specs/")
        .iter()
        .map(|file| {
            let rel = file.strip_prefix(repo_root()).expect("below the root");
            (
                codegen::module_name(rel),
                rel.to_string_lossy().replace('\\', "/"),
            )
        })
        .collect();
    assert_eq!(
        listed, on_disk,
        "list each spec of specs/ in openapi-gen.toml"
    );
    let lenient: Vec<&str> = config
        .specs
        .iter()
        .filter(|s| !s.options.strict)
        .map(|s| s.module.as_str())
        .collect();
    assert_eq!(
        lenient,
        Vec::<&str>::new(),
        "our specs are generated with `strict = true`"
    );
    assert_eq!(config.output.command, codegen::COMMAND);
    assert_eq!(config.output.dir, Path::new("generated"));
}

/// Reverses the order of every mapping in a YAML document.
fn reverse_maps(value: serde_yaml::Value) -> serde_yaml::Value {
    match value {
        serde_yaml::Value::Mapping(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.reverse();
            serde_yaml::Value::Mapping(
                entries
                    .into_iter()
                    .map(|(k, v)| (k, reverse_maps(v)))
                    .collect(),
            )
        }
        serde_yaml::Value::Sequence(items) => {
            serde_yaml::Value::Sequence(items.into_iter().map(reverse_maps).collect())
        }
        other => other,
    }
}

/// Same input, same bytes; and the order of mappings in the document does not matter.
#[test]
fn output_is_deterministic_and_independent_of_map_order() {
    for spec in codegen::spec_files(&repo_root()).expect("specs/ is readable") {
        let text = std::fs::read_to_string(&spec).expect("spec is readable");
        let display = spec.to_string_lossy().to_string();
        let first = openapi_gen::generate(Path::new(&display), &text).expect("generates");
        let second = openapi_gen::generate(Path::new(&display), &text).expect("generates");
        assert_eq!(first.code, second.code, "{display}: two runs differ");

        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("valid YAML");
        let reordered = serde_yaml::to_string(&reverse_maps(value)).expect("serializes");
        assert_ne!(reordered, text);
        let third = openapi_gen::generate(Path::new(&display), &reordered).expect("generates");
        assert_eq!(
            first.code, third.code,
            "{display}: reordering the document's maps changed the output"
        );
    }
}

/// The generated crate's `Cargo.toml` skeleton names the runtime's dependencies at the
/// versions `templates/` compiles and tests it with.
#[test]
fn skeleton_dependencies_match_templates() {
    let templates = std::fs::read_to_string(repo_root().join("templates/Cargo.toml"))
        .expect("templates/Cargo.toml");
    let workspace = std::fs::read_to_string(repo_root().join("Cargo.toml")).expect("Cargo.toml");
    // Its `[dependencies]` only: `[features]` names optional ones too (`tracing = [..]`).
    let skeleton = openapi_gen::output::CARGO_TOML
        .split("[dependencies]")
        .nth(1)
        .expect("the skeleton has [dependencies]");
    let deps = templates
        .split("[dependencies]")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .expect("templates has [dependencies]");
    for line in deps.lines().filter(|l| l.contains(".workspace = true")) {
        let name = line.split('.').next().unwrap_or("").trim();
        let in_workspace = workspace
            .lines()
            .find(|l| l.starts_with(&format!("{name} =")))
            .unwrap_or_else(|| panic!("{name} is not a workspace dependency"));
        let in_skeleton = skeleton
            .lines()
            .find(|l| l.starts_with(&format!("{name} =")))
            .unwrap_or_else(|| panic!("{name} is missing from templates/skeleton/Cargo.toml.in"));
        let version = |l: &str| {
            l.split("version = \"")
                .nth(1)
                .or_else(|| l.split("= \"").nth(1))
                .and_then(|s| s.split('"').next())
                .map(str::to_string)
        };
        assert_eq!(version(in_workspace), version(in_skeleton), "{name}");
    }
}

/// A spec of `groups` groups of types and operations, built here so that the parallel
/// path is tested without `../shared/corpus`. Each group has an object with documented
/// fields (doc placeholders, `object!` text), an inline string enum (`string_enum!` text),
/// a union, an alias, and two operations with parameters, a body in two media types (a
/// `_with_body` twin) and several documented responses (outcome enums).
fn synthetic_spec(groups: usize) -> String {
    use serde_json::{json, Map, Value};
    let r = |name: String| json!({"$ref": format!("#/components/schemas/{name}")});
    let mut schemas = Map::new();
    let mut paths = Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "required": ["message"],
            "properties": {"message": {"type": "string", "description": "What went wrong."}}
        }),
    );
    for i in 0..groups {
        schemas.insert(
            format!("Item{i}"),
            json!({
                "type": "object",
                "description": format!("Item number {i}.\n\nSee <https://example.com/{i}>:\n\n- a list\n- of two\n\n```json\n{{\"code\": {i}}}\n```"),
                "required": ["id", "status"],
                "properties": {
                    "id": {"type": "string", "description": "The identifier."},
                    "status": {"type": "string", "enum": ["active", "archived", format!("state-{i}")]},
                    "note": {"type": "string", "nullable": true},
                    "count": {"type": "integer", "format": "int64"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "shape": r(format!("Shape{i}"))
                },
                "additionalProperties": {"type": "integer"}
            }),
        );
        schemas.insert(
            format!("Shape{i}"),
            json!({"oneOf": [{"type": "string"}, r(format!("Ids{i}"))]}),
        );
        schemas.insert(
            format!("Ids{i}"),
            json!({"type": "array", "items": {"type": "integer"}}),
        );
        paths.insert(
            format!("/groups/{i}/items/{{id}}"),
            json!({
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {
                    "operationId": format!("getItem{i}"),
                    "summary": format!("Gets an item of group {i}."),
                    "parameters": [
                        {"name": "expand", "in": "query", "schema": {"type": "boolean"}},
                        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": {"description": "The item.", "content": {"application/json": {"schema": r(format!("Item{i}"))}}},
                        "304": {"description": "Not modified."},
                        "404": {"description": "No such item.", "content": {"application/json": {"schema": r("Error".into())}}},
                        "default": {"description": "Anything else.", "content": {"text/plain": {"schema": {"type": "string"}}}}
                    }
                },
                "put": {
                    "operationId": format!("putItem{i}"),
                    "deprecated": i % 2 == 0,
                    "requestBody": {
                        "required": true,
                        "description": "The new item.",
                        "content": {
                            "application/json": {"schema": r(format!("Item{i}"))},
                            "application/x-www-form-urlencoded": {"schema": r(format!("Item{i}"))}
                        }
                    },
                    "responses": {
                        "204": {"description": "Stored."},
                        "4XX": {"description": "Refused.", "content": {"application/json": {"schema": r("Error".into())}}}
                    }
                }
            }),
        );
    }
    let spec = json!({
        "openapi": "3.0.3",
        "info": {"title": "Synthetic", "version": "1", "description": "Generated by the test."},
        "servers": [
            {"url": "https://{region}.example.com/v1", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}},
            {"url": "https://example.com/v1"}
        ],
        "security": [{"key": []}],
        "paths": Value::Object(paths),
        "components": {
            "schemas": Value::Object(schemas),
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
        }
    });
    serde_json::to_string_pretty(&spec).expect("serializes")
}

/// Emitting the module in parallel parts and formatting them in parallel gives the same
/// bytes on one thread and on any number of them, however many parts emit made. The spec
/// is built here, large enough for the parts path (64 types and operations,
/// `emit::PARALLEL_FROM`), so this always runs.
#[test]
fn formatting_does_not_depend_on_the_thread_count() {
    let text = synthetic_spec(40);
    let file = Path::new("synthetic.json");
    let generated = openapi_gen::generate(file, &text).unwrap_or_else(|report| panic!("{report}"));
    let items = generated.api.types.len() + generated.api.operations.len();
    assert!(items >= 3 * 64, "{items} items: too few for many chunks");
    for emit_threads in [1, 2, 3] {
        let module = openapi_gen::emit::module_on(&generated.api, emit_threads);
        for threads in [1, 2, 3] {
            let text = openapi_gen::render::module_on(&module, threads).expect("formats");
            assert!(
                text == generated.code,
                "{emit_threads} threads emitting, {threads} formatting give other text"
            );
        }
    }
}

/// The same on our specs, the fixtures (one without types) and, when it is there, a large
/// spec of the corpus.
#[test]
fn formatting_our_specs_does_not_depend_on_the_thread_count() {
    let mut files = codegen::spec_files(&repo_root()).expect("specs/");
    // The fixtures include a spec without types (an empty `types` module).
    files.extend(tests::fixture_specs());
    let nexus = repo_root().join("../shared/corpus/progenitor/nexus.json");
    if nexus.exists() {
        files.push(nexus);
    }
    let mut checked_parallel = false;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let generated = openapi_gen::generate(&file, &text).expect("generates");
        for threads in [1, 3] {
            let module = openapi_gen::emit::module_on(&generated.api, threads);
            let text = openapi_gen::render::module_on(&module, threads).expect("formats");
            assert_eq!(
                generated.code,
                text,
                "{} on {threads} threads",
                file.display()
            );
        }
        checked_parallel |= generated.api.types.len() + generated.api.operations.len() >= 64;
    }
    if repo_root().join("../shared/corpus").exists() {
        assert!(checked_parallel, "no spec took the parallel path");
    }
}

/// Items are separated by one blank line, wherever the chunks they were formatted in
/// begin and end: a `}` or `;` that ends an item at module level, in `types` or in an
/// `impl` is followed by a blank line (or the closing `}`), and no blank line follows an
/// opening `{`, precedes a closing `}` or doubles another.
#[test]
fn items_are_separated_by_blank_lines() {
    let mut modules = vec![(
        "synthetic".to_string(),
        synthetic_spec(40),
        Path::new("synthetic.json"),
    )];
    let no_operations =
        r#"{"openapi": "3.0.3", "info": {"title": "None", "version": "1"}, "paths": {}}"#;
    modules.push((
        "no operations".into(),
        no_operations.into(),
        Path::new("none.json"),
    ));
    let mut files = codegen::spec_files(&repo_root()).expect("specs/");
    files.extend(tests::fixture_specs());
    let files: Vec<_> = files
        .into_iter()
        .map(|f| (std::fs::read_to_string(&f).expect("readable"), f))
        .collect();
    for (text, file) in &files {
        modules.push((file.display().to_string(), text.clone(), file.as_path()));
    }
    for (name, text, file) in modules {
        let code = openapi_gen::generate(file, &text)
            .unwrap_or_else(|report| panic!("{report}"))
            .code;
        let lines: Vec<&str> = code.lines().collect();
        for (n, pair) in lines.windows(2).enumerate() {
            let [line, next] = pair else { continue };
            let indent = |l: &str| l.len() - l.trim_start().len();
            let at = format!("{name}, line {}:\n{line}\n{next}", n + 1);
            if line.trim().is_empty() {
                assert!(!next.trim().is_empty(), "two blank lines: {at}");
                assert!(
                    !next.trim_start().starts_with('}'),
                    "blank before `}}`: {at}"
                );
                continue;
            }
            assert!(
                !(line.ends_with('{') && next.trim().is_empty()),
                "blank after `{{`: {at}"
            );
            let ends_item = indent(line) <= 4
                && (line.trim() == "}" || line.ends_with(';'))
                && !line.trim_start().starts_with("//");
            if ends_item
                && !next.trim().is_empty()
                && indent(next) == indent(line)
                && !next.trim_start().starts_with('}')
            {
                panic!("no blank line between items: {at}");
            }
        }
    }
}
