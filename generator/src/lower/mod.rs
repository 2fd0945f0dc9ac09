//! Lower: `openapiv3::OpenAPI` -> [`ir::Api`].
//!
//! All decisions about the generated code are made here: `$ref`s resolved (through
//! [`crate::refs`]), names picked (through [`crate::naming`]), inline shapes deduplicated by
//! shape and never by name, presence (required / optional / nullable) decided, path
//! templates parsed, everything sorted. Problems become diagnostics; anything lossy is a
//! warning with a fallback, never a panic.
//!
//! One `Lowerer` holds the state; its `impl` is spread over one module per concept:
//! - `components`: component schemas named up front, inheritance bases found, each
//!   component defined;
//! - `pointers`: schemas that local JSON pointers lead to, named up front from their
//!   place and defined once, at their place, which uses that type too;
//! - `schemas`: a schema at a place of use -> a type reference, inline shapes interned;
//! - `all_of`: `allOf` merged into one struct;
//! - `unions`: `oneOf` / `anyOf` -> tagged, untagged or string enums, members ranked;
//! - `variants`: the tag-less structs that tagged variants hold;
//! - `facts`: what a schema says (enum values, nullability, secrecy, docs), no state;
//! - `doc_facts`: defaults, constraints and examples written into docs, no state;
//! - `operations`, `parameters`, `request_body`, `bodies`, `responses` and `media`: one
//!   [`ir::Operation`] per operation; `methods`: every method the crate has for it (its
//!   kind, name and arguments);
//! - `pagination`: whether an operation's list pages in a way that is certain (the
//!   config, a vendor extension, a `Link` header, a known cursor pair), for its items twin;
//! - `security`: servers and security schemes;
//! - `cycles`: aliases that contain themselves become newtypes, types that contain
//!   themselves by value are boxed;
//! - `secrets`: additional properties of objects with secret fields made secret, and the
//!   JSON keys of secret values listed for the runtime's snippet masking.
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
//!   by value are boxed.
//! - a schema a local JSON pointer leads to is one type named after its place, used by
//!   every `$ref` to it and by the place where it is written.

mod access;
mod all_of;
mod bodies;
mod components;
mod constants;
mod conversions;
mod cycles;
mod doc_facts;
mod facts;
mod features;
mod files;
mod media;
mod methods;
mod operations;
mod pagination;
mod parameters;
mod pointers;
mod rank;
mod request_body;
mod responses;
mod schemas;
mod secrets;
mod security;
mod tagged;
mod unions;
mod variants;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::OpenAPI;

use crate::diag::{Diagnostics, DocPath};
use crate::ir::{self, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Namespace};
use crate::options::{Options, TagFeatures};
use crate::refs::Resolver;

pub use facts::SECRET_EXTENSION;

/// How deeply inline schemas may nest before lowering gives up on one.
const MAX_DEPTH: usize = 64;

/// Lowers a validated document.
pub fn lower(api: &OpenAPI, diags: &mut Diagnostics) -> ir::Api {
    lower_with(api, &Options::default(), diags)
}

/// [`lower`] with the user's choices.
pub fn lower_with(api: &OpenAPI, options: &Options, diags: &mut Diagnostics) -> ir::Api {
    let mut cx = Lowerer::new(api, diags);
    cx.options = options.clone();
    cx.prepare_components();
    cx.prepare_pointers();
    cx.lower_pointers();
    let security_schemes = cx.security_schemes();
    let servers = cx.servers();
    cx.lower_components();
    let mut operations = cx.operations();
    cx.make_files(&mut operations);
    let rate_limit_reset_headers = cx.rate_limit_headers.iter().cloned().collect();
    let mut types: Vec<TypeDef> = cx.types.into_values().collect();
    access::relax(&mut types, &operations);
    constants::mark_constants(&mut types);
    conversions::mark_conversions(&mut types);
    conversions::text_path_params(&types, &mut operations);
    cycles::break_alias_cycles(&mut types);
    cycles::mark_boxed(&mut types);
    request_body::share_aliased_payloads(&types, &mut operations);
    secrets::mark_secret_extras(&mut types);
    let secret_fields = secrets::secret_keys(&types);
    let features = match &options.tag_features {
        TagFeatures::Off => Vec::new(),
        TagFeatures::On { prefix } => features::gate(prefix, &mut types, &mut operations),
    };
    if options.tag_features != TagFeatures::Off && features.is_empty() && !operations.is_empty() {
        cx.diags
            .warning(
                &DocPath::from_segments(["paths"]),
                "cargo features per tag were asked for, but no operation has a tag: every \
                 operation is always compiled",
            )
            .help("give operations `tags`, or leave `tag_features` off for this spec");
    }
    ir::Api {
        title: api.info.title.clone(),
        version: api.info.version.clone(),
        description: api.info.description.clone(),
        servers,
        security_schemes,
        rate_limit_reset_headers,
        secret_fields,
        types,
        operations,
        features,
        request_schemas: ir::RequestSchemas::default(),
    }
}

/// The state of lowering one document.
struct Lowerer<'a> {
    api: &'a OpenAPI,
    /// Follows `$ref`s in `api`.
    refs: Resolver<'a>,
    diags: &'a mut Diagnostics,
    names: Namespace,
    /// Component schema key -> type name.
    component_names: BTreeMap<String, String>,
    /// The schemas written in place that local pointers lead to, by place.
    pointer_types: BTreeMap<DocPath, pointers::PointerType<'a>>,
    /// Component schemas whose every use may be `null` (`nullable: true`, or `null` in
    /// `enum`): references to them are `Option`s.
    nullable_components: BTreeSet<String>,
    /// Bases of the `allOf` inheritance pattern, by key.
    inheritance: BTreeMap<String, components::Inheritance>,
    /// Component schemas used as a variant of a discriminated `oneOf`, with the tag
    /// property to drop, and never referenced elsewhere: their type is emitted tag-less.
    variant_only: BTreeMap<String, String>,
    /// Tag-less copies of components that are also used directly: (key, tag) -> name.
    variant_copies: BTreeMap<(String, String), String>,
    /// Every named type, by name.
    types: BTreeMap<String, TypeDef>,
    /// Inline shapes already defined: shape -> the name of its definition. Only looked
    /// up, never iterated.
    shapes: HashMap<TypeKind, String>,
    /// Inline shapes already named at a place: (the place's name, shape) -> the name it
    /// got. Only looked up, never iterated.
    place_names: HashMap<(String, TypeKind), String>,
    /// Response headers that announce when a rate limit resets (lower case).
    rate_limit_headers: BTreeSet<String>,
    /// How deep [`Lowerer::schema`] is nested: a guard against inline schemas that expand
    /// forever (an `allOf` whose part's `additionalProperties` holds the same `allOf`).
    depth: usize,
    /// The user's choices (how formats become types).
    options: Options,
}

/// A type name part without the raw-identifier prefix, for building longer names.
fn pascal(s: &str) -> String {
    naming::type_name(s).to_string()
}

impl<'a> Lowerer<'a> {
    fn new(api: &'a OpenAPI, diags: &'a mut Diagnostics) -> Self {
        Lowerer {
            api,
            refs: Resolver::new(api),
            diags,
            names: Namespace::default(),
            component_names: BTreeMap::new(),
            pointer_types: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            inheritance: BTreeMap::new(),
            variant_only: BTreeMap::new(),
            variant_copies: BTreeMap::new(),
            types: BTreeMap::new(),
            shapes: HashMap::new(),
            place_names: HashMap::new(),
            rate_limit_headers: BTreeSet::new(),
            depth: 0,
            options: Options::default(),
        }
    }

    /// Names an inline shape after its place (`hint`). The first place with a shape
    /// defines it; every other place with the same shape gets its own name as an alias of
    /// that definition. So the name a place's type has depends only on the place, never
    /// on which other places share its shape or come first (a vendor adding a schema with
    /// the same shape renames nothing), while the shape is compiled once.
    fn intern(&mut self, hint: &str, docs: Option<String>, kind: TypeKind) -> String {
        let key = (pascal(hint), kind);
        if let Some(name) = self.place_names.get(&key) {
            return name.clone();
        }
        let name = self.names.claim(&key.0);
        match self.shapes.get(&key.1) {
            Some(definition) => {
                let alias = TypeKind::Alias(TypeRef::Named(definition.clone()));
                self.define(&name, docs, alias);
            }
            None => {
                self.shapes.insert(key.1.clone(), name.clone());
                self.define(&name, docs, key.1.clone());
            }
        }
        self.place_names.insert(key, name.clone());
        name
    }

    /// Adds the type `name` (already claimed) to the module.
    fn define(&mut self, name: &str, docs: Option<String>, kind: TypeKind) {
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                docs,
                origin: None,
                deprecated: false,
                features: Vec::new(),
                kind,
            },
        );
    }
}

/// What [`Lowerer::shape`] found.
enum Shape {
    /// Used as is at the place of use.
    Ref(TypeRef),
    /// Needs a named type.
    Kind(TypeKind),
}

/// Where a schema is lowered: the place in the document, the name an inline type takes,
/// and the tag property a tagged variant leaves out. The functions that turn a schema into
/// a shape all take one.
#[derive(Debug, Clone, Copy)]
struct Site<'p> {
    /// The schema's place in the document, for diagnostics.
    path: &'p DocPath,
    /// The name an inline type is given (before deduplication and collisions).
    hint: &'p str,
    /// The discriminator property to leave out: the schema is a variant of a union tagged
    /// by it (see [`variants`]).
    drop_tag: Option<&'p str>,
}

impl<'p> Site<'p> {
    /// A site that drops no tag.
    fn new(path: &'p DocPath, hint: &'p str) -> Self {
        Site {
            path,
            hint,
            drop_tag: None,
        }
    }
}

/// Lowers small documents for the unit tests of each concept module.
#[cfg(test)]
mod test_support {
    use super::*;

    /// Lowers a document written as YAML (`components.schemas` and `paths` as given, the
    /// rest filled in): the API and the messages of the warnings.
    pub(super) fn lower_yaml(rest: &str) -> (ir::Api, Vec<String>) {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{rest}");
        let api: OpenAPI = serde_yaml::from_str(&text).expect("a valid test document");
        let mut diags = Diagnostics::default();
        let ir = lower(&api, &mut diags);
        let warnings = diags.items().iter().map(|d| d.message.clone()).collect();
        (ir, warnings)
    }

    /// The kind of the type named `name`.
    pub(super) fn kind<'a>(api: &'a ir::Api, name: &str) -> &'a TypeKind {
        match api.types.iter().find(|t| t.name == name) {
            Some(t) => &t.kind,
            None => panic!(
                "no type `{name}` among {:?}",
                api.types.iter().map(|t| &t.name).collect::<Vec<_>>()
            ),
        }
    }
}
