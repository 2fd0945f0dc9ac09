//! Tag-less variants: the structs that the variants of a tagged enum hold.
//!
//! serde's internally tagged enums read the tag property themselves and hand the rest of
//! the object to the variant, so the struct a variant holds must not have the tag as a
//! field (it would be missing from what the variant sees). Every place that builds a
//! tagged enum (a `oneOf` with a discriminator, an inheritance base, a union whose members
//! pin a tag value without a discriminator) gets its variant types from here:
//! - a component used *only* as a variant of unions tagged by one property
//!   (`Lowerer::variant_only`, found by [`Lowerer::find_variant_only`] from every `$ref`
//!   in the document) is itself defined without the tag, under its own name;
//! - a component that is also used directly keeps the tag, and its variants hold a copy
//!   without it, `<Name>Variant` (`Lowerer::variant_copies`), made once per tag;
//! - an inline member is lowered with the tag left out ([`super::Site::drop_tag`]).
//!
//! [`Lowerer::implicit_tag`] finds the tag of a union without a discriminator whose members
//! each pin one value of a common required property, as serde itself describes internally
//! tagged enums.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Response, Schema, SchemaKind, Type,
};

use super::all_of::{collect_object, CollectedObject};
use super::facts::{schema_docs, string_enum_values, ValueKind};
use super::{pascal, Lowerer, Shape, Site};
use crate::diag::DocPath;
use crate::ir::{self, TypeRef};
use crate::naming::{self, reserved, Namespace};
use crate::refs::{self, Resolver, Section};

impl<'a> Lowerer<'a> {
    /// Components used only as variants of unions tagged by one property, with that
    /// property: they are defined without it.
    pub(super) fn find_variant_only(&self) -> BTreeMap<String, String> {
        let mut uses = RefUses {
            refs: self.refs,
            direct: BTreeSet::new(),
            as_variant: BTreeMap::new(),
            unions: Vec::new(),
        };
        uses.document(self.api);
        // A discriminated union that cannot be decoded by its tag is decoded untagged, and
        // its members must keep the tag there: they are used directly.
        for union in std::mem::take(&mut uses.unions) {
            if !self.taggable(&union) {
                uses.direct.extend(union.members.into_iter().flatten());
            }
        }
        for base in self.inheritance.values() {
            for (_, key) in &base.variants {
                uses.as_variant
                    .entry(key.clone())
                    .or_insert_with(|| base.tag.clone());
            }
        }
        uses.as_variant
            .into_iter()
            .filter(|(key, _)| !uses.direct.contains(key) && !self.inheritance.contains_key(key))
            .collect()
    }

    /// Whether [`Lowerer::tagged`] can decode a discriminated union by its tag: every
    /// member a `$ref` to an object, each with a tag value of its own.
    fn taggable(&self, union: &DiscriminatedUnion) -> bool {
        let mut seen = BTreeSet::new();
        for member in &union.members {
            let Some(key) = member else {
                return false;
            };
            let Some(schema) = self
                .refs
                .entry::<Schema>(key)
                .and_then(|s| self.refs.resolve(s))
            else {
                return false;
            };
            if collect_object(self, schema, 0).is_none() && !super::facts::says_nothing(schema) {
                return false;
            }
            let mapped: Vec<String> = union
                .mapping
                .iter()
                .filter(|(_, target)| {
                    refs::component_name(target, Section::Schemas).as_deref() == Some(key.as_str())
                        || *target == key
                })
                .map(|(value, _)| value.clone())
                .collect();
            let values = if !mapped.is_empty() {
                mapped
            } else {
                self.allowed_tags(key, &union.tag)
                    .unwrap_or_else(|| vec![key.clone()])
            };
            if !values.into_iter().all(|value| seen.insert(value)) {
                return false;
            }
        }
        true
    }

    /// The one value an object allows for its property `tag` (`enum: [x]`, or `const: x`
    /// in 3.1), when it allows exactly one: the tag value that object pins.
    pub(super) fn pinned_in(&self, object: &CollectedObject, tag: &str) -> Option<String> {
        let property = self.refs.resolve_boxed(object.properties.get(tag)?)?;
        match string_enum_values(property)?.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// Whether two members of a union declare one property as different kinds of value
    /// (OpenAI's `CreateEvalItem`: `content` a string in one member, a string or a list
    /// of parts in the other): merged into one struct, the first declaration would win
    /// and a value of the other member would not decode.
    pub(super) fn members_disagree(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> bool {
        let mut kinds: BTreeMap<String, Option<ValueKind>> = BTreeMap::new();
        for (_, m) in members {
            let Some(obj) = self
                .refs
                .resolve(m)
                .and_then(|s| collect_object(self, s, 0))
            else {
                continue;
            };
            for (key, property) in &obj.properties {
                let kind = self
                    .refs
                    .resolve_boxed(property)
                    .and_then(|s| self.kind_of(s, 0));
                match kinds.get(key) {
                    Some(seen) if *seen != kind => return true,
                    Some(_) => {}
                    None => {
                        kinds.insert(key.clone(), kind);
                    }
                }
            }
        }
        false
    }

    /// The property that tags every member of a union without a discriminator: required
    /// in each, a string enum of one value in each, a different value in each (how
    /// serde's internally tagged enums describe themselves).
    pub(super) fn implicit_tag(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> Option<String> {
        if members.len() < 2 {
            return None;
        }
        let mut objects = Vec::new();
        for (_, m) in members {
            objects.push(
                self.refs
                    .resolve(m)
                    .and_then(|s| collect_object(self, s, 0))?,
            );
        }
        let first = objects.first()?;
        let mut candidates: Vec<&String> = first.properties.keys().collect();
        candidates.sort();
        'candidates: for candidate in candidates {
            let mut values = BTreeSet::new();
            for obj in &objects {
                if !obj.required.contains(candidate) {
                    continue 'candidates;
                }
                match self.pinned_in(obj, candidate) {
                    Some(one) if values.insert(one.clone()) => {}
                    _ => continue 'candidates,
                }
            }
            return Some(candidate.clone());
        }
        None
    }

    /// The tagged enum of a union whose members [`Lowerer::implicit_tag`] found a tag in.
    pub(super) fn implicit_tagged(
        &mut self,
        tag: &str,
        members: &[(usize, &ReferenceOr<Schema>)],
        path: &DocPath,
        hint: &str,
    ) -> ir::Tagged {
        let mut variants = Vec::new();
        // `Other` holds a tag the union does not know (OpenAI's chunking strategies have a
        // member tagged `other`).
        let mut variant_names = Namespace::with_reserved(&[reserved::OTHER_VARIANT]);
        for (i, member) in members {
            let value = self
                .refs
                .resolve(member)
                .and_then(|s| collect_object(self, s, 0))
                .and_then(|o| self.pinned_in(&o, tag))
                .unwrap_or_default();
            let member_path = path.push(i);
            let variant_hint = format!("{hint}{}", pascal(&value));
            let ty = match member {
                ReferenceOr::Reference { reference } => {
                    match refs::component_name(reference, Section::Schemas) {
                        Some(key) => self.variant_struct(&key, tag, &member_path),
                        // A pointer's target is lowered without the tag, as a member
                        // written in place is; its own type keeps the tag.
                        None => match self.refs.target::<Schema>(reference) {
                            Some(s) => self.tagless_member(s, tag, &member_path, &variant_hint),
                            None => TypeRef::JsonObject,
                        },
                    }
                }
                ReferenceOr::Item(s) => self.tagless_member(s, tag, &member_path, &variant_hint),
            };
            variants.push(ir::TaggedVariant {
                name: ir::Name::new(variant_names.claim(&naming::variant_name(&value)), value),
                ty,
                docs: None,
                from: false,
            });
        }
        ir::Tagged {
            tag: tag.to_string(),
            variants,
        }
    }

    /// The tag-less type of a member that is no component, as a variant of a union tagged
    /// by `tag`.
    fn tagless_member(&mut self, s: &Schema, tag: &str, path: &DocPath, hint: &str) -> TypeRef {
        let site = Site {
            path,
            hint,
            drop_tag: Some(tag),
        };
        match self.shape(s, site) {
            Shape::Kind(kind) => TypeRef::Named(self.intern(hint, schema_docs(s), kind)),
            Shape::Ref(ty) => ty,
        }
    }

    /// The tag-less struct for component `key` as a variant of a union tagged by `tag`.
    pub(super) fn variant_struct(&mut self, key: &str, tag: &str, path: &DocPath) -> TypeRef {
        if self.variant_only.get(key).map(String::as_str) == Some(tag) {
            if let Some(name) = self.component_names.get(key) {
                return TypeRef::Named(name.clone());
            }
        }
        if let Some(name) = self.variant_copies.get(&(key.to_string(), tag.to_string())) {
            return TypeRef::Named(name.clone());
        }
        let Some(schema) = self.refs.entry::<Schema>(key) else {
            return TypeRef::Json;
        };
        let base = self
            .component_names
            .get(key)
            .cloned()
            .unwrap_or_else(|| pascal(key));
        let name = self.names.claim(&format!("{base}Variant"));
        self.variant_copies
            .insert((key.to_string(), tag.to_string()), name.clone());
        self.define_named(&name, schema, path, Some(tag));
        TypeRef::Named(name)
    }
}

/// Where each component schema is referenced: as a variant of a discriminated `oneOf`, or
/// anywhere else.
struct RefUses<'a> {
    /// Follows pointers to the component their chain reaches.
    refs: Resolver<'a>,
    /// Components referenced anywhere but as a member of a union with a discriminator.
    direct: BTreeSet<String>,
    /// Components referenced as a member of a union with a discriminator, with its tag.
    as_variant: BTreeMap<String, String>,
    /// Every union with a discriminator.
    unions: Vec<DiscriminatedUnion>,
}

/// A union with a discriminator, as written: whether it can be decoded by its tag is
/// decided once every union is found.
struct DiscriminatedUnion {
    tag: String,
    /// The component each member refers to; `None` for a member written in place.
    members: Vec<Option<String>>,
    mapping: IndexMap<String, String>,
}

impl RefUses<'_> {
    fn document(&mut self, api: &OpenAPI) {
        for item in api.paths.paths.values() {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for p in &item.parameters {
                self.parameter(p);
            }
            for (_, op) in item.iter() {
                for p in &op.parameters {
                    self.parameter(p);
                }
                if let Some(ReferenceOr::Item(body)) = &op.request_body {
                    self.content(&body.content);
                }
                for r in op
                    .responses
                    .responses
                    .values()
                    .chain(op.responses.default.as_ref())
                {
                    if let ReferenceOr::Item(r) = r {
                        self.response(r);
                    }
                }
            }
        }
        if let Some(c) = &api.components {
            for s in c.schemas.values() {
                self.schema(s);
            }
            for r in c.responses.values() {
                if let ReferenceOr::Item(r) = r {
                    self.response(r);
                }
            }
            for p in c.parameters.values() {
                self.parameter(p);
            }
            for b in c.request_bodies.values() {
                if let ReferenceOr::Item(b) = b {
                    self.content(&b.content);
                }
            }
        }
    }

    fn parameter(&mut self, p: &ReferenceOr<Parameter>) {
        if let ReferenceOr::Item(p) = p {
            match &p.parameter_data_ref().format {
                ParameterSchemaOrContent::Schema(s) => self.schema(s),
                ParameterSchemaOrContent::Content(c) => self.content(c),
            }
        }
    }

    fn response(&mut self, r: &Response) {
        self.content(&r.content);
    }

    fn content(&mut self, content: &IndexMap<String, MediaType>) {
        for m in content.values() {
            if let Some(s) = &m.schema {
                self.schema(s);
            }
        }
    }

    fn reference(&mut self, reference: &str) {
        if let Some(key) = refs::component_name(reference, Section::Schemas) {
            self.direct.insert(key);
        } else if let Some(found) = self.refs.follow(reference) {
            // A pointer whose chain reaches a component uses it directly.
            if let Some((Section::Schemas, key)) = found.component() {
                self.direct.insert(key.to_string());
            }
        }
    }

    fn boxed(&mut self, s: &ReferenceOr<Box<Schema>>) {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference),
            ReferenceOr::Item(s) => self.item(s),
        }
    }

    fn schema(&mut self, s: &ReferenceOr<Schema>) {
        match s {
            ReferenceOr::Reference { reference } => self.reference(reference),
            ReferenceOr::Item(s) => self.item(s),
        }
    }

    fn item(&mut self, s: &Schema) {
        let discriminator = s.schema_data.discriminator.as_ref();
        let tag = discriminator.map(|d| &d.property_name);
        let union_members = |this: &mut Self, members: &[ReferenceOr<Schema>]| {
            if let (Some(d), false) = (discriminator, members.is_empty()) {
                this.unions.push(DiscriminatedUnion {
                    tag: d.property_name.clone(),
                    members: members
                        .iter()
                        .map(|m| match m {
                            ReferenceOr::Reference { reference } => {
                                refs::component_name(reference, Section::Schemas)
                            }
                            ReferenceOr::Item(_) => None,
                        })
                        .collect(),
                    mapping: d.mapping.clone(),
                });
            }
            for m in members {
                match (m, tag) {
                    (ReferenceOr::Reference { reference }, Some(tag)) => {
                        if let Some(key) = refs::component_name(reference, Section::Schemas) {
                            this.as_variant.insert(key, tag.clone());
                        }
                    }
                    _ => this.schema(m),
                }
            }
        };
        match &s.schema_kind {
            SchemaKind::Type(Type::Object(o)) => {
                for p in o.properties.values() {
                    self.boxed(p);
                }
                if let Some(AdditionalProperties::Schema(a)) = &o.additional_properties {
                    self.schema(a);
                }
            }
            SchemaKind::Type(Type::Array(a)) => {
                if let Some(items) = &a.items {
                    self.boxed(items);
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => union_members(self, one_of),
            SchemaKind::AnyOf { any_of } => {
                for m in any_of {
                    self.schema(m);
                }
            }
            SchemaKind::AllOf { all_of } => {
                for m in all_of {
                    self.schema(m);
                }
            }
            SchemaKind::Not { not } => self.schema(not),
            SchemaKind::Any(any) => {
                for p in any.properties.values() {
                    self.boxed(p);
                }
                if let Some(items) = &any.items {
                    self.boxed(items);
                }
                if let Some(AdditionalProperties::Schema(a)) = &any.additional_properties {
                    self.schema(a);
                }
                union_members(self, &any.one_of);
                for m in any.any_of.iter().chain(&any.all_of) {
                    self.schema(m);
                }
                if let Some(not) = &any.not {
                    self.schema(not);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::{TypeKind, TypeRef};

    #[test]
    fn members_that_pin_one_value_each_are_tagged_by_it() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Event:
      oneOf:
        - type: object
          required: [type, id]
          properties: {type: {type: string, enum: [created]}, id: {type: string}}
        - type: object
          required: [type]
          properties: {type: {type: string, enum: [deleted]}, at: {type: string}}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Tagged(tagged) = kind(&api, "Event") else {
            panic!("not tagged");
        };
        assert_eq!(tagged.tag, "type");
        let values: Vec<&str> = tagged
            .variants
            .iter()
            .map(|v| v.name.wire.as_str())
            .collect();
        assert_eq!(values, ["created", "deleted"]);
        // The variants' structs leave the tag out: serde reads it.
        for v in &tagged.variants {
            let TypeRef::Named(name) = &v.ty else {
                panic!("variant holds {:?}", v.ty);
            };
            let TypeKind::Struct(s) = kind(&api, name) else {
                panic!("{name} is not a struct");
            };
            assert!(s.fields.iter().all(|f| f.name.wire != "type"));
        }
    }

    #[test]
    fn no_implicit_tag_when_values_repeat_or_are_optional() {
        for (first, second) in [
            // The same value twice cannot tell the members apart.
            ("required: [t]\n          properties: {t: {type: string, enum: [a]}, x: {type: string}}",
             "required: [t]\n          properties: {t: {type: string, enum: [a]}, y: {type: integer}}"),
            // A tag that may be left out cannot be relied on.
            ("required: [t]\n          properties: {t: {type: string, enum: [a]}, x: {type: string}}",
             "properties: {t: {type: string, enum: [b]}, y: {type: integer}}"),
        ] {
            let (api, _) = lower_yaml(&format!(
                "paths: {{}}\ncomponents:\n  schemas:\n    U:\n      anyOf:\n        - type: object\n          {first}\n        - type: object\n          {second}\n"
            ));
            // Not tagged: untagged, or (for members a value may fit both of) one struct.
            assert!(
                matches!(kind(&api, "U"), TypeKind::Untagged(_) | TypeKind::Struct(_)),
                "{:?}",
                kind(&api, "U")
            );
        }
    }

    #[test]
    fn a_component_also_used_directly_keeps_its_tag_and_gets_a_copy() {
        let (api, warnings) = lower_yaml(
            r##"
paths:
  /cat:
    get:
      responses:
        "200":
          description: A cat on its own.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Cat"}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator: {propertyName: kind}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [cat]}, meow: {type: boolean}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string, enum: [dog]}, bark: {type: boolean}}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let wire_names = |name: &str| match kind(&api, name) {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| f.name.wire.clone())
                .collect::<Vec<_>>(),
            other => panic!("{name}: {other:?}"),
        };
        assert_eq!(wire_names("Cat"), ["kind", "meow"]);
        assert_eq!(wire_names("CatVariant"), ["meow"]);
        // `Dog` is only a variant: it is itself defined without the tag.
        assert_eq!(wire_names("Dog"), ["bark"]);
    }
}
