//! Component schemas: every one named up front, the inheritance bases found, each defined
//! as a type of its own; and `$ref`s to them (or to a schema a pointer leads to) resolved
//! at a place of use.
//!
//! Names are claimed in sorted key order before anything is lowered, so a component's name
//! never depends on the order of the document or on which inline shape was met first.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema};

use super::facts::{all_of_parts, has_union, is_nullable, nullable, schema_docs};
use super::{pascal, Lowerer, Shape, Site};
use crate::diag::DocPath;
use crate::ir::{self, TypeKind, TypeRef};
use crate::naming::{self, Namespace};
use crate::refs::{self, Section};

/// A component schema with a discriminator that other components extend with `allOf`:
/// it becomes a tagged enum over them.
#[derive(Debug, Clone)]
pub(super) struct Inheritance {
    /// The discriminator property.
    pub(super) tag: String,
    /// (tag value, component key), sorted by value.
    pub(super) variants: Vec<(String, String)>,
}

impl<'a> Lowerer<'a> {
    /// `components.schemas`, when the document has any.
    pub(super) fn component_schemas(&self) -> Option<&'a IndexMap<String, ReferenceOr<Schema>>> {
        self.refs.components().map(|c| &c.schemas)
    }

    /// Names every component schema up front (sorted, so names do not depend on the
    /// order of the document), and finds which are nullable, which are inheritance
    /// bases and which are used only as tagged variants.
    pub(super) fn prepare_components(&mut self) {
        let Some(schemas) = self.component_schemas() else {
            return;
        };
        let keys: BTreeSet<&String> = schemas.keys().collect();
        for key in keys {
            let name = self.names.claim(&pascal(key));
            self.component_names.insert(key.clone(), name);
            if let Some(ReferenceOr::Item(s)) = schemas.get(key) {
                if is_nullable(s) {
                    self.nullable_components.insert(key.clone());
                }
            }
        }
        self.inheritance = self.find_inheritance();
        self.variant_only = self.find_variant_only();
    }

    /// Component schemas with a discriminator and no `oneOf` / `anyOf`, which other
    /// components extend through `allOf` (directly or through each other).
    fn find_inheritance(&self) -> BTreeMap<String, Inheritance> {
        let mut out = BTreeMap::new();
        let Some(schemas) = self.component_schemas() else {
            return out;
        };
        // parent -> the components that name it in their `allOf`.
        let mut children: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (key, schema) in schemas {
            let ReferenceOr::Item(s) = schema else {
                continue;
            };
            for part in all_of_parts(s) {
                if let ReferenceOr::Reference { reference } = part {
                    if let Some(parent) = refs::component_name(reference, Section::Schemas) {
                        children.entry(parent).or_default().insert(key.clone());
                    }
                }
            }
        }
        for (key, schema) in schemas {
            let ReferenceOr::Item(s) = schema else {
                continue;
            };
            let Some(disc) = &s.schema_data.discriminator else {
                continue;
            };
            if has_union(s) {
                continue;
            }
            let mut descendants = BTreeSet::new();
            let mut queue: Vec<&String> = children.get(key).into_iter().flatten().collect();
            while let Some(child) = queue.pop() {
                if child != key && descendants.insert(child.clone()) {
                    queue.extend(children.get(child).into_iter().flatten());
                }
            }
            if descendants.is_empty() {
                continue;
            }
            let mut variants = Vec::new();
            let mut mapped = BTreeSet::new();
            for (value, target) in &disc.mapping {
                let target = refs::component_name(target, Section::Schemas)
                    .unwrap_or_else(|| target.clone());
                if target == *key || descendants.contains(&target) {
                    variants.push((value.clone(), target.clone()));
                    mapped.insert(target);
                }
            }
            for d in &descendants {
                if !mapped.contains(d) {
                    variants.push((d.clone(), d.clone()));
                }
            }
            variants.sort();
            out.insert(
                key.clone(),
                Inheritance {
                    tag: disc.property_name.clone(),
                    variants,
                },
            );
        }
        out
    }

    /// Defines the type of every component schema.
    pub(super) fn lower_components(&mut self) {
        let Some(schemas) = self.component_schemas() else {
            return;
        };
        let mut sorted: Vec<(&String, &ReferenceOr<Schema>)> = schemas.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (key, schema) in sorted {
            let Some(name) = self.component_names.get(key).cloned() else {
                continue;
            };
            let path = DocPath::from_segments(["components", "schemas", key.as_str()]);
            match self.inheritance.get(key).cloned() {
                Some(base) => self.define_inheritance(&name, schema, &base, &path),
                None => {
                    let drop_tag = self.variant_only.get(key).cloned();
                    self.define_named(&name, schema, &path, drop_tag.as_deref());
                }
            }
            if let Some(def) = self.types.get_mut(&name) {
                def.origin = Some(refs::pointer_to(Section::Schemas, key));
            }
        }
    }

    /// Defines the type `name` from `schema`.
    pub(super) fn define_named(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        path: &DocPath,
        drop_tag: Option<&str>,
    ) {
        match schema {
            ReferenceOr::Reference { reference } => {
                let ty = self.resolve_schema_ref(reference);
                self.define(name, None, TypeKind::Alias(ty));
            }
            ReferenceOr::Item(s) => self.define_schema(name, s, path, drop_tag),
        }
    }

    /// Defines the type `name` from the schema `s` written at `path`.
    pub(super) fn define_schema(
        &mut self,
        name: &str,
        s: &Schema,
        path: &DocPath,
        drop_tag: Option<&str>,
    ) {
        let site = Site {
            path,
            hint: name,
            drop_tag,
        };
        let kind = match self.shape(s, site) {
            Shape::Kind(kind) => kind,
            Shape::Ref(ty) => TypeKind::Alias(ty),
        };
        self.define(name, super::doc_facts::schema_docs_with_facts(s), kind);
        if s.schema_data.deprecated {
            if let Some(def) = self.types.get_mut(name) {
                def.deprecated = true;
            }
        }
    }

    /// Defines an inheritance base as a tagged enum over the schemas that extend it.
    fn define_inheritance(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        base: &Inheritance,
        path: &DocPath,
    ) {
        let docs = match schema {
            ReferenceOr::Item(s) => schema_docs(s),
            ReferenceOr::Reference { .. } => None,
        };
        let mut variant_names = Namespace::default();
        let mut variants = Vec::new();
        for (value, key) in &base.variants {
            let ty = self.variant_struct(key, &base.tag, path);
            variants.push(ir::TaggedVariant {
                name: ir::Name::new(
                    variant_names.claim(&naming::variant_name(value)),
                    value.as_str(),
                ),
                ty,
                docs: None,
                from: false,
            });
        }
        let kind = TypeKind::Tagged(ir::Tagged {
            tag: base.tag.clone(),
            variants,
        });
        self.define(name, docs, kind);
    }

    /// The type a `$ref` to a schema stands for at a place of use: its component's type
    /// (`Option` when the component may be `null`), or the type of the schema a pointer
    /// leads to (see [`super::pointers`]).
    pub(super) fn resolve_schema_ref(&self, reference: &str) -> TypeRef {
        let found = match refs::component_name(reference, Section::Schemas) {
            Some(key) => self.component_ref(&key),
            None => self.pointer_ref(reference),
        };
        // Validation reports missing and external targets; lowering falls back quietly.
        found.unwrap_or(TypeRef::Json)
    }

    /// The type a use of component schema `key` stands for.
    pub(super) fn component_ref(&self, key: &str) -> Option<TypeRef> {
        let ty = TypeRef::Named(self.component_names.get(key)?.clone());
        Some(if self.nullable_components.contains(key) {
            nullable(ty)
        } else {
            ty
        })
    }
}
