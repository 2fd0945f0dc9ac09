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

/// 145 fields (Twilio's `CreateSiprecRequest` has 203): in 13 groups, more groups than
/// twelve, so the list of groups is a tuple of 13 slots.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Widest {
    pub w0: Option<i64>,
    pub w1: Option<i64>,
    pub w2: Option<i64>,
    pub w3: Option<i64>,
    pub w4: Option<i64>,
    pub w5: Option<i64>,
    pub w6: Option<i64>,
    pub w7: Option<i64>,
    pub w8: Option<i64>,
    pub w9: Option<i64>,
    pub w10: Option<i64>,
    pub w11: Option<i64>,
    pub w12: Option<i64>,
    pub w13: Option<i64>,
    pub w14: Option<i64>,
    pub w15: Option<i64>,
    pub w16: Option<i64>,
    pub w17: Option<i64>,
    pub w18: Option<i64>,
    pub w19: Option<i64>,
    pub w20: Option<i64>,
    pub w21: Option<i64>,
    pub w22: Option<i64>,
    pub w23: Option<i64>,
    pub w24: Option<i64>,
    pub w25: Option<i64>,
    pub w26: Option<i64>,
    pub w27: Option<i64>,
    pub w28: Option<i64>,
    pub w29: Option<i64>,
    pub w30: Option<i64>,
    pub w31: Option<i64>,
    pub w32: Option<i64>,
    pub w33: Option<i64>,
    pub w34: Option<i64>,
    pub w35: Option<i64>,
    pub w36: Option<i64>,
    pub w37: Option<i64>,
    pub w38: Option<i64>,
    pub w39: Option<i64>,
    pub w40: Option<i64>,
    pub w41: Option<i64>,
    pub w42: Option<i64>,
    pub w43: Option<i64>,
    pub w44: Option<i64>,
    pub w45: Option<i64>,
    pub w46: Option<i64>,
    pub w47: Option<i64>,
    pub w48: Option<i64>,
    pub w49: Option<i64>,
    pub w50: Option<i64>,
    pub w51: Option<i64>,
    pub w52: Option<i64>,
    pub w53: Option<i64>,
    pub w54: Option<i64>,
    pub w55: Option<i64>,
    pub w56: Option<i64>,
    pub w57: Option<i64>,
    pub w58: Option<i64>,
    pub w59: Option<i64>,
    pub w60: Option<i64>,
    pub w61: Option<i64>,
    pub w62: Option<i64>,
    pub w63: Option<i64>,
    pub w64: Option<i64>,
    pub w65: Option<i64>,
    pub w66: Option<i64>,
    pub w67: Option<i64>,
    pub w68: Option<i64>,
    pub w69: Option<i64>,
    pub w70: Option<i64>,
    pub w71: Option<i64>,
    pub w72: Option<i64>,
    pub w73: Option<i64>,
    pub w74: Option<i64>,
    pub w75: Option<i64>,
    pub w76: Option<i64>,
    pub w77: Option<i64>,
    pub w78: Option<i64>,
    pub w79: Option<i64>,
    pub w80: Option<i64>,
    pub w81: Option<i64>,
    pub w82: Option<i64>,
    pub w83: Option<i64>,
    pub w84: Option<i64>,
    pub w85: Option<i64>,
    pub w86: Option<i64>,
    pub w87: Option<i64>,
    pub w88: Option<i64>,
    pub w89: Option<i64>,
    pub w90: Option<i64>,
    pub w91: Option<i64>,
    pub w92: Option<i64>,
    pub w93: Option<i64>,
    pub w94: Option<i64>,
    pub w95: Option<i64>,
    pub w96: Option<i64>,
    pub w97: Option<i64>,
    pub w98: Option<i64>,
    pub w99: Option<i64>,
    pub w100: Option<i64>,
    pub w101: Option<i64>,
    pub w102: Option<i64>,
    pub w103: Option<i64>,
    pub w104: Option<i64>,
    pub w105: Option<i64>,
    pub w106: Option<i64>,
    pub w107: Option<i64>,
    pub w108: Option<i64>,
    pub w109: Option<i64>,
    pub w110: Option<i64>,
    pub w111: Option<i64>,
    pub w112: Option<i64>,
    pub w113: Option<i64>,
    pub w114: Option<i64>,
    pub w115: Option<i64>,
    pub w116: Option<i64>,
    pub w117: Option<i64>,
    pub w118: Option<i64>,
    pub w119: Option<i64>,
    pub w120: Option<i64>,
    pub w121: Option<i64>,
    pub w122: Option<i64>,
    pub w123: Option<i64>,
    pub w124: Option<i64>,
    pub w125: Option<i64>,
    pub w126: Option<i64>,
    pub w127: Option<i64>,
    pub w128: Option<i64>,
    pub w129: Option<i64>,
    pub w130: Option<i64>,
    pub w131: Option<i64>,
    pub w132: Option<i64>,
    pub w133: Option<i64>,
    pub w134: Option<i64>,
    pub w135: Option<i64>,
    pub w136: Option<i64>,
    pub w137: Option<i64>,
    pub w138: Option<i64>,
    pub w139: Option<i64>,
    pub w140: Option<i64>,
    pub w141: Option<i64>,
    pub w142: Option<i64>,
    pub w143: Option<i64>,
    pub w144: Option<i64>,
}
crate::runtime::object! {
    Widest {
        [
            "w0" => w0: optional(Option<i64>),
            "w1" => w1: optional(Option<i64>),
            "w2" => w2: optional(Option<i64>),
            "w3" => w3: optional(Option<i64>),
            "w4" => w4: optional(Option<i64>),
            "w5" => w5: optional(Option<i64>),
            "w6" => w6: optional(Option<i64>),
            "w7" => w7: optional(Option<i64>),
            "w8" => w8: optional(Option<i64>),
            "w9" => w9: optional(Option<i64>),
            "w10" => w10: optional(Option<i64>),
            "w11" => w11: optional(Option<i64>),
        ]
        [
            "w12" => w12: optional(Option<i64>),
            "w13" => w13: optional(Option<i64>),
            "w14" => w14: optional(Option<i64>),
            "w15" => w15: optional(Option<i64>),
            "w16" => w16: optional(Option<i64>),
            "w17" => w17: optional(Option<i64>),
            "w18" => w18: optional(Option<i64>),
            "w19" => w19: optional(Option<i64>),
            "w20" => w20: optional(Option<i64>),
            "w21" => w21: optional(Option<i64>),
            "w22" => w22: optional(Option<i64>),
            "w23" => w23: optional(Option<i64>),
        ]
        [
            "w24" => w24: optional(Option<i64>),
            "w25" => w25: optional(Option<i64>),
            "w26" => w26: optional(Option<i64>),
            "w27" => w27: optional(Option<i64>),
            "w28" => w28: optional(Option<i64>),
            "w29" => w29: optional(Option<i64>),
            "w30" => w30: optional(Option<i64>),
            "w31" => w31: optional(Option<i64>),
            "w32" => w32: optional(Option<i64>),
            "w33" => w33: optional(Option<i64>),
            "w34" => w34: optional(Option<i64>),
            "w35" => w35: optional(Option<i64>),
        ]
        [
            "w36" => w36: optional(Option<i64>),
            "w37" => w37: optional(Option<i64>),
            "w38" => w38: optional(Option<i64>),
            "w39" => w39: optional(Option<i64>),
            "w40" => w40: optional(Option<i64>),
            "w41" => w41: optional(Option<i64>),
            "w42" => w42: optional(Option<i64>),
            "w43" => w43: optional(Option<i64>),
            "w44" => w44: optional(Option<i64>),
            "w45" => w45: optional(Option<i64>),
            "w46" => w46: optional(Option<i64>),
            "w47" => w47: optional(Option<i64>),
        ]
        [
            "w48" => w48: optional(Option<i64>),
            "w49" => w49: optional(Option<i64>),
            "w50" => w50: optional(Option<i64>),
            "w51" => w51: optional(Option<i64>),
            "w52" => w52: optional(Option<i64>),
            "w53" => w53: optional(Option<i64>),
            "w54" => w54: optional(Option<i64>),
            "w55" => w55: optional(Option<i64>),
            "w56" => w56: optional(Option<i64>),
            "w57" => w57: optional(Option<i64>),
            "w58" => w58: optional(Option<i64>),
            "w59" => w59: optional(Option<i64>),
        ]
        [
            "w60" => w60: optional(Option<i64>),
            "w61" => w61: optional(Option<i64>),
            "w62" => w62: optional(Option<i64>),
            "w63" => w63: optional(Option<i64>),
            "w64" => w64: optional(Option<i64>),
            "w65" => w65: optional(Option<i64>),
            "w66" => w66: optional(Option<i64>),
            "w67" => w67: optional(Option<i64>),
            "w68" => w68: optional(Option<i64>),
            "w69" => w69: optional(Option<i64>),
            "w70" => w70: optional(Option<i64>),
            "w71" => w71: optional(Option<i64>),
        ]
        [
            "w72" => w72: optional(Option<i64>),
            "w73" => w73: optional(Option<i64>),
            "w74" => w74: optional(Option<i64>),
            "w75" => w75: optional(Option<i64>),
            "w76" => w76: optional(Option<i64>),
            "w77" => w77: optional(Option<i64>),
            "w78" => w78: optional(Option<i64>),
            "w79" => w79: optional(Option<i64>),
            "w80" => w80: optional(Option<i64>),
            "w81" => w81: optional(Option<i64>),
            "w82" => w82: optional(Option<i64>),
            "w83" => w83: optional(Option<i64>),
        ]
        [
            "w84" => w84: optional(Option<i64>),
            "w85" => w85: optional(Option<i64>),
            "w86" => w86: optional(Option<i64>),
            "w87" => w87: optional(Option<i64>),
            "w88" => w88: optional(Option<i64>),
            "w89" => w89: optional(Option<i64>),
            "w90" => w90: optional(Option<i64>),
            "w91" => w91: optional(Option<i64>),
            "w92" => w92: optional(Option<i64>),
            "w93" => w93: optional(Option<i64>),
            "w94" => w94: optional(Option<i64>),
            "w95" => w95: optional(Option<i64>),
        ]
        [
            "w96" => w96: optional(Option<i64>),
            "w97" => w97: optional(Option<i64>),
            "w98" => w98: optional(Option<i64>),
            "w99" => w99: optional(Option<i64>),
            "w100" => w100: optional(Option<i64>),
            "w101" => w101: optional(Option<i64>),
            "w102" => w102: optional(Option<i64>),
            "w103" => w103: optional(Option<i64>),
            "w104" => w104: optional(Option<i64>),
            "w105" => w105: optional(Option<i64>),
            "w106" => w106: optional(Option<i64>),
            "w107" => w107: optional(Option<i64>),
        ]
        [
            "w108" => w108: optional(Option<i64>),
            "w109" => w109: optional(Option<i64>),
            "w110" => w110: optional(Option<i64>),
            "w111" => w111: optional(Option<i64>),
            "w112" => w112: optional(Option<i64>),
            "w113" => w113: optional(Option<i64>),
            "w114" => w114: optional(Option<i64>),
            "w115" => w115: optional(Option<i64>),
            "w116" => w116: optional(Option<i64>),
            "w117" => w117: optional(Option<i64>),
            "w118" => w118: optional(Option<i64>),
            "w119" => w119: optional(Option<i64>),
        ]
        [
            "w120" => w120: optional(Option<i64>),
            "w121" => w121: optional(Option<i64>),
            "w122" => w122: optional(Option<i64>),
            "w123" => w123: optional(Option<i64>),
            "w124" => w124: optional(Option<i64>),
            "w125" => w125: optional(Option<i64>),
            "w126" => w126: optional(Option<i64>),
            "w127" => w127: optional(Option<i64>),
            "w128" => w128: optional(Option<i64>),
            "w129" => w129: optional(Option<i64>),
            "w130" => w130: optional(Option<i64>),
            "w131" => w131: optional(Option<i64>),
        ]
        [
            "w132" => w132: optional(Option<i64>),
            "w133" => w133: optional(Option<i64>),
            "w134" => w134: optional(Option<i64>),
            "w135" => w135: optional(Option<i64>),
            "w136" => w136: optional(Option<i64>),
            "w137" => w137: optional(Option<i64>),
            "w138" => w138: optional(Option<i64>),
            "w139" => w139: optional(Option<i64>),
            "w140" => w140: optional(Option<i64>),
            "w141" => w141: optional(Option<i64>),
            "w142" => w142: optional(Option<i64>),
            "w143" => w143: optional(Option<i64>),
        ]
        [
            "w144" => w144: optional(Option<i64>),
        ]
    }
}

#[test]
fn more_than_twelve_groups() {
    let json = serde_json::json!({"w0": 1, "w11": 2, "w12": 3, "w144": 4});
    let value: Widest = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(
        (value.w0, value.w11, value.w12, value.w143, value.w144),
        (Some(1), Some(2), Some(3), None, Some(4))
    );
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    let error = serde_json::from_value::<Widest>(serde_json::json!({"w144": "x"})).unwrap_err();
    assert!(error.to_string().contains("invalid type"), "{error}");
}
