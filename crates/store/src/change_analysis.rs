//! Severity, categories and analysed summary of change records, from the classified clauses
//! on each side of the change.
//!
//! Stored change records are rated when their document is classified
//! ([`store_change_analysis`]). The records of a diff between any two versions, which are
//! computed on request, are rated by [`analyse_records`] with the same steps, so a change
//! shows the same severity whichever way it is reached.

use std::collections::HashMap;

use rusqlite::{Connection, Transaction, params};

use clausewatch_analysis::{
    ChangeInput, ChangeKind, Severity, Taxonomy, rate_change_with, rate_technical_change,
    summarize_change_with,
};
use clausewatch_core::Aspect;
use clausewatch_core::change::reference;
use clausewatch_core::{ChangeRecord, Clause};

use crate::Result;
use crate::classify::{
    Cache, ClassifiedVersion, Rules, classified_from_store, classify_clauses, clause_input,
};

/// A change record as stored, with what the rating needs.
struct StoredChange {
    lineage: String,
    kind: String,
    substantive: bool,
    /// Whether the change came from re-extraction under new rules ([`Aspect::Technical`]).
    technical: bool,
    text_before: Option<String>,
    text_after: Option<String>,
    related: Option<String>,
    engine_summary: String,
}

/// Rates the stored change records of a version against the version before, replacing their
/// earlier analysis.
pub(crate) fn store_change_analysis(
    tx: &Transaction<'_>,
    version_id: i64,
    previous: Option<&ClassifiedVersion>,
    current: &ClassifiedVersion,
    rules: Rules<'_>,
    prepared: Option<&PreparedRatings>,
) -> Result<()> {
    let changes: Vec<StoredChange> = {
        let mut statement = tx.prepare_cached(
            "SELECT lineage_id, kind, substantive, text_before, text_after, related_lineage,
                    summary, aspects
             FROM changes WHERE version_id = ?1 ORDER BY position",
        )?;
        let rows = statement.query_map([version_id], |row| {
            let aspects: String = row.get(7)?;
            Ok(StoredChange {
                lineage: row.get(0)?,
                kind: row.get(1)?,
                substantive: row.get(2)?,
                technical: aspects.split(',').any(|aspect| aspect == Aspect::Technical.as_str()),
                text_before: row.get(3)?,
                text_after: row.get(4)?,
                related: row.get(5)?,
                engine_summary: row.get(6)?,
            })
        })?;
        rows.collect::<rusqlite::Result<_>>()?
    };

    tx.prepare_cached("DELETE FROM change_analysis WHERE version_id = ?1")?
        .execute([version_id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO change_analysis (version_id, lineage_id, severity, severity_reason, effect,
             categories, summary, rule_set)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    let mut prepared_used = 0_usize;
    for change in &changes {
        let (before, after) = stored_sides(change, previous, current);
        let inputs = change_inputs(&change.facts(), before, after, rules);
        let analysed = match prepared.and_then(|ratings| ratings.get(&inputs)) {
            Some(analysed) => {
                prepared_used += 1;
                analysed.clone()
            }
            None => rate(&inputs, rules),
        };
        insert.execute(params![
            version_id,
            change.lineage,
            analysed.severity.level.as_str(),
            analysed.severity.reason,
            analysed.severity.effect.as_str(),
            serde_json::to_string(&analysed.categories).expect("ids serialise"),
            analysed.summary,
            rules.version(),
        ])?;
    }
    tracing::debug!(version_id, changes = changes.len(), prepared_used, "changes rated");
    Ok(())
}

/// The analysis of one change record.
#[derive(Debug, Clone)]
pub(crate) struct AnalysedChange {
    pub(crate) severity: Severity,
    /// Category ids, the lead category first.
    pub(crate) categories: Vec<String>,
    pub(crate) summary: String,
}

/// The fields of a change record that the rating reads besides its clauses.
struct RecordFacts<'a> {
    kind: ChangeKind,
    substantive: bool,
    /// Whether the change came from re-extraction under new rules.
    technical: bool,
    /// Texts recorded with the change, used when a side's clause is not at hand.
    text_before: Option<&'a str>,
    text_after: Option<&'a str>,
    engine_summary: &'a str,
}

impl StoredChange {
    fn facts(&self) -> RecordFacts<'_> {
        RecordFacts {
            kind: kind_of(&self.kind),
            substantive: self.substantive,
            technical: self.technical,
            text_before: self.text_before.as_deref(),
            text_after: self.text_after.as_deref(),
            engine_summary: &self.engine_summary,
        }
    }
}

/// Returns the kind of change named as in the store ("added", "removed", "modified").
fn kind_of(name: &str) -> ChangeKind {
    match name {
        "added" => ChangeKind::Added,
        "removed" => ChangeKind::Removed,
        _ => ChangeKind::Modified,
    }
}

/// One side of a change record: the clause in its version and that version's clauses.
struct Side<'v> {
    version: &'v ClassifiedVersion,
    index: usize,
}

impl Side<'_> {
    fn clause(&self) -> &Clause {
        &self.version.clauses[self.index]
    }

    /// Returns the clause text with its lead-in in front, so that a list item under "you
    /// agree not to:" reads as the restriction it is.
    fn context_text(&self) -> String {
        let clause = self.clause();
        match clause_input(&self.version.clauses, clause).lead_in {
            Some(lead_in) => format!("{lead_in} {}", clause.text),
            None => clause.text.clone(),
        }
    }
}

/// Returns the clauses a stored change record compares, found by lineage id in each version,
/// or by the related lineage in the version before.
fn stored_sides<'v>(
    change: &StoredChange,
    previous: Option<&'v ClassifiedVersion>,
    current: &'v ClassifiedVersion,
) -> (Option<Side<'v>>, Option<Side<'v>>) {
    let kind = kind_of(&change.kind);
    let after = (kind != ChangeKind::Removed)
        .then(|| current.by_lineage.get(&change.lineage))
        .flatten()
        .map(|&index| Side { version: current, index });
    let before = previous.filter(|_| kind != ChangeKind::Added).and_then(|version| {
        let index = version
            .by_lineage
            .get(&change.lineage)
            .or_else(|| change.related.as_ref().and_then(|id| version.by_lineage.get(id)))?;
        Some(Side { version, index: *index })
    });
    (before, after)
}

/// Everything the rating of one change reads, worked out from the record and its sides. Two
/// changes with equal inputs get equal ratings, so a rating prepared before the store's
/// transaction is found again by these inputs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ChangeInputs {
    input: ChangeInput,
    technical: bool,
    /// Reference of the clause the summary names ("4.6 (viii)"), when it has a marker.
    marker: Option<String>,
    engine_summary: String,
}

/// Ratings of change records worked out ahead, by their inputs.
pub(crate) type PreparedRatings = HashMap<ChangeInputs, AnalysedChange>;

/// Collects what the rating of `change` reads: the categories of both sides, lead first, the
/// texts with their lead-ins, and the reference of the clause the summary names.
fn change_inputs(
    change: &RecordFacts<'_>,
    before: Option<Side<'_>>,
    after: Option<Side<'_>>,
    rules: Rules<'_>,
) -> ChangeInputs {
    let mut ids: Vec<&str> = Vec::new();
    for side in [&before, &after].into_iter().flatten() {
        for assignment in &side.version.categories[side.index] {
            if !ids.contains(&assignment.category.as_str()) {
                ids.push(&assignment.category);
            }
        }
    }
    let categories = lead_first(rules.taxonomy, ids);

    let text = |side: &Option<Side<'_>>, recorded: Option<&str>| match side {
        Some(side) => side.context_text(),
        None => recorded.unwrap_or_default().to_owned(),
    };
    let described = after.as_ref().or(before.as_ref());
    let marker = described
        .filter(|side| side.clause().marker.is_some())
        .map(|side| reference(&side.version.clauses, side.clause()));
    ChangeInputs {
        input: ChangeInput {
            kind: change.kind,
            substantive: change.substantive,
            before: text(&before, change.text_before),
            after: text(&after, change.text_after),
            categories,
        },
        technical: change.technical,
        marker,
        engine_summary: change.engine_summary.to_owned(),
    }
}

/// Rates a change from its inputs.
fn rate(inputs: &ChangeInputs, rules: Rules<'_>) -> AnalysedChange {
    let input = &inputs.input;
    let severity = if inputs.technical {
        rate_technical_change()
    } else {
        rate_change_with(rules.taxonomy, input)
    };

    // The engine's summary quotes the clause, so it describes a formatting change or an
    // uncategorised one better. A categorised substantive change is summarised by category.
    let summary = if input.substantive && !input.categories.is_empty() {
        summarize_change_with(
            rules.taxonomy,
            &severity,
            &input.categories,
            inputs.marker.as_deref(),
        )
    } else {
        inputs.engine_summary.clone()
    };
    AnalysedChange { severity, categories: input.categories.clone(), summary }
}

/// Orders category ids by baseline severity, highest first, keeping taxonomy order among
/// equals, so that the first is the one the rating and the summary lead with.
fn lead_first(taxonomy: &Taxonomy, ids: Vec<&str>) -> Vec<String> {
    let mut ordered: Vec<(usize, &str)> = ids
        .into_iter()
        .map(|id| (taxonomy.categories.iter().position(|c| c.id == id).unwrap_or(usize::MAX), id))
        .collect();
    ordered.sort_by_key(|(position, _)| *position);
    ordered.sort_by_key(|(_, id)| {
        std::cmp::Reverse(taxonomy.category(id).map(|category| category.baseline_severity))
    });
    ordered.into_iter().map(|(_, id)| id.to_owned()).collect()
}

/// Rates the change records of a diff between the stored versions `from_id` and `to_id`,
/// one analysis per record, in order. `old` and `new` are the clauses the records index.
///
/// The categories are the stored ones when `rules` produced them, as for stored records, and
/// are computed otherwise.
pub(crate) fn analyse_records(
    conn: &Connection,
    (from_id, old): (i64, &[Clause]),
    (to_id, new): (i64, &[Clause]),
    records: &[ChangeRecord],
    rules: Rules<'_>,
) -> Result<Vec<AnalysedChange>> {
    let mut cache = Cache::new();
    let before = matching_version(conn, from_id, old, rules, &mut cache)?;
    let after = matching_version(conn, to_id, new, rules, &mut cache)?;

    let analysed = records
        .iter()
        .map(|record| rate(&record_inputs(record, &before, &after, rules), rules))
        .collect();
    Ok(analysed)
}

/// Rates `records`, whose `old` and `new` index the clauses of `before` and `after`, and
/// returns each rating under its inputs. Only the categories of the clauses the records name
/// are read.
pub(crate) fn prepare_ratings(
    before: &ClassifiedVersion,
    after: &ClassifiedVersion,
    records: &[ChangeRecord],
    rules: Rules<'_>,
) -> PreparedRatings {
    records
        .iter()
        .map(|record| {
            let inputs = record_inputs(record, before, after, rules);
            let analysed = rate(&inputs, rules);
            (inputs, analysed)
        })
        .collect()
}

/// Returns the rating inputs of a computed change record between `before` and `after`.
fn record_inputs(
    record: &ChangeRecord,
    before: &ClassifiedVersion,
    after: &ClassifiedVersion,
    rules: Rules<'_>,
) -> ChangeInputs {
    let facts = RecordFacts {
        kind: kind_of(record.kind.as_str()),
        substantive: record.substantive,
        technical: record.aspects.contains(&Aspect::Technical),
        text_before: record.text_before.as_deref(),
        text_after: record.text_after.as_deref(),
        engine_summary: &record.summary,
    };
    let side = |version, index: Option<usize>, skip: ChangeKind| {
        index.filter(|_| facts.kind != skip).map(|index| Side { version, index })
    };
    let before_side = side(before, record.old, ChangeKind::Added);
    let after_side = side(after, record.new, ChangeKind::Removed);
    change_inputs(&facts, before_side, after_side, rules)
}

/// Returns the stored version `version_id` classified, when its stored clauses are `clauses`;
/// otherwise (a store analysed by an older segmentation) classifies `clauses` themselves.
fn matching_version(
    conn: &Connection,
    version_id: i64,
    clauses: &[Clause],
    rules: Rules<'_>,
    cache: &mut Cache,
) -> Result<ClassifiedVersion> {
    let stored = classified_from_store(conn, version_id, rules, cache)?;
    let same = stored.clauses.len() == clauses.len()
        && stored.clauses.iter().zip(clauses).all(|(left, right)| left.text == right.text);
    if same { Ok(stored) } else { Ok(classify_clauses(clauses.to_vec(), rules, cache)) }
}
