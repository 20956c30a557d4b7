//! Starts the Clausewatch desktop app; everything else lives in the library so tests can reach it.

// Without this attribute a Windows release build would open a console next to the window.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    clausewatch_watcher::allocator::tune();
    clausewatch_desktop::run();
}
