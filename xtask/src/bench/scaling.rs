//! Scaling: generation of the synthetic specs of 10 to 10,000 operations
//! ([`synthetic_spec`]); the time per operation must stay flat.

use std::fmt::Write as _;
use std::path::Path;

use super::generation::measure_generation;
use super::report::{cell, mib, ms, per_op, thousands, us};
use super::synthetic::synthetic_spec;
use super::{target, Options, Verdict};

pub(super) const SCALING_NOTE: &str = "\
Synthetic specs written by the benchmark (`xtask/src/bench/synthetic.rs`, `synthetic_spec`): each \
operation has its own path with a path parameter, four query parameters (one an enum \
array), a header parameter, a JSON request body for POST/PUT/PATCH, and 200/400/404/default \
responses; each has five schemas of its own (an object with nested inline objects, enums, \
a nullable field, arrays and `$ref`s; its input object; a `oneOf` with a discriminator \
mapping over two objects), plus shared `Error`, `User` and `Page` schemas. Cost grows \
linearly when the time per operation stays flat.";

pub(super) fn scaling(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
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
