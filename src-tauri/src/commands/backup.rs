//! `backup_data` and `restore_data`: all data of the store to one file and back, and
//! `inspect_backup`, which reads a backup's contents before the user confirms a restore.
//!
//! A restore first writes a safety copy of the current data into the data folder and logs the
//! restore in the audit log, so replaced data can be brought back the same way.

use std::path::PathBuf;

use tauri::State;

use clausewatch_store::backup::{BackupSummary, BrokenAuditLog, safety_copy_path};

use crate::commands::library::reviewer;
use crate::engine::{to_command_error, with_store};
use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Writes a consistent copy of the whole store to `path`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn backup_data(state: State<'_, AppState>, path: String) -> Result<(), CommandError> {
    let target = PathBuf::from(path.trim());
    with_store(state.data_dir.clone(), move |store| store.backup_to(&target)).await
}

/// Replaces the store with the backup at `path`, after writing a copy of the current data to
/// `before-restore-<UTC time>.sqlite3` in the data folder. Returns the path of that copy.
/// The UI has the user confirm first.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn restore_data(
    state: State<'_, AppState>,
    path: String,
) -> Result<String, CommandError> {
    let source = PathBuf::from(path.trim());
    let now = chrono::Utc::now();
    let safety_copy = safety_copy_path(&state.data_dir, now);
    with_store(state.data_dir.clone(), move |store| {
        let policy = BrokenAuditLog::Refuse;
        store.restore_with_safety_copy(&source, &safety_copy, &reviewer(), now, policy)?;
        Ok(safety_copy.display().to_string())
    })
    .await
}

/// Checks the backup at `path` as a restore would and returns what it holds, so the window can
/// show it in the confirmation. Nothing is written.
#[tauri::command]
#[tracing::instrument]
pub async fn inspect_backup(path: String) -> Result<BackupSummary, CommandError> {
    let source = PathBuf::from(path.trim());
    let joined = tauri::async_runtime::spawn_blocking(move || {
        clausewatch_store::backup::inspect_backup(&source).map_err(|error| to_command_error(&error))
    })
    .await;
    joined.map_err(|error| {
        CommandError::new(ErrorCode::Internal, format!("the backup check stopped: {error}"))
    })?
}
