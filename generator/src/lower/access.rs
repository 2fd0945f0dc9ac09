//! `readOnly` and `writeOnly` fields, decided by where their types are used.
//!
//! One Rust type serves both directions of a schema. A `readOnly` field is never sent
//! (the runtime's `object!` leaves it out of what the request path serializes, inside
//! `runtime::ser::sending`; any other `Serialize` keeps it, so a decoded response encodes
//! back to what was received), and a `writeOnly` one is never received; on the
//! side where a field is absent, listing it in `required` cannot hold. So, once every type
//! is lowered, the types reachable from requests (bodies and parameters) and from
//! responses are found, and:
//! - a `readOnly` field of a type that a request uses is optional (a request need not
//!   invent it, and it is not sent anyway);
//! - a `writeOnly` field of a type that a response uses is optional (a response that
//!   leaves it out decodes).
//!
//! A type used on one side only keeps `required` as the spec says for that side; a type
//! no operation uses (a component only) is taken as used on both.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Operation, Presence, TypeDef, TypeKind, TypeRef};

/// Relaxes the presence of read-only and write-only fields per the use of their types.
pub(super) fn relax(types: &mut [TypeDef], operations: &[Operation]) {
    let kinds: BTreeMap<&str, &TypeKind> =
        types.iter().map(|t| (t.name.as_str(), &t.kind)).collect();
    let mut requests = BTreeSet::new();
    let mut responses = BTreeSet::new();
    for op in operations {
        for param in op.path_params.iter().chain(&op.params) {
            reach(&param.ty, &kinds, &mut requests);
        }
        for media in op.body.iter().flat_map(|body| body.content.media()) {
            reach(&media.ty, &kinds, &mut requests);
        }
        for case in &op.responses {
            reach(&case.ty, &kinds, &mut responses);
        }
    }
    let requests: BTreeSet<String> = requests.into_iter().map(str::to_string).collect();
    let responses: BTreeSet<String> = responses.into_iter().map(str::to_string).collect();
    for def in types {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        let unused = !requests.contains(&def.name) && !responses.contains(&def.name);
        let sent = unused || requests.contains(&def.name);
        let received = unused || responses.contains(&def.name);
        for field in &mut s.fields {
            if (field.read_only && sent) || (field.write_only && received) {
                field.presence = Presence::new(false, field.presence.is_nullable());
            }
        }
    }
}

/// Every type name `ty` reaches, through fields, variants, aliases and containers.
pub(super) fn reach<'t>(
    ty: &'t TypeRef,
    kinds: &BTreeMap<&'t str, &'t TypeKind>,
    out: &mut BTreeSet<&'t str>,
) {
    match ty {
        TypeRef::Named(name) => {
            let Some((&name, kind)) = kinds.get_key_value(name.as_str()) else {
                return;
            };
            if !out.insert(name) {
                return;
            }
            match kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        reach(&field.ty, kinds, out);
                    }
                    if let Some(additional) = &s.additional {
                        reach(additional, kinds, out);
                    }
                }
                TypeKind::Tagged(t) => {
                    for variant in &t.variants {
                        reach(&variant.ty, kinds, out);
                    }
                }
                TypeKind::Untagged(variants) => {
                    for variant in variants {
                        reach(&variant.ty, kinds, out);
                    }
                }
                TypeKind::Alias(ty) => reach(ty, kinds, out),
                TypeKind::Newtype(n) => reach(&n.ty, kinds, out),
                TypeKind::StringEnum(_) | TypeKind::IntegerEnum(_) => {}
            }
        }
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::Secret(inner) => reach(inner, kinds, out),
        TypeRef::Tuple(elements) => {
            for element in elements {
                reach(element, kinds, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::{Presence, TypeKind};

    fn presence(api: &crate::ir::Api, ty: &str, field: &str) -> Presence {
        match kind(api, ty) {
            TypeKind::Struct(s) => {
                s.fields
                    .iter()
                    .find(|f| f.name.wire == field)
                    .unwrap()
                    .presence
            }
            other => panic!("not a struct: {other:?}"),
        }
    }

    #[test]
    fn each_side_keeps_required_where_the_field_travels() {
        let (api, warnings) = lower_yaml(
            r##"
paths:
  /users:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/NewUser"}
      responses:
        "201":
          description: created
          content:
            application/json:
              schema: {$ref: "#/components/schemas/User"}
  /both:
    put:
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Both"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Both"}
components:
  schemas:
    NewUser:
      type: object
      required: [password, name]
      properties:
        name: {type: string}
        password: {type: string, writeOnly: true}
    User:
      type: object
      required: [id, name]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
    Both:
      type: object
      required: [id, password, name]
      properties:
        id: {type: string, readOnly: true}
        password: {type: string, writeOnly: true}
        name: {type: string}
    Unused:
      type: object
      required: [id]
      properties:
        id: {type: string, readOnly: true, nullable: true}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        // Only sent: a write-only field stays required.
        assert_eq!(presence(&api, "NewUser", "password"), Presence::Required);
        // Only received: a read-only field stays required.
        assert_eq!(presence(&api, "User", "id"), Presence::Required);
        // Both ways: neither side can require them.
        assert_eq!(presence(&api, "Both", "id"), Presence::Optional);
        assert_eq!(presence(&api, "Both", "password"), Presence::Optional);
        assert_eq!(presence(&api, "Both", "name"), Presence::Required);
        assert_eq!(presence(&api, "Unused", "id"), Presence::OptionalNullable);
    }
}
