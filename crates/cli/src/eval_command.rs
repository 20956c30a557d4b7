//! The `eval-classifier` command: scores the clause classifier on sentences labelled by legal
//! experts (one `sentences/<Name>.txt` and `tags/<Name>.txt` per document). It reads no store.
//! To score another document set, add a variant to [`DocumentSet`].

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use serde::Serialize;

use clausewatch_analysis::eval::{
    CODE_CATEGORIES, EvalReport, HELD_OUT_DOCUMENTS, MACRO_CODES, TUNING_DOCUMENTS, document_names,
    evaluate_with, load_clause_labels,
};
use clausewatch_analysis::{Classifier, Taxonomy};

use crate::commands::Output;
use crate::render::table;

/// A selection of documents of the labelled folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DocumentSet {
    /// Every document in the folder.
    All,
    /// The 15 documents the built-in rules were tuned on.
    Tuning,
    /// The 15 documents never read while tuning the built-in rules.
    HeldOut,
}

/// The scores with what produced them.
#[derive(Debug, Serialize)]
struct EvalOutput {
    /// The document set scored: all, tuning or held-out.
    set: &'static str,
    /// Version of the rule set that classified the sentences.
    rule_set: String,
    /// Names of the scored documents.
    document_names: Vec<String>,
    #[serde(flatten)]
    report: EvalReport,
}

/// Scores the built-in rules, or those of `taxonomy`, on the `set` documents of `dir`.
pub fn eval_classifier(
    dir: &Path,
    set: DocumentSet,
    taxonomy: Option<&Path>,
    out: &Output,
) -> Result<()> {
    let names = set_names(dir, set)?;
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let documents = load_clause_labels(dir, &refs)
        .with_context(|| format!("could not read the labelled documents in {}", dir.display()))?;

    let loaded;
    let (classifier, rule_set) = match taxonomy {
        Some(path) => {
            let rules = Taxonomy::load(path).context("could not load the taxonomy file")?;
            loaded = Classifier::new(&rules)
                .with_context(|| format!("the rules of {} do not compile", path.display()))?;
            (&loaded, rules.version)
        }
        None => (Classifier::embedded(), Taxonomy::embedded().version.clone()),
    };

    let output = EvalOutput {
        set: set_label(set),
        rule_set,
        document_names: names,
        report: evaluate_with(classifier, &documents),
    };
    out.emit(&output, |writer| write_human(writer, &output))
}

/// Returns the names of the documents to score, checking that each fixed one is in `dir`.
fn set_names(dir: &Path, set: DocumentSet) -> Result<Vec<String>> {
    let present = document_names(dir)?;
    let fixed: &[&str] = match set {
        DocumentSet::All => return Ok(present),
        DocumentSet::Tuning => &TUNING_DOCUMENTS,
        DocumentSet::HeldOut => &HELD_OUT_DOCUMENTS,
    };

    let missing: Vec<&str> =
        fixed.iter().copied().filter(|name| !present.iter().any(|p| p == name)).collect();
    if !missing.is_empty() {
        bail!(
            "{} lacks {} of the {} documents: {}; give the folder of the 30 labelled terms of \
             service, or use --set all to score the documents it has",
            dir.display(),
            missing.len(),
            set_label(set),
            missing.join(", ")
        );
    }
    Ok(fixed.iter().map(|name| (*name).to_owned()).collect())
}

fn set_label(set: DocumentSet) -> &'static str {
    match set {
        DocumentSet::All => "all",
        DocumentSet::Tuning => "tuning",
        DocumentSet::HeldOut => "held-out",
    }
}

fn write_human(writer: &mut dyn Write, output: &EvalOutput) -> Result<()> {
    let report = &output.report;
    writeln!(
        writer,
        "Rule set {} on {} documents ({} set), {} sentences",
        output.rule_set, report.documents, output.set, report.sentences
    )?;

    let mut scores = table(["code", "category", "precision", "recall", "F1", "sentences"]);
    for (code, category) in CODE_CATEGORIES {
        let Some(score) = report.categories.get(*code) else { continue };
        scores.add_row([
            (*code).to_owned(),
            (*category).to_owned(),
            format!("{:.3}", score.precision),
            format!("{:.3}", score.recall),
            format!("{:.3}", score.f1),
            score.support.to_string(),
        ]);
    }
    writeln!(writer, "{scores}")?;
    writeln!(writer, "Macro-F1 over {}: {:.3}", MACRO_CODES.join(", "), report.macro_f1)?;
    Ok(())
}
