//! What a schema, parameter or body says beyond its type, written into its docs: the
//! `default`, the bounds (`minimum`, `maximum`, their exclusive forms, `multipleOf`), the
//! `pattern`, the lengths (`minLength`, `maxLength`, `minItems`, `maxItems`) and the
//! `example`. Plain functions of the spec; the text is Markdown for [`crate::docs`], which
//! makes it valid rustdoc.
//!
//! The format is one line of short sentences after the description, each value a code
//! span of its JSON (`Default: `5`. Minimum: `1`. Example: `"abc"`.`); an example too long
//! for a line is a fenced block of pretty JSON (shown as `text`, never run as a doctest).
//! Nothing here decides a type: a constraint is documented, not enforced.

use openapiv3::{
    Example, MediaType, ParameterData, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind,
    Type,
};
use serde_json::Value;

use super::facts::schema_docs;
use crate::docs::code_span;

/// The longest example, as compact JSON, that stays on the facts line.
const INLINE_EXAMPLE: usize = 60;

/// A field's or a component's docs: [`schema_docs`], then the facts line.
pub(super) fn schema_docs_with_facts(s: &Schema) -> Option<String> {
    let mut facts = Facts::default();
    facts.schema(s);
    facts.example(s.schema_data.example.as_ref());
    facts.append_to(schema_docs(s))
}

/// A parameter's docs: its description, then the facts of its schema, with the
/// parameter's own example (`example`, or the first of `examples`) before the schema's.
pub(super) fn parameter_docs(data: &ParameterData) -> Option<String> {
    let mut facts = Facts::default();
    let schema = match &data.format {
        ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) => Some(s),
        _ => None,
    };
    if let Some(s) = schema {
        facts.schema(s);
    }
    let example = data
        .example
        .as_ref()
        .or_else(|| first_example(&data.examples))
        .or_else(|| schema.and_then(|s| s.schema_data.example.as_ref()));
    facts.example(example);
    facts.append_to(data.description.clone())
}

/// A request body's docs: its description, then its media type's examples (`example`,
/// or each of `examples`, named), as JSON blocks.
pub(super) fn body_docs(description: Option<&str>, media: &MediaType) -> Option<String> {
    with_examples(description, Some(media), "Example body")
}

/// A response's docs: its description, then the examples of the media type its body is
/// read as (`example`, or each of `examples`, named), as JSON blocks.
pub(super) fn response_docs(description: &str, media: Option<&MediaType>) -> Option<String> {
    with_examples(Some(description), media, "Example response body")
}

/// `description`, then `media`'s examples, each a JSON block after `intro`.
fn with_examples(
    description: Option<&str>,
    media: Option<&MediaType>,
    intro: &str,
) -> Option<String> {
    let mut text = description
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(str::to_string);
    let Some(media) = media else {
        return text;
    };
    let mut blocks = Vec::new();
    if let Some(value) = &media.example {
        blocks.push(format!("{intro}:\n\n{}", json_block(value)));
    }
    let mut named: Vec<_> = media.examples.iter().collect();
    named.sort_by(|a, b| a.0.cmp(b.0));
    for (name, example) in named {
        let ReferenceOr::Item(Example {
            summary,
            value: Some(value),
            ..
        }) = example
        else {
            continue;
        };
        let label = match summary.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(summary) => format!("{}, {}", code_span(name), summary.trim_end_matches('.')),
            None => code_span(name),
        };
        blocks.push(format!("{intro} {label}:\n\n{}", json_block(value)));
    }
    for block in blocks {
        text = Some(match text {
            Some(t) => format!("{t}\n\n{block}"),
            None => block,
        });
    }
    text
}

/// Whether a schema written in place says `deprecated: true`.
pub(super) fn is_deprecated(s: &ReferenceOr<impl AsRef<Schema>>) -> bool {
    matches!(s, ReferenceOr::Item(s) if s.as_ref().schema_data.deprecated)
}

/// The first of a parameter's named examples that has a value.
fn first_example(examples: &indexmap::IndexMap<String, ReferenceOr<Example>>) -> Option<&Value> {
    examples.values().find_map(|e| match e {
        ReferenceOr::Item(e) => e.value.as_ref(),
        ReferenceOr::Reference { .. } => None,
    })
}

/// The sentences of the facts line, in a fixed order, and an example too long for it.
#[derive(Default)]
struct Facts {
    sentences: Vec<String>,
    block: Option<String>,
}

impl Facts {
    fn push(&mut self, label: &str, value: impl std::fmt::Display) {
        self.sentences
            .push(format!("{label}: {}.", code_span(&value.to_string())));
    }

    fn bound(&mut self, label: &str, value: Option<impl std::fmt::Display>, exclusive: bool) {
        if let Some(value) = value {
            let value = code_span(&value.to_string());
            let exclusive = if exclusive { " (exclusive)" } else { "" };
            self.sentences.push(format!("{label}: {value}{exclusive}."));
        }
    }

    fn count(&mut self, label: &str, value: Option<usize>) {
        if let Some(value) = value {
            self.push(label, value);
        }
    }

    /// The default and every constraint of `s`.
    fn schema(&mut self, s: &Schema) {
        if let Some(default) = &s.schema_data.default {
            self.push("Default", compact(default));
        }
        match &s.schema_kind {
            SchemaKind::Type(Type::String(t)) => {
                self.pattern(t.pattern.as_deref());
                self.count("Minimum length", t.min_length);
                self.count("Maximum length", t.max_length);
            }
            SchemaKind::Type(Type::Integer(t)) => {
                self.bound("Minimum", t.minimum, t.exclusive_minimum);
                self.bound("Maximum", t.maximum, t.exclusive_maximum);
                self.bound("Multiple of", t.multiple_of, false);
            }
            SchemaKind::Type(Type::Number(t)) => {
                self.bound("Minimum", t.minimum, t.exclusive_minimum);
                self.bound("Maximum", t.maximum, t.exclusive_maximum);
                self.bound("Multiple of", t.multiple_of, false);
            }
            SchemaKind::Type(Type::Array(t)) => {
                self.count("Minimum items", t.min_items);
                self.count("Maximum items", t.max_items);
            }
            SchemaKind::Any(any) => {
                self.pattern(any.pattern.as_deref());
                self.count("Minimum length", any.min_length);
                self.count("Maximum length", any.max_length);
                self.bound(
                    "Minimum",
                    any.minimum,
                    any.exclusive_minimum.unwrap_or(false),
                );
                self.bound(
                    "Maximum",
                    any.maximum,
                    any.exclusive_maximum.unwrap_or(false),
                );
                self.bound("Multiple of", any.multiple_of, false);
                self.count("Minimum items", any.min_items);
                self.count("Maximum items", any.max_items);
            }
            _ => {}
        }
    }

    fn pattern(&mut self, pattern: Option<&str>) {
        if let Some(pattern) = pattern {
            self.push("Pattern", pattern);
        }
    }

    /// The example: on the line when it is short and one line, else a block.
    fn example(&mut self, example: Option<&Value>) {
        let Some(example) = example else { return };
        let text = compact(example);
        if text.chars().count() <= INLINE_EXAMPLE && !text.contains('\n') {
            self.push("Example", text);
        } else {
            self.block = Some(format!("Example:\n\n{}", json_block(example)));
        }
    }

    /// `docs`, then the facts line and the example block, each a paragraph.
    fn append_to(self, docs: Option<String>) -> Option<String> {
        let line = (!self.sentences.is_empty()).then(|| self.sentences.join(" "));
        [docs, line, self.block]
            .into_iter()
            .flatten()
            .reduce(|a, b| format!("{}\n\n{b}", a.trim_end()))
    }
}

/// A value as compact JSON, keys sorted.
fn compact(value: &Value) -> String {
    sorted(value).to_string()
}

/// A value as a fenced block of pretty JSON, keys sorted.
fn json_block(value: &Value) -> String {
    let value = sorted(value);
    let pretty = serde_json::to_string_pretty(&value).unwrap_or_else(|_| value.to_string());
    format!("```json\n{pretty}\n```")
}

/// `value` with the keys of every object in sorted order, so that the order of the
/// spec's maps never reaches the output.
pub(super) fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(
                keys.into_iter()
                    .filter_map(|k| Some((k.clone(), sorted(map.get(k)?))))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> Schema {
        serde_yaml::from_str(yaml).unwrap()
    }

    #[test]
    fn facts_follow_the_description_in_one_line() {
        let s = schema(
            "type: integer\ndescription: How many.\ndefault: 5\nminimum: 1\nmaximum: 100\nexclusiveMaximum: true\nexample: 20\n",
        );
        assert_eq!(
            schema_docs_with_facts(&s).unwrap(),
            "How many.\n\nDefault: `5`. Minimum: `1`. Maximum: `100` (exclusive). Example: `20`."
        );
    }

    #[test]
    fn strings_show_as_json_and_long_examples_as_blocks() {
        let s = schema("type: string\npattern: '^a`b$'\nminLength: 1\nexample: abc\n");
        assert_eq!(
            schema_docs_with_facts(&s).unwrap(),
            "Pattern: `` ^a`b$ ``. Minimum length: `1`. Example: `\"abc\"`."
        );
        let s = schema("type: object\nexample: {a: 'a long value that does not fit on one line', b: [1, 2, 3]}\n");
        let docs = schema_docs_with_facts(&s).unwrap();
        assert!(
            docs.starts_with("Example:\n\n```json\n{\n  \"a\""),
            "{docs}"
        );
        assert!(docs.ends_with("\n```"), "{docs}");
    }

    #[test]
    fn a_schema_without_facts_keeps_its_docs() {
        assert_eq!(schema_docs_with_facts(&schema("type: string\n")), None);
        assert_eq!(
            schema_docs_with_facts(&schema("type: string\ndescription: A name.\n")).as_deref(),
            Some("A name.")
        );
    }
}
