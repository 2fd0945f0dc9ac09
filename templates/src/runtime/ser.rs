//! What the `Serialize` impls of generated object types call (see [`de`](super::de));
//! each writes one field as a map entry, or nothing.
//!
//! Hidden from rustdoc. It must write exactly what `#[derive(Serialize)]` with the same
//! field attributes wrote: `None` left out only for optional fields.

use std::collections::BTreeMap;

use serde::ser::SerializeMap;
use serde::Serialize;

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

/// A read-only field (`readOnly`: the server sets it): never written.
pub fn read_only<M: SerializeMap, T: Serialize>(
    _map: &mut M,
    _key: &'static str,
    _value: &Option<T>,
) -> Result<(), M::Error> {
    Ok(())
}

/// A read-only field that may be `null`: never written.
pub fn read_only_nullable<M: SerializeMap, T: Serialize>(
    _map: &mut M,
    _key: &'static str,
    _value: &Option<Option<T>>,
) -> Result<(), M::Error> {
    Ok(())
}

/// The entries of `additional_properties`, after the fields.
pub fn extra<M: SerializeMap, T: Serialize>(
    map: &mut M,
    extra: &BTreeMap<String, T>,
) -> Result<(), M::Error> {
    extra
        .iter()
        .try_for_each(|(key, value)| map.serialize_entry(key, value))
}
