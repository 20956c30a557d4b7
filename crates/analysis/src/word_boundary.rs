//! Regexes with word boundaries (`\b`) that stay on the regex crate's fast engine.
//!
//! The lazy DFA cannot evaluate a Unicode word boundary next to a non-ASCII byte. So on a text
//! with a curly quote or a dash, as terms of service often have, a search with `\b` falls
//! back to the bounded backtracker or the PikeVM over the whole text. An ASCII and a Unicode
//! word boundary differ only next to a non-ASCII word character (`é`, `ß`), because any other
//! non-ASCII character is outside a word under both definitions. A [`BoundaryRegex`] therefore
//! searches a text without such a character with ASCII boundaries, and any other text with the
//! pattern as written, so its matches are always those of the pattern as written.
//!
//! Use it for a pattern with `\b` that runs on every change or clause; a pattern run rarely
//! gains nothing from the second copy.

use regex::Regex;

/// A pattern compiled twice: with its word boundaries as written, and with ASCII ones.
#[derive(Debug)]
pub(crate) struct BoundaryRegex {
    unicode: Regex,
    ascii: Regex,
}

impl BoundaryRegex {
    /// Compiles `pattern` and its copy with every `\b` made ASCII. The pattern must not contain
    /// an escaped backslash before a `b` (`\\b`) or a boundary with braces (`\b{start}`), which
    /// the copy would misread.
    pub(crate) fn new(pattern: &str) -> Result<Self, regex::Error> {
        let unicode = Regex::new(pattern)?;
        let ascii = Regex::new(&pattern.replace(r"\b", r"(?-u:\b)"))?;
        Ok(Self { unicode, ascii })
    }

    /// Returns the compiled copy whose matches in `text` are those of the pattern as written,
    /// on the faster engine where it can be.
    pub(crate) fn for_text(&self, text: &str) -> &Regex {
        if has_non_ascii_word_char(text) { &self.unicode } else { &self.ascii }
    }
}

/// Returns whether `text` contains a non-ASCII character that `\w` matches.
pub(crate) fn has_non_ascii_word_char(text: &str) -> bool {
    !text.is_ascii() && text.chars().any(|c| !c.is_ascii() && regex_syntax::is_word_character(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PATTERN: &str = r"(?i)\b(?:we|you)\s+(?:may|must)\s+not\b";

    #[test]
    fn ascii_copy_used_without_word_letters() {
        let regex = BoundaryRegex::new(PATTERN).unwrap();
        let text = "We\u{2019}ll say it \u{2014} you may not copy.";

        let chosen = regex.for_text(text);

        assert_eq!(chosen.as_str(), r"(?i)(?-u:\b)(?:we|you)\s+(?:may|must)\s+not(?-u:\b)");
        assert_eq!(chosen.find(text).map(|found| found.as_str()), Some("you may not"));
    }

    #[test]
    fn written_pattern_used_with_word_letters() {
        let regex = BoundaryRegex::new(PATTERN).unwrap();

        // Under ASCII boundaries "éyou may not" would match after the "é".
        let text = "Caf\u{e9}you may not enter.";

        assert_eq!(regex.for_text(text).as_str(), PATTERN);
        assert!(!regex.for_text(text).is_match(text));
        assert!(Regex::new(&PATTERN.replace(r"\b", r"(?-u:\b)")).unwrap().is_match(text));
    }

    #[test]
    fn non_ascii_word_chars_detected() {
        assert!(!has_non_ascii_word_char("plain ASCII text"));
        assert!(!has_non_ascii_word_char("curly \u{201c}quotes\u{201d} \u{2014} dashes \u{2019}"));
        assert!(has_non_ascii_word_char("na\u{ef}ve"));
        assert!(has_non_ascii_word_char("Stra\u{df}e"));
    }
}
