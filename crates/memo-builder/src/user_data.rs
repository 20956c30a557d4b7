//! The reviewer's own records in the memo: the due-diligence checklists opened for the
//! platform and the notes written on the clauses that changed.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use clausewatch_memo::{Checklist, ChecklistItem, ClauseNote, Section};
use clausewatch_store::Store;
use clausewatch_store::model::ClauseView;
use clausewatch_store::time::parse_date;

use crate::changes::{clause_heading_path, marker};
use crate::error::BuildError;
use crate::rating::category_name;
use crate::scope::Scope;
use clausewatch_analysis::Taxonomy;

/// Returns the items of every checklist opened for the platform, its documents in the memo,
/// or a clause that changed, and only of the memo's category when it has one. Each item names
/// its checklist, and its risk and evidence come before its notes.
pub fn checklist(
    store: &Store,
    taxonomy: &Taxonomy,
    scope: &Scope,
) -> Result<Section<Checklist>, BuildError> {
    let documents: HashSet<&str> =
        scope.documents.iter().map(|document| document.document.document.as_str()).collect();
    let clauses: HashSet<&str> =
        scope.changes().map(|(_, change)| change.clause_id.as_str()).collect();

    let checklists: Vec<_> = store
        .checklists()?
        .into_iter()
        .filter(|checklist| checklist.platform == scope.platform)
        .filter(|checklist| match (&checklist.document, &checklist.clause_id) {
            (_, Some(clause_id)) => clauses.contains(clause_id.as_str()),
            (Some(document), None) => documents.contains(document.as_str()),
            (None, None) => true,
        })
        .filter(|checklist| scope.category.as_ref().is_none_or(|id| *id == checklist.category))
        .collect();
    let mut items = Vec::new();
    for checklist in &checklists {
        let category = category_name(taxonomy, &checklist.category);
        for item in &checklist.items {
            let risk = item.risk.as_deref().map(|risk| format!("Risk: {risk}"));
            let evidence = item.evidence.as_deref().map(|evidence| format!("Evidence: {evidence}"));
            let notes: Vec<String> = risk
                .into_iter()
                .chain(evidence)
                .chain(item.notes.clone())
                .filter(|text| !text.is_empty())
                .collect();
            items.push(ChecklistItem {
                text: format!("{category} (checklist {}): {}", checklist.id, item.text),
                status: status_label(item.status.as_str()),
                owner: item.owner.clone(),
                due: item.due_date.as_deref().and_then(parse_date),
                notes: notes.join("\n\n"),
            });
        }
    }
    Ok(Section::Available(Checklist { items }))
}

/// Returns the notes on the clauses of the substantive changes, clause by clause in the order
/// of their first change. Each clause is named by its marker and headings in the newest version
/// of the memo's range, so a heading renumbered above it shows. A clause removed by then is
/// named as its last change record leaves it.
pub fn notes(store: &Store, scope: &Scope) -> Result<Section<Vec<ClauseNote>>, BuildError> {
    let mut clauses: Vec<&str> = Vec::new();
    for (_, change) in scope.changes().filter(|(_, change)| change.substantive) {
        if !clauses.contains(&change.clause_id.as_str()) {
            clauses.push(&change.clause_id);
        }
    }

    let mut newest_versions: HashMap<i64, Vec<ClauseView>> = HashMap::new();
    let mut notes = Vec::new();
    for clause_id in clauses {
        let clause_notes = store.notes(clause_id)?;
        if clause_notes.is_empty() {
            continue;
        }
        let latest = scope
            .changes()
            .filter(|(_, change)| change.clause_id == clause_id)
            .max_by(|(_, a), (_, b)| a.recorded_at.cmp(&b.recorded_at));
        let Some((document, latest)) = latest else { continue };

        let newest_clauses = match newest_versions.entry(document.id) {
            Entry::Occupied(entry) => entry.into_mut(),
            Entry::Vacant(entry) => {
                entry.insert(newest_version_clauses(store, scope, document.id)?)
            }
        };
        let newest = newest_clauses.iter().find(|clause| clause.clause_id == clause_id);
        let (clause_marker, heading_path) = match newest {
            Some(clause) => {
                let mut path = clause.heading_path.clone();
                if scope.has_several_documents() {
                    path.insert(0, document.document.clone());
                }
                (clause.marker.clone().unwrap_or_default(), path)
            }
            None => (
                marker(latest),
                clause_heading_path(scope.has_several_documents(), &document.document, latest),
            ),
        };

        for note in clause_notes {
            let review =
                if note.needs_review { " It needs review: the clause changed since." } else { "" };
            notes.push(ClauseNote {
                marker: clause_marker.clone(),
                heading_path: heading_path.clone(),
                text: format!(
                    "{}\n\n{}, last confirmed against the version of {}.{review}",
                    note.body, note.author, note.anchor_recorded_at
                ),
            });
        }
    }
    Ok(Section::Available(notes))
}

/// Returns the clauses of the newest version of `document_id` in the memo's range, none when
/// the range has no version of it.
fn newest_version_clauses(
    store: &Store,
    scope: &Scope,
    document_id: i64,
) -> Result<Vec<ClauseView>, BuildError> {
    let newest = scope
        .documents
        .iter()
        .find(|document| document.document.id == document_id)
        .and_then(|document| document.versions.last());
    match newest {
        Some(version) => Ok(store.clauses(version.id)?),
        None => Ok(Vec::new()),
    }
}

/// Returns "Requires review" for "requires_review".
fn status_label(status: &str) -> String {
    let words = status.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}
