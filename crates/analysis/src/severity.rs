//! Severity of a change record: how much a change to a clause matters to a compliance
//! reviewer, with a one-line reason.
//!
//! The rating starts from the highest baseline severity among the clause's categories and is
//! moved by the effect of the change (a new restriction, a removed protection, a widened
//! licence) and by cue words that appear or disappear. Add cue words in the lists below and
//! effects in [`ChangeEffect`].

use serde::{Deserialize, Serialize};

use crate::{SeverityLevel, Taxonomy};

/// What happened to the clause between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

/// A change record as the severity rating needs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeInput {
    pub kind: ChangeKind,
    /// False when only formatting, numbering or position changed.
    pub substantive: bool,
    /// Clause text in the earlier version; empty for an added clause.
    pub before: String,
    /// Clause text in the later version; empty for a removed clause.
    pub after: String,
    /// Category ids of the clause, from either version.
    pub categories: Vec<String>,
}

/// What the change does to the user's position, as far as cue words show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeEffect {
    /// Only formatting, numbering or position changed.
    FormattingOnly,
    /// The later text restricts the user where the earlier did not.
    NewRestriction,
    /// A notice, opt-out or other safeguard for the user was dropped.
    RemovedProtection,
    /// The licence over user content became broader.
    WidenedLicence,
    /// A clause was added with no restriction cue.
    NewClause,
    /// A clause was removed with no protection cue.
    RemovedClause,
    /// The wording changed with no cue either way.
    Reworded,
    /// The text changed because the source's extraction rules changed, not the platform's page.
    Technical,
}

impl ChangeEffect {
    /// Returns the snake_case name used in JSON and in the store.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FormattingOnly => "formatting_only",
            Self::NewRestriction => "new_restriction",
            Self::RemovedProtection => "removed_protection",
            Self::WidenedLicence => "widened_licence",
            Self::NewClause => "new_clause",
            Self::RemovedClause => "removed_clause",
            Self::Reworded => "reworded",
            Self::Technical => "technical",
        }
    }
}

/// A rated change: its level, its effect and the reason in one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Severity {
    pub level: SeverityLevel,
    pub effect: ChangeEffect,
    pub reason: String,
}

/// Phrases that restrict what the user may do.
const RESTRICTION_CUES: &[&str] = &[
    "may not",
    "must not",
    "shall not",
    "will not",
    "agree not to",
    "prohibited",
    "not permitted",
    "you will not",
];

/// Phrases that make a term harsher for the user wherever they appear.
const AGGRAVATING_CUES: &[&str] = &[
    "irrevocable",
    "perpetual",
    "without notice",
    "without prior notice",
    "waive",
    "sole discretion",
    "for any reason",
    "at any time",
    "sublicens",
    "royalty-free",
    "train",
];

/// Phrases that protect the user: notice, consent, opt-outs, statutory rights.
const PROTECTIVE_CUES: &[&str] = &[
    "notify you",
    "notice to you",
    "prior notice",
    "days' notice",
    "days notice",
    "opt out",
    "opt-out",
    "your consent",
    "your permission",
    "statutory rights",
    "mandatory",
    "we will not",
];

/// Phrases that widen a licence over user content.
const LICENCE_CUES: &[&str] = &[
    "irrevocable",
    "perpetual",
    "sublicens",
    "transferable",
    "royalty-free",
    "worldwide",
    "any purpose",
    "train",
    "machine learning",
    "artificial intelligence",
];

/// Returns the cues of `list` found in `text`, compared case-insensitively.
fn cues_in(list: &[&'static str], text: &str) -> Vec<&'static str> {
    let text = text.to_lowercase();
    list.iter().copied().filter(|cue| text.contains(cue)).collect()
}

/// Returns the cues of `list` in `after` but not in `before`.
fn gained(list: &[&'static str], before: &str, after: &str) -> Vec<&'static str> {
    let old = cues_in(list, before);
    cues_in(list, after).into_iter().filter(|cue| !old.contains(cue)).collect()
}

/// Rates a change under the embedded taxonomy.
pub fn rate_change(change: &ChangeInput) -> Severity {
    rate_change_with(Taxonomy::embedded(), change)
}

/// Rates a change, reading baseline severities from `taxonomy`.
pub fn rate_change_with(taxonomy: &Taxonomy, change: &ChangeInput) -> Severity {
    if !change.substantive {
        return Severity {
            level: SeverityLevel::None,
            effect: ChangeEffect::FormattingOnly,
            reason: "Formatting, numbering or position changed; the words of the clause are the \
                     same."
                .to_owned(),
        };
    }

    let lead = lead_category(taxonomy, &change.categories);
    let baseline = lead.as_ref().map_or(SeverityLevel::Low, |(_, level)| *level);
    let topic = lead.map_or_else(|| "uncategorised clause".to_owned(), |(name, _)| name);
    let effect = effect_of(change);
    let aggravating = gained(AGGRAVATING_CUES, &change.before, &change.after);

    let mut level = match effect {
        ChangeEffect::NewRestriction
        | ChangeEffect::RemovedProtection
        | ChangeEffect::WidenedLicence => baseline.raised(),
        ChangeEffect::RemovedClause | ChangeEffect::Reworded => baseline.lowered(),
        ChangeEffect::NewClause | ChangeEffect::FormattingOnly | ChangeEffect::Technical => {
            baseline
        }
    };
    if !aggravating.is_empty() && effect != ChangeEffect::RemovedClause {
        level = level.raised();
    }
    let level = level.max(SeverityLevel::Low);

    let mut reason = format!("{} ({topic})", effect_phrase(effect));
    if !aggravating.is_empty() {
        let quoted: Vec<String> = aggravating.iter().map(|cue| format!("\"{cue}\"")).collect();
        reason.push_str(&format!("; adds {}", quoted.join(", ")));
    }
    reason.push_str(&format!("; category baseline {}.", baseline.as_str()));

    Severity { level, effect, reason }
}

/// Returns the rating of a technical change record, one that re-extraction under new rules
/// made: severity none, because the platform did not change its text.
pub fn rate_technical_change() -> Severity {
    Severity {
        level: SeverityLevel::None,
        effect: ChangeEffect::Technical,
        reason: "Technical change: the source's extraction rules changed and the stored pages \
                 were extracted again; the platform did not change this text."
            .to_owned(),
    }
}

/// Returns the name and baseline of the category with the highest baseline, the first of
/// `ids` among equals so that the rating and the summary name the same category.
fn lead_category(taxonomy: &Taxonomy, ids: &[String]) -> Option<(String, SeverityLevel)> {
    // `max_by_key` keeps the last of equal elements, so the ids are walked backwards.
    ids.iter()
        .rev()
        .filter_map(|id| taxonomy.category(id))
        .max_by_key(|category| category.baseline_severity)
        .map(|category| (category.name.clone(), category.baseline_severity))
}

/// Returns the effect of a substantive change from the cue words on each side.
fn effect_of(change: &ChangeInput) -> ChangeEffect {
    let licence = change.categories.iter().any(|id| id == "content-licence");

    match change.kind {
        ChangeKind::Added if !cues_in(RESTRICTION_CUES, &change.after).is_empty() => {
            ChangeEffect::NewRestriction
        }
        ChangeKind::Added => ChangeEffect::NewClause,
        ChangeKind::Removed if !cues_in(PROTECTIVE_CUES, &change.before).is_empty() => {
            ChangeEffect::RemovedProtection
        }
        ChangeKind::Removed => ChangeEffect::RemovedClause,
        ChangeKind::Modified => {
            if licence && !gained(LICENCE_CUES, &change.before, &change.after).is_empty() {
                ChangeEffect::WidenedLicence
            } else if !gained(RESTRICTION_CUES, &change.before, &change.after).is_empty() {
                ChangeEffect::NewRestriction
            } else if !gained(PROTECTIVE_CUES, &change.after, &change.before).is_empty() {
                ChangeEffect::RemovedProtection
            } else {
                ChangeEffect::Reworded
            }
        }
    }
}

/// Returns the opening words of a reason for `effect`.
pub(crate) fn effect_phrase(effect: ChangeEffect) -> &'static str {
    match effect {
        ChangeEffect::FormattingOnly => "Formatting change",
        ChangeEffect::NewRestriction => "New restriction",
        ChangeEffect::RemovedProtection => "Removed protection",
        ChangeEffect::WidenedLicence => "Wider licence",
        ChangeEffect::NewClause => "New clause",
        ChangeEffect::RemovedClause => "Removed clause",
        ChangeEffect::Reworded => "Reworded terms",
        ChangeEffect::Technical => "Technical change",
    }
}
