//! Notes on provisions. A note attaches to a clause lineage, so it follows the provision
//! across versions, renumbering and moves.
//!
//! A note is anchored to the latest version of its document when it is written or confirmed.
//! When a substantive change of its lineage (or of a lineage merged into it) is recorded after
//! that version, the note is flagged for review until someone confirms it again. The flag is
//! computed when notes are read, so it needs no upkeep when versions arrive or analysis is
//! recomputed. Every edit goes to the audit log.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use serde_json::json;

use crate::audit::{append, check_actor};
use crate::time::format_time;
use crate::user_text::{MAX_NOTE_CHARS, multi_line};
use crate::{Result, Store, StoreError};

/// A note with its review flag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Note {
    pub id: i64,
    pub clause_id: String,
    pub platform: String,
    pub document: String,
    pub body: String,
    pub author: String,
    pub created_at: String,
    pub updated_at: String,
    /// Recorded-at time of the version the note was written against or last confirmed on.
    pub anchor_recorded_at: String,
    /// True when the clause changed substantively after the anchor version.
    pub needs_review: bool,
    /// Recorded-at time of the first such change.
    pub changed_at: Option<String>,
}

const NOTE_SELECT: &str = "SELECT n.id, n.lineage_id, p.name, d.doc_type, n.body, n.author,
        n.created_at, n.updated_at, av.recorded_at,
        (SELECT min(v.recorded_at) FROM changes c JOIN versions v ON v.id = c.version_id
         WHERE (c.lineage_id = n.lineage_id OR c.related_lineage = n.lineage_id)
           AND c.substantive AND v.recorded_at > av.recorded_at)
    FROM notes n
    JOIN versions av ON av.id = n.anchor_version_id
    JOIN lineages l ON l.id = n.lineage_id
    JOIN documents d ON d.id = l.document_id
    JOIN platforms p ON p.id = d.platform_id";

fn note_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Note> {
    let changed_at: Option<String> = row.get(9)?;
    Ok(Note {
        id: row.get(0)?,
        clause_id: row.get(1)?,
        platform: row.get(2)?,
        document: row.get(3)?,
        body: row.get(4)?,
        author: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        anchor_recorded_at: row.get(8)?,
        needs_review: changed_at.is_some(),
        changed_at,
    })
}

/// Returns the latest version of the document holding `clause_id`.
fn latest_version(tx: &Transaction<'_>, clause_id: &str) -> Result<i64> {
    tx.query_row(
        "SELECT v.id FROM lineages l JOIN versions v ON v.document_id = l.document_id
         WHERE l.id = ?1 ORDER BY v.recorded_at DESC LIMIT 1",
        [clause_id],
        |row| row.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::UnknownClause(clause_id.to_owned()))
}

/// Returns the text of a note trimmed, or an error when it is empty, too long or carries a
/// control or direction override character.
fn check_body(body: &str) -> Result<String> {
    let body = multi_line("note", body, MAX_NOTE_CHARS)?;
    if body.is_empty() {
        return Err(StoreError::InvalidInput(
            "the note is empty: give the text of the note".to_owned(),
        ));
    }
    Ok(body)
}

impl Store {
    /// Writes a note on a clause, anchored to the latest version of its document.
    pub fn add_note(
        &mut self,
        clause_id: &str,
        body: &str,
        author: &str,
        now: DateTime<Utc>,
    ) -> Result<Note> {
        check_actor(author)?;
        let body = check_body(body)?;
        let clause_id = clause_id.trim();
        let now = format_time(now);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let anchor = latest_version(&tx, clause_id)?;
        tx.execute(
            "INSERT INTO notes (lineage_id, body, author, created_at, updated_at,
                 anchor_version_id)
             VALUES (?1, ?2, ?3, ?4, ?4, ?5)",
            params![clause_id, body, author, now, anchor],
        )?;
        let id = tx.last_insert_rowid();
        let details = json!({ "clause_id": clause_id, "body": body });
        append(&tx, &now, author, "note.add", &format!("note:{id}"), &details)?;
        tx.commit()?;
        self.note(id)
    }

    /// Replaces the text of a note.
    pub fn edit_note(
        &mut self,
        id: i64,
        body: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<Note> {
        check_actor(actor)?;
        let body = check_body(body)?;
        let now = format_time(now);
        let old = self.note(id)?;

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE notes SET body = ?1, updated_at = ?2 WHERE id = ?3",
            params![body, now, id],
        )?;
        let details = json!({ "body": [old.body, body] });
        append(&tx, &now, actor, "note.edit", &format!("note:{id}"), &details)?;
        tx.commit()?;
        self.note(id)
    }

    /// Confirms that a note still holds for the clause as it now reads: the note is anchored
    /// to the latest version and its review flag clears.
    pub fn confirm_note(&mut self, id: i64, actor: &str, now: DateTime<Utc>) -> Result<Note> {
        check_actor(actor)?;
        let now = format_time(now);
        let old = self.note(id)?;

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let anchor = latest_version(&tx, &old.clause_id)?;
        tx.execute(
            "UPDATE notes SET anchor_version_id = ?1, updated_at = ?2 WHERE id = ?3",
            params![anchor, now, id],
        )?;
        let details = json!({ "anchor_version_id": anchor, "was_flagged": old.needs_review });
        append(&tx, &now, actor, "note.confirm", &format!("note:{id}"), &details)?;
        tx.commit()?;
        self.note(id)
    }

    /// Deletes a note. The row stays, marked deleted, so the audit log keeps pointing at it.
    pub fn delete_note(&mut self, id: i64, actor: &str, now: DateTime<Utc>) -> Result<()> {
        check_actor(actor)?;
        let now = format_time(now);
        let old = self.note(id)?;

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute("UPDATE notes SET deleted_at = ?1 WHERE id = ?2", params![now, id])?;
        let details = json!({ "body": old.body });
        append(&tx, &now, actor, "note.delete", &format!("note:{id}"), &details)?;
        tx.commit()?;
        Ok(())
    }

    /// Returns a note that is not deleted.
    pub fn note(&self, id: i64) -> Result<Note> {
        let sql = format!("{NOTE_SELECT} WHERE n.id = ?1 AND n.deleted_at IS NULL");
        self.conn.query_row(&sql, [id], note_from_row).optional()?.ok_or_else(|| {
            StoreError::NotFound(format!(
                "no note {id}; list notes with `clausewatch note list CLAUSE_ID`"
            ))
        })
    }

    /// Returns the notes on a clause, oldest first.
    pub fn notes(&self, clause_id: &str) -> Result<Vec<Note>> {
        self.clause_document(clause_id)?;
        let sql =
            format!("{NOTE_SELECT} WHERE n.lineage_id = ?1 AND n.deleted_at IS NULL ORDER BY n.id");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([clause_id.trim()], note_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns every note flagged for review, oldest first.
    pub fn notes_needing_review(&self) -> Result<Vec<Note>> {
        let sql = format!("{NOTE_SELECT} WHERE n.deleted_at IS NULL ORDER BY n.id");
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map([], note_from_row)?;
        let notes: Vec<Note> = rows.collect::<rusqlite::Result<_>>()?;
        Ok(notes.into_iter().filter(|note| note.needs_review).collect())
    }
}
