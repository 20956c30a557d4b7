//! Sources: how each document is fetched, and the schedule and health of its checks.
//!
//! A source holds the pages of one document with their select and remove rules in the Open
//! Terms Archive declaration format; the store keeps the rules as JSON and never interprets
//! them (the watcher does). [`Store::put_source`] adds or replaces a source and says whether
//! its rules changed, which is when stored snapshots are extracted again. Check results are
//! written by [`crate::checks`]. A new per-source setting goes into `sources` and
//! [`NewSource`]; a new health figure into `source_state` and [`SourceStatus`]. Adding,
//! changing and removing a source are entries of the audit log, since they decide what is
//! watched.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use tracing::info;

use crate::analysis::text_hash;
use crate::audit::{append, check_actor};
use crate::ingest::ensure_document;
use crate::names::canonical_name;
use crate::time::{format_time, parse_time};
use crate::{Result, Store, StoreError};

/// Checks of a source run this often unless it says otherwise: six hours.
pub const DEFAULT_INTERVAL_SECONDS: i64 = 6 * 60 * 60;

/// One page of a document's source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcePage {
    pub url: String,
    /// Parts holding the text: CSS selector strings or range objects, as declarations write
    /// them. Empty means the whole body.
    #[serde(default)]
    pub select: Vec<serde_json::Value>,
    /// Parts removed before selection, in the same format.
    #[serde(default)]
    pub remove: Vec<serde_json::Value>,
    /// Named filters to apply, in order.
    #[serde(default)]
    pub filters: Vec<String>,
    #[serde(default)]
    pub execute_client_scripts: bool,
}

/// A source to add or replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSource {
    pub platform: String,
    pub document: String,
    /// The pages, combined in this order.
    pub pages: Vec<SourcePage>,
    pub interval_seconds: i64,
    /// "cli", or the declaration file the source was imported from.
    pub origin: String,
}

/// What [`Store::put_source`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "snake_case")]
pub enum SourceUpdate {
    Created,
    /// The same pages, rules and interval were already stored.
    Unchanged,
    /// The same pages and rules, checked at another interval from now on.
    IntervalChanged,
    /// The pages or rules differ from the stored ones: earlier snapshots need re-extraction.
    RulesChanged,
}

/// A stored source, as the check pass needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub id: i64,
    pub document_id: i64,
    pub platform: String,
    pub document: String,
    pub pages: Vec<SourcePage>,
    /// SHA-256 of the stored pages JSON; checks record it to tell which rules they used.
    pub rules_sha256: String,
    pub interval_seconds: i64,
}

/// A source with its schedule and health, for listings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStatus {
    pub platform: String,
    pub document: String,
    pub urls: Vec<String>,
    pub interval_seconds: i64,
    pub origin: String,
    pub next_check_at: String,
    pub last_checked_at: Option<String>,
    pub last_changed_at: Option<String>,
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub needs_attention: bool,
    pub alternating: bool,
}

const SOURCE_COLUMNS: &str = "s.id, s.document_id, p.name, d.doc_type, s.pages, s.rules_sha256,
    s.interval_seconds";

const SOURCE_JOINS: &str = "FROM sources s
    JOIN documents d ON d.id = s.document_id
    JOIN platforms p ON p.id = d.platform_id";

impl Store {
    /// Adds the source of a document, or replaces its pages, rules and interval, creating the
    /// platform and document when needed, and logs what `actor` changed. A new source is due
    /// at once.
    pub fn put_source(
        &mut self,
        source: &NewSource,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(i64, SourceUpdate)> {
        validate_source(source)?;
        check_actor(actor)?;
        let pages = serde_json::to_string(&source.pages).map_err(|error| {
            StoreError::InvalidInput(format!("pages of the source cannot be stored: {error}"))
        })?;
        let rules_sha256 = text_hash(&pages);
        let checked_from = now;
        let now = format_time(now);

        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let (document_id, platform, document) =
            ensure_document(&tx, &source.platform, &source.document, &now)?;
        let stored: Option<(i64, String, i64, String)> = tx
            .query_row(
                "SELECT id, rules_sha256, interval_seconds, pages FROM sources
                 WHERE document_id = ?1",
                [document_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .optional()?;

        let (id, update) = match stored {
            None => {
                tx.execute(
                    "INSERT INTO sources (document_id, pages, rules_sha256, interval_seconds,
                         origin, created_at, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                    params![
                        document_id,
                        pages,
                        rules_sha256,
                        source.interval_seconds,
                        source.origin,
                        now
                    ],
                )?;
                let id = tx.last_insert_rowid();
                tx.execute(
                    "INSERT INTO source_state (source_id, next_check_at) VALUES (?1, ?2)",
                    params![id, now],
                )?;
                (id, SourceUpdate::Created)
            }
            Some((id, stored_rules, stored_interval, stored_pages)) => {
                tx.execute(
                    "UPDATE sources SET pages = ?2, rules_sha256 = ?3, interval_seconds = ?4,
                         origin = ?5, updated_at = ?6
                     WHERE id = ?1",
                    params![id, pages, rules_sha256, source.interval_seconds, source.origin, now],
                )?;
                // Stored snapshots cannot show a page at a new address, so it is fetched at
                // the next pass instead of a whole interval later. Failures at the old address
                // are no evidence about the new one, so their count starts again.
                if page_urls(&stored_pages) != page_urls(&pages) {
                    tx.execute(
                        "UPDATE source_state SET next_check_at = ?2, consecutive_failures = 0,
                             needs_attention = 0
                         WHERE source_id = ?1",
                        params![id, now],
                    )?;
                }
                // A shorter interval counts from the last check, not from the next one.
                if source.interval_seconds < stored_interval {
                    bring_next_check_forward(&tx, id, source.interval_seconds, checked_from)?;
                }
                let update = if stored_rules != rules_sha256 {
                    SourceUpdate::RulesChanged
                } else if stored_interval != source.interval_seconds {
                    SourceUpdate::IntervalChanged
                } else {
                    SourceUpdate::Unchanged
                };
                (id, update)
            }
        };
        let action = match update {
            SourceUpdate::Created => Some("sources.add"),
            SourceUpdate::RulesChanged | SourceUpdate::IntervalChanged => Some("sources.update"),
            SourceUpdate::Unchanged => None,
        };
        if let Some(action) = action {
            let details = serde_json::json!({
                "platform": platform,
                "document": document,
                "pages": source.pages,
                "interval_seconds": source.interval_seconds,
                "origin": source.origin,
            });
            append(&tx, &now, actor, action, "sources", &details)?;
        }
        tx.commit()?;

        info!(%platform, %document, source = id, ?update, "source stored");
        Ok((id, update))
    }

    /// Removes the source of a document and logs that `actor` removed it. Its checks,
    /// snapshots and versions stay.
    pub fn remove_source(
        &mut self,
        platform: &str,
        document: &str,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        check_actor(actor)?;
        let document = self.resolve_document(platform, document)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let pages: Option<String> = tx
            .query_row(
                "DELETE FROM sources WHERE document_id = ?1 RETURNING pages",
                [document.id],
                |row| row.get(0),
            )
            .optional()?;
        let Some(pages) = pages else {
            return Err(StoreError::NotFound(format!(
                "{} {} has no source; `clausewatch sources` lists the documents that have one",
                document.platform, document.document
            )));
        };
        let details = serde_json::json!({
            "platform": document.platform,
            "document": document.document,
            "pages": serde_json::from_str::<serde_json::Value>(&pages)
                .unwrap_or(serde_json::Value::String(pages)),
        });
        append(&tx, &format_time(now), actor, "sources.remove", "sources", &details)?;
        tx.commit()?;
        info!(platform = %document.platform, document = %document.document, "source removed");
        Ok(())
    }

    /// Returns every source with its schedule and health, by platform and document.
    pub fn source_statuses(&self) -> Result<Vec<SourceStatus>> {
        let mut statement = self.conn.prepare(
            "SELECT p.name, d.doc_type, s.pages, s.interval_seconds, s.origin,
                 st.next_check_at, st.last_checked_at, st.last_changed_at, st.last_error,
                 st.consecutive_failures, st.needs_attention, st.alternating
             FROM sources s
             JOIN source_state st ON st.source_id = s.id
             JOIN documents d ON d.id = s.document_id
             JOIN platforms p ON p.id = d.platform_id
             ORDER BY p.name, d.doc_type",
        )?;
        let rows = statement.query_map([], |row| {
            let pages: String = row.get(2)?;
            let failures: i64 = row.get(9)?;
            Ok(SourceStatus {
                platform: row.get(0)?,
                document: row.get(1)?,
                urls: parse_pages(&pages)?.into_iter().map(|page| page.url).collect(),
                interval_seconds: row.get(3)?,
                origin: row.get(4)?,
                next_check_at: row.get(5)?,
                last_checked_at: row.get(6)?,
                last_changed_at: row.get(7)?,
                last_error: row.get(8)?,
                consecutive_failures: u32::try_from(failures).unwrap_or(u32::MAX),
                needs_attention: row.get(10)?,
                alternating: row.get(11)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the sources of one platform, of one document, or all of them when both are
    /// `None`. A name that matches no source is an error naming the sources that exist.
    pub fn sources_matching(
        &self,
        platform: Option<&str>,
        document: Option<&str>,
    ) -> Result<Vec<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} {SOURCE_JOINS}
             WHERE (?1 IS NULL OR p.name = ?1) AND (?2 IS NULL OR d.doc_type = ?2)
             ORDER BY p.name, d.doc_type"
        );
        // The platform is matched as stored, so that a name in another case finds it.
        let stored_platform = match platform {
            Some(name) => Some(self.platform_name(name)?.unwrap_or_else(|| canonical_name(name))),
            None => None,
        };
        let mut statement = self.conn.prepare(&sql)?;
        let sources: Vec<Source> = statement
            .query_map(params![stored_platform, document.map(canonical_name)], source_from_row)?
            .collect::<rusqlite::Result<_>>()?;

        if sources.is_empty() && platform.is_some() {
            let known = self.source_names()?;
            let wanted = [platform, document].into_iter().flatten().collect::<Vec<_>>().join(" ");
            return Err(StoreError::NotFound(format!(
                "no source for {wanted}; sources: {known}. Add one with `clausewatch source add`"
            )));
        }
        Ok(sources)
    }

    /// Returns the sources whose next check is due at `now`, the longest overdue first.
    pub fn due_sources(&self, now: DateTime<Utc>) -> Result<Vec<Source>> {
        let sql = format!(
            "SELECT {SOURCE_COLUMNS} {SOURCE_JOINS}
             JOIN source_state st ON st.source_id = s.id
             WHERE st.next_check_at <= ?1
             ORDER BY st.next_check_at, s.id"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let sources = statement.query_map([format_time(now)], source_from_row)?;
        Ok(sources.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the earliest next-check time of all sources, or `None` without sources.
    pub fn next_check_at(&self) -> Result<Option<DateTime<Utc>>> {
        let next: Option<String> =
            self.conn
                .query_row("SELECT min(next_check_at) FROM source_state", [], |row| row.get(0))?;
        Ok(next.as_deref().and_then(parse_time))
    }

    /// Makes a source due at `at`, for "check now".
    pub fn schedule_check(&mut self, source_id: i64, at: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE source_state SET next_check_at = ?2 WHERE source_id = ?1",
            params![source_id, format_time(at)],
        )?;
        Ok(())
    }

    fn source_names(&self) -> Result<String> {
        let mut statement = self.conn.prepare(&format!(
            "SELECT p.name || ' / ' || d.doc_type {SOURCE_JOINS} ORDER BY p.name, d.doc_type"
        ))?;
        let names: Vec<String> =
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(if names.is_empty() { "none".to_owned() } else { names.join(", ") })
    }
}

fn source_from_row(row: &Row<'_>) -> rusqlite::Result<Source> {
    let pages: String = row.get(4)?;
    Ok(Source {
        id: row.get(0)?,
        document_id: row.get(1)?,
        platform: row.get(2)?,
        document: row.get(3)?,
        pages: parse_pages(&pages)?,
        rules_sha256: row.get(5)?,
        interval_seconds: row.get(6)?,
    })
}

fn parse_pages(json: &str) -> rusqlite::Result<Vec<SourcePage>> {
    serde_json::from_str(json).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
    })
}

/// Moves the next check of source `source_id` to one `interval_seconds` after its last check,
/// or to `now` when it was never checked or that time has passed, unless it is due sooner.
pub(crate) fn bring_next_check_forward(
    tx: &rusqlite::Connection,
    source_id: i64,
    interval_seconds: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let state: Option<(String, Option<String>)> = tx
        .query_row(
            "SELECT next_check_at, last_checked_at FROM source_state WHERE source_id = ?1",
            [source_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((next, last)) = state else { return Ok(()) };

    let base = last.as_deref().and_then(parse_time).unwrap_or(now);
    let earliest = base + chrono::Duration::seconds(interval_seconds);
    if parse_time(&next).is_some_and(|next| next > earliest) {
        tx.execute(
            "UPDATE source_state SET next_check_at = ?1 WHERE source_id = ?2",
            params![format_time(earliest.max(now)), source_id],
        )?;
    }
    Ok(())
}

fn validate_source(source: &NewSource) -> Result<()> {
    if source.pages.is_empty() {
        return Err(StoreError::InvalidInput(format!(
            "the source of {} {} has no page; give at least one URL",
            source.platform, source.document
        )));
    }
    if source.interval_seconds <= 0 {
        return Err(StoreError::InvalidInput(format!(
            "check interval {} s of {} {} is invalid; give a positive number of seconds",
            source.interval_seconds, source.platform, source.document
        )));
    }
    Ok(())
}

/// Returns the page URLs of stored pages JSON, in order; none when it does not parse.
fn page_urls(pages: &str) -> Vec<String> {
    let pages: Vec<SourcePage> = serde_json::from_str(pages).unwrap_or_default();
    pages.into_iter().map(|page| page.url).collect()
}
