//! Recording of checks: versions found by checks within one second of each other, one text
//! found by two checks at once, and the watch status a document shows afterwards.

use chrono::{DateTime, Duration, TimeZone, Utc};
use clausewatch_store::checks::{CheckOutcome, NewCheck};
use clausewatch_store::{Store, StoreError};

mod common;

use common::example_source;

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
        prepared: None,
    };
    store.record_check(check).expect("check recorded").version_id
}

#[test]
fn two_changes_in_one_second_are_both_kept() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let source = example_source();
    store.put_source(&source, "tester", noon()).expect("source stored");

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

#[test]
fn watched_document_shows_its_last_check() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let archive = dir.path().join("archive/Example/Privacy Policy");
    std::fs::create_dir_all(&archive).expect("archive folder");
    std::fs::write(archive.join("2026-01-01T00-00-00Z.md"), "1. We keep your data.\n")
        .expect("version file");
    store.import_archive(&dir.path().join("archive"), noon()).expect("import");
    let source = example_source();
    store.put_source(&source, "tester", noon()).expect("source stored");
    changed(&mut store, "1. You may use the service.\n", noon());

    let platforms = store.platforms().expect("platforms");
    let documents = &platforms[0].documents;
    let privacy = documents.iter().find(|d| d.document == "Privacy Policy").expect("privacy");
    let terms = documents.iter().find(|d| d.document == "Terms of Service").expect("terms");
    assert_eq!(privacy.watch, None, "an imported archive is not watched");
    let watch = terms.watch.as_ref().expect("a watched document");
    assert_eq!(watch.last_checked_at.as_deref(), Some("2026-03-02T12:00:00Z"));
    assert_eq!(watch.next_check_at, "2026-03-02T18:00:00Z");
    assert_eq!(watch.consecutive_failures, 0);
    assert!(!watch.needs_attention);
}

#[test]
fn concurrent_same_text_one_version() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let source = example_source();
    store.put_source(&source, "tester", noon()).expect("source stored");
    changed(&mut store, "1. You may use the service.\n", noon());

    // Two processes both compared the page with the first text and both found it changed.
    let text = "1. You may not use the service.\n";
    let first = changed(&mut store, text, noon() + chrono::Duration::minutes(1));
    let second = changed(&mut store, text, noon() + chrono::Duration::minutes(1));

    assert!(first.is_some());
    assert_eq!(second, None, "the second check records no version");
    let document = store.resolve_document("Example", "Terms of Service").expect("document");
    assert_eq!(store.versions(&document).expect("versions").len(), 2);
    let outcomes: Vec<String> = store
        .connection()
        .prepare("SELECT outcome FROM checks ORDER BY id")
        .expect("query")
        .query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("outcomes");
    assert_eq!(outcomes, ["changed", "changed", "unchanged"]);
}

#[test]
fn check_of_edited_source_is_discarded() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    store.put_source(&example_source(), "tester", noon()).expect("source stored");
    let checked = store.sources_matching(None, None).expect("sources").remove(0);

    // The user points the source at another page while the check of the old one runs.
    let mut edited = example_source();
    edited.pages[0].url = "http://127.0.0.1:9/new-terms".to_owned();
    store.put_source(&edited, "tester", noon()).expect("source edited");
    let check = NewCheck {
        source: &checked,
        checked_at: noon(),
        snapshots: Vec::new(),
        outcome: CheckOutcome::Failed { reason: "connection refused".to_owned() },
        next_check_at: None,
        failure_threshold: 3,
        prepared: None,
    };
    let error = store.record_check(check).expect_err("a result for the old page");

    assert!(matches!(error, StoreError::SourceChanged { .. }), "{error}");
    assert_eq!(error.code(), "conflict");
    let checks: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM checks", [], |row| row.get(0))
        .expect("checks counted");
    assert_eq!(checks, 0, "nothing was recorded");
    let status = store.source_statuses().expect("statuses").remove(0);
    assert_eq!(status.last_error, None, "the old page's error is not shown on the new one");
}

#[test]
fn new_page_address_makes_source_due() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let (id, _) = store.put_source(&example_source(), "tester", noon()).expect("source stored");
    let later = noon() + Duration::hours(6);
    store.schedule_check(id, later).expect("next check set");

    // A new selector alone is re-extracted from the stored snapshots: the schedule stays.
    let mut selected = example_source();
    selected.pages[0].select = vec![serde_json::Value::String("main".to_owned())];
    let an_hour_on = noon() + Duration::hours(1);
    store.put_source(&selected, "tester", an_hour_on).expect("selector edited");
    assert_eq!(store.next_check_at().expect("read"), Some(later));

    // A new address has no stored snapshot, so it is due at once.
    let mut moved = selected.clone();
    moved.pages[0].url = "http://127.0.0.1:9/new-terms".to_owned();
    store.put_source(&moved, "tester", an_hour_on).expect("address edited");
    assert_eq!(store.next_check_at().expect("read"), Some(an_hour_on));
}

#[test]
fn shorter_interval_brings_next_check_forward() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let mut monthly = example_source();
    monthly.interval_seconds = 30 * 24 * 3600;
    let (id, _) = store.put_source(&monthly, "tester", noon()).expect("source stored");
    changed(&mut store, "1. The terms.", noon());
    store.schedule_check(id, noon() + Duration::days(30)).expect("next check set");

    // An hourly interval counts from the last check, at noon.
    let mut hourly = monthly.clone();
    hourly.interval_seconds = 3600;
    let ten_past = noon() + Duration::minutes(10);
    store.put_source(&hourly, "tester", ten_past).expect("interval shortened");
    assert_eq!(store.next_check_at().expect("read"), Some(noon() + Duration::hours(1)));

    // A longer interval leaves a sooner check where it is.
    let mut two_hourly = monthly.clone();
    two_hourly.interval_seconds = 2 * 3600;
    store.put_source(&two_hourly, "tester", ten_past).expect("interval lengthened");
    assert_eq!(store.next_check_at().expect("read"), Some(noon() + Duration::hours(1)));

    // A shorter interval whose time after the last check has passed makes the source due now.
    store.schedule_check(id, noon() + Duration::days(30)).expect("next check set");
    let mut quarterly = monthly.clone();
    quarterly.interval_seconds = 15 * 60;
    let three_on = noon() + Duration::hours(3);
    store.put_source(&quarterly, "tester", three_on).expect("interval shortened");
    assert_eq!(store.next_check_at().expect("read"), Some(three_on));
}

#[test]
fn source_edits_are_audited_with_their_user() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let source = example_source();
    let mut moved = example_source();
    moved.pages[0].url = "http://127.0.0.1:9/legal/terms".to_owned();

    store.put_source(&source, "alice", noon()).expect("source stored");
    store.put_source(&source, "bob", noon()).expect("the same source again");
    store.put_source(&moved, "bob", noon() + Duration::hours(1)).expect("address edited");
    store
        .remove_source("Example", "Terms of Service", "carol", noon() + Duration::hours(2))
        .expect("source removed");

    let entries = store.audit_entries().expect("audit log");
    let rows: Vec<(&str, &str, &str)> = entries
        .iter()
        .map(|entry| (entry.action.as_str(), entry.actor.as_str(), entry.at.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("sources.add", "alice", "2026-03-02T12:00:00Z"),
            ("sources.update", "bob", "2026-03-02T13:00:00Z"),
            ("sources.remove", "carol", "2026-03-02T14:00:00Z"),
        ],
        "an unchanged source is not an edit"
    );
    let details: Vec<serde_json::Value> =
        entries.iter().map(|entry| serde_json::from_str(&entry.details).unwrap()).collect();
    assert_eq!(details[0]["pages"][0]["url"], "http://127.0.0.1:9/terms");
    assert_eq!(details[1]["pages"][0]["url"], "http://127.0.0.1:9/legal/terms");
    assert_eq!(details[2]["pages"][0]["url"], "http://127.0.0.1:9/legal/terms");
    assert_eq!(details[2]["platform"], "Example");
    assert!(store.verify_audit().expect("chain read").intact);
}

#[test]
fn removing_a_missing_source_logs_nothing() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    store.put_source(&example_source(), "alice", noon()).expect("source stored");
    store.remove_source("Example", "Terms of Service", "alice", noon()).expect("removed");

    let error = store.remove_source("Example", "Terms of Service", "alice", noon()).unwrap_err();

    assert!(matches!(error, StoreError::NotFound(_)), "{error}");
    assert_eq!(store.audit_entries().expect("audit log").len(), 2, "one add, one remove");
}

#[test]
fn new_address_starts_failure_count_again() {
    let dir = tempfile::tempdir().expect("a data folder");
    let mut store = Store::open_in(dir.path()).expect("store");
    let mut source = example_source();
    store.put_source(&source, "tester", noon()).expect("source stored");
    for minute in 0..3 {
        let stored = store.sources_matching(None, None).expect("sources").remove(0);
        let check = NewCheck {
            source: &stored,
            checked_at: noon() + Duration::minutes(minute),
            snapshots: Vec::new(),
            outcome: CheckOutcome::Failed { reason: "answered HTTP 500".to_owned() },
            next_check_at: Some(noon() + Duration::hours(6)),
            failure_threshold: 3,
            prepared: None,
        };
        store.record_check(check).expect("check recorded");
    }
    let watch = |store: &Store| store.platforms().expect("platforms")[0].documents[0].watch.clone();
    let before = watch(&store).expect("watched");
    assert_eq!(before.consecutive_failures, 3);
    assert!(before.needs_attention);

    source.pages[0].url = "https://example.com/legal/terms".to_owned();
    store.put_source(&source, "tester", noon() + Duration::hours(1)).expect("source updated");

    let after = watch(&store).expect("watched");
    assert_eq!(after.consecutive_failures, 0);
    assert!(!after.needs_attention);
    assert_eq!(after.last_error.as_deref(), Some("answered HTTP 500"), "the last error stays");
}
