//! `allOf`: the parts merged into one struct.
//!
//! Parts that only annotate or constrain are skipped; parts are followed through `$ref`s
//! and nested `allOf`s ([`collect_object`]); a property two parts declare as different
//! kinds of value becomes any JSON, with a warning, while a later part that refines a
//! property (an enum of a string, an integer of a number) wins.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, AnySchema, ReferenceOr, Schema, SchemaKind, Type};

use super::facts::{is_constraint_only, value_kind, ValueKind};
use super::{Lowerer, Shape, Site};
use crate::diag::DocPath;
use crate::ir::TypeRef;

impl<'a> Lowerer<'a> {
    /// `allOf`: the properties of every part merged into one struct. Parts that only
    /// annotate are skipped; a part that is not an object, or a property two parts
    /// declare with different types, is reported (the property becomes any JSON).
    pub(super) fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<&AnySchema>,
        site: Site<'_>,
    ) -> Shape {
        let Site {
            path,
            hint,
            drop_tag,
        } = site;
        let parts_path = path.push("allOf");
        let typed: Vec<(usize, &ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_constraint_only(p))
            .collect();
        // `required` of parts that only constrain (`- required: [name]`) still applies.
        let added_required: Vec<String> = parts
            .iter()
            .filter(|p| is_constraint_only(p))
            .flat_map(required_of)
            .collect();
        let own_object =
            own.is_some_and(|a| !a.properties.is_empty() || a.additional_properties.is_some());
        if !own_object {
            match typed.as_slice() {
                [] => return Shape::Ref(TypeRef::Json),
                [(i, only)] if drop_tag.is_none() && self.requires_all(only, &added_required) => {
                    return Shape::Ref(self.schema(only, &parts_path.push(i), hint));
                }
                _ => {}
            }
        }
        let objects: Vec<Option<CollectedObject>> = typed
            .iter()
            .map(|(_, p)| {
                self.refs
                    .resolve(p)
                    .and_then(|s| collect_object(self, s, 0))
            })
            .collect();
        if !own_object && objects.iter().all(Option::is_none) {
            // Scalars that refine each other (a format, a pattern): one type when they
            // agree.
            let mut types = Vec::new();
            for (i, part) in &typed {
                types.push(self.schema(part, &parts_path.push(i), hint));
            }
            if let Some(first) = types.first() {
                if types.iter().all(|t| t == first) {
                    return Shape::Ref(first.clone());
                }
            }
            if let Some(ty) = self.refined_scalar(&typed, &types) {
                return Shape::Ref(ty);
            }
            self.diags
                .warning(
                    &parts_path,
                    "the parts of this `allOf` are different kinds of value; it is any JSON",
                )
                .help("the generated type is `serde_json::Value`");
            return Shape::Ref(TypeRef::Json);
        }
        let mut properties: IndexMap<String, ReferenceOr<Box<Schema>>> = IndexMap::new();
        let mut required: Vec<String> = added_required;
        let mut additional: Option<AdditionalProperties> = None;
        let mut conflicted: BTreeSet<String> = BTreeSet::new();
        let mut collected: Vec<(DocPath, CollectedObject)> = Vec::new();
        for ((i, _), obj) in typed.iter().zip(objects) {
            let part_path = parts_path.push(i);
            match obj {
                Some(obj) => collected.push((part_path, obj)),
                None => {
                    self.diags
                        .warning(
                            &part_path,
                            "this `allOf` part is not an object, so it cannot be merged; it is left out",
                        )
                        .help("only objects can be combined with `allOf`");
                }
            }
        }
        if let Some(own) = own {
            collected.push((
                path.clone(),
                CollectedObject {
                    properties: own.properties.clone(),
                    required: own.required.clone(),
                    additional: own.additional_properties.clone(),
                },
            ));
        }
        for (part_path, obj) in collected {
            for (key, prop) in obj.properties {
                if conflicted.contains(&key) {
                    continue;
                }
                let Some(existing) = properties.get(&key) else {
                    properties.insert(key, prop);
                    continue;
                };
                if same_schema(existing, &prop) {
                    continue;
                }
                let old = self.kind_of_boxed(existing);
                let new = self.kind_of_boxed(&prop);
                match (old, new) {
                    // A later part refines the property (an enum of a string, a struct
                    // for an object): the later, more specific declaration wins.
                    (Some(a), Some(b)) if a == b => {
                        properties.insert(key, prop);
                    }
                    (Some(ValueKind::Integer), Some(ValueKind::Number)) => {
                        properties.insert(key, prop);
                    }
                    (Some(ValueKind::Number), Some(ValueKind::Integer)) => {}
                    (None, Some(_)) => {
                        properties.insert(key, prop);
                    }
                    (_, None) => {}
                    (Some(a), Some(b)) => {
                        self.diags
                            .warning(
                                &part_path,
                                format!(
                                    "property `{key}` is declared by several `allOf` parts as different kinds of value ({a} and {b}); it is any JSON"
                                ),
                            )
                            .help("make the parts agree, or move the property to one part");
                        properties.insert(key.clone(), any_schema());
                        conflicted.insert(key);
                    }
                }
            }
            required.extend(obj.required);
            if additional.is_none() {
                additional = obj.additional;
            }
        }
        self.object(&properties, &required, additional.as_ref(), site)
    }

    /// The kind of value a property's schema allows, for merging: `None` when it does not
    /// say (or allows only `null`, which a later part's nullable type refines).
    pub(super) fn kind_of_boxed(&self, s: &ReferenceOr<Box<Schema>>) -> Option<ValueKind> {
        if let ReferenceOr::Item(item) = s {
            if allows_only_null(item) {
                return None;
            }
        }
        self.refs.resolve_boxed(s).and_then(|s| self.kind_of(s, 0))
    }

    /// [`value_kind`], with an `allOf` the kind its parts agree on: `{allOf: [$ref to an
    /// array]}` (with siblings such as `minLength` or not) is an array, not an object.
    pub(super) fn kind_of(&self, s: &Schema, depth: usize) -> Option<ValueKind> {
        let parts = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any)
                if !any.all_of.is_empty()
                    && any.typ.is_none()
                    && any.properties.is_empty()
                    && any.additional_properties.is_none() =>
            {
                &any.all_of
            }
            _ => return value_kind(s),
        };
        let mut kinds =
            parts
                .iter()
                .filter(|p| !is_constraint_only(p))
                .map(|p| match self.refs.resolve(p) {
                    Some(part) if depth < 16 => self.kind_of(part, depth + 1),
                    _ => None,
                });
        let first = kinds.next().flatten();
        match first {
            Some(kind) if kinds.all(|k| k == Some(kind)) => Some(kind),
            _ => value_kind(s),
        }
    }

    /// Whether `part` already requires every name of `names` (so a part that only adds
    /// those to `required` changes nothing about it).
    fn requires_all(&self, part: &ReferenceOr<Schema>, names: &[String]) -> bool {
        if names.is_empty() {
            return true;
        }
        self.refs
            .resolve(part)
            .and_then(|s| collect_object(self, s, 0))
            .is_some_and(|obj| names.iter().all(|n| obj.required.contains(n)))
    }
}

/// The `required` list of a part written in place (a `$ref` adds none of its own).
fn required_of(part: &ReferenceOr<Schema>) -> Vec<String> {
    match part {
        ReferenceOr::Item(s) => match &s.schema_kind {
            SchemaKind::Any(any) => any.required.clone(),
            SchemaKind::Type(Type::Object(o)) => o.required.clone(),
            _ => Vec::new(),
        },
        ReferenceOr::Reference { .. } => Vec::new(),
    }
}

/// Whether a schema allows `null` only (`{type: object, nullable: true, enum: [null]}`,
/// `{type: "null"}`): merged with a nullable type, it says the value may be `null`.
fn allows_only_null(s: &Schema) -> bool {
    let enumeration = match &s.schema_kind {
        SchemaKind::Any(any) if any.typ.as_deref() == Some("null") => return true,
        SchemaKind::Any(any) => &any.enumeration,
        _ => return false,
    };
    !enumeration.is_empty() && enumeration.iter().all(serde_json::Value::is_null)
}

/// A schema that accepts any value.
fn any_schema() -> ReferenceOr<Box<Schema>> {
    ReferenceOr::Item(Box::new(Schema {
        schema_data: openapiv3::SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }))
}

/// The properties of an object schema, following `$ref`s and nested `allOf`s.
pub(super) struct CollectedObject {
    /// Every property, the first declaration of each.
    pub(super) properties: IndexMap<String, ReferenceOr<Box<Schema>>>,
    /// Every `required` entry of every part.
    pub(super) required: Vec<String>,
    /// The first `additionalProperties`.
    pub(super) additional: Option<AdditionalProperties>,
}

pub(super) fn collect_object(
    cx: &Lowerer<'_>,
    schema: &Schema,
    depth: usize,
) -> Option<CollectedObject> {
    if depth > 16 {
        return None;
    }
    let mut out = CollectedObject {
        properties: IndexMap::new(),
        required: Vec::new(),
        additional: None,
    };
    let parts: &[ReferenceOr<Schema>] = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(ot)) => {
            out.properties = ot.properties.clone();
            out.required = ot.required.clone();
            out.additional = ot.additional_properties.clone();
            return Some(out);
        }
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => {
            out.properties = any.properties.clone();
            out.required = any.required.clone();
            out.additional = any.additional_properties.clone();
            if any.all_of.is_empty() {
                return super::schemas::is_objectish(any).then_some(out);
            }
            &any.all_of
        }
        _ => return None,
    };
    for part in parts {
        if is_constraint_only(part) {
            out.required.extend(required_of(part));
            continue;
        }
        let inner = cx
            .refs
            .resolve(part)
            .and_then(|s| collect_object(cx, s, depth + 1))?;
        for (k, v) in inner.properties {
            out.properties.entry(k).or_insert(v);
        }
        out.required.extend(inner.required);
        if out.additional.is_none() {
            out.additional = inner.additional;
        }
    }
    Some(out)
}

fn same_schema(a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>) -> bool {
    match (a, b) {
        (ReferenceOr::Reference { reference: x }, ReferenceOr::Reference { reference: y }) => {
            x == y
        }
        (ReferenceOr::Item(x), ReferenceOr::Item(y)) => x.schema_kind == y.schema_kind,
        _ => false,
    }
}

impl Lowerer<'_> {
    /// An `allOf` of scalars of one kind where one part names a type (a `$ref` to a string
    /// enum, an alias) and the others only refine it in words or allow `null` (Plaid's
    /// `user_id`: `allOf: [$ref: UserId, {type: string, description: ..}]`): the named
    /// type, `Option` when a part is nullable. `None` when the parts disagree otherwise.
    fn refined_scalar(
        &self,
        typed: &[(usize, &ReferenceOr<Schema>)],
        types: &[TypeRef],
    ) -> Option<TypeRef> {
        let kinds: Vec<Option<&'static str>> = typed
            .iter()
            .map(|(_, part)| self.refs.resolve(part).and_then(scalar_kind))
            .collect();
        let first = kinds.first().copied().flatten()?;
        if kinds.iter().any(|kind| *kind != Some(first)) {
            return None;
        }
        let inner = |ty: &TypeRef| match ty {
            TypeRef::Nullable(inner) => (**inner).clone(),
            other => other.clone(),
        };
        let named: Vec<TypeRef> = types
            .iter()
            .map(inner)
            .filter(|ty| matches!(ty, TypeRef::Named(_)))
            .collect();
        let plain = |ty: &TypeRef| {
            matches!(
                ty,
                TypeRef::String | TypeRef::Integer(_) | TypeRef::F64 | TypeRef::F32 | TypeRef::Bool
            )
        };
        let [ty] = named.as_slice() else {
            return None;
        };
        if !types
            .iter()
            .map(inner)
            .all(|other| other == *ty || plain(&other))
        {
            return None;
        }
        let nullable = types.iter().any(|t| matches!(t, TypeRef::Nullable(_)));
        Some(if nullable {
            TypeRef::Nullable(Box::new(ty.clone()))
        } else {
            ty.clone()
        })
    }
}

/// `string`, `integer`, `number` or `boolean`: a schema's scalar type, when it has one.
fn scalar_kind(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::{Presence, Struct, TypeKind, TypeRef};

    fn fields(kind: &TypeKind) -> &Struct {
        match kind {
            TypeKind::Struct(s) => s,
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn parts_merge_and_refinements_win() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: string}, count: {type: number}, state: {type: string}}
    Merged:
      allOf:
        - $ref: "#/components/schemas/Base"
        - type: object
          properties:
            count: {type: integer}
            state: {type: string, enum: [on, off]}
            extra: {type: boolean}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let s = fields(kind(&api, "Merged"));
        let by_name = |n: &str| s.fields.iter().find(|f| f.name.wire == n).unwrap();
        assert_eq!(by_name("id").presence, Presence::Required);
        // An integer and a number merge to a number, which holds both; an enum refines a
        // string.
        assert_eq!(by_name("count").ty, TypeRef::F64);
        assert!(matches!(by_name("state").ty, TypeRef::Named(_)));
        assert_eq!(by_name("extra").presence, Presence::Optional);
    }

    #[test]
    fn a_named_scalar_refined_in_words_is_the_named_type() {
        // Plaid's `user_id` and `scope`: a `$ref` and an inline scalar of the same kind.
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    UserId: {type: string}
    Scope: {type: string, enum: [me, all]}
    Session:
      type: object
      properties:
        user_id:
          allOf:
            - $ref: "#/components/schemas/UserId"
            - {type: string, description: The user.}
        scope:
          allOf:
            - $ref: "#/components/schemas/Scope"
            - {type: string, nullable: true}
        count:
          allOf:
            - $ref: "#/components/schemas/UserId"
            - {type: integer}
"##,
        );
        let s = fields(kind(&api, "Session"));
        let by_name = |n: &str| s.fields.iter().find(|f| f.name.wire == n).unwrap();
        assert_eq!(by_name("user_id").ty, TypeRef::Named("UserId".into()));
        assert_eq!(by_name("scope").ty, TypeRef::Named("Scope".into()));
        assert_eq!(by_name("scope").presence, Presence::OptionalNullable);
        // A string and an integer are still different kinds of value.
        assert_eq!(by_name("count").ty, TypeRef::Json);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
    }

    #[test]
    fn a_part_that_only_lists_required_names_makes_them_required() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Base:
      type: object
      required: [id]
      properties: {id: {type: string}, name: {type: string}}
    Named:
      allOf:
        - $ref: "#/components/schemas/Base"
        - required: [name]
    Same:
      allOf:
        - $ref: "#/components/schemas/Base"
        - required: [id]
    Inline:
      allOf:
        - type: object
          properties: {a: {type: string}, b: {type: string}}
        - type: object
          required: [b]
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let presence = |ty: &str, field: &str| {
            let s = fields(kind(&api, ty));
            s.fields
                .iter()
                .find(|f| f.name.wire == field)
                .unwrap()
                .presence
        };
        assert_eq!(presence("Named", "name"), Presence::Required);
        assert_eq!(presence("Named", "id"), Presence::Required);
        assert_eq!(presence("Base", "name"), Presence::Optional);
        assert_eq!(presence("Inline", "b"), Presence::Required);
        assert_eq!(presence("Inline", "a"), Presence::Optional);
        // A part that adds nothing new keeps the referenced type itself.
        assert!(matches!(kind(&api, "Same"), TypeKind::Alias(TypeRef::Named(n)) if n == "Base"));
    }

    #[test]
    fn conflicting_declarations_become_any_json_with_a_warning() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Conflict:
      allOf:
        - type: object
          properties: {size: {type: string}}
        - type: object
          properties: {size: {type: array, items: {type: string}}}
"##,
        );
        assert_eq!(
            warnings,
            ["property `size` is declared by several `allOf` parts as different kinds of value (string and array); it is any JSON"]
        );
        let s = fields(kind(&api, "Conflict"));
        assert_eq!(s.fields[0].ty, TypeRef::Json);
    }

    #[test]
    fn an_integer_and_a_number_merge_to_a_number_in_any_order() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Narrow:
      allOf:
        - type: object
          properties: {n: {type: integer}}
        - type: object
          properties: {n: {type: number}}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(fields(kind(&api, "Narrow")).fields[0].ty, TypeRef::F64);
    }
}
