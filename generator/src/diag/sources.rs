//! The texts a spec was read from: the spec itself, the files its `$ref`s brought in, and
//! where each part of the bundled document came from, so that a diagnostic about a part
//! that came from another file names that file, its line and its own place.

use std::path::{Path, PathBuf};

use super::path::DocPath;

/// A spec's texts. The spec's own text is borrowed; the files it refers to are owned.
#[derive(Debug, Clone)]
pub struct Sources<'t> {
    root: PathBuf,
    root_text: &'t str,
    files: Vec<(PathBuf, String)>,
    origins: Vec<Origin>,
}

/// A part of the bundled document that came from another file.
#[derive(Debug, Clone)]
struct Origin {
    /// Where the part is in the bundled document.
    at: DocPath,
    /// The file it came from (an index into `files`).
    file: usize,
    /// Where it is in that file.
    from: DocPath,
}

impl<'t> Sources<'t> {
    /// The spec `file` (as the user named it) with its text.
    pub fn new(file: &Path, text: &'t str) -> Self {
        Sources {
            root: file.to_path_buf(),
            root_text: text,
            files: Vec::new(),
            origins: Vec::new(),
        }
    }

    /// The spec's file, as the user named it.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The spec's own text.
    pub fn root_text(&self) -> &'t str {
        self.root_text
    }

    /// Adds a file a `$ref` brought in (its path as shown in messages); returns its index.
    pub fn add_file(&mut self, path: PathBuf, text: String) -> usize {
        self.files.push((path, text));
        self.files.len() - 1
    }

    /// The path of file `index`, as shown in messages.
    pub fn file(&self, index: usize) -> &Path {
        &self.files[index].0
    }

    /// The text of file `index`.
    pub fn text(&self, index: usize) -> &str {
        &self.files[index].1
    }

    /// Records that the bundled document's `at` holds what file `file` has at `from`.
    pub fn add_origin(&mut self, at: DocPath, file: usize, from: DocPath) {
        self.origins.push(Origin { at, file, from });
    }

    /// The file and the place in it that a place of the bundled document came from:
    /// `None` for a place of the spec itself.
    pub(super) fn origin_of(&self, path: &DocPath) -> Option<(&Path, DocPath)> {
        let origin = self
            .origins
            .iter()
            .filter(|o| path.segments().starts_with(o.at.segments()))
            .max_by_key(|o| o.at.segments().len())?;
        let rest = DocPath::from_segments(
            path.segments()[origin.at.segments().len()..]
                .iter()
                .cloned(),
        );
        Some((self.file(origin.file), origin.from.join(&rest)))
    }

    /// The text of a file: the spec's own for `None`.
    pub(super) fn text_of(&self, file: Option<&Path>) -> Option<&str> {
        match file {
            None => Some(self.root_text),
            Some(file) if file == self.root => Some(self.root_text),
            Some(file) => self
                .files
                .iter()
                .find(|(path, _)| path == file)
                .map(|(_, text)| text.as_str()),
        }
    }
}
