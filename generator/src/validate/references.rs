//! `$ref`s in the walk: each must be local, of the form `#/components/<section>/<name>`,
//! into the section the place expects, and name an entry that exists.
//!
//! References are parsed by [`crate::refs`], the one parser lowering uses too, so the two
//! cannot disagree on what a reference means; this module only decides which references
//! are errors and says why. It must never resolve a reference in its own way.

use crate::diag::words::{closest, short, with_article};
use crate::diag::DocPath;
use crate::refs::{self, Section, Target};

use super::Walker;

impl<'a> Walker<'a, '_> {
    /// Checks a `$ref` at the current path that must name an entry of `section`.
    /// Returns the entry's name when it exists.
    pub(super) fn check_ref(&mut self, reference: &str, section: Section) -> Option<String> {
        self.check_ref_at(reference, section, None)
    }

    /// [`Self::check_ref`] for a `$ref` at `path` (the current path when `None`).
    pub(super) fn check_ref_at(
        &mut self,
        reference: &str,
        section: Section,
        path: Option<DocPath>,
    ) -> Option<String> {
        let at = |walker: &Self| path.clone().unwrap_or_else(|| walker.here());
        let shown = short(reference);
        let (section_key, name) = match refs::parse(reference) {
            Target::External => {
                let path = at(self);
                self.external_ref(reference, &path);
                return None;
            }
            Target::Pointer(_) => {
                let path = at(self);
                self.diags
                    .error(&path, format!("unsupported reference `{shown}`"))
                    .help(format!(
                        "only references to `#/components/{}/<name>` are supported here; \
                         move the target under `components.{}` and refer to it there",
                        section.key(),
                        section.key()
                    ));
                return None;
            }
            Target::Component { section, name } => (section, name),
        };
        let named = Section::from_key(&section_key);
        if named != Some(section) {
            let message = match named {
                Some(other) => format!(
                    "`{shown}` refers to {}, but {} is expected here",
                    with_article(other.noun()),
                    with_article(section.noun())
                ),
                None => format!(
                    "`{shown}` does not refer into a section of `components`: \
                     `{}` is not one",
                    short(&section_key)
                ),
            };
            let path = at(self);
            self.diags.error(&path, message).help(format!(
                "refer to an entry of `components.{}`",
                section.key()
            ));
            return None;
        }
        if self
            .components()
            .is_some_and(|c| section.contains(c, &name))
        {
            return Some(name);
        }
        let names = self
            .components()
            .map(|c| section.names(c))
            .unwrap_or_default();
        let path = at(self);
        let help = match closest(&name, &names) {
            Some(near) => format!("did you mean `#/components/{}/{near}`?", section.key()),
            None => format!(
                "define `{name}` under `components.{}`, or fix the reference",
                section.key()
            ),
        };
        self.diags
            .error(&path, format!("`$ref` target `{shown}` does not exist"))
            .help(help);
        None
    }

    /// Reports a `$ref` that does not start with `#`.
    pub(super) fn external_ref(&mut self, reference: &str, path: &DocPath) {
        let shown = short(reference);
        let file = [".yaml", ".yml", ".json"]
            .iter()
            .any(|ext| reference.to_ascii_lowercase().ends_with(ext));
        if reference.contains('#') || file {
            self.diags
                .error(
                    path,
                    format!("external references are not supported: `{shown}`"),
                )
                .help(
                    "bundle the document into one file first (for example with `redocly bundle`)",
                );
        } else {
            let local = reference.trim_start_matches(['.', '/']);
            self.diags
                .error(path, format!("`{shown}` is not a local reference"))
                .help(format!(
                    "local references start with `#/`, for example `#/{}`; a reference to \
                     another file must be bundled first (for example with `redocly bundle`)",
                    short(local)
                ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::check;

    #[test]
    fn references() {
        let doc = "\
paths:
  /a:
    get:
      parameters:
        - $ref: '#/components/schemas/Pet'
        - $ref: 'common.yaml#/components/parameters/Q'
      responses:
        '200':
          $ref: '#/components/responses/Gone'
        default:
          description: d
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: '#/components/schemas/pet'}
                  b: {$ref: '#/definitions/Pet'}
                  c: {$ref: 'components/schemas/Pet'}
components:
  schemas:
    Pet: {type: string}
";
        assert_eq!(
            check(doc),
            [
                "paths./a.get.parameters.0: `#/components/schemas/Pet` refers to a schema, but a parameter is expected here",
                "paths./a.get.parameters.1: external references are not supported: `common.yaml#/components/parameters/Q`",
                "paths./a.get.responses.default.content.application/json.schema.properties.a: `$ref` target `#/components/schemas/pet` does not exist",
                "paths./a.get.responses.default.content.application/json.schema.properties.b: unsupported reference `#/definitions/Pet`",
                "paths./a.get.responses.default.content.application/json.schema.properties.c: `components/schemas/Pet` is not a local reference",
                "paths./a.get.responses.200: `$ref` target `#/components/responses/Gone` does not exist",
            ]
        );
    }
}
