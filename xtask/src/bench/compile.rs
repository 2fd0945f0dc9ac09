//! Compile time of the output: `cargo check` of the standalone crates generated from
//! nexus.json, github.json and openai.yaml, dependencies prebuilt.

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use super::generation::shown;
use super::measure::{children_cpu_time, median_duration};
use super::report::{cell, first_line, thousands};
use super::{cargo, target, Verdict};
use crate::standalone;

pub(super) const COMPILE_NOTE: &str = "\
`cargo check` of the standalone crate `cargo xtask generate` writes, under \
`target/bench-check/`, with its own target directory there. One untimed run builds the \
dependencies; then `src/lib.rs` is touched before each timed run, so only the generated \
crate is checked again. `CARGO_INCREMENTAL=0`, so every run checks the whole crate as a \
first build of it would. Lines are the generated `.rs` files, runtime included. The last \
two rows are github.json generated with a cargo feature per tag (`--tag-features`), checked \
with one tag's feature alone (`--no-default-features --features repos`: the largest tag) \
and with every feature (the default); reported, no target.";

/// The tag whose feature alone the github.json crate with tag features is checked with.
const ONE_TAG: &str = "repos";

pub(super) fn compile_time(root: &Path, verdicts: &mut Vec<Verdict>) -> String {
    const RUNS: usize = 3;
    let bench_dir = root.join("target/bench-check");
    let target_dir = bench_dir.join("target");
    let mut table = String::from(
        "| crate | operations | lines | runs | median `cargo check` | result |\n\
         | --- | ---: | ---: | ---: | ---: | --- |\n",
    );
    let corpus = root.join("../shared/corpus");
    // openai.yaml has no target of its own: its time is reported.
    for (rel, limit) in [
        ("progenitor/nexus.json", Some(target::NEXUS_CHECK_SECONDS)),
        ("large/github.json", Some(target::GITHUB_CHECK_SECONDS)),
        ("large/openai.yaml", None),
    ] {
        let spec = corpus.join(rel);
        let name = shown(root, &spec);
        let file = spec
            .file_name()
            .map(|f| f.to_string_lossy().to_string())
            .unwrap_or_default();
        let goal = match limit {
            Some(limit) => format!("generated {file} crate: `cargo check` under {limit:.0} s"),
            None => format!("generated {file} crate: `cargo check` (reported)"),
        };
        eprintln!("  {name}");
        if !spec.is_file() {
            let _ = writeln!(table, "| {name} | | | | | not found; skipped |");
            continue;
        }
        let dir = bench_dir.join(openapi_gen::codegen::module_name(&spec));
        let outcome = standalone::generate(&spec, &dir);
        let result = outcome
            .result
            .map_err(|e| format!("generation failed: {}", first_line(&e)))
            .and_then(|()| time_checks(root, &dir, &target_dir, RUNS, &[]));
        match result {
            Ok(mut times) => {
                let seconds = median_duration(&mut times).as_secs_f64();
                let pass = limit.is_none_or(|limit| seconds < limit);
                let _ = writeln!(
                    table,
                    "| {name} | {} | {} | {RUNS} | {seconds:.2} s | {} |",
                    outcome.operations,
                    thousands(outcome.lines),
                    match (limit, pass) {
                        (None, _) => "reported",
                        (Some(_), true) => "PASS",
                        (Some(_), false) => "MISS",
                    }
                );
                verdicts.push(Verdict {
                    target: goal,
                    measured: format!("{seconds:.2} s"),
                    pass,
                    cpu: None,
                });
            }
            Err(message) => {
                let _ = writeln!(
                    table,
                    "| {name} | {} | {} | | | {} |",
                    outcome.operations,
                    thousands(outcome.lines),
                    cell(&message)
                );
                verdicts.push(Verdict::failed(goal, &message));
            }
        }
    }
    table.push_str(&tag_features(root, &bench_dir, &target_dir, RUNS, verdicts));
    table
}

/// The rows of github.json with a cargo feature per tag: checked with [`ONE_TAG`]'s
/// feature alone, and with all of them.
fn tag_features(
    root: &Path,
    bench_dir: &Path,
    target_dir: &Path,
    runs: usize,
    verdicts: &mut Vec<Verdict>,
) -> String {
    let spec = root.join("../shared/corpus/large/github.json");
    let name = shown(root, &spec);
    let mut rows = String::new();
    if !spec.is_file() {
        let _ = writeln!(
            rows,
            "| {name}, tag features | | | | | not found; skipped |"
        );
        return rows;
    }
    eprintln!("  {name} with tag features");
    let dir = bench_dir.join("github_tags");
    let options = openapi_gen::Options {
        tag_features: openapi_gen::TagFeatures::standalone(true),
        ..openapi_gen::Options::default()
    };
    let outcome = standalone::generate_with(
        &spec,
        None,
        &dir,
        Some("github-tags-client"),
        standalone::Layout::Standalone,
        &options,
    );
    let one = ["--no-default-features", "--features", ONE_TAG];
    for (label, features) in [
        (format!("`{ONE_TAG}` feature only"), &one[..]),
        ("every tag feature".to_string(), &[][..]),
    ] {
        let goal =
            format!("generated github.json crate, tag features, {label}: `cargo check` (reported)");
        let result = outcome
            .result
            .clone()
            .map_err(|e| format!("generation failed: {}", first_line(&e)))
            .and_then(|()| time_checks(root, &dir, target_dir, runs, features));
        match result {
            Ok(mut times) => {
                let seconds = median_duration(&mut times).as_secs_f64();
                let _ = writeln!(
                    rows,
                    "| {name}, {label} | {} | {} | {runs} | {seconds:.2} s | reported |",
                    outcome.operations,
                    thousands(outcome.lines),
                );
                verdicts.push(Verdict {
                    target: goal,
                    measured: format!("{seconds:.2} s"),
                    pass: true,
                    cpu: None,
                });
            }
            Err(message) => {
                let _ = writeln!(rows, "| {name}, {label} | | | | | {} |", cell(&message));
                verdicts.push(Verdict {
                    target: goal,
                    measured: cell(&message),
                    pass: false,
                    cpu: None,
                });
            }
        }
    }
    rows
}

/// One untimed `cargo check` to build the dependencies, then `runs` timed ones, each
/// after touching `src/lib.rs`, with the cargo arguments `features`.
fn time_checks(
    root: &Path,
    dir: &Path,
    target_dir: &Path,
    runs: usize,
    features: &[&str],
) -> Result<Vec<Duration>, String> {
    // Start from the workspace's resolution, so the check uses known versions.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    check(dir, target_dir, features)?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        touch_lib(dir)?;
        times.push(check(dir, target_dir, features)?.wall);
    }
    Ok(times)
}

/// One `cargo check`'s time: wall time, and the CPU time of cargo and of the compilers it
/// ran (this process's waited-for children), when the kernel tells it.
#[derive(Debug, Clone, Copy)]
pub(super) struct CheckTime {
    pub(super) wall: Duration,
    pub(super) cpu: Option<Duration>,
}

/// `cargo check` of the package at `dir` with the cargo arguments `features`, in
/// `target_dir`, without incremental compilation; its first error line when it fails.
pub(super) fn check(dir: &Path, target_dir: &Path, features: &[&str]) -> Result<CheckTime, String> {
    let cpu_before = children_cpu_time();
    let start = Instant::now();
    let output = Command::new(cargo())
        .args(["check", "--quiet"])
        .args(features)
        .arg("--manifest-path")
        .arg(dir.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", target_dir)
        .env("CARGO_INCREMENTAL", "0")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    let wall = start.elapsed();
    let cpu = cpu_before
        .zip(children_cpu_time())
        .map(|(before, after)| after.saturating_sub(before));
    if output.status.success() {
        Ok(CheckTime { wall, cpu })
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let error = stderr
            .lines()
            .find(|l| l.starts_with("error"))
            .unwrap_or_else(|| stderr.lines().next().unwrap_or("failed"));
        let count = stderr.lines().filter(|l| l.starts_with("error")).count();
        Err(format!("does not compile ({count} error lines): {error}"))
    }
}

/// Sets `dir/src/lib.rs`'s modification time to now, so cargo checks the crate again.
pub(super) fn touch_lib(dir: &Path) -> Result<(), String> {
    let lib = dir.join("src/lib.rs");
    std::fs::OpenOptions::new()
        .append(true)
        .open(&lib)
        .and_then(|f| f.set_modified(SystemTime::now()))
        .map_err(|e| format!("cannot touch {}: {e}", lib.display()))
}
