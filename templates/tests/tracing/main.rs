//! The `tracing` feature's spans (`cargo test -p templates --features tracing`), in a test
//! binary of their own: tracing caches, process-wide, whether a span's callsite is
//! enabled, and a runtime test without a subscriber on another thread of the same binary
//! could cache "never" for a span these tests wait for (seen as a missing `http.attempt`
//! span). Here every test sets its recording subscriber before it calls the runtime.
#![cfg(feature = "tracing")]

// The same local servers as the runtime tests; this binary uses a few of them.
#[allow(dead_code)]
#[path = "../runtime/server.rs"]
mod server;
mod spans;
