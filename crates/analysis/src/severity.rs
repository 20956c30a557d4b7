//! Severity of a change record: how much a change to a clause matters to a compliance
//! reviewer, with a one-line reason.
//!
//! The rating starts from the highest baseline severity among the clause's categories and is
//! moved by the effect of the change (a new restriction, a removed protection, a widened
//! licence) and by cue words that appear or disappear. A negation binds either the user or the
//! platform ([`crate::parties`]): "you may not" restricts the user, while "we will not" is a
//! commitment that protects the user, so adding one is rated low and dropping one is a removed
//! protection. Add cue words in the lists below and effects in [`ChangeEffect`].

use serde::{Deserialize, Serialize};

use crate::crossref::is_cross_reference;
use crate::cues::CueList;
use crate::entity::entity_change;
use crate::forum::forum_change;
use crate::parties::{Negation, Party, negations};
use crate::quantity::{Direction, quantity_change};
use crate::{SeverityLevel, Taxonomy};

/// What happened to the clause between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    Added,
    Removed,
    Modified,
}

/// A change record as the severity rating needs it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The platform commits itself not to do something ("we do not sell your data"), which
    /// protects the user.
    NewCommitment,
    /// The user gains a right ("you may cancel at any time"), with no new restriction.
    NewUserRight,
    /// Only punctuation or capitals changed; the words are the same.
    PunctuationOnly,
    /// A period or amount the clause sets moved against the user: a shorter notice or opt-out
    /// window, a longer retention, a lower cap on liability.
    WorsePeriodOrAmount,
    /// A period or amount the clause sets moved in the user's favour.
    BetterPeriodOrAmount,
    /// A period or amount changed, and the clause does not show which way that moves the
    /// user's position.
    ChangedPeriodOrAmount,
    /// A clause was added with no restriction cue.
    NewClause,
    /// A clause was removed with no protection cue.
    RemovedClause,
    /// The clause names another law, court, place or arbitral body ("France" became
    /// "State of Delaware"): where and under which rules a claim is brought moved.
    ChangedForum,
    /// The clause names another company ("Netflix International B.V." became "Netflix
    /// Services UK Limited"): the contracting party, data controller or provider changed.
    ChangedCompany,
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
            Self::NewCommitment => "new_commitment",
            Self::NewUserRight => "new_user_right",
            Self::PunctuationOnly => "punctuation_only",
            Self::WorsePeriodOrAmount => "worse_period_or_amount",
            Self::BetterPeriodOrAmount => "better_period_or_amount",
            Self::ChangedPeriodOrAmount => "changed_period_or_amount",
            Self::NewClause => "new_clause",
            Self::RemovedClause => "removed_clause",
            Self::ChangedForum => "changed_forum",
            Self::ChangedCompany => "changed_company",
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

/// Phrases that restrict what the user may do, unless the platform is their subject.
static RESTRICTION_CUES: CueList = CueList::new(&[
    "may not",
    "must not",
    "shall not",
    "will not",
    "agree not to",
    "prohibited",
    "not permitted",
    "you will not",
]);

/// Phrases that give the user a right unless a "not" follows them. Cue words in such a sentence
/// ("you may close your account at any time") widen the user's right, not the platform's.
static USER_RIGHT_CUES: CueList = CueList::new(&[
    "you may ",
    "you can ",
    "you have the right",
    "you have a right",
    "you are entitled",
    "you are free to",
    "you have the option",
]);

/// Phrases that make a term harsher for the user wherever they appear, outside sentences that
/// give the user a right.
static AGGRAVATING_CUES: CueList = CueList::new(&[
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
]);

/// Phrases that take disputes from the courts, so that the user loses a judge, a jury or a
/// class action. They raise a modified clause that gains them. A new clause that has them is
/// already rated by its category's baseline.
static DISPUTE_CUES: CueList = CueList::new(&["arbitration", "class action", "jury trial"]);

/// Phrases by which the platform excludes its liability or responsibility. A modified clause
/// that gains one takes a remedy from the user.
static EXCLUSION_CUES: CueList = CueList::new(&[
    "not liable",
    "not be liable",
    "no liability",
    "cannot be liable",
    "not responsible",
    "not be responsible",
    "cannot be responsible",
    "no responsibility",
    "disclaim",
]);

/// Phrases that protect the user: notice, consent, opt-outs, statutory rights.
static PROTECTIVE_CUES: CueList = CueList::new(&[
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
]);

/// Phrases by which the platform takes a right over users' content or data. A clause with one
/// is not a commitment that protects users, even when it also states what the platform "will
/// not" do after an opt-out.
static GRANT_CUES: CueList = CueList::new(&[
    "grant us",
    "you grant",
    "you hereby grant",
    "a license to",
    "a licence to",
    "license to use",
    "licence to use",
    "we may use",
    "we may collect",
    "we may share",
    "we will use",
    "we use your",
]);

/// Words after a negation that make it the platform withholding a protection ("we will not ask
/// for your consent", "will not notify you"), not a commitment. An exception such as "without
/// your consent" is not among them.
const WITHHELD_PROTECTIONS: &[&str] = &[
    "ask for",
    "seek",
    "obtain your",
    "request your",
    "notify",
    "inform you",
    "give you notice",
    "provide notice",
    "compensat",
    "pay you",
];

/// Words that, just before a negation's subject, make it a condition ("if we do not resolve
/// your complaint") rather than a promise.
const CONDITIONS: &[&str] = &["if", "unless", "when", "whenever", "where", "until", "once"];

/// Words that, one or two words before a protective cue, deny what it names.
const DENIALS: &[&str] = &["without", "no"];

/// Bytes after a negation's verb that [`WITHHELD_PROTECTIONS`] are looked for in.
const WITHHELD_WINDOW: usize = 40;

/// Phrases that carve an exception out of a platform's commitment: "we do not sell your data,
/// except to our partners".
const EXCEPTION_CUES: &[&str] = &[
    "except",
    "unless",
    "other than",
    "save as",
    "save for",
    "apart from",
    "excluding",
    "with the exception of",
];

/// Words after an exception cue that keep the user in control or only follow the law: "unless
/// you consent", "except as required by law". Such an exception does not widen what the
/// platform may do on its own.
const BOUNDED_EXCEPTIONS: &[&str] =
    &["consent", "permission", "instruct", "request", "law", "legal", "court", "required"];

/// Returns the exception cues of a lowercased commitment sentence that widen what the platform
/// may do: those not bounded by the user's consent or the law within a few words.
fn widening_exceptions(sentence: &str) -> Vec<&'static str> {
    EXCEPTION_CUES
        .iter()
        .copied()
        .filter(|cue| {
            sentence.match_indices(cue).any(|(at, _)| {
                let after = &sentence[at + cue.len()..];
                let window: Vec<&str> = after.split_whitespace().take(6).collect();
                let window = window.join(" ");
                !BOUNDED_EXCEPTIONS.iter().any(|bound| window.contains(bound))
            })
        })
        .collect()
}

/// Phrases that widen a licence over user content.
static LICENCE_CUES: CueList = CueList::new(&[
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
]);

/// Prefixes that a cue may carry and still be the same cue: "retrain" and "pretrained" are
/// training.
const CUE_PREFIXES: &[(&str, &[&str])] = &[("train", &["re", "pre"])];

/// Returns the cues of `list` found in `text` at the start of a word, or after one of the
/// cue's [`CUE_PREFIXES`], compared case-insensitively. A cue may end inside a word ("train"
/// finds "training"), but "train" inside "constraints" is no cue.
fn cues_in(list: &CueList, text: &str) -> Vec<&'static str> {
    let text = text.to_lowercase();
    let starts_word =
        |at: usize| !text[..at].chars().next_back().is_some_and(char::is_alphanumeric);
    list.found_where(&text, |cue, at| {
        let prefixes = CUE_PREFIXES.iter().find(|(with, _)| *with == cue).map_or(&[][..], |p| p.1);
        let after_prefix = prefixes
            .iter()
            .any(|prefix| text[..at].ends_with(prefix) && starts_word(at - prefix.len()));
        starts_word(at) || after_prefix
    })
}

/// Returns the sentences of `text` that give the user a right, as (start, end) byte ranges.
fn user_right_sentences(text: &str) -> Vec<(usize, usize)> {
    let lowered = text.to_ascii_lowercase();
    let mut sentences: Vec<(usize, usize)> = USER_RIGHT_CUES
        .occurrences(&lowered)
        .map(|occurrence| (occurrence.span.start, occurrence.span.end))
        .filter(|&(at, end)| {
            // "You may not", "you can no longer" and "you may only" restrict the user.
            let next = lowered[end..].split_whitespace().next().unwrap_or_default();
            // "You warrant that you have the right to upload" vouches and grants nothing.
            let previous = lowered[..at].split_whitespace().next_back().unwrap_or_default();
            // "You may need to", "may have to" and "may be required to" state duties.
            let duty = matches!(next, "need" | "have" | "be" | "require");
            !matches!(next, "not" | "no" | "only" | "never") && !duty && previous != "that"
        })
        .map(|(at, end)| {
            let start = lowered[..at].rfind(SENTENCE_ENDS).map_or(0, |stop| stop + 1);
            let stop = lowered[end..].find(SENTENCE_ENDS).map_or(lowered.len(), |stop| end + stop);
            (start, stop)
        })
        .collect();
    sentences.sort_unstable();
    sentences.dedup();
    sentences
}

/// The characters that end a sentence or a clause of a list.
const SENTENCE_ENDS: [char; 4] = ['.', ';', '?', '!'];

/// Returns `text` without its sentences that give the user a right.
fn without_user_rights(text: &str) -> String {
    let mut remainder = String::with_capacity(text.len());
    let mut from = 0;
    for (start, end) in user_right_sentences(text) {
        if start >= from {
            remainder.push_str(&text[from..start]);
        }
        from = from.max(end);
    }
    remainder.push_str(&text[from.min(text.len())..]);
    remainder
}

/// Returns the cues of `list` in `after` but not in `before`.
fn gained(list: &CueList, before: &str, after: &str) -> Vec<&'static str> {
    let old = cues_in(list, before);
    cues_in(list, after).into_iter().filter(|cue| !old.contains(cue)).collect()
}

/// Returns whether two texts have the same words in the same order once case is ignored, so
/// that only punctuation, capitals or spacing differ.
fn punctuation_only(before: &str, after: &str) -> bool {
    fn words(text: &str) -> impl Iterator<Item = String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
    }
    words(before).eq(words(after))
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

    if change.kind == ChangeKind::Modified && punctuation_only(&change.before, &change.after) {
        return Severity {
            level: SeverityLevel::Low,
            effect: ChangeEffect::PunctuationOnly,
            reason: "Punctuation or capitalisation changed; the words are the same. Read it: a \
                     comma or a capital letter can change how a list, a condition or a defined \
                     term reads."
                .to_owned(),
        };
    }

    let lead = lead_category(taxonomy, &change.categories);
    let baseline = lead.as_ref().map_or(SeverityLevel::Low, |(_, level)| *level);
    let topic = lead.map_or_else(|| "uncategorised clause".to_owned(), |(name, _)| name);
    let (mut effect, detail) = effect_of(change);
    // Cue words inside a commitment are what the platform promises not to do, and inside a
    // user's right they widen that right.
    let aggravating = match effect {
        ChangeEffect::NewCommitment => Vec::new(),
        _ => {
            let (before, after) =
                (without_user_rights(&change.before), without_user_rights(&change.after));
            let mut cues = gained(&AGGRAVATING_CUES, &before, &after);
            // A forum named in a user's right ("you may opt out of arbitration") is still
            // the clause's forum, so dispute cues compare the whole texts.
            if change.kind == ChangeKind::Modified {
                cues.extend(gained(&DISPUTE_CUES, &change.before, &change.after));
            }
            cues
        }
    };
    // A user's right next to a harsher power of the platform does not make the change benign.
    if effect == ChangeEffect::NewUserRight && !aggravating.is_empty() {
        effect = match change.kind {
            ChangeKind::Added => ChangeEffect::NewClause,
            _ => ChangeEffect::Reworded,
        };
    }

    let mut level = match effect {
        ChangeEffect::NewRestriction
        | ChangeEffect::RemovedProtection
        | ChangeEffect::WidenedLicence => baseline.raised(),
        ChangeEffect::RemovedClause | ChangeEffect::Reworded => baseline.lowered(),
        ChangeEffect::WorsePeriodOrAmount => baseline.raised().max(SeverityLevel::High),
        ChangeEffect::ChangedPeriodOrAmount => baseline.max(SeverityLevel::Medium),
        ChangeEffect::ChangedCompany => baseline.max(SeverityLevel::Medium),
        ChangeEffect::ChangedForum => {
            baseline.raised().clamp(SeverityLevel::Medium, SeverityLevel::High)
        }
        ChangeEffect::NewCommitment
        | ChangeEffect::NewUserRight
        | ChangeEffect::BetterPeriodOrAmount
        | ChangeEffect::PunctuationOnly => SeverityLevel::Low,
        ChangeEffect::NewClause | ChangeEffect::FormattingOnly | ChangeEffect::Technical => {
            baseline
        }
    };
    if !aggravating.is_empty() && effect != ChangeEffect::RemovedClause {
        level = level.raised();
    }
    let mut level = level.max(SeverityLevel::Low);
    // A pointer to another part shares that part's words, and so its category and cues, but
    // sets no term itself.
    let pointer = change.kind != ChangeKind::Removed && is_cross_reference(&change.after);
    if pointer {
        level = SeverityLevel::Low;
    }

    let mut reason = format!("{} ({topic})", effect_phrase(effect));
    if let Some(detail) = detail {
        reason.push_str(&format!(": {detail}"));
    }
    if pointer {
        reason.push_str(
            "; it refers to another part of the document and sets no term itself, so read \
             the part it names",
        );
    } else if !aggravating.is_empty() {
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

/// The user's restrictions and protections and the platform's commitments on one side of a
/// change.
struct Reading {
    /// Restriction cues that bind the user.
    restrictions: Vec<&'static str>,
    /// Sentences with at least one restriction that binds the user, so that "may not"
    /// becoming "must not" is the same restriction reworded, not a new one.
    restricting_sentences: usize,
    /// Sentences that give the user a right ("you may cancel at any time").
    user_rights: usize,
    /// Grants of rights to the platform, outside the sentences of commitments.
    grants: Vec<&'static str>,
    /// Protective cues outside the sentences of commitments. Inside one, a cue such as
    /// "without your consent" is an exception to the commitment, not a protection of its own.
    protections: Vec<&'static str>,
    /// Commitments of the platform, in text order.
    commitments: Vec<Negation>,
    /// Exception cues in the sentence of a commitment ("... except to our partners"), each
    /// with that commitment.
    exceptions: Vec<(&'static str, Negation)>,
}

impl Reading {
    fn of(text: &str) -> Self {
        let found = negations(text);
        let restrictions = user_restrictions(text, &found);
        let restricting_sentences = restricting_sentences(text, &found);
        let lowered = text.to_ascii_lowercase();

        // The phrase and a few words after it, so a protection named later in a long
        // sentence is not read as what the negation withholds.
        let withholds = |negation: &Negation| {
            let end = negation.sentence_end.min(negation.end + WITHHELD_WINDOW);
            let window = lowered.get(negation.start..end).unwrap_or_default();
            WITHHELD_PROTECTIONS.iter().any(|object| window.contains(object))
        };

        // "If we do not resolve your complaint, ..." states a condition, not a promise.
        let conditional = |negation: &Negation| {
            let before = lowered.get(..negation.start).unwrap_or_default();
            before.split_whitespace().rev().take(2).any(|word| {
                let word = word.trim_matches(|c: char| !c.is_alphabetic());
                CONDITIONS.contains(&word)
            })
        };

        let commitments: Vec<Negation> = found
            .into_iter()
            .filter(|negation| {
                negation.is_commitment() && !withholds(negation) && !conditional(negation)
            })
            .collect();

        let in_commitment = |at: usize| {
            commitments
                .iter()
                .any(|commitment| (commitment.start..commitment.sentence_end).contains(&at))
        };
        // "without notice to you" and "no prior notice" deny the protection the cue names.
        let denied = |at: usize| {
            let before = lowered.get(..at).unwrap_or_default();
            before.split_whitespace().rev().take(2).any(|word| {
                let word = word.trim_matches(|c: char| !c.is_alphabetic());
                DENIALS.contains(&word)
            })
        };
        let protections =
            cues_outside(&PROTECTIVE_CUES, text, |at| in_commitment(at) || denied(at));
        let grants = cues_outside(&GRANT_CUES, text, in_commitment);
        let exceptions = commitments
            .iter()
            .flat_map(|commitment| {
                let sentence =
                    lowered.get(commitment.start..commitment.sentence_end).unwrap_or_default();
                widening_exceptions(sentence).into_iter().map(|cue| (cue, commitment.clone()))
            })
            .collect();
        let user_rights = user_right_sentences(text).len();
        Self {
            restrictions,
            restricting_sentences,
            user_rights,
            grants,
            protections,
            commitments,
            exceptions,
        }
    }

    /// Returns the first commitment of `self` whose verb no commitment of `other` repeats, so
    /// that "will not use" becoming "does not use" is no loss.
    fn first_commitment_missing_from(&self, other: &Reading) -> Option<&Negation> {
        self.commitments
            .iter()
            .find(|commitment| !other.commitments.iter().any(|kept| kept.verb == commitment.verb))
    }
}

/// Returns the restriction cues of `text` that occur at least once outside a negation whose
/// subject is the platform ("we will not", "Acme will not").
fn user_restrictions(text: &str, negations: &[Negation]) -> Vec<&'static str> {
    cues_outside(&RESTRICTION_CUES, text, |at| platform_bound(negations, at))
}

/// Counts the sentences of `text` that contain a restriction cue outside a negation whose subject
/// is the platform.
fn restricting_sentences(text: &str, negations: &[Negation]) -> usize {
    let lowered = text.to_ascii_lowercase();
    let mut sentence_starts: Vec<usize> = RESTRICTION_CUES
        .occurrences(&lowered)
        .map(|occurrence| occurrence.span.start)
        .filter(|&at| !platform_bound(negations, at))
        .map(|at| lowered[..at].rfind(SENTENCE_ENDS).map_or(0, |end| end + 1))
        .collect();
    sentence_starts.sort_unstable();
    sentence_starts.dedup();
    sentence_starts.len()
}

/// Returns whether byte `at` falls inside a negation whose subject is the platform.
fn platform_bound(negations: &[Negation], at: usize) -> bool {
    negations.iter().any(|negation| {
        negation.party == Party::Platform && (negation.start..negation.end).contains(&at)
    })
}

/// Returns the cues of `list` that occur in `text` at least once at an offset for which
/// `excluded` is false, compared case-insensitively.
fn cues_outside(list: &CueList, text: &str, excluded: impl Fn(usize) -> bool) -> Vec<&'static str> {
    // ASCII lowercasing keeps byte offsets, so they compare with the negations' offsets.
    list.found_outside(&text.to_ascii_lowercase(), excluded)
}

/// Returns the effect of a substantive change from the cue words and negations on each side,
/// with a detail for the reason when a commitment decided it.
fn effect_of(change: &ChangeInput) -> (ChangeEffect, Option<String>) {
    let licence = change.categories.iter().any(|id| id == "content-licence");
    let before = Reading::of(&change.before);
    let after = Reading::of(&change.after);
    let protects = |commitment: &Negation| {
        format!("\"{}\" binds the platform, not the user, so it protects users", commitment.phrase)
    };
    let drops = |commitment: &Negation| {
        format!("drops the platform's commitment \"{}\"", commitment.phrase)
    };

    match change.kind {
        ChangeKind::Added if !after.restrictions.is_empty() => (ChangeEffect::NewRestriction, None),
        ChangeKind::Added if !after.grants.is_empty() => (ChangeEffect::WidenedLicence, None),
        ChangeKind::Added => match after.commitments.first() {
            Some(commitment) => (ChangeEffect::NewCommitment, Some(protects(commitment))),
            None if after.user_rights > 0 => (ChangeEffect::NewUserRight, None),
            None => (ChangeEffect::NewClause, None),
        },
        ChangeKind::Removed => match before.commitments.first() {
            Some(commitment) => (ChangeEffect::RemovedProtection, Some(drops(commitment))),
            None if !before.protections.is_empty() || before.user_rights > 0 => {
                (ChangeEffect::RemovedProtection, None)
            }
            None => (ChangeEffect::RemovedClause, None),
        },
        ChangeKind::Modified => {
            let new_restrictions = after.restricting_sentences > before.restricting_sentences;
            let new_grants = after.grants.iter().any(|cue| !before.grants.contains(cue));
            let wider = licence && !gained(&LICENCE_CUES, &change.before, &change.after).is_empty();
            if wider || new_grants {
                (ChangeEffect::WidenedLicence, None)
            } else if new_restrictions {
                (ChangeEffect::NewRestriction, None)
            } else if let Some(cue) = gained(&EXCLUSION_CUES, &change.before, &change.after).first()
            {
                (ChangeEffect::RemovedProtection, Some(format!("adds the exclusion \"{cue}\"")))
            } else if let Some(lost) = before.first_commitment_missing_from(&after) {
                (ChangeEffect::RemovedProtection, Some(drops(lost)))
            } else if let Some((cue, commitment)) = after.exceptions.iter().find(|(cue, made)| {
                // Only an exception to a commitment the earlier text made without it counts. A
                // new commitment that comes with an exception still protects more than none.
                before.commitments.iter().any(|kept| kept.verb == made.verb)
                    && !before.exceptions.iter().any(|(known, _)| known == cue)
            }) {
                let detail = format!(
                    "adds the exception \"{cue}\" to the platform's commitment \"{}\"",
                    commitment.phrase
                );
                (ChangeEffect::RemovedProtection, Some(detail))
            } else if before.protections.iter().any(|cue| !after.protections.contains(cue))
                || after.user_rights < before.user_rights
            {
                (ChangeEffect::RemovedProtection, None)
            } else if let Some(forum) =
                forum_change(&change.categories, &change.before, &change.after)
            {
                (ChangeEffect::ChangedForum, Some(forum.describe()))
            } else if let Some(company) = entity_change(&change.before, &change.after) {
                (ChangeEffect::ChangedCompany, Some(company.describe()))
            } else if let Some(change) = quantity_change(&change.before, &change.after) {
                let effect = match change.direction {
                    Direction::Worse => ChangeEffect::WorsePeriodOrAmount,
                    Direction::Better => ChangeEffect::BetterPeriodOrAmount,
                    Direction::Unknown => ChangeEffect::ChangedPeriodOrAmount,
                };
                (effect, Some(format!("\"{}\" became \"{}\"", change.before, change.after)))
            } else if let Some(new) = after.first_commitment_missing_from(&before) {
                (ChangeEffect::NewCommitment, Some(protects(new)))
            } else if after.user_rights > before.user_rights {
                (ChangeEffect::NewUserRight, None)
            } else {
                (ChangeEffect::Reworded, None)
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
        ChangeEffect::NewCommitment => "New commitment by the platform",
        ChangeEffect::NewUserRight => "New right for the user",
        ChangeEffect::PunctuationOnly => "Punctuation or capitalisation changed",
        ChangeEffect::WorsePeriodOrAmount => "Period or amount changed against the user",
        ChangeEffect::BetterPeriodOrAmount => "Period or amount changed in the user's favour",
        ChangeEffect::ChangedPeriodOrAmount => "Period or amount changed",
        ChangeEffect::NewClause => "New clause",
        ChangeEffect::RemovedClause => "Removed clause",
        ChangeEffect::ChangedForum => "Law, court or forum changed",
        ChangeEffect::ChangedCompany => "Another company named",
        ChangeEffect::Reworded => "Reworded terms",
        ChangeEffect::Technical => "Technical change",
    }
}
