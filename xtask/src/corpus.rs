//! `cargo xtask corpus`: the generator measured on other people's specs.
//!
//! Every `.yaml`, `.yml` and `.json` document under the corpus directory (recursively) is
//! generated into a crate under `target/corpus/<name>/`; the crates become the members of
//! one workspace, `target/corpus/Cargo.toml`, checked by one `cargo clippy` invocation
//! (and `cargo doc` with `--doc`) in the shared `target/standalone-target`, so
//! dependencies build once and the crates compile in parallel. One row per document:
//! operations, types, lines, generation time, generator warnings, result.
//!
//! The run fails when an OpenAPI 3.0 or 3.1 document does not generate, or generates a
//! crate with a compiler or clippy warning. Documents of other versions (Swagger 2.0) are
//! expected to be refused with a clear message, and count as passing when they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::standalone::{self, Checks, Layout, Outcome};

const USAGE: &str =
    "usage: cargo xtask corpus [DIR] [--small] [--only NAME]... [--doc] [--no-check] [--verbose]

  DIR          the corpus (default: ../shared/corpus next to the repository)
  --small      skip the `large/` folder
  --only NAME  only documents whose path contains NAME (repeatable)
  --doc        also run `cargo doc` over the outputs; rustdoc warnings count as failures
  --no-check   generate only, do not compile
  --verbose    print the generator's warnings, and the compiler's messages in full";

struct Options {
    dir: PathBuf,
    small: bool,
    only: Vec<String>,
    doc: bool,
    check: bool,
    verbose: bool,
}

fn parse_args(root: &Path, args: &[String]) -> Result<Options, String> {
    let mut dir = None;
    let mut options = Options {
        dir: PathBuf::new(),
        small: false,
        only: Vec::new(),
        doc: false,
        check: true,
        verbose: false,
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--small" => options.small = true,
            "--doc" => options.doc = true,
            "--no-check" => options.check = false,
            "--verbose" | "-v" => options.verbose = true,
            "--only" => options.only.push(
                it.next()
                    .ok_or_else(|| format!("--only needs a value\n\n{USAGE}"))?
                    .clone(),
            ),
            flag if flag.starts_with('-') => {
                return Err(format!("unknown flag `{flag}`\n\n{USAGE}"))
            }
            path if dir.is_none() => dir = Some(PathBuf::from(path)),
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    options.dir = match dir {
        Some(d) => d,
        None => {
            let default = root.join("../shared/corpus");
            let default = default.canonicalize().unwrap_or(default);
            if !default.is_dir() {
                return Err(format!(
                    "no corpus directory given and {} does not exist\n\n{USAGE}",
                    default.display()
                ));
            }
            default
        }
    };
    Ok(options)
}

/// The documents under `dir`, sorted by path.
pub(crate) fn documents(dir: &Path, small: bool, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // A link to a folder may lead back up the tree (a `corpus -> .` link).
            if path.is_symlink() {
                continue;
            }
            if small && path.file_name().is_some_and(|n| n == "large") {
                continue;
            }
            documents(&path, small, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// The version a document declares (`openapi: 3.0.3`, `"swagger": "2.0"`), found by
/// looking at the text, so that a document the generator refuses is still classified.
fn declared_version(text: &str) -> Option<(String, String)> {
    for key in ["openapi", "swagger"] {
        for quoted in [format!("\"{key}\""), format!("'{key}'"), key.to_string()] {
            let mut from = 0;
            while let Some(pos) = text.get(from..).and_then(|t| t.find(&quoted)) {
                let at = from + pos;
                from = at + quoted.len();
                // A YAML key starts a line; a JSON key follows `{`, `,` or whitespace.
                let before = text.get(..at).and_then(|t| t.chars().next_back());
                if quoted == key && !matches!(before, None | Some('\n')) {
                    continue;
                }
                let rest = text.get(from..).unwrap_or("").trim_start();
                let Some(rest) = rest.strip_prefix(':') else {
                    continue;
                };
                let value: String = rest
                    .trim_start()
                    .trim_start_matches(['"', '\''])
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '.')
                    .collect();
                if !value.is_empty() {
                    return Some((key.to_string(), value));
                }
            }
        }
    }
    None
}

struct Row {
    display: String,
    version: String,
    /// Whether the generator must accept it (OpenAPI 3.0 or 3.1).
    expected: bool,
    dir: Option<PathBuf>,
    outcome: Outcome,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        println!("{USAGE}");
        return Ok(());
    }
    let options = parse_args(root, args)?;
    let wall = Instant::now();
    let mut files = Vec::new();
    documents(&options.dir, options.small, &mut files)?;
    files.retain(|f| {
        let rel = f.strip_prefix(&options.dir).unwrap_or(f).to_string_lossy();
        options.only.is_empty() || options.only.iter().any(|o| rel.contains(o.as_str()))
    });
    if files.is_empty() {
        return Err(format!("no documents found in {}", options.dir.display()));
    }
    let out_root = root.join("target/corpus");
    let target_dir = root.join("target/standalone-target");

    // Crate names from file stems; a second document with the same stem gets its
    // extension too (`param_overrides_json`).
    let mut names: BTreeMap<String, usize> = BTreeMap::new();
    let mut jobs = Vec::new();
    for file in &files {
        let stem = openapi_gen::codegen::module_name(file);
        let count = names.entry(stem.clone()).or_default();
        *count += 1;
        let name = if *count == 1 {
            stem
        } else {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("x");
            format!("{stem}_{ext}")
        };
        jobs.push((file.clone(), name));
    }

    // Generation, on every core: the large documents take seconds each.
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get());
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: std::sync::Mutex<Vec<Option<Row>>> =
        std::sync::Mutex::new((0..jobs.len()).map(|_| None).collect());
    let gen_start = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some((file, name)) = jobs.get(i) else {
                    break;
                };
                let row = generate_one(&options, &out_root, file, name);
                if let Ok(mut r) = results.lock() {
                    if let Some(slot) = r.get_mut(i) {
                        *slot = Some(row);
                    }
                }
            });
        }
    });
    let gen_elapsed = gen_start.elapsed();
    let mut rows: Vec<Row> = results
        .into_inner()
        .map_err(|_| "a generator thread panicked".to_string())?
        .into_iter()
        .flatten()
        .collect();
    if rows.len() != jobs.len() {
        return Err("a generator thread panicked".to_string());
    }

    // One workspace over every generated crate, one clippy run.
    let check_start = Instant::now();
    let members: Vec<PathBuf> = rows.iter().filter_map(|r| r.dir.clone()).collect();
    if options.check && !members.is_empty() {
        // Old members of earlier runs stay on disk but leave the workspace.
        let checks = if options.doc {
            Checks::ClippyAndDoc
        } else {
            Checks::Clippy
        };
        let found = standalone::check_workspace(
            &out_root,
            &members,
            &target_dir,
            Some(&root.join("Cargo.lock")),
            checks,
        )?;
        for row in &mut rows {
            if row.dir.is_none() {
                continue;
            }
            let lib = row.outcome.crate_name.replace('-', "_");
            match found.get(&lib) {
                Some(c) if c.is_clean() => {}
                Some(c) => row.outcome.result = Err(c.message()),
                None => row.outcome.result = Err("the crate was not checked".to_string()),
            }
        }
    }
    let check_elapsed = check_start.elapsed();

    print_table(&rows, options.check);
    let mut failed = 0;
    for row in &rows {
        let passed = match (&row.outcome.result, row.dir.is_some()) {
            (Ok(()), _) => true,
            // A document of another version, refused before anything was written.
            (Err(_), false) => !row.expected,
            (Err(_), true) => false,
        };
        if !passed {
            failed += 1;
        }
        if options.verbose && row.outcome.warnings > 0 {
            eprintln!(
                "\n--- {} (generator warnings)\n{}",
                row.display, row.outcome.warning_text
            );
        }
        if !passed {
            if let Err(e) = &row.outcome.result {
                eprintln!("\n--- {}\n{}", row.display, limit(e, options.verbose));
            }
        }
    }
    println!(
        "\n{} documents in {:.1} s (generate {:.1} s, {} {:.1} s)",
        rows.len(),
        wall.elapsed().as_secs_f64(),
        gen_elapsed.as_secs_f64(),
        if options.doc {
            "clippy + doc"
        } else {
            "clippy"
        },
        check_elapsed.as_secs_f64()
    );
    if failed > 0 {
        Err(format!("{failed} of {} documents failed", rows.len()))
    } else {
        Ok(())
    }
}

fn generate_one(options: &Options, out_root: &Path, file: &Path, name: &str) -> Row {
    let display = file
        .strip_prefix(&options.dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let (version, expected) = match declared_version(&text) {
        Some((key, v)) => {
            let expected = key == "openapi"
                && (v == "3.0" || v.starts_with("3.0.") || v == "3.1" || v.starts_with("3.1."));
            (
                if key == "swagger" {
                    format!("swagger {v}")
                } else {
                    v
                },
                expected,
            )
        }
        None => ("?".to_string(), true),
    };
    let dir = out_root.join(name);
    let crate_name = format!("corpus-{}", name.replace('_', "-"));
    let outcome = standalone::generate_as(
        file,
        Some(&format!("corpus/{display}")),
        &dir,
        Some(&crate_name),
        Layout::Member,
    );
    // Generation failed when nothing counts: no crate to check.
    let generated = outcome.result.is_ok();
    Row {
        display,
        version,
        expected,
        dir: generated.then(|| PathBuf::from(name)),
        outcome,
    }
}

fn print_table(rows: &[Row], checked: bool) {
    let width = rows
        .iter()
        .map(|r| r.display.len())
        .max()
        .unwrap_or(4)
        .max(4);
    println!(
        "{:<width$}  {:>7}  {:>4}  {:>5}  {:>6}  {:>8}  {:>4}  result",
        "spec", "version", "ops", "types", "lines", "gen ms", "warn"
    );
    for row in rows {
        let o = &row.outcome;
        let result = match (&o.result, row.dir.is_some()) {
            (Ok(()), _) if checked => "ok".to_string(),
            (Ok(()), _) => "generated (not checked)".to_string(),
            (Err(e), false) => {
                let first = first_line(e);
                if row.expected {
                    format!("FAILED (refused: {first})")
                } else {
                    format!("refused: {first}")
                }
            }
            (Err(e), true) => format!("FAILED ({})", first_line(e)),
        };
        println!(
            "{:<width$}  {:>7}  {:>4}  {:>5}  {:>6}  {:>8.1}  {:>4}  {}",
            row.display,
            row.version,
            o.operations,
            o.types,
            o.module_lines,
            o.generate.as_secs_f64() * 1000.0,
            o.warnings,
            result
        );
    }
}

/// The first line of a report, without the file name the table already shows.
fn first_line(message: &str) -> String {
    let line = message
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
}

fn limit(message: &str, verbose: bool) -> String {
    if verbose {
        return message.to_string();
    }
    let lines: Vec<&str> = message.lines().collect();
    if lines.len() <= 40 {
        return message.to_string();
    }
    let mut out = lines[..40].join("\n");
    out.push_str(&format!("\n... ({} more lines)", lines.len() - 40));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_found_in_yaml_and_json() {
        let v = |t: &str| declared_version(t).map(|(k, v)| format!("{k} {v}"));
        assert_eq!(v("openapi: 3.0.3\ninfo: {}"), Some("openapi 3.0.3".into()));
        assert_eq!(v("openapi: '3.1.0'\n"), Some("openapi 3.1.0".into()));
        assert_eq!(
            v("{\n  \"openapi\": \"3.0.0\",\n}"),
            Some("openapi 3.0.0".into())
        );
        assert_eq!(v("swagger: \"2.0\"\n"), Some("swagger 2.0".into()));
        assert_eq!(v("info:\n  x-openapi: 1\n"), None);
    }
}
