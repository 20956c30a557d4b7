//! One-line summaries of change records for notifications, lists and memos, such as
//! "New restriction on using the service or its content to train, test or benchmark
//! machine-learning tools (clause 4.6 (viii))."
//!
//! The subject of each category is the `subject` field of the taxonomy; the opening words come
//! from the change's effect.

use crate::severity::effect_phrase;
use crate::{ChangeEffect, Severity, Taxonomy};

/// Phrases a rated change in one sentence: its effect, the subject of its lead category and
/// the clause marker when there is one. `categories` are category ids, most relevant first.
pub fn summarize_change(
    severity: &Severity,
    categories: &[String],
    marker: Option<&str>,
) -> String {
    summarize_change_with(Taxonomy::embedded(), severity, categories, marker)
}

/// Phrases a rated change like [`summarize_change`], reading category subjects from
/// `taxonomy`.
pub fn summarize_change_with(
    taxonomy: &Taxonomy,
    severity: &Severity,
    categories: &[String],
    marker: Option<&str>,
) -> String {
    let subject = categories
        .iter()
        .find_map(|id| taxonomy.category(id))
        .map_or("an uncategorised term", |category| category.subject.as_str());

    let opening = match severity.effect {
        ChangeEffect::NewClause => "New clause",
        ChangeEffect::RemovedClause => "Removed clause",
        ChangeEffect::Reworded => "Changed wording",
        effect => effect_phrase(effect),
    };
    // A subject that names what users do ("using the service to train ...") takes the
    // restriction directly. A subject that names a power or duty of the platform ("the
    // platform's liability to users") would read as restricting the platform, so it names users.
    let names_user_activity =
        subject.split_whitespace().next().is_some_and(|word| word.ends_with("ing"));
    let preposition = match severity.effect {
        ChangeEffect::NewRestriction if !names_user_activity => "on users concerning",
        ChangeEffect::WidenedLicence if names_user_activity => "for",
        ChangeEffect::PunctuationOnly
        | ChangeEffect::WorsePeriodOrAmount
        | ChangeEffect::BetterPeriodOrAmount
        | ChangeEffect::ChangedPeriodOrAmount
        | ChangeEffect::ChangedForum
        | ChangeEffect::ChangedCompany
        | ChangeEffect::WidenedLicence => "in the clause on",
        ChangeEffect::RemovedProtection
        | ChangeEffect::NewCommitment
        | ChangeEffect::NewUserRight => "concerning",
        _ => "on",
    };

    match marker {
        Some(marker) => format!("{opening} {preposition} {subject} (clause {marker})."),
        None => format!("{opening} {preposition} {subject}."),
    }
}
