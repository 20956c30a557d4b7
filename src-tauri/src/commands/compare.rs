//! `compare_category`: how every platform's current clauses of one category read, with the
//! severity of each clause's last substantive change and the category's enforcement risk.

use clausewatch_analysis::{Regulations, RiskLevel};
use clausewatch_store::compare::CategoryComparison;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

use crate::engine::with_store;
use crate::error::CommandError;
use crate::state::AppState;

/// A category compared across platforms, with its enforcement-risk assessments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "CategoryCompareView.ts")]
pub struct CategoryCompareView {
    pub comparison: CategoryComparison,
    /// One assessment per jurisdiction, from the regulations library built into the app.
    pub risks: Vec<RiskEntry>,
}

/// The enforcement risk of a category in one jurisdiction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export_to = "RiskEntry.ts")]
pub struct RiskEntry {
    pub jurisdiction: String,
    /// "low", "medium" or "high".
    pub level: String,
    pub text: String,
}

/// Compares the current clauses of `category` (an id such as "arbitration") across every
/// platform and document.
#[tauri::command]
pub async fn compare_category(
    state: State<'_, AppState>,
    category: String,
) -> Result<CategoryCompareView, CommandError> {
    with_store(state.data_dir.clone(), move |store| {
        let active = store.active_rules()?;
        let comparison = store.compare_category(active.rules().taxonomy, &category)?;
        let risks = risk_entries(Regulations::embedded(), &comparison.category);
        Ok(CategoryCompareView { comparison, risks })
    })
    .await
}

/// Lists the enforcement-risk assessments of `category` in `library`.
pub fn risk_entries(library: &Regulations, category: &str) -> Vec<RiskEntry> {
    library
        .risks_for(category)
        .map(|risk| RiskEntry {
            jurisdiction: risk.jurisdiction.clone(),
            level: match risk.level {
                RiskLevel::Low => "low",
                RiskLevel::Medium => "medium",
                RiskLevel::High => "high",
            }
            .to_owned(),
            text: risk.text.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arbitration_risks_per_jurisdiction() {
        let risks = risk_entries(Regulations::embedded(), "arbitration");

        // assets/regulations.toml assesses arbitration in the US (low) and the EU (high).
        let levels: Vec<(&str, &str)> =
            risks.iter().map(|risk| (risk.jurisdiction.as_str(), risk.level.as_str())).collect();
        assert_eq!(levels, [("US", "low"), ("EU", "high")]);
        assert!(risks[1].text.starts_with("Pre-dispute arbitration"), "{}", risks[1].text);
    }
}
