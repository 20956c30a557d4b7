//! Review states across a re-analysis. A review state is keyed on a change record's version and
//! clause (lineage) id, but a re-analysis can give that place another change, as when an older
//! copy of the document is imported between two versions. The reviews are read before the
//! change records are replaced ([`reviewed_changes`]) and afterwards each one is kept, moved
//! with its change or cleared ([`follow_moved_reviews`]).

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, params};
use serde_json::json;

use crate::Result;
use crate::audit::append;
use crate::time::format_time;

/// The actor that the audit log names for a review that re-analysis cleared, because no person
/// made that edit.
pub(crate) const ANALYSIS_ACTOR: &str = "clausewatch (re-analysis)";

/// A reviewed change record, read before a re-analysis replaces the change records.
pub(crate) struct ReviewedChange {
    version_id: i64,
    lineage_id: String,
    text_before: Option<String>,
    text_after: Option<String>,
    state: String,
    actor: String,
    reason: Option<String>,
}

/// Returns the reviewed change records of the document's versions recorded at or after `from`.
pub(crate) fn reviewed_changes(
    tx: &Transaction<'_>,
    document_id: i64,
    from: &str,
) -> Result<Vec<ReviewedChange>> {
    let mut statement = tx.prepare_cached(
        "SELECT r.version_id, r.lineage_id, c.text_before, c.text_after, r.state, r.actor,
                r.reason
         FROM review_states r
         JOIN changes c ON c.version_id = r.version_id AND c.lineage_id = r.lineage_id
         JOIN versions v ON v.id = r.version_id
         WHERE v.document_id = ?1 AND v.recorded_at >= ?2",
    )?;
    let rows = statement.query_map(params![document_id, from], |row| {
        Ok(ReviewedChange {
            version_id: row.get(0)?,
            lineage_id: row.get(1)?,
            text_before: row.get(2)?,
            text_after: row.get(3)?,
            state: row.get(4)?,
            actor: row.get(5)?,
            reason: row.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps, moves or clears each review state read by [`reviewed_changes`] after a re-analysis.
/// - A review stays where the same lineage still changes with the same text before and after.
/// - Otherwise it moves to the first record of the lineage with that text before and after and
///   no review state of its own, as when the change now happens at an older copy imported in
///   between.
/// - Otherwise the change that was reviewed no longer exists. The review is removed, so the
///   record now at its place (another change, or none) reads as unreviewed, and the audit log
///   records the removal with the state, reviewer and reason it had.
// NOTE: a move is logged but not written to the audit log, whose `review.set` entry still
// names the earlier version id.
pub(crate) fn follow_moved_reviews(
    tx: &Transaction<'_>,
    document_id: i64,
    reviewed: &[ReviewedChange],
) -> Result<()> {
    for review in reviewed {
        let still_there: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM changes WHERE version_id = ?1 AND lineage_id = ?2
                                AND text_before IS ?3 AND text_after IS ?4)",
            )?
            .query_row(
                params![
                    review.version_id,
                    review.lineage_id,
                    review.text_before,
                    review.text_after
                ],
                |row| row.get(0),
            )?;
        if still_there {
            continue;
        }

        let moved_to: Option<i64> = tx
            .prepare_cached(
                "SELECT c.version_id FROM changes c JOIN versions v ON v.id = c.version_id
                 WHERE v.document_id = ?1 AND c.lineage_id = ?2
                   AND c.text_before IS ?3 AND c.text_after IS ?4
                   AND NOT EXISTS (SELECT 1 FROM review_states r
                                   WHERE r.version_id = c.version_id
                                     AND r.lineage_id = c.lineage_id)
                 ORDER BY v.recorded_at LIMIT 1",
            )?
            .query_row(
                params![document_id, review.lineage_id, review.text_before, review.text_after],
                |row| row.get(0),
            )
            .optional()?;
        match moved_to {
            Some(moved_to) => move_review(tx, review, moved_to)?,
            None => clear_review(tx, review)?,
        }
    }
    Ok(())
}

/// Moves a review state to the change record of its lineage in version `moved_to`.
fn move_review(tx: &Transaction<'_>, review: &ReviewedChange, moved_to: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE review_states SET version_id = ?1 WHERE version_id = ?2 AND lineage_id = ?3",
    )?
    .execute(params![moved_to, review.version_id, review.lineage_id])?;
    tracing::info!(
        from_version = review.version_id,
        to_version = moved_to,
        lineage_id = review.lineage_id,
        "review moved with its change record"
    );
    Ok(())
}

/// Removes a review state whose change record no longer exists, and logs the removal.
fn clear_review(tx: &Transaction<'_>, review: &ReviewedChange) -> Result<()> {
    tx.prepare_cached("DELETE FROM review_states WHERE version_id = ?1 AND lineage_id = ?2")?
        .execute(params![review.version_id, review.lineage_id])?;
    let details = json!({
        "state": [review.state, serde_json::Value::Null],
        "reviewed_by": review.actor,
        "reason": review.reason,
        "why": "re-analysis recorded another change in place of the reviewed one",
        "text_before": review.text_before,
        "text_after": review.text_after,
    });
    let entity = format!("change:{}:{}", review.version_id, review.lineage_id);
    let now = format_time(Utc::now());
    append(tx, &now, ANALYSIS_ACTOR, "review.clear", &entity, &details)?;
    tracing::warn!(
        version_id = review.version_id,
        lineage_id = review.lineage_id,
        "a reviewed change record now describes another change; its review was removed"
    );
    Ok(())
}
