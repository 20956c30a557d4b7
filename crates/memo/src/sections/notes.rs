//! Section 6: reviewers' notes on the clauses concerned.

use crate::layout::Block;
use crate::model::ClauseNote;
use crate::sections::format_path;

/// Returns each note under the clause it concerns.
pub fn blocks(notes: &[ClauseNote]) -> Vec<Block> {
    if notes.is_empty() {
        return vec![Block::text("No notes were written on these clauses.")];
    }
    notes
        .iter()
        .flat_map(|note| {
            let heading = Block::subheading(format_path(&note.marker, &note.heading_path));
            let paragraphs = note.text.split("\n\n").map(Block::text);
            std::iter::once(heading).chain(paragraphs)
        })
        .collect()
}
