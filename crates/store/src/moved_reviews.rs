//! Review states across a re-analysis. A review state is keyed on a change record's version and
//! clause (lineage) id, but a re-analysis can give that place another change, as when an older
//! copy of the document is imported between two versions. The reviews are read before the
//! change records are replaced ([`reviewed_changes`]) and afterwards each one is kept, moved
//! with its change or cleared ([`follow_moved_reviews`]).

use chrono::Utc;
use rusqlite::{OptionalExtension, ToSql, Transaction, params};
use serde_json::json;

use crate::Result;
use crate::audit::append;
use crate::time::format_time;

/// The actor that the audit log names for a review that re-analysis moved or cleared, because
/// no person made that edit.
pub(crate) const ANALYSIS_ACTOR: &str = "clausewatch (re-analysis)";

/// A reviewed change record, read before a re-analysis replaces the change records.
pub(crate) struct ReviewedChange {
    version_id: i64,
    lineage_id: String,
    change: ChangeIdentity,
    state: String,
    actor: String,
    reason: Option<String>,
}

/// The fields that make two change records of one lineage the same change: its kind, and the
/// clause's text, marker and heading path before and after. A renumbering keeps the text, so
/// the markers tell one renumbering from another.
// NOTE: a release that writes markers or heading paths differently makes `reanalyze` remove
// the review of every change record it rewrites. The audit log keeps each removed review.
#[derive(serde::Serialize)]
struct ChangeIdentity {
    kind: String,
    text_before: Option<String>,
    text_after: Option<String>,
    marker_before: Option<String>,
    marker_after: Option<String>,
    heading_before: Option<String>,
    heading_after: Option<String>,
}

impl ChangeIdentity {
    /// Returns the parameters of a query with [`SAME_CHANGE`]: `first` and `lineage` as ?1 and
    /// ?2, then the fields of this change.
    fn parameters<'a>(
        &'a self,
        first: &'a dyn ToSql,
        lineage: &'a dyn ToSql,
    ) -> [&'a dyn ToSql; 9] {
        [
            first,
            lineage,
            &self.kind,
            &self.text_before,
            &self.text_after,
            &self.marker_before,
            &self.marker_after,
            &self.heading_before,
            &self.heading_after,
        ]
    }
}

/// The condition on a change record `c` that it is the change of parameters ?3 to ?9, in the
/// order of [`ChangeIdentity`]'s fields.
const SAME_CHANGE: &str = "c.kind = ?3 AND c.text_before IS ?4 AND c.text_after IS ?5
    AND c.marker_before IS ?6 AND c.marker_after IS ?7
    AND c.heading_before IS ?8 AND c.heading_after IS ?9";

/// How many review states a re-analysis moved to another version and how many it removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReviewsFollowed {
    pub moved: usize,
    pub removed: usize,
}

/// Returns the reviewed change records of the document's versions recorded at or after `from`.
pub(crate) fn reviewed_changes(
    tx: &Transaction<'_>,
    document_id: i64,
    from: &str,
) -> Result<Vec<ReviewedChange>> {
    let mut statement = tx.prepare_cached(
        "SELECT r.version_id, r.lineage_id, c.kind, c.text_before, c.text_after, c.marker_before,
                c.marker_after, c.heading_before, c.heading_after, r.state, r.actor, r.reason
         FROM review_states r
         JOIN changes c ON c.version_id = r.version_id AND c.lineage_id = r.lineage_id
         JOIN versions v ON v.id = r.version_id
         WHERE v.document_id = ?1 AND v.recorded_at >= ?2",
    )?;
    let rows = statement.query_map(params![document_id, from], |row| {
        Ok(ReviewedChange {
            version_id: row.get(0)?,
            lineage_id: row.get(1)?,
            change: ChangeIdentity {
                kind: row.get(2)?,
                text_before: row.get(3)?,
                text_after: row.get(4)?,
                marker_before: row.get(5)?,
                marker_after: row.get(6)?,
                heading_before: row.get(7)?,
                heading_after: row.get(8)?,
            },
            state: row.get(9)?,
            actor: row.get(10)?,
            reason: row.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Keeps, moves or clears each review state read by [`reviewed_changes`] after a re-analysis.
/// - A review stays where its record is still the same change.
/// - Otherwise it moves to the first record of the lineage that is the same change (see
///   [`ChangeIdentity`]) and has no review state of its own, as when the change now happens at
///   an older copy imported in between. The audit log records the move.
/// - Otherwise the change that was reviewed no longer exists. The review is removed, so the
///   record now at its place (another change, or none) reads as unreviewed, and the audit log
///   records the removal with the state, reviewer and reason it had.
pub(crate) fn follow_moved_reviews(
    tx: &Transaction<'_>,
    document_id: i64,
    reviewed: &[ReviewedChange],
) -> Result<ReviewsFollowed> {
    let still_there_sql = format!(
        "SELECT EXISTS (SELECT 1 FROM changes c WHERE c.version_id = ?1
                        AND c.lineage_id = ?2 AND {SAME_CHANGE})"
    );
    // ?1 is the document here, where the check above has the version.
    let moved_to_sql = format!(
        "SELECT c.version_id FROM changes c JOIN versions v ON v.id = c.version_id
         WHERE v.document_id = ?1 AND c.lineage_id = ?2 AND {SAME_CHANGE}
           AND NOT EXISTS (SELECT 1 FROM review_states r
                           WHERE r.version_id = c.version_id AND r.lineage_id = c.lineage_id)
         ORDER BY v.recorded_at LIMIT 1"
    );

    let mut followed = ReviewsFollowed::default();
    for review in reviewed {
        let change = &review.change;
        let still_there: bool = tx
            .prepare_cached(&still_there_sql)?
            .query_row(change.parameters(&review.version_id, &review.lineage_id), |row| {
                row.get(0)
            })?;
        if still_there {
            continue;
        }

        let moved_to: Option<i64> = tx
            .prepare_cached(&moved_to_sql)?
            .query_row(change.parameters(&document_id, &review.lineage_id), |row| row.get(0))
            .optional()?;
        match moved_to {
            Some(moved_to) => {
                move_review(tx, review, moved_to)?;
                followed.moved += 1;
            }
            None => {
                clear_review(tx, review)?;
                followed.removed += 1;
            }
        }
    }
    Ok(followed)
}

/// Moves a review state to the change record of its lineage in version `moved_to`, and logs
/// the move.
fn move_review(tx: &Transaction<'_>, review: &ReviewedChange, moved_to: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE review_states SET version_id = ?1 WHERE version_id = ?2 AND lineage_id = ?3",
    )?
    .execute(params![moved_to, review.version_id, review.lineage_id])?;
    let details = json!({
        "version_id": [review.version_id, moved_to],
        "state": review.state,
        "reviewed_by": review.actor,
        "why": "re-analysis found the reviewed change at another version",
    });
    let entity = format!("change:{}:{}", review.version_id, review.lineage_id);
    let now = format_time(Utc::now());
    append(tx, &now, ANALYSIS_ACTOR, "review.move", &entity, &details)?;
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
        "change": review.change,
    });
    let entity = format!("change:{}:{}", review.version_id, review.lineage_id);
    let now = format_time(Utc::now());
    append(tx, &now, ANALYSIS_ACTOR, "review.clear", &entity, &details)?;
    // The import's report counts the removals, so the log line is information.
    tracing::info!(
        version_id = review.version_id,
        lineage_id = review.lineage_id,
        "a reviewed change record now describes another change; its review was removed"
    );
    Ok(())
}
