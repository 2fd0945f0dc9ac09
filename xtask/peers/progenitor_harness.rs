//! progenitor's side of `cargo xtask bench --only peers`: the bench writes this file into
//! a package under `target/bench-peers/` that depends on progenitor-impl from crates.io,
//! builds it in release mode and drives it over standard input and output.
//!
//! `progenitor-harness SPEC OUT` reads SPEC's text once, generates it once (the warm-up)
//! and writes the formatted code to OUT, then prints one JSON line: the output's lines and
//! the dependencies the code needs, as cargo-progenitor lists them. After that each line
//! read from standard input is one timed generation, answered with one JSON line of its
//! wall and CPU time in nanoseconds. A generation is what a progenitor `build.rs` does
//! (progenitor's README): parse the text, `generate_tokens` with the default settings,
//! then `syn::parse2` and `prettyplease::unparse`.

use std::io::{BufRead, Write};
use std::time::{Duration, Instant};

use progenitor_impl::{GenerationSettings, Generator};

/// The same allocator as the generator's side (xtask runs with mimalloc), so the ratio
/// compares the generators, not the allocators.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    if let Err(message) = run() {
        eprintln!("progenitor-harness: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out] = args.as_slice() else {
        return Err("usage: progenitor-harness SPEC OUT".into());
    };
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read {spec}: {e}"))?;
    let (code, generator) = generate(&text)?;
    std::fs::write(out, &code).map_err(|e| format!("cannot write {out}: {e}"))?;
    let first = serde_json::json!({
        "lines": code.lines().count(),
        "dependencies": dependencies(&generator),
    });
    let stdout = std::io::stdout();
    let mut stdout = stdout.lock();
    writeln!(stdout, "{first}").map_err(|e| e.to_string())?;
    stdout.flush().map_err(|e| e.to_string())?;
    for line in std::io::stdin().lock().lines() {
        line.map_err(|e| e.to_string())?;
        let cpu_before = cpu_time();
        let start = Instant::now();
        let result = generate(&text)?;
        let wall = start.elapsed();
        let cpu = cpu_time().saturating_sub(cpu_before);
        drop(std::hint::black_box(result));
        let answer = serde_json::json!({
            "wall_ns": wall.as_nanos() as u64,
            "cpu_ns": cpu.as_nanos() as u64,
        });
        writeln!(stdout, "{answer}").map_err(|e| e.to_string())?;
        stdout.flush().map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// Parse, generate, format: the whole of a progenitor `build.rs` but the file's I/O.
fn generate(text: &str) -> Result<(String, Generator), String> {
    let spec: openapiv3::OpenAPI =
        serde_json::from_str(text).map_err(|e| format!("cannot parse the spec: {e}"))?;
    let mut generator = Generator::new(&GenerationSettings::default());
    let tokens = generator
        .generate_tokens(&spec)
        .map_err(|e| format!("progenitor cannot generate: {e}"))?;
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("progenitor's tokens do not parse: {e}"))?;
    Ok((prettyplease::unparse(&file), generator))
}

/// The dependencies of the generated code, as `cargo progenitor` 0.15.1 writes them
/// (its `dependencies`, with progenitor-client instead of the client's code included).
fn dependencies(generator: &Generator) -> Vec<String> {
    let mut deps = vec![
        "bytes = \"1.9\"".to_string(),
        "futures-core = \"0.3\"".to_string(),
        "progenitor-client = \"=0.15.1\"".to_string(),
        "reqwest = { version = \"0.13\", default-features = false, \
         features = [\"json\", \"query\", \"stream\"] }"
            .to_string(),
        "serde = { version = \"1.0\", features = [\"derive\"] }".to_string(),
        "serde_urlencoded = \"0.7\"".to_string(),
    ];
    let types = generator.get_type_space();
    if types.uses_regress() {
        deps.push("regress = \"0.10\"".into());
    }
    if types.uses_uuid() {
        deps.push("uuid = { version = \"1.0\", features = [\"serde\", \"v4\"] }".into());
    }
    if types.uses_chrono() {
        deps.push(
            "chrono = { version = \"0.4\", default-features = false, features = [\"serde\"] }"
                .into(),
        );
    }
    if generator.uses_futures() {
        deps.push("futures = \"0.3\"".into());
    }
    if generator.uses_websockets() {
        deps.push("base64 = \"0.22\"".into());
        deps.push("rand = \"0.8\"".into());
    }
    if types.uses_serde_json() {
        deps.push("serde_json = \"1.0\"".into());
    }
    deps.sort_unstable();
    deps
}

/// This process's CPU time so far, summed over its threads.
fn cpu_time() -> Duration {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return Duration::ZERO;
    }
    Duration::new(now.tv_sec as u64, now.tv_nsec as u32)
}
