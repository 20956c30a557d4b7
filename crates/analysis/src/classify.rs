//! Rule-based classification of one clause into categories, with the evidence for each.
//!
//! [`Classifier`] compiles a [`Taxonomy`] once; [`classify`] uses the embedded taxonomy. The
//! rules themselves are data in `assets/taxonomy.toml`, and their matching semantics are in
//! the `rules` module.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::prefilter::{LiteralIndex, ScannedInput};
use crate::rules::CompiledCategory;
use crate::whitespace::CollapsedInput;
use crate::{AnalysisError, Taxonomy};

/// A clause to classify, with the context it is read in.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ClauseInput {
    /// The clause text.
    pub text: String,
    /// Headings above the clause, outermost first, such as `["4. Use of the Service"]`.
    pub heading_path: Vec<String>,
    /// Text of the parent item that the clause completes, such as "You agree not to:".
    pub lead_in: Option<String>,
}

impl ClauseInput {
    /// Returns an input holding a lone sentence with no context.
    pub fn sentence(text: impl Into<String>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }
}

/// Which text a piece of evidence was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceSource {
    Clause,
    LeadIn,
    /// The heading at this index of the heading path.
    Heading(usize),
}

/// Matched words that support an assignment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub source: EvidenceSource,
    /// Byte offset of the first matched byte in the source text.
    pub start: usize,
    /// Byte offset just past the match in the source text.
    pub end: usize,
    /// The matched words, as they appear in the source text.
    pub text: String,
    /// Name of the rule that matched.
    pub rule: String,
}

/// A category assigned to a clause, with the evidence of every rule that fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub category: String,
    pub evidence: Vec<Evidence>,
}

/// A compiled taxonomy, ready to classify clauses.
#[derive(Debug)]
pub struct Classifier {
    categories: Vec<CompiledCategory>,
    literals: LiteralIndex,
}

impl Classifier {
    /// Compiles every rule of `taxonomy`, failing on the first invalid pattern.
    pub fn new(taxonomy: &Taxonomy) -> Result<Self, AnalysisError> {
        let mut categories: Vec<CompiledCategory> =
            taxonomy.categories.iter().map(CompiledCategory::new).collect::<Result<_, _>>()?;
        let literals =
            LiteralIndex::new(categories.iter_mut().flat_map(CompiledCategory::prefilters_mut));
        Ok(Self { categories, literals })
    }

    /// Returns the classifier of the embedded taxonomy, compiled on first use.
    ///
    /// # Panics
    ///
    /// Panics if an embedded pattern is invalid; a test compiles them all.
    pub fn embedded() -> &'static Classifier {
        static CLASSIFIER: OnceLock<Classifier> = OnceLock::new();
        CLASSIFIER.get_or_init(|| {
            Self::new(Taxonomy::embedded()).expect("embedded taxonomy rules compile")
        })
    }

    /// Returns whether the rule `rule` of category `category` covers a part of the category
    /// that the evaluation's expert labels leave out ([`crate::taxonomy::Rule::beyond_labels`]).
    pub fn is_beyond_labels(&self, category: &str, rule: &str) -> bool {
        self.categories
            .iter()
            .any(|compiled| compiled.id == category && compiled.is_beyond_labels(rule))
    }

    /// Returns the categories of `input` in taxonomy order, each with its evidence.
    ///
    /// Runs of whitespace count as one space, so a pattern's "may terminate" also matches
    /// "may\tterminate". Evidence offsets refer to `input` as given.
    pub fn classify(&self, input: &ClauseInput) -> Vec<Assignment> {
        let mut assignments = Vec::new();
        if input.lead_in.is_none() && looks_like_heading(&input.text) {
            return assignments;
        }

        let collapsed = CollapsedInput::new(input);
        let input = collapsed.input.as_ref();
        let scanned = ScannedInput::new(input, &self.literals);
        for category in &self.categories {
            let mut evidence = category.evidence(input, &scanned);
            if !evidence.is_empty() {
                collapsed.restore(&mut evidence);
                assignments.push(Assignment { category: category.id.clone(), evidence });
            }
        }

        assignments
    }
}

/// Returns whether `text` reads as a heading rather than a provision. Headings name a topic
/// ("Binding Arbitration", "LIMITATION OF LIABILITY.", "Limited liability.") without stating
/// a term, so they get no category of their own.
fn looks_like_heading(text: &str) -> bool {
    let text = text.trim();
    let words = text.split_whitespace().count();
    let closed = text.ends_with(['.', ';', ':', '!', '?', ')', '"', '\u{201d}']);
    if !closed && words < HEADING_MAX_WORDS {
        return true;
    }

    // Short capitalised lines are section titles even when they end with a full stop, unless
    // a modal states a term in them ("YOU MAY OPT OUT OF ARBITRATION."). A question with a
    // modal ("Can I Share My Account?") is still a title.
    let capitalised = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphabetic))
        .all(|word| is_minor_word(word) || word.chars().next().is_some_and(char::is_uppercase));
    let states_term = !text.ends_with('?') && text.split_whitespace().any(is_modal);
    if words < TITLE_MAX_WORDS && capitalised && !states_term {
        return true;
    }

    // A provision states a term through a verb; a short line without one is a title, however
    // it is capitalised.
    let verbless = (capitalised && words < HEADING_MAX_WORDS) || words <= SHORT_TITLE_MAX_WORDS;
    verbless && !text.split_whitespace().any(is_provision_verb)
}

/// Returns whether `word` is a modal verb, which titles rarely contain.
fn is_modal(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    matches!(word.as_str(), "may" | "might" | "will" | "shall" | "must" | "can" | "cannot")
}

/// Returns whether `word` may stay lowercase inside a title ("of", "and", "to").
fn is_minor_word(word: &str) -> bool {
    matches!(word, "of" | "and" | "or" | "to" | "the" | "a" | "an" | "in" | "for" | "on" | "by")
}

/// Returns whether `word` is a verb or modal that provisions state terms with.
fn is_provision_verb(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
    PROVISION_VERBS.contains(&word.as_str())
}

/// Verbs and modals that turn a short line into a provision ("We may ban accounts.").
const PROVISION_VERBS: &[&str] = &[
    "is", "are", "was", "were", "be", "been", "may", "might", "will", "shall", "must", "can",
    "could", "would", "should", "do", "does", "have", "has", "agree", "agrees", "accept",
    "accepts", "apply", "applies", "reserve", "reserves",
];

/// Word count below which an unpunctuated text without a lead-in is taken for a heading.
const HEADING_MAX_WORDS: usize = 12;

/// Word count below which a text whose words are all capitalised is taken for a heading.
const TITLE_MAX_WORDS: usize = 8;

/// Word count up to which a text without a provision verb is taken for a heading, whatever
/// its capitalisation.
const SHORT_TITLE_MAX_WORDS: usize = 5;

/// Returns the categories of `input` under the embedded taxonomy.
pub fn classify(input: &ClauseInput) -> Vec<Assignment> {
    Classifier::embedded().classify(input)
}
