//! The layout rules ARCHITECTURE.md states, checked on the sources: which phase may use
//! which, how long a module may grow, and what generated code never contains.

use std::fs;
use std::path::{Path, PathBuf};

use tests::repo_root;

/// Every `.rs` file below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// A file's text before its `#[cfg(test)]` module.
fn code_part(text: &str) -> &str {
    match text.find("\n#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    }
}

/// The sources of a module of the generator: `generator/src/<name>.rs` or the folder.
fn module_sources(name: &str) -> Vec<(PathBuf, String)> {
    let src = repo_root().join("generator/src");
    let mut files = rust_files(&src.join(name));
    let file = src.join(format!("{name}.rs"));
    if file.exists() {
        files.push(file);
    }
    assert!(!files.is_empty(), "generator/src/{name} does not exist");
    files
        .into_iter()
        .map(|f| {
            let text = fs::read_to_string(&f).expect("source is readable");
            (f, text)
        })
        .collect()
}

#[test]
fn no_module_outgrows_one_concept() {
    let root = repo_root();
    let mut long = Vec::new();
    for dir in ["generator/src", "templates/src"] {
        for file in rust_files(&root.join(dir)) {
            let text = fs::read_to_string(&file).expect("source is readable");
            let lines = code_part(&text).lines().count();
            if lines > 800 {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these by concept (over 800 lines before their tests): {long:?}"
    );
}

#[test]
fn phases_depend_one_way() {
    // (module, the modules it must never use)
    // (module, the modules it must never use). `config` (openapi-gen.toml) is for the
    // commands only: what reaches the phases is `Options`.
    let rules: &[(&str, &[&str])] = &[
        (
            "diag",
            &[
                "load", "validate", "lower", "emit", "render", "output", "config",
            ],
        ),
        (
            "refs",
            &[
                "load", "validate", "lower", "emit", "render", "output", "config",
            ],
        ),
        (
            "load",
            &["validate", "lower", "emit", "render", "output", "config"],
        ),
        (
            "validate",
            &["load", "lower", "emit", "render", "output", "config"],
        ),
        (
            "lower",
            &["load", "validate", "emit", "render", "output", "config"],
        ),
        (
            "emit",
            &["load", "validate", "lower", "render", "output", "config"],
        ),
        ("render", &["load", "validate", "lower", "output", "config"]),
        ("output", &["config"]),
        (
            "surface",
            &[
                "load", "validate", "lower", "emit", "render", "output", "config",
            ],
        ),
        ("options", &["config"]),
        // Repairs read and change the generic value only: no phase, no config.
        (
            "repair",
            &[
                "load", "validate", "lower", "emit", "render", "output", "config",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (module, forbidden) in rules {
        for (file, text) in module_sources(module) {
            for other in *forbidden {
                if code_part(&text).contains(&format!("crate::{other}::"))
                    || code_part(&text).contains(&format!("crate::{other}::{{"))
                {
                    broken.push(format!("{} uses `crate::{other}`", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn the_source_map_and_diagnostics_do_not_import_each_other() {
    let src = repo_root().join("generator/src/diag");
    for file in ["source_map.rs", "json.rs", "path.rs"] {
        let text = fs::read_to_string(src.join(file)).expect("diag source");
        for line in code_part(&text).lines().filter(|l| l.starts_with("use ")) {
            assert!(
                !line.contains("crate::")
                    && (!line.contains("super::") || line.contains("super::path::")),
                "diag/{file} may use only the places in `diag::path`: `{line}`"
            );
        }
    }
}

#[test]
fn generated_code_never_parses_a_method() {
    let root = repo_root();
    for file in rust_files(&root.join("generated/src")) {
        let text = fs::read_to_string(&file).expect("generated source");
        assert!(
            !text.contains("Method::from_bytes"),
            "{}: methods are decided in lowering",
            file.display()
        );
    }
    for (file, text) in module_sources("emit") {
        assert!(
            !text.contains("split_once('{')"),
            "{}: path templates are parsed in lowering",
            file.display()
        );
    }
}

/// Render prints the value emit returns and calls nothing else of emit: the value's types
/// are all it names (`lib.rs` calls `emit::module`).
#[test]
fn render_prints_only_the_module_emit_returns() {
    let allowed = [
        "Module", "Section", "Block", "Part", "Items", "Item", "Code",
    ];
    let mut broken = Vec::new();
    for (file, text) in module_sources("render") {
        let code: String = code_part(&text)
            .lines()
            .filter(|line| !line.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        for (at, _) in code.match_indices("emit::") {
            let rest = &code[at + "emit::".len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                Some(list) => list
                    .split('}')
                    .next()
                    .unwrap_or("")
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .collect(),
                None => vec![rest
                    .split(|c: char| !c.is_alphanumeric() && c != '_')
                    .next()
                    .unwrap_or("")],
            };
            for name in names {
                if !allowed.contains(&name) {
                    broken.push(format!("{} uses `emit::{name}`", file.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// `r#` is a printing concern, in `naming` alone: names are kept as words everywhere else
/// and `naming::ident` makes a keyword raw when it prints one.
#[test]
fn no_raw_identifier_handling_outside_naming() {
    let root = repo_root();
    let mut broken = Vec::new();
    for dir in ["generator/src", "xtask/src"] {
        for file in rust_files(&root.join(dir)) {
            if file.ends_with("generator/src/naming.rs") {
                continue;
            }
            let text = fs::read_to_string(&file).expect("source is readable");
            for (n, line) in code_part(&text).lines().enumerate() {
                if line.contains("\"r#") || line.contains("new_raw(") {
                    broken.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "{broken:#?}");
}

/// The functions of a source text, each with its first line number and its length in
/// lines, found by matching the braces of each `fn` body (strings, characters and
/// comments skipped).
fn functions(text: &str) -> Vec<(String, usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find("fn ") {
        let at = i + found;
        i = at + 3;
        let word_start =
            at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        if !word_start {
            continue;
        }
        let name: String = text[at + 3..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if name.is_empty() {
            continue;
        }
        // The body opens at the first `{` before any `;` (a declaration has no body).
        let Some(open) = text[at..].find(['{', ';']).map(|o| at + o) else {
            break;
        };
        if bytes[open] == b';' {
            continue;
        }
        let Some(close) = matching_brace(bytes, open) else {
            continue;
        };
        let first = text[..at].matches('\n').count() + 1;
        let lines = text[at..=close].lines().count();
        out.push((name, first, lines));
    }
    out
}

/// The index of the `}` that closes the `{` at `open`, skipping string and character
/// literals and comments.
fn matching_brace(bytes: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            b'"' => {
                // A raw string (`r"`, `r#"`) ends at `"` and as many `#`s as it opened with.
                let mut hashes = 0;
                let mut j = i;
                while j > 0 && bytes[j - 1] == b'#' {
                    hashes += 1;
                    j -= 1;
                }
                let raw = j > 0 && bytes[j - 1] == b'r';
                i += 1;
                while i < bytes.len() {
                    if !raw && bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == b'"'
                        && (!raw || bytes[i + 1..].iter().take(hashes).all(|b| *b == b'#'))
                    {
                        if raw {
                            i += hashes;
                        }
                        break;
                    }
                    i += 1;
                }
            }
            b'\'' => {
                // A character literal ('x', '\n', '{'); a lifetime has no closing quote.
                if bytes.get(i + 2) == Some(&b'\'') {
                    i += 2;
                } else if bytes.get(i + 1) == Some(&b'\\') {
                    if let Some(end) = bytes[i + 2..].iter().position(|b| *b == b'\'') {
                        i += end + 2;
                    }
                }
            }
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The scan finds functions and their lengths as written, braces in strings and
/// characters aside.
#[test]
fn the_function_scan_measures_bodies() {
    let text = "fn a() {\n    let s = \"}\";\n    let c = '{';\n}\n\npub(crate) fn b<'a>(x: &'a str) -> &'a str {\n    // }\n    let r = r#\"{\"#;\n    x\n}\nfn declared();\n";
    let found = functions(text);
    assert_eq!(
        found,
        vec![("a".to_string(), 1, 4), ("b".to_string(), 6, 5)],
        "{found:?}"
    );
}

/// Each function in `emit/` is one a reader keeps in their head: none over ~120 lines.
#[test]
fn no_function_in_emit_is_too_long() {
    const LONGEST: usize = 120;
    let mut long = Vec::new();
    for (file, text) in module_sources("emit") {
        for (name, line, lines) in functions(code_part(&text)) {
            if lines > LONGEST {
                long.push(format!(
                    "{}:{line} fn {name} ({lines} lines)",
                    file.display()
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "split these (over {LONGEST} lines): {long:#?}"
    );
}

/// Generated code fits in 100 columns, as a person's rustfmt'd code does: every line of
/// code in the modules of `generated/` and in the fixtures' (their snapshots), and every
/// line of their doc comments but those a line break would change or cannot shorten: a
/// code block's, a table's, a heading, HTML, a quote, indented code, a link definition,
/// and one word longer than the line (a URL).
#[test]
fn generated_code_lines_fit_in_100_columns() {
    let root = repo_root();
    // The modules the generator wrote; `runtime/` is the templates' hand-written code.
    let mut files: Vec<PathBuf> = rust_files(&root.join("generated/src"))
        .into_iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "runtime"))
        .collect();
    let snapshots = root.join("tests/tests/snapshots");
    let mut codes: Vec<PathBuf> = fs::read_dir(&snapshots)
        .expect("snapshots")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("_code.snap"))
        .collect();
    codes.sort();
    assert!(
        !codes.is_empty(),
        "no code snapshots in {}",
        snapshots.display()
    );
    files.extend(codes);
    let mut long = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable");
        let mut in_fence = false;
        for (n, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            let doc = ["/// ", "//! "]
                .iter()
                .find_map(|marker| trimmed.strip_prefix(marker));
            let fence = doc.is_some_and(|d| {
                let d = d.trim_start();
                d.starts_with("```") || d.starts_with("~~~")
            });
            let in_code = in_fence || fence;
            in_fence = doc.is_some() && (in_fence ^ fence);
            let exempt = match doc {
                Some(text) => in_code || !breakable_doc_text(text),
                None => trimmed.starts_with("//"),
            };
            if !exempt && line.chars().count() > 100 {
                long.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(long.is_empty(), "lines over 100 columns: {long:#?}");
}

/// Whether a doc line's text is prose with a space to break at: not a table row, a
/// heading, HTML, a quote, a link definition or indented code, and more than one word
/// after its indentation and its list item's marker.
fn breakable_doc_text(text: &str) -> bool {
    let body = text.trim_start();
    if text.len() - body.len() >= 4
        || body.starts_with(['|', '#', '<', '>'])
        || (body.starts_with('[') && body.contains("]:"))
    {
        return false;
    }
    let digits = body.trim_start_matches(|c: char| c.is_ascii_digit());
    let item = ["- ", "* ", "+ "]
        .iter()
        .find_map(|m| body.strip_prefix(m))
        .or_else(|| {
            (digits.len() < body.len())
                .then(|| digits.strip_prefix(". "))
                .flatten()
        });
    item.unwrap_or(body).trim().contains(' ')
}
