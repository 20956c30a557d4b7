//! Checks on text that users type into the store: checklist fields, notes and review reasons.
//! Such text prints in tables, in the app and in memos sent to counsel. So each kind of field
//! has a maximum length, and none may contain characters that break a line where it should not
//! or show the text in another order than it is stored. A new kind of field gets its limit
//! here.

use crate::names::has_hidden_characters;
use crate::{Result, StoreError};

/// Maximum length of a one-line field (an owner, an evidence reference), in characters.
pub const MAX_LINE_CHARS: usize = 500;

/// Maximum length of a review reason, in characters.
pub const MAX_REASON_CHARS: usize = 2_000;

/// Maximum length of a note or of a checklist item's notes, in characters: about eight pages.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Returns a one-line field trimmed. A line break or another control character would split
/// the rows of tables and memos, so it is an error naming the field, as is a value over
/// [`MAX_LINE_CHARS`].
pub(crate) fn one_line(field: &str, value: &str) -> Result<String> {
    if has_hidden_characters(value) {
        return Err(StoreError::InvalidInput(format!(
            "invalid {field} {value:?}: it contains a line break, another control character or \
             an invisible formatting character (a direction override, a zero-width space); give \
             it on one line without them"
        )));
    }
    check_length(field, value, MAX_LINE_CHARS)?;
    Ok(value.trim().to_owned())
}

/// Returns a text of one or more lines trimmed. The error names `field` when the text is longer
/// than `max_chars`, or when it contains a control character other than a line break (LF or
/// CRLF) or a tab.
/// It does the same for a direction embedding, override or isolate (U+202A to U+202E, U+2066
/// to U+2069).
pub(crate) fn multi_line(field: &str, value: &str, max_chars: usize) -> Result<String> {
    let control = value.chars().find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'));
    let reordering = value.chars().find(|c| is_direction_control(*c));
    // A carriage return ends a line only before a line feed. Alone it sends a terminal back to
    // the line's start, so the words after it print over the words before.
    let lone_return = value.replace("\r\n", "").contains('\r').then_some('\r');
    if let Some(character) = control.or(reordering).or(lone_return) {
        return Err(StoreError::InvalidInput(format!(
            "invalid {field}: it contains the character U+{:04X}, a control or direction \
             override character that would show the text otherwise than it is stored; remove \
             it (line breaks and tabs are allowed)",
            u32::from(character)
        )));
    }
    check_length(field, value, max_chars)?;
    Ok(value.trim().to_owned())
}

/// Returns whether `c` is a direction embedding, override or isolate, which reorders how the
/// text around it displays.
fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn check_length(field: &str, value: &str, max_chars: usize) -> Result<()> {
    let length = value.trim().chars().count();
    if length > max_chars {
        return Err(StoreError::InvalidInput(format!(
            "invalid {field}: it has {length} characters, more than the {max_chars} allowed; \
             shorten it or keep the full text in a document and refer to it"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_rejects_long_value() {
        let long = "x".repeat(MAX_LINE_CHARS + 1);

        let error = one_line("owner", &long).unwrap_err().to_string();

        assert!(error.contains("501 characters, more than the 500 allowed"), "{error}");
        assert_eq!(one_line("owner", &"x".repeat(MAX_LINE_CHARS)).unwrap().len(), 500);
    }

    #[test]
    fn multi_line_keeps_breaks_and_tabs() {
        let text = " First line.\n\tSecond line.\r\nThird. ";

        assert_eq!(multi_line("note", text, 100).unwrap(), "First line.\n\tSecond line.\r\nThird.");
    }

    #[test]
    fn multi_line_rejects_escape_and_override() {
        let escape = multi_line("note", "evil \u{1b}]0;title\u{7}", 100).unwrap_err();
        let override_ = multi_line("note", "abc \u{202e}fed", 100).unwrap_err();
        let isolate = multi_line("note", "abc \u{2067}fed\u{2069}", 100).unwrap_err();

        assert!(escape.to_string().contains("U+001B"), "{escape}");
        assert!(override_.to_string().contains("U+202E"), "{override_}");
        assert!(isolate.to_string().contains("U+2067"), "{isolate}");
    }

    #[test]
    fn multi_line_rejects_lone_carriage_return() {
        let error = multi_line("note", "Approved by legal\rRejected", 100).unwrap_err();

        assert!(error.to_string().contains("U+000D"), "{error}");
        assert!(multi_line("note", "Approved\r\nby legal", 100).is_ok());
    }

    #[test]
    fn multi_line_keeps_right_to_left_text() {
        let hebrew = "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{200f}(note)";

        assert_eq!(multi_line("note", hebrew, 100).unwrap(), hebrew);
    }

    #[test]
    fn multi_line_rejects_long_text() {
        let error = multi_line("note", &"y".repeat(101), 100).unwrap_err().to_string();

        assert!(error.contains("101 characters, more than the 100 allowed"), "{error}");
    }
}
