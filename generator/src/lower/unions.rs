//! `oneOf` / `anyOf`: tagged, string or untagged enums.
//!
//! A union with a discriminator is an internally tagged enum ([`Lowerer::tagged`]); one
//! whose members are all string enums is one string enum, and one whose members are all
//! integer constants one integer enum; one whose members each pin a different value of a
//! common property is tagged by it (see [`super::variants`]); one whose members refine
//! the properties beside it is one struct. Anything else is an untagged enum, which the
//! runtime's `untagged!` decodes as the member a value fits most closely, trying members
//! ordered by [`Rank`](super::rank::Rank): the ones that accept the fewest values first.

use std::collections::BTreeSet;
use std::fmt;

use openapiv3::{AnySchema, ReferenceOr, Schema, SchemaKind};

use super::all_of::collect_object;
use super::facts::{
    accepts_anything, integer_enum_of, integer_enum_values, is_bare_object, is_constraint_only,
    is_null_schema, nullable, schema_docs, string_enum, string_enum_values, IntegerEntry,
};
use super::rank::{ambiguous, overlaps, MemberInfo};
use super::{pascal, Lowerer, Shape, Site};
use crate::diag::DocPath;
use crate::ir::{self, Format, TypeKind, TypeRef};
use crate::naming::Namespace;

/// The keyword a union is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UnionKeyword {
    /// `oneOf`: exactly one member fits.
    OneOf,
    /// `anyOf`: one or more members fit.
    AnyOf,
}

impl fmt::Display for UnionKeyword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UnionKeyword::OneOf => "oneOf",
            UnionKeyword::AnyOf => "anyOf",
        })
    }
}

impl<'a> Lowerer<'a> {
    /// `oneOf` / `anyOf`: a tagged enum when a discriminator names the tag, one string
    /// enum when every member is one, a struct when the members only refine the
    /// properties beside them (`base`), else an untagged enum.
    pub(super) fn union(
        &mut self,
        s: &Schema,
        members: &[ReferenceOr<Schema>],
        keyword: UnionKeyword,
        base: Option<&AnySchema>,
        site: Site<'_>,
    ) -> Shape {
        let Site { path, hint, .. } = site;
        let members_path = path.push(keyword);
        let nonnull: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .collect();
        let has_null = nonnull.len() < members.len();
        // Members that only add `required` (or another constraint) restrict the object
        // beside them; they are not types of their own. Without properties beside, a
        // bare `{type: object}` is one (any object), and so is `{}` (any value).
        let typed: Vec<(usize, &ReferenceOr<Schema>)> = nonnull
            .iter()
            .copied()
            .filter(|(_, m)| {
                !is_constraint_only(m)
                    || (base.is_none() && (is_bare_object(m) || accepts_anything(m)))
            })
            .collect();
        if typed.is_empty() {
            return match base {
                Some(any) => self.object(
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    site,
                ),
                None => Shape::Ref(TypeRef::Json),
            };
        }
        // `type: object` beside the union and nothing else, over members that each pin a
        // different value of a property (OpenAI's eval run `data_source`, tagged by
        // `type`), says only that the members are objects: they are the members of a
        // union tagged by that property, not refinements to merge into one struct (where
        // the first member's `input`, a string, would win over the next one's list).
        // Members no property tells apart are still merged (their patterns, which no Rust
        // type checks, may be all that does), unless they declare a property as different
        // kinds of value (the merged struct would refuse one member's values); so is a
        // union with a discriminator, whose member may be a discriminated union itself.
        let base = base.filter(|b| {
            !b.properties.is_empty()
                || b.additional_properties.is_some()
                || s.schema_data.discriminator.is_some()
                || (self.implicit_tag(&typed).is_none() && !self.members_disagree(&typed))
        });
        if let (None, [(i, only)]) = (base, typed.as_slice()) {
            // A lone inline constant (`oneOf: [{title: GUILD_PRODUCT, const: 0}]`, the
            // integer-enum idiom with one value so far) is the enum of that value, named
            // by its title and defined where the union is: not an anonymous shape, which
            // would take a numbered name and be shared with unrelated one-value enums.
            if !has_null && matches!(only, ReferenceOr::Item(_)) {
                if let Some(entries) = self.integer_enum_union(s, &typed) {
                    return Shape::Kind(integer_enum_of(entries));
                }
                if let Some(values) = self.enum_union(&typed) {
                    return Shape::Kind(string_enum(values));
                }
            }
            // `X: {anyOf: [{...}, {type: 'null'}]}` is `type X = Option<..>`: its inline
            // member is named `XValue`, after its own place, where the next free number
            // after `X` would move whenever another place wanting `X` came first.
            let value_hint;
            let hint = if has_null
                && matches!(only, ReferenceOr::Item(_))
                && self.names.contains(&pascal(hint))
            {
                value_hint = format!("{}Value", pascal(hint));
                value_hint.as_str()
            } else {
                hint
            };
            let ty = self.schema(only, &members_path.push(i), hint);
            return Shape::Ref(if has_null { nullable(ty) } else { ty });
        }
        if let Some(disc) = &s.schema_data.discriminator {
            if let Some(tagged) = self.tagged(disc, &typed, &members_path) {
                return Shape::Kind(TypeKind::Tagged(tagged));
            }
        }
        if let Some(values) = self.enum_union(&typed) {
            return Shape::Kind(string_enum(values));
        }
        if let Some(entries) = self.integer_enum_union(s, &typed) {
            return Shape::Kind(integer_enum_of(entries));
        }
        if base.is_none() {
            if let Some(tag) = self.implicit_tag(&typed) {
                let tagged = self.implicit_tagged(&tag, &typed, &members_path, hint);
                return Shape::Kind(TypeKind::Tagged(tagged));
            }
        }
        if let Some(base) = base {
            if let Some(shape) = self.merged_with_base(base, &typed, keyword, site) {
                return shape;
            }
        }
        if keyword == UnionKeyword::AnyOf && base.is_none() {
            if let Some(shape) = self.indistinct_objects(&typed, &members_path, site) {
                return shape;
            }
        }
        Shape::Kind(TypeKind::Untagged(self.untagged(
            &typed,
            keyword,
            &members_path,
            hint,
        )))
    }

    /// Properties beside the union (`base`), which its members refine: one struct with
    /// every property the members add, optional. `None` (with a warning that the
    /// properties are left out) when a member is not an object.
    fn merged_with_base(
        &mut self,
        base: &AnySchema,
        typed: &[(usize, &ReferenceOr<Schema>)],
        keyword: UnionKeyword,
        site: Site<'_>,
    ) -> Option<Shape> {
        let path = site.path;
        let members_path = path.push(keyword);
        let mut merged = base.properties.clone();
        // A member that keeps other keys (`additionalProperties`) makes the struct
        // keep them: a key it admits is not lost when the value is encoded again.
        let mut additional = base.additional_properties.clone();
        let mut all_objects = true;
        for (_, m) in typed {
            match self
                .refs
                .resolve(m)
                .and_then(|m| collect_object(self, m, 0))
            {
                Some(obj) => {
                    for (k, v) in obj.properties {
                        merged.entry(k).or_insert(v);
                    }
                    if additional.is_none() {
                        additional = obj.additional;
                    }
                }
                None => all_objects = false,
            }
        }
        if all_objects {
            if keyword == UnionKeyword::OneOf {
                self.diags
                    .warning(
                        &members_path,
                        "the members of this `oneOf` extend the properties beside it; they are merged into one struct, so which member a value is is not checked",
                    )
                    .help("add a `discriminator` to decode the members as an enum");
            }
            return Some(self.object(&merged, &base.required, additional.as_ref(), site));
        }
        self.diags.warning(
            &path.push("properties"),
            format!("properties beside a `{keyword}` of non-objects are left out"),
        );
        None
    }

    /// An `anyOf` of objects that a value may fit several of (every property one member
    /// requires is known to another): decoded untagged, the first member that fits would
    /// win and a `Dog` would become a `Cat`. One struct with every member's properties
    /// is faithful instead: a property is required when every member requires it.
    fn indistinct_objects(
        &mut self,
        typed: &[(usize, &ReferenceOr<Schema>)],
        members_path: &DocPath,
        site: Site<'_>,
    ) -> Option<Shape> {
        let mut objects = Vec::new();
        for (_, m) in typed {
            let obj = self
                .refs
                .resolve(m)
                .and_then(|m| collect_object(self, m, 0))?;
            if obj.properties.is_empty() {
                return None;
            }
            objects.push((self.member_info(m), obj));
        }
        let mut infos: Vec<&MemberInfo> = objects.iter().map(|(info, _)| info).collect();
        infos.sort_by_key(|info| info.rank);
        if !ambiguous(&infos) {
            return None;
        }
        let mut properties = indexmap::IndexMap::new();
        let mut required: Option<BTreeSet<String>> = None;
        let mut additional = None;
        for (_, obj) in &objects {
            for (key, prop) in &obj.properties {
                properties
                    .entry(key.clone())
                    .or_insert_with(|| prop.clone());
            }
            let own: BTreeSet<String> = obj.required.iter().cloned().collect();
            required = Some(match required {
                None => own,
                Some(all) => all.intersection(&own).cloned().collect(),
            });
            if additional.is_none() {
                additional = obj.additional.clone();
            }
        }
        let required: Vec<String> = required.unwrap_or_default().into_iter().collect();
        let names = typed
            .iter()
            .map(|(i, m)| match m {
                ReferenceOr::Reference { reference } => {
                    format!("`{}`", reference.rsplit('/').next().unwrap_or(reference))
                }
                ReferenceOr::Item(_) => format!("member {i}"),
            })
            .collect::<Vec<_>>()
            .join(", ");
        self.diags
            .warning(
                members_path,
                format!("the members of this `anyOf` are objects a value may fit several of ({names}); it is decoded as one struct with every member's properties (required where every member requires them), so which member a value is is not checked"),
            )
            .help("add a `discriminator`, or make the members' required properties tell them apart");
        Some(self.object(&properties, &required, additional.as_ref(), site))
    }

    /// The variants of an untagged enum, in the order they are tried; a `oneOf` that one
    /// value may fit several members of is reported, naming them.
    fn untagged(
        &mut self,
        typed: &[(usize, &ReferenceOr<Schema>)],
        keyword: UnionKeyword,
        members_path: &DocPath,
        hint: &str,
    ) -> Vec<ir::UnionVariant> {
        let mut ranked = Vec::new();
        let mut variant_names = Namespace::default();
        for (i, member) in typed {
            let info = self.member_info(member);
            let member_path = members_path.push(i);
            let ty = self.schema(member, &member_path, &format!("{hint}Variant{}", i + 1));
            let title = self
                .refs
                .resolve(member)
                .and_then(|m| m.schema_data.title.as_deref())
                .filter(|t| !t.trim().is_empty() && matches!(member, ReferenceOr::Item(_)));
            let wanted = match title {
                Some(t) => pascal(t),
                None => variant_name_for(&ty, *i),
            };
            let name = variant_names.claim(&wanted);
            ranked.push((
                info,
                ir::UnionVariant {
                    name,
                    ty,
                    boxed: false,
                    from: false,
                    from_str: None,
                    member: ir::Place(member_path.segments().to_vec()),
                },
            ));
        }
        // Untagged enums take the first variant that matches, so the ones that accept
        // the fewest inputs go first: structs with more required fields, then unions,
        // then arrays and maps, then scalars, then any JSON.
        ranked.sort_by_key(|(info, _)| info.rank);
        let overlapping = overlaps(&ranked.iter().map(|(info, _)| info).collect::<Vec<_>>());
        let variants: Vec<ir::UnionVariant> = ranked.into_iter().map(|(_, v)| v).collect();
        if !overlapping.is_empty() && keyword == UnionKeyword::OneOf {
            let pairs = overlapping
                .iter()
                .map(|&(a, b)| format!("`{}` and `{}`", variants[a].name, variants[b].name))
                .collect::<Vec<_>>()
                .join(", ");
            let order = variants
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ");
            self.diags
                .warning(
                    members_path,
                    format!("this `oneOf` has no discriminator and a value may fit several members ({pairs}); such a value decodes as the first that fits, in this order: {order}"),
                )
                .help("add a `discriminator` to decode by tag, or make the members exclude each other");
        }
        variants
    }

    /// A union whose members are all string enums (often one value each, documented one
    /// by one): the values of all of them, with each single value's description.
    fn enum_union(
        &self,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<Vec<(String, Option<String>)>> {
        if members.is_empty() {
            return None;
        }
        let mut values = Vec::new();
        for (_, m) in members {
            let s = self.refs.resolve(m)?;
            let listed = string_enum_values(s)?;
            let docs = if listed.len() == 1 {
                schema_docs(s)
            } else {
                None
            };
            for v in listed {
                values.push((v, docs.clone()));
            }
        }
        Some(values)
    }

    /// A union whose members are all integer constants (`{title: REPLY, const: 19}`, or
    /// integer enums), the idiom some schema generators write documented integer enums
    /// in; `type: integer` may be on the union or on each member: one integer enum, each
    /// single value named by its member's `title` and documented by its `description`.
    fn integer_enum_union(
        &self,
        union: &Schema,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<Vec<IntegerEntry>> {
        if members.is_empty() {
            return None;
        }
        if let SchemaKind::Any(any) = &union.schema_kind {
            if !matches!(any.typ.as_deref(), None | Some("integer")) {
                return None;
            }
        }
        let mut entries = Vec::new();
        for (_, m) in members {
            let s = self.refs.resolve(m)?;
            let values = integer_enum_values(s)?;
            let single = values.len() == 1;
            for value in values {
                entries.push(IntegerEntry {
                    value,
                    name: single.then(|| s.schema_data.title.clone()).flatten(),
                    docs: single
                        .then(|| s.schema_data.description.clone())
                        .flatten()
                        .filter(|d| !d.trim().is_empty()),
                });
            }
        }
        Some(entries)
    }
}

/// A variant name for a member without a title, from the type it holds.
fn variant_name_for(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name_for(inner, index)),
        TypeRef::Tuple(_) => "Tuple".into(),
        TypeRef::Map(inner) => format!("{}Map", variant_name_for(inner, index)),
        TypeRef::Json | TypeRef::JsonObject => "Json".into(),
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => variant_name_for(inner, index),
        TypeRef::Format(format) => match format {
            Format::DateTime => "DateTime".into(),
            Format::Date => "Date".into(),
            Format::Uuid => "Uuid".into(),
            Format::Base64 => "Bytes".into(),
            Format::Ipv4 => "Ipv4".into(),
            Format::Ipv6 => "Ipv6".into(),
        },
        TypeRef::File => "File".into(),
        TypeRef::JsonPatch => "JsonPatch".into(),
        TypeRef::Bytes | TypeRef::Unit => format!("Variant{}", index + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use super::*;
    use crate::ir::Presence;

    fn variant_names(kind: &TypeKind) -> Vec<&str> {
        match kind {
            TypeKind::Untagged(vs) => vs.iter().map(|v| v.name.as_str()).collect(),
            TypeKind::Tagged(t) => t.variants.iter().map(|v| v.name.rust.as_str()).collect(),
            other => panic!("not a union: {other:?}"),
        }
    }

    #[test]
    fn an_any_of_of_objects_a_value_fits_several_of_is_one_struct() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Cat:
      type: object
      required: [name]
      properties: {name: {type: string}, lives: {type: integer}}
    Dog:
      type: object
      required: [name]
      properties: {name: {type: string}, barks: {type: boolean}}
    Pet:
      anyOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
    Ordered:
      anyOf:
        - {type: object, required: [name], properties: {name: {type: string}}}
        - {type: object, required: [name, barks], properties: {name: {type: string}, barks: {type: boolean}}}
    Distinct:
      anyOf:
        - {type: object, required: [a], properties: {a: {type: string}}}
        - {type: object, required: [b], properties: {b: {type: string}}}
"##,
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("one struct with every member's properties"));
        let TypeKind::Struct(pet) = kind(&api, "Pet") else {
            panic!("Pet is not a struct");
        };
        let presence: Vec<(&str, Presence)> = pet
            .fields
            .iter()
            .map(|f| (f.name.wire.as_str(), f.presence))
            .collect();
        assert_eq!(
            presence,
            [
                ("barks", Presence::Optional),
                ("lives", Presence::Optional),
                ("name", Presence::Required)
            ]
        );
        // Members that required properties tell apart stay an untagged enum.
        assert!(matches!(kind(&api, "Distinct"), TypeKind::Untagged(_)));
        assert!(matches!(kind(&api, "Ordered"), TypeKind::Untagged(_)));
    }

    #[test]
    fn untagged_members_go_most_specific_first() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    U:
      oneOf:
        - type: string
        - $ref: "#/components/schemas/Loose"
        - type: array
          items: {type: integer}
        - $ref: "#/components/schemas/Strict"
    Loose: {type: object, required: [a], properties: {a: {type: string}}}
    Strict:
      type: object
      required: [a, b]
      properties: {a: {type: string}, b: {type: string}}
"##,
        );
        assert_eq!(
            variant_names(kind(&api, "U")),
            ["Strict", "Loose", "IntegerList", "String"]
        );
        // `Strict` first: a `Loose` value lacks `b`, so only the reverse would be ambiguous.
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn an_ambiguous_one_of_names_the_members_a_value_may_fit() {
        let (_, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    U:
      oneOf:
        - $ref: "#/components/schemas/A"
        - $ref: "#/components/schemas/B"
    A: {type: object, required: [id], properties: {id: {type: string}, x: {type: string}}}
    B: {type: object, required: [id], properties: {id: {type: string}}}
"##,
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].contains("may fit several members (`A` and `B`)"),
            "{warnings:?}"
        );
        assert!(
            warnings[0].contains("in this order: `A`, `B`"),
            "{warnings:?}"
        );
    }

    #[test]
    fn member_refs_are_unescaped_like_every_other_ref() {
        // `pets/Cat` is written `pets~1Cat` in a `$ref`; it must be found as a variant
        // exactly like `Dog`, so both are defined without the tag.
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/pets~1Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator: {propertyName: kind}
    pets/Cat:
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
        for name in ["PetsCat", "Dog"] {
            let TypeKind::Struct(s) = kind(&api, name) else {
                panic!("{name} is not a struct");
            };
            let fields: Vec<&str> = s.fields.iter().map(|f| f.name.wire.as_str()).collect();
            assert!(
                !fields.contains(&"kind"),
                "{name} keeps the tag: {fields:?}"
            );
        }
        assert!(
            !api.types.iter().any(|t| t.name.ends_with("Variant")),
            "no tag-less copies are needed"
        );
    }

    #[test]
    fn members_that_pin_the_same_tag_are_decoded_untagged() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Item:
      oneOf:
        - $ref: "#/components/schemas/Input"
        - $ref: "#/components/schemas/Output"
      discriminator: {propertyName: type}
    Input:
      type: object
      required: [type, text]
      properties: {type: {type: string, enum: [message]}, text: {type: string}}
    Output:
      type: object
      required: [type, id]
      properties: {type: {type: string, enum: [message]}, id: {type: string}}
"##,
        );
        assert!(matches!(kind(&api, "Item"), TypeKind::Untagged(_)));
        assert!(
            warnings
                .iter()
                .any(|w| w.contains("pin `type` to the same value `message`")),
            "{warnings:?}"
        );
    }
}
