//! Severity of the changes in a diff between any two versions, on the real corpus: the diff
//! of two consecutive versions agrees with their stored change records, and a diff across
//! several versions rates the clauses that changed across them.

mod common;

use clausewatch_store::Store;
use clausewatch_store::model::ChangeView;
use clausewatch_store::queries::{ChangeFilter, DocumentRef};

use common::corpus_store;

fn diff(store: &Store, document: &DocumentRef, from: &str, to: &str) -> Vec<ChangeView> {
    let from = store.resolve_version(document, from).expect("from version");
    let to = store.resolve_version(document, to).expect("to version");
    store.diff_versions(document, &from, &to).expect("diff")
}

/// Checks, for every pair of consecutive versions of a document, that each stored change
/// record has a diff record with the same analysis.
fn assert_consecutive_diffs_match(store: &Store, platform: &str, name: &str) {
    let document = store.resolve_document(platform, name).expect("document");
    let versions = store.versions(&document).expect("versions");
    let stored = store.changes(&document, &ChangeFilter::default()).expect("changes");
    assert!(versions.len() > 2, "{platform} {name} has too few versions");

    for pair in versions.windows(2) {
        let computed = store.diff_versions(&document, &pair[0], &pair[1]).expect("diff");
        let records = stored.iter().filter(|change| change.version_id == pair[1].id);
        for record in records {
            let label = format!("{platform} {name} {} {}", record.recorded_at, record.clause_id);
            let twin = computed
                .iter()
                .find(|change| change.clause_id == record.clause_id && change.kind == record.kind)
                .unwrap_or_else(|| panic!("{label}: no diff record"));
            assert!(record.severity.is_some(), "{label}: stored record unrated");
            assert_eq!(twin.severity, record.severity, "{label}");
            assert_eq!(twin.severity_reason, record.severity_reason, "{label}");
            assert_eq!(twin.categories, record.categories, "{label}");
            assert_eq!(twin.summary, record.summary, "{label}");
        }
    }
}

#[test]
fn consecutive_diff_matches_stored_records() {
    let store = corpus_store();

    assert_consecutive_diffs_match(&store, "Zoom", "Terms of Service");
    assert_consecutive_diffs_match(&store, "Netflix", "Terms of Service");
}

#[test]
fn diff_across_versions_rates_changed_clause() {
    // From 2023-07-28 to 2023-08-11 the Zoom terms gained a commitment not to train models on
    // customer content. The version in between had another wording of it.
    let store = corpus_store();
    let document = store.resolve_document("Zoom", "Terms of Service").expect("document");

    let changes = diff(&store, &document, "2023-07-28", "2023-08-11");

    let commitment = changes
        .iter()
        .find(|change| {
            change.text_after.as_deref().is_some_and(|text| text.starts_with("Zoom does not use"))
        })
        .expect("the commitment is in the diff");
    assert_eq!(commitment.kind, "added");
    assert_eq!(commitment.severity.as_deref(), Some("low"));
    assert!(commitment.categories.contains(&"ai-machine-learning".to_owned()));
    let reason = commitment.severity_reason.as_deref().expect("reason");
    assert!(reason.contains("protects users"), "{reason}");

    // The licence grant was removed in 2023-08-11; the diff rates it like its stored record.
    let stored = common::changes_at(&store, "Zoom", "Terms of Service", "2023-08-11T19:15:38Z");
    let grant = common::change_starting(&stored, "Customer License Grant.");
    let across = common::change_starting(&changes, "Customer License Grant.");
    assert_eq!(across.kind, "removed");
    assert!(across.severity.is_some());
    assert_eq!(across.severity, grant.severity);
    assert_eq!(across.categories, grant.categories);
}

#[test]
fn every_diff_record_is_rated() {
    let store = corpus_store();
    let document = store.resolve_document("Netflix", "Terms of Service").expect("document");
    let versions = store.versions(&document).expect("versions");
    let (first, last) = (&versions[0], &versions[versions.len() - 1]);

    let changes = store.diff_versions(&document, first, last).expect("diff");

    assert!(!changes.is_empty());
    for change in &changes {
        let level = change.severity.as_deref().expect("every record is rated");
        if change.substantive {
            assert_ne!(level, "none", "{}", change.summary);
        } else {
            assert_eq!(level, "none", "{}", change.summary);
        }
        assert!(change.severity_reason.is_some(), "{}", change.summary);
    }
}
