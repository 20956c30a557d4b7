//! Compiles the taxonomy's detection rules into regular expressions and matches them against
//! a clause, its lead-in and its heading path.
//!
//! Matching semantics live here: a rule fires when each of its `all` patterns matches one of
//! the texts the rule may read, at least one of them in the clause itself, and none of its
//! `none` patterns matches the clause. A category is assigned when one of its rules fires and
//! none of the category's own `none` patterns matches the clause. Add a new kind of condition here and document it on
//! [`crate::Rule`].

use std::ops::Range;

use crate::classify::{ClauseInput, Evidence, EvidenceSource};
use crate::pattern::{Pattern, Spans};
use crate::prefilter::{Prefilter, ScannedInput};
use crate::{AnalysisError, Category, Rule};

/// A category's rules and category-wide vetoes, compiled.
#[derive(Debug)]
pub(crate) struct CompiledCategory {
    pub id: String,
    none: Vec<Pattern>,
    rules: Vec<CompiledRule>,
}

impl CompiledCategory {
    /// Compiles every rule and veto of `category`, failing on the first invalid pattern.
    pub fn new(category: &Category) -> Result<Self, AnalysisError> {
        let none = category
            .none
            .iter()
            .map(|pattern| compile(category, CATEGORY_VETO, pattern))
            .collect::<Result<_, _>>()?;
        let rules = category
            .rules
            .iter()
            .map(|rule| CompiledRule::new(category, rule))
            .collect::<Result<_, _>>()?;
        Ok(Self { id: category.id.clone(), none, rules })
    }

    /// Returns whether the rule named `rule` covers more than the evaluation's labels.
    pub fn is_beyond_labels(&self, rule: &str) -> bool {
        self.rules.iter().any(|compiled| compiled.name == rule && compiled.beyond_labels)
    }

    /// Returns the prefilters of every rule, to enter them in a
    /// [`crate::prefilter::LiteralIndex`].
    pub fn prefilters_mut(&mut self) -> impl Iterator<Item = &mut Prefilter> {
        self.rules.iter_mut().flat_map(|rule| rule.prefilters.iter_mut().flatten())
    }

    /// Returns the evidence of every rule that fires on `input`, empty when a category-wide
    /// veto matches the clause or no rule fires.
    pub fn evidence(&self, input: &ClauseInput, scanned: &ScannedInput<'_>) -> Vec<Evidence> {
        let mut evidence = Vec::new();
        for rule in &self.rules {
            if let Some(found) = rule.matches(input, scanned) {
                evidence.extend(found);
            }
        }

        // Vetoes run last because most clauses fire no rule, and then they cost nothing.
        let vetoed = || self.none.iter().any(|pattern| pattern.is_match_scanned(&scanned.text));
        if !evidence.is_empty() && vetoed() {
            evidence.clear();
        }
        evidence
    }
}

/// Rule name given in errors about a category-wide `none` pattern.
const CATEGORY_VETO: &str = "category-wide none";

/// A rule with its patterns compiled.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    pub name: String,
    /// See [`Rule::beyond_labels`].
    pub beyond_labels: bool,
    all: Vec<Pattern>,
    /// The prefilter of each pattern in `all`, where one could be read from it.
    prefilters: Vec<Option<Prefilter>>,
    none: Vec<Pattern>,
    lead_in: bool,
    heading: bool,
}

/// Compiles one pattern case-insensitively, naming the rule when it is invalid.
fn compile(category: &Category, rule: &str, pattern: &str) -> Result<Pattern, AnalysisError> {
    Pattern::new(pattern).map_err(|source| AnalysisError::Pattern {
        category: category.id.clone(),
        rule: rule.to_owned(),
        pattern: pattern.to_owned(),
        source: Box::new(source),
    })
}

impl CompiledRule {
    /// Compiles a rule of `category`.
    pub fn new(category: &Category, rule: &Rule) -> Result<Self, AnalysisError> {
        if rule.all.is_empty() {
            return Err(AnalysisError::EmptyRule {
                category: category.id.clone(),
                rule: rule.name.clone(),
            });
        }

        let all = rule
            .all
            .iter()
            .map(|pattern| compile(category, &rule.name, pattern))
            .collect::<Result<_, _>>()?;
        let prefilters = rule.all.iter().map(|pattern| Prefilter::new(pattern)).collect();
        let none = rule
            .none
            .iter()
            .map(|pattern| compile(category, &rule.name, pattern))
            .collect::<Result<_, _>>()?;

        Ok(Self {
            name: rule.name.clone(),
            beyond_labels: rule.beyond_labels,
            all,
            prefilters,
            none,
            lead_in: rule.lead_in,
            heading: rule.heading,
        })
    }

    /// Returns the evidence when the rule fires on `input`, or `None` when it does not.
    pub fn matches(
        &self,
        input: &ClauseInput,
        scanned: &ScannedInput<'_>,
    ) -> Option<Vec<Evidence>> {
        // Most rules fail on most clauses, so the substring prefilters run first, then the
        // yes/no searches, and the spans are collected only for a rule that fires.
        let all_may_match =
            self.prefilters.iter().flatten().all(|prefilter| self.may_match(prefilter, scanned));
        if !all_may_match {
            return None;
        }

        // The clause's matches of each pattern are kept for the evidence, so a rule that fires
        // does not search the clause again.
        let mut clause_matches = Vec::with_capacity(self.all.len());
        for pattern in &self.all {
            let in_clause = pattern.matches_scanned(&scanned.text);
            if in_clause.is_none() && !self.matches_context(pattern, scanned) {
                return None;
            }
            clause_matches.push(in_clause);
        }

        // A lead-in or heading alone would tag every item under "you agree not to:", so the
        // clause must contribute at least one of the matched words.
        let clause_matched = clause_matches.iter().any(Option::is_some);
        let vetoed = || self.none.iter().any(|pattern| pattern.is_match_scanned(&scanned.text));
        if !clause_matched || vetoed() {
            return None;
        }

        let mut evidence = Vec::new();
        for (pattern, in_clause) in self.all.iter().zip(clause_matches) {
            self.find_all(pattern, in_clause, input, &mut evidence);
        }
        Some(evidence)
    }

    /// Returns whether `prefilter` lets a pattern match one of the texts this rule reads.
    fn may_match(&self, prefilter: &Prefilter, scanned: &ScannedInput<'_>) -> bool {
        let in_lead_in =
            self.lead_in && scanned.lead_in.as_ref().is_some_and(|text| prefilter.may_match(text));
        let in_heading =
            self.heading && scanned.headings.iter().any(|heading| prefilter.may_match(heading));
        prefilter.may_match(&scanned.text) || in_lead_in || in_heading
    }

    /// Returns whether `pattern` matches the lead-in or a heading, where this rule reads them.
    fn matches_context(&self, pattern: &Pattern, scanned: &ScannedInput<'_>) -> bool {
        let in_lead_in = self.lead_in
            && scanned.lead_in.as_ref().is_some_and(|text| pattern.is_match_scanned(text));
        let in_heading = self.heading
            && scanned.headings.iter().any(|heading| pattern.is_match_scanned(heading));
        in_lead_in || in_heading
    }

    /// Appends every match of `pattern` in the texts this rule may read to `evidence`, clause
    /// first. `in_clause` contains the pattern's matches in the clause text, `None` when it
    /// has none.
    fn find_all(
        &self,
        pattern: &Pattern,
        in_clause: Option<Spans<'_>>,
        input: &ClauseInput,
        evidence: &mut Vec<Evidence>,
    ) {
        let clause_spans = in_clause.into_iter().flatten();
        push_spans(clause_spans, &input.text, EvidenceSource::Clause, &self.name, evidence);

        if self.lead_in
            && let Some(lead_in) = &input.lead_in
        {
            let spans = pattern.find_iter(lead_in);
            push_spans(spans, lead_in, EvidenceSource::LeadIn, &self.name, evidence);
        }

        if self.heading {
            for (index, heading) in input.heading_path.iter().enumerate() {
                let source = EvidenceSource::Heading(index);
                push_spans(pattern.find_iter(heading), heading, source, &self.name, evidence);
            }
        }
    }
}

/// Appends each of `spans`, matches in `text`, to `evidence`, tagged with its source.
fn push_spans(
    spans: impl Iterator<Item = Range<usize>>,
    text: &str,
    source: EvidenceSource,
    rule: &str,
    evidence: &mut Vec<Evidence>,
) {
    evidence.extend(spans.map(|found| Evidence {
        source,
        start: found.start,
        end: found.end,
        text: text[found].to_owned(),
        rule: rule.to_owned(),
    }));
}
