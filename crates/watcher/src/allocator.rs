//! Tunes the C library's allocator for a process that watches documents for hours.
//!
//! A check pass allocates page bodies and texts of 0.1 to 2 MB and frees them soon after. With
//! glibc's defaults the threshold above which such blocks get their own mapping rises after the
//! first ones are freed, so later pages come from the heap, and the freed space stays with
//! the process: over 300 sources, three passes ended at 344, 362 and 433 MiB of PSS. A fixed
//! threshold of 128 KiB (and trimming freed heap space above it) gave 218, 236 and 257 MiB, as
//! recorded in `docs/benchmarks.md`. The binaries call [`tune`] first thing in `main`.

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
        // SAFETY: `mallopt` only changes the allocator's parameters; it takes and returns
        // plain integers and is safe to call at any time, though best before threads start.
        let mapped = unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD_BYTES) };
        // SAFETY: as above.
        let trimmed = unsafe { libc::mallopt(libc::M_TRIM_THRESHOLD, THRESHOLD_BYTES) };
        if mapped != 1 || trimmed != 1 {
            tracing::warn!(mapped, trimmed, "the allocator did not take its thresholds");
        }
    }
}
