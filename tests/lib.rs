//! Shared helpers for the test suites in `tests/tests/`.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

pub mod stand_in;

/// README.md, here so that `cargo test --doc -p tests` compiles and runs its code blocks
/// against the generated crate.
#[doc = include_str!("../README.md")]
pub mod readme {}
