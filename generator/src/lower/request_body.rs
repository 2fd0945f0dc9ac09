//! An operation's request body: each media type the spec accepts lowered to what a
//! method sends ([`ir::MediaBody`]), then one of them, or the caller's choice of several
//! (an enum with a variant per media type), and those the raw twin sends.
//!
//! The rules, in order:
//! - a media type whose `Content-Type` the caller must name (a range such as `*/*`, a
//!   `multipart/*` body that is no plain object and so needs the caller's boundary) is
//!   sent by the `<method>_with_body` twin, not typed; but when nothing else is typed, a
//!   range that admits JSON (`*/*`, `application/*`) with a schema of JSON values (not
//!   binary) is also the method's body, sent as `application/json`;
//! - the others are typed: one is the method's body as it always was; two or more make a
//!   `<Operation>Body` enum whose variant picks the media type, JSON first;
//! - a JSON Patch (`application/json-patch+json`) whose schema is loose (any JSON, any
//!   object, an array of either: Kubernetes' `Patch`) is `runtime::JsonPatch`, RFC 6902's
//!   operations typed; a schema with structure is kept as the spec says;
//! - YAML is text the caller writes (there is no YAML serializer in a generated crate).

use openapiv3::{MediaType, ReferenceOr, RequestBody};

use super::media::{essence, is_json_patch, rank, request_encoding};
use super::Lowerer;
use crate::diag::DocPath;
use crate::ir::{self, BodyEncoding, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

impl<'a> Lowerer<'a> {
    /// The request body: what the method sends and what its raw twin sends.
    pub(super) fn body(
        &mut self,
        body: &ReferenceOr<RequestBody>,
        path: &DocPath,
        type_base: &str,
    ) -> Option<ir::Body> {
        let Some(body) = self.refs.resolve(body) else {
            self.diags.warning(
                path,
                "this request body's `$ref` could not be resolved; the operation is generated without a body",
            );
            return None;
        };
        // JSON first, so the first typed media type keeps the name `<Operation>Request`
        // that a single one gets; then by name, so the document's order does not matter.
        let mut content: Vec<(&String, &MediaType)> = body.content.iter().collect();
        content.sort_by(|a, b| (rank(a.0).0, a.0).cmp(&(rank(b.0).0, b.0)));
        let mut typed: Vec<(ir::MediaBody, &MediaType)> = Vec::new();
        let mut raw: Vec<ir::MediaBody> = Vec::new();
        for (media, media_type) in content {
            let hint = if typed.is_empty() {
                format!("{type_base}Request")
            } else {
                format!("{type_base}{}Request", naming::media_variant_name(media))
            };
            let content_path = path.push("content").push(media);
            let lowered = self.media_body(media, media_type, &content_path, &hint);
            if lowered.content_type_arg {
                raw.push(lowered);
            } else {
                typed.push((lowered, media_type));
            }
        }
        // A range that admits JSON (`*/*`, `application/*`: Kubernetes writes `*/*` for
        // every body) with a schema of JSON values is also sent typed, as
        // `application/json`, when no other media type is.
        if typed.is_empty() {
            let ranged = raw
                .iter()
                .map(|m| m.media_type.clone())
                .find(|m| matches!(essence(m).as_str(), "*/*" | "application/*"));
            if let Some((media, media_type)) =
                ranged.and_then(|m| Some((m.clone(), body.content.get(&m)?)))
            {
                if media_type.schema.is_some() {
                    let content_path = path.push("content").push(&media);
                    let hint = format!("{type_base}Request");
                    let json =
                        self.media_body("application/json", media_type, &content_path, &hint);
                    // Structured values only: a string or any JSON is as likely raw text
                    // or bytes, which the raw twin sends.
                    if matches!(
                        json.ty,
                        TypeRef::Named(_) | TypeRef::Vec(_) | TypeRef::Map(_)
                    ) {
                        typed.push((json, media_type));
                    }
                }
            }
        }
        let (content, docs) = if typed.len() > 1 {
            let mut variants = Namespace::default();
            let variants = typed
                .into_iter()
                .map(|(body, media_type)| ir::BodyVariant {
                    name: variants.claim(&naming::media_variant_name(&body.media_type)),
                    docs: super::doc_facts::body_docs(None, media_type),
                    body,
                })
                .collect();
            let name = self.names.claim(&format!("{type_base}Body"));
            // The examples of each media type are its variant's.
            let docs = body.description.as_deref().map(str::trim);
            let docs = docs.filter(|d| !d.is_empty()).map(str::to_string);
            (
                ir::BodyContent::Choice(ir::BodyChoice { name, variants }),
                docs,
            )
        } else {
            // One media type is typed; or none, and the first the caller names is the
            // method's, as it always was.
            let (one, media_type) = match typed.pop() {
                Some(found) => found,
                None if raw.is_empty() => return None,
                None => {
                    let first = raw.remove(0);
                    let media_type = body.content.get(&first.media_type)?;
                    (first, media_type)
                }
            };
            let docs = super::doc_facts::body_docs(body.description.as_deref(), media_type);
            (ir::BodyContent::One(one), docs)
        };
        let mut other_media_types: Vec<String> = raw.into_iter().map(|m| m.media_type).collect();
        other_media_types.sort();
        Some(ir::Body {
            content,
            required: body.required,
            docs,
            other_media_types,
        })
    }

    /// One media type of a request body: its encoding, the type of its value, a form's
    /// styles or a multipart body's parts.
    fn media_body(
        &mut self,
        media: &str,
        media_type: &MediaType,
        content_path: &DocPath,
        hint: &str,
    ) -> ir::MediaBody {
        let encoding = request_encoding(media);
        let ty = match encoding {
            BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart => {
                match &media_type.schema {
                    Some(schema) => self.schema(schema, &content_path.push("schema"), hint),
                    None => TypeRef::Json,
                }
            }
            BodyEncoding::Text => TypeRef::String,
            _ => TypeRef::Bytes,
        };
        let ty = if encoding == BodyEncoding::Json && is_json_patch(media) && self.is_loose(&ty, 8)
        {
            TypeRef::JsonPatch
        } else {
            ty
        };
        // A multipart body whose schema is no plain struct is bytes the caller encodes.
        let parts = match encoding {
            BodyEncoding::Multipart => self.multipart_parts(&ty, media_type, content_path),
            _ => None,
        };
        let (encoding, ty) = match (encoding, parts.is_some()) {
            (BodyEncoding::Multipart, false) => (BodyEncoding::Bytes, TypeRef::Bytes),
            _ => (encoding, ty),
        };
        let form_styles = match encoding {
            BodyEncoding::Form => super::bodies::form_styles(&media_type.encoding),
            _ => Vec::new(),
        };
        let essence = essence(media);
        let content_type_arg = encoding == BodyEncoding::Bytes
            && (essence.contains('*') || essence.starts_with("multipart/"));
        ir::MediaBody {
            media_type: media.to_string(),
            encoding,
            ty,
            content_type_arg,
            form_styles,
            parts: parts.unwrap_or_default(),
        }
    }

    /// Whether a type says nothing of its shape beyond "JSON" (any value, any object, a
    /// map or an array of such, or another name for one of those). Aliases are followed a
    /// few steps only: their cycles are not broken yet.
    fn is_loose(&self, ty: &TypeRef, steps: usize) -> bool {
        match ty {
            TypeRef::Json | TypeRef::JsonObject => true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
                self.is_loose(inner, steps)
            }
            TypeRef::Named(name) if steps > 0 => match self.types.get(name).map(|d| &d.kind) {
                Some(TypeKind::Alias(inner)) => self.is_loose(inner, steps - 1),
                _ => false,
            },
            _ => false,
        }
    }
}

/// A body enum's variants whose types are one type under two names (the same inline
/// schema in `application/json` and in a form media type: `CreateThreadFormRequest`, an
/// alias of `CreateThreadRequest`, in Discord's spec) name it the same way, so the enum
/// has one `From` for it: two would conflict. Runs once every type is defined.
pub(super) fn share_aliased_payloads(types: &[ir::TypeDef], operations: &mut [ir::Operation]) {
    let aliases: std::collections::HashMap<&str, &TypeRef> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.name.as_str(), target)),
            _ => None,
        })
        .collect();
    // What a type is once aliases are followed (a bounded walk: cycles were broken).
    let resolve = |ty: &TypeRef| -> TypeRef {
        let mut ty = ty;
        for _ in 0..=aliases.len() {
            match ty {
                TypeRef::Named(name) => match aliases.get(name.as_str()) {
                    Some(target) => ty = target,
                    None => break,
                },
                _ => break,
            }
        }
        ty.clone()
    };
    for op in operations {
        let Some(ir::Body {
            content: ir::BodyContent::Choice(choice),
            ..
        }) = &mut op.body
        else {
            continue;
        };
        let mut seen: Vec<(TypeRef, TypeRef)> = Vec::new();
        for variant in &mut choice.variants {
            let body = &mut variant.body;
            if !matches!(
                body.encoding,
                BodyEncoding::Json | BodyEncoding::Form | BodyEncoding::Multipart
            ) {
                continue;
            }
            let resolved = resolve(&body.ty);
            match seen.iter().find(|(r, _)| *r == resolved) {
                Some((_, first)) => body.ty = first.clone(),
                None => seen.push((resolved, body.ty.clone())),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::lower_yaml;
    use crate::ir::{self, BodyContent, BodyEncoding, PartKind, TypeRef};

    /// The body of the only operation of a document whose `paths` are `paths`.
    fn body_of(paths: &str) -> (ir::Body, Vec<String>) {
        let (api, warnings) = lower_yaml(paths);
        let body = api.operations[0].body.clone().expect("a body");
        (body, warnings)
    }

    fn content(media: &[(&str, &str)]) -> String {
        let mut text = String::from(
            "paths:\n  /x:\n    patch:\n      operationId: x\n      requestBody:\n        required: true\n        content:\n",
        );
        for (media, schema) in media {
            text.push_str(&format!(
                "          \"{media}\":\n            schema: {schema}\n"
            ));
        }
        text.push_str("      responses:\n        '204': {description: ok}\n");
        text
    }

    /// `(variant, media type, encoding, type)` of a choice.
    fn variants(body: &ir::Body) -> Vec<(&str, &str, BodyEncoding, &TypeRef)> {
        let BodyContent::Choice(choice) = &body.content else {
            panic!("not a choice: {:?}", body.content);
        };
        choice
            .variants
            .iter()
            .map(|v| {
                let b = &v.body;
                (v.name.as_str(), b.media_type.as_str(), b.encoding, &b.ty)
            })
            .collect()
    }

    #[test]
    fn several_media_types_are_a_choice_json_first() {
        let loose = "{type: object}";
        let (body, warnings) = body_of(&content(&[
            ("application/apply-patch+yaml", loose),
            ("application/strategic-merge-patch+json", loose),
            ("application/merge-patch+json", loose),
            ("application/json-patch+json", loose),
        ]));
        assert_eq!(warnings, Vec::<String>::new());
        assert_eq!(
            variants(&body),
            [
                (
                    "JsonPatch",
                    "application/json-patch+json",
                    BodyEncoding::Json,
                    &TypeRef::JsonPatch
                ),
                (
                    "MergePatch",
                    "application/merge-patch+json",
                    BodyEncoding::Json,
                    &TypeRef::JsonObject
                ),
                (
                    "StrategicMergePatch",
                    "application/strategic-merge-patch+json",
                    BodyEncoding::Json,
                    &TypeRef::JsonObject
                ),
                (
                    "ApplyPatchYaml",
                    "application/apply-patch+yaml",
                    BodyEncoding::Text,
                    &TypeRef::String
                ),
            ]
        );
        assert!(body.other_media_types.is_empty());
    }

    #[test]
    fn one_typed_media_type_stays_the_method_and_ranges_go_to_the_raw_twin() {
        let (body, _) = body_of(&content(&[
            ("*/*", "{type: string, format: binary}"),
            ("application/json", "{type: string}"),
        ]));
        let BodyContent::One(one) = &body.content else {
            panic!("not one: {:?}", body.content);
        };
        assert_eq!(one.media_type, "application/json");
        assert_eq!(body.other_media_types, ["*/*"]);

        let (body, _) = body_of(&content(&[
            ("*/*", "{type: string, format: binary}"),
            ("text/csv", "{type: string}"),
            ("application/json", "{type: string}"),
        ]));
        let names: Vec<&str> = variants(&body).iter().map(|v| v.0).collect();
        assert_eq!(names, ["Json", "TextCsv"]);
        assert_eq!(body.other_media_types, ["*/*"]);
    }

    #[test]
    fn a_range_alone_with_a_structured_schema_is_sent_as_json_and_raw() {
        // Kubernetes: `*/*` for every body, with the resource's schema.
        let mut doc = content(&[("*/*", "{$ref: '#/components/schemas/Lease'}")]);
        doc.push_str(
            "components:\n  schemas:\n    Lease:\n      type: object\n      properties: {holder: {type: string}}\n",
        );
        let (body, _) = body_of(&doc);
        let BodyContent::One(one) = &body.content else {
            panic!("not one: {:?}", body.content);
        };
        assert_eq!(one.media_type, "application/json");
        assert_eq!(one.encoding, BodyEncoding::Json);
        assert_eq!(one.ty, TypeRef::Named("Lease".into()));
        assert_eq!(body.other_media_types, ["*/*"]);

        // Bytes, a plain string or any JSON under a range stay the caller's to encode.
        for schema in ["{type: string, format: binary}", "{type: string}", "{}"] {
            let (body, _) = body_of(&content(&[("*/*", schema)]));
            let BodyContent::One(one) = &body.content else {
                panic!("not one: {:?}", body.content);
            };
            assert_eq!(one.media_type, "*/*", "{schema}");
            assert!(one.content_type_arg, "{schema}");
        }
    }

    #[test]
    fn json_patch_is_typed_only_when_the_schema_is_loose() {
        for (schema, typed) in [
            ("{type: object}", true),
            ("{type: array, items: {type: object}}", true),
            ("{}", true),
            ("{$ref: '#/components/schemas/Loose'}", true),
            ("{$ref: '#/components/schemas/Ops'}", false),
            ("{$ref: '#/components/schemas/Nested'}", false),
        ] {
            let mut doc = content(&[("application/json-patch+json", schema)]);
            doc.push_str(
                "components:\n  schemas:\n    Loose: {type: object}\n    Op:\n      type: object\n      properties: {op: {type: string}, path: {type: string}}\n    Ops: {type: array, items: {$ref: '#/components/schemas/Op'}}\n    Nested: {type: array, items: {$ref: '#/components/schemas/Nested'}}\n",
            );
            let (body, _) = body_of(&doc);
            let BodyContent::One(one) = &body.content else {
                panic!("not one: {:?}", body.content);
            };
            assert_eq!(
                one.ty == TypeRef::JsonPatch,
                typed,
                "{schema}: {:?}",
                one.ty
            );
        }
    }

    /// Discord's `create_thread`: the same inline `anyOf` in JSON and in a form, which
    /// lowering names twice (the second an alias of the first); both variants hold the
    /// first name, so the enum has one `From` for it.
    #[test]
    fn one_type_under_two_names_is_named_once() {
        let union = "{anyOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}";
        let mut doc = content(&[
            ("application/json", union),
            ("application/x-www-form-urlencoded", union),
        ]);
        doc.push_str("components:\n  schemas:\n    A: {type: object, required: [a], properties: {a: {type: string}}}\n    B: {type: object, required: [b], properties: {b: {type: integer}}}\n");
        let (api, _) = lower_yaml(&doc);
        let body = api.operations[0].body.clone().expect("a body");
        let types: Vec<&TypeRef> = variants(&body).into_iter().map(|v| v.3).collect();
        assert_eq!(types.len(), 2);
        assert_eq!(types[0], types[1], "{body:#?}");
        let TypeRef::Named(first) = types[0] else {
            panic!("{body:#?}");
        };
        assert!(api.types.iter().any(|t| &t.name == first));
    }

    #[test]
    fn yaml_alone_is_text() {
        let (body, _) = body_of(&content(&[("application/yaml", "{type: object}")]));
        let BodyContent::One(one) = &body.content else {
            panic!("not one: {:?}", body.content);
        };
        assert_eq!(
            (one.encoding, &one.ty),
            (BodyEncoding::Text, &TypeRef::String)
        );
    }

    #[test]
    fn part_headers_of_files_are_listed_and_others_are_warnings() {
        let doc = "paths:\n  /x:\n    post:\n      operationId: x\n      requestBody:\n        content:\n          multipart/form-data:\n            schema:\n              type: object\n              properties:\n                file: {type: string, format: binary}\n                note: {type: string}\n            encoding:\n              file:\n                headers:\n                  X-Sum: {required: true, description: The sum., schema: {type: string}}\n                  X-Alpha: {schema: {type: string}}\n                  content-type: {schema: {type: string}}\n              note:\n                headers:\n                  X-Lang: {schema: {type: string}}\n      responses:\n        '204': {description: ok}\n";
        let (body, warnings) = body_of(doc);
        let BodyContent::One(one) = &body.content else {
            panic!("not one: {:?}", body.content);
        };
        let file = &one.parts[0];
        assert_eq!(file.kind, PartKind::File);
        let headers: Vec<(&str, bool, Option<&str>)> = file
            .headers
            .iter()
            .map(|h| (h.name.as_str(), h.required, h.docs.as_deref()))
            .collect();
        assert_eq!(
            headers,
            [("X-Alpha", false, None), ("X-Sum", true, Some("The sum."))]
        );
        assert!(one.parts[1].headers.is_empty());
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].contains("`Content-Type`"), "{warnings:?}");
        assert!(warnings[1].contains("`X-Lang`"), "{warnings:?}");
    }
}
