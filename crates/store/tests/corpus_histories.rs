//! Clause histories of the real corpus: the changes a reader sees by diffing the files, worked
//! out by hand, must come out of import and analysis.

mod common;

use common::{change_starting, changes_at, corpus_store};

const NETFLIX: &str = "Netflix";
const TOS: &str = "Terms of Service";
const ML_CLAUSE: &str = "engage in any of the foregoing in connection with the use, creation, \
                         development, modification, prompting, fine-tuning, training, testing, \
                         benchmarking or validation of any machine learning tool";

#[test]
fn corpus_counts_match_the_archive() {
    let counts = corpus_store().counts().expect("counts");
    assert_eq!(counts.platforms, 11);
    assert_eq!(counts.documents, 21);
    assert_eq!(counts.versions, 235);
}

#[test]
fn netflix_ml_clause_renumbered_not_reworded() {
    let store = corpus_store();
    let changes = changes_at(&store, NETFLIX, TOS, "2026-04-11T00:43:52Z");
    let change = change_starting(&changes, ML_CLAUSE);

    assert_eq!(change.kind, "modified");
    assert!(!change.substantive, "wording unchanged: {change:#?}");
    assert!(change.aspects.contains(&"renumbered".to_owned()));
    assert!(change.aspects.contains(&"moved".to_owned()));
    assert!(!change.aspects.contains(&"reworded".to_owned()));
    assert_eq!(change.marker_before.as_deref(), Some("(viii)"));
    assert_eq!(change.marker_after.as_deref(), Some("(ix)"));
    assert!(change.heading_before.as_deref().unwrap_or_default().ends_with("4.6"));
    assert!(change.heading_after.as_deref().unwrap_or_default().contains("1.8"));
    assert_eq!(change.recorded_before, "2025-12-10T12:45:43Z");
    assert_eq!(change.text_before, change.text_after);
}

#[test]
fn netflix_commercial_use_item_is_new() {
    let store = corpus_store();
    let changes = changes_at(&store, NETFLIX, TOS, "2026-04-11T00:43:52Z");
    let change =
        change_starting(&changes, "use the service for commercial purposes or public performances");
    assert_eq!(change.kind, "added");
    assert!(change.substantive);
    assert_eq!(change.marker_after.as_deref(), Some("(i)"));
}

#[test]
fn netflix_ml_clause_first_appears_in_2025() {
    let store = corpus_store();
    let changes = changes_at(&store, NETFLIX, TOS, "2025-04-17T18:11:07Z");
    let change = change_starting(&changes, ML_CLAUSE);
    assert_eq!(change.kind, "added");
    assert!(change.substantive);
    assert_eq!(change.recorded_before, "2024-09-01T06:10:53Z");
    assert_eq!(change.marker_after.as_deref(), Some("(viii)"));

    let history = store.clause_history(&change.clause_id).expect("history");
    assert_eq!(history.first_recorded, "2025-04-17T18:11:07Z");
    assert_eq!(history.absent_before.as_deref(), Some("2024-09-01T06:10:53Z"));
    let markers: Vec<&str> = history.entries.iter().filter_map(|e| e.marker.as_deref()).collect();
    assert_eq!(markers, ["(viii)", "(viii)", "(viii)", "(viii)", "(ix)", "(ix)"]);
}

#[test]
fn netflix_markup_only_records_are_not_substantive() {
    let store = corpus_store();
    for recorded_at in ["2025-09-23T06:15:45Z", "2025-10-18T06:15:54Z"] {
        let changes = changes_at(&store, NETFLIX, TOS, recorded_at);
        let substantive: Vec<&str> =
            changes.iter().filter(|c| c.substantive).map(|c| c.summary.as_str()).collect();
        assert!(substantive.is_empty(), "{recorded_at}: {substantive:#?}");
    }
}

#[test]
fn netflix_governing_law_inserted_and_rest_renumbered() {
    let store = corpus_store();
    let changes = changes_at(&store, NETFLIX, TOS, "2025-12-10T12:45:43Z");

    let governing =
        change_starting(&changes, "Governing Law. These Terms of Use shall be governed");
    assert_eq!(governing.kind, "added");
    assert!(governing.substantive);
    assert_eq!(governing.marker_after.as_deref(), Some("6.1"));

    let renumbered = [
        ("Unsolicited Materials.", "6.1", "6.2"),
        ("Customer Support.", "6.2", "6.3"),
        ("Survival.", "6.3", "6.4"),
        ("Changes to Terms of Use.", "6.4", "6.5"),
        ("Electronic Communications.", "6.5", "6.6"),
    ];
    for (start, before, after) in renumbered {
        let change = change_starting(&changes, start);
        assert_eq!(change.kind, "modified", "{start}");
        assert!(!change.substantive, "{start}: {change:#?}");
        assert!(change.aspects.contains(&"renumbered".to_owned()), "{start}");
        assert_eq!(change.marker_before.as_deref(), Some(before), "{start}");
        assert_eq!(change.marker_after.as_deref(), Some(after), "{start}");
    }
}

#[test]
fn github_access_reciprocity_added() {
    let store = corpus_store();
    let changes = changes_at(&store, "GitHub", TOS, "2025-09-30T00:30:09Z");
    let heading = change_starting(&changes, "Access Reciprocity");
    assert_eq!(heading.kind, "added");
    assert!(heading.substantive);
    let clause = change_starting(&changes, "By using automated means to access, collect");
    assert_eq!(clause.kind, "added");
    assert!(clause.substantive);
    assert_eq!(clause.recorded_before, "2025-09-20T12:30:15Z");
}

#[test]
fn reddit_formatting_and_rewording_told_apart() {
    let store = corpus_store();
    let changes = changes_at(&store, "Reddit", TOS, "2026-05-27T00:47:47Z");

    let headings: Vec<_> = changes
        .iter()
        .filter(|c| c.text_after.as_deref() == Some("Things You Cannot Do"))
        .collect();
    assert!(!headings.is_empty(), "the bolded heading is recorded");
    for heading in headings {
        assert!(!heading.substantive);
        assert_eq!(heading.aspects, ["reformatted"]);
    }

    let privacy: Vec<_> = changes
        .iter()
        .filter(|c| {
            c.text_after
                .as_deref()
                .is_some_and(|t| t.starts_with("Reddit’s Privacy Policy explains"))
        })
        .collect();
    assert!(!privacy.is_empty(), "the Privacy clause with tracked links is recorded");
    for change in privacy {
        assert!(!change.substantive, "{change:#?}");
        assert_eq!(change.aspects, ["reformatted"]);
    }

    let indemnity =
        change_starting(&changes, "Except to the extent prohibited or considered unfair by law");
    assert_eq!(indemnity.kind, "modified");
    assert!(indemnity.substantive);
    assert!(indemnity.aspects.contains(&"reworded".to_owned()));
    assert_eq!(
        indemnity
            .text_before
            .as_deref()
            .map(|t| t.starts_with("Except to the extent prohibited by law")),
        Some(true)
    );
}

#[test]
fn stated_date_read_from_the_text() {
    let store = corpus_store();
    let document = store.resolve_document(NETFLIX, TOS).expect("document");
    let version = store.resolve_version(&document, "2025-04-17").expect("one version that day");
    assert_eq!(version.stated_date.as_deref(), Some("2025-04-17"));
    let version = store.resolve_version(&document, "2026-04-11").expect("one version that day");
    assert_eq!(version.stated_date.as_deref(), Some("2026-04-10"));
}
