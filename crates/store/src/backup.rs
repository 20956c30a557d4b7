//! Backup of the whole store to one file, and restore from such a file, with SQLite's online
//! backup API: the copy is consistent even while other connections read or write.
//!
//! A restore from the app first writes a safety copy of the data it replaces, and logs the
//! restore in the audit log of the restored store. A backup whose audit log fails its hash
//! chain is refused unless the caller accepts it with [`BrokenAuditLog::Accept`].
//! [`inspect_backup`] runs the same checks without restoring, so a user sees what a file
//! contains before confirming that it replaces every current record.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use serde::Serialize;
use serde_json::json;
use tracing::info;

use crate::audit::{append, check_actor, verify_chain};
use crate::schema::LATEST_SCHEMA_VERSION;
use crate::time::format_time;
use crate::{Result, Store, StoreError};

/// Pages copied per step of the online backup; between steps other connections may write.
const PAGES_PER_STEP: std::ffi::c_int = 256;
const PAUSE_BETWEEN_STEPS: Duration = Duration::from_millis(5);

/// Returns the path of the safety copy that a restore at `now` writes into `folder`, such as
/// `before-restore-2026-05-27T18-11-07Z.sqlite3`. The name contains no colon, so it is a
/// valid file name on every system. When a restore in the same second already wrote that
/// file, the name gains a number (`…Z-2.sqlite3`), so the second restore is not refused.
pub fn safety_copy_path(folder: &Path, now: DateTime<Utc>) -> PathBuf {
    let stem = format!("before-restore-{}", now.format("%Y-%m-%dT%H-%M-%SZ"));
    let mut path = folder.join(format!("{stem}.sqlite3"));
    let mut number = 2;
    while path.exists() {
        path = folder.join(format!("{stem}-{number}.sqlite3"));
        number += 1;
    }
    path
}

/// The handling of a backup whose audit log fails its hash chain, a sign that the file was
/// edited after it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrokenAuditLog {
    /// Refuse the backup and leave the store as it was.
    Refuse,
    /// Restore it anyway and record the broken entry in the restore's own audit entry.
    Accept,
}

/// Contents of a sound backup file, read before a restore replaces the store with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct BackupSummary {
    pub platforms: usize,
    pub documents: usize,
    pub versions: usize,
    /// Recording time of the newest version, RFC 3339 in UTC; none in a backup without
    /// versions.
    pub newest_version_at: Option<String>,
    /// Entries of the backup's audit log, whose hash chain was checked.
    pub audit_entries: usize,
}

/// Checks `source` as a restore does (a sound Clausewatch store whose audit log passes its hash
/// chain, and whose schema this release can migrate and finds complete) and returns what it contains. The file is
/// opened read-only. A backup of an older schema is migrated on a copy in the system's
/// temporary folder, which is removed before this returns.
pub fn inspect_backup(source: &Path) -> Result<BackupSummary> {
    let backup = open_sound_backup(source)?;
    check_audit_log(&backup, source, BrokenAuditLog::Refuse)?;
    let staged = Staged::migrate_if_older(&backup, source, &std::env::temp_dir())?;
    check_schema_complete(staged.as_ref().map_or(&backup, Staged::connection), source)?;

    let count = |sql: &str| -> Result<usize> {
        let count: i64 = backup.query_row(sql, [], |row| row.get(0))?;
        Ok(usize::try_from(count).unwrap_or(0))
    };
    let has_log =
        count("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'")?
            == 1;
    let newest_version_at: Option<String> =
        backup.query_row("SELECT max(recorded_at) FROM versions", [], |row| row.get(0))?;
    Ok(BackupSummary {
        platforms: count("SELECT count(*) FROM platforms")?,
        documents: count("SELECT count(*) FROM documents")?,
        versions: count("SELECT count(*) FROM versions")?,
        newest_version_at,
        audit_entries: if has_log { count("SELECT count(*) FROM audit_log")? } else { 0 },
    })
}

impl Store {
    /// Writes a consistent copy of the whole store to `target`, which must not exist yet.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        check_new_file(target)?;
        copy_database(&self.conn, target)?;
        info!(target = %target.display(), "backup written");
        Ok(())
    }

    /// Replaces the whole store with the contents of a backup file, after checking that the
    /// file is a sound Clausewatch store. The schema is then brought up to date.
    pub fn restore_from(&mut self, source: &Path) -> Result<()> {
        let backup = open_sound_backup(source)?;
        check_audit_log(&backup, source, BrokenAuditLog::Refuse)?;
        let staged = Staged::migrate_if_older(&backup, source, &self.folder())?;
        let restored = staged.as_ref().map_or(&backup, Staged::connection);
        check_schema_complete(restored, source)?;
        self.replace_with(restored, source)
    }

    /// Replaces the whole store with the contents of a backup file as [`Store::restore_from`]
    /// does, after writing a copy of the current data to `safety_copy`, which must not exist
    /// yet. The restored store's audit log then records the restore under `actor`, naming both
    /// files. A backup that is not sound leaves the store as it was and writes no copy.
    pub fn restore_with_safety_copy(
        &mut self,
        source: &Path,
        safety_copy: &Path,
        actor: &str,
        now: DateTime<Utc>,
        broken_audit_log: BrokenAuditLog,
    ) -> Result<()> {
        check_actor(actor)?;
        let backup = open_sound_backup(source)?;
        let broken = check_audit_log(&backup, source, broken_audit_log)?;
        let staged = Staged::migrate_if_older(&backup, source, &self.folder())?;
        let restored = staged.as_ref().map_or(&backup, Staged::connection);
        check_schema_complete(restored, source)?;
        check_new_file(safety_copy)?;
        self.replace_after_copy(restored, source, safety_copy)?;
        self.log_restore(source, safety_copy, broken, actor, now)
    }

    /// Returns the folder of the database file, where a restore stages an older backup.
    fn folder(&self) -> PathBuf {
        self.path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf)
    }

    /// Copies every page of `backup` over the store and migrates the schema to the latest,
    /// after writing the data it replaces to `safety_copy`.
    ///
    /// The store's write lock is taken first and held to the end, and the safety copy is read
    /// under it. So a version that another process (an import, a check) commits while the
    /// restore runs is either in the safety copy or written after the restore, never lost
    /// between the two.
    fn replace_after_copy(
        &mut self,
        backup: &Connection,
        source: &Path,
        safety_copy: &Path,
    ) -> Result<()> {
        let path = self.path.clone();
        let replace = Backup::new(backup, &mut self.conn)?;
        lock_destination(&replace)?;

        // In write-ahead-log mode a reader sees every committed transaction while the lock is
        // held, and the restore's own pages stay invisible to it until the end.
        let current = Connection::open_with_flags(&path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        copy_database(&current, safety_copy)?;
        drop(current);
        info!(target = %safety_copy.display(), "safety copy written");

        replace.run_to_completion(PAGES_PER_STEP, PAUSE_BETWEEN_STEPS, None)?;
        drop(replace);
        crate::schema::migrations().to_latest(&mut self.conn)?;
        info!(source = %source.display(), "store restored from backup");
        Ok(())
    }

    /// Copies every page of `backup` over the store and migrates the schema to the latest.
    fn replace_with(&mut self, backup: &Connection, source: &Path) -> Result<()> {
        Backup::new(backup, &mut self.conn)?.run_to_completion(
            PAGES_PER_STEP,
            PAUSE_BETWEEN_STEPS,
            None,
        )?;
        crate::schema::migrations().to_latest(&mut self.conn)?;
        info!(source = %source.display(), "store restored from backup");
        Ok(())
    }

    /// Appends the `backup.restore` entry, naming the backup restored and the safety copy.
    fn log_restore(
        &mut self,
        source: &Path,
        safety_copy: &Path,
        broken: Option<String>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // The entry is evidence read later from anywhere, so it names the files by full path.
        let full = |path: &Path| std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let mut details = json!({
            "source": full(source).display().to_string(),
            "safety_copy": full(safety_copy).display().to_string(),
        });
        if let Some(broken) = broken {
            details["audit_log_broken"] = json!(broken);
        }
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        append(&tx, &format_time(now), actor, "backup.restore", "store", &details)?;
        tx.commit()?;
        Ok(())
    }
}

/// Returns an error unless `target` is a new file in an existing folder.
fn check_new_file(target: &Path) -> Result<()> {
    if target.exists() {
        return Err(StoreError::InvalidInput(format!(
            "{} already exists; choose a new file name for the backup",
            target.display()
        )));
    }
    if let Some(folder) = target.parent().filter(|folder| !folder.as_os_str().is_empty())
        && !folder.is_dir()
    {
        return Err(StoreError::InvalidInput(format!(
            "the folder {} does not exist; create it or choose another place for the backup",
            folder.display()
        )));
    }
    Ok(())
}

/// Copies the database of `source` into the new file `target`.
fn copy_database(source: &Connection, target: &Path) -> Result<()> {
    let mut destination = Connection::open(target)?;
    Backup::new(source, &mut destination)?.run_to_completion(
        PAGES_PER_STEP,
        PAUSE_BETWEEN_STEPS,
        None,
    )?;
    Ok(())
}

/// Maximum wait for another process's write (an import of a large document, say) to end
/// before a restore gives up.
const RESTORE_LOCK_WAIT: Duration = Duration::from_secs(60);

/// Takes the write lock of the backup's destination without copying a page. SQLite keeps it
/// until the backup is done or dropped.
fn lock_destination(backup: &Backup<'_, '_>) -> Result<()> {
    let started = std::time::Instant::now();
    loop {
        match backup.step(0)? {
            StepResult::More => return Ok(()),
            StepResult::Busy | StepResult::Locked if started.elapsed() < RESTORE_LOCK_WAIT => {
                std::thread::sleep(PAUSE_BETWEEN_STEPS * 10);
            }
            _ => {
                return Err(StoreError::InvalidInput(format!(
                    "another Clausewatch process kept writing to the store for {} s, so \
                     nothing was restored; wait for its import or check to end and restore \
                     again",
                    RESTORE_LOCK_WAIT.as_secs()
                )));
            }
        }
    }
}

/// A migrated copy of a backup written by an older release, in a temporary file that is
/// removed with it. A backup whose schema cannot be brought up to date (its version number was
/// edited, or it is damaged in a way the integrity check does not see) fails here, before the
/// store is touched.
struct Staged {
    /// The open copy; `None` only while the copy is being dropped.
    conn: Option<Connection>,
    file: tempfile::TempPath,
}

impl Staged {
    /// Copies `backup` into a temporary file in `folder` and migrates the copy when its schema
    /// is older than this release's. Returns `None` when the schema is current.
    fn migrate_if_older(backup: &Connection, source: &Path, folder: &Path) -> Result<Option<Self>> {
        let version: i64 = backup.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if version == LATEST_SCHEMA_VERSION {
            return Ok(None);
        }
        let file = tempfile::Builder::new()
            .prefix(".clausewatch-restore-")
            .suffix(".sqlite3")
            .tempfile_in(folder)
            .map_err(|error| StoreError::Io { path: folder.to_path_buf(), source: error })?
            .into_temp_path();
        let mut conn = Connection::open(&file)?;
        Backup::new(backup, &mut conn)?.run_to_completion(
            PAGES_PER_STEP,
            PAUSE_BETWEEN_STEPS,
            None,
        )?;
        if let Err(error) = crate::schema::migrations().to_latest(&mut conn) {
            tracing::warn!(source = %source.display(), version, %error, "backup does not migrate");
            return Err(StoreError::InvalidInput(format!(
                "{} has schema version {version}, and its tables do not match that version, so \
                 it cannot be brought up to this release's version {LATEST_SCHEMA_VERSION}; \
                 nothing was restored, so restore another backup",
                source.display()
            )));
        }
        Ok(Some(Self { conn: Some(conn), file }))
    }

    /// Returns the migrated copy to restore from.
    fn connection(&self) -> &Connection {
        self.conn.as_ref().expect("the connection is taken only on drop")
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take()
            && let Err((_, error)) = conn.close()
        {
            tracing::warn!(%error, "the staged copy of a backup did not close cleanly");
        }
        // The copy may have taken the backup's write-ahead-log mode; its side files go too.
        for suffix in ["-wal", "-shm"] {
            let mut side = self.file.as_os_str().to_owned();
            side.push(suffix);
            let _ = std::fs::remove_file(side);
        }
    }
}

/// Checks that `restored`, a backup at this release's schema version, has every table, index
/// and trigger of that schema. A file whose tables were dropped by hand passes SQLite's
/// integrity check, but a store restored from it fails at the first use of what is missing.
fn check_schema_complete(restored: &Connection, source: &Path) -> Result<()> {
    let mut expected = Connection::open_in_memory()?;
    crate::schema::migrations().to_latest(&mut expected)?;

    let present = schema_objects(restored)?;
    let missing: Vec<String> = schema_objects(&expected)?
        .into_iter()
        .filter(|object| !present.contains(object))
        .map(|(kind, name)| format!("{kind} {name}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    // The error names every missing object, so the log line does not repeat the list.
    let missing_count = missing.len();
    tracing::debug!(source = %source.display(), missing_count, "backup schema incomplete");
    Err(StoreError::InvalidInput(format!(
        "invalid backup {}: it is missing part of the store's schema ({}), so it was changed \
         after Clausewatch wrote it; nothing was restored, so restore another backup",
        source.display(),
        missing.join(", ")
    )))
}

/// Returns the type and name of every table, index and trigger of a database, without
/// SQLite's internal ones.
fn schema_objects(conn: &Connection) -> Result<BTreeSet<(String, String)>> {
    let mut statement = conn.prepare(
        "SELECT type, name FROM sqlite_schema
         WHERE type IN ('table', 'index', 'trigger') AND name NOT LIKE 'sqlite_%'",
    )?;
    let rows = statement.query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Checks the hash chain of the backup's audit log. Returns where it breaks when `policy`
/// accepts that, and an error naming the broken entry when it does not. A backup written
/// before the audit log existed has no `audit_log` table and passes.
fn check_audit_log(
    backup: &Connection,
    source: &Path,
    policy: BrokenAuditLog,
) -> Result<Option<String>> {
    let has_log: bool = backup.query_row(
        "SELECT count(*) = 1 FROM sqlite_schema WHERE type = 'table' AND name = 'audit_log'",
        [],
        |row| row.get(0),
    )?;
    if !has_log {
        return Ok(None);
    }
    let report = verify_chain(backup)?;
    let Some(broken) = report.first_broken else {
        return Ok(None);
    };
    let found = format!("entry {} of its audit log: {}", broken.id, broken.reason);
    match policy {
        BrokenAuditLog::Accept => {
            tracing::warn!(source = %source.display(), found, "restoring a broken audit log");
            Ok(Some(found))
        }
        BrokenAuditLog::Refuse => Err(StoreError::InvalidInput(format!(
            "{} fails its audit check at {found}; the file was changed after Clausewatch wrote \
             it, so nothing was restored. Restore another backup, or accept the broken log \
             explicitly (`clausewatch restore --accept-broken-audit-log`)",
            source.display()
        ))),
    }
}

/// Opens `source` read-only and checks that it is a sound Clausewatch store: a file (not a
/// folder, not empty) that SQLite opens, passes SQLite's integrity check, has the `versions`
/// table and a schema no newer than this release's. Each refusal names the file and the fault.
fn open_sound_backup(source: &Path) -> Result<Connection> {
    let source_name = source.display();
    let metadata = std::fs::metadata(source).map_err(|error| {
        let fault = if error.kind() == std::io::ErrorKind::NotFound {
            "was not found".to_owned()
        } else {
            format!("cannot be read ({error})")
        };
        StoreError::InvalidInput(format!(
            "{source_name} {fault}; nothing was restored, so give the path of a backup file \
             written by Clausewatch"
        ))
    })?;
    if metadata.is_dir() {
        return Err(StoreError::InvalidInput(format!(
            "{source_name} is a folder; nothing was restored, so give the path of a backup file \
             written by Clausewatch"
        )));
    }
    if metadata.len() == 0 {
        return Err(StoreError::InvalidInput(format!(
            "{source_name} is empty; nothing was restored, so choose a backup written by Clausewatch"
        )));
    }

    let backup = open_read_only(source)?;
    let check: String = match backup.query_row("PRAGMA integrity_check", [], |row| row.get(0)) {
        Ok(check) => check,
        Err(error) if error.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(StoreError::InvalidInput(format!(
                "{source_name} is not a database; nothing was restored, so choose a backup written \
                 by Clausewatch"
            )));
        }
        Err(error) => error.to_string(),
    };
    if check != "ok" {
        return Err(StoreError::InvalidInput(format!(
            "{source_name} is damaged (SQLite's integrity check: {check}); nothing was restored, so \
             restore another backup"
        )));
    }

    let has_versions: bool = backup.query_row(
        "SELECT count(*) = 1 FROM sqlite_schema WHERE type = 'table' AND name = 'versions'",
        [],
        |row| row.get(0),
    )?;
    if !has_versions {
        return Err(StoreError::InvalidInput(format!(
            "{source_name} is a database, but not one written by Clausewatch (it has no versions \
             table); nothing was restored, so choose a backup written by Clausewatch"
        )));
    }
    let schema: i64 = backup.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if schema > LATEST_SCHEMA_VERSION {
        return Err(StoreError::InvalidInput(format!(
            "{source_name} was written by a newer Clausewatch (schema version {schema}; this release \
             reads up to {LATEST_SCHEMA_VERSION}); nothing was restored, so update Clausewatch \
             before restoring it"
        )));
    }
    Ok(backup)
}

/// Opens `source` read-only. A file with no write-ahead log beside it is opened as immutable,
/// so that reading it leaves no `-wal` or `-shm` file next to it. One with a log, such as the
/// database of a data folder in use, is opened normally so that the log's pages are read too.
fn open_read_only(source: &Path) -> Result<Connection> {
    let mut log = source.as_os_str().to_owned();
    log.push("-wal");
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI;
    let opened = match source.to_str() {
        Some(path) if !Path::new(&log).exists() => {
            Connection::open_with_flags(format!("file:{}?immutable=1", uri_path(path)), flags)
        }
        _ => Connection::open_with_flags(source, OpenFlags::SQLITE_OPEN_READ_ONLY),
    };
    opened.map_err(|error| {
        StoreError::InvalidInput(format!(
            "{} cannot be opened as a database ({error}); nothing was restored, so choose a \
             backup written by Clausewatch",
            source.display()
        ))
    })
}

/// Escapes the characters that end or change the path part of an SQLite URI filename.
fn uri_path(path: &str) -> String {
    let mut escaped = String::with_capacity(path.len());
    for character in path.chars() {
        match character {
            '%' => escaped.push_str("%25"),
            '?' => escaped.push_str("%3f"),
            '#' => escaped.push_str("%23"),
            other => escaped.push(other),
        }
    }
    escaped
}
