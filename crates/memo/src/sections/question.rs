//! Section 1: the question presented, the brief answer and the highest severity found.

use crate::layout::Block;
use crate::model::QuestionPresented;

/// Returns the question, the answer and the highest severity.
pub fn blocks(question: &QuestionPresented) -> Vec<Block> {
    let severity = match question.highest_severity {
        Some(severity) => severity.label().to_owned(),
        None => "None (no substantive change)".to_owned(),
    };
    vec![
        Block::subheading("Question presented"),
        Block::text(&question.question),
        Block::subheading("Brief answer"),
        Block::text(&question.brief_answer),
        Block::labelled("Highest severity found:", severity),
    ]
}
