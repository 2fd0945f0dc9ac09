//! "The most specific member": which of the members of a union a value validates against
//! describe it more closely than another, read off the raw schemas (never the IR).
//!
//! A member `A` is *strictly more specific* than a member `B` for a value both accept
//! when `A` describes at least as much of the value on both counts below and more on
//! one of them:
//!
//! - **named**: for an object, how many of the value's keys the member declares in
//!   `properties` (its `allOf` parts' included);
//! - **pinned**: how many `const` or `enum` constraints the value meets, on the member
//!   itself (its `allOf` parts') and on the properties of the value's keys.
//!
//! So `{id, radius}` is a `Circle {id, radius}` before a `Square {id, side}`, and
//! `"gpt-4o"` the known-models enum's before any string's. Neither count ranks members
//! that describe a value equally (`{id}` is as much a `Circle` as a `Square`): for those,
//! any choice is right.

use serde_json::Value;

use super::spec::Doc;

/// How much of a value a member describes (see the module's docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Specificity {
    pub named: usize,
    pub pinned: usize,
}

impl Specificity {
    /// Whether `self` describes the value strictly more than `other`.
    pub fn exceeds(self, other: Specificity) -> bool {
        self.named >= other.named
            && self.pinned >= other.pinned
            && (self.named > other.named || self.pinned > other.pinned)
    }
}

/// How specifically the schema `schema` (a member, `$ref`s followed) describes `value`.
pub fn specificity(doc: &Doc, schema: &Value, value: &Value) -> Specificity {
    let mut out = Specificity::default();
    let mut keys = std::collections::BTreeSet::new();
    for part in parts(doc, schema) {
        if pins(part) {
            out.pinned += 1;
        }
        let (Some(properties), Value::Object(object)) =
            (part.get("properties").and_then(Value::as_object), value)
        else {
            continue;
        };
        for (key, property) in properties {
            if !object.contains_key(key) || !keys.insert(key.clone()) {
                continue;
            }
            out.named += 1;
            if parts(doc, property).into_iter().any(pins) {
                out.pinned += 1;
            }
        }
    }
    out
}

/// Whether a schema restricts its value to listed ones.
fn pins(schema: &Value) -> bool {
    schema.get("const").is_some() || schema.get("enum").is_some_and(Value::is_array)
}

/// The schema and its `allOf` parts, nested ones too, each with its `$ref` followed.
fn parts<'d>(doc: &'d Doc, schema: &'d Value) -> Vec<&'d Value> {
    let mut out = Vec::new();
    let mut todo = vec![schema];
    while let Some(next) = todo.pop() {
        if out.len() > 64 {
            break;
        }
        let next = match next.get("$ref").and_then(Value::as_str) {
            Some(reference) => match doc.follow_ref(reference) {
                Some(target) => target,
                None => continue,
            },
            None => next,
        };
        out.push(next);
        if let Some(all_of) = next.get("allOf").and_then(Value::as_array) {
            todo.extend(all_of.iter().rev());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn more_named_keys_or_more_pinned_values_is_more_specific() {
        let doc = Doc {
            v31: false,
            value: json!({
            "components": {"schemas": {
                "Circle": {"properties": {"id": {}, "radius": {}}},
                "Square": {"properties": {"id": {}, "side": {}}},
            }}
            }),
        };
        let circle = json!({"$ref": "#/components/schemas/Circle"});
        let square = json!({"$ref": "#/components/schemas/Square"});
        let round = json!({"id": "c", "radius": 1});
        assert!(specificity(&doc, &circle, &round).exceeds(specificity(&doc, &square, &round)));
        let either = json!({"id": "c"});
        let (c, s) = (
            specificity(&doc, &circle, &either),
            specificity(&doc, &square, &either),
        );
        assert!(!c.exceeds(s) && !s.exceeds(c));
        let known = json!({"type": "string", "enum": ["gpt-4o"]});
        let any = json!({"type": "string"});
        let model = json!("gpt-4o");
        assert!(specificity(&doc, &known, &model).exceeds(specificity(&doc, &any, &model)));
        // An allOf part's properties count.
        let merged = json!({"allOf": [{"$ref": "#/components/schemas/Square"}, {"properties": {"radius": {"const": 1}}}]});
        assert_eq!(
            specificity(&doc, &merged, &round),
            Specificity {
                named: 2,
                pinned: 1
            }
        );
    }
}
