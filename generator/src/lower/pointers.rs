//! Schemas a local JSON pointer leads to (`#/components/schemas/A/properties/b`,
//! `#/paths/~1things/get/responses/200/content/application~1json/schema`): each is one
//! named type, however many `$ref`s lead there, and the place where it is written uses
//! that type too, never a second copy.
//!
//! Every target is found up front (as component schemas are named up front), named once
//! from its place (`ApiCredentialDataAttributes` for
//! `#/components/schemas/apiCredential/properties/data/properties/attributes`), sorted by
//! place, and defined once, at its own place, so every diagnostic about it points there.
//! Places come from [`crate::refs`] as typed steps: nothing here reads a pointer's text.

use std::borrow::Cow;
use std::collections::BTreeMap;

use openapiv3::{Schema, StatusCode};

use super::facts::{is_nullable, is_secret, nullable, secret};
use super::responses::status_word;
use super::{pascal, Lowerer};
use crate::diag::DocPath;
use crate::ir::{StatusMatch, TypeKind, TypeRef};
use crate::naming;
use crate::refs::{self, Composition, Node, Section, Step, Target, Written};

/// A schema a pointer leads to, and its type.
#[derive(Debug, Clone)]
pub(super) struct PointerType<'a> {
    /// The type's name.
    pub(super) name: String,
    /// The schema, as written at its place.
    pub(super) schema: &'a Schema,
    /// The pointer to its place, escaped (`#/components/schemas/a/properties/b`).
    pub(super) pointer: String,
}

impl<'a> Lowerer<'a> {
    /// Names every schema written in place that a pointer `$ref` leads to (following
    /// chains until a component or such a schema), in the order of their places.
    pub(super) fn prepare_pointers(&mut self) {
        let mut targets: BTreeMap<DocPath, (String, &'a Schema, String)> = BTreeMap::new();
        for (section, reference) in self.refs.references() {
            if section != Section::Schemas || !matches!(refs::parse(reference), Target::Pointer(_))
            {
                continue;
            }
            let Some(found) = self.refs.follow(reference) else {
                continue;
            };
            let Node::Schema(Written::Item(schema)) = found.node else {
                continue;
            };
            if found.component().is_some() {
                continue;
            }
            targets
                .entry(DocPath::from_segments(found.segments()))
                .or_insert_with(|| (type_words(&found.trail), schema, found.pointer()));
        }
        for (path, (wanted, schema, pointer)) in targets {
            let name = self.names.claim(&pascal(&wanted));
            self.pointer_types.insert(
                path,
                PointerType {
                    name,
                    schema,
                    pointer,
                },
            );
        }
    }

    /// Defines the type of every schema a pointer leads to, at its own place. Inline
    /// shapes that are the same as one of them (a copy of a referenced response's schema,
    /// lowered where the response is used) share its type.
    pub(super) fn lower_pointers(&mut self) {
        let targets: Vec<(DocPath, PointerType<'a>)> = self
            .pointer_types
            .iter()
            .map(|(path, target)| (path.clone(), target.clone()))
            .collect();
        for (path, target) in targets {
            self.define_schema(&target.name, target.schema, &path, None);
            if let Some(def) = self.types.get_mut(&target.name) {
                def.origin = Some(target.pointer);
                if !matches!(def.kind, TypeKind::Alias(_)) {
                    self.shapes
                        .entry(def.kind.clone())
                        .or_insert_with(|| target.name.clone());
                }
            }
        }
    }

    /// The type of the schema `s` written at `path`, when a pointer leads there.
    pub(super) fn pointer_use(&self, s: &Schema, path: &DocPath) -> Option<TypeRef> {
        let target = self.pointer_types.get(path)?;
        // A schema lowered at a place not its own (the parts of an `allOf`, merged) is not
        // the schema written there.
        (std::ptr::eq(target.schema, s) || target.schema == s).then(|| use_of(target))
    }

    /// The type a `$ref` that is a pointer stands for: the component or the schema written
    /// in place its chain reaches.
    pub(super) fn pointer_ref(&self, reference: &str) -> Option<TypeRef> {
        let found = self.refs.follow(reference)?;
        if let Some((section, key)) = found.component() {
            return match section {
                Section::Schemas => self.component_ref(key),
                _ => None,
            };
        }
        let target = self
            .pointer_types
            .get(&DocPath::from_segments(found.segments()))?;
        Some(use_of(target))
    }
}

/// The type a use of a pointer's target stands for: secret and nullable as its schema says,
/// the same at its place and through every `$ref`.
fn use_of(target: &PointerType<'_>) -> TypeRef {
    let ty = TypeRef::Named(target.name.clone());
    let ty = if is_secret(target.schema) {
        secret(ty)
    } else {
        ty
    };
    if is_nullable(target.schema) {
        nullable(ty)
    } else {
        ty
    }
}

/// The name a schema gets from its place, before case and collisions: the names met on the
/// way (a component's, an operation's, a parameter's, a property's) and a word for each
/// part that has no name (`Item`, `Value`, `Request`, `OkResponse`, `Part1`, `Variant2`).
fn type_words(trail: &[(Step<'_>, Node<'_>)]) -> String {
    let mut words = String::new();
    let mut template = "";
    for (step, node) in trail {
        let word: Cow<str> = match *step {
            Step::Entry(Section::Responses, name) => suffixed(name, "Response").into(),
            Step::Entry(Section::RequestBodies, name) => suffixed(name, "Request").into(),
            Step::Entry(_, name)
            | Step::Property(name)
            | Step::Header(name)
            | Step::Callback(name)
            | Step::Encoding(name)
            | Step::Example(name)
            | Step::Link(name) => pascal(name).into(),
            Step::Path(key) | Step::Expression(key) => {
                template = key;
                continue;
            }
            Step::Operation(method) => {
                let name = match node {
                    Node::Operation(op) => match &op.operation_id {
                        Some(id) => naming::field_name(id),
                        None => naming::operation_name(method, template),
                    },
                    _ => naming::operation_name(method, template),
                };
                pascal(&name).into()
            }
            Step::Parameter(i) => match node {
                Node::Parameter(Written::Item(p)) => pascal(&p.parameter_data_ref().name).into(),
                _ => format!("Parameter{}", i + 1).into(),
            },
            Step::RequestBody => "Request".into(),
            Step::Response(status) => {
                format!("{}Response", status_word(status_match(status))).into()
            }
            Step::Items => "Item".into(),
            Step::AdditionalProperties => "Value".into(),
            Step::Not => "Not".into(),
            Step::Member(Composition::AllOf, i) => format!("Part{}", i + 1).into(),
            Step::Member(_, i) => format!("Variant{}", i + 1).into(),
            Step::Paths
            | Step::Parameters
            | Step::Responses
            | Step::Callbacks
            | Step::Content
            | Step::Media(_)
            | Step::Schema
            | Step::Headers
            | Step::Examples
            | Step::Encodings
            | Step::Links
            | Step::Components
            | Step::Section(_)
            | Step::Properties
            | Step::Members(_) => continue,
        };
        words.push_str(&word);
    }
    words
}

/// `name` in Pascal case, ending with `suffix` (once).
fn suffixed(name: &str, suffix: &str) -> String {
    let base = pascal(name);
    if base.ends_with(suffix) {
        base
    } else {
        format!("{base}{suffix}")
    }
}

fn status_match(status: Option<&StatusCode>) -> StatusMatch {
    match status {
        Some(StatusCode::Code(code)) => StatusMatch::Code(*code),
        Some(StatusCode::Range(range)) => StatusMatch::Range(*range),
        None => StatusMatch::Default,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{kind, lower_yaml};
    use crate::ir::{self, Presence, TypeKind, TypeRef};

    fn field<'a>(api: &'a ir::Api, ty: &str, wire: &str) -> &'a ir::Field {
        let TypeKind::Struct(s) = kind(api, ty) else {
            panic!("{ty} is not a struct: {:?}", kind(api, ty));
        };
        s.fields
            .iter()
            .find(|f| f.name.wire == wire)
            .unwrap_or_else(|| panic!("{ty} has no {wire}"))
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    #[test]
    fn a_target_used_three_times_is_one_type_and_its_place_uses_it() {
        let (api, warnings) = lower_yaml(
            r##"
paths:
  /credentials:
    get:
      operationId: listCredentials
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/apiCredential/properties/data/properties/attributes"}
components:
  schemas:
    apiCredential:
      type: object
      properties:
        data:
          type: object
          properties:
            attributes:
              type: object
              description: What a credential says.
              properties:
                name: {type: string}
                tags: {type: array, items: {type: object, properties: {key: {type: string}}}}
    Update:
      type: object
      properties:
        attributes: {$ref: "#/components/schemas/apiCredential/properties/data/properties/attributes"}
    Patch:
      type: object
      properties:
        attrs: {$ref: "#/components/schemas/apiCredential/properties/data/properties/attributes"}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let attributes = named("ApiCredentialDataAttributes");
        // Written in place: the field of the inline `data` struct uses the named type.
        assert_eq!(
            field(&api, "ApiCredentialData", "attributes").ty,
            attributes
        );
        assert_eq!(field(&api, "Update", "attributes").ty, attributes);
        assert_eq!(field(&api, "Patch", "attrs").ty, attributes);
        let list = api
            .operations
            .iter()
            .find(|o| o.name == "list_credentials")
            .unwrap();
        assert_eq!(
            list.success,
            ir::Outcome::Single(TypeRef::Vec(Box::new(attributes.clone())))
        );
        // Defined once, from its place: docs, origin, and nested types named after it.
        let defs: Vec<&ir::TypeDef> = api
            .types
            .iter()
            .filter(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.name.wire == "tags")))
            .collect();
        assert_eq!(defs.len(), 1, "{defs:?}");
        let def = defs[0];
        assert_eq!(def.name, "ApiCredentialDataAttributes");
        assert_eq!(def.docs.as_deref(), Some("What a credential says."));
        assert_eq!(
            def.origin.as_deref(),
            Some("#/components/schemas/apiCredential/properties/data/properties/attributes")
        );
        assert_eq!(
            field(&api, "ApiCredentialDataAttributes", "tags").ty,
            TypeRef::Vec(Box::new(named("ApiCredentialDataAttributesTagsItem")))
        );
    }

    #[test]
    fn every_form_of_pointer_is_named_from_its_place() {
        let (api, warnings) = lower_yaml(
            r##"
paths:
  /things:
    parameters:
      - {name: trace-id, in: header, schema: {type: object, properties: {id: {type: string}}}}
    get:
      operationId: listThings
      parameters:
        - {name: filter, in: query, schema: {type: object, properties: {q: {type: string}}}}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {things: {type: array, items: {type: string}}}}
        default:
          description: error
          content:
            application/json:
              schema: {type: object, properties: {message: {type: string}}}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        "201": {$ref: "#/paths/~1things/get/responses/200"}
components:
  parameters:
    Page: {name: page, in: query, schema: {type: object, properties: {n: {type: integer}}}}
  responses:
    Problem:
      description: problem
      content:
        application/json:
          schema: {type: object, properties: {detail: {type: string}}}
  requestBodies:
    NewThingBody:
      content:
        application/json:
          schema: {type: object, properties: {label: {type: string}}}
  schemas:
    Tag:
      allOf:
        - {type: object, properties: {key: {type: string}}}
        - {type: object, properties: {value: {type: string}}}
    Map: {type: object, additionalProperties: {type: object, properties: {v: {type: integer}}}}
    Uses:
      type: object
      properties:
        a: {$ref: "#/components/schemas/Tag/allOf/0"}
        b: {$ref: "#/components/parameters/Page/schema"}
        c: {$ref: "#/components/responses/Problem/content/application~1json/schema"}
        d: {$ref: "#/components/requestBodies/NewThingBody/content/application~1json/schema"}
        e: {$ref: "#/paths/~1things/get/parameters/0/schema"}
        f: {$ref: "#/paths/~1things/get/responses/200/content/application~1json/schema"}
        g: {$ref: "#/paths/~1things/get/responses/default/content/application~1json/schema"}
        h: {$ref: "#/paths/~1things/post/requestBody/content/application~1json/schema"}
        i: {$ref: "#/paths/~1things/parameters/0/schema"}
        j: {$ref: "#/components/schemas/Map/additionalProperties"}
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        for (wire, name) in [
            ("a", "TagPart1"),
            ("b", "Page"),
            ("c", "ProblemResponse"),
            ("d", "NewThingBodyRequest"),
            ("e", "ListThingsFilter"),
            ("f", "ListThingsOkResponse"),
            ("g", "ListThingsDefaultResponse"),
            ("h", "PostThingsRequest"),
            ("i", "TraceId"),
            ("j", "MapValue"),
        ] {
            assert_eq!(field(&api, "Uses", wire).ty, named(name), "{wire}");
            assert_eq!(field(&api, "Uses", wire).presence, Presence::Optional);
        }
        // The places written in the operations use the same types.
        let op = |name: &str| api.operations.iter().find(|o| o.name == name).unwrap();
        let list = op("list_things");
        assert_eq!(list.params[0].ty, named("ListThingsFilter"));
        assert_eq!(list.params[1].ty, named("TraceId"));
        assert_eq!(list.responses[0].ty, named("ListThingsOkResponse"));
        assert_eq!(list.responses[1].ty, named("ListThingsDefaultResponse"));
        let post = op("post_things");
        let body = &post.body.as_ref().unwrap().content;
        assert!(matches!(body, ir::BodyContent::One(m) if m.ty == named("PostThingsRequest")));
        // A response given by a pointer decodes to the type of the response it points at.
        assert_eq!(post.responses[0].ty, named("ListThingsOkResponse"));
    }

    #[test]
    fn chains_and_nullable_targets() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Base:
      type: object
      properties:
        inner: {type: object, nullable: true, properties: {x: {type: string}}}
        alias: {$ref: "#/components/schemas/Base/properties/inner"}
    Other:
      type: object
      required: [viaAlias, viaComponent]
      properties:
        viaAlias: {$ref: "#/components/schemas/Base/properties/alias"}
        viaComponent: {$ref: "#/components/schemas/Wrapper/allOf/0"}
    Wrapper:
      allOf:
        - $ref: "#/components/schemas/Base"
"##,
        );
        assert!(warnings.is_empty(), "{warnings:?}");
        let inner = named("BaseInner");
        // Nullable where it is written and through every chain that reaches it.
        assert_eq!(
            field(&api, "Base", "inner").presence,
            Presence::OptionalNullable
        );
        assert_eq!(field(&api, "Base", "inner").ty, inner);
        assert_eq!(field(&api, "Base", "alias").ty, inner);
        assert_eq!(field(&api, "Other", "viaAlias").ty, inner);
        assert_eq!(
            field(&api, "Other", "viaAlias").presence,
            Presence::Nullable
        );
        // A chain that reaches a component is that component.
        assert_eq!(field(&api, "Other", "viaComponent").ty, named("Base"));
        assert!(!api
            .types
            .iter()
            .any(|t| t.name.starts_with("Wrapper") && t.name != "Wrapper"));
    }

    #[test]
    fn pointers_as_union_members() {
        let (api, warnings) = lower_yaml(
            r##"
paths: {}
components:
  schemas:
    Parts:
      type: object
      properties:
        created: {type: object, required: [type, id], properties: {type: {type: string, enum: [created]}, id: {type: string}}}
        deleted: {type: object, required: [type], properties: {type: {type: string, enum: [deleted]}, at: {type: string}}}
    Event:
      oneOf:
        - $ref: "#/components/schemas/Parts/properties/created"
        - $ref: "#/components/schemas/Parts/properties/deleted"
    Discriminated:
      oneOf:
        - $ref: "#/components/schemas/Parts/properties/created"
        - $ref: "#/components/schemas/Parts/properties/deleted"
      discriminator: {propertyName: type}
"##,
        );
        // The members' common tag is found (a discriminator that cannot name its members
        // is ignored, with a warning), and each variant holds a copy of its target without
        // the tag; the target's own type keeps it.
        assert_eq!(
            warnings,
            ["a member of a discriminated union is not a component schema, so the discriminator cannot name it; it is ignored"]
        );
        for union in ["Event", "Discriminated"] {
            let TypeKind::Tagged(tagged) = kind(&api, union) else {
                panic!("{union} is not tagged: {:?}", kind(&api, union));
            };
            assert_eq!(tagged.tag, "type");
            for variant in &tagged.variants {
                let TypeRef::Named(name) = &variant.ty else {
                    panic!("{union}: {:?}", variant.ty);
                };
                // Two unions' copies of one target have one shape: the second is an alias
                // of the first, under its own name.
                let name = match kind(&api, name) {
                    TypeKind::Alias(TypeRef::Named(target)) => target,
                    _ => name,
                };
                let TypeKind::Struct(copy) = kind(&api, name) else {
                    panic!("{name} is not a struct");
                };
                assert!(copy.fields.iter().all(|f| f.name.wire != "type"), "{name}");
            }
        }
        assert_eq!(field(&api, "PartsCreated", "type").name.wire, "type");
    }
}
