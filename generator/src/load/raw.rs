//! Checks of the raw document that come before deserializing: nesting depth (which would
//! exhaust the stack), and what `openapiv3` would silently drop or misread (paths without
//! a leading `/`, response keys that are not status codes, `$ref`s that are not strings).
//!
//! The depth check and the `$ref` check visit every node of large documents on the happy
//! path: they keep the current path as borrowed [`Seg`]s and build a [`DocPath`] only for
//! an error, and must never copy a path (or anything else) per node.

use serde_json::{Map, Value};

use super::kind::{is_status_code, METHODS};
use crate::diag::words::describe;
use crate::diag::{Diagnostics, DocPath, Seg};

/// How deeply the document may nest maps and lists. `openapiv3` (and every recursive
/// walk after it) uses stack in proportion to the depth; real documents stay far below.
const MAX_DEPTH: usize = 100;

/// Checks that the document nests no deeper than [`MAX_DEPTH`]. Returns whether loading
/// may go on.
pub(super) fn check_depth(raw: &Value, diags: &mut Diagnostics) -> bool {
    // Iterative, so that the check itself cannot run out of stack; depths only, and the
    // path is looked for only when the document is too deep.
    let mut stack: Vec<(&Value, usize)> = vec![(raw, 0)];
    let mut too_deep = false;
    while let Some((value, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            too_deep = true;
            break;
        }
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    if !too_deep {
        return true;
    }
    let mut path: Vec<Seg<'_>> = Vec::new();
    let mut node = raw;
    while path.len() <= MAX_DEPTH {
        // Follow the deepest child.
        let next = match node {
            Value::Object(map) => map
                .iter()
                .map(|(k, v)| (Seg::Key(k), v))
                .max_by_key(|(_, v)| depth_of(v)),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Seg::Index(i), v))
                .max_by_key(|(_, v)| depth_of(v)),
            _ => None,
        };
        let Some((segment, child)) = next else {
            break;
        };
        path.push(segment);
        node = child;
    }
    diags
        .error(
            &DocPath::from_borrowed(&path),
            format!("the document nests more than {MAX_DEPTH} levels deep here"),
        )
        .help("move deeply nested inline schemas to `components.schemas` and refer to them with `$ref`");
    false
}

/// The nesting depth of `value` (0 for a scalar), found without recursion.
pub(super) fn depth_of(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match value {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    deepest
}

/// Problems `openapiv3` accepts silently by dropping or misreading the data.
pub(super) fn check_raw(raw: &Value, diags: &mut Diagnostics) {
    let root = DocPath::root();
    if let Some(Value::Object(paths)) = raw.get("paths") {
        let paths_path = root.push("paths");
        for (template, item) in paths {
            let item_path = paths_path.push(template);
            if !template.starts_with('/') && !template.starts_with("x-") {
                diags
                    .error(
                        &item_path,
                        format!("the path `{template}` does not start with `/`"),
                    )
                    .help(format!("write it as `/{template}`"));
            }
            for method in METHODS {
                if let Some(Value::Object(responses)) =
                    item.get(method).and_then(|op| op.get("responses"))
                {
                    check_status_codes(responses, &item_path.push(method).push("responses"), diags);
                }
            }
        }
    }
    check_ref_strings(raw, &mut Vec::new(), diags);
}

fn check_status_codes(responses: &Map<String, Value>, path: &DocPath, diags: &mut Diagnostics) {
    for key in responses.keys() {
        if key == "default" || key.starts_with("x-") || is_status_code(key) {
            continue;
        }
        diags
            .error(
                &path.push(key),
                format!("`{key}` is not an HTTP status code"),
            )
            .help("use a code such as `200`, a range such as `2XX`, or `default`");
    }
}

/// A `$ref` that is not a string makes `openapiv3` read the node as an empty schema.
fn check_ref_strings<'v>(value: &'v Value, path: &mut Vec<Seg<'v>>, diags: &mut Diagnostics) {
    // The path is a stack of borrowed segments, made a `DocPath` only for an error: this
    // visits every node of the document.
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "$ref" {
                    if !matches!(child, Value::String(_) | Value::Object(_)) {
                        path.push(Seg::Key(key));
                        diags
                            .error(
                                &DocPath::from_borrowed(path.iter()),
                                format!("`$ref` must be a string, found {}", describe(child)),
                            )
                            .help("write the reference as a string, for example `$ref: '#/components/schemas/Pet'`");
                        path.pop();
                    }
                    continue;
                }
                // Free-form data, where `$ref` means nothing.
                if matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                    || key.starts_with("x-")
                {
                    continue;
                }
                path.push(Seg::Key(key));
                check_ref_strings(child, path, diags);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Seg::Index(i));
                check_ref_strings(item, path, diags);
                path.pop();
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::load::testing::{doc, errors, nested};

    #[test]
    fn too_deep_nesting_is_an_error() {
        let found = errors(&nested(60, "{type: string}"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("the document nests more than 100 levels deep here"),
            "{found:?}"
        );
    }

    #[test]
    fn what_openapiv3_would_drop() {
        assert_eq!(
            errors(&doc(
                "paths:\n  /a:\n    get:\n      responses:\n        OK: {description: ok}\n"
            )),
            ["paths./a.get.responses.OK: `OK` is not an HTTP status code"]
        );
        assert_eq!(
            errors(&doc("paths:\n  a: {}\n")),
            ["paths.a: the path `a` does not start with `/`"]
        );
        assert_eq!(
            errors(&doc("paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b:\n          $ref: 5\n")),
            ["components.schemas.A.properties.b.$ref: `$ref` must be a string, found the number 5"]
        );
    }
}
