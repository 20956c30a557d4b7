//! The `reclassify` command: applies a reviewed taxonomy file, or the built-in rules, to every
//! document and reports which rule sets produced the stored analysis.

use std::path::Path;

use anyhow::{Context, Result};
use chrono::Utc;
use serde::Serialize;

use clausewatch_store::Store;
use clausewatch_store::active_rules::RuleSource;

use crate::analysis_commands::current_user;
use crate::commands::Output;
use crate::render::table;

/// The applied rules and the rule sets of the stored analysis after.
#[derive(Debug, Serialize)]
struct ReclassifyReport {
    /// Path of the taxonomy file, or "built-in".
    taxonomy: String,
    /// Version of the applied rule set.
    rule_set: String,
    documents: usize,
    rule_sets: Vec<RuleSetCount>,
}

/// Number of stored category and change-analysis rows produced by one rule set.
#[derive(Debug, Serialize)]
struct RuleSetCount {
    rule_set: String,
    rows: usize,
}

pub fn reclassify(store: &mut Store, taxonomy: Option<&Path>, out: &Output) -> Result<()> {
    let text = taxonomy
        .map(|path| {
            std::fs::read_to_string(path).with_context(|| {
                format!("could not read the taxonomy file {}; check the path", path.display())
            })
        })
        .transpose()?;
    let origin = taxonomy.map(|path| path.display().to_string());
    let source = match (&text, &origin) {
        (Some(text), Some(origin)) => RuleSource::Reviewed { text, origin },
        _ => RuleSource::Embedded,
    };

    let label = origin.as_deref().unwrap_or("the built-in rules");
    let documents = store
        .apply_rules(source, &current_user()?, Utc::now())
        .with_context(|| format!("could not reclassify with {label}"))?;
    let active = store.active_rules()?;
    let report = ReclassifyReport {
        taxonomy: origin.unwrap_or_else(|| "built-in".to_owned()),
        rule_set: active.rules().version().to_owned(),
        documents,
        rule_sets: store
            .rule_sets()?
            .into_iter()
            .map(|(rule_set, rows)| RuleSetCount { rule_set, rows })
            .collect(),
    };

    out.emit(&report, |w| {
        writeln!(
            w,
            "Reclassified {} documents with rule set {} ({}).",
            report.documents, report.rule_set, report.taxonomy
        )?;
        let mut rows = table(["Rule set", "Stored rows"]);
        for count in &report.rule_sets {
            rows.add_row(vec![count.rule_set.clone(), count.rows.to_string()]);
        }
        writeln!(w, "{rows}")?;
        Ok(())
    })
}
