//! Lists of cue phrases, each searched in one pass over a lowercased text.
//!
//! A rating reads both sides of every change record against several lists of phrases. Searching
//! each phrase on its own scans the text once per phrase. An Aho-Corasick automaton built once
//! per list finds every phrase of the list in one scan. Add a list as a `static` [`CueList`].
//!
//! A phrase written with a typewriter apostrophe (`days' notice`) also matches the typographic
//! one (`days’ notice`), which many terms pages use.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// A fixed list of lowercase phrases and the automaton that finds them.
pub(crate) struct CueList {
    phrases: &'static [&'static str],
    /// The automaton, and the index in `phrases` of each of its patterns.
    automaton: OnceLock<(AhoCorasick, Vec<usize>)>,
}

/// One place where a phrase of a [`CueList`] occurs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Occurrence {
    pub phrase: &'static str,
    /// Byte range of the phrase in the searched text.
    pub span: Range<usize>,
}

impl CueList {
    pub const fn new(phrases: &'static [&'static str]) -> Self {
        Self { phrases, automaton: OnceLock::new() }
    }

    /// Returns every occurrence of every phrase in `lowered`, overlapping ones included ("you
    /// will not" contains "will not" too), ordered by where they end.
    pub fn occurrences<'t>(&'t self, lowered: &'t str) -> impl Iterator<Item = Occurrence> + 't {
        self.matches(lowered).map(|(index, span)| Occurrence { phrase: self.phrases[index], span })
    }

    /// Returns the phrases that occur in `lowered` at least once at a start offset for which
    /// `excluded` is false, in the list's order.
    pub fn found_outside(
        &self,
        lowered: &str,
        excluded: impl Fn(usize) -> bool,
    ) -> Vec<&'static str> {
        self.found_where(lowered, |_, start| !excluded(start))
    }

    /// Returns the phrases that occur in `lowered` at least once at a start offset for which
    /// `counts(phrase, start)` is true, in the list's order.
    pub fn found_where(
        &self,
        lowered: &str,
        counts: impl Fn(&'static str, usize) -> bool,
    ) -> Vec<&'static str> {
        let mut found = vec![false; self.phrases.len()];
        for (index, span) in self.matches(lowered) {
            if !found[index] && counts(self.phrases[index], span.start) {
                found[index] = true;
            }
        }
        let phrases = self.phrases.iter().zip(found);
        phrases.filter(|(_, found)| *found).map(|(phrase, _)| *phrase).collect()
    }

    /// Returns the index in the list and the byte range of every occurrence.
    fn matches<'t>(&'t self, lowered: &'t str) -> impl Iterator<Item = (usize, Range<usize>)> + 't {
        let (automaton, phrase_of) = self.automaton.get_or_init(|| self.build());
        automaton
            .find_overlapping_iter(lowered)
            .map(|found| (phrase_of[found.pattern().as_usize()], found.range()))
    }

    /// Builds the automaton over every phrase and the typographic-apostrophe form of each
    /// phrase with an apostrophe.
    fn build(&self) -> (AhoCorasick, Vec<usize>) {
        let mut patterns = Vec::new();
        let mut phrase_of = Vec::new();
        for (index, phrase) in self.phrases.iter().enumerate() {
            patterns.push((*phrase).to_owned());
            phrase_of.push(index);
            if phrase.contains('\'') {
                patterns.push(phrase.replace('\'', "\u{2019}"));
                phrase_of.push(index);
            }
        }
        let automaton =
            AhoCorasick::new(&patterns).expect("a short list of phrases builds an automaton");
        (automaton, phrase_of)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static LIST: CueList = CueList::new(&["will not", "you will not", "notice"]);

    /// Returns the phrases of `list` found by searching each one on its own, in list order.
    fn one_by_one(
        list: &[&'static str],
        text: &str,
        excluded: impl Fn(usize) -> bool,
    ) -> Vec<&'static str> {
        list.iter()
            .copied()
            .filter(|phrase| text.match_indices(phrase).any(|(at, _)| !excluded(at)))
            .collect()
    }

    #[test]
    fn overlapping_phrases_both_found() {
        let text = "you will not resell it.";
        let found: Vec<(&str, Range<usize>)> =
            LIST.occurrences(text).map(|o| (o.phrase, o.span)).collect();

        assert!(found.contains(&("will not", 4..12)));
        assert!(found.contains(&("you will not", 0..12)));
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn typographic_apostrophe_matches_phrase() {
        static APOSTROPHE: CueList = CueList::new(&["days' notice", "notice"]);

        let found = APOSTROPHE.found_outside("thirty days\u{2019} notice", |_| false);

        assert_eq!(found, vec!["days' notice", "notice"]);
    }

    #[test]
    fn found_where_reads_phrase_and_start() {
        let text = "notice: you will not get notice";
        let late_notice = |phrase: &str, start: usize| phrase != "notice" || start > 0;
        let only_at_start = |_: &str, start: usize| start == 0;

        assert_eq!(LIST.found_where(text, late_notice), ["will not", "you will not", "notice"]);
        assert_eq!(LIST.found_where(text, only_at_start), ["notice"]);
        assert!(LIST.found_where(text, |phrase, _| phrase == "train").is_empty());
    }

    #[test]
    fn found_outside_matches_separate_searches() {
        let text = "we will not sell it. you will not resell it without notice.";
        let excluded = |at: usize| (0..11).contains(&at);

        assert_eq!(LIST.found_outside(text, excluded), one_by_one(LIST.phrases, text, excluded));
        assert_eq!(LIST.found_outside(text, |_| false), vec!["will not", "you will not", "notice"]);
        assert_eq!(LIST.found_outside("nothing here", |_| false), Vec::<&str>::new());
    }
}
