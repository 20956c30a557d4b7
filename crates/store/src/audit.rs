//! The audit log: one entry for every edit of user data (review states, notes, checklists,
//! sources, settings and platforms), with the time, the operating-system user and what
//! changed.
//!
//! Each entry's SHA-256 covers its own fields and the hash of the entry before it. Editing,
//! inserting or deleting a row in the middle therefore breaks the chain from there on, and
//! [`Store::verify_audit`] names the first entry that no longer fits. Writers call [`append`]
//! inside the transaction of the edit itself. To log a new kind of edit, give it an action
//! name of the form `thing.verb`.

use std::io::Write;

use rusqlite::{Connection, OptionalExtension, Transaction};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::{Result, Store, StoreError};

/// The `previous_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub entity: String,
    /// JSON object of what changed.
    pub details: String,
    pub previous_hash: String,
    pub hash: String,
}

/// The outcome of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChainReport {
    pub entries: usize,
    pub intact: bool,
    /// The first entry that does not fit the chain, and why.
    pub first_broken: Option<BrokenEntry>,
    /// Every entry that does not fit the chain, each checked against the entry stored before
    /// it. So an edit made after an earlier break (one accepted at a restore, say) is still
    /// found.
    pub broken: Vec<BrokenEntry>,
    /// Hash of the last entry: keep it elsewhere to detect removal of the newest entries,
    /// which the chain alone cannot show.
    pub head_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BrokenEntry {
    pub id: i64,
    pub reason: String,
}

/// Appends an entry to the log, chained to the last one. Runs in the caller's transaction,
/// so the entry exists exactly when the edit does.
pub(crate) fn append(
    tx: &Transaction<'_>,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    details: &serde_json::Value,
) -> Result<i64> {
    let last: Option<(i64, String)> = tx
        .prepare_cached("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?;
    let (id, previous_hash) = match last {
        Some((id, hash)) => (id + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let details = details.to_string();
    let hash = entry_hash(&previous_hash, id, at, actor, action, entity, &details);
    tx.prepare_cached(
        "INSERT INTO audit_log (id, at, actor, action, entity, details, previous_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(rusqlite::params![
        id,
        at,
        actor,
        action,
        entity,
        details,
        previous_hash,
        hash
    ])?;
    Ok(id)
}

/// Returns the hash of an entry. Each field is written with its length in front, so moving
/// characters from one field to the next changes the hash.
fn entry_hash(
    previous_hash: &str,
    id: i64,
    at: &str,
    actor: &str,
    action: &str,
    entity: &str,
    details: &str,
) -> String {
    let id = id.to_string();
    let mut hasher = Sha256::new();
    for field in [previous_hash, &id, at, actor, action, entity, details] {
        hasher.update(field.len().to_string().as_bytes());
        hasher.update(b":");
        hasher.update(field.as_bytes());
        hasher.update(b"\n");
    }
    let digest = hasher.finalize();
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Validates an actor name before it goes into the log.
pub(crate) fn check_actor(actor: &str) -> Result<()> {
    if actor.trim().is_empty() || actor.chars().any(char::is_control) {
        return Err(StoreError::InvalidInput(format!(
            "invalid user name {actor:?} for the audit log: give a non-empty name without \
             control characters"
        )));
    }
    Ok(())
}

/// Returns every audit entry of the store open on `conn`, oldest first.
fn entries_of(conn: &Connection) -> Result<Vec<AuditEntry>> {
    let mut statement = conn.prepare(
        "SELECT id, at, actor, action, entity, details, previous_hash, hash
         FROM audit_log ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        Ok(AuditEntry {
            id: row.get(0)?,
            at: row.get(1)?,
            actor: row.get(2)?,
            action: row.get(3)?,
            entity: row.get(4)?,
            details: row.get(5)?,
            previous_hash: row.get(6)?,
            hash: row.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Recomputes the hash chain of the store open on `conn`, such as a backup file about to be
/// restored, and reports the first entry that does not fit it.
pub(crate) fn verify_chain(conn: &Connection) -> Result<ChainReport> {
    let entries = entries_of(conn)?;
    let mut expected_previous = GENESIS_HASH.to_owned();
    let mut expected_id = 1;
    let mut broken = Vec::new();
    for entry in &entries {
        let recomputed = entry_hash(
            &entry.previous_hash,
            entry.id,
            &entry.at,
            &entry.actor,
            &entry.action,
            &entry.entity,
            &entry.details,
        );
        let reason = if entry.id != expected_id {
            Some(format!("expected entry {expected_id} here: an entry was removed"))
        } else if entry.previous_hash != expected_previous {
            Some("its previous hash does not match the entry before it".to_owned())
        } else if entry.hash != recomputed {
            Some("its fields do not match its hash: the row was edited".to_owned())
        } else {
            None
        };
        if let Some(reason) = reason {
            broken.push(BrokenEntry { id: entry.id, reason });
        }

        // The next entry is checked against this one as stored, so one edit or removal is
        // reported once and a later one separately.
        expected_previous = entry.hash.clone();
        expected_id = entry.id + 1;
    }
    let head_hash = entries.last().map_or(GENESIS_HASH.to_owned(), |e| e.hash.clone());
    Ok(ChainReport {
        entries: entries.len(),
        intact: broken.is_empty(),
        first_broken: broken.first().cloned(),
        broken,
        head_hash,
    })
}

impl Store {
    /// Returns every audit entry, oldest first.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>> {
        entries_of(&self.conn)
    }

    /// Recomputes the hash chain and reports every entry that does not fit it.
    pub fn verify_audit(&self) -> Result<ChainReport> {
        verify_chain(&self.conn)
    }

    /// Writes the audit log as CSV (RFC 4180, with a header row) and returns the number of
    /// entries written.
    pub fn export_audit_csv(&self, out: &mut dyn Write) -> Result<usize> {
        let entries = self.audit_entries()?;
        let io = |source| StoreError::Io { path: "audit export".into(), source };
        write!(out, "id,at,actor,action,entity,details,previous_hash,hash\r\n").map_err(io)?;
        for entry in &entries {
            let fields = [
                entry.id.to_string(),
                entry.at.clone(),
                entry.actor.clone(),
                entry.action.clone(),
                entry.entity.clone(),
                entry.details.clone(),
                entry.previous_hash.clone(),
                entry.hash.clone(),
            ];
            let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
            write!(out, "{}\r\n", line.join(",")).map_err(io)?;
        }
        Ok(entries.len())
    }
}

/// Quotes a CSV field when it contains a comma, a quote or a line break, doubling its quotes.
fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}
