//! `cargo check` of two crates interleaved run by run, as `bench/compile.rs` checks one:
//! an untimed check of each builds the dependencies, then each timed run touches the
//! crate's `src/lib.rs` first, without incremental compilation.

use std::path::{Path, PathBuf};

use super::super::compile::{check, touch_lib};
use super::Times;

/// One crate to check: where it is and the cargo arguments it is checked with.
#[derive(Debug)]
pub(super) struct Crate {
    pub(super) dir: PathBuf,
    pub(super) args: Vec<String>,
}

impl Crate {
    fn check(&self, target_dir: &Path) -> Result<Times, String> {
        let args: Vec<&str> = self.args.iter().map(String::as_str).collect();
        touch_lib(&self.dir)?;
        let time = check(&self.dir, target_dir, &args)?;
        Ok(Times {
            wall: time.wall,
            cpu: time.cpu,
        })
    }
}

/// `runs` timed checks of each crate, alternating which goes first; `Err` says which
/// side failed and why.
pub(super) fn check_both(
    ours: &Crate,
    theirs: &Crate,
    target_dir: &Path,
    runs: usize,
) -> Result<(Vec<Times>, Vec<Times>), String> {
    let ours_check = || ours.check(target_dir).map_err(|e| format!("ours: {e}"));
    let theirs_check = || theirs.check(target_dir).map_err(|e| format!("theirs: {e}"));
    // Untimed: the dependencies of each.
    ours_check()?;
    theirs_check()?;
    let mut our_times = Vec::with_capacity(runs);
    let mut their_times = Vec::with_capacity(runs);
    for run in 0..runs {
        if run % 2 == 0 {
            our_times.push(ours_check()?);
            their_times.push(theirs_check()?);
        } else {
            their_times.push(theirs_check()?);
            our_times.push(ours_check()?);
        }
    }
    Ok((our_times, their_times))
}
