//! Segmentation: one version's markdown into an ordered list of clauses.
//!
//! Open Terms Archive markdown is not tidy CommonMark: list items are indented by four spaces
//! (which a markdown parser would read as code), bold markers break across lines, tables come
//! from layout markup and tables of contents repeat the headings. This module reads it line by
//! line as a person would. Headings (ATX, setext, or a lone bold line) give the heading path.
//! Numbered items, paragraphs and table rows become clauses. Lines that are only a link to an
//! anchor (table-of-contents entries) are skipped.
//!
//! The outline is rebuilt with a stack of open levels (see [`Outline`]). To support a new
//! numbering style, extend [`crate::marker`]; to change what opens a section, change
//! [`Outline::push_item`].

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::dated::is_dated_line;
use crate::marker::{
    Marker, MarkerStyle, own_marker_after_list_number, split_bullet, split_marker,
};
use crate::text::{has_at_most_words, plain_text};

/// The kind of block a clause is on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClauseKind {
    Heading,
    Item,
    Paragraph,
    TableRow,
}

impl ClauseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Heading => "heading",
            Self::Item => "item",
            Self::Paragraph => "paragraph",
            Self::TableRow => "table_row",
        }
    }

    /// Parses the name written by [`ClauseKind::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Heading, Self::Item, Self::Paragraph, Self::TableRow]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// One provision of one version, as a reader would point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Position in the version, from 0.
    pub ordinal: usize,
    pub kind: ClauseKind,
    /// Heading level, 1–6 for markdown headings and 7 for a lone bold line; 0 otherwise.
    pub level: u8,
    /// Marker as written ("4.6", "(viii)"), kept apart from the text.
    pub marker: Option<String>,
    /// Labels of the headings and sections this clause sits in, outermost first.
    pub heading_path: Vec<String>,
    /// Ordinal of the innermost clause this one belongs to, such as the lead-in "you agree
    /// not to:" of a list item.
    pub parent: Option<usize>,
    /// The clause's markdown as written in the version, marker included. A list number in
    /// front of the item's own marker ("2.  (ii) …") is left out, because it is markup.
    pub raw: String,
    /// Plain text without the marker.
    pub text: String,
    /// Whether the clause is a "Last updated" or "Effective date" line.
    pub dated: bool,
}

impl Clause {
    /// Returns the label this clause gives to the heading path of the clauses inside it.
    pub fn outline_label(&self) -> String {
        let title = match self.kind {
            ClauseKind::Heading => Some(self.text.as_str()),
            _ => title_of(&self.text),
        };
        match (&self.marker, title) {
            (Some(marker), Some(title)) => format!("{marker} {title}"),
            (Some(marker), None) => marker.clone(),
            (None, Some(title)) => title.to_owned(),
            (None, None) => shorten(&self.text, 8),
        }
    }
}

/// Maximum length, in words, of a title at the head of an item ("Usage Rights and Restrictions.").
const MAX_TITLE_WORDS: usize = 8;

/// Returns the title an item starts with, or its whole text when the item is only a title.
fn title_of(text: &str) -> Option<&str> {
    let trimmed = text.trim_end_matches([' ', ':']);
    if has_at_most_words(trimmed, MAX_TITLE_WORDS) && !trimmed.ends_with(['.', ';', ',']) {
        return Some(trimmed);
    }
    let end = text.find(". ")?;
    let candidate = &text[..end];
    let is_title = has_at_most_words(candidate, MAX_TITLE_WORDS)
        && candidate.split_whitespace().all(|word| {
            word.chars().next().is_some_and(|c| !c.is_lowercase()) || is_minor_word(word)
        });
    is_title.then_some(candidate)
}

fn is_minor_word(word: &str) -> bool {
    const MINOR: &[&str] = &[
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to",
        "with", "your", "our", "its", "their",
    ];
    MINOR.contains(&word)
}

fn shorten(text: &str, words: usize) -> String {
    let mut out: Vec<&str> = text.split_whitespace().take(words).collect();
    if text.split_whitespace().count() > words {
        out.push("…");
    }
    out.join(" ")
}

static ATX_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(#{1,6})\s+(.*?)(?:\s+#+)?\s*$").expect("pattern compiles"));
static SETEXT_UNDERLINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(=+|-+)\s*$").expect("pattern compiles"));
static THEMATIC_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-*_]\s*){3,}$").expect("pattern compiles"));
static TABLE_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$").expect("ok"));
static ANCHOR_LINK_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[[^\]]*\]\(#[^)\s]*\)[\s.]*$").expect("pattern compiles"));
static LIST_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}\\?[.)]\s+").expect("pattern compiles"));
static BOLD_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\*\*|__)(.+)(\*\*|__)$").expect("pattern compiles"));

/// Maximum length, in words, of a lone bold line read as a heading.
const MAX_BOLD_HEADING_WORDS: usize = 12;

/// A clause cut from the lines, before the outline is known.
struct Piece {
    kind: ClauseKind,
    level: u8,
    raw: String,
    /// Plain text, marker included.
    plain: String,
    bulleted: bool,
}

/// Splits one version's markdown into clauses, in document order.
pub fn segment(markdown: &str) -> Vec<Clause> {
    let pieces = cut_pieces(markdown);
    let mut outline = Outline::default();
    let mut clauses = Vec::with_capacity(pieces.len());
    for piece in pieces {
        if let Some(clause) = outline.place(piece, clauses.len()) {
            clauses.push(clause);
        }
    }
    clauses
}

/// Cuts the lines of a version into headings, items, paragraphs and table rows.
fn cut_pieces(markdown: &str) -> Vec<Piece> {
    let lines: Vec<&str> = markdown.lines().map(|line| line.trim_matches(is_blank_char)).collect();
    let mut pieces: Vec<Piece> = Vec::new();
    let mut open: Option<Piece> = None;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        let next = lines.get(index + 1).copied().unwrap_or("");
        index += 1;

        if line.is_empty() {
            pieces.extend(open.take());
            continue;
        }
        if split_bullet(line).is_none() && !line.starts_with('|') && SETEXT_UNDERLINE.is_match(next)
        {
            pieces.extend(open.take());
            let level = if next.starts_with('=') { 1 } else { 2 };
            pieces.push(heading_piece(line, level));
            index += 1;
            continue;
        }
        if let Some(caps) = ATX_HEADING.captures(line) {
            pieces.extend(open.take());
            let level = u8::try_from(caps[1].len()).unwrap_or(6);
            pieces.push(heading_piece(&caps[2], level));
            continue;
        }
        if THEMATIC_BREAK.is_match(line) || TABLE_SEPARATOR.is_match(line) {
            pieces.extend(open.take());
            continue;
        }
        if line.starts_with('|') {
            pieces.extend(open.take());
            pieces.extend(table_row_piece(line));
            continue;
        }

        let bullet = split_bullet(line);
        let content = bullet.unwrap_or(line);
        if ANCHOR_LINK_ONLY.is_match(strip_leading_marker(content)) {
            pieces.extend(open.take());
            continue;
        }
        let starts_item = bullet.is_some() || starts_with_marker(content);
        match open.as_mut() {
            Some(piece) if !starts_item && piece.kind != ClauseKind::Heading => {
                piece.raw.push('\n');
                piece.raw.push_str(line);
            }
            _ => {
                pieces.extend(open.take());
                open = Some(Piece {
                    kind: if starts_item { ClauseKind::Item } else { ClauseKind::Paragraph },
                    level: 0,
                    raw: line.to_owned(),
                    plain: String::new(),
                    bulleted: bullet.is_some(),
                });
            }
        }
    }
    pieces.extend(open);

    for piece in &mut pieces {
        if piece.plain.is_empty() {
            let content = if piece.bulleted {
                split_bullet(&piece.raw).unwrap_or(&piece.raw)
            } else {
                &piece.raw
            };
            piece.plain = plain_text(content);
        }
        promote_bold_heading(piece);
    }
    pieces.retain(|piece| piece.plain.chars().any(char::is_alphanumeric));
    pieces
}

fn is_blank_char(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn starts_with_marker(raw: &str) -> bool {
    let head: String = raw.chars().take(40).collect();
    split_marker(&plain_text(&head), None).is_some()
}

/// Returns raw text without a leading "1." or "(a)" so a numbered table-of-contents entry is
/// recognised as one.
fn strip_leading_marker(raw: &str) -> &str {
    let trimmed = raw.trim_start_matches(['*', '_']);
    match trimmed.find(' ') {
        Some(space) if split_marker(&plain_text(&trimmed[..space]), None).is_some() => {
            trimmed[space..].trim_start()
        }
        _ => raw,
    }
}

fn heading_piece(raw: &str, level: u8) -> Piece {
    Piece {
        kind: ClauseKind::Heading,
        level,
        raw: raw.to_owned(),
        plain: plain_text(raw),
        bulleted: false,
    }
}

fn table_row_piece(line: &str) -> Option<Piece> {
    let cells: Vec<String> = split_cells(line)
        .into_iter()
        .map(|cell| plain_text(&cell))
        .filter(|cell| !cell.is_empty())
        .collect();
    if cells.is_empty() {
        return None;
    }
    Some(Piece {
        kind: ClauseKind::TableRow,
        level: 0,
        raw: line.to_owned(),
        plain: cells.join(" | "),
        bulleted: false,
    })
}

/// Splits a markdown table row at unescaped pipes.
fn split_cells(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|');
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut().expect("one cell").push(c),
        }
        escaped = c == '\\' && !escaped;
    }
    cells
}

/// Reads a paragraph that is one short bold line, such as "**Things You Cannot Do**", as a
/// heading below every markdown heading level.
fn promote_bold_heading(piece: &mut Piece) {
    if piece.kind != ClauseKind::Paragraph || piece.raw.contains('\n') {
        return;
    }
    let Some(caps) = BOLD_LINE.captures(piece.raw.trim()) else {
        return;
    };
    let inner = caps[2].trim();
    let balanced = !inner.contains("**") && !inner.contains("__");
    let short = has_at_most_words(&piece.plain, MAX_BOLD_HEADING_WORDS);
    if balanced && short && !piece.plain.ends_with(['.', ';', ',']) {
        piece.kind = ClauseKind::Heading;
        piece.level = 7;
    }
}

/// The open levels of the outline while a version is read top to bottom.
#[derive(Default)]
struct Outline {
    levels: Vec<Level>,
}

struct Level {
    heading: Option<u8>,
    style: Option<MarkerStyle>,
    marker: Option<String>,
    /// Label shown in the heading path, when this level contains later clauses.
    label: Option<String>,
    ordinal: usize,
}

impl Outline {
    /// Turns a piece into a clause and updates the open levels.
    fn place(&mut self, piece: Piece, ordinal: usize) -> Option<Clause> {
        let previous = self.levels.last().and_then(|level| level.marker.clone());
        let mut raw = piece.raw;
        let marker = match piece.kind {
            ClauseKind::Paragraph => None,
            _ => split_marker(&piece.plain, previous.as_deref()),
        };
        let own =
            marker.as_ref().filter(|_| piece.kind == ClauseKind::Item).and_then(|(outer, rest)| {
                own_marker_after_list_number(outer, rest, previous.as_deref())
            });
        let marker = match own {
            Some(own) => {
                raw = LIST_NUMBER.replace(&raw, "").into_owned();
                Some(own)
            }
            None => marker,
        };
        let (marker, text) = match marker {
            Some((marker, rest)) if !rest.trim().is_empty() || piece.kind != ClauseKind::Item => {
                (Some(marker), rest.trim().to_owned())
            }
            _ => (None, piece.plain.clone()),
        };
        let kind = match (piece.kind, &marker) {
            (ClauseKind::Paragraph, _) if piece.bulleted => ClauseKind::Item,
            (ClauseKind::Item, None) if !piece.bulleted => ClauseKind::Paragraph,
            (kind, _) => kind,
        };
        if text.is_empty() && marker.is_none() {
            return None;
        }

        match kind {
            ClauseKind::Heading => self.close_for_heading(piece.level),
            ClauseKind::Item => self.close_for_item(marker.as_ref(), piece.bulleted),
            ClauseKind::Paragraph => self.close_inline_lists(),
            ClauseKind::TableRow => {}
        }

        let mut clause = Clause {
            ordinal,
            kind,
            level: piece.level,
            marker: marker.as_ref().map(|marker| marker.label.clone()),
            heading_path: self.levels.iter().filter_map(|level| level.label.clone()).collect(),
            parent: self.levels.iter().rev().find(|level| level.label.is_some()).map(|l| l.ordinal),
            raw,
            dated: false,
            text,
        };
        clause.dated = clause.kind != ClauseKind::Heading && is_dated_line(&clause.text);

        match kind {
            ClauseKind::Heading => self.levels.push(Level {
                heading: Some(piece.level),
                style: None,
                marker: clause.marker.clone(),
                label: Some(clause.outline_label()),
                ordinal,
            }),
            ClauseKind::Item => self.push_item(&clause, marker.as_ref(), piece.bulleted),
            ClauseKind::Paragraph | ClauseKind::TableRow => {}
        }
        Some(clause)
    }

    fn close_for_heading(&mut self, level: u8) {
        let cut = self
            .levels
            .iter()
            .position(|open| open.heading.is_none_or(|open_level| open_level >= level));
        if let Some(cut) = cut {
            self.levels.truncate(cut);
        }
    }

    /// Closes the levels a new item ends: its earlier sibling and everything inside it.
    fn close_for_item(&mut self, marker: Option<&Marker>, bulleted: bool) {
        let style = match marker {
            Some(marker) => marker.style,
            None if bulleted => MarkerStyle::Bullet,
            None => return,
        };
        let cut = self.levels.iter().position(|open| match (open.style, style) {
            (Some(MarkerStyle::Decimal(open_depth)), MarkerStyle::Decimal(depth)) => {
                open_depth >= depth
            }
            (Some(MarkerStyle::Section(open_depth)), MarkerStyle::Section(depth)) => {
                open_depth >= depth
            }
            (Some(open_style), style) => open_style == style,
            (None, _) => false,
        });
        if let Some(cut) = cut {
            self.levels.truncate(cut);
        }
    }

    /// Closes trailing inline lists ("(a)", bullets) whose last item ended its sentence, so
    /// a paragraph after a list belongs to the list's lead-in, not to its last item.
    fn close_inline_lists(&mut self) {
        while let Some(top) = self.levels.last() {
            let inline = top.style.is_some_and(|style| !style.is_sectional());
            if inline && top.label.is_none() {
                self.levels.pop();
            } else {
                break;
            }
        }
    }

    fn push_item(&mut self, clause: &Clause, marker: Option<&Marker>, bulleted: bool) {
        let style = match marker {
            Some(marker) => marker.style,
            None if bulleted => MarkerStyle::Bullet,
            None => return,
        };
        let lead_in = clause.text.trim_end().ends_with(':');
        let title_only = title_of(&clause.text) == Some(clause.text.trim_end_matches([' ', ':']));
        let opens_section = style.is_sectional() || lead_in || title_only;
        self.levels.push(Level {
            heading: None,
            style: Some(style),
            marker: clause.marker.clone(),
            label: opens_section.then(|| clause.outline_label()),
            ordinal: clause.ordinal,
        });
    }
}
