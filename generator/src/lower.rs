//! Lower: `openapiv3::OpenAPI` -> [`ir::Api`].
//!
//! All decisions about the generated code are made here: `$ref`s resolved, names picked
//! (through [`crate::naming`]), inline shapes deduplicated by shape and never by name,
//! required / optional / nullable decided, everything sorted. Problems become
//! diagnostics; anything lossy is a warning with a fallback, never a panic.
//!
//! How schemas map to types:
//! - objects are structs; `allOf` merges its parts into one struct, and properties two
//!   parts declare differently become any JSON, with a warning;
//! - `oneOf` / `anyOf` with a discriminator, and a base schema with a discriminator that
//!   other schemas `allOf` (inheritance), are internally tagged enums; without one they
//!   are untagged enums, most specific variant first (an ambiguous `oneOf` warns); a
//!   union of string enums is one string enum; members that only add `required` are
//!   constraints, not types;
//! - aliases that contain themselves become newtypes, and types that contain themselves
//!   by value are boxed (`mark_boxed`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, AnySchema, OpenAPI, Parameter, ParameterSchemaOrContent, ReferenceOr,
    Schema, SchemaKind, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::diag::{Diagnostics, DocPath};
use crate::ir::{self, Field, IntKind, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Namespace};

/// Extension that marks a schema as secret (besides `format: password` and `writeOnly`).
pub const SECRET_EXTENSION: &str = "x-secret";

/// Names the generated module defines beside the spec's types, which types must not take.
const RESERVED_TYPE_NAMES: &[&str] = &[];

/// How deeply inline schemas may nest before lowering gives up on one.
const MAX_DEPTH: usize = 64;

/// Method names `Client` defines itself.
const RESERVED_METHODS: &[&str] = &["builder", "with_options", "core", "options", "clone"];

/// Lowers a validated document.
pub fn lower(api: &OpenAPI, diags: &mut Diagnostics) -> ir::Api {
    let mut cx = Lowerer::new(api, diags);
    cx.prepare_components();
    let security_schemes = cx.security_schemes();
    let servers = cx.servers();
    cx.lower_components();
    let operations = cx.operations();
    let rate_limit_reset_headers = cx.rate_limit_headers.iter().cloned().collect();
    let mut types: Vec<TypeDef> = cx.types.into_values().collect();
    break_alias_cycles(&mut types);
    mark_boxed(&mut types);
    ir::Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        servers,
        security_schemes,
        rate_limit_reset_headers,
        types,
        operations,
    }
}

struct Lowerer<'a> {
    api: &'a OpenAPI,
    diags: &'a mut Diagnostics,
    names: Namespace,
    /// Component schema key -> type name.
    component_names: BTreeMap<String, String>,
    /// Component schemas whose every use may be `null` (`nullable: true`, or `null` in
    /// `enum`): references to them are `Option`s.
    nullable_components: BTreeSet<String>,
    /// Bases of the `allOf` inheritance pattern, by key.
    inheritance: BTreeMap<String, Inheritance>,
    /// Component schemas used as a variant of a discriminated `oneOf`, with the tag
    /// property to drop, and never referenced elsewhere: their type is emitted tag-less.
    variant_only: BTreeMap<String, String>,
    /// Tag-less copies of components that are also used directly: (key, tag) -> name.
    variant_copies: BTreeMap<(String, String), String>,
    /// Every named type, by name.
    types: BTreeMap<String, TypeDef>,
    /// Inline shapes already named: shape -> name. Only looked up, never iterated.
    shapes: HashMap<TypeKind, String>,
    rate_limit_headers: BTreeSet<String>,
    /// How deep [`Lowerer::schema`] is nested: a guard against inline schemas that expand
    /// forever (an `allOf` whose part's `additionalProperties` holds the same `allOf`).
    depth: usize,
}

/// A component schema with a discriminator that other components extend with `allOf`:
/// it becomes a tagged enum over them.
#[derive(Debug, Clone)]
struct Inheritance {
    tag: String,
    /// (tag value, component key), sorted by value.
    variants: Vec<(String, String)>,
}

fn ref_key<'r>(reference: &'r str, section: &str) -> Option<&'r str> {
    reference
        .strip_prefix("#/components/")?
        .strip_prefix(section)?
        .strip_prefix('/')
}

/// The component schema key a `$ref` names, JSON-pointer escapes undone.
fn schema_key(reference: &str) -> Option<String> {
    ref_key(reference, "schemas").map(|k| k.replace("~1", "/").replace("~0", "~"))
}

fn pascal(s: &str) -> String {
    naming::type_name(s).trim_start_matches("r#").to_string()
}

impl<'a> Lowerer<'a> {
    fn new(api: &'a OpenAPI, diags: &'a mut Diagnostics) -> Self {
        Lowerer {
            api,
            diags,
            names: Namespace::with_reserved(RESERVED_TYPE_NAMES),
            component_names: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            inheritance: BTreeMap::new(),
            variant_only: BTreeMap::new(),
            variant_copies: BTreeMap::new(),
            types: BTreeMap::new(),
            shapes: HashMap::new(),
            rate_limit_headers: BTreeSet::new(),
            depth: 0,
        }
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.api.components.as_ref().map(|c| &c.schemas)
    }

    // ----- components -------------------------------------------------------------

    /// Names every component schema up front (sorted, so names do not depend on the
    /// order of the document), and finds which are nullable, which are inheritance
    /// bases and which are used only as tagged variants.
    fn prepare_components(&mut self) {
        let Some(schemas) = self.schemas() else {
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
        let mut uses = RefUses::default();
        uses.document(self.api);
        for base in self.inheritance.values() {
            for (_, key) in &base.variants {
                uses.as_variant
                    .entry(key.clone())
                    .or_insert_with(|| base.tag.clone());
            }
        }
        for (key, tag) in uses.as_variant {
            if !uses.direct.contains(&key) && !self.inheritance.contains_key(&key) {
                self.variant_only.insert(key, tag);
            }
        }
    }

    /// Component schemas with a discriminator and no `oneOf` / `anyOf`, which other
    /// components extend through `allOf` (directly or through each other).
    fn find_inheritance(&self) -> BTreeMap<String, Inheritance> {
        let mut out = BTreeMap::new();
        let Some(schemas) = self.schemas() else {
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
                    if let Some(parent) = schema_key(reference) {
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
                let target = schema_key(target).unwrap_or_else(|| target.clone());
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

    fn lower_components(&mut self) {
        let Some(schemas) = self.schemas() else {
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
                def.origin = Some(format!(
                    "#/components/schemas/{}",
                    key.replace('~', "~0").replace('/', "~1")
                ));
            }
        }
    }

    /// Defines the type `name` from `schema`.
    fn define_named(
        &mut self,
        name: &str,
        schema: &ReferenceOr<Schema>,
        path: &DocPath,
        drop_tag: Option<&str>,
    ) {
        let docs = match schema {
            ReferenceOr::Item(s) => schema_docs(s),
            ReferenceOr::Reference { .. } => None,
        };
        let kind = match schema {
            ReferenceOr::Reference { reference } => {
                TypeKind::Alias(self.resolve_schema_ref(reference, path))
            }
            ReferenceOr::Item(s) => match self.shape(s, path, name, drop_tag) {
                Shape::Kind(kind) => kind,
                Shape::Ref(ty) => TypeKind::Alias(ty),
            },
        };
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                docs,
                origin: None,
                kind,
            },
        );
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
                name: variant_names.claim(&naming::variant_name(value)),
                value: value.clone(),
                ty,
                docs: None,
            });
        }
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                docs,
                origin: None,
                kind: TypeKind::Tagged(ir::Tagged {
                    tag: base.tag.clone(),
                    variants,
                }),
            },
        );
    }

    fn resolve_schema_ref(&mut self, reference: &str, path: &DocPath) -> TypeRef {
        if let Some(key) = schema_key(reference) {
            if let Some(name) = self.component_names.get(&key) {
                let ty = TypeRef::Named(name.clone());
                return if self.nullable_components.contains(&key) {
                    nullable(ty)
                } else {
                    ty
                };
            }
        }
        // Validation reports missing and external targets; lowering falls back quietly.
        let _ = path;
        TypeRef::Json
    }

    /// Resolves a schema reference to the schema itself (for merging `allOf`).
    fn deref_schema<'s>(&self, schema: &'s ReferenceOr<Schema>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        let mut current = schema;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference } => {
                    let key = schema_key(reference)?;
                    current = self.schemas()?.get(&key)?;
                }
            }
        }
        None
    }

    /// [`Lowerer::deref_schema`] for a property schema.
    fn deref_boxed<'s>(&self, schema: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match schema {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let key = schema_key(reference)?;
                let target = self.schemas()?.get(&key)?;
                self.deref_schema(target)
            }
        }
    }

    // ----- schemas ----------------------------------------------------------------

    /// Lowers a schema at a place of use. Inline structs, enums and unions become named
    /// types (named after `hint`, deduplicated by shape).
    fn schema(&mut self, schema: &ReferenceOr<Schema>, path: &DocPath, hint: &str) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_schema_ref(reference, path),
            ReferenceOr::Item(s) => self.inline_schema(s, path, hint),
        }
    }

    /// [`Lowerer::schema`] for a schema written in place.
    fn inline_schema(&mut self, s: &Schema, path: &DocPath, hint: &str) -> TypeRef {
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
        let shape = self.shape(s, path, hint, None);
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

    fn boxed_schema(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        path: &DocPath,
        hint: &str,
    ) -> TypeRef {
        match schema {
            ReferenceOr::Reference { reference } => self.resolve_schema_ref(reference, path),
            ReferenceOr::Item(s) => self.inline_schema(s, path, hint),
        }
    }

    /// Names an inline shape, reusing the name of an identical shape.
    fn intern(&mut self, hint: &str, docs: Option<String>, kind: TypeKind) -> String {
        if let Some(name) = self.shapes.get(&kind) {
            return name.clone();
        }
        let name = self.names.claim(&pascal(hint));
        self.shapes.insert(kind.clone(), name.clone());
        self.types.insert(
            name.clone(),
            TypeDef {
                name: name.clone(),
                docs,
                origin: None,
                kind,
            },
        );
        name
    }

    /// What a schema is: a primitive reference, or a shape that needs a named type.
    fn shape(&mut self, s: &Schema, path: &DocPath, hint: &str, drop_tag: Option<&str>) -> Shape {
        match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                let values: Vec<&String> = st.enumeration.iter().flatten().collect();
                if !values.is_empty() {
                    return Shape::Kind(string_enum(
                        values.into_iter().map(|v| (v.clone(), None)).collect(),
                    ));
                }
                Shape::Ref(match &st.format {
                    VariantOrUnknownOrEmpty::Item(StringFormat::Password) => {
                        secret(TypeRef::String)
                    }
                    _ => TypeRef::String,
                })
            }
            SchemaKind::Type(Type::Integer(it)) => Shape::Ref(TypeRef::Integer(int_kind(
                match &it.format {
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => "int32",
                    VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int64) => "int64",
                    VariantOrUnknownOrEmpty::Unknown(f) => f.as_str(),
                    VariantOrUnknownOrEmpty::Empty => "",
                },
                it.minimum,
            ))),
            SchemaKind::Type(Type::Number(nt)) => Shape::Ref(match &nt.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Ref(TypeRef::Bool),
            SchemaKind::Type(Type::Array(at)) => {
                let item = match &at.items {
                    Some(items) => {
                        self.boxed_schema(items, &path.push("items"), &format!("{hint}Item"))
                    }
                    None => TypeRef::Json,
                };
                Shape::Ref(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(ot)) => self.object(
                &ot.properties,
                &ot.required,
                ot.additional_properties.as_ref(),
                path,
                hint,
                drop_tag,
            ),
            SchemaKind::OneOf { one_of } => {
                self.union(s, one_of, "oneOf", None, path, hint, drop_tag)
            }
            SchemaKind::AnyOf { any_of } => {
                self.union(s, any_of, "anyOf", None, path, hint, drop_tag)
            }
            SchemaKind::AllOf { all_of } => self.all_of(all_of, None, path, hint, drop_tag),
            SchemaKind::Not { .. } => {
                self.diags
                    .warning(path, "`not` is not supported; this value is any JSON")
                    .help("the generated type is `serde_json::Value`");
                Shape::Ref(TypeRef::Json)
            }
            SchemaKind::Any(any) => self.any(s, any, path, hint, drop_tag),
        }
    }

    /// A schema openapiv3 could not classify: mixed keywords, a missing `type`, an enum
    /// of mixed values.
    fn any(
        &mut self,
        s: &Schema,
        any: &AnySchema,
        path: &DocPath,
        hint: &str,
        drop_tag: Option<&str>,
    ) -> Shape {
        let objectish = !any.properties.is_empty()
            || any.additional_properties.is_some()
            || any.typ.as_deref() == Some("object");
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
            return self.all_of(&any.all_of, Some(any), path, hint, drop_tag);
        }
        let base = objectish.then_some(any);
        if !any.one_of.is_empty() {
            if !any.any_of.is_empty() {
                self.diags.warning(
                    &path.push("anyOf"),
                    "`anyOf` beside `oneOf` is not supported; it is left out",
                );
            }
            return self.union(s, &any.one_of, "oneOf", base, path, hint, drop_tag);
        }
        if !any.any_of.is_empty() {
            return self.union(s, &any.any_of, "anyOf", base, path, hint, drop_tag);
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
                path,
                hint,
                drop_tag,
            );
        }
        if let Some(items) = &any.items {
            let item = self.boxed_schema(items, &path.push("items"), &format!("{hint}Item"));
            return Shape::Ref(TypeRef::Vec(Box::new(item)));
        }
        if let Some(values) = any_string_enum(any) {
            return Shape::Kind(string_enum(values.into_iter().map(|v| (v, None)).collect()));
        }
        match any.typ.as_deref() {
            Some("string") => Shape::Ref(TypeRef::String),
            Some("integer") => Shape::Ref(TypeRef::Integer(int_kind(
                any.format.as_deref().unwrap_or(""),
                any.minimum.map(|m| m as i64),
            ))),
            Some("number") => Shape::Ref(TypeRef::F64),
            Some("boolean") => Shape::Ref(TypeRef::Bool),
            Some("array") => Shape::Ref(TypeRef::Vec(Box::new(TypeRef::Json))),
            _ => Shape::Ref(TypeRef::Json),
        }
    }

    fn not_ignored(&mut self, path: &DocPath) {
        self.diags
            .warning(
                &path.push("not"),
                "`not` is not supported; the values it excludes are accepted",
            )
            .help("the rest of the schema is generated as if `not` were absent");
    }

    fn object(
        &mut self,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        path: &DocPath,
        hint: &str,
        drop_tag: Option<&str>,
    ) -> Shape {
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
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        let mut field_names = Namespace::with_reserved(if additional_ty.is_some() {
            &["additional_properties"]
        } else {
            &[]
        });
        let mut fields = Vec::with_capacity(sorted.len());
        for (key, prop) in sorted {
            let prop_path = path.push("properties").push(key);
            let ty = self.boxed_schema(prop, &prop_path, &format!("{hint}{}", pascal(key)));
            let (ty, nullable) = match ty {
                TypeRef::Nullable(inner) => (*inner, true),
                ty => (ty, false),
            };
            let docs = match prop {
                ReferenceOr::Item(s) => schema_docs(s),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                name: field_names.claim(&naming::field_name(key)),
                wire_name: key.clone(),
                ty,
                required: required.iter().any(|r| r == key),
                nullable,
                boxed: false,
                docs,
            });
        }
        Shape::Kind(TypeKind::Struct(ir::Struct {
            fields,
            additional: additional_ty,
        }))
    }

    /// `allOf`: the properties of every part merged into one struct. Parts that only
    /// annotate are skipped; a part that is not an object, or a property two parts
    /// declare with different types, is reported (the property becomes any JSON).
    fn all_of(
        &mut self,
        parts: &[ReferenceOr<Schema>],
        own: Option<&AnySchema>,
        path: &DocPath,
        hint: &str,
        drop_tag: Option<&str>,
    ) -> Shape {
        let parts_path = path.push("allOf");
        let typed: Vec<(usize, &ReferenceOr<Schema>)> = parts
            .iter()
            .enumerate()
            .filter(|(_, p)| !is_constraint_only(p))
            .collect();
        let own_object =
            own.is_some_and(|a| !a.properties.is_empty() || a.additional_properties.is_some());
        if !own_object {
            match typed.as_slice() {
                [] => return Shape::Ref(TypeRef::Json),
                [(i, only)] if drop_tag.is_none() => {
                    return Shape::Ref(self.schema(only, &parts_path.push(i), hint));
                }
                _ => {}
            }
        }
        let objects: Vec<Option<CollectedObject>> = typed
            .iter()
            .map(|(_, p)| {
                self.deref_schema(p)
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
            self.diags
                .warning(
                    &parts_path,
                    "the parts of this `allOf` are different kinds of value; it is any JSON",
                )
                .help("the generated type is `serde_json::Value`");
            return Shape::Ref(TypeRef::Json);
        }
        let mut properties: indexmap::IndexMap<String, ReferenceOr<Box<Schema>>> =
            indexmap::IndexMap::new();
        let mut required: Vec<String> = Vec::new();
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
                let old = self.deref_boxed(existing).map(value_kind);
                let new = self.deref_boxed(&prop).map(value_kind);
                match (old.flatten(), new.flatten()) {
                    // A later part refines the property (an enum of a string, a struct
                    // for an object): the later, more specific declaration wins.
                    (Some(a), Some(b)) if a == b => {
                        properties.insert(key, prop);
                    }
                    (Some("integer"), Some("number")) => {
                        properties.insert(key, prop);
                    }
                    (Some("number"), Some("integer")) => {}
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
        self.object(
            &properties,
            &required,
            additional.as_ref(),
            path,
            hint,
            drop_tag,
        )
    }

    /// `oneOf` / `anyOf`: a tagged enum when a discriminator names the tag, one string
    /// enum when every member is one, a struct when the members only refine the
    /// properties beside them (`base`), else an untagged enum.
    #[allow(clippy::too_many_arguments)]
    fn union(
        &mut self,
        s: &Schema,
        members: &[ReferenceOr<Schema>],
        keyword: &str,
        base: Option<&AnySchema>,
        path: &DocPath,
        hint: &str,
        drop_tag: Option<&str>,
    ) -> Shape {
        let members_path = path.push(keyword);
        let nonnull: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_null_schema(m))
            .collect();
        let has_null = nonnull.len() < members.len();
        // Members that only add `required` (or another constraint) restrict the object
        // beside them; they are not types of their own.
        let typed: Vec<(usize, &ReferenceOr<Schema>)> = nonnull
            .iter()
            .copied()
            .filter(|(_, m)| !is_constraint_only(m))
            .collect();
        let base_object = |this: &mut Self| match base {
            Some(any) => this.object(
                &any.properties,
                &any.required,
                any.additional_properties.as_ref(),
                path,
                hint,
                drop_tag,
            ),
            None => Shape::Ref(TypeRef::Json),
        };
        if typed.is_empty() {
            return base_object(self);
        }
        if let (None, [(i, only)]) = (base, typed.as_slice()) {
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
        if base.is_none() {
            if let Some(tag) = self.implicit_tag(&typed) {
                let tagged = self.implicit_tagged(&tag, &typed, &members_path, hint);
                return Shape::Kind(TypeKind::Tagged(tagged));
            }
        }
        if let Some(base) = base {
            // Properties beside the union, which its members refine: one struct with
            // every property the members add, optional.
            let mut merged = base.properties.clone();
            let mut all_objects = true;
            for (_, m) in &typed {
                match self
                    .deref_schema(m)
                    .and_then(|m| collect_object(self, m, 0))
                {
                    Some(obj) => {
                        for (k, v) in obj.properties {
                            merged.entry(k).or_insert(v);
                        }
                    }
                    None => all_objects = false,
                }
            }
            if all_objects {
                if keyword == "oneOf" {
                    self.diags
                        .warning(
                            &members_path,
                            "the members of this `oneOf` extend the properties beside it; they are merged into one struct, so which member a value is is not checked",
                        )
                        .help("add a `discriminator` to decode the members as an enum");
                }
                return self.object(
                    &merged,
                    &base.required,
                    base.additional_properties.as_ref(),
                    path,
                    hint,
                    drop_tag,
                );
            }
            self.diags.warning(
                &path.push("properties"),
                format!("properties beside a `{keyword}` of non-objects are left out"),
            );
        }
        let mut ranked = Vec::new();
        let mut variant_names = Namespace::default();
        for (i, member) in &typed {
            let info = self.member_info(member);
            let ty = self.schema(
                member,
                &members_path.push(i),
                &format!("{hint}Variant{}", i + 1),
            );
            let title = self
                .deref_schema(member)
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
                },
            ));
        }
        // Untagged enums take the first variant that matches, so the ones that accept
        // the fewest inputs go first: structs with more required fields, then unions,
        // then arrays and maps, then scalars, then any JSON.
        ranked.sort_by_key(|(info, _)| info.rank);
        let ambiguous = ranked.iter().enumerate().any(|(i, (earlier, _))| {
            ranked
                .iter()
                .skip(i + 1)
                .any(|(later, _)| earlier.may_take(later))
        });
        let variants: Vec<ir::UnionVariant> = ranked.into_iter().map(|(_, v)| v).collect();
        if ambiguous && keyword == "oneOf" {
            let order = variants
                .iter()
                .map(|v| format!("`{}`", v.name))
                .collect::<Vec<_>>()
                .join(", ");
            self.diags
                .warning(
                    &members_path,
                    format!("this `oneOf` has no discriminator and a value may fit several members; it is decoded untagged, the first member that fits wins (tried in this order: {order})"),
                )
                .help("add a `discriminator` to decode by tag");
        }
        Shape::Kind(TypeKind::Untagged(variants))
    }

    /// The property that tags every member of a union without a discriminator: required
    /// in each, a string enum of one value in each, a different value in each (how
    /// serde's internally tagged enums describe themselves).
    fn implicit_tag(&self, members: &[(usize, &ReferenceOr<Schema>)]) -> Option<String> {
        if members.len() < 2 {
            return None;
        }
        let mut objects = Vec::new();
        for (_, m) in members {
            objects.push(
                self.deref_schema(m)
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
                let value = obj
                    .properties
                    .get(candidate)
                    .and_then(|p| self.deref_boxed(p))
                    .and_then(string_enum_values);
                match value.as_deref() {
                    Some([one]) if values.insert(one.clone()) => {}
                    _ => continue 'candidates,
                }
            }
            return Some(candidate.clone());
        }
        None
    }

    /// The tagged enum of a union whose members [`Lowerer::implicit_tag`] found a tag in.
    fn implicit_tagged(
        &mut self,
        tag: &str,
        members: &[(usize, &ReferenceOr<Schema>)],
        path: &DocPath,
        hint: &str,
    ) -> ir::Tagged {
        let mut variants = Vec::new();
        let mut variant_names = Namespace::default();
        for (i, member) in members {
            let value = self
                .deref_schema(member)
                .and_then(|s| collect_object(self, s, 0))
                .and_then(|o| o.properties.get(tag).cloned())
                .and_then(|p| self.deref_boxed(&p).and_then(string_enum_values))
                .and_then(|v| v.into_iter().next())
                .unwrap_or_default();
            let member_path = path.push(i);
            let ty = match member {
                ReferenceOr::Reference { reference } => match schema_key(reference) {
                    Some(key) => self.variant_struct(&key, tag, &member_path),
                    None => TypeRef::JsonObject,
                },
                ReferenceOr::Item(s) => {
                    let variant_hint = format!("{hint}{}", pascal(&value));
                    match self.shape(s, &member_path, &variant_hint, Some(tag)) {
                        Shape::Kind(kind) => {
                            TypeRef::Named(self.intern(&variant_hint, schema_docs(s), kind))
                        }
                        Shape::Ref(ty) => ty,
                    }
                }
            };
            variants.push(ir::TaggedVariant {
                name: variant_names.claim(&naming::variant_name(&value)),
                value,
                ty,
                docs: None,
            });
        }
        ir::Tagged {
            tag: tag.to_string(),
            variants,
        }
    }

    /// A union whose members are all string enums (often one value each, documented one
    /// by one): the values of all of them, with each single value's description.
    fn enum_union(
        &self,
        members: &[(usize, &ReferenceOr<Schema>)],
    ) -> Option<Vec<(String, Option<String>)>> {
        if members.len() < 2 {
            return None;
        }
        let mut values = Vec::new();
        for (_, m) in members {
            let s = self.deref_schema(m)?;
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

    /// How early an untagged enum tries a member (lower first), what kind of JSON value
    /// it accepts, and for objects the properties it requires and knows.
    fn member_info(&self, member: &ReferenceOr<Schema>) -> MemberInfo {
        let info = |rank: u32, category: &'static str| MemberInfo {
            rank,
            category,
            required: BTreeSet::new(),
            properties: BTreeSet::new(),
        };
        let Some(s) = self.deref_schema(member) else {
            return info(90_000, "any");
        };
        if s.schema_data.discriminator.is_some() && has_union(s) {
            return info(20_000, "tagged");
        }
        if string_enum_values(s).is_some() {
            return info(24_000, "string");
        }
        if has_union(s) {
            return info(21_000, "mixed");
        }
        if let Some(obj) = collect_object(self, s, 0) {
            let properties: BTreeSet<String> = obj.properties.keys().cloned().collect();
            let required: BTreeSet<String> = obj
                .required
                .iter()
                .filter(|r| properties.contains(*r))
                .cloned()
                .collect();
            // More required fields reject more inputs; among equals, more fields.
            let rank = if properties.is_empty() {
                22_000
            } else {
                let r = required.len().min(99) as u32;
                let t = properties.len().min(99) as u32;
                1_000 + (99 - r) * 100 + (99 - t)
            };
            return MemberInfo {
                rank,
                category: "object",
                required,
                properties,
            };
        }
        match value_kind(s) {
            Some("array") => info(23_000, "array"),
            Some("integer") => info(25_000, "integer"),
            Some("number") => info(26_000, "number"),
            Some("boolean") => info(27_000, "boolean"),
            Some("string") => info(28_000, "string"),
            Some(_) | None => info(90_000, "any"),
        }
    }

    fn tagged(
        &mut self,
        disc: &openapiv3::Discriminator,
        members: &[(usize, &ReferenceOr<Schema>)],
        path: &DocPath,
    ) -> Option<ir::Tagged> {
        let tag = disc.property_name.clone();
        let mut keys = Vec::new();
        for (i, member) in members {
            let ReferenceOr::Reference { reference } = member else {
                self.diags
                    .warning(
                        &path.push(i),
                        "a discriminated union needs `$ref` members; this union is decoded untagged",
                    )
                    .help("move the inline schema to `components.schemas` and reference it");
                return None;
            };
            let key = schema_key(reference)?;
            let target = self.deref_schema(member);
            let is_object = target.and_then(|s| collect_object(self, s, 0)).is_some();
            let is_empty = target.is_some_and(says_nothing);
            if is_empty {
                self.diags.warning(
                    &path.push(i),
                    "this member of a discriminated union says nothing about its shape; its variant holds any JSON object",
                );
            } else if !is_object {
                self.diags
                    .warning(
                        &path.push(i),
                        "a member of a discriminated union is not an object, so it cannot carry the tag; this union is decoded untagged",
                    );
                return None;
            }
            keys.push((i, reference, key, is_empty));
        }
        let mut variants = Vec::new();
        let mut variant_names = Namespace::default();
        for (i, reference, key, is_empty) in keys {
            let values: Vec<&String> = disc
                .mapping
                .iter()
                .filter(|(_, target)| target.as_str() == reference.as_str() || **target == key)
                .map(|(value, _)| value)
                .collect();
            let values: Vec<String> = if values.is_empty() {
                vec![key.clone()]
            } else {
                values.into_iter().cloned().collect()
            };
            let ty = if is_empty {
                TypeRef::JsonObject
            } else {
                self.variant_struct(&key, &tag, &path.push(i))
            };
            let single = values.len() == 1;
            for value in values {
                // A tag that is a URL (`https://.../problems/conflict`) names the variant
                // badly; the schema it selects names it well.
                let wanted = if single && (value.contains("://") || value.len() > 40) {
                    pascal(&key)
                } else {
                    naming::variant_name(&value)
                };
                let name = variant_names.claim(&wanted);
                variants.push(ir::TaggedVariant {
                    name,
                    value,
                    ty: ty.clone(),
                    docs: None,
                });
            }
        }
        variants.sort_by(|a, b| a.value.cmp(&b.value));
        Some(ir::Tagged { tag, variants })
    }

    /// The tag-less struct for component `key` as a variant of a union tagged by `tag`.
    fn variant_struct(&mut self, key: &str, tag: &str, path: &DocPath) -> TypeRef {
        if self.variant_only.get(key).map(String::as_str) == Some(tag) {
            if let Some(name) = self.component_names.get(key) {
                return TypeRef::Named(name.clone());
            }
        }
        if let Some(name) = self.variant_copies.get(&(key.to_string(), tag.to_string())) {
            return TypeRef::Named(name.clone());
        }
        let Some(schema) = self.schemas().and_then(|s| s.get(key)) else {
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

    // ----- security and servers ---------------------------------------------------

    fn security_schemes(&mut self) -> Vec<ir::SecurityScheme> {
        let Some(components) = &self.api.components else {
            return Vec::new();
        };
        let mut methods = Namespace::with_reserved(&[
            "base_url",
            "server",
            "timeout",
            "max_retries",
            "retry_policy",
            "user_agent",
            "default_header",
            "http_client",
            "build",
            "rate_limit_reset_header",
        ]);
        let mut out = Vec::new();
        let mut sorted: Vec<_> = components.security_schemes.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        for (name, scheme) in sorted {
            let path = DocPath::from_segments(["components", "securitySchemes", name.as_str()]);
            let ReferenceOr::Item(scheme) = scheme else {
                self.diags.warning(
                    &path,
                    "a `$ref` security scheme is not supported; it is left out",
                );
                continue;
            };
            use openapiv3::SecurityScheme as S;
            let (kind, description) = match scheme {
                S::APIKey {
                    location,
                    name: param,
                    description,
                    ..
                } => (
                    match location {
                        openapiv3::APIKeyLocation::Header => {
                            ir::SchemeKind::ApiKeyHeader(param.clone())
                        }
                        openapiv3::APIKeyLocation::Query => {
                            ir::SchemeKind::ApiKeyQuery(param.clone())
                        }
                        openapiv3::APIKeyLocation::Cookie => {
                            ir::SchemeKind::ApiKeyCookie(param.clone())
                        }
                    },
                    description,
                ),
                S::HTTP {
                    scheme,
                    description,
                    ..
                } => match scheme.to_ascii_lowercase().as_str() {
                    "basic" => (ir::SchemeKind::Basic, description),
                    "bearer" => (ir::SchemeKind::Bearer, description),
                    other => {
                        self.diags
                            .warning(
                                &path.push("scheme"),
                                format!("HTTP auth scheme `{other}` is not supported; the scheme is left out"),
                            )
                            .help("set the `Authorization` header with `RequestOptions::header` or a default header");
                        continue;
                    }
                },
                S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                    (ir::SchemeKind::Bearer, description)
                }
            };
            out.push(ir::SecurityScheme {
                name: name.clone(),
                method: methods.claim(&naming::field_name(name)),
                kind,
                description: description.clone(),
            });
        }
        out
    }

    fn servers(&mut self) -> Vec<ir::Server> {
        let mut names = Namespace::default();
        let mut out = Vec::new();
        for (i, server) in self.api.servers.iter().enumerate() {
            let mut variables = Vec::new();
            let mut url = server.url.clone();
            if let Some(vars) = &server.variables {
                for (name, var) in vars {
                    url = url.replace(&format!("{{{name}}}"), &var.default);
                    variables.push(ir::ServerVariable {
                        name: name.clone(),
                        default: var.default.clone(),
                        values: var.enumeration.clone(),
                        description: var.description.clone(),
                    });
                }
            }
            let wanted = match &server.description {
                Some(d) if d.len() <= 32 && !d.trim().is_empty() => pascal(d),
                _ if i == 0 => "Default".to_string(),
                _ => format!("Server{}", i + 1),
            };
            out.push(ir::Server {
                name: names.claim(&wanted),
                url,
                template: server.url.clone(),
                description: server.description.clone(),
                variables,
            });
        }
        out
    }

    // ----- operations -------------------------------------------------------------

    fn operations(&mut self) -> Vec<ir::Operation> {
        let mut paths: Vec<(&String, &ReferenceOr<openapiv3::PathItem>)> =
            self.api.paths.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        // Names first, sorted by (name wanted, path, method), so that who gets a suffix on
        // a clash does not depend on the document's order.
        let mut wanted = Vec::new();
        for (path, item) in &paths {
            let ReferenceOr::Item(item) = item else {
                self.diags.warning(
                    &DocPath::from_segments(["paths", path.as_str()]),
                    "a `$ref` path item is not supported; its operations are left out",
                );
                continue;
            };
            for (method, op) in item.iter() {
                let base = match &op.operation_id {
                    Some(id) => naming::field_name(id),
                    None => naming::operation_name(method, path),
                };
                wanted.push((base, path.as_str(), method, item, op));
            }
        }
        wanted.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        let mut methods = Namespace::with_reserved(RESERVED_METHODS);
        let mut out = Vec::with_capacity(wanted.len());
        for (base, path, method, item, op) in wanted {
            let name = methods.claim(&base);
            let doc_path = DocPath::from_segments(["paths", path, method]);
            out.push(self.operation(name, path, method, item, op, &doc_path));
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        // Bodies the spec accepts in several media types: a second method sends the
        // others, named after the first once every operation has its name.
        for op in &mut out {
            if let Some(body) = &mut op.body {
                if !body.other_media_types.is_empty() {
                    let base = op.name.trim_start_matches("r#");
                    body.raw_method = Some(methods.claim(&format!("{base}_with_body")));
                }
            }
        }
        out
    }

    fn operation(
        &mut self,
        name: String,
        path: &str,
        method: &str,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        doc_path: &DocPath,
    ) -> ir::Operation {
        let type_base = pascal(name.trim_start_matches("r#"));
        // Parameters: path-level first, operation-level overrides by (name, in).
        let mut merged: BTreeMap<(String, u8), (Parameter, DocPath, bool)> = BTreeMap::new();
        let sources = [
            (
                &item.parameters,
                DocPath::from_segments(["paths", path, "parameters"]),
            ),
            (&op.parameters, doc_path.push("parameters")),
        ];
        for (params, base) in sources {
            for (i, p) in params.iter().enumerate() {
                let p_path = base.push(i);
                // Parameters from `components.parameters` keep their own name as type
                // name, so every operation that references them shares the type.
                let shared_ref = matches!(p, ReferenceOr::Reference { .. });
                if let Some(param) = self.resolve_parameter(p, &p_path) {
                    let loc = match &param {
                        Parameter::Path { .. } => 0,
                        Parameter::Query { .. } => 1,
                        Parameter::Header { .. } => 2,
                        Parameter::Cookie { .. } => 3,
                    };
                    merged.insert(
                        (param.parameter_data_ref().name.clone(), loc),
                        (param, p_path, shared_ref),
                    );
                }
            }
        }
        let mut path_params = Vec::new();
        let mut params = Vec::new();
        // Path parameters are arguments beside `params`, `body` and `content_type`; the
        // others are fields of the parameters struct, a scope of their own.
        let mut arg_names = Namespace::with_reserved(&["body", "params", "self", "content_type"]);
        let mut field_names = Namespace::default();
        for ((_, _), (param, p_path, shared_ref)) in &merged {
            let data = param.parameter_data_ref();
            let (location, style) = match param {
                Parameter::Path { .. } => (
                    ir::ParamLocation::Path,
                    ir::QueryStyle::Form { explode: false },
                ),
                Parameter::Query { style, .. } => (
                    ir::ParamLocation::Query,
                    match style {
                        openapiv3::QueryStyle::Form => ir::QueryStyle::Form {
                            explode: data.explode.unwrap_or(true),
                        },
                        openapiv3::QueryStyle::SpaceDelimited => ir::QueryStyle::SpaceDelimited,
                        openapiv3::QueryStyle::PipeDelimited => ir::QueryStyle::PipeDelimited,
                        openapiv3::QueryStyle::DeepObject => ir::QueryStyle::DeepObject,
                    },
                ),
                Parameter::Header { .. } => (
                    ir::ParamLocation::Header,
                    ir::QueryStyle::Form { explode: false },
                ),
                Parameter::Cookie { .. } => (
                    ir::ParamLocation::Cookie,
                    ir::QueryStyle::Form { explode: false },
                ),
            };
            // Parameters shared by a whole path item are named after the parameter
            // alone, so every operation of the path uses the same type.
            let shared = *shared_ref || p_path.segments().get(2).is_some_and(|s| s == "parameters");
            let hint = if shared {
                pascal(&data.name)
            } else {
                format!("{type_base}{}", pascal(&data.name))
            };
            let ty = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema(schema, &p_path.push("schema"), &hint)
                }
                ParameterSchemaOrContent::Content(content) => {
                    match content.iter().next().and_then(|(_, m)| m.schema.as_ref()) {
                        Some(schema) => {
                            self.diags.warning(
                                &p_path.push("content"),
                                "a parameter with `content` is sent as its plain value, not serialized as the media type says",
                            );
                            self.schema(schema, &p_path.push("content"), &hint)
                        }
                        None => TypeRef::String,
                    }
                }
            };
            let ty = match ty {
                TypeRef::Nullable(inner) => *inner,
                ty => ty,
            };
            let required = data.required || location == ir::ParamLocation::Path;
            let p = ir::Param {
                name: if location == ir::ParamLocation::Path {
                    arg_names.claim(&naming::field_name(&data.name))
                } else {
                    field_names.claim(&naming::field_name(&data.name))
                },
                wire_name: data.name.clone(),
                location,
                ty,
                required,
                style,
                docs: data.description.clone(),
            };
            if location == ir::ParamLocation::Path {
                path_params.push(p);
            } else {
                params.push(p);
            }
        }
        // Path parameters in the order the template names them.
        path_params.sort_by_key(|p| {
            path.find(&format!("{{{}}}", p.wire_name))
                .unwrap_or(usize::MAX)
        });
        let params_type = if params.is_empty() {
            None
        } else {
            Some(self.names.claim(&format!("{type_base}Params")))
        };

        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &doc_path.push("requestBody"), &type_base));

        let (responses, accept) = self.responses(op, doc_path, &type_base);
        let successes: Vec<&ir::ResponseCase> = responses.iter().filter(|r| r.success).collect();
        let success = outcome(&successes, || {
            self.names.claim(&format!("{type_base}Success"))
        });
        let errors: Vec<&ir::ResponseCase> = responses.iter().filter(|r| !r.success).collect();
        let error = if errors.is_empty() {
            ir::Outcome::Single(TypeRef::Unit)
        } else {
            ir::Outcome::Enum(self.names.claim(&format!("{type_base}Error")))
        };
        let mut responses = responses;
        let single_success = matches!(success, ir::Outcome::Single(_));
        for r in &mut responses {
            if r.success && single_success {
                r.variant = None;
            }
        }

        let security = op
            .security
            .as_ref()
            .or(self.api.security.as_ref())
            .map(|reqs| {
                reqs.iter()
                    .map(|req| {
                        let mut names: Vec<String> = req.keys().cloned().collect();
                        names.sort();
                        names
                    })
                    .collect()
            })
            .unwrap_or_default();

        ir::Operation {
            name,
            operation_id: op.operation_id.clone(),
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            docs: join_docs(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            path_params,
            params,
            params_type,
            body,
            security,
            accept,
            responses,
            success,
            error,
        }
    }

    fn resolve_parameter(
        &mut self,
        p: &ReferenceOr<Parameter>,
        path: &DocPath,
    ) -> Option<Parameter> {
        match p {
            ReferenceOr::Item(p) => Some(p.clone()),
            ReferenceOr::Reference { reference } => {
                let key = ref_key(reference, "parameters")?;
                match self.api.components.as_ref()?.parameters.get(key)? {
                    ReferenceOr::Item(p) => Some(p.clone()),
                    ReferenceOr::Reference { .. } => {
                        self.diags.warning(
                            path,
                            "a `$ref` to a `$ref` parameter is not supported; it is left out",
                        );
                        None
                    }
                }
            }
        }
    }

    fn body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        path: &DocPath,
        type_base: &str,
    ) -> Option<ir::Body> {
        let body = match body {
            ReferenceOr::Item(b) => b,
            ReferenceOr::Reference { reference } => {
                let key = ref_key(reference, "requestBodies")?;
                match self.api.components.as_ref()?.request_bodies.get(key)? {
                    ReferenceOr::Item(b) => b,
                    ReferenceOr::Reference { .. } => return None,
                }
            }
        };
        let (media, encoding) = pick_media(body.content.keys())?;
        let media_type = body.content.get(&media)?;
        let content_path = path.push("content").push(&media);
        let ty = match encoding {
            ir::BodyEncoding::Json | ir::BodyEncoding::Form => match &media_type.schema {
                Some(schema) => self.schema(
                    schema,
                    &content_path.push("schema"),
                    &format!("{type_base}Request"),
                ),
                None => TypeRef::Json,
            },
            ir::BodyEncoding::Text => TypeRef::String,
            ir::BodyEncoding::Bytes | ir::BodyEncoding::Empty => TypeRef::Bytes,
        };
        let mut others: Vec<String> = body
            .content
            .keys()
            .filter(|m| **m != media)
            .cloned()
            .collect();
        others.sort();
        let essence = media
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let content_type_arg = encoding == ir::BodyEncoding::Bytes
            && (essence.contains('*') || essence.starts_with("multipart/"));
        Some(ir::Body {
            media_type: media,
            encoding,
            ty,
            required: body.required,
            docs: body.description.clone(),
            other_media_types: others,
            content_type_arg,
            raw_method: None,
        })
    }

    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        doc_path: &DocPath,
        type_base: &str,
    ) -> (Vec<ir::ResponseCase>, Option<String>) {
        let mut cases: Vec<(ir::StatusMatch, &ReferenceOr<openapiv3::Response>, DocPath)> =
            Vec::new();
        let rpath = doc_path.push("responses");
        for (status, response) in &op.responses.responses {
            let (m, key) = match status {
                StatusCode::Code(c) => (ir::StatusMatch::Code(*c), c.to_string()),
                StatusCode::Range(r) => (ir::StatusMatch::Range(*r), format!("{r}XX")),
            };
            cases.push((m, response, rpath.push(key)));
        }
        if let Some(default) = &op.responses.default {
            cases.push((ir::StatusMatch::Default, default, rpath.push("default")));
        }
        cases.sort_by_key(|c| c.0);
        let any_success = cases.iter().any(|(m, _, _)| match m {
            ir::StatusMatch::Code(c) => *c < 400,
            ir::StatusMatch::Range(r) => *r < 4,
            ir::StatusMatch::Default => false,
        });
        let success_count = cases
            .iter()
            .filter(|(m, _, _)| match m {
                ir::StatusMatch::Code(c) => *c < 400,
                ir::StatusMatch::Range(r) => *r < 4,
                ir::StatusMatch::Default => false,
            })
            .count();
        let mut accept: Vec<String> = Vec::new();
        let mut out = Vec::new();
        let mut variants = Namespace::default();
        for (status, response, path) in cases {
            // `default` is an error; when it is the only response documented, a copy of
            // it is also the success of any 2xx status (below).
            let success = match status {
                ir::StatusMatch::Code(c) => c < 400,
                ir::StatusMatch::Range(r) => r < 4,
                ir::StatusMatch::Default => false,
            };
            let Some(response) = self.resolve_response(response, &path) else {
                continue;
            };
            for (name, header) in &response.headers {
                let lower = name.to_ascii_lowercase();
                if lower.contains("ratelimit-reset") || lower.contains("rate-limit-reset") {
                    self.rate_limit_headers.insert(lower);
                }
                let _ = header;
            }
            let variant_base = match status {
                ir::StatusMatch::Code(c) => naming::status_name(c),
                ir::StatusMatch::Range(1) => "Informational".to_string(),
                ir::StatusMatch::Range(2) => "Success".to_string(),
                ir::StatusMatch::Range(3) => "Redirection".to_string(),
                ir::StatusMatch::Range(4) => "ClientError".to_string(),
                ir::StatusMatch::Range(5) => "ServerError".to_string(),
                ir::StatusMatch::Range(r) => format!("Status{r}xx"),
                ir::StatusMatch::Default => "Default".to_string(),
            };
            let only_default = status == ir::StatusMatch::Default && !any_success;
            let hint = if (success && success_count == 1) || only_default {
                format!("{type_base}Response")
            } else {
                format!("{type_base}{variant_base}Response")
            };
            let (encoding, ty) = match pick_media(response.content.keys()) {
                None => (ir::BodyEncoding::Empty, TypeRef::Unit),
                Some((media, encoding)) => {
                    for m in response.content.keys() {
                        if !accept.contains(m) {
                            accept.push(m.clone());
                        }
                    }
                    let schema = response.content.get(&media).and_then(|m| m.schema.as_ref());
                    let ty = match (encoding, schema) {
                        (ir::BodyEncoding::Json, Some(schema)) => self.schema(
                            schema,
                            &path.push("content").push(&media).push("schema"),
                            &hint,
                        ),
                        (ir::BodyEncoding::Json, None) => TypeRef::Json,
                        (ir::BodyEncoding::Text, _) => TypeRef::String,
                        _ => TypeRef::Bytes,
                    };
                    // Form-encoded responses are rare; they are kept as bytes.
                    let encoding = match encoding {
                        ir::BodyEncoding::Form => ir::BodyEncoding::Bytes,
                        e => e,
                    };
                    match encoding {
                        // Error bodies that are not JSON are kept as text for the message.
                        ir::BodyEncoding::Bytes if !success => {
                            (ir::BodyEncoding::Text, TypeRef::String)
                        }
                        ir::BodyEncoding::Bytes => (encoding, TypeRef::Bytes),
                        _ => (encoding, ty),
                    }
                }
            };
            out.push(ir::ResponseCase {
                status,
                success,
                encoding,
                ty,
                variant: Some(variants.claim(&variant_base)),
                docs: Some(response.description.clone()).filter(|d| !d.trim().is_empty()),
            });
        }
        if !out.iter().any(|c| c.success) {
            // Nothing documents success: any 2xx decodes as `default` says, or else as JSON
            // (an empty body is `null`).
            let success = match out.iter().find(|c| c.status == ir::StatusMatch::Default) {
                Some(default) => ir::ResponseCase {
                    status: ir::StatusMatch::Range(2),
                    success: true,
                    variant: None,
                    ..default.clone()
                },
                None => ir::ResponseCase {
                    status: ir::StatusMatch::Range(2),
                    success: true,
                    encoding: ir::BodyEncoding::Json,
                    ty: TypeRef::Json,
                    variant: None,
                    docs: None,
                },
            };
            out.push(success);
            out.sort_by_key(|c| c.status);
        }
        // JSON first, so servers that negotiate pick it; then by name, so the order
        // does not depend on the document's.
        let rank = |m: &str| {
            if m.split(';').next().unwrap_or("").trim() == "application/json" {
                0
            } else if is_json(m) {
                1
            } else {
                2
            }
        };
        accept.sort_by(|a, b| (rank(a), a).cmp(&(rank(b), b)));
        let accept = if accept.is_empty() {
            None
        } else {
            Some(accept.join(", "))
        };
        (out, accept)
    }

    fn resolve_response<'r>(
        &mut self,
        response: &'r ReferenceOr<openapiv3::Response>,
        path: &DocPath,
    ) -> Option<&'r openapiv3::Response>
    where
        'a: 'r,
    {
        match response {
            ReferenceOr::Item(r) => Some(r),
            ReferenceOr::Reference { reference } => {
                let found = ref_key(reference, "responses").and_then(|key| {
                    match self.api.components.as_ref()?.responses.get(key)? {
                        ReferenceOr::Item(r) => Some(r),
                        ReferenceOr::Reference { .. } => None,
                    }
                });
                if found.is_none() {
                    self.diags.warning(
                        path,
                        format!("response `{reference}` could not be resolved; it is left out"),
                    );
                }
                found
            }
        }
    }
}

/// What an untagged enum needs to know about a member to order it.
struct MemberInfo {
    rank: u32,
    category: &'static str,
    required: BTreeSet<String>,
    properties: BTreeSet<String>,
}

impl MemberInfo {
    /// Whether this member, tried first, may decode a value meant for `later`.
    fn may_take(&self, later: &MemberInfo) -> bool {
        match (self.category, later.category) {
            ("any" | "mixed", _) | (_, "any" | "mixed") => true,
            // Unknown fields are ignored, so an object decodes as this member when it
            // has this member's required properties.
            ("object", "object") => self.required.is_subset(&later.properties),
            (a, b) => a == b,
        }
    }
}

/// What [`Lowerer::shape`] found.
enum Shape {
    /// Used as is at the place of use.
    Ref(TypeRef),
    /// Needs a named type.
    Kind(TypeKind),
}

fn outcome(cases: &[&ir::ResponseCase], name: impl FnOnce() -> String) -> ir::Outcome {
    let mut types: Vec<&TypeRef> = cases.iter().map(|c| &c.ty).collect();
    types.dedup();
    match types.as_slice() {
        [] => ir::Outcome::Single(TypeRef::Unit),
        [one]
            if cases
                .iter()
                .all(|c| cases.first().is_some_and(|f| f.encoding == c.encoding)) =>
        {
            ir::Outcome::Single((*one).clone())
        }
        _ => ir::Outcome::Enum(name()),
    }
}

fn string_enum(values: Vec<(String, Option<String>)>) -> TypeKind {
    let mut names = Namespace::with_reserved(&["Other"]);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (value, docs) in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        out.push(ir::EnumValue {
            name: names.claim(&naming::variant_name(&value)),
            value,
            docs,
        });
    }
    TypeKind::StringEnum(out)
}

/// The values of a string enum schema (`type: string` or no type, every value a string
/// or `null`), without `null`; `None` for any other schema.
fn string_enum_values(s: &Schema) -> Option<Vec<String>> {
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

/// The values of an untyped enum whose values are all strings (or `null`).
fn any_string_enum(any: &AnySchema) -> Option<Vec<String>> {
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

fn any_has_union(any: &AnySchema) -> bool {
    !any.one_of.is_empty() || !any.any_of.is_empty() || !any.all_of.is_empty()
}

/// Whether a schema is a `oneOf` or `anyOf`.
fn has_union(s: &Schema) -> bool {
    match &s.schema_kind {
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Any(any) => !any.one_of.is_empty() || !any.any_of.is_empty(),
        _ => false,
    }
}

/// The `allOf` parts of a schema, if it has any.
fn all_of_parts(s: &Schema) -> &[ReferenceOr<Schema>] {
    match &s.schema_kind {
        SchemaKind::AllOf { all_of } => all_of,
        SchemaKind::Any(any) => &any.all_of,
        _ => &[],
    }
}

/// Whether a schema says nothing about the type of a value, only annotates it or
/// constrains it (`description`, `required`, `nullable`, `maxProperties`): `allOf` parts
/// and union members like that are not types of their own.
fn is_constraint_only(s: &ReferenceOr<Schema>) -> bool {
    match s {
        ReferenceOr::Item(s) => says_nothing(s),
        ReferenceOr::Reference { .. } => false,
    }
}

/// [`is_constraint_only`] for a schema at hand.
fn says_nothing(s: &Schema) -> bool {
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

/// A schema that accepts any value.
fn any_schema() -> ReferenceOr<Box<Schema>> {
    ReferenceOr::Item(Box::new(Schema {
        schema_data: openapiv3::SchemaData::default(),
        schema_kind: SchemaKind::Any(AnySchema::default()),
    }))
}

/// The kind of JSON value a schema describes (`string`, `object`, ...), when it says.
fn value_kind(s: &Schema) -> Option<&'static str> {
    match &s.schema_kind {
        SchemaKind::Type(Type::String(_)) => Some("string"),
        SchemaKind::Type(Type::Integer(_)) => Some("integer"),
        SchemaKind::Type(Type::Number(_)) => Some("number"),
        SchemaKind::Type(Type::Boolean(_)) => Some("boolean"),
        SchemaKind::Type(Type::Array(_)) => Some("array"),
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => Some("object"),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } | SchemaKind::Not { .. } => None,
        SchemaKind::Any(any) => {
            if any_has_union(any) && any.all_of.is_empty() {
                return None;
            }
            match any.typ.as_deref() {
                Some("string") => Some("string"),
                Some("integer") => Some("integer"),
                Some("number") => Some("number"),
                Some("boolean") => Some("boolean"),
                Some("array") => Some("array"),
                Some("object") => Some("object"),
                _ if !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || !any.all_of.is_empty() =>
                {
                    Some("object")
                }
                _ if any.items.is_some() => Some("array"),
                _ => any_string_enum(any).map(|_| "string"),
            }
        }
    }
}

/// Whether uses of a schema may be `null`: `nullable: true`, or `null` among its `enum`
/// values.
fn is_nullable(s: &Schema) -> bool {
    if s.schema_data.nullable {
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

fn int_kind(format: &str, minimum: Option<i64>) -> IntKind {
    let _ = minimum;
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

fn secret(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Secret(_) => ty,
        ty => TypeRef::Secret(Box::new(ty)),
    }
}

fn nullable(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(_) | TypeRef::Json => ty,
        ty => TypeRef::Nullable(Box::new(ty)),
    }
}

fn is_secret(s: &Schema) -> bool {
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
fn is_null_schema(s: &ReferenceOr<Schema>) -> bool {
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

fn schema_docs(s: &Schema) -> Option<String> {
    let docs = join_docs(
        s.schema_data.title.as_deref(),
        s.schema_data.description.as_deref(),
    );
    // Enums of numbers, booleans or mixed values stay their plain type; the values they
    // allow are documented.
    let values: Vec<String> = match &s.schema_kind {
        SchemaKind::Type(Type::Integer(t)) => {
            t.enumeration.iter().flatten().map(i64::to_string).collect()
        }
        SchemaKind::Type(Type::Number(t)) => {
            t.enumeration.iter().flatten().map(f64::to_string).collect()
        }
        SchemaKind::Type(Type::Boolean(t)) => t
            .enumeration
            .iter()
            .flatten()
            .map(bool::to_string)
            .collect(),
        SchemaKind::Any(any) if any_string_enum(any).is_none() => any
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| v.to_string())
            .collect(),
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
pub fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
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

/// Whether a media type is JSON: `application/json` or any `+json` type.
pub fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json") || essence.ends_with("/json")
}

/// Picks the media type a method uses: JSON first, then form, text, anything else.
fn pick_media<'m>(media: impl Iterator<Item = &'m String>) -> Option<(String, ir::BodyEncoding)> {
    let mut best: Option<(u8, String, ir::BodyEncoding)> = None;
    for m in media {
        let essence = m
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        let (rank, encoding) = if essence == "application/json" {
            (0, ir::BodyEncoding::Json)
        } else if is_json(&essence) {
            (1, ir::BodyEncoding::Json)
        } else if essence == "application/x-www-form-urlencoded" {
            (2, ir::BodyEncoding::Form)
        } else if essence.starts_with("text/") {
            (3, ir::BodyEncoding::Text)
        } else {
            (4, ir::BodyEncoding::Bytes)
        };
        if best.as_ref().is_none_or(|(r, b, _)| (rank, m) < (*r, b)) {
            best = Some((rank, m.clone(), encoding));
        }
    }
    best.map(|(_, m, e)| (m, e))
}

/// The properties of an object schema, following `$ref`s and nested `allOf`s.
struct CollectedObject {
    properties: indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
}

fn collect_object(cx: &Lowerer<'_>, schema: &Schema, depth: usize) -> Option<CollectedObject> {
    if depth > 16 {
        return None;
    }
    let mut out = CollectedObject {
        properties: indexmap::IndexMap::new(),
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
                let objectish = !any.properties.is_empty()
                    || any.additional_properties.is_some()
                    || any.typ.as_deref() == Some("object");
                return objectish.then_some(out);
            }
            &any.all_of
        }
        _ => return None,
    };
    for part in parts.iter().filter(|p| !is_constraint_only(p)) {
        let inner = cx
            .deref_schema(part)
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

fn variant_name_for(ty: &TypeRef, index: usize) -> String {
    match ty {
        TypeRef::Named(n) => n.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Bool".into(),
        TypeRef::Integer(_) => "Integer".into(),
        TypeRef::F32 | TypeRef::F64 => "Number".into(),
        TypeRef::Vec(inner) => format!("{}List", variant_name_for(inner, index)),
        TypeRef::Map(inner) => format!("{}Map", variant_name_for(inner, index)),
        TypeRef::Json | TypeRef::JsonObject => "Json".into(),
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => variant_name_for(inner, index),
        TypeRef::Bytes | TypeRef::Unit => format!("Variant{}", index + 1),
    }
}

/// Where each component schema is referenced: as a variant of a discriminated `oneOf`, or
/// anywhere else.
#[derive(Default)]
struct RefUses {
    direct: BTreeSet<String>,
    as_variant: BTreeMap<String, String>,
}

impl RefUses {
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

    fn response(&mut self, r: &openapiv3::Response) {
        self.content(&r.content);
    }

    fn content(&mut self, content: &indexmap::IndexMap<String, openapiv3::MediaType>) {
        for m in content.values() {
            if let Some(s) = &m.schema {
                self.schema(s);
            }
        }
    }

    fn reference(&mut self, reference: &str) {
        if let Some(key) = ref_key(reference, "schemas") {
            self.direct.insert(key.to_string());
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
        let tag = s
            .schema_data
            .discriminator
            .as_ref()
            .map(|d| &d.property_name);
        let union_members = |this: &mut Self, members: &[ReferenceOr<Schema>]| {
            for m in members {
                match (m, tag) {
                    (ReferenceOr::Reference { reference }, Some(tag)) => {
                        if let Some(key) = ref_key(reference, "schemas") {
                            this.as_variant.insert(key.to_string(), tag.clone());
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

/// Boxes the fields and variants through which a type contains itself by value, so
/// recursive types have a finite size.
fn mark_boxed(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct (by value) edges.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            let mut push = |ty: &TypeRef| {
                if let Some(n) = by_value_name(ty) {
                    if let Some(&j) = index.get(n) {
                        out.push(j);
                    }
                }
            };
            match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| push(&f.ty)),
                TypeKind::Tagged(tg) => tg.variants.iter().for_each(|v| push(&v.ty)),
                TypeKind::Untagged(vs) => vs.iter().for_each(|v| push(&v.ty)),
                TypeKind::Alias(ty) => push(ty),
                TypeKind::Newtype(n) => push(&n.ty),
                TypeKind::StringEnum(_) => {}
            }
            out
        })
        .collect();
    let scc = strongly_connected(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        // A by-value edge inside a strongly connected component closes a cycle.
        let cyclic = |ty: &TypeRef| -> bool {
            by_value_name(ty)
                .and_then(|n| index.get(n))
                .is_some_and(|&j| scc.get(j) == scc.get(i))
        };
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = cyclic(&f.ty);
                }
            }
            TypeKind::Untagged(vs) => {
                for v in vs {
                    v.boxed = cyclic(&v.ty);
                }
            }
            TypeKind::Newtype(n) => n.boxed = cyclic(&n.ty),
            _ => {}
        }
    }
}

/// Turns aliases that refer to themselves (`type Nested = Vec<Nested>`, or two aliases
/// through each other) into newtypes: Rust expands aliases eagerly, so a cycle made only
/// of aliases is an error, while one that passes through a struct is fine.
fn break_alias_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(target) => {
                let mut named = Vec::new();
                names_in(target, &mut named);
                named
                    .into_iter()
                    .filter_map(|n| index.get(n).copied())
                    .filter(|&j| matches!(types.get(j).map(|t| &t.kind), Some(TypeKind::Alias(_))))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let scc = strongly_connected(&edges);
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &scc {
        *sizes.entry(*c).or_default() += 1;
    }
    for (i, t) in types.iter_mut().enumerate() {
        let TypeKind::Alias(target) = &t.kind else {
            continue;
        };
        let self_loop = edges.get(i).is_some_and(|e| e.contains(&i));
        let in_cycle = scc
            .get(i)
            .and_then(|c| sizes.get(c))
            .is_some_and(|&n| n > 1);
        if self_loop || in_cycle {
            t.kind = TypeKind::Newtype(ir::Newtype {
                ty: target.clone(),
                boxed: false,
            });
        }
    }
}

/// Every named type a reference mentions, at any depth.
fn names_in<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Secret(inner) => names_in(inner, out),
        _ => {}
    }
}

/// The named type a reference holds by value (not behind `Vec` or a map).
fn by_value_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => by_value_name(inner),
        _ => None,
    }
}

/// Tarjan's algorithm, iterative: the component index of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}
