//! What the lowered types say about a page's JSON: the shape of a value ([`JsonShape`]),
//! the type at a path of keys, the body's one list, a page's type; every check of
//! `Lowerer::page_twin` reads the lowered types through these, never the spec's schemas.

use super::super::{Lowerer, MAX_DEPTH};
use super::{did_you_mean, Problem};
use crate::ir::{self, BodyEncoding, TypeKind, TypeRef};

/// What a JSON value of a type is, as far as paging cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum JsonShape<'t> {
    Text,
    Integer,
    Bool,
    List(&'t TypeRef),
    Object(&'t ir::Struct),
    Other,
}

impl JsonShape<'_> {
    pub(super) fn noun(self) -> &'static str {
        match self {
            JsonShape::Text => "a string",
            JsonShape::Integer => "an integer",
            JsonShape::Bool => "a boolean",
            JsonShape::List(_) => "a list",
            JsonShape::Object(_) => "an object",
            JsonShape::Other => "neither a string, a number, a boolean, a list nor an object",
        }
    }
}

/// Keys joined for a message: `meta.next_cursor`, or `the body` for none.
pub(super) fn shown(keys: &[String]) -> String {
    if keys.is_empty() {
        "the body".to_string()
    } else {
        format!("`{}`", keys.join("."))
    }
}

impl<'a> Lowerer<'a> {
    /// What a JSON value of type `ty` is: aliases, newtypes, `Option`s and secrets seen
    /// through.
    pub(super) fn json_shape<'t>(&'t self, ty: &'t TypeRef) -> JsonShape<'t> {
        let mut ty = ty;
        for _ in 0..MAX_DEPTH {
            ty = match ty {
                TypeRef::Nullable(inner) | TypeRef::Secret(inner) => inner,
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(target)) => target,
                    Some(TypeKind::Newtype(newtype)) => &newtype.ty,
                    Some(TypeKind::Struct(s)) => return JsonShape::Object(s),
                    _ => return JsonShape::Other,
                },
                TypeRef::String | TypeRef::Format(_) => return JsonShape::Text,
                TypeRef::Integer(_) => return JsonShape::Integer,
                TypeRef::Bool => return JsonShape::Bool,
                TypeRef::Vec(item) => return JsonShape::List(item),
                _ => return JsonShape::Other,
            };
        }
        JsonShape::Other
    }

    /// The shape of the field `field` of an item of type `item`: of the struct, or the
    /// same in every member of a union of structs (Stripe's lists of cards or bank
    /// accounts); `None` when some item has no such field.
    pub(super) fn item_field<'t>(
        &'t self,
        item: &'t TypeRef,
        field: &str,
    ) -> Option<JsonShape<'t>> {
        let of_struct = |ty: &'t TypeRef| -> Option<JsonShape<'t>> {
            match self.json_shape(ty) {
                JsonShape::Object(s) => s
                    .fields
                    .iter()
                    .find(|f| f.name.wire == field)
                    .map(|f| self.json_shape(&f.ty)),
                _ => None,
            }
        };
        if let Some(found) = of_struct(item) {
            return Some(found);
        }
        let members: Vec<&TypeRef> = match item {
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Untagged(variants)) => variants.iter().map(|v| &v.ty).collect(),
                Some(TypeKind::Tagged(tagged)) => tagged.variants.iter().map(|v| &v.ty).collect(),
                _ => return None,
            },
            _ => return None,
        };
        let mut shapes = members.into_iter().map(of_struct);
        let first = shapes.next()??;
        shapes.all(|shape| shape == Some(first)).then_some(first)
    }

    /// The type at `keys` below `ty`, or why there is none (about the config key `key`).
    pub(super) fn at_path<'t>(
        &'t self,
        ty: &'t TypeRef,
        keys: &[String],
        key: &'static str,
    ) -> Result<&'t TypeRef, Problem> {
        let mut here = ty;
        for (i, name) in keys.iter().enumerate() {
            let within = keys.get(..i).unwrap_or_default();
            let JsonShape::Object(object) = self.json_shape(here) else {
                let found = self.json_shape(here);
                let problem = Problem::new(
                    key,
                    format!("{} is {}, not an object", shown(within), found.noun()),
                );
                return Err(match (within, found, key) {
                    ([], JsonShape::List(_), "items") => {
                        problem.help("the body is the list: leave `items` out")
                    }
                    _ => problem,
                });
            };
            match object.fields.iter().find(|f| f.name.wire == *name) {
                Some(field) => here = &field.ty,
                None => {
                    let names: Vec<&str> =
                        object.fields.iter().map(|f| f.name.wire.as_str()).collect();
                    let them = format!("the fields of {}", shown(within));
                    let help = did_you_mean(name, &names, &them);
                    return Err(Problem::new(
                        key,
                        format!(
                            "the response has no field {}",
                            shown(keys.get(..=i).unwrap_or(keys))
                        ),
                    )
                    .help(help));
                }
            }
        }
        Ok(here)
    }

    /// The one list of a response body, and its item type: the body itself, or the
    /// object's only list field, or, among several, the only one named `data`, `items`
    /// or `results`.
    pub(super) fn only_list<'t>(&'t self, body: &'t TypeRef) -> Option<(Vec<String>, &'t TypeRef)> {
        match self.json_shape(body) {
            JsonShape::List(item) => Some((Vec::new(), item)),
            JsonShape::Object(object) => {
                let lists: Vec<(&str, &TypeRef)> = object
                    .fields
                    .iter()
                    .filter_map(|f| match self.json_shape(&f.ty) {
                        JsonShape::List(item) => Some((f.name.wire.as_str(), item)),
                        _ => None,
                    })
                    .collect();
                let pick = match lists.as_slice() {
                    [only] => Some(*only),
                    _ => {
                        let mut named = lists
                            .iter()
                            .filter(|(name, _)| matches!(*name, "data" | "items" | "results"));
                        match (named.next(), named.next()) {
                            (Some(one), None) => Some(*one),
                            _ => None,
                        }
                    }
                };
                pick.map(|(name, item)| (vec![name.to_string()], item))
            }
            _ => None,
        }
    }

    /// The hint for an `items` that is no list: the lists the body has.
    pub(super) fn lists_help(&self, body: &TypeRef) -> String {
        let JsonShape::Object(object) = self.json_shape(body) else {
            return "the body is no object; `items` is left out when the body is the list"
                .to_string();
        };
        let lists: Vec<String> = object
            .fields
            .iter()
            .filter(|f| matches!(self.json_shape(&f.ty), JsonShape::List(_)))
            .map(|f| format!("`items = \"{}\"`", f.name.wire))
            .collect();
        if lists.is_empty() {
            "the body has no list at its top level; name a nested one with `.`".to_string()
        } else {
            format!("the body's lists: {}", lists.join(", "))
        }
    }
}

/// The type of a page: the body of the one 2XX success of `op` that is JSON, when its
/// other 2XX successes have no body (a 204: a page without items). 3XX successes (a
/// redirect not followed, a 304) end the pages as unexpected statuses.
pub(super) fn page_body(op: &ir::Operation) -> Option<&TypeRef> {
    let two_hundreds = |r: &&ir::ResponseCase| {
        r.success
            && matches!(
                r.status,
                ir::StatusMatch::Code(200..=299) | ir::StatusMatch::Range(2)
            )
    };
    let mut json = op
        .responses
        .iter()
        .filter(two_hundreds)
        .filter(|r| r.encoding == BodyEncoding::Json);
    let (Some(page), None) = (json.next(), json.next()) else {
        return None;
    };
    op.responses
        .iter()
        .filter(two_hundreds)
        .all(|r| r == page || r.encoding == BodyEncoding::Empty)
        .then_some(&page.ty)
}
