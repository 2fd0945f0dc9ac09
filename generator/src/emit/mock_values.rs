//! The value a mocked operation answers with when no stub says otherwise: made from the
//! IR's type, deterministic, and one the client decodes (required fields filled, and
//! optional ones a few levels deep; the first enum value, a tagged union's first variant
//! with its tag, one item per list).

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use crate::ir::{Api, Format, TypeDef, TypeKind, TypeRef};

/// How deep values nest before a recursive type stops (with `null`).
const MAX_DEPTH: usize = 12;

/// Below this depth optional fields are filled too, so that a default answer shows data.
const OPTIONAL_DEPTH: usize = 4;

/// The types of an API by name, for [`value`].
pub(super) struct Values<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
}

impl<'a> Values<'a> {
    pub(super) fn new(api: &'a Api) -> Self {
        Values {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// A value of `ty`, as a response would carry it.
    pub(super) fn value(&self, ty: &TypeRef) -> Value {
        self.at(ty, 0)
    }

    fn at(&self, ty: &TypeRef, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return Value::Null;
        }
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
                    let wanted = field.presence.is_required() || depth <= OPTIONAL_DEPTH;
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
