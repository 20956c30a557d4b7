//! Prints the scores of the embedded rules on the tuning documents of the labelled corpus, and
//! the misclassified sentences of one dataset code.
//!
//! Run `cargo run -p clausewatch-analysis --example tune -- ltd` while editing
//! `assets/taxonomy.toml`. It loads the taxonomy file at run time, so a rule change needs no
//! rebuild. It reads only the tuning documents, never the held-out ones.

use std::path::Path;

use clausewatch_analysis::eval::{TUNING_DOCUMENTS, evaluate_with, load_clause_labels, outcomes};
use clausewatch_analysis::{Classifier, Taxonomy};

/// The taxonomy file, relative to this crate.
const TAXONOMY_PATH: &str = "../../assets/taxonomy.toml";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clause-labels");
    let documents = load_clause_labels(&dir, &TUNING_DOCUMENTS)?;
    let taxonomy = Taxonomy::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join(TAXONOMY_PATH))?;
    let classifier = &Classifier::new(&taxonomy)?;

    let report = evaluate_with(classifier, &documents);
    println!("{}", serde_json::to_string_pretty(&report)?);

    let Some(code) = std::env::args().nth(1) else {
        return Ok(());
    };

    for outcome in outcomes(classifier, &documents) {
        let expected = outcome.expected.contains(&code.as_str());
        let predicted = outcome.predicted.contains(&code.as_str());
        let label = match (expected, predicted) {
            (true, false) => "MISSED",
            (false, true) => "WRONG ",
            _ => continue,
        };
        println!("{label} {:<16} {}", outcome.document, outcome.text);
    }

    Ok(())
}
