//! Schemas in the walk: every nested schema is visited (properties, `items`,
//! `additionalProperties`, `allOf`/`oneOf`/`anyOf`, `not`), its `$ref`s checked, and an
//! unknown `type` reported with the closest known one.
//!
//! Schemas with a discriminator are only noted here, for [`super::discriminators`]; whether
//! a schema makes sense as a type is lowering's business, never this module's.

use std::borrow::Borrow;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use crate::diag::words::{closest, TYPES};
use crate::diag::Seg;
use crate::refs::Section;

use super::Walker;

impl<'a> Walker<'a, '_> {
    pub(super) fn schema_ref<S: Borrow<Schema>>(&mut self, schema: &'a ReferenceOr<S>) {
        match schema {
            ReferenceOr::Reference { reference } => {
                self.check_ref(reference, Section::Schemas);
            }
            ReferenceOr::Item(schema) => self.schema(schema.borrow()),
        }
    }

    fn schema(&mut self, schema: &'a Schema) {
        if schema.schema_data.discriminator.is_some() {
            self.discriminators.push((self.here(), schema));
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.properties(&object.properties);
                self.additional_properties(object.additional_properties.as_ref());
            }
            SchemaKind::Type(Type::Array(array)) => {
                if let Some(items) = &array.items {
                    self.enter(Seg::Key("items"));
                    self.schema_ref(items);
                    self.leave();
                }
            }
            SchemaKind::Type(_) => {}
            SchemaKind::OneOf { one_of } => self.schema_list("oneOf", one_of),
            SchemaKind::AllOf { all_of } => self.schema_list("allOf", all_of),
            SchemaKind::AnyOf { any_of } => self.schema_list("anyOf", any_of),
            SchemaKind::Not { not } => {
                self.enter(Seg::Key("not"));
                self.schema_ref(not);
                self.leave();
            }
            SchemaKind::Any(any) => {
                if let Some(typ) = &any.typ {
                    if !TYPES.contains(&typ.as_str()) {
                        self.unknown_type(typ);
                    }
                }
                self.properties(&any.properties);
                self.additional_properties(any.additional_properties.as_ref());
                if let Some(items) = &any.items {
                    self.enter(Seg::Key("items"));
                    self.schema_ref(items);
                    self.leave();
                }
                self.schema_list("oneOf", &any.one_of);
                self.schema_list("allOf", &any.all_of);
                self.schema_list("anyOf", &any.any_of);
                if let Some(not) = &any.not {
                    self.enter(Seg::Key("not"));
                    self.schema_ref(not);
                    self.leave();
                }
            }
        }
    }

    fn unknown_type(&mut self, typ: &str) {
        let path = self.here_with(&[Seg::Key("type")]);
        let help = if typ == "null" {
            "OpenAPI 3.0 has no `null` type; mark the schema `nullable: true` instead".to_string()
        } else {
            match closest(typ, &TYPES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of {}", TYPES.map(|t| format!("`{t}`")).join(", ")),
            }
        };
        self.diags
            .error(&path, format!("unknown schema type `{typ}`"))
            .help(help);
    }

    fn properties(&mut self, properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>) {
        if properties.is_empty() {
            return;
        }
        self.enter(Seg::Key("properties"));
        for (name, property) in properties {
            self.enter(Seg::Key(name));
            self.schema_ref(property);
            self.leave();
        }
        self.leave();
    }

    fn additional_properties(&mut self, additional: Option<&'a AdditionalProperties>) {
        if let Some(AdditionalProperties::Schema(schema)) = additional {
            self.enter(Seg::Key("additionalProperties"));
            self.schema_ref(schema.as_ref());
            self.leave();
        }
    }

    fn schema_list(&mut self, key: &'static str, schemas: &'a [ReferenceOr<Schema>]) {
        if schemas.is_empty() {
            return;
        }
        self.enter(Seg::Key(key));
        for (i, schema) in schemas.iter().enumerate() {
            self.enter(Seg::Index(i));
            self.schema_ref(schema);
            self.leave();
        }
        self.leave();
    }
}

#[cfg(test)]
mod tests {
    use crate::validate::testing::check;

    #[test]
    fn unknown_types() {
        let doc = "\
paths: {}
components:
  schemas:
    Dog:
      allOf:
        - type: object
          properties:
            name: {type: strin}
            nothing: {type: 'null'}
";
        assert_eq!(
            check(doc),
            [
                "components.schemas.Dog.allOf.0.properties.name.type: unknown schema type `strin`",
                "components.schemas.Dog.allOf.0.properties.nothing.type: unknown schema type `null`",
            ]
        );
    }
}
