//! `openapi-gen`: the command `cargo install --path generator` installs.
//!
//! - `openapi-gen [--check] [--deny-breaking] [--config FILE]`: the crate `openapi-gen.toml` describes
//!   (found in the current directory or its nearest parent that has one), written or
//!   checked.
//! - `openapi-gen generate --spec FILE --out DIR [--name CRATE] [--formats typed|strings]
//!   [--overlay FILE]... [--check]`: one spec -> a standalone crate.
//!
//! `--strict` refuses every defect a repair would fix (for every spec, with a config).
//!
//! Only arguments and printing live here; the work is [`openapi_gen::codegen`]'s, which
//! `cargo xtask codegen` calls too.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use openapi_gen::codegen::{self, Mode};
use openapi_gen::config::{self, Config};

/// Generates typed Rust clients from OpenAPI 3.0 and 3.1 documents.
///
/// Without a command, regenerates the crate that `openapi-gen.toml` (in the current
/// directory or its nearest parent) describes.
#[derive(Debug, Parser)]
#[command(name = "openapi-gen", version)]
struct Cli {
    /// Write nothing; fail naming every file that is stale.
    #[arg(long, global = true)]
    check: bool,
    /// Refuse the defects of a spec that would otherwise be repaired with a warning
    /// (an undeclared path parameter, `type: int`, ...): each is an error.
    #[arg(long, global = true)]
    strict: bool,
    /// Fail when the generated public surface changes in a way that breaks code written
    /// against the crate as it was (its `api/<module>.api` files); additive changes pass.
    #[arg(long, global = true)]
    deny_breaking: bool,
    /// The config file (default: the nearest `openapi-gen.toml`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generates one spec into a standalone crate (its own `[workspace]`, runtime
    /// included).
    Generate {
        /// The OpenAPI document (YAML or JSON); `$ref`s to other files are read relative
        /// to it.
        #[arg(long, value_name = "FILE")]
        spec: PathBuf,
        /// The crate's directory.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// The package name (default: `<spec stem>-client`).
        #[arg(long, value_name = "CRATE")]
        name: Option<String>,
        /// How string formats (date-time, uuid, ...) become Rust types.
        #[arg(long, value_enum, default_value_t = FormatsArg::Typed)]
        formats: FormatsArg,
        /// A cargo feature per operation tag (`repos`), all enabled by default: a user
        /// of a few tags compiles only their operations and the types those need.
        #[arg(long)]
        tag_features: bool,
        /// An OpenAPI Overlay (1.0) applied to the spec before anything else reads it;
        /// repeat to apply several, in order.
        #[arg(long, value_name = "FILE")]
        overlay: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatsArg {
    /// chrono, uuid, `Base64`, IP address types: values are checked when decoded.
    Typed,
    /// Every format a `String`, for servers that send values slightly off their format.
    Strings,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mode = if cli.check { Mode::Check } else { Mode::Write };
    let result = match cli.command {
        None => from_config(cli.config.as_deref(), mode, cli.strict, cli.deny_breaking),
        Some(Command::Generate {
            spec,
            out,
            name,
            formats,
            tag_features,
            overlay,
        }) => {
            let options = openapi_gen::Options {
                formats: match formats {
                    FormatsArg::Typed => openapi_gen::Formats::Typed,
                    FormatsArg::Strings => openapi_gen::Formats::Strings,
                },
                tag_features: openapi_gen::TagFeatures::standalone(tag_features),
                strict: cli.strict,
                overlays: overlay,
                ..openapi_gen::Options::default()
            };
            generate(
                &spec,
                &out,
                name.as_deref(),
                &options,
                mode,
                cli.deny_breaking,
            )
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

fn from_config(
    file: Option<&Path>,
    mode: Mode,
    strict: bool,
    deny_breaking: bool,
) -> Result<(), String> {
    let file = match file {
        Some(file) => file.to_path_buf(),
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| format!("error: cannot read the current directory: {e}"))?;
            Config::find(&cwd).ok_or_else(|| {
                format!(
                    "error: no {} in {} or its parents\n   = help: write one (see \"Use it in \
                     your own project\" in openapi-gen's README), or generate one spec with \
                     `openapi-gen generate --spec FILE --out DIR`",
                    config::FILE_NAME,
                    cwd.display()
                )
            })?
        }
    };
    let mut config = Config::load(&file).map_err(|e| e.to_string())?;
    if strict {
        for spec in &mut config.specs {
            spec.options.strict = true;
        }
    }
    let summary = codegen::run_config(&config, mode).map_err(|e| e.to_string())?;
    let dir = format!("{}/", config.output.dir.display());
    summary
        .print(mode, &dir, &config.output.command)
        .map_err(|message| format!("error: {message}"))?;
    deny(deny_breaking, summary.breaking())
}

/// `--deny-breaking`'s verdict on a run that made `breaking` breaking changes.
fn deny(deny_breaking: bool, breaking: usize) -> Result<(), String> {
    if deny_breaking && breaking > 0 {
        return Err(format!(
            "error: {breaking} breaking change(s) to the public surface (listed above)\n   = help: \
             release them as a new major version of the crate, or run without --deny-breaking \
             to accept them"
        ));
    }
    Ok(())
}

fn generate(
    spec: &Path,
    out: &Path,
    name: Option<&str>,
    options: &openapi_gen::Options,
    mode: Mode,
    deny_breaking: bool,
) -> Result<(), String> {
    let mut command = format!("openapi-gen generate --spec {}", spec.display());
    if options.formats == openapi_gen::Formats::Strings {
        command.push_str(" --formats strings");
    }
    if options.tag_features != openapi_gen::TagFeatures::Off {
        command.push_str(" --tag-features");
    }
    if options.strict {
        command.push_str(" --strict");
    }
    for overlay in &options.overlays {
        command.push_str(&format!(" --overlay {}", overlay.display()));
    }
    let done =
        codegen::standalone(spec, out, name, options, mode, &command).map_err(|e| e.to_string())?;
    if !done.spec.warnings.diagnostics.is_empty() {
        eprintln!("{}", done.spec.warnings);
    }
    if let Some(changes) = done.spec.surface.as_ref().filter(|c| !c.is_empty()) {
        println!(
            "public surface: {} breaking, {} additive change(s)",
            changes.breaking(),
            changes.additive()
        );
        print!("{changes}");
    }
    let breaking = done.spec.surface.as_ref().map_or(0, |c| c.breaking());
    for path in &done.extra {
        eprintln!(
            "note: {} was not generated by this run and was left alone",
            out.join(path).display()
        );
    }
    if mode == Mode::Check {
        if done.changed.is_empty() {
            println!("{}/ is up to date", out.display());
            return deny(deny_breaking, breaking);
        }
        let changed: Vec<PathBuf> = done.changed.iter().map(|p| out.join(p)).collect();
        let mut run = format!("{command} --out {}", out.display());
        if let Some(name) = name {
            run.push_str(&format!(" --name {name}"));
        }
        return Err(format!(
            "error: {}",
            codegen::stale_message(&format!("{}/", out.display()), &changed, &[], &run)
        ));
    }
    println!(
        "{}: {} operations, {} types, {} lines -> {} ({} files written) in {:.1} ms",
        done.spec.spec,
        done.spec.operations,
        done.spec.types,
        done.lines,
        out.display(),
        done.changed.len(),
        done.spec.elapsed.as_secs_f64() * 1000.0
    );
    println!("{}", done.spec.repairs);
    deny(deny_breaking, breaking)
}
