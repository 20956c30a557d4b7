//! Read queries behind the command line and the desktop app.
//!
//! Platforms and documents are named as people write them (case does not matter); a version
//! is named by its full recorded-at time or by a date on which only one version was recorded. Each
//! function returns rows of [`crate::model`]. Add a query here when both the command line and
//! the app need it.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use clausewatch_core::change::mark_technical;
use clausewatch_core::{align, compare, segment};

use crate::change_analysis::analyse_records;
use crate::ingest::REEXTRACT_ORIGIN;
use crate::model::{
    AsOf, ChangeView, ClauseHistory, ClauseHistoryEntry, ClauseView, DocumentSummary, LineageLink,
    PlatformSummary, SearchHit, VersionSummary, WatchStatus,
};
use crate::names::{canonical_name, find_document, find_platform};
use crate::time::{format_time, parse_date, parse_time};
use crate::{Result, Store, StoreError};

/// A document resolved from its names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentRef {
    pub id: i64,
    pub platform: String,
    pub document: String,
}

/// Filter for the change records of one document.
#[derive(Debug, Clone, Default)]
pub struct ChangeFilter {
    /// Only changes recorded on or after this date.
    pub since: Option<NaiveDate>,
    /// Only changes recorded on or before this date.
    pub until: Option<NaiveDate>,
    pub substantive_only: bool,
}

/// Filter for the newest change records across every document.
#[derive(Debug, Clone, Default)]
pub struct RecentFilter {
    /// Only this platform's documents, by name.
    pub platform: Option<String>,
    /// Only changes recorded on or after this date.
    pub since: Option<NaiveDate>,
    pub substantive_only: bool,
    /// Only changes rated at one of these severities ("unrated" for none); any when empty.
    pub severities: Vec<String>,
    /// Only changes of clauses in this category, by id.
    pub category: Option<String>,
    /// Only changes with no review state yet: the reviewer's work queue.
    pub unreviewed_only: bool,
    /// Maximum number of records returned.
    pub limit: usize,
}

/// The values of `?1` to `?6` in [`RECENT_CONDITIONS`].
pub(crate) type RecentParameters<'a> =
    (Option<String>, Option<String>, bool, String, Option<&'a str>, bool);

/// The conditions of a [`RecentFilter`] on the change joins, with its parameters numbered
/// from `?1` to `?6`.
pub(crate) const RECENT_CONDITIONS: &str = "(?1 IS NULL OR p.name = ?1)
    AND (?2 IS NULL OR v.recorded_at >= ?2)
    AND (?3 = 0 OR c.substantive)
    AND (?4 = '[]' OR coalesce(a.severity, 'unrated') IN (SELECT value FROM json_each(?4)))
    AND (?5 IS NULL OR EXISTS (
        SELECT 1 FROM json_each(coalesce(a.categories, '[]')) WHERE value = ?5))
    AND (?6 = 0 OR r.state IS NULL)";

impl RecentFilter {
    /// Returns the values of `?1` to `?6` in [`RECENT_CONDITIONS`].
    pub(crate) fn parameters(&self) -> RecentParameters<'_> {
        let severities = serde_json::to_string(&self.severities).expect("strings serialise");
        (
            self.platform.as_deref().map(canonical_name),
            self.since.map(|date| format!("{date}T00:00:00Z")),
            self.substantive_only,
            severities,
            self.category.as_deref().map(str::trim),
            self.unreviewed_only,
        )
    }
}

/// Counts of what the store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    pub platforms: usize,
    pub documents: usize,
    pub versions: usize,
    pub clauses: usize,
    pub changes: usize,
}

const CHANGE_COLUMNS: &str = "p.name, d.doc_type, c.lineage_id, c.kind, c.substantive, c.aspects,
    c.marker_before, c.marker_after, c.heading_before, c.heading_after, c.text_before,
    c.text_after, c.diff, coalesce(a.summary, c.summary), c.related_lineage, c.relation,
    c.version_id, c.previous_version_id, pv.recorded_at, v.recorded_at, c.summary, a.severity,
    a.severity_reason, a.categories, r.state, r.reason, r.actor, r.updated_at";

pub(crate) const CHANGE_JOINS: &str = "FROM changes c
    JOIN versions v ON v.id = c.version_id
    JOIN versions pv ON pv.id = c.previous_version_id
    JOIN documents d ON d.id = v.document_id
    JOIN platforms p ON p.id = d.platform_id
    LEFT JOIN change_analysis a ON a.version_id = c.version_id AND a.lineage_id = c.lineage_id
    LEFT JOIN review_states r ON r.version_id = c.version_id AND r.lineage_id = c.lineage_id";

fn change_from_row(row: &Row<'_>) -> rusqlite::Result<ChangeView> {
    let aspects: String = row.get(5)?;
    let diff: String = row.get(12)?;
    let categories: Option<String> = row.get(23)?;
    let categories = categories.unwrap_or_else(|| "[]".to_owned());
    Ok(ChangeView {
        platform: row.get(0)?,
        document: row.get(1)?,
        clause_id: row.get(2)?,
        kind: row.get(3)?,
        substantive: row.get(4)?,
        aspects: aspects.split(',').filter(|a| !a.is_empty()).map(str::to_owned).collect(),
        marker_before: row.get(6)?,
        marker_after: row.get(7)?,
        heading_before: row.get(8)?,
        heading_after: row.get(9)?,
        text_before: row.get(10)?,
        text_after: row.get(11)?,
        diff: serde_json::from_str(&diff).unwrap_or_default(),
        summary: row.get(13)?,
        related_clause_id: row.get(14)?,
        relation: row.get(15)?,
        version_id: row.get(16)?,
        previous_version_id: row.get(17)?,
        recorded_before: row.get(18)?,
        recorded_at: row.get(19)?,
        engine_summary: row.get(20)?,
        severity: row.get(21)?,
        severity_reason: row.get(22)?,
        categories: serde_json::from_str(&categories).unwrap_or_default(),
        review_state: row.get(24)?,
        review_reason: row.get(25)?,
        reviewed_by: row.get(26)?,
        reviewed_at: row.get(27)?,
    })
}

fn to_usize(value: i64) -> usize {
    usize::try_from(value).unwrap_or_default()
}

impl Store {
    /// Returns how many platforms, documents, versions, clauses and changes are stored.
    pub fn counts(&self) -> Result<Counts> {
        let count = |table: &str| -> Result<usize> {
            let n: i64 =
                self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(to_usize(n))
        };
        Ok(Counts {
            platforms: count("platforms")?,
            documents: count("documents")?,
            versions: count("versions")?,
            clauses: count("clauses")?,
            changes: count("changes")?,
        })
    }

    /// Returns every platform with a summary of each of its documents.
    pub fn platforms(&self) -> Result<Vec<PlatformSummary>> {
        let mut statement = self.conn.prepare(
            "SELECT p.name, d.doc_type, count(v.id), min(v.recorded_at), max(v.recorded_at),
                (SELECT max(v2.recorded_at) FROM changes c JOIN versions v2 ON v2.id = c.version_id
                 WHERE v2.document_id = d.id AND c.substantive),
                st.last_checked_at, st.next_check_at, st.last_error, st.consecutive_failures,
                st.needs_attention
             FROM platforms p
             LEFT JOIN documents d ON d.platform_id = p.id
             LEFT JOIN versions v ON v.document_id = d.id
             LEFT JOIN sources s ON s.document_id = d.id
             LEFT JOIN source_state st ON st.source_id = s.id
             GROUP BY p.id, d.id
             ORDER BY p.name COLLATE NOCASE, d.doc_type COLLATE NOCASE",
        )?;
        let rows = statement.query_map([], |row| {
            let next_check_at: Option<String> = row.get(7)?;
            let watch = match next_check_at {
                Some(next_check_at) => Some(WatchStatus {
                    last_checked_at: row.get(6)?,
                    next_check_at,
                    last_error: row.get(8)?,
                    consecutive_failures: row.get(9)?,
                    needs_attention: row.get(10)?,
                }),
                None => None,
            };
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, Option<String>>(1)?,
                row.get::<_, i64>(2)?,
                row.get::<_, Option<String>>(3)?,
                row.get::<_, Option<String>>(4)?,
                row.get::<_, Option<String>>(5)?,
                watch,
            ))
        })?;
        let mut platforms: Vec<PlatformSummary> = Vec::new();
        for row in rows {
            let (platform, document, versions, first, last, changed, watch) = row?;
            if platforms.last().is_none_or(|summary| summary.name != platform) {
                platforms.push(PlatformSummary { name: platform.clone(), documents: Vec::new() });
            }
            if let Some(document) = document {
                platforms.last_mut().expect("pushed above").documents.push(DocumentSummary {
                    platform,
                    document,
                    versions: to_usize(versions),
                    first_recorded: first,
                    last_recorded: last,
                    last_substantive_change: changed,
                    watch,
                });
            }
        }
        Ok(platforms)
    }

    /// Finds a document by platform and document names, with an error listing the names
    /// that exist when either is unknown.
    pub fn resolve_document(&self, platform: &str, document: &str) -> Result<DocumentRef> {
        let platform_row = find_platform(&self.conn, platform)?;
        let Some((platform_id, platform_name)) = platform_row else {
            let known = self.names("SELECT name FROM platforms ORDER BY name", [])?;
            return Err(StoreError::UnknownPlatform { name: platform.to_owned(), known });
        };
        let document_row = find_document(&self.conn, platform_id, document)?;
        let Some((id, document_name)) = document_row else {
            let known = self.names(
                "SELECT doc_type FROM documents WHERE platform_id = ?1 ORDER BY doc_type",
                [platform_id],
            )?;
            return Err(StoreError::UnknownDocument {
                platform: platform_name,
                name: document.to_owned(),
                known,
            });
        };
        Ok(DocumentRef { id, platform: platform_name, document: document_name })
    }

    fn names<P: rusqlite::Params>(&self, sql: &str, params: P) -> Result<String> {
        let mut statement = self.conn.prepare(sql)?;
        let names: Vec<String> =
            statement.query_map(params, |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        Ok(if names.is_empty() { "none".to_owned() } else { names.join(", ") })
    }

    /// Returns the versions of a document, oldest first, with clause and change counts.
    pub fn versions(&self, document: &DocumentRef) -> Result<Vec<VersionSummary>> {
        let mut statement = self.conn.prepare(
            "SELECT v.id, v.recorded_at, v.stated_date, v.sha256, v.origin, v.origin_detail,
                (SELECT count(*) FROM clauses c WHERE c.version_id = v.id),
                (SELECT count(*) FROM changes c WHERE c.version_id = v.id AND c.substantive),
                (SELECT count(*) FROM changes c WHERE c.version_id = v.id AND NOT c.substantive)
             FROM versions v WHERE v.document_id = ?1 ORDER BY v.recorded_at",
        )?;
        let rows = statement.query_map([document.id], version_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Finds a version of a document by its recorded-at time, or by a date holding exactly one
    /// version.
    pub fn resolve_version(
        &self,
        document: &DocumentRef,
        selector: &str,
    ) -> Result<VersionSummary> {
        let versions = self.versions(document)?;
        if let Some(time) = parse_time(selector) {
            let wanted = format_time(time);
            return versions.into_iter().find(|v| v.recorded_at == wanted).ok_or_else(|| {
                StoreError::NotFound(format!(
                    "{} {} has no version recorded at {wanted}; list them with \
                     `clausewatch versions {:?} {:?}`",
                    document.platform, document.document, document.platform, document.document
                ))
            });
        }
        let Some(date) = parse_date(selector) else {
            return Err(StoreError::InvalidInput(format!(
                "invalid version {selector:?}: give a recorded-at time such as \
                 2025-04-17T18:11:07Z or a date such as 2025-04-17"
            )));
        };
        let prefix = date.format("%Y-%m-%d").to_string();
        let mut matching: Vec<VersionSummary> =
            versions.into_iter().filter(|v| v.recorded_at.starts_with(&prefix)).collect();
        match matching.len() {
            1 => Ok(matching.remove(0)),
            0 => Err(StoreError::NotFound(format!(
                "{} {} has no version recorded on {prefix}; list them with \
                 `clausewatch versions {:?} {:?}`",
                document.platform, document.document, document.platform, document.document
            ))),
            _ => Err(StoreError::InvalidInput(format!(
                "{prefix} is ambiguous: {} {} has {} versions recorded that day ({}); give the \
                 full recorded-at time",
                document.platform,
                document.document,
                matching.len(),
                matching.iter().map(|v| v.recorded_at.as_str()).collect::<Vec<_>>().join(", ")
            ))),
        }
    }

    /// Returns the change records of a document in recorded order.
    pub fn changes(
        &self,
        document: &DocumentRef,
        filter: &ChangeFilter,
    ) -> Result<Vec<ChangeView>> {
        let since = filter.since.map(|date| format!("{date}T00:00:00Z"));
        let until = filter.until.map(|date| format!("{date}T23:59:59Z"));
        let sql = format!(
            "SELECT {CHANGE_COLUMNS} {CHANGE_JOINS}
             WHERE v.document_id = ?1
               AND (?2 IS NULL OR v.recorded_at >= ?2)
               AND (?3 IS NULL OR v.recorded_at <= ?3)
               AND (?4 = 0 OR c.substantive)
             ORDER BY v.recorded_at, c.position"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let rows = statement.query_map(
            params![document.id, since, until, filter.substantive_only],
            change_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the newest change records across every platform and document.
    pub fn recent_changes(&self, filter: &RecentFilter) -> Result<Vec<ChangeView>> {
        let sql = format!(
            "SELECT {CHANGE_COLUMNS} {CHANGE_JOINS}
             WHERE {RECENT_CONDITIONS}
             ORDER BY v.recorded_at DESC, p.name, d.doc_type, c.position
             LIMIT ?7"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let limit = i64::try_from(filter.limit).unwrap_or(i64::MAX);
        let (platform, since, substantive_only, severities, category, unreviewed) =
            filter.parameters();
        let rows = statement.query_map(
            params![platform, since, substantive_only, severities, category, unreviewed, limit],
            change_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns one provision's history: its text in every version that contains it, and every
    /// change record of it.
    pub fn clause_history(&self, clause_id: &str) -> Result<ClauseHistory> {
        let document_id: Option<i64> = self
            .conn
            .query_row("SELECT document_id FROM lineages WHERE id = ?1", [clause_id.trim()], |r| {
                r.get(0)
            })
            .optional()?;
        let Some(document_id) = document_id else {
            return Err(StoreError::UnknownClause(clause_id.to_owned()));
        };
        let (platform, document): (String, String) = self.conn.query_row(
            "SELECT p.name, d.doc_type FROM documents d JOIN platforms p ON p.id = d.platform_id
             WHERE d.id = ?1",
            [document_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;

        let mut statement = self.conn.prepare(
            "SELECT v.id, v.recorded_at, c.marker, c.heading_path, t.text
             FROM clauses c JOIN versions v ON v.id = c.version_id
             JOIN clause_texts t ON t.id = c.text_id
             WHERE c.lineage_id = ?1 ORDER BY v.recorded_at, c.ordinal",
        )?;
        let entries: Vec<ClauseHistoryEntry> = statement
            .query_map([clause_id.trim()], |row| {
                let path: String = row.get(3)?;
                Ok(ClauseHistoryEntry {
                    version_id: row.get(0)?,
                    recorded_at: row.get(1)?,
                    marker: row.get(2)?,
                    heading_path: serde_json::from_str(&path).unwrap_or_default(),
                    text: row.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let sql = format!(
            "SELECT {CHANGE_COLUMNS} {CHANGE_JOINS} WHERE c.lineage_id = ?1
             ORDER BY v.recorded_at"
        );
        let mut statement = self.conn.prepare(&sql)?;
        let changes: Vec<ChangeView> = statement
            .query_map([clause_id.trim()], change_from_row)?
            .collect::<rusqlite::Result<_>>()?;

        let mut statement = self.conn.prepare(
            "SELECT l.from_lineage, l.to_lineage, l.relation, v.recorded_at
             FROM lineage_links l JOIN versions v ON v.id = l.version_id
             WHERE l.from_lineage = ?1 OR l.to_lineage = ?1 ORDER BY v.recorded_at",
        )?;
        let links: Vec<LineageLink> = statement
            .query_map([clause_id.trim()], |row| {
                Ok(LineageLink {
                    from_clause_id: row.get(0)?,
                    to_clause_id: row.get(1)?,
                    relation: row.get(2)?,
                    recorded_at: row.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;

        let first_recorded = entries
            .first()
            .map(|entry| entry.recorded_at.clone())
            .or_else(|| changes.first().map(|change| change.recorded_before.clone()))
            .unwrap_or_default();
        let absent_before: Option<String> = self
            .conn
            .query_row(
                "SELECT max(recorded_at) FROM versions WHERE document_id = ?1 AND recorded_at < ?2",
                params![document_id, first_recorded],
                |row| row.get(0),
            )
            .optional()?
            .flatten();
        Ok(ClauseHistory {
            clause_id: clause_id.trim().to_owned(),
            platform,
            document,
            first_recorded,
            absent_before,
            entries,
            changes,
            links,
        })
    }

    /// Returns the clauses of one version.
    pub fn clauses(&self, version_id: i64) -> Result<Vec<ClauseView>> {
        let mut statement = self.conn.prepare(
            "SELECT c.lineage_id, c.ordinal, c.kind, c.marker, c.heading_path, t.text, c.dated,
                 (SELECT json_group_array(category) FROM (
                     SELECT category FROM clause_categories k
                     WHERE k.version_id = c.version_id AND k.ordinal = c.ordinal
                     ORDER BY category))
             FROM clauses c JOIN clause_texts t ON t.id = c.text_id
             WHERE c.version_id = ?1 ORDER BY c.ordinal",
        )?;
        let rows = statement.query_map([version_id], |row| {
            let path: String = row.get(4)?;
            Ok(ClauseView {
                clause_id: row.get(0)?,
                ordinal: to_usize(row.get(1)?),
                kind: row.get(2)?,
                marker: row.get(3)?,
                heading_path: serde_json::from_str(&path).unwrap_or_default(),
                text: row.get(5)?,
                dated: row.get(6)?,
                categories: serde_json::from_str(&row.get::<_, String>(7)?).unwrap_or_default(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Returns the text of a document in force on a date: the last version recorded on or
    /// before the end of that day (UTC).
    pub fn as_of(&self, document: &DocumentRef, date: NaiveDate) -> Result<AsOf> {
        let end_of_day = format!("{date}T23:59:59Z");
        let versions = self.versions(document)?;
        let position = versions.partition_point(|v| v.recorded_at <= end_of_day);
        if position == 0 {
            let first = versions.first().map_or_else(
                || "it has no version yet".to_owned(),
                |v| format!("its first version was recorded {}", v.recorded_at),
            );
            return Err(StoreError::NotFound(format!(
                "{} {} had no recorded version on or before {date}; {first}",
                document.platform, document.document
            )));
        }
        let version = versions[position - 1].clone();
        let superseded_at = versions.get(position).map(|v| v.recorded_at.clone());
        let content: String = self.conn.query_row(
            "SELECT content FROM versions WHERE id = ?1",
            [version.id],
            |row| row.get(0),
        )?;
        let clauses = self.clauses(version.id)?;
        Ok(AsOf {
            platform: document.platform.clone(),
            document: document.document.clone(),
            date: date.to_string(),
            version,
            superseded_at,
            content,
            clauses,
        })
    }

    /// Returns whether every version after the earlier of `a` and `b`, up to the later one, was
    /// recorded by re-extracting stored snapshots under new rules, and at least one was.
    fn only_reextractions_between(&self, a: &VersionSummary, b: &VersionSummary) -> Result<bool> {
        let (earlier, later) =
            if (&a.recorded_at, a.id) <= (&b.recorded_at, b.id) { (a, b) } else { (b, a) };
        let (between, platform_texts): (i64, i64) = self.conn.query_row(
            "SELECT count(*), coalesce(sum(origin <> ?5), 0) FROM versions
             WHERE document_id = (SELECT document_id FROM versions WHERE id = ?1)
               AND (recorded_at > ?2 OR (recorded_at = ?2 AND id > ?1))
               AND (recorded_at < ?4 OR (recorded_at = ?4 AND id <= ?3))",
            params![earlier.id, earlier.recorded_at, later.id, later.recorded_at, REEXTRACT_ORIGIN],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        Ok(between > 0 && platform_texts == 0)
    }

    /// Compares any two versions of a document, consecutive or not, clause by clause. Each
    /// change is rated with the store's active rules like a stored change record, so the
    /// diff of two consecutive versions shows the severity of their stored records. When only
    /// re-extractions lie between them, every change is technical.
    pub fn diff_versions(
        &self,
        document: &DocumentRef,
        from: &VersionSummary,
        to: &VersionSummary,
    ) -> Result<Vec<ChangeView>> {
        let content = |id: i64| -> Result<String> {
            Ok(self
                .conn
                .query_row("SELECT content FROM versions WHERE id = ?1", [id], |r| r.get(0))?)
        };
        let old = segment(&content(from.id)?);
        let new = segment(&content(to.id)?);
        let old_ids = self.lineage_ids(from.id)?;
        let new_ids = self.lineage_ids(to.id)?;
        let alignment = align(&old, &new);
        let mut records = compare(&old, &new, &alignment);
        // Between two texts that only re-extraction separates, the platform changed nothing.
        if self.only_reextractions_between(from, to)? {
            records.iter_mut().for_each(mark_technical);
        }
        let active = self.active_rules()?;
        let analysed =
            analyse_records(&self.conn, (from.id, &old), (to.id, &new), &records, active.rules())?;

        Ok(records
            .into_iter()
            .zip(analysed)
            .map(|(record, analysed)| {
                let clause_id = record
                    .new
                    .and_then(|n| new_ids.get(n))
                    .or_else(|| record.old.and_then(|o| old_ids.get(o)))
                    .cloned()
                    .unwrap_or_default();
                ChangeView {
                    platform: document.platform.clone(),
                    document: document.document.clone(),
                    clause_id,
                    kind: record.kind.as_str().to_owned(),
                    substantive: record.substantive,
                    aspects: record.aspects.iter().map(|a| a.as_str().to_owned()).collect(),
                    marker_before: record.marker_before,
                    marker_after: record.marker_after,
                    heading_before: record.heading_before,
                    heading_after: record.heading_after,
                    text_before: record.text_before,
                    text_after: record.text_after,
                    diff: record.diff,
                    engine_summary: record.summary,
                    summary: analysed.summary,
                    severity: Some(analysed.severity.level.as_str().to_owned()),
                    severity_reason: Some(analysed.severity.reason),
                    categories: analysed.categories,
                    review_state: None,
                    review_reason: None,
                    reviewed_by: None,
                    reviewed_at: None,
                    related_clause_id: None,
                    relation: None,
                    version_id: to.id,
                    previous_version_id: from.id,
                    recorded_before: from.recorded_at.clone(),
                    recorded_at: to.recorded_at.clone(),
                }
            })
            .collect())
    }

    fn lineage_ids(&self, version_id: i64) -> Result<Vec<String>> {
        let mut statement = self
            .conn
            .prepare("SELECT lineage_id FROM clauses WHERE version_id = ?1 ORDER BY ordinal")?;
        let rows = statement.query_map([version_id], |row| row.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Runs a full-text search over the clause text of every version. Each word of `query`
    /// must appear unless `OR` joins it to another; a word ending in `*` matches as a prefix
    /// and a quoted run as a phrase. A clause is one hit, shown as the latest version whose
    /// text matches.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let expression = fts_expression(query)?;
        let mut statement = self.conn.prepare_cached(
            // The limit applies to clauses, after every matching text is grouped by lineage,
            // so that the counts of versions are whole. Snippets are made for the kept clauses
            // only.
            "WITH hits AS (
                 SELECT rowid AS text_id, rank FROM clause_fts WHERE clause_fts MATCH ?1
             ),
             groups AS (
                 SELECT c.lineage_id, min(h.rank) AS rank, max(v.recorded_at) AS latest,
                        min(v.recorded_at) AS first, count(*) AS versions,
                        count(DISTINCT c.text_id) AS wordings
                 FROM hits h
                 JOIN clauses c ON c.text_id = h.text_id
                 JOIN versions v ON v.id = c.version_id
                 GROUP BY c.lineage_id
             ),
             kept AS (
                 SELECT p.name, d.doc_type, g.lineage_id, c.marker, c.heading_path,
                        c.text_id, v.id AS version_id, g.latest, g.first, g.versions, g.rank,
                        g.wordings
                 FROM groups g
                 JOIN lineages l ON l.id = g.lineage_id
                 JOIN versions v ON v.document_id = l.document_id AND v.recorded_at = g.latest
                 JOIN clauses c ON c.version_id = v.id AND c.lineage_id = g.lineage_id
                 JOIN hits h ON h.text_id = c.text_id
                 JOIN documents d ON d.id = l.document_id
                 JOIN platforms p ON p.id = d.platform_id
                 GROUP BY g.lineage_id
                 ORDER BY g.rank, p.name, d.doc_type
                 LIMIT ?2
             )
             SELECT k.name, k.doc_type, k.lineage_id, k.marker, k.heading_path,
                    (SELECT snippet(clause_fts, 0, char(2), char(3), '…', 12) FROM clause_fts
                     WHERE clause_fts MATCH ?1 AND rowid = k.text_id),
                    t.text, k.version_id, k.latest, k.first, k.versions, k.rank, k.wordings
             FROM kept k
             JOIN clause_texts t ON t.id = k.text_id
             ORDER BY k.rank, k.name, k.doc_type",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = statement.query_map(params![expression, limit], |row| {
            let path: String = row.get(4)?;
            Ok(SearchHit {
                platform: row.get(0)?,
                document: row.get(1)?,
                clause_id: row.get(2)?,
                marker: row.get(3)?,
                heading_path: serde_json::from_str(&path).unwrap_or_default(),
                snippet: row.get(5)?,
                text: row.get(6)?,
                version_id: row.get(7)?,
                recorded_at: row.get(8)?,
                first_recorded: row.get(9)?,
                versions: to_usize(row.get(10)?),
                wordings: to_usize(row.get(12)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

fn version_from_row(row: &Row<'_>) -> rusqlite::Result<VersionSummary> {
    Ok(VersionSummary {
        id: row.get(0)?,
        recorded_at: row.get(1)?,
        stated_date: row.get(2)?,
        sha256: row.get(3)?,
        origin: row.get(4)?,
        origin_detail: row.get(5)?,
        clauses: to_usize(row.get(6)?),
        substantive_changes: to_usize(row.get(7)?),
        non_substantive_changes: to_usize(row.get(8)?),
    })
}

/// Maximum number of distinct terms in a search. Every term is matched against the whole index,
/// so the cap keeps a pasted page from tying up the store. A pasted paragraph stays well below
/// it.
const MAX_SEARCH_TERMS: usize = 200;

/// Turns what a person types into an FTS5 expression: each word quoted (so punctuation and
/// FTS operators in it are plain text), a trailing `*` kept as a prefix match, quoted runs kept
/// as phrases, and a word or quoted phrase with a leading `-` excluded. `OR` in capitals
/// between two terms accepts either; every other term is required. A term given twice counts
/// once.
pub fn fts_expression(query: &str) -> Result<String> {
    // Each group is one required term, or the alternatives that `OR` joined.
    let mut groups: Vec<Vec<String>> = Vec::new();
    let mut excluded: Vec<String> = Vec::new();
    let mut join_next = false;
    let want = |groups: &mut Vec<Vec<String>>, join: bool, term: Option<String>| {
        let Some(term) = term.map(|term| term.to_lowercase()) else { return };
        if join && let Some(last) = groups.last_mut() {
            if !last.contains(&term) {
                last.push(term);
            }
        } else if !groups.iter().any(|group| group.len() == 1 && group[0] == term) {
            groups.push(vec![term]);
        }
    };

    // A `-` right before an opening quote excludes the quoted phrase.
    let mut exclude_phrase = false;
    for (index, part) in query.split('"').enumerate() {
        if index % 2 == 1 {
            if exclude_phrase {
                if let Some(term) = fts_phrase(part, false).map(|term| term.to_lowercase())
                    && !excluded.contains(&term)
                {
                    excluded.push(term);
                }
                exclude_phrase = false;
                continue;
            }
            want(&mut groups, join_next, fts_phrase(part, false));
            join_next = false;
            continue;
        }
        exclude_phrase = part.ends_with('-') && part.split_whitespace().next_back() == Some("-");
        for word in part.split_whitespace() {
            if word == "OR" && !groups.is_empty() {
                join_next = true;
                continue;
            }
            if let Some(rest) = word.strip_prefix('-').filter(|rest| !rest.is_empty()) {
                let term = match rest.strip_suffix('*') {
                    Some(stem) => fts_phrase(stem, true),
                    None => fts_phrase(rest, false),
                };
                if let Some(term) = term.map(|term| term.to_lowercase())
                    && !excluded.contains(&term)
                {
                    excluded.push(term);
                }
                continue;
            }
            let term = match word.strip_suffix('*') {
                Some(stem) => fts_phrase(stem, true),
                None => fts_phrase(word, false),
            };
            want(&mut groups, join_next, term);
            join_next = false;
        }
    }

    if groups.is_empty() {
        return Err(StoreError::InvalidInput(format!(
            "invalid search {query:?}: give at least one word to find, for example `arbitration`"
        )));
    }
    let terms = groups.iter().map(Vec::len).sum::<usize>() + excluded.len();
    if terms > MAX_SEARCH_TERMS {
        return Err(StoreError::InvalidInput(format!(
            "search has {terms} different words; give at most {MAX_SEARCH_TERMS}, or quote a \
             shorter phrase from the clause"
        )));
    }
    let found: Vec<String> = groups
        .iter()
        .map(|group| match group.as_slice() {
            [term] => term.clone(),
            alternatives => format!("({})", alternatives.join(" OR ")),
        })
        .collect();
    let found = found.join(" ");
    if excluded.is_empty() {
        return Ok(found);
    }
    Ok(format!("({found}) NOT ({})", excluded.join(" OR ")))
}

/// Returns the runs of letters and digits of `text` as one quoted FTS5 phrase, the way the
/// index tokenised the clause text: "don’t" and "don't" both become `"don t"`.
fn fts_phrase(text: &str, prefix: bool) -> Option<String> {
    let runs: Vec<&str> =
        text.split(|c: char| !c.is_alphanumeric()).filter(|run| !run.is_empty()).collect();
    if runs.is_empty() {
        return None;
    }
    let star = if prefix { "*" } else { "" };
    Some(format!("\"{}\"{star}", runs.join(" ")))
}
