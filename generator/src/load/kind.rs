//! The OpenAPI grammar as the loader's error walk sees it: the [`Kind`] of each node, the
//! `openapiv3` type that reads it, which of its children are checked on their own, and the
//! shallow copy of a node with those children replaced by valid stand-ins.
//!
//! Checking each node without its children keeps the walk linear in the size of the
//! document (`openapiv3` alone retries nested schemas, exponentially in their depth). Only
//! the node's own content may be copied here, never a subtree.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::diag::{DocPath, Seg};
use crate::refs::Section;

/// The HTTP methods a path item can hold, in the order `openapiv3` keeps them.
pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Mirrors `openapiv3::StatusCode`: `100`..`999`, or a digit and `XX`.
pub(super) fn is_status_code(key: &str) -> bool {
    let bytes = key.as_bytes();
    match bytes {
        [a, b, c] if a.is_ascii_digit() && b.is_ascii_digit() && c.is_ascii_digit() => *a != b'0',
        [a, b, c] => {
            a.is_ascii_digit() && b.eq_ignore_ascii_case(&b'X') && c.eq_ignore_ascii_case(&b'X')
        }
        _ => false,
    }
}

/// What a node of the document is, as far as the error walk needs to know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
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
    /// A value written as a `$ref` where OpenAPI allows none (a `description`, a whole
    /// `properties` map), as some split specs do: bundling copies it in place.
    Value,
}

impl Kind {
    /// Deserializes `value` as the `openapiv3` type of this kind: the error's path
    /// (relative to `value`) and message. A node that is a `$ref` passes; any other is
    /// checked as the item itself, not as `ReferenceOr<item>`, whose errors lose the
    /// path.
    pub(super) fn check(self, value: &Value) -> Result<(), (DocPath, String)> {
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
            Kind::Value => Ok(()),
        }
    }

    /// Whether a `$ref` may stand in for this node.
    pub(super) fn may_be_ref(self) -> bool {
        !matches!(
            self,
            Kind::Document
                | Kind::Components
                | Kind::Paths
                | Kind::Operation
                | Kind::Responses
                | Kind::MediaType
                | Kind::Encoding
                | Kind::Value
        )
    }

    /// The kind of the entries of a section of `components`.
    pub(super) fn of_section(section: Section) -> Kind {
        match section {
            Section::Schemas => Kind::Schema,
            Section::Responses => Kind::Response,
            Section::Parameters => Kind::Parameter,
            Section::Examples => Kind::Example,
            Section::RequestBodies => Kind::RequestBody,
            Section::Headers => Kind::Header,
            Section::SecuritySchemes => Kind::SecurityScheme,
            Section::Links => Kind::Link,
            Section::Callbacks => Kind::Callback,
        }
    }

    /// What the node is called in messages (for the kinds that are entries of
    /// `components`, what the section calls its entries).
    pub(super) fn noun(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Components => "components",
            Kind::Paths => "paths",
            Kind::PathItem => "path item",
            Kind::Operation => "operation",
            Kind::Responses => "responses",
            Kind::MediaType => "media type",
            Kind::Encoding => "encoding",
            Kind::Callback => Section::Callbacks.noun(),
            Kind::Parameter => Section::Parameters.noun(),
            Kind::RequestBody => Section::RequestBodies.noun(),
            Kind::Response => Section::Responses.noun(),
            Kind::Header => Section::Headers.noun(),
            Kind::Schema => Section::Schemas.noun(),
            Kind::Example => Section::Examples.noun(),
            Kind::Link => Section::Links.noun(),
            Kind::SecurityScheme => Section::SecuritySchemes.noun(),
            Kind::Value => "value",
        }
    }
}

/// Deserializes `value` as a `T`: on failure, the error's path (relative to `value`) and
/// message.
pub(super) fn try_as<T: DeserializeOwned>(value: &Value) -> Result<(), (DocPath, String)> {
    serde_path_to_error::deserialize::<_, T>(value)
        .map(drop)
        .map_err(|e| (doc_path(e.path()), e.inner().to_string()))
}

/// serde's path of an error as a [`DocPath`].
pub(super) fn doc_path(path: &serde_path_to_error::Path) -> DocPath {
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
pub(super) struct Child<'v> {
    pub(super) kind: Kind,
    pub(super) value: &'v Value,
    pub(super) key: &'v str,
    pub(super) inner: Option<Seg<'v>>,
}

/// The children of a node that the walk checks separately: every node `openapiv3` reads
/// through an untagged enum or `flatten` (where errors lose their path), and every
/// schema (whose failed deserialization costs time exponential in its depth).
pub(super) fn children(kind: Kind, value: &Value) -> Vec<Child<'_>> {
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
        Kind::Components => {
            maps.extend(Section::ALL.map(|section| (section.key(), Kind::of_section(section))));
        }
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
        Kind::Example | Kind::Link | Kind::SecurityScheme | Kind::Value => {}
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
pub(super) fn shallow(value: &Value, children: &[Child<'_>]) -> Value {
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
