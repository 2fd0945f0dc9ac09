//! What the `Serialize` impls of generated object types call (see [`de`](super::de));
//! each writes one field as a map entry, or nothing.
//!
//! Hidden from rustdoc. It must write exactly what `#[derive(Serialize)]` with the same
//! field attributes wrote: `None` left out only for optional fields.

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
        extra(map, self)
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

/// A required field: always written.
pub fn required<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// A required field that may be `null`: always written, `None` as `null`.
pub fn nullable<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// An optional field: left out when `None`.
pub fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// An optional nullable field: left out when `None`, `null` when `Some(None)`.
pub fn optional_nullable<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<Option<T>>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// A read-only field (`readOnly`: the server sets it), whatever its presence: never
/// written.
pub fn never<M: SerializeMap, T: ?Sized>(
    _map: &mut M,
    _key: &'static str,
    _value: &T,
) -> Result<(), M::Error> {
    Ok(())
}

pub use never as read_only_required;
pub use never as read_only_nullable;
pub use never as read_only_optional;
pub use never as read_only_optional_nullable;

/// The entries of `additional_properties`, after the fields.
pub fn extra<M: SerializeMap, T: Serialize>(
    map: &mut M,
    extra: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    extra
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}
