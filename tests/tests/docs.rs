//! The user's pages in `docs/` stay compiled: each is included in `tests/lib.rs`, where
//! `cargo test --doc -p tests` compiles and runs its Rust code blocks, and the README
//! links to each.

use std::path::Path;

fn pages() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let mut pages: Vec<String> = std::fs::read_dir(&dir)
        .expect("docs/ exists")
        .map(|entry| {
            entry
                .expect("a readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".md"))
        .collect();
    pages.sort();
    pages
}

#[test]
fn every_page_of_docs_is_compiled_as_doc_tests() {
    let lib = include_str!("../lib.rs");
    let missing: Vec<String> = pages()
        .into_iter()
        .filter(|page| !lib.contains(&format!("include_str!(\"../docs/{page}\")")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ pages not included in tests/lib.rs: {missing:?}"
    );
}

#[test]
fn the_readme_links_every_page_of_docs() {
    let readme = include_str!("../../README.md");
    let missing: Vec<String> = pages()
        .into_iter()
        .filter(|page| !readme.contains(&format!("(docs/{page})")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/ pages the README does not link: {missing:?}"
    );
}

#[test]
fn links_between_pages_lead_to_pages_that_exist() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    let known = pages();
    for page in &known {
        let text = std::fs::read_to_string(dir.join(page)).expect("a readable page");
        for target in text
            .split("](")
            .skip(1)
            .filter_map(|rest| rest.split(')').next())
        {
            let file = target.split('#').next().unwrap_or_default();
            if file.is_empty() || file.contains("://") {
                continue;
            }
            let exists = known.iter().any(|p| p == file) || dir.join(file).exists();
            assert!(exists, "{page} links to `{target}`, which does not exist");
        }
    }
}
