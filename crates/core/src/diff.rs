//! Word-level diffs between two clause texts, through `similar`.
//!
//! A long pair of texts is diffed with a deadline, so a pathological pair cannot stall an
//! import. Past the deadline `similar` falls back to a coarser but still correct diff.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use similar::{Algorithm, ChangeTag, TextDiff};

/// Time one clause diff may take before `similar` settles for a coarser result.
const DIFF_TIMEOUT: Duration = Duration::from_millis(200);

/// Combined length of two texts, in bytes, from which a diff runs under [`DIFF_TIMEOUT`].
/// Shorter pairs (nearly every clause) took 1.3 ms in a release build with every word
/// different. Without a deadline they skip `similar`'s clock reads, and their diff does not
/// depend on how busy the machine is.
const DEADLINE_FROM_BYTES: usize = 16 * 1024;

/// Operation of a run of words between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DiffOp {
    Equal,
    Insert,
    Delete,
}

/// A run of text with one [`DiffOp`]. Joining the equal and deleted runs gives the old text
/// back, and joining the equal and inserted runs gives the new text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffSegment {
    pub op: DiffOp,
    pub text: String,
}

/// Returns the word-level diff of two texts as runs of equal, deleted and inserted text.
pub fn word_diff(before: &str, after: &str) -> Vec<DiffSegment> {
    // A renumbered or moved clause keeps its words; splitting them into tokens would only find
    // that out more slowly.
    if before == after {
        if before.is_empty() {
            return Vec::new();
        }
        return vec![DiffSegment { op: DiffOp::Equal, text: before.to_owned() }];
    }
    let mut config = TextDiff::configure();
    config.algorithm(Algorithm::Patience);
    if before.len() + after.len() >= DEADLINE_FROM_BYTES {
        config.timeout(DIFF_TIMEOUT);
    }
    let diff = config.diff_unicode_words(before, after);
    let mut segments: Vec<DiffSegment> = Vec::new();
    for change in diff.iter_all_changes() {
        let op = match change.tag() {
            ChangeTag::Equal => DiffOp::Equal,
            ChangeTag::Insert => DiffOp::Insert,
            ChangeTag::Delete => DiffOp::Delete,
        };
        let value = change.value();
        match segments.last_mut() {
            Some(last) if last.op == op => last.text.push_str(value),
            _ => segments.push(DiffSegment { op, text: value.to_owned() }),
        }
    }
    segments
}

/// Counts of words inserted and deleted by a diff, and the single replacement when the diff
/// is one short substitution such as "may" → "shall".
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DiffStats {
    pub words_added: usize,
    pub words_removed: usize,
    pub replacement: Option<(String, String)>,
}

/// Longest side, in words, of a substitution quoted in a summary.
const MAX_QUOTED_WORDS: usize = 6;

/// Returns what a diff adds and removes, in words.
pub fn diff_stats(segments: &[DiffSegment]) -> DiffStats {
    let mut stats = DiffStats::default();
    let mut changed_runs = Vec::new();
    let mut run: (String, String) = (String::new(), String::new());
    for segment in segments {
        let words = crate::text::word_count(&segment.text);
        match segment.op {
            DiffOp::Insert => {
                stats.words_added += words;
                run.1.push_str(&segment.text);
            }
            DiffOp::Delete => {
                stats.words_removed += words;
                run.0.push_str(&segment.text);
            }
            DiffOp::Equal if !segment.text.trim().is_empty() => {
                if !run.0.is_empty() || !run.1.is_empty() {
                    changed_runs.push(std::mem::take(&mut run));
                }
            }
            // Spacing between two changed words belongs to both sides of the run, so that
            // "behavioral advertising" does not read as "behavioraladvertising".
            DiffOp::Equal => {
                if !run.0.is_empty() || !run.1.is_empty() {
                    run.0.push_str(&segment.text);
                    run.1.push_str(&segment.text);
                }
            }
        }
    }
    if !run.0.is_empty() || !run.1.is_empty() {
        changed_runs.push(run);
    }
    if let [(removed, added)] = changed_runs.as_slice() {
        let (removed, added) = (removed.trim(), added.trim());
        let short = |text: &str| crate::text::word_count(text) <= MAX_QUOTED_WORDS;
        if !removed.is_empty() && !added.is_empty() && short(removed) && short(added) {
            stats.replacement = Some((removed.to_owned(), added.to_owned()));
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diff_marks_the_substituted_word() {
        let segments = word_diff("You may cancel at any time.", "You shall cancel at any time.");
        let changed: Vec<(DiffOp, &str)> = segments
            .iter()
            .filter(|s| s.op != DiffOp::Equal)
            .map(|s| (s.op, s.text.trim()))
            .collect();
        assert_eq!(changed, vec![(DiffOp::Delete, "may"), (DiffOp::Insert, "shall")]);
    }

    #[test]
    fn word_diff_of_equal_texts_is_one_run() {
        let text = "(ix) engage in any of the foregoing in connection with machine learning;";

        assert_eq!(
            word_diff(text, text),
            vec![DiffSegment { op: DiffOp::Equal, text: text.into() }]
        );
        assert_eq!(word_diff("", ""), Vec::new());
    }

    #[test]
    fn word_diff_rebuilds_both_texts() {
        let before = "movies and TV shows (the content)";
        let after = "films and series (the content) now";
        let segments = word_diff(before, after);
        let side = |skip: DiffOp| -> String {
            segments.iter().filter(|s| s.op != skip).map(|s| s.text.as_str()).collect()
        };
        assert_eq!(side(DiffOp::Insert), before);
        assert_eq!(side(DiffOp::Delete), after);
    }

    #[test]
    fn diff_stats_count_words_and_quote_a_substitution() {
        let stats = diff_stats(&word_diff("We may end it.", "We shall end it now and forever."));
        assert_eq!(stats.words_removed, 1);
        assert_eq!(stats.words_added, 4);
        assert_eq!(stats.replacement, None, "two separate runs changed");

        let stats = diff_stats(&word_diff("We may end it.", "We shall end it."));
        assert_eq!(stats.replacement, Some(("may".to_owned(), "shall".to_owned())));
    }

    #[test]
    fn substitution_of_two_words_keeps_their_space() {
        let stats = diff_stats(&word_diff(
            "for behavioral advertising purposes",
            "for Behavioral Advertising purposes",
        ));

        let expected = ("behavioral advertising".to_owned(), "Behavioral Advertising".to_owned());
        assert_eq!(stats.replacement, Some(expected));
    }
}
