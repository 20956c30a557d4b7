//! The memory allocator of the binaries: jemalloc, with freed memory given back within a second.
//!
//! A check pass allocates page bodies and texts of 0.1 to 2 MB and frees them soon after, on
//! several threads. With glibc's allocator, the process either kept the freed space (344 to
//! 433 MiB of PSS over 300 sources) or, with a fixed mapping threshold, mapped and zeroed every
//! large block again. jemalloc reuses such blocks across threads and returns unused pages after
//! [`MALLOC_CONF`]'s decay time. In the check pass bench it cut the CPU time of a pass of
//! changed pages by a sixth or more, with peaks near 215 MiB (`docs/benchmarks.md`). SQLite and the WebKit of the desktop app keep the
//! C library's allocator, since the crate's jemalloc does not replace `malloc`.
//!
//! Each binary names the allocator in its `main.rs`:
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: clausewatch_watcher::allocator::Allocator =
//!     clausewatch_watcher::allocator::ALLOCATOR;
//! ```
//!
//! To change how soon memory goes back to the system, edit [`MALLOC_CONF`].

// Exporting a symbol for jemalloc to read is the one unsafe attribute of the project.
#![allow(unsafe_code)]

/// The allocator the binaries use.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub type Allocator = tikv_jemallocator::Jemalloc;

/// The allocator the binaries use elsewhere: the system's, since jemalloc's background purging
/// works only with glibc's threads on Linux.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub type Allocator = std::alloc::System;

/// The value to declare as the global allocator.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub const ALLOCATOR: Allocator = tikv_jemallocator::Jemalloc;

/// The value to declare as the global allocator.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub const ALLOCATOR: Allocator = std::alloc::System;

/// jemalloc's options, read once when it starts: a background thread gives pages unused for a
/// second back to the system, where the default waits ten seconds and purges only when the
/// process allocates again. A watcher is idle between passes, so its memory falls soon after
/// each one.
///
/// jemalloc reads this C string through its `malloc_conf` symbol (prefixed `_rjem_` by the
/// crate); the environment variable `_RJEM_MALLOC_CONF` still overrides it.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
// SAFETY: jemalloc declares this symbol as `const char *`, defines it weakly as null and only
// reads it. The static is a thin pointer to a NUL-terminated byte string that lives for the
// whole process, and it replaces jemalloc's weak definition at link time.
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &u8 = &b"background_thread:true,dirty_decay_ms:1000\0"[0];
