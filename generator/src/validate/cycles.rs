//! `$ref` cycles without structure: component schemas that only stand for each other
//! (through `$ref`, or as members of `allOf`) never reach a concrete type, which no
//! lowering can turn into one.
//!
//! The walk records, per component schema, the schemas it stands for
//! (`Walker::schema_edges`); after the walk one depth-first search reports each such cycle
//! once. A cycle through a property, an item or a variant is structure (a recursive type),
//! and must never be reported here.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use crate::diag::{DocPath, Seg};
use crate::refs::{self, Section};

use super::Walker;

impl<'a> Walker<'a, '_> {
    /// The component schemas `schema` (at the current path) stands for without adding
    /// structure: its own `$ref`, or the `$ref`s among its `allOf` members (nested `allOf`
    /// included).
    pub(super) fn structureless_refs(
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
        if let Some(name) = refs::component_name(reference, Section::Schemas) {
            if let Some(index) = self
                .components()
                .and_then(|c| c.schemas.get_index_of(&name))
            {
                edges.push((index, path));
            }
        }
    }

    /// Reports every cycle of component schemas that only refer to each other.
    pub(super) fn ref_cycles(&mut self) {
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
}
