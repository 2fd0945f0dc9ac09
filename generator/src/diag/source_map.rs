//! A position index of YAML or JSON source text: document path -> line and column.
//!
//! Built only when something is reported: by
//! [`Diagnostics::into_report`](super::Diagnostics::into_report) for a YAML document, and by
//! the loader to place duplicate keys. So it favours simplicity over speed. It reads the
//! text with yaml-rust2's event parser, which also reads JSON (JSON is YAML flow syntax),
//! and keeps a tree of keys: one node per mapping entry or sequence item, with the position
//! where that entry's key starts (or, for sequence items and the root, where the value
//! starts).
//!
//! yaml-rust2 refuses a tab right after a mapping's `:` (`type:\tstring`), which YAML
//! allows; `tabs_after_colons` finds those tabs, and both this index and the loader read
//! them as spaces, which moves no position.
//!
//! It knows nothing of diagnostics. It must never panic and never fail: on a syntax error
//! it keeps what it read before.

use std::ops::Range;

use super::path::{DocPath, Location};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

/// Maps document paths to positions in the source text.
#[derive(Debug, Default)]
pub struct SourceMap {
    /// The tree of nodes; the root, when the text has one, is `nodes[0]`.
    nodes: Vec<Node>,
}

#[derive(Debug)]
struct Node {
    location: Location,
    /// Child keys (array indices as decimal strings) and their node indices, in source
    /// order. Looked up linearly: lookups happen once per reported diagnostic.
    children: Vec<(String, usize)>,
}

/// What the parser is inside of.
enum Frame {
    /// `start` is the byte index of the mapping's start marker until its first key is
    /// read: yaml-rust2 marks a block mapping after its first key, so the first key's
    /// position, when earlier, replaces it.
    Mapping {
        node: usize,
        key: Key,
        start: Option<usize>,
    },
    Sequence {
        node: usize,
        next: usize,
    },
    /// A subtree nobody can address (a complex key, or the value under one); `depth`
    /// counts the open collections inside it.
    Skip {
        depth: usize,
    },
}

/// Where a mapping is between a key and its value.
enum Key {
    /// The next node is a key.
    Expected,
    /// A scalar key was read; the next node is its value.
    Scalar(String, Location),
    /// A collection or alias was used as a key; its value cannot be addressed.
    Complex,
}

impl SourceMap {
    /// Indexes `text` (YAML or JSON). Never fails: on a syntax error it indexes what it
    /// could read.
    pub fn new(text: &str) -> Self {
        match Self::index(text) {
            Ok(map) => map,
            // Positions stay when those tabs become spaces.
            Err(map) => Self::index(&spaced_tabs(text, &tabs_after_colons(text))).unwrap_or(map),
        }
    }

    /// Indexes `text`; on yaml-rust2's error for a tab after a `:`, what it read before
    /// as the error.
    fn index(text: &str) -> Result<Self, Self> {
        let mut builder = Builder {
            map: SourceMap::default(),
            stack: Vec::new(),
            done: false,
        };
        let mut parser = Parser::new_from_str(text);
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd, _)) => break,
                Err(error) if is_tab_after_colon(&error) => return Err(builder.map),
                Err(_) => break,
                Ok((event, mark)) => builder.on_event(event, mark),
            }
            if builder.done {
                break;
            }
        }
        Ok(builder.map)
    }

    /// The position of the node at `path`, or of its deepest ancestor that exists.
    pub fn locate(&self, path: &DocPath) -> Option<Location> {
        let mut node = self.nodes.first()?;
        for segment in path.segments() {
            let child = node
                .children
                .iter()
                .find(|(key, _)| key == segment)
                .and_then(|(_, index)| self.nodes.get(*index));
            match child {
                Some(child) => node = child,
                None => break,
            }
        }
        Some(node.location)
    }

    /// Every key that repeats an earlier key of the same mapping: its path and position.
    /// (`locate` on the same path finds the first occurrence.)
    pub fn duplicate_keys(&self) -> Vec<(DocPath, Location)> {
        let mut found = Vec::new();
        if self.nodes.is_empty() {
            return found;
        }
        // Depth-first, with the path of each node on the stack.
        let mut stack: Vec<(usize, Vec<String>)> = vec![(0, Vec::new())];
        while let Some((index, path)) = stack.pop() {
            let Some(node) = self.nodes.get(index) else {
                continue;
            };
            let mut seen = std::collections::HashSet::new();
            for (key, child) in &node.children {
                let mut child_path = path.clone();
                child_path.push(key.clone());
                if !seen.insert(key.as_str()) {
                    if let Some(duplicate) = self.nodes.get(*child) {
                        found.push((DocPath::from_segments(child_path), duplicate.location));
                    }
                    continue;
                }
                stack.push((*child, child_path));
            }
        }
        found.sort_by_key(|(_, location)| *location);
        found
    }
}

/// Whether the error is yaml-rust2's for a tab between a mapping's `:` and a value that
/// starts with a letter, digit, `-` or `_` (`type:\tstring`): YAML allows it.
pub(crate) fn is_tab_after_colon(error: &ScanError) -> bool {
    error.info() == "':' must be followed by a valid YAML whitespace"
}

/// The runs of tabs that yaml-rust2 refuses after a `:` (see [`is_tab_after_colon`]), as byte
/// ranges in ascending order. Some may lie inside quotes, block scalars or comments, where
/// they are content; as spaces (see [`spaced_tabs`]) they move no position.
pub(crate) fn tabs_after_colons(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find(":\t")) {
        let start = from + found + 1;
        let mut end = start;
        while bytes.get(end) == Some(&b'\t') {
            end += 1;
        }
        if matches!(
            bytes.get(end),
            Some(b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' | b'_' | b'-')
        ) {
            runs.push(start..end);
        }
        from = end;
    }
    runs
}

/// `text` with the tabs of `runs` replaced by spaces.
pub(crate) fn spaced_tabs(text: &str, runs: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for run in runs {
        if let Some(tabs) = bytes.get_mut(run.clone()) {
            tabs.fill(b' ');
        }
    }
    // Only ASCII tabs became ASCII spaces.
    String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())
}

struct Builder {
    map: SourceMap,
    stack: Vec<Frame>,
    /// Set once the first document is complete; later documents are not indexed.
    done: bool,
}

impl Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, ..) => self.on_node(mark, NodeKind::Scalar(value)),
            Event::Alias(_) => self.on_node(mark, NodeKind::Alias),
            Event::MappingStart(..) => self.on_node(mark, NodeKind::Mapping),
            Event::SequenceStart(..) => self.on_node(mark, NodeKind::Sequence),
            Event::MappingEnd | Event::SequenceEnd => self.on_end(),
            Event::DocumentEnd => {
                if !self.map.nodes.is_empty() {
                    self.done = true;
                }
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart => {}
        }
    }

    fn on_node(&mut self, mark: Marker, kind: NodeKind) {
        let location = location(mark);
        let is_collection = matches!(kind, NodeKind::Mapping | NodeKind::Sequence);
        // Whether the node is placed at its own start (the root, a sequence item) rather
        // than at its key.
        let mut is_value = true;
        // Find where the new node goes: `Some((parent, key, location))` to index it,
        // `None` to skip its subtree.
        let target = match self.stack.last_mut() {
            None => {
                if self.map.nodes.is_empty() {
                    Some((None, String::new(), location))
                } else {
                    None
                }
            }
            Some(Frame::Skip { depth }) => {
                if is_collection {
                    *depth += 1;
                }
                return;
            }
            Some(Frame::Sequence { node, next }) => {
                let key = next.to_string();
                *next += 1;
                Some((Some(*node), key, location))
            }
            Some(Frame::Mapping { node, key, start }) => {
                match std::mem::replace(key, Key::Expected) {
                    Key::Expected => {
                        if let Some(start) = start.take() {
                            if mark.index() < start {
                                if let Some(node) = self.map.nodes.get_mut(*node) {
                                    node.location = location;
                                }
                            }
                        }
                        match kind {
                            NodeKind::Scalar(value) => *key = Key::Scalar(value, location),
                            NodeKind::Alias => *key = Key::Complex,
                            NodeKind::Mapping | NodeKind::Sequence => {
                                *key = Key::Complex;
                                self.stack.push(Frame::Skip { depth: 1 });
                            }
                        }
                        return;
                    }
                    Key::Scalar(name, key_location) => {
                        is_value = false;
                        Some((Some(*node), name, key_location))
                    }
                    Key::Complex => None,
                }
            }
        };
        let Some((parent, key, location)) = target else {
            if is_collection {
                self.stack.push(Frame::Skip { depth: 1 });
            }
            return;
        };
        let index = self.map.nodes.len();
        self.map.nodes.push(Node {
            location,
            children: Vec::new(),
        });
        if let Some(parent) = parent.and_then(|p| self.map.nodes.get_mut(p)) {
            parent.children.push((key, index));
        }
        match kind {
            NodeKind::Mapping => self.stack.push(Frame::Mapping {
                node: index,
                key: Key::Expected,
                // A mapping under a key is already placed at its key.
                start: is_value.then(|| mark.index()),
            }),
            NodeKind::Sequence => self.stack.push(Frame::Sequence {
                node: index,
                next: 0,
            }),
            NodeKind::Scalar(_) | NodeKind::Alias => {}
        }
    }

    fn on_end(&mut self) {
        if let Some(Frame::Skip { depth }) = self.stack.last_mut() {
            if *depth > 1 {
                *depth -= 1;
                return;
            }
        }
        self.stack.pop();
    }
}

enum NodeKind {
    Scalar(String),
    Alias,
    Mapping,
    Sequence,
}

/// yaml-rust2 markers have a 1-based line and a 0-based column.
fn location(mark: Marker) -> Location {
    Location {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(map: &SourceMap, path: &[&str]) -> Option<(usize, usize)> {
        map.locate(&DocPath::from_segments(path.iter().copied()))
            .map(|l| (l.line, l.column))
    }

    #[test]
    fn yaml_nested_maps_and_arrays() {
        let text = "\
openapi: 3.0.3
paths:
  /v3/connectors/{provider}/creds:
    post:
      parameters:
        - name: provider
          in: path
        - $ref: '#/components/parameters/x'
  a.b:
    c: [1, {d: 2}]
";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &[]), Some((1, 1)));
        assert_eq!(at(&map, &["openapi"]), Some((1, 1)));
        assert_eq!(at(&map, &["paths"]), Some((2, 1)));
        assert_eq!(
            at(&map, &["paths", "/v3/connectors/{provider}/creds"]),
            Some((3, 3))
        );
        let params = [
            "paths",
            "/v3/connectors/{provider}/creds",
            "post",
            "parameters",
        ];
        assert_eq!(at(&map, &params), Some((5, 7)));
        let mut first = params.to_vec();
        first.push("0");
        assert_eq!(at(&map, &first), Some((6, 11)));
        first.push("in");
        assert_eq!(at(&map, &first), Some((7, 11)));
        let mut second = params.to_vec();
        second.extend(["1", "$ref"]);
        assert_eq!(at(&map, &second), Some((8, 11)));
        assert_eq!(at(&map, &["paths", "a.b", "c"]), Some((10, 5)));
        assert_eq!(at(&map, &["paths", "a.b", "c", "1", "d"]), Some((10, 13)));
    }

    #[test]
    fn missing_paths_fall_back_to_the_deepest_ancestor() {
        let text = "a:\n  b:\n    c: 1\n";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["a", "b", "x", "y"]), Some((2, 3)));
        assert_eq!(at(&map, &["zzz"]), Some((1, 1)));
    }

    #[test]
    fn json() {
        let text = "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\"/a/{b}\": {\"get\":{\"tags\":[\"x\",\"y\"]}}}\n}";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["openapi"]), Some((2, 3)));
        assert_eq!(at(&map, &["paths", "/a/{b}"]), Some((3, 13)));
        assert_eq!(at(&map, &["paths", "/a/{b}", "get"]), Some((3, 24)));
        assert_eq!(
            at(&map, &["paths", "/a/{b}", "get", "tags", "1"]),
            Some((3, 43))
        );
    }

    #[test]
    fn large_json() {
        // About 1 MB in the shape of a big spec: many paths, each a few levels deep.
        let mut text = String::from("{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n");
        let count = 5_000;
        for i in 0..count {
            let comma = if i + 1 < count { "," } else { "" };
            text.push_str(&format!(
                "    \"/items/{{id}}/{i}\": {{\n      \"get\": {{\"operationId\": \"op{i}\", \"responses\": {{\"200\": {{\"description\": \"OK\", \"content\": {{\"application/json\": {{\"schema\": {{\"type\": \"string\"}}}}}}}}}}}}\n    }}{comma}\n"
            ));
        }
        text.push_str("  }\n}\n");
        let map = SourceMap::new(&text);
        let path = [
            "paths",
            "/items/{id}/4999",
            "get",
            "responses",
            "200",
            "content",
        ];
        let line = 4 + 3 * 4999 + 1;
        assert_eq!(at(&map, &path), Some((line, 83)));
    }

    #[test]
    fn quoted_and_complex_keys() {
        let text = "'200':\n  x: 1\n? [a, b]\n: {c: 1}\n\"a~b\": 2\n";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["200", "x"]), Some((2, 3)));
        assert_eq!(at(&map, &["a~b"]), Some((5, 1)));
    }

    #[test]
    fn duplicate_keys() {
        let text = "a:\n  b: 1\n  c: 2\n  b: 3\nd: 4\nd: 5\n";
        let map = SourceMap::new(text);
        let found: Vec<(String, usize, usize)> = map
            .duplicate_keys()
            .into_iter()
            .map(|(path, l)| (path.to_string(), l.line, l.column))
            .collect();
        assert_eq!(found, [("a.b".to_string(), 4, 3), ("d".to_string(), 6, 1)]);
        assert_eq!(at(&map, &["a", "b"]), Some((2, 3)));
    }

    #[test]
    fn anchors_and_aliases() {
        let text = "a: &x\n  b: 1\nc: *x\nd: 2\n";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["c", "b"]), Some((3, 1)));
        assert_eq!(at(&map, &["d"]), Some((4, 1)));
    }

    #[test]
    fn tabs_after_colons_are_read() {
        let text = "a:\tb\nc:\n  d: \"x:\ty\"\n  e:\t1\n";
        // The one inside quotes too: the loader tells it apart.
        assert_eq!(tabs_after_colons(text), [2..3, 16..17, 24..25]);
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["c", "e"]), Some((4, 3)));
    }

    #[test]
    fn invalid_yaml_keeps_what_was_read() {
        let text = "a:\n  b: 1\nc: [\n";
        let map = SourceMap::new(text);
        assert_eq!(at(&map, &["a", "b"]), Some((2, 3)));
        let map = SourceMap::new("");
        assert_eq!(at(&map, &["a"]), None);
        for text in [
            "{",
            "}",
            "]:",
            ": :",
            "- - -\n  :",
            "\t",
            "a: b: c",
            "? ? ?",
            "&a *a",
        ] {
            let _ = SourceMap::new(text).locate(&DocPath::root());
        }
    }
}
