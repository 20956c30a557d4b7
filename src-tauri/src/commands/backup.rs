//! `backup_data` and `restore_data`: all data of the store to one file and back.

use std::path::PathBuf;

use tauri::State;

use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// Writes a consistent copy of the whole store to `path`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn backup_data(state: State<'_, AppState>, path: String) -> Result<(), CommandError> {
    let target = PathBuf::from(path.trim());
    with_store(state.data_dir.clone(), move |store| store.backup_to(&target)).await
}

/// Replaces the store with the backup at `path`.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn restore_data(state: State<'_, AppState>, path: String) -> Result<(), CommandError> {
    let source = PathBuf::from(path.trim());
    with_store(state.data_dir.clone(), move |store| store.restore_from(&source)).await
}
