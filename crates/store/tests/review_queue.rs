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
