//! Restoring a backup with a safety copy: the copy keeps the data that was replaced, and the
//! restored store's audit log names the backup, the copy and the user.

mod common;

use std::fs;
use std::path::Path;

use clausewatch_store::Store;
use clausewatch_store::backup::{BrokenAuditLog, inspect_backup, safety_copy_path};
use clausewatch_store::time::format_time;
use common::{empty_store, import_time};

fn write_version(root: &Path, name: &str, content: &[u8]) {
    let folder = root.join("Acme/Terms of Service");
    fs::create_dir_all(&folder).expect("folder");
    fs::write(folder.join(name), content).expect("file");
}

/// A store with one imported version of one document.
fn one_version_store() -> (tempfile::TempDir, Store) {
    let (dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. You may cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("import");
    (dir, store)
}

#[test]
fn restore_writes_safety_copy_and_audit_entry() {
    let (dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. You may cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("import");
    let settings = store.watch_settings().expect("settings");
    store.set_watch_settings(&settings, false, "alice", import_time()).expect("settings saved");
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");

    write_version(archive.path(), "2025-02-01T00-00-00Z.md", b"1. You shall cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("second import");
    let replaced = store.counts().expect("counts");
    assert_eq!(replaced.versions, 2);

    let safety_copy = safety_copy_path(dir.path(), import_time());
    let policy = BrokenAuditLog::Refuse;
    store
        .restore_with_safety_copy(&backup, &safety_copy, "alice", import_time(), policy)
        .expect("restore");

    assert_eq!(store.counts().expect("counts").versions, 1, "the backup's data is restored");
    let copy = Store::open(&safety_copy).expect("safety copy opens");
    assert_eq!(copy.counts().expect("counts"), replaced, "the copy holds the replaced data");

    let entries = store.audit_entries().expect("audit entries");
    let last = entries.last().expect("an entry");
    assert_eq!(last.action, "backup.restore");
    assert_eq!(last.actor, "alice");
    assert_eq!(last.at, format_time(import_time()));
    let details: serde_json::Value = serde_json::from_str(&last.details).expect("JSON details");
    assert_eq!(details["source"], backup.display().to_string());
    assert_eq!(details["safety_copy"], safety_copy.display().to_string());

    let chain = store.verify_audit().expect("verify");
    assert!(chain.intact, "{chain:?}");
    assert_eq!(chain.entries, 2, "the settings entry kept in the backup, then the restore");
}

#[test]
fn write_during_restore_lands_in_safety_copy() {
    let (dir, mut store) = one_version_store();
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");

    // Another process is in the middle of a write when the restore starts, and commits it
    // while the restore waits for the store.
    let writer = rusqlite::Connection::open(store.path()).expect("second connection");
    writer
        .execute_batch(
            "BEGIN IMMEDIATE;
             INSERT INTO platforms (name, created_at) VALUES ('Late', '2025-03-01T00:00:00Z');",
        )
        .expect("write begun");
    let committer = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        writer.execute_batch("COMMIT").expect("write committed");
    });

    let safety_copy = safety_copy_path(dir.path(), import_time());
    let policy = BrokenAuditLog::Refuse;
    store
        .restore_with_safety_copy(&backup, &safety_copy, "alice", import_time(), policy)
        .expect("restore");
    committer.join().expect("committer ends");

    let count_late = |path: &Path| -> i64 {
        let conn = rusqlite::Connection::open(path).expect("opens");
        conn.query_row("SELECT count(*) FROM platforms WHERE name = 'Late'", [], |row| row.get(0))
            .expect("count")
    };
    assert_eq!(count_late(&safety_copy), 1, "the committed write is in the safety copy");
    assert_eq!(count_late(store.path()), 0, "the restored store is the backup");
}

#[test]
fn unsound_backup_writes_no_safety_copy() {
    let (dir, mut store) = one_version_store();
    let before = store.counts().expect("counts");

    let not_a_store = dir.path().join("notes.txt");
    fs::write(&not_a_store, "plain text").expect("file");
    let safety_copy = safety_copy_path(dir.path(), import_time());
    let error = store
        .restore_with_safety_copy(
            &not_a_store,
            &safety_copy,
            "alice",
            import_time(),
            BrokenAuditLog::Refuse,
        )
        .expect_err("not a backup");

    assert!(error.to_string().contains("nothing was restored"), "{error}");
    assert!(!safety_copy.exists(), "no copy is written for a restore that cannot happen");
    assert_eq!(store.counts().expect("counts"), before);
    assert!(store.audit_entries().expect("audit entries").is_empty());
}

#[test]
fn tampered_audit_log_rejected_unless_accepted() {
    let (dir, mut store) = empty_store();
    let settings = store.watch_settings().expect("settings");
    store.set_watch_settings(&settings, false, "alice", import_time()).expect("settings saved");
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");
    let edited = rusqlite::Connection::open(&backup).expect("backup opens");
    edited.execute("UPDATE audit_log SET actor = 'mallory' WHERE id = 1", []).expect("edit");
    drop(edited);
    let inspected = inspect_backup(&backup).expect_err("inspection runs the audit check");
    assert!(inspected.to_string().contains("fails its audit check at entry 1"), "{inspected}");

    let rejected_copy = dir.path().join("rejected.sqlite3");
    let rejected = store
        .restore_with_safety_copy(
            &backup,
            &rejected_copy,
            "bob",
            import_time(),
            BrokenAuditLog::Refuse,
        )
        .expect_err("a tampered log is rejected");
    let accepted_copy = dir.path().join("accepted.sqlite3");
    store
        .restore_with_safety_copy(
            &backup,
            &accepted_copy,
            "bob",
            import_time(),
            BrokenAuditLog::Accept,
        )
        .expect("an accepted broken log is restored");

    let message = rejected.to_string();
    assert!(message.contains("fails its audit check at entry 1"), "{message}");
    assert!(message.contains("nothing was restored"), "{message}");
    assert!(!rejected_copy.exists(), "a rejected restore writes no safety copy");
    let entries = store.audit_entries().expect("audit entries");
    assert_eq!(entries[0].actor, "mallory", "the accepted backup's rows are restored");
    let details: serde_json::Value =
        serde_json::from_str(&entries.last().expect("the restore entry").details).expect("JSON");
    let broken = details["audit_log_broken"].as_str().expect("the broken entry is recorded");
    assert!(broken.starts_with("entry 1 of its audit log"), "{broken}");
}

#[test]
fn same_second_restore_gets_numbered_copy() {
    let dir = tempfile::tempdir().expect("folder");
    let first = safety_copy_path(dir.path(), import_time());
    fs::write(&first, "a safety copy").expect("file");

    let second = safety_copy_path(dir.path(), import_time());

    let expected = first.to_string_lossy().replace(".sqlite3", "-2.sqlite3");
    assert_eq!(second.to_string_lossy(), expected);
}

#[test]
fn safety_copy_is_named_by_its_utc_time() {
    let path = safety_copy_path(Path::new("/data"), import_time());
    assert_eq!(path, Path::new("/data/before-restore-2026-12-01T12-00-00Z.sqlite3"));
}

#[test]
fn damaged_database_names_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("clausewatch.sqlite3");
    let noise: Vec<u8> = (0..8192u32).map(|index| (index * 7919 % 251) as u8).collect();
    fs::write(&path, &noise).unwrap();

    let error = Store::open(&path).err().expect("a file of noise is no database").to_string();

    assert!(
        error.contains(&format!("{} is not a Clausewatch database", path.display())),
        "{error}"
    );
    assert!(error.contains("restore a backup"), "{error}");
    assert_eq!(fs::read(&path).unwrap(), noise, "the file is left as it was");
}

#[test]
fn inspection_counts_backup_contents() {
    let (dir, mut store) = empty_store();
    let archive = tempfile::tempdir().expect("folder");
    write_version(archive.path(), "2025-01-01T00-00-00Z.md", b"1. You may cancel.\n");
    write_version(archive.path(), "2025-02-01T00-00-00Z.md", b"1. You shall cancel.\n");
    store.import_archive(archive.path(), import_time()).expect("import");
    let settings = store.watch_settings().expect("settings");
    store.set_watch_settings(&settings, false, "alice", import_time()).expect("settings saved");
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");

    let summary = inspect_backup(&backup).expect("a sound backup");
    assert_eq!(summary.platforms, 1);
    assert_eq!(summary.documents, 1);
    assert_eq!(summary.versions, 2);
    assert_eq!(summary.newest_version_at.as_deref(), Some("2025-02-01T00:00:00Z"));
    assert_eq!(summary.audit_entries, store.audit_entries().expect("entries").len());
    assert!(summary.audit_entries >= 1, "the settings change is logged");
}

#[test]
fn inspection_rejects_a_non_backup() {
    let dir = tempfile::tempdir().expect("folder");
    let not_a_store = dir.path().join("notes.txt");
    fs::write(&not_a_store, "plain text").expect("file");

    let error = inspect_backup(&not_a_store).expect_err("not a backup").to_string();
    assert!(error.contains("notes.txt"), "{error}");
    assert!(error.contains("is not a database; nothing was restored"), "{error}");
}

#[test]
fn inspection_names_each_fault() {
    let dir = tempfile::tempdir().expect("folder");
    let missing = dir.path().join("missing.sqlite3");
    let empty = dir.path().join("empty.sqlite3");
    fs::write(&empty, "").expect("file");
    let foreign = dir.path().join("foreign.sqlite3");
    let other = rusqlite::Connection::open(&foreign).expect("database");
    other.execute_batch("CREATE TABLE songs (title TEXT)").expect("table");
    drop(other);
    let (_store_dir, store) = empty_store();
    let newer = dir.path().join("newer.sqlite3");
    store.backup_to(&newer).expect("backup");
    let edited = rusqlite::Connection::open(&newer).expect("backup opens");
    edited.execute_batch("PRAGMA user_version = 99").expect("edit");
    drop(edited);

    let cases = [
        (missing.as_path(), "missing.sqlite3 was not found; nothing was restored"),
        (dir.path(), "is a folder; nothing was restored"),
        (empty.as_path(), "empty.sqlite3 is empty; nothing was restored"),
        (foreign.as_path(), "foreign.sqlite3 is a database, but not one written by Clausewatch"),
        (newer.as_path(), "newer.sqlite3 was written by a newer Clausewatch (schema version 99"),
    ];
    for (path, expected) in cases {
        let error = inspect_backup(path).expect_err("not restorable").to_string();
        assert!(error.contains(expected), "{}: {error}", path.display());
    }
}

#[test]
fn newer_backup_leaves_the_store_usable() {
    let (dir, mut store) = empty_store();
    let newer = dir.path().join("newer.sqlite3");
    store.backup_to(&newer).expect("backup");
    let edited = rusqlite::Connection::open(&newer).expect("backup opens");
    edited.execute_batch("PRAGMA user_version = 99").expect("edit");
    drop(edited);

    let safety_copy = safety_copy_path(dir.path(), import_time());
    let policy = BrokenAuditLog::Refuse;
    let error = store
        .restore_with_safety_copy(&newer, &safety_copy, "alice", import_time(), policy)
        .expect_err("a newer schema is rejected");

    assert!(error.to_string().contains("update Clausewatch"), "{error}");
    assert!(!safety_copy.exists());
    let path = store.path().to_owned();
    drop(store);
    Store::open(&path).expect("the store still opens");

    let rejection = Store::open(&newer).err().expect("a newer store is not opened").to_string();
    assert!(
        rejection.contains("was written by a newer Clausewatch (schema version 99"),
        "{rejection}"
    );
}

#[test]
fn inspection_leaves_no_files_beside_the_backup() {
    let (dir, store) = empty_store();
    let folder = dir.path().join("backups");
    fs::create_dir(&folder).expect("folder");
    let backup = folder.join("backup #1?.sqlite3");
    store.backup_to(&backup).expect("backup");

    inspect_backup(&backup).expect("a sound backup");

    let mut names: Vec<String> = fs::read_dir(&folder)
        .expect("listing")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["backup #1?.sqlite3"]);
}

#[test]
fn edited_older_version_is_refused_before_anything_changes() {
    let (dir, mut store) = one_version_store();
    let before = store.counts().expect("counts");

    for (name, version) in [("one.sqlite3", 1), ("negative.sqlite3", -1)] {
        let edited = dir.path().join(name);
        store.backup_to(&edited).expect("backup");
        let connection = rusqlite::Connection::open(&edited).expect("backup opens");
        connection.execute_batch(&format!("PRAGMA user_version = {version}")).expect("edit");
        drop(connection);

        let inspected = inspect_backup(&edited).expect_err("an edited version is rejected");
        assert!(inspected.to_string().contains("cannot be brought up"), "{inspected}");
        let safety_copy = dir.path().join(format!("before-{name}"));
        let policy = BrokenAuditLog::Refuse;
        let error = store
            .restore_with_safety_copy(&edited, &safety_copy, "alice", import_time(), policy)
            .expect_err("an edited version is rejected");
        let message = error.to_string();
        assert!(message.contains(&format!("has schema version {version}")), "{message}");
        assert!(message.contains("nothing was restored"), "{message}");
        assert!(!message.contains("CREATE TABLE"), "no SQL in the message: {message}");
        assert!(!safety_copy.exists(), "no safety copy for a rejected restore");
        assert_eq!(store.counts().expect("the store still reads"), before);
    }
    let path = store.path().to_owned();
    drop(store);
    Store::open(&path).expect("the store still opens");
    let leftovers: Vec<String> = fs::read_dir(dir.path())
        .expect("listing")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".clausewatch-restore-"))
        .collect();
    assert!(leftovers.is_empty(), "staged copies are removed: {leftovers:?}");
}

#[test]
fn older_schema_backup_is_migrated_on_restore() {
    let (dir, mut store) = one_version_store();
    let backup = dir.path().join("older.sqlite3");
    store.backup_to(&backup).expect("backup");
    // Undo the last two migrations, as a backup of the release before them would have it.
    let older = rusqlite::Connection::open(&backup).expect("backup opens");
    older.execute_batch("DROP TABLE version_analysis_times").expect("drop table");
    let indexes: Vec<String> = {
        let mut statement = older
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL
                 AND name IN ('lineages_by_document', 'lineage_links_by_target',
                              'changes_by_related_lineage', 'review_states_by_lineage')",
            )
            .expect("query");
        statement.query_map([], |row| row.get(0)).expect("rows").map(Result::unwrap).collect()
    };
    assert_eq!(indexes.len(), 4, "the fifth migration adds these indexes");
    for index in &indexes {
        older.execute_batch(&format!("DROP INDEX {index}")).expect("drop");
    }
    older.execute_batch("PRAGMA user_version = 4").expect("version");
    drop(older);

    let summary = inspect_backup(&backup).expect("an older backup is accepted");
    assert_eq!(summary.versions, 1);
    let safety_copy = safety_copy_path(dir.path(), import_time());
    store
        .restore_with_safety_copy(
            &backup,
            &safety_copy,
            "alice",
            import_time(),
            BrokenAuditLog::Refuse,
        )
        .expect("restore");
    let version: i64 =
        store.connection().query_row("PRAGMA user_version", [], |row| row.get(0)).expect("version");
    assert_eq!(version, 6, "the restored store is migrated");
    assert_eq!(store.counts().expect("counts").versions, 1);
    let analysed: i64 = store
        .connection()
        .query_row("SELECT count(*) FROM version_analysis_times", [], |row| row.get(0))
        .expect("the sixth migration adds the table");
    assert_eq!(analysed, 0, "a version analysed before the table has no time");
}

#[test]
fn backup_into_a_missing_folder_names_it() {
    let (dir, store) = empty_store();
    let target = dir.path().join("no-such-folder").join("backup.sqlite3");

    let error = store.backup_to(&target).expect_err("the folder is missing").to_string();

    let folder = dir.path().join("no-such-folder");
    assert_eq!(
        error,
        format!(
            "the folder {} does not exist; create it or choose another place for the backup",
            folder.display()
        )
    );
}

/// Drops `table` from a copy of a fresh backup and tries to restore it.
fn restore_without(table: &str) -> (String, usize, bool) {
    let (dir, mut store) = one_version_store();
    let backup = dir.path().join("backup.sqlite3");
    store.backup_to(&backup).expect("backup");
    let edited = rusqlite::Connection::open(&backup).expect("backup opens");
    edited.execute_batch(&format!("DROP TABLE {table}")).expect("table dropped");
    drop(edited);

    assert!(inspect_backup(&backup).is_err(), "inspection refuses a backup without {table}");
    let safety_copy = safety_copy_path(dir.path(), import_time());
    let policy = BrokenAuditLog::Refuse;
    let error = store
        .restore_with_safety_copy(&backup, &safety_copy, "alice", import_time(), policy)
        .expect_err("a backup without a table of the schema is rejected");
    let versions = store.counts().expect("counts").versions;
    (error.to_string(), versions, safety_copy.exists())
}

#[test]
fn backup_missing_audit_log_is_refused() {
    let (message, versions, copied) = restore_without("audit_log");

    assert!(message.contains("table audit_log"), "{message}");
    assert!(message.contains("nothing was restored"), "{message}");
    assert_eq!(versions, 1, "the store keeps its version");
    assert!(!copied, "no safety copy for a refused restore");
}

#[test]
fn backup_missing_notes_table_is_refused() {
    let (message, versions, copied) = restore_without("notes");

    assert!(message.contains("table notes"), "{message}");
    assert_eq!(versions, 1, "the store keeps its version");
    assert!(!copied, "no safety copy for a refused restore");
}
