//! `clausewatch eval-classifier`: scores on the labelled terms of service and on a corpus small
//! enough to count by hand.

mod common;

use std::path::{Path, PathBuf};

use clausewatch_analysis::eval::{HELD_OUT_DOCUMENTS, MACRO_CODES, evaluate, load_clause_labels};

use common::{json, run, stderr, stdout};

fn labelled_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../analysis/tests/data/clause-labels")
}

/// Writes one document of four sentences: one arbitration sentence found by the rules, one
/// labelled arbitration but not found, one found but not labelled, and one neither.
fn write_small_corpus(dir: &Path) {
    std::fs::create_dir_all(dir.join("sentences")).unwrap();
    std::fs::create_dir_all(dir.join("tags")).unwrap();
    let sentences = "All disputes shall be resolved exclusively by binding arbitration.\n\
                     Please read the section on dispute resolution carefully.\n\
                     Any election to arbitrate by one party shall be final and binding.\n\
                     We hope you enjoy the service.\n";
    std::fs::write(dir.join("sentences/Small.txt"), sentences).unwrap();
    std::fs::write(dir.join("tags/Small.txt"), "a2\na3\n\n\n").unwrap();
}

#[test]
fn held_out_scores_match_library() {
    let data = tempfile::tempdir().unwrap();
    let dir = labelled_dir();

    let report =
        json(data.path(), &["eval-classifier", dir.to_str().unwrap(), "--set", "held-out"]);

    let documents = load_clause_labels(&dir, &HELD_OUT_DOCUMENTS).unwrap();
    let expected = evaluate(&documents);
    let macro_f1 = report["macro_f1"].as_f64().unwrap();
    assert!((macro_f1 - expected.macro_f1).abs() < 1e-12, "{macro_f1} vs {}", expected.macro_f1);
    let mean: f64 = MACRO_CODES
        .iter()
        .map(|code| report["categories"][code]["f1"].as_f64().unwrap())
        .sum::<f64>()
        / 8.0;
    assert!((mean - macro_f1).abs() < 1e-12, "macro-F1 is the mean of the eight F1 scores");
    assert_eq!(report["set"], "held-out");
    assert_eq!(report["documents"], 15);
    assert_eq!(report["document_names"][0], "Endomondo");
}

#[test]
fn small_corpus_matches_hand_counts() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    write_small_corpus(corpus.path());

    let report = json(data.path(), &["eval-classifier", corpus.path().to_str().unwrap()]);
    let output = run(data.path(), &["eval-classifier", corpus.path().to_str().unwrap()]);

    // One true positive, one false positive and one false negative for arbitration.
    let arbitration = &report["categories"]["a"];
    assert_eq!(arbitration["precision"].as_f64(), Some(0.5));
    assert_eq!(arbitration["recall"].as_f64(), Some(0.5));
    assert_eq!(arbitration["f1"].as_f64(), Some(0.5));
    // The seven other codes score F1 0, so the mean is 0.5 / 8.
    assert_eq!(report["macro_f1"].as_f64(), Some(0.0625));
    assert_eq!(report["sentences"], 4);
    let text = stdout(&output);
    assert!(text.contains("Macro-F1 over a, ch, cr, j, law, ltd, ter, use: 0.062"), "{text}");
}

#[test]
fn fixed_set_needs_its_documents() {
    let data = tempfile::tempdir().unwrap();
    let corpus = tempfile::tempdir().unwrap();
    write_small_corpus(corpus.path());

    let output =
        run(data.path(), &["eval-classifier", corpus.path().to_str().unwrap(), "--set", "tuning"]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("lacks 15 of the tuning documents"), "{message}");
    assert!(message.contains("Electronic_Arts"), "{message}");
}

#[test]
fn folder_without_labels_is_rejected() {
    let data = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();

    let output = run(data.path(), &["eval-classifier", empty.path().to_str().unwrap()]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("holds no labelled documents"), "{message}");
    assert!(!data.path().join("clausewatch.sqlite3").exists(), "no store is created");
}
