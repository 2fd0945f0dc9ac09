//! Load: source text (YAML or JSON) -> `openapiv3::OpenAPI`, with located errors.
//!
//! The text is first parsed into a generic `serde_json::Value` (so syntax errors keep the
//! parser's own line and column), then the version and nesting depth are checked, then a
//! few things `openapiv3` would silently drop (paths without `/`, response keys that are
//! not status codes, `$ref`s that are not strings).
//!
//! `openapiv3` buffers much of the document (untagged enums such as `ReferenceOr`, and
//! `#[serde(flatten)]`), which loses the document path of an error and often its words
//! ("data did not match any variant of untagged enum"); and when a deeply nested schema
//! is wrong it retries each level, taking time exponential in the depth. So before
//! deserializing, `explain` walks the generic value along the OpenAPI grammar, checks
//! each node on its own (its children replaced by valid stand-ins), and words every error
//! in plain terms. Only a document the walk finds no error in is deserialized.
//!
//! Nothing here may panic on input.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashMap;

use crate::diag::source_map::SourceMap;
use crate::diag::words::{describe, expected_words, field_label, found_words, with_article, TYPES};
use crate::diag::{Diagnostic, Diagnostics, DocPath, Location, Seg};

/// The HTTP methods a path item can hold, in the order `openapiv3` keeps them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Parses an OpenAPI 3.0 document from YAML or JSON text.
pub fn load(text: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    let mut diags = Diagnostics::default();
    let Some(raw) = parse(text, &mut diags) else {
        return Err(diags);
    };
    if !check_version(&raw, &mut diags) {
        return Err(diags);
    }
    if !check_depth(&raw, &mut diags) {
        return Err(diags);
    }
    check_raw(&raw, &mut diags);
    // Most documents are valid and shallow enough that a failed deserialization would
    // still be cheap: deserialize them at once, and walk only when that fails (the walk
    // finds every error with its place; serde stops at the first).
    if !diags.has_errors() && depth_of(&raw) <= FAST_PATH_DEPTH {
        if let Ok(api) = openapiv3::OpenAPI::deserialize(&raw) {
            return Ok(api);
        }
    }
    // Otherwise the walk runs first: deserializing a document with an error deep inside
    // nested schemas takes `openapiv3` time exponential in the depth.
    explain(Kind::Document, &raw, &mut Vec::new(), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw).map_err(|error| {
        // The walk missed this one: report serde's own words.
        let path = doc_path(error.path());
        report(
            &mut diags,
            Kind::Document,
            &path,
            &error.inner().to_string(),
        );
        diags
    })
}

/// Documents nested at most this deep are deserialized before any walk. Measured on
/// stripe.json (depth 23): a schema broken 21 levels down fails in about as long as the
/// valid document takes (0.1 s), so the failed attempt costs little.
const FAST_PATH_DEPTH: usize = 24;

/// Parses the text into a generic value, recording syntax errors with their position.
fn parse(text: &str, diags: &mut Diagnostics) -> Option<Value> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        diags
            .error_at(
                Some(Location { line: 1, column: 1 }),
                None,
                "the file is empty",
            )
            .help("write an OpenAPI 3.0 document (YAML or JSON) into it");
        return None;
    }
    if text.trim_start().starts_with('{') {
        let error = match serde_json::from_str::<Value>(text) {
            Ok(value) => return Some(value),
            Err(error) => error,
        };
        // A YAML flow mapping (`{openapi: 3.0.0, ...}`) also starts with `{`; its
        // unquoted keys and values are what JSON trips on.
        let message = error.to_string();
        if message.starts_with("key must be a string") || message.starts_with("expected value") {
            if let Ok(value) = serde_yaml::from_str::<serde_yaml::Value>(text) {
                return yaml_value(value, diags);
            }
        }
        let location = Location {
            line: error.line().max(1),
            column: error.column().max(1),
        };
        let message = strip_position(&error.to_string()).replace("EOF", "end of file");
        let diag = diags.error_at(Some(location), None, format!("invalid JSON: {message}"));
        if let Some(help) = json_help(&message) {
            diag.help(help);
        }
        return None;
    }
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => yaml_value(value, diags),
        Err(error) => {
            yaml_error(text, &error, diags);
            None
        }
    }
}

/// Applies YAML merge keys (`<<: *base`) and converts to a JSON value.
fn yaml_value(mut value: serde_yaml::Value, diags: &mut Diagnostics) -> Option<Value> {
    if let Err(error) = value.apply_merge() {
        let message = strip_position(&error.to_string());
        diags.error_at(
            yaml_location(&error),
            None,
            format!("invalid YAML merge key (`<<`): {message}"),
        );
        return None;
    }
    Some(yaml_to_json(value))
}

fn yaml_location(error: &serde_yaml::Error) -> Option<Location> {
    error.location().map(|l| Location {
        line: l.line().max(1),
        column: l.column().max(1),
    })
}

/// Records a YAML syntax error in plain words.
fn yaml_error(text: &str, error: &serde_yaml::Error, diags: &mut Diagnostics) {
    let mut location = yaml_location(error);
    let message = strip_position(&error.to_string());
    if message.contains(": duplicate entry with key ") {
        let map = SourceMap::new(text);
        let duplicates = map.duplicate_keys();
        for (path, location) in &duplicates {
            let key = path.segments().last().map(String::as_str).unwrap_or("");
            let first = map
                .locate(path)
                .map(|l| format!(" (first at line {})", l.line))
                .unwrap_or_default();
            diags
                .error_at(
                    Some(*location),
                    Some(path.clone()),
                    format!("the key `{key}` appears twice in the same mapping{first}"),
                )
                .help("each key may appear only once in a mapping; merge the two entries");
        }
        if !duplicates.is_empty() {
            return;
        }
    }
    if message.starts_with("deserializing from YAML containing more than one document") {
        location = location.or_else(|| second_document(text));
        diags
            .error_at(location, None, "the file holds more than one YAML document")
            .help("keep one document per file: remove this `---` and what follows, or merge the documents");
        return;
    }
    let help = if message.contains("found character that cannot start any token") {
        let line = location
            .and_then(|l| text.lines().nth(l.line.saturating_sub(1)))
            .unwrap_or("");
        Some(if line.contains('\t') {
            "YAML does not allow tabs for indentation; indent with spaces"
        } else {
            "quote this value: a plain YAML value cannot start with `@`, `` ` `` or `%`"
        })
    } else if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed in this context")
    {
        Some("check the indentation of this line and the one before, and quote values that contain `: `")
    } else {
        None
    };
    let diag = diags.error_at(location, None, format!("invalid YAML: {message}"));
    if let Some(help) = help {
        diag.help(help);
    }
}

/// The line of the `---` that starts a second YAML document.
fn second_document(text: &str) -> Option<Location> {
    let mut content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") && content {
            return Some(Location {
                line: i + 1,
                column: 1,
            });
        }
        let trimmed = line.trim();
        if !(trimmed.is_empty()
            || trimmed.starts_with('#')
            || trimmed.starts_with('%')
            || line.starts_with("---"))
        {
            content = true;
        }
    }
    None
}

/// Removes the first ` at line L column C` (the position the diagnostic shows anyway).
fn strip_position(message: &str) -> String {
    let Some(start) = message.find(" at line ") else {
        return message.to_string();
    };
    let rest = &message[start + " at line ".len()..];
    let digits = |s: &str| s.chars().take_while(char::is_ascii_digit).count();
    let line_len = digits(rest);
    let Some(after_line) = rest
        .get(line_len..)
        .and_then(|r| r.strip_prefix(" column "))
    else {
        return message.to_string();
    };
    let column_len = digits(after_line);
    if line_len == 0 || column_len == 0 {
        return message.to_string();
    }
    let tail = after_line.get(column_len..).unwrap_or("");
    format!("{}{tail}", &message[..start])
}

/// Hints for the JSON syntax errors people make most.
fn json_help(message: &str) -> Option<&'static str> {
    if message.starts_with("expected `,` or") {
        Some("a comma is probably missing between this value and the one before it")
    } else if message.starts_with("expected `:`") {
        Some("a key must be followed by `:` and its value")
    } else if message.starts_with("trailing comma") {
        Some("JSON does not allow a comma after the last item; remove it")
    } else if message.starts_with("trailing characters") {
        Some("there is more text after the end of the document")
    } else if message.starts_with("key must be a string") {
        Some("JSON keys must be in double quotes")
    } else if message.starts_with("expected value") || message.starts_with("expected ident") {
        Some("a value is missing or misspelled here; strings need double quotes, and the literals are `true`, `false` and `null`")
    } else if message.starts_with("control character") {
        Some("a string is probably missing its closing `\"`; line breaks and tabs inside strings must be written as `\\n` and `\\t`")
    } else if message.contains("end of file") {
        Some("a closing `}` or `]` is probably missing")
    } else {
        None
    }
}

/// Converts a YAML value to a JSON value: keys become strings (`200:` -> `"200"`), tags
/// are dropped, numbers JSON cannot hold (`.nan`, `.inf`) become null.
fn yaml_to_json(value: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(serde_json::Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(entries) => Value::Object(
            entries
                .into_iter()
                .map(|(k, v)| (yaml_key(k), yaml_to_json(v)))
                .collect(),
        ),
        Y::Tagged(tagged) => yaml_to_json(tagged.value),
    }
}

fn yaml_key(key: serde_yaml::Value) -> String {
    match yaml_to_json(key) {
        Value::String(s) => s,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

/// Checks the top level and the `openapi` version. Returns whether loading may go on.
fn check_version(raw: &Value, diags: &mut Diagnostics) -> bool {
    let root = DocPath::root();
    let Value::Object(map) = raw else {
        diags.error(
            &root,
            format!(
                "not an OpenAPI document: expected a mapping at the top level, found {}",
                describe(raw)
            ),
        );
        return false;
    };
    if let Some(swagger) = map.get("swagger") {
        let version = match swagger {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        diags
            .error(
                &root.push("swagger"),
                format!("Swagger {version} documents are not supported"),
            )
            .help("convert it to OpenAPI 3.0 (for example with swagger2openapi) and run again");
        return false;
    }
    let path = root.push("openapi");
    match map.get("openapi") {
        None => {
            diags
                .error(&root, "missing the `openapi` version field")
                .help("add `openapi: \"3.0.3\"` at the top of the document");
            false
        }
        Some(Value::String(version)) => {
            let version = version.trim();
            if version == "3.0" || version.starts_with("3.0.") {
                true
            } else if version == "3.1" || version.starts_with("3.1.") {
                diags.error(&path, "OpenAPI 3.1 is not supported yet").help(
                    "only OpenAPI 3.0.x documents are supported; convert or downgrade \
                         the document to 3.0 and run again",
                );
                false
            } else {
                diags
                    .error(&path, format!("unsupported OpenAPI version `{version}`"))
                    .help("only OpenAPI 3.0.x documents are supported");
                false
            }
        }
        Some(Value::Number(number)) => {
            diags
                .error(
                    &path,
                    format!("the `openapi` version must be a string, found the number {number}"),
                )
                .help("quote it, for example `openapi: \"3.0.3\"`");
            false
        }
        Some(other) => {
            diags
                .error(
                    &path,
                    format!(
                        "the `openapi` version must be a string, found {}",
                        describe(other)
                    ),
                )
                .help("write for example `openapi: \"3.0.3\"`");
            false
        }
    }
}

/// How deeply the document may nest maps and lists. `openapiv3` (and every recursive
/// walk after it) uses stack in proportion to the depth; real documents stay far below.
const MAX_DEPTH: usize = 100;

/// Checks that the document nests no deeper than [`MAX_DEPTH`]. Returns whether loading
/// may go on.
fn check_depth(raw: &Value, diags: &mut Diagnostics) -> bool {
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
fn depth_of(value: &Value) -> usize {
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
fn check_raw(raw: &Value, diags: &mut Diagnostics) {
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

/// Mirrors `openapiv3::StatusCode`: `100`..`999`, or a digit and `XX`.
fn is_status_code(key: &str) -> bool {
    let bytes = key.as_bytes();
    match bytes {
        [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => *a != b'0',
        [a, b, c] => {
            a.is_ascii_digit() && b.eq_ignore_ascii_case(&b'X') && c.eq_ignore_ascii_case(&b'X')
        }
        _ => false,
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

/// What a node of the document is, as far as the error walk needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Document,
    Components,
    Paths,
    PathItem,
    Operation,
    Callback,
    Parameter,
    RequestBody,
    Responses,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    Example,
    Link,
    SecurityScheme,
}

impl Kind {
    /// Deserializes `value` as the `openapiv3` type of this kind: the error's path
    /// (relative to `value`) and message. A node that is a `$ref` passes; any other is
    /// checked as the item itself, not as `ReferenceOr<item>`, whose errors lose the
    /// path.
    fn check(self, value: &Value) -> Result<(), (DocPath, String)> {
        if self.may_be_ref() && matches!(value.get("$ref"), Some(Value::String(_))) {
            return Ok(());
        }
        match self {
            Kind::Document => try_as::<openapiv3::OpenAPI>(value),
            Kind::Components => try_as::<openapiv3::Components>(value),
            Kind::Paths => try_as::<openapiv3::Paths>(value),
            Kind::PathItem => try_as::<openapiv3::PathItem>(value),
            Kind::Operation => try_as::<openapiv3::Operation>(value),
            Kind::Callback => try_as::<openapiv3::Callback>(value),
            Kind::Parameter => try_as::<openapiv3::Parameter>(value),
            Kind::RequestBody => try_as::<openapiv3::RequestBody>(value),
            Kind::Responses => try_as::<openapiv3::Responses>(value),
            Kind::Response => try_as::<openapiv3::Response>(value),
            Kind::MediaType => try_as::<openapiv3::MediaType>(value),
            Kind::Encoding => try_as::<openapiv3::Encoding>(value),
            Kind::Header => try_as::<openapiv3::Header>(value),
            Kind::Schema => try_as::<openapiv3::Schema>(value),
            Kind::Example => try_as::<openapiv3::Example>(value),
            Kind::Link => try_as::<openapiv3::Link>(value),
            Kind::SecurityScheme => try_as::<openapiv3::SecurityScheme>(value),
        }
    }

    /// Whether a `$ref` may stand in for this node.
    fn may_be_ref(self) -> bool {
        !matches!(
            self,
            Kind::Document
                | Kind::Components
                | Kind::Paths
                | Kind::Operation
                | Kind::Responses
                | Kind::MediaType
                | Kind::Encoding
        )
    }

    /// What the node is called in messages.
    fn noun(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Components => "components",
            Kind::Paths => "paths",
            Kind::PathItem => "path item",
            Kind::Operation => "operation",
            Kind::Callback => "callback",
            Kind::Parameter => "parameter",
            Kind::RequestBody => "request body",
            Kind::Responses => "responses",
            Kind::Response => "response",
            Kind::MediaType => "media type",
            Kind::Encoding => "encoding",
            Kind::Header => "header",
            Kind::Schema => "schema",
            Kind::Example => "example",
            Kind::Link => "link",
            Kind::SecurityScheme => "security scheme",
        }
    }
}

fn try_as<T: DeserializeOwned>(value: &Value) -> Result<(), (DocPath, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|e| (doc_path(e.path()), e.inner().to_string()))
}

fn doc_path(path: &serde_path_to_error::Path) -> DocPath {
    use serde_path_to_error::Segment;
    let mut segments = Vec::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => segments.push(index.to_string()),
            Segment::Map { key } => segments.push(key.clone()),
            Segment::Enum { .. } => {}
            // Past an unknown segment the path means nothing.
            Segment::Unknown => break,
        }
    }
    DocPath::from_segments(segments)
}

/// A child node the error walk visits on its own: its kind, value, and place below its
/// parent (one key, or a key and then a key or index inside it).
struct Child<'v> {
    kind: Kind,
    value: &'v Value,
    key: &'v str,
    inner: Option<Seg<'v>>,
}

/// The children of a node that the walk checks separately: every node `openapiv3` reads
/// through an untagged enum or `flatten` (where errors lose their path), and every
/// schema (whose failed deserialization costs time exponential in its depth).
fn children(kind: Kind, value: &Value) -> Vec<Child<'_>> {
    let mut out = Vec::new();
    let Value::Object(map) = value else {
        return out;
    };
    let mut fields: Vec<(&str, Kind)> = Vec::new();
    let mut lists: Vec<(&str, Kind)> = Vec::new();
    let mut maps: Vec<(&str, Kind)> = Vec::new();
    match kind {
        Kind::Document => {
            fields.extend([("paths", Kind::Paths), ("components", Kind::Components)]);
        }
        Kind::Components => maps.extend([
            ("schemas", Kind::Schema),
            ("responses", Kind::Response),
            ("parameters", Kind::Parameter),
            ("examples", Kind::Example),
            ("requestBodies", Kind::RequestBody),
            ("headers", Kind::Header),
            ("securitySchemes", Kind::SecurityScheme),
            ("links", Kind::Link),
            ("callbacks", Kind::Callback),
        ]),
        Kind::Paths | Kind::Callback => {
            if map.contains_key("$ref") {
                return out;
            }
            for (key, child) in map {
                if kind == Kind::Callback || key.starts_with('/') {
                    out.push(Child {
                        kind: Kind::PathItem,
                        value: child,
                        key,
                        inner: None,
                    });
                }
            }
            return out;
        }
        Kind::PathItem => {
            fields.extend(METHODS.map(|m| (m, Kind::Operation)));
            lists.push(("parameters", Kind::Parameter));
        }
        Kind::Operation => {
            lists.push(("parameters", Kind::Parameter));
            fields.extend([
                ("requestBody", Kind::RequestBody),
                ("responses", Kind::Responses),
            ]);
            maps.push(("callbacks", Kind::Callback));
        }
        Kind::Parameter | Kind::Header => {
            fields.push(("schema", Kind::Schema));
            maps.extend([("content", Kind::MediaType), ("examples", Kind::Example)]);
        }
        Kind::RequestBody => maps.push(("content", Kind::MediaType)),
        Kind::Responses => {
            for (key, child) in map {
                if key == "default" || is_status_code(key) {
                    out.push(Child {
                        kind: Kind::Response,
                        value: child,
                        key,
                        inner: None,
                    });
                }
            }
            return out;
        }
        Kind::Response => maps.extend([
            ("headers", Kind::Header),
            ("content", Kind::MediaType),
            ("links", Kind::Link),
        ]),
        Kind::MediaType => {
            fields.push(("schema", Kind::Schema));
            maps.extend([("examples", Kind::Example), ("encoding", Kind::Encoding)]);
        }
        Kind::Encoding => maps.push(("headers", Kind::Header)),
        Kind::Schema => {
            if matches!(map.get("$ref"), Some(Value::String(_))) {
                return out;
            }
            fields.extend([("items", Kind::Schema), ("not", Kind::Schema)]);
            // `additionalProperties` is a schema or a boolean.
            if let Some((key, additional @ Value::Object(_))) =
                map.get_key_value("additionalProperties")
            {
                out.push(Child {
                    kind: Kind::Schema,
                    value: additional,
                    key,
                    inner: None,
                });
            }
            maps.push(("properties", Kind::Schema));
            lists.extend([
                ("allOf", Kind::Schema),
                ("oneOf", Kind::Schema),
                ("anyOf", Kind::Schema),
            ]);
        }
        Kind::Example | Kind::Link | Kind::SecurityScheme => {}
    }
    for (key, kind) in fields {
        if let Some((key, child)) = map.get_key_value(key) {
            out.push(Child {
                kind,
                value: child,
                key,
                inner: None,
            });
        }
    }
    for (key, kind) in lists {
        if let Some((key, Value::Array(items))) = map.get_key_value(key) {
            for (i, item) in items.iter().enumerate() {
                out.push(Child {
                    kind,
                    value: item,
                    key,
                    inner: Some(Seg::Index(i)),
                });
            }
        }
    }
    for (key, kind) in maps {
        if let Some((key, Value::Object(entries))) = map.get_key_value(key) {
            for (name, entry) in entries {
                out.push(Child {
                    kind,
                    value: entry,
                    key,
                    inner: Some(Seg::Key(name)),
                });
            }
        }
    }
    out
}

/// A valid stand-in for a child of `kind`, so a node can be checked without its
/// children.
fn placeholder(kind: Kind) -> Value {
    // openapiv3 allows no `$ref` for an operation's callbacks nor for the path items in
    // a callback, while an empty map is a valid callback and path item everywhere.
    if kind.may_be_ref() && !matches!(kind, Kind::PathItem | Kind::Callback) {
        return serde_json::json!({ "$ref": "#/" });
    }
    match kind {
        Kind::Operation => serde_json::json!({ "responses": {} }),
        _ => Value::Object(Map::new()),
    }
}

/// `value` with each of its `children` replaced by a placeholder; only the node's own
/// content is copied. Children are looked up by hash, so a node with many entries (a
/// large `paths` or `components.schemas`) costs time linear in its size.
fn shallow(value: &Value, children: &[Child<'_>]) -> Value {
    let Value::Object(map) = value else {
        return value.clone();
    };
    #[derive(Default)]
    struct Group<'c> {
        whole: Option<Kind>,
        by_index: HashMap<usize, Kind>,
        by_key: HashMap<&'c str, Kind>,
    }
    let mut groups: HashMap<&str, Group<'_>> = HashMap::new();
    for child in children {
        let group = groups.entry(child.key).or_default();
        match child.inner {
            None => {
                group.whole.get_or_insert(child.kind);
            }
            Some(Seg::Index(i)) => {
                group.by_index.entry(i).or_insert(child.kind);
            }
            Some(Seg::Key(name)) => {
                group.by_key.entry(name).or_insert(child.kind);
            }
            // The raw document is keyed by text; only the validator's walk has these.
            Some(Seg::Status(_)) => {}
        }
    }
    let mut out = Map::new();
    for (key, entry) in map {
        let Some(group) = groups.get(key.as_str()) else {
            out.insert(key.clone(), entry.clone());
            continue;
        };
        let replaced = match (group.whole, entry) {
            (Some(kind), _) => placeholder(kind),
            (None, Value::Array(items)) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| {
                        group
                            .by_index
                            .get(&i)
                            .map_or_else(|| item.clone(), |kind| placeholder(*kind))
                    })
                    .collect(),
            ),
            (None, Value::Object(entries)) => Value::Object(
                entries
                    .iter()
                    .map(|(name, item)| {
                        let stand_in = group
                            .by_key
                            .get(name.as_str())
                            .map_or_else(|| item.clone(), |kind| placeholder(*kind));
                        (name.clone(), stand_in)
                    })
                    .collect(),
            ),
            (None, other) => other.clone(),
        };
        out.insert(key.clone(), replaced);
    }
    Value::Object(out)
}

/// Records an error for every part of `value` (a `kind` node at `path`) that does not
/// deserialize. Each node is checked once, without its children (which are walked on
/// their own), so the walk is linear in the size of the document. Returns whether it
/// recorded anything.
fn explain<'v>(
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
                        "a list of types ([{}]) is not allowed in OpenAPI 3.0",
                        names.join(", ")
                    ),
                )
                .help(
                    "give a single type; for a value that may be null add `nullable: true`, \
                     and for alternatives use `oneOf`",
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

/// Records serde's `message` about the node at `path` (inside a `kind` node), in plain
/// words.
fn report<'d>(
    diags: &'d mut Diagnostics,
    kind: Kind,
    path: &DocPath,
    message: &str,
) -> &'d mut Diagnostic {
    let field = field_label(path);
    let last = path.segments().last().map(String::as_str).unwrap_or("");
    let parent = path
        .segments()
        .len()
        .checked_sub(2)
        .and_then(|i| path.segments().get(i))
        .map(String::as_str)
        .unwrap_or("");

    if let Some(name) = between(message, "missing field `", "`") {
        if name == "default" && parent == "variables" {
            return diags
                .error(
                    path,
                    format!("the server variable `{last}` has no `default`"),
                )
                .help("every server variable needs a `default` value");
        }
        let owner = if path.segments().is_empty() {
            "the document".to_string()
        } else {
            field
        };
        let diag = diags.error(
            path,
            format!("{owner} is missing the required field `{name}`"),
        );
        match name {
            "info" => diag.help("add an `info` section with a `title` and a `version`"),
            "paths" => diag.help("add `paths:` (it may be empty: `paths: {}`)"),
            "description" if kind == Kind::Response || kind == Kind::Responses => {
                diag.help("every response needs a `description`; an empty string is allowed")
            }
            "responses" => diag.help("every operation needs `responses`, for example `responses: {'200': {description: OK}}`"),
            _ => diag,
        };
        return diag;
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!(
                    "expected {} for {field}, found {}",
                    expected_words(expected),
                    found_words(found)
                ),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        if let Some((variant, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!("unknown value {variant} for {field}; expected {expected}"),
            );
        }
    }
    if let Some(rest) = message.strip_prefix("invalid value: ") {
        if let Some((found, expected)) = rest.split_once(", expected ") {
            return diags.error(
                path,
                format!(
                    "invalid value for {field}: found {}, expected {expected}",
                    found_words(found)
                ),
            );
        }
    }
    if message.contains("ParameterSchemaOrContent") {
        return diags
            .error(
                path,
                format!("the {} has neither `schema` nor `content`", kind.noun()),
            )
            .help("describe its type, for example `schema: {type: string}`");
    }
    if message.contains("did not match any variant of untagged enum") {
        return diags.error(path, format!("this is not a valid {}", kind.noun()));
    }
    diags.error(path, format!("invalid {}: {message}", kind.noun()))
}

/// The text between `start` and the next `end` in `message`.
fn between<'m>(message: &'m str, start: &str, end: &str) -> Option<&'m str> {
    let rest = &message[message.find(start)? + start.len()..];
    Some(&rest[..rest.find(end)?])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Callbacks (a map of path items, with no `$ref` form in openapiv3) load.
    #[test]
    fn operation_callbacks_load() {
        let text = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /streams:
    post:
      callbacks:
        onData:
          '{$request.query.callbackUrl}/data':
            post:
              responses:
                '202': {description: ok}
      responses:
        '201': {description: ok}
components:
  callbacks:
    Shared:
      '{$request.body#/url}':
        get:
          responses:
            '200': {description: ok}
"#;
        assert_eq!(errors(text), Vec::<String>::new());
    }

    fn errors(text: &str) -> Vec<String> {
        match load(text) {
            Ok(_) => Vec::new(),
            Err(diags) => diags
                .items()
                .iter()
                .map(|d| {
                    let at = d.path.as_ref().map(|p| p.to_string()).unwrap_or_default();
                    let loc = d
                        .location
                        .map(|l| format!("{}:{} ", l.line, l.column))
                        .unwrap_or_default();
                    format!("{loc}{at}: {}", d.message)
                })
                .collect(),
        }
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    fn doc(rest: &str) -> String {
        format!("{HEAD}{rest}")
    }

    #[test]
    fn loads_yaml_and_json_with_numeric_status_codes() {
        let yaml =
            doc("paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n");
        let api = load(&yaml).map_err(|d| format!("{d:?}")).unwrap();
        let op = api
            .paths
            .paths
            .get("/a")
            .and_then(|p| p.as_item())
            .and_then(|p| p.get.as_ref());
        let responses = op.map(|op| op.responses.responses.len());
        assert_eq!(responses, Some(1));
        let json = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert!(load(json).is_ok());
    }

    #[test]
    fn yaml_merge_keys_are_applied() {
        let yaml = doc("paths: {}\ncomponents:\n  schemas:\n    A: &a\n      type: string\n    B:\n      <<: *a\n      description: b\n");
        let api = load(&yaml).map_err(|d| format!("{d:?}")).unwrap();
        let b = api.components.and_then(|c| c.schemas.get("B").cloned());
        assert!(matches!(
            b.and_then(|b| b.into_item()).map(|s| s.schema_kind),
            Some(openapiv3::SchemaKind::Type(openapiv3::Type::String(_)))
        ));
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        assert_eq!(errors("a: [1\n"), ["2:1 : invalid YAML: did not find expected ',' or ']', while parsing a flow sequence at line 1 column 4"]);
        assert_eq!(
            errors("{\"a\": 1,}"),
            ["1:9 : invalid JSON: trailing comma"]
        );
        assert_eq!(
            errors("{\n\"a\": [1,\n"),
            ["3:1 : invalid JSON: end of file while parsing a value"]
        );
        assert_eq!(errors("  \n"), ["1:1 : the file is empty"]);
    }

    #[test]
    fn yaml_mistakes_in_plain_words() {
        assert_eq!(
            errors("openapi: 3.0.0\npaths:\n  /a:\n    get: {}\n    get: {}\n"),
            ["5:5 paths./a.get: the key `get` appears twice in the same mapping (first at line 4)"]
        );
        assert_eq!(
            errors("a: 1\n---\nb: 2\n"),
            ["2:1 : the file holds more than one YAML document"]
        );
        assert_eq!(
            errors("a:\n\tb: 1\n"),
            ["2:1 : invalid YAML: found character that cannot start any token, while scanning for the next token"]
        );
        let flow = "{openapi: 3.0.0, info: {title: t, version: '1'}, paths: {}}";
        assert_eq!(errors(flow), Vec::<String>::new());
    }

    #[test]
    fn versions() {
        assert_eq!(
            errors("swagger: '2.0'\n"),
            [": Swagger 2.0 documents are not supported"].map(|s| format!("swagger{s}"))
        );
        assert_eq!(
            errors("openapi: 3.1.0\n"),
            ["openapi: OpenAPI 3.1 is not supported yet"]
        );
        assert_eq!(
            errors("openapi: 2.5.0\n"),
            ["openapi: unsupported OpenAPI version `2.5.0`"]
        );
        assert_eq!(
            errors("openapi: 3.0\n"),
            ["openapi: the `openapi` version must be a string, found the number 3.0"]
        );
        assert_eq!(
            errors("info: {}\n"),
            ["(document root): missing the `openapi` version field"]
        );
        assert_eq!(errors("- a\n"), ["(document root): not an OpenAPI document: expected a mapping at the top level, found a list"]);
    }

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
            schema("      type: object\n      required: true\n"),
            ["components.schemas.A.required: expected a list for `required`, found `true`"]
        );
        assert_eq!(
            schema("      type: object\n      properties:\n        b:\n          $ref: 5\n"),
            ["components.schemas.A.properties.b.$ref: `$ref` must be a string, found the number 5"]
        );
        assert_eq!(
            schema("      type: [string, 'null']\n"),
            ["components.schemas.A.type: a list of types ([\"string\", \"null\"]) is not allowed in OpenAPI 3.0"]
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
        assert_eq!(
            op("      responses:\n        '200': {content: {}}\n"),
            ["paths./a.get.responses.200: response `200` is missing the required field `description`"]
        );
        assert_eq!(
            op("      responses:\n        OK: {description: ok}\n"),
            ["paths./a.get.responses.OK: `OK` is not an HTTP status code"]
        );
        assert_eq!(
            errors(&doc(
                "servers: [{url: 'http://{a}', variables: {a: {enum: [x]}}}]\npaths: {}\n"
            )),
            ["servers.0.variables.a: the server variable `a` has no `default`"]
        );
    }

    #[test]
    fn collects_several_errors() {
        let text = doc("paths:\n  /a:\n    get:\n      summary: 1\n      responses: {}\n  /b:\n    get:\n      description: []\n      responses: {}\n  c: {}\n");
        assert_eq!(
            errors(&text),
            [
                "paths.c: the path `c` does not start with `/`",
                "paths./a.get.summary: expected a string for `summary`, found the number 1",
                "paths./b.get.description: expected a string for `description`, found a list",
            ]
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

    fn nested(depth: usize, leaf: &str) -> String {
        let mut schema = leaf.to_string();
        for _ in 0..depth {
            schema = format!("{{type: object, properties: {{a: {schema}}}}}");
        }
        doc(&format!(
            "paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n"
        ))
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
    fn strips_positions() {
        assert_eq!(
            strip_position("x at line 3 column 5, y at line 1 column 1"),
            "x, y at line 1 column 1"
        );
        assert_eq!(strip_position("x at line 3"), "x at line 3");
        assert_eq!(strip_position("no position"), "no position");
    }
}
