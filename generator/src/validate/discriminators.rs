//! Discriminators: every value of a `mapping` must name a component schema (by name or by
//! `$ref`) or be a local JSON pointer that leads to a schema (valid OpenAPI, seen in
//! PagerDuty's API; it names no variant, so lowering matches it only against a member's
//! own `$ref`), and every variant (the members of `oneOf`/`anyOf` and the mapping's targets)
//! should declare the discriminator property, directly or through `allOf` (a warning:
//! lowering falls back to an untagged union).
//!
//! Runs after the walk, on the schemas it noted. It judges the discriminator only, never
//! how the union is lowered.

use std::collections::HashSet;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::diag::words::closest;
use crate::refs::{self, Section, Target};

use super::Walker;

impl<'a> Walker<'a, '_> {
    pub(super) fn discriminators(&mut self) {
        let discriminators = std::mem::take(&mut self.discriminators);
        for (path, schema) in discriminators {
            let Some(discriminator) = &schema.schema_data.discriminator else {
                continue;
            };
            let property = discriminator.property_name.as_str();
            let at = path.push("discriminator");
            let mut variants: Vec<String> = Vec::new();
            let members: &[ReferenceOr<Schema>] = match &schema.schema_kind {
                SchemaKind::OneOf { one_of } => one_of,
                SchemaKind::AnyOf { any_of } => any_of,
                SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
                SchemaKind::Any(any) => &any.any_of,
                _ => &[],
            };
            for member in members {
                if let ReferenceOr::Reference { reference } = member {
                    if let Some(name) = refs::component_name(reference, Section::Schemas) {
                        variants.push(name);
                    }
                }
            }
            for (value, target) in &discriminator.mapping {
                let entry = at.push("mapping").push(value);
                let pointer = matches!(refs::parse(target), Target::Pointer(_));
                let name = if target.contains('#') {
                    // A pointer is checked to lead to a schema, and names no variant.
                    self.check_ref_at(target, Section::Schemas, Some(entry))
                } else if !pointer
                    && self
                        .components()
                        .is_some_and(|c| c.schemas.contains_key(target))
                {
                    Some(target.clone())
                } else {
                    let names = self
                        .components()
                        .map(|c| Section::Schemas.names(c))
                        .unwrap_or_default();
                    let help = match closest(target, &names) {
                        Some(near) => format!("did you mean `{near}`?"),
                        None => "map to the name of a schema under `components.schemas`, or to a `#/components/schemas/...` reference".to_string(),
                    };
                    self.diags
                        .error(
                            &entry,
                            format!(
                                "the discriminator maps `{value}` to `{target}`, which is not a schema under `components.schemas`"
                            ),
                        )
                        .help(help);
                    None
                };
                if let Some(name) = name {
                    if !variants.contains(&name) {
                        variants.push(name);
                    }
                }
            }
            for variant in variants {
                let Some(schema) = self.components().and_then(|c| c.schemas.get(&variant)) else {
                    continue;
                };
                let mut seen = HashSet::new();
                if !self.declares(schema, property, &mut seen) {
                    self.diags
                        .warning(
                            &at,
                            format!(
                                "the variant `{variant}` does not declare the discriminator property `{property}`"
                            ),
                        )
                        .help(format!(
                            "add `{property}` to the properties of `{variant}` (and to its `required` list)"
                        ));
                }
            }
        }
    }

    /// Whether `schema` declares `property`, directly or through `allOf`.
    fn declares(
        &self,
        schema: &'a ReferenceOr<Schema>,
        property: &str,
        seen: &mut HashSet<&'a str>,
    ) -> bool {
        let schema = match schema {
            ReferenceOr::Item(schema) => schema,
            ReferenceOr::Reference { reference } => {
                let Some(name) = refs::component_name(reference, Section::Schemas) else {
                    return true;
                };
                let Some((key, target)) = self
                    .components()
                    .and_then(|c| c.schemas.get_key_value(&name))
                else {
                    // Reported as a missing target already.
                    return true;
                };
                if !seen.insert(key.as_str()) {
                    return false;
                }
                return self.declares(target, property, seen);
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => object.properties.contains_key(property),
            SchemaKind::AllOf { all_of } => all_of.iter().any(|m| self.declares(m, property, seen)),
            SchemaKind::Any(any) => {
                any.properties.contains_key(property)
                    || any.all_of.iter().any(|m| self.declares(m, property, seen))
            }
            // Alternatives and scalars: too loose to judge.
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::check;

    #[test]
    fn mappings_and_variants() {
        let doc = "\
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: '#/components/schemas/Cat'
        - $ref: '#/components/schemas/Dog'
      discriminator:
        propertyName: kind
        mapping:
          cat: '#/components/schemas/Cat'
          dog: Dgo
          cow: '#/components/schemas/Dog/allOf/0'
          bat: '#/components/schemas/Dog/allOf/7'
    Cat:
      type: object
      properties:
        kind: {type: string}
    Dog:
      allOf:
        - type: object
          properties:
            name: {type: string}
";
        assert_eq!(
            check(doc),
            [
                "components.schemas.Pet.discriminator.mapping.dog: the discriminator maps `dog` to `Dgo`, which is not a schema under `components.schemas`",
                "components.schemas.Pet.discriminator.mapping.bat: `$ref` target `#/components/schemas/Dog/allOf/7` does not exist",
                "components.schemas.Pet.discriminator: the variant `Dog` does not declare the discriminator property `kind`",
            ]
        );
    }
}
