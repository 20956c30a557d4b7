//! Memo commands: preview the sections of a memo, choose where to save it, export it as a
//! PDF, and open the exported file.
//!
//! The save dialog and the export are separate commands, so a caller that already has a path
//! (a test, a script) exports without a native dialog. The dialog and the opener run in Rust,
//! so the webview has no dialog or opener permission.

use std::path::{Path, PathBuf};

use tauri::{AppHandle, State};
use tauri_plugin_dialog::DialogExt;
use tauri_plugin_opener::OpenerExt;

use crate::dialog;
use crate::engine::with_store_checked;
use crate::error::{CommandError, ErrorCode};
use crate::memo::export::{MemoExport, export_memo as export_memo_file, preview_memo};
use crate::memo::exported::ExportedMemos;
use crate::memo::preview::MemoPreview;
use crate::memo::request::MemoOptions;
use crate::state::AppState;

/// Builds the memo that `options` describe and returns what each section will hold, writing
/// nothing.
#[tauri::command]
#[tracing::instrument(skip(state))]
pub async fn memo_preview(
    state: State<'_, AppState>,
    options: MemoOptions,
) -> Result<MemoPreview, CommandError> {
    let now = chrono::Utc::now();
    with_store_checked(state.data_dir.clone(), move |store| preview_memo(store, &options, now))
        .await
}

/// Opens the system's save dialog for a PDF named `suggested_name` and returns the chosen
/// path, with `.pdf` appended when it has no extension. Returns `None` when the person cancels.
#[tauri::command]
#[tracing::instrument(skip(app))]
pub async fn choose_memo_path(
    app: AppHandle,
    suggested_name: String,
) -> Result<Option<String>, CommandError> {
    let chosen = dialog::run(move || {
        app.dialog()
            .file()
            .set_title("Export memo")
            .set_file_name(suggested_name)
            .add_filter("PDF document", &["pdf"])
            .blocking_save_file()
    })
    .await?;
    let Some(path) = chosen else {
        return Ok(None);
    };
    Ok(Some(with_pdf_extension(path).display().to_string()))
}

/// Builds the memo that `options` describe and writes it to `path`. A file already there is
/// replaced only when `replace` is set (the save dialog asked, or the person ticked the box)
/// or when this window exported it. On any error no file is left at `path`, or the one there
/// is kept unchanged.
#[tauri::command]
#[tracing::instrument(skip(state, exported))]
pub async fn export_memo(
    state: State<'_, AppState>,
    exported: State<'_, ExportedMemos>,
    options: MemoOptions,
    path: String,
    replace: bool,
) -> Result<MemoExport, CommandError> {
    let target = absolute_path(&path)?;
    let is_pdf = target.extension().is_some_and(|extension| extension.eq_ignore_ascii_case("pdf"));
    if !is_pdf {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "invalid memo file name {}: give a name ending in .pdf, so that no file of \
                 another kind is replaced",
                target.display()
            ),
        ));
    }
    if target.exists() && !replace && !exported.contains(&target) {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} already exists; choose another file name, or tick \"Replace an existing \
                 file\" to write over it",
                target.display()
            ),
        ));
    }
    let now = chrono::Utc::now();

    let written = target.clone();
    let result = with_store_checked(state.data_dir.clone(), move |store| {
        export_memo_file(store, &options, &written, now)
    })
    .await?;

    exported.insert(&target);
    tracing::info!(path = %target.display(), bytes = result.bytes, "memo exported");
    Ok(result)
}

/// Opens a memo exported by this window in the system's default PDF viewer.
#[tauri::command]
#[tracing::instrument(skip(app, exported))]
pub async fn open_memo(
    app: AppHandle,
    exported: State<'_, ExportedMemos>,
    path: String,
) -> Result<(), CommandError> {
    let target = absolute_path(&path)?;
    if !exported.contains(&target) {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!(
                "{} was not exported from this window, so it is not opened; export the memo \
                 first",
                target.display()
            ),
        ));
    }
    app.opener().open_path(target.display().to_string(), None::<&str>).map_err(|error| {
        CommandError::new(
            ErrorCode::Internal,
            format!(
                "could not open {} with the default PDF viewer: {error}; open the file from \
                 its folder",
                target.display()
            ),
        )
    })
}

/// Checks that `path` is absolute, because a relative path would resolve against the app's
/// working folder, which the person cannot see.
fn absolute_path(path: &str) -> Result<PathBuf, CommandError> {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            "no file chosen for the memo; choose where to save it",
        ));
    }
    let path = PathBuf::from(trimmed);
    if !path.is_absolute() {
        return Err(CommandError::new(
            ErrorCode::InvalidInput,
            format!("the memo path {trimmed:?} is relative; give an absolute path"),
        ));
    }
    Ok(path)
}

/// Appends `.pdf` to a path without an extension, as save dialogs on Linux do not.
fn with_pdf_extension(path: PathBuf) -> PathBuf {
    if Path::new(&path).extension().is_some() { path } else { path.with_extension("pdf") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_path_rejects_relative() {
        let error = absolute_path("memo.pdf").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(error.message.contains("\"memo.pdf\""), "{}", error.message);
    }

    #[test]
    fn absolute_path_rejects_empty() {
        let error = absolute_path("  ").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
    }

    #[test]
    fn pdf_extension_added_when_missing() {
        assert_eq!(with_pdf_extension(PathBuf::from("/tmp/memo")), PathBuf::from("/tmp/memo.pdf"));
        assert_eq!(
            with_pdf_extension(PathBuf::from("/tmp/memo.PDF")),
            PathBuf::from("/tmp/memo.PDF")
        );
    }
}
