//! Fields that can hold one value only: a required field whose type is an enum of one
//! value (a constant tag, `type: {type: string, enum: [allowed_tools]}`). Their
//! [`Field::constant`](crate::ir::Field::constant) names that value's variant, so the
//! struct's `new` fills it in and the caller never passes a value that can only be one
//! thing. Decided once every type is lowered and presence is final.

use std::collections::BTreeMap;

use crate::ir::{Presence, TypeDef, TypeKind, TypeRef};

/// Marks each required field whose type allows exactly one value with that value's
/// variant.
pub(super) fn mark_constants(types: &mut [TypeDef]) {
    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    // An alias of a one-value enum (a shared inline shape) is that enum.
    let single: BTreeMap<String, String> = types
        .iter()
        .filter_map(|t| Some((t.name.clone(), only_variant(aliased(&t.kind, &kinds))?)))
        .collect();
    for def in types {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for field in &mut s.fields {
            if field.presence != Presence::Required {
                continue;
            }
            if let TypeRef::Named(name) = &field.ty {
                field.constant = single.get(name).cloned();
            }
        }
    }
}

/// The kind an alias (of an alias...) of a named type stands for; any other kind itself.
pub(super) fn aliased<'k>(
    kind: &'k TypeKind,
    kinds: &BTreeMap<&str, &'k TypeKind>,
) -> &'k TypeKind {
    let mut kind = kind;
    for _ in 0..16 {
        match kind {
            TypeKind::Alias(TypeRef::Named(target)) => match kinds.get(target.as_str()) {
                Some(next) => kind = next,
                None => break,
            },
            _ => break,
        }
    }
    kind
}

/// The variant of an enum's one value, when it has exactly one.
fn only_variant(kind: &TypeKind) -> Option<String> {
    match kind {
        TypeKind::StringEnum(values) => match values.as_slice() {
            [only] => Some(only.name.rust.clone()),
            _ => None,
        },
        TypeKind::IntegerEnum(values) => match values.as_slice() {
            [only] => Some(only.name.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::TypeKind;

    #[test]
    fn a_required_field_of_one_value_is_a_constant() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Tool:
      type: object
      required: [type, mode, name]
      properties:
        type: {type: string, enum: [allowed_tools]}
        mode: {type: string, enum: [auto, required]}
        name: {type: string}
        kind: {type: string, enum: [only]}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let TypeKind::Struct(tool) = kind(&api, "Tool") else {
            panic!("Tool is not a struct");
        };
        let constants: Vec<(&str, Option<&str>)> = tool
            .fields
            .iter()
            .map(|f| (f.name.wire.as_str(), f.constant.as_deref()))
            .collect();
        // Optional (`kind`) and many-valued (`mode`) fields are the caller's.
        assert_eq!(
            constants,
            [
                ("kind", None),
                ("mode", None),
                ("name", None),
                ("type", Some("AllowedTools"))
            ]
        );
    }
}
