//! Read-only commands behind the dashboard, platforms, document, clause timeline, version diff
//! and search views. Each calls one query of the store.

use chrono::NaiveDate;
use clausewatch_store::StoreError;
use clausewatch_store::model::{
    AsOf, ChangeView, ClauseHistory, PlatformSummary, SearchHit, VersionSummary,
};
use clausewatch_store::overview::ChangeOverview;
use clausewatch_store::queries::RecentFilter;
use serde::Deserialize;
use tauri::State;
use ts_rs::TS;

use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// Returns every platform with a summary of each document.
#[tauri::command]
pub async fn platforms(state: State<'_, AppState>) -> Result<Vec<PlatformSummary>, CommandError> {
    with_store(state.data_dir.clone(), |store| store.platforms()).await
}

/// The dashboard's filters, as the window sends them.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[ts(export_to = "ChangeFilter.ts")]
pub struct ChangeFilter {
    /// Only this platform, by name; every platform when empty or absent.
    pub platform: Option<String>,
    pub substantive_only: bool,
    /// Only these severities ("unrated" for none); any when empty.
    pub severities: Vec<String>,
    /// Only clauses of this category id; any when empty or absent.
    pub category: Option<String>,
    /// Only changes not yet reviewed, acknowledged or dismissed.
    #[serde(default)]
    pub unreviewed_only: bool,
}

impl ChangeFilter {
    fn into_recent(self, limit: usize) -> RecentFilter {
        RecentFilter {
            platform: self.platform.filter(|name| !name.trim().is_empty()),
            since: None,
            substantive_only: self.substantive_only,
            severities: self.severities,
            category: self.category.filter(|id| !id.trim().is_empty()),
            unreviewed_only: self.unreviewed_only,
            limit,
        }
    }
}

/// Returns the change records `filter` selects across every document, newest first, at most
/// `limit`.
#[tauri::command]
pub async fn recent_changes(
    state: State<'_, AppState>,
    filter: ChangeFilter,
    limit: u32,
) -> Result<Vec<ChangeView>, CommandError> {
    let filter = filter.into_recent(limit as usize);
    with_store(state.data_dir.clone(), move |store| store.recent_changes(&filter)).await
}

/// Returns the totals of every change record `filter` selects, for the dashboard's charts.
#[tauri::command]
pub async fn change_overview(
    state: State<'_, AppState>,
    filter: ChangeFilter,
) -> Result<ChangeOverview, CommandError> {
    let filter = filter.into_recent(usize::MAX);
    with_store(state.data_dir.clone(), move |store| store.change_overview(&filter)).await
}

/// Returns every version of a document, oldest first.
#[tauri::command]
pub async fn document_versions(
    state: State<'_, AppState>,
    platform: String,
    document: String,
) -> Result<Vec<VersionSummary>, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let document = store.resolve_document(&platform, &document)?;
        store.versions(&document)
    })
    .await
}

/// Returns the text of a document in force on `date` (`YYYY-MM-DD`).
#[tauri::command]
pub async fn document_as_of(
    state: State<'_, AppState>,
    platform: String,
    document: String,
    date: String,
) -> Result<AsOf, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let date = parse_date(&date)?;
        let document = store.resolve_document(&platform, &document)?;
        store.as_of(&document, date)
    })
    .await
}

/// Returns one provision through every version of its document.
#[tauri::command]
pub async fn clause_history(
    state: State<'_, AppState>,
    clause_id: String,
) -> Result<ClauseHistory, CommandError> {
    with_store(state.data_dir.clone(), move |store| store.clause_history(&clause_id)).await
}

/// Compares two versions of a document, named by their ids, clause by clause.
#[tauri::command]
pub async fn diff_versions(
    state: State<'_, AppState>,
    platform: String,
    document: String,
    from_id: i64,
    to_id: i64,
) -> Result<Vec<ChangeView>, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let document = store.resolve_document(&platform, &document)?;
        let versions = store.versions(&document)?;
        let find = |id: i64| {
            versions.iter().find(|version| version.id == id).cloned().ok_or_else(|| {
                StoreError::NotFound(format!(
                    "{} {} has no version with id {id}; pick one from its version list",
                    document.platform, document.document
                ))
            })
        };
        let (from, to) = (find(from_id)?, find(to_id)?);
        store.diff_versions(&document, &from, &to)
    })
    .await
}

/// Runs a full-text search over every clause text, at most `limit` hits.
#[tauri::command]
pub async fn search(
    state: State<'_, AppState>,
    query: String,
    limit: u32,
) -> Result<Vec<SearchHit>, CommandError> {
    with_store(state.data_dir.clone(), move |store| store.search(&query, limit as usize)).await
}

/// Parses a `YYYY-MM-DD` date, naming the value and the format on failure.
fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        StoreError::InvalidInput(format!("invalid date {text:?}; give it as YYYY-MM-DD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_date_names_the_bad_value() {
        assert_eq!(
            parse_date(" 2024-09-01 ").unwrap(),
            NaiveDate::from_ymd_opt(2024, 9, 1).unwrap()
        );
        let error = parse_date("01/09/2024").unwrap_err().to_string();
        assert!(error.contains("\"01/09/2024\"") && error.contains("YYYY-MM-DD"), "{error}");
    }
}
