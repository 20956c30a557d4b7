//! Section "Changes": each substantive change record in full, the others in a table.
//!
//! A clause is named by its marker in the newer version (the older one for a removed
//! clause) and its heading path. When a memo covers several documents, the document name
//! leads the heading path so that clauses of different documents stay apart.

use chrono::{DateTime, Utc};
use clausewatch_analysis::Taxonomy;
use clausewatch_core::change::HEADING_SEPARATOR;
use clausewatch_memo::{Changes, MinorChange, SubstantiveChange};
use clausewatch_store::model::ChangeView;
use clausewatch_store::time::parse_time;

use crate::diff::word_diff;
use crate::error::BuildError;
use crate::rating;
use crate::scope::Scope;

/// Returns the substantive change records of `scope`, most severe first and in recorded order
/// within one severity (unrated ones last), and the other change records in recorded order.
pub fn changes(taxonomy: &Taxonomy, scope: &Scope) -> Result<Changes, BuildError> {
    let several_documents = scope.has_several_documents();
    let mut substantive = Vec::new();
    let mut non_substantive = Vec::new();

    for (document, change) in scope.changes() {
        let heading_path = clause_heading_path(several_documents, &document.document, change);
        if change.substantive {
            substantive.push(SubstantiveChange {
                marker: marker(change),
                heading_path,
                rating: rating::rating(taxonomy, change),
                summary: change.summary.clone(),
                first_recorded_at: stored_time(&change.recorded_at)?,
                previous_recorded_at: Some(stored_time(&change.recorded_before)?),
                diff: word_diff(
                    change.text_before.as_deref().unwrap_or_default(),
                    change.text_after.as_deref().unwrap_or_default(),
                ),
                review: review_line(change)?,
            });
        } else {
            non_substantive.push(MinorChange {
                marker: marker_move(change),
                opening: opening_words(change),
                heading_path,
                aspects: change.aspects.clone(),
                recorded_at: stored_time(&change.recorded_at)?,
            });
        }
    }
    // A stable sort keeps the recorded order within each severity.
    substantive.sort_by_key(|change| std::cmp::Reverse(severity_rank(change)));
    Ok(Changes { substantive, non_substantive })
}

/// Returns the review decision on `change` as the memo prints it: "Dismissed by alice on 5
/// December 2026: not relevant", or `None` when it has no review state.
fn review_line(change: &ChangeView) -> Result<Option<String>, BuildError> {
    let (Some(state), Some(by), Some(at)) =
        (&change.review_state, &change.reviewed_by, &change.reviewed_at)
    else {
        return Ok(None);
    };
    let mut state_name = state.clone();
    if let Some(first) = state_name.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    let day = stored_time(at)?.format("%-d %B %Y");
    let reason = change.review_reason.as_deref().map(|reason| format!(": {reason}"));
    Ok(Some(format!("{state_name} by {by} on {day}{}", reason.unwrap_or_default())))
}

/// Returns a change's severity for ordering; an unrated change ranks below every rated one.
fn severity_rank(change: &SubstantiveChange) -> Option<clausewatch_memo::Severity> {
    match &change.rating {
        clausewatch_memo::Section::Available(rating) => Some(rating.severity),
        clausewatch_memo::Section::NotAvailable { .. } => None,
    }
}

/// Returns the headings above the clause after `change`, led by the document's name when the
/// memo covers several documents.
pub(crate) fn clause_heading_path(
    several_documents: bool,
    document: &str,
    change: &ChangeView,
) -> Vec<String> {
    let mut path = heading_path(change);
    if several_documents {
        path.insert(0, document.to_owned());
    }
    path
}

/// Returns the marker of the clause after the change, or before it for a removed clause.
/// A clause without a marker, such as an introductory paragraph, gets an empty one.
pub(crate) fn marker(change: &ChangeView) -> String {
    change
        .marker_after
        .as_deref()
        .or(change.marker_before.as_deref())
        .unwrap_or_default()
        .to_owned()
}

/// Returns "(viii) → (ix)" for a renumbered clause, else its marker.
fn marker_move(change: &ChangeView) -> String {
    match (&change.marker_before, &change.marker_after) {
        (Some(before), Some(after)) if before != after => format!("{before} → {after}"),
        _ => marker(change),
    }
}

/// Returns the headings above the clause after the change (before it, when removed).
fn heading_path(change: &ChangeView) -> Vec<String> {
    let path = change.heading_after.as_deref().or(change.heading_before.as_deref());
    // A clause at the top of a document has an empty heading path, stored as "".
    path.map(|path| {
        path.split(HEADING_SEPARATOR)
            .map(str::trim)
            .filter(|heading| !heading.is_empty())
            .map(str::to_owned)
            .collect()
    })
    .unwrap_or_default()
}

/// Parses a recorded-at time as the store writes it.
pub fn stored_time(text: &str) -> Result<DateTime<Utc>, BuildError> {
    parse_time(text).ok_or_else(|| BuildError::InvalidStoredTime { value: text.to_owned() })
}

/// How many words of a clause the list of other changes quotes.
const OPENING_WORDS: usize = 12;

/// Returns the first words of the clause's text after the change (before it, for a clause that
/// was removed), with "…" when the clause goes on.
fn opening_words(change: &ChangeView) -> String {
    let text = change.text_after.as_deref().or(change.text_before.as_deref()).unwrap_or_default();
    let mut words = text.split_whitespace();
    let opening: Vec<&str> = words.by_ref().take(OPENING_WORDS).collect();
    let more = if words.next().is_some() { " …" } else { "" };
    format!("{}{more}", opening.join(" "))
}
