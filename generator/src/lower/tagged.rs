//! A union with a discriminator: an internally tagged enum ([`Lowerer::tagged`]), its
//! variants named by their tag values (cased as the schemas they select spell them) and
//! their tags taken from the mapping, else from the values each member allows.

use openapiv3::{Discriminator, ReferenceOr, Schema};

use super::all_of::collect_object;
use super::facts::{says_nothing, string_enum_values};
use super::{pascal, Lowerer};
use crate::diag::DocPath;
use crate::ir::{self, TypeRef};
use crate::naming::{self, reserved, Namespace};
use crate::refs::{self, Section};

impl Lowerer<'_> {
    /// The values component `key` allows for its property `tag` (`enum: [x, y]`, or
    /// `const: x` in 3.1), when it lists them: without a `mapping`, its tag values. The
    /// specification's default, the schema name, is no value such a member's own schema
    /// accepts (OpenAI's `ComparisonFilter`, tagged `eq`, `ne`, ... beside
    /// `CompoundFilter`, tagged `and` or `or`).
    pub(super) fn allowed_tags(&self, key: &str, tag: &str) -> Option<Vec<String>> {
        let schema = self.refs.resolve(self.refs.entry::<Schema>(key)?)?;
        let object = collect_object(self, schema, 0)?;
        let property = self.refs.resolve_boxed(object.properties.get(tag)?)?;
        string_enum_values(property)
    }

    /// The tagged enum of a union with a discriminator; `None` (with a warning) when a
    /// member cannot carry the tag, and the union is decoded untagged.
    pub(super) fn tagged(
        &mut self,
        disc: &Discriminator,
        members: &[(usize, &ReferenceOr<Schema>)],
        path: &DocPath,
    ) -> Option<ir::Tagged> {
        let tag = disc.property_name.clone();
        let mut keys = Vec::new();
        for (i, member) in members {
            let ReferenceOr::Reference { reference } = member else {
                self.diags
                    .warning(
                        &path.push(i),
                        "a discriminated union needs `$ref` members; this union is decoded untagged",
                    )
                    .help("move the inline schema to `components.schemas` and reference it");
                return None;
            };
            let Some(key) = refs::component_name(reference, Section::Schemas) else {
                self.diags
                    .warning(
                        &path.push(i),
                        "a member of a discriminated union is not a component schema, so the discriminator cannot name it; it is ignored",
                    )
                    .help("move the member to `components.schemas` and refer to it as `#/components/schemas/<name>`");
                return None;
            };
            let target = self.refs.resolve(member);
            let is_object = target.and_then(|s| collect_object(self, s, 0)).is_some();
            let is_empty = target.is_some_and(says_nothing);
            if is_empty {
                self.diags.warning(
                    &path.push(i),
                    "this member of a discriminated union says nothing about its shape; its variant holds any JSON object",
                );
            } else if !is_object {
                self.diags
                    .warning(
                        &path.push(i),
                        "a member of a discriminated union is not an object, so it cannot carry the tag; this union is decoded untagged",
                    );
                return None;
            }
            keys.push((i, reference, key, is_empty));
        }
        let mut variants = Vec::new();
        let mut variant_names = Namespace::with_reserved(&[reserved::OTHER_VARIANT]);
        for (i, reference, key, is_empty) in keys {
            let values: Vec<&String> = disc
                .mapping
                .iter()
                .filter(|(_, target)| target.as_str() == reference.as_str() || **target == key)
                .map(|(value, _)| value)
                .collect();
            let values: Vec<String> = if !values.is_empty() {
                values.into_iter().cloned().collect()
            } else if let Some(allowed) = self.allowed_tags(&key, &tag) {
                // No mapping, but the member lists the values of the tag it allows: those
                // are its tags.
                allowed
            } else {
                self.diags
                    .warning(
                        &path.push(i),
                        format!("the discriminator has no `mapping` for this member and the member does not list the values of `{tag}` it allows; its tag is assumed to be the schema name `{key}`, as the specification says"),
                    )
                    .help(format!("add `mapping` to the discriminator, or `enum: [<value>]` to the member's `{tag}`"));
                vec![key.clone()]
            };
            let ty = if is_empty {
                TypeRef::JsonObject
            } else {
                self.variant_struct(&key, &tag, &path.push(i))
            };
            let single = values.len() == 1;
            for value in values {
                // A tag that is a URL (`https://.../problems/conflict`) names the variant
                // badly; the schema it selects names it well.
                let wanted = if single && (value.contains("://") || value.len() > 40) {
                    pascal(&key)
                } else {
                    cased_by_schema(&naming::variant_name(&value), &pascal(&key))
                };
                let name = variant_names.claim(&wanted);
                variants.push(ir::TaggedVariant {
                    name: ir::Name::new(name, value),
                    ty: ty.clone(),
                    docs: None,
                    from: false,
                });
            }
        }
        variants.sort_by(|a, b| a.name.wire.cmp(&b.name.wire));
        // Members that pin the same value cannot be told apart by the tag.
        if let Some(pair) = variants
            .windows(2)
            .find(|w| w[0].name.wire == w[1].name.wire)
        {
            self.diags
                .warning(
                    path,
                    format!(
                        "two members of this discriminated union pin `{tag}` to the same value `{}` (`{}` and `{}`); it is decoded untagged",
                        pair[0].name.wire, pair[0].name.rust, pair[1].name.rust
                    ),
                )
                .help("give the discriminator a `mapping`, or give each member a value of its own");
            return None;
        }
        Some(ir::Tagged { tag, variants })
    }
}

/// `name` (a tag value in Pascal case) cased as the words of the schema it selects spell
/// it: `Serviceaccount` is `ServiceAccount` when the schema is
/// `ServiceAccountCredentialRequest`. Only the case changes, and only when a run of the
/// schema name's words spells exactly the same letters.
fn cased_by_schema(name: &str, schema: &str) -> String {
    let starts: Vec<usize> = schema
        .char_indices()
        .filter(|&(i, c)| i == 0 || c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .chain([schema.len()])
        .collect();
    for (a, &start) in starts.iter().enumerate() {
        for &end in &starts[a + 1..] {
            let run = &schema[start..end];
            if run.len() > name.len() {
                break;
            }
            if run.len() == name.len() && run.eq_ignore_ascii_case(name) {
                return run.to_string();
            }
        }
    }
    name.to_string()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use super::*;
    use crate::ir::TypeKind;

    #[test]
    fn tag_values_take_the_case_of_the_schema_they_select() {
        let schema = "ServiceAccountCredentialRequest";
        assert_eq!(cased_by_schema("Serviceaccount", schema), "ServiceAccount");
        assert_eq!(
            cased_by_schema("Adminconsent", "AdminConsentCredentialRequest"),
            "AdminConsent"
        );
        assert_eq!(cased_by_schema("Credential", schema), "Credential");
        assert_eq!(
            cased_by_schema("Accountcredential", schema),
            "AccountCredential"
        );
        // Letters the schema name does not spell stay as they are.
        assert_eq!(
            cased_by_schema("Serviceaccounts", schema),
            "Serviceaccounts"
        );
        assert_eq!(cased_by_schema("Dog", "Cat"), "Dog");
    }

    #[test]
    fn without_a_mapping_the_values_a_member_allows_are_its_tags() {
        let spec = |dog_kind: &str| {
            format!(
                r##"
paths: {{}}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
        - $ref: "#/components/schemas/Dog"
      discriminator: {{propertyName: kind}}
    Cat:
      type: object
      required: [kind]
      properties: {{kind: {{type: string, enum: [cat]}}, meow: {{type: boolean}}}}
    Dog:
      type: object
      required: [kind]
      properties: {{kind: {dog_kind}, bark: {{type: boolean}}}}
"##
            )
        };
        let tags = |api: &ir::Api| match kind(api, "Pet") {
            TypeKind::Tagged(t) => t
                .variants
                .iter()
                .map(|v| v.name.wire.clone())
                .collect::<Vec<_>>(),
            other => panic!("not tagged: {other:?}"),
        };
        let (api, warnings) = lower_yaml(&spec("{type: string, enum: [dog]}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(tags(&api), ["cat", "dog"]);
        // A member that allows several values has each as a tag (not its schema name,
        // which its own schema refuses).
        let (api, warnings) = lower_yaml(&spec("{type: string, enum: [dog, puppy]}"));
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(tags(&api), ["cat", "dog", "puppy"]);
        // A member that does not pin its tag keeps the schema name, and the assumption is
        // said.
        let (api, warnings) = lower_yaml(&spec("{type: string}"));
        assert_eq!(tags(&api), ["Dog", "cat"]);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].contains("assumed to be the schema name `Dog`"));
    }
}
