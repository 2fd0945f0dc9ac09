//! Generation of one spec by both generators, interleaved: ours in process
//! (`openapi_gen::generate` on the text), progenitor's in its harness process, one run of
//! each per round.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde::Deserialize;

use super::super::measure::cpu_time;
use super::super::report::first_line;
use super::Times;

/// What the harness says once it has generated the spec the first time.
#[derive(Debug, Deserialize)]
pub(super) struct First {
    /// Lines of progenitor's formatted output.
    pub(super) lines: usize,
    /// The generated code's dependencies, one `name = requirement` each.
    pub(super) dependencies: Vec<String>,
}

/// One timed run, as the harness reports it.
#[derive(Debug, Deserialize)]
struct Run {
    wall_ns: u64,
    cpu_ns: u64,
}

/// progenitor's harness, running: it has read the spec and written its output.
struct Harness {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Harness {
    /// Starts `binary SPEC OUT` and reads its first answer.
    fn start(binary: &Path, spec: &Path, out: &Path) -> Result<(Harness, First), String> {
        let mut child = Command::new(binary)
            .arg(spec)
            .arg(out)
            // mimalloc as this process runs it (`allocator.rs`), so the ratio compares
            // the generators, not the allocators' options.
            .envs(crate::allocator::ENVIRONMENT)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", binary.display()))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("the harness has no pipes".into());
        };
        let mut harness = Harness {
            child,
            stdin,
            stdout: BufReader::new(stdout),
        };
        let first = harness.answer()?;
        Ok((harness, first))
    }

    /// One timed generation.
    fn run(&mut self) -> Result<Times, String> {
        writeln!(self.stdin, "run")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("cannot talk to the harness: {e}"))?;
        let run: Run = self.answer()?;
        Ok(Times {
            wall: Duration::from_nanos(run.wall_ns),
            cpu: Some(Duration::from_nanos(run.cpu_ns)),
        })
    }

    /// The harness's next JSON line; when there is none, why (its standard error).
    fn answer<T: for<'de> Deserialize<'de>>(&mut self) -> Result<T, String> {
        let mut line = String::new();
        let read = self
            .stdout
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the harness: {e}"))?;
        if read == 0 {
            let mut stderr = String::new();
            if let Some(mut pipe) = self.child.stderr.take() {
                let _ = pipe.read_to_string(&mut stderr);
            }
            let _ = self.child.wait();
            return Err(match first_line(&stderr) {
                "" => "the harness ended without an answer".to_string(),
                why => why.to_string(),
            });
        }
        serde_json::from_str(&line)
            .map_err(|e| format!("unreadable answer of the harness ({e}): {}", line.trim()))
    }

    /// Closes its input, so it ends, and waits for it.
    fn finish(self) {
        let Harness {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }
}

/// The times of both sides over the rounds, in round order.
#[derive(Debug, Default)]
pub(super) struct Rounds {
    pub(super) ours: Vec<Times>,
    pub(super) theirs: Vec<Times>,
    /// Lines of our module's text.
    pub(super) our_lines: usize,
}

/// Generates `spec` with both, `rounds` times each after one warm-up, alternating which
/// goes first; progenitor's output is written to `out`. The harness's first answer too.
pub(super) fn generate_both(
    harness: &Path,
    spec: &Path,
    out: &Path,
    rounds: usize,
) -> Result<(Rounds, First), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read: {e}"))?;
    let name = spec.to_string_lossy();
    let ours = || -> Result<(Times, usize), String> {
        let cpu_before = cpu_time();
        let start = Instant::now();
        let generated = openapi_gen::generate(Path::new(name.as_ref()), &text)
            .map_err(|report| format!("ours fails: {}", first_line(&report.to_string())))?;
        let wall = start.elapsed();
        let cpu = cpu_before
            .zip(cpu_time())
            .map(|(before, after)| after.saturating_sub(before));
        let lines = generated.code.lines().count();
        drop(std::hint::black_box(generated));
        Ok((Times { wall, cpu }, lines))
    };
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    // The warm-ups: ours once here, theirs once as the harness starts.
    let (_, our_lines) = ours()?;
    let (mut theirs, first) = Harness::start(harness, spec, out)?;
    let mut result = Rounds {
        our_lines,
        ..Rounds::default()
    };
    let mut measure = || -> Result<(), String> {
        for round in 0..rounds {
            let ours_first = round % 2 == 0;
            if ours_first {
                result.ours.push(ours()?.0);
            }
            result
                .theirs
                .push(theirs.run().map_err(|e| format!("progenitor: {e}"))?);
            if !ours_first {
                result.ours.push(ours()?.0);
            }
        }
        Ok(())
    };
    let measured = measure();
    theirs.finish();
    measured.map(|()| (result, first))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;
    use std::path::PathBuf;

    const SPEC: &str = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/ping": {"get": {"operationId": "ping",
            "responses": {"204": {"description": "pong"}}}}}}"#;

    /// A directory of this test's own, with the spec and a harness script `script`.
    fn setup(test: &str, script: &str) -> (PathBuf, PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("peers-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let spec = dir.join("spec.json");
        std::fs::write(&spec, SPEC).unwrap();
        let harness = dir.join("harness.sh");
        std::fs::write(&harness, script).unwrap();
        std::fs::set_permissions(&harness, std::fs::Permissions::from_mode(0o755)).unwrap();
        (dir, spec, harness)
    }

    #[test]
    fn each_round_times_both_sides_once() {
        let script = "#!/bin/sh\n\
            printf 'code\\n' > \"$2\"\n\
            echo '{\"lines\": 7, \"dependencies\": [\"uuid = \\\"1\\\"\"]}'\n\
            while read -r line; do echo '{\"wall_ns\": 5000000, \"cpu_ns\": 4000000}'; done\n";
        let (dir, spec, harness) = setup("rounds", script);
        let out = dir.join("output/src/lib.rs");
        let (rounds, first) = generate_both(&harness, &spec, &out, 3).unwrap();
        assert_eq!((rounds.ours.len(), rounds.theirs.len()), (3, 3));
        assert!(rounds.our_lines > 0);
        assert_eq!(rounds.theirs[2].wall, Duration::from_millis(5));
        assert_eq!(rounds.theirs[2].cpu, Some(Duration::from_millis(4)));
        assert_eq!(first.lines, 7);
        assert_eq!(first.dependencies, ["uuid = \"1\""]);
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "code\n");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_harness_that_fails_says_why() {
        let script = "#!/bin/sh\necho 'progenitor-harness: cannot parse the spec' >&2\nexit 1\n";
        let (dir, spec, harness) = setup("fails", script);
        let err = generate_both(&harness, &spec, &dir.join("lib.rs"), 3).unwrap_err();
        assert_eq!(err, "progenitor-harness: cannot parse the spec");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
