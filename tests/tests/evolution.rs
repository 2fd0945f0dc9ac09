//! Regenerating after a spec changes: each `tests/evolution/<change>.yaml` is
//! `tests/evolution/v1.yaml` with one change a vendor makes. The public surface report
//! between the two crates (`openapi_gen::surface`) is snapshotted per change, so what a
//! kind of change breaks is reviewed like any generated code; real breaks must be reported
//! as breaking, and changes that only add must never rename or remove anything.

use std::path::Path;

use openapi_gen::load::NoFiles;
use openapi_gen::surface::{self, Class, Origins, Surface};

fn surface_of(file: &str) -> Surface {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("evolution")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let generated = openapi_gen::generate_with_options(
        Path::new(file),
        &text,
        &NoFiles,
        &openapi_gen::Options::default(),
    )
    .unwrap_or_else(|report| panic!("{file}: {report}"));
    surface::extract(&generated.code, &Origins::of(&generated.api)).expect("generated code parses")
}

fn changes(change: &str) -> surface::Changes {
    surface::diff(
        &surface_of("v1.yaml"),
        &surface_of(&format!("{change}.yaml")),
    )
}

/// The report for one change, snapshotted, and the numbers of breaking and additive lines.
fn report(change: &str) -> surface::Changes {
    let changes = changes(change);
    insta::assert_snapshot!(format!("evolution_{change}"), changes.to_string());
    changes
}

fn removed_or_renamed(changes: &surface::Changes) -> Vec<String> {
    changes
        .0
        .iter()
        .filter(|c| c.what == "removed")
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_schema_with_the_shape_of_an_inline_one_renames_nothing() {
    let changes = report("shared_shape_added");
    assert_eq!(changes.breaking(), 0, "{changes}");
    assert!(
        changes.0.iter().any(|c| c.path == "types::AnimalSize"),
        "{changes}"
    );
}

#[test]
fn new_operations_and_schemas_only_add() {
    for change in ["operation_added", "schema_added"] {
        let changes = report(change);
        assert_eq!(changes.breaking(), 0, "{change}: {changes}");
        assert!(changes.additive() > 0, "{change}: nothing reported");
    }
}

#[test]
fn additions_break_nothing_and_never_remove_or_rename_an_item() {
    for change in [
        "optional_property",
        "enum_value",
        "optional_query_parameter",
        "first_optional_parameter",
        "optional_header",
        "error_status_added",
    ] {
        let changes = report(change);
        // Generated structs and enums are `#[non_exhaustive]`, optional parameters are
        // setters, and every operation has an error enum: an addition breaks nothing.
        assert_eq!(changes.breaking(), 0, "{change}: {changes}");
        assert!(
            removed_or_renamed(&changes).is_empty(),
            "{change}: {changes}"
        );
        assert!(
            !changes.is_empty(),
            "{change}: the addition is not reported"
        );
    }
}

#[test]
fn real_breaks_are_reported_as_breaking_with_their_place() {
    for (change, path, place) in [
        (
            "operation_removed",
            "Client::delete_pet",
            "paths./pets/{id}.delete",
        ),
        (
            "property_type_changed",
            "types::Problem.detail",
            "#/components/schemas/Problem/properties/detail",
        ),
        (
            "property_removed",
            "types::Problem.detail",
            "#/components/schemas/Problem/properties/detail",
        ),
        ("required_request_property", "types::NewPet::new", ""),
    ] {
        let changes = report(change);
        let found = changes
            .0
            .iter()
            .find(|c| c.path == path)
            .unwrap_or_else(|| panic!("{change}: `{path}` not reported in\n{changes}"));
        assert_eq!(found.class, Class::Breaking, "{change}: {found}");
        if !place.is_empty() {
            assert_eq!(found.origin.as_deref(), Some(place), "{change}: {found}");
        }
    }
}
