//! Shared set-up for the store's tests: the real corpus, imported once per test binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{TimeZone, Utc};
use clausewatch_store::Store;
use clausewatch_store::model::ChangeView;
use clausewatch_store::queries::ChangeFilter;
use clausewatch_store::sources::{NewSource, SourcePage};
use tempfile::TempDir;

mod corpus_folder;
use corpus_folder::shared_corpus_folder;

/// Returns the folder of Open Terms Archive versions shipped with the project.
pub fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/archive/versions")
}

/// Returns a fixed import time, so the tests do not depend on the clock.
pub fn import_time() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).single().expect("valid time")
}

/// Returns a fresh store in a temporary folder, with the folder to keep alive.
pub fn empty_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let store = Store::open_in(dir.path()).expect("store opens");
    (dir, store)
}

static CORPUS_STORE: OnceLock<PathBuf> = OnceLock::new();

/// Returns a read connection to a store holding the whole corpus, imported once.
pub fn corpus_store() -> Store {
    let path = CORPUS_STORE.get_or_init(|| {
        let mut store = Store::open_in(&shared_corpus_folder()).expect("store opens");
        store.import_archive(&corpus(), import_time()).expect("corpus imports");
        store.path().to_owned()
    });
    Store::open(path).expect("store reopens")
}

/// Returns the change records of a document recorded at one version.
pub fn changes_at(
    store: &Store,
    platform: &str,
    document: &str,
    recorded_at: &str,
) -> Vec<ChangeView> {
    let document = store.resolve_document(platform, document).expect("document exists");
    store
        .changes(&document, &ChangeFilter::default())
        .expect("changes load")
        .into_iter()
        .filter(|change| change.recorded_at == recorded_at)
        .collect()
}

/// Returns the one change record whose text (after, or else before) starts with `start`.
pub fn change_starting<'c>(changes: &'c [ChangeView], start: &str) -> &'c ChangeView {
    let found: Vec<&ChangeView> = changes
        .iter()
        .filter(|change| {
            let text = change.text_after.as_deref().or(change.text_before.as_deref());
            text.is_some_and(|text| text.starts_with(start))
        })
        .collect();
    assert_eq!(found.len(), 1, "expected one change record starting {start:?}, found {found:#?}");
    found[0]
}

/// Returns the source of the Example Terms of Service, a page on a closed local port.
pub fn example_source() -> NewSource {
    NewSource {
        platform: "Example".to_owned(),
        document: "Terms of Service".to_owned(),
        pages: vec![SourcePage {
            url: "http://127.0.0.1:9/terms".to_owned(),
            select: Vec::new(),
            remove: Vec::new(),
            filters: Vec::new(),
            execute_client_scripts: false,
        }],
        interval_seconds: 6 * 3600,
        origin: "cli".to_owned(),
    }
}
