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
    let skeleton = openapi_gen::output::CARGO_TOML;
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

/// Formatting `types` in parallel chunks gives the same text on one thread and on any
/// number of them (checked on a spec large enough to take the parallel path).
#[test]
fn formatting_does_not_depend_on_the_thread_count() {
    let mut files = codegen::spec_files(&repo_root()).expect("specs/");
    // The fixtures include a spec without types (an empty `types` module).
    for entry in std::fs::read_dir(repo_root().join("tests/fixtures")).expect("fixtures") {
        files.push(entry.expect("fixture").path());
    }
    let nexus = repo_root().join("../shared/corpus/progenitor/nexus.json");
    if nexus.exists() {
        files.push(nexus);
    }
    let mut checked_parallel = false;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let generated = openapi_gen::generate(&file, &text).expect("generates");
        for threads in [1, 3] {
            let text =
                openapi_gen::render::module_text_on(&generated.api, threads).expect("formats");
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
