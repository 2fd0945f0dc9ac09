//! The invocations of the runtime's `object!` and `string_enum!` macros, as text.
//!
//! Object types get `Serialize`/`Deserialize` from `object!`, string enums their impls
//! from `string_enum!`, instead of serde's derives: that is much cheaper for `cargo check`
//! of the output. The invocations are written as text, one field or value per line, so
//! that they stay that way; nothing here decides a name or a wire key.

use proc_macro2::Literal;

use super::layout::{statement, Node};
use super::paths::{ident, type_node};
use crate::ir::{self, Presence, Struct};
use crate::naming::reserved;

/// The `object!` invocation that implements `Serialize` and `Deserialize` for a struct
/// (see `runtime::de` for why they are not derived), as text laid out one field per line,
/// indented to sit in `pub mod types`: prettyplease would fill a macro's tokens into
/// paragraphs, which makes a one-field change reflow every line after it.
///
/// Each field names the type its value decodes as (the slot `runtime::de` reads it
/// into). Over [`GROUP`] fields, they are listed in bracketed groups: of [`GROUP`], or
/// as many as it takes to need no more than [`MOST_SLOTS`] groups (a group is a tuple of
/// slots, and so is the list of groups: the runtime implements slots for tuples of up to
/// [`MOST_SLOTS`]).
pub(super) fn struct_serde(name: &str, s: &Struct) -> String {
    let grouped = s.fields.len() > GROUP;
    let indent = if grouped { 16 } else { 12 };
    let fields: Vec<String> = s.fields.iter().map(|f| field_line(f, indent)).collect();
    let mut lines: Vec<String> = if grouped {
        fields
            .chunks(GROUP.max(fields.len().div_ceil(MOST_SLOTS)))
            .map(|group| format!("[\n{}\n            ]", group.join("\n")))
            .collect()
    } else {
        // `macro_text` indents each line.
        fields
            .into_iter()
            .map(|line| line.trim_start().to_string())
            .collect()
    };
    if let Some(ty) = &s.additional {
        let ty = type_node(ty, "");
        let head = format!("..{}", reserved::ADDITIONAL_PROPERTIES);
        let line = statement(12, "", &Node::macro_call(head, vec![ty]), "");
        lines.push(line.trim_start().to_string());
    }
    macro_text("object", &ident(name).to_string(), lines.into_iter())
}

/// The fields in one group of an `object!` invocation, unless more are needed.
const GROUP: usize = 12;

/// The largest tuple of slots the runtime implements `de::Slots` for: an object has at
/// most this many squared fields (`lower` types a larger one as a JSON object).
pub(crate) const MOST_SLOTS: usize = 32;

/// `"wire" => field: kind(Type),` at `indent`, the type broken as prettyplease would when
/// the line is too long.
fn field_line(f: &ir::Field, indent: usize) -> String {
    // The kind, and whether the value decodes as an `Option` (`null` is `None`).
    let (presence, nullable) = match f.presence {
        Presence::Required => ("required", false),
        Presence::Nullable => ("nullable", true),
        // Any JSON, where `null` is a value: `Some(Value::Null)`, not `None`.
        Presence::Optional if f.ty == ir::TypeRef::Json => ("optional_json", false),
        Presence::Optional => ("optional", true),
        Presence::OptionalNullable => ("optional_nullable", true),
    };
    // A read-only field is read and written by its presence, and never sent.
    let read_only = if f.read_only { "read_only_" } else { "" };
    let mut ty = type_node(&f.ty, "");
    if f.boxed {
        ty = Node::Generic {
            head: "::std::boxed::Box".to_string(),
            args: vec![ty],
        };
    }
    if nullable {
        ty = Node::Generic {
            head: "::std::option::Option".to_string(),
            args: vec![ty],
        };
    }
    let head = format!(
        "{} => {}: {read_only}{presence}",
        Literal::string(&f.name.wire),
        ident(&f.name)
    );
    statement(indent, "", &Node::macro_call(head, vec![ty]), ",")
}

/// The `string_enum!` invocation that gives a string enum `as_str`, `Display`, `FromStr`,
/// `Serialize` and `Deserialize`, as text, one value per line (see [`struct_serde`]).
pub(super) fn string_enum_impls(name: &str, values: &[ir::EnumValue]) -> String {
    let values = values
        .iter()
        .map(|v| format!("{} => {},", Literal::string(&v.name.wire), ident(&v.name)));
    macro_text("string_enum", &ident(name).to_string(), values)
}

/// The `integer_enum!` invocation that gives an integer enum `value`, `From<i64>`,
/// `Display`, `Serialize` and `Deserialize`, as text, one value per line.
pub(super) fn integer_enum_impls(name: &str, values: &[ir::IntegerEnumValue]) -> String {
    let values = values
        .iter()
        .map(|v| format!("{} => {},", v.value, ident(&v.name)));
    macro_text("integer_enum", &ident(name).to_string(), values)
}

/// The `tagged!` invocation that gives a tagged union `Serialize` and `Deserialize` (with
/// `Other` for tag values it does not know), as text, one variant per line.
pub(super) fn tagged_impls(name: &str, tagged: &ir::Tagged) -> String {
    let values = tagged
        .variants
        .iter()
        .map(|v| format!("{} => {},", Literal::string(&v.name.wire), ident(&v.name)));
    let head = format!("{}({})", ident(name), Literal::string(&tagged.tag));
    macro_text("tagged", &head, values)
}

/// The `untagged!` invocation that gives an untagged union `Serialize` and `Deserialize`
/// (the member the value fits most closely, tried in the IR's order), as text, one variant
/// per line.
pub(super) fn untagged_impls(name: &str, variants: &[ir::UnionVariant]) -> String {
    let variants = variants.iter().map(|v| format!("{},", ident(&v.name)));
    macro_text("untagged", &ident(name).to_string(), variants)
}

/// `crate::runtime::<mac>! { <head> { line... } }` inside `pub mod types`, one line each,
/// `Name {}` when there are none.
fn macro_text(mac: &str, head: &str, lines: impl Iterator<Item = String>) -> String {
    let mut out = format!("    crate::runtime::{mac}! {{\n        {head} {{");
    let mut any = false;
    for line in lines {
        any = true;
        out.push_str("\n            ");
        out.push_str(&line);
    }
    out.push_str(if any {
        "\n        }\n    }\n"
    } else {
        "}\n    }\n"
    });
    out
}
