//! Load: source text (YAML or JSON) -> `openapiv3::OpenAPI`, with located errors.
//!
//! [`load`] runs the steps in order, and stops after a step that found an error:
//! 1. `text`: the text is parsed into a generic `serde_json::Value`, so syntax errors
//!    keep the parser's own line and column;
//! 2. `version`: the top level is a mapping and the document is OpenAPI 3.0 or 3.1;
//!    the user's `overlay`s are applied in order (read through [`Files`]);
//!    `bundle` copies in what its references to other files reach (read through
//!    [`Files`], relative to the file holding each reference); `dialect` then rewrites a 3.1 document onto the 3.0 model (and reads 3.1 keywords
//!    in a 3.0 document leniently), with a warning for whatever has no 3.0 equivalent;
//!    [`crate::repair`] runs between the two, fixing the defects that have one plausible
//!    reading (or, when strict, refusing them);
//! 3. `raw`: the nesting depth, and a few things `openapiv3` would silently drop (paths
//!    without `/`, response keys that are not status codes, `$ref`s that are not strings);
//! 4. a shallow, valid document is deserialized at once (most are: the fast path);
//! 5. otherwise `explain` walks the value along the grammar of `kind`, checks each node
//!    on its own, and words every error in plain terms (`report`); only a document the
//!    walk finds no error in is deserialized.
//!
//! `openapiv3` buffers much of the document (untagged enums such as `ReferenceOr`, and
//! `#[serde(flatten)]`), which loses the document path of an error and often its words
//! ("data did not match any variant of untagged enum"); and when a deeply nested schema
//! is wrong it retries each level, taking time exponential in the depth. Hence the walk.
//!
//! Loading only reads the document: it must never judge what references point at (that is
//! validation), and nothing here may panic on input.

mod bundle;
mod dialect;
mod explain;
mod files;
mod kind;
mod overlay;
mod raw;
mod report;
mod text;
mod version;
mod yaml;
mod yaml_scalar;
mod yaml_syntax;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostics, Sources};
use crate::repair::{self, Counts, Policy};

pub use files::{Disk, Files, NoFiles};
pub use overlay::apply as apply_overlay;

use explain::explain;
use kind::{doc_path, Kind};
use raw::{check_depth, check_raw, depth_of};
use report::report;
use text::parse;
use version::check_version;

/// A loaded document and what loading it warned about.
#[derive(Debug)]
pub struct Loaded {
    /// The document, in the 3.0 model (a 3.1 document rewritten onto it).
    pub api: openapiv3::OpenAPI,
    /// Warnings: 3.1 constructs without a 3.0 equivalent, 3.1 keywords in a 3.0 document,
    /// repairs, overlay targets that selected nothing.
    pub warnings: Diagnostics,
    /// The repairs made, by kind.
    pub repairs: Counts,
}

/// What loading applies besides the text: the user's overlays and the repair policy.
#[derive(Debug, Clone, Copy, Default)]
pub struct Changes<'a> {
    /// Overlay files, applied in order, read through [`Files`] (as named, not relative
    /// to the spec).
    pub overlays: &'a [PathBuf],
    /// Whether defects with one plausible reading are repaired or refused.
    pub policy: Policy,
}

/// Parses an OpenAPI 3.0 or 3.1 document from YAML or JSON text that refers to no other
/// file. On failure the diagnostics hold every error found (and the warnings before them).
pub fn load(text: &str) -> Result<Loaded, Diagnostics> {
    load_in(&mut Sources::new(Path::new(""), text), &NoFiles)
}

/// Parses the spec of `sources` (its root file and text), reading the files its `$ref`s
/// name from `files` (they are added to `sources`, with where each copied part came from).
/// On failure the diagnostics hold every error found (and the warnings before them).
pub fn load_in(sources: &mut Sources<'_>, files: &dyn Files) -> Result<Loaded, Diagnostics> {
    load_with(sources, files, Changes::default())
}

/// [`load_in`], applying `changes`: the overlays, in order, before anything else reads the
/// document, and the repairs (or, when strict, their errors).
pub fn load_with(
    sources: &mut Sources<'_>,
    files: &dyn Files,
    changes: Changes<'_>,
) -> Result<Loaded, Diagnostics> {
    let mut diags = Diagnostics::default();
    let text = sources.root_text();
    let Some(mut raw) = parse(text, &mut diags) else {
        return Err(diags);
    };
    let Some(dialect) = check_version(&raw, &mut diags) else {
        return Err(diags);
    };
    if !check_depth(&raw, &mut diags) {
        return Err(diags);
    }
    for file in changes.overlays {
        match files.read(file) {
            Ok(text) => {
                overlay::apply(&mut raw, file, &text, &mut diags);
                sources.add_file(file.clone(), text);
            }
            Err(error) => {
                diags
                    .error_in(file, None, None, format!("cannot read the overlay: {error}"))
                    .help("overlay paths are relative to the config file's directory (or, on the command line, to the current directory)");
            }
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let mut repairs = bundle::bundle(&mut raw, sources, files, changes.policy, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    repairs.add(&repair::repair(&mut raw, changes.policy, &mut diags));
    if diags.has_errors() {
        return Err(diags);
    }
    dialect::normalize(&mut raw, dialect, &mut diags);
    check_raw(&raw, &mut diags);
    // Most documents are valid and shallow enough that a failed deserialization would
    // still be cheap: deserialize them at once, and walk only when that fails (the walk
    // finds every error with its place; serde stops at the first).
    if !diags.has_errors() && depth_of(&raw) <= FAST_PATH_DEPTH {
        if let Ok(api) = openapiv3::OpenAPI::deserialize(&raw) {
            return Ok(Loaded {
                api,
                warnings: diags,
                repairs,
            });
        }
    }
    // Otherwise the walk runs first: deserializing a document with an error deep inside
    // nested schemas takes `openapiv3` time exponential in the depth.
    explain(Kind::Document, &raw, &mut Vec::new(), &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&raw) {
        Ok(api) => Ok(Loaded {
            api,
            warnings: diags,
            repairs,
        }),
        Err(error) => {
            // The walk missed this one: report serde's own words.
            let path = doc_path(error.path());
            report(
                &mut diags,
                Kind::Document,
                &path,
                &error.inner().to_string(),
            );
            Err(diags)
        }
    }
}

/// Documents nested at most this deep are deserialized before any walk. Measured on
/// stripe.json (depth 23): a schema broken 21 levels down fails in about as long as the
/// valid document takes (0.1 s), so the failed attempt costs little.
const FAST_PATH_DEPTH: usize = 24;

/// What the tests of every step share: a document's errors as `line:column path: message`.
#[cfg(test)]
mod testing {
    /// The first lines of a valid document.
    pub const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

    /// [`HEAD`] and then `rest`.
    pub fn doc(rest: &str) -> String {
        format!("{HEAD}{rest}")
    }

    /// Every diagnostic of loading `text`, as `line:column path: message`.
    pub fn errors(text: &str) -> Vec<String> {
        let diags = match super::load(text) {
            Ok(loaded) => loaded.warnings,
            Err(diags) => diags,
        };
        diags
            .items()
            .iter()
            .map(|d| {
                let at = d.path.as_ref().map(|p| p.to_string()).unwrap_or_default();
                let loc = d
                    .location
                    .map(|l| format!("{}:{} ", l.line, l.column))
                    .unwrap_or_default();
                format!("{loc}{at}: {}", d.message)
            })
            .collect()
    }

    /// A document with schema `A` nesting `leaf` `depth` objects deep.
    pub fn nested(depth: usize, leaf: &str) -> String {
        let mut schema = leaf.to_string();
        for _ in 0..depth {
            schema = format!("{{type: object, properties: {{a: {schema}}}}}");
        }
        doc(&format!(
            "paths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::load;
    use super::testing::{doc, errors};

    /// Callbacks (a map of path items, with no `$ref` form in openapiv3) load.
    #[test]
    fn operation_callbacks_load() {
        let text = r#"
openapi: 3.0.0
info: {title: t, version: '1'}
paths:
  /streams:
    post:
      callbacks:
        onData:
          '{$request.query.callbackUrl}/data':
            post:
              responses:
                '202': {description: ok}
      responses:
        '201': {description: ok}
components:
  callbacks:
    Shared:
      '{$request.body#/url}':
        get:
          responses:
            '200': {description: ok}
"#;
        assert_eq!(errors(text), Vec::<String>::new());
    }

    #[test]
    fn loads_yaml_and_json_with_numeric_status_codes() {
        let yaml =
            doc("paths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n");
        let api = load(&yaml).map_err(|d| format!("{d:?}")).unwrap().api;
        let op = api
            .paths
            .paths
            .get("/a")
            .and_then(|p| p.as_item())
            .and_then(|p| p.get.as_ref());
        let responses = op.map(|op| op.responses.responses.len());
        assert_eq!(responses, Some(1));
        let json = r#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert!(load(json).is_ok());
    }

    #[test]
    fn collects_several_errors() {
        let text = doc("paths:\n  /a:\n    get:\n      summary: 1\n      responses: {}\n  /b:\n    get:\n      description: []\n      responses: {}\n  c: {}\n");
        assert_eq!(
            errors(&text),
            [
                "paths.c: the path `c` does not start with `/`",
                "paths./a.get.summary: expected a string for `summary`, found the number 1",
                "paths./b.get.description: expected a string for `description`, found a list",
            ]
        );
    }
}
