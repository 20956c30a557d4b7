//! Measures classification on the bundled corpus: every clause of every version, in clauses
//! per second.
//!
//! `cargo bench -p clausewatch-store --bench classify` prints two figures:
//! - the classifier alone, on every clause of the 235 versions with its headings and lead-in,
//!   with no cache (each clause is classified even when an earlier version had the same text);
//! - `Store::reclassify_all`, which reads the stored clauses, classifies each distinct input
//!   once per document, rates every change record and writes the results.
//!
//! The figures depend on the machine.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{TimeZone, Utc};
use clausewatch_analysis::{Classifier, ClauseInput};
use clausewatch_core::{ClauseKind, segment};
use clausewatch_store::Store;
use clausewatch_store::archive::scan;
use clausewatch_store::classify::Rules;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions")
}

fn main() {
    let documents = scan(&corpus()).expect("scan");
    let mut inputs = Vec::new();
    for version in documents.iter().flat_map(|document| &document.versions) {
        let clauses = segment(&version.content);
        for clause in &clauses {
            let lead_in = clause
                .parent
                .and_then(|index| clauses.get(index))
                .filter(|parent| parent.kind != ClauseKind::Heading)
                .filter(|parent| parent.text.trim_end().ends_with(':'))
                .map(|parent| parent.text.clone());
            inputs.push(ClauseInput {
                text: clause.text.clone(),
                heading_path: clause.heading_path.clone(),
                lead_in,
            });
        }
    }

    let classifier = Classifier::embedded();
    let started = Instant::now();
    let assignments: usize = inputs.iter().map(|input| classifier.classify(input).len()).sum();
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "classifier alone: {} clauses in {seconds:.2} s, {:.0} clauses/s, {assignments} \
         assignments",
        inputs.len(),
        inputs.len() as f64 / seconds
    );

    let dir = tempfile::tempdir().expect("folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).single().expect("time");
    store.import_archive(&corpus(), now).expect("import");
    let clauses = store.counts().expect("counts").clauses;
    let started = Instant::now();
    store.reclassify_all(Rules::embedded()).expect("reclassify");
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "reclassify_all (stored clauses and change records, with writes): {clauses} clauses in \
         {seconds:.2} s, {:.0} clauses/s",
        clauses as f64 / seconds
    );
}
