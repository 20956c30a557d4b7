//! A real import process killed with SIGKILL at varied moments leaves a consistent store,
//! and running the import again completes it.

mod common;

use std::thread::sleep;
use std::time::{Duration, Instant};

use clausewatch_store::Store;
use common::{clausewatch, corpus, run, stderr};

/// A small xorshift generator: varied but reproducible kill moments without a dependency.
struct Moments(u64);

impl Moments {
    fn next_below(&mut self, limit: Duration) -> Duration {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        let nanos = u64::try_from(limit.as_nanos()).unwrap_or(u64::MAX).max(1);
        Duration::from_nanos(self.0 % nanos)
    }
}

fn assert_consistent(store: &Store) {
    assert_eq!(store.integrity_check().expect("integrity check runs"), "ok");
    let conn = store.connection();
    let bare: i64 = conn
        .query_row(
            "SELECT count(*) FROM versions v
             WHERE NOT EXISTS (SELECT 1 FROM clauses c WHERE c.version_id = v.id)",
            [],
            |row| row.get(0),
        )
        .expect("query");
    assert_eq!(bare, 0, "every stored version has its clauses");
    let unlinked: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))
        .expect("query");
    assert_eq!(unlinked, 0, "no dangling references");
    let folders = std::fs::read_dir(corpus().join("Netflix")).expect("corpus").count();
    assert_eq!(folders, 2);
}

/// Rounds of kill-and-resume; each kills at a moment within its own slice of a full run.
const ROUNDS: u32 = 6;

#[test]
fn killed_import_leaves_a_consistent_store() {
    let corpus = corpus();
    let corpus = corpus.to_str().expect("UTF-8 path");

    let clean = tempfile::tempdir().expect("folder");
    let started = Instant::now();
    let output = run(clean.path(), &["import", corpus]);
    assert!(output.status.success(), "{}", stderr(&output));
    let full_run = started.elapsed();
    let expected = Store::open_in(clean.path()).expect("store").counts().expect("counts");

    let mut moments = Moments(0x9E37_79B9_7F4A_7C15);
    let slice = full_run / ROUNDS;
    let mut interrupted = 0;
    for round in 0..ROUNDS {
        let dir = tempfile::tempdir().expect("folder");
        let mut child = clausewatch(dir.path()).args(["import", corpus]).spawn().expect("starts");
        sleep(slice * round + moments.next_below(slice));
        let _ = child.kill();
        let status = child.wait().expect("child ends");
        if !status.success() {
            interrupted += 1;
        }

        let store = Store::open_in(dir.path()).expect("store opens after a kill");
        assert_consistent(&store);
        let partial = store.counts().expect("counts");
        eprintln!("round {round}: {status}, {partial:?}");
        drop(store);

        let output = run(dir.path(), &["import", corpus]);
        assert!(output.status.success(), "{}", stderr(&output));
        let store = Store::open_in(dir.path()).expect("store");
        assert_consistent(&store);
        assert_eq!(store.counts().expect("counts"), expected, "round {round}");
    }
    assert!(interrupted >= ROUNDS / 2, "most rounds must kill a running import");
}
