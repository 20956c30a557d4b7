//! Severity of clauses by the party they bind, on sentences of the bundled archive: a
//! platform's commitment ("we do not sell") protects users, while "you may not" restricts them.

use std::path::Path;

use clausewatch_analysis::{
    ChangeEffect, ChangeInput, ChangeKind, ClauseInput, SeverityLevel, Taxonomy, classify,
    rate_change, summarize_change,
};

/// Returns `sentence` after checking that the archived version at `path` (relative to
/// `assets/archive/versions`) contains it.
fn archived(path: &str, sentence: &str) -> String {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions").join(path);
    let text = std::fs::read_to_string(&file).expect("archived version");
    assert!(text.contains(sentence), "{} does not contain {sentence:?}", file.display());
    sentence.to_owned()
}

/// Returns the category ids the classifier gives `text`.
fn categories(text: &str) -> Vec<String> {
    classify(&ClauseInput::sentence(text)).into_iter().map(|found| found.category).collect()
}

/// Returns the highest baseline severity among `ids`, low when there is none.
fn baseline(ids: &[String]) -> SeverityLevel {
    ids.iter()
        .filter_map(|id| Taxonomy::embedded().category(id))
        .map(|category| category.baseline_severity)
        .max()
        .unwrap_or(SeverityLevel::Low)
}

fn added(text: &str) -> ChangeInput {
    ChangeInput {
        kind: ChangeKind::Added,
        substantive: true,
        before: String::new(),
        after: text.to_owned(),
        categories: categories(text),
    }
}

/// Returns a substantive rewording of `before` into `after`, categorised by `after`.
fn modified(before: &str, after: &str) -> ChangeInput {
    ChangeInput {
        kind: ChangeKind::Modified,
        substantive: true,
        before: before.to_owned(),
        after: after.to_owned(),
        categories: categories(after),
    }
}

fn removed(text: &str) -> ChangeInput {
    ChangeInput {
        kind: ChangeKind::Removed,
        substantive: true,
        before: text.to_owned(),
        after: String::new(),
        categories: categories(text),
    }
}

const ZOOM_TERMS: &str = "Zoom/Terms of Service/2023-08-07T18-49-21Z.md";
const REDDIT_PRIVACY: &str = "Reddit/Privacy Policy/2022-12-15T18-40-14Z.md";

#[test]
fn added_training_commitment_is_low() {
    let text = archived(
        ZOOM_TERMS,
        "Notwithstanding the above, Zoom will not use audio, video or chat Customer Content to \
         train our artificial intelligence models without your consent.",
    );
    let input = added(&text);
    assert!(input.categories.contains(&"ai-machine-learning".to_owned()), "{input:?}");

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewCommitment);
    assert_eq!(severity.level, SeverityLevel::Low);
    assert!(severity.reason.contains("\"Zoom will not use\""), "{}", severity.reason);
    assert!(severity.reason.contains("protects users"), "{}", severity.reason);
    assert!(!severity.reason.contains("adds \"train\""), "{}", severity.reason);
}

#[test]
fn user_training_restriction_stays_raised() {
    // The same topic bound on the user side: a new restriction, raised above the baseline.
    let input = added("You may not use the service to train artificial intelligence models.");

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::NewRestriction);
    assert!(severity.level > baseline(&input.categories), "{severity:?}");
}

#[test]
fn do_not_sell_added_and_removed() {
    let text = archived(REDDIT_PRIVACY, "We do not sell your personal information.");

    let added = rate_change(&added(&text));
    let removed_input = removed(&text);
    let removed = rate_change(&removed_input);

    assert_eq!(added.effect, ChangeEffect::NewCommitment);
    assert_eq!(added.level, SeverityLevel::Low);
    assert!(added.reason.contains("\"We do not sell\""), "{}", added.reason);
    assert_eq!(removed.effect, ChangeEffect::RemovedProtection);
    assert_eq!(removed.level, baseline(&removed_input.categories).raised());
    assert!(
        removed.reason.contains("drops the platform's commitment \"We do not sell\""),
        "{}",
        removed.reason
    );
}

#[test]
fn named_platform_commitment_is_low() {
    let text = archived(
        "GitHub/Privacy Policy/2023-10-17T12-30-02Z.md",
        "If GitHub detects the GPC signal from your device, GitHub will not share your data \
         (we do not sell your data).",
    );

    let severity = rate_change(&added(&text));

    assert_eq!(severity.effect, ChangeEffect::NewCommitment);
    assert_eq!(severity.level, SeverityLevel::Low);
    assert!(severity.reason.contains("\"GitHub will not share\""), "{}", severity.reason);
}

#[test]
fn user_side_negations_are_restrictions() {
    let cases = [
        (
            "Zoom/Terms of Service/2023-07-28T13-43-15Z.md",
            "YOU SHALL NOT USE THE SERVICES AND SOFTWARE FOR OR IN CONNECTION WITH ANY \
             HIGH-RISK ENVIRONMENT.",
        ),
        (
            "LinkedIn/Terms of Service/2022-10-12T18-32-12Z.md",
            "Customer may not resell or transfer access to the Jobs Services to any other party.",
        ),
        (
            "LinkedIn/Terms of Service/2024-11-21T00-32-34Z.md",
            "You will not share your account with anyone else and will follow our policies and \
             the law.",
        ),
    ];
    for (path, sentence) in cases {
        let input = added(&archived(path, sentence));

        let severity = rate_change(&input);

        assert_eq!(severity.effect, ChangeEffect::NewRestriction, "{sentence}");
        assert!(severity.level >= baseline(&input.categories).raised(), "{sentence}");
        assert!(severity.reason.starts_with("New restriction"), "{}", severity.reason);
    }
}

#[test]
fn liability_disclaimer_is_no_commitment() {
    // "We will not be liable" binds the platform but protects it, not the user: dropping it
    // is no removed protection, and adding it restricts nothing the user does.
    let text = archived(
        "GitHub/Terms of Service/2023-06-22T18-30-02Z.md",
        "We will not be liable for damages or losses arising from your use or inability to use \
         the service or otherwise arising under this agreement.",
    );

    let added = rate_change(&added(&text));
    let removed = rate_change(&removed(&text));

    assert_eq!(added.effect, ChangeEffect::NewClause);
    assert_eq!(removed.effect, ChangeEffect::RemovedClause);
}

#[test]
fn reworded_commitment_is_no_loss() {
    // "will not use" becoming "does not use" keeps the commitment.
    let before = "Acme will not use your messages to train its models.";
    let after = "Acme does not use any of your messages to train its models.";
    let input = modified(before, after);

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::Reworded);
}

#[test]
fn commitment_without_its_exception_is_no_loss() {
    // "without your consent" is an exception to the commitment, so dropping it with the
    // commitment kept removes no protection.
    let before = archived(
        ZOOM_TERMS,
        "Notwithstanding the above, Zoom will not use audio, video or chat Customer Content to \
         train our artificial intelligence models without your consent.",
    );
    let after = archived(
        "Zoom/Terms of Service/2023-08-11T19-15-38Z.md",
        "Zoom does not use any of your audio, video, chat, screen sharing, attachments or other \
         communications-like Customer Content (such as poll results, whiteboard and reactions) \
         to train Zoom or third-party artificial intelligence models.",
    );
    let input = modified(&before, &after);

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::Reworded);
    assert_eq!(severity.level, baseline(&input.categories).lowered());
}

#[test]
fn user_warranty_is_no_commitment() {
    // The platform is the subject of "does not violate", but the user vouches for it.
    let text = archived(
        ZOOM_TERMS,
        "You represent and warrant that you have the right to upload Customer Input and for \
         Zoom to provide, create, or make available any Customer Content to you, and that such \
         use or provision by you, your End User, or Zoom does not violate or infringe any rights \
         of any third party",
    );

    let severity = rate_change(&removed(&text));

    assert_ne!(severity.effect, ChangeEffect::RemovedProtection, "{}", severity.reason);
}

#[test]
fn commitment_summary_names_the_subject() {
    let text = archived(REDDIT_PRIVACY, "We do not sell your personal information.");
    let input = added(&text);
    let severity = rate_change(&input);
    let subject = input
        .categories
        .first()
        .and_then(|id| Taxonomy::embedded().category(id))
        .map_or("an uncategorised term", |category| category.subject.as_str());

    let summary = summarize_change(&severity, &input.categories, None);

    assert_eq!(summary, format!("New commitment by the platform concerning {subject}."));
}

#[test]
fn grant_with_opt_out_is_no_commitment() {
    let text = archived(
        "GitHub/Terms of Service/2026-04-28T00-30-15Z.md",
        "You also grant GitHub and its Affiliates a license to collect and use your Inputs and \
         Outputs to develop, train and improve artificial intelligence and machine learning \
         models and technologies including those that power AI Features, unless (a) you opt out \
         through your account settings, or (b) your use of the Service is governed by a GitHub \
         Customer Agreement or volume licensing agreement. If you opt out, GitHub will not \
         collect or use your Inputs and Outputs for the purposes described in this paragraph \
         from the effective date of your opt-out going forward.",
    );
    let input = added(&text);

    let severity = rate_change(&input);

    assert_eq!(severity.effect, ChangeEffect::WidenedLicence);
    assert!(severity.level > SeverityLevel::Low, "{severity:?}");
}

#[test]
fn withheld_consent_is_no_commitment() {
    let input = modified(
        "We will use your content to train artificial intelligence models.",
        "Unless you opt out, we will use your content to train artificial intelligence models, \
         and we will not ask for consent.",
    );

    let severity = rate_change(&input);

    assert_ne!(severity.effect, ChangeEffect::NewCommitment, "{severity:?}");
    assert!(severity.level > SeverityLevel::Low, "{severity:?}");
}

#[test]
fn condition_is_no_commitment() {
    let input = removed(
        "If we do not resolve your complaint, you may submit it to an independent dispute \
         resolution provider.",
    );

    let severity = rate_change(&input);

    // The clause is no promise of the platform; what its removal takes away is the user's
    // right to go to an independent provider.
    assert!(!severity.reason.contains("commitment"), "{severity:?}");
    assert_eq!(severity.effect, ChangeEffect::RemovedProtection, "{severity:?}");
}
