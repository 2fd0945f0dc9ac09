//! The program of the streaming parts ([`download`](super::download), [`sse`](super::sse)):
//! `tests/benches/streaming.rs`, built once in release mode and run directly as separate
//! processes, one server and one process per measured client, so that a client's peak
//! memory is its own. The server listens on 127.0.0.1 only and stops when its standard
//! input closes; [`Server`] closes it when dropped (and kills the process if it lingers).

use std::io::{BufRead as _, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Deserialize;

use super::measure::json_result;
use super::tests_bench;

/// What one client process read, and what it cost.
#[derive(Debug, Clone, Copy, Deserialize)]
pub(super) struct ClientRun {
    /// Chunks of a download, or events of a stream.
    pub(super) items: u64,
    /// Bytes of a download, or of the events' data.
    pub(super) bytes: u64,
    /// From sending the request to the end of the body.
    pub(super) seconds: f64,
    /// The process's peak resident set (VmHWM) at the end, in bytes.
    pub(super) peak: u64,
}

/// One warm-up run of each client, then `pairs` pairs of runs back to back, alternating
/// which goes first: the generated client's runs and reqwest's, `generated[i]` beside
/// `reqwest[i]`.
pub(super) fn in_pairs(
    pairs: usize,
    run: impl Fn(&str) -> Result<ClientRun, String>,
) -> Result<(Vec<ClientRun>, Vec<ClientRun>), String> {
    run("generated")?;
    run("reqwest")?;
    let (mut generated, mut reqwest) = (Vec::with_capacity(pairs), Vec::with_capacity(pairs));
    for pair in 0..pairs {
        eprintln!("  pair {} of {pairs}", pair + 1);
        let generated_first = pair % 2 == 0;
        for first in [generated_first, !generated_first] {
            if first {
                generated.push(run("generated")?);
            } else {
                reqwest.push(run("reqwest")?);
            }
        }
    }
    Ok((generated, reqwest))
}

/// The built program.
#[derive(Debug)]
pub(super) struct Program {
    exe: PathBuf,
}

impl Program {
    /// `cargo bench -p tests --bench streaming --no-run`, and the executable it names.
    pub(super) fn build(root: &Path) -> Result<Program, String> {
        let output = tests_bench(root, "streaming")
            .args(["--no-run", "--message-format=json-render-diagnostics"])
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|e| format!("cannot run cargo bench: {e}"))?;
        if !output.status.success() {
            return Err(format!(
                "the streaming benchmark did not build ({})",
                output.status
            ));
        }
        let stdout = String::from_utf8_lossy(&output.stdout);
        let exe = stdout
            .lines()
            .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
            .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "streaming")
            .find_map(|m| m["executable"].as_str().map(PathBuf::from))
            .ok_or("cargo named no executable for the streaming benchmark")?;
        Ok(Program { exe })
    }

    /// Runs `args` to the end; the last JSON line it printed.
    pub(super) fn run<T: DeserializeOwned>(&self, args: &[&str]) -> Result<T, String> {
        let output = Command::new(&self.exe)
            .args(args)
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", self.exe.display()))?;
        json_result(&output, &format!("`streaming {}`", args.join(" ")))
    }

    /// Starts the server with an event stream of `events` events; waits for its address.
    pub(super) fn serve(&self, events: usize) -> Result<Server, String> {
        let mut child = Command::new(&self.exe)
            .args(["serve", &events.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start the server: {e}"))?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            // The server prints its address once it listens (or exits, closing stdout).
            let _ = BufReader::new(stdout).read_line(&mut line);
        }
        // Dropped on an error too, which stops it.
        let mut server = Server {
            child,
            addr: String::new(),
        };
        let addr: SocketAddr = line
            .trim()
            .parse()
            .map_err(|_| format!("the server printed no address (`{}`)", line.trim()))?;
        if !addr.ip().is_loopback() {
            return Err(format!("the server listens on {addr}, not on 127.0.0.1"));
        }
        server.addr = addr.to_string();
        Ok(server)
    }
}

/// The running server: stopped when dropped.
#[derive(Debug)]
pub(super) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub(super) addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        // Closing its standard input asks it to stop; it has a few seconds to.
        drop(self.child.stdin.take());
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
