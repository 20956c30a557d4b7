//! Severity ratings and one-line summaries of change records.

use clausewatch_analysis::{
    ChangeEffect, ChangeInput, ChangeKind, SeverityLevel, rate_change, summarize_change,
};

fn change(kind: ChangeKind, before: &str, after: &str, categories: &[&str]) -> ChangeInput {
    ChangeInput {
        kind,
        substantive: true,
        before: before.to_owned(),
        after: after.to_owned(),
        categories: categories.iter().map(|id| (*id).to_owned()).collect(),
    }
}

#[test]
fn formatting_change_is_none() {
    let mut input = change(
        ChangeKind::Modified,
        "4.6 You may not",
        "4.7 You may not",
        &["ai-machine-learning"],
    );
    input.substantive = false;

    let severity = rate_change(&input);

    assert_eq!(severity.level, SeverityLevel::None);
    assert_eq!(severity.effect, ChangeEffect::FormattingOnly);
}

#[test]
fn added_ai_restriction_is_critical() {
    // Baseline of the AI category is high; a new restriction raises it one level.
    let input = change(
        ChangeKind::Added,
        "",
        "You may not use the service to train, test or benchmark machine learning tools.",
        &["ai-machine-learning"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewRestriction);
    assert_eq!(severity.level, SeverityLevel::Critical);
    assert!(
        severity.reason.starts_with("New restriction (AI and machine-learning use)"),
        "{}",
        severity.reason
    );
}

#[test]
fn widened_licence_with_irrevocable_is_raised_twice() {
    // Baseline medium; the wider licence raises it to high, the new cue "irrevocable" to
    // critical.
    let input = change(
        ChangeKind::Modified,
        "You grant us a non-exclusive licence to host your content.",
        "You grant us a non-exclusive, irrevocable licence to host your content.",
        &["content-licence"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::WidenedLicence);
    assert_eq!(severity.level, SeverityLevel::Critical);
    assert!(severity.reason.contains("\"irrevocable\""), "{}", severity.reason);
}

#[test]
fn removed_notice_is_removed_protection() {
    // Baseline of unilateral change is medium; losing the notice raises it to high.
    let input = change(
        ChangeKind::Removed,
        "We will notify you at least 30 days before changes take effect.",
        "",
        &["unilateral-change"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::RemovedProtection);
    assert_eq!(severity.level, SeverityLevel::High);
}

#[test]
fn reworded_choice_of_law_stays_low() {
    // Baseline low; a rewording lowers it, but a substantive change is never below low.
    let input = change(
        ChangeKind::Modified,
        "These terms are governed by the laws of Ireland.",
        "The laws of Ireland govern these terms.",
        &["choice-of-law"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::Reworded);
    assert_eq!(severity.level, SeverityLevel::Low);
}

#[test]
fn summary_names_effect_subject_and_marker() {
    let input = change(
        ChangeKind::Added,
        "",
        "You may not use the service to train machine learning tools.",
        &["ai-machine-learning"],
    );
    let severity = rate_change(&input);

    let summary = summarize_change(&severity, &input.categories, Some("4.6 (viii)"));

    assert_eq!(
        summary,
        "New restriction on using the service or its content to train, test or benchmark \
         machine-learning tools (clause 4.6 (viii))."
    );
}

#[test]
fn stronger_modal_is_reworded() {
    let input = change(
        ChangeKind::Modified,
        "You may not scrape the service.",
        "You must not scrape the service.",
        &["scraping-data-mining"],
    );

    let severity = rate_change(&input);

    // Baseline medium, lowered one level for a rewording.
    assert_eq!(severity.effect, ChangeEffect::Reworded);
    assert_eq!(severity.level, SeverityLevel::Low);
}

#[test]
fn added_restriction_sentence_is_new() {
    let input = change(
        ChangeKind::Modified,
        "You may not scrape the service.",
        "You may not scrape the service. You must not copy its content into a dataset.",
        &["scraping-data-mining"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewRestriction);
    assert_eq!(severity.level, SeverityLevel::High);
}

#[test]
fn user_termination_right_is_low() {
    let input = change(
        ChangeKind::Added,
        "",
        "You have a right to terminate your account at any time by contacting support.",
        &["unilateral-termination"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewUserRight);
    assert_eq!(severity.level, SeverityLevel::Low);
    assert!(!severity.reason.contains("at any time"), "{}", severity.reason);
}

#[test]
fn platform_power_stays_aggravated() {
    // The same cue outside a user's right raises the high baseline to critical.
    let input = change(
        ChangeKind::Added,
        "",
        "You may close your account. We may suspend your account at any time.",
        &["unilateral-termination"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewClause);
    assert_eq!(severity.level, SeverityLevel::Critical);
    assert!(severity.reason.contains("\"at any time\""), "{}", severity.reason);
}

#[test]
fn punctuation_only_edit_is_low() {
    let input = change(
        ChangeKind::Modified,
        "We may share data with partners, affiliates and advertisers.",
        "We may share data with partners, affiliates, and advertisers.",
        &["data-sharing"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.level, SeverityLevel::Low);
    assert_eq!(severity.effect, ChangeEffect::PunctuationOnly);
    assert!(severity.reason.starts_with("Punctuation or capitalisation"), "{}", severity.reason);
}

#[test]
fn capitalisation_only_edit_is_low() {
    let input = change(
        ChangeKind::Modified,
        "We share data with partners for Advertisements.",
        "We share data with partners for advertisements.",
        &["data-sharing"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.level, SeverityLevel::Low);
    assert_eq!(severity.effect, ChangeEffect::PunctuationOnly);
    let summary = summarize_change(&severity, &input.categories, Some("8.2"));
    assert!(
        summary.starts_with("Punctuation or capitalisation changed in the clause on"),
        "{summary}"
    );
    assert!(summary.ends_with("(clause 8.2)."), "{summary}");
}

#[test]
fn duty_phrased_with_may_is_no_right() {
    let input = change(
        ChangeKind::Added,
        "",
        "You may need to create an account and keep it active at any time.",
        &["unilateral-termination"],
    );

    let severity = rate_change(&input);

    assert_ne!(severity.effect, ChangeEffect::NewUserRight, "{severity:?}");
}

#[test]
fn courts_replaced_by_arbitration_is_raised() {
    let input = change(
        ChangeKind::Modified,
        "Any dispute shall be resolved by the courts of Paris.",
        "Any dispute shall be resolved by binding arbitration in Delaware.",
        &["arbitration", "jurisdiction"],
    );

    let severity = rate_change(&input);

    // Baseline high. The forum moved from Paris to Delaware, which keeps it high, and courts
    // gave way to binding arbitration, which raises it again.
    assert_eq!(severity.effect, ChangeEffect::ChangedForum);
    assert_eq!(severity.level, SeverityLevel::Critical);
    assert!(severity.reason.contains("\"Paris\" became \"Delaware\""), "{}", severity.reason);
    assert!(severity.reason.contains("\"arbitration\""), "{}", severity.reason);
}

#[test]
fn governing_law_changed_is_medium() {
    let input = change(
        ChangeKind::Modified,
        "These Terms are governed by the laws of France.",
        "These Terms are governed by the laws of the State of Delaware.",
        &["choice-of-law"],
    );

    let severity = rate_change(&input);
    let summary = summarize_change(&severity, &input.categories, Some("2"));

    // Baseline low: a rewording would stay low, another country's law is one level up.
    assert_eq!(severity.effect, ChangeEffect::ChangedForum);
    assert_eq!(severity.level, SeverityLevel::Medium);
    assert!(
        severity.reason.starts_with(
            "Law, court or forum changed (Choice of law): \"France\" became \"State of Delaware\""
        ),
        "{}",
        severity.reason
    );
    assert!(summary.starts_with("Law, court or forum changed in the clause on"), "{summary}");
}

#[test]
fn forum_courts_moved_or_reworded() {
    let moved = change(
        ChangeKind::Modified,
        "Any dispute shall be brought before the courts of Paris.",
        "Any dispute shall be brought before the courts of Wilmington, Delaware.",
        &["jurisdiction"],
    );
    let reworded = change(
        ChangeKind::Modified,
        "Any dispute shall be brought before the courts of Paris.",
        "Disputes must be brought before the courts of Paris only.",
        &["jurisdiction"],
    );

    let (moved, reworded) = (rate_change(&moved), rate_change(&reworded));

    assert_eq!((moved.effect, moved.level), (ChangeEffect::ChangedForum, SeverityLevel::High));
    assert!(
        moved.reason.contains("\"Paris\" became \"Wilmington\", \"Delaware\""),
        "{}",
        moved.reason
    );
    assert_eq!(reworded.effect, ChangeEffect::Reworded, "{}", reworded.reason);
    assert_eq!(reworded.level, SeverityLevel::Low);
}

#[test]
fn shorter_notice_of_changes_is_high() {
    let input = change(
        ChangeKind::Modified,
        "We will notify you at least 30 days before any change to these terms takes effect.",
        "We will notify you at least 3 days before any change to these terms takes effect.",
        &[],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::WorsePeriodOrAmount);
    assert_eq!(severity.level, SeverityLevel::High);
    assert!(severity.reason.contains("\"30 days\" became \"3 days\""), "{}", severity.reason);
}

#[test]
fn longer_retention_is_high() {
    let input = change(
        ChangeKind::Modified,
        "We delete your data within 30 days after you close your account.",
        "We delete your data within 10 years after you close your account.",
        &[],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::WorsePeriodOrAmount);
    assert_eq!(severity.level, SeverityLevel::High);
}

#[test]
fn longer_refund_window_is_low() {
    let input = change(
        ChangeKind::Modified,
        "You can ask for a refund within 14 days of purchase.",
        "You can ask for a refund within 30 days of purchase.",
        &[],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::BetterPeriodOrAmount);
    assert_eq!(severity.level, SeverityLevel::Low);
}

#[test]
fn liability_cap_replaced_is_at_least_medium() {
    let input = change(
        ChangeKind::Modified,
        "Our total liability to you is limited to the fees you paid in the last 12 months.",
        "Our total liability to you is limited to 1 euro.",
        &["limitation-of-liability"],
    );

    let severity = rate_change(&input);
    let summary = summarize_change(&severity, &input.categories, Some("4.1"));

    assert_eq!(severity.effect, ChangeEffect::ChangedPeriodOrAmount);
    assert_eq!(severity.level, SeverityLevel::Medium);
    assert!(summary.starts_with("Period or amount changed in the clause on"), "{summary}");
}

#[test]
fn platform_excluding_its_liability_is_not_a_commitment() {
    let input = change(
        ChangeKind::Modified,
        "Acme is liable for damages caused by its gross negligence.",
        "Acme is not liable for damages caused by its gross negligence.",
        &["limitation-of-liability"],
    );

    let severity = rate_change(&input);

    assert_ne!(severity.effect, ChangeEffect::NewCommitment);
    assert!(severity.level >= SeverityLevel::High, "{severity:?}");
}

#[test]
fn dropped_arbitration_opt_out_does_not_add_arbitration() {
    let input = change(
        ChangeKind::Modified,
        "You may opt out of arbitration within 30 days of accepting these terms.",
        "You may not opt out of arbitration.",
        &[],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewRestriction);
    assert!(!severity.reason.contains("adds \"arbitration\""), "{}", severity.reason);
}

#[test]
fn restriction_on_platform_power_names_users() {
    let input = change(
        ChangeKind::Added,
        "",
        "You may not ask us to restore an account we have closed.",
        &["unilateral-termination"],
    );
    let severity = rate_change(&input);

    let summary = summarize_change(&severity, &input.categories, Some("2"));

    assert_eq!(severity.effect, ChangeEffect::NewRestriction);
    assert_eq!(
        summary,
        "New restriction on users concerning the platform's power to suspend or terminate \
         accounts or the service (clause 2)."
    );
}

#[test]
fn commitment_exception_removes_protection() {
    let input = change(
        ChangeKind::Modified,
        "We do not sell or share your personal data with third parties.",
        "We do not sell or share your personal data with third parties, except with our partners.",
        &["data-sharing"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::RemovedProtection, "{}", severity.reason);
    assert!(
        severity.reason.contains("adds the exception \"except\" to the platform's commitment"),
        "{}",
        severity.reason
    );
}

#[test]
fn exception_bounded_or_in_new_commitment() {
    let commitment = "We will not share your personal data with third parties.";
    let bounded = [
        "We will not share your personal data with third parties, except as required by law.",
        "We will not share your personal data with third parties unless you consent.",
    ];
    for after in bounded {
        let severity = rate_change(&change(ChangeKind::Modified, commitment, after, &[]));
        assert_ne!(severity.effect, ChangeEffect::RemovedProtection, "{after}: {severity:?}");
    }

    let new_commitment = change(
        ChangeKind::Modified,
        "You have rights under the law.",
        "You have rights under the law. We do not disclose sensitive data except to run the \
         service.",
        &[],
    );
    let severity = rate_change(&new_commitment);
    assert_ne!(severity.effect, ChangeEffect::RemovedProtection, "{severity:?}");
}

#[test]
fn data_controller_changed_is_medium() {
    let input = change(
        ChangeKind::Modified,
        "The data controller of your personal information is Netflix International B.V.",
        "The data controller of your personal information is Netflix Services UK Limited.",
        &[],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::ChangedCompany);
    assert_eq!(severity.level, SeverityLevel::Medium);
    assert!(
        severity
            .reason
            .contains("\"Netflix International B.V.\" became \"Netflix Services UK Limited\""),
        "{}",
        severity.reason
    );
}

#[test]
fn added_pointer_to_another_section_is_low() {
    // Claude.ai Privacy Policy, added in 2025: it names model training but sets no term.
    let pointer = "We’ve described the stages of model training in more detail in Section 4 below.";
    let restriction = "You may not use the output to train models, as described in Section 4.";

    let rated = rate_change(&change(ChangeKind::Added, "", pointer, &["ai-machine-learning"]));
    let restricting =
        rate_change(&change(ChangeKind::Added, "", restriction, &["ai-machine-learning"]));

    assert_eq!(rated.level, SeverityLevel::Low);
    assert!(rated.reason.contains("refers to another part"), "{}", rated.reason);
    assert_eq!(restricting.level, SeverityLevel::Critical, "{}", restricting.reason);
}

#[test]
fn removed_power_without_notice_is_no_lost_protection() {
    let cases = [
        "We may suspend or terminate your account at any time for any reason without notice to you.",
        "We may change these terms with no prior notice.",
        "We may remove content without any prior notice.",
    ];

    for before in cases {
        let input = change(ChangeKind::Removed, before, "", &["unilateral-termination"]);
        let severity = rate_change(&input);
        assert_ne!(severity.effect, ChangeEffect::RemovedProtection, "{before}");
        assert!(severity.level < SeverityLevel::Critical, "{before}: {:?}", severity.level);
    }
}

#[test]
fn removed_notice_promise_is_still_lost_protection() {
    let before = "We will give you prior notice before we suspend your account.";
    let input = change(ChangeKind::Removed, before, "", &["unilateral-termination"]);

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::RemovedProtection);
}

#[test]
fn wider_content_licence_summary_reads_plainly() {
    let input = change(
        ChangeKind::Added,
        "",
        "You grant us a worldwide, irrevocable licence to use your content.",
        &["content-licence"],
    );
    let severity = rate_change(&input);

    let summary = summarize_change(&severity, &input.categories, Some("2.3"));

    assert_eq!(severity.effect, ChangeEffect::WidenedLicence);
    assert_eq!(
        summary,
        "Wider licence in the clause on the licence the platform takes over user content \
         (clause 2.3)."
    );
}

#[test]
fn curly_apostrophe_notice_is_protection() {
    // The same notice period written with a typewriter and with a typographic apostrophe.
    for notice in ["thirty days' notice", "thirty days\u{2019} notice"] {
        let input = change(
            ChangeKind::Modified,
            &format!("We may suspend your account after giving you {notice} by email."),
            "We may suspend your account by email.",
            &["unilateral-termination"],
        );

        let severity = rate_change(&input);

        assert_eq!(severity.effect, ChangeEffect::RemovedProtection, "{notice}");
        assert_eq!(severity.level, SeverityLevel::Critical, "{notice}");
    }
}

#[test]
fn cue_inside_longer_word_ignored() {
    let input = change(
        ChangeKind::Modified,
        "We may update the features of the service from time to time.",
        "We may update the features of the service from time to time, subject to technical \
         constraints.",
        &["unilateral-change"],
    );

    let severity = rate_change(&input);

    assert!(!severity.reason.contains("\"train\""), "{}", severity.reason);
    assert_eq!(severity.level, SeverityLevel::Low, "{}", severity.reason);
}

#[test]
fn retrain_counts_as_train_cue() {
    let new_cue = change(
        ChangeKind::Modified,
        "You grant us a licence to host your content.",
        "You grant us a licence to host your content and to retrain our models on it.",
        &["content-licence"],
    );
    let same_cue = change(
        ChangeKind::Modified,
        "You grant us a licence to host your content and to train our models on it.",
        "You grant us a licence to host your content and to train and retrain our models on it.",
        &["content-licence"],
    );

    let new_cue = rate_change(&new_cue);
    let same_cue = rate_change(&same_cue);

    assert!(new_cue.reason.contains("adds \"train\""), "{}", new_cue.reason);
    assert!(!same_cue.reason.contains("adds"), "{}", same_cue.reason);
}

#[test]
fn cannot_be_liable_is_exclusion() {
    let input = change(
        ChangeKind::Modified,
        "We provide the service as is.",
        "We provide the service as is and cannot be liable for any loss.",
        &["limitation-of-liability"],
    );

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::RemovedProtection, "{}", severity.reason);
    assert!(severity.reason.contains("\"cannot be liable\""), "{}", severity.reason);
}
