//! `demo_status` and `remove_demo`: the first-launch import of the demo archive and its removal.

use tauri::State;

use crate::demo::{self, DemoPhase, DemoState, DemoStatus};
use crate::engine::with_store;
use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;

/// Returns where the demo import stands, for the loading state of every view.
#[tauri::command]
pub fn demo_status(demo: State<'_, DemoState>) -> DemoStatus {
    demo.snapshot()
}

/// Deletes the demo platforms with their review states and notes, and keeps them from coming
/// back on the next launch. The UI asks for confirmation first.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub async fn remove_demo(
    state: State<'_, AppState>,
    demo: State<'_, DemoState>,
) -> Result<DemoStatus, CommandError> {
    let status = demo.snapshot();
    if status.phase == DemoPhase::Importing {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "the demo archive is still being imported; remove it once the import has finished",
        ));
    }

    let data_dir = state.data_dir.clone();
    let marker = data_dir.join(demo::REMOVED_MARKER);
    let archive_names = status.platforms.clone();
    with_store(data_dir, move |store| {
        // The ids recorded at import follow a rename; a store imported before they were
        // recorded falls back to the archive's folder names.
        let names = store.demo_platforms()?.unwrap_or(archive_names);
        store.remove_platforms(&names, &reviewer(), chrono::Utc::now())
    })
    .await?;

    std::fs::write(&marker, "The demo archive was removed; delete this file to import it again.\n")
        .map_err(|error| {
            CommandError::new(
                ErrorCode::Internal,
                format!(
                    "the demo platforms were removed but {} could not be written: {error}; \
                         they will be imported again on the next launch",
                    marker.display()
                ),
            )
        })?;
    Ok(demo.snapshot())
}

/// Returns the name recorded in the audit log for edits made in the app: the login name from
/// the system, as the `clausewatch` command records it, else `$USER`, else "desktop user".
pub fn reviewer() -> String {
    whoami::username()
        .ok()
        .or_else(|| std::env::var("USER").ok())
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| "desktop user".to_owned())
}
