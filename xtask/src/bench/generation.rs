//! Generation: `openapi_gen::generate` on every spec in `specs/` and the large corpus
//! specs, median wall time in process and peak memory in a fresh child process.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::measure::{cpu_time, median_duration};
use super::memory::{peak_memory, peak_memory_baseline};
use super::report::{cell, mib, ms, per_op, thousands};
use super::{target, Options, Verdict};

pub(super) const GENERATION_NOTE: &str = "\
`openapi_gen::generate` on the spec's text: load, validate, lower, emit and format. Time \
is the median of several runs in one process after one warm-up run (11 runs under 0.2 s, \
5 under 2 s, else 3); peak memory is the peak resident set (VmHWM) of a fresh \
`xtask bench-one <FILE>` process that reads the spec and generates it once, so it \
includes the process's own baseline (shown as `(baseline)`). Both run with the allocator \
`cargo xtask` runs with: mimalloc, its arenas committed on demand and freed memory kept \
for reuse rather than returned to the system (`xtask/src/allocator.rs`).";

/// The specs measured: ours, then the large corpus specs when present.
pub(super) fn generation_specs(root: &Path) -> Vec<PathBuf> {
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
pub(super) fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// One spec's generation measurement.
#[derive(Debug)]
pub(super) struct GenRow {
    pub(super) operations: usize,
    pub(super) types: usize,
    pub(super) lines: usize,
    pub(super) runs: usize,
    pub(super) median: Duration,
    /// Median time on a CPU, when the kernel tells it: close to `median` on an idle
    /// machine, and the better estimate of it on a busy one.
    pub(super) cpu: Option<Duration>,
    pub(super) peak: Result<u64, String>,
}

/// Generates `text` repeatedly: one warm-up, then as many runs as its size allows.
pub(super) fn measure_generation(
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

pub(super) fn generation(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
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
                        verdicts.push(Verdict::failed(format!("{what} generates"), &message));
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
