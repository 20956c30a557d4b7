//! The whole-store subcommands through the real binary: `backup`, `restore` and `platform
//! rename` / `platform remove`.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{clausewatch, json, netflix_dir, run, stderr, stdout};

/// Returns the platform names and their version counts, as `platforms --json` lists them.
fn platforms(dir: &Path) -> Vec<(String, u64)> {
    let listed = json(dir, &["platforms"]);
    let listed = listed.as_array().expect("an array of platforms");
    listed
        .iter()
        .map(|platform| {
            let documents = platform["documents"].as_array().expect("documents");
            let versions = documents.iter().map(|d| d["versions"].as_u64().unwrap()).sum();
            (platform["name"].as_str().unwrap().to_owned(), versions)
        })
        .collect()
}

#[test]
fn platform_rename_and_remove() {
    let dir = netflix_dir();
    assert_eq!(platforms(dir.path()), vec![("Netflix".to_owned(), 29)]);

    let renamed = json(dir.path(), &["platform", "rename", "Netflix", "Netflix Inc"]);
    assert_eq!(renamed["to"], "Netflix Inc");
    assert_eq!(platforms(dir.path()), vec![("Netflix Inc".to_owned(), 29)]);

    let unconfirmed = run(dir.path(), &["platform", "remove", "Netflix Inc"]);
    assert!(!unconfirmed.status.success());
    assert!(stderr(&unconfirmed).contains("--yes"), "{}", stderr(&unconfirmed));
    assert_eq!(platforms(dir.path()).len(), 1, "nothing is removed without --yes");

    let unknown = run(dir.path(), &["platform", "remove", "Netflx", "--yes"]);
    assert!(!unknown.status.success());
    assert!(stderr(&unknown).contains("no platform is named \"Netflx\""), "{}", stderr(&unknown));

    let removed = json(dir.path(), &["platform", "remove", "Netflix Inc", "--yes"]);
    assert_eq!(removed["platforms"], 1);
    assert_eq!(removed["documents"], 2);
    assert_eq!(removed["versions"], 29);
    assert!(platforms(dir.path()).is_empty());

    let audit = stdout(&run(dir.path(), &["audit", "export"]));
    assert!(audit.contains(",platforms.rename,"), "{audit}");
    assert_eq!(audit.matches(",platforms.remove,").count(), 1, "an unknown name logs nothing");
}

#[test]
fn backup_then_restore_round_trip() {
    let dir = netflix_dir();
    let backup_dir = tempfile::tempdir().expect("folder");
    let backup = backup_dir.path().join("netflix.sqlite3");
    let backup_arg = backup.to_str().expect("UTF-8 path");

    let written = json(dir.path(), &["backup", backup_arg]);
    assert_eq!(written["backup"], backup_arg);
    let again = run(dir.path(), &["backup", backup_arg]);
    assert!(!again.status.success());
    assert!(stderr(&again).contains("already exists"), "{}", stderr(&again));

    json(dir.path(), &["platform", "remove", "Netflix", "--yes"]);
    assert!(platforms(dir.path()).is_empty());
    let restored = json(dir.path(), &["restore", backup_arg]);

    assert_eq!(platforms(dir.path()), vec![("Netflix".to_owned(), 29)]);
    let safety_copy = restored["safety_copy"].as_str().expect("the safety copy's path");
    let safety_copy = Path::new(safety_copy);
    assert_eq!(safety_copy.parent(), Some(dir.path()));
    assert!(safety_copy.is_file(), "{}", safety_copy.display());
    let audit = stdout(&run(dir.path(), &["audit", "export"]));
    assert!(audit.contains(",backup.restore,"), "{audit}");
    assert!(run(dir.path(), &["audit", "verify"]).status.success());
}

#[test]
fn restore_logs_full_paths() {
    let dir = netflix_dir();
    let backup_dir = tempfile::tempdir().expect("folder");
    let backup = backup_dir.path().join("netflix.sqlite3");
    json(dir.path(), &["backup", backup.to_str().expect("UTF-8 path")]);

    let restored = clausewatch(dir.path())
        .current_dir(backup_dir.path())
        .args(["restore", "netflix.sqlite3"])
        .output()
        .expect("clausewatch starts");

    assert!(restored.status.success(), "{}", stderr(&restored));
    let entries = json(dir.path(), &["audit", "export"]);
    let last = entries.as_array().and_then(|entries| entries.last()).expect("an entry");
    assert_eq!(last["action"], "backup.restore");
    let details: serde_json::Value =
        serde_json::from_str(last["details"].as_str().expect("details")).expect("JSON details");
    assert_eq!(details["source"], backup.to_str().expect("UTF-8 path"));
}

#[test]
fn restore_refused_while_watch_runs() {
    let dir = netflix_dir();
    let backup_dir = tempfile::tempdir().expect("folder");
    let backup = backup_dir.path().join("netflix.sqlite3");
    let backup_arg = backup.to_str().expect("UTF-8 path");
    json(dir.path(), &["backup", backup_arg]);
    json(dir.path(), &["platform", "rename", "Netflix", "Netflix Inc"]);
    let mut watch = clausewatch(dir.path())
        .args(["watch", "--no-notify"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("watch starts");
    let lock_file = dir.path().join("clausewatch.sqlite3.watch-lock");
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_to_string(&lock_file).unwrap_or_default().trim().is_empty() {
        assert!(Instant::now() < deadline, "watch did not take its lock");
        std::thread::sleep(Duration::from_millis(50));
    }

    let output = run(dir.path(), &["restore", backup_arg]);
    watch.kill().expect("watch stops");
    watch.wait().expect("watch ends");

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(&format!("process id {}", watch.id())), "{message}");
    assert!(message.contains("stop it"), "{message}");
    assert_eq!(platforms(dir.path()), vec![("Netflix Inc".to_owned(), 29)], "nothing restored");
    let safety_copies = std::fs::read_dir(dir.path())
        .expect("data folder lists")
        .filter(|entry| entry.as_ref().unwrap().file_name().to_string_lossy().contains("before"))
        .count();
    assert_eq!(safety_copies, 0, "no safety copy is written");
}

#[test]
fn tampered_backup_needs_explicit_acceptance() {
    let dir = netflix_dir();
    json(dir.path(), &["platform", "rename", "Netflix", "Netflix Inc"]);
    let backup_dir = tempfile::tempdir().expect("folder");
    let backup = backup_dir.path().join("edited.sqlite3");
    let backup_arg = backup.to_str().expect("UTF-8 path");
    json(dir.path(), &["backup", backup_arg]);
    let edited = rusqlite::Connection::open(&backup).expect("backup opens");
    edited.execute("UPDATE audit_log SET actor = 'someone else'", []).expect("edit");
    drop(edited);

    let rejected = run(dir.path(), &["restore", backup_arg]);
    let accepted = run(dir.path(), &["restore", backup_arg, "--accept-broken-audit-log"]);

    assert!(!rejected.status.success());
    assert!(stderr(&rejected).contains("--accept-broken-audit-log"), "{}", stderr(&rejected));
    assert!(accepted.status.success(), "{}", stderr(&accepted));
    let verify = run(dir.path(), &["audit", "verify"]);
    assert!(!verify.status.success(), "the restored log still shows the edit");
}

#[test]
fn missing_data_dir_is_not_created() {
    let parent = tempfile::tempdir().expect("folder");
    let mistyped = parent.path().join("clausewach");

    let output = run(&mistyped, &["platforms"]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains(&format!("{} does not exist", mistyped.display())), "{message}");
    assert!(message.contains("--data-dir"), "{message}");
    assert!(!mistyped.exists(), "a read command creates no folder");
    let shown = run(&mistyped, &["settings"]);
    assert!(!shown.status.success(), "settings without an option only reads");
    assert!(!mistyped.exists(), "showing the settings creates no folder");
}
