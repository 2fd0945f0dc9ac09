//! The independent validator: a spec's schemas translated to JSON Schema 2020-12 and
//! checked by the `jsonschema` crate, which owes nothing to the generator.
//!
//! The translation (OpenAPI 3.0's dialect, nullable, exclusive bounds, integer widths,
//! discriminators, readOnly/writeOnly per side) is the generator's
//! `openapi_gen::json_schema`, shared with the generated `mock` module's request check.
//! Here, besides: `format: byte` is checked as base64, and a body of
//! `application/json-patch+json` must also be a JSON Patch document (RFC 6902), whatever
//! its schema says ([`Oracle::check_body`]).
//!
//! The translated document is one resource of a `jsonschema::Registry`, so every `$ref`
//! (`#/components/...`, or a pointer into `paths`) resolves inside it; the schema at a
//! place is checked through a one-line schema `{"$ref": "<resource>#/<place>"}`.

use std::collections::{BTreeMap, VecDeque};

use base64::Engine;
use serde_json::{json, Value};

use openapi_gen::json_schema::{fragment, translate_document, Document};

use super::spec::{pointer, pointer_keys, Doc, Side};

/// The resource the translated document is registered under.
const BASE: &str = "https://conform.invalid/spec.json";

/// How many compiled validators an [`Oracle`] keeps. A validator compiles every schema
/// its place reaches, and in a spec whose schemas all reach each other (Stripe's
/// expandable fields) that is most of the document, again for each place: kept for all
/// of Stripe's 833 bodies they held over 6 GB. Instances are checked body by body, so
/// the places in use are few at a time; the least recently used is dropped when one more
/// is needed.
const KEPT: usize = 64;

/// A spec's schemas for one side, compiled on demand.
pub struct Oracle {
    registry: jsonschema::Registry<'static>,
    validators: BTreeMap<String, Result<jsonschema::Validator, String>>,
    /// The places of `validators`, least recently used first.
    order: VecDeque<String>,
    /// RFC 6902's shape of a JSON Patch document, which its media type imposes.
    json_patch: jsonschema::Validator,
}

/// What `application/json-patch+json` means whatever the schema says (RFC 6902, 4): a
/// list of operations, each with its `op`, a JSON pointer `path`, and the member its
/// `op` needs.
const JSON_PATCH: &str = r#"{
  "type": "array",
  "items": {
    "type": "object",
    "required": ["op", "path"],
    "properties": {
      "op": {"enum": ["add", "remove", "replace", "move", "copy", "test"]},
      "path": {"type": "string", "pattern": "^(/[^/]*)*$"},
      "from": {"type": "string", "pattern": "^(/[^/]*)*$"}
    },
    "allOf": [
      {"if": {"properties": {"op": {"enum": ["add", "replace", "test"]}}},
       "then": {"required": ["value"]}},
      {"if": {"properties": {"op": {"enum": ["move", "copy"]}}},
       "then": {"required": ["from"]}}
    ]
  }
}"#;

/// Whether a media type is a JSON Patch document.
pub fn is_json_patch(media: &str) -> bool {
    media
        .split(';')
        .next()
        .is_some_and(|m| m.trim().eq_ignore_ascii_case("application/json-patch+json"))
}

impl Oracle {
    /// The translated document of `doc` for `side`, registered.
    pub fn new(doc: &Doc, side: Side) -> Result<Oracle, String> {
        let resolve = |reference: &str| pointer_keys(reference).and_then(|keys| doc.at(&keys));
        let translated = translate_document(
            &Document {
                value: &doc.value,
                v31: doc.v31,
                resolve: &resolve,
            },
            side,
        );
        let registry = jsonschema::Registry::new()
            .draft(jsonschema::Draft::Draft202012)
            .add(BASE, translated)
            .and_then(|b| b.prepare())
            .map_err(|e| format!("the validator cannot register the document: {e}"))?;
        let json_patch = serde_json::from_str::<Value>(JSON_PATCH)
            .map_err(|e| e.to_string())
            .and_then(|schema| jsonschema::validator_for(&schema).map_err(|e| e.to_string()))
            .map_err(|e| format!("the JSON Patch schema does not compile: {e}"))?;
        Ok(Oracle {
            registry,
            validators: BTreeMap::new(),
            order: VecDeque::new(),
            json_patch,
        })
    }

    /// [`Oracle::check`] for a body of `media`: a JSON Patch document must also be one
    /// (RFC 6902), whatever its schema says.
    pub fn check_body(
        &mut self,
        place: &[String],
        media: &str,
        value: &Value,
    ) -> Result<Verdict, String> {
        let verdict = self.check(place, value)?;
        if verdict == Verdict::Valid && is_json_patch(media) {
            if let Err(error) = self.json_patch.validate(value) {
                return Ok(Verdict::Invalid(format!(
                    "not a JSON Patch (RFC 6902): {error}"
                )));
            }
        }
        Ok(verdict)
    }

    /// Whether `value` is valid against the schema at `place` (keys from the root):
    /// `Err` when the validator cannot compile that schema.
    pub fn check(&mut self, place: &[String], value: &Value) -> Result<Verdict, String> {
        let key = pointer(place);
        if let Some(at) = self.order.iter().position(|k| *k == key) {
            if let Some(used) = self.order.remove(at) {
                self.order.push_back(used);
            }
        } else {
            if self.order.len() >= KEPT {
                if let Some(oldest) = self.order.pop_front() {
                    self.validators.remove(&oldest);
                }
            }
            self.order.push_back(key.clone());
            let schema = json!({ "$ref": format!("{BASE}{}", fragment(&key)) });
            let built = options(&self.registry)
                .build(&schema)
                .map_err(|e| format!("the validator refuses the schema at {key}: {e}"));
            self.validators.insert(key.clone(), built);
        }
        match self.validators.get(&key) {
            Some(Ok(validator)) => Ok(match validator.validate(value) {
                Ok(()) => Verdict::Valid,
                Err(error) => Verdict::Invalid(format!(
                    "{} (at {})",
                    truncate(&error.to_string(), 200),
                    if error.instance_path().as_str().is_empty() {
                        "the root".to_string()
                    } else {
                        error.instance_path().as_str().to_string()
                    }
                )),
            }),
            Some(Err(e)) => Err(e.clone()),
            None => Err(format!("no validator for {key}")),
        }
    }
}

/// What the validator says of a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Valid,
    /// The first error, with the place in the value.
    Invalid(String),
}

fn options<'r>(registry: &'r jsonschema::Registry<'static>) -> jsonschema::ValidationOptions<'r> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .with_format("byte", |s: &str| {
            base64::engine::general_purpose::STANDARD.decode(s).is_ok()
        })
        .with_registry(registry)
}

/// The first `max` characters of `text`.
pub fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut out: String = text.chars().take(max).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Doc {
        Doc::parse(text).unwrap()
    }

    fn keys(p: &str) -> Vec<String> {
        p.split('.').map(String::from).collect()
    }

    const SPEC: &str = r##"openapi: 3.0.3
paths: {}
components:
  schemas:
    "{odd key}": {type: string}
    N: {type: integer, format: int32, minimum: 0, exclusiveMinimum: true, nullable: true}
    U:
      nullable: true
      oneOf: [{$ref: '#/components/schemas/S'}, {type: integer}]
    S: {type: string, enum: [a, b], example: 3}
    O:
      type: object
      required: [id, name, secret]
      properties:
        id: {type: string, readOnly: true}
        name: {type: string}
        secret: {$ref: '#/components/schemas/W'}
        b: {type: string, format: byte}
    W: {type: string, writeOnly: true}
    Pet:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {hound: Dog}}
    Cat: {type: object, properties: {kind: {type: string}, lives: {type: integer}}}
    Dog: {type: object, required: [bark], properties: {kind: {type: string}, bark: {type: string}}}
    Byte: {type: integer, format: uint8}
"##;

    #[test]
    fn openapi_30_keywords_are_translated() {
        let d = doc(SPEC);
        let mut oracle = Oracle::new(&d, Side::Response).unwrap();
        let mut valid =
            |place: &str, v: Value| oracle.check(&keys(place), &v).unwrap() == Verdict::Valid;
        assert!(valid("components.schemas.{odd key}", json!("x")));
        assert!(!valid("components.schemas.{odd key}", json!(1)));
        assert!(valid(
            "components.schemas.Pet",
            json!({"kind": "Cat", "lives": 9})
        ));
        assert!(valid(
            "components.schemas.Pet",
            json!({"kind": "hound", "bark": "woof"})
        ));
        assert!(!valid(
            "components.schemas.Pet",
            json!({"kind": "hound", "lives": 9})
        ));
        assert!(!valid("components.schemas.Pet", json!({"lives": 9})));
        assert!(valid("components.schemas.Byte", json!(255)));
        assert!(!valid("components.schemas.Byte", json!(256)));
        assert!(valid("components.schemas.N", json!(1)));
        assert!(valid("components.schemas.N", json!(null)));
        assert!(!valid("components.schemas.N", json!(0)));
        assert!(!valid("components.schemas.N", json!(3_000_000_000_i64)));
        assert!(valid("components.schemas.U", json!(null)));
        assert!(valid("components.schemas.U", json!("a")));
        assert!(!valid("components.schemas.U", json!("c")));
        assert!(valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n"})
        ));
        assert!(!valid("components.schemas.O", json!({"name": "n"})));
        assert!(!valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n", "b": "%%"})
        ));
        assert!(valid(
            "components.schemas.O",
            json!({"id": "1", "name": "n", "b": "aGk="})
        ));
    }

    #[test]
    fn read_only_properties_are_not_required_in_requests() {
        let d = doc(SPEC);
        let mut oracle = Oracle::new(&d, Side::Request).unwrap();
        let verdict = oracle
            .check(
                &keys("components.schemas.O"),
                &json!({"name": "n", "secret": "s"}),
            )
            .unwrap();
        assert_eq!(verdict, Verdict::Valid);
        let verdict = oracle
            .check(&keys("components.schemas.O"), &json!({"name": "n"}))
            .unwrap();
        assert!(matches!(verdict, Verdict::Invalid(_)), "{verdict:?}");
        let sent = json!({"id": "1", "name": "n", "secret": "s"});
        let verdict = oracle.check(&keys("components.schemas.O"), &sent).unwrap();
        assert!(
            matches!(verdict, Verdict::Invalid(_)),
            "a read-only property sent: {verdict:?}"
        );
    }

    #[test]
    fn at_most_kept_validators_are_compiled_at_once_and_answers_stay_right() {
        let mut text = String::from("openapi: 3.0.3\npaths: {}\ncomponents:\n  schemas:\n");
        for i in 0..KEPT + 10 {
            text.push_str(&format!("    S{i}: {{type: integer, minimum: {i}}}\n"));
        }
        let d = doc(&text);
        let mut oracle = Oracle::new(&d, Side::Response).unwrap();
        for round in 0..2 {
            for i in 0..KEPT + 10 {
                let place = keys(&format!("components.schemas.S{i}"));
                assert_eq!(oracle.check(&place, &json!(i)).unwrap(), Verdict::Valid);
                let below = json!(i as i64 - 1);
                let verdict = oracle.check(&place, &below).unwrap();
                assert!(matches!(verdict, Verdict::Invalid(_)), "{round} {i}");
                assert!(oracle.validators.len() <= KEPT);
                assert_eq!(oracle.validators.len(), oracle.order.len());
            }
        }
        // The one in use stays while others come and go.
        let first = keys("components.schemas.S0");
        for i in 1..KEPT + 10 {
            oracle.check(&first, &json!(0)).unwrap();
            oracle
                .check(&keys(&format!("components.schemas.S{i}")), &json!(i))
                .unwrap();
            assert!(oracle.validators.contains_key(&pointer(&first)));
        }
    }
}
