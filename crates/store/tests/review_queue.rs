//! The reviewer's work queue: recent changes and their totals without the reviewed ones.

mod common;

use chrono::{TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::queries::RecentFilter;
use clausewatch_store::review::ReviewState;

#[test]
fn unreviewed_filter_leaves_out_reviewed_changes() {
    let folder = tempfile::tempdir().expect("folder");
    let copy = folder.path().join("copy.sqlite3");
    common::corpus_store().backup_to(&copy).expect("backup written");
    let mut store = Store::open(&copy).expect("copy opens");
    let all = RecentFilter { substantive_only: true, limit: 20, ..Default::default() };
    let before = store.recent_changes(&all).expect("changes");
    let reviewed = &before[0];
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).single().expect("valid time");
    store
        .set_review(
            reviewed.version_id,
            &reviewed.clause_id,
            ReviewState::Reviewed,
            None,
            "tester",
            now,
        )
        .expect("reviewed");

    let queue = RecentFilter { unreviewed_only: true, ..all.clone() };
    let listed = store.recent_changes(&queue).expect("changes");
    let totals = store.change_overview(&queue).expect("overview");
    let everything = store.change_overview(&all).expect("overview");

    let is_reviewed = |change: &clausewatch_store::model::ChangeView| {
        change.version_id == reviewed.version_id && change.clause_id == reviewed.clause_id
    };
    assert!(!listed.iter().any(is_reviewed), "the reviewed change is left out");
    assert!(listed.iter().all(|change| change.review_state.is_none()));
    assert_eq!(listed[0].recorded_at, before[1].recorded_at);
    assert_eq!(totals.total, everything.total - 1);
    assert_eq!(totals.unreviewed, totals.total);
    assert_eq!(everything.unreviewed, everything.total - 1);
}

/// Returns a copy of the corpus store, in a folder removed on drop, with its newest
/// substantive change record.
fn copy_with_newest_change() -> (tempfile::TempDir, Store, clausewatch_store::model::ChangeView) {
    let folder = tempfile::tempdir().expect("folder");
    let copy = folder.path().join("copy.sqlite3");
    common::corpus_store().backup_to(&copy).expect("backup written");
    let store = Store::open(&copy).expect("copy opens");
    let newest = RecentFilter { substantive_only: true, limit: 1, ..Default::default() };
    let change = store.recent_changes(&newest).expect("changes").remove(0);
    (folder, store, change)
}

#[test]
fn repeated_review_is_logged_once() {
    let (_folder, mut store, change) = copy_with_newest_change();
    let at = |minute: u32| Utc.with_ymd_and_hms(2026, 12, 5, 9, minute, 0).single().expect("time");
    let dismiss = |store: &mut Store, actor: &str, reason: Option<&str>, minute: u32| {
        let state = ReviewState::Dismissed;
        let (version, clause) = (change.version_id, change.clause_id.as_str());
        store.set_review(version, clause, state, reason, actor, at(minute)).expect("review set")
    };

    let first = dismiss(&mut store, "alice", Some("not relevant"), 0);
    let again = dismiss(&mut store, "alice", Some("not relevant"), 1);
    dismiss(&mut store, "bob", Some("not relevant"), 2);
    dismiss(&mut store, "bob", Some("duplicate of 4.2"), 3);

    let actors: Vec<String> = store
        .audit_entries()
        .expect("audit log")
        .into_iter()
        .filter(|entry| entry.action == "review.set")
        .map(|entry| entry.actor)
        .collect();
    assert_eq!(actors, ["alice", "bob", "bob"], "the same decision by alice is logged once");
    assert_eq!(again.updated_at, first.updated_at, "a repeated decision keeps its time");
    let stored = store.review(change.version_id, &change.clause_id).expect("read").expect("set");
    assert_eq!(stored.reason.as_deref(), Some("duplicate of 4.2"));
    assert_eq!(stored.actor, "bob");
}

#[test]
fn cleared_review_is_unreviewed_and_logged() {
    let (_folder, mut store, change) = copy_with_newest_change();
    let (version, clause) = (change.version_id, change.clause_id.as_str());
    let now = Utc.with_ymd_and_hms(2026, 12, 5, 9, 0, 0).single().expect("valid time");
    store.set_review(version, clause, ReviewState::Dismissed, None, "alice", now).expect("set");

    let cleared = store.clear_review(version, clause, Some("dismissed by mistake"), "alice", now);
    let again = store.clear_review(version, clause, None, "alice", now);

    assert!(cleared.expect("cleared"));
    assert!(!again.expect("nothing to clear"));
    assert_eq!(store.review(version, clause).expect("read"), None);
    let entries = store.audit_entries().expect("audit log");
    let actions: Vec<&str> = entries.iter().map(|entry| entry.action.as_str()).collect();
    assert_eq!(actions, ["review.set", "review.clear"]);
    let details: serde_json::Value = serde_json::from_str(&entries[1].details).expect("JSON");
    assert_eq!(details["state"][0], "dismissed");
    assert_eq!(details["reason"], "dismissed by mistake");
    assert!(store.verify_audit().expect("verify").intact);
}
