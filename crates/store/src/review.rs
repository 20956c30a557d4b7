//! Review states of change records: reviewed, acknowledged or dismissed, with who set it,
//! when, and an optional reason.
//!
//! A state is keyed on the version id and the clause (lineage) id of the change record, which
//! re-analysis keeps, so it survives a rule change even though the change record's row is
//! rebuilt. Every update goes to the audit log. Add a state to [`ReviewState`] and to the
//! CHECK constraint of `review_states` together.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::Serialize;
use serde_json::json;

use crate::audit::{append, check_actor};
use crate::queries::DocumentRef;
use crate::time::format_time;
use crate::user_text::{MAX_REASON_CHARS, multi_line};
use crate::{Result, Store, StoreError};

/// A reviewer's decision on a change record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReviewState {
    Reviewed,
    Acknowledged,
    Dismissed,
}

impl ReviewState {
    pub const ALL: [Self; 3] = [Self::Reviewed, Self::Acknowledged, Self::Dismissed];

    /// Returns the name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Reviewed => "reviewed",
            Self::Acknowledged => "acknowledged",
            Self::Dismissed => "dismissed",
        }
    }

    /// Parses a stored name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|state| state.as_str() == name)
    }
}

/// The review state of one change record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub version_id: i64,
    pub clause_id: String,
    pub state: ReviewState,
    pub actor: String,
    pub updated_at: String,
    pub reason: Option<String>,
}

impl Store {
    /// Returns the document a clause (lineage) id belongs to.
    pub fn clause_document(&self, clause_id: &str) -> Result<DocumentRef> {
        self.conn
            .query_row(
                "SELECT d.id, p.name, d.doc_type FROM lineages l
                 JOIN documents d ON d.id = l.document_id
                 JOIN platforms p ON p.id = d.platform_id WHERE l.id = ?1",
                [clause_id.trim()],
                |row| {
                    Ok(DocumentRef {
                        id: row.get(0)?,
                        platform: row.get(1)?,
                        document: row.get(2)?,
                    })
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::UnknownClause(clause_id.to_owned()))
    }

    /// Sets the review state of the change record of `clause_id` in version `version_id`,
    /// replacing any earlier state, and logs the edit.
    pub fn set_review(
        &mut self,
        version_id: i64,
        clause_id: &str,
        state: ReviewState,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Review> {
        check_actor(actor)?;
        let clause_id = clause_id.trim();
        let reason = reason.map(check_reason).transpose()?;
        let reason = reason.as_deref().filter(|reason| !reason.is_empty());
        let now = format_time(now);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists = tx
            .query_row(
                "SELECT 1 FROM changes WHERE version_id = ?1 AND lineage_id = ?2",
                params![version_id, clause_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if !exists {
            let recorded_at: Option<String> = tx
                .query_row("SELECT recorded_at FROM versions WHERE id = ?1", [version_id], |row| {
                    row.get(0)
                })
                .optional()?;
            let version = recorded_at.map_or_else(
                || format!("version {version_id}"),
                |at| format!("the version recorded {at}"),
            );
            return Err(StoreError::NotFound(format!(
                "no change record of clause {clause_id:?} in {version}; the clause did not change \
                 then, so list the change records with `clausewatch changes PLATFORM DOCUMENT`"
            )));
        }
        let stored: Option<(String, String, String, Option<String>)> = tx
            .query_row(
                "SELECT state, actor, updated_at, reason FROM review_states
                 WHERE version_id = ?1 AND lineage_id = ?2",
                params![version_id, clause_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;
        // The same decision again by the same person (a double click, say) changes nothing and
        // is not logged. The same state set by someone else is logged as their confirmation.
        if let Some((stored_state, stored_actor, updated_at, stored_reason)) = &stored
            && stored_state == state.as_str()
            && stored_actor == actor
            && stored_reason.as_deref() == reason
        {
            return Ok(Review {
                version_id,
                clause_id: clause_id.to_owned(),
                state,
                actor: actor.to_owned(),
                updated_at: updated_at.clone(),
                reason: reason.map(str::to_owned),
            });
        }
        let previous = stored.map(|(state, ..)| state);
        tx.execute(
            "INSERT INTO review_states (version_id, lineage_id, state, actor, updated_at, reason)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (version_id, lineage_id) DO UPDATE SET state = excluded.state,
                 actor = excluded.actor, updated_at = excluded.updated_at,
                 reason = excluded.reason",
            params![version_id, clause_id, state.as_str(), actor, now, reason],
        )?;
        let details = json!({ "state": [previous, state.as_str()], "reason": reason });
        let entity = format!("change:{version_id}:{clause_id}");
        append(&tx, &now, actor, "review.set", &entity, &details)?;
        tx.commit()?;

        Ok(Review {
            version_id,
            clause_id: clause_id.to_owned(),
            state,
            actor: actor.to_owned(),
            updated_at: now,
            reason: reason.map(str::to_owned),
        })
    }

    /// Removes the review state of a change record, so that it is unreviewed again, and logs
    /// the state it had and `reason`. Returns whether a state was removed; clearing a change
    /// that has none changes nothing and is not logged.
    pub fn clear_review(
        &mut self,
        version_id: i64,
        clause_id: &str,
        reason: Option<&str>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<bool> {
        check_actor(actor)?;
        let clause_id = clause_id.trim();
        let reason = reason.map(check_reason).transpose()?;
        let reason = reason.as_deref().filter(|reason| !reason.is_empty());
        let now = format_time(now);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let previous: Option<String> = tx
            .query_row(
                "DELETE FROM review_states WHERE version_id = ?1 AND lineage_id = ?2
                 RETURNING state",
                params![version_id, clause_id],
                |row| row.get(0),
            )
            .optional()?;
        let Some(previous) = previous else {
            return Ok(false);
        };
        let details = json!({ "state": [previous, serde_json::Value::Null], "reason": reason });
        let entity = format!("change:{version_id}:{clause_id}");
        append(&tx, &now, actor, "review.clear", &entity, &details)?;
        tx.commit()?;
        Ok(true)
    }

    /// Returns the review state of a change record, if one was set.
    pub fn review(&self, version_id: i64, clause_id: &str) -> Result<Option<Review>> {
        let row = self
            .conn
            .query_row(
                "SELECT state, actor, updated_at, reason FROM review_states
                 WHERE version_id = ?1 AND lineage_id = ?2",
                params![version_id, clause_id.trim()],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, String>(2)?,
                        row.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?;
        Ok(row.map(|(state, actor, updated_at, reason)| Review {
            version_id,
            clause_id: clause_id.trim().to_owned(),
            state: ReviewState::parse(&state).unwrap_or(ReviewState::Reviewed),
            actor,
            updated_at,
            reason,
        }))
    }
}

/// Returns a review reason trimmed, or an error when it is too long or carries a control or
/// direction override character.
fn check_reason(reason: &str) -> Result<String> {
    multi_line("reason", reason, MAX_REASON_CHARS)
}
