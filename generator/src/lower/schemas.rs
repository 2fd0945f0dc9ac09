//! Schemas at a place of use: a `$ref` becomes a reference to its component's type (or to
//! the type of the schema a pointer leads to, as does that schema at its own place), an
//! inline schema a primitive, a container or a named type interned by shape (two inline
//! shapes that are the same get one type, whatever their names). Objects become structs
//! here; `allOf` and unions are handed to their own modules.

use std::borrow::Borrow;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::facts::{
    any_integer_enum, any_string_enum, given_variant_names, int_kind, integer_enum,
    is_constraint_only, is_nullable, is_secret, nullable, schema_docs, secret, string_enum_named,
};
use super::unions::UnionKeyword;
use super::{pascal, Lowerer, Shape, Site, MAX_DEPTH};
use crate::diag::DocPath;
use crate::ir::TUPLE_EXTENSION;
use crate::ir::{self, Field, Format, Name, Presence, TypeKind, TypeRef};
use crate::naming::{self, reserved, Namespace};
use crate::options::Formats;

/// The most properties a struct is generated for: `object!` groups its fields in tuples
/// of slots, and the runtime implements slots for tuples of up to 32 (`runtime::de`).
const MOST_FIELDS: usize = 32 * 32;

impl<'a> Lowerer<'a> {
    /// Lowers a schema at a place of use (held as it is, or in a `Box` as properties and
    /// `items` are). Inline structs, enums and unions become named types (named after
    /// `hint`, deduplicated by shape).
    pub(super) fn schema<S: Borrow<Schema>>(
        &mut self,
        schema: &ReferenceOr<S>,
        path: &DocPath,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_schema_ref(reference),
            ReferenceOr::Item(s) => self.inline_schema(s.borrow(), path, hint),
        }
    }

    /// [`Lowerer::schema`] for a schema written in place: the type of a pointer's target
    /// when a pointer leads here.
    pub(super) fn inline_schema(&mut self, s: &Schema, path: &DocPath, hint: &str) -> TypeRef {
        if let Some(ty) = self.pointer_use(s, path) {
            return ty;
        }
        if self.depth >= MAX_DEPTH {
            self.diags
                .warning(
                    path,
                    "this schema nests too deeply (it expands into itself); this value is any JSON",
                )
                .help("name the recursive part in `components.schemas` and reference it");
            return TypeRef::Json;
        }
        self.depth += 1;
        let shape = self.shape(s, Site::new(path, hint));
        self.depth -= 1;
        let ty = match shape {
            Shape::Ref(ty) => ty,
            Shape::Kind(kind) => TypeRef::Named(self.intern(hint, schema_docs(s), kind)),
        };
        let ty = if is_secret(s) { secret(ty) } else { ty };
        if is_nullable(s) {
            nullable(ty)
        } else {
            ty
        }
    }

    /// A string of `format`: its own type when the format has one (unless the options
    /// keep formats as strings), else `String`.
    fn string_of_format(&self, format: &str) -> TypeRef {
        match Format::of(format) {
            Some(format) if self.options.formats == Formats::Typed => TypeRef::Format(format),
            _ => TypeRef::String,
        }
    }

    /// Whether `s` is a string whose format gets a type of its own here (an untagged
    /// union tries it before plain strings).
    pub(super) fn has_typed_format(&self, s: &Schema) -> bool {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                matches!(self.string_of_format(string_format(st)), TypeRef::Format(_))
            }
            _ => false,
        }
    }

    /// What a schema is: a primitive reference, or a shape that needs a named type.
    pub(super) fn shape(&mut self, s: &Schema, site: Site<'_>) -> Shape {
        let Site { path, hint, .. } = site;
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<&String> = st.enumeration.iter().flatten().collect();
                if !values.is_empty() {
                    return Shape::Kind(string_enum_named(
                        values.into_iter().map(|v| (v.clone(), None)).collect(),
                        &given_variant_names(s),
                    ));
                }
                Shape::Ref(match string_format(st) {
                    "password" => secret(TypeRef::String),
                    format => self.string_of_format(format),
                })
            }
            SchemaKind::Type(Type::Integer(it)) => {
                let values: Vec<i64> = it.enumeration.iter().flatten().copied().collect();
                if !values.is_empty() {
                    return Shape::Kind(integer_enum(&values, &given_variant_names(s)));
                }
                Shape::Ref(TypeRef::Integer(int_kind(match &it.format {
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => "int32",
                    VariantOrUnknownOrEmpty::Item(IntegerFormat::Int64) => "int64",
                    VariantOrUnknownOrEmpty::Unknown(f) => f.as_str(),
                    VariantOrUnknownOrEmpty::Empty => "",
                })))
            }
            // `format: float` is an `f64` too: a decoded value must encode back to what
            // was received, and an `f32` cannot (`473.29` is the f32 473.2900085..., which
            // `serde_json::to_value` writes as `473.2900085449219`, and `0.123456789` keeps
            // 8 digits). The format says how precise the server is, not how the number is
            // written; an `f64` holds every decimal of up to 15 digits exactly enough to
            // be written back the same.
            SchemaKind::Type(Type::Number(_)) => Shape::Ref(TypeRef::F64),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(_))
                if s.schema_data.extensions.contains_key(TUPLE_EXTENSION) =>
            {
                Shape::Ref(self.tuple(s, path, hint))
            }
            SchemaKind::Type(Type::Array(at)) => {
                let item = match &at.items {
                    Some(items) => self.schema(items, &path.push("items"), &format!("{hint}Item")),
                    None => TypeRef::Json,
                };
                Shape::Ref(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(ot)) => self.object(
                &ot.properties,
                &ot.required,
                ot.additional_properties.as_ref(),
                site,
            ),
            SchemaKind::OneOf { one_of } => self.union(s, one_of, UnionKeyword::OneOf, None, site),
            SchemaKind::AnyOf { any_of } => self.union(s, any_of, UnionKeyword::AnyOf, None, site),
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, site),
            SchemaKind::Not { .. } => {
                self.diags
                    .warning(path, "`not` is not supported; this value is any JSON")
                    .help("the generated type is `serde_json::Value`");
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => self.any(s, any, site),
        }
    }

    /// A closed tuple, its elements kept by the dialect in [`TUPLE_EXTENSION`]: a Rust
    /// tuple of their types. An element that is not a schema is any JSON.
    fn tuple(&mut self, s: &Schema, path: &DocPath, hint: &str) -> TypeRef {
        let elements = match s.schema_data.extensions.get(TUPLE_EXTENSION) {
            Some(serde_json::Value::Array(elements)) => elements,
            _ => return TypeRef::Vec(Box::new(TypeRef::Json)),
        };
        let at = path.push("prefixItems");
        let mut types = Vec::new();
        for (i, element) in elements.iter().enumerate() {
            let ty = match serde_json::from_value::<ReferenceOr<Schema>>(element.clone()) {
                Ok(element) => {
                    self.schema(&element, &at.push(i), &format!("{hint}Element{}", i + 1))
                }
                Err(_) => TypeRef::Json,
            };
            types.push(ty);
        }
        TypeRef::Tuple(types)
    }

    /// A schema openapiv3 could not classify: mixed keywords, a missing `type`, an enum
    /// of mixed values.
    fn any(&mut self, s: &Schema, any: &AnySchema, site: Site<'_>) -> Shape {
        let Site { path, hint, .. } = site;
        let objectish = is_objectish(any);
        if !any.all_of.is_empty() {
            for (keyword, members) in [("oneOf", &any.one_of), ("anyOf", &any.any_of)] {
                if members.iter().any(|m| !is_constraint_only(m)) {
                    self.diags
                        .warning(
                            &path.push(keyword),
                            format!("`{keyword}` beside `allOf` is not supported; it is left out"),
                        )
                        .help("move the union into one of the `allOf` parts, or the parts into each member");
                }
            }
            if any.not.is_some() {
                self.not_ignored(path);
            }
            return self.all_of(&any.all_of, Some(any), site);
        }
        let base = objectish.then_some(any);
        if !any.one_of.is_empty() {
            if !any.any_of.is_empty() {
                self.diags.warning(
                    &path.push("anyOf"),
                    "`anyOf` beside `oneOf` is not supported; it is left out",
                );
            }
            return self.union(s, &any.one_of, UnionKeyword::OneOf, base, site);
        }
        if !any.any_of.is_empty() {
            return self.union(s, &any.any_of, UnionKeyword::AnyOf, base, site);
        }
        if any.not.is_some() && (objectish || any.items.is_some() || any.typ.is_some()) {
            self.not_ignored(path);
        } else if any.not.is_some() {
            self.diags
                .warning(path, "`not` is not supported; this value is any JSON")
                .help("the generated type is `serde_json::Value`");
            return Shape::Ref(TypeRef::Json);
        }
        if objectish {
            return self.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                site,
            );
        }
        if let Some(items) = &any.items {
            let item = self.schema(items, &path.push("items"), &format!("{hint}Item"));
            return Shape::Ref(TypeRef::Vec(Box::new(item)));
        }
        if let Some(values) = any_string_enum(any) {
            let values = values.into_iter().map(|v| (v, None)).collect();
            return Shape::Kind(string_enum_named(values, &given_variant_names(s)));
        }
        if let Some(values) = any_integer_enum(any) {
            return Shape::Kind(integer_enum(&values, &given_variant_names(s)));
        }
        match any.typ.as_deref() {
            Some("string") => {
                Shape::Ref(self.string_of_format(any.format.as_deref().unwrap_or("")))
            }
            Some("integer") => Shape::Ref(TypeRef::Integer(int_kind(
                any.format.as_deref().unwrap_or(""),
            ))),
            Some("number") => Shape::Ref(TypeRef::F64),
            Some("boolean") => Shape::Ref(TypeRef::Bool),
            Some("array") => Shape::Ref(TypeRef::Vec(Box::new(TypeRef::Json))),
            _ => Shape::Ref(TypeRef::Json),
        }
    }

    /// Warns that `not` beside other keywords is ignored.
    fn not_ignored(&mut self, path: &DocPath) {
        self.diags
            .warning(
                &path.push("not"),
                "`not` is not supported; the values it excludes are accepted",
            )
            .help("the rest of the schema is generated as if `not` were absent");
    }

    /// An object: a struct with one field per property (sorted by name, the tag property of
    /// a tagged variant left out) and a map for `additionalProperties`; a map or any JSON
    /// object when it names no property.
    pub(super) fn object(
        &mut self,
        properties: &IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        site: Site<'_>,
    ) -> Shape {
        let Site {
            path,
            hint,
            drop_tag,
        } = site;
        let additional_ty = match additional {
            Some(AdditionalProperties::Schema(schema)) => Some(self.schema(
                schema,
                &path.push("additionalProperties"),
                &format!("{hint}Value"),
            )),
            // Other keys are allowed: keep them, so nothing the server sends is lost.
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            _ => None,
        };
        let mut sorted: Vec<(&String, &ReferenceOr<Box<Schema>>)> = properties
            .iter()
            .filter(|(key, _)| Some(key.as_str()) != drop_tag)
            .collect();
        if sorted.is_empty() {
            return Shape::Ref(match additional_ty {
                Some(TypeRef::Json) | None => TypeRef::JsonObject,
                Some(ty) => TypeRef::Map(Box::new(ty)),
            });
        }
        if sorted.len() > MOST_FIELDS {
            self.diags
                .warning(
                    &path.push("properties"),
                    format!(
                        "this object has {} properties, more than the {MOST_FIELDS} a generated \
                         struct holds; it is a JSON object",
                        sorted.len()
                    ),
                )
                .help("the generated type is `serde_json::Map`: every property is kept");
            return Shape::Ref(TypeRef::JsonObject);
        }
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut field_names = Namespace::with_reserved(if additional_ty.is_some() {
            &[reserved::ADDITIONAL_PROPERTIES]
        } else {
            &[]
        });
        let mut fields = Vec::with_capacity(sorted.len());
        for (key, prop) in sorted {
            let prop_path = path.push("properties").push(key);
            let ty = self.schema(prop, &prop_path, &format!("{hint}{}", pascal(key)));
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                ty => (ty, false),
            };
            let mut docs = match prop {
                ReferenceOr::Item(s) => super::doc_facts::schema_docs_with_facts(s),
                ReferenceOr::Reference { .. } => None,
            };
            // Where a read-only or write-only field is absent, `access` relaxes it.
            let (read_only, write_only) =
                self.refs.resolve_boxed(prop).map_or((false, false), |s| {
                    (s.schema_data.read_only, s.schema_data.write_only)
                });
            let access = match (read_only, write_only) {
                (true, _) => Some("Read-only: the server sets it; it is never sent."),
                (_, true) => Some("Write-only: sent, never received back."),
                _ => None,
            };
            if let Some(line) = access {
                docs = Some(match docs {
                    Some(d) => format!("{d}\n\n{line}"),
                    None => line.to_string(),
                });
            }
            fields.push(Field {
                name: Name::new(field_names.claim(&naming::field_name(key)), key.as_str()),
                ty,
                presence: Presence::new(required.iter().any(|r| r == key), nullable),
                boxed: false,
                read_only,
                write_only,
                docs,
                deprecated: super::doc_facts::is_deprecated(prop),
                constant: None,
                into: false,
            });
        }
        // A key `required` names but no property describes must be there, with any value
        // (Docker package metadata requires `tags` and declares `tag`): a field of any
        // JSON, so a value that has it keeps it.
        let mut undeclared: Vec<&String> = required
            .iter()
            .filter(|key| !properties.contains_key(*key) && Some(key.as_str()) != drop_tag)
            .collect();
        undeclared.sort();
        undeclared.dedup();
        for key in undeclared {
            fields.push(Field {
                name: Name::new(field_names.claim(&naming::field_name(key)), key.as_str()),
                ty: TypeRef::Json,
                presence: Presence::Required,
                boxed: false,
                read_only: false,
                write_only: false,
                docs: Some(
                    "Required by the schema, which does not describe it: any JSON value."
                        .to_string(),
                ),
                deprecated: false,
                constant: None,
                into: false,
            });
        }
        fields.sort_by(|a, b| a.name.wire.cmp(&b.name.wire));
        Shape::Kind(TypeKind::Struct(ir::Struct {
            fields,
            additional: additional_ty,
        }))
    }
}

/// A string schema's `format` as written (`""` when it has none).
/// Whether a schema openapiv3 could not classify describes an object: `type: object`, or
/// properties or `additionalProperties` without another `type`. An explicit `type` wins:
/// `{type: string, additionalProperties: true}` (GitHub's hook delivery payload) is a
/// string, since `additionalProperties` constrains objects only.
pub(super) fn is_objectish(any: &AnySchema) -> bool {
    match any.typ.as_deref() {
        Some("object") => true,
        None => !any.properties.is_empty() || any.additional_properties.is_some(),
        Some(_) => false,
    }
}

fn string_format(st: &openapiv3::StringType) -> &str {
    match &st.format {
        VariantOrUnknownOrEmpty::Item(StringFormat::Password) => "password",
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => "date-time",
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => "date",
        VariantOrUnknownOrEmpty::Item(StringFormat::Byte) => "byte",
        VariantOrUnknownOrEmpty::Item(StringFormat::Binary) => "binary",
        VariantOrUnknownOrEmpty::Unknown(format) => format.as_str(),
        VariantOrUnknownOrEmpty::Empty => "",
    }
}
