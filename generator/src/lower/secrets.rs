//! Secrets beyond one field's type: the unnamed properties of an object that has secret
//! fields are secrets too, and the JSON keys whose values are secrets are listed for the
//! runtime, which masks them in the body snippets of errors and `Debug` output.
//!
//! A pass over the finished types, after every other decision: it never renames, adds or
//! removes a type or a field, it only wraps additional properties in `Secret`.

use std::collections::{BTreeSet, HashMap};

use crate::ir::{Struct, TypeDef, TypeKind, TypeRef};

/// Makes the additional properties of every struct with a secret field secrets: such an
/// object (Nylas's `credential_data`) is a bag of credentials, and the keys the spec does
/// not name (a `refresh_token`) are as secret as the ones it does.
pub(super) fn mark_secret_extras(types: &mut [TypeDef]) {
    let kinds = by_name(types);
    let bearing: BTreeSet<String> = types
        .iter()
        .filter(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| is_secret(&f.ty, &kinds)),
            _ => false,
        })
        .map(|def| def.name.clone())
        .collect();
    for def in types.iter_mut() {
        if let TypeKind::Struct(s) = &mut def.kind {
            if bearing.contains(&def.name) {
                if let Some(extra) = s.additional.take() {
                    s.additional = Some(match extra {
                        TypeRef::Secret(_) => extra,
                        other => TypeRef::Secret(Box::new(other)),
                    });
                }
            }
        }
    }
}

/// The JSON keys whose values are secrets, sorted and unique: the wire names of fields
/// whose type holds a `Secret`, and of fields holding an object whose additional
/// properties are secrets (its whole value is masked, since the secret keys in it are
/// not known).
pub(super) fn secret_keys(types: &[TypeDef]) -> Vec<String> {
    let kinds = by_name(types);
    let mut keys = BTreeSet::new();
    for def in types {
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                if is_secret(&field.ty, &kinds) || holds_secret_extras(&field.ty, &kinds) {
                    keys.insert(field.name.wire.clone());
                }
            }
        }
    }
    keys.into_iter().collect()
}

/// Every type's kind by name, looked up per field (a scan of the list for each field
/// made large specs quadratic).
fn by_name(types: &[TypeDef]) -> HashMap<&str, &TypeKind> {
    types
        .iter()
        .map(|def| (def.name.as_str(), &def.kind))
        .collect()
}

/// Whether values of `ty` are, or contain (in a list, map or option), a `Secret`,
/// following aliases and newtypes (but not into structs or unions).
fn is_secret(ty: &TypeRef, types: &HashMap<&str, &TypeKind>) -> bool {
    let mut seen = BTreeSet::new();
    let mut ty = ty;
    loop {
        match ty {
            TypeRef::Secret(_) => return true,
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => ty = inner,
            TypeRef::Named(name) => {
                if !seen.insert(name.as_str()) {
                    return false;
                }
                match types.get(name.as_str()) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    Some(TypeKind::Newtype(newtype)) => ty = &newtype.ty,
                    _ => return false,
                }
            }
            _ => return false,
        }
    }
}

/// Whether `ty` names (through a list, map or option) a struct whose additional
/// properties are secrets.
fn holds_secret_extras(ty: &TypeRef, types: &HashMap<&str, &TypeKind>) -> bool {
    match ty {
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            holds_secret_extras(inner, types)
        }
        TypeRef::Named(name) => matches!(
            types.get(name.as_str()),
            Some(TypeKind::Struct(Struct {
                additional: Some(TypeRef::Secret(_)),
                ..
            }))
        ),
        _ => false,
    }
}
