//! Literal prefilters that let a rule skip its regular expressions on clauses that cannot
//! match.
//!
//! Most rules fail on most clauses. Before running a pattern, the classifier checks that the
//! clause contains the pattern's required literals. The literals are read from the pattern's
//! syntax tree: for `\b(?:robots?|spiders?)\b` they are `robot` and `spider`. A
//! [`LiteralIndex`] holds the literals of every rule and finds all of them in one pass over a
//! text, so the cost does not grow with the number of rules. A text holding a non-ASCII
//! character that stands in for literal text (the Kelvin sign matches `k`
//! case-insensitively) always goes to the regex, so the check never hides a match.
//! Extend [`conjuncts`] and [`required`] to read literals from more kinds of syntax.

use std::collections::HashMap;

use aho_corasick::AhoCorasick;
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Class, Hir, HirKind};

use crate::ClauseInput;

/// Sets of literals, lowercase ASCII: every match of a pattern contains at least one literal
/// of each set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Prefilter {
    literal_sets: Vec<Vec<String>>,
    /// The same sets as numbers of the [`LiteralIndex`] the prefilter was entered in.
    id_sets: Vec<Vec<usize>>,
    /// Non-ASCII characters that the pattern's small classes accept, such as the Kelvin sign
    /// that case folding puts with `k` or a curly apostrophe next to `'`. The literals leave
    /// them out, so a text containing one always goes to the regex.
    escapes: Vec<char>,
}

impl Prefilter {
    /// Returns the prefilter of a case-insensitive `pattern`, or `None` when no literal is
    /// required (for example `\w+`) or the pattern does not parse.
    pub fn new(pattern: &str) -> Option<Self> {
        let hir = ParserBuilder::new().case_insensitive(true).build().parse(pattern).ok()?;
        let literal_sets: Vec<_> = conjuncts(&hir).into_iter().map(minimal).collect();
        if literal_sets.is_empty() {
            return None;
        }
        let mut escapes = Vec::new();
        collect_escapes(&hir, &mut escapes)?;
        Some(Self { literal_sets, id_sets: Vec::new(), escapes })
    }

    /// Returns whether `text` may match the pattern. The prefilter must have been entered in
    /// the index that scanned `text`.
    pub fn may_match(&self, text: &Scanned<'_>) -> bool {
        if self.escapes.iter().any(|escape| text.non_ascii.binary_search(escape).is_ok()) {
            return true;
        }
        self.id_sets.iter().all(|set| set.iter().any(|id| text.present[*id]))
    }
}

/// The literals of a set of prefilters, searched together.
#[derive(Debug)]
pub(crate) struct LiteralIndex {
    automaton: AhoCorasick,
    literals: usize,
}

impl LiteralIndex {
    /// Returns the index of every literal of `prefilters`, numbering the literals of each
    /// prefilter by their place in it.
    pub fn new<'p>(prefilters: impl IntoIterator<Item = &'p mut Prefilter>) -> Self {
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut literals: Vec<String> = Vec::new();
        for prefilter in prefilters {
            let mut id_of = |literal: &String| {
                *ids.entry(literal.clone()).or_insert_with(|| {
                    literals.push(literal.clone());
                    literals.len() - 1
                })
            };
            prefilter.id_sets = prefilter
                .literal_sets
                .iter()
                .map(|set| set.iter().map(&mut id_of).collect())
                .collect();
        }

        // The literals are lowercase ASCII, so an ASCII-case-insensitive search finds what a
        // search of the text with its ASCII letters lowercased would.
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&literals)
            .expect("the rule literals fit within the automaton size limits");
        Self { automaton, literals: literals.len() }
    }

    /// Returns which literals occur in `text`, overlapping ones included.
    pub fn scan<'t>(&self, text: &'t str) -> Scanned<'t> {
        let mut present = vec![false; self.literals];
        for found in self.automaton.find_overlapping_iter(text) {
            present[found.pattern().as_usize()] = true;
        }
        let mut non_ascii: Vec<char> = Vec::new();
        if !text.is_ascii() {
            non_ascii.extend(text.chars().filter(|c| !c.is_ascii()));
            non_ascii.sort_unstable();
            non_ascii.dedup();
        }
        let word_letters = non_ascii.iter().any(|c| regex_syntax::is_word_character(*c));
        Scanned { text, non_ascii, word_letters, present }
    }
}

/// A text after one pass of a [`LiteralIndex`]: which of its literals and which non-ASCII
/// characters the text contains, so that the rules' patterns need not look again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Scanned<'t> {
    text: &'t str,
    /// The distinct non-ASCII characters of the text, sorted.
    non_ascii: Vec<char>,
    /// Whether one of `non_ascii` is a word character (`\w`).
    word_letters: bool,
    present: Vec<bool>,
}

impl<'t> Scanned<'t> {
    /// Returns the text that was scanned.
    pub fn text(&self) -> &'t str {
        self.text
    }

    /// Returns whether the text contains a non-ASCII character that `\w` matches.
    pub fn has_non_ascii_word_char(&self) -> bool {
        self.word_letters
    }
}

/// A clause input with each of its texts scanned for the prefilters' literals, once per
/// clause.
#[derive(Debug, Clone)]
pub(crate) struct ScannedInput<'t> {
    pub text: Scanned<'t>,
    pub lead_in: Option<Scanned<'t>>,
    pub headings: Vec<Scanned<'t>>,
}

impl<'t> ScannedInput<'t> {
    /// Scans the clause text, lead-in and headings of `input`.
    pub fn new(input: &'t ClauseInput, index: &LiteralIndex) -> Self {
        Self {
            text: index.scan(&input.text),
            lead_in: input.lead_in.as_deref().map(|text| index.scan(text)),
            headings: input.heading_path.iter().map(|heading| index.scan(heading)).collect(),
        }
    }
}

/// Largest literal set kept; a larger one costs more substring searches than it saves.
const MAX_LITERALS: usize = 64;

/// Largest number of ASCII characters a class may hold and still count as literal text.
const MAX_CLASS_CHARS: usize = 4;

/// Returns sets of literals such that every match of `hir` on ASCII text contains a literal of
/// each set. Checking every set, not only the best one, lets a rule like "may ... terminate"
/// skip clauses that have a modal but no verb of ending.
fn conjuncts(hir: &Hir) -> Vec<Vec<String>> {
    let mut sets = match hir.kind() {
        _ if exact(hir).is_some() => required(hir).into_iter().collect(),
        HirKind::Capture(capture) => conjuncts(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => conjuncts(&repetition.sub),
        HirKind::Concat(parts) => concat_conjuncts(parts),
        _ => required(hir).into_iter().collect(),
    };
    sets.retain(|set| !set.iter().any(String::is_empty));
    sets
}

/// Returns one literal set for each maximal run of parts with exact strings, and the sets of
/// every other part.
fn concat_conjuncts(parts: &[Hir]) -> Vec<Vec<String>> {
    let mut sets = Vec::new();
    let mut run: Option<Vec<String>> = None;

    for part in parts {
        let Some(strings) = exact(part) else {
            sets.extend(run.take());
            sets.extend(conjuncts(part));
            continue;
        };

        run = match run.take() {
            Some(prefixes) => match product(&prefixes, &strings) {
                Some(joined) => Some(joined),
                // A product grown too large ends the run, and a new one starts here.
                None => {
                    sets.push(prefixes);
                    Some(strings)
                }
            },
            None => Some(strings),
        };
    }

    sets.extend(run);
    sets
}

/// Returns literals of which every match of `hir` on ASCII text contains one, or `None`.
fn required(hir: &Hir) -> Option<Vec<String>> {
    if let Some(strings) = exact(hir) {
        // An empty string in the set means the pattern can match without any literal text.
        return match strings.iter().any(String::is_empty) {
            true => None,
            false => Some(strings),
        };
    }

    match hir.kind() {
        HirKind::Capture(capture) => required(&capture.sub),
        HirKind::Repetition(repetition) if repetition.min >= 1 => required(&repetition.sub),
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                union.extend(required(branch)?);
            }
            bounded(dedup(union))
        }
        HirKind::Concat(parts) => concat_conjuncts(parts)
            .into_iter()
            .filter(|set| !set.iter().any(String::is_empty))
            .max_by_key(|set| {
                let shortest = set.iter().map(String::len).min().unwrap_or(0);
                (shortest, usize::MAX - set.len())
            }),
        _ => None,
    }
}

/// Returns every string `hir` can match on ASCII text, lowercased, when that set is small.
fn exact(hir: &Hir) -> Option<Vec<String>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![String::new()]),
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            text.is_ascii().then(|| vec![text.to_ascii_lowercase()])
        }
        HirKind::Class(class) => class_chars(class),
        HirKind::Capture(capture) => exact(&capture.sub),
        HirKind::Repetition(repetition) => {
            let optional = repetition.min == 0;
            if repetition.max != Some(1) {
                return None;
            }
            let mut strings = exact(&repetition.sub)?;
            if optional {
                strings.push(String::new());
            }
            Some(dedup(strings))
        }
        HirKind::Concat(parts) => {
            let mut strings = vec![String::new()];
            for part in parts {
                strings = product(&strings, &exact(part)?)?;
            }
            Some(strings)
        }
        HirKind::Alternation(branches) => {
            let mut union = Vec::new();
            for branch in branches {
                union.extend(exact(branch)?);
            }
            bounded(dedup(union))
        }
    }
}

/// Pushes to `escapes` the non-ASCII members of every small class in `hir`, or returns `None`
/// for a byte class, which the prefilter does not model.
fn collect_escapes(hir: &Hir, escapes: &mut Vec<char>) -> Option<()> {
    match hir.kind() {
        HirKind::Class(Class::Bytes(_)) => return None,
        HirKind::Class(Class::Unicode(unicode)) => {
            let members: Vec<char> = unicode
                .iter()
                .flat_map(|range| range.start()..=range.end())
                .take(MAX_ESCAPE_CLASS_CHARS + 1)
                .collect();
            // A large class such as `[^.;]` never yields literal text, so its members do not
            // matter.
            if members.len() <= MAX_ESCAPE_CLASS_CHARS {
                escapes.extend(members.into_iter().filter(|c| !c.is_ascii()));
            }
        }
        HirKind::Capture(capture) => collect_escapes(&capture.sub, escapes)?,
        HirKind::Repetition(repetition) => collect_escapes(&repetition.sub, escapes)?,
        HirKind::Concat(parts) | HirKind::Alternation(parts) => {
            for part in parts {
                collect_escapes(part, escapes)?;
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Look(_) => {}
    }

    escapes.sort_unstable();
    escapes.dedup();
    Some(())
}

/// Largest class whose non-ASCII members are kept as escapes. It is larger than any class
/// [`class_chars`] reads as literal text, so every class that yields literals is covered.
const MAX_ESCAPE_CLASS_CHARS: usize = 64;

/// Returns the ASCII characters of a small class, lowercased. Non-ASCII members are dropped
/// because the prefilter only reads ASCII text.
fn class_chars(class: &Class) -> Option<Vec<String>> {
    let ascii: Vec<char> = match class {
        Class::Unicode(unicode) => unicode
            .iter()
            .flat_map(|range| range.start()..=range.end().min('\u{7f}'))
            .take(MAX_CLASS_CHARS * 2 + 1)
            .collect(),
        Class::Bytes(bytes) => bytes
            .iter()
            .flat_map(|range| range.start()..=range.end().min(0x7f))
            .map(char::from)
            .take(MAX_CLASS_CHARS * 2 + 1)
            .collect(),
    };

    // Each letter comes in two cases, so twice the limit may still fold into few characters.
    if ascii.len() > MAX_CLASS_CHARS * 2 {
        return None;
    }
    let mut chars: Vec<char> = ascii.iter().map(char::to_ascii_lowercase).collect();
    chars.sort_unstable();
    chars.dedup();
    (chars.len() <= MAX_CLASS_CHARS).then(|| chars.into_iter().map(String::from).collect())
}

/// Returns every concatenation of a string of `left` with one of `right`, or `None` when there
/// would be more than [`MAX_LITERALS`].
fn product(left: &[String], right: &[String]) -> Option<Vec<String>> {
    if left.len() * right.len() > MAX_LITERALS {
        return None;
    }
    let joined = left.iter().flat_map(|a| right.iter().map(move |b| format!("{a}{b}"))).collect();
    Some(dedup(joined))
}

/// Returns `strings` without those that contain another of them, since finding the shorter
/// one is then enough.
fn minimal(strings: Vec<String>) -> Vec<String> {
    strings
        .iter()
        .filter(|string| {
            !strings.iter().any(|other| other != *string && string.contains(other.as_str()))
        })
        .cloned()
        .collect()
}

fn dedup(mut strings: Vec<String>) -> Vec<String> {
    strings.sort_unstable();
    strings.dedup();
    strings
}

fn bounded(strings: Vec<String>) -> Option<Vec<String>> {
    (strings.len() <= MAX_LITERALS).then_some(strings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns whether the lone prefilter of `pattern` lets `text` through.
    fn may_match(pattern: &str, text: &str) -> bool {
        let mut prefilter = Prefilter::new(pattern).unwrap();
        let index = LiteralIndex::new([&mut prefilter]);
        prefilter.may_match(&index.scan(text))
    }

    fn literal_sets(pattern: &str) -> Option<Vec<Vec<String>>> {
        Prefilter::new(pattern).map(|prefilter| prefilter.literal_sets)
    }

    fn literals(pattern: &str) -> Option<Vec<String>> {
        let mut sets = literal_sets(pattern)?;
        assert_eq!(sets.len(), 1, "{sets:?}");
        sets.pop()
    }

    #[test]
    fn alternation_of_words_gives_each_word() {
        let found = literals(r"\b(?:robots?|spiders?)\b").unwrap();

        assert_eq!(found, ["robot", "spider"]);
    }

    #[test]
    fn each_literal_run_of_concatenation_is_required() {
        let sets = literal_sets(r"\bgoverned\b[^.;]{0,60}\blaws? of\b").unwrap();

        assert_eq!(sets, [vec!["governed"], vec!["law of", "laws of"]]);
    }

    #[test]
    fn alternation_of_concatenations_takes_longest_run() {
        let found = literals(r"\bgoverned\b[^.;]{0,60}\blaw\b|\bconflict of laws\b").unwrap();

        assert_eq!(found, ["conflict of laws", "governed"]);
    }

    #[test]
    fn case_sensitive_part_is_lowercased() {
        let found = literals(r"\b(?-i:AI)\b").unwrap();

        assert_eq!(found, ["ai"]);
    }

    #[test]
    fn optional_word_gives_no_literal() {
        assert_eq!(literals(r"(?:class )?action"), Some(vec!["action".to_owned()]));
        assert_eq!(literals(r"\w+"), None);
        assert_eq!(literals(r"(?:arbitration)?"), None);
    }

    #[test]
    fn separator_class_joins_words() {
        let found = literals(r"\bmachine[- ]learning\b").unwrap();

        assert_eq!(found, ["machine learning", "machine-learning"]);
    }

    #[test]
    fn text_is_checked_for_literals() {
        let pattern = r"\brobots?\b";

        assert!(may_match(pattern, "No ROBOTS allowed"));
        assert!(!may_match(pattern, "No crawlers allowed"));
        assert!(!may_match(pattern, "No \u{201c}crawlers\u{201d} allowed"));
    }

    #[test]
    fn case_folded_character_goes_to_regex() {
        // U+212A KELVIN SIGN matches `k` case-insensitively, so "\u{212A}ill" matches `kill`.

        assert!(
            regex::RegexBuilder::new("kill")
                .case_insensitive(true)
                .build()
                .unwrap()
                .is_match("\u{212A}ill")
        );
        assert!(may_match(r"\bkill\b", "\u{212A}ill"));
    }

    #[test]
    fn apostrophe_class_goes_to_regex() {
        let pattern = r"\bwon['\u{2019}]t\b";

        assert!(may_match(pattern, "We won\u{2019}t"));
        assert!(may_match(pattern, "We won't"));
        assert!(!may_match(pattern, "We will"));
    }

    #[test]
    fn overlapping_literals_are_all_found() {
        let mut robot = Prefilter::new(r"\brobots?\b").unwrap();
        let mut bot = Prefilter::new(r"bots?").unwrap();
        let index = LiteralIndex::new([&mut robot, &mut bot]);
        let scanned = index.scan("No Robots.");

        assert!(robot.may_match(&scanned));
        assert!(bot.may_match(&scanned));
    }
}
