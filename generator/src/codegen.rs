//! The commands: the specs of an `openapi-gen.toml` -> one crate ([`run_config`]), one
//! spec -> a standalone crate ([`standalone`]), and the files written or checked
//! ([`sync`]).
//!
//! One function, [`run_config`], serves `openapi-gen` and `openapi-gen --check` in any
//! repository, and through [`run`] this repository's `cargo xtask codegen` (writes),
//! `cargo xtask codegen --check` (never writes, fails naming each stale file) and the
//! freshness test, so they cannot disagree.

use std::collections::BTreeMap;
use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::output::{self, ModuleFile};
use crate::surface;
use crate::Report;

/// The command that writes `generated/`, as headers and messages name it (this
/// repository's `openapi-gen.toml` says so too).
pub const COMMAND: &str = "cargo xtask codegen";

/// Whether to write or only compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write files whose bytes changed; delete files no spec produces.
    Write,
    /// Write nothing; report what differs.
    Check,
}

/// What one spec produced.
#[derive(Debug, Clone)]
pub struct SpecSummary {
    /// The spec file, relative to the repository root.
    pub spec: String,
    /// Operations generated.
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Time to generate the module.
    pub elapsed: Duration,
    /// Warnings (lossy fallbacks, repairs).
    pub warnings: Report,
    /// The repairs made to the spec, by kind.
    pub repairs: crate::repair::Counts,
    /// What changed in the module's public surface since the surface file on disk
    /// (`api/<module>.api`); `None` when there was none to compare with.
    pub surface: Option<surface::Changes>,
}

/// What a run did or found.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// One entry per spec, sorted by file name.
    pub specs: Vec<SpecSummary>,
    /// Files written (Write) or that differ (Check), relative to the repository root.
    pub changed: Vec<PathBuf>,
    /// Files under `generated/` that no spec produces: deleted (Write) or reported (Check).
    pub extra: Vec<PathBuf>,
}

impl Summary {
    /// Whether `generated/` matched the specs.
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.extra.is_empty()
    }

    /// The repairs of every spec, by kind.
    pub fn repairs(&self) -> crate::repair::Counts {
        let mut total = crate::repair::Counts::default();
        for spec in &self.specs {
            total.add(&spec.repairs);
        }
        total
    }

    /// How many changes to the specs' public surfaces break code written against the
    /// crate as it was (for `--deny-breaking`).
    pub fn breaking(&self) -> usize {
        self.specs
            .iter()
            .filter_map(|spec| spec.surface.as_ref())
            .map(surface::Changes::breaking)
            .sum()
    }

    /// Prints what a run of `openapi-gen` (or `cargo xtask codegen`) did to the crate in
    /// `dir`: each spec's warnings (to stderr) and one line per spec, then the files
    /// written and deleted, or that `dir` is up to date, and last the repairs made, by
    /// kind. A stale check is an `Err` with [`stale_message`], naming `command`.
    pub fn print(&self, mode: Mode, dir: &str, command: &str) -> Result<(), String> {
        for spec in &self.specs {
            if !spec.warnings.diagnostics.is_empty() {
                eprintln!("{}", spec.warnings);
            }
            println!(
                "{:<28} {:>4} operations {:>5} types {:>8.1} ms",
                spec.spec,
                spec.operations,
                spec.types,
                spec.elapsed.as_secs_f64() * 1000.0
            );
            if let Some(changes) = spec.surface.as_ref().filter(|c| !c.is_empty()) {
                println!(
                    "  public surface: {} breaking, {} additive change(s)",
                    changes.breaking(),
                    changes.additive()
                );
                for change in &changes.0 {
                    println!("    {change}");
                }
            }
        }
        if mode == Mode::Check && !self.is_fresh() {
            return Err(stale_message(dir, &self.changed, &self.extra, command));
        }
        for path in &self.changed {
            println!("wrote   {}", path.display());
        }
        for path in &self.extra {
            println!("deleted {}", path.display());
        }
        if self.is_fresh() {
            println!("{dir} is up to date");
        }
        println!("{}", self.repairs());
        Ok(())
    }
}

/// Why a run failed.
#[derive(Debug)]
pub enum Error {
    /// One or more specs are broken.
    Specs(Vec<Report>),
    /// Reading or writing a file failed.
    Io(PathBuf, std::io::Error),
    /// The generator produced something it could not format (a generator bug).
    Internal(String),
    /// The config file is malformed.
    Config(crate::config::Error),
    /// The output directory holds a crate the generator did not write.
    Foreign(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(reports) => {
                for (i, r) in reports.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{r}")?;
                }
                Ok(())
            }
            Error::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Error::Internal(msg) => write!(f, "internal error: {msg}"),
            Error::Config(e) => write!(f, "{e}"),
            Error::Foreign(path) => write!(
                f,
                "error: {} was not written by openapi-gen; refusing to replace it\n   = help: \
                 the crate directory belongs to the generator: name a new one",
                path.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

/// The spec files under `specs/`, sorted: each YAML or JSON file, and the root of each
/// directory (a spec split over several files: its `openapi.yaml`, `.yml` or `.json`).
pub fn spec_files(root: &Path) -> Result<Vec<PathBuf>, Error> {
    let dir = root.join("specs");
    let entries = fs::read_dir(&dir).map_err(|e| Error::Io(dir.clone(), e))?;
    let mut files = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::Io(dir.clone(), e))?;
        let mut path = entry.path();
        if path.is_dir() {
            match ["openapi.yaml", "openapi.yml", "openapi.json"]
                .iter()
                .map(|name| path.join(name))
                .find(|root| root.is_file())
            {
                Some(root) => path = root,
                None => continue,
            }
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "yaml" | "yml" | "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The module name a spec file gets: its stem, as a Rust identifier; for the root of a
/// split spec (`specs/petstore/openapi.yaml`), its directory's name.
pub fn module_name(spec: &Path) -> String {
    let mut stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    if stem == "openapi" {
        if let Some(dir) = spec
            .parent()
            .and_then(|dir| dir.file_name())
            .and_then(|name| name.to_str())
        {
            stem = dir;
        }
    }
    let name = crate::naming::module_name(stem);
    if matches!(name.as_str(), "runtime" | "types") {
        format!("{name}_api")
    } else {
        name
    }
}

/// Generates one spec into a module. `display` names the spec in headers and messages;
/// the files its `$ref`s name are read through `files`, relative to `display`.
pub fn module(
    display: &str,
    text: &str,
    files: &dyn crate::Files,
) -> Result<(ModuleFile, crate::Generated), Report> {
    module_with(display, text, files, &crate::Options::default())
}

/// [`module`] with the choices of `options`.
pub fn module_with(
    display: &str,
    text: &str,
    files: &dyn crate::Files,
    options: &crate::Options,
) -> Result<(ModuleFile, crate::Generated), Report> {
    let generated = crate::generate_with_options(Path::new(display), text, files, options)?;
    let module = ModuleFile {
        name: module_name(Path::new(display)),
        source: display.to_string(),
        title: generated.api.title.clone(),
        code: generated.code.clone(),
        features: generated.api.features.clone(),
    };
    Ok((module, generated))
}

/// Regenerates `generated/` from `specs/` under `root`, as `root/openapi-gen.toml` says.
pub fn run(root: &Path, mode: Mode) -> Result<Summary, Error> {
    let config = Config::load(&root.join(crate::config::FILE_NAME)).map_err(Error::Config)?;
    run_config(&config, mode)
}

/// Generates every spec of `config` into its crate (write), or compares (check). Paths in
/// the summary are relative to the config's directory.
pub fn run_config(config: &Config, mode: Mode) -> Result<Summary, Error> {
    let mut summary = Summary::default();
    let mut modules = Vec::new();
    let mut failures = Vec::new();
    let files = crate::Disk::new(&config.root);
    let out_dir = config.root.join(&config.output.dir);
    let mut surfaces = Vec::new();
    for spec in &config.specs {
        let path = config.root.join(&spec.file);
        let text = fs::read_to_string(&path).map_err(|e| Error::Io(path.clone(), e))?;
        let start = Instant::now();
        match generate_module(&spec.file, &text, &files, &spec.options) {
            Ok(generated) => {
                let (file, changes) = surface_file(
                    &out_dir,
                    &spec.module,
                    &spec.file,
                    &config.output.command,
                    &generated,
                )?;
                surfaces.push(file);
                summary.specs.push(SpecSummary {
                    spec: spec.file.clone(),
                    operations: generated.api.operations.len(),
                    types: generated.api.types.len(),
                    elapsed: start.elapsed(),
                    warnings: generated.warnings,
                    repairs: generated.repairs,
                    surface: changes,
                });
                modules.push(ModuleFile {
                    name: spec.module.clone(),
                    source: spec.file.clone(),
                    title: generated.api.title,
                    code: generated.code,
                    features: generated.api.features,
                });
            }
            Err(report) => failures.push(report),
        }
    }
    if !failures.is_empty() {
        return Err(Error::Specs(failures));
    }
    let out = &config.output;
    let mut files = output::features_crate(&out.name, &modules, &out.command, out.standalone)
        .map_err(Error::Internal)?;
    files.extend(surfaces);
    refuse_foreign_crate(&out_dir)?;
    let (changed, extra) = sync(&out_dir, &files, mode, true)?;
    summary.changed = changed.iter().map(|p| out.dir.join(p)).collect();
    summary.extra = extra.iter().map(|p| out.dir.join(p)).collect();
    Ok(summary)
}

fn generate_module(
    display: &str,
    text: &str,
    files: &dyn crate::Files,
    options: &crate::Options,
) -> Result<crate::Generated, Report> {
    crate::generate_with_options(Path::new(display), text, files, options)
}

/// What [`standalone`] did or found.
#[derive(Debug, Clone)]
pub struct Standalone {
    /// The spec's summary.
    pub spec: SpecSummary,
    /// The package name of the crate.
    pub crate_name: String,
    /// Lines of the crate's files.
    pub lines: usize,
    /// Files written (Write) or that differ (Check), relative to the output directory.
    pub changed: Vec<PathBuf>,
    /// `.rs` files under `src/` that this run did not produce: left alone and named.
    pub extra: Vec<PathBuf>,
}

/// Generates the spec at `spec` into a standalone crate in `out` (named `crate_name`,
/// default `<module>-client`), or only compares (check). Files of the user's in `out`
/// are never deleted, only named; a `Cargo.toml` there that the generator did not write
/// is refused.
pub fn standalone(
    spec: &Path,
    out: &Path,
    crate_name: Option<&str>,
    options: &crate::Options,
    mode: Mode,
    command: &str,
) -> Result<Standalone, Error> {
    let display = spec.to_string_lossy().replace('\\', "/");
    let text = fs::read_to_string(spec).map_err(|e| Error::Io(spec.to_path_buf(), e))?;
    let start = Instant::now();
    let (module, generated) = module_with(&display, &text, &crate::Disk::default(), options)
        .map_err(|report| Error::Specs(vec![report]))?;
    let elapsed = start.elapsed();
    let crate_name = crate_name
        .map(str::to_string)
        .unwrap_or_else(|| format!("{}-client", module.name.replace('_', "-")));
    let mut files =
        output::standalone_crate(&crate_name, &module, command).map_err(Error::Internal)?;
    let (surface_path, surface_text, changes) =
        surface_file(out, &module.name, &display, command, &generated)
            .map(|((path, text), changes)| (path, text, changes))?;
    files.insert(surface_path, surface_text);
    refuse_foreign_crate(out)?;
    let (changed, extra) = sync(out, &files, mode, false)?;
    Ok(Standalone {
        spec: SpecSummary {
            spec: display,
            operations: generated.api.operations.len(),
            types: generated.api.types.len(),
            elapsed,
            warnings: generated.warnings,
            repairs: generated.repairs,
            surface: changes,
        },
        crate_name,
        lines: files.values().map(|f| f.lines().count()).sum(),
        changed,
        extra,
    })
}

/// The directory of a crate that holds its modules' surface files.
pub const SURFACE_DIR: &str = "api";

/// A module's surface file (`api/<module>.api`, relative to the crate's directory `dir`)
/// and its text, with what changed since the file on disk, if there is one. A file on disk
/// that does not read as a surface (edited by hand, or from an incompatible version) is
/// treated as absent: nothing is compared, and the new file replaces it.
fn surface_file(
    dir: &Path,
    module: &str,
    source: &str,
    command: &str,
    generated: &crate::Generated,
) -> Result<((PathBuf, String), Option<surface::Changes>), Error> {
    let origins = surface::Origins::of(&generated.api);
    let new = surface::extract(&generated.code, &origins).map_err(Error::Internal)?;
    let rel = Path::new(SURFACE_DIR).join(format!("{module}.api"));
    let old = fs::read_to_string(dir.join(&rel))
        .ok()
        .and_then(|text| surface::Surface::parse(&text).ok());
    let changes = old.map(|old| surface::diff(&old, &new));
    let text = format!(
        "# @generated by `{command}` from {source}. Do not edit.\n{}",
        new.to_text()
    );
    Ok(((rel, text), changes))
}

/// `--check`'s message: each stale and extra file, and the command that fixes them.
pub fn stale_message(what: &str, changed: &[PathBuf], extra: &[PathBuf], command: &str) -> String {
    let mut msg = format!("{what} is stale:\n");
    for path in changed {
        msg.push_str(&format!("  stale: {}\n", path.display()));
    }
    for path in extra {
        msg.push_str(&format!("  extra: {}\n", path.display()));
    }
    msg.push_str(&format!("run `{command}` and commit the result"));
    msg
}

/// Fails when `dir` has a `Cargo.toml` without the `@generated` header: someone's own
/// crate, which writing would destroy.
fn refuse_foreign_crate(dir: &Path) -> Result<(), Error> {
    let manifest = dir.join("Cargo.toml");
    match fs::read_to_string(&manifest) {
        Ok(text) if !text.starts_with("# @generated by `") => Err(Error::Foreign(manifest)),
        _ => Ok(()),
    }
}

/// Makes `dir` hold exactly `files` (paths relative to `dir`). Writes a file only when its
/// bytes change. Returns the files that changed and the extra files (deleted in Write
/// mode, when `prune` is set). Only `src/**/*.rs` and `api/**/*.api` files count as extra,
/// so other files in the directory (a `target/`, editor files) are left alone.
///
/// Without `prune`, an extra file that starts with an `@generated` header is still
/// deleted in Write mode (and not returned): it is the output of an earlier run, not a
/// user's file, and may no longer compile beside this one (a `src/runtime.rs` from before
/// the runtime became `src/runtime/`).
pub fn sync(
    dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    mode: Mode,
    prune: bool,
) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Error> {
    let mut changed = Vec::new();
    for (rel, content) in files {
        let path = dir.join(rel);
        let current = fs::read(&path).ok();
        if current.as_deref() != Some(content.as_bytes()) {
            changed.push(rel.clone());
            if mode == Mode::Write {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent).map_err(|e| Error::Io(parent.to_path_buf(), e))?;
                }
                fs::write(&path, content).map_err(|e| Error::Io(path.clone(), e))?;
            }
        }
    }
    let mut extra = Vec::new();
    let mut existing = Vec::new();
    collect(&dir.join("src"), Path::new("src"), "rs", &mut existing);
    collect(
        &dir.join(SURFACE_DIR),
        Path::new(SURFACE_DIR),
        "api",
        &mut existing,
    );
    for rel in existing {
        if !files.contains_key(&rel) {
            let path = dir.join(&rel);
            let stale_output = !prune && mode == Mode::Write && is_generated(&path);
            if mode == Mode::Write && (prune || stale_output) {
                fs::remove_file(&path).map_err(|e| Error::Io(path.clone(), e))?;
            }
            if !stale_output {
                extra.push(rel);
            }
        }
    }
    Ok((changed, extra))
}

/// Whether the file at `path` starts with an `@generated` header (see [`output::header`]).
fn is_generated(path: &Path) -> bool {
    fs::read_to_string(path).is_ok_and(|text| {
        text.starts_with("// @generated by `") || text.starts_with("# @generated by `")
    })
}

fn collect(dir: &Path, rel: &Path, extension: &str, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let rel = rel.join(entry.file_name());
        if path.is_dir() {
            collect(&path, &rel, extension, out);
        } else if path.extension().is_some_and(|e| e == extension) {
            out.push(rel);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names() {
        assert_eq!(module_name(Path::new("specs/nylas.yaml")), "nylas");
        assert_eq!(
            module_name(Path::new("specs/pet-store/openapi.yaml")),
            "pet_store"
        );
        assert_eq!(module_name(Path::new("openapi.json")), "openapi");
        assert_eq!(module_name(Path::new("specs/types.yaml")), "types_api");
    }
}
