//! The walk: every part of the loaded document, once and in document order, with the
//! current path kept up to date, handing each part to the check that concerns it
//! (references, path templates and parameters, schemas) and noting what the
//! whole-document checks need (operationIds here; discriminators and `$ref` edges in
//! their modules).
//!
//! The path is a stack of borrowed [`Seg`]s: the walk must never build a
//! [`DocPath`](crate::diag::DocPath) for a node it does not report (a valid document costs
//! no allocation per node).

use openapiv3::{
    Callback, Components, Header, MediaType, Operation, ParameterSchemaOrContent, ReferenceOr,
    RequestBody, Response, SecurityRequirement,
};

use crate::diag::Seg;
use crate::refs::Section;

use super::Walker;

impl<'a> Walker<'a, '_> {
    pub(super) fn document(&mut self) {
        let api = self.resolver.api();
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

    pub(super) fn schema_or_content(&mut self, format: &'a ParameterSchemaOrContent) {
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

    pub(super) fn operation(&mut self, operation: &'a Operation) {
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
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::check;

    #[test]
    fn security_requirements() {
        let doc = "\
security:
  - key: []
paths: {}
";
        assert_eq!(
            check(doc),
            ["security.0.key: the security scheme `key` is not defined"]
        );
    }
}
