//! Backup of the whole store to one file, and restore from such a file, with SQLite's online
//! backup API: the copy is consistent even while other connections read or write.

use std::path::Path;
use std::time::Duration;

use rusqlite::Connection;
use rusqlite::backup::Backup;
use tracing::info;

use crate::{Result, Store, StoreError};

/// Pages copied per step of the online backup; between steps other connections may write.
const PAGES_PER_STEP: std::ffi::c_int = 256;
const PAUSE_BETWEEN_STEPS: Duration = Duration::from_millis(5);

impl Store {
    /// Writes a consistent copy of the whole store to `target`, which must not exist yet.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if target.exists() {
            return Err(StoreError::InvalidInput(format!(
                "{} already exists; choose a new file name for the backup",
                target.display()
            )));
        }
        let mut destination = Connection::open(target)?;
        Backup::new(&self.conn, &mut destination)?.run_to_completion(
            PAGES_PER_STEP,
            PAUSE_BETWEEN_STEPS,
            None,
        )?;
        info!(target = %target.display(), "backup written");
        Ok(())
    }

    /// Replaces the whole store with the contents of a backup file, after checking that the
    /// file is a sound Clausewatch store. The schema is then brought up to date.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let backup =
            Connection::open_with_flags(source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
                .map_err(|error| {
                    StoreError::InvalidInput(format!(
                        "{} cannot be opened as a database ({error}); choose a backup written by \
                     Clausewatch",
                        source.display()
                    ))
                })?;
        let check: String = backup
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .unwrap_or_else(|error| error.to_string());
        let has_versions: bool = backup
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'versions'",
                [],
                |row| row.get::<_, i64>(0),
            )
            .map(|count| count == 1)
            .unwrap_or(false);
        if check != "ok" || !has_versions {
            return Err(StoreError::InvalidInput(format!(
                "{} is not a sound Clausewatch backup (integrity check: {check}); nothing was \
                 restored",
                source.display()
            )));
        }

        Backup::new(&backup, &mut self.conn)?.run_to_completion(
            PAGES_PER_STEP,
            PAUSE_BETWEEN_STEPS,
            None,
        )?;
        crate::schema::migrations().to_latest(&mut self.conn)?;
        info!(source = %source.display(), "store restored from backup");
        Ok(())
    }
}
