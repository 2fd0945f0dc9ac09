//! Project automation, run as `cargo xtask <command>`.
//!
//! - `codegen [--check] [--deny-breaking]`: regenerate `generated/` from `specs/` as `openapi-gen.toml` says
//!   (or only check it); the same code as the `openapi-gen` command.
//! - `generate --spec <FILE> --out <DIR> [--name <CRATE>] [--strict] [--overlay <FILE>]...`:
//!   any OpenAPI 3.0 or 3.1 document -> a standalone crate.
//! - `check-standalone [SPEC...]`: each spec (default: `specs/*` and `tests/fixtures/*`)
//!   -> a crate under `target/standalone/`, all checked with clippy and rustdoc in one
//!   workspace, warnings denied.
//! - `bench [--quick] [--only PART]`: generation speed, scaling, compile time of the output,
//!   runtime overhead, a streamed download, server-sent events and the same beside
//!   progenitor and async-openai, written to `BENCHMARKS.md` (always measured in a release
//!   build).
//! - `fuzz [CASES] [--seed N]`: the robustness properties of `tests/tests/robustness.rs`
//!   and the hostile-response property of `tests/tests/wire_hostile.rs` with many more
//!   cases, in release mode.
//! - `corpus [DIR] [--small] [--only NAME]`: every document under DIR -> a crate under
//!   `target/corpus/`, all checked with clippy; one row per document.
//! - `conform [SPEC|DIR...] [--instances N] [--seed S] [--all]`: the spec's examples and
//!   values made from its schemas, confirmed by an independent JSON Schema validator,
//!   decoded and re-encoded by the generated types; failures by cause and place.
//! - `tasks`: the same three tasks per API (OpenAI, Stripe, GitHub) written against the
//!   generated crates and against async-openai, async-stripe and octocrab, both sides
//!   checked, a table of their line counts (not in CI: it builds the peers).

mod allocator;
mod bench;
mod conform;
mod corpus;
mod standalone;
mod tasks;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use openapi_gen::codegen::{self, Mode};

const USAGE: &str = "\
usage: cargo xtask <command>

commands:
  codegen [--check] [--deny-breaking]    regenerate generated/ from specs/ as openapi-gen.toml says
                                         (--check: write nothing, fail if stale; --deny-breaking:
                                         fail when the public surface in generated/api/ breaks)
  generate --spec <FILE> --out <DIR> [--name <CRATE>] [--formats typed|strings] [--tag-features]
           [--strict] [--overlay <FILE>]...
                                         generate a standalone crate from any OpenAPI 3.0 or 3.1 document;
                                         --strict refuses what would be repaired; --overlay applies an
                                         OpenAPI Overlay first (repeatable, in order);
                                         --formats strings keeps every string format a String;
                                         --tag-features gives each operation tag a cargo feature
  check-standalone [SPEC...]             generate standalone crates (default: specs/* and tests/fixtures/*),
                                         clippy and document them, warnings denied
  fuzz [CASES] [--seed N]                feed CASES (default 20000) mutated and random documents per property to
                                         generate(), and as many hostile responses to the generated clients,
                                         in release mode; fails on any panic, hang or leak
  corpus [DIR] [--small] [--only NAME]   generate every document under DIR (default ../shared/corpus) and clippy the crates
  conform [SPEC|DIR...] [--instances N] [--seed S] [--all]
                                         decode the specs' examples and values made from their schemas (each
                                         confirmed by an independent JSON Schema validator) with the generated
                                         types: fails on a decode failure, a wrong union variant, a loss on
                                         re-encoding, or a request body that no longer fits its schema
  bench [--quick] [--only PART]          benchmark generation, scaling, compile time of the output, runtime
                                         overhead, a streamed download, server-sent events, and generation and
                                         compile time beside progenitor and async-openai; write BENCHMARKS.md.
                                         --quick: a fast smoke run; --only generation|scaling|compile|runtime|
                                         download|sse|peers: one part. Neither writes anything.
                                         Always measures a release build: re-runs as `cargo run --release -p xtask -- bench`
  tasks                                  the same three tasks per API written against the generated crates (OpenAI,
                                         Stripe, GitHub) and against async-openai, async-stripe and octocrab: both
                                         sides checked with clippy, a Markdown table of each task's lines";

fn main() -> ExitCode {
    #[cfg(not(target_os = "linux"))]
    allocator::configure();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => cmd_codegen(&args[1..]),
        Some("generate") => cmd_generate(&args[1..]),
        Some("check-standalone") => cmd_check_standalone(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        // Internal: one generation in a fresh process, for `bench`'s peak memory.
        Some("bench-one") => bench::run_one(&args[1..]),
        // Internal: the time of each step of one generation, for profiling.
        Some("bench-stages") => bench::run_stages(&args[1..]),
        Some("fuzz") => cmd_fuzz(&args[1..]),
        Some("corpus") => corpus::run(&repo_root(), &args[1..]),
        Some("conform") => conform::run(&repo_root(), &args[1..]),
        Some("tasks") => tasks::run(&repo_root(), &args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command `{other}`\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// The repository root: the parent of this crate's directory.
fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn cmd_codegen(args: &[String]) -> Result<(), String> {
    let usage = || format!("usage: cargo xtask codegen [--check] [--deny-breaking]\n\n{USAGE}");
    let mut mode = Mode::Write;
    let mut deny_breaking = false;
    for arg in args {
        match arg.as_str() {
            "--check" => mode = Mode::Check,
            "--deny-breaking" => deny_breaking = true,
            _ => return Err(usage()),
        }
    }
    let summary = codegen::run(&repo_root(), mode).map_err(|e| e.to_string())?;
    summary.print(mode, "generated/", codegen::COMMAND)?;
    let breaking = summary.breaking();
    if deny_breaking && breaking > 0 {
        return Err(format!(
            "{breaking} breaking change(s) to the public surface of generated/ (listed above)"
        ));
    }
    Ok(())
}

fn cmd_generate(args: &[String]) -> Result<(), String> {
    let usage = "usage: cargo xtask generate --spec <FILE> --out <DIR> [--name <CRATE>] [--formats typed|strings] [--tag-features] [--strict] [--overlay <FILE>]...";
    let mut spec = None;
    let mut out = None;
    let mut name = None;
    let mut formats = None;
    let mut tag_features = false;
    let mut strict = false;
    let mut overlays = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let slot = match arg.as_str() {
            "--tag-features" => {
                tag_features = true;
                continue;
            }
            "--strict" => {
                strict = true;
                continue;
            }
            "--overlay" => {
                let file = it
                    .next()
                    .ok_or_else(|| format!("--overlay needs a value\n{usage}"))?;
                overlays.push(PathBuf::from(file));
                continue;
            }
            "--spec" => &mut spec,
            "--out" => &mut out,
            "--name" => &mut name,
            "--formats" => &mut formats,
            other => return Err(format!("unexpected argument `{other}`\n{usage}")),
        };
        *slot = Some(
            it.next()
                .ok_or_else(|| format!("{arg} needs a value\n{usage}"))?
                .clone(),
        );
    }
    let (Some(spec), Some(out)) = (spec, out) else {
        return Err(usage.to_string());
    };
    let options = openapi_gen::Options {
        formats: match formats.as_deref() {
            None | Some("typed") => openapi_gen::Formats::Typed,
            Some("strings") => openapi_gen::Formats::Strings,
            Some(other) => {
                return Err(format!(
                    "unknown value `{other}` for --formats (expected `typed` or `strings`)\n{usage}"
                ))
            }
        },
        tag_features: openapi_gen::TagFeatures::standalone(tag_features),
        strict,
        overlays,
        ..openapi_gen::Options::default()
    };
    let mut command = format!("cargo xtask generate --spec {spec}");
    if tag_features {
        command.push_str(" --tag-features");
    }
    if strict {
        command.push_str(" --strict");
    }
    for overlay in &options.overlays {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    let out_dir = PathBuf::from(&out);
    // The same function as `openapi-gen generate`; files of the user's are only named.
    let done = codegen::standalone(
        Path::new(&spec),
        &out_dir,
        name.as_deref(),
        &options,
        Mode::Write,
        &command,
    )
    .map_err(|e| e.to_string())?;
    if !done.spec.warnings.diagnostics.is_empty() {
        eprintln!("{}", done.spec.warnings);
    }
    for path in done.extra {
        eprintln!(
            "note: {} was not generated by this run and was left alone",
            out_dir.join(path).display()
        );
    }
    println!(
        "{spec}: {} operations, {} types, {} lines -> {out} ({} files written) in {:.1} ms",
        done.spec.operations,
        done.spec.types,
        done.lines,
        done.changed.len(),
        done.spec.elapsed.as_secs_f64() * 1000.0
    );
    println!("{}", done.spec.repairs);
    Ok(())
}

fn cmd_check_standalone(args: &[String]) -> Result<(), String> {
    let root = repo_root();
    let specs: Vec<PathBuf> = if args.is_empty() {
        let mut specs = codegen::spec_files(&root).map_err(|e| e.to_string())?;
        specs.extend(standalone::fixture_files(&root)?);
        specs
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    standalone::check_standalone(&root, &specs)
}

fn cmd_fuzz(args: &[String]) -> Result<(), String> {
    let mut cases = String::from("20000");
    let mut seed = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--seed" => seed = Some(it.next().ok_or("--seed needs a value")?.clone()),
            n if n.parse::<u32>().is_ok() => cases = n.to_string(),
            other => {
                return Err(format!(
                    "unexpected argument `{other}`; usage: cargo xtask fuzz [CASES] [--seed N]"
                ))
            }
        }
    }
    let mut cmd =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.args([
        "test",
        "--release",
        "-p",
        "tests",
        "--test",
        "robustness",
        "--test",
        "wire_hostile",
        "--",
        "--test-threads=1",
    ])
    .current_dir(repo_root())
    .env("FUZZ_CASES", &cases)
    .env("FUZZ_TRACE", "1");
    if let Some(seed) = &seed {
        cmd.env("FUZZ_SEED", seed);
    }
    println!(
        "fuzz: {cases} cases per property (the generator's 3, and hostile responses against \
         the generated clients), seed {}",
        seed.as_deref().unwrap_or("fixed default")
    );
    let start = Instant::now();
    let status = cmd.status().map_err(|e| format!("cannot run cargo: {e}"))?;
    println!("fuzz: {:.1} s", start.elapsed().as_secs_f64());
    if status.success() {
        Ok(())
    } else {
        Err("fuzz: a case failed; the last input is in /tmp/fuzz-last-case.txt".to_string())
    }
}
