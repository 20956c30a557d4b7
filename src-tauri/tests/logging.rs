//! Checks that the log subscriber writes to a rolling file in the data folder.
//! It is its own test binary because it installs the process-wide subscriber.

use clausewatch_desktop::logging;

#[test]
fn init_writes_events_to_log_file() {
    let data_dir = tempfile::tempdir().expect("temporary data folder");
    let guard = logging::init(data_dir.path()).expect("logging starts in an empty folder");

    tracing::info!(document_id = 42, "imported a version");
    // Dropping the guard flushes the background writer.
    drop(guard);

    let log_dir = logging::log_dir(data_dir.path());
    let files: Vec<_> = std::fs::read_dir(&log_dir)
        .expect("log folder exists")
        .map(|entry| entry.expect("folder entry").path())
        .collect();
    assert_eq!(files.len(), 1, "one log file in {}: {files:?}", log_dir.display());

    let name = files[0].file_name().expect("file name").to_string_lossy().into_owned();
    assert!(name.starts_with("clausewatch."), "file name has the app's prefix: {name}");
    assert!(name.ends_with(".log"), "file name has the .log suffix: {name}");

    let text = std::fs::read_to_string(&files[0]).expect("log file is readable");
    assert!(text.contains("imported a version"), "message is logged: {text}");
    assert!(text.contains("document_id=42"), "field is logged: {text}");
    assert!(!text.contains('\u{1b}'), "file has no terminal colour codes: {text}");
}
