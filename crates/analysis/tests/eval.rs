//! Evaluation on expert labels: the held-out score, the report's JSON shape and the metric
//! arithmetic on a corpus small enough to count by hand.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clausewatch_analysis::eval::{
    EvalReport, HELD_OUT_DOCUMENTS, MACRO_CODES, TUNING_DOCUMENTS, document_names, evaluate,
    load_clause_labels,
};

/// Macro-F1 the held-out documents must reach: the score of the current rules (0.695),
/// rounded down. The rules score 0.829 on the tuning documents.
// TODO(classifier): the goal is 0.80, the range of published learned models on a related
// split; raise this floor to it once the rules get there without tuning on held-out documents.
const HELD_OUT_MACRO_F1_FLOOR: f64 = 0.69;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/clause-labels")
}

/// Returns the report on the held-out documents, computed once for all tests of this file
/// because classifying 15 documents takes seconds in a debug build.
fn held_out_report() -> &'static EvalReport {
    static REPORT: OnceLock<EvalReport> = OnceLock::new();
    REPORT.get_or_init(|| {
        let documents = load_clause_labels(&corpus_dir(), &HELD_OUT_DOCUMENTS).unwrap();
        evaluate(&documents)
    })
}

#[test]
fn tuning_and_held_out_documents_are_disjoint() {
    for name in TUNING_DOCUMENTS {
        assert!(!HELD_OUT_DOCUMENTS.contains(&name), "{name} is in both sets");
    }
}

#[test]
fn held_out_macro_f1_meets_floor() {
    let report = held_out_report();
    println!("{}", serde_json::to_string_pretty(&report).unwrap());

    assert_eq!(report.documents, 15);
    assert!(
        report.macro_f1 >= HELD_OUT_MACRO_F1_FLOOR,
        "held-out macro-F1 {:.3} is below {HELD_OUT_MACRO_F1_FLOOR}",
        report.macro_f1
    );
}

#[test]
fn report_serializes_codes_with_scores() {
    let json = serde_json::to_value(held_out_report()).unwrap();

    assert!(json["macro_f1"].as_f64().is_some_and(|f1| (0.0..=1.0).contains(&f1)));
    for code in MACRO_CODES {
        let scores = &json["categories"][code];
        for field in ["precision", "recall", "f1"] {
            assert!(scores[field].as_f64().is_some(), "{code}.{field} missing");
        }
        assert!(scores["support"].as_u64().is_some_and(|n| n > 0), "{code} has no support");
    }
}

/// Writes a two-document corpus into a fresh folder and returns the folder.
fn write_small_corpus() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clause-labels-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sentences")).unwrap();
    std::fs::create_dir_all(dir.join("tags")).unwrap();

    let sentences = [
        // Labelled arbitration, found by the rules: a true positive.
        "All disputes shall be resolved exclusively by binding arbitration.",
        // Labelled arbitration, not found: a false negative.
        "Please read the section on dispute resolution carefully.",
        // Not labelled, found: a false positive for arbitration.
        "Any election to arbitrate by one party shall be final and binding on the other.",
        // Not labelled, not found.
        "We hope you enjoy the service.",
    ];
    let tags = ["a2", "a3 countrym", "", ""];
    // Each line ends with a newline, as in the published corpus.
    let lines = |items: &[&str]| items.iter().map(|item| format!("{item}\n")).collect::<String>();
    std::fs::write(dir.join("sentences/Small.txt"), lines(&sentences)).unwrap();
    std::fs::write(dir.join("tags/Small.txt"), lines(&tags)).unwrap();
    dir
}

#[test]
fn small_corpus_scores_match_hand_counts() {
    let dir = write_small_corpus();
    let documents = load_clause_labels(&dir, &["Small"]).unwrap();

    let report = evaluate(&documents);
    let arbitration = report.categories["a"];

    // One true positive, one false positive, one false negative.
    assert_eq!(arbitration.support, 2);
    assert!((arbitration.precision - 0.5).abs() < 1e-9);
    assert!((arbitration.recall - 0.5).abs() < 1e-9);
    assert!((arbitration.f1 - 0.5).abs() < 1e-9);
    // The other seven codes have no support and no predictions, so F1 0 each: 0.5 / 8.
    assert!((report.macro_f1 - 0.0625).abs() < 1e-9, "{}", report.macro_f1);

    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn document_names_list_both_sets() {
    let names = document_names(&corpus_dir()).unwrap();

    let mut expected: Vec<String> =
        TUNING_DOCUMENTS.iter().chain(&HELD_OUT_DOCUMENTS).map(|name| (*name).to_owned()).collect();
    expected.sort_unstable();
    assert_eq!(names, expected);
}

#[test]
fn folder_without_sentences_is_rejected() {
    let dir = std::env::temp_dir().join(format!("clause-labels-empty-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sentences")).unwrap();

    let message = document_names(&dir).unwrap_err().to_string();

    assert!(message.contains("holds no labelled documents"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn mismatched_tag_file_is_rejected() {
    let dir = std::env::temp_dir().join(format!("clause-labels-bad-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sentences")).unwrap();
    std::fs::create_dir_all(dir.join("tags")).unwrap();
    std::fs::write(dir.join("sentences/Bad.txt"), "one\ntwo\n").unwrap();
    std::fs::write(dir.join("tags/Bad.txt"), "a2\n").unwrap();

    let message = load_clause_labels(&dir, &["Bad"]).unwrap_err().to_string();

    assert!(message.contains("2 sentences"), "{message}");
    assert!(message.contains("1 tag lines"), "{message}");
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn waiver_rule_is_left_out_of_the_score() {
    use clausewatch_analysis::eval::{LabelledDocument, LabelledSentence, outcomes};

    let unlabelled =
        |text: &str| LabelledSentence { text: text.to_owned(), codes: Default::default() };
    let document = LabelledDocument {
        name: "Waivers".to_owned(),
        sentences: vec![
            unlabelled("YOU AND WE EACH WAIVE ANY RIGHT TO A TRIAL BY JURY."),
            unlabelled("All disputes shall be resolved by binding arbitration."),
        ],
    };
    let classifier = clausewatch_analysis::Classifier::embedded();

    let scored = outcomes(classifier, std::slice::from_ref(&document));

    let jury = classifier
        .classify(&clausewatch_analysis::ClauseInput::sentence(document.sentences[0].text.clone()));
    assert!(jury.iter().any(|a| a.category == "arbitration"), "the product assigns it");
    assert!(scored[0].predicted.is_empty(), "the score ignores it: {:?}", scored[0]);
    assert_eq!(scored[1].predicted, vec!["a"], "other arbitration rules still count");
}
