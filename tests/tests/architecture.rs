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
