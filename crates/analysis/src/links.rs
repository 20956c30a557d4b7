//! Cross-checks between the taxonomy and the regulations library, so that an edit to either
//! file cannot leave a dangling id.

use crate::{AnalysisError, Regulations, Taxonomy};

/// Checks that every regulation id named by a category, a checklist item or an
/// enforcement-risk assessment exists.
///
/// Returns an error listing every dangling id at once.
pub fn check_links(taxonomy: &Taxonomy, regulations: &Regulations) -> Result<(), AnalysisError> {
    let mut problems = Vec::new();
    let known = |id: &str| regulations.regulation(id).is_some();

    for category in &taxonomy.categories {
        for id in category.regulations.iter().filter(|id| !known(id)) {
            problems.push(format!("category {:?} links unknown regulation {id:?}", category.id));
        }
        for item in category.checklist.iter().filter(|item| !known(&item.source)) {
            problems.push(format!(
                "checklist item {:?} of category {:?} names unknown regulation {:?}",
                item.text, category.id, item.source
            ));
        }
    }

    // A reviewed taxonomy may drop a built-in category. Its assessments are then never shown,
    // so naming a category the taxonomy leaves out is not an error.
    for risk in &regulations.risks {
        for id in risk.sources.iter().filter(|id| !known(id)) {
            problems.push(format!(
                "risk assessment of {:?} in {} names unknown regulation {id:?}",
                risk.category, risk.jurisdiction
            ));
        }
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(AnalysisError::Links(format!(
            "{} dangling reference(s); the regulations library is built in, so name only its \
             ids (listed in assets/regulations.toml of the Clausewatch source): {}",
            problems.len(),
            problems.join("; ")
        )))
    }
}
