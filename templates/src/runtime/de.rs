//! What the `Deserialize` impls of generated types call; not meant for use by hand.
//!
//! Generated object types implement `Serialize` and `Deserialize` through the `object!`
//! macro, and string enums through `FromStr`, instead of serde's derives: the derives emit
//! a field-name enum, a sequence visitor, a wrapper type per `deserialize_with` field and
//! a length sum over the optional fields for every struct, several hundred lines each, and
//! on large APIs that code is most of what `cargo check` of the generated crate spends its
//! time on. What is decoded is what the derives decoded: a JSON object (extra keys
//! ignored or kept in `additional_properties`); a missing required field, a duplicate key
//! or a value of the wrong type is an error naming the field; a missing or `null` optional
//! field is `None`.
//!
//! Hidden from rustdoc. It must never accept what the derives rejected, nor reject what
//! they accepted: `templates/src/decoding_tests.rs` holds it to serde's derives.

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserializer, Error, IgnoredAny, MapAccess, Visitor};
use serde::Deserialize;

/// A generated object type: its Rust name, its fields' wire names in declaration order,
/// the slots its fields' values are read into, and how it is built from them.
///
/// Reading a map is generic over the format (`MapAccess`), and generic code in every
/// type is what `cargo check` of a large API spends its time on. So the generic part is
/// here, once: [`object`] reads each key, finds its field's index in `FIELDS` and reads
/// the value into that field's slot ([`Slots`], implemented for `Option<T>` and tuples);
/// the type's own code, [`build`](Object::build), only moves the slots into the struct.
pub trait Object<'de>: Sized {
    /// The type's Rust name, for "expected struct ..." messages.
    const NAME: &'static str;
    /// The wire name of each field.
    const FIELDS: &'static [&'static str];
    /// One slot per field, in the order of `FIELDS`: `Option<T>`, where `T` is what the
    /// field's value decodes as, in tuples of at most twelve.
    type Slots: Slots<'de>;
    /// Where the entries of keys no field names go.
    type Extra: Extra<'de>;
    /// The index in `FIELDS` of the field named `key`: a comparison with each name in
    /// turn, which the compiler turns into a few integer comparisons (a search of
    /// `FIELDS` made decoding GitHub's 94-field `FullRepository` a fifth slower).
    fn index(key: &str) -> Option<usize>;
    /// The value from its slots, or the wire name of the first required field that is
    /// missing.
    fn build(slots: Self::Slots, extra: Self::Extra) -> Result<Self, &'static str>;
}

/// The slots of an object's fields while its map is read: `Option<T>` for one field,
/// a tuple of slots for several.
pub trait Slots<'de>: Sized {
    /// How many fields.
    const LEN: usize;
    /// Every slot empty.
    fn empty() -> Self;
    /// Reads the value of the field at `index` (`name` on the wire) from `map`.
    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        name: &'static str,
        map: &mut A,
    ) -> Result<(), A::Error>;
}

impl<'de, T: Deserialize<'de>> Slots<'de> for Option<T> {
    const LEN: usize = 1;

    fn empty() -> Self {
        None
    }

    fn read<A: MapAccess<'de>>(
        &mut self,
        _index: usize,
        name: &'static str,
        map: &mut A,
    ) -> Result<(), A::Error> {
        field(map, self, name)
    }
}

/// [`Slots`] for a tuple of slots: the field at `index` is in the first element whose
/// fields reach past it.
macro_rules! tuple_slots {
    ($($slot:ident $place:tt),+) => {
        impl<'de, $($slot: Slots<'de>),+> Slots<'de> for ($($slot,)+) {
            const LEN: usize = 0 $(+ $slot::LEN)+;

            fn empty() -> Self {
                ($($slot::empty(),)+)
            }

            fn read<A: MapAccess<'de>>(
                &mut self,
                index: usize,
                name: &'static str,
                map: &mut A,
            ) -> Result<(), A::Error> {
                let mut start = 0;
                $(
                    if index < start + $slot::LEN {
                        return self.$place.read(index - start, name, map);
                    }
                    start += $slot::LEN;
                )+
                Err(A::Error::custom(format_args!("no field {index} of {start}")))
            }
        }
    };
}

impl<'de> Slots<'de> for () {
    const LEN: usize = 0;

    fn empty() -> Self {}

    fn read<A: MapAccess<'de>>(
        &mut self,
        index: usize,
        _name: &'static str,
        _map: &mut A,
    ) -> Result<(), A::Error> {
        Err(A::Error::custom(format_args!("no field {index} of 0")))
    }
}

tuple_slots!(S0 0);
tuple_slots!(S0 0, S1 1);
tuple_slots!(S0 0, S1 1, S2 2);
tuple_slots!(S0 0, S1 1, S2 2, S3 3);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26, S27 27);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26, S27 27, S28 28);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26, S27 27, S28 28, S29 29);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26, S27 27, S28 28, S29 29, S30 30);
tuple_slots!(S0 0, S1 1, S2 2, S3 3, S4 4, S5 5, S6 6, S7 7, S8 8, S9 9, S10 10, S11 11, S12 12, S13 13, S14 14, S15 15, S16 16, S17 17, S18 18, S19 19, S20 20, S21 21, S22 22, S23 23, S24 24, S25 25, S26 26, S27 27, S28 28, S29 29, S30 30, S31 31);

/// Where the entries of an object's keys that name no field go: skipped ([`Skip`]), or
/// kept in `additional_properties` (a `BTreeMap`).
pub trait Extra<'de>: Sized {
    /// Nothing kept yet.
    fn empty() -> Self;
    /// Takes the entry of `key`.
    fn read<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error>;
}

/// An object without `additional_properties`: keys no field names are skipped.
pub struct Skip;

impl<'de> Extra<'de> for Skip {
    fn empty() -> Self {
        Skip
    }

    fn read<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        skip(map, &key)
    }
}

impl<'de, T: Deserialize<'de>> Extra<'de> for BTreeMap<String, T> {
    fn empty() -> Self {
        BTreeMap::new()
    }

    fn read<A: MapAccess<'de>>(&mut self, key: Key<'de>, map: &mut A) -> Result<(), A::Error> {
        extra(map, self, key)
    }
}

/// `Deserialize::deserialize` of an [`Object`]: a map (a JSON object), nothing else.
pub fn object<'de, T: Object<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut slots = T::Slots::empty();
        let mut extra = T::Extra::empty();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match T::index(key.as_str()) {
                Some(index) => slots.read(index, T::FIELDS[index], &mut map)?,
                None => extra.read(key, &mut map)?,
            }
        }
        T::build(slots, extra).map_err(A::Error::missing_field)
    }
}

/// A map key, borrowed from the input where the format allows.
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key, owned.
    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_identifier(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Borrowed(key)))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key.to_owned())))
    }

    fn visit_string<E: Error>(self, key: String) -> Result<Key<'de>, E> {
        Ok(Key(Cow::Owned(key)))
    }

    fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Bytes(key),
                &"a UTF-8 field name",
            )),
        }
    }

    fn visit_borrowed_bytes<E: Error>(self, key: &'de [u8]) -> Result<Key<'de>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_borrowed_str(key),
            Err(_) => Err(E::invalid_value(
                serde::de::Unexpected::Bytes(key),
                &"a UTF-8 field name",
            )),
        }
    }
}

/// Reads the value of field `name` into `slot`; a second value for it is an error, as
/// with `#[derive(Deserialize)]`.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(A::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that names no field; while a union tries its members for an
/// exact fit (see [`untagged`]), the key is an error instead.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A, key: &Key<'de>) -> Result<(), A::Error> {
    if fit() == Fit::Exact {
        return Err(A::Error::custom(format_args!(
            "unknown field `{}`",
            key.as_str()
        )));
    }
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Keeps the entry of a key that names no field in `additional_properties`.
pub fn extra<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extra: &mut BTreeMap<String, T>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.insert(key.into_owned(), value);
    Ok(())
}

// What `Object::build` makes of each field's slot, by the field's kind: `Some(value)`,
// or `None` for a required field that is missing. Only `required` can be `None`, so
// `build` is one `match` over every field's value.

/// A required field `T`: `None`, which is an error, when missing.
pub fn required<T>(slot: Option<T>) -> Option<T> {
    slot
}

/// An optional field `Option<T>`: `None` when the key is absent or `null`.
pub fn optional<T>(slot: Option<Option<T>>) -> Option<Option<T>> {
    Some(slot.flatten())
}

/// An optional field of any JSON, `Option<Value>`: `None` when the key is absent,
/// `Some(Value::Null)` when it is `null` (any JSON admits `null`, so it is kept).
pub fn optional_json<T>(slot: Option<T>) -> Option<Option<T>> {
    Some(slot)
}

/// A required field that may be `null`, `Option<T>`: `None` when `null`, and also when
/// absent, as `#[derive(Deserialize)]` did.
pub fn nullable<T>(slot: Option<Option<T>>) -> Option<Option<T>> {
    Some(slot.flatten())
}

/// An optional nullable field `Option<Option<T>>`: `None` when the key is absent,
/// `Some(None)` when it is `null`.
pub fn optional_nullable<T>(slot: Option<Option<T>>) -> Option<Option<Option<T>>> {
    Some(slot)
}

/// The wire name of the first field whose value is missing (`fields` and `missing` in
/// the same order), for `Object::build`'s error.
pub fn missing(fields: &'static [&'static str], missing: &[bool]) -> &'static str {
    missing
        .iter()
        .zip(fields)
        .find_map(|(missing, name)| missing.then_some(*name))
        .unwrap_or("")
}

// Read-only fields (`readOnly`) are read like any other of their presence (and never
// sent: see `ser`).
pub use nullable as read_only_nullable;
pub use optional as read_only_optional;
pub use optional_json as read_only_optional_json;
pub use optional_nullable as read_only_optional_nullable;
pub use required as read_only_required;

/// The first half of decoding a tagged union: the object, buffered, and its tag's value
/// (removed from it). Not an object, no tag or a tag that is not a string are errors.
pub fn tagged<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &'static str,
) -> Result<(String, serde_json::Map<String, serde_json::Value>), D::Error> {
    let mut object = match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Object(object) => object,
        other => {
            return Err(D::Error::custom(format_args!(
                "invalid type: {}, expected an object with a `{tag}`",
                kind_of(&other)
            )))
        }
    };
    match object.remove(tag) {
        Some(serde_json::Value::String(value)) => Ok((value, object)),
        Some(other) => Err(D::Error::custom(format_args!(
            "invalid type for `{tag}`: {}, expected a string",
            kind_of(&other)
        ))),
        None => Err(D::Error::missing_field(tag)),
    }
}

/// The second half: the variant's value from the rest of the object.
pub fn variant<T: serde::de::DeserializeOwned, E: Error>(
    object: serde_json::Map<String, serde_json::Value>,
) -> Result<T, E> {
    T::deserialize(serde_json::Value::Object(object)).map_err(E::custom)
}

/// A tag value the union does not know: the whole object, tag included, as sent; while a
/// union tries its members for a known fit (see [`untagged`]), an error instead.
pub fn unknown_variant<E: Error>(
    tag: &'static str,
    value: String,
    mut object: serde_json::Map<String, serde_json::Value>,
) -> Result<serde_json::Value, E> {
    if fit() <= Fit::Known {
        return Err(E::custom(format_args!("unknown `{tag}` `{value}`")));
    }
    object.insert(tag.to_owned(), serde_json::Value::String(value));
    Ok(serde_json::Value::Object(object))
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "sequence",
        serde_json::Value::Object(_) => "map",
    }
}

/// `Deserialize::deserialize` of a string enum: any string, parsed by the enum's
/// `FromStr` (which keeps a value it does not know as `Other`).
/// `is_other` tells a value the enum does not know, which is an error while a union
/// tries its members for a known fit (see [`untagged`]).
pub fn string_enum<'de, T, D>(deserializer: D, is_other: fn(&T) -> bool) -> Result<T, D::Error>
where
    T: std::str::FromStr<Err = std::convert::Infallible>,
    D: Deserializer<'de>,
{
    let value = deserializer.deserialize_str(StringEnumVisitor(PhantomData))?;
    known(value, is_other)
}

/// `Deserialize::deserialize` of an integer enum: any integer, as the enum's `From<i64>`
/// reads it (a value it does not know is `Other`, except while a union tries its members
/// for a known fit).
pub fn integer_enum<'de, T, D>(deserializer: D, is_other: fn(&T) -> bool) -> Result<T, D::Error>
where
    T: From<i64>,
    D: Deserializer<'de>,
{
    let value = T::from(i64::deserialize(deserializer)?);
    known(value, is_other)
}

/// `value`, unless it is a value its enum does not know and a union is trying its
/// members for a known fit.
fn known<T, E: Error>(value: T, is_other: fn(&T) -> bool) -> Result<T, E> {
    if fit() <= Fit::Known && is_other(&value) {
        return Err(E::custom("a value the enum does not know"));
    }
    Ok(value)
}

/// How closely a value must fit a member of an untagged union for the member to be chosen.
///
/// An untagged union tries its members in order (the ones that accept the fewest values
/// first), first for an exact fit, then for a known one, then for any; a member decodes
/// a value only when no member fits it more closely. So an open enum's `Other`, a tagged
/// union's unknown tag or a struct that ignores keys it does not name never take a value
/// another member describes exactly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fit {
    /// Every value known and every key named (objects without `additional_properties`
    /// refuse keys they do not name).
    Exact,
    /// Every enum value and tag known; unnamed keys ignored.
    Known,
    /// Whatever decodes: unknown values kept in `Other`. Decoding outside any union.
    Any,
}

thread_local! {
    /// The fit the members of the untagged union being decoded on this thread must have.
    static FIT: Cell<Fit> = const { Cell::new(Fit::Any) };
}

/// The fit the value being decoded must have ([`Fit::Any`] outside an untagged union).
pub fn fit() -> Fit {
    FIT.with(Cell::get)
}

/// A member of an untagged union: decodes the buffered value as one variant.
pub type Member<T> = fn(&serde_json::Value) -> Result<T, serde_json::Error>;

/// `Deserialize::deserialize` of an untagged union (see [`Fit`]): the value buffered, then
/// each member tried in order for an exact fit, then a known one, then any. A union
/// inside a member being tried for an exact fit only tries its own members for an exact
/// fit too. Decoding is synchronous, so the fit is a flag on the thread, set for the
/// members and restored afterwards (even if a member panics).
pub fn untagged<'de, T, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
    members: &[Member<T>],
) -> Result<T, D::Error> {
    struct Restore(Fit);
    impl Drop for Restore {
        fn drop(&mut self) {
            FIT.with(|fit| fit.set(self.0));
        }
    }
    let value = serde_json::Value::deserialize(deserializer)?;
    let outer = fit();
    let _restore = Restore(outer);
    for level in [Fit::Exact, Fit::Known, Fit::Any] {
        if level > outer {
            break;
        }
        FIT.with(|fit| fit.set(level));
        if let Some(found) = members.iter().find_map(|member| member(&value).ok()) {
            return Ok(found);
        }
    }
    Err(D::Error::custom(format_args!(
        "data did not match any variant of untagged enum {name}"
    )))
}

struct StringEnumVisitor<T>(PhantomData<T>);

impl<'de, T: std::str::FromStr<Err = std::convert::Infallible>> Visitor<'de>
    for StringEnumVisitor<T>
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: Error>(self, value: &str) -> Result<T, E> {
        match value.parse() {
            Ok(value) => Ok(value),
            Err(never) => match never {},
        }
    }
}
