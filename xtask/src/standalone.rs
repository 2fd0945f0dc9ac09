//! Generates standalone crates and checks that they compile with warnings denied.
//!
//! Shared by `check-standalone` (our specs) and `corpus` (other people's specs). All
//! crates share one cargo target directory, so dependencies are built once.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use openapi_gen::codegen::{self, Mode};

/// What happened to one spec.
#[derive(Debug)]
pub struct Outcome {
    /// Operations generated (0 when generation failed).
    pub operations: usize,
    /// Named types generated.
    pub types: usize,
    /// Lines of generated Rust (module and runtime).
    pub lines: usize,
    /// Generation time.
    pub generate: Duration,
    /// Warnings the generator printed.
    pub warnings: usize,
    /// `Ok` when the crate compiled without warnings; `Err` with the first lines of the
    /// generator's or the compiler's message.
    pub result: Result<(), String>,
}

/// Generates `spec` into `out_dir` as a crate named after `name`.
pub fn generate(spec: &Path, out_dir: &Path) -> Outcome {
    let display = spec.to_string_lossy().to_string();
    let mut outcome = Outcome {
        operations: 0,
        types: 0,
        lines: 0,
        generate: Duration::ZERO,
        warnings: 0,
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
    let generated = codegen::module(&display, &text);
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
    let crate_name = format!("{}-client", module.name.replace('_', "-"));
    let command = format!("cargo xtask generate --spec {display}");
    let files = match openapi_gen::output::standalone_crate(&crate_name, &module, &command) {
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
    if let Err(e) = codegen::sync(out_dir, &files, Mode::Write, true) {
        outcome.result = Err(e.to_string());
    }
    outcome
}

/// Runs `cargo clippy` with warnings denied on the crate in `dir`.
pub fn check(dir: &Path, target_dir: &Path, lockfile: Option<&Path>) -> Result<(), String> {
    if let Some(lock) = lockfile {
        // Start from the workspace's resolution, so the check uses known versions.
        let _ = std::fs::copy(lock, dir.join("Cargo.lock"));
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["clippy", "--quiet", "--all-targets", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        Err(stderr.lines().take(40).collect::<Vec<_>>().join("\n"))
    }
}
