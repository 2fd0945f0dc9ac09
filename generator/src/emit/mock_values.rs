//! The value a mocked operation answers with when no stub says otherwise: made from the
//! IR's type, deterministic, and one the client decodes (required fields filled, and
//! optional ones a few levels deep while the answer is small; the first enum value, a tagged union's first variant
//! with its tag, one item per list).

use std::cell::Cell;
use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::ir::{Api, Format, TypeDef, TypeKind, TypeRef};

/// How deep values nest before a recursive type stops (with `null`).
const MAX_DEPTH: usize = 12;

/// Below this depth optional fields are filled too, so that a default answer shows data.
const OPTIONAL_DEPTH: usize = 4;

/// Optional fields are filled until an answer holds this many values: a spec such as
/// Stripe's, whose objects name others in many optional fields, made answers of 50 KB
/// (a tenth of its generated code, and of the time to generate it).
const OPTIONAL_VALUES: usize = 64;

/// The types of an API by name, for [`value`].
pub(super) struct Values<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// How many more values the answer being made may hold optional fields.
    budget: Cell<usize>,
}

impl<'a> Values<'a> {
    pub(super) fn new(api: &'a Api) -> Self {
        Values {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            budget: Cell::new(0),
        }
    }

    /// A value of `ty`, as a response would carry it.
    pub(super) fn value(&self, ty: &TypeRef) -> Value {
        self.budget.set(OPTIONAL_VALUES);
        self.at(ty, 0)
    }

    fn at(&self, ty: &TypeRef, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
        self.budget.set(self.budget.get().saturating_sub(1));
        match ty {
            TypeRef::Named(name) => match self.types.get(name.as_str()) {
                Some(def) => self.named(def, depth + 1),
                None => Value::Null,
            },
            TypeRef::String => json!("string"),
            TypeRef::Bool => json!(false),
            TypeRef::Integer(_) => json!(0),
            TypeRef::F32 | TypeRef::F64 => json!(0.5),
            TypeRef::Json | TypeRef::JsonObject | TypeRef::Map(_) => json!({}),
            TypeRef::Bytes | TypeRef::File | TypeRef::Unit => Value::Null,
            TypeRef::JsonPatch => json!([]),
            TypeRef::Format(format) => match format {
                Format::DateTime => json!("2024-01-01T00:00:00Z"),
                Format::Date => json!("2024-01-01"),
                Format::Uuid => json!("00000000-0000-4000-8000-000000000000"),
                Format::Base64 => json!(""),
                Format::Ipv4 => json!("127.0.0.1"),
                Format::Ipv6 => json!("::1"),
            },
            TypeRef::Vec(item) => match self.at(item, depth + 1) {
                Value::Null => json!([]),
                one => json!([one]),
            },
            TypeRef::Tuple(items) => {
                Value::Array(items.iter().map(|i| self.at(i, depth + 1)).collect())
            }
            TypeRef::Nullable(inner) | TypeRef::Secret(inner) => self.at(inner, depth),
        }
    }

    fn named(&self, def: &TypeDef, depth: usize) -> Value {
        match &def.kind {
            TypeKind::Struct(s) => {
                let mut out = Map::new();
                for field in &s.fields {
                    let wanted = field.presence.is_required()
                        || (depth <= OPTIONAL_DEPTH && self.budget.get() > 0);
                    if !wanted || field.write_only {
                        continue;
                    }
                    let value = match &field.constant {
                        Some(constant) => json!(constant),
                        None => self.at(&field.ty, depth),
                    };
                    out.insert(field.name.wire.clone(), value);
                }
                Value::Object(out)
            }
            TypeKind::StringEnum(values) => values
                .first()
                .map_or(json!("string"), |v| json!(v.name.wire)),
            TypeKind::IntegerEnum(values) => values.first().map_or(json!(0), |v| json!(v.value)),
            TypeKind::Tagged(tagged) => match tagged.variants.first() {
                Some(variant) => {
                    let mut value = self.at(&variant.ty, depth);
                    if let Some(map) = value.as_object_mut() {
                        map.insert(tagged.tag.clone(), json!(variant.name.wire));
                    }
                    value
                }
                None => json!({}),
            },
            TypeKind::Untagged(variants) => variants
                .first()
                .map_or(Value::Null, |v| self.at(&v.ty, depth)),
            TypeKind::Alias(ty) => self.at(ty, depth),
            TypeKind::Newtype(newtype) => self.at(&newtype.ty, depth),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API of a spec whose `Wide` names `Node` in many optional fields, and `Node`
    /// names itself and holds optional fields too; and a small `Small`.
    fn api() -> Api {
        let mut spec = String::from(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             Small:\n      type: object\n      properties:\n        a: {type: string}\n        \
             b: {type: integer}\n        c: {type: boolean}\n    Node:\n      type: object\n      \
             properties:\n        next: {$ref: '#/components/schemas/Node'}\n",
        );
        for i in 0..8 {
            spec.push_str(&format!("        n{i}: {{type: string}}\n"));
        }
        spec.push_str("    Wide:\n      type: object\n      properties:\n");
        for i in 0..16 {
            spec.push_str(&format!(
                "        w{i}: {{$ref: '#/components/schemas/Node'}}\n"
            ));
        }
        crate::generate(std::path::Path::new("wide.yaml"), &spec)
            .map(|generated| generated.api)
            .unwrap_or_else(|report| panic!("{report}"))
    }

    fn count(value: &Value) -> usize {
        1 + match value {
            Value::Array(items) => items.iter().map(count).sum(),
            Value::Object(map) => map.values().map(count).sum(),
            _ => 0,
        }
    }

    #[test]
    fn optional_fields_stop_when_the_answer_is_large() {
        let api = api();
        let values = Values::new(&api);
        let wide = values.value(&TypeRef::Named("Wide".into()));
        // Without the budget: 449 values (16 fields, each a `Node` three levels deep).
        assert!(count(&wide) <= 100, "{} values: {wide}", count(&wide));
        assert!(
            wide.get("w0").and_then(|n| n.get("next")).is_some(),
            "{wide}"
        );
        // The budget is the answer's, not the API's: the next answer is whole again.
        let small = values.value(&TypeRef::Named("Small".into()));
        assert_eq!(small, json!({"a": "string", "b": 0, "c": false}));
    }
}
