//! Collapsing of whitespace runs before matching, and the way back to the original offsets.
//!
//! Rule patterns write a word gap as one space ("may terminate"), but text extracted from web
//! pages often keeps tabs, line breaks or several spaces between words. The classifier matches
//! a copy of each text in which every run of whitespace is one space, then maps each evidence
//! span back to the text it was given.

use std::borrow::Cow;

use crate::classify::{ClauseInput, Evidence, EvidenceSource};

/// A text with every run of whitespace replaced by one space.
#[derive(Debug, Clone)]
struct Collapsed<'t> {
    original: &'t str,
    text: Cow<'t, str>,
    /// The original byte offset of each byte of `text`, then the original length. Empty when
    /// `text` is the original.
    origins: Vec<usize>,
}

impl<'t> Collapsed<'t> {
    fn new(original: &'t str) -> Self {
        if !needs_collapsing(original) {
            return Self { original, text: Cow::Borrowed(original), origins: Vec::new() };
        }

        let mut text = String::with_capacity(original.len());
        let mut origins = Vec::with_capacity(original.len() + 1);
        let mut in_run = false;
        for (offset, c) in original.char_indices() {
            if c.is_whitespace() {
                if !in_run {
                    text.push(' ');
                    origins.push(offset);
                }
                in_run = true;
                continue;
            }
            in_run = false;
            text.push(c);
            origins.extend(std::iter::repeat_n(offset, c.len_utf8()));
        }
        origins.push(original.len());

        Self { original, text: Cow::Owned(text), origins }
    }

    /// Returns the original byte offset of `offset` in the collapsed text. An offset at the
    /// start of a collapsed run maps to the start of the run.
    fn original_offset(&self, offset: usize) -> usize {
        if self.origins.is_empty() { offset } else { self.origins[offset] }
    }

    fn is_changed(&self) -> bool {
        !self.origins.is_empty()
    }
}

/// Returns whether `text` has whitespace other than single spaces.
fn needs_collapsing(text: &str) -> bool {
    let mut previous_space = false;
    for c in text.chars() {
        if c.is_whitespace() && (c != ' ' || previous_space) {
            return true;
        }
        previous_space = c == ' ';
    }
    false
}

/// A clause input with its texts collapsed, and the maps back to the input it came from.
#[derive(Debug)]
pub(crate) struct CollapsedInput<'t> {
    /// The input to match: the original when nothing needed collapsing.
    pub input: Cow<'t, ClauseInput>,
    text: Collapsed<'t>,
    lead_in: Option<Collapsed<'t>>,
    headings: Vec<Collapsed<'t>>,
}

impl<'t> CollapsedInput<'t> {
    pub fn new(original: &'t ClauseInput) -> Self {
        let text = Collapsed::new(&original.text);
        let lead_in = original.lead_in.as_deref().map(Collapsed::new);
        let headings: Vec<_> = original.heading_path.iter().map(|h| Collapsed::new(h)).collect();

        let changed = text.is_changed()
            || lead_in.as_ref().is_some_and(Collapsed::is_changed)
            || headings.iter().any(Collapsed::is_changed);
        let input = if changed {
            Cow::Owned(ClauseInput {
                text: text.text.clone().into_owned(),
                heading_path: headings.iter().map(|h| h.text.clone().into_owned()).collect(),
                lead_in: lead_in.as_ref().map(|l| l.text.clone().into_owned()),
            })
        } else {
            Cow::Borrowed(original)
        };

        Self { input, text, lead_in, headings }
    }

    /// Moves the spans of `evidence`, found in the collapsed texts, to the original texts and
    /// takes the matched words from there.
    pub fn restore(&self, evidence: &mut [Evidence]) {
        if !matches!(self.input, Cow::Owned(_)) {
            return;
        }
        for found in evidence {
            let source = match found.source {
                EvidenceSource::Clause => Some(&self.text),
                EvidenceSource::LeadIn => self.lead_in.as_ref(),
                EvidenceSource::Heading(index) => self.headings.get(index),
            };
            let Some(source) = source else { continue };
            found.start = source.original_offset(found.start);
            found.end = source.original_offset(found.end);
            found.text = source.original[found.start..found.end].to_owned();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_spaces_are_left_alone() {
        let collapsed = Collapsed::new("We may terminate your account.");

        assert!(!collapsed.is_changed());
        assert_eq!(collapsed.original_offset(7), 7);
    }

    #[test]
    fn runs_become_one_space() {
        let collapsed = Collapsed::new("  We may\t\tterminate  ");

        assert_eq!(collapsed.text, " We may terminate ");
    }

    #[test]
    fn offsets_map_back_past_runs() {
        let original = "We  may\tterminate";
        let collapsed = Collapsed::new(original);
        let start = collapsed.text.find("terminate").unwrap();

        let original_start = collapsed.original_offset(start);
        let original_end = collapsed.original_offset(start + "terminate".len());

        assert_eq!(&original[original_start..original_end], "terminate");
    }

    #[test]
    fn multibyte_characters_keep_their_offsets() {
        let original = "Tinder\u{2019}s  licence";
        let collapsed = Collapsed::new(original);
        let start = collapsed.text.find("licence").unwrap();

        assert_eq!(&original[collapsed.original_offset(start)..], "licence");
    }
}
