//! Shared helpers for the test suites in `tests/tests/`.

use std::path::{Path, PathBuf};

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// The fixture specs under `tests/fixtures/`, sorted: each file, and the `openapi.yaml`
/// root of each directory (a spec split over several files).
pub fn fixture_specs() -> Vec<PathBuf> {
    let dir = repo_root().join("tests/fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    for file in &mut files {
        if file.is_dir() {
            *file = file.join("openapi.yaml");
        }
    }
    files.retain(|f| f.is_file());
    files.sort();
    files
}

/// A listener on 127.0.0.1 at a port the OS picks, and its address: the one address the
/// benchmarks' servers listen on.
pub async fn loopback_listener() -> Result<(tokio::net::TcpListener, std::net::SocketAddr), String>
{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| format!("cannot listen on 127.0.0.1: {e}"))?;
    let addr = listener
        .local_addr()
        .map_err(|e| format!("no local address: {e}"))?;
    Ok((listener, addr))
}

pub mod stand_in;

/// README.md, here so that `cargo test --doc -p tests` compiles and runs its code blocks
/// against the generated crate.
#[doc = include_str!("../README.md")]
pub mod readme {}

/// The pages of `docs/`, here for the same reason as the README: every Rust code block in
/// them is compiled (and, unless marked `no_run`, run) by `cargo test --doc -p tests`.
/// `tests/tests/docs.rs` checks that every page of `docs/` is listed here.
pub mod docs {
    #[doc = include_str!("../docs/bodies.md")]
    pub mod bodies {}
    #[doc = include_str!("../docs/calls.md")]
    pub mod calls {}
    #[doc = include_str!("../docs/client.md")]
    pub mod client {}
    #[doc = include_str!("../docs/comparison.md")]
    pub mod comparison {}
    #[doc = include_str!("../docs/conformance.md")]
    pub mod conformance {}
    #[doc = include_str!("../docs/configuration.md")]
    pub mod configuration {}
    #[doc = include_str!("../docs/decoding.md")]
    pub mod decoding {}
    #[doc = include_str!("../docs/openapi-3.1.md")]
    pub mod openapi_3_1 {}
    #[doc = include_str!("../docs/pagination.md")]
    pub mod pagination {}
    #[doc = include_str!("../docs/repairs.md")]
    pub mod repairs {}
    #[doc = include_str!("../docs/testing.md")]
    pub mod testing {}
    #[doc = include_str!("../docs/types.md")]
    pub mod types {}
}
