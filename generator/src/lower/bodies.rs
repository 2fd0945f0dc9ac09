//! Form and multipart request bodies: a form's per-property styles and a multipart
//! body's parts (file, text or JSON) with the headers documented for them, from the
//! schema and the spec's `encoding` object. The body's type stays the generated struct;
//! its `format: binary` fields become `runtime::FilePart` (see [`super::files`]).

use indexmap::IndexMap;
use openapiv3::{
    Encoding, MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::Lowerer;
use crate::diag::DocPath;
use crate::docs::code_span;
use crate::ir::{self, PartKind, QueryStyle, TypeKind, TypeRef};

impl<'a> Lowerer<'a> {
    /// The parts of a multipart body typed `ty`, with its struct's binary fields made
    /// files; `None` when `ty` is not a struct (the body is then sent as bytes). The part
    /// headers the `encoding` documents are listed, and a file field's docs say how to
    /// set them; a part that is no file cannot carry one, which is a warning.
    pub(super) fn multipart_parts(
        &mut self,
        ty: &TypeRef,
        media_type: &MediaType,
        content_path: &DocPath,
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
        let fields: Vec<(ir::Name, TypeRef)> = s
            .fields
            .iter()
            .map(|f| (f.name.clone(), f.ty.clone()))
            .collect();
        let mut parts = Vec::with_capacity(fields.len());
        for (name, field_ty) in fields {
            let wire_name = name.wire.clone();
            let encoding = media_type.encoding.get(&wire_name);
            let kind = if files.contains(&wire_name) {
                PartKind::File
            } else {
                part_kind(&field_ty, self.holds_object(&field_ty))
            };
            let encoding_path = content_path.push("encoding").push(&wire_name);
            let headers = match encoding {
                Some(encoding) => self.part_headers(encoding, &encoding_path, &wire_name, kind),
                None => Vec::new(),
            };
            parts.push(ir::Part {
                name,
                kind,
                content_type: encoding.and_then(|e| e.content_type.clone()),
                headers,
            });
        }
        if let Some(TypeKind::Struct(s)) = self.types.get_mut(name).map(|def| &mut def.kind) {
            for field in &mut s.fields {
                let part = parts.iter().find(|p| p.name.wire == field.name.wire);
                let text = part.and_then(|p| headers_doc(&p.headers));
                // Another operation that sends the same struct may have said it already.
                let said = |text: &String| field.docs.as_ref().is_some_and(|d| d.contains(text));
                if let Some(text) = text.filter(|t| !said(t)) {
                    field.docs = Some(match field.docs.take() {
                        Some(docs) => format!("{docs}\n\n{text}"),
                        None => text,
                    });
                }
            }
        }
        Some(parts)
    }

    /// The headers an `encoding` documents for the part `wire_name`, sorted by name:
    /// `Content-Type` is left out with a warning (the specification has `contentType`
    /// say it), and so is every header of a part that is no file, which has no way to
    /// carry one.
    fn part_headers(
        &mut self,
        encoding: &Encoding,
        encoding_path: &DocPath,
        wire_name: &str,
        kind: PartKind,
    ) -> Vec<ir::PartHeader> {
        let mut headers = Vec::new();
        for (name, header) in &encoding.headers {
            let path = encoding_path.push("headers").push(name);
            if name.eq_ignore_ascii_case("content-type") {
                self.diags.warning(
                    &path,
                    format!(
                        "`Content-Type` among the headers of the part `{wire_name}` is ignored, as the specification says; `contentType` sets it"
                    ),
                );
                continue;
            }
            if kind != PartKind::File {
                self.diags.warning(
                    &path,
                    format!(
                        "the part `{wire_name}` is not a file, so the header `{name}` its encoding documents is not sent: only a file part (`FilePart::header`) carries headers"
                    ),
                );
                continue;
            }
            let header = self.refs.resolve(header);
            headers.push(ir::PartHeader {
                name: name.clone(),
                required: header.is_some_and(|h| h.required),
                docs: header
                    .and_then(|h| h.description.as_deref())
                    .map(str::trim)
                    .filter(|d| !d.is_empty())
                    .map(str::to_string),
            });
        }
        headers.sort_by(|a, b| a.name.cmp(&b.name));
        headers
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

/// What a file field's docs say of the headers its part may carry, or `None` when the
/// spec documents none.
fn headers_doc(headers: &[ir::PartHeader]) -> Option<String> {
    if headers.is_empty() {
        return None;
    }
    let mut text =
        String::from("Part headers the spec documents, set with `FilePart::header(name, value)`:");
    for header in headers {
        text.push_str("\n- ");
        text.push_str(&code_span(&header.name));
        if header.required {
            text.push_str(" (required)");
        }
        if let Some(docs) = &header.docs {
            text.push_str(": ");
            text.push_str(&docs.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
    Some(text)
}

/// `type: string, format: binary`.
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s)) if s.format == VariantOrUnknownOrEmpty::Item(StringFormat::Binary)
    )
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
