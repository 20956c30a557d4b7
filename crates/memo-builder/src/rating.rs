//! Category and severity of change records, as the store's analysis rated them, and the
//! selection of change records by category.
//!
//! Category ids are shown by their taxonomy names. A change record without analysis (stored
//! before its document was classified) is printed as not rated rather than given a guess.

use clausewatch_analysis::Taxonomy;
use clausewatch_memo::{Rating, Section, Severity};
use clausewatch_store::model::ChangeView;

use crate::error::BuildError;

/// Reason printed for a change record that has no stored analysis.
const NOT_RATED: &str = "the store holds no analysis of this change record; run `clausewatch \
                         reanalyze` to rate it.";

/// Returns the category and severity of one change record.
pub fn rating(taxonomy: &Taxonomy, change: &ChangeView) -> Section<Rating> {
    let (Some(level), Some(reason)) = (&change.severity, &change.severity_reason) else {
        return not_rated();
    };
    let Some(severity) = parse_severity(level) else {
        return not_rated();
    };

    let names: Vec<String> =
        change.categories.iter().map(|id| category_name(taxonomy, id)).collect();
    let category = if names.is_empty() { "Uncategorised".to_owned() } else { names.join("; ") };
    Section::Available(Rating { category, severity, severity_reason: reason.clone() })
}

/// Returns the highest severity of the rated changes, `None` when there is no change to
/// rate, or not available when any substantive change lacks a rating.
pub fn highest_severity(ratings: &[&Section<Rating>]) -> Section<Option<Severity>> {
    let mut highest: Option<Severity> = None;
    for rating in ratings {
        match rating {
            Section::Available(rating) => highest = highest.max(Some(rating.severity)),
            Section::NotAvailable { .. } => {
                let unrated = ratings
                    .iter()
                    .filter(|rating| matches!(rating, Section::NotAvailable { .. }))
                    .count();
                return Section::NotAvailable {
                    reason: format!(
                        "{unrated} of {} substantive changes are not rated.",
                        ratings.len()
                    ),
                };
            }
        }
    }
    Section::Available(highest)
}

/// Returns the id of the category that `name` gives by id or by name, in any case.
pub fn resolve_category(taxonomy: &Taxonomy, name: &str) -> Result<String, BuildError> {
    let name = name.trim();
    match taxonomy.category_named(name) {
        Some(category) => Ok(category.id.clone()),
        None => {
            let known: Vec<&str> = taxonomy.categories.iter().map(|c| c.id.as_str()).collect();
            Err(BuildError::UnknownCategory { category: name.to_owned(), known: known.join(", ") })
        }
    }
}

/// Returns the taxonomy name of a category id, or the id when the taxonomy lacks it.
pub fn category_name(taxonomy: &Taxonomy, id: &str) -> String {
    taxonomy.category(id).map_or_else(|| id.to_owned(), |category| category.name.clone())
}

fn parse_severity(level: &str) -> Option<Severity> {
    match level {
        "none" => Some(Severity::None),
        "low" => Some(Severity::Low),
        "medium" => Some(Severity::Medium),
        "high" => Some(Severity::High),
        "critical" => Some(Severity::Critical),
        _ => None,
    }
}

fn not_rated() -> Section<Rating> {
    Section::NotAvailable { reason: NOT_RATED.to_owned() }
}
