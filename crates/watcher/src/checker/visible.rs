//! Texts that differ only in characters a reader cannot see. Examples are a no-break space for
//! a space, a soft hyphen or a zero-width space inside a word, doubled spaces, spaces at a
//! line's end, and a line of spaces between paragraphs (an empty `<p>&nbsp;</p>`). A check that
//! finds such a text records no version, because the versions would differ by no clause. A page
//! that swaps such characters back and forth would otherwise read as alternating. A new
//! invisible character goes in [`is_invisible`].

/// Returns whether `first` and `second` read the same. They do when they are equal once every
/// run of spaces inside a line is one space, no line ends in spaces, a line of spaces is blank,
/// blank lines in a row are one, and invisible characters are left out. Line breaks and the
/// indentation that starts a line count, because Markdown reads them.
///
/// The texts are compared line by line and the comparison stops at the first line that differs,
/// since a changed text mostly differs early and this runs on every changed check.
pub(super) fn same_visible_text(first: &str, second: &str) -> bool {
    let mut first = VisibleLines::new(first);
    let mut second = VisibleLines::new(second);
    loop {
        match (first.next_line(), second.next_line()) {
            (None, None) => return true,
            (Some(one), Some(other)) if one == other => {}
            _ => return false,
        }
    }
}

/// The lines of a text as [`same_visible_text`] compares them, one at a time in a buffer.
struct VisibleLines<'t> {
    lines: std::str::Split<'t, char>,
    blank_before: bool,
    form: String,
}

impl<'t> VisibleLines<'t> {
    fn new(text: &'t str) -> Self {
        Self { lines: text.split('\n'), blank_before: false, form: String::new() }
    }

    /// Returns the visible form of the next line, skipping a blank line that follows a blank
    /// line.
    fn next_line(&mut self) -> Option<&str> {
        loop {
            let line = self.lines.next()?;
            let blank =
                line.chars().all(|character| character.is_whitespace() || is_invisible(character));
            if blank && self.blank_before {
                continue;
            }
            self.blank_before = blank;
            self.form.clear();
            if !blank {
                push_visible_line(line, &mut self.form);
            }
            return Some(&self.form);
        }
    }
}

/// Appends the visible form of a line that is not blank to `form`.
fn push_visible_line(line: &str, form: &mut String) {
    let mut indented = true;
    let mut space = false;
    for character in line.chars().filter(|character| !is_invisible(*character)) {
        if character.is_whitespace() {
            // Each space of the indentation counts, since it sets a list item's level.
            if indented {
                form.push(' ');
            }
            space = !indented;
            continue;
        }
        if space {
            form.push(' ');
        }
        indented = false;
        space = false;
        form.push(character);
    }
}

/// Returns whether `character` shows nothing and leaves the words around it as they are. These
/// are the soft hyphen (shown only at a line break), the zero-width space, the word joiner, the
/// zero-width no-break space, the left-to-right and right-to-left marks, and the combining
/// grapheme joiner. Zero-width joiners and non-joiners count, because they change how some
/// scripts are written.
fn is_invisible(character: char) -> bool {
    matches!(
        character,
        '\u{ad}' | '\u{200b}' | '\u{2060}' | '\u{feff}' | '\u{200e}' | '\u{200f}' | '\u{34f}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERMS: &str = "Terms of Service\n\n1. You may not use the service to train models.\n\
                         \n  - a nested item\n";

    #[test]
    fn no_break_space_reads_as_space() {
        let swapped = TERMS.replace("use the", "use\u{a0}the");

        assert!(same_visible_text(TERMS, &swapped));
    }

    #[test]
    fn soft_hyphen_and_zero_width_space_are_invisible() {
        let hyphenated =
            TERMS.replace("service", "ser\u{ad}vice").replace("models", "mod\u{200b}els");

        assert!(same_visible_text(TERMS, &hyphenated));
    }

    #[test]
    fn doubled_and_trailing_spaces_are_invisible() {
        let spaced = TERMS.replace("may not", "may  not").replace("Service\n", "Service  \n");

        assert!(same_visible_text(TERMS, &spaced));
    }

    #[test]
    fn direction_marks_and_grapheme_joiner_are_invisible() {
        let marked = TERMS.replace("models", "models\u{200e}").replace("service", "servi\u{34f}ce");

        assert!(same_visible_text(TERMS, &marked));
    }

    #[test]
    fn line_of_spaces_between_paragraphs_is_invisible() {
        let spacer = TERMS.replace("Service\n\n1.", "Service\n\n\u{a0}\n\n1.");

        assert!(same_visible_text(TERMS, &spacer));
    }

    #[test]
    fn zero_width_joiner_is_visible() {
        let joined = TERMS.replace("models", "mod\u{200d}els");

        assert!(!same_visible_text(TERMS, &joined));
    }

    #[test]
    fn changed_word_is_visible() {
        let changed = TERMS.replace("may not", "may");

        assert!(!same_visible_text(TERMS, &changed));
    }

    #[test]
    fn line_break_is_visible() {
        let joined = TERMS.replace("Service\n\n1.", "Service 1.");

        assert!(!same_visible_text(TERMS, &joined));
    }

    #[test]
    fn indentation_is_visible() {
        let outdented = TERMS.replace("  - a nested", "- a nested");

        assert!(!same_visible_text(TERMS, &outdented));
    }

    #[test]
    fn blank_lines_at_the_end_count_once() {
        assert!(same_visible_text("Terms\n", "Terms\n\n \n\u{a0}\n"));
        assert!(!same_visible_text("Terms\n", "Terms"));
    }

    #[test]
    fn space_between_words_is_visible() {
        let joined = TERMS.replace("the service", "theservice");

        assert!(!same_visible_text(TERMS, &joined));
    }
}
