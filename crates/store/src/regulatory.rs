//! The regulatory view of a clause: its categories in the latest version that contains it, the
//! evidence for each, the regulations each category links with the reason they apply, and the
//! enforcement risk of each category per jurisdiction.
//!
//! Categories come from the store; regulations and risk assessments come from the library
//! passed in, so a reviewer can try an edited library without re-analysis. Add a field to
//! [`RegulationLink`] or [`RiskView`] when a view needs more of the library.

use rusqlite::OptionalExtension;
use serde::Serialize;

use clausewatch_analysis::{Evidence, Regulations, RiskLevel, Taxonomy};

use crate::compare::evidence_words;
use crate::{Result, Store, StoreError};

/// A clause's categories with their regulations and enforcement risk.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClauseAnalysis {
    pub clause_id: String,
    /// Recorded-at time of the latest version holding the clause.
    pub recorded_at: String,
    pub categories: Vec<CategoryFinding>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CategoryFinding {
    pub category: String,
    pub name: String,
    /// Taxonomy version that assigned the category.
    pub rule_set: String,
    pub evidence: Vec<Evidence>,
    pub regulations: Vec<RegulationLink>,
    pub enforcement_risk: Vec<RiskView>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegulationLink {
    pub id: String,
    pub instrument: String,
    pub article: String,
    pub jurisdiction: String,
    /// The provision's requirement and the category and words that make it apply.
    pub reason: String,
    pub verified: bool,
    pub source_url: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RiskView {
    pub jurisdiction: String,
    pub level: RiskLevel,
    pub text: String,
    pub sources: Vec<String>,
}

impl Store {
    /// Returns the categories of a clause as it last reads, with their regulations and
    /// enforcement risk. A clause removed from its document is read in the last version that
    /// held it.
    pub fn clause_analysis(
        &self,
        clause_id: &str,
        taxonomy: &Taxonomy,
        regulations: &Regulations,
    ) -> Result<ClauseAnalysis> {
        let clause_id = clause_id.trim();
        self.clause_document(clause_id)?;
        let latest: Option<(i64, i64, String)> = self
            .conn
            .query_row(
                "SELECT c.version_id, c.ordinal, v.recorded_at FROM clauses c
                 JOIN versions v ON v.id = c.version_id
                 WHERE c.lineage_id = ?1 ORDER BY v.recorded_at DESC LIMIT 1",
                [clause_id],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        let Some((version_id, ordinal, recorded_at)) = latest else {
            return Err(StoreError::NotFound(format!(
                "clause {clause_id:?} is in no stored version; run `clausewatch reanalyze`"
            )));
        };

        let mut statement = self.conn.prepare(
            "SELECT category, evidence, rule_set FROM clause_categories
             WHERE version_id = ?1 AND ordinal = ?2",
        )?;
        let rows: Vec<(String, String, String)> = statement
            .query_map(rusqlite::params![version_id, ordinal], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get(2)?))
            })?
            .collect::<rusqlite::Result<_>>()?;

        let mut categories = Vec::new();
        for (id, evidence, rule_set) in rows {
            let name = taxonomy.category(&id).map_or_else(|| id.clone(), |c| c.name.clone());
            let links = taxonomy.category(&id).map(|c| c.regulations.as_slice()).unwrap_or(&[]);
            let words = evidence_words(&evidence);
            // A few words are enough to show why; the evidence field keeps every span.
            let quoted: Vec<String> =
                words.iter().take(3).map(|word| format!("\"{word}\"")).collect();
            let regulations_found = links
                .iter()
                .filter_map(|link| regulations.regulation(link))
                .map(|regulation| RegulationLink {
                    id: regulation.id.clone(),
                    instrument: regulation.instrument.clone(),
                    article: regulation.article.clone(),
                    jurisdiction: regulation.jurisdiction.clone(),
                    reason: format!(
                        "{} It applies because the clause is about {name} (it reads {}).",
                        regulation.summary,
                        quoted.join(", ")
                    ),
                    verified: regulation.verified,
                    source_url: regulation.source_url.clone(),
                })
                .collect();
            let enforcement_risk = regulations
                .risks_for(&id)
                .map(|risk| RiskView {
                    jurisdiction: risk.jurisdiction.clone(),
                    level: risk.level,
                    text: risk.text.clone(),
                    sources: risk.sources.clone(),
                })
                .collect();
            categories.push(CategoryFinding {
                category: id,
                name,
                rule_set,
                evidence: serde_json::from_str(&evidence).unwrap_or_default(),
                regulations: regulations_found,
                enforcement_risk,
            });
        }

        // Taxonomy order, so the view reads the same as the taxonomy file.
        let position = |id: &str| taxonomy.categories.iter().position(|c| c.id == id);
        categories.sort_by_key(|finding| position(&finding.category).unwrap_or(usize::MAX));
        Ok(ClauseAnalysis { clause_id: clause_id.to_owned(), recorded_at, categories })
    }
}
