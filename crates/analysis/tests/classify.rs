//! Classification of clauses: lead-ins, lone sentences, evidence offsets, and real clauses from
//! the labelled corpus as positives and negatives.

use clausewatch_analysis::{Assignment, ClauseInput, EvidenceSource, classify};

const AI_ITEM: &str = "(ix) engage in any of the foregoing in connection with the use, creation, \
    development, modification, prompting, fine-tuning, training, testing, benchmarking or \
    validation of any machine learning tool, model, system, algorithm, product or other \
    technology";

const LEAD_IN: &str = "Except as explicitly authorized by us, you agree not to:";

fn categories(assignments: &[Assignment]) -> Vec<&str> {
    assignments.iter().map(|assignment| assignment.category.as_str()).collect()
}

fn categories_of(text: &str) -> Vec<String> {
    classify(&ClauseInput::sentence(text)).into_iter().map(|a| a.category).collect()
}

#[test]
fn list_item_under_lead_in_is_ai() {
    let input = ClauseInput {
        text: AI_ITEM.to_owned(),
        heading_path: vec!["4. Acceptable use".to_owned()],
        lead_in: Some(LEAD_IN.to_owned()),
    };

    let assignments = classify(&input);

    assert!(categories(&assignments).contains(&"ai-machine-learning"));
}

#[test]
fn ai_evidence_points_at_the_matched_words() {
    let input = ClauseInput {
        text: AI_ITEM.to_owned(),
        heading_path: Vec::new(),
        lead_in: Some(LEAD_IN.to_owned()),
    };

    let assignments = classify(&input);
    let ai = assignments.iter().find(|a| a.category == "ai-machine-learning").unwrap();

    // "machine learning" starts after "(ix) engage ... validation of any " in AI_ITEM.
    let start = AI_ITEM.find("machine learning").unwrap();
    let hit = ai.evidence.iter().find(|e| e.text.eq_ignore_ascii_case("machine learning"));
    let hit = hit.expect("evidence names the words \"machine learning\"");
    assert_eq!(hit.source, EvidenceSource::Clause);
    assert_eq!(hit.start, start);
    assert_eq!(hit.end, start + "machine learning".len());
    assert_eq!(&AI_ITEM[hit.start..hit.end], "machine learning");
}

#[test]
fn whitespace_runs_match_as_one_space() {
    let text = "We may\t\tsuspend  or terminate   your account at any time.";

    let assignments = classify(&ClauseInput::sentence(text));
    let termination = assignments.iter().find(|a| a.category == "unilateral-termination");

    let termination = termination.expect("tabs and double spaces still read as word gaps");
    for evidence in &termination.evidence {
        assert_eq!(evidence.source, EvidenceSource::Clause);
        assert_eq!(&text[evidence.start..evidence.end], evidence.text);
    }
    assert!(termination.evidence.iter().any(|e| e.text.contains("terminate   your account")));
}

#[test]
fn lone_ai_sentence_is_ai() {
    let text = "You may not use the Services or any output to develop, train or benchmark any \
                artificial intelligence or machine learning model.";

    assert!(categories_of(text).contains(&"ai-machine-learning".to_owned()));
}

#[test]
fn lead_in_alone_tags_nothing() {
    let input = ClauseInput {
        text: "(ii) impersonate any person or entity;".to_owned(),
        heading_path: Vec::new(),
        lead_in: Some("You agree not to use machine learning tools to:".to_owned()),
    };

    assert!(!categories(&classify(&input)).contains(&"ai-machine-learning"));
}

#[test]
fn scraping_ban_is_scraping_not_ai() {
    let text = "You will not access the Service using robots, spiders, scrapers or other \
                automated means.";

    let found = categories_of(text);

    assert!(found.contains(&"scraping-data-mining".to_owned()), "{found:?}");
    assert!(!found.contains(&"ai-machine-learning".to_owned()), "{found:?}");
}

#[test]
fn training_on_user_content_is_ai_and_licence() {
    let text = "We may use your content to train AI models that power our features.";

    let found = categories_of(text);

    assert!(found.contains(&"ai-machine-learning".to_owned()), "{found:?}");
    assert!(found.contains(&"content-licence".to_owned()), "{found:?}");
}

#[test]
fn heading_without_lead_in_gets_no_category() {
    assert!(categories_of("Dispute Resolution by Binding Arbitration").is_empty());
    assert!(categories_of("LIMITATION OF LIABILITY.").is_empty());
    assert!(categories_of("Limited liability.").is_empty());
    assert!(categories_of("LIMITATION OF OUR LIABILITY AND OF YOUR DAMAGES.").is_empty());
}

#[test]
fn short_line_with_verb_is_a_provision() {
    let found = categories_of("We may ban your account.");

    assert_eq!(found, ["unilateral-termination"]);
}

#[test]
fn capitalised_line_with_modal_is_a_provision() {
    assert_eq!(categories_of("WE MAY BAN YOUR ACCOUNT."), ["unilateral-termination"]);
    assert_eq!(categories_of("We May Change These Terms."), ["unilateral-change"]);
    assert!(categories_of("Can We Change These Terms?").is_empty());
}

#[test]
fn section_words_without_operative_words_stay_clear() {
    // Sentences, some shortened or joined, from the tuning documents that the experts left
    // without the category in question: they mention the topic but do not
    // send disputes to arbitration, give a power to terminate, limit liability or choose a
    // court.
    let cases = [
        (
            "If we are unable to resolve the Dispute within 30 days, either party may then \
             proceed to file a claim for arbitration.",
            "arbitration",
        ),
        (
            "Disputes not resolved pursuant to Section A or B shall be resolved through \
             arbitration, unless the class action waiver is found to be unenforceable.",
            "arbitration",
        ),
        (
            "Upon the cancellation of Your account, this Agreement will immediately terminate, \
             except as provided in Section 25.4 below.",
            "unilateral-termination",
        ),
        (
            "If at any time you wish to terminate your Account and withdraw from the Enhanced \
             Functions, you can make a request by contacting our customer service.",
            "unilateral-termination",
        ),
        (
            "SOME JURISDICTIONS DO NOT ALLOW THE ABOVE EXCLUSIONS AND LIMITATIONS, SO SOME OR \
             ALL OF THEM MAY NOT APPLY TO YOU.",
            "limitation-of-liability",
        ),
        (
            "The limitation of liability reflects the allocation of risk between the parties.",
            "limitation-of-liability",
        ),
        (
            "You and We agree that judgment on the award rendered by the arbitrator may be \
             entered in any court of competent jurisdiction.",
            "jurisdiction",
        ),
        (
            "By using our Products, you agree that we can show you ads that we think will be \
             relevant to you and your interests.",
            "contract-by-using",
        ),
        (
            "Yahoo may provide you with notices, including service announcements and notices \
             regarding changes to these Terms, by email.",
            "unilateral-change",
        ),
    ];

    for (text, category) in cases {
        let found = categories_of(text);
        assert!(!found.contains(&category.to_owned()), "{text:?} got {found:?}");
    }
}

#[test]
fn operative_words_give_the_category() {
    // Lone sentences written for this test in the usual wording of each kind of clause.
    let cases = [
        (
            "You and we agree to binding individual arbitration of any dispute arising from \
             these terms.",
            "arbitration",
        ),
        ("The arbitrator's award shall be final and binding on both parties.", "arbitration"),
        (
            "We may suspend or terminate your access at any time, without notice, for any \
             reason.",
            "unilateral-termination",
        ),
        ("Your account may be closed if you breach these terms.", "unilateral-termination"),
        ("We reserve the right to modify these Terms from time to time.", "unilateral-change"),
        (
            "We may remove or disable any content that we consider to violate these terms.",
            "content-removal",
        ),
        (
            "To the maximum extent permitted by law, we shall not be liable for any indirect \
             or consequential damages.",
            "limitation-of-liability",
        ),
        ("You submit to the exclusive jurisdiction of the courts of Ireland.", "jurisdiction"),
        ("These Terms are governed by the laws of the State of New York.", "choice-of-law"),
        (
            "By accessing or using the service, you agree to be bound by these Terms.",
            "contract-by-using",
        ),
        ("When you use the service, you agree to these terms and conditions.", "contract-by-using"),
        (
            "Your continued use of the service after a change constitutes your acceptance of \
             the revised terms.",
            "contract-by-using",
        ),
    ];

    for (text, category) in cases {
        let found = categories_of(text);
        assert!(found.contains(&category.to_owned()), "{category} missing for {text:?}: {found:?}");
    }
}

#[test]
fn removal_and_suspension_give_both_categories() {
    let text = "We may remove your content and suspend or terminate your account if you violate \
                these terms.";

    let found = categories_of(text);

    assert!(found.contains(&"content-removal".to_owned()), "{found:?}");
    assert!(found.contains(&"unilateral-termination".to_owned()), "{found:?}");
}

#[test]
fn real_clauses_get_their_expert_category() {
    // Sentences from the labelled corpus (tuning documents) with the expert's code mapped to
    // a category id.
    let cases = [
        (
            "This Agreement is governed by the laws of England and Wales and is subject to the \
             exclusive jurisdiction of courts of England and Wales.",
            &["choice-of-law", "jurisdiction"][..],
        ),
        (
            "Garmin may modify these Terms of Use at any time by updating this posting.",
            &["unilateral-change"],
        ),
        (
            "By using any Garmin Site you signify your agreement to these Terms of Use.",
            &["contract-by-using"],
        ),
        (
            "We may suspend or terminate your account and your ability to use any Garmin Site \
             or portion thereof for failure to comply with these Terms of Use.",
            &["unilateral-termination"],
        ),
        (
            "Klarna reserves the right, without obligation, to monitor, review, adjust, \
             inactivate or remove content, without notifying you or a third party, in our sole \
             discretion.",
            &["content-removal"],
        ),
        (
            "IN NO EVENT SHALL PINTEREST'S AGGREGATE LIABILITY FOR ALL CLAIMS RELATING TO THE \
             SERVICE EXCEED ONE HUNDRED U.S. DOLLARS (U.S. $100.00).",
            &["limitation-of-liability"],
        ),
        (
            "All disputes, claims or controversies arising out of or relating to this \
             Agreement shall be determined exclusively by binding arbitration.",
            &["arbitration"],
        ),
        (
            "The Privacy Statement, and all policies noticed at www.zoom.us/legal are \
             incorporated into this Agreement by this reference.",
            &["privacy-by-reference"],
        ),
    ];

    for (text, expected) in cases {
        let found = categories_of(text);
        for id in expected {
            assert!(found.contains(&(*id).to_owned()), "{id} missing for {text:?}: {found:?}");
        }
    }
}

#[test]
fn real_clauses_without_label_stay_clear() {
    let cases = [
        ("We hope you’re sitting comfortably and listening to some great music.", "any category"),
        ("The Spotify Service includes social and interactive features.", "any category"),
        (
            "You have the right to cancel Your Grindr Premium Services within fourteen (14) \
             days without giving any reason.",
            "unilateral-termination",
        ),
        (
            "If you do not agree to any changes, you may contact Customer Service to terminate \
             this Agreement.",
            "unilateral-change",
        ),
    ];

    for (text, category) in cases {
        let found = categories_of(text);
        if category == "any category" {
            assert!(found.is_empty(), "{text:?} got {found:?}");
        } else {
            assert!(!found.contains(&category.to_owned()), "{text:?} got {found:?}");
        }
    }
}

#[test]
fn indemnity_and_renewal_and_children_are_detected() {
    let cases = [
        (
            "You agree to indemnify, defend and hold us harmless from any claims arising from \
             your use of the Service.",
            "indemnification",
        ),
        (
            "Your subscription renews automatically at the end of each billing period unless \
             you cancel.",
            "automatic-renewal",
        ),
        ("You must be at least 13 years old to use the Service.", "children"),
        ("We do not sell your personal information to third parties.", "data-sharing"),
        ("We retain your data for 90 days after you delete your account.", "data-retention"),
    ];

    for (text, category) in cases {
        assert!(categories_of(text).contains(&category.to_owned()), "{category}: {text:?}");
    }
}

#[test]
fn class_action_waiver_is_arbitration() {
    // X's Terms of Service, the version recorded 2026-04-11.
    let text = "To the extent permitted by law, you also waive the right to participate as a \
                plaintiff or class member in any purported class action, collective action or \
                representative action proceeding against us or our corporate affiliates.";

    let assignments = classify(&ClauseInput::sentence(text));

    let arbitration = assignments.iter().find(|a| a.category == "arbitration");
    let evidence = &arbitration.expect("a class-action waiver is in the category").evidence;
    assert_eq!(evidence[0].rule, "class-action or jury-trial waiver");
    assert!(evidence[0].text.starts_with("waive the right"), "{:?}", evidence[0].text);
}

#[test]
fn jury_waiver_and_its_vetoes() {
    let waived = "YOU AND THE COMPANY EACH WAIVE ANY RIGHT TO A TRIAL BY JURY.";
    let kept_right = "Nothing in these terms waives your right to bring or join a class action where \
                the law of your country gives you one.";
    let pointer = "See Section 15 for the class action waiver.";

    assert!(categories_of(waived).contains(&"arbitration".to_owned()));
    assert!(!categories_of(kept_right).contains(&"arbitration".to_owned()), "{kept_right}");
    assert!(!categories_of(pointer).contains(&"arbitration".to_owned()), "{pointer}");
}
