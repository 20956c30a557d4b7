//! Measures clause classification throughput: every sentence of the 30 labelled terms of
//! service, classified repeatedly with the embedded rules.
//!
//! Run `cargo bench -p clausewatch-analysis --bench classify`. It prints clauses per second
//! and megabytes of clause text per second; the figures depend on the machine.

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use clausewatch_analysis::eval::{HELD_OUT_DOCUMENTS, TUNING_DOCUMENTS, load_clause_labels};
use clausewatch_analysis::{Classifier, ClauseInput};

/// Passes over the whole corpus; enough for a run of a few seconds.
const PASSES: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clause-labels");
    let names: Vec<&str> = TUNING_DOCUMENTS.iter().chain(&HELD_OUT_DOCUMENTS).copied().collect();
    let documents = load_clause_labels(&dir, &names)?;
    let clauses: Vec<ClauseInput> = documents
        .iter()
        .flat_map(|document| &document.sentences)
        .map(|sentence| ClauseInput::sentence(sentence.text.clone()))
        .collect();
    let bytes: usize = clauses.iter().map(|clause| clause.text.len()).sum();

    // Compiling the rules is a one-off cost, kept out of the timed loop.
    let classifier = Classifier::embedded();

    let start = Instant::now();
    let mut assignments = 0usize;
    for _ in 0..PASSES {
        for clause in &clauses {
            assignments += black_box(classifier.classify(black_box(clause))).len();
        }
    }
    let seconds = start.elapsed().as_secs_f64();

    let classified = clauses.len() * PASSES;
    println!(
        "classified {classified} clauses ({:.1} MB) in {seconds:.2} s: {:.0} clauses/s, \
         {:.2} MB/s, {assignments} assignments",
        (bytes * PASSES) as f64 / 1e6,
        classified as f64 / seconds,
        (bytes * PASSES) as f64 / 1e6 / seconds,
    );
    Ok(())
}
