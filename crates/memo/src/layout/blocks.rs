//! The units of content that sections hand to the layout.

use crate::fonts::Face;
use crate::layout::geometry::sizes;
use crate::text::{Span, Style};

/// A unit of content placed by [`crate::layout::flow::flow_blocks`].
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading, never left alone at the foot of a page.
    Heading {
        text: String,
        style: Style,
        space_before: f32,
    },
    /// Wrapped text, indented by `indent` points from the left margin.
    Paragraph {
        spans: Vec<Span>,
        indent: f32,
        space_after: f32,
    },
    Table(Table),
    /// Vertical space that is dropped at the top of a page.
    Space(f32),
    /// A full-width horizontal rule.
    Rule,
}

impl Block {
    /// Returns a section heading.
    pub fn heading(text: impl Into<String>) -> Block {
        Block::Heading {
            text: text.into(),
            style: Style::new(Face::SansBold, sizes::HEADING),
            space_before: 14.0,
        }
    }

    /// Returns a heading inside a section.
    pub fn subheading(text: impl Into<String>) -> Block {
        Block::Heading {
            text: text.into(),
            style: Style::new(Face::SansBold, sizes::SUBHEADING),
            space_before: 8.0,
        }
    }

    /// Returns a body paragraph of styled spans.
    pub fn spans(spans: Vec<Span>) -> Block {
        Block::Paragraph { spans, indent: 0.0, space_after: 6.0 }
    }

    /// Returns a body paragraph in the regular serif face.
    pub fn text(text: impl Into<String>) -> Block {
        Block::spans(vec![Span::new(text, body())])
    }

    /// Returns a paragraph with a bold label followed by regular text.
    pub fn labelled(label: &str, text: impl Into<String>) -> Block {
        Block::Paragraph {
            spans: vec![Span::new(format!("{label} "), body_bold()), Span::new(text, body())],
            indent: 0.0,
            space_after: 2.0,
        }
    }
}

/// Returns the regular body style.
pub fn body() -> Style {
    Style::new(Face::SerifRegular, sizes::BODY)
}

/// Returns the bold body style.
pub fn body_bold() -> Style {
    Style::new(Face::SerifBold, sizes::BODY)
}

/// Returns the italic body style.
pub fn body_italic() -> Style {
    Style::new(Face::SerifItalic, sizes::BODY)
}

/// A table whose header row repeats on every page it spans.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// Column titles.
    pub header: Vec<String>,
    /// Share of the body width of each column; the shares add up to 1.
    pub widths: Vec<f32>,
    /// Cells of each row, as spans, in column order.
    pub rows: Vec<Vec<Vec<Span>>>,
}

impl Table {
    /// Returns a table with `header` and column `widths` and no rows.
    pub fn new(header: &[&str], widths: &[f32]) -> Table {
        debug_assert_eq!(header.len(), widths.len(), "one width per column");
        Table {
            header: header.iter().map(|title| (*title).to_owned()).collect(),
            widths: widths.to_vec(),
            rows: Vec::new(),
        }
    }

    /// Appends a row of plain cells in the table face.
    pub fn push_texts(&mut self, cells: Vec<String>) {
        let style = cell();
        self.rows.push(cells.into_iter().map(|text| vec![Span::new(text, style)]).collect());
    }
}

/// Returns the style of table cells.
pub fn cell() -> Style {
    Style::new(Face::SansRegular, sizes::TABLE)
}

/// Returns the style of table cells set in the monospaced face, for hashes.
pub fn cell_mono() -> Style {
    Style::new(Face::Mono, sizes::TABLE)
}
