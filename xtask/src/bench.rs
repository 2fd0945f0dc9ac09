//! `cargo xtask bench`: how fast the generator is, how it scales, how long its output
//! takes to compile and what the generated client costs at run time, measured in one
//! run as medians and ratios and written to `BENCHMARKS.md`.
//!
//! Four parts, one function each:
//! - [`generation`]: `openapi_gen::generate` (load, validate, lower, emit, format) on
//!   every spec in `specs/` and the large corpus specs, median wall time in process and
//!   peak memory in a fresh child process (`xtask bench-one <FILE>`).
//! - [`scaling`]: the same on synthetic specs of 10 to 10,000 operations, which this
//!   module writes itself ([`synthetic_spec`]); the cost must stay linear.
//! - [`compile_time`]: `cargo check` of the standalone crates generated from nexus.json,
//!   github.json and openai.yaml (reported, no target), dependencies prebuilt.
//! - [`runtime_overhead`]: calls per second of a generated client against a server on
//!   127.0.0.1, beside a hand-written reqwest call sending the same request, interleaved.
//!
//! Measurements are never timed unit tests: they run only here, in release mode. When
//! xtask itself is a debug build (as `cargo xtask` builds it), `bench` re-runs itself as
//! `cargo run --release -p xtask -- bench`. A spec that fails to generate or a crate
//! that does not compile becomes a row that says so; nothing here panics on it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime};

use serde_json::{json, Map, Value};

use crate::standalone;

/// What a run measures.
#[derive(Debug, Clone, Copy)]
struct Options {
    /// Fewer runs, synthetic sizes up to 1,000, no compile-time part, nothing written.
    quick: bool,
    /// Only this part (`--only`), for profiling one part; nothing written.
    only: Option<Part>,
}

/// The four parts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Generation,
    Scaling,
    Compile,
    Runtime,
}

impl Options {
    fn runs(&self, part: Part) -> bool {
        match self.only {
            Some(only) => only == part,
            None => part != Part::Compile || !self.quick,
        }
    }
}

const BENCH_USAGE: &str =
    "usage: cargo xtask bench [--quick] [--only generation|scaling|compile|runtime]";

/// Targets from the issue, in one place.
mod target {
    /// github.json, stripe.json and openai.yaml: median generation time, seconds.
    pub const LARGE_SECONDS: f64 = 0.5;
    /// github.json, stripe.json and openai.yaml: peak memory, bytes.
    pub const LARGE_PEAK_BYTES: u64 = 150 * 1024 * 1024;
    /// nexus.json: median generation time, seconds.
    pub const NEXUS_SECONDS: f64 = 0.12;
    /// Per-operation time at 10,000 operations over that at 100.
    pub const SCALING_RATIO: f64 = 1.5;
    /// `cargo check` of the generated GitHub crate, seconds.
    pub const GITHUB_CHECK_SECONDS: f64 = 30.0;
    /// `cargo check` of the generated nexus crate, seconds.
    pub const NEXUS_CHECK_SECONDS: f64 = 5.0;
    /// Generated client calls/s over hand-written calls/s.
    pub const THROUGHPUT_RATIO: f64 = 0.95;
}

/// One target's verdict, for the summary table.
#[derive(Debug)]
struct Verdict {
    target: String,
    measured: String,
    pass: bool,
    /// For time targets: the median CPU time and whether it meets the target, which is
    /// what the wall time would show on an idle machine.
    cpu: Option<(String, bool)>,
}

impl Verdict {
    fn mark(&self) -> &'static str {
        if self.pass {
            "PASS"
        } else {
            "MISS"
        }
    }
}

/// `cargo xtask bench [--quick]`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut options = Options {
        quick: false,
        only: None,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--quick" => options.quick = true,
            "--only" => {
                options.only = Some(match it.next().map(String::as_str) {
                    Some("generation") => Part::Generation,
                    Some("scaling") => Part::Scaling,
                    Some("compile") => Part::Compile,
                    Some("runtime") => Part::Runtime,
                    _ => return Err(BENCH_USAGE.into()),
                })
            }
            other => return Err(format!("unexpected argument `{other}`\n{BENCH_USAGE}")),
        }
    }
    if cfg!(debug_assertions) && std::env::var_os(REEXEC_GUARD).is_none() {
        return rerun_in_release(args);
    }

    let root = crate::repo_root();
    let started = Instant::now();
    let header = machine_header(args);
    eprintln!("{header}");
    let mut verdicts = Vec::new();
    let skipped = || String::from("Not measured in this run.\n");

    let generation = if options.runs(Part::Generation) {
        eprintln!("== generation");
        generation(&root, &options, &mut verdicts)
    } else {
        skipped()
    };
    let scaling = if options.runs(Part::Scaling) {
        eprintln!("== scaling");
        scaling(&root, &options, &mut verdicts)
    } else {
        skipped()
    };
    let compile = if options.runs(Part::Compile) {
        eprintln!("== compile time of the output");
        compile_time(&root, &mut verdicts)
    } else {
        skipped()
    };
    let runtime = if options.runs(Part::Runtime) {
        eprintln!("== runtime overhead");
        runtime_overhead(&options, &mut verdicts)
    } else {
        skipped()
    };

    let mut report = String::new();
    report.push_str(&header);
    let _ = writeln!(
        report,
        "- load average at the end: {} (other work on the machine shows up as noise)",
        load_average()
    );
    let _ = writeln!(
        report,
        "- the whole run took {:.0} s\n",
        started.elapsed().as_secs_f64()
    );
    report.push_str(
        "## Targets\n\n\
         | target | measured (wall time) | CPU time | result |\n| --- | --- | --- | --- |\n",
    );
    for v in &verdicts {
        let (cpu, note) = match &v.cpu {
            Some((text, pass)) if *pass != v.pass => (
                text.as_str(),
                if *pass {
                    " (PASS in CPU time)"
                } else {
                    " (MISS in CPU time)"
                },
            ),
            Some((text, _)) => (text.as_str(), ""),
            None => ("", ""),
        };
        let _ = writeln!(
            report,
            "| {} | {} | {cpu} | {}{note} |",
            v.target,
            v.measured,
            v.mark()
        );
    }
    report.push_str(TARGETS_NOTE);
    let _ = write!(
        report,
        "\n## Generation\n\n{GENERATION_NOTE}\n\n{generation}\n\
         ## Scaling\n\n{SCALING_NOTE}\n\n{scaling}\n\
         ## Compile time of the output\n\n{COMPILE_NOTE}\n\n{compile}\n\
         ## Runtime overhead\n\n{RUNTIME_NOTE}\n\n{runtime}\n\
         ## Profiling a miss\n\n{PROFILING_NOTE}"
    );

    println!("{report}");
    if options.quick || options.only.is_some() {
        eprintln!("a partial run: BENCHMARKS.md left alone");
    } else {
        let path = root.join("BENCHMARKS.md");
        std::fs::write(&path, &report)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// Set in the release child so it never re-runs itself again.
const REEXEC_GUARD: &str = "XTASK_BENCH_RELEASE";

/// Runs `cargo run --release -p xtask -- bench ARGS`: a debug build would measure the
/// generator unoptimized.
fn rerun_in_release(args: &[String]) -> Result<(), String> {
    eprintln!(
        "bench: xtask is a debug build; re-running as `cargo run --release -p xtask -- bench`"
    );
    let root = crate::repo_root();
    let status = Command::new(cargo())
        .args([
            "run",
            "--release",
            "--quiet",
            "--package",
            "xtask",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .args(["--", "bench"])
        .args(args)
        .env(REEXEC_GUARD, "1")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "the release build of the benchmark failed ({status})"
        ))
    }
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

const TARGETS_NOTE: &str = "
Results are judged on wall time, as the targets are stated. The generator emits and formats \
on every core, so its CPU time (`CLOCK_PROCESS_CPUTIME_ID`, summed over its threads) is the \
work done and can exceed the wall time; when other processes load the machine, the wall \
time rises with the waiting while the CPU time does not. A result that differs in CPU time \
says so.
";

const PROFILING_NOTE: &str = "\
`target/release/xtask bench-stages <FILE | OPERATIONS>` times each step of `generate` \
(load, validate, lower, emit and format together, locating warnings) on a spec file or on the \
synthetic spec of that many operations, which shows which step grows. For instruction \
counts, which the machine's load does not disturb, build with line tables \
(`CARGO_PROFILE_RELEASE_DEBUG=line-tables-only cargo build --release -p xtask`) and run \
`valgrind --tool=callgrind target/release/xtask bench-one <FILE>` (add \
`--collect-atstart=no --toggle-collect=openapi_gen::load::load` to count one step), then \
`callgrind_annotate --inclusive=yes`. For `cargo check`, \
`RUSTC_BOOTSTRAP=1 cargo rustc --profile check --lib -- -Ztime-passes` in the crate under \
`target/bench-check/` splits the time by compiler pass.
";

const GENERATION_NOTE: &str = "\
`openapi_gen::generate` on the spec's text: load, validate, lower, emit and format. Time \
is the median of several runs in one process after one warm-up run (11 runs under 0.2 s, \
5 under 2 s, else 3); peak memory is the peak resident set (VmHWM) of a fresh \
`xtask bench-one <FILE>` process that reads the spec and generates it once, so it \
includes the process's own baseline (shown as `(baseline)`).";

const SCALING_NOTE: &str = "\
Synthetic specs written by the benchmark (`xtask/src/bench.rs`, `synthetic_spec`): each \
operation has its own path with a path parameter, four query parameters (one an enum \
array), a header parameter, a JSON request body for POST/PUT/PATCH, and 200/400/404/default \
responses; each has five schemas of its own (an object with nested inline objects, enums, \
a nullable field, arrays and `$ref`s; its input object; a `oneOf` with a discriminator \
mapping over two objects), plus shared `Error`, `User` and `Page` schemas. Cost grows \
linearly when the time per operation stays flat.";

const COMPILE_NOTE: &str = "\
`cargo check` of the standalone crate `cargo xtask generate` writes, under \
`target/bench-check/`, with its own target directory there. One untimed run builds the \
dependencies; then `src/lib.rs` is touched before each timed run, so only the generated \
crate is checked again. `CARGO_INCREMENTAL=0`, so every run checks the whole crate as a \
first build of it would. Lines are the generated `.rs` files, runtime included.";

const RUNTIME_NOTE: &str = "\
`thousandeyes::Client::create_credential` of `generated/` against an axum server on \
127.0.0.1 in the same current-thread tokio runtime, beside a hand-written reqwest + \
serde_json call that sends the same request (POST, path, `aid` query, Basic auth, \
User-Agent, Accept, JSON body) and decodes the same 201 JSON body into equivalent \
hand-written structs, checking status and Content-Type as the runtime does. Before \
timing, the server records one request of each and the benchmark checks they are \
identical. Rounds run in pairs, one of each client back to back, alternating which goes first; \
calls are sequential on one kept-alive connection per client. The program is \
`tests/benches/throughput.rs`, run as `cargo bench -p tests --bench throughput -- --pairs N \
--calls N --warmup N`.";

// ---------------------------------------------------------------------------------------
// Generation
// ---------------------------------------------------------------------------------------

/// The specs measured: ours, then the large corpus specs when present.
fn generation_specs(root: &Path) -> Vec<PathBuf> {
    let mut specs = openapi_gen::codegen::spec_files(root).unwrap_or_default();
    let corpus = root.join("../shared/corpus");
    for rel in [
        "large/github.json",
        "large/stripe.json",
        "large/openai.yaml",
        "progenitor/nexus.json",
    ] {
        let path = corpus.join(rel);
        if path.is_file() {
            specs.push(path);
        } else {
            eprintln!("note: {} not found; skipped", path.display());
        }
    }
    specs
}

/// A spec's path as the report shows it: relative to the repository root.
fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One spec's generation measurement.
#[derive(Debug)]
struct GenRow {
    operations: usize,
    types: usize,
    lines: usize,
    runs: usize,
    median: Duration,
    /// Median time on a CPU, when the kernel tells it: close to `median` on an idle
    /// machine, and the better estimate of it on a busy one.
    cpu: Option<Duration>,
    peak: Result<u64, String>,
}

/// Generates `text` repeatedly: one warm-up, then as many runs as its size allows.
fn measure_generation(
    name: &str,
    text: &str,
    max_runs: usize,
    file: &Path,
) -> Result<GenRow, String> {
    let start = Instant::now();
    let first = openapi_gen::generate(Path::new(name), text).map_err(|report| {
        let text = report.to_string();
        let first_line = text.lines().next().unwrap_or("").to_owned();
        format!(
            "generation failed ({} diagnostics): {first_line}",
            report.diagnostics.len()
        )
    })?;
    let warm = start.elapsed();
    let operations = first.api.operations.len();
    let types = first.api.types.len();
    let lines = first.code.lines().count();
    drop(first);

    let runs = if warm < Duration::from_millis(200) {
        11
    } else if warm < Duration::from_secs(2) {
        5
    } else {
        3
    }
    .min(max_runs);
    let mut times = Vec::with_capacity(runs);
    let mut cpu_times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let cpu_before = cpu_time();
        let start = Instant::now();
        let result = openapi_gen::generate(Path::new(name), text);
        times.push(start.elapsed());
        if let (Some(before), Some(after)) = (cpu_before, cpu_time()) {
            cpu_times.push(after.saturating_sub(before));
        }
        drop(std::hint::black_box(result));
    }
    Ok(GenRow {
        operations,
        types,
        lines,
        runs,
        median: median_duration(&mut times),
        cpu: (cpu_times.len() == runs).then(|| median_duration(&mut cpu_times)),
        peak: peak_memory(file),
    })
}

fn generation(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let max_runs = if options.quick { 3 } else { 11 };
    let mut table = String::from(
        "| spec | operations | types | lines of output | runs | median | CPU time | per operation | peak memory |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    match peak_memory_baseline() {
        Ok(bytes) => {
            let _ = writeln!(
                table,
                "| (baseline: `xtask bench-one` generating nothing) | | | | | | | | {} |",
                mib(bytes)
            );
        }
        Err(e) => eprintln!("note: no baseline memory: {e}"),
    }
    for spec in generation_specs(root) {
        let name = shown(root, &spec);
        eprintln!("  {name}");
        let row = std::fs::read_to_string(&spec)
            .map_err(|e| format!("cannot read: {e}"))
            .and_then(|text| measure_generation(&name, &text, max_runs, &spec));
        let row = match row {
            Ok(row) => row,
            Err(message) => {
                let _ = writeln!(table, "| {name} | {} | | | | | | | |", cell(&message));
                for (needle, what) in [
                    ("github.json", "github.json"),
                    ("stripe.json", "stripe.json"),
                    ("openai.yaml", "openai.yaml"),
                    ("nexus.json", "nexus.json"),
                ] {
                    if name.ends_with(needle) {
                        verdicts.push(Verdict {
                            target: format!("{what} generates"),
                            measured: cell(&message),
                            pass: false,
                            cpu: None,
                        });
                    }
                }
                continue;
            }
        };
        let seconds = row.median.as_secs_f64();
        let peak = match &row.peak {
            Ok(bytes) => mib(*bytes),
            Err(e) => format!("n/a ({})", cell(e)),
        };
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {} | {} | {} | {} | {peak} |",
            row.operations,
            row.types,
            thousands(row.lines),
            row.runs,
            ms(seconds),
            row.cpu.map_or("n/a".into(), |d| ms(d.as_secs_f64())),
            per_op(seconds, row.operations),
        );
        if ["github.json", "stripe.json", "openai.yaml"]
            .iter()
            .any(|large| name.ends_with(large))
        {
            let file = Path::new(&name)
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default();
            verdicts.push(Verdict {
                target: format!("{file} generated in under 0.5 s (median)"),
                measured: ms(seconds),
                pass: seconds < target::LARGE_SECONDS,
                cpu: row
                    .cpu
                    .map(|d| (ms(d.as_secs_f64()), d.as_secs_f64() < target::LARGE_SECONDS)),
            });
            verdicts.push(match &row.peak {
                Ok(bytes) => Verdict {
                    target: format!("{file} peak memory under 150 MB"),
                    measured: mib(*bytes),
                    pass: *bytes < target::LARGE_PEAK_BYTES,
                    cpu: None,
                },
                Err(e) => Verdict {
                    target: format!("{file} peak memory under 150 MB"),
                    measured: format!("not measured: {}", cell(e)),
                    pass: false,
                    cpu: None,
                },
            });
        }
        if name.ends_with("nexus.json") {
            verdicts.push(Verdict {
                target: "nexus.json generated in under 0.12 s (median)".into(),
                measured: ms(seconds),
                pass: seconds < target::NEXUS_SECONDS,
                cpu: row
                    .cpu
                    .map(|d| (ms(d.as_secs_f64()), d.as_secs_f64() < target::NEXUS_SECONDS)),
            });
        }
    }
    table
}

// ---------------------------------------------------------------------------------------
// Peak memory: a child process per spec
// ---------------------------------------------------------------------------------------

/// `xtask bench-one <FILE>`: generates `FILE` once and prints the process's peak
/// resident set in bytes. `xtask bench-one --baseline` prints it without generating.
pub fn run_one(args: &[String]) -> Result<(), String> {
    match args {
        [flag] if flag == "--baseline" => {}
        [file] => {
            let text =
                std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let generated = openapi_gen::generate(Path::new(file), &text).map_err(|report| {
                let text = report.to_string();
                format!(
                    "generation failed: {}",
                    text.lines().next().unwrap_or_default()
                )
            })?;
            std::hint::black_box(&generated);
        }
        _ => return Err("usage: xtask bench-one <FILE> | --baseline".into()),
    }
    println!("{}", peak_rss_bytes()?);
    Ok(())
}

/// `xtask bench-stages <FILE | N>`: the time of each step of `openapi_gen::generate` on
/// one spec file, or on the synthetic spec of N operations, for finding which step grows.
/// Mirrors `generate` step by step; a profiling aid, not part of the report.
pub fn run_stages(args: &[String]) -> Result<(), String> {
    let [arg] = args else {
        return Err("usage: xtask bench-stages <FILE | OPERATIONS>".into());
    };
    let text = match arg.parse::<usize>() {
        Ok(n) => synthetic_spec(n),
        Err(_) => std::fs::read_to_string(arg).map_err(|e| format!("cannot read {arg}: {e}"))?,
    };
    let file = Path::new(arg);
    let step = |name: &str, start: Instant| {
        // Not `println!`, which panics when the reader has gone (`| head`).
        use std::io::Write as _;
        let _ = writeln!(
            std::io::stdout(),
            "{name:<12} {:>10.1} ms",
            start.elapsed().as_secs_f64() * 1000.0
        );
        Instant::now()
    };
    let total = Instant::now();
    let start = Instant::now();
    let api = openapi_gen::load::load(&text)
        .map_err(|d| d.into_report(file, &text).to_string())?
        .api;
    let start = step("load", start);
    let mut diags = openapi_gen::diag::Diagnostics::default();
    openapi_gen::validate::validate(&api, &mut diags);
    let start = step("validate", start);
    let ir = openapi_gen::lower::lower(&api, &mut diags);
    let start = step("lower", start);
    // Emitting and formatting run together, on several threads, as `generate` runs them.
    let code = openapi_gen::render::module_text(&ir)?;
    let start = step("emit+format", start);
    let report = diags.into_report(file, &text);
    let start = step("into_report", start);
    drop((api, ir, code, report));
    step("drop", start);
    step("total", total);
    Ok(())
}

/// This process's peak resident set (VmHWM), in bytes.
fn peak_rss_bytes() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .ok_or("no VmHWM in /proc/self/status")?;
    let kib: u64 = line
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .map_err(|e| format!("bad VmHWM `{line}`: {e}"))?;
    Ok(kib * 1024)
}

fn peak_memory(file: &Path) -> Result<u64, String> {
    bench_one(file.as_os_str())
}

fn peak_memory_baseline() -> Result<u64, String> {
    bench_one("--baseline".as_ref())
}

fn bench_one(arg: &std::ffi::OsStr) -> Result<u64, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find xtask: {e}"))?;
    let output = Command::new(exe)
        .arg("bench-one")
        .arg(arg)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run xtask bench-one: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(stderr.lines().next().unwrap_or("failed").to_owned());
    }
    String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .map_err(|e| format!("bench-one printed no number: {e}"))
}

// ---------------------------------------------------------------------------------------
// Scaling: synthetic specs
// ---------------------------------------------------------------------------------------

fn scaling(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let sizes: &[usize] = if options.quick {
        &[10, 100, 1_000]
    } else {
        &[10, 100, 1_000, 10_000]
    };
    let max_runs = if options.quick { 3 } else { 11 };
    let dir = root.join("target/bench");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return format!("cannot create {}: {e}\n", dir.display());
    }
    let mut table = String::from(
        "| operations | spec size | types | lines of output | runs | median | CPU time | per operation | peak memory |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    let mut per_op_at = Vec::new();
    for &n in sizes {
        eprintln!("  {n} operations");
        let text = synthetic_spec(n);
        let file = dir.join(format!("synthetic-{n}.json"));
        if let Err(e) = std::fs::write(&file, &text) {
            let _ = writeln!(
                table,
                "| {n} | cannot write {}: {e} | | | | | | | |",
                file.display()
            );
            continue;
        }
        let name = format!("target/bench/synthetic-{n}.json");
        match measure_generation(&name, &text, max_runs, &file) {
            Ok(row) => {
                let seconds = row.median.as_secs_f64();
                if row.operations != n {
                    eprintln!(
                        "note: synthetic spec of {n} gave {} operations",
                        row.operations
                    );
                }
                let ops = row.operations.max(1) as f64;
                per_op_at.push((n, seconds / ops, row.cpu.map(|d| d.as_secs_f64() / ops)));
                let peak = match &row.peak {
                    Ok(bytes) => mib(*bytes),
                    Err(e) => format!("n/a ({})", cell(e)),
                };
                let _ = writeln!(
                    table,
                    "| {} | {:.1} MB | {} | {} | {} | {} | {} | {} | {peak} |",
                    thousands(n),
                    text.len() as f64 / 1e6,
                    thousands(row.types),
                    thousands(row.lines),
                    row.runs,
                    ms(seconds),
                    row.cpu.map_or("n/a".into(), |d| ms(d.as_secs_f64())),
                    per_op(seconds, row.operations),
                );
            }
            Err(message) => {
                let _ = writeln!(
                    table,
                    "| {} | {} | | | | | | | |",
                    thousands(n),
                    cell(&message)
                );
            }
        }
    }
    let at = |n: usize| per_op_at.iter().find(|(k, ..)| *k == n);
    let largest = *sizes.last().unwrap_or(&0);
    match (at(100), at(largest)) {
        (Some(&(_, small, small_cpu)), Some(&(_, large, large_cpu))) if small > 0.0 => {
            let ratio = large / small;
            let _ = write!(
                table,
                "\nTime per operation at {} operations over that at 100: **{ratio:.2}x** \
                 ({} vs {})",
                thousands(largest),
                us(large),
                us(small)
            );
            if let (Some(small_cpu), Some(large_cpu)) = (small_cpu, large_cpu) {
                let _ = write!(table, "; in CPU time {:.2}x", large_cpu / small_cpu);
            }
            table.push_str(".\n");
            if largest == 10_000 {
                verdicts.push(Verdict {
                    target: "time per operation flat from 100 to 10,000 operations (within 1.5x)"
                        .into(),
                    measured: format!("{ratio:.2}x"),
                    pass: ratio <= target::SCALING_RATIO,
                    cpu: small_cpu.zip(large_cpu).map(|(small, large)| {
                        let ratio = large / small;
                        (format!("{ratio:.2}x"), ratio <= target::SCALING_RATIO)
                    }),
                });
            }
        }
        _ => {
            table.push_str("\nNo scaling ratio: a size failed to generate.\n");
            if largest == 10_000 {
                verdicts.push(Verdict {
                    target: "time per operation flat from 100 to 10,000 operations (within 1.5x)"
                        .into(),
                    measured: "a synthetic spec failed to generate".into(),
                    pass: false,
                    cpu: None,
                });
            }
        }
    }
    table
}

/// An OpenAPI 3.0 document with `operations` operations, each with realistic schemas of
/// its own (see [`SCALING_NOTE`]). Deterministic: the same size gives the same text.
pub fn synthetic_spec(operations: usize) -> String {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "integer", "format": "int32"},
                "message": {"type": "string"},
                "details": {"type": "array", "items": {"type": "string"}}
            }
        }),
    );
    schemas.insert(
        "User".into(),
        json!({
            "type": "object",
            "required": ["id"],
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string", "nullable": true},
                "email": {"type": "string", "format": "email"},
                "role": {"type": "string", "enum": ["admin", "member", "guest"]}
            }
        }),
    );
    schemas.insert(
        "Page".into(),
        json!({
            "type": "object",
            "properties": {
                "next_cursor": {"type": "string", "nullable": true},
                "total": {"type": "integer", "format": "int64"}
            }
        }),
    );
    for i in 0..operations {
        let widget = format!("Widget{i}");
        let input = format!("Widget{i}Input");
        let shape = format!("Shape{i}");
        let circle = format!("Circle{i}");
        let square = format!("Square{i}");
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}")});
        schemas.insert(
            widget.clone(),
            json!({
                "type": "object",
                "description": format!("Widget number {i}."),
                "required": ["id", "status", "shape"],
                "properties": {
                    "id": {"type": "string", "format": "uuid"},
                    "name": {"type": "string", "maxLength": 200},
                    "count": {"type": "integer", "format": "int64", "minimum": 0},
                    "price": {"type": "number", "format": "double"},
                    "created_at": {"type": "string", "format": "date-time"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "status": {"type": "string", "enum": ["active", "inactive", "archived"]},
                    "note": {"type": "string", "nullable": true},
                    "owner": r("User"),
                    "shape": r(&shape),
                    "meta": {
                        "type": "object",
                        "properties": {
                            "source": {"type": "string"},
                            "dimensions": {
                                "type": "object",
                                "properties": {
                                    "width": {"type": "integer"},
                                    "height": {"type": "integer"},
                                    "unit": {"type": "string", "enum": ["mm", "cm", "in"]}
                                }
                            }
                        }
                    },
                    "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                    "page": r("Page")
                }
            }),
        );
        schemas.insert(
            input.clone(),
            json!({
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "status": {"type": "string", "enum": ["active", "inactive"]},
                    "shape": r(&shape)
                }
            }),
        );
        schemas.insert(
            shape.clone(),
            json!({
                "oneOf": [r(&circle), r(&square)],
                "discriminator": {
                    "propertyName": "kind",
                    "mapping": {
                        "circle": format!("#/components/schemas/{circle}"),
                        "square": format!("#/components/schemas/{square}")
                    }
                }
            }),
        );
        schemas.insert(
            circle,
            json!({
                "type": "object",
                "required": ["kind", "radius"],
                "properties": {
                    "kind": {"type": "string"},
                    "radius": {"type": "number"}
                }
            }),
        );
        schemas.insert(
            square,
            json!({
                "type": "object",
                "required": ["kind", "side"],
                "properties": {
                    "kind": {"type": "string"},
                    "side": {"type": "number"}
                }
            }),
        );

        let method = ["get", "post", "put", "delete", "patch"][i % 5];
        let mut operation = json!({
            "operationId": format!("{method}Widget{i}"),
            "summary": format!("Operation {i} on widget {i}"),
            "tags": [format!("group{}", i % 20)],
            "parameters": [
                {"name": "widget_id", "in": "path", "required": true, "schema": {"type": "string"}},
                {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100}},
                {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                {"name": "expand", "in": "query", "style": "form", "explode": true,
                 "schema": {"type": "array", "items": {"type": "string", "enum": ["owner", "shape", "meta"]}}},
                {"name": "include_archived", "in": "query", "schema": {"type": "boolean"}},
                {"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {"description": "The widget.", "content": {"application/json": {"schema": r(&widget)}}},
                "400": {"description": "Bad request.", "content": {"application/json": {"schema": r("Error")}}},
                "404": {"description": "Not found.", "content": {"application/json": {"schema": r("Error")}}},
                "default": {"description": "Any other error.", "content": {"application/json": {"schema": r("Error")}}}
            },
            "security": [{"bearer": []}]
        });
        if matches!(method, "post" | "put" | "patch") {
            operation["requestBody"] = json!({
                "required": true,
                "content": {"application/json": {"schema": r(&input)}}
            });
        }
        let mut item = Map::new();
        item.insert(method.into(), operation);
        paths.insert(format!("/widgets{i}/{{widget_id}}"), Value::Object(item));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Synthetic API with {operations} operations"), "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Compile time of the output
// ---------------------------------------------------------------------------------------

fn compile_time(root: &Path, verdicts: &mut Vec<Verdict>) -> String {
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
            .and_then(|()| time_checks(root, &dir, &target_dir, RUNS));
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
                verdicts.push(Verdict {
                    target: goal,
                    measured: cell(&message),
                    pass: false,
                    cpu: None,
                });
            }
        }
    }
    table
}

/// One untimed `cargo check` to build the dependencies, then `runs` timed ones, each
/// after touching `src/lib.rs`.
fn time_checks(
    root: &Path,
    dir: &Path,
    target_dir: &Path,
    runs: usize,
) -> Result<Vec<Duration>, String> {
    // Start from the workspace's resolution, so the check uses known versions.
    let _ = std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    let check = || -> Result<Duration, String> {
        let start = Instant::now();
        let output = Command::new(cargo())
            .args(["check", "--quiet", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", target_dir)
            .env("CARGO_INCREMENTAL", "0")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let elapsed = start.elapsed();
        if output.status.success() {
            Ok(elapsed)
        } else {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let error = stderr
                .lines()
                .find(|l| l.starts_with("error"))
                .unwrap_or_else(|| stderr.lines().next().unwrap_or("failed"));
            let count = stderr.lines().filter(|l| l.starts_with("error")).count();
            Err(format!("does not compile ({count} error lines): {error}"))
        }
    };
    check()?;
    let lib = dir.join("src/lib.rs");
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        std::fs::OpenOptions::new()
            .append(true)
            .open(&lib)
            .and_then(|f| f.set_modified(SystemTime::now()))
            .map_err(|e| format!("cannot touch {}: {e}", lib.display()))?;
        times.push(check()?);
    }
    Ok(times)
}

// ---------------------------------------------------------------------------------------
// Runtime overhead
// ---------------------------------------------------------------------------------------

fn runtime_overhead(options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let (pairs, calls, warmup) = if options.quick {
        (11, 200, 100)
    } else {
        (41, 500, 300)
    };
    let result = measure_runtime(pairs, calls, warmup);
    let target = "generated client throughput within 5% of the hand-written call";
    match result {
        Ok(m) => {
            let generated = median(&mut m.generated.clone());
            let hand = median(&mut m.hand.clone());
            // Each pair ran back to back, so its ratio is free of the machine's slower
            // drifts; the median of the ratios is the verdict.
            let mut ratios: Vec<f64> = m
                .generated
                .iter()
                .zip(&m.hand)
                .map(|(g, h)| g / h)
                .collect();
            let ratio = median(&mut ratios);
            let (low, high) = (
                ratios.first().copied().unwrap_or(f64::NAN),
                ratios.last().copied().unwrap_or(f64::NAN),
            );
            verdicts.push(Verdict {
                target: target.into(),
                measured: format!("{:.1}%", ratio * 100.0),
                pass: ratio >= target::THROUGHPUT_RATIO,
                cpu: None,
            });
            format!(
                "| client | median calls/s | slowest pair | fastest pair |\n\
                 | --- | ---: | ---: | ---: |\n\
                 | generated `thousandeyes::Client::create_credential` | {generated:.0} | {:.0} | {:.0} |\n\
                 | hand-written reqwest + serde_json | {hand:.0} | {:.0} | {:.0} |\n\n\
                 {pairs} pairs of rounds, each round {} sequential calls of one client, after \
                 {warmup} warm-up calls each; requests identical: {}. Generated over \
                 hand-written, the median of the {pairs} pairs' ratios: **{:.1}%** of the calls \
                 per second (pairs ranged from {:.1}% to {:.1}%); the medians of calls/s differ \
                 by {:+.1} µs per call.\n",
                min(&m.generated),
                max(&m.generated),
                min(&m.hand),
                max(&m.hand),
                thousands(calls),
                m.identical,
                ratio * 100.0,
                low * 100.0,
                high * 100.0,
                (1.0 / generated - 1.0 / hand) * 1e6,
            )
        }
        Err(message) => {
            verdicts.push(Verdict {
                target: target.into(),
                measured: cell(&message),
                pass: false,
                cpu: None,
            });
            format!("Not measured: {message}\n")
        }
    }
}

/// Calls per second of each round, from `cargo bench -p tests --bench throughput`;
/// `generated[i]` and `hand[i]` ran back to back.
#[derive(serde::Deserialize)]
struct RuntimeMeasurement {
    generated: Vec<f64>,
    hand: Vec<f64>,
    identical: String,
}

/// Runs the throughput benchmark (`tests/benches/throughput.rs`), a program of its own so
/// that xtask does not depend on the generated crate it regenerates.
fn measure_runtime(
    pairs: usize,
    calls: usize,
    warmup: usize,
) -> Result<RuntimeMeasurement, String> {
    let root = crate::repo_root();
    let output = Command::new(cargo())
        .args([
            "bench",
            "--quiet",
            "--package",
            "tests",
            "--bench",
            "throughput",
            "--manifest-path",
        ])
        .arg(root.join("Cargo.toml"))
        .args([
            "--",
            "--pairs",
            &pairs.to_string(),
            "--calls",
            &calls.to_string(),
        ])
        .args(["--warmup", &warmup.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "the throughput benchmark failed ({})",
            output.status
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    serde_json::from_str(line).map_err(|e| format!("unreadable throughput result ({e}): {line}"))
}

fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

// ---------------------------------------------------------------------------------------
// Formatting and small helpers
// ---------------------------------------------------------------------------------------

/// This process's time on a CPU so far, summed over its threads
/// (`CLOCK_PROCESS_CPUTIME_ID`).
fn cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return None;
    }
    let secs = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

fn machine_header(args: &[String]) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "unknown".into());
    let command = std::iter::once("cargo xtask bench")
        .chain(args.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "# Benchmarks\n\n\
         Written by `{command}`; do not edit by hand. `cargo xtask bench` re-runs xtask as \
         `cargo run --release -p xtask -- bench`, so everything measured is built with \
         `--release`. Targets are from issue 6.\n\n\
         - date: {} (UTC)\n\
         - machine: {cores} cores, {cpu}\n\
         - rustc: {rustc}\n\
         - load average at the start: {}\n",
        today(),
        load_average()
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|| "unknown".into())
}

/// Today's date, `YYYY-MM-DD`, from the system clock (civil-from-days, proleptic
/// Gregorian).
fn today() -> String {
    let secs = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn median_duration(times: &mut [Duration]) -> Duration {
    times.sort();
    // The middle value, or the mean of the two middle values (the same one when odd).
    match times.len() {
        0 => Duration::ZERO,
        n => (times[(n - 1) / 2] + times[n / 2]) / 2,
    }
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n => (values[(n - 1) / 2] + values[n / 2]) / 2.0,
    }
}

fn ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1000.0)
}

fn us(seconds: f64) -> String {
    format!("{:.1} µs", seconds * 1e6)
}

fn per_op(seconds: f64, operations: usize) -> String {
    if operations == 0 {
        "n/a".into()
    } else {
        us(seconds / operations as f64)
    }
}

fn mib(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .map(|group| std::str::from_utf8(group).unwrap_or_default())
        .collect();
    groups.reverse();
    groups.join(",")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Text safe in one Markdown table cell.
fn cell(text: &str) -> String {
    let line = first_line(text).replace('|', "\\|");
    if line.chars().count() > 160 {
        let cut: String = line.chars().take(160).collect();
        format!("{cut}…")
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        let mut times = [Duration::from_millis(5), Duration::from_millis(1)];
        assert_eq!(median_duration(&mut times), Duration::from_millis(3));
    }

    #[test]
    fn formatting() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(cell("a | b\nsecond"), "a \\| b");
    }

    #[test]
    fn synthetic_specs_generate() {
        let text = synthetic_spec(10);
        let generated = openapi_gen::generate(Path::new("synthetic.json"), &text)
            .unwrap_or_else(|report| panic!("{report}"));
        assert_eq!(generated.api.operations.len(), 10);
    }
}
