//! `cargo xtask conform`: an oracle that owes nothing to the generator, asked whether
//! the generated types mean what the spec says.
//!
//! For every operation's JSON responses (every status) and JSON request body: the spec's
//! own examples and N values made from the raw schema ([`values`]), each confirmed valid
//! by the `jsonschema` crate over the spec's schemas translated to JSON Schema
//! ([`schema`]); examples that fail their own schema are the vendor's defect, counted
//! apart and never tried. Each instance then goes through the generated crate's own
//! decoding path, a binary added to the crate ([`harness`]), which decodes it with the
//! body's type, re-encodes it and says which variant each untagged union took. An
//! instance fails when it does not decode, when a union took a member the value does not
//! validate against, when re-encoding does not give it back ([`compare`]), or when a
//! request body re-encoded fails its schema. The report ([`report`]) lists failures by
//! cause and place with the first failing instance; the same seed gives the same report.
//!
//! What the check reads of the IR is only where to find a body's type and which member
//! of the document each union variant stands for; what a value must be comes from the
//! spec's text.

mod compare;
mod harness;
mod prepare;
mod report;
mod run;
mod schema;
mod spec;
mod specific;
mod values;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::time::Instant;

pub use report::SpecReport;

const USAGE: &str =
    "usage: cargo xtask conform [SPEC|DIR...] [--instances N] [--seed S] [--all] [--verbose]

  SPEC|DIR      specs to check, or directories of them (default: specs/, tests/fixtures/ and
                the small corpus ../shared/corpus without large/, as `corpus --small` picks)
  --instances N values made per body from its schema, beside the spec's examples (default 20)
  --seed S      the seed the values are made from (default 1); the same seed, the same report
  --all         directories' large/ folders too: the whole corpus (GitHub, Stripe, OpenAI)
  --verbose     every failing place, not the first 20 of each spec";

/// The command's choices.
#[derive(Debug, Clone)]
pub struct Options {
    pub specs: Vec<PathBuf>,
    pub instances: usize,
    pub seed: u64,
    pub verbose: bool,
    /// Where the crates and their workspace are written.
    pub out: PathBuf,
    /// A change made to each spec's IR before its code is rendered: how the tests give
    /// the check a generator that is wrong in a known way.
    pub mutate: Option<fn(&mut openapi_gen::ir::Api)>,
}

fn parse_args(root: &Path, args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        specs: Vec::new(),
        instances: 20,
        seed: 1,
        verbose: false,
        out: root.join("target/conform"),
        mutate: None,
    };
    let mut all = false;
    let mut given = Vec::new();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--all" => all = true,
            "--verbose" | "-v" => options.verbose = true,
            "--instances" | "--seed" => {
                let value = it
                    .next()
                    .and_then(|v| v.parse::<u64>().ok())
                    .ok_or_else(|| format!("{arg} needs a number\n\n{USAGE}"))?;
                if arg == "--seed" {
                    options.seed = value;
                } else {
                    options.instances = value as usize;
                }
            }
            flag if flag.starts_with('-') => {
                return Err(format!("unknown flag `{flag}`\n\n{USAGE}"))
            }
            path => given.push(PathBuf::from(path)),
        }
    }
    let corpus = root.join("../shared/corpus");
    if given.is_empty() {
        given.push(root.join("specs"));
        given.push(root.join("tests/fixtures"));
        if corpus.is_dir() {
            given.push(corpus);
        }
    }
    for path in given {
        if path.is_dir() {
            if path.ends_with("tests/fixtures") {
                options
                    .specs
                    .extend(crate::standalone::fixture_files(root)?);
            } else {
                crate::corpus::documents(&path, !all, &mut options.specs)?;
            }
        } else {
            options.specs.push(path);
        }
    }
    Ok(options)
}

/// `cargo xtask conform ...`.
pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = parse_args(root, args)?;
    if options.specs.is_empty() {
        return Err(format!("no specs to check\n\n{USAGE}"));
    }
    let start = Instant::now();
    let reports = check(root, &options)?;
    for report in &reports {
        print!("{}", report.render(options.verbose));
    }
    println!("\n{}", report::totals(&reports));
    println!(
        "seed {}, {} values per body, {:.1} s",
        options.seed,
        options.instances,
        start.elapsed().as_secs_f64()
    );
    let failed: Vec<&SpecReport> = reports
        .iter()
        .filter(|r| r.failed() > 0 || r.skipped.is_some())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "conform: {} of {} specs failed: {}",
            failed.len(),
            reports.len(),
            failed
                .iter()
                .map(|r| r.spec.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

/// Checks `options.specs`, one report each, in order.
pub fn check(root: &Path, options: &Options) -> Result<Vec<SpecReport>, String> {
    run::check(root, options)
}
