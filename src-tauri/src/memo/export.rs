//! Preview and export of one memo on an open store, without Tauri, so tests call them on a
//! real store file.

use std::path::Path;

use chrono::{DateTime, Utc};
use clausewatch_memo::Memo;
use clausewatch_store::Store;
use serde::Serialize;
use ts_rs::TS;

use crate::error::CommandError;
use crate::memo::errors::{build_error, write_error};
use crate::memo::preview::{MemoPreview, preview};
use crate::memo::request::MemoOptions;

/// A memo written to disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "MemoExport.ts")]
pub struct MemoExport {
    /// Absolute path of the PDF.
    pub path: String,
    /// Size of the PDF in bytes.
    pub bytes: u64,
    /// Section summary, from the model the PDF was rendered from.
    pub preview: MemoPreview,
}

/// Builds the memo that `options` describe and returns what each section will hold, writing
/// nothing.
pub fn preview_memo(
    store: &Store,
    options: &MemoOptions,
    now: DateTime<Utc>,
) -> Result<MemoPreview, CommandError> {
    Ok(preview(&build(store, options, now)?))
}

/// Builds the memo that `options` describe and writes it to `path` through a temporary file
/// in the same folder, so on any error no file is left at `path` or the one there is kept.
pub fn export_memo(
    store: &Store,
    options: &MemoOptions,
    path: &Path,
    now: DateTime<Utc>,
) -> Result<MemoExport, CommandError> {
    let memo = build(store, options, now)?;
    clausewatch_memo::write_pdf_file(&memo, &options.render_options(), path)
        .map_err(|error| write_error(&error))?;

    // The size is informative only, so a failed stat after a successful write reports 0.
    let bytes = std::fs::metadata(path).map(|metadata| metadata.len()).unwrap_or(0);
    Ok(MemoExport { path: path.display().to_string(), bytes, preview: preview(&memo) })
}

/// Builds the memo model of `options` from the store.
fn build(store: &Store, options: &MemoOptions, now: DateTime<Utc>) -> Result<Memo, CommandError> {
    let request = options.to_request(now)?;
    clausewatch_memo_builder::build_memo(store, &request).map_err(|error| build_error(&error))
}
