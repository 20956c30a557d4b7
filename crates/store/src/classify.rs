//! Runs the classifier over stored clauses and change records: the categories of every clause
//! with their evidence, and the severity, categories and analysed summary of every change
//! record.
//!
//! All of it is derived data. [`classify_document`] runs at the end of
//! [`crate::analysis::analyze_document`], inside its transaction, with the store's active rules
//! ([`crate::active_rules`]), and [`Store::reclassify_all`] recomputes it under another rule set
//! without touching clauses, lineage ids or user data. Every row records the taxonomy `version`
//! that produced it. Change records are rated in `change_analysis`. To give the rules more
//! context, extend [`clause_input`].

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::{Connection, Transaction, TransactionBehavior, params};
use tracing::{debug, info};

use clausewatch_analysis::{Assignment, Classifier, ClauseInput, Taxonomy};
use clausewatch_core::{Clause, ClauseKind};

use crate::change_analysis::store_change_analysis;
use crate::prepared::PreparedVersion;
use crate::time::format_time;
use crate::{Result, Store};

/// Meta key holding the rule-set version of the last classification.
pub const RULE_SET_KEY: &str = "rule_set";

/// A taxonomy with its compiled classifier.
#[derive(Clone, Copy)]
pub struct Rules<'a> {
    pub taxonomy: &'a Taxonomy,
    pub classifier: &'a Classifier,
}

impl Rules<'static> {
    /// Returns the rules embedded in the build.
    pub fn embedded() -> Self {
        Self { taxonomy: Taxonomy::embedded(), classifier: Classifier::embedded() }
    }
}

impl Rules<'_> {
    /// Returns the version of the rule set, stored with every result.
    pub fn version(&self) -> &str {
        &self.taxonomy.version
    }
}

/// A stored clause rebuilt for the classifier, with its lineage id.
struct StoredClause {
    clause: Clause,
    lineage: String,
}

/// The clauses of one version and the categories of each.
pub(crate) struct ClassifiedVersion {
    pub(crate) clauses: Vec<Clause>,
    pub(crate) categories: Vec<Vec<Assignment>>,
    /// Index of each clause by lineage id; empty for clauses that were never stored.
    pub(crate) by_lineage: HashMap<String, usize>,
}

/// Classifier input of a clause, the key its categories are cached under.
pub(crate) type InputKey = ClauseInput;

/// Inputs already classified in this run: most clauses repeat unchanged from version to
/// version, so each distinct input is classified once.
pub(crate) type Cache = HashMap<InputKey, Vec<Assignment>>;

/// Classifies the clauses and change records of a document's versions recorded at or after
/// `from` (every version when `None`), replacing their earlier analysis.
pub(crate) fn classify_document(
    tx: &Transaction<'_>,
    document_id: i64,
    from: Option<&str>,
    rules: Rules<'_>,
    prepared: Option<&PreparedVersion>,
) -> Result<()> {
    let versions: Vec<(i64, String)> = {
        let mut statement = tx.prepare_cached(
            "SELECT id, recorded_at FROM versions WHERE document_id = ?1 ORDER BY recorded_at",
        )?;
        let rows = statement.query_map([document_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let start = from.map_or(0, |time| versions.partition_point(|(_, at)| at.as_str() < time));
    if start >= versions.len() {
        return Ok(());
    }

    let mut cache: Cache = prepared
        .into_iter()
        .flat_map(|prepared| prepared.classified(rules))
        .map(|(input, assignments)| (input.clone(), assignments.clone()))
        .collect();
    let mut previous = match start {
        0 => None,
        _ => Some(classified_from_store(tx, versions[start - 1].0, rules, &mut cache)?),
    };
    let analysed_at = format_time(Utc::now());
    for (version_id, _) in &versions[start..] {
        let current = classify_version(tx, *version_id, rules, &mut cache)?;
        store_categories(tx, *version_id, &current, rules)?;
        let ratings = prepared.and_then(|prepared| prepared.ratings(rules));
        store_change_analysis(tx, *version_id, previous.as_ref(), &current, rules, ratings)?;
        tx.prepare_cached(
            "INSERT INTO version_analysis_times (version_id, analysed_at) VALUES (?1, ?2)
             ON CONFLICT (version_id) DO UPDATE SET analysed_at = excluded.analysed_at",
        )?
        .execute(params![version_id, analysed_at])?;
        previous = Some(current);
    }

    tx.prepare_cached(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![RULE_SET_KEY, rules.version()])?;
    debug!(document_id, versions = versions.len() - start, "clauses classified");
    Ok(())
}

fn classify_version(
    conn: &Connection,
    version_id: i64,
    rules: Rules<'_>,
    cache: &mut Cache,
) -> Result<ClassifiedVersion> {
    let stored = load_clauses(conn, version_id)?;
    let clauses: Vec<Clause> = stored.iter().map(|s| s.clause.clone()).collect();
    let mut version = classify_clauses(clauses, rules, cache);
    version.by_lineage = stored.into_iter().enumerate().map(|(i, s)| (s.lineage, i)).collect();
    Ok(version)
}

/// Classifies `clauses`, taking the categories of inputs already in `cache`.
pub(crate) fn classify_clauses(
    clauses: Vec<Clause>,
    rules: Rules<'_>,
    cache: &mut Cache,
) -> ClassifiedVersion {
    let mut categories = Vec::with_capacity(clauses.len());
    for clause in &clauses {
        let input = clause_input(&clauses, clause);
        let found = cache.entry(input).or_insert_with_key(|input| rules.classifier.classify(input));
        categories.push(found.clone());
    }
    ClassifiedVersion { clauses, categories, by_lineage: HashMap::new() }
}

/// Returns a stored version with its categories. When `rules` stored them, they are read back
/// and seed `cache`, so the clauses a later version keeps are not classified again. Otherwise
/// the version is classified.
pub(crate) fn classified_from_store(
    conn: &Connection,
    version_id: i64,
    rules: Rules<'_>,
    cache: &mut Cache,
) -> Result<ClassifiedVersion> {
    let Some(categories) = stored_categories(conn, version_id, rules)? else {
        return classify_version(conn, version_id, rules, cache);
    };
    let stored = load_clauses(conn, version_id)?;
    let clauses: Vec<Clause> = stored.iter().map(|s| s.clause.clone()).collect();
    let mut by_ordinal: HashMap<usize, Vec<Assignment>> = categories;
    let categories: Vec<Vec<Assignment>> = clauses
        .iter()
        .map(|clause| by_ordinal.remove(&clause.ordinal).unwrap_or_default())
        .collect();
    for (clause, assignments) in clauses.iter().zip(&categories) {
        cache.insert(clause_input(&clauses, clause), assignments.clone());
    }
    let by_lineage = stored.into_iter().enumerate().map(|(i, s)| (s.lineage, i)).collect();
    Ok(ClassifiedVersion { clauses, categories, by_lineage })
}

/// Returns the stored categories of a version by clause ordinal, in taxonomy order, when
/// every row was produced by `rules`. A version without rows cannot show that, so it is
/// `None` like one classified under other rules.
fn stored_categories(
    conn: &Connection,
    version_id: i64,
    rules: Rules<'_>,
) -> Result<Option<HashMap<usize, Vec<Assignment>>>> {
    let mut statement = conn.prepare_cached(
        "SELECT ordinal, category, evidence, rule_set FROM clause_categories
         WHERE version_id = ?1",
    )?;
    let rows = statement.query_map([version_id], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, String>(3)?,
        ))
    })?;
    let mut by_ordinal: HashMap<usize, Vec<Assignment>> = HashMap::new();
    for row in rows {
        let (ordinal, category, evidence, rule_set) = row?;
        let Ok(evidence) = serde_json::from_str(&evidence) else { return Ok(None) };
        if rule_set != rules.version() {
            return Ok(None);
        }
        let ordinal = usize::try_from(ordinal).unwrap_or_default();
        by_ordinal.entry(ordinal).or_default().push(Assignment { category, evidence });
    }
    if by_ordinal.is_empty() {
        return Ok(None);
    }
    let position = |id: &str| rules.taxonomy.categories.iter().position(|c| c.id == id);
    for assignments in by_ordinal.values_mut() {
        assignments.sort_by_key(|assignment| position(&assignment.category));
    }
    Ok(Some(by_ordinal))
}

/// Categories of a version's clauses by clause ordinal, in taxonomy order.
pub type VersionCategories = HashMap<usize, Vec<Assignment>>;

impl Store {
    /// Returns the stored categories of the clauses of version `version_id` by clause ordinal.
    /// Returns `None` when other rules than `rules` produced a stored row, or when the version
    /// has no rows.
    pub fn version_categories(
        &self,
        version_id: i64,
        rules: Rules<'_>,
    ) -> Result<Option<VersionCategories>> {
        stored_categories(&self.conn, version_id, rules)
    }
}

/// Returns what the classifier reads of a clause: its text, its headings and, for an item
/// that completes a lead-in ("you agree not to:"), that lead-in.
pub(crate) fn clause_input(clauses: &[Clause], clause: &Clause) -> ClauseInput {
    // A heading parent is already in the heading path. A parent paragraph that does not end
    // in a colon is a provision of its own, and its words (a licence's "perpetual", say)
    // would be misread as the child's.
    let lead_in = clause
        .parent
        .and_then(|index| clauses.get(index))
        .filter(|parent| parent.kind != ClauseKind::Heading)
        .filter(|parent| parent.text.trim_end().ends_with(':'))
        .map(|parent| parent.text.clone());
    ClauseInput { text: clause.text.clone(), heading_path: clause.heading_path.clone(), lead_in }
}

fn load_clauses(conn: &Connection, version_id: i64) -> Result<Vec<StoredClause>> {
    let mut statement = conn.prepare_cached(
        "SELECT c.ordinal, c.kind, c.level, c.marker, c.heading_path, c.parent_ordinal, t.text,
                c.dated, c.lineage_id
         FROM clauses c JOIN clause_texts t ON t.id = c.text_id
         WHERE c.version_id = ?1 ORDER BY c.ordinal",
    )?;
    let rows = statement.query_map([version_id], |row| {
        let kind: String = row.get(1)?;
        let path: String = row.get(4)?;
        let parent: Option<i64> = row.get(5)?;
        Ok(StoredClause {
            clause: Clause {
                ordinal: usize::try_from(row.get::<_, i64>(0)?).unwrap_or_default(),
                kind: ClauseKind::parse(&kind).unwrap_or(ClauseKind::Paragraph),
                level: row.get(2)?,
                marker: row.get(3)?,
                heading_path: serde_json::from_str(&path).unwrap_or_default(),
                parent: parent.and_then(|index| usize::try_from(index).ok()),
                raw: String::new(),
                text: row.get(6)?,
                dated: row.get(7)?,
            },
            lineage: row.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn store_categories(
    tx: &Transaction<'_>,
    version_id: i64,
    version: &ClassifiedVersion,
    rules: Rules<'_>,
) -> Result<()> {
    tx.prepare_cached("DELETE FROM clause_categories WHERE version_id = ?1")?
        .execute([version_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO clause_categories (version_id, ordinal, category, evidence, rule_set)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (clause, assignments) in version.clauses.iter().zip(&version.categories) {
        for assignment in assignments {
            let evidence =
                serde_json::to_string(&assignment.evidence).expect("evidence serialises");
            insert.execute(params![
                version_id,
                i64::try_from(clause.ordinal).unwrap_or(i64::MAX),
                assignment.category,
                evidence,
                rules.version(),
            ])?;
        }
    }
    Ok(())
}

impl Store {
    /// Recomputes the categories, severities and analysed summaries of every document under
    /// `rules`, one transaction per document. Clauses, lineage ids, review states, notes and
    /// checklists stay as they are. Returns the number of documents classified.
    pub fn reclassify_all(&mut self, rules: Rules<'_>) -> Result<usize> {
        let ids: Vec<i64> = {
            let mut statement = self.conn.prepare("SELECT id FROM documents ORDER BY id")?;
            statement.query_map([], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        };
        for document_id in &ids {
            let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            classify_document(&tx, *document_id, None, rules, None)?;
            tx.commit()?;
        }
        info!(documents = ids.len(), rule_set = rules.version(), "analysis reclassified");
        Ok(ids.len())
    }

    /// Returns the rule-set versions that produced the stored analysis, with the number of
    /// rows of each. More than one entry means that some documents were classified under
    /// older rules, and [`Store::reclassify_all`] brings them level.
    pub fn rule_sets(&self) -> Result<Vec<(String, usize)>> {
        let mut statement = self.conn.prepare(
            "SELECT rule_set, count(*) FROM (
                 SELECT rule_set FROM clause_categories
                 UNION ALL SELECT rule_set FROM change_analysis)
             GROUP BY rule_set ORDER BY rule_set",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, usize::try_from(row.get::<_, i64>(1)?).unwrap_or(0)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
