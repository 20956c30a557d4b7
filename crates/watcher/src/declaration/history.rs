//! Picks the declaration that was in force at a given time, from the current declaration and
//! its history. Extractions of old snapshots must use the rules of their day.

use chrono::{DateTime, Utc};

use super::model::{Declaration, DeclarationHistory, DocumentDeclaration};

/// Returns the declaration of `document_type` in force at `at`: the history entry with the
/// earliest `valid_until` after `at`, or the current declaration when none is later. Returns
/// `None` when neither declares the document type.
pub fn in_force_at<'a>(
    current: &'a Declaration,
    history: Option<&'a DeclarationHistory>,
    document_type: &str,
    at: DateTime<Utc>,
) -> Option<&'a DocumentDeclaration> {
    let earlier = history
        .and_then(|history| history.documents.get(document_type))
        .and_then(|entries| entries.iter().find(|entry| at < entry.valid_until))
        .map(|entry| &entry.document);

    earlier.or_else(|| current.documents.get(document_type))
}
