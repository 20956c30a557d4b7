//! Analysis of a new version worked out before the store's write lock is taken.
//!
//! Segmenting, aligning, comparing and classifying a new version take most of the time of
//! recording it, and they need nothing from the store but the text of the version before. A
//! caller that records versions from several threads (the watcher's check pass) prepares each
//! one on its own thread, so the transaction that stores it mostly writes.
//!
//! A prepared result is used only for the texts it was made from: analysis checks the SHA-256
//! of both versions, and classification checks the rule-set version. Anything else (another
//! version recorded in between, other rules) is computed in the transaction as before, so a
//! stale preparation costs time, never correctness.

use std::collections::{HashMap, HashSet};

use clausewatch_analysis::Assignment;
use clausewatch_core::{Alignment, ChangeRecord, Clause, align, compare, segment};

use crate::analysis::text_hash;
use crate::change_analysis::{PreparedRatings, prepare_ratings};
use crate::classify::{
    ClassifiedVersion, InputKey, Rules, VersionCategories, clause_input as input_key,
};

/// The segments of one text, with its SHA-256.
#[derive(Debug, Clone)]
struct Segmented {
    sha256: String,
    clauses: Vec<Clause>,
}

impl Segmented {
    fn new(text: &str) -> Self {
        Self { sha256: text_hash(text), clauses: segment(text) }
    }
}

/// A new version's clauses, its comparison with the version before, the categories of the
/// clauses that version did not have, and the ratings of the change records.
#[derive(Debug, Clone)]
pub struct PreparedVersion {
    previous: Option<Segmented>,
    current: Segmented,
    comparison: Option<(Alignment, Vec<ChangeRecord>)>,
    rule_set: String,
    classified: Vec<(InputKey, Vec<Assignment>)>,
    ratings: PreparedRatings,
}

impl PreparedVersion {
    /// Prepares `text` as the version after `previous_text` (the first one when `None`) with
    /// the rules embedded in the build.
    pub fn new(previous_text: Option<&str>, text: &str) -> Self {
        Self::with_rules(previous_text, text, Rules::embedded())
    }

    /// Prepares `text` as the version after `previous_text` with `rules`.
    pub fn with_rules(previous_text: Option<&str>, text: &str, rules: Rules<'_>) -> Self {
        Self::after_classified(previous_text, None, text, rules)
    }

    /// Prepares `text` as the version after `previous_text` with `rules`, taking the earlier
    /// clauses' categories from `previous_categories` (by clause ordinal, as
    /// [`crate::Store::version_categories`] returns them under the same rules) instead of
    /// classifying them again.
    pub fn after_classified(
        previous_text: Option<&str>,
        previous_categories: Option<&VersionCategories>,
        text: &str,
        rules: Rules<'_>,
    ) -> Self {
        let previous = previous_text.map(Segmented::new);
        let current = Segmented::new(text);
        let comparison = previous.as_ref().map(|previous| {
            let alignment = align(&previous.clauses, &current.clauses);
            let records = compare(&previous.clauses, &current.clauses, &alignment);
            (alignment, records)
        });

        // Clauses the previous version has word for word keep their stored categories, which
        // the transaction reads back, so only the others are classified here.
        let known: HashSet<InputKey> = previous
            .iter()
            .flat_map(|previous| {
                previous.clauses.iter().map(|clause| input_key(&previous.clauses, clause))
            })
            .collect();
        let mut seen = HashSet::new();
        let mut classified = Vec::new();
        for clause in &current.clauses {
            let key = input_key(&current.clauses, clause);
            if known.contains(&key) || !seen.insert(key.clone()) {
                continue;
            }
            let assignments = rules.classifier.classify(&key);
            classified.push((key, assignments));
        }

        let ratings = match (&previous, &comparison) {
            (Some(previous), Some((_, records))) => {
                let stored = previous_categories;
                rate_records(previous, stored, &current, records, &classified, rules)
            }
            _ => PreparedRatings::new(),
        };
        let rule_set = rules.version().to_owned();
        Self { previous, current, comparison, rule_set, classified, ratings }
    }

    /// Returns the number of clauses of the new text.
    pub fn clause_count(&self) -> usize {
        self.current.clauses.len()
    }

    /// Returns how many clauses of the previous text a clause of this one continues, reworded or
    /// not, merged into another or not, when there is a previous text.
    pub fn kept_clause_count(&self) -> Option<usize> {
        let (alignment, _) = self.comparison.as_ref()?;
        Some(alignment.pairs.len() + alignment.merges.len())
    }

    /// Returns the number of clauses of the previous text, when there is one.
    pub fn previous_clause_count(&self) -> Option<usize> {
        self.previous.as_ref().map(|previous| previous.clauses.len())
    }

    /// Returns the segments of the text with this SHA-256, when it is one of the two.
    pub(crate) fn clauses(&self, sha256: &str) -> Option<&[Clause]> {
        [Some(&self.current), self.previous.as_ref()]
            .into_iter()
            .flatten()
            .find(|segmented| segmented.sha256 == sha256)
            .map(|segmented| segmented.clauses.as_slice())
    }

    /// Returns the alignment and change records from the text `previous_sha256` to the text
    /// `sha256`, when they are the texts this was prepared from.
    pub(crate) fn comparison(
        &self,
        previous_sha256: &str,
        sha256: &str,
    ) -> Option<(&Alignment, &[ChangeRecord])> {
        let previous = self.previous.as_ref()?;
        let same = previous.sha256 == previous_sha256 && self.current.sha256 == sha256;
        let (alignment, records) = self.comparison.as_ref().filter(|_| same)?;
        Some((alignment, records.as_slice()))
    }

    /// Returns the ratings of the change records worked out under `rules`; `None` when the
    /// preparation used other rules.
    pub(crate) fn ratings(&self, rules: Rules<'_>) -> Option<&PreparedRatings> {
        (self.rule_set == rules.version()).then_some(&self.ratings)
    }

    /// Returns the categories worked out under `rules`, by classifier input; none when the
    /// preparation used other rules.
    pub(crate) fn classified(
        &self,
        rules: Rules<'_>,
    ) -> impl Iterator<Item = &(InputKey, Vec<Assignment>)> {
        let same_rules = self.rule_set == rules.version();
        self.classified.iter().filter(move |_| same_rules)
    }
}

/// Rates the change records between `previous` and `current`. Only the clauses the records
/// name need categories: the new ones are in `classified`, and the earlier ones are in
/// `stored`, when it was given, or are classified here again with the same rules.
fn rate_records(
    previous: &Segmented,
    stored: Option<&VersionCategories>,
    current: &Segmented,
    records: &[ChangeRecord],
    classified: &[(InputKey, Vec<Assignment>)],
    rules: Rules<'_>,
) -> PreparedRatings {
    let known: HashMap<&InputKey, &Vec<Assignment>> =
        classified.iter().map(|(key, assignments)| (key, assignments)).collect();
    let old = records.iter().filter_map(|record| record.old);
    let before = side_version(previous, old, stored, &known, rules);
    let new = records.iter().filter_map(|record| record.new);
    let after = side_version(current, new, None, &known, rules);
    prepare_ratings(&before, &after, records, rules)
}

/// Returns the clauses of `segmented` with the categories of those at `indexes`, from `stored`
/// (by ordinal), from `known` or by classifying them. The other clauses get no categories,
/// since no record reads them.
///
/// A stored category that belongs to another clause (a store segmented by an older release)
/// only costs time: the transaction takes a prepared rating only when its own inputs, the
/// categories among them, are the same.
fn side_version(
    segmented: &Segmented,
    indexes: impl Iterator<Item = usize>,
    stored: Option<&VersionCategories>,
    known: &HashMap<&InputKey, &Vec<Assignment>>,
    rules: Rules<'_>,
) -> ClassifiedVersion {
    let clauses = &segmented.clauses;
    let mut categories = vec![Vec::new(); clauses.len()];
    for index in indexes {
        if let Some(stored) = stored {
            categories[index] = stored.get(&clauses[index].ordinal).cloned().unwrap_or_default();
            continue;
        }
        let key = input_key(clauses, &clauses[index]);
        categories[index] = match known.get(&key) {
            Some(assignments) => (*assignments).clone(),
            None => rules.classifier.classify(&key),
        };
    }
    ClassifiedVersion { clauses: clauses.clone(), categories, by_lineage: HashMap::new() }
}
