//! Precision, recall and F1 of the classifier per dataset code, at sentence level.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{CODE_CATEGORIES, LabelledDocument, MACRO_CODES};
use crate::{Classifier, ClauseInput};

/// Scores of one category.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CategoryScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Number of sentences labelled with the category.
    pub support: usize,
}

/// Scores of the classifier on a set of documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvalReport {
    /// Mean F1 over [`MACRO_CODES`], as a fraction.
    pub macro_f1: f64,
    /// Scores keyed by dataset code.
    pub categories: BTreeMap<String, CategoryScore>,
    pub documents: usize,
    pub sentences: usize,
}

/// One sentence's expected and predicted codes, for error analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub document: String,
    pub text: String,
    pub expected: Vec<&'static str>,
    pub predicted: Vec<&'static str>,
}

/// Scores the embedded classifier on `documents`.
pub fn evaluate(documents: &[LabelledDocument]) -> EvalReport {
    evaluate_with(Classifier::embedded(), documents)
}

/// Returns each sentence's expected and predicted dataset codes under `classifier`.
pub fn outcomes(classifier: &Classifier, documents: &[LabelledDocument]) -> Vec<Outcome> {
    let mut outcomes = Vec::new();

    for document in documents {
        for sentence in &document.sentences {
            let assignments = classifier.classify(&ClauseInput::sentence(sentence.text.clone()));
            let expected = CODE_CATEGORIES
                .iter()
                .filter(|(code, _)| sentence.codes.contains(*code))
                .map(|(code, _)| *code)
                .collect();
            // Evidence of a rule beyond the labels' scope does not count as a prediction.
            let labelled = |assignment: &&crate::classify::Assignment| {
                let category = &assignment.category;
                assignment.evidence.iter().any(|e| !classifier.is_beyond_labels(category, &e.rule))
            };
            let predicted = CODE_CATEGORIES
                .iter()
                .filter(|(_, id)| assignments.iter().filter(labelled).any(|a| a.category == *id))
                .map(|(code, _)| *code)
                .collect();
            outcomes.push(Outcome {
                document: document.name.clone(),
                text: sentence.text.clone(),
                expected,
                predicted,
            });
        }
    }

    outcomes
}

/// Scores `classifier` on `documents`.
pub fn evaluate_with(classifier: &Classifier, documents: &[LabelledDocument]) -> EvalReport {
    let outcomes = outcomes(classifier, documents);
    let mut categories = BTreeMap::new();

    for (code, _) in CODE_CATEGORIES {
        let mut true_positives = 0usize;
        let mut false_positives = 0usize;
        let mut false_negatives = 0usize;
        for outcome in &outcomes {
            let expected = outcome.expected.contains(code);
            let predicted = outcome.predicted.contains(code);
            match (expected, predicted) {
                (true, true) => true_positives += 1,
                (false, true) => false_positives += 1,
                (true, false) => false_negatives += 1,
                (false, false) => {}
            }
        }
        let score = score(true_positives, false_positives, false_negatives);
        categories.insert((*code).to_owned(), score);
    }

    let macro_f1 =
        MACRO_CODES.iter().map(|code| categories[*code].f1).sum::<f64>() / MACRO_CODES.len() as f64;

    EvalReport { macro_f1, categories, documents: documents.len(), sentences: outcomes.len() }
}

/// Returns precision, recall and F1 from counts; a ratio with a zero denominator counts as 0.
fn score(true_positives: usize, false_positives: usize, false_negatives: usize) -> CategoryScore {
    let ratio = |numerator: usize, denominator: usize| {
        if denominator == 0 { 0.0 } else { numerator as f64 / denominator as f64 }
    };
    let precision = ratio(true_positives, true_positives + false_positives);
    let recall = ratio(true_positives, true_positives + false_negatives);
    let f1 = if precision + recall == 0.0 {
        0.0
    } else {
        2.0 * precision * recall / (precision + recall)
    };

    CategoryScore { precision, recall, f1, support: true_positives + false_negatives }
}
