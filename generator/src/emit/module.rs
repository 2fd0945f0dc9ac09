//! The one value emit returns: the module as a list of sections, each a run of items or a
//! block (`impl Client`, `pub mod requests`, `pub mod types`) whose members come in parts.
//!
//! As typify's `OutputSpace`, [`crate::render`] prints it once: an item carries its feature
//! gate as data, and a part's items come with their doc blocks (the placeholders in their
//! tokens stand for them: [`crate::docs::with_doc_blocks`]). Tokens cannot cross threads
//! (`proc_macro2` values are neither `Send` nor `Sync`), so a part holds what it is made
//! of, and [`Part::items`] makes its items on the thread that formats them: what they are
//! depends on the IR alone, never on who asks, when, or on how many threads.

use proc_macro2::TokenStream;

use super::paths::Prelude;
use crate::ir::{Api, Operation, TypeDef};

/// The generated module of one spec, in order.
pub struct Module<'a> {
    /// The module's sections, in the order they are printed.
    pub sections: Vec<Section<'a>>,
}

/// A piece of the module at its root.
pub enum Section<'a> {
    /// Items at the module's root (the first section begins with the module's inner
    /// attributes: its docs and lints).
    Items(Part<'a>),
    /// A block whose members are printed inside its braces, a blank line between them.
    Block(Block<'a>),
}

/// An `impl` or a `mod` with its members, which come in parts so that they can be
/// formatted apart.
pub struct Block<'a> {
    /// The block's doc lines (each a `#[doc]` value).
    pub docs: Vec<&'static str>,
    /// The opening without its braces: `impl Client`, `pub mod types`.
    pub open: &'static str,
    /// The feature the block is compiled with (`mock`), or none: always.
    pub gate: Option<&'static str>,
    /// The members, in order.
    pub parts: Vec<Part<'a>>,
}

/// Some items of the module, emitted together when asked ([`Part::items`]).
pub struct Part<'a>(pub(super) Of<'a>);

/// What a part is made of.
pub(super) enum Of<'a> {
    /// The module's inner attributes and the client's items before its `impl`.
    Head(&'a Api),
    /// The client's own methods.
    ClientFns(&'a Api),
    /// The items after the client's `impl`: its builder.
    Tail(&'a Api),
    /// The `use` items of `pub mod requests`.
    Imports,
    /// The client's methods of these operations.
    Methods(&'a [Operation]),
    /// The request values of these operations.
    Requests(&'a [Operation]),
    /// The head of the `mock` module (the crate's `mock` feature): its server and tables.
    MockHead(&'a Api),
    /// The `mock` module's items of these operations.
    Mock(&'a Api, &'a [Operation]),
    /// Entries of `pub mod types`: these types, then these operations' types.
    Types(&'a [TypeDef], &'a [Operation], Prelude),
}

/// A part's items, with the doc blocks their placeholders stand for.
#[derive(Debug, Default)]
pub struct Items {
    /// The items, in order.
    pub items: Vec<Item>,
    /// Block `N` is what the placeholder `N` in these items' tokens stands for.
    pub docs: Vec<Vec<String>>,
}

/// One item (or a few that belong together) and the features it is compiled with.
#[derive(Debug)]
pub struct Item {
    /// Compiled when any of these features is on; always when there are none.
    pub gate: Vec<String>,
    /// The item's code.
    pub code: Code,
}

/// An item's code: tokens, or text emit lays out itself (the runtime's macro invocations
/// and the types' `impl` blocks, one item a text, indented for `pub mod types`).
#[derive(Debug)]
pub enum Code {
    /// Tokens for the renderer to format.
    Tokens(TokenStream),
    /// Text, one item, printed as it is.
    Text(String),
}

impl Part<'_> {
    /// The part's items, emitted now, with their doc blocks.
    pub fn items(&self) -> Items {
        let (items, docs) = crate::docs::with_doc_blocks(|| super::items_of(&self.0));
        Items { items, docs }
    }
}

impl Item {
    /// Tokens compiled whatever the features.
    pub(super) fn tokens(tokens: TokenStream) -> Item {
        Item {
            gate: Vec::new(),
            code: Code::Tokens(tokens),
        }
    }

    /// Tokens compiled with any of `features` (always when there are none).
    pub(super) fn gated(features: &[String], tokens: TokenStream) -> Item {
        Item {
            gate: features.to_vec(),
            code: Code::Tokens(tokens),
        }
    }

    /// Text compiled with any of `features`.
    pub(super) fn text(features: &[String], text: String) -> Item {
        Item {
            gate: features.to_vec(),
            code: Code::Text(text),
        }
    }
}
