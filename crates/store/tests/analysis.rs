//! Stored analysis on the real corpus: categories of real clauses (positives and negatives),
//! severities and summaries of real changes, the cross-platform comparison, and re-analysis
//! under another rule set leaving user data alone. Expected values were worked out from the
//! version files under assets/archive/versions and the rules in assets/taxonomy.toml.

mod common;

use clausewatch_analysis::{Classifier, Taxonomy};
use clausewatch_store::Store;
use clausewatch_store::checklists::{ChecklistScope, SameSubject};
use clausewatch_store::classify::Rules;
use clausewatch_store::review::ReviewState;

use common::{change_starting, changes_at, corpus_store, import_time};

/// Returns the category ids of every clause of a version whose text starts with `start`,
/// failing when there is none.
fn categories_of(
    store: &Store,
    platform: &str,
    document: &str,
    recorded_at: &str,
    start: &str,
) -> Vec<Vec<String>> {
    let document = store.resolve_document(platform, document).expect("document exists");
    let version = store.resolve_version(&document, recorded_at).expect("version exists");
    let mut statement = store
        .connection()
        .prepare(
            "SELECT c.ordinal, t.text FROM clauses c JOIN clause_texts t ON t.id = c.text_id
             WHERE c.version_id = ?1 ORDER BY c.ordinal",
        )
        .expect("query prepares");
    let ordinals: Vec<i64> = statement
        .query_map([version.id], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))
        .expect("clauses load")
        .map(|row| row.expect("row reads"))
        .filter(|(_, text)| text.starts_with(start))
        .map(|(ordinal, _)| ordinal)
        .collect();
    assert!(!ordinals.is_empty(), "no clause starting {start:?} in {platform} {recorded_at}");
    ordinals
        .into_iter()
        .map(|ordinal| {
            let mut statement = store
                .connection()
                .prepare(
                    "SELECT category FROM clause_categories WHERE version_id = ?1 AND ordinal = ?2",
                )
                .expect("query prepares");
            statement
                .query_map([version.id, ordinal], |row| row.get(0))
                .expect("categories load")
                .map(|row| row.expect("row reads"))
                .collect()
        })
        .collect()
}

fn assert_ai(platform: &str, document: &str, recorded_at: &str, start: &str) {
    let store = corpus_store();
    for categories in categories_of(&store, platform, document, recorded_at, start) {
        assert!(
            categories.iter().any(|c| c == "ai-machine-learning"),
            "{platform} {document} {recorded_at} {start:?} should be AI, got {categories:?}"
        );
    }
}

const AI: &str = "ai-machine-learning";

#[test]
fn netflix_machine_learning_item_is_ai_before_and_after_renumbering() {
    let start = "engage in any of the foregoing in connection with";
    assert_ai("Netflix", "Terms of Service", "2025-04-17T18:11:07Z", start);
    assert_ai("Netflix", "Terms of Service", "2026-04-19T00:44:38Z", start);
}

#[test]
fn document_clauses_carry_their_categories() {
    let store = corpus_store();
    let start = "engage in any of the foregoing in connection with";
    let expected =
        categories_of(&store, "Netflix", "Terms of Service", "2026-04-19T00:44:38Z", start);
    let document = store.resolve_document("Netflix", "Terms of Service").expect("document");
    let version = store.resolve_version(&document, "2026-04-19T00:44:38Z").expect("version");

    let clauses = store.clauses(version.id).expect("clauses");

    let shown = clauses.iter().find(|clause| clause.text.starts_with(start)).expect("the item");
    let mut stored = expected[0].clone();
    stored.sort();
    assert_eq!(shown.categories, stored);
    assert!(shown.categories.iter().any(|category| category == AI), "{:?}", shown.categories);
    let uncategorised = clauses.iter().filter(|clause| clause.categories.is_empty()).count();
    assert!(uncategorised > 0, "a clause no rule matches carries no category");
}

#[test]
fn github_access_reciprocity_and_section_j_are_ai() {
    let reciprocity = "By using automated means to access, collect, or otherwise use";
    assert_ai("GitHub", "Terms of Service", "2025-09-30T00:30:09Z", reciprocity);
    let section_j = "AI Features, Training, and Your Data | These are the terms";
    assert_ai("GitHub", "Terms of Service", "2026-04-28T00:30:15Z", section_j);
    let private = "If you provide your private repository content as Input to AI Features";
    assert_ai("GitHub", "Terms of Service", "2026-04-28T00:30:15Z", private);
}

#[test]
fn zoom_section_ten_of_august_2023_is_ai() {
    let at = "2023-08-07T18:49:21Z";
    assert_ai("Zoom", "Terms of Service", at, "Service Generated Data; Consent to Use.");
    assert_ai("Zoom", "Terms of Service", at, "Customer License Grant.");
    assert_ai("Zoom", "Terms of Service", at, "Notwithstanding the above, Zoom will not use audio");
}

#[test]
fn reddit_x_linkedin_and_stack_overflow_training_terms_are_ai() {
    let reddit = "When Your Content is created with or submitted to the Services";
    assert_ai("Reddit", "Terms of Service", "2024-08-16T18:13:33Z", reddit);
    let x = "In choosing to submit, input, create, generate, post, or display Content";
    assert_ai("X", "Terms of Service", "2025-12-17T01:02:40Z", x);
    let linkedin = "To train our content-generating Generative AI systems";
    assert_ai("LinkedIn", "Privacy Policy", "2025-11-04T00:35:00Z", linkedin);
    let linkedin_terms = "Generative AI Features: By using the Services";
    assert_ai("LinkedIn", "Terms of Service", "2024-11-21T00:32:34Z", linkedin_terms);
    let addendum = "By using an AI Feature, you agree that all data you provide";
    assert_ai("Stack Overflow", "Terms of Service", "2025-11-13T18:19:53Z", addendum);
    let inputs = "You retain full ownership of your AI Inputs";
    assert_ai("Stack Overflow", "Terms of Service", "2025-11-13T18:19:53Z", inputs);
}

#[test]
fn netflix_privacy_policy_has_no_ai_clause_in_any_version() {
    let store = corpus_store();

    let count: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM clause_categories cc
             JOIN versions v ON v.id = cc.version_id
             JOIN documents d ON d.id = v.document_id
             JOIN platforms p ON p.id = d.platform_id
             WHERE p.name = 'Netflix' AND d.doc_type = 'Privacy Policy' AND cc.category = ?1",
            [AI],
            |row| row.get(0),
        )
        .expect("count");

    assert_eq!(count, 0);
}

#[test]
fn robots_and_spiders_bans_are_scraping_not_ai() {
    let store = corpus_store();
    let cases = [
        ("Netflix", "2024-09-01T06:10:53Z", "use any robot, spider, scraper or other automated"),
        ("Reddit", "2023-12-13T23:56:22Z", "Access, search, or collect data from the Services"),
        ("LinkedIn", "2023-10-15T12:34:01Z", "Develop, support or use software, devices, scripts"),
    ];
    for (platform, at, start) in cases {
        for categories in categories_of(&store, platform, "Terms of Service", at, start) {
            assert!(categories.iter().any(|c| c == "scraping-data-mining"), "{platform}");
            assert!(!categories.iter().any(|c| c == AI), "{platform}: {categories:?}");
        }
    }
}

#[test]
fn netflix_new_item_is_a_critical_new_ai_restriction() {
    let store = corpus_store();
    let changes = changes_at(&store, "Netflix", "Terms of Service", "2025-04-17T18:11:07Z");
    let change = change_starting(&changes, "engage in any of the foregoing");

    // Added under "you agree not to:" (a restriction), AI baseline high, raised once for the
    // restriction and capped at critical when "train" appears.
    assert_eq!(change.severity.as_deref(), Some("critical"));
    assert_eq!(
        change.severity_reason.as_deref(),
        Some(
            "New restriction (AI and machine-learning use); adds \"train\"; category baseline high."
        )
    );
    assert_eq!(change.categories, [AI]);
    assert_eq!(
        change.summary,
        "New restriction on using the service or its content to train, test or benchmark \
         machine-learning tools (clause 4.6 (viii))."
    );
    assert!(change.engine_summary.starts_with("Added clause 4.6 (viii): "));
}

#[test]
fn netflix_renumbering_has_severity_none_and_the_engine_summary() {
    let store = corpus_store();
    let changes = changes_at(&store, "Netflix", "Terms of Service", "2026-04-11T00:43:52Z");
    let change = change_starting(&changes, "engage in any of the foregoing");

    assert!(!change.substantive);
    assert_eq!(change.severity.as_deref(), Some("none"));
    assert_eq!(
        change.summary,
        "Renumbered and moved from 4.6 (viii) to 1.8 (ix); wording unchanged."
    );
    assert_eq!(change.summary, change.engine_summary);
}

#[test]
fn reddit_training_licence_is_a_critical_wider_licence() {
    let store = corpus_store();
    let changes = changes_at(&store, "Reddit", "Terms of Service", "2024-08-16T18:13:33Z");
    let licences: Vec<_> = changes
        .iter()
        .filter(|c| {
            c.text_after.as_deref().is_some_and(|t| t.contains("train AI and machine learning"))
        })
        .collect();
    assert!(!licences.is_empty());

    for change in licences {
        // Licence category present and "train" gained: a wider licence, raised from the AI
        // baseline high to critical.
        assert_eq!(change.severity.as_deref(), Some("critical"));
        assert_eq!(change.categories, [AI, "content-licence"]);
        assert!(change.summary.starts_with("Wider licence for using the service"));
    }
}

#[test]
fn zoom_removed_clause_is_lowered_to_medium() {
    let store = corpus_store();
    let changes = changes_at(&store, "Zoom", "Terms of Service", "2023-08-11T19:15:38Z");
    let change = change_starting(&changes, "Service Generated Data; Consent to Use.");

    assert_eq!(change.kind, "removed");
    // A removal without a protective cue is lowered one step from the AI baseline high.
    assert_eq!(change.severity.as_deref(), Some("medium"));
    assert_eq!(
        change.severity_reason.as_deref(),
        Some("Removed clause (AI and machine-learning use); category baseline high.")
    );
}

#[test]
fn comparison_of_arbitration_finds_four_platforms() {
    let store = corpus_store();

    let comparison = store.compare_category(Taxonomy::embedded(), "arbitration").expect("compare");
    for other_form in ["ARBITRATION", "arbitration and class-action waiver"] {
        let same = store.compare_category(Taxonomy::embedded(), other_form).expect("compare");
        assert_eq!(same.category, "arbitration", "{other_form:?} names the category");
    }

    // Of the latest versions, only Spotify, Stack Overflow and Zoom terms send disputes to
    // arbitration, and X's terms waive class actions; three privacy policies mention the Data
    // Privacy Framework's arbitration.
    assert_eq!(comparison.adoption, "found in 4 of 11 platforms");
    let found: Vec<&str> =
        comparison.platforms.iter().filter(|p| p.found).map(|p| p.platform.as_str()).collect();
    assert_eq!(found, ["Spotify", "Stack Overflow", "X", "Zoom"]);
    let x = comparison.platforms.iter().find(|p| p.platform == "X").unwrap();
    let waiver = "To the extent permitted by law, you also waive the right to participate as a \
                  plaintiff or class member in any purported class action";
    let x_clauses: Vec<&str> =
        x.documents.iter().flat_map(|d| d.clauses.iter().map(|c| c.text.as_str())).collect();
    assert!(x_clauses.iter().all(|text| text.starts_with(waiver)), "{x_clauses:#?}");
    let netflix = comparison.platforms.iter().find(|p| p.platform == "Netflix").unwrap();
    assert!(!netflix.found);
    assert_eq!(netflix.documents.len(), 2);
    let stack = comparison.platforms.iter().find(|p| p.platform == "Stack Overflow").unwrap();
    let terms = stack.documents.iter().find(|d| d.document == "Terms of Service").unwrap();
    assert_eq!(terms.current_version, "2025-12-19T00:48:43Z");
    assert!(terms.clauses.iter().any(|c| c.text.starts_with("YOU AGREE THAT WITH RESPECT TO ALL")));
}

#[test]
fn comparison_dates_netflix_ai_item() {
    let store = corpus_store();

    let comparison = store.compare_category(Taxonomy::embedded(), AI).expect("compare");

    let netflix = comparison.platforms.iter().find(|p| p.platform == "Netflix").unwrap();
    let terms = netflix.documents.iter().find(|d| d.document == "Terms of Service").unwrap();
    let privacy = netflix.documents.iter().find(|d| d.document == "Privacy Policy").unwrap();
    assert!(privacy.clauses.is_empty());
    assert_eq!(terms.clauses.len(), 1);
    let item = &terms.clauses[0];
    assert_eq!(item.marker.as_deref(), Some("(ix)"));
    // Added on 2025-04-17 as (viii); renumbered on 2026-04-11 without a change of words.
    assert_eq!(item.first_recorded, "2025-04-17T18:11:07Z");
    assert_eq!(item.last_changed.as_deref(), Some("2025-04-17T18:11:07Z"));
    // The addition is rated critical; the renumbering is not substantive, so it is not used.
    assert_eq!(item.last_severity.as_deref(), Some("critical"));
    assert_eq!(comparison.platforms_total, 11);
}

#[test]
fn unknown_category_is_rejected_with_the_list() {
    let store = corpus_store();

    let error = store.compare_category(Taxonomy::embedded(), "robots").unwrap_err().to_string();

    assert!(error.contains("unknown category \"robots\""), "{error}");
    assert!(error.contains("ai-machine-learning"), "{error}");
}

#[test]
fn every_result_records_the_embedded_rule_set() {
    let store = corpus_store();

    let rule_sets = store.rule_sets().expect("rule sets");

    assert_eq!(rule_sets.len(), 1);
    assert_eq!(rule_sets[0].0, Taxonomy::embedded().version);
}

#[test]
fn reclassification_keeps_lineages_and_user_data() {
    let (_dir, mut store) = common::empty_store();
    let netflix = common::corpus().join("Netflix");
    store.import_archive(&netflix, import_time()).expect("import");
    let lineages = |store: &Store| -> Vec<String> {
        let mut statement =
            store.connection().prepare("SELECT id FROM lineages ORDER BY id").unwrap();
        statement.query_map([], |row| row.get(0)).unwrap().map(Result::unwrap).collect()
    };
    let before = lineages(&store);
    let changes = changes_at(&store, "Netflix", "Terms of Service", "2025-04-17T18:11:07Z");
    let item = change_starting(&changes, "engage in any of the foregoing").clone();
    store
        .set_review(
            item.version_id,
            &item.clause_id,
            ReviewState::Reviewed,
            None,
            "alice",
            import_time(),
        )
        .expect("review");
    let note =
        store.add_note(&item.clause_id, "Blocks model training.", "alice", import_time()).unwrap();
    let scope = ChecklistScope::Clause { clause_id: item.clause_id.clone() };
    let checklist = store
        .open_checklist(
            Taxonomy::embedded(),
            AI,
            &scope,
            SameSubject::Refuse,
            "alice",
            import_time(),
        )
        .unwrap();

    // A rule set without the scraping category, under a new version.
    let mut taxonomy = Taxonomy::embedded().clone();
    taxonomy.version = "test-2".to_owned();
    taxonomy.categories.retain(|category| category.id != "scraping-data-mining");
    let classifier = Classifier::new(&taxonomy).expect("rules compile");
    store.reclassify_all(Rules { taxonomy: &taxonomy, classifier: &classifier }).unwrap();

    assert_eq!(lineages(&store), before);
    assert_eq!(
        store.rule_sets().unwrap().iter().map(|(v, _)| v.as_str()).collect::<Vec<_>>(),
        ["test-2"]
    );
    let robots = categories_of(
        &store,
        "Netflix",
        "Terms of Service",
        "2024-09-01T06:10:53Z",
        "use any robot, spider, scraper",
    );
    assert!(robots.iter().all(|categories| categories.is_empty()), "{robots:?}");
    let review = store.review(item.version_id, &item.clause_id).unwrap().expect("review kept");
    assert_eq!(review.state, ReviewState::Reviewed);
    assert_eq!(store.note(note.id).unwrap().body, "Blocks model training.");
    assert_eq!(
        store.checklist(checklist.id).unwrap().clause_id.as_deref(),
        Some(item.clause_id.as_str())
    );

    // A full re-analysis rebuilds clauses and change records and returns to the embedded rules.
    store.reanalyze_all().expect("re-analysis");

    assert_eq!(lineages(&store), before);
    assert!(store.review(item.version_id, &item.clause_id).unwrap().is_some());
    let changes = changes_at(&store, "Netflix", "Terms of Service", "2025-04-17T18:11:07Z");
    let again = change_starting(&changes, "engage in any of the foregoing");
    assert_eq!(again.review_state.as_deref(), Some("reviewed"));
    assert_eq!(again.severity.as_deref(), Some("critical"));
    assert_eq!(store.rule_sets().unwrap()[0].0, Taxonomy::embedded().version);
}
