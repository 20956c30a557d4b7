//! Recording of checks: versions found by checks within one second of each other.

use chrono::{DateTime, TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::checks::{CheckOutcome, NewCheck};
use clausewatch_store::sources::{NewSource, SourcePage};

fn noon() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 12, 0, 0).single().expect("a valid time")
}

fn changed(store: &mut Store, text: &str, checked_at: DateTime<Utc>) -> Option<i64> {
    let source = store.sources_matching(None, None).expect("sources").remove(0);
    let check = NewCheck {
        source: &source,
        checked_at,
        snapshots: Vec::new(),
        outcome: CheckOutcome::Changed { content: text.to_owned(), major: false },
        next_check_at: Some(checked_at + chrono::Duration::hours(6)),
        failure_threshold: 3,
    };
    store.record_check(check).expect("check recorded").version_id
}

#[test]
fn two_changes_in_one_second_are_both_kept() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let page = SourcePage {
        url: "http://127.0.0.1:9/terms".to_owned(),
        select: Vec::new(),
        remove: Vec::new(),
        filters: Vec::new(),
        execute_client_scripts: false,
    };
    let source = NewSource {
        platform: "Example".to_owned(),
        document: "Terms of Service".to_owned(),
        pages: vec![page],
        interval_seconds: 6 * 3600,
        origin: "cli".to_owned(),
    };
    store.put_source(&source, noon()).expect("source stored");

    let first = changed(&mut store, "1. You may use the service.\n", noon());
    // Half a second later, in the same stored second.
    let later = noon() + chrono::Duration::milliseconds(500);
    let second = changed(&mut store, "1. You may not use the service.\n", later);

    assert!(first.is_some());
    assert!(second.is_some());
    let document = store.resolve_document("Example", "Terms of Service").expect("document");
    let times: Vec<String> =
        store.versions(&document).expect("versions").into_iter().map(|v| v.recorded_at).collect();
    assert_eq!(times, ["2026-03-02T12:00:00Z", "2026-03-02T12:00:01Z"]);
}
