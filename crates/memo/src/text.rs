//! Styled text and greedy line wrapping measured with the faces' advance widths.
//!
//! Lines break at whitespace. A word wider than the whole line (a SHA-256 value, a long URL)
//! is broken between characters, so no text ever runs past its column. Runs of whitespace
//! collapse to one space and `\n` forces a line break. Hyphenation would go in
//! [`Wrapper::push_word`].

use crate::fonts::{Face, FontSet};

/// Drawing style of a run of text: face, size and mark.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    pub mark: Mark,
}

impl Style {
    /// Returns a style without marks.
    pub fn new(face: Face, size: f32) -> Style {
        Style { face, size, mark: Mark::None }
    }

    /// Returns this style with `mark`.
    pub fn marked(self, mark: Mark) -> Style {
        Style { mark, ..self }
    }
}

/// A line drawn with the text, so that diffs read in black and white.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// Inserted words.
    Underline,
    /// Deleted words.
    StrikeThrough,
}

/// A run of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    /// Returns a span of `text` in `style`.
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span { text: text.into(), style }
    }
}

/// A piece of one line in one style, placed at `x` points from the line's start.
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub x: f32,
    pub width: f32,
    pub text: String,
    pub style: Style,
}

/// One wrapped line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    pub fragments: Vec<Fragment>,
    pub width: f32,
}

impl Line {
    /// Returns the largest font size on the line, or 0 for an empty line.
    pub fn max_size(&self) -> f32 {
        self.fragments.iter().map(|fragment| fragment.style.size).fold(0.0, f32::max)
    }
}

/// Wraps `spans` into lines no wider than `max_width` points.
pub fn wrap(fonts: &FontSet, spans: &[Span], max_width: f32) -> Vec<Line> {
    let mut wrapper = Wrapper { fonts, max_width, lines: vec![Line::default()] };
    let mut word: Vec<(char, Style)> = Vec::new();
    let mut space_before: Option<Style> = None;

    for span in spans {
        for ch in span.text.chars() {
            if ch == '\n' {
                wrapper.push_word(&word, space_before.take());
                word.clear();
                wrapper.lines.push(Line::default());
            } else if ch.is_whitespace() {
                if !word.is_empty() {
                    wrapper.push_word(&word, space_before.take());
                    word.clear();
                }
                space_before.get_or_insert(span.style);
            } else {
                word.push((ch, span.style));
            }
        }
    }
    wrapper.push_word(&word, space_before);

    wrapper.lines
}

/// The lines built so far.
struct Wrapper<'a> {
    fonts: &'a FontSet,
    max_width: f32,
    lines: Vec<Line>,
}

impl Wrapper<'_> {
    /// Appends one word, preceded by a space in `space` unless it starts a line.
    fn push_word(&mut self, word: &[(char, Style)], space: Option<Style>) {
        if word.is_empty() {
            return;
        }

        let word_width: f32 = word.iter().map(|(ch, style)| self.char_width(*ch, *style)).sum();
        // A word wider than a line breaks after a hyphen ("machine-" / "learning") before it
        // breaks between letters, keeping as much of it on each line as fits.
        if word_width > self.max_width && self.push_hyphenated(word, space) {
            return;
        }
        let line_is_empty = self.current().fragments.is_empty();
        let space_width = match space {
            Some(style) if !line_is_empty => self.char_width(' ', style),
            _ => 0.0,
        };

        if !line_is_empty && self.current().width + space_width + word_width > self.max_width {
            self.lines.push(Line::default());
        } else if let Some(style) = space.filter(|_| !line_is_empty) {
            // A mark runs through a space only between two marked words, so an underline
            // or strike ends with the word that ends the change.
            let previous_mark = self.current().fragments.last().map(|last| last.style.mark);
            let space_style = if previous_mark == Some(word[0].1.mark) {
                style
            } else {
                style.marked(Mark::None)
            };
            self.push_char(' ', space_style);
        }

        for (ch, style) in word {
            let width = self.char_width(*ch, *style);
            let line = self.current();
            // Breaks inside a word only when the word alone is wider than a line.
            if !line.fragments.is_empty() && line.width + width > self.max_width {
                self.lines.push(Line::default());
            }
            self.push_char(*ch, *style);
        }
    }

    /// Appends a word wider than a line in pieces that end after a hyphen, each line taking the
    /// longest piece that fits. Returns false, having appended nothing, when no piece ending
    /// after a hyphen fits even on an empty line.
    fn push_hyphenated(&mut self, word: &[(char, Style)], space: Option<Style>) -> bool {
        let mut rest = word;
        let mut space = space;
        let mut first = true;
        while !rest.is_empty() {
            let rest_width: f32 = rest.iter().map(|(ch, style)| self.char_width(*ch, *style)).sum();
            let room = self.room(space);
            if rest_width <= room {
                self.push_piece(rest, space);
                return true;
            }
            match self.longest_hyphen_piece(rest, room) {
                Some(end) => {
                    self.push_piece(&rest[..end], space);
                    rest = &rest[end..];
                    self.lines.push(Line::default());
                }
                None if !self.current().fragments.is_empty() => self.lines.push(Line::default()),
                None if first => return false,
                // A piece without a fitting hyphen breaks between letters.
                None => {
                    self.push_word(rest, None);
                    return true;
                }
            }
            space = None;
            first = false;
        }
        true
    }

    /// Returns the width left on the current line for a piece that follows `space`.
    fn room(&mut self, space: Option<Style>) -> f32 {
        let line = self.current();
        if line.fragments.is_empty() {
            return self.max_width;
        }
        let width = line.width;
        let space_width = space.map_or(0.0, |style| self.char_width(' ', style));
        self.max_width - width - space_width
    }

    /// Returns the length of the longest start of `word` that ends after a hyphen and is at
    /// most `room` wide.
    fn longest_hyphen_piece(&self, word: &[(char, Style)], room: f32) -> Option<usize> {
        let mut width = 0.0;
        let mut best = None;
        for (index, (ch, style)) in word.iter().enumerate() {
            width += self.char_width(*ch, *style);
            if width > room {
                break;
            }
            if *ch == '-' && index + 1 < word.len() {
                best = Some(index + 1);
            }
        }
        best
    }

    /// Appends a piece that fits the current line, after a space unless the line is empty.
    fn push_piece(&mut self, piece: &[(char, Style)], space: Option<Style>) {
        if let Some(style) = space.filter(|_| !self.current().fragments.is_empty()) {
            self.push_char(' ', style.marked(Mark::None));
        }
        for (ch, style) in piece {
            self.push_char(*ch, *style);
        }
    }

    /// Appends one character to the current line, extending its last fragment when it can.
    fn push_char(&mut self, ch: char, style: Style) {
        let width = self.char_width(ch, style);
        let line = self.current();
        match line.fragments.last_mut() {
            Some(last) if last.style == style => {
                last.text.push(ch);
                last.width += width;
            }
            _ => {
                line.fragments.push(Fragment { x: line.width, width, text: ch.to_string(), style })
            }
        }
        line.width += width;
    }

    fn char_width(&self, ch: char, style: Style) -> f32 {
        self.fonts.advance_em(style.face, ch) * style.size
    }

    fn current(&mut self) -> &mut Line {
        self.lines.last_mut().expect("the wrapper always contains at least one line")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> &'static FontSet {
        FontSet::get().expect("compiled-in fonts parse")
    }

    fn line_texts(lines: &[Line]) -> Vec<String> {
        lines
            .iter()
            .map(|line| line.fragments.iter().map(|f| f.text.as_str()).collect::<String>())
            .collect()
    }

    #[test]
    fn wrap_breaks_at_spaces() {
        // DejaVu Sans Mono advances every character by 1233/2048 em: at 10 pt, 6.02 pt each,
        // so a 40 pt column holds 6 characters.
        let style = Style::new(Face::Mono, 10.0);
        let lines = wrap(fonts(), &[Span::new("abc defg  hi", style)], 40.0);

        assert_eq!(line_texts(&lines), vec!["abc", "defg", "hi"]);
    }

    #[test]
    fn wrap_splits_word_wider_than_line() {
        let style = Style::new(Face::Mono, 10.0);
        let lines = wrap(fonts(), &[Span::new("0123456789abcdef", style)], 40.0);

        assert_eq!(line_texts(&lines), vec!["012345", "6789ab", "cdef"]);
        for line in &lines {
            assert!(line.width <= 40.0, "line {line:?} is wider than 40 pt");
        }
    }

    #[test]
    fn wrap_breaks_long_word_after_hyphen() {
        let style = Style::new(Face::Mono, 10.0);
        let lines = wrap(fonts(), &[Span::new("AI and machine-learning use", style)], 60.0);

        // 9 characters fit in 60 pt: "machine-learning" breaks after its hyphen.
        assert_eq!(line_texts(&lines), vec!["AI and", "machine-", "learning", "use"]);
    }

    #[test]
    fn wrap_keeps_hyphenated_pieces_together() {
        let style = Style::new(Face::Mono, 10.0);
        let text = "To: a-b-c-d-e-f-g-h-i-j-k-l-m-n";
        let lines = wrap(fonts(), &[Span::new(text, style)], 60.0);

        // Each line takes as many pieces as its 9 characters hold.
        assert_eq!(line_texts(&lines), vec!["To: a-b-", "c-d-e-f-", "g-h-i-j-", "k-l-m-n"]);
    }

    #[test]
    fn wrap_keeps_styles_apart_within_word() {
        let plain = Style::new(Face::Mono, 10.0);
        let inserted = plain.marked(Mark::Underline);
        let spans = [Span::new("ab", plain), Span::new("cd ef", inserted)];
        let lines = wrap(fonts(), &spans, 200.0);

        let fragments = &lines[0].fragments;
        assert_eq!(fragments.len(), 2);
        assert_eq!(fragments[0].text, "ab");
        assert_eq!(fragments[1].text, "cd ef");
        let advance = 1233.0 / 2048.0 * 10.0;
        assert!((fragments[1].x - 2.0 * advance).abs() < 1e-3);
    }

    #[test]
    fn wrap_leaves_space_after_change_unmarked() {
        let plain = Style::new(Face::Mono, 10.0);
        let inserted = plain.marked(Mark::Underline);
        let spans = [Span::new("new words ", inserted), Span::new("old", plain)];
        let lines = wrap(fonts(), &spans, 200.0);

        let texts: Vec<(&str, Mark)> =
            lines[0].fragments.iter().map(|f| (f.text.as_str(), f.style.mark)).collect();
        assert_eq!(texts, vec![("new words", Mark::Underline), (" old", Mark::None)]);
    }

    #[test]
    fn wrap_honours_newline() {
        let style = Style::new(Face::SerifRegular, 10.0);
        let lines = wrap(fonts(), &[Span::new("one\ntwo", style)], 500.0);

        assert_eq!(line_texts(&lines), vec!["one", "two"]);
    }
}
