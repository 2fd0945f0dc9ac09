//! `$ref` cycles without structure: schemas that only stand for each other (through
//! `$ref`, or as members of `allOf`) never reach a concrete type, which no lowering can turn
//! into one.
//!
//! The schemas are the component schemas and every schema a local pointer leads to
//! (`#/components/schemas/A/properties/b`), numbered in that order. The walk records, per
//! component schema, the schemas it stands for (`Walker::schema_edges`) and notes the
//! schemas pointers lead to (`Walker::pointer_schemas`); after the walk, the edges of those
//! are found at their own places, and one depth-first search reports each cycle once. A
//! cycle through a property, an item or a variant is structure (a recursive type), and must
//! never be reported here.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use crate::diag::{DocPath, Seg};
use crate::refs::{self, Located, Node, Section, Written};

use super::Walker;

impl<'a> Walker<'a, '_> {
    /// The schemas `schema` (at the current path) stands for without adding structure:
    /// its own `$ref`, or the `$ref`s among its `allOf` members (nested `allOf` included).
    pub(super) fn structureless_refs(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        edges: &mut Vec<(usize, DocPath)>,
    ) {
        match schema {
            ReferenceOr::Reference { reference } => {
                let path = self.here();
                self.push_edge(reference, path, edges);
            }
            ReferenceOr::Item(schema) => self.all_of_refs(schema, None, &mut Vec::new(), edges),
        }
    }

    /// The `$ref`s among the `allOf` members of `schema`, which is at `base` (the current
    /// path when `None`) and `at` below it.
    fn all_of_refs(
        &mut self,
        schema: &'a Schema,
        base: Option<&DocPath>,
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
                    let path = match base {
                        Some(base) => base.join(&DocPath::from_borrowed(at.iter())),
                        None => self.here_with(at),
                    };
                    self.push_edge(reference, path, edges);
                }
                ReferenceOr::Item(inner) => self.all_of_refs(inner, base, at, edges),
            }
            at.pop();
            at.pop();
        }
    }

    fn push_edge(&mut self, reference: &str, path: DocPath, edges: &mut Vec<(usize, DocPath)>) {
        let target = match refs::component_name(reference, Section::Schemas) {
            Some(name) => self
                .components()
                .and_then(|c| c.schemas.get_index_of(&name)),
            None => self
                .resolver
                .place(reference)
                .and_then(|found| match found.node {
                    Node::Schema(schema) => Some(self.note_pointer_schema(&found, schema)),
                    _ => None,
                }),
        };
        if let Some(target) = target {
            edges.push((target, path));
        }
    }

    /// Notes a schema a pointer leads to as one that may be part of a cycle, and returns
    /// its number.
    pub(super) fn note_pointer_schema(
        &mut self,
        found: &Located<'a>,
        schema: Written<'a, Schema>,
    ) -> usize {
        let components = self.components();
        if let Some((Section::Schemas, name)) = found.component() {
            if let Some(index) = components.and_then(|c| c.schemas.get_index_of(name)) {
                return index;
            }
        }
        let offset = components.map_or(0, |c| c.schemas.len());
        let (index, _) = self.pointer_schemas.insert_full(found.segments(), schema);
        offset + index
    }

    /// Reports every cycle of schemas that only refer to each other.
    pub(super) fn ref_cycles(&mut self) {
        let mut names: Vec<String> = self
            .components()
            .map(|c| c.schemas.keys().map(|name| format!("`{name}`")).collect())
            .unwrap_or_default();
        let mut edges = std::mem::take(&mut self.schema_edges);
        edges.resize(names.len(), Vec::new());
        // The schemas pointers lead to, at their own places; finding their edges may note
        // more of them.
        let mut next = 0;
        while let Some((segments, schema)) = self.pointer_schemas.get_index(next) {
            let (segments, schema) = (segments.clone(), *schema);
            names.push(format!("`{}`", refs::pointer(&segments)));
            let base = DocPath::from_segments(segments);
            let mut out = Vec::new();
            match schema {
                Written::Ref(reference) => self.push_edge(reference, base, &mut out),
                Written::Item(schema) => {
                    self.all_of_refs(schema, Some(&base), &mut Vec::new(), &mut out);
                }
            }
            edges.push(out);
            next += 1;
        }
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

    fn report_cycle(&mut self, cycle: &[usize], names: &[String], edges: &[Vec<(usize, DocPath)>]) {
        // Start at the member numbered first: a component (in document order) before a
        // schema a pointer leads to (in the order the walk met them).
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
        let name = |n: usize| names.get(n).map_or("?", String::as_str);
        let mut chain: Vec<&str> = ordered.iter().map(|n| name(*n)).collect();
        if let Some(head) = ordered.first() {
            chain.push(name(*head));
        }
        let (Some(&head), Some(&second)) = (ordered.first(), ordered.get(1).or(ordered.first()))
        else {
            return;
        };
        let path = edges
            .get(head)
            .and_then(|out| out.iter().find(|(t, _)| *t == second))
            .map_or_else(DocPath::root, |(_, p)| p.clone());
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
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::check;

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
    fn cycles_through_pointers() {
        let doc = "\
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1b/get/responses/200/content/application~1json/schema'}
  /b:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/paths/~1a/get/responses/200/content/application~1json/schema'}
components:
  schemas:
    A: {allOf: [{$ref: '#/components/schemas/B/properties/x'}]}
    B:
      type: object
      properties:
        x: {allOf: [{$ref: '#/components/schemas/A'}]}
        y: {$ref: '#/components/schemas/B/properties/x'}
    Tree:
      type: object
      properties:
        children: {type: array, items: {$ref: '#/components/schemas/Tree/properties/children'}}
";
        assert_eq!(
            check(doc),
            [
                "components.schemas.A.allOf.0: `$ref` cycle: `A` -> `#/components/schemas/B/properties/x` -> `A` never reaches a concrete schema",
                "paths./b.get.responses.200.content.application/json.schema: `$ref` cycle: `#/paths/~1b/get/responses/200/content/application~1json/schema` -> `#/paths/~1a/get/responses/200/content/application~1json/schema` -> `#/paths/~1b/get/responses/200/content/application~1json/schema` never reaches a concrete schema",
            ]
        );
    }
}
