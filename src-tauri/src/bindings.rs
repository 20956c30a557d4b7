//! TypeScript declarations of every type that crosses the IPC boundary, generated with `ts-rs`.
//!
//! The UI imports them from `ui/src/lib/bindings/`. The test `bindings_are_current` fails when
//! the committed files differ from what [`render`] produces; run
//! `CLAUSEWATCH_UPDATE_BINDINGS=1 cargo test -p clausewatch-desktop --test bindings` (or
//! `make bindings`) to rewrite them. List each new IPC type in [`render`].

use std::path::PathBuf;

use ts_rs::{Config, ExportError, TS};

use clausewatch_store::backup::BackupSummary;
use clausewatch_store::checklists::{Checklist, ChecklistItem, ItemChange, ItemStatus};
use clausewatch_store::compare::{
    CategoryComparison, ComparedClause, DocumentComparison, PlatformComparison,
};
use clausewatch_store::desktop_queries::RemovedPlatforms;
use clausewatch_store::model::{
    AsOf, ChangeView, ClauseHistory, ClauseHistoryEntry, ClauseView, DocumentSummary, LineageLink,
    PlatformSummary, SearchHit, VersionSummary,
};
use clausewatch_store::notes::Note;
use clausewatch_store::settings::WatchSettings;
use clausewatch_store::sources::SourceUpdate;
use clausewatch_watcher::import::ImportSummary;
use clausewatch_watcher::source_form::{SavedSource, SourceEntry, SourceForm};

use crate::commands::app_info::AppInfo;
use crate::commands::browse::ChangeFilter;
use crate::commands::categories::CategoryEntry;
use crate::commands::checklists::ItemEdit;
use crate::commands::compare::{CategoryCompareView, RiskEntry};
use crate::commands::review::ChangeReview;
use crate::demo::{DemoPhase, DemoStatus};
use crate::error::{CommandError, ErrorCode};
use crate::memo::export::MemoExport;
use crate::memo::preview::{MemoPreview, SectionPreview};
use crate::memo::request::{MemoOptions, MemoPaper};
use crate::watch::PassSummary;
use clausewatch_store::model::WatchStatus;
use clausewatch_store::overview::{ChangeOverview, GroupCount};

/// One generated file: its name inside the bindings folder and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindingFile {
    /// File name relative to the bindings folder, such as `AppInfo.ts`.
    pub path: PathBuf,
    /// TypeScript source.
    pub contents: String,
}

/// Returns the generator settings: serde writes `i64` as a JSON number, so it maps to `number`.
pub fn config() -> Config {
    Config::new().with_large_int("number")
}

/// Renders the declaration file of every IPC type, sorted by path.
pub fn render() -> Result<Vec<BindingFile>, ExportError> {
    let config = config();
    let mut files = vec![
        file::<AppInfo>(&config)?,
        file::<PassSummary>(&config)?,
        file::<ChangeFilter>(&config)?,
        file::<ChangeOverview>(&config)?,
        file::<GroupCount>(&config)?,
        file::<WatchStatus>(&config)?,
        file::<CommandError>(&config)?,
        file::<ErrorCode>(&config)?,
        file::<DemoPhase>(&config)?,
        file::<DemoStatus>(&config)?,
        file::<CategoryEntry>(&config)?,
        file::<Checklist>(&config)?,
        file::<ChecklistItem>(&config)?,
        file::<ItemChange>(&config)?,
        file::<ItemEdit>(&config)?,
        file::<ItemStatus>(&config)?,
        file::<Note>(&config)?,
        file::<CategoryCompareView>(&config)?,
        file::<CategoryComparison>(&config)?,
        file::<ComparedClause>(&config)?,
        file::<DocumentComparison>(&config)?,
        file::<PlatformComparison>(&config)?,
        file::<RiskEntry>(&config)?,
        file::<ChangeReview>(&config)?,
        file::<MemoExport>(&config)?,
        file::<MemoOptions>(&config)?,
        file::<MemoPaper>(&config)?,
        file::<MemoPreview>(&config)?,
        file::<SectionPreview>(&config)?,
        file::<AsOf>(&config)?,
        file::<ChangeView>(&config)?,
        file::<ClauseHistory>(&config)?,
        file::<ClauseHistoryEntry>(&config)?,
        file::<ClauseView>(&config)?,
        file::<DocumentSummary>(&config)?,
        file::<LineageLink>(&config)?,
        file::<PlatformSummary>(&config)?,
        file::<SearchHit>(&config)?,
        file::<VersionSummary>(&config)?,
        file::<WatchSettings>(&config)?,
        file::<SourceForm>(&config)?,
        file::<SourceEntry>(&config)?,
        file::<SavedSource>(&config)?,
        file::<SourceUpdate>(&config)?,
        file::<ImportSummary>(&config)?,
        file::<RemovedPlatforms>(&config)?,
        file::<BackupSummary>(&config)?,
    ];
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Renders the declaration file of `T`.
fn file<T: TS + 'static>(config: &Config) -> Result<BindingFile, ExportError> {
    let path = T::output_path()
        .ok_or_else(|| ExportError::CannotBeExported(std::any::type_name::<T>()))?;
    Ok(BindingFile { path, contents: T::export_to_string(config)? })
}
