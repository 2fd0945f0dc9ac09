//! Blank lines between items, as a person would write them: prettyplease prints the items
//! of a file, a `mod`, an `impl` or a `trait` one after the other (`}` directly followed
//! by `impl ...`).
//!
//! [`space_out_items`] is one linear pass over prettyplease's output. It relies on how
//! prettyplease lays code out (a block's closing line at the indentation of the line that
//! opened it, an item's attributes and docs at the item's indentation) and only ever adds
//! blank lines: never one inside a function body, a struct's fields, an enum's variants
//! or a macro invocation, and never a second one.

/// One open `{ ... }` block (or the file itself).
struct Block {
    /// The indentation of the line that opened it; `None` for the file.
    open: Option<usize>,
    /// The file, a `mod`, an `impl` or a `trait`: its items get blank lines between them.
    holds_items: bool,
    /// The indentation of its items.
    items_at: usize,
    /// The last item (or the inner attributes) ended: the next line at `items_at` that is
    /// not a closing one starts an item.
    ended: bool,
    /// Inside a multi-line inner attribute (`#![allow(` ... `)]`).
    in_inner_attribute: bool,
    /// Whether the current item's head (its first line after the attributes and docs) is
    /// a `mod`, an `impl` or a `trait`; `None` before the head.
    head_holds_items: Option<bool>,
}

impl Block {
    fn new(open: Option<usize>, holds_items: bool) -> Self {
        Block {
            open,
            holds_items,
            items_at: open.map_or(0, |indent| indent + 4),
            ended: false,
            in_inner_attribute: false,
            head_holds_items: None,
        }
    }
}

/// `text` (formatted by prettyplease) with one blank line between consecutive items at
/// module level, inside `mod` blocks and between the associated items of `impl` and
/// `trait` blocks, and after a module's inner attributes. Adds nothing where a blank line
/// already is, so running it twice changes nothing.
pub(super) fn space_out_items(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 32);
    // `text[copied..]` is still to be copied to `out`: it is copied in runs, up to where a
    // blank line goes.
    let mut copied = 0;
    let mut start = 0;
    let mut blocks = vec![Block::new(None, true)];
    let mut previous_blank = true;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let indent = line.bytes().take_while(|b| *b == b' ').count();
        let trimmed = line.get(indent..).unwrap_or_default().trim_end();
        if trimmed.is_empty() {
            previous_blank = true;
            continue;
        }
        let comment = trimmed.starts_with("//");
        let mut closed = false;
        if !comment {
            // A block closes at its opening line's indentation (a shallower line closes it
            // too, should there be one).
            while let Some(Block {
                open: Some(open), ..
            }) = blocks.last()
            {
                let open = *open;
                if indent < open || (indent == open && trimmed.starts_with('}')) {
                    blocks.pop();
                    closed = indent == open;
                    if closed {
                        break;
                    }
                } else {
                    break;
                }
            }
        }
        let after_blank = std::mem::replace(&mut previous_blank, false);
        let Some(block) = blocks.last_mut() else {
            // The file's block is never popped.
            continue;
        };
        let mut opens = None;
        if block.holds_items && indent == block.items_at {
            let inner = trimmed.starts_with("//!") || trimmed.starts_with("#!");
            if block.ended
                && !block.in_inner_attribute
                && !inner
                && !closed
                && !trimmed.starts_with([')', ']', '}', '>', '{'])
            {
                if !after_blank {
                    out.push_str(text.get(copied..at).unwrap_or_default());
                    out.push('\n');
                    copied = at;
                }
                block.ended = false;
                block.head_holds_items = None;
            }
            if block.in_inner_attribute {
                if trimmed.ends_with(']') {
                    block.in_inner_attribute = false;
                    block.ended = true;
                }
            } else if inner {
                if trimmed.starts_with("#!") && !trimmed.ends_with(']') {
                    block.in_inner_attribute = true;
                } else {
                    block.ended = true;
                }
            } else if !comment && !trimmed.starts_with("#[") {
                if block.head_holds_items.is_none() && !closed {
                    block.head_holds_items = Some(head_holds_items(trimmed));
                }
                if trimmed.ends_with('{') {
                    opens = Some(block.head_holds_items == Some(true));
                } else if trimmed.ends_with(';') || trimmed.ends_with('}') {
                    block.ended = true;
                }
            }
        } else if !comment && trimmed.ends_with('{') {
            opens = Some(false);
        }
        if let Some(holds_items) = opens {
            blocks.push(Block::new(Some(indent), holds_items));
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

/// Whether an item whose head line is `line` is a `mod`, an `impl` or a `trait`.
fn head_holds_items(line: &str) -> bool {
    let mut rest = line;
    if let Some(scoped) = rest.strip_prefix("pub(") {
        rest = scoped.split_once(") ").map_or(rest, |(_, r)| r);
    } else if let Some(after) = rest.strip_prefix("pub ") {
        rest = after;
    }
    for qualifier in ["unsafe ", "default ", "auto "] {
        rest = rest.strip_prefix(qualifier).unwrap_or(rest);
    }
    rest.starts_with("mod ")
        || rest.starts_with("impl ")
        || rest.starts_with("impl<")
        || rest.starts_with("trait ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Items at every level that holds them, and nothing inside bodies, fields, variants
    /// or macro invocations.
    #[test]
    fn blank_lines_go_between_items_only() {
        let tokens = quote::quote! {
            #![doc = " Module docs."]
            #![allow(
                clippy::large_enum_variant,
                clippy::too_many_arguments,
                clippy::enum_variant_names,
                clippy::should_implement_trait
            )]
            /// A struct.
            #[derive(
                Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default, ::serde::Serialize,
                ::serde::Deserialize
            )]
            pub struct S {
                /// A field.
                pub a: u8,
                pub b: u8,
            }
            pub enum E {
                A,
                B { x: u8 },
            }
            impl S {
                /// Docs.
                pub const C: u8 = 1;
                pub fn f(&self) -> u8 {
                    struct Local;
                    impl Local {
                        fn one() -> u8 {
                            1
                        }
                        fn two() {}
                    }
                    let x = match self.a {
                        0 => Local::one(),
                        _ => {
                            Local::two();
                            2
                        }
                    };
                    x
                }
                fn g() {}
            }
            pub type T = ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<S>>;
            pub mod inner {
                pub struct U;
                impl<X> Tr for U where X: Clone {
                    type Y = u8;
                    fn h() {}
                }
                crate::runtime::object! {
                    U {
                        "a" => a: required,
                    }
                }
            }
            pub trait Tr {
                type Y;
                fn h();
            }
        };
        let file: syn::File = syn::parse2(tokens).expect("parses");
        let text = prettyplease::unparse(&file);
        let spaced = space_out_items(&text);
        let expected = r#"//! Module docs.
#![allow(
    clippy::large_enum_variant,
    clippy::too_many_arguments,
    clippy::enum_variant_names,
    clippy::should_implement_trait
)]

/// A struct.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    ::serde::Serialize,
    ::serde::Deserialize
)]
pub struct S {
    /// A field.
    pub a: u8,
    pub b: u8,
}

pub enum E {
    A,
    B { x: u8 },
}

impl S {
    /// Docs.
    pub const C: u8 = 1;

    pub fn f(&self) -> u8 {
        struct Local;
        impl Local {
            fn one() -> u8 {
                1
            }
            fn two() {}
        }
        let x = match self.a {
            0 => Local::one(),
            _ => {
                Local::two();
                2
            }
        };
        x
    }

    fn g() {}
}

pub type T = ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<S>>;

pub mod inner {
    pub struct U;

    impl<X> Tr for U
    where
        X: Clone,
    {
        type Y = u8;

        fn h() {}
    }

    crate::runtime::object! {
        U { "a" => a : required, }
    }
}

pub trait Tr {
    type Y;

    fn h();
}
"#;
        assert_eq!(spaced, expected);
        // Only blank lines were added, and a second pass adds none.
        fn unblank(t: &str) -> Vec<&str> {
            t.lines().filter(|l| !l.trim().is_empty()).collect()
        }
        assert_eq!(unblank(&spaced), unblank(&text));
        assert_eq!(space_out_items(&spaced), spaced);
    }

    #[test]
    fn heads_that_hold_items() {
        for line in [
            "impl S {",
            "impl<T> X for S<T>",
            "pub mod m {",
            "pub(crate) trait T {",
        ] {
            assert!(head_holds_items(line), "{line}");
        }
        for line in [
            "pub struct S {",
            "pub fn f() {",
            "crate::runtime::object! {",
            "impls {",
        ] {
            assert!(!head_holds_items(line), "{line}");
        }
    }
}
