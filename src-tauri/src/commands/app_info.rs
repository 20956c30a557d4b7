//! `app_info`: the version and folders of the running app, shown under About and Settings.

use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::error::CommandError;
use crate::state::AppState;

/// Facts about the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "AppInfo.ts")]
pub struct AppInfo {
    /// Version of the desktop package, as in its `Cargo.toml`.
    pub version: String,
    /// Folder of the store, settings and logs.
    pub data_dir: String,
    /// Folder of the rolling log files.
    pub log_dir: String,
}

/// Returns the version and folders of the running app.
pub fn describe(state: &AppState) -> AppInfo {
    AppInfo {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        data_dir: state.data_dir.display().to_string(),
        log_dir: state.log_dir.display().to_string(),
    }
}

/// Returns [`AppInfo`] to the UI.
#[tauri::command]
#[tracing::instrument(skip_all)]
pub fn app_info(state: State<'_, AppState>) -> Result<AppInfo, CommandError> {
    Ok(describe(&state))
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    #[test]
    fn describe_reports_package_version_and_folders() {
        let state =
            AppState { data_dir: PathBuf::from("/srv/cw"), log_dir: PathBuf::from("/srv/cw/logs") };
        let info = describe(&state);
        assert_eq!(info.version, "0.1.0");
        assert_eq!(info.data_dir, "/srv/cw");
        assert_eq!(info.log_dir, "/srv/cw/logs");
    }
}
