//! Section 8: source URLs, the full evidence table and the provenance of the analysis.

use crate::layout::blocks::{cell, cell_mono};
use crate::layout::{Block, Table};
use crate::model::{Appendix, Evidence};
use crate::sections::format_time;
use crate::text::Span;

/// Returns the evidence table with full SHA-256 values.
pub fn evidence_blocks(evidence: &[Evidence]) -> Vec<Block> {
    let mut blocks = vec![Block::subheading("Evidence")];
    if evidence.is_empty() {
        blocks.push(Block::text("No versions were recorded."));
        return blocks;
    }

    let mut table = Table::new(&["Document", "Recorded at", "SHA-256"], &[0.2, 0.27, 0.53]);
    for version in evidence {
        table.rows.push(vec![
            vec![Span::new(version.document.as_str(), cell())],
            vec![Span::new(format_time(&version.recorded_at), cell())],
            vec![Span::new(version.sha256.as_str(), cell_mono())],
        ]);
    }
    blocks.push(Block::Table(table));
    blocks
}

/// Returns the source URLs and the provenance lines.
/// Maximum number of unprintable code points listed before "and N more".
const LISTED_MAX: usize = 60;

pub fn blocks(appendix: &Appendix) -> Vec<Block> {
    let mut blocks = vec![Block::subheading("Sources")];
    let mut table = Table::new(&["Document", "URL"], &[0.26, 0.74]);
    for source in &appendix.sources {
        table.rows.push(vec![
            vec![Span::new(source.document.as_str(), cell())],
            vec![Span::new(source.url.as_str(), cell_mono())],
        ]);
    }
    if appendix.sources.is_empty() {
        blocks.push(Block::text("No source URLs were recorded."));
    } else {
        blocks.push(Block::Table(table));
    }

    let provenance = &appendix.provenance;
    blocks.push(Block::subheading("Provenance"));
    blocks.push(Block::labelled("Application version:", &provenance.app_version));
    blocks.push(Block::labelled("Rule-set version:", &provenance.rule_set_version));
    blocks.push(Block::labelled("Date of analysis:", format_time(&provenance.analysed_at)));
    if !provenance.unprintable.is_empty() {
        let listed = &provenance.unprintable[..provenance.unprintable.len().min(LISTED_MAX)];
        let more = provenance.unprintable.len() - listed.len();
        let more = if more > 0 { format!(" and {more} more") } else { String::new() };
        let text = format!(
            "{} characters of this memo lack a glyph in some of its fonts and may print as \
             empty boxes: {}{more}. Read the affected text in the application or the stored \
             versions.",
            provenance.unprintable.len(),
            listed.join(", ")
        );
        blocks.push(Block::labelled("Not printable:", text));
    }
    blocks
}
