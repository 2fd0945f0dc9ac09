//! Diagnostics: every problem the generator finds in a spec, with where it is.
//!
//! Each phase pushes into one [`Diagnostics`] collector instead of stopping at the first
//! problem, so a user sees every error of a run at once. A diagnostic names a place in the
//! document as a [`DocPath`]; [`Report`] maps those paths back to a line and column of the
//! source text only when something is reported (through [`source_map::SourceMap`] for
//! YAML, or one scan of the text per diagnostic for JSON), so the happy path never pays
//! for the position index.
//!
//! The parts, each depending only on those before it:
//! - `path`: [`DocPath`], [`Seg`] and [`Location`], the places everything else names;
//! - `words`: how messages say things (value descriptions, type names, "a"/"an", serde's
//!   words in plain terms, "did you mean"), so that the loader and the validator word
//!   alike;
//! - [`source_map`] and `json`: text positions of document paths, for YAML and for JSON;
//! - this module: the collector and the [`Report`].
//!
//! Nothing here decides what is an error, and nothing here may panic on input: the
//! messages are built from spec text.

use std::fmt;
use std::path::{Path, PathBuf};

mod json;
mod path;
pub mod source_map;
mod sources;
pub(crate) mod words;

pub use path::{DocPath, Location, Seg};
pub use sources::Sources;

use json::locate_json_all;
use source_map::SourceMap;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The run fails and writes nothing.
    Error,
    /// The run goes on with a documented fallback.
    Warning,
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// Where in the document, when known.
    pub path: Option<DocPath>,
    /// Where in the text, when known (parsers know it directly; otherwise [`Report`]
    /// finds it from `path`).
    pub location: Option<Location>,
    /// How to fix it, when there is something useful to say.
    pub help: Option<String>,
    /// The file the problem is in, when it is not the spec itself but a file the spec
    /// refers to (`path` and `location` are then places in that file).
    pub file: Option<PathBuf>,
}

impl Diagnostic {
    /// Adds a hint on how to fix the problem.
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
}

/// Collects the diagnostics of one run.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records an error at `path`.
    pub fn error(&mut self, path: &DocPath, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Error, Some(path.clone()), None, message.into())
    }

    /// Records a warning at `path`: the run goes on with a fallback.
    pub fn warning(&mut self, path: &DocPath, message: impl Into<String>) -> &mut Diagnostic {
        self.push(Severity::Warning, Some(path.clone()), None, message.into())
    }

    /// Records an error in `file`, a file the spec refers to, at a place of that file.
    pub fn error_in(
        &mut self,
        file: &Path,
        location: Option<Location>,
        path: Option<DocPath>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = self.push(Severity::Error, path, location, message.into());
        diagnostic.file = Some(file.to_path_buf());
        diagnostic
    }

    /// Records a warning in `file`, a file the spec refers to, at a place of that file.
    pub fn warning_in(
        &mut self,
        file: &Path,
        path: Option<DocPath>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = self.push(Severity::Warning, path, None, message.into());
        diagnostic.file = Some(file.to_path_buf());
        diagnostic
    }

    /// Moves every diagnostic of `other` here, as found in `file` (a file the spec
    /// refers to, checked on its own).
    pub fn append_in(&mut self, file: &Path, other: Diagnostics) {
        for mut item in other.items {
            item.file = Some(file.to_path_buf());
            self.items.push(item);
        }
    }

    /// Records an error whose text position is already known (a syntax error).
    pub fn error_at(
        &mut self,
        location: Option<Location>,
        path: Option<DocPath>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, path, location, message.into())
    }

    fn push(
        &mut self,
        severity: Severity,
        path: Option<DocPath>,
        location: Option<Location>,
        message: String,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            message,
            path,
            location,
            help: None,
            file: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The recorded diagnostics, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Locates every diagnostic in `source` and sorts them by position.
    pub fn into_report(self, file: &Path, source: &str) -> Report {
        self.into_report_in(&Sources::new(file, source))
    }

    /// Locates every diagnostic in the file it is about (the parts of the document that
    /// came from another file are reported in that file, at their place there) and sorts
    /// them by file and position.
    pub fn into_report_in(self, sources: &Sources<'_>) -> Report {
        let mut items = self.items;
        for item in &mut items {
            if item.file.is_none() && item.location.is_none() {
                if let Some((file, path)) = item.path.as_ref().and_then(|p| sources.origin_of(p)) {
                    item.file = Some(file.to_path_buf());
                    item.path = Some(path);
                }
            }
        }
        let mut files: Vec<Option<PathBuf>> = items.iter().map(|d| d.file.clone()).collect();
        files.sort();
        files.dedup();
        for file in files {
            let Some(text) = sources.text_of(file.as_deref()) else {
                continue;
            };
            let mut in_file: Vec<&mut Diagnostic> =
                items.iter_mut().filter(|d| d.file == file).collect();
            locate(&mut in_file, text);
        }
        items.sort_by(|a, b| {
            (&a.file, a.location, a.severity, &a.path, &a.message)
                .cmp(&(&b.file, b.location, b.severity, &b.path, &b.message))
        });
        items.dedup();
        Report {
            file: sources.root().to_path_buf(),
            diagnostics: items,
        }
    }
}

/// Finds the text position of each diagnostic that has a path but no position yet.
fn locate(items: &mut [&mut Diagnostic], source: &str) {
    if source.trim_start().starts_with('{') {
        // One scan for them all beats indexing a large JSON file.
        let wanted: Vec<usize> = (0..items.len())
            .filter(|&i| items[i].location.is_none() && items[i].path.is_some())
            .collect();
        let paths: Vec<&DocPath> = wanted
            .iter()
            .filter_map(|&i| items[i].path.as_ref())
            .collect();
        let found = locate_json_all(source, &paths);
        for (i, location) in wanted.into_iter().zip(found) {
            items[i].location = location;
        }
    } else if items
        .iter()
        .any(|d| d.location.is_none() && d.path.is_some())
    {
        let map = SourceMap::new(source);
        for item in items.iter_mut() {
            if item.location.is_none() {
                if let Some(path) = &item.path {
                    item.location = map.locate(path);
                }
            }
        }
    }
}

/// The located diagnostics of one spec file, ready to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The spec file, as the user named it.
    pub file: PathBuf,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// The number of errors.
    pub fn error_count(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// The number of warnings.
    pub fn warning_count(&self) -> usize {
        self.diagnostics.len() - self.error_count()
    }
}

impl fmt::Display for Report {
    /// Renders like a compiler:
    ///
    /// ```text
    /// error: `$ref` target `#/components/schemas/Missing` does not exist
    ///   --> specs/nylas.yaml:42:17
    ///    = at: paths./v3/x.post.requestBody.content.application/json.schema
    ///    = help: define `Missing` under `components.schemas`, or fix the reference
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            let label = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(f, "{label}: {}", d.message)?;
            let file = d.file.as_ref().unwrap_or(&self.file).display();
            match d.location {
                Some(Location { line, column }) => writeln!(f, "  --> {file}:{line}:{column}")?,
                None => writeln!(f, "  --> {file}")?,
            }
            if let Some(path) = &d.path {
                writeln!(f, "   = at: {path}")?;
            }
            if let Some(help) = &d.help {
                writeln!(f, "   = help: {help}")?;
            }
        }
        let errors = self.error_count();
        let warnings = self.warning_count();
        if errors > 0 {
            writeln!(
                f,
                "\n{}: {errors} error{}, {warnings} warning{}",
                self.file.display(),
                if errors == 1 { "" } else { "s" },
                if warnings == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Report {}
