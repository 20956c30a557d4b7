//! Note commands: the notes on a clause, adding, editing and deleting one, and confirming one
//! after its clause changed. A note is flagged for review when its clause changes
//! substantively. Every edit goes to the audit log.

use clausewatch_store::notes::Note;
use tauri::State;

use crate::commands::library::reviewer;
use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// Returns the notes on clause `clause_id`, oldest first.
#[tauri::command]
pub async fn clause_notes(
    state: State<'_, AppState>,
    clause_id: String,
) -> Result<Vec<Note>, CommandError> {
    with_store(state.data_dir.clone(), move |store| store.notes(&clause_id)).await
}

/// Adds a note with `body` to clause `clause_id`, anchored to its latest version.
#[tauri::command]
#[tracing::instrument(skip(state, body))]
pub async fn add_note(
    state: State<'_, AppState>,
    clause_id: String,
    body: String,
) -> Result<Note, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.add_note(&clause_id, &body, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Confirms note `id` against its clause's latest version, which clears its review flag.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn confirm_note(state: State<'_, AppState>, id: i64) -> Result<Note, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.confirm_note(id, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Replaces the text of note `id` with `body`.
#[tauri::command]
#[tracing::instrument(skip(state, body))]
pub async fn edit_note(
    state: State<'_, AppState>,
    id: i64,
    body: String,
) -> Result<Note, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.edit_note(id, &body, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Deletes note `id`. The audit log keeps its text.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn delete_note(state: State<'_, AppState>, id: i64) -> Result<(), CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.delete_note(id, &reviewer(), chrono::Utc::now())
    })
    .await
}
