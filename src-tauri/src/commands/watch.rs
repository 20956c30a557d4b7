//! Commands of the background watcher: "check now" for every source or one document, and the
//! watch settings (check interval, notification threshold).

use tauri::State;

use clausewatch_store::settings::WatchSettings;
use clausewatch_watcher::notify::NotifySettings;
use clausewatch_watcher::schedule::CheckNow;

use crate::commands::library::reviewer;
use crate::engine::with_store;
use crate::error::{CommandError, ErrorCode};
use crate::state::AppState;
use crate::watch::Watch;

/// Makes the sources of one document, or every source when no document is named, due now;
/// the background watcher checks them at once and reports the pass as an event.
#[tauri::command]
pub fn check_now(
    watch: State<'_, Watch>,
    platform: Option<String>,
    document: Option<String>,
) -> Result<(), CommandError> {
    let which = match (platform, document) {
        (None, None) => CheckNow::All,
        (Some(platform), Some(document)) => CheckNow::Document { platform, document },
        (platform, document) => {
            return Err(CommandError::new(
                ErrorCode::InvalidInput,
                format!(
                    "check now needs both a platform and a document, or neither; got platform \
                     {platform:?} and document {document:?}"
                ),
            ));
        }
    };
    watch.check_now(which)
}

/// Quits the app as the tray's Quit does: the exit handler stops the watcher after its write
/// in progress.
#[tauri::command]
pub fn quit_app(app: tauri::AppHandle) {
    tracing::info!("quit requested from the window");
    app.exit(0);
}

/// Returns why this window does not check sources (another process watches the data folder,
/// say), or `None` while its background watcher runs.
#[tauri::command]
pub fn watcher_status(watch: State<'_, Watch>) -> Option<String> {
    watch.not_running_reason()
}

/// Returns the watch settings: check interval of new sources and notification threshold.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn watch_settings(state: State<'_, AppState>) -> Result<WatchSettings, CommandError> {
    with_store(state.data_dir.clone(), |store| store.watch_settings()).await
}

/// Stores the watch settings, gives every source the new interval when `apply_to_sources`
/// is set, and makes the running watcher notify by the new threshold. Returns how many
/// sources took the new interval.
#[tauri::command]
#[tracing::instrument(skip(state, watch))]
pub async fn set_watch_settings(
    state: State<'_, AppState>,
    watch: State<'_, Watch>,
    settings: WatchSettings,
    apply_to_sources: bool,
) -> Result<usize, CommandError> {
    let stored = settings.clone();
    let changed = with_store(state.data_dir.clone(), move |store| {
        store.set_watch_settings(&stored, apply_to_sources, &reviewer(), chrono::Utc::now())
    })
    .await?;
    watch.set_notify(NotifySettings::from(&settings));
    Ok(changed)
}
