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
    let target = absolute_path(&path)?;
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
    let source = absolute_path(&path)?;
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
    let source = absolute_path(&path)?;
    let joined = tauri::async_runtime::spawn_blocking(move || {
        clausewatch_store::backup::inspect_backup(&source).map_err(|error| to_command_error(&error))
    })
    .await;
    joined.map_err(|error| {
        CommandError::new(ErrorCode::Internal, format!("the backup check stopped: {error}"))
    })?
}

/// Returns `path` trimmed, rejecting a relative one: the window has no working folder a user
/// could know, so a relative name would land wherever the app was started from.
fn absolute_path(path: &str) -> Result<PathBuf, CommandError> {
    let trimmed = path.trim();
    let candidate = PathBuf::from(trimmed);
    if trimmed.is_empty() || !candidate.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "{trimmed:?} is not a full path; give the whole path of the file, such as \
                 /home/you/clausewatch-backup.sqlite3"
            ),
        ));
    }
    Ok(candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_are_rejected() {
        for path in ["backup.sqlite3", "./backup.sqlite3", "  ", "~/backup.sqlite3"] {
            let error = absolute_path(path).expect_err("a relative path");
            assert_eq!(error.code, ErrorCode::InvalidInput, "{path}");
            assert!(error.message.contains("is not a full path"), "{path}: {}", error.message);
        }
        let absolute = absolute_path(" /tmp/backup.sqlite3 ").expect("an absolute path");
        assert_eq!(absolute, PathBuf::from("/tmp/backup.sqlite3"));
    }
}
