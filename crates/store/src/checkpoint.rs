//! Write-ahead-log checkpoints on a connection of their own, for writers that must not wait
//! for them.
//!
//! SQLite copies the log back into the database file when a commit leaves the log over 1,000
//! pages, inside that commit. With `synchronous = NORMAL` that copy is the only step that
//! syncs the file to disk, so a commit that triggers it can take tens of milliseconds while
//! the process's store lock is held. A check pass that records a version per source turns
//! this over every few commits. During such a burst the writer's automatic checkpoints are
//! off ([`Store::set_auto_checkpoint`]) and a [`Checkpointer`] copies the log from another
//! thread, which SQLite allows alongside a writer. Committed data is safe either way: the
//! checkpoint only moves it from the log into the main file.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use crate::{Result, Store};

/// SQLite's default log size, in pages, at which a commit checkpoints.
pub const DEFAULT_AUTO_CHECKPOINT_PAGES: u32 = 1000;

/// Maximum wait of a truncating checkpoint for the writer and for readers.
const TRUNCATE_WAIT: Duration = Duration::from_secs(1);

/// Maximum wait of a restarting checkpoint for the writer and for readers. New write
/// transactions wait while it has the log locked, so it gives up early and is tried again later.
const RESTART_WAIT: Duration = Duration::from_millis(100);

/// A second connection to a store's database that only runs checkpoints.
pub struct Checkpointer {
    conn: Connection,
}

/// The result of one checkpoint, in log pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckpointReport {
    /// Whether another connection kept the checkpoint from finishing.
    pub busy: bool,
    /// Pages in the log.
    pub log_pages: i64,
    /// Pages of the log copied into the database file, by this or an earlier checkpoint.
    pub checkpointed_pages: i64,
}

impl Checkpointer {
    /// Opens a checkpoint connection to the database at `path`, which must exist.
    pub fn open(path: &Path) -> Result<Self> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        // A passive checkpoint never waits; the timeout bounds a truncating one.
        conn.busy_timeout(TRUNCATE_WAIT)?;
        Ok(Self { conn })
    }

    /// Copies the committed log into the database file as far as readers allow, without
    /// waiting for the writer or for readers.
    pub fn checkpoint(&self) -> Result<CheckpointReport> {
        self.run("PASSIVE")
    }

    /// Copies the whole log into the database file and waits until no reader needs it, so that
    /// the next write transaction starts the log file over from its beginning. A passive
    /// checkpoint alone rarely gets there while another connection keeps committing, because
    /// each commit appends behind it, and the log file then grows by every page written.
    /// Waits up to [`RESTART_WAIT`] and reports `busy` when it could not finish.
    pub fn restart(&self) -> Result<CheckpointReport> {
        self.conn.busy_timeout(RESTART_WAIT)?;
        let report = self.run("RESTART");
        self.conn.busy_timeout(TRUNCATE_WAIT)?;
        report
    }

    /// Copies the whole log into the database file and truncates the log file to zero bytes,
    /// so that a burst of writes does not leave a large log behind. Waits up to a second for
    /// readers and for a writer, and reports `busy` when it could not finish.
    pub fn truncate(&self) -> Result<CheckpointReport> {
        self.run("TRUNCATE")
    }

    /// Runs a checkpoint in SQLite's `mode` and returns the row it reports.
    fn run(&self, mode: &str) -> Result<CheckpointReport> {
        let pragma = format!("PRAGMA wal_checkpoint({mode})");
        let (busy, log_pages, checkpointed_pages): (i64, i64, i64) =
            self.conn.query_row(&pragma, [], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(CheckpointReport { busy: busy != 0, log_pages, checkpointed_pages })
    }
}

impl Store {
    /// Opens a [`Checkpointer`] on this store's database.
    pub fn checkpointer(&self) -> Result<Checkpointer> {
        Checkpointer::open(&self.path)
    }

    /// Sets the log size in pages at which this connection's commits checkpoint; 0 turns
    /// automatic checkpoints off, and [`DEFAULT_AUTO_CHECKPOINT_PAGES`] restores SQLite's
    /// default.
    pub fn set_auto_checkpoint(&self, pages: u32) -> Result<()> {
        // The pragma returns the new value as a row.
        let _: i64 =
            self.conn
                .query_row(&format!("PRAGMA wal_autocheckpoint = {pages}"), [], |row| row.get(0))?;
        Ok(())
    }

    /// Returns the log size in pages at which this connection's commits checkpoint.
    pub fn auto_checkpoint(&self) -> Result<u32> {
        Ok(self.conn.query_row("PRAGMA wal_autocheckpoint", [], |row| row.get(0))?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Returns the size of the store's log file in bytes.
    fn log_bytes(store: &Store) -> u64 {
        let mut log = store.path().as_os_str().to_owned();
        log.push("-wal");
        std::fs::metadata(log).map_or(0, |metadata| metadata.len())
    }

    fn write_rows(store: &Store, keys: std::ops::Range<usize>) {
        let text = "x".repeat(4000);
        for index in keys {
            store
                .connection()
                .execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    rusqlite::params![format!("checkpoint test {index}"), text],
                )
                .expect("row is written");
        }
    }

    #[test]
    fn auto_checkpoint_setting_round_trips() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = Store::open_in(folder.path()).expect("store opens");
        assert_eq!(store.auto_checkpoint().expect("read"), DEFAULT_AUTO_CHECKPOINT_PAGES);

        store.set_auto_checkpoint(0).expect("set");
        assert_eq!(store.auto_checkpoint().expect("read"), 0);
    }

    #[test]
    fn checkpointer_copies_the_log() {
        let folder = tempfile::tempdir().expect("temporary folder");
        let store = Store::open_in(folder.path()).expect("store opens");
        store.set_auto_checkpoint(0).expect("set");
        let checkpointer = store.checkpointer().expect("checkpointer opens");
        write_rows(&store, 0..300);

        // With automatic checkpoints off, 300 rows of 4,000 bytes stay in the log.
        assert!(log_bytes(&store) > 300 * 4000, "log has {} bytes", log_bytes(&store));
        let report = checkpointer.checkpoint().expect("checkpoint runs");
        assert!(!report.busy);
        assert!(report.log_pages >= 300, "log pages {}", report.log_pages);
        assert_eq!(report.checkpointed_pages, report.log_pages);

        // The next write starts the log over, since all of it was copied.
        write_rows(&store, 300..301);
        let second = checkpointer.checkpoint().expect("checkpoint runs");
        assert!(second.log_pages < 10, "log pages after restart {}", second.log_pages);
        let value: String = store
            .connection()
            .query_row("SELECT value FROM meta WHERE key = 'checkpoint test 299'", [], |row| {
                row.get(0)
            })
            .expect("row is read");
        assert_eq!(value.len(), 4000);

        write_rows(&store, 301..600);
        let restarted = checkpointer.restart().expect("restarting checkpoint runs");
        assert!(!restarted.busy);
        assert!(restarted.log_pages >= 299, "log pages {}", restarted.log_pages);
        assert_eq!(restarted.checkpointed_pages, restarted.log_pages);
        write_rows(&store, 600..601);
        let after_restart = checkpointer.checkpoint().expect("checkpoint runs");
        assert!(
            after_restart.log_pages < 10,
            "log pages after restart {}",
            after_restart.log_pages
        );

        let truncated = checkpointer.truncate().expect("truncating checkpoint runs");
        assert!(!truncated.busy);
        assert_eq!(log_bytes(&store), 0);
    }
}
