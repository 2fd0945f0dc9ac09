//! The error walk: for a document that failed to deserialize (or is too deep to try
//! cheaply), every error, each at its place and in plain words.
//!
//! Each node is checked once, without its children (see [`super::kind`]); nodes whose
//! fields `openapiv3` flattens (schemas, parameters, headers) are checked field by field,
//! since serde's own error loses which field it was. The walk only runs when something is
//! wrong, so it may copy nodes; it must never deserialize a subtree whole.

use serde::Deserialize;
use serde_json::{Map, Value};

use super::kind::{children, shallow, try_as, Kind};
use super::report::{between, report};
use crate::diag::words::{describe, field_label, with_article, TYPES};
use crate::diag::{Diagnostics, DocPath, Seg};

/// Records an error for every part of `value` (a `kind` node at `path`) that does not
/// deserialize. Each node is checked once, without its children (which are walked on
/// their own), so the walk is linear in the size of the document. Returns whether it
/// recorded anything.
pub(super) fn explain<'v>(
    kind: Kind,
    value: &'v Value,
    path: &mut Vec<Seg<'v>>,
    diags: &mut Diagnostics,
) -> bool {
    if kind.may_be_ref() {
        if let Some(reference) = value.get("$ref") {
            // A string `$ref` is fine whatever its siblings say; any other `$ref` was
            // reported by `check_ref_strings`.
            return !reference.is_string();
        }
    }
    let children = children(kind, value);
    let mut found = false;
    for child in &children {
        let depth = path.len();
        path.push(Seg::Key(child.key));
        path.extend(child.inner);
        found |= explain(child.kind, child.value, path, diags);
        path.truncate(depth);
    }
    let own = shallow(value, &children);
    let Err(first) = kind.check(&own) else {
        return found;
    };
    let path = DocPath::from_borrowed(path.iter());
    if !value.is_object() && kind != Kind::Schema {
        let expected = match kind {
            Kind::Document | Kind::Components | Kind::Paths | Kind::Responses => {
                "a map".to_string()
            }
            _ => format!("a map ({})", with_article(kind.noun())),
        };
        diags.error(
            &path,
            format!(
                "expected {expected} for {}, found {}",
                field_label(&path),
                describe(value)
            ),
        );
        return true;
    }
    if pinpoint(kind, &own, &path, diags) {
        return true;
    }
    for (relative, message) in all_errors(&own, first, |v| kind.check(v)) {
        report(diags, kind, &path.join(&relative), &message);
    }
    true
}

/// serde stops at the first error; this finds the next ones by removing each offending
/// map entry from a copy of `value` and checking again, until the copy passes, an error
/// sits in a list (removing an item would shift the indices of the next ones), or the
/// only error left is a field that was removed.
fn all_errors(
    value: &Value,
    first: (DocPath, String),
    check: impl Fn(&Value) -> Result<(), (DocPath, String)>,
) -> Vec<(DocPath, String)> {
    let mut errors = vec![first];
    let mut copy: Option<Value> = None;
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..32 {
        let Some((relative, _)) = errors.last() else {
            break;
        };
        let copy = copy.get_or_insert_with(|| value.clone());
        let Some(key) = remove_at(copy, relative) else {
            break;
        };
        removed.push(key);
        let Err(next) = check(copy) else {
            break;
        };
        let missing = between(&next.1, "missing field `", "`");
        if missing.is_some_and(|field| removed.iter().any(|r| r == field)) {
            break;
        }
        if errors.contains(&next) {
            break;
        }
        errors.push(next);
    }
    errors
}

/// Removes the map entry at `path` from `value`; returns its key.
fn remove_at(value: &mut Value, path: &DocPath) -> Option<String> {
    let (last, parents) = path.segments().split_last()?;
    let mut node = value;
    for segment in parents {
        node = match node {
            Value::Object(map) => map.get_mut(segment)?,
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    match node {
        Value::Object(map) => map.shift_remove(last).map(|_| last.clone()),
        _ => None,
    }
}

/// The fields of a schema that are not themselves schemas, with the types `openapiv3`
/// expects (`SchemaData` and `SchemaKind` are flattened, so their errors lose the field).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct SchemaFields {
    #[serde(rename = "type")]
    typ: Option<String>,
    pattern: Option<String>,
    multiple_of: Option<serde_json::Number>,
    exclusive_minimum: Option<bool>,
    exclusive_maximum: Option<bool>,
    minimum: Option<serde_json::Number>,
    maximum: Option<serde_json::Number>,
    properties: Option<Map<String, Value>>,
    required: Option<Vec<String>>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
    min_items: Option<usize>,
    max_items: Option<usize>,
    unique_items: Option<bool>,
    #[serde(rename = "enum")]
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    min_length: Option<usize>,
    max_length: Option<usize>,
    all_of: Option<Vec<Value>>,
    one_of: Option<Vec<Value>>,
    any_of: Option<Vec<Value>>,
    #[serde(default)]
    nullable: bool,
    #[serde(default)]
    read_only: bool,
    #[serde(default)]
    write_only: bool,
    #[serde(default)]
    deprecated: bool,
    external_docs: Option<openapiv3::ExternalDocumentation>,
    title: Option<String>,
    description: Option<String>,
    discriminator: Option<openapiv3::Discriminator>,
}

/// The fields of a parameter or header, checked one by one for the same reason (with
/// `openapiv3`'s types: `required: null` is an error, `deprecated: null` is not).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct ParameterFields {
    name: Option<String>,
    description: Option<String>,
    #[serde(default)]
    required: bool,
    deprecated: Option<bool>,
    explode: Option<bool>,
    #[serde(default)]
    allow_reserved: bool,
    allow_empty_value: Option<bool>,
    style: Option<String>,
}

/// Words the errors of nodes whose fields `openapiv3` flattens. Returns whether it
/// recorded anything.
fn pinpoint(kind: Kind, value: &Value, path: &DocPath, diags: &mut Diagnostics) -> bool {
    match kind {
        Kind::Schema => pinpoint_schema(value, path, diags),
        Kind::Parameter | Kind::Header => pinpoint_parameter(kind, value, path, diags),
        _ => false,
    }
}

fn pinpoint_schema(value: &Value, path: &DocPath, diags: &mut Diagnostics) -> bool {
    let Value::Object(map) = value else {
        let diag = diags.error(
            path,
            format!(
                "expected a schema (a map such as `{{type: string}}`) for {}, found {}",
                field_label(path),
                describe(value)
            ),
        );
        if let Value::String(s) = value {
            if TYPES.contains(&s.as_str()) {
                diag.help(format!("write `{{type: {s}}}`"));
            }
        }
        return true;
    };
    match map.get("type") {
        Some(Value::Array(types)) => {
            let names: Vec<String> = types.iter().map(|t| t.to_string()).collect();
            diags
                .error(
                    &path.push("type"),
                    format!(
                        "a list of types must hold type names only, found [{}]",
                        names.join(", ")
                    ),
                )
                .help(
                    "write each type as a string (`type: [string, \"null\"]`), or give a \
                     single type",
                );
            return true;
        }
        Some(Value::String(_)) | Some(Value::Null) | None => {}
        Some(other) => {
            diags.error(
                &path.push("type"),
                format!("expected a string for `type`, found {}", describe(other)),
            );
            return true;
        }
    }
    let Err(first) = try_as::<SchemaFields>(value) else {
        return false;
    };
    for (field, message) in all_errors(value, first, try_as::<SchemaFields>) {
        let full = path.join(&field);
        let diag = report(diags, Kind::Schema, &full, &message);
        if field.segments().first().map(String::as_str) == Some("required")
            && matches!(map.get("required"), Some(Value::Bool(_)))
        {
            diag.help(
                "in a schema, `required` lists the names of the required properties \
                 (`required: [id, name]`) and belongs on the object that holds them",
            );
        }
    }
    true
}

fn pinpoint_parameter(kind: Kind, value: &Value, path: &DocPath, diags: &mut Diagnostics) -> bool {
    let Value::Object(map) = value else {
        return false;
    };
    if let Err(first) = try_as::<ParameterFields>(value) {
        for (field, message) in all_errors(value, first, try_as::<ParameterFields>) {
            report(diags, kind, &path.join(&field), &message);
        }
        return true;
    }
    if kind == Kind::Parameter {
        if !map.contains_key("name") {
            diags
                .error(path, "the parameter has no `name`")
                .help("add `name:` with the parameter's name");
            return true;
        }
        match map.get("in") {
            None => {
                diags
                    .error(path, "the parameter has no `in`")
                    .help("add `in:` with one of `query`, `header`, `path` or `cookie`");
                return true;
            }
            Some(Value::String(location))
                if !matches!(location.as_str(), "query" | "header" | "path" | "cookie") =>
            {
                let diag = diags.error(
                    &path.push("in"),
                    format!(
                        "`{location}` is not a parameter location; expected one of `query`, \
                         `header`, `path` or `cookie`"
                    ),
                );
                if location == "body" || location == "formData" {
                    diag.help(format!(
                        "`in: {location}` is Swagger 2.0; in OpenAPI 3.0 describe the body \
                         with the operation's `requestBody`"
                    ));
                }
                return true;
            }
            Some(Value::String(_)) => {}
            Some(other) => {
                diags.error(
                    &path.push("in"),
                    format!("expected a string for `in`, found {}", describe(other)),
                );
                return true;
            }
        }
    }
    if !map.contains_key("schema") && !map.contains_key("content") {
        let noun = kind.noun();
        diags
            .error(
                path,
                format!("the {noun} has neither `schema` nor `content`"),
            )
            .help(format!(
                "describe the {noun}'s type, for example `schema: {{type: string}}`"
            ));
        return true;
    }
    if map.contains_key("schema") && map.contains_key("content") {
        diags
            .error(
                path,
                format!("the {} has both `schema` and `content`", kind.noun()),
            )
            .help("keep only one of them");
        return true;
    }
    if let Some(Value::String(style)) = map.get("style") {
        let allowed: &[&str] = match map.get("in").and_then(Value::as_str) {
            Some("query") => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
            Some("path") => &["matrix", "label", "simple"],
            Some("cookie") => &["form"],
            _ => &["simple"],
        };
        if !allowed.contains(&style.as_str()) {
            diags.error(
                &path.push("style"),
                format!(
                    "`{style}` is not a style for this {}; expected one of {}",
                    kind.noun(),
                    allowed
                        .iter()
                        .map(|s| format!("`{s}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::load::testing::{doc, errors, nested};

    #[test]
    fn type_errors_are_located_and_plain() {
        assert_eq!(
            errors(&doc("paths: []\n")),
            ["paths: expected a map for `paths`, found a list"]
        );
        assert_eq!(
            errors("openapi: 3.0.0\npaths: {}\n"),
            ["(document root): the document is missing the required field `info`"]
        );
        assert_eq!(
            errors(&doc(
                "paths:\n  /a:\n    get:\n      summary: {}\n      responses: {}\n"
            )),
            ["paths./a.get.summary: expected a string for `summary`, found a map"]
        );
        assert_eq!(
            errors(&doc(
                "paths:\n  /a:\n    get:\n      tags: [a, {}]\n      responses: {}\n"
            )),
            ["paths./a.get.tags.1: expected a string for item 1 of `tags`, found a map"]
        );
    }

    #[test]
    fn schema_errors() {
        let schema = |s: &str| {
            errors(&doc(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    A:\n{s}"
            )))
        };
        assert_eq!(
            schema("      type: object\n      required: 3\n"),
            ["components.schemas.A.required: expected a list for `required`, found the number 3"]
        );
        // A list of type names is read leniently (`dialect`); anything else stays an error.
        assert_eq!(
            schema("      type: [string, 'null']\n"),
            ["components.schemas.A.type: a list of types in `type` is OpenAPI 3.1, not 3.0; it is read as 3.1 defines it"]
        );
        assert_eq!(
            schema("      type: [string, 1]\n"),
            ["components.schemas.A.type: a list of types must hold type names only, found [\"string\", 1]"]
        );
        assert_eq!(
            schema("      type: object\n      properties:\n        b:\n          type: string\n          maxLength: ten\n"),
            ["components.schemas.A.properties.b.maxLength: expected a whole number for `maxLength`, found the string \"ten\""]
        );
        assert_eq!(
            schema("      type: array\n      items: string\n"),
            ["components.schemas.A.items: expected a schema (a map such as `{type: string}`) for `items`, found the string \"string\""]
        );
    }

    #[test]
    fn parameter_and_response_errors() {
        let op = |s: &str| errors(&doc(&format!("paths:\n  /a:\n    get:\n{s}")));
        assert_eq!(
            op("      parameters: [{name: a, in: body, schema: {}}]\n      responses: {}\n"),
            ["paths./a.get.parameters.0.in: `body` is not a parameter location; expected one of `query`, `header`, `path` or `cookie`"]
        );
        assert_eq!(
            op("      parameters: [{name: a, in: query}]\n      responses: {}\n"),
            ["paths./a.get.parameters.0: the parameter has neither `schema` nor `content`"]
        );
        assert_eq!(
            op("      parameters: [{name: a, in: query, required: 'yes', schema: {}}]\n      responses: {}\n"),
            ["paths./a.get.parameters.0.required: expected `true` or `false` for `required`, found the string \"yes\""]
        );
        assert_eq!(
            op("      parameters: [{name: a, in: query, required: null, schema: {}}]\n      responses: {}\n"),
            ["paths./a.get.parameters.0.required: expected `true` or `false` for `required`, found nothing (null)"]
        );
    }

    #[test]
    fn collects_several_errors_in_one_node() {
        let text = doc("paths:\n  /a:\n    get:\n      summary: 1\n      tags: a\n      deprecated: 'no'\n      responses: {}\n");
        assert_eq!(
            errors(&text),
            [
                "paths./a.get.summary: expected a string for `summary`, found the number 1",
                "paths./a.get.tags: expected a list for `tags`, found the string \"a\"",
                "paths./a.get.deprecated: expected `true` or `false` for `deprecated`, found the string \"no\"",
            ]
        );
        // A required field with the wrong type is reported once, not also as missing.
        let text = doc("paths:\n  /a:\n    get:\n      responses: []\n");
        assert_eq!(
            errors(&text),
            ["paths./a.get.responses: expected a map for `responses`, found a list"]
        );
    }

    #[test]
    fn deep_errors_are_found_quickly() {
        // `openapiv3` alone takes time exponential in the depth of the error.
        let depth = 40;
        let found = errors(&nested(depth, "{type: object, maxLength: x}"));
        let prefix = format!("components.schemas.A{}", ".properties.a".repeat(depth));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(&format!("{prefix}.maxLength: ")),
            "{found:?}"
        );
        assert_eq!(
            errors(&nested(depth, "{type: string}")),
            Vec::<String>::new()
        );
    }
}
