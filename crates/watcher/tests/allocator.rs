//! The allocator's settings reach jemalloc, and memory freed by a burst of large blocks goes
//! back to the system while the process is idle. The binaries use jemalloc on Linux with glibc.

#![cfg(all(target_os = "linux", target_env = "gnu"))]

use std::time::{Duration, Instant};

use tikv_jemalloc_ctl::opt;

#[global_allocator]
static ALLOCATOR: clausewatch_watcher::allocator::Allocator =
    clausewatch_watcher::allocator::ALLOCATOR;

/// Returns the resident bytes of this process, from `/proc/self/statm` (in 4 KiB pages).
fn resident() -> usize {
    let statm = std::fs::read_to_string("/proc/self/statm").expect("statm is readable");
    let pages: usize = statm
        .split_whitespace()
        .nth(1)
        .and_then(|field| field.parse().ok())
        .expect("statm has a resident count");
    pages * 4096
}

#[test]
fn jemalloc_reads_settings() {
    assert!(opt::background_thread::read().expect("option readable"), "background purging is on");
}

#[test]
fn idle_freed_pages_returned() {
    const BLOCKS: usize = 64;
    const BLOCK_BYTES: usize = 1 << 20;

    let before = resident();
    let blocks: Vec<Vec<u8>> = (0..BLOCKS)
        .map(|index| vec![u8::try_from(index % 251).unwrap_or(1); BLOCK_BYTES])
        .collect();
    let holding = resident();
    assert!(
        holding >= before + BLOCKS * BLOCK_BYTES / 2,
        "the blocks are resident: {before} bytes before, {holding} while held"
    );
    drop(blocks);

    // Nothing allocates from here on, so only a background purge can lower the figure.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut now = resident();
    while now > before + BLOCK_BYTES * 8 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(200));
        now = resident();
    }
    assert!(
        now <= before + BLOCK_BYTES * 8,
        "idle memory went back: {before} bytes before, {holding} while held, {now} after"
    );
}
