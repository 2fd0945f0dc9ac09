//! `cargo xtask bench`: how fast the generator is, how it scales, how long its output
//! takes to compile and what the generated client costs at run time, measured in one
//! run as medians and ratios and written to `BENCHMARKS.md`.
//!
//! This module is the command (its options, the release re-run) and the report (the
//! targets' verdicts, the sections in order). Each part is a module of its own:
//! - [`generation`]: `openapi_gen::generate` (load, validate, lower, emit, format) on
//!   every spec in `specs/` and the large corpus specs, median wall time in process and
//!   peak memory in a fresh child process ([`memory`], `xtask bench-one <FILE>`).
//! - [`scaling`]: the same on synthetic specs of 10 to 10,000 operations, which
//!   [`synthetic`] writes; the cost must stay linear.
//! - [`compile`]: `cargo check` of the standalone crates generated from nexus.json,
//!   github.json and openai.yaml (reported, no target), dependencies prebuilt.
//! - [`runtime`]: calls per second of a generated client against a server on
//!   127.0.0.1, beside a hand-written reqwest call sending the same request, interleaved.
//! - [`download`]: a 1 GiB download through a generated streaming method beside reqwest
//!   read directly: throughput and the client process's peak memory.
//! - [`sse`]: events per second of the runtime's event-stream parser beside a
//!   hand-written loop, in memory and end to end over 127.0.0.1.
//! - [`peers`]: beside progenitor and async-openai from crates.io, interleaved: generation
//!   of nexus.json (progenitor in a harness it builds), `cargo check` of the generated
//!   nexus crate beside progenitor's output and of the OpenAI crate beside async-openai's;
//!   ours over theirs (not in `--quick`).
//!
//! What they share: [`measure`] (CPU time, peak resident set, medians, pairs' ratios),
//! [`report`] (the header, the words and numbers of table cells) and, for the last two,
//! [`streams`] (their program, `tests/benches/streaming.rs`: built, served, run).
//! [`stages`] is the profiling aid `xtask bench-stages`, not part of the report.
//!
//! Measurements are never timed unit tests: they run only here, in release mode. When
//! xtask itself is a debug build (as `cargo xtask` builds it), `bench` re-runs itself as
//! `cargo run --release -p xtask -- bench`. A spec that fails to generate or a crate
//! that does not compile becomes a row that says so; nothing here panics on it.

mod compile;
mod download;
mod generation;
mod measure;
mod memory;
mod peers;
mod report;
mod runtime;
mod scaling;
mod sse;
mod stages;
mod streams;
mod synthetic;

use std::fmt::Write as _;
use std::process::Command;
use std::time::Instant;

use self::compile::COMPILE_NOTE;
use self::download::DOWNLOAD_NOTE;
use self::generation::GENERATION_NOTE;
use self::peers::PEERS_NOTE;
use self::runtime::RUNTIME_NOTE;
use self::scaling::SCALING_NOTE;
use self::sse::SSE_NOTE;

pub use self::memory::run_one;
pub use self::stages::run_stages;

/// What a run measures.
#[derive(Debug, Clone, Copy)]
struct Options {
    /// Fewer runs, synthetic sizes up to 1,000, no compile-time nor peers part, nothing
    /// written.
    quick: bool,
    /// Only this part (`--only`), for profiling one part; nothing written.
    only: Option<Part>,
}

/// The parts of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Generation,
    Scaling,
    Compile,
    Runtime,
    Download,
    Sse,
    Peers,
}

impl Options {
    fn runs(&self, part: Part) -> bool {
        match self.only {
            Some(only) => only == part,
            None => !matches!(part, Part::Compile | Part::Peers) || !self.quick,
        }
    }
}

const BENCH_USAGE: &str = "usage: cargo xtask bench [--quick] \
     [--only generation|scaling|compile|runtime|download|sse|peers]";

/// Targets from the issues (6, 14 for the streamed download, 22 for the peers), in one
/// place.
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
    /// The 1 GiB streamed download: the client process's peak memory, bytes.
    pub const DOWNLOAD_PEAK_BYTES: u64 = 64 * 1024 * 1024;
    /// The 1 GiB streamed download: generated client MB/s over reqwest's.
    pub const DOWNLOAD_RATIO: f64 = 0.90;
    /// Generation of nexus.json: our time over progenitor's.
    pub const PEER_GENERATION_RATIO: f64 = 0.05;
    /// `cargo check` of the generated nexus crate over that of progenitor's output.
    pub const PEER_NEXUS_CHECK_RATIO: f64 = 0.35;
    /// `cargo check` of the generated OpenAI crate over that of async-openai's library.
    pub const PEER_OPENAI_CHECK_RATIO: f64 = 1.0;
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
    /// A target not measured: `message` says why.
    fn failed(target: impl Into<String>, message: &str) -> Verdict {
        Verdict {
            target: target.into(),
            measured: report::cell(message),
            pass: false,
            cpu: None,
        }
    }

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
                    Some("download") => Part::Download,
                    Some("sse") => Part::Sse,
                    Some("peers") => Part::Peers,
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
    let header = report::machine_header(args);
    eprintln!("{header}");
    let mut verdicts = Vec::new();
    // Each part in turn, or a line saying it was not measured.
    let mut part = |part: Part, title: &str, measure: &dyn Fn(&mut Vec<Verdict>) -> String| {
        if options.runs(part) {
            eprintln!("== {title}");
            measure(&mut verdicts)
        } else {
            String::from("Not measured in this run.\n")
        }
    };
    let generation = part(Part::Generation, "generation", &|v| {
        generation::generation(&root, &options, v)
    });
    let scaling = part(Part::Scaling, "scaling", &|v| {
        scaling::scaling(&root, &options, v)
    });
    let compile = part(Part::Compile, "compile time of the output", &|v| {
        compile::compile_time(&root, v)
    });
    let runtime = part(Part::Runtime, "runtime overhead", &|v| {
        runtime::runtime_overhead(&options, v)
    });
    let download = part(Part::Download, "streamed download", &|v| {
        download::download(&root, &options, v)
    });
    let sse = part(Part::Sse, "server-sent events", &|v| {
        sse::sse(&root, &options, v)
    });
    let peers = part(Part::Peers, "beside progenitor and async-openai", &|v| {
        peers::peers(&root, v)
    });

    let mut report = String::new();
    report.push_str(&header);
    let _ = writeln!(
        report,
        "- load average at the end: {} (other work on the machine shows up as noise)",
        report::load_average()
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
         ## Streamed download\n\n{DOWNLOAD_NOTE}\n\n{download}\n\
         ## Server-sent events\n\n{SSE_NOTE}\n\n{sse}\n\
         ## Beside progenitor and async-openai\n\n{PEERS_NOTE}\n\n{peers}\n\
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

/// `cargo bench -p tests --bench NAME` of the repository at `root`: a benchmark program of
/// `tests/benches/`, built in release mode; the caller adds the rest.
fn tests_bench(root: &std::path::Path, name: &str) -> Command {
    let mut command = Command::new(cargo());
    command
        .args(["bench", "--quiet", "--package", "tests", "--bench", name])
        .arg("--manifest-path")
        .arg(root.join("Cargo.toml"));
    command
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
