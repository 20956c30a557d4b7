//! Starts the Clausewatch desktop app; everything else lives in the library so tests can reach it.

// Without this attribute a Windows release build would open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// jemalloc, tuned for page bodies that come and go (see the watcher's `allocator` module).
#[global_allocator]
static ALLOCATOR: clausewatch_watcher::allocator::Allocator =
    clausewatch_watcher::allocator::ALLOCATOR;

fn main() {
    clausewatch_desktop::run();
}
