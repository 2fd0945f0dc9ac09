//! The streamed download: 1 GiB from a server on 127.0.0.1 read whole through the
//! generated `download_file` (a `runtime::ByteStream`), beside the same download read with
//! reqwest directly; throughput, and the peak memory of the client's process.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::measure::{max, median, min, pair_ratios};
use super::report::{mib, thousands};
use super::streams::{in_pairs, ClientRun, Program};
use super::{target, Options, Verdict};

pub(super) const DOWNLOAD_NOTE: &str = "\
`streaming::Client::download_file`, generated from `tests/fixtures/streaming.yaml` (a GET \
whose 200 is `application/octet-stream`, so the method returns a `runtime::ByteStream`), \
reads a 1 GiB body whole, chunk by chunk, from an axum server on 127.0.0.1 that makes the \
body as it sends it (one 64 KiB block sent 16,384 times, with a `Content-Length`); beside \
it, the same download read with reqwest directly (`get(..).send()`, then `Response::chunk` \
until the end). Both count the bytes and keep none. Each download runs in a fresh process \
of `tests/benches/streaming.rs` (`streaming download generated|reqwest ADDR`), so its peak \
memory (VmHWM, read by the process at its end) is its own and includes the process's \
baseline; the server is a process of its own (`streaming serve`). Time runs from sending \
the request to the end of the body, on a current-thread tokio runtime; throughput is \
1 GiB over that time (MB = 2^20 bytes). Downloads run in pairs, one of each client back \
to back, alternating which goes first, after one warm-up download of each. Targets \
(issue 14): the generated client's peak memory under 64 MB in every run, and its \
throughput, as the median of the pairs' ratios, within 10% of reqwest's. This part alone: \
`cargo xtask bench --only download` (which writes nothing).";

/// The size of the download the program serves.
const DOWNLOAD_BYTES: u64 = 1 << 30;

const MEMORY_TARGET: &str = "1 GiB streamed download: client peak memory under 64 MB";
const THROUGHPUT_TARGET: &str = "1 GiB streamed download: throughput within 10% of reqwest";

#[derive(Debug, Deserialize)]
struct Peak {
    peak: u64,
}

/// Every timed run of each client; `generated[i]` and `reqwest[i]` ran back to back.
struct Measurement {
    generated: Vec<ClientRun>,
    reqwest: Vec<ClientRun>,
    baseline: Result<u64, String>,
}

pub(super) fn download(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let pairs = if options.quick { 3 } else { 11 };
    match measure(root, pairs) {
        Ok(m) => report(&m, verdicts),
        Err(message) => {
            for target in [MEMORY_TARGET, THROUGHPUT_TARGET] {
                verdicts.push(Verdict::failed(target, &message));
            }
            format!("Not measured: {message}\n")
        }
    }
}

fn measure(root: &Path, pairs: usize) -> Result<Measurement, String> {
    let program = Program::build(root)?;
    let baseline = program.run::<Peak>(&["baseline"]).map(|b| b.peak);
    let server = program.serve(0)?;
    let download = |client: &str| -> Result<ClientRun, String> {
        let run: ClientRun = program.run(&["download", client, &server.addr])?;
        if run.bytes != DOWNLOAD_BYTES {
            return Err(format!(
                "the {client} client read {} bytes, not {}",
                thousands(run.bytes as usize),
                thousands(DOWNLOAD_BYTES as usize)
            ));
        }
        Ok(run)
    };
    let (generated, reqwest) = in_pairs(pairs, download)?;
    Ok(Measurement {
        generated,
        reqwest,
        baseline,
    })
}

/// MB/s of each run.
fn throughputs(runs: &[ClientRun]) -> Vec<f64> {
    runs.iter()
        .map(|r| r.bytes as f64 / (1024.0 * 1024.0) / r.seconds)
        .collect()
}

fn report(m: &Measurement, verdicts: &mut Vec<Verdict>) -> String {
    let generated = throughputs(&m.generated);
    let reqwest = throughputs(&m.reqwest);
    let ratios = pair_ratios(&generated, &reqwest);
    let largest_peak = |runs: &[ClientRun]| runs.iter().map(|r| r.peak).max().unwrap_or(0);
    let generated_peak = largest_peak(&m.generated);
    verdicts.push(Verdict {
        target: MEMORY_TARGET.into(),
        measured: mib(generated_peak),
        pass: generated_peak < target::DOWNLOAD_PEAK_BYTES,
        cpu: None,
    });
    verdicts.push(Verdict {
        target: THROUGHPUT_TARGET.into(),
        measured: format!("{:.1}% of reqwest", ratios.median * 100.0),
        pass: ratios.median >= target::DOWNLOAD_RATIO,
        cpu: None,
    });

    let mut table = String::from(
        "| client | runs | median time | median throughput | slowest | fastest | median chunks | peak memory (median) | peak memory (largest) |\n\
         | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n",
    );
    for (name, runs, rates) in [
        (
            "generated `download_file` (`runtime::ByteStream`)",
            &m.generated,
            &generated,
        ),
        ("reqwest `Response::chunk`", &m.reqwest, &reqwest),
    ] {
        let mut seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
        let mut chunks: Vec<f64> = runs.iter().map(|r| r.items as f64).collect();
        let mut peaks: Vec<f64> = runs.iter().map(|r| r.peak as f64).collect();
        let _ = writeln!(
            table,
            "| {name} | {} | {:.2} s | {:.0} MB/s | {:.0} MB/s | {:.0} MB/s | {} | {} | {} |",
            runs.len(),
            median(&mut seconds),
            median(&mut rates.clone()),
            min(rates),
            max(rates),
            thousands(median(&mut chunks) as usize),
            mib(median(&mut peaks) as u64),
            mib(largest_peak(runs)),
        );
    }
    match &m.baseline {
        Ok(peak) => {
            let _ = writeln!(
                table,
                "| (baseline: the same program building both clients, reading nothing) | | | | | | | {} | |",
                mib(*peak)
            );
        }
        Err(e) => eprintln!("note: no baseline memory: {e}"),
    }
    let _ = write!(
        table,
        "\n{} pairs of downloads of {} bytes each. Generated over reqwest, the median of the \
         pairs' ratios: **{:.1}%** of the throughput (pairs ranged from {:.1}% to {:.1}%).\n",
        m.generated.len(),
        thousands(DOWNLOAD_BYTES as usize),
        ratios.median * 100.0,
        ratios.low * 100.0,
        ratios.high * 100.0,
    );
    table
}
