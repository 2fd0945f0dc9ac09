//! `runtime::object!` with its fields in groups (an object of more than twelve fields)
//! against serde's derives, as `decoding_tests` does for the other shapes.

use serde::{Deserialize, Serialize};

use crate::decoding_tests::{agree, deserialize_some};

/// More than twelve fields, so in two groups; fields named like the macro's own names
/// (`slots`, `extra`, `writer`, `serializer`); required fields in both groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Wide {
    pub f0: i64,
    pub f1: Option<String>,
    pub f2: Option<i64>,
    pub f3: Option<Option<bool>>,
    pub f4: Option<Vec<i64>>,
    pub f5: Option<String>,
    pub f6: Option<String>,
    pub f7: Option<String>,
    pub f8: Option<String>,
    pub f9: Option<String>,
    pub slots: Option<i64>,
    pub extra: Option<serde_json::Value>,
    pub writer: String,
    pub serializer: Option<String>,
}
crate::runtime::object! {
    Wide {
        [
            "f0" => f0: required(i64),
            "f1" => f1: optional(Option<String>),
            "f2" => f2: nullable(Option<i64>),
            "f3" => f3: optional_nullable(Option<bool>),
            "f4" => f4: optional(Option<Vec<i64>>),
            "f5" => f5: optional(Option<String>),
            "f6" => f6: optional(Option<String>),
            "f7" => f7: optional(Option<String>),
            "f8" => f8: optional(Option<String>),
            "f9" => f9: optional(Option<String>),
            "slots" => slots: optional(Option<i64>),
            "extra" => extra: optional_json(serde_json::Value),
        ]
        [
            "writer" => writer: required(String),
            "serializer" => serializer: optional(Option<String>),
        ]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
struct WideDerived {
    f0: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f1: Option<String>,
    f2: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_some"
    )]
    f3: Option<Option<bool>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f4: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f5: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f6: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f7: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f8: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    f9: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    slots: Option<i64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_some"
    )]
    extra: Option<serde_json::Value>,
    writer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    serializer: Option<String>,
}

impl From<WideDerived> for Wide {
    fn from(w: WideDerived) -> Self {
        Wide {
            f0: w.f0,
            f1: w.f1,
            f2: w.f2,
            f3: w.f3,
            f4: w.f4,
            f5: w.f5,
            f6: w.f6,
            f7: w.f7,
            f8: w.f8,
            f9: w.f9,
            slots: w.slots,
            extra: w.extra,
            writer: w.writer,
            serializer: w.serializer,
        }
    }
}

#[test]
fn fields_in_groups_decode_as_the_derive_did() {
    let full = r#"{"serializer":"s","writer":"w","extra":null,"slots":4,"f9":"9","f8":"8",
        "f7":"7","f6":"6","f5":"5","f4":[1,2],"f3":null,"f2":null,"f1":"1","f0":0}"#;
    let wide = agree::<Wide, WideDerived>(full, true).unwrap();
    assert_eq!(wide.writer, "w");
    assert_eq!(wide.serializer.as_deref(), Some("s"));
    assert_eq!(wide.extra, Some(serde_json::Value::Null));
    assert_eq!((wide.f2, wide.f3), (None, Some(None)));
    // Written in the struct's order, across the groups.
    assert_eq!(
        serde_json::to_string(&wide).unwrap(),
        r#"{"f0":0,"f1":"1","f2":null,"f3":null,"f4":[1,2],"f5":"5","f6":"6","f7":"7","f8":"8","f9":"9","slots":4,"extra":null,"writer":"w","serializer":"s"}"#
    );
    let cases = [
        // The second group's required field missing, then the first's.
        (r#"{"f0":0}"#, "missing field `writer`"),
        (r#"{"writer":"w"}"#, "missing field `f0`"),
        (r#"{}"#, "missing field `f0`"),
        // A duplicate in either group.
        (
            r#"{"f0":0,"writer":"w","serializer":"a","serializer":"b"}"#,
            "duplicate field `serializer`",
        ),
        (
            r#"{"f1":"a","f1":"b","f0":0,"writer":"w"}"#,
            "duplicate field `f1`",
        ),
        // A wrong type in the second group.
        (
            r#"{"f0":0,"writer":1}"#,
            "invalid type: integer `1`, expected a string",
        ),
    ];
    for (json, message) in cases {
        let err = agree::<Wide, WideDerived>(json, true).unwrap_err();
        assert!(err.starts_with(message), "{json}: {err}");
    }
    let minimal = agree::<Wide, WideDerived>(r#"{"f0":0,"writer":"w","other":[1]}"#, true).unwrap();
    assert_eq!(
        (minimal.f2, minimal.extra, minimal.serializer),
        (None, None, None)
    );
}
