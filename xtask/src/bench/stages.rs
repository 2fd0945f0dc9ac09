//! `xtask bench-stages`: the time of each step of one generation, for profiling a miss;
//! not part of the report.

use std::cell::Cell;
use std::io::Write as _;
use std::path::Path;
use std::time::Instant;

use super::synthetic::synthetic_spec;

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
    // Wall time, and from `getrusage` the user and system time and the minor page faults
    // of the step (a growing system time is memory first touched, not work done).
    let usage = Cell::new(Usage::now());
    let _ = writeln!(
        std::io::stdout(),
        "{:<12} {:>10} {:>10} {:>10} {:>10}",
        "step",
        "wall ms",
        "user ms",
        "sys ms",
        "faults"
    );
    let step = |name: &str, start: Instant| {
        let now = Usage::now();
        let before = usage.replace(now);
        // Not `println!`, which panics when the reader has gone (`| head`).
        let _ = writeln!(
            std::io::stdout(),
            "{name:<12} {:>10.1} {:>10.1} {:>10.1} {:>10}",
            start.elapsed().as_secs_f64() * 1000.0,
            (now.user - before.user) * 1000.0,
            (now.system - before.system) * 1000.0,
            now.faults - before.faults,
        );
        Instant::now()
    };
    let total = Instant::now();
    let whole = Usage::now();
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
    let module = openapi_gen::emit::module(&ir);
    // Emitting alone, one part after the other on this thread; render makes the parts'
    // items again on its threads, as `generate` runs it.
    let parts = module.sections.iter().flat_map(|section| match section {
        openapi_gen::emit::Section::Items(part) => std::slice::from_ref(part),
        openapi_gen::emit::Section::Block(block) => block.parts.as_slice(),
    });
    let items: usize = parts.map(|part| part.items().items.len()).sum();
    let start = step("emit alone", start);
    let code = openapi_gen::render::module(&module)?;
    let start = step("emit+format", start);
    drop((module, items));
    let report = diags.into_report(file, &text);
    let start = step("into_report", start);
    drop((api, ir, code, report));
    step("drop", start);
    usage.set(whole);
    step("total", total);
    Ok(())
}

/// This process's CPU time (seconds) and minor page faults so far, summed over its threads.
#[derive(Clone, Copy)]
struct Usage {
    user: f64,
    system: f64,
    faults: i64,
}

impl Usage {
    fn now() -> Usage {
        // SAFETY: `rusage` is plain data, valid when zeroed; `getrusage` writes it whole.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: `usage` is a valid, writable `rusage` for the duration of the call.
        let status = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
        if status != 0 {
            return Usage {
                user: 0.0,
                system: 0.0,
                faults: 0,
            };
        }
        let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
        Usage {
            user: seconds(usage.ru_utime),
            system: seconds(usage.ru_stime),
            faults: usage.ru_minflt,
        }
    }
}
