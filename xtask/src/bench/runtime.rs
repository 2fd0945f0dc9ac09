//! Runtime overhead: calls per second of a generated client against a server on
//! 127.0.0.1, beside a hand-written reqwest call sending the same request, interleaved
//! (`tests/benches/throughput.rs`).

use super::measure::{json_result, max, median, min, pair_ratios, PairRatios};
use super::report::thousands;
use super::{target, tests_bench, Options, Verdict};

pub(super) const RUNTIME_NOTE: &str = "\
`thousandeyes::Client::create_credential` of `generated/` against an axum server on \
127.0.0.1 in the same current-thread tokio runtime, beside a hand-written reqwest + \
serde_json call that sends the same request (POST, path, `aid` query, Basic auth, \
User-Agent, Accept, JSON body) and decodes the same 201 JSON body into equivalent \
hand-written structs, checking status and Content-Type as the runtime does. Before \
timing, the server records one request of each and the benchmark checks they are \
identical. Rounds run in pairs, one of each client back to back, alternating which goes first; \
calls are sequential on one kept-alive connection per client. The program is \
`tests/benches/throughput.rs`, run as `cargo bench -p tests --bench throughput -- --pairs N \
--calls N --warmup N`.";

pub(super) fn runtime_overhead(options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let (pairs, calls, warmup) = if options.quick {
        (11, 200, 100)
    } else {
        (41, 500, 300)
    };
    let result = measure_runtime(pairs, calls, warmup);
    let target = "generated client throughput within 5% of the hand-written call";
    match result {
        Ok(m) => {
            let generated = median(&mut m.generated.clone());
            let hand = median(&mut m.hand.clone());
            // The median of the pairs' ratios is the verdict.
            let PairRatios {
                median: ratio,
                low,
                high,
            } = pair_ratios(&m.generated, &m.hand);
            verdicts.push(Verdict {
                target: target.into(),
                measured: format!("{:.1}%", ratio * 100.0),
                pass: ratio >= target::THROUGHPUT_RATIO,
                cpu: None,
            });
            format!(
                "| client | median calls/s | slowest pair | fastest pair |\n\
                 | --- | ---: | ---: | ---: |\n\
                 | generated `thousandeyes::Client::create_credential` | {generated:.0} | {:.0} | {:.0} |\n\
                 | hand-written reqwest + serde_json | {hand:.0} | {:.0} | {:.0} |\n\n\
                 {pairs} pairs of rounds, each round {} sequential calls of one client, after \
                 {warmup} warm-up calls each; requests identical: {}. Generated over \
                 hand-written, the median of the {pairs} pairs' ratios: **{:.1}%** of the calls \
                 per second (pairs ranged from {:.1}% to {:.1}%); the medians of calls/s differ \
                 by {:+.1} µs per call.\n",
                min(&m.generated),
                max(&m.generated),
                min(&m.hand),
                max(&m.hand),
                thousands(calls),
                m.identical,
                ratio * 100.0,
                low * 100.0,
                high * 100.0,
                (1.0 / generated - 1.0 / hand) * 1e6,
            )
        }
        Err(message) => {
            verdicts.push(Verdict::failed(target, &message));
            format!("Not measured: {message}\n")
        }
    }
}

/// Calls per second of each round, from `cargo bench -p tests --bench throughput`;
/// `generated[i]` and `hand[i]` ran back to back.
#[derive(serde::Deserialize)]
struct RuntimeMeasurement {
    generated: Vec<f64>,
    hand: Vec<f64>,
    identical: String,
}

/// Runs the throughput benchmark (`tests/benches/throughput.rs`), a program of its own so
/// that xtask does not depend on the generated crate it regenerates.
fn measure_runtime(
    pairs: usize,
    calls: usize,
    warmup: usize,
) -> Result<RuntimeMeasurement, String> {
    let output = tests_bench(&crate::repo_root(), "throughput")
        .args([
            "--",
            "--pairs",
            &pairs.to_string(),
            "--calls",
            &calls.to_string(),
        ])
        .args(["--warmup", &warmup.to_string()])
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo bench: {e}"))?;
    json_result(&output, "the throughput benchmark")
}
