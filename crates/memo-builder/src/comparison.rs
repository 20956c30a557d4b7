//! Cross-platform comparison: for the categories of the most severe changes, which clauses
//! of that category every platform's current documents hold.
//!
//! The comparison reads each document's latest version, not the version at the memo's date,
//! because it shows where the other platforms are now.

use clausewatch_analysis::Taxonomy;
use clausewatch_memo::{Comparison, ComparisonRow, Section};
use clausewatch_store::Store;
use clausewatch_store::compare::{ComparedClause, PlatformComparison};

use crate::error::BuildError;
use crate::rating::category_name;
use crate::regulatory::substantive_categories;
use crate::scope::Scope;

/// Columns of the comparison table after the platform's: more would not fit a page.
const MAX_TOPICS: usize = 4;

/// Clauses named per document before the rest are counted.
const MAX_LABELS: usize = 2;

/// Words of a heading or a clause quoted to name a clause.
const LABEL_WORDS: usize = 5;

/// Returns the comparison of the categories of the most severe substantive changes.
pub fn comparison(
    store: &Store,
    taxonomy: &Taxonomy,
    scope: &Scope,
) -> Result<Section<Comparison>, BuildError> {
    let mut categories = substantive_categories(taxonomy, scope);
    if categories.is_empty() {
        return Ok(Section::NotAvailable {
            reason: "no substantive change in this memo has a category to compare.".to_owned(),
        });
    }
    // The most severe categories first; the sort is stable, so taxonomy order breaks ties.
    categories.sort_by_key(|id| std::cmp::Reverse(highest_level(scope, id)));
    categories.truncate(MAX_TOPICS);

    let mut topics = Vec::new();
    let mut rows: Vec<ComparisonRow> = Vec::new();
    for id in &categories {
        let compared = store.compare_category(taxonomy, id)?;
        topics.push(category_name(taxonomy, id));
        for platform in &compared.platforms {
            let row = match rows.iter_mut().position(|row| row.platform == platform.platform) {
                Some(index) => &mut rows[index],
                None => {
                    rows.push(ComparisonRow {
                        platform: platform.platform.clone(),
                        positions: vec![String::new(); topics.len() - 1],
                    });
                    rows.last_mut().expect("pushed above")
                }
            };
            row.positions.push(position(platform));
        }
    }
    Ok(Section::Available(Comparison { topics, rows }))
}

/// Returns the rank of the highest severity among the substantive changes of a category.
fn highest_level(scope: &Scope, category: &str) -> usize {
    let rank = |level: &str| {
        ["none", "low", "medium", "high", "critical"].iter().position(|l| *l == level)
    };
    scope
        .changes()
        .filter(|(_, change)| change.substantive && change.categories.iter().any(|c| c == category))
        .filter_map(|(_, change)| change.severity.as_deref().and_then(rank))
        .max()
        .unwrap_or(0)
}

/// Returns "Terms of Service (3 clauses): “Dispute resolution”; 4.6 (viii)" or "Not found" for
/// one platform. Each clause is named by its section heading, else its marker, else its first
/// words, so that a reader can find it in the document.
fn position(platform: &PlatformComparison) -> String {
    if !platform.found {
        return "Not found".to_owned();
    }
    let mut parts = Vec::new();
    for document in platform.documents.iter().filter(|document| !document.clauses.is_empty()) {
        let mut labels: Vec<String> = Vec::new();
        for clause in &document.clauses {
            let label = clause_label(clause);
            if !labels.contains(&label) {
                labels.push(label);
            }
        }
        let rest = labels.len().saturating_sub(MAX_LABELS);
        labels.truncate(MAX_LABELS);
        if rest > 0 {
            labels.push(format!("{rest} more"));
        }
        let count = match document.clauses.len() {
            1 => "1 clause".to_owned(),
            n => format!("{n} clauses"),
        };
        parts.push(format!("{} ({count}): {}", document.document, labels.join("; ")));
    }
    parts.join(". ")
}

/// Returns the clause's section heading, else its marker, else its first words, quoted.
fn clause_label(clause: &ComparedClause) -> String {
    if let Some(heading) = clause.heading_path.last() {
        return format!("\u{201c}{}\u{201d}", shorten(heading, LABEL_WORDS));
    }
    match &clause.marker {
        Some(marker) => marker.clone(),
        None => format!("\u{201c}{}\u{201d}", shorten(&clause.text, LABEL_WORDS)),
    }
}

/// Returns the first `words` words of `text`, with an ellipsis when there are more.
fn shorten(text: &str, words: usize) -> String {
    let all: Vec<&str> = text.split_whitespace().collect();
    if all.len() <= words {
        return all.join(" ");
    }
    format!("{}\u{2026}", all[..words].join(" "))
}
