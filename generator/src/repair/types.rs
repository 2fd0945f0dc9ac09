//! `type: int`, `integer64`, `bool`, `str`, `double`, `String`, ...: a schema type that
//! is not one of OpenAPI's, but plainly names one (with a `format`, when the name says
//! which: `int64`, `double`). Read as that type; a `format` the schema already has wins.
//!
//! Every schema may be anywhere in the document, so this is a walk of the whole value;
//! it skips the values that are data rather than schemas (`example`, `examples`, `enum`,
//! `const`, `default`, extensions), except where such a word is a name the document chose
//! (a property called `default` is a schema).

use serde_json::{Map, Value};

use crate::diag::{DocPath, Seg};

use super::{At, Defect, Kind, Repairs, DATA, NAMED};

/// An alias: (its name, the type it names or `None` for any value, the format it implies).
type Alias = (&'static str, Option<&'static str>, Option<&'static str>);

/// What each alias means: (alias, type, format). Aliases are compared case-insensitively,
/// so `String` and `Integer` are read too.
const ALIASES: &[Alias] = &[
    ("string", Some("string"), None),
    ("integer", Some("integer"), None),
    ("number", Some("number"), None),
    ("boolean", Some("boolean"), None),
    ("object", Some("object"), None),
    ("array", Some("array"), None),
    ("int", Some("integer"), None),
    ("int32", Some("integer"), Some("int32")),
    ("integer32", Some("integer"), Some("int32")),
    ("int64", Some("integer"), Some("int64")),
    ("integer64", Some("integer"), Some("int64")),
    ("long", Some("integer"), Some("int64")),
    ("bool", Some("boolean"), None),
    ("str", Some("string"), None),
    ("text", Some("string"), None),
    ("float", Some("number"), Some("float")),
    ("double", Some("number"), Some("double")),
    ("decimal", Some("number"), None),
    ("date", Some("string"), Some("date")),
    ("datetime", Some("string"), Some("date-time")),
    ("date-time", Some("string"), Some("date-time")),
    ("uuid", Some("string"), Some("uuid")),
    ("file", Some("string"), Some("binary")),
    ("dict", Some("object"), None),
    ("map", Some("object"), None),
    ("list", Some("array"), None),
    ("any", None, None),
];

/// The types of OpenAPI 3.0 and 3.1, written as they must be.
const TYPES: [&str; 7] = [
    "string", "integer", "number", "boolean", "object", "array", "null",
];

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let root = At {
        parent: None,
        seg: Seg::Key(""),
    };
    walk(doc, &root, false, repairs);
}

/// `value` and everything below it; `named`: its keys are names, not keywords.
fn walk(value: &mut Value, at: &At<'_>, named: bool, repairs: &mut Repairs<'_>) {
    match value {
        Value::Object(map) => {
            if !named {
                retype(map, at, repairs);
            }
            for (key, child) in map.iter_mut() {
                if !named && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                let at = At {
                    parent: Some(at),
                    seg: Seg::Key(key),
                };
                let named = !named && NAMED.contains(&key.as_str());
                walk(child, &at, named, repairs);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                let at = At {
                    parent: Some(at),
                    seg: Seg::Index(i),
                };
                walk(item, &at, false, repairs);
            }
        }
        _ => {}
    }
}

/// Repairs the `type` of the object `map`, if it is an alias (or a list holding one).
fn retype(map: &mut Map<String, Value>, at: &At<'_>, repairs: &mut Repairs<'_>) {
    let Some(typ) = map.get("type") else {
        return;
    };
    match typ {
        Value::String(name) => {
            let Some(&(_, typ, format)) = alias_of(name) else {
                return;
            };
            let name = name.clone();
            let at = at.path().push("type");
            if !found(&name, typ, format, at, map, repairs) {
                return;
            }
            match typ {
                Some(typ) => {
                    map.insert("type".into(), Value::String(typ.into()));
                }
                None => {
                    map.remove("type");
                }
            }
            add_format(map, format);
        }
        Value::Array(names) => {
            let aliased: Vec<(usize, String)> = names
                .iter()
                .enumerate()
                .filter_map(|(i, n)| n.as_str().map(|n| (i, n.to_string())))
                .filter(|(_, n)| alias_of(n).is_some_and(|(_, typ, _)| typ.is_some()))
                .collect();
            for (i, name) in aliased {
                let Some(&(_, typ, format)) = alias_of(&name) else {
                    continue;
                };
                let at = at.path().push("type").push(i);
                if !found(&name, typ, format, at, map, repairs) {
                    continue;
                }
                if let (Some(Value::Array(names)), Some(typ)) = (map.get_mut("type"), typ) {
                    if let Some(slot) = names.get_mut(i) {
                        *slot = Value::String(typ.into());
                    }
                }
                add_format(map, format);
            }
        }
        _ => {}
    }
}

/// The alias `name` is, unless it is a type written as it must be.
fn alias_of(name: &str) -> Option<&'static Alias> {
    if TYPES.contains(&name) {
        return None;
    }
    ALIASES
        .iter()
        .find(|(alias, _, _)| alias.eq_ignore_ascii_case(name))
}

/// Records the alias `name` at `at`; whether to repair it.
fn found(
    name: &str,
    typ: Option<&str>,
    format: Option<&str>,
    at: DocPath,
    map: &Map<String, Value>,
    repairs: &mut Repairs<'_>,
) -> bool {
    let format = format.filter(|_| !map.contains_key("format"));
    let meant = match (typ, format) {
        (Some(typ), Some(format)) => format!("`type: {typ}, format: {format}`"),
        (Some(typ), None) => format!("`type: {typ}`"),
        (None, _) => "a schema without `type` (any JSON value)".to_string(),
    };
    repairs.found(Defect {
        kind: Kind::TypeAlias,
        at,
        says: format!("`{name}` is not a schema type"),
        assumed: meant.clone(),
        fix: format!("write {meant}"),
    })
}

/// Adds `format` unless the schema has one.
fn add_format(map: &mut Map<String, Value>, format: Option<&str>) {
    if let Some(format) = format {
        if !map.contains_key("format") {
            map.insert("format".into(), Value::String(format.into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    #[test]
    fn aliases_become_the_types_they_name() {
        let (doc, diags) = repaired(
            "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        n: {type: int}\n        big: {type: integer64}\n        ok: {type: Boolean}\n        ratio: {type: double, format: decimal}\n        default: {type: str, example: {type: int}}\n",
            Policy::Repair,
        );
        let props = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(props["n"], json!({"type": "integer"}));
        assert_eq!(props["big"], json!({"type": "integer", "format": "int64"}));
        assert_eq!(props["ok"], json!({"type": "boolean"}));
        assert_eq!(
            props["ratio"],
            json!({"type": "number", "format": "decimal"})
        );
        // A property named `default` is a schema; an example is data and stays as it is.
        assert_eq!(
            props["default"],
            json!({"type": "string", "example": {"type": "int"}})
        );
        assert_eq!(
            diags,
            [
                "Warning components.schemas.A.properties.n.type: `int` is not a schema type; repaired: read as `type: integer`",
                "Warning components.schemas.A.properties.big.type: `integer64` is not a schema type; repaired: read as `type: integer, format: int64`",
                "Warning components.schemas.A.properties.ok.type: `Boolean` is not a schema type; repaired: read as `type: boolean`",
                "Warning components.schemas.A.properties.ratio.type: `double` is not a schema type; repaired: read as `type: number`",
                "Warning components.schemas.A.properties.default.type: `str` is not a schema type; repaired: read as `type: string`",
            ]
        );
    }

    #[test]
    fn type_lists_and_typos() {
        let (doc, diags) = repaired(
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: [int, 'null']}\n    B: {type: integr}\n",
            Policy::Repair,
        );
        assert_eq!(
            doc["components"]["schemas"]["A"],
            json!({"type": ["integer", "null"]})
        );
        // A typo has no one reading that is certain: validation refuses it.
        assert_eq!(doc["components"]["schemas"]["B"], json!({"type": "integr"}));
        assert_eq!(diags.len(), 1);
    }

    #[test]
    fn strict_changes_nothing_and_errs() {
        let (doc, diags) = repaired(
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: int}\n",
            Policy::Strict,
        );
        assert_eq!(doc["components"]["schemas"]["A"], json!({"type": "int"}));
        assert_eq!(
            diags,
            ["Error components.schemas.A.type: `int` is not a schema type"]
        );
    }
}
