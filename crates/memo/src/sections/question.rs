//! Section 1: the question presented, the brief answer and the highest severity found.

use crate::layout::Block;
use crate::model::{QuestionPresented, Section};

/// Returns the question, the answer and the highest severity.
pub fn blocks(question: &QuestionPresented) -> Vec<Block> {
    let severity = match &question.highest_severity {
        Section::Available(Some(severity)) => severity.label().to_owned(),
        Section::Available(None) => "None (no substantive change)".to_owned(),
        Section::NotAvailable { reason } => format!("not available yet: {reason}"),
    };
    vec![
        Block::subheading("Question presented"),
        Block::text(&question.question),
        Block::subheading("Brief answer"),
        Block::text(&question.brief_answer),
        Block::labelled("Highest severity found:", severity),
    ]
}
