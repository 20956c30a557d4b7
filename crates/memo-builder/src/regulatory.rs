//! Regulations and enforcement risk: the provisions that the categories of the substantive
//! changes link to, and the assessed risk of each category per jurisdiction.
//!
//! Categories come from the store; regulations and risk assessments come from the libraries
//! in `assets/`, the same ones the desktop app shows.

use clausewatch_analysis::{Regulations, RiskLevel, Taxonomy};
use clausewatch_memo::{Regulation, RegulatoryFramework, Section};

use crate::rating::category_name;
use crate::scope::Scope;

/// Returns the regulations and enforcement risk of the substantive changes' categories.
pub fn regulatory(
    taxonomy: &Taxonomy,
    library: &Regulations,
    scope: &Scope,
) -> Section<RegulatoryFramework> {
    let analysed =
        scope.changes().any(|(_, change)| change.substantive && change.severity.is_some());
    if !analysed {
        return Section::NotAvailable {
            reason: "no substantive change in this memo has been analysed, so no category links \
                     it to a regulation."
                .to_owned(),
        };
    }
    let categories = substantive_categories(taxonomy, scope);

    // Each regulation once, with every category that links to it.
    let mut linked: Vec<(String, Vec<String>)> = Vec::new();
    for id in &categories {
        let Some(category) = taxonomy.category(id) else { continue };
        for regulation_id in &category.regulations {
            match linked.iter_mut().find(|(linked_id, _)| linked_id == regulation_id) {
                Some((_, names)) => names.push(category.name.clone()),
                None => linked.push((regulation_id.clone(), vec![category.name.clone()])),
            }
        }
    }
    let regulations = linked
        .iter()
        .filter_map(|(id, names)| {
            let regulation = library.regulation(id)?;
            let check = if regulation.verified {
                String::new()
            } else {
                format!(
                    " Citation not yet verified against the official text; check it at {} \
                     before relying on it.",
                    regulation.source_url
                )
            };
            Some(Regulation {
                name: format!(
                    "{} {} ({})",
                    regulation.instrument, regulation.article, regulation.jurisdiction
                ),
                relevance: format!(
                    "{} Linked through: {}.{check}",
                    regulation.summary,
                    names.join("; ")
                ),
            })
        })
        .collect();

    Section::Available(RegulatoryFramework {
        regulations,
        enforcement_risk: enforcement_risk(taxonomy, library, &categories),
    })
}

/// Returns the distinct categories of the substantive changes, in taxonomy order.
pub fn substantive_categories(taxonomy: &Taxonomy, scope: &Scope) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (_, change) in scope.changes().filter(|(_, change)| change.substantive) {
        for id in &change.categories {
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
    }
    let position = |id: &str| taxonomy.categories.iter().position(|c| c.id == id);
    ids.sort_by_key(|id| position(id).unwrap_or(usize::MAX));
    ids
}

/// Returns one line per category and jurisdiction: "Arbitration, EU: High. …".
fn enforcement_risk(taxonomy: &Taxonomy, library: &Regulations, categories: &[String]) -> String {
    let mut lines = Vec::new();
    for id in categories {
        for risk in library.risks_for(id) {
            lines.push(format!(
                "{}, {}: {}. {}",
                category_name(taxonomy, id),
                risk.jurisdiction,
                risk_label(risk.level),
                risk.text
            ));
        }
    }
    if lines.is_empty() {
        return "No enforcement-risk assessment covers the categories of these changes.".to_owned();
    }
    lines.join("\n")
}

fn risk_label(level: RiskLevel) -> &'static str {
    match level {
        RiskLevel::Low => "Low",
        RiskLevel::Medium => "Medium",
        RiskLevel::High => "High",
    }
}
