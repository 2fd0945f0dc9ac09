//! Path templates and their parameters: the `{name}`s of a path or server URL must be
//! well formed and declared (as path parameters, or server variables), path parameters
//! must be required and used, and no parameter may be declared twice.
//!
//! Parameters given by `$ref` are followed with [`crate::refs::Resolver`], as lowering
//! follows them. Only the braces and the names in them are read here ([`template_names`]);
//! how a path is split into literal parts and parameters must never be decided here.

use std::collections::{HashMap, HashSet};

use openapiv3::{Operation, Parameter, PathItem, ReferenceOr, Server};

use crate::diag::{DocPath, Seg};
use crate::refs::{self, Section, Target};

use super::Walker;

impl<'a> Walker<'a, '_> {
    pub(super) fn servers(&mut self, servers: &'a [Server]) {
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

    pub(super) fn path_item_ref(
        &mut self,
        template: &'a str,
        item: &'a ReferenceOr<PathItem>,
        callback: bool,
    ) {
        match item {
            ReferenceOr::Reference { reference } => {
                let path = self.here();
                if refs::parse(reference) == Target::External {
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
    pub(super) fn path_item(&mut self, template: &'a str, item: &'a PathItem, callback: bool) {
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
    pub(super) fn parameter_list(&mut self, parameters: &'a [ReferenceOr<Parameter>]) {
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, parameter) in parameters.iter().enumerate() {
            self.enter(Seg::Index(i));
            match parameter {
                ReferenceOr::Reference { reference } => {
                    self.check_ref(reference, Section::Parameters);
                }
                ReferenceOr::Item(p) => self.parameter(p),
            }
            if let Some(p) = self.resolver.resolve(parameter) {
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
    pub(super) fn parameter(&mut self, parameter: &'a Parameter) {
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
            if let Some(p) = self.resolver.resolve(parameter) {
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
            if let Some(p) = self.resolver.resolve(parameter) {
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
    use super::template_names;
    use crate::validate::testing::check;

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
    fn server_urls() {
        let doc = "\
servers:
  - url: 'https://{region}.example.com'
  - url: 'https://{region.example.com'
paths: {}
";
        assert_eq!(
            check(doc),
            [
                "servers.0.url: the server URL uses `{region}`, which is not declared under `variables`",
                "servers.1.url: the server URL has a `{` without a matching `}`",
            ]
        );
    }

    #[test]
    fn templates() {
        assert_eq!(template_names("/a/{b}/c{d}"), Ok(vec!["b", "d"]));
        assert!(template_names("/a/}").is_err());
        assert!(template_names("/a/{}").is_err());
        assert!(template_names("/a/{{b}}").is_err());
    }
}
