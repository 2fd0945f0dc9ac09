//! What the `Serialize` impls of generated object types call (see [`de`](super::de));
//! each writes one field as a map entry, or nothing.
//!
//! Hidden from rustdoc. It must write exactly what `#[derive(Serialize)]` with the same
//! field attributes wrote: `None` left out only for optional fields.
//!
//! A read-only field (`readOnly`: the server sets it) is written like any other, so that
//! a decoded response encodes back to what was received (users cache, log and forward
//! values); only what the client sends leaves it out. The request path serializes
//! parameters and bodies inside [`sending`], which the read-only writers consult.

use std::cell::Cell;
use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::Serialize;

/// A value written as the entries of a map: generated object types (through `object!`)
/// and maps, so a tagged union can write its tag and then the variant's entries.
pub trait Fields {
    /// Writes the entries.
    fn write_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

impl<T: Serialize> Fields for BTreeMap<String, T> {
    fn write_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

impl Fields for serde_json::Map<String, serde_json::Value> {
    fn write_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter()
            .try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

/// A variant of a tagged union: the tag, then the variant's entries.
pub fn tagged<S: serde::Serializer, T: Fields>(
    serializer: S,
    tag: &'static str,
    value: &'static str,
    variant: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(tag, value)?;
    variant.write_fields(&mut map)?;
    map.end()
}

/// Writes an object's fields into a map, in order, and keeps the first error: the
/// fields after it are not written. Each field is one call without control flow in the
/// generated `write_fields`, which keeps `cargo check` of a large API cheap.
pub struct Writer<'a, M: SerializeMap> {
    map: &'a mut M,
    error: Option<M::Error>,
}

impl<'a, M: SerializeMap> Writer<'a, M> {
    /// A writer of the fields into `map`.
    pub fn new(map: &'a mut M) -> Self {
        Writer { map, error: None }
    }

    /// Writes the entry `key`: `value`, unless an earlier entry failed.
    fn entry<T: Serialize + ?Sized>(&mut self, key: &str, value: &T) {
        if self.error.is_none() {
            if let Err(error) = self.map.serialize_entry(key, value) {
                self.error = Some(error);
            }
        }
    }

    /// The first error, if an entry failed.
    pub fn finish(self) -> Result<(), M::Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

/// `Serialize::serialize` of a generated object type: a map of its fields.
pub fn object<T: Fields, S: serde::Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(None)?;
    value.write_fields(&mut map)?;
    map.end()
}

/// A required field: always written.
pub fn required<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &T,
) {
    map.entry(key, value);
}

/// A required field that may be `null`: always written, `None` as `null`.
pub fn nullable<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    map.entry(key, value);
}

/// An optional field: left out when `None`.
pub fn optional<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    if let Some(value) = value {
        map.entry(key, value);
    }
}

/// An optional field of any JSON: left out when `None`; `Some(Value::Null)` is `null`.
pub fn optional_json<M: SerializeMap>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<serde_json::Value>,
) {
    optional(map, key, value);
}

/// An optional nullable field: left out when `None`, `null` when `Some(None)`.
pub fn optional_nullable<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<Option<T>>,
) {
    if let Some(value) = value {
        map.entry(key, value);
    }
}

thread_local! {
    /// Whether the value being serialized on this thread is sent by the client.
    static SENDING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `serialize` as the serialization of something the client sends: read-only fields
/// are left out of it. Serialization is synchronous, so a flag on the thread marks it
/// exactly; the previous state comes back afterwards, even if `serialize` panics.
pub fn sending<R>(serialize: impl FnOnce() -> R) -> R {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            SENDING.with(|sending| sending.set(self.0));
        }
    }
    let _restore = Restore(SENDING.with(|sending| sending.replace(true)));
    serialize()
}

/// `serde_json::to_value` of something the client sends (see [`sending`]).
pub fn to_sent_value<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<serde_json::Value> {
    sending(|| serde_json::to_value(value))
}

/// `serde_json::to_vec` of something the client sends (see [`sending`]).
pub fn to_sent_vec<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    sending(|| serde_json::to_vec(value))
}

fn is_sending() -> bool {
    SENDING.with(Cell::get)
}

/// A read-only required field: written, except in what the client sends.
pub fn read_only_required<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &T,
) {
    if !is_sending() {
        required(map, key, value);
    }
}

/// A read-only required field that may be `null`: written, except in what the client
/// sends.
pub fn read_only_nullable<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    if !is_sending() {
        nullable(map, key, value);
    }
}

/// A read-only optional field: written when set, except in what the client sends.
pub fn read_only_optional<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<T>,
) {
    if !is_sending() {
        optional(map, key, value);
    }
}

/// A read-only optional field of any JSON: written when set, except in what the client
/// sends.
pub fn read_only_optional_json<M: SerializeMap>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<serde_json::Value>,
) {
    if !is_sending() {
        optional_json(map, key, value);
    }
}

/// A read-only optional nullable field: written when set, except in what the client
/// sends.
pub fn read_only_optional_nullable<M: SerializeMap, T: Serialize>(
    map: &mut Writer<'_, M>,
    key: &'static str,
    value: &Option<Option<T>>,
) {
    if !is_sending() {
        optional_nullable(map, key, value);
    }
}

/// The entries of `additional_properties`, after the fields.
pub fn extra<M: SerializeMap, T: Serialize>(map: &mut Writer<'_, M>, extra: &BTreeMap<String, T>) {
    for (key, value) in extra {
        map.entry(key, value);
    }
}
