//! A multipart body's `format: binary` fields made files (`runtime::FilePart`), once
//! every type is lowered: in place when multipart bodies are the struct's only use, else
//! on a copy of the struct of its own (`<Name>Multipart`). Where JSON carries the same
//! struct (OpenAI's container files accept one schema as JSON and as multipart; a response
//! may return it), a binary field stays the string JSON has: a file part has no JSON form.

use std::collections::{BTreeMap, BTreeSet};

use super::access::reach;
use super::Lowerer;
use crate::ir::{BodyContent, BodyEncoding, MediaBody, Operation, PartKind, TypeKind, TypeRef};

impl Lowerer<'_> {
    /// Makes the file fields of every multipart body's struct files (see the module docs).
    pub(super) fn make_files(&mut self, operations: &mut [Operation]) {
        let elsewhere = self.used_elsewhere(operations);
        let mut copies: BTreeMap<String, String> = BTreeMap::new();
        for op in operations.iter_mut() {
            let Some(body) = op.body.as_mut() else {
                continue;
            };
            for media in media_mut(&mut body.content) {
                if media.encoding != BodyEncoding::Multipart {
                    continue;
                }
                let files: BTreeSet<String> = media
                    .parts
                    .iter()
                    .filter(|p| p.kind == PartKind::File)
                    .map(|p| p.name.wire.clone())
                    .collect();
                let TypeRef::Named(name) = &media.ty else {
                    continue;
                };
                if files.is_empty() {
                    continue;
                }
                let target = if elsewhere.contains(name) {
                    match copies.get(name) {
                        Some(copy) => copy.clone(),
                        None => {
                            let copy = self.copy_type(name);
                            copies.insert(name.clone(), copy.clone());
                            copy
                        }
                    }
                } else {
                    name.clone()
                };
                if let Some(TypeKind::Struct(s)) =
                    self.types.get_mut(&target).map(|def| &mut def.kind)
                {
                    for field in &mut s.fields {
                        if files.contains(&field.name.wire) {
                            field.ty = into_file(&field.ty);
                        }
                    }
                }
                media.ty = TypeRef::Named(target);
            }
        }
    }

    /// The types something other than a multipart body reaches: parameters, responses,
    /// bodies in other encodings, and other types.
    fn used_elsewhere(&self, operations: &[Operation]) -> BTreeSet<String> {
        let kinds: BTreeMap<&str, &TypeKind> = self
            .types
            .iter()
            .map(|(n, d)| (n.as_str(), &d.kind))
            .collect();
        let mut out = BTreeSet::new();
        for op in operations {
            for param in op.path_params.iter().chain(&op.params) {
                reach(&param.ty, &kinds, &mut out);
            }
            for case in &op.responses {
                reach(&case.ty, &kinds, &mut out);
            }
            for media in op.body.iter().flat_map(|body| body.content.media()) {
                if media.encoding != BodyEncoding::Multipart {
                    reach(&media.ty, &kinds, &mut out);
                }
            }
        }
        // Types other types hold (as a field, a variant, an alias's target) are carried
        // as JSON wherever those are.
        for kind in kinds.values() {
            let children: Vec<&TypeRef> = match kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| &f.ty)
                    .chain(&s.additional)
                    .collect(),
                TypeKind::Tagged(t) => t.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Untagged(variants) => variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Alias(ty) => vec![ty],
                TypeKind::Newtype(n) => vec![&n.ty],
                _ => Vec::new(),
            };
            for child in children {
                reach(child, &kinds, &mut out);
            }
        }
        out.into_iter().map(str::to_string).collect()
    }

    /// A copy of the struct `name` under a name of its own, for its multipart use.
    fn copy_type(&mut self, name: &str) -> String {
        let copy = self
            .names
            .claim(&format!("{}Multipart", super::pascal(name)));
        if let Some(def) = self.types.get(name) {
            let mut def = def.clone();
            def.name = copy.clone();
            def.origin = None;
            self.types.insert(copy.clone(), def);
        }
        copy
    }
}

/// Each media type a body can be sent in, to change.
fn media_mut(content: &mut BodyContent) -> Vec<&mut MediaBody> {
    match content {
        BodyContent::One(media) => vec![media],
        BodyContent::Choice(choice) => choice.variants.iter_mut().map(|v| &mut v.body).collect(),
    }
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
