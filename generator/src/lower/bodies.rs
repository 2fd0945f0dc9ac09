//! Form and multipart request bodies: a form's per-property styles and a multipart
//! body's parts (file, text or JSON), from the schema and the spec's `encoding` object.
//! The body's type stays the generated struct; its `format: binary` fields become
//! `runtime::FilePart`.

use indexmap::IndexMap;
use openapiv3::{
    Encoding, MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::ir::{self, PartKind, QueryStyle, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// The parts of a multipart body typed `ty`, with its struct's binary fields made
    /// files; `None` when `ty` is not a struct (the body is then sent as bytes).
    pub(super) fn multipart_parts(
        &mut self,
        ty: &TypeRef,
        media_type: &MediaType,
    ) -> Option<Vec<ir::Part>> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        let files = self.file_properties(media_type.schema.as_ref()?);
        let TypeKind::Struct(s) = &self.types.get(name)?.kind else {
            return None;
        };
        if s.additional.is_some() {
            // Properties the spec does not name have no part: sent as bytes instead.
            return None;
        }
        let parts: Vec<ir::Part> = s
            .fields
            .iter()
            .map(|field| ir::Part {
                field: field.name.clone(),
                wire_name: field.wire_name.clone(),
                kind: if files.contains(&field.wire_name) {
                    PartKind::File
                } else {
                    part_kind(&field.ty, self.holds_object(&field.ty))
                },
                content_type: media_type
                    .encoding
                    .get(&field.wire_name)
                    .and_then(|e| e.content_type.clone()),
            })
            .collect();
        if let Some(TypeKind::Struct(s)) = self.types.get_mut(name).map(|def| &mut def.kind) {
            for field in &mut s.fields {
                if files.contains(&field.wire_name) {
                    field.ty = into_file(&field.ty);
                }
            }
        }
        Some(parts)
    }

    /// Whether the named type a field holds (through `Option`, `Vec`, ...) is an object
    /// or union (sent as JSON) rather than an enum or alias of a scalar (text).
    fn holds_object(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(name) => self.types.get(name).is_some_and(|def| {
                !matches!(
                    def.kind,
                    TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_)
                ) && !matches!(&def.kind, TypeKind::Alias(t) | TypeKind::Newtype(ir::Newtype { ty: t, .. }) if is_scalar(t))
            }),
            TypeRef::Vec(inner) | TypeRef::Nullable(inner) | TypeRef::Secret(inner) => {
                self.holds_object(inner)
            }
            _ => false,
        }
    }

    /// The properties of an object schema that are files: `format: binary` strings (3.1
    /// `contentMediaType` arrives as that), or arrays of them.
    fn file_properties(&self, schema: &ReferenceOr<Schema>) -> Vec<String> {
        let Some(schema) = self.refs.resolve(schema) else {
            return Vec::new();
        };
        let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
            return Vec::new();
        };
        let mut files = Vec::new();
        for (name, property) in &object.properties {
            let Some(property) = self.refs.resolve_boxed(property) else {
                continue;
            };
            let is_file = match &property.schema_kind {
                SchemaKind::Type(Type::Array(array)) => array
                    .items
                    .as_ref()
                    .and_then(|items| self.refs.resolve_boxed(items))
                    .is_some_and(is_binary),
                _ => is_binary(property),
            };
            if is_file {
                files.push(name.clone());
            }
        }
        files
    }
}

/// A form body's styles: each property whose `encoding` names a style or `explode`.
/// A missing `explode` is the specification's default (`true` for `form`), written in by
/// the loader's dialect step, since the model alone would read it as `false`.
pub(super) fn form_styles(encoding: &IndexMap<String, Encoding>) -> Vec<(String, QueryStyle)> {
    let mut styles: Vec<(String, QueryStyle)> = encoding
        .iter()
        .filter_map(|(name, e)| {
            let style = match (&e.style, e.explode) {
                // The default (`form`, exploded), which the runtime uses anyway.
                (None, true) => return None,
                (None | Some(openapiv3::QueryStyle::Form), explode) => QueryStyle::Form { explode },
                (Some(openapiv3::QueryStyle::SpaceDelimited), _) => QueryStyle::SpaceDelimited,
                (Some(openapiv3::QueryStyle::PipeDelimited), _) => QueryStyle::PipeDelimited,
                (Some(openapiv3::QueryStyle::DeepObject), _) => QueryStyle::DeepObject,
            };
            Some((name.clone(), style))
        })
        .collect();
    styles.sort_by(|a, b| a.0.cmp(&b.0));
    styles
}

/// `type: string, format: binary`.
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
}

/// A field's type with its string made a file (`String` -> `FilePart`,
/// `Vec<String>` -> `Vec<FilePart>`).
fn into_file(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Vec(inner) => TypeRef::Vec(Box::new(into_file(inner))),
        TypeRef::Nullable(inner) => TypeRef::Nullable(Box::new(into_file(inner))),
        _ => TypeRef::File,
    }
}

/// How a field that is not a file is sent: text for scalars (repeated for arrays of
/// them), JSON for anything else (one part per element of an array of objects).
fn part_kind(ty: &TypeRef, holds_object: bool) -> PartKind {
    match strip(ty) {
        TypeRef::Vec(item) if is_scalar(item) => PartKind::Text,
        TypeRef::Vec(item) if matches!(strip(item), TypeRef::Named(_)) && !holds_object => {
            PartKind::Text
        }
        TypeRef::Vec(_) => PartKind::JsonEach,
        TypeRef::Named(_) if !holds_object => PartKind::Text,
        t if is_scalar(t) => PartKind::Text,
        _ => PartKind::Json,
    }
}

fn strip(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => strip(inner),
        other => other,
    }
}

fn is_scalar(ty: &TypeRef) -> bool {
    matches!(
        strip(ty),
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Format(_)
    )
}
