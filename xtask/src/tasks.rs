//! `cargo xtask tasks`: the same three tasks per API written against the crates this
//! generator makes and against the hand-written SDKs (async-openai, async-stripe,
//! octocrab), both sides compiled, the lines of each task counted.
//!
//! The programs are `xtask/tasks/ours/<api>.rs` and `xtask/tasks/peers/<api>.rs`: one
//! `async fn` per task, in the same order on both sides, and a `main` that builds a client
//! from a token in the environment. Nothing is sent: the programs are only checked.
//!
//! Under `target/tasks/`, `ours/` is a workspace of the three generated crates and a
//! package whose binaries are the task programs (depending on the crates by path), and
//! `peers/` one whose binaries are the peers' programs (depending on the crates.io
//! crates). Both are checked with clippy, warnings counted as failures, in one target
//! directory: `$CARGO_TARGET_DIR/tasks-target` when `CARGO_TARGET_DIR` is set, else
//! `target/tasks/target`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::standalone::{self, Checks, Layout};

/// One API: its spec in the corpus, the stem of its task programs, what each task does.
struct Api {
    name: &'static str,
    spec: &'static str,
    stem: &'static str,
    crate_name: &'static str,
    tasks: [&'static str; 3],
}

const APIS: [Api; 3] = [
    Api {
        name: "OpenAI",
        spec: "large/openai.yaml",
        stem: "openai",
        crate_name: "openai-client",
        tasks: [
            "chat completion, a system and a user message",
            "the same, streamed",
            "all files, across pages",
        ],
    },
    Api {
        name: "Stripe",
        spec: "large/stripe.json",
        stem: "stripe",
        crate_name: "stripe-client",
        tasks: [
            "create a customer with metadata",
            "create a payment intent",
            "all customers, across pages",
        ],
    },
    Api {
        name: "GitHub",
        spec: "large/github.json",
        stem: "github",
        crate_name: "github-client",
        tasks: [
            "get a repository",
            "all open issues with a label, across pages",
            "comment on an issue",
        ],
    },
];

/// What the task programs use beside the client crates, on both sides.
const COMMON_DEPENDENCIES: &str = "\
futures = \"0.3\"
tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }
";

/// The peers, at the versions measured, with the features the tasks need: the API parts
/// they call and one TLS stack (not aws-lc, which compiles a C library for minutes):
/// octocrab with its default features but its JWT signing, which pulls in aws-lc.
const PEER_DEPENDENCIES: &str = "\
async-openai = { version = \"=0.43.0\", default-features = false, features = [\"native-tls\", \"chat-completion\", \"file\"] }
async-stripe = \"=1.0.0-rc.10\"
async-stripe-core = { version = \"=1.0.0-rc.10\", features = [\"customer\", \"payment_intent\"] }
async-stripe-types = \"=1.0.0-rc.10\"
octocrab = { version = \"=0.54.9\", default-features = false, features = [\"default-client\", \"follow-redirect\", \"retry\", \"rustls\", \"rustls-ring\", \"timeout\", \"tracing\"] }
";

const USAGE: &str = "usage: cargo xtask tasks";

/// The lines of one task: its function's name and its count.
#[derive(Debug, PartialEq, Eq)]
struct Task {
    name: String,
    lines: usize,
}

/// The lines of one program: each task's, and the whole file's (non-blank lines).
struct Program {
    tasks: Vec<Task>,
    lines: usize,
}

pub fn run(root: &Path, args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err(USAGE.to_string());
    }
    let programs = root.join("xtask/tasks");
    let sides = ["ours", "peers"]
        .map(|side| APIS.map(|api| programs.join(side).join(format!("{}.rs", api.stem))));
    rustfmt_check(sides.iter().flatten())?;
    let mut counts = Vec::new();
    for (api, (ours, peers)) in APIS.iter().zip(sides[0].iter().zip(&sides[1])) {
        counts.push((api, count_file(ours)?, count_file(peers)?));
    }

    let work = root.join("target/tasks");
    let target_dir = match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir).join("tasks-target"),
        None => work.join("target"),
    };
    let mut problems = Vec::new();
    let corpus = root.join("../shared/corpus");
    let mut members = Vec::new();
    let mut path_dependencies = String::new();
    for api in &APIS {
        let spec = corpus.join(api.spec);
        eprintln!("generating {}", spec.display());
        let dir = work.join("ours").join(api.stem);
        let outcome = standalone::generate_as(
            &spec,
            Some(&format!("corpus/{}", api.spec)),
            &dir,
            Some(api.crate_name),
            Layout::Member,
        );
        if let Err(e) = outcome.result {
            problems.push(format!("{}: generation failed: {e}", api.spec));
            continue;
        }
        members.push(PathBuf::from(api.stem));
        let _ = writeln!(
            path_dependencies,
            "{} = {{ path = \"../{}\" }}",
            api.crate_name, api.stem
        );
    }
    members.push(PathBuf::from("tasks"));
    write_package(
        &work.join("ours/tasks"),
        "tasks-ours",
        &sides[0],
        &(path_dependencies + COMMON_DEPENDENCIES),
    )?;
    write_package(
        &work.join("peers/tasks"),
        "tasks-peers",
        &sides[1],
        &(PEER_DEPENDENCIES.to_string() + COMMON_DEPENDENCIES),
    )?;
    let lockfile = root.join("Cargo.lock");
    for (side, lock) in [("ours", Some(lockfile.as_path())), ("peers", None)] {
        eprintln!("checking {side} (cargo clippy; the first run builds the dependencies)");
        let side_members = if side == "ours" {
            &members[..]
        } else {
            &members[members.len() - 1..]
        };
        let checks = standalone::check_workspace(
            &work.join(side),
            side_members,
            &target_dir,
            lock,
            Checks::Clippy,
        )?;
        for api in &APIS {
            let bin = format!("{}-{side}", api.stem);
            match checks.get(&bin) {
                Some(check) if check.is_clean() => {}
                Some(check) => {
                    problems.push(format!("{side}/{}.rs: {}", api.stem, check.message()))
                }
                None => problems.push(format!("{side}/{}.rs: not checked", api.stem)),
            }
        }
        for (name, check) in checks.iter().filter(|(name, _)| name.ends_with("_client")) {
            if !check.is_clean() {
                problems.push(format!("generated {name}: {}", check.message()));
            }
        }
    }
    println!("{}", table(&counts));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} problem(s):\n{}",
            problems.len(),
            problems.join("\n\n")
        ))
    }
}

/// The task programs must be as rustfmt lays them out, so neither side's count gains or
/// loses by formatting.
fn rustfmt_check<'a>(files: impl Iterator<Item = &'a PathBuf>) -> Result<(), String> {
    let output = Command::new("rustfmt")
        .args(["--check", "--edition", "2021"])
        .args(files)
        .output()
        .map_err(|e| format!("cannot run rustfmt: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "the task programs are not formatted (run rustfmt --edition 2021 on them):\n{}",
            String::from_utf8_lossy(&output.stdout)
        ))
    }
}

/// Writes a package at `dir` whose binaries are `programs`, named `<stem>-<side>`.
fn write_package(
    dir: &Path,
    name: &str,
    programs: &[PathBuf; 3],
    dependencies: &str,
) -> Result<(), String> {
    let side = name.trim_start_matches("tasks-");
    let mut manifest = format!(
        "# @generated by `cargo xtask tasks`.\n[package]\nname = \"{name}\"\n\
         version = \"0.0.0\"\nedition = \"2021\"\npublish = false\n"
    );
    for (api, program) in APIS.iter().zip(programs) {
        let _ = write!(
            manifest,
            "\n[[bin]]\nname = \"{}-{side}\"\npath = \"{}\"\n",
            api.stem,
            program.to_string_lossy().replace('\\', "/")
        );
    }
    let _ = write!(manifest, "\n[dependencies]\n{dependencies}");
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| format!("{}: {e}", dir.display()))
}

fn count_file(path: &Path) -> Result<Program, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let tasks = count_tasks(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if tasks.len() != 3 {
        return Err(format!(
            "{}: {} task functions, expected 3 (one `async fn` per task, then `main`)",
            path.display(),
            tasks.len()
        ));
    }
    let lines = text.lines().filter(|l| !l.trim().is_empty()).count();
    Ok(Program { tasks, lines })
}

/// The rule: a task is a top-level `async fn` other than `main`; its lines are the
/// non-blank lines from its `async fn` line to its closing `}` (signature and body; the
/// imports and `main` are not counted).
fn count_tasks(source: &str) -> Result<Vec<Task>, String> {
    let mut tasks = Vec::new();
    let mut lines = source.lines().enumerate();
    while let Some((number, line)) = lines.next() {
        let Some(rest) = line.strip_prefix("async fn ") else {
            continue;
        };
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let mut count = 1;
        let mut closed = line.ends_with('}');
        if !closed {
            for (_, line) in lines.by_ref() {
                if !line.trim().is_empty() {
                    count += 1;
                }
                if line == "}" {
                    closed = true;
                    break;
                }
            }
        }
        if !closed {
            return Err(format!("line {}: `{name}` has no closing `}}`", number + 1));
        }
        if name != "main" {
            tasks.push(Task { name, lines: count });
        }
    }
    Ok(tasks)
}

/// The Markdown table: a row per task, then the three together and the whole program
/// (imports and `main` too) per API.
fn table(counts: &[(&Api, Program, Program)]) -> String {
    let mut out = String::from("| API | task | ours | theirs |\n| --- | --- | ---: | ---: |\n");
    for (api, ours, peers) in counts {
        for ((task, ours), peers) in api.tasks.iter().zip(&ours.tasks).zip(&peers.tasks) {
            let _ = writeln!(
                out,
                "| {} | {task} (`{}`) | {} | {} |",
                api.name, ours.name, ours.lines, peers.lines
            );
        }
        let total = |tasks: &[Task]| tasks.iter().map(|t| t.lines).sum::<usize>();
        let _ = writeln!(
            out,
            "| {} | **the three** | **{}** | **{}** |",
            api.name,
            total(&ours.tasks),
            total(&peers.tasks)
        );
        let _ = writeln!(
            out,
            "| {} | the whole program, imports and `main` too | {} | {} |",
            api.name, ours.lines, peers.lines
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_the_non_blank_lines_of_each_task_function() {
        let source = "use std::error::Error;\n\
                      \n\
                      async fn one() -> Result<(), Box<dyn Error>> {\n\
                      \x20   let x = 1;\n\
                      \n\
                      \x20   println!(\"{x}\");\n\
                      \x20   Ok(())\n\
                      }\n\
                      \n\
                      async fn two() {}\n\
                      \n\
                      #[tokio::main]\n\
                      async fn main() {\n\
                      \x20   one().await.unwrap();\n\
                      }\n";
        assert_eq!(
            count_tasks(source).unwrap(),
            vec![
                Task {
                    name: "one".into(),
                    lines: 5
                },
                Task {
                    name: "two".into(),
                    lines: 1
                },
            ]
        );
    }

    #[test]
    fn an_unclosed_task_is_an_error_naming_its_line() {
        let err = count_tasks("\nasync fn one() {\n    todo!()\n").unwrap_err();
        assert_eq!(err, "line 2: `one` has no closing `}`");
    }
}
