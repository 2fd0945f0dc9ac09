//! What the parts measure with: this process's CPU time and peak resident set, the
//! result a benchmark program prints, medians and the ratios of pairs.

use std::process::Output;
use std::time::Duration;

use serde::de::DeserializeOwned;

use super::report::{cell, first_line};

/// This process's time on a CPU so far, summed over its threads
/// (`CLOCK_PROCESS_CPUTIME_ID`).
pub(super) fn cpu_time() -> Option<Duration> {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `now` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut now) };
    if status != 0 {
        return None;
    }
    let secs = u64::try_from(now.tv_sec).ok()?;
    let nanos = u32::try_from(now.tv_nsec).ok()?;
    Some(Duration::new(secs, nanos))
}

/// The CPU time (user and system) of this process's children that have ended and been
/// waited for, and of their own waited-for descendants (`RUSAGE_CHILDREN`): the
/// difference across one `cargo check` is the work of cargo and the compilers it ran.
pub(super) fn children_cpu_time() -> Option<Duration> {
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a valid, writable rusage for the duration of the call.
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    if status != 0 {
        return None;
    }
    let time = |t: libc::timeval| -> Option<Duration> {
        let secs = u64::try_from(t.tv_sec).ok()?;
        let micros = u32::try_from(t.tv_usec).ok()?;
        Some(Duration::new(secs, micros * 1_000))
    };
    Some(time(usage.ru_utime)? + time(usage.ru_stime)?)
}

/// This process's peak resident set (VmHWM), in bytes.
pub(super) fn peak_rss_bytes() -> Result<u64, String> {
    let status = std::fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("cannot read /proc/self/status: {e}"))?;
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .ok_or("no VmHWM in /proc/self/status")?;
    let kib: u64 = line
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .map_err(|e| format!("bad VmHWM `{line}`: {e}"))?;
    Ok(kib * 1024)
}

/// The result a benchmark program printed (its last JSON line), once it succeeded. `what`
/// names the program in messages; a failure gives the first line of its standard error
/// when that was captured.
pub(super) fn json_result<T: DeserializeOwned>(output: &Output, what: &str) -> Result<T, String> {
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(match first_line(&stderr) {
            "" => format!("{what} failed ({})", output.status),
            why => format!("{what} failed ({}): {why}", output.status),
        });
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .unwrap_or("");
    serde_json::from_str(line)
        .map_err(|e| format!("unreadable result of {what} ({e}): {}", cell(line)))
}

pub(super) fn median_duration(times: &mut [Duration]) -> Duration {
    times.sort();
    // The middle value, or the mean of the two middle values (the same one when odd).
    match times.len() {
        0 => Duration::ZERO,
        n => (times[(n - 1) / 2] + times[n / 2]) / 2,
    }
}

pub(super) fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n => (values[(n - 1) / 2] + values[n / 2]) / 2.0,
    }
}

pub(super) fn min(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::INFINITY, f64::min)
}

pub(super) fn max(values: &[f64]) -> f64 {
    values.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The ratios `a[i] / b[i]` of measurements taken back to back: their median and range.
#[derive(Debug, Clone, Copy)]
pub(super) struct PairRatios {
    pub(super) median: f64,
    pub(super) low: f64,
    pub(super) high: f64,
}

/// Each pair ran back to back, so its ratio is free of the machine's slower drifts; the
/// median of the pairs' ratios is steadier than the ratio of the medians.
pub(super) fn pair_ratios(a: &[f64], b: &[f64]) -> PairRatios {
    let mut ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| a / b).collect();
    let median = median(&mut ratios);
    PairRatios {
        median,
        low: ratios.first().copied().unwrap_or(f64::NAN),
        high: ratios.last().copied().unwrap_or(f64::NAN),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians() {
        assert_eq!(median(&mut [3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&mut [4.0, 1.0, 2.0, 3.0]), 2.5);
        let mut times = [Duration::from_millis(5), Duration::from_millis(1)];
        assert_eq!(median_duration(&mut times), Duration::from_millis(3));
        let ratios = pair_ratios(&[2.0, 3.0, 8.0], &[1.0, 3.0, 4.0]);
        assert_eq!((ratios.low, ratios.median, ratios.high), (1.0, 2.0, 2.0));
    }
}
