//! `xtask bench-stages`: the time of each step of one generation, for profiling a miss;
//! not part of the report.

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
    step("total", total);
    Ok(())
}
