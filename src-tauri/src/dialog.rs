//! The system's file dialogs, run from Rust so the webview needs no dialog permission.
//!
//! [`run`] takes a blocking dialog call of `tauri-plugin-dialog`, runs it off the async runtime
//! and converts its result into a path. Commands build the dialog (title, filters) themselves.

use std::path::PathBuf;

use tauri_plugin_dialog::FilePath;

use crate::error::{CommandError, ErrorCode};

/// Runs `dialog` on a blocking worker and returns the chosen path, or `None` when the person
/// cancels.
pub async fn run<F>(dialog: F) -> Result<Option<PathBuf>, CommandError>
where
    F: FnOnce() -> Option<FilePath> + Send + 'static,
{
    let chosen = tauri::async_runtime::spawn_blocking(dialog).await.map_err(|error| {
        CommandError::new(ErrorCode::Internal, format!("the file dialog stopped: {error}"))
    })?;

    let Some(chosen) = chosen else {
        return Ok(None);
    };
    let path = chosen.into_path().map_err(|error| {
        CommandError::new(
            ErrorCode::InvalidInput,
            format!("the file dialog returned a location that is not a file path: {error}"),
        )
    })?;
    Ok(Some(path))
}
