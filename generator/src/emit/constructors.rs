//! Construction: every struct (object types) gets `new`, which takes the required fields, and a chainable `with_<field>` setter per
//! optional field, so building a value never needs a line per absent field:
//!
//! ```ignore
//! Attributes::new("My app", "sales_channel").with_expires_in(7200)
//! ```
//!
//! Arguments take `impl Into<T>` where that is free of inference surprises (strings,
//! secrets, boxes: `"text"` works), and `T` elsewhere (an integer literal would not infer
//! through `Into`). A field that may be `null` takes `impl Into<Option<T>>`: the value, or
//! `None` to send `null`. The names never collide: `new` and the setters are the only
//! inherent methods of a struct, fields live in another namespace, and every setter
//! is named by [`naming::setter_name`]. Fields stay
//! public: a struct literal works as before.
//!
//! Written as text, laid out as prettyplease would lay it out, rather than as tokens to
//! format: a struct with many optional fields gets many setters, and formatting them
//! doubled the time to generate a large spec.

use std::fmt::Write as _;

use quote::quote;

use super::paths::{ident, type_ref, type_text, Prelude, Scope};
use crate::ir::{Presence, Struct, TextMember, TypeRef};
use crate::naming::{self, reserved};

/// A field as construction sees it.
struct Member<'a> {
    name: &'a str,
    ty: &'a TypeRef,
    boxed: bool,
    presence: Presence,
    deprecated: bool,
    /// The variant of the one value the field can hold, which `new` fills in.
    constant: Option<&'a str>,
    /// Values convert into its type (a union, a string enum): taken as `impl Into<T>`.
    into: bool,
    /// The field's docs, which its setter repeats.
    docs: Option<&'a str>,
}

/// `impl Name { new, with_... }` for an object type, as text inside `pub mod types`.
pub(super) fn struct_impl(name: &str, s: &Struct, prelude: Prelude) -> Vec<String> {
    let members = s.fields.iter().map(|f| Member {
        name: &f.name.rust,
        ty: &f.ty,
        boxed: f.boxed,
        presence: f.presence,
        deprecated: f.deprecated,
        constant: f.constant.as_deref(),
        into: f.into,
        docs: f.docs.as_deref(),
    });
    impl_block(name, members.collect(), s.additional.as_ref(), prelude)
}

/// Lines are indented for `pub mod types`: the `impl` by 4, its items by 8.
fn impl_block(
    name: &str,
    members: Vec<Member<'_>>,
    additional: Option<&TypeRef>,
    prelude: Prelude,
) -> Vec<String> {
    let mut args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut required_names = Vec::new();
    let mut constants = Vec::new();
    for m in &members {
        let field = ident(m.name).to_string();
        let bare = m.name;
        let ty = member_type(m);
        if let Some(variant) = m.constant {
            constants.push(format!("`{bare}`"));
            inits.push(format!("{field}: {ty}::{},", ident(variant)));
            continue;
        }
        let into = m.boxed || m.into || matches!(m.ty, TypeRef::String | TypeRef::Secret(_));
        let (arg_ty, converted) = match (m.presence.is_nullable(), into) {
            (true, _) => (prelude.impl_into(&prelude.option(&ty)), true),
            (false, true) => (prelude.impl_into(&ty), true),
            (false, false) => (ty, false),
        };
        match m.presence {
            Presence::Required | Presence::Nullable => {
                required_names.push(format!("`{bare}`"));
                args.push(format!("{field}: {arg_ty}"));
                inits.push(if converted {
                    format!("{field}: {},", prelude.into(&field))
                } else {
                    format!("{field},")
                });
            }
            Presence::Optional | Presence::OptionalNullable => {
                inits.push(format!("{field}: {},", prelude.none()));
                setters.push(setter_text(m, &field, &arg_ty, converted, prelude));
            }
        }
    }
    if let Some(value_ty) = additional {
        let field = reserved::ADDITIONAL_PROPERTIES;
        inits.push(format!("{field}: ::std::collections::BTreeMap::new(),"));
        setters.push(additional_setter(value_ty, prelude));
    }
    let new_doc = new_doc(&required_names, &constants, setters.is_empty());
    let mut out = format!("    impl {} {{\n        /// {new_doc}\n", ident(name));
    signature(&mut out, reserved::CONSTRUCTOR, &args);
    if args.is_empty() && constants.is_empty() {
        // Every field optional: the struct derives `Default`.
        out.push_str("            ::std::default::Default::default()\n        }\n");
    } else {
        out.push_str("            Self {\n");
        for init in &inits {
            let _ = writeln!(out, "                {init}");
        }
        out.push_str("            }\n        }\n");
    }
    for setter in &setters {
        out.push('\n');
        out.push_str(setter);
    }
    out.push_str("    }\n");
    let mut items = vec![out];
    if args.is_empty() && !constants.is_empty() {
        // `new` takes nothing but cannot be derived (the constants' enums have no
        // default): `Default` is `new`, as clippy's `new_without_default` asks.
        items.push(format!(
            "    impl ::std::default::Default for {} {{\n        fn default() -> Self {{\n            Self::new()\n        }}\n    }}\n",
            ident(name)
        ));
    }
    items
}

/// A member's type as text, boxed where lowering boxed it.
fn member_type(m: &Member<'_>) -> String {
    let mut ty = type_ref(m.ty, Scope::Types);
    if m.boxed {
        ty = quote!(::std::boxed::Box<#ty>);
    }
    type_text(&ty)
}

/// The `with_` setter of an optional member, as text at 8 spaces: it takes `arg_ty`
/// (converted with `Into` when `converted`) and sets `field`.
fn setter_text(
    m: &Member<'_>,
    field: &str,
    arg_ty: &str,
    converted: bool,
    prelude: Prelude,
) -> String {
    let bare = m.name;
    let setter = ident(&naming::setter_name(m.name)).to_string();
    let mut text = if m.presence.is_nullable() {
        format!("        /// Sets `{bare}`: a value, or `None` to send `null`.\n")
    } else {
        format!("        /// Sets `{bare}`.\n")
    };
    if let Some(docs) = m.docs.map(str::trim).filter(|d| !d.is_empty()) {
        text.push_str("        ///\n");
        for line in crate::docs::sanitize(docs) {
            if line.is_empty() {
                text.push_str("        ///\n");
            } else {
                let _ = writeln!(text, "        /// {}", line.trim_end());
            }
        }
    }
    if m.deprecated {
        text.push_str("        #[deprecated]\n");
    }
    let value = if converted {
        prelude.into("value")
    } else {
        "value".to_string()
    };
    signature(
        &mut text,
        &setter,
        &["mut self".to_string(), format!("value: {arg_ty}")],
    );
    let assign = format!("            self.{field} = {};", prelude.some(&value));
    if assign.len() <= 100 {
        let _ = writeln!(text, "{assign}");
    } else {
        // As rustfmt breaks it: the value on a line of its own.
        let some = prelude.some("");
        let open = some.trim_end_matches(')');
        let _ = writeln!(
            text,
            "            self.{field} = {open}\n                {value},\n            );"
        );
    }
    text.push_str("            self\n        }\n");
    text
}

/// The setter of the properties the spec does not name, as text at 8 spaces.
fn additional_setter(value_ty: &TypeRef, prelude: Prelude) -> String {
    let field = reserved::ADDITIONAL_PROPERTIES;
    let setter = naming::setter_name(reserved::ADDITIONAL_PROPERTIES);
    let ty = type_text(&type_ref(value_ty, Scope::Types));
    let (value_arg, value) = if matches!(
        value_ty,
        TypeRef::Json | TypeRef::String | TypeRef::Secret(_)
    ) {
        (prelude.impl_into(&ty), prelude.into("value"))
    } else {
        (ty, "value".to_string())
    };
    let key_arg = prelude.impl_into("::std::string::String");
    // One line when it fits in 100 columns, else one element per line.
    let item = format!("                Item = ({key_arg}, {value_arg}),");
    let item = if item.len() <= 100 {
        item
    } else {
        format!("                Item = (\n                    {key_arg},\n                    {value_arg},\n                ),")
    };
    let key = prelude.into("key");
    let insert = format!("                self.{field}.insert({key}, {value});");
    let insert = if insert.len() <= 100 {
        insert
    } else {
        format!("                self.{field}.insert(\n                    {key},\n                    {value},\n                );")
    };
    format!(
        "        /// Adds properties the spec does not name (a map, or pairs such as
        /// `[(\"key\", value)]`), keeping those already set.
        pub fn {setter}(
            mut self,
            properties: impl ::std::iter::IntoIterator<
{item}
            >,
        ) -> Self {{
            for (key, value) in properties {{
{insert}
            }}
            self
        }}
"
    )
}

/// The doc of `new`: which fields it takes, which it leaves out, which it fills in.
fn new_doc(required_names: &[String], constants: &[String], no_setters: bool) -> String {
    let new_doc = match (required_names, no_setters) {
        ([], _) if !constants.is_empty() => {
            "The `with_` methods set the fields left out.".to_string()
        }
        ([], _) => "Every field left out; the `with_` methods set them.".to_string(),
        (names, true) => format!("From its {}.", fields(names)),
        (names, false) => format!(
            "From the required {}; the others are left out until a `with_` method sets them.",
            fields(names)
        ),
    };
    if constants.is_empty() {
        return new_doc;
    }
    let which = match constants {
        [one] => format!("{one}, which can hold one value only, is set to it."),
        many => format!(
            "{}, which can hold one value only, are set to it.",
            many.join(", ")
        ),
    };
    format!("{new_doc}\n        /// {which}")
}

/// `pub fn name(args) -> Self {` at 8 spaces: on one line when it fits in 100 columns,
/// else one argument per line.
fn signature(out: &mut String, name: &str, args: &[String]) {
    let one_line = format!("        pub fn {name}({}) -> Self {{", args.join(", "));
    if one_line.len() <= 100 {
        out.push_str(&one_line);
        out.push('\n');
        return;
    }
    let _ = writeln!(out, "        pub fn {name}(");
    for arg in args {
        let line = format!("            {arg},");
        // An argument too long for its line breaks inside its outer generic, as rustfmt
        // breaks it: `impl Into<` / the type / `>`.
        match (line.len() > 100, arg.find('<'), arg.strip_suffix('>')) {
            (true, Some(open), Some(head)) => {
                let (before, inner) = head.split_at(open + 1);
                let _ = writeln!(
                    out,
                    "            {before}\n                {inner},\n            >,"
                );
            }
            _ => out.push_str(&format!("{line}\n")),
        }
    }
    out.push_str("        ) -> Self {\n");
}

/// "field `a`" or "fields `a`, `b`".
fn fields(names: &[String]) -> String {
    match names {
        [one] => format!("field {one}"),
        names => format!("fields {}", names.join(", ")),
    }
}

/// A variant of a union, as its conversions see it.
pub(super) struct Convertible<'a> {
    pub(super) variant: &'a str,
    pub(super) ty: &'a TypeRef,
    pub(super) boxed: bool,
    /// `From<ty>` (lowering decided it is coherent).
    pub(super) from: bool,
    /// Takes text, and as what (see `lower::conversions`).
    pub(super) from_str: Option<TextMember>,
}

/// The `From` impls of a union, as text inside `pub mod types`, one item each:
/// one per member type that lowering marked, and `From<&str>` (and `From<String>`) into
/// the member that takes text; beside a `String`, a string enum takes the values it
/// knows, as decoding does. A map member also takes an array of pairs, as `BTreeMap` does
/// (`[("order_id".to_string(), "6735".to_string())]`): no array is ever a member's type,
/// and two maps of different values take different arrays, so the impls stay coherent.
pub(super) fn union_conversions(name: &str, variants: &[Convertible<'_>]) -> Vec<String> {
    let union = ident(name).to_string();
    let text = |v: &Convertible<'_>| type_text(&type_ref(v.ty, Scope::Types));
    let taker = |role| variants.iter().find(|v| v.from_str == Some(role));
    let string = taker(TextMember::String);
    let known = taker(TextMember::Enum);
    let mut out = Vec::new();
    let mut from = |source: &str, body: &str| out.push(from_impl("", source, &union, body));
    let wrap = |v: &Convertible<'_>, value: &str| {
        let variant = ident(v.variant);
        if v.boxed {
            format!("Self::{variant}(::std::boxed::Box::new({value}))")
        } else {
            format!("Self::{variant}({value})")
        }
    };
    let routed = string.is_some() && known.is_some();
    let mut pairs = Vec::new();
    for v in variants.iter().filter(|v| v.from) {
        if routed && v.from_str == Some(TextMember::String) {
            continue;
        }
        from(&text(v), &wrap(v, "value"));
        if let TypeRef::Map(value) = v.ty {
            pairs.push(pairs_conversion(
                &union,
                value,
                &wrap(v, "::std::collections::BTreeMap::from(value)"),
            ));
        }
    }
    let into = "::std::convert::Into::into(value)";
    match (string, known) {
        (Some(string), Some(known)) => {
            let other = reserved::OTHER_VARIANT;
            let known_ty = text(known);
            for source in ["&str", "::std::string::String"] {
                let body = format!(
                    "let known: {known_ty} =\n                ::std::convert::From::from(::std::convert::AsRef::<str>::as_ref(&value));\n            if ::std::matches!(known, {known_ty}::{other}(_)) {{\n                {}\n            }} else {{\n                {}\n            }}",
                    wrap(string, into),
                    wrap(known, "known")
                );
                from(source, &body);
            }
        }
        (Some(string), None) => from("&str", &wrap(string, into)),
        (None, Some(known)) => {
            from("&str", &wrap(known, into));
            from("::std::string::String", &wrap(known, into));
        }
        (None, None) => {}
    }
    out.extend(pairs);
    out
}

/// `From<[(String, T); N]>` into a union with a map member of `T`, as text at 4 spaces.
fn pairs_conversion(union: &str, value: &TypeRef, body: &str) -> String {
    let source = format!(
        "[(::std::string::String, {}); PAIRS]",
        type_text(&type_ref(value, Scope::Types))
    );
    from_impl("<const PAIRS: usize>", &source, union, body)
}

/// `impl{generics} From<source> for target { fn from(value: source) -> Self { body } }`
/// as text at 4 spaces, laid out as rustfmt lays it out within 100 columns: the head on
/// one line, else broken before `for`, else inside `From<..>`; the signature on one
/// line, else its argument on a line of its own.
fn from_impl(generics: &str, source: &str, target: &str, body: &str) -> String {
    let trait_ = format!("::std::convert::From<{source}>");
    let one_line = format!("    impl{generics} {trait_} for {target} {{");
    let head = if one_line.len() <= 100 {
        one_line
    } else if generics.is_empty() && format!("    impl {trait_}").len() <= 100 {
        format!("    impl {trait_}\n        for {target}\n    {{")
    } else if !generics.is_empty() && format!("        {trait_}").len() <= 100 {
        format!("    impl{generics}\n        {trait_}\n        for {target}\n    {{")
    } else {
        format!(
            "    impl{generics}\n        ::std::convert::From<\n            {source},\n        > for {target}\n    {{"
        )
    };
    let signature = format!("        fn from(value: {source}) -> Self {{");
    let signature = if signature.len() <= 100 {
        signature
    } else {
        format!("        fn from(\n            value: {source},\n        ) -> Self {{")
    };
    format!("{head}\n{signature}\n            {body}\n        }}\n    }}\n")
}
