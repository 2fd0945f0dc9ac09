//! How an untagged enum orders its members, and whether a value may fit several: each
//! member's [`Rank`] (the derived order is the order serde tries them) and what it
//! requires and names ([`MemberInfo`]).

use std::cmp::Reverse;
use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema};

use super::all_of::collect_object;
use super::facts::{has_union, string_enum_values, ValueKind};
use super::Lowerer;

impl Lowerer<'_> {
    /// How early an untagged enum tries a member and, for objects, the properties it
    /// requires and knows.
    pub(super) fn member_info(&self, member: &ReferenceOr<Schema>) -> MemberInfo {
        let info = |rank: Rank| MemberInfo {
            rank,
            required: BTreeSet::new(),
            properties: BTreeSet::new(),
        };
        let Some(s) = self.refs.resolve(member) else {
            return info(Rank::Any);
        };
        if s.schema_data.discriminator.is_some() && has_union(s) {
            return info(Rank::Tagged);
        }
        if string_enum_values(s).is_some() {
            return info(Rank::StringEnum);
        }
        if has_union(s) {
            return info(Rank::Mixed);
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
            return MemberInfo {
                rank,
                required,
                properties,
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

/// Whether a value may fit a member tried before its own: `infos` in the order tried.
pub(super) fn ambiguous(infos: &[&MemberInfo]) -> bool {
    infos
        .iter()
        .enumerate()
        .any(|(i, earlier)| infos[i + 1..].iter().any(|later| earlier.may_take(later)))
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
            Rank::Mixed => Category::Mixed,
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
                Rank::Any,
            ]
        );
    }
}
