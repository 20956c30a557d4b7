//! Output for people: tables, clause text and coloured word diffs.
//!
//! Colour goes through `anstream`, which drops it when the output is not a terminal or
//! `NO_COLOR` is set.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use comfy_table::{ContentArrangement, Table, presets::UTF8_BORDERS_ONLY};

use clausewatch_core::Aspect;
use clausewatch_core::diff::{DiffOp, DiffSegment};
use clausewatch_store::model::ChangeView;

/// Returns an empty table with a header row, laid out for the terminal's width.
pub fn table<const N: usize>(header: [&str; N]) -> Table {
    let mut table = Table::new();
    table.load_preset(UTF8_BORDERS_ONLY).set_content_arrangement(ContentArrangement::Dynamic);
    table.set_header(header);
    table
}

const INSERT: Style =
    Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green))).underline();
const DELETE: Style =
    Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red))).strikethrough();
const DIM: Style = Style::new().dimmed();
const BOLD: Style = Style::new().bold();

/// Writes a word diff inline: deletions struck through in red, insertions underlined in
/// green. Without colour, deletions read `[-…-]` and insertions `{+…+}`.
pub fn write_diff(
    out: &mut (impl Write + ?Sized),
    segments: &[DiffSegment],
    color: bool,
) -> std::io::Result<()> {
    for segment in segments {
        match (segment.op, color) {
            (DiffOp::Equal, _) => write!(out, "{}", segment.text)?,
            (DiffOp::Insert, true) => write!(out, "{INSERT}{}{INSERT:#}", segment.text)?,
            (DiffOp::Delete, true) => write!(out, "{DELETE}{}{DELETE:#}", segment.text)?,
            (DiffOp::Insert, false) => write!(out, "{{+{}+}}", segment.text)?,
            (DiffOp::Delete, false) => write!(out, "[-{}-]", segment.text)?,
        }
    }
    writeln!(out)
}

/// Writes one change record for people: a heading line, the summary, and the diff.
pub fn write_change(
    out: &mut (impl Write + ?Sized),
    change: &ChangeView,
    color: bool,
) -> std::io::Result<()> {
    let marker = change.marker_after.as_deref().or(change.marker_before.as_deref()).unwrap_or("");
    let technical = Aspect::Technical.as_str();
    let is_technical = change.aspects.iter().any(|aspect| aspect == technical);
    let kind = match (change.substantive, is_technical) {
        (true, _) => "substantive",
        (false, true) => technical,
        (false, false) => "formatting",
    };
    // A technical record's kind already names its one telling aspect.
    let aspects: Vec<&str> =
        change.aspects.iter().map(String::as_str).filter(|aspect| *aspect != kind).collect();
    let mut label = kind.to_owned();
    if !aspects.is_empty() {
        label.push_str("; ");
        label.push_str(&aspects.join(", "));
    }
    let (bold, dim) = if color { (BOLD, DIM) } else { (Style::new(), Style::new()) };
    writeln!(
        out,
        "{bold}{} {marker}{bold:#}  {dim}{label}; clause {}; between {} and {}{dim:#}",
        change.kind, change.clause_id, change.recorded_before, change.recorded_at
    )?;
    writeln!(out, "  {}", change.summary)?;
    if let Some(severity) = change.severity.as_deref().filter(|level| *level != "none") {
        let reason = change.severity_reason.as_deref().unwrap_or_default();
        writeln!(out, "  {bold}Severity {severity}{bold:#}: {reason}")?;
    }
    if let Some(state) = &change.review_state {
        writeln!(out, "  Review: {state}")?;
    }
    if change.substantive {
        write!(out, "  ")?;
        write_diff(out, &change.diff, color)?;
    }
    writeln!(out)
}

/// Returns a heading path as one line, or a dash for the top of the document.
pub fn heading(path: &[String]) -> String {
    if path.is_empty() { "—".to_owned() } else { path.join(" › ") }
}

/// Returns `number` with the singular or plural noun: "1 version", "3 versions".
pub fn count(number: usize, singular: &str, plural: &str) -> String {
    if number == 1 { format!("1 {singular}") } else { format!("{number} {plural}") }
}

/// Returns text cut to `max` characters with an ellipsis.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// Returns `count` with `noun` in the singular for one and with an `s` otherwise.
pub fn counted(count: usize, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}
