//! OpenAPI 3.1 onto the 3.0 model: the one step that knows the two dialects apart.
//!
//! `openapiv3` reads OpenAPI 3.0, and lowering reads `openapiv3`. Rather than a second
//! model and a second lowering, a 3.1 document is rewritten here, as a generic value before
//! it is deserialized, into the 3.0 document that means the same:
//! - `type: [T, "null"]` is `type: T` with `nullable: true`; several non-null types are an
//!   `anyOf` of one schema per type, each with the keywords that apply to it; `type: "null"`
//!   is `enum: [null]` (so a union member `{type: "null"}` makes the union an `Option`);
//! - `const: v` is `enum: [v]`; a schema's `examples: [a, ...]` is `example: a`;
//! - a numeric `exclusiveMinimum: n` is `minimum: n` with `exclusiveMinimum: true` (and the
//!   same for the maximum);
//! - `contentEncoding: base64` is `format: byte`, `contentEncoding: binary` (the octets
//!   themselves) and `contentMediaType` alone are `format: binary`;
//! - a `$ref` with sibling keywords (a description, `nullable`) is an `allOf` of the
//!   reference with those keywords beside it, so the description is kept as docs (in union
//!   members the siblings are left out: a member must stay a plain `$ref` to be tagged);
//! - `$defs` of a component schema become components of their own (a name of their own
//!   when it is free, else `<Schema><Name>`), and references to them follow;
//! - `components.pathItems` are copied into the paths that refer to them; a document
//!   without `paths` has empty ones; `webhooks` are left out with a warning.
//!
//! What has no 3.0 equivalent gets a located warning and a documented fallback:
//! `prefixItems` of an open tuple becomes a list of its `items` or of any JSON (a closed
//! one, `items: false` or `minItems == maxItems` = its length, is kept in
//! [`TUPLE_EXTENSION`] for lowering to make a Rust tuple); keywords such as
//! `patternProperties`, `if`/`then`/`else` or `unevaluatedProperties` are ignored.
//!
//! A 3.0 document is read leniently the same way where the intent is plain (a numeric
//! `exclusiveMinimum`, `const`, a `type` list, as some generators write them), each with a
//! warning that the keyword is 3.1's. This module never judges references (validation
//! does) and never panics on input.

use serde_json::{Map, Value};

use super::kind::METHODS;
use crate::diag::{Diagnostics, DocPath, Seg};
use crate::ir::TUPLE_EXTENSION;
use crate::refs::{escape, unescape};

/// The OpenAPI version a document declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    /// `3.0.x`: read as it is, 3.1 keywords leniently.
    V30,
    /// `3.1.x`: rewritten onto 3.0.
    V31,
}

/// Keywords of JSON Schema 2020-12 with no equivalent in the 3.0 model, ignored with a
/// warning.
const UNSUPPORTED: &[&str] = &[
    "patternProperties",
    "unevaluatedProperties",
    "unevaluatedItems",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "propertyNames",
    "$dynamicRef",
    "$dynamicAnchor",
];

/// Which keywords apply to which `type`, for splitting a schema of several types into one
/// schema per type.
const TYPE_KEYWORDS: &[(&str, &[&str])] = &[
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
            "discriminator",
        ],
    ),
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    ("string", &["minLength", "maxLength", "pattern", "format"]),
    (
        "integer",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
    (
        "number",
        &[
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "format",
        ],
    ),
];

/// A place in the document while the walk mutates it: a segment and the place it is in.
struct At<'p> {
    parent: Option<&'p At<'p>>,
    seg: Seg<'p>,
}

impl At<'_> {
    fn path(&self) -> DocPath {
        let mut segs = Vec::new();
        let mut at = Some(self);
        while let Some(a) = at {
            segs.push(a.seg);
            at = a.parent;
        }
        segs.reverse();
        // The root's own segment is a placeholder.
        DocPath::from_borrowed(segs.get(1..).unwrap_or(&[]))
    }
}

/// What the walk needs besides the place.
struct Walk<'d> {
    dialect: Dialect,
    diags: &'d mut Diagnostics,
    /// `$defs` lifted out of component schemas: (old pointer, new name, schema).
    lifted: Vec<(String, String, Value)>,
}

/// Rewrites `raw` (a mapping, as the version check made sure) onto the 3.0 model.
pub(super) fn normalize(raw: &mut Value, dialect: Dialect, diags: &mut Diagnostics) {
    let Value::Object(doc) = raw else {
        return;
    };
    if dialect == Dialect::V31 {
        document_31(doc, diags);
    }
    let mut walk = Walk {
        dialect,
        diags,
        lifted: Vec::new(),
    };
    let root = At {
        parent: None,
        seg: Seg::Key(""),
    };
    for (key, value) in doc.iter_mut() {
        let at = At {
            parent: Some(&root),
            seg: Seg::Key(key),
        };
        match key.as_str() {
            "paths" => walk.path_items(value, &at),
            "components" => walk.components(value, &at),
            _ => {}
        }
    }
    let lifted = std::mem::take(&mut walk.lifted);
    if lifted.is_empty() {
        return;
    }
    let renames: Vec<(String, String)> = lifted
        .iter()
        .map(|(old, name, _)| {
            (
                old.clone(),
                format!("#/components/schemas/{}", escape(name)),
            )
        })
        .collect();
    if let Some(Value::Object(schemas)) =
        doc.get_mut("components").and_then(|c| c.get_mut("schemas"))
    {
        for (_, name, schema) in lifted {
            schemas.insert(name, schema);
        }
    }
    rename_refs(raw, &renames);
}

/// The top level of a 3.1 document: the version, `webhooks`, `pathItems`, missing `paths`.
fn document_31(doc: &mut Map<String, Value>, diags: &mut Diagnostics) {
    doc.insert("openapi".into(), Value::String("3.0.3".into()));
    doc.remove("jsonSchemaDialect");
    if let Some(webhooks) = doc.remove("webhooks") {
        if webhooks.as_object().is_some_and(|w| !w.is_empty()) {
            diags
                .warning(
                    &DocPath::from_segments(["webhooks"]),
                    "webhooks are not generated: the client calls the API, it does not receive its calls",
                )
                .help("serve the webhook requests with a server framework; the schemas they use are still generated when `components` has them");
        }
    }
    let path_items = doc
        .get_mut("components")
        .and_then(Value::as_object_mut)
        .and_then(|c| c.remove("pathItems"));
    if !doc.contains_key("paths") {
        doc.insert("paths".into(), Value::Object(Map::new()));
    }
    if let (Some(Value::Object(items)), Some(Value::Object(paths))) =
        (path_items, doc.get_mut("paths"))
    {
        for (template, item) in paths.iter_mut() {
            let target = item
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/pathItems/"))
                .map(unescape);
            if let Some(found) = target.as_ref().and_then(|name| items.get(name)) {
                *item = found.clone();
            } else if target.is_some() {
                diags.warning(
                    &DocPath::from_segments(["paths", template.as_str()]),
                    "this path item refers to a `components.pathItems` entry that does not exist; its operations are left out",
                );
            }
        }
    }
    if let Some(Value::Object(info)) = doc.get_mut("info") {
        info.remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.remove("identifier");
        }
    }
}

impl Walk<'_> {
    /// Warns, in a 3.0 document, that `keyword` is used as only 3.1 allows (`what`).
    fn warn_31(&mut self, at: &At<'_>, keyword: &str, what: &str) {
        if self.dialect == Dialect::V30 {
            self.diags
                .warning(
                    &at.path().push(keyword),
                    format!("{what} is OpenAPI 3.1, not 3.0; it is read as 3.1 defines it"),
                )
                .help("declare `openapi: 3.1.0`, or write the 3.0 form");
        }
    }

    fn path_items(&mut self, value: &mut Value, at: &At<'_>) {
        self.entries(value, at, Self::path_item);
    }

    fn path_item(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| match key {
            "parameters" => walk.each(child, at, Self::parameter),
            method if METHODS.contains(&method) => walk.operation(child, at),
            _ => {}
        });
    }

    fn operation(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| match key {
            "parameters" => walk.each(child, at, Self::parameter),
            "requestBody" => walk.with_content(child, at),
            "responses" => walk.entries(child, at, Self::response),
            "callbacks" => walk.entries(child, at, Self::path_items),
            _ => {}
        });
    }

    /// A parameter or a header.
    fn parameter(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| match key {
            "schema" => walk.schema(child, at, true),
            "content" => walk.entries(child, at, Self::media_type),
            _ => {}
        });
    }

    fn response(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| match key {
            "headers" => walk.entries(child, at, Self::parameter),
            "content" => walk.entries(child, at, Self::media_type),
            _ => {}
        });
    }

    /// A request body, or anything else whose `content` holds media types.
    fn with_content(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| {
            if key == "content" {
                walk.entries(child, at, Self::media_type);
            }
        });
    }

    fn media_type(&mut self, value: &mut Value, at: &At<'_>) {
        self.fields(value, at, |walk, key, child, at| match key {
            "schema" => walk.schema(child, at, true),
            "encoding" => walk.entries(child, at, |walk, encoding, at| {
                default_explode(encoding);
                walk.fields(encoding, at, |walk, key, headers, at| {
                    if key == "headers" {
                        walk.entries(headers, at, Self::parameter);
                    }
                });
            }),
            _ => {}
        });
    }

    fn components(&mut self, value: &mut Value, at: &At<'_>) {
        let Value::Object(components) = value else {
            return;
        };
        for (key, child) in components.iter_mut() {
            let at = At {
                parent: Some(at),
                seg: Seg::Key(key),
            };
            match key.as_str() {
                "schemas" => {
                    let Value::Object(schemas) = child else {
                        continue;
                    };
                    let taken: Vec<String> = schemas.keys().cloned().collect();
                    for (name, schema) in schemas.iter_mut() {
                        let at = At {
                            parent: Some(&at),
                            seg: Seg::Key(name),
                        };
                        self.lift_defs(name, schema, &taken, &at);
                        self.schema(schema, &at, true);
                    }
                }
                "parameters" | "headers" => self.entries(child, &at, Self::parameter),
                "requestBodies" => self.entries(child, &at, Self::with_content),
                "responses" => self.entries(child, &at, Self::response),
                "callbacks" => {
                    self.entries(child, &at, Self::path_items);
                }
                _ => {}
            }
        }
    }

    /// Moves the `$defs` of component schema `owner` into components of their own.
    fn lift_defs(&mut self, owner: &str, schema: &mut Value, taken: &[String], at: &At<'_>) {
        let Some(Value::Object(defs)) = schema.as_object_mut().and_then(|s| s.remove("$defs"))
        else {
            return;
        };
        for (name, mut def) in defs {
            let def_at = At {
                parent: Some(at),
                seg: Seg::Key("$defs"),
            };
            let def_at = At {
                parent: Some(&def_at),
                seg: Seg::Key(&name),
            };
            self.schema(&mut def, &def_at, true);
            let free = |n: &str| {
                !taken.iter().any(|t| t == n) && !self.lifted.iter().any(|(_, l, _)| l == n)
            };
            let mut new_name = if free(&name) {
                name.clone()
            } else {
                format!("{owner}{name}")
            };
            let mut n = 2;
            while !free(&new_name) {
                new_name = format!("{owner}{name}{n}");
                n += 1;
            }
            let old = format!(
                "#/components/schemas/{}/$defs/{}",
                escape(owner),
                escape(&name)
            );
            self.lifted.push((old, new_name, def));
        }
    }

    /// Calls `f` with each entry of the mapping `value`, its key and its place.
    fn fields(
        &mut self,
        value: &mut Value,
        at: &At<'_>,
        f: fn(&mut Self, &str, &mut Value, &At<'_>),
    ) {
        if let Value::Object(entries) = value {
            for (key, item) in entries.iter_mut() {
                let at = At {
                    parent: Some(at),
                    seg: Seg::Key(key),
                };
                f(self, key, item, &at);
            }
        }
    }

    /// Calls `f` with each item of the list `value` and its place.
    fn each(&mut self, value: &mut Value, at: &At<'_>, f: fn(&mut Self, &mut Value, &At<'_>)) {
        if let Value::Array(items) = value {
            for (i, item) in items.iter_mut().enumerate() {
                let at = At {
                    parent: Some(at),
                    seg: Seg::Index(i),
                };
                f(self, item, &at);
            }
        }
    }

    /// Calls `f` with each entry of the mapping `value` and its place.
    fn entries(&mut self, value: &mut Value, at: &At<'_>, f: fn(&mut Self, &mut Value, &At<'_>)) {
        if let Value::Object(entries) = value {
            for (key, item) in entries.iter_mut() {
                let at = At {
                    parent: Some(at),
                    seg: Seg::Key(key),
                };
                f(self, item, &at);
            }
        }
    }

    /// A schema and the schemas inside it. `may_wrap`: a `$ref` with siblings here may
    /// become an `allOf` (not in union members, which must stay plain references).
    fn schema(&mut self, value: &mut Value, at: &At<'_>, may_wrap: bool) {
        let Value::Object(s) = value else {
            return;
        };
        if s.contains_key("$ref") {
            if s.len() > 1 && self.dialect == Dialect::V31 {
                let reference = s.remove("$ref").unwrap_or(Value::Null);
                if may_wrap {
                    let mut only = Map::new();
                    only.insert("$ref".into(), reference);
                    s.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
                } else {
                    s.clear();
                    s.insert("$ref".into(), reference);
                }
            }
            if s.contains_key("$ref") {
                return;
            }
        }
        self.keywords(s, at);
        for (key, child) in s.iter_mut() {
            let at = At {
                parent: Some(at),
                seg: Seg::Key(key),
            };
            match key.as_str() {
                "items" | "not" | "additionalProperties" => self.schema(child, &at, true),
                "properties" => {
                    if let Value::Object(props) = child {
                        for (name, prop) in props.iter_mut() {
                            let at = At {
                                parent: Some(&at),
                                seg: Seg::Key(name),
                            };
                            self.schema(prop, &at, true);
                        }
                    }
                }
                "allOf" | "oneOf" | "anyOf" | TUPLE_EXTENSION => {
                    if let Value::Array(members) = child {
                        for (i, member) in members.iter_mut().enumerate() {
                            let at = At {
                                parent: Some(&at),
                                seg: Seg::Index(i),
                            };
                            self.schema(member, &at, false);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// The keywords of one schema object (not its sub-schemas).
    fn keywords(&mut self, s: &mut Map<String, Value>, at: &At<'_>) {
        // One pass over the keys finds the rare schema that needs a change; most need
        // none, and looking each keyword up would cost more than the rest of the walk.
        if !s.iter().any(|(key, value)| needs_change(key, value)) {
            return;
        }
        // A list of strings only; anything else is left for the loader's error walk.
        if let Some(Value::Array(types)) = s.get("type").filter(|t| {
            t.as_array()
                .is_some_and(|l| !l.is_empty() && l.iter().all(Value::is_string))
        }) {
            let types = types.clone();
            self.warn_31(at, "type", "a list of types in `type`");
            self.type_list(s, types);
        }
        if s.get("type").and_then(Value::as_str) == Some("null") {
            self.warn_31(at, "type", "`type: \"null\"`");
            s.remove("type");
            null_only(s);
        }
        if let Some(value) = s.remove("const") {
            self.warn_31(at, "const", "`const`");
            s.entry("enum").or_insert(Value::Array(vec![value]));
        }
        if self.dialect == Dialect::V31 {
            if let Some(Value::Array(examples)) = s.remove("examples") {
                if let Some(first) = examples.into_iter().next() {
                    s.entry("example").or_insert(first);
                }
            }
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(n @ Value::Number(_)) = s.get(exclusive).cloned() {
                self.warn_31(at, exclusive, &format!("a number in `{exclusive}`"));
                s.insert(bound.into(), n);
                s.insert(exclusive.into(), Value::Bool(true));
            }
        }
        if let Some(encoding) = s.remove("contentEncoding") {
            // RFC 2045's encodings: base64 text is bytes encoded; `binary` is the octets
            // themselves (Discord's file parts). Others (`7bit`, `quoted-printable`, ...)
            // are text, a string.
            let format = match encoding.as_str() {
                Some(e) if e.eq_ignore_ascii_case("base64") => Some("byte"),
                Some(e) if e.eq_ignore_ascii_case("binary") => Some("binary"),
                _ => None,
            };
            if let Some(format) = format.filter(|_| !s.contains_key("format")) {
                s.insert("format".into(), Value::String(format.into()));
            }
            s.remove("contentMediaType");
        } else if s.remove("contentMediaType").is_some() && !s.contains_key("format") {
            s.insert("format".into(), Value::String("binary".into()));
        }
        if let Some(prefix) = s.remove("prefixItems") {
            let count = prefix.as_array().map_or(0, Vec::len);
            let bound = |key: &str| s.get(key).and_then(Value::as_u64);
            let closed = s.get("items") == Some(&Value::Bool(false))
                || (bound("minItems") == Some(count as u64)
                    && bound("maxItems") == Some(count as u64));
            if closed && (1..=MAX_TUPLE).contains(&count) {
                // A closed tuple: lowering makes it a Rust tuple.
                s.remove("items");
                s.insert("type".into(), Value::String("array".into()));
                s.insert(TUPLE_EXTENSION.into(), prefix);
            } else {
                let fallback = if s.contains_key("items") {
                    "a list of its `items`"
                } else {
                    s.insert("items".into(), Value::Object(Map::new()));
                    "a list of any JSON"
                };
                self.diags
                    .warning(
                        &at.path().push("prefixItems"),
                        format!("`prefixItems` (an open tuple of {count}) is not supported; the value is decoded as {fallback}"),
                    )
                    .help("close the tuple (`items: false`) to decode it as a Rust tuple, or describe the items with `items`");
            }
        }
        for keyword in UNSUPPORTED {
            if s.remove(*keyword).is_some() {
                self.diags
                    .warning(
                        &at.path().push(keyword),
                        format!("`{keyword}` is not supported; it is ignored"),
                    )
                    .help("the rest of the schema is generated as if it were absent");
            }
        }
    }

    /// `type: [...]`: `null` makes the schema nullable; one other type stays the type;
    /// several become an `anyOf` with the keywords of each type in its member.
    fn type_list(&mut self, s: &mut Map<String, Value>, types: Vec<Value>) {
        let names: Vec<String> = types
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect();
        let nullable = names.iter().any(|t| t == "null");
        let others: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
        s.remove("type");
        if nullable {
            s.insert("nullable".into(), Value::Bool(true));
        }
        match others.as_slice() {
            [] if nullable => null_only(s),
            [] => {}
            [one] => {
                s.insert("type".into(), Value::String((*one).clone()));
            }
            several => {
                let mut members = Vec::new();
                for t in several {
                    let mut member = Map::new();
                    member.insert("type".into(), Value::String((*t).clone()));
                    if let Some((_, keywords)) = TYPE_KEYWORDS.iter().find(|(name, _)| name == t) {
                        for k in *keywords {
                            if let Some(v) = s.get(*k) {
                                member.insert((*k).into(), v.clone());
                            }
                        }
                    }
                    members.push(Value::Object(member));
                }
                for (_, keywords) in TYPE_KEYWORDS {
                    for k in *keywords {
                        s.remove(*k);
                    }
                }
                s.insert("anyOf".into(), Value::Array(members));
            }
        }
    }
}

/// The most elements a tuple may have (serde implements its traits for tuples up to 16).
const MAX_TUPLE: usize = 12;

/// Whether a schema's keyword `key` with `value` is one [`Walk::keywords`] rewrites.
fn needs_change(key: &str, value: &Value) -> bool {
    match key {
        "type" => value.is_array() || value.as_str() == Some("null"),
        "exclusiveMinimum" | "exclusiveMaximum" => value.is_number(),
        "const" | "examples" | "contentEncoding" | "contentMediaType" | "prefixItems" => true,
        _ => UNSUPPORTED.contains(&key),
    }
}

/// An encoding's `explode` defaults to `true` when its style is `form` (the default
/// style), as the specification says; `openapiv3` reads a missing `explode` as `false`,
/// so the default is written in.
fn default_explode(encoding: &mut Value) {
    let Value::Object(map) = encoding else {
        return;
    };
    if !map.contains_key("explode") {
        let form = map
            .get("style")
            .is_none_or(|style| style.as_str() == Some("form"));
        map.insert("explode".into(), Value::Bool(form));
    }
}

/// The schema of `null` alone, in 3.0 words: `enum: [null]`, nullable.
fn null_only(s: &mut Map<String, Value>) {
    s.insert("nullable".into(), Value::Bool(true));
    s.insert("enum".into(), Value::Array(vec![Value::Null]));
}

/// Renames every `$ref` and discriminator mapping value equal to an old pointer.
fn rename_refs(value: &mut Value, renames: &[(String, String)]) {
    let rename = |r: &mut String| {
        if let Some((_, new)) = renames.iter().find(|(old, _)| old == r) {
            *r = new.clone();
        }
    };
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get_mut("$ref") {
                rename(r);
            }
            if let Some(Value::Object(mapping)) = map
                .get_mut("discriminator")
                .and_then(|d| d.get_mut("mapping"))
            {
                for target in mapping.values_mut() {
                    if let Value::String(r) = target {
                        rename(r);
                    }
                }
            }
            for child in map.values_mut() {
                rename_refs(child, renames);
            }
        }
        Value::Array(items) => {
            for item in items {
                rename_refs(item, renames);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;
