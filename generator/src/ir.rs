//! The intermediate representation: what the generated code is, decided.
//!
//! Plain data, no behaviour. [`crate::lower`] does all the thinking (resolving `$ref`s,
//! naming, deduplicating by shape, required / optional / nullable, ordering); the emitter
//! only turns this into tokens. Every name here is already a valid, unique Rust
//! identifier, and every list is in output order. The IR is `Serialize` so tests can
//! snapshot it as a readable YAML view.

use std::collections::BTreeMap;

use serde::Serialize;

mod body;
mod methods;
mod pages;

pub use self::methods::{Arg, Method, MethodKind, StreamMethod};
pub use self::pages::{PageSource, PageStyle, Pagination};
pub use body::*;

/// The extension the loader keeps a closed tuple's `prefixItems` in (OpenAPI 3.0's model
/// has no place for them): a list of schemas, one per element, which lowering makes a
/// [`TypeRef::Tuple`].
pub const TUPLE_EXTENSION: &str = "x-openapi-gen-tuple";

/// One spec, lowered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// `servers`, in spec order (the first is the default).
    pub servers: Vec<Server>,
    /// `components.securitySchemes`, sorted by name.
    pub security_schemes: Vec<SecurityScheme>,
    /// Response headers that announce when a rate limit resets, for the retry policy.
    pub rate_limit_reset_headers: Vec<String>,
    /// The JSON keys whose values are secrets (secret fields, and objects whose unnamed
    /// properties are secrets), sorted: the runtime masks them in body snippets.
    pub secret_fields: Vec<String>,
    /// Every named type, sorted by name.
    pub types: Vec<TypeDef>,
    /// Every operation, sorted by method name.
    pub operations: Vec<Operation>,
    /// The cargo features of operation tags, sorted by name (empty unless asked for:
    /// [`crate::options::TagFeatures`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<Feature>,
    /// The request side's JSON Schemas, which the generated mock's request check
    /// validates with (set by [`crate::generate_with_options`] from the document, not by
    /// lowering; not in snapshots).
    #[serde(skip)]
    pub request_schemas: RequestSchemas,
}

/// The document translated to JSON Schema for requests and pruned to what parameters and
/// bodies reach, and, per operation (path template, upper-case method), where each
/// parameter's and body's schema is in it ([`crate::json_schema::request_schemas`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestSchemas {
    /// The translated document, as JSON text.
    pub document: String,
    /// Per operation: its schemas' places.
    pub operations: BTreeMap<(String, String), OperationSchemas>,
}

/// Where an operation's schemas are in [`RequestSchemas::document`], each place a URI
/// fragment (`#/paths/~1pets/post/requestBody/content/application~1json/schema`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OperationSchemas {
    /// Each parameter with a schema: its name, where it travels and its schema's place.
    pub params: Vec<(String, ParamLocation, String)>,
    /// Each media type of the body with a schema, and its schema's place.
    pub bodies: Vec<(String, String)>,
}

/// A cargo feature that compiles the operations of one or more tags.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feature {
    /// The feature name (`repos`, `github-repos`).
    pub name: String,
    /// The tags whose operations it compiles, as the spec writes them.
    pub tags: Vec<String>,
    /// How many operations it compiles.
    pub operations: usize,
}

/// A server the API is offered at.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Server {
    /// The variant name in the generated `Server` enum.
    pub name: String,
    /// The URL with every variable at its default (a variable without one keeps its
    /// `{name}`).
    pub url: String,
    /// The URL template as the spec writes it (`https://{region}.example.com`).
    pub template: String,
    /// `description`.
    pub description: Option<String>,
    /// Server variables, in spec order.
    pub variables: Vec<ServerVariable>,
}

/// A `{variable}` in a server URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ServerVariable {
    /// The name inside the braces.
    pub name: String,
    /// `default`; `None` for a variable the spec declares nowhere (repaired: see
    /// `repair::servers`), which the caller must set.
    pub default: Option<String>,
    /// `enum`, when the spec restricts the values.
    pub values: Vec<String>,
    /// `description`.
    pub description: Option<String>,
}

/// A way to authenticate, from `components.securitySchemes`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityScheme {
    /// The scheme's key in the spec; operations name it in `security`.
    pub name: String,
    /// The builder method that sets its credential.
    pub method: String,
    /// How the credential travels.
    pub kind: SchemeKind,
    /// `description`.
    pub description: Option<String>,
    /// The builder method that sets a token provider (every scheme but HTTP basic).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provider_method: Option<String>,
    /// An OAuth 2 `clientCredentials` flow with an absolute `tokenUrl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_credentials: Option<ClientCredentialsFlow>,
}

/// An OAuth 2 `clientCredentials` flow: the builder method that gets tokens from its
/// token URL.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClientCredentialsFlow {
    /// The builder method (`<scheme>_client_credentials`).
    pub method: String,
    /// `tokenUrl`.
    pub token_url: String,
}

/// How a credential travels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>` (HTTP bearer, OAuth 2, OpenID Connect).
    Bearer,
    /// `Authorization: Basic ...` with a user name and a password.
    Basic,
    /// An API key in a header.
    ApiKeyHeader(String),
    /// An API key in the query string.
    ApiKeyQuery(String),
    /// An API key in a cookie.
    ApiKeyCookie(String),
}

/// A named type in the generated `types` module.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The Rust name, unique in the module.
    pub name: String,
    /// Doc comment text.
    pub docs: Option<String>,
    /// The JSON pointer of the schema it was generated from: a component
    /// (`#/components/schemas/Credential`), or a schema a `$ref` points into
    /// (`#/components/schemas/Credential/properties/data`); `None` for inline shapes.
    pub origin: Option<String>,
    /// `deprecated: true` (a component schema): `#[deprecated]`.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The cargo features it is compiled with (any of them); empty: always.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// What it is.
    pub kind: TypeKind,
}

/// The shape of a named type.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub enum TypeKind {
    /// A struct with named fields.
    Struct(Struct),
    /// A string enum. Open: values the spec does not list land in an `Other(String)`
    /// variant, so a server that adds a value does not break clients.
    StringEnum(Vec<EnumValue>),
    /// An integer enum. Open like string enums: values the spec does not list land in an
    /// `Other(i64)` variant.
    IntegerEnum(Vec<IntegerEnumValue>),
    /// A `oneOf` with a discriminator: an internally tagged enum.
    Tagged(Tagged),
    /// A union without a discriminator: an untagged enum, most specific variant first.
    Untagged(Vec<UnionVariant>),
    /// Another name for a type (`pub type Name = Target;`).
    Alias(TypeRef),
    /// A type of its own that wraps another (`pub struct Name(pub Target);`, transparent
    /// on the wire): what an alias becomes when it refers to itself, since
    /// `type Nested = Vec<Nested>` is not Rust.
    Newtype(Newtype),
}

/// A transparent wrapper.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Newtype {
    /// What it wraps.
    pub ty: TypeRef,
    /// Held in a `Box` because the type contains itself.
    pub boxed: bool,
}

/// A struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Struct {
    /// Fields, sorted by wire name.
    pub fields: Vec<Field>,
    /// The type of properties the spec does not name (`additionalProperties`), kept in a
    /// flattened map.
    pub additional: Option<TypeRef>,
}

/// A struct field.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Field {
    /// The Rust name and the JSON key.
    #[serde(flatten)]
    pub name: Name,
    /// The value's type, before optionality is applied.
    pub ty: TypeRef,
    /// Whether it must be present and whether it may be `null`.
    #[serde(flatten)]
    pub presence: Presence,
    /// Held in a `Box` because the type contains itself.
    pub boxed: bool,
    /// `readOnly`: set by the server, never sent (optional where a request uses its type).
    #[serde(skip_serializing_if = "is_false")]
    pub read_only: bool,
    /// `writeOnly`: never received back (optional where a response uses its type).
    #[serde(skip_serializing_if = "is_false")]
    pub write_only: bool,
    /// Doc comment text.
    pub docs: Option<String>,
    /// `deprecated: true` in the property's schema: `#[deprecated]`.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The variant of the one value a required field can hold (its type is an enum of one
    /// value, such as a tag `type: {enum: [allowed_tools]}`): `new` fills it in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub constant: Option<String>,
    /// `new` and the setter take `impl Into<T>`: `T` is a union or a string enum that
    /// values convert into (a member's type, text).
    #[serde(skip_serializing_if = "is_false")]
    pub into: bool,
}

/// A name in the generated code and the name on the wire it stands for, kept apart (as
/// cxx pairs them: `Pair { rust, cxx }`). Printed as code it is its Rust word, through
/// [`crate::naming::ident`] (the one place a keyword becomes raw: `type` -> `r#type`).
/// Shown in snapshots as the two names it holds (`name`, `wire_name`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Name {
    /// The Rust word, unique where it is declared (a field in its struct, a parameter
    /// among its operation's), never raw (`type`, not `r#type`).
    #[serde(rename = "name")]
    pub rust: String,
    /// The name on the wire, as the spec writes it: a JSON key, a parameter's or a
    /// multipart part's name, a string enum's value, a tag value.
    #[serde(rename = "wire_name")]
    pub wire: String,
}

impl Name {
    /// The Rust word `rust` for the wire name `wire`.
    pub fn new(rust: impl Into<String>, wire: impl Into<String>) -> Name {
        Name {
            rust: rust.into(),
            wire: wire.into(),
        }
    }
}

/// A name printed as code is its Rust word.
impl AsRef<str> for Name {
    fn as_ref(&self) -> &str {
        &self.rust
    }
}

/// Whether a field must be present (listed in `required`) and whether it may be `null`
/// (`nullable: true`): what its Rust type wraps around the value and when it is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Presence {
    /// Always present, never `null`: `T`.
    Required,
    /// Always present, may be `null`: `Option<T>`, sent as `null` when `None`.
    Nullable,
    /// May be left out: `Option<T>`, left out when `None`.
    Optional,
    /// May be left out or `null`: `Option<Option<T>>`, `Some(None)` sends `null`.
    OptionalNullable,
}

impl Presence {
    /// The presence of a field listed in `required` or not, nullable or not.
    pub fn new(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::Nullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }

    /// Listed in `required`.
    pub fn is_required(self) -> bool {
        matches!(self, Presence::Required | Presence::Nullable)
    }

    /// May be `null`.
    pub fn is_nullable(self) -> bool {
        matches!(self, Presence::Nullable | Presence::OptionalNullable)
    }
}

/// Shown in snapshots as the two facts it stands for (`required`, `nullable`).
impl Serialize for Presence {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Presence", 2)?;
        s.serialize_field("required", &self.is_required())?;
        s.serialize_field("nullable", &self.is_nullable())?;
        s.end()
    }
}

/// One value of a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct EnumValue {
    /// The Rust variant name and the value on the wire.
    #[serde(flatten)]
    pub name: Name,
    /// Doc comment text (from the `oneOf` member that lists the value, when there is one).
    pub docs: Option<String>,
}

/// A value of an integer enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct IntegerEnumValue {
    /// The Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub value: i64,
    /// Doc comment text (from the `oneOf` member that pins the value, when there is one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// An internally tagged union.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Tagged {
    /// The discriminator property.
    pub tag: String,
    /// One variant per tag value.
    pub variants: Vec<TaggedVariant>,
}

/// A variant of a tagged union.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TaggedVariant {
    /// The Rust variant name and the tag value that selects it.
    #[serde(flatten)]
    pub name: Name,
    /// The struct that holds the other fields (the tag removed).
    pub ty: TypeRef,
    /// Doc comment text.
    pub docs: Option<String>,
    /// Whether the union gets `From<ty>` (no other variant holds the same type).
    #[serde(skip_serializing_if = "is_false")]
    pub from: bool,
}

/// What an untagged union's member that takes text is (`lower::conversions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum TextMember {
    /// Text itself: `String`, or an alias of it (`Name`).
    String,
    /// A string enum (or an alias of one): it takes the values it knows, and the
    /// `String` beside it, if any, the rest.
    Enum,
}

/// A variant of an untagged union.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct UnionVariant {
    /// The Rust variant name.
    pub name: String,
    /// What it holds.
    pub ty: TypeRef,
    /// Held in a `Box` because the type contains itself.
    pub boxed: bool,
    /// Whether the union gets `From<ty>` (no other variant holds the same type).
    #[serde(skip_serializing_if = "is_false")]
    pub from: bool,
    /// Whether text converts into this variant (`From<&str>`, and `From<String>` for a
    /// string enum), and as what: the union's one string member.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_str: Option<TextMember>,
    /// The place of the member schema it was lowered from
    /// (`components.schemas.Pet.oneOf.1`), as keys from the document root; read by
    /// checks that ask which member a decoded value stands for (`cargo xtask conform`).
    #[serde(skip)]
    pub member: Place,
}

/// A place in the document, as keys from its root, that a part of a type was lowered
/// from. Not part of the type's shape: types are deduplicated by shape, so two values
/// equal in all but their places are equal (and hash alike), and the place kept is the
/// first one lowered.
#[derive(Debug, Clone, Default)]
pub struct Place(pub Vec<String>);

impl PartialEq for Place {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for Place {}

impl std::hash::Hash for Place {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

/// A reference to a type, as written at the place of use.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum TypeRef {
    /// A type in the `types` module.
    Named(String),
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// An integer (`i32`, `i64`, `u32`, `u64`, ...).
    Integer(IntKind),
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// Any JSON value.
    Json,
    /// A JSON object with any keys and values.
    JsonObject,
    /// Raw bytes (non-JSON bodies).
    Bytes,
    /// A file part of a multipart body (`format: binary`): `runtime::FilePart`.
    File,
    /// A JSON Patch document (RFC 6902), the body of `application/json-patch+json` when
    /// the spec does not type its operations: `runtime::JsonPatch`.
    JsonPatch,
    /// A string whose `format` has a Rust type of its own.
    Format(Format),
    /// `Vec<T>`.
    Vec(Box<TypeRef>),
    /// A closed tuple (`prefixItems` with `items: false`): `(A, B, ...)`, a JSON array of
    /// exactly these elements.
    Tuple(Vec<TypeRef>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeRef>),
    /// A value that may be JSON `null`: `Option<T>`.
    Nullable(Box<TypeRef>),
    /// A secret: prints `[redacted]` in `Debug`.
    Secret(Box<TypeRef>),
    /// No value (an empty body).
    Unit,
}

/// A string `format` with a Rust type of its own (see the README's formats table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Format {
    /// `date-time`: `chrono::DateTime<chrono::FixedOffset>` (the server's offset kept).
    DateTime,
    /// `date`: `chrono::NaiveDate`.
    Date,
    /// `uuid`: `uuid::Uuid`.
    Uuid,
    /// `byte` (and 3.1 `contentEncoding: base64`): bytes sent as base64, `runtime::Base64`.
    Base64,
    /// `ipv4`: `std::net::Ipv4Addr`.
    Ipv4,
    /// `ipv6`: `std::net::Ipv6Addr`.
    Ipv6,
}

impl Format {
    /// The type a string of this `format` gets, if it gets one of its own.
    pub fn of(format: &str) -> Option<Format> {
        Some(match format {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "uuid" => Format::Uuid,
            "byte" => Format::Base64,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            _ => return None,
        })
    }
}

/// An integer width.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum IntKind {
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `u8`.
    U8,
    /// `u16`.
    U16,
    /// `u32`.
    U32,
    /// `u64`.
    U64,
}

/// An operation: its request value, the methods that make and send it, its types.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// The operation's name, unique among operations (snake case): its client method's
    /// (the [`MethodKind::Call`] of `methods` is claimed under it), its mock stub's, what
    /// hooks and spans call it without an `operationId`; its types and its request value
    /// are named after it.
    pub name: String,
    /// `operationId`, when the spec gives one.
    pub operation_id: Option<String>,
    /// The HTTP method.
    pub method: HttpMethod,
    /// The path template (`/v3/connectors/{provider}/creds`), parsed.
    pub path: PathTemplate,
    /// Doc comment text (summary, then description).
    pub docs: Option<String>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Path parameters, in the order they appear in the path.
    pub path_params: Vec<Param>,
    /// Query, header and cookie parameters, sorted by name.
    pub params: Vec<Param>,
    /// The request value the method returns (in the module's `requests`): the
    /// operation's name in Pascal case, unique among operations.
    pub request: String,
    /// The request body.
    pub body: Option<Body>,
    /// The alternatives of security requirements; each a set of scheme names.
    pub security: Vec<Vec<String>>,
    /// The `Accept` header value.
    pub accept: Option<String>,
    /// Documented responses, in match order: exact statuses, ranges, then `default`.
    pub responses: Vec<ResponseCase>,
    /// What a success decodes to.
    pub success: Outcome,
    /// What a documented error decodes to: an enum over the error statuses.
    pub error: Outcome,
    /// `tags`, as the spec writes them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The cargo features its methods and types are compiled with (any of them); empty:
    /// always.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub features: Vec<String>,
    /// Every method the crate has for it, decided in lowering: the call first, then the
    /// raw-body call, `.items()` (when the spec or the config says how the list pages),
    /// `.stream()` (when the spec documents a success both as JSON and as a stream).
    pub methods: Vec<Method>,
}

/// An HTTP method an operation can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum HttpMethod {
    /// `GET`.
    #[serde(rename = "GET")]
    Get,
    /// `PUT`.
    #[serde(rename = "PUT")]
    Put,
    /// `POST`.
    #[serde(rename = "POST")]
    Post,
    /// `DELETE`.
    #[serde(rename = "DELETE")]
    Delete,
    /// `OPTIONS`.
    #[serde(rename = "OPTIONS")]
    Options,
    /// `HEAD`.
    #[serde(rename = "HEAD")]
    Head,
    /// `PATCH`.
    #[serde(rename = "PATCH")]
    Patch,
    /// `TRACE`.
    #[serde(rename = "TRACE")]
    Trace,
}

impl HttpMethod {
    /// Every method a path item can hold, in the order of the specification.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Options,
        HttpMethod::Head,
        HttpMethod::Patch,
        HttpMethod::Trace,
    ];

    /// The method as a path item's key names it (`get`).
    pub fn from_key(key: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The path item key (`get`).
    pub fn key(self) -> &'static str {
        match self {
            HttpMethod::Get => "get",
            HttpMethod::Put => "put",
            HttpMethod::Post => "post",
            HttpMethod::Delete => "delete",
            HttpMethod::Options => "options",
            HttpMethod::Head => "head",
            HttpMethod::Patch => "patch",
            HttpMethod::Trace => "trace",
        }
    }

    /// The method on the wire and in `reqwest::Method`'s constant (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

/// A path template split into the text sent as it is and the path parameters between it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The template as the spec writes it, for docs.
    pub template: String,
    /// The parts, in order.
    pub parts: Vec<PathPart>,
}

/// A part of a [`PathTemplate`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Text sent as it is (already valid in a path).
    Literal(String),
    /// The value of [`Operation::path_params`]`[i]`, percent-encoded.
    Param(usize),
}

/// Shown in snapshots as the template text.
impl Serialize for PathTemplate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.template)
    }
}

/// A parameter.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Param {
    /// The Rust name and the name on the wire.
    #[serde(flatten)]
    pub name: Name,
    /// Where it travels.
    pub location: ParamLocation,
    /// The value's type.
    pub ty: TypeRef,
    /// `required: true`.
    pub required: bool,
    /// How a query value is serialized.
    pub style: QueryStyle,
    /// Doc comment text.
    pub docs: Option<String>,
    /// `deprecated: true`: `#[deprecated]` on its field of the parameters struct.
    #[serde(skip_serializing_if = "is_false")]
    pub deprecated: bool,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ParamLocation {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// How a query parameter is serialized.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum QueryStyle {
    /// `form`, with `explode`.
    Form {
        /// Whether arrays repeat the name.
        explode: bool,
    },
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// Which statuses a response case matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum StatusMatch {
    /// One status.
    Code(u16),
    /// A range: `4XX` is `Range(4)`.
    Range(u16),
    /// `default`.
    Default,
}

/// One documented response.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseCase {
    /// Which statuses it matches.
    pub status: StatusMatch,
    /// Whether it counts as success.
    pub success: bool,
    /// How the body decodes.
    pub encoding: BodyEncoding,
    /// The body's type.
    pub ty: TypeRef,
    /// The variant of the success or error enum that holds it, when there is an enum.
    pub variant: Option<String>,
    /// Doc comment text.
    pub docs: Option<String>,
    /// A success's example body (the media type's `example`, the first of its `examples`,
    /// else its schema's `example`): what the mock answers by default when it decodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub example: Option<ResponseExample>,
}

/// An example of a response body, and where the document writes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseExample {
    /// The value, as the document writes it.
    pub value: serde_json::Value,
    /// Its place (`paths./pets.get.responses.200.content.application/json.example`).
    pub place: String,
}

/// The type a set of responses decodes to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Outcome {
    /// Every case decodes to this type.
    Single(TypeRef),
    /// An enum in the `types` module with one variant per case.
    Enum(String),
}

/// For `skip_serializing_if`: snapshots show a flag only when it is set.
fn is_false(flag: &bool) -> bool {
    !*flag
}
