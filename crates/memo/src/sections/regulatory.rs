//! Section 3: the regulations that bear on the changes and the enforcement risk.

use crate::layout::Block;
use crate::model::RegulatoryFramework;

/// Returns one paragraph per regulation, then the enforcement risk.
pub fn blocks(framework: &RegulatoryFramework) -> Vec<Block> {
    let mut blocks = vec![Block::subheading("Regulations")];
    if framework.regulations.is_empty() {
        blocks.push(Block::text("No regulation was linked to these changes."));
    }
    for regulation in &framework.regulations {
        blocks.push(Block::labelled(&format!("{}:", regulation.name), &regulation.relevance));
    }

    blocks.push(Block::subheading("Enforcement risk"));
    blocks.push(Block::text(&framework.enforcement_risk));
    blocks
}
