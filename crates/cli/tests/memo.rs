//! `clausewatch memo` as a user meets it: the PDF it writes and the errors it gives.

mod common;

use std::path::Path;

use common::{corpus_data_dir, run, stderr};

fn memo_args<'a>(out: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "memo",
        "Netflix",
        "--document",
        "Terms of Service",
        "--since",
        "2024-01-01",
        "--until",
        "2026-12-01",
        "--out",
        out,
    ];
    args.extend_from_slice(extra);
    args
}

fn files_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("folder lists")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn memo_writes_same_file_twice() {
    let folder = tempfile::tempdir().expect("folder");
    let first = folder.path().join("first.pdf");
    let second = folder.path().join("second.pdf");

    for path in [&first, &second] {
        let output = run(corpus_data_dir(), &memo_args(path.to_str().unwrap(), &["--privileged"]));
        assert!(output.status.success(), "memo failed: {}", stderr(&output));
    }

    let first = std::fs::read(&first).expect("first memo");
    let second = std::fs::read(&second).expect("second memo");
    assert!(first.starts_with(b"%PDF-"), "the file is a PDF");
    assert!(first == second, "the same command wrote different files");
}

#[test]
fn memo_letter_paper_sets_page_size() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("letter.pdf");

    let output = run(corpus_data_dir(), &memo_args(path.to_str().unwrap(), &["--paper", "letter"]));
    assert!(output.status.success(), "memo failed: {}", stderr(&output));

    let info = std::process::Command::new("pdfinfo").arg(&path).output().expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("612 x 792 pts (letter)"), "pdfinfo: {info}");
}

#[test]
fn memo_of_unknown_platform_fails_without_file() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("memo.pdf");
    let mut args = memo_args(path.to_str().unwrap(), &[]);
    args[1] = "Netflex";

    let output = run(corpus_data_dir(), &args);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("unknown platform \"Netflex\""), "stderr: {message}");
    assert!(message.contains("Netflix"), "the error lists the known platforms: {message}");
    assert!(files_in(folder.path()).is_empty(), "no file is written");
}

#[test]
fn memo_of_reversed_range_fails_without_file() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("memo.pdf");
    let mut args = memo_args(path.to_str().unwrap(), &[]);
    args[5] = "2026-12-02";

    let output = run(corpus_data_dir(), &args);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("the date range is empty"), "stderr: {message}");
    assert!(files_in(folder.path()).is_empty(), "no file is written");
}

#[test]
fn memo_to_missing_folder_fails_without_file() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("no-such-folder").join("memo.pdf");

    let output = run(corpus_data_dir(), &memo_args(path.to_str().unwrap(), &[]));

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("no-such-folder"), "the error names the path: {message}");
    assert!(files_in(folder.path()).is_empty(), "no file or temporary file is left");
}

#[test]
fn memo_rejects_invalid_date() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("memo.pdf");
    let mut args = memo_args(path.to_str().unwrap(), &[]);
    args[7] = "1 Dec 2026";

    let output = run(corpus_data_dir(), &args);

    assert!(!output.status.success());
    assert!(stderr(&output).contains("give it as YYYY-MM-DD"), "stderr: {}", stderr(&output));
    assert!(files_in(folder.path()).is_empty(), "no file is written");
}

#[test]
fn memo_to_non_pdf_name_keeps_the_file() {
    let folder = tempfile::tempdir().expect("folder");
    let page = folder.path().join("report.html");
    std::fs::write(&page, "<p>my report</p>").expect("file written");

    let output = run(corpus_data_dir(), &memo_args(page.to_str().unwrap(), &[]));

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("report.html"), "{message}");
    assert!(message.contains("ending in .pdf"), "{message}");
    assert_eq!(std::fs::read_to_string(&page).expect("file read"), "<p>my report</p>");
}

#[test]
fn memo_keeps_existing_file_without_force() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("sent.pdf");
    std::fs::write(&path, b"%PDF-1.7 memo sent to counsel").expect("file written");

    let output = run(corpus_data_dir(), &memo_args(path.to_str().unwrap(), &[]));

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("sent.pdf"), "the error names the file: {message}");
    assert!(message.contains("--force"), "the error names the option: {message}");
    let contents = std::fs::read(&path).expect("file read");
    assert_eq!(contents, b"%PDF-1.7 memo sent to counsel");
    assert_eq!(files_in(folder.path()), ["sent.pdf"], "no other file is left");
}

#[test]
fn memo_names_bad_option_before_existing_file() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("sent.pdf");
    std::fs::write(&path, b"%PDF-1.7 memo sent to counsel").expect("file written");

    let args = memo_args(path.to_str().unwrap(), &["--category", "no-such-category"]);
    let output = run(corpus_data_dir(), &args);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("unknown category \"no-such-category\""), "{message}");
    assert!(!message.contains("--force"), "the file is not the problem yet: {message}");
    let contents = std::fs::read(&path).expect("file read");
    assert_eq!(contents, b"%PDF-1.7 memo sent to counsel");
}

#[test]
fn memo_force_replaces_existing_file() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("draft.pdf");
    std::fs::write(&path, b"old draft").expect("file written");

    let output = run(corpus_data_dir(), &memo_args(path.to_str().unwrap(), &["--force"]));

    assert!(output.status.success(), "memo failed: {}", stderr(&output));
    let written = std::fs::read(&path).expect("file read");
    assert!(written.starts_with(b"%PDF-"), "the file is replaced by a PDF");
    assert_eq!(files_in(folder.path()), ["draft.pdf"], "no other file is left");
}

#[test]
fn memo_of_empty_range_notes_it() {
    let folder = tempfile::tempdir().expect("folder");
    let path = folder.path().join("quiet.pdf");
    let args = [
        "memo",
        "Netflix",
        "--document",
        "Terms of Service",
        "--since",
        "2026-05-01",
        "--until",
        "2026-11-30",
        "--out",
        path.to_str().unwrap(),
    ];

    let output = run(corpus_data_dir(), &args);

    assert!(output.status.success(), "memo failed: {}", stderr(&output));
    let note = stderr(&output);
    assert!(note.contains("no change was recorded in the memo's range"), "{note}");
    assert!(note.contains("check --since, --until, --document."), "the options given: {note}");
    assert!(path.exists());
}

#[test]
fn memo_before_first_check_says_so() {
    let data = tempfile::tempdir().expect("folder");
    let added = run(data.path(), &["source", "add", "Acme", "Terms", "http://127.0.0.1:9/terms"]);
    assert!(added.status.success(), "{}", stderr(&added));
    let path = data.path().join("memo.pdf");

    let output = run(data.path(), &["memo", "Acme", "--out", path.to_str().unwrap()]);

    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("Acme has no version yet"), "stderr: {message}");
    assert!(message.contains("clausewatch check"), "stderr: {message}");
    assert!(!message.contains("never"), "stderr: {message}");
    assert!(!path.exists(), "no file is written");
}
