//! Validate: checks a loaded document for problems lowering cannot recover from.
//!
//! One linear walk over the document (`walk`) records every problem it finds, handing each
//! part to the check that concerns it: `$ref` targets (`references`), path templates and
//! parameters (`paths`), schemas (`schemas`). Then the whole-document checks run on what
//! the walk collected: `$ref` cycles without structure (`cycles`) and discriminators
//! (`discriminators`). The walk keeps the current document path as borrowed segments and
//! builds a [`DocPath`] only when it records something, so a valid document costs no
//! allocation per node.
//!
//! Lowering may rely on what is checked here: every `$ref` is local and leads to a value of
//! the kind its place expects (an entry of the right section of `components`, or a value of
//! that kind where a JSON pointer leads), and no chain of schemas that only stand for each
//! other goes round. References are parsed and followed by [`crate::refs`] only, as in
//! lowering. Validation
//! reports and never changes the document, nor decides how anything is lowered.

mod cycles;
mod discriminators;
mod paths;
mod references;
mod schemas;
mod walk;

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{Components, OpenAPI, Schema};

use crate::diag::{Diagnostics, DocPath, Seg};
use crate::refs::{Resolver, Written};

/// Records every problem found in `api`.
pub fn validate(api: &OpenAPI, diags: &mut Diagnostics) {
    let mut walker = Walker {
        resolver: Resolver::new(api),
        diags,
        path: Vec::new(),
        operation_ids: HashMap::new(),
        discriminators: Vec::new(),
        schema_edges: Vec::new(),
        pointer_schemas: IndexMap::new(),
    };
    walker.document();
    walker.ref_cycles();
    walker.discriminators();
}

/// The state of one validation: the document, the diagnostics, where the walk is, and
/// what the whole-document checks need from it. Its methods are spread over this
/// module's children, one concern each.
struct Walker<'a, 'd> {
    /// The document, and how its references resolve.
    resolver: Resolver<'a>,
    diags: &'d mut Diagnostics,
    /// The path of the node being walked.
    path: Vec<Seg<'a>>,
    /// The first operation with each `operationId`.
    operation_ids: HashMap<&'a str, DocPath>,
    /// Every schema with a discriminator, and its path.
    discriminators: Vec<(DocPath, &'a Schema)>,
    /// For each component schema (by index), the schemas it stands for without adding
    /// structure (a `$ref`, or a member of `allOf`), with the path of the `$ref`. Schemas
    /// are numbered as in `cycles`: the components, then `pointer_schemas`.
    schema_edges: Vec<Vec<(usize, DocPath)>>,
    /// The schemas local pointers lead to that are not components, by the segments of
    /// their place, in the order first met.
    pointer_schemas: IndexMap<Vec<String>, Written<'a, Schema>>,
}

impl<'a> Walker<'a, '_> {
    /// The current path.
    fn here(&self) -> DocPath {
        DocPath::from_borrowed(&self.path)
    }

    /// The current path followed by `extra`.
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
        self.resolver.components()
    }
}

/// What the tests of every check share.
#[cfg(test)]
mod testing {
    use crate::diag::Diagnostics;

    /// `path: message` for each diagnostic of the document `HEAD + rest`.
    pub fn check(rest: &str) -> Vec<String> {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{rest}");
        let api = match serde_yaml::from_str(&text) {
            Ok(api) => api,
            Err(error) => return vec![format!("not a document: {error}")],
        };
        let mut diags = Diagnostics::default();
        super::validate(&api, &mut diags);
        diags
            .items()
            .iter()
            .map(|d| {
                let path = d.path.as_ref().map(ToString::to_string).unwrap_or_default();
                format!("{path}: {}", d.message)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::check;

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
}
