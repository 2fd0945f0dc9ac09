//! Rust paths for the emitters: identifiers (raw where the name says so) and the type a
//! [`TypeRef`] stands for, named from inside `types`, from the module root, or from
//! outside the generated crate.
//!
//! Every library type is written fully qualified (`::std::string::String`) so that a spec
//! type named `String` or `Result` cannot shadow it. Names come from the IR as they are:
//! this module never makes or changes one.

use proc_macro2::TokenStream;
use quote::quote;

use super::layout::Node;
use crate::ir::{Format, IntKind, TypeRef};
use crate::naming::ident_text;

pub(super) use crate::naming::ident;

/// How the `types` module writes `Some`, `None` and `.into()`: as a person would, or, when
/// a spec type takes one of those names ([`crate::naming::reserved::PRELUDE`]), fully
/// qualified so that the type cannot shadow them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Prelude {
    Free,
    Shadowed,
}

impl Prelude {
    /// Whether the types of `api` leave the prelude's names free.
    pub(super) fn of(api: &crate::ir::Api) -> Prelude {
        let prelude = crate::naming::reserved::PRELUDE;
        if api.types.iter().any(|t| prelude.contains(&t.name.as_str())) {
            Prelude::Shadowed
        } else {
            Prelude::Free
        }
    }

    /// `Some(value)`.
    pub(super) fn some(self, value: &str) -> String {
        match self {
            Prelude::Free => format!("Some({value})"),
            Prelude::Shadowed => format!("::std::option::Option::Some({value})"),
        }
    }

    /// `None`.
    pub(super) fn none(self) -> &'static str {
        match self {
            Prelude::Free => "None",
            Prelude::Shadowed => "::std::option::Option::None",
        }
    }

    /// `impl Into<ty>`.
    pub(super) fn impl_into(self, ty: &str) -> String {
        match self {
            Prelude::Free => format!("impl Into<{ty}>"),
            Prelude::Shadowed => format!("impl ::std::convert::Into<{ty}>"),
        }
    }

    /// `Option<ty>`.
    pub(super) fn option(self, ty: &str) -> String {
        match self {
            Prelude::Free => format!("Option<{ty}>"),
            Prelude::Shadowed => format!("::std::option::Option<{ty}>"),
        }
    }

    /// `value.into()`.
    pub(super) fn into(self, value: &str) -> String {
        match self {
            Prelude::Free => format!("{value}.into()"),
            Prelude::Shadowed => format!("::std::convert::Into::into({value})"),
        }
    }
}

/// Where a type is named from: inside `types`, from the module root, or from anywhere
/// through a path to the `types` module.
#[derive(Clone, Copy)]
pub(super) enum Scope<'a> {
    Types,
    Root,
    Path(&'a TokenStream, &'a TokenStream),
}

/// The Rust type for `ty` named from outside the generated crate: named types through
/// `types_path` (`::my_crate::api::types`), the runtime through `runtime_path`
/// (`::my_crate::runtime`).
pub fn type_path(
    ty: &TypeRef,
    types_path: &TokenStream,
    runtime_path: &TokenStream,
) -> TokenStream {
    type_ref(ty, Scope::Path(types_path, runtime_path))
}

pub(super) fn type_ref(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Root => quote!(types::#name),
                Scope::Path(path, _) => quote!(#path::#name),
            }
        }
        TypeRef::Tuple(elements) => {
            let elements = elements.iter().map(|e| type_ref(e, scope));
            quote!((#(#elements,)*))
        }
        TypeRef::String => quote!(::std::string::String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(kind) => match kind {
            IntKind::I8 => quote!(i8),
            IntKind::I16 => quote!(i16),
            IntKind::I32 => quote!(i32),
            IntKind::I64 => quote!(i64),
            IntKind::U8 => quote!(u8),
            IntKind::U16 => quote!(u16),
            IntKind::U32 => quote!(u32),
            IntKind::U64 => quote!(u64),
        },
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::JsonObject => {
            quote!(::serde_json::Map<::std::string::String, ::serde_json::Value>)
        }
        TypeRef::Bytes => quote!(::bytes::Bytes),
        TypeRef::File => match scope {
            Scope::Path(_, runtime) => quote!(#runtime::FilePart),
            _ => quote!(crate::runtime::FilePart),
        },
        TypeRef::JsonPatch => match scope {
            Scope::Path(_, runtime) => quote!(#runtime::JsonPatch),
            _ => quote!(crate::runtime::JsonPatch),
        },
        TypeRef::Format(format) => match format {
            Format::DateTime => quote!(::chrono::DateTime<::chrono::FixedOffset>),
            Format::Date => quote!(::chrono::NaiveDate),
            Format::Uuid => quote!(::uuid::Uuid),
            Format::Ipv4 => quote!(::std::net::Ipv4Addr),
            Format::Ipv6 => quote!(::std::net::Ipv6Addr),
            Format::Base64 => match scope {
                Scope::Path(_, runtime) => quote!(#runtime::Base64),
                _ => quote!(crate::runtime::Base64),
            },
        },
        TypeRef::Vec(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::vec::Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::collections::BTreeMap<::std::string::String, #inner>)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_ref(inner, scope);
            quote!(::std::option::Option<#inner>)
        }
        TypeRef::Secret(inner) => {
            let inner = type_ref(inner, scope);
            match scope {
                Scope::Path(_, runtime) => quote!(#runtime::Secret<#inner>),
                _ => quote!(crate::runtime::Secret<#inner>),
            }
        }
        TypeRef::Unit => quote!(()),
    }
}

/// A type for [`super::layout`] to lay out: what [`type_ref`] writes, a spec's type named
/// after `types` (`types::`, `super::types::`) and the runtime's in `crate::runtime`.
pub(super) fn type_node(ty: &TypeRef, types: &str) -> Node {
    let generic = |head: &str, args: Vec<Node>| Node::Generic {
        head: head.to_string(),
        args,
    };
    let word = |text: &str| Node::word(text);
    match ty {
        TypeRef::Named(name) => Node::Word(format!("{types}{}", ident_text(name))),
        TypeRef::Tuple(elements) => {
            let (mut text, _) =
                Node::call("", elements.iter().map(|e| type_node(e, types)).collect()).flat();
            if elements.len() == 1 {
                text.insert(text.len() - 1, ',');
            }
            Node::Word(text)
        }
        TypeRef::String => word("::std::string::String"),
        TypeRef::Bool => word("bool"),
        TypeRef::Integer(kind) => word(match kind {
            IntKind::I8 => "i8",
            IntKind::I16 => "i16",
            IntKind::I32 => "i32",
            IntKind::I64 => "i64",
            IntKind::U8 => "u8",
            IntKind::U16 => "u16",
            IntKind::U32 => "u32",
            IntKind::U64 => "u64",
        }),
        TypeRef::F32 => word("f32"),
        TypeRef::F64 => word("f64"),
        TypeRef::Json => word("::serde_json::Value"),
        TypeRef::JsonObject => generic(
            "::serde_json::Map",
            vec![word("::std::string::String"), word("::serde_json::Value")],
        ),
        TypeRef::Bytes => word("::bytes::Bytes"),
        TypeRef::File => word("crate::runtime::FilePart"),
        TypeRef::JsonPatch => word("crate::runtime::JsonPatch"),
        TypeRef::Format(format) => match format {
            Format::DateTime => generic("::chrono::DateTime", vec![word("::chrono::FixedOffset")]),
            Format::Date => word("::chrono::NaiveDate"),
            Format::Uuid => word("::uuid::Uuid"),
            Format::Ipv4 => word("::std::net::Ipv4Addr"),
            Format::Ipv6 => word("::std::net::Ipv6Addr"),
            Format::Base64 => word("crate::runtime::Base64"),
        },
        TypeRef::Vec(inner) => generic("::std::vec::Vec", vec![type_node(inner, types)]),
        TypeRef::Map(inner) => generic(
            "::std::collections::BTreeMap",
            vec![word("::std::string::String"), type_node(inner, types)],
        ),
        TypeRef::Nullable(inner) => generic("::std::option::Option", vec![type_node(inner, types)]),
        TypeRef::Secret(inner) => generic("crate::runtime::Secret", vec![type_node(inner, types)]),
        TypeRef::Unit => word("()"),
    }
}

/// A type's tokens as compact text (`::std::option::Option<i64>`), as a person writes
/// it, for code emitted as text rather than formatted.
pub(super) fn type_text(tokens: &TokenStream) -> String {
    let mut out = String::new();
    write_tokens(tokens.clone(), &mut out);
    out
}

fn write_tokens(tokens: TokenStream, out: &mut String) {
    use proc_macro2::{Delimiter, TokenTree};
    // Whether the last thing written was a word (an identifier, a literal, a group), so a
    // following word needs a space.
    let mut after_word = false;
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => {
                if after_word {
                    out.push(' ');
                }
                let text = ident.to_string();
                out.push_str(&text);
                after_word = true;
                if matches!(text.as_str(), "impl" | "dyn" | "mut") {
                    out.push(' ');
                    after_word = false;
                }
            }
            TokenTree::Literal(literal) => {
                if after_word {
                    out.push(' ');
                }
                out.push_str(&literal.to_string());
                after_word = true;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    ',' => out.push_str(", "),
                    ';' => out.push_str("; "),
                    '=' => out.push_str(" = "),
                    '+' => out.push_str(" + "),
                    c => out.push(c),
                }
                after_word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                write_tokens(group.stream(), out);
                out.push_str(close);
                after_word = true;
            }
        }
    }
}

#[cfg(test)]
mod text_tests {
    use quote::quote;

    use super::type_text;

    #[test]
    fn types_as_a_person_writes_them() {
        let cases = [
            (
                quote!(::std::option::Option<::std::vec::Vec<i64>>),
                "::std::option::Option<::std::vec::Vec<i64>>",
            ),
            (
                quote!(impl ::std::convert::Into<::std::string::String>),
                "impl ::std::convert::Into<::std::string::String>",
            ),
            (
                quote!(::std::collections::BTreeMap<::std::string::String, crate::runtime::Secret<T>>),
                "::std::collections::BTreeMap<::std::string::String, crate::runtime::Secret<T>>",
            ),
            (quote!(&'a mut [u8; 4]), "&'a mut [u8; 4]"),
            (
                quote!(impl Iterator<Item = (K, V)>),
                "impl Iterator<Item = (K, V)>",
            ),
            (quote!(()), "()"),
        ];
        for (tokens, text) in cases {
            assert_eq!(type_text(&tokens), text);
        }
    }
}
