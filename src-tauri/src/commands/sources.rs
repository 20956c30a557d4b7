//! Commands of the Platforms view: list, save and remove the sources documents are checked
//! from, rename and remove platforms, and import declarations or a versions archive chosen in
//! the system's file dialog.
//!
//! The dialog runs in Rust ([`crate::dialog`]). The import itself takes a path, so a test or
//! script imports without a dialog.

use std::path::PathBuf;

use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;

use clausewatch_store::desktop_queries::RemovedPlatforms;
use clausewatch_store::sources::SourceUpdate;
use clausewatch_watcher::import::{ImportSummary, import_path as import_any};
use clausewatch_watcher::schedule::CheckNow;
use clausewatch_watcher::source_form::source_entries;
use clausewatch_watcher::source_form::{SavedSource, SourceEntry, SourceForm, save_source as save};

use crate::commands::library::reviewer;
use crate::dialog;
use crate::engine::with_store;
use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;
use crate::watch::Watch;

/// Returns every source as the editor shows it, by platform and document.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn sources(state: State<'_, AppState>) -> Result<Vec<SourceEntry>, CommandError> {
    with_store(state.data_dir.clone(), |store| source_entries(store)).await
}

/// Adds or replaces the source of the form's document. A new source, or one with new rules,
/// is checked by the background watcher at once.
#[tauri::command]
#[tracing::instrument(skip(state, watch))]
pub async fn save_source(
    state: State<'_, AppState>,
    watch: State<'_, Watch>,
    form: SourceForm,
) -> Result<SavedSource, CommandError> {
    let stored = form.clone();
    let saved = with_store(state.data_dir.clone(), move |store| {
        save(store, &stored, "app", &reviewer(), chrono::Utc::now())
    })
    .await?;
    if matches!(saved.update, SourceUpdate::Created | SourceUpdate::RulesChanged) {
        let document = CheckNow::Document {
            platform: form.platform.trim().to_owned(),
            document: form.document.trim().to_owned(),
        };
        if let Err(error) = watch.check_now(document) {
            tracing::warn!(message = %error.message, "source saved; its check waits for its time");
        }
    }
    Ok(saved)
}

/// Removes the source of a document; its versions stay.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn remove_source(
    state: State<'_, AppState>,
    platform: String,
    document: String,
) -> Result<(), CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.remove_source(&platform, &document, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Renames a platform, keeping its review states, notes and checklists.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn rename_platform(
    state: State<'_, AppState>,
    from: String,
    to: String,
) -> Result<(), CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        store.rename_platform(&from, &to, &reviewer(), chrono::Utc::now())
    })
    .await
}

/// Deletes a platform with its documents, versions, sources and the user data attached to
/// them. The UI requests confirmation first.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn remove_platform(
    state: State<'_, AppState>,
    name: String,
) -> Result<RemovedPlatforms, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let removed =
            store.remove_platforms(std::slice::from_ref(&name), &reviewer(), chrono::Utc::now())?;
        if removed.platforms == 0 {
            return Err(clausewatch_store::StoreError::NotFound(format!(
                "no platform named {name:?}; the Platforms view lists the stored ones"
            )));
        }
        Ok(removed)
    })
    .await
}

/// Opens the system's dialog for what `kind` names: "declarations" picks declaration files
/// (`<Platform>.json`), "versions" picks a versions folder. Returns `None` when cancelled.
#[tauri::command]
#[tracing::instrument(skip(app))]
pub async fn choose_import_path(
    app: AppHandle,
    kind: String,
) -> Result<Option<String>, CommandError> {
    let declarations = match kind.as_str() {
        "declarations" => true,
        "versions" => false,
        other => {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!("unknown import kind {other:?}; use \"declarations\" or \"versions\""),
            ));
        }
    };
    let chosen = dialog::run(move || {
        let dialog = app.dialog().file();
        if declarations {
            dialog
                .set_title("Import declaration file")
                .add_filter("Open Terms Archive declaration", &["json"])
                .blocking_pick_file()
        } else {
            dialog.set_title("Import versions folder").blocking_pick_folder()
        }
    })
    .await?;
    Ok(chosen.map(|path| path.display().to_string()))
}

/// Imports the declarations or versions at `path`; see [`import_any`].
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn import_path(
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportSummary, CommandError> {
    let path = PathBuf::from(path.trim());
    with_store(state.data_dir.clone(), move |store| {
        import_any(store, &path, &reviewer(), chrono::Utc::now())
    })
    .await
}
