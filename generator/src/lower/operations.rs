//! Operations: one [`ir::Operation`] per operation of every path, with its name, parsed
//! path template, body (see [`super::request_body`]), responses (see
//! [`super::responses`]), security and methods (see [`super::methods`]).

use openapiv3::{Operation, PathItem, ReferenceOr};

use super::facts::join_docs;
use super::methods::{self, Terminals};
use super::responses::outcome;
use super::{pascal, Lowerer};
use crate::diag::DocPath;
use crate::ir::{self, HttpMethod, PathPart, PathTemplate};
use crate::naming::{self, reserved, Namespace};

impl<'a> Lowerer<'a> {
    /// Every operation, named (sorted by the name wanted, path and method, so who gets a
    /// suffix on a clash does not depend on the document's order), sorted by name.
    pub(super) fn operations(&mut self) -> Vec<ir::Operation> {
        let mut paths: Vec<(&String, &ReferenceOr<PathItem>)> =
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
            for (key, op) in item.iter() {
                let Some(method) = HttpMethod::from_key(key) else {
                    continue;
                };
                let base = match &op.operation_id {
                    Some(id) => naming::field_name(id),
                    None => naming::operation_name(key, path),
                };
                wanted.push((base, path.as_str(), key, method, item, op));
            }
        }
        wanted.sort_by(|a, b| (&a.0, a.1, a.2).cmp(&(&b.0, b.1, b.2)));
        let mut methods = Namespace::with_reserved(reserved::CLIENT_METHODS);
        let mut lowered = Vec::with_capacity(wanted.len());
        for (base, path, key, method, item, op) in wanted {
            let name = methods.claim(&base);
            let doc_path = DocPath::from_segments(["paths", path, key]);
            lowered.push(self.operation(name, path, method, item, op, &doc_path));
        }
        lowered.sort_by(|a, b| a.0.name.cmp(&b.0.name));
        // Then every operation's methods (a raw-body call is named after the call once
        // every operation has its name) and its request value, named after the operation
        // in a module of their own.
        let mut requests = Namespace::with_reserved(reserved::REQUEST_TYPES);
        let mut out = Vec::with_capacity(lowered.len());
        for (mut op, terminals) in lowered {
            op.methods = methods::methods(&op, terminals, &mut methods);
            op.request = requests.claim(&pascal(&op.name));
            out.push(op);
        }
        self.check_config_entries(&out);
        out
    }

    /// One operation: its parameters, body, responses and security; and what its request
    /// value has besides `.await`, for [`methods::methods`] to name.
    fn operation(
        &mut self,
        name: String,
        path: &str,
        method: HttpMethod,
        item: &PathItem,
        op: &Operation,
        doc_path: &DocPath,
    ) -> (ir::Operation, Terminals) {
        let type_base = pascal(&name);
        let (path_params, params) = self.parameters(path, item, op, doc_path, &type_base);
        let path_template = path_template(path, &path_params);

        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &doc_path.push("requestBody"), &type_base));

        let (responses, accept, stream) = self.responses(op, doc_path, &type_base);
        let successes: Vec<&ir::ResponseCase> = responses.iter().filter(|r| r.success).collect();
        let success = outcome(&successes, || {
            self.names.claim(&pascal(&format!("{type_base}Success")))
        });
        // Every operation has an error enum, even with no error documented yet: a status
        // the spec documents later is then a new variant of a `#[non_exhaustive]` enum,
        // which breaks no caller, rather than a change of the error type from `()`.
        let error = ir::Outcome::Enum(self.names.claim(&pascal(&format!("{type_base}Error"))));
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

        let operation = ir::Operation {
            name,
            operation_id: op.operation_id.clone(),
            method,
            path: path_template,
            docs: join_docs(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            path_params,
            params,
            request: String::new(),
            body,
            security,
            accept,
            responses,
            success,
            error,
            tags: op.tags.clone(),
            features: Vec::new(),
            methods: Vec::new(),
        };
        let pagination = self.pagination(&operation, op, item, doc_path);
        (operation, Terminals { pagination, stream })
    }
}

/// The path template parsed into literal text and path parameters (by index into
/// `path_params`). A `{name}` that names no path parameter (validation reports it) is
/// kept as text.
fn path_template(template: &str, path_params: &[ir::Param]) -> PathTemplate {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some((literal, after)) = rest.split_once('{') {
        let Some((wire, tail)) = after.split_once('}') else {
            break;
        };
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal.to_string()));
        }
        match path_params.iter().position(|p| p.name.wire == wire) {
            Some(i) => parts.push(PathPart::Param(i)),
            None => parts.push(PathPart::Literal(format!("{{{wire}}}"))),
        }
        rest = tail;
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_string()));
    }
    PathTemplate {
        template: template.to_string(),
        parts,
    }
}
