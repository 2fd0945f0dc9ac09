//! Places: a path into the document ([`DocPath`]), one step of it borrowed from the
//! document ([`Seg`]), and a line and column in the text ([`Location`]).
//!
//! A leaf that the diagnostics, the source map and the walkers all build on; it imports
//! nothing of theirs. The walkers (the loader's `$ref` and error walks, the validator) keep
//! the current path as a stack of [`Seg`]s and make a [`DocPath`] only when they report
//! something, so nothing here may be needed per visited node but a `Seg`, which borrows.

use std::fmt;

use openapiv3::StatusCode;

/// A place in the document, as the keys from the root: `paths./x.post.requestBody`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DocPath(Vec<String>);

impl DocPath {
    /// The document root.
    pub fn root() -> Self {
        DocPath(Vec::new())
    }

    /// A path from its segments.
    pub fn from_segments<I, S>(segments: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        DocPath(segments.into_iter().map(Into::into).collect())
    }

    /// A path from a walker's stack of borrowed segments.
    pub fn from_borrowed<'s, 'v: 's>(segments: impl IntoIterator<Item = &'s Seg<'v>>) -> Self {
        DocPath(segments.into_iter().map(|s| s.render()).collect())
    }

    /// The path one key deeper.
    #[must_use]
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        let mut segments = self.0.clone();
        segments.push(segment.to_string());
        DocPath(segments)
    }

    /// This path followed by `relative`.
    #[must_use]
    pub fn join(&self, relative: &DocPath) -> Self {
        let mut segments = self.0.clone();
        segments.extend(relative.0.iter().cloned());
        DocPath(segments)
    }

    /// The keys from the root.
    pub fn segments(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document root)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            f.write_str(segment)?;
        }
        Ok(())
    }
}

/// One step of a document path, borrowed from the document (raw or loaded).
#[derive(Debug, Clone, Copy)]
pub enum Seg<'v> {
    /// A map key.
    Key(&'v str),
    /// A list index.
    Index(usize),
    /// A response's status code, rendered as `200` or `2XX` (the loaded document keys
    /// responses by [`StatusCode`], not by text).
    Status(&'v StatusCode),
}

impl Seg<'_> {
    /// The segment as a [`DocPath`] holds it.
    fn render(self) -> String {
        match self {
            Seg::Key(key) => key.to_string(),
            Seg::Index(i) => i.to_string(),
            Seg::Status(code) => code.to_string(),
        }
    }
}

/// A 1-based line and column in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_path_display() {
        let p = DocPath::root()
            .push("paths")
            .push("/v3/x")
            .push("post")
            .push("requestBody");
        assert_eq!(p.to_string(), "paths./v3/x.post.requestBody");
        assert_eq!(DocPath::root().to_string(), "(document root)");
    }

    #[test]
    fn borrowed_segments_and_join() {
        let code = StatusCode::Range(4);
        let path = DocPath::from_borrowed(&[Seg::Key("responses"), Seg::Status(&code)]);
        assert_eq!(path.to_string(), "responses.4XX");
        let joined = path.join(&DocPath::from_segments(["content", "0"]));
        assert_eq!(joined.to_string(), "responses.4XX.content.0");
        let items = [Seg::Key("tags"), Seg::Index(1)];
        assert_eq!(DocPath::from_borrowed(&items).to_string(), "tags.1");
    }
}
