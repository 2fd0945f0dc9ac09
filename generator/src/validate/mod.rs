//! Validate: checks a loaded document for problems lowering cannot recover from.
//!
//! One linear walk over the document records every problem it finds (missing or external
//! `$ref` targets, duplicate `operationId`s, undeclared path parameters, ...), then a few
//! whole-document checks run on what the walk collected (`$ref` cycles, discriminators).
//! The walk keeps the current document path as borrowed segments and builds a
//! [`DocPath`] only when it records something, so a valid document costs no allocation
//! per node.
//!
//! Lowering may rely on what is checked here: every local `$ref` has the form
//! `#/components/<section>/<name>` and names an existing entry of the right section.

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};

use openapiv3::{
    AdditionalProperties, Callback, Components, Header, MediaType, OpenAPI, Operation, Parameter,
    ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    SecurityRequirement, Server, Type,
};

use crate::diag::words::{closest, short, with_article, TYPES};
use crate::diag::{Diagnostics, DocPath, Seg};

/// Records every problem found in `api`.
pub fn validate(api: &openapiv3::OpenAPI, diags: &mut Diagnostics) {
    let mut walker = Walker {
        api,
        diags,
        path: Vec::new(),
        operation_ids: HashMap::new(),
        discriminators: Vec::new(),
        schema_edges: Vec::new(),
    };
    walker.document();
    walker.ref_cycles();
    walker.discriminators();
}

/// A section of `components`, as `$ref`s name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Schemas,
    Responses,
    Parameters,
    Examples,
    RequestBodies,
    Headers,
    SecuritySchemes,
    Links,
    Callbacks,
}

impl Section {
    const ALL: [Section; 9] = [
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
    fn key(self) -> &'static str {
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

    /// What one entry is called in messages.
    fn noun(self) -> &'static str {
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
    fn names(self, components: &Components) -> Vec<&str> {
        fn keys<V>(map: &indexmap::IndexMap<String, V>) -> Vec<&str> {
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

    fn contains(self, components: &Components, name: &str) -> bool {
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

/// A local reference split into its section key and (unescaped) entry name.
enum RefTarget {
    /// `#/components/<section>/<name>`.
    Component { section: String, name: String },
    /// Another document (`other.yaml#/...`).
    External,
    /// A local pointer of another shape.
    Other,
}

fn parse_ref(reference: &str) -> RefTarget {
    let Some(pointer) = reference.strip_prefix('#') else {
        return RefTarget::External;
    };
    let Some(rest) = pointer.strip_prefix("/components/") else {
        return RefTarget::Other;
    };
    let Some((section, name)) = rest.split_once('/') else {
        return RefTarget::Other;
    };
    if name.is_empty() || name.contains('/') {
        return RefTarget::Other;
    }
    RefTarget::Component {
        section: section.to_string(),
        name: name.replace("~1", "/").replace("~0", "~"),
    }
}

struct Walker<'a, 'd> {
    api: &'a OpenAPI,
    diags: &'d mut Diagnostics,
    /// The path of the node being walked.
    path: Vec<Seg<'a>>,
    /// The first operation with each `operationId`.
    operation_ids: HashMap<&'a str, DocPath>,
    /// Every schema with a discriminator, and its path.
    discriminators: Vec<(DocPath, &'a Schema)>,
    /// For each component schema (by index), the component schemas it stands for without
    /// adding structure (a `$ref`, or a member of `allOf`), with the path of the `$ref`.
    schema_edges: Vec<Vec<(usize, DocPath)>>,
}

impl<'a> Walker<'a, '_> {
    // ---- Paths -------------------------------------------------------------------

    fn here(&self) -> DocPath {
        DocPath::from_borrowed(&self.path)
    }

    fn here_with(&self, extra: &[Seg<'_>]) -> DocPath {
        DocPath::from_borrowed(self.path.iter().chain(extra))
    }

    fn enter(&mut self, seg: Seg<'a>) {
        self.path.push(seg);
    }

    fn leave(&mut self) {
        self.path.pop();
    }

    fn components(&self) -> Option<&'a Components> {
        self.api.components.as_ref()
    }

    // ---- References --------------------------------------------------------------

    /// Checks a `$ref` at the current path that must name an entry of `section`.
    /// Returns the entry's name when it exists.
    fn check_ref(&mut self, reference: &str, section: Section) -> Option<String> {
        self.check_ref_at(reference, section, None)
    }

    /// [`Self::check_ref`] for a `$ref` at `path` (the current path when `None`).
    fn check_ref_at(
        &mut self,
        reference: &str,
        section: Section,
        path: Option<DocPath>,
    ) -> Option<String> {
        let at = |walker: &Self| path.clone().unwrap_or_else(|| walker.here());
        let shown = short(reference);
        let (section_key, name) = match parse_ref(reference) {
            RefTarget::External => {
                let path = at(self);
                self.external_ref(reference, &path);
                return None;
            }
            RefTarget::Other => {
                let path = at(self);
                self.diags
                    .error(&path, format!("unsupported reference `{shown}`"))
                    .help(format!(
                        "only references to `#/components/{}/<name>` are supported here; \
                         move the target under `components.{}` and refer to it there",
                        section.key(),
                        section.key()
                    ));
                return None;
            }
            RefTarget::Component { section, name } => (section, name),
        };
        if section_key != section.key() {
            let message = match Section::ALL.iter().find(|s| s.key() == section_key) {
                Some(other) => format!(
                    "`{shown}` refers to {}, but {} is expected here",
                    with_article(other.noun()),
                    with_article(section.noun())
                ),
                None => format!(
                    "`{shown}` does not refer into a section of `components`: \
                     `{}` is not one",
                    short(&section_key)
                ),
            };
            let path = at(self);
            self.diags.error(&path, message).help(format!(
                "refer to an entry of `components.{}`",
                section.key()
            ));
            return None;
        }
        if self
            .components()
            .is_some_and(|c| section.contains(c, &name))
        {
            return Some(name);
        }
        let names = self
            .components()
            .map(|c| section.names(c))
            .unwrap_or_default();
        let path = at(self);
        let help = match closest(&name, &names) {
            Some(near) => format!("did you mean `#/components/{}/{near}`?", section.key()),
            None => format!(
                "define `{name}` under `components.{}`, or fix the reference",
                section.key()
            ),
        };
        self.diags
            .error(&path, format!("`$ref` target `{shown}` does not exist"))
            .help(help);
        None
    }

    /// Reports a `$ref` that does not start with `#`.
    fn external_ref(&mut self, reference: &str, path: &DocPath) {
        let shown = short(reference);
        let file = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| reference.to_ascii_lowercase().ends_with(ext));
        if reference.contains('#') || file {
            self.diags
                .error(
                    path,
                    format!("external references are not supported: `{shown}`"),
                )
                .help(
                    "bundle the document into one file first (for example with `redocly bundle`)",
                );
        } else {
            let local = reference.trim_start_matches(['.', '/']);
            self.diags
                .error(path, format!("`{shown}` is not a local reference"))
                .help(format!(
                    "local references start with `#/`, for example `#/{}`; a reference to \
                     another file must be bundled first (for example with `redocly bundle`)",
                    short(local)
                ));
        }
    }

    /// The parameter a `$ref` chain ends at, if it resolves.
    fn resolve_parameter(&self, parameter: &'a ReferenceOr<Parameter>) -> Option<&'a Parameter> {
        let mut current = parameter;
        for _ in 0..16 {
            match current {
                ReferenceOr::Item(p) => return Some(p),
                ReferenceOr::Reference { reference } => match parse_ref(reference) {
                    RefTarget::Component { section, name } if section == "parameters" => {
                        current = self.components()?.parameters.get(&name)?;
                    }
                    _ => return None,
                },
            }
        }
        None
    }

    // ---- The walk ----------------------------------------------------------------

    fn document(&mut self) {
        let api = self.api;
        self.enter(Seg::Key("servers"));
        self.servers(&api.servers);
        self.leave();
        if let Some(security) = &api.security {
            self.enter(Seg::Key("security"));
            self.security(security);
            self.leave();
        }
        self.enter(Seg::Key("paths"));
        for (template, item) in api.paths.iter() {
            self.enter(Seg::Key(template));
            self.path_item_ref(template, item, false);
            self.leave();
        }
        self.leave();
        if let Some(components) = &api.components {
            self.enter(Seg::Key("components"));
            self.components_section(components);
            self.leave();
        }
    }

    fn servers(&mut self, servers: &'a [Server]) {
        for (i, server) in servers.iter().enumerate() {
            self.enter(Seg::Index(i));
            let variables = server.variables.as_ref();
            match template_names(&server.url) {
                Ok(names) => {
                    for name in names {
                        if !variables.is_some_and(|v| v.contains_key(name)) {
                            let path = self.here_with(&[Seg::Key("url")]);
                            self.diags
                                .error(
                                    &path,
                                    format!(
                                        "the server URL uses `{{{name}}}`, which is not declared under `variables`"
                                    ),
                                )
                                .help(format!(
                                    "add `variables: {{{name}: {{default: ...}}}}` to this server"
                                ));
                        }
                    }
                }
                Err(message) => {
                    let path = self.here_with(&[Seg::Key("url")]);
                    self.diags.error(&path, format!("the server URL {message}"));
                }
            }
            self.leave();
        }
    }

    fn security(&mut self, requirements: &'a [SecurityRequirement]) {
        let components = self.components();
        for (i, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                if components.is_some_and(|c| c.security_schemes.contains_key(name)) {
                    continue;
                }
                let path = self.here_with(&[Seg::Index(i), Seg::Key(name)]);
                self.diags
                    .error(
                        &path,
                        format!("the security scheme `{name}` is not defined"),
                    )
                    .help("define it under `components.securitySchemes`");
            }
        }
    }

    fn path_item_ref(
        &mut self,
        template: &'a str,
        item: &'a ReferenceOr<PathItem>,
        callback: bool,
    ) {
        match item {
            ReferenceOr::Reference { reference } => {
                let path = self.here();
                if matches!(parse_ref(reference), RefTarget::External) {
                    self.external_ref(reference, &path);
                } else {
                    self.diags
                        .error(&path, "a `$ref` in place of a path item is not supported")
                        .help("write the path item's operations here");
                }
            }
            ReferenceOr::Item(item) => self.path_item(template, item, callback),
        }
    }

    /// `callback` path items have runtime expressions, not path templates, as keys.
    fn path_item(&mut self, template: &'a str, item: &'a PathItem, callback: bool) {
        self.enter(Seg::Key("servers"));
        self.servers(&item.servers);
        self.leave();
        self.enter(Seg::Key("parameters"));
        self.parameter_list(&item.parameters);
        self.leave();
        let names = if callback {
            None
        } else {
            match template_names(template) {
                Ok(names) => Some(names),
                Err(message) => {
                    let path = self.here();
                    self.diags
                        .error(&path, format!("the path `{template}` {message}"));
                    None
                }
            }
        };
        for (method, operation) in item.iter() {
            self.enter(Seg::Key(method));
            self.operation(operation);
            if let Some(names) = &names {
                self.path_parameters(template, names, item, operation);
            }
            self.leave();
        }
    }

    /// Checks refs and duplicates in a parameter list at the current path.
    fn parameter_list(&mut self, parameters: &'a [ReferenceOr<Parameter>]) {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, parameter) in parameters.iter().enumerate() {
            self.enter(Seg::Index(i));
            match parameter {
                ReferenceOr::Reference { reference } => {
                    self.check_ref(reference, Section::Parameters);
                }
                ReferenceOr::Item(p) => self.parameter(p),
            }
            if let Some(p) = self.resolve_parameter(parameter) {
                let data = p.parameter_data_ref();
                let key = (data.name.as_str(), location(p));
                if let Some(first) = seen.get(&key) {
                    let path = self.here();
                    self.diags
                        .error(
                            &path,
                            format!(
                                "the {} parameter `{}` is declared twice (first as item {first})",
                                key.1, key.0
                            ),
                        )
                        .help("remove one of them");
                } else {
                    seen.insert(key, i);
                }
            }
            self.leave();
        }
    }

    /// A parameter definition.
    fn parameter(&mut self, parameter: &'a Parameter) {
        let data = parameter.parameter_data_ref();
        if matches!(parameter, Parameter::Path { .. }) && !data.required {
            let path = self.here();
            self.diags
                .error(
                    &path,
                    format!("the path parameter `{}` must be required", data.name),
                )
                .help("add `required: true`: a path cannot leave out one of its parts");
        }
        self.schema_or_content(&data.format);
        self.enter(Seg::Key("examples"));
        for (name, example) in &data.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Examples);
                self.leave();
            }
        }
        self.leave();
    }

    fn schema_or_content(&mut self, format: &'a ParameterSchemaOrContent) {
        match format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.enter(Seg::Key("schema"));
                self.schema_ref(schema);
                self.leave();
            }
            ParameterSchemaOrContent::Content(content) => {
                self.enter(Seg::Key("content"));
                for (media, media_type) in content {
                    self.enter(Seg::Key(media));
                    self.media_type(media_type);
                    self.leave();
                }
                self.leave();
            }
        }
    }

    /// Checks the path template of the operation at the current path against the path
    /// parameters it declares (its own and its path item's).
    fn path_parameters(
        &mut self,
        template: &str,
        names: &[&str],
        item: &'a PathItem,
        operation: &'a Operation,
    ) {
        // (name, where it is listed); operation parameters override path item ones.
        let mut declared: Vec<(&'a str, DocPath)> = Vec::new();
        let mut overridden: HashSet<(&str, &str)> = HashSet::new();
        for (i, parameter) in operation.parameters.iter().enumerate() {
            if let Some(p) = self.resolve_parameter(parameter) {
                let name = p.parameter_data_ref().name.as_str();
                overridden.insert((name, location(p)));
                if matches!(p, Parameter::Path { .. }) {
                    declared.push((
                        name,
                        self.here_with(&[Seg::Key("parameters"), Seg::Index(i)]),
                    ));
                }
            }
        }
        let method_segment = self.path.pop();
        for (i, parameter) in item.parameters.iter().enumerate() {
            if let Some(p) = self.resolve_parameter(parameter) {
                let name = p.parameter_data_ref().name.as_str();
                if matches!(p, Parameter::Path { .. }) && !overridden.contains(&(name, "path")) {
                    declared.push((
                        name,
                        self.here_with(&[Seg::Key("parameters"), Seg::Index(i)]),
                    ));
                }
            }
        }
        if let Some(segment) = method_segment {
            self.path.push(segment);
        }
        for name in names {
            if declared.iter().any(|(d, _)| d == name) {
                continue;
            }
            let path = self.here();
            self.diags
                .error(
                    &path,
                    format!("the path `{template}` uses `{{{name}}}`, but the operation declares no path parameter `{name}`"),
                )
                .help(format!(
                    "add `{{name: {name}, in: path, required: true, schema: {{type: string}}}}` \
                     to the `parameters` of the operation or of its path"
                ));
        }
        for (name, path) in declared {
            if !names.contains(&name) {
                self.diags
                    .error(
                        &path,
                        format!(
                            "the path parameter `{name}` does not appear in the path `{template}`"
                        ),
                    )
                    .help(format!(
                        "add `{{{name}}}` to the path, or remove the parameter"
                    ));
            }
        }
    }

    fn operation(&mut self, operation: &'a Operation) {
        if let Some(id) = &operation.operation_id {
            let path = self.here();
            match self.operation_ids.get(id.as_str()) {
                Some(first) => {
                    let message = format!("the operationId `{id}` is already used by `{first}`");
                    self.diags
                        .error(&path.push("operationId"), message)
                        .help("operationIds must be unique; rename one of them");
                }
                None => {
                    self.operation_ids.insert(id, path);
                }
            }
        }
        self.enter(Seg::Key("parameters"));
        self.parameter_list(&operation.parameters);
        self.leave();
        if let Some(body) = &operation.request_body {
            self.enter(Seg::Key("requestBody"));
            self.request_body_ref(body);
            self.leave();
        }
        self.enter(Seg::Key("responses"));
        if let Some(default) = &operation.responses.default {
            self.enter(Seg::Key("default"));
            self.response_ref(default);
            self.leave();
        }
        for (code, response) in &operation.responses.responses {
            self.enter(Seg::Status(code));
            self.response_ref(response);
            self.leave();
        }
        self.leave();
        self.enter(Seg::Key("callbacks"));
        for (name, callback) in &operation.callbacks {
            self.enter(Seg::Key(name));
            self.callback(callback);
            self.leave();
        }
        self.leave();
        if let Some(security) = &operation.security {
            self.enter(Seg::Key("security"));
            self.security(security);
            self.leave();
        }
        self.enter(Seg::Key("servers"));
        self.servers(&operation.servers);
        self.leave();
    }

    fn callback(&mut self, callback: &'a Callback) {
        for (expression, item) in callback {
            self.enter(Seg::Key(expression));
            self.path_item(expression, item, true);
            self.leave();
        }
    }

    fn request_body_ref(&mut self, body: &'a ReferenceOr<RequestBody>) {
        match body {
            ReferenceOr::Reference { reference } => {
                self.check_ref(reference, Section::RequestBodies);
            }
            ReferenceOr::Item(body) => self.request_body(body),
        }
    }

    fn request_body(&mut self, body: &'a RequestBody) {
        self.enter(Seg::Key("content"));
        for (media, media_type) in &body.content {
            self.enter(Seg::Key(media));
            self.media_type(media_type);
            self.leave();
        }
        self.leave();
    }

    fn response_ref(&mut self, response: &'a ReferenceOr<Response>) {
        match response {
            ReferenceOr::Reference { reference } => {
                self.check_ref(reference, Section::Responses);
            }
            ReferenceOr::Item(response) => self.response(response),
        }
    }

    fn response(&mut self, response: &'a Response) {
        self.enter(Seg::Key("headers"));
        for (name, header) in &response.headers {
            self.enter(Seg::Key(name));
            self.header_ref(header);
            self.leave();
        }
        self.leave();
        self.enter(Seg::Key("content"));
        for (media, media_type) in &response.content {
            self.enter(Seg::Key(media));
            self.media_type(media_type);
            self.leave();
        }
        self.leave();
        self.enter(Seg::Key("links"));
        for (name, link) in &response.links {
            if let ReferenceOr::Reference { reference } = link {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Links);
                self.leave();
            }
        }
        self.leave();
    }

    fn header_ref(&mut self, header: &'a ReferenceOr<Header>) {
        match header {
            ReferenceOr::Reference { reference } => {
                self.check_ref(reference, Section::Headers);
            }
            ReferenceOr::Item(header) => self.header(header),
        }
    }

    fn header(&mut self, header: &'a Header) {
        self.schema_or_content(&header.format);
        self.enter(Seg::Key("examples"));
        for (name, example) in &header.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Examples);
                self.leave();
            }
        }
        self.leave();
    }

    fn media_type(&mut self, media_type: &'a MediaType) {
        if let Some(schema) = &media_type.schema {
            self.enter(Seg::Key("schema"));
            self.schema_ref(schema);
            self.leave();
        }
        self.enter(Seg::Key("examples"));
        for (name, example) in &media_type.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Examples);
                self.leave();
            }
        }
        self.leave();
        self.enter(Seg::Key("encoding"));
        for (name, encoding) in &media_type.encoding {
            self.enter(Seg::Key(name));
            self.enter(Seg::Key("headers"));
            for (header_name, header) in &encoding.headers {
                self.enter(Seg::Key(header_name));
                self.header_ref(header);
                self.leave();
            }
            self.leave();
            self.leave();
        }
        self.leave();
    }

    fn components_section(&mut self, components: &'a Components) {
        self.enter(Seg::Key("schemas"));
        self.schema_edges = vec![Vec::new(); components.schemas.len()];
        for (index, (name, schema)) in components.schemas.iter().enumerate() {
            self.enter(Seg::Key(name));
            self.schema_ref(schema);
            let mut edges = Vec::new();
            self.structureless_refs(schema, &mut edges);
            if let Some(slot) = self.schema_edges.get_mut(index) {
                *slot = edges;
            }
            self.leave();
        }
        self.leave();

        self.enter(Seg::Key("responses"));
        for (name, response) in &components.responses {
            self.enter(Seg::Key(name));
            self.response_ref(response);
            self.leave();
        }
        self.leave();

        self.enter(Seg::Key("parameters"));
        for (name, parameter) in &components.parameters {
            self.enter(Seg::Key(name));
            match parameter {
                ReferenceOr::Reference { reference } => {
                    self.check_ref(reference, Section::Parameters);
                }
                ReferenceOr::Item(p) => self.parameter(p),
            }
            self.leave();
        }
        self.leave();

        self.enter(Seg::Key("examples"));
        for (name, example) in &components.examples {
            if let ReferenceOr::Reference { reference } = example {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Examples);
                self.leave();
            }
        }
        self.leave();

        self.enter(Seg::Key("requestBodies"));
        for (name, body) in &components.request_bodies {
            self.enter(Seg::Key(name));
            self.request_body_ref(body);
            self.leave();
        }
        self.leave();

        self.enter(Seg::Key("headers"));
        for (name, header) in &components.headers {
            self.enter(Seg::Key(name));
            self.header_ref(header);
            self.leave();
        }
        self.leave();

        self.enter(Seg::Key("securitySchemes"));
        for (name, scheme) in &components.security_schemes {
            if let ReferenceOr::Reference { reference } = scheme {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::SecuritySchemes);
                self.leave();
            }
        }
        self.leave();

        self.enter(Seg::Key("links"));
        for (name, link) in &components.links {
            if let ReferenceOr::Reference { reference } = link {
                self.enter(Seg::Key(name));
                self.check_ref(reference, Section::Links);
                self.leave();
            }
        }
        self.leave();

        self.enter(Seg::Key("callbacks"));
        for (name, callback) in &components.callbacks {
            self.enter(Seg::Key(name));
            match callback {
                ReferenceOr::Reference { reference } => {
                    self.check_ref(reference, Section::Callbacks);
                }
                ReferenceOr::Item(callback) => self.callback(callback),
            }
            self.leave();
        }
        self.leave();
    }

    // ---- Schemas -----------------------------------------------------------------

    fn schema_ref<S: Borrow<Schema>>(&mut self, schema: &'a ReferenceOr<S>) {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.check_ref(reference, Section::Schemas);
            }
            ReferenceOr::Item(schema) => self.schema(schema.borrow()),
        }
    }

    fn schema(&mut self, schema: &'a Schema) {
        if schema.schema_data.discriminator.is_some() {
            self.discriminators.push((self.here(), schema));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.properties(&object.properties);
                self.additional_properties(object.additional_properties.as_ref());
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &array.items {
                    self.enter(Seg::Key("items"));
                    self.schema_ref(items);
                    self.leave();
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.schema_list("oneOf", one_of),
            SchemaKind::AllOf { all_of } => self.schema_list("allOf", all_of),
            SchemaKind::AnyOf { any_of } => self.schema_list("anyOf", any_of),
            SchemaKind::Not { not } => {
                self.enter(Seg::Key("not"));
                self.schema_ref(not);
                self.leave();
            }
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ {
                    if !TYPES.contains(&typ.as_str()) {
                        self.unknown_type(typ);
                    }
                }
                self.properties(&any.properties);
                self.additional_properties(any.additional_properties.as_ref());
                if let Some(items) = &any.items {
                    self.enter(Seg::Key("items"));
                    self.schema_ref(items);
                    self.leave();
                }
                self.schema_list("oneOf", &any.one_of);
                self.schema_list("allOf", &any.all_of);
                self.schema_list("anyOf", &any.any_of);
                if let Some(not) = &any.not {
                    self.enter(Seg::Key("not"));
                    self.schema_ref(not);
                    self.leave();
                }
            }
        }
    }

    fn unknown_type(&mut self, typ: &str) {
        let path = self.here_with(&[Seg::Key("type")]);
        let help = if typ == "null" {
            "OpenAPI 3.0 has no `null` type; mark the schema `nullable: true` instead".to_string()
        } else {
            match closest(typ, &TYPES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of {}", TYPES.map(|t| format!("`{t}`")).join(", ")),
            }
        };
        self.diags
            .error(&path, format!("unknown schema type `{typ}`"))
            .help(help);
    }

    fn properties(&mut self, properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>) {
        if properties.is_empty() {
            return;
        }
        self.enter(Seg::Key("properties"));
        for (name, property) in properties {
            self.enter(Seg::Key(name));
            self.schema_ref(property);
            self.leave();
        }
        self.leave();
    }

    fn additional_properties(&mut self, additional: Option<&'a AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            self.enter(Seg::Key("additionalProperties"));
            self.schema_ref(schema.as_ref());
            self.leave();
        }
    }

    fn schema_list(&mut self, key: &'static str, schemas: &'a [ReferenceOr<Schema>]) {
        if schemas.is_empty() {
            return;
        }
        self.enter(Seg::Key(key));
        for (i, schema) in schemas.iter().enumerate() {
            self.enter(Seg::Index(i));
            self.schema_ref(schema);
            self.leave();
        }
        self.leave();
    }

    /// The component schemas `schema` (at the current path) stands for without adding
    /// structure: its own `$ref`, or the `$ref`s among its `allOf` members (nested `allOf`
    /// included).
    fn structureless_refs(
        &self,
        schema: &'a ReferenceOr<Schema>,
        edges: &mut Vec<(usize, DocPath)>,
    ) {
        match schema {
            ReferenceOr::Reference { reference } => self.push_edge(reference, self.here(), edges),
            ReferenceOr::Item(schema) => self.all_of_refs(schema, &mut Vec::new(), edges),
        }
    }

    fn all_of_refs(
        &self,
        schema: &'a Schema,
        at: &mut Vec<Seg<'a>>,
        edges: &mut Vec<(usize, DocPath)>,
    ) {
        let members = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of,
            SchemaKind::Any(any) => &any.all_of,
            _ => return,
        };
        for (i, member) in members.iter().enumerate() {
            at.push(Seg::Key("allOf"));
            at.push(Seg::Index(i));
            match member {
                ReferenceOr::Reference { reference } => {
                    let path = self.here_with(at);
                    self.push_edge(reference, path, edges);
                }
                ReferenceOr::Item(inner) => self.all_of_refs(inner, at, edges),
            }
            at.pop();
            at.pop();
        }
    }

    fn push_edge(&self, reference: &str, path: DocPath, edges: &mut Vec<(usize, DocPath)>) {
        if let RefTarget::Component { section, name } = parse_ref(reference) {
            if section == "schemas" {
                if let Some(index) = self
                    .components()
                    .and_then(|c| c.schemas.get_index_of(&name))
                {
                    edges.push((index, path));
                }
            }
        }
    }

    /// Reports every cycle of component schemas that only refer to each other.
    fn ref_cycles(&mut self) {
        let Some(components) = self.components() else {
            return;
        };
        let names: Vec<&str> = components.schemas.keys().map(String::as_str).collect();
        let edges = std::mem::take(&mut self.schema_edges);
        // Iterative depth-first search; a back edge closes a cycle.
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            New,
            Open,
            Done,
        }
        let mut state = vec![State::New; edges.len()];
        let mut reported: HashSet<Vec<usize>> = HashSet::new();
        for start in 0..edges.len() {
            if state.get(start) != Some(&State::New) {
                continue;
            }
            let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
            if let Some(s) = state.get_mut(start) {
                *s = State::Open;
            }
            while let Some(&mut (node, ref mut next)) = stack.last_mut() {
                let out = edges.get(node).map(Vec::as_slice).unwrap_or_default();
                let Some((target, _)) = out.get(*next) else {
                    if let Some(s) = state.get_mut(node) {
                        *s = State::Done;
                    }
                    stack.pop();
                    continue;
                };
                *next += 1;
                let target = *target;
                match state.get(target) {
                    Some(State::New) => {
                        if let Some(s) = state.get_mut(target) {
                            *s = State::Open;
                        }
                        stack.push((target, 0));
                    }
                    Some(State::Open) => {
                        let Some(from) = stack.iter().position(|(n, _)| *n == target) else {
                            continue;
                        };
                        let cycle: Vec<usize> = stack[from..].iter().map(|(n, _)| *n).collect();
                        let mut key = cycle.clone();
                        key.sort_unstable();
                        if reported.insert(key) {
                            self.report_cycle(&cycle, &names, &edges);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn report_cycle(&mut self, cycle: &[usize], names: &[&str], edges: &[Vec<(usize, DocPath)>]) {
        // Start at the member that comes first in the document.
        let Some(first) = cycle
            .iter()
            .enumerate()
            .min_by_key(|(_, n)| **n)
            .map(|(i, _)| i)
        else {
            return;
        };
        let ordered: Vec<usize> = cycle[first..]
            .iter()
            .chain(&cycle[..first])
            .copied()
            .collect();
        let name = |n: usize| names.get(n).copied().unwrap_or("?");
        let mut chain: Vec<String> = ordered.iter().map(|n| format!("`{}`", name(*n))).collect();
        if let Some(head) = ordered.first() {
            chain.push(format!("`{}`", name(*head)));
        }
        let (Some(&head), Some(&second)) = (ordered.first(), ordered.get(1).or(ordered.first()))
        else {
            return;
        };
        let path = edges
            .get(head)
            .and_then(|out| out.iter().find(|(t, _)| *t == second))
            .map(|(_, p)| p.clone())
            .unwrap_or_else(|| DocPath::from_segments(["components", "schemas", name(head)]));
        self.diags
            .error(
                &path,
                format!(
                    "`$ref` cycle: {} never reaches a concrete schema",
                    chain.join(" -> ")
                ),
            )
            .help("these schemas only refer to each other (through `$ref` or `allOf`); one of them must define its own type or properties");
    }

    // ---- Discriminators ----------------------------------------------------------

    fn discriminators(&mut self) {
        let discriminators = std::mem::take(&mut self.discriminators);
        for (path, schema) in discriminators {
            let Some(discriminator) = &schema.schema_data.discriminator else {
                continue;
            };
            let property = discriminator.property_name.as_str();
            let at = path.push("discriminator");
            let mut variants: Vec<String> = Vec::new();
            let members: &[ReferenceOr<Schema>] = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => one_of,
                SchemaKind::AnyOf { any_of } => any_of,
                SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
                SchemaKind::Any(any) => &any.any_of,
                _ => &[],
            };
            for member in members {
                if let ReferenceOr::Reference { reference } = member {
                    if let RefTarget::Component { section, name } = parse_ref(reference) {
                        if section == "schemas" {
                            variants.push(name);
                        }
                    }
                }
            }
            for (value, target) in &discriminator.mapping {
                let entry = at.push("mapping").push(value);
                let name = if target.contains('#') {
                    self.check_ref_at(target, Section::Schemas, Some(entry))
                } else if self
                    .components()
                    .is_some_and(|c| c.schemas.contains_key(target))
                {
                    Some(target.clone())
                } else {
                    let names = self
                        .components()
                        .map(|c| Section::Schemas.names(c))
                        .unwrap_or_default();
                    let help = match closest(target, &names) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "map to the name of a schema under `components.schemas`, or to a `#/components/schemas/...` reference".to_string(),
                    };
                    self.diags
                        .error(
                            &entry,
                            format!(
                                "the discriminator maps `{value}` to `{target}`, which is not a schema under `components.schemas`"
                            ),
                        )
                        .help(help);
                    None
                };
                if let Some(name) = name {
                    if !variants.contains(&name) {
                        variants.push(name);
                    }
                }
            }
            for variant in variants {
                let Some(schema) = self.components().and_then(|c| c.schemas.get(&variant)) else {
                    continue;
                };
                let mut seen = HashSet::new();
                if !self.declares(schema, property, &mut seen) {
                    self.diags
                        .warning(
                            &at,
                            format!(
                                "the variant `{variant}` does not declare the discriminator property `{property}`"
                            ),
                        )
                        .help(format!(
                            "add `{property}` to the properties of `{variant}` (and to its `required` list)"
                        ));
                }
            }
        }
    }

    /// Whether `schema` declares `property`, directly or through `allOf`.
    fn declares(
        &self,
        schema: &'a ReferenceOr<Schema>,
        property: &str,
        seen: &mut HashSet<&'a str>,
    ) -> bool {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let RefTarget::Component { section, name } = parse_ref(reference) else {
                    return true;
                };
                let Some((key, target)) = self
                    .components()
                    .filter(|_| section == "schemas")
                    .and_then(|c| c.schemas.get_key_value(&name))
                else {
                    // Reported as a missing target already.
                    return true;
                };
                if !seen.insert(key.as_str()) {
                    return false;
                }
                return self.declares(target, property, seen);
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object.properties.contains_key(property),
            SchemaKind::AllOf { all_of } => all_of.iter().any(|m| self.declares(m, property, seen)),
            SchemaKind::Any(any) => {
                any.properties.contains_key(property)
                    || any.all_of.iter().any(|m| self.declares(m, property, seen))
            }
            // Alternatives and scalars: too loose to judge.
            _ => true,
        }
    }
}

/// `in` of a parameter.
fn location(parameter: &Parameter) -> &'static str {
    match parameter {
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Path { .. } => "path",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The `{name}`s of a path or URL template, or what is wrong with its braces.
fn template_names(template: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let after = &rest[open + 1..];
        if rest[open..].starts_with('}') {
            return Err("has a `}` without a matching `{`".to_string());
        }
        let Some(close) = after.find(['{', '}']) else {
            return Err("has a `{` without a matching `}`".to_string());
        };
        if after[close..].starts_with('{') {
            return Err("has a `{` inside `{...}`".to_string());
        }
        let name = &after[..close];
        if name.is_empty() {
            return Err("has an empty `{}`".to_string());
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `path: message` for each diagnostic of the document `HEAD + rest`.
    fn check(rest: &str) -> Vec<String> {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{rest}");
        let api = match crate::load::load(&text) {
            Ok(api) => api,
            Err(diags) => return vec![format!("load failed: {:?}", diags.items())],
        };
        let mut diags = Diagnostics::default();
        validate(&api, &mut diags);
        diags
            .items()
            .iter()
            .map(|d| {
                let path = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
                format!("{path}: {}", d.message)
            })
            .collect()
    }

    #[test]
    fn a_valid_document_has_no_diagnostics() {
        let doc = "\
paths:
  /pets/{id}:
    parameters:
      - $ref: '#/components/parameters/Id'
    get:
      operationId: getPet
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  parameters:
    Id: {name: id, in: path, required: true, schema: {type: string}}
  schemas:
    Pet:
      type: object
      properties:
        kind: {type: string}
        parent: {$ref: '#/components/schemas/Pet'}
        children: {type: array, items: {$ref: '#/components/schemas/Pet'}}
";
        assert_eq!(check(doc), Vec::<String>::new());
    }

    #[test]
    fn references() {
        let doc = "\
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/schemas/Pet'
        - $ref: 'common.yaml#/components/parameters/Q'
      responses:
        '200':
          $ref: '#/components/responses/Gone'
        default:
          description: d
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: '#/components/schemas/pet'}
                  b: {$ref: '#/definitions/Pet'}
                  c: {$ref: 'components/schemas/Pet'}
components:
  schemas:
    Pet: {type: string}
";
        assert_eq!(
            check(doc),
            [
                "paths./a.get.parameters.0: `#/components/schemas/Pet` refers to a schema, but a parameter is expected here",
                "paths./a.get.parameters.1: external references are not supported: `common.yaml#/components/parameters/Q`",
                "paths./a.get.responses.default.content.application/json.schema.properties.a: `$ref` target `#/components/schemas/pet` does not exist",
                "paths./a.get.responses.default.content.application/json.schema.properties.b: unsupported reference `#/definitions/Pet`",
                "paths./a.get.responses.default.content.application/json.schema.properties.c: `components/schemas/Pet` is not a local reference",
                "paths./a.get.responses.200: `$ref` target `#/components/responses/Gone` does not exist",
            ]
        );
    }

    #[test]
    fn ref_cycles_without_structure() {
        let doc = "\
paths: {}
components:
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {allOf: [{$ref: '#/components/schemas/A'}]}
    C: {$ref: '#/components/schemas/C'}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree'}}
    Node:
      allOf:
        - {$ref: '#/components/schemas/Base'}
        - {type: object, properties: {next: {$ref: '#/components/schemas/Node'}}}
    Base: {type: object}
";
        assert_eq!(
            check(doc),
            [
                "components.schemas.A: `$ref` cycle: `A` -> `B` -> `A` never reaches a concrete schema",
                "components.schemas.C: `$ref` cycle: `C` -> `C` never reaches a concrete schema",
            ]
        );
    }

    #[test]
    fn operation_ids_and_path_parameters() {
        let doc = "\
paths:
  /a/{id}/{other}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      operationId: one
      parameters:
        - {name: extra, in: path, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
        - {name: q, in: query, schema: {type: string}}
      responses: {}
  /b:
    post:
      operationId: one
      responses: {}
  /c/{x:
    get:
      responses: {}
";
        assert_eq!(
            check(doc),
            [
                "paths./a/{id}/{other}.get.parameters.0: the path parameter `extra` must be required",
                "paths./a/{id}/{other}.get.parameters.2: the query parameter `q` is declared twice (first as item 1)",
                "paths./a/{id}/{other}.get: the path `/a/{id}/{other}` uses `{other}`, but the operation declares no path parameter `other`",
                "paths./a/{id}/{other}.get.parameters.0: the path parameter `extra` does not appear in the path `/a/{id}/{other}`",
                "paths./b.post.operationId: the operationId `one` is already used by `paths./a/{id}/{other}.get`",
                "paths./c/{x: the path `/c/{x` has a `{` without a matching `}`",
            ]
        );
    }

    #[test]
    fn discriminators_servers_security_and_types() {
        let doc = "\
servers:
  - url: 'https://{region}.example.com'
security:
  - key: []
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Cat'
          dog: Dgo
    Cat:
      type: object
      properties:
        kind: {type: string}
    Dog:
      allOf:
        - type: object
          properties:
            name: {type: strin}
";
        assert_eq!(
            check(doc),
            [
                "servers.0.url: the server URL uses `{region}`, which is not declared under `variables`",
                "security.0.key: the security scheme `key` is not defined",
                "components.schemas.Dog.allOf.0.properties.name.type: unknown schema type `strin`",
                "components.schemas.Pet.discriminator.mapping.dog: the discriminator maps `dog` to `Dgo`, which is not a schema under `components.schemas`",
                "components.schemas.Pet.discriminator: the variant `Dog` does not declare the discriminator property `kind`",
            ]
        );
    }

    #[test]
    fn templates() {
        assert_eq!(template_names("/a/{b}/c{d}"), Ok(vec!["b", "d"]));
        assert!(template_names("/a/}").is_err());
        assert!(template_names("/a/{}").is_err());
        assert!(template_names("/a/{{b}}").is_err());
        assert_eq!(closest("strin", &TYPES), Some("string"));
        assert_eq!(closest("zzz", &TYPES), None);
    }
}
