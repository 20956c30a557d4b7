//! Drives the real Clausewatch window through `tauri-driver` and WebKitWebDriver.
//!
//! Each [`Session`] starts its own `tauri-driver` on free ports of 127.0.0.1, launches the
//! debug binary with a temporary data folder, and stops the driver with SIGTERM when dropped.
//! The tests need an X display (`make e2e` runs them under Xvfb), so a plain `cargo test`
//! skips them as ignored. Add helpers for new views to [`session`].

pub mod driver;
pub mod paths;
pub mod process_tree;
pub mod session;
pub mod terms_server;
pub mod tray_host;

pub use session::{Session, run};
