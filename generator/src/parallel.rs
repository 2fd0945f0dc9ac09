//! Runs jobs on a few threads and gives their results in job order.
//!
//! Threads take the next job from the list and put its result in the job's place, so
//! the order of the results never depends on which thread ran what. Nothing here knows
//! what a job does: emit makes the module's parts with it, render formats them.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// `run` on every job, on up to `threads` threads, the results in the order of `jobs`.
pub(crate) fn run_in_order<J: Sync, T: Send>(
    jobs: &[J],
    threads: usize,
    run: impl Fn(&J) -> T + Sync,
) -> Result<Vec<T>, String> {
    if threads <= 1 || jobs.len() <= 3 {
        return Ok(jobs.iter().map(run).collect());
    }
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<T>>> = Mutex::new(jobs.iter().map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(index) else {
                    break;
                };
                let out = run(job);
                if let Ok(mut results) = results.lock() {
                    if let Some(slot) = results.get_mut(index) {
                        *slot = Some(out);
                    }
                }
            });
        }
    });
    results
        .into_inner()
        .map_err(|_| "a worker thread failed".to_string())?
        .into_iter()
        .map(|r| r.ok_or_else(|| "a worker thread failed".to_string()))
        .collect()
}

/// How many threads to use: the machine's, up to 8.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
}
