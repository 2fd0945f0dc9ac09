//! The report's header (date, machine, compiler, load) and the words and numbers of its
//! table cells.

use std::process::Command;
use std::time::SystemTime;

pub(super) fn machine_header(args: &[String]) -> String {
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
         `--release`. Targets are from issues 6, 14 and 22.\n\n\
         - date: {} (UTC)\n\
         - machine: {cores} cores, {cpu}\n\
         - rustc: {rustc}\n\
         - load average at the start: {}\n",
        today(),
        load_average()
    )
}

pub(super) fn load_average() -> String {
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

pub(super) fn ms(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1000.0)
}

pub(super) fn us(seconds: f64) -> String {
    format!("{:.1} µs", seconds * 1e6)
}

pub(super) fn per_op(seconds: f64, operations: usize) -> String {
    if operations == 0 {
        "n/a".into()
    } else {
        us(seconds / operations as f64)
    }
}

pub(super) fn mib(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

pub(super) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut groups: Vec<&str> = digits
        .as_bytes()
        .rchunks(3)
        .map(|group| std::str::from_utf8(group).unwrap_or_default())
        .collect();
    groups.reverse();
    groups.join(",")
}

pub(super) fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Text safe in one Markdown table cell.
pub(super) fn cell(text: &str) -> String {
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
    fn formatting() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(10_000), "10,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(cell("a | b\nsecond"), "a \\| b");
    }
}
