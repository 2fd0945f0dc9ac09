//! Peers: the generator and its output beside progenitor and async-openai in one run
//! (issue 22): generation of nexus.json beside progenitor's, `cargo check` of the
//! generated nexus crate beside progenitor's output, and of the generated OpenAI crate
//! beside async-openai's library. Ours over theirs, as ratios of medians.
//!
//! The peers come from crates.io at pinned versions through cargo ([`packages`]); nothing
//! of theirs is committed. A peer that does not build becomes a row that says so.

mod checks;
mod generation;
mod packages;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use self::checks::{check_both, Crate};
use self::generation::First;
use self::packages::{ASYNC_OPENAI_FEATURES, ASYNC_OPENAI_VERSION, PROGENITOR_VERSION};
use super::measure::median_duration;
use super::report::{cell, first_line, ms, thousands};
use super::{target, Verdict};
use crate::standalone;

pub(super) const PEERS_NOTE: &str = "\
Ours over theirs in one run, each pair interleaved, on wall time and on CPU time (the \
ratio of the medians). **Generation** of nexus.json: ours is `openapi_gen::generate` on \
the spec's text in this process (load, validate, lower, emit, format); progenitor's is \
progenitor-impl 0.15.1 in a release-built harness under `target/bench-peers/` \
(`xtask/peers/progenitor_harness.rs`), doing what a progenitor `build.rs` does: \
`serde_json::from_str::<openapiv3::OpenAPI>` on the text, \
`Generator::new(&GenerationSettings::default()).generate_tokens`, \
`syn::parse2` and `prettyplease::unparse` (syn 2, prettyplease 0.2.37, as progenitor's \
README says; `cargo progenitor` pipes through rustfmt instead). Both read the text, not \
the file, both allocate with mimalloc with the same options (`xtask/src/allocator.rs`); \
one warm-up each, then 11 rounds alternating which \
goes first. CPU time is each process's own (`CLOCK_PROCESS_CPUTIME_ID`); ours formats on \
several threads, progenitor on one. **`cargo check`** as in the compile section \
(`CARGO_INCREMENTAL=0`, an untimed check of each crate builds the dependencies, \
`src/lib.rs` touched before each timed run), 3 runs per crate alternating which goes \
first, in one target directory under `target/bench-peers/`; CPU time is that of cargo \
and the compilers it ran (`RUSAGE_CHILDREN`). The nexus crates: ours as \
`cargo xtask generate` writes it, progenitor's output in a crate with the dependencies \
`cargo progenitor` 0.15.1 gives it (progenitor-client 0.15.1, reqwest 0.13, ...). The \
OpenAI crates: ours from openai.yaml; async-openai 0.43.0's package copied from the cargo \
registry into a path crate, with its lock file, checked with every API group of its \
`full` feature and native-tls (`--no-default-features`; not `byot`, a second generic copy \
of every method, nor `middleware`). Lines are the `.rs` files checked in a timed run \
(ours: module and runtime; progenitor's: its output, progenitor-client being a \
dependency; async-openai: `src/`).";

/// One measurement: its wall time and, when the kernel tells it, its CPU time.
#[derive(Debug, Clone, Copy)]
pub(super) struct Times {
    pub(super) wall: Duration,
    pub(super) cpu: Option<Duration>,
}

/// The medians of one side's runs, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Medians {
    wall: f64,
    cpu: Option<f64>,
}

fn medians(times: &[Times]) -> Medians {
    let mut walls: Vec<Duration> = times.iter().map(|t| t.wall).collect();
    let mut cpus: Vec<Duration> = times.iter().filter_map(|t| t.cpu).collect();
    Medians {
        wall: median_duration(&mut walls).as_secs_f64(),
        cpu: (!cpus.is_empty() && cpus.len() == times.len())
            .then(|| median_duration(&mut cpus).as_secs_f64()),
    }
}

/// A time as the tables show it: in milliseconds under a second, else in seconds.
fn shown_time(seconds: f64) -> String {
    if seconds < 1.0 {
        ms(seconds)
    } else {
        format!("{seconds:.2} s")
    }
}

/// The verdict of `ours / theirs <= limit`, on wall time and, when both sides have it,
/// on CPU time.
fn ratio_verdict(goal: &str, limit: f64, ours: Medians, theirs: Medians) -> Verdict {
    let ratio = ours.wall / theirs.wall;
    let cpu = ours.cpu.zip(theirs.cpu).map(|(o, t)| {
        let cpu_ratio = o / t;
        (
            format!("{cpu_ratio:.2}x ({} vs {})", shown_time(o), shown_time(t)),
            cpu_ratio <= limit,
        )
    });
    Verdict {
        target: goal.to_string(),
        measured: format!(
            "{ratio:.2}x ({} vs {})",
            shown_time(ours.wall),
            shown_time(theirs.wall)
        ),
        pass: ratio <= limit,
        cpu,
    }
}

/// The rows of one comparison: a row per side, then the verdict.
struct Comparison<'a> {
    /// What is compared, the first cell of its rows.
    what: &'a str,
    goal: String,
    limit: f64,
    ours: &'a str,
    theirs: &'a str,
}

impl Comparison<'_> {
    /// Both sides' rows; the verdict into `verdicts`.
    fn rows(
        &self,
        measured: Result<(Vec<Times>, Vec<Times>), String>,
        lines: (usize, usize),
        verdicts: &mut Vec<Verdict>,
    ) -> String {
        let (ours, theirs) = match measured {
            Ok(times) => times,
            Err(message) => {
                verdicts.push(Verdict::failed(self.goal.clone(), &message));
                return format!("| {} | | | | | {} |\n", self.what, cell(&message));
            }
        };
        let mut rows = String::new();
        for (side, times, lines) in [(self.ours, &ours, lines.0), (self.theirs, &theirs, lines.1)] {
            let m = medians(times);
            let _ = writeln!(
                rows,
                "| {} | {side} | {} | {} | {} | {} |",
                self.what,
                thousands(lines),
                times.len(),
                shown_time(m.wall),
                m.cpu.map_or("n/a".into(), shown_time),
            );
        }
        verdicts.push(ratio_verdict(
            &self.goal,
            self.limit,
            medians(&ours),
            medians(&theirs),
        ));
        rows
    }
}

/// Generation rounds per side.
const ROUNDS: usize = 11;
/// Timed `cargo check` runs per crate.
const CHECKS: usize = 3;

/// Where the part reads and writes.
struct Places {
    /// The repository (its `Cargo.lock` starts our crates' resolution).
    root: PathBuf,
    /// `target/bench-peers/`: the packages written.
    work: PathBuf,
    /// The one target directory of every build and check here.
    target_dir: PathBuf,
    /// `../shared/corpus`.
    corpus: PathBuf,
}

pub(super) fn peers(root: &Path, verdicts: &mut Vec<Verdict>) -> String {
    let work = root.join("target/bench-peers");
    let places = Places {
        root: root.to_path_buf(),
        target_dir: work.join("target"),
        corpus: root.join("../shared/corpus"),
        work,
    };
    let mut table = String::from(
        "| measured | crate | lines | runs | median | CPU time |\n\
         | --- | --- | ---: | ---: | ---: | ---: |\n",
    );
    let (rows, first) = nexus_generation(&places, verdicts);
    table.push_str(&rows);
    table.push_str(&nexus_check(&places, first.as_ref(), verdicts));
    table.push_str(&openai_check(&places, verdicts));
    let _ = writeln!(
        table,
        "\nVersions: progenitor-impl and progenitor-client {PROGENITOR_VERSION}, \
         async-openai {ASYNC_OPENAI_VERSION}."
    );
    table
}

/// Generation of nexus.json by both, progenitor's output written into its crate's
/// `src/lib.rs`; the rows, and what the harness said first (`None` when it failed).
fn nexus_generation(places: &Places, verdicts: &mut Vec<Verdict>) -> (String, Option<First>) {
    let generation = Comparison {
        what: "generation of nexus.json",
        goal: format!(
            "nexus.json generated in <= {:.2}x progenitor's time",
            target::PEER_GENERATION_RATIO
        ),
        limit: target::PEER_GENERATION_RATIO,
        ours: "ours (`openapi_gen::generate`)",
        theirs: "progenitor-impl 0.15.1, prettyplease",
    };
    let nexus = places.corpus.join("progenitor/nexus.json");
    let out = places.work.join("nexus-progenitor/src/lib.rs");
    eprintln!("  building progenitor's harness (release)");
    let generated = existing(&nexus)
        .and_then(|()| {
            packages::build_harness(&places.work.join("progenitor-harness"), &places.target_dir)
        })
        .and_then(|harness| {
            eprintln!("  generation of nexus.json, ours and progenitor's");
            generation::generate_both(&harness, &nexus, &out, ROUNDS)
        });
    let (measured, lines, first) = match generated {
        Ok((rounds, first)) => (
            Ok((rounds.ours, rounds.theirs)),
            (rounds.our_lines, first.lines),
            Some(first),
        ),
        Err(e) => (Err(e), (0, 0), None),
    };
    (generation.rows(measured, lines, verdicts), first)
}

/// `cargo check` of our nexus crate beside the crate of progenitor's output.
fn nexus_check(places: &Places, first: Option<&First>, verdicts: &mut Vec<Verdict>) -> String {
    let comparison = Comparison {
        what: "`cargo check`, nexus.json",
        goal: format!(
            "generated nexus.json crate: `cargo check` in <= {:.2}x progenitor's",
            target::PEER_NEXUS_CHECK_RATIO
        ),
        limit: target::PEER_NEXUS_CHECK_RATIO,
        ours: "ours",
        theirs: "progenitor 0.15.1's output",
    };
    eprintln!("  `cargo check` of the nexus.json crates");
    let dir = places.work.join("nexus-progenitor");
    let theirs = match first {
        Some(first) => packages::write_output_crate(&dir, "nexus-progenitor", &first.dependencies)
            .map(|()| (plain_crate(&dir), first.lines)),
        None => Err("progenitor's output was not generated".to_string()),
    };
    let spec = places.corpus.join("progenitor/nexus.json");
    compare_checks(&comparison, places, &spec, "nexus-ours", theirs, verdicts)
}

/// `cargo check` of our OpenAI crate beside async-openai's library with its whole API.
fn openai_check(places: &Places, verdicts: &mut Vec<Verdict>) -> String {
    let comparison = Comparison {
        what: "`cargo check`, OpenAI",
        goal: "generated openai.yaml crate: `cargo check` no slower than async-openai's".into(),
        limit: target::PEER_OPENAI_CHECK_RATIO,
        ours: "ours, from openai.yaml",
        theirs: "async-openai 0.43.0, its whole API",
    };
    eprintln!("  `cargo check` of the OpenAI crates");
    let dir = places.work.join("async-openai");
    let theirs = packages::copy_async_openai(&places.work, &dir).map(|()| {
        let args = vec![
            "--no-default-features".to_string(),
            "--features".into(),
            ASYNC_OPENAI_FEATURES.join(","),
        ];
        let lines = packages::rust_lines(&dir.join("src"));
        (
            Crate {
                dir: dir.clone(),
                args,
            },
            lines,
        )
    });
    let spec = places.corpus.join("large/openai.yaml");
    compare_checks(&comparison, places, &spec, "openai-ours", theirs, verdicts)
}

fn existing(spec: &Path) -> Result<(), String> {
    if spec.is_file() {
        Ok(())
    } else {
        Err(format!("{} not found; skipped", spec.display()))
    }
}

fn plain_crate(dir: &Path) -> Crate {
    Crate {
        dir: dir.to_path_buf(),
        args: Vec::new(),
    }
}

/// Generates `spec` as a standalone crate into the work directory's `name` and checks it
/// beside `theirs` (the crate and its lines, or why there is none).
fn compare_checks(
    comparison: &Comparison<'_>,
    places: &Places,
    spec: &Path,
    name: &str,
    theirs: Result<(Crate, usize), String>,
    verdicts: &mut Vec<Verdict>,
) -> String {
    let dir = places.work.join(name);
    let ours = existing(spec).and_then(|()| {
        let outcome = standalone::generate(spec, &dir);
        outcome
            .result
            .map_err(|e| format!("ours does not generate: {}", first_line(&e)))?;
        // Start from the workspace's resolution, as the compile section does.
        let _ = std::fs::copy(places.root.join("Cargo.lock"), dir.join("Cargo.lock"));
        Ok((plain_crate(&dir), outcome.lines))
    });
    let measured = ours.and_then(|ours| theirs.map(|theirs| (ours, theirs)));
    let lines = measured
        .as_ref()
        .map_or((0, 0), |((_, ours), (_, theirs))| (*ours, *theirs));
    let times = measured.and_then(|((ours, _), (theirs, _))| {
        check_both(&ours, &theirs, &places.target_dir, CHECKS)
    });
    comparison.rows(times, lines, verdicts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn times(wall_ms: u64, cpu_ms: Option<u64>) -> Times {
        Times {
            wall: Duration::from_millis(wall_ms),
            cpu: cpu_ms.map(Duration::from_millis),
        }
    }

    #[test]
    fn medians_need_every_run_s_cpu_time() {
        let all = [
            times(30, Some(20)),
            times(10, Some(40)),
            times(20, Some(30)),
        ];
        assert_eq!(
            medians(&all),
            Medians {
                wall: 0.02,
                cpu: Some(0.03)
            }
        );
        let missing = [times(30, Some(20)), times(10, None)];
        assert_eq!(medians(&missing).cpu, None);
    }

    #[test]
    fn the_verdict_is_ours_over_theirs_against_the_limit() {
        let ours = Medians {
            wall: 0.05,
            cpu: Some(0.09),
        };
        let theirs = Medians {
            wall: 1.25,
            cpu: Some(0.9),
        };
        let verdict = ratio_verdict("goal", 0.05, ours, theirs);
        assert_eq!(verdict.measured, "0.04x (50.0 ms vs 1.25 s)");
        assert!(verdict.pass);
        let (cpu, cpu_pass) = verdict.cpu.expect("both have CPU time");
        assert_eq!(cpu, "0.10x (90.0 ms vs 900.0 ms)");
        assert!(!cpu_pass);

        let slower = ratio_verdict("goal", 1.0, theirs, ours);
        assert!(!slower.pass);
        assert_eq!(slower.measured, "25.00x (1.25 s vs 50.0 ms)");
        let equal = ratio_verdict("goal", 1.0, ours, ours);
        assert!(equal.pass, "no slower passes");
    }

    #[test]
    fn a_failed_side_is_one_row_and_a_failed_verdict() {
        let comparison = Comparison {
            what: "`cargo check`, x",
            goal: "x checks".into(),
            limit: 1.0,
            ours: "ours",
            theirs: "theirs",
        };
        let mut verdicts = Vec::new();
        let rows = comparison.rows(
            Err("theirs: does not | compile".into()),
            (0, 0),
            &mut verdicts,
        );
        assert_eq!(
            rows,
            "| `cargo check`, x | | | | | theirs: does not \\| compile |\n"
        );
        assert!(!verdicts[0].pass);

        let measured = Ok((vec![times(10, Some(10))], vec![times(40, None)]));
        let rows = comparison.rows(measured, (1_200, 34), &mut verdicts);
        assert_eq!(
            rows,
            "| `cargo check`, x | ours | 1,200 | 1 | 10.0 ms | 10.0 ms |\n\
             | `cargo check`, x | theirs | 34 | 1 | 40.0 ms | n/a |\n"
        );
        assert!(verdicts[1].pass);
        assert!(verdicts[1].cpu.is_none());
    }
}
