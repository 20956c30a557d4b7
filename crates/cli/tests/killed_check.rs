//! A real `clausewatch check` killed with SIGKILL at varied moments (while the page arrives,
//! while it is extracted and analysed, while the check is written) leaves a consistent store,
//! and the next check records the change exactly once.

mod common;

use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use clausewatch_store::Store;
use common::server::{Page, PageServer};
use common::{clausewatch, run, snapshot, stderr};

const FIRST: &str = "GitHub/Terms of Service/2025-09-20T12-30-15Z.html";
const CHANGED: &str = "GitHub/Terms of Service/2026-04-28T00-30-15Z.html";

/// Rounds of kill-and-check-again; each kills at a moment within its own slice of a full run.
const ROUNDS: u32 = 8;

/// Returns the changed page sent in 40 pieces over about 0.8 s.
fn slow_page() -> Page {
    Page { body: snapshot(CHANGED), pieces: 40, pause: Duration::from_millis(20) }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.connection().query_row(sql, [], |row| row.get(0)).expect("query runs")
}

/// Returns a data directory with a GitHub source checked once against the first snapshot,
/// and the server it fetches from.
fn checked_once() -> (tempfile::TempDir, PageServer) {
    let server = PageServer::start(Page::whole(snapshot(FIRST)));
    let dir = tempfile::tempdir().expect("folder");
    let url = server.url("/terms");
    let add =
        ["source", "add", "GitHub", "Terms of Service", &url, "--select", "#article-contents"];
    let added = run(dir.path(), &add);
    assert!(added.status.success(), "{}", stderr(&added));
    let first = run(dir.path(), &["check"]);
    assert!(first.status.success(), "{}", stderr(&first));
    (dir, server)
}

/// Asserts that every recorded check and version is whole.
fn assert_consistent(store: &Store) {
    assert_eq!(store.integrity_check().expect("integrity check runs"), "ok");
    let checks = [
        (
            "SELECT count(*) FROM versions v
             WHERE NOT EXISTS (SELECT 1 FROM clauses c WHERE c.version_id = v.id)",
            "every version has its clauses",
        ),
        (
            "SELECT count(*) FROM versions v
             WHERE EXISTS (SELECT 1 FROM versions p
                           WHERE p.document_id = v.document_id AND p.recorded_at < v.recorded_at)
               AND NOT EXISTS (SELECT 1 FROM changes c WHERE c.version_id = v.id)",
            "every later version has its change records",
        ),
        (
            "SELECT count(*) FROM changes c
             WHERE NOT EXISTS (SELECT 1 FROM change_analysis a
                               WHERE a.version_id = c.version_id AND a.lineage_id = c.lineage_id)",
            "every change record is rated",
        ),
        (
            "SELECT count(*) FROM versions v
             WHERE NOT EXISTS (SELECT 1 FROM checks c WHERE c.version_id = v.id)
                OR NOT EXISTS (SELECT 1 FROM version_snapshots s WHERE s.version_id = v.id)",
            "every version comes from a check with its snapshots",
        ),
        (
            "SELECT count(*) FROM checks WHERE outcome = 'changed' AND version_id IS NULL",
            "every changed check names its version",
        ),
        (
            "SELECT count(*) FROM checks c WHERE NOT EXISTS (SELECT 1 FROM snapshots s
                                                             WHERE s.check_id = c.id)",
            "every check has its snapshot",
        ),
        (
            "SELECT count(*) FROM snapshots s WHERE NOT EXISTS (SELECT 1 FROM snapshot_bodies b
                                                                WHERE b.sha256 = s.body_sha256)",
            "every snapshot has its body",
        ),
        ("SELECT count(*) FROM pragma_foreign_key_check", "no dangling references"),
    ];
    for (sql, what) in checks {
        assert_eq!(count(store, sql), 0, "{what}");
    }
    assert_eq!(
        count(store, "SELECT count(*) FROM versions"),
        count(store, "SELECT count(*) FROM checks WHERE outcome = 'changed'"),
        "one version per changed check"
    );
}

/// Where a kill landed, from the server's log and the store.
#[derive(Debug, PartialEq, Eq)]
enum Moment {
    Fetch,
    AfterFetch,
    AfterCommit,
}

#[test]
fn killed_check_leaves_a_consistent_store() {
    // A clean run gives the duration to spread kills over and the records to expect.
    let (clean, server) = checked_once();
    server.set(slow_page());
    let started = Instant::now();
    let output = run(clean.path(), &["check"]);
    let full_run = started.elapsed();
    assert!(output.status.success(), "{}", stderr(&output));
    let store = Store::open_in(clean.path()).expect("store");
    assert_consistent(&store);
    let expected_changes = count(
        &store,
        "SELECT count(*) FROM changes WHERE version_id = (SELECT max(id) FROM versions)",
    );
    assert!(expected_changes > 0);
    drop(store);

    let slice = full_run / ROUNDS;
    let mut moments = Vec::new();
    for round in 0..ROUNDS {
        let (dir, server) = checked_once();
        server.set(slow_page());
        let spawned = Instant::now();
        let mut child = clausewatch(dir.path()).arg("check").spawn().expect("check starts");
        // Spread within the slice by a fixed step so the run is reproducible.
        sleep(slice * round + slice * (round % 3) / 3);
        let killed_at = Instant::now();
        let _ = child.kill();
        let status = child.wait().expect("child ends");

        let store = Store::open_in(dir.path()).expect("store opens after a kill");
        assert_consistent(&store);
        let changed = count(&store, "SELECT count(*) FROM checks WHERE outcome = 'changed'");
        let fetched = server.served().iter().any(|served| {
            served.started >= spawned && served.finished.is_some_and(|end| end < killed_at)
        });
        let moment = match (changed, fetched) {
            (2, _) => Moment::AfterCommit,
            (_, true) => Moment::AfterFetch,
            _ => Moment::Fetch,
        };
        eprintln!("round {round}: {status} at {:?}, {moment:?}", killed_at - spawned);
        moments.push(moment);
        drop(store);

        server.set(Page::whole(snapshot(CHANGED)));
        let again = run(dir.path(), &["check"]);
        assert!(again.status.success(), "{}", stderr(&again));
        let once_more = run(dir.path(), &["check"]);
        assert!(once_more.status.success(), "{}", stderr(&once_more));
        assert_recorded_once(dir.path(), expected_changes, round);
    }

    assert!(moments.contains(&Moment::Fetch), "a kill lands while the page arrives");
    assert!(
        moments.contains(&Moment::AfterFetch),
        "a kill lands after the fetch, before the write"
    );
}

/// Asserts that the changed page is recorded as exactly one version with its change records.
fn assert_recorded_once(data_dir: &Path, expected_changes: i64, round: u32) {
    let store = Store::open_in(data_dir).expect("store");
    assert_consistent(&store);
    assert_eq!(count(&store, "SELECT count(*) FROM versions"), 2, "round {round}");
    assert_eq!(
        count(&store, "SELECT count(*) FROM checks WHERE outcome = 'changed'"),
        2,
        "round {round}"
    );
    let last: String = store
        .connection()
        .query_row("SELECT outcome FROM checks ORDER BY id DESC LIMIT 1", [], |row| row.get(0))
        .expect("a check");
    assert_eq!(last, "unchanged", "round {round}: the last check finds the text unchanged");
    let changes = count(
        &store,
        "SELECT count(*) FROM changes WHERE version_id = (SELECT max(id) FROM versions)",
    );
    assert_eq!(changes, expected_changes, "round {round}");
}
