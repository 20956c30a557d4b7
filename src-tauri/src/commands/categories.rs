//! `categories`: the clause categories of the embedded taxonomy, for the memo, checklist and
//! compare views' category choices.

use clausewatch_analysis::Taxonomy;
use serde::Serialize;
use ts_rs::TS;

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

/// Returns every category of the taxonomy embedded in the build, in taxonomy order.
#[tauri::command]
pub fn categories() -> Vec<CategoryEntry> {
    category_entries(Taxonomy::embedded())
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
