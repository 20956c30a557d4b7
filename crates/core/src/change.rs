//! Change records: what happened to each provision between two consecutive versions.
//!
//! A record is `added`, `removed` or `modified`, `substantive` or not, with the aspects that
//! changed. The rule is simple and strict: a change is substantive when the words changed,
//! and only then. Everything [`crate::text::comparison_key`] folds away (white space,
//! invisible characters, quote styles, emphasis, link targets and tracking parameters), a new
//! marker, a new place in the outline and a new date on a "Last updated" line are not.
//! Records between a version and a re-extraction of the same pages under new rules are
//! technical ([`mark_technical`]): the platform did not change the text. To add an aspect,
//! extend [`Aspect`] and [`compare_pair`].

use serde::{Deserialize, Serialize};

use crate::align::{Alignment, Pair, alignment_key};
use crate::diff::{DiffOp, DiffSegment, diff_stats, word_diff};
use crate::segment::{Clause, ClauseKind};
use crate::text::{collapse_whitespace, comparison_key};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Added => "added",
            Self::Removed => "removed",
            Self::Modified => "modified",
        }
    }

    /// Parses the name written by [`ChangeKind::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Added, Self::Removed, Self::Modified].into_iter().find(|k| k.as_str() == name)
    }
}

/// One way in which a provision differs between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aspect {
    /// The words changed.
    Reworded,
    /// The marker changed, as "(viii)" to "(ix)".
    Renumbered,
    /// The clause changed place: another parent, or out of the order of its neighbours.
    Moved,
    /// Only markup changed: emphasis, heading level, link targets, spacing, quote style.
    Reformatted,
    /// Only the date of a "Last updated" or "Effective" line changed.
    Dated,
    /// The stored pages were extracted again under new rules, so the text changed while the
    /// platform's page did not. Set by [`mark_technical`], never by [`compare`].
    Technical,
}

impl Aspect {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reworded => "reworded",
            Self::Renumbered => "renumbered",
            Self::Moved => "moved",
            Self::Reformatted => "reformatted",
            Self::Dated => "dated",
            Self::Technical => "technical",
        }
    }

    /// Parses the name written by [`Aspect::as_str`].
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Reworded,
            Self::Renumbered,
            Self::Moved,
            Self::Reformatted,
            Self::Dated,
            Self::Technical,
        ]
        .into_iter()
        .find(|aspect| aspect.as_str() == name)
    }
}

/// Link from a record to another lineage when a provision was split or merged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    /// This added clause was split off the old clause with the given ordinal.
    SplitFrom(usize),
    /// This removed clause was merged into the new clause with the given ordinal.
    MergedInto(usize),
}

/// A change of one provision between two consecutive versions, with clauses named by their
/// ordinals in those versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRecord {
    pub kind: ChangeKind,
    pub substantive: bool,
    pub aspects: Vec<Aspect>,
    pub old: Option<usize>,
    pub new: Option<usize>,
    pub relation: Option<Relation>,
    pub marker_before: Option<String>,
    pub marker_after: Option<String>,
    pub heading_before: Option<String>,
    pub heading_after: Option<String>,
    pub text_before: Option<String>,
    pub text_after: Option<String>,
    pub diff: Vec<DiffSegment>,
    pub summary: String,
}

/// The opening of the summary of a technical change record.
pub const TECHNICAL_SUMMARY: &str =
    "Technical change: the extraction rules changed, not the platform's text.";

/// Marks a record between a version and the same pages extracted again under new rules as
/// technical: not substantive, with [`Aspect::Technical`] in place of [`Aspect::Reworded`], and
/// a summary that opens with [`TECHNICAL_SUMMARY`]. The platform did not make such a change,
/// whatever the words show.
pub fn mark_technical(record: &mut ChangeRecord) {
    record.substantive = false;
    record.aspects.retain(|aspect| *aspect != Aspect::Reworded);
    if !record.aspects.contains(&Aspect::Technical) {
        record.aspects.push(Aspect::Technical);
    }
    record.summary = format!("{TECHNICAL_SUMMARY} {}", record.summary);
}

/// Separator between the labels of a heading path when it is shown as one line.
pub const HEADING_SEPARATOR: &str = " › ";

/// Returns a heading path as one line.
pub fn heading_line(path: &[String]) -> String {
    path.join(HEADING_SEPARATOR)
}

/// Returns the change records between two consecutive versions, in the order of the new
/// version with removals after the clause that preceded them.
pub fn compare(old: &[Clause], new: &[Clause], alignment: &Alignment) -> Vec<ChangeRecord> {
    let old_to_new = alignment.old_to_new(old.len());
    let mut records: Vec<(usize, ChangeRecord)> = Vec::new();

    for pair in &alignment.pairs {
        if let Some(record) = compare_pair(old, new, pair, &old_to_new) {
            records.push((pair.new * 2 + 1, record));
        }
    }

    let split_of = |new_index: usize| alignment.splits.iter().find(|(_, n)| *n == new_index);
    let paired_new: Vec<bool> =
        alignment.new_to_old(new.len()).iter().map(Option::is_some).collect();
    for (index, clause) in new.iter().enumerate() {
        if !paired_new[index] {
            let relation = split_of(index).map(|&(old_index, _)| (old_index, &old[old_index]));
            records.push((index * 2 + 1, added(new, clause, relation)));
        }
    }

    for (index, clause) in old.iter().enumerate() {
        if old_to_new[index].is_some() {
            continue;
        }
        let merge = alignment.merges.iter().find(|(o, _)| *o == index);
        let relation = merge.map(|&(_, new_index)| (new_index, &new[new_index]));
        let position = position_after_previous(index, &old_to_new);
        records.push((position, removed(old, clause, relation)));
    }

    records.sort_by_key(|(position, _)| *position);
    records.into_iter().map(|(_, record)| record).collect()
}

/// Returns a sort position for a removed clause: just after the new clause that continues the
/// nearest old clause before it.
fn position_after_previous(old_index: usize, old_to_new: &[Option<usize>]) -> usize {
    old_to_new[..old_index].iter().rev().find_map(|new| *new).map_or(0, |new| new * 2 + 2)
}

fn compare_pair(
    old: &[Clause],
    new: &[Clause],
    pair: &Pair,
    old_to_new: &[Option<usize>],
) -> Option<ChangeRecord> {
    let before = &old[pair.old];
    let after = &new[pair.new];
    let mut aspects = Vec::new();

    // Most aligned clauses are unchanged: equal texts need no key.
    let same_text = before.text == after.text;
    let same_words = same_text || comparison_key(&before.text) == comparison_key(&after.text);
    let same_undated = same_words || alignment_key(before) == alignment_key(after);
    if !same_words && same_undated && before.dated && after.dated {
        aspects.push(Aspect::Dated);
    } else if !same_words {
        aspects.push(Aspect::Reworded);
    }
    if before.marker != after.marker {
        aspects.push(Aspect::Renumbered);
    }
    let parent_kept = match (before.parent, after.parent) {
        (Some(old_parent), Some(new_parent)) => old_to_new[old_parent] == Some(new_parent),
        (None, None) => true,
        _ => false,
    };
    // A date line belongs to the document, not to the clause it happens to follow, so a new
    // parent alone does not move it.
    // NOTE: a paragraph after a removed numbered item is re-parented to the item before it and
    // so reads as moved; telling that apart from a real move needs the old outline's siblings.
    let parent_matters = !(before.dated && after.dated);
    if (!parent_kept && parent_matters) || !pair.in_order {
        aspects.push(Aspect::Moved);
    }
    if same_words && markup_changed(before, after) {
        aspects.push(Aspect::Reformatted);
    }
    if aspects.is_empty() {
        return None;
    }

    let substantive = aspects.contains(&Aspect::Reworded);
    let diff = word_diff(&before.text, &after.text);
    let summary = summarize_modification(old, new, before, after, &aspects, &diff);
    Some(ChangeRecord {
        kind: ChangeKind::Modified,
        substantive,
        aspects,
        old: Some(pair.old),
        new: Some(pair.new),
        relation: None,
        marker_before: before.marker.clone(),
        marker_after: after.marker.clone(),
        heading_before: Some(heading_line(&before.heading_path)),
        heading_after: Some(heading_line(&after.heading_path)),
        text_before: Some(before.text.clone()),
        text_after: Some(after.text.clone()),
        diff,
        summary,
    })
}

/// Returns whether the markdown around equal words changed: emphasis, links, heading level,
/// spacing or the kind of block.
fn markup_changed(before: &Clause, after: &Clause) -> bool {
    before.kind != after.kind
        || before.level != after.level
        || before.raw != after.raw
            && collapse_whitespace(&before.raw) != collapse_whitespace(&after.raw)
            && strip_marker_raw(before) != strip_marker_raw(after)
}

/// Returns the raw markdown with the marker's digits and letters masked, so that a new marker
/// alone does not count as new markup.
fn strip_marker_raw(clause: &Clause) -> String {
    let raw = collapse_whitespace(&clause.raw);
    match &clause.marker {
        Some(marker) => {
            let escaped = raw.replacen("\\.", ".", 1).replacen("\\)", ")", 1);
            escaped.replacen(marker.as_str(), "\u{2039}marker\u{203A}", 1)
        }
        None => raw,
    }
}

fn added(new: &[Clause], clause: &Clause, split_from: Option<(usize, &Clause)>) -> ChangeRecord {
    let kept = split_from.is_some_and(|(_, host)| words_contained(&clause.text, &host.text));
    let summary = match split_from {
        Some((_, host)) if kept => {
            format!("Split from {}; wording kept.", reference(new_or(host), host))
        }
        Some((_, host)) => format!(
            "Split from {} and reworded: {}.",
            reference(new_or(host), host),
            excerpt(&clause.text)
        ),
        None if clause.dated => format!("Date line added: {}.", quote(&clause.text)),
        None => format!("Added {}: {}.", describe(new, clause), excerpt(&clause.text)),
    };
    ChangeRecord {
        kind: ChangeKind::Added,
        substantive: !kept && !clause.dated,
        aspects: if kept { vec![Aspect::Moved] } else { vec![Aspect::Reworded] },
        old: None,
        new: Some(clause.ordinal),
        relation: split_from.map(|(old_index, _)| Relation::SplitFrom(old_index)),
        marker_before: None,
        marker_after: clause.marker.clone(),
        heading_before: None,
        heading_after: Some(heading_line(&clause.heading_path)),
        text_before: None,
        text_after: Some(clause.text.clone()),
        diff: vec![DiffSegment { op: DiffOp::Insert, text: clause.text.clone() }],
        summary,
    }
}

/// Returns a one-clause slice so a lone host clause can be described without its version.
fn new_or(clause: &Clause) -> &[Clause] {
    std::slice::from_ref(clause)
}

fn removed(old: &[Clause], clause: &Clause, merged_into: Option<(usize, &Clause)>) -> ChangeRecord {
    let kept = merged_into.is_some_and(|(_, host)| words_contained(&clause.text, &host.text));
    let summary = match merged_into {
        Some((_, host)) if kept => {
            format!("Merged into {}; wording kept.", reference(new_or(host), host))
        }
        Some((_, host)) => format!(
            "Merged into {} and reworded: {}.",
            reference(new_or(host), host),
            excerpt(&clause.text)
        ),
        None if clause.dated => format!("Date line removed: {}.", quote(&clause.text)),
        None => format!("Removed {}: {}.", describe(old, clause), excerpt(&clause.text)),
    };
    ChangeRecord {
        kind: ChangeKind::Removed,
        substantive: !kept && !clause.dated,
        aspects: if kept { vec![Aspect::Moved] } else { vec![Aspect::Reworded] },
        old: Some(clause.ordinal),
        new: None,
        relation: merged_into.map(|(new_index, _)| Relation::MergedInto(new_index)),
        marker_before: clause.marker.clone(),
        marker_after: None,
        heading_before: Some(heading_line(&clause.heading_path)),
        heading_after: None,
        text_before: Some(clause.text.clone()),
        text_after: None,
        diff: vec![DiffSegment { op: DiffOp::Delete, text: clause.text.clone() }],
        summary,
    }
}

/// Returns whether the words of `part` appear unchanged in `whole` once both are compared by
/// key, meaning they survived a split or merge.
fn words_contained(part: &str, whole: &str) -> bool {
    let part = comparison_key(part);
    let whole = comparison_key(whole);
    whole.contains(part.trim_end_matches(['.', ';', ',']))
}

fn summarize_modification(
    old: &[Clause],
    new: &[Clause],
    before: &Clause,
    after: &Clause,
    aspects: &[Aspect],
    diff: &[DiffSegment],
) -> String {
    let from = reference(old, before);
    let to = reference(new, after);
    let mut parts = Vec::new();
    if aspects.contains(&Aspect::Renumbered) {
        let moved = if aspects.contains(&Aspect::Moved) { " and moved" } else { "" };
        parts.push(format!("Renumbered{moved} from {from} to {to}"));
    } else if aspects.contains(&Aspect::Moved) {
        let (from_place, to_place) = (place(before), place(after));
        if from_place == to_place && after.heading_path.is_empty() {
            parts.push(format!("Moved {to} to another position in the document"));
        } else if from_place == to_place {
            parts.push(format!("Moved {to} to another position under {to_place}"));
        } else {
            // An unnumbered clause is named by its place, which the sentence already gives.
            let moved_clause = if after.marker.is_none() {
                format!("the {}", after.kind_noun())
            } else {
                to.clone()
            };
            parts.push(format!("Moved {moved_clause} from {from_place} to {to_place}"));
        }
    }
    if aspects.contains(&Aspect::Dated) {
        parts.push(format!("Date changed from {} to {}", quote(&before.text), quote(&after.text)));
    }
    if aspects.contains(&Aspect::Reformatted) {
        parts.push("Formatting changed".to_owned());
    }

    if !aspects.contains(&Aspect::Reworded) {
        let mut summary = parts.join("; ");
        summary.push_str("; wording unchanged.");
        return summary;
    }

    if crate::text::same_words(&before.text, &after.text) {
        let punctuation = punctuation_change(diff);
        return if parts.is_empty() {
            format!("Punctuation changed in {to}: {punctuation}; the words are the same.")
        } else {
            format!("{}; punctuation changed: {punctuation}.", parts.join("; "))
        };
    }
    if crate::text::same_words_ignoring_case(&before.text, &after.text) {
        let capitals = match diff_stats(diff).replacement {
            Some((removed, added)) => format!("'{removed}' became '{added}'"),
            None => punctuation_change(diff),
        };
        return if parts.is_empty() {
            format!("Capitalisation changed in {to}: {capitals}; the words are the same.")
        } else {
            format!("{}; capitalisation changed: {capitals}.", parts.join("; "))
        };
    }

    let stats = diff_stats(diff);
    let mut wording = match &stats.replacement {
        Some((removed, added)) => format!("'{removed}' became '{added}'"),
        None => String::new(),
    };
    let counts = word_counts(stats.words_added, stats.words_removed);
    if !counts.is_empty() && stats.replacement.is_none() {
        wording = counts;
    } else if !counts.is_empty() {
        wording = format!("{wording}; {counts}");
    }
    if parts.is_empty() {
        format!("Reworded {to}: {wording}.")
    } else {
        format!("{} and reworded: {wording}.", parts.join("; "))
    }
}

/// Describes an edit of punctuation alone, as "',' added, ';' became '.'".
fn punctuation_change(diff: &[DiffSegment]) -> String {
    let marks = |op: DiffOp| -> Vec<String> {
        diff.iter()
            .filter(|segment| segment.op == op && !segment.text.trim().is_empty())
            .map(|segment| format!("'{}'", segment.text.trim()))
            .collect()
    };
    let (removed, added) = (marks(DiffOp::Delete), marks(DiffOp::Insert));
    match (removed.is_empty(), added.is_empty()) {
        (true, true) => "spacing only".to_owned(),
        (true, false) => format!("{} added", added.join(", ")),
        (false, true) => format!("{} removed", removed.join(", ")),
        (false, false) => format!("{} became {}", removed.join(", "), added.join(", ")),
    }
}

fn word_counts(added: usize, removed: usize) -> String {
    let plural = |n: usize| if n == 1 { "word" } else { "words" };
    match (added, removed) {
        (0, 0) => String::new(),
        (added, 0) => format!("{added} {} added", plural(added)),
        (0, removed) => format!("{removed} {} removed", plural(removed)),
        (added, removed) => format!("{added} {} added, {removed} removed", plural(added)),
    }
}

/// Returns how a reader names a clause: its marker with the markers of the numbered items it
/// sits in ("4.6 (viii)"), or its place in the outline when it has no marker.
pub fn reference(clauses: &[Clause], clause: &Clause) -> String {
    let Some(marker) = &clause.marker else {
        return match clause.heading_path.last() {
            Some(label) => format!("the {} under {}", clause.kind_noun(), quote(label)),
            None => format!("the {} at the top of the document", clause.kind_noun()),
        };
    };
    let mut markers = vec![marker.trim_end_matches('.').to_owned()];
    let mut current = clause;
    while !is_full_number(current.marker.as_deref().unwrap_or_default()) {
        let Some(parent) = current.parent.and_then(|index| clauses.get(index)) else {
            break;
        };
        if parent.ordinal != current.parent.unwrap_or(usize::MAX) {
            break;
        }
        let Some(parent_marker) = &parent.marker else {
            break;
        };
        markers.push(parent_marker.trim_end_matches('.').to_owned());
        current = parent;
    }
    markers.reverse();
    let mut joined = String::new();
    for marker in markers {
        let nested_number = marker.starts_with(|c: char| c.is_ascii_digit());
        if !joined.is_empty() {
            joined.push(if nested_number { '.' } else { ' ' });
        }
        joined.push_str(&marker);
    }
    joined
}

/// Returns whether a marker names its place on its own, as "4.6" or "Section 5" do.
fn is_full_number(marker: &str) -> bool {
    let dotted = marker.trim_end_matches('.').contains('.');
    let section = ["Section", "Article", "Clause", "§"].iter().any(|word| marker.starts_with(word));
    dotted || section
}

/// Returns the innermost label of a clause's heading path, or "the top of the document".
fn place(clause: &Clause) -> String {
    clause
        .heading_path
        .last()
        .map_or_else(|| "the top of the document".to_owned(), |label| quote(label))
}

fn describe(clauses: &[Clause], clause: &Clause) -> String {
    match &clause.marker {
        Some(_) => format!("{} {}", clause.kind_noun(), reference(clauses, clause)),
        None => format!("{} under {}", clause.kind_noun(), place(clause)),
    }
}

impl Clause {
    /// Returns the word a summary uses for this kind of clause.
    pub fn kind_noun(&self) -> &'static str {
        match self.kind {
            ClauseKind::Heading => "heading",
            ClauseKind::Item | ClauseKind::Paragraph => "clause",
            ClauseKind::TableRow => "table row",
        }
    }
}

/// Words of a clause quoted in a summary.
const EXCERPT_WORDS: usize = 14;

fn excerpt(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= EXCERPT_WORDS {
        quote(text)
    } else {
        quote(&format!("{} …", words[..EXCERPT_WORDS].join(" ")))
    }
}

/// Quotes `text` in double quotes, or in single ones when it contains double quotes, so that
/// a defined term at its start reads `‘“Service” means …’` and not `““Service” means …”`.
fn quote(text: &str) -> String {
    if text.contains(['"', '“', '”']) {
        format!("‘{text}’")
    } else {
        format!("“{text}”")
    }
}
