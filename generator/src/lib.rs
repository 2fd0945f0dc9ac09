//! Generates typed Rust clients from OpenAPI 3.0 and 3.1 documents.
//!
//! The pipeline, one module per step:
//! [`load`] (text -> `openapiv3::OpenAPI`) -> [`validate`] -> [`lower`] (-> [`ir`]) ->
//! [`emit`] (IR -> one [`emit::Module`] value) -> [`render`] (that value -> text) ->
//! [`output`] (crate files).
//! [`codegen`] drives it for the specs an `openapi-gen.toml` lists ([`config`]), this
//! repository's `specs/` -> `generated/` among them.
//!
//! Library code never panics on a spec: every problem becomes a [`diag::Diagnostic`].
//!
//! # From your own xtask or build script
//!
//! The `openapi-gen` command is a thin layer over this library, so a project's own
//! `cargo xtask codegen` can do what it does. Depend on the library without the command's
//! argument parser (`openapi-gen = { path = "...", default-features = false }`), then
//! regenerate the crate an `openapi-gen.toml` describes, or check it in CI:
//!
//! ```no_run
//! use std::path::Path;
//!
//! use openapi_gen::codegen::{self, Mode};
//! use openapi_gen::config::Config;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let config = Config::load(Path::new("openapi-gen.toml"))?;
//! let summary = codegen::run_config(&config, Mode::Check)?;
//! if !summary.is_fresh() {
//!     return Err(format!("stale: {:?}; run `{}`", summary.changed, config.output.command).into());
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Or generate one spec's module text yourself, with options, from a `build.rs` or a
//! test; every error of a broken spec comes back at once in a [`Report`]:
//!
//! ```
//! use std::path::Path;
//!
//! use openapi_gen::{load::NoFiles, Formats, Options};
//!
//! let spec = r#"
//! openapi: 3.0.3
//! info: {title: Pets, version: "1"}
//! paths:
//!   /pets/{id}:
//!     get:
//!       operationId: getPet
//!       parameters: [{name: id, in: path, required: true, schema: {type: string}}]
//!       responses:
//!         "200":
//!           description: A pet.
//!           content:
//!             application/json:
//!               schema:
//!                 type: object
//!                 required: [born]
//!                 properties: {born: {type: string, format: date}}
//! "#;
//! let options = Options { formats: Formats::Strings, ..Options::default() };
//! let generated = openapi_gen::generate_with_options(Path::new("pets.yaml"), spec, &NoFiles, &options)
//!     .map_err(|report| report.to_string())?;
//! assert!(generated.code.contains("pub fn get_pet<'a>("));
//! assert!(generated.code.contains("pub born: ::std::string::String"));
//!
//! // A crate's files, ready to write (the runtime included):
//! let module = openapi_gen::output::ModuleFile {
//!     name: "pets".into(),
//!     source: "pets.yaml".into(),
//!     title: generated.api.title.clone(),
//!     code: generated.code,
//!     features: generated.api.features,
//! };
//! let files = openapi_gen::output::standalone_crate("pets-client", &module, "my-xtask codegen")?;
//! assert!(files.contains_key(Path::new("src/pets.rs")));
//! # Ok::<(), String>(())
//! ```

pub mod codegen;
pub mod config;
pub mod diag;
pub mod docs;
pub mod emit;
pub mod ir;
pub mod json_schema;
pub mod load;
pub mod lower;
pub mod naming;
pub mod options;
pub mod output;
mod parallel;
pub mod refs;
pub mod render;
pub mod repair;
pub mod surface;
pub mod validate;

use std::path::Path;

pub use diag::Report;
pub use load::{Disk, Files};
pub use options::{Formats, Options, TagFeatures};

/// The result of generating one spec.
#[derive(Debug)]
pub struct Generated {
    /// The lowered API, for snapshots and statistics.
    pub api: ir::Api,
    /// The module's code, formatted, without the `@generated` header.
    pub code: String,
    /// Warnings (lossy fallbacks, repairs) found along the way; never errors.
    pub warnings: Report,
    /// The repairs made to the document, by kind.
    pub repairs: repair::Counts,
}

/// Generates the client module for the spec `text`, read from `file`.
///
/// `file` names the spec in diagnostics, and the files its `$ref`s name are read from the
/// file system relative to it (and to the current directory). On failure the [`Report`]
/// holds every error found, sorted by file and position.
pub fn generate(file: &Path, text: &str) -> Result<Generated, Report> {
    generate_with(file, text, &Disk::default())
}

/// [`generate`], reading the files the spec's `$ref`s name through `files`: paths arrive
/// as `file`'s directory joined with the reference (`specs/api.yaml` and `common.yaml`
/// give `specs/common.yaml`). Use [`Disk::new`] to read them relative to another directory.
pub fn generate_with(file: &Path, text: &str, files: &dyn Files) -> Result<Generated, Report> {
    generate_with_options(file, text, files, &Options::default())
}

/// [`generate_with`], with the choices of `options` (for example every `format` kept as
/// a `String`).
pub fn generate_with_options(
    file: &Path,
    text: &str,
    files: &dyn Files,
    options: &Options,
) -> Result<Generated, Report> {
    let mut sources = diag::Sources::new(file, text);
    let changes = load::Changes {
        overlays: &options.overlays,
        policy: if options.strict {
            repair::Policy::Strict
        } else {
            repair::Policy::Repair
        },
    };
    let loaded =
        load::load_with(&mut sources, files, changes).map_err(|d| d.into_report_in(&sources))?;
    let repairs = loaded.repairs;
    let api = loaded.api;
    let mut diags = loaded.warnings;
    validate::validate(&api, &mut diags);
    if diags.has_errors() {
        return Err(diags.into_report_in(&sources));
    }
    // What the generated mock validates requests with: the document's request side.
    let request_schemas = match json_schema::request_schemas(&api) {
        Ok(schemas) => schemas,
        Err(e) => {
            diags.warning(
                &diag::DocPath::root(),
                format!("the mock's request check will not validate against the schemas: the document does not encode as JSON ({e})"),
            );
            Default::default()
        }
    };
    let mut ir = lower::lower_with(&api, options, &mut diags);
    ir.request_schemas = request_schemas;
    // The document is no longer needed: free it before formatting, the peak of memory.
    drop(api);
    if diags.has_errors() {
        return Err(diags.into_report_in(&sources));
    }
    let code = match render::module(&emit::module(&ir)) {
        Ok(code) => code,
        Err(message) => {
            diags
                .error_at(None, None, format!("internal error: {message}"))
                .help("this is a bug in the generator; please report it with the spec");
            return Err(diags.into_report_in(&sources));
        }
    };
    Ok(Generated {
        api: ir,
        code,
        warnings: diags.into_report_in(&sources),
        repairs,
    })
}
