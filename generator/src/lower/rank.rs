//! How an untagged enum orders its members, and whether a value may fit several: each
//! member's [`Rank`] (the derived order is the order serde tries them) and what it
//! requires and names ([`MemberInfo`]).

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::all_of::collect_object;
use super::facts::{has_union, is_null_schema, is_nullable, string_enum_values, ValueKind};
use super::Lowerer;

impl Lowerer<'_> {
    /// How early an untagged enum tries a member and, for objects, the properties it
    /// requires and knows.
    pub(super) fn member_info(&self, member: &ReferenceOr<Schema>) -> MemberInfo {
        let info = |rank: Rank| MemberInfo {
            rank,
            required: BTreeSet::new(),
            properties: BTreeSet::new(),
            open: false,
            values: BTreeSet::new(),
            pinned: BTreeMap::new(),
            kinds: BTreeMap::new(),
            item_kind: None,
        };
        let Some(s) = self.refs.resolve(member) else {
            return info(Rank::Any);
        };
        if s.schema_data.discriminator.is_some() && has_union(s) {
            return info(Rank::Tagged);
        }
        if let Some(values) = string_enum_values(s) {
            return MemberInfo {
                values: values.into_iter().collect(),
                ..info(Rank::StringEnum)
            };
        }
        if has_union(s) {
            return info(if self.accepts_any_scalar(s, 0) {
                Rank::LooseUnion
            } else {
                Rank::Mixed
            });
        }
        if let Some(obj) = collect_object(self, s, 0) {
            let properties: BTreeSet<String> = obj.properties.keys().cloned().collect();
            let required: BTreeSet<String> = obj
                .required
                .iter()
                .filter(|r| properties.contains(*r))
                .cloned()
                .collect();
            let rank = if properties.is_empty() {
                Rank::EmptyObject
            } else {
                Rank::Object {
                    required: Reverse(required.len()),
                    properties: Reverse(properties.len()),
                }
            };
            let pinned = properties
                .iter()
                .filter_map(|key| Some((key.clone(), self.pinned_in(&obj, key)?)))
                .collect();
            let kinds = required
                .iter()
                .filter_map(|key| {
                    let property = self.refs.resolve_boxed(obj.properties.get(key)?)?;
                    if is_nullable(property) {
                        return None;
                    }
                    Some((key.clone(), self.kind_of(property, 0)?))
                })
                .collect();
            return MemberInfo {
                rank,
                required,
                properties,
                pinned,
                kinds,
                open: matches!(
                    obj.additional,
                    Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_))
                ),
                values: BTreeSet::new(),
                item_kind: None,
            };
        }
        if self.kind_of(s, 0) == Some(ValueKind::Array) {
            return MemberInfo {
                item_kind: self.item_kind(s),
                ..info(Rank::Array)
            };
        }
        info(match self.kind_of(s, 0) {
            Some(ValueKind::Array) => Rank::Array,
            Some(ValueKind::Integer) => Rank::Integer,
            Some(ValueKind::Number) => Rank::Number,
            Some(ValueKind::Boolean) => Rank::Boolean,
            Some(ValueKind::String) if self.has_typed_format(s) => Rank::FormattedString,
            Some(ValueKind::String) => Rank::String,
            Some(ValueKind::Object) | None => Rank::Any,
        })
    }
}

impl Lowerer<'_> {
    /// The one kind of value the items of an array schema take, not `null`.
    fn item_kind(&self, s: &Schema) -> Option<ValueKind> {
        let items = match &s.schema_kind {
            SchemaKind::Type(Type::Array(array)) => array.items.as_ref()?,
            SchemaKind::Any(any) => any.items.as_ref()?,
            _ => return None,
        };
        let item = self.refs.resolve_boxed(items)?;
        if is_nullable(item) || has_union(item) {
            return None;
        }
        self.kind_of_boxed(items)
    }

    /// Whether a union has a member (at any depth) that accepts every string, number or
    /// boolean, or any value: such a union takes a known model id meant for a sibling
    /// string enum (OpenAI's `ModelIdsResponses: anyOf [ModelIdsShared: anyOf [string,
    /// enum], ResponsesOnlyModel: enum]`), so it is tried after the scalars.
    fn accepts_any_scalar(&self, s: &Schema, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let members: &[ReferenceOr<Schema>] = match &s.schema_kind {
            SchemaKind::OneOf { one_of } => one_of,
            SchemaKind::AnyOf { any_of } => any_of,
            SchemaKind::Any(any) if !any.one_of.is_empty() => &any.one_of,
            SchemaKind::Any(any) => &any.any_of,
            _ => &[],
        };
        members
            .iter()
            .filter(|m| !is_null_schema(m))
            .any(|m| match self.refs.resolve(m) {
                Some(inner) if has_union(inner) => self.accepts_any_scalar(inner, depth + 1),
                _ => matches!(
                    self.member_info(m).rank,
                    Rank::Integer
                        | Rank::Number
                        | Rank::Boolean
                        | Rank::FormattedString
                        | Rank::String
                        | Rank::Any
                ),
            })
    }
}

/// Whether a value may fit a member tried before its own: `infos` in the order tried.
pub(super) fn ambiguous(infos: &[&MemberInfo]) -> bool {
    infos
        .iter()
        .enumerate()
        .any(|(i, earlier)| infos[i + 1..].iter().any(|later| earlier.may_take(later)))
}

/// The pairs of members (indices into `infos`) that one value may fit exactly: which of
/// them it decodes as is the spec's ambiguity, not a choice the decoding can make right.
/// Objects overlap when a value may have the keys both require and no key either does
/// not name (decoding first tries for a fit where every key is named); string enums when
/// they share a value; other members when they accept the same kind of value.
pub(super) fn overlaps(infos: &[&MemberInfo]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (i, a) in infos.iter().enumerate() {
        for (j, b) in infos.iter().enumerate().skip(i + 1) {
            if a.overlaps(b) {
                pairs.push((i, j));
            }
        }
    }
    pairs
}

/// How early an untagged enum tries a member: the derived order is the ranking. Members
/// that accept the fewest values go first: objects with more required properties (then
/// more properties), then tagged and other unions, then arrays, then scalars, then any
/// JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Rank {
    /// An object that names properties.
    Object {
        /// How many properties it requires; more first.
        required: Reverse<usize>,
        /// How many properties it names; more first.
        properties: Reverse<usize>,
    },
    /// A union with a discriminator.
    Tagged,
    /// Another union.
    Mixed,
    /// An object that names no property.
    EmptyObject,
    /// An array.
    Array,
    /// A string enum.
    StringEnum,
    /// An integer.
    Integer,
    /// A number.
    Number,
    /// A boolean.
    Boolean,
    /// A string of a format with a type of its own (`date-time`, `uuid`): tried before
    /// any string, which it narrows.
    FormattedString,
    /// A string.
    String,
    /// A union with a member that accepts any string, number or boolean (or any value):
    /// tried after those, so that a value a sibling pins is the sibling's.
    LooseUnion,
    /// Any JSON value.
    Any,
}

/// The kind of JSON value a member accepts, for telling whether two members overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Category {
    Any,
    Mixed,
    Tagged,
    Object,
    Array,
    String,
    Integer,
    Number,
    Boolean,
}

impl Rank {
    fn category(self) -> Category {
        match self {
            Rank::Object { .. } | Rank::EmptyObject => Category::Object,
            Rank::Tagged => Category::Tagged,
            Rank::Mixed | Rank::LooseUnion => Category::Mixed,
            Rank::Array => Category::Array,
            Rank::StringEnum | Rank::FormattedString | Rank::String => Category::String,
            Rank::Integer => Category::Integer,
            Rank::Number => Category::Number,
            Rank::Boolean => Category::Boolean,
            Rank::Any => Category::Any,
        }
    }
}

/// What an untagged enum needs to know about a member to order it.
#[derive(Debug)]
pub(super) struct MemberInfo {
    pub(super) rank: Rank,
    /// The properties an object member requires (and names).
    required: BTreeSet<String>,
    /// The properties an object member names.
    properties: BTreeSet<String>,
    /// Whether an object member keeps keys it does not name (`additionalProperties`).
    open: bool,
    /// The values of a string enum member.
    values: BTreeSet<String>,
    /// The properties of an object member that allow one value (`type: {enum: [x]}`).
    pinned: BTreeMap<String, String>,
    /// The kind of value each required property of an object member takes, where it
    /// takes one kind and not `null`.
    kinds: BTreeMap<String, ValueKind>,
    /// The one kind of value an array member's items take, not `null`.
    item_kind: Option<ValueKind>,
}

impl MemberInfo {
    /// Whether this member, tried first, may decode a value meant for `later`.
    fn may_take(&self, later: &MemberInfo) -> bool {
        match (self.rank.category(), later.rank.category()) {
            (Category::Any | Category::Mixed, _) | (_, Category::Any | Category::Mixed) => true,
            // Unknown fields are ignored, so an object decodes as this member when it
            // has this member's required properties.
            (Category::Object, Category::Object) => self.required.is_subset(&later.properties),
            (a, b) => a == b,
        }
    }

    /// Whether one value may fit both members exactly.
    fn overlaps(&self, other: &MemberInfo) -> bool {
        match (self.rank.category(), other.rank.category()) {
            (Category::Any | Category::Mixed, _) | (_, Category::Any | Category::Mixed) => true,
            (Category::Object, Category::Object) => {
                // A key one requires that both pin to different values tells them apart,
                // and so does a key both require as different kinds of value (`content`
                // a string in one, a list in the other; an integer is also a number).
                let pinned_apart = self.required.union(&other.required).any(|key| {
                    matches!(
                        (self.pinned.get(key), other.pinned.get(key)),
                        (Some(a), Some(b)) if a != b
                    )
                });
                let kinds_apart = self.required.intersection(&other.required).any(|key| {
                    match (self.kinds.get(key), other.kinds.get(key)) {
                        (Some(a), Some(b)) => a != b && !numbers(*a, *b),
                        _ => false,
                    }
                });
                let told_apart = pinned_apart || kinds_apart;
                if told_apart {
                    return false;
                }
                let mut keys = self.required.union(&other.required);
                match (self.open, other.open) {
                    (true, true) => true,
                    (true, false) => keys.all(|k| other.properties.contains(k)),
                    (false, true) => keys.all(|k| self.properties.contains(k)),
                    (false, false) => {
                        keys.all(|k| self.properties.contains(k) && other.properties.contains(k))
                    }
                }
            }
            (Category::String, Category::String)
                if self.rank == Rank::StringEnum && other.rank == Rank::StringEnum =>
            {
                !self.values.is_disjoint(&other.values)
            }
            // Arrays of different kinds of items share only `[]`, which every one of
            // them decodes, and encodes again, as the same empty list.
            (Category::Array, Category::Array) => match (self.item_kind, other.item_kind) {
                (Some(a), Some(b)) => a == b || numbers(a, b),
                _ => true,
            },
            (a, b) => a == b,
        }
    }
}

/// Whether two kinds are an integer and a number: one value (`1`) can be both.
fn numbers(a: ValueKind, b: ValueKind) -> bool {
    matches!(
        (a, b),
        (ValueKind::Integer, ValueKind::Number) | (ValueKind::Number, ValueKind::Integer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_order_untagged_members_by_what_they_accept() {
        let object = |required, properties| Rank::Object {
            required: Reverse(required),
            properties: Reverse(properties),
        };
        let mut ranks = vec![
            Rank::Any,
            Rank::String,
            Rank::StringEnum,
            object(1, 5),
            Rank::EmptyObject,
            Rank::Array,
            object(2, 2),
            Rank::Tagged,
            object(1, 1),
            Rank::Integer,
            Rank::Mixed,
            Rank::LooseUnion,
        ];
        ranks.sort();
        assert_eq!(
            ranks,
            vec![
                object(2, 2),
                object(1, 5),
                object(1, 1),
                Rank::Tagged,
                Rank::Mixed,
                Rank::EmptyObject,
                Rank::Array,
                Rank::StringEnum,
                Rank::Integer,
                Rank::String,
                Rank::LooseUnion,
                Rank::Any,
            ]
        );
    }

    fn object(required: &[&str], properties: &[&str], open: bool) -> MemberInfo {
        MemberInfo {
            rank: Rank::Object {
                required: Reverse(required.len()),
                properties: Reverse(properties.len()),
            },
            required: required.iter().map(|s| s.to_string()).collect(),
            properties: properties.iter().map(|s| s.to_string()).collect(),
            open,
            values: BTreeSet::new(),
            pinned: BTreeMap::new(),
            kinds: BTreeMap::new(),
            item_kind: None,
        }
    }

    fn string_enum(values: &[&str]) -> MemberInfo {
        MemberInfo {
            rank: Rank::StringEnum,
            required: BTreeSet::new(),
            properties: BTreeSet::new(),
            open: false,
            values: values.iter().map(|s| s.to_string()).collect(),
            pinned: BTreeMap::new(),
            kinds: BTreeMap::new(),
            item_kind: None,
        }
    }

    #[test]
    fn members_overlap_when_one_value_fits_both_exactly() {
        let circle = object(&["id"], &["id", "radius"], false);
        let square = object(&["id"], &["id", "side"], false);
        let sized = object(&["id", "side"], &["id", "side"], false);
        let open = object(&["side"], &["side"], true);
        // `{"id": ..}` fits both.
        assert_eq!(overlaps(&[&circle, &square]), [(0, 1)]);
        // A `sized` value has `side`, which `circle` does not name.
        assert!(overlaps(&[&sized, &circle]).is_empty());
        // An object that keeps unnamed keys takes any value with the keys it requires.
        assert_eq!(overlaps(&[&sized, &open]), [(0, 1)]);
        assert!(overlaps(&[&circle, &open]).is_empty());
        // A required key pinned to different values tells objects apart.
        let pin = |mut info: MemberInfo, value: &str| {
            info.pinned.insert("id".to_owned(), value.to_owned());
            info
        };
        let (circle, square) = (pin(circle, "circle"), pin(square, "square"));
        assert!(overlaps(&[&circle, &square]).is_empty());
        // So does a key both require as different kinds of value; an integer is a number.
        let kind = |mut info: MemberInfo, kind: ValueKind| {
            info.kinds.insert("content".to_owned(), kind);
            info
        };
        let text = kind(object(&["content"], &["content"], false), ValueKind::String);
        let parts = kind(object(&["content"], &["content"], false), ValueKind::Array);
        assert!(overlaps(&[&text, &parts]).is_empty());
        let count = kind(
            object(&["content"], &["content"], false),
            ValueKind::Integer,
        );
        let amount = kind(object(&["content"], &["content"], false), ValueKind::Number);
        assert_eq!(overlaps(&[&count, &amount]), [(0, 1)]);
        // String enums overlap when they share a value.
        let ab = string_enum(&["a", "b"]);
        let cd = string_enum(&["c", "d"]);
        let bc = string_enum(&["b", "c"]);
        assert!(overlaps(&[&ab, &cd]).is_empty());
        assert_eq!(overlaps(&[&ab, &cd, &bc]), [(0, 2), (1, 2)]);
        // Arrays of different kinds of items share only `[]` (OpenAI's `prompt`: a list
        // of strings, of integers or of lists); of the same kind, or unknown, any list.
        let list = |kind: Option<ValueKind>| MemberInfo {
            item_kind: kind,
            ..string_enum(&[])
        };
        let (mut strings, mut integers, mut lists, mut numbers, mut unknown) = (
            list(Some(ValueKind::String)),
            list(Some(ValueKind::Integer)),
            list(Some(ValueKind::Array)),
            list(Some(ValueKind::Number)),
            list(None),
        );
        for info in [
            &mut strings,
            &mut integers,
            &mut lists,
            &mut numbers,
            &mut unknown,
        ] {
            info.rank = Rank::Array;
        }
        assert!(overlaps(&[&strings, &integers, &lists]).is_empty());
        assert_eq!(overlaps(&[&integers, &numbers]), [(0, 1)]);
        assert_eq!(overlaps(&[&strings, &unknown]), [(0, 1)]);
    }
}
