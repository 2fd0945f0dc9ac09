//! What a schema says, read without lowering it: enum values, nullability, secrecy, the
//! kind of value, docs. Plain functions of a schema; no state, no diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use openapiv3::{
    AnySchema, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::ir::{self, IntKind, TypeKind, TypeRef};
use crate::naming::{self, reserved, Namespace};

/// Extension that marks a schema as secret (besides `format: password` and `writeOnly`).
pub const SECRET_EXTENSION: &str = "x-secret";

/// An open string enum of `values` (each with its docs), duplicates dropped, the variant
/// that keeps unknown values reserved.
pub(super) fn string_enum(values: Vec<(String, Option<String>)>) -> TypeKind {
    string_enum_named(values, &BTreeMap::new())
}

/// [`string_enum`], with variant names the spec gives (`x-enum-varnames`) by value.
pub(super) fn string_enum_named(
    values: Vec<(String, Option<String>)>,
    given: &BTreeMap<String, String>,
) -> TypeKind {
    let mut names = Namespace::with_reserved(&[reserved::OTHER_VARIANT]);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (value, docs) in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        let wanted = given.get(&value).map_or(value.as_str(), String::as_str);
        out.push(ir::EnumValue {
            name: ir::Name::new(names.claim(&naming::variant_name(wanted)), value),
            docs,
        });
    }
    TypeKind::StringEnum(out)
}

/// An integer enum of `values`: variants named by `x-enum-varnames` when the spec gives
/// them, else after the value (`V200`, `Minus1`).
pub(super) fn integer_enum(values: &[i64], given: &BTreeMap<String, String>) -> TypeKind {
    let entries = values
        .iter()
        .map(|&value| IntegerEntry {
            value,
            name: given.get(&value.to_string()).cloned(),
            docs: None,
        })
        .collect();
    integer_enum_of(entries)
}

/// A value of an integer enum being built, with the name and docs the spec gives it.
pub(super) struct IntegerEntry {
    pub(super) value: i64,
    /// The name the spec gives the value (`x-enum-varnames`, a member's `title`).
    pub(super) name: Option<String>,
    pub(super) docs: Option<String>,
}

/// An open integer enum of `entries`, duplicates dropped; a value without a name is named
/// after itself (`V200`, `Minus1`).
pub(super) fn integer_enum_of(entries: Vec<IntegerEntry>) -> TypeKind {
    let mut names = Namespace::with_reserved(&[reserved::OTHER_VARIANT]);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for IntegerEntry { value, name, docs } in entries {
        if !seen.insert(value) {
            continue;
        }
        let wanted = match name.filter(|n| !n.trim().is_empty()) {
            Some(name) => name,
            None if value < 0 => format!("Minus{}", value.unsigned_abs()),
            None => format!("V{value}"),
        };
        out.push(ir::IntegerEnumValue {
            name: names.claim(&naming::variant_name(&wanted)),
            value,
            docs,
        });
    }
    TypeKind::IntegerEnum(out)
}

/// The values of an integer enum schema (`type: integer`, or no type and every value an
/// integer or `null`), without `null`; `None` for any other schema.
pub(super) fn integer_enum_values(s: &Schema) -> Option<Vec<i64>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::Integer(it)) => {
            let values: Vec<i64> = it.enumeration.iter().flatten().copied().collect();
            (!values.is_empty()).then_some(values)
        }
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.items.is_none() && !any_has_union(any) =>
        {
            any_integer_enum(any)
        }
        _ => None,
    }
}

/// The variant names a schema gives its enum values (`x-enum-varnames`, or
/// `x-enumNames`), by the value's text; empty when it gives none.
pub(super) fn given_variant_names(s: &Schema) -> BTreeMap<String, String> {
    let extensions = &s.schema_data.extensions;
    let Some(serde_json::Value::Array(names)) = extensions
        .get("x-enum-varnames")
        .or_else(|| extensions.get("x-enumNames"))
    else {
        return BTreeMap::new();
    };
    let values: Vec<Option<String>> = match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.clone(),
        SchemaKind::Type(Type::Integer(t)) => t
            .enumeration
            .iter()
            .map(|v| v.map(|v| v.to_string()))
            .collect(),
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => Some(s.clone()),
                serde_json::Value::Number(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    values
        .into_iter()
        .zip(names)
        .filter_map(|(value, name)| Some((value?, name.as_str()?.to_string())))
        .filter(|(_, name)| !name.trim().is_empty())
        .collect()
}

/// The values of a string enum schema (`type: string` or no type, every value a string
/// or `null`), without `null`; `None` for any other schema.
pub(super) fn string_enum_values(s: &Schema) -> Option<Vec<String>> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            let values: Vec<String> = st.enumeration.iter().flatten().cloned().collect();
            (!values.is_empty()).then_some(values)
        }
        SchemaKind::Any(any)
            if any.properties.is_empty() && any.items.is_none() && !any_has_union(any) =>
        {
            any_string_enum(any)
        }
        _ => None,
    }
}

/// The values of an enum with `type: integer` (or no type) whose values are all integers
/// (or `null`), without `null`.
pub(super) fn any_integer_enum(any: &AnySchema) -> Option<Vec<i64>> {
    if !matches!(any.typ.as_deref(), None | Some("integer")) {
        return None;
    }
    let mut values = Vec::new();
    for v in &any.enumeration {
        match v {
            serde_json::Value::Null => {}
            serde_json::Value::Number(n) => values.push(n.as_i64()?),
            _ => return None,
        }
    }
    (!values.is_empty()).then_some(values)
}

/// The values of an untyped enum whose values are all strings (or `null`).
pub(super) fn any_string_enum(any: &AnySchema) -> Option<Vec<String>> {
    if !matches!(any.typ.as_deref(), None | Some("string")) {
        return None;
    }
    let mut values = Vec::new();
    for v in &any.enumeration {
        match v {
            serde_json::Value::String(s) => values.push(s.clone()),
            serde_json::Value::Null => {}
            _ => return None,
        }
    }
    (!values.is_empty()).then_some(values)
}

/// Whether an unclassified schema has `oneOf`, `anyOf` or `allOf`.
pub(super) fn any_has_union(any: &AnySchema) -> bool {
    !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty()
}

/// Whether a schema is a `oneOf` or `anyOf`.
pub(super) fn has_union(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
        _ => false,
    }
}

/// The `allOf` parts of a schema, if it has any.
pub(super) fn all_of_parts(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// Whether a schema says nothing about the type of a value, only annotates it or
/// constrains it (`description`, `required`, `nullable`, `maxProperties`): `allOf` parts
/// and union members like that are not types of their own.
pub(super) fn is_constraint_only(s: &ReferenceOr<Schema>) -> bool {
    match s {
        ReferenceOr::Item(s) => says_nothing(s),
        ReferenceOr::Reference { .. } => false,
    }
}

/// Whether a union member is `{type: object}` and nothing more: any object. Beside other
/// properties it restricts nothing ([`is_constraint_only`]), but as a member of a union of
/// its own it is the member objects fit (GitHub's SCIM `value`: a string, an object or an
/// array), not a constraint to drop.
pub(super) fn is_bare_object(s: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(s) = s else {
        return false;
    };
    let required = match &s.schema_kind {
        SchemaKind::Any(any) if any.typ.as_deref() == Some("object") => &any.required,
        SchemaKind::Type(Type::Object(o)) => &o.required,
        _ => return false,
    };
    required.is_empty() && says_nothing(s)
}

/// Whether a union member accepts any value: `{}`, or a schema that only annotates
/// (`title`, `description`). Beside properties of the union's own it restricts nothing
/// ([`is_constraint_only`]), but as a member of a union of its own it is the member every
/// value fits (`anyOf: [{}, Circle]` is any JSON), not a constraint to drop.
pub(super) fn accepts_anything(s: &ReferenceOr<Schema>) -> bool {
    match s {
        ReferenceOr::Item(s) => {
            !s.schema_data.nullable
                && s.schema_data.discriminator.is_none()
                && matches!(&s.schema_kind, SchemaKind::Any(any) if *any == AnySchema::default())
        }
        ReferenceOr::Reference { .. } => false,
    }
}

/// [`is_constraint_only`] for a schema at hand.
pub(super) fn says_nothing(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::Any(any) => {
            any.typ.as_deref().is_none_or(|t| t == "object")
                && any.properties.is_empty()
                && any.additional_properties.is_none()
                && any.items.is_none()
                && any.enumeration.is_empty()
                && !any_has_union(any)
                && any.not.is_none()
                && any.format.is_none()
                && s.schema_data.discriminator.is_none()
        }
        SchemaKind::Type(Type::Object(o)) => {
            o.properties.is_empty()
                && o.additional_properties.is_none()
                && s.schema_data.discriminator.is_none()
        }
        _ => false,
    }
}

/// Whether uses of a schema may be `null`: `nullable: true`, also said by an `allOf`
/// part that says nothing else (OpenAI's `allOf: [$ref: OpenAIFile, {nullable: true}]`),
/// or `null` among its `enum` values.
pub(super) fn is_nullable(s: &Schema) -> bool {
    if s.schema_data.nullable {
        return true;
    }
    let says_null = |p: &ReferenceOr<Schema>| matches!(p, ReferenceOr::Item(p) if p.schema_data.nullable && says_nothing(p));
    if all_of_parts(s).iter().any(says_null) {
        return true;
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(t)) => t.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => {
            any.enumeration.iter().any(serde_json::Value::is_null)
                || any.one_of.iter().chain(&any.any_of).any(is_null_schema)
        }
        SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
            members.iter().any(is_null_schema)
        }
        _ => false,
    }
}

/// The integer type for a `format` (`int32`, `uint64`, ...); `i64` for any other.
pub(super) fn int_kind(format: &str) -> IntKind {
    match format {
        "int8" => IntKind::I8,
        "int16" => IntKind::I16,
        "int32" => IntKind::I32,
        "uint8" => IntKind::U8,
        "uint16" => IntKind::U16,
        "uint32" => IntKind::U32,
        "uint64" | "uint" => IntKind::U64,
        _ => IntKind::I64,
    }
}

/// `ty` as a secret, once.
pub(super) fn secret(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Secret(_) => ty,
        ty => TypeRef::Secret(Box::new(ty)),
    }
}

/// `ty` as a value that may be `null`, once (any JSON already holds `null`).
pub(super) fn nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) | TypeRef::Json => ty,
        ty => TypeRef::Nullable(Box::new(ty)),
    }
}

/// Whether a schema's values are secrets: `writeOnly`, `format: password`, or marked with
/// [`SECRET_EXTENSION`].
pub(super) fn is_secret(s: &Schema) -> bool {
    s.schema_data.write_only
        || s.schema_data
            .extensions
            .get(SECRET_EXTENSION)
            .is_some_and(|v| v.as_bool() == Some(true))
        || matches!(
            &s.schema_kind,
            SchemaKind::Type(Type::String(st))
                if matches!(st.format, VariantOrUnknownOrEmpty::Item(StringFormat::Password))
        )
}

/// Whether a union member stands for `null`: `type: "null"` (3.1 style), `enum: [null]`,
/// or a schema that says nothing but `nullable: true`.
pub(super) fn is_null_schema(s: &ReferenceOr<Schema>) -> bool {
    match s {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.as_deref() == Some("null")
                    || (!any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_null()))
                    || (s.schema_data.nullable && says_nothing(s))
            }
            _ => false,
        },
        ReferenceOr::Reference { .. } => false,
    }
}

/// A schema's doc text: title and description, and the values of an enum that stays its
/// plain type.
pub(super) fn schema_docs(s: &Schema) -> Option<String> {
    let docs = join_docs(
        s.schema_data.title.as_deref(),
        s.schema_data.description.as_deref(),
    );
    // Enums of numbers (not integers), booleans or mixed values stay their plain type;
    // the values they allow are documented.
    let values: Vec<String> = match &s.schema_kind {
        SchemaKind::Type(Type::Number(t)) => {
            t.enumeration.iter().flatten().map(f64::to_string).collect()
        }
        SchemaKind::Type(Type::Boolean(t)) => t
            .enumeration
            .iter()
            .flatten()
            .map(bool::to_string)
            .collect(),
        SchemaKind::Any(any)
            if any_string_enum(any).is_none() && any_integer_enum(any).is_none() =>
        {
            any.enumeration
                .iter()
                .filter(|v| !v.is_null())
                .map(|v| v.to_string())
                .collect()
        }
        _ => Vec::new(),
    };
    if values.is_empty() {
        return docs;
    }
    let list = values
        .iter()
        .map(|v| format!("`{}`", v.replace('`', "'")))
        .collect::<Vec<_>>()
        .join(", ");
    let line = format!("One of {list}.");
    Some(match docs {
        Some(d) => format!("{d}\n\n{line}"),
        None => line,
    })
}

/// Summary and description as one doc text, without repeating a description that starts
/// with the summary.
pub(super) fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let summary = summary.map(str::trim).filter(|s| !s.is_empty());
    let description = description.map(str::trim).filter(|s| !s.is_empty());
    match (summary, description) {
        (Some(s), Some(d)) if d.starts_with(s) => Some(d.to_string()),
        (Some(s), Some(d)) => Some(format!("{s}\n\n{d}")),
        (Some(s), None) => Some(s.to_string()),
        (None, Some(d)) => Some(d.to_string()),
        (None, None) => None,
    }
}

/// The kind of JSON value a schema describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueKind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
}

impl fmt::Display for ValueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueKind::String => "string",
            ValueKind::Integer => "integer",
            ValueKind::Number => "number",
            ValueKind::Boolean => "boolean",
            ValueKind::Array => "array",
            ValueKind::Object => "object",
        })
    }
}

/// The kind of JSON value a schema describes (`string`, `object`, ...), when it says.
pub(super) fn value_kind(s: &Schema) -> Option<ValueKind> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some(ValueKind::String),
        SchemaKind::Type(Type::Integer(_)) => Some(ValueKind::Integer),
        SchemaKind::Type(Type::Number(_)) => Some(ValueKind::Number),
        SchemaKind::Type(Type::Boolean(_)) => Some(ValueKind::Boolean),
        SchemaKind::Type(Type::Array(_)) => Some(ValueKind::Array),
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Some(ValueKind::Object),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => None,
        SchemaKind::Any(any) => {
            if any_has_union(any) && any.all_of.is_empty() {
                return None;
            }
            match any.typ.as_deref() {
                Some("string") => Some(ValueKind::String),
                Some("integer") => Some(ValueKind::Integer),
                Some("number") => Some(ValueKind::Number),
                Some("boolean") => Some(ValueKind::Boolean),
                Some("array") => Some(ValueKind::Array),
                Some("object") => Some(ValueKind::Object),
                _ if !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || !any.all_of.is_empty() =>
                {
                    Some(ValueKind::Object)
                }
                _ if any.items.is_some() => Some(ValueKind::Array),
                _ => any_string_enum(any).map(|_| ValueKind::String),
            }
        }
    }
}
