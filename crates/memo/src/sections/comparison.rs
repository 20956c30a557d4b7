//! Section 4: how other platforms handle the same matters, in a table.

use crate::layout::{Block, Table};
use crate::model::Comparison;

/// Returns the comparison table, one column per topic after the platform.
pub fn blocks(comparison: &Comparison) -> Vec<Block> {
    if comparison.rows.is_empty() || comparison.topics.is_empty() {
        return vec![Block::text("No other platform was compared.")];
    }

    let platform_share = 0.18;
    let topic_share = (1.0 - platform_share) / comparison.topics.len() as f32;
    let mut header = vec!["Platform"];
    header.extend(comparison.topics.iter().map(String::as_str));
    let mut widths = vec![platform_share];
    widths.extend(std::iter::repeat_n(topic_share, comparison.topics.len()));

    let mut table = Table::new(&header, &widths);
    for row in &comparison.rows {
        let mut cells = vec![row.platform.clone()];
        cells.extend(
            (0..comparison.topics.len())
                .map(|index| row.positions.get(index).cloned().unwrap_or_default()),
        );
        table.push_texts(cells);
    }
    vec![Block::Table(table)]
}
