//! References: the one parser and resolver of local `$ref`s.
//!
//! A `$ref` is parsed here and nowhere else: the JSON pointer after `#` is
//! percent-decoded (it is a URI fragment) and split into segments with `~1` and `~0`
//! unescaped, and a pointer of the form
//! `#/components/<section>/<name>` names a [`Section`] entry. Any other local pointer
//! (`#/components/schemas/A/properties/b`, `#/paths/~1things/get/responses/200`) is
//! followed through the `openapiv3` model: `node` says what the model holds and how a
//! segment steps into it, `pointer` follows pointers (through `$ref`s on the way) and lists
//! every `$ref` of a document. [`Resolver`] follows chains of references (a `$ref` whose
//! target is itself a `$ref`) the same way for every kind of value, up to [`MAX_CHAIN`]
//! steps, so validation and lowering can never disagree on what a reference means.
//! References to other files are parsed by `external` (and bundled by `load`).
//! Nothing here reports: validation decides what is an error.

mod external;
mod node;
mod pointer;

pub(crate) use external::percent_decode;
pub use external::{external, names_other_document, External, Fragment};
pub use node::{Composition, Node, Step, Written};
pub use pointer::{Located, Missing};

use indexmap::IndexMap;
use openapiv3::{
    Callback, Components, Example, Header, Link, OpenAPI, Parameter, ReferenceOr, RequestBody,
    Response, Schema, SecurityScheme,
};

/// How many references a chain may pass through before resolving gives up (a longer chain
/// is a cycle, which validation reports).
pub const MAX_CHAIN: usize = 32;

/// A section of `components`, as `$ref`s name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    /// `schemas`.
    Schemas,
    /// `responses`.
    Responses,
    /// `parameters`.
    Parameters,
    /// `examples`.
    Examples,
    /// `requestBodies`.
    RequestBodies,
    /// `headers`.
    Headers,
    /// `securitySchemes`.
    SecuritySchemes,
    /// `links`.
    Links,
    /// `callbacks`.
    Callbacks,
}

impl Section {
    /// Every section, in the order of the specification.
    pub const ALL: [Section; 9] = [
        Section::Schemas,
        Section::Responses,
        Section::Parameters,
        Section::Examples,
        Section::RequestBodies,
        Section::Headers,
        Section::SecuritySchemes,
        Section::Links,
        Section::Callbacks,
    ];

    /// The key under `components`.
    pub fn key(self) -> &'static str {
        match self {
            Section::Schemas => "schemas",
            Section::Responses => "responses",
            Section::Parameters => "parameters",
            Section::Examples => "examples",
            Section::RequestBodies => "requestBodies",
            Section::Headers => "headers",
            Section::SecuritySchemes => "securitySchemes",
            Section::Links => "links",
            Section::Callbacks => "callbacks",
        }
    }

    /// The section whose key under `components` is `key`.
    pub fn from_key(key: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.key() == key)
    }

    /// What one entry is called in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Section::Schemas => "schema",
            Section::Responses => "response",
            Section::Parameters => "parameter",
            Section::Examples => "example",
            Section::RequestBodies => "request body",
            Section::Headers => "header",
            Section::SecuritySchemes => "security scheme",
            Section::Links => "link",
            Section::Callbacks => "callback",
        }
    }

    /// The entry names defined in this section, in document order.
    pub fn names(self, components: &Components) -> Vec<&str> {
        fn keys<V>(map: &IndexMap<String, V>) -> Vec<&str> {
            map.keys().map(String::as_str).collect()
        }
        match self {
            Section::Schemas => keys(&components.schemas),
            Section::Responses => keys(&components.responses),
            Section::Parameters => keys(&components.parameters),
            Section::Examples => keys(&components.examples),
            Section::RequestBodies => keys(&components.request_bodies),
            Section::Headers => keys(&components.headers),
            Section::SecuritySchemes => keys(&components.security_schemes),
            Section::Links => keys(&components.links),
            Section::Callbacks => keys(&components.callbacks),
        }
    }

    /// Whether this section defines nothing.
    pub fn is_empty(self, components: &Components) -> bool {
        match self {
            Section::Schemas => components.schemas.is_empty(),
            Section::Responses => components.responses.is_empty(),
            Section::Parameters => components.parameters.is_empty(),
            Section::Examples => components.examples.is_empty(),
            Section::RequestBodies => components.request_bodies.is_empty(),
            Section::Headers => components.headers.is_empty(),
            Section::SecuritySchemes => components.security_schemes.is_empty(),
            Section::Links => components.links.is_empty(),
            Section::Callbacks => components.callbacks.is_empty(),
        }
    }

    /// Whether this section defines `name`.
    pub fn contains(self, components: &Components, name: &str) -> bool {
        match self {
            Section::Schemas => components.schemas.contains_key(name),
            Section::Responses => components.responses.contains_key(name),
            Section::Parameters => components.parameters.contains_key(name),
            Section::Examples => components.examples.contains_key(name),
            Section::RequestBodies => components.request_bodies.contains_key(name),
            Section::Headers => components.headers.contains_key(name),
            Section::SecuritySchemes => components.security_schemes.contains_key(name),
            Section::Links => components.links.contains_key(name),
            Section::Callbacks => components.callbacks.contains_key(name),
        }
    }
}

/// What a `$ref` string points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `#/components/<section>/<name>`, the name unescaped. `section` is the raw key, which
    /// may name no [`Section`] (`#/components/things/X`).
    Component {
        /// The key under `components`.
        section: String,
        /// The entry's name, `~1` and `~0` undone.
        name: String,
    },
    /// A local pointer of another shape (`#/paths/...`, `#/components/schemas/A/properties/b`),
    /// as unescaped segments.
    Pointer(Vec<String>),
    /// Another document (`other.yaml#/...`, `https://...`).
    External,
}

/// Parses a `$ref` string.
pub fn parse(reference: &str) -> Target {
    let Some(pointer) = reference.strip_prefix('#') else {
        return Target::External;
    };
    // A pointer in a URI fragment is percent-encoded (RFC 6901 §6): `%7Bid%7D` is `{id}`.
    let pointer = external::percent_decode(pointer);
    component_pointer(&pointer).unwrap_or_else(|| local_pointer(&pointer))
}

/// The component a local pointer (after `#`) names, found without splitting the whole
/// pointer: nearly every reference names one, and validation parses every `$ref` of the
/// document. Agrees with [`local_pointer`] (tested): no escape can spell `components`, and
/// a name without `/` is exactly one segment.
fn component_pointer(pointer: &str) -> Option<Target> {
    let (section, name) = pointer.strip_prefix("/components/")?.split_once('/')?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(Target::Component {
        section: unescape(section),
        name: unescape(name),
    })
}

/// A local pointer (after `#`), split into unescaped segments.
fn local_pointer(pointer: &str) -> Target {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        match pointer.strip_prefix('/') {
            Some(rest) => rest.split('/').map(unescape).collect(),
            None => return Target::Pointer(vec![pointer.to_string()]),
        }
    };
    match segments.as_slice() {
        [components, section, name] if components == "components" && !name.is_empty() => {
            Target::Component {
                section: section.clone(),
                name: name.clone(),
            }
        }
        _ => Target::Pointer(segments),
    }
}

/// The entry of `section` a `$ref` string names, if it names one.
pub fn component_name(reference: &str, section: Section) -> Option<String> {
    match parse(reference) {
        Target::Component { section: key, name } if key == section.key() => Some(name),
        _ => None,
    }
}

/// Undoes a JSON pointer segment's escapes (`~1` is `/`, `~0` is `~`, in that order).
pub fn unescape(segment: &str) -> String {
    if segment.contains('~') {
        segment.replace("~1", "/").replace("~0", "~")
    } else {
        segment.to_string()
    }
}

/// Escapes a name for use as a JSON pointer segment.
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// The `$ref` string that names entry `name` of `section`.
pub fn pointer_to(section: Section, name: &str) -> String {
    format!("#/components/{}/{}", section.key(), escape(name))
}

/// The `$ref` string of a local pointer with these (unescaped) segments.
pub fn pointer<S: AsRef<str>>(segments: &[S]) -> String {
    let mut out = String::from("#");
    for segment in segments {
        out.push('/');
        out.push_str(&escape(segment.as_ref()));
    }
    out
}

/// A kind of value that lives in a section of `components`.
pub trait Component: Sized {
    /// Its section.
    const SECTION: Section;
    /// The section's entries.
    fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>>;
    /// The value `node` is, when it is of this kind.
    fn written(node: Node<'_>) -> Option<Written<'_, Self>>;
}

macro_rules! component {
    ($($ty:ty => $section:ident . $field:ident / $node:ident,)*) => {$(
        impl Component for $ty {
            const SECTION: Section = Section::$section;
            fn entries(components: &Components) -> &IndexMap<String, ReferenceOr<Self>> {
                &components.$field
            }
            fn written(node: Node<'_>) -> Option<Written<'_, Self>> {
                match node {
                    Node::$node(written) => Some(written),
                    _ => None,
                }
            }
        }
    )*};
}

component! {
    Schema => Schemas.schemas / Schema,
    Response => Responses.responses / Response,
    Parameter => Parameters.parameters / Parameter,
    Example => Examples.examples / Example,
    RequestBody => RequestBodies.request_bodies / RequestBody,
    Header => Headers.headers / Header,
    SecurityScheme => SecuritySchemes.security_schemes / SecurityScheme,
    Link => Links.links / Link,
    Callback => Callbacks.callbacks / Callback,
}

/// Follows references within one document.
#[derive(Debug, Clone, Copy)]
pub struct Resolver<'a> {
    api: &'a OpenAPI,
}

impl<'a> Resolver<'a> {
    /// A resolver for `api`.
    pub fn new(api: &'a OpenAPI) -> Self {
        Resolver { api }
    }

    /// The document.
    pub fn api(&self) -> &'a OpenAPI {
        self.api
    }

    /// `components`, when the document has them.
    pub fn components(&self) -> Option<&'a Components> {
        self.api.components.as_ref()
    }

    /// The entry `name` of `T`'s section, as written (possibly itself a reference).
    pub fn entry<T: Component>(&self, name: &str) -> Option<&'a ReferenceOr<T>> {
        T::entries(self.components()?).get(name)
    }

    /// The value `item` is, or the one its reference chain ends at.
    pub fn resolve<'s, T: Component>(&self, item: &'s ReferenceOr<T>) -> Option<&'s T>
    where
        'a: 's,
    {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => self.target(reference),
        }
    }

    /// [`Resolver::resolve`] for a schema held in a `Box` (properties, `items`).
    pub fn resolve_boxed<'s>(&self, item: &'s ReferenceOr<Box<Schema>>) -> Option<&'s Schema>
    where
        'a: 's,
    {
        match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { reference } => self.target(reference),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_component_pointers_with_escapes() {
        // A URI fragment's percent-escapes are undone first (RFC 6901 §6).
        assert_eq!(
            parse("#/paths/~1incidents~1%7Bincident_id%7D~1meeting/post"),
            Target::Pointer(
                ["paths", "/incidents/{incident_id}/meeting", "post"]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert_eq!(
            parse("#/components/schemas/My%20Pet"),
            Target::Component {
                section: "schemas".into(),
                name: "My Pet".into()
            }
        );
        assert_eq!(
            parse("#/components/schemas/pets~1Cat"),
            Target::Component {
                section: "schemas".into(),
                name: "pets/Cat".into()
            }
        );
        assert_eq!(
            component_name("#/components/schemas/a~0b~01", Section::Schemas).as_deref(),
            Some("a~b~1")
        );
        assert_eq!(
            component_name("#/components/parameters/Id", Section::Schemas),
            None
        );
        assert_eq!(
            parse("#/components/schemas/A/properties/b"),
            Target::Pointer(
                ["components", "schemas", "A", "properties", "b"]
                    .map(String::from)
                    .to_vec()
            )
        );
        assert_eq!(
            parse("#/paths/~1things/get"),
            Target::Pointer(["paths", "/things", "get"].map(String::from).to_vec())
        );
        assert_eq!(parse("other.yaml#/components/schemas/A"), Target::External);
        assert_eq!(parse("https://example.com/schema.json"), Target::External);
        assert_eq!(
            parse("#/components/schemas/"),
            Target::Pointer(["components", "schemas", ""].map(String::from).to_vec())
        );
    }

    #[test]
    fn components_are_found_as_the_general_parser_finds_them() {
        for pointer in [
            "/components/schemas/A",
            "/components/schemas/pets~1Cat",
            "/components/sch~0emas/A",
            "/components//A",
            "/components/schemas/",
            "/components/schemas",
            "/components/",
            "/components/schemas/A/properties/b",
            "/components/schemas/A/",
            "/compo~0nents/schemas/A",
            "//components/schemas/A",
            "components/schemas/A",
            "",
        ] {
            if let Some(fast) = component_pointer(pointer) {
                assert_eq!(fast, local_pointer(pointer), "{pointer}");
            } else {
                assert!(
                    !matches!(local_pointer(pointer), Target::Component { .. }),
                    "{pointer}"
                );
            }
        }
    }

    #[test]
    fn escape_round_trips() {
        for name in ["plain", "pets/Cat", "a~b", "~1", "/~/"] {
            assert_eq!(
                component_name(&pointer_to(Section::Schemas, name), Section::Schemas).as_deref(),
                Some(name)
            );
        }
    }

    fn api(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("a valid document")
    }

    #[test]
    fn follows_chains_for_every_section() {
        let api = api(r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths: {}
components:
  schemas:
    pets/Cat: {type: object, description: a cat}
    Alias: {$ref: "#/components/schemas/pets~1Cat"}
    Alias2: {$ref: "#/components/schemas/Alias"}
    Loop1: {$ref: "#/components/schemas/Loop2"}
    Loop2: {$ref: "#/components/schemas/Loop1"}
  parameters:
    Id: {name: id, in: query, schema: {type: string}}
    IdAlias: {$ref: "#/components/parameters/Id"}
"##);
        let r = Resolver::new(&api);
        let cat = r.target::<Schema>("#/components/schemas/Alias2").unwrap();
        assert_eq!(cat.schema_data.description.as_deref(), Some("a cat"));
        assert!(r.target::<Schema>("#/components/schemas/Loop1").is_none());
        assert!(r.target::<Schema>("#/components/schemas/Missing").is_none());
        let p = r
            .target::<Parameter>("#/components/parameters/IdAlias")
            .unwrap();
        assert_eq!(p.parameter_data_ref().name, "id");
        // A reference into the wrong section resolves to nothing.
        assert!(r
            .target::<Parameter>("#/components/schemas/Alias")
            .is_none());
    }
}
