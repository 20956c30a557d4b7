//! The Clausewatch store: one SQLite file holding platforms, documents, every version, the
//! clauses of each version, clause lineages and change records, with a full-text index over
//! clause text.
//!
//! Every write is one transaction, so a process killed at any moment leaves either the state
//! before the write or the state after it. Versions are source data and are never rewritten;
//! clauses, lineages and change records are derived by [`analysis`] and can be recomputed,
//! keeping lineage ids. Read queries live in [`queries`]; archive import in [`archive`].
//! Categories and severities are derived too ([`classify`]); review states, notes and
//! checklists are user data that re-analysis never touches, and every edit of them goes to the
//! hash-chained [`audit`] log.

pub mod active_rules;
pub mod analysis;
pub mod archive;
pub mod audit;
pub mod backup;
mod change_analysis;
pub mod checklists;
pub mod checkpoint;
pub mod checks;
pub mod classify;
pub mod compare;
pub mod desktop_queries;
pub mod error;
pub mod ingest;
pub mod model;
pub mod moved_reviews;
pub mod names;
pub mod notes;
pub mod overview;
pub mod prepared;
pub mod queries;
pub mod regulatory;
pub mod review;
mod revival;
mod schema;
pub mod settings;
pub mod sources;
pub mod time;
pub mod user_text;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::Connection;
use tracing::debug;

pub use clausewatch_analysis::SeverityLevel;
pub use error::{Result, StoreError};

/// File name of the database inside the data directory.
pub const DATABASE_FILE: &str = "clausewatch.sqlite3";

/// How long a write waits for another process holding the database before failing.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the store in `data_dir` and brings its schema up to date.
    pub fn open_in(data_dir: &Path) -> Result<Self> {
        std::fs::create_dir_all(data_dir).map_err(|error| {
            StoreError::InvalidInput(format!(
                "could not create the data directory {}: {error}; choose a writable folder \
                 with --data-dir or CLAUSEWATCH_DATA_DIR",
                data_dir.display()
            ))
        })?;
        Self::open(&data_dir.join(DATABASE_FILE))
    }

    /// Opens (creating if needed) the database file at `path` and migrates it.
    pub fn open(path: &Path) -> Result<Self> {
        let mut conn = Connection::open(path)?;
        // SQLite reads the file only at the first statement, so a damaged or foreign file fails
        // here, and the error names the file and the next step.
        let probe = conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
        if let Err(error) = probe {
            if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) {
                return Err(StoreError::InvalidInput(format!(
                    "{} is not a Clausewatch database, or it is damaged (SQLite: {error}); move \
                     it aside and restore a backup (`clausewatch restore FILE`, or Settings in \
                     the app), or choose another data directory",
                    path.display()
                )));
            }
            return Err(error.into());
        }
        let version: i64 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version > schema::LATEST_SCHEMA_VERSION {
            return Err(StoreError::InvalidInput(format!(
                "{} was written by a newer Clausewatch (schema version {version}; this release \
                 reads up to {}); update Clausewatch, or choose another data directory",
                path.display(),
                schema::LATEST_SCHEMA_VERSION
            )));
        }
        configure(&conn)?;
        if let Err(error) = schema::migrations().to_latest(&mut conn) {
            // Two processes opening a new store at once both see an empty schema; the one that
            // loses the race finds the schema current on a second look.
            debug!(%error, "migration failed; checking whether another process migrated");
            schema::migrations().to_latest(&mut conn)?;
        }
        debug!(path = %path.display(), "store opened");
        Ok(Self { conn, path: path.to_owned() })
    }

    /// Returns the path of the database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Returns the underlying connection, for queries of other crates that extend the schema.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Returns the result of SQLite's `PRAGMA integrity_check`: `"ok"` for a sound file.
    pub fn integrity_check(&self) -> Result<String> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |row| row.get(0))?)
    }
}

/// Prepared statements kept per connection. Recording a check and its version runs several dozen
/// distinct statements, so with rusqlite's default of 16 they evicted each other and SQLite
/// compiled them again for every version.
const STATEMENT_CACHE_CAPACITY: usize = 128;

/// Sets the per-connection options: write-ahead logging, enforced foreign keys, and a wait
/// instead of an error when another process holds the write lock.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE_CAPACITY);
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
    if !mode.eq_ignore_ascii_case("wal") {
        tracing::warn!(mode, "database is not in WAL mode");
    }
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;")?;
    Ok(())
}
