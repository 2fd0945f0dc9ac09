//! Which `From` impls a union gets, so that a value is built as a person writes it
//! (`SystemMessage::new("Be terse").into()`, `"gpt-4o-mini".into()`): `From` each
//! member's type, and `From<&str>` into the union's one string member; and the fields of
//! such unions (and of string enums) that constructors take as `impl Into<T>`, so
//! `Request::new("gpt-4o-mini")` needs no `.into()`; and path parameters of an alias of
//! `String`, which methods borrow as `&str`. Decided once every type is lowered; emit
//! only writes what is marked.
//!
//! Text converts into the one string member (a `String` or an open string enum); beside a
//! `String`, one string enum takes the values it knows and the `String` the rest, as
//! decoding does. Coherence: a union gets one `From` impl per source type. A type two
//! variants hold (`Vec<String>` twice), the union itself, and text when more members take
//! it, get none.

use std::collections::{BTreeMap, BTreeSet};

use super::constants::aliased;
use crate::ir::{Operation, ParamLocation, TextMember, TypeDef, TypeKind, TypeRef};

/// Marks the variants whose type converts into their union, and the one string member.
pub(super) fn mark_conversions(types: &mut [TypeDef]) {
    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let string_enums: BTreeSet<String> = types
        .iter()
        .filter(|t| matches!(aliased(&t.kind, &kinds), TypeKind::StringEnum(_)))
        .map(|t| t.name.clone())
        .collect();
    let is_enum = |ty: &TypeRef| matches!(ty, TypeRef::Named(name) if string_enums.contains(name));
    let aliases = aliases(types);
    let rust = |ty: &TypeRef| rust_type(ty, &aliases, 0);
    for def in types.iter_mut() {
        let own = TypeRef::Named(def.name.clone());
        match &mut def.kind {
            TypeKind::Untagged(variants) => {
                let once = single(variants.iter().map(|v| rust(&v.ty)), &rust(&own));
                for (v, once) in variants.iter_mut().zip(once) {
                    v.from = once;
                }
                // `String` itself or an alias of it (`Name`): text is its value.
                let strings: Vec<usize> = (0..variants.len())
                    .filter(|&i| rust(&variants[i].ty) == TypeRef::String && variants[i].from)
                    .collect();
                let enums: Vec<usize> = (0..variants.len())
                    .filter(|&i| is_enum(&variants[i].ty) && variants[i].from)
                    .collect();
                // One string member takes text; a string beside one string enum takes
                // what the enum does not know, as decoding does.
                let takers = match (strings.as_slice(), enums.as_slice()) {
                    ([one], []) => vec![(*one, TextMember::String)],
                    ([], [one]) => vec![(*one, TextMember::Enum)],
                    ([string], [known]) => {
                        vec![(*string, TextMember::String), (*known, TextMember::Enum)]
                    }
                    _ => Vec::new(),
                };
                for (i, role) in takers {
                    variants[i].from_str = Some(role);
                }
            }
            TypeKind::Tagged(tagged) => {
                let once = single(tagged.variants.iter().map(|v| rust(&v.ty)), &rust(&own));
                for (v, once) in tagged.variants.iter_mut().zip(once) {
                    v.from = once;
                }
            }
            _ => {}
        }
    }
    // Fields of those types take `impl Into<T>` in `new` and their setter.
    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let converts: BTreeSet<String> = types
        .iter()
        .filter(|t| match aliased(&t.kind, &kinds) {
            TypeKind::StringEnum(_) => true,
            TypeKind::Untagged(variants) => variants.iter().any(|v| v.from || v.from_str.is_some()),
            TypeKind::Tagged(tagged) => tagged.variants.iter().any(|v| v.from),
            _ => false,
        })
        .map(|t| t.name.clone())
        .collect();
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            for field in &mut s.fields {
                field.into = matches!(&field.ty, TypeRef::Named(name) if converts.contains(name));
            }
        }
    }
}

/// A path parameter whose type is an alias of `String` (Nexus's `Name`) is `String`, so
/// the method borrows it as `&str` and takes `"p1"` as it takes a `String` parameter's
/// value; the alias stays the name of the type where values are kept.
pub(super) fn text_path_params(types: &[TypeDef], operations: &mut [Operation]) {
    let aliases = aliases(types);
    let params = operations
        .iter_mut()
        .flat_map(|op| op.path_params.iter_mut());
    for param in params.filter(|p| p.location == ParamLocation::Path) {
        if matches!(param.ty, TypeRef::Named(_))
            && rust_type(&param.ty, &aliases, 0) == TypeRef::String
        {
            param.ty = TypeRef::String;
        }
    }
}

/// Each alias's target, by the alias's name.
fn aliases(types: &[TypeDef]) -> BTreeMap<String, TypeRef> {
    types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(target) => Some((t.name.clone(), target.clone())),
            _ => None,
        })
        .collect()
}

/// For each type in order, whether it occurs once and is not the union `own` itself.
fn single(types: impl Iterator<Item = TypeRef>, own: &TypeRef) -> Vec<bool> {
    let types: Vec<TypeRef> = types.collect();
    let mut counts: BTreeMap<&TypeRef, usize> = BTreeMap::new();
    for ty in &types {
        *counts.entry(ty).or_insert(0) += 1;
    }
    types
        .iter()
        .map(|ty| counts.get(ty) == Some(&1) && ty != own)
        .collect()
}

/// The Rust type `ty` names, aliases followed (`Labels` and `Vec<String>` are one type to
/// coherence).
fn rust_type(ty: &TypeRef, aliases: &BTreeMap<String, TypeRef>, depth: usize) -> TypeRef {
    let inner = |t: &TypeRef| Box::new(rust_type(t, aliases, depth + 1));
    match ty {
        TypeRef::Named(name) if depth < 16 => match aliases.get(name) {
            Some(target) => rust_type(target, aliases, depth + 1),
            None => ty.clone(),
        },
        TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
        TypeRef::Tuple(elements) => TypeRef::Tuple(
            elements
                .iter()
                .map(|e| rust_type(e, aliases, depth + 1))
                .collect(),
        ),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(inner(t)),
        TypeRef::Secret(t) => TypeRef::Secret(inner(t)),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::{TextMember, TypeKind, TypeRef};

    #[test]
    fn each_member_type_converts_once_and_text_into_the_one_string_member() {
        let (api, _) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Model:
      anyOf:
        - type: string
        - type: string
          enum: [gpt-4o, gpt-4o-mini]
    Input:
      oneOf:
        - type: array
          items: {type: string}
        - type: array
          items: {type: string}
          minItems: 2
        - type: integer
        - $ref: "#/components/schemas/Mode"
    Mode:
      type: string
      enum: [auto, none]
"##,
        );
        let marks = |name: &str| match kind(&api, name) {
            TypeKind::Untagged(vs) => vs
                .iter()
                .map(|v| (v.name.clone(), v.from, v.from_str.is_some()))
                .collect::<Vec<_>>(),
            other => panic!("not untagged: {other:?}"),
        };
        // A string beside a string enum: both convert from their own type and take text.
        assert!(marks("Model").iter().all(|(_, from, text)| *from && *text));
        // The list type twice: neither converts; the string enum takes text.
        let input = marks("Input");
        let lists: Vec<_> = input
            .iter()
            .filter(|(n, _, _)| n.contains("List"))
            .collect();
        assert_eq!(lists.len(), 2, "{input:?}");
        assert!(lists.iter().all(|(_, from, _)| !from), "{input:?}");
        assert!(
            input.contains(&("Mode".to_owned(), true, true)),
            "{input:?}"
        );
    }

    #[test]
    fn an_alias_of_string_is_the_string_member() {
        // Nexus's `NameOrId`: a UUID or a `Name`, which is a `String` with a pattern.
        let (api, _) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Name:
      type: string
      pattern: "^[a-z]+$"
    NameOrId:
      oneOf:
        - type: string
          format: uuid
        - $ref: "#/components/schemas/Name"
    NameOrMode:
      oneOf:
        - $ref: "#/components/schemas/Name"
        - $ref: "#/components/schemas/Mode"
    Mode:
      type: string
      enum: [auto, none]
"##,
        );
        let roles = |name: &str| match kind(&api, name) {
            TypeKind::Untagged(vs) => vs
                .iter()
                .map(|v| (v.name.clone(), v.from_str))
                .collect::<Vec<_>>(),
            other => panic!("not untagged: {other:?}"),
        };
        assert_eq!(
            roles("NameOrId"),
            [
                ("Uuid".to_owned(), None),
                ("Name".to_owned(), Some(TextMember::String))
            ]
        );
        let mut both = roles("NameOrMode");
        both.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            both,
            [
                ("Mode".to_owned(), Some(TextMember::Enum)),
                ("Name".to_owned(), Some(TextMember::String))
            ]
        );
    }

    #[test]
    fn a_path_parameter_of_an_alias_of_string_is_text() {
        let (api, _) = lower_yaml(
            r##"
paths:
  /orgs/{org}/keys/{key}:
    get:
      operationId: get_key
      parameters:
        - {name: org, in: path, required: true, schema: {$ref: "#/components/schemas/Name"}}
        - {name: key, in: path, required: true, schema: {$ref: "#/components/schemas/KeyId"}}
      responses:
        "204": {description: gone}
components:
  schemas:
    Name:
      type: string
      pattern: "^[a-z]+$"
    KeyId:
      type: integer
"##,
        );
        let types: Vec<(&str, &TypeRef)> = api.operations[0]
            .path_params
            .iter()
            .map(|p| (p.name.wire.as_str(), &p.ty))
            .collect();
        assert_eq!(types[0], ("org", &TypeRef::String));
        // Not text: kept as named.
        assert!(
            matches!(types[1], ("key", TypeRef::Named(_) | TypeRef::Integer(_))),
            "{types:?}"
        );
    }
}
