//! `$ref`s in the walk: each must be local and lead to a value of the kind the place
//! expects: an entry of the right section of `components` (`#/components/<section>/<name>`),
//! or, for any other local JSON pointer (`#/components/schemas/A/properties/b`,
//! `#/paths/~1things/get/responses/200`), a value of that kind where the pointer leads.
//!
//! References are parsed and followed by [`crate::refs`], the one resolver lowering uses
//! too, so the two cannot disagree on what a reference means; this module only decides
//! which references are errors and says why. It must never resolve a reference in its own
//! way.

use crate::diag::words::{self, closest, short, with_article};
use crate::diag::DocPath;
use crate::refs::{self, Missing, Node, Section, Target};

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
        let shown = words::reference(reference);
        let (section_key, name) = match refs::parse(reference) {
            Target::External => {
                let path = at(self);
                self.external_ref(reference, &path);
                return None;
            }
            Target::Pointer(segments) => {
                let path = at(self);
                self.check_pointer(reference, &segments, section, &path);
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

    /// Checks a local pointer that names no entry of `components`: it must lead to a value
    /// of the kind `section` holds.
    fn check_pointer(
        &mut self,
        reference: &str,
        segments: &[String],
        section: Section,
        path: &DocPath,
    ) {
        let shown = words::reference(reference);
        match self.resolver.locate(segments) {
            Ok(found) => match found.node {
                Node::Schema(schema) if section == Section::Schemas => {
                    self.note_pointer_schema(&found, schema);
                }
                node if node.section() == Some(section) => {}
                node => {
                    let expected = with_article(section.noun());
                    self.diags
                        .error(
                            path,
                            format!(
                                "`{shown}` refers to {}, but {expected} is expected here",
                                node.noun()
                            ),
                        )
                        .help(format!(
                            "point at {expected}, or refer to an entry of `components.{}`",
                            section.key()
                        ));
                }
            },
            Err(missing) => {
                let help = missing_help(segments, &missing);
                self.diags
                    .error(path, format!("`$ref` target `{shown}` does not exist"))
                    .help(help);
            }
        }
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
                    format!("`{shown}` refers to another file from a place where other files are not read"),
                )
                .help(
                    "refer to the other file from a schema, parameter, response, request body, header, example, link, callback or path item",
                );
        } else {
            let local = reference.trim_start_matches(['.', '/']);
            self.diags
                .error(path, format!("`{shown}` is not a local reference"))
                .help(format!(
                    "local references start with `#/`, for example `#/{}`; a reference to \
                     another file names it with its extension (`common.yaml#/...`)",
                    short(local)
                ));
        }
    }
}

/// What a pointer that leads nowhere should say: where it stops leading somewhere, and the
/// closest key there.
fn missing_help(segments: &[String], missing: &Missing) -> String {
    let reached = segments.get(..missing.found).unwrap_or_default();
    let shown = words::reference(&refs::pointer(reached));
    if let Some(through) = &missing.through {
        return format!(
            "`{shown}` is a `$ref` to `{}`, which leads to no value",
            words::reference(through)
        );
    }
    let segment = segments.get(missing.found).map_or("", String::as_str);
    let keys: Vec<&str> = missing.keys.iter().map(String::as_str).collect();
    if let Some(near) = closest(segment, &keys) {
        let mut fixed: Vec<&str> = reached.iter().map(String::as_str).collect();
        fixed.push(near);
        return format!(
            "did you mean `{}`?",
            words::reference(&refs::pointer(&fixed))
        );
    }
    if reached.is_empty() {
        return format!(
            "the document has no `{}`; local references point into `#/components/...` or \
             `#/paths/...`",
            short(segment)
        );
    }
    format!("`{shown}` has no `{}`", short(segment))
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
                "paths./a.get.parameters.1: `common.yaml#/components/parameters/Q` refers to another file from a place where other files are not read",
                "paths./a.get.responses.default.content.application/json.schema.properties.a: `$ref` target `#/components/schemas/pet` does not exist",
                "paths./a.get.responses.default.content.application/json.schema.properties.b: `$ref` target `#/definitions/Pet` does not exist",
                "paths./a.get.responses.default.content.application/json.schema.properties.c: `components/schemas/Pet` is not a local reference",
                "paths./a.get.responses.200: `$ref` target `#/components/responses/Gone` does not exist",
            ]
        );
    }

    #[test]
    fn pointers_lead_to_a_value_of_the_expected_kind() {
        let doc = "\
paths:
  /things:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing/properties/tags/items'}
    post:
      parameters:
        - $ref: '#/paths/~1things/get/parameters/0'
        - $ref: '#/paths/~1things/get/parameters/0/schema'
      requestBody:
        $ref: '#/paths/~1things/get/responses/200'
      responses:
        '200':
          $ref: '#/paths/~1things/get/responses/200'
        '201':
          $ref: '#/components/requestBodies/New'
        '202':
          $ref: '#/paths/~1things/get/responses/201'
components:
  requestBodies:
    New:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Thing/properties/tag'}
  schemas:
    Thing:
      type: object
      properties:
        tags: {type: array, items: {type: string}}
        name: {$ref: '#/components/schemas/Thing/properties/tgas/items'}
        size: {$ref: '#/components/schemas/Thing/properties/name/x'}
        all: {$ref: '#/components/schemas/Thing/properties'}
";
        assert_eq!(
            check(doc),
            [
                "paths./things.post.parameters.1: `#/paths/~1things/get/parameters/0/schema` refers to a schema, but a parameter is expected here",
                "paths./things.post.requestBody: `#/paths/~1things/get/responses/200` refers to a response, but a request body is expected here",
                "paths./things.post.responses.201: `#/components/requestBodies/New` refers to a request body, but a response is expected here",
                "paths./things.post.responses.202: `$ref` target `#/paths/~1things/get/responses/201` does not exist",
                "components.schemas.Thing.properties.name: `$ref` target `#/components/schemas/Thing/properties/tgas/items` does not exist",
                "components.schemas.Thing.properties.size: `$ref` target `#/components/schemas/Thing/properties/name/x` does not exist",
                "components.schemas.Thing.properties.all: `#/components/schemas/Thing/properties` refers to the `properties` of a schema, but a schema is expected here",
                "components.requestBodies.New.content.application/json.schema: `$ref` target `#/components/schemas/Thing/properties/tag` does not exist",
            ]
        );
    }

    #[test]
    fn a_missing_pointer_says_where_it_stops() {
        use crate::diag::Diagnostics;
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}
components:
  schemas:
    A:
      type: object
      properties:
        data: {type: object, properties: {attributes: {type: string}}}
        b: {$ref: '#/components/schemas/A/properties/data/properties/atributes'}
        c: {$ref: '#/components/schemas/A/properties/data/properties/zzz'}
        d: {$ref: '#/definitions/A'}
        e: {$ref: '#/components/schemas/Missing/properties/x'}
        f: {$ref: '#/components/schemas/A/properties/e/properties/x'}
";
        let api = serde_yaml::from_str(text).expect("a document");
        let mut diags = Diagnostics::default();
        crate::validate::validate(&api, &mut diags);
        let helps: Vec<String> = diags
            .items()
            .iter()
            .map(|d| d.help.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            helps,
            [
                "did you mean `#/components/schemas/A/properties/data/properties/attributes`?",
                "`#/components/schemas/A/properties/data/properties` has no `zzz`",
                "the document has no `definitions`; local references point into `#/components/...` or `#/paths/...`",
                "`#/components/schemas` has no `Missing`",
                "`#/components/schemas/A/properties/e` is a `$ref` to `#/components/schemas/Missing/properties/x`, which leads to no value",
            ]
        );
    }
}
