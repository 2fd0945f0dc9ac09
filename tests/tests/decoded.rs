//! What a decoded value means (issue 21), with the module generated from
//! `tests/fixtures/decoded.yaml`: each value decodes as the type and variant its schema
//! says, and encodes back to the JSON it came from.

use serde_json::{json, Value};

/// The runtime, as every generated crate has it at `crate::runtime`, for the fixture.
#[path = "../../templates/src/runtime/mod.rs"]
#[allow(dead_code, unused_imports)]
mod runtime;

/// The fixture's generated module.
mod fixtures {
    include!(concat!(env!("OUT_DIR"), "/fixture_decoded.rs"));
}

use fixtures::decoded::types;

/// `value` decoded as `T`, after checking that it encodes back to itself.
fn decode<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).expect("decodes");
    assert_eq!(
        serde_json::to_value(&decoded).expect("encodes"),
        value,
        "encodes back to what was received"
    );
    decoded
}

#[test]
fn an_integer_enum_written_as_constants_is_one_enum() {
    use types::{Message, MessageFlags, MessageType, OptionKind};

    let message: Message = decode(json!({"id": "1", "type": 19, "flags": 4, "kind": 2}));
    assert_eq!(message.r#type, MessageType::Reply);
    assert_eq!(message.flags, Some(MessageFlags::Urgent));
    assert_eq!(message.kind, Some(OptionKind::String));
    // Named by value when the member has no title; values the spec does not list kept.
    assert_eq!(decode::<MessageFlags>(json!(8)), MessageFlags::V8);
    assert_eq!(decode::<MessageType>(json!(0)), MessageType::Default);
    assert_eq!(decode::<MessageType>(json!(1)), MessageType::RecipientAdd);
    assert_eq!(decode::<MessageType>(json!(7)), MessageType::Other(7));
    assert_eq!(MessageType::Reply.value(), 19);
}
