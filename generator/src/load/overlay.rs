//! OpenAPI Overlays (Overlay Specification 1.0.0): a user's own changes to a document
//! they cannot edit, applied in order to the generic value before anything else reads it
//! (before bundling, the dialect, repairs and validation).
//!
//! An overlay is a list of actions, each a JSONPath target (RFC 9535, through
//! `serde_json_path`) and an `update` or a `remove`. `update` merges as the specification
//! says (clarified in 1.1.0): a property only the update has is added, a primitive
//! replaces a primitive, arrays are concatenated, objects merged recursively; other
//! combinations are errors; a property whose update is `null` (written with no value) is
//! left alone. A target that is an array gets the update appended (or
//! concatenated, when the update is an array). `remove` deletes every node the target
//! selects. A target that selects nothing is a warning. Values keep their `$ref`s as
//! written, so they resolve against the document, not the overlay file.
//!
//! Every problem names the overlay file, the action and its place in that file; this
//! module never panics on an overlay.

use std::path::Path;

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use crate::diag::{Diagnostics, DocPath};

use super::text::parse;

/// The keys an overlay document and an action may have (besides `x-` extensions).
const OVERLAY_KEYS: [&str; 4] = ["overlay", "info", "extends", "actions"];
const ACTION_KEYS: [&str; 4] = ["target", "description", "update", "remove"];

/// Applies the overlay `text`, read from `file`, to `doc`. Problems are recorded in
/// `diags` as found in `file`.
pub fn apply(doc: &mut Value, file: &Path, text: &str, diags: &mut Diagnostics) {
    let mut own = Diagnostics::default();
    if let Some(overlay) = parse(text, &mut own) {
        apply_value(doc, &overlay, &mut own);
    }
    diags.append_in(file, own);
}

/// An action, checked.
struct Action<'v> {
    /// Its place in the overlay: `actions.2`.
    at: DocPath,
    path: JsonPath,
    target: &'v str,
    update: Option<&'v Value>,
    remove: bool,
}

fn apply_value(doc: &mut Value, overlay: &Value, diags: &mut Diagnostics) {
    let root = DocPath::root();
    let Value::Object(overlay) = overlay else {
        diags
            .error(
                &root,
                "an overlay must be a mapping with `overlay`, `info` and `actions`",
            )
            .help("see https://spec.openapis.org/overlay/v1.0.0.html");
        return;
    };
    unknown_keys(overlay, &OVERLAY_KEYS, &root, diags);
    match overlay.get("overlay") {
        Some(Value::String(version)) if version.starts_with("1.0.") || version == "1.0" => {}
        Some(Value::String(version)) => {
            diags
                .error(
                    &root.push("overlay"),
                    format!("overlay version `{version}` is not supported"),
                )
                .help("write `overlay: 1.0.0`");
        }
        _ => {
            diags
                .error(&root, "the overlay has no `overlay` version")
                .help("add `overlay: 1.0.0`");
        }
    }
    match overlay.get("info") {
        Some(Value::Object(info))
            if info.get("title").is_some_and(Value::is_string)
                && info.get("version").is_some_and(Value::is_string) => {}
        _ => {
            diags
                .error(
                    &root,
                    "the overlay needs `info` with a `title` and a `version`",
                )
                .help("add `info: {title: ..., version: ...}`");
        }
    }
    let actions = match overlay.get("actions") {
        Some(Value::Array(actions)) if !actions.is_empty() => actions,
        _ => {
            diags
                .error(
                    &root,
                    "the overlay needs `actions`: a list of at least one action",
                )
                .help("add `actions: [{target: ..., update: ...}]`");
            return;
        }
    };
    let checked: Vec<Option<Action<'_>>> = actions
        .iter()
        .enumerate()
        .map(|(i, action)| check_action(i, action, diags))
        .collect();
    if diags.has_errors() {
        return;
    }
    for action in checked.into_iter().flatten() {
        run(doc, &action, diags);
    }
}

fn check_action<'v>(i: usize, action: &'v Value, diags: &mut Diagnostics) -> Option<Action<'v>> {
    let at = DocPath::from_segments(["actions".to_string(), i.to_string()]);
    let Value::Object(action) = action else {
        diags.error(
            &at,
            "an action must be a mapping with `target` and `update` or `remove`",
        );
        return None;
    };
    unknown_keys(action, &ACTION_KEYS, &at, diags);
    let Some(Value::String(target)) = action.get("target") else {
        diags
            .error(&at, "the action has no `target` (a JSONPath expression)")
            .help("add `target: $.paths['/pets'].get`, for example");
        return None;
    };
    let path = match JsonPath::parse(target) {
        Ok(path) => path,
        Err(error) => {
            diags
                .error(
                    &at.push("target"),
                    format!("the target `{target}` is not a JSONPath expression: {error}"),
                )
                .help("write an RFC 9535 JSONPath, such as `$.components.schemas.Pet`");
            return None;
        }
    };
    let remove = match action.get("remove") {
        None => false,
        Some(Value::Bool(remove)) => *remove,
        Some(_) => {
            diags
                .error(&at.push("remove"), "`remove` must be `true` or `false`")
                .help("write `remove: true`");
            return None;
        }
    };
    let update = action.get("update");
    if update.is_none() && !remove {
        diags
            .warning(&at, format!("the action on `{target}` has neither `update` nor `remove: true`: it does nothing"))
            .help("add `update: {...}` or `remove: true`");
        return None;
    }
    Some(Action {
        at,
        path,
        target,
        update,
        remove,
    })
}

/// Applies one action to `doc`.
fn run(doc: &mut Value, action: &Action<'_>, diags: &mut Diagnostics) {
    let pointers: Vec<String> = action
        .path
        .query_located(doc)
        .locations()
        .map(|location| location.to_json_pointer())
        .collect();
    if pointers.is_empty() {
        diags
            .warning(
                &action.at.push("target"),
                format!(
                    "the target `{}` selects nothing in the document",
                    action.target
                ),
            )
            .help("check the target against the document; the action was skipped");
        return;
    }
    if action.remove {
        // Last first, so that the indexes of earlier items of the same list still hold.
        for pointer in pointers.iter().rev() {
            if !remove(doc, pointer) {
                diags.error(
                    &action.at.push("target"),
                    format!(
                        "the target `{}` selects the whole document, which cannot be removed",
                        action.target
                    ),
                );
            }
        }
        return;
    }
    let Some(update) = action.update else {
        return;
    };
    for pointer in &pointers {
        let Some(node) = doc.pointer_mut(pointer) else {
            continue;
        };
        let result = match (node, update) {
            (Value::Object(node), Value::Object(update)) => merge(node, update, pointer),
            (Value::Object(_), _) => Err(format!(
                "`{}` selects an object at `{}`, so `update` must be a mapping",
                action.target,
                shown(pointer)
            )),
            (Value::Array(items), Value::Array(update)) => {
                items.extend(update.iter().cloned());
                Ok(())
            }
            (Value::Array(items), update) => {
                items.push(update.clone());
                Ok(())
            }
            (_, _) => Err(format!(
                "`{}` selects a value at `{}` that is neither an object nor a list; select the object that holds it and update its property",
                action.target,
                shown(pointer)
            )),
        };
        if let Err(message) = result {
            diags.error(&action.at.push("update"), message);
        }
    }
}

/// Merges `update` into `node` (at `pointer`), as Overlay 1.0 (clarified in 1.1) says.
fn merge(
    node: &mut Map<String, Value>,
    update: &Map<String, Value>,
    pointer: &str,
) -> Result<(), String> {
    for (key, value) in update {
        // A property without a value (`components:` in the specification's structured
        // example) stands for nothing to merge.
        if value.is_null() {
            continue;
        }
        let Some(current) = node.get_mut(key) else {
            node.insert(key.clone(), value.clone());
            continue;
        };
        let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
        match (current, value) {
            (Value::Object(current), Value::Object(value)) => merge(current, value, &here)?,
            (Value::Array(current), Value::Array(value)) => current.extend(value.iter().cloned()),
            (current, value)
                if !current.is_object()
                    && !current.is_array()
                    && !value.is_object()
                    && !value.is_array() =>
            {
                *current = value.clone();
            }
            _ => {
                return Err(format!(
                    "cannot merge `{key}` at `{}`: the document and the update hold different kinds of value there (an object, a list or a single value)",
                    shown(&here)
                ));
            }
        }
    }
    Ok(())
}

/// Removes the node at `pointer`; `false` for the root.
fn remove(doc: &mut Value, pointer: &str) -> bool {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return false;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Ok(i) = last.parse::<usize>() {
                if i < items.len() {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
    true
}

/// A JSON pointer as messages show it (`/` for the root).
fn shown(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

fn unknown_keys(map: &Map<String, Value>, known: &[&str], at: &DocPath, diags: &mut Diagnostics) {
    for key in map.keys() {
        if !known.contains(&key.as_str()) && !key.starts_with("x-") {
            let help = match crate::diag::words::closest(key, known) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "an overlay knows {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            diags
                .error(&at.push(key), format!("unknown key `{key}`"))
                .help(help);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::apply_value;
    use crate::diag::Diagnostics;

    fn applied(doc: Value, overlay: &str) -> (Value, Vec<String>) {
        let mut doc = doc;
        let overlay: Value = serde_yaml::from_str(overlay).unwrap_or(Value::Null);
        let mut diags = Diagnostics::default();
        apply_value(&mut doc, &overlay, &mut diags);
        let lines = diags
            .items()
            .iter()
            .map(|d| {
                let path = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
                format!("{:?} {path}: {}", d.severity, d.message)
            })
            .collect();
        (doc, lines)
    }

    const HEAD: &str = "overlay: 1.0.0\ninfo: {title: t, version: '1'}\n";

    #[test]
    fn update_merges_and_remove_deletes_in_order() {
        let doc = json!({
            "paths": {"/a": {"get": {"parameters": [{"name": "dummy"}, {"name": "id"}], "tags": ["x"]}}},
            "info": {"title": "T", "description": "old"}
        });
        let overlay = format!(
            "{HEAD}actions:\n  - target: $.info\n    update: {{description: new, x-more: 1}}\n  - target: $.paths.*.get.parameters[?@.name == 'dummy']\n    remove: true\n  - target: $.paths['/a'].get\n    update: {{tags: [y], summary: S}}\n  - target: $.paths['/a'].get.parameters\n    update: {{name: added}}\n"
        );
        let (doc, diags) = applied(doc, &overlay);
        assert_eq!(diags, Vec::<String>::new());
        assert_eq!(
            doc["info"],
            json!({"title": "T", "description": "new", "x-more": 1})
        );
        assert_eq!(
            doc["paths"]["/a"]["get"],
            json!({"parameters": [{"name": "id"}, {"name": "added"}], "tags": ["x", "y"], "summary": "S"})
        );
    }

    #[test]
    fn a_target_selecting_nothing_is_a_warning() {
        let (doc, diags) = applied(
            json!({"info": {}}),
            &format!("{HEAD}actions:\n  - target: $.nowhere\n    remove: true\n"),
        );
        assert_eq!(doc, json!({"info": {}}));
        assert_eq!(
            diags,
            ["Warning actions.0.target: the target `$.nowhere` selects nothing in the document"]
        );
    }

    #[test]
    fn malformed_overlays_are_errors_at_their_place() {
        let (_, diags) = applied(json!({}), "overlay: 2.0.0\ninfo: {title: t}\nactons: []\n");
        assert_eq!(diags.len(), 4, "{diags:#?}");
        let (_, diags) = applied(
            json!({}),
            &format!("{HEAD}actions:\n  - target: $.[\n    remove: yes\n  - update: {{}}\n"),
        );
        assert_eq!(diags.len(), 2, "{diags:#?}");
        assert!(diags[0].starts_with("Error actions.0.target: the target `$.[` is not a JSONPath"));
        assert!(diags[1].starts_with("Error actions.1: the action has no `target`"));
    }

    #[test]
    fn incompatible_merges_are_errors() {
        let (_, diags) = applied(
            json!({"info": {"title": "T"}}),
            &format!("{HEAD}actions:\n  - target: $.info\n    update: {{title: {{a: 1}}}}\n  - target: $.info.title\n    update: x\n"),
        );
        assert_eq!(diags.len(), 2, "{diags:#?}");
    }
}
