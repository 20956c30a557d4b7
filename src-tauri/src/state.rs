//! What the shell keeps for the lifetime of the window: the folders it uses.
//!
//! Tauri passes `&AppState` to every command that takes a `State<AppState>` argument. Put
//! handles that commands share (the store connection) here, never globals.

use std::path::PathBuf;

/// Folders the running app reads and writes.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Folder of the store, settings and logs.
    pub data_dir: PathBuf,
    /// Folder of the rolling log files.
    pub log_dir: PathBuf,
}
