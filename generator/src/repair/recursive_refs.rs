//! `$recursiveRef: "#"` inside a component schema: a reference to that component.
//!
//! In JSON Schema 2019-09, `$recursiveRef: "#"` refers to the root of the schema resource
//! it is in; in an OpenAPI document without `$id`s that root is the document, which is not
//! a schema (and JSON Schema 2020-12, OpenAPI 3.1's dialect, has no `$recursiveRef` at
//! all). Vendors write it inside `components.schemas.X` meaning `X`, as if each component
//! were a document of its own: OpenAI's `CompoundFilter` lists `ComparisonFilter` and
//! `$recursiveRef: "#"` as the items of its `filters`, "`ComparisonFilter` or
//! `CompoundFilter`". So it is read as `$ref: "#/components/schemas/X"`.
//!
//! Where another reading is possible it is left alone, with a warning that says why, and
//! the keyword is ignored (the schema is any JSON), as it was before this repair:
//! - outside component schemas, where the root is the document's;
//! - at a component's root, where the component would be nothing but itself;
//! - below a schema with `$id` (that schema is then the resource `#` names) or with
//!   `$recursiveAnchor` (the author made a recursion point of it) inside the component;
//! - when the component has `$recursiveAnchor: true` and another component with
//!   `$recursiveAnchor: true` reaches it by `$ref`s: 2019-09's dynamic scope would then
//!   make the reference mean that other component wherever it is reached through it;
//! - for a value other than `"#"`, or beside a `$ref`.
//!
//! Nothing here may panic on input.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diag::{DocPath, Seg};
use crate::refs::{self, Section};

use super::{Defect, Kind, Repairs, DATA, NAMED};

const KEYWORD: &str = "$recursiveRef";
const ANCHOR: &str = "$recursiveAnchor";

/// A `$recursiveRef` of the document and what decides its reading.
struct Found {
    at: DocPath,
    reading: Reading,
}

/// What a `$recursiveRef` found by the walk reads as.
enum Reading {
    /// The component schema it is in: repaired as a `$ref` to it.
    Component(String),
    /// Outside component schemas.
    Outside,
    /// At a component's root: a reference to itself alone.
    Itself(String),
    /// Below a schema of the component with `$id` or `$recursiveAnchor` (the keyword).
    Below(DocPath, &'static str),
    /// Not `"#"`, or beside a `$ref`.
    Unusual,
}

/// What the walk knows of the schemas around a place: the component it is in (with the
/// length of the component's path) and the first schema below the component's root that
/// makes `#` ambiguous (the length of its path, and its keyword).
#[derive(Clone, Copy, Default)]
struct Scope<'v> {
    component: Option<&'v str>,
    blocker: Option<(usize, &'static str)>,
}

pub(super) fn repair(doc: &mut Value, repairs: &mut Repairs<'_>) {
    let mut found = Vec::new();
    walk(doc, false, Scope::default(), &mut Vec::new(), &mut found);
    if found.is_empty() {
        return;
    }
    let mut reach = Reach::new(doc);
    for Found { at, reading } in found {
        match reading {
            Reading::Component(name) => match reach.other_anchor(doc, &name) {
                Some(other) => left_alone(
                    repairs,
                    &at,
                    format!(
                        "`{KEYWORD}` in `{name}`, which has `{ANCHOR}: true`, means `{other}` \
                         where `{other}` (also `{ANCHOR}: true`) reaches it, and `{name}` elsewhere"
                    ),
                ),
                None => repair_one(doc, repairs, at, &name),
            },
            Reading::Outside => left_alone(
                repairs,
                &at,
                format!(
                    "`{KEYWORD}: \"#\"` outside `components.schemas` refers to the document's \
                     root, which is not a schema"
                ),
            ),
            Reading::Itself(name) => left_alone(
                repairs,
                &at,
                format!("`{KEYWORD}: \"#\"` at the root of `{name}` makes it nothing but itself"),
            ),
            Reading::Below(place, keyword) => left_alone(
                repairs,
                &at,
                format!(
                    "`{KEYWORD}: \"#\"` is below `{place}`, whose `{keyword}` makes it unclear \
                     whether `#` means that schema or the component"
                ),
            ),
            Reading::Unusual => left_alone(
                repairs,
                &at,
                format!("only `{KEYWORD}: \"#\"` with no `$ref` beside it is read as a reference"),
            ),
        }
    }
}

/// Records the repair of the `$recursiveRef` at `at` in component `name`, and makes it.
fn repair_one(doc: &mut Value, repairs: &mut Repairs<'_>, at: DocPath, name: &str) {
    let reference = refs::pointer_to(Section::Schemas, name);
    let pointer = refs::pointer(at.segments());
    if !repairs.found(Defect {
        kind: Kind::RecursiveRef,
        at: at.push(KEYWORD),
        says: format!(
            "`{KEYWORD}: \"#\"` refers to the root of the document, which is not a schema"
        ),
        assumed: format!("`$ref: \"{reference}\"`, the component it is in"),
        fix: format!("write `$ref: \"{reference}\"`"),
    }) {
        return;
    }
    let schema = pointer
        .strip_prefix('#')
        .and_then(|p| doc.pointer_mut(p))
        .and_then(Value::as_object_mut);
    if let Some(schema) = schema {
        schema.remove(KEYWORD);
        schema.insert("$ref".into(), Value::String(reference));
    }
}

/// Warns that the `$recursiveRef` at `at` is left alone, and why.
fn left_alone(repairs: &mut Repairs<'_>, at: &DocPath, why: String) {
    repairs
        .diags
        .warning(
            &at.push(KEYWORD),
            format!("{why}; it is ignored, and the schema is any JSON"),
        )
        .help("write a `$ref` to the schema meant (or with an overlay)");
}

/// `value` and everything below it; `named`: its keys are names, not keywords. `segs` is
/// its place.
fn walk<'v>(
    value: &'v Value,
    named: bool,
    mut scope: Scope<'v>,
    segs: &mut Vec<Seg<'v>>,
    found: &mut Vec<Found>,
) {
    match value {
        Value::Object(map) => {
            if !named {
                scope = schema(map, scope, segs, found);
            }
            for (key, child) in map {
                if !named && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                segs.push(Seg::Key(key));
                let named = !named && NAMED.contains(&key.as_str());
                walk(child, named, scope, segs, found);
                segs.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                segs.push(Seg::Index(i));
                walk(item, false, scope, segs, found);
                segs.pop();
            }
        }
        _ => {}
    }
}

/// The scope inside `map` (a schema, or another object of the document) at `segs`, once
/// its `$recursiveRef`, if any, is noted in `found`.
fn schema<'v>(
    map: &'v Map<String, Value>,
    mut scope: Scope<'v>,
    segs: &[Seg<'v>],
    found: &mut Vec<Found>,
) -> Scope<'v> {
    let root = match segs {
        [Seg::Key("components"), Seg::Key("schemas"), Seg::Key(name)] => Some(*name),
        _ => None,
    };
    if let Some(name) = root {
        scope = Scope {
            component: Some(name),
            blocker: None,
        };
    } else if scope.component.is_some() && scope.blocker.is_none() {
        let keyword = ["$id", ANCHOR].into_iter().find(|k| map.contains_key(*k));
        scope.blocker = keyword.map(|k| (segs.len(), k));
    }
    let Some(value) = map.get(KEYWORD) else {
        return scope;
    };
    let reading = match (scope.component, scope.blocker) {
        _ if value.as_str() != Some("#") || map.contains_key("$ref") => Reading::Unusual,
        (None, _) => Reading::Outside,
        (Some(name), _) if root.is_some() => Reading::Itself(name.to_string()),
        (Some(_), Some((len, keyword))) => Reading::Below(
            DocPath::from_borrowed(segs.get(..len).unwrap_or(&[])),
            keyword,
        ),
        (Some(name), None) => Reading::Component(name.to_string()),
    };
    found.push(Found {
        at: DocPath::from_borrowed(segs),
        reading,
    });
    scope
}

/// Which component schemas reach which by `$ref`s, found as they are asked for.
struct Reach {
    /// The component schemas with `$recursiveAnchor: true`.
    anchored: Vec<String>,
    /// The components each component refers to directly, for those looked at.
    edges: BTreeMap<String, BTreeSet<String>>,
}

impl Reach {
    fn new(doc: &Value) -> Reach {
        let anchored = schemas(doc)
            .into_iter()
            .flatten()
            .filter(|(_, schema)| schema.get(ANCHOR) == Some(&Value::Bool(true)))
            .map(|(name, _)| name.clone())
            .collect();
        Reach {
            anchored,
            edges: BTreeMap::new(),
        }
    }

    /// Another component with `$recursiveAnchor: true` that reaches `name`, when `name`
    /// has `$recursiveAnchor: true` too.
    fn other_anchor(&mut self, doc: &Value, name: &str) -> Option<String> {
        if !self.anchored.iter().any(|a| a == name) {
            return None;
        }
        let others: Vec<String> = self
            .anchored
            .iter()
            .filter(|a| *a != name)
            .cloned()
            .collect();
        others
            .into_iter()
            .find(|other| self.reaches(doc, other, name))
    }

    /// Whether component `from` reaches component `to` by `$ref`s.
    fn reaches(&mut self, doc: &Value, from: &str, to: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            let next = self.edges.entry(name.clone()).or_insert_with(|| {
                let mut out = BTreeSet::new();
                if let Some(schema) = schemas(doc).and_then(|s| s.get(&name)) {
                    references(schema, false, &mut out);
                }
                out
            });
            if next.contains(to) {
                return true;
            }
            stack.extend(next.iter().cloned());
        }
        false
    }
}

/// `components.schemas`, if the document has it.
fn schemas(doc: &Value) -> Option<&Map<String, Value>> {
    doc.get("components")?.get("schemas")?.as_object()
}

/// Adds to `out` the component schemas that `value` and everything below it refer to.
fn references(value: &Value, named: bool, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if !named && (DATA.contains(&key.as_str()) || key.starts_with("x-")) {
                    continue;
                }
                if let (false, "$ref", Value::String(reference)) = (named, key.as_str(), child) {
                    out.extend(refs::component_name(reference, Section::Schemas));
                    continue;
                }
                references(child, !named && NAMED.contains(&key.as_str()), out);
            }
        }
        Value::Array(items) => {
            for item in items {
                references(item, false, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::testing::repaired;
    use super::super::Policy;

    const FILTERS: &str = "\
paths: {}
components:
  schemas:
    Comparison: {type: object, properties: {key: {type: string}}}
    Compound:
      $recursiveAnchor: true
      type: object
      properties:
        filters:
          type: array
          items:
            oneOf:
              - $ref: '#/components/schemas/Comparison'
              - $recursiveRef: '#'
";

    #[test]
    fn the_root_of_a_component_is_the_component() {
        let (doc, diags) = repaired(FILTERS, Policy::Repair);
        assert_eq!(
            doc["components"]["schemas"]["Compound"]["properties"]["filters"]["items"]["oneOf"][1],
            json!({"$ref": "#/components/schemas/Compound"})
        );
        assert_eq!(
            diags,
            ["Warning components.schemas.Compound.properties.filters.items.oneOf.1.$recursiveRef: \
              `$recursiveRef: \"#\"` refers to the root of the document, which is not a schema; \
              repaired: read as `$ref: \"#/components/schemas/Compound\"`, the component it is in"]
        );
    }

    #[test]
    fn strict_changes_nothing_and_errs() {
        let (doc, diags) = repaired(FILTERS, Policy::Strict);
        assert_eq!(
            doc["components"]["schemas"]["Compound"]["properties"]["filters"]["items"]["oneOf"][1],
            json!({"$recursiveRef": "#"})
        );
        assert_eq!(
            diags,
            ["Error components.schemas.Compound.properties.filters.items.oneOf.1.$recursiveRef: \
              `$recursiveRef: \"#\"` refers to the root of the document, which is not a schema"]
        );
    }

    /// Every place where `#` may mean something else: left as it is, with a warning.
    #[test]
    fn other_readings_are_left_alone() {
        let (doc, diags) = repaired(
            "\
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$recursiveRef: '#'}}}
components:
  schemas:
    Itself: {$recursiveRef: '#'}
    WithId:
      type: object
      properties:
        inner:
          $id: https://example.com/inner
          properties: {next: {$recursiveRef: '#'}}
    Anchored:
      properties:
        inner:
          $recursiveAnchor: true
          properties: {next: {$recursiveRef: '#'}}
    Pointer: {properties: {next: {$recursiveRef: '#/properties'}}}
    Tree:
      $recursiveAnchor: true
      properties: {children: {items: {$recursiveRef: '#'}}}
    StrictTree:
      $recursiveAnchor: true
      allOf: [{$ref: '#/components/schemas/Tree'}]
    Named:
      properties:
        $recursiveRef: {type: string}
        $id: {properties: {next: {$recursiveRef: '#'}}}
      example: {$recursiveRef: '#'}
",
            Policy::Repair,
        );
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
            json!({"$recursiveRef": "#"})
        );
        assert_eq!(schemas["Itself"], json!({"$recursiveRef": "#"}));
        let inner = &schemas["WithId"]["properties"]["inner"]["properties"]["next"];
        assert_eq!(inner, &json!({"$recursiveRef": "#"}));
        let tree = &schemas["Tree"]["properties"]["children"]["items"];
        assert_eq!(tree, &json!({"$recursiveRef": "#"}));
        // A property named `$id` or `$recursiveRef` is a name, not a keyword.
        assert_eq!(
            schemas["Named"]["properties"]["$id"]["properties"]["next"],
            json!({"$ref": "#/components/schemas/Named"})
        );
        assert_eq!(
            schemas["Named"]["properties"]["$recursiveRef"],
            json!({"type": "string"})
        );
        let warnings: Vec<&str> = diags
            .iter()
            .map(|d| d.split_once(": ").map_or(d.as_str(), |(at, _)| at))
            .collect();
        assert_eq!(
            warnings,
            [
                "Warning paths./a.get.responses.200.content.application/json.schema.$recursiveRef",
                "Warning components.schemas.Itself.$recursiveRef",
                "Warning components.schemas.WithId.properties.inner.properties.next.$recursiveRef",
                "Warning components.schemas.Anchored.properties.inner.properties.next.$recursiveRef",
                "Warning components.schemas.Pointer.properties.next.$recursiveRef",
                "Warning components.schemas.Tree.properties.children.items.$recursiveRef",
                "Warning components.schemas.Named.properties.$id.properties.next.$recursiveRef",
            ]
        );
        assert!(diags[2].contains("below `components.schemas.WithId.properties.inner`"));
        assert!(diags[5].contains("means `StrictTree` where `StrictTree`"));
        assert!(diags
            .iter()
            .take(6)
            .all(|d| d.ends_with("it is ignored, and the schema is any JSON")));
    }
}
