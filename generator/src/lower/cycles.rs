//! Cycles: types that contain themselves.
//!
//! Rust needs a finite size and eagerly expanded aliases, so after every type is defined:
//! an alias on a cycle made only of aliases (`type Nested = Vec<Nested>`) becomes a
//! newtype ([`break_alias_cycles`]), and a field or variant through which a type contains
//! itself by value is boxed ([`mark_boxed`]). Both find cycles as strongly connected
//! components of the graph of named types ([`strongly_connected`]).

use std::collections::BTreeMap;

use crate::ir::{self, TypeDef, TypeKind, TypeRef};

/// Boxes the fields and variants through which a type contains itself by value, so
/// recursive types have a finite size.
pub(super) fn mark_boxed(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    // Direct (by value) edges.
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut out = Vec::new();
            let mut push = |ty: &TypeRef| {
                if let Some(n) = by_value_name(ty) {
                    if let Some(&j) = index.get(n) {
                        out.push(j);
                    }
                }
            };
            match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().for_each(|f| push(&f.ty)),
                TypeKind::Tagged(tg) => tg.variants.iter().for_each(|v| push(&v.ty)),
                TypeKind::Untagged(vs) => vs.iter().for_each(|v| push(&v.ty)),
                TypeKind::Alias(ty) => push(ty),
                TypeKind::Newtype(n) => push(&n.ty),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
            }
            out
        })
        .collect();
    let scc = strongly_connected(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        // A by-value edge inside a strongly connected component closes a cycle.
        let cyclic = |ty: &TypeRef| -> bool {
            by_value_name(ty)
                .and_then(|n| index.get(n))
                .is_some_and(|&j| scc.get(j) == scc.get(i))
        };
        match &mut t.kind {
            TypeKind::Struct(s) => {
                for f in &mut s.fields {
                    f.boxed = cyclic(&f.ty);
                }
            }
            TypeKind::Untagged(vs) => {
                for v in vs {
                    v.boxed = cyclic(&v.ty);
                }
            }
            TypeKind::Newtype(n) => n.boxed = cyclic(&n.ty),
            _ => {}
        }
    }
}

/// Turns aliases that refer to themselves (`type Nested = Vec<Nested>`, or two aliases
/// through each other) into newtypes: Rust expands aliases eagerly, so a cycle made only
/// of aliases is an error, while one that passes through a struct is fine.
pub(super) fn break_alias_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Alias(target) => {
                let mut named = Vec::new();
                names_in(target, &mut named);
                named
                    .into_iter()
                    .filter_map(|n| index.get(n).copied())
                    .filter(|&j| matches!(types.get(j).map(|t| &t.kind), Some(TypeKind::Alias(_))))
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let scc = strongly_connected(&edges);
    let mut sizes: BTreeMap<usize, usize> = BTreeMap::new();
    for c in &scc {
        *sizes.entry(*c).or_default() += 1;
    }
    for (i, t) in types.iter_mut().enumerate() {
        let TypeKind::Alias(target) = &t.kind else {
            continue;
        };
        let self_loop = edges.get(i).is_some_and(|e| e.contains(&i));
        let in_cycle = scc
            .get(i)
            .and_then(|c| sizes.get(c))
            .is_some_and(|&n| n > 1);
        if self_loop || in_cycle {
            t.kind = TypeKind::Newtype(ir::Newtype {
                ty: target.clone(),
                boxed: false,
            });
        }
    }
}

/// Every named type a reference mentions, at any depth.
fn names_in<'t>(ty: &'t TypeRef, out: &mut Vec<&'t str>) {
    match ty {
        TypeRef::Named(n) => out.push(n),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Secret(inner) => names_in(inner, out),
        TypeRef::Tuple(elements) => elements.iter().for_each(|e| names_in(e, out)),
        _ => {}
    }
}

/// The named type a reference holds by value (not behind `Vec` or a map).
fn by_value_name(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Nullable(inner) | TypeRef::Secret(inner) => by_value_name(inner),
        _ => None,
    }
}

/// Tarjan's algorithm, iterative: the component index of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![usize::MAX; n];
    let mut next = 0;
    let mut comps = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (v, ref mut ei)) = work.last_mut() {
            if *ei == 0 && index[v] == usize::MAX {
                index[v] = next;
                low[v] = next;
                next += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(*ei) {
                *ei += 1;
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = comps;
                    if w == v {
                        break;
                    }
                }
                comps += 1;
            }
        }
    }
    comp
}
