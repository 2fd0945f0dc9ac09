//! The public surface of a generated module, recorded as text and compared between two
//! generations: what a caller of the crate can name, and whether a change to it breaks
//! code written against the old one.
//!
//! A [`Surface`] is read from the module's formatted text ([`extract`]), not from the IR,
//! so it records what the compiler will see, whatever emit decided. Each item carries the
//! place in the spec it came from ([`Origins`], from the IR), so a report can say
//! "breaking: `Client::get_thing` removed (paths./things/{id}.get)". It is written as a
//! deterministic text file, one item a line ([`Surface::to_text`], read back by
//! [`Surface::parse`]), committed beside the generated crate so that the next generation
//! is compared with it ([`diff`]).
//!
//! The rules of what breaks follow cargo-semver-checks' lints for the constructs generated
//! code has: a removed or changed item breaks; a field added to an exhaustive struct breaks
//! struct literals; a variant added to an exhaustive enum breaks `match`es; becoming
//! `#[non_exhaustive]` breaks both. Anything else added is additive.
//!
//! This module never reads the spec and never fails on a module it cannot parse: such a
//! module has an empty surface and the caller is told.

mod diff;
mod extract;
mod origins;
mod skim;

use std::collections::BTreeMap;
use std::fmt;

pub use self::diff::{diff, Change, Changes, Class};
pub use self::extract::extract;
pub use self::origins::Origins;

/// What kind of item a line of the surface records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A module (`types`).
    Mod,
    /// A struct; its signature is `exhaustive` or `non_exhaustive`, and whether it is a
    /// tuple struct.
    Struct,
    /// A public field of a struct: its type.
    Field,
    /// An enum: `exhaustive` or `non_exhaustive`.
    Enum,
    /// A variant of an enum: its fields.
    Variant,
    /// A function or method: its signature.
    Fn,
    /// A type alias: its target.
    Type,
    /// A constant: its type.
    Const,
    /// A trait implementation (`From<&str>`, `IntoFuture`): present or not.
    Impl,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::Mod => "mod",
            Kind::Struct => "struct",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Variant => "variant",
            Kind::Fn => "fn",
            Kind::Type => "type",
            Kind::Const => "const",
            Kind::Impl => "impl",
        }
    }

    fn from_word(word: &str) -> Option<Kind> {
        [
            Kind::Mod,
            Kind::Struct,
            Kind::Field,
            Kind::Enum,
            Kind::Variant,
            Kind::Fn,
            Kind::Type,
            Kind::Const,
            Kind::Impl,
        ]
        .into_iter()
        .find(|kind| kind.word() == word)
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// What it is.
    pub kind: Kind,
    /// What a caller depends on besides its name: a type, a signature, exhaustiveness.
    pub signature: String,
    /// The place in the spec it came from, when known (`#/components/schemas/Pet`,
    /// `paths./pets/{id}.get`).
    pub origin: Option<String>,
}

/// Every public item of a module, by path (`types::Pet`, `types::Pet.name`,
/// `Client::get_pet`, `types::Kind::Dog`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Surface {
    /// The items, sorted by path.
    pub items: BTreeMap<String, Item>,
}

/// A line of a surface file that does not read as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The line, from 1.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// The first line of every surface file.
const HEADER: &str = "# The public surface of a generated module: one item a line, `kind path = signature @ origin`.";

impl Surface {
    /// The file's text: a header comment, then one line per item, sorted by path.
    pub fn to_text(&self) -> String {
        let mut text = String::from(HEADER);
        text.push_str("\n# Compared with the next generation to report what it breaks; written by the generator.\n");
        for (path, item) in &self.items {
            text.push_str(item.kind.word());
            text.push(' ');
            text.push_str(path);
            text.push_str(" = ");
            text.push_str(&item.signature);
            if let Some(origin) = &item.origin {
                text.push_str(" @ ");
                text.push_str(origin);
            }
            text.push('\n');
        }
        text
    }

    /// Reads [`Surface::to_text`]'s text back. Lines starting with `#` and blank lines are
    /// skipped.
    pub fn parse(text: &str) -> Result<Surface, ParseError> {
        let mut items = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let line_number = index + 1;
            let error = |message: &str| ParseError {
                line: line_number,
                message: message.to_owned(),
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let (word, rest) = line
                .split_once(' ')
                .ok_or_else(|| error("expected `kind path = signature`"))?;
            let kind = Kind::from_word(word)
                .ok_or_else(|| error(&format!("unknown kind of item `{word}`")))?;
            let (path, rest) = rest
                .split_once(" = ")
                .ok_or_else(|| error("expected ` = ` after the item's path"))?;
            let (signature, origin) = match rest.rsplit_once(" @ ") {
                Some((signature, origin)) => (signature, Some(origin.to_owned())),
                None => (rest, None),
            };
            let item = Item {
                kind,
                signature: signature.to_owned(),
                origin,
            };
            if items.insert(path.to_owned(), item).is_some() {
                return Err(error(&format!("`{path}` is listed twice")));
            }
        }
        Ok(Surface { items })
    }
}

#[cfg(test)]
mod tests;
