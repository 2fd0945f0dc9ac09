//! The runtime that every generated crate carries as `src/runtime/`.
//!
//! This crate exists so that the runtime is real Rust: compiled, linted and tested here,
//! then copied into generated crates as text by the generator (`include_str!`). It must
//! never depend on anything a generated crate does not also depend on.

pub mod runtime;

// The `object!` macro is crate-private (as in generated crates), so its tests
// live in the crate rather than in `tests/`.
#[cfg(test)]
mod decoding_tests;
#[cfg(test)]
mod grouped_fields_tests;

// Properties of the runtime's redaction, which is crate-private.
#[cfg(test)]
mod redaction_tests;

// Properties of the event-stream parser, which is crate-private.
#[cfg(test)]
mod sse_tests;
