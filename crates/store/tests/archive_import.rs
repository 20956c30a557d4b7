//! Import of a versions folder that contains bad files next to good ones: every good file is
//! stored, and every file that failed or was skipped is reported with its reason.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use clausewatch_store::archive::ArchiveImport;
use common::{empty_store, import_time};

fn write(root: &Path, relative: &str, content: &[u8]) {
    let path = root.join(relative);
    fs::create_dir_all(path.parent().expect("a parent folder")).expect("folder");
    fs::write(path, content).expect("file");
}

/// Returns a temporary versions folder holding `files`, by path relative to it.
fn tree_of(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let tree = tempfile::tempdir().expect("folder");
    for (relative, content) in files {
        write(tree.path(), relative, content);
    }
    tree
}

/// Returns the reason of each listed file, by its path relative to `root`.
fn by_file(
    root: &Path,
    problems: &[clausewatch_store::archive::FileProblem],
) -> BTreeMap<String, String> {
    problems
        .iter()
        .map(|problem| {
            let path = Path::new(&problem.path);
            let relative = path.strip_prefix(root).unwrap_or(path);
            (relative.display().to_string(), problem.reason.clone())
        })
        .collect()
}

fn versions_of(import: &ArchiveImport, platform: &str, document: &str) -> Vec<String> {
    import
        .documents
        .iter()
        .find(|report| report.platform == platform && report.document == document)
        .map(|report| report.added.clone())
        .unwrap_or_default()
}

#[test]
fn bad_files_are_reported_and_the_rest_imported() {
    let (_dir, mut store) = empty_store();
    let tree = tempfile::tempdir().expect("folder");
    let root = tree.path();
    write(root, "Acme/Terms of Service/2025-01-01T00-00-00Z.md", b"1. Terms\n\n1.1. You may.\n");
    write(root, "Acme/Terms of Service/2025-02-01T00-00-00Z.MD", b"1. Terms\n\n1.1. You shall.\n");
    write(root, "Acme/Terms of Service/not-a-date.md", b"text");
    write(root, "Acme/Terms of Service/2025-03-01T00-00-00Z.md", &[0x66, 0x6f, 0xff, 0xfe]);
    write(root, "Acme/Terms of Service/notes.txt", b"to do");
    write(root, "Acme/Privacy Policy/2025-01-01T00-00-00Z.md", b"We keep your data.\n");
    write(root, "Acme/Privacy Policy/2099-01-01T00-00-00Z.md", b"We sell your data.\n");
    write(root, "Beta/Terms/2025-01-01T00-00-00Z.md", b"  \n");
    write(root, "Beta/Terms/0000-01-01T00-00-00Z.md", b"Year zero.\n");
    write(root, "Beta/Terms/2024-06-30T23-59-60Z.md", b"Leap second.\n");
    let outside = tempfile::tempdir().expect("folder");
    std::fs::write(outside.path().join("secret.txt"), "Not a version.\n").expect("file");
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        root.join("Beta/Terms/2025-02-01T00-00-00Z.md"),
    )
    .expect("link");
    write(root, "README.md", b"# Versions\n");

    let import = store.import_versions(root, import_time()).expect("the import runs");

    assert_eq!(
        versions_of(&import, "Acme", "Terms of Service"),
        ["2025-01-01T00:00:00Z", "2025-02-01T00:00:00Z"]
    );
    assert_eq!(versions_of(&import, "Acme", "Privacy Policy"), ["2025-01-01T00:00:00Z"]);
    assert_eq!(store.counts().expect("counts").versions, 3);

    let failed = by_file(root, &import.failed);
    let names: Vec<&str> = failed.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Acme/Privacy Policy/2099-01-01T00-00-00Z.md",
            "Acme/Terms of Service/2025-03-01T00-00-00Z.md",
            "Acme/Terms of Service/not-a-date.md",
            "Beta/Terms/0000-01-01T00-00-00Z.md",
            "Beta/Terms/2024-06-30T23-59-60Z.md",
            "Beta/Terms/2025-01-01T00-00-00Z.md",
            "Beta/Terms/2025-02-01T00-00-00Z.md",
        ]
    );
    assert!(
        failed["Acme/Privacy Policy/2099-01-01T00-00-00Z.md"]
            .contains("more than a day after the current time")
    );
    assert!(failed["Acme/Terms of Service/2025-03-01T00-00-00Z.md"].contains("UTF-8"));
    assert!(failed["Acme/Terms of Service/not-a-date.md"].contains("YYYY-MM-DDTHH-MM-SSZ.md"));
    assert!(failed["Beta/Terms/2025-01-01T00-00-00Z.md"].contains("empty"));
    assert!(failed["Beta/Terms/0000-01-01T00-00-00Z.md"].contains("before the web opened in 1991"));
    assert!(failed["Beta/Terms/2024-06-30T23-59-60Z.md"].contains("YYYY-MM-DDTHH-MM-SSZ.md"));
    assert!(failed["Beta/Terms/2025-02-01T00-00-00Z.md"].contains("a symbolic link"));

    let skipped = by_file(root, &import.skipped);
    let names: Vec<&str> = skipped.keys().map(String::as_str).collect();
    assert_eq!(names, ["Acme/Terms of Service/notes.txt", "README.md"]);
    assert!(skipped["README.md"].contains("not in a document folder"), "{skipped:?}");
    assert!(skipped["Acme/Terms of Service/notes.txt"].contains("not a version file"));
}

#[test]
fn upper_case_extension_is_a_version() {
    let (_dir, mut store) = empty_store();
    let tree = tree_of(&[("Acme/Terms/2025-01-01T00-00-00Z.MD", b"You may cancel.\n")]);

    let import = store.import_versions(tree.path(), import_time()).expect("the import runs");

    assert_eq!(versions_of(&import, "Acme", "Terms"), ["2025-01-01T00:00:00Z"]);
    assert!(import.failed.is_empty(), "{:?}", import.failed);
    assert!(import.skipped.is_empty(), "{:?}", import.skipped);
}

#[test]
fn two_files_of_one_time_are_reported() {
    let (_dir, mut store) = empty_store();
    let tree = tree_of(&[
        ("Acme/Terms/2025-01-01T00-00-00Z.MD", b"You may cancel.\n"),
        ("Acme/Terms/2025-01-01T00-00-00Z.md", b"You shall cancel.\n"),
    ]);

    let import = store.import_versions(tree.path(), import_time()).expect("the import runs");

    assert_eq!(versions_of(&import, "Acme", "Terms"), ["2025-01-01T00:00:00Z"]);
    let failed = by_file(tree.path(), &import.failed);
    let reason = &failed["Acme/Terms/2025-01-01T00-00-00Z.md"];
    assert!(reason.contains("2025-01-01T00-00-00Z.MD"), "{reason}");
}

#[test]
fn rewritten_version_is_reported_and_others_stored() {
    let (_dir, mut store) = empty_store();
    let tree = tree_of(&[("Acme/Terms/2025-01-01T00-00-00Z.md", b"You may cancel.\n")]);
    store.import_versions(tree.path(), import_time()).expect("first import");
    write(tree.path(), "Acme/Terms/2025-01-01T00-00-00Z.md", b"You shall cancel.\n");
    write(tree.path(), "Acme/Terms/2025-02-01T00-00-00Z.md", b"You must cancel.\n");

    let import = store.import_versions(tree.path(), import_time()).expect("second import");

    assert_eq!(versions_of(&import, "Acme", "Terms"), ["2025-02-01T00:00:00Z"]);
    let failed = by_file(tree.path(), &import.failed);
    assert!(failed["Acme/Terms/2025-01-01T00-00-00Z.md"].contains("never rewritten"), "{failed:?}");
    let document = store.resolve_document("Acme", "Terms").expect("document");
    let date = chrono::NaiveDate::from_ymd_opt(2025, 1, 2).expect("date");
    assert_eq!(store.as_of(&document, date).expect("as of").content, "You may cancel.\n");
}
