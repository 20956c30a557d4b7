//! Section 2: each substantive change in full with its diff, then the other changes.
//!
//! The clause text before the change is printed with deleted words struck through, the text
//! after it with inserted words underlined. Marks are drawn as lines, not colours, so a
//! printed or photocopied memo still shows them.

use crate::fonts::Face;
use crate::layout::blocks::{body, body_bold, body_italic};
use crate::layout::geometry::sizes;
use crate::layout::{Block, Table};
use crate::model::{Changes, DiffOp, Rating, Section, SubstantiveChange};
use crate::sections::{format_path, format_time};
use crate::text::{Mark, Span, Style};

/// Returns the substantive changes in full, then the table of the others.
pub fn blocks(changes: &Changes) -> Vec<Block> {
    let mut blocks = vec![Block::subheading("Substantive changes")];
    if changes.substantive.is_empty() {
        blocks.push(Block::text("No substantive change was recorded."));
    } else {
        blocks.push(Block::text(
            "The changes are listed most severe first, and in the order they were recorded \
             within one severity. In the clause texts below, words struck through were deleted \
             and underlined words were inserted.",
        ));
    }
    for (index, change) in changes.substantive.iter().enumerate() {
        blocks.extend(change_blocks(index + 1, change));
    }

    blocks.push(Block::subheading("Other changes (wording unchanged)"));
    if changes.non_substantive.is_empty() {
        blocks.push(Block::text("No other change was recorded."));
        return blocks;
    }
    let mut table =
        Table::new(&["Clause", "Heading path", "Aspects", "Recorded"], &[0.34, 0.28, 0.2, 0.18]);
    for change in &changes.non_substantive {
        let marker = if change.marker.is_empty() { "—" } else { change.marker.as_str() };
        let clause = match change.opening.as_str() {
            "" => marker.to_owned(),
            opening => format!("{marker} “{opening}”"),
        };
        table.push_texts(vec![
            clause,
            change.heading_path.join(" › "),
            change.aspects.join(", "),
            format_time(&change.recorded_at),
        ]);
    }
    blocks.push(Block::Table(table));
    blocks
}

/// Returns the heading, facts, summary and both clause texts of one change.
fn change_blocks(number: usize, change: &SubstantiveChange) -> Vec<Block> {
    let heading = format!("2.{number}. {}", format_path(&change.marker, &change.heading_path));
    let previous = match &change.previous_recorded_at {
        Some(time) => format_time(time),
        None => "none (first version of the clause)".to_owned(),
    };

    let mut blocks = vec![Block::subheading(heading)];
    blocks.extend(rating_blocks(&change.rating));
    blocks.extend([
        Block::labelled("Summary:", &change.summary),
        Block::labelled("First recorded:", format_time(&change.first_recorded_at)),
        Block::labelled("Previous record:", previous),
        Block::labelled("Review:", change.review.as_deref().unwrap_or("not reviewed")),
        side_label("Before"),
        side_text(change, DiffOp::Delete, Mark::StrikeThrough),
        side_label("After"),
        side_text(change, DiffOp::Insert, Mark::Underline),
    ]);
    blocks
}

/// Returns the category and severity lines, or one line saying why they are missing.
fn rating_blocks(rating: &Section<Rating>) -> Vec<Block> {
    match rating {
        Section::Available(rating) => vec![
            Block::labelled("Category:", &rating.category),
            Block::labelled(
                "Severity:",
                format!("{} — {}", rating.severity.label(), rating.severity_reason),
            ),
        ],
        Section::NotAvailable { reason } => vec![Block::Paragraph {
            spans: vec![
                Span::new("Category and severity: ", body_bold()),
                Span::new(format!("not available yet: {reason}"), body_italic()),
            ],
            indent: 0.0,
            space_after: 2.0,
        }],
    }
}

/// Returns the label over one side of a diff, a heading so that it stays with its text.
fn side_label(text: &str) -> Block {
    Block::Heading {
        text: text.to_owned(),
        style: Style::new(Face::SansBold, sizes::TABLE),
        space_before: 0.0,
    }
}

/// Returns one side of the diff, with the segments only on that side marked.
fn side_text(change: &SubstantiveChange, kept: DiffOp, mark: Mark) -> Block {
    let mut spans: Vec<Span> = change
        .diff
        .iter()
        .filter(|segment| segment.op == DiffOp::Equal || segment.op == kept)
        .map(|segment| {
            let style = if segment.op == kept { body().marked(mark) } else { body() };
            Span::new(segment.text.as_str(), style)
        })
        .collect();
    if spans.iter().all(|span| span.text.trim().is_empty()) {
        // A side is empty because the clause is missing there, unless the other side is empty
        // too: then the clause is a heading or marker with no words of its own.
        let other = if kept == DiffOp::Delete { DiffOp::Insert } else { DiffOp::Delete };
        let other_has_text = change.diff.iter().any(|segment| {
            (segment.op == other || segment.op == DiffOp::Equal) && !segment.text.trim().is_empty()
        });
        let absent = match (other_has_text, kept) {
            (false, _) => "(no text of its own)",
            (true, DiffOp::Delete) => "(clause absent)",
            (true, _) => "(clause removed)",
        };
        spans = vec![Span::new(absent, body_bold())];
    }

    Block::Paragraph { spans, indent: 12.0, space_after: 6.0 }
}
