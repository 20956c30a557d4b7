//! The store's promises: a known schema, idempotent imports, stable ids, and errors that
//! leave stored data untouched.

mod common;

use std::collections::BTreeMap;
use std::fs;

use clausewatch_store::queries::RecentFilter;
use clausewatch_store::{Store, StoreError};
use common::{corpus, empty_store, import_time};

#[test]
fn empty_database_migrates_to_the_schema() {
    let (_dir, store) = empty_store();
    let conn = store.connection();
    let mut statement = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name")
        .expect("schema query");
    let tables: Vec<String> = statement
        .query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("names");
    for expected in [
        "changes",
        "clause_fts",
        "clause_texts",
        "clauses",
        "documents",
        "lineage_links",
        "lineages",
        "meta",
        "platforms",
        "settings",
        "versions",
    ] {
        assert!(tables.iter().any(|t| t == expected), "missing table {expected}: {tables:?}");
    }
    let journal: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).expect("pragma");
    assert_eq!(journal, "wal");
    let foreign_keys: i64 =
        conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).expect("pragma");
    assert_eq!(foreign_keys, 1);
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).expect("pragma");
    let migration_files = fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/src/migrations"))
        .expect("migrations folder")
        .filter(|entry| {
            entry.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "sql"))
        })
        .count();
    assert_eq!(usize::try_from(version).ok(), Some(migration_files), "every migration applied");
    assert_eq!(store.integrity_check().expect("check"), "ok");
}

/// Returns every (version id, ordinal) → lineage id of the store.
fn lineage_map(store: &Store) -> BTreeMap<(i64, i64), String> {
    let mut statement = store
        .connection()
        .prepare("SELECT version_id, ordinal, lineage_id FROM clauses")
        .expect("query");
    statement
        .query_map([], |row| Ok(((row.get(0)?, row.get(1)?), row.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("map")
}

fn version_ids(store: &Store) -> BTreeMap<String, i64> {
    let mut statement = store
        .connection()
        .prepare("SELECT document_id || '/' || recorded_at, id FROM versions")
        .expect("query");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("map")
}

#[test]
fn reimport_and_reanalysis_keep_every_id() {
    let (_dir, mut store) = empty_store();
    store.import_archive(&corpus(), import_time()).expect("first import");
    let counts = store.counts().expect("counts");
    let lineages = lineage_map(&store);
    let versions = version_ids(&store);
    assert!(lineages.len() > 10_000, "the corpus has many clauses: {}", lineages.len());

    let reports = store.import_archive(&corpus(), import_time()).expect("second import");
    assert!(reports.iter().all(|r| r.added.is_empty()), "nothing is added twice");
    assert_eq!(reports.iter().map(|r| r.unchanged).sum::<usize>(), 235);
    assert_eq!(store.counts().expect("counts"), counts);

    store.reanalyze_all().expect("re-analysis");
    assert_eq!(store.counts().expect("counts"), counts);
    assert_eq!(version_ids(&store), versions);
    assert_eq!(lineage_map(&store), lineages, "every lineage id survives re-analysis");
}

#[test]
fn out_of_order_import_gives_the_same_history() {
    let netflix = corpus().join("Netflix/Terms of Service");
    let mut files: Vec<_> =
        fs::read_dir(&netflix).expect("folder").map(|entry| entry.expect("entry").path()).collect();
    files.sort();

    let (_whole_dir, mut whole) = empty_store();
    whole.import_archive(&netflix, import_time()).expect("import");

    let (_split_dir, mut split) = empty_store();
    for file in files.iter().rev() {
        split.import_archive(file, import_time()).expect("import one file");
    }
    let document =
        |store: &Store| store.resolve_document("Netflix", "Terms of Service").expect("doc");
    let summaries = |store: &Store| -> Vec<(String, String, bool)> {
        store
            .changes(&document(store), &Default::default())
            .expect("changes")
            .into_iter()
            .map(|c| (c.recorded_at, c.summary, c.substantive))
            .collect()
    };
    assert_eq!(summaries(&split), summaries(&whole));
}

fn write_version(root: &std::path::Path, name: &str, content: &[u8]) {
    let folder = root.join("Acme/Terms of Service");
    fs::create_dir_all(&folder).expect("folder");
    fs::write(folder.join(name), content).expect("file");
}

#[test]
fn bad_input_names_the_file_and_stores_nothing() {
    let (_dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. Terms\n\n1.1. You may.\n");
    store.import_archive(archive.path(), import_time()).expect("good import");
    let before = store.counts().expect("counts");

    write_version(archive.path(), "2025-02-01T00-00-00Z.md", b"1. Terms\n\n1.1. You shall.\n");
    write_version(archive.path(), "not-a-date.md", b"text");
    let error = store.import_archive(archive.path(), import_time()).expect_err("bad name");
    assert!(matches!(error, StoreError::InvalidInput(_)));
    assert!(error.to_string().contains("not-a-date.md"), "{error}");
    assert!(error.to_string().contains("YYYY-MM-DDTHH-MM-SSZ.md"), "{error}");
    assert_eq!(store.counts().expect("counts"), before);

    fs::remove_file(archive.path().join("Acme/Terms of Service/not-a-date.md")).expect("rm");
    write_version(archive.path(), "2025-03-01T00-00-00Z.md", &[0x66, 0x6f, 0xff, 0xfe]);
    let error = store.import_archive(archive.path(), import_time()).expect_err("not UTF-8");
    assert!(error.to_string().contains("2025-03-01T00-00-00Z.md"), "{error}");
    assert!(error.to_string().contains("UTF-8"), "{error}");
    assert_eq!(store.counts().expect("counts"), before);

    let error = store
        .import_archive(&archive.path().join("missing"), import_time())
        .expect_err("missing path");
    assert!(error.to_string().contains("does not exist"), "{error}");
}

#[test]
fn version_dated_after_today_is_rejected() {
    let (_dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. Terms\n\n1.1. You may.\n");
    write_version(archive.path(), "2099-01-01T00-00-00Z.md", b"1. Terms\n\n1.1. You shall.\n");

    let error = store.import_archive(archive.path(), import_time()).expect_err("future date");

    assert!(matches!(error, StoreError::InvalidInput(_)));
    assert!(error.to_string().contains("2099-01-01T00-00-00Z.md"), "{error}");
    assert!(error.to_string().contains("more than a day after the current time"), "{error}");
    assert_eq!(store.counts().expect("counts").versions, 0, "nothing of the import is stored");
}

#[test]
fn rewritten_version_is_rejected() {
    let (_dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"You may cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("import");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"You shall cancel.\n");
    let error = store.import_archive(archive.path(), import_time()).expect_err("rewrite");
    assert!(error.to_string().contains("never rewritten"), "{error}");
    let document = store.resolve_document("Acme", "Terms of Service").expect("doc");
    let version = store.resolve_version(&document, "2025-01-01").expect("version");
    let text = store.as_of(&document, chrono::NaiveDate::from_ymd_opt(2025, 1, 2).expect("date"));
    assert_eq!(text.expect("as of").content, "You may cancel.\n");
    assert_eq!(version.clauses, 1);
}

#[test]
fn unknown_names_list_the_known_ones() {
    let store = common::corpus_store();
    let error = store.resolve_document("Netflx", "Terms of Service").expect_err("typo");
    let message = error.to_string();
    assert!(message.contains("\"Netflx\""), "{message}");
    assert!(message.contains("Netflix"), "{message}");
    let error = store.resolve_document("netflix", "Terms").expect_err("unknown document");
    assert!(error.to_string().contains("Privacy Policy, Terms of Service"), "{error}");
}

#[test]
fn ambiguous_date_lists_the_candidates() {
    let store = common::corpus_store();
    let document = store.resolve_document("Netflix", "Terms of Service").expect("doc");
    let error = store.resolve_version(&document, "2021-02-23").expect_err("two that day");
    let message = error.to_string();
    assert!(message.contains("2021-02-23T07:50:03Z"), "{message}");
    assert!(message.contains("2021-02-23T13:21:54Z"), "{message}");
}

#[test]
fn as_of_returns_the_version_in_force() {
    let store = common::corpus_store();
    let document = store.resolve_document("Netflix", "Terms of Service").expect("doc");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).expect("date");
    let text = store.as_of(&document, date).expect("as of");
    assert_eq!(text.version.recorded_at, "2024-09-01T06:10:53Z");
    assert_eq!(text.superseded_at.as_deref(), Some("2025-04-17T18:11:07Z"));
    assert!(!text.content.contains("machine learning"));
    let date = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).expect("date");
    assert!(store.as_of(&document, date).is_err(), "nothing was recorded before 2020-12-08");
}

#[test]
fn search_finds_clauses_across_versions() {
    let store = common::corpus_store();
    let hits = store.search("\"machine learning tool\"", 20).expect("search");
    let netflix: Vec<_> = hits.iter().filter(|h| h.platform == "Netflix").collect();
    assert_eq!(netflix.len(), 1, "one Netflix lineage holds that text: {netflix:#?}");
    assert_eq!(netflix[0].versions, 6, "recorded in six versions, 2025-04-17 to 2026-04-19");
    assert_eq!(netflix[0].first_recorded, "2025-04-17T18:11:07Z");
    assert_eq!(netflix[0].recorded_at, "2026-04-19T00:44:38Z");
    assert_eq!(netflix[0].marker.as_deref(), Some("(ix)"), "marker of the latest version");
    assert_eq!(
        netflix[0].heading_path.last().map(String::as_str),
        Some("1.8 Usage Rights and Restrictions")
    );
    assert!(store.search("  ", 5).is_err());
    assert!(!store.search("arbitration", 50).expect("search").is_empty());
    assert!(store.search("AND OR (", 5).is_ok(), "operators are searched as words");

    let curly = store.search("\"don’t need\"", 50).expect("search");
    let straight = store.search("\"don't need\"", 50).expect("search");
    assert!(!curly.is_empty(), "a typographic apostrophe matches the indexed text");
    assert_eq!(curly, straight);
}

#[test]
fn recent_changes_are_newest_first() {
    let store = common::corpus_store();
    let filter = clausewatch_store::queries::RecentFilter {
        platform: Some("netflix".to_owned()),
        since: None,
        substantive_only: true,
        limit: 20,
        ..Default::default()
    };
    let changes = store.recent_changes(&filter).expect("changes");
    assert_eq!(changes.len(), 20);
    assert!(changes.iter().all(|c| c.platform == "Netflix" && c.substantive));
    assert!(changes.windows(2).all(|pair| pair[0].recorded_at >= pair[1].recorded_at));
    assert_eq!(changes[0].recorded_at, "2026-04-11T00:43:52Z", "the newest substantive record");
}

#[test]
fn backup_restores_the_earlier_state() {
    let (dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. You may cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("import");
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");
    let saved = store.counts().expect("counts");

    write_version(archive.path(), "2025-02-01T00-00-00Z.md", b"1. You shall cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("second import");
    assert_eq!(store.counts().expect("counts").versions, 2);

    store.restore_from(&backup).expect("restore");
    assert_eq!(store.counts().expect("counts"), saved);
    assert_eq!(store.integrity_check().expect("check"), "ok");
    assert!(store.backup_to(&backup).is_err(), "an existing file is never overwritten");

    let not_a_store = dir.path().join("notes.txt");
    fs::write(&not_a_store, "plain text").expect("file");
    assert!(store.restore_from(&not_a_store).is_err());
    assert_eq!(store.counts().expect("counts"), saved, "a failed restore changes nothing");
}

#[test]
fn overview_counts_every_selected_record() {
    let store = common::corpus_store();
    let all = RecentFilter { limit: usize::MAX, ..Default::default() };
    let records = store.recent_changes(&all).expect("changes");
    let overview =
        store.change_overview(&RecentFilter { limit: 5, ..all.clone() }).expect("overview");

    // The totals ignore the limit and agree with the records counted one by one.
    assert_eq!(overview.total, records.len());
    assert_eq!(overview.total, store.counts().expect("counts").changes);
    let unreviewed = records.iter().filter(|c| c.review_state.is_none()).count();
    assert_eq!(overview.unreviewed, unreviewed);
    let april_2025 = records.iter().filter(|c| c.recorded_at.starts_with("2025-04")).count();
    let month = overview.by_month.iter().find(|group| group.key == "2025-04").expect("April");
    assert_eq!(month.count, april_2025);
    let critical = records.iter().filter(|c| c.severity.as_deref() == Some("critical")).count();
    let rated = overview.by_severity.iter().find(|group| group.key == "critical");
    assert_eq!(rated.map_or(0, |group| group.count), critical);
    assert_eq!(overview.platforms.len(), 11);
    assert!(
        overview.categories.iter().any(|id| id == "ai-machine-learning"),
        "{:?}",
        overview.categories
    );
}

#[test]
fn severity_and_category_filters_narrow_the_records() {
    let store = common::corpus_store();
    let high_and_above = RecentFilter {
        severities: vec!["critical".to_owned(), "high".to_owned()],
        limit: usize::MAX,
        ..Default::default()
    };
    let severe = store.recent_changes(&high_and_above).expect("changes");
    assert!(!severe.is_empty());
    assert!(severe.iter().all(|c| matches!(c.severity.as_deref(), Some("critical" | "high"))));
    let overview = store.change_overview(&high_and_above).expect("overview");
    assert_eq!(overview.total, severe.len());

    let ai = RecentFilter {
        category: Some("ai-machine-learning".to_owned()),
        limit: usize::MAX,
        ..Default::default()
    };
    let ai_changes = store.recent_changes(&ai).expect("changes");
    assert!(!ai_changes.is_empty());
    assert!(ai_changes.iter().all(|c| c.categories.iter().any(|id| id == "ai-machine-learning")));
}

#[test]
fn names_with_invisible_characters_are_rejected() {
    let (_dir, mut store) = empty_store();
    let version = || clausewatch_store::ingest::NewVersion {
        recorded_at: import_time(),
        content: "1. Terms\n\n1.1. You may.\n".to_owned(),
        origin: "import".to_owned(),
        origin_detail: "test".to_owned(),
    };
    let long = "A".repeat(201);
    let cases =
        [("Acme\u{200B}", "invisible"), ("\u{202E}emcA", "invisible"), (long.as_str(), "201")];

    for (name, expected) in cases {
        let error = store.add_versions(name, "Terms", vec![version()], import_time()).unwrap_err();
        assert!(matches!(error, StoreError::InvalidInput(_)), "{name:?}: {error}");
        assert!(error.to_string().contains(expected), "{name:?}: {error}");
    }
    assert_eq!(store.counts().expect("counts").platforms, 0);
    store.add_versions("Acme", "Terms", vec![version()], import_time()).expect("a plain name");
}

/// A version recorded `day` days after the import time, with a text of its own.
fn version(day: u32) -> clausewatch_store::ingest::NewVersion {
    clausewatch_store::ingest::NewVersion {
        recorded_at: import_time() + chrono::Duration::days(i64::from(day)),
        content: format!("1. Terms\n\n1.1. You may cancel within {day} days.\n"),
        origin: "import".to_owned(),
        origin_detail: "test".to_owned(),
    }
}

#[test]
fn decomposed_names_join_stored() {
    let (_dir, mut store) = empty_store();
    // "Ünïcödé" composed (as typed on Linux) and decomposed (as a folder name from a system
    // that stores names with combining marks).
    let composed = "\u{dc}n\u{ef}c\u{f6}d\u{e9}";
    let decomposed = "U\u{308}ni\u{308}co\u{308}de\u{301}";

    store.add_versions(composed, "Terms of Service", vec![version(1)], import_time()).unwrap();
    store.add_versions(decomposed, "Terms of Service", vec![version(2)], import_time()).unwrap();
    store
        .add_versions(composed, "Terms\u{a0}of  Service ", vec![version(3)], import_time())
        .unwrap();

    let counts = store.counts().expect("counts");
    assert_eq!(counts.platforms, 1);
    assert_eq!(counts.documents, 1);
    assert_eq!(counts.versions, 3);
    let document = store.resolve_document(decomposed, "Terms\u{a0}of Service").expect("found");
    assert_eq!(document.platform, composed);
    assert_eq!(document.document, "Terms of Service");
}

#[test]
fn non_ascii_case_names_join() {
    let (_dir, mut store) = empty_store();

    store.add_versions("Café", "Privacy Policé", vec![version(1)], import_time()).unwrap();
    store.add_versions("CAFÉ", "PRIVACY POLICÉ", vec![version(2)], import_time()).unwrap();

    let counts = store.counts().expect("counts");
    assert_eq!((counts.platforms, counts.documents, counts.versions), (1, 1, 2));
    let document = store.resolve_document("cafÉ", "privacy policÉ").expect("found");
    assert_eq!(
        (document.platform.as_str(), document.document.as_str()),
        ("Café", "Privacy Policé")
    );
    assert_eq!(store.platform_name("CAFE\u{301}").unwrap().as_deref(), Some("Café"));
    assert_eq!(store.platform_name("Cafe").unwrap(), None, "an accent still counts");
}
