//! The macros generated modules invoke after their types: `object!` (`Serialize` and
//! `Deserialize` of an object type, through [`ser`](super::ser) and [`de`](super::de)),
//! `string_enum!` and `integer_enum!` (an open enum's impls), `tagged!` and `untagged!`
//! (unions').
//!
//! Both are crate-private and reached by path, `crate::runtime::object!`, through the
//! `pub(crate) use` below and its re-export in `runtime`. They must never be
//! `#[macro_export]`ed (see `object!`), and must expand to the same behaviour as serde's
//! derives (tested in `templates/src/decoding_tests.rs`).

/// Implements `Serialize` and `Deserialize` for a generated object type (see
/// [`de`](super::de)); what the generator emits after each struct, one field per line,
/// in the struct's order, each with the type its value decodes as:
///
/// ```ignore
/// crate::runtime::object! {
///     Image {
///         "id" => id: required(i64),                          // `i64`
///         "parent" => parent: nullable(Option<i64>),          // `Option<i64>`, `None` sent as `null`
///         "name" => name: optional(Option<String>),           // `Option<String>`, `None` left out
///         "extra" => extra: optional_json(Value),             // `Option<Value>`, `null` kept as `Some(Value::Null)`
///         "digest" => digest: optional_nullable(Option<String>), // `Option<Option<String>>`, `Some(None)` is `null`
///         "created" => created: read_only_optional(Option<String>), // as `optional`, but never sent
///         ..additional_properties(Value)                      // keys no field names, if kept
///     }
/// }
/// ```
///
/// An object of more than twelve fields lists them in groups of at most twelve, each in
/// brackets (`[ "a" => a: required(i64), ... ]`), since its slots are a tuple of tuples.
///
/// The kind names the functions in [`ser`](super::ser) and [`de`](super::de) that write
/// and read the field. An object is written as a map (as serde's derive does with a
/// flattened field), which JSON cannot tell from a struct and which keeps formats that
/// write lengths correct when optional fields are left out. What the macro writes for
/// each type holds no generic control flow: the format-generic loops are the runtime's,
/// once (`de::object`, `ser::Writer`), which keeps `cargo check` of a large API cheap.
///
/// Not `#[macro_export]`: generated crates mark their modules `#[rustfmt::skip]`, which
/// makes an exported macro in them unusable by path; this is used as
/// `crate::runtime::object!` instead.
#[allow(unused_macros)] // In a crate with no object types.
macro_rules! object {
    // No fields.
    ($ty:ident { $(..$extra:ident ($ety:ty))? }) => {
        $crate::runtime::object!(@serde $ty {} $($extra)?);

        impl<'de> $crate::runtime::de::Object<'de> for $ty {
            const NAME: &'static str = ::std::stringify!($ty);
            const FIELDS: &'static [&'static str] = &[];
            type Slots = ();
            type Extra = $crate::runtime::object!(@extra $($ety)?);

            fn index(_key: &str) -> ::std::option::Option<usize> {
                ::std::option::Option::None
            }

            fn build(
                _slots: (),
                #[allow(unused_variables)] // Without `additional_properties`.
                extra: Self::Extra,
            ) -> ::std::result::Result<Self, &'static str> {
                ::std::result::Result::Ok(Self { $($extra: extra,)? })
            }
        }
    };
    // Up to twelve fields: one group.
    ($ty:ident {
        $($wire:literal => $field:ident: $kind:ident ($vty:ty),)+
        $(..$extra:ident ($ety:ty))?
    }) => {
        $crate::runtime::object!($ty {
            [$($wire => $field: $kind ($vty),)+]
            $(..$extra ($ety))?
        });
    };
    // Fields in groups of at most twelve.
    ($ty:ident {
        $([$($wire:literal => $field:ident: $kind:ident ($vty:ty),)+])+
        $(..$extra:ident ($ety:ty))?
    }) => {
        $crate::runtime::object!(@serde $ty { $($($wire => $field: $kind,)+)+ } $($extra)?);

        impl<'de> $crate::runtime::de::Object<'de> for $ty {
            const NAME: &'static str = ::std::stringify!($ty);
            const FIELDS: &'static [&'static str] = &[$($($wire,)+)+];
            type Slots = ($(($(::std::option::Option<$vty>,)+),)+);
            type Extra = $crate::runtime::object!(@extra $($ety)?);

            fn index(key: &str) -> ::std::option::Option<usize> {
                let mut index = 0;
                $($(
                    if key == $wire {
                        return ::std::option::Option::Some(index);
                    }
                    index += 1;
                )+)+
                let _ = index; // The last field's increment is never read.
                ::std::option::Option::None
            }

            fn build(
                slots: Self::Slots,
                #[allow(unused_variables)] // Without `additional_properties`.
                extra: Self::Extra,
            ) -> ::std::result::Result<Self, &'static str> {
                let ($(($($field,)+),)+) = slots;
                match ($($($crate::runtime::de::$kind($field),)+)+) {
                    ($($(::std::option::Option::Some($field),)+)+) => {
                        ::std::result::Result::Ok(Self { $($($field,)+)+ $($extra: extra,)? })
                    }
                    ($($($field,)+)+) => ::std::result::Result::Err($crate::runtime::de::missing(
                        Self::FIELDS,
                        &[$($($field.is_none(),)+)+],
                    )),
                }
            }
        }
    };
    // `Serialize` and `Deserialize`, which are the same for every object.
    (@serde $ty:ident { $($wire:literal => $field:ident: $kind:ident,)* } $($extra:ident)?) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                $crate::runtime::ser::object(self, serializer)
            }
        }

        impl $crate::runtime::ser::Fields for $ty {
            fn write_fields<M: ::serde::ser::SerializeMap>(
                &self,
                map: &mut M,
            ) -> ::std::result::Result<(), M::Error> {
                #[allow(unused_mut)] // With no fields.
                let mut writer = $crate::runtime::ser::Writer::new(map);
                $($crate::runtime::ser::$kind(&mut writer, $wire, &self.$field);)*
                $($crate::runtime::ser::extra(&mut writer, &self.$extra);)?
                writer.finish()
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::object(deserializer)
            }
        }
    };
    // What keys no field names go into: skipped, or `additional_properties`.
    (@extra) => { $crate::runtime::de::Skip };
    (@extra $ety:ty) => {
        ::std::collections::BTreeMap<::std::string::String, $ety>
    };
}
#[allow(unused_imports)] // In a crate with no object types.
pub(crate) use object;

/// Gives a generated string enum (its known values as unit variants, and `Other(String)`
/// for any other value) `as_str`, `Display`, `From<&str>`, `From<String>` and `FromStr`
/// (which never fail), and
/// `Serialize`/`Deserialize` as a JSON string; what the generator emits after each such
/// enum, one value per line:
///
/// ```ignore
/// crate::runtime::string_enum! {
///     SnapshotState {
///         "creating" => Creating,
///         "ready" => Ready,
///     }
/// }
/// ```
#[allow(unused_macros)] // In a crate with no string enums.
macro_rules! string_enum {
    ($ty:ident { $($value:literal => $variant:ident,)* }) => {
        impl $ty {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::convert::From<&str> for $ty {
            /// Never fails: a value this client does not know becomes `Other`.
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    _ => Self::Other(value.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for $ty {
            /// Never fails: a value this client does not know becomes `Other`.
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Other(value),
                }
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = ::std::convert::Infallible;

            /// Never fails: a value this client does not know becomes `Other`.
            fn from_str(value: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::string_enum(deserializer, |value: &Self| {
                    ::std::matches!(value, Self::Other(_))
                })
            }
        }
    };
}
#[allow(unused_imports)] // In a crate with no string enums.
pub(crate) use string_enum;

/// Gives a generated integer enum (its known values as unit variants, and `Other(i64)` for
/// any other value) `value`, `From<i64>` (which never fails), `Display`, and
/// `Serialize`/`Deserialize` as a JSON integer; what the generator emits after each such
/// enum, one value per line:
///
/// ```ignore
/// crate::runtime::integer_enum! {
///     Priority {
///         1 => Low,
///         -1 => Minus1,
///     }
/// }
/// ```
#[allow(unused_macros)] // In a crate with no integer enums.
macro_rules! integer_enum {
    ($ty:ident { $($value:literal => $variant:ident,)* }) => {
        impl $ty {
            /// The value as it travels on the wire.
            pub fn value(self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Other(value) => value,
                }
            }
        }

        impl ::std::convert::From<i64> for $ty {
            /// Never fails: a value this client does not know becomes `Other`.
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Other(other),
                }
            }
        }

        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::integer_enum(deserializer, |value: &Self| {
                    ::std::matches!(value, Self::Other(_))
                })
            }
        }
    };
}
#[allow(unused_imports)] // In a crate with no integer enums.
pub(crate) use integer_enum;

/// Gives a generated tagged union (a `oneOf` with a discriminator: one variant per tag
/// value, and `Other(serde_json::Value)` for a tag value this client does not know)
/// `Serialize` (the tag, then the variant's fields) and `Deserialize` (by the tag; an
/// unknown one keeps the whole object); what the generator emits after each such enum:
///
/// ```ignore
/// crate::runtime::tagged! {
///     Pet("kind") {
///         "cat" => Cat,
///         "dog" => Dog,
///     }
/// }
/// ```
#[allow(unused_macros)] // In a crate with no tagged unions.
macro_rules! tagged {
    ($ty:ident($tag:literal) { $($value:literal => $variant:ident,)* }) => {
        impl $ty {
            /// The tag's value, as it travels on the wire (`None` for `Other` without one).
            pub fn tag(&self) -> ::std::option::Option<&str> {
                match self {
                    $(Self::$variant(_) => ::std::option::Option::Some($value),)*
                    Self::Other(value) => value.get($tag).and_then(|tag| tag.as_str()),
                }
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(variant) => {
                        $crate::runtime::ser::tagged(serializer, $tag, $value, variant)
                    })*
                    Self::Other(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let (value, object) = $crate::runtime::de::tagged(deserializer, $tag)?;
                match value.as_str() {
                    $($value => $crate::runtime::de::variant(object).map(Self::$variant),)*
                    _ => $crate::runtime::de::unknown_variant($tag, value, object).map(Self::Other),
                }
            }
        }
    };
}
#[allow(unused_imports)] // In a crate with no tagged unions.
pub(crate) use tagged;

/// Gives a generated untagged union (a `oneOf`/`anyOf` without a discriminator: one
/// variant per member, in the order they are tried) `Serialize` (the variant's value) and
/// `Deserialize` (the member the value fits most closely: see
/// [`de::Fit`](super::de::Fit)); what the generator emits after each such enum:
///
/// ```ignore
/// crate::runtime::untagged! {
///     Shape {
///         Circle,
///         Square,
///         String,
///     }
/// }
/// ```
#[allow(unused_macros)] // In a crate with no untagged unions.
macro_rules! untagged {
    ($ty:ident { $($variant:ident,)* }) => {
        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    $(Self::$variant(value) => ::serde::Serialize::serialize(value, serializer),)*
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::runtime::de::untagged(deserializer, ::std::stringify!($ty), &[
                    $(|value| ::serde::Deserialize::deserialize(value).map(Self::$variant),)*
                ])
            }
        }
    };
}
#[allow(unused_imports)] // In a crate with no untagged unions.
pub(crate) use untagged;
