//! Clause markers: the "4.6", "(viii)", "A." or "Section 5" in front of a provision.
//!
//! A marker is kept apart from the clause text so that a renumbered clause keeps the same
//! text. [`split_marker`] recognises the numbering styles found in terms of service; add a
//! style by extending [`MarkerStyle`] and the patterns below.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// A numbering style. Items of one style at one depth are siblings, which is how the
/// segmenter rebuilds the outline of a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerStyle {
    /// "1.", "1.2", "4.6.", "1)" with the number of components.
    Decimal(u8),
    /// "Section 5", "Article 3.1", "§ 4".
    Section(u8),
    /// "(a)", "(b)".
    ParenLowerAlpha,
    /// "(A)", "(B)".
    ParenUpperAlpha,
    /// "(i)", "(ix)".
    ParenLowerRoman,
    /// "(I)", "(IV)".
    ParenUpperRoman,
    /// "(1)", "(2)".
    ParenDecimal,
    /// "a.", "b)".
    LowerAlpha,
    /// "A.", "B)".
    UpperAlpha,
    /// "I.", "IV.".
    UpperRoman,
    /// "-", "*", "•" list bullets.
    Bullet,
}

impl MarkerStyle {
    /// Returns whether items of this style open a section that later text belongs to, as
    /// "4." or "A." do, rather than being entries of an inline list such as "(a)".
    pub fn is_sectional(self) -> bool {
        matches!(self, Self::Decimal(_) | Self::Section(_) | Self::UpperAlpha | Self::UpperRoman)
    }
}

/// A marker found at the start of a clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// The marker as a reader writes it, without markdown escapes: "4.6", "(viii)", "A.".
    pub label: String,
    pub style: MarkerStyle,
}

static SECTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:section|article|clause|§)\s*(\d{1,3}(?:\.\d{1,3})*)[.:]?(?:\s+|$)")
        .expect("pattern compiles")
});
static DECIMAL_MULTI: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,3}(?:\.\d{1,3})+)\.?(?:\s+|$)").expect("pattern compiles")
});
static DECIMAL_SINGLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,3})[.)](?:\s+|$)").expect("pattern compiles"));
static PARENTHESIZED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(([ivxlc]{1,6}|[IVXLC]{1,6}|[a-z]{1,2}|[A-Z]{1,2}|\d{1,3})\)(?:\s+|$)")
        .expect("pattern compiles")
});
static LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z]|[IVX]{2,5})[.)](?:\s+|$)").expect("pattern compiles"));
static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3}))$")
        .expect("pattern compiles")
});

/// Splits a leading marker off plain clause text.
///
/// `previous` is the label of the item before this one at the same depth, if any: it settles
/// whether "(i)" is the ninth letter after "(h)" or the first roman numeral.
/// Returns the marker and the text after it, or `None` when the text starts with none.
pub fn split_marker<'t>(text: &'t str, previous: Option<&str>) -> Option<(Marker, &'t str)> {
    if !may_start_with_marker(text) {
        return None;
    }
    if let Some(caps) = SECTION.captures(text) {
        let number = &caps[1];
        let keyword = text[..caps.get(1).expect("group 1").start()].trim_end();
        let label = format!("{keyword} {number}");
        let style = MarkerStyle::Section(component_count(number));
        return Some((Marker { label, style }, &text[caps[0].len()..]));
    }
    if let Some(caps) = DECIMAL_MULTI.captures(text) {
        let number = &caps[1];
        let style = MarkerStyle::Decimal(component_count(number));
        return Some((Marker { label: number.to_owned(), style }, &text[caps[0].len()..]));
    }
    if let Some(caps) = DECIMAL_SINGLE.captures(text) {
        let label = caps[0].trim_end().to_owned();
        return Some((Marker { label, style: MarkerStyle::Decimal(1) }, &text[caps[0].len()..]));
    }
    if let Some(caps) = PARENTHESIZED.captures(text) {
        let inner = &caps[1];
        if is_copyright_sign(inner, &text[caps[0].len()..], previous) {
            return None;
        }
        let style = parenthesized_style(inner, previous);
        let label = format!("({inner})");
        return Some((Marker { label, style }, &text[caps[0].len()..]));
    }
    if let Some(caps) = LETTER.captures(text) {
        let inner = &caps[1];
        let style = if inner.len() > 1 || (inner == "I" && !follows_letter(previous, 'H')) {
            MarkerStyle::UpperRoman
        } else if inner.chars().all(|c| c.is_ascii_uppercase()) {
            MarkerStyle::UpperAlpha
        } else {
            MarkerStyle::LowerAlpha
        };
        let label = caps[0].trim_end().to_owned();
        return Some((Marker { label, style }, &text[caps[0].len()..]));
    }
    None
}

/// Returns the marker an item gives itself after a list number, as in "2.  (ii) resell", with
/// the text after it. Returns `None` when `outer` is not a plain list number or no marker
/// follows it.
///
/// An HTML `<ol>` whose items carry their own markers becomes markdown of this shape. The list
/// number belongs to the markup and shifts with every item inserted above, so the item's own
/// marker is the one that names it.
/// NOTE: a plain-text document that writes a section number and its first item on one line
/// ("1. (a) Fees are due …") loses the section number here, because the two read alike.
pub fn own_marker_after_list_number<'t>(
    outer: &Marker,
    rest: &'t str,
    previous: Option<&str>,
) -> Option<(Marker, &'t str)> {
    let plain_number = outer.style == MarkerStyle::Decimal(1)
        && outer.label.ends_with(['.', ')'])
        && outer.label[..outer.label.len() - 1].chars().all(|c| c.is_ascii_digit());
    if !plain_number {
        return None;
    }
    split_marker(rest, previous).filter(|(_, text)| !text.trim().is_empty())
}

/// Returns false for text that cannot start with a marker, cheaply, so that ordinary
/// sentences skip the patterns below.
fn may_start_with_marker(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) if c.is_ascii_digit() || c == '(' || c == '§' => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let head: String = text.chars().take(8).collect();
            head.contains(['.', ')'])
                || ["section", "article", "clause"]
                    .iter()
                    .any(|word| head.to_ascii_lowercase().starts_with(word))
        }
        _ => false,
    }
}

/// Returns whether "(c)" opens a copyright line ("(c) 2024 Acme Inc.", "(c) Acme") rather
/// than a third list item. A list item "(c)" follows an item "(b)" or a sub-item of it, and
/// its text is longer than a name.
fn is_copyright_sign(inner: &str, rest: &str, previous: Option<&str>) -> bool {
    if !inner.eq_ignore_ascii_case("c") || previous.is_some_and(|p| p.eq_ignore_ascii_case("(b)")) {
        return false;
    }
    let rest = rest.trim();
    let lower = rest.to_lowercase();
    let starts_with_year = rest.len() >= 4
        && rest.as_bytes()[..4].iter().all(u8::is_ascii_digit)
        && (rest.starts_with("19") || rest.starts_with("20"));
    let a_name = rest.split_whitespace().count() <= 3 && !rest.ends_with(['.', ';', ':', ',']);
    starts_with_year || a_name || lower.contains("copyright") || lower.contains("rights reserved")
}

fn component_count(number: &str) -> u8 {
    u8::try_from(number.split('.').count()).unwrap_or(u8::MAX)
}

/// Decides between letters and roman numerals for a parenthesized marker.
fn parenthesized_style(inner: &str, previous: Option<&str>) -> MarkerStyle {
    if inner.chars().all(|c| c.is_ascii_digit()) {
        return MarkerStyle::ParenDecimal;
    }
    let upper = inner.chars().all(|c| c.is_ascii_uppercase());
    let is_roman = ROMAN.is_match(inner);
    let previous_inner = previous
        .and_then(|label| label.strip_prefix('('))
        .and_then(|label| label.strip_suffix(')'));
    let roman_sequence = previous_inner.is_some_and(|prev| ROMAN.is_match(prev) && prev.len() > 1);
    let letter_sequence = previous_inner.is_some_and(|prev| {
        prev.len() == 1 && inner.len() == 1 && next_letter(prev) == inner.chars().next()
    });
    let roman = is_roman
        && !letter_sequence
        && (inner.len() > 1 || roman_sequence || inner.eq_ignore_ascii_case("i"));
    match (roman, upper) {
        (true, false) => MarkerStyle::ParenLowerRoman,
        (true, true) => MarkerStyle::ParenUpperRoman,
        (false, false) => MarkerStyle::ParenLowerAlpha,
        (false, true) => MarkerStyle::ParenUpperAlpha,
    }
}

fn next_letter(label: &str) -> Option<char> {
    let c = label.chars().next()?;
    char::from_u32(c as u32 + 1)
}

fn follows_letter(previous: Option<&str>, letter: char) -> bool {
    previous.is_some_and(|label| label.starts_with(letter))
}

/// Splits a leading list bullet off a raw markdown line ("- ", "* ", "+ ", "• ").
pub fn split_bullet(raw: &str) -> Option<&str> {
    let rest = raw.strip_prefix(['-', '*', '+', '•', '·', '▪', '◦'])?;
    if rest.starts_with([' ', '\t']) { Some(rest.trim_start()) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marker(text: &str, previous: Option<&str>) -> (String, MarkerStyle, String) {
        let (marker, rest) = split_marker(text, previous).expect("a marker");
        (marker.label, marker.style, rest.to_owned())
    }

    #[test]
    fn decimal_markers_keep_their_components() {
        assert_eq!(
            marker("4.6. Except as", None),
            ("4.6".into(), MarkerStyle::Decimal(2), "Except as".into())
        );
        assert_eq!(marker("2.1 Order Form", None).1, MarkerStyle::Decimal(2));
        assert_eq!(marker("1. The Netflix Service", None).0, "1.");
    }

    #[test]
    fn roman_and_letter_items_are_told_apart() {
        assert_eq!(marker("(viii) engage", Some("(vii)")).1, MarkerStyle::ParenLowerRoman);
        assert_eq!(marker("(i) use the service", None).1, MarkerStyle::ParenLowerRoman);
        assert_eq!(marker("(i) item", Some("(h)")).1, MarkerStyle::ParenLowerAlpha);
        assert_eq!(marker("(c) item", Some("(b)")).1, MarkerStyle::ParenLowerAlpha);
        assert_eq!(marker("(v) item", Some("(iv)")).1, MarkerStyle::ParenLowerRoman);
    }

    #[test]
    fn section_and_letter_markers() {
        assert_eq!(marker("Section 5 Fees", None).0, "Section 5");
        assert_eq!(marker("J. AI Features", None).1, MarkerStyle::UpperAlpha);
        assert_eq!(marker("IV. Remedies", None).1, MarkerStyle::UpperRoman);
    }

    #[test]
    fn copyright_sign_is_not_an_item() {
        assert!(split_marker("(c) 2024 Acme Inc.", None).is_none());
        assert!(split_marker("(C) Acme Corporation", Some("(ii)")).is_none());
        assert!(split_marker("(c) acme", None).is_none());
        assert!(split_marker("(c) Copyright Acme. All rights reserved.", None).is_none());
        assert_eq!(marker("(c) 2024 fees are due", Some("(b)")).0, "(c)");
        assert_eq!(
            marker("(c) To the URL Terms. The provider may change them.", Some("(ii)")).0,
            "(c)"
        );
        assert_eq!(marker("(c) sell the service;", Some("(ii)")).0, "(c)");
    }

    #[test]
    fn ordinary_sentences_have_no_marker() {
        assert!(split_marker("2024 was a year", None).is_none());
        assert!(split_marker("U.S. law applies", None).is_none());
        assert!(split_marker("I agree", None).is_none());
    }
}
