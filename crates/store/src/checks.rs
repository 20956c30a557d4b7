//! Check results: the snapshots of every fetch, the outcome of each check, the versions it
//! recorded and the health of the source, written together.
//!
//! [`Store::record_check`] is the one write path of a live check. It runs in one transaction:
//! the snapshots and their bodies, the check row, a new version through the same insertion and
//! analysis as [`Store::add_versions`], the version's links to its snapshots, and the source's
//! schedule and health. A process killed at any point leaves the check fully recorded or not
//! at all. The reads here give the check pass what it compares against. A new outcome goes
//! into [`CheckOutcome`] and the `checks.outcome` constraint of the migration.

use std::io::{Read, Write};

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::Serialize;
use tracing::info;

use clausewatch_analysis::SeverityLevel;
use clausewatch_core::diff::{DiffOp, DiffSegment};

use crate::analysis::text_hash;
use crate::ingest::{NewVersion, REEXTRACT_ORIGIN, insert_versions};
use crate::prepared::PreparedVersion;
use crate::sources::Source;
use crate::time::{format_time, parse_time};
use crate::{Result, Store, StoreError};

/// Exactly what one fetch of one page served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSnapshot {
    /// Position of the page among the source's pages.
    pub page: usize,
    pub url: String,
    pub final_url: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Lower-case hex SHA-256 of `body`.
    pub body_sha256: String,
    pub fetched_at: DateTime<Utc>,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CheckOutcome {
    /// A new text, recorded as a version. `major` when it dropped more than half the clauses
    /// and a second fetch agreed.
    Changed { content: String, major: bool },
    /// The same text as the latest version; `text_sha256` is `None` when nothing was extracted
    /// because the server answered 304 or served the same bytes as before.
    Unchanged { text_sha256: Option<String> },
    /// The page flipped back to a text recorded in a recent check: kept as evidence, no version.
    Alternating { text_sha256: String },
    /// No version: the reason names the page and the guard.
    Failed { reason: String },
    /// Stored snapshots extracted again under new rules; recorded with origin "reextract" and
    /// never notified.
    Reextracted { content: String, snapshot_ids: Vec<i64> },
}

/// A check to record.
#[derive(Debug, Clone)]
pub struct NewCheck<'a> {
    pub source: &'a Source,
    pub checked_at: DateTime<Utc>,
    pub snapshots: Vec<NewSnapshot>,
    pub outcome: CheckOutcome,
    /// When the source is due again; `None` leaves the schedule as it is (re-extraction).
    pub next_check_at: Option<DateTime<Utc>>,
    /// Consecutive failures after which the source needs attention.
    pub failure_threshold: u32,
    /// The analysis of a changed text, worked out before the write; the transaction works out
    /// whatever this does not cover.
    pub prepared: Option<PreparedVersion>,
}

/// What recording a check did, with what a notification needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckRecord {
    pub check_id: i64,
    pub platform: String,
    pub document: String,
    pub outcome: &'static str,
    pub version_id: Option<i64>,
    /// True when the recorded version is the document's first, so it has no changes.
    pub first_version: bool,
    pub major: bool,
    pub substantive_changes: usize,
    pub non_substantive_changes: usize,
    /// Summary of the most severe substantive change (the one that altered the most words
    /// among equals), else of the most severe change.
    pub top_change: Option<String>,
    /// Severity of that change: none, low, medium, high or critical; `None` when it was not
    /// rated.
    pub top_severity: Option<String>,
    pub reason: Option<String>,
    pub consecutive_failures: u32,
    /// True only on the check that made the source need attention.
    pub attention_raised: bool,
    /// True only on the check that first saw the page alternate.
    pub alternating_raised: bool,
}

/// A stored snapshot of a page, without its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSnapshot {
    pub id: i64,
    pub page: usize,
    pub url: String,
    pub final_url: String,
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub content_type: Option<String>,
    pub body_sha256: String,
    pub fetched_at: String,
}

impl StoredSnapshot {
    /// Returns the value of a kept header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

/// The latest check that fetched every page successfully, which later checks compare with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LastFetch {
    pub check_id: i64,
    pub rules_sha256: String,
    pub text_sha256: Option<String>,
    /// True when that check recorded a text that dropped most clauses, confirmed by a second
    /// fetch.
    pub major: bool,
    /// One snapshot per page, in page order.
    pub snapshots: Vec<StoredSnapshot>,
}

impl Store {
    /// Records a check in one transaction; see the module documentation.
    pub fn record_check(&mut self, check: NewCheck<'_>) -> Result<CheckRecord> {
        let source = check.source;
        let checked_at = format_time(check.checked_at);
        let (mut outcome, reason, text_sha256, major) = outcome_columns(&check.outcome);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;

        // A check fetched with the rules it started with. When the source was edited or removed
        // since, its result does not describe the source as it is now.
        let current_rules: Option<String> = tx
            .prepare_cached("SELECT rules_sha256 FROM sources WHERE id = ?1")?
            .query_row([source.id], |row| row.get(0))
            .optional()?;
        if current_rules.as_deref() != Some(source.rules_sha256.as_str()) {
            tracing::warn!(source = source.id, "source changed during its check; result discarded");
            return Err(StoreError::SourceChanged {
                platform: source.platform.clone(),
                document: source.document.clone(),
            });
        }

        // Another process (a second `check`, the app's watcher) may have recorded the same
        // text since this check compared it with the latest version. Then it is unchanged.
        let mut already_recorded = false;
        let mut first_version = false;
        if outcome == "changed" {
            let latest: Option<String> = tx
                .prepare_cached(
                    "SELECT sha256 FROM versions WHERE document_id = ?1
                     ORDER BY recorded_at DESC, id DESC LIMIT 1",
                )?
                .query_row([source.document_id], |row| row.get(0))
                .optional()?;
            if latest.is_some() && latest == text_sha256 {
                outcome = "unchanged";
                already_recorded = true;
            }
            first_version = latest.is_none();
        }

        tx.prepare_cached(
            "INSERT INTO checks (document_id, checked_at, outcome, reason, text_sha256,
                 rules_sha256, major)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?
        .execute(params![
            source.document_id,
            checked_at,
            outcome,
            reason,
            text_sha256,
            source.rules_sha256,
            major
        ])?;
        let check_id = tx.last_insert_rowid();
        let mut snapshot_ids = insert_snapshots(&tx, check_id, &check.snapshots)?;

        let mut record = CheckRecord {
            check_id,
            platform: source.platform.clone(),
            document: source.document.clone(),
            outcome,
            version_id: None,
            first_version,
            major,
            substantive_changes: 0,
            non_substantive_changes: 0,
            top_change: None,
            top_severity: None,
            reason: reason.clone(),
            consecutive_failures: 0,
            attention_raised: false,
            alternating_raised: false,
        };

        let new_text = match &check.outcome {
            CheckOutcome::Changed { .. } if already_recorded => None,
            CheckOutcome::Changed { content, .. } => Some((content, "fetch")),
            CheckOutcome::Reextracted { content, snapshot_ids: reused } => {
                snapshot_ids.clone_from(reused);
                Some((content, REEXTRACT_ORIGIN))
            }
            _ => None,
        };
        if let Some((content, origin)) = new_text {
            let recorded_at =
                recording_time(&tx, &source.platform, &source.document, check.checked_at)?;
            let version = NewVersion {
                recorded_at,
                content: content.clone(),
                origin: origin.to_owned(),
                origin_detail: origin_detail(source),
            };
            let inserted = insert_versions(
                &tx,
                &source.platform,
                &source.document,
                &[version],
                check.checked_at,
                check.prepared.as_ref(),
            )?;
            if let Some(&version_id) = inserted.version_ids.first() {
                link_version(&tx, check_id, version_id, &snapshot_ids)?;
                record.version_id = Some(version_id);
                summarize_changes(&tx, version_id, &mut record)?;
            }
        }

        if let Some(next) = check.next_check_at {
            update_state(&tx, &check, &checked_at, format_time(next), &mut record)?;
        }
        tx.commit()?;

        info!(
            platform = %record.platform,
            document = %record.document,
            check = check_id,
            outcome,
            version = ?record.version_id,
            "check recorded"
        );
        Ok(record)
    }

    /// Returns the latest check of a document that fetched every page with a 2xx status.
    pub fn last_fetch(&self, document_id: i64) -> Result<Option<LastFetch>> {
        let row: Option<(i64, String, Option<String>, bool)> = self
            .conn
            .prepare_cached(
                "SELECT c.id, c.rules_sha256, c.text_sha256, c.major FROM checks c
                 WHERE c.document_id = ?1
                   AND c.outcome IN ('changed', 'unchanged', 'alternating')
                   AND EXISTS (SELECT 1 FROM snapshots s WHERE s.check_id = c.id)
                   AND NOT EXISTS (SELECT 1 FROM snapshots s
                                   WHERE s.check_id = c.id AND s.status NOT BETWEEN 200 AND 299)
                 ORDER BY c.id DESC LIMIT 1",
            )?
            .query_row([document_id], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
            })
            .optional()?;
        let Some((check_id, rules_sha256, text_sha256, major)) = row else {
            return Ok(None);
        };
        let snapshots = self.check_snapshots(check_id)?;
        Ok(Some(LastFetch { check_id, rules_sha256, text_sha256, major, snapshots }))
    }

    /// Returns the snapshots of a check, in page order.
    pub fn check_snapshots(&self, check_id: i64) -> Result<Vec<StoredSnapshot>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT id, page, url, final_url, status, headers, content_type, body_sha256,
                 fetched_at
             FROM snapshots WHERE check_id = ?1 ORDER BY page",
        )?;
        let rows = statement.query_map([check_id], |row| {
            let headers: String = row.get(5)?;
            let page: i64 = row.get(1)?;
            Ok(StoredSnapshot {
                id: row.get(0)?,
                page: usize::try_from(page).unwrap_or_default(),
                url: row.get(2)?,
                final_url: row.get(3)?,
                status: row.get(4)?,
                headers: serde_json::from_str(&headers).unwrap_or_default(),
                content_type: row.get(6)?,
                body_sha256: row.get(7)?,
                fetched_at: row.get(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the snapshots a version was extracted from, in page order.
    pub fn version_snapshots(&self, version_id: i64) -> Result<Vec<StoredSnapshot>> {
        let check_ids: Vec<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT DISTINCT s.check_id FROM version_snapshots vs
                 JOIN snapshots s ON s.id = vs.snapshot_id WHERE vs.version_id = ?1",
            )?;
            statement.query_map([version_id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let linked: Vec<i64> = {
            let mut statement = self.conn.prepare_cached(
                "SELECT snapshot_id FROM version_snapshots WHERE version_id = ?1",
            )?;
            statement.query_map([version_id], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        let mut snapshots = Vec::new();
        for check_id in check_ids {
            snapshots.extend(
                self.check_snapshots(check_id)?
                    .into_iter()
                    .filter(|snapshot| linked.contains(&snapshot.id)),
            );
        }
        snapshots.sort_by_key(|snapshot| snapshot.page);
        Ok(snapshots)
    }

    /// Returns the decompressed body stored under a SHA-256.
    pub fn snapshot_body(&self, body_sha256: &str) -> Result<Vec<u8>> {
        let gzip: Vec<u8> = self
            .conn
            .prepare_cached("SELECT gzip FROM snapshot_bodies WHERE sha256 = ?1")?
            .query_row([body_sha256], |row| row.get(0))
            .optional()?
            .ok_or_else(|| {
                StoreError::NotFound(format!("no snapshot body with SHA-256 {body_sha256}"))
            })?;
        let mut body = Vec::new();
        GzDecoder::new(gzip.as_slice()).read_to_end(&mut body).map_err(|error| {
            StoreError::InvalidInput(format!(
                "snapshot body {body_sha256} is not valid gzip ({error}); the database file is \
                 damaged, restore it from a backup"
            ))
        })?;
        Ok(body)
    }

    /// Returns the text hashes of the latest `limit` checks of a document that extracted a
    /// text, newest first.
    pub fn recent_text_hashes(&self, document_id: i64, limit: usize) -> Result<Vec<String>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT text_sha256 FROM checks
             WHERE document_id = ?1 AND text_sha256 IS NOT NULL
             ORDER BY id DESC LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![document_id, limit], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the SHA-256 of the latest version of a document, read without its text.
    pub fn latest_version_sha256(&self, document_id: i64) -> Result<Option<String>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT sha256 FROM versions WHERE document_id = ?1
                 ORDER BY recorded_at DESC LIMIT 1",
            )?
            .query_row([document_id], |row| row.get(0))
            .optional()?)
    }

    /// Returns the id, SHA-256 and text of the latest version of a document.
    pub fn latest_version(&self, document_id: i64) -> Result<Option<(i64, String, String)>> {
        Ok(self
            .conn
            .prepare_cached(
                "SELECT id, sha256, content FROM versions WHERE document_id = ?1
                 ORDER BY recorded_at DESC LIMIT 1",
            )?
            .query_row([document_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .optional()?)
    }
}

fn outcome_columns(outcome: &CheckOutcome) -> (&'static str, Option<String>, Option<String>, bool) {
    match outcome {
        CheckOutcome::Changed { content, major } => {
            ("changed", None, Some(text_hash(content)), *major)
        }
        CheckOutcome::Unchanged { text_sha256 } => ("unchanged", None, text_sha256.clone(), false),
        CheckOutcome::Alternating { text_sha256 } => {
            ("alternating", None, Some(text_sha256.clone()), false)
        }
        CheckOutcome::Failed { reason } => ("failed", Some(reason.clone()), None, false),
        CheckOutcome::Reextracted { content, .. } => {
            ("reextracted", None, Some(text_hash(content)), false)
        }
    }
}

fn insert_snapshots(
    tx: &Transaction<'_>,
    check_id: i64,
    snapshots: &[NewSnapshot],
) -> Result<Vec<i64>> {
    let mut ids = Vec::with_capacity(snapshots.len());
    for snapshot in snapshots {
        let known: bool = tx
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM snapshot_bodies WHERE sha256 = ?1)")?
            .query_row([&snapshot.body_sha256], |row| row.get(0))?;
        // Compressing only unseen bodies keeps a check of an unchanged page cheap.
        if !known {
            tx.prepare_cached(
                "INSERT INTO snapshot_bodies (sha256, size, gzip) VALUES (?1, ?2, ?3)",
            )?
            .execute(params![
                snapshot.body_sha256,
                i64::try_from(snapshot.body.len()).unwrap_or(i64::MAX),
                gzip(&snapshot.body)
            ])?;
        }

        let headers = serde_json::to_string(&snapshot.headers).unwrap_or_else(|_| "[]".into());
        tx.prepare_cached(
            "INSERT INTO snapshots (check_id, page, url, final_url, status, headers,
                 content_type, body_sha256, fetched_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            check_id,
            i64::try_from(snapshot.page).unwrap_or(i64::MAX),
            snapshot.url,
            snapshot.final_url,
            snapshot.status,
            headers,
            snapshot.content_type,
            snapshot.body_sha256,
            format_time(snapshot.fetched_at)
        ])?;
        ids.push(tx.last_insert_rowid());
    }
    Ok(ids)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    encoder.write_all(bytes).expect("writing to a Vec cannot fail");
    encoder.finish().expect("writing to a Vec cannot fail")
}

fn origin_detail(source: &Source) -> String {
    let urls: Vec<&str> = source.pages.iter().map(|page| page.url.as_str()).collect();
    urls.join(" + ")
}

/// Returns the recorded-at time of a version found by a check at `checked_at`: that time, or
/// one second after the document's newest version when that one is as late or later. Stored
/// times have second precision, so two checks in one second (or a clock set back) would
/// otherwise give two texts the same or a backward time. The fetch time itself stays on the
/// check and its snapshots.
fn recording_time(
    tx: &Transaction<'_>,
    platform: &str,
    document: &str,
    checked_at: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let newest: Option<String> = tx
        .prepare_cached(
            "SELECT max(v.recorded_at) FROM versions v
         JOIN documents d ON d.id = v.document_id
         JOIN platforms p ON p.id = d.platform_id
         WHERE p.name = ?1 AND d.doc_type = ?2",
        )?
        .query_row(params![platform, document], |row| row.get(0))?;
    let checked_at = parse_time(&format_time(checked_at)).unwrap_or(checked_at);
    let after_newest =
        newest.as_deref().and_then(parse_time).map(|newest| newest + chrono::Duration::seconds(1));
    Ok(match after_newest {
        Some(after) if after > checked_at => after,
        _ => checked_at,
    })
}

fn link_version(
    tx: &Transaction<'_>,
    check_id: i64,
    version_id: i64,
    snapshot_ids: &[i64],
) -> Result<()> {
    tx.prepare_cached("UPDATE checks SET version_id = ?2 WHERE id = ?1")?
        .execute(params![check_id, version_id])?;
    for snapshot_id in snapshot_ids {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO version_snapshots (version_id, snapshot_id) VALUES (?1, ?2)",
        )?
        .execute(params![version_id, snapshot_id])?;
    }
    Ok(())
}

/// Counts the change records of a new version and picks the one to show first: the most
/// severe substantive change, and among equally severe ones the one that altered the most
/// words. Its summary is the analysed one when the change was rated.
fn summarize_changes(
    tx: &Transaction<'_>,
    version_id: i64,
    record: &mut CheckRecord,
) -> Result<()> {
    let mut statement = tx.prepare_cached(
        "SELECT c.substantive, c.diff, c.summary, a.severity, a.summary
         FROM changes c
         LEFT JOIN change_analysis a
             ON a.version_id = c.version_id AND a.lineage_id = c.lineage_id
         WHERE c.version_id = ?1 ORDER BY c.position",
    )?;
    let rows = statement.query_map([version_id], |row| {
        Ok((
            row.get::<_, bool>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, Option<String>>(3)?,
            row.get::<_, Option<String>>(4)?,
        ))
    })?;

    let mut best: Option<(ChangeRank, String, Option<String>)> = None;
    for row in rows {
        let (substantive, diff, summary, severity, analysed_summary) = row?;
        if substantive {
            record.substantive_changes += 1;
        } else {
            record.non_substantive_changes += 1;
        }
        let rank = (substantive, severity_level(severity.as_deref()), changed_words(&diff));
        if best.as_ref().is_none_or(|(best_rank, _, _)| rank > *best_rank) {
            best = Some((rank, analysed_summary.unwrap_or(summary), severity));
        }
    }
    if let Some((_, summary, severity)) = best {
        record.top_change = Some(summary);
        record.top_severity = severity;
    }
    Ok(())
}

/// Orders change records for notification: substantive first, then by severity, then by the
/// number of words changed.
type ChangeRank = (bool, Option<SeverityLevel>, usize);

/// Parses a stored severity name; an unrated change or an unknown name is `None`, which orders
/// below every level.
fn severity_level(name: Option<&str>) -> Option<SeverityLevel> {
    serde_json::from_value(serde_json::Value::String(name?.to_owned())).ok()
}

fn changed_words(diff: &str) -> usize {
    let segments: Vec<DiffSegment> = serde_json::from_str(diff).unwrap_or_default();
    segments
        .iter()
        .filter(|segment| segment.op != DiffOp::Equal)
        .map(|segment| segment.text.split_whitespace().count())
        .sum()
}

fn update_state(
    tx: &Transaction<'_>,
    check: &NewCheck<'_>,
    checked_at: &str,
    next_check_at: String,
    record: &mut CheckRecord,
) -> Result<()> {
    let source_id = check.source.id;
    let (failures, attention, alternating): (i64, bool, bool) = tx
        .prepare_cached(
            "SELECT consecutive_failures, needs_attention, alternating FROM source_state
         WHERE source_id = ?1",
        )?
        .query_row([source_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;

    match &check.outcome {
        CheckOutcome::Failed { reason } => {
            let failures = failures + 1;
            let threshold = i64::from(check.failure_threshold.max(1));
            record.attention_raised = !attention && failures >= threshold;
            record.consecutive_failures = u32::try_from(failures).unwrap_or(u32::MAX);
            tx.prepare_cached(
                "UPDATE source_state SET next_check_at = ?2, last_checked_at = ?3,
                     last_error = ?4, consecutive_failures = ?5,
                     needs_attention = needs_attention OR ?6
                 WHERE source_id = ?1",
            )?
            .execute(params![
                source_id,
                next_check_at,
                checked_at,
                reason,
                failures,
                record.attention_raised
            ])?;
        }
        outcome => {
            // The record's outcome, which is "unchanged" for a text recorded meanwhile.
            let changed = record.outcome == "changed";
            let flips = matches!(outcome, CheckOutcome::Alternating { .. });
            record.alternating_raised = flips && !alternating;
            // A new text ends the alternation; a flip back sets it; anything else keeps it.
            let alternating_now = if changed { false } else { alternating || flips };
            tx.prepare_cached(
                "UPDATE source_state SET next_check_at = ?2, last_checked_at = ?3,
                     last_changed_at = CASE WHEN ?4 THEN ?3 ELSE last_changed_at END,
                     last_error = NULL, consecutive_failures = 0, needs_attention = 0,
                     alternating = ?5
                 WHERE source_id = ?1",
            )?
            .execute(params![
                source_id,
                next_check_at,
                checked_at,
                changed,
                alternating_now
            ])?;
        }
    }
    Ok(())
}
