//! Memo preview and export on a real store holding the Netflix Terms of Service history,
//! with the PDF read back by qpdf and poppler-utils.

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use clausewatch_desktop::error::ErrorCode;
use clausewatch_desktop::memo::export::{export_memo, preview_memo};
use clausewatch_desktop::memo::request::{MemoOptions, MemoPaper};
use clausewatch_store::Store;
use tempfile::TempDir;

/// Returns a store in a temporary folder holding the 15 Netflix Terms of Service versions.
fn netflix_store() -> (TempDir, Store) {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../assets/archive/versions/Netflix/Terms of Service");
    let dir = tempfile::tempdir().expect("temporary folder");
    let mut store = Store::open_in(dir.path()).expect("store opens");
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap();
    store.import_archive(&folder, now).expect("Netflix Terms of Service imports");
    (dir, store)
}

/// Returns the options of the Netflix Terms of Service memo from 2024-01-01 to 2026-12-01.
fn netflix_options() -> MemoOptions {
    MemoOptions {
        platform: "Netflix".to_owned(),
        document: Some("Terms of Service".to_owned()),
        category: None,
        clause_id: None,
        since: Some("2024-01-01".to_owned()),
        until: Some("2026-12-01".to_owned()),
        to: "Legal team".to_owned(),
        from: "Compliance".to_owned(),
        privileged: true,
        paper: MemoPaper::Letter,
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 5, 9, 0, 0).unwrap()
}

/// Runs `program` with `args` and returns its standard output, failing on a non-zero exit.
fn run(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap_or_else(|error| {
        panic!("cannot run {program}: {error}; install qpdf and poppler-utils")
    });
    assert!(
        output.status.success(),
        "{program} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn preview_counts_netflix_sections() {
    let (_dir, store) = netflix_store();

    let preview = preview_memo(&store, &netflix_options(), now()).expect("preview builds");

    // The version in force on 2024-01-01 (2022-09-20) and the seven files recorded after it,
    // up to 2026-04-19.
    assert_eq!(preview.versions, 8);
    assert_eq!(preview.documents, vec!["Terms of Service"]);
    // The memo is dated the day it is written, not the last day it covers.
    assert_eq!(preview.date, "2027-01-05");
    // The machine-learning restriction added on 2025-04-17 is rated critical, the top level.
    assert_eq!(preview.highest_severity.as_deref(), Some("Critical"));
    assert!(preview.substantive_changes >= 1, "{preview:?}");
    let headings: Vec<&str> = preview.sections.iter().map(|s| s.heading.as_str()).collect();
    assert_eq!(headings, clausewatch_memo::HEADINGS.to_vec());
    let changes = &preview.sections[1].contents;
    // Item (viii) became (ix) on 2026-04-11 without a change of wording.
    assert!(changes[1].contains("renumbered"), "{changes:?}");
    let question = &preview.sections[0];
    assert_eq!(question.contents, vec!["Highest severity: Critical"]);
    assert_eq!(question.details.len(), 1, "the brief answer is folded");
    let appendix = &preview.sections[7].contents;
    assert_eq!(appendix[0], "8 archived versions with SHA-256 digests");
}

#[test]
fn export_writes_checked_pdf() {
    let (dir, store) = netflix_store();
    let path = dir.path().join("netflix-memo.pdf");

    let export = export_memo(&store, &netflix_options(), &path, now()).expect("memo exports");

    assert_eq!(PathBuf::from(&export.path), path);
    assert_eq!(export.bytes, std::fs::metadata(&path).unwrap().len());
    let path_text = path.to_str().unwrap();
    run("qpdf", &["--check", path_text]);
    let text = run("pdftotext", &["-layout", path_text, "-"]);
    assert!(text.contains("2. Changes"), "section heading in the PDF");
    assert!(text.contains("(ix)"), "renumbered clause marker in the PDF");
    assert!(text.contains("Privileged & Confidential"), "privilege marking in the PDF");
    // US Letter is 8.5 × 11 in, 612 × 792 points.
    let info = run("pdfinfo", &[path_text]);
    assert!(info.contains("612 x 792 pts"), "{info}");
}

#[test]
fn unknown_platform_writes_nothing() {
    let (dir, store) = netflix_store();
    let path = dir.path().join("memo.pdf");
    let mut options = netflix_options();
    options.platform = "Nowhere".to_owned();

    let error = export_memo(&store, &options, &path, now()).unwrap_err();

    assert_eq!(error.code, ErrorCode::NotFound);
    assert!(error.message.contains("Nowhere"), "{}", error.message);
    assert!(!path.exists());
}

#[test]
fn empty_range_keeps_existing_file() {
    let (dir, store) = netflix_store();
    let path = dir.path().join("memo.pdf");
    std::fs::write(&path, b"earlier memo").unwrap();
    let mut options = netflix_options();
    options.since = Some("2026-05-01".to_owned());
    options.until = Some("2026-04-01".to_owned());

    let error = export_memo(&store, &options, &path, now()).unwrap_err();

    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("2026-05-01"), "{}", error.message);
    assert_eq!(std::fs::read(&path).unwrap(), b"earlier memo");
}

#[test]
fn missing_folder_is_invalid_input() {
    let (dir, store) = netflix_store();
    let path = dir.path().join("no-such-folder/memo.pdf");

    let error = export_memo(&store, &netflix_options(), &path, now()).unwrap_err();

    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(error.message.contains("no-such-folder"), "{}", error.message);
    assert!(!path.exists());
}

#[test]
fn failed_write_leaves_no_temporary_file() {
    let (dir, store) = netflix_store();
    let folder = dir.path().join("exports");
    std::fs::create_dir(&folder).unwrap();
    // A folder where the file should go makes the final rename fail after the write.
    let path = folder.join("memo.pdf");
    std::fs::create_dir(&path).unwrap();

    let error = export_memo(&store, &netflix_options(), &path, now()).unwrap_err();

    assert_eq!(error.code, ErrorCode::InvalidInput);
    let names: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["memo.pdf"]);
    assert!(path.is_dir());
}
