//! Multi-file specs: every file a `$ref` names is read (relative to the file that names
//! it), and what the references reach is copied into the spec's own document, so the rest
//! of the generator sees one document whose references are all local.
//!
//! - A component of another file (`common.yaml#/components/schemas/Error`, or a place
//!   inside one) is copied into the same section of `components`; a reference into it
//!   keeps its path below the component.
//! - Any other place (`./models/pet.yaml`, `defs.yaml#/Pet`) becomes an entry of the
//!   section its referring place calls for: a schema, a parameter, a response...
//! - A path item is copied where it is referred to (3.0 has no section for path items).
//!
//! Inside a copied part, references (local ones included) are taken relative to its own
//! file, so each part is copied once however many files refer to it. Names are given in
//! a sorted order (`names`), so the order of keys in the files changes nothing.
//!
//! Each copied part is recorded in [`Sources`] with the file and place it came from, so a
//! later diagnostic about it names that file, line and place. A URL is never fetched: a
//! reference to one is an error, like a file that cannot be read or a place that does
//! not exist in it.

mod names;
mod scan;
mod sections;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::files::{relative_to, Files};
use super::kind::Kind;
use super::raw::check_depth;
use super::text::parse;
use crate::diag::{Diagnostics, DocPath, Sources};
use crate::refs::{self, External, Fragment, Section};
use crate::repair::{self, Counts, Defect, Policy};
use scan::{scan, Found};
use sections::Claim;

/// Copies into `raw` (the spec's document) everything its references to other files
/// reach, and makes those references local. Errors go to `diags`, at the place of the
/// reference (in the file that holds it). A section of `components` written as a `$ref`
/// to a file is repaired as `policy` says (`sections`), and so is an operation written as
/// a `$ref` to a file; returns the repairs made.
pub(super) fn bundle(
    raw: &mut Value,
    sources: &mut Sources<'_>,
    files: &dyn Files,
    policy: Policy,
    diags: &mut Diagnostics,
) -> Counts {
    let mut counts = Counts::default();
    if !mentions_other_documents(raw) {
        return counts;
    }
    let root = Doc {
        path: relative_to(sources.root(), &file_name(sources.root())),
        value: None,
        source: None,
    };
    let mut bundler = Bundler {
        docs: vec![root],
        by_path: HashMap::new(),
        units: Vec::new(),
        by_key: HashMap::new(),
        files,
        sources,
        diags,
    };
    let claims = bundler.expand_sections(raw, policy, &mut counts);
    let root_refs: Vec<(Found, Option<Target>)> = scan(Kind::Document, raw)
        .into_iter()
        .filter(|found| refs::names_other_document(&found.reference))
        .map(|found| {
            let target = bundler.resolve(None, &found);
            (found, target)
        })
        .collect();
    // Resolving a unit's references may discover more units: a worklist.
    let mut next = 0;
    while next < bundler.units.len() {
        let unit = next;
        next += 1;
        let found = match bundler.value_of(unit) {
            Some(value) => scan(bundler.units[unit].kind, value),
            None => Vec::new(),
        };
        let resolved = found
            .into_iter()
            .map(|found| {
                let target = bundler.resolve(Some(unit), &found);
                (found, target)
            })
            .collect();
        bundler.units[unit].refs = resolved;
    }
    bundler.operation_refs(&root_refs, policy, &mut counts);
    let root_refs = bundler.fold(root_refs);
    let root_refs = bundler.claim(root_refs, &claims);
    let taken = names::taken(raw);
    names::assign(&mut bundler.units, &bundler.docs, taken);
    bundler.place(raw, root_refs);
    counts
}

/// Whether any `$ref` or mapping value of the document names another document (one
/// quick pass, so a one-file spec pays nothing more).
fn mentions_other_documents(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.iter().any(|(key, child)| match (key.as_str(), child) {
            ("$ref", Value::String(reference)) => refs::names_other_document(reference),
            ("mapping", Value::Object(mapping)) => mapping.values().any(|v| match v {
                Value::String(reference) => refs::names_other_document(reference),
                other => mentions_other_documents(other),
            }),
            _ => mentions_other_documents(child),
        }),
        Value::Array(items) => items.iter().any(mentions_other_documents),
        _ => false,
    }
}

/// A document: the spec itself (index 0, whose value is the one being bundled), or a file
/// a reference named.
struct Doc {
    /// Its path, normalized, as shown in messages.
    path: PathBuf,
    /// Its value; `None` for the spec itself and for a file that failed to load.
    value: Option<Value>,
    /// Its index in [`Sources`].
    source: Option<usize>,
}

/// A part of another file that references reach: a component, a place, or a path item.
struct Unit {
    doc: usize,
    /// The part's place in its file.
    pointer: Vec<String>,
    /// What it is: a component's kind, or the kind of the place that first referred to
    /// it. A [`Kind::PathItem`] is copied where it is referred to; any other kind becomes
    /// an entry of its section.
    kind: Kind,
    /// Its entry's name under `components.<section>` (given by `names::assign`).
    name: String,
    /// Whether it lies inside another unit of its file, which is copied instead (see
    /// [`Bundler::fold`]).
    folded: bool,
    /// The references inside it, resolved.
    refs: Vec<(Found, Option<Target>)>,
}

impl Unit {
    /// The section it becomes an entry of: `None` for a path item (copied in place) and
    /// for a unit folded into another.
    fn section(&self) -> Option<Section> {
        if self.folded {
            return None;
        }
        section_of(self.kind)
    }
}

/// What a reference reaches.
#[derive(Debug, Clone)]
enum Target {
    /// A place of the spec itself.
    Root(Vec<String>),
    /// A unit, and the place below it.
    Unit(usize, Vec<String>),
}

/// The section that holds values of `kind`; `None` for a path item, an operation or a
/// text, which are copied where they are referred to.
fn section_of(kind: Kind) -> Option<Section> {
    Section::ALL
        .into_iter()
        .find(|&section| Kind::of_section(section) == kind)
}

struct Bundler<'b, 's> {
    docs: Vec<Doc>,
    by_path: HashMap<PathBuf, usize>,
    units: Vec<Unit>,
    by_key: HashMap<(usize, Vec<String>), usize>,
    files: &'b dyn Files,
    sources: &'b mut Sources<'s>,
    diags: &'b mut Diagnostics,
}

impl Bundler<'_, '_> {
    fn value_of(&self, unit: usize) -> Option<&Value> {
        let unit = &self.units[unit];
        pointer_get(self.docs[unit.doc].value.as_ref()?, &unit.pointer)
    }

    /// What `found` (in the spec when `from` is `None`, else in the unit `from`) reaches;
    /// `None` after reporting why it reaches nothing.
    fn resolve(&mut self, from: Option<usize>, found: &Found) -> Option<Target> {
        let from_doc = from.map_or(0, |unit| self.units[unit].doc);
        let reference = found.reference.as_str();
        let (doc, pointer) = if let Some(local) = reference.strip_prefix('#') {
            (from_doc, split_pointer(local)?)
        } else if found.mapping && !refs::names_other_document(reference) {
            // A bare schema name, in the file that holds the mapping.
            let pointer = vec!["components".into(), "schemas".into(), reference.into()];
            (from_doc, pointer)
        } else {
            match refs::external(reference)? {
                External::Url => {
                    self.error(from, found, format!(
                        "`{}` is a URL; references to URLs are not followed (generation never uses the network)",
                        crate::diag::words::short(reference)
                    ), "download the document next to the spec and refer to it by a relative path, for example `common.yaml#/components/schemas/Error`");
                    return None;
                }
                External::File {
                    fragment: Fragment::NotAPointer(fragment),
                    ..
                } => {
                    self.error(
                        from,
                        found,
                        format!("`#{fragment}` is not a JSON pointer"),
                        "point into the file with a JSON pointer, for example `common.yaml#/components/schemas/Error`",
                    );
                    return None;
                }
                External::File {
                    path,
                    fragment: Fragment::Pointer(pointer),
                } => (self.open(from, found, &path)?, pointer),
            }
        };
        if doc == 0 {
            return Some(Target::Root(pointer));
        }
        if let Some(missing) = self.missing(doc, &pointer) {
            let help = self.missing_help(doc, &missing);
            let file = self.docs[doc].path.display().to_string();
            self.error(
                from,
                found,
                format!("`{}` does not exist in `{file}`", refs::pointer(&pointer)),
                help,
            );
            return None;
        }
        let (key, rest, kind) = match pointer.as_slice() {
            [components, section, _name, rest @ ..]
                if components == "components"
                    && section_of(found.kind).is_some()
                    && Section::from_key(section).is_some() =>
            {
                let section = Section::from_key(section)?;
                (
                    pointer[..3].to_vec(),
                    rest.to_vec(),
                    Kind::of_section(section),
                )
            }
            _ => (pointer, Vec::new(), found.kind),
        };
        let unit = match self.by_key.get(&(doc, key.clone())) {
            Some(&unit) => unit,
            None => {
                self.units.push(Unit {
                    doc,
                    pointer: key.clone(),
                    kind,
                    name: String::new(),
                    folded: false,
                    refs: Vec::new(),
                });
                self.by_key.insert((doc, key), self.units.len() - 1);
                self.units.len() - 1
            }
        };
        Some(Target::Unit(unit, rest))
    }

    /// One repair for every operation written as a `$ref` (not OpenAPI: operations
    /// cannot be referenced), reported once, at the first of them; as `policy` says.
    fn operation_refs(
        &mut self,
        root_refs: &[(Found, Option<Target>)],
        policy: Policy,
        counts: &mut Counts,
    ) {
        let in_root = root_refs.iter().map(|(found, _)| (None, found));
        let in_units = self
            .units
            .iter()
            .enumerate()
            .flat_map(|(unit, u)| u.refs.iter().map(move |(found, _)| (Some(unit), found)));
        let operations: Vec<(Option<usize>, &Found)> = in_root
            .chain(in_units)
            .filter(|(_, found)| found.kind == Kind::Operation)
            .collect();
        let Some(&(from, first)) = operations.first() else {
            return;
        };
        let count = operations.len();
        let (file, at) = match from {
            // Named in the spec's own file: its place now holds the copied operation,
            // which would report it in the file the operation came from.
            None => (
                self.sources.root().to_path_buf(),
                DocPath::from_segments(first.path.iter().cloned()),
            ),
            Some(unit) => {
                let unit = &self.units[unit];
                (
                    self.docs[unit.doc].path.clone(),
                    DocPath::from_segments(unit.pointer.iter().chain(&first.path).cloned()),
                )
            }
        };
        let defect = Defect {
            kind: repair::Kind::OperationRef,
            at,
            says: format!(
                "{count} {} OpenAPI does not allow that (only path items can be references)",
                if count == 1 {
                    "operation is written as a `$ref` to another file, but"
                } else {
                    "operations are written as `$ref`s to other files, but"
                }
            ),
            assumed: format!(
                "the operation {} holds",
                if count == 1 { "its file" } else { "each file" }
            ),
            fix: "refer to whole path items (`/things: {$ref: paths/things.yaml}`), or bundle with a tool that accepts operation references".into(),
        };
        repair::record_in(policy, self.diags, counts, Some(&file), count, defect);
    }

    /// Folds every unit that lies inside another unit of its file (`pet.yaml#/properties/owner`
    /// inside `pet.yaml`) into the outermost one, so what the file holds once is one
    /// component however it is reached: references to the inner unit become references
    /// into the outer one.
    fn fold(&mut self, root_refs: Vec<(Found, Option<Target>)>) -> Vec<(Found, Option<Target>)> {
        let mut into: Vec<Option<(usize, Vec<String>)>> = vec![None; self.units.len()];
        for (inner, slot) in into.iter_mut().enumerate() {
            let unit = &self.units[inner];
            let outer = (0..self.units.len())
                .filter(|&outer| {
                    let other = &self.units[outer];
                    outer != inner
                        && other.doc == unit.doc
                        && other.section().is_some()
                        && other.pointer.len() < unit.pointer.len()
                        && unit.pointer.starts_with(&other.pointer)
                })
                .min_by_key(|&outer| self.units[outer].pointer.len());
            if let Some(outer) = outer {
                let below = unit.pointer[self.units[outer].pointer.len()..].to_vec();
                *slot = Some((outer, below));
            }
        }
        let redirect = |target: Option<Target>| match target {
            Some(Target::Unit(unit, rest)) => match &into[unit] {
                Some((outer, below)) => {
                    let mut pointer = below.clone();
                    pointer.extend(rest);
                    Some(Target::Unit(*outer, pointer))
                }
                None => Some(Target::Unit(unit, rest)),
            },
            other => other,
        };
        for (unit, folded) in self.units.iter_mut().zip(&into) {
            let refs = std::mem::take(&mut unit.refs);
            unit.refs = refs.into_iter().map(|(f, t)| (f, redirect(t))).collect();
            unit.folded = folded.is_some();
        }
        root_refs
            .into_iter()
            .map(|(f, t)| (f, redirect(t)))
            .collect()
    }

    /// Gives each unit a claimed entry's `$ref` reaches (the whole unit) that entry's
    /// name, so that placing the unit replaces the `$ref`; those references are dropped
    /// from `root_refs`, which places no longer hold.
    fn claim(
        &mut self,
        root_refs: Vec<(Found, Option<Target>)>,
        claims: &[Claim],
    ) -> Vec<(Found, Option<Target>)> {
        if claims.is_empty() {
            return root_refs;
        }
        root_refs
            .into_iter()
            .filter(|(found, target)| {
                let Some(Target::Unit(unit, rest)) = target else {
                    return true;
                };
                let claimed = claims.iter().find(|claim| {
                    matches!(found.path.as_slice(), [c, s, n]
                        if c == "components" && s == claim.section.key() && *n == claim.name)
                });
                let unit = &mut self.units[*unit];
                match claimed {
                    Some(claim)
                        if rest.is_empty()
                            && unit.name.is_empty()
                            && unit.section() == Some(claim.section) =>
                    {
                        unit.name = claim.name.clone();
                        false
                    }
                    _ => true,
                }
            })
            .collect()
    }

    /// The document at `path` (relative to the file holding `found`), read and parsed
    /// once; `None` after reporting why it cannot be read.
    fn open(&mut self, from: Option<usize>, found: &Found, path: &str) -> Option<usize> {
        let from_path = &self.docs[from.map_or(0, |unit| self.units[unit].doc)].path;
        let target = relative_to(from_path, path);
        if target == self.docs[0].path {
            return Some(0);
        }
        if let Some(&doc) = self.by_path.get(&target) {
            return self.docs[doc].value.is_some().then_some(doc);
        }
        let doc = self.docs.len();
        self.by_path.insert(target.clone(), doc);
        let mut loaded = Doc {
            path: target.clone(),
            value: None,
            source: None,
        };
        match self.files.read(&target) {
            Err(error) => {
                let shown = target.display();
                self.error(
                    from,
                    found,
                    format!("cannot read `{shown}`: {error}"),
                    "a reference to another file is taken relative to the file that holds it",
                );
            }
            Ok(text) => {
                let mut file_diags = Diagnostics::default();
                let value = parse(&text, &mut file_diags)
                    .filter(|value| check_depth(value, &mut file_diags));
                self.diags.append_in(&target, file_diags);
                loaded.source = Some(self.sources.add_file(target, text));
                loaded.value = value;
            }
        }
        let ok = loaded.value.is_some();
        self.docs.push(loaded);
        ok.then_some(doc)
    }

    /// The longest prefix of `pointer` that leads nowhere in `doc`, if any (a `$ref` on
    /// the way ends the check: what it leads to is checked once bundled).
    fn missing(&self, doc: usize, pointer: &[String]) -> Option<Vec<String>> {
        let mut value = self.docs[doc].value.as_ref()?;
        for (i, segment) in pointer.iter().enumerate() {
            if value.get("$ref").is_some() {
                return None;
            }
            match step(value, segment) {
                Some(next) => value = next,
                None => return Some(pointer[..=i].to_vec()),
            }
        }
        None
    }

    /// What to say about `missing`, the first place of a pointer that `doc` lacks: the
    /// closest key its parent has, or the keys it has.
    fn missing_help(&self, doc: usize, missing: &[String]) -> String {
        let (parent, last) = missing.split_at(missing.len().saturating_sub(1));
        let keys: Vec<&str> = self.docs[doc]
            .value
            .as_ref()
            .and_then(|value| pointer_get(value, parent))
            .and_then(Value::as_object)
            .map(|map| map.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let place = match parent {
            [] => "the file".to_string(),
            _ => format!("`{}`", refs::pointer(parent)),
        };
        let wanted = last.first().map_or("", String::as_str);
        match crate::diag::words::closest(wanted, &keys) {
            Some(close) => format!("did you mean `{close}`? ({place} has no `{wanted}`)"),
            None if keys.is_empty() => format!("{place} holds nothing that `{wanted}` could name"),
            None => {
                let mut listed: Vec<String> =
                    keys.iter().take(8).map(|k| format!("`{k}`")).collect();
                if keys.len() > 8 {
                    listed.push("...".into());
                }
                format!("{place} has {}", listed.join(", "))
            }
        }
    }

    fn error(
        &mut self,
        from: Option<usize>,
        found: &Found,
        message: String,
        help: impl Into<String>,
    ) {
        match from {
            None => {
                let path = DocPath::from_segments(found.path.iter().cloned());
                self.diags.error(&path, message).help(help);
            }
            Some(unit) => {
                let unit = &self.units[unit];
                let path = DocPath::from_segments(unit.pointer.iter().chain(&found.path).cloned());
                let file = self.docs[unit.doc].path.clone();
                self.diags
                    .error_in(&file, None, Some(path), message)
                    .help(help);
            }
        }
    }

    /// Copies every unit that becomes a component into `raw`, then rewrites the spec's own
    /// references to other files.
    fn place(&mut self, raw: &mut Value, root_refs: Vec<(Found, Option<Target>)>) {
        let mut order: Vec<usize> = (0..self.units.len())
            .filter(|&unit| self.units[unit].section().is_some())
            .collect();
        order.sort_by(|&a, &b| self.units[a].name.cmp(&self.units[b].name));
        for unit in order {
            let Some(section) = self.units[unit].section() else {
                continue;
            };
            let Some(mut value) = self.value_of(unit).cloned() else {
                continue;
            };
            let name = self.units[unit].name.clone();
            let at = vec![
                "components".to_string(),
                section.key().to_string(),
                name.clone(),
            ];
            self.rewrite(unit, &mut value, &at, &mut vec![unit]);
            let Value::Object(doc) = raw else {
                return;
            };
            let components = doc
                .entry("components")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(components) = components {
                if let Value::Object(entries) = components
                    .entry(section.key())
                    .or_insert_with(|| Value::Object(Map::new()))
                {
                    entries.insert(name, value);
                }
            }
            self.record_origin(&at, unit);
        }
        for (found, target) in root_refs {
            self.apply(None, raw, &found, target.as_ref(), &[], &mut Vec::new());
        }
    }

    /// Rewrites the references inside `value`, a copy of `unit` placed at `at`.
    fn rewrite(&mut self, unit: usize, value: &mut Value, at: &[String], stack: &mut Vec<usize>) {
        let refs = std::mem::take(&mut self.units[unit].refs);
        for (found, target) in &refs {
            self.apply(Some(unit), value, found, target.as_ref(), at, stack);
        }
        self.units[unit].refs = refs;
    }

    /// Makes the reference `found` inside `container` (placed at `at`) local, or puts
    /// the path item it reaches in its place.
    fn apply(
        &mut self,
        from: Option<usize>,
        container: &mut Value,
        found: &Found,
        target: Option<&Target>,
        at: &[String],
        stack: &mut Vec<usize>,
    ) {
        let Some(target) = target else {
            return;
        };
        let Some(node) = pointer_get_mut(container, &found.path) else {
            return;
        };
        let local = match target {
            Target::Root(pointer) => refs::pointer(pointer),
            Target::Unit(unit, rest) => match self.units[*unit].section() {
                Some(section) => {
                    let mut pointer = vec![
                        "components".to_string(),
                        section.key().to_string(),
                        self.units[*unit].name.clone(),
                    ];
                    pointer.extend(rest.iter().cloned());
                    refs::pointer(&pointer)
                }
                None => {
                    let unit = *unit;
                    if stack.contains(&unit) {
                        self.error(
                            from,
                            found,
                            "path items of other files refer to each other in a cycle".into(),
                            "a path item must end in one that is not a `$ref`",
                        );
                        return;
                    }
                    let Some(mut item) = self.value_of(unit).cloned() else {
                        return;
                    };
                    let place: Vec<String> = at.iter().chain(&found.path).cloned().collect();
                    stack.push(unit);
                    self.rewrite(unit, &mut item, &place, stack);
                    stack.pop();
                    // Keys beside the `$ref` (3.1 allows a summary and a description)
                    // are kept over the copied ones.
                    if let (Value::Object(item), Value::Object(node)) = (&mut item, &*node) {
                        for (key, value) in node {
                            if key != "$ref" {
                                item.insert(key.clone(), value.clone());
                            }
                        }
                    }
                    // Re-borrow: `rewrite` needed `self` while `node` was not in use.
                    if let Some(node) = pointer_get_mut(container, &found.path) {
                        *node = item;
                    }
                    self.record_origin(&place, unit);
                    return;
                }
            },
        };
        if found.mapping {
            *node = Value::String(local);
        } else if let Value::Object(map) = node {
            map.insert("$ref".to_string(), Value::String(local));
        }
    }

    fn record_origin(&mut self, at: &[String], unit: usize) {
        let unit = &self.units[unit];
        if let Some(source) = self.docs[unit.doc].source {
            self.sources.add_origin(
                DocPath::from_segments(at.iter().cloned()),
                source,
                DocPath::from_segments(unit.pointer.iter().cloned()),
            );
        }
    }
}

/// The file name of `path` (so the spec's own path normalizes like the others).
fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A local pointer (after `#`) as unescaped segments; `None` for one that is not a
/// pointer (validation reports those in the spec itself).
fn split_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    Some(
        pointer
            .strip_prefix('/')?
            .split('/')
            .map(refs::unescape)
            .collect(),
    )
}

fn step<'v>(value: &'v Value, segment: &str) -> Option<&'v Value> {
    match value {
        Value::Object(map) => map.get(segment),
        Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

fn pointer_get<'v>(value: &'v Value, pointer: &[String]) -> Option<&'v Value> {
    pointer
        .iter()
        .try_fold(value, |value, segment| step(value, segment))
}

fn pointer_get_mut<'v>(value: &'v mut Value, pointer: &[String]) -> Option<&'v mut Value> {
    pointer
        .iter()
        .try_fold(value, |value, segment| match value {
            Value::Object(map) => map.get_mut(segment.as_str()),
            Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

#[cfg(test)]
mod tests;
