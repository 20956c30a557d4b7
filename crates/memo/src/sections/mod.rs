//! Turns the memo model into layout blocks, one module per memo section.
//!
//! Sections are numbered in the order of [`memo_blocks`]; a section whose content is not
//! available yet prints its heading and the reason instead. To add a section, write a module
//! with a `blocks` function and call it from [`memo_blocks`].

mod appendix;
mod changes;
mod checklist;
mod comparison;
mod header;
mod notes;
mod question;
mod regulatory;

use chrono::{DateTime, NaiveDate, Utc};

use crate::layout::Block;
use crate::layout::blocks::body_italic;
use crate::model::{Memo, STANDARD_DISCLAIMER, Section};
use crate::text::Span;

/// Section headings, in print order after the memo's header.
pub const HEADINGS: [&str; 8] = [
    "1. Question Presented and Brief Answer",
    "2. Changes",
    "3. Regulatory Framework and Enforcement Risk",
    "4. Cross-Platform Comparison",
    "5. Due-Diligence Checklist",
    "6. Notes on the Clauses Concerned",
    "7. Disclaimer",
    "8. Appendix: Sources, Evidence and Provenance",
];

/// Returns the blocks of the whole memo body, in print order.
pub fn memo_blocks(memo: &Memo) -> Vec<Block> {
    let mut blocks = header::blocks(&memo.header);
    section(&mut blocks, HEADINGS[0], &memo.question, question::blocks);
    section(&mut blocks, HEADINGS[1], &memo.changes, changes::blocks);
    section(&mut blocks, HEADINGS[2], &memo.regulatory, regulatory::blocks);
    section(&mut blocks, HEADINGS[3], &memo.comparison, comparison::blocks);
    section(&mut blocks, HEADINGS[4], &memo.checklist, checklist::blocks);
    section(&mut blocks, HEADINGS[5], &memo.notes, |notes| notes::blocks(notes));

    blocks.push(Block::heading(HEADINGS[6]));
    let disclaimer = memo.disclaimer.as_deref().unwrap_or(STANDARD_DISCLAIMER);
    blocks.push(Block::text(disclaimer));

    blocks.push(Block::heading(HEADINGS[7]));
    blocks.extend(appendix::evidence_blocks(&memo.header.evidence));
    match &memo.appendix {
        Section::Available(appendix) => blocks.extend(appendix::blocks(appendix)),
        Section::NotAvailable { reason } => blocks.push(not_available(reason)),
    }

    blocks
}

/// Appends a section's heading and either its content or the reason it is missing.
fn section<T>(
    blocks: &mut Vec<Block>,
    heading: &str,
    section: &Section<T>,
    content: impl Fn(&T) -> Vec<Block>,
) {
    blocks.push(Block::heading(heading));
    match section {
        Section::Available(value) => blocks.extend(content(value)),
        Section::NotAvailable { reason } => blocks.push(not_available(reason)),
    }
}

/// Returns the sentence printed in place of content that is not available yet.
pub fn not_available(reason: &str) -> Block {
    Block::spans(vec![Span::new(format!("Not available yet: {reason}"), body_italic())])
}

/// Formats a recorded time as "2026-04-11 00:43:07 UTC". The seconds are kept because two
/// checks of one document may record versions within the same minute.
pub fn format_time(time: &DateTime<Utc>) -> String {
    time.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// Formats a calendar date as "11 April 2026".
pub fn format_date(date: &NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// Returns "Clause 4.6 — Terms › 4. Service", with the heading path joined by "›", outermost
/// heading first; an empty marker reads "Unnumbered clause".
pub fn format_path(marker: &str, heading_path: &[String]) -> String {
    let clause = match marker.trim() {
        "" => "Unnumbered clause".to_owned(),
        marker => format!("Clause {marker}"),
    };
    let headings: Vec<&str> = heading_path
        .iter()
        .map(|heading| heading.trim())
        .filter(|heading| !heading.is_empty())
        .collect();
    if headings.is_empty() {
        return clause;
    }
    format!("{clause} — {}", headings.join(" › "))
}

#[cfg(test)]
mod tests {
    use super::format_path;

    #[test]
    fn format_path_skips_empty_headings() {
        let path = ["Privacy Policy".to_owned(), String::new()];

        assert_eq!(format_path("", &path), "Unnumbered clause — Privacy Policy");
        assert_eq!(format_path("4.6", &[String::new()]), "Clause 4.6");
    }
}
