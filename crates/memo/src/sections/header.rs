//! The memo's title, addressing block and evidence line.

use crate::fonts::Face;
use crate::layout::Block;
use crate::layout::blocks::{body, body_bold};
use crate::layout::geometry::sizes;
use crate::model::MemoHeader;
use crate::sections::{format_date, format_time};
use crate::text::{Span, Style};

/// Number of hex digits of a SHA-256 value shown in the evidence line.
pub const SHA256_PREFIX: usize = 12;

/// Returns the title, the marking and the to/from/date/subject lines.
pub fn blocks(header: &MemoHeader) -> Vec<Block> {
    let mut blocks = vec![Block::Heading {
        text: "Memorandum".to_owned(),
        style: Style::new(Face::SansBold, sizes::TITLE),
        space_before: 0.0,
    }];
    if header.privileged {
        let marking = Span::new("Privileged & Confidential", Style::new(Face::SansBold, 10.0));
        blocks.push(Block::spans(vec![marking]));
    }

    blocks.push(Block::labelled("To:", &header.to));
    blocks.push(Block::labelled("From:", &header.from));
    blocks.push(Block::labelled("Date:", format_date(&header.date)));
    blocks.push(Block::labelled("Subject:", &header.subject));
    blocks.push(Block::labelled("Platform:", &header.platform));
    blocks.push(Block::labelled("Documents:", header.documents.join("; ")));
    blocks.push(evidence_line(header));
    blocks.push(Block::Rule);

    blocks
}

/// Returns "Evidence: {document} recorded {time}, SHA-256 {prefix}…; …".
fn evidence_line(header: &MemoHeader) -> Block {
    let mut spans = vec![Span::new("Evidence: ", body_bold())];
    if header.evidence.is_empty() {
        spans.push(Span::new("no versions recorded.", body()));
    }
    for (index, evidence) in header.evidence.iter().enumerate() {
        let separator = if index + 1 < header.evidence.len() { "; " } else { "." };
        let prefix: String = evidence.sha256.chars().take(SHA256_PREFIX).collect();
        let text = format!(
            "{} recorded {}, SHA-256 {prefix}…{separator}",
            evidence.document,
            format_time(&evidence.recorded_at)
        );
        spans.push(Span::new(text, body()));
    }

    Block::Paragraph { spans, indent: 0.0, space_after: 6.0 }
}
