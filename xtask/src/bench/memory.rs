//! Peak memory: a fresh child process per spec (`xtask bench-one <FILE>`), which reads
//! its own peak resident set, so that one measurement never includes another's.

use std::path::Path;
use std::process::{Command, Stdio};

use super::measure::peak_rss_bytes;

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

pub(super) fn peak_memory(file: &Path) -> Result<u64, String> {
    bench_one(file.as_os_str())
}

pub(super) fn peak_memory_baseline() -> Result<u64, String> {
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
