//! Evaluation of the classifier against sentences labelled by legal experts.
//!
//! [`clause_labels`] reads the labelled corpus and fixes which documents tune the rules and
//! which are held out; [`evaluate`] scores the classifier per category. To score a new
//! category, map its dataset code in [`CODE_CATEGORIES`].

pub mod clause_labels;
mod metrics;

pub use clause_labels::{
    HELD_OUT_DOCUMENTS, LabelledDocument, LabelledSentence, TUNING_DOCUMENTS, document_names,
    load_clause_labels,
};
pub use metrics::{CategoryScore, EvalReport, Outcome, evaluate, evaluate_with, outcomes};

/// Dataset codes of the labelled corpus and the taxonomy category each one maps to.
pub const CODE_CATEGORIES: &[(&str, &str)] = &[
    ("a", "arbitration"),
    ("ch", "unilateral-change"),
    ("cr", "content-removal"),
    ("j", "jurisdiction"),
    ("law", "choice-of-law"),
    ("ltd", "limitation-of-liability"),
    ("ter", "unilateral-termination"),
    ("use", "contract-by-using"),
    ("pinc", "privacy-by-reference"),
];

/// The eight codes averaged into the macro-F1, as in the published benchmarks on this corpus.
pub const MACRO_CODES: [&str; 8] = ["a", "ch", "cr", "j", "law", "ltd", "ter", "use"];
