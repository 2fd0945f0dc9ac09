//! The generator on the fixture specs in `tests/fixtures/`, each pinning a group of
//! constructs (composition, recursion, names, enums, parameters, bodies, responses,
//! servers, docs, pointers): snapshots of the generated code and of the warnings.
//!
//! That each fixture's crate compiles with clippy and rustdoc warnings denied is checked
//! by `cargo xtask check-standalone`, which takes `tests/fixtures/*` beside `specs/*`.

use std::path::Path;

use tests::repo_root;

/// Every fixture this file tests; [`every_fixture_is_tested`] keeps it complete. A
/// directory is a spec split over several files, whose root is its `openapi.yaml`.
const FIXTURES: &[&str] = &[
    "bodies",
    "composition",
    "construction",
    "decoded",
    "discriminator_pointer",
    "docs",
    "enums",
    "evolution_v1",
    "evolution_v2",
    "formats",
    "lenient30",
    "media_types",
    "mixed_successes",
    "names",
    "openapi31",
    "pagination",
    "parameters",
    "pointers",
    "recursion",
    "repair_duplicate_operation_id",
    "repair_missing_scopes",
    "repair_null_scopes",
    "repair_path_parameter",
    "repair_path_parameter_name",
    "repair_recursive_ref",
    "repair_required_flag",
    "repair_response_ref",
    "repair_server_variable",
    "repair_server_variable_undeclared",
    "repair_type_alias",
    "repair_unknown_scheme",
    "reserved",
    "responses",
    "servers",
    "split",
    "streaming",
    "tags",
];

/// Snapshots the generated module and the warnings of `tests/fixtures/<name>.yaml`, or of
/// `tests/fixtures/<name>/openapi.yaml` for a split spec.
fn fixture(name: &str) {
    let mut display = format!("tests/fixtures/{name}.yaml");
    if repo_root().join("tests/fixtures").join(name).is_dir() {
        display = format!("tests/fixtures/{name}/openapi.yaml");
    }
    let text = std::fs::read_to_string(repo_root().join(&display)).expect("fixture is readable");
    let files = openapi_gen::Disk::new(repo_root());
    let generated = match openapi_gen::generate_with(Path::new(&display), &text, &files) {
        Ok(g) => g,
        Err(report) => panic!("{report}"),
    };
    insta::assert_snapshot!(format!("{name}_warnings"), generated.warnings.to_string());
    insta::assert_snapshot!(format!("{name}_code"), generated.code);
}

/// Repairs: each fixture has one defect a repair reads one way, with a located warning
/// (`tests/tests/diagnostics.rs` pins the error each gives under `strict`).
#[test]
fn repair_duplicate_operation_id() {
    fixture("repair_duplicate_operation_id");
}

#[test]
fn repair_server_variable() {
    fixture("repair_server_variable");
}

/// A server variable no server declares: one with no default, which the caller sets
/// (`tests/tests/wire_servers.rs` sends a request to the URL it makes).
#[test]
fn repair_server_variable_undeclared() {
    fixture("repair_server_variable_undeclared");
}

#[test]
fn repair_missing_scopes() {
    fixture("repair_missing_scopes");
}

#[test]
fn repair_null_scopes() {
    fixture("repair_null_scopes");
}

#[test]
fn repair_path_parameter() {
    fixture("repair_path_parameter");
}

#[test]
fn repair_path_parameter_name() {
    fixture("repair_path_parameter_name");
}

#[test]
fn repair_recursive_ref() {
    fixture("repair_recursive_ref");
}

#[test]
fn repair_required_flag() {
    fixture("repair_required_flag");
}

#[test]
fn repair_response_ref() {
    fixture("repair_response_ref");
}

#[test]
fn repair_type_alias() {
    fixture("repair_type_alias");
}

#[test]
fn repair_unknown_scheme() {
    fixture("repair_unknown_scheme");
}

#[test]
fn bodies() {
    fixture("bodies");
}

/// Constructors and setters, defaults, constraints, examples and deprecation.
#[test]
fn construction() {
    fixture("construction");
}

#[test]
fn composition() {
    fixture("composition");
}

/// A discriminator mapping to a JSON pointer outside `components.schemas`: valid OpenAPI.
#[test]
fn discriminator_pointer() {
    fixture("discriminator_pointer");
}

#[test]
fn docs() {
    fixture("docs");
}

/// What a decoded value means (issue 21): integer enums of constants, untagged unions,
/// read-only fields, tuples, allOf of arrays, constant tags.
#[test]
fn decoded() {
    fixture("decoded");
}

#[test]
fn enums() {
    fixture("enums");
}

/// Formats with types of their own; read-only and write-only fields.
/// Two versions of one API, the second adding what must not break a caller
/// (`tests/additive_calls.rs` compiles one caller against both).
#[test]
fn evolution_v1() {
    fixture("evolution_v1");
}

#[test]
fn evolution_v2() {
    fixture("evolution_v2");
}

#[test]
fn formats() {
    fixture("formats");
}

/// 3.1 keywords in a 3.0 document, read leniently with warnings.
#[test]
fn lenient30() {
    fixture("lenient30");
}

/// Bodies in several media types, the caller's choice; JSON Patch; multipart part headers.
#[test]
fn media_types() {
    fixture("media_types");
}

/// A streamed success beside successes of other types (read whole, with a warning), and
/// successes streamed in different types.
#[test]
fn mixed_successes() {
    fixture("mixed_successes");
}

/// OpenAPI 3.1, mapped onto the 3.0 model.
#[test]
fn openapi31() {
    fixture("openapi31");
}

#[test]
fn names() {
    fixture("names");
}

/// Spec names that collide with every name the generated code introduces itself.
#[test]
fn reserved() {
    fixture("reserved");
}

/// Lists that page: the config's rules aside, every way the generator follows, and near
/// misses that get no items twin.
#[test]
fn pagination() {
    fixture("pagination");
}

#[test]
fn parameters() {
    fixture("parameters");
}

/// `$ref`s to local JSON pointers of every form vendors write.
#[test]
fn pointers() {
    fixture("pointers");
}

#[test]
fn recursion() {
    fixture("recursion");
}

#[test]
fn responses() {
    fixture("responses");
}

#[test]
fn servers() {
    fixture("servers");
}

/// Server-sent events, JSON lines, binary downloads and uploads.
#[test]
fn streaming() {
    fixture("streaming");
}

/// A spec split over several files: shared components, one schema per file, path items
/// in files of their own, references relative to the file that holds them.
#[test]
fn split() {
    fixture("split");
}

/// Operations under several tags, generated as they are by default (nothing gated).
#[test]
fn tags() {
    fixture("tags");
}

/// The same spec with a cargo feature per tag: operations gated by their tags' features,
/// types by those of the operations that reach them, the rest always compiled. That the
/// crate compiles with each feature alone, and with none, is checked by `cargo xtask
/// check-standalone`.
#[test]
fn tags_with_features() {
    let display = "tests/fixtures/tags.yaml";
    let text = std::fs::read_to_string(repo_root().join(display)).expect("fixture is readable");
    let options = openapi_gen::Options {
        tag_features: openapi_gen::TagFeatures::On {
            prefix: String::new(),
        },
        ..openapi_gen::Options::default()
    };
    let generated = openapi_gen::generate_with_options(
        Path::new(display),
        &text,
        &openapi_gen::Disk::new(repo_root()),
        &options,
    )
    .unwrap_or_else(|report| panic!("{report}"));
    let features: Vec<String> = generated
        .api
        .features
        .iter()
        .map(|f| format!("{} = {:?} ({} operations)", f.name, f.tags, f.operations))
        .collect();
    insta::assert_snapshot!("tags_features", features.join("\n"));
    insta::assert_snapshot!("tags_features_code", generated.code);
}

#[test]
fn every_fixture_is_tested() {
    let mut found: Vec<String> = std::fs::read_dir(repo_root().join("tests/fixtures"))
        .expect("tests/fixtures is readable")
        .flatten()
        .filter_map(|e| {
            let path = e.path();
            if path.join("openapi.yaml").is_file() {
                return path.file_name()?.to_str().map(str::to_string);
            }
            (path.extension()? == "yaml")
                .then(|| path.file_stem()?.to_str().map(str::to_string))
                .flatten()
        })
        .collect();
    found.sort();
    assert_eq!(
        found, FIXTURES,
        "add a test for each fixture to tests/tests/fixtures.rs"
    );
}
