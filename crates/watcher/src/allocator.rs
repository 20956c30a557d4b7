//! Tunes the C library's allocator for a process that watches documents for hours.
//!
//! A check pass allocates page bodies and texts of 0.1 to 2 MB and frees them soon after.
//! With glibc's defaults, the size above which such a block gets a mapping of its own rises
//! once the first ones are freed. Later pages then come from the heap, and the freed space
//! stays with the process. Over 300 sources, three passes ended at 344, 362 and 433 MiB of
//! PSS; a fixed threshold of 128 KiB, with freed heap space above it trimmed, gave 218, 236
//! and 257 MiB (`docs/benchmarks.md`). The binaries call [`tune`] first thing in `main`.

// The one unsafe call of the project: `mallopt` is a plain C function that takes two integers.
#![allow(unsafe_code)]

/// Size above which an allocation gets a mapping of its own, and freed heap space beyond which
/// the heap is given back to the system.
const THRESHOLD_BYTES: i32 = 128 * 1024;

/// Sets the allocator's thresholds on glibc; elsewhere it does nothing. Call it before the
/// process starts other threads.
pub fn tune() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: `mallopt` only changes the allocator's parameters and takes and returns plain
        // integers, so any call is sound. It is made before other threads start.
        let mapped = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD_BYTES) };
        // SAFETY: as above.
        let trimmed = unsafe { libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD_BYTES) };
        // Logging is not set up yet this early, so the failure goes to standard error.
        if mapped != 1 || trimmed != 1 {
            eprintln!(
                "warning: glibc rejected the allocator thresholds of {THRESHOLD_BYTES} bytes \
                 (mallopt returned {mapped} and {trimmed}); Clausewatch runs with the defaults \
                 and may use more memory"
            );
        }
    }
}
