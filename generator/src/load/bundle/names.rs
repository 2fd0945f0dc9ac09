//! The names parts of other files get under `components`: their own name when it is
//! free (`Error`), else prefixed with their file's stem (`common_Error`), else numbered
//! (`common_Error_2`). Units are named in a sorted order, never in the order they were
//! found, so reordering a file's keys never renames anything.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::Value;

use super::{Doc, Unit};
use crate::refs::Section;

/// The names each section of the spec's own `components` already has.
pub(super) fn taken(raw: &Value) -> HashMap<Section, HashSet<String>> {
    let mut taken: HashMap<Section, HashSet<String>> = HashMap::new();
    for section in Section::ALL {
        if let Some(Value::Object(entries)) =
            raw.get("components").and_then(|c| c.get(section.key()))
        {
            taken.insert(section, entries.keys().cloned().collect());
        }
    }
    taken
}

/// Names every unit that becomes a component (but those named already: see
/// `Bundler::claim`).
pub(super) fn assign(
    units: &mut [Unit],
    docs: &[Doc],
    mut taken: HashMap<Section, HashSet<String>>,
) {
    let mut order: Vec<(Section, String, &Path, Vec<String>, usize)> = units
        .iter()
        .enumerate()
        .filter(|(_, unit)| unit.name.is_empty())
        .filter_map(|(i, unit)| {
            let section = unit.section()?;
            let path = docs[unit.doc].path.as_path();
            Some((
                section,
                preferred(unit, path),
                path,
                unit.pointer.clone(),
                i,
            ))
        })
        .collect();
    order.sort();
    for (section, preferred, path, _, unit) in order {
        let taken = taken.entry(section).or_default();
        let stem = sanitize(&stem(path));
        let mut name = preferred.clone();
        if taken.contains(&name) {
            name = format!("{stem}_{preferred}");
        }
        let base = name.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(name.clone());
        units[unit].name = name;
    }
}

/// The name a unit asks for: a component's own name, else the last key of its place
/// that names something, else its file's stem.
fn preferred(unit: &Unit, path: &Path) -> String {
    let named = match unit.pointer.as_slice() {
        [components, _, name] if components == "components" => Some(name.as_str()),
        pointer => pointer
            .iter()
            .rev()
            .map(String::as_str)
            .find(|s| names_something(s)),
    };
    let name = sanitize(named.unwrap_or(&stem(path)));
    if name.is_empty() {
        "Unnamed".to_string()
    } else {
        name
    }
}

/// Whether a key of a place names what is below it (`Pet`), rather than being a keyword
/// of the grammar (`schema`, `properties`), an index, a media type or a path.
fn names_something(segment: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "schema",
        "schemas",
        "items",
        "content",
        "properties",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "additionalProperties",
        "$defs",
        "definitions",
        "components",
        "paths",
        "responses",
        "requestBody",
        "requestBodies",
        "parameters",
        "headers",
        "default",
        "get",
        "put",
        "post",
        "delete",
        "options",
        "head",
        "patch",
        "trace",
        "prefixItems",
    ];
    let status_range = segment.len() == 3 && segment.ends_with("XX");
    let index = segment.bytes().all(|b| b.is_ascii_digit());
    !(segment.is_empty()
        || KEYWORDS.contains(&segment)
        || segment.contains('/')
        || index
        || status_range)
}

/// A file's name up to its first dot: `pet` for `models/pet.schema.yaml`.
fn stem(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or_default().to_string()
}

/// A component name as OpenAPI allows them (`^[a-zA-Z0-9._-]+$`).
fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_name_something() {
        assert!(names_something("Pet"));
        assert!(names_something("attributes"));
        for keyword in [
            "schema",
            "properties",
            "200",
            "2XX",
            "application/json",
            "get",
            "",
        ] {
            assert!(!names_something(keyword), "{keyword}");
        }
        assert_eq!(stem(Path::new("a/models/pet.schema.yaml")), "pet");
        assert_eq!(sanitize("my pet/1"), "my_pet_1");
    }
}
