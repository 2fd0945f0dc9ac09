//! The allocator `cargo xtask` runs with, and so what the benchmarks measure: mimalloc,
//! with one of its options changed from its default before the first allocation.
//!
//! Generating allocates many small, short-lived values on several threads (syn's syntax
//! trees, token streams, strings); glibc's allocator spent about a third of the
//! instructions of generating github.json, mimalloc much less. But mimalloc 3's defaults
//! commit each arena whole (`arena_eager_commit`, default 2: on Linux, which
//! overcommits), and Linux backs such a region with transparent huge pages: a 2 MiB page
//! is resident as soon as one byte of it is used. Part way through generating
//! github.json, 84 MB of a 94 MB resident set were huge pages.
//!
//! With arenas committed on demand, the peak resident set of generating github.json went
//! from 161 MB to 136 MB, stripe.json's from 160 MB to 147 MB (medians of 5 runs each,
//! interleaved, `/usr/bin/time -f %M target/release/xtask bench-one <spec>`).
//!
//! Freed memory is never returned to the system while the process runs
//! (`purge_delay` -1; mimalloc's default returns it after 10 ms, 100 ms for arenas): a
//! generator is a short-lived batch process, and what it frees it allocates again soon,
//! in the next step or the next spec. Returning it made a large spec re-fault it: on the
//! synthetic spec of 10,000 operations, 1.5 to 2 s of system time per generation, and
//! `bench --only scaling` gave 1,066 µs per operation at 10,000 (979 at 1,000) with the
//! default against 902 (728) without purging, in two runs one after the other. The peak
//! resident set of one generation did not move (github.json 100 and 98 MB, stripe.json
//! 104 and 103 MB, 10,000 operations 1,373 and 1,397 MB), since what is kept is what the
//! next allocations take. An option the environment sets (`MIMALLOC_PURGE_DELAY=...`)
//! is left as it says.

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_arena_eager_commit`: its place in mimalloc 3's `mi_option_e` (`mimalloc.h`),
/// which `libmimalloc-sys` does not name.
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// `mi_option_purge_delay`, likewise (milliseconds; -1: never).
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// The options, and the environment variable that overrides each.
type Setting = (
    libmimalloc_sys::mi_option_t,
    &'static std::ffi::CStr,
    std::ffi::c_long,
);
const OPTIONS: [Setting; 2] = [
    (ARENA_EAGER_COMMIT, c"MIMALLOC_ARENA_EAGER_COMMIT", 0),
    (PURGE_DELAY, c"MIMALLOC_PURGE_DELAY", -1),
];

/// The options as environment variables, for a process of another program that runs
/// with mimalloc (the progenitor harness of `bench --only peers`).
pub(crate) const ENVIRONMENT: [(&str, &str); 2] = [
    ("MIMALLOC_ARENA_EAGER_COMMIT", "0"),
    ("MIMALLOC_PURGE_DELAY", "-1"),
];

/// Sets the options, before the first allocation (which makes mimalloc's first arena, with
/// the options then in force): on Linux from a constructor that runs before Rust's
/// runtime, elsewhere first thing in `main`. Allocates nothing.
pub(crate) fn configure() {
    for (option, variable, value) in OPTIONS {
        // SAFETY: `variable` is a NUL-terminated literal; `getenv` reads the environment
        // the process started with (nothing sets variables this early).
        let set = unsafe { !libc::getenv(variable.as_ptr()).is_null() };
        if !set {
            // SAFETY: `mi_option_set` only stores the value in mimalloc's table of
            // options, which mimalloc reads when it next needs it.
            unsafe { libmimalloc_sys::mi_option_set(option, value) };
        }
    }
}

/// [`configure`] as an ELF constructor of the earliest priority programs may use, so it
/// runs before the Rust runtime's first allocation.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array.00101"]
static CONFIGURE_AT_LOAD: extern "C" fn() = {
    extern "C" fn at_load() {
        configure();
    }
    at_load
};

#[cfg(test)]
mod tests {
    use super::*;

    /// mimalloc reads `MIMALLOC_<NAME>` into the place of the option of that name, and
    /// `configure` leaves an option the environment sets alone: in a child process with
    /// the variable set to a value no option has by default, the place reads it back,
    /// which shows the place is the option named.
    #[test]
    fn the_option_places_are_the_options_named() {
        if std::env::var_os("XTASK_ALLOCATOR_CHILD").is_some() {
            // SAFETY: reads options.
            let read = unsafe { libmimalloc_sys::mi_option_get(ARENA_EAGER_COMMIT) };
            assert_eq!(read, 3);
            // SAFETY: reads options.
            let read = unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) };
            assert_eq!(read, 7);
            return;
        }
        let status = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "allocator::tests::the_option_places_are_the_options_named",
                "--exact",
            ])
            .env("XTASK_ALLOCATOR_CHILD", "1")
            .env("MIMALLOC_ARENA_EAGER_COMMIT", "3")
            .env("MIMALLOC_PURGE_DELAY", "7")
            .status()
            .unwrap();
        assert!(status.success(), "the child process read other values");
    }

    /// Without the variables, the options are this module's values.
    #[test]
    fn the_options_are_set_before_main() {
        for (option, variable, value) in OPTIONS {
            if std::env::var_os(variable.to_str().unwrap()).is_none() {
                // SAFETY: reads an option.
                assert_eq!(unsafe { libmimalloc_sys::mi_option_get(option) }, value);
            }
        }
    }
}
