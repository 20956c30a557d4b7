//! Derives clauses, lineages and change records of a document's versions, and stores them.
//!
//! Analysis walks the versions of one document in recorded order: it segments each version,
//! aligns it with the one before, gives every clause a lineage id and stores the change
//! records. It runs inside the caller's transaction and ends by classifying what it stored
//! ([`crate::classify`]) with the store's active rules ([`crate::active_rules`]). A caller may
//! have prepared the segments, alignment and categories of a new version outside the
//! transaction ([`crate::prepared`]). They are used when they were made from the same texts.
//!
//! Lineage ids are user-facing (notes, review states and checklists are keyed on them), so a
//! re-analysis keeps them: before the derived rows of a version are replaced, the old ids are
//! read, and a lineage that starts in this version takes the old id of a clause with the same
//! text at the same place. Only lineages with no such predecessor get a new id, derived from
//! the document, version and position so that the same input always gives the same id.
//!
//! The change records of a version that re-extraction recorded (origin
//! [`REEXTRACT_ORIGIN`]) are marked technical, because only the extraction rules changed.

use std::collections::{HashMap, HashSet};

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};
use tracing::debug;

use clausewatch_core::change::{Relation, mark_technical};
use clausewatch_core::{Clause, align, compare, segment, stated_date};

use crate::Result;
use crate::active_rules::ActiveRules;
use crate::classify::classify_document;
use crate::ingest::REEXTRACT_ORIGIN;
use crate::moved_reviews::{ReviewsFollowed, follow_moved_reviews, reviewed_changes};
use crate::prepared::PreparedVersion;
use crate::revival::Departed;

/// Version of the analysis rules; stored with the data so a later release can tell what
/// produced it. Raise it when segmentation, alignment or change rules change.
pub const ANALYSIS_VERSION: &str = "3";

/// Where analysis of a document starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// Every version.
    All,
    /// The versions recorded at or after this time; earlier ones keep their analysis.
    From(&'a str),
}

struct VersionRow {
    id: i64,
    recorded_at: String,
    sha256: String,
    content: String,
    /// The version's origin: "import", "fetch" or [`REEXTRACT_ORIGIN`].
    origin: String,
}

/// Analyses the versions of a document in `scope`, replacing their derived rows.
pub fn analyze_document(tx: &Transaction<'_>, document_id: i64, scope: Scope<'_>) -> Result<()> {
    analyze_prepared(tx, document_id, scope, None)?;
    Ok(())
}

/// Analyses the versions of a document in `scope` like [`analyze_document`], taking what
/// `prepared` worked out for the texts it was made from. Returns how many review states moved
/// with their change or were removed, because the reviewed change no longer exists.
pub fn analyze_prepared(
    tx: &Transaction<'_>,
    document_id: i64,
    scope: Scope<'_>,
    prepared: Option<&PreparedVersion>,
) -> Result<ReviewsFollowed> {
    let versions = load_version_ids(tx, document_id)?;
    let start = match scope {
        Scope::All => 0,
        Scope::From(time) => {
            versions.partition_point(|(_, recorded_at)| recorded_at.as_str() < time)
        }
    };
    if start >= versions.len() {
        return Ok(ReviewsFollowed::default());
    }

    let reviewed = reviewed_changes(tx, document_id, &versions[start].1)?;
    let mut run = Run::new(tx, document_id, prepared);
    let mut previous: Option<(VersionRow, Vec<Clause>, Vec<String>)> = None;
    if start > 0 {
        let row = load_version(tx, versions[start - 1].0)?;
        let clauses = run.segment(&row);
        let lineages = stored_lineages(tx, row.id)?;
        if lineages.len() == clauses.len() {
            run.claimed.extend(lineages.iter().cloned());
            previous = Some((row, clauses, lineages));
        } else {
            debug!(document_id, "stored clauses differ from segmentation; analysing all versions");
            return analyze_prepared(tx, document_id, Scope::All, prepared);
        }
    }

    for (version_id, _) in &versions[start..] {
        let row = load_version(tx, *version_id)?;
        let clauses = run.segment(&row);
        let old_ids = run.take_old_lineages(row.id)?;
        let mut lineages = match &previous {
            Some((previous_row, previous_clauses, previous_lineages)) => run.store_changes(
                previous_row,
                previous_clauses,
                previous_lineages,
                &row,
                &clauses,
                &old_ids,
            )?,
            None => run.assign_lineages(&row, &clauses, &[], &[], &old_ids)?,
        };
        run.keep_old_ids(&clauses, &mut lineages, &old_ids)?;
        run.store_clauses(&row, &clauses, &lineages)?;
        previous = Some((row, clauses, lineages));
    }

    let followed = follow_moved_reviews(tx, document_id, &reviewed)?;
    tx.prepare_cached(
        "DELETE FROM lineages WHERE document_id = ?1
           AND NOT EXISTS (SELECT 1 FROM clauses WHERE lineage_id = lineages.id)
           AND NOT EXISTS (SELECT 1 FROM changes WHERE lineage_id = lineages.id
                                                   OR related_lineage = lineages.id)
           AND NOT EXISTS (SELECT 1 FROM lineage_links WHERE from_lineage = lineages.id
                                                   OR to_lineage = lineages.id)
           AND NOT EXISTS (SELECT 1 FROM review_states WHERE lineage_id = lineages.id)
           AND NOT EXISTS (SELECT 1 FROM notes WHERE lineage_id = lineages.id)
           AND NOT EXISTS (SELECT 1 FROM checklists WHERE lineage_id = lineages.id)",
    )?
    .execute([document_id])?;
    let active = ActiveRules::load(tx)?;
    classify_document(tx, document_id, Some(&versions[start].1), active.rules(), prepared)?;
    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES ('analysis_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute([ANALYSIS_VERSION])?;
    Ok(followed)
}

fn load_version_ids(tx: &Transaction<'_>, document_id: i64) -> Result<Vec<(i64, String)>> {
    let mut statement = tx.prepare_cached(
        "SELECT id, recorded_at FROM versions WHERE document_id = ?1 ORDER BY recorded_at",
    )?;
    let rows = statement.query_map([document_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn load_version(tx: &Transaction<'_>, version_id: i64) -> Result<VersionRow> {
    let (recorded_at, sha256, content, origin) = tx
        .prepare_cached("SELECT recorded_at, sha256, content, origin FROM versions WHERE id = ?1")?
        .query_row([version_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?;
    Ok(VersionRow { id: version_id, recorded_at, sha256, content, origin })
}

fn stored_lineages(tx: &Transaction<'_>, version_id: i64) -> Result<Vec<String>> {
    let mut statement =
        tx.prepare_cached("SELECT lineage_id FROM clauses WHERE version_id = ?1 ORDER BY ordinal")?;
    let rows = statement.query_map([version_id], |row| row.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Old lineage ids of one version, by clause text hash, in document order.
type OldLineages = HashMap<String, Vec<String>>;

struct Run<'t, 'c> {
    tx: &'t Transaction<'c>,
    document_id: i64,
    prepared: Option<&'t PreparedVersion>,
    /// Lineage ids already given in this run; an old id is reused at most once.
    claimed: HashSet<String>,
    /// Ids minted in this run, which nothing outside its rows refers to yet.
    minted: HashSet<String>,
    text_ids: HashMap<String, i64>,
}

impl<'t, 'c> Run<'t, 'c> {
    fn new(
        tx: &'t Transaction<'c>,
        document_id: i64,
        prepared: Option<&'t PreparedVersion>,
    ) -> Self {
        Self {
            tx,
            document_id,
            prepared,
            claimed: HashSet::new(),
            minted: HashSet::new(),
            text_ids: HashMap::new(),
        }
    }

    /// Returns the clauses of a version: prepared when its text was, else segmented now.
    fn segment(&self, version: &VersionRow) -> Vec<Clause> {
        self.prepared
            .and_then(|prepared| prepared.clauses(&version.sha256))
            .map_or_else(|| segment(&version.content), <[Clause]>::to_vec)
    }

    /// Reads the lineage ids the version had, then deletes its derived rows.
    fn take_old_lineages(&mut self, version_id: i64) -> Result<OldLineages> {
        let mut old: OldLineages = HashMap::new();
        {
            let mut statement = self.tx.prepare_cached(
                "SELECT t.sha256, c.lineage_id FROM clauses c
                 JOIN clause_texts t ON t.id = c.text_id
                 WHERE c.version_id = ?1 ORDER BY c.ordinal",
            )?;
            let rows = statement.query_map([version_id], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (hash, lineage) = row?;
                old.entry(hash).or_default().push(lineage);
            }
        }
        for table in ["changes", "lineage_links", "clauses"] {
            self.tx
                .prepare_cached(&format!("DELETE FROM {table} WHERE version_id = ?1"))?
                .execute([version_id])?;
        }
        Ok(old)
    }

    /// Gives each clause of a version its lineage id: the id of the clause it continues, else
    /// an old id of the same text, else the id of a lineage that returns after a gap
    /// ([`crate::revival`]), else a new one. `previous_lineages` are the ids of the version
    /// before, which a returning clause cannot take.
    fn assign_lineages(
        &mut self,
        version: &VersionRow,
        clauses: &[Clause],
        continued: &[Option<String>],
        previous_lineages: &[String],
        old_ids: &OldLineages,
    ) -> Result<Vec<String>> {
        let mut lineages = Vec::with_capacity(clauses.len());
        let mut old_ids = old_ids.clone();
        let mut live: HashSet<String> = previous_lineages.iter().cloned().collect();
        live.extend(continued.iter().flatten().cloned());
        // Read on the first clause that continues nothing, since most versions have none.
        let mut departed: Option<Departed> = None;
        for clause in clauses {
            if let Some(Some(id)) = continued.get(clause.ordinal) {
                lineages.push(id.clone());
                continue;
            }
            // An old id given to an earlier version of this run is still free here when its
            // lineage departed before this version: the old analysis had brought it back.
            let text_sha256 = text_hash(&clause.text);
            let reused = old_ids.get_mut(&text_sha256).and_then(|ids| {
                let position = ids.iter().position(|id| !live.contains(id))?;
                Some(ids.remove(position))
            });
            let revived = match reused {
                Some(_) => None,
                None if previous_lineages.is_empty() => None,
                None => {
                    let departed = match &mut departed {
                        Some(departed) => departed,
                        None => departed.insert(Departed::load(
                            self.tx,
                            self.document_id,
                            &version.recorded_at,
                            &live,
                        )?),
                    };
                    // An old id reused above may be a departed lineage too; it is given once.
                    departed.take(&clause.text, &text_sha256).filter(|id| !live.contains(id))
                }
            };
            let id = match reused.or(revived) {
                Some(id) => id,
                None => {
                    let id = self.mint_lineage(version.id, clause)?;
                    self.minted.insert(id.clone());
                    id
                }
            };
            live.insert(id.clone());
            self.claimed.insert(id.clone());
            self.tx
                .prepare_cached("INSERT OR IGNORE INTO lineages (id, document_id) VALUES (?1, ?2)")?
                .execute(params![id, self.document_id])?;
            lineages.push(id);
        }
        Ok(lineages)
    }

    /// Restores a clause's old id when the clause continues a lineage minted earlier in this
    /// run, by renaming the minted id in every row the run stored and in `lineages`. A version
    /// older than the document's first one mints ids, and the former first version's clauses
    /// continue them, while notes, review states and checklists name the ids they had.
    fn keep_old_ids(
        &mut self,
        clauses: &[Clause],
        lineages: &mut [String],
        old_ids: &OldLineages,
    ) -> Result<()> {
        for (clause, lineage) in clauses.iter().zip(lineages.iter_mut()) {
            if !self.minted.contains(lineage.as_str()) {
                continue;
            }
            let Some(old) = old_ids
                .get(&text_hash(&clause.text))
                .and_then(|ids| ids.iter().find(|id| !self.claimed.contains(id.as_str())))
            else {
                continue;
            };
            let old = old.clone();
            self.rename_lineage(lineage, &old)?;
            self.minted.remove(lineage.as_str());
            self.claimed.remove(lineage.as_str());
            self.claimed.insert(old.clone());
            *lineage = old;
        }
        Ok(())
    }

    /// Renames lineage `from`, minted in this run, to `to` in the rows stored so far.
    fn rename_lineage(&self, from: &str, to: &str) -> Result<()> {
        self.tx
            .prepare_cached("INSERT OR IGNORE INTO lineages (id, document_id) VALUES (?1, ?2)")?
            .execute(params![to, self.document_id])?;
        for (table, column) in [
            ("clauses", "lineage_id"),
            ("changes", "lineage_id"),
            ("changes", "related_lineage"),
            ("lineage_links", "from_lineage"),
            ("lineage_links", "to_lineage"),
        ] {
            self.tx
                .prepare_cached(&format!("UPDATE {table} SET {column} = ?1 WHERE {column} = ?2"))?
                .execute([to, from])?;
        }
        self.tx.prepare_cached("DELETE FROM lineages WHERE id = ?1")?.execute([from])?;
        debug!(from, to, "minted lineage renamed to the id its clause had");
        Ok(())
    }

    /// Returns a new lineage id: `c`, the document id in six or more hex digits, then eight
    /// hex digits of a hash of the version and position. The document part keeps one
    /// document's ids together in the indexes keyed on them, so storing a version touches a
    /// few index pages instead of one per clause. With hash-only ids the check-pass bench took
    /// 15% more CPU time, much of it writing those pages to the log (`docs/benchmarks.md`).
    fn mint_lineage(&self, version_id: i64, clause: &Clause) -> Result<String> {
        for attempt in 0u32.. {
            let seed = format!("{}:{version_id}:{}:{attempt}", self.document_id, clause.ordinal);
            let id =
                format!("c{:06x}{}", self.document_id, &hex(&Sha256::digest(seed.as_bytes()))[..8]);
            let taken = self.claimed.contains(&id)
                || self
                    .tx
                    .prepare_cached("SELECT 1 FROM lineages WHERE id = ?1")?
                    .query_row([&id], |_| Ok(()))
                    .optional()?
                    .is_some();
            if !taken {
                return Ok(id);
            }
        }
        unreachable!("an unbounded range always yields another attempt")
    }

    fn store_changes(
        &mut self,
        previous_row: &VersionRow,
        previous: &[Clause],
        previous_lineages: &[String],
        version: &VersionRow,
        clauses: &[Clause],
        old_ids: &OldLineages,
    ) -> Result<Vec<String>> {
        let previous_id = previous_row.id;
        let computed;
        let (alignment, records) = match self
            .prepared
            .and_then(|prepared| prepared.comparison(&previous_row.sha256, &version.sha256))
        {
            Some(prepared) => prepared,
            None => {
                let alignment = align(previous, clauses);
                let records = compare(previous, clauses, &alignment);
                computed = (alignment, records);
                (&computed.0, computed.1.as_slice())
            }
        };
        let mut continued: Vec<Option<String>> = vec![None; clauses.len()];
        for pair in &alignment.pairs {
            continued[pair.new] = Some(previous_lineages[pair.old].clone());
        }
        let lineages =
            self.assign_lineages(version, clauses, &continued, previous_lineages, old_ids)?;

        // A re-extraction's differences come from the rules, never from the platform.
        let mut records = std::borrow::Cow::Borrowed(records);
        if version.origin == REEXTRACT_ORIGIN {
            records.to_mut().iter_mut().for_each(mark_technical);
        }
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO changes (version_id, lineage_id, previous_version_id, position, kind,
                 substantive, aspects, marker_before, marker_after, heading_before,
                 heading_after, text_before, text_after, related_lineage, relation, diff,
                 summary)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
        )?;
        let mut link = self.tx.prepare_cached(
            "INSERT OR IGNORE INTO lineage_links (from_lineage, to_lineage, relation, version_id)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (position, record) in records.iter().enumerate() {
            let lineage = match (record.new, record.old) {
                (Some(new), _) => &lineages[new],
                (None, Some(old)) => &previous_lineages[old],
                (None, None) => continue,
            };
            let (related, relation) = match record.relation {
                Some(Relation::SplitFrom(old)) => (Some(&previous_lineages[old]), Some("split")),
                Some(Relation::MergedInto(new)) => (Some(&lineages[new]), Some("merge")),
                None => (None, None),
            };
            if let (Some(related), Some(relation)) = (related, relation) {
                let (from, to) = match relation {
                    "split" => (related, lineage),
                    _ => (lineage, related),
                };
                link.execute(params![from, to, relation, version.id])?;
            }
            let aspects: Vec<&str> = record.aspects.iter().map(|aspect| aspect.as_str()).collect();
            insert.execute(params![
                version.id,
                lineage,
                previous_id,
                i64::try_from(position).unwrap_or(i64::MAX),
                record.kind.as_str(),
                record.substantive,
                aspects.join(","),
                record.marker_before,
                record.marker_after,
                record.heading_before,
                record.heading_after,
                record.text_before,
                record.text_after,
                related,
                relation,
                serde_json::to_string(&record.diff).expect("diff segments serialise"),
                record.summary,
            ])?;
        }
        Ok(lineages)
    }

    fn store_clauses(
        &mut self,
        version: &VersionRow,
        clauses: &[Clause],
        lineages: &[String],
    ) -> Result<()> {
        for (clause, lineage) in clauses.iter().zip(lineages) {
            let text_id = self.text_id(&clause.text)?;
            self.tx
                .prepare_cached(
                    "INSERT INTO clauses (version_id, ordinal, lineage_id, kind, level, marker,
                         heading_path, parent_ordinal, text_id, dated)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                )?
                .execute(params![
                    version.id,
                    i64::try_from(clause.ordinal).unwrap_or(i64::MAX),
                    lineage,
                    clause.kind.as_str(),
                    clause.level,
                    clause.marker,
                    serde_json::to_string(&clause.heading_path).expect("labels serialise"),
                    clause.parent.and_then(|parent| i64::try_from(parent).ok()),
                    text_id,
                    clause.dated,
                ])?;
        }
        let stated = stated_date(clauses).map(|date| date.format("%Y-%m-%d").to_string());
        self.tx
            .prepare_cached("UPDATE versions SET stated_date = ?1 WHERE id = ?2")?
            .execute(params![stated, version.id])?;
        Ok(())
    }

    /// Returns the id of a clause text, storing it (and indexing it) the first time.
    fn text_id(&mut self, text: &str) -> Result<i64> {
        let hash = text_hash(text);
        if let Some(id) = self.text_ids.get(&hash) {
            return Ok(*id);
        }
        // Most clauses of a new version repeat a text already stored, so the lookup runs first.
        let stored: Option<i64> = self
            .tx
            .prepare_cached("SELECT id FROM clause_texts WHERE sha256 = ?1")?
            .query_row([&hash], |row| row.get(0))
            .optional()?;
        let id = match stored {
            Some(id) => id,
            None => {
                self.tx
                    .prepare_cached("INSERT INTO clause_texts (sha256, text) VALUES (?1, ?2)")?
                    .execute(params![hash, text])?;
                self.tx.last_insert_rowid()
            }
        };
        self.text_ids.insert(hash, id);
        Ok(id)
    }
}

/// Returns the SHA-256 of a text as lower-case hex.
pub fn text_hash(text: &str) -> String {
    hex(&Sha256::digest(text.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}
