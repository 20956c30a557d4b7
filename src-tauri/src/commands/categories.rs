//! `categories`: the clause categories of the store's active taxonomy, for the memo, checklist
//! and compare views' category choices.

use clausewatch_analysis::Taxonomy;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// A clause category as the views list it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CategoryEntry.ts")]
pub struct CategoryEntry {
    /// Stable id, such as "ai-machine-learning", that commands take.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    pub description: String,
}

/// Returns every category of the store's active taxonomy (the built-in one unless a reviewed
/// file was applied), in taxonomy order.
#[tauri::command]
pub async fn categories(state: State<'_, AppState>) -> Result<Vec<CategoryEntry>, CommandError> {
    with_store(state.data_dir.clone(), |store| {
        let active = store.active_rules()?;
        Ok(category_entries(active.rules().taxonomy))
    })
    .await
}

/// Lists the categories of `taxonomy`.
pub fn category_entries(taxonomy: &Taxonomy) -> Vec<CategoryEntry> {
    taxonomy
        .categories
        .iter()
        .map(|category| CategoryEntry {
            id: category.id.clone(),
            name: category.name.clone(),
            description: category.description.clone(),
        })
        .collect()
}
