//! `runtime::object!` against serde's derives: types written the way the generator writes
//! them, each beside a twin that derives `Serialize` and `Deserialize` the way generated
//! code used to, decode the same inputs to the same values, fail on the same inputs with
//! the same messages, and encode to the same JSON.

use std::collections::BTreeMap;

use proptest::prelude::*;
use serde::{Deserialize, Serialize};

use crate::runtime::Secret;

/// Every field shape: required, optional, required and nullable, optional and nullable,
/// renamed, a keyword, boxed recursion, a secret, and fields named like the macro's own
/// locals (`map`, `key`).
#[derive(Debug, Clone, PartialEq)]
pub struct Thing {
    pub children: Option<Vec<Thing>>,
    pub display_name: Option<String>,
    pub id: i64,
    pub key: Option<Secret<String>>,
    pub map: Option<BTreeMap<String, i64>>,
    pub next: Option<Box<Thing>>,
    pub note: Option<Option<String>>,
    pub parent: Option<String>,
    pub r#type: String,
}
crate::runtime::object! {
    Thing {
        "children" => children: optional(Option<Vec<Thing>>),
        "displayName" => display_name: optional(Option<String>),
        "id" => id: required(i64),
        "key" => key: optional(Option<Secret<String>>),
        "map" => map: optional(Option<BTreeMap<String, i64>>),
        "next" => next: optional(Option<Box<Thing>>),
        "note" => note: optional_nullable(Option<String>),
        "parent" => parent: nullable(Option<String>),
        "type" => r#type: required(String),
    }
}

/// Unnamed keys kept, typed.
#[derive(Debug, Clone, PartialEq)]
pub struct Bag {
    pub a: Option<i64>,
    pub additional_properties: BTreeMap<String, i64>,
}
crate::runtime::object! {
    Bag {
        "a" => a: optional(Option<i64>),
        ..additional_properties(i64)
    }
}

/// Only unnamed keys.
#[derive(Debug, Clone, PartialEq)]
pub struct Free {
    pub additional_properties: BTreeMap<String, serde_json::Value>,
}
crate::runtime::object! {
    Free {
        ..additional_properties(serde_json::Value)
    }
}

/// No fields at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Empty {}
crate::runtime::object! {
    Empty {}
}

/// Inside serde's own internally tagged and untagged enums, which hand the struct a
/// buffered value rather than the JSON text.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "kind")]
pub enum Tagged {
    #[serde(rename = "bag")]
    Bag(Bag),
    #[serde(rename = "thing")]
    Thing(Thing),
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Untagged {
    Thing(Thing),
    Bag(Bag),
}

// ----- the derived twins -----------------------------------------------------------------

pub(crate) fn deserialize_some<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// As generated code declared `Thing` before `object!`.
#[derive(Debug, Clone, Deserialize, Serialize)]
struct ThingDerived {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    children: Option<Vec<ThingDerived>>,
    #[serde(
        rename = "displayName",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    display_name: Option<String>,
    id: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    key: Option<Secret<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    map: Option<BTreeMap<String, i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<Box<ThingDerived>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "deserialize_some"
    )]
    note: Option<Option<String>>,
    parent: Option<String>,
    #[serde(rename = "type")]
    r#type: String,
}

impl From<ThingDerived> for Thing {
    fn from(t: ThingDerived) -> Self {
        Thing {
            children: t.children.map(|c| c.into_iter().map(Thing::from).collect()),
            display_name: t.display_name,
            id: t.id,
            key: t.key,
            map: t.map,
            next: t.next.map(|n| Box::new(Thing::from(*n))),
            note: t.note,
            parent: t.parent,
            r#type: t.r#type,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
struct BagDerived {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    a: Option<i64>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, i64>,
}

/// Decodes `json` with both; the results must agree, and so must their encodings. `same_messages`: compare error
/// texts too (serde's `flatten` buffers the input, so its messages lack positions).
pub(crate) fn agree<T, D>(json: &str, same_messages: bool) -> Result<T, String>
where
    T: for<'de> Deserialize<'de> + Serialize + PartialEq + std::fmt::Debug,
    D: for<'de> Deserialize<'de> + Serialize + Clone + Into<T>,
{
    if let Ok(twin) = serde_json::from_str::<D>(json) {
        let ours: T = twin.clone().into();
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&twin).unwrap(),
            "encoding {json}"
        );
    }
    let ours = serde_json::from_str::<T>(json).map_err(|e| e.to_string());
    // The twin's messages name it `ThingDerived`.
    let derived = serde_json::from_str::<D>(json)
        .map(Into::into)
        .map_err(|e| e.to_string().replace("Derived", ""));
    match (&ours, &derived) {
        (Ok(a), Ok(b)) => assert_eq!(a, b, "{json}"),
        // The derive also read a struct from an array of its fields in order (see
        // `a_json_array_is_not_an_object`), so an array there fails differently.
        (Err(a), Err(b)) if same_messages && !a.contains("sequence, expected struct") => {
            assert_eq!(a, b, "{json}")
        }
        (Err(_), Err(_)) => {}
        _ => panic!("{json}: ours {ours:?}, derived {derived:?}"),
    }
    // From a `serde_json::Value` too, where keys arrive as owned strings (and a duplicate
    // key has already been resolved, last one kept).
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(json) {
        let ours = serde_json::from_value::<T>(value.clone()).map_err(|e| e.to_string());
        let derived = serde_json::from_value::<D>(value)
            .map(Into::into)
            .map_err(|e| e.to_string());
        match (&ours, &derived) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{json} as a Value"),
            (Err(_), Err(_)) => {}
            _ => panic!("{json} as a Value: ours {ours:?}, derived {derived:?}"),
        }
    }
    ours
}

impl From<BagDerived> for Bag {
    fn from(b: BagDerived) -> Self {
        Bag {
            a: b.a,
            additional_properties: b.additional_properties,
        }
    }
}

// ----- fixed cases -----------------------------------------------------------------------

const FULL: &str = r#"{"id":1,"type":"t","parent":"p","displayName":"d","note":"n","key":"k","map":{"x":1},"children":[{"id":2,"type":"c","parent":null}],"next":{"id":3,"type":"n"}}"#;

#[test]
fn every_field_shape_decodes_as_the_derive_did() {
    let thing = agree::<Thing, ThingDerived>(FULL, true).unwrap();
    assert_eq!(thing.display_name.as_deref(), Some("d"));
    assert_eq!(thing.note, Some(Some("n".into())));
    assert_eq!(thing.key.as_ref().map(|k| k.expose().as_str()), Some("k"));
    assert_eq!(thing.children.as_ref().map(Vec::len), Some(1));
    // Absent and null optional fields are `None`; an optional nullable one tells them apart.
    let absent = agree::<Thing, ThingDerived>(r#"{"id":1,"type":"t"}"#, true).unwrap();
    assert_eq!(
        (absent.display_name, absent.note, absent.parent),
        (None, None, None)
    );
    let null = agree::<Thing, ThingDerived>(
        r#"{"id":1,"type":"t","displayName":null,"note":null}"#,
        true,
    )
    .unwrap();
    assert_eq!((&null.display_name, &null.note), (&None, &Some(None)));
    // Encoding sends what decoding read: `Some(None)` as `null`, `None` not at all.
    let encoded = serde_json::to_string(&null).unwrap();
    assert_eq!(encoded, r#"{"id":1,"note":null,"parent":null,"type":"t"}"#);
    // A required nullable field is always sent.
    let full = serde_json::to_string(&thing).unwrap();
    assert!(
        full.starts_with(r#"{"children":[{"id":2,"parent":null,"type":"c"}],"displayName":"d""#),
        "{full}"
    );
}

#[test]
fn errors_name_the_field_as_the_derive_did() {
    let missing = agree::<Thing, ThingDerived>(r#"{"type":"t"}"#, true).unwrap_err();
    assert!(missing.starts_with("missing field `id`"), "{missing}");
    let duplicate =
        agree::<Thing, ThingDerived>(r#"{"id":1,"id":2,"type":"t"}"#, true).unwrap_err();
    assert!(duplicate.starts_with("duplicate field `id`"), "{duplicate}");
    let wrong = agree::<Thing, ThingDerived>(r#"{"id":"one","type":"t"}"#, true).unwrap_err();
    assert!(
        wrong.starts_with("invalid type: string \"one\", expected i64"),
        "{wrong}"
    );
    let not_object = agree::<Thing, ThingDerived>("3", true).unwrap_err();
    assert!(
        not_object.starts_with("invalid type: integer `3`, expected struct Thing"),
        "{not_object}"
    );
}

#[test]
fn unknown_and_escaped_keys() {
    // Unknown keys are skipped whatever their value; an escaped key is the same key.
    let json = r#"{"id":1,"t\u0079pe":"t","extra":{"deep":[1,{"x":null}]},"other":[]}"#;
    let thing = agree::<Thing, ThingDerived>(json, true).unwrap();
    assert_eq!(thing.r#type, "t");
}

#[test]
fn a_json_array_is_not_an_object() {
    // `#[derive(Deserialize)]` also accepted a struct as an array of its fields in order;
    // no API sends that for an object schema, and it is refused.
    let err = serde_json::from_str::<Thing>(r#"[null,null,1]"#).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("invalid type: sequence, expected struct Thing"),
        "{err}"
    );
    let err = serde_json::from_str::<Empty>("[]").unwrap_err();
    assert!(err.to_string().contains("expected struct Empty"), "{err}");
}

#[test]
fn additional_properties_are_kept() {
    let bag = agree::<Bag, BagDerived>(r#"{"a":1,"b":2,"c":3}"#, false).unwrap();
    assert_eq!(bag.a, Some(1));
    assert_eq!(bag.additional_properties.len(), 2);
    assert_eq!(
        serde_json::to_string(&bag).unwrap(),
        r#"{"a":1,"b":2,"c":3}"#
    );
    // A kept value of the wrong type is an error, as with `flatten`.
    assert!(agree::<Bag, BagDerived>(r#"{"b":"x"}"#, false).is_err());
    let free: Free = serde_json::from_str(r#"{"x":[1],"y":null}"#).unwrap();
    assert_eq!(free.additional_properties.len(), 2);
    let empty: Empty = serde_json::from_str(r#"{"anything":{"at":"all"}}"#).unwrap();
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
}

#[test]
fn inside_serde_enums() {
    let tagged: Tagged =
        serde_json::from_str(r#"{"kind":"thing","id":1,"type":"t","note":null}"#).unwrap();
    let Tagged::Thing(thing) = tagged else {
        panic!("{tagged:?}")
    };
    assert_eq!(thing.note, Some(None));
    let tagged: Tagged = serde_json::from_str(r#"{"a":5,"kind":"bag","z":6}"#).unwrap();
    assert_eq!(
        tagged,
        Tagged::Bag(Bag {
            a: Some(5),
            additional_properties: BTreeMap::from([("z".to_owned(), 6)]),
        })
    );
    let untagged: Untagged = serde_json::from_str(r#"{"id":1,"type":"t"}"#).unwrap();
    assert!(matches!(untagged, Untagged::Thing(_)), "{untagged:?}");
    let untagged: Untagged = serde_json::from_str(r#"{"a":1,"b":2}"#).unwrap();
    assert!(matches!(untagged, Untagged::Bag(_)), "{untagged:?}");
    // Not a `Thing` (no `id`), not a `Bag` (`type` is not an integer).
    assert!(serde_json::from_str::<Untagged>(r#"{"type":"t"}"#).is_err());
}

#[test]
fn secrets_stay_redacted() {
    let thing: Thing = serde_json::from_str(r#"{"id":1,"type":"t","key":"hunter2"}"#).unwrap();
    assert!(!format!("{thing:?}").contains("hunter2"));
}

// ----- generated cases -------------------------------------------------------------------

/// A JSON value of one of the shapes the fields take, or of none of them.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("null".to_owned()),
        Just("1".to_owned()),
        Just("-7".to_owned()),
        Just("2.5".to_owned()),
        Just("true".to_owned()),
        Just(r#""s""#.to_owned()),
        Just(r#""\u00e9\n""#.to_owned()),
        Just("[]".to_owned()),
        Just("{}".to_owned()),
        Just(r#"{"x":1}"#.to_owned()),
        Just(r#"[{"id":2,"type":"c"}]"#.to_owned()),
        Just(r#"[{"id":2}]"#.to_owned()),
        Just(r#"{"id":3,"type":"n","note":null}"#.to_owned()),
    ]
}

/// A key: every field's, escaped forms, and unknown ones.
fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id"),
        Just("type"),
        Just("t\\u0079pe"),
        Just("parent"),
        Just("displayName"),
        Just("note"),
        Just("key"),
        Just("map"),
        Just("children"),
        Just("next"),
        Just("a"),
        Just("other"),
        Just(""),
    ]
    .prop_map(str::to_owned)
}

fn object() -> impl Strategy<Value = String> {
    proptest::collection::vec((key(), value()), 0..8).prop_map(|entries| {
        let body: Vec<String> = entries
            .iter()
            .map(|(k, v)| format!("\"{k}\":{v}"))
            .collect();
        format!("{{{}}}", body.join(","))
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decodes_what_the_derive_decodes(json in object()) {
        let _ = agree::<Thing, ThingDerived>(&json, true);
        let _ = agree::<Bag, BagDerived>(&json, false);
    }
}

// ----- string enums ----------------------------------------------------------------------

/// As the generator writes a string enum.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum State {
    Ready,
    InProgress,
    Other(String),
}
crate::runtime::string_enum! {
    State {
        "ready" => Ready,
        "in-progress" => InProgress,
    }
}

/// As generated code declared `State` before `string_enum!`.
#[derive(Debug, Deserialize, Serialize)]
enum StateDerived {
    #[serde(rename = "ready")]
    Ready,
    #[serde(rename = "in-progress")]
    InProgress,
    #[serde(untagged)]
    Other(String),
}

#[test]
fn string_enums_keep_unknown_values_and_round_trip() {
    for (json, expected) in [
        (r#""ready""#, State::Ready),
        (r#""in-progress""#, State::InProgress),
        (r#""in-pro\u0067ress""#, State::InProgress),
        (r#""paused""#, State::Other("paused".into())),
        (r#""""#, State::Other(String::new())),
    ] {
        let ours: State = serde_json::from_str(json).unwrap();
        assert_eq!(ours, expected, "{json}");
        let twin: StateDerived = serde_json::from_str(json).unwrap();
        let encoded = serde_json::to_string(&ours).unwrap();
        assert_eq!(encoded, serde_json::to_string(&twin).unwrap(), "{json}");
        assert_eq!(serde_json::from_str::<State>(&encoded).unwrap(), ours);
        assert_eq!(ours.to_string(), ours.as_str());
        assert_eq!(ours.as_str().parse::<State>(), Ok(ours.clone()));
    }
    for json in ["1", "null", "[]", r#"{"ready":null}"#] {
        let err = serde_json::from_str::<State>(json).unwrap_err();
        assert!(
            err.to_string().contains("expected a string"),
            "{json}: {err}"
        );
    }
    for json in ["1", "null", "[]"] {
        assert!(
            serde_json::from_str::<StateDerived>(json).is_err(),
            "{json}"
        );
    }
    // (The derive also read `{"ready":null}` as `Ready`, serde's map form of a unit
    // variant; a string schema never sends that.)
    // Inside a struct and through a `serde_json::Value`.
    let value = serde_json::json!(["ready", "paused"]);
    let states: Vec<State> = serde_json::from_value(value).unwrap();
    assert_eq!(states, [State::Ready, State::Other("paused".into())]);
}

/// `readOnly` fields, as the generator writes them: read and written by their presence,
/// left out of what the client sends.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Account {
    pub id: Option<i64>,
    pub name: String,
    pub deleted_at: Option<Option<String>>,
    pub created_at: String,
}
crate::runtime::object! {
    Account {
        "id" => id: read_only_optional(Option<i64>),
        "name" => name: required(String),
        "deleted_at" => deleted_at: read_only_optional_nullable(Option<String>),
        "created_at" => created_at: read_only_required(String),
    }
}

#[test]
fn read_only_fields_are_kept_and_never_sent() {
    let read: Account = serde_json::from_str(
        r#"{"id": 7, "name": "a", "deleted_at": null, "created_at": "today"}"#,
    )
    .unwrap();
    assert_eq!(read.id, Some(7));
    assert_eq!(read.deleted_at, Some(None));
    assert_eq!(read.created_at, "today");
    let absent: Account = serde_json::from_str(r#"{"name": "a", "created_at": "x"}"#).unwrap();
    assert_eq!((absent.id, absent.deleted_at.clone()), (None, None));
    // A required read-only field is required when read.
    assert!(serde_json::from_str::<Account>(r#"{"name": "a"}"#).is_err());
    // A decoded value encodes back to what was received.
    assert_eq!(
        serde_json::to_value(&read).unwrap(),
        serde_json::json!({"id": 7, "name": "a", "deleted_at": null, "created_at": "today"})
    );
    assert_eq!(
        serde_json::to_value(&absent).unwrap(),
        serde_json::json!({"name": "a", "created_at": "x"})
    );
    // What the client sends leaves them out, nested too, and the flag does not outlive
    // the call.
    let sent = crate::runtime::ser::to_sent_vec(&vec![read.clone()]).unwrap();
    assert_eq!(String::from_utf8(sent).unwrap(), r#"[{"name":"a"}]"#);
    assert_eq!(
        crate::runtime::ser::to_sent_value(&read).unwrap(),
        serde_json::json!({"name": "a"})
    );
    assert!(serde_json::to_string(&read).unwrap().contains("created_at"));
}

/// An integer enum, as the generator writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Priority {
    Low,
    High,
    Minus1,
    Other(i64),
}
crate::runtime::integer_enum! {
    Priority {
        1 => Low,
        5 => High,
        -1 => Minus1,
    }
}

#[test]
fn integer_enums_keep_values_they_do_not_know() {
    let read: Vec<Priority> = serde_json::from_str("[1, 5, -1, 99]").unwrap();
    assert_eq!(
        read,
        [
            Priority::Low,
            Priority::High,
            Priority::Minus1,
            Priority::Other(99)
        ]
    );
    assert_eq!(serde_json::to_string(&read).unwrap(), "[1,5,-1,99]");
    assert_eq!(Priority::from(5), Priority::High);
    assert_eq!(Priority::High.to_string(), "5");
    assert!(serde_json::from_str::<Priority>("\"high\"").is_err());
    assert!(serde_json::from_str::<Priority>("1.5").is_err());
}

/// A tagged union, as the generator writes it.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Bag(Bag),
    Free(serde_json::Map<String, serde_json::Value>),
    Other(serde_json::Value),
}
crate::runtime::tagged! {
    Shape("kind") {
        "bag" => Bag,
        "free" => Free,
    }
}

#[test]
fn tagged_unions_write_the_tag_first_and_keep_unknown_tags() {
    let bag: Shape = serde_json::from_str(r#"{"a": 1, "kind": "bag", "b": 2}"#).unwrap();
    let Shape::Bag(inner) = &bag else {
        panic!("{bag:?}")
    };
    assert_eq!(inner.a, Some(1));
    // The tag is not one of the variant's properties.
    assert_eq!(
        inner.additional_properties,
        BTreeMap::from([("b".into(), 2)])
    );
    assert_eq!(
        serde_json::to_string(&bag).unwrap(),
        r#"{"kind":"bag","a":1,"b":2}"#
    );
    assert_eq!(bag.tag(), Some("bag"));

    let unknown: Shape = serde_json::from_str(r#"{"kind": "blob", "x": [1]}"#).unwrap();
    assert_eq!(
        unknown,
        Shape::Other(serde_json::json!({"kind": "blob", "x": [1]}))
    );
    assert_eq!(unknown.tag(), Some("blob"));
    assert_eq!(
        serde_json::to_value(&unknown).unwrap(),
        serde_json::json!({"kind": "blob", "x": [1]})
    );

    let missing = serde_json::from_str::<Shape>(r#"{"a": 1}"#).unwrap_err();
    assert!(
        missing.to_string().contains("missing field `kind`"),
        "{missing}"
    );
    let not_object = serde_json::from_str::<Shape>("[1]").unwrap_err();
    assert!(
        not_object.to_string().contains("expected an object"),
        "{not_object}"
    );
    let bad_variant = serde_json::from_str::<Shape>(r#"{"kind": "bag", "a": "x"}"#).unwrap_err();
    assert!(
        bad_variant.to_string().contains("invalid type"),
        "{bad_variant}"
    );
}

/// An untagged union, as the generator writes it: members in the order they are tried.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    State(State),
    Shape(Shape),
    Text(String),
    Number(i64),
    Any(serde_json::Value),
}
crate::runtime::untagged! {
    Choice {
        State,
        Shape,
        Text,
        Number,
        Any,
    }
}

/// What generated code derived before `untagged!`: the first member that decodes wins.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
enum ChoiceDerived {
    State(StateDerived),
    Text(String),
    Number(i64),
    Any(serde_json::Value),
}

#[test]
fn untagged_unions_take_the_member_a_value_fits_most_closely() {
    // A value one member fits is that member's, as with the derive.
    for json in [r#""ready""#, "7", "[true]"] {
        let ours: Choice = serde_json::from_str(json).unwrap();
        let derived: ChoiceDerived = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&derived).unwrap()
        );
    }
    assert_eq!(
        serde_json::from_str::<Choice>(r#""ready""#).unwrap(),
        Choice::State(State::Ready)
    );
    // The derive gives a string the enum does not know to the enum's `Other`; here it is
    // the string member's, which fits it exactly.
    assert!(matches!(
        serde_json::from_str::<ChoiceDerived>(r#""paused""#).unwrap(),
        ChoiceDerived::State(StateDerived::Other(_))
    ));
    assert_eq!(
        serde_json::from_str::<Choice>(r#""paused""#).unwrap(),
        Choice::Text("paused".into())
    );
    // A tag the tagged member does not know goes to any JSON, not to its `Other`.
    let blob = serde_json::json!({"kind": "blob"});
    assert_eq!(
        serde_json::from_value::<Choice>(blob.clone()).unwrap(),
        Choice::Any(blob)
    );
    // A tag the tagged member knows is its, whatever keys come with it.
    let bag = serde_json::from_str::<Choice>(r#"{"kind": "bag", "a": 1, "zzz": 2}"#).unwrap();
    assert!(matches!(bag, Choice::Shape(Shape::Bag(_))), "{bag:?}");
    // The fit is restored after decoding: an enum alone keeps unknown values again.
    assert_eq!(
        serde_json::from_str::<State>(r#""paused""#).unwrap(),
        State::Other("paused".into())
    );
}
