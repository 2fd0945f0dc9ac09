//! Text -> a generic `serde_json::Value`: YAML or JSON, with syntax errors in plain words
//! at the parser's own line and column.
//!
//! JSON is read as JSON (fast, exact positions) unless it is a YAML flow mapping that
//! merely starts with `{`; YAML is read by `yaml` (merge keys applied; YAML-only values
//! such as non-string keys, tags and `.nan` made what JSON can hold). This module only
//! reads text: it must never judge what the value means as OpenAPI, and never panic on
//! any text.

use serde_json::Value;

use super::yaml::{self, YamlError};
use crate::diag::source_map::SourceMap;
use crate::diag::{Diagnostics, Location};

/// Parses the text into a generic value, recording syntax errors with their position.
pub(super) fn parse(text: &str, diags: &mut Diagnostics) -> Option<Value> {
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
            match yaml::parse(text) {
                Ok(value) => return Some(value),
                Err(error @ YamlError::Merge { .. }) => {
                    yaml_error(text, error, diags);
                    return None;
                }
                Err(_) => {}
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
    match yaml::parse(text) {
        Ok(value) => Some(value),
        Err(error) => {
            yaml_error(text, error, diags);
            None
        }
    }
}

/// Records why YAML text could not be read, in plain words.
fn yaml_error(text: &str, error: YamlError, diags: &mut Diagnostics) {
    let (location, message) = match error {
        YamlError::Syntax { location, message } => (location, message),
        YamlError::Merge { location, message } => {
            diags.error_at(
                Some(location),
                None,
                format!("invalid YAML merge key (`<<`): {message}"),
            );
            return;
        }
        YamlError::DuplicateKey { location, key } => {
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
            if duplicates.is_empty() {
                // Keys that differ as text but not as values (`~` and `null`).
                diags.error_at(
                    Some(location),
                    None,
                    format!("invalid YAML: duplicate entry with key {key:?}"),
                );
            }
            return;
        }
        YamlError::MoreDocuments { location } => {
            diags
                .error_at(second_document(text).or(Some(location)), None, "the file holds more than one YAML document")
                .help("keep one document per file: remove this `---` and what follows, or merge the documents");
            return;
        }
    };
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
        || message.contains("did not find expected <document start>")
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

#[cfg(test)]
mod tests {
    use openapiv3::{ReferenceOr, SchemaKind};

    use super::strip_position;
    use crate::load::load;
    use crate::load::testing::{doc, errors};

    /// A schema of `Seed: {type: integer}` with OpenAI's `minimum` (beyond `i64`) and
    /// `u64::MAX` as its `maximum`, as YAML and as JSON.
    fn big_bounds() -> [String; 2] {
        let yaml = doc("paths: {}\ncomponents:\n  schemas:\n    Seed:\n      type: integer\n      minimum: -9223372036854776000\n      maximum: 18446744073709551615\n");
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"Seed": {"type": "integer",
            "minimum": -9223372036854776000, "maximum": 18446744073709551615}}}}"#;
        [yaml, json.to_string()]
    }

    /// Both load, alike: the minimum as the nearest `f64` (-2^63), the maximum as a `u64`.
    /// openapiv3 keeps an integer schema with such bounds as an untyped schema of type
    /// `integer` (its `IntegerType` holds `i64` bounds), which lowering reads as an integer.
    #[test]
    fn integers_of_any_size_load_from_yaml_and_json() {
        for text in big_bounds() {
            let mut diags = crate::diag::Diagnostics::default();
            let raw = super::parse(&text, &mut diags).unwrap_or_default();
            let seed = &raw["components"]["schemas"]["Seed"];
            assert!(seed["minimum"].is_f64(), "{seed}");
            assert_eq!(seed["minimum"].as_f64(), Some(-9_223_372_036_854_775_808.0));
            assert_eq!(seed["maximum"].as_u64(), Some(u64::MAX));
            let api = load(&text).map_err(|d| format!("{d:?}")).unwrap().api;
            let schema = api.components.and_then(|c| c.schemas.get("Seed").cloned());
            let Some(ReferenceOr::Item(schema)) = schema else {
                panic!("no schema Seed: {schema:?}");
            };
            let SchemaKind::Any(any) = schema.schema_kind else {
                panic!("{:?}", schema.schema_kind);
            };
            assert_eq!(any.typ.as_deref(), Some("integer"));
            assert_eq!(any.minimum, Some(-9_223_372_036_854_775_808.0));
            assert_eq!(any.maximum, Some(18_446_744_073_709_551_615.0));
        }
    }

    #[test]
    fn integers_of_any_size_generate() {
        let [yaml, _] = big_bounds();
        let path = std::path::Path::new("big.yaml");
        let generated = crate::generate(path, &yaml)
            .map_err(|r| r.to_string())
            .unwrap();
        assert!(
            generated.code.contains("pub type Seed = i64;"),
            "{}",
            generated.code
        );
        assert_eq!(generated.warnings.diagnostics, []);
    }

    #[test]
    fn yaml_merge_keys_are_applied() {
        let yaml = doc("paths: {}\ncomponents:\n  schemas:\n    A: &a\n      type: string\n    B:\n      <<: *a\n      description: b\n");
        let api = load(&yaml).map_err(|d| format!("{d:?}")).unwrap().api;
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
    fn strips_positions() {
        assert_eq!(
            strip_position("x at line 3 column 5, y at line 1 column 1"),
            "x, y at line 1 column 1"
        );
        assert_eq!(strip_position("x at line 3"), "x at line 3");
        assert_eq!(strip_position("no position"), "no position");
    }
}
