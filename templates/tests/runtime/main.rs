//! Tests of the runtime copied into generated crates, through its public API only,
//! against real HTTP servers on 127.0.0.1.

mod builder;
mod encoding;
mod hooks;
mod json_patch;
mod mock;
mod multipart;
mod redaction;
mod request;
mod response;
mod retry;
mod secrets;
mod server;
mod tokens;
