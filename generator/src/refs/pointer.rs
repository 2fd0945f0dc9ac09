//! Local JSON pointers followed through the document: the value a pointer leads to
//! ([`Resolver::locate`]), where a `$ref`'s chain ends ([`Resolver::follow`]), and every
//! `$ref` a document holds ([`Resolver::references`]).
//!
//! A pointer may pass through a `$ref` (`#/components/schemas/Alias/properties/a`, where
//! `Alias` is itself a `$ref`): the rest of the pointer goes on from what the reference
//! stands for, so the place found is always where the value is written, never where a
//! reference to it is. Each reference followed on the way counts against [`MAX_CHAIN`],
//! so a cycle ends instead of recursing forever.

use super::node::{child, children, Node, Step, Written};
use super::{component_name, parse, pointer, Component, Resolver, Section, Target, MAX_CHAIN};

/// A value a pointer leads to, and the way there: the steps from the root of the document
/// to where the value is written, through no `$ref`.
#[derive(Debug, Clone)]
pub struct Located<'a> {
    /// The value.
    pub node: Node<'a>,
    /// Each step from the root with the value it reaches; the last one reaches `node`.
    pub trail: Vec<(Step<'a>, Node<'a>)>,
}

impl<'a> Located<'a> {
    /// The segments of the pointer to this place, unescaped.
    pub fn segments(&self) -> Vec<String> {
        self.trail.iter().map(|(step, _)| step.segment()).collect()
    }

    /// The `$ref` string that points here.
    pub fn pointer(&self) -> String {
        pointer(&self.segments())
    }

    /// The entry of `components` this place is, when it is one.
    pub fn component(&self) -> Option<(Section, &'a str)> {
        match self.trail.as_slice() {
            [(Step::Components, _), (Step::Section(_), _), (Step::Entry(section, name), _)] => {
                Some((*section, name))
            }
            _ => None,
        }
    }
}

/// Why a pointer leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// How many of the pointer's segments lead somewhere.
    pub found: usize,
    /// The segments that could follow those: the parts of the value they lead to.
    pub keys: Vec<String>,
    /// The `$ref` those segments lead to, when it is what leads nowhere (its target is
    /// missing, external, or a chain that does not end).
    pub through: Option<String>,
}

impl<'a> Resolver<'a> {
    /// The value the pointer `segments` (after `#`, unescaped) leads to, following any
    /// `$ref` on the way. The value found may itself be a `$ref`.
    pub fn locate(&self, segments: &[String]) -> Result<Located<'a>, Missing> {
        self.locate_within(segments, &mut MAX_CHAIN.clone())
    }

    fn locate_within(
        &self,
        segments: &[String],
        budget: &mut usize,
    ) -> Result<Located<'a>, Missing> {
        let mut here = Located {
            node: Node::Document(self.api),
            trail: Vec::new(),
        };
        for (found, segment) in segments.iter().enumerate() {
            if let Some(reference) = here.node.reference() {
                here = self
                    .end_of_chain(reference, budget)
                    .ok_or_else(|| Missing {
                        found,
                        keys: Vec::new(),
                        through: Some(reference.to_string()),
                    })?;
            }
            match child(here.node, segment) {
                Some((step, node)) => {
                    here.trail.push((step, node));
                    here.node = node;
                }
                None => {
                    let mut parts = Vec::new();
                    children(here.node, &mut parts);
                    return Err(Missing {
                        found,
                        keys: parts.iter().map(|(step, _)| step.segment()).collect(),
                        through: None,
                    });
                }
            }
        }
        Ok(here)
    }

    /// The place `reference` names (its first step only: the value there may be another
    /// `$ref`); `None` for an external reference or a target that does not exist.
    pub fn place(&self, reference: &str) -> Option<Located<'a>> {
        self.place_within(reference, &mut MAX_CHAIN.clone())
    }

    fn place_within(&self, reference: &str, budget: &mut usize) -> Option<Located<'a>> {
        let segments = match parse(reference) {
            Target::Component { section, name } => vec!["components".to_string(), section, name],
            Target::Pointer(segments) => segments,
            Target::External => return None,
        };
        self.locate_within(&segments, budget).ok()
    }

    /// The value written in place that `reference`'s chain ends at.
    fn end_of_chain(&self, reference: &str, budget: &mut usize) -> Option<Located<'a>> {
        let mut reference = reference;
        loop {
            *budget = budget.checked_sub(1)?;
            let here = self.place_within(reference, budget)?;
            match here.node.reference() {
                Some(next) => reference = next,
                None => return Some(here),
            }
        }
    }

    /// Where `reference`'s chain first reaches an entry of `components` (which may itself
    /// be a `$ref`: a component that stands for another) or a value written in place.
    /// `None` when it leads nowhere or does not end.
    pub fn follow(&self, reference: &str) -> Option<Located<'a>> {
        let mut budget = MAX_CHAIN;
        let mut here = self.place_within(reference, &mut budget)?;
        loop {
            if here.component().is_some() {
                return Some(here);
            }
            let Some(next) = here.node.reference() else {
                return Some(here);
            };
            budget = budget.checked_sub(1)?;
            here = self.place_within(next, &mut budget)?;
        }
    }

    /// The value of kind `T` the pointer `segments` leads to, following `$ref`s (on the
    /// way, and the chain of the value found).
    pub fn at<T: Component>(&self, segments: &[String]) -> Option<&'a T> {
        match T::written(self.locate(segments).ok()?.node)? {
            Written::Item(item) => Some(item),
            Written::Ref(reference) => self.target(reference),
        }
    }

    /// What the `$ref` string `reference` ends at, following chains: a component entry, a
    /// local pointer to a value of kind `T`, and any chain of them.
    pub fn target<T: Component>(&self, reference: &str) -> Option<&'a T> {
        let mut reference = reference;
        for _ in 0..MAX_CHAIN {
            let written = match component_name(reference, T::SECTION) {
                Some(name) => Written::of(self.entry::<T>(&name)?),
                None => T::written(self.place(reference)?.node)?,
            };
            match written {
                Written::Item(item) => return Some(item),
                Written::Ref(next) => reference = next,
            }
        }
        None
    }

    /// Every `$ref` of the document, in document order, with the kind of value expected
    /// where it is written (as the section of `components` such values live in).
    pub fn references(&self) -> Vec<(Section, &'a str)> {
        let mut out = Vec::new();
        let mut stack = vec![Node::Document(self.api)];
        let mut parts = Vec::new();
        while let Some(node) = stack.pop() {
            if let (Some(reference), Some(section)) = (node.reference(), node.section()) {
                out.push((section, reference));
                continue;
            }
            children(node, &mut parts);
            stack.extend(parts.drain(..).rev().map(|(_, node)| node));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use openapiv3::{OpenAPI, Parameter, RequestBody, Response, Schema};

    use super::super::node::{child, children, Node};
    use super::super::{parse, Resolver, Section, Target};

    fn api(yaml: &str) -> OpenAPI {
        serde_yaml::from_str(yaml).expect("a valid document")
    }

    /// Every form of pointer the vendors write, in one document.
    const DOC: &str = r##"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /things:
    parameters:
      - {name: trace, in: header, schema: {type: string, description: trace}}
    get:
      operationId: listThings
      parameters:
        - {name: limit, in: query, schema: {type: integer, description: limit}}
      responses:
        "200":
          description: ok
          headers:
            X-Rate: {schema: {type: integer, description: rate}}
          content:
            application/json:
              schema: {type: array, items: {type: object, description: thing}}
        4XX: {$ref: "#/components/responses/Problem"}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, description: new thing}
      responses:
        default: {description: d}
      callbacks:
        done:
          "{$request.body#/url}":
            post:
              responses:
                "200": {description: called back}
components:
  schemas:
    apiCredential:
      type: object
      properties:
        data:
          type: object
          properties:
            attributes: {type: object, description: attributes}
        map: {type: object, additionalProperties: {type: string, description: value}}
    Tag:
      allOf:
        - {type: object, description: first part}
        - {$ref: "#/components/schemas/apiCredential"}
    Alias: {$ref: "#/components/schemas/apiCredential"}
    Choice:
      oneOf: [{type: string, description: a string}]
      not: {type: integer, description: not this}
    Loop: {$ref: "#/components/schemas/Loop/properties/x"}
    PointsAtItself: {$ref: "#/components/schemas/Ring/properties/next"}
    Ring:
      type: object
      properties:
        next: {$ref: "#/components/schemas/PointsAtItself"}
  parameters:
    X: {name: x, in: query, schema: {type: string, description: param x}}
  responses:
    Problem:
      description: problem
      content:
        application/json:
          schema: {type: object, description: problem body}
  requestBodies:
    Body:
      content:
        application/json:
          schema: {type: object, description: body}
  headers:
    H: {schema: {type: string, description: header h}}
"##;

    fn segments(reference: &str) -> Vec<String> {
        match parse(reference) {
            Target::Pointer(segments) => segments,
            Target::Component { section, name } => vec!["components".into(), section, name],
            Target::External => panic!("{reference} is external"),
        }
    }

    /// The description of the schema `reference` points at.
    fn schema_description(r: &Resolver<'_>, reference: &str) -> Option<String> {
        r.at::<Schema>(&segments(reference))
            .and_then(|s| s.schema_data.description.clone())
    }

    #[test]
    fn schemas_are_found_at_every_kind_of_place() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        for (pointer, description) in [
            (
                "#/components/schemas/apiCredential/properties/data/properties/attributes",
                "attributes",
            ),
            (
                "#/components/schemas/apiCredential/properties/map/additionalProperties",
                "value",
            ),
            ("#/components/schemas/Tag/allOf/0", "first part"),
            ("#/components/schemas/Choice/oneOf/0", "a string"),
            ("#/components/schemas/Choice/not", "not this"),
            ("#/components/parameters/X/schema", "param x"),
            (
                "#/components/responses/Problem/content/application~1json/schema",
                "problem body",
            ),
            (
                "#/components/requestBodies/Body/content/application~1json/schema",
                "body",
            ),
            ("#/components/headers/H/schema", "header h"),
            ("#/paths/~1things/parameters/0/schema", "trace"),
            ("#/paths/~1things/get/parameters/0/schema", "limit"),
            (
                "#/paths/~1things/get/responses/200/headers/X-Rate/schema",
                "rate",
            ),
            (
                "#/paths/~1things/get/responses/200/content/application~1json/schema/items",
                "thing",
            ),
            (
                "#/paths/~1things/post/requestBody/content/application~1json/schema",
                "new thing",
            ),
            // Through a `$ref` on the way: the response is a reference to a component.
            (
                "#/paths/~1things/get/responses/4XX/content/application~1json/schema",
                "problem body",
            ),
            (
                "#/paths/~1things/get/responses/4xx/content/application~1json/schema",
                "problem body",
            ),
            // Through a component that stands for another.
            (
                "#/components/schemas/Alias/properties/data/properties/attributes",
                "attributes",
            ),
        ] {
            assert_eq!(
                schema_description(&r, pointer).as_deref(),
                Some(description),
                "{pointer}"
            );
        }
    }

    #[test]
    fn other_kinds_are_found_and_kinds_are_told_apart() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        let parameter = r
            .at::<Parameter>(&segments("#/paths/~1things/get/parameters/0"))
            .unwrap();
        assert_eq!(parameter.parameter_data_ref().name, "limit");
        let response = r
            .at::<Response>(&segments("#/paths/~1things/get/responses/200"))
            .unwrap();
        assert_eq!(response.description, "ok");
        // A response given by `$ref` resolves to its target.
        let problem = r
            .at::<Response>(&segments("#/paths/~1things/get/responses/4XX"))
            .unwrap();
        assert_eq!(problem.description, "problem");
        assert!(r
            .at::<RequestBody>(&segments("#/paths/~1things/post/requestBody"))
            .is_some());
        assert!(r
            .at::<Response>(&segments(
                "#/paths/~1things/post/callbacks/done/{$request.body#~1url}/post/responses/200"
            ))
            .is_some());
        // Wrong kinds resolve to nothing.
        assert!(r
            .at::<Parameter>(&segments("#/components/parameters/X/schema"))
            .is_none());
        assert!(r
            .at::<Response>(&segments("#/paths/~1things/post/requestBody"))
            .is_none());
        assert_eq!(
            r.locate(&segments("#/components/schemas/Tag/allOf"))
                .unwrap()
                .node
                .noun(),
            "a list of schemas"
        );
        // `target` follows pointers as it follows component names.
        let p = r
            .target::<Parameter>("#/paths/~1things/get/parameters/0")
            .unwrap();
        assert_eq!(p.parameter_data_ref().name, "limit");
    }

    #[test]
    fn a_missing_target_says_how_far_it_got() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        let missing = r
            .locate(&segments(
                "#/components/schemas/apiCredential/properties/dta",
            ))
            .unwrap_err();
        assert_eq!(missing.found, 4);
        assert_eq!(missing.keys, ["data", "map"]);
        assert_eq!(missing.through, None);
        let missing = r
            .locate(&segments("#/paths/~1things/get/parameters/1"))
            .unwrap_err();
        assert_eq!((missing.found, missing.keys), (4, vec!["0".to_string()]));
        // Indexes are written without leading zeros.
        assert!(r
            .locate(&segments("#/paths/~1things/get/parameters/00"))
            .is_err());
        let missing = r
            .locate(&segments("#/components/schemas/Loop/properties/x/y"))
            .unwrap_err();
        assert_eq!(missing.found, 3);
        assert_eq!(
            missing.through.as_deref(),
            Some("#/components/schemas/Loop/properties/x")
        );
    }

    #[test]
    fn places_are_where_the_value_is_written() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        let found = r
            .follow("#/components/schemas/Alias/properties/data/properties/attributes")
            .unwrap();
        assert_eq!(
            found.pointer(),
            "#/components/schemas/apiCredential/properties/data/properties/attributes"
        );
        assert_eq!(found.component(), None);
        // A chain stops at the first component it reaches.
        let found = r.follow("#/components/schemas/Tag/allOf/1").unwrap();
        assert_eq!(found.component(), Some((Section::Schemas, "apiCredential")));
        let found = r.follow("#/components/schemas/Alias").unwrap();
        assert_eq!(found.component(), Some((Section::Schemas, "Alias")));
    }

    #[test]
    fn cycles_through_pointers_end() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        for reference in [
            "#/components/schemas/Loop",
            "#/components/schemas/Loop/properties/x",
            "#/components/schemas/Ring/properties/next",
        ] {
            assert!(r.target::<Schema>(reference).is_none(), "{reference}");
        }
        assert!(r
            .locate(&segments("#/components/schemas/Loop/properties/x"))
            .is_err());
        // The first step of a cycle is still a place.
        assert!(r
            .place("#/components/schemas/Ring/properties/next")
            .is_some());
    }

    #[test]
    fn every_reference_is_listed_with_the_kind_its_place_expects() {
        let api = api(DOC);
        let r = Resolver::new(&api);
        assert_eq!(
            r.references(),
            [
                (Section::Responses, "#/components/responses/Problem"),
                (Section::Schemas, "#/components/schemas/apiCredential"),
                (Section::Schemas, "#/components/schemas/apiCredential"),
                (Section::Schemas, "#/components/schemas/Loop/properties/x"),
                (
                    Section::Schemas,
                    "#/components/schemas/Ring/properties/next"
                ),
                (Section::Schemas, "#/components/schemas/PointsAtItself"),
            ]
        );
    }

    /// `child` finds every part `children` lists, as the same step: the two descriptions of
    /// the model cannot drift apart.
    #[test]
    fn child_agrees_with_children_everywhere() {
        let api = api(DOC);
        let mut stack = vec![Node::Document(&api)];
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            let mut parts = Vec::new();
            children(node, &mut parts);
            for (step, part) in parts {
                let segment = step.segment();
                let (found, _) =
                    child(node, &segment).unwrap_or_else(|| panic!("{node:?} has no {segment}"));
                assert_eq!(found.segment(), segment);
                stack.push(part);
            }
        }
        assert!(visited > 60, "{visited}");
    }
}
