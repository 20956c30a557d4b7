//! Adding versions of a document: the one write path for imports and, later, live checks.
//!
//! [`Store::add_versions`] stores new versions and analyses them in a single transaction, so a
//! version never exists without its clauses and change records. Re-adding a version already
//! stored (same document, same recorded-at time, same text) adds nothing; the same time with
//! a different text is rejected, because the archive never rewrites a version.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use tracing::info;

use crate::analysis::{Scope, analyze_document, analyze_prepared};
use crate::names::{canonical_name, find_document, find_platform, has_hidden_characters};
use crate::prepared::PreparedVersion;
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// The origin of a version that re-extraction under new rules recorded. Its change records
/// are technical: the platform did not change the text.
pub const REEXTRACT_ORIGIN: &str = "reextract";

/// A version to add.
#[derive(Debug, Clone)]
pub struct NewVersion {
    pub recorded_at: DateTime<Utc>,
    pub content: String,
    /// "import", "fetch" or "reextract".
    pub origin: String,
    /// The file path or URL the text came from.
    pub origin_detail: String,
}

/// Outcome of adding versions to one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IngestReport {
    pub platform: String,
    pub document: String,
    /// Recorded-at times of the versions added.
    pub added: Vec<String>,
    /// Versions already stored with the same text.
    pub unchanged: usize,
    /// Review states that moved with their change to a version added in between.
    pub reviews_moved: usize,
    /// Review states removed because the change they reviewed no longer exists; the audit log
    /// keeps them.
    pub reviews_removed: usize,
}

impl Store {
    /// Stores new versions of a document, creating the platform and document when needed, and
    /// analyses them, all in one transaction.
    pub fn add_versions(
        &mut self,
        platform: &str,
        document: &str,
        mut versions: Vec<NewVersion>,
        now: DateTime<Utc>,
    ) -> Result<IngestReport> {
        versions.sort_by_key(|version| version.recorded_at);
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let inserted = insert_versions(&tx, platform, document, &versions, now, None)?;
        tx.commit()?;

        let report = inserted.report;
        info!(
            platform = %report.platform,
            document = %report.document,
            added = report.added.len(),
            unchanged = report.unchanged,
            "versions stored"
        );
        Ok(report)
    }

    /// Recomputes clauses, lineages and change records of every document, keeping lineage
    /// ids. Each document is one transaction. Returns the number of documents analysed.
    pub fn reanalyze_all(&mut self) -> Result<usize> {
        let ids: Vec<i64> = {
            let mut statement = self.conn.prepare("SELECT id FROM documents ORDER BY id")?;
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        for document_id in &ids {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            analyze_document(&tx, *document_id, Scope::All)?;
            tx.commit()?;
        }
        info!(documents = ids.len(), "analysis recomputed");
        Ok(ids.len())
    }
}

/// What [`insert_versions`] wrote.
pub(crate) struct Inserted {
    pub report: IngestReport,
    /// Ids of the versions added, in recorded order.
    pub version_ids: Vec<i64>,
}

/// Stores new versions of a document inside the caller's transaction, creating the platform
/// and document when needed, and analyses them. `versions` must be sorted by recorded-at time.
pub(crate) fn insert_versions(
    tx: &Transaction<'_>,
    platform: &str,
    document: &str,
    versions: &[NewVersion],
    now: DateTime<Utc>,
    prepared: Option<&PreparedVersion>,
) -> Result<Inserted> {
    let now = format_time(now);
    let mut version_ids = Vec::new();

    let (document_id, platform_name, document_name) =
        ensure_document(tx, platform, document, &now)?;

    let mut report = IngestReport {
        platform: platform_name,
        document: document_name,
        added: Vec::new(),
        unchanged: 0,
        reviews_moved: 0,
        reviews_removed: 0,
    };
    for version in versions {
        if version.content.trim().is_empty() {
            return Err(StoreError::InvalidInput(format!(
                "{} has no text; an empty extraction is never stored as a version",
                version.origin_detail
            )));
        }
        let recorded_at = format_time(version.recorded_at);
        let sha256 = hex_digest(&version.content);
        let stored: Option<String> = tx
            .prepare_cached(
                "SELECT sha256 FROM versions WHERE document_id = ?1 AND recorded_at = ?2",
            )?
            .query_row(params![document_id, recorded_at], |row| row.get(0))
            .optional()?;
        match stored {
            Some(existing) if existing == sha256 => report.unchanged += 1,
            Some(_) => {
                return Err(StoreError::InvalidInput(format!(
                    "{}: {} {} already has a version recorded at {recorded_at} with a \
                     different text; stored versions are never rewritten, so give this \
                     text another recorded-at time or import it into another data directory",
                    version.origin_detail, report.platform, report.document
                )));
            }
            None => {
                tx.prepare_cached(
                    "INSERT INTO versions (document_id, recorded_at, sha256, content, origin,
                         origin_detail, created_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )?
                .execute(params![
                    document_id,
                    recorded_at,
                    sha256,
                    version.content,
                    version.origin,
                    version.origin_detail,
                    now
                ])?;
                version_ids.push(tx.last_insert_rowid());
                report.added.push(recorded_at);
            }
        }
    }

    if let Some(first) = report.added.first() {
        let followed = analyze_prepared(tx, document_id, Scope::From(first), prepared)?;
        report.reviews_moved = followed.moved;
        report.reviews_removed = followed.removed;
    }
    Ok(Inserted { report, version_ids })
}

/// Returns the id and stored names of a document, creating it and its platform when needed.
pub(crate) fn ensure_document(
    tx: &Transaction<'_>,
    platform: &str,
    document: &str,
    now: &str,
) -> Result<(i64, String, String)> {
    validate_name("platform", platform)?;
    validate_name("document", document)?;
    let (platform, document) = (canonical_name(platform), canonical_name(document));

    // A name already stored in another case (also beyond ASCII) is that platform or document.
    let (platform_id, platform_name) = match find_platform(tx, &platform)? {
        Some(found) => found,
        None => {
            tx.prepare_cached("INSERT INTO platforms (name, created_at) VALUES (?1, ?2)")?
                .execute(params![platform, now])?;
            (tx.last_insert_rowid(), platform)
        }
    };
    let (document_id, document_name) = match find_document(tx, platform_id, &document)? {
        Some(found) => found,
        None => {
            tx.prepare_cached(
                "INSERT INTO documents (platform_id, doc_type, created_at) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![platform_id, document, now])?;
            (tx.last_insert_rowid(), document)
        }
    };
    Ok((document_id, platform_name, document_name))
}

/// The maximum length of a platform or document name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// Returns an error unless `name` is a usable platform or document name: not empty, at most
/// [`MAX_NAME_CHARS`] characters, and free of control and invisible formatting characters
/// (zero-width spaces, direction overrides), which would let two names look the same.
pub fn validate_name(what: &str, name: &str) -> Result<()> {
    if name.trim().is_empty() || has_hidden_characters(name) {
        return Err(StoreError::InvalidInput(format!(
            "invalid {what} name {name:?}: give a non-empty name without control or invisible \
             formatting characters"
        )));
    }
    let length = name.chars().count();
    if length > MAX_NAME_CHARS {
        return Err(StoreError::InvalidInput(format!(
            "invalid {what} name of {length} characters: give at most {MAX_NAME_CHARS}"
        )));
    }
    Ok(())
}

/// Returns the SHA-256 of a text as lower-case hex.
pub fn hex_digest(text: &str) -> String {
    crate::analysis::text_hash(text)
}
