//! Rule patterns with a cheap check that lets the exact search skip most clauses.
//!
//! A bounded window such as `[^.;]{0,60}?` between two word lists makes the regex crate's lazy
//! DFA track every offset since each anchor word. So nearly every byte of a new text builds new
//! DFA states, each from hundreds of NFA states. Finding the span of a match, which runs the
//! DFA backwards too, took 0.5 to 1.6 ms per matching clause for the longest windows of the
//! embedded taxonomy. The lazy DFA also cannot evaluate a Unicode word boundary (`\b`) next to
//! a non-ASCII byte, so on a text with a curly quote or a dash the regex crate falls back to a
//! slower engine anyway.
//!
//! So a pattern with a bounded repetition gets a gate: a copy with every bounded repetition
//! made unbounded, ASCII word boundaries in place of Unicode ones, and classes without the
//! non-ASCII word characters. Allowing more repeats only adds matches, and the gate runs only
//! on texts without such characters. A Unicode and an ASCII word boundary differ only next to a non-ASCII word
//! character (`é`, `ß`), because a non-ASCII character that is not a word character is outside
//! a word under both definitions. So on a text without a non-ASCII word character, the gate
//! matches wherever the pattern does, while its DFA stays small. On the clause corpus it
//! rejects nearly every clause that the pattern would.
//!
//! The clauses the gate lets through, texts with a non-ASCII word character and the search for
//! evidence spans use the pattern as written, in a `regex-automata` meta regex without the
//! lazy DFA (the bounded backtracker or the PikeVM). Its spans are those of `regex::Regex`;
//! the tests below compare them for every embedded pattern.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};
use regex_automata::meta;
use regex_automata::util::syntax;
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};

use crate::prefilter::Scanned;
#[cfg(test)]
use crate::word_boundary::has_non_ascii_word_char;

/// A case-insensitive pattern, searched with or without a gate.
#[derive(Debug)]
pub(crate) enum Pattern {
    /// A pattern without bounded repetitions, which the lazy DFA handles well.
    Plain(Regex),
    Gated {
        /// A pattern that matches wherever `exact` does on a text without a non-ASCII word
        /// character.
        gate: meta::Regex,
        /// The pattern as written, searched without the lazy DFA.
        exact: meta::Regex,
    },
}

impl Pattern {
    /// Compiles `pattern` case-insensitively. Errors come from the regex crate, as for any
    /// other pattern.
    pub fn new(pattern: &str) -> Result<Self, regex::Error> {
        if let Some(gated) = Self::gated(pattern) {
            return Ok(gated);
        }
        let mut builder = RegexBuilder::new(pattern);
        builder.case_insensitive(true).dfa_size_limit(DFA_CACHE_BYTES);
        Ok(Self::Plain(builder.build()?))
    }

    /// Returns the gated form of `pattern`, or `None` when it has no bounded repetition or
    /// does not compile.
    fn gated(pattern: &str) -> Option<Self> {
        let hir = ParserBuilder::new().case_insensitive(true).build().parse(pattern).ok()?;
        let gate = meta::Builder::new()
            .configure(meta::Config::new().hybrid_cache_capacity(GATE_CACHE_BYTES))
            .build_from_hir(&gate_of(&hir)?)
            .ok()?;
        let exact = meta::Builder::new()
            .syntax(syntax::Config::new().case_insensitive(true))
            .configure(meta::Config::new().hybrid(false).nfa_size_limit(Some(NFA_SIZE_LIMIT)))
            .build(pattern)
            .ok()?;
        Some(Self::Gated { gate, exact })
    }

    /// Returns whether the pattern matches somewhere in `text`.
    #[cfg(test)]
    pub fn is_match(&self, text: &str) -> bool {
        self.is_match_with(text, || has_non_ascii_word_char(text))
    }

    /// Returns whether the pattern matches somewhere in a scanned text, whose scan recorded
    /// whether it has a non-ASCII word character.
    pub fn is_match_scanned(&self, scanned: &Scanned<'_>) -> bool {
        self.is_match_with(scanned.text(), || scanned.has_non_ascii_word_char())
    }

    /// Returns whether the pattern matches in `text`. `word_letters` returns whether the text
    /// has a non-ASCII word character, in which case the gate may not reject it.
    fn is_match_with(&self, text: &str, word_letters: impl FnOnce() -> bool) -> bool {
        match self {
            Self::Plain(regex) => regex.is_match(text),
            Self::Gated { gate, exact } => {
                let rejected = !word_letters() && !gate.is_match(text);
                !rejected && exact.is_match(text)
            }
        }
    }

    /// Returns the matches in a scanned text, or `None` when there is none. A gated pattern
    /// searches for its first match in place of a yes/no search, so a rule that fires does not
    /// search the text again for its evidence. A plain pattern runs its yes/no search with the
    /// lazy DFA and finds the spans only when they are read.
    pub fn matches_scanned<'t>(&'t self, scanned: &Scanned<'t>) -> Option<Spans<'t>> {
        let text = scanned.text();
        match self {
            Self::Plain(regex) => {
                let rest = SpanSearch::Plain(regex.find_iter(text));
                regex.is_match(text).then_some(Spans { first: None, rest })
            }
            Self::Gated { gate, exact } => {
                if !scanned.has_non_ascii_word_char() && !gate.is_match(text) {
                    return None;
                }
                let mut rest = exact.find_iter(text);
                let first = rest.next()?.range();
                Some(Spans { first: Some(first), rest: SpanSearch::Gated(rest) })
            }
        }
    }

    /// Returns the byte range of each successive non-overlapping match in `text`.
    pub fn find_iter<'t>(&'t self, text: &'t str) -> impl Iterator<Item = Range<usize>> + 't {
        let (plain, gated) = match self {
            Self::Plain(regex) => (Some(regex.find_iter(text)), None),
            Self::Gated { exact, .. } => (None, Some(exact.find_iter(text))),
        };
        let plain = plain.into_iter().flatten().map(|found| found.range());
        let gated = gated.into_iter().flatten().map(|found| found.range());
        plain.chain(gated)
    }
}

/// The matches of a pattern in one text, in order, found as they are read.
pub(crate) struct Spans<'t> {
    /// A match already found, which comes first.
    first: Option<Range<usize>>,
    rest: SpanSearch<'t>,
}

/// The search for the matches after [`Spans::first`].
enum SpanSearch<'t> {
    Plain(regex::Matches<'t, 't>),
    Gated(meta::FindMatches<'t, 't>),
}

impl Iterator for Spans<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        match &mut self.rest {
            SpanSearch::Plain(matches) => matches.next().map(|found| found.range()),
            SpanSearch::Gated(matches) => matches.next().map(|found| found.range()),
        }
    }
}

/// Size limit of a compiled pattern, the regex crate's default.
const NFA_SIZE_LIMIT: usize = 10 << 20;

/// Capacity of each pattern's lazy DFA cache, per thread that runs it. With the regex crate's
/// default (2 MiB) the caches of the taxonomy's patterns grew to over 100 MiB in a check pass
/// over many sources (measured with heaptrack). 64 KiB keeps that pass under 300 MB at about
/// half the classifier's speed with 2 MiB (`docs/benchmarks.md`).
const DFA_CACHE_BYTES: usize = 64 * 1024;

/// Capacity of each gate's lazy DFA cache, per thread that runs it. A gate chains unbounded
/// windows between word lists, and its states are the combinations of the partial words seen.
/// With 64 KiB the cache of the larger gates was cleared on most texts, until the search gave
/// up the DFA for the PikeVM. The classifier bench classified 42,000 clauses per second with
/// 64 KiB and 57,000 with 256 KiB, and the check pass's peak PSS stayed at 166-168 MiB
/// (`docs/benchmarks.md`).
const GATE_CACHE_BYTES: usize = 256 * 1024;

/// Returns the gate of `hir`, or `None` when `hir` has no bounded repetition.
fn gate_of(hir: &Hir) -> Option<Hir> {
    let mut relaxed = false;
    let gate = relax(hir, &mut relaxed);
    relaxed.then_some(gate)
}

/// Returns `hir` with every repetition of more than one item made unbounded, every Unicode
/// word boundary replaced by its ASCII form and the non-ASCII word characters taken out of
/// every class, setting `relaxed` when a repetition was. A negated boundary (`\B`) stays
/// Unicode, because the regex crate rejects an ASCII one in a pattern that must match whole
/// UTF-8 characters.
fn relax(hir: &Hir, relaxed: &mut bool) -> Hir {
    match hir.kind() {
        HirKind::Look(look) => Hir::look(match look {
            Look::WordUnicode => Look::WordAscii,
            Look::WordStartUnicode => Look::WordStartAscii,
            Look::WordEndUnicode => Look::WordEndAscii,
            Look::WordStartHalfUnicode => Look::WordStartHalfAscii,
            Look::WordEndHalfUnicode => Look::WordEndHalfAscii,
            other => *other,
        }),
        HirKind::Capture(capture) => {
            Hir::capture(Capture { sub: Box::new(relax(&capture.sub, relaxed)), ..capture.clone() })
        }
        HirKind::Repetition(repetition) => {
            let bounded = repetition.max.is_some_and(|max| max > 1);
            *relaxed |= bounded;
            Hir::repetition(Repetition {
                max: if bounded { None } else { repetition.max },
                sub: Box::new(relax(&repetition.sub, relaxed)),
                ..repetition.clone()
            })
        }
        HirKind::Concat(parts) => {
            Hir::concat(parts.iter().map(|part| relax(part, relaxed)).collect())
        }
        HirKind::Alternation(branches) => {
            Hir::alternation(branches.iter().map(|branch| relax(branch, relaxed)).collect())
        }
        HirKind::Class(Class::Unicode(class)) => {
            let mut narrowed = class.clone();
            narrowed.difference(&NON_ASCII_WORD);
            Hir::class(Class::Unicode(narrowed))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(Class::Bytes(_)) => hir.clone(),
    }
}

/// The non-ASCII characters that `\w` matches. The gate runs only on texts that have none of
/// them, so it leaves them out of every class. Then `\w` shrinks to ASCII, and so do the case
/// variants of literals (`s` also matches `ſ`, `k` the Kelvin sign). Their multi-byte forms
/// would otherwise add states to the gate's lazy DFA.
static NON_ASCII_WORD: LazyLock<ClassUnicode> = LazyLock::new(|| {
    let word = ParserBuilder::new().build().parse(r"\w").expect("\\w parses");
    let HirKind::Class(Class::Unicode(word)) = word.into_kind() else {
        unreachable!("\\w is a Unicode class")
    };
    let mut non_ascii = word;
    non_ascii.difference(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
    non_ascii
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Taxonomy;

    /// Texts that put curly quotes, dashes and non-ASCII letters next to rule words.
    const TEXTS: &[&str] = &[
        "We may terminate your account at any time.",
        "We\u{2019}ll suspend or terminate \u{201c}your account\u{201d} without notice.",
        "We may\u{2014}at our sole discretion\u{2014}modify these Terms.",
        "Caf\u{e9} users may terminate the agreement; we may not.",
        "\u{c9}tant donn\u{e9}, we may close accounts \u{e0} tout moment.",
        "The Kelvin sign \u{212a}ills nothing, but we may end the service.",
        "By using the Service you agree to be bound by these Terms.",
        "In no event shall we be liable for lost profits or indirect damages.",
    ];

    const WINDOW: &str = r"\bmay\b[^.;]{0,20}\bterminate\b";

    #[test]
    fn window_pattern_is_gated() {
        let pattern = Pattern::new(WINDOW).unwrap();

        assert!(matches!(pattern, Pattern::Gated { .. }));
        assert!(pattern.is_match("We may terminate it."));
        assert!(!pattern.is_match("We may, at any time and for any reason, terminate it."));
    }

    #[test]
    fn pattern_without_window_is_plain() {
        let pattern = Pattern::new(r"\b(?:robots?|spiders?)\b").unwrap();

        assert!(matches!(pattern, Pattern::Plain(_)));
    }

    #[test]
    fn non_ascii_letter_keeps_unicode_boundary() {
        // An ASCII boundary lies between "é" and "may", a Unicode one does not.
        let pattern = Pattern::new(WINDOW).unwrap();

        assert!(!pattern.is_match("\u{e9}may terminate"));
        assert!(pattern.is_match("\u{e9} may terminate"));
    }

    #[test]
    fn gates_agree_with_regex_on_sentences() {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/clause-labels/sentences");
        let mut texts = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            texts.extend(text.lines().map(str::to_owned));
        }
        assert!(texts.len() > 9000, "the 30 documents' sentences are read");
        let taxonomy = Taxonomy::embedded();
        let rules = taxonomy.categories.iter().flat_map(|category| &category.rules);
        let patterns = rules.flat_map(|rule| rule.all.iter().chain(&rule.none));

        for written in patterns {
            let pattern = Pattern::new(written).unwrap();
            if !matches!(pattern, Pattern::Gated { .. }) {
                continue;
            }
            let regex = RegexBuilder::new(written).case_insensitive(true).build().unwrap();
            for text in &texts {
                assert_eq!(pattern.is_match(text), regex.is_match(text), "{written} on {text}");
            }
        }
    }

    #[test]
    fn invalid_pattern_is_regex_error() {
        assert!(Pattern::new(r"\bmay[^.;]{0,20}(").is_err());
    }

    #[test]
    fn embedded_patterns_match_as_regex_does() {
        let taxonomy = Taxonomy::embedded();
        let rules = taxonomy.categories.iter().flat_map(|category| &category.rules);
        let patterns = rules.flat_map(|rule| rule.all.iter().chain(&rule.none));

        for written in patterns {
            let pattern = Pattern::new(written).unwrap();
            let regex = RegexBuilder::new(written).case_insensitive(true).build().unwrap();
            for text in TEXTS {
                let expected: Vec<_> = regex.find_iter(text).map(|found| found.range()).collect();
                let found: Vec<_> = pattern.find_iter(text).collect();

                assert_eq!(pattern.is_match(text), regex.is_match(text), "{written} on {text}");
                assert_eq!(found, expected, "{written} on {text}");
            }
        }
    }
}
