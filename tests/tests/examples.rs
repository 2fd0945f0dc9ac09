//! Every `example` in `specs/` decodes into its generated type and encodes back to equal
//! JSON. The list is built by `tests/build.rs` from the generator's IR.
//! The fixtures' constructors build what their spec requires.

use serde_json::Value;

/// One example found in a spec.
pub struct Example {
    /// The spec file name.
    pub spec: &'static str,
    /// Where the example is (`#/paths/...`).
    pub pointer: &'static str,
    /// The example as JSON text.
    pub json: &'static str,
    /// What encoding the decoded example gives back: the example itself (read-only
    /// fields included; only what the client sends leaves them out).
    pub expect: &'static str,
    /// Decodes into the generated type and encodes back.
    pub check: fn(&Value) -> Result<Value, String>,
}

include!(concat!(env!("OUT_DIR"), "/examples.rs"));
include!(concat!(env!("OUT_DIR"), "/fixture_examples.rs"));

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixtures.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixtures' generated modules.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_modules.rs"));
}

fn roundtrip<T: serde::de::DeserializeOwned + serde::Serialize>(
    value: &Value,
) -> Result<Value, String> {
    let decoded: T = serde_json::from_value(value.clone()).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))
}

/// JSON equality where `1` and `1.0` are the same number, and two RFC 3339 date-times are
/// the same when they name the same instant with the same offset (`12:00:00.000Z` comes
/// back as `12:00:00Z`: chrono writes 0, 3, 6 or 9 fractional digits, as many as needed).
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if x != y => {
            let parse = |s: &str| chrono::DateTime::parse_from_rfc3339(s).ok();
            match (parse(x), parse(y)) {
                (Some(x), Some(y)) => x == y && x.offset() == y.offset(),
                _ => false,
            }
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_eq(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn every_example_round_trips_through_its_generated_type() {
    assert!(
        EXAMPLES.len() >= 30,
        "expected the specs' examples, found {}",
        EXAMPLES.len()
    );
    round_trip_all(EXAMPLES);
}

/// The fixtures' examples: one or more per construct of OpenAPI 3.1, the lenient 3.0
/// reading, local pointers and split specs.
#[test]
fn every_fixture_example_round_trips_through_its_generated_type() {
    for fixture in [
        "openapi31.yaml",
        "lenient30.yaml",
        "pointers.yaml",
        "split",
        "formats.yaml",
    ] {
        let count = FIXTURE_EXAMPLES
            .iter()
            .filter(|e| e.spec == fixture)
            .count();
        assert!(count >= 3, "{fixture}: expected examples, found {count}");
    }
    round_trip_all(FIXTURE_EXAMPLES);
}

fn round_trip_all(examples: &[Example]) {
    let mut failures = Vec::new();
    for ex in examples {
        let value: Value = serde_json::from_str(ex.json).expect("build.rs wrote valid JSON");
        let expect: Value = serde_json::from_str(ex.expect).expect("build.rs wrote valid JSON");
        match (ex.check)(&value) {
            Ok(back) if json_eq(&back, &expect) => {}
            Ok(back) => failures.push(format!(
                "{} {}: encodes back differently\n  example: {value}\n  back:    {back}",
                ex.spec, ex.pointer
            )),
            Err(e) => failures.push(format!(
                "{} {}: {e}\n  example: {value}",
                ex.spec, ex.pointer
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

/// The constructors of `tests/fixtures/construction.yaml`: required fields only, setters
/// for the rest, and a nullable field that is left out, sent as `null` or sent as a value.
#[test]
fn constructors_build_what_the_spec_requires() {
    use fixtures::construction::types::{Owner, Widget, WidgetPatch};

    // An unsigned integer literal, a string, and `None` for a required nullable field.
    let widget = Widget::new(5, "Sprocket", None, 7).with_tags(vec!["red".to_owned()]);
    assert_eq!(
        serde_json::to_value(&widget).unwrap(),
        serde_json::json!({"count": 5, "name": "Sprocket", "parent": null, "size": 7, "tags": ["red"]})
    );

    let absent = WidgetPatch::new();
    let null = WidgetPatch::new().with_note(None);
    let value = WidgetPatch::new().with_note("x".to_owned()).with_count(3);
    assert_eq!(serde_json::to_string(&absent).unwrap(), "{}");
    assert_eq!(serde_json::to_string(&null).unwrap(), r#"{"note":null}"#);
    assert_eq!(
        serde_json::to_value(&value).unwrap(),
        serde_json::json!({"count": 3, "note": "x"})
    );

    // A secret from a string, and properties the spec does not name from pairs.
    let owner = Owner::new("s3cr3t").with_additional_properties([("team", "blue")]);
    assert_eq!(format!("{:?}", owner.id), "[redacted]");
    assert_eq!(
        serde_json::to_value(&owner).unwrap(),
        serde_json::json!({"id": "s3cr3t", "team": "blue"})
    );
}
