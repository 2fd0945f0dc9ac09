//! Server-sent events: events per second of the runtime's incremental parser beside a
//! hand-written loop, alone in memory at several chunk sizes, and end to end over
//! 127.0.0.1 through the generated `create_chat_stream` beside reqwest and the loop.

use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

use super::measure::{median, pair_ratios};
use super::report::{mib, thousands};
use super::streams::{in_pairs, ClientRun, Program};
use super::{Options, Verdict};

pub(super) const SSE_NOTE: &str = "\
The runtime's incremental `text/event-stream` parser (`SseParser` in \
`templates/src/runtime/sse.rs`: the WHATWG rules, with a limit on an unfinished event) \
beside a hand-written loop that buffers the bytes, cuts them at each blank line (found \
with `iter().position`), takes the block as text (`str::from_utf8`) and joins what follows \
`data: ` on its lines (no `CR` line ends, BOM, other fields or limit: what the parser does \
beyond that is what the comparison prices). Both make an owned `String` of each event's \
data. The stream is made by the program (`corpus` in \
`tests/benches/streaming.rs`), LLM-style, about 250 bytes an event: OpenAI chat completion \
chunks on one `data` line; every tenth an Anthropic-style event with `event` and `id` \
fields; every fiftieth with its data on two lines; a `: keep-alive` comment before every \
hundredth; `[DONE]` last. Every run's count of events and of data bytes is checked, and \
one untimed pass compares a hash of all the data, in order, between the two.\n\n\
Measured twice, as each answers its own question. **The parser alone** \
(`streaming parse EVENTS ROUNDS`), in memory, fed in chunks of 256 bytes (about an event a \
chunk, as an LLM API sends them), 1,460 bytes (a TCP segment) and 16 KiB (a large read): \
the cost of parsing with nothing else in the way. Each round runs both back to back, \
alternating which goes first; events/s are medians, the ratio the median of the rounds' \
ratios. **End to end** over 127.0.0.1 (`streaming events generated|reqwest ADDR`): the \
generated `create_chat_stream` (the `_stream` twin of a JSON-or-events operation, returning \
a `runtime::EventStream`), each event's data read but not decoded, beside reqwest's \
`Response::chunk` fed to the hand-written loop; each a fresh process, against a server \
process that sends the stream in 64 KiB pieces, in pairs after one warm-up each. That is \
what a user of the client sees, HTTP, the idle timeout and `Event` included. Reads on \
loopback are large, so this is the bulk case; an LLM over the internet sends an event or \
two at a time, and then the network, not parsing, sets the pace. No target: reported. This \
part alone: `cargo xtask bench --only sse` (which writes nothing).";

const TARGET: &str =
    "server-sent events: events/s of the runtime beside a hand-written loop (reported)";

/// What `streaming parse` prints.
#[derive(Debug, Deserialize)]
struct Parsed {
    events: u64,
    data_bytes: u64,
    text_bytes: u64,
    identical: bool,
    chunks: Vec<ChunkRates>,
}

/// Events/s of each round at one chunk size; `parser[i]` and `hand[i]` ran back to back.
#[derive(Debug, Deserialize)]
struct ChunkRates {
    size: usize,
    parser: Vec<f64>,
    hand: Vec<f64>,
}

/// Every timed run of each client over the wire; `generated[i]` and `reqwest[i]` ran back
/// to back.
struct Wire {
    generated: Vec<ClientRun>,
    reqwest: Vec<ClientRun>,
}

pub(super) fn sse(root: &Path, options: &Options, verdicts: &mut Vec<Verdict>) -> String {
    let events = 1_000_000;
    let (rounds, pairs) = if options.quick { (2, 2) } else { (5, 9) };
    match measure(root, events, rounds, pairs) {
        Ok((parsed, wire)) => report(&parsed, &wire, verdicts),
        Err(message) => {
            verdicts.push(Verdict::failed(TARGET, &message));
            format!("Not measured: {message}\n")
        }
    }
}

fn measure(
    root: &Path,
    events: usize,
    rounds: usize,
    pairs: usize,
) -> Result<(Parsed, Wire), String> {
    let program = Program::build(root)?;
    eprintln!("  the parser alone");
    let parsed: Parsed = program.run(&["parse", &events.to_string(), &rounds.to_string()])?;
    if !parsed.identical {
        return Err("the parser and the hand-written loop found different data".into());
    }
    eprintln!("  end to end");
    let server = program.serve(events)?;
    let stream = |client: &str| -> Result<ClientRun, String> {
        let run: ClientRun = program.run(&["events", client, &server.addr])?;
        if (run.items, run.bytes) != (parsed.events, parsed.data_bytes) {
            return Err(format!(
                "the {client} client read {} events of {} bytes, not {} of {}",
                run.items, run.bytes, parsed.events, parsed.data_bytes
            ));
        }
        Ok(run)
    };
    let (generated, reqwest) = in_pairs(pairs, stream)?;
    let wire = Wire { generated, reqwest };
    Ok((parsed, wire))
}

fn report(parsed: &Parsed, wire: &Wire, verdicts: &mut Vec<Verdict>) -> String {
    let mut out = format!(
        "{} events, {} bytes of stream, {} bytes of data.\n\n\
         **The parser alone**, {} rounds at each chunk size:\n\n\
         | chunk size | runtime parser (events/s) | hand-written loop (events/s) | parser over loop (rounds' range) |\n\
         | ---: | ---: | ---: | ---: |\n",
        thousands(parsed.events as usize),
        thousands(parsed.text_bytes as usize),
        thousands(parsed.data_bytes as usize),
        parsed.chunks.first().map_or(0, |c| c.parser.len()),
    );
    let mut segment_ratio = f64::NAN;
    for rates in &parsed.chunks {
        let ratios = pair_ratios(&rates.parser, &rates.hand);
        if rates.size == 1460 {
            segment_ratio = ratios.median;
        }
        let _ = writeln!(
            out,
            "| {} B | {} | {} | **{:.1}%** ({:.1}% to {:.1}%) |",
            thousands(rates.size),
            thousands(median(&mut rates.parser.clone()) as usize),
            thousands(median(&mut rates.hand.clone()) as usize),
            ratios.median * 100.0,
            ratios.low * 100.0,
            ratios.high * 100.0,
        );
    }

    let rate = |runs: &[ClientRun]| -> Vec<f64> {
        runs.iter().map(|r| r.items as f64 / r.seconds).collect()
    };
    let (generated, reqwest) = (rate(&wire.generated), rate(&wire.reqwest));
    let ratios = pair_ratios(&generated, &reqwest);
    let _ = write!(
        out,
        "\n**End to end** over 127.0.0.1, {} pairs:\n\n\
         | client | runs | median events/s | median time | peak memory (largest) |\n\
         | --- | ---: | ---: | ---: | ---: |\n",
        wire.generated.len()
    );
    for (name, runs, rates) in [
        (
            "generated `create_chat_stream` (`runtime::EventStream`)",
            &wire.generated,
            &generated,
        ),
        (
            "reqwest `Response::chunk` + the hand-written loop",
            &wire.reqwest,
            &reqwest,
        ),
    ] {
        let mut seconds: Vec<f64> = runs.iter().map(|r| r.seconds).collect();
        let _ = writeln!(
            out,
            "| {name} | {} | {} | {:.2} s | {} |",
            runs.len(),
            thousands(median(&mut rates.clone()) as usize),
            median(&mut seconds),
            mib(runs.iter().map(|r| r.peak).max().unwrap_or(0)),
        );
    }
    let _ = write!(
        out,
        "\nGenerated over reqwest and the loop, the median of the pairs' ratios: **{:.1}%** \
         of the events per second (pairs ranged from {:.1}% to {:.1}%).\n",
        ratios.median * 100.0,
        ratios.low * 100.0,
        ratios.high * 100.0,
    );
    verdicts.push(Verdict {
        target: TARGET.into(),
        measured: format!(
            "parser {:.1}% of the loop (1,460-byte chunks); end to end {:.1}%",
            segment_ratio * 100.0,
            ratios.median * 100.0
        ),
        pass: true,
        cpu: None,
    });
    out
}
