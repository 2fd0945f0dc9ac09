//! The shape a JSON pointer walks: every value of the `openapiv3` model a `$ref` may point
//! at or through ([`Node`]), and each step from a value to one of its parts ([`Step`]),
//! typed, so that whoever reads a place (lowering names types after theirs) never reads a
//! pointer's text.
//!
//! [`children`] is the one description of which parts each value has; [`child`] follows
//! one segment, looking maps and lists up directly and everything else up in
//! [`children`], so the two cannot disagree (a test holds them to each other). Neither
//! follows a `$ref`: that is the resolver's job (`super::pointer`).

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, Callback, Components, Encoding, Example, Header, Link, MediaType,
    OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem, Paths, ReferenceOr,
    RequestBody, Response, Responses, Schema, SchemaKind, SecurityScheme, StatusCode, Type,
};

use super::Section;

/// A value written in place, or the `$ref` written where it would be.
#[derive(Debug)]
pub enum Written<'a, T> {
    /// The value itself.
    Item(&'a T),
    /// A `$ref` string.
    Ref(&'a str),
}

impl<T> Clone for Written<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Written<'_, T> {}

impl<'a, T> Written<'a, T> {
    /// What `value` is.
    pub fn of(value: &'a ReferenceOr<T>) -> Self {
        match value {
            ReferenceOr::Item(item) => Written::Item(item),
            ReferenceOr::Reference { reference } => Written::Ref(reference),
        }
    }
}

impl<'a> Written<'a, Schema> {
    /// What a schema held in a `Box` (properties, `items`) is.
    pub fn boxed(value: &'a ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Item(item) => Written::Item(item),
            ReferenceOr::Reference { reference } => Written::Ref(reference),
        }
    }
}

/// The keywords that hold a list of schemas.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Composition {
    /// `allOf`.
    AllOf,
    /// `oneOf`.
    OneOf,
    /// `anyOf`.
    AnyOf,
}

impl Composition {
    /// The keyword.
    pub fn key(self) -> &'static str {
        match self {
            Composition::AllOf => "allOf",
            Composition::OneOf => "oneOf",
            Composition::AnyOf => "anyOf",
        }
    }
}

/// A value of the document a pointer can reach.
#[derive(Debug, Clone, Copy)]
pub enum Node<'a> {
    /// The document.
    Document(&'a OpenAPI),
    /// `paths`.
    Paths(&'a Paths),
    /// A path item (of `paths`, or of a callback).
    PathItem(&'a PathItem),
    /// An operation.
    Operation(&'a Operation),
    /// The `parameters` of a path item or an operation.
    Parameters(&'a [ReferenceOr<Parameter>]),
    /// A parameter.
    Parameter(Written<'a, Parameter>),
    /// A request body.
    RequestBody(Written<'a, RequestBody>),
    /// The `responses` of an operation.
    Responses(&'a Responses),
    /// A response.
    Response(Written<'a, Response>),
    /// The `callbacks` of an operation.
    Callbacks(&'a IndexMap<String, Callback>),
    /// A callback: runtime expressions -> path items.
    Callback(Written<'a, Callback>),
    /// `content`: media type -> its schema and examples.
    Content(&'a IndexMap<String, MediaType>),
    /// One media type of a `content`.
    MediaType(&'a MediaType),
    /// The `encoding` of a media type.
    Encodings(&'a IndexMap<String, Encoding>),
    /// One property's encoding.
    Encoding(&'a Encoding),
    /// `headers`.
    Headers(&'a IndexMap<String, ReferenceOr<Header>>),
    /// A header.
    Header(Written<'a, Header>),
    /// `examples`.
    Examples(&'a IndexMap<String, ReferenceOr<Example>>),
    /// An example.
    Example(Written<'a, Example>),
    /// The `links` of a response.
    Links(&'a IndexMap<String, ReferenceOr<Link>>),
    /// A link.
    Link(Written<'a, Link>),
    /// A schema.
    Schema(Written<'a, Schema>),
    /// The `properties` of a schema.
    Properties(&'a IndexMap<String, ReferenceOr<Box<Schema>>>),
    /// The members of an `allOf`, `oneOf` or `anyOf`.
    Members(Composition, &'a [ReferenceOr<Schema>]),
    /// `components`.
    Components(&'a Components),
    /// One section of `components`.
    Section(&'a Components, Section),
    /// A security scheme.
    SecurityScheme(Written<'a, SecurityScheme>),
}

/// One step from a value to one of its parts: what a pointer segment means there.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// `paths`.
    Paths,
    /// A path template under `paths`.
    Path(&'a str),
    /// An operation, under its method.
    Operation(&'a str),
    /// `parameters`.
    Parameters,
    /// One parameter of a list, by index.
    Parameter(usize),
    /// `requestBody`.
    RequestBody,
    /// `responses`.
    Responses,
    /// One response, by status (`None` for `default`).
    Response(Option<&'a StatusCode>),
    /// `callbacks`.
    Callbacks,
    /// One callback, by name.
    Callback(&'a str),
    /// A callback's path item, by runtime expression.
    Expression(&'a str),
    /// `content`.
    Content,
    /// One media type.
    Media(&'a str),
    /// `schema` (of a parameter, a header or a media type).
    Schema,
    /// `headers`.
    Headers,
    /// One header, by name.
    Header(&'a str),
    /// `examples`.
    Examples,
    /// One example, by name.
    Example(&'a str),
    /// `encoding`.
    Encodings,
    /// One property's encoding.
    Encoding(&'a str),
    /// `links`.
    Links,
    /// One link, by name.
    Link(&'a str),
    /// `components`.
    Components,
    /// A section of `components`.
    Section(Section),
    /// An entry of a section of `components`, by name.
    Entry(Section, &'a str),
    /// `properties`.
    Properties,
    /// One property, by name.
    Property(&'a str),
    /// `items`.
    Items,
    /// `additionalProperties`.
    AdditionalProperties,
    /// `allOf`, `oneOf` or `anyOf`.
    Members(Composition),
    /// One member of an `allOf`, `oneOf` or `anyOf`, by index.
    Member(Composition, usize),
    /// `not`.
    Not,
}

impl Step<'_> {
    /// The pointer segment of this step, unescaped.
    pub fn segment(&self) -> String {
        match self {
            Step::Parameter(i) | Step::Member(_, i) => i.to_string(),
            Step::Response(Some(status)) => status.to_string(),
            _ => self.fixed().unwrap_or_default().to_string(),
        }
    }

    /// Whether `segment` names this step.
    fn is(&self, segment: &str) -> bool {
        match self {
            Step::Parameter(i) | Step::Member(_, i) => index(segment) == Some(*i),
            Step::Response(Some(status)) => status.to_string().eq_ignore_ascii_case(segment),
            _ => self.fixed() == Some(segment),
        }
    }

    /// The segment, when it is not a number.
    fn fixed(&self) -> Option<&str> {
        Some(match self {
            Step::Paths => "paths",
            Step::Parameters => "parameters",
            Step::RequestBody => "requestBody",
            Step::Responses => "responses",
            Step::Response(None) => "default",
            Step::Callbacks => "callbacks",
            Step::Content => "content",
            Step::Schema => "schema",
            Step::Headers => "headers",
            Step::Examples => "examples",
            Step::Encodings => "encoding",
            Step::Links => "links",
            Step::Components => "components",
            Step::Section(section) => section.key(),
            Step::Properties => "properties",
            Step::Items => "items",
            Step::AdditionalProperties => "additionalProperties",
            Step::Members(keyword) => keyword.key(),
            Step::Not => "not",
            Step::Path(key)
            | Step::Operation(key)
            | Step::Callback(key)
            | Step::Expression(key)
            | Step::Media(key)
            | Step::Header(key)
            | Step::Example(key)
            | Step::Encoding(key)
            | Step::Link(key)
            | Step::Entry(_, key)
            | Step::Property(key) => key,
            Step::Parameter(_) | Step::Member(..) | Step::Response(Some(_)) => return None,
        })
    }
}

/// A list index as a JSON pointer writes it: digits, without leading zeros.
fn index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    if !digits || (segment.len() > 1 && segment.starts_with('0')) {
        return None;
    }
    segment.parse().ok()
}

impl<'a> Node<'a> {
    /// The section of `components` whose entries are values of this kind, for the kinds a
    /// `$ref` may stand for.
    pub fn section(&self) -> Option<Section> {
        Some(match self {
            Node::Schema(_) => Section::Schemas,
            Node::Response(_) => Section::Responses,
            Node::Parameter(_) => Section::Parameters,
            Node::Example(_) => Section::Examples,
            Node::RequestBody(_) => Section::RequestBodies,
            Node::Header(_) => Section::Headers,
            Node::SecurityScheme(_) => Section::SecuritySchemes,
            Node::Link(_) => Section::Links,
            Node::Callback(_) => Section::Callbacks,
            _ => return None,
        })
    }

    /// The `$ref` written here, if this value is one.
    pub fn reference(&self) -> Option<&'a str> {
        match *self {
            Node::Schema(Written::Ref(r))
            | Node::Response(Written::Ref(r))
            | Node::Parameter(Written::Ref(r))
            | Node::Example(Written::Ref(r))
            | Node::RequestBody(Written::Ref(r))
            | Node::Header(Written::Ref(r))
            | Node::SecurityScheme(Written::Ref(r))
            | Node::Link(Written::Ref(r))
            | Node::Callback(Written::Ref(r)) => Some(r),
            _ => None,
        }
    }

    /// What this value is, with its article, as messages name it.
    pub fn noun(&self) -> &'static str {
        match self {
            Node::Document(_) => "the whole document",
            Node::Paths(_) => "`paths`",
            Node::PathItem(_) => "a path item",
            Node::Operation(_) => "an operation",
            Node::Parameters(_) => "a list of parameters",
            Node::Parameter(_) => "a parameter",
            Node::RequestBody(_) => "a request body",
            Node::Responses(_) => "the responses of an operation",
            Node::Response(_) => "a response",
            Node::Callbacks(_) => "the callbacks of an operation",
            Node::Callback(_) => "a callback",
            Node::Content(_) => "a `content` map",
            Node::MediaType(_) => "a media type",
            Node::Encodings(_) => "an `encoding` map",
            Node::Encoding(_) => "an encoding",
            Node::Headers(_) => "a `headers` map",
            Node::Header(_) => "a header",
            Node::Examples(_) => "an `examples` map",
            Node::Example(_) => "an example",
            Node::Links(_) => "a `links` map",
            Node::Link(_) => "a link",
            Node::Schema(_) => "a schema",
            Node::Properties(_) => "the `properties` of a schema",
            Node::Members(..) => "a list of schemas",
            Node::Components(_) => "`components`",
            Node::Section(..) => "a section of `components`",
            Node::SecurityScheme(_) => "a security scheme",
        }
    }
}

/// The part of `node` that `segment` names, without following a `$ref`.
pub fn child<'a>(node: Node<'a>, segment: &str) -> Option<(Step<'a>, Node<'a>)> {
    match node {
        Node::Paths(paths) => match paths.paths.get_key_value(segment)? {
            (template, ReferenceOr::Item(item)) => {
                Some((Step::Path(template), Node::PathItem(item)))
            }
            (_, ReferenceOr::Reference { .. }) => None,
        },
        Node::Parameters(list) => {
            let i = index(segment)?;
            Some((
                Step::Parameter(i),
                Node::Parameter(Written::of(list.get(i)?)),
            ))
        }
        Node::Callbacks(map) => {
            let (name, callback) = map.get_key_value(segment)?;
            Some((
                Step::Callback(name),
                Node::Callback(Written::Item(callback)),
            ))
        }
        Node::Callback(Written::Item(callback)) => {
            let (expression, item) = callback.get_key_value(segment)?;
            Some((Step::Expression(expression), Node::PathItem(item)))
        }
        Node::Content(map) => {
            let (media, media_type) = map.get_key_value(segment)?;
            Some((Step::Media(media), Node::MediaType(media_type)))
        }
        Node::Encodings(map) => {
            let (name, encoding) = map.get_key_value(segment)?;
            Some((Step::Encoding(name), Node::Encoding(encoding)))
        }
        Node::Headers(map) => {
            let (name, header) = map.get_key_value(segment)?;
            Some((Step::Header(name), Node::Header(Written::of(header))))
        }
        Node::Examples(map) => {
            let (name, example) = map.get_key_value(segment)?;
            Some((Step::Example(name), Node::Example(Written::of(example))))
        }
        Node::Links(map) => {
            let (name, link) = map.get_key_value(segment)?;
            Some((Step::Link(name), Node::Link(Written::of(link))))
        }
        Node::Properties(map) => {
            let (name, schema) = map.get_key_value(segment)?;
            Some((Step::Property(name), Node::Schema(Written::boxed(schema))))
        }
        Node::Members(keyword, list) => {
            let i = index(segment)?;
            Some((
                Step::Member(keyword, i),
                Node::Schema(Written::of(list.get(i)?)),
            ))
        }
        Node::Section(components, section) => entry(components, section, segment),
        // Values of a few fixed parts: look among them.
        _ => {
            let mut parts = Vec::new();
            children(node, &mut parts);
            parts.into_iter().find(|(step, _)| step.is(segment))
        }
    }
}

/// The entry `name` of `section`.
fn entry<'a>(
    components: &'a Components,
    section: Section,
    name: &str,
) -> Option<(Step<'a>, Node<'a>)> {
    fn get<'a, T>(
        map: &'a IndexMap<String, ReferenceOr<T>>,
        name: &str,
    ) -> Option<(&'a str, Written<'a, T>)> {
        map.get_key_value(name)
            .map(|(key, value)| (key.as_str(), Written::of(value)))
    }
    let (key, node) = match section {
        Section::Schemas => get(&components.schemas, name).map(|(k, w)| (k, Node::Schema(w)))?,
        Section::Responses => {
            get(&components.responses, name).map(|(k, w)| (k, Node::Response(w)))?
        }
        Section::Parameters => {
            get(&components.parameters, name).map(|(k, w)| (k, Node::Parameter(w)))?
        }
        Section::Examples => get(&components.examples, name).map(|(k, w)| (k, Node::Example(w)))?,
        Section::RequestBodies => {
            get(&components.request_bodies, name).map(|(k, w)| (k, Node::RequestBody(w)))?
        }
        Section::Headers => get(&components.headers, name).map(|(k, w)| (k, Node::Header(w)))?,
        Section::SecuritySchemes => {
            get(&components.security_schemes, name).map(|(k, w)| (k, Node::SecurityScheme(w)))?
        }
        Section::Links => get(&components.links, name).map(|(k, w)| (k, Node::Link(w)))?,
        Section::Callbacks => {
            get(&components.callbacks, name).map(|(k, w)| (k, Node::Callback(w)))?
        }
    };
    Some((Step::Entry(section, key), node))
}

/// Every part of `node` a pointer can step to, in document order, appended to `out`. A
/// `$ref` has none: what it stands for is somewhere else.
pub fn children<'a>(node: Node<'a>, out: &mut Vec<(Step<'a>, Node<'a>)>) {
    match node {
        Node::Document(api) => {
            out.push((Step::Paths, Node::Paths(&api.paths)));
            if let Some(components) = &api.components {
                out.push((Step::Components, Node::Components(components)));
            }
        }
        Node::Paths(paths) => {
            for (template, item) in &paths.paths {
                if let ReferenceOr::Item(item) = item {
                    out.push((Step::Path(template), Node::PathItem(item)));
                }
            }
        }
        Node::PathItem(item) => {
            for (method, operation) in item.iter() {
                out.push((Step::Operation(method), Node::Operation(operation)));
            }
            if !item.parameters.is_empty() {
                out.push((Step::Parameters, Node::Parameters(&item.parameters)));
            }
        }
        Node::Operation(operation) => {
            if !operation.parameters.is_empty() {
                out.push((Step::Parameters, Node::Parameters(&operation.parameters)));
            }
            if let Some(body) = &operation.request_body {
                out.push((Step::RequestBody, Node::RequestBody(Written::of(body))));
            }
            out.push((Step::Responses, Node::Responses(&operation.responses)));
            if !operation.callbacks.is_empty() {
                out.push((Step::Callbacks, Node::Callbacks(&operation.callbacks)));
            }
        }
        Node::Parameters(list) => {
            for (i, parameter) in list.iter().enumerate() {
                out.push((Step::Parameter(i), Node::Parameter(Written::of(parameter))));
            }
        }
        Node::Parameter(Written::Item(parameter)) => {
            let data = parameter.parameter_data_ref();
            schema_or_content(&data.format, out);
            examples(&data.examples, out);
        }
        Node::RequestBody(Written::Item(body)) => content(&body.content, out),
        Node::Responses(responses) => {
            if let Some(default) = &responses.default {
                out.push((Step::Response(None), Node::Response(Written::of(default))));
            }
            for (status, response) in &responses.responses {
                out.push((
                    Step::Response(Some(status)),
                    Node::Response(Written::of(response)),
                ));
            }
        }
        Node::Response(Written::Item(response)) => {
            headers(&response.headers, out);
            content(&response.content, out);
            if !response.links.is_empty() {
                out.push((Step::Links, Node::Links(&response.links)));
            }
        }
        Node::Callbacks(map) => {
            for (name, callback) in map {
                out.push((
                    Step::Callback(name),
                    Node::Callback(Written::Item(callback)),
                ));
            }
        }
        Node::Callback(Written::Item(callback)) => {
            for (expression, item) in callback {
                out.push((Step::Expression(expression), Node::PathItem(item)));
            }
        }
        Node::Content(map) => {
            for (media, media_type) in map {
                out.push((Step::Media(media), Node::MediaType(media_type)));
            }
        }
        Node::MediaType(media_type) => {
            if let Some(schema) = &media_type.schema {
                out.push((Step::Schema, Node::Schema(Written::of(schema))));
            }
            examples(&media_type.examples, out);
            if !media_type.encoding.is_empty() {
                out.push((Step::Encodings, Node::Encodings(&media_type.encoding)));
            }
        }
        Node::Encodings(map) => {
            for (name, encoding) in map {
                out.push((Step::Encoding(name), Node::Encoding(encoding)));
            }
        }
        Node::Encoding(encoding) => headers(&encoding.headers, out),
        Node::Headers(map) => {
            for (name, header) in map {
                out.push((Step::Header(name), Node::Header(Written::of(header))));
            }
        }
        Node::Header(Written::Item(header)) => {
            schema_or_content(&header.format, out);
            examples(&header.examples, out);
        }
        Node::Examples(map) => {
            for (name, example) in map {
                out.push((Step::Example(name), Node::Example(Written::of(example))));
            }
        }
        Node::Links(map) => {
            for (name, link) in map {
                out.push((Step::Link(name), Node::Link(Written::of(link))));
            }
        }
        Node::Schema(Written::Item(schema)) => schema_parts(schema, out),
        Node::Properties(map) => {
            for (name, schema) in map {
                out.push((Step::Property(name), Node::Schema(Written::boxed(schema))));
            }
        }
        Node::Members(keyword, list) => {
            for (i, schema) in list.iter().enumerate() {
                out.push((Step::Member(keyword, i), Node::Schema(Written::of(schema))));
            }
        }
        Node::Components(components) => {
            for section in Section::ALL {
                if !section.is_empty(components) {
                    out.push((Step::Section(section), Node::Section(components, section)));
                }
            }
        }
        Node::Section(components, section) => {
            for name in section.names(components) {
                out.extend(entry(components, section, name));
            }
        }
        // `$ref`s, and values that hold nothing a `$ref` may point at.
        Node::Parameter(Written::Ref(_))
        | Node::RequestBody(Written::Ref(_))
        | Node::Response(Written::Ref(_))
        | Node::Callback(Written::Ref(_))
        | Node::Header(Written::Ref(_))
        | Node::Schema(Written::Ref(_))
        | Node::Example(_)
        | Node::Link(_)
        | Node::SecurityScheme(_) => {}
    }
}

fn schema_or_content<'a>(
    format: &'a ParameterSchemaOrContent,
    out: &mut Vec<(Step<'a>, Node<'a>)>,
) {
    match format {
        ParameterSchemaOrContent::Schema(schema) => {
            out.push((Step::Schema, Node::Schema(Written::of(schema))));
        }
        ParameterSchemaOrContent::Content(map) => content(map, out),
    }
}

fn content<'a>(map: &'a IndexMap<String, MediaType>, out: &mut Vec<(Step<'a>, Node<'a>)>) {
    if !map.is_empty() {
        out.push((Step::Content, Node::Content(map)));
    }
}

fn headers<'a>(
    map: &'a IndexMap<String, ReferenceOr<Header>>,
    out: &mut Vec<(Step<'a>, Node<'a>)>,
) {
    if !map.is_empty() {
        out.push((Step::Headers, Node::Headers(map)));
    }
}

fn examples<'a>(
    map: &'a IndexMap<String, ReferenceOr<Example>>,
    out: &mut Vec<(Step<'a>, Node<'a>)>,
) {
    if !map.is_empty() {
        out.push((Step::Examples, Node::Examples(map)));
    }
}

/// The parts of a schema: its properties, `additionalProperties`, `items`, the members of
/// its `allOf` / `oneOf` / `anyOf`, and `not`, whichever it has.
fn schema_parts<'a>(schema: &'a Schema, out: &mut Vec<(Step<'a>, Node<'a>)>) {
    let properties = |map: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
                      additional: Option<&'a AdditionalProperties>,
                      out: &mut Vec<(Step<'a>, Node<'a>)>| {
        if !map.is_empty() {
            out.push((Step::Properties, Node::Properties(map)));
        }
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            out.push((
                Step::AdditionalProperties,
                Node::Schema(Written::of(schema)),
            ));
        }
    };
    let members = |keyword: Composition,
                   list: &'a [ReferenceOr<Schema>],
                   out: &mut Vec<(Step<'a>, Node<'a>)>| {
        if !list.is_empty() {
            out.push((Step::Members(keyword), Node::Members(keyword, list)));
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(object)) => properties(
            &object.properties,
            object.additional_properties.as_ref(),
            out,
        ),
        SchemaKind::Type(Type::Array(array)) => {
            if let Some(items) = &array.items {
                out.push((Step::Items, Node::Schema(Written::boxed(items))));
            }
        }
        SchemaKind::Type(_) => {}
        SchemaKind::AllOf { all_of } => members(Composition::AllOf, all_of, out),
        SchemaKind::OneOf { one_of } => members(Composition::OneOf, one_of, out),
        SchemaKind::AnyOf { any_of } => members(Composition::AnyOf, any_of, out),
        SchemaKind::Not { not } => out.push((Step::Not, Node::Schema(Written::of(not)))),
        SchemaKind::Any(any) => {
            properties(&any.properties, any.additional_properties.as_ref(), out);
            if let Some(items) = &any.items {
                out.push((Step::Items, Node::Schema(Written::boxed(items))));
            }
            members(Composition::AllOf, &any.all_of, out);
            members(Composition::OneOf, &any.one_of, out);
            members(Composition::AnyOf, &any.any_of, out);
            if let Some(not) = &any.not {
                out.push((Step::Not, Node::Schema(Written::of(not))));
            }
        }
    }
}
