//! One background watcher per store: a lock file beside the database that the scheduler's
//! owner holds for as long as it runs.
//!
//! The desktop app and `clausewatch watch` run the same scheduler. Two of them on one store
//! would fetch every due source twice and could both notify the same change. So each takes an
//! exclusive lock on `<database file>.watch-lock` before it starts, and writes its process id
//! into the file so that the other can name it. The operating system releases the lock when
//! the process exits, even after a crash, so a stale file never blocks a later start.
//!
//! One-off checks (`clausewatch check`, "Check now") do not take the lock: they are asked for
//! by the user, and the store discards a check whose source changed while it ran.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use thiserror::Error;

/// Failure to take the watch lock.
#[derive(Debug, Error)]
pub enum WatchLockError {
    #[error(
        "another Clausewatch process{} is already watching the store {}; stop it first, or \
         use \"Check now\" or `clausewatch check` for a single pass",
        holder.map(|pid| format!(" (process id {pid})")).unwrap_or_default(),
        database.display()
    )]
    Held { database: PathBuf, holder: Option<u32> },

    #[error("could not use the lock file {}: {source}; check that its folder is writable", path.display())]
    Io { path: PathBuf, source: std::io::Error },
}

/// The held lock. Dropping it releases the lock.
#[derive(Debug)]
pub struct WatchLock {
    file: File,
    path: PathBuf,
}

impl WatchLock {
    /// Takes the watch lock of the store whose database file is `database`, or returns who
    /// holds it.
    pub fn acquire(database: &Path) -> Result<Self, WatchLockError> {
        let path = lock_path(database);
        let io = |source| WatchLockError::Io { path: path.clone(), source };

        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io)?;

        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(WatchLockError::Held {
                    database: database.to_owned(),
                    holder: read_pid(&mut file),
                });
            }
            Err(TryLockError::Error(source)) => return Err(io(source)),
        }

        file.set_len(0).map_err(io)?;
        file.seek(SeekFrom::Start(0)).map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        file.flush().map_err(io)?;
        tracing::debug!(path = %path.display(), "watch lock taken");
        Ok(Self { file, path })
    }

    /// Returns the path of the lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for WatchLock {
    fn drop(&mut self) {
        // Emptying the file first keeps a later reader from naming a process that has gone.
        let _ = self.file.set_len(0);
        let _ = self.file.unlock();
        tracing::debug!(path = %self.path.display(), "watch lock released");
    }
}

/// Returns the lock file of the database file `database`.
fn lock_path(database: &Path) -> PathBuf {
    let mut name = database.file_name().map(ToOwned::to_owned).unwrap_or_default();
    name.push(".watch-lock");
    database.with_file_name(name)
}

/// Returns the process id written in the lock file, if it holds one.
fn read_pid(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).ok()?;
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_lock_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("clausewatch.sqlite3");

        let first = WatchLock::acquire(&database).unwrap();
        let second = WatchLock::acquire(&database).unwrap_err();

        let WatchLockError::Held { holder, .. } = &second else {
            panic!("expected the lock to be held, got {second}");
        };
        assert_eq!(*holder, Some(std::process::id()));
        let message = second.to_string();
        assert!(message.contains(&format!("process id {}", std::process::id())), "{message}");
        assert!(message.contains(&database.display().to_string()), "{message}");
        assert_eq!(first.path(), dir.path().join("clausewatch.sqlite3.watch-lock"));
    }

    #[test]
    fn released_lock_can_be_taken_again() {
        let dir = tempfile::tempdir().unwrap();
        let database = dir.path().join("store.sqlite3");

        drop(WatchLock::acquire(&database).unwrap());
        let again = WatchLock::acquire(&database);

        assert!(again.is_ok(), "{again:?}");
    }

    #[test]
    fn stores_side_by_side_have_separate_locks() {
        let dir = tempfile::tempdir().unwrap();

        let _first = WatchLock::acquire(&dir.path().join("one.sqlite3")).unwrap();
        let second = WatchLock::acquire(&dir.path().join("two.sqlite3"));

        assert!(second.is_ok(), "{second:?}");
    }

    #[test]
    fn unwritable_folder_is_io_error_naming_the_file() {
        let database = Path::new("/proc/clausewatch-no-such-folder/store.sqlite3");

        let error = WatchLock::acquire(database).unwrap_err();

        assert!(matches!(error, WatchLockError::Io { .. }), "{error}");
        assert!(error.to_string().contains("store.sqlite3.watch-lock"), "{error}");
    }
}
