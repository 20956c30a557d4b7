//! Word-level diffs whose two sides rebuild the clause texts exactly.
//!
//! The memo prints the full text before and after a change from one diff, so every
//! character of each text must sit in a run of its side. Spaces between two changed words
//! are kept on both sides of the change, which keeps a replaced phrase in one struck run and
//! one underlined run instead of alternating word by word.

use std::time::Duration;

use clausewatch_memo::{DiffOp, DiffSegment};
use similar::{Algorithm, ChangeTag, TextDiff};

/// Time one clause diff may take; past it `similar` returns a coarser, still exact, diff.
const DIFF_TIMEOUT: Duration = Duration::from_millis(200);

/// Returns the word-level diff from `before` to `after`, merged into runs.
pub fn word_diff(before: &str, after: &str) -> Vec<DiffSegment> {
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Patience)
        .timeout(DIFF_TIMEOUT)
        .diff_unicode_words(before, after);
    let tokens: Vec<(ChangeTag, &str)> =
        diff.iter_all_changes().map(|change| (change.tag(), change.value())).collect();

    let mut runs = Runs::default();
    for (index, (tag, value)) in tokens.iter().enumerate() {
        match tag {
            ChangeTag::Delete => runs.deleted.push_str(value),
            ChangeTag::Insert => runs.inserted.push_str(value),
            ChangeTag::Equal => {
                let next_is_change =
                    tokens.get(index + 1).is_some_and(|(next, _)| *next != ChangeTag::Equal);
                if value.trim().is_empty() && runs.in_change() && next_is_change {
                    // The space is in both texts, so each side keeps a copy of it.
                    runs.deleted.push_str(value);
                    runs.inserted.push_str(value);
                } else {
                    runs.flush_change();
                    runs.push(DiffOp::Equal, value);
                }
            }
        }
    }
    runs.flush_change();
    runs.segments
}

/// Runs built so far, and the deleted and inserted text of the change being read.
#[derive(Default)]
struct Runs {
    segments: Vec<DiffSegment>,
    deleted: String,
    inserted: String,
}

impl Runs {
    fn in_change(&self) -> bool {
        !self.deleted.is_empty() || !self.inserted.is_empty()
    }

    /// Ends the current change: its deleted text first, then its inserted text.
    fn flush_change(&mut self) {
        let deleted = std::mem::take(&mut self.deleted);
        let inserted = std::mem::take(&mut self.inserted);
        self.push(DiffOp::Delete, &deleted);
        self.push(DiffOp::Insert, &inserted);
    }

    /// Appends `text` with `op`, extending the last run when it has the same op.
    fn push(&mut self, op: DiffOp, text: &str) {
        if text.is_empty() {
            return;
        }
        match self.segments.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => self.segments.push(DiffSegment { op, text: text.to_owned() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn side(diff: &[DiffSegment], kept: DiffOp) -> String {
        diff.iter()
            .filter(|segment| segment.op == DiffOp::Equal || segment.op == kept)
            .map(|segment| segment.text.as_str())
            .collect()
    }

    #[test]
    fn sides_rebuild_both_texts() {
        let before = "allows our members to access movies and TV shows (\"Netflix content\") \
                      streamed over the Internet to certain devices";
        let after = "allows users to access entertainment content (\"Netflix content\") over \
                     the Internet on certain devices";

        let diff = word_diff(before, after);

        assert_eq!(side(&diff, DiffOp::Delete), before);
        assert_eq!(side(&diff, DiffOp::Insert), after);
    }

    #[test]
    fn replaced_phrase_is_one_run_each_side() {
        let diff = word_diff("access movies and TV shows now", "access entertainment content now");

        let changed: Vec<(DiffOp, &str)> = diff
            .iter()
            .filter(|segment| segment.op != DiffOp::Equal)
            .map(|segment| (segment.op, segment.text.as_str()))
            .collect();
        assert_eq!(
            changed,
            vec![
                (DiffOp::Delete, "movies and TV shows"),
                (DiffOp::Insert, "entertainment content")
            ]
        );
    }

    #[test]
    fn added_clause_is_one_insert() {
        let diff = word_diff("", "(i) use the service for commercial purposes;");

        assert_eq!(
            diff,
            vec![DiffSegment {
                op: DiffOp::Insert,
                text: "(i) use the service for commercial purposes;".to_owned()
            }]
        );
    }
}
