//! Generates standalone crates and checks that they compile with warnings denied.
//!
//! Shared by `check-standalone` (our specs and fixtures) and `corpus` (other people's
//! specs). All crates share one cargo target directory, so dependencies are built once,
//! and [`check_workspace`] checks many crates with one cargo invocation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use openapi_gen::codegen::{self, Mode};

/// What happened to one spec.
#[derive(Debug)]
pub struct Outcome {
    /// The package name of the generated crate.
    pub crate_name: String,
    /// Operations generated (0 when generation failed).
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Lines of generated Rust (module and runtime).
    pub lines: usize,
    /// Lines of the spec's module alone (without the runtime every crate carries).
    pub module_lines: usize,
    /// Generation time.
    pub generate: Duration,
    /// Warnings the generator printed.
    pub warnings: usize,
    /// The generator's warnings, rendered.
    pub warning_text: String,
    /// `Ok` when the crate compiled without warnings; `Err` with the first lines of the
    /// generator's or the compiler's message.
    pub result: Result<(), String>,
}

/// How the crate is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// With a `[workspace]` table of its own, as `cargo xtask generate` writes it.
    Standalone,
    /// Without one, to be a member of a workspace that [`check_workspace`] writes.
    Member,
}

/// Generates `spec` into `out_dir` as a standalone crate named after the spec.
pub fn generate(spec: &Path, out_dir: &Path) -> Outcome {
    generate_as(spec, None, out_dir, None, Layout::Standalone)
}

/// Generates `spec` into `out_dir` as a crate named `crate_name` (default: after the
/// spec's file name). `display` names the spec in headers and messages (default: its
/// path).
pub fn generate_as(
    spec: &Path,
    display: Option<&str>,
    out_dir: &Path,
    crate_name: Option<&str>,
    layout: Layout,
) -> Outcome {
    generate_with(
        spec,
        display,
        out_dir,
        crate_name,
        layout,
        &openapi_gen::Options::default(),
    )
}

/// [`generate_as`] with the choices of `options`.
pub fn generate_with(
    spec: &Path,
    display: Option<&str>,
    out_dir: &Path,
    crate_name: Option<&str>,
    layout: Layout,
    options: &openapi_gen::Options,
) -> Outcome {
    let display = display
        .map(str::to_string)
        .unwrap_or_else(|| spec.to_string_lossy().to_string());
    let mut outcome = Outcome {
        crate_name: crate_name.map(str::to_string).unwrap_or_default(),
        operations: 0,
        types: 0,
        lines: 0,
        module_lines: 0,
        generate: Duration::ZERO,
        warnings: 0,
        warning_text: String::new(),
        result: Ok(()),
    };
    let text = match std::fs::read_to_string(spec) {
        Ok(t) => t,
        Err(e) => {
            outcome.result = Err(format!("cannot read: {e}"));
            return outcome;
        }
    };
    let start = Instant::now();
    let files = openapi_gen::Disk::for_spec(spec, Path::new(&display));
    let generated = codegen::module_with(&display, &text, &files, options);
    outcome.generate = start.elapsed();
    let (module, generated) = match generated {
        Ok(g) => g,
        Err(report) => {
            outcome.result = Err(report.to_string());
            return outcome;
        }
    };
    outcome.operations = generated.api.operations.len();
    outcome.types = generated.api.types.len();
    outcome.warnings = generated.warnings.diagnostics.len();
    outcome.warning_text = generated.warnings.to_string();
    if outcome.crate_name.is_empty() {
        outcome.crate_name = format!("{}-client", module.name.replace('_', "-"));
    }
    let mut command = format!("cargo xtask generate --spec {display}");
    if options.tag_features != openapi_gen::TagFeatures::Off {
        command.push_str(" --tag-features");
    }
    let files = match layout {
        Layout::Standalone => {
            openapi_gen::output::standalone_crate(&outcome.crate_name, &module, &command)
        }
        Layout::Member => openapi_gen::output::member_crate(&outcome.crate_name, &module, &command),
    };
    let files = match files {
        Ok(f) => f,
        Err(e) => {
            outcome.result = Err(e);
            return outcome;
        }
    };
    outcome.lines = files
        .iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        .map(|(_, f)| f.lines().count())
        .sum();
    outcome.module_lines = module.code.lines().count();
    if let Err(e) = codegen::sync(out_dir, &files, Mode::Write, true) {
        outcome.result = Err(e.to_string());
    }
    outcome
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// What the compiler said about one crate of a workspace.
#[derive(Debug, Default, Clone)]
pub struct CrateCheck {
    /// Warnings (clippy lints included; rustdoc's when docs are checked).
    pub warnings: usize,
    /// Errors.
    pub errors: usize,
    /// The first few diagnostics, rendered.
    pub first: Vec<String>,
}

impl CrateCheck {
    /// Clean: no error and no warning.
    pub fn is_clean(&self) -> bool {
        self.warnings == 0 && self.errors == 0
    }

    /// The first diagnostics as one message.
    pub fn message(&self) -> String {
        let mut out = format!("{} errors, {} warnings", self.errors, self.warnings);
        for d in &self.first {
            out.push('\n');
            out.push_str(d.trim_end());
        }
        out
    }
}

/// What to run over the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checks {
    /// `cargo clippy` only.
    Clippy,
    /// `cargo clippy`, then `cargo doc` (rustdoc warnings count as failures).
    ClippyAndDoc,
}

/// Writes a workspace at `root` whose members are the crates in `members` (directories
/// relative to `root`), runs clippy (and rustdoc) over all of them in one cargo
/// invocation each, and returns what the compiler said per crate, keyed by the crate's
/// library name (`ably_client`). Crates that compile cleanly are in the map with no
/// warnings and no errors.
pub fn check_workspace(
    root: &Path,
    members: &[PathBuf],
    target_dir: &Path,
    lockfile: Option<&Path>,
    checks: Checks,
) -> Result<BTreeMap<String, CrateCheck>, String> {
    let mut manifest = String::from(
        "# @generated by `cargo xtask`: a workspace over the generated crates, so one cargo\n\
         # invocation checks them all.\n[workspace]\nresolver = \"2\"\nmembers = [\n",
    );
    for m in members {
        manifest.push_str(&format!(
            "    \"{}\",\n",
            m.to_string_lossy().replace('\\', "/")
        ));
    }
    manifest.push_str("]\n");
    std::fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    std::fs::write(root.join("Cargo.toml"), manifest)
        .map_err(|e| format!("{}: {e}", root.display()))?;
    if let Some(lock) = lockfile {
        // Start from the repository's resolution, so the check uses known versions and
        // needs no network.
        let _ = std::fs::copy(lock, root.join("Cargo.lock"));
    }
    let mut results = BTreeMap::new();
    // The standalone check also covers the crates' optional features (`tracing`, and
    // `mock`: each module's mock server); their default build is what `generated/` and
    // the corpus check.
    let features: &[&str] = match checks {
        Checks::ClippyAndDoc => &["--all-features"],
        Checks::Clippy => &[],
    };
    run_json(
        Command::new(cargo())
            .args([
                "clippy",
                "--workspace",
                "--keep-going",
                "--message-format=json",
            ])
            .args(features)
            .arg("--manifest-path")
            .arg(root.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir),
        &mut results,
    )?;
    if checks == Checks::ClippyAndDoc {
        run_json(
            Command::new(cargo())
                .args([
                    "doc",
                    "--workspace",
                    "--no-deps",
                    "--keep-going",
                    "--message-format=json",
                ])
                .args(features)
                .arg("--manifest-path")
                .arg(root.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", target_dir),
            &mut results,
        )?;
    }
    Ok(results)
}

/// Runs a cargo command with `--message-format=json` and files each diagnostic under its
/// crate.
fn run_json(
    command: &mut Command,
    results: &mut BTreeMap<String, CrateCheck>,
) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut saw_artifact = false;
    for line in stdout.lines() {
        let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let target = msg
            .pointer("/target/name")
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_string();
        match msg.get("reason").and_then(|v| v.as_str()) {
            Some("compiler-artifact") => {
                saw_artifact = true;
                let local = msg
                    .get("package_id")
                    .and_then(|v| v.as_str())
                    .is_some_and(|id| id.starts_with("path+"));
                if local {
                    results.entry(target).or_default();
                }
            }
            Some("compiler-message") => {
                let level = msg
                    .pointer("/message/level")
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                let text = msg
                    .pointer("/message/message")
                    .and_then(|v| v.as_str())
                    .unwrap_or("");
                // The closing summaries ("aborting due to ...", "3 warnings emitted")
                // are not diagnostics of their own.
                if text.starts_with("aborting due to")
                    || text.ends_with("warnings emitted")
                    || text.ends_with("warning emitted")
                {
                    continue;
                }
                let entry = results.entry(target).or_default();
                match level {
                    "error" => entry.errors += 1,
                    "warning" => entry.warnings += 1,
                    _ => continue,
                }
                if entry.first.len() < 3 {
                    let rendered = msg
                        .pointer("/message/rendered")
                        .and_then(|v| v.as_str())
                        .unwrap_or(text);
                    entry
                        .first
                        .push(rendered.lines().take(12).collect::<Vec<_>>().join("\n"));
                }
            }
            _ => {}
        }
    }
    if !output.status.success() && !saw_artifact && results.is_empty() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().take(40).collect::<Vec<_>>().join("\n"));
    }
    Ok(())
}

/// The fixture specs under `tests/fixtures/`, sorted: each file, and the `openapi.yaml`
/// of each directory (a spec split over several files).
pub fn fixture_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    let dir = root.join("tests/fixtures");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(Vec::new());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                p.join("openapi.yaml")
            } else {
                p
            }
        })
        .filter(|p| {
            p.is_file()
                && p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        })
        .collect();
    files.sort();
    Ok(files)
}

/// The specs `check-standalone` also generates with a cargo feature per tag.
const TAG_FEATURE_SPECS: &[&str] = &["tests/fixtures/tags.yaml"];

/// Clippy over the crate `crate_name` of the workspace at `root` with no feature, then
/// with each of its tag features alone (the features `default` lists), warnings denied.
fn check_each_feature(root: &Path, crate_name: &str, target_dir: &Path) -> Result<(), String> {
    let dir = root.join(crate_name.trim_end_matches("-client").replace('-', "_"));
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml"))
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    let features: Vec<&str> = manifest
        .lines()
        .find_map(|l| l.strip_prefix("default = ["))
        .and_then(|l| l.strip_suffix(']'))
        .map(|l| l.split(", ").map(|f| f.trim_matches('"')).collect())
        .unwrap_or_default();
    if features.is_empty() {
        return Err("the crate has no tag features".to_string());
    }
    for feature in std::iter::once("").chain(features) {
        let mut found = BTreeMap::new();
        run_json(
            Command::new(cargo())
                .args(["clippy", "--message-format=json", "-p", crate_name])
                .args(["--no-default-features", "--features", feature])
                .arg("--manifest-path")
                .arg(root.join("Cargo.toml"))
                .env("CARGO_TARGET_DIR", target_dir),
            &mut found,
        )?;
        match found.get(&crate_name.replace('-', "_")) {
            Some(c) if c.is_clean() => {}
            Some(c) => {
                let with = if feature.is_empty() {
                    "no feature"
                } else {
                    feature
                };
                return Err(format!("with {with}: {}", c.message()));
            }
            None => return Err(format!("with `{feature}`: the crate was not checked")),
        }
    }
    Ok(())
}

/// `cargo xtask check-standalone`: each spec -> a crate under `target/standalone/<name>`,
/// all checked by one clippy and one rustdoc run over a workspace of them, warnings
/// denied.
pub fn check_standalone(root: &Path, specs: &[PathBuf]) -> Result<(), String> {
    let out_root = root.join("target/standalone");
    let target_dir = root.join("target/standalone-target");
    let mut taken = std::collections::BTreeSet::new();
    let mut rows = Vec::new();
    for spec in specs {
        let mut name = codegen::module_name(spec);
        let mut n = 2;
        while !taken.insert(name.clone()) {
            name = format!("{}{n}", codegen::module_name(spec));
            n += 1;
        }
        let crate_name = format!("{}-client", name.replace('_', "-"));
        let display = spec
            .strip_prefix(root)
            .unwrap_or(spec)
            .to_string_lossy()
            .replace('\\', "/");
        let outcome = generate_as(
            spec,
            Some(&display),
            &out_root.join(&name),
            Some(&crate_name),
            Layout::Member,
        );
        rows.push((spec, name, outcome));
    }
    // Specs whose tags become cargo features are checked a second time that way: every
    // feature alone, and none, must compile as cleanly as all of them.
    let mut featured = Vec::new();
    for spec in specs {
        if !TAG_FEATURE_SPECS.iter().any(|s| spec.ends_with(s)) {
            continue;
        }
        let name = format!("{}_features", codegen::module_name(spec));
        let crate_name = format!("{}-client", name.replace('_', "-"));
        let display = spec
            .strip_prefix(root)
            .unwrap_or(spec)
            .to_string_lossy()
            .replace('\\', "/");
        let options = openapi_gen::Options {
            tag_features: openapi_gen::TagFeatures::standalone(true),
            ..openapi_gen::Options::default()
        };
        let outcome = generate_with(
            spec,
            Some(&display),
            &out_root.join(&name),
            Some(&crate_name),
            Layout::Member,
            &options,
        );
        featured.push(crate_name.clone());
        rows.push((spec, name, outcome));
    }
    let members: Vec<PathBuf> = rows
        .iter()
        .filter(|(_, _, o)| o.result.is_ok())
        .map(|(_, name, _)| PathBuf::from(name))
        .collect();
    let start = Instant::now();
    if !members.is_empty() {
        let found = check_workspace(
            &out_root,
            &members,
            &target_dir,
            Some(&root.join("Cargo.lock")),
            Checks::ClippyAndDoc,
        )?;
        for (_, _, outcome) in &mut rows {
            if outcome.result.is_err() {
                continue;
            }
            match found.get(&outcome.crate_name.replace('-', "_")) {
                Some(c) if c.is_clean() => {}
                Some(c) => outcome.result = Err(c.message()),
                None => outcome.result = Err("the crate was not checked".to_string()),
            }
        }
        for (_, _, outcome) in &mut rows {
            if outcome.result.is_ok() && featured.contains(&outcome.crate_name) {
                outcome.result = check_each_feature(&out_root, &outcome.crate_name, &target_dir);
            }
        }
    }
    let mut failed = 0;
    for (spec, _, outcome) in &rows {
        let spec = spec.strip_prefix(root).unwrap_or(spec);
        println!(
            "{:<32} {:>4} operations {:>5} types {:>6} lines {:>4} warnings  {}",
            spec.display(),
            outcome.operations,
            outcome.types,
            outcome.lines,
            outcome.warnings,
            if outcome.result.is_ok() {
                "ok"
            } else {
                "FAILED"
            }
        );
    }
    for (spec, _, outcome) in &rows {
        if let Err(e) = &outcome.result {
            failed += 1;
            eprintln!("\n--- {}\n{e}", spec.display());
        }
    }
    println!(
        "clippy and rustdoc over {} crates in {:.1} s",
        members.len(),
        start.elapsed().as_secs_f64()
    );
    if failed > 0 {
        Err(format!(
            "{failed} of {} standalone crates failed",
            rows.len()
        ))
    } else {
        Ok(())
    }
}
