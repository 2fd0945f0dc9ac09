//! Two surfaces -> what changed, each change classified as breaking or additive for code
//! written against the old one.

use std::fmt;

use super::{Item, Kind, Surface};

/// Whether code that compiled against the old surface still compiles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    /// Some code written for the old surface no longer compiles.
    Breaking,
    /// Everything that compiled still compiles.
    Additive,
}

/// One change to the surface.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Breaking or additive.
    pub class: Class,
    /// The item's path (`Client::get_pet`).
    pub path: String,
    /// What happened to it, in words: `removed`, `added`, "changed from `A` to `B`".
    pub what: String,
    /// The spec place it came from, when known.
    pub origin: Option<String>,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
        };
        write!(f, "{class}: `{}` {}", self.path, self.what)?;
        if let Some(origin) = &self.origin {
            write!(f, " ({origin})")?;
        }
        Ok(())
    }
}

/// Every change between two surfaces, breaking ones first, then by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes(pub Vec<Change>);

impl Changes {
    /// How many changes break code written for the old surface.
    pub fn breaking(&self) -> usize {
        self.0.iter().filter(|c| c.class == Class::Breaking).count()
    }

    /// How many only add.
    pub fn additive(&self) -> usize {
        self.0.iter().filter(|c| c.class == Class::Additive).count()
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Changes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for change in &self.0 {
            writeln!(f, "{change}")?;
        }
        Ok(())
    }
}

/// What changed from `old` to `new`. An item whose parent (the struct of a field, the enum
/// of a variant, the type of a method) was removed or added with it is not listed apart.
pub fn diff(old: &Surface, new: &Surface) -> Changes {
    let mut changes = Vec::new();
    for (path, before) in &old.items {
        match new.items.get(path) {
            None => {
                if parent(path, before.kind)
                    .is_some_and(|p| old.items.contains_key(p) && !new.items.contains_key(p))
                {
                    continue;
                }
                changes.push(Change {
                    class: Class::Breaking,
                    path: path.clone(),
                    what: "removed".to_owned(),
                    origin: before.origin.clone(),
                });
            }
            Some(after) if after.signature != before.signature || after.kind != before.kind => {
                changes.push(changed(path, before, after));
            }
            Some(_) => {}
        }
    }
    for (path, after) in &new.items {
        if old.items.contains_key(path) {
            continue;
        }
        let owner = parent(path, after.kind);
        if owner.is_some_and(|p| new.items.contains_key(p) && !old.items.contains_key(p)) {
            continue;
        }
        changes.push(added(path, after, owner.and_then(|p| new.items.get(p))));
    }
    changes.sort_by(|a, b| (a.class, &a.path).cmp(&(b.class, &b.path)));
    Changes(changes)
}

fn added(path: &str, item: &Item, owner: Option<&Item>) -> Change {
    let exhaustive_owner = owner.is_some_and(|o| !is_non_exhaustive(&o.signature));
    let (class, what) = match item.kind {
        Kind::Field if exhaustive_owner => (
            Class::Breaking,
            "added to an exhaustive struct (a struct literal without it no longer compiles)",
        ),
        Kind::Variant if exhaustive_owner => (
            Class::Breaking,
            "added to an exhaustive enum (a `match` without a catch-all arm no longer compiles)",
        ),
        _ => (Class::Additive, "added"),
    };
    Change {
        class,
        path: path.to_owned(),
        what: what.to_owned(),
        origin: item.origin.clone(),
    }
}

fn changed(path: &str, before: &Item, after: &Item) -> Change {
    let was = strip_gates(&before.signature);
    let is = strip_gates(&after.signature);
    let class = if matches!(after.kind, Kind::Struct | Kind::Enum)
        && before.kind == after.kind
        && was.replacen("non_exhaustive", "exhaustive", 1) == is
        && gates(&before.signature) == gates(&after.signature)
    {
        // No longer `#[non_exhaustive]`: more code compiles, none less.
        Class::Additive
    } else if was == is && gates(&after.signature).is_empty() {
        // A feature gate taken away: the item is there in more builds.
        Class::Additive
    } else {
        Class::Breaking
    };
    Change {
        class,
        path: path.to_owned(),
        what: format!(
            "changed from `{}` to `{}`",
            before.signature, after.signature
        ),
        origin: after.origin.clone().or_else(|| before.origin.clone()),
    }
}

/// The item an item belongs to: a field's struct, a variant's enum, a method's or an
/// impl's type.
fn parent(path: &str, kind: Kind) -> Option<&str> {
    match kind {
        Kind::Field => path.rsplit_once('.').map(|(owner, _)| owner),
        Kind::Impl => path.split_once(": ").map(|(owner, _)| owner),
        Kind::Variant
        | Kind::Fn
        | Kind::Struct
        | Kind::Enum
        | Kind::Type
        | Kind::Const
        | Kind::Mod => path.rsplit_once("::").map(|(owner, _)| owner),
    }
}

fn is_non_exhaustive(signature: &str) -> bool {
    strip_gates(signature)
        .split_whitespace()
        .next()
        .is_some_and(|word| word == "non_exhaustive")
}

/// The `#[cfg(..)]` prefix of a signature.
fn gates(signature: &str) -> &str {
    if signature.starts_with("#[") {
        match signature.find("] ") {
            Some(end) => &signature[..=end],
            None => signature,
        }
    } else {
        ""
    }
}

fn strip_gates(signature: &str) -> &str {
    let gates = gates(signature);
    signature[gates.len()..].trim_start()
}
