//! Section 5: the due-diligence checklist, one table row per item.

use crate::layout::{Block, Table};
use crate::model::Checklist;
use crate::sections::format_date;

/// Returns the checklist table.
pub fn blocks(checklist: &Checklist) -> Vec<Block> {
    if checklist.items.is_empty() {
        return vec![Block::text(
            "No due-diligence checklist covers these clauses yet. Open one from the app's \
             Checklists view or with `clausewatch checklist open`.",
        )];
    }

    let mut table = Table::new(
        &["#", "Item", "Status", "Owner", "Due", "Notes"],
        &[0.05, 0.31, 0.15, 0.11, 0.15, 0.23],
    );
    for (index, item) in checklist.items.iter().enumerate() {
        table.push_texts(vec![
            (index + 1).to_string(),
            item.text.clone(),
            item.status.clone(),
            item.owner.clone().unwrap_or_else(|| "—".to_owned()),
            item.due.as_ref().map_or_else(|| "—".to_owned(), format_date),
            item.notes.clone(),
        ]);
    }
    vec![Block::Table(table)]
}
