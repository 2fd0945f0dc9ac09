//! Broken specs in `tests/broken/`: every run fails, and its report (every error, located
//! and in plain words) is pinned as a snapshot in `tests/snapshots/`.
//!
//! To add a case, add a small spec to `tests/broken/` and a one-line test here, then run
//! `INSTA_UPDATE=always cargo test -p tests --test diagnostics` and read the new snapshot.

use std::path::Path;

/// Generates `tests/broken/<file>`, expects it to fail, and snapshots the report.
fn check(file: &str) {
    let path = tests::repo_root().join("tests/broken").join(file);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {}: {error}", path.display()),
    };
    let shown = Path::new("tests/broken").join(file);
    let name = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let files = openapi_gen::Disk::new(tests::repo_root());
    match openapi_gen::generate_with(&shown, &text, &files) {
        Ok(_) => panic!("{file}: expected errors, but generation succeeded"),
        Err(report) => insta::assert_snapshot!(name, report.to_string()),
    }
}

/// Generates `tests/fixtures/<name>.yaml` (a defect a repair fixes, see
/// `tests/tests/fixtures.rs`) with `strict`, expects it to fail, and snapshots the report.
fn strict(name: &str) {
    let shown = format!("tests/fixtures/{name}.yaml");
    let text = match std::fs::read_to_string(tests::repo_root().join(&shown)) {
        Ok(text) => text,
        Err(error) => panic!("cannot read {shown}: {error}"),
    };
    let files = openapi_gen::Disk::new(tests::repo_root());
    let options = openapi_gen::Options {
        strict: true,
        ..openapi_gen::Options::default()
    };
    match openapi_gen::generate_with_options(Path::new(&shown), &text, &files, &options) {
        Ok(_) => panic!("{name}: expected errors under strict, but generation succeeded"),
        Err(report) => insta::assert_snapshot!(format!("strict_{name}"), report.to_string()),
    }
}

#[test]
fn strict_repair_duplicate_operation_id() {
    strict("repair_duplicate_operation_id");
}

#[test]
fn strict_repair_server_variable() {
    strict("repair_server_variable");
}

#[test]
fn strict_repair_server_variable_undeclared() {
    strict("repair_server_variable_undeclared");
}

#[test]
fn strict_repair_missing_scopes() {
    strict("repair_missing_scopes");
}

#[test]
fn strict_repair_null_scopes() {
    strict("repair_null_scopes");
}

#[test]
fn strict_repair_path_parameter() {
    strict("repair_path_parameter");
}

#[test]
fn strict_repair_path_parameter_name() {
    strict("repair_path_parameter_name");
}

#[test]
fn strict_repair_recursive_ref() {
    strict("repair_recursive_ref");
}

#[test]
fn strict_repair_response_ref() {
    strict("repair_response_ref");
}

#[test]
fn strict_repair_required_flag() {
    strict("repair_required_flag");
}

#[test]
fn strict_repair_type_alias() {
    strict("repair_type_alias");
}

#[test]
fn strict_repair_unknown_scheme() {
    strict("repair_unknown_scheme");
}

#[test]
fn bad_status_code() {
    check("bad_status_code.yaml");
}

#[test]
fn discriminator_mapping() {
    check("discriminator_mapping.yaml");
}

#[test]
fn duplicate_key() {
    check("duplicate_key.yaml");
}

#[test]
fn empty() {
    check("empty.yaml");
}

#[test]
fn external_ref() {
    check("external_ref.yaml");
}

/// References to other files that cannot be read, lead nowhere, are not JSON pointers,
/// or name URLs (also inside a referenced file): each reported in the file that holds it.
#[test]
fn external_errors() {
    check("external_errors.yaml");
}

/// Mistakes inside a referenced file are reported in that file, at its own line and place.
#[test]
fn external_invalid() {
    check("external_invalid.yaml");
}

#[test]
fn external_url() {
    check("external_url.yaml");
}

#[test]
fn invalid_json() {
    check("invalid_json.json");
}

#[test]
fn invalid_yaml() {
    check("invalid_yaml.yaml");
}

#[test]
fn missing_field() {
    check("missing_field.yaml");
}

#[test]
fn missing_ref() {
    check("missing_ref.yaml");
}

#[test]
fn missing_pointer() {
    check("missing_pointer.yaml");
}

#[test]
fn missing_response_description() {
    check("missing_response_description.json");
}

#[test]
fn not_a_mapping() {
    check("not_a_mapping.yaml");
}

#[test]
fn unknown_version() {
    check("unknown_version.yaml");
}

#[test]
fn openapi_number() {
    check("openapi_number.yaml");
}

#[test]
fn parameter_in_body() {
    check("parameter_in_body.yaml");
}

#[test]
fn parameter_without_schema() {
    check("parameter_without_schema.yaml");
}

#[test]
fn path_parameter_not_in_path() {
    check("path_parameter_not_in_path.yaml");
}

#[test]
fn pointer_cycle() {
    check("pointer_cycle.yaml");
}

#[test]
fn pointer_wrong_kind() {
    check("pointer_wrong_kind.yaml");
}

#[test]
fn ref_cycle() {
    check("ref_cycle.yaml");
}

#[test]
fn ref_not_a_string() {
    check("ref_not_a_string.yaml");
}

#[test]
fn schema_type_list() {
    check("schema_type_list.yaml");
}

#[test]
fn server_variable_without_default() {
    check("server_variable_without_default.yaml");
}

#[test]
fn several_errors() {
    check("several_errors.yaml");
}

#[test]
fn several_load_errors() {
    check("several_load_errors.yaml");
}

#[test]
fn swagger2() {
    check("swagger2.yaml");
}

#[test]
fn unknown_schema_type() {
    check("unknown_schema_type.yaml");
}

#[test]
fn wrong_type() {
    check("wrong_type.yaml");
}

#[test]
fn wrong_type_paths() {
    check("wrong_type_paths.json");
}
