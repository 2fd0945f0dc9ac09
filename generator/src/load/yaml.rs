//! YAML text -> a generic `serde_json::Value`, built from yaml-rust2's parser events.
//!
//! The value is what serde_yaml (which this replaced) made of the same text: plain scalars
//! resolved by YAML 1.2's core schema (`~`, `true`, `0x1F`, `1e3`; `01` stays a string),
//! `!!bool`, `!!int`, `!!float` and `!!null` checked, every other tag dropped, aliases
//! copied, merge keys (`<<`) applied, other keys written as JSON text (`200:` -> `"200"`),
//! and numbers JSON cannot hold (`.nan`, `.inf`) made null. Integers beyond 64 bits become
//! the nearest `f64`, as serde_json makes them of JSON. A repeated key, a second document,
//! more than [`MAX_NESTING`] nested collections, and alias copies out of proportion to the
//! text are errors; syntax errors are worded by `yaml_syntax`.
//!
//! It only reads text: it must never judge what the value means as OpenAPI, and never
//! panic on any text.

use std::collections::HashMap;

use serde_json::map::Entry;
use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::yaml_scalar::scalar;
use super::yaml_syntax::{libyaml_words, location, node_start, Open};
use crate::diag::source_map::{is_tab_after_colon, spaced_tabs, tabs_after_colons};
use crate::diag::Location;

/// Why YAML text could not be read.
#[derive(Debug)]
pub(super) enum YamlError {
    /// A syntax error (or an impossible tagged value), in libyaml's words.
    Syntax {
        location: Option<Location>,
        message: String,
    },
    /// A key that repeats an earlier key of its mapping, as serde_yaml named it.
    DuplicateKey { location: Location, key: String },
    /// The start of a second document.
    MoreDocuments { location: Location },
    /// A merge key (`<<`) whose value is not a mapping or a list of mappings.
    Merge {
        location: Location,
        message: &'static str,
    },
}

/// Collections may nest this deep, aliases included (serde_yaml's limit, and serde_json's).
const MAX_NESTING: usize = 128;

/// Aliases may copy at most this many nodes per event read so far (serde_yaml allowed a
/// hundred alias expansions per event): a few aliases that each double the document
/// ("billion laughs") stop early.
const COPIES_PER_EVENT: usize = 100;

/// Parses YAML text into a generic value.
pub(super) fn parse(text: &str) -> Result<Value, YamlError> {
    let error = match Builder::run(text, false) {
        Ok((value, _)) => return Ok(value),
        Err(error) => error,
    };
    if !error.tab_after_colon {
        return Err(error.error);
    }
    // yaml-rust2 refuses a tab between a mapping's `:` and a value that starts with a
    // letter or digit (`type:\tstring`), which YAML allows and serde_yaml read. Read the
    // text with those tabs as spaces (every position stays), then put back the tabs no
    // scalar starts after: they were inside quotes, a block scalar or a comment.
    let runs = tabs_after_colons(text);
    let spaced = spaced_tabs(text, &runs);
    let (value, mut starts) = Builder::run(&spaced, true).map_err(|e| e.error)?;
    starts.sort_unstable();
    let ends = positions(text, runs.iter().map(|run| run.end));
    let content: Vec<_> = runs
        .iter()
        .zip(ends)
        .filter(|(_, end)| starts.binary_search(end).is_err())
        .map(|(run, _)| run.clone())
        .collect();
    if content.is_empty() {
        return Ok(value);
    }
    let mut restored = spaced.into_bytes();
    for run in content {
        if let Some(bytes) = restored.get_mut(run) {
            bytes.fill(b'\t');
        }
    }
    let restored = String::from_utf8(restored).unwrap_or_else(|_| text.to_string());
    Builder::run(&restored, false)
        .map(|(value, _)| value)
        .map_err(|e| e.error)
}

/// The lines and columns (as yaml-rust2's markers count them: from 1 and from 0) of
/// ascending byte offsets.
fn positions(text: &str, offsets: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let (mut line, mut line_start) = (1, 0);
    let mut from = 0;
    for offset in offsets {
        let passed = text.get(from..offset).unwrap_or("");
        if let Some(last) = passed.rfind('\n') {
            line += passed.matches('\n').count();
            line_start = from + last + 1;
        }
        from = offset;
        let column = text
            .get(line_start..offset)
            .map_or(0, |s| s.chars().count());
        found.push((line, column));
    }
    found
}

/// A failed run: the error, and whether it is the tab after a `:` that yaml-rust2 refuses.
struct Stop {
    error: YamlError,
    tab_after_colon: bool,
}

impl From<YamlError> for Stop {
    fn from(error: YamlError) -> Self {
        Stop {
            error,
            tab_after_colon: false,
        }
    }
}

struct Builder<'t> {
    text: &'t str,
    /// The collections being read, innermost last.
    stack: Vec<Frame>,
    /// Each anchor's value, with its size, for aliases.
    anchors: HashMap<usize, Anchored>,
    root: Option<Value>,
    documents: usize,
    events: usize,
    /// Nodes copied by aliases so far.
    copied: usize,
    /// Where each scalar starts (line and column), when asked for.
    scalar_starts: Option<Vec<(usize, usize)>>,
    /// Where the block scalar is that may have run into the end of the text, as long as
    /// no node follows it.
    last_block: Option<Vec<Step>>,
}

/// One step from a collection to a node in it.
enum Step {
    Key(String),
    Index(usize),
}

struct Frame {
    node: Node,
    anchor: usize,
    /// Where the collection starts; for a block mapping, its first key (yaml-rust2 marks
    /// a block mapping after it).
    start: Marker,
}

enum Node {
    Sequence(Vec<Value>),
    Mapping {
        map: Map<String, Value>,
        /// A key read, waiting for its value.
        key: Option<(String, Marker)>,
        /// The value of the merge key, applied when the mapping ends.
        merge: Option<(Value, Marker)>,
        entries: usize,
    },
}

struct Anchored {
    value: Value,
    nodes: usize,
    /// Nested collections, 0 for a scalar.
    height: usize,
}

impl<'t> Builder<'t> {
    /// Reads the first document of `text`; also returns where scalars start, if asked.
    fn run(text: &'t str, scalar_starts: bool) -> Result<(Value, Vec<(usize, usize)>), Stop> {
        let mut builder = Builder {
            text,
            stack: Vec::new(),
            anchors: HashMap::new(),
            root: None,
            documents: 0,
            events: 0,
            copied: 0,
            scalar_starts: scalar_starts.then(Vec::new),
            last_block: None,
        };
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                Err(error) => {
                    let (location, message) = libyaml_words(&error, text, builder.open());
                    return Err(Stop {
                        error: YamlError::Syntax { location, message },
                        tab_after_colon: is_tab_after_colon(&error),
                    });
                }
            };
            builder.events += 1;
            if matches!(
                event,
                Event::Scalar(..)
                    | Event::Alias(_)
                    | Event::SequenceStart(..)
                    | Event::MappingStart(..)
            ) {
                builder.last_block = None;
            }
            match event {
                Event::StreamEnd => break,
                Event::Nothing | Event::StreamStart => {}
                Event::DocumentStart => {
                    if builder.documents > 0 {
                        return Err(YamlError::MoreDocuments {
                            location: location(mark),
                        }
                        .into());
                    }
                }
                Event::DocumentEnd => builder.documents += 1,
                Event::Scalar(value, style, anchor, tag) => {
                    if let Some(starts) = &mut builder.scalar_starts {
                        // Not the empty scalar of a missing value, placed at what follows.
                        if !(value.is_empty() && style == TScalarStyle::Plain) {
                            starts.push((mark.line(), mark.col()));
                        }
                    }
                    if matches!(style, TScalarStyle::Literal | TScalarStyle::Folded)
                        && runs_to_the_end(text, &value)
                    {
                        builder.last_block = builder.steps();
                    }
                    let value = match scalar(value, style, tag.as_ref()) {
                        Ok(value) => value,
                        Err(message) => return Err(builder.tag_error(mark, &message).into()),
                    };
                    builder.complete(value, anchor, mark)?;
                }
                Event::Alias(id) => {
                    let value = builder.alias(id, mark)?;
                    builder.complete(value, 0, mark)?;
                }
                Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                    let node = if matches!(event, Event::SequenceStart(..)) {
                        Node::Sequence(Vec::new())
                    } else {
                        Node::Mapping {
                            map: Map::new(),
                            key: None,
                            merge: None,
                            entries: 0,
                        }
                    };
                    if builder.stack.len() >= MAX_NESTING {
                        // libyaml places a block mapping at its first key.
                        let first = match parser.peek() {
                            Ok((_, next)) if next.index() < mark.index() => *next,
                            _ => mark,
                        };
                        return Err(YamlError::Syntax {
                            location: Some(node_start(text, first)),
                            message: "recursion limit exceeded".to_string(),
                        }
                        .into());
                    }
                    builder.stack.push(Frame {
                        node,
                        anchor,
                        start: mark,
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = builder.stack.pop() else {
                        continue;
                    };
                    let value = match frame.node {
                        Node::Sequence(items) => Value::Array(items),
                        Node::Mapping { mut map, merge, .. } => {
                            if let Some((merge, at)) = merge {
                                apply_merge(&mut map, merge, at)?;
                            }
                            Value::Object(map)
                        }
                    };
                    builder.complete(value, frame.anchor, frame.start)?;
                }
            }
        }
        let starts = builder.scalar_starts.take().unwrap_or_default();
        let mut root = builder.root.unwrap_or(Value::Null);
        if let Some(steps) = builder.last_block {
            // yaml-rust2 ends a block scalar that runs into the end of the text with a line
            // break the text does not have; libyaml did not.
            if let Some(Value::String(s)) = follow(&mut root, &steps) {
                if s.ends_with('\n') {
                    s.pop();
                }
            }
        }
        Ok((root, starts))
    }

    /// The steps from the document to the node being read, if it is not a key.
    fn steps(&self) -> Option<Vec<Step>> {
        self.stack
            .iter()
            .map(|frame| match &frame.node {
                Node::Sequence(items) => Some(Step::Index(items.len())),
                Node::Mapping { key, .. } => key.as_ref().map(|(k, _)| Step::Key(k.clone())),
            })
            .collect()
    }

    /// The innermost open collection, for the words of a syntax error.
    fn open(&self) -> Option<Open> {
        self.stack.last().map(|frame| Open {
            mapping: matches!(frame.node, Node::Mapping { .. }),
            start: frame.start,
        })
    }

    /// Places a finished node: the document, an item, a key or a key's value.
    fn complete(&mut self, value: Value, anchor: usize, mark: Marker) -> Result<(), YamlError> {
        if anchor > 0 {
            let (nodes, height) = size(&value);
            let anchored = Anchored {
                value: value.clone(),
                nodes,
                height,
            };
            self.anchors.insert(anchor, anchored);
        }
        let Some(frame) = self.stack.last_mut() else {
            self.root = Some(value);
            return Ok(());
        };
        let Node::Mapping {
            map,
            key,
            merge,
            entries,
        } = &mut frame.node
        else {
            if let Node::Sequence(items) = &mut frame.node {
                items.push(value);
            }
            return Ok(());
        };
        let Some((name, at)) = key.take() else {
            if *entries == 0 && mark.index() < frame.start.index() {
                frame.start = mark;
            }
            *key = Some((key_text(value), mark));
            return Ok(());
        };
        *entries += 1;
        if name == "<<" {
            if merge.is_some() {
                return Err(YamlError::DuplicateKey {
                    location: location(at),
                    key: name,
                });
            }
            *merge = Some((value, at));
            return Ok(());
        }
        match map.entry(name) {
            Entry::Vacant(entry) => {
                entry.insert(value);
                Ok(())
            }
            Entry::Occupied(entry) => Err(YamlError::DuplicateKey {
                location: location(at),
                key: entry.key().clone(),
            }),
        }
    }

    /// A copy of the anchored value, within the nesting and copying limits.
    fn alias(&mut self, id: usize, mark: Marker) -> Result<Value, YamlError> {
        let limit = |location| YamlError::Syntax {
            location: Some(location),
            message: "recursion limit exceeded".to_string(),
        };
        if let Some(open) = self.stack.iter().find(|frame| frame.anchor == id) {
            // An alias inside its own anchor's node would copy it forever.
            return Err(limit(node_start(self.text, open.start)));
        }
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(YamlError::Syntax {
                location: Some(location(mark)),
                message: "unknown anchor".to_string(),
            });
        };
        if self.stack.len() + anchored.height > MAX_NESTING {
            return Err(limit(location(mark)));
        }
        self.copied += anchored.nodes;
        if self.copied > COPIES_PER_EVENT.saturating_mul(self.events) {
            return Err(YamlError::Syntax {
                location: Some(location(mark)),
                message: "repetition limit exceeded".to_string(),
            });
        }
        Ok(anchored.value.clone())
    }

    /// A tagged scalar that cannot be what its tag says, as serde_yaml worded it: after
    /// the path of the value (`a.b[0]`), when it is not the root.
    fn tag_error(&self, mark: Marker, message: &str) -> YamlError {
        let mut path = String::new();
        for frame in &self.stack {
            match &frame.node {
                Node::Sequence(items) => {
                    if path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&format!("[{}]", items.len()));
                }
                Node::Mapping {
                    key: Some((key, _)),
                    ..
                } => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key);
                }
                Node::Mapping { key: None, .. } => {}
            }
        }
        let message = if path.is_empty() {
            message.to_string()
        } else {
            format!("{path}: {message}")
        };
        YamlError::Syntax {
            location: Some(node_start(self.text, mark)),
            message,
        }
    }
}

/// Whether a block scalar's value may end at the end of the text: the text has no line
/// break at its end, and its last line is the value's last.
fn runs_to_the_end(text: &str, value: &str) -> bool {
    if text.ends_with(['\n', '\r']) {
        return false;
    }
    let last = text
        .rsplit('\n')
        .next()
        .unwrap_or("")
        .trim_start_matches([' ', '\t']);
    !last.is_empty()
        && value
            .strip_suffix('\n')
            .is_some_and(|value| value.ends_with(last))
}

/// The node at `steps` from `root`.
fn follow<'v>(root: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps
        .iter()
        .try_fold(root, |node, step| match (node, step) {
            (Value::Object(map), Step::Key(key)) => map.get_mut(key),
            (Value::Array(items), Step::Index(i)) => items.get_mut(*i),
            _ => None,
        })
}

/// Merges the value of a `<<` key into its mapping: the keys the mapping lacks, from a
/// mapping or from each mapping of a list in turn.
fn apply_merge(map: &mut Map<String, Value>, merge: Value, at: Marker) -> Result<(), YamlError> {
    let error = |message| YamlError::Merge {
        location: location(at),
        message,
    };
    let sources = match merge {
        Value::Object(source) => vec![source],
        Value::Array(items) => {
            let mut sources = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Value::Object(source) => sources.push(source),
                    Value::Array(_) => {
                        return Err(error("expected a mapping for merging, but found sequence"))
                    }
                    _ => return Err(error("expected a mapping for merging, but found scalar")),
                }
            }
            sources
        }
        _ => {
            return Err(error(
                "expected a mapping or list of mappings for merging, but found scalar",
            ))
        }
    };
    for source in sources {
        for (key, value) in source {
            map.entry(key).or_insert(value);
        }
    }
    Ok(())
}

/// The nodes of a value and how many collections nest in it.
fn size(value: &Value) -> (usize, usize) {
    let mut nodes = 0;
    let mut height = 0;
    let mut stack = vec![(value, 0)];
    while let Some((value, depth)) = stack.pop() {
        nodes += 1;
        match value {
            Value::Array(items) => {
                height = height.max(depth + 1);
                stack.extend(items.iter().map(|v| (v, depth + 1)));
            }
            Value::Object(map) => {
                height = height.max(depth + 1);
                stack.extend(map.values().map(|v| (v, depth + 1)));
            }
            _ => {}
        }
    }
    (nodes, height)
}

/// A key as JSON text holds it: strings as they are, `~` as `null`, anything else as its
/// JSON (`200`, `true`, `[1,2]`).
fn key_text(key: Value) -> String {
    match key {
        Value::String(s) => s,
        Value::Null => "null".to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{parse, YamlError};

    fn value(text: &str) -> serde_json::Value {
        parse(text).unwrap_or_else(|e| panic!("{text:?}: {e:?}"))
    }

    /// An error as `line:column message`.
    fn error(text: &str) -> String {
        let (location, message) = match parse(text) {
            Ok(value) => panic!("{text:?} parsed: {value}"),
            Err(YamlError::Syntax { location, message }) => (location, message),
            Err(YamlError::DuplicateKey { location, key }) => {
                (Some(location), format!("duplicate key {key}"))
            }
            Err(YamlError::MoreDocuments { location }) => {
                (Some(location), "more documents".to_string())
            }
            Err(YamlError::Merge { location, message }) => (Some(location), message.to_string()),
        };
        let at = location.map_or(String::new(), |l| format!("{}:{} ", l.line, l.column));
        format!("{at}{message}")
    }

    #[test]
    fn plain_scalars_resolve_as_serde_yaml_did() {
        let text = "\
nulls: [~, null, Null, NULL, '']
bools: [true, True, FALSE, yes, on]
ints: [0, -1, +5, 0x1F, 0o17, 0b11, -0x10]
floats: [1.5, 1e3, -.5, .inf, -.Inf, .nan]
strings: [01, -007, 1_000, 0x, 1.2.3, inf, nan, 'true', \"5\"]
";
        assert_eq!(
            value(text),
            json!({
                "nulls": [null, null, null, null, ""],
                "bools": [true, true, false, "yes", "on"],
                "ints": [0, -1, 5, 31, 15, 3, -16],
                "floats": [1.5, 1000.0, -0.5, null, null, null],
                "strings": ["01", "-007", "1_000", "0x", "1.2.3", "inf", "nan", "true", "5"],
            })
        );
    }

    #[test]
    fn tags_are_checked_or_dropped() {
        let text = "\
a: !!str 5
b: !!int \"7\"
c: !!float 1
d: !!bool True
e: !!null ~
f: !thing 5
g: !thing \"5\"
h: !<tag:yaml.org,2002:int> '9'
i: ! 5
j: !!map {k: 1}
";
        assert_eq!(
            value(text),
            json!({"a": "5", "b": 7, "c": 1.0, "d": true, "e": null, "f": 5, "g": "5",
                   "h": 9, "i": 5, "j": {"k": 1}})
        );
        assert_eq!(
            value("%TAG !e! tag:example.com,2000:\n---\na: !e!thing 5\n"),
            json!({"a": "5"})
        );
        assert_eq!(
            error("a: !!int x\n"),
            "1:4 a: invalid value: string \"x\", expected an integer"
        );
        assert_eq!(
            error("- [a, {b: !!float x}]\n"),
            "1:11 .[0][1].b: invalid value: string \"x\", expected a float"
        );
        assert_eq!(
            error("x:\n  y: !!null ''\n"),
            "2:6 x.y: invalid value: string \"\", expected null"
        );
    }

    /// Integers beyond 64 bits become the nearest `f64`, as serde_json reads them in JSON
    /// (serde_yaml refused those between 64 and 128 bits).
    #[test]
    fn integers_of_any_size() {
        let found = value(
            "a: -9223372036854776000\nb: 18446744073709551615\nc: 18446744073709551616\n\
             d: -9223372036854775809\ne: 0x1FFFFFFFFFFFFFFFF\nf: 1234567890123456789012345678901234567890\n\
             g: !!int 18446744073709551616\n",
        );
        assert_eq!(found["a"].as_f64(), Some(-9_223_372_036_854_775_808.0));
        assert!(found["a"].is_f64());
        assert_eq!(found["b"].as_u64(), Some(u64::MAX));
        assert_eq!(found["c"].as_f64(), Some(18_446_744_073_709_551_616.0));
        assert_eq!(found["d"].as_f64(), Some(-9_223_372_036_854_775_808.0));
        assert_eq!(found["e"].as_f64(), Some(36_893_488_147_419_103_232.0));
        assert_eq!(found["f"].as_f64(), Some(1.234_567_890_123_456_8e39));
        assert_eq!(found["g"].as_f64(), Some(18_446_744_073_709_551_616.0));
        // As serde_json reads the same numbers of JSON.
        let json: serde_json::Value =
            serde_json::from_str(r#"{"a": -9223372036854776000, "b": 18446744073709551615}"#)
                .unwrap_or_default();
        assert_eq!(json["a"], found["a"]);
        assert_eq!(json["b"], found["b"]);
    }

    #[test]
    fn keys_become_strings() {
        let text = "200: a\ntrue: b\n1.5: c\n~: d\n[1, 2]: e\n{x: 1}: f\n'3': g\n";
        let found = value(text);
        let keys: Vec<&str> = found
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            ["200", "true", "1.5", "null", "[1,2]", "{\"x\":1}", "3"]
        );
    }

    #[test]
    fn anchors_aliases_and_merge_keys() {
        let text = "\
base: &base {a: 1, b: 2}
more: &more {c: 3, a: 9}
one: {<<: *base, b: 20}
list: {<<: [*base, *more], d: 4}
nested: &nested {<<: *base, e: 5}
twice: {<<: *nested}
quoted: {'<<': *base}
alias: [*base, *base]
";
        assert_eq!(
            value(text),
            json!({
                "base": {"a": 1, "b": 2},
                "more": {"c": 3, "a": 9},
                "one": {"b": 20, "a": 1},
                "list": {"d": 4, "a": 1, "b": 2, "c": 3},
                "nested": {"e": 5, "a": 1, "b": 2},
                "twice": {"e": 5, "a": 1, "b": 2},
                "quoted": {"a": 1, "b": 2},
                "alias": [{"a": 1, "b": 2}, {"a": 1, "b": 2}],
            })
        );
        assert_eq!(
            error("a:\n  <<: 3\n"),
            "2:3 expected a mapping or list of mappings for merging, but found scalar"
        );
        assert_eq!(
            error("a: {<<: [{x: 1}, 2]}\n"),
            "1:5 expected a mapping for merging, but found scalar"
        );
        assert_eq!(
            error("a: {<<: [[]]}\n"),
            "1:5 expected a mapping for merging, but found sequence"
        );
    }

    #[test]
    fn repeated_keys_and_documents() {
        assert_eq!(error("a: 1\nb: 2\na: 3\n"), "3:1 duplicate key a");
        assert_eq!(error("x:\n  200: a\n  '200': b\n"), "3:3 duplicate key 200");
        assert_eq!(error("a: {<<: {}, <<: {}}\n"), "1:13 duplicate key <<");
        assert_eq!(error("a: 1\n---\nb: 2\n"), "2:1 more documents");
        assert_eq!(error("a: 1\n...\n--- b\n"), "3:1 more documents");
        assert_eq!(value("--- # one\na: 1\n...\n"), json!({"a": 1}));
        assert_eq!(value("# nothing\n"), json!(null));
    }

    #[test]
    fn nesting_and_copying_are_bounded() {
        let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(parse(&deep(128)).is_ok());
        assert_eq!(error(&deep(129)), "1:129 recursion limit exceeded");
        let deep_alias = format!(
            "a: &a {}\nb: {}*a{}\n",
            deep(100),
            "[".repeat(28),
            "]".repeat(28)
        );
        assert_eq!(error(&deep_alias), "2:32 recursion limit exceeded");
        assert_eq!(error("a: &x [*x]\n"), "1:4 recursion limit exceeded");
        let mut laughs = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["bcdefghi".chars().zip("abcdefgh".chars())]
            .into_iter()
            .flatten()
        {
            let items = vec![format!("*{previous}"); 10].join(", ");
            laughs.push_str(&format!("{name}: &{name} [{items}]\n"));
        }
        assert!(
            error(&laughs).ends_with("repetition limit exceeded"),
            "{}",
            error(&laughs)
        );
    }

    /// yaml-rust2 refuses `key:\tvalue`; YAML allows it, and a tab after a `:` inside a
    /// string stays a tab.
    #[test]
    fn tabs_after_colons() {
        let text = "type:\tstring\nb:\t\t5\nc: \"x:\ty\"\nd: |\n  k:\tv\ne: [a:\tb]\n";
        assert_eq!(
            value(text),
            json!({"type": "string", "b": 5, "c": "x:\ty", "d": "k:\tv\n", "e": [{"a": "b"}]})
        );
    }

    /// A block scalar that runs into the end of a text without a final line break has no
    /// final line break either (yaml-rust2 adds one; libyaml did not).
    #[test]
    fn block_scalar_at_the_end_of_the_text() {
        assert_eq!(value("a: |\n  x\n  y"), json!({"a": "x\ny"}));
        assert_eq!(value("a: >\n  x\n  y"), json!({"a": "x y"}));
        assert_eq!(value("a: |\n  x\n  y\n"), json!({"a": "x\ny\n"}));
        assert_eq!(value("a: |\n  x\n# y"), json!({"a": "x\n"}));
        assert_eq!(value("- |\n  x\n- |\n  x"), json!(["x\n", "x"]));
    }
}
