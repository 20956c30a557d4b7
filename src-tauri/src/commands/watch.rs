//! Commands of the background watcher: "check now" for every source or one document.

use tauri::State;

use clausewatch_watcher::schedule::CheckNow;

use crate::error::{CommandError, ErrorCode};
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
