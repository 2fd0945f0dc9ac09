//! A section of `components` written as a `$ref` to a file (SendGrid's spec writes
//! `parameters: {$ref: ./spec/components/parameters.json}`, and the same for every
//! section). OpenAPI does not allow it: a section is a map of named entries. The one
//! plausible reading is that the section is the map the file holds, each entry under its
//! own name; so, with a located warning (or, strict, an error), the section becomes one
//! `$ref` per entry of the file, and bundling copies each entry in under that name
//! ([`Claim`]) rather than under a name of its own beside the `$ref`.
//!
//! A file that cannot be read is reported as any reference's would be; one that holds no
//! map (or a section `$ref` with siblings, or a local one) is left alone, for loading to
//! refuse as today.

use serde_json::{Map, Value};

use super::scan::Found;
use super::{pointer_get, Bundler};
use crate::diag::DocPath;
use crate::load::kind::Kind;
use crate::refs::{self, External, Fragment, Section};
use crate::repair::{self, Counts, Defect, Policy};

/// An entry of a section this repair wrote: the part of the file its `$ref` reaches is
/// copied in under this name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Claim {
    pub(super) section: Section,
    pub(super) name: String,
}

impl Bundler<'_, '_> {
    /// Expands each section of `raw`'s `components` that is a `$ref` to a map in another
    /// file, as `policy` says; returns the entries written.
    pub(super) fn expand_sections(
        &mut self,
        raw: &mut Value,
        policy: Policy,
        counts: &mut Counts,
    ) -> Vec<Claim> {
        let mut claims = Vec::new();
        for section in Section::ALL {
            let Some(reference) = section_ref(raw, section) else {
                continue;
            };
            let Some(External::File {
                path,
                fragment: Fragment::Pointer(pointer),
            }) = refs::external(&reference)
            else {
                continue;
            };
            let found = Found {
                path: vec!["components".into(), section.key().into()],
                kind: Kind::Document,
                reference: reference.clone(),
                mapping: false,
            };
            let Some(doc) = self.open(None, &found, &path) else {
                continue;
            };
            let names: Vec<String> = match self.docs[doc]
                .value
                .as_ref()
                .and_then(|value| pointer_get(value, &pointer))
            {
                Some(Value::Object(map)) if !map.is_empty() => map.keys().cloned().collect(),
                _ => continue,
            };
            let key = section.key();
            let defect = Defect {
                kind: repair::Kind::SectionRef,
                at: DocPath::from_segments(["components", key, "$ref"].map(String::from)),
                says: format!(
                    "`components.{key}` is a `$ref` to `{reference}`, but a section of `components` must be a map of named {}",
                    plural(section.noun())
                ),
                assumed: match names.len() {
                    1 => format!(
                        "the map that `{reference}` holds: its one {} under its own name",
                        section.noun()
                    ),
                    n => format!(
                        "the map that `{reference}` holds: each of its {n} {} under its own name",
                        plural(section.noun())
                    ),
                },
                fix: format!(
                    "write one entry per name, each a `$ref` into the file (`{}: {{$ref: '{}'}}`)",
                    names[0],
                    entry_ref(&reference, &pointer, &names[0])
                ),
            };
            if !repair::record(policy, self.diags, counts, defect) {
                continue;
            }
            let entries: Map<String, Value> = names
                .iter()
                .map(|name| {
                    let mut entry = Map::new();
                    entry.insert(
                        "$ref".into(),
                        Value::String(entry_ref(&reference, &pointer, name)),
                    );
                    (name.clone(), Value::Object(entry))
                })
                .collect();
            if let Some(Value::Object(components)) = raw.get_mut("components") {
                components.insert(key.into(), Value::Object(entries));
            }
            claims.extend(names.into_iter().map(|name| Claim { section, name }));
        }
        claims
    }
}

/// The reference of `components.<section>` when the section is written as nothing but a
/// `$ref` to another document.
fn section_ref(raw: &Value, section: Section) -> Option<String> {
    let Value::Object(map) = raw.get("components")?.get(section.key())? else {
        return None;
    };
    match (map.len(), map.get("$ref")) {
        (1, Some(Value::String(reference))) if refs::names_other_document(reference) => {
            Some(reference.clone())
        }
        _ => None,
    }
}

/// The `$ref` of entry `name` of the map at `pointer` in the file `reference` names.
fn entry_ref(reference: &str, pointer: &[String], name: &str) -> String {
    let file = reference
        .split_once('#')
        .map_or(reference, |(file, _)| file);
    let mut segments = pointer.to_vec();
    segments.push(name.to_string());
    format!("{file}{}", refs::pointer(&segments))
}

/// `schemas`, `request bodies`.
fn plural(noun: &str) -> String {
    match noun.strip_suffix('y') {
        Some(stem) => format!("{stem}ies"),
        None => format!("{noun}s"),
    }
}
