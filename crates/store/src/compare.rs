//! Cross-platform comparison of one category: for every platform and document, the clauses of
//! that category in the current version, when each was first recorded and last changed, and
//! how many platforms have one at all.
//!
//! The comparison reads the stored categories, so it reflects the rule set of the last
//! classification. Add columns to [`ComparedClause`] when a view needs more of a clause.

use rusqlite::params;
use serde::Serialize;

use clausewatch_analysis::Taxonomy;

use crate::{Result, Store, StoreError};

/// One category compared across every platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct CategoryComparison {
    pub category: String,
    pub name: String,
    /// Platforms whose current documents hold at least one clause of the category.
    pub platforms_with: usize,
    pub platforms_total: usize,
    /// "found in 7 of 11 platforms".
    pub adoption: String,
    pub platforms: Vec<PlatformComparison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct PlatformComparison {
    pub platform: String,
    pub found: bool,
    pub documents: Vec<DocumentComparison>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DocumentComparison {
    pub document: String,
    /// Recorded-at time of the current (latest) version.
    pub current_version: String,
    pub clauses: Vec<ComparedClause>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ComparedClause {
    pub clause_id: String,
    pub marker: Option<String>,
    pub heading_path: Vec<String>,
    pub text: String,
    /// Recorded-at time of the first version holding the clause.
    pub first_recorded: String,
    /// Recorded-at time of the last substantive change record of the clause (its addition
    /// counts), or `None` when it has read the same since the document's first version.
    pub last_changed: Option<String>,
    /// The words that placed the clause in the category, each once.
    pub evidence: Vec<String>,
    /// Severity ("none" to "critical") of the clause's latest analysed substantive change
    /// record, or `None` when no such change has been analysed.
    pub last_severity: Option<String>,
}

struct CurrentDocument {
    platform: String,
    document: String,
    version_id: i64,
    recorded_at: String,
}

impl Store {
    /// Compares the current clauses of `category` across every platform and document.
    pub fn compare_category(
        &self,
        taxonomy: &Taxonomy,
        category: &str,
    ) -> Result<CategoryComparison> {
        let Some(found) = taxonomy.category_named(category) else {
            let known: Vec<&str> = taxonomy.categories.iter().map(|c| c.id.as_str()).collect();
            return Err(StoreError::InvalidInput(format!(
                "unknown category {category:?}; categories: {}",
                known.join(", ")
            )));
        };

        let mut platforms: Vec<PlatformComparison> = Vec::new();
        for current in self.current_documents()? {
            let clauses = self.category_clauses(current.version_id, &found.id)?;
            if platforms.last().is_none_or(|entry| entry.platform != current.platform) {
                platforms.push(PlatformComparison {
                    platform: current.platform.clone(),
                    found: false,
                    documents: Vec::new(),
                });
            }
            let entry = platforms.last_mut().expect("pushed above");
            entry.found |= !clauses.is_empty();
            entry.documents.push(DocumentComparison {
                document: current.document,
                current_version: current.recorded_at,
                clauses,
            });
        }

        let platforms_with = platforms.iter().filter(|entry| entry.found).count();
        let platforms_total = platforms.len();
        let noun = if platforms_total == 1 { "platform" } else { "platforms" };
        Ok(CategoryComparison {
            category: found.id.clone(),
            name: found.name.clone(),
            platforms_with,
            platforms_total,
            adoption: format!("found in {platforms_with} of {platforms_total} {noun}"),
            platforms,
        })
    }

    /// Returns every document with its latest version, by platform and document name.
    fn current_documents(&self) -> Result<Vec<CurrentDocument>> {
        let mut statement = self.conn.prepare(
            "SELECT p.name, d.doc_type, v.id, v.recorded_at
             FROM documents d JOIN platforms p ON p.id = d.platform_id
             JOIN versions v ON v.document_id = d.id
             WHERE v.recorded_at = (SELECT max(recorded_at) FROM versions
                                    WHERE document_id = d.id)
             ORDER BY p.name COLLATE NOCASE, d.doc_type COLLATE NOCASE",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(CurrentDocument {
                platform: row.get(0)?,
                document: row.get(1)?,
                version_id: row.get(2)?,
                recorded_at: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn category_clauses(&self, version_id: i64, category: &str) -> Result<Vec<ComparedClause>> {
        let mut statement = self.conn.prepare_cached(
            "SELECT c.lineage_id, c.marker, c.heading_path, t.text, cc.evidence,
                 (SELECT min(v.recorded_at) FROM clauses c2 JOIN versions v ON v.id = c2.version_id
                  WHERE c2.lineage_id = c.lineage_id),
                 (SELECT max(v.recorded_at) FROM changes ch JOIN versions v ON v.id = ch.version_id
                  WHERE ch.lineage_id = c.lineage_id AND ch.substantive),
                 (SELECT a.severity FROM change_analysis a
                  JOIN changes ch ON ch.version_id = a.version_id AND ch.lineage_id = a.lineage_id
                  JOIN versions v ON v.id = a.version_id
                  WHERE a.lineage_id = c.lineage_id AND ch.substantive
                  ORDER BY v.recorded_at DESC LIMIT 1)
             FROM clause_categories cc
             JOIN clauses c ON c.version_id = cc.version_id AND c.ordinal = cc.ordinal
             JOIN clause_texts t ON t.id = c.text_id
             WHERE cc.version_id = ?1 AND cc.category = ?2
             ORDER BY c.ordinal",
        )?;
        let rows = statement.query_map(params![version_id, category], |row| {
            let path: String = row.get(2)?;
            let evidence: String = row.get(4)?;
            Ok(ComparedClause {
                clause_id: row.get(0)?,
                marker: row.get(1)?,
                heading_path: serde_json::from_str(&path).unwrap_or_default(),
                text: row.get(3)?,
                first_recorded: row.get(5)?,
                last_changed: row.get(6)?,
                evidence: evidence_words(&evidence),
                last_severity: row.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// Returns the distinct matched words of a stored evidence list, in order, lowercased.
pub(crate) fn evidence_words(evidence: &str) -> Vec<String> {
    let spans: Vec<clausewatch_analysis::Evidence> =
        serde_json::from_str(evidence).unwrap_or_default();
    let mut words: Vec<String> = Vec::new();
    for span in spans {
        let word = span.text.to_lowercase();
        if !words.contains(&word) {
            words.push(word);
        }
    }
    words
}
